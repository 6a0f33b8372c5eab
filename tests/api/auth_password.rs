//! Changing the password, and legacy bcrypt hashes upgraded to argon2id at login.

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;
use tailor_api_tests::{PASSWORD, TestApp, TestResponse, spawn_app};

const NEW_PASSWORD: &str = "Another456";

const POLICY: &str = "Password must be at least 8 characters long and contain uppercase, lowercase, and numeric characters";

async fn change_password(app: &TestApp, token: &str, current: &str, new: &str) -> TestResponse {
    app.post("/api/v1/auth/change-password")
        .bearer(token)
        .json(&json!({"current_password": current, "new_password": new}))
        .send()
        .await
}

/// The stored password hash of the account `email`.
async fn password_hash(app: &TestApp, email: &str) -> String {
    let db = app.db().await;
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT password_hash FROM users WHERE email = '{email}'"),
        ))
        .await
        .expect("query runs")
        .expect("the user exists");
    let hash = row
        .try_get::<String>("", "password_hash")
        .expect("a text hash");
    db.close().await.ok();
    hash
}

/// Asserts the account still has `PASSWORD`, `token` still works, and `NEW_PASSWORD` does not.
async fn assert_unchanged(app: &TestApp, email: &str, token: &str, hash_before: &str) {
    assert_eq!(password_hash(app, email).await, hash_before);
    let res = app.me(token).await;
    assert_eq!(
        res.status,
        StatusCode::OK,
        "token still works: {}",
        res.text
    );
    let res = app.login(email, PASSWORD).await;
    assert_eq!(
        res.status,
        StatusCode::OK,
        "old password works: {}",
        res.text
    );
    let res = app.login(email, NEW_PASSWORD).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.text);
}

#[tokio::test]
async fn changing_the_password_swaps_the_credentials_and_revokes_every_session() {
    let app = spawn_app().await;
    let (email, access, refresh_token) = app.signed_up_user().await;
    let other = app.login(&email, PASSWORD).await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.text);
    let other_access = other.body["access_token"].as_str().unwrap();
    let other_refresh = other.body["refresh_token"].as_str().unwrap();

    let res = change_password(&app, &access, PASSWORD, NEW_PASSWORD).await;
    res.assert_message("Password changed successfully");

    let old = app.login(&email, PASSWORD).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED, "{}", old.text);
    assert_eq!(old.detail(), "Invalid credentials");

    for (token, case) in [(access.as_str(), "caller"), (other_access, "other session")] {
        let res = app.me(token).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{case}: {}", res.text);
        assert_eq!(res.detail(), "Invalid authentication token", "{case}");
    }
    for (token, case) in [
        (refresh_token.as_str(), "caller"),
        (other_refresh, "other session"),
    ] {
        let res = app.refresh(token).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{case}: {}", res.text);
        assert_eq!(res.detail(), "Invalid refresh token", "{case}");
    }

    let new = app.login(&email, NEW_PASSWORD).await;
    assert_eq!(new.status, StatusCode::OK, "{}", new.text);
    let res = app.me(new.body["access_token"].as_str().unwrap()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["email"], email.as_str());
}

#[tokio::test]
async fn a_wrong_current_password_is_401_and_changes_nothing() {
    let app = spawn_app().await;
    let (email, access, _) = app.signed_up_user().await;
    let before = password_hash(&app, &email).await;

    let res = change_password(&app, &access, "Wrong1234", NEW_PASSWORD).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.text);
    assert_eq!(res.body, json!({"detail": "Current password is incorrect"}));

    assert_unchanged(&app, &email, &access, &before).await;
}

#[tokio::test]
async fn a_new_password_that_breaks_the_policy_is_422_with_the_policy_message() {
    let app = spawn_app().await;
    let (email, access, _) = app.signed_up_user().await;
    let before = password_hash(&app, &email).await;

    for weak in ["alllowercase1", "ALLUPPERCASE1", "NoDigitsHere"] {
        let res = change_password(&app, &access, PASSWORD, weak).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{weak}: {}",
            res.text
        );
        assert_eq!(res.body, json!({"detail": POLICY}), "{weak}");
    }

    assert_unchanged(&app, &email, &access, &before).await;
}

