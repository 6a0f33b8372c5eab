use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use mockall::predicate::{always, eq};
use serde_json::Map;
use uuid::Uuid;

use super::*;
use crate::generation::{AtsReport, RankedItem};
use crate::job::{ApplicationStatus, EmploymentType, JobSource, JobStatus};
use crate::ports::{
    ChatResponse, LanguageModelError, MockClock, MockComposer, MockContentMatcher,
    MockDocumentStore, MockGenerationRepository, MockJobRepository, MockLanguageModel,
    MockProfileRepository, MockRankingRepository, MockSampleRepository, TokenUsage,
};
use crate::profile::{PersonalInfo, ProfileId, Skills};
use crate::sample::{Formality, Sample, SampleFormat, SampleId, SampleSummary};

pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).single().unwrap()
}

pub(crate) fn user() -> UserId {
    UserId::new(7)
}

pub(crate) fn job_id() -> JobId {
    JobId::from_uuid(Uuid::from_u128(0x10b))
}

pub(crate) fn job() -> Job {
    Job {
        id: job_id(),
        user_id: user(),
        source: JobSource::UserCreated,
        title: "Sous Chef".into(),
        company: Some("Bistro Nord".into()),
        location: None,
        description: Some("Run the line".into()),
        raw_text: None,
        source_url: None,
        keywords: vec!["menu planning".into()],
        requirements: vec!["3+ years on a busy line".into()],
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
        created_at: now() - Duration::days(3),
        updated_at: now() - Duration::days(3),
    }
}

