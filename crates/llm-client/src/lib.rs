//! [`OpenAiCompatible`]: the domain's `LanguageModel` port over the OpenAI chat-completions
//! API, as OpenAI, Groq, OpenRouter, Ollama, the llama.cpp server, vLLM and LM Studio
//! serve it (`POST {base}/v1/chat/completions`).
//!
//! Every call is bounded: each HTTP attempt by [`LlmClientConfig::timeout`], the whole
//! call, retries and waits included, by [`LlmClientConfig::deadline`]. Rate limits (429),
//! server errors (5xx), connection failures and attempts that time out are retried up to
//! [`LlmClientConfig::max_retries`] times with exponential backoff and jitter (the
//! `backon` crate), waiting what a `Retry-After` header asks when there is one, unless
//! that wait would pass the deadline. Other refusals (4xx) are not retried.
//!
//! JSON answers ([`ResponseFormat::Json`]) go through a fallback chain, because servers
//! support structured output unevenly: first `response_format: json_schema`; if the server
//! rejects that, `response_format: json_object` with the schema in the prompt; if that is
//! rejected too, the schema in the prompt alone. A rejected form is remembered for the
//! client's life, so later calls start at the form that works. Whatever comes back is cut
//! out of code fences and prose, parsed and checked against the schema; an answer that
//! fails gets one repair round (the model sees its answer and the problem) before the call
//! gives up with [`LanguageModelError::BadOutput`].
//!
//! Provider answers are untrusted: bodies are read up to [`MAX_BODY_BYTES`], and no answer
//! can make the client panic. The API key goes out only as a bearer token, and neither it
//! nor any prompt or answer text is logged.
//!
//! With the `fake` feature, [`fake::FakeOpenAi`] is a fake chat-completions server for
//! other crates' tests.
#![forbid(unsafe_code)]

mod base_url;
#[cfg(feature = "fake")]
pub mod fake;
mod json;
mod schema;
mod wire;

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, ensure};
use async_trait::async_trait;
use backon::{ExponentialBuilder, Retryable as _};
use reqwest::header::{ACCEPT, HeaderMap, RETRY_AFTER};
use secrecy::{ExposeSecret as _, SecretString};
use serde_json::Value;
use tailor_domain::ports::{
    ChatMessage, ChatRequest, ChatResponse, ChatRole, LanguageModel, LanguageModelError,
    ModelPurpose, ResponseFormat, TokenUsage,
};
use tokio::time::Instant;
use url::Url;

pub use crate::base_url::chat_completions_url;
use crate::json::Want;
use crate::wire::{Answer, JsonAsk, JsonMode, WireError};

/// The largest answer body read; a larger one is [`LanguageModelError::BadOutput`].
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Of an error body, only this much is read (for its message).
const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// Of a bad answer, at most this much is sent back in the repair round.
const MAX_REPAIR_ECHO_CHARS: usize = 16 * 1024;

/// How to reach the model server.
#[derive(Clone)]
pub struct LlmClientConfig {
    /// The server's base URL, with or without the API version: `http://host:8080`,
    /// `http://host:8080/v1` and `https://api.groq.com/openai/v1` all work. If the path
    /// (trailing slashes dropped) does not end in `/v1`, `/v1` is appended; requests go to
    /// `{that}/chat/completions`. See [`chat_completions_url`].
    pub base_url: String,
    /// Sent as `Authorization: Bearer …` when set; local servers need none.
    pub api_key: Option<SecretString>,
    /// The model for [`ModelPurpose::Fast`].
    pub model_fast: String,
    /// The model for [`ModelPurpose::Quality`].
    pub model_quality: String,
    /// One HTTP attempt, from connecting to the last byte of the answer.
    pub timeout: Duration,
    /// Retries after the first attempt for transient failures (429, 5xx, connection
    /// failures, attempts that time out).
    pub max_retries: u32,
    /// The whole call, every attempt, wait and repair round included; past it the call
    /// fails with [`LanguageModelError::Timeout`].
    pub deadline: Duration,
    /// The first wait before a retry; it doubles each retry, plus up to as much again of
    /// random jitter.
    pub backoff_min: Duration,
    /// The longest wait between retries, before jitter.
    pub backoff_max: Duration,
}

