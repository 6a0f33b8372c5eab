//! The `sample_documents` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sample_documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: i64,
    pub document_type: String,
    pub original_filename: String,
    pub format: String,
    pub full_text: String,
    pub word_count: i64,
    pub character_count: i64,
    pub is_active: bool,
    /// JSON text.
    pub writing_style: Option<String>,
    pub storage_key: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
