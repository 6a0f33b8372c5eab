//! Model usage and budgets: every call recorded per user and feature (`GET /api/v1/usage`),
//! identical requests answered from the response cache, and a spent daily budget answered
//! with 429 and `Retry-After`, or with the offline composer when configured so.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tailor_api_tests::fixtures::{Owner, full_profile};
use tailor_api_tests::{TestApp, TestResponse, spawn_app, spawn_app_with};
use tailor_llm_client::fake::{FAKE_MODEL, FakeOpenAi, FakeReply};

use crate::jobs::{POSTING, post_job, rows};

async fn app_with_model(
    fake: &FakeOpenAi,
    configure: impl FnOnce(&mut tailor_app::Settings),
) -> TestApp {
    let base_url = fake.base_url();
    spawn_app_with(move |s| {
        s.llm.base_url = base_url;
        s.llm.timeout_secs = 5;
        s.llm.max_retries = 0;
        s.llm.deadline_secs = 10;
        s.llm.response_cache_ttl_secs = 3600;
        configure(s);
    })
    .await
}

async fn owner_with_job(app: &TestApp) -> (Owner, String) {
    let owner = app.owner_with(&full_profile()).await;
    let res = post_job(app, &owner.token, &json!({ "raw_text": POSTING })).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    (owner, res.body["id"].as_str().unwrap().to_owned())
}

async fn letter(app: &TestApp, token: &str, job_id: &str) -> TestResponse {
    app.post("/api/v1/generations/cover-letter")
        .bearer(token)
        .json(&json!({ "job_id": job_id }))
        .send()
        .await
}

async fn usage(app: &TestApp, token: &str, query: &str) -> TestResponse {
    app.get(&format!("/api/v1/usage{query}"))
        .bearer(token)
        .send()
        .await
}

fn feature<'a>(body: &'a Value, name: &str) -> &'a Value {
    body["by_feature"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["feature"] == name)
        .unwrap_or_else(|| panic!("{name} in {body}"))
}

/// The ranking's answer, then the letter's.
fn push_answers(fake: &FakeOpenAi) {
    fake.push_json(&json!({"order": [1, 2, 3], "rationale": "The billing work fits best."}));
    fake.push_text(
        "Dear Hiring Manager,\n\nI have built billing platforms in Rust.\n\n\
         I would welcome a conversation.\n\nKind regards,\n[[NAME]]",
    );
}

#[tokio::test]
async fn usage_totals_are_what_the_model_reported_and_repeats_come_from_the_cache() {
    let fake = FakeOpenAi::start().await;
    push_answers(&fake);
    let app = app_with_model(&fake, |s| {
        s.llm.prices.insert(
            FAKE_MODEL.to_owned(),
            tailor_app::settings::ModelPrice {
                prompt_per_million: 1_000.0,
                completion_per_million: 2_000.0,
            },
        );
    })
    .await;
    let (owner, job_id) = owner_with_job(&app).await;
    let res = letter(&app, &owner.token, &job_id).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(
        res.body["content_text"]
            .as_str()
            .unwrap()
            .contains("billing platforms")
    );
    assert_eq!(fake.request_count(), 2);

    // The same request again: the stored ranking is reused, and the letter's prompt is the
    // same, so the cache answers it.
    let again = letter(&app, &owner.token, &job_id).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!(again.body["content_text"], res.body["content_text"]);
    assert_eq!(fake.request_count(), 2, "no second call");

    let res = usage(&app, &owner.token, "").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let body = &res.body;
    // The fake reports 10 prompt and 5 completion tokens per call.
    let ranking = feature(body, "ranking");
    assert_eq!(
        (
            &ranking["calls"],
            &ranking["total_tokens"],
            &ranking["cache_hits"]
        ),
        (&json!(1), &json!(15), &json!(0))
    );
    let letters = feature(body, "cover_letter");
    assert_eq!(
        (
            &letters["calls"],
            &letters["prompt_tokens"],
            &letters["completion_tokens"],
            &letters["cache_hits"]
        ),
        (&json!(2), &json!(10), &json!(5), &json!(1))
    );
    assert_eq!(body["totals"]["total_tokens"], 30);
    // 20 prompt tokens at $1,000/M and 10 completion tokens at $2,000/M.
    assert_eq!(body["totals"]["estimated_cost_usd"], 0.04);
    let days = body["by_day"].as_array().unwrap();
    assert_eq!(days.len(), 1);
    assert_eq!(days[0]["calls"], 3);
    assert_eq!(body["budget"]["daily_tokens"], Value::Null);
    assert_eq!(body["budget"]["used_today"], 30);
    assert_eq!(rows(&app, "model_usage").await, 3);

    // Another user sees only their own.
    let (other, _) = owner_with_job(&app).await;
    let theirs = usage(&app, &other.token, "").await;
    assert_eq!(theirs.body["totals"]["calls"], 0);
    assert_eq!(theirs.body["by_feature"], json!([]));
}

