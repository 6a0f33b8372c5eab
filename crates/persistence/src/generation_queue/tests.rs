use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, SubsecRound};
use sea_orm::{ConnectionTrait, TransactionTrait};
use tailor_domain::generation::{AtsReport, DocumentType, ModelMetadata};
use tailor_domain::job::{
    ApplicationStatus, EmploymentType, Job, JobSource, JobStatus, StatusChange,
};
use tailor_domain::ports::{GenerationRepository, JobRepository};

use super::*;
use crate::testing::TestDatabase;
use crate::{Backend, SeaOrmGenerationRepository, SeaOrmJobRepository};

/// How long the leases of these tests last.
const LEASE_SECS: i64 = 30;

fn at(minutes_ago: i64) -> DateTime<Utc> {
    (Utc::now() - Duration::minutes(minutes_ago)).trunc_subsecs(6)
}

fn user() -> UserId {
    UserId::new(1)
}

fn other() -> UserId {
    UserId::new(2)
}

fn rules(per_user: u32) -> ClaimRules {
    ClaimRules {
        lease: std::time::Duration::from_secs(LEASE_SECS.unsigned_abs()),
        per_user,
    }
}

fn resume() -> TaskRequest {
    TaskRequest::Resume {
        max_experiences: 4,
        max_projects: 2,
        include_summary: true,
    }
}

fn letter() -> TaskRequest {
    TaskRequest::CoverLetter {
        company_name: Some("Bistro".into()),
        hiring_manager_name: None,
        max_paragraphs: 3,
    }
}

/// Adds a user with this id (user 1 exists already).
async fn add_user(db: &Database, id: i64) {
    let now = Utc::now();
    db.connection()
        .execute_unprepared(&format!(
            "INSERT INTO users (id, email, password_hash, full_name, is_active, is_verified, \
             created_at, updated_at) VALUES ({id}, 'u{id}@example.com', 'x', 'U{id}', true, \
             false, '{now}', '{now}')"
        ))
        .await
        .unwrap();
}

/// A saved job of `owner`.
async fn add_job(db: &Database, owner: UserId) -> JobId {
    let now = at(0);
    let job = Job {
        id: JobId::new_random(),
        user_id: owner,
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
    job.id
}

/// A migrated database with users 1 and 2 and a job of each.
struct Fixture {
    test_db: TestDatabase,
    db: Database,
    queue: SeaOrmGenerationQueue,
    /// User 1's job.
    job: JobId,
    /// User 2's job.
    other_job: JobId,
}

async fn fixture() -> Fixture {
    let test_db = TestDatabase::new().await;
    let db = test_db.database();
    add_user(&db, 2).await;
    let job = add_job(&db, user()).await;
    let other_job = add_job(&db, other()).await;
    Fixture {
        queue: SeaOrmGenerationQueue::new(db.clone()),
        test_db,
        db,
        job,
        other_job,
    }
}

impl Fixture {
    /// Queues a resume task of `owner` for `job`, made at `created`, and checks it is new.
    async fn queued(&self, owner: UserId, job: JobId, created: DateTime<Utc>) -> GenerationTask {
        let t = GenerationTask::queued(owner, job, resume(), None, created);
        assert_eq!(self.queue.enqueue(&t).await.unwrap(), Enqueued::New);
        t
    }

    /// A claim that must take a task.
    async fn claim(&self, worker: &str, now: DateTime<Utc>) -> GenerationTask {
        self.queue
            .claim(worker, rules(10), now)
            .await
            .unwrap()
            .expect("a queued task to claim")
    }

    async fn find(&self, owner: UserId, id: GenerationId) -> GenerationTask {
        self.queue.find(owner, id).await.unwrap().expect("the task")
    }

    /// All of the task's events.
    async fn events(&self, owner: UserId, id: GenerationId) -> Vec<TaskEvent> {
        self.queue
            .events(owner, id, 0, 1000)
            .await
            .unwrap()
            .expect("the task's events")
    }

    /// The stored row of a task, worker and event counter included.
    async fn row(&self, id: GenerationId) -> Option<tasks::Model> {
        tasks::Entity::find_by_id(id.as_uuid())
            .one(self.db.conn())
            .await
            .unwrap()
    }

    /// The number of stored events of a task, whoever owns it.
    async fn event_rows(&self, id: GenerationId) -> u64 {
        events::Entity::find()
            .filter(events::Column::TaskId.eq(id.as_uuid()))
            .count(self.db.conn())
            .await
            .unwrap()
    }

    async fn task_rows(&self) -> u64 {
        tasks::Entity::find().count(self.db.conn()).await.unwrap()
    }

    fn generations(&self) -> SeaOrmGenerationRepository {
        SeaOrmGenerationRepository::new(self.db.clone())
    }
}

fn event(
    seq: i64,
    status: TaskStatus,
    stage: Option<Stage>,
    progress: u8,
    at: DateTime<Utc>,
) -> TaskEvent {
    TaskEvent {
        seq,
        status,
        stage,
        progress,
        error: None,
        at,
    }
}

/// The generation a task makes (same id, user and job).
fn generation_of(t: &GenerationTask, created: DateTime<Utc>) -> Generation {
    Generation {
        id: t.id,
        user_id: t.user_id,
        job_id: t.job_id,
        ranking_id: None,
        document_type: t.request.document_type(),
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
        created_at: created,
    }
}

fn lease_from(now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::seconds(LEASE_SECS)
}

#[tokio::test]
async fn an_enqueued_task_round_trips_with_one_queued_event() {
    let f = fixture().await;
    let created = at(5);
    let t = GenerationTask::queued(user(), f.job, letter(), Some("key-1".into()), created);
    assert_eq!(f.queue.enqueue(&t).await.unwrap(), Enqueued::New);

    let stored = f.find(user(), t.id).await;
    assert_eq!(stored, t);
    assert_eq!(stored.status, TaskStatus::Queued);
    assert_eq!(stored.attempts, 0);
    assert_eq!(stored.request, letter());
    assert_eq!(stored.idempotency_key.as_deref(), Some("key-1"));
    let row = f.row(t.id).await.unwrap();
    assert_eq!(row.event_seq, 1);
    assert_eq!(row.document_type, DocumentType::CoverLetter.as_str());
    assert_eq!(row.worker, None);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&row.request).unwrap(),
        serde_json::json!({
            "document_type": "cover_letter",
            "company_name": "Bistro",
            "hiring_manager_name": null,
            "max_paragraphs": 3,
        })
    );

    assert_eq!(
        f.queue.events(user(), t.id, 0, 100).await.unwrap(),
        Some(vec![event(1, TaskStatus::Queued, None, 0, created)])
    );
    assert_eq!(
        f.queue.events(user(), t.id, 1, 100).await.unwrap(),
        Some(vec![]),
        "nothing after the first event"
    );
    assert_eq!(f.queue.active_count(user()).await.unwrap(), 1);

    assert_eq!(f.queue.find(other(), t.id).await.unwrap(), None);
    assert_eq!(f.queue.events(other(), t.id, 0, 100).await.unwrap(), None);
    assert_eq!(
        f.queue
            .events(user(), GenerationId::new_random(), 0, 100)
            .await
            .unwrap(),
        None
    );
    assert_eq!(f.queue.active_count(other()).await.unwrap(), 0);
}

