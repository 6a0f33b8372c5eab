//! `GET /auth/me`: the caller's account.

use actix_web::HttpResponse;

use super::dto::UserProfile;
use crate::error::ApiError;
use crate::extract::AuthUser;

/// The caller's account.
#[utoipa::path(
    get, path = "/api/v1/auth/me", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account", body = UserProfile),
    )
)]
pub(crate) async fn me(user: AuthUser) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(UserProfile::from(&user.0.user)))
}
