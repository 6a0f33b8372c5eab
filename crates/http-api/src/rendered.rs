//! Serialised response bodies, kept per resource version.
//!
//! Some resources are read far more often than they change, and their bodies are several
//! kilobytes of JSON: the app reads its profile (`GET /profiles/me`) on every screen. A body
//! is rendered once per version of its resource; since every save bumps the version, a kept
//! body can never be stale. The cache knows nothing of the bodies' types: the caller renders.

use std::collections::HashMap;
use std::sync::Mutex;

use actix_web::web::Bytes;
use uuid::Uuid;

/// Bodies by resource id, each with the version it was rendered from.
pub struct RenderedBodies {
    capacity: usize,
    entries: Mutex<HashMap<Uuid, (i64, Bytes)>>,
}

impl Default for RenderedBodies {
    fn default() -> Self {
        Self::new(256)
    }
}

impl RenderedBodies {
    /// Keeps at most `capacity` bodies (at least one); when full, a new resource empties it.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The body of version `version` of resource `id`: the kept one, or else the one
    /// `render` makes, which is then kept in place of any older version's.
    ///
    /// # Errors
    /// `render`'s.
    pub fn get_or_render<E>(
        &self,
        id: Uuid,
        version: i64,
        render: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Bytes, E> {
        if let Ok(entries) = self.entries.lock()
            && let Some((kept, body)) = entries.get(&id)
            && *kept == version
        {
            return Ok(body.clone());
        }
        let body = Bytes::from(render()?);
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= self.capacity && !entries.contains_key(&id) {
                entries.clear();
            }
            entries.insert(id, (version, body.clone()));
        }
        Ok(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str) -> impl FnOnce() -> Result<Vec<u8>, std::convert::Infallible> {
        let body = text.as_bytes().to_vec();
        move || Ok(body)
    }

    #[test]
    fn a_body_is_reused_for_its_version_and_rendered_again_for_the_next() {
        let cache = RenderedBodies::new(8);
        let id = Uuid::from_u128(7);
        let first = cache.get_or_render(id, 1, render("Jane")).unwrap();
        // Same version: the kept body, even if the renderer would now differ.
        let again = cache.get_or_render(id, 1, render("Someone else")).unwrap();
        assert_eq!(first, again);
        let next = cache.get_or_render(id, 2, render("Janet")).unwrap();
        assert_eq!(&next[..], b"Janet");
        assert_eq!(
            &cache.get_or_render(id, 2, render("x")).unwrap()[..],
            b"Janet"
        );
    }

    #[test]
    fn a_failed_render_keeps_nothing_and_a_full_cache_starts_over() {
        let cache = RenderedBodies::new(1);
        let id = Uuid::from_u128(1);
        let failed = cache.get_or_render(id, 1, || Err("no"));
        assert_eq!(failed, Err("no"));
        assert_eq!(&cache.get_or_render(id, 1, render("a")).unwrap()[..], b"a");
        let other = Uuid::from_u128(2);
        assert_eq!(
            &cache.get_or_render(other, 1, render("b")).unwrap()[..],
            b"b"
        );
        // The first was dropped to make room.
        assert_eq!(&cache.get_or_render(id, 1, render("c")).unwrap()[..], b"c");
    }
}
