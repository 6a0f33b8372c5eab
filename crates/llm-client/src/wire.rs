//! The chat-completions wire format: request bodies out, answers and error bodies in.
//!
//! Answers are read as loose JSON and picked apart by hand, so a provider's odd field (a
//! missing `usage`, a float token count, `content` as a list of parts) degrades to a
//! default or a [`WireError`] instead of failing the whole parse.

use serde_json::{Map, Value, json};
use tailor_domain::ports::{ChatMessage, TokenUsage};

/// How a JSON answer is asked for, from the most to the least the server must support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum JsonMode {
    /// `response_format: {"type": "json_schema", ...}`: the server enforces the schema.
    Schema = 0,
    /// `response_format: {"type": "json_object"}`: the server enforces JSON; the schema
    /// goes in the prompt.
    Object = 1,
    /// No `response_format`: the schema and the request for JSON go in the prompt.
    Prompt = 2,
}

impl JsonMode {
    pub(crate) fn from_level(level: u8) -> Self {
        match level {
            0 => Self::Schema,
            1 => Self::Object,
            _ => Self::Prompt,
        }
    }

    pub(crate) fn next(self) -> Option<Self> {
        match self {
            Self::Schema => Some(Self::Object),
            Self::Object => Some(Self::Prompt),
            Self::Prompt => None,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Schema => "json_schema",
            Self::Object => "json_object",
            Self::Prompt => "prompt",
        }
    }
}

/// The JSON a request wants, with the form it is asked in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct JsonAsk<'a> {
    pub(crate) mode: JsonMode,
    pub(crate) name: &'a str,
    pub(crate) schema: &'a Value,
}

/// The text appended to the last user message when the server does not carry the schema.
pub(crate) fn schema_instruction(schema: &Value) -> String {
    format!(
        "Answer with one JSON object that matches this JSON Schema, and nothing else \
         (no prose, no code fences):\n{schema}"
    )
}

/// A chat-completions request body.
pub(crate) fn request_body(
    model: &str,
    messages: &[ChatMessage],
    temperature: f32,
    max_tokens: u32,
    json: Option<JsonAsk<'_>>,
) -> Value {
    let mut messages: Vec<Value> = messages
        .iter()
        .map(|message| json!({"role": message.role.as_str(), "content": message.content}))
        .collect();
    let mut body = Map::new();
    body.insert("model".into(), json!(model));
    if let Some(ask) = json {
        match ask.mode {
            JsonMode::Schema => {
                body.insert(
                    "response_format".into(),
                    json!({
                        "type": "json_schema",
                        "json_schema": {
                            "name": schema_name(ask.name),
                            "schema": ask.schema,
                            "strict": true,
                        }
                    }),
                );
            }
            JsonMode::Object => {
                body.insert("response_format".into(), json!({"type": "json_object"}));
                append_to_last_user(&mut messages, &schema_instruction(ask.schema));
            }
            JsonMode::Prompt => append_to_last_user(&mut messages, &schema_instruction(ask.schema)),
        }
    }
    body.insert("messages".into(), Value::Array(messages));
    // A few servers reject temperatures outside 0–2 instead of clamping them.
    let temperature = if temperature.is_finite() {
        temperature.clamp(0.0, 2.0)
    } else {
        0.0
    };
    body.insert("temperature".into(), json!(temperature));
    body.insert("max_tokens".into(), json!(max_tokens.max(1)));
    body.insert("stream".into(), json!(false));
    Value::Object(body)
}

/// Adds `text` to the last user message, or as a new user message when there is none.
fn append_to_last_user(messages: &mut Vec<Value>, text: &str) {
    let last_user = messages
        .iter_mut()
        .rev()
        .find(|message| message["role"] == "user");
    match last_user {
        Some(message) => {
            let content = message["content"].as_str().unwrap_or_default();
            message["content"] = json!(format!("{content}\n\n{text}"));
        }
        None => messages.push(json!({"role": "user", "content": text})),
    }
}

/// `[a-zA-Z0-9_-]`, 1 to 64 characters, as OpenAI wants schema names (and Anthropic tool
/// names).
pub(crate) fn schema_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    if cleaned.is_empty() {
        "answer".to_owned()
    } else {
        cleaned
    }
}

/// What a successful (2xx) answer carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    pub(crate) text: String,
    pub(crate) model: Option<String>,
    pub(crate) usage: TokenUsage,
}

/// Why a 2xx body is no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WireError {
    /// Not a chat completion: not JSON, no `choices`, no message.
    Malformed(String),
    /// The model declined (OpenAI's `refusal` field).
    Refusal(String),
}

/// Reads a 2xx chat-completions body.
pub(crate) fn parse_answer(body: &[u8]) -> Result<Answer, WireError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| WireError::Malformed("the answer is not a JSON chat completion".to_owned()))?;
    let message = value
        .get("choices")
        .and_then(Value::as_array)
        .and_then(|choices| choices.first())
        .and_then(|choice| choice.get("message"))
        .ok_or_else(|| WireError::Malformed("the answer has no choices".to_owned()))?;
    let text = content_text(message.get("content"));
    if text.trim().is_empty()
        && let Some(refusal) = message.get("refusal").and_then(Value::as_str)
        && !refusal.trim().is_empty()
    {
        return Err(WireError::Refusal(clip(refusal, 300)));
    }
    let usage = value.get("usage");
    let tokens = |key: &str| token_count(usage, key);
    Ok(Answer {
        text,
        model: value
            .get("model")
            .and_then(Value::as_str)
            .filter(|model| !model.trim().is_empty())
            .map(str::to_owned),
        usage: TokenUsage {
            prompt_tokens: tokens("prompt_tokens"),
            completion_tokens: tokens("completion_tokens"),
        },
    })
}

