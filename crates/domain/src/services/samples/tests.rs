use std::sync::{Arc, Mutex};

use chrono::{TimeZone, Utc};
use mockall::predicate::eq;

use super::*;
use crate::ports::{
    DependencyError, DocumentStoreError, ExtractedText, MockClock, MockDocumentStore,
    MockSampleRepository, MockStyleAnalyser, MockTextExtractor, StoredObject,
};
use crate::sample::{Formality, SampleFormat, WritingStyle};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).single().unwrap()
}

/// A profile that depends on the text, so a test can tell whose it is.
fn style_of(text: &str) -> WritingStyle {
    WritingStyle {
        word_count: text.split_whitespace().count(),
        sentence_count: 1,
        paragraph_count: 1,
        sentence_length_mean: 1.0,
        sentence_length_stddev: 0.0,
        paragraph_length_mean: 1.0,
        vocabulary_richness: 1.0,
        first_person_ratio: 0.0,
        formality: Formality {
            score: 0.5,
            contractions_per_100_words: 0.0,
            formal_markers_per_100_words: 0.0,
            informal_markers_per_100_words: 0.0,
            level: "neutral".to_owned(),
        },
        action_verbs: Vec::new(),
        phrases: Vec::new(),
    }
}

fn user() -> UserId {
    UserId::new(7)
}

struct Mocks {
    samples: MockSampleRepository,
    store: MockDocumentStore,
    extractor: MockTextExtractor,
    style: MockStyleAnalyser,
    clock: MockClock,
}

impl Mocks {
    fn new() -> Self {
        let mut clock = MockClock::new();
        clock.expect_now().return_const(now());
        Self {
            samples: MockSampleRepository::new(),
            store: MockDocumentStore::new(),
            extractor: MockTextExtractor::new(),
            style: MockStyleAnalyser::new(),
            clock,
        }
    }

    fn service(self) -> SampleService {
        SampleService::new(SamplePorts {
            samples: Arc::new(self.samples),
            store: Arc::new(self.store),
            extractor: Arc::new(self.extractor),
            style: Arc::new(self.style),
            clock: Arc::new(self.clock),
        })
    }

    fn extracts(&mut self, text: &'static str) {
        self.extractor
            .expect_extract()
            .times(1)
            .returning(move |_, _| {
                Ok(ExtractedText {
                    format: SampleFormat::Text,
                    text: text.to_owned(),
                })
            });
        self.style
            .expect_analyse()
            .with(eq(text.to_owned()))
            .times(1)
            .returning(|text| Ok(style_of(&text)));
    }

    fn stores(&mut self) {
        self.store.expect_put().times(1).returning(|key, bytes| {
            Ok(StoredObject {
                key: key.to_owned(),
                size_bytes: bytes.len() as u64,
                sha256: "ab".repeat(32),
            })
        });
    }
}

fn upload(document_type: &str, name: &str, bytes: &[u8]) -> SampleUpload {
    SampleUpload {
        document_type: document_type.to_owned(),
        file_name: name.to_owned(),
        bytes: bytes.to_vec(),
    }
}

#[tokio::test]
async fn an_upload_is_extracted_stored_and_recorded_as_active() {
    let mut m = Mocks::new();
    m.extracts("Dear team,\nI led three launches.");
    m.stores();
    let inserted = Arc::new(Mutex::new(None));
    let slot = Arc::clone(&inserted);
    m.samples
        .expect_insert_active()
        .times(1)
        .returning(move |s| {
            *slot.lock().unwrap() = Some(s.clone());
            Ok(())
        });

    let sample = m
        .service()
        .upload(
            user(),
            upload("cover_letter", "C:\\docs\\letter.txt", b"..."),
        )
        .await
        .unwrap();

    assert_eq!(
        sample.original_filename, "letter.txt",
        "path parts are dropped"
    );
    assert_eq!(sample.word_count, 6);
    assert_eq!(sample.character_count, 32);
    assert!(sample.is_active);
    assert_eq!(
        sample.writing_style,
        Some(style_of("Dear team,\nI led three launches."))
    );
    assert_eq!(sample.storage_key, format!("samples/7/{}", sample.id));
    assert_eq!(inserted.lock().unwrap().as_ref(), Some(&sample));
}

#[tokio::test]
async fn a_bad_document_type_is_refused_before_anything_else() {
    let mut m = Mocks::new();
    m.extractor.expect_extract().never();
    m.store.expect_put().never();
    m.samples.expect_insert_active().never();

    let err = m
        .service()
        .upload(user(), upload("essay", "a.txt", b"text"))
        .await
        .unwrap_err();

    assert!(matches!(
        err,
        SampleError::Rejected(UploadRejection::BadDocumentType)
    ));
}