impl LlmClientConfig {
    /// One model for both purposes, no API key, and defaults for a remote provider: 60 s
    /// per attempt, 2 retries, 3 minutes in all, backoff from 0.5 s to 8 s.
    #[must_use]
    pub fn new(base_url: impl Into<String>, model: impl Into<String>) -> Self {
        let model = model.into();
        Self {
            base_url: base_url.into(),
            api_key: None,
            model_fast: model.clone(),
            model_quality: model,
            timeout: Duration::from_secs(60),
            max_retries: 2,
            deadline: Duration::from_secs(180),
            backoff_min: Duration::from_millis(500),
            backoff_max: Duration::from_secs(8),
        }
    }

    #[must_use]
    pub fn with_api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(SecretString::from(api_key.into()));
        self
    }
}

impl std::fmt::Debug for LlmClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LlmClientConfig")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("model_fast", &self.model_fast)
            .field("model_quality", &self.model_quality)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("deadline", &self.deadline)
            .field("backoff_min", &self.backoff_min)
            .field("backoff_max", &self.backoff_max)
            .finish()
    }
}

/// A chat-completions client. Clones share the HTTP connection pool and what was learnt
/// about the server's JSON support.
#[derive(Debug, Clone)]
pub struct OpenAiCompatible {
    client: reqwest::Client,
    endpoint: Url,
    config: Arc<LlmClientConfig>,
    /// The first [`JsonMode`] worth trying (its level); it only ever goes up.
    json_level: Arc<AtomicU8>,
}

impl OpenAiCompatible {
    /// Builds the HTTP client.
    ///
    /// # Errors
    /// The base URL is not an `http`/`https` address, a model name is empty, a time limit
    /// is zero, or the HTTP client cannot be built.
    pub fn new(config: LlmClientConfig) -> anyhow::Result<Self> {
        let endpoint = chat_completions_url(&config.base_url)?;
        ensure!(
            !config.model_fast.trim().is_empty() && !config.model_quality.trim().is_empty(),
            "the language model names must not be empty"
        );
        ensure!(
            !config.timeout.is_zero() && !config.deadline.is_zero(),
            "the language model time limits must not be zero"
        );
        let client = reqwest::Client::builder()
            .connect_timeout(config.timeout)
            .user_agent(concat!("Tailor/", env!("CARGO_PKG_VERSION")))
            .build()
            .context("build the language model HTTP client")?;
        Ok(Self {
            client,
            endpoint,
            config: Arc::new(config),
            json_level: Arc::new(AtomicU8::new(JsonMode::Schema as u8)),
        })
    }

    /// Where requests go.
    #[must_use]
    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    /// The model configured for a purpose.
    fn model(&self, purpose: ModelPurpose) -> &str {
        match purpose {
            ModelPurpose::Fast => &self.config.model_fast,
            ModelPurpose::Quality => &self.config.model_quality,
        }
    }

    /// The call without its deadline.
    async fn run(
        &self,
        request: &ChatRequest,
        started: Instant,
    ) -> Result<ChatResponse, LanguageModelError> {
        let model = self.model(request.purpose);
        let (text, answer_model, usage) = match &request.format {
            ResponseFormat::Text => {
                let body = wire::request_body(
                    model,
                    &request.messages,
                    request.temperature,
                    request.max_tokens,
                    None,
                );
                let answer = self
                    .send(&body, false, started)
                    .await
                    .map_err(AttemptError::into_domain)?;
                if answer.text.trim().is_empty() {
                    return Err(LanguageModelError::BadOutput(
                        "the answer is empty".to_owned(),
                    ));
                }
                (answer.text, answer.model, answer.usage)
            }
            ResponseFormat::Json { name, schema } => {
                self.json_answer(request, model, name, schema, started)
                    .await?
            }
        };
        Ok(ChatResponse {
            text,
            model: answer_model.unwrap_or_else(|| model.to_owned()),
            usage,
            latency: started.elapsed(),
        })
    }

