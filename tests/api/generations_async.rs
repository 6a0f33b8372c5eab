//! Background generations: `POST /api/v1/generations` (202), its status, its server-sent
//! events read to the final one, reconnection with `Last-Event-ID`, cancellation while
//! queued and while running, `Idempotency-Key`, per-user limits, ownership, bad input,
//! recovery of a task whose worker died, and shutdown handing running work back.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tailor_api_tests::fixtures::{Owner, full_profile};
use tailor_api_tests::{TestApp, TestResponse, spawn_app, spawn_app_with};
use tailor_llm_client::fake::{FakeOpenAi, FakeReply};

use crate::jobs::{POSTING, post_job, rows};

const GENERATIONS: &str = "/api/v1/generations";

async fn owner_with_job(app: &TestApp) -> (Owner, String) {
    let owner = app.owner_with(&full_profile()).await;
    let res = post_job(app, &owner.token, &json!({ "raw_text": POSTING })).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let job_id = res.body["id"].as_str().unwrap().to_owned();
    (owner, job_id)
}

async fn submit(app: &TestApp, token: &str, body: &Value, key: Option<&str>) -> TestResponse {
    let mut req = app.post(GENERATIONS).bearer(token).json(body);
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    req.send().await
}

async fn status(app: &TestApp, token: &str, id: &str) -> TestResponse {
    app.get(&format!("{GENERATIONS}/{id}"))
        .bearer(token)
        .send()
        .await
}

async fn cancel(app: &TestApp, token: &str, id: &str) -> TestResponse {
    app.post(&format!("{GENERATIONS}/{id}/cancel"))
        .bearer(token)
        .send()
        .await
}

/// Polls the status until `done` holds, for at most `within`.
async fn wait_for(
    app: &TestApp,
    token: &str,
    id: &str,
    within: Duration,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let started = Instant::now();
    loop {
        let res = status(app, token, id).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        if done(&res.body) {
            return res.body;
        }
        assert!(
            started.elapsed() < within,
            "not reached within {within:?}: {}",
            res.text
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// One server-sent event.
#[derive(Debug)]
struct Event {
    id: Option<i64>,
    name: Option<String>,
    data: Value,
}

/// Reads the event stream to its end (or `within`), returning the events and the comments.
async fn read_events(
    app: &TestApp,
    token: &str,
    id: &str,
    last_event_id: Option<i64>,
    within: Duration,
) -> (Vec<Event>, Vec<String>) {
    let mut req = app
        .client
        .get(app.url(&format!("{GENERATIONS}/{id}/events")))
        .bearer_auth(token);
    if let Some(last) = last_event_id {
        req = req.header("Last-Event-ID", last.to_string());
    }
    let res = req.send().await.expect("stream opens");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "text/event-stream"
    );
    assert_eq!(res.headers()["cache-control"].to_str().unwrap(), "no-store");
    let mut res = res;
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, res.chunk()).await {
            Ok(Ok(Some(chunk))) => text.push_str(std::str::from_utf8(&chunk).unwrap()),
            Ok(Ok(None)) => break,
            Ok(Err(e)) => panic!("the stream failed: {e}: {text}"),
            Err(_) => panic!("the stream did not end within {within:?}: {text}"),
        }
    }
    parse_events(&text)
}

fn parse_events(text: &str) -> (Vec<Event>, Vec<String>) {
    let mut events = Vec::new();
    let mut comments = Vec::new();
    for block in text.split("\n\n").filter(|b| !b.is_empty()) {
        let mut event = Event {
            id: None,
            name: None,
            data: Value::Null,
        };
        let mut has_data = false;
        for line in block.lines() {
            if let Some(c) = line.strip_prefix(':') {
                comments.push(c.trim().to_owned());
            } else if let Some(v) = line.strip_prefix("id: ") {
                event.id = Some(v.parse().unwrap());
            } else if let Some(v) = line.strip_prefix("event: ") {
                event.name = Some(v.to_owned());
            } else if let Some(v) = line.strip_prefix("data: ") {
                event.data = serde_json::from_str(v).unwrap();
                has_data = true;
            }
        }
        if has_data {
            events.push(event);
        }
    }
    (events, comments)
}

