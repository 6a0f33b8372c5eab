//! The `ProfileRepository` port on sea-orm.

use crate::error::Context;
use async_trait::async_trait;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    SqlErr,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tailor_domain::ports::{ProfileRepository, SaveProfileError};
use tailor_domain::profile::{Education, Experience, Profile, ProfileId, Project, SectionChanges};
use tailor_domain::user::UserId;
use uuid::Uuid;

use crate::Database;
use crate::entities::{education, experiences, profiles, projects};

/// [`ProfileRepository`] on sea-orm: the profile row (personal info, skills and custom fields
/// as JSON text) plus one table per list section. A profile loads in four queries.
#[derive(Clone)]
pub struct SeaOrmProfileRepository {
    db: Database,
}

impl SeaOrmProfileRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

fn to_json<T: Serialize>(value: &T) -> anyhow::Result<String> {
    serde_json::to_string(value).context("encode JSON column")
}

fn from_json<T: DeserializeOwned>(column: &str, text: &str) -> anyhow::Result<T> {
    serde_json::from_str(text).with_context(|| format!("decode JSON column {column}"))
}

fn position(i: usize) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX)
}

fn profile_row(p: &Profile) -> anyhow::Result<profiles::ActiveModel> {
    Ok(profiles::ActiveModel {
        id: Set(p.id.as_uuid()),
        user_id: Set(p.user_id.get()),
        personal_info: Set(to_json(&p.personal_info)?),
        professional_summary: Set(p.professional_summary.clone()),
        enhanced_professional_summary: Set(p.enhanced_professional_summary.clone()),
        enhancement_metadata: Set(to_json(&p.enhancement_metadata)?),
        skills: Set(to_json(&p.skills)?),
        custom_fields: Set(to_json(&p.custom_fields)?),
        version: Set(p.version),
        created_at: Set(p.created_at),
        updated_at: Set(p.updated_at),
    })
}

