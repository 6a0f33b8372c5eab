//! The database: connection settings, the pool with per-statement deadlines, SQLite pragmas and
//! write lock, transactions and the readiness ping.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    ExecResult, QueryResult, RuntimeErr, Statement, TransactionTrait,
};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::error::{Context as _, DEADLINE_EXCEEDED};

/// How to reach the database.
#[derive(Clone)]
pub struct DatabaseSettings {
    /// `sqlite://path/to/file.db` or `postgres://user@host/db`.
    pub url: String,
    pub max_connections: u32,
    pub min_connections: u32,
    /// How long a request waits for a pooled connection (or a new one) before the database
    /// counts as unavailable.
    pub acquire_timeout: Duration,
    /// The deadline of every statement, and of waiting for the SQLite write lock. On
    /// PostgreSQL also the server's `statement_timeout`, with twice as much for
    /// `idle_in_transaction_session_timeout`.
    pub statement_timeout: Duration,
    /// How long a SQLite writer waits for the lock before giving up.
    pub sqlite_busy_timeout: Duration,
}

impl fmt::Debug for DatabaseSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseSettings")
            .field("url", &redact_url(&self.url))
            .field("max_connections", &self.max_connections)
            .field("min_connections", &self.min_connections)
            .field("acquire_timeout", &self.acquire_timeout)
            .field("statement_timeout", &self.statement_timeout)
            .field("sqlite_busy_timeout", &self.sqlite_busy_timeout)
            .finish()
    }
}

/// The URL with any password replaced, safe to log.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A pooled connection to the configured database.
///
/// Every statement runs under a deadline ([`Timed`]), so a database that stops answering
/// costs a request at most `statement_timeout`, never a hang.
///
/// On SQLite, write transactions are serialised through one in-process lock: a deferred
/// SQLite transaction that reads before it writes fails at once with "database is locked"
/// when another connection wrote meanwhile, whatever the busy timeout. Holding the lock
/// for the length of a write transaction makes that impossible within this process, and
/// the busy timeout covers other processes (a `tailor migrate` run, say).
///
/// A connection goes back to the pool only in autocommit mode: one whose COMMIT or
/// ROLLBACK failed (SQLite rolls a transaction back by itself when a COMMIT finds the disk
/// full, and the driver then still counts it as open) is closed instead, so it can never
/// turn later transactions into savepoints of one that never commits.
#[derive(Clone)]
pub struct Database {
    conn: Timed<DatabaseConnection>,
    backend: Backend,
    write_lock: Option<Arc<Mutex<()>>>,
}

/// A write transaction; on SQLite it also holds the write lock until it is dropped.
pub(crate) struct WriteTx {
    pub(crate) tx: Timed<DatabaseTransaction>,
    _guard: Option<OwnedMutexGuard<()>>,
}

