//! Sessions and their users kept in memory for the access-token check.
//!
//! Every protected request reads its session and user (`SessionRepository::find_with_user`);
//! [`CachingSessionRepository`] serves that read from a [`PrincipalCache`] for a configured
//! TTL (about a second). This instance's revocations reach the cache through the decorators
//! of the three ports that revoke: a session revoked or rotated
//! ([`CachingSessionRepository`]), every session of a user whose password was changed or
//! whose hash was replaced ([`CachingUserRepository`]) or reset
//! ([`CachingPasswordResetRepository`]) is dropped at once, and a read that began before
//! the drop is not put back. A change made elsewhere (another instance, the database edited
//! by hand) is seen within the TTL. A TTL of zero turns the cache off.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tailor_domain::ports::{
    CreateUserError, NewPasswordReset, PasswordResetRepository, SessionRepository, UserRepository,
};
use tailor_domain::session::{NewSession, RevocationReason, Session, SessionId};
use tailor_domain::user::{Email, NewUser, PasswordHash, User, UserId};
use uuid::Uuid;

use crate::ttl::TtlCache;

/// Sessions with their users by session id, shared by the three decorators.
pub struct PrincipalCache(TtlCache<SessionId, (Session, User)>);

impl PrincipalCache {
    /// Keeps at most `capacity` sessions for `ttl` each; a zero `ttl` keeps none.
    #[must_use]
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        Self(TtlCache::new(ttl, capacity))
    }

    fn forget_session(&self, id: SessionId) {
        self.0.remove(&id);
    }

    fn forget_user(&self, user_id: UserId) {
        self.0.remove_where(|_, (_, user)| user.id() == user_id);
    }
}

/// Drops a session from the cache when it goes out of scope: after the write, also when
/// the call is cancelled between the commit and its answer.
struct ForgetSession<'a>(&'a PrincipalCache, SessionId);

impl Drop for ForgetSession<'_> {
    fn drop(&mut self) {
        self.0.forget_session(self.1);
    }
}

/// As [`ForgetSession`], for every session of a user.
struct ForgetUser<'a>(&'a PrincipalCache, UserId);

impl Drop for ForgetUser<'_> {
    fn drop(&mut self) {
        self.0.forget_user(self.1);
    }
}

/// A [`SessionRepository`] whose session-and-user read is served from the cache.
pub struct CachingSessionRepository {
    inner: Arc<dyn SessionRepository>,
    cache: Arc<PrincipalCache>,
}

impl CachingSessionRepository {
    pub fn new(inner: Arc<dyn SessionRepository>, cache: Arc<PrincipalCache>) -> Self {
        Self { inner, cache }
    }
}

#[async_trait]
impl SessionRepository for CachingSessionRepository {
    async fn create(&self, user_id: UserId, session: NewSession) -> anyhow::Result<()> {
        self.inner.create(user_id, session).await
    }

    async fn find(&self, id: SessionId) -> anyhow::Result<Option<Session>> {
        self.inner.find(id).await
    }

    async fn find_with_user(&self, id: SessionId) -> anyhow::Result<Option<(Session, User)>> {
        if let Some(found) = self.cache.0.get(&id) {
            return Ok(Some(found));
        }
        let epoch = self.cache.0.epoch();
        let found = self.inner.find_with_user(id).await?;
        if let Some(found) = &found {
            self.cache.0.put_if(id, found.clone(), epoch, |_| false);
        }
        Ok(found)
    }

