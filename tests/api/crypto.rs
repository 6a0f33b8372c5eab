//! One process, one crypto stack: the server signs and verifies its tokens while talking to
//! its database (PostgreSQL over TLS when the server offers it) and the test's own clients.

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement, TryGetable};
use serde_json::Value;
use tailor_api_tests::{on_postgres, spawn_app};

/// The first column of the one row `sql` returns.
async fn scalar<T: TryGetable>(db: &DatabaseConnection, sql: &str) -> T {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("query runs")
        .expect("one row");
    row.try_get_by_index::<T>(0).expect("a value of that type")
}

#[tokio::test]
async fn the_server_signs_tokens_and_uses_its_database_in_one_process() {
    let app = spawn_app().await;
    let scheme = if on_postgres() { "postgres" } else { "sqlite" };
    assert!(app.database_url.starts_with(scheme), "{}", app.database_url);

    let (email, access, _) = app.signed_up_user().await;
    let header = jsonwebtoken::decode_header(&access).expect("a JWT");
    assert_eq!(header.alg, Algorithm::HS256);
    let verified = jsonwebtoken::decode::<Value>(
        &access,
        &DecodingKey::from_secret(app.jwt_secret().as_bytes()),
        &Validation::new(Algorithm::HS256),
    )
    .expect("signed with the configured secret");
    assert_eq!(verified.claims["type"], "access");

    let me = app.get("/api/v1/auth/me").bearer(&access).send().await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.body["email"], email.as_str());

    let db = app.db().await;
    let users: i64 = scalar(
        &db,
        &format!("SELECT COUNT(*) FROM users WHERE email = '{email}'"),
    )
    .await;
    assert_eq!(users, 1, "the account is in the configured database");

    if on_postgres() && scalar::<String>(&db, "SHOW ssl").await == "on" {
        // The server offers TLS, so the app's pool negotiated it: its TLS client found a
        // process-wide crypto provider.
        let app_tls_connections: i64 = scalar(
            &db,
            "SELECT COUNT(*) FROM pg_stat_ssl s JOIN pg_stat_activity a ON a.pid = s.pid \
             WHERE a.datname = current_database() AND s.ssl AND a.pid <> pg_backend_pid()",
        )
        .await;
        assert!(
            app_tls_connections >= 1,
            "no TLS connection of the app to {}",
            app.database_url
        );
    }
    db.close().await.ok();
}
