//! `POST /auth/logout`: ends the caller's session.

use actix_web::{HttpResponse, web};

use super::dto::MessageResponse;
use crate::error::ApiError;
use crate::extract::AuthUser;
use crate::state::AppState;

/// End the caller's session: its access and refresh tokens stop working.
#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "`Successfully logged out`", body = MessageResponse),
    )
)]
pub(crate) async fn logout(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<HttpResponse, ApiError> {
    state.accounts.logout(&user.0).await?;
    Ok(HttpResponse::Ok().json(MessageResponse {
        message: "Successfully logged out",
    }))
}
