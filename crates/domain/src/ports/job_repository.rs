//! Storing saved jobs, their application-status timeline and their pages.

use std::sync::Arc;

use async_trait::async_trait;

use crate::job::{Job, JobFilter, JobId, JobPage, JobSort, Page, StatusChange};
use crate::user::UserId;

/// A job loaded for a change, its row locked against other changes until it is saved or
/// dropped. Dropping it without saving changes nothing.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait LockedJob: Send {
    /// The job as stored when the lock was taken.
    fn job(&self) -> &Job;

    /// Saves `job` (carrying its new version) and appends `change` to its timeline in the
    /// transaction that holds the lock, commits, and releases the lock.
    ///
    /// # Errors
    /// Storage failures (nothing is changed then), or a second save.
    async fn save(&mut self, job: &Job, change: Option<StatusChange>) -> anyhow::Result<()>;
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

    /// [`JobRepository::list`] as one page to show, shared by whoever reads it: a decorator
    /// may answer it from memory, up to its time to live behind changes made elsewhere. By
    /// default a page loaded with `list`.
    ///
    /// # Errors
    /// Storage failures.
    async fn list_shared(
        &self,
        user_id: UserId,
        filter: &JobFilter,
        sort: JobSort,
        page: Page,
    ) -> anyhow::Result<Arc<JobPage>> {
        let (jobs, total) = self.list(user_id, filter, sort, page).await?;
        Ok(Arc::new(JobPage::new(jobs, total)))
    }

    /// Loads the user's job and locks it (a row lock in a transaction on PostgreSQL, the
    /// write lock on SQLite) until the returned [`LockedJob`] is saved or dropped, so that
    /// concurrent changes of one job run one after another, each on the job as the one
    /// before left it. `None` when there is no such job of the user.
    ///
    /// # Errors
    /// Storage failures, including a lock not granted within the statement deadline.
    async fn lock(&self, user_id: UserId, id: JobId) -> anyhow::Result<Option<Box<dyn LockedJob>>>;

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
