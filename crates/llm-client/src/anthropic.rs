//! [`Anthropic`]: the domain's `LanguageModel` port over Anthropic's Messages API
//! (`POST {base}/v1/messages`, `anthropic-version: 2023-06-01`), and over the servers and
//! proxies that serve the same API.
//!
//! It takes the same [`LlmClientConfig`] as [`OpenAiCompatible`](crate::OpenAiCompatible)
//! and bounds and retries calls the same way: each HTTP attempt by
//! [`LlmClientConfig::timeout`], the whole call by [`LlmClientConfig::deadline`] (or the
//! request's, when shorter); 429, 5xx (529 "overloaded" included), connection failures and
//! attempts that time out are retried with backoff, honouring `retry-after`, unless the
//! wait would pass the deadline. 400, 401, 403, 404 and 413 are refusals and are not
//! retried.
//!
//! The request: system messages are joined into the top-level `system` field; user and
//! assistant messages go to `messages`, consecutive ones of the same role merged (the API
//! wants turns to alternate); the temperature is clamped to Anthropic's 0–1.
//!
//! A [`ResponseFormat::Json`] request forces a tool call: the schema is the input schema
//! of one tool (`tools`, `tool_choice: {"type": "tool"}`), and the answer is that tool's
//! `input`, written as compact JSON after the schema check. A schema whose top level is no
//! object (the API wants an object) is wrapped as `{"value": schema}` and unwrapped again.
//! A server that answers with text instead has its JSON cut out of the text. An input that
//! fails the check gets one repair round: the tool call goes back with an error
//! `tool_result` saying what is wrong.
//!
//! Usage: `input_tokens` plus the cache's `cache_creation_input_tokens` and
//! `cache_read_input_tokens` are the prompt tokens, `output_tokens` the completion tokens,
//! summed over every attempt that answered. `stop_reason: "refusal"` is
//! [`LanguageModelError::Refused`]. The API key goes out only in `x-api-key`, marked
//! sensitive, and is never printed.

use std::sync::Arc;

use async_trait::async_trait;
use reqwest::header::{ACCEPT, HeaderValue};
use secrecy::ExposeSecret as _;
use serde_json::{Map, Value, json};
use tailor_domain::ports::{
    ChatMessage, ChatRequest, ChatResponse, ChatRole, LanguageModel, LanguageModelError,
    ModelPurpose, ResponseFormat, TokenUsage,
};
use url::Url;

use crate::transport::{self, AttemptError, Budget, add_usage, checked_json};
use crate::wire::{self, WireError};
use crate::{LlmClientConfig, MAX_REPAIR_ECHO_CHARS, messages_url, schema};

/// Anthropic's own API, for [`LlmClientConfig::base_url`].
pub const ANTHROPIC_BASE_URL: &str = "https://api.anthropic.com";

/// The `anthropic-version` header every request carries.
pub const ANTHROPIC_VERSION: &str = "2023-06-01";

/// What the forced tool is for, as the model reads it.
const TOOL_DESCRIPTION: &str =
    "Give your answer as this tool's input: one JSON value that matches the input schema.";

/// The id a repair round uses when the tool call came without one.
const FALLBACK_TOOL_USE_ID: &str = "toolu_tailor_answer";

/// A Messages API client. Clones share the HTTP connection pool.
#[derive(Clone)]
pub struct Anthropic {
    client: reqwest::Client,
    endpoint: Url,
    config: Arc<LlmClientConfig>,
    /// The `x-api-key` header value, marked sensitive.
    api_key: Option<HeaderValue>,
}

