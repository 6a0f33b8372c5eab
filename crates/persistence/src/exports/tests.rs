use chrono::Duration;
use tailor_domain::generation::DocumentType;
use tailor_domain::ports::{GenerationRepository, JobRepository};

use super::*;
use crate::generations::tests::{at, generation, job_and_profile, user};
use crate::testing::TestDatabase;
use crate::{SeaOrmGenerationRepository, SeaOrmJobRepository};

fn export_of(generation_id: Option<GenerationId>, job_id: JobId, minutes_ago: i64) -> Export {
    let id = ExportId::new_random();
    let created_at = at(minutes_ago);
    Export {
        id,
        user_id: user(),
        generation_id,
        job_id: Some(job_id),
        format: ExportFormat::Pdf,
        template: Template::AtsOptimized,
        document_type: Some(DocumentType::Resume),
        filename: Export::filename_for("resume", created_at, ExportFormat::Pdf),
        storage_key: Export::key_for(user(), id, ExportFormat::Pdf),
        size_bytes: 1000,
        sha256: "ab".repeat(32),
        page_count: Some(2),
        file_count: None,
        metadata: ExportMetadata {
            document_type: Some("resume".into()),
            missing_glyphs: vec!["中".into()],
            ..ExportMetadata::default()
        },
        created_at,
        expires_at: created_at + Duration::days(30),
    }
}

fn page(limit: u64, offset: u64) -> Page {
    Page { limit, offset }
}

/// A job of user 1 with one generation.
async fn setup(db: &Database) -> (JobId, GenerationId) {
    let (job, _) = job_and_profile(db).await;
    let g = generation(job, DocumentType::Resume, 0);
    SeaOrmGenerationRepository::new(db.clone())
        .insert(&g)
        .await
        .unwrap();
    (job, g.id)
}

#[tokio::test]
async fn an_export_round_trips_and_is_found_by_owner_and_by_key() {
    let db = TestDatabase::new().await;
    let (job, g) = setup(&db.database()).await;
    let repo = SeaOrmExportRepository::new(db.database());
    let e = export_of(Some(g), job, 0);
    assert!(repo.insert(&e).await.unwrap());
    let now = at(0);
    assert_eq!(repo.find(user(), e.id, now).await.unwrap(), Some(e.clone()));
    assert_eq!(repo.find(UserId::new(2), e.id, now).await.unwrap(), None);
    assert_eq!(
        repo.find_by_key(&e.storage_key, now).await.unwrap(),
        Some(e.clone())
    );
    assert_eq!(
        repo.find_by_key("exports/1/none.pdf", now).await.unwrap(),
        None
    );
}

#[tokio::test]
async fn an_expired_export_is_not_read_listed_or_downloaded_and_is_purged() {
    let db = TestDatabase::new().await;
    let (job, g) = setup(&db.database()).await;
    let repo = SeaOrmExportRepository::new(db.database());
    let old = export_of(Some(g), job, 31 * 24 * 60);
    let fresh = export_of(Some(g), job, 0);
    repo.insert(&old).await.unwrap();
    repo.insert(&fresh).await.unwrap();
    let now = at(0);
    assert_eq!(repo.find(user(), old.id, now).await.unwrap(), None);
    assert_eq!(repo.find_by_key(&old.storage_key, now).await.unwrap(), None);
    let (listed, total, size) = repo
        .list(user(), ExportFilter::default(), page(10, 0), now)
        .await
        .unwrap();
    assert_eq!(listed, vec![fresh.clone()]);
    assert_eq!((total, size), (1, 1000));

    assert_eq!(
        repo.purge_expired(now, 100).await.unwrap(),
        vec![old.storage_key.clone()]
    );
    assert!(repo.purge_expired(now, 100).await.unwrap().is_empty());
    assert_eq!(repo.find(user(), fresh.id, now).await.unwrap(), Some(fresh));
}

#[tokio::test]
async fn the_purge_takes_at_most_its_limit() {
    let db = TestDatabase::new().await;
    let (job, g) = setup(&db.database()).await;
    let repo = SeaOrmExportRepository::new(db.database());
    for i in 0..5 {
        repo.insert(&export_of(Some(g), job, 40 * 24 * 60 + i))
            .await
            .unwrap();
    }
    assert_eq!(repo.purge_expired(at(0), 3).await.unwrap().len(), 3);
    assert_eq!(repo.purge_expired(at(0), 3).await.unwrap().len(), 2);
}