    /// The JSON fallback chain, then the check and at most one repair round.
    async fn json_answer(
        &self,
        request: &ChatRequest,
        model: &str,
        name: &str,
        schema: &Value,
        started: Instant,
    ) -> Result<(String, Option<String>, TokenUsage), LanguageModelError> {
        let mut mode = JsonMode::from_level(self.json_level.load(Ordering::Relaxed));
        let ask = |mode| JsonAsk { mode, name, schema };
        let answer = loop {
            let body = wire::request_body(
                model,
                &request.messages,
                request.temperature,
                request.max_tokens,
                Some(ask(mode)),
            );
            match self.send(&body, mode != JsonMode::Prompt, started).await {
                Ok(answer) => break answer,
                Err(AttemptError::FormatRejected { status, message }) => {
                    let Some(next) = mode.next() else {
                        return Err(LanguageModelError::Refused(format!(
                            "HTTP {status}: {message}"
                        )));
                    };
                    tracing::info!(
                        rejected = mode.name(),
                        status,
                        next = next.name(),
                        "the model server rejects this form of JSON output; falling back"
                    );
                    self.json_level.fetch_max(next as u8, Ordering::Relaxed);
                    mode = next;
                }
                Err(other) => return Err(other.into_domain()),
            }
        };

        let mut usage = answer.usage;
        let problem = match checked_json(&answer.text, schema) {
            Ok(json) => return Ok((json, answer.model, usage)),
            Err(problem) => problem,
        };
        tracing::info!(
            form = mode.name(),
            "the JSON answer does not fit its schema; asking for a repair"
        );
        let mut messages = request.messages.clone();
        messages.push(ChatMessage {
            role: ChatRole::Assistant,
            content: wire::clip(&answer.text, MAX_REPAIR_ECHO_CHARS),
        });
        // In the json_object and prompt forms the request body appends the schema to this
        // message; a json_schema server has it already, but may have ignored it.
        let mut repair = format!(
            "That answer cannot be used: {problem}. Reply again with only the corrected JSON."
        );
        if mode == JsonMode::Schema {
            repair = format!("{repair}\n\n{}", wire::schema_instruction(schema));
        }
        messages.push(ChatMessage::user(repair));
        let body = wire::request_body(
            model,
            &messages,
            request.temperature,
            request.max_tokens,
            Some(ask(mode)),
        );
        let repaired = self
            .send(&body, false, started)
            .await
            .map_err(AttemptError::into_domain)?;
        usage = add_usage(usage, repaired.usage);
        match checked_json(&repaired.text, schema) {
            Ok(json) => Ok((json, repaired.model.or(answer.model), usage)),
            Err(problem) => Err(LanguageModelError::BadOutput(format!(
                "after one repair round: {problem}"
            ))),
        }
    }

    /// One request with its retries.
    async fn send(
        &self,
        body: &Value,
        structured: bool,
        started: Instant,
    ) -> Result<Answer, AttemptError> {
        let config = &self.config;
        let backoff = ExponentialBuilder::default()
            .with_min_delay(config.backoff_min)
            .with_max_delay(config.backoff_max.max(config.backoff_min))
            .with_max_times(config.max_retries as usize)
            .with_jitter();
        let deadline = config.deadline;
        (|| self.attempt(body, structured))
            .retry(backoff)
            .when(AttemptError::is_transient)
            .adjust(move |error, delay| {
                let delay = delay?;
                let remaining = deadline.saturating_sub(started.elapsed());
                let wait = error.retry_after().unwrap_or(delay);
                // A wait that ends past the deadline is no use: report the failure now.
                (wait < remaining).then_some(wait)
            })
            .notify(|error, wait| {
                tracing::warn!(error = %error.kind(), ?wait, "language model attempt failed; retrying");
            })
            .await
    }

    /// One HTTP exchange, bounded by the per-attempt timeout.
    async fn attempt(&self, body: &Value, structured: bool) -> Result<Answer, AttemptError> {
        tokio::time::timeout(self.config.timeout, self.exchange(body, structured))
            .await
            .unwrap_or(Err(AttemptError::TimedOut))
    }

    async fn exchange(&self, body: &Value, structured: bool) -> Result<Answer, AttemptError> {
        let mut request = self
            .client
            .post(self.endpoint.clone())
            .header(ACCEPT, "application/json")
            .json(body);
        if let Some(key) = &self.config.api_key {
            request = request.bearer_auth(key.expose_secret());
        }
        let mut response = request.send().await.map_err(transport_error)?;
        let status = response.status().as_u16();
        if response.status().is_success() {
            let body = read_capped(&mut response, MAX_BODY_BYTES)
                .await?
                .ok_or(AttemptError::TooLarge)?;
            return wire::parse_answer(&body).map_err(AttemptError::Wire);
        }
        let retry_after = retry_after(response.headers(), SystemTime::now());
        let error_body = read_capped(&mut response, MAX_ERROR_BODY_BYTES)
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        let message = wire::error_message(&error_body);
        if structured && rejects_response_format(status, &message) {
            return Err(AttemptError::FormatRejected { status, message });
        }
        Err(AttemptError::Status {
            status,
            retry_after,
            message,
        })
    }
}

