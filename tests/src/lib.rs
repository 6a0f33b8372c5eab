//! Helpers for Tailor's end-to-end tests: [`spawn_app`] starts the real server on a free port
//! against a fresh database (a temp-file SQLite database, or a new PostgreSQL database when
//! `TAILOR_TEST_DATABASE_URL` is set, dropped when the test ends) and returns a [`TestApp`]
//! with typed request helpers.
#![forbid(unsafe_code)]

pub mod fixtures;
pub mod proxy;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::LazyLock;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use secrecy_free::expose;
use serde_json::{Value, json};
use tailor_app::settings::Settings;
use tailor_app::{Application, Overrides};
use tailor_persistence::testing::{PgTestDatabase, postgres_url};
use tempfile::TempDir;

/// The test configuration's signing secret (config/test.toml).
pub const TEST_JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123456789";
/// A password that satisfies the policy.
pub const PASSWORD: &str = "Secret123";

static TRACING: LazyLock<()> = LazyLock::new(|| {
    if std::env::var("TEST_LOG").is_ok() {
        let subscriber = tailor_app::telemetry::get_subscriber(
            "debug",
            tailor_app::settings::LogFormat::Text,
            std::io::stdout,
        );
        tailor_app::telemetry::init_subscriber(subscriber);
    }
});

mod secrecy_free {
    /// Reads the configured secret as text (tests only).
    pub fn expose(s: &tailor_app::Settings) -> Option<String> {
        use secrecy::ExposeSecret;
        s.jwt_secret().map(|s| s.expose_secret().to_owned())
    }
}

/// A running server and everything a test needs to talk to it.
pub struct TestApp {
    pub address: String,
    pub port: u16,
    pub client: reqwest::Client,
    pub settings: Settings,
    pub database_url: String,
    data_dir: TempDir,
    _pg: Option<PgTestDatabase>,
    running: Running,
}

/// The running server: how to stop it, and its task, which ends once its database pool
/// is closed.
struct Running {
    handle: actix_web::dev::ServerHandle,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

/// A response, read whole.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl TestResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The string `detail` of an error body.
    pub fn detail(&self) -> &str {
        self.body["detail"].as_str().unwrap_or_default()
    }

    /// The first entry of a 422 list body.
    pub fn first_error(&self) -> &Value {
        &self.body["detail"][0]
    }

    /// Asserts a 200 whose body is `{"message": message}`.
    #[track_caller]
    pub fn assert_message(&self, message: &str) {
        assert_eq!(self.status, StatusCode::OK, "{}", self.text);
        assert_eq!(self.body, json!({ "message": message }), "{}", self.text);
    }

    /// Reads `res` whole.
    pub async fn read(res: reqwest::Response) -> Self {
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.expect("body is read");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Self {
            status,
            headers,
            body,
            text,
        }
    }
}

/// Whether this run targets PostgreSQL.
pub fn on_postgres() -> bool {
    postgres_url().is_some()
}

/// Starts the app with the test configuration and rate limiting off.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the app after `configure` adjusted the test settings.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    LazyLock::force(&TRACING);
    let no_env = config::Environment::with_prefix("TAILOR").source(Some(HashMap::new()));
    let mut settings = Settings::load_for("test", &Overrides::default(), no_env)
        .expect("test configuration loads");
    let data_dir = tempfile::tempdir().expect("temp dir");
    settings.server.port = 0;
    settings.server.workers = 2;
    settings.data.dir = data_dir.path().to_path_buf();
    settings.rate_limit.enabled = false;

    let pg = match postgres_url() {
        Some(admin_url) => Some(PgTestDatabase::create(&admin_url).await),
        None => None,
    };
    settings.database.url = match &pg {
        Some(pg) => pg.url().to_owned(),
        None => format!(
            "sqlite://{}?mode=rwc",
            data_dir.path().join("tailor.db").display()
        ),
    };
    configure(&mut settings);
    start(settings, data_dir, pg).await
}

async fn start(settings: Settings, data_dir: TempDir, pg: Option<PgTestDatabase>) -> TestApp {
    let app = Application::build(settings.clone())
        .await
        .expect("application builds");
    let port = app.port();
    let handle = app.handle();
    let task = tokio::spawn(app.run_until_stopped());
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        port,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client"),
        database_url: settings.database.url.clone(),
        settings,
        data_dir,
        _pg: pg,
        running: Running { handle, task },
    }
}

