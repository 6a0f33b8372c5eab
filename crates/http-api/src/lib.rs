//! Tailor's HTTP delivery layer (actix-web): routes, request/response DTOs, extractors, the
//! error mapping, CORS, rate limits and the OpenAPI document.
//!
//! It sees only the domain crate: handlers turn DTOs into domain values, call a service and
//! turn the result into a response. It never names a database or an adapter.
//!
//! Modules depend on each other in one direction only (no cycles), from the bottom up:
//! 1. `error` (every error answer, its body and the domain-error map), `time`, `cors`,
//!    `rate_limit`, `rendered`, `task_hub` and `openapi::fields` use no other module;
//! 2. `state` uses `cors`, `rate_limit`, `rendered` and `task_hub`;
//! 3. `extract`, `validation`, `throttle`, `body_timeout` and `health` use `error` and
//!    `state`;
//! 4. each feature (`auth`, `profiles`, `jobs`, `samples`, `generations`, `usage`, `exports`): its `dto` uses `validation`,
//!    `openapi::fields` and `time`; its handler modules use their `dto` and the modules
//!    above; its `mod.rs` only routes to them. Features do not use each other;
//! 5. `openapi` reads the handlers' annotations, `security_headers` uses `openapi`,
//!    `middleware` uses `security_headers`, and this file puts everything together.
#![forbid(unsafe_code)]

pub mod auth;
mod body_timeout;
pub mod cors;
pub mod error;
pub mod exports;
pub mod extract;
pub mod generations;
pub mod health;
pub mod jobs;
mod middleware;
pub mod openapi;
pub mod profiles;
pub mod rate_limit;
pub mod rendered;
pub mod samples;
mod security_headers;
pub mod state;
pub mod task_hub;
#[cfg(test)]
mod testing;
pub mod throttle;
pub mod time;
pub mod usage;
pub mod validation;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, HttpResponse, middleware::from_fn, web};
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

pub use state::{AppState, HttpSettings, ReadinessCheck};

use crate::error::ErrorBody;

/// Builds, once, what the routes derive from the OpenAPI document (the `Allow` table of
/// 405 answers), so that no request builds it on an HTTP worker. Call it at start.
pub fn prepare() {
    security_headers::prepare();
}

/// The whole application: every route, the edge middleware and request tracing.
pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(state)
        .wrap(from_fn(middleware::edge))
        .wrap(TracingLogger::<middleware::RequestSpan>::new())
        // Before the /api/v1 scope, which would otherwise claim /api/v1/openapi.json.
        .service(
            SwaggerUi::new("/docs/{_:.*}").url("/api/v1/openapi.json", openapi::ApiDoc::openapi()),
        )
        .service(web::resource("/health").route(web::get().to(health::health)))
        .service(web::resource("/ready").route(web::get().to(health::ready)))
        .service(
            web::scope("/api/v1")
                .configure(auth::routes)
                .configure(profiles::routes)
                .configure(jobs::routes)
                .configure(samples::routes)
                .configure(generations::routes)
                .configure(usage::routes)
                .configure(exports::routes),
        )
        .default_service(web::to(not_found))
}

async fn not_found() -> HttpResponse {
    HttpResponse::NotFound().json(ErrorBody {
        detail: "Not Found".to_owned(),
    })
}
