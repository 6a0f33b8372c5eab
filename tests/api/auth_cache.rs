//! With the in-process session cache on (as in production), revocations made through the
//! API still take effect from the very next request.
use reqwest::StatusCode;
use serde_json::json;
use tailor_api_tests::{PASSWORD, TestApp, spawn_app_with};

async fn app_with_cache() -> TestApp {
    spawn_app_with(|s| s.auth.session_cache_ttl_ms = 60_000).await
}

async fn me(app: &TestApp, token: &str) -> StatusCode {
    app.me(token).await.status
}

#[tokio::test]
async fn logout_is_immediate_with_the_cache_on() {
    let app = app_with_cache().await;
    let (_, access, _) = app.signed_up_user().await;
    assert_eq!(me(&app, &access).await, StatusCode::OK);
    assert_eq!(
        me(&app, &access).await,
        StatusCode::OK,
        "served from the cache"
    );

    let res = app.post("/api/v1/auth/logout").bearer(&access).send().await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(me(&app, &access).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_password_change_revokes_cached_sessions_at_once() {
    let app = app_with_cache().await;
    let (email, access, _) = app.signed_up_user().await;
    let other = app.login(&email, PASSWORD).await;
    let other_access = other.body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(me(&app, &access).await, StatusCode::OK);
    assert_eq!(me(&app, &other_access).await, StatusCode::OK);

    let res = app
        .post("/api/v1/auth/change-password")
        .bearer(&access)
        .json(&json!({"current_password": PASSWORD, "new_password": "Another123"}))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(me(&app, &access).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(&app, &other_access).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn refresh_token_reuse_revokes_a_cached_session_at_once() {
    // Reuse past the grace window (none here): the session is revoked.
    let app = spawn_app_with(|s| {
        s.auth.session_cache_ttl_ms = 60_000;
        s.auth.refresh_reuse_grace_ms = 0;
    })
    .await;
    let (_, _, refresh) = app.signed_up_user().await;
    let rotated = app
        .post("/api/v1/auth/refresh")
        .json(&json!({"refresh_token": refresh}))
        .send()
        .await;
    assert_eq!(rotated.status, StatusCode::OK);
    let new_access = rotated.body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(me(&app, &new_access).await, StatusCode::OK);

    let reuse = app
        .post("/api/v1/auth/refresh")
        .json(&json!({"refresh_token": refresh}))
        .send()
        .await;
    assert_eq!(reuse.status, StatusCode::UNAUTHORIZED);
    assert_eq!(me(&app, &new_access).await, StatusCode::UNAUTHORIZED);
}
