//! Storing single-use password-reset tokens.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::user::{PasswordHash, UserId};

/// A single-use password-reset token; only the SHA-256 of the token is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPasswordReset {
    pub user_id: UserId,
    pub token_hash: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait PasswordResetRepository: Send + Sync {
    /// # Errors
    /// Storage failures.
    async fn create(&self, reset: NewPasswordReset) -> anyhow::Result<()>;

    /// Whether an unused, unexpired token with this hash exists (a read; [`redeem`] decides).
    ///
    /// [`redeem`]: PasswordResetRepository::redeem
    ///
    /// # Errors
    /// Storage failures.
    async fn is_redeemable(&self, token_hash: &str, now: DateTime<Utc>) -> anyhow::Result<bool>;

    /// Removes tokens that expired or were used before `before`; returns how many.
    ///
    /// # Errors
    /// Storage failures.
    async fn purge(&self, before: DateTime<Utc>) -> anyhow::Result<u64>;

    /// Redeems the token whose hash is `token_hash`: in ONE transaction, marks it used if it
    /// is unused and not expired at `now`, sets `new_password_hash` on its user and revokes
    /// every session of that user. Returns the user, or `None` (and changes nothing) when the
    /// token is unknown, used or expired.
    ///
    /// # Errors
    /// Storage failures; nothing is changed then.
    async fn redeem(
        &self,
        token_hash: &str,
        new_password_hash: &PasswordHash,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<UserId>>;
}
