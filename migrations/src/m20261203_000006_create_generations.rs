//! Rankings of a profile's content for a job (at most one per user and job), and the
//! documents generated from them. Both go with their job, their user and (rankings) their
//! profile.

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
enum Profiles {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Rankings {
    Table,
    Id,
    UserId,
    JobId,
    ProfileId,
    Content,
    Rationale,
    Metadata,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Generations {
    Table,
    Id,
    UserId,
    JobId,
    RankingId,
    DocumentType,
    ContentText,
    ContentStructured,
    AtsScore,
    AtsFeedback,
    AtsReport,
    Metadata,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Rankings::Table)
                    .col(pk_uuid(Rankings::Id))
                    .col(big_integer(Rankings::UserId))
                    .col(uuid(Rankings::JobId))
                    .col(uuid(Rankings::ProfileId))
                    // JSON: the ranked items with their scores and evidence.
                    .col(text(Rankings::Content))
                    .col(text_null(Rankings::Rationale))
                    // JSON: model, tokens, time, prompt version.
                    .col(text(Rankings::Metadata))
                    .col(timestamp_with_time_zone(Rankings::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_rankings_user")
                            .from(Rankings::Table, Rankings::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_rankings_job")
                            .from(Rankings::Table, Rankings::JobId)
                            .to(Jobs::Table, Jobs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_rankings_profile")
                            .from(Rankings::Table, Rankings::ProfileId)
                            .to(Profiles::Table, Profiles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rankings_user_job")
                    .table(Rankings::Table)
                    .col(Rankings::UserId)
                    .col(Rankings::JobId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rankings_job")
                    .table(Rankings::Table)
                    .col(Rankings::JobId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rankings_profile")
                    .table(Rankings::Table)
                    .col(Rankings::ProfileId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Generations::Table)
                    .col(pk_uuid(Generations::Id))
                    .col(big_integer(Generations::UserId))
                    .col(uuid(Generations::JobId))
                    // The ranking it was made from. Not a foreign key: a later ranking of the
                    // job replaces that one, and the generation keeps the id as provenance.
                    .col(uuid_null(Generations::RankingId))
                    .col(string_len(Generations::DocumentType, 20))
                    .col(text(Generations::ContentText))
                    // JSON text (SPEC §6.4), served as a string.
                    .col(text(Generations::ContentStructured))
                    .col(double(Generations::AtsScore))
                    .col(text(Generations::AtsFeedback))
                    // JSON: matched and missing keywords, reachable score.
                    .col(text(Generations::AtsReport))
                    .col(text(Generations::Metadata))
                    .col(timestamp_with_time_zone(Generations::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_generations_user")
                            .from(Generations::Table, Generations::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_generations_job")
                            .from(Generations::Table, Generations::JobId)
                            .to(Jobs::Table, Jobs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The history is one user's, newest first, optionally for one job.
        for (name, cols) in [
            (
                "idx_generations_user_created",
                vec![Generations::UserId, Generations::CreatedAt, Generations::Id],
            ),
            (
                "idx_generations_user_job_created",
                vec![
                    Generations::UserId,
                    Generations::JobId,
                    Generations::CreatedAt,
                ],
            ),
            ("idx_generations_job", vec![Generations::JobId]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Generations::Table);
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Generations::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Rankings::Table).to_owned())
            .await
    }
}