#[tokio::test]
async fn a_background_resume_is_queued_runs_and_streams_to_its_final_event() {
    let app = spawn_app().await;
    let (owner, job_id) = owner_with_job(&app).await;
    let res = submit(
        &app,
        &owner.token,
        &json!({"job_id": job_id, "document_type": "resume", "max_experiences": 1}),
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text);
    let id = res.body["generation_id"].as_str().unwrap().to_owned();
    assert_eq!(
        res.header("location"),
        Some(format!("{GENERATIONS}/{id}").as_str())
    );
    assert_eq!(res.body["status"], "queued");
    assert_eq!(res.body["document_type"], "resume");
    assert_eq!(res.body["job_id"], job_id.as_str());
    assert_eq!(res.body["progress"], 0);
    assert!(res.body["result"].is_null());
    assert_eq!(res.body["events_url"], format!("{GENERATIONS}/{id}/events"));

    let (events, _) = read_events(&app, &owner.token, &id, None, Duration::from_secs(20)).await;
    let names: Vec<&str> = events.iter().filter_map(|e| e.name.as_deref()).collect();
    assert_eq!(names.first(), Some(&"queued"), "{names:?}");
    assert_eq!(names.last(), Some(&"completed"), "{names:?}");
    let ids: Vec<i64> = events.iter().map(|e| e.id.unwrap()).collect();
    assert_eq!(
        ids,
        (1..=i64::try_from(ids.len()).unwrap()).collect::<Vec<_>>(),
        "one event per change, numbered from 1"
    );
    let stages: Vec<&str> = events
        .iter()
        .filter_map(|e| e.data["stage"].as_str())
        .collect();
    for stage in ["analysing", "ranking", "writing", "scoring"] {
        assert!(stages.contains(&stage), "{stage} in {stages:?}");
    }
    let progress: Vec<u64> = events
        .iter()
        .map(|e| e.data["progress"].as_u64().unwrap())
        .collect();
    assert!(progress.windows(2).all(|w| w[0] <= w[1]), "{progress:?}");
    let last = &events.last().unwrap().data;
    assert_eq!(last["progress"], 100);
    assert_eq!(last["generation_id"], id.as_str());
    let text = last["result"]["content_text"].as_str().unwrap();
    assert!(text.starts_with("Jane Doe\n"), "{text}");
    assert!(!text.contains("Initech"), "max_experiences 1: {text}");

    let res = status(&app, &owner.token, &id).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body["status"], "completed");
    assert_eq!(res.body["stage"], "scoring");
    assert_eq!(res.body["attempts"], 1);
    assert_eq!(res.body["result"]["generation_id"], id.as_str());
    assert_eq!(res.body["result"]["content_text"], text);
    assert!(res.body["result"]["content_structured"].is_string());
    // The same document is in the history, under the same id.
    let history = app
        .get(&format!("{GENERATIONS}/history"))
        .bearer(&owner.token)
        .send()
        .await;
    assert_eq!(history.body["total"], 1);
    assert_eq!(history.body["generations"][0]["generation_id"], id.as_str());
}

#[tokio::test]
async fn a_reconnecting_stream_gets_only_the_events_after_last_event_id() {
    let app = spawn_app().await;
    let (owner, job_id) = owner_with_job(&app).await;
    let res = submit(
        &app,
        &owner.token,
        &json!({"job_id": job_id, "document_type": "cover_letter", "max_paragraphs": 3}),
        None,
    )
    .await;
    let id = res.body["generation_id"].as_str().unwrap().to_owned();
    let (all, _) = read_events(&app, &owner.token, &id, None, Duration::from_secs(20)).await;
    assert!(all.len() >= 4, "{all:?}");
    let (rest, _) = read_events(&app, &owner.token, &id, Some(2), Duration::from_secs(5)).await;
    assert_eq!(rest.len(), all.len() - 2);
    assert_eq!(rest[0].id, Some(3));
    assert_eq!(rest.last().unwrap().name.as_deref(), Some("completed"));
    // A generation made by the synchronous route reads as completed, with one event.
    let sync = app
        .post(&format!("{GENERATIONS}/resume"))
        .bearer(&owner.token)
        .json(&json!({ "job_id": job_id }))
        .send()
        .await;
    let sync_id = sync.body["generation_id"].as_str().unwrap().to_owned();
    let res = status(&app, &owner.token, &sync_id).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["status"], "completed");
    assert_eq!(
        res.body["result"]["content_text"],
        sync.body["content_text"]
    );
    let (events, _) = read_events(&app, &owner.token, &sync_id, None, Duration::from_secs(5)).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].name.as_deref(), Some("completed"));
}

