//! Every model call of the pipeline goes through [`GenerationService::ask`]: refused once
//! a daily token budget is spent, answered from the response cache when the same
//! (pseudonymised) request was answered before, and recorded per user and feature.

use std::sync::Arc;
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::{GenerationError, GenerationService};
use crate::generation::prompts::PROMPT_VERSION;
use crate::ports::{
    ChatRequest, ChatResponse, LanguageModel, LanguageModelError, ResponseCache, ResponseFormat,
    UsageLedger,
};
use crate::usage::{Feature, OverBudget, PriceTable, TokenBudget, UsageRecord, next_reset};
use crate::user::UserId;

/// How model calls are metered.
pub struct ModelMetering {
    pub ledger: Arc<dyn UsageLedger>,
    pub cache: Arc<dyn ResponseCache>,
    pub prices: PriceTable,
    pub budget: TokenBudget,
}

impl GenerationService {
    /// Meters the model calls (see [`ModelMetering`]).
    #[must_use]
    pub fn with_metering(mut self, metering: ModelMetering) -> Self {
        self.metering = Some(metering);
        self
    }

    /// For a request about to use the model: [`GenerationError::OverBudget`] when a daily
    /// budget is spent and the policy is to refuse (with the offline policy, the request
    /// goes on and its model steps are written offline).
    ///
    /// # Errors
    /// [`GenerationError::OverBudget`].
    pub async fn check_budget(&self, user: UserId) -> Result<(), GenerationError> {
        let Some(m) = &self.metering else {
            return Ok(());
        };
        if self.ports.model.is_none() || m.budget.over == OverBudget::Offline {
            return Ok(());
        }
        if self.spent(m, user).await {
            let now = self.ports.clock.now();
            let wait = (next_reset(now) - now).to_std().unwrap_or(Duration::ZERO);
            return Err(GenerationError::OverBudget { retry_after: wait });
        }
        Ok(())
    }

    /// Whether a budget that applies to `user` is spent today. A ledger that cannot be read
    /// does not stop generation (logged).
    async fn spent(&self, m: &ModelMetering, user: UserId) -> bool {
        let today = self.ports.clock.now().date_naive();
        for (who, limit) in [(Some(user), m.budget.per_user), (None, m.budget.global)] {
            let Some(limit) = limit else { continue };
            match m.ledger.tokens_on(who, today).await {
                Ok(used) if used >= limit => return true,
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = ?e, "usage ledger unreadable; budget not enforced")
                }
            }
        }
        false
    }

    /// One model call for `user`'s `feature`, metered.
    pub(super) async fn ask(
        &self,
        model: &dyn LanguageModel,
        user: UserId,
        feature: Feature,
        request: ChatRequest,
    ) -> Result<ChatResponse, LanguageModelError> {
        let Some(m) = &self.metering else {
            return model.complete(request).await;
        };
        if self.spent(m, user).await {
            return Err(LanguageModelError::OverBudget);
        }
        let name = model.model_name(request.purpose);
        let key = cache_key(&name, &request);
        if let Some(hit) = m.cache.get(&key) {
            self.record(m, user, feature, &hit, true).await;
            return Ok(ChatResponse {
                latency: Duration::ZERO,
                ..hit
            });
        }
        let response = model.complete(request).await?;
        self.record(m, user, feature, &response, false).await;
        m.cache.put(&key, &response);
        Ok(response)
    }

    async fn record(
        &self,
        m: &ModelMetering,
        user: UserId,
        feature: Feature,
        response: &ChatResponse,
        cached: bool,
    ) {
        let (prompt, completion) = if cached {
            (0, 0)
        } else {
            (
                response.usage.prompt_tokens,
                response.usage.completion_tokens,
            )
        };
        let record = UsageRecord {
            user_id: user,
            feature,
            model: response.model.clone(),
            prompt_tokens: prompt,
            completion_tokens: completion,
            latency_ms: u32::try_from(response.latency.as_millis()).unwrap_or(u32::MAX),
            cost_micros: m.prices.cost_micros(&response.model, prompt, completion),
            cached,
            at: self.ports.clock.now(),
        };
        if let Err(e) = m.ledger.record(&record).await {
            tracing::warn!(error = ?e, "a model call could not be recorded");
        }
    }
}

/// The cache key of a request to `model`: everything that shapes the answer. The messages
/// are already pseudonymised (no personal value is in a prompt), so neither is the key.
fn cache_key(model: &str, request: &ChatRequest) -> String {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(model.as_bytes());
    field(PROMPT_VERSION.as_bytes());
    match &request.format {
        ResponseFormat::Text => field(b"text"),
        ResponseFormat::Json { name, schema } => {
            field(b"json");
            field(name.as_bytes());
            field(schema.to_string().as_bytes());
        }
    }
    field(&request.temperature.to_bits().to_le_bytes());
    field(&request.max_tokens.to_le_bytes());
    for m in &request.messages {
        field(m.role.as_str().as_bytes());
        field(m.content.as_bytes());
    }
    let digest = h.finalize();
    let mut key = String::with_capacity(64);
    for b in digest {
        key.push_str(&format!("{b:02x}"));
    }
    key
}
