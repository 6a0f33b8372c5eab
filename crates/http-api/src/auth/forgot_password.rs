//! `POST /auth/forgot-password`: mails a single-use reset code to a real account.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::dto::MessageResponse;
use tailor_domain::ports::DependencyFault;
use tailor_domain::services::accounts::ForgotPasswordError;

use crate::error::{ApiError, ErrorBody, ValidationErrorBody};
use crate::rate_limit::Scope;
use crate::state::AppState;
use crate::throttle::limit;
use crate::validation::{FieldError, JsonBody, Validate, body_loc, check_email, parse_email};

#[derive(Debug, Deserialize, ToSchema)]
pub struct ForgotPasswordRequest {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
}

impl Validate for ForgotPasswordRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        check_email(errors, body_loc("email"), &self.email);
    }
}

const SENT: &str = "If the email exists, a reset link has been sent";

/// Start a password reset. The answer is the same whether or not the account exists; for a
/// real account a single-use code valid for 30 minutes is mailed.
#[utoipa::path(
    post, path = "/api/v1/auth/forgot-password", tag = "auth",
    request_body = ForgotPasswordRequest,
    responses(
        (status = 200, description = "Always the same message", body = MessageResponse),
        (status = 422, description = "Schema errors", body = ValidationErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    )
)]
pub(crate) async fn forgot_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<ForgotPasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let email = parse_email(body_loc("email"), &body.email)?;
    limit(&state, &req, Scope::ForgotPassword, Some(email.as_str())).await?;
    // A failure for a real account must not answer differently from an unknown one: the
    // caller would learn that the account exists. Log it and answer the same. Only a
    // look-up that found the database unreachable or silent, which fails alike for every
    // address, is answered as such (503): the caller should retry rather than wait for a
    // message that was never sent.
    match state.accounts.forgot_password(&email).await {
        Ok(()) => {}
        Err(ForgotPasswordError::Lookup(e))
            if matches!(
                DependencyFault::of(&e),
                Some(DependencyFault::Unavailable | DependencyFault::TimedOut)
            ) =>
        {
            return Err(ApiError::Internal(e));
        }
        Err(e) => tracing::error!(error.cause_chain = ?e, "password reset request failed"),
    }
    Ok(HttpResponse::Ok().json(MessageResponse { message: SENT }))
}