#[tokio::test]
async fn an_idempotency_key_answers_the_first_generation_and_refuses_another_body() {
    let app = spawn_app_with(|s| s.generation.workers = 0).await;
    let (owner, job_id) = owner_with_job(&app).await;
    let body = json!({"job_id": job_id, "document_type": "resume"});
    let first = submit(&app, &owner.token, &body, Some("order-42")).await;
    assert_eq!(first.status, StatusCode::ACCEPTED, "{}", first.text);
    assert!(first.header("idempotent-replayed").is_none());
    let again = submit(&app, &owner.token, &body, Some("order-42")).await;
    assert_eq!(again.status, StatusCode::ACCEPTED, "{}", again.text);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body["generation_id"], first.body["generation_id"]);
    assert_eq!(rows(&app, "generation_tasks").await, 1, "no second task");

    let other = json!({"job_id": job_id, "document_type": "cover_letter"});
    let res = submit(&app, &owner.token, &other, Some("order-42")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(
        res.detail(),
        "This Idempotency-Key was already used with a different request"
    );
    // Keys are the user's own: another user's same key is a new generation.
    let (intruder, their_job) = owner_with_job(&app).await;
    let theirs = json!({"job_id": their_job, "document_type": "resume"});
    let res = submit(&app, &intruder.token, &theirs, Some("order-42")).await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text);
    assert_ne!(res.body["generation_id"], first.body["generation_id"]);
    assert_eq!(rows(&app, "generation_tasks").await, 2);

    for bad in ["has space", &"k".repeat(256)] {
        let res = submit(&app, &owner.token, &body, Some(bad)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
        assert_eq!(
            res.first_error()["loc"],
            json!(["header", "idempotency-key"])
        );
    }
    assert_eq!(rows(&app, "generation_tasks").await, 2);
}

