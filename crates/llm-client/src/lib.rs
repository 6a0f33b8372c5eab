//! [`OpenAiCompatible`]: the domain's `LanguageModel` port over the OpenAI chat-completions
//! API, as OpenAI, Groq, OpenRouter, Ollama, the llama.cpp server, vLLM and LM Studio
//! serve it (`POST {base}/v1/chat/completions`).
//!
//! Every call is bounded: each HTTP attempt by [`LlmClientConfig::timeout`], the whole
//! call, retries and waits included, by [`LlmClientConfig::deadline`] (or by the request's
//! own [`ChatRequest::deadline`], when that is shorter). Rate limits (429),
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
//! [`Anthropic`] serves the same port over Anthropic's Messages API (`POST
//! {base}/v1/messages`), with the same [`LlmClientConfig`], the same retries and deadline,
//! and JSON answers through a forced tool call; see [`anthropic`].
//!
//! With the `fake` feature, `fake::FakeOpenAi` and `fake_anthropic::FakeAnthropic` are
//! fake servers for other crates' tests. With the `conformance` feature, the `conformance`
//! module is a test suite any `LanguageModel` adapter can run against its own mock server.
#![forbid(unsafe_code)]

pub mod anthropic;
mod base_url;
#[cfg(feature = "conformance")]
pub mod conformance;
#[cfg(feature = "fake")]
pub mod fake;
#[cfg(feature = "fake")]
pub mod fake_anthropic;
mod json;
mod schema;
mod transport;
mod wire;

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use reqwest::header::ACCEPT;
use secrecy::{ExposeSecret as _, SecretString};
use serde_json::Value;
use tailor_domain::ports::{
    ChatMessage, ChatRequest, ChatResponse, ChatRole, LanguageModel, LanguageModelError,
    ModelPurpose, ResponseFormat, TokenUsage,
};
use url::Url;

pub use crate::anthropic::{ANTHROPIC_BASE_URL, ANTHROPIC_VERSION, Anthropic};
pub use crate::base_url::{chat_completions_url, messages_url};
use crate::transport::{AttemptError, Budget, add_usage, checked_json};
use crate::wire::{Answer, JsonAsk, JsonMode};

/// The largest answer body read; a larger one is [`LanguageModelError::BadOutput`].
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Of a bad answer, at most this much is sent back in the repair round.
pub(crate) const MAX_REPAIR_ECHO_CHARS: usize = 16 * 1024;

/// How to reach the model server; both [`OpenAiCompatible`] and [`Anthropic`] take it.
#[derive(Clone)]
pub struct LlmClientConfig {
    /// The server's base URL, with or without the API version: `http://host:8080`,
    /// `http://host:8080/v1`, `https://api.groq.com/openai/v1` and
    /// `https://api.anthropic.com` all work. If the path (trailing slashes dropped) does not
    /// end in `/v1`, `/v1` is appended; requests go to `{that}/chat/completions`
    /// ([`OpenAiCompatible`], see [`chat_completions_url`]) or `{that}/messages`
    /// ([`Anthropic`], see [`messages_url`]).
    pub base_url: String,
    /// Sent as `Authorization: Bearer …` ([`OpenAiCompatible`]) or `x-api-key`
    /// ([`Anthropic`]) when set; local servers need none.
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
    /// The model configured for a purpose.
    #[must_use]
    pub fn model_for(&self, purpose: ModelPurpose) -> &str {
        match purpose {
            ModelPurpose::Fast => &self.model_fast,
            ModelPurpose::Quality => &self.model_quality,
        }
    }

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
        transport::check_config(&config)?;
        let client = transport::http_client(&config)?;
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
        self.config.model_for(purpose)
    }

    /// The call without its deadline.
    async fn run(
        &self,
        request: &ChatRequest,
        budget: Budget,
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
                    .send(&body, false, budget)
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
                self.json_answer(request, model, name, schema, budget)
                    .await?
            }
        };
        Ok(ChatResponse {
            text,
            model: answer_model.unwrap_or_else(|| model.to_owned()),
            usage,
            latency: budget.started.elapsed(),
        })
    }

    /// The JSON fallback chain, then the check and at most one repair round.
    async fn json_answer(
        &self,
        request: &ChatRequest,
        model: &str,
        name: &str,
        schema: &Value,
        budget: Budget,
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
            match self.send(&body, mode != JsonMode::Prompt, budget).await {
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
            .send(&body, false, budget)
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
        budget: Budget,
    ) -> Result<Answer, AttemptError> {
        transport::with_retries(&self.config, budget, || self.exchange(body, structured)).await
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
        let mut response = request.send().await.map_err(transport::transport_error)?;
        if response.status().is_success() {
            let body = transport::success_body(&mut response).await?;
            return wire::parse_answer(&body).map_err(AttemptError::Wire);
        }
        let (status, retry_after, message) = transport::failure(response).await;
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
        // The request's own deadline, when shorter, bounds the call too.
        let budget = Budget::start(&self.config, &request);
        transport::within_deadline(budget, self.run(&request, budget)).await
    }

    fn model_name(&self, purpose: ModelPurpose) -> String {
        self.model(purpose).to_owned()
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

#[cfg(test)]
mod tests {
    use super::{LlmClientConfig, rejects_response_format};

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
