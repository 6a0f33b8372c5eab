//! A fake OpenAI-compatible server for tests (the `fake` feature), on wiremock.
//!
//! [`FakeOpenAi::start`] serves `POST …/chat/completions` on a loopback port. Each request
//! takes the next queued [`FakeReply`]; once the queue is empty, the
//! [`FakeOpenAi::when_empty`] reply answers (by default a 500 saying that nothing was
//! queued). Every request is recorded, so a test can read back what was sent: the bodies,
//! the `Authorization` header, or all message text at once (to prove, for example, that an
//! email address never left the process).
//!
//! ```no_run
//! # async fn demo() {
//! use tailor_llm_client::fake::{FakeOpenAi, FakeReply};
//!
//! let fake = FakeOpenAi::start().await;
//! fake.push(FakeReply::text("Hello"));
//! fake.push(FakeReply::status(429).with_header("retry-after", "1"));
//! let model = fake.client(); // an `OpenAiCompatible` with quick test timings
//! // … call the code under test with `model` …
//! assert!(!fake.sent_text().contains("@example.com"));
//! # }
//! ```

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::{LlmClientConfig, OpenAiCompatible};

/// The model name fake answers carry.
pub const FAKE_MODEL: &str = "fake-model";

/// One answer of the fake server.
#[derive(Debug, Clone)]
pub struct FakeReply {
    status: u16,
    body: FakeBody,
    headers: Vec<(String, String)>,
    delay: Option<Duration>,
}

#[derive(Debug, Clone)]
enum FakeBody {
    Json(Value),
    Raw(String),
}

