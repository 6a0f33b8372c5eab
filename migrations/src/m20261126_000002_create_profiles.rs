//! Profiles (one per user) and their experiences, education and projects. Sub-item ids are
//! kept as the client sent them, so they are unique per profile, not globally.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Profiles {
    Table,
    Id,
    UserId,
    PersonalInfo,
    ProfessionalSummary,
    EnhancedProfessionalSummary,
    EnhancementMetadata,
    Skills,
    CustomFields,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Experiences {
    Table,
    ProfileId,
    Id,
    Position,
    Title,
    Company,
    Location,
    StartDate,
    EndDate,
    IsCurrent,
    Description,
    EnhancedDescription,
    Achievements,
}

#[derive(DeriveIden)]
enum Education {
    Table,
    ProfileId,
    Id,
    Position,
    Institution,
    Degree,
    FieldOfStudy,
    StartDate,
    EndDate,
    Gpa,
    Honors,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    ProfileId,
    Id,
    Position,
    Name,
    Description,
    EnhancedDescription,
    Technologies,
    Url,
    StartDate,
    EndDate,
}

fn belongs_to_profile(
    table: impl IntoIden + 'static,
    column: impl IntoIden + 'static,
    name: &str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(Profiles::Table, Profiles::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Profiles::Table)
                    .col(pk_uuid(Profiles::Id))
                    .col(big_integer_uniq(Profiles::UserId))
                    .col(text(Profiles::PersonalInfo))
                    .col(text_null(Profiles::ProfessionalSummary))
                    .col(text_null(Profiles::EnhancedProfessionalSummary))
                    .col(text(Profiles::EnhancementMetadata))
                    .col(text(Profiles::Skills))
                    .col(text(Profiles::CustomFields))
                    .col(big_integer(Profiles::Version))
                    .col(timestamp_with_time_zone(Profiles::CreatedAt))
                    .col(timestamp_with_time_zone(Profiles::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_profiles_user")
                            .from(Profiles::Table, Profiles::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Experiences::Table)
                    .col(uuid(Experiences::ProfileId))
                    .col(string_len(Experiences::Id, 100))
                    .col(integer(Experiences::Position))
                    .col(string_len(Experiences::Title, 200))
                    .col(string_len(Experiences::Company, 200))
                    .col(string_len_null(Experiences::Location, 200))
                    .col(string_len(Experiences::StartDate, 10))
                    .col(string_len_null(Experiences::EndDate, 10))
                    .col(boolean(Experiences::IsCurrent))
                    .col(text_null(Experiences::Description))
                    .col(text_null(Experiences::EnhancedDescription))
                    .col(text(Experiences::Achievements))
                    .primary_key(
                        Index::create()
                            .col(Experiences::ProfileId)
                            .col(Experiences::Id),
                    )
                    .foreign_key(&mut belongs_to_profile(
                        Experiences::Table,
                        Experiences::ProfileId,
                        "fk_experiences_profile",
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Education::Table)
                    .col(uuid(Education::ProfileId))
                    .col(string_len(Education::Id, 100))
                    .col(integer(Education::Position))
                    .col(string_len(Education::Institution, 200))
                    .col(string_len(Education::Degree, 200))
                    .col(string_len(Education::FieldOfStudy, 200))
                    .col(string_len(Education::StartDate, 10))
                    .col(string_len_null(Education::EndDate, 10))
                    .col(double_null(Education::Gpa))
                    .col(text(Education::Honors))
                    .primary_key(Index::create().col(Education::ProfileId).col(Education::Id))
                    .foreign_key(&mut belongs_to_profile(
                        Education::Table,
                        Education::ProfileId,
                        "fk_education_profile",
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Projects::Table)
                    .col(uuid(Projects::ProfileId))
                    .col(string_len(Projects::Id, 100))
                    .col(integer(Projects::Position))
                    .col(string_len(Projects::Name, 200))
                    .col(text(Projects::Description))
                    .col(text_null(Projects::EnhancedDescription))
                    .col(text(Projects::Technologies))
                    .col(text_null(Projects::Url))
                    .col(string_len_null(Projects::StartDate, 10))
                    .col(string_len_null(Projects::EndDate, 10))
                    .primary_key(Index::create().col(Projects::ProfileId).col(Projects::Id))
                    .foreign_key(&mut belongs_to_profile(
                        Projects::Table,
                        Projects::ProfileId,
                        "fk_projects_profile",
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Projects::Table.into_iden(),
            Education::Table.into_iden(),
            Experiences::Table.into_iden(),
            Profiles::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