impl Database {
    /// Connects (and for SQLite creates the file and turns on WAL, foreign keys and the busy
    /// timeout on every connection).
    ///
    /// # Errors
    /// An unsupported URL or an unreachable database.
    pub async fn connect(settings: &DatabaseSettings) -> anyhow::Result<Self> {
        let backend = if settings.url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if settings.url.starts_with("postgres://")
            || settings.url.starts_with("postgresql://")
        {
            Backend::Postgres
        } else {
            anyhow::bail!(
                "unsupported database url {}: use sqlite:// or postgres://",
                redact_url(&settings.url)
            );
        };
        let mut opts = ConnectOptions::new(settings.url.clone());
        opts.max_connections(settings.max_connections.max(1))
            .min_connections(settings.min_connections.min(settings.max_connections))
            .acquire_timeout(settings.acquire_timeout)
            .connect_timeout(settings.acquire_timeout)
            .sqlx_logging(false);
        match backend {
            Backend::Sqlite => {
                // Parse here so a bad SQLite URL is reported before the pool tries it.
                SqliteConnectOptions::from_str(&settings.url)
                    .with_context(|| format!("invalid sqlite url {}", settings.url))?;
                let busy = settings.sqlite_busy_timeout;
                opts.map_sqlx_sqlite_opts(move |o| {
                    o.create_if_missing(true)
                        .journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Normal)
                        .foreign_keys(true)
                        .busy_timeout(busy)
                        // 512 KiB of page cache per connection instead of SQLite's 2 MiB: the
                        // operating system caches the file too, and a full pool of 2 MiB
                        // caches would be most of the server's memory.
                        .pragma("cache_size", "-512")
                });
                opts.map_sqlx_sqlite_pool_opts(|p| {
                    p.after_release(|conn, _| Box::pin(sqlite_connection_reusable(conn)))
                });
            }
            Backend::Postgres => {
                // The server cancels a slow statement a little before the client gives up
                // on it, so the connection is usable again at once; a transaction left idle
                // (its client gone) is ended after twice the deadline.
                let deadline_ms = settings.statement_timeout.as_millis().max(1);
                let server_ms = (deadline_ms * 9 / 10).max(1);
                opts.map_sqlx_postgres_opts(move |o| {
                    o.options([
                        ("statement_timeout", server_ms.to_string()),
                        (
                            "idle_in_transaction_session_timeout",
                            (deadline_ms * 2).to_string(),
                        ),
                    ])
                });
                // A COMMIT or ROLLBACK that failed leaves the driver counting a transaction:
                // such a connection is closed. (A BEGIN is never cancelled half-way, see
                // `Timed::begin`, so the server is never in a transaction the driver does
                // not count.)
                opts.map_sqlx_postgres_pool_opts(|p| {
                    p.after_release(|conn, _| {
                        Box::pin(async move { Ok(!in_driver_transaction(&*conn)) })
                    })
                });
            }
        }
        let conn = tokio::time::timeout(
            settings.acquire_timeout + settings.statement_timeout,
            sea_orm::Database::connect(opts),
        )
        .await
        .map_err(|_| anyhow::anyhow!("timed out"))
        .and_then(|r| r.map_err(anyhow::Error::from));
        let conn = anyhow::Context::with_context(conn, || {
            format!("cannot connect to {}", redact_url(&settings.url))
        })?;
        Ok(Self {
            conn: Timed::new(conn, settings.statement_timeout),
            backend,
            write_lock: (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(()))),
        })
    }

    /// Calls `hook` after every statement this pool runs (statement counting in tests,
    /// metrics). Set it before cloning the `Database` into repositories.
    #[must_use]
    pub fn on_statement(mut self, hook: impl Fn(&str) + Send + Sync + 'static) -> Self {
        self.conn
            .inner
            .set_metric_callback(move |info| hook(&info.statement.sql));
        self
    }

    /// The pool itself, without statement deadlines (migrations).
    pub fn connection(&self) -> &DatabaseConnection {
        &self.conn.inner
    }

    /// The pool, every statement under the deadline.
    pub(crate) fn conn(&self) -> &Timed<DatabaseConnection> {
        &self.conn
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Checks that the database answers a trivial query within the statement deadline.
    ///
    /// # Errors
    /// The database is unreachable or too slow; the error carries the fault.
    pub async fn ping(&self) -> anyhow::Result<()> {
        let backend: DbBackend = self.conn.get_database_backend();
        self.conn
            .execute_raw(sea_orm::Statement::from_string(backend, "SELECT 1"))
            .await
            .context("database ping")?;
        Ok(())
    }

    /// Closes the pool, waiting for connections in use.
    ///
    /// # Errors
    /// The pool failed to close cleanly.
    pub async fn close(self) -> anyhow::Result<()> {
        self.conn.inner.close().await.context("close database")
    }

    pub(crate) async fn begin_write(&self) -> Result<WriteTx, DbErr> {
        let guard = self.write_guard().await?;
        let tx = self.conn.begin().await?;
        Ok(WriteTx { tx, _guard: guard })
    }

    /// A read-only transaction that sees one consistent snapshot: repeatable read on
    /// PostgreSQL; on SQLite (WAL) a deferred transaction reads one snapshot already.
    pub(crate) async fn begin_read(&self) -> Result<Timed<DatabaseTransaction>, DbErr> {
        match self.backend {
            Backend::Postgres => {
                self.conn
                    .begin_with(
                        Some(sea_orm::IsolationLevel::RepeatableRead),
                        Some(sea_orm::AccessMode::ReadOnly),
                    )
                    .await
            }
            Backend::Sqlite => self.conn.begin().await,
        }
    }

    /// Waits for `fut` at most the statement deadline (an in-process lock, say).
    pub(crate) async fn deadline<T>(
        &self,
        fut: impl std::future::Future<Output = T>,
    ) -> Result<T, DbErr> {
        tokio::time::timeout(self.conn.deadline, fut)
            .await
            .map_err(|_| deadline_exceeded())
    }

    /// Takes the SQLite write lock (nothing on PostgreSQL), waiting at most the statement
    /// deadline for it.
    pub(crate) async fn write_guard(&self) -> Result<Option<OwnedMutexGuard<()>>, DbErr> {
        match &self.write_lock {
            Some(lock) => tokio::time::timeout(self.conn.deadline, Arc::clone(lock).lock_owned())
                .await
                .map(Some)
                .map_err(|_| deadline_exceeded()),
            None => Ok(None),
        }
    }
}

