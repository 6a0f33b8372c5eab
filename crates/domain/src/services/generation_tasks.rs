//! Background generations: a request is queued and answered at once; workers claim tasks
//! from the [`GenerationQueue`] under a lease, run the same pipeline as the synchronous
//! routes, and store the result with the task's end in one transaction. A task whose worker
//! died is taken again when its lease expires, or failed once out of attempts; nothing
//! stays running forever.
//!
//! The worker loop itself (timers, concurrency, shutdown) belongs to the process that runs
//! it; this service gives it one step at a time: [`GenerationTasks::claim`],
//! [`GenerationTasks::run`], [`GenerationTasks::renew`], [`GenerationTasks::recover`].

use std::sync::Arc;
use std::time::Duration;

use thiserror::Error;

use super::generations::{GenerationError, GenerationService, Progress};
use chrono::{DateTime, Utc};

use crate::generation::{
    DocumentType, Generation, GenerationId, GenerationTask, Stage, TaskEvent, TaskRequest,
    TaskStatus,
};
use crate::job::JobId;
use crate::ports::{
    ClaimRules, Clock, Enqueued, GenerationQueue, GenerationRepository, JobRepository, LeaseState,
    Recovered, TaskSignal,
};
use crate::user::UserId;

#[derive(Debug, Error)]
pub enum TaskError {
    #[error("Job not found")]
    JobNotFound,
    #[error("Generation not found")]
    NotFound,
    /// The idempotency key was used before with another request.
    #[error("This Idempotency-Key was already used with a different request")]
    KeyReused,
    /// The user has as many generations queued or running as allowed.
    #[error(
        "You have {active} generations queued or running; wait for one to finish before starting another"
    )]
    TooMany { active: u64 },
    /// A daily token budget is spent.
    #[error(transparent)]
    OverBudget(GenerationError),
    /// Cancellation of a task that already ended.
    #[error("The generation has already ended ({})", .0.as_str())]
    Ended(TaskStatus),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// The ports the task service uses.
pub struct TaskPorts {
    pub queue: Arc<dyn GenerationQueue>,
    pub jobs: Arc<dyn JobRepository>,
    pub generations: Arc<dyn GenerationRepository>,
    pub signal: Arc<dyn TaskSignal>,
    pub clock: Arc<dyn Clock>,
}

/// Limits of the background generations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskSettings {
    /// The most tasks one user may have queued or running.
    pub max_active_per_user: u32,
    /// The most tasks of one user running at once.
    pub max_running_per_user: u32,
    /// How many times a task is tried before it fails for good.
    pub max_attempts: u32,
    /// How long a worker's claim lasts without renewal.
    pub lease: Duration,
}

impl Default for TaskSettings {
    fn default() -> Self {
        Self {
            max_active_per_user: 10,
            max_running_per_user: 2,
            max_attempts: 3,
            lease: Duration::from_secs(30),
        }
    }
}

/// A generation as its owner sees it: a background task's state, with the generation
/// once it completed. A generation made by a synchronous route reads as completed.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskView {
    pub id: GenerationId,
    pub job_id: JobId,
    pub document_type: DocumentType,
    pub status: TaskStatus,
    pub stage: Option<Stage>,
    pub progress: u8,
    pub attempts: u32,
    pub error: Option<String>,
    pub cancel_requested: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub generation: Option<Generation>,
}

impl TaskView {
    #[must_use]
    pub fn of_task(task: GenerationTask, generation: Option<Generation>) -> Self {
        Self {
            id: task.id,
            job_id: task.job_id,
            document_type: task.request.document_type(),
            status: task.status,
            stage: task.stage,
            progress: task.progress,
            attempts: task.attempts,
            error: task.error,
            cancel_requested: task.cancel_requested,
            created_at: task.created_at,
            updated_at: task.updated_at,
            generation,
        }
    }

    /// A generation made by a synchronous route.
    #[must_use]
    pub fn of_generation(g: Generation) -> Self {
        Self {
            id: g.id,
            job_id: g.job_id,
            document_type: g.document_type,
            status: TaskStatus::Completed,
            stage: Some(Stage::Scoring),
            progress: 100,
            attempts: 1,
            error: None,
            cancel_requested: false,
            created_at: g.created_at,
            updated_at: g.created_at,
            generation: Some(g),
        }
    }
}