#[tokio::test]
async fn lists_are_newest_first_filtered_paged_and_the_users_own() {
    let db = TestDatabase::new().await;
    let (job, g) = setup(&db.database()).await;
    let (other_job, _) = job_and_profile(&db.database()).await;
    let repo = SeaOrmExportRepository::new(db.database());
    let mut made = Vec::new();
    for i in 0..4 {
        let mut e = export_of(Some(g), job, 10 - i);
        if i == 3 {
            e.format = ExportFormat::Zip;
            e.generation_id = None;
            e.job_id = Some(other_job);
            e.storage_key = Export::key_for(user(), e.id, ExportFormat::Zip);
        }
        repo.insert(&e).await.unwrap();
        made.push(e);
    }
    let now = at(0);
    let (first, total, size) = repo
        .list(user(), ExportFilter::default(), page(2, 0), now)
        .await
        .unwrap();
    assert_eq!((total, size), (4, 4000));
    assert_eq!(first, vec![made[3].clone(), made[2].clone()]);
    let (second, _, _) = repo
        .list(user(), ExportFilter::default(), page(2, 2), now)
        .await
        .unwrap();
    assert_eq!(second, vec![made[1].clone(), made[0].clone()]);
    let zips = ExportFilter {
        format: Some(ExportFormat::Zip),
        job_id: None,
    };
    let (only, total, _) = repo.list(user(), zips, page(10, 0), now).await.unwrap();
    assert_eq!((only.len(), total), (1, 1));
    let of_job = ExportFilter {
        format: None,
        job_id: Some(job),
    };
    let (of, total, size) = repo.list(user(), of_job, page(10, 0), now).await.unwrap();
    assert_eq!((of.len(), total, size), (3, 3, 3000));
    let (theirs, total, size) = repo
        .list(UserId::new(2), ExportFilter::default(), page(10, 0), now)
        .await
        .unwrap();
    assert!(theirs.is_empty() && total == 0 && size == 0);
}

#[tokio::test]
async fn only_the_owner_deletes_an_export_and_gets_its_key_once() {
    let db = TestDatabase::new().await;
    let (job, g) = setup(&db.database()).await;
    let repo = SeaOrmExportRepository::new(db.database());
    let e = export_of(Some(g), job, 0);
    repo.insert(&e).await.unwrap();
    assert_eq!(repo.delete(UserId::new(2), e.id).await.unwrap(), None);
    assert_eq!(
        repo.delete(user(), e.id).await.unwrap(),
        Some(e.storage_key.clone())
    );
    assert_eq!(repo.delete(user(), e.id).await.unwrap(), None);
}

#[tokio::test]
async fn nothing_is_stored_for_a_generation_or_job_that_is_gone() {
    let db = TestDatabase::new().await;
    let (job, g) = setup(&db.database()).await;
    let repo = SeaOrmExportRepository::new(db.database());
    let missing = GenerationId::new_random();
    assert!(
        !repo
            .insert(&export_of(Some(missing), job, 0))
            .await
            .unwrap()
    );
    // Another user's generation is gone for this user too.
    let mut foreign = export_of(Some(g), job, 0);
    foreign.user_id = UserId::new(2);
    assert!(!repo.insert(&foreign).await.unwrap());
    let mut zip = export_of(None, JobId::new_random(), 0);
    zip.format = ExportFormat::Zip;
    assert!(!repo.insert(&zip).await.unwrap());
    let (left, total, _) = repo
        .list(user(), ExportFilter::default(), page(10, 0), at(0))
        .await
        .unwrap();
    assert!(left.is_empty() && total == 0);
}

#[tokio::test]
async fn deleting_a_generation_or_a_job_deletes_their_exports_and_names_the_files() {
    let db = TestDatabase::new().await;
    let (job, g) = setup(&db.database()).await;
    let repo = SeaOrmExportRepository::new(db.database());
    let generations = SeaOrmGenerationRepository::new(db.database());
    let of_generation = export_of(Some(g), job, 0);
    repo.insert(&of_generation).await.unwrap();
    assert_eq!(
        generations.delete(user(), g).await.unwrap(),
        Some(vec![of_generation.storage_key.clone()])
    );
    assert_eq!(
        repo.find(user(), of_generation.id, at(0)).await.unwrap(),
        None
    );

    let mut zip = export_of(None, job, 0);
    zip.format = ExportFormat::Zip;
    zip.storage_key = Export::key_for(user(), zip.id, ExportFormat::Zip);
    assert!(repo.insert(&zip).await.unwrap());
    assert_eq!(
        SeaOrmJobRepository::new(db.database())
            .delete(user(), job)
            .await
            .unwrap(),
        Some(vec![zip.storage_key.clone()])
    );
    assert_eq!(repo.find(user(), zip.id, at(0)).await.unwrap(), None);
}

#[tokio::test]
async fn known_keys_are_those_of_stored_exports_expired_or_not() {
    let db = TestDatabase::new().await;
    let (job, g) = setup(&db.database()).await;
    let repo = SeaOrmExportRepository::new(db.database());
    let live = export_of(Some(g), job, 0);
    let old = export_of(Some(g), job, 40 * 24 * 60);
    repo.insert(&live).await.unwrap();
    repo.insert(&old).await.unwrap();
    let stray = "exports/1/00000000-0000-0000-0000-000000000000.pdf".to_owned();
    let mut known = repo
        .known_keys(&[live.storage_key.clone(), stray, old.storage_key.clone()])
        .await
        .unwrap();
    known.sort();
    let mut expected = vec![live.storage_key, old.storage_key];
    expected.sort();
    assert_eq!(known, expected);
    assert!(repo.known_keys(&[]).await.unwrap().is_empty());
}
