//! A fake Anthropic Messages server for tests (the `fake` feature), on wiremock.
//!
//! [`FakeAnthropic::start`] serves `POST …/messages` on a loopback port. Each request takes
//! the next queued [`AnthropicReply`]; once the queue is empty, the
//! [`FakeAnthropic::when_empty`] reply answers (by default a 500 saying that nothing was
//! queued). Every request is recorded with its `x-api-key` and `anthropic-version`
//! headers, so a test can read back what was sent.
//!
//! [`AnthropicReply::json`] answers with a `tool_use` block whose name is the one the
//! request forced (`tool_choice.name`), as the real API does.
//!
//! ```no_run
//! # async fn demo() {
//! use serde_json::json;
//! use tailor_llm_client::fake_anthropic::{AnthropicReply, FakeAnthropic};
//!
//! let fake = FakeAnthropic::start().await;
//! fake.push(AnthropicReply::text("Hello").with_usage(12, 3));
//! fake.push(AnthropicReply::status(529));
//! fake.push(AnthropicReply::json(&json!({"skills": ["Rust"]})));
//! let model = fake.client(); // an `Anthropic` with quick test timings
//! // … call the code under test with `model` …
//! assert_eq!(fake.requests()[0].anthropic_version.as_deref(), Some("2023-06-01"));
//! # }
//! ```

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub use crate::fake::FAKE_MODEL;
use crate::{Anthropic, LlmClientConfig};

/// One answer of the fake server.
#[derive(Debug, Clone)]
pub struct AnthropicReply {
    status: u16,
    body: Body,
    headers: Vec<(String, String)>,
    delay: Option<Duration>,
}

#[derive(Debug, Clone)]
enum Body {
    Json(Value),
    Raw(String),
}

impl AnthropicReply {
    /// A message with one `text` block, from [`FAKE_MODEL`], `stop_reason: "end_turn"`,
    /// with usage of 10 input and 5 output tokens.
    #[must_use]
    pub fn text(content: impl Into<String>) -> Self {
        Self::message_of(
            json!([{"type": "text", "text": content.into()}]),
            "end_turn",
        )
    }

    /// A message with one `tool_use` block whose `input` is `input`, named after the
    /// request's forced tool, `stop_reason: "tool_use"`.
    #[must_use]
    pub fn json(input: &Value) -> Self {
        Self::message_of(
            json!([{"type": "tool_use", "id": "toolu_fake", "name": Value::Null, "input": input}]),
            "tool_use",
        )
    }

    /// A message with one `text` block holding `value` written as JSON (what a server that
    /// ignores `tool_choice` would send).
    #[must_use]
    pub fn json_as_text(value: &Value) -> Self {
        Self::text(value.to_string())
    }

    /// A message with no content and `stop_reason: "refusal"`.
    #[must_use]
    pub fn refusal() -> Self {
        Self::message_of(json!([]), "refusal")
    }

    /// A 200 answer with this exact JSON body (for odd or partial messages).
    #[must_use]
    pub fn message(body: Value) -> Self {
        Self {
            status: 200,
            body: Body::Json(body),
            headers: Vec::new(),
            delay: None,
        }
    }

    fn message_of(content: Value, stop_reason: &str) -> Self {
        Self::message(json!({
            "id": "msg_fake",
            "type": "message",
            "role": "assistant",
            "model": FAKE_MODEL,
            "content": content,
            "stop_reason": stop_reason,
            "stop_sequence": null,
            "usage": {"input_tokens": 10, "output_tokens": 5}
        }))
    }

    /// An error answer with an Anthropic-style error body (`overloaded_error` for 529,
    /// `rate_limit_error` for 429, and so on).
    #[must_use]
    pub fn status(status: u16) -> Self {
        let kind = match status {
            400 => "invalid_request_error",
            401 => "authentication_error",
            403 => "permission_error",
            404 => "not_found_error",
            413 => "request_too_large",
            429 => "rate_limit_error",
            529 => "overloaded_error",
            _ => "api_error",
        };
        Self {
            status,
            body: Body::Json(json!({
                "type": "error",
                "error": {"type": kind, "message": format!("fake error {status}")}
            })),
            headers: Vec::new(),
            delay: None,
        }
    }

