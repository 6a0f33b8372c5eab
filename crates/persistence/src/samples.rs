//! The `SampleRepository` port on sea-orm.

use crate::error::Context;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, Set,
};
use tailor_domain::ports::SampleRepository;
use tailor_domain::sample::{
    DocumentType, Sample, SampleFilter, SampleFormat, SampleId, SampleSummary,
};
use tailor_domain::user::UserId;
use uuid::Uuid;

use crate::Database;
use crate::entities::sample_documents as samples;
use crate::entities::users;

/// [`SampleRepository`] on sea-orm.
#[derive(Clone)]
pub struct SeaOrmSampleRepository {
    db: Database,
}

impl SeaOrmSampleRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

fn document_type(raw: &str) -> anyhow::Result<DocumentType> {
    DocumentType::parse(raw).map_err(|_| anyhow::anyhow!("stored document_type {raw:?}"))
}

fn format(raw: &str) -> anyhow::Result<SampleFormat> {
    SampleFormat::parse(raw).ok_or_else(|| anyhow::anyhow!("stored format {raw:?}"))
}

/// The listing columns (no text, no style).
#[derive(Debug, FromQueryResult)]
struct SummaryRow {
    id: Uuid,
    user_id: i64,
    document_type: String,
    original_filename: String,
    format: String,
    word_count: i64,
    character_count: i64,
    is_active: bool,
    created_at: DateTime<Utc>,
}

fn filtered(user_id: UserId, filter: SampleFilter) -> Select<samples::Entity> {
    let mut query = samples::Entity::find().filter(samples::Column::UserId.eq(user_id.get()));
    if let Some(t) = filter.document_type {
        query = query.filter(samples::Column::DocumentType.eq(t.as_str()));
    }
    if let Some(active) = filter.is_active {
        query = query.filter(samples::Column::IsActive.eq(active));
    }
    query
}

fn sample(m: samples::Model) -> anyhow::Result<Sample> {
    Ok(Sample {
        id: SampleId::from_uuid(m.id),
        user_id: UserId::new(m.user_id),
        document_type: document_type(&m.document_type)?,
        original_filename: m.original_filename,
        format: format(&m.format)?,
        full_text: m.full_text,
        word_count: m.word_count,
        character_count: m.character_count,
        is_active: m.is_active,
        writing_style: m
            .writing_style
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .context("decode writing_style")?,
        storage_key: m.storage_key,
        sha256: m.sha256,
        size_bytes: m.size_bytes,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

#[async_trait]
impl SampleRepository for SeaOrmSampleRepository {
    #[tracing::instrument(skip_all, fields(sample.id = %s.id))]
    async fn insert_active(&self, s: &Sample) -> anyhow::Result<()> {
        let style = s
            .writing_style
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .context("encode writing_style")?;
        let write = self.db.begin_write().await.context("begin transaction")?;
        // Lock the user's row first: concurrent uploads of one user then run one after the
        // other, so each deactivation sees the sample the other inserted (PostgreSQL runs
        // read committed; SQLite is serialised by the write lock already).
        users::Entity::update_many()
            .col_expr(users::Column::Id, Expr::col(users::Column::Id))
            .filter(users::Column::Id.eq(s.user_id.get()))
            .exec(&write.tx)
            .await
            .context("lock user")?;
        samples::Entity::update_many()
            .col_expr(samples::Column::IsActive, Expr::value(false))
            .col_expr(samples::Column::UpdatedAt, Expr::value(s.created_at))
            .filter(samples::Column::UserId.eq(s.user_id.get()))
            .filter(samples::Column::DocumentType.eq(s.document_type.as_str()))
            .filter(samples::Column::IsActive.eq(true))
            .exec(&write.tx)
            .await
            .context("deactivate earlier samples")?;
        samples::ActiveModel {
            id: Set(s.id.as_uuid()),
            user_id: Set(s.user_id.get()),
            document_type: Set(s.document_type.as_str().to_owned()),
            original_filename: Set(s.original_filename.clone()),
            format: Set(s.format.as_str().to_owned()),
            full_text: Set(s.full_text.clone()),
            word_count: Set(s.word_count),
            character_count: Set(s.character_count),
            is_active: Set(true),
            writing_style: Set(style),
            storage_key: Set(s.storage_key.clone()),
            sha256: Set(s.sha256.clone()),
            size_bytes: Set(s.size_bytes),
            created_at: Set(s.created_at),
            updated_at: Set(s.updated_at),
        }
        .insert(&write.tx)
        .await
        .context("insert sample")?;
        write.tx.commit().await.context("commit sample")?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(user.id = %user_id))]
    async fn list(
        &self,
        user_id: UserId,
        filter: SampleFilter,
        limit: u64,
        offset: u64,
    ) -> anyhow::Result<(Vec<SampleSummary>, u64)> {
        let conn = self.db.conn();
        let total = filtered(user_id, filter)
            .count(conn)
            .await
            .context("count samples")?;
        let rows: Vec<SummaryRow> = filtered(user_id, filter)
            .select_only()
            .columns([
                samples::Column::Id,
                samples::Column::UserId,
                samples::Column::DocumentType,
                samples::Column::OriginalFilename,
                samples::Column::Format,
                samples::Column::WordCount,
                samples::Column::CharacterCount,
                samples::Column::IsActive,
                samples::Column::CreatedAt,
            ])
            .order_by_desc(samples::Column::CreatedAt)
            .order_by_desc(samples::Column::Id)
            .limit(limit)
            .offset(offset)
            .into_model::<SummaryRow>()
            .all(conn)
            .await
            .context("list samples")?;
        let summaries = rows
            .into_iter()
            .map(|r| {
                Ok(SampleSummary {
                    id: SampleId::from_uuid(r.id),
                    user_id: UserId::new(r.user_id),
                    document_type: document_type(&r.document_type)?,
                    original_filename: r.original_filename,
                    format: format(&r.format)?,
                    word_count: r.word_count,
                    character_count: r.character_count,
                    is_active: r.is_active,
                    created_at: r.created_at,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        Ok((summaries, total))
    }

    #[tracing::instrument(skip_all, fields(sample.id = %id))]
    async fn find(&self, user_id: UserId, id: SampleId) -> anyhow::Result<Option<Sample>> {
        let found = samples::Entity::find_by_id(id.as_uuid())
            .filter(samples::Column::UserId.eq(user_id.get()))
            .one(self.db.conn())
            .await
            .context("find sample")?;
        found.map(sample).transpose()
    }

    #[tracing::instrument(skip_all, fields(sample.id = %id))]
    async fn delete(&self, user_id: UserId, id: SampleId) -> anyhow::Result<Option<String>> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        let key: Option<String> = samples::Entity::find_by_id(id.as_uuid())
            .filter(samples::Column::UserId.eq(user_id.get()))
            .select_only()
            .column(samples::Column::StorageKey)
            .into_tuple()
            .one(&write.tx)
            .await
            .context("find sample to delete")?;
        let Some(key) = key else {
            return Ok(None);
        };
        let deleted = samples::Entity::delete_by_id(id.as_uuid())
            .filter(samples::Column::UserId.eq(user_id.get()))
            .exec(&write.tx)
            .await
            .context("delete sample")?;
        write.tx.commit().await.context("commit sample delete")?;
        // A concurrent delete of the same sample may have won: only one answer deletes it.
        Ok((deleted.rows_affected == 1).then_some(key))
    }
}
