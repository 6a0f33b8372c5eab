use std::collections::BTreeMap;
use std::sync::Mutex;

use chrono::TimeDelta;
use mockall::Sequence;
use mockall::predicate::{always, eq};
use uuid::Uuid;

use super::*;
use crate::generation::{AtsReport, ContentRanking, ModelMetadata, RankedItem};
use crate::ports::{
    Composed, MockClock, MockComposer, MockContentMatcher, MockGenerationQueue,
    MockGenerationRepository, MockJobRepository, MockProfileRepository, MockRankingRepository,
    MockSampleRepository, MockTaskSignal,
};
use crate::services::generations::tests::{job, job_id, now, profile, user};
use crate::services::generations::{GenerationPorts, OFFLINE_MODEL};

const WORKER: &str = "worker-1";
const KEY: &str = "key-1";

fn task_id() -> GenerationId {
    GenerationId::from_uuid(Uuid::from_u128(0x7a5c))
}

fn content() -> ContentRanking {
    ContentRanking {
        experiences: vec![RankedItem {
            id: "exp-1".into(),
            score: 0.8,
            evidence: vec!["menu planning".into()],
        }],
        projects: vec![],
        bullets: BTreeMap::new(),
        skills: vec![],
        keyword_matches: BTreeMap::from([("menu planning".to_owned(), 2)]),
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

fn request() -> TaskRequest {
    TaskRequest::Resume {
        max_experiences: 5,
        max_projects: 3,
        include_summary: true,
    }
}

/// The same kind of document as [`request`], with one option changed.
fn other_request() -> TaskRequest {
    TaskRequest::Resume {
        max_experiences: 2,
        max_projects: 3,
        include_summary: true,
    }
}

/// The caller's task of [`job`] with [`KEY`], in `status`, claimed `attempts` times.
fn task(status: TaskStatus, attempts: u32) -> GenerationTask {
    let mut task = GenerationTask::queued(
        user(),
        job_id(),
        request(),
        Some(KEY.to_owned()),
        now() - TimeDelta::minutes(5),
    );
    task.id = task_id();
    task.status = status;
    task.attempts = attempts;
    task
}

/// A generation with the task's id, made an hour ago.
fn generation() -> Generation {
    Generation {
        id: task_id(),
        user_id: user(),
        job_id: job_id(),
        ranking_id: None,
        document_type: DocumentType::Resume,
        content_text: "Sam Cook\n".into(),
        content_structured: "{}".into(),
        ats: report(),
        metadata: ModelMetadata::default(),
        created_at: now() - TimeDelta::hours(1),
    }
}

fn held() -> LeaseState {
    LeaseState::Held {
        cancel_requested: false,
    }
}

fn clock() -> Arc<MockClock> {
    let mut clock = MockClock::new();
    clock.expect_now().return_const(now());
    Arc::new(clock)
}

/// The pipeline's ports (model `None`: offline).
struct Pipeline {
    jobs: MockJobRepository,
    profiles: MockProfileRepository,
    rankings: MockRankingRepository,
    matcher: MockContentMatcher,
    composer: MockComposer,
}

impl Pipeline {
    /// The caller's job and profile are found.
    fn finds_inputs(&mut self) {
        self.jobs
            .expect_find()
            .with(eq(user()), eq(job_id()))
            .returning(|_, _| Ok(Some(job())));
        self.profiles
            .expect_find_by_user_shared()
            .with(eq(user()))
            .returning(|_| Ok(Some(Arc::new(profile()))));
    }

    /// Every step of a resume succeeds, once each.
    fn works(&mut self) {
        self.finds_inputs();
        self.rankings
            .expect_find_for_job()
            .returning(|_, _| Ok(None));
        self.matcher
            .expect_rank()
            .times(1)
            .returning(|_, _| Ok(content()));
        self.rankings
            .expect_replace()
            .times(1)
            .returning(|_| Ok(()));
        self.composer
            .expect_resume()
            .withf(|_, _, options| {
                options.max_experiences == 5 && options.max_projects == 3 && options.include_summary
            })
            .times(1)
            .returning(|_, _, _| {
                Ok(Composed {
                    text: "Sam Cook\n".into(),
                    structured: "{}".into(),
                })
            });
        self.matcher
            .expect_ats()
            .times(1)
            .returning(|_, _, _, _| Ok(report()));
    }
}

/// The task service's ports and the pipeline's. Nothing is expected until a test says
/// so: a call a test did not plan for panics and fails it.
struct Mocks {
    queue: MockGenerationQueue,
    jobs: MockJobRepository,
    generations: MockGenerationRepository,
    signal: MockTaskSignal,
    pipeline: Pipeline,
    settings: TaskSettings,
}

impl Mocks {
    fn new() -> Self {
        Self {
            queue: MockGenerationQueue::new(),
            jobs: MockJobRepository::new(),
            generations: MockGenerationRepository::new(),
            signal: MockTaskSignal::new(),
            pipeline: Pipeline {
                jobs: MockJobRepository::new(),
                profiles: MockProfileRepository::new(),
                rankings: MockRankingRepository::new(),
                matcher: MockContentMatcher::new(),
                composer: MockComposer::new(),
            },
            settings: TaskSettings::default(),
        }
    }

    fn tasks(self) -> GenerationTasks {
        let p = self.pipeline;
        let pipeline = GenerationService::new(GenerationPorts {
            jobs: Arc::new(p.jobs),
            profiles: Arc::new(p.profiles),
            samples: Arc::new(MockSampleRepository::new()),
            rankings: Arc::new(p.rankings),
            generations: Arc::new(MockGenerationRepository::new()),
            store: Arc::new(crate::ports::MockDocumentStore::new()),
            matcher: Arc::new(p.matcher),
            composer: Arc::new(p.composer),
            model: None,
            clock: clock(),
        });
        let ports = TaskPorts {
            queue: Arc::new(self.queue),
            jobs: Arc::new(self.jobs),
            generations: Arc::new(self.generations),
            signal: Arc::new(self.signal),
            clock: clock(),
        };
        GenerationTasks::new(ports, Arc::new(pipeline), self.settings)
    }

    /// The caller has the job (the task service's own lookup).
    fn has_job(&mut self) {
        self.jobs
            .expect_find()
            .with(eq(user()), eq(job_id()))
            .returning(|_, _| Ok(Some(job())));
    }

    /// The caller has no task with [`KEY`].
    fn key_unused(&mut self) {
        self.queue
            .expect_find_by_key()
            .with(eq(user()), eq(KEY))
            .returning(|_, _| Ok(None));
    }

    /// The caller used [`KEY`] before for `earlier`.
    fn key_used_for(&mut self, earlier: GenerationTask) {
        self.queue
            .expect_find_by_key()
            .with(eq(user()), eq(KEY))
            .returning(move |_, _| Ok(Some(earlier.clone())));
    }

    /// The caller's task is `found` (or there is none).
    fn task_is(&mut self, found: Option<GenerationTask>) {
        self.queue
            .expect_find()
            .with(eq(user()), eq(task_id()))
            .returning(move |_, _| Ok(found.clone()));
    }

    /// The caller's generation with the task's id is `found` (or there is none).
    fn generation_is(&mut self, found: Option<Generation>) {
        self.generations
            .expect_find()
            .with(eq(user()), eq(task_id()))
            .returning(move |_, _| Ok(found.clone()));
    }

    /// Any change of a task may be signalled.
    fn signals_changes(&mut self) {
        self.signal.expect_changed().return_const(());
    }

    /// Every stage is recorded under the lease; `answer` says what the queue replies.
    fn records_stages(&mut self, answer: fn(Stage) -> LeaseState) -> Arc<Mutex<Vec<Stage>>> {
        let stages = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&stages);
        self.queue
            .expect_stage()
            .with(eq(task_id()), eq(WORKER), always(), eq(now()))
            .returning(move |_, _, stage, _| {
                seen.lock().unwrap().push(stage);
                Ok(answer(stage))
            });
        stages
    }

    /// Nothing ends the task: no completion, failure, release or cancellation.
    fn ends_nothing(&mut self) {
        self.queue.expect_complete().never();
        self.queue.expect_fail().never();
        self.queue.expect_release().never();
        self.queue.expect_cancelled().never();
    }
}

// submit

#[tokio::test]
async fn submit_for_an_unknown_or_another_users_job_is_job_not_found_and_queues_nothing() {
    let mut m = Mocks::new();
    m.key_unused();
    m.jobs
        .expect_find()
        .with(eq(user()), eq(job_id()))
        .times(1)
        .returning(|_, _| Ok(None));
    m.queue.expect_active_count().never();
    m.queue.expect_enqueue().never();
    m.signal.expect_queued().never();
    let err = m
        .tasks()
        .submit(user(), job_id(), request(), Some(KEY.to_owned()))
        .await
        .unwrap_err();
    assert!(matches!(err, TaskError::JobNotFound), "{err:?}");
}

#[tokio::test]
async fn submit_with_as_many_active_tasks_as_allowed_is_too_many_and_queues_nothing() {
    let mut m = Mocks::new();
    m.settings.max_active_per_user = 2;
    m.has_job();
    m.queue
        .expect_active_count()
        .with(eq(user()))
        .returning(|_| Ok(2));
    m.queue.expect_enqueue().never();
    m.signal.expect_queued().never();
    let err = m
        .tasks()
        .submit(user(), job_id(), request(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, TaskError::TooMany { active: 2 }), "{err:?}");
}

#[tokio::test]
async fn submit_queues_a_new_task_and_tells_the_workers() {
    let mut m = Mocks::new();
    m.key_unused();
    m.has_job();
    // One below the default limit of 10.
    m.queue
        .expect_active_count()
        .with(eq(user()))
        .returning(|_| Ok(9));
    let queued = Arc::new(Mutex::new(None));
    let slot = Arc::clone(&queued);
    m.queue
        .expect_enqueue()
        .times(1)
        .returning(move |t: &GenerationTask| {
            *slot.lock().unwrap() = Some(t.clone());
            Ok(Enqueued::New)
        });
    m.signal.expect_queued().times(1).return_const(());
    let (task, replayed) = m
        .tasks()
        .submit(user(), job_id(), request(), Some(KEY.to_owned()))
        .await
        .unwrap();
    assert!(!replayed);
    assert_eq!(task.status, TaskStatus::Queued);
    assert_eq!(task.user_id, user());
    assert_eq!(task.job_id, job_id());
    assert_eq!(task.request, request());
    assert_eq!(task.idempotency_key.as_deref(), Some(KEY));
    assert_eq!((task.stage, task.progress, task.attempts), (None, 0, 0));
    assert_eq!(task.created_at, now());
    assert_eq!(
        queued.lock().unwrap().as_ref(),
        Some(&task),
        "the task returned is the task queued"
    );
}

#[tokio::test]
async fn submit_with_a_key_used_for_the_same_request_replays_the_earlier_task() {
    let mut m = Mocks::new();
    let earlier = task(TaskStatus::Running, 1);
    m.key_used_for(earlier.clone());
    // No job lookup, no count, nothing queued or signalled.
    m.jobs.expect_find().never();
    m.queue.expect_active_count().never();
    m.queue.expect_enqueue().never();
    m.signal.expect_queued().never();
    let (task, replayed) = m
        .tasks()
        .submit(user(), job_id(), request(), Some(KEY.to_owned()))
        .await
        .unwrap();
    assert!(replayed);
    assert_eq!(task, earlier);
}

#[tokio::test]
async fn submit_with_a_key_used_for_another_request_is_key_reused() {
    let mut m = Mocks::new();
    m.key_used_for(task(TaskStatus::Completed, 1));
    m.queue.expect_enqueue().never();
    let err = m
        .tasks()
        .submit(user(), job_id(), other_request(), Some(KEY.to_owned()))
        .await
        .unwrap_err();
    assert!(matches!(err, TaskError::KeyReused), "{err:?}");
}

#[tokio::test]
async fn submit_with_a_key_used_for_another_job_is_key_reused() {
    let mut m = Mocks::new();
    m.key_used_for(task(TaskStatus::Queued, 0));
    m.queue.expect_enqueue().never();
    let other_job = JobId::from_uuid(Uuid::from_u128(0x20c));
    let err = m
        .tasks()
        .submit(user(), other_job, request(), Some(KEY.to_owned()))
        .await
        .unwrap_err();
    assert!(matches!(err, TaskError::KeyReused), "{err:?}");
}

/// Mocks for a submit whose key was free at first but whose enqueue met `earlier`, queued
/// meanwhile by a concurrent request with the same key.
fn racing_duplicate(earlier: GenerationTask) -> Mocks {
    let mut m = Mocks::new();
    m.key_unused();
    m.has_job();
    m.queue.expect_active_count().returning(|_| Ok(0));
    m.queue
        .expect_enqueue()
        .times(1)
        .returning(move |_| Ok(Enqueued::Existing(earlier.clone())));
    m.signal.expect_queued().never();
    m
}

#[tokio::test]
async fn submit_racing_a_duplicate_of_the_same_request_replays_the_task_queued_first() {
    let earlier = task(TaskStatus::Queued, 0);
    let (task, replayed) = racing_duplicate(earlier.clone())
        .tasks()
        .submit(user(), job_id(), request(), Some(KEY.to_owned()))
        .await
        .unwrap();
    assert!(replayed);
    assert_eq!(task, earlier);
}

#[tokio::test]
async fn submit_racing_a_duplicate_key_with_another_request_is_key_reused() {
    let err = racing_duplicate(task(TaskStatus::Queued, 0))
        .tasks()
        .submit(user(), job_id(), other_request(), Some(KEY.to_owned()))
        .await
        .unwrap_err();
    assert!(matches!(err, TaskError::KeyReused), "{err:?}");
}

#[tokio::test]
async fn submit_whose_enqueue_fails_because_the_job_was_deleted_is_job_not_found() {
    let mut m = Mocks::new();
    let mut lookups = 0;
    m.jobs.expect_find().times(2).returning(move |_, _| {
        lookups += 1;
        Ok((lookups == 1).then(job))
    });
    m.queue.expect_active_count().returning(|_| Ok(0));
    m.queue
        .expect_enqueue()
        .times(1)
        .returning(|_| Err(anyhow::anyhow!("foreign key violation")));
    m.signal.expect_queued().never();
    let err = m
        .tasks()
        .submit(user(), job_id(), request(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, TaskError::JobNotFound), "{err:?}");
}

#[tokio::test]
async fn submit_whose_enqueue_fails_otherwise_is_unexpected() {
    let mut m = Mocks::new();
    m.has_job();
    m.queue.expect_active_count().returning(|_| Ok(0));
    m.queue
        .expect_enqueue()
        .times(1)
        .returning(|_| Err(anyhow::anyhow!("disk full")));
    m.signal.expect_queued().never();
    let err = m
        .tasks()
        .submit(user(), job_id(), request(), None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, TaskError::Unexpected(e) if e.to_string() == "disk full"),
        "{err:?}"
    );
}

