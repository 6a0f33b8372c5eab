//! A small bounded in-process cache whose entries expire after a fixed time.
//!
//! Time is tokio's monotonic clock ([`tokio::time::Instant`]): the system clock in a
//! running server, and a clock the tests pause and move on by hand.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

/// A cached value, when it was stored, and whether a caller took on reloading it.
struct Entry<V> {
    at: Instant,
    value: V,
    refresh_claimed: bool,
}

pub(crate) struct TtlCache<K, V> {
    ttl: Duration,
    capacity: usize,
    entries: Mutex<HashMap<K, Entry<V>>>,
    /// Bumped by every removal, so that a value read from storage before a removal is
    /// not put back after it (see [`TtlCache::put_if`]).
    epoch: AtomicU64,
}

impl<K: Hash + Eq, V: Clone> TtlCache<K, V> {
    /// A TTL of zero makes a cache that stores nothing.
    pub(crate) fn new(ttl: Duration, capacity: usize) -> Self {
        Self {
            ttl,
            capacity: capacity.max(1),
            entries: Mutex::new(HashMap::new()),
            epoch: AtomicU64::new(0),
        }
    }

    /// The current removal count; read it before loading a value from storage.
    pub(crate) fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    /// Puts a value loaded from storage, unless something was removed since `seen_epoch`
    /// (the value may be stale) or `keep` says the entry already there should stay.
    pub(crate) fn put_if(&self, key: K, value: V, seen_epoch: u64, keep: impl Fn(&V) -> bool) {
        self.store(key, value, Some(seen_epoch), keep);
    }

    /// Puts a value just written to storage, unless `keep` says the entry already there
    /// should stay (a newer value written by a concurrent call).
    pub(crate) fn put_unless(&self, key: K, value: V, keep: impl Fn(&V) -> bool) {
        self.store(key, value, None, keep);
    }

    fn store(&self, key: K, value: V, seen_epoch: Option<u64>, keep: impl Fn(&V) -> bool) {
        if !self.enabled() {
            return;
        }
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if seen_epoch.is_some_and(|seen| self.epoch.load(Ordering::SeqCst) != seen) {
            return;
        }
        let now = Instant::now();
        if let Some(existing) = entries.get(&key)
            && now.duration_since(existing.at) < self.ttl
            && keep(&existing.value)
        {
            return;
        }
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            // Expired entries stay for a second TTL to be served while one caller reloads.
            entries.retain(|_, e| now.duration_since(e.at) < self.ttl * 2);
            if entries.len() >= self.capacity {
                // Still full of live entries: start over rather than grow without bound.
                entries.clear();
            }
        }
        entries.insert(
            key,
            Entry {
                at: now,
                value,
                refresh_claimed: false,
            },
        );
    }

    fn enabled(&self) -> bool {
        !self.ttl.is_zero()
    }

    pub(crate) fn get(&self, key: &K) -> Option<V> {
        if !self.enabled() {
            return None;
        }
        let entries = self.entries.lock().ok()?;
        match entries.get(key) {
            Some(e) if e.at.elapsed() < self.ttl => Some(e.value.clone()),
            _ => None,
        }
    }

    /// Like [`TtlCache::get`], but an entry that expired less than a TTL ago is not
    /// dropped at once: the first caller to see it expired gets `None` and is expected to
    /// reload and put the value; while it does, the others get the expired value instead
    /// of all reloading at once. Past two TTLs (a reload that failed) nothing is served.
    /// A value can therefore be up to two TTLs old; removals still take effect at once.
    pub(crate) fn get_or_claim_refresh(&self, key: &K) -> Option<V> {
        if !self.enabled() {
            return None;
        }
        let mut entries = self.entries.lock().ok()?;
        let e = entries.get_mut(key)?;
        let age = e.at.elapsed();
        if age < self.ttl {
            return Some(e.value.clone());
        }
        if age >= self.ttl * 2 {
            return None;
        }
        if e.refresh_claimed {
            Some(e.value.clone())
        } else {
            e.refresh_claimed = true;
            None
        }
    }

    pub(crate) fn remove(&self, key: &K) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
            self.epoch.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Drops every entry for which `drop` says so.
    pub(crate) fn remove_where(&self, drop: impl Fn(&K, &V) -> bool) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|k, e| !drop(k, &e.value));
            self.epoch.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.len())
    }
}

#[cfg(test)]
mod tests {
    use tokio::time::advance;

    use super::*;

    const TTL: Duration = Duration::from_secs(1);

    fn put<V: Clone>(cache: &TtlCache<i32, V>, key: i32, value: V) {
        cache.put_unless(key, value, |_| false);
    }

