//! Generation with a language model: an OpenAI-compatible server (a local fake) writes the
//! cover letter and the enhancements; nothing personal reaches it; when it fails, the
//! offline composer answers in time and the metadata says so.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use tailor_api_tests::fixtures::full_profile;
use tailor_api_tests::{TestApp, spawn_app_with};
use tailor_llm_client::fake::{FAKE_MODEL, FakeOpenAi, FakeReply};

use crate::jobs::{POSTING, post_job};

async fn app_with_model(fake: &FakeOpenAi, deadline_secs: u64) -> TestApp {
    let base_url = fake.base_url();
    spawn_app_with(move |s| {
        s.llm.base_url = base_url;
        s.llm.timeout_secs = 2;
        s.llm.max_retries = 1;
        s.llm.deadline_secs = deadline_secs;
    })
    .await
}

/// Jane Doe's personal values in the full profile.
const PERSONAL: [&str; 4] = [
    "Jane",
    "jane@example.com",
    "555 0100",
    "linkedin.com/in/jane",
];

#[tokio::test]
async fn the_model_writes_the_letter_without_seeing_personal_data() {
    let fake = FakeOpenAi::start().await;
    // First the ranking (near-ties and a rationale), then the letter.
    fake.push_json(&json!({"order": [1, 2, 3], "rationale": "[[NAME]]'s billing work fits best."}));
    fake.push_text(
        "Dear Hiring Manager,\n\nI have built billing platforms in Rust for years.\n\n\
         I would welcome a conversation.\n\nKind regards,\n[[NAME]]",
    );
    let app = app_with_model(&fake, 10).await;
    let owner = app.owner_with(&full_profile()).await;
    let job = post_job(&app, &owner.token, &json!({ "raw_text": POSTING })).await;
    let res = app
        .post("/api/v1/generations/cover-letter")
        .bearer(&owner.token)
        .json(&json!({ "job_id": job.body["id"] }))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let letter = res.body["content_text"].as_str().unwrap();
    assert!(letter.contains("billing platforms in Rust"), "{letter}");
    assert!(
        letter.ends_with("Kind regards,\nJane Doe"),
        "the name came back: {letter}"
    );
    let raw = res.body["llm_metadata"]["raw"].as_str().unwrap();
    assert!(raw.contains(&format!("'model': '{FAKE_MODEL}'")), "{raw}");
    assert!(raw.contains("'prompt_version': 'prompts-1'"), "{raw}");
    assert!(!raw.contains("fallback"), "{raw}");

    assert_eq!(fake.request_count(), 2);
    let ranking = app
        .get(&format!(
            "/api/v1/rankings/job/{}",
            job.body["id"].as_str().unwrap()
        ))
        .bearer(&owner.token)
        .send()
        .await;
    assert_eq!(
        ranking.body["ranking_rationale"], "Jane Doe's billing work fits best.",
        "the model's rationale, the name restored"
    );
    assert_eq!(
        ranking.body["ranked_experience_ids"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let sent = fake.sent_text();
    assert!(
        sent.contains("Northwind Analytics"),
        "the job is sent: {sent}"
    );
    for personal in PERSONAL {
        assert!(!sent.contains(personal), "{personal} was sent: {sent}");
    }
}

#[tokio::test]
async fn a_failing_model_gets_the_offline_letter_in_time() {
    let fake = FakeOpenAi::start().await;
    fake.when_empty(FakeReply::status(500));
    let app = app_with_model(&fake, 3).await;
    let owner = app.owner_with(&full_profile()).await;
    let job = post_job(&app, &owner.token, &json!({ "raw_text": POSTING })).await;
    let started = Instant::now();
    let res = app
        .post("/api/v1/generations/cover-letter")
        .bearer(&owner.token)
        .json(&json!({ "job_id": job.body["id"] }))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "bounded by llm.deadline_secs: {:?}",
        started.elapsed()
    );
    let raw = res.body["llm_metadata"]["raw"].as_str().unwrap();
    assert!(raw.starts_with("{'model': 'offline'"), "{raw}");
    assert!(raw.contains("'fallback': "), "{raw}");
    assert!(fake.request_count() >= 1, "the model was asked");
    let letter = res.body["content_text"].as_str().unwrap();
    assert!(letter.contains("Northwind Analytics"), "{letter}");
}

#[tokio::test]
async fn the_model_enhances_and_an_invented_fact_is_refused() {
    let fake = FakeOpenAi::start().await;
    fake.push_json(&json!({"sections": [
        {"section_number": 1, "enhanced_text": "Seasoned backend engineer with a decade of reliable services."},
        {"section_number": 2, "enhanced_text": "Led the billing platform rebuild at Google, cutting costs by 45%."},
        {"section_number": 3, "enhanced_text": "A tool that tailors resumes."}
    ]}));
    let app = app_with_model(&fake, 10).await;
    let mut body = full_profile();
    body["experiences"][0]["description"] = json!("Built the billing platform.");
    let owner = app.owner_with(&body).await;
    let res = app
        .post("/api/v1/profile/enhance")
        .bearer(&owner.token)
        .json(&json!({ "profile_id": owner.profile_id }))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["llm_metadata"]["model"], FAKE_MODEL);
    let profile = app.read_profile(&owner.token, &owner.profile_id).await.body;
    assert_eq!(
        profile["enhanced_professional_summary"],
        "Seasoned backend engineer with a decade of reliable services."
    );
    let enhanced = profile["experiences"][0]["enhanced_description"]
        .as_str()
        .unwrap_or_default();
    assert!(
        !enhanced.contains("Google") && !enhanced.contains("45%"),
        "an invented employer and number are refused: {enhanced}"
    );
    assert_eq!(
        profile["experiences"][0]["description"],
        "Built the billing platform."
    );
    for personal in PERSONAL {
        assert!(!fake.sent_text().contains(personal), "{personal} was sent");
    }
}

