use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{Duration, SubsecRound, Utc};

use super::*;
use crate::testing::TestDatabase;

fn job(title: &str, minutes_ago: i64) -> Job {
    let at = (Utc::now() - Duration::minutes(minutes_ago)).trunc_subsecs(6);
    Job {
        id: JobId::new_random(),
        user_id: UserId::new(1),
        source: JobSource::UserCreated,
        title: title.into(),
        company: Some("Acme".into()),
        location: Some("Austin, TX".into()),
        description: Some("Build services in Rust.".into()),
        raw_text: Some("raw".into()),
        source_url: None,
        keywords: vec!["rust".into()],
        requirements: vec!["5 years".into()],
        preferred_requirements: vec!["Kafka".into()],
        responsibilities: vec!["Ship".into()],
        benefits: vec!["Dental".into()],
        // Cents and an open upper bound survive the round trip.
        salary_range: Some("100000.50+".into()),
        salary: Some(SalaryRange {
            min: Some(Money::from_cents(10_000_050)),
            max: None,
            currency: "USD".into(),
            period: SalaryPeriod::Year,
        }),
        remote: true,
        work_mode: Some(WorkMode::Hybrid),
        employment_type: EmploymentType::FullTime,
        seniority: Some(Seniority::Senior),
        years_experience: Some(5),
        status: JobStatus::Active,
        application_status: ApplicationStatus::NotApplied,
        applied_date: None,
        notes: None,
        version: 1,
        created_at: at,
        updated_at: at,
    }
}

fn first(j: &Job) -> StatusChange {
    StatusChange {
        job_id: j.id,
        from_status: None,
        to_status: j.application_status,
        changed_at: j.created_at,
    }
}

fn page(limit: u64, offset: u64) -> Page {
    Page { limit, offset }
}

#[tokio::test]
async fn a_job_round_trips_with_every_field() {
    let db = TestDatabase::new().await;
    let repo = SeaOrmJobRepository::new(db.database());
    let j = job("Engineer", 0);
    repo.insert(&j, &first(&j)).await.unwrap();
    assert_eq!(
        repo.find(UserId::new(1), j.id).await.unwrap(),
        Some(j.clone())
    );
    assert_eq!(
        repo.find(UserId::new(2), j.id).await.unwrap(),
        None,
        "another user's"
    );
}

#[tokio::test]
async fn a_list_page_is_two_queries_whatever_its_size() {
    let counter = Arc::new(AtomicUsize::new(0));
    let db = TestDatabase::new().await.counting(&counter);
    let repo = SeaOrmJobRepository::new(db.database());
    for i in 0..30 {
        let j = job(&format!("Job {i}"), i);
        repo.insert(&j, &first(&j)).await.unwrap();
    }
    for limit in [1, 5, 30] {
        counter.store(0, Ordering::SeqCst);
        let (jobs, total) = repo
            .list(
                UserId::new(1),
                &JobFilter::default(),
                JobSort::default(),
                page(limit, 0),
            )
            .await
            .unwrap();
        assert_eq!(total, 30);
        assert_eq!(jobs.len() as u64, limit);
        assert_eq!(counter.load(Ordering::SeqCst), 2, "limit {limit}");
    }
}

