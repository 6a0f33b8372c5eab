//! Signing and verifying bearer tokens.

use thiserror::Error;

use crate::session::TokenClaims;

#[derive(Debug, Error)]
pub enum TokenError {
    /// Bad signature, wrong algorithm, malformed, expired or with unusable claims.
    #[error("invalid token")]
    Invalid,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Signs and verifies bearer tokens.
///
/// Adapters MUST accept only their configured algorithm (never `none`) and MUST reject
/// expired tokens. The token kind is returned, not checked: the caller enforces it.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait TokenCodec: Send + Sync {
    /// # Errors
    /// Only on an internal signing failure.
    fn encode(&self, claims: &TokenClaims) -> anyhow::Result<String>;

    /// # Errors
    /// [`TokenError::Invalid`] for any token that must not be trusted.
    fn decode(&self, token: &str) -> Result<TokenClaims, TokenError>;
}
