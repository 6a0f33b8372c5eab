//! Tailor's schema migrations, one file per migration, shared by SQLite and PostgreSQL.
//!
//! Each migration declares its own identifiers (never the entities of the persistence crate),
//! so later entity changes cannot change old migrations. Every migration has an `up` and a
//! `down`; CI runs up, down, up on both backends.
#![forbid(unsafe_code)]

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_create_accounts;
mod m20261126_000002_create_profiles;
mod m20261126_000003_create_samples;
mod m20261201_000004_create_jobs;
mod m20261202_000005_refresh_grace;
mod m20261203_000006_create_generations;
mod m20261204_000007_salary_cents;
mod m20261204_000008_hybrid_is_not_remote;
mod m20261205_000009_generation_tasks;
mod m20261205_000010_model_usage;
mod m20261206_000011_exports;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_create_accounts::Migration),
            Box::new(m20261126_000002_create_profiles::Migration),
            Box::new(m20261126_000003_create_samples::Migration),
            Box::new(m20261201_000004_create_jobs::Migration),
            Box::new(m20261202_000005_refresh_grace::Migration),
            Box::new(m20261203_000006_create_generations::Migration),
            Box::new(m20261204_000007_salary_cents::Migration),
            Box::new(m20261204_000008_hybrid_is_not_remote::Migration),
            Box::new(m20261205_000009_generation_tasks::Migration),
            Box::new(m20261205_000010_model_usage::Migration),
            Box::new(m20261206_000011_exports::Migration),
        ]
    }
}

/// A schema command, as `tailor migrate` and this crate's own binary take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Apply every pending migration.
    Up,
    /// Roll back the last `n` applied migrations (all of them when `None`).
    Down(Option<u32>),
    /// Report applied and pending migrations.
    Status,
}

/// Runs `command` against `db` and returns a human-readable report, one line per migration.
///
/// # Errors
/// Any database error; a failed migration is rolled back where the backend allows it.
pub async fn execute(
    db: &sea_orm_migration::sea_orm::DatabaseConnection,
    command: Command,
) -> Result<String, DbErr> {
    match command {
        Command::Up => {
            let pending = Migrator::get_pending_migrations(db).await?;
            Migrator::up(db, None).await?;
            Ok(report("applied", pending.iter().map(|m| m.name())))
        }
        Command::Down(steps) => {
            let mut applied = Migrator::get_applied_migrations(db).await?;
            applied.reverse();
            let n = steps.map_or(applied.len(), |n| n as usize);
            Migrator::down(
                db,
                Some(<u32 as std::convert::TryFrom<usize>>::try_from(n).unwrap_or(u32::MAX)),
            )
            .await?;
            Ok(report(
                "rolled back",
                applied.iter().take(n).map(|m| m.name()),
            ))
        }
        Command::Status => {
            let all = Migrator::get_migration_with_status(db).await?;
            let mut out = String::new();
            for m in &all {
                out.push_str(&format!("{:<8} {}\n", m.status().to_string(), m.name()));
            }
            if all.is_empty() {
                out.push_str("no migrations\n");
            }
            Ok(out)
        }
    }
}

fn report<'a>(verb: &str, names: impl Iterator<Item = &'a str>) -> String {
    let lines: Vec<String> = names.map(|n| format!("{verb} {n}\n")).collect();
    if lines.is_empty() {
        format!("nothing to do ({verb} none)\n")
    } else {
        lines.concat()
    }
}
