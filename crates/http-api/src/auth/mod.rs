//! `/api/v1/auth`: the nine account routes.

mod change_password;
mod check_email;
mod forgot_password;
mod login;
mod logout;
mod me;
mod refresh;
mod register;
mod reset_password;

use actix_web::{HttpRequest, web};
use serde::Serialize;
use tailor_domain::services::AuthSession;
use tailor_domain::user::User;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::extract::client_ip;
use crate::rate_limit::{Scope, Subject};
use crate::state::AppState;
use crate::time::naive_iso;

pub(crate) use change_password::*;
pub(crate) use check_email::*;
pub(crate) use forgot_password::*;
pub(crate) use login::*;
pub(crate) use logout::*;
pub(crate) use me::*;
pub(crate) use refresh::*;
pub(crate) use register::*;
pub(crate) use reset_password::*;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/auth")
            .service(web::resource("/register").route(web::post().to(register)))
            .service(web::resource("/login").route(web::post().to(login)))
            .service(web::resource("/refresh").route(web::post().to(refresh)))
            .service(web::resource("/me").route(web::get().to(me)))
            .service(web::resource("/logout").route(web::post().to(logout)))
            .service(web::resource("/change-password").route(web::post().to(change_password)))
            .service(web::resource("/forgot-password").route(web::post().to(forgot_password)))
            .service(web::resource("/reset-password").route(web::post().to(reset_password)))
            .service(web::resource("/check-email").route(web::get().to(check_email))),
    );
}

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

/// Applies the scope's limits to the client address and, when given, the account email.
pub(crate) async fn limit(
    state: &AppState,
    req: &HttpRequest,
    scope: Scope,
    email: Option<&str>,
) -> Result<(), ApiError> {
    let mut subjects = Vec::with_capacity(2);
    if let Some(ip) = client_ip(req, state.settings.trust_forwarded_for) {
        subjects.push(Subject::Ip(ip));
    }
    if let Some(email) = email {
        subjects.push(Subject::Email(email.to_owned()));
    }
    for subject in &subjects {
        if let Err(wait) = state.rate_limiter.check(scope, subject).await {
            tracing::warn!(scope = scope.as_str(), "rate limit exceeded");
            return Err(ApiError::TooManyRequests {
                retry_after_secs: wait.as_secs_f64().ceil() as u64,
            });
        }
    }
    Ok(())
}
