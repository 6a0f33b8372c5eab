//! `POST /auth/change-password`: changes the caller's password and ends every session.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use tailor_domain::user::{PASSWORD_MAX_LEN, PASSWORD_MIN_LEN, Password};
use utoipa::ToSchema;

use super::dto::MessageResponse;
use crate::error::{ApiError, ErrorBody, UnprocessableBody};
use crate::extract::AuthUser;
use crate::rate_limit::Scope;
use crate::state::AppState;
use crate::throttle::limit;
use crate::validation::{FieldError, JsonBody, Validate, body_loc, check_len};

// No `Debug`: it holds a secret.
#[derive(Deserialize, ToSchema)]
pub struct ChangePasswordRequest {
    #[schema(max_length = 1024)]
    pub current_password: String,
    /// 8 to 1024 characters with an upper-case letter, a lower-case letter and a digit,
    /// different from the current one.
    #[schema(
        min_length = 8,
        max_length = 1024,
        pattern = r"^(?=[\s\S]*[A-Z])(?=[\s\S]*[a-z])(?=[\s\S]*[0-9])"
    )]
    pub new_password: String,
}

impl Validate for ChangePasswordRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        check_len(
            errors,
            body_loc("current_password"),
            &self.current_password,
            0,
            PASSWORD_MAX_LEN,
        );
        check_len(
            errors,
            body_loc("new_password"),
            &self.new_password,
            PASSWORD_MIN_LEN,
            PASSWORD_MAX_LEN,
        );
    }
}

/// Change the caller's password. Every session of the user is revoked, this one included.
#[utoipa::path(
    post, path = "/api/v1/auth/change-password", tag = "auth",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "`Password changed successfully`", body = MessageResponse),
        (status = 401, description = "`Current password is incorrect`", body = ErrorBody),
        (status = 422, description = "Schema errors (list); the password policy or `New password must be different from current password` (string)", body = UnprocessableBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    )
)]
pub(crate) async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    body: JsonBody<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    limit(
        &state,
        &req,
        Scope::ChangePassword,
        Some(user.0.user.email().as_str()),
    )
    .await?;
    let body = body.into_inner();
    state
        .accounts
        .change_password(
            &user.0,
            Password::new(body.current_password),
            Password::new(body.new_password),
        )
        .await?;
    Ok(HttpResponse::Ok().json(MessageResponse {
        message: "Password changed successfully",
    }))
}
