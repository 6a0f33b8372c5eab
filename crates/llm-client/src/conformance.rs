//! A conformance kit for [`LanguageModel`] adapters (the `conformance` feature): one
//! public async test suite that any adapter runs against its own mock server, so every
//! adapter keeps the port's contract the same way.
//!
//! The adapter's test implements [`MockProvider`] for its mock server: queue a
//! [`MockReply`] in the provider's own wire format, set the reply for when the queue is
//! empty, count requests, reset, and build an adapter pointed at the mock. Then
//! [`run_all`] runs every check and returns a [`Report`]; [`Report::assert_passed`] fails
//! the test with every failed check and its reason. Each `check_*` function can also be
//! run alone.
//!
//! ```ignore
//! #[tokio::test]
//! async fn my_adapter_conforms() {
//!     let mock = MyMock::start().await; // implements MockProvider
//!     tailor_llm_client::conformance::run_all(&mock).await.assert_passed();
//! }
//! ```
//!
//! # What the checks require of the adapter that [`MockProvider::model`] builds
//!
//! Quick test timings: a per-attempt timeout of 1–5 s, at least 1 retry (2 is usual), a
//! deadline of at least 3 s, and backoff of at most 50 ms between retries. The checks set
//! [`ChatRequest::deadline`] where time matters, so no check waits for the adapter's own
//! deadline. The whole suite takes about 2 s.
//!
//! # The contract, as checked
//!
//! - **Text**: the answer's text, the model that answered (never empty), the usage the
//!   provider reported (prompt and completion tokens), a latency above zero.
//! - **JSON**: the answer is the JSON document alone, and it validates against the schema.
//!   A document that fails the schema gets exactly one repair round (two requests in all;
//!   the usage of both is reported); failing again, or giving no JSON at all, is
//!   [`LanguageModelError::BadOutput`].
//! - **Rate limits (429)** are transient: retried, waiting at least what `Retry-After`
//!   asks. A hint whose wait would end past the call's deadline is not waited for: the
//!   call ends at once with [`LanguageModelError::RateLimited`] carrying the hint. When the
//!   retries run out, it is `RateLimited` too.
//! - **Server errors (5xx)** are retried; when the retries run out, the call is
//!   [`LanguageModelError::Unavailable`].
//! - **Refusals**: 400 and 401 are [`LanguageModelError::Refused`] after one request (no
//!   retry), and so is a provider's refusal in a successful answer.
//! - **A body that is no answer** (a 200 with HTML) is [`LanguageModelError::BadOutput`],
//!   never a panic.
//! - **Time**: an answer slower than the call's deadline is
//!   [`LanguageModelError::Timeout`], reported within the deadline plus 1 s.
//!
//! [`run_live`] is the subset that needs no fault injection (text, JSON, usage), for a real
//! server.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde_json::{Value, json};
use tailor_domain::ports::{
    ChatMessage, ChatRequest, ChatResponse, LanguageModel, LanguageModelError, ModelPurpose,
    ResponseFormat, TokenUsage,
};
use tokio::time::Instant;

use crate::schema;

/// A check that runs longer than this has hung.
const CHECK_LIMIT: Duration = Duration::from_secs(30);

/// The deadline of most check requests: far above what a quick mock needs.
const REQUEST_DEADLINE: Duration = Duration::from_secs(8);

/// The deadline of the time-out check's request.
const SHORT_DEADLINE: Duration = Duration::from_millis(600);

/// How much later than its deadline a call may end.
const DEADLINE_SLACK: Duration = Duration::from_secs(1);

