//! Saved job postings and the timeline of each one's application status.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    UserId,
    Source,
    Title,
    Company,
    Location,
    Description,
    RawText,
    SourceUrl,
    Keywords,
    Requirements,
    PreferredRequirements,
    Responsibilities,
    Benefits,
    SalaryRange,
    SalaryMin,
    SalaryMax,
    SalaryCurrency,
    SalaryPeriod,
    Remote,
    WorkMode,
    EmploymentType,
    Seniority,
    YearsExperience,
    Status,
    ApplicationStatus,
    AppliedDate,
    Notes,
    SearchText,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum JobStatusChanges {
    Table,
    Id,
    JobId,
    FromStatus,
    ToStatus,
    ChangedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .col(pk_uuid(Jobs::Id))
                    .col(big_integer(Jobs::UserId))
                    .col(string_len(Jobs::Source, 20))
                    .col(string_len(Jobs::Title, 200))
                    .col(string_len(Jobs::Company, 200))
                    .col(string_len_null(Jobs::Location, 200))
                    .col(text_null(Jobs::Description))
                    .col(text_null(Jobs::RawText))
                    .col(string_len_null(Jobs::SourceUrl, 500))
                    // JSON arrays of strings, as text.
                    .col(text(Jobs::Keywords))
                    .col(text(Jobs::Requirements))
                    .col(text(Jobs::PreferredRequirements))
                    .col(text(Jobs::Responsibilities))
                    .col(text(Jobs::Benefits))
                    .col(string_len_null(Jobs::SalaryRange, 100))
                    .col(big_integer_null(Jobs::SalaryMin))
                    .col(big_integer_null(Jobs::SalaryMax))
                    .col(string_len_null(Jobs::SalaryCurrency, 3))
                    .col(string_len_null(Jobs::SalaryPeriod, 10))
                    .col(boolean(Jobs::Remote))
                    .col(string_len_null(Jobs::WorkMode, 10))
                    .col(string_len(Jobs::EmploymentType, 20))
                    .col(string_len_null(Jobs::Seniority, 20))
                    .col(integer_null(Jobs::YearsExperience))
                    .col(string_len(Jobs::Status, 20))
                    .col(string_len(Jobs::ApplicationStatus, 20))
                    .col(timestamp_with_time_zone_null(Jobs::AppliedDate))
                    .col(text_null(Jobs::Notes))
                    // Lower-cased title, company and description for `q`, the same on
                    // both databases (SQLite's LIKE and lower() fold ASCII only).
                    .col(text(Jobs::SearchText))
                    .col(big_integer(Jobs::Version))
                    .col(timestamp_with_time_zone(Jobs::CreatedAt))
                    .col(timestamp_with_time_zone(Jobs::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_jobs_user")
                            .from(Jobs::Table, Jobs::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The list is always one user's, ordered by created_at or updated_at; the status
        // filters are the ones the app's tabs use.
        for (name, cols) in [
            (
                "idx_jobs_user_created",
                vec![Jobs::UserId, Jobs::CreatedAt, Jobs::Id],
            ),
            (
                "idx_jobs_user_updated",
                vec![Jobs::UserId, Jobs::UpdatedAt, Jobs::Id],
            ),
            (
                "idx_jobs_user_status_created",
                vec![Jobs::UserId, Jobs::Status, Jobs::CreatedAt],
            ),
            (
                "idx_jobs_user_application_status_created",
                vec![Jobs::UserId, Jobs::ApplicationStatus, Jobs::CreatedAt],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Jobs::Table);
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(JobStatusChanges::Table)
                    .col(big_pk_auto(JobStatusChanges::Id))
                    .col(uuid(JobStatusChanges::JobId))
                    .col(string_len_null(JobStatusChanges::FromStatus, 20))
                    .col(string_len(JobStatusChanges::ToStatus, 20))
                    .col(timestamp_with_time_zone(JobStatusChanges::ChangedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_job_status_changes_job")
                            .from(JobStatusChanges::Table, JobStatusChanges::JobId)
                            .to(Jobs::Table, Jobs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_job_status_changes_job")
                    .table(JobStatusChanges::Table)
                    .col(JobStatusChanges::JobId)
                    .col(JobStatusChanges::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(JobStatusChanges::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Jobs::Table).to_owned())
            .await
    }
}
