//! `POST /auth/refresh`: trades a refresh token for a new token pair.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::dto::TokenResponse;
use crate::error::{ApiError, ErrorBody, ValidationErrorBody};
use crate::rate_limit::Scope;
use crate::state::AppState;
use crate::throttle::limit;
use crate::validation::{FieldError, JsonBody, Validate, body_loc, check_len};

// No `Debug`: it holds a secret.
#[derive(Deserialize, ToSchema)]
pub struct RefreshRequest {
    #[schema(max_length = 4096)]
    pub refresh_token: String,
}

impl Validate for RefreshRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        check_len(
            errors,
            body_loc("refresh_token"),
            &self.refresh_token,
            0,
            4096,
        );
    }
}

/// Exchange a refresh token for a new token pair. The presented refresh token is retired;
/// presenting it again revokes the whole session.
#[utoipa::path(
    post, path = "/api/v1/auth/refresh", tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair", body = TokenResponse),
        (status = 401, description = "`Invalid refresh token`, `User not found` or `Account is deactivated`", body = ErrorBody),
        (status = 422, description = "Schema errors", body = ValidationErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    )
)]
pub(crate) async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    limit(&state, &req, Scope::Refresh, None).await?;
    let session = state
        .accounts
        .refresh(&body.into_inner().refresh_token)
        .await?;
    Ok(HttpResponse::Ok().json(TokenResponse::from(session)))
}