impl std::fmt::Debug for Anthropic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Anthropic")
            .field("endpoint", &self.endpoint.as_str())
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Anthropic {
    /// Builds the HTTP client.
    ///
    /// # Errors
    /// The base URL is not an `http`/`https` address, a model name is empty, a time limit
    /// is zero, the API key cannot be an HTTP header value, or the HTTP client cannot be
    /// built.
    pub fn new(config: LlmClientConfig) -> anyhow::Result<Self> {
        let endpoint = messages_url(&config.base_url)?;
        transport::check_config(&config)?;
        let api_key = match &config.api_key {
            Some(key) => {
                // The error says nothing of the key itself.
                let mut value =
                    HeaderValue::from_str(key.expose_secret().trim()).map_err(|_| {
                        anyhow::anyhow!(
                            "the language model API key has characters a header cannot carry"
                        )
                    })?;
                value.set_sensitive(true);
                Some(value)
            }
            None => None,
        };
        let client = transport::http_client(&config)?;
        Ok(Self {
            client,
            endpoint,
            config: Arc::new(config),
            api_key,
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
        let conversation = Conversation::of(&request.messages);
        let (text, answer_model, usage) = match &request.format {
            ResponseFormat::Text => {
                let body = conversation.body(model, request, None);
                let answer = self
                    .send(&body, budget)
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
                let tool = Tool::new(name, schema);
                self.json_answer(request, conversation, model, &tool, schema, budget)
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

    /// The forced tool call, the check and at most one repair round.
    async fn json_answer(
        &self,
        request: &ChatRequest,
        mut conversation: Conversation,
        model: &str,
        tool: &Tool,
        schema: &Value,
        budget: Budget,
    ) -> Result<(String, Option<String>, TokenUsage), LanguageModelError> {
        let body = conversation.body(model, request, Some(tool));
        let answer = self
            .send(&body, budget)
            .await
            .map_err(AttemptError::into_domain)?;
        let mut usage = answer.usage;
        let problem = match tool.answer(&answer, schema) {
            Ok(json) => return Ok((json, answer.model, usage)),
            Err(problem) => problem,
        };
        tracing::info!(
            via_tool = !answer.tool_uses.is_empty(),
            "the JSON answer does not fit its schema; asking for a repair"
        );
        conversation.add_repair(&answer, tool, schema, &problem);
        let body = conversation.body(model, request, Some(tool));
        let repaired = self
            .send(&body, budget)
            .await
            .map_err(AttemptError::into_domain)?;
        usage = add_usage(usage, repaired.usage);
        match tool.answer(&repaired, schema) {
            Ok(json) => Ok((json, repaired.model.or(answer.model), usage)),
            Err(problem) => Err(LanguageModelError::BadOutput(format!(
                "after one repair round: {problem}"
            ))),
        }
    }

    /// One request with its retries.
    async fn send(&self, body: &Value, budget: Budget) -> Result<Message, AttemptError> {
        transport::with_retries(&self.config, budget, || self.exchange(body)).await
    }

    async fn exchange(&self, body: &Value) -> Result<Message, AttemptError> {
        let mut request = self
            .client
            .post(self.endpoint.clone())
            .header(ACCEPT, "application/json")
            .header("anthropic-version", ANTHROPIC_VERSION)
            .json(body);
        if let Some(key) = &self.api_key {
            request = request.header("x-api-key", key.clone());
        }
        let mut response = request.send().await.map_err(transport::transport_error)?;
        if response.status().is_success() {
            let body = transport::success_body(&mut response).await?;
            return parse_message(&body).map_err(AttemptError::Wire);
        }
        let (status, retry_after, message) = transport::failure(response).await;
        Err(AttemptError::Status {
            status,
            retry_after,
            message,
        })
    }
}

#[async_trait]
impl LanguageModel for Anthropic {
    #[tracing::instrument(
        name = "language_model",
        skip_all,
        fields(purpose = ?request.purpose, model = self.model(request.purpose))
    )]
    async fn complete(&self, request: ChatRequest) -> Result<ChatResponse, LanguageModelError> {
        let budget = Budget::start(&self.config, &request);
        transport::within_deadline(budget, self.run(&request, budget)).await
    }

    fn model_name(&self, purpose: ModelPurpose) -> String {
        self.model(purpose).to_owned()
    }
}

/// The conversation as the Messages API wants it: the system prompt apart, then turns
/// that alternate between user and assistant.
#[derive(Debug, Clone, PartialEq)]
struct Conversation {
    system: String,
    turns: Vec<Turn>,
}

#[derive(Debug, Clone, PartialEq)]
struct Turn {
    role: ChatRole,
    /// Content blocks (`{"type": "text", ...}`, `tool_use`, `tool_result`).
    blocks: Vec<Value>,
}

impl Conversation {
    fn of(messages: &[ChatMessage]) -> Self {
        let mut system = Vec::new();
        let mut conversation = Self {
            system: String::new(),
            turns: Vec::new(),
        };
        for message in messages {
            // The API refuses empty text blocks.
            if message.content.trim().is_empty() {
                continue;
            }
            match message.role {
                ChatRole::System => system.push(message.content.as_str()),
                role => conversation.push(role, text_block(&message.content)),
            }
        }
        let system = system.join("\n\n");
        if conversation.turns.is_empty() && !system.is_empty() {
            // Instructions alone: they are the prompt.
            conversation.push(ChatRole::User, text_block(&system));
        } else {
            conversation.system = system;
        }
        conversation
    }

    /// Adds a block to the last turn when it has the same role, else as a new turn.
    fn push(&mut self, role: ChatRole, block: Value) {
        match self.turns.last_mut() {
            Some(last) if last.role == role => last.blocks.push(block),
            _ => self.turns.push(Turn {
                role,
                blocks: vec![block],
            }),
        }
    }

    /// The answer that failed the check and what is wrong with it, as the next turns.
    fn add_repair(&mut self, answer: &Message, tool: &Tool, schema: &Value, problem: &str) {
        if let Some(call) = tool.pick(answer)
            && call.input.is_object()
        {
            let id = if call.id.is_empty() {
                FALLBACK_TOOL_USE_ID
            } else {
                call.id.as_str()
            };
            self.push(
                ChatRole::Assistant,
                json!({"type": "tool_use", "id": id, "name": call.name, "input": call.input}),
            );
            self.push(
                ChatRole::User,
                json!({
                    "type": "tool_result",
                    "tool_use_id": id,
                    "is_error": true,
                    "content": format!(
                        "That input cannot be used: {problem}. Call `{}` again with corrected input.",
                        tool.name
                    ),
                }),
            );
            return;
        }
        let echo = match tool.pick(answer) {
            Some(call) => call.input.to_string(),
            None => answer.text.clone(),
        };
        if !echo.trim().is_empty() {
            self.push(
                ChatRole::Assistant,
                text_block(&wire::clip(&echo, MAX_REPAIR_ECHO_CHARS)),
            );
        }
        self.push(
            ChatRole::User,
            text_block(&format!(
                "That answer cannot be used: {problem}. Reply again with only the corrected \
                 JSON.\n\n{}",
                wire::schema_instruction(schema)
            )),
        );
    }

    /// A Messages request body.
    fn body(&self, model: &str, request: &ChatRequest, tool: Option<&Tool>) -> Value {
        let mut body = Map::new();
        body.insert("model".into(), json!(model));
        body.insert("max_tokens".into(), json!(request.max_tokens.max(1)));
        if !self.system.is_empty() {
            body.insert("system".into(), json!(self.system));
        }
        let messages: Vec<Value> = self
            .turns
            .iter()
            .map(|turn| {
                let content = match turn.blocks.as_slice() {
                    [only] if only["type"] == "text" => only["text"].clone(),
                    blocks => Value::Array(blocks.to_vec()),
                };
                json!({"role": turn.role.as_str(), "content": content})
            })
            .collect();
        body.insert("messages".into(), Value::Array(messages));
        // Anthropic's range is 0–1; the port's is 0–2.
        let temperature = if request.temperature.is_finite() {
            request.temperature.clamp(0.0, 1.0)
        } else {
            0.0
        };
        body.insert("temperature".into(), json!(temperature));
        if let Some(tool) = tool {
            body.insert("tools".into(), json!([tool.spec()]));
            body.insert(
                "tool_choice".into(),
                json!({"type": "tool", "name": tool.name}),
            );
        }
        Value::Object(body)
    }
}

fn text_block(text: &str) -> Value {
    json!({"type": "text", "text": text})
}

/// The tool a JSON answer is asked through.
#[derive(Debug, Clone, PartialEq)]
struct Tool {
    /// `[a-zA-Z0-9_-]`, at most 64 characters.
    name: String,
    input_schema: Value,
    /// Whether the schema is wrapped as `{"value": schema}` (its top level is no object).
    wrapped: bool,
}

impl Tool {
    fn new(name: &str, schema: &Value) -> Self {
        let wrapped = schema.get("type").and_then(Value::as_str) != Some("object");
        let input_schema = if wrapped {
            json!({
                "type": "object",
                "properties": {"value": schema},
                "required": ["value"],
                "additionalProperties": false,
            })
        } else {
            schema.clone()
        };
        Self {
            name: wire::schema_name(name),
            input_schema,
            wrapped,
        }
    }

    fn spec(&self) -> Value {
        json!({
            "name": self.name,
            "description": TOOL_DESCRIPTION,
            "input_schema": self.input_schema,
        })
    }

    /// The answer's call of this tool: the one with its name, else the first.
    fn pick<'a>(&self, answer: &'a Message) -> Option<&'a ToolUse> {
        answer
            .tool_uses
            .iter()
            .find(|call| call.name == self.name)
            .or_else(|| answer.tool_uses.first())
    }

    /// The answer's JSON, checked against `schema`, or what is wrong with it: the tool's
    /// input when the model called it, else the JSON found in its text.
    fn answer(&self, answer: &Message, schema: &Value) -> Result<String, String> {
        if let Some(call) = self.pick(answer) {
            let value = if self.wrapped {
                call.input
                    .get("value")
                    .ok_or_else(|| "the tool input has no `value` field".to_owned())?
            } else {
                &call.input
            };
            schema::validate(value, schema)?;
            return Ok(value.to_string());
        }
        if answer.text.trim().is_empty() {
            return Err("the answer has neither a tool call nor text".to_owned());
        }
        checked_json(&answer.text, schema)
    }
}

/// What a successful (2xx) Messages answer carried.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Message {
    /// The `text` blocks, concatenated.
    text: String,
    tool_uses: Vec<ToolUse>,
    model: Option<String>,
    usage: TokenUsage,
}

