//! The rate limits applied to a request: by client address and, when the route names one,
//! by account email.

use actix_web::HttpRequest;

use crate::error::ApiError;
use crate::extract::client_ip;
use crate::rate_limit::{Scope, Subject};
use crate::state::AppState;

/// Applies the scope's limits to the client address and, when given, the account email.
pub async fn limit(
    state: &AppState,
    req: &HttpRequest,
    scope: Scope,
    email: Option<&str>,
) -> Result<(), ApiError> {
    let mut subjects = Vec::with_capacity(2);
    if let Some(ip) = client_ip(req, state.settings.trust_forwarded_for) {
        subjects.push(Subject::Ip(ip));
    }
    if let Some(email) = email {
        subjects.push(Subject::Email(email.to_owned()));
    }
    for subject in &subjects {
        if let Err(wait) = state.rate_limiter.check(scope, subject).await {
            tracing::warn!(scope = scope.as_str(), "rate limit exceeded");
            return Err(ApiError::TooManyRequests {
                retry_after_secs: wait.as_secs_f64().ceil() as u64,
            });
        }
    }
    Ok(())
}