#[tokio::test]
async fn lists_are_ordered_paged_and_filtered() {
    let db = TestDatabase::new().await;
    let repo = SeaOrmJobRepository::new(db.database());
    let mut a = job("Rust Engineer", 30);
    a.application_status = ApplicationStatus::Applied;
    let mut b = job("Data Analyst", 20);
    b.remote = false;
    b.work_mode = None;
    b.employment_type = EmploymentType::Contract;
    b.company = Some("Ünïcode GmbH".into());
    let mut c = job("100% Growth_Hacker", 10);
    c.status = JobStatus::Archived;
    c.source = JobSource::Imported;
    for j in [&a, &b, &c] {
        repo.insert(j, &first(j)).await.unwrap();
    }
    let user = UserId::new(1);
    let titles = |jobs: Vec<Job>| jobs.into_iter().map(|j| j.title).collect::<Vec<_>>();
    let list = |filter: JobFilter, sort: JobSort| {
        let repo = repo.clone();
        async move { repo.list(user, &filter, sort, page(10, 0)).await.unwrap() }
    };

    let (jobs, total) = list(JobFilter::default(), JobSort::default()).await;
    assert_eq!(total, 3);
    assert_eq!(
        titles(jobs),
        ["100% Growth_Hacker", "Data Analyst", "Rust Engineer"]
    );
    let oldest_first = JobSort {
        field: JobSortField::CreatedAt,
        descending: false,
    };
    let (jobs, _) = list(JobFilter::default(), oldest_first).await;
    assert_eq!(titles(jobs)[0], "Rust Engineer");

    let (jobs, total) = repo
        .list(user, &JobFilter::default(), JobSort::default(), page(2, 1))
        .await
        .unwrap();
    assert_eq!(
        (titles(jobs), total),
        (
            vec!["Data Analyst".to_owned(), "Rust Engineer".to_owned()],
            3
        )
    );
    let (jobs, total) = repo
        .list(user, &JobFilter::default(), JobSort::default(), page(2, 5))
        .await
        .unwrap();
    assert!(jobs.is_empty());
    assert_eq!(total, 3, "the total is the real count past the end too");

    let cases: Vec<(JobFilter, Vec<&str>)> = vec![
        (
            JobFilter {
                status: Some(JobStatus::Archived),
                ..JobFilter::default()
            },
            vec!["100% Growth_Hacker"],
        ),
        (
            JobFilter {
                source: Some(JobSource::Imported),
                ..JobFilter::default()
            },
            vec!["100% Growth_Hacker"],
        ),
        (
            JobFilter {
                application_status: Some(ApplicationStatus::Applied),
                ..JobFilter::default()
            },
            vec!["Rust Engineer"],
        ),
        (
            JobFilter {
                employment_type: Some(EmploymentType::Contract),
                ..JobFilter::default()
            },
            vec!["Data Analyst"],
        ),
        (
            JobFilter {
                remote: Some(false),
                ..JobFilter::default()
            },
            vec!["Data Analyst"],
        ),
        (
            JobFilter {
                query: Some("RUST ENG".into()),
                ..JobFilter::default()
            },
            vec!["Rust Engineer"],
        ),
        (
            JobFilter {
                query: Some("ÜNÏCODE".into()),
                ..JobFilter::default()
            },
            vec!["Data Analyst"],
        ),
        // LIKE's wildcards are literal characters in `q`.
        (
            JobFilter {
                query: Some("100%".into()),
                ..JobFilter::default()
            },
            vec!["100% Growth_Hacker"],
        ),
        (
            JobFilter {
                query: Some("100%_growth".into()),
                ..JobFilter::default()
            },
            vec![],
        ),
        (
            JobFilter {
                query: Some("services in rust".into()),
                remote: Some(true),
                ..JobFilter::default()
            },
            vec!["100% Growth_Hacker", "Rust Engineer"],
        ),
    ];
    for (filter, expected) in cases {
        let (jobs, total) = list(filter.clone(), JobSort::default()).await;
        assert_eq!(titles(jobs), expected, "{filter:?}");
        assert_eq!(total as usize, expected.len(), "{filter:?}");
    }
    let (jobs, total) = repo
        .list(
            UserId::new(2),
            &JobFilter::default(),
            JobSort::default(),
            page(10, 0),
        )
        .await
        .unwrap();
    assert!(jobs.is_empty() && total == 0, "another user sees none");
}