// status

#[tokio::test]
async fn status_of_a_queued_or_running_task_has_no_generation() {
    for (status, stage) in [
        (TaskStatus::Queued, None),
        (TaskStatus::Running, Some(Stage::Writing)),
    ] {
        let mut m = Mocks::new();
        let mut t = task(status, 1);
        t.stage = stage;
        t.progress = stage.map_or(0, Stage::progress);
        m.task_is(Some(t));
        m.generations.expect_find().never();
        let view = m.tasks().status(user(), task_id()).await.unwrap();
        assert_eq!(view.id, task_id());
        assert_eq!(view.job_id, job_id());
        assert_eq!(view.document_type, DocumentType::Resume);
        assert_eq!(view.status, status);
        assert_eq!(view.stage, stage);
        assert_eq!(view.progress, if stage.is_some() { 45 } else { 0 });
        assert_eq!(view.attempts, 1);
        assert_eq!(view.generation, None);
    }
}

#[tokio::test]
async fn status_of_a_completed_task_carries_its_generation() {
    let mut m = Mocks::new();
    let mut t = task(TaskStatus::Completed, 1);
    (t.stage, t.progress) = (Some(Stage::Scoring), 100);
    m.task_is(Some(t));
    m.generation_is(Some(generation()));
    let view = m.tasks().status(user(), task_id()).await.unwrap();
    assert_eq!(view.status, TaskStatus::Completed);
    assert_eq!(view.progress, 100);
    assert_eq!(view.generation, Some(generation()));
}