/// Whether the driver still counts the connection as inside a transaction: its COMMIT or
/// ROLLBACK failed, and its idea of the transaction depth is wrong from here on.
fn in_driver_transaction<C: sqlx::Connection>(conn: &C) -> bool {
    let open = conn.is_in_transaction();
    if open {
        tracing::warn!("closing a connection whose transaction did not end cleanly");
    }
    open
}

/// Whether a SQLite connection may go back to the pool: SQLite itself is in autocommit
/// mode, and the driver counts no open transaction. A ROLLBACK fails with "no transaction
/// is active" (SQLITE_ERROR) exactly when SQLite is in autocommit mode; if it succeeds, the
/// connection was in a transaction the driver had lost track of. The probe goes first: it
/// runs after any rollback the driver queued when a transaction was dropped, so the depth
/// read after it is final.
async fn sqlite_connection_reusable(
    conn: &mut sqlx::SqliteConnection,
) -> Result<bool, sqlx::Error> {
    use sqlx::Executor as _;
    let autocommit = match conn.execute("ROLLBACK").await {
        Ok(_) => {
            tracing::warn!("closing a SQLite connection that was left inside a transaction");
            false
        }
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("1") => true,
        Err(e) => {
            tracing::warn!(error = %e, "closing a SQLite connection that failed its check");
            false
        }
    };
    Ok(autocommit && !in_driver_transaction(&*conn))
}

fn deadline_exceeded() -> DbErr {
    DbErr::Exec(RuntimeErr::Internal(DEADLINE_EXCEEDED.to_owned()))
}

/// A connection or transaction whose every statement must finish within `deadline`.
///
/// A statement past its deadline ends with an error the classifier reads as
/// [`DependencyFault::TimedOut`](tailor_domain::ports::DependencyFault); the statement's
/// future is dropped, and with it, inside a transaction, the transaction (rolled back).
#[derive(Clone)]
pub(crate) struct Timed<C> {
    inner: C,
    deadline: Duration,
}

impl<C> Timed<C> {
    fn new(inner: C, deadline: Duration) -> Self {
        Self { inner, deadline }
    }

    async fn run<T>(
        &self,
        fut: impl std::future::Future<Output = Result<T, DbErr>>,
    ) -> Result<T, DbErr> {
        tokio::time::timeout(self.deadline, fut)
            .await
            .unwrap_or_else(|_| Err(deadline_exceeded()))
    }
}

impl Timed<DatabaseConnection> {
    /// Begins a transaction within the deadline.
    ///
    /// The BEGIN runs to its end in a task of its own: with sqlx 0.9 a BEGIN whose future is
    /// dropped before the server's answer arrives (a deadline, a client that went away)
    /// leaves the server in a transaction the driver never counted, and later autocommit
    /// statements on that pooled connection would run inside it and never commit. Run to
    /// the end, an abandoned BEGIN yields a transaction that is dropped, and rolled back,
    /// like any other.
    async fn begin(&self) -> Result<Timed<DatabaseTransaction>, DbErr> {
        self.begin_with(None, None).await
    }

    async fn begin_with(
        &self,
        isolation: Option<sea_orm::IsolationLevel>,
        access: Option<sea_orm::AccessMode>,
    ) -> Result<Timed<DatabaseTransaction>, DbErr> {
        let conn = self.inner.clone();
        let task = tokio::spawn(async move { conn.begin_with_config(isolation, access).await });
        let tx = self
            .run(async {
                task.await
                    .map_err(|e| DbErr::Custom(format!("transaction start failed: {e}")))?
            })
            .await?;
        Ok(Timed::new(tx, self.deadline))
    }
}

impl Timed<DatabaseTransaction> {
    /// Commits within the deadline. A commit past it is abandoned, and its outcome is
    /// unknown: the database may have committed it (the error is `TimedOut`, never proof
    /// that nothing was saved).
    pub(crate) async fn commit(self) -> Result<(), DbErr> {
        let deadline = self.deadline;
        tokio::time::timeout(deadline, self.inner.commit())
            .await
            .unwrap_or_else(|_| Err(deadline_exceeded()))
    }
}

#[async_trait::async_trait]
impl<C: ConnectionTrait + Send + Sync> ConnectionTrait for Timed<C> {
    fn get_database_backend(&self) -> DbBackend {
        self.inner.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.run(self.inner.execute_raw(stmt)).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.run(self.inner.execute_unprepared(sql)).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.run(self.inner.query_one_raw(stmt)).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.run(self.inner.query_all_raw(stmt)).await
    }

    fn support_returning(&self) -> bool {
        self.inner.support_returning()
    }
}

