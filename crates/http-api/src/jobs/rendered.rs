//! Serialised job-list pages, kept while the list cache keeps their page.
//!
//! The list cache (`tailor-cache`) hands one loaded page to every request for it until the
//! user's next write or the end of its TTL, and after either the page is loaded anew. So a
//! body is rendered once per loaded page and kept beside a weak reference to that page: an
//! entry answers only for the page it was made from, and goes once nothing holds the page.
//! A page that only its own request holds (not kept by the list cache) is rendered and not
//! kept. The gzip form is made the second time a page is asked for, so compressing costs
//! nothing on pages read once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use actix_http::encoding::Encoder;
use actix_web::body;
use actix_web::dev::ResponseHead;
use actix_web::http::StatusCode;
use actix_web::http::header::ContentEncoding;
use actix_web::web::Bytes;
use tailor_domain::job::JobPage;
use tokio::sync::OnceCell;

use super::dto::{JobListResponse, JobPagination, JobResponse};

/// A page's JSON body and, once made, its gzip form.
pub struct RenderedPage {
    pub json: Bytes,
    gzip: OnceCell<Option<Bytes>>,
}

impl RenderedPage {
    /// The body gzip-compressed by actix-web's encoder (the one its `Compress` middleware
    /// runs: on the blocking pool for all but the smallest bodies), made the first time it
    /// is asked for and kept; `None` when compressing failed. Concurrent first requests wait
    /// for one compression instead of each starting their own (each on a blocking thread).
    pub async fn gzip(&self) -> Option<Bytes> {
        self.gzip
            .get_or_init(|| async {
                let mut head = ResponseHead::new(StatusCode::OK);
                let encoder =
                    Encoder::response(ContentEncoding::Gzip, &mut head, self.json.clone());
                body::to_bytes(encoder).await.ok()
            })
            .await
            .clone()
    }
}

/// A kept body and the page it was made from.
struct Kept {
    page: Weak<JobPage>,
    body: Arc<RenderedPage>,
}

/// The bodies of the pages the list cache keeps, by page.
pub struct RenderedPages {
    capacity: usize,
    /// By the address of the page: while an entry holds its weak reference, no other page
    /// can be given that address, so a page found here is the page the body was made from.
    entries: Mutex<HashMap<usize, Kept>>,
}

impl Default for RenderedPages {
    fn default() -> Self {
        Self::new(256)
    }
}

impl RenderedPages {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The body of `page` shown with `limit` and `offset`, and whether it was kept from an
    /// earlier request for the same loaded page (the page is served again).
    ///
    /// # Errors
    /// Serialisation failures (none expected for these types).
    pub fn render(
        &self,
        page: &Arc<JobPage>,
        limit: u64,
        offset: u64,
    ) -> Result<(Arc<RenderedPage>, bool), serde_json::Error> {
        let key = Arc::as_ptr(page).addr();
        if let Ok(entries) = self.entries.lock()
            && let Some(kept) = entries.get(&key)
        {
            return Ok((Arc::clone(&kept.body), true));
        }
        let json = serde_json::to_vec(&JobListResponse {
            jobs: page.jobs.iter().map(JobResponse::from).collect(),
            total: page.total,
            pagination: JobPagination::new(limit, offset, page.jobs.len(), page.total),
        })?;
        let body = Arc::new(RenderedPage {
            json: Bytes::from(json),
            gzip: OnceCell::new(),
        });
        // Held by someone else than this request: the list cache keeps the page.
        if Arc::strong_count(page) > 1
            && let Ok(mut entries) = self.entries.lock()
        {
            entries.retain(|_, kept| kept.page.strong_count() > 0);
            if entries.len() >= self.capacity {
                entries.clear();
            }
            entries.insert(
                key,
                Kept {
                    page: Arc::downgrade(page),
                    body: Arc::clone(&body),
                },
            );
        }
        Ok((body, false))
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(total: u64) -> Arc<JobPage> {
        Arc::new(JobPage::new(Vec::new(), total))
    }

    fn total(body: &RenderedPage) -> u64 {
        let json: serde_json::Value = serde_json::from_slice(&body.json).unwrap();
        json["total"].as_u64().unwrap()
    }

    #[test]
    fn a_kept_page_is_rendered_once_and_a_page_loaded_again_anew() {
        let pages = RenderedPages::new(8);
        let loaded = page(1);
        let cache = Arc::clone(&loaded);
        let (first, again) = pages.render(&loaded, 20, 0).unwrap();
        assert!(!again);
        let (second, again) = pages.render(&cache, 20, 0).unwrap();
        assert!(again, "served again");
        assert!(Arc::ptr_eq(&first, &second), "not rendered again");
        drop((loaded, cache));
        // The next load of that page (after a write) is another page.
        let reloaded = page(2);
        let _cache = Arc::clone(&reloaded);
        let (body, again) = pages.render(&reloaded, 20, 0).unwrap();
        assert!(!again);
        assert_eq!(total(&body), 2);
        assert_eq!(pages.len(), 1, "the dropped page's body went");
    }

    #[test]
    fn a_page_the_list_cache_does_not_keep_is_not_kept_either() {
        let pages = RenderedPages::new(8);
        let lone = page(1);
        for _ in 0..2 {
            let (_, again) = pages.render(&lone, 20, 0).unwrap();
            assert!(!again);
        }
        assert_eq!(pages.len(), 0);
    }

    #[test]
    fn the_number_of_kept_bodies_is_bounded() {
        let pages = RenderedPages::new(2);
        let kept: Vec<_> = (0..5).map(page).collect();
        let _cache: Vec<_> = kept.iter().map(Arc::clone).collect();
        for p in &kept {
            pages.render(p, 20, 0).unwrap();
        }
        assert!(pages.len() <= 2);
    }

    #[actix_web::test]
    async fn the_gzip_form_is_made_once_and_decodes_to_the_json() {
        let pages = RenderedPages::new(8);
        let loaded = Arc::new(JobPage::new(Vec::new(), 3));
        let (body, _) = pages.render(&loaded, 20, 0).unwrap();
        let compressed = body.gzip().await.unwrap();
        assert!(
            body.gzip
                .get()
                .unwrap()
                .as_ref()
                .is_some_and(|kept| kept == &compressed)
        );
        let mut decoded = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(&compressed[..]),
            &mut decoded,
        )
        .unwrap();
        assert_eq!(decoded, body.json);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_first_requests_share_one_compression() {
        let body = Arc::new(RenderedPage {
            // Large enough for the encoder to work on the blocking pool, so the requests
            // overlap while it runs.
            json: Bytes::from(vec![b'x'; 64 * 1024]),
            gzip: OnceCell::new(),
        });
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let body = Arc::clone(&body);
                tokio::spawn(async move { body.gzip().await.unwrap() })
            })
            .collect();
        let mut made = Vec::new();
        for task in tasks {
            made.push(task.await.unwrap());
        }
        // One compression: every request got the same buffer.
        assert!(made.iter().all(|m| m.as_ptr() == made[0].as_ptr()));
    }
}
