use std::sync::{Arc, Mutex};

use chrono::TimeDelta;
use mockall::predicate::{always, eq};
use uuid::Uuid;

use super::*;
use crate::generation::{AtsReport, ModelMetadata};
use crate::ports::{
    MockClock, MockDocumentRenderer, MockDocumentStore, MockExportRepository,
    MockGenerationRepository, MockJobRepository, MockLinkSigner, StoredObject,
};
use crate::services::generations::tests::{job, job_id, now, user};

fn generation_id() -> GenerationId {
    GenerationId::from_uuid(Uuid::from_u128(0x6e))
}

const STRUCTURED: &str =
    r#"{"header":{"name":"Sam Cook","location":"Berlin, Germany"},"sections":[]}"#;

fn generation(id: GenerationId) -> Generation {
    Generation {
        id,
        user_id: user(),
        job_id: job_id(),
        ranking_id: None,
        document_type: DocumentType::Resume,
        content_text: "Sam Cook\n".into(),
        content_structured: STRUCTURED.into(),
        ats: AtsReport {
            score: 81.0,
            ..AtsReport::default()
        },
        metadata: ModelMetadata::default(),
        created_at: now() - TimeDelta::hours(1),
    }
}

fn stored_export(id: ExportId) -> Export {
    Export {
        id,
        user_id: user(),
        generation_id: Some(generation_id()),
        job_id: Some(job_id()),
        format: ExportFormat::Pdf,
        template: Template::Modern,
        document_type: Some(DocumentType::Resume),
        filename: "resume_20261203_120000.pdf".into(),
        storage_key: Export::key_for(user(), id, ExportFormat::Pdf),
        size_bytes: 3,
        sha256: "ab".into(),
        page_count: Some(1),
        file_count: None,
        metadata: ExportMetadata::default(),
        created_at: now() - TimeDelta::days(2),
        expires_at: now() + TimeDelta::days(28),
    }
}

fn pdf() -> RenderedDocument {
    RenderedDocument {
        bytes: b"%PDF".to_vec(),
        page_count: Some(1),
        missing_glyphs: vec![],
    }
}

struct Mocks {
    exports: MockExportRepository,
    generations: MockGenerationRepository,
    jobs: MockJobRepository,
    renderer: MockDocumentRenderer,
    store: MockDocumentStore,
    links: MockLinkSigner,
}

impl Mocks {
    /// Links sign as `sig:<key>:<expires>`; nothing else is expected.
    fn new() -> Self {
        let mut links = MockLinkSigner::new();
        links
            .expect_sign()
            .returning(|key, expires| format!("sig:{key}:{expires}"));
        links
            .expect_verify()
            .returning(|key, expires, token| token == format!("sig:{key}:{expires}"));
        let mut jobs = MockJobRepository::new();
        jobs.expect_find()
            .with(eq(user()), eq(job_id()))
            .returning(|_, _| Ok(Some(job())));
        Self {
            exports: MockExportRepository::new(),
            generations: MockGenerationRepository::new(),
            jobs,
            renderer: MockDocumentRenderer::new(),
            store: MockDocumentStore::new(),
            links,
        }
    }

    fn with_generation(mut self, id: GenerationId) -> Self {
        self.generations
            .expect_find()
            .with(eq(user()), eq(id))
            .returning(|_, id| Ok(Some(generation(id))));
        self
    }

    fn storing(mut self) -> Self {
        self.store.expect_put().times(1).returning(|key, bytes| {
            Ok(StoredObject {
                key: key.to_owned(),
                size_bytes: bytes.len() as u64,
                sha256: "c0ffee".into(),
            })
        });
        self
    }

    fn service(self) -> ExportService {
        let mut clock = MockClock::new();
        clock.expect_now().return_const(now());
        ExportService::new(
            ExportPorts {
                exports: Arc::new(self.exports),
                generations: Arc::new(self.generations),
                jobs: Arc::new(self.jobs),
                renderer: Arc::new(self.renderer),
                store: Arc::new(self.store),
                links: Arc::new(self.links),
                clock: Arc::new(clock),
            },
            ExportSettings::default(),
        )
    }
}