    async fn rotate(
        &self,
        id: SessionId,
        expected_token_id: Uuid,
        new_token_id: Uuid,
        new_expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> anyhow::Result<bool> {
        let _forget = ForgetSession(&self.cache, id);
        self.inner
            .rotate(id, expected_token_id, new_token_id, new_expires_at, now)
            .await
    }

    async fn purge(&self, before: DateTime<Utc>) -> anyhow::Result<u64> {
        self.inner.purge(before).await
    }

    async fn revoke(
        &self,
        id: SessionId,
        reason: RevocationReason,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let _forget = ForgetSession(&self.cache, id);
        self.inner.revoke(id, reason, now).await
    }
}

/// A [`UserRepository`] that drops the user's cached sessions when it changes their
/// password hash.
pub struct CachingUserRepository {
    inner: Arc<dyn UserRepository>,
    cache: Arc<PrincipalCache>,
}

impl CachingUserRepository {
    pub fn new(inner: Arc<dyn UserRepository>, cache: Arc<PrincipalCache>) -> Self {
        Self { inner, cache }
    }
}

#[async_trait]
impl UserRepository for CachingUserRepository {
    async fn create_with_session(
        &self,
        user: NewUser,
        session: NewSession,
    ) -> Result<User, CreateUserError> {
        self.inner.create_with_session(user, session).await
    }

    async fn find_by_email(&self, email: &Email) -> anyhow::Result<Option<User>> {
        self.inner.find_by_email(email).await
    }

    async fn find_by_id(&self, id: UserId) -> anyhow::Result<Option<User>> {
        self.inner.find_by_id(id).await
    }

    async fn email_exists(&self, email: &Email) -> anyhow::Result<bool> {
        self.inner.email_exists(email).await
    }

    async fn change_password(
        &self,
        id: UserId,
        hash: &PasswordHash,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let _forget = ForgetUser(&self.cache, id);
        self.inner.change_password(id, hash, now).await
    }

    async fn upgrade_password_hash(
        &self,
        id: UserId,
        previous: &PasswordHash,
        hash: &PasswordHash,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let _forget = ForgetUser(&self.cache, id);
        self.inner
            .upgrade_password_hash(id, previous, hash, now)
            .await
    }
}

/// A [`PasswordResetRepository`] that drops the user's cached sessions when a reset
/// revokes them.
pub struct CachingPasswordResetRepository {
    inner: Arc<dyn PasswordResetRepository>,
    cache: Arc<PrincipalCache>,
}

impl CachingPasswordResetRepository {
    pub fn new(inner: Arc<dyn PasswordResetRepository>, cache: Arc<PrincipalCache>) -> Self {
        Self { inner, cache }
    }
}

#[async_trait]
impl PasswordResetRepository for CachingPasswordResetRepository {
    async fn create(&self, reset: NewPasswordReset) -> anyhow::Result<()> {
        self.inner.create(reset).await
    }

    async fn is_redeemable(&self, token_hash: &str, now: DateTime<Utc>) -> anyhow::Result<bool> {
        self.inner.is_redeemable(token_hash, now).await
    }

    async fn purge(&self, before: DateTime<Utc>) -> anyhow::Result<u64> {
        self.inner.purge(before).await
    }

