//! `/api/v1/rankings` and `/api/v1/generations`: the app's flow (ranking 404 → create →
//! resume → cover letter → history → delete), ownership, bad input, an empty profile and
//! a deleted job.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tailor_api_tests::fixtures::{Owner, full_profile};
use tailor_api_tests::{TestApp, TestResponse, spawn_app};

use crate::jobs::{JOBS, POSTING, delete_job, post_job, rows};

const RANKINGS: &str = "/api/v1/rankings";
const GENERATIONS: &str = "/api/v1/generations";

/// A user with the full profile and one saved job (the pasted backend posting).
async fn owner_with_job(app: &TestApp) -> (Owner, String) {
    let owner = app.owner_with(&full_profile()).await;
    let res = post_job(app, &owner.token, &json!({ "raw_text": POSTING })).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let job_id = res.body["id"].as_str().unwrap().to_owned();
    (owner, job_id)
}

async fn create_ranking(app: &TestApp, token: &str, job_id: &str) -> TestResponse {
    app.post(&format!("{RANKINGS}/create"))
        .bearer(token)
        .json(&json!({ "job_id": job_id }))
        .send()
        .await
}

async fn get_ranking(app: &TestApp, token: &str, job_id: &str) -> TestResponse {
    app.get(&format!("{RANKINGS}/job/{job_id}"))
        .bearer(token)
        .send()
        .await
}

async fn resume(app: &TestApp, token: &str, body: &Value) -> TestResponse {
    app.post(&format!("{GENERATIONS}/resume"))
        .bearer(token)
        .json(body)
        .send()
        .await
}

async fn cover_letter(app: &TestApp, token: &str, body: &Value) -> TestResponse {
    app.post(&format!("{GENERATIONS}/cover-letter"))
        .bearer(token)
        .json(body)
        .send()
        .await
}

async fn history(app: &TestApp, token: &str, query: &str) -> TestResponse {
    app.get(&format!("{GENERATIONS}/history?{query}"))
        .bearer(token)
        .send()
        .await
}

async fn delete_generation(app: &TestApp, token: &str, id: &str) -> TestResponse {
    app.request(Method::DELETE, &format!("{GENERATIONS}/{id}"))
        .bearer(token)
        .send()
        .await
}

/// Every key of the contract's GenerationResponse with its JSON type.
fn assert_generation_shape(g: &Value, document_type: &str) {
    for key in [
        "generation_id",
        "job_id",
        "content_text",
        "ats_feedback",
        "created_at",
    ] {
        assert!(g[key].is_string(), "{key} in {g}");
    }
    assert_eq!(g["document_type"], document_type);
    assert_eq!(g["status"], "completed");
    let score = g["ats_score"].as_f64().expect("a numeric ats_score");
    assert!((0.0..=100.0).contains(&score), "{score}");
    let raw = g["llm_metadata"]["raw"].as_str().expect("llm_metadata.raw");
    assert!(raw.starts_with("{'model': 'offline'"), "{raw}");
    assert!(g["ats_report"]["matched_keywords"].is_array());
    assert!(
        g.get("id").is_none(),
        "the contract has no id key on generations"
    );
}

