//! `Anthropic` against the fake Messages server: what the conformance kit does not cover.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tailor_domain::ports::{
    ChatMessage, ChatRequest, ChatRole, LanguageModel, LanguageModelError, ModelPurpose,
    ResponseFormat, TokenUsage,
};
use tailor_llm_client::fake_anthropic::{AnthropicReply, FAKE_MODEL, FakeAnthropic};
use tailor_llm_client::{ANTHROPIC_VERSION, Anthropic, LlmClientConfig};

fn text_request(prompt: &str) -> ChatRequest {
    ChatRequest {
        purpose: ModelPurpose::Quality,
        messages: vec![
            ChatMessage::system("You write cover letters."),
            ChatMessage::user(prompt),
        ],
        format: ResponseFormat::Text,
        temperature: 0.3,
        max_tokens: 200,
        deadline: None,
    }
}

fn schema() -> Value {
    json!({
        "type": "object",
        "required": ["skills"],
        "additionalProperties": false,
        "properties": {
            "skills": {"type": "array", "items": {"type": "string"}},
            "years": {"type": "integer", "minimum": 0}
        }
    })
}

fn json_request() -> ChatRequest {
    ChatRequest {
        purpose: ModelPurpose::Fast,
        messages: vec![
            ChatMessage::system("You extract skills."),
            ChatMessage::user("List the skills in: Rust, SQL."),
        ],
        format: ResponseFormat::Json {
            name: "skills".to_owned(),
            schema: schema(),
        },
        temperature: 0.0,
        max_tokens: 100,
        deadline: None,
    }
}

fn client_with(config: LlmClientConfig) -> Anthropic {
    Anthropic::new(config).unwrap()
}

#[tokio::test]
async fn text_request_shape_and_answer() {
    let fake = FakeAnthropic::start().await;
    fake.push(AnthropicReply::message(json!({
        "model": "claude-test-1",
        "content": [
            {"type": "text", "text": "Dear "},
            {"type": "text", "text": "hiring team,"}
        ],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 30, "output_tokens": 7}
    })));
    let model = fake.client();
    let response = model
        .complete(ChatRequest {
            temperature: 1.5,
            ..text_request("Write one.")
        })
        .await
        .unwrap();
    assert_eq!(response.text, "Dear hiring team,");
    assert_eq!(response.model, "claude-test-1");
    assert_eq!(
        response.usage,
        TokenUsage {
            prompt_tokens: 30,
            completion_tokens: 7
        }
    );
    assert_eq!(model.model_name(ModelPurpose::Quality), "quality");

    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.path, "/v1/messages");
    assert_eq!(request.api_key.as_deref(), Some("sk-ant-fake"));
    assert_eq!(
        request.anthropic_version.as_deref(),
        Some(ANTHROPIC_VERSION)
    );
    assert_eq!(request.content_type.as_deref(), Some("application/json"));
    assert_eq!(
        request.authorization, None,
        "the key goes in x-api-key only"
    );
    assert_eq!(
        request.body,
        json!({
            "model": "quality",
            "max_tokens": 200,
            "system": "You write cover letters.",
            "messages": [{"role": "user", "content": "Write one."}],
            "temperature": 1.0
        })
    );
}

#[tokio::test]
async fn base_url_with_or_without_v1_and_no_key() {
    let fake = FakeAnthropic::start().await;
    for base in [
        fake.base_url(),
        format!("{}/", fake.base_url()),
        format!("{}/v1", fake.base_url()),
        format!("{}/v1/", fake.base_url()),
    ] {
        fake.push_text("ok");
        let model = client_with(LlmClientConfig {
            base_url: base.clone(),
            api_key: None,
            ..fake.config()
        });
        assert_eq!(model.endpoint().path(), "/v1/messages", "{base}");
        assert_eq!(
            model.complete(text_request("hi")).await.unwrap().text,
            "ok",
            "{base}"
        );
    }
    assert!(
        fake.requests()
            .iter()
            .all(|request| { request.path == "/v1/messages" && request.api_key.is_none() })
    );
}