#[tokio::test]
async fn bad_requests_and_other_users_change_nothing() {
    let app = spawn_app_with(|s| s.generation.workers = 0).await;
    let (owner, job_id) = owner_with_job(&app).await;
    let cases = [
        (
            json!({"job_id": "nope", "document_type": "resume"}),
            "uuid_parsing",
        ),
        (json!({"job_id": job_id, "document_type": "poem"}), "enum"),
        (
            json!({"job_id": job_id, "document_type": "cover_letter", "max_paragraphs": 9}),
            "less_than_equal",
        ),
        (
            json!({"job_id": job_id, "document_type": "resume", "max_experiences": 0}),
            "greater_than_equal",
        ),
        (json!({"document_type": "resume"}), "missing"),
    ];
    for (body, kind) in cases {
        let res = submit(&app, &owner.token, &body, None).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            res.text
        );
        assert_eq!(res.first_error()["type"], kind, "{body}: {}", res.text);
    }
    let unknown = json!({"job_id": uuid::Uuid::new_v4(), "document_type": "resume"});
    let res = submit(&app, &owner.token, &unknown, None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.detail(), "Job not found");
    let res = app
        .post(GENERATIONS)
        .json(&json!({"job_id": job_id, "document_type": "resume"}))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app
        .post(GENERATIONS)
        .bearer("not-a-token")
        .json(&json!({"job_id": job_id, "document_type": "resume"}))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);

    // Another user's job is not theirs to generate from; their generation is not visible.
    let (intruder, _) = owner_with_job(&app).await;
    let res = submit(
        &app,
        &intruder.token,
        &json!({"job_id": job_id, "document_type": "resume"}),
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(rows(&app, "generation_tasks").await, 0, "nothing queued");

    let mine = submit(
        &app,
        &owner.token,
        &json!({"job_id": job_id, "document_type": "resume"}),
        None,
    )
    .await;
    let id = mine.body["generation_id"].as_str().unwrap().to_owned();
    for res in [
        status(&app, &intruder.token, &id).await,
        cancel(&app, &intruder.token, &id).await,
        app.get(&format!("{GENERATIONS}/{id}/events"))
            .bearer(&intruder.token)
            .send()
            .await,
    ] {
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.text);
        assert_eq!(res.detail(), "Generation not found");
    }
    let res = status(&app, &owner.token, &id).await;
    assert_eq!(
        res.body["status"], "queued",
        "the intruder's cancel did nothing"
    );
    for path in [
        format!("{GENERATIONS}/x1"),
        format!("{GENERATIONS}/x1/events"),
    ] {
        let res = app.get(&path).bearer(&owner.token).send().await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_eq!(res.first_error()["loc"], json!(["path", "generation_id"]));
    }
    let res = status(&app, &owner.token, &uuid::Uuid::new_v4().to_string()).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_queued_generation_is_cancelled_at_once_and_an_ended_one_is_409() {
    let app = spawn_app_with(|s| s.generation.workers = 0).await;
    let (owner, job_id) = owner_with_job(&app).await;
    let res = submit(
        &app,
        &owner.token,
        &json!({"job_id": job_id, "document_type": "resume"}),
        None,
    )
    .await;
    let id = res.body["generation_id"].as_str().unwrap().to_owned();
    let res = cancel(&app, &owner.token, &id).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["status"], "cancelled");
    let res = cancel(&app, &owner.token, &id).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.text);
    assert_eq!(res.detail(), "The generation has already ended (cancelled)");
    let (events, _) = read_events(&app, &owner.token, &id, None, Duration::from_secs(5)).await;
    let names: Vec<&str> = events.iter().filter_map(|e| e.name.as_deref()).collect();
    assert_eq!(names, ["queued", "cancelled"]);
}

#[tokio::test]
async fn a_user_with_too_many_generations_waiting_gets_429() {
    let app = spawn_app_with(|s| {
        s.generation.workers = 0;
        s.generation.max_active_per_user = 2;
    })
    .await;
    let (owner, job_id) = owner_with_job(&app).await;
    let body = json!({"job_id": job_id, "document_type": "resume"});
    for _ in 0..2 {
        let res = submit(&app, &owner.token, &body, None).await;
        assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text);
    }
    let res = submit(&app, &owner.token, &body, None).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.text);
    assert!(
        res.detail().contains("2 generations queued or running"),
        "{}",
        res.text
    );
    assert_eq!(res.header("retry-after"), Some("5"));
    assert_eq!(rows(&app, "generation_tasks").await, 2);
    // Another user is not held back by this one.
    let (other, their_job) = owner_with_job(&app).await;
    let res = submit(
        &app,
        &other.token,
        &json!({"job_id": their_job, "document_type": "resume"}),
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text);
}

/// An app whose model answers every request after `delay` (so generations stay running).
async fn app_with_slow_model(
    fake: &FakeOpenAi,
    configure: impl FnOnce(&mut tailor_app::Settings),
) -> TestApp {
    let base_url = fake.base_url();
    spawn_app_with(move |s| {
        s.llm.base_url = base_url;
        s.llm.timeout_secs = 10;
        s.llm.max_retries = 0;
        s.llm.deadline_secs = 20;
        configure(s);
    })
    .await
}

