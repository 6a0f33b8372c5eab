//! Fault tests: a full disk (SQLite on a small tmpfs), a database that goes away or stops
//! answering (PostgreSQL behind a proxy the test controls). What must hold: every
//! acknowledged write survives, faults answer 503 or 507 with the contract's error body
//! quickly, `/ready` says what is wrong, and service resumes without a restart.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use tailor_api_tests::proxy::{FaultProxy, Mode};
use tailor_api_tests::{TestApp, on_postgres, spawn_app, spawn_app_with};

use crate::jobs::{JOBS, get_job, post_job};

/// A tmpfs of `size` mounted on a temp folder; unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// `None` where mounting is impossible (not root, no tmpfs).
    fn mount(size: &str) -> Option<Self> {
        let dir = tempfile::tempdir().ok()?;
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then_some(Self { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// Fills the file system holding `path` until a write fails, then gives back `leave`
/// bytes. Returns the filler file.
fn fill_leaving(folder: &Path, leave: u64) -> PathBuf {
    let filler = folder.join("filler");
    let mut file = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0xA5u8; 64 * 1024];
    loop {
        if file.write_all(&chunk).is_err() {
            break;
        }
    }
    // Byte by byte for the last partial chunk, so the disk is really full.
    while file.write_all(&[0]).is_ok() {}
    let _ = file.flush();
    let len = std::fs::metadata(&filler).unwrap().len();
    file.set_len(len.saturating_sub(leave)).unwrap();
    file.sync_all().unwrap();
    filler
}

fn big_job(n: usize) -> Value {
    // About 10 KB of text that does not compress away.
    let mut description: String = (0..1200)
        .map(|i| format!("w{}x{} ", n, i * 7919 % 10007))
        .collect();
    description.truncate(9_500);
    json!({"title": format!("Job {n}"), "company": "Acme", "source": "imported",
           "description": description, "requirements": ["Rust"]})
}

#[tokio::test]
async fn a_full_disk_loses_no_acknowledged_write_and_writes_resume_once_space_is_back() {
    if on_postgres() {
        // The database's disk is not this process's to fill; the SQLite run covers it.
        return;
    }
    let Some(disk) = Tmpfs::mount("3m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let root = disk.path().to_owned();
    let app = spawn_app_with(|s| {
        s.data.dir = root.clone();
        s.data.min_free_bytes = 256 * 1024;
        s.database.url = format!("sqlite://{}?mode=rwc", root.join("tailor.db").display());
    })
    .await;
    let (_, token, _) = app.signed_up_user().await;
    let ready = app.get("/ready").send().await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.text);

    let filler = fill_leaving(&root, 600 * 1024);
    let mut acknowledged = Vec::new();
    let mut refused = 0;
    for n in 0..40 {
        let res = post_job(&app, &token, &big_job(n)).await;
        match res.status {
            StatusCode::CREATED => acknowledged.push(res.body["id"].clone()),
            StatusCode::INSUFFICIENT_STORAGE => {
                assert!(res.detail().contains("no space left"), "{}", res.text);
                refused += 1;
            }
            other => panic!("job {n}: {other} {}", res.text),
        }
    }
    eprintln!(
        "full disk: {} of 40 jobs acknowledged, {refused} refused with 507",
        acknowledged.len()
    );
    assert!(refused > 0, "the disk never filled up");
    assert!(
        !acknowledged.is_empty(),
        "nothing fit before the disk filled"
    );

    let ready = app.get("/ready").send().await;
    assert_eq!(
        ready.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        ready.text
    );
    assert_eq!(ready.body["checks"]["storage"], "full", "{}", ready.text);
    assert_eq!(ready.body["checks"]["database"], "ok", "{}", ready.text);

    std::fs::remove_file(&filler).unwrap();
    for n in 40..48 {
        let res = post_job(&app, &token, &big_job(n)).await;
        assert_eq!(
            res.status,
            StatusCode::CREATED,
            "job {n} after space came back: {}",
            res.text
        );
        acknowledged.push(res.body["id"].clone());
    }
    let ready = app.get("/ready").send().await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.text);
    assert_committed(&app, acknowledged.len()).await;

    let app = app.restart().await;
    for id in &acknowledged {
        let id = id.as_str().map_or_else(|| id.to_string(), str::to_owned);
        let res = get_job(&app, &token, &id).await;
        assert_eq!(
            res.status,
            StatusCode::OK,
            "job {id} after restart: {}",
            res.text
        );
    }
    let listed = app
        .get(&format!("{JOBS}?limit=100"))
        .bearer(&token)
        .send()
        .await;
    assert_eq!(listed.body["total"], acknowledged.len(), "{}", listed.text);
}

/// A connection of its own sees exactly `expected` jobs: nothing acknowledged is held in
/// a transaction that never commits.
async fn assert_committed(app: &TestApp, expected: usize) {
    use sea_orm::{ConnectionTrait, Statement};
    let db = app.db().await;
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT count(*) AS n FROM jobs",
        ))
        .await
        .unwrap()
        .unwrap();
    let n: i64 = row.try_get("", "n").unwrap();
    assert_eq!(n as usize, expected);
    db.close().await.ok();
}

