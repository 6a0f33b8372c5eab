//! `GET /auth/check-email`: whether an address is free to register.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody, ValidationErrorBody};
use crate::rate_limit::Scope;
use crate::state::AppState;
use crate::throttle::limit;
use crate::validation::{FieldError, parse_email, query_pairs};

#[derive(Debug, Serialize, ToSchema)]
pub struct EmailAvailability {
    pub available: bool,
}

/// Whether an email address is still free to register.
#[utoipa::path(
    get, path = "/api/v1/auth/check-email", tag = "auth",
    params(("email" = String, Query, format = Email, max_length = 254, description = "The address to check")),
    responses(
        (status = 200, description = "Availability", body = EmailAvailability),
        (status = 422, description = "Missing or invalid `email`", body = ValidationErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    )
)]
pub(crate) async fn check_email(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let loc = vec!["query".into(), "email".into()];
    // A repeated `email` counts once, the last one.
    let Some((_, raw)) = query_pairs(req.query_string())
        .into_iter()
        .rfind(|(key, _)| key == "email")
    else {
        return Err(ApiError::Validation(vec![FieldError::missing(
            loc,
            Value::Null,
        )]));
    };
    let email = parse_email(loc, &raw)?;
    limit(&state, &req, Scope::CheckEmail, None).await?;
    let available = state.accounts.email_available(&email).await?;
    Ok(HttpResponse::Ok().json(EmailAvailability { available }))
}