/// One reply of a mock server, in provider-neutral terms; the [`MockProvider`] writes it
/// in its provider's wire format.
#[derive(Debug, Clone, PartialEq)]
pub enum MockReply {
    /// A successful answer whose content is `text` (for OpenAI, the message content; for
    /// Anthropic, a `text` block), reporting `usage`.
    Text { text: String, usage: TokenUsage },
    /// A successful answer carrying `value` as the provider carries structured output (for
    /// OpenAI, the message content written as JSON; for Anthropic, the `input` of a
    /// `tool_use` block), reporting `usage`.
    Json { value: Value, usage: TokenUsage },
    /// An error status with the provider's error body; `retry_after` becomes the
    /// provider's hint header (`Retry-After`, in seconds) when set.
    Status {
        status: u16,
        retry_after: Option<Duration>,
    },
    /// A successful answer in which the provider refuses (OpenAI's `refusal` field,
    /// Anthropic's `stop_reason: "refusal"`).
    Refusal,
    /// A 200 whose body is not the provider's format at all (an HTML page).
    Garbage,
    /// `reply`, sent only after `delay`.
    Delayed {
        delay: Duration,
        reply: Box<MockReply>,
    },
}

impl MockReply {
    /// A text answer with 10 prompt and 5 completion tokens.
    #[must_use]
    pub fn text(text: impl Into<String>) -> Self {
        Self::Text {
            text: text.into(),
            usage: default_usage(),
        }
    }

    /// A structured answer with 10 prompt and 5 completion tokens.
    #[must_use]
    pub fn json(value: Value) -> Self {
        Self::Json {
            value,
            usage: default_usage(),
        }
    }

    /// An error status without a hint.
    #[must_use]
    pub fn status(status: u16) -> Self {
        Self::Status {
            status,
            retry_after: None,
        }
    }

    /// A 429 with this hint.
    #[must_use]
    pub fn rate_limited(retry_after: Option<Duration>) -> Self {
        Self::Status {
            status: 429,
            retry_after,
        }
    }

    /// This reply after `delay`.
    #[must_use]
    pub fn delayed(self, delay: Duration) -> Self {
        Self::Delayed {
            delay,
            reply: Box::new(self),
        }
    }
}

fn default_usage() -> TokenUsage {
    TokenUsage {
        prompt_tokens: 10,
        completion_tokens: 5,
    }
}

/// A mock server of one provider, as an adapter's test drives it.
#[async_trait]
pub trait MockProvider: Send + Sync {
    /// A new adapter pointed at the mock, with quick test timings (see the module docs).
    fn model(&self) -> Arc<dyn LanguageModel>;

    /// Forgets queued replies, the [`Self::when_empty`] reply and the recorded requests.
    async fn reset(&self);

    /// Queues a reply: each request takes the next one.
    async fn push(&self, reply: MockReply);

    /// The reply to every request once the queue is empty.
    async fn when_empty(&self, reply: MockReply);

    /// How many requests arrived since the last [`Self::reset`].
    async fn request_count(&self) -> usize;
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The check's name: its function's without `check_`.
    pub check: &'static str,
    /// `Err` says what was expected and what happened.
    pub result: Result<(), String>,
    pub took: Duration,
}

/// The outcomes of a run of checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// Whether every check passed.
    #[must_use]
    pub fn passed(&self) -> bool {
        self.outcomes.iter().all(|outcome| outcome.result.is_ok())
    }

    /// The checks that failed, with why.
    pub fn failures(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.outcomes.iter().filter_map(|outcome| {
            outcome
                .result
                .as_ref()
                .err()
                .map(|why| (outcome.check, why.as_str()))
        })
    }

    /// Panics, listing every failed check, unless all passed.
    ///
    /// # Panics
    /// When a check failed.
    #[track_caller]
    pub fn assert_passed(&self) {
        assert!(self.passed(), "adapter conformance failed:\n{self}");
    }

    async fn record(&mut self, check: &'static str, run: impl Future<Output = Result<(), String>>) {
        let started = Instant::now();
        let result = tokio::time::timeout(CHECK_LIMIT, run)
            .await
            .unwrap_or_else(|_| Err(format!("did not finish within {CHECK_LIMIT:?}: it hangs")));
        self.outcomes.push(Outcome {
            check: check.trim_start_matches("check_"),
            result,
            took: started.elapsed(),
        });
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for outcome in &self.outcomes {
            match &outcome.result {
                Ok(()) => writeln!(f, "  ok    {} ({:?})", outcome.check, outcome.took)?,
                Err(why) => writeln!(f, "  FAIL  {} ({:?}): {why}", outcome.check, outcome.took)?,
            }
        }
        Ok(())
    }
}

