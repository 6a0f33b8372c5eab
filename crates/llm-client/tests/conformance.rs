//! Both adapters against the conformance kit, each with its own fake server.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde_json::json;
use tailor_domain::ports::{LanguageModel, TokenUsage};
use tailor_llm_client::conformance::{self, MockProvider, MockReply};
use tailor_llm_client::fake::{FakeOpenAi, FakeReply};
use tailor_llm_client::fake_anthropic::{AnthropicReply, FakeAnthropic};

/// `Retry-After` in seconds, as both providers send it.
fn seconds(wait: Duration) -> String {
    wait.as_secs_f64().to_string()
}

const HTML: &str = "<html><body>502 Bad Gateway</body></html>";

struct OpenAiMock(FakeOpenAi);

fn openai_reply(reply: MockReply) -> FakeReply {
    let usage = |reply: FakeReply, usage: TokenUsage| {
        reply.with_usage(usage.prompt_tokens, usage.completion_tokens)
    };
    match reply {
        MockReply::Text { text, usage: used } => usage(FakeReply::text(text), used),
        MockReply::Json { value, usage: used } => usage(FakeReply::json(&value), used),
        MockReply::Status {
            status,
            retry_after,
        } => match retry_after {
            Some(wait) => FakeReply::status(status).with_header("retry-after", &seconds(wait)),
            None => FakeReply::status(status),
        },
        MockReply::Refusal => FakeReply::completion(json!({
            "model": "fake-model",
            "choices": [{"message": {"role": "assistant", "content": null, "refusal": "I can't help with that."}}]
        })),
        MockReply::Garbage => FakeReply::raw(200, HTML),
        MockReply::Delayed { delay, reply } => openai_reply(*reply).with_delay(delay),
    }
}

#[async_trait]
impl MockProvider for OpenAiMock {
    fn model(&self) -> Arc<dyn LanguageModel> {
        Arc::new(self.0.client())
    }

    async fn reset(&self) {
        self.0.reset();
    }

    async fn push(&self, reply: MockReply) {
        self.0.push(openai_reply(reply));
    }

    async fn when_empty(&self, reply: MockReply) {
        self.0.when_empty(openai_reply(reply));
    }

    async fn request_count(&self) -> usize {
        self.0.request_count()
    }
}

struct AnthropicMock(FakeAnthropic);

fn anthropic_reply(reply: MockReply) -> AnthropicReply {
    let usage = |reply: AnthropicReply, usage: TokenUsage| {
        reply.with_usage(usage.prompt_tokens, usage.completion_tokens)
    };
    match reply {
        MockReply::Text { text, usage: used } => usage(AnthropicReply::text(text), used),
        MockReply::Json { value, usage: used } => usage(AnthropicReply::json(&value), used),
        MockReply::Status {
            status,
            retry_after,
        } => match retry_after {
            Some(wait) => AnthropicReply::status(status).with_header("retry-after", &seconds(wait)),
            None => AnthropicReply::status(status),
        },
        MockReply::Refusal => AnthropicReply::refusal(),
        MockReply::Garbage => AnthropicReply::raw(200, HTML),
        MockReply::Delayed { delay, reply } => anthropic_reply(*reply).with_delay(delay),
    }
}

#[async_trait]
impl MockProvider for AnthropicMock {
    fn model(&self) -> Arc<dyn LanguageModel> {
        Arc::new(self.0.client())
    }

    async fn reset(&self) {
        self.0.reset();
    }

    async fn push(&self, reply: MockReply) {
        self.0.push(anthropic_reply(reply));
    }

    async fn when_empty(&self, reply: MockReply) {
        self.0.when_empty(anthropic_reply(reply));
    }

    async fn request_count(&self) -> usize {
        self.0.request_count()
    }
}

#[tokio::test]
async fn openai_compatible_conforms() {
    let mock = OpenAiMock(FakeOpenAi::start().await);
    let report = conformance::run_all(&mock).await;
    eprintln!("OpenAiCompatible:\n{report}");
    report.assert_passed();
}

#[tokio::test]
async fn anthropic_conforms() {
    let mock = AnthropicMock(FakeAnthropic::start().await);
    let report = conformance::run_all(&mock).await;
    eprintln!("Anthropic:\n{report}");
    report.assert_passed();
}

#[tokio::test]
async fn a_broken_adapter_fails_with_clear_reasons() {
    /// Answers every call with the same text, whatever the request or the server says.
    struct Parrot;

    #[async_trait]
    impl LanguageModel for Parrot {
        async fn complete(
            &self,
            _request: tailor_domain::ports::ChatRequest,
        ) -> Result<tailor_domain::ports::ChatResponse, tailor_domain::ports::LanguageModelError>
        {
            Ok(tailor_domain::ports::ChatResponse {
                text: "squawk".to_owned(),
                model: "parrot".to_owned(),
                usage: TokenUsage::default(),
                latency: Duration::from_millis(1),
            })
        }

        fn model_name(&self, _purpose: tailor_domain::ports::ModelPurpose) -> String {
            "parrot".to_owned()
        }
    }

    struct ParrotMock(FakeOpenAi);

    #[async_trait]
    impl MockProvider for ParrotMock {
        fn model(&self) -> Arc<dyn LanguageModel> {
            Arc::new(Parrot)
        }
        async fn reset(&self) {
            self.0.reset();
        }
        async fn push(&self, reply: MockReply) {
            self.0.push(openai_reply(reply));
        }
        async fn when_empty(&self, reply: MockReply) {
            self.0.when_empty(openai_reply(reply));
        }
        async fn request_count(&self) -> usize {
            self.0.request_count()
        }
    }

    let report = conformance::run_all(&ParrotMock(FakeOpenAi::start().await)).await;
    assert!(!report.passed());
    let failures: Vec<_> = report.failures().map(|(check, _)| check).collect();
    for check in ["text", "usage", "json", "timeout", "refusal"] {
        assert!(failures.contains(&check), "{check} should fail:\n{report}");
    }
    let (_, why) = report
        .failures()
        .find(|(check, _)| *check == "text")
        .unwrap();
    assert!(why.contains("Hello from the mock."), "{why}");
}
