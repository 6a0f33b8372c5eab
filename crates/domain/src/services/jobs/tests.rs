use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{TimeZone, Utc};
use mockall::Sequence;
use mockall::predicate::eq;

use super::*;
use crate::job::{SalaryPeriod, Seniority};
use crate::ports::{
    DocumentStoreError, MockClock, MockDocumentStore, MockJobPageFetcher, MockJobRepository,
    MockLockedJob, MockPostingAnalyser,
};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).single().unwrap()
}

fn user() -> UserId {
    UserId::new(7)
}

/// A stand-in for the keyword matcher: the known skills a text names, in text order.
fn extract_keywords(text: &str) -> Vec<String> {
    const SKILLS: [&str; 7] = [
        "python",
        "postgresql",
        "kubernetes",
        "docker",
        "terraform",
        "rust",
        "aws",
    ];
    let mut found: Vec<String> = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let word = word.to_lowercase();
        if SKILLS.contains(&word.as_str()) && !found.contains(&word) {
            found.push(word);
        }
    }
    found
}

/// A stand-in for the salary reader: "$120,000 - $150,000" and nothing else.
fn parse_salary(text: &str) -> Option<SalaryRange> {
    (text == "$120,000 - $150,000")
        .then(|| SalaryRange::whole(120_000, 150_000, "USD", SalaryPeriod::Year))
}

struct Mocks {
    jobs: MockJobRepository,
    analyser: MockPostingAnalyser,
    fetcher: MockJobPageFetcher,
    store: MockDocumentStore,
    clock: MockClock,
}

impl Mocks {
    fn new() -> Self {
        let mut clock = MockClock::new();
        clock.expect_now().return_const(now());
        let mut analyser = MockPostingAnalyser::new();
        analyser
            .expect_keywords()
            .returning(|text| Ok(extract_keywords(&text)));
        analyser.expect_salary().returning(parse_salary);
        Self {
            jobs: MockJobRepository::new(),
            analyser,
            fetcher: MockJobPageFetcher::new(),
            store: MockDocumentStore::new(),
            clock,
        }
    }

    fn service(self) -> JobService {
        JobService::new(JobPorts {
            jobs: Arc::new(self.jobs),
            analyser: Arc::new(self.analyser),
            fetcher: Arc::new(self.fetcher),
            store: Arc::new(self.store),
            clock: Arc::new(self.clock),
        })
    }

    fn analyses_to(&mut self, posting: AnalysedPosting) {
        self.analyser
            .expect_analyse()
            .times(1)
            .returning(move |_| Ok(posting.clone()));
    }

    fn inserts(&mut self) {
        self.jobs
            .expect_insert()
            .times(1)
            .withf(|job, first| {
                first.job_id == job.id
                    && first.from_status.is_none()
                    && first.to_status == job.application_status
                    && first.changed_at == now()
            })
            .returning(|_, _| Ok(()));
    }
}

fn posting() -> AnalysedPosting {
    AnalysedPosting {
        title: Some("Senior Rust Engineer".into()),
        company: Some("Ferrous Labs".into()),
        location: Some("Berlin, Germany".into()),
        description: "We build databases in Rust.".into(),
        requirements: vec![
            "5+ years of Rust".into(),
            " ".into(),
            "5+ years of Rust".into(),
        ],
        preferred_requirements: vec!["Kafka".into()],
        responsibilities: vec!["Design storage engines".into()],
        benefits: vec!["30 days of holiday".into()],
        salary: Some(SalaryRange::whole(
            90_000,
            120_000,
            "EUR",
            SalaryPeriod::Year,
        )),
        work_mode: Some(WorkMode::Hybrid),
        employment_type: Some(EmploymentType::Contract),
        seniority: Some(Seniority::Senior),
        years_experience: Some(5),
        keywords: vec!["rust".into(), "kafka".into()],
    }
}

fn stored_job() -> Job {
    from_posting(
        user(),
        posting(),
        JobSource::UserCreated,
        Some("text".into()),
        None,
        now(),
    )
}

