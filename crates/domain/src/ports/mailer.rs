//! Sending account emails (password reset).

use async_trait::async_trait;

use crate::user::{Email, UserId};

/// A message to one user. Its `Debug` leaves out the address and the body (which can
/// carry a reset code).
#[derive(Clone, PartialEq)]
pub struct OutgoingEmail {
    pub to: Email,
    pub user_id: UserId,
    pub subject: String,
    pub body: String,
    pub kind: EmailKind,
}

impl std::fmt::Debug for OutgoingEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutgoingEmail")
            .field("user_id", &self.user_id)
            .field("subject", &self.subject)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// What the message is about. Adapters may use it to pick a template; the reset variant
/// carries the raw token, which adapters MUST NOT write to logs.
#[derive(Clone, PartialEq)]
pub enum EmailKind {
    PasswordReset {
        token: String,
        expires_in_minutes: i64,
    },
}

impl std::fmt::Debug for EmailKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::PasswordReset {
                expires_in_minutes, ..
            } => f
                .debug_struct("PasswordReset")
                .field("token", &"<redacted>")
                .field("expires_in_minutes", expires_in_minutes)
                .finish(),
        }
    }
}

/// Sends email.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait Mailer: Send + Sync {
    /// Delivers (or queues) `message`.
    ///
    /// # Errors
    /// Any delivery failure; callers decide whether it reaches the user.
    async fn send(&self, message: OutgoingEmail) -> anyhow::Result<()>;
}
