//! The `generations` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "generations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: i64,
    pub job_id: Uuid,
    pub ranking_id: Option<Uuid>,
    pub document_type: String,
    pub content_text: String,
    /// JSON text, served as a string.
    pub content_structured: String,
    pub ats_score: f64,
    pub ats_feedback: String,
    /// JSON text.
    pub ats_report: String,
    /// JSON text.
    pub metadata: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
