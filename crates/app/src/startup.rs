//! Wiring: builds the adapters, then the services, then the one `AppState`, binds the
//! listener and runs the HTTP server. The only place that knows every concrete type.

use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::{HttpServer, web};
use anyhow::Context;
use tailor_analysis::Engines;
use tailor_auth::{Argon2PasswordHasher, Argon2Settings, HmacLinkSigner, JwtTokenCodec};
use tailor_cache::{
    CachingJobRepository, CachingPasswordResetRepository, CachingProfileRepository,
    CachingSessionRepository, CachingUserRepository, InMemoryResponseCache, PrincipalCache,
};
use tailor_document_store::FsDocumentStore;
use tailor_domain::ports::SystemClock;
use tailor_domain::services::{
    AccountPorts, AccountService, AccountSettings, ExportPorts, ExportService, ExportSettings,
    GenerationPorts, GenerationService, GenerationTasks, JobPorts, JobService, ModelMetering,
    ProfilePorts, ProfileService, SamplePorts, SampleService, TaskPorts, TaskSettings,
    UsageService,
};
use tailor_domain::usage::{OverBudget, Price, PriceTable, TokenBudget};
use tailor_extract::FileTextExtractor;
use tailor_http_api::cors::CorsPolicy;
use tailor_http_api::rate_limit::{InMemoryRateLimiter, RateLimiter, Unlimited};
use tailor_http_api::task_hub::TaskHub;
use tailor_http_api::{AppState, HttpSettings, ReadinessCheck};
use tailor_llm_client::{ANTHROPIC_BASE_URL, Anthropic, LlmClientConfig, OpenAiCompatible};
use tailor_page_fetch::{PageFetchSettings, ReqwestJobPageFetcher};
use tailor_persistence::{
    Database, SeaOrmExportRepository, SeaOrmGenerationQueue, SeaOrmGenerationRepository,
    SeaOrmJobRepository, SeaOrmPasswordResetRepository, SeaOrmProfileRepository,
    SeaOrmSampleRepository, SeaOrmSessionRepository, SeaOrmUsageLedger, SeaOrmUserRepository,
};
use tailor_render::{RenderConfig, TypstRenderer};

use crate::mailer::OutboxMailer;
use crate::readiness::{DatabaseReadiness, StorageReadiness};
use crate::secret::resolve_jwt_secret;
use crate::settings::{Settings, ensure_data_dir};
use crate::worker::{WorkerPool, WorkerSettings};

/// A built, bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    database: Database,
    workers: WorkerPool,
}

/// Installs the process-wide TLS crypto provider (aws-lc), so every TLS client in the
/// process (PostgreSQL over TLS, outbound HTTP) agrees on one. Safe to call repeatedly.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}

/// Connects to the configured database and, when `auto_migrate` is on, applies pending
/// migrations.
///
/// # Errors
/// The database is unreachable or a migration fails.
pub async fn connect_database(settings: &Settings) -> anyhow::Result<Database> {
    ensure_data_dir(&settings.data.dir)?;
    if settings.database.auto_migrate {
        let migrations = Database::connect(&settings.migration_database_settings()).await?;
        let report =
            tailor_migrations::execute(migrations.connection(), tailor_migrations::Command::Up)
                .await
                .context("apply migrations")?;
        for line in report.lines().filter(|l| l.starts_with("applied")) {
            tracing::info!(
                migration = line.trim_start_matches("applied "),
                "migration applied"
            );
        }
        migrations.close().await?;
    }
    Database::connect(&settings.database_settings()).await
}

impl Application {
    /// Builds everything and binds the listener (port 0 picks a free port).
    ///
    /// # Errors
    /// Any adapter that cannot be built, or an address that cannot be bound.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        install_crypto_provider();
        // The shipped data (skills vocabulary, browse catalogue) is read and checked first:
        // a bad data file stops the start, not a user's request. The HTTP layer's tables
        // derived from the OpenAPI document are built here too.
        let engines = tokio::task::spawn_blocking(|| {
            tailor_http_api::prepare();
            Engines::load(std::thread::available_parallelism().map_or(2, usize::from))
        })
        .await
        .context("text engines setup task")??;
        let database = connect_database(&settings).await?;
        let secret = resolve_jwt_secret(&settings)?;