#[tokio::test]
async fn a_job_deleted_while_its_letter_is_written_leaves_nothing_behind() {
    let fake = FakeOpenAi::start().await;
    // The ranking answers at once; the letter takes a while: the job is deleted meanwhile.
    fake.push_json(&json!({"order": [1], "rationale": "The first role fits."}));
    fake.push(
        FakeReply::text("Dear Hiring Manager,\n\nI would like the role.\n\n[[NAME]]")
            .with_delay(Duration::from_millis(800)),
    );
    let app = app_with_model(&fake, 10).await;
    let owner = app.owner_with(&full_profile()).await;
    let job = post_job(&app, &owner.token, &json!({ "raw_text": POSTING })).await;
    let job_id = job.body["id"].as_str().unwrap().to_owned();
    let letter = app
        .post("/api/v1/generations/cover-letter")
        .bearer(&owner.token)
        .json(&json!({ "job_id": job_id }))
        .send();
    let delete = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        crate::jobs::delete_job(&app, &owner.token, &job_id).await
    };
    let (letter, deleted) = tokio::join!(letter, delete);
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    assert_eq!(letter.status, StatusCode::NOT_FOUND, "{}", letter.text);
    assert_eq!(letter.detail(), "Job not found");
    assert_eq!(crate::jobs::rows(&app, "generations").await, 0);
    assert_eq!(crate::jobs::rows(&app, "rankings").await, 0);
}

