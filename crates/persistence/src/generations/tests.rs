use std::collections::BTreeMap;

use chrono::{Duration, SubsecRound, Utc};
use serde_json::Map;
use tailor_domain::generation::{AtsReport, ContentRanking, ModelMetadata, RankedItem};
use tailor_domain::job::{
    ApplicationStatus, EmploymentType, Job, JobSource, JobStatus, StatusChange,
};
use tailor_domain::ports::{JobRepository, ProfileRepository};
use tailor_domain::profile::{PersonalInfo, Profile, Skills};

use super::*;
use crate::testing::TestDatabase;
use crate::{SeaOrmJobRepository, SeaOrmProfileRepository};

pub(crate) fn at(minutes_ago: i64) -> chrono::DateTime<Utc> {
    (Utc::now() - Duration::minutes(minutes_ago)).trunc_subsecs(6)
}

pub(crate) fn user() -> UserId {
    UserId::new(1)
}

/// A saved job and a profile of user 1.
pub(crate) async fn job_and_profile(db: &Database) -> (JobId, ProfileId) {
    let now = at(0);
    let job = Job {
        id: JobId::new_random(),
        user_id: user(),
        source: JobSource::UserCreated,
        title: "Sous Chef".into(),
        company: Some("Bistro".into()),
        location: None,
        description: None,
        raw_text: None,
        source_url: None,
        keywords: vec![],
        requirements: vec![],
        preferred_requirements: vec![],
        responsibilities: vec![],
        benefits: vec![],
        salary_range: None,
        salary: None,
        remote: false,
        work_mode: None,
        employment_type: EmploymentType::FullTime,
        seniority: None,
        years_experience: None,
        status: JobStatus::Active,
        application_status: ApplicationStatus::NotApplied,
        applied_date: None,
        notes: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let first = StatusChange {
        job_id: job.id,
        from_status: None,
        to_status: job.application_status,
        changed_at: now,
    };
    SeaOrmJobRepository::new(db.clone())
        .insert(&job, &first)
        .await
        .unwrap();
    let profiles = SeaOrmProfileRepository::new(db.clone());
    let profile = match profiles.find_by_user(user()).await.unwrap() {
        Some(p) => p,
        None => {
            let p = Profile {
                id: ProfileId::new_random(),
                user_id: user(),
                personal_info: PersonalInfo {
                    full_name: "A".into(),
                    email: "a@example.com".into(),
                    ..PersonalInfo::default()
                },
                professional_summary: None,
                enhanced_professional_summary: None,
                enhancement_metadata: Map::new(),
                skills: Skills::default(),
                experiences: vec![],
                education: vec![],
                projects: vec![],
                custom_fields: Map::new(),
                created_at: now,
                updated_at: now,
                version: 1,
            };
            profiles.insert(&p).await.unwrap();
            p
        }
    };
    (job.id, profile.id)
}

fn ranking(job_id: JobId, profile_id: ProfileId, minutes_ago: i64) -> Ranking {
    Ranking {
        id: RankingId::new_random(),
        user_id: user(),
        job_id,
        profile_id,
        content: ContentRanking {
            experiences: vec![RankedItem {
                id: "e1".into(),
                score: 0.75,
                evidence: vec!["menu planning".into()],
            }],
            projects: vec![],
            bullets: BTreeMap::from([(
                "e1".to_owned(),
                vec![RankedItem {
                    id: "e1#0".into(),
                    score: 0.5,
                    evidence: vec![],
                }],
            )]),
            skills: vec![],
            keyword_matches: BTreeMap::from([("menu planning".to_owned(), 2)]),
        },
        rationale: Some("why".into()),
        metadata: ModelMetadata {
            model: "offline".into(),
            tokens: 0,
            processing_time: 0.002,
            prompt_version: "offline-1".into(),
            fallback: None,
        },
        created_at: at(minutes_ago),
    }
}

pub(crate) fn generation(
    job_id: JobId,
    document_type: DocumentType,
    minutes_ago: i64,
) -> Generation {
    Generation {
        id: GenerationId::new_random(),
        user_id: user(),
        job_id,
        ranking_id: None,
        document_type,
        content_text: "Sam Cook\n".into(),
        content_structured: "{\"header\":{}}".into(),
        ats: AtsReport {
            score: 81.5,
            feedback: "Good".into(),
            matched: vec!["menu planning".into()],
            missing_but_in_profile: vec!["haccp".into()],
            missing: vec!["french".into()],
            reachable_score: 90.0,
        },
        metadata: ModelMetadata {
            model: "offline".into(),
            ..ModelMetadata::default()
        },
        created_at: at(minutes_ago),
    }
}

#[tokio::test]
async fn a_ranking_round_trips_and_a_new_one_replaces_it() {
    let db = TestDatabase::new().await;
    let (job, profile) = job_and_profile(&db.database()).await;
    let repo = SeaOrmGenerationRepository::new(db.database());
    let first = ranking(job, profile, 5);
    repo.replace(&first).await.unwrap();
    assert_eq!(repo.find_for_job(user(), job).await.unwrap(), Some(first));
    let second = ranking(job, profile, 0);
    repo.replace(&second).await.unwrap();
    assert_eq!(
        repo.find_for_job(user(), job).await.unwrap(),
        Some(second),
        "replaced, not added"
    );
    assert_eq!(
        repo.find_for_job(UserId::new(2), job).await.unwrap(),
        None,
        "another user's"
    );
}

#[tokio::test]
async fn history_is_newest_first_filtered_and_paged_with_its_total() {
    let db = TestDatabase::new().await;
    let (job, _) = job_and_profile(&db.database()).await;
    let (other_job, _) = job_and_profile(&db.database()).await;
    let repo = SeaOrmGenerationRepository::new(db.database());
    let oldest = generation(job, DocumentType::Resume, 30);
    let middle = generation(job, DocumentType::CoverLetter, 20);
    let newest = generation(other_job, DocumentType::Resume, 10);
    for g in [&oldest, &middle, &newest] {
        repo.insert(g).await.unwrap();
    }
    let all = |limit, offset| Page { limit, offset };
    let (page, total) = repo
        .list(user(), GenerationFilter::default(), all(2, 0))
        .await
        .unwrap();
    assert_eq!(total, 3);
    assert_eq!(page, [newest.clone(), middle.clone()]);
    let (page, _) = repo
        .list(user(), GenerationFilter::default(), all(2, 2))
        .await
        .unwrap();
    assert_eq!(page, std::slice::from_ref(&oldest));
    let (resumes, total) = repo
        .list(
            user(),
            GenerationFilter {
                document_type: Some(DocumentType::Resume),
                job_id: Some(job),
            },
            all(10, 0),
        )
        .await
        .unwrap();
    assert_eq!((resumes, total), (vec![oldest], 1));
    let (theirs, total) = repo
        .list(UserId::new(2), GenerationFilter::default(), all(10, 0))
        .await
        .unwrap();
    assert!(theirs.is_empty() && total == 0, "another user's history");
}

#[tokio::test]
async fn only_the_owner_deletes_a_generation() {
    let db = TestDatabase::new().await;
    let (job, _) = job_and_profile(&db.database()).await;
    let repo = SeaOrmGenerationRepository::new(db.database());
    let g = generation(job, DocumentType::Resume, 0);
    repo.insert(&g).await.unwrap();
    assert_eq!(repo.delete(UserId::new(2), g.id).await.unwrap(), None);
    assert_eq!(repo.delete(user(), g.id).await.unwrap(), Some(vec![]));
    assert_eq!(
        repo.delete(user(), g.id).await.unwrap(),
        None,
        "already gone"
    );
}

#[tokio::test]
async fn deleting_a_job_removes_its_ranking_and_generations() {
    let db = TestDatabase::new().await;
    let (job, profile) = job_and_profile(&db.database()).await;
    let repo = SeaOrmGenerationRepository::new(db.database());
    repo.replace(&ranking(job, profile, 0)).await.unwrap();
    repo.insert(&generation(job, DocumentType::Resume, 0))
        .await
        .unwrap();
    SeaOrmJobRepository::new(db.database())
        .delete(user(), job)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(repo.find_for_job(user(), job).await.unwrap(), None);
    let (left, total) = repo
        .list(
            user(),
            GenerationFilter::default(),
            Page {
                limit: 10,
                offset: 0,
            },
        )
        .await
        .unwrap();
    assert!(left.is_empty() && total == 0);
}

#[tokio::test]
async fn nothing_is_stored_for_a_job_that_is_gone() {
    let db = TestDatabase::new().await;
    let (_, profile) = job_and_profile(&db.database()).await;
    let repo = SeaOrmGenerationRepository::new(db.database());
    let gone = JobId::new_random();
    assert!(repo.replace(&ranking(gone, profile, 0)).await.is_err());
    assert!(
        repo.insert(&generation(gone, DocumentType::Resume, 0))
            .await
            .is_err()
    );
    assert_eq!(repo.find_for_job(user(), gone).await.unwrap(), None);
}

#[tokio::test]
async fn a_generation_keeps_the_id_of_a_ranking_that_was_replaced() {
    let db = TestDatabase::new().await;
    let (job, profile) = job_and_profile(&db.database()).await;
    let repo = SeaOrmGenerationRepository::new(db.database());
    let first = ranking(job, profile, 5);
    repo.replace(&first).await.unwrap();
    repo.replace(&ranking(job, profile, 0)).await.unwrap();
    let mut g = generation(job, DocumentType::Resume, 0);
    g.ranking_id = Some(first.id);
    repo.insert(&g).await.unwrap();
    let (stored, _) = repo
        .list(
            user(),
            GenerationFilter::default(),
            Page {
                limit: 1,
                offset: 0,
            },
        )
        .await
        .unwrap();
    assert_eq!(stored[0].ranking_id, Some(first.id));
}

#[tokio::test]
async fn concurrent_rankings_of_one_job_end_as_one() {
    let db = TestDatabase::new().await;
    let (job, profile) = job_and_profile(&db.database()).await;
    let repo = SeaOrmGenerationRepository::new(db.database());
    let mut writes = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let repo = repo.clone();
        writes.spawn(async move { repo.replace(&ranking(job, profile, 0)).await });
    }
    while let Some(result) = writes.join_next().await {
        result.unwrap().unwrap();
    }
    assert!(repo.find_for_job(user(), job).await.unwrap().is_some());
}
