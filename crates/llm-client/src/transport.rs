//! What every adapter of this crate shares: the HTTP client, one attempt's failure modes,
//! bounded retries with backoff, the per-call deadline, capped body reads, `Retry-After`
//! hints, and the JSON check.
//!
//! An adapter supplies one HTTP exchange (`Fn() -> Future<Result<T, AttemptError>>`) and its
//! own wire format; [`with_retries`] bounds each attempt by [`LlmClientConfig::timeout`]
//! and retries the transient failures, and [`within_deadline`] bounds the whole call.

use std::future::Future;
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, ensure};
use backon::{ExponentialBuilder, Retryable as _};
use reqwest::header::{HeaderMap, RETRY_AFTER};
use serde_json::Value;
use tailor_domain::ports::{ChatRequest, ChatResponse, LanguageModelError, TokenUsage};
use tokio::time::Instant;

use crate::json::{self, Want};
use crate::wire::{self, WireError};
use crate::{LlmClientConfig, MAX_BODY_BYTES, schema};

/// Of an error body, only this much is read (for its message).
const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// When a call started and how long it may take in all: the shorter of the request's
/// deadline and the configuration's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    pub(crate) started: Instant,
    pub(crate) deadline: Duration,
}

impl Budget {
    pub(crate) fn start(config: &LlmClientConfig, request: &ChatRequest) -> Self {
        Self {
            started: Instant::now(),
            deadline: request
                .deadline
                .map_or(config.deadline, |d| d.min(config.deadline)),
        }
    }

    fn remaining(self) -> Duration {
        self.deadline.saturating_sub(self.started.elapsed())
    }
}

/// Checks what every adapter needs of its configuration.
pub(crate) fn check_config(config: &LlmClientConfig) -> anyhow::Result<()> {
    ensure!(
        !config.model_fast.trim().is_empty() && !config.model_quality.trim().is_empty(),
        "the language model names must not be empty"
    );
    ensure!(
        !config.timeout.is_zero() && !config.deadline.is_zero(),
        "the language model time limits must not be zero"
    );
    Ok(())
}

/// The HTTP client: connecting is bounded by the per-attempt timeout.
pub(crate) fn http_client(config: &LlmClientConfig) -> anyhow::Result<reqwest::Client> {
    reqwest::Client::builder()
        .connect_timeout(config.timeout)
        .user_agent(concat!("Tailor/", env!("CARGO_PKG_VERSION")))
        .build()
        .context("build the language model HTTP client")
}

/// Runs `call` within the budget's deadline (past it: [`LanguageModelError::Timeout`]),
/// and logs the outcome without any prompt or answer text.
pub(crate) async fn within_deadline(
    budget: Budget,
    call: impl Future<Output = Result<ChatResponse, LanguageModelError>>,
) -> Result<ChatResponse, LanguageModelError> {
    let result = tokio::time::timeout(budget.deadline, call)
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
                latency_ms = budget.started.elapsed().as_millis() as u64,
                "language model call failed"
            );
        }
    }
    result
}

/// One request with its retries: each attempt is bounded by [`LlmClientConfig::timeout`];
/// transient failures are retried up to [`LlmClientConfig::max_retries`] times with
/// exponential backoff and jitter, waiting what a `Retry-After` hint asks instead, unless
/// the wait would end past the budget's deadline (then the failure is reported at once).
pub(crate) async fn with_retries<T, Fut>(
    config: &LlmClientConfig,
    budget: Budget,
    mut exchange: impl FnMut() -> Fut,
) -> Result<T, AttemptError>
where
    Fut: Future<Output = Result<T, AttemptError>>,
{
    let backoff = ExponentialBuilder::default()
        .with_min_delay(config.backoff_min)
        .with_max_delay(config.backoff_max.max(config.backoff_min))
        .with_max_times(config.max_retries as usize)
        .with_jitter();
    let timeout = config.timeout;
    let attempt = || {
        let exchange = exchange();
        async move {
            tokio::time::timeout(timeout, exchange)
                .await
                .unwrap_or(Err(AttemptError::TimedOut))
        }
    };
    attempt
        .retry(backoff)
        .when(AttemptError::is_transient)
        .adjust(move |error, delay| {
            let delay = delay?;
            let wait = error.retry_after().unwrap_or(delay);
            // A wait that ends past the deadline is no use: report the failure now.
            (wait < budget.remaining()).then_some(wait)
        })
        .notify(|error, wait| {
            tracing::warn!(error = %error.kind(), ?wait, "language model attempt failed; retrying");
        })
        .await
}

/// Why one HTTP attempt gave no answer.
#[derive(Debug)]
pub(crate) enum AttemptError {
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
    /// A 2xx body that is no usable answer.
    Wire(WireError),
}

impl AttemptError {
    /// 408, 429, 5xx (Anthropic's 529 included), connection failures and attempts that
    /// timed out.
    pub(crate) fn is_transient(&self) -> bool {
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

    pub(crate) fn into_domain(self) -> LanguageModelError {
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

/// A failed request's status, `Retry-After` hint and the provider's message (from an
/// error body read up to 64 KiB).
pub(crate) async fn failure(mut response: reqwest::Response) -> (u16, Option<Duration>, String) {
    let status = response.status().as_u16();
    let retry_after = retry_after(response.headers(), SystemTime::now());
    let error_body = read_capped(&mut response, MAX_ERROR_BODY_BYTES)
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    (status, retry_after, wire::error_message(&error_body))
}

/// A successful answer's body, up to [`MAX_BODY_BYTES`].
pub(crate) async fn success_body(
    response: &mut reqwest::Response,
) -> Result<Vec<u8>, AttemptError> {
    read_capped(response, MAX_BODY_BYTES)
        .await?
        .ok_or(AttemptError::TooLarge)
}

/// The JSON document in `text`, checked against `schema`, or what is wrong with it.
pub(crate) fn checked_json(text: &str, schema: &Value) -> Result<String, String> {
    let (slice, value) = json::extract(text, Want::of_schema(schema))
        .ok_or_else(|| "no complete JSON value was found in the answer".to_owned())?;
    schema::validate(&value, schema)?;
    Ok(slice.to_owned())
}

pub(crate) fn add_usage(a: TokenUsage, b: TokenUsage) -> TokenUsage {
    TokenUsage {
        prompt_tokens: a.prompt_tokens.saturating_add(b.prompt_tokens),
        completion_tokens: a.completion_tokens.saturating_add(b.completion_tokens),
    }
}

pub(crate) fn transport_error(error: reqwest::Error) -> AttemptError {
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

    use super::retry_after;

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
}