/// `usage[key]` as a token count: 0 when missing or not a number, a float cut to an
/// integer, a count past `u32::MAX` capped there.
pub(crate) fn token_count(usage: Option<&Value>, key: &str) -> u32 {
    usage
        .and_then(|usage| usage.get(key))
        .and_then(|count| count.as_u64().or_else(|| count.as_f64().map(|f| f as u64)))
        .map_or(0, |count| u32::try_from(count).unwrap_or(u32::MAX))
}

/// `content` as text: a string, or the `text` of a list of content parts.
fn content_text(content: Option<&Value>) -> String {
    match content {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|part| part.get("text").and_then(Value::as_str))
            .collect(),
        _ => String::new(),
    }
}

/// The provider's explanation in an error body, cut short: `error.message`, `error`,
/// `message` or `detail`, else the start of the body as text.
pub(crate) fn error_message(body: &[u8]) -> String {
    let from_json = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|value| {
            [
                value.pointer("/error/message"),
                value.get("error"),
                value.get("message"),
                value.get("detail"),
            ]
            .into_iter()
            .flatten()
            .find_map(|found| match found {
                Value::String(text) => Some(text.clone()),
                Value::Null | Value::Object(_) => None,
                other => Some(other.to_string()),
            })
        });
    let text = from_json.unwrap_or_else(|| String::from_utf8_lossy(body).into_owned());
    clip(text.trim(), 300)
}

/// At most `max` characters of `text`, marked when cut.
pub(crate) fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tailor_domain::ports::{ChatMessage, TokenUsage};

    use super::{JsonAsk, JsonMode, WireError, error_message, parse_answer, request_body};

    #[test]
    fn json_modes_shape_the_body() {
        let schema = json!({"type": "object"});
        let messages = [ChatMessage::system("be brief"), ChatMessage::user("hi")];
        let ask = |mode| {
            Some(JsonAsk {
                mode,
                name: "my schema!",
                schema: &schema,
            })
        };
        let body = request_body("m", &messages, 0.2, 100, ask(JsonMode::Schema));
        assert_eq!(body["response_format"]["type"], "json_schema");
        assert_eq!(body["response_format"]["json_schema"]["name"], "my_schema_");
        assert_eq!(body["response_format"]["json_schema"]["strict"], true);
        assert_eq!(body["messages"][1]["content"], "hi");

        let body = request_body("m", &messages, 0.2, 100, ask(JsonMode::Object));
        assert_eq!(body["response_format"], json!({"type": "json_object"}));
        assert!(
            body["messages"][1]["content"]
                .as_str()
                .unwrap()
                .contains("JSON Schema")
        );

        let body = request_body("m", &messages[..1], 0.2, 100, ask(JsonMode::Prompt));
        assert!(body.get("response_format").is_none());
        assert_eq!(body["messages"][1]["role"], "user");

        let body = request_body("m", &messages, f32::NAN, 0, None);
        assert_eq!(body["temperature"], 0.0);
        assert_eq!(body["max_tokens"], 1);
        assert_eq!(body["stream"], false);
    }

    #[test]
    fn odd_answers_never_fail_the_parse() {
        let answer = parse_answer(
            br#"{"model": "x", "choices": [{"message": {"content": [{"type": "text", "text": "a"}, {"text": "b"}]}}], "usage": {"prompt_tokens": 3.0, "completion_tokens": 99999999999}}"#,
        )
        .unwrap();
        assert_eq!(answer.text, "ab");
        assert_eq!(answer.model.as_deref(), Some("x"));
        assert_eq!(
            answer.usage,
            TokenUsage {
                prompt_tokens: 3,
                completion_tokens: u32::MAX
            }
        );
        let bare = parse_answer(br#"{"choices": [{"message": {"content": null}}]}"#).unwrap();
        assert_eq!(
            (bare.text.as_str(), bare.model, bare.usage),
            ("", None, TokenUsage::default())
        );
        assert!(matches!(
            parse_answer(b"<html>"),
            Err(WireError::Malformed(_))
        ));
        assert!(matches!(parse_answer(b"{}"), Err(WireError::Malformed(_))));
        assert!(matches!(
            parse_answer(br#"{"choices": []}"#),
            Err(WireError::Malformed(_))
        ));
        assert_eq!(
            parse_answer(br#"{"choices": [{"message": {"content": null, "refusal": "no"}}]}"#),
            Err(WireError::Refusal("no".to_owned()))
        );
    }

    #[test]
    fn error_messages() {
        assert_eq!(
            error_message(br#"{"error": {"message": "bad key"}}"#),
            "bad key"
        );
        assert_eq!(error_message(br#"{"error": "overloaded"}"#), "overloaded");
        assert_eq!(error_message(br#"{"detail": [1]}"#), "[1]");
        assert_eq!(error_message(b"  plain text "), "plain text");
        assert_eq!(error_message(&[b'x'; 400]).chars().count(), 301);
    }
}