#[tokio::test]
async fn status_of_a_completed_task_whose_generation_was_deleted_is_not_found() {
    let mut m = Mocks::new();
    m.task_is(Some(task(TaskStatus::Completed, 1)));
    m.generation_is(None);
    let err = m.tasks().status(user(), task_id()).await.unwrap_err();
    assert!(matches!(err, TaskError::NotFound), "{err:?}");
}

#[tokio::test]
async fn status_of_a_generation_made_synchronously_reads_as_completed() {
    let mut m = Mocks::new();
    m.task_is(None);
    m.generation_is(Some(generation()));
    let view = m.tasks().status(user(), task_id()).await.unwrap();
    assert_eq!(view.id, task_id());
    assert_eq!(view.job_id, job_id());
    assert_eq!(view.status, TaskStatus::Completed);
    assert_eq!(view.stage, Some(Stage::Scoring));
    assert_eq!(view.progress, 100);
    assert_eq!(view.error, None);
    assert_eq!(view.created_at, generation().created_at);
    assert_eq!(view.generation, Some(generation()));
}

#[tokio::test]
async fn status_of_an_unknown_id_is_not_found() {
    let mut m = Mocks::new();
    m.task_is(None);
    m.generation_is(None);
    let err = m.tasks().status(user(), task_id()).await.unwrap_err();
    assert!(matches!(err, TaskError::NotFound), "{err:?}");
}