impl Message {
    #[cfg(test)]
    fn tool_use(&self) -> Option<&ToolUse> {
        self.tool_uses.first()
    }
}

#[derive(Debug, Clone, PartialEq)]
struct ToolUse {
    id: String,
    name: String,
    input: Value,
}

/// Reads a 2xx Messages body. Odd fields degrade to defaults; only a body that is no
/// message at all is [`WireError::Malformed`].
fn parse_message(body: &[u8]) -> Result<Message, WireError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| WireError::Malformed("the answer is not a JSON message".to_owned()))?;
    if value.get("type").and_then(Value::as_str) == Some("error") {
        return Err(WireError::Malformed(format!(
            "the answer is an error: {}",
            wire::error_message(body)
        )));
    }
    let blocks = value
        .get("content")
        .and_then(Value::as_array)
        .ok_or_else(|| WireError::Malformed("the answer has no content".to_owned()))?;
    let text: String = blocks
        .iter()
        .filter(|block| block.get("type").and_then(Value::as_str) == Some("text"))
        .filter_map(|block| block.get("text").and_then(Value::as_str))
        .collect();
    if value.get("stop_reason").and_then(Value::as_str) == Some("refusal") {
        let said = wire::clip(text.trim(), 300);
        return Err(WireError::Refusal(if said.is_empty() {
            "the model declined to answer".to_owned()
        } else {
            said
        }));
    }
    let tool_uses = blocks
        .iter()
        .filter(|block| block.get("type").and_then(Value::as_str) == Some("tool_use"))
        .filter_map(|block| {
            let input = block.get("input")?.clone();
            let field = |key: &str| {
                block
                    .get(key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            Some(ToolUse {
                id: field("id"),
                name: field("name"),
                input,
            })
        })
        .collect();
    let usage = value.get("usage");
    let tokens = |key: &str| wire::token_count(usage, key);
    Ok(Message {
        text,
        tool_uses,
        model: value
            .get("model")
            .and_then(Value::as_str)
            .filter(|model| !model.trim().is_empty())
            .map(str::to_owned),
        usage: TokenUsage {
            prompt_tokens: tokens("input_tokens")
                .saturating_add(tokens("cache_creation_input_tokens"))
                .saturating_add(tokens("cache_read_input_tokens")),
            completion_tokens: tokens("output_tokens"),
        },
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tailor_domain::ports::{
        ChatMessage, ChatRequest, ChatRole, ModelPurpose, ResponseFormat, TokenUsage,
    };

    use super::{Conversation, Tool, WireError, parse_message};

    fn request(messages: Vec<ChatMessage>) -> ChatRequest {
        ChatRequest {
            purpose: ModelPurpose::Fast,
            messages,
            format: ResponseFormat::Text,
            temperature: 1.7,
            max_tokens: 0,
            deadline: None,
        }
    }

    #[test]
    fn system_apart_and_turns_merged() {
        let messages = vec![
            ChatMessage::system("Be brief."),
            ChatMessage::user("one"),
            ChatMessage::user("two"),
            ChatMessage::system("Be kind."),
            ChatMessage {
                role: ChatRole::Assistant,
                content: "ok".to_owned(),
            },
            ChatMessage::user("  "),
        ];
        let request = request(messages.clone());
        let body = Conversation::of(&messages).body("m", &request, None);
        assert_eq!(body["system"], "Be brief.\n\nBe kind.");
        assert_eq!(
            body["messages"],
            json!([
                {"role": "user", "content": [
                    {"type": "text", "text": "one"},
                    {"type": "text", "text": "two"}
                ]},
                {"role": "assistant", "content": "ok"}
            ])
        );
        assert_eq!(body["temperature"], 1.0);
        assert_eq!(body["max_tokens"], 1);
        assert!(body.get("tools").is_none());
    }

    #[test]
    fn instructions_alone_become_the_prompt() {
        let messages = vec![ChatMessage::system("Say hi.")];
        let body = Conversation::of(&messages).body("m", &request(messages.clone()), None);
        assert!(body.get("system").is_none());
        assert_eq!(
            body["messages"],
            json!([{"role": "user", "content": "Say hi."}])
        );
    }

    #[test]
    fn a_schema_that_is_no_object_is_wrapped() {
        let object = Tool::new("my schema!", &json!({"type": "object"}));
        assert_eq!(object.name, "my_schema_");
        assert!(!object.wrapped);
        let list = Tool::new("", &json!({"type": "array", "items": {"type": "integer"}}));
        assert_eq!(list.name, "answer");
        assert!(list.wrapped);
        assert_eq!(list.input_schema["properties"]["value"]["type"], "array");
        assert_eq!(list.input_schema["type"], "object");
    }

    #[test]
    fn messages_parse_leniently() {
        let message = parse_message(
            br#"{"model": "claude-x", "content": [
                {"type": "text", "text": "a"}, {"type": "thinking", "thinking": "hm"},
                {"type": "text", "text": "b"},
                {"type": "tool_use", "id": "t1", "name": "n", "input": {"k": 1}}
            ], "usage": {"input_tokens": 5, "cache_read_input_tokens": 2.0, "output_tokens": 7}}"#,
        )
        .unwrap();
        assert_eq!(message.text, "ab");
        assert_eq!(message.model.as_deref(), Some("claude-x"));
        assert_eq!(message.tool_use().unwrap().input, json!({"k": 1}));
        assert_eq!(
            message.usage,
            TokenUsage {
                prompt_tokens: 7,
                completion_tokens: 7
            }
        );
        let bare = parse_message(br#"{"content": []}"#).unwrap();
        assert_eq!(
            (bare.text.as_str(), bare.model, bare.usage),
            ("", None, TokenUsage::default())
        );
        for malformed in [
            &b"<html>"[..],
            b"{}",
            b"[]",
            br#"{"content": "text"}"#,
            br#"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"#,
        ] {
            assert!(
                matches!(parse_message(malformed), Err(WireError::Malformed(_))),
                "{}",
                String::from_utf8_lossy(malformed)
            );
        }
        assert_eq!(
            parse_message(br#"{"content": [], "stop_reason": "refusal"}"#),
            Err(WireError::Refusal(
                "the model declined to answer".to_owned()
            ))
        );
    }
}
