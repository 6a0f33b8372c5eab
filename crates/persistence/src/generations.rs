//! The `RankingRepository` and `GenerationRepository` ports on sea-orm.

use async_trait::async_trait;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select, Set,
};
use tailor_domain::generation::{
    DocumentType, Generation, GenerationFilter, GenerationId, Ranking, RankingId,
};
use tailor_domain::job::{JobId, Page};
use tailor_domain::ports::{GenerationRepository, RankingRepository};
use tailor_domain::profile::ProfileId;
use tailor_domain::user::UserId;

use crate::Database;
use crate::entities::exports;
use crate::entities::generation_tasks;
use crate::entities::generations;
use crate::entities::rankings;
use crate::error::Context;
use crate::exports::delete_exports_where;

/// [`RankingRepository`] and [`GenerationRepository`] on sea-orm.
#[derive(Clone)]
pub struct SeaOrmGenerationRepository {
    db: Database,
}

impl SeaOrmGenerationRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

fn ranking(m: rankings::Model) -> anyhow::Result<Ranking> {
    Ok(Ranking {
        id: RankingId::from_uuid(m.id),
        user_id: UserId::new(m.user_id),
        job_id: JobId::from_uuid(m.job_id),
        profile_id: ProfileId::from_uuid(m.profile_id),
        content: serde_json::from_str(&m.content).context("decode ranking content")?,
        rationale: m.rationale,
        metadata: serde_json::from_str(&m.metadata).context("decode ranking metadata")?,
        created_at: m.created_at,
    })
}

fn generation(m: generations::Model) -> anyhow::Result<Generation> {
    let document_type = DocumentType::parse(&m.document_type)
        .ok_or_else(|| anyhow::anyhow!("stored document_type {:?}", m.document_type))?;
    let mut ats: tailor_domain::generation::AtsReport =
        serde_json::from_str(&m.ats_report).context("decode ats_report")?;
    ats.score = m.ats_score;
    ats.feedback = m.ats_feedback;
    Ok(Generation {
        id: GenerationId::from_uuid(m.id),
        user_id: UserId::new(m.user_id),
        job_id: JobId::from_uuid(m.job_id),
        ranking_id: m.ranking_id.map(RankingId::from_uuid),
        document_type,
        content_text: m.content_text,
        content_structured: m.content_structured,
        ats,
        metadata: serde_json::from_str(&m.metadata).context("decode generation metadata")?,
        created_at: m.created_at,
    })
}

fn filtered(user_id: UserId, filter: GenerationFilter) -> Select<generations::Entity> {
    let mut query =
        generations::Entity::find().filter(generations::Column::UserId.eq(user_id.get()));
    if let Some(t) = filter.document_type {
        query = query.filter(generations::Column::DocumentType.eq(t.as_str()));
    }
    if let Some(job) = filter.job_id {
        query = query.filter(generations::Column::JobId.eq(job.as_uuid()));
    }
    query
}

/// Inserts a generation within `tx`.
pub(crate) async fn insert_generation(
    tx: &crate::db::Timed<sea_orm::DatabaseTransaction>,
    g: &Generation,
) -> anyhow::Result<()> {
    let report = serde_json::to_string(&g.ats).context("encode ats_report")?;
    let metadata = serde_json::to_string(&g.metadata).context("encode metadata")?;
    generations::ActiveModel {
        id: Set(g.id.as_uuid()),
        user_id: Set(g.user_id.get()),
        job_id: Set(g.job_id.as_uuid()),
        ranking_id: Set(g.ranking_id.map(RankingId::as_uuid)),
        document_type: Set(g.document_type.as_str().to_owned()),
        content_text: Set(g.content_text.clone()),
        content_structured: Set(g.content_structured.clone()),
        ats_score: Set(g.ats.score),
        ats_feedback: Set(g.ats.feedback.clone()),
        ats_report: Set(report),
        metadata: Set(metadata),
        created_at: Set(g.created_at),
    }
    .insert(tx)
    .await
    .context("insert generation")?;
    Ok(())
}