/// Runs checks one after another into a report.
macro_rules! run_checks {
    ($target:expr; $($check:ident),+ $(,)?) => {{
        let mut report = Report::default();
        $( report.record(stringify!($check), $check($target)).await; )+
        report
    }};
}

/// Every check against a mock server, one after another.
pub async fn run_all(provider: &dyn MockProvider) -> Report {
    run_checks!(provider;
        check_text,
        check_usage,
        check_json,
        check_json_repair,
        check_json_bad_output,
        check_rate_limit_waits,
        check_rate_limit_past_deadline,
        check_rate_limit_persists,
        check_server_error_retried,
        check_server_error_unavailable,
        check_refused_status,
        check_refusal,
        check_garbage,
        check_timeout,
    )
}

/// The checks that need no fault injection (text, JSON, usage), against a real server. A
/// real model's words are not checked, only the shape of what comes back.
pub async fn run_live(model: &dyn LanguageModel) -> Report {
    run_checks!(model; check_live_text, check_live_json, check_live_usage)
}

/// Returns `Err(format!(...))` from the check unless the condition holds.
macro_rules! ensure {
    ($condition:expr, $($message:tt)+) => {
        if !$condition {
            return Err(format!($($message)+));
        }
    };
}

/// A schema like the ones Tailor's prompts use.
#[must_use]
pub fn skills_schema() -> Value {
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

fn text_request(deadline: Duration) -> ChatRequest {
    ChatRequest {
        purpose: ModelPurpose::Quality,
        messages: vec![
            ChatMessage::system("You write short, plain answers."),
            ChatMessage::user("Say hello."),
        ],
        format: ResponseFormat::Text,
        temperature: 0.2,
        max_tokens: 64,
        deadline: Some(deadline),
    }
}

fn json_request(deadline: Duration) -> ChatRequest {
    ChatRequest {
        purpose: ModelPurpose::Fast,
        messages: vec![
            ChatMessage::system("You extract skills."),
            ChatMessage::user("List the skills in: Rust, SQL."),
        ],
        format: ResponseFormat::Json {
            name: "skills".to_owned(),
            schema: skills_schema(),
        },
        temperature: 0.0,
        max_tokens: 128,
        deadline: Some(deadline),
    }
}

/// A fresh adapter and mock, then the call, timed.
async fn call(
    provider: &dyn MockProvider,
    request: ChatRequest,
) -> (Result<ChatResponse, LanguageModelError>, Duration) {
    let model = provider.model();
    let started = Instant::now();
    let result = model.complete(request).await;
    (result, started.elapsed())
}

fn unexpected<T: fmt::Debug>(wanted: &str, got: &T) -> String {
    format!("expected {wanted}, got {got:?}")
}

/// A text answer: its text, model, usage and latency; the model names of both purposes.
pub async fn check_text(provider: &dyn MockProvider) -> Result<(), String> {
    provider.reset().await;
    provider.push(MockReply::text("Hello from the mock.")).await;
    let model = provider.model();
    for purpose in [ModelPurpose::Fast, ModelPurpose::Quality] {
        ensure!(
            !model.model_name(purpose).trim().is_empty(),
            "model_name({purpose:?}) is empty"
        );
    }
    let (result, _) = call(provider, text_request(REQUEST_DEADLINE)).await;
    let response = result.map_err(|error| unexpected("a text answer", &error))?;
    ensure!(
        response.text == "Hello from the mock.",
        "expected the text \"Hello from the mock.\", got {:?}",
        response.text
    );
    ensure!(
        !response.model.trim().is_empty(),
        "the response names no model"
    );
    ensure!(
        response.latency > Duration::ZERO,
        "the latency is zero: it must be the call's wall time"
    );
    let requests = provider.request_count().await;
    ensure!(requests == 1, "expected 1 request, the mock got {requests}");
    Ok(())
}

/// The usage the provider reports arrives as it was reported.
pub async fn check_usage(provider: &dyn MockProvider) -> Result<(), String> {
    provider.reset().await;
    let usage = TokenUsage {
        prompt_tokens: 123,
        completion_tokens: 45,
    };
    provider
        .push(MockReply::Text {
            text: "Counted.".to_owned(),
            usage,
        })
        .await;
    let (result, _) = call(provider, text_request(REQUEST_DEADLINE)).await;
    let response = result.map_err(|error| unexpected("a text answer", &error))?;
    ensure!(
        response.usage == usage,
        "expected usage {usage:?} as reported, got {:?}",
        response.usage
    );
    Ok(())
}

/// A JSON answer is the document alone, and it fits the schema.
pub async fn check_json(provider: &dyn MockProvider) -> Result<(), String> {
    provider.reset().await;
    let value = json!({"skills": ["Rust", "SQL"], "years": 3});
    provider.push(MockReply::json(value.clone())).await;
    let (result, _) = call(provider, json_request(REQUEST_DEADLINE)).await;
    let response = result.map_err(|error| unexpected("a JSON answer", &error))?;
    let parsed: Value = serde_json::from_str(&response.text).map_err(|_| {
        format!(
            "the text must be the JSON document alone, got {:?}",
            response.text
        )
    })?;
    ensure!(parsed == value, "expected {value}, got {parsed}");
    schema::validate(&parsed, &skills_schema())
        .map_err(|problem| format!("the answer does not fit the schema: {problem}"))?;
    Ok(())
}

/// A document that fails the schema gets one repair round; usage covers both rounds.
pub async fn check_json_repair(provider: &dyn MockProvider) -> Result<(), String> {
    provider.reset().await;
    provider
        .push(MockReply::json(json!({"skills": "Rust, SQL"})))
        .await;
    provider
        .push(MockReply::json(json!({"skills": ["Rust", "SQL"]})))
        .await;
    let (result, _) = call(provider, json_request(REQUEST_DEADLINE)).await;
    let response = result.map_err(|error| unexpected("the repaired JSON answer", &error))?;
    let parsed: Value = serde_json::from_str(&response.text)
        .map_err(|_| format!("the text is not JSON: {:?}", response.text))?;
    ensure!(
        parsed == json!({"skills": ["Rust", "SQL"]}),
        "expected the repaired document, got {parsed}"
    );
    let requests = provider.request_count().await;
    ensure!(
        requests == 2,
        "expected 2 requests (the answer and one repair round), the mock got {requests}"
    );
    let summed = TokenUsage {
        prompt_tokens: 20,
        completion_tokens: 10,
    };
    ensure!(
        response.usage == summed,
        "expected the usage of both rounds, {summed:?}, got {:?}",
        response.usage
    );
    Ok(())
}

/// A document that fails the schema twice, or no JSON at all, is `BadOutput`.
pub async fn check_json_bad_output(provider: &dyn MockProvider) -> Result<(), String> {
    provider.reset().await;
    provider
        .when_empty(MockReply::json(json!({"years": -1})))
        .await;
    let (result, _) = call(provider, json_request(REQUEST_DEADLINE)).await;
    ensure!(
        matches!(result, Err(LanguageModelError::BadOutput(_))),
        "{}",
        unexpected("BadOutput for JSON that fails the schema twice", &result)
    );
    let requests = provider.request_count().await;
    ensure!(
        requests == 2,
        "expected exactly 2 requests (the answer and one repair round), the mock got {requests}"
    );

    provider.reset().await;
    provider
        .when_empty(MockReply::text("I cannot produce JSON today."))
        .await;
    let (result, _) = call(provider, json_request(REQUEST_DEADLINE)).await;
    ensure!(
        matches!(result, Err(LanguageModelError::BadOutput(_))),
        "{}",
        unexpected("BadOutput for prose where JSON was asked", &result)
    );
    Ok(())
}

/// A 429 whose hint fits the deadline is waited for, then retried.
pub async fn check_rate_limit_waits(provider: &dyn MockProvider) -> Result<(), String> {
    provider.reset().await;
    let hint = Duration::from_secs(1);
    provider.push(MockReply::rate_limited(Some(hint))).await;
    provider.push(MockReply::text("After the wait.")).await;
    let (result, took) = call(provider, text_request(REQUEST_DEADLINE)).await;
    let response = result
        .map_err(|error| unexpected("the answer after one 429 with Retry-After: 1", &error))?;
    ensure!(
        response.text == "After the wait.",
        "expected the second reply, got {:?}",
        response.text
    );
    ensure!(
        took >= hint - Duration::from_millis(50),
        "the retry came after {took:?}: it must wait the {hint:?} Retry-After asks"
    );
    ensure!(
        took < hint + Duration::from_secs(2),
        "the call took {took:?} for a {hint:?} wait"
    );
    Ok(())
}

/// A 429 whose hint would end past the deadline ends the call at once, with the hint.
pub async fn check_rate_limit_past_deadline(provider: &dyn MockProvider) -> Result<(), String> {
    provider.reset().await;
    let hint = Duration::from_secs(5);
    provider
        .when_empty(MockReply::rate_limited(Some(hint)))
        .await;
    let (result, took) = call(provider, text_request(Duration::from_secs(2))).await;
    ensure!(
        result
            == Err(LanguageModelError::RateLimited {
                retry_after: Some(hint)
            }),
        "{}",
        unexpected(
            "RateLimited { retry_after: Some(5s) } when the hint passes the 2 s deadline",
            &result
        )
    );
    ensure!(
        took < Duration::from_secs(1),
        "the call took {took:?}: a wait past the deadline must not be started"
    );
    Ok(())
}

/// A 429 that persists is retried, then `RateLimited`.
pub async fn check_rate_limit_persists(provider: &dyn MockProvider) -> Result<(), String> {
    provider.reset().await;
    provider.when_empty(MockReply::rate_limited(None)).await;
    let (result, _) = call(provider, text_request(REQUEST_DEADLINE)).await;
    ensure!(
        result == Err(LanguageModelError::RateLimited { retry_after: None }),
        "{}",
        unexpected(
            "RateLimited { retry_after: None } after the retries",
            &result
        )
    );
    let requests = provider.request_count().await;
    ensure!(
        requests >= 2,
        "expected the 429 to be retried, the mock got {requests} request(s)"
    );
    Ok(())
}

/// A 500 is retried, and the retry's answer returned.
pub async fn check_server_error_retried(provider: &dyn MockProvider) -> Result<(), String> {
    provider.reset().await;
    provider.push(MockReply::status(500)).await;
    provider.push(MockReply::text("Second time lucky.")).await;
    let (result, _) = call(provider, text_request(REQUEST_DEADLINE)).await;
    let response = result.map_err(|error| unexpected("the answer after one 500", &error))?;
    ensure!(
        response.text == "Second time lucky.",
        "expected the retry's answer, got {:?}",
        response.text
    );
    let requests = provider.request_count().await;
    ensure!(
        requests == 2,
        "expected 2 requests, the mock got {requests}"
    );
    Ok(())
}

/// A 503 that persists is retried, then `Unavailable`.
pub async fn check_server_error_unavailable(provider: &dyn MockProvider) -> Result<(), String> {
    provider.reset().await;
    provider.when_empty(MockReply::status(503)).await;
    let (result, _) = call(provider, text_request(REQUEST_DEADLINE)).await;
    ensure!(
        matches!(result, Err(LanguageModelError::Unavailable(_))),
        "{}",
        unexpected("Unavailable after the retries", &result)
    );
    let requests = provider.request_count().await;
    ensure!(
        requests >= 2,
        "expected the 503 to be retried, the mock got {requests} request(s)"
    );
    Ok(())
}

/// 400 and 401 are `Refused`, without a retry.
pub async fn check_refused_status(provider: &dyn MockProvider) -> Result<(), String> {
    for status in [400, 401] {
        provider.reset().await;
        provider.when_empty(MockReply::status(status)).await;
        let (result, _) = call(provider, text_request(REQUEST_DEADLINE)).await;
        ensure!(
            matches!(result, Err(LanguageModelError::Refused(_))),
            "{}",
            unexpected(&format!("Refused for HTTP {status}"), &result)
        );
        let requests = provider.request_count().await;
        ensure!(
            requests == 1,
            "HTTP {status} must not be retried, the mock got {requests} requests"
        );
    }
    Ok(())
}

/// A refusal in a successful answer is `Refused`.
pub async fn check_refusal(provider: &dyn MockProvider) -> Result<(), String> {
    provider.reset().await;
    provider.when_empty(MockReply::Refusal).await;
    let (result, _) = call(provider, text_request(REQUEST_DEADLINE)).await;
    ensure!(
        matches!(result, Err(LanguageModelError::Refused(_))),
        "{}",
        unexpected("Refused for the provider's refusal", &result)
    );
    Ok(())
}

/// A 200 whose body is no answer is `BadOutput`.
pub async fn check_garbage(provider: &dyn MockProvider) -> Result<(), String> {
    provider.reset().await;
    provider.when_empty(MockReply::Garbage).await;
    for request in [
        text_request(REQUEST_DEADLINE),
        json_request(REQUEST_DEADLINE),
    ] {
        let (result, _) = call(provider, request).await;
        ensure!(
            matches!(result, Err(LanguageModelError::BadOutput(_))),
            "{}",
            unexpected("BadOutput for an HTML page with status 200", &result)
        );
    }
    Ok(())
}

/// An answer slower than the deadline is `Timeout`, reported in time.
pub async fn check_timeout(provider: &dyn MockProvider) -> Result<(), String> {
    provider.reset().await;
    provider
        .when_empty(MockReply::text("Too late.").delayed(Duration::from_secs(5)))
        .await;
    let (result, took) = call(provider, text_request(SHORT_DEADLINE)).await;
    ensure!(
        result == Err(LanguageModelError::Timeout),
        "{}",
        unexpected("Timeout for answers slower than the deadline", &result)
    );
    ensure!(
        took < SHORT_DEADLINE + DEADLINE_SLACK,
        "Timeout came after {took:?}, for a deadline of {SHORT_DEADLINE:?}"
    );
    Ok(())
}

/// A real server answers a text request.
pub async fn check_live_text(model: &dyn LanguageModel) -> Result<(), String> {
    let response = model
        .complete(ChatRequest {
            deadline: None,
            max_tokens: 40,
            ..text_request(REQUEST_DEADLINE)
        })
        .await
        .map_err(|error| unexpected("a text answer", &error))?;
    ensure!(!response.text.trim().is_empty(), "the text answer is empty");
    ensure!(
        !response.model.trim().is_empty(),
        "the response names no model"
    );
    Ok(())
}

/// A real server's JSON answer is one document that fits the schema.
pub async fn check_live_json(model: &dyn LanguageModel) -> Result<(), String> {
    // No required field: what is checked is the adapter's JSON path against a real server,
    // not whether a small local model fills every field (SmolLM2-135M leaves `city` out).
    let schema = json!({
        "type": "object",
        "properties": {"city": {"type": "string"}, "country": {"type": "string"}}
    });
    let response = model
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
            max_tokens: 80,
            deadline: None,
        })
        .await
        .map_err(|error| unexpected("a JSON answer", &error))?;
    let value: Value = serde_json::from_str(&response.text).map_err(|_| {
        format!(
            "the text must be the JSON document alone, got {:?}",
            response.text
        )
    })?;
    schema::validate(&value, &schema)
        .map_err(|problem| format!("the answer does not fit the schema: {problem}"))?;
    Ok(())
}

/// A real server's usage is reported: prompt and completion tokens above zero.
pub async fn check_live_usage(model: &dyn LanguageModel) -> Result<(), String> {
    let response = model
        .complete(ChatRequest {
            deadline: None,
            max_tokens: 20,
            ..text_request(REQUEST_DEADLINE)
        })
        .await
        .map_err(|error| unexpected("a text answer", &error))?;
    ensure!(
        response.usage.prompt_tokens > 0 && response.usage.completion_tokens > 0,
        "expected prompt and completion tokens above zero, got {:?}",
        response.usage
    );
    Ok(())
}
