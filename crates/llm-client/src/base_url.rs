//! Where the chat-completions endpoint lives, from the base URL a person configures.
//!
//! Providers document their base URL with or without the API version: llama.cpp and
//! Ollama users write `http://host:8080`, OpenAI's SDKs use `https://api.openai.com/v1`,
//! Groq `https://api.groq.com/openai/v1`. The rule: trailing slashes are dropped; if the
//! path does not then end in `/v1`, `/v1` is appended; the endpoint is that plus
//! `/chat/completions`.

use anyhow::{Context as _, bail};
use url::Url;

/// The chat-completions endpoint for a configured base URL.
///
/// # Errors
/// The base URL does not parse, is not `http`/`https`, or carries a query or fragment.
pub fn chat_completions_url(base_url: &str) -> anyhow::Result<Url> {
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
    url.set_path(&format!("{versioned}/chat/completions"));
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::chat_completions_url;

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
    fn refuses_what_is_not_a_web_address() {
        assert!(chat_completions_url("host:8080").is_err());
        assert!(chat_completions_url("ftp://host/v1").is_err());
        assert!(chat_completions_url("not a url").is_err());
        assert!(chat_completions_url("http://host/v1?key=1").is_err());
    }
}