fn request(format: ExportFormat) -> ExportRequest {
    ExportRequest {
        generation_id: generation_id(),
        template: Template::Classic,
        format,
        options: RenderOptions::default(),
    }
}

#[tokio::test]
async fn an_export_is_rendered_stored_then_recorded_with_a_signed_link() {
    let mut m = Mocks::new().with_generation(generation_id()).storing();
    let seen = Arc::new(Mutex::new(None));
    let seen_in = seen.clone();
    m.renderer
        .expect_render()
        .with(always(), eq(RenderFormat::Pdf))
        .times(1)
        .returning(move |request, _| {
            *seen_in.lock().unwrap() = Some(request);
            Ok(RenderedDocument {
                missing_glyphs: vec!['中'],
                ..pdf()
            })
        });
    m.exports.expect_insert().times(1).returning(|_| Ok(true));
    let view = m
        .service()
        .create(user(), request(ExportFormat::Pdf))
        .await
        .unwrap();

    let request = seen.lock().unwrap().clone().unwrap();
    assert_eq!(request.template, Template::Classic);
    assert_eq!(request.paper, Paper::A4, "Berlin, Germany prints on A4");
    assert_eq!(request.author, "Sam Cook");
    assert_eq!(request.title, "Sam Cook – Resume");
    assert_eq!(request.content, STRUCTURED);

    let e = &view.export;
    assert_eq!(
        e.filename,
        format!("resume_{}.pdf", now().format("%Y%m%d_%H%M%S"))
    );
    assert_eq!(
        e.storage_key,
        format!("exports/{}/{}.pdf", user().get(), e.id)
    );
    assert_eq!((e.size_bytes, e.sha256.as_str()), (4, "c0ffee"));
    assert_eq!(e.page_count, Some(1));
    assert_eq!(e.expires_at, now() + TimeDelta::days(30));
    assert_eq!(e.metadata.document_type.as_deref(), Some("resume"));
    assert_eq!(e.metadata.created_from, Some(generation_id().to_string()));
    assert_eq!(e.metadata.job_title, Some(job().title));
    assert_eq!(e.metadata.ats_score, Some(81.0));
    assert_eq!(e.metadata.paper.as_deref(), Some("a4"));
    assert_eq!(e.metadata.missing_glyphs, vec!["中".to_owned()]);

    let expires = (now() + TimeDelta::hours(1)).timestamp();
    assert_eq!(view.link.expires, expires);
    assert_eq!(view.link.name, e.storage_key.replace('/', "_"));
    assert_eq!(view.link.token, format!("sig:{}:{expires}", e.storage_key));
}

#[tokio::test]
async fn the_paper_of_the_options_wins_over_the_location() {
    let mut m = Mocks::new().with_generation(generation_id()).storing();
    m.renderer
        .expect_render()
        .withf(|r, _| r.paper == Paper::Letter)
        .times(1)
        .returning(|_, _| Ok(pdf()));
    m.exports.expect_insert().returning(|_| Ok(true));
    let mut req = request(ExportFormat::Pdf);
    req.options.paper = Some(Paper::Letter);
    let view = m.service().create(user(), req).await.unwrap();
    assert_eq!(view.export.metadata.paper.as_deref(), Some("letter"));
}

#[tokio::test]
async fn another_users_or_a_missing_generation_renders_and_stores_nothing() {
    let mut m = Mocks::new();
    m.generations.expect_find().returning(|_, _| Ok(None));
    m.renderer.expect_render().never();
    m.store.expect_put().never();
    m.exports.expect_insert().never();
    let err = m
        .service()
        .create(user(), request(ExportFormat::Docx))
        .await
        .unwrap_err();
    assert!(matches!(err, ExportError::GenerationNotFound(id) if id == generation_id()));
    assert_eq!(
        err.to_string(),
        format!("Generation {} not found", generation_id())
    );
}

