use actix_web::HttpResponse;

use super::UserProfile;
use crate::error::{ApiError, ErrorBody};
use crate::extract::AuthUser;

/// The caller's account.
#[utoipa::path(
    get, path = "/api/v1/auth/me", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account", body = UserProfile),
        (status = 401, description = "`Invalid authentication token`", body = ErrorBody),
        (status = 403, description = "`Not authenticated`", body = ErrorBody),
    )
)]
pub(crate) async fn me(user: AuthUser) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(UserProfile::from(&user.0.user)))
}
