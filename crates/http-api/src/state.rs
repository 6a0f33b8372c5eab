//! The single application state every handler extracts.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use tailor_domain::job::Catalogue;
use tailor_domain::services::{
    AccountService, ExportService, GenerationService, GenerationTasks, JobService, ProfileService,
    SampleService, UsageService,
};

use crate::cors::CorsPolicy;
use crate::jobs::rendered::RenderedPages;
use crate::rate_limit::RateLimiter;
use crate::rendered::RenderedBodies;
use crate::task_hub::TaskHub;

/// Something `/ready` must be able to reach (the database).
#[async_trait]
pub trait ReadinessCheck: Send + Sync {
    /// # Errors
    /// The dependency cannot be reached; the message is logged, not sent.
    async fn check(&self) -> anyhow::Result<()>;
}

/// Delivery settings.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Largest accepted JSON body in bytes; larger bodies get 413.
    pub json_body_limit: usize,
    /// Budget of each readiness check.
    pub readiness_timeout: std::time::Duration,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    pub cors: CorsPolicy,
    /// How long a request body may take to arrive once it is read; 408 beyond.
    pub body_read_timeout: Duration,
    /// Send `Strict-Transport-Security` (the server is reached over HTTPS only).
    pub hsts: bool,
    /// How long an idle event stream waits before it sends a keep-alive comment.
    pub sse_heartbeat: Duration,
    /// How often an event stream looks for changes no worker of this process announced
    /// (another instance's).
    pub sse_poll: Duration,
    /// How long a synchronous generation route with an `Idempotency-Key` waits for its
    /// queued work before it answers 503 (repeat to get the result).
    pub sync_wait: Duration,
    /// The origin download links start with (`https://api.example.com`); `None` takes the
    /// request's own scheme and host.
    pub public_base_url: Option<String>,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            json_body_limit: 1024 * 1024,
            readiness_timeout: std::time::Duration::from_secs(1),
            trust_forwarded_for: false,
            cors: CorsPolicy::default(),
            body_read_timeout: Duration::from_secs(10),
            hsts: false,
            sse_heartbeat: Duration::from_secs(15),
            sse_poll: Duration::from_secs(2),
            sync_wait: Duration::from_secs(25),
            public_base_url: None,
        }
    }
}

/// What handlers share: the use-case services and delivery settings.
pub struct AppState {
    pub accounts: Arc<AccountService>,
    pub profiles: Arc<ProfileService>,
    /// Serialised profile bodies by profile version (see [`crate::rendered`]).
    pub rendered_profiles: RenderedBodies,
    pub samples: Arc<SampleService>,
    pub jobs: Arc<JobService>,
    /// The sample postings of `/jobs/browse`, read and checked at start.
    pub catalogue: Arc<Catalogue>,
    /// Serialised job-list pages while the list cache keeps them (see `jobs::rendered`).
    pub rendered_jobs: RenderedPages,
    pub generations: Arc<GenerationService>,
    /// Background generations.
    pub tasks: Arc<GenerationTasks>,
    /// Change notifications of background generations in this process.
    pub task_hub: Arc<TaskHub>,
    /// Model usage reports.
    pub usage: Arc<UsageService>,
    /// Rendered, stored documents and their download links.
    pub exports: Arc<ExportService>,
    pub rate_limiter: Arc<dyn RateLimiter>,
    pub readiness: Vec<(String, Arc<dyn ReadinessCheck>)>,
    pub settings: HttpSettings,
}