#[tokio::test]
async fn a_generation_without_structured_content_is_refused() {
    for empty in ["", "  ", "{}", "null"] {
        let mut m = Mocks::new();
        m.generations.expect_find().returning(move |_, id| {
            Ok(Some(Generation {
                content_structured: empty.into(),
                ..generation(id)
            }))
        });
        m.renderer.expect_render().never();
        m.store.expect_put().never();
        let err = m
            .service()
            .create(user(), request(ExportFormat::Pdf))
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("Generation {} has no structured content", generation_id())
        );
    }
}

#[tokio::test]
async fn a_row_that_cannot_be_written_takes_its_file_with_it() {
    let mut m = Mocks::new().with_generation(generation_id()).storing();
    m.renderer.expect_render().returning(|_, _| Ok(pdf()));
    m.exports
        .expect_insert()
        .returning(|_| Err(anyhow::anyhow!("database gone")));
    m.store
        .expect_delete()
        .withf(|key| key.starts_with("exports/") && key.ends_with(".pdf"))
        .times(1)
        .returning(|_| Ok(()));
    let err = m
        .service()
        .create(user(), request(ExportFormat::Pdf))
        .await
        .unwrap_err();
    assert!(matches!(err, ExportError::Unexpected(_)), "{err:?}");
}

#[tokio::test]
async fn a_generation_deleted_while_rendering_leaves_no_file() {
    let mut m = Mocks::new().with_generation(generation_id()).storing();
    m.renderer.expect_render().returning(|_, _| Ok(pdf()));
    m.exports.expect_insert().returning(|_| Ok(false));
    m.store.expect_delete().times(1).returning(|_| Ok(()));
    let err = m
        .service()
        .create(user(), request(ExportFormat::Pdf))
        .await
        .unwrap_err();
    assert!(matches!(err, ExportError::GenerationNotFound(_)), "{err:?}");
}

#[tokio::test]
async fn a_busy_or_failing_renderer_stores_nothing() {
    for (fault, busy) in [
        (RenderError::Busy, true),
        (RenderError::TextLayer("Head Chef".into()), false),
        (RenderError::InvalidContent("not an object".into()), false),
    ] {
        let mut m = Mocks::new().with_generation(generation_id());
        let fault = Mutex::new(Some(fault));
        m.renderer
            .expect_render()
            .returning(move |_, _| Err(fault.lock().unwrap().take().unwrap()));
        m.store.expect_put().never();
        m.exports.expect_insert().never();
        let err = m
            .service()
            .create(user(), request(ExportFormat::Pdf))
            .await
            .unwrap_err();
        if busy {
            assert!(matches!(err, ExportError::Busy), "{err:?}");
        } else {
            assert!(matches!(err, ExportError::Failed(_)), "{err:?}");
            assert!(err.to_string().starts_with("Export failed: "));
        }
    }
}