#[tokio::test]
async fn pasted_text_becomes_a_job_read_by_the_analyser() {
    let mut m = Mocks::new();
    m.analyses_to(posting());
    m.inserts();
    let text = "Senior Rust Engineer\nFerrous Labs\nWe build databases in Rust.".to_owned();
    let job = m
        .service()
        .create(user(), NewJob::Text(text.clone()))
        .await
        .unwrap();
    assert_eq!(job.source, JobSource::UserCreated);
    assert_eq!(job.title, "Senior Rust Engineer");
    assert_eq!(job.company.as_deref(), Some("Ferrous Labs"));
    assert_eq!(job.raw_text.as_deref(), Some(text.as_str()));
    assert_eq!(
        job.requirements,
        ["5+ years of Rust"],
        "cleaned and de-duplicated"
    );
    assert_eq!(job.salary_range.as_deref(), Some("90000-120000"));
    assert!(!job.remote, "hybrid is not remote");
    assert_eq!(job.employment_type, EmploymentType::Contract);
    assert_eq!(job.application_status, ApplicationStatus::NotApplied);
    assert_eq!(job.status, JobStatus::Active);
    assert_eq!(job.version, 1);
    assert_eq!(job.created_at, now());
}

#[tokio::test]
async fn a_posting_without_title_or_company_gets_the_placeholders_of_the_contract() {
    let mut m = Mocks::new();
    m.analyses_to(AnalysedPosting {
        description: "Some words here".into(),
        ..AnalysedPosting::default()
    });
    m.inserts();
    let job = m
        .service()
        .create(user(), NewJob::Text("some words here".into()))
        .await
        .unwrap();
    assert_eq!(job.title, UNTITLED_POSITION);
    assert_eq!(job.company, None);
    assert_eq!(job.employment_type, EmploymentType::FullTime);
    assert!(!job.remote);
}

#[tokio::test]
async fn text_without_words_is_refused_before_anything_runs() {
    // Fresh mocks without expectations: any analyser or repository call fails the test.
    for junk in [
        "\n\n\n\n\n\n\n\n\n\n\n",
        "1234567890 $$$$ ####",
        "\u{1}\u{2}\u{3} ***",
    ] {
        let e = m_service_create(junk).await;
        assert!(matches!(e, Err(JobError::Invalid(_))), "{junk:?}: {e:?}");
    }
}

async fn m_service_create(text: &str) -> Result<Job, JobError> {
    Mocks::new()
        .service()
        .create(user(), NewJob::Text(text.to_owned()))
        .await
}

#[tokio::test]
async fn a_page_with_structured_data_is_imported_with_what_the_page_states() {
    let mut m = Mocks::new();
    m.fetcher
        .expect_fetch()
        .with(eq("https://jobs.example.com/1"))
        .times(1)
        .returning(|_| {
            Ok(FetchedPage::Structured(StructuredPosting {
                title: "Data Engineer".into(),
                company: Some("Acme".into()),
                location: Some("Austin, TX".into()),
                description: "Pipelines in Python.".into(),
                employment_type: Some(EmploymentType::PartTime),
                salary: None,
                work_mode: Some(WorkMode::Remote),
                qualifications: Some("3 years of SQL".into()),
                responsibilities: None,
            }))
        });
    m.analyser
        .expect_analyse()
        .withf(|text| text.contains("Pipelines in Python.") && text.contains("3 years of SQL"))
        .times(1)
        .returning(|_| Ok(posting()));
    m.inserts();
    let job = m
        .service()
        .create(user(), NewJob::Url("https://jobs.example.com/1".into()))
        .await
        .unwrap();
    assert_eq!(job.source, JobSource::UrlImport);
    assert_eq!(
        job.source_url.as_deref(),
        Some("https://jobs.example.com/1")
    );
    assert_eq!(job.title, "Data Engineer");
    assert_eq!(job.company.as_deref(), Some("Acme"));
    assert_eq!(job.location.as_deref(), Some("Austin, TX"));
    assert_eq!(job.description.as_deref(), Some("Pipelines in Python."));
    assert_eq!(job.employment_type, EmploymentType::PartTime);
    assert_eq!(job.work_mode, Some(WorkMode::Remote));
    // Not stated by the page: the analyser's reading.
    assert_eq!(job.salary_range.as_deref(), Some("90000-120000"));
    assert_eq!(job.requirements, ["5+ years of Rust"]);
}

