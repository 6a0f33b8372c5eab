use async_trait::async_trait;

use crate::job::{Job, JobFilter, JobId, JobSort, Page, StatusChange};
use crate::user::UserId;

/// What became of a conditional save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved,
    /// Another save came first: the stored version is not the expected one. Nothing changed.
    VersionMoved,
    /// The job is gone (deleted meanwhile). Nothing changed.
    Missing,
}

/// Saved jobs and their status timelines. Every method is scoped to one user: another
/// user's job does not exist for it.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait JobRepository: Send + Sync {
    /// Stores a new job and the first entry of its status timeline in one transaction.
    ///
    /// # Errors
    /// Storage failures; nothing is stored then.
    async fn insert(&self, job: &Job, first: &StatusChange) -> anyhow::Result<()>;

    /// # Errors
    /// Storage failures.
    async fn find(&self, user_id: UserId, id: JobId) -> anyhow::Result<Option<Job>>;

    /// One page of the user's jobs matching `filter` in `sort` order, and how many match in
    /// all. Two queries whatever the page size.
    ///
    /// # Errors
    /// Storage failures.
    async fn list(
        &self,
        user_id: UserId,
        filter: &JobFilter,
        sort: JobSort,
        page: Page,
    ) -> anyhow::Result<(Vec<Job>, u64)>;

    /// Saves `job` (whose `version` is the new one) if the stored version is still
    /// `expected_version`, and appends `change` to its timeline, in one transaction.
    ///
    /// # Errors
    /// Storage failures; nothing is changed then.
    async fn update(
        &self,
        job: &Job,
        expected_version: i64,
        change: Option<StatusChange>,
    ) -> anyhow::Result<SaveOutcome>;

    /// Deletes the user's job and everything that hangs on it in one transaction, and
    /// returns the storage keys of the files that belonged to it (for the caller to remove
    /// after the commit); `None` when there is no such job of the user.
    ///
    /// # Errors
    /// Storage failures; nothing is deleted then.
    async fn delete(&self, user_id: UserId, id: JobId) -> anyhow::Result<Option<Vec<String>>>;

    /// One page of the job's status timeline, oldest first, and its length; `None` when
    /// there is no such job of the user.
    ///
    /// # Errors
    /// Storage failures.
    async fn status_history(
        &self,
        user_id: UserId,
        id: JobId,
        page: Page,
    ) -> anyhow::Result<Option<(Vec<StatusChange>, u64)>>;
}