#[cfg(test)]
mod tests {
    use tailor_domain::ports::DependencyFault;

    use super::*;
    use crate::testing::TestDatabase;

    // The tests on a SQLite file of their own test what only SQLite has: the in-process
    // write lock, SQLITE_FULL, and a transaction the driver lost track of (which cannot
    // arise on PostgreSQL, see `Timed::begin`).

    fn settings(dir: &std::path::Path, statement_timeout: Duration) -> DatabaseSettings {
        DatabaseSettings {
            url: format!("sqlite://{}?mode=rwc", dir.join("t.db").display()),
            max_connections: 1,
            min_connections: 1,
            acquire_timeout: Duration::from_secs(2),
            statement_timeout,
            sqlite_busy_timeout: Duration::from_secs(2),
        }
    }

    async fn count(db: &Database) -> i64 {
        let row = db
            .conn()
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT count(*) AS n FROM t",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get("", "n").unwrap()
    }

    #[tokio::test]
    async fn a_connection_left_inside_a_transaction_is_not_reused() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::connect(&settings(dir.path(), Duration::from_secs(5)))
            .await
            .unwrap();
        db.conn()
            .execute_unprepared("CREATE TABLE t (x INTEGER)")
            .await
            .unwrap();
        // A transaction the driver does not know about, as after a failed COMMIT: with one
        // pooled connection, the next statement would run inside it, and never commit.
        db.conn().execute_unprepared("BEGIN").await.unwrap();
        db.conn()
            .execute_unprepared("INSERT INTO t VALUES (1)")
            .await
            .unwrap();

        let other = Database::connect(&settings(dir.path(), Duration::from_secs(5)))
            .await
            .unwrap();
        assert_eq!(count(&other).await, 1, "the insert was committed");
    }

    #[tokio::test]
    async fn a_writer_waits_for_the_write_lock_no_longer_than_the_deadline() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::connect(&settings(dir.path(), Duration::from_millis(200)))
            .await
            .unwrap();
        let held = db.write_guard().await.unwrap();
        let err = db
            .write_guard()
            .await
            .context("wait for the write lock")
            .unwrap_err();
        assert_eq!(DependencyFault::of(&err), Some(DependencyFault::TimedOut));
        drop(held);
        assert!(db.write_guard().await.unwrap().is_some());
    }

    #[tokio::test]
    async fn a_statement_past_its_deadline_ends_as_timed_out() {
        let test_db = TestDatabase::new().await;
        let db = test_db
            .connect(|s| s.statement_timeout = Duration::from_millis(50))
            .await;
        let slow = match db.backend() {
            // Counts to fifty million: seconds of work for SQLite.
            Backend::Sqlite => {
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c \
                 WHERE x < 50000000) SELECT count(*) FROM c"
            }
            Backend::Postgres => "SELECT pg_sleep(5)",
        };
        let err = db
            .conn()
            .query_one_raw(Statement::from_string(
                db.conn().get_database_backend(),
                slow,
            ))
            .await
            .context("slow query")
            .unwrap_err();
        assert_eq!(DependencyFault::of(&err), Some(DependencyFault::TimedOut));
    }

    #[tokio::test]
    async fn a_full_database_is_reported_as_storage_full() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::connect(&settings(dir.path(), Duration::from_secs(5)))
            .await
            .unwrap();
        db.conn()
            .execute_unprepared("CREATE TABLE t (x BLOB)")
            .await
            .unwrap();
        // SQLite's own size cap answers SQLITE_FULL, as a full disk does.
        let pages = db
            .conn()
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "PRAGMA page_count",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap();
        db.conn()
            .execute_unprepared(&format!("PRAGMA max_page_count = {}", pages + 2))
            .await
            .unwrap();
        let err = db
            .conn()
            .execute_unprepared("INSERT INTO t VALUES (zeroblob(1000000))")
            .await
            .context("insert")
            .unwrap_err();
        assert_eq!(
            DependencyFault::of(&err),
            Some(DependencyFault::StorageFull)
        );
        // The connection is still usable for what fits.
        db.conn()
            .execute_unprepared("INSERT INTO t VALUES (x'00')")
            .await
            .unwrap();
    }

    #[test]
    fn passwords_in_urls_are_redacted() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db:5432/tailor"),
            "postgres://app:***@db:5432/tailor"
        );
        assert_eq!(
            redact_url("postgres://root@127.0.0.1/test"),
            "postgres://root@127.0.0.1/test"
        );
        assert_eq!(
            redact_url("sqlite://data/tailor.db"),
            "sqlite://data/tailor.db"
        );
    }
}