#[tokio::test]
async fn a_spent_daily_budget_is_429_until_midnight() {
    let fake = FakeOpenAi::start().await;
    push_answers(&fake);
    fake.when_empty(FakeReply::text("Another answer."));
    let app = app_with_model(&fake, |s| {
        s.llm.daily_token_budget_per_user = 20;
        s.llm.response_cache_ttl_secs = 0;
    })
    .await;
    let (owner, job_id) = owner_with_job(&app).await;
    let res = letter(&app, &owner.token, &job_id).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let calls = fake.request_count();
    let generations = rows(&app, "generations").await;

    for res in [
        letter(&app, &owner.token, &job_id).await,
        app.post("/api/v1/generations")
            .bearer(&owner.token)
            .json(&json!({"job_id": job_id, "document_type": "resume"}))
            .send()
            .await,
        app.post("/api/v1/rankings/create")
            .bearer(&owner.token)
            .json(&json!({ "job_id": job_id }))
            .send()
            .await,
    ] {
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.text);
        assert!(
            res.detail().starts_with("The daily token budget"),
            "{}",
            res.text
        );
        let wait: u64 = res.header("retry-after").unwrap().parse().unwrap();
        assert!((1..=86_400).contains(&wait), "{wait}");
    }
    assert_eq!(fake.request_count(), calls, "no call past the budget");
    assert_eq!(rows(&app, "generations").await, generations, "nothing made");
    assert_eq!(rows(&app, "generation_tasks").await, 0, "nothing queued");
    let res = usage(&app, &owner.token, "").await;
    assert_eq!(res.body["budget"]["daily_tokens"], 20);
    assert_eq!(res.body["budget"]["used_today"], 30);
    assert_eq!(res.body["budget"]["remaining_today"], 0);

    // Another user still has their own budget.
    let (other, their_job) = owner_with_job(&app).await;
    let res = letter(&app, &other.token, &their_job).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
}

#[tokio::test]
async fn past_the_budget_the_offline_policy_writes_offline_and_says_so() {
    let fake = FakeOpenAi::start().await;
    push_answers(&fake);
    let app = app_with_model(&fake, |s| {
        s.llm.daily_token_budget_global = 20;
        s.llm.over_budget = "offline".to_owned();
        s.llm.response_cache_ttl_secs = 0;
    })
    .await;
    let (owner, job_id) = owner_with_job(&app).await;
    assert_eq!(
        letter(&app, &owner.token, &job_id).await.status,
        StatusCode::OK
    );
    let calls = fake.request_count();
    // Everyone's budget is spent: another user's letter is written offline.
    let (other, their_job) = owner_with_job(&app).await;
    let res = letter(&app, &other.token, &their_job).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let raw = res.body["llm_metadata"]["raw"].as_str().unwrap();
    assert!(raw.starts_with("{'model': 'offline'"), "{raw}");
    assert!(raw.contains("over the daily token budget"), "{raw}");
    assert_eq!(fake.request_count(), calls, "no call past the budget");
}

#[tokio::test]
async fn a_bad_range_is_422_and_the_offline_generator_records_nothing() {
    let app = spawn_app().await;
    let (owner, job_id) = owner_with_job(&app).await;
    assert_eq!(
        letter(&app, &owner.token, &job_id).await.status,
        StatusCode::OK
    );
    let res = usage(&app, &owner.token, "?from=2026-12-01&to=2026-12-03").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(
        (res.body["from"].as_str(), res.body["to"].as_str()),
        (Some("2026-12-01"), Some("2026-12-03"))
    );
    assert_eq!(
        res.body["totals"]["calls"], 0,
        "offline makes no model calls"
    );
    assert_eq!(rows(&app, "model_usage").await, 0);

    let res = usage(&app, &owner.token, "?from=yesterday").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(res.first_error()["loc"], json!(["query", "from"]));
    assert_eq!(res.first_error()["type"], "date_parsing");
    let res = usage(&app, &owner.token, "?from=2026-12-03&to=2026-12-01").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.detail(), "from must not be after to");
    let res = usage(&app, &owner.token, "?from=2024-01-01&to=2026-12-01").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.detail(), "The range may cover at most 366 days");
    let res = app.get("/api/v1/usage").send().await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}