// events

#[tokio::test]
async fn events_are_the_queues_events_after_the_given_seq() {
    let mut m = Mocks::new();
    let events = vec![
        TaskEvent {
            seq: 4,
            status: TaskStatus::Running,
            stage: Some(Stage::Ranking),
            progress: 20,
            error: None,
            at: now() - TimeDelta::seconds(2),
        },
        TaskEvent {
            seq: 5,
            status: TaskStatus::Running,
            stage: Some(Stage::Writing),
            progress: 45,
            error: None,
            at: now(),
        },
    ];
    let page = events.clone();
    m.queue
        .expect_events()
        .with(eq(user()), eq(task_id()), eq(3_i64), eq(EVENT_PAGE))
        .times(1)
        .returning(move |_, _, _, _| Ok(Some(page.clone())));
    m.generations.expect_find().never();
    let got = m.tasks().events(user(), task_id(), 3).await.unwrap();
    assert_eq!(got, events);
}

/// Mocks for the events of a generation made synchronously.
fn synchronous_generation() -> Mocks {
    let mut m = Mocks::new();
    m.queue.expect_events().returning(|_, _, _, _| Ok(None));
    m.generation_is(Some(generation()));
    m
}

#[tokio::test]
async fn events_of_a_generation_made_synchronously_are_one_completed_event() {
    let got = synchronous_generation()
        .tasks()
        .events(user(), task_id(), 0)
        .await
        .unwrap();
    assert_eq!(
        got,
        [TaskEvent {
            seq: 1,
            status: TaskStatus::Completed,
            stage: Some(Stage::Scoring),
            progress: 100,
            error: None,
            at: generation().created_at,
        }]
    );
}