    #[tokio::test(start_paused = true)]
    async fn entries_are_served_until_removed_or_expired() {
        let cache = TtlCache::new(TTL, 10);
        put(&cache, 1, "a");
        assert_eq!(cache.get(&1), Some("a"));
        cache.remove(&1);
        assert_eq!(cache.get(&1), None);
        put(&cache, 1, "a");
        advance(TTL - Duration::from_millis(1)).await;
        assert_eq!(cache.get(&1), Some("a"), "just inside the TTL");
        advance(Duration::from_millis(1)).await;
        assert_eq!(cache.get(&1), None, "expired");
    }

    #[tokio::test(start_paused = true)]
    async fn a_zero_ttl_stores_nothing_and_the_size_is_bounded() {
        let off = TtlCache::new(Duration::ZERO, 10);
        put(&off, 1, 1);
        assert_eq!(off.get(&1), None);
        let small = TtlCache::new(TTL, 3);
        for i in 0..10 {
            put(&small, i, i);
        }
        assert!(small.len() <= 3);
        assert_eq!(small.get(&9), Some(9), "the last one put is there");
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_cache_makes_room_by_dropping_entries_past_two_ttls_first() {
        let cache = TtlCache::new(TTL, 2);
        put(&cache, 1, "old");
        advance(TTL * 2).await;
        put(&cache, 2, "live");
        put(&cache, 3, "new");
        assert_eq!(cache.len(), 2, "only the dead entry went");
        assert_eq!(cache.get(&2), Some("live"));
        assert_eq!(cache.get(&3), Some("new"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_value_read_before_a_removal_is_not_put_back() {
        let cache = TtlCache::new(TTL, 10);
        let seen = cache.epoch();
        cache.remove(&1);
        cache.put_if(1, "stale", seen, |_| false);
        assert_eq!(cache.get(&1), None);
        cache.put_if(1, "fresh", cache.epoch(), |_| false);
        assert_eq!(cache.get(&1), Some("fresh"));
        cache.put_if(1, "older", cache.epoch(), |_| true);
        assert_eq!(cache.get(&1), Some("fresh"), "keep wins");
        cache.put_unless(1, "written", |_| true);
        assert_eq!(cache.get(&1), Some("fresh"), "keep wins over a write too");
        advance(TTL).await;
        cache.put_if(1, "reloaded", cache.epoch(), |_| true);
        assert_eq!(
            cache.get(&1),
            Some("reloaded"),
            "an expired entry is not kept"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn an_expired_entry_is_reloaded_by_one_caller_while_the_others_get_it_still() {
        let cache = TtlCache::new(TTL, 10);
        put(&cache, 1, "old");
        assert_eq!(cache.get_or_claim_refresh(&1), Some("old"), "fresh");
        advance(TTL).await;
        assert_eq!(
            cache.get(&1),
            None,
            "plain reads never see an expired value"
        );
        assert_eq!(
            cache.get_or_claim_refresh(&1),
            None,
            "the first caller reloads"
        );
        assert_eq!(
            cache.get_or_claim_refresh(&1),
            Some("old"),
            "the others wait on it"
        );
        cache.put_if(1, "new", cache.epoch(), |_| false);
        assert_eq!(cache.get_or_claim_refresh(&1), Some("new"));
        // Removal is immediate, expired value or not.
        cache.remove(&1);
        assert_eq!(cache.get_or_claim_refresh(&1), None);
        // Past two TTLs nothing is served.
        put(&cache, 2, "old");
        advance(TTL * 2).await;
        assert_eq!(cache.get_or_claim_refresh(&2), None);
        assert_eq!(cache.get_or_claim_refresh(&2), None);
    }

    #[tokio::test(start_paused = true)]
    async fn when_a_reload_never_comes_the_expired_value_stops_being_served_after_two_ttls() {
        let cache = TtlCache::new(TTL, 10);
        put(&cache, 1, "old");
        advance(TTL).await;
        assert_eq!(
            cache.get_or_claim_refresh(&1),
            None,
            "claimed; the loader fails"
        );
        assert_eq!(cache.get_or_claim_refresh(&1), Some("old"));
        advance(TTL - Duration::from_millis(1)).await;
        assert_eq!(cache.get_or_claim_refresh(&1), Some("old"), "still inside");
        advance(Duration::from_millis(1)).await;
        assert_eq!(cache.get_or_claim_refresh(&1), None, "past two TTLs");
    }

    #[tokio::test(start_paused = true)]
    async fn remove_where_drops_matching_entries_only() {
        let cache = TtlCache::new(TTL, 10);
        for i in 0..6 {
            put(&cache, i, i % 2);
        }
        let seen = cache.epoch();
        cache.remove_where(|_, v| *v == 1);
        assert_eq!(cache.len(), 3);
        assert_eq!(cache.get(&2), Some(0));
        assert_ne!(cache.epoch(), seen, "a removal moves the epoch on");
    }
}
