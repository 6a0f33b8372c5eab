//! Database errors as the domain sees them: an `anyhow::Error` with a message, and, when the
//! failure is the database's state rather than the query (unreachable, too slow, disk
//! full), a [`DependencyError`] in its cause chain so the caller can answer 503 or 507.
//!
//! Repositories import [`Context`] from here instead of anyhow's: the same
//! `.context("...")` calls, with database errors classified on the way.

use std::any::Any;
use std::error::Error as StdError;
use std::fmt::Display;

use sea_orm::{ConnAcquireErr, DbErr, RuntimeErr};
use sqlx::error::DatabaseError;
use tailor_domain::ports::{DependencyError, DependencyFault};

/// The message of the error a statement that outlived its deadline ends with.
pub(crate) const DEADLINE_EXCEEDED: &str = "statement deadline exceeded";

/// What a database error amounts to, if it is a fault of the database rather than of the
/// statement.
pub(crate) fn classify(err: &DbErr) -> Option<DependencyFault> {
    match err {
        DbErr::ConnectionAcquire(ConnAcquireErr::Timeout | ConnAcquireErr::ConnectionClosed) => {
            Some(DependencyFault::Unavailable)
        }
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => classify_sqlx(e),
        DbErr::Conn(RuntimeErr::Internal(msg))
        | DbErr::Exec(RuntimeErr::Internal(msg))
        | DbErr::Query(RuntimeErr::Internal(msg))
            if msg == DEADLINE_EXCEEDED =>
        {
            Some(DependencyFault::TimedOut)
        }
        DbErr::Conn(_) => Some(DependencyFault::Unavailable),
        _ => None,
    }
}

fn classify_sqlx(err: &sqlx::Error) -> Option<DependencyFault> {
    match err {
        sqlx::Error::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => {
            Some(DependencyFault::StorageFull)
        }
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_) => Some(DependencyFault::Unavailable),
        sqlx::Error::Database(db) => classify_database(db.as_ref()),
        _ => None,
    }
}

fn classify_database(db: &dyn DatabaseError) -> Option<DependencyFault> {
    if let Some(e) = db.try_downcast_ref::<sqlx::sqlite::SqliteError>() {
        // Extended result codes: the primary code is the low byte.
        let code = e.code().and_then(|c| c.parse::<i32>().ok())?;
        if code == SQLITE_IOERR_SHMSIZE {
            // The WAL index could not grow: no space left where the database lives.
            return Some(DependencyFault::StorageFull);
        }
        return match code & 0xff {
            SQLITE_FULL => Some(DependencyFault::StorageFull),
            SQLITE_BUSY | SQLITE_LOCKED => Some(DependencyFault::TimedOut),
            SQLITE_IOERR | SQLITE_CANTOPEN | SQLITE_READONLY => Some(DependencyFault::Unavailable),
            _ => None,
        };
    }
    if let Some(e) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
        let code = e.code();
        return match code {
            // disk_full, out_of_memory is not ours to report as storage
            "53100" => Some(DependencyFault::StorageFull),
            // query_canceled (statement_timeout), idle_in_transaction_session_timeout,
            // lock_not_available (lock_timeout)
            "57014" | "25P03" | "55P03" => Some(DependencyFault::TimedOut),
            // too_many_connections, admin/crash shutdown, cannot_connect_now,
            // database_dropped, read-only transaction on a standby after failover
            "53300" | "57P01" | "57P02" | "57P03" | "57P04" | "25006" => {
                Some(DependencyFault::Unavailable)
            }
            // connection_exception and its subclasses
            c if c.starts_with("08") => Some(DependencyFault::Unavailable),
            _ => None,
        };
    }
    None
}

const SQLITE_BUSY: i32 = 5;
const SQLITE_LOCKED: i32 = 6;
const SQLITE_READONLY: i32 = 8;
const SQLITE_IOERR: i32 = 10;
const SQLITE_FULL: i32 = 13;
const SQLITE_CANTOPEN: i32 = 14;
/// SQLITE_IOERR | (19 << 8).
const SQLITE_IOERR_SHMSIZE: i32 = 4874;

/// Turns an error into `anyhow::Error` with a message, marking database faults.
pub(crate) fn wrap<E, C>(err: E, context: C) -> anyhow::Error
where
    E: StdError + Send + Sync + 'static,
    C: Display + Send + Sync + 'static,
{
    let fault = (&err as &dyn Any)
        .downcast_ref::<DbErr>()
        .and_then(classify);
    match fault {
        Some(fault) => anyhow::Error::new(DependencyError::new(fault, err)).context(context),
        None => anyhow::Error::new(err).context(context),
    }
}

/// `anyhow::Context` for results of this crate, classifying database errors on the way.
pub(crate) trait Context<T> {
    fn context<C>(self, context: C) -> anyhow::Result<T>
    where
        C: Display + Send + Sync + 'static;

    fn with_context<C, F>(self, f: F) -> anyhow::Result<T>
    where
        C: Display + Send + Sync + 'static,
        F: FnOnce() -> C;
}

impl<T, E> Context<T> for Result<T, E>
where
    E: StdError + Send + Sync + 'static,
{
    fn context<C>(self, context: C) -> anyhow::Result<T>
    where
        C: Display + Send + Sync + 'static,
    {
        self.map_err(|e| wrap(e, context))
    }

    fn with_context<C, F>(self, f: F) -> anyhow::Result<T>
    where
        C: Display + Send + Sync + 'static,
        F: FnOnce() -> C,
    {
        self.map_err(|e| wrap(e, f()))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn sqlx_err(e: sqlx::Error) -> DbErr {
        DbErr::Exec(RuntimeErr::SqlxError(Arc::new(e)))
    }

    #[test]
    fn a_pool_that_gives_no_connection_in_time_is_unavailable() {
        let err = Err::<(), _>(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout))
            .context("find user")
            .unwrap_err();
        assert_eq!(
            DependencyFault::of(&err),
            Some(DependencyFault::Unavailable)
        );
        assert_eq!(
            classify(&sqlx_err(sqlx::Error::PoolTimedOut)),
            Some(DependencyFault::Unavailable)
        );
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(
            classify(&DbErr::Conn(RuntimeErr::SqlxError(Arc::new(
                sqlx::Error::Io(refused)
            )))),
            Some(DependencyFault::Unavailable)
        );
    }

    #[test]
    fn a_statement_past_its_deadline_timed_out() {
        let err = DbErr::Query(RuntimeErr::Internal(DEADLINE_EXCEEDED.to_owned()));
        assert_eq!(classify(&err), Some(DependencyFault::TimedOut));
    }

    #[test]
    fn query_errors_are_not_faults() {
        assert_eq!(classify(&sqlx_err(sqlx::Error::RowNotFound)), None);
        assert_eq!(classify(&DbErr::RecordNotFound("x".into())), None);
        let err = Err::<(), _>(DbErr::Custom("bad".into()))
            .context("insert")
            .unwrap_err();
        assert_eq!(DependencyFault::of(&err), None);
        assert_eq!(err.to_string(), "insert");
    }

    #[test]
    fn errors_that_are_not_database_errors_keep_their_message() {
        let err = Err::<(), _>(std::io::Error::other("boom"))
            .with_context(|| "read")
            .unwrap_err();
        assert_eq!(format!("{err:#}"), "read: boom");
        assert_eq!(DependencyFault::of(&err), None);
    }
}
