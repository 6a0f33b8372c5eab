//! The queue of background generations: durable tasks claimed by workers under a lease.
//!
//! The database adapter is the default (PostgreSQL `FOR UPDATE SKIP LOCKED`, so several
//! instances share one queue; the write lock on SQLite). A Redis- or NATS-backed queue
//! implements the same trait.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::generation::{Generation, GenerationId, GenerationTask, Stage, TaskEvent};
use crate::user::UserId;

/// What [`GenerationQueue::enqueue`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Enqueued {
    /// The task was queued.
    New,
    /// The user already has a task with this idempotency key: that one, unchanged.
    Existing(GenerationTask),
}

/// Whether a worker still holds a task it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaseState {
    /// Held; `cancel_requested` when the user asked to cancel it.
    Held { cancel_requested: bool },
    /// Another worker took it (the lease expired) or it ended: stop without writing.
    Lost,
}

/// What a worker's claim is bound by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimRules {
    /// How long the lease lasts before it must be renewed.
    pub lease: Duration,
    /// The most tasks of one user running at once (across all workers of the queue).
    pub per_user: u32,
}

/// What recovering expired leases did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Recovered {
    /// Put back in the queue for another attempt.
    pub requeued: u64,
    /// Failed for good: out of attempts.
    pub failed: u64,
}

/// The durable queue of generation tasks. Methods that take a `user` are scoped to that
/// user: another user's task does not exist for them. Methods that take a `worker` change
/// a task only while that worker holds its lease.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait GenerationQueue: Send + Sync {
    /// Queues `task` (status queued) with its first event, unless the user already has a
    /// task with the same idempotency key.
    ///
    /// # Errors
    /// Storage failures; the job is gone (its foreign key refused the row).
    async fn enqueue(&self, task: &GenerationTask) -> anyhow::Result<Enqueued>;

    /// # Errors
    /// Storage failures.
    async fn find(&self, user: UserId, id: GenerationId) -> anyhow::Result<Option<GenerationTask>>;

    /// The user's task with this idempotency key.
    ///
    /// # Errors
    /// Storage failures.
    async fn find_by_key(&self, user: UserId, key: &str) -> anyhow::Result<Option<GenerationTask>>;

    /// The user's queued and running tasks.
    ///
    /// # Errors
    /// Storage failures.
    async fn active_count(&self, user: UserId) -> anyhow::Result<u64>;

    /// The task's events after `after_seq`, oldest first, at most `limit`; `None` when the
    /// user has no such task.
    ///
    /// # Errors
    /// Storage failures.
    async fn events(
        &self,
        user: UserId,
        id: GenerationId,
        after_seq: i64,
        limit: u64,
    ) -> anyhow::Result<Option<Vec<TaskEvent>>>;

    /// Cancels a queued task at once; marks a running one for its worker to stop; leaves
    /// an ended one as it is. The task as it is afterwards; `None` when there is none.
    ///
    /// # Errors
    /// Storage failures.
    async fn cancel(
        &self,
        user: UserId,
        id: GenerationId,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<GenerationTask>>;

    /// Takes the oldest queued task whose user runs fewer than `rules.per_user` tasks,
    /// marks it running at [`Stage::FIRST`] under a lease for `worker` (one event) and
    /// counts the attempt.
    ///
    /// # Errors
    /// Storage failures.
    async fn claim(
        &self,
        worker: &str,
        rules: ClaimRules,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<GenerationTask>>;

    /// Extends the lease.
    ///
    /// # Errors
    /// Storage failures.
    async fn renew(
        &self,
        id: GenerationId,
        worker: &str,
        lease_until: DateTime<Utc>,
    ) -> anyhow::Result<LeaseState>;

    /// Records the stage a running task reached.
    ///
    /// # Errors
    /// Storage failures.
    async fn stage(
        &self,
        id: GenerationId,
        worker: &str,
        stage: Stage,
        now: DateTime<Utc>,
    ) -> anyhow::Result<LeaseState>;

    /// Stores the generation and marks the task completed, in one transaction; `false`
    /// (and nothing stored) when the worker no longer holds the task.
    ///
    /// # Errors
    /// Storage failures; the job is gone.
    async fn complete(
        &self,
        worker: &str,
        generation: &Generation,
        now: DateTime<Utc>,
    ) -> anyhow::Result<bool>;

    /// Ends the task as failed with `reason`.
    ///
    /// # Errors
    /// Storage failures.
    async fn fail(
        &self,
        id: GenerationId,
        worker: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()>;

    /// Ends a running task whose cancellation was asked for as cancelled.
    ///
    /// # Errors
    /// Storage failures.
    async fn cancelled(
        &self,
        id: GenerationId,
        worker: &str,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()>;

    /// Puts a running task back in the queue (shutdown, or a transient failure); the
    /// attempt is not counted when `uncount` is set.
    ///
    /// # Errors
    /// Storage failures.
    async fn release(
        &self,
        id: GenerationId,
        worker: &str,
        uncount: bool,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()>;

    /// Running tasks whose lease ended before `now` (their worker died): back in the queue,
    /// or failed once they had `max_attempts`.
    ///
    /// # Errors
    /// Storage failures.
    async fn recover_expired(
        &self,
        now: DateTime<Utc>,
        max_attempts: u32,
    ) -> anyhow::Result<Recovered>;

    /// Deletes ended tasks (not their generations) last changed before `before`.
    ///
    /// # Errors
    /// Storage failures.
    async fn purge_ended(&self, before: DateTime<Utc>) -> anyhow::Result<u64>;
}

/// Told of every change of a task, so those waiting on it (an event stream) look again at
/// once instead of at their next poll. Fire and forget; never blocks.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait TaskSignal: Send + Sync {
    /// A task changed.
    fn changed(&self, id: GenerationId);
    /// A task was queued: an idle worker may look.
    fn queued(&self);
}

/// A [`TaskSignal`] that tells no one (waiters poll).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoSignal;

impl TaskSignal for NoSignal {
    fn changed(&self, _: GenerationId) {}
    fn queued(&self) {}
}