#[tokio::test]
async fn a_batch_zips_the_callers_generations_and_names_the_skipped() {
    let mine = GenerationId::from_uuid(Uuid::from_u128(0x71));
    let also_mine = GenerationId::from_uuid(Uuid::from_u128(0x72));
    let foreign = GenerationId::from_uuid(Uuid::from_u128(0x73));
    let mut m = Mocks::new().storing();
    m.generations
        .expect_find()
        .returning(move |_, id| Ok((id != foreign).then(|| generation(id))));
    m.renderer
        .expect_render()
        .with(always(), eq(RenderFormat::Docx))
        .times(2)
        .returning(|_, _| Ok(pdf()));
    m.renderer
        .expect_archive()
        .withf(|entries| {
            entries.len() == 2
                && entries
                    .iter()
                    .all(|e| e.name.starts_with("resume_") && e.name.ends_with(".docx"))
                && entries[0].name != entries[1].name
        })
        .times(1)
        .returning(|_| Ok(b"PK\x03\x04".to_vec()));
    m.exports
        .expect_insert()
        .withf(|e| {
            e.format == ExportFormat::Zip
                && e.file_count == Some(2)
                && e.generation_id.is_none()
                && e.job_id == Some(job_id())
                && e.filename.starts_with("batch_export_")
                && e.filename.ends_with(".zip")
        })
        .times(1)
        .returning(|_| Ok(true));
    let view = m
        .service()
        .batch(
            user(),
            BatchRequest {
                generation_ids: vec![mine, foreign, also_mine, mine],
                template: Template::Modern,
                format: ExportFormat::Docx,
                options: RenderOptions::default(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        view.export.metadata.skipped_generations,
        vec![foreign.to_string()]
    );
    assert_eq!(view.export.metadata.files.len(), 2);
}

#[tokio::test]
async fn a_batch_with_nothing_to_export_or_too_much_is_refused() {
    let mut m = Mocks::new();
    m.generations.expect_find().returning(|_, _| Ok(None));
    m.renderer.expect_archive().never();
    m.store.expect_put().never();
    let service = m.service();
    let batch = |n: u128| BatchRequest {
        generation_ids: (0..n)
            .map(|i| GenerationId::from_uuid(Uuid::from_u128(0x100 + i)))
            .collect(),
        template: Template::Modern,
        format: ExportFormat::Pdf,
        options: RenderOptions::default(),
    };
    let none = service.batch(user(), batch(2)).await.unwrap_err();
    assert!(matches!(none, ExportError::NoValidGenerations), "{none:?}");
    let many = service.batch(user(), batch(21)).await.unwrap_err();
    assert!(matches!(many, ExportError::TooManyGenerations), "{many:?}");
}

#[tokio::test]
async fn a_missing_or_foreign_export_is_not_found_and_a_link_never_outlives_its_export() {
    let near_end = ExportId::new_random();
    let mut m = Mocks::new();
    m.exports
        .expect_find()
        .with(eq(user()), always(), eq(now()))
        .returning(move |_, id, _| {
            Ok((id == near_end).then(|| Export {
                expires_at: now() + TimeDelta::minutes(5),
                ..stored_export(id)
            }))
        });
    let service = m.service();
    let err = service
        .get(user(), ExportId::new_random())
        .await
        .unwrap_err();
    assert!(matches!(err, ExportError::NotFound));
    assert_eq!(err.to_string(), "Export not found or expired");
    let view = service.get(user(), near_end).await.unwrap();
    assert_eq!(
        view.link.expires,
        (now() + TimeDelta::minutes(5)).timestamp()
    );
}

#[tokio::test]
async fn a_delete_removes_the_row_then_the_file_and_a_missing_one_touches_no_file() {
    let id = ExportId::new_random();
    let key = Export::key_for(user(), id, ExportFormat::Pdf);
    let mut m = Mocks::new();
    let mut order = mockall::Sequence::new();
    let answer = key.clone();
    m.exports
        .expect_delete()
        .with(eq(user()), eq(id))
        .times(1)
        .in_sequence(&mut order)
        .returning(move |_, _| Ok(Some(answer.clone())));
    m.store
        .expect_delete()
        .with(eq(key))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Ok(()));
    m.exports.expect_delete().returning(|_, _| Ok(None));
    let service = m.service();
    service.delete(user(), id).await.unwrap();
    let err = service
        .delete(user(), ExportId::new_random())
        .await
        .unwrap_err();
    assert!(matches!(err, ExportError::NotFound));
}

#[tokio::test]
async fn a_download_link_is_checked_for_its_token_then_its_expiry_then_the_export() {
    let id = ExportId::new_random();
    let gone = ExportId::new_random();
    let key = Export::key_for(user(), id, ExportFormat::Pdf);
    let gone_key = Export::key_for(user(), gone, ExportFormat::Pdf);
    let mut m = Mocks::new();
    let wanted = key.clone();
    m.exports
        .expect_find_by_key()
        .returning(move |k, _| Ok((k == wanted).then(|| stored_export(id))));
    let service = m.service();
    let name = key.replace('/', "_");
    let later = (now() + TimeDelta::minutes(10)).timestamp();
    let earlier = (now() - TimeDelta::minutes(10)).timestamp();
    let sig = |key: &str, at: i64| format!("sig:{key}:{at}");

    let ok = service
        .open_download(&name, later, &sig(&key, later))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ok.id, id);
    // Tampered: another expiry, another key's token, garbage.
    for (at, token) in [
        (later + 60, sig(&key, later)),
        (later, sig(&gone_key, later)),
        (later, "0".repeat(64)),
    ] {
        assert_eq!(
            service.open_download(&name, at, &token).await.unwrap(),
            Err(DownloadError::InvalidToken)
        );
    }
    assert_eq!(
        service
            .open_download(&name, earlier, &sig(&key, earlier))
            .await
            .unwrap(),
        Err(DownloadError::Expired)
    );
    let gone_name = gone_key.replace('/', "_");
    assert_eq!(
        service
            .open_download(&gone_name, later, &sig(&gone_key, later))
            .await
            .unwrap(),
        Err(DownloadError::NotFound)
    );
    assert_eq!(
        service
            .open_download("passwd", later, &sig("passwd", later))
            .await
            .unwrap(),
        Err(DownloadError::NotFound)
    );
}

