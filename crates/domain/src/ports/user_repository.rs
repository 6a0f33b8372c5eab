//! Storing user accounts.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::session::NewSession;
use crate::user::{Email, NewUser, PasswordHash, User, UserId};

#[derive(Debug, Error)]
pub enum CreateUserError {
    /// Another account already has this (normalised) email.
    #[error("email already registered")]
    Duplicate,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait UserRepository: Send + Sync {
    /// Stores the user and its first session in one transaction.
    ///
    /// # Errors
    /// MUST return [`CreateUserError::Duplicate`] when the email is taken (also when a
    /// concurrent registration won the race); nothing is stored on any error.
    async fn create_with_session(
        &self,
        user: NewUser,
        session: NewSession,
    ) -> Result<User, CreateUserError>;

    /// Exact match on the normalised address.
    ///
    /// # Errors
    /// Storage failures.
    async fn find_by_email(&self, email: &Email) -> anyhow::Result<Option<User>>;

    /// # Errors
    /// Storage failures.
    async fn find_by_id(&self, id: UserId) -> anyhow::Result<Option<User>>;

    /// # Errors
    /// Storage failures.
    async fn email_exists(&self, email: &Email) -> anyhow::Result<bool>;

    /// Sets a new password hash and revokes every session of the user, in one transaction.
    ///
    /// # Errors
    /// Storage failures; nothing is changed then.
    async fn change_password(
        &self,
        id: UserId,
        hash: &PasswordHash,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()>;

    /// Replaces the stored hash by an equivalent, stronger one (legacy upgrade), but only
    /// while the stored hash is still `previous` (a password changed meanwhile wins);
    /// sessions are kept.
    ///
    /// # Errors
    /// Storage failures.
    async fn upgrade_password_hash(
        &self,
        id: UserId,
        previous: &PasswordHash,
        hash: &PasswordHash,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()>;
}