        let argon = Argon2Settings {
            memory_kib: settings.auth.argon2_memory_kib,
            iterations: settings.auth.argon2_iterations,
            parallelism: settings.auth.argon2_parallelism,
            threads: settings.auth.hash_threads,
            low_priority: settings.auth.hash_low_priority,
        };
        let hasher = tokio::task::spawn_blocking(move || Argon2PasswordHasher::new(argon))
            .await
            .context("argon2 setup task")?
            .context("auth.argon2_*")?;

        // Read caches wrap the repositories (see `tailor-cache`); a TTL of zero turns one off.
        let principals = Arc::new(PrincipalCache::new(
            Duration::from_millis(settings.auth.session_cache_ttl_ms),
            settings.auth.session_cache_capacity,
        ));
        let accounts = AccountService::new(
            AccountPorts {
                users: Arc::new(CachingUserRepository::new(
                    Arc::new(SeaOrmUserRepository::new(database.clone())),
                    Arc::clone(&principals),
                )),
                sessions: Arc::new(CachingSessionRepository::new(
                    Arc::new(SeaOrmSessionRepository::new(database.clone())),
                    Arc::clone(&principals),
                )),
                resets: Arc::new(CachingPasswordResetRepository::new(
                    Arc::new(SeaOrmPasswordResetRepository::new(database.clone())),
                    principals,
                )),
                hasher: Arc::new(hasher),
                tokens: Arc::new(JwtTokenCodec::new(&secret)),
                mailer: Arc::new(OutboxMailer::new(settings.data.dir.join("outbox"))?),
                clock: Arc::new(SystemClock),
            },
            AccountSettings {
                access_token_ttl: chrono::Duration::minutes(settings.auth.access_token_ttl_minutes),
                refresh_token_ttl: chrono::Duration::days(settings.auth.refresh_token_ttl_days),
                password_reset_ttl: chrono::Duration::minutes(
                    settings.auth.password_reset_ttl_minutes,
                ),
                refresh_reuse_grace: chrono::Duration::milliseconds(
                    settings.auth.refresh_reuse_grace_ms.max(0),
                ),
            },
        );

        let rate_limiter: Arc<dyn RateLimiter> = if settings.rate_limit.enabled {
            Arc::new(InMemoryRateLimiter::new(&settings.rate_limit.scopes()).context("rate_limit")?)
        } else {
            tracing::warn!("rate limiting is disabled (rate_limit.enabled = false)");
            Arc::new(Unlimited)
        };
        spawn_rate_limit_pruning(rate_limiter.clone());

        // One instance of each repository (with its cache), shared by every service that
        // uses it, so that a write through one invalidates what the others read.
        let profile_repository = Arc::new(CachingProfileRepository::new(
            Arc::new(SeaOrmProfileRepository::new(database.clone())),
            Duration::from_millis(settings.profiles.cache_ttl_ms),
            settings.profiles.cache_capacity,
        ));
        let profiles = ProfileService::new(ProfilePorts {
            profiles: profile_repository.clone(),
            clock: Arc::new(SystemClock),
        });

        let documents = Arc::new(FsDocumentStore::new(settings.data.dir.join("documents"))?);
        let sample_repository = Arc::new(SeaOrmSampleRepository::new(database.clone()));
        let samples = SampleService::new(SamplePorts {
            samples: sample_repository.clone(),
            store: documents.clone(),
            extractor: Arc::new(FileTextExtractor::new()),
            style: engines.style.clone(),
            clock: Arc::new(SystemClock),
        });

