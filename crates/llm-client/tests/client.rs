//! `OpenAiCompatible` against the fake chat-completions server.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tailor_domain::ports::{
    ChatMessage, ChatRequest, LanguageModel, LanguageModelError, ModelPurpose, ResponseFormat,
    TokenUsage,
};
use tailor_llm_client::fake::{FAKE_MODEL, FakeOpenAi, FakeReply};
use tailor_llm_client::{LlmClientConfig, OpenAiCompatible};

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
        messages: vec![ChatMessage::user("List the skills in: Rust, SQL.")],
        format: ResponseFormat::Json {
            name: "skills".to_owned(),
            schema: schema(),
        },
        temperature: 0.0,
        max_tokens: 100,
        deadline: None,
    }
}

fn client_with(config: LlmClientConfig) -> OpenAiCompatible {
    OpenAiCompatible::new(config).unwrap()
}

#[tokio::test]
async fn text_answer_with_usage_model_and_latency() {
    let fake = FakeOpenAi::start().await;
    fake.push(FakeReply::text("Dear hiring team,").with_model("llama-3.1-8b"));
    let response = fake
        .client()
        .complete(text_request("Write one."))
        .await
        .unwrap();
    assert_eq!(response.text, "Dear hiring team,");
    assert_eq!(response.model, "llama-3.1-8b");
    assert_eq!(
        response.usage,
        TokenUsage {
            prompt_tokens: 10,
            completion_tokens: 5
        }
    );
    assert!(response.latency > Duration::ZERO);

    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let body = &requests[0].body;
    assert_eq!(requests[0].path, "/v1/chat/completions");
    assert_eq!(body["model"], "quality");
    assert_eq!(
        body["messages"][0],
        json!({"role": "system", "content": "You write cover letters."})
    );
    assert_eq!(
        body["messages"][1],
        json!({"role": "user", "content": "Write one."})
    );
    assert_eq!(body["max_tokens"], 200);
    assert!(body.get("response_format").is_none());
}

#[tokio::test]
async fn json_answer_asks_for_the_schema_first() {
    let fake = FakeOpenAi::start().await;
    fake.push_json(&json!({"skills": ["Rust", "SQL"]}));
    let model = fake.client();
    let response = model.complete(json_request()).await.unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&response.text).unwrap(),
        json!({"skills": ["Rust", "SQL"]})
    );
    assert_eq!(response.model, FAKE_MODEL);
    assert_eq!(model.model_name(ModelPurpose::Fast), "fast");

    let request = &fake.requests()[0];
    assert_eq!(request.body["model"], "fast");
    assert_eq!(
        request.body["response_format"],
        json!({"type": "json_schema", "json_schema": {"name": "skills", "schema": schema(), "strict": true}})
    );
}

#[tokio::test]
async fn base_url_with_or_without_v1() {
    let fake = FakeOpenAi::start().await;
    for base in [
        fake.uri(),
        format!("{}/", fake.uri()),
        fake.base_url(),
        format!("{}/", fake.base_url()),
    ] {
        fake.push_text("ok");
        let config = LlmClientConfig {
            base_url: base.clone(),
            ..fake.config()
        };
        let model = client_with(config);
        assert_eq!(model.endpoint().path(), "/v1/chat/completions", "{base}");
        assert_eq!(
            model.complete(text_request("hi")).await.unwrap().text,
            "ok",
            "{base}"
        );
    }
    assert!(
        fake.requests()
            .iter()
            .all(|request| request.path == "/v1/chat/completions")
    );

    // A provider whose base has more path, like Groq's `/openai/v1`.
    let config = LlmClientConfig {
        base_url: format!("{}/openai/v1", fake.uri()),
        ..fake.config()
    };
    fake.push_text("ok");
    client_with(config)
        .complete(text_request("hi"))
        .await
        .unwrap();
    assert_eq!(
        fake.requests().last().unwrap().path,
        "/openai/v1/chat/completions"
    );
}

