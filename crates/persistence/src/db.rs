use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend,
    TransactionTrait,
};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use tokio::sync::{Mutex, MutexGuard};

/// How to reach the database.
#[derive(Clone)]
pub struct DatabaseSettings {
    /// `sqlite://path/to/file.db` or `postgres://user@host/db`.
    pub url: String,
    pub max_connections: u32,
    pub min_connections: u32,
    pub acquire_timeout: Duration,
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
/// On SQLite, write transactions are serialised through one in-process lock: a deferred
/// SQLite transaction that reads before it writes fails at once with "database is locked"
/// when another connection wrote meanwhile, whatever the busy timeout. Holding the lock
/// for the length of a write transaction makes that impossible within this process, and
/// the busy timeout covers other processes (a `tailor migrate` run, say).
#[derive(Clone)]
pub struct Database {
    conn: DatabaseConnection,
    backend: Backend,
    write_lock: Option<Arc<Mutex<()>>>,
}

/// A write transaction; on SQLite it also holds the write lock until it is dropped.
pub(crate) struct WriteTx<'a> {
    pub(crate) tx: DatabaseTransaction,
    _guard: Option<MutexGuard<'a, ()>>,
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
        if backend == Backend::Sqlite {
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
                    // operating system caches the file too, and a full pool of 2 MiB caches
                    // would be most of the server's memory.
                    .pragma("cache_size", "-512")
            });
        }
        let conn = sea_orm::Database::connect(opts)
            .await
            .with_context(|| format!("cannot connect to {}", redact_url(&settings.url)))?;
        Ok(Self {
            conn,
            backend,
            write_lock: (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(()))),
        })
    }

    /// Calls `hook` after every statement this pool runs (statement counting in tests,
    /// metrics). Set it before cloning the `Database` into repositories.
    #[must_use]
    pub fn on_statement(mut self, hook: impl Fn(&str) + Send + Sync + 'static) -> Self {
        self.conn
            .set_metric_callback(move |info| hook(&info.statement.sql));
        self
    }

    pub fn connection(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Checks that the database answers a trivial query.
    ///
    /// # Errors
    /// The database is unreachable.
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
        self.conn.close().await.context("close database")
    }

    pub(crate) async fn begin_write(&self) -> Result<WriteTx<'_>, sea_orm::DbErr> {
        let guard = match &self.write_lock {
            Some(lock) => Some(lock.lock().await),
            None => None,
        };
        let tx = self.conn.begin().await?;
        Ok(WriteTx { tx, _guard: guard })
    }

    /// A read-only transaction that sees one consistent snapshot: repeatable read on
    /// PostgreSQL; on SQLite (WAL) a deferred transaction reads one snapshot already.
    pub(crate) async fn begin_read(&self) -> Result<DatabaseTransaction, sea_orm::DbErr> {
        match self.backend {
            Backend::Postgres => {
                self.conn
                    .begin_with_config(
                        Some(sea_orm::IsolationLevel::RepeatableRead),
                        Some(sea_orm::AccessMode::ReadOnly),
                    )
                    .await
            }
            Backend::Sqlite => self.conn.begin().await,
        }
    }

    /// Runs a single write statement under the SQLite write lock.
    pub(crate) async fn write_guard(&self) -> Option<MutexGuard<'_, ()>> {
        match &self.write_lock {
            Some(lock) => Some(lock.lock().await),
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

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