pub(crate) fn profile() -> Profile {
    Profile {
        id: ProfileId::from_uuid(Uuid::from_u128(0x9f)),
        user_id: user(),
        personal_info: PersonalInfo {
            full_name: "Sam Cook".into(),
            email: "sam@example.com".into(),
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
        created_at: now() - Duration::days(10),
        updated_at: now() - Duration::days(2),
        version: 3,
    }
}

fn content() -> ContentRanking {
    ContentRanking {
        experiences: vec![RankedItem {
            id: "exp-1".into(),
            score: 0.8,
            evidence: vec!["menu planning".into(), "line cooking".into()],
        }],
        projects: vec![],
        bullets: BTreeMap::new(),
        skills: vec![],
        keyword_matches: BTreeMap::from([("menu planning".to_owned(), 2)]),
    }
}

fn stored_ranking(created_at: DateTime<Utc>) -> Ranking {
    Ranking {
        id: RankingId::from_uuid(Uuid::from_u128(0x4a)),
        user_id: user(),
        job_id: job_id(),
        profile_id: profile().id,
        content: content(),
        rationale: None,
        metadata: ModelMetadata::default(),
        created_at,
    }
}

fn report() -> AtsReport {
    AtsReport {
        score: 72.5,
        feedback: "Covers 1 of 1 keywords.".into(),
        matched: vec!["menu planning".into()],
        ..AtsReport::default()
    }
}

struct Mocks {
    jobs: MockJobRepository,
    profiles: MockProfileRepository,
    samples: MockSampleRepository,
    rankings: MockRankingRepository,
    generations: MockGenerationRepository,
    store: MockDocumentStore,
    matcher: MockContentMatcher,
    composer: MockComposer,
    model: Option<MockLanguageModel>,
}

impl Mocks {
    /// The caller has the job and a profile; nothing else is expected.
    fn new() -> Self {
        let mut jobs = MockJobRepository::new();
        jobs.expect_find()
            .with(eq(user()), eq(job_id()))
            .returning(|_, _| Ok(Some(job())));
        let mut profiles = MockProfileRepository::new();
        profiles
            .expect_find_by_user_shared()
            .with(eq(user()))
            .returning(|_| Ok(Some(Arc::new(profile()))));
        Self {
            jobs,
            profiles,
            samples: MockSampleRepository::new(),
            rankings: MockRankingRepository::new(),
            generations: MockGenerationRepository::new(),
            store: MockDocumentStore::new(),
            matcher: MockContentMatcher::new(),
            composer: MockComposer::new(),
            model: None,
        }
    }

    fn service(self) -> GenerationService {
        self.service_with_budget(super::DEFAULT_MODEL_BUDGET)
    }

    fn service_with_budget(self, budget: std::time::Duration) -> GenerationService {
        let mut clock = MockClock::new();
        clock.expect_now().return_const(now());
        GenerationService::new(GenerationPorts {
            jobs: Arc::new(self.jobs),
            profiles: Arc::new(self.profiles),
            samples: Arc::new(self.samples),
            rankings: Arc::new(self.rankings),
            generations: Arc::new(self.generations),
            store: Arc::new(self.store),
            matcher: Arc::new(self.matcher),
            composer: Arc::new(self.composer),
            model: self
                .model
                .map(|m| Arc::new(m) as Arc<dyn crate::ports::LanguageModel>),
            clock: Arc::new(clock),
        })
        .with_model_budget(budget)
    }

    fn no_stored_ranking(&mut self) {
        self.rankings
            .expect_find_for_job()
            .returning(|_, _| Ok(None));
    }

    fn ranks(&mut self) {
        self.matcher
            .expect_rank()
            .times(1)
            .returning(|_, _| Ok(content()));
        self.rankings
            .expect_replace()
            .times(1)
            .returning(|_| Ok(()));
    }

    fn scores_and_stores(&mut self) {
        self.matcher
            .expect_ats()
            .times(1)
            .returning(|_, _, _, _| Ok(report()));
        self.generations
            .expect_insert()
            .times(1)
            .returning(|_| Ok(()));
    }

    fn composes_resume(&mut self) {
        self.composer.expect_resume().times(1).returning(|_, _, _| {
            Ok(Composed {
                text: "Sam Cook\n".into(),
                structured: "{}".into(),
            })
        });
    }
}

fn resume_request() -> ResumeRequest {
    ResumeRequest {
        job_id: job_id(),
        options: ResumeOptions {
            max_experiences: 5,
            max_projects: 3,
            include_summary: true,
        },
    }
}

#[tokio::test]
async fn a_ranking_of_an_unknown_job_is_job_not_found_and_stores_nothing() {
    let mut m = Mocks::new();
    m.jobs = MockJobRepository::new();
    m.jobs.expect_find().returning(|_, _| Ok(None));
    // No ranking is replaced: an expectation-less mock panics if called.
    let err = m
        .service()
        .create_ranking(user(), job_id())
        .await
        .unwrap_err();
    assert!(matches!(err, GenerationError::JobNotFound));
}

#[tokio::test]
async fn a_ranking_without_a_profile_is_no_profile() {
    let mut m = Mocks::new();
    m.profiles = MockProfileRepository::new();
    m.profiles
        .expect_find_by_user_shared()
        .returning(|_| Ok(None));
    let err = m
        .service()
        .create_ranking(user(), job_id())
        .await
        .unwrap_err();
    assert!(matches!(err, GenerationError::NoProfile));
}

#[tokio::test]
async fn a_ranking_is_stored_with_the_matchers_order_and_an_offline_rationale() {
    let mut m = Mocks::new();
    m.matcher
        .expect_rank()
        .times(1)
        .returning(|_, _| Ok(content()));
    m.rankings
        .expect_replace()
        .times(1)
        .withf(|r: &Ranking| r.job_id == job_id() && r.user_id == user())
        .returning(|_| Ok(()));
    let ranking = m.service().create_ranking(user(), job_id()).await.unwrap();
    assert_eq!(ranking.experience_ids(), ["exp-1"]);
    assert_eq!(ranking.relevance_scores().get("exp-1"), Some(&0.8));
    assert_eq!(ranking.metadata.model, OFFLINE_MODEL);
    assert_eq!(ranking.created_at, now());
    let rationale = ranking.rationale.unwrap();
    assert!(rationale.contains("menu planning"), "{rationale}");
}

#[tokio::test]
async fn no_stored_ranking_is_no_ranking() {
    let mut m = Mocks::new();
    m.no_stored_ranking();
    let err = m.service().ranking(user(), job_id()).await.unwrap_err();
    assert!(matches!(err, GenerationError::NoRanking));
}

#[tokio::test]
async fn a_resume_reuses_a_ranking_newer_than_the_job_and_the_profile() {
    let mut m = Mocks::new();
    m.rankings
        .expect_find_for_job()
        .returning(|_, _| Ok(Some(stored_ranking(now() - Duration::days(1)))));
    // No rank, no replace: the stored ranking is used.
    m.composes_resume();
    m.scores_and_stores();
    let generation = m.service().resume(user(), resume_request()).await.unwrap();
    assert_eq!(
        generation.ranking_id,
        Some(stored_ranking(now()).id),
        "made from the stored ranking"
    );
}

#[tokio::test]
async fn a_resume_ranks_again_when_the_profile_changed_after_the_ranking() {
    let mut m = Mocks::new();
    // The profile was updated two days ago; the ranking is three days old.
    m.rankings
        .expect_find_for_job()
        .returning(|_, _| Ok(Some(stored_ranking(now() - Duration::days(3)))));
    m.ranks();
    m.composes_resume();
    m.scores_and_stores();
    let generation = m.service().resume(user(), resume_request()).await.unwrap();
    assert_ne!(generation.ranking_id, Some(stored_ranking(now()).id));
}

#[tokio::test]
async fn a_resume_is_scored_and_stored_with_its_ranking() {
    let mut m = Mocks::new();
    m.no_stored_ranking();
    m.ranks();
    m.composer
        .expect_resume()
        .withf(|_, ranking, options| {
            ranking.experiences[0].id == "exp-1" && options.max_experiences == 5
        })
        .times(1)
        .returning(|_, _, _| {
            Ok(Composed {
                text: "Sam Cook\n".into(),
                structured: "{\"header\":{}}".into(),
            })
        });
    m.matcher
        .expect_ats()
        .with(
            always(),
            always(),
            eq(DocumentType::Resume),
            eq("Sam Cook\n".to_owned()),
        )
        .times(1)
        .returning(|_, _, _, _| Ok(report()));
    m.generations
        .expect_insert()
        .withf(|g: &Generation| g.content_text == "Sam Cook\n" && g.ats.score == 72.5)
        .times(1)
        .returning(|_| Ok(()));
    let generation = m.service().resume(user(), resume_request()).await.unwrap();
    assert_eq!(generation.document_type, DocumentType::Resume);
    assert_eq!(generation.content_structured, "{\"header\":{}}");
    assert_eq!(generation.job_id, job_id());
    assert_eq!(generation.metadata.model, OFFLINE_MODEL);
    assert_eq!(generation.metadata.prompt_version, OFFLINE_VERSION);
}

#[tokio::test]
async fn a_cover_letter_is_written_in_the_style_of_the_active_cover_letter_sample() {
    let mut m = Mocks::new();
    m.no_stored_ranking();
    m.ranks();
    let sample_id = SampleId::from_uuid(Uuid::from_u128(0x5a));
    m.samples
        .expect_list()
        .withf(|_, filter, limit, _| {
            filter.document_type == Some(SampleType::CoverLetter)
                && filter.is_active == Some(true)
                && *limit == 1
        })
        .returning(move |_, _, _, _| {
            Ok((
                vec![SampleSummary {
                    id: sample_id,
                    user_id: user(),
                    document_type: SampleType::CoverLetter,
                    original_filename: "letter.txt".into(),
                    format: SampleFormat::Text,
                    word_count: 300,
                    character_count: 1800,
                    is_active: true,
                    created_at: now(),
                }],
                1,
            ))
        });
    m.samples.expect_find().returning(|_, id| {
        Ok(Some(Sample {
            id,
            user_id: user(),
            document_type: SampleType::CoverLetter,
            original_filename: "letter.txt".into(),
            format: SampleFormat::Text,
            full_text: "Dear team, ...".into(),
            word_count: 300,
            character_count: 1800,
            is_active: true,
            writing_style: Some(style()),
            storage_key: "samples/letter".into(),
            sha256: String::new(),
            size_bytes: 1800,
            created_at: now(),
            updated_at: now(),
        }))
    });
    m.composer
        .expect_cover_letter()
        .withf(|_, job, _, style, options| {
            job.company.as_deref() == Some("Bistro Nord")
                && style.as_ref().is_some_and(|s| s.word_count == 300)
                && options.max_paragraphs == 4
        })
        .times(1)
        .returning(|_, _, _, _, _| {
            Ok(Composed {
                text: "Dear Hiring Manager,".into(),
                structured: "{}".into(),
            })
        });
    m.scores_and_stores();
    let letter = m
        .service()
        .cover_letter(
            user(),
            LetterRequest {
                job_id: job_id(),
                options: LetterOptions {
                    company_name: None,
                    hiring_manager_name: None,
                    max_paragraphs: 4,
                },
            },
        )
        .await
        .unwrap();
    assert_eq!(letter.document_type, DocumentType::CoverLetter);
}

fn style() -> WritingStyle {
    WritingStyle {
        word_count: 300,
        sentence_count: 15,
        paragraph_count: 4,
        sentence_length_mean: 20.0,
        sentence_length_stddev: 4.0,
        paragraph_length_mean: 75.0,
        vocabulary_richness: 0.6,
        first_person_ratio: 0.5,
        formality: Formality {
            score: 0.7,
            contractions_per_100_words: 0.0,
            formal_markers_per_100_words: 1.0,
            informal_markers_per_100_words: 0.0,
            level: "formal".into(),
        },
        action_verbs: vec![],
        phrases: vec![],
    }
}

#[tokio::test]
async fn a_job_deleted_while_its_resume_is_made_is_job_gone() {
    let mut m = Mocks::new();
    m.no_stored_ranking();
    m.ranks();
    m.composes_resume();
    m.matcher.expect_ats().returning(|_, _, _, _| Ok(report()));
    m.generations
        .expect_insert()
        .returning(|_| Err(anyhow::anyhow!("FOREIGN KEY constraint failed")));
    // Found while the inputs are read, gone when the write fails.
    m.jobs = MockJobRepository::new();
    let mut seq = mockall::Sequence::new();
    m.jobs
        .expect_find()
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_, _| Ok(Some(job())));
    m.jobs
        .expect_find()
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_, _| Ok(None));
    let err = m
        .service()
        .resume(user(), resume_request())
        .await
        .unwrap_err();
    assert!(matches!(err, GenerationError::JobGone), "{err:?}");
}