#[tokio::test]
async fn a_repeated_idempotency_key_returns_the_first_task_and_stores_nothing_new() {
    let f = fixture().await;
    let first = GenerationTask::queued(user(), f.job, resume(), Some("k1".into()), at(5));
    assert_eq!(f.queue.enqueue(&first).await.unwrap(), Enqueued::New);

    let again = GenerationTask::queued(user(), f.job, letter(), Some("k1".into()), at(1));
    assert_eq!(
        f.queue.enqueue(&again).await.unwrap(),
        Enqueued::Existing(first.clone())
    );
    assert_eq!(f.queue.find(user(), again.id).await.unwrap(), None);
    assert_eq!(
        f.find(user(), first.id).await,
        first,
        "the first is unchanged"
    );
    assert_eq!(f.event_rows(first.id).await, 1);
    assert_eq!(f.event_rows(again.id).await, 0);
    assert_eq!(f.task_rows().await, 1);
    assert_eq!(f.queue.active_count(user()).await.unwrap(), 1);

    // The same key is another user's own.
    let theirs = GenerationTask::queued(other(), f.other_job, resume(), Some("k1".into()), at(1));
    assert_eq!(f.queue.enqueue(&theirs).await.unwrap(), Enqueued::New);
    assert_eq!(f.task_rows().await, 2);

    assert_eq!(
        f.queue.find_by_key(user(), "k1").await.unwrap(),
        Some(first.clone())
    );
    assert_eq!(
        f.queue.find_by_key(other(), "k1").await.unwrap(),
        Some(theirs)
    );
    assert_eq!(f.queue.find_by_key(user(), "k2").await.unwrap(), None);

    // Tasks without a key are never taken for one another.
    let a = f.queued(user(), f.job, at(1)).await;
    let b = f.queued(user(), f.job, at(1)).await;
    assert_ne!(a.id, b.id);
    assert_eq!(f.task_rows().await, 4);
    assert_eq!(f.queue.active_count(user()).await.unwrap(), 3);
}

#[tokio::test]
async fn a_task_for_a_missing_job_is_refused_and_nothing_is_stored() {
    let f = fixture().await;
    let unknown = GenerationTask::queued(user(), JobId::new_random(), resume(), None, at(0));
    assert!(f.queue.enqueue(&unknown).await.is_err());

    let gone = add_job(&f.db, user()).await;
    SeaOrmJobRepository::new(f.db.clone())
        .delete(user(), gone)
        .await
        .unwrap()
        .expect("deleted");
    let late = GenerationTask::queued(user(), gone, resume(), Some("k".into()), at(0));
    assert!(f.queue.enqueue(&late).await.is_err());

    assert_eq!(f.queue.find(user(), unknown.id).await.unwrap(), None);
    assert_eq!(f.queue.find(user(), late.id).await.unwrap(), None);
    assert_eq!(f.queue.find_by_key(user(), "k").await.unwrap(), None);
    assert_eq!(f.task_rows().await, 0);
    assert_eq!(
        f.event_rows(unknown.id).await + f.event_rows(late.id).await,
        0
    );
    assert_eq!(f.queue.active_count(user()).await.unwrap(), 0);
}

#[tokio::test]
async fn a_claim_takes_the_oldest_queued_task_under_a_lease_and_counts_the_attempt() {
    let f = fixture().await;
    let newer = f.queued(user(), f.job, at(5)).await;
    let older = f.queued(user(), f.job, at(10)).await;
    let now = at(0);

    let claimed = f.queue.claim("w1", rules(5), now).await.unwrap();
    let expected = GenerationTask {
        status: TaskStatus::Running,
        stage: Some(Stage::FIRST),
        progress: Stage::FIRST.progress(),
        attempts: 1,
        lease_until: Some(lease_from(now)),
        updated_at: now,
        ..older.clone()
    };
    assert_eq!(claimed, Some(expected.clone()));
    assert_eq!(f.find(user(), older.id).await, expected);
    let row = f.row(older.id).await.unwrap();
    assert_eq!(row.worker.as_deref(), Some("w1"));
    assert_eq!(row.event_seq, 2);
    assert_eq!(
        f.events(user(), older.id).await,
        [
            event(1, TaskStatus::Queued, None, 0, older.created_at),
            event(2, TaskStatus::Running, Some(Stage::FIRST), 5, now),
        ]
    );

    // Another worker gets the other task, not the same one.
    let second = f.queue.claim("w2", rules(5), now).await.unwrap().unwrap();
    assert_eq!(second.id, newer.id);
    assert_eq!(f.row(newer.id).await.unwrap().worker.as_deref(), Some("w2"));
    assert_eq!(
        f.row(older.id).await.unwrap().worker.as_deref(),
        Some("w1"),
        "the first claim's task stays with its worker"
    );
    assert_eq!(f.queue.claim("w3", rules(5), now).await.unwrap(), None);
    assert_eq!(f.queue.active_count(user()).await.unwrap(), 2);
}