#[tokio::test]
async fn a_page_without_structured_data_is_read_as_text_and_titled_by_the_page() {
    let mut m = Mocks::new();
    m.fetcher.expect_fetch().times(1).returning(|_| {
        Ok(FetchedPage::Text {
            title: Some("  Backend Developer  ".into()),
            text: "We are hiring people who write code".into(),
        })
    });
    m.analyses_to(AnalysedPosting {
        description: "We are hiring people who write code".into(),
        ..AnalysedPosting::default()
    });
    m.inserts();
    let job = m
        .service()
        .create(user(), NewJob::Url("https://example.com/careers".into()))
        .await
        .unwrap();
    assert_eq!(job.title, "Backend Developer");
    assert_eq!(job.source, JobSource::UrlImport);
}

#[tokio::test]
async fn a_page_that_cannot_be_fetched_is_an_import_error_and_nothing_is_saved() {
    let mut m = Mocks::new();
    m.fetcher
        .expect_fetch()
        .times(1)
        .returning(|_| Err(FetchError::RefusedAddress));
    let e = m
        .service()
        .create(user(), NewJob::Url("http://10.0.0.1/job".into()))
        .await;
    assert!(
        matches!(e, Err(JobError::Import(FetchError::RefusedAddress))),
        "{e:?}"
    );

    let mut m = Mocks::new();
    m.fetcher
        .expect_fetch()
        .times(1)
        .returning(|_| Err(FetchError::Unexpected(anyhow::anyhow!("client gone"))));
    let e = m
        .service()
        .create(user(), NewJob::Url("https://example.com/x".into()))
        .await;
    assert!(matches!(e, Err(JobError::Unexpected(_))), "{e:?}");
}

fn structured(source: Option<JobSource>) -> StructuredJob {
    StructuredJob {
        title: " Backend Engineer ".into(),
        company: "Acme".into(),
        source,
        description: Some("Python and PostgreSQL services on Kubernetes.".into()),
        requirements: vec!["Docker".into()],
        salary_range: Some("$120,000 - $150,000".into()),
        remote: true,
        ..StructuredJob::default()
    }
}

#[tokio::test]
async fn a_structured_job_keeps_its_fields_and_gets_keywords_from_its_text() {
    let mut m = Mocks::new();
    m.inserts();
    let job = m
        .service()
        .create(
            user(),
            NewJob::Structured(structured(Some(JobSource::Imported))),
        )
        .await
        .unwrap();
    assert_eq!(job.source, JobSource::Imported);
    assert_eq!(job.title, "Backend Engineer");
    assert_eq!(job.salary_range.as_deref(), Some("$120,000 - $150,000"));
    assert_eq!(
        job.salary,
        Some(SalaryRange::whole(
            120_000,
            150_000,
            "USD",
            SalaryPeriod::Year
        ))
    );
    for k in ["python", "postgresql", "kubernetes", "docker"] {
        assert!(
            job.keywords.iter().any(|x| x == k),
            "{k} in {:?}",
            job.keywords
        );
    }
    assert_eq!(job.work_mode, Some(WorkMode::Remote));
}

#[tokio::test]
async fn a_structured_job_defaults_to_user_created_and_refuses_mock() {
    let mut m = Mocks::new();
    m.inserts();
    let job = m
        .service()
        .create(user(), NewJob::Structured(structured(None)))
        .await
        .unwrap();
    assert_eq!(job.source, JobSource::UserCreated);

    let e = Mocks::new()
        .service()
        .create(
            user(),
            NewJob::Structured(structured(Some(JobSource::Mock))),
        )
        .await;
    assert!(matches!(e, Err(JobError::Invalid(_))), "{e:?}");
}