#[tokio::test]
async fn ready_reports_storage_below_its_minimum_as_full() {
    let app = spawn_app_with(|s| s.data.min_free_bytes = u64::MAX).await;
    let res = app.get("/ready").send().await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "{}", res.text);
    assert_eq!(res.body["status"], "unavailable");
    assert_eq!(res.body["checks"]["storage"], "full");
    assert_eq!(res.body["checks"]["database"], "ok");
    assert!(res.body["detail"].as_str().unwrap().contains("storage"));
    assert!(res.header("retry-after").is_some());
}

#[tokio::test]
async fn ready_checks_the_database_and_the_storage() {
    let app = spawn_app().await;
    let res = app.get("/ready").send().await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["checks"]["storage"], "ok");
    assert_eq!(res.body["checks"]["database"], "ok");
}

/// The app on PostgreSQL through a proxy the test controls; `None` on SQLite.
async fn behind_proxy(statement_timeout_ms: u64) -> Option<(TestApp, FaultProxy)> {
    if !on_postgres() {
        return None;
    }
    let admin = reqwest::Url::parse(&std::env::var("TAILOR_TEST_DATABASE_URL").unwrap()).unwrap();
    let upstream = tokio::net::lookup_host((
        admin.host_str().unwrap().to_owned(),
        admin.port().unwrap_or(5432),
    ))
    .await
    .unwrap()
    .next()
    .unwrap();
    let proxy = FaultProxy::start(upstream).await;
    let proxy_addr = proxy.addr;
    let app = spawn_app_with(move |s| {
        let mut url = reqwest::Url::parse(&s.database.url).unwrap();
        url.set_ip_host(proxy_addr.ip()).unwrap();
        url.set_port(Some(proxy_addr.port())).unwrap();
        s.database.url = url.to_string();
        s.database.acquire_timeout_ms = 1000;
        s.database.statement_timeout_ms = statement_timeout_ms;
        s.server.readiness_timeout_ms = 1000;
    })
    .await;
    Some((app, proxy))
}

/// Sends `GET /auth/me` (one database read: the session cache is off in tests) and times it.
async fn timed_me(app: &TestApp, token: &str) -> (StatusCode, Value, Option<String>, Duration) {
    let started = Instant::now();
    let res = app.me(token).await;
    (
        res.status,
        res.body.clone(),
        res.header("retry-after").map(str::to_owned),
        started.elapsed(),
    )
}