        let import = &settings.jobs.url_import;
        let fetcher = ReqwestJobPageFetcher::new(PageFetchSettings {
            timeout: Duration::from_secs(import.timeout_secs),
            max_bytes: import.max_bytes,
            max_redirects: import.max_redirects,
            allow_private_addresses: import.allow_private_addresses,
            ..PageFetchSettings::default()
        })
        .context("jobs.url_import")?;
        if import.allow_private_addresses {
            tracing::warn!(
                "URL imports may reach private addresses (jobs.url_import.allow_private_addresses)"
            );
        }
        let job_repository = Arc::new(CachingJobRepository::new(
            Arc::new(SeaOrmJobRepository::new(database.clone())),
            Duration::from_millis(settings.jobs.list_cache_ttl_ms),
            settings.jobs.list_cache_capacity,
        ));
        let generation_repository = Arc::new(SeaOrmGenerationRepository::new(database.clone()));
        let model = language_model(&settings.llm)?;
        let usage_ledger = Arc::new(SeaOrmUsageLedger::new(database.clone()));
        let generations = GenerationService::new(GenerationPorts {
            jobs: job_repository.clone(),
            profiles: profile_repository,
            samples: sample_repository,
            rankings: generation_repository.clone(),
            generations: generation_repository.clone(),
            store: documents.clone(),
            matcher: engines.matching.clone(),
            composer: engines.composer.clone(),
            model,
            clock: Arc::new(SystemClock),
        })
        // All model steps of one request share one deadline, so a request answers within
        // the client's 30 s whatever the model does.
        .with_model_budget(Duration::from_secs(settings.llm.deadline_secs))
        .with_metering(ModelMetering {
            ledger: usage_ledger.clone(),
            cache: Arc::new(InMemoryResponseCache::new(
                Duration::from_secs(settings.llm.response_cache_ttl_secs),
                settings.llm.response_cache_capacity,
            )),
            prices: price_table(&settings.llm),
            budget: token_budget(&settings.llm),
        });
        let generations = Arc::new(generations);
        let usage = UsageService::new(
            usage_ledger,
            Arc::new(SystemClock),
            token_budget(&settings.llm),
        );
        let gen_settings = &settings.generation;
        let task_hub = TaskHub::new();
        let tasks = Arc::new(GenerationTasks::new(
            TaskPorts {
                queue: Arc::new(SeaOrmGenerationQueue::new(database.clone())),
                jobs: job_repository.clone(),
                generations: generation_repository.clone(),
                signal: task_hub.clone(),
                clock: Arc::new(SystemClock),
            },
            Arc::clone(&generations),
            TaskSettings {
                max_active_per_user: gen_settings.max_active_per_user,
                max_running_per_user: gen_settings.max_running_per_user,
                max_attempts: gen_settings.max_attempts,
                lease: Duration::from_secs(gen_settings.lease_secs),
            },
        ));
        let exports_settings = &settings.exports;
        let renderer = {
            let config = RenderConfig {
                font_dirs: exports_settings.font_dirs.clone(),
                max_concurrent: match exports_settings.max_concurrent_renders {
                    0 => RenderConfig::default().max_concurrent,
                    n => n,
                },
                queue_timeout: Duration::from_millis(exports_settings.render_queue_timeout_ms),
            };
            // Reads the font folders once: off the executor.
            tokio::task::spawn_blocking(move || TypstRenderer::new(config))
                .await
                .context("start the renderer")??
        };
        let exports = Arc::new(ExportService::new(
            ExportPorts {
                exports: Arc::new(SeaOrmExportRepository::new(database.clone())),
                generations: generation_repository.clone(),
                jobs: job_repository.clone(),
                renderer: Arc::new(renderer),
                store: documents.clone(),
                links: Arc::new(HmacLinkSigner::new(&secret)),
                clock: Arc::new(SystemClock),
            },
            ExportSettings {
                retention: Duration::from_secs(exports_settings.retention_days * 24 * 3600),
                link_ttl: Duration::from_secs(exports_settings.link_ttl_secs.max(1)),
            },
        ));
        spawn_export_purge(
            Arc::clone(&exports),
            Duration::from_secs(exports_settings.purge_interval_secs.max(60)),
        );
        let jobs = JobService::new(JobPorts {
            jobs: job_repository,
            analyser: engines.posting.clone(),
            fetcher: Arc::new(fetcher),
            store: documents,
            clock: Arc::new(SystemClock),
        });

