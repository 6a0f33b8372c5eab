//! The `ExportRepository` port on sea-orm.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Select, Set,
};
use tailor_domain::export::{Export, ExportFormat, ExportId, ExportMetadata, Template};
use tailor_domain::generation::{DocumentType, GenerationId};
use tailor_domain::job::{JobId, Page};
use tailor_domain::ports::{ExportFilter, ExportRepository};
use tailor_domain::user::UserId;

use crate::Database;
use crate::entities::{exports, generations, jobs};
use crate::error::Context;

/// [`ExportRepository`] on sea-orm.
#[derive(Clone)]
pub struct SeaOrmExportRepository {
    db: Database,
}

impl SeaOrmExportRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

fn export(m: exports::Model) -> anyhow::Result<Export> {
    let format = ExportFormat::parse(&m.format)
        .ok_or_else(|| anyhow::anyhow!("stored export format {:?}", m.format))?;
    let template = Template::parse(&m.template)
        .ok_or_else(|| anyhow::anyhow!("stored export template {:?}", m.template))?;
    let document_type = m
        .document_type
        .as_deref()
        .map(|t| {
            DocumentType::parse(t).ok_or_else(|| anyhow::anyhow!("stored document_type {t:?}"))
        })
        .transpose()?;
    let metadata: ExportMetadata =
        serde_json::from_str(&m.metadata).context("decode export metadata")?;
    Ok(Export {
        id: ExportId::from_uuid(m.id),
        user_id: UserId::new(m.user_id),
        generation_id: m.generation_id.map(GenerationId::from_uuid),
        job_id: m.job_id.map(JobId::from_uuid),
        format,
        template,
        document_type,
        filename: m.filename,
        storage_key: m.storage_key,
        size_bytes: u64::try_from(m.size_bytes).unwrap_or(0),
        sha256: m.sha256,
        page_count: m.page_count.and_then(|n| u32::try_from(n).ok()),
        file_count: m.file_count.and_then(|n| u32::try_from(n).ok()),
        metadata,
        created_at: m.created_at,
        expires_at: m.expires_at,
    })
}

/// The user's live exports matching `filter`.
fn live(user_id: UserId, filter: ExportFilter, now: DateTime<Utc>) -> Select<exports::Entity> {
    let mut query = exports::Entity::find()
        .filter(exports::Column::UserId.eq(user_id.get()))
        .filter(exports::Column::ExpiresAt.gt(now));
    if let Some(format) = filter.format {
        query = query.filter(exports::Column::Format.eq(format.as_str()));
    }
    if let Some(job_id) = filter.job_id {
        query = query.filter(exports::Column::JobId.eq(job_id.as_uuid()));
    }
    query
}

fn count_i32(n: Option<u32>) -> Option<i32> {
    n.map(|n| i32::try_from(n).unwrap_or(i32::MAX))
}

#[async_trait]
impl ExportRepository for SeaOrmExportRepository {
    #[tracing::instrument(skip_all, fields(export.id = %e.id))]
    async fn insert(&self, e: &Export) -> anyhow::Result<bool> {
        let metadata = serde_json::to_string(&e.metadata).context("encode export metadata")?;
        let write = self.db.begin_write().await.context("begin transaction")?;
        // What the export was made from must still be there, and stays there until the
        // commit (a shared lock on PostgreSQL; SQLite's write transaction excludes deletes).
        let source_exists = if let Some(generation_id) = e.generation_id {
            generations::Entity::find_by_id(generation_id.as_uuid())
                .filter(generations::Column::UserId.eq(e.user_id.get()))
                .lock_shared()
                .one(&write.tx)
                .await
                .context("find the export's generation")?
                .is_some()
        } else if let Some(job_id) = e.job_id {
            jobs::Entity::find_by_id(job_id.as_uuid())
                .filter(jobs::Column::UserId.eq(e.user_id.get()))
                .lock_shared()
                .one(&write.tx)
                .await
                .context("find the export's job")?
                .is_some()
        } else {
            true
        };
        if !source_exists {
            return Ok(false);
        }
        exports::ActiveModel {
            id: Set(e.id.as_uuid()),
            user_id: Set(e.user_id.get()),
            generation_id: Set(e.generation_id.map(GenerationId::as_uuid)),
            job_id: Set(e.job_id.map(JobId::as_uuid)),
            format: Set(e.format.as_str().to_owned()),
            template: Set(e.template.as_str().to_owned()),
            document_type: Set(e.document_type.map(|t| t.as_str().to_owned())),
            filename: Set(e.filename.clone()),
            storage_key: Set(e.storage_key.clone()),
            size_bytes: Set(i64::try_from(e.size_bytes).unwrap_or(i64::MAX)),
            sha256: Set(e.sha256.clone()),
            page_count: Set(count_i32(e.page_count)),
            file_count: Set(count_i32(e.file_count)),
            metadata: Set(metadata),
            created_at: Set(e.created_at),
            expires_at: Set(e.expires_at),
        }
        .insert(&write.tx)
        .await
        .context("insert export")?;
        write.tx.commit().await.context("commit export")?;
        Ok(true)
    }