#[tokio::test]
async fn a_failed_write_for_a_job_that_still_exists_is_a_fault() {
    let mut m = Mocks::new();
    m.no_stored_ranking();
    m.ranks();
    m.composes_resume();
    m.matcher.expect_ats().returning(|_, _, _, _| Ok(report()));
    m.generations
        .expect_insert()
        .returning(|_| Err(anyhow::anyhow!("disk I/O error")));
    let err = m
        .service()
        .resume(user(), resume_request())
        .await
        .unwrap_err();
    assert!(matches!(err, GenerationError::Unexpected(_)), "{err:?}");
}

#[tokio::test]
async fn deleting_an_unknown_or_foreign_generation_is_not_found() {
    let mut m = Mocks::new();
    m.generations.expect_delete().returning(|_, _| Ok(None));
    m.store.expect_delete().never();
    let err = m
        .service()
        .delete(user(), GenerationId::new_random())
        .await
        .unwrap_err();
    assert!(matches!(err, GenerationError::NotFound));
}

#[tokio::test]
async fn deleting_a_generation_removes_the_files_of_its_exports() {
    let mut m = Mocks::new();
    let id = GenerationId::new_random();
    m.generations
        .expect_delete()
        .with(eq(user()), eq(id))
        .returning(|_, _| {
            Ok(Some(vec![
                "exports/1/a.pdf".into(),
                "exports/1/b.docx".into(),
            ]))
        });
    let mut removed = mockall::Sequence::new();
    for key in ["exports/1/a.pdf", "exports/1/b.docx"] {
        m.store
            .expect_delete()
            .with(eq(key))
            .times(1)
            .in_sequence(&mut removed)
            .returning(|_| Ok(()));
    }
    m.service().delete(user(), id).await.unwrap();
}