#[tokio::test]
async fn the_model_rephrases_resume_bullets_toward_the_job() {
    let fake = FakeOpenAi::start().await;
    fake.push_json(&json!({"order": [1, 2, 3], "rationale": "The billing work fits."}));
    fake.push_json(
        &json!({"bullets": [{"number": 1, "text": "Cut billing platform costs by 30%"}]}),
    );
    let app = app_with_model(&fake, 10).await;
    let owner = app.owner_with(&full_profile()).await;
    let job = post_job(&app, &owner.token, &json!({ "raw_text": POSTING })).await;
    let res = app
        .post("/api/v1/generations/resume")
        .bearer(&owner.token)
        .json(&json!({ "job_id": job.body["id"] }))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let text = res.body["content_text"].as_str().unwrap();
    assert!(
        text.contains("\u{2022} Cut billing platform costs by 30%"),
        "{text}"
    );
    assert!(!text.contains("\u{2022} Cut costs by 30%"), "{text}");
    assert_eq!(fake.request_count(), 2);
    for personal in PERSONAL {
        assert!(!fake.sent_text().contains(personal), "{personal} was sent");
    }
}

#[tokio::test]
async fn a_slow_model_shares_one_deadline_across_the_steps_of_a_request() {
    let fake = FakeOpenAi::start().await;
    // Every answer comes too late: the ranking step uses up the budget, and the bullet
    // step is not started.
    fake.when_empty(
        FakeReply::json(&json!({"order": [1], "rationale": "late"}))
            .with_delay(Duration::from_secs(4)),
    );
    let app = app_with_model(&fake, 2).await;
    let owner = app.owner_with(&full_profile()).await;
    let job = post_job(&app, &owner.token, &json!({ "raw_text": POSTING })).await;
    let started = Instant::now();
    let res = app
        .post("/api/v1/generations/resume")
        .bearer(&owner.token)
        .json(&json!({ "job_id": job.body["id"] }))
        .send()
        .await;
    let took = started.elapsed();
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(
        took < Duration::from_millis(3500),
        "one 2 s budget for the request: {took:?}"
    );
    let raw = res.body["llm_metadata"]["raw"].as_str().unwrap();
    assert!(
        raw.contains("'fallback': ") && raw.contains("budget"),
        "{raw}"
    );
}

#[tokio::test]
async fn the_anthropic_provider_writes_the_letter_through_the_messages_api() {
    use tailor_llm_client::fake_anthropic::{FAKE_MODEL as ANTHROPIC_MODEL, FakeAnthropic};
    let fake = FakeAnthropic::start().await;
    fake.push_json(&json!({"order": [1, 2, 3], "rationale": "[[NAME]] fits best."}));
    fake.push_text(
        "Dear Hiring Manager,\n\nI have built billing platforms in Rust for years.\n\n\
         I would welcome a conversation.\n\nKind regards,\n[[NAME]]",
    );
    let base_url = fake.base_url();
    let app = spawn_app_with(move |s| {
        s.llm.provider = "anthropic".to_owned();
        s.llm.base_url = base_url;
        s.llm.api_key = Some("test-key".to_owned().into());
        s.llm.timeout_secs = 2;
        s.llm.max_retries = 1;
        s.llm.deadline_secs = 10;
    })
    .await;
    let owner = app.owner_with(&full_profile()).await;
    let job = post_job(&app, &owner.token, &json!({ "raw_text": POSTING })).await;
    let res = app
        .post("/api/v1/generations/cover-letter")
        .bearer(&owner.token)
        .json(&json!({ "job_id": job.body["id"] }))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let letter = res.body["content_text"].as_str().unwrap();
    assert!(letter.contains("billing platforms in Rust"), "{letter}");
    assert!(letter.ends_with("Kind regards,\nJane Doe"), "{letter}");
    let raw = res.body["llm_metadata"]["raw"].as_str().unwrap();
    assert!(
        raw.contains(&format!("'model': '{ANTHROPIC_MODEL}'")),
        "{raw}"
    );
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].tool_choice(),
        Some("ranking"),
        "JSON by a forced tool call"
    );
    assert!(
        requests[1].system().is_some(),
        "the system prompt stands apart"
    );
    let sent = fake.sent_text();
    for value in PERSONAL {
        assert!(!sent.contains(value), "{value} was sent");
    }
}