#[tokio::test]
async fn a_running_generation_stops_when_cancelled_and_keeps_nothing() {
    let fake = FakeOpenAi::start().await;
    fake.when_empty(FakeReply::text("A slow answer.").with_delay(Duration::from_secs(4)));
    let app = app_with_slow_model(&fake, |s| s.generation.lease_secs = 3).await;
    let (owner, job_id) = owner_with_job(&app).await;
    let res = submit(
        &app,
        &owner.token,
        &json!({"job_id": job_id, "document_type": "cover_letter"}),
        None,
    )
    .await;
    let id = res.body["generation_id"].as_str().unwrap().to_owned();
    wait_for(&app, &owner.token, &id, Duration::from_secs(10), |b| {
        b["status"] == "running" && !b["stage"].is_null()
    })
    .await;
    let started = Instant::now();
    let res = cancel(&app, &owner.token, &id).await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text);
    assert_eq!(res.body["status"], "running");
    assert_eq!(res.body["cancel_requested"], true);
    let (events, _) = read_events(&app, &owner.token, &id, None, Duration::from_secs(10)).await;
    assert_eq!(events.last().unwrap().name.as_deref(), Some("cancelled"));
    // The lease renewal (every second here) sees the request; the model's 4 s are not
    // waited for.
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "stopped in {:?}",
        started.elapsed()
    );
    assert_eq!(rows(&app, "generations").await, 0, "nothing kept");
    let res = status(&app, &owner.token, &id).await;
    assert_eq!(res.body["status"], "cancelled");
    assert!(res.body["result"].is_null());
}

/// Marks a task as a worker that died would leave it: running, its lease over.
async fn leave_as_crashed(app: &TestApp, id: &str, attempts: i32) {
    let past = "2020-01-01 00:00:00+00:00";
    let sql = if tailor_api_tests::on_postgres() {
        format!(
            "UPDATE generation_tasks SET status = 'running', worker = 'dead-host-1-0', \
             lease_until = '{past}', attempts = {attempts}, stage = 'writing', progress = 45 \
             WHERE id = '{id}'"
        )
    } else {
        // sea-orm stores a UUID as its 16 bytes on SQLite.
        let hex = id.replace('-', "");
        format!(
            "UPDATE generation_tasks SET status = 'running', worker = 'dead-host-1-0', \
             lease_until = '{past}', attempts = {attempts}, stage = 'writing', progress = 45 \
             WHERE id = x'{hex}'"
        )
    };
    app.execute_sql(&sql).await;
}

#[tokio::test]
async fn a_generation_whose_worker_died_is_taken_again_and_completes() {
    let app = spawn_app_with(|s| s.generation.workers = 0).await;
    let (owner, job_id) = owner_with_job(&app).await;
    let res = submit(
        &app,
        &owner.token,
        &json!({"job_id": job_id, "document_type": "resume"}),
        None,
    )
    .await;
    let id = res.body["generation_id"].as_str().unwrap().to_owned();
    leave_as_crashed(&app, &id, 1).await;
    let res = status(&app, &owner.token, &id).await;
    assert_eq!(res.body["status"], "running", "{}", res.text);
    // A process with workers starts on the same database.
    let app = app
        .restart_with(|s| {
            s.generation.workers = 2;
            s.generation.recover_interval_secs = 1;
        })
        .await;
    let done = wait_for(&app, &owner.token, &id, Duration::from_secs(20), |b| {
        b["status"] == "completed"
    })
    .await;
    assert_eq!(done["attempts"], 2, "the dead worker's attempt counts");
    assert!(done["result"]["content_text"].is_string());
    assert_eq!(rows(&app, "generations").await, 1, "made exactly once");
}