#[tokio::test]
async fn nothing_queued_claims_nothing() {
    let f = fixture().await;
    assert_eq!(f.queue.claim("w1", rules(5), at(0)).await.unwrap(), None);
    // Ended tasks are not claimed either.
    let t = f.queued(user(), f.job, at(5)).await;
    f.queue.cancel(user(), t.id, at(4)).await.unwrap().unwrap();
    assert_eq!(f.queue.claim("w1", rules(5), at(0)).await.unwrap(), None);
    assert_eq!(f.row(t.id).await.unwrap().attempts, 0);
}

#[tokio::test]
async fn a_claim_skips_users_at_their_running_limit() {
    let f = fixture().await;
    let a = f.queued(user(), f.job, at(10)).await;
    let b = f.queued(user(), f.job, at(9)).await;
    let c = f.queued(other(), f.other_job, at(8)).await;
    let now = at(0);

    let first = f.queue.claim("w1", rules(1), now).await.unwrap().unwrap();
    assert_eq!(first.id, a.id);
    let second = f.queue.claim("w2", rules(1), now).await.unwrap().unwrap();
    assert_eq!(second.id, c.id, "user 1 runs one already: b waits");
    assert_eq!(f.find(user(), b.id).await.status, TaskStatus::Queued);
    assert_eq!(
        f.queue.claim("w3", rules(1), now).await.unwrap(),
        None,
        "only b is left, and its user is at the limit"
    );
    let third = f.queue.claim("w3", rules(2), now).await.unwrap().unwrap();
    assert_eq!(third.id, b.id);
    assert_eq!(third.attempts, 1);
}

#[tokio::test]
async fn a_claim_finds_a_runnable_task_behind_a_full_window_of_blocked_ones() {
    let f = fixture().await;
    let start = at(60);
    for i in 0..=40_u32 {
        let offset = Duration::seconds(i64::from(i));
        f.queued(user(), f.job, start + offset).await;
    }
    let theirs = f.queued(other(), f.other_job, at(1)).await;
    let now = at(0);
    // User 1 runs one task and has 40 more queued, all older than user 2's.
    let running = f.queue.claim("w1", rules(1), now).await.unwrap().unwrap();
    assert_eq!(running.user_id, user());
    let next = f.queue.claim("w2", rules(1), now).await.unwrap();
    assert_eq!(
        next.map(|t| t.id),
        Some(theirs.id),
        "user 2's task is the oldest one whose user may run another"
    );
}

#[tokio::test]
async fn a_stage_is_recorded_only_by_the_worker_holding_the_task() {
    let f = fixture().await;
    let t = f.queued(user(), f.job, at(10)).await;
    assert_eq!(
        f.queue
            .stage(t.id, "w1", Stage::Analysing, at(9))
            .await
            .unwrap(),
        LeaseState::Lost,
        "a queued task is nobody's"
    );
    let claimed_at = at(8);
    f.claim("w1", claimed_at).await;
    let staged_at = at(7);
    assert_eq!(
        f.queue
            .stage(t.id, "w1", Stage::Writing, staged_at)
            .await
            .unwrap(),
        LeaseState::Held {
            cancel_requested: false
        }
    );
    let after = f.find(user(), t.id).await;
    assert_eq!(after.stage, Some(Stage::Writing));
    assert_eq!(after.progress, 45);
    assert_eq!(after.status, TaskStatus::Running);
    assert_eq!(after.updated_at, staged_at);
    assert_eq!(after.lease_until, Some(lease_from(claimed_at)), "kept");
    assert_eq!(f.row(t.id).await.unwrap().worker.as_deref(), Some("w1"));
    assert_eq!(
        f.events(user(), t.id).await.last(),
        Some(&event(
            3,
            TaskStatus::Running,
            Some(Stage::Writing),
            45,
            staged_at
        ))
    );

    assert_eq!(
        f.queue
            .stage(t.id, "w2", Stage::Scoring, at(6))
            .await
            .unwrap(),
        LeaseState::Lost
    );
    assert_eq!(f.find(user(), t.id).await, after, "unchanged");
    assert_eq!(f.event_rows(t.id).await, 3);
}

#[tokio::test]
async fn completing_stores_the_generation_and_ends_the_task() {
    let f = fixture().await;
    let t = f.queued(user(), f.job, at(10)).await;
    f.claim("w1", at(9)).await;
    f.queue
        .stage(t.id, "w1", Stage::Scoring, at(8))
        .await
        .unwrap();
    let g = generation_of(&t, at(7));
    let done_at = at(6);
    assert!(f.queue.complete("w1", &g, done_at).await.unwrap());

    assert_eq!(
        f.generations().find(user(), t.id).await.unwrap(),
        Some(g.clone())
    );
    let after = f.find(user(), t.id).await;
    assert_eq!(after.status, TaskStatus::Completed);
    assert_eq!(after.progress, 100);
    assert_eq!(after.stage, Some(Stage::Scoring));
    assert_eq!(after.lease_until, None);
    assert_eq!(after.updated_at, done_at);
    assert_eq!(after.attempts, 1);
    assert_eq!(f.row(t.id).await.unwrap().worker, None);
    assert_eq!(
        f.events(user(), t.id).await.last(),
        Some(&event(
            4,
            TaskStatus::Completed,
            Some(Stage::Scoring),
            100,
            done_at
        ))
    );
    assert_eq!(f.queue.active_count(user()).await.unwrap(), 0);

    // Done once: a second completion holds nothing.
    assert!(!f.queue.complete("w1", &g, at(5)).await.unwrap());
    assert_eq!(f.event_rows(t.id).await, 4);
}

