//! Storing sessions (refresh-token families) and loading the principal of an access token.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::session::{NewSession, RevocationReason, Session, SessionId};
use crate::user::{User, UserId};

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait SessionRepository: Send + Sync {
    /// Stores a new session of `user_id`.
    ///
    /// # Errors
    /// Storage failures (an unknown user is one).
    async fn create(&self, user_id: UserId, session: NewSession) -> anyhow::Result<()>;

    /// # Errors
    /// Storage failures; an unknown id is `Ok(None)`.
    async fn find(&self, id: SessionId) -> anyhow::Result<Option<Session>>;

    /// The session and its user in one read (this runs on every authenticated request).
    ///
    /// # Errors
    /// Storage failures; an unknown session or user is `Ok(None)`.
    async fn find_with_user(&self, id: SessionId) -> anyhow::Result<Option<(Session, User)>>;

    /// Replaces the session's current refresh token id, but only if it is still
    /// `expected_token_id` and the session is not revoked (compare-and-swap, so two
    /// concurrent refreshes with one token cannot both win), remembering
    /// `expected_token_id` as the previous token and `now` as the rotation time. Returns
    /// whether it did.
    ///
    /// # Errors
    /// Storage failures.
    async fn rotate(
        &self,
        id: SessionId,
        expected_token_id: Uuid,
        new_token_id: Uuid,
        new_expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> anyhow::Result<bool>;

    /// Removes sessions that expired, or were revoked, before `before`; returns how many.
    ///
    /// # Errors
    /// Storage failures.
    async fn purge(&self, before: DateTime<Utc>) -> anyhow::Result<u64>;

    /// Marks the session revoked (idempotent).
    ///
    /// # Errors
    /// Storage failures.
    async fn revoke(
        &self,
        id: SessionId,
        reason: RevocationReason,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()>;
}