#[tokio::test]
async fn events_of_a_generation_made_synchronously_after_its_only_event_are_none() {
    for after_seq in [1, 7] {
        let got = synchronous_generation()
            .tasks()
            .events(user(), task_id(), after_seq)
            .await
            .unwrap();
        assert_eq!(got, Vec::new(), "after {after_seq}");
    }
}

#[tokio::test]
async fn events_of_an_unknown_id_are_not_found() {
    let mut m = Mocks::new();
    m.queue.expect_events().returning(|_, _, _, _| Ok(None));
    m.generation_is(None);
    let err = m.tasks().events(user(), task_id(), 0).await.unwrap_err();
    assert!(matches!(err, TaskError::NotFound), "{err:?}");
}

// cancel

#[tokio::test]
async fn cancelling_an_unknown_id_is_not_found() {
    let mut m = Mocks::new();
    m.task_is(None);
    m.generation_is(None);
    m.queue.expect_cancel().never();
    let err = m.tasks().cancel(user(), task_id()).await.unwrap_err();
    assert!(matches!(err, TaskError::NotFound), "{err:?}");
}

#[tokio::test]
async fn cancelling_an_ended_task_is_ended_and_changes_nothing() {
    for status in [
        TaskStatus::Completed,
        TaskStatus::Failed,
        TaskStatus::Cancelled,
    ] {
        let mut m = Mocks::new();
        m.task_is(Some(task(status, 1)));
        m.queue.expect_cancel().never();
        m.signal.expect_changed().never();
        let err = m.tasks().cancel(user(), task_id()).await.unwrap_err();
        assert!(matches!(err, TaskError::Ended(s) if s == status), "{err:?}");
    }
}

#[tokio::test]
async fn cancelling_a_queued_task_cancels_it_and_signals_the_change() {
    let mut m = Mocks::new();
    m.task_is(Some(task(TaskStatus::Queued, 0)));
    m.queue
        .expect_cancel()
        .with(eq(user()), eq(task_id()), eq(now()))
        .times(1)
        .returning(|_, _, _| Ok(Some(task(TaskStatus::Cancelled, 0))));
    m.signal
        .expect_changed()
        .with(eq(task_id()))
        .times(1)
        .return_const(());
    let after = m.tasks().cancel(user(), task_id()).await.unwrap();
    assert_eq!(after.status, TaskStatus::Cancelled);
    assert_eq!(after.id, task_id());
}

#[tokio::test]
async fn cancelling_a_running_task_marks_it_for_its_worker() {
    let mut m = Mocks::new();
    m.task_is(Some(task(TaskStatus::Running, 1)));
    m.queue.expect_cancel().times(1).returning(|_, _, _| {
        let mut t = task(TaskStatus::Running, 1);
        t.cancel_requested = true;
        Ok(Some(t))
    });
    m.signal
        .expect_changed()
        .with(eq(task_id()))
        .times(1)
        .return_const(());
    let after = m.tasks().cancel(user(), task_id()).await.unwrap();
    assert_eq!(after.status, TaskStatus::Running);
    assert!(after.cancel_requested);
}

#[tokio::test]
async fn cancelling_a_task_that_completed_meanwhile_is_ended() {
    let mut m = Mocks::new();
    m.task_is(Some(task(TaskStatus::Running, 1)));
    m.queue
        .expect_cancel()
        .times(1)
        .returning(|_, _, _| Ok(Some(task(TaskStatus::Completed, 1))));
    m.signals_changes();
    let err = m.tasks().cancel(user(), task_id()).await.unwrap_err();
    assert!(
        matches!(err, TaskError::Ended(TaskStatus::Completed)),
        "{err:?}"
    );
}

#[tokio::test]
async fn cancelling_a_generation_made_synchronously_is_ended_completed() {
    let mut m = Mocks::new();
    m.task_is(None);
    m.generation_is(Some(generation()));
    m.queue.expect_cancel().never();
    let err = m.tasks().cancel(user(), task_id()).await.unwrap_err();
    assert!(
        matches!(err, TaskError::Ended(TaskStatus::Completed)),
        "{err:?}"
    );
}

// claim, renew, release, recover, purge