/// How a run ended, for the worker's log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunOutcome {
    Completed,
    Failed,
    /// Back in the queue for another attempt.
    Requeued,
    Cancelled,
    /// The worker no longer held the task; another one has it, or it ended.
    Lost,
}

/// The most events one read of a task's stream returns.
pub const EVENT_PAGE: u64 = 100;

pub struct GenerationTasks {
    ports: TaskPorts,
    pipeline: Arc<GenerationService>,
    settings: TaskSettings,
}

impl GenerationTasks {
    pub fn new(ports: TaskPorts, pipeline: Arc<GenerationService>, settings: TaskSettings) -> Self {
        Self {
            ports,
            pipeline,
            settings,
        }
    }

    #[must_use]
    pub fn settings(&self) -> TaskSettings {
        self.settings
    }

    /// Queues a generation of one of the caller's jobs. With an idempotency key the caller
    /// used before for the same request, the earlier task, unchanged (`true`).
    ///
    /// # Errors
    /// [`TaskError::JobNotFound`] (also another user's job), [`TaskError::KeyReused`],
    /// [`TaskError::TooMany`].
    #[tracing::instrument(skip_all, fields(user.id = %user, job.id = %job_id))]
    pub async fn submit(
        &self,
        user: UserId,
        job_id: JobId,
        request: TaskRequest,
        key: Option<String>,
    ) -> Result<(GenerationTask, bool), TaskError> {
        if let Some(key) = &key
            && let Some(earlier) = self.ports.queue.find_by_key(user, key).await?
        {
            return replay(earlier, job_id, &request);
        }
        if self.ports.jobs.find(user, job_id).await?.is_none() {
            return Err(TaskError::JobNotFound);
        }
        self.pipeline
            .check_budget(user)
            .await
            .map_err(|e| match e {
                GenerationError::Unexpected(e) => TaskError::Unexpected(e),
                e => TaskError::OverBudget(e),
            })?;
        let active = self.ports.queue.active_count(user).await?;
        if active >= u64::from(self.settings.max_active_per_user) {
            return Err(TaskError::TooMany { active });
        }
        let task = GenerationTask::queued(user, job_id, request, key, self.ports.clock.now());
        match self.ports.queue.enqueue(&task).await {
            Ok(Enqueued::New) => {
                self.ports.signal.queued();
                Ok((task, false))
            }
            // The same key arrived twice at once: the other request queued it.
            Ok(Enqueued::Existing(earlier)) => replay(earlier, job_id, &task.request),
            Err(e) => match self.ports.jobs.find(user, job_id).await {
                Ok(None) => Err(TaskError::JobNotFound),
                _ => Err(e.into()),
            },
        }
    }

    /// One of the caller's generations: a background task with its state, or a generation
    /// made synchronously (which is completed).
    ///
    /// # Errors
    /// [`TaskError::NotFound`] for an unknown id or another user's.
    pub async fn status(&self, user: UserId, id: GenerationId) -> Result<TaskView, TaskError> {
        match self.ports.queue.find(user, id).await? {
            Some(task) if task.status == TaskStatus::Completed => {
                // Deleting a generation deletes its task; one without the other is a
                // generation deleted between the two reads.
                let generation = self
                    .ports
                    .generations
                    .find(user, id)
                    .await?
                    .ok_or(TaskError::NotFound)?;
                Ok(TaskView::of_task(task, Some(generation)))
            }
            Some(task) => Ok(TaskView::of_task(task, None)),
            None => self
                .ports
                .generations
                .find(user, id)
                .await?
                .map(TaskView::of_generation)
                .ok_or(TaskError::NotFound),
        }
    }

    /// The task's events after `after_seq` (at most [`EVENT_PAGE`]). A generation made
    /// synchronously has one: completed.
    ///
    /// # Errors
    /// [`TaskError::NotFound`].
    pub async fn events(
        &self,
        user: UserId,
        id: GenerationId,
        after_seq: i64,
    ) -> Result<Vec<TaskEvent>, TaskError> {
        if let Some(events) = self
            .ports
            .queue
            .events(user, id, after_seq, EVENT_PAGE)
            .await?
        {
            return Ok(events);
        }
        let view = self
            .ports
            .generations
            .find(user, id)
            .await?
            .map(TaskView::of_generation)
            .ok_or(TaskError::NotFound)?;
        Ok(if after_seq < 1 {
            vec![TaskEvent {
                seq: 1,
                status: view.status,
                stage: view.stage,
                progress: view.progress,
                error: None,
                at: view.updated_at,
            }]
        } else {
            Vec::new()
        })
    }