#[tokio::test]
async fn json_is_a_forced_tool_call() {
    let fake = FakeAnthropic::start().await;
    fake.push_json(&json!({"skills": ["Rust", "SQL"]}));
    let response = fake.client().complete(json_request()).await.unwrap();
    assert_eq!(response.text, r#"{"skills":["Rust","SQL"]}"#);
    assert_eq!(response.model, FAKE_MODEL);

    let body = &fake.requests()[0].body;
    assert_eq!(body["model"], "fast");
    assert_eq!(body["system"], "You extract skills.");
    assert_eq!(
        body["tools"],
        json!([{
            "name": "skills",
            "description": "Give your answer as this tool's input: one JSON value that matches the input schema.",
            "input_schema": schema()
        }])
    );
    assert_eq!(
        body["tool_choice"],
        json!({"type": "tool", "name": "skills"})
    );
}

#[tokio::test]
async fn invalid_tool_input_is_repaired_through_a_tool_result() {
    let fake = FakeAnthropic::start().await;
    fake.push(AnthropicReply::json(&json!({"skills": "Rust, SQL"})).with_usage(40, 8));
    fake.push(AnthropicReply::json(&json!({"skills": ["Rust", "SQL"]})).with_usage(60, 9));
    let response = fake.client().complete(json_request()).await.unwrap();
    assert_eq!(response.text, r#"{"skills":["Rust","SQL"]}"#);
    assert_eq!(
        response.usage,
        TokenUsage {
            prompt_tokens: 100,
            completion_tokens: 17
        }
    );

    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    let messages = &requests[1].body["messages"];
    assert_eq!(
        messages[1],
        json!({"role": "assistant", "content": [{
            "type": "tool_use", "id": "toolu_fake", "name": "skills",
            "input": {"skills": "Rust, SQL"}
        }]})
    );
    assert_eq!(messages[2]["role"], "user");
    let result = &messages[2]["content"][0];
    assert_eq!(result["type"], "tool_result");
    assert_eq!(result["tool_use_id"], "toolu_fake");
    assert_eq!(result["is_error"], true);
    let said = result["content"].as_str().unwrap();
    assert!(
        said.contains("$.skills: expected array, found a string"),
        "{said}"
    );
    assert_eq!(requests[1].body["tool_choice"]["name"], "skills");
}

#[tokio::test]
async fn a_server_that_answers_in_text_has_its_json_cut_out() {
    let fake = FakeAnthropic::start().await;
    fake.push_text("Here you are:\n```json\n{\"skills\": [\"Go\"], \"years\": 2}\n```");
    let response = fake.client().complete(json_request()).await.unwrap();
    assert_eq!(response.text, r#"{"skills": ["Go"], "years": 2}"#);

    // Prose, then JSON after the repair (which repeats the schema in text).
    fake.push_text("I would rather not.");
    fake.push(AnthropicReply::json_as_text(&json!({"skills": []})));
    let response = fake.client().complete(json_request()).await.unwrap();
    assert_eq!(response.text, r#"{"skills":[]}"#);
    let repair = &fake.requests()[2].body["messages"];
    assert_eq!(
        repair[1],
        json!({"role": "assistant", "content": "I would rather not."})
    );
    let ask = repair[2]["content"].as_str().unwrap();
    assert!(ask.contains("JSON Schema"), "{ask}");
}

#[tokio::test]
async fn a_schema_that_is_no_object_is_wrapped_and_unwrapped() {
    let fake = FakeAnthropic::start().await;
    fake.push_json(&json!({"value": ["a", "b"]}));
    let request = ChatRequest {
        format: ResponseFormat::Json {
            name: "list".to_owned(),
            schema: json!({"type": "array", "items": {"type": "string"}}),
        },
        ..json_request()
    };
    let response = fake.client().complete(request).await.unwrap();
    assert_eq!(response.text, r#"["a","b"]"#);
    let input_schema = &fake.requests()[0].body["tools"][0]["input_schema"];
    assert_eq!(input_schema["type"], "object");
    assert_eq!(input_schema["required"], json!(["value"]));
}

#[tokio::test]
async fn overloaded_529_is_retried() {
    let fake = FakeAnthropic::start().await;
    fake.push_status(529);
    fake.push(AnthropicReply::raw(502, "<html>Bad gateway</html>"));
    fake.push_text("third time lucky");
    let response = fake.client().complete(text_request("hi")).await.unwrap();
    assert_eq!(response.text, "third time lucky");
    assert_eq!(fake.request_count(), 3);
}

#[tokio::test]
async fn overloaded_forever_is_unavailable() {
    let fake = FakeAnthropic::start().await;
    fake.when_empty(AnthropicReply::status(529));
    let error = fake
        .client()
        .complete(text_request("hi"))
        .await
        .unwrap_err();
    assert_eq!(
        error,
        LanguageModelError::Unavailable("HTTP 529: fake error 529".to_owned())
    );
    assert_eq!(fake.request_count(), 3, "the first attempt and 2 retries");
}

#[tokio::test]
async fn client_errors_are_refused_without_retry() {
    for status in [400, 401, 403, 404, 413] {
        let fake = FakeAnthropic::start().await;
        fake.when_empty(AnthropicReply::status(status));
        let error = fake.client().complete(json_request()).await.unwrap_err();
        assert_eq!(
            error,
            LanguageModelError::Refused(format!("HTTP {status}: fake error {status}"))
        );
        assert_eq!(fake.request_count(), 1, "{status}");
    }
}

#[tokio::test]
async fn rate_limit_waits_for_retry_after() {
    let fake = FakeAnthropic::start().await;
    fake.push(AnthropicReply::status(429).with_header("retry-after", "1"));
    fake.push_text("after the wait");
    let started = Instant::now();
    let response = fake.client().complete(text_request("hi")).await.unwrap();
    assert_eq!(response.text, "after the wait");
    let requests = fake.requests();
    let gap = requests[1].received_at - requests[0].received_at;
    assert!(gap >= Duration::from_millis(950), "{gap:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn refusal_stop_reason_is_refused() {
    let fake = FakeAnthropic::start().await;
    fake.push(AnthropicReply::text("I can't help with that.").with_stop_reason("refusal"));
    let error = fake.client().complete(json_request()).await.unwrap_err();
    assert_eq!(
        error,
        LanguageModelError::Refused("I can't help with that.".to_owned())
    );
    assert_eq!(fake.request_count(), 1);
}

#[tokio::test]
async fn unusable_answers_never_panic() {
    let fake = FakeAnthropic::start().await;
    let huge = "x".repeat(3 * 1024 * 1024);
    let cases = [
        AnthropicReply::raw(200, "<html>not json</html>"),
        AnthropicReply::message(json!({"model": "m"})),
        AnthropicReply::message(json!({"content": {"text": "not a list"}})),
        AnthropicReply::message(json!({"content": [{"type": "text"}]})),
        AnthropicReply::message(json!({"content": [{"type": "tool_use", "name": 3}]})),
        AnthropicReply::message(json!({"type": "error", "error": {"message": "boom"}})),
        AnthropicReply::text(""),
        AnthropicReply::text(huge),
        AnthropicReply::refusal(),
        AnthropicReply::message(json!({
            "content": [{"type": "text", "text": "hi"}],
            "usage": {"input_tokens": -4, "output_tokens": "many"}
        })),
    ];
    let model = fake.client();
    let mut answered = 0;
    for reply in cases {
        fake.push(reply);
        match model.complete(text_request("hi")).await {
            Ok(response) => {
                answered += 1;
                assert_eq!(response.usage, TokenUsage::default());
            }
            Err(LanguageModelError::BadOutput(_) | LanguageModelError::Refused(_)) => {}
            Err(other) => panic!("{other:?}"),
        }
    }
    assert_eq!(answered, 1, "only the odd usage still answers");
    assert_eq!(fake.request_count(), 10, "none of these is retried");
}

#[tokio::test]
async fn a_tool_input_that_fails_twice_is_bad_output() {
    let fake = FakeAnthropic::start().await;
    fake.when_empty(AnthropicReply::message(json!({
        "content": [{"type": "tool_use", "id": "t", "name": "skills", "input": {"years": 3}}],
        "stop_reason": "max_tokens",
        "usage": {"input_tokens": 1, "output_tokens": 1}
    })));
    let error = fake.client().complete(json_request()).await.unwrap_err();
    match error {
        LanguageModelError::BadOutput(problem) => {
            assert!(problem.starts_with("after one repair round"), "{problem}");
            assert!(problem.contains("`skills` is missing"), "{problem}");
        }
        other => panic!("expected BadOutput, got {other:?}"),
    }
    assert_eq!(fake.request_count(), 2);
}

#[tokio::test]
async fn deadline_is_a_timeout() {
    let fake = FakeAnthropic::start().await;
    fake.when_empty(AnthropicReply::text("slow").with_delay(Duration::from_secs(2)));
    let config = LlmClientConfig {
        timeout: Duration::from_millis(150),
        deadline: Duration::from_millis(400),
        max_retries: 10,
        ..fake.config()
    };
    let started = Instant::now();
    let error = client_with(config)
        .complete(text_request("hi"))
        .await
        .unwrap_err();
    assert_eq!(error, LanguageModelError::Timeout);
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(390) && took < Duration::from_secs(1),
        "{took:?}"
    );
}

#[tokio::test]
async fn slow_attempt_times_out_and_is_retried() {
    let fake = FakeAnthropic::start().await;
    fake.push(AnthropicReply::text("too late").with_delay(Duration::from_secs(2)));
    fake.push_text("in time");
    let config = LlmClientConfig {
        timeout: Duration::from_millis(200),
        ..fake.config()
    };
    let response = client_with(config)
        .complete(text_request("hi"))
        .await
        .unwrap();
    assert_eq!(response.text, "in time");
    assert_eq!(fake.request_count(), 2);
}

#[tokio::test]
async fn connection_refused_is_unavailable() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let config = LlmClientConfig {
        backoff_min: Duration::from_millis(1),
        backoff_max: Duration::from_millis(5),
        ..LlmClientConfig::new(format!("http://127.0.0.1:{port}"), "m")
    };
    let error = client_with(config)
        .complete(text_request("hi"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, LanguageModelError::Unavailable(_)),
        "{error:?}"
    );
}

#[tokio::test]
async fn conversation_turns_are_merged_and_the_fake_records_them() {
    let fake = FakeAnthropic::start().await;
    fake.push_text("ok");
    let request = ChatRequest {
        messages: vec![
            ChatMessage::system("Rules."),
            ChatMessage::user("Skills: Rust"),
            ChatMessage::user("and SQL"),
            ChatMessage {
                role: ChatRole::Assistant,
                content: "Noted.".to_owned(),
            },
            ChatMessage::user("Write."),
        ],
        ..text_request("")
    };
    fake.client().complete(request).await.unwrap();
    let body = &fake.requests()[0].body;
    let roles: Vec<_> = body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|message| message["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["user", "assistant", "user"]);
    let sent = fake.sent_text();
    for part in ["Rules.", "Skills: Rust", "and SQL", "Noted.", "Write."] {
        assert!(sent.contains(part), "{part} in {sent}");
    }
    assert!(!sent.contains('@'));
}

#[test]
fn debug_hides_the_api_key_and_bad_configurations_are_refused() {
    let config = LlmClientConfig::new("https://api.anthropic.com", "claude")
        .with_api_key("sk-ant-secret-123");
    let model = Anthropic::new(config).unwrap();
    let shown = format!("{model:?}");
    assert!(!shown.contains("sk-ant-secret-123"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
    assert!(
        shown.contains("https://api.anthropic.com/v1/messages"),
        "{shown}"
    );

    assert!(Anthropic::new(LlmClientConfig::new("api.anthropic.com", "m")).is_err());
    assert!(Anthropic::new(LlmClientConfig::new("https://api.anthropic.com", " ")).is_err());
    let zero = LlmClientConfig {
        timeout: Duration::ZERO,
        ..LlmClientConfig::new("https://api.anthropic.com", "m")
    };
    assert!(Anthropic::new(zero).is_err());
    let bad_key = LlmClientConfig::new("https://api.anthropic.com", "m").with_api_key("a\nb");
    let error = Anthropic::new(bad_key).unwrap_err().to_string();
    assert!(!error.contains("a\nb"), "{error}");
}