#[tokio::test]
async fn a_completion_whose_generation_cannot_be_stored_leaves_the_task_running() {
    let f = fixture().await;
    let t = f.queued(user(), f.job, at(10)).await;
    let claimed = f.claim("w1", at(9)).await;
    let mut g = generation_of(&t, at(7));
    g.job_id = JobId::new_random();
    assert!(f.queue.complete("w1", &g, at(6)).await.is_err());
    assert_eq!(f.find(user(), t.id).await, claimed, "rolled back");
    assert_eq!(f.event_rows(t.id).await, 2);
    assert_eq!(f.generations().find(user(), t.id).await.unwrap(), None);
}

#[tokio::test]
async fn a_worker_that_does_not_hold_the_task_cannot_complete_it() {
    let f = fixture().await;
    let t = f.queued(user(), f.job, at(10)).await;
    let g = generation_of(&t, at(7));
    assert!(
        !f.queue.complete("w1", &g, at(8)).await.unwrap(),
        "queued: nobody holds it"
    );
    let claimed = f.claim("w1", at(9)).await;
    assert!(!f.queue.complete("w2", &g, at(6)).await.unwrap());
    assert_eq!(f.generations().find(user(), t.id).await.unwrap(), None);
    assert_eq!(f.find(user(), t.id).await, claimed);
    assert_eq!(f.event_rows(t.id).await, 2);
}

#[tokio::test]
async fn completing_a_task_whose_cancel_was_requested_cancels_it_and_stores_nothing() {
    let f = fixture().await;
    let t = f.queued(user(), f.job, at(10)).await;
    f.claim("w1", at(9)).await;
    f.queue
        .stage(t.id, "w1", Stage::Ranking, at(8))
        .await
        .unwrap();
    f.queue.cancel(user(), t.id, at(7)).await.unwrap().unwrap();
    let done_at = at(6);
    assert!(
        !f.queue
            .complete("w1", &generation_of(&t, at(6)), done_at)
            .await
            .unwrap()
    );
    assert_eq!(f.generations().find(user(), t.id).await.unwrap(), None);
    let after = f.find(user(), t.id).await;
    assert_eq!(after.status, TaskStatus::Cancelled);
    assert_eq!(after.stage, Some(Stage::Ranking), "the last stage reached");
    assert_eq!(after.progress, 20);
    assert_eq!(after.lease_until, None);
    assert_eq!(
        f.events(user(), t.id).await.last(),
        Some(&event(
            4,
            TaskStatus::Cancelled,
            Some(Stage::Ranking),
            20,
            done_at
        ))
    );
}

#[tokio::test]
async fn cancelling_a_queued_task_ends_it_at_once() {
    let f = fixture().await;
    let t = f.queued(user(), f.job, at(10)).await;
    let now = at(5);
    let after = f.queue.cancel(user(), t.id, now).await.unwrap();
    let expected = GenerationTask {
        status: TaskStatus::Cancelled,
        updated_at: now,
        ..t.clone()
    };
    assert_eq!(after, Some(expected.clone()));
    assert_eq!(f.find(user(), t.id).await, expected);
    assert_eq!(
        f.events(user(), t.id).await,
        [
            event(1, TaskStatus::Queued, None, 0, t.created_at),
            event(2, TaskStatus::Cancelled, None, 0, now),
        ]
    );
    assert_eq!(f.queue.active_count(user()).await.unwrap(), 0);
}

#[tokio::test]
async fn cancelling_a_running_task_asks_its_worker_to_stop() {
    let f = fixture().await;
    let t = f.queued(user(), f.job, at(10)).await;
    let claimed = f.claim("w1", at(9)).await;
    let now = at(8);
    let after = f.queue.cancel(user(), t.id, now).await.unwrap();
    let expected = GenerationTask {
        cancel_requested: true,
        updated_at: now,
        ..claimed.clone()
    };
    assert_eq!(after, Some(expected.clone()));
    assert_eq!(expected.status, TaskStatus::Running);
    assert_eq!(f.find(user(), t.id).await, expected);
    assert_eq!(f.row(t.id).await.unwrap().worker.as_deref(), Some("w1"));

    let renewed = at(7) + Duration::seconds(LEASE_SECS);
    assert_eq!(
        f.queue.renew(t.id, "w1", renewed).await.unwrap(),
        LeaseState::Held {
            cancel_requested: true
        }
    );
    assert_eq!(f.find(user(), t.id).await.lease_until, Some(renewed));
    assert_eq!(
        f.queue.renew(t.id, "w2", renewed).await.unwrap(),
        LeaseState::Lost
    );
    assert_eq!(
        f.queue
            .stage(t.id, "w1", Stage::Writing, at(6))
            .await
            .unwrap(),
        LeaseState::Held {
            cancel_requested: true
        }
    );

    // Asking again changes nothing; the worker then ends it.
    let before = f.find(user(), t.id).await;
    assert_eq!(
        f.queue.cancel(user(), t.id, at(5)).await.unwrap(),
        Some(before.clone())
    );
    assert_eq!(f.find(user(), t.id).await, before);
    let stopped_at = at(4);
    f.queue.cancelled(t.id, "w1", stopped_at).await.unwrap();
    let ended = f.find(user(), t.id).await;
    assert_eq!(ended.status, TaskStatus::Cancelled);
    assert_eq!(ended.stage, Some(Stage::Writing));
    assert_eq!(ended.lease_until, None);
    let statuses: Vec<_> = f
        .events(user(), t.id)
        .await
        .into_iter()
        .map(|e| (e.seq, e.status))
        .collect();
    assert_eq!(
        statuses,
        [
            (1, TaskStatus::Queued),
            (2, TaskStatus::Running),
            (3, TaskStatus::Running),
            (4, TaskStatus::Cancelled),
        ]
    );
    assert_eq!(
        f.queue.renew(t.id, "w1", renewed).await.unwrap(),
        LeaseState::Lost,
        "ended"
    );
}

