//! Saved jobs and their application-status timelines.

use crate::error::Context;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::LikeExpr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select, SelectModel, Selector, Set,
};
use tailor_domain::job::{
    ApplicationStatus, EmploymentType, Job, JobFilter, JobId, JobSort, JobSortField, JobSource,
    JobStatus, Money, Page, SalaryPeriod, SalaryRange, Seniority, StatusChange, WorkMode,
};
use tailor_domain::ports::{JobRepository, LockedJob};
use tailor_domain::user::UserId;

use std::collections::HashMap;
use std::sync::{Arc, Weak};

use tokio::sync::{Mutex, OwnedMutexGuard};
use uuid::Uuid;

use crate::db::WriteTx;
use crate::entities::exports;
use crate::entities::job_status_changes as changes;
use crate::entities::jobs;
use crate::exports::delete_exports_where;
use crate::{Backend, Database};

/// A job read in a write transaction that holds its row (PostgreSQL) or the write lock
/// (SQLite) until it is saved or dropped.
struct SeaOrmLockedJob {
    job: Job,
    write: Option<WriteTx>,
    _queued: Option<OwnedMutexGuard<()>>,
}

#[async_trait]
impl LockedJob for SeaOrmLockedJob {
    fn job(&self) -> &Job {
        &self.job
    }

    #[tracing::instrument(skip_all, fields(job.id = %j.id))]
    async fn save(&mut self, j: &Job, change: Option<StatusChange>) -> anyhow::Result<()> {
        let write = self
            .write
            .take()
            .ok_or_else(|| anyhow::anyhow!("a locked job is saved once"))?;
        anyhow::ensure!(
            j.id == self.job.id && j.user_id == self.job.user_id,
            "a locked job is saved as itself"
        );
        let mut row = active(j)?;
        // The key and owner never change.
        row.id = sea_orm::ActiveValue::NotSet;
        row.user_id = sea_orm::ActiveValue::NotSet;
        row.created_at = sea_orm::ActiveValue::NotSet;
        let updated = jobs::Entity::update_many()
            .set(row)
            .filter(jobs::Column::Id.eq(j.id.as_uuid()))
            .filter(jobs::Column::Version.eq(self.job.version))
            .exec(&write.tx)
            .await
            .context("update job")?;
        // The row is locked: nothing else can have changed it.
        anyhow::ensure!(updated.rows_affected == 1, "locked job changed underneath");
        if let Some(c) = &change {
            change_row(c)
                .insert(&write.tx)
                .await
                .context("insert status change")?;
        }
        write.tx.commit().await.context("commit job")?;
        Ok(())
    }
}

/// [`JobRepository`] on sea-orm.
#[derive(Clone)]
pub struct SeaOrmJobRepository {
    db: Database,
    waiting: JobLocks,
}

impl SeaOrmJobRepository {
    pub fn new(db: Database) -> Self {
        Self {
            db,
            waiting: JobLocks::default(),
        }
    }
}

/// One in-process lock per job being changed. Updates of one job queue here, holding no
/// pooled connection, rather than each holding one while PostgreSQL makes it wait for the
/// row lock (a burst of updates of one job would otherwise take the whole pool). The row
/// lock still orders updates from several instances.
#[derive(Clone, Default)]
struct JobLocks(Arc<std::sync::Mutex<HashMap<Uuid, Weak<Mutex<()>>>>>);

impl JobLocks {
    fn of(&self, id: JobId) -> Arc<Mutex<()>> {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(lock) = map.get(&id.as_uuid()).and_then(Weak::upgrade) {
            return lock;
        }
        if map.len() >= 1024 {
            map.retain(|_, lock| lock.strong_count() > 0);
        }
        let lock = Arc::new(Mutex::new(()));
        map.insert(id.as_uuid(), Arc::downgrade(&lock));
        lock
    }
}

fn to_json(items: &[String]) -> anyhow::Result<String> {
    serde_json::to_string(items).context("encode list")
}

