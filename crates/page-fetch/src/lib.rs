//! Job posting import over HTTP: [`ReqwestJobPageFetcher`] implements the domain's
//! `JobPageFetcher` port. It fetches a posting's page with reqwest and returns the
//! schema.org `JobPosting` in the page's JSON-LD, or else the page's readable text.
//!
//! The address comes from a user, so the fetcher owns the guards against server-side
//! request forgery: only `http`/`https` without credentials, no IP literal or `localhost`
//! outside the public address space, a resolver that hands the connector only public
//! addresses (one lookup, so DNS rebinding cannot swap the address after the check), the
//! same checks on every redirect hop, no proxy, and caps on redirects, time and body size.
//! Pages are untrusted: parsing is linear in the input, bounded in its output, runs off the
//! async executor behind a concurrency limit, and never panics. This crate knows nothing of
//! jobs beyond the port's types, nor of storage or the HTTP API that calls it.
#![forbid(unsafe_code)]

mod address;
mod decode;
mod html;
mod json_ld;
mod page;
mod resolve;
mod text;

use std::error::Error as _;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use reqwest::redirect;
use tailor_domain::ports::{FetchError, FetchedPage, JobPageFetcher};
use tokio::sync::Semaphore;
use url::Url;

use crate::address::{Refusal, check_hop, parse_target};
use crate::decode::{DocumentKind, classify};
use crate::resolve::{LookupFailed, PublicAddressResolver};

/// How the fetcher talks to the web.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFetchSettings {
    /// The whole exchange: lookup, connection, redirects and body.
    pub timeout: Duration,
    /// The largest body read; a larger page is [`FetchError::TooLarge`].
    pub max_bytes: usize,
    /// Redirects followed before [`FetchError::TooManyRedirects`].
    pub max_redirects: usize,
    /// Turns off every address check. Only for tests that serve pages on loopback.
    pub allow_private_addresses: bool,
    pub user_agent: String,
    /// Pages downloaded at once; further imports wait their turn. Each download may hold up
    /// to `max_bytes` in memory.
    pub max_concurrent_downloads: usize,
}

impl Default for PageFetchSettings {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            max_bytes: 2 * 1024 * 1024,
            max_redirects: 5,
            allow_private_addresses: false,
            user_agent: concat!(
                "Mozilla/5.0 (compatible; Tailor/",
                env!("CARGO_PKG_VERSION"),
                "; job posting import)"
            )
            .to_owned(),
            max_concurrent_downloads: 4,
        }
    }
}

/// Fetches job posting pages with one shared reqwest client.
///
/// At most `max_concurrent_downloads` pages are downloaded and one page per CPU core is
/// parsed at a time; further pages wait their turn, so a burst of imports can neither take
/// every core nor hold many pages in memory.
#[derive(Debug, Clone)]
pub struct ReqwestJobPageFetcher {
    client: reqwest::Client,
    settings: Arc<PageFetchSettings>,
    download_permits: Arc<Semaphore>,
    parse_permits: Arc<Semaphore>,
}

impl ReqwestJobPageFetcher {
    /// Builds the HTTP client.
    ///
    /// # Errors
    /// When the client cannot be built (for example, no TLS backend could be set up).
    pub fn new(settings: PageFetchSettings) -> anyhow::Result<Self> {
        Self::build(settings, |builder| builder)
    }

