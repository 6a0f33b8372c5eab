//! `POST /auth/reset-password`: sets a new password with a reset code.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use tailor_domain::user::{PASSWORD_MAX_LEN, PASSWORD_MIN_LEN, Password};
use utoipa::ToSchema;

use super::dto::MessageResponse;
use crate::error::{ApiError, ErrorBody, UnprocessableBody};
use crate::rate_limit::Scope;
use crate::state::AppState;
use crate::throttle::limit;
use crate::validation::{FieldError, JsonBody, Validate, body_loc, check_len};

// No `Debug`: it holds a secret.
#[derive(Deserialize, ToSchema)]
pub struct ResetPasswordRequest {
    /// The code from the reset message.
    #[schema(max_length = 4096)]
    pub token: String,
    /// 8 to 1024 characters with an upper-case letter, a lower-case letter and a digit.
    #[schema(
        min_length = 8,
        max_length = 1024,
        pattern = r"^(?=[\s\S]*[A-Z])(?=[\s\S]*[a-z])(?=[\s\S]*[0-9])"
    )]
    pub new_password: String,
}

impl Validate for ResetPasswordRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        check_len(errors, body_loc("token"), &self.token, 0, 4096);
        check_len(
            errors,
            body_loc("new_password"),
            &self.new_password,
            PASSWORD_MIN_LEN,
            PASSWORD_MAX_LEN,
        );
    }
}

/// Set a new password with a reset code. The code is spent and every session of the user is
/// revoked.
#[utoipa::path(
    post, path = "/api/v1/auth/reset-password", tag = "auth",
    request_body = ResetPasswordRequest,
    responses(
        (status = 200, description = "`Password reset successfully`", body = MessageResponse),
        (status = 422, description = "Schema errors (list); the password policy or `Invalid reset token` (string)", body = UnprocessableBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    )
)]
pub(crate) async fn reset_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<ResetPasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    limit(&state, &req, Scope::ResetPassword, None).await?;
    let body = body.into_inner();
    state
        .accounts
        .reset_password(&body.token, Password::new(body.new_password))
        .await?;
    Ok(HttpResponse::Ok().json(MessageResponse {
        message: "Password reset successfully",
    }))
}
