//! The `GenerationQueue` port on sea-orm: background generations as rows, claimed under a
//! lease. On PostgreSQL a claim locks its row with `FOR UPDATE SKIP LOCKED`, so several
//! instances take different tasks from one queue without waiting on each other; on SQLite
//! the write lock serialises claims within the process, and every change checks the row's
//! state in its `WHERE`, so a second process cannot take a task twice either.
//!
//! Every change of a task and its event are written in one transaction; a task's `event_seq`
//! is its last event's number.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait as _, Func, LockBehavior, LockType, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr, Statement,
};
use tailor_domain::generation::{
    Generation, GenerationId, GenerationTask, Stage, TaskEvent, TaskRequest, TaskStatus,
};
use tailor_domain::job::JobId;
use tailor_domain::ports::{ClaimRules, Enqueued, GenerationQueue, LeaseState, Recovered};
use tailor_domain::user::UserId;

use crate::db::Timed;
use crate::entities::generation_task_events as events;
use crate::entities::generation_tasks as tasks;
use crate::error::Context;
use crate::generations::insert_generation;
use crate::{Backend, Database};

/// The first key of the PostgreSQL advisory locks that make one user's claims take
/// turns ("tg" for tasks of generations); the second is the user's.
const CLAIM_LOCK_SPACE: i32 = 0x7467;
/// How many expired tasks one recovery handles.
const RECOVER_BATCH: u64 = 100;
/// The reason a task out of attempts after its workers died gives.
pub const INTERRUPTED: &str =
    "The generation was interrupted too many times (its worker stopped); please try again";

/// [`GenerationQueue`] on sea-orm.
#[derive(Clone)]
pub struct SeaOrmGenerationQueue {
    db: Database,
}

