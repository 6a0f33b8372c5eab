//! Test databases. With `TAILOR_TEST_DATABASE_URL` set, every test gets a PostgreSQL
//! database of its own ([`PgTestDatabase`], made through that URL's server and dropped
//! after the test); without it, a temp-file SQLite database. The end-to-end suite uses
//! [`PgTestDatabase`] through the `testing` feature; this crate's own tests use
//! `TestDatabase`, migrated, with one user (id 1).

use sea_orm::{ConnectionTrait, Statement};

/// The variable naming a PostgreSQL server (any database on it) for tests.
pub const TEST_DATABASE_URL: &str = "TAILOR_TEST_DATABASE_URL";

/// The server URL for PostgreSQL test databases, when tests are to run on PostgreSQL.
pub fn postgres_url() -> Option<String> {
    std::env::var(TEST_DATABASE_URL)
        .ok()
        .filter(|v| !v.is_empty())
}

/// A PostgreSQL database made for one test and dropped after it.
pub struct PgTestDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl PgTestDatabase {
    /// Creates a uniquely named database on the server of `admin_url`.
    ///
    /// # Panics
    /// The server cannot be reached or refuses to create the database.
    pub async fn create(admin_url: &str) -> Self {
        let name = format!("tailor_test_{}", uuid::Uuid::new_v4().simple());
        run_as_admin(admin_url, &format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("create the test database");
        Self {
            url: replace_database(admin_url, &name),
            admin_url: admin_url.to_owned(),
            name,
        }
    }

    /// The URL of the test database.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for PgTestDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let sql = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
        // Drop runs inside the test's runtime; do the async work on a thread of its own.
        let _ = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime")
                .block_on(run_as_admin(&admin_url, &sql))
        })
        .join();
    }
}

/// Runs one statement on a connection of its own to `admin_url`.
async fn run_as_admin(admin_url: &str, sql: &str) -> Result<(), sea_orm::DbErr> {
    let admin = sea_orm::Database::connect(admin_url).await?;
    let done = admin
        .execute_raw(Statement::from_string(admin.get_database_backend(), sql))
        .await;
    admin.close().await.ok();
    done.map(|_| ())
}

/// `postgres://u@h:5432/test?x` with the database name replaced.
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let new_base = match base[scheme_end..].find('/') {
        Some(slash) => format!("{}/{name}", &base[..scheme_end + slash]),
        None => format!("{base}/{name}"),
    };
    match query {
        Some(q) => format!("{new_base}?{q}"),
        None => new_base,
    }
}

#[cfg(test)]
pub(crate) use own::TestDatabase;

/// The database of one of this crate's tests.
#[cfg(test)]
mod own {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use chrono::Utc;
    use sea_orm::ConnectionTrait;
    use tempfile::TempDir;

    use super::{PgTestDatabase, postgres_url};
    use crate::{Database, DatabaseSettings};

    /// A migrated database with one user (id 1), on PostgreSQL when
    /// `TAILOR_TEST_DATABASE_URL` is set and on a temp-file SQLite database otherwise; it is
    /// removed when this is dropped.
    pub(crate) struct TestDatabase {
        db: Database,
        settings: DatabaseSettings,
        _place: Place,
    }

    /// Where the database lives, kept until the test ends.
    enum Place {
        Sqlite(TempDir),
        Postgres(PgTestDatabase),
    }

    impl TestDatabase {
        pub(crate) async fn new() -> Self {
            let place = match postgres_url() {
                Some(admin_url) => Place::Postgres(PgTestDatabase::create(&admin_url).await),
                None => Place::Sqlite(tempfile::tempdir().expect("temp dir")),
            };
            let url = match &place {
                Place::Sqlite(dir) => {
                    format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display())
                }
                Place::Postgres(pg) => pg.url().to_owned(),
            };
            let settings = DatabaseSettings {
                url,
                max_connections: 2,
                min_connections: 1,
                acquire_timeout: Duration::from_secs(5),
                statement_timeout: Duration::from_secs(5),
                sqlite_busy_timeout: Duration::from_secs(5),
            };
            let db = Database::connect(&settings).await.unwrap();
            tailor_migrations::execute(db.connection(), tailor_migrations::Command::Up)
                .await
                .unwrap();
            let now = Utc::now();
            db.connection()
                .execute_unprepared(&format!(
                    "INSERT INTO users (id, email, password_hash, full_name, is_active, \
                     is_verified, created_at, updated_at) VALUES (1, 'a@example.com', 'x', \
                     'A', true, false, '{now}', '{now}')"
                ))
                .await
                .unwrap();
            Self {
                db,
                settings,
                _place: place,
            }
        }

        /// Another pool on the same database, with settings `configure` adjusted
        /// (timeouts, say).
        pub(crate) async fn connect(
            &self,
            configure: impl FnOnce(&mut DatabaseSettings),
        ) -> Database {
            let mut settings = self.settings.clone();
            configure(&mut settings);
            Database::connect(&settings).await.unwrap()
        }

        /// Adds one to `counter` for every statement run from here on. Call it before
        /// [`Self::database`].
        pub(crate) fn counting(mut self, counter: &Arc<AtomicUsize>) -> Self {
            let counter = Arc::clone(counter);
            self.db = self.db.on_statement(move |_| {
                counter.fetch_add(1, Ordering::SeqCst);
            });
            self
        }

        /// The database, for a repository; it lives as long as this.
        pub(crate) fn database(&self) -> Database {
            self.db.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::replace_database;

    #[test]
    fn the_database_name_is_replaced_in_urls() {
        assert_eq!(
            replace_database("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            replace_database("postgres://u:p@h/test?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(replace_database("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