    /// Any status with this body as it is (say, an HTML error page).
    #[must_use]
    pub fn raw(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            body: Body::Raw(body.into()),
            headers: Vec::new(),
            delay: None,
        }
    }

    /// With this `usage`: `input` and `output` tokens.
    #[must_use]
    pub fn with_usage(mut self, input: u32, output: u32) -> Self {
        if let Body::Json(Value::Object(fields)) = &mut self.body {
            fields.insert(
                "usage".to_owned(),
                json!({"input_tokens": input, "output_tokens": output}),
            );
        }
        self
    }

    /// Without the `usage` field.
    #[must_use]
    pub fn without_usage(mut self) -> Self {
        if let Body::Json(Value::Object(fields)) = &mut self.body {
            fields.remove("usage");
        }
        self
    }

    /// With another `model` name.
    #[must_use]
    pub fn with_model(mut self, model: &str) -> Self {
        if let Body::Json(Value::Object(fields)) = &mut self.body {
            fields.insert("model".to_owned(), json!(model));
        }
        self
    }

    /// With another `stop_reason`, such as `max_tokens`.
    #[must_use]
    pub fn with_stop_reason(mut self, stop_reason: &str) -> Self {
        if let Body::Json(Value::Object(fields)) = &mut self.body {
            fields.insert("stop_reason".to_owned(), json!(stop_reason));
        }
        self
    }

    /// With a header, such as `retry-after`.
    #[must_use]
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Answered only after `delay`.
    #[must_use]
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// The response, with unnamed `tool_use` blocks named after `tool` (the request's).
    fn template(&self, tool: &str) -> ResponseTemplate {
        let mut template = ResponseTemplate::new(self.status);
        template = match &self.body {
            Body::Json(body) => {
                let mut body = body.clone();
                if let Some(blocks) = body.get_mut("content").and_then(Value::as_array_mut) {
                    for block in blocks {
                        if block.get("type") == Some(&json!("tool_use"))
                            && block.get("name") == Some(&Value::Null)
                        {
                            block["name"] = json!(tool);
                        }
                    }
                }
                template.set_body_json(body)
            }
            Body::Raw(body) => template.set_body_string(body.clone()),
        };
        for (name, value) in &self.headers {
            template = template.insert_header(name.as_str(), value.as_str());
        }
        if let Some(delay) = self.delay {
            template = template.set_delay(delay);
        }
        template
    }
}

/// A request the fake server received.
#[derive(Debug, Clone)]
pub struct AnthropicRequest {
    /// The URL path, such as `/v1/messages`.
    pub path: String,
    /// The body as JSON (`Null` if it was not JSON).
    pub body: Value,
    /// The `x-api-key` header, if any.
    pub api_key: Option<String>,
    /// The `anthropic-version` header, if any.
    pub anthropic_version: Option<String>,
    /// The `content-type` header, if any.
    pub content_type: Option<String>,
    /// The `Authorization` header, if any (the adapter should send none).
    pub authorization: Option<String>,
    /// When it arrived.
    pub received_at: Instant,
}

impl AnthropicRequest {
    /// The top-level `system` prompt, if any.
    #[must_use]
    pub fn system(&self) -> Option<&str> {
        self.body.get("system")?.as_str()
    }

    /// The name of the forced tool (`tool_choice.name`), if any.
    #[must_use]
    pub fn tool_choice(&self) -> Option<&str> {
        self.body.pointer("/tool_choice/name")?.as_str()
    }

    /// The text of every message, in order: string contents, `text` blocks and
    /// `tool_result` contents.
    #[must_use]
    pub fn message_texts(&self) -> Vec<&str> {
        let mut texts = Vec::new();
        for message in self.body["messages"].as_array().into_iter().flatten() {
            match &message["content"] {
                Value::String(text) => texts.push(text.as_str()),
                Value::Array(blocks) => {
                    for block in blocks {
                        let text = match block["type"].as_str() {
                            Some("text") => block["text"].as_str(),
                            Some("tool_result") => block["content"].as_str(),
                            _ => None,
                        };
                        texts.extend(text);
                    }
                }
                _ => {}
            }
        }
        texts
    }
}

#[derive(Debug)]
struct State {
    queue: VecDeque<AnthropicReply>,
    when_empty: AnthropicReply,
    received: Vec<AnthropicRequest>,
}

