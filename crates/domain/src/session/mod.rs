//! Sessions: one per login. A session is a family of refresh tokens of which only the newest
//! is valid; access tokens name their session so that revoking it ends them too.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::user::{User, UserId};

crate::id::uuid_id!(
    /// A session's id (the `sid` of its tokens).
    SessionId
);

/// Why a session was ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevocationReason {
    Logout,
    PasswordChanged,
    RefreshTokenReused,
}

impl RevocationReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Logout => "logout",
            Self::PasswordChanged => "password_changed",
            Self::RefreshTokenReused => "refresh_token_reused",
        }
    }
}

/// A stored session.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: SessionId,
    pub user_id: UserId,
    /// The `jti` of the only refresh token of this family that may still be used.
    pub refresh_token_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The refresh token the last rotation retired, and when that rotation happened: within
    /// the grace window that token still yields the current pair.
    pub previous_refresh_token_id: Option<Uuid>,
    pub rotated_at: Option<DateTime<Utc>>,
}

impl Session {
    pub fn is_revoked(&self) -> bool {
        self.revoked_at.is_some()
    }
}

/// A session to be stored at login or registration.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSession {
    pub id: SessionId,
    pub refresh_token_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// What an authenticated request acts as: the user and the session its token belongs to.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user: User,
    pub session_id: SessionId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Access,
    Refresh,
}

impl TokenKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Access => "access",
            Self::Refresh => "refresh",
        }
    }
}

/// The claims Tailor puts in its tokens, in domain terms.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenClaims {
    pub user_id: UserId,
    pub session_id: SessionId,
    pub token_id: Uuid,
    pub kind: TokenKind,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}