#[tokio::test]
async fn a_file_that_cannot_be_removed_does_not_undo_the_delete() {
    let mut m = Mocks::new();
    m.generations
        .expect_delete()
        .returning(|_, _| Ok(Some(vec!["exports/1/a.pdf".into()])));
    m.store
        .expect_delete()
        .times(1)
        .returning(|_| Err(anyhow::anyhow!("disk gone").into()));
    m.service()
        .delete(user(), GenerationId::new_random())
        .await
        .unwrap();
}

fn profile_with_texts() -> Profile {
    let mut p = profile();
    p.professional_summary = Some("Responsible for a busy kitchen.".into());
    p.experiences = vec![crate::profile::Experience {
        id: "exp-1".into(),
        title: "Line Cook".into(),
        company: "Brasserie".into(),
        location: None,
        start_date: "2020-01-01".into(),
        end_date: Some("2023-01-01".into()),
        is_current: false,
        description: Some("Worked on the grill.".into()),
        enhanced_description: None,
        achievements: vec![],
    }];
    p
}

/// A composer whose enhancement prefixes "Better: " (and leaves `keep` alone).
fn enhancing(m: &mut Mocks, keep: &'static str) {
    m.composer
        .expect_enhance()
        .returning(move |text, _, _| Ok((text != keep).then(|| format!("Better: {text}"))));
}

