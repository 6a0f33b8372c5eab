//! Liveness (`/health`, as the contract has it) and readiness (`/ready`, which checks the
//! database).

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use tailor_domain::ports::DependencyFault;

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
    /// Each dependency and `ok`, `unavailable`, `timeout` (no answer within the readiness
    /// budget) or `full` (storage below its free-space minimum).
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

/// Readiness: 200 when every dependency (the database) answers, 503 otherwise.
#[utoipa::path(get, path = "/ready", tag = "health",
    responses(
        (status = 200, description = "Ready", body = ReadinessResponse),
        (status = 503, description = "A dependency is unreachable, too slow or out of space", body = ReadinessResponse),
    ))]
pub(crate) async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let budget = state.settings.readiness_timeout;
    let outcomes =
        futures_util::future::join_all(state.readiness.iter().map(|(name, check)| async move {
            let outcome = match tokio::time::timeout(budget, check.check()).await {
                Ok(Ok(())) => "ok",
                Ok(Err(e)) => {
                    tracing::warn!(check = %name, error = ?e, "readiness check failed");
                    match DependencyFault::of(&e) {
                        Some(DependencyFault::StorageFull) => "full",
                        Some(DependencyFault::TimedOut) => "timeout",
                        _ => "unavailable",
                    }
                }
                Err(_) => {
                    tracing::warn!(check = %name, "readiness check timed out");
                    "timeout"
                }
            };
            (name.clone(), outcome)
        }))
        .await;
    let failed: Vec<String> = outcomes
        .iter()
        .filter(|(_, outcome)| *outcome != "ok")
        .map(|(name, outcome)| format!("{name} ({outcome})"))
        .collect();
    let checks: BTreeMap<String, &'static str> = outcomes.into_iter().collect();
    if failed.is_empty() {
        HttpResponse::Ok().json(ReadinessResponse {
            status: "ready",
            checks,
            detail: None,
        })
    } else {
        HttpResponse::ServiceUnavailable()
            .insert_header((actix_web::http::header::RETRY_AFTER, 1))
            .json(ReadinessResponse {
                status: "unavailable",
                checks,
                detail: Some(format!("Not ready: {}", failed.join(", "))),
            })
    }
}
