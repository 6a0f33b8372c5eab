//! One row per language-model call: who, for what, which model, tokens, latency, estimated
//! cost and whether the response cache answered. `day` (UTC, `YYYY-MM-DD`) is what budgets
//! and reports group by, the same on both databases.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ModelUsage {
    Table,
    Id,
    UserId,
    Day,
    Feature,
    Model,
    PromptTokens,
    CompletionTokens,
    LatencyMs,
    CostMicros,
    Cached,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ModelUsage::Table)
                    .col(big_pk_auto(ModelUsage::Id))
                    .col(big_integer(ModelUsage::UserId))
                    .col(string_len(ModelUsage::Day, 10))
                    .col(string_len(ModelUsage::Feature, 20))
                    .col(string_len(ModelUsage::Model, 200))
                    .col(big_integer(ModelUsage::PromptTokens))
                    .col(big_integer(ModelUsage::CompletionTokens))
                    .col(big_integer(ModelUsage::LatencyMs))
                    .col(big_integer(ModelUsage::CostMicros))
                    .col(boolean(ModelUsage::Cached))
                    .col(timestamp_with_time_zone(ModelUsage::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_model_usage_user")
                            .from(ModelUsage::Table, ModelUsage::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A user's day (budget) and range (report); everyone's day (the global budget).
        manager
            .create_index(
                Index::create()
                    .name("idx_model_usage_user_day")
                    .table(ModelUsage::Table)
                    .col(ModelUsage::UserId)
                    .col(ModelUsage::Day)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_model_usage_day")
                    .table(ModelUsage::Table)
                    .col(ModelUsage::Day)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ModelUsage::Table).to_owned())
            .await
    }
}