#[tokio::test]
async fn claim_is_bound_by_the_lease_and_the_per_user_limit_and_signals_the_claimed_task() {
    let mut m = Mocks::new();
    m.settings.lease = Duration::from_secs(45);
    m.settings.max_running_per_user = 4;
    let rules = ClaimRules {
        lease: Duration::from_secs(45),
        per_user: 4,
    };
    m.queue
        .expect_claim()
        .with(eq(WORKER), eq(rules), eq(now()))
        .times(1)
        .returning(|_, _, _| Ok(Some(task(TaskStatus::Running, 1))));
    m.signal
        .expect_changed()
        .with(eq(task_id()))
        .times(1)
        .return_const(());
    let claimed = m.tasks().claim(WORKER).await.unwrap();
    assert_eq!(claimed, Some(task(TaskStatus::Running, 1)));
}

#[tokio::test]
async fn renew_extends_the_lease_by_its_configured_length() {
    let mut m = Mocks::new();
    m.settings.lease = Duration::from_secs(45);
    m.queue
        .expect_renew()
        .with(
            eq(task_id()),
            eq(WORKER),
            eq(now() + TimeDelta::seconds(45)),
        )
        .times(1)
        .returning(|_, _, _| Ok(held()));
    let state = m.tasks().renew(task_id(), WORKER).await.unwrap();
    assert_eq!(state, held());
}

#[tokio::test]
async fn release_gives_the_task_back_without_counting_the_attempt() {
    let mut m = Mocks::new();
    m.queue
        .expect_release()
        .with(eq(task_id()), eq(WORKER), eq(true), eq(now()))
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    m.signal
        .expect_changed()
        .with(eq(task_id()))
        .times(1)
        .return_const(());
    m.tasks().release(task_id(), WORKER).await;
}

#[tokio::test]
async fn recover_passes_the_time_and_max_attempts_and_tells_the_workers_of_requeued_tasks() {
    let mut m = Mocks::new();
    m.settings.max_attempts = 5;
    let recovered = Recovered {
        requeued: 2,
        failed: 1,
    };
    m.queue
        .expect_recover_expired()
        .with(eq(now()), eq(5_u32))
        .times(1)
        .returning(move |_, _| Ok(recovered));
    m.signal.expect_queued().times(1).return_const(());
    assert_eq!(m.tasks().recover().await.unwrap(), recovered);
}

#[tokio::test]
async fn recover_with_nothing_requeued_tells_no_worker() {
    let mut m = Mocks::new();
    let recovered = Recovered {
        requeued: 0,
        failed: 3,
    };
    m.queue
        .expect_recover_expired()
        .with(eq(now()), eq(3_u32))
        .times(1)
        .returning(move |_, _| Ok(recovered));
    m.signal.expect_queued().never();
    assert_eq!(m.tasks().recover().await.unwrap(), recovered);
}

#[tokio::test]
async fn purge_deletes_tasks_ended_before_the_given_age() {
    let mut m = Mocks::new();
    m.queue
        .expect_purge_ended()
        .with(eq(now() - TimeDelta::days(7)))
        .times(1)
        .returning(|_| Ok(12));
    let purged = m.tasks().purge(TimeDelta::days(7)).await.unwrap();
    assert_eq!(purged, 12);
}

// run

#[tokio::test]
async fn run_passes_every_stage_in_order_then_completes_the_task_with_its_generation() {
    let mut m = Mocks::new();
    m.pipeline.works();
    let mut seq = Sequence::new();
    for stage in [
        Stage::Analysing,
        Stage::Ranking,
        Stage::Writing,
        Stage::Scoring,
    ] {
        m.queue
            .expect_stage()
            .with(eq(task_id()), eq(WORKER), eq(stage), eq(now()))
            .times(1)
            .in_sequence(&mut seq)
            .returning(|_, _, _, _| Ok(held()));
    }
    let stored = Arc::new(Mutex::new(None));
    let slot = Arc::clone(&stored);
    m.queue
        .expect_complete()
        .with(eq(WORKER), always(), eq(now()))
        .times(1)
        .in_sequence(&mut seq)
        .returning(move |_, g, _| {
            *slot.lock().unwrap() = Some(g.clone());
            Ok(true)
        });
    m.queue.expect_fail().never();
    m.queue.expect_release().never();
    // Each stage, and the end.
    m.signal
        .expect_changed()
        .with(eq(task_id()))
        .times(5)
        .return_const(());
    let outcome = m.tasks().run(&task(TaskStatus::Running, 1), WORKER).await;
    assert_eq!(outcome, RunOutcome::Completed);
    let g = stored.lock().unwrap().take().unwrap();
    assert_eq!(g.id, task_id(), "the generation has the task's id");
    assert_eq!(g.user_id, user());
    assert_eq!(g.job_id, job_id());
    assert_eq!(g.document_type, DocumentType::Resume);
    assert_eq!(g.content_text, "Sam Cook\n");
    assert_eq!(g.ats, report());
    assert!(g.ranking_id.is_some());
    assert_eq!(g.metadata.model, OFFLINE_MODEL);
    assert_eq!(g.created_at, now());
}