    /// Cancels one of the caller's tasks: a queued one at once, a running one at its
    /// worker's next check. The task afterwards.
    ///
    /// # Errors
    /// [`TaskError::NotFound`]; [`TaskError::Ended`] when it already ended.
    pub async fn cancel(
        &self,
        user: UserId,
        id: GenerationId,
    ) -> Result<GenerationTask, TaskError> {
        let before = match self.ports.queue.find(user, id).await? {
            Some(task) => task,
            None => {
                return match self.ports.generations.find(user, id).await? {
                    Some(_) => Err(TaskError::Ended(TaskStatus::Completed)),
                    None => Err(TaskError::NotFound),
                };
            }
        };
        if before.status.is_terminal() {
            return Err(TaskError::Ended(before.status));
        }
        let after = self
            .ports
            .queue
            .cancel(user, id, self.ports.clock.now())
            .await?
            .ok_or(TaskError::NotFound)?;
        self.ports.signal.changed(id);
        // It may have ended between the two reads.
        if after.status.is_terminal() && after.status != TaskStatus::Cancelled {
            return Err(TaskError::Ended(after.status));
        }
        Ok(after)
    }

    /// The oldest task a worker may take now, claimed for `worker`.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn claim(&self, worker: &str) -> anyhow::Result<Option<GenerationTask>> {
        let rules = ClaimRules {
            lease: self.settings.lease,
            per_user: self.settings.max_running_per_user,
        };
        let claimed = self
            .ports
            .queue
            .claim(worker, rules, self.ports.clock.now())
            .await?;
        if let Some(task) = &claimed {
            self.ports.signal.changed(task.id);
        }
        Ok(claimed)
    }

    /// Extends `worker`'s lease on a task it runs.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn renew(&self, id: GenerationId, worker: &str) -> anyhow::Result<LeaseState> {
        let until = self.ports.clock.now() + lease_delta(self.settings.lease);
        self.ports.queue.renew(id, worker, until).await
    }

    /// Runs a claimed task to its end: the pipeline, then the result and the task's end in
    /// one write. A fault the next attempt may not meet puts it back in the queue while it
    /// has attempts left.
    #[tracing::instrument(skip_all, fields(generation.id = %task.id, user.id = %task.user_id, attempt = task.attempts))]
    pub async fn run(&self, task: &GenerationTask, worker: &str) -> RunOutcome {
        let progress = TaskProgress {
            tasks: self,
            id: task.id,
            worker,
            claimed_at: task.stage,
        };
        let outcome = match self.pipeline.make(task, &progress).await {
            Ok(generation) => self.complete(task, worker, &generation).await,
            Err(GenerationError::Stopped) => self.stopped(task.id, worker).await,
            Err(
                e @ (GenerationError::JobNotFound
                | GenerationError::JobGone
                | GenerationError::NoProfile),
            ) => self.fail(task.id, worker, &e.to_string()).await,
            Err(e) => {
                tracing::warn!(error = ?e, "generation task failed");
                self.retry_or_fail(task, worker).await
            }
        };
        self.ports.signal.changed(task.id);
        outcome
    }

    /// Ends a running task whose cancellation the worker saw (its lease renewal said so).
    pub async fn stop_cancelled(&self, id: GenerationId, worker: &str) {
        let now = self.ports.clock.now();
        if let Err(e) = self.ports.queue.cancelled(id, worker, now).await {
            tracing::warn!(error = ?e, generation.id = %id, "could not end a cancelled task; its lease will expire");
        }
        self.ports.signal.changed(id);
    }

    /// Gives a running task back to the queue without counting the attempt (shutdown).
    pub async fn release(&self, id: GenerationId, worker: &str) {
        let now = self.ports.clock.now();
        if let Err(e) = self.ports.queue.release(id, worker, true, now).await {
            tracing::warn!(error = ?e, generation.id = %id, "could not release a task; its lease will expire");
        }
        self.ports.signal.changed(id);
    }

    /// Tasks whose worker died: back in the queue, or failed when out of attempts.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn recover(&self) -> anyhow::Result<Recovered> {
        let recovered = self
            .ports
            .queue
            .recover_expired(self.ports.clock.now(), self.settings.max_attempts)
            .await?;
        if recovered.requeued > 0 {
            self.ports.signal.queued();
        }
        Ok(recovered)
    }

    /// Deletes ended tasks older than `age` (their generations stay in the history).
    ///
    /// # Errors
    /// Storage failures.
    pub async fn purge(&self, age: chrono::Duration) -> anyhow::Result<u64> {
        self.ports
            .queue
            .purge_ended(self.ports.clock.now() - age)
            .await
    }

    async fn complete(
        &self,
        task: &GenerationTask,
        worker: &str,
        generation: &Generation,
    ) -> RunOutcome {
        let now = self.ports.clock.now();
        match self.ports.queue.complete(worker, generation, now).await {
            Ok(true) => RunOutcome::Completed,
            Ok(false) => RunOutcome::Lost,
            Err(e) => match self.ports.jobs.find(task.user_id, task.job_id).await {
                Ok(None) => {
                    self.fail(task.id, worker, &GenerationError::JobGone.to_string())
                        .await
                }
                _ => {
                    tracing::warn!(error = ?e, "could not store a generation");
                    self.retry_or_fail(task, worker).await
                }
            },
        }
    }

    /// The pipeline stopped at a stage check: cancelled, or the lease was lost.
    async fn stopped(&self, id: GenerationId, worker: &str) -> RunOutcome {
        match self.renew(id, worker).await {
            Ok(LeaseState::Held {
                cancel_requested: true,
            }) => {
                self.stop_cancelled(id, worker).await;
                RunOutcome::Cancelled
            }
            _ => RunOutcome::Lost,
        }
    }

    async fn fail(&self, id: GenerationId, worker: &str, reason: &str) -> RunOutcome {
        let now = self.ports.clock.now();
        match self.ports.queue.fail(id, worker, reason, now).await {
            Ok(()) => RunOutcome::Failed,
            Err(e) => {
                tracing::warn!(error = ?e, "could not record a failed task; its lease will expire");
                RunOutcome::Lost
            }
        }
    }

    async fn retry_or_fail(&self, task: &GenerationTask, worker: &str) -> RunOutcome {
        if task.attempts < self.settings.max_attempts {
            let now = self.ports.clock.now();
            match self.ports.queue.release(task.id, worker, false, now).await {
                Ok(()) => {
                    self.ports.signal.queued();
                    RunOutcome::Requeued
                }
                Err(e) => {
                    tracing::warn!(error = ?e, "could not requeue a task; its lease will expire");
                    RunOutcome::Lost
                }
            }
        } else {
            self.fail(task.id, worker, FAILED_FOR_GOOD).await
        }
    }
}