fn from_json(raw: &str, what: &str) -> anyhow::Result<Vec<String>> {
    serde_json::from_str(raw).with_context(|| format!("decode stored {what}"))
}

fn stored<T>(raw: &str, what: &str, parse: impl Fn(&str) -> Option<T>) -> anyhow::Result<T> {
    parse(raw).ok_or_else(|| anyhow::anyhow!("stored {what} {raw:?}"))
}

fn opt_stored<T>(
    raw: Option<&str>,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> anyhow::Result<Option<T>> {
    raw.map(|r| stored(r, what, &parse)).transpose()
}

/// Every column but `search_text`, which only the database reads.
#[derive(Debug, FromQueryResult)]
struct JobRow {
    id: uuid::Uuid,
    user_id: i64,
    source: String,
    title: String,
    company: String,
    location: Option<String>,
    description: Option<String>,
    raw_text: Option<String>,
    source_url: Option<String>,
    keywords: String,
    requirements: String,
    preferred_requirements: String,
    responsibilities: String,
    benefits: String,
    salary_range: Option<String>,
    salary_min_cents: Option<i64>,
    salary_max_cents: Option<i64>,
    salary_currency: Option<String>,
    salary_period: Option<String>,
    remote: bool,
    work_mode: Option<String>,
    employment_type: String,
    seniority: Option<String>,
    years_experience: Option<i32>,
    status: String,
    application_status: String,
    applied_date: Option<DateTime<Utc>>,
    notes: Option<String>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// `query` reading the columns of [`JobRow`].
fn job_columns(query: Select<jobs::Entity>) -> Selector<SelectModel<JobRow>> {
    use jobs::Column as C;
    query
        .select_only()
        .columns([
            C::Id,
            C::UserId,
            C::Source,
            C::Title,
            C::Company,
            C::Location,
            C::Description,
            C::RawText,
            C::SourceUrl,
            C::Keywords,
            C::Requirements,
            C::PreferredRequirements,
            C::Responsibilities,
            C::Benefits,
            C::SalaryRange,
            C::SalaryMinCents,
            C::SalaryMaxCents,
            C::SalaryCurrency,
            C::SalaryPeriod,
            C::Remote,
            C::WorkMode,
            C::EmploymentType,
            C::Seniority,
            C::YearsExperience,
            C::Status,
            C::ApplicationStatus,
            C::AppliedDate,
            C::Notes,
            C::Version,
            C::CreatedAt,
            C::UpdatedAt,
        ])
        .into_model::<JobRow>()
}

fn job(m: JobRow) -> anyhow::Result<Job> {
    let cents = |v: Option<i64>, column: &str| -> anyhow::Result<Option<Money>> {
        v.map(|c| u64::try_from(c).map(Money::from_cents))
            .transpose()
            .with_context(|| format!("stored {column}"))
    };
    let min = cents(m.salary_min_cents, "salary_min_cents")?;
    let max = cents(m.salary_max_cents, "salary_max_cents")?;
    let salary = match (
        min.is_some() || max.is_some(),
        m.salary_currency,
        m.salary_period,
    ) {
        (true, Some(currency), Some(period)) => Some(SalaryRange {
            min,
            max,
            currency,
            period: stored(&period, "salary_period", SalaryPeriod::parse)?,
        }),
        _ => None,
    };
    Ok(Job {
        id: JobId::from_uuid(m.id),
        user_id: UserId::new(m.user_id),
        source: stored(&m.source, "source", JobSource::parse)?,
        title: m.title,
        // An empty `company` column stands for "not named" (see `active_model`).
        company: (!m.company.is_empty()).then_some(m.company),
        location: m.location,
        description: m.description,
        raw_text: m.raw_text,
        source_url: m.source_url,
        keywords: from_json(&m.keywords, "keywords")?,
        requirements: from_json(&m.requirements, "requirements")?,
        preferred_requirements: from_json(&m.preferred_requirements, "preferred_requirements")?,
        responsibilities: from_json(&m.responsibilities, "responsibilities")?,
        benefits: from_json(&m.benefits, "benefits")?,
        salary_range: m.salary_range,
        salary,
        remote: m.remote,
        work_mode: opt_stored(m.work_mode.as_deref(), "work_mode", WorkMode::parse)?,
        employment_type: stored(&m.employment_type, "employment_type", EmploymentType::parse)?,
        seniority: opt_stored(m.seniority.as_deref(), "seniority", Seniority::parse)?,
        years_experience: m
            .years_experience
            .map(u32::try_from)
            .transpose()
            .context("stored years_experience")?,
        status: stored(&m.status, "status", JobStatus::parse)?,
        application_status: stored(
            &m.application_status,
            "application_status",
            ApplicationStatus::parse,
        )?,
        applied_date: m.applied_date,
        notes: m.notes,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// Every column of `j`, set.
fn active(j: &Job) -> anyhow::Result<jobs::ActiveModel> {
    let salary = j.salary.as_ref();
    let amount = |v: Option<Money>| {
        v.map(|m| i64::try_from(m.cents()).context("salary out of range"))
            .transpose()
    };
    Ok(jobs::ActiveModel {
        id: Set(j.id.as_uuid()),
        user_id: Set(j.user_id.get()),
        source: Set(j.source.as_str().to_owned()),
        title: Set(j.title.clone()),
        // A job without a company stores an empty string: the column predates optional
        // companies, and SQLite cannot relax its NOT NULL without rebuilding the table. The
        // domain never stores an empty name (`job_name` refuses blanks), so "" means none.
        company: Set(j.company.clone().unwrap_or_default()),
        location: Set(j.location.clone()),
        description: Set(j.description.clone()),
        raw_text: Set(j.raw_text.clone()),
        source_url: Set(j.source_url.clone()),
        keywords: Set(to_json(&j.keywords)?),
        requirements: Set(to_json(&j.requirements)?),
        preferred_requirements: Set(to_json(&j.preferred_requirements)?),
        responsibilities: Set(to_json(&j.responsibilities)?),
        benefits: Set(to_json(&j.benefits)?),
        salary_range: Set(j.salary_range.clone()),
        salary_min_cents: Set(salary.map(|s| amount(s.min)).transpose()?.flatten()),
        salary_max_cents: Set(salary.map(|s| amount(s.max)).transpose()?.flatten()),
        salary_currency: Set(salary.map(|s| s.currency.clone())),
        salary_period: Set(salary.map(|s| s.period.as_str().to_owned())),
        remote: Set(j.remote),
        work_mode: Set(j.work_mode.map(|w| w.as_str().to_owned())),
        employment_type: Set(j.employment_type.as_str().to_owned()),
        seniority: Set(j.seniority.map(|s| s.as_str().to_owned())),
        years_experience: Set(j
            .years_experience
            .map(i32::try_from)
            .transpose()
            .context("years_experience out of range")?),
        status: Set(j.status.as_str().to_owned()),
        application_status: Set(j.application_status.as_str().to_owned()),
        applied_date: Set(j.applied_date),
        notes: Set(j.notes.clone()),
        search_text: Set(j.search_text()),
        version: Set(j.version),
        created_at: Set(j.created_at),
        updated_at: Set(j.updated_at),
    })
}

fn change_row(c: &StatusChange) -> changes::ActiveModel {
    changes::ActiveModel {
        job_id: Set(c.job_id.as_uuid()),
        from_status: Set(c.from_status.map(|s| s.as_str().to_owned())),
        to_status: Set(c.to_status.as_str().to_owned()),
        changed_at: Set(c.changed_at),
        ..Default::default()
    }
}

fn change(m: changes::Model) -> anyhow::Result<StatusChange> {
    Ok(StatusChange {
        job_id: JobId::from_uuid(m.job_id),
        from_status: opt_stored(
            m.from_status.as_deref(),
            "from_status",
            ApplicationStatus::parse,
        )?,
        to_status: stored(&m.to_status, "to_status", ApplicationStatus::parse)?,
        changed_at: m.changed_at,
    })
}

/// `%text%` with LIKE's wildcards in `text` escaped.
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

fn filtered(user_id: UserId, filter: &JobFilter) -> Select<jobs::Entity> {
    let mut query = jobs::Entity::find().filter(jobs::Column::UserId.eq(user_id.get()));
    if let Some(status) = filter.status {
        query = query.filter(jobs::Column::Status.eq(status.as_str()));
    }
    if let Some(source) = filter.source {
        query = query.filter(jobs::Column::Source.eq(source.as_str()));
    }
    if let Some(status) = filter.application_status {
        query = query.filter(jobs::Column::ApplicationStatus.eq(status.as_str()));
    }
    if let Some(kind) = filter.employment_type {
        query = query.filter(jobs::Column::EmploymentType.eq(kind.as_str()));
    }
    if let Some(remote) = filter.remote {
        query = query.filter(jobs::Column::Remote.eq(remote));
    }
    if let Some(q) = filter.query.as_deref() {
        let pattern = contains_pattern(&q.to_lowercase());
        query = query.filter(jobs::Column::SearchText.like(LikeExpr::new(pattern).escape('\\')));
    }
    query
}

#[async_trait]
impl JobRepository for SeaOrmJobRepository {
    #[tracing::instrument(skip_all, fields(job.id = %j.id))]
    async fn insert(&self, j: &Job, first: &StatusChange) -> anyhow::Result<()> {
        let row = active(j)?;
        let write = self.db.begin_write().await.context("begin transaction")?;
        row.insert(&write.tx).await.context("insert job")?;
        change_row(first)
            .insert(&write.tx)
            .await
            .context("insert first status")?;
        write.tx.commit().await.context("commit job")?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(job.id = %id))]
    async fn find(&self, user_id: UserId, id: JobId) -> anyhow::Result<Option<Job>> {
        job_columns(
            jobs::Entity::find_by_id(id.as_uuid()).filter(jobs::Column::UserId.eq(user_id.get())),
        )
        .one(self.db.conn())
        .await
        .context("find job")?
        .map(job)
        .transpose()
    }

    #[tracing::instrument(skip_all, fields(user.id = %user_id))]
    async fn list(
        &self,
        user_id: UserId,
        filter: &JobFilter,
        sort: JobSort,
        page: Page,
    ) -> anyhow::Result<(Vec<Job>, u64)> {
        // The count and the page come from one snapshot, so `total` agrees with the rows.
        let tx = self.db.begin_read().await.context("begin read")?;
        let total = filtered(user_id, filter)
            .count(&tx)
            .await
            .context("count jobs")?;
        if total == 0 || page.offset >= total {
            tx.commit().await.context("end read")?;
            return Ok((Vec::new(), total));
        }
        let column = match sort.field {
            JobSortField::CreatedAt => jobs::Column::CreatedAt,
            JobSortField::UpdatedAt => jobs::Column::UpdatedAt,
        };
        let query = filtered(user_id, filter);
        let query = if sort.descending {
            query.order_by_desc(column).order_by_desc(jobs::Column::Id)
        } else {
            query.order_by_asc(column).order_by_asc(jobs::Column::Id)
        };
        let rows = job_columns(query.limit(page.limit).offset(page.offset))
            .all(&tx)
            .await
            .context("list jobs")?;
        tx.commit().await.context("end read")?;
        let jobs = rows.into_iter().map(job).collect::<anyhow::Result<_>>()?;
        Ok((jobs, total))
    }

    #[tracing::instrument(skip_all, fields(job.id = %id))]
    async fn lock(&self, user_id: UserId, id: JobId) -> anyhow::Result<Option<Box<dyn LockedJob>>> {
        let queued = match self.db.backend() {
            // SQLite's write lock serialises every writer of the process already.
            Backend::Sqlite => None,
            Backend::Postgres => Some(
                self.db
                    .deadline(self.waiting.of(id).lock_owned())
                    .await
                    .context("wait for the job's lock")?,
            ),
        };
        let write = self.db.begin_write().await.context("begin transaction")?;
        // FOR UPDATE on PostgreSQL; SQLite has no row locks, and the write lock the
        // transaction holds keeps every other writer of this process out.
        let found = job_columns(
            jobs::Entity::find_by_id(id.as_uuid())
                .filter(jobs::Column::UserId.eq(user_id.get()))
                .lock_exclusive(),
        )
        .one(&write.tx)
        .await
        .context("lock job")?;
        let Some(row) = found else {
            return Ok(None);
        };
        Ok(Some(Box::new(SeaOrmLockedJob {
            job: job(row)?,
            write: Some(write),
            _queued: queued,
        })))
    }

    #[tracing::instrument(skip_all, fields(job.id = %id))]
    async fn delete(&self, user_id: UserId, id: JobId) -> anyhow::Result<Option<Vec<String>>> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        // What hangs on the job goes first (foreign keys cascade too; deleting explicitly
        // keeps the transaction independent of that setting). Rankings, generations and
        // exports join here, and the storage keys of their files are returned.
        let owned = jobs::Entity::find_by_id(id.as_uuid())
            .filter(jobs::Column::UserId.eq(user_id.get()))
            .count(&write.tx)
            .await
            .context("find job to delete")?
            > 0;
        if !owned {
            return Ok(None);
        }
        let keys = delete_exports_where(
            &write.tx,
            Condition::all()
                .add(exports::Column::JobId.eq(id.as_uuid()))
                .add(exports::Column::UserId.eq(user_id.get())),
        )
        .await?;
        changes::Entity::delete_many()
            .filter(changes::Column::JobId.eq(id.as_uuid()))
            .exec(&write.tx)
            .await
            .context("delete status history")?;
        let deleted = jobs::Entity::delete_many()
            .filter(jobs::Column::Id.eq(id.as_uuid()))
            .filter(jobs::Column::UserId.eq(user_id.get()))
            .exec(&write.tx)
            .await
            .context("delete job")?;
        write.tx.commit().await.context("commit job delete")?;
        // A concurrent delete of the same job may have won: only one answer deletes it.
        Ok((deleted.rows_affected == 1).then_some(keys))
    }

    #[tracing::instrument(skip_all, fields(job.id = %id))]
    async fn status_history(
        &self,
        user_id: UserId,
        id: JobId,
        page: Page,
    ) -> anyhow::Result<Option<(Vec<StatusChange>, u64)>> {
        // Ownership, count and page from one snapshot: a concurrent delete is a 404, not
        // an empty history.
        let tx = self.db.begin_read().await.context("begin read")?;
        let owned = jobs::Entity::find_by_id(id.as_uuid())
            .filter(jobs::Column::UserId.eq(user_id.get()))
            .count(&tx)
            .await
            .context("find job")?
            > 0;
        if !owned {
            tx.commit().await.context("end read")?;
            return Ok(None);
        }
        let of_job = || changes::Entity::find().filter(changes::Column::JobId.eq(id.as_uuid()));
        let total = of_job().count(&tx).await.context("count status changes")?;
        let rows = of_job()
            .order_by_asc(changes::Column::Id)
            .limit(page.limit)
            .offset(page.offset)
            .all(&tx)
            .await
            .context("list status changes")?;
        tx.commit().await.context("end read")?;
        let history = rows
            .into_iter()
            .map(change)
            .collect::<anyhow::Result<_>>()?;
        Ok(Some((history, total)))
    }
}

#[cfg(test)]
mod tests;