#[tokio::test]
async fn the_apps_flow_ranks_writes_lists_and_deletes() {
    let app = spawn_app().await;
    let (owner, job_id) = owner_with_job(&app).await;
    let token = &owner.token;

    // The app asks for the ranking first and creates it on any error.
    let res = get_ranking(&app, token, &job_id).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.detail(), "No ranking found for this job");
    let created = create_ranking(&app, token, &job_id).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text);
    let ranking = &created.body;
    assert_eq!(ranking["job_id"], job_id.as_str());
    assert_eq!(ranking["user_id"], owner.user_id);
    assert_eq!(ranking["status"], "completed");
    let experiences = ranking["ranked_experience_ids"].as_array().unwrap();
    assert_eq!(experiences.len(), 2, "every experience is ranked");
    assert_eq!(ranking["ranked_project_ids"].as_array().unwrap().len(), 1);
    // The backend role ranks above the older, undescribed one for a backend posting.
    assert_eq!(experiences[0], owner.id_at("/experiences/0").as_str());
    let scores = ranking["relevance_scores"].as_object().unwrap();
    assert_eq!(scores.len(), 3);
    assert!(ranking["keyword_matches"].is_object());
    assert!(ranking["ranking_rationale"].is_string());
    let again = get_ranking(&app, token, &job_id).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["id"], ranking["id"]);

    let res = resume(
        &app,
        token,
        &json!({"job_id": job_id, "max_experiences": 1, "max_projects": 1, "include_summary": true}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_generation_shape(&res.body, "resume");
    assert!(
        res.body["content_structured"].is_null(),
        "not echoed by the resume route"
    );
    let text = res.body["content_text"].as_str().unwrap();
    assert!(text.starts_with("Jane Doe\n"), "{text}");
    assert!(text.contains("Senior Engineer | Acme"), "{text}");
    assert!(!text.contains("Initech"), "max_experiences 1: {text}");
    let resume_id = res.body["generation_id"].as_str().unwrap().to_owned();

    let res = cover_letter(
        &app,
        token,
        &json!({"job_id": job_id, "hiring_manager_name": "Ms Rivera", "max_paragraphs": 3}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_generation_shape(&res.body, "cover_letter");
    let letter = res.body["content_text"].as_str().unwrap();
    assert!(letter.starts_with("Dear Ms Rivera,"), "{letter}");
    assert!(letter.contains("Northwind Analytics"), "{letter}");
    let structured: Value =
        serde_json::from_str(res.body["content_structured"].as_str().unwrap()).unwrap();
    assert_eq!(structured["sections"][0]["type"], "cover_letter");

    let res = history(&app, token, &format!("job_id={job_id}&limit=20&offset=0")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let generations = res.body["generations"].as_array().unwrap();
    assert_eq!(generations.len(), 2);
    assert_eq!(res.body["total"], 2);
    assert_eq!(
        generations[0]["document_type"], "cover_letter",
        "newest first"
    );
    let stored: Value =
        serde_json::from_str(generations[1]["content_structured"].as_str().unwrap()).unwrap();
    assert!(
        stored["sections"].is_array(),
        "the history carries the resume's structure"
    );
    let res = history(&app, token, "document_type=resume").await;
    assert_eq!(res.body["generations"].as_array().unwrap().len(), 1);

    let res = delete_generation(&app, token, &resume_id).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let res = delete_generation(&app, token, &resume_id).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.detail(), "Generation not found");
    assert_eq!(history(&app, token, "").await.body["total"], 1);
}

#[tokio::test]
async fn a_resume_without_a_ranking_makes_one() {
    let app = spawn_app().await;
    let (owner, job_id) = owner_with_job(&app).await;
    let res = resume(&app, &owner.token, &json!({ "job_id": job_id })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(
        get_ranking(&app, &owner.token, &job_id).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn another_users_job_ranking_and_generation_do_not_exist() {
    let app = spawn_app().await;
    let (owner, job_id) = owner_with_job(&app).await;
    let res = resume(&app, &owner.token, &json!({ "job_id": job_id })).await;
    let generation_id = res.body["generation_id"].as_str().unwrap().to_owned();
    let intruder = app.owner_with(&full_profile()).await;
    let token = &intruder.token;

    for res in [
        create_ranking(&app, token, &job_id).await,
        resume(&app, token, &json!({ "job_id": job_id })).await,
        cover_letter(&app, token, &json!({ "job_id": job_id })).await,
    ] {
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.text);
        assert_eq!(res.detail(), "Job not found");
    }
    let res = get_ranking(&app, token, &job_id).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = delete_generation(&app, token, &generation_id).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.detail(), "Generation not found");
    let res = history(&app, token, &format!("job_id={job_id}")).await;
    assert_eq!(res.body["total"], 0, "{}", res.text);
    // Nothing of the owner's changed.
    assert_eq!(history(&app, &owner.token, "").await.body["total"], 1);
    assert_eq!(rows(&app, "generations").await, 1);
    assert_eq!(rows(&app, "rankings").await, 1);
}

#[tokio::test]
async fn bad_input_is_422_and_changes_nothing() {
    let app = spawn_app().await;
    let (owner, job_id) = owner_with_job(&app).await;
    let token = &owner.token;
    for (path, body, loc) in [
        (
            "/rankings/create",
            json!({"job_id": "mock_0123456789ab"}),
            "job_id",
        ),
        (
            "/generations/resume",
            json!({"job_id": job_id, "max_experiences": 0}),
            "max_experiences",
        ),
        (
            "/generations/resume",
            json!({"job_id": job_id, "max_experiences": 11}),
            "max_experiences",
        ),
        (
            "/generations/resume",
            json!({"job_id": job_id, "max_projects": -1}),
            "max_projects",
        ),
        ("/generations/resume", json!({}), "job_id"),
        (
            "/generations/cover-letter",
            json!({"job_id": job_id, "max_paragraphs": 2}),
            "max_paragraphs",
        ),
        (
            "/generations/cover-letter",
            json!({"job_id": job_id, "custom_prompt": "x".repeat(501)}),
            "custom_prompt",
        ),
        (
            "/generations/cover-letter",
            json!({"job_id": job_id, "company_name": "x".repeat(201)}),
            "company_name",
        ),
    ] {
        let res = app
            .post(&format!("/api/v1{path}"))
            .bearer(token)
            .json(&body)
            .send()
            .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path} {body}: {}",
            res.text
        );
        assert_eq!(
            res.first_error()["loc"],
            json!(["body", loc]),
            "{path} {body}"
        );
    }
    for query in [
        "document_type=letter",
        "job_id=42",
        "limit=0",
        "limit=101",
        "offset=-1",
    ] {
        let res = history(&app, token, query).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
    }
    let res = get_ranking(&app, token, "not-a-uuid").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = delete_generation(&app, token, "not-a-uuid").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(rows(&app, "generations").await, 0);
    assert_eq!(rows(&app, "rankings").await, 0);
}

#[tokio::test]
async fn every_route_wants_a_signed_in_user() {
    let app = spawn_app().await;
    let id = "6a3f6a0e-3c1f-4d5e-9a7b-0c1d2e3f4a5b";
    for (method, path) in [
        (Method::POST, format!("{RANKINGS}/create")),
        (Method::GET, format!("{RANKINGS}/job/{id}")),
        (Method::POST, format!("{GENERATIONS}/resume")),
        (Method::POST, format!("{GENERATIONS}/cover-letter")),
        (Method::GET, format!("{GENERATIONS}/history")),
        (Method::DELETE, format!("{GENERATIONS}/{id}")),
    ] {
        let res = app
            .request(method.clone(), &path)
            .json(&json!({ "job_id": id }))
            .send()
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{method} {path}");
        let res = app
            .request(method.clone(), &path)
            .bearer("not-a-token")
            .json(&json!({ "job_id": id }))
            .send()
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{method} {path}");
    }
}

#[tokio::test]
async fn without_a_profile_the_answer_is_no_profile_found() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let res = post_job(&app, &token, &json!({ "raw_text": POSTING })).await;
    let job_id = res.body["id"].as_str().unwrap().to_owned();
    let res = create_ranking(&app, &token, &job_id).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.detail(), "No profile found");
}

