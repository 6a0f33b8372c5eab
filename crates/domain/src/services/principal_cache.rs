//! A short-lived in-process cache of authenticated principals.
//!
//! Every protected request would otherwise read its session and user from the database.
//! Entries live for a configured TTL (about a second) and are dropped at once when this
//! process revokes the session (logout, refresh-token reuse) or all sessions of a user
//! (password change or reset). A change made elsewhere (another instance, or the database
//! edited by hand) is seen within the TTL. A TTL of zero turns the cache off.

use std::time::Duration;

use super::ttl_cache::TtlCache;
use crate::session::{Principal, SessionId};
use crate::user::UserId;

pub(crate) struct PrincipalCache(TtlCache<SessionId, Principal>);

impl PrincipalCache {
    pub(crate) fn new(ttl: Duration, capacity: usize) -> Self {
        Self(TtlCache::new(ttl, capacity))
    }

    pub(crate) fn get(&self, id: SessionId) -> Option<Principal> {
        self.0.get(&id)
    }

    pub(crate) fn epoch(&self) -> u64 {
        self.0.epoch()
    }

    /// Caches a principal loaded after [`PrincipalCache::epoch`] returned `seen`, unless a
    /// revocation happened since.
    pub(crate) fn put(&self, principal: &Principal, seen: u64) {
        self.0
            .put_if(principal.session_id, principal.clone(), seen, |_| false);
    }

    pub(crate) fn remove_session(&self, id: SessionId) {
        self.0.remove(&id);
    }

    pub(crate) fn remove_user(&self, user_id: UserId) {
        self.0.remove_where(|_, p| p.user.id() == user_id);
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
    fn removing_a_user_drops_all_of_its_sessions_only() {
        let cache = PrincipalCache::new(Duration::from_secs(60), 10);
        let (a1, a2, b) = (principal(1), principal(1), principal(2));
        for p in [&a1, &a2, &b] {
            cache.put(p, cache.epoch());
        }
        cache.remove_user(UserId::new(1));
        assert!(cache.get(a1.session_id).is_none());
        assert!(cache.get(a2.session_id).is_none());
        assert!(cache.get(b.session_id).is_some());
        cache.remove_session(b.session_id);
        assert!(cache.get(b.session_id).is_none());
    }
}
