//! Salaries keep their cents ("$62.00 - $78.50 per hour"), and one-sided ranges ("up to
//! £45k") keep the missing bound empty: the bounds move from whole units (`salary_min`,
//! `salary_max`) to hundredths (`salary_min_cents`, `salary_max_cents`). Existing figures are
//! converted in the same migration; going down rounds cents away.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Jobs {
    Table,
    SalaryMin,
    SalaryMax,
    SalaryMinCents,
    SalaryMaxCents,
}

/// Adds `to` (nullable BIGINT), fills it from `from` with `expr`, drops `from`. One column per
/// statement: SQLite alters one thing at a time.
async fn move_column(
    manager: &SchemaManager<'_>,
    from: Jobs,
    to: Jobs,
    expr: SimpleExpr,
) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter()
                .table(Jobs::Table)
                .add_column(big_integer_null(to))
                .to_owned(),
        )
        .await?;
    manager
        .exec_stmt(
            Query::update()
                .table(Jobs::Table)
                .value(to, expr)
                .and_where(Expr::col(from).is_not_null())
                .to_owned(),
        )
        .await?;
    manager
        .alter_table(
            Table::alter()
                .table(Jobs::Table)
                .drop_column(from)
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        move_column(
            manager,
            Jobs::SalaryMin,
            Jobs::SalaryMinCents,
            Expr::col(Jobs::SalaryMin).mul(100),
        )
        .await?;
        move_column(
            manager,
            Jobs::SalaryMax,
            Jobs::SalaryMaxCents,
            Expr::col(Jobs::SalaryMax).mul(100),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // (cents + 50) / 100: integer division on both backends, rounded half up.
        move_column(
            manager,
            Jobs::SalaryMinCents,
            Jobs::SalaryMin,
            Expr::col(Jobs::SalaryMinCents).add(50).div(100),
        )
        .await?;
        move_column(
            manager,
            Jobs::SalaryMaxCents,
            Jobs::SalaryMax,
            Expr::col(Jobs::SalaryMaxCents).add(50).div(100),
        )
        .await
    }
}