#[tokio::test]
async fn an_empty_patch_touches_nothing() {
    let e = Mocks::new()
        .service()
        .update(user(), JobId::new_random(), JobPatch::default())
        .await;
    assert!(matches!(e, Err(JobError::NothingToUpdate)), "{e:?}");
}

#[tokio::test]
async fn a_blank_title_or_company_is_refused_before_the_job_is_read() {
    for patch in [
        JobPatch {
            title: Some(" \t ".into()),
            ..JobPatch::default()
        },
        JobPatch {
            notes: Some("n".into()),
            company: Some(String::new()),
            ..JobPatch::default()
        },
    ] {
        let e = Mocks::new()
            .service()
            .update(user(), JobId::new_random(), patch)
            .await;
        assert!(
            matches!(&e, Err(JobError::Invalid(m)) if m == BLANK_JOB_NAME),
            "{e:?}"
        );
    }
}

impl Mocks {
    /// The analyser extracts keywords for real and counts how often.
    fn counts_keyword_extractions(&mut self) -> Arc<AtomicUsize> {
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&calls);
        self.analyser = MockPostingAnalyser::new();
        self.analyser.expect_salary().returning(parse_salary);
        self.analyser.expect_keywords().returning(move |text| {
            counted.fetch_add(1, Ordering::SeqCst);
            Ok(extract_keywords(&text))
        });
        calls
    }

    /// The repository finds `job` for the first read (any number of times).
    fn finds(&mut self, job: Job) {
        self.jobs
            .expect_find()
            .with(eq(user()), eq(job.id))
            .returning(move |_, _| Ok(Some(job.clone())));
    }

    /// The repository locks `locked` once and expects one save that `check` accepts.
    fn locks_and_saves(
        &mut self,
        locked: Job,
        check: impl Fn(&Job, &Option<StatusChange>) -> bool + Send + 'static,
    ) {
        let id = locked.id;
        self.jobs
            .expect_lock()
            .with(eq(user()), eq(id))
            .times(1)
            .return_once(move |_, _| {
                let mut guard = MockLockedJob::new();
                guard.expect_job().return_const(locked);
                guard
                    .expect_save()
                    .withf(move |job, change| check(job, change))
                    .times(1)
                    .returning(|_, _| Ok(()));
                Ok(Some(Box::new(guard)))
            });
    }
}