#[tokio::test]
async fn an_upload_over_one_mebibyte_is_refused_and_exactly_one_is_accepted() {
    let mut m = Mocks::new();
    m.extractor.expect_extract().never();
    let too_big = vec![b'a'; MAX_SAMPLE_BYTES + 1];
    let err = m
        .service()
        .upload(user(), upload("resume", "a.txt", &too_big))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        SampleError::Rejected(UploadRejection::TooLarge)
    ));

    let mut m = Mocks::new();
    m.extracts("fits");
    m.stores();
    m.samples
        .expect_insert_active()
        .times(1)
        .returning(|_| Ok(()));
    let exact = vec![b'a'; MAX_SAMPLE_BYTES];
    assert!(
        m.service()
            .upload(user(), upload("resume", "a.txt", &exact))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn content_the_extractor_refuses_stores_nothing() {
    let mut m = Mocks::new();
    m.extractor
        .expect_extract()
        .times(1)
        .returning(|_, _| Err(ExtractError::NotUtf8));
    m.store.expect_put().never();
    m.samples.expect_insert_active().never();

    let err = m
        .service()
        .upload(user(), upload("resume", "a.txt", &[0xe9]))
        .await
        .unwrap_err();

    assert!(matches!(
        err,
        SampleError::Rejected(UploadRejection::Extract(ExtractError::NotUtf8))
    ));
}

#[tokio::test]
async fn a_failed_insert_removes_the_stored_file() {
    let mut m = Mocks::new();
    m.extracts("text");
    m.stores();
    m.samples
        .expect_insert_active()
        .times(1)
        .returning(|_| Err(anyhow::anyhow!("database down")));
    let removed = Arc::new(Mutex::new(None::<String>));
    let slot = Arc::clone(&removed);
    m.store.expect_delete().times(1).returning(move |key| {
        *slot.lock().unwrap() = Some(key.to_owned());
        Ok(())
    });

    let err = m
        .service()
        .upload(user(), upload("resume", "a.txt", b"text"))
        .await
        .unwrap_err();

    assert!(matches!(err, SampleError::Unexpected(_)));
    assert!(
        removed
            .lock()
            .unwrap()
            .as_deref()
            .unwrap()
            .starts_with("samples/7/")
    );
}

/// An adapter's error carrying `fault`.
fn faulted(fault: DependencyFault) -> anyhow::Error {
    anyhow::Error::new(DependencyError::new(fault, "injected")).context("adapter")
}

/// The unexpected error an upload of a small text file ends with.
async fn failed_upload(m: Mocks) -> anyhow::Error {
    let err = m
        .service()
        .upload(user(), upload("resume", "a.txt", b"text"))
        .await
        .unwrap_err();
    let SampleError::Unexpected(e) = err else {
        panic!("{err:?}")
    };
    e
}

#[tokio::test]
async fn an_insert_past_its_deadline_keeps_the_file_it_may_point_to() {
    let mut m = Mocks::new();
    m.extracts("text");
    m.stores();
    m.samples
        .expect_insert_active()
        .times(1)
        .returning(|_| Err(faulted(DependencyFault::TimedOut)));
    m.store.expect_delete().never();

    let e = failed_upload(m).await;

    assert!(DependencyFault::TimedOut.is_in(&e));
}

#[tokio::test]
async fn a_full_store_is_reported_as_storage_full() {
    let mut m = Mocks::new();
    m.extracts("text");
    m.store.expect_put().times(1).returning(|_, _| {
        Err(DocumentStoreError::Unexpected(faulted(
            DependencyFault::StorageFull,
        )))
    });
    m.samples.expect_insert_active().never();

    let e = failed_upload(m).await;

    assert!(DependencyFault::StorageFull.is_in(&e));
}

#[tokio::test]
async fn a_failed_file_write_records_nothing() {
    let mut m = Mocks::new();
    m.extracts("text");
    m.store
        .expect_put()
        .times(1)
        .returning(|_, _| Err(DocumentStoreError::Unexpected(anyhow::anyhow!("disk full"))));
    m.samples.expect_insert_active().never();

    let err = m
        .service()
        .upload(user(), upload("resume", "a.txt", b"text"))
        .await
        .unwrap_err();

    assert!(matches!(err, SampleError::Unexpected(_)));
}

#[tokio::test]
async fn reading_or_deleting_another_users_sample_is_not_found() {
    let id = SampleId::new_random();
    let mut m = Mocks::new();
    m.samples
        .expect_find()
        .with(eq(user()), eq(id))
        .times(1)
        .returning(|_, _| Ok(None));
    m.samples
        .expect_delete()
        .with(eq(user()), eq(id))
        .times(1)
        .returning(|_, _| Ok(None));
    m.store.expect_delete().never();
    let service = m.service();

    assert!(matches!(
        service.get(user(), id).await,
        Err(SampleError::NotFound)
    ));
    assert!(matches!(
        service.delete(user(), id).await,
        Err(SampleError::NotFound)
    ));
}

#[tokio::test]
async fn deleting_removes_the_row_then_the_file() {
    let id = SampleId::new_random();
    let mut m = Mocks::new();
    let mut seq = mockall::Sequence::new();
    m.samples
        .expect_delete()
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_, _| Ok(Some("samples/7/x".to_owned())));
    m.store
        .expect_delete()
        .with(eq("samples/7/x"))
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_| Ok(()));

    m.service().delete(user(), id).await.unwrap();
}

#[test]
fn file_names_lose_their_path_control_and_bidirectional_formatting_characters() {
    assert_eq!(clean_file_name("C:\\Users\\me\\cover.docx"), "cover.docx");
    assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
    assert_eq!(clean_file_name("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
    assert_eq!(clean_file_name("a\u{2066}b\u{2069}\u{200F}.txt"), "ab.txt");
    assert_eq!(clean_file_name(" line\nbreak\t.md "), "linebreak.md");
    assert_eq!(clean_file_name("\u{202E}"), "");
    assert_eq!(clean_file_name("Résumé – 2026.pdf"), "Résumé – 2026.pdf");
}
