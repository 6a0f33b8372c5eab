//! Storing rankings and generations.

use async_trait::async_trait;

use crate::generation::{Generation, GenerationFilter, GenerationId, Ranking};
use crate::job::{JobId, Page};
use crate::user::UserId;

/// Rankings, at most one per (user, job). Every method is scoped to one user.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait RankingRepository: Send + Sync {
    /// Stores `ranking` in place of the user's earlier ranking for its job, in one
    /// transaction. Fails (and stores nothing) when the job is gone.
    ///
    /// # Errors
    /// Storage failures.
    async fn replace(&self, ranking: &Ranking) -> anyhow::Result<()>;

    /// # Errors
    /// Storage failures.
    async fn find_for_job(&self, user_id: UserId, job_id: JobId)
    -> anyhow::Result<Option<Ranking>>;
}

/// Generated documents. Every method is scoped to one user: another user's generation does
/// not exist for it.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait GenerationRepository: Send + Sync {
    /// Fails (and stores nothing) when the job is gone.
    ///
    /// # Errors
    /// Storage failures.
    async fn insert(&self, generation: &Generation) -> anyhow::Result<()>;

    /// One page of the user's generations matching `filter`, newest first, and how many
    /// match in all. Two queries whatever the page size.
    ///
    /// # Errors
    /// Storage failures.
    async fn list(
        &self,
        user_id: UserId,
        filter: GenerationFilter,
        page: Page,
    ) -> anyhow::Result<(Vec<Generation>, u64)>;

    /// The user's generation.
    ///
    /// # Errors
    /// Storage failures.
    async fn find(&self, user_id: UserId, id: GenerationId) -> anyhow::Result<Option<Generation>>;

    /// Deletes the user's generation, the background task that made it, and its exports;
    /// the storage keys of the exports' files (for the caller to remove), or `None` when
    /// there was neither generation nor task.
    ///
    /// # Errors
    /// Storage failures.
    async fn delete(
        &self,
        user_id: UserId,
        id: GenerationId,
    ) -> anyhow::Result<Option<Vec<String>>>;
}
