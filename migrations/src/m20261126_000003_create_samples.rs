//! Writing samples: the extracted text, its style profile, and where the original is kept.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SampleDocuments {
    Table,
    Id,
    UserId,
    DocumentType,
    OriginalFilename,
    Format,
    FullText,
    WordCount,
    CharacterCount,
    IsActive,
    WritingStyle,
    StorageKey,
    Sha256,
    SizeBytes,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SampleDocuments::Table)
                    .col(pk_uuid(SampleDocuments::Id))
                    .col(big_integer(SampleDocuments::UserId))
                    .col(string_len(SampleDocuments::DocumentType, 20))
                    .col(string_len(SampleDocuments::OriginalFilename, 255))
                    .col(string_len(SampleDocuments::Format, 10))
                    .col(text(SampleDocuments::FullText))
                    .col(big_integer(SampleDocuments::WordCount))
                    .col(big_integer(SampleDocuments::CharacterCount))
                    .col(boolean(SampleDocuments::IsActive))
                    .col(text_null(SampleDocuments::WritingStyle))
                    .col(string_len(SampleDocuments::StorageKey, 255))
                    .col(string_len(SampleDocuments::Sha256, 64))
                    .col(big_integer(SampleDocuments::SizeBytes))
                    .col(timestamp_with_time_zone(SampleDocuments::CreatedAt))
                    .col(timestamp_with_time_zone(SampleDocuments::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sample_documents_user")
                            .from(SampleDocuments::Table, SampleDocuments::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Listing (newest first) and the per-type deactivation both start from the user.
        manager
            .create_index(
                Index::create()
                    .name("idx_sample_documents_user_created")
                    .table(SampleDocuments::Table)
                    .col(SampleDocuments::UserId)
                    .col(SampleDocuments::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sample_documents_user_type_active")
                    .table(SampleDocuments::Table)
                    .col(SampleDocuments::UserId)
                    .col(SampleDocuments::DocumentType)
                    .col(SampleDocuments::IsActive)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SampleDocuments::Table).to_owned())
            .await
    }
}
