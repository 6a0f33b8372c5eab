//! The account routes' response bodies.

use serde::Serialize;
use tailor_domain::services::AuthSession;
use tailor_domain::user::User;
use utoipa::ToSchema;

use crate::time::naive_iso;

/// The user as token responses carry it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenUser {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    /// Naive UTC ISO-8601.
    pub created_at: Option<String>,
}

/// A signed-in session: a token pair and its user.
// No `Debug`: it holds the tokens.
#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Access-token lifetime in seconds.
    pub expires_in: i64,
    pub user: TokenUser,
}

impl From<AuthSession> for TokenResponse {
    fn from(s: AuthSession) -> Self {
        Self {
            access_token: s.access_token,
            refresh_token: s.refresh_token,
            token_type: "Bearer",
            expires_in: s.expires_in,
            user: TokenUser {
                id: s.user.id().get(),
                email: s.user.email().as_str().to_owned(),
                full_name: s.user.full_name().to_owned(),
                created_at: Some(naive_iso(s.user.created_at())),
            },
        }
    }
}

/// The caller's account.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserProfile {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    pub is_active: bool,
    pub is_verified: bool,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

impl From<&User> for UserProfile {
    fn from(u: &User) -> Self {
        Self {
            id: u.id().get(),
            email: u.email().as_str().to_owned(),
            full_name: u.full_name().to_owned(),
            is_active: u.is_active(),
            is_verified: u.is_verified(),
            created_at: Some(naive_iso(u.created_at())),
            updated_at: Some(naive_iso(u.updated_at())),
        }
    }
}

/// `{"message": "..."}`
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageResponse {
    pub message: &'static str,
}