fn no_style(m: &mut Mocks) {
    m.samples
        .expect_list()
        .returning(|_, _, _, _| Ok((vec![], 0)));
}

#[tokio::test]
async fn enhancement_writes_beside_the_originals_and_says_what_changed() {
    let mut m = Mocks::new();
    no_style(&mut m);
    enhancing(&mut m, "");
    m.profiles
        .expect_find()
        .returning(|_| Ok(Some(profile_with_texts())));
    m.profiles
        .expect_update()
        .withf(|p, expected, sections| {
            *expected == 3
                && p.version == 4
                && p.professional_summary.as_deref() == Some("Responsible for a busy kitchen.")
                && p.enhanced_professional_summary.as_deref()
                    == Some("Better: Responsible for a busy kitchen.")
                && p.experiences[0].description.as_deref() == Some("Worked on the grill.")
                && p.experiences[0].enhanced_description.as_deref()
                    == Some("Better: Worked on the grill.")
                && p.enhancement_metadata["model"] == "offline"
                && sections.experiences
                && !sections.education
        })
        .times(1)
        .returning(|_, _, _| Ok(()));
    let done = m.service().enhance(user(), profile().id).await.unwrap();
    assert_eq!(done.experiences_enhanced, 1);
    assert_eq!(done.projects_enhanced, 0);
    assert_eq!(done.sections_requested, 2);
    assert_eq!(
        done.professional_summary.as_deref(),
        Some("Better: Responsible for a busy kitchen.")
    );
}

#[tokio::test]
async fn another_users_profile_is_not_found_and_untouched() {
    let mut m = Mocks::new();
    no_style(&mut m);
    m.profiles.expect_find().returning(|_| {
        let mut theirs = profile_with_texts();
        theirs.user_id = UserId::new(99);
        Ok(Some(theirs))
    });
    // No update expected.
    let err = m.service().enhance(user(), profile().id).await.unwrap_err();
    assert!(matches!(err, GenerationError::ProfileNotFound), "{err:?}");
}

#[tokio::test]
async fn a_profile_without_text_has_nothing_to_enhance() {
    let mut m = Mocks::new();
    no_style(&mut m);
    m.profiles.expect_find().returning(|_| Ok(Some(profile())));
    let err = m.service().enhance(user(), profile().id).await.unwrap_err();
    assert!(matches!(err, GenerationError::NothingToEnhance), "{err:?}");
}

#[tokio::test]
async fn a_concurrent_save_is_retried_on_the_new_version() {
    let mut m = Mocks::new();
    no_style(&mut m);
    enhancing(&mut m, "Responsible for a busy kitchen.");
    m.profiles
        .expect_find()
        .returning(|_| Ok(Some(profile_with_texts())));
    let mut seq = mockall::Sequence::new();
    m.profiles
        .expect_update()
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_, _, _| Err(crate::ports::SaveProfileError::Conflict));
    m.profiles
        .expect_update()
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_, _, _| Ok(()));
    let done = m.service().enhance(user(), profile().id).await.unwrap();
    assert_eq!(
        done.professional_summary, None,
        "the summary was already as good"
    );
    assert_eq!(done.experiences_enhanced, 1);
}

