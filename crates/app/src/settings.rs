//! The typed configuration tree and how it is layered: the compiled-in `base.toml`, then
//! `config/base.toml`, then `config/{TAILOR_ENV}.toml`, then `TAILOR__SECTION__KEY`
//! environment variables, then command-line flags.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use config::{Config, Environment, File, FileFormat};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tailor_http_api::rate_limit::{Limit, Scope, ScopeLimits};

const BASE_TOML: &str = include_str!("../../../config/base.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// Which `config/{env}.toml` was layered (`local`, `test`, `production`, ...).
    #[serde(default = "default_env")]
    pub env: String,
    pub server: ServerSettings,
    pub data: DataSettings,
    pub database: DatabaseConfig,
    pub auth: AuthSettings,
    pub profiles: ProfileSettings,
    pub jobs: JobSettings,
    pub cors: CorsSettings,
    pub log: LogSettings,
    pub rate_limit: RateLimitSettings,
    pub llm: LlmSettings,
    pub generation: GenerationSettings,
    pub exports: ExportSettings,
}

/// Exports (`/api/v1/exports`): rendering, keeping and download links.
#[derive(Debug, Clone, Deserialize)]
pub struct ExportSettings {
    /// Days an export is kept before the purge removes its file and row.
    pub retention_days: u64,
    /// Seconds a download link works.
    pub link_ttl_secs: u64,
    /// Renders at once (0 = one per CPU core); more wait up to `render_queue_timeout_ms`,
    /// then get 503.
    pub max_concurrent_renders: usize,
    pub render_queue_timeout_ms: u64,
    /// Folders searched for fonts of scripts the shipped fonts lack (CJK, Arabic, Hebrew).
    pub font_dirs: Vec<PathBuf>,
    /// How often expired exports are purged.
    pub purge_interval_secs: u64,
}

/// Background generations (`POST /api/v1/generations`) and their event streams.
#[derive(Debug, Clone, Deserialize)]
pub struct GenerationSettings {
    /// Workers of this instance taking queued generations; 0 leaves them to other
    /// instances.
    pub workers: usize,
    /// The most generations of one user running at once (in all instances).
    pub max_running_per_user: u32,
    /// The most generations one user may have queued or running (429 beyond).
    pub max_active_per_user: u32,
    /// Tries before a generation fails for good.
    pub max_attempts: u32,
    /// How long a worker's claim lasts unless renewed (it renews every third of it).
    pub lease_secs: u64,
    /// How often expired leases are recovered.
    pub recover_interval_secs: u64,
    /// How often an idle worker looks at the queue when no local signal woke it.
    pub poll_interval_ms: u64,
    /// Days an ended generation's task row is kept (its document stays in the history).
    pub task_retention_days: i64,
    /// On shutdown, running generations may finish within this; the rest go back to the
    /// queue.
    pub shutdown_grace_secs: u64,
    /// An idle event stream sends a keep-alive comment this often.
    pub sse_heartbeat_secs: u64,
    /// An event stream looks for changes made by other instances this often.
    pub sse_poll_ms: u64,
}

/// The language model behind the steps that write prose.
#[derive(Debug, Clone, Deserialize)]
pub struct LlmSettings {
    /// `offline` (the deterministic composer, no network), `openai-compatible` or
    /// `anthropic` (the Messages API).
    pub provider: String,
    /// The model server; setting it alone selects `openai-compatible`. For `anthropic`,
    /// empty means Anthropic's own API.
    #[serde(default)]
    pub base_url: String,
    #[serde(default)]
    pub api_key: Option<SecretString>,
    pub model_fast: String,
    pub model_quality: String,
    /// One HTTP attempt.
    pub timeout_secs: u64,
    /// Retries of transient failures after the first attempt.
    pub max_retries: u32,
    /// A whole model step, retries included; past it the step is written offline.
    pub deadline_secs: u64,
    /// Tokens one user may spend per UTC day; 0 is unlimited.
    #[serde(default)]
    pub daily_token_budget_per_user: u64,
    /// Tokens everyone together may spend per UTC day; 0 is unlimited.
    #[serde(default)]
    pub daily_token_budget_global: u64,
    /// Past a budget: `reject` (429 until midnight UTC) or `offline` (the offline composer
    /// writes, and the result's metadata says why).
    #[serde(default = "default_over_budget")]
    pub over_budget: String,
    /// How long an identical (pseudonymised) model request is answered from memory; 0 turns
    /// the response cache off.
    #[serde(default)]
    pub response_cache_ttl_secs: u64,
    #[serde(default = "default_response_cache_capacity")]
    pub response_cache_capacity: usize,
    /// US dollars per million tokens, by model name, for the usage report's estimates.
    #[serde(default)]
    pub prices: HashMap<String, ModelPrice>,
}