#[async_trait]
impl LanguageModel for OpenAiCompatible {
    #[tracing::instrument(
        name = "language_model",
        skip_all,
        fields(purpose = ?request.purpose, model = self.model(request.purpose))
    )]
    async fn complete(&self, request: ChatRequest) -> Result<ChatResponse, LanguageModelError> {
        let started = Instant::now();
        // The request's own deadline, when shorter, bounds the call too.
        let deadline = request
            .deadline
            .map_or(self.config.deadline, |d| d.min(self.config.deadline));
        let result = tokio::time::timeout(deadline, self.run(&request, started))
            .await
            .unwrap_or(Err(LanguageModelError::Timeout));
        match &result {
            Ok(response) => tracing::debug!(
                prompt_tokens = response.usage.prompt_tokens,
                completion_tokens = response.usage.completion_tokens,
                latency_ms = response.latency.as_millis() as u64,
                "language model answered"
            ),
            Err(error) => {
                // Only the kind: the messages may quote the answer.
                tracing::warn!(
                    error = error.kind(),
                    latency_ms = started.elapsed().as_millis() as u64,
                    "language model call failed"
                );
            }
        }
        result
    }

    fn model_name(&self, purpose: ModelPurpose) -> String {
        self.model(purpose).to_owned()
    }
}

/// Why one HTTP attempt gave no answer.
#[derive(Debug)]
enum AttemptError {
    /// No connection, or it broke.
    Transport(String),
    /// The attempt took longer than the per-attempt timeout.
    TimedOut,
    /// A non-2xx status.
    Status {
        status: u16,
        retry_after: Option<Duration>,
        message: String,
    },
    /// A non-2xx status to a request with `response_format`, read as "not supported".
    FormatRejected { status: u16, message: String },
    /// A 2xx body over [`MAX_BODY_BYTES`].
    TooLarge,
    /// A 2xx body that is no usable chat completion.
    Wire(WireError),
}