        let accounts = Arc::new(accounts);
        spawn_purge(
            Arc::clone(&accounts),
            Duration::from_secs(settings.auth.purge_interval_secs.max(60)),
        );

        let state = web::Data::new(AppState {
            accounts,
            profiles: Arc::new(profiles),
            rendered_profiles: Default::default(),
            samples: Arc::new(samples),
            jobs: Arc::new(jobs),
            generations,
            tasks: Arc::clone(&tasks),
            task_hub: task_hub.clone(),
            usage: Arc::new(usage),
            exports,
            catalogue: engines.catalogue.clone(),
            rendered_jobs: Default::default(),
            rate_limiter,
            readiness: vec![
                (
                    "database".to_owned(),
                    Arc::new(DatabaseReadiness(database.clone())) as Arc<dyn ReadinessCheck>,
                ),
                (
                    "storage".to_owned(),
                    Arc::new(StorageReadiness {
                        folders: settings.storage_folders(),
                        min_free_bytes: settings.data.min_free_bytes,
                    }),
                ),
            ],
            settings: HttpSettings {
                json_body_limit: settings.server.json_body_limit,
                readiness_timeout: Duration::from_millis(
                    settings.server.readiness_timeout_ms.max(1),
                ),
                trust_forwarded_for: settings.server.trust_forwarded_for,
                cors: CorsPolicy {
                    allowed_origins: settings.cors.allowed_origins.clone(),
                    allow_localhost: settings.cors.allow_localhost,
                },
                body_read_timeout: Duration::from_secs(settings.server.body_read_timeout_secs),
                hsts: settings.server.hsts,
                sse_heartbeat: Duration::from_secs(gen_settings.sse_heartbeat_secs),
                sse_poll: Duration::from_millis(gen_settings.sse_poll_ms),
                // Within the app's 30 s, after all model steps had their time.
                sync_wait: Duration::from_secs((settings.llm.deadline_secs + 3).min(28)),
                public_base_url: Some(settings.server.public_base_url.trim().to_owned())
                    .filter(|u| !u.is_empty()),
            },
        });

        let address = format!("{}:{}", settings.server.host, settings.server.port);
        let workers = match settings.server.workers {
            0 => std::thread::available_parallelism().map_or(2, usize::from),
            n => n,
        };
        let edge = &settings.server;
        let server = HttpServer::new(move || tailor_http_api::app(state.clone()))
            .workers(workers)
            .max_connections(edge.max_connections)
            .backlog(edge.backlog)
            .keep_alive(Duration::from_secs(edge.keep_alive_secs))
            .client_request_timeout(Duration::from_secs(edge.client_request_timeout_secs))
            .client_disconnect_timeout(Duration::from_secs(edge.client_disconnect_timeout_secs))
            .shutdown_timeout(edge.shutdown_timeout_secs)
            .bind(&address)
            .with_context(|| format!("cannot listen on {address}"))?;
        let port = server
            .addrs()
            .first()
            .map(|a| a.port())
            .context("no listening address")?;
        let server = server.run();
        let worker_pool = WorkerPool::start(
            tasks,
            task_hub,
            WorkerSettings {
                workers: gen_settings.workers,
                lease: Duration::from_secs(gen_settings.lease_secs),
                poll: Duration::from_millis(gen_settings.poll_interval_ms),
                recover_every: Duration::from_secs(gen_settings.recover_interval_secs),
                retention: chrono::Duration::days(gen_settings.task_retention_days.max(1)),
                shutdown_grace: Duration::from_secs(gen_settings.shutdown_grace_secs),
            },
        );
        tracing::info!(
            address = %format!("{}:{port}", settings.server.host),
            database = ?database.backend(),
            workers,
            max_connections = edge.max_connections,
            "listening"
        );
        Ok(Self {
            port,
            server,
            database,
            workers: worker_pool,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle that stops the server (`stop(true)` waits for requests in flight).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Runs until the server is stopped (SIGINT/SIGTERM), then stops the background
    /// workers (running generations finish within the grace period or go back to the
    /// queue) and closes the database pool.
    ///
    /// # Errors
    /// The server failed.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let served = self.server.await;
        self.workers.shutdown().await;
        served?;
        self.database.close().await?;
        Ok(())
    }
}

/// Deletes ended sessions and reset codes now and then, so the tables do not grow without
/// bound. Several instances may run it at once: the deletes are idempotent.
fn spawn_purge(accounts: Arc<AccountService>, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match accounts.purge_expired(chrono::Duration::days(1)).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(rows = n, "purged ended sessions and reset codes"),
                Err(e) => tracing::warn!(error = ?e, "purge of ended sessions failed"),
            }
        }
    });
}