#[tokio::test]
async fn reaching_applied_records_the_change_and_sets_the_applied_date() {
    let mut m = Mocks::new();
    let job = stored_job();
    let id = job.id;
    m.finds(job.clone());
    m.locks_and_saves(job, |job, change| {
        let change = change.as_ref().expect("a status change");
        job.version == 2
            && change.from_status == Some(ApplicationStatus::NotApplied)
            && change.to_status == ApplicationStatus::Applied
            && change.changed_at == now()
    });
    let updated = m
        .service()
        .update(
            user(),
            id,
            JobPatch {
                application_status: Some(ApplicationStatus::Applied),
                notes: Some("Sent via referral".into()),
                ..JobPatch::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.application_status, ApplicationStatus::Applied);
    assert_eq!(updated.applied_date, Some(now()));
    assert_eq!(updated.notes.as_deref(), Some("Sent via referral"));
    assert_eq!(updated.updated_at, now());
    assert_eq!(updated.version, 2);
}

#[tokio::test]
async fn a_given_applied_date_wins_and_the_same_status_is_no_change() {
    let mut m = Mocks::new();
    let mut job = stored_job();
    job.application_status = ApplicationStatus::Preparing;
    let id = job.id;
    m.finds(job.clone());
    m.locks_and_saves(job, |_, change| change.is_none());
    let date = Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).single().unwrap();
    let updated = m
        .service()
        .update(
            user(),
            id,
            JobPatch {
                application_status: Some(ApplicationStatus::Preparing),
                applied_date: Some(date),
                ..JobPatch::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.applied_date, Some(date));
}

#[tokio::test]
async fn the_patch_applies_to_the_job_as_locked_not_as_first_read() {
    let mut m = Mocks::new();
    let job = stored_job();
    let id = job.id;
    m.finds(job.clone());
    // Another update landed between the first read and the lock.
    let mut newer = job;
    newer.version = 5;
    newer.application_status = ApplicationStatus::Applied;
    newer.notes = Some("from the other request".into());
    m.locks_and_saves(newer, |job, change| {
        let change = change.as_ref().expect("a status change");
        job.version == 6 && change.from_status == Some(ApplicationStatus::Applied)
    });
    let updated = m
        .service()
        .update(
            user(),
            id,
            JobPatch {
                title: Some("Staff Engineer".into()),
                application_status: Some(ApplicationStatus::Interviewing),
                ..JobPatch::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.title, "Staff Engineer");
    assert_eq!(updated.notes.as_deref(), Some("from the other request"));
    assert_eq!(updated.version, 6);
}

#[tokio::test]
async fn a_job_that_vanishes_before_the_lock_or_never_was_is_not_found() {
    let patch = JobPatch {
        notes: Some("x".into()),
        ..JobPatch::default()
    };
    let mut m = Mocks::new();
    let job = stored_job();
    let id = job.id;
    m.finds(job);
    m.jobs.expect_lock().times(1).returning(|_, _| Ok(None));
    let e = m.service().update(user(), id, patch.clone()).await;
    assert!(matches!(e, Err(JobError::NotFound(_))), "{e:?}");

    let mut m = Mocks::new();
    m.jobs.expect_find().returning(|_, _| Ok(None));
    m.jobs.expect_lock().never();
    let e = m.service().update(user(), id, patch).await;
    assert!(
        matches!(&e, Err(JobError::NotFound(s)) if *s == id.to_string()),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_failed_save_is_an_error_and_nothing_is_reported_saved() {
    let mut m = Mocks::new();
    let job = stored_job();
    let id = job.id;
    m.finds(job.clone());
    m.jobs.expect_lock().times(1).return_once(move |_, _| {
        let mut guard = MockLockedJob::new();
        guard.expect_job().return_const(job);
        guard
            .expect_save()
            .times(1)
            .returning(|_, _| Err(anyhow::anyhow!("disk full")));
        Ok(Some(Box::new(guard)))
    });
    let e = m
        .service()
        .update(
            user(),
            id,
            JobPatch {
                notes: Some("x".into()),
                ..JobPatch::default()
            },
        )
        .await;
    assert!(matches!(e, Err(JobError::Unexpected(_))), "{e:?}");
}

#[tokio::test]
async fn a_typed_in_job_s_keywords_follow_its_edited_description() {
    let mut m = Mocks::new();
    let mut job = from_fields(user(), structured(None), now()).unwrap();
    job.keywords = extract_keywords(&keyword_text(&job));
    let id = job.id;
    m.finds(job.clone());
    m.locks_and_saves(job, |job, _| job.keywords.iter().any(|k| k == "terraform"));
    let updated = m
        .service()
        .update(
            user(),
            id,
            JobPatch {
                description: Some("Now it is all about Terraform.".into()),
                ..JobPatch::default()
            },
        )
        .await
        .unwrap();
    assert!(
        updated.keywords.iter().any(|k| k == "terraform"),
        "{:?}",
        updated.keywords
    );
    assert!(!updated.keywords.iter().any(|k| k == "postgresql"));
}

#[tokio::test]
async fn keywords_are_extracted_outside_the_lock_and_again_when_the_text_moved_meanwhile() {
    let patch = JobPatch {
        description: Some("Now it is all about Terraform.".into()),
        ..JobPatch::default()
    };
    let mut job = from_fields(user(), structured(None), now()).unwrap();
    job.keywords = extract_keywords(&keyword_text(&job));
    let id = job.id;

    // Unchanged text: one extraction.
    let mut m = Mocks::new();
    let calls = m.counts_keyword_extractions();
    m.finds(job.clone());
    m.locks_and_saves(job.clone(), |_, _| true);
    m.service().update(user(), id, patch.clone()).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // Another change retitled the job to Kubernetes meanwhile: the lock is let go and the
    // keywords extracted again for the new text, then saved.
    let mut m = Mocks::new();
    let calls = m.counts_keyword_extractions();
    m.finds(job.clone());
    let mut retitled = job;
    retitled.title = "Kubernetes Engineer".into();
    let mut seq = Sequence::new();
    let first = retitled.clone();
    m.jobs
        .expect_lock()
        .times(1)
        .in_sequence(&mut seq)
        .return_once(move |_, _| {
            let mut guard = MockLockedJob::new();
            guard.expect_job().return_const(first);
            guard.expect_save().never();
            Ok(Some(Box::new(guard)))
        });
    m.jobs
        .expect_lock()
        .times(1)
        .in_sequence(&mut seq)
        .return_once(move |_, _| {
            let mut guard = MockLockedJob::new();
            guard.expect_job().return_const(retitled);
            guard
                .expect_save()
                .withf(|job, _| {
                    job.keywords.iter().any(|k| k == "kubernetes")
                        && job.keywords.iter().any(|k| k == "terraform")
                })
                .times(1)
                .returning(|_, _| Ok(()));
            Ok(Some(Box::new(guard)))
        });
    m.service().update(user(), id, patch).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn deleting_removes_the_job_then_its_files_and_a_file_failure_is_not_an_error() {
    let mut m = Mocks::new();
    let id = JobId::new_random();
    let mut seq = Sequence::new();
    m.jobs
        .expect_delete()
        .with(eq(user()), eq(id))
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_, _| {
            Ok(Some(vec![
                "exports/7/a.pdf".into(),
                "exports/7/b.docx".into(),
            ]))
        });
    m.store
        .expect_delete()
        .with(eq("exports/7/a.pdf"))
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_| Err(DocumentStoreError::Unexpected(anyhow::anyhow!("disk"))));
    m.store
        .expect_delete()
        .with(eq("exports/7/b.docx"))
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_| Ok(()));
    m.service().delete(user(), id).await.unwrap();

    let mut m = Mocks::new();
    m.jobs.expect_delete().returning(|_, _| Ok(None));
    let e = m.service().delete(user(), id).await;
    assert!(matches!(e, Err(JobError::NotFound(_))), "{e:?}");
}

#[tokio::test]
async fn the_history_of_another_user_s_job_is_not_found() {
    let mut m = Mocks::new();
    m.jobs.expect_status_history().returning(|_, _, _| Ok(None));
    let e = m
        .service()
        .status_history(
            user(),
            JobId::new_random(),
            Page {
                limit: 10,
                offset: 0,
            },
        )
        .await;
    assert!(matches!(e, Err(JobError::NotFound(_))), "{e:?}");
}

#[tokio::test]
async fn a_list_is_the_repository_s_shared_page_for_the_caller_s_query() {
    let mut m = Mocks::new();
    let loaded = Arc::new(JobPage::new(vec![stored_job()], 1));
    let shared = Arc::clone(&loaded);
    let filter = JobFilter {
        remote: Some(true),
        ..JobFilter::default()
    };
    let page = Page {
        limit: 5,
        offset: 10,
    };
    m.jobs
        .expect_list_shared()
        .with(
            eq(user()),
            eq(filter.clone()),
            eq(JobSort::default()),
            eq(page),
        )
        .times(1)
        .returning(move |_, _, _, _| Ok(Arc::clone(&shared)));

    let listed = m
        .service()
        .list(user(), filter, JobSort::default(), page)
        .await
        .unwrap();

    assert!(
        Arc::ptr_eq(&listed, &loaded),
        "the page as the port shares it"
    );
}