#[tokio::test]
async fn a_locked_job_is_saved_with_its_change_and_another_users_job_cannot_be_locked() {
    let db = TestDatabase::new().await;
    let repo = SeaOrmJobRepository::new(db.database());
    let j = job("Engineer", 0);
    repo.insert(&j, &first(&j)).await.unwrap();
    let user = UserId::new(1);

    let mut locked = repo
        .lock(user, j.id)
        .await
        .unwrap()
        .expect("the owner's job");
    assert_eq!(locked.job(), &j);
    let mut next = j.clone();
    next.version = 2;
    next.title = "Staff Engineer".into();
    next.application_status = ApplicationStatus::Applied;
    next.applied_date = Some(next.updated_at);
    next.notes = Some("n".into());
    let c = StatusChange {
        job_id: j.id,
        from_status: Some(ApplicationStatus::NotApplied),
        to_status: ApplicationStatus::Applied,
        changed_at: next.updated_at,
    };
    locked.save(&next, Some(c.clone())).await.unwrap();
    assert!(locked.save(&next, None).await.is_err(), "saved once only");
    drop(locked);
    assert_eq!(repo.find(user, j.id).await.unwrap(), Some(next.clone()));
    let (history, total) = repo
        .status_history(user, j.id, page(10, 0))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(total, 2);
    assert_eq!(history, vec![first(&j), c]);

    assert!(repo.lock(UserId::new(2), j.id).await.unwrap().is_none());
    assert!(
        repo.lock(user, JobId::new_random())
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_lock_dropped_without_saving_changes_nothing_and_frees_the_job() {
    let db = TestDatabase::new().await;
    let repo = SeaOrmJobRepository::new(db.database());
    let j = job("Engineer", 0);
    repo.insert(&j, &first(&j)).await.unwrap();
    let user = UserId::new(1);

    let locked = repo.lock(user, j.id).await.unwrap().unwrap();
    drop(locked);
    let mut again = repo.lock(user, j.id).await.unwrap().unwrap();
    let mut next = j.clone();
    next.version = 2;
    next.notes = Some("second".into());
    again.save(&next, None).await.unwrap();
    assert_eq!(repo.find(user, j.id).await.unwrap(), Some(next));
}

#[tokio::test]
async fn a_second_lock_of_one_job_waits_for_the_first_to_be_saved() {
    let db = TestDatabase::new().await;
    let repo = SeaOrmJobRepository::new(db.database());
    let j = job("Engineer", 0);
    repo.insert(&j, &first(&j)).await.unwrap();
    let user = UserId::new(1);

    let mut first_lock = repo.lock(user, j.id).await.unwrap().unwrap();
    let other = repo.clone();
    let id = j.id;
    let second = tokio::spawn(async move {
        let locked = other.lock(user, id).await.unwrap().unwrap();
        locked.job().clone()
    });
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert!(!second.is_finished(), "the second lock waits");
    let mut next = j.clone();
    next.version = 2;
    next.notes = Some("first".into());
    first_lock.save(&next, None).await.unwrap();
    // As a use case does once it has saved. (On PostgreSQL the process's queue for the job
    // is left when the lock is dropped, not when it is saved.)
    drop(first_lock);
    // The second sees the job as the first left it.
    assert_eq!(second.await.unwrap(), next);
}

#[tokio::test]
async fn deleting_a_job_takes_its_history_and_only_the_owner_can() {
    let test_db = TestDatabase::new().await;
    let db = test_db.database();
    let repo = SeaOrmJobRepository::new(db.clone());
    let j = job("Engineer", 0);
    repo.insert(&j, &first(&j)).await.unwrap();
    assert_eq!(repo.delete(UserId::new(2), j.id).await.unwrap(), None);
    assert!(repo.find(UserId::new(1), j.id).await.unwrap().is_some());
    assert_eq!(
        repo.delete(UserId::new(1), j.id).await.unwrap(),
        Some(vec![])
    );
    assert_eq!(repo.find(UserId::new(1), j.id).await.unwrap(), None);
    assert_eq!(
        repo.delete(UserId::new(1), j.id).await.unwrap(),
        None,
        "only once"
    );
    assert_eq!(
        repo.status_history(UserId::new(1), j.id, page(10, 0))
            .await
            .unwrap(),
        None
    );
    let left = changes::Entity::find()
        .count(db.connection())
        .await
        .unwrap();
    assert_eq!(left, 0, "no orphaned history");
}