#[async_trait]
impl RankingRepository for SeaOrmGenerationRepository {
    #[tracing::instrument(skip_all, fields(job.id = %r.job_id))]
    async fn replace(&self, r: &Ranking) -> anyhow::Result<()> {
        let content = serde_json::to_string(&r.content).context("encode ranking content")?;
        let metadata = serde_json::to_string(&r.metadata).context("encode ranking metadata")?;
        let write = self.db.begin_write().await.context("begin transaction")?;
        // One statement: concurrent rankings of one job end as the last one written, where
        // a delete and an insert would collide on the (user, job) key.
        rankings::Entity::insert(rankings::ActiveModel {
            id: Set(r.id.as_uuid()),
            user_id: Set(r.user_id.get()),
            job_id: Set(r.job_id.as_uuid()),
            profile_id: Set(r.profile_id.as_uuid()),
            content: Set(content),
            rationale: Set(r.rationale.clone()),
            metadata: Set(metadata),
            created_at: Set(r.created_at),
        })
        .on_conflict(
            OnConflict::columns([rankings::Column::UserId, rankings::Column::JobId])
                .update_columns([
                    rankings::Column::Id,
                    rankings::Column::ProfileId,
                    rankings::Column::Content,
                    rankings::Column::Rationale,
                    rankings::Column::Metadata,
                    rankings::Column::CreatedAt,
                ])
                .to_owned(),
        )
        .exec(&write.tx)
        .await
        .context("upsert ranking")?;
        write.tx.commit().await.context("commit ranking")?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(job.id = %job_id))]
    async fn find_for_job(
        &self,
        user_id: UserId,
        job_id: JobId,
    ) -> anyhow::Result<Option<Ranking>> {
        let found = rankings::Entity::find()
            .filter(rankings::Column::UserId.eq(user_id.get()))
            .filter(rankings::Column::JobId.eq(job_id.as_uuid()))
            .one(self.db.conn())
            .await
            .context("find ranking")?;
        found.map(ranking).transpose()
    }
}

#[async_trait]
impl GenerationRepository for SeaOrmGenerationRepository {
    #[tracing::instrument(skip_all, fields(generation.id = %g.id))]
    async fn insert(&self, g: &Generation) -> anyhow::Result<()> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        insert_generation(&write.tx, g).await?;
        write.tx.commit().await.context("commit generation")?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(generation.id = %id))]
    async fn find(&self, user_id: UserId, id: GenerationId) -> anyhow::Result<Option<Generation>> {
        let found = generations::Entity::find_by_id(id.as_uuid())
            .filter(generations::Column::UserId.eq(user_id.get()))
            .one(self.db.conn())
            .await
            .context("find generation")?;
        found.map(generation).transpose()
    }

    #[tracing::instrument(skip_all, fields(user.id = %user_id))]
    async fn list(
        &self,
        user_id: UserId,
        filter: GenerationFilter,
        page: Page,
    ) -> anyhow::Result<(Vec<Generation>, u64)> {
        let read = self.db.begin_read().await.context("begin read")?;
        let total = filtered(user_id, filter)
            .count(&read)
            .await
            .context("count generations")?;
        let rows = filtered(user_id, filter)
            .order_by_desc(generations::Column::CreatedAt)
            .order_by_desc(generations::Column::Id)
            .limit(page.limit)
            .offset(page.offset)
            .all(&read)
            .await
            .context("list generations")?;
        read.commit().await.context("end read")?;
        let generations = rows
            .into_iter()
            .map(generation)
            .collect::<anyhow::Result<_>>()?;
        Ok((generations, total))
    }

    #[tracing::instrument(skip_all, fields(generation.id = %id))]
    async fn delete(
        &self,
        user_id: UserId,
        id: GenerationId,
    ) -> anyhow::Result<Option<Vec<String>>> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        // Its exports first (the foreign key cascades too; deleting explicitly returns the
        // keys of their files).
        let keys = delete_exports_where(
            &write.tx,
            Condition::all()
                .add(exports::Column::GenerationId.eq(id.as_uuid()))
                .add(exports::Column::UserId.eq(user_id.get())),
        )
        .await?;
        let deleted = generations::Entity::delete_by_id(id.as_uuid())
            .filter(generations::Column::UserId.eq(user_id.get()))
            .exec(&write.tx)
            .await
            .context("delete generation")?;
        // The background task that made it (its events go with it).
        let task = generation_tasks::Entity::delete_by_id(id.as_uuid())
            .filter(generation_tasks::Column::UserId.eq(user_id.get()))
            .exec(&write.tx)
            .await
            .context("delete generation task")?;
        write
            .tx
            .commit()
            .await
            .context("commit generation delete")?;
        Ok((deleted.rows_affected == 1 || task.rows_affected == 1).then_some(keys))
    }
}

#[cfg(test)]
pub(crate) mod tests;