#[tokio::test]
async fn the_purge_removes_the_files_of_the_rows_it_deleted() {
    let mut m = Mocks::new();
    m.exports
        .expect_purge_expired()
        .with(eq(now()), eq(100))
        .times(1)
        .returning(|_, _| Ok(vec!["exports/1/a.pdf".into(), "exports/2/b.zip".into()]));
    m.store.expect_delete().times(2).returning(|key| {
        if key == "exports/1/a.pdf" {
            Err(anyhow::anyhow!("busy").into())
        } else {
            Ok(())
        }
    });
    assert_eq!(m.service().purge_expired(100).await.unwrap(), 2);
}

#[tokio::test]
async fn lists_are_bounded_and_a_foreign_job_is_not_found() {
    let mut m = Mocks::new();
    m.exports
        .expect_list()
        .withf(|_, f, page, _| page.limit == MAX_PAGE && f.job_id.is_none())
        .times(1)
        .returning(|_, _, _, _| Ok((vec![stored_export(ExportId::new_random())], 1, 3)));
    let other_job = JobId::from_uuid(Uuid::from_u128(0x99));
    m.jobs
        .expect_find()
        .with(eq(user()), eq(other_job))
        .returning(|_, _| Ok(None));
    let service = m.service();
    let page = service
        .list(
            user(),
            ExportFilter::default(),
            Page {
                limit: 10_000,
                offset: 0,
            },
        )
        .await
        .unwrap();
    assert_eq!((page.exports.len(), page.total), (1, 1));
    assert!(page.exports[0].link.token.starts_with("sig:exports/"));
    let err = service
        .list_for_job(
            user(),
            other_job,
            None,
            Page {
                limit: 10,
                offset: 0,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), format!("Job {other_job} not found"));
}

#[tokio::test]
async fn the_sweep_removes_only_old_files_no_export_refers_to() {
    let mut m = Mocks::new();
    let grace = std::time::Duration::from_secs(3600);
    m.store
        .expect_list_older()
        .with(eq(EXPORTS_PREFIX), eq(now() - TimeDelta::hours(1)), eq(50))
        .times(1)
        .returning(|_, _, _| {
            Ok(vec![
                "exports/1/kept.pdf".into(),
                "exports/1/orphan.pdf".into(),
            ])
        });
    m.exports
        .expect_known_keys()
        .withf(|keys| keys.len() == 2)
        .times(1)
        .returning(|_| Ok(vec!["exports/1/kept.pdf".into()]));
    m.store
        .expect_delete()
        .with(eq("exports/1/orphan.pdf"))
        .times(1)
        .returning(|_| Ok(()));
    assert_eq!(m.service().sweep_orphans(grace, 50).await.unwrap(), 1);
}

#[tokio::test]
async fn a_sweep_with_no_old_files_asks_nothing_else() {
    let mut m = Mocks::new();
    m.store.expect_list_older().returning(|_, _, _| Ok(vec![]));
    m.exports.expect_known_keys().never();
    m.store.expect_delete().never();
    assert_eq!(
        m.service()
            .sweep_orphans(std::time::Duration::from_secs(60), 10)
            .await
            .unwrap(),
        0
    );
}