#[tokio::test]
async fn cancelling_an_ended_task_changes_nothing() {
    let f = fixture().await;
    let done = f.queued(user(), f.job, at(10)).await;
    let failed = f.queued(user(), f.job, at(9)).await;
    f.claim("w1", at(8)).await;
    f.claim("w1", at(8)).await;
    assert!(
        f.queue
            .complete("w1", &generation_of(&done, at(7)), at(7))
            .await
            .unwrap()
    );
    f.queue
        .fail(failed.id, "w1", "no model", at(7))
        .await
        .unwrap();
    for id in [done.id, failed.id] {
        let before = f.find(user(), id).await;
        assert_eq!(
            f.queue.cancel(user(), id, at(1)).await.unwrap(),
            Some(before.clone())
        );
        assert_eq!(f.find(user(), id).await, before);
        assert_eq!(f.event_rows(id).await, 3);
    }
}

#[tokio::test]
async fn another_users_task_cannot_be_cancelled() {
    let f = fixture().await;
    let queued = f.queued(user(), f.job, at(10)).await;
    let running = f.queued(user(), f.job, at(11)).await;
    let claimed = f.claim("w1", at(9)).await;
    assert_eq!(claimed.id, running.id);
    for (id, before) in [(queued.id, queued.clone()), (running.id, claimed)] {
        assert_eq!(f.queue.cancel(other(), id, at(1)).await.unwrap(), None);
        assert_eq!(f.find(user(), id).await, before);
    }
    assert_eq!(
        f.queue
            .cancel(user(), GenerationId::new_random(), at(1))
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn an_ended_task_has_no_pending_cancel_request() {
    let f = fixture().await;
    let t = f.queued(user(), f.job, at(10)).await;
    f.claim("w1", at(9)).await;
    f.queue.cancel(user(), t.id, at(8)).await.unwrap().unwrap();
    f.queue.cancelled(t.id, "w1", at(7)).await.unwrap();
    let ended = f.find(user(), t.id).await;
    assert_eq!(ended.status, TaskStatus::Cancelled);
    assert!(
        !ended.cancel_requested,
        "nothing is pending on an ended task"
    );
}

#[tokio::test]
async fn a_released_task_is_queued_again_with_or_without_its_attempt() {
    let f = fixture().await;
    let t = f.queued(user(), f.job, at(10)).await;
    f.claim("w1", at(9)).await;
    f.queue
        .stage(t.id, "w1", Stage::Ranking, at(9))
        .await
        .unwrap();
    // Another worker cannot release it.
    f.queue.release(t.id, "w2", true, at(8)).await.unwrap();
    assert_eq!(f.find(user(), t.id).await.status, TaskStatus::Running);

    let released_at = at(8);
    f.queue
        .release(t.id, "w1", true, released_at)
        .await
        .unwrap();
    let after = f.find(user(), t.id).await;
    assert_eq!(
        after,
        GenerationTask {
            updated_at: released_at,
            ..t.clone()
        },
        "queued, no stage, attempts back to 0"
    );
    assert_eq!(f.row(t.id).await.unwrap().worker, None);
    assert_eq!(
        f.events(user(), t.id).await.last(),
        Some(&event(4, TaskStatus::Queued, None, 0, released_at))
    );

    let again = f.claim("w2", at(7)).await;
    assert_eq!(again.id, t.id);
    assert_eq!(again.attempts, 1);
    f.queue.release(t.id, "w2", false, at(6)).await.unwrap();
    let kept = f.find(user(), t.id).await;
    assert_eq!(kept.status, TaskStatus::Queued);
    assert_eq!(kept.attempts, 1, "the attempt counts");
    assert_eq!(kept.lease_until, None);
    assert_eq!(f.claim("w3", at(5)).await.attempts, 2);
}

#[tokio::test]
async fn releasing_a_task_whose_cancel_was_requested_ends_it_cancelled() {
    let f = fixture().await;
    let t = f.queued(user(), f.job, at(10)).await;
    f.claim("w1", at(9)).await;
    f.queue.cancel(user(), t.id, at(8)).await.unwrap().unwrap();
    let released_at = at(7);
    f.queue
        .release(t.id, "w1", true, released_at)
        .await
        .unwrap();
    let after = f.find(user(), t.id).await;
    assert_eq!(after.status, TaskStatus::Cancelled);
    assert_eq!(after.attempts, 0);
    assert_eq!(after.lease_until, None);
    assert_eq!(
        f.events(user(), t.id).await.last(),
        Some(&event(3, TaskStatus::Cancelled, None, 0, released_at))
    );
    assert_eq!(f.queue.claim("w2", rules(5), at(6)).await.unwrap(), None);
}

#[tokio::test]
async fn expired_leases_are_recovered_requeued_failed_or_cancelled() {
    let f = fixture().await;
    let requeue = f.queued(user(), f.job, at(60)).await;
    let exhausted = f.queued(user(), f.job, at(59)).await;
    let cancel = f.queued(other(), f.other_job, at(58)).await;
    let alive = f.queued(other(), f.other_job, at(57)).await;
    let max_attempts = 2;

    // `exhausted` already had an attempt.
    let t0 = at(30);
    assert_eq!(f.claim("w0", t0).await.id, requeue.id);
    assert_eq!(f.claim("w0", t0).await.id, exhausted.id);
    f.queue
        .release(exhausted.id, "w0", false, t0)
        .await
        .unwrap();
    f.queue.release(requeue.id, "w0", true, t0).await.unwrap();
    assert_eq!(f.claim("w1", t0).await.id, requeue.id);
    let second = f.claim("w2", t0).await;
    assert_eq!((second.id, second.attempts), (exhausted.id, 2));
    f.queue
        .stage(exhausted.id, "w2", Stage::Writing, t0)
        .await
        .unwrap();
    assert_eq!(f.claim("w3", t0).await.id, cancel.id);
    f.queue
        .cancel(other(), cancel.id, t0)
        .await
        .unwrap()
        .unwrap();
    let now = t0 + Duration::seconds(2 * LEASE_SECS);
    // Claimed later: its lease runs past `now`.
    let alive_claim = f.claim("w4", now - Duration::seconds(LEASE_SECS / 2)).await;
    assert_eq!(alive_claim.id, alive.id);

    let recovered = f.queue.recover_expired(now, max_attempts).await.unwrap();
    assert_eq!(
        recovered,
        Recovered {
            requeued: 1,
            failed: 2
        },
        "the cancelled one is not requeued either"
    );

    let back = f.find(user(), requeue.id).await;
    assert_eq!(back.status, TaskStatus::Queued);
    assert_eq!(back.attempts, 1);
    assert_eq!(back.lease_until, None);
    assert_eq!(back.updated_at, now);
    assert_eq!(f.row(requeue.id).await.unwrap().worker, None);
    assert_eq!(
        f.events(user(), requeue.id).await.last(),
        Some(&event(5, TaskStatus::Queued, None, 0, now))
    );

    let failed = f.find(user(), exhausted.id).await;
    assert_eq!(failed.status, TaskStatus::Failed);
    assert_eq!(failed.error.as_deref(), Some(INTERRUPTED));
    assert_eq!(failed.stage, Some(Stage::Writing));
    assert_eq!(failed.lease_until, None);
    let last = f.events(user(), exhausted.id).await.pop().unwrap();
    assert_eq!(last.status, TaskStatus::Failed);
    assert_eq!(last.error.as_deref(), Some(INTERRUPTED));

    let cancelled = f.find(other(), cancel.id).await;
    assert_eq!(cancelled.status, TaskStatus::Cancelled);
    assert_eq!(cancelled.lease_until, None);

    assert_eq!(f.find(other(), alive.id).await, alive_claim, "untouched");
    assert_eq!(f.row(alive.id).await.unwrap().worker.as_deref(), Some("w4"));

    // The requeued task is claimed again; the dead worker lost it.
    assert_eq!(
        f.queue
            .stage(requeue.id, "w1", Stage::Ranking, now)
            .await
            .unwrap(),
        LeaseState::Lost
    );
    let retaken = f.claim("w5", now).await;
    assert_eq!((retaken.id, retaken.attempts), (requeue.id, 2));
    assert_eq!(
        f.queue.recover_expired(now, max_attempts).await.unwrap(),
        Recovered::default(),
        "nothing else expired"
    );
}

#[tokio::test]
async fn a_failure_keeps_its_reason_and_event_numbers_run_without_gaps() {
    let f = fixture().await;
    let t = f.queued(user(), f.job, at(20)).await;
    f.claim("w1", at(19)).await;
    f.queue
        .stage(t.id, "w1", Stage::Analysing, at(18))
        .await
        .unwrap();
    f.queue
        .stage(t.id, "w1", Stage::Ranking, at(17))
        .await
        .unwrap();
    f.queue.release(t.id, "w1", false, at(16)).await.unwrap();
    f.claim("w2", at(15)).await;
    f.queue
        .stage(t.id, "w2", Stage::Writing, at(14))
        .await
        .unwrap();
    // Not the holder: nothing happens.
    f.queue.fail(t.id, "w1", "stale", at(13)).await.unwrap();
    let reason = "The model refused the request";
    let failed_at = at(12);
    f.queue.fail(t.id, "w2", reason, failed_at).await.unwrap();

    let after = f.find(user(), t.id).await;
    assert_eq!(after.status, TaskStatus::Failed);
    assert_eq!(after.error.as_deref(), Some(reason));
    assert_eq!(after.stage, Some(Stage::Writing));
    assert_eq!(after.progress, 45);
    assert_eq!(after.attempts, 2);
    assert_eq!(after.lease_until, None);

    let all = f.events(user(), t.id).await;
    let seqs: Vec<i64> = all.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=8).collect::<Vec<_>>());
    let statuses: Vec<_> = all.iter().map(|e| (e.status, e.stage)).collect();
    assert_eq!(
        statuses,
        [
            (TaskStatus::Queued, None),
            (TaskStatus::Running, Some(Stage::Analysing)),
            (TaskStatus::Running, Some(Stage::Analysing)),
            (TaskStatus::Running, Some(Stage::Ranking)),
            (TaskStatus::Queued, None),
            (TaskStatus::Running, Some(Stage::Analysing)),
            (TaskStatus::Running, Some(Stage::Writing)),
            (TaskStatus::Failed, Some(Stage::Writing)),
        ]
    );
    assert_eq!(
        all.last(),
        Some(&TaskEvent {
            seq: 8,
            status: TaskStatus::Failed,
            stage: Some(Stage::Writing),
            progress: 45,
            error: Some(reason.to_owned()),
            at: failed_at,
        })
    );
    assert!(all[..7].iter().all(|e| e.error.is_none()));
    assert_eq!(f.row(t.id).await.unwrap().event_seq, 8);

    // Paging through them.
    let page = f.queue.events(user(), t.id, 3, 2).await.unwrap().unwrap();
    assert_eq!(page, all[3..5]);

    // Ended: a second failure does not add an event.
    f.queue.fail(t.id, "w2", "again", at(11)).await.unwrap();
    assert_eq!(f.event_rows(t.id).await, 8);
}

