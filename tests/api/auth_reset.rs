use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use tailor_api_tests::{PASSWORD, TestApp, TestResponse, spawn_app};

const SENT: &str = "If the email exists, a reset link has been sent";
const NEW_PASSWORD: &str = "Brand-New-Pass9";
const POLICY: &str = "Password must be at least 8 characters long and contain uppercase, lowercase, and numeric characters";

async fn forgot(app: &TestApp, email: &str) -> TestResponse {
    app.post("/api/v1/auth/forgot-password")
        .json(&json!({"email": email}))
        .send()
        .await
}

async fn reset(app: &TestApp, token: &str, new_password: &str) -> TestResponse {
    app.post("/api/v1/auth/reset-password")
        .json(&json!({"token": token, "new_password": new_password}))
        .send()
        .await
}

/// Asks for a reset of `email` and returns the mailed token.
async fn requested_token(app: &TestApp, email: &str) -> String {
    let before = app.outbox().len();
    let res = forgot(app, email).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let outbox = app.outbox();
    assert_eq!(outbox.len(), before + 1, "one message was written");
    outbox[before]["reset_token"]
        .as_str()
        .expect("the message carries the token")
        .to_owned()
}

async fn token_hashes(app: &TestApp) -> Vec<String> {
    let db = app.db().await;
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT token_hash FROM password_resets ORDER BY id",
        ))
        .await
        .expect("query runs");
    let hashes = rows
        .iter()
        .map(|row| row.try_get::<String>("", "token_hash").expect("token_hash"))
        .collect();
    db.close().await.ok();
    hashes
}

fn assert_invalid_token(res: &TestResponse) {
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(res.body, json!({"detail": "Invalid reset token"}));
}

#[tokio::test]
async fn forgot_password_answers_the_same_for_real_and_unknown_emails() {
    let app = spawn_app().await;
    let (email, _, _) = app.signed_up_user().await;

    let unknown = forgot(&app, "nobody@example.com").await;
    unknown.assert_message(SENT);
    assert!(
        app.outbox().is_empty(),
        "nothing is mailed for an unknown email"
    );
    assert!(token_hashes(&app).await.is_empty());

    let real = forgot(&app, &email).await;
    assert_eq!(real.status, StatusCode::OK);
    assert_eq!(real.body, unknown.body);
    let outbox = app.outbox();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0]["to"], email.as_str());
    assert_eq!(outbox[0]["kind"], "password_reset");
    let me = app.login(&email, PASSWORD).await;
    assert_eq!(outbox[0]["user_id"], me.body["user"]["id"]);
    let token = outbox[0]["reset_token"].as_str().unwrap();
    assert_eq!(token.len(), 64);
    assert!(
        outbox[0]["body"].as_str().unwrap().contains(token),
        "the message text carries the code"
    );
}

#[tokio::test]
async fn a_deactivated_account_gets_no_reset_message() {
    let app = spawn_app().await;
    let (email, _, _) = app.signed_up_user().await;
    app.execute_sql(&format!(
        "UPDATE users SET is_active = false WHERE email = '{email}'"
    ))
    .await;

    let res = forgot(&app, &email).await;
    res.assert_message(SENT);
    assert!(app.outbox().is_empty());
    assert!(token_hashes(&app).await.is_empty());
}

#[tokio::test]
async fn only_the_sha256_of_the_reset_token_is_stored() {
    let app = spawn_app().await;
    let (email, _, _) = app.signed_up_user().await;
    let token = requested_token(&app, &email).await;

    let hashes = token_hashes(&app).await;
    assert_eq!(hashes.len(), 1);
    let stored = &hashes[0];
    assert_ne!(stored, &token);
    assert_eq!(stored.len(), 64);
    assert!(
        stored
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
        "{stored}"
    );
    assert_eq!(stored, &tailor_domain::sha256_hex(&token));
}

