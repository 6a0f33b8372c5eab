//! Recording what model calls cost, and answering identical calls again without a model.

use async_trait::async_trait;
use chrono::NaiveDate;

use crate::ports::ChatResponse;
use crate::usage::{UsageRecord, UsageReport};
use crate::user::UserId;

/// The record of model calls.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait UsageLedger: Send + Sync {
    /// # Errors
    /// Storage failures.
    async fn record(&self, record: &UsageRecord) -> anyhow::Result<()>;

    /// Tokens spent on `day` by `user`, or by everyone when `None` (cache hits spend none).
    ///
    /// # Errors
    /// Storage failures.
    async fn tokens_on(&self, user: Option<UserId>, day: NaiveDate) -> anyhow::Result<u64>;

    /// The user's calls from `from` to `to` (UTC days, inclusive), by feature and by day.
    /// Two queries whatever the range.
    ///
    /// # Errors
    /// Storage failures.
    async fn report(
        &self,
        user: UserId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> anyhow::Result<UsageReport>;
}

/// Answers to model requests by key (the model, the prompt version and the pseudonymised
/// request): an identical request is answered again without a call. Bounded; a miss is
/// always allowed.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait ResponseCache: Send + Sync {
    fn get(&self, key: &str) -> Option<ChatResponse>;
    fn put(&self, key: &str, response: &ChatResponse);
}

/// A [`ResponseCache`] that keeps nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoResponseCache;

impl ResponseCache for NoResponseCache {
    fn get(&self, _: &str) -> Option<ChatResponse> {
        None
    }
    fn put(&self, _: &str, _: &ChatResponse) {}
}