/// The composer's cheap checks as the engines do them, simply: no stock phrase, `[`
/// starts a placeholder, and a capitalised word the source lacks is an added fact.
fn checks(m: &mut Mocks) {
    m.composer.expect_scrub().returning(|t| t.to_owned());
    m.composer.expect_placeholders().returning(|t| {
        t.split_whitespace()
            .filter(|w| w.starts_with('['))
            .map(str::to_owned)
            .collect()
    });
    m.composer
        .expect_introduced_facts()
        .returning(|source, rewrite, _| {
            rewrite
                .split_whitespace()
                .skip(1)
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .filter(|w| !source.contains(*w))
                .map(str::to_owned)
                .collect()
        });
}

fn letter_request() -> LetterRequest {
    LetterRequest {
        job_id: job_id(),
        options: LetterOptions {
            company_name: None,
            hiring_manager_name: None,
            max_paragraphs: 4,
        },
    }
}

fn offline_letter(m: &mut Mocks) {
    m.composer
        .expect_cover_letter()
        .returning(|_, _, _, _, _| {
            Ok(Composed {
                text: "Dear Hiring Manager,\n\nOffline.\n\nSam Cook".into(),
                structured: r#"{"header":{},"sections":[{"type":"cover_letter","company":"Bistro Nord","paragraphs":[]}],"metadata":{}}"#.into(),
            })
        });
}

fn answer(text: &str) -> ChatResponse {
    ChatResponse {
        text: text.to_owned(),
        model: "test-model".into(),
        usage: TokenUsage {
            prompt_tokens: 100,
            completion_tokens: 50,
        },
        latency: std::time::Duration::from_millis(20),
    }
}

fn model_answering(reply: Result<ChatResponse, LanguageModelError>) -> MockLanguageModel {
    let mut model = MockLanguageModel::new();
    model
        .expect_model_name()
        .returning(|_| "test-model".to_owned());
    model
        .expect_complete()
        .times(1)
        .withf(|request| {
            // Nothing personal leaves: the profile's name and email are placeholders.
            request
                .messages
                .iter()
                .all(|m| !m.content.contains("Sam Cook") && !m.content.contains("sam@example.com"))
        })
        .returning(move |_| reply.clone());
    model
}

/// A stored ranking newer than the job and the profile: it is used as it is.
fn fresh_ranking(m: &mut Mocks) {
    m.rankings
        .expect_find_for_job()
        .returning(|_, _| Ok(Some(stored_ranking(now() - Duration::days(1)))));
}

#[tokio::test]
async fn a_models_letter_is_used_with_the_name_restored_and_its_usage_recorded() {
    let mut m = Mocks::new();
    fresh_ranking(&mut m);
    m.samples
        .expect_list()
        .returning(|_, _, _, _| Ok((vec![], 0)));
    offline_letter(&mut m);
    checks(&mut m);
    m.model = Some(model_answering(Ok(answer(
        "Dear Hiring Manager,\n\nI run a busy line.\n\nBest regards,\n[[NAME]]",
    ))));
    m.scores_and_stores();
    let letter = m
        .service()
        .cover_letter(user(), letter_request())
        .await
        .unwrap();
    assert!(
        letter.content_text.ends_with("Best regards,\nSam Cook"),
        "{}",
        letter.content_text
    );
    assert_eq!(letter.metadata.model, "test-model");
    assert_eq!(letter.metadata.tokens, 150);
    assert_eq!(letter.metadata.fallback, None);
    let structured: serde_json::Value = serde_json::from_str(&letter.content_structured).unwrap();
    assert_eq!(
        structured["sections"][0]["paragraphs"][1],
        "I run a busy line."
    );
}

#[tokio::test]
async fn a_failed_model_falls_back_to_the_offline_letter_and_says_why() {
    for reply in [
        Err(LanguageModelError::Timeout),
        Err(LanguageModelError::Unavailable("connection refused".into())),
        // A placeholder the model left in.
        Ok(answer("Dear [Hiring Manager],\n\nI am keen.")),
    ] {
        let mut m = Mocks::new();
        fresh_ranking(&mut m);
        m.samples
            .expect_list()
            .returning(|_, _, _, _| Ok((vec![], 0)));
        offline_letter(&mut m);
        checks(&mut m);
        m.model = Some(model_answering(reply));
        m.scores_and_stores();
        let letter = m
            .service()
            .cover_letter(user(), letter_request())
            .await
            .unwrap();
        assert!(
            letter.content_text.contains("Offline."),
            "{}",
            letter.content_text
        );
        assert_eq!(letter.metadata.model, OFFLINE_MODEL);
        let reason = letter.metadata.fallback.unwrap();
        assert!(reason.starts_with("test-model failed"), "{reason}");
    }
}