/// The reason a task that kept failing gives.
pub const FAILED_FOR_GOOD: &str =
    "The generation failed after several attempts; please try again later";

/// A lease's length as a time delta.
fn lease_delta(lease: Duration) -> chrono::Duration {
    chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::seconds(30))
}

/// The earlier task of an idempotency key, if the request is the same.
fn replay(
    earlier: GenerationTask,
    job_id: JobId,
    request: &TaskRequest,
) -> Result<(GenerationTask, bool), TaskError> {
    if earlier.job_id == job_id && &earlier.request == request {
        Ok((earlier, true))
    } else {
        Err(TaskError::KeyReused)
    }
}

/// Records each stage on the task and stops the work when the task was cancelled or the
/// worker lost it.
struct TaskProgress<'a> {
    tasks: &'a GenerationTasks,
    id: GenerationId,
    worker: &'a str,
    /// The stage the claim recorded (the first): not written again.
    claimed_at: Option<Stage>,
}

#[async_trait::async_trait]
impl Progress for TaskProgress<'_> {
    async fn reached(&self, stage: Stage) -> Result<(), GenerationError> {
        if self.claimed_at == Some(stage) {
            return Ok(());
        }
        let ports = &self.tasks.ports;
        let state = ports
            .queue
            .stage(self.id, self.worker, stage, ports.clock.now())
            .await?;
        ports.signal.changed(self.id);
        match state {
            LeaseState::Held {
                cancel_requested: false,
            } => Ok(()),
            _ => Err(GenerationError::Stopped),
        }
    }
}

#[cfg(test)]
mod tests;