impl FakeReply {
    /// A chat completion whose message is `content`, from [`FAKE_MODEL`], with usage of 10
    /// prompt and 5 completion tokens.
    #[must_use]
    pub fn text(content: impl Into<String>) -> Self {
        Self::completion(json!({
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "model": FAKE_MODEL,
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": content.into()},
                "finish_reason": "stop"
            }],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
        }))
    }

    /// A chat completion whose message is `value` written as JSON.
    #[must_use]
    pub fn json(value: &Value) -> Self {
        Self::text(value.to_string())
    }

    /// A 200 answer with this exact JSON body (for odd or partial completions).
    #[must_use]
    pub fn completion(body: Value) -> Self {
        Self {
            status: 200,
            body: FakeBody::Json(body),
            headers: Vec::new(),
            delay: None,
        }
    }

    /// An error answer with an OpenAI-style error body.
    #[must_use]
    pub fn status(status: u16) -> Self {
        Self {
            status,
            body: FakeBody::Json(json!({
                "error": {"message": format!("fake error {status}"), "type": "fake"}
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
            body: FakeBody::Raw(body.into()),
            headers: Vec::new(),
            delay: None,
        }
    }

    /// Without the `usage` field, as some servers answer.
    #[must_use]
    pub fn without_usage(mut self) -> Self {
        if let FakeBody::Json(Value::Object(fields)) = &mut self.body {
            fields.remove("usage");
        }
        self
    }

    /// With this `usage`: `prompt` and `completion` tokens.
    #[must_use]
    pub fn with_usage(mut self, prompt: u32, completion: u32) -> Self {
        if let FakeBody::Json(Value::Object(fields)) = &mut self.body {
            fields.insert(
                "usage".to_owned(),
                json!({
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "total_tokens": u64::from(prompt) + u64::from(completion),
                }),
            );
        }
        self
    }

    /// With another `model` name.
    #[must_use]
    pub fn with_model(mut self, model: &str) -> Self {
        if let FakeBody::Json(Value::Object(fields)) = &mut self.body {
            fields.insert("model".to_owned(), json!(model));
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

    fn template(&self) -> ResponseTemplate {
        let mut template = ResponseTemplate::new(self.status);
        template = match &self.body {
            FakeBody::Json(body) => template.set_body_json(body),
            FakeBody::Raw(body) => template.set_body_string(body.clone()),
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
pub struct FakeRequest {
    /// The URL path, such as `/v1/chat/completions`.
    pub path: String,
    /// The body as JSON (`Null` if it was not JSON).
    pub body: Value,
    /// The `Authorization` header, if any.
    pub authorization: Option<String>,
    /// When it arrived.
    pub received_at: Instant,
}

impl FakeRequest {
    /// `response_format.type`, if the request had one.
    #[must_use]
    pub fn response_format(&self) -> Option<&str> {
        self.body.pointer("/response_format/type")?.as_str()
    }

    /// The `content` of every message, in order.
    #[must_use]
    pub fn message_texts(&self) -> Vec<&str> {
        self.body["messages"]
            .as_array()
            .map(|messages| {
                messages
                    .iter()
                    .filter_map(|message| message["content"].as_str())
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[derive(Debug)]
struct State {
    queue: VecDeque<FakeReply>,
    when_empty: FakeReply,
    rejected_formats: HashSet<String>,
    received: Vec<FakeRequest>,
}

#[derive(Debug, Clone)]
struct Responder(Arc<Mutex<State>>);

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let received = FakeRequest {
            path: request.url.path().to_owned(),
            body: serde_json::from_slice(&request.body).unwrap_or(Value::Null),
            authorization: request
                .headers
                .get("authorization")
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned),
            received_at: Instant::now(),
        };
        let mut state = lock(&self.0);
        let rejected = received
            .response_format()
            .is_some_and(|kind| state.rejected_formats.contains(kind));
        state.received.push(received);
        if rejected {
            // What llama.cpp's server does with a `json_schema` response format.
            return FakeReply::raw(500, r#"{"error":{"code":500,"message":"Internal Server Error","type":"internal_server_error"}}"#)
                .template();
        }
        let reply = state
            .queue
            .pop_front()
            .unwrap_or_else(|| state.when_empty.clone());
        reply.template()
    }
}

/// A fake chat-completions server on a loopback port; it stops when dropped.
#[derive(Debug)]
pub struct FakeOpenAi {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl FakeOpenAi {
    /// Starts the server with an empty queue.
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State {
            queue: VecDeque::new(),
            when_empty: Self::nothing_queued(),
            rejected_formats: HashSet::new(),
            received: Vec::new(),
        }));
        Mock::given(method("POST"))
            .and(path_regex(r"/chat/completions$"))
            .respond_with(Responder(Arc::clone(&state)))
            .mount(&server)
            .await;
        Self { server, state }
    }

    /// The reply once the queue is empty when nothing else was set: a 500 saying so.
    fn nothing_queued() -> FakeReply {
        FakeReply::raw(
            500,
            r#"{"error":{"message":"FakeOpenAi: no reply queued"}}"#,
        )
    }

    /// Back to the state [`Self::start`] leaves: no queued replies, the default
    /// [`Self::when_empty`] reply, no rejected formats, no recorded requests.
    pub fn reset(&self) -> &Self {
        let mut state = lock(&self.state);
        state.queue.clear();
        state.when_empty = Self::nothing_queued();
        state.rejected_formats.clear();
        state.received.clear();
        drop(state);
        self
    }

    /// The server's root, such as `http://127.0.0.1:41234` (no `/v1`).
    #[must_use]
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The OpenAI-style base URL: [`Self::uri`] plus `/v1`.
    #[must_use]
    pub fn base_url(&self) -> String {
        format!("{}/v1", self.server.uri())
    }

    /// A client configuration for this server with quick test timings: model `fast` and
    /// `quality`, 2 s per attempt, 2 retries, 10 s in all, backoff from 1 ms to 5 ms.
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
            ..LlmClientConfig::new(self.base_url(), "fast")
        }
    }

    /// A client built from [`Self::config`].
    ///
    /// # Panics
    /// Never in practice: the configuration is always valid.
    #[must_use]
    pub fn client(&self) -> OpenAiCompatible {
        OpenAiCompatible::new(self.config())
            .expect("the fake server's client configuration is valid")
    }

    /// Queues a reply.
    pub fn push(&self, reply: FakeReply) -> &Self {
        lock(&self.state).queue.push_back(reply);
        self
    }

    /// Queues a chat completion with this text.
    pub fn push_text(&self, content: impl Into<String>) -> &Self {
        self.push(FakeReply::text(content))
    }

    /// Queues a chat completion with this JSON as its text.
    pub fn push_json(&self, value: &Value) -> &Self {
        self.push(FakeReply::json(value))
    }

    /// Queues an error status.
    pub fn push_status(&self, status: u16) -> &Self {
        self.push(FakeReply::status(status))
    }

    /// The reply once the queue is empty, for every later request.
    pub fn when_empty(&self, reply: FakeReply) -> &Self {
        lock(&self.state).when_empty = reply;
        self
    }

    /// Answers 500, as llama.cpp's server does, to every request whose
    /// `response_format.type` is `kind` (`json_schema` or `json_object`), without taking a
    /// queued reply.
    pub fn reject_format(&self, kind: &str) -> &Self {
        lock(&self.state).rejected_formats.insert(kind.to_owned());
        self
    }

    /// Every request received so far, in order.
    #[must_use]
    pub fn requests(&self) -> Vec<FakeRequest> {
        lock(&self.state).received.clone()
    }

    /// How many requests arrived.
    #[must_use]
    pub fn request_count(&self) -> usize {
        lock(&self.state).received.len()
    }

    /// Every message text of every request, one per line: search it for what must never
    /// be sent.
    #[must_use]
    pub fn sent_text(&self) -> String {
        lock(&self.state)
            .received
            .iter()
            .flat_map(FakeRequest::message_texts)
            .collect::<Vec<_>>()
            .join("\n")
    }
}
