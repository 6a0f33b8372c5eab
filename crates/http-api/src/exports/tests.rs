//! Error paths of the export routes that the end-to-end tests cannot reach on purpose: a
//! renderer that stays busy, and one that fails.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::json;
use tailor_domain::generation::{AtsReport, DocumentType, Generation, GenerationId, ModelMetadata};
use tailor_domain::job::JobId;
use tailor_domain::ports::RenderError;
use tailor_domain::user::UserId;
use uuid::Uuid;

use crate::testing::{TestState, call, now, signed};

const GENERATION: u128 = 0x6e;

/// User 7 with one resume whose structured content is a document.
fn state_with_generation() -> TestState {
    let mut state = TestState::default().signed_in(7);
    state
        .generations
        .expect_find()
        .withf(|user, id| {
            *user == UserId::new(7) && *id == GenerationId::from_uuid(Uuid::from_u128(GENERATION))
        })
        .returning(|user, id| {
            Ok(Some(Generation {
                id,
                user_id: user,
                job_id: JobId::from_uuid(Uuid::from_u128(0x70)),
                ranking_id: None,
                document_type: DocumentType::Resume,
                content_text: "Sam Cook".into(),
                content_structured: r#"{"header":{"name":"Sam Cook"},"sections":[]}"#.into(),
                ats: AtsReport::default(),
                metadata: ModelMetadata::default(),
                created_at: now(),
            }))
        });
    state.jobs.expect_find().returning(|_, _| Ok(None));
    // Nothing may be stored when rendering fails.
    state.store.expect_put().never();
    state.exports.expect_insert().never();
    state
}

fn pdf_request() -> TestRequest {
    signed(
        TestRequest::post()
            .uri("/api/v1/exports/pdf")
            .set_json(json!({
                "generation_id": Uuid::from_u128(GENERATION).to_string(),
                "template": "modern",
                "format": "pdf",
            })),
    )
}

#[actix_web::test]
async fn a_renderer_that_stays_busy_is_503_with_retry_after_and_stores_nothing() {
    let mut state = state_with_generation();
    state
        .renderer
        .expect_render()
        .times(1)
        .returning(|_, _| Err(RenderError::Busy));
    let app = actix_web::test::init_service(crate::app(state.build())).await;
    let response = actix_web::test::call_service(&app, pdf_request().to_request()).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.headers().contains_key("retry-after"));
    let body: serde_json::Value = actix_web::test::read_body_json(response).await;
    assert_eq!(
        body,
        json!({"detail": "The renderer is busy; try again shortly"})
    );
}

#[actix_web::test]
async fn a_document_that_cannot_be_rendered_is_500_export_failed_and_stores_nothing() {
    let mut state = state_with_generation();
    state
        .renderer
        .expect_render()
        .times(1)
        .returning(|_, _| Err(RenderError::TextLayer("Head Chef".into())));
    let (status, body) = call(state.build(), pdf_request()).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        body,
        json!({"detail": "Export failed: the PDF's text layer is incomplete"})
    );
}