#[tokio::test]
async fn json_in_code_fences_and_in_prose() {
    let fake = FakeOpenAi::start().await;
    fake.push_text("```json\n{\"skills\": [\"Rust\"], \"years\": 3}\n```");
    fake.push_text(
        "Sure! Here is the {list} you wanted:\n{\"skills\": [\"a } b\"]}\nAnything else?",
    );
    let model = fake.client();
    let first = model.complete(json_request()).await.unwrap();
    assert_eq!(first.text, r#"{"skills": ["Rust"], "years": 3}"#);
    let second = model.complete(json_request()).await.unwrap();
    assert_eq!(second.text, r#"{"skills": ["a } b"]}"#);
    assert_eq!(fake.request_count(), 2);
}

#[tokio::test]
async fn invalid_json_is_repaired_once() {
    let fake = FakeOpenAi::start().await;
    fake.push_text(r#"{"skills": "Rust, SQL"}"#);
    fake.push_json(&json!({"skills": ["Rust", "SQL"]}));
    let response = fake.client().complete(json_request()).await.unwrap();
    assert_eq!(response.text, r#"{"skills":["Rust","SQL"]}"#);
    assert_eq!(
        response.usage,
        TokenUsage {
            prompt_tokens: 20,
            completion_tokens: 10
        },
        "usage is summed over both rounds"
    );

    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    let repair = &requests[1].body["messages"];
    assert_eq!(
        repair[1],
        json!({"role": "assistant", "content": r#"{"skills": "Rust, SQL"}"#})
    );
    let ask = repair[2]["content"].as_str().unwrap();
    assert!(
        ask.contains("$.skills: expected array, found a string"),
        "{ask}"
    );
    assert!(ask.contains("JSON Schema"), "the schema is repeated: {ask}");
}

#[tokio::test]
async fn invalid_twice_is_bad_output() {
    let fake = FakeOpenAi::start().await;
    fake.push_text("I cannot produce JSON today.");
    fake.push_text(r#"{"years": -1}"#);
    let error = fake.client().complete(json_request()).await.unwrap_err();
    match error {
        LanguageModelError::BadOutput(problem) => {
            assert!(problem.contains("`skills` is missing"), "{problem}");
        }
        other => panic!("expected BadOutput, got {other:?}"),
    }
    assert_eq!(fake.request_count(), 2);
}

#[tokio::test]
async fn rate_limit_waits_for_retry_after() {
    let fake = FakeOpenAi::start().await;
    fake.push(FakeReply::status(429).with_header("retry-after", "1"));
    fake.push_text("after the wait");
    let started = Instant::now();
    let response = fake.client().complete(text_request("hi")).await.unwrap();
    let waited = started.elapsed();
    assert_eq!(response.text, "after the wait");
    assert!(
        waited >= Duration::from_millis(950),
        "waited only {waited:?}"
    );
    assert!(waited < Duration::from_secs(3), "waited {waited:?}");
    let requests = fake.requests();
    let gap = requests[1].received_at - requests[0].received_at;
    assert!(gap >= Duration::from_millis(950), "{gap:?}");
}

#[tokio::test]
async fn retry_after_past_the_deadline_gives_up_at_once() {
    let fake = FakeOpenAi::start().await;
    fake.push(FakeReply::status(429).with_header("retry-after", "30"));
    let started = Instant::now();
    let error = fake
        .client()
        .complete(text_request("hi"))
        .await
        .unwrap_err();
    assert_eq!(
        error,
        LanguageModelError::RateLimited {
            retry_after: Some(Duration::from_secs(30))
        }
    );
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(fake.request_count(), 1);
}

#[tokio::test]
async fn server_error_then_success() {
    let fake = FakeOpenAi::start().await;
    fake.push_status(500);
    fake.push(FakeReply::raw(502, "<html>Bad gateway</html>"));
    fake.push_text("third time lucky");
    let response = fake.client().complete(text_request("hi")).await.unwrap();
    assert_eq!(response.text, "third time lucky");
    assert_eq!(fake.request_count(), 3);
}

#[tokio::test]
async fn server_error_forever_is_unavailable_after_the_retries() {
    let fake = FakeOpenAi::start().await;
    fake.when_empty(FakeReply::status(503));
    let config = LlmClientConfig {
        max_retries: 3,
        ..fake.config()
    };
    let error = client_with(config)
        .complete(text_request("hi"))
        .await
        .unwrap_err();
    match error {
        LanguageModelError::Unavailable(message) => {
            assert!(message.contains("503"), "{message}");
        }
        other => panic!("expected Unavailable, got {other:?}"),
    }
    assert_eq!(fake.request_count(), 4, "the first attempt and 3 retries");
}

#[tokio::test]
async fn slow_attempt_times_out_and_is_retried() {
    let fake = FakeOpenAi::start().await;
    fake.push(FakeReply::text("too late").with_delay(Duration::from_secs(2)));
    fake.push_text("in time");
    let config = LlmClientConfig {
        timeout: Duration::from_millis(200),
        ..fake.config()
    };
    let started = Instant::now();
    let response = client_with(config)
        .complete(text_request("hi"))
        .await
        .unwrap();
    assert_eq!(response.text, "in time");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(fake.request_count(), 2);
}

#[tokio::test]
async fn deadline_is_a_timeout() {
    let fake = FakeOpenAi::start().await;
    fake.when_empty(FakeReply::text("slow").with_delay(Duration::from_secs(2)));
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
async fn rejected_json_schema_falls_back_to_json_object_and_is_remembered() {
    let fake = FakeOpenAi::start().await;
    fake.reject_format("json_schema");
    fake.push_json(&json!({"skills": ["Rust"]}));
    fake.push_json(&json!({"skills": ["SQL"]}));
    let model = fake.client();
    assert_eq!(
        model.complete(json_request()).await.unwrap().text,
        r#"{"skills":["Rust"]}"#
    );
    // A clone shares what was learnt.
    assert_eq!(
        model.clone().complete(json_request()).await.unwrap().text,
        r#"{"skills":["SQL"]}"#
    );

    let formats: Vec<_> = fake
        .requests()
        .iter()
        .map(|r| r.response_format().map(str::to_owned))
        .collect();
    assert_eq!(
        formats,
        [
            Some("json_schema"),
            Some("json_object"),
            Some("json_object")
        ]
        .map(|f| f.map(str::to_owned))
    );
    // json_object carries no schema, so the prompt does (and OpenAI wants "JSON" in it).
    let prompt = fake.requests()[1].message_texts().join("\n");
    assert!(
        prompt.contains("JSON Schema") && prompt.contains("\"skills\""),
        "{prompt}"
    );
}

#[tokio::test]
async fn both_response_formats_rejected_falls_back_to_the_prompt() {
    let fake = FakeOpenAi::start().await;
    fake.reject_format("json_schema")
        .reject_format("json_object");
    fake.push_text("```\n{\"skills\": []}\n```");
    fake.push_text(r#"{"skills": ["Go"]}"#);
    let model = fake.client();
    model.complete(json_request()).await.unwrap();
    model.complete(json_request()).await.unwrap();
    let formats: Vec<_> = fake
        .requests()
        .iter()
        .map(|r| r.response_format().map(str::to_owned))
        .collect();
    assert_eq!(
        formats,
        [Some("json_schema"), Some("json_object"), None, None].map(|f| f.map(str::to_owned))
    );
}

#[tokio::test]
async fn unauthorized_is_refused_without_retry() {
    let fake = FakeOpenAi::start().await;
    fake.when_empty(FakeReply::status(401));
    let error = fake.client().complete(json_request()).await.unwrap_err();
    assert_eq!(
        error,
        LanguageModelError::Refused("HTTP 401: fake error 401".to_owned())
    );
    assert_eq!(fake.request_count(), 1);
}

#[tokio::test]
async fn missing_usage_and_model_fall_back() {
    let fake = FakeOpenAi::start().await;
    fake.push(FakeReply::completion(json!({
        "choices": [{"message": {"role": "assistant", "content": "hello"}}]
    })));
    let response = fake.client().complete(text_request("hi")).await.unwrap();
    assert_eq!(response.usage, TokenUsage::default());
    assert_eq!(
        response.model, "quality",
        "the configured name when the answer has none"
    );
}

#[tokio::test]
async fn api_key_only_when_configured() {
    let fake = FakeOpenAi::start().await;
    fake.push_text("a").push_text("b");
    fake.client().complete(text_request("hi")).await.unwrap();
    client_with(fake.config().with_api_key("sk-test-123"))
        .complete(text_request("hi"))
        .await
        .unwrap();
    let requests = fake.requests();
    assert_eq!(requests[0].authorization, None);
    assert_eq!(
        requests[1].authorization.as_deref(),
        Some("Bearer sk-test-123")
    );
}

#[tokio::test]
async fn unusable_answers_never_panic() {
    let fake = FakeOpenAi::start().await;
    let huge = "x".repeat(3 * 1024 * 1024);
    let cases = [
        FakeReply::raw(200, "<html>not json</html>"),
        FakeReply::completion(json!({"model": "m"})),
        FakeReply::completion(json!({"choices": []})),
        FakeReply::text(""),
        FakeReply::text(huge),
        FakeReply::completion(
            json!({"choices": [{"message": {"content": null, "refusal": "I can't help with that."}}]}),
        ),
    ];
    let model = fake.client();
    for reply in cases {
        fake.push(reply);
        let error = model.complete(text_request("hi")).await.unwrap_err();
        assert!(
            matches!(
                error,
                LanguageModelError::BadOutput(_) | LanguageModelError::Refused(_)
            ),
            "{error:?}"
        );
    }
    assert_eq!(fake.request_count(), 6, "none of these is retried");
}

#[tokio::test]
async fn the_fake_records_what_was_sent() {
    let fake = FakeOpenAi::start().await;
    fake.push_text("ok");
    fake.client()
        .complete(text_request("Skills: Rust"))
        .await
        .unwrap();
    let sent = fake.sent_text();
    assert!(sent.contains("Skills: Rust"));
    assert!(!sent.contains('@'), "no email address left the process");
}

#[test]
fn bad_configurations_are_refused() {
    assert!(OpenAiCompatible::new(LlmClientConfig::new("localhost:8080", "m")).is_err());
    assert!(OpenAiCompatible::new(LlmClientConfig::new("http://localhost:8080", " ")).is_err());
    let zero = LlmClientConfig {
        deadline: Duration::ZERO,
        ..LlmClientConfig::new("http://localhost:8080", "m")
    };
    assert!(OpenAiCompatible::new(zero).is_err());
}

#[tokio::test]
async fn a_request_deadline_shorter_than_the_clients_wins() {
    let fake = FakeOpenAi::start().await;
    fake.when_empty(FakeReply::text("slow").with_delay(Duration::from_secs(2)));
    let config = LlmClientConfig {
        timeout: Duration::from_secs(5),
        deadline: Duration::from_secs(10),
        ..fake.config()
    };
    let request = ChatRequest {
        deadline: Some(Duration::from_millis(300)),
        ..text_request("hi")
    };
    let started = Instant::now();
    let error = client_with(config).complete(request).await.unwrap_err();
    assert_eq!(error, LanguageModelError::Timeout);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}