    async fn redeem(
        &self,
        token_hash: &str,
        new_password_hash: &PasswordHash,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<UserId>> {
        let redeemed = self
            .inner
            .redeem(token_hash, new_password_hash, now)
            .await?;
        if let Some(user_id) = redeemed {
            self.cache.forget_user(user_id);
        }
        Ok(redeemed)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use tailor_domain::ports::{
        MockPasswordResetRepository, MockSessionRepository, MockUserRepository,
    };
    use tailor_domain::user::UserRecord;

    use super::*;

    const TTL: Duration = Duration::from_secs(1);

    fn user(id: i64) -> User {
        User::from(UserRecord {
            id: UserId::new(id),
            email: Email::from_trusted("a@example.com".into()),
            full_name: "A".into(),
            password_hash: PasswordHash::new("x".into()),
            is_active: true,
            is_verified: false,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        })
    }

    fn session(user_id: i64) -> Session {
        Session {
            id: SessionId::new_random(),
            user_id: UserId::new(user_id),
            refresh_token_id: Uuid::new_v4(),
            created_at: Utc::now(),
            expires_at: Utc::now(),
            revoked_at: None,
            previous_refresh_token_id: None,
            rotated_at: None,
        }
    }

    /// Sessions of users 1 (two) and 2 (one); `find_with_user` answers each and counts the
    /// storage reads.
    struct Stored {
        sessions: MockSessionRepository,
        reads: Arc<AtomicUsize>,
        ids: [SessionId; 3],
    }

    fn stored() -> Stored {
        let rows = [session(1), session(1), session(2)];
        let ids = [rows[0].id, rows[1].id, rows[2].id];
        let reads = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&reads);
        let mut sessions = MockSessionRepository::new();
        sessions.expect_find_with_user().returning(move |id| {
            counter.fetch_add(1, Ordering::SeqCst);
            let row = rows.iter().find(|s| s.id == id).cloned();
            Ok(row.map(|s| {
                let owner = user(s.user_id.get());
                (s, owner)
            }))
        });
        Stored {
            sessions,
            reads,
            ids,
        }
    }

    fn cache() -> Arc<PrincipalCache> {
        Arc::new(PrincipalCache::new(TTL, 100))
    }

    async fn read(repo: &CachingSessionRepository, id: SessionId) -> Option<(Session, User)> {
        repo.find_with_user(id).await.unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn a_session_is_read_from_storage_once_per_ttl() {
        let s = stored();
        let repo = CachingSessionRepository::new(Arc::new(s.sessions), cache());
        let first = read(&repo, s.ids[0]).await.unwrap();
        let again = read(&repo, s.ids[0]).await.unwrap();
        assert_eq!(first.0, again.0);
        assert_eq!(s.reads.load(Ordering::SeqCst), 1);
        tokio::time::advance(TTL).await;
        read(&repo, s.ids[0]).await.unwrap();
        assert_eq!(s.reads.load(Ordering::SeqCst), 2, "expired: read again");
    }

    #[tokio::test(start_paused = true)]
    async fn an_unknown_session_is_not_kept() {
        let s = stored();
        let repo = CachingSessionRepository::new(Arc::new(s.sessions), cache());
        let unknown = SessionId::new_random();
        assert!(read(&repo, unknown).await.is_none());
        assert!(read(&repo, unknown).await.is_none());
        assert_eq!(s.reads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_zero_ttl_reads_storage_every_time() {
        let s = stored();
        let off = Arc::new(PrincipalCache::new(Duration::ZERO, 100));
        let repo = CachingSessionRepository::new(Arc::new(s.sessions), off);
        read(&repo, s.ids[0]).await.unwrap();
        read(&repo, s.ids[0]).await.unwrap();
        assert_eq!(s.reads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_revoked_or_rotated_session_is_read_again_at_once() {
        let mut s = stored();
        s.sessions
            .expect_revoke()
            .times(1)
            .returning(|_, _, _| Ok(()));
        s.sessions
            .expect_rotate()
            .times(1)
            .returning(|_, _, _, _, _| Ok(true));
        let repo = CachingSessionRepository::new(Arc::new(s.sessions), cache());
        read(&repo, s.ids[0]).await.unwrap();
        read(&repo, s.ids[1]).await.unwrap();
        repo.revoke(s.ids[0], RevocationReason::Logout, Utc::now())
            .await
            .unwrap();
        read(&repo, s.ids[0]).await.unwrap();
        assert_eq!(s.reads.load(Ordering::SeqCst), 3, "only the revoked one");
        read(&repo, s.ids[1]).await.unwrap();
        assert_eq!(s.reads.load(Ordering::SeqCst), 3, "the other one is kept");
        let now = Utc::now();
        repo.rotate(s.ids[1], Uuid::new_v4(), Uuid::new_v4(), now, now)
            .await
            .unwrap();
        read(&repo, s.ids[1]).await.unwrap();
        assert_eq!(s.reads.load(Ordering::SeqCst), 4);
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_revocation_drops_the_session_too() {
        let mut s = stored();
        s.sessions
            .expect_revoke()
            .times(1)
            .returning(|_, _, _| Err(anyhow::anyhow!("storage is down")));
        let repo = CachingSessionRepository::new(Arc::new(s.sessions), cache());
        read(&repo, s.ids[0]).await.unwrap();
        assert!(
            repo.revoke(s.ids[0], RevocationReason::Logout, Utc::now())
                .await
                .is_err()
        );
        read(&repo, s.ids[0]).await.unwrap();
        assert_eq!(s.reads.load(Ordering::SeqCst), 2, "it may have committed");
    }

    #[tokio::test(start_paused = true)]
    async fn a_read_that_began_before_a_revocation_is_not_put_back() {
        let cache = cache();
        let live = session(1);
        let id = live.id;
        let during = Arc::clone(&cache);
        let mut sessions = MockSessionRepository::new();
        sessions
            .expect_find_with_user()
            .times(2)
            .returning(move |_| {
                // A logout lands while this read is on its way back from storage.
                during.forget_session(id);
                Ok(Some((live.clone(), user(1))))
            });
        let repo = CachingSessionRepository::new(Arc::new(sessions), cache);
        read(&repo, id).await.unwrap();
        read(&repo, id).await.unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn a_password_change_or_hash_upgrade_drops_every_session_of_that_user_only() {
        let s = stored();
        let cache = cache();
        let sessions = CachingSessionRepository::new(Arc::new(s.sessions), Arc::clone(&cache));
        let mut inner = MockUserRepository::new();
        inner
            .expect_change_password()
            .times(1)
            .returning(|_, _, _| Ok(()));
        inner
            .expect_upgrade_password_hash()
            .times(1)
            .returning(|_, _, _, _| Ok(()));
        let users = CachingUserRepository::new(Arc::new(inner), cache);
        for id in s.ids {
            read(&sessions, id).await.unwrap();
        }
        let hash = PasswordHash::new("new".into());
        users
            .change_password(UserId::new(1), &hash, Utc::now())
            .await
            .unwrap();
        for id in s.ids {
            read(&sessions, id).await.unwrap();
        }
        assert_eq!(s.reads.load(Ordering::SeqCst), 5, "user 1's two, again");
        users
            .upgrade_password_hash(UserId::new(2), &hash, &hash, Utc::now())
            .await
            .unwrap();
        read(&sessions, s.ids[2]).await.unwrap();
        assert_eq!(s.reads.load(Ordering::SeqCst), 6);
    }

    #[tokio::test(start_paused = true)]
    async fn a_redeemed_reset_drops_the_user_s_sessions_and_an_unknown_code_nothing() {
        let s = stored();
        let cache = cache();
        let sessions = CachingSessionRepository::new(Arc::new(s.sessions), Arc::clone(&cache));
        let mut inner = MockPasswordResetRepository::new();
        let mut answers = vec![Some(UserId::new(2)), None];
        inner
            .expect_redeem()
            .times(2)
            .returning(move |_, _, _| Ok(answers.pop().flatten()));
        let resets = CachingPasswordResetRepository::new(Arc::new(inner), cache);
        for id in s.ids {
            read(&sessions, id).await.unwrap();
        }
        let hash = PasswordHash::new("new".into());
        assert_eq!(
            resets.redeem("unknown", &hash, Utc::now()).await.unwrap(),
            None
        );
        for id in s.ids {
            read(&sessions, id).await.unwrap();
        }
        assert_eq!(s.reads.load(Ordering::SeqCst), 3, "nothing dropped");
        let redeemed = resets.redeem("code", &hash, Utc::now()).await.unwrap();
        assert_eq!(redeemed, Some(UserId::new(2)));
        for id in s.ids {
            read(&sessions, id).await.unwrap();
        }
        assert_eq!(s.reads.load(Ordering::SeqCst), 4, "user 2's session, again");
    }
}
