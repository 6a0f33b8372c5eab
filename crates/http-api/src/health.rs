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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use actix_web::{App, test, web};
    use async_trait::async_trait;
    use tailor_domain::ports::{
        MockClock, MockDocumentStore, MockJobPageFetcher, MockJobRepository, MockMailer,
        MockPasswordHasher, MockPasswordResetRepository, MockPostingAnalyser,
        MockProfileRepository, MockSampleRepository, MockSessionRepository, MockTextExtractor,
        MockTokenCodec, MockUserRepository,
    };
    use tailor_domain::services::accounts::AccountPorts;
    use tailor_domain::services::{
        AccountService, AccountSettings, JobPorts, JobService, ProfileService, SampleService,
    };

    use super::*;
    use crate::rate_limit::Unlimited;
    use crate::state::{HttpSettings, ReadinessCheck};

    struct Fixed(bool);

    #[async_trait]
    impl ReadinessCheck for Fixed {
        async fn check(&self) -> anyhow::Result<()> {
            if self.0 {
                Ok(())
            } else {
                anyhow::bail!("connection refused")
            }
        }
    }

    fn state(database_up: bool) -> web::Data<AppState> {
        let accounts = AccountService::new(
            AccountPorts {
                users: Arc::new(MockUserRepository::new()),
                sessions: Arc::new(MockSessionRepository::new()),
                resets: Arc::new(MockPasswordResetRepository::new()),
                hasher: Arc::new(MockPasswordHasher::new()),
                tokens: Arc::new(MockTokenCodec::new()),
                mailer: Arc::new(MockMailer::new()),
                clock: Arc::new(MockClock::new()),
            },
            AccountSettings::default(),
        );
        web::Data::new(AppState {
            accounts: Arc::new(accounts),
            profiles: Arc::new(ProfileService::new(
                Arc::new(MockProfileRepository::new()),
                Arc::new(MockClock::new()),
            )),
            rendered_profiles: Default::default(),
            samples: Arc::new(SampleService::new(
                Arc::new(MockSampleRepository::new()),
                Arc::new(MockDocumentStore::new()),
                Arc::new(MockTextExtractor::new()),
                Arc::new(MockClock::new()),
            )),
            jobs: Arc::new(JobService::new(JobPorts {
                jobs: Arc::new(MockJobRepository::new()),
                analyser: Arc::new(MockPostingAnalyser::new()),
                fetcher: Arc::new(MockJobPageFetcher::new()),
                store: Arc::new(MockDocumentStore::new()),
                clock: Arc::new(MockClock::new()),
            })),
            rate_limiter: Arc::new(Unlimited),
            readiness: vec![("database".to_owned(), Arc::new(Fixed(database_up)))],
            settings: HttpSettings::default(),
        })
    }

    #[actix_web::test]
    async fn ready_is_503_when_the_database_does_not_answer() {
        let app = test::init_service(
            App::new()
                .app_data(state(false))
                .route("/ready", web::get().to(ready)),
        )
        .await;
        let res =
            test::call_service(&app, test::TestRequest::get().uri("/ready").to_request()).await;
        assert_eq!(
            res.status(),
            actix_web::http::StatusCode::SERVICE_UNAVAILABLE
        );
        let body: serde_json::Value = test::read_body_json(res).await;
        assert_eq!(body["status"], "unavailable");
        assert_eq!(body["checks"]["database"], "unavailable");
        assert!(body["detail"].as_str().unwrap().contains("database"));
    }

    #[actix_web::test]
    async fn ready_is_200_when_every_check_passes() {
        let app = test::init_service(
            App::new()
                .app_data(state(true))
                .route("/ready", web::get().to(ready)),
        )
        .await;
        let res =
            test::call_service(&app, test::TestRequest::get().uri("/ready").to_request()).await;
        assert_eq!(res.status(), actix_web::http::StatusCode::OK);
        let body: serde_json::Value = test::read_body_json(res).await;
        assert_eq!(
            body,
            serde_json::json!({"status": "ready", "checks": {"database": "ok"}})
        );
    }
}