#[tokio::test]
async fn a_database_that_goes_away_answers_503_quickly_and_service_resumes_without_restart() {
    let Some((app, proxy)) = behind_proxy(5000).await else {
        return;
    };
    let (_, token, _) = app.signed_up_user().await;
    assert_eq!(app.me(&token).await.status, StatusCode::OK);

    proxy.set(Mode::Refuse);
    for _ in 0..3 {
        let (status, body, retry_after, took) = timed_me(&app, &token).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert!(
            body["detail"].as_str().unwrap().contains("unavailable"),
            "{body}"
        );
        assert!(retry_after.is_some());
        // The budget is the acquire time-out (1 s); a hang would be the statement
        // deadline (5 s) or worse.
        assert!(took < Duration::from_secs(4), "took {took:?}");
        eprintln!("database away: 503 in {took:?}");
    }
    let res = app.get("/ready").send().await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "{}", res.text);
    assert_ne!(res.body["checks"]["database"], "ok", "{}", res.text);
    assert_eq!(res.body["checks"]["storage"], "ok", "{}", res.text);
    let write = post_job(&app, &token, &big_job(1)).await;
    assert_eq!(
        write.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        write.text
    );

    proxy.set(Mode::Forward);
    let back = Instant::now();
    let deadline = back + Duration::from_secs(10);
    loop {
        let (status, _, _, _) = timed_me(&app, &token).await;
        if status == StatusCode::OK {
            eprintln!("database back: first 200 after {:?}", back.elapsed());
            break;
        }
        assert!(Instant::now() < deadline, "no recovery within 10 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let res = app.get("/ready").send().await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let write = post_job(&app, &token, &big_job(2)).await;
    assert_eq!(write.status, StatusCode::CREATED, "{}", write.text);
}

#[tokio::test]
async fn a_database_that_stops_answering_holds_no_request_past_the_deadline() {
    let Some((app, proxy)) = behind_proxy(1000).await else {
        return;
    };
    let (_, token, _) = app.signed_up_user().await;
    assert_eq!(app.me(&token).await.status, StatusCode::OK);

    proxy.set(Mode::Blackhole);
    let requests = (0..6).map(|_| timed_me(&app, &token));
    for (status, body, retry_after, took) in futures_util::future::join_all(requests).await {
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert!(retry_after.is_some());
        // Deadline 1 s, plus waiting for a connection held by a request before it.
        assert!(took < Duration::from_secs(5), "took {took:?}");
        eprintln!("database silent: 503 in {took:?}");
    }
    let res = app.get("/ready").send().await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "{}", res.text);

    proxy.set(Mode::Forward);
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if app.me(&token).await.status == StatusCode::OK {
            break;
        }
        assert!(Instant::now() < deadline, "no recovery within 15 s");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_write_blocked_by_another_writer_ends_at_the_deadline_with_503() {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let app = spawn_app_with(|s| {
        s.database.statement_timeout_ms = 1000;
        s.database.sqlite_busy_timeout_ms = 1000;
    })
    .await;
    let (_, token, _) = app.signed_up_user().await;

    // Another process holds the write lock (SQLite) or a lock on the jobs table (PostgreSQL).
    let other = app.db().await;
    let tx = other.begin().await.unwrap();
    let lock = if on_postgres() {
        "LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE"
    } else {
        "UPDATE users SET full_name = full_name WHERE id = -1"
    };
    tx.execute_unprepared(lock).await.unwrap();

    let started = Instant::now();
    let res = post_job(&app, &token, &big_job(1)).await;
    let took = started.elapsed();
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "{}", res.text);
    assert!(
        res.detail().contains("did not answer in time"),
        "{}",
        res.text
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
    eprintln!("write blocked by another writer: 503 in {took:?}");

    tx.rollback().await.unwrap();
    let res = post_job(&app, &token, &big_job(2)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let listed = app
        .get(&format!("{JOBS}?limit=10"))
        .bearer(&token)
        .send()
        .await;
    assert_eq!(
        listed.body["total"], 1,
        "the refused write left nothing: {}",
        listed.text
    );
}

#[tokio::test]
async fn a_pooled_connection_left_inside_a_transaction_is_not_reused() {
    use sea_orm::ConnectionTrait;
    if on_postgres() {
        // PostgreSQL ends the transaction of a failed COMMIT itself, and a BEGIN is never
        // abandoned half-way (`Timed::begin`): the state cannot arise there.
        return;
    }
    let app = spawn_app().await;
    // One connection, so that without the check the next statement would reuse it.
    let db = tailor_persistence::Database::connect(&tailor_persistence::DatabaseSettings {
        url: app.database_url.clone(),
        max_connections: 1,
        min_connections: 1,
        acquire_timeout: Duration::from_secs(2),
        statement_timeout: Duration::from_secs(5),
        sqlite_busy_timeout: Duration::from_secs(2),
    })
    .await
    .unwrap();
    let conn = db.connection();
    conn.execute_unprepared("CREATE TABLE left_open (x INTEGER)")
        .await
        .unwrap();
    // SQLite left inside a transaction the pool does not know about, as after a COMMIT
    // that failed on a full disk.
    conn.execute_unprepared("BEGIN").await.unwrap();
    conn.execute_unprepared("INSERT INTO left_open VALUES (1)")
        .await
        .unwrap();

    let other = app.db().await;
    let row = other
        .query_one_raw(sea_orm::Statement::from_string(
            other.get_database_backend(),
            "SELECT count(*) AS n FROM left_open",
        ))
        .await
        .unwrap()
        .unwrap();
    let n: i64 = row.try_get("", "n").unwrap();
    assert_eq!(n, 1, "the acknowledged insert is committed");
    db.close().await.unwrap();
}