    fn build(
        settings: PageFetchSettings,
        customize: impl FnOnce(reqwest::ClientBuilder) -> reqwest::ClientBuilder,
    ) -> anyhow::Result<Self> {
        use anyhow::Context as _;

        let allow_private = settings.allow_private_addresses;
        let max_redirects = settings.max_redirects;
        let policy = redirect::Policy::custom(move |attempt| {
            // `previous` starts with the original address, which is no redirect.
            if attempt.previous().len() > max_redirects {
                return attempt.error(Refusal::TooManyRedirects);
            }
            match check_hop(attempt.url(), allow_private) {
                Ok(()) => attempt.follow(),
                Err(refusal) => attempt.error(refusal),
            }
        });
        let builder = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout)
            .redirect(policy)
            .dns_resolver(PublicAddressResolver { allow_private })
            // A proxy would resolve the name itself, out of the resolver's reach.
            .no_proxy()
            .referer(false)
            .http1_only()
            .user_agent(settings.user_agent.clone());
        let client = customize(builder)
            .build()
            .context("build the job page HTTP client")?;
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Ok(Self {
            client,
            download_permits: Arc::new(Semaphore::new(settings.max_concurrent_downloads.max(1))),
            settings: Arc::new(settings),
            parse_permits: Arc::new(Semaphore::new(cores)),
        })
    }

    /// Like [`Self::new`], with fixed addresses for some names that skip the resolver and
    /// its checks: tests use it to serve a "public" host from loopback.
    #[cfg(test)]
    fn with_fixed_addresses(
        settings: PageFetchSettings,
        fixed: &[(&str, std::net::SocketAddr)],
    ) -> anyhow::Result<Self> {
        Self::build(settings, |builder| {
            fixed.iter().fold(builder, |builder, (name, addr)| {
                builder.resolve(name, *addr)
            })
        })
    }

    /// Downloads the body, checking status, type and size on the way.
    async fn download(
        &self,
        url: Url,
    ) -> Result<(Vec<u8>, DocumentKind, Option<String>), FetchError> {
        let max_bytes = self.settings.max_bytes;
        let mut response = self
            .client
            .get(url)
            .header(
                ACCEPT,
                HeaderValue::from_static(
                    "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1",
                ),
            )
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        if !status.is_success() {
            return Err(FetchError::Status(status.as_u16()));
        }
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
        let (kind, charset) = classify(content_type.as_deref()).ok_or(FetchError::NotHtml)?;
        if let Some(length) = response.content_length()
            && length > max_bytes as u64
        {
            return Err(FetchError::TooLarge);
        }
        let expected = response.content_length().unwrap_or(0) as usize;
        let mut body = Vec::with_capacity(expected.min(max_bytes));
        while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
            if body.len() + chunk.len() > max_bytes {
                return Err(FetchError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok((body, kind, charset))
    }
}

#[async_trait]
impl JobPageFetcher for ReqwestJobPageFetcher {
    #[tracing::instrument(name = "fetch_job_page", skip_all, fields(host = tracing::field::Empty))]
    async fn fetch(&self, url: &str) -> Result<FetchedPage, FetchError> {
        let url = parse_target(url)?;
        tracing::Span::current().record("host", url.host_str().unwrap_or_default());
        check_hop(&url, self.settings.allow_private_addresses)?;

        // reqwest's own timeout covers the exchange; this one also bounds anything it
        // might not, such as a resolver that never answers.
        let deadline = self.settings.timeout + Duration::from_millis(250);
        let (body, kind, charset) = {
            let _permit = self
                .download_permits
                .acquire()
                .await
                .map_err(|e| anyhow::Error::new(e).context("page download limiter closed"))?;
            tokio::time::timeout(deadline, self.download(url))
                .await
                .map_err(|_| FetchError::Unreachable("timed out".to_owned()))??
        };

        let _permit = self
            .parse_permits
            .acquire()
            .await
            .map_err(|e| anyhow::Error::new(e).context("page parsing limiter closed"))?;
        let span = tracing::Span::current();
        let size_bytes = body.len();
        let page = tokio::task::spawn_blocking(move || {
            span.in_scope(|| page::read_document(&body, kind, charset.as_deref()))
        })
        .await
        .map_err(|e| anyhow::Error::new(e).context("job page parsing task failed"))??;
        tracing::debug!(
            size_bytes,
            structured = matches!(page, FetchedPage::Structured(_)),
            "job page read"
        );
        Ok(page)
    }
}

/// Turns a reqwest failure into the port's error, with a short reason and no internals.
fn transport_error(error: reqwest::Error) -> FetchError {
    // The address may carry a query worth keeping out of logs.
    let error = error.without_url();
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(refusal) = cause.downcast_ref::<Refusal>() {
            return (*refusal).into();
        }
        source = cause.source();
    }
    if error.is_timeout() {
        return FetchError::Unreachable("timed out".to_owned());
    }
    if has_cause::<LookupFailed>(&error) || error.is_dns() {
        return FetchError::Unreachable("DNS lookup failed".to_owned());
    }
    if error.is_connect() {
        return FetchError::Unreachable(connect_reason(&error).to_owned());
    }
    if error.is_body() || error.is_request() || error.is_decode() {
        tracing::info!(error = %error, "the page's server broke off the exchange");
        return FetchError::Unreachable("the connection was interrupted".to_owned());
    }
    FetchError::Unexpected(anyhow::Error::new(error).context("fetch the job page"))
}

fn has_cause<E: std::error::Error + 'static>(error: &reqwest::Error) -> bool {
    let mut source = error.source();
    while let Some(cause) = source {
        if cause.is::<E>() {
            return true;
        }
        source = cause.source();
    }
    false
}

fn connect_reason(error: &reqwest::Error) -> &'static str {
    use std::io::ErrorKind;

    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return match io.kind() {
                ErrorKind::ConnectionRefused => "connection refused",
                ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => "connection reset",
                ErrorKind::TimedOut => "timed out",
                ErrorKind::NetworkUnreachable | ErrorKind::HostUnreachable => "network unreachable",
                // tokio-rustls reports handshake and certificate failures this way.
                ErrorKind::InvalidData => "TLS handshake failed",
                _ => "connection failed",
            };
        }
        source = cause.source();
    }
    "connection failed"
}

#[cfg(test)]
mod tests;