/// An export file this much older than any row refers to it is an orphan (a write in
/// progress has its row within seconds).
const ORPHAN_GRACE: Duration = Duration::from_secs(3600);

fn spawn_export_purge(exports: Arc<ExportService>, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            // In rounds, so a large backlog never holds one long transaction.
            loop {
                match exports.purge_expired(500).await {
                    Ok(0) => break,
                    Ok(n) => {
                        tracing::info!(exports = n, "purged expired exports");
                        if n < 500 {
                            break;
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = ?e, "purge of expired exports failed");
                        break;
                    }
                }
            }
            // Files a crash left without their row: older than any export still being
            // written.
            if let Err(e) = exports.sweep_orphans(ORPHAN_GRACE, 1000).await {
                tracing::warn!(error = ?e, "sweep of orphan export files failed");
            }
        }
    });
}

fn spawn_rate_limit_pruning(limiter: Arc<dyn RateLimiter>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            limiter.prune();
        }
    });
}

/// The daily token budgets.
fn token_budget(llm: &crate::settings::LlmSettings) -> TokenBudget {
    let limit = |n: u64| (n > 0).then_some(n);
    TokenBudget {
        per_user: limit(llm.daily_token_budget_per_user),
        global: limit(llm.daily_token_budget_global),
        over: if llm.over_budget == "offline" {
            OverBudget::Offline
        } else {
            OverBudget::Reject
        },
    }
}

/// The configured model prices.
fn price_table(llm: &crate::settings::LlmSettings) -> PriceTable {
    PriceTable(
        llm.prices
            .iter()
            .map(|(model, p)| {
                (
                    model.clone(),
                    Price {
                        prompt_per_million: p.prompt_per_million,
                        completion_per_million: p.completion_per_million,
                    },
                )
            })
            .collect(),
    )
}

/// The configured language model, or `None` for the offline composer.
fn language_model(
    llm: &crate::settings::LlmSettings,
) -> anyhow::Result<Option<Arc<dyn tailor_domain::ports::LanguageModel>>> {
    if !llm.uses_model() {
        tracing::info!("generation runs offline (llm.provider = offline)");
        return Ok(None);
    }
    let anthropic = llm.provider == "anthropic";
    let base_url = match llm.base_url.trim() {
        "" if anthropic => ANTHROPIC_BASE_URL,
        base => base,
    };
    let mut config = LlmClientConfig::new(base_url, llm.model_quality.clone());
    config.model_fast = llm.model_fast.clone();
    config.api_key = llm
        .api_key
        .clone()
        .filter(|key| !secrecy::ExposeSecret::expose_secret(key).is_empty());
    config.timeout = Duration::from_secs(llm.timeout_secs);
    config.max_retries = llm.max_retries;
    config.deadline = Duration::from_secs(llm.deadline_secs);
    if anthropic {
        let client = Anthropic::new(config).context("llm")?;
        tracing::info!(endpoint = %client.endpoint(), "generation uses an Anthropic model");
        return Ok(Some(Arc::new(client)));
    }
    let client = OpenAiCompatible::new(config).context("llm")?;
    tracing::info!(endpoint = %client.endpoint(), "generation uses an OpenAI-compatible model");
    Ok(Some(Arc::new(client)))
}
