//! The `jobs` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: i64,
    pub source: String,
    pub title: String,
    pub company: String,
    pub location: Option<String>,
    pub description: Option<String>,
    pub raw_text: Option<String>,
    pub source_url: Option<String>,
    /// JSON arrays of strings, as text.
    pub keywords: String,
    pub requirements: String,
    pub preferred_requirements: String,
    pub responsibilities: String,
    pub benefits: String,
    pub salary_range: Option<String>,
    pub salary_min_cents: Option<i64>,
    pub salary_max_cents: Option<i64>,
    pub salary_currency: Option<String>,
    pub salary_period: Option<String>,
    pub remote: bool,
    pub work_mode: Option<String>,
    pub employment_type: String,
    pub seniority: Option<String>,
    pub years_experience: Option<i32>,
    pub status: String,
    pub application_status: String,
    pub applied_date: Option<DateTimeUtc>,
    pub notes: Option<String>,
    pub search_text: String,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
