//! A short-lived in-process cache of authenticated principals.
//!
//! Every protected request would otherwise read its session and user from the database.
//! Entries live for a configured TTL (about a second) and are dropped at once when this
//! process revokes the session (logout, refresh-token reuse) or all sessions of a user
//! (password change or reset). A change made elsewhere (another instance, or the database
//! edited by hand) is seen within the TTL. A TTL of zero turns the cache off.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::session::{Principal, SessionId};
use crate::user::UserId;

pub(crate) struct PrincipalCache {
    ttl: Duration,
    capacity: usize,
    entries: Mutex<HashMap<SessionId, (Instant, Principal)>>,
}

impl PrincipalCache {
    pub(crate) fn new(ttl: Duration, capacity: usize) -> Self {
        Self {
            ttl,
            capacity: capacity.max(1),
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn enabled(&self) -> bool {
        !self.ttl.is_zero()
    }

    pub(crate) fn get(&self, id: SessionId) -> Option<Principal> {
        if !self.enabled() {
            return None;
        }
        let entries = self.entries.lock().ok()?;
        match entries.get(&id) {
            Some((at, principal)) if at.elapsed() < self.ttl => Some(principal.clone()),
            _ => None,
        }
    }

    pub(crate) fn put(&self, principal: &Principal) {
        if !self.enabled() {
            return;
        }
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= self.capacity {
            let ttl = self.ttl;
            entries.retain(|_, (at, _)| at.elapsed() < ttl);
            if entries.len() >= self.capacity {
                // Still full of live entries: start over rather than grow without bound.
                entries.clear();
            }
        }
        entries.insert(principal.session_id, (Instant::now(), principal.clone()));
    }

    pub(crate) fn remove_session(&self, id: SessionId) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(&id);
        }
    }

    pub(crate) fn remove_user(&self, user_id: UserId) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|_, (_, p)| p.user.id() != user_id);
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::user::{Email, PasswordHash, User, UserRecord};

    fn principal(user: i64) -> Principal {
        Principal {
            user: User::from(UserRecord {
                id: UserId::new(user),
                email: Email::parse("a@example.com").unwrap(),
                full_name: "A".into(),
                password_hash: PasswordHash::new("x".into()),
                is_active: true,
                is_verified: false,
                created_at: Utc::now(),
                updated_at: Utc::now(),
            }),
            session_id: SessionId::new_random(),
        }
    }

    #[test]
    fn entries_are_served_until_removed() {
        let cache = PrincipalCache::new(Duration::from_secs(60), 10);
        let p = principal(1);
        cache.put(&p);
        assert_eq!(cache.get(p.session_id).unwrap().session_id, p.session_id);
        cache.remove_session(p.session_id);
        assert!(cache.get(p.session_id).is_none());
    }

    #[test]
    fn removing_a_user_drops_all_of_its_sessions_only() {
        let cache = PrincipalCache::new(Duration::from_secs(60), 10);
        let (a1, a2, b) = (principal(1), principal(1), principal(2));
        for p in [&a1, &a2, &b] {
            cache.put(p);
        }
        cache.remove_user(UserId::new(1));
        assert!(cache.get(a1.session_id).is_none());
        assert!(cache.get(a2.session_id).is_none());
        assert!(cache.get(b.session_id).is_some());
    }

    #[test]
    fn expired_entries_are_not_served() {
        let cache = PrincipalCache::new(Duration::from_millis(1), 10);
        let p = principal(1);
        cache.put(&p);
        std::thread::sleep(Duration::from_millis(5));
        assert!(cache.get(p.session_id).is_none());
    }

    #[test]
    fn a_zero_ttl_disables_the_cache_and_the_size_is_bounded() {
        let off = PrincipalCache::new(Duration::ZERO, 10);
        let p = principal(1);
        off.put(&p);
        assert!(off.get(p.session_id).is_none());

        let small = PrincipalCache::new(Duration::from_secs(60), 3);
        for _ in 0..10 {
            small.put(&principal(1));
        }
        assert!(small.entries.lock().unwrap().len() <= 3);
    }
}
