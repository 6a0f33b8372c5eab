//! Test helpers: a migrated temp-file SQLite database with one user (id 1).

use std::time::Duration;

use chrono::Utc;
use sea_orm::ConnectionTrait;

use crate::{Database, DatabaseSettings};

pub(crate) async fn database(dir: &std::path::Path) -> Database {
    let settings = DatabaseSettings {
        url: format!("sqlite://{}?mode=rwc", dir.join("t.db").display()),
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
            "INSERT INTO users (id, email, password_hash, full_name, is_active, is_verified, \
             created_at, updated_at) VALUES (1, 'a@example.com', 'x', 'A', true, false, \
             '{now}', '{now}')"
        ))
        .await
        .unwrap();
    db
}
