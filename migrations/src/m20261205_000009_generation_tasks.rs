//! Generations as durable background tasks: the queue (one row per task, claimed by a
//! worker under a lease) and each task's events, which its event stream replays. Both go
//! with their user and their job.

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
}

#[derive(DeriveIden)]
enum GenerationTasks {
    Table,
    Id,
    UserId,
    JobId,
    DocumentType,
    Request,
    Status,
    Stage,
    Progress,
    Attempts,
    Error,
    CancelRequested,
    IdempotencyKey,
    Worker,
    LeaseUntil,
    EventSeq,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GenerationTaskEvents {
    Table,
    TaskId,
    Seq,
    Status,
    Stage,
    Progress,
    Error,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(GenerationTasks::Table)
                    // The id the generation gets once it is made.
                    .col(pk_uuid(GenerationTasks::Id))
                    .col(big_integer(GenerationTasks::UserId))
                    .col(uuid(GenerationTasks::JobId))
                    .col(string_len(GenerationTasks::DocumentType, 20))
                    // JSON: the request's options.
                    .col(text(GenerationTasks::Request))
                    // queued, running, completed, failed, cancelled
                    .col(string_len(GenerationTasks::Status, 20))
                    .col(string_len_null(GenerationTasks::Stage, 20))
                    .col(integer(GenerationTasks::Progress))
                    .col(integer(GenerationTasks::Attempts))
                    .col(text_null(GenerationTasks::Error))
                    .col(boolean(GenerationTasks::CancelRequested))
                    .col(string_len_null(GenerationTasks::IdempotencyKey, 255))
                    // The worker holding the lease, while running.
                    .col(string_len_null(GenerationTasks::Worker, 100))
                    .col(timestamp_with_time_zone_null(GenerationTasks::LeaseUntil))
                    // The last event's number.
                    .col(big_integer(GenerationTasks::EventSeq))
                    .col(timestamp_with_time_zone(GenerationTasks::CreatedAt))
                    .col(timestamp_with_time_zone(GenerationTasks::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_generation_tasks_user")
                            .from(GenerationTasks::Table, GenerationTasks::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_generation_tasks_job")
                            .from(GenerationTasks::Table, GenerationTasks::JobId)
                            .to(Jobs::Table, Jobs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // An idempotency key is unique per user (NULLs are distinct on both databases).
        manager
            .create_index(
                Index::create()
                    .name("idx_generation_tasks_user_key")
                    .table(GenerationTasks::Table)
                    .col(GenerationTasks::UserId)
                    .col(GenerationTasks::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            // Claims take the oldest queued task; recovery finds expired running ones.
            (
                "idx_generation_tasks_status_created",
                vec![GenerationTasks::Status, GenerationTasks::CreatedAt],
            ),
            // A user's active tasks are counted.
            (
                "idx_generation_tasks_user_status",
                vec![GenerationTasks::UserId, GenerationTasks::Status],
            ),
            ("idx_generation_tasks_job", vec![GenerationTasks::JobId]),
        ] {
            let mut index = Index::create();
            index.name(name).table(GenerationTasks::Table);
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(GenerationTaskEvents::Table)
                    .col(uuid(GenerationTaskEvents::TaskId))
                    .col(big_integer(GenerationTaskEvents::Seq))
                    .col(string_len(GenerationTaskEvents::Status, 20))
                    .col(string_len_null(GenerationTaskEvents::Stage, 20))
                    .col(integer(GenerationTaskEvents::Progress))
                    .col(text_null(GenerationTaskEvents::Error))
                    .col(timestamp_with_time_zone(GenerationTaskEvents::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(GenerationTaskEvents::TaskId)
                            .col(GenerationTaskEvents::Seq),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_generation_task_events_task")
                            .from(GenerationTaskEvents::Table, GenerationTaskEvents::TaskId)
                            .to(GenerationTasks::Table, GenerationTasks::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(GenerationTaskEvents::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(GenerationTasks::Table).to_owned())
            .await
    }
}