#[tokio::test]
async fn purging_deletes_old_ended_tasks_with_their_events_and_keeps_the_rest() {
    let f = fixture().await;
    let generations = f.generations();
    let old = at(180);
    let completed = f.queued(user(), f.job, old).await;
    let failed = f.queued(user(), f.job, old + Duration::seconds(1)).await;
    let running = f
        .queued(other(), f.other_job, old + Duration::seconds(2))
        .await;
    let cancelled = f
        .queued(other(), f.other_job, old + Duration::seconds(3))
        .await;
    let recent = f.queued(user(), f.job, at(30)).await;

    let ended_at = at(120);
    f.claim("w1", ended_at).await;
    f.claim("w1", ended_at).await;
    f.claim("w1", ended_at).await;
    assert!(
        f.queue
            .complete("w1", &generation_of(&completed, ended_at), ended_at)
            .await
            .unwrap()
    );
    f.queue.fail(failed.id, "w1", "no", ended_at).await.unwrap();
    f.queue
        .cancel(other(), cancelled.id, ended_at)
        .await
        .unwrap()
        .unwrap();
    // Ended after the cut-off.
    f.claim("w2", at(20)).await;
    f.queue
        .complete("w2", &generation_of(&recent, at(10)), at(10))
        .await
        .unwrap();
    // Queued long ago (enqueued last so that the claims above pass it by).
    let queued = f.queued(user(), f.job, old + Duration::seconds(4)).await;

    assert_eq!(f.queue.purge_ended(at(60)).await.unwrap(), 3);

    for (owner, id) in [
        (user(), completed.id),
        (user(), failed.id),
        (other(), cancelled.id),
    ] {
        assert_eq!(f.queue.find(owner, id).await.unwrap(), None);
        assert_eq!(f.queue.events(owner, id, 0, 100).await.unwrap(), None);
        assert_eq!(f.event_rows(id).await, 0);
    }
    assert_eq!(
        f.find(other(), running.id).await.status,
        TaskStatus::Running
    );
    assert_eq!(f.find(user(), queued.id).await.status, TaskStatus::Queued);
    assert_eq!(
        f.find(user(), recent.id).await.status,
        TaskStatus::Completed
    );
    assert_eq!(f.event_rows(running.id).await, 2);
    assert_eq!(f.event_rows(queued.id).await, 1);
    assert_eq!(f.event_rows(recent.id).await, 3);
    assert_eq!(f.task_rows().await, 3);
    assert_eq!(
        generations.find(user(), completed.id).await.unwrap(),
        Some(generation_of(&completed, ended_at)),
        "the generation stays"
    );
    assert!(generations.find(user(), recent.id).await.unwrap().is_some());
    assert_eq!(f.queue.purge_ended(at(60)).await.unwrap(), 0);
}

