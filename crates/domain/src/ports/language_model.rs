//! Asking a language model: chat messages in, text with its usage out.

use std::time::Duration;

use async_trait::async_trait;
use serde_json::Value;

/// Which of the configured models a request wants: a cheap one for short structured
/// answers, a better one for prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModelPurpose {
    Fast,
    Quality,
}

/// Who speaks a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChatRole {
    System,
    User,
    Assistant,
}

impl ChatRole {
    /// The role's name on the chat-completions wire.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::User => "user",
            Self::Assistant => "assistant",
        }
    }
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatMessage {
    pub role: ChatRole,
    pub content: String,
}

impl ChatMessage {
    #[must_use]
    pub fn system(content: impl Into<String>) -> Self {
        Self {
            role: ChatRole::System,
            content: content.into(),
        }
    }

    #[must_use]
    pub fn user(content: impl Into<String>) -> Self {
        Self {
            role: ChatRole::User,
            content: content.into(),
        }
    }
}

/// The shape of answer a request wants.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseFormat {
    /// Free text.
    Text,
    /// One JSON value that validates against `schema` (a JSON Schema object); `name`
    /// identifies the schema to providers that want one (`[a-zA-Z0-9_-]`, at most 64).
    Json { name: String, schema: Value },
}

/// One request to a model.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRequest {
    pub purpose: ModelPurpose,
    pub messages: Vec<ChatMessage>,
    pub format: ResponseFormat,
    /// Sampling temperature, 0.0–2.0.
    pub temperature: f32,
    /// The most tokens the answer may have.
    pub max_tokens: u32,
    /// The most time this call may take, retries included; the adapter's own deadline
    /// applies too, and the shorter wins.
    pub deadline: Option<Duration>,
}

/// Tokens a call spent, as the provider reported them (zero when it did not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenUsage {
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
}

impl TokenUsage {
    #[must_use]
    pub fn total(self) -> u32 {
        self.prompt_tokens.saturating_add(self.completion_tokens)
    }
}

/// A model's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatResponse {
    /// The answer's text. For a [`ResponseFormat::Json`] request, the JSON document alone
    /// (code fences and surrounding prose removed), already checked against the schema.
    pub text: String,
    /// The model that answered, as the provider names it.
    pub model: String,
    /// Tokens of every attempt the answer took (retries and repairs included).
    pub usage: TokenUsage,
    /// Wall time of the whole call, retries included.
    pub latency: Duration,
}

/// Why a model gave no usable answer. Adapters never panic on a provider's behaviour.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LanguageModelError {
    /// The provider could not be reached, or answered with a server error, after the
    /// adapter's retries.
    #[error("the language model is unavailable: {0}")]
    Unavailable(String),
    /// The provider refused for load; `retry_after` is its hint, when it gave one.
    #[error("the language model is rate-limited")]
    RateLimited { retry_after: Option<Duration> },
    /// The provider would not answer this request (authentication, content policy, a
    /// request it calls invalid).
    #[error("the language model refused the request: {0}")]
    Refused(String),
    /// It answered, but not in the requested shape, even after a repair attempt.
    #[error("the language model's answer was unusable: {0}")]
    BadOutput(String),
    /// No answer within the adapter's time-out.
    #[error("the language model did not answer in time")]
    Timeout,
    /// Not asked: the daily token budget (the user's or everyone's) is spent.
    #[error("the daily token budget is spent")]
    OverBudget,
}

impl LanguageModelError {
    /// The kind of failure, without the provider's words (which may quote a prompt, an
    /// answer or an address): what a user-facing result may say.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Unavailable(_) => "unavailable",
            Self::RateLimited { .. } => "rate-limited",
            Self::Refused(_) => "refused",
            Self::BadOutput(_) => "unusable answer",
            Self::Timeout => "timed out",
            Self::OverBudget => "over the daily token budget",
        }
    }
}

/// A chat-completions model. Adapters bound every call in time and retry transient
/// failures themselves; callers see one answer or one [`LanguageModelError`].
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait LanguageModel: Send + Sync {
    /// # Errors
    /// See [`LanguageModelError`].
    async fn complete(&self, request: ChatRequest) -> Result<ChatResponse, LanguageModelError>;

    /// The model a purpose is served by, for result metadata (`offline` for none).
    fn model_name(&self, purpose: ModelPurpose) -> String;
}