#[tokio::test]
async fn reusing_the_current_password_is_422_and_changes_nothing() {
    let app = spawn_app().await;
    let (email, access, _) = app.signed_up_user().await;
    let before = password_hash(&app, &email).await;

    let res = change_password(&app, &access, PASSWORD, PASSWORD).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(
        res.body,
        json!({"detail": "New password must be different from current password"})
    );

    assert_unchanged(&app, &email, &access, &before).await;
}

#[tokio::test]
async fn a_short_new_password_is_422_in_the_list_form() {
    let app = spawn_app().await;
    let (email, access, _) = app.signed_up_user().await;
    let before = password_hash(&app, &email).await;

    let res = change_password(&app, &access, PASSWORD, "Ab1").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(res.body["detail"].is_array(), "{}", res.text);
    assert_eq!(res.first_error()["type"], "string_too_short");
    assert_eq!(res.first_error()["loc"], json!(["body", "new_password"]));
    assert_eq!(
        res.first_error()["msg"],
        "String should have at least 8 characters"
    );

    assert_unchanged(&app, &email, &access, &before).await;
}

#[tokio::test]
async fn changing_the_password_without_credentials_is_403() {
    let app = spawn_app().await;
    let (email, access, _) = app.signed_up_user().await;
    let before = password_hash(&app, &email).await;

    let res = app
        .post("/api/v1/auth/change-password")
        .json(&json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);
    assert_eq!(res.body, json!({"detail": "Not authenticated"}));

    assert_unchanged(&app, &email, &access, &before).await;
}

/// Inserts an account the way the previous server stored it: a bcrypt hash of `password`.
async fn insert_bcrypt_user(app: &TestApp, email: &str, password: &str) -> String {
    let hash = bcrypt::hash(password, 4).expect("bcrypt hash");
    assert!(hash.starts_with("$2b$"), "{hash}");
    // RFC 3339 with an offset: the form the app writes on SQLite, and valid for PostgreSQL.
    app.execute_sql(&format!(
        "INSERT INTO users (email, password_hash, full_name, is_active, is_verified, created_at, updated_at) \
         VALUES ('{email}', '{hash}', 'Legacy User', true, false, \
         '2024-01-02T03:04:05+00:00', '2024-01-02T03:04:05+00:00')"
    ))
    .await;
    hash
}

#[tokio::test]
async fn a_legacy_bcrypt_hash_is_accepted_at_login_and_upgraded_to_argon2id() {
    let app = spawn_app().await;
    let email = "legacy@example.com";
    let bcrypt_hash = insert_bcrypt_user(&app, email, PASSWORD).await;
    assert_eq!(password_hash(&app, email).await, bcrypt_hash);

    let res = app.login(email, PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["user"]["email"], email);
    assert_eq!(res.body["user"]["full_name"], "Legacy User");
    assert_eq!(res.body["user"]["created_at"], "2024-01-02T03:04:05");

    let upgraded = password_hash(&app, email).await;
    assert!(upgraded.starts_with("$argon2id$"), "{upgraded}");

    let again = app.login(email, PASSWORD).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    let profile = app.me(again.body["access_token"].as_str().unwrap()).await;
    assert_eq!(profile.status, StatusCode::OK, "{}", profile.text);
    assert_eq!(profile.body["email"], email);
    assert_eq!(
        password_hash(&app, email).await,
        upgraded,
        "an argon2id hash with the current parameters is kept as it is"
    );

    let wrong = app.login(email, "Wrong1234").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{}", wrong.text);
    assert_eq!(wrong.detail(), "Invalid credentials");
}

#[tokio::test]
async fn a_wrong_password_on_a_bcrypt_account_is_401_and_keeps_the_legacy_hash() {
    let app = spawn_app().await;
    let email = "legacy@example.com";
    let bcrypt_hash = insert_bcrypt_user(&app, email, PASSWORD).await;

    let res = app.login(email, "Wrong1234").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.text);
    assert_eq!(res.body, json!({"detail": "Invalid credentials"}));
    assert_eq!(password_hash(&app, email).await, bcrypt_hash);

    let res = app.login(email, PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
}