#[tokio::test]
async fn a_model_rewrite_that_adds_a_fact_is_replaced_by_the_offline_one() {
    let mut m = Mocks::new();
    no_style(&mut m);
    checks(&mut m);
    m.profiles
        .expect_find()
        .returning(|_| Ok(Some(profile_with_texts())));
    // The summary's rewrite invents an employer; the description's is faithful.
    m.model = Some(model_answering(Ok(answer(
        r#"{"sections": [
            {"section_number": 1, "enhanced_text": "Led a busy kitchen at Google."},
            {"section_number": 2, "enhanced_text": "ran the grill."}
        ]}"#,
    ))));
    m.composer
        .expect_enhance()
        .times(1)
        .returning(|text, _, _| Ok(Some(format!("Offline: {text}"))));
    m.profiles
        .expect_update()
        .withf(|p, _, _| {
            p.enhanced_professional_summary.as_deref()
                == Some("Offline: Responsible for a busy kitchen.")
                && p.experiences[0].enhanced_description.as_deref() == Some("ran the grill.")
        })
        .times(1)
        .returning(|_, _, _| Ok(()));
    let done = m.service().enhance(user(), profile().id).await.unwrap();
    assert_eq!(done.metadata.model, "test-model");
    assert_eq!(
        done.metadata.prompt_version,
        crate::generation::prompts::PROMPT_VERSION
    );
}

fn ranked(id: &str, score: f64) -> RankedItem {
    RankedItem {
        id: id.into(),
        score,
        evidence: vec![],
    }
}

#[test]
fn only_near_ties_are_reordered() {
    let mut items = vec![
        ranked("a", 0.90),
        ranked("b", 0.88),
        ranked("c", 0.60),
        ranked("d", 0.58),
        ranked("e", 0.10),
    ];
    // The model prefers the reverse order of everything.
    super::assisted::reorder_ties(&mut items, |i| 10 - i);
    let order: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(order, ["b", "a", "d", "c", "e"]);
}

#[tokio::test]
async fn a_model_reorders_near_ties_and_explains_but_drops_nothing() {
    let mut m = Mocks::new();
    checks(&mut m);
    m.matcher.expect_rank().returning(|_, _| {
        Ok(ContentRanking {
            experiences: vec![
                ranked("exp-1", 0.80),
                ranked("exp-2", 0.78),
                ranked("exp-3", 0.2),
            ],
            ..ContentRanking::default()
        })
    });
    m.rankings.expect_replace().returning(|_| Ok(()));
    // The model puts 2 first, leaves 3 out, and names the person by placeholder.
    m.model = Some(model_answering(Ok(answer(
        r#"{"order": [2, 1], "rationale": "[[NAME]] fits best through the second role."}"#,
    ))));
    let ranking = m.service().create_ranking(user(), job_id()).await.unwrap();
    assert_eq!(ranking.experience_ids(), ["exp-2", "exp-1", "exp-3"]);
    assert_eq!(
        ranking.rationale.as_deref(),
        Some("Sam Cook fits best through the second role.")
    );
    assert_eq!(ranking.metadata.model, "test-model");
}

#[tokio::test]
async fn an_unusable_model_ranking_keeps_the_matchers_order() {
    let mut m = Mocks::new();
    checks(&mut m);
    m.matcher.expect_rank().returning(|_, _| Ok(content()));
    m.rankings.expect_replace().returning(|_| Ok(()));
    m.model = Some(model_answering(Ok(answer("not json"))));
    let ranking = m.service().create_ranking(user(), job_id()).await.unwrap();
    assert_eq!(ranking.experience_ids(), ["exp-1"]);
    assert_eq!(ranking.metadata.model, OFFLINE_MODEL);
    assert!(ranking.metadata.fallback.is_some());
    assert!(ranking.rationale.unwrap().contains("menu planning"));
}