/// A model's price, in US dollars per million tokens.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct ModelPrice {
    pub prompt_per_million: f64,
    pub completion_per_million: f64,
}

fn default_over_budget() -> String {
    "reject".to_owned()
}

fn default_response_cache_capacity() -> usize {
    1000
}

impl LlmSettings {
    /// Whether a model is configured (else everything runs offline).
    pub fn uses_model(&self) -> bool {
        matches!(self.provider.as_str(), "openai-compatible" | "anthropic")
            || !self.base_url.trim().is_empty()
    }
}

fn default_env() -> String {
    "local".to_owned()
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    pub host: String,
    pub port: u16,
    pub workers: usize,
    pub json_body_limit: usize,
    pub trust_forwarded_for: bool,
    pub shutdown_timeout_secs: u64,
    /// Budget (ms) of each `/ready` check.
    pub readiness_timeout_ms: u64,
    /// Time a request body may take to arrive once a handler reads it (408 beyond).
    pub body_read_timeout_secs: u64,
    /// Open connections per worker; beyond it the listener stops accepting.
    pub max_connections: usize,
    /// Connections the kernel queues while no worker accepts.
    pub backlog: u32,
    /// Idle time of a kept-alive connection; 0 closes after each response.
    pub keep_alive_secs: u64,
    /// Time a client has to send a request's headers (408 beyond); 0 turns it off.
    pub client_request_timeout_secs: u64,
    /// Time a closing connection may take to shut down; 0 turns it off.
    pub client_disconnect_timeout_secs: u64,
    /// Send `Strict-Transport-Security` (only when clients reach the server over HTTPS).
    pub hsts: bool,
    /// The origin clients reach the server at (`https://api.example.com`), which download
    /// links start with; empty takes each request's own scheme and host.
    pub public_base_url: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DataSettings {
    pub dir: PathBuf,
    /// `/ready` reports the storage as full below this many free bytes.
    pub min_free_bytes: u64,
}

#[derive(Clone, Deserialize)]
pub struct DatabaseConfig {
    pub url: String,
    pub max_connections: u32,
    pub min_connections: u32,
    pub acquire_timeout_ms: u64,
    pub statement_timeout_ms: u64,
    pub sqlite_busy_timeout_ms: u64,
    pub auto_migrate: bool,
}

impl std::fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseConfig")
            .field("url", &tailor_persistence::redact_url(&self.url))
            .field("max_connections", &self.max_connections)
            .field("auto_migrate", &self.auto_migrate)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct AuthSettings {
    #[serde(default)]
    pub jwt_secret: Option<SecretString>,
    pub access_token_ttl_minutes: i64,
    pub refresh_token_ttl_days: i64,
    pub refresh_reuse_grace_ms: i64,
    pub password_reset_ttl_minutes: i64,
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    pub argon2_parallelism: u32,
    pub hash_threads: usize,
    pub hash_low_priority: bool,
    pub session_cache_ttl_ms: u64,
    pub session_cache_capacity: usize,
    pub purge_interval_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProfileSettings {
    pub cache_ttl_ms: u64,
    pub cache_capacity: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct JobSettings {
    pub list_cache_ttl_ms: u64,
    pub list_cache_capacity: usize,
    pub url_import: UrlImportSettings,
}

#[derive(Debug, Clone, Deserialize)]
pub struct UrlImportSettings {
    pub timeout_secs: u64,
    pub max_bytes: usize,
    pub max_redirects: usize,
    /// Only for tests that serve pages on loopback; refused in production.
    pub allow_private_addresses: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CorsSettings {
    pub allowed_origins: Vec<String>,
    pub allow_localhost: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    pub format: LogFormat,
    pub level: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RateLimitSettings {
    pub enabled: bool,
    pub register: LimitPair,
    pub login: LimitPair,
    pub refresh: LimitPair,
    pub forgot_password: LimitPair,
    pub reset_password: LimitPair,
    pub change_password: LimitPair,
    pub check_email: LimitPair,
    pub job_import: LimitPair,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct LimitPair {
    pub ip_requests: u32,
    pub ip_period_secs: u64,
    pub email_requests: u32,
    pub email_period_secs: u64,
}

impl LimitPair {
    fn to_limits(self) -> ScopeLimits {
        let limit = |requests: u32, secs: u64| {
            (requests > 0 && secs > 0).then(|| Limit {
                requests,
                period: Duration::from_secs(secs),
            })
        };
        ScopeLimits {
            per_ip: limit(self.ip_requests, self.ip_period_secs),
            per_email: limit(self.email_requests, self.email_period_secs),
        }
    }
}

impl RateLimitSettings {
    pub fn scopes(&self) -> HashMap<Scope, ScopeLimits> {
        HashMap::from([
            (Scope::Register, self.register.to_limits()),
            (Scope::Login, self.login.to_limits()),
            (Scope::Refresh, self.refresh.to_limits()),
            (Scope::ForgotPassword, self.forgot_password.to_limits()),
            (Scope::ResetPassword, self.reset_password.to_limits()),
            (Scope::ChangePassword, self.change_password.to_limits()),
            (Scope::CheckEmail, self.check_email.to_limits()),
            (Scope::JobImport, self.job_import.to_limits()),
        ])
    }
}

/// Overrides from the command line; they win over every other layer.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
}

/// Where the `config/` folder is: `TAILOR_CONFIG_DIR`, else `./config`, else (in a
/// checkout) the workspace's `config/`. None is fine: the compiled-in defaults apply.
fn config_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("TAILOR_CONFIG_DIR") {
        return Some(PathBuf::from(dir));
    }
    let local = PathBuf::from("config");
    if local.join("base.toml").is_file() {
        return Some(local);
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
    workspace.join("base.toml").is_file().then_some(workspace)
}

impl Settings {
    /// Loads the layered configuration for `TAILOR_ENV` (default `local`).
    ///
    /// # Errors
    /// A malformed file, a value of the wrong type (the message names the key), or a
    /// setting that fails validation.
    pub fn load(overrides: &Overrides) -> anyhow::Result<Self> {
        let env = std::env::var("TAILOR_ENV").unwrap_or_else(|_| default_env());
        Self::load_for(&env, overrides, Environment::with_prefix("TAILOR"))
    }

    /// Loads the layers for `env`, with `environment` as the variable source (tests pass a
    /// fixed map).
    ///
    /// # Errors
    /// As [`Settings::load`].
    pub fn load_for(
        env: &str,
        overrides: &Overrides,
        environment: Environment,
    ) -> anyhow::Result<Self> {
        let mut builder = Config::builder()
            .add_source(File::from_str(BASE_TOML, FileFormat::Toml))
            .set_override("env", env)?;
        if let Some(dir) = config_dir() {
            builder = builder
                .add_source(File::from(dir.join("base.toml")).required(false))
                .add_source(File::from(dir.join(format!("{env}.toml"))).required(false));
        }
        builder = builder.add_source(
            environment
                .prefix_separator("__")
                .separator("__")
                .list_separator(",")
                .with_list_parse_key("cors.allowed_origins")
                .try_parsing(true),
        );
        if let Some(host) = &overrides.host {
            builder = builder.set_override("server.host", host.as_str())?;
        }
        if let Some(port) = overrides.port {
            builder = builder.set_override("server.port", u64::from(port))?;
        }
        if let Some(dir) = &overrides.data_dir {
            builder = builder.set_override("data.dir", dir.to_string_lossy().as_ref())?;
        }
        if let Some(url) = &overrides.database_url {
            builder = builder.set_override("database.url", url.as_str())?;
        }
        let settings: Settings = builder.build()?.try_deserialize()?;
        settings.validate()?;
        Ok(settings)
    }

    pub fn is_production(&self) -> bool {
        self.env == "production"
    }

    fn validate(&self) -> anyhow::Result<()> {
        let llm = &self.llm;
        if !matches!(
            llm.provider.as_str(),
            "offline" | "openai-compatible" | "anthropic"
        ) {
            bail!("llm.provider: must be offline, openai-compatible or anthropic");
        }
        if !matches!(llm.over_budget.as_str(), "reject" | "offline") {
            bail!("llm.over_budget: must be reject or offline");
        }
        for (model, price) in &llm.prices {
            let ok = |v: f64| v.is_finite() && v >= 0.0;
            if !ok(price.prompt_per_million) || !ok(price.completion_per_million) {
                bail!("llm.prices.{model}: prices must be finite and not negative");
            }
        }
        if llm.uses_model() {
            // Anthropic's own API is the default of its provider.
            if llm.base_url.trim().is_empty() && llm.provider != "anthropic" {
                bail!("llm.base_url: required by the openai-compatible provider");
            }
            if llm.timeout_secs == 0 || llm.deadline_secs == 0 {
                bail!("llm.timeout_secs and llm.deadline_secs: must be positive");
            }
            // The app's HTTP client gives up after 30 s; a step must answer well before.
            if llm.deadline_secs > 25 {
                bail!("llm.deadline_secs: at most 25 (the client waits 30 s for an answer)");
            }
        }
        let g = &self.generation;
        if g.max_running_per_user == 0 || g.max_active_per_user == 0 || g.max_attempts == 0 {
            bail!(
                "generation: max_running_per_user, max_active_per_user and max_attempts must be positive"
            );
        }
        if g.lease_secs < 3 || g.recover_interval_secs == 0 || g.poll_interval_ms == 0 {
            bail!(
                "generation: lease_secs at least 3, recover_interval_secs and poll_interval_ms positive"
            );
        }
        if g.sse_heartbeat_secs == 0 || g.sse_poll_ms == 0 {
            bail!("generation: sse_heartbeat_secs and sse_poll_ms must be positive");
        }
        if let Some(secret) = &self.auth.jwt_secret {
            let len = secret.expose_secret().len();
            if len > 0 && len < 32 {
                bail!("auth.jwt_secret: must be at least 32 bytes (got {len})");
            }
        }
        if self.jobs.url_import.allow_private_addresses && self.env != "test" {
            bail!(
                "jobs.url_import.allow_private_addresses: only the test environment may turn it on (it lets URL imports reach internal addresses)"
            );
        }
        if self.jobs.url_import.timeout_secs == 0 || self.jobs.url_import.max_bytes == 0 {
            bail!("jobs.url_import: timeout_secs and max_bytes must be positive");
        }
        if self.is_production() && self.jwt_secret().is_none() {
            bail!(
                "auth.jwt_secret: required in production (set TAILOR__AUTH__JWT_SECRET, at least 32 bytes)"
            );
        }
        if self.auth.access_token_ttl_minutes <= 0 {
            bail!("auth.access_token_ttl_minutes: must be positive");
        }
        if self.auth.refresh_token_ttl_days <= 0 {
            bail!("auth.refresh_token_ttl_days: must be positive");
        }
        if !(0..=60_000).contains(&self.auth.refresh_reuse_grace_ms) {
            bail!("auth.refresh_reuse_grace_ms: must be between 0 and 60000");
        }
        if self.database.sqlite_busy_timeout_ms > self.database.statement_timeout_ms {
            // A SQLite statement keeps waiting for a lock held by another process after the
            // request gave up on it, holding its pooled connection; the statement deadline
            // must bound that wait too.
            bail!("database.sqlite_busy_timeout_ms: must not exceed database.statement_timeout_ms");
        }
        if self.auth.password_reset_ttl_minutes <= 0 {
            bail!("auth.password_reset_ttl_minutes: must be positive");
        }
        if self.database.max_connections == 0 {
            bail!("database.max_connections: must be at least 1");
        }
        if self.server.json_body_limit < 1024 {
            bail!("server.json_body_limit: must be at least 1024 bytes");
        }
        if self.server.body_read_timeout_secs == 0 {
            bail!("server.body_read_timeout_secs: must be positive");
        }
        if self.server.max_connections == 0 || self.server.backlog == 0 {
            bail!("server.max_connections and server.backlog: must be at least 1");
        }
        if !matches!(
            self.log.level.to_ascii_lowercase().as_str(),
            "trace" | "debug" | "info" | "warn" | "error" | "off"
        ) {
            bail!("log.level: must be one of trace, debug, info, warn, error, off");
        }
        Ok(())
    }

    /// The configured secret, if a non-empty one is set.
    pub fn jwt_secret(&self) -> Option<&SecretString> {
        self.auth
            .jwt_secret
            .as_ref()
            .filter(|s| !s.expose_secret().is_empty())
    }

    /// The database URL: the configured one, or the SQLite file in the data folder.
    pub fn database_url(&self) -> String {
        if self.database.url.trim().is_empty() {
            let path = self.data.dir.join("tailor.db");
            format!("sqlite://{}?mode=rwc", path.to_string_lossy())
        } else {
            self.database.url.clone()
        }
    }

    /// The folders that take writes: the data folder and, on SQLite, the database file's.
    pub fn storage_folders(&self) -> Vec<PathBuf> {
        let mut folders = vec![self.data.dir.clone()];
        let url = self.database_url();
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.trim_start_matches("//");
            let path = path.split('?').next().unwrap_or_default();
            if let Some(parent) = std::path::Path::new(path).parent()
                && !path.is_empty()
                && path != ":memory:"
            {
                let parent = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_owned()
                };
                if parent != self.data.dir {
                    folders.push(parent);
                }
            }
        }
        folders
    }

    /// The database as migrations use it: one connection, and no statement deadline to
    /// speak of (an index build or a backfill may take minutes).
    pub fn migration_database_settings(&self) -> tailor_persistence::DatabaseSettings {
        tailor_persistence::DatabaseSettings {
            max_connections: 1,
            min_connections: 1,
            statement_timeout: Duration::from_secs(6 * 3600),
            ..self.database_settings()
        }
    }

    pub fn database_settings(&self) -> tailor_persistence::DatabaseSettings {
        tailor_persistence::DatabaseSettings {
            url: self.database_url(),
            max_connections: self.database.max_connections,
            min_connections: self.database.min_connections,
            acquire_timeout: Duration::from_millis(self.database.acquire_timeout_ms.max(1)),
            statement_timeout: Duration::from_millis(self.database.statement_timeout_ms.max(1)),
            sqlite_busy_timeout: Duration::from_millis(self.database.sqlite_busy_timeout_ms),
        }
    }
}

/// Creates the data folder if needed and checks it is writable.
///
/// # Errors
/// The folder cannot be created.
pub fn ensure_data_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("data.dir: cannot create {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> Environment {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Environment::with_prefix("TAILOR").source(Some(map))
    }

    #[test]
    fn the_defaults_serve_on_port_8000_with_sqlite_in_the_data_dir() {
        let s = Settings::load_for("local", &Overrides::default(), env(&[])).unwrap();
        assert_eq!(s.server.host, "127.0.0.1");
        assert_eq!(s.server.port, 8000);
        assert!(s.database_url().starts_with("sqlite://"));
        assert!(s.database_url().contains("tailor.db"));
        assert!(s.rate_limit.enabled);
    }

    #[test]
    fn environment_variables_override_files_and_flags_override_both() {
        let vars = env(&[
            ("TAILOR__SERVER__PORT", "9001"),
            ("TAILOR__RATE_LIMIT__ENABLED", "false"),
            ("TAILOR__RATE_LIMIT__LOGIN__IP_REQUESTS", "3"),
        ]);
        let s = Settings::load_for("local", &Overrides::default(), vars).unwrap();
        assert_eq!(s.server.port, 9001);
        assert!(!s.rate_limit.enabled);
        assert_eq!(s.rate_limit.login.ip_requests, 3);

        let flags = Overrides {
            port: Some(7000),
            database_url: Some("postgres://u@h/db".into()),
            ..Overrides::default()
        };
        let s =
            Settings::load_for("local", &flags, env(&[("TAILOR__SERVER__PORT", "9001")])).unwrap();
        assert_eq!(s.server.port, 7000);
        assert_eq!(s.database_url(), "postgres://u@h/db");
    }

    #[test]
    fn a_wrongly_typed_value_names_its_key() {
        let err = Settings::load_for(
            "local",
            &Overrides::default(),
            env(&[("TAILOR__SERVER__PORT", "eighty")]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("server.port"), "{err}");
    }

    #[test]
    fn a_sqlite_busy_wait_longer_than_the_statement_deadline_is_refused() {
        let err = Settings::load_for(
            "local",
            &Overrides::default(),
            env(&[("TAILOR__DATABASE__SQLITE_BUSY_TIMEOUT_MS", "9000")]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("sqlite_busy_timeout_ms"), "{err}");
        let err = Settings::load_for(
            "local",
            &Overrides::default(),
            env(&[("TAILOR__AUTH__REFRESH_REUSE_GRACE_MS", "-1")]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("refresh_reuse_grace_ms"), "{err}");
    }

    #[test]
    fn production_refuses_to_start_without_a_secret() {
        let err = Settings::load_for("production", &Overrides::default(), env(&[])).unwrap_err();
        assert!(err.to_string().contains("auth.jwt_secret"), "{err}");
        let short = env(&[("TAILOR__AUTH__JWT_SECRET", "too-short")]);
        let err = Settings::load_for("production", &Overrides::default(), short).unwrap_err();
        assert!(err.to_string().contains("at least 32 bytes"), "{err}");
        let ok = env(&[("TAILOR__AUTH__JWT_SECRET", &"k".repeat(32))]);
        assert!(Settings::load_for("production", &Overrides::default(), ok).is_ok());
    }

    #[test]
    fn url_imports_may_reach_private_addresses_only_in_the_test_environment() {
        let on = || env(&[("TAILOR__JOBS__URL_IMPORT__ALLOW_PRIVATE_ADDRESSES", "true")]);
        for name in ["local", "staging"] {
            let err = Settings::load_for(name, &Overrides::default(), on()).unwrap_err();
            assert!(
                err.to_string().contains("allow_private_addresses"),
                "{name}: {err}"
            );
        }
        let test = Settings::load_for("test", &Overrides::default(), on()).unwrap();
        assert!(test.jobs.url_import.allow_private_addresses);
        let default = Settings::load_for("local", &Overrides::default(), env(&[])).unwrap();
        assert!(!default.jobs.url_import.allow_private_addresses);
    }

    #[test]
    fn the_edge_has_bounded_defaults_and_production_allows_only_listed_origins() {
        let s = Settings::load_for("local", &Overrides::default(), env(&[])).unwrap();
        assert_eq!(s.server.body_read_timeout_secs, 10);
        assert_eq!(s.server.max_connections, 1024);
        assert_eq!(s.server.backlog, 1024);
        assert_eq!(s.server.keep_alive_secs, 5);
        assert_eq!(s.server.client_request_timeout_secs, 5);
        assert_eq!(s.server.client_disconnect_timeout_secs, 1);
        assert!(!s.server.hsts);
        assert!(s.cors.allow_localhost);

        let secret = env(&[("TAILOR__AUTH__JWT_SECRET", &"k".repeat(32))]);
        let p = Settings::load_for("production", &Overrides::default(), secret).unwrap();
        assert!(!p.cors.allow_localhost);

        for (key, value) in [
            ("TAILOR__SERVER__BODY_READ_TIMEOUT_SECS", "0"),
            ("TAILOR__SERVER__MAX_CONNECTIONS", "0"),
            ("TAILOR__SERVER__BACKLOG", "0"),
        ] {
            let err = Settings::load_for("local", &Overrides::default(), env(&[(key, value)]))
                .unwrap_err();
            assert!(err.to_string().contains("server."), "{key}: {err}");
        }
    }

    #[test]
    fn cors_origins_can_be_given_as_a_comma_separated_variable() {
        let vars = env(&[(
            "TAILOR__CORS__ALLOWED_ORIGINS",
            "https://a.example,https://b.example",
        )]);
        let s = Settings::load_for("local", &Overrides::default(), vars).unwrap();
        assert_eq!(
            s.cors.allowed_origins,
            vec!["https://a.example", "https://b.example"]
        );
    }
}
