//! `POST /auth/register`: creates an account and signs it in.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use tailor_domain::user::{FullName, PASSWORD_MAX_LEN, PASSWORD_MIN_LEN, Password};
use utoipa::ToSchema;

use super::dto::TokenResponse;
use crate::error::{ApiError, ErrorBody, UnprocessableBody};
use crate::rate_limit::Scope;
use crate::state::AppState;
use crate::throttle::limit;
use crate::validation::{
    FieldError, JsonBody, Validate, body_loc, check_email, check_len, parse_email,
};

// No `Debug`: it holds a secret.
#[derive(Deserialize, ToSchema)]
pub struct RegisterRequest {
    /// An email address of the form `local@domain.tld` (letters, digits and `._%+-` before
    /// the `@`, a letter-only top-level domain of two or more letters); the domain is
    /// lower-cased, the local part kept as typed.
    #[schema(format = Email, max_length = 254, pattern = r"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$")]
    pub email: String,
    /// 8 to 1024 characters with an upper-case letter, a lower-case letter and a digit.
    #[schema(
        min_length = 8,
        max_length = 1024,
        pattern = r"^(?=[\s\S]*[A-Z])(?=[\s\S]*[a-z])(?=[\s\S]*[0-9])"
    )]
    pub password: String,
    /// 1 to 100 characters, not all blank (stored trimmed).
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub full_name: String,
}

impl Validate for RegisterRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        check_email(errors, body_loc("email"), &self.email);
        check_len(
            errors,
            body_loc("password"),
            &self.password,
            PASSWORD_MIN_LEN,
            PASSWORD_MAX_LEN,
        );
        check_len(errors, body_loc("full_name"), &self.full_name, 1, 100);
    }
}

/// Create an account and sign in.
#[utoipa::path(
    post, path = "/api/v1/auth/register", tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Registered and signed in", body = TokenResponse),
        (status = 409, description = "`User with this email already exists`", body = ErrorBody),
        (status = 422, description = "Schema errors (list); the password policy, `Invalid email format` or a blank `full_name` (string)", body = UnprocessableBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    )
)]
pub(crate) async fn register(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let email = parse_email(body_loc("email"), &body.email)?;
    limit(&state, &req, Scope::Register, Some(email.as_str())).await?;
    let full_name = FullName::parse(&body.full_name)?;
    let session = state
        .accounts
        .register(email, Password::new(body.password), full_name)
        .await?;
    Ok(HttpResponse::Created().json(TokenResponse::from(session)))
}
