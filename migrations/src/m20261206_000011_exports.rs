//! Exports: a generation (or several, in a ZIP) rendered to a file kept in the document
//! store under `storage_key`. A row exists only while its file does: the file is written
//! first and removed again if the row cannot be; deleting removes the row first, then the
//! file.
//!
//! Deleting a generation or a job deletes their exports (the services remove the files);
//! the foreign keys cascade as well, for deletes that bypass them.

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
enum Generations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Exports {
    Table,
    Id,
    UserId,
    GenerationId,
    JobId,
    Format,
    Template,
    DocumentType,
    Filename,
    StorageKey,
    SizeBytes,
    Sha256,
    PageCount,
    FileCount,
    Metadata,
    CreatedAt,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Exports::Table)
                    .col(pk_uuid(Exports::Id))
                    .col(big_integer(Exports::UserId))
                    .col(uuid_null(Exports::GenerationId))
                    .col(uuid_null(Exports::JobId))
                    .col(string_len(Exports::Format, 8))
                    .col(string_len(Exports::Template, 20))
                    .col(string_len_null(Exports::DocumentType, 20))
                    .col(string_len(Exports::Filename, 100))
                    .col(string_len_uniq(Exports::StorageKey, 200))
                    .col(big_integer(Exports::SizeBytes))
                    .col(string_len(Exports::Sha256, 64))
                    .col(integer_null(Exports::PageCount))
                    .col(integer_null(Exports::FileCount))
                    .col(text(Exports::Metadata))
                    .col(timestamp_with_time_zone(Exports::CreatedAt))
                    .col(timestamp_with_time_zone(Exports::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_exports_user")
                            .from(Exports::Table, Exports::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_exports_generation")
                            .from(Exports::Table, Exports::GenerationId)
                            .to(Generations::Table, Generations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_exports_job")
                            .from(Exports::Table, Exports::JobId)
                            .to(Jobs::Table, Jobs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A user's list, newest first (and by format).
        manager
            .create_index(
                Index::create()
                    .name("idx_exports_user_created")
                    .table(Exports::Table)
                    .col(Exports::UserId)
                    .col(Exports::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_exports_job")
                    .table(Exports::Table)
                    .col(Exports::JobId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_exports_generation")
                    .table(Exports::Table)
                    .col(Exports::GenerationId)
                    .to_owned(),
            )
            .await?;
        // The purge's scan.
        manager
            .create_index(
                Index::create()
                    .name("idx_exports_expires")
                    .table(Exports::Table)
                    .col(Exports::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Exports::Table).to_owned())
            .await
    }
}
