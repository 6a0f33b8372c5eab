//! Where an API endpoint lives, from the base URL a person configures.
//!
//! Providers document their base URL with or without the API version: llama.cpp and
//! Ollama users write `http://host:8080`, OpenAI's SDKs use `https://api.openai.com/v1`,
//! Groq `https://api.groq.com/openai/v1`, Anthropic's SDKs `https://api.anthropic.com`.
//! The rule: trailing slashes are dropped; if the path does not then end in `/v1`, `/v1`
//! is appended; the endpoint is that plus `/chat/completions` (OpenAI's chat completions)
//! or `/messages` (Anthropic's Messages API).

use anyhow::{Context as _, bail};
use url::Url;

/// The chat-completions endpoint for a configured base URL.
///
/// # Errors
/// The base URL does not parse, is not `http`/`https`, or carries a query or fragment.
pub fn chat_completions_url(base_url: &str) -> anyhow::Result<Url> {
    endpoint_url(base_url, "chat/completions")
}

/// The Anthropic Messages endpoint for a configured base URL.
///
/// # Errors
/// The base URL does not parse, is not `http`/`https`, or carries a query or fragment.
pub fn messages_url(base_url: &str) -> anyhow::Result<Url> {
    endpoint_url(base_url, "messages")
}

/// `{base}/v1/{endpoint}`, by the rule above.
pub(crate) fn endpoint_url(base_url: &str, endpoint: &str) -> anyhow::Result<Url> {
    let mut url = Url::parse(base_url.trim())
        .with_context(|| format!("the language model base URL `{base_url}` does not parse"))?;
    if !matches!(url.scheme(), "http" | "https") {
        bail!("the language model base URL must be http or https");
    }
    if url.query().is_some() || url.fragment().is_some() {
        bail!("the language model base URL must have no query or fragment");
    }
    let trimmed = url.path().trim_end_matches('/');
    let versioned = if trimmed.ends_with("/v1") {
        trimmed.to_owned()
    } else {
        format!("{trimmed}/v1")
    };
    url.set_path(&format!("{versioned}/{endpoint}"));
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::{chat_completions_url, messages_url};

    fn endpoint(base: &str) -> String {
        chat_completions_url(base).unwrap().to_string()
    }

    #[test]
    fn appends_v1_only_when_missing() {
        for base in [
            "http://host:8080",
            "http://host:8080/",
            "http://host:8080/v1",
            "http://host:8080/v1/",
            "http://host:8080/v1//",
        ] {
            assert_eq!(
                endpoint(base),
                "http://host:8080/v1/chat/completions",
                "{base}"
            );
        }
        assert_eq!(
            endpoint("https://api.groq.com/openai/v1"),
            "https://api.groq.com/openai/v1/chat/completions"
        );
        assert_eq!(
            endpoint("https://openrouter.ai/api"),
            "https://openrouter.ai/api/v1/chat/completions"
        );
        // `/v1` must be a whole segment.
        assert_eq!(
            endpoint("http://host/apiv1"),
            "http://host/apiv1/v1/chat/completions"
        );
    }

    #[test]
    fn messages_endpoint() {
        for base in [
            "https://api.anthropic.com",
            "https://api.anthropic.com/",
            "https://api.anthropic.com/v1",
            "https://api.anthropic.com/v1/",
        ] {
            assert_eq!(
                messages_url(base).unwrap().as_str(),
                "https://api.anthropic.com/v1/messages",
                "{base}"
            );
        }
        assert_eq!(
            messages_url("http://proxy:4000/anthropic")
                .unwrap()
                .as_str(),
            "http://proxy:4000/anthropic/v1/messages"
        );
        assert!(messages_url("api.anthropic.com").is_err());
    }

    #[test]
    fn refuses_what_is_not_a_web_address() {
        assert!(chat_completions_url("host:8080").is_err());
        assert!(chat_completions_url("ftp://host/v1").is_err());
        assert!(chat_completions_url("not a url").is_err());
        assert!(chat_completions_url("http://host/v1?key=1").is_err());
    }
}
