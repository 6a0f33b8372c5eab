//! The `generation_tasks` table: the queue of background generations.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "generation_tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: i64,
    pub job_id: Uuid,
    pub document_type: String,
    /// JSON text.
    pub request: String,
    pub status: String,
    pub stage: Option<String>,
    pub progress: i32,
    pub attempts: i32,
    pub error: Option<String>,
    pub cancel_requested: bool,
    pub idempotency_key: Option<String>,
    pub worker: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    pub event_seq: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