#[tokio::test]
async fn deleting_a_generation_deletes_its_task_and_events() {
    let f = fixture().await;
    let t = f.queued(user(), f.job, at(10)).await;
    let kept = f.queued(user(), f.job, at(9)).await;
    f.claim("w1", at(8)).await;
    assert!(
        f.queue
            .complete("w1", &generation_of(&t, at(7)), at(7))
            .await
            .unwrap()
    );
    let generations = f.generations();
    assert_eq!(generations.delete(other(), t.id).await.unwrap(), None);
    assert!(f.queue.find(user(), t.id).await.unwrap().is_some());

    assert_eq!(
        generations.delete(user(), t.id).await.unwrap(),
        Some(vec![])
    );
    assert_eq!(generations.find(user(), t.id).await.unwrap(), None);
    assert_eq!(f.queue.find(user(), t.id).await.unwrap(), None);
    assert_eq!(f.row(t.id).await, None);
    assert_eq!(f.event_rows(t.id).await, 0);
    assert_eq!(f.find(user(), kept.id).await, kept);
    assert_eq!(f.event_rows(kept.id).await, 1);
}

#[tokio::test]
async fn deleting_a_job_removes_its_tasks_and_their_events() {
    let f = fixture().await;
    let second_job = add_job(&f.db, user()).await;
    let queued = f.queued(user(), f.job, at(10)).await;
    let running = f.queued(user(), f.job, at(9)).await;
    let elsewhere = f.queued(user(), second_job, at(20)).await;
    let theirs = f.queued(other(), f.other_job, at(8)).await;
    f.claim("w1", at(7)).await; // elsewhere
    f.claim("w1", at(7)).await; // queued
    f.queue.release(queued.id, "w1", true, at(7)).await.unwrap();
    assert_eq!(f.claim("w1", at(6)).await.id, queued.id);
    assert_eq!(f.claim("w1", at(6)).await.id, running.id);
    f.queue.cancel(user(), queued.id, at(5)).await.unwrap();

    SeaOrmJobRepository::new(f.db.clone())
        .delete(user(), f.job)
        .await
        .unwrap()
        .expect("deleted");

    for id in [queued.id, running.id] {
        assert_eq!(f.queue.find(user(), id).await.unwrap(), None);
        assert_eq!(f.row(id).await, None);
        assert_eq!(f.event_rows(id).await, 0);
    }
    assert_eq!(
        f.find(user(), elsewhere.id).await.status,
        TaskStatus::Running
    );
    assert_eq!(f.find(other(), theirs.id).await.status, TaskStatus::Queued);
    assert_eq!(f.task_rows().await, 2);
    assert_eq!(f.queue.active_count(user()).await.unwrap(), 1);
    // The worker of a task whose job went away lost it.
    assert_eq!(
        f.queue
            .stage(running.id, "w1", Stage::Writing, at(4))
            .await
            .unwrap(),
        LeaseState::Lost
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claimers_take_every_task_exactly_once() {
    let f = fixture().await;
    add_user(&f.db, 3).await;
    let third_job = add_job(&f.db, UserId::new(3)).await;
    let owners = [
        (user(), f.job),
        (other(), f.other_job),
        (UserId::new(3), third_job),
    ];
    let start = at(60);
    let mut all = BTreeSet::new();
    for i in 0..50_i64 {
        let (owner, job) = owners[usize::try_from(i).unwrap() % owners.len()];
        let t = f
            .queued(owner, job, start + Duration::milliseconds(i))
            .await;
        all.insert(t.id.as_uuid());
    }
    // One pool shared by every claimer, with room for them all on PostgreSQL.
    let shared = f.test_db.connect(|s| s.max_connections = 8).await;
    let queue = SeaOrmGenerationQueue::new(shared.clone());
    let now = at(0);
    let mut claimers = tokio::task::JoinSet::new();
    for n in 0..6 {
        let queue = queue.clone();
        let shared = shared.clone();
        claimers.spawn(async move {
            let worker = format!("w{n}");
            let mut taken = Vec::new();
            loop {
                if let Some(t) = queue.claim(&worker, rules(100), now).await.unwrap() {
                    taken.push(t.id);
                    continue;
                }
                // On PostgreSQL a claim passes over the rows another claim has locked:
                // stop only once nothing is queued.
                let left = tasks::Entity::find()
                    .filter(tasks::Column::Status.eq(TaskStatus::Queued.as_str()))
                    .count(shared.conn())
                    .await
                    .unwrap();
                if left == 0 {
                    break;
                }
                tokio::task::yield_now().await;
            }
            (worker, taken)
        });
    }
    let mut claimed: BTreeMap<uuid::Uuid, String> = BTreeMap::new();
    let mut total = 0;
    let run = async {
        while let Some(result) = claimers.join_next().await {
            let (worker, taken) = result.unwrap();
            for id in taken {
                total += 1;
                assert!(
                    claimed.insert(id.as_uuid(), worker.clone()).is_none(),
                    "{id} claimed twice"
                );
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(30), run)
        .await
        .expect("the claimers finish");
    assert_eq!(total, 50);
    assert_eq!(claimed.keys().copied().collect::<BTreeSet<_>>(), all);
    for (id, worker) in &claimed {
        let row = f.row(GenerationId::from_uuid(*id)).await.unwrap();
        assert_eq!(row.status, TaskStatus::Running.as_str());
        assert_eq!(row.worker.as_ref(), Some(worker));
        assert_eq!(row.attempts, 1);
        assert_eq!(row.event_seq, 2);
    }
    assert_eq!(f.queue.claim("late", rules(100), now).await.unwrap(), None);
}

/// Another instance's claim of the oldest queued task, step by step as the adapter does it
/// on PostgreSQL (the row locked, the user's claim lock taken, the row running), not
/// committed yet.
async fn claim_elsewhere_uncommitted(
    f: &Fixture,
    task: &GenerationTask,
) -> sea_orm::DatabaseTransaction {
    let other_claim = f.db.connection().begin().await.unwrap();
    let backend = other_claim.get_database_backend();
    let locked = other_claim
        .query_all_raw(sea_orm::Statement::from_string(
            backend,
            "SELECT id FROM generation_tasks WHERE status = 'queued' \
             ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
        ))
        .await
        .unwrap();
    assert_eq!(locked.len(), 1);
    other_claim
        .execute_raw(sea_orm::Statement::from_string(
            backend,
            format!(
                "SELECT pg_advisory_xact_lock({CLAIM_LOCK_SPACE}, {})",
                user_lock_key(task.user_id.get())
            ),
        ))
        .await
        .unwrap();
    other_claim
        .execute_unprepared(&format!(
            "UPDATE generation_tasks SET status = 'running', worker = 'elsewhere', \
             attempts = 1, event_seq = 2 WHERE id = '{}'",
            task.id.as_uuid()
        ))
        .await
        .unwrap();
    other_claim
}

#[tokio::test]
async fn a_concurrent_claim_does_not_exceed_the_running_limit_of_a_user() {
    let f = fixture().await;
    if f.db.backend() == Backend::Sqlite {
        // The in-process write lock serialises claims: no race to show.
        return;
    }
    let first = f.queued(user(), f.job, at(10)).await;
    let other_claim = claim_elsewhere_uncommitted(&f, &first).await;
    // Meanwhile the user queues another task, and this instance claims: it waits for the
    // other claim of the same user, then sees its task running.
    let second = f.queued(user(), f.job, at(9)).await;
    let queue = f.queue.clone();
    let claiming = tokio::spawn(async move { queue.claim("w1", rules(1), at(0)).await });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(
        !claiming.is_finished(),
        "the claim waits for the user's lock"
    );
    other_claim.commit().await.unwrap();
    let claimed = claiming.await.unwrap().unwrap();
    let running = tasks::Entity::find()
        .filter(tasks::Column::UserId.eq(user().get()))
        .filter(tasks::Column::Status.eq(TaskStatus::Running.as_str()))
        .count(f.db.conn())
        .await
        .unwrap();
    assert_eq!(
        (claimed.map(|t| t.id), running),
        (None, 1),
        "user 1 already runs {} (claimed by the other instance): {} must wait",
        first.id,
        second.id
    );
}

#[tokio::test]
async fn a_claim_takes_a_queued_task_that_a_concurrent_claim_passes_over() {
    let f = fixture().await;
    if f.db.backend() == Backend::Sqlite {
        // The in-process write lock serialises claims: no race to show.
        return;
    }
    let first = f.queued(user(), f.job, at(10)).await;
    let second = f.queued(other(), f.other_job, at(9)).await;
    let other_claim = claim_elsewhere_uncommitted(&f, &first).await;
    // Another user's task is neither locked nor behind the other user's claim lock.
    let claimed = f.queue.claim("w1", rules(5), at(0)).await.unwrap();
    other_claim.commit().await.unwrap();
    assert_eq!(
        claimed.map(|t| t.id),
        Some(second.id),
        "nobody takes {}: it is there to claim",
        second.id
    );
}