#[tokio::test]
async fn run_cancelled_while_running_stops_at_the_next_stage_and_ends_the_task_cancelled() {
    let mut m = Mocks::new();
    // Analysing reads the job and profile; nothing is ranked, written or scored.
    m.pipeline.finds_inputs();
    let stages = m.records_stages(|stage| LeaseState::Held {
        cancel_requested: stage == Stage::Ranking,
    });
    m.queue
        .expect_renew()
        .with(
            eq(task_id()),
            eq(WORKER),
            eq(now() + TimeDelta::seconds(30)),
        )
        .times(1)
        .returning(|_, _, _| {
            Ok(LeaseState::Held {
                cancel_requested: true,
            })
        });
    m.queue
        .expect_cancelled()
        .with(eq(task_id()), eq(WORKER), eq(now()))
        .times(1)
        .returning(|_, _, _| Ok(()));
    m.queue.expect_complete().never();
    m.queue.expect_fail().never();
    m.queue.expect_release().never();
    m.signals_changes();
    let outcome = m.tasks().run(&task(TaskStatus::Running, 1), WORKER).await;
    assert_eq!(outcome, RunOutcome::Cancelled);
    assert_eq!(*stages.lock().unwrap(), [Stage::Analysing, Stage::Ranking]);
}

#[tokio::test]
async fn run_that_lost_its_lease_stops_without_writing() {
    let mut m = Mocks::new();
    m.pipeline.finds_inputs();
    let stages = m.records_stages(|stage| {
        if stage == Stage::Ranking {
            LeaseState::Lost
        } else {
            held()
        }
    });
    m.queue
        .expect_renew()
        .times(1)
        .returning(|_, _, _| Ok(LeaseState::Lost));
    m.ends_nothing();
    m.signals_changes();
    let outcome = m.tasks().run(&task(TaskStatus::Running, 1), WORKER).await;
    assert_eq!(outcome, RunOutcome::Lost);
    assert_eq!(*stages.lock().unwrap(), [Stage::Analysing, Stage::Ranking]);
}

#[tokio::test]
async fn run_of_a_task_whose_job_is_gone_fails_it_with_job_not_found() {
    let mut m = Mocks::new();
    m.pipeline
        .jobs
        .expect_find()
        .with(eq(user()), eq(job_id()))
        .returning(|_, _| Ok(None));
    let stages = m.records_stages(|_| held());
    m.queue
        .expect_fail()
        .with(eq(task_id()), eq(WORKER), eq("Job not found"), eq(now()))
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    m.queue.expect_complete().never();
    m.queue.expect_release().never();
    m.signals_changes();
    let outcome = m.tasks().run(&task(TaskStatus::Running, 1), WORKER).await;
    assert_eq!(outcome, RunOutcome::Failed);
    assert_eq!(*stages.lock().unwrap(), [Stage::Analysing]);
}

#[tokio::test]
async fn run_without_a_profile_fails_the_task_at_once() {
    let mut m = Mocks::new();
    m.pipeline
        .jobs
        .expect_find()
        .returning(|_, _| Ok(Some(job())));
    m.pipeline
        .profiles
        .expect_find_by_user_shared()
        .returning(|_| Ok(None));
    m.records_stages(|_| held());
    // Attempts are left, but another attempt would not find a profile either.
    m.queue
        .expect_fail()
        .with(eq(task_id()), eq(WORKER), eq("No profile found"), eq(now()))
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    m.queue.expect_release().never();
    m.signals_changes();
    let outcome = m.tasks().run(&task(TaskStatus::Running, 1), WORKER).await;
    assert_eq!(outcome, RunOutcome::Failed);
}

/// Mocks for a run whose profile cannot be read (a storage fault).
fn profile_store_down() -> Mocks {
    let mut m = Mocks::new();
    m.pipeline
        .jobs
        .expect_find()
        .returning(|_, _| Ok(Some(job())));
    m.pipeline
        .profiles
        .expect_find_by_user_shared()
        .returning(|_| Err(anyhow::anyhow!("connection reset")));
    m.records_stages(|_| held());
    m.queue.expect_complete().never();
    m.signals_changes();
    m
}

#[tokio::test]
async fn run_with_an_unexpected_error_and_attempts_left_requeues_the_task() {
    let mut m = profile_store_down();
    m.queue
        .expect_release()
        .with(eq(task_id()), eq(WORKER), eq(false), always())
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    m.queue.expect_fail().never();
    m.signal.expect_queued().times(1).return_const(());
    let outcome = m.tasks().run(&task(TaskStatus::Running, 2), WORKER).await;
    assert_eq!(outcome, RunOutcome::Requeued);
}