#[tokio::test]
async fn an_empty_profile_still_gets_a_resume_and_a_letter_without_placeholders() {
    let app = spawn_app().await;
    let owner = app
        .owner_with(&json!({"personal_info": {"full_name": "Sam Lee", "email": "sam@example.com"}}))
        .await;
    let res = post_job(&app, &owner.token, &json!({ "raw_text": POSTING })).await;
    let job_id = res.body["id"].as_str().unwrap().to_owned();
    let res = resume(&app, &owner.token, &json!({ "job_id": job_id })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(
        res.body["content_text"]
            .as_str()
            .unwrap()
            .starts_with("Sam Lee")
    );
    let res = cover_letter(&app, &owner.token, &json!({ "job_id": job_id })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let letter = res.body["content_text"].as_str().unwrap();
    for placeholder in ["[", "{", "Lorem", "XYZ"] {
        assert!(!letter.contains(placeholder), "{placeholder} in {letter}");
    }
}

#[tokio::test]
async fn deleting_a_job_removes_its_ranking_and_generations() {
    let app = spawn_app().await;
    let (owner, job_id) = owner_with_job(&app).await;
    let res = resume(&app, &owner.token, &json!({ "job_id": job_id })).await;
    assert_eq!(res.status, StatusCode::OK);
    let res = delete_job(&app, &owner.token, &job_id).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
    assert_eq!(rows(&app, "generations").await, 0);
    assert_eq!(rows(&app, "rankings").await, 0);
    let res = resume(&app, &owner.token, &json!({ "job_id": job_id })).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(
        app.get(JOBS)
            .bearer(&owner.token)
            .send()
            .await
            .status
            .is_success()
    );
}

#[tokio::test]
async fn a_changed_profile_is_ranked_again_before_the_next_resume() {
    let app = spawn_app().await;
    let (owner, job_id) = owner_with_job(&app).await;
    let first = create_ranking(&app, &owner.token, &job_id).await;
    // A new experience: the stored ranking does not know it.
    let res = app
        .post(&owner.path("/experiences"))
        .bearer(&owner.token)
        .json(&json!([{
            "title": "Staff Engineer", "company": "Globex", "start_date": "2021-07-01",
            "is_current": true, "description": "Python and PostgreSQL services on Kubernetes."
        }]))
        .send()
        .await;
    assert!(res.status.is_success(), "{}", res.text);
    let res = resume(
        &app,
        &owner.token,
        &json!({ "job_id": job_id, "max_experiences": 3 }),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body["content_text"]
            .as_str()
            .unwrap()
            .contains("Globex")
    );
    let second = get_ranking(&app, &owner.token, &job_id).await;
    assert_ne!(second.body["id"], first.body["id"]);
    assert_eq!(
        second.body["ranked_experience_ids"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

async fn enhance(app: &TestApp, token: &str, profile_id: &str) -> TestResponse {
    app.post("/api/v1/profile/enhance")
        .bearer(token)
        .json(&json!({ "profile_id": profile_id }))
        .send()
        .await
}

#[tokio::test]
async fn enhancement_writes_beside_the_originals() {
    let app = spawn_app().await;
    let mut body = full_profile();
    body["professional_summary"] = json!("Responsible for building reliable backend services.");
    body["experiences"][0]["description"] = json!("Worked on the billing platform.");
    let owner = app.owner_with(&body).await;
    let res = enhance(&app, &owner.token, &owner.profile_id).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["profile_id"], owner.profile_id.as_str());
    assert_eq!(res.body["status"], "completed");
    let sections = &res.body["enhanced_sections"];
    let summary = sections["professional_summary"]
        .as_str()
        .expect("an enhanced summary");
    assert!(!summary.starts_with("Responsible for"), "{summary}");
    assert_eq!(sections["experiences_enhanced"], 1);
    assert!(
        res.body["writing_style_used"].is_null(),
        "no cover-letter sample"
    );
    let meta = &res.body["llm_metadata"];
    assert_eq!(meta["model"], "offline");
    // The summary, the one experience with a description, and the project.
    assert_eq!(meta["sections_requested"], 3, "{meta}");
    assert!(meta["success_rate"].as_str().unwrap().ends_with('%'));

    let profile = app.read_profile(&owner.token, &owner.profile_id).await.body;
    assert_eq!(
        profile["professional_summary"], "Responsible for building reliable backend services.",
        "the original is kept"
    );
    assert_eq!(profile["enhanced_professional_summary"], summary);
    assert_eq!(
        profile["experiences"][0]["description"],
        "Worked on the billing platform."
    );
    let enhanced = profile["experiences"][0]["enhanced_description"]
        .as_str()
        .unwrap();
    assert!(!enhanced.starts_with("Worked on"), "{enhanced}");
}

#[tokio::test]
async fn enhancing_another_users_or_an_empty_profile_changes_nothing() {
    let app = spawn_app().await;
    let owner = app.owner_with(&full_profile()).await;
    let intruder = app.owner_with(&full_profile()).await;
    let before = app.read_profile(&owner.token, &owner.profile_id).await.body;
    let res = enhance(&app, &intruder.token, &owner.profile_id).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.detail(), "Profile not found");
    assert_eq!(
        app.read_profile(&owner.token, &owner.profile_id).await.body,
        before
    );

    let empty = app
        .owner_with(&json!({"personal_info": {"full_name": "Sam Lee", "email": "sam@example.com"}}))
        .await;
    let res = enhance(&app, &empty.token, &empty.profile_id).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(
        res.detail().contains("nothing") || res.detail().contains("no summary"),
        "{}",
        res.text
    );

    let res = enhance(&app, &owner.token, "not-a-uuid").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.first_error()["type"], "uuid_parsing");
    let res = app
        .post("/api/v1/profile/enhance")
        .json(&json!({ "profile_id": owner.profile_id }))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn concurrent_first_resumes_of_a_job_all_succeed() {
    let app = spawn_app().await;
    let (owner, job_id) = owner_with_job(&app).await;
    let body = json!({ "job_id": job_id });
    let answers =
        futures_util::future::join_all((0..6).map(|_| resume(&app, &owner.token, &body))).await;
    for res in answers {
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    }
    assert_eq!(rows(&app, "rankings").await, 1, "one ranking per job");
    assert_eq!(rows(&app, "generations").await, 6);
}
