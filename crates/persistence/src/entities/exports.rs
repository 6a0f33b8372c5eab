//! The `exports` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: i64,
    pub generation_id: Option<Uuid>,
    pub job_id: Option<Uuid>,
    pub format: String,
    pub template: String,
    pub document_type: Option<String>,
    pub filename: String,
    pub storage_key: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub page_count: Option<i32>,
    pub file_count: Option<i32>,
    /// JSON text.
    pub metadata: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
