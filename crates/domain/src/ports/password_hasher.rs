//! Hashing and verifying passwords.

use async_trait::async_trait;

use crate::user::{Password, PasswordHash};

/// The result of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCheck {
    /// The password is right. `needs_rehash` is true when the stored hash uses a legacy
    /// scheme or weaker parameters and should be replaced by a fresh hash.
    Valid {
        needs_rehash: bool,
    },
    Invalid,
}

/// Hashes and verifies passwords.
///
/// Adapters MUST do the work off the async executor (it is deliberately slow) and MUST
/// take about the same time for [`PasswordHasher::verify_dummy`] as for a real verify, so
/// that login timing does not reveal whether an account exists.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait PasswordHasher: Send + Sync {
    /// # Errors
    /// Only on an internal failure of the hashing backend.
    async fn hash(&self, password: &Password) -> anyhow::Result<PasswordHash>;

    /// # Errors
    /// Only on an internal failure; a malformed stored hash is `Ok(PasswordCheck::Invalid)`.
    async fn verify(
        &self,
        password: &Password,
        hash: &PasswordHash,
    ) -> anyhow::Result<PasswordCheck>;

    /// Spends the time of one verification and answers nothing: used when there is no
    /// account to check against.
    async fn verify_dummy(&self, password: &Password);
}