impl SeaOrmGenerationQueue {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

type Tx = Timed<DatabaseTransaction>;

fn task(m: tasks::Model) -> anyhow::Result<GenerationTask> {
    let request: TaskRequest =
        serde_json::from_str(&m.request).context("decode generation task request")?;
    Ok(GenerationTask {
        id: GenerationId::from_uuid(m.id),
        user_id: UserId::new(m.user_id),
        job_id: JobId::from_uuid(m.job_id),
        request,
        status: status(&m.status)?,
        stage: m.stage.as_deref().and_then(Stage::parse),
        progress: u8::try_from(m.progress.clamp(0, 100)).unwrap_or(0),
        attempts: u32::try_from(m.attempts).unwrap_or(0),
        error: m.error,
        cancel_requested: m.cancel_requested,
        idempotency_key: m.idempotency_key,
        lease_until: m.lease_until,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

fn status(raw: &str) -> anyhow::Result<TaskStatus> {
    TaskStatus::parse(raw).ok_or_else(|| anyhow::anyhow!("stored task status {raw:?}"))
}

fn event(m: events::Model) -> anyhow::Result<TaskEvent> {
    Ok(TaskEvent {
        seq: m.seq,
        status: status(&m.status)?,
        stage: m.stage.as_deref().and_then(Stage::parse),
        progress: u8::try_from(m.progress.clamp(0, 100)).unwrap_or(0),
        error: m.error,
        at: m.created_at,
    })
}

/// A change to write to a task held by a worker (or queued), with its event.
struct Change {
    status: TaskStatus,
    stage: Option<Stage>,
    progress: u8,
    error: Option<String>,
}

/// Writes `change` to the task in `row` (as read in this transaction) and appends its
/// event. Worker, lease and the cancel flag are cleared once the task is not running.
async fn apply(
    tx: &Tx,
    row: tasks::Model,
    change: Change,
    now: DateTime<Utc>,
) -> anyhow::Result<tasks::Model> {
    let seq = row.event_seq + 1;
    let running = change.status == TaskStatus::Running;
    let mut active: tasks::ActiveModel = row.into();
    active.status = Set(change.status.as_str().to_owned());
    active.stage = Set(change.stage.map(|s| s.as_str().to_owned()));
    active.progress = Set(i32::from(change.progress));
    active.error = Set(change.error.clone());
    active.event_seq = Set(seq);
    active.updated_at = Set(now);
    if !running {
        active.worker = Set(None);
        active.lease_until = Set(None);
        active.cancel_requested = Set(false);
    }
    let updated = active.update(tx).await.context("update generation task")?;
    append_event(tx, &updated, now).await?;
    Ok(updated)
}

async fn append_event(tx: &Tx, row: &tasks::Model, now: DateTime<Utc>) -> anyhow::Result<()> {
    events::ActiveModel {
        task_id: Set(row.id),
        seq: Set(row.event_seq),
        status: Set(row.status.clone()),
        stage: Set(row.stage.clone()),
        progress: Set(row.progress),
        error: Set(row.error.clone()),
        created_at: Set(now),
    }
    .insert(tx)
    .await
    .context("insert generation task event")?;
    Ok(())
}

/// The task, locked, when `worker` holds it (running under its lease).
async fn held(tx: &Tx, id: GenerationId, worker: &str) -> anyhow::Result<Option<tasks::Model>> {
    tasks::Entity::find_by_id(id.as_uuid())
        .filter(tasks::Column::Status.eq(TaskStatus::Running.as_str()))
        .filter(tasks::Column::Worker.eq(worker))
        .lock_exclusive()
        .one(tx)
        .await
        .context("find held generation task")
}

/// A user's id as the second key of an advisory lock (ids beyond `i32` share keys, which
/// only makes some claims wait a little longer).
fn user_lock_key(user_id: i64) -> i32 {
    i32::try_from(user_id.rem_euclid(i64::from(i32::MAX))).unwrap_or(0)
}

fn lease_end(now: DateTime<Utc>, rules: ClaimRules) -> DateTime<Utc> {
    now + chrono::Duration::from_std(rules.lease).unwrap_or(chrono::Duration::seconds(30))
}

impl SeaOrmGenerationQueue {
    /// Runs `f` on the task `worker` holds, in one write transaction; [`LeaseState::Lost`]
    /// when it does not hold it.
    async fn with_held<F>(
        &self,
        id: GenerationId,
        worker: &str,
        now: DateTime<Utc>,
        f: F,
    ) -> anyhow::Result<Option<tasks::Model>>
    where
        F: FnOnce(tasks::Model) -> Option<Change>,
    {
        let write = self.db.begin_write().await.context("begin transaction")?;
        let Some(row) = held(&write.tx, id, worker).await? else {
            return Ok(None);
        };
        let row = match f(row.clone()) {
            Some(change) => apply(&write.tx, row, change, now).await?,
            None => row,
        };
        write.tx.commit().await.context("commit generation task")?;
        Ok(Some(row))
    }
}

fn lease_state(row: Option<&tasks::Model>) -> LeaseState {
    match row {
        Some(r) if r.status == TaskStatus::Running.as_str() => LeaseState::Held {
            cancel_requested: r.cancel_requested,
        },
        _ => LeaseState::Lost,
    }
}

#[async_trait]
impl GenerationQueue for SeaOrmGenerationQueue {
    #[tracing::instrument(skip_all, fields(generation.id = %t.id))]
    async fn enqueue(&self, t: &GenerationTask) -> anyhow::Result<Enqueued> {
        let request = serde_json::to_string(&t.request).context("encode task request")?;
        let write = self.db.begin_write().await.context("begin transaction")?;
        let inserted = tasks::ActiveModel {
            id: Set(t.id.as_uuid()),
            user_id: Set(t.user_id.get()),
            job_id: Set(t.job_id.as_uuid()),
            document_type: Set(t.request.document_type().as_str().to_owned()),
            request: Set(request),
            status: Set(TaskStatus::Queued.as_str().to_owned()),
            stage: Set(None),
            progress: Set(0),
            attempts: Set(0),
            error: Set(None),
            cancel_requested: Set(false),
            idempotency_key: Set(t.idempotency_key.clone()),
            worker: Set(None),
            lease_until: Set(None),
            event_seq: Set(1),
            created_at: Set(t.created_at),
            updated_at: Set(t.created_at),
        }
        .insert(&write.tx)
        .await;
        match inserted {
            Ok(row) => {
                append_event(&write.tx, &row, t.created_at).await?;
                write.tx.commit().await.context("commit generation task")?;
                Ok(Enqueued::New)
            }
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                drop(write);
                let key = t.idempotency_key.as_deref().unwrap_or_default();
                match self.find_by_key(t.user_id, key).await? {
                    Some(earlier) => Ok(Enqueued::Existing(earlier)),
                    None => Err(anyhow::anyhow!(e).context("insert generation task")),
                }
            }
            Err(e) => Err(e).context("insert generation task"),
        }
    }

    #[tracing::instrument(skip_all, fields(generation.id = %id))]
    async fn find(&self, user: UserId, id: GenerationId) -> anyhow::Result<Option<GenerationTask>> {
        tasks::Entity::find_by_id(id.as_uuid())
            .filter(tasks::Column::UserId.eq(user.get()))
            .one(self.db.conn())
            .await
            .context("find generation task")?
            .map(task)
            .transpose()
    }

    async fn find_by_key(&self, user: UserId, key: &str) -> anyhow::Result<Option<GenerationTask>> {
        tasks::Entity::find()
            .filter(tasks::Column::UserId.eq(user.get()))
            .filter(tasks::Column::IdempotencyKey.eq(key))
            .one(self.db.conn())
            .await
            .context("find generation task by key")?
            .map(task)
            .transpose()
    }

    async fn active_count(&self, user: UserId) -> anyhow::Result<u64> {
        tasks::Entity::find()
            .filter(tasks::Column::UserId.eq(user.get()))
            .filter(
                tasks::Column::Status
                    .is_in([TaskStatus::Queued.as_str(), TaskStatus::Running.as_str()]),
            )
            .count(self.db.conn())
            .await
            .context("count active generation tasks")
    }

    #[tracing::instrument(skip_all, fields(generation.id = %id))]
    async fn events(
        &self,
        user: UserId,
        id: GenerationId,
        after_seq: i64,
        limit: u64,
    ) -> anyhow::Result<Option<Vec<TaskEvent>>> {
        let read = self.db.begin_read().await.context("begin read")?;
        let owned = tasks::Entity::find_by_id(id.as_uuid())
            .filter(tasks::Column::UserId.eq(user.get()))
            .count(&read)
            .await
            .context("find generation task")?
            > 0;
        if !owned {
            read.commit().await.context("end read")?;
            return Ok(None);
        }
        let rows = events::Entity::find()
            .filter(events::Column::TaskId.eq(id.as_uuid()))
            .filter(events::Column::Seq.gt(after_seq))
            .order_by_asc(events::Column::Seq)
            .limit(limit)
            .all(&read)
            .await
            .context("list generation task events")?;
        read.commit().await.context("end read")?;
        rows.into_iter()
            .map(event)
            .collect::<anyhow::Result<Vec<_>>>()
            .map(Some)
    }

    #[tracing::instrument(skip_all, fields(generation.id = %id))]
    async fn cancel(
        &self,
        user: UserId,
        id: GenerationId,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<GenerationTask>> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        let Some(row) = tasks::Entity::find_by_id(id.as_uuid())
            .filter(tasks::Column::UserId.eq(user.get()))
            .lock_exclusive()
            .one(&write.tx)
            .await
            .context("find generation task")?
        else {
            return Ok(None);
        };
        let row = match status(&row.status)? {
            TaskStatus::Queued => {
                let change = Change {
                    status: TaskStatus::Cancelled,
                    stage: row.stage.as_deref().and_then(Stage::parse),
                    progress: u8::try_from(row.progress).unwrap_or(0),
                    error: None,
                };
                apply(&write.tx, row, change, now).await?
            }
            TaskStatus::Running if !row.cancel_requested => {
                let mut active: tasks::ActiveModel = row.into();
                active.cancel_requested = Set(true);
                active.updated_at = Set(now);
                active
                    .update(&write.tx)
                    .await
                    .context("mark generation task for cancellation")?
            }
            _ => row,
        };
        write.tx.commit().await.context("commit generation task")?;
        task(row).map(Some)
    }

    #[tracing::instrument(skip_all)]
    async fn claim(
        &self,
        worker: &str,
        rules: ClaimRules,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<GenerationTask>> {
        let per_user = i64::from(std::cmp::max(rules.per_user, 1));
        let write = self.db.begin_write().await.context("begin transaction")?;
        let mut passed_over: Vec<i64> = Vec::new();
        let row = loop {
            // The oldest queued task whose user is below the limit and that no other claim
            // holds: SKIP LOCKED on PostgreSQL, so concurrent claims take different rows
            // without waiting; on SQLite the write lock keeps other claims of this process
            // out.
            let at_limit = Query::select()
                .column(tasks::Column::UserId)
                .from(tasks::Entity)
                .and_where(tasks::Column::Status.eq(TaskStatus::Running.as_str()))
                .group_by_col(tasks::Column::UserId)
                .and_having(Expr::expr(Func::count(Expr::col(tasks::Column::Id))).gte(per_user))
                .to_owned();
            let Some(row) = tasks::Entity::find()
                .filter(tasks::Column::Status.eq(TaskStatus::Queued.as_str()))
                .filter(tasks::Column::UserId.not_in_subquery(at_limit))
                .filter(tasks::Column::UserId.is_not_in(passed_over.clone()))
                .order_by_asc(tasks::Column::CreatedAt)
                .order_by_asc(tasks::Column::Id)
                .limit(1)
                .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
                .one(&write.tx)
                .await
                .context("find a queued generation task")?
            else {
                return Ok(None);
            };
            if self.db.backend() == Backend::Sqlite {
                break row;
            }
            // PostgreSQL: claims of one user's tasks take turns (the lock ends with the
            // transaction), and the count is read again after the wait, so two instances
            // cannot both start a user's last allowed task.
            let backend = write.tx.get_database_backend();
            write
                .tx
                .execute_raw(Statement::from_sql_and_values(
                    backend,
                    "SELECT pg_advisory_xact_lock($1, $2)",
                    [CLAIM_LOCK_SPACE.into(), user_lock_key(row.user_id).into()],
                ))
                .await
                .context("wait for the user's claim lock")?;
            let running = tasks::Entity::find()
                .filter(tasks::Column::UserId.eq(row.user_id))
                .filter(tasks::Column::Status.eq(TaskStatus::Running.as_str()))
                .count(&write.tx)
                .await
                .context("count the user's running generation tasks")?;
            if i64::try_from(running).unwrap_or(i64::MAX) < per_user {
                break row;
            }
            passed_over.push(row.user_id);
        };
        let attempts = row.attempts + 1;
        let mut active: tasks::ActiveModel = row.into();
        active.worker = Set(Some(worker.to_owned()));
        active.lease_until = Set(Some(lease_end(now, rules)));
        active.attempts = Set(attempts);
        let row = active
            .update(&write.tx)
            .await
            .context("claim generation task")?;
        // Running at the pipeline's first stage: one event for both.
        let change = Change {
            status: TaskStatus::Running,
            stage: Some(Stage::FIRST),
            progress: Stage::FIRST.progress(),
            error: None,
        };
        let row = apply(&write.tx, row, change, now).await?;
        write.tx.commit().await.context("commit claim")?;
        task(row).map(Some)
    }

    async fn renew(
        &self,
        id: GenerationId,
        worker: &str,
        lease_until: DateTime<Utc>,
    ) -> anyhow::Result<LeaseState> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        let Some(row) = held(&write.tx, id, worker).await? else {
            return Ok(LeaseState::Lost);
        };
        let mut active: tasks::ActiveModel = row.into();
        active.lease_until = Set(Some(lease_until));
        let row = active
            .update(&write.tx)
            .await
            .context("renew generation task lease")?;
        write.tx.commit().await.context("commit lease")?;
        Ok(lease_state(Some(&row)))
    }

    async fn stage(
        &self,
        id: GenerationId,
        worker: &str,
        stage: Stage,
        now: DateTime<Utc>,
    ) -> anyhow::Result<LeaseState> {
        let row = self
            .with_held(id, worker, now, |_| {
                Some(Change {
                    status: TaskStatus::Running,
                    stage: Some(stage),
                    progress: stage.progress(),
                    error: None,
                })
            })
            .await?;
        Ok(lease_state(row.as_ref()))
    }

    #[tracing::instrument(skip_all, fields(generation.id = %generation.id))]
    async fn complete(
        &self,
        worker: &str,
        generation: &Generation,
        now: DateTime<Utc>,
    ) -> anyhow::Result<bool> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        let Some(row) = held(&write.tx, generation.id, worker).await? else {
            return Ok(false);
        };
        if row.cancel_requested {
            // Asked to stop: the work is dropped, as the user wanted.
            let change = Change {
                status: TaskStatus::Cancelled,
                stage: row.stage.as_deref().and_then(Stage::parse),
                progress: u8::try_from(row.progress).unwrap_or(0),
                error: None,
            };
            apply(&write.tx, row, change, now).await?;
            write.tx.commit().await.context("commit generation task")?;
            return Ok(false);
        }
        insert_generation(&write.tx, generation).await?;
        let change = Change {
            status: TaskStatus::Completed,
            stage: Some(Stage::Scoring),
            progress: 100,
            error: None,
        };
        apply(&write.tx, row, change, now).await?;
        write.tx.commit().await.context("commit generation")?;
        Ok(true)
    }

    async fn fail(
        &self,
        id: GenerationId,
        worker: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        self.with_held(id, worker, now, |row| {
            Some(Change {
                status: TaskStatus::Failed,
                stage: row.stage.as_deref().and_then(Stage::parse),
                progress: u8::try_from(row.progress).unwrap_or(0),
                error: Some(reason.to_owned()),
            })
        })
        .await?;
        Ok(())
    }

    async fn cancelled(
        &self,
        id: GenerationId,
        worker: &str,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        self.with_held(id, worker, now, |row| {
            Some(Change {
                status: TaskStatus::Cancelled,
                stage: row.stage.as_deref().and_then(Stage::parse),
                progress: u8::try_from(row.progress).unwrap_or(0),
                error: None,
            })
        })
        .await?;
        Ok(())
    }

    async fn release(
        &self,
        id: GenerationId,
        worker: &str,
        uncount: bool,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        let Some(row) = held(&write.tx, id, worker).await? else {
            return Ok(());
        };
        let cancelled = row.cancel_requested;
        let attempts = if uncount {
            std::cmp::max(row.attempts - 1, 0)
        } else {
            row.attempts
        };
        let mut active: tasks::ActiveModel = row.into();
        active.attempts = Set(attempts);
        let row = active
            .update(&write.tx)
            .await
            .context("release generation task")?;
        // A task whose cancellation was asked for ends here instead of running again.
        let change = Change {
            status: if cancelled {
                TaskStatus::Cancelled
            } else {
                TaskStatus::Queued
            },
            stage: None,
            progress: 0,
            error: None,
        };
        apply(&write.tx, row, change, now).await?;
        write.tx.commit().await.context("commit generation task")?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn recover_expired(
        &self,
        now: DateTime<Utc>,
        max_attempts: u32,
    ) -> anyhow::Result<Recovered> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        let expired = tasks::Entity::find()
            .filter(tasks::Column::Status.eq(TaskStatus::Running.as_str()))
            .filter(tasks::Column::LeaseUntil.lt(now))
            .order_by_asc(tasks::Column::LeaseUntil)
            .limit(RECOVER_BATCH)
            .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
            .all(&write.tx)
            .await
            .context("find expired generation tasks")?;
        let mut recovered = Recovered::default();
        for row in expired {
            let out_of_attempts = u32::try_from(row.attempts).unwrap_or(u32::MAX) >= max_attempts;
            let change = if row.cancel_requested {
                recovered.failed += 1;
                Change {
                    status: TaskStatus::Cancelled,
                    stage: None,
                    progress: 0,
                    error: None,
                }
            } else if out_of_attempts {
                recovered.failed += 1;
                Change {
                    status: TaskStatus::Failed,
                    stage: row.stage.as_deref().and_then(Stage::parse),
                    progress: u8::try_from(row.progress).unwrap_or(0),
                    error: Some(INTERRUPTED.to_owned()),
                }
            } else {
                recovered.requeued += 1;
                Change {
                    status: TaskStatus::Queued,
                    stage: None,
                    progress: 0,
                    error: None,
                }
            };
            apply(&write.tx, row, change, now).await?;
        }
        write.tx.commit().await.context("commit recovery")?;
        Ok(recovered)
    }

    async fn purge_ended(&self, before: DateTime<Utc>) -> anyhow::Result<u64> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        let ended = Condition::all()
            .add(tasks::Column::Status.is_in([
                TaskStatus::Completed.as_str(),
                TaskStatus::Failed.as_str(),
                TaskStatus::Cancelled.as_str(),
            ]))
            .add(tasks::Column::UpdatedAt.lt(before));
        // Events first: the transaction does not rely on the cascade.
        events::Entity::delete_many()
            .filter(
                events::Column::TaskId.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(tasks::Column::Id)
                        .from(tasks::Entity)
                        .cond_where(ended.clone())
                        .to_owned(),
                ),
            )
            .exec(&write.tx)
            .await
            .context("delete ended generation task events")?;
        let deleted = tasks::Entity::delete_many()
            .filter(ended)
            .exec(&write.tx)
            .await
            .context("delete ended generation tasks")?;
        write.tx.commit().await.context("commit purge")?;
        Ok(deleted.rows_affected)
    }
}

#[cfg(test)]
mod tests;