async fn insert_sections(
    tx: &impl ConnectionTrait,
    p: &Profile,
    sections: SectionChanges,
) -> anyhow::Result<()> {
    if sections.experiences && !p.experiences.is_empty() {
        let rows = p
            .experiences
            .iter()
            .enumerate()
            .map(|(i, e)| {
                Ok(experiences::ActiveModel {
                    profile_id: Set(p.id.as_uuid()),
                    id: Set(e.id.clone()),
                    position: Set(position(i)),
                    title: Set(e.title.clone()),
                    company: Set(e.company.clone()),
                    location: Set(e.location.clone()),
                    start_date: Set(e.start_date.clone()),
                    end_date: Set(e.end_date.clone()),
                    is_current: Set(e.is_current),
                    description: Set(e.description.clone()),
                    enhanced_description: Set(e.enhanced_description.clone()),
                    achievements: Set(to_json(&e.achievements)?),
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        experiences::Entity::insert_many(rows)
            .exec(tx)
            .await
            .context("insert experiences")?;
    }
    if sections.education && !p.education.is_empty() {
        let rows = p
            .education
            .iter()
            .enumerate()
            .map(|(i, e)| {
                Ok(education::ActiveModel {
                    profile_id: Set(p.id.as_uuid()),
                    id: Set(e.id.clone()),
                    position: Set(position(i)),
                    institution: Set(e.institution.clone()),
                    degree: Set(e.degree.clone()),
                    field_of_study: Set(e.field_of_study.clone()),
                    start_date: Set(e.start_date.clone()),
                    end_date: Set(e.end_date.clone()),
                    gpa: Set(e.gpa),
                    honors: Set(to_json(&e.honors)?),
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        education::Entity::insert_many(rows)
            .exec(tx)
            .await
            .context("insert education")?;
    }
    if sections.projects && !p.projects.is_empty() {
        let rows = p
            .projects
            .iter()
            .enumerate()
            .map(|(i, e)| {
                Ok(projects::ActiveModel {
                    profile_id: Set(p.id.as_uuid()),
                    id: Set(e.id.clone()),
                    position: Set(position(i)),
                    name: Set(e.name.clone()),
                    description: Set(e.description.clone()),
                    enhanced_description: Set(e.enhanced_description.clone()),
                    technologies: Set(to_json(&e.technologies)?),
                    url: Set(e.url.clone()),
                    start_date: Set(e.start_date.clone()),
                    end_date: Set(e.end_date.clone()),
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        projects::Entity::insert_many(rows)
            .exec(tx)
            .await
            .context("insert projects")?;
    }
    Ok(())
}

async fn delete_sections(
    tx: &impl ConnectionTrait,
    id: Uuid,
    sections: SectionChanges,
) -> anyhow::Result<()> {
    if sections.experiences {
        experiences::Entity::delete_many()
            .filter(experiences::Column::ProfileId.eq(id))
            .exec(tx)
            .await
            .context("delete experiences")?;
    }
    if sections.education {
        education::Entity::delete_many()
            .filter(education::Column::ProfileId.eq(id))
            .exec(tx)
            .await
            .context("delete education")?;
    }
    if sections.projects {
        projects::Entity::delete_many()
            .filter(projects::Column::ProfileId.eq(id))
            .exec(tx)
            .await
            .context("delete projects")?;
    }
    Ok(())
}

impl SeaOrmProfileRepository {
    /// Loads the sections of a profile row: three queries, whatever the sizes.
    async fn assemble(
        &self,
        conn: &impl ConnectionTrait,
        row: profiles::Model,
    ) -> anyhow::Result<Profile> {
        let exp = experiences::Entity::find()
            .filter(experiences::Column::ProfileId.eq(row.id))
            .order_by_asc(experiences::Column::Position)
            .all(conn)
            .await
            .context("load experiences")?;
        let edu = education::Entity::find()
            .filter(education::Column::ProfileId.eq(row.id))
            .order_by_asc(education::Column::Position)
            .all(conn)
            .await
            .context("load education")?;
        let proj = projects::Entity::find()
            .filter(projects::Column::ProfileId.eq(row.id))
            .order_by_asc(projects::Column::Position)
            .all(conn)
            .await
            .context("load projects")?;
        Ok(Profile {
            id: ProfileId::from_uuid(row.id),
            user_id: UserId::new(row.user_id),
            personal_info: from_json("personal_info", &row.personal_info)?,
            professional_summary: row.professional_summary,
            enhanced_professional_summary: row.enhanced_professional_summary,
            enhancement_metadata: from_json("enhancement_metadata", &row.enhancement_metadata)?,
            skills: from_json("skills", &row.skills)?,
            custom_fields: from_json("custom_fields", &row.custom_fields)?,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
            experiences: exp
                .into_iter()
                .map(|e| {
                    Ok(Experience {
                        id: e.id,
                        title: e.title,
                        company: e.company,
                        location: e.location,
                        start_date: e.start_date,
                        end_date: e.end_date,
                        is_current: e.is_current,
                        description: e.description,
                        enhanced_description: e.enhanced_description,
                        achievements: from_json("achievements", &e.achievements)?,
                    })
                })
                .collect::<anyhow::Result<_>>()?,
            education: edu
                .into_iter()
                .map(|e| {
                    Ok(Education {
                        id: e.id,
                        institution: e.institution,
                        degree: e.degree,
                        field_of_study: e.field_of_study,
                        start_date: e.start_date,
                        end_date: e.end_date,
                        gpa: e.gpa,
                        honors: from_json("honors", &e.honors)?,
                    })
                })
                .collect::<anyhow::Result<_>>()?,
            projects: proj
                .into_iter()
                .map(|e| {
                    Ok(Project {
                        id: e.id,
                        name: e.name,
                        description: e.description,
                        enhanced_description: e.enhanced_description,
                        technologies: from_json("technologies", &e.technologies)?,
                        url: e.url,
                        start_date: e.start_date,
                        end_date: e.end_date,
                    })
                })
                .collect::<anyhow::Result<_>>()?,
        })
    }
}

#[async_trait]
impl ProfileRepository for SeaOrmProfileRepository {
    #[tracing::instrument(skip_all, fields(profile.id = %profile.id))]
    async fn insert(&self, profile: &Profile) -> Result<(), SaveProfileError> {
        let row = profile_row(profile)?;
        let write = self.db.begin_write().await.context("begin transaction")?;
        match row.insert(&write.tx).await {
            Ok(_) => {}
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(SaveProfileError::AlreadyExists);
            }
            Err(e) => return Err(crate::error::wrap(e, "insert profile").into()),
        }
        insert_sections(&write.tx, profile, SectionChanges::ALL).await?;
        write.tx.commit().await.context("commit new profile")?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(profile.id = %id))]
    async fn find(&self, id: ProfileId) -> anyhow::Result<Option<Profile>> {
        // One snapshot for the row and its sections: a save in between cannot tear them.
        let tx = self.db.begin_read().await.context("begin read")?;
        let row = profiles::Entity::find_by_id(id.as_uuid())
            .one(&tx)
            .await
            .context("find profile")?;
        let profile = match row {
            Some(row) => Some(self.assemble(&tx, row).await?),
            None => None,
        };
        tx.commit().await.context("end read")?;
        Ok(profile)
    }

    #[tracing::instrument(skip_all, fields(user.id = %user_id))]
    async fn find_by_user(&self, user_id: UserId) -> anyhow::Result<Option<Profile>> {
        let tx = self.db.begin_read().await.context("begin read")?;
        let row = profiles::Entity::find()
            .filter(profiles::Column::UserId.eq(user_id.get()))
            .one(&tx)
            .await
            .context("find profile by user")?;
        let profile = match row {
            Some(row) => Some(self.assemble(&tx, row).await?),
            None => None,
        };
        tx.commit().await.context("end read")?;
        Ok(profile)
    }

    #[tracing::instrument(skip_all, fields(profile.id = %profile.id))]
    async fn update(
        &self,
        profile: &Profile,
        expected_version: i64,
        sections: SectionChanges,
    ) -> Result<(), SaveProfileError> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        // The versioned update comes first: it is the write that takes the lock, and it
        // fails (changing nothing) when another save came in between.
        let updated = profiles::Entity::update_many()
            .col_expr(
                profiles::Column::PersonalInfo,
                Expr::value(to_json(&profile.personal_info)?),
            )
            .col_expr(
                profiles::Column::ProfessionalSummary,
                Expr::value(profile.professional_summary.clone()),
            )
            .col_expr(
                profiles::Column::EnhancedProfessionalSummary,
                Expr::value(profile.enhanced_professional_summary.clone()),
            )
            .col_expr(
                profiles::Column::EnhancementMetadata,
                Expr::value(to_json(&profile.enhancement_metadata)?),
            )
            .col_expr(
                profiles::Column::Skills,
                Expr::value(to_json(&profile.skills)?),
            )
            .col_expr(
                profiles::Column::CustomFields,
                Expr::value(to_json(&profile.custom_fields)?),
            )
            .col_expr(profiles::Column::Version, Expr::value(profile.version))
            .col_expr(profiles::Column::UpdatedAt, Expr::value(profile.updated_at))
            .filter(profiles::Column::Id.eq(profile.id.as_uuid()))
            .filter(profiles::Column::Version.eq(expected_version))
            .exec(&write.tx)
            .await
            .context("update profile")?;
        if updated.rows_affected != 1 {
            return Err(SaveProfileError::Conflict);
        }
        delete_sections(&write.tx, profile.id.as_uuid(), sections).await?;
        insert_sections(&write.tx, profile, sections).await?;
        write.tx.commit().await.context("commit profile")?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(profile.id = %id))]
    async fn delete(&self, id: ProfileId) -> anyhow::Result<bool> {
        let write = self.db.begin_write().await.context("begin transaction")?;
        // Foreign keys cascade to the sections (enforced on SQLite too); deleting them
        // explicitly keeps the transaction independent of that setting.
        delete_sections(&write.tx, id.as_uuid(), SectionChanges::ALL).await?;
        let deleted = profiles::Entity::delete_by_id(id.as_uuid())
            .exec(&write.tx)
            .await
            .context("delete profile")?;
        write.tx.commit().await.context("commit profile delete")?;
        Ok(deleted.rows_affected > 0)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use chrono::{SubsecRound, Utc};
    use serde_json::Map;
    use tailor_domain::profile::{Certification, PersonalInfo, Skills};

    use super::*;
    use crate::testing::TestDatabase;

    fn profile(
        experiences: usize,
        education: usize,
        projects: usize,
        skills: usize,
        certs: usize,
    ) -> Profile {
        // Microseconds: what PostgreSQL keeps.
        let now = Utc::now().trunc_subsecs(6);
        Profile {
            id: ProfileId::new_random(),
            user_id: UserId::new(1),
            personal_info: PersonalInfo {
                full_name: "A".into(),
                email: "a@example.com".into(),
                ..PersonalInfo::default()
            },
            professional_summary: None,
            enhanced_professional_summary: None,
            enhancement_metadata: Map::new(),
            skills: Skills {
                technical: (0..skills).map(|i| format!("skill {i}")).collect(),
                certifications: (0..certs)
                    .map(|i| Certification {
                        id: i.to_string(),
                        name: format!("c{i}"),
                        issuer: "I".into(),
                        date_obtained: "2020-01-01".into(),
                        expiry_date: None,
                        credential_id: None,
                    })
                    .collect(),
                ..Skills::default()
            },
            experiences: (0..experiences)
                .map(|i| Experience {
                    id: format!("e{i}"),
                    title: "T".into(),
                    company: format!("C{i}"),
                    location: None,
                    start_date: "2020-01-01".into(),
                    end_date: None,
                    is_current: true,
                    description: Some("d".into()),
                    enhanced_description: None,
                    achievements: vec!["a".into(), "b".into()],
                })
                .collect(),
            education: (0..education)
                .map(|i| Education {
                    id: format!("d{i}"),
                    institution: format!("U{i}"),
                    degree: "BSc".into(),
                    field_of_study: "CS".into(),
                    start_date: "2010-01-01".into(),
                    end_date: None,
                    gpa: Some(3.0),
                    honors: vec![],
                })
                .collect(),
            projects: (0..projects)
                .map(|i| Project {
                    id: format!("p{i}"),
                    name: format!("P{i}"),
                    description: "d".into(),
                    enhanced_description: None,
                    technologies: vec!["Rust".into()],
                    url: None,
                    start_date: None,
                    end_date: None,
                })
                .collect(),
            custom_fields: Map::new(),
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

    /// Statements run by loading the profile of user 1.
    async fn statements_to_load(p: Profile) -> (usize, Profile) {
        let counter = Arc::new(AtomicUsize::new(0));
        let db = TestDatabase::new().await.counting(&counter);
        let repo = SeaOrmProfileRepository::new(db.database());
        repo.insert(&p).await.unwrap();
        counter.store(0, Ordering::SeqCst);
        let loaded = repo.find_by_user(UserId::new(1)).await.unwrap().unwrap();
        (counter.load(Ordering::SeqCst), loaded)
    }

    #[tokio::test]
    async fn loading_a_profile_costs_four_queries_whatever_its_size() {
        let (small, _) = statements_to_load(profile(1, 1, 1, 1, 1)).await;
        let big = profile(10, 5, 8, 40, 6);
        let (large, loaded) = statements_to_load(big.clone()).await;
        assert_eq!(small, 4, "one query for the profile row, one per section");
        assert_eq!(large, small, "no query per item");
        assert_eq!(loaded, big, "everything round-trips, in order");
    }

    #[tokio::test]
    async fn a_stale_version_changes_nothing() {
        let db = TestDatabase::new().await;
        let repo = SeaOrmProfileRepository::new(db.database());
        let p = profile(2, 1, 1, 1, 0);
        repo.insert(&p).await.unwrap();
        let mut changed = p.clone();
        changed.experiences.clear();
        changed.version = 2;
        let stale = repo
            .update(&changed, 7, SectionChanges::ALL)
            .await
            .unwrap_err();
        assert!(matches!(stale, SaveProfileError::Conflict));
        assert_eq!(repo.find(p.id).await.unwrap().unwrap(), p);
        repo.update(&changed, 1, SectionChanges::ALL).await.unwrap();
        assert_eq!(repo.find(p.id).await.unwrap().unwrap(), changed);
    }

    #[tokio::test]
    async fn deleting_a_profile_removes_its_sections() {
        let test_db = TestDatabase::new().await;
        let db = test_db.database();
        let repo = SeaOrmProfileRepository::new(db.clone());
        let p = profile(3, 2, 2, 0, 0);
        repo.insert(&p).await.unwrap();
        assert!(repo.delete(p.id).await.unwrap());
        assert!(repo.find(p.id).await.unwrap().is_none());
        for table in ["experiences", "education", "projects"] {
            let rows = db
                .connection()
                .query_all_raw(sea_orm::Statement::from_string(
                    db.connection().get_database_backend(),
                    format!("SELECT COUNT(*) AS n FROM {table}"),
                ))
                .await
                .unwrap();
            let n: i64 = rows[0].try_get("", "n").unwrap();
            assert_eq!(n, 0, "{table}");
        }
        assert!(!repo.delete(p.id).await.unwrap());
    }
}