#[tokio::test]
async fn run_with_an_unexpected_error_on_the_last_attempt_fails_the_task_for_good() {
    let mut m = profile_store_down();
    m.queue
        .expect_fail()
        .with(eq(task_id()), eq(WORKER), eq(FAILED_FOR_GOOD), eq(now()))
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    m.queue.expect_release().never();
    m.signal.expect_queued().never();
    let outcome = m.tasks().run(&task(TaskStatus::Running, 3), WORKER).await;
    assert_eq!(outcome, RunOutcome::Failed);
}

#[tokio::test]
async fn run_that_cannot_record_a_stage_requeues_the_task() {
    let mut m = Mocks::new();
    m.queue
        .expect_stage()
        .times(1)
        .returning(|_, _, _, _| Err(anyhow::anyhow!("connection reset")));
    m.queue
        .expect_release()
        .with(eq(task_id()), eq(WORKER), eq(false), eq(now()))
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    m.queue.expect_complete().never();
    m.signal.expect_queued().times(1).return_const(());
    m.signals_changes();
    let outcome = m.tasks().run(&task(TaskStatus::Running, 1), WORKER).await;
    assert_eq!(outcome, RunOutcome::Requeued);
}

#[tokio::test]
async fn run_whose_completion_finds_the_task_no_longer_held_is_lost() {
    let mut m = Mocks::new();
    m.pipeline.works();
    m.records_stages(|_| held());
    m.queue
        .expect_complete()
        .times(1)
        .returning(|_, _, _| Ok(false));
    m.queue.expect_fail().never();
    m.queue.expect_release().never();
    m.signals_changes();
    let outcome = m.tasks().run(&task(TaskStatus::Running, 1), WORKER).await;
    assert_eq!(outcome, RunOutcome::Lost);
}

#[tokio::test]
async fn run_whose_result_cannot_be_stored_because_the_job_was_deleted_fails_the_task() {
    let mut m = Mocks::new();
    m.pipeline.works();
    m.records_stages(|_| held());
    m.queue
        .expect_complete()
        .times(1)
        .returning(|_, _, _| Err(anyhow::anyhow!("foreign key violation")));
    m.jobs
        .expect_find()
        .with(eq(user()), eq(job_id()))
        .times(1)
        .returning(|_, _| Ok(None));
    m.queue
        .expect_fail()
        .with(eq(task_id()), eq(WORKER), eq("Job not found"), eq(now()))
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    m.queue.expect_release().never();
    m.signals_changes();
    let outcome = m.tasks().run(&task(TaskStatus::Running, 1), WORKER).await;
    assert_eq!(outcome, RunOutcome::Failed);
}

#[tokio::test]
async fn run_whose_result_cannot_be_stored_for_another_reason_requeues_the_task() {
    let mut m = Mocks::new();
    m.pipeline.works();
    m.records_stages(|_| held());
    m.queue
        .expect_complete()
        .times(1)
        .returning(|_, _, _| Err(anyhow::anyhow!("disk full")));
    m.has_job();
    m.queue
        .expect_release()
        .with(eq(task_id()), eq(WORKER), eq(false), eq(now()))
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    m.queue.expect_fail().never();
    m.signal.expect_queued().times(1).return_const(());
    m.signals_changes();
    let outcome = m.tasks().run(&task(TaskStatus::Running, 1), WORKER).await;
    assert_eq!(outcome, RunOutcome::Requeued);
}

#[tokio::test]
async fn run_whose_failure_cannot_be_recorded_is_lost() {
    let mut m = Mocks::new();
    m.pipeline.jobs.expect_find().returning(|_, _| Ok(None));
    m.records_stages(|_| held());
    m.queue
        .expect_fail()
        .times(1)
        .returning(|_, _, _, _| Err(anyhow::anyhow!("connection reset")));
    m.signals_changes();
    let outcome = m.tasks().run(&task(TaskStatus::Running, 1), WORKER).await;
    assert_eq!(outcome, RunOutcome::Lost);
}

#[tokio::test]
async fn run_of_a_task_claimed_at_the_first_stage_does_not_record_that_stage_again() {
    let mut m = Mocks::new();
    m.pipeline.works();
    let mut seq = Sequence::new();
    m.queue
        .expect_stage()
        .with(eq(task_id()), eq(WORKER), eq(Stage::FIRST), always())
        .never();
    for stage in [Stage::Ranking, Stage::Writing, Stage::Scoring] {
        m.queue
            .expect_stage()
            .with(eq(task_id()), eq(WORKER), eq(stage), eq(now()))
            .times(1)
            .in_sequence(&mut seq)
            .returning(|_, _, _, _| Ok(held()));
    }
    m.queue
        .expect_complete()
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_, _, _| Ok(true));
    m.signal.expect_changed().times(4).return_const(());
    let claimed = GenerationTask {
        stage: Some(Stage::FIRST),
        progress: Stage::FIRST.progress(),
        ..task(TaskStatus::Running, 1)
    };
    assert_eq!(m.tasks().run(&claimed, WORKER).await, RunOutcome::Completed);
}
