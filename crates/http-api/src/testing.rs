//! An [`AppState`] for handler tests, built from the domain's port mocks.
//!
//! A test sets expectations only on the ports it is about; every other port is a mock that
//! expects nothing, so a call the test did not plan for fails it. [`TestState::signed_in`]
//! makes a bearer token ([`signed`] adds one) the access token of a live session, so
//! protected routes can be called.

use std::sync::Arc;

use actix_web::http::{StatusCode, header};
use actix_web::test::{TestRequest, call_service, init_service, read_body};
use actix_web::web;
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::Value;
use tailor_domain::job::Catalogue;
use tailor_domain::ports::{
    MockClock, MockComposer, MockContentMatcher, MockDocumentRenderer, MockDocumentStore,
    MockExportRepository, MockGenerationQueue, MockGenerationRepository, MockJobPageFetcher,
    MockJobRepository, MockLinkSigner, MockMailer, MockPasswordHasher, MockPasswordResetRepository,
    MockPostingAnalyser, MockProfileRepository, MockRankingRepository, MockSampleRepository,
    MockSessionRepository, MockStyleAnalyser, MockTextExtractor, MockTokenCodec, MockUsageLedger,
    MockUserRepository,
};
use tailor_domain::services::{
    AccountPorts, AccountService, AccountSettings, ExportPorts, ExportService, ExportSettings,
    GenerationPorts, GenerationService, GenerationTasks, JobPorts, JobService, ProfilePorts,
    ProfileService, SamplePorts, SampleService, TaskPorts, TaskSettings, UsageService,
};
use tailor_domain::session::{Session, SessionId, TokenClaims, TokenKind};
use tailor_domain::usage::TokenBudget;
use tailor_domain::user::{Email, PasswordHash, User, UserId, UserRecord};
use uuid::Uuid;

use crate::rate_limit::Unlimited;
use crate::state::{AppState, HttpSettings};
use crate::task_hub::TaskHub;

/// The bearer token [`signed`] adds.
pub const BEARER: &str = "test-access-token";

/// The time every mocked clock reads.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).single().unwrap()
}

const CATALOGUE: &str = r#"[{"title": "Pastry Chef", "company": "Acme Bakery", "location": "Lyon",
    "description": "Bake.", "requirements": ["Pastry"], "benefits": [], "salary_range": null,
    "salary": null, "remote": false, "work_mode": "onsite", "employment_type": "full_time",
    "seniority": "mid", "keywords": []}]"#;

/// The ports of every service, as mocks, and the delivery settings.
pub struct TestState {
    pub users: MockUserRepository,
    pub sessions: MockSessionRepository,
    pub resets: MockPasswordResetRepository,
    pub hasher: MockPasswordHasher,
    pub tokens: MockTokenCodec,
    pub mailer: MockMailer,
    pub profiles: MockProfileRepository,
    pub samples: MockSampleRepository,
    pub extractor: MockTextExtractor,
    pub style: MockStyleAnalyser,
    pub jobs: MockJobRepository,
    pub analyser: MockPostingAnalyser,
    pub fetcher: MockJobPageFetcher,
    pub store: MockDocumentStore,
    pub rankings: MockRankingRepository,
    pub generations: MockGenerationRepository,
    pub queue: MockGenerationQueue,
    pub usage: MockUsageLedger,
    pub matcher: MockContentMatcher,
    pub composer: MockComposer,
    pub exports: MockExportRepository,
    pub renderer: MockDocumentRenderer,
    pub links: MockLinkSigner,
    /// The browse catalogue: one posting.
    pub catalogue: Catalogue,
    pub settings: HttpSettings,
}

impl Default for TestState {
    fn default() -> Self {
        Self {
            users: MockUserRepository::new(),
            sessions: MockSessionRepository::new(),
            resets: MockPasswordResetRepository::new(),
            hasher: MockPasswordHasher::new(),
            tokens: MockTokenCodec::new(),
            mailer: MockMailer::new(),
            profiles: MockProfileRepository::new(),
            samples: MockSampleRepository::new(),
            extractor: MockTextExtractor::new(),
            style: MockStyleAnalyser::new(),
            jobs: MockJobRepository::new(),
            analyser: MockPostingAnalyser::new(),
            fetcher: MockJobPageFetcher::new(),
            store: MockDocumentStore::new(),
            rankings: MockRankingRepository::new(),
            generations: MockGenerationRepository::new(),
            queue: MockGenerationQueue::new(),
            usage: MockUsageLedger::new(),
            matcher: MockContentMatcher::new(),
            composer: MockComposer::new(),
            exports: MockExportRepository::new(),
            renderer: MockDocumentRenderer::new(),
            links: MockLinkSigner::new(),
            catalogue: Catalogue::from_json(CATALOGUE).expect("a valid catalogue"),
            settings: HttpSettings::default(),
        }
    }
}

