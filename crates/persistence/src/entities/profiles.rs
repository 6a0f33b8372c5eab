//! The `profiles` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub user_id: i64,
    /// JSON text.
    pub personal_info: String,
    pub professional_summary: Option<String>,
    pub enhanced_professional_summary: Option<String>,
    /// JSON text.
    pub enhancement_metadata: String,
    /// JSON text.
    pub skills: String,
    /// JSON text.
    pub custom_fields: String,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
