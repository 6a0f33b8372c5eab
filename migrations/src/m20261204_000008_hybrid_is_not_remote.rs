//! `remote` now means fully remote: jobs saved earlier with a hybrid work mode were flagged
//! remote, and are not any more. Going down flags them again.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Remote,
    WorkMode,
}

async fn set_hybrid_remote(manager: &SchemaManager<'_>, remote: bool) -> Result<(), DbErr> {
    manager
        .exec_stmt(
            Query::update()
                .table(Jobs::Table)
                .value(Jobs::Remote, remote)
                .and_where(Expr::col(Jobs::WorkMode).eq("hybrid"))
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_hybrid_remote(manager, false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_hybrid_remote(manager, true).await
    }
}
