//! `POST /auth/login`: signs in with email and password.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use tailor_domain::user::{PASSWORD_MAX_LEN, Password};
use utoipa::ToSchema;

use super::dto::TokenResponse;
use crate::error::{ApiError, ErrorBody, ValidationErrorBody};
use crate::rate_limit::Scope;
use crate::state::AppState;
use crate::throttle::limit;
use crate::validation::{
    FieldError, JsonBody, Validate, body_loc, check_email, check_len, parse_email,
};

// No `Debug`: it holds a secret.
#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    #[schema(max_length = 1024)]
    pub password: String,
}

impl Validate for LoginRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        check_email(errors, body_loc("email"), &self.email);
        check_len(
            errors,
            body_loc("password"),
            &self.password,
            0,
            PASSWORD_MAX_LEN,
        );
    }
}

/// Sign in with email and password.
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "`Invalid credentials` or `Account is deactivated`", body = ErrorBody),
        (status = 422, description = "Schema errors", body = ValidationErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    )
)]
pub(crate) async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let email = parse_email(body_loc("email"), &body.email)?;
    limit(&state, &req, Scope::Login, Some(email.as_str())).await?;
    let session = state
        .accounts
        .login(&email, Password::new(body.password))
        .await?;
    Ok(HttpResponse::Ok().json(TokenResponse::from(session)))
}
