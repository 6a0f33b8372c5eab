//! Storing writing samples.

use async_trait::async_trait;

use crate::sample::{Sample, SampleFilter, SampleId, SampleSummary};
use crate::user::UserId;

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait SampleRepository: Send + Sync {
    /// Stores `sample` (active) and marks the user's earlier samples of the same type
    /// inactive, in one transaction.
    ///
    /// # Errors
    /// Storage failures; nothing is changed then.
    async fn insert_active(&self, sample: &Sample) -> anyhow::Result<()>;

    /// The user's samples matching `filter`, newest first, and how many match in all.
    ///
    /// # Errors
    /// Storage failures.
    async fn list(
        &self,
        user_id: UserId,
        filter: SampleFilter,
        limit: u64,
        offset: u64,
    ) -> anyhow::Result<(Vec<SampleSummary>, u64)>;

    /// The sample if it belongs to `user_id`.
    ///
    /// # Errors
    /// Storage failures.
    async fn find(&self, user_id: UserId, id: SampleId) -> anyhow::Result<Option<Sample>>;

    /// Deletes the sample if it belongs to `user_id`; returns its storage key.
    ///
    /// # Errors
    /// Storage failures.
    async fn delete(&self, user_id: UserId, id: SampleId) -> anyhow::Result<Option<String>>;
}