impl AttemptError {
    fn is_transient(&self) -> bool {
        match self {
            Self::Transport(_) | Self::TimedOut => true,
            Self::Status { status, .. } => matches!(status, 408 | 429) || *status >= 500,
            Self::FormatRejected { .. } | Self::TooLarge | Self::Wire(_) => false,
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A short description for logs: no body text beyond the provider's error message.
    fn kind(&self) -> String {
        match self {
            Self::Transport(message) => message.clone(),
            Self::TimedOut => "the attempt timed out".to_owned(),
            Self::Status { status, .. } | Self::FormatRejected { status, .. } => {
                format!("HTTP {status}")
            }
            Self::TooLarge => "the answer is too large".to_owned(),
            Self::Wire(_) => "the answer is malformed".to_owned(),
        }
    }

    fn into_domain(self) -> LanguageModelError {
        match self {
            Self::Transport(message) => LanguageModelError::Unavailable(message),
            Self::TimedOut => LanguageModelError::Timeout,
            Self::Status {
                status: 429,
                retry_after,
                ..
            } => LanguageModelError::RateLimited { retry_after },
            Self::Status {
                status, message, ..
            } if status == 408 || status >= 500 => {
                LanguageModelError::Unavailable(format!("HTTP {status}: {message}"))
            }
            Self::Status {
                status, message, ..
            }
            | Self::FormatRejected { status, message } => {
                LanguageModelError::Refused(format!("HTTP {status}: {message}"))
            }
            Self::TooLarge => LanguageModelError::BadOutput(format!(
                "the answer is larger than {MAX_BODY_BYTES} bytes"
            )),
            Self::Wire(WireError::Malformed(message)) => LanguageModelError::BadOutput(message),
            Self::Wire(WireError::Refusal(message)) => LanguageModelError::Refused(message),
        }
    }
}

/// Whether a failed request with `response_format` means the server does not support
/// that form: 400, 422, 500 and 501 always (llama.cpp's server answers 500 to
/// `json_schema`), other statuses when the message names the feature; never 401, 403 or
/// 429, which say nothing about the form.
fn rejects_response_format(status: u16, message: &str) -> bool {
    if matches!(status, 401 | 403 | 429) || status < 400 {
        return false;
    }
    let message = message.to_ascii_lowercase();
    matches!(status, 400 | 422 | 500 | 501)
        || [
            "response_format",
            "response format",
            "json_schema",
            "json_object",
        ]
        .iter()
        .any(|word| message.contains(word))
}

/// The JSON document in `text`, checked against `schema`, or what is wrong with it.
fn checked_json(text: &str, schema: &Value) -> Result<String, String> {
    let (slice, value) = json::extract(text, Want::of_schema(schema))
        .ok_or_else(|| "no complete JSON value was found in the answer".to_owned())?;
    schema::validate(&value, schema)?;
    Ok(slice.to_owned())
}

fn add_usage(a: TokenUsage, b: TokenUsage) -> TokenUsage {
    TokenUsage {
        prompt_tokens: a.prompt_tokens.saturating_add(b.prompt_tokens),
        completion_tokens: a.completion_tokens.saturating_add(b.completion_tokens),
    }
}

fn transport_error(error: reqwest::Error) -> AttemptError {
    if error.is_timeout() {
        return AttemptError::TimedOut;
    }
    let what = if error.is_connect() {
        "cannot connect to the language model server"
    } else {
        "the connection to the language model server failed"
    };
    let cause = std::iter::successors(std::error::Error::source(&error), |e| e.source())
        .last()
        .map(ToString::to_string)
        .unwrap_or_default();
    if cause.is_empty() {
        AttemptError::Transport(what.to_owned())
    } else {
        AttemptError::Transport(format!("{what}: {cause}"))
    }
}

/// The body, or `None` when it is larger than `max` bytes.
async fn read_capped(
    response: &mut reqwest::Response,
    max: usize,
) -> Result<Option<Vec<u8>>, AttemptError> {
    if response
        .content_length()
        .is_some_and(|length| length > max as u64)
    {
        return Ok(None);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
        if body.len() + chunk.len() > max {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

/// The wait a 429 or 503 asks for: `retry-after-ms` (OpenAI's), else `Retry-After` in
/// seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
    };
    if let Some(millis) = text("retry-after-ms").and_then(|v| v.parse::<f64>().ok())
        && millis.is_finite()
        && millis >= 0.0
    {
        return Duration::try_from_secs_f64(millis / 1000.0).ok();
    }
    let value = text(RETRY_AFTER.as_str())?;
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0)
            .then(|| Duration::try_from_secs_f64(seconds).ok())
            .flatten();
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use reqwest::header::{HeaderMap, HeaderValue};

    use super::{LlmClientConfig, rejects_response_format, retry_after};

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let headers = |pairs: &[(&'static str, &str)]| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                map.insert(*name, HeaderValue::from_str(value).unwrap());
            }
            map
        };
        assert_eq!(
            retry_after(&headers(&[("retry-after", "3")]), now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            retry_after(
                &headers(&[("retry-after", "1"), ("retry-after-ms", "250")]),
                now
            ),
            Some(Duration::from_millis(250))
        );
        let in_ten = httpdate::fmt_http_date(now + Duration::from_secs(10));
        assert_eq!(
            retry_after(&headers(&[("retry-after", &in_ten)]), now),
            Some(Duration::from_secs(10))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(10));
        assert_eq!(
            retry_after(&headers(&[("retry-after", &past)]), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers(&[("retry-after", "soon")]), now), None);
        assert_eq!(retry_after(&headers(&[("retry-after", "-1")]), now), None);
        assert_eq!(retry_after(&headers(&[]), now), None);
    }

    #[test]
    fn which_failures_reject_the_form() {
        assert!(rejects_response_format(500, "Internal Server Error"));
        assert!(rejects_response_format(400, "bad request"));
        assert!(rejects_response_format(422, ""));
        assert!(rejects_response_format(
            404,
            "unknown field response_format"
        ));
        assert!(!rejects_response_format(404, "model not found"));
        assert!(!rejects_response_format(503, "overloaded"));
        assert!(!rejects_response_format(
            401,
            "response_format needs a paid plan"
        ));
        assert!(!rejects_response_format(429, ""));
    }

    #[test]
    fn debug_hides_the_api_key() {
        let config =
            LlmClientConfig::new("http://localhost:8080", "m").with_api_key("sk-secret-123");
        let shown = format!("{config:?}");
        assert!(!shown.contains("sk-secret-123"), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
    }
}
