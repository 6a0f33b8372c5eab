//! Against a real model server, only when `TAILOR_TEST_LLM_URL` names one (for example
//! the one `scripts/local-llm.sh` starts); skipped otherwise. A small model's words are not
//! checked, only the shape of what comes back: an answer arrives, and a JSON request yields
//! JSON that fits its schema through the fallback chain (llama.cpp's server answers 500
//! to `json_schema` and honours `json_object`).
//!
//! `TAILOR_TEST_LLM_MODEL` names the model (default `local`; llama.cpp's server serves its
//! one model whatever the name), `TAILOR_TEST_LLM_API_KEY` a key, if the server wants one.
//! `TAILOR_TEST_LLM_PROVIDER=anthropic` talks to an Anthropic Messages server instead of
//! an OpenAI-compatible one.
//!
//! The second test runs the conformance kit's live subset (text, JSON, usage).

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tailor_domain::ports::{ChatMessage, ChatRequest, LanguageModel, ModelPurpose, ResponseFormat};
use tailor_llm_client::{Anthropic, LlmClientConfig, OpenAiCompatible, conformance};

fn client() -> Option<Arc<dyn LanguageModel>> {
    let Ok(url) = std::env::var("TAILOR_TEST_LLM_URL") else {
        eprintln!(
            "skipped: set TAILOR_TEST_LLM_URL to a chat-completions server (scripts/local-llm.sh starts one)"
        );
        return None;
    };
    let model = std::env::var("TAILOR_TEST_LLM_MODEL").unwrap_or_else(|_| "local".to_owned());
    let mut config = LlmClientConfig {
        // A CPU model serving one request at a time is slow.
        timeout: Duration::from_secs(120),
        deadline: Duration::from_secs(300),
        max_retries: 1,
        ..LlmClientConfig::new(url, model)
    };
    if let Ok(key) = std::env::var("TAILOR_TEST_LLM_API_KEY") {
        config = config.with_api_key(key);
    }
    let provider = std::env::var("TAILOR_TEST_LLM_PROVIDER").unwrap_or_default();
    Some(if provider.eq_ignore_ascii_case("anthropic") {
        Arc::new(Anthropic::new(config).expect("a valid TAILOR_TEST_LLM_URL"))
    } else {
        Arc::new(OpenAiCompatible::new(config).expect("a valid TAILOR_TEST_LLM_URL"))
    })
}

#[tokio::test]
async fn a_real_model_answers_text_and_json() {
    let Some(model) = client() else { return };

    let text = model
        .complete(ChatRequest {
            purpose: ModelPurpose::Quality,
            messages: vec![
                ChatMessage::system("You are a helpful assistant."),
                ChatMessage::user("Say hello in one short sentence."),
            ],
            format: ResponseFormat::Text,
            temperature: 0.2,
            max_tokens: 40,
            deadline: None,
        })
        .await
        .expect("a text answer");
    assert!(!text.text.trim().is_empty());
    assert!(!text.model.is_empty());
    eprintln!("text answer ({:?}): {}", text.latency, text.text);

    let schema = json!({
        "type": "object",
        "properties": {"city": {"type": "string"}, "country": {"type": "string"}}
    });
    for _ in 0..2 {
        let answer = model
            .complete(ChatRequest {
                purpose: ModelPurpose::Fast,
                messages: vec![ChatMessage::user(
                    "What is the capital of France? Give the city and the country.",
                )],
                format: ResponseFormat::Json {
                    name: "capital".to_owned(),
                    schema: schema.clone(),
                },
                temperature: 0.0,
                max_tokens: 60,
                deadline: None,
            })
            .await
            .expect("a JSON answer");
        let value: Value = serde_json::from_str(&answer.text).expect("the text is JSON");
        assert!(value.is_object(), "{value}");
        eprintln!(
            "JSON answer ({:?}, {:?}): {}",
            answer.latency, answer.usage, answer.text
        );
    }
}

#[tokio::test]
async fn a_real_model_passes_the_live_conformance_subset() {
    let Some(model) = client() else { return };
    let report = conformance::run_live(model.as_ref()).await;
    eprintln!("live conformance:\n{report}");
    report.assert_passed();
}
