//! The in-memory [`ResponseCache`]: model answers by request key, bounded in entries and
//! kept for a configured time. Answers carry no personal data (prompts are pseudonymised
//! before they leave, and the placeholders are filled in after the cache).

use std::sync::Arc;
use std::time::Duration;

use tailor_domain::ports::{ChatResponse, ResponseCache};

use crate::ttl::TtlCache;

/// [`ResponseCache`] in this process's memory.
pub struct InMemoryResponseCache(TtlCache<Arc<str>, ChatResponse>);

impl InMemoryResponseCache {
    /// A TTL of zero keeps nothing.
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        Self(TtlCache::new(ttl, capacity))
    }
}

impl ResponseCache for InMemoryResponseCache {
    fn get(&self, key: &str) -> Option<ChatResponse> {
        self.0.get(&Arc::from(key))
    }

    fn put(&self, key: &str, response: &ChatResponse) {
        self.0
            .put_unless(Arc::from(key), response.clone(), |_| false);
    }
}

#[cfg(test)]
mod tests {
    use tailor_domain::ports::TokenUsage;

    use super::*;

    fn answer(text: &str) -> ChatResponse {
        ChatResponse {
            text: text.to_owned(),
            model: "m".to_owned(),
            usage: TokenUsage {
                prompt_tokens: 3,
                completion_tokens: 4,
            },
            latency: Duration::from_millis(5),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn an_answer_is_kept_for_its_time_and_the_cache_stays_bounded() {
        let cache = InMemoryResponseCache::new(Duration::from_secs(60), 2);
        cache.put("a", &answer("A"));
        assert_eq!(cache.get("a").unwrap().text, "A");
        assert!(cache.get("b").is_none());
        cache.put("b", &answer("B"));
        cache.put("c", &answer("C"));
        assert!(cache.0.len() <= 2, "bounded");
        assert_eq!(cache.get("c").unwrap().text, "C");
        tokio::time::advance(Duration::from_secs(61)).await;
        assert!(cache.get("c").is_none(), "expired");
    }

    #[test]
    fn a_zero_ttl_keeps_nothing() {
        let cache = InMemoryResponseCache::new(Duration::ZERO, 10);
        cache.put("a", &answer("A"));
        assert!(cache.get("a").is_none());
    }
}