#[tokio::test]
async fn a_model_rephrases_resume_bullets_and_a_rewrite_with_a_new_fact_is_refused() {
    let mut m = Mocks::new();
    checks(&mut m);
    fresh_ranking(&mut m);
    m.composer.expect_resume().returning(|_, _, _| {
        Ok(Composed {
            text: "Sam Cook\n\u{2022} ran the grill\n\u{2022} kept food logs\n".into(),
            structured: serde_json::json!({"sections": [{"type": "experience", "entries": [{
            "title": "Line Cook", "company": "Brasserie",
            "bullets": [
                {"text": "ran the grill", "source_id": "exp-1#0"},
                {"text": "kept food logs", "source_id": "exp-1#1"}
            ]}]}]})
            .to_string(),
        })
    });
    m.model = Some(model_answering(Ok(answer(
        r#"{"bullets": [
            {"number": 1, "text": "ran the grill station"},
            {"number": 2, "text": "kept food safety logs for Hilton"}
        ]}"#,
    ))));
    m.scores_and_stores();
    let resume = m.service().resume(user(), resume_request()).await.unwrap();
    assert_eq!(
        resume.content_text,
        "Sam Cook\n\u{2022} ran the grill station\n\u{2022} kept food logs\n"
    );
    let structured: serde_json::Value = serde_json::from_str(&resume.content_structured).unwrap();
    let bullets = &structured["sections"][0]["entries"][0]["bullets"];
    assert_eq!(bullets[0]["text"], "ran the grill station");
    assert_eq!(bullets[0]["source_id"], "exp-1#0");
    assert_eq!(
        bullets[1]["text"], "kept food logs",
        "an invented employer is refused"
    );
    assert_eq!(resume.metadata.model, "test-model");
}

#[tokio::test]
async fn a_spent_model_budget_leaves_the_step_offline_without_calling_the_model() {
    let mut m = Mocks::new();
    fresh_ranking(&mut m);
    m.samples
        .expect_list()
        .returning(|_, _, _, _| Ok((vec![], 0)));
    offline_letter(&mut m);
    checks(&mut m);
    // No expectation on `complete`: a call would fail the test.
    let mut model = MockLanguageModel::new();
    model
        .expect_model_name()
        .returning(|_| "test-model".to_owned());
    m.model = Some(model);
    m.scores_and_stores();
    let letter = m
        .service_with_budget(std::time::Duration::ZERO)
        .cover_letter(user(), letter_request())
        .await
        .unwrap();
    assert_eq!(letter.metadata.model, OFFLINE_MODEL);
    assert!(letter.metadata.fallback.unwrap().contains("budget"));
}

#[tokio::test]
async fn a_fallback_says_what_kind_of_failure_without_the_providers_words() {
    let mut m = Mocks::new();
    fresh_ranking(&mut m);
    m.samples
        .expect_list()
        .returning(|_, _, _, _| Ok((vec![], 0)));
    offline_letter(&mut m);
    checks(&mut m);
    m.model = Some(model_answering(Err(LanguageModelError::Refused(
        "HTTP 401: Incorrect API key provided: sk-secret".into(),
    ))));
    m.scores_and_stores();
    let letter = m
        .service()
        .cover_letter(user(), letter_request())
        .await
        .unwrap();
    let reason = letter.metadata.fallback.unwrap();
    assert!(reason.contains("(refused)"), "{reason}");
    assert!(
        !reason.contains("sk-secret") && !reason.contains("401"),
        "{reason}"
    );
}

#[tokio::test]
async fn a_profile_that_keeps_changing_is_a_conflict_after_three_rounds() {
    let mut m = Mocks::new();
    no_style(&mut m);
    enhancing(&mut m, "");
    m.profiles
        .expect_find()
        .times(3)
        .returning(|_| Ok(Some(profile_with_texts())));
    m.profiles
        .expect_update()
        .times(3)
        .returning(|_, _, _| Err(crate::ports::SaveProfileError::Conflict));
    let err = m.service().enhance(user(), profile().id).await.unwrap_err();
    assert!(matches!(err, GenerationError::Conflict), "{err:?}");
}
