//! Liveness (`/health`, as the contract has it) and readiness (`/ready`, which checks the
//! database).

use std::collections::BTreeMap;
use std::time::Duration;

use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct HealthResponse {
    /// Always `healthy` while the process serves requests.
    pub status: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReadinessResponse {
    /// `ready` or `unavailable`.
    pub status: &'static str,
    /// Each dependency and `ok` or `unavailable`.
    pub checks: BTreeMap<String, &'static str>,
    /// Present when not ready.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Liveness: answers while the process serves requests; checks nothing else.
#[utoipa::path(get, path = "/health", tag = "health",
    responses((status = 200, description = "Alive", body = HealthResponse)))]
pub(crate) async fn health() -> HttpResponse {
    HttpResponse::Ok().json(HealthResponse { status: "healthy" })
}

const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// Readiness: 200 when every dependency (the database) answers, 503 otherwise.
#[utoipa::path(get, path = "/ready", tag = "health",
    responses(
        (status = 200, description = "Ready", body = ReadinessResponse),
        (status = 503, description = "A dependency is unreachable", body = ReadinessResponse),
    ))]
pub(crate) async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let mut checks = BTreeMap::new();
    let mut failed = Vec::new();
    for (name, check) in &state.readiness {
        let outcome = tokio::time::timeout(CHECK_TIMEOUT, check.check()).await;
        let ok = match outcome {
            Ok(Ok(())) => true,
            Ok(Err(e)) => {
                tracing::warn!(check = %name, error = ?e, "readiness check failed");
                false
            }
            Err(_) => {
                tracing::warn!(check = %name, "readiness check timed out");
                false
            }
        };
        checks.insert(name.clone(), if ok { "ok" } else { "unavailable" });
        if !ok {
            failed.push(name.clone());
        }
    }
    if failed.is_empty() {
        HttpResponse::Ok().json(ReadinessResponse {
            status: "ready",
            checks,
            detail: None,
        })
    } else {
        HttpResponse::ServiceUnavailable().json(ReadinessResponse {
            status: "unavailable",
            checks,
            detail: Some(format!("Unavailable: {}", failed.join(", "))),
        })
    }
}