#[tokio::test]
async fn a_generation_out_of_attempts_fails_with_a_reason_instead_of_staying_running() {
    let app = spawn_app_with(|s| {
        s.generation.workers = 0;
        s.generation.max_attempts = 2;
    })
    .await;
    let (owner, job_id) = owner_with_job(&app).await;
    let res = submit(
        &app,
        &owner.token,
        &json!({"job_id": job_id, "document_type": "cover_letter"}),
        None,
    )
    .await;
    let id = res.body["generation_id"].as_str().unwrap().to_owned();
    leave_as_crashed(&app, &id, 2).await;
    let app = app
        .restart_with(|s| {
            s.generation.workers = 1;
            s.generation.recover_interval_secs = 1;
        })
        .await;
    let failed = wait_for(&app, &owner.token, &id, Duration::from_secs(20), |b| {
        b["status"] == "failed"
    })
    .await;
    assert_eq!(
        failed["error"],
        "The generation was interrupted too many times (its worker stopped); please try again"
    );
    assert!(failed["result"].is_null());
    assert_eq!(rows(&app, "generations").await, 0);
    let (events, _) = read_events(&app, &owner.token, &id, None, Duration::from_secs(5)).await;
    let last = events.last().unwrap();
    assert_eq!(last.name.as_deref(), Some("failed"));
    assert_eq!(last.data["error"], failed["error"]);
    // Ended: cancelling it is a conflict.
    assert_eq!(
        cancel(&app, &owner.token, &id).await.status,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn a_shutdown_hands_running_generations_back_to_the_queue() {
    let fake = FakeOpenAi::start().await;
    fake.when_empty(FakeReply::text("A slow answer.").with_delay(Duration::from_secs(30)));
    let app = app_with_slow_model(&fake, |s| {
        s.generation.shutdown_grace_secs = 0;
    })
    .await;
    let (owner, job_id) = owner_with_job(&app).await;
    let res = submit(
        &app,
        &owner.token,
        &json!({"job_id": job_id, "document_type": "cover_letter"}),
        None,
    )
    .await;
    let id = res.body["generation_id"].as_str().unwrap().to_owned();
    wait_for(&app, &owner.token, &id, Duration::from_secs(10), |b| {
        b["status"] == "running"
    })
    .await;
    let stopping = Instant::now();
    let app = app
        .restart_with(|s| {
            s.generation.workers = 0;
        })
        .await;
    assert!(
        stopping.elapsed() < Duration::from_secs(15),
        "the shutdown did not wait for the model: {:?}",
        stopping.elapsed()
    );
    let res = status(&app, &owner.token, &id).await;
    assert_eq!(res.body["status"], "queued", "{}", res.text);
    assert_eq!(
        res.body["attempts"], 0,
        "a handed-back attempt is not counted"
    );
}

#[tokio::test]
async fn deleting_a_background_generation_deletes_its_task() {
    let app = spawn_app().await;
    let (owner, job_id) = owner_with_job(&app).await;
    let res = submit(
        &app,
        &owner.token,
        &json!({"job_id": job_id, "document_type": "resume"}),
        None,
    )
    .await;
    let id = res.body["generation_id"].as_str().unwrap().to_owned();
    wait_for(&app, &owner.token, &id, Duration::from_secs(20), |b| {
        b["status"] == "completed"
    })
    .await;
    let res = app
        .request(Method::DELETE, &format!("{GENERATIONS}/{id}"))
        .bearer(&owner.token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(
        status(&app, &owner.token, &id).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(rows(&app, "generation_tasks").await, 0);
    assert_eq!(rows(&app, "generation_task_events").await, 0);
}

#[tokio::test]
async fn two_instances_on_one_postgresql_share_the_queue_and_make_each_generation_once() {
    if !tailor_api_tests::on_postgres() {
        // SQLite is one instance only (its write lock is per process); see operations.md.
        return;
    }
    const USERS: usize = 20;
    const EACH: usize = 10;
    // First only the API: every task is queued before any worker starts.
    let first = spawn_app_with(|s| s.generation.workers = 0).await;
    let mut owners = Vec::new();
    for _ in 0..USERS {
        owners.push(owner_with_job(&first).await);
    }
    let mut ids = Vec::new();
    for (owner, job_id) in &owners {
        for i in 0..EACH {
            let kind = if i % 2 == 0 { "resume" } else { "cover_letter" };
            let res = submit(
                &first,
                &owner.token,
                &json!({"job_id": job_id, "document_type": kind}),
                None,
            )
            .await;
            assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text);
            ids.push((
                owner.token.clone(),
                res.body["generation_id"].as_str().unwrap().to_owned(),
            ));
        }
    }
    // Two instances with workers on the same database.
    let url = first.database_url.clone();
    let a = first.restart_with(|s| s.generation.workers = 4).await;
    let b = spawn_app_with(move |s| {
        s.database.url = url;
        s.generation.workers = 4;
    })
    .await;
    for (n, (token, id)) in ids.iter().enumerate() {
        // Read through either instance.
        let app = if n % 2 == 0 { &a } else { &b };
        let done = wait_for(app, token, id, Duration::from_secs(120), |body| {
            body["status"] != "queued" && body["status"] != "running"
        })
        .await;
        assert_eq!(done["status"], "completed", "{done}");
        assert_eq!(done["attempts"], 1, "claimed once: {done}");
    }
    assert_eq!(
        rows(&a, "generations").await,
        i64::try_from(USERS * EACH).unwrap()
    );
    // Each task has exactly one claim event (running at the first stage): one claim, by one
    // instance.
    let db = a.db().await;
    use sea_orm::{ConnectionTrait, Statement};
    let twice = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT count(*) AS n FROM (SELECT task_id FROM generation_task_events \
             WHERE status = 'running' AND stage = 'analysing' GROUP BY task_id \
             HAVING count(*) > 1) t",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(twice.try_get::<i64>("", "n").unwrap(), 0);
}

#[tokio::test]
async fn a_synchronous_route_with_an_idempotency_key_answers_the_same_document_twice() {
    let app = spawn_app().await;
    let (owner, job_id) = owner_with_job(&app).await;
    let body = json!({"job_id": job_id, "max_paragraphs": 3});
    let send = |key: &'static str, body: Value| {
        let app = &app;
        let token = owner.token.clone();
        async move {
            app.post(&format!("{GENERATIONS}/cover-letter"))
                .bearer(&token)
                .header("Idempotency-Key", key)
                .json(&body)
                .send()
                .await
        }
    };
    let first = send("letter-1", body.clone()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(first.body["document_type"], "cover_letter");
    let again = send("letter-1", body.clone()).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!(again.body["generation_id"], first.body["generation_id"]);
    assert_eq!(again.body["content_text"], first.body["content_text"]);
    assert_eq!(rows(&app, "generations").await, 1, "made once");
    let other = send("letter-1", json!({"job_id": job_id, "max_paragraphs": 4})).await;
    assert_eq!(
        other.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        other.text
    );
    // Without a key, every request is a new document, as before.
    let plain = app
        .post(&format!("{GENERATIONS}/resume"))
        .bearer(&owner.token)
        .json(&json!({ "job_id": job_id }))
        .send()
        .await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(rows(&app, "generations").await, 2);
    // A key for another user's job changes nothing.
    let (intruder, _) = owner_with_job(&app).await;
    let res = app
        .post(&format!("{GENERATIONS}/resume"))
        .bearer(&intruder.token)
        .header("Idempotency-Key", "steal")
        .json(&json!({ "job_id": job_id }))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(rows(&app, "generations").await, 2);
}

#[tokio::test]
async fn a_synchronous_route_whose_queued_work_is_not_done_in_time_is_503_and_a_repeat_gets_it() {
    // No worker takes the task: the request waits `llm.deadline_secs + 3` s, then 503.
    let app = spawn_app_with(|s| {
        s.generation.workers = 0;
        s.llm.deadline_secs = 1;
    })
    .await;
    let (owner, job_id) = owner_with_job(&app).await;
    let body = json!({ "job_id": job_id });
    let started = Instant::now();
    let res = resume_with_key(&app, &owner.token, &body).await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "{}", res.text);
    assert!(
        res.detail().contains("same Idempotency-Key"),
        "{}",
        res.text
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(rows(&app, "generations").await, 0);
    assert_eq!(
        rows(&app, "generation_tasks").await,
        1,
        "the work stays queued"
    );
    // Workers start: the repeat answers the one document.
    let app = app.restart_with(|s| s.generation.workers = 1).await;
    let res = resume_with_key(&app, &owner.token, &body).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["document_type"], "resume");
    assert_eq!(rows(&app, "generations").await, 1);
    assert_eq!(rows(&app, "generation_tasks").await, 1);
}

async fn resume_with_key(app: &TestApp, token: &str, body: &Value) -> TestResponse {
    app.post(&format!("{GENERATIONS}/resume"))
        .bearer(token)
        .header("Idempotency-Key", "slow-1")
        .json(body)
        .send()
        .await
}