#[derive(Debug, Clone)]
struct Responder(Arc<Mutex<State>>);

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let received = AnthropicRequest {
            path: request.url.path().to_owned(),
            body: serde_json::from_slice(&request.body).unwrap_or(Value::Null),
            api_key: header(request, "x-api-key"),
            anthropic_version: header(request, "anthropic-version"),
            content_type: header(request, "content-type"),
            authorization: header(request, "authorization"),
            received_at: Instant::now(),
        };
        let tool = received.tool_choice().unwrap_or("answer").to_owned();
        let mut state = lock(&self.0);
        state.received.push(received);
        let reply = state
            .queue
            .pop_front()
            .unwrap_or_else(|| state.when_empty.clone());
        reply.template(&tool)
    }
}

/// A fake Messages server on a loopback port; it stops when dropped.
#[derive(Debug)]
pub struct FakeAnthropic {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl FakeAnthropic {
    /// Starts the server with an empty queue.
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State {
            queue: VecDeque::new(),
            when_empty: Self::nothing_queued(),
            received: Vec::new(),
        }));
        Mock::given(method("POST"))
            .and(path_regex(r"/messages$"))
            .respond_with(Responder(Arc::clone(&state)))
            .mount(&server)
            .await;
        Self { server, state }
    }

    fn nothing_queued() -> AnthropicReply {
        AnthropicReply::raw(
            500,
            r#"{"type":"error","error":{"type":"api_error","message":"FakeAnthropic: no reply queued"}}"#,
        )
    }

    /// The server's root, such as `http://127.0.0.1:41234`: the base URL, as
    /// `https://api.anthropic.com` is Anthropic's (requests go to `/v1/messages`).
    #[must_use]
    pub fn base_url(&self) -> String {
        self.server.uri()
    }

    /// A client configuration for this server with quick test timings: model `fast` and
    /// `quality`, API key `sk-ant-fake`, 2 s per attempt, 2 retries, 10 s in all, backoff
    /// from 1 ms to 5 ms.
    #[must_use]
    pub fn config(&self) -> LlmClientConfig {
        LlmClientConfig {
            model_fast: "fast".to_owned(),
            model_quality: "quality".to_owned(),
            timeout: Duration::from_secs(2),
            max_retries: 2,
            deadline: Duration::from_secs(10),
            backoff_min: Duration::from_millis(1),
            backoff_max: Duration::from_millis(5),
            ..LlmClientConfig::new(self.base_url(), "fast").with_api_key("sk-ant-fake")
        }
    }

    /// A client built from [`Self::config`].
    ///
    /// # Panics
    /// Never in practice: the configuration is always valid.
    #[must_use]
    pub fn client(&self) -> Anthropic {
        Anthropic::new(self.config()).expect("the fake server's client configuration is valid")
    }

    /// Queues a reply.
    pub fn push(&self, reply: AnthropicReply) -> &Self {
        lock(&self.state).queue.push_back(reply);
        self
    }

    /// Queues a message with this text.
    pub fn push_text(&self, content: impl Into<String>) -> &Self {
        self.push(AnthropicReply::text(content))
    }

    /// Queues a message calling the forced tool with this input.
    pub fn push_json(&self, input: &Value) -> &Self {
        self.push(AnthropicReply::json(input))
    }

    /// Queues an error status.
    pub fn push_status(&self, status: u16) -> &Self {
        self.push(AnthropicReply::status(status))
    }

    /// The reply once the queue is empty, for every later request.
    pub fn when_empty(&self, reply: AnthropicReply) -> &Self {
        lock(&self.state).when_empty = reply;
        self
    }

    /// Back to the state [`Self::start`] leaves: no queued replies, the default
    /// [`Self::when_empty`] reply, no recorded requests.
    pub fn reset(&self) -> &Self {
        let mut state = lock(&self.state);
        state.queue.clear();
        state.when_empty = Self::nothing_queued();
        state.received.clear();
        drop(state);
        self
    }

    /// Every request received so far, in order.
    #[must_use]
    pub fn requests(&self) -> Vec<AnthropicRequest> {
        lock(&self.state).received.clone()
    }

    /// How many requests arrived.
    #[must_use]
    pub fn request_count(&self) -> usize {
        lock(&self.state).received.len()
    }

    /// The system prompt and every message text of every request, one per line: search
    /// it for what must never be sent.
    #[must_use]
    pub fn sent_text(&self) -> String {
        lock(&self.state)
            .received
            .iter()
            .flat_map(|request| request.system().into_iter().chain(request.message_texts()))
            .collect::<Vec<_>>()
            .join("\n")
    }
}