#[tokio::test]
async fn the_mailed_token_resets_the_password() {
    let app = spawn_app().await;
    let (email, _, _) = app.signed_up_user().await;
    let token = requested_token(&app, &email).await;

    let res = reset(&app, &token, NEW_PASSWORD).await;
    res.assert_message("Password reset successfully");

    let old = app.login(&email, PASSWORD).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    assert_eq!(old.detail(), "Invalid credentials");
    let new = app.login(&email, NEW_PASSWORD).await;
    assert_eq!(new.status, StatusCode::OK, "{}", new.text);
    assert_eq!(new.body["user"]["email"], email.as_str());
}

#[tokio::test]
async fn a_reset_token_works_only_once() {
    let app = spawn_app().await;
    let (email, _, _) = app.signed_up_user().await;
    let token = requested_token(&app, &email).await;

    let first = reset(&app, &token, NEW_PASSWORD).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);

    let second = reset(&app, &token, "Another-Pass42").await;
    assert_invalid_token(&second);
    // The second attempt changed nothing.
    assert_eq!(app.login(&email, NEW_PASSWORD).await.status, StatusCode::OK);
    assert_eq!(
        app.login(&email, "Another-Pass42").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_newer_reset_request_does_not_spend_an_older_token() {
    let app = spawn_app().await;
    let (email, _, _) = app.signed_up_user().await;
    let first = requested_token(&app, &email).await;
    let second = requested_token(&app, &email).await;
    assert_ne!(first, second);

    let res = reset(&app, &first, NEW_PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(app.login(&email, NEW_PASSWORD).await.status, StatusCode::OK);

    // The other outstanding code died with the old password.
    let again = reset(&app, &second, "Another456").await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.detail(), "Invalid reset token");
    assert_eq!(app.login(&email, NEW_PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_password_change_spends_outstanding_reset_codes() {
    let app = spawn_app().await;
    let (email, access, _) = app.signed_up_user().await;
    let code = requested_token(&app, &email).await;
    let changed = app
        .post("/api/v1/auth/change-password")
        .bearer(&access)
        .json(&serde_json::json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}))
        .send()
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);

    let res = reset(&app, &code, "Another456").await;

    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.detail(), "Invalid reset token");
    assert_eq!(app.login(&email, NEW_PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_reset_revokes_every_token_issued_before_it() {
    let app = spawn_app().await;
    let (email, access, refresh) = app.signed_up_user().await;
    let login = app.login(&email, PASSWORD).await;
    let second_access = login.body["access_token"].as_str().unwrap().to_owned();
    let second_refresh = login.body["refresh_token"].as_str().unwrap().to_owned();
    let me = app.get("/api/v1/auth/me").bearer(&access).send().await;
    assert_eq!(me.status, StatusCode::OK, "tokens work before the reset");

    let token = requested_token(&app, &email).await;
    let res = reset(&app, &token, NEW_PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);

    for access in [&access, &second_access] {
        let me = app.get("/api/v1/auth/me").bearer(access).send().await;
        assert_eq!(me.status, StatusCode::UNAUTHORIZED);
        assert_eq!(me.body, json!({"detail": "Invalid authentication token"}));
    }
    for refresh in [&refresh, &second_refresh] {
        let res = app
            .post("/api/v1/auth/refresh")
            .json(&json!({"refresh_token": refresh}))
            .send()
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        assert_eq!(res.body, json!({"detail": "Invalid refresh token"}));
    }

    // A session started after the reset works.
    let fresh = app.login(&email, NEW_PASSWORD).await;
    let me = app
        .get("/api/v1/auth/me")
        .bearer(fresh.body["access_token"].as_str().unwrap())
        .send()
        .await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
}

#[tokio::test]
async fn an_unknown_or_short_token_is_invalid_and_changes_nothing() {
    let app = spawn_app().await;
    let (email, _, _) = app.signed_up_user().await;
    let token = requested_token(&app, &email).await;

    for bad in [
        "0".repeat(64),
        format!("{}x", &token[..63]),
        "short".to_owned(),
        "123456789".to_owned(),
        String::new(),
    ] {
        let res = reset(&app, &bad, NEW_PASSWORD).await;
        assert_invalid_token(&res);
    }
    assert_eq!(app.login(&email, PASSWORD).await.status, StatusCode::OK);
    assert_eq!(
        app.login(&email, NEW_PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    // The real token is still usable.
    let res = reset(&app, &token, NEW_PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
}

#[tokio::test]
async fn a_weak_new_password_is_refused_before_the_token_is_looked_at() {
    let app = spawn_app().await;
    let (email, _, _) = app.signed_up_user().await;
    let token = requested_token(&app, &email).await;

    for weak in ["alllowercase1", "ALLUPPERCASE1", "NoDigitsHere"] {
        let res = reset(&app, &token, weak).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{weak}");
        assert_eq!(res.body, json!({"detail": POLICY}), "{weak}");
    }
    // Even with a token that could never be valid, the policy answers first.
    let res = reset(&app, "short", "alllowercase1").await;
    assert_eq!(res.body, json!({"detail": POLICY}));

    // Nothing changed: the old password works and the token was not spent.
    assert_eq!(app.login(&email, PASSWORD).await.status, StatusCode::OK);
    let res = reset(&app, &token, NEW_PASSWORD).await;
    res.assert_message("Password reset successfully");
    assert_eq!(app.login(&email, NEW_PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_expired_token_is_invalid_and_changes_nothing() {
    let app = spawn_app().await;
    let (email, _, _) = app.signed_up_user().await;
    let token = requested_token(&app, &email).await;
    app.execute_sql("UPDATE password_resets SET expires_at = '2000-01-01 00:00:00+00:00'")
        .await;

    let res = reset(&app, &token, NEW_PASSWORD).await;
    assert_invalid_token(&res);
    assert_eq!(app.login(&email, PASSWORD).await.status, StatusCode::OK);
    assert_eq!(
        app.login(&email, NEW_PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    // It stays unusable.
    assert_invalid_token(&reset(&app, &token, NEW_PASSWORD).await);
}

#[tokio::test]
async fn reset_and_forgot_validation_errors_use_the_list_form() {
    let app = spawn_app().await;
    let cases: [(&str, Value, &str, Value); 6] = [
        (
            "/api/v1/auth/reset-password",
            json!({"new_password": NEW_PASSWORD}),
            "missing",
            json!(["body", "token"]),
        ),
        (
            "/api/v1/auth/reset-password",
            json!({"token": "a".repeat(64)}),
            "missing",
            json!(["body", "new_password"]),
        ),
        (
            "/api/v1/auth/reset-password",
            json!({"token": "a".repeat(64), "new_password": "Ab1"}),
            "string_too_short",
            json!(["body", "new_password"]),
        ),
        (
            "/api/v1/auth/reset-password",
            json!({"token": 1234567890, "new_password": NEW_PASSWORD}),
            "string_type",
            json!(["body", "token"]),
        ),
        (
            "/api/v1/auth/forgot-password",
            json!({}),
            "missing",
            json!(["body", "email"]),
        ),
        (
            "/api/v1/auth/forgot-password",
            json!({"email": "no-at-sign"}),
            "value_error",
            json!(["body", "email"]),
        ),
    ];
    for (path, body, kind, loc) in cases {
        let res = app.post(path).json(&body).send().await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path} {body}"
        );
        assert!(res.body["detail"].is_array(), "{path} {body}: {}", res.text);
        assert_eq!(
            res.first_error()["type"],
            kind,
            "{path} {body}: {}",
            res.text
        );
        assert_eq!(res.first_error()["loc"], loc, "{path} {body}");
        assert!(res.first_error()["msg"].is_string(), "{path} {body}");
    }
    let res = app
        .post("/api/v1/auth/reset-password")
        .raw("{\"token\": ")
        .send()
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.first_error()["type"], "json_invalid");
    assert!(app.outbox().is_empty());
}
