use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::{Value, json};
use tailor_domain::user::UserId;

use crate::testing::{TestState, call, signed};

fn first_error(body: &Value) -> (&str, Value) {
    let first = &body["detail"][0];
    (
        first["type"].as_str().unwrap_or_default(),
        first["loc"].clone(),
    )
}

#[actix_web::test]
async fn a_job_id_that_is_not_a_uuid_is_a_uuid_parsing_error_on_every_post() {
    for path in [
        "/api/v1/rankings/create",
        "/api/v1/generations/resume",
        "/api/v1/generations/cover-letter",
    ] {
        // No port is expected: nothing is read or written.
        let state = TestState::default().signed_in(7);
        let (status, body) = call(
            state.build(),
            signed(TestRequest::post().uri(path)).set_json(json!({"job_id": "mock_1a2b3c"})),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_eq!(
            first_error(&body),
            ("uuid_parsing", json!(["body", "job_id"])),
            "{path}: {body}"
        );
    }
}

#[actix_web::test]
async fn options_out_of_range_are_422_at_their_field() {
    let job = "6a3f6a0e-3c1f-4d5e-9a7b-0c1d2e3f4a5b";
    for (path, body, field, kind) in [
        (
            "/api/v1/generations/resume",
            json!({"job_id": job, "max_experiences": 0}),
            "max_experiences",
            "greater_than_equal",
        ),
        (
            "/api/v1/generations/resume",
            json!({"job_id": job, "max_experiences": 11}),
            "max_experiences",
            "less_than_equal",
        ),
        (
            "/api/v1/generations/resume",
            json!({"job_id": job, "max_projects": -1}),
            "max_projects",
            "greater_than_equal",
        ),
        (
            "/api/v1/generations/cover-letter",
            json!({"job_id": job, "max_paragraphs": 7}),
            "max_paragraphs",
            "less_than_equal",
        ),
        (
            "/api/v1/generations/cover-letter",
            json!({"job_id": job, "custom_prompt": "x".repeat(501)}),
            "custom_prompt",
            "string_too_long",
        ),
        (
            // A whole number written as a float is read as an integer, then checked.
            "/api/v1/generations/cover-letter",
            json!({"job_id": job, "max_paragraphs": 2.0}),
            "max_paragraphs",
            "greater_than_equal",
        ),
        (
            "/api/v1/generations/resume",
            json!({"job_id": job, "max_experiences": 2.5}),
            "max_experiences",
            "int_type",
        ),
        (
            "/api/v1/generations/resume",
            json!({"job_id": job, "max_projects": "3"}),
            "max_projects",
            "int_type",
        ),
        (
            "/api/v1/generations/resume",
            json!({"job_id": job, "include_summary": "yes"}),
            "include_summary",
            "bool_type",
        ),
    ] {
        let state = TestState::default().signed_in(7);
        let (status, answer) = call(
            state.build(),
            signed(TestRequest::post().uri(path)).set_json(&body),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(
            first_error(&answer),
            (kind, json!(["body", field])),
            "{body}: {answer}"
        );
    }
}

#[actix_web::test]
async fn a_bad_history_filter_is_422_not_500() {
    for (query, field) in [
        ("document_type=letter", "document_type"),
        ("job_id=123", "job_id"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("offset=-1", "offset"),
    ] {
        let state = TestState::default().signed_in(7);
        let (status, body) = call(
            state.build(),
            signed(TestRequest::get().uri(&format!("/api/v1/generations/history?{query}"))),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(body["detail"][0]["loc"], json!(["query", field]), "{query}");
    }
}

#[actix_web::test]
async fn path_ids_that_are_not_uuids_are_422() {
    for request in [
        TestRequest::get().uri("/api/v1/rankings/job/not-a-uuid"),
        TestRequest::delete().uri("/api/v1/generations/not-a-uuid"),
    ] {
        let state = TestState::default().signed_in(7);
        let (status, body) = call(state.build(), signed(request)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(first_error(&body).0, "uuid_parsing");
    }
}

#[actix_web::test]
async fn no_ranking_and_no_generation_are_404_with_the_contracts_texts() {
    let mut state = TestState::default().signed_in(7);
    state
        .rankings
        .expect_find_for_job()
        .withf(|user, _| *user == UserId::new(7))
        .returning(|_, _| Ok(None));
    state
        .generations
        .expect_delete()
        .withf(|user, _| *user == UserId::new(7))
        .returning(|_, _| Ok(None));
    let state = state.build();
    let id = "6a3f6a0e-3c1f-4d5e-9a7b-0c1d2e3f4a5b";
    let (status, body) = call(
        state.clone(),
        signed(TestRequest::get().uri(&format!("/api/v1/rankings/job/{id}"))),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, json!({"detail": "No ranking found for this job"}));
    let (status, body) = call(
        state,
        signed(TestRequest::delete().uri(&format!("/api/v1/generations/{id}"))),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, json!({"detail": "Generation not found"}));
}

#[actix_web::test]
async fn every_route_wants_a_bearer_token() {
    for request in [
        TestRequest::post().uri("/api/v1/rankings/create"),
        TestRequest::get().uri("/api/v1/generations/history"),
        TestRequest::delete().uri("/api/v1/generations/6a3f6a0e-3c1f-4d5e-9a7b-0c1d2e3f4a5b"),
    ] {
        let (status, body) = call(TestState::default().build(), request).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(body, json!({"detail": "Not authenticated"}));
    }
}