/// A builder for one request.
pub struct RequestBuilder<'a> {
    app: &'a TestApp,
    inner: reqwest::RequestBuilder,
}

impl RequestBuilder<'_> {
    pub fn bearer(mut self, token: &str) -> Self {
        self.inner = self.inner.bearer_auth(token);
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.inner = self.inner.header(name, value);
        self
    }

    pub fn json(mut self, body: &Value) -> Self {
        self.inner = self.inner.json(body);
        self
    }

    /// A raw body with a JSON content type.
    pub fn raw(mut self, body: impl Into<reqwest::Body>) -> Self {
        self.inner = self
            .inner
            .header("content-type", "application/json")
            .body(body);
        self
    }

    pub async fn send(self) -> TestResponse {
        let _ = self.app;
        TestResponse::read(self.inner.send().await.expect("request is sent")).await
    }
}

impl TestApp {
    /// Stops the server, waits until its database pool is closed, and starts a new server
    /// (on a new port) on the same settings, data folder and database.
    pub async fn restart(self) -> TestApp {
        self.restart_with(|_| {}).await
    }

    /// As [`Self::restart`], after `configure` changed the settings (a new process with
    /// another configuration on the same data).
    pub async fn restart_with(self, configure: impl FnOnce(&mut Settings)) -> TestApp {
        let TestApp {
            mut settings,
            data_dir,
            _pg,
            running,
            ..
        } = self;
        running.handle.stop(true).await;
        running
            .task
            .await
            .expect("server task")
            .expect("server stopped cleanly");
        configure(&mut settings);
        start(settings, data_dir, _pg).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder<'_> {
        RequestBuilder {
            app: self,
            inner: self.client.request(method, self.url(path)),
        }
    }

    pub fn get(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::GET, path)
    }

    pub fn post(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::POST, path)
    }

    /// Registers an account and returns the token response.
    pub async fn register(&self, email: &str, password: &str, full_name: &str) -> TestResponse {
        self.post("/api/v1/auth/register")
            .json(&json!({"email": email, "password": password, "full_name": full_name}))
            .send()
            .await
    }

    pub async fn login(&self, email: &str, password: &str) -> TestResponse {
        self.post("/api/v1/auth/login")
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
    }

    /// `GET /api/v1/auth/me` with `token`.
    pub async fn me(&self, token: &str) -> TestResponse {
        self.get("/api/v1/auth/me").bearer(token).send().await
    }

    /// `POST /api/v1/auth/refresh` with `refresh_token`.
    pub async fn refresh(&self, refresh_token: &str) -> TestResponse {
        self.post("/api/v1/auth/refresh")
            .json(&json!({ "refresh_token": refresh_token }))
            .send()
            .await
    }

    /// Registers a fresh user and returns `(email, access_token, refresh_token)`.
    pub async fn signed_up_user(&self) -> (String, String, String) {
        let email = format!("user-{}@example.com", uuid::Uuid::new_v4().simple());
        let res = self.register(&email, PASSWORD, "Test User").await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
        (
            email,
            res.body["access_token"].as_str().unwrap().to_owned(),
            res.body["refresh_token"].as_str().unwrap().to_owned(),
        )
    }

    /// A direct connection to the app's database.
    pub async fn db(&self) -> DatabaseConnection {
        Database::connect(self.database_url.as_str())
            .await
            .expect("test database connects")
    }

    /// Runs one SQL statement against the app's database.
    pub async fn execute_sql(&self, sql: &str) {
        let db = self.db().await;
        db.execute_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .expect("sql runs");
        db.close().await.ok();
    }

    /// The messages in the mail outbox, oldest first.
    pub fn outbox(&self) -> Vec<Value> {
        let dir = self.data_dir.path().join("outbox");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "json"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    }

    pub fn data_dir(&self) -> &std::path::Path {
        self.data_dir.path()
    }

    /// The signing secret the app uses.
    pub fn jwt_secret(&self) -> String {
        expose(&self.settings).unwrap_or_else(|| TEST_JWT_SECRET.to_owned())
    }
}

/// Signs arbitrary claims with `secret` and `alg` (for forged-token tests).
pub fn sign(claims: &Value, secret: &str, alg: jsonwebtoken::Algorithm) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(alg),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("sign")
}

/// The claims of a token, unverified.
pub fn claims_of(token: &str) -> Value {
    jsonwebtoken::dangerous::insecure_decode::<Value>(token)
        .expect("decodable token")
        .claims
}
