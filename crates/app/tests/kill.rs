//! A real `kill -9`: the `tailor` binary is killed (SIGKILL) while a background generation
//! runs, a new process starts on the same data, and the generation completes there, on its
//! second attempt, with exactly one document stored. The model is a local fake that answers
//! every call after a delay, so the generation is certainly running when the kill lands.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tailor_llm_client::fake::{FakeOpenAi, FakeReply};

const POSTING: &str = "Senior Backend Engineer\nNorthwind Analytics\nAustin, TX\n\n\
    Requirements:\n- 5+ years of Rust\n- PostgreSQL and Kafka\n";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The server on `port` over `data`, with the fake model and short leases.
fn serve(port: u16, data: &Path, model: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_tailor"))
        .args(["serve", "--port", &port.to_string(), "--data-dir"])
        .arg(data)
        .env("TAILOR_ENV", "test")
        .env("TAILOR__RATE_LIMIT__ENABLED", "false")
        .env("TAILOR__LOG__LEVEL", "warn")
        .env("TAILOR__LLM__BASE_URL", model)
        .env("TAILOR__LLM__TIMEOUT_SECS", "10")
        .env("TAILOR__LLM__MAX_RETRIES", "0")
        .env("TAILOR__LLM__DEADLINE_SECS", "20")
        .env("TAILOR__GENERATION__LEASE_SECS", "3")
        .env("TAILOR__GENERATION__RECOVER_INTERVAL_SECS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts")
}

struct Api {
    http: reqwest::Client,
    base: String,
}

impl Api {
    async fn wait_until_up(&self) {
        let started = Instant::now();
        while self
            .http
            .get(format!("{}/health", self.base))
            .send()
            .await
            .is_err()
        {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the server did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req.send().await.expect("the request is answered");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Polls the generation until `done` holds; returns what it saw last.
    async fn wait_for(
        &self,
        token: &str,
        id: &str,
        within: Duration,
        done: impl Fn(&Value) -> bool,
    ) -> Value {
        let started = Instant::now();
        loop {
            let (status, body) = self
                .call(
                    reqwest::Method::GET,
                    &format!("/api/v1/generations/{id}"),
                    Some(token),
                    None,
                )
                .await;
            assert_eq!(status, 200, "{body}");
            if done(&body) {
                return body;
            }
            assert!(
                started.elapsed() < within,
                "not reached within {within:?}: {body}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generation_running_when_the_process_is_killed_completes_in_the_next_one() {
    let fake = FakeOpenAi::start().await;
    fake.when_empty(FakeReply::text("A slow answer.").with_delay(Duration::from_secs(2)));
    let data = tempfile::tempdir().expect("a data folder");
    let port = free_port();
    let api = Api {
        http: reqwest::Client::new(),
        base: format!("http://127.0.0.1:{port}"),
    };
    let mut first = serve(port, data.path(), &fake.base_url());
    api.wait_until_up().await;

    let (status, body) = api
        .call(
            reqwest::Method::POST,
            "/api/v1/auth/register",
            None,
            Some(json!({"email": "kill@example.com", "password": "Secret123", "full_name": "Kim Kill"})),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let token = body["access_token"].as_str().unwrap().to_owned();
    let profile = json!({
        "personal_info": {"full_name": "Kim Kill", "email": "kill@example.com"},
        "experiences": [{"title": "Engineer", "company": "Acme", "start_date": "2020-01-01",
                         "is_current": true, "description": "Built billing in Rust."}],
    });
    let (status, body) = api
        .call(
            reqwest::Method::POST,
            "/api/v1/profiles",
            Some(&token),
            Some(profile),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = api
        .call(
            reqwest::Method::POST,
            "/api/v1/jobs",
            Some(&token),
            Some(json!({"raw_text": POSTING})),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let job_id = body["id"].as_str().unwrap().to_owned();
    let (status, body) = api
        .call(
            reqwest::Method::POST,
            "/api/v1/generations",
            Some(&token),
            Some(json!({"job_id": job_id, "document_type": "cover_letter"})),
        )
        .await;
    assert_eq!(status, 202, "{body}");
    let id = body["generation_id"].as_str().unwrap().to_owned();

    // Running, and waiting for the model: kill the process outright.
    api.wait_for(&token, &id, Duration::from_secs(10), |b| {
        b["status"] == "running" && fake.request_count() > 0
    })
    .await;
    first.kill().expect("SIGKILL");
    first.wait().expect("the killed process is reaped");

    let mut second = serve(port, data.path(), &fake.base_url());
    api.wait_until_up().await;
    let done = api
        .wait_for(&token, &id, Duration::from_secs(60), |b| {
            !matches!(b["status"].as_str(), Some("queued" | "running"))
        })
        .await;
    second.kill().ok();
    second.wait().ok();
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["attempts"], 2, "the killed attempt counts: {done}");
    assert!(done["result"]["content_text"].is_string(), "{done}");
    let (_, history) = {
        let mut third = serve(port, data.path(), &fake.base_url());
        api.wait_until_up().await;
        let answer = api
            .call(
                reqwest::Method::GET,
                "/api/v1/generations/history",
                Some(&token),
                None,
            )
            .await;
        third.kill().ok();
        third.wait().ok();
        answer
    };
    assert_eq!(history["total"], 1, "one document: {history}");
    assert_eq!(history["generations"][0]["generation_id"], id.as_str());
}