    #[tracing::instrument(skip_all, fields(user.id = %user_id))]
    async fn list(
        &self,
        user_id: UserId,
        filter: ExportFilter,
        page: Page,
        now: DateTime<Utc>,
    ) -> anyhow::Result<(Vec<Export>, u64, u64)> {
        let read = self.db.begin_read().await.context("begin read")?;
        let (total, size): (i64, i64) = live(user_id, filter, now)
            .select_only()
            .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "total")
            .column_as(
                Expr::cust("CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT)"),
                "size",
            )
            .into_tuple()
            .one(&read)
            .await
            .context("count exports")?
            .unwrap_or((0, 0));
        let rows = live(user_id, filter, now)
            .order_by_desc(exports::Column::CreatedAt)
            .order_by_desc(exports::Column::Id)
            .limit(page.limit)
            .offset(page.offset)
            .all(&read)
            .await
            .context("list exports")?;
        read.commit().await.context("end read")?;
        let exports = rows
            .into_iter()
            .map(export)
            .collect::<anyhow::Result<_>>()?;
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        Ok((exports, n(total), n(size)))
    }

    #[tracing::instrument(skip_all, fields(export.id = %id))]
    async fn find(
        &self,
        user_id: UserId,
        id: ExportId,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<Export>> {
        let found = live(user_id, ExportFilter::default(), now)
            .filter(exports::Column::Id.eq(id.as_uuid()))
            .one(self.db.conn())
            .await
            .context("find export")?;
        found.map(export).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn find_by_key(&self, key: &str, now: DateTime<Utc>) -> anyhow::Result<Option<Export>> {
        let found = exports::Entity::find()
            .filter(exports::Column::StorageKey.eq(key))
            .filter(exports::Column::ExpiresAt.gt(now))
            .one(self.db.conn())
            .await
            .context("find export by key")?;
        found.map(export).transpose()
    }

    #[tracing::instrument(skip_all, fields(export.id = %id))]
    async fn delete(&self, user_id: UserId, id: ExportId) -> anyhow::Result<Option<String>> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        let found: Option<String> = exports::Entity::find_by_id(id.as_uuid())
            .filter(exports::Column::UserId.eq(user_id.get()))
            .select_only()
            .column(exports::Column::StorageKey)
            .into_tuple()
            .one(&write.tx)
            .await
            .context("find export to delete")?;
        let Some(key) = found else {
            return Ok(None);
        };
        let deleted = exports::Entity::delete_by_id(id.as_uuid())
            .filter(exports::Column::UserId.eq(user_id.get()))
            .exec(&write.tx)
            .await
            .context("delete export")?;
        write.tx.commit().await.context("commit export delete")?;
        // A concurrent delete of the same export may have won: only one answer deletes it.
        Ok((deleted.rows_affected == 1).then_some(key))
    }

    #[tracing::instrument(skip_all, fields(keys = keys.len()))]
    async fn known_keys(&self, keys: &[String]) -> anyhow::Result<Vec<String>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let known: Vec<String> = exports::Entity::find()
            .filter(exports::Column::StorageKey.is_in(keys.iter().cloned()))
            .select_only()
            .column(exports::Column::StorageKey)
            .into_tuple()
            .all(self.db.conn())
            .await
            .context("find export keys")?;
        Ok(known)
    }

    #[tracing::instrument(skip_all)]
    async fn purge_expired(&self, now: DateTime<Utc>, limit: u64) -> anyhow::Result<Vec<String>> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        let expired: Vec<(uuid::Uuid, String)> = exports::Entity::find()
            .filter(exports::Column::ExpiresAt.lte(now))
            .order_by_asc(exports::Column::ExpiresAt)
            .limit(limit)
            .select_only()
            .column(exports::Column::Id)
            .column(exports::Column::StorageKey)
            .into_tuple()
            .all(&write.tx)
            .await
            .context("find expired exports")?;
        if expired.is_empty() {
            return Ok(Vec::new());
        }
        exports::Entity::delete_many()
            .filter(exports::Column::Id.is_in(expired.iter().map(|(id, _)| *id)))
            .exec(&write.tx)
            .await
            .context("delete expired exports")?;
        write.tx.commit().await.context("commit export purge")?;
        Ok(expired.into_iter().map(|(_, key)| key).collect())
    }
}

/// Deletes the exports matching `condition` inside `tx`; their storage keys.
pub(crate) async fn delete_exports_where(
    tx: &impl sea_orm::ConnectionTrait,
    condition: Condition,
) -> anyhow::Result<Vec<String>> {
    let keys: Vec<String> = exports::Entity::find()
        .filter(condition.clone())
        .select_only()
        .column(exports::Column::StorageKey)
        .into_tuple()
        .all(tx)
        .await
        .context("find exports to delete")?;
    if !keys.is_empty() {
        exports::Entity::delete_many()
            .filter(condition)
            .exec(tx)
            .await
            .context("delete exports")?;
    }
    Ok(keys)
}

#[cfg(test)]
mod tests;