impl TestState {
    /// Makes any bearer token the access token of a live session of an active user
    /// `user_id`.
    #[must_use]
    pub fn signed_in(mut self, user_id: i64) -> Self {
        let user = UserId::new(user_id);
        let session = SessionId::from_uuid(Uuid::from_u128(u128::from(user_id.unsigned_abs())));
        self.tokens.expect_decode().returning(move |_| {
            Ok(TokenClaims {
                user_id: user,
                session_id: session,
                token_id: Uuid::nil(),
                kind: TokenKind::Access,
                issued_at: now(),
                expires_at: now() + Duration::minutes(30),
            })
        });
        self.sessions.expect_find_with_user().returning(move |id| {
            Ok((id == session).then(|| (live_session(session, user), active_user(user))))
        });
        self
    }

    /// The state, with the four services built on the mocks.
    pub fn build(self) -> web::Data<AppState> {
        let clock = || {
            let mut clock = MockClock::new();
            clock.expect_now().returning(now);
            Arc::new(clock)
        };
        let store = Arc::new(self.store);
        let accounts = AccountService::new(
            AccountPorts {
                users: Arc::new(self.users),
                sessions: Arc::new(self.sessions),
                resets: Arc::new(self.resets),
                hasher: Arc::new(self.hasher),
                tokens: Arc::new(self.tokens),
                mailer: Arc::new(self.mailer),
                clock: clock(),
            },
            AccountSettings::default(),
        );
        // One mock per port, shared by the services that use it.
        let job_repository = Arc::new(self.jobs);
        let profile_repository = Arc::new(self.profiles);
        let sample_repository = Arc::new(self.samples);
        let generation_repository = Arc::new(self.generations);
        let generations = Arc::new(GenerationService::new(GenerationPorts {
            jobs: job_repository.clone(),
            profiles: profile_repository.clone(),
            samples: sample_repository.clone(),
            rankings: Arc::new(self.rankings),
            generations: generation_repository.clone(),
            store: store.clone(),
            matcher: Arc::new(self.matcher),
            composer: Arc::new(self.composer),
            model: None,
            clock: clock(),
        }));
        let task_hub = TaskHub::new();
        let tasks = GenerationTasks::new(
            TaskPorts {
                queue: Arc::new(self.queue),
                jobs: job_repository.clone(),
                generations: generation_repository.clone(),
                signal: task_hub.clone(),
                clock: clock(),
            },
            Arc::clone(&generations),
            TaskSettings::default(),
        );
        let exports = ExportService::new(
            ExportPorts {
                exports: Arc::new(self.exports),
                generations: generation_repository.clone(),
                jobs: job_repository.clone(),
                renderer: Arc::new(self.renderer),
                store: store.clone(),
                links: Arc::new(self.links),
                clock: clock(),
            },
            ExportSettings::default(),
        );
        let jobs = JobService::new(JobPorts {
            jobs: job_repository,
            analyser: Arc::new(self.analyser),
            fetcher: Arc::new(self.fetcher),
            store: store.clone(),
            clock: clock(),
        });
        web::Data::new(AppState {
            accounts: Arc::new(accounts),
            profiles: Arc::new(ProfileService::new(ProfilePorts {
                profiles: profile_repository,
                clock: clock(),
            })),
            rendered_profiles: Default::default(),
            rendered_jobs: Default::default(),
            samples: Arc::new(SampleService::new(SamplePorts {
                samples: sample_repository,
                store,
                extractor: Arc::new(self.extractor),
                style: Arc::new(self.style),
                clock: clock(),
            })),
            jobs: Arc::new(jobs),
            generations,
            tasks: Arc::new(tasks),
            task_hub,
            usage: Arc::new(UsageService::new(
                Arc::new(self.usage),
                clock(),
                TokenBudget::default(),
            )),
            exports: Arc::new(exports),
            catalogue: Arc::new(self.catalogue),
            rate_limiter: Arc::new(Unlimited),
            readiness: Vec::new(),
            settings: self.settings,
        })
    }
}

fn live_session(id: SessionId, user_id: UserId) -> Session {
    Session {
        id,
        user_id,
        refresh_token_id: Uuid::nil(),
        created_at: now(),
        expires_at: now() + Duration::days(7),
        revoked_at: None,
        previous_refresh_token_id: None,
        rotated_at: None,
    }
}

fn active_user(id: UserId) -> User {
    User::from(UserRecord {
        id,
        email: Email::from_trusted(format!("user{}@example.com", id.get())),
        full_name: "Test User".to_owned(),
        password_hash: PasswordHash::new("not-a-hash".to_owned()),
        is_active: true,
        is_verified: true,
        created_at: now(),
        updated_at: now(),
    })
}

/// `request` with [`BEARER`] as its bearer token.
pub fn signed(request: TestRequest) -> TestRequest {
    request.insert_header((header::AUTHORIZATION, format!("Bearer {BEARER}")))
}

/// Sends `request` to the whole application on `state`, as the server runs it, and returns
/// the status and the JSON body (`null` when there is none).
pub async fn call(state: web::Data<AppState>, request: TestRequest) -> (StatusCode, Value) {
    let app = init_service(crate::app(state)).await;
    let response = call_service(&app, request.to_request()).await;
    let status = response.status();
    let body = read_body(response).await;
    let json = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{e}: {body:?}"))
    };
    (status, json)
}
