//! Rate limits of the account routes: per client address, per account email, the 429 answer,
//! the switch that turns them off, and which address counts behind a proxy.

use reqwest::StatusCode;
use serde_json::json;
use tailor_api_tests::{PASSWORD, TestApp, TestResponse, spawn_app_with};

async fn login_from(
    app: &TestApp,
    forwarded_for: Option<&str>,
    email: &str,
    password: &str,
) -> TestResponse {
    let mut req = app
        .post("/api/v1/auth/login")
        .json(&json!({"email": email, "password": password}));
    if let Some(address) = forwarded_for {
        req = req.header("x-forwarded-for", address);
    }
    req.send().await
}

async fn forgot(app: &TestApp, email: &str) -> TestResponse {
    app.post("/api/v1/auth/forgot-password")
        .json(&json!({"email": email}))
        .send()
        .await
}

fn unknown_email(n: usize) -> String {
    format!("nobody-{n}@example.com")
}

#[track_caller]
fn assert_invalid_credentials(res: &TestResponse, case: &str) {
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{case}: {}", res.text);
    assert_eq!(res.body, json!({"detail": "Invalid credentials"}), "{case}");
}

/// A 429 with a whole number of seconds (at least 1, at most `period_secs`) in `Retry-After`
/// and a string `detail`.
#[track_caller]
fn assert_limited(res: &TestResponse, period_secs: u64, case: &str) {
    assert_eq!(
        res.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{case}: {}",
        res.text
    );
    let retry_after = res
        .header("retry-after")
        .unwrap_or_else(|| panic!("{case}: no Retry-After header"));
    let secs: u64 = retry_after
        .parse()
        .unwrap_or_else(|_| panic!("{case}: Retry-After {retry_after:?} is not an integer"));
    assert!(
        (1..=period_secs).contains(&secs),
        "{case}: Retry-After {secs}"
    );
    assert!(
        res.body["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{case}: {}",
        res.text
    );
    assert!(res.body.get("access_token").is_none(), "{case}");
}

#[tokio::test]
async fn the_fourth_login_from_one_client_is_429_with_retry_after() {
    let app = spawn_app_with(|s| {
        s.rate_limit.enabled = true;
        s.rate_limit.login.ip_requests = 3;
        s.rate_limit.login.ip_period_secs = 60;
        s.rate_limit.login.email_requests = 0;
    })
    .await;
    let (email, _, _) = app.signed_up_user().await;

    for n in 0..3 {
        let res = login_from(&app, None, &unknown_email(n), PASSWORD).await;
        assert_invalid_credentials(&res, &format!("attempt {n}"));
    }
    // Even the right password of a real account is refused now: the limit comes first.
    let res = login_from(&app, None, &email, PASSWORD).await;
    assert_limited(&res, 60, "fourth login");
}

#[tokio::test]
async fn the_login_email_limit_counts_attempts_per_account() {
    let app = spawn_app_with(|s| {
        s.rate_limit.enabled = true;
        s.rate_limit.login.ip_requests = 1000;
        s.rate_limit.login.email_requests = 2;
        s.rate_limit.login.email_period_secs = 300;
    })
    .await;
    let (target, _, _) = app.signed_up_user().await;
    let (bystander, _, _) = app.signed_up_user().await;

    for n in 0..2 {
        let res = login_from(&app, None, &target, "Wrong1234").await;
        assert_invalid_credentials(&res, &format!("attempt {n}"));
    }
    let res = login_from(&app, None, &target, PASSWORD).await;
    assert_limited(&res, 300, "third attempt for the same email");
    // The domain is normalised before counting: the same account under another spelling.
    let (local, domain) = target.split_once('@').unwrap();
    let shouted = format!("{local}@{}", domain.to_uppercase());
    let res = login_from(&app, None, &shouted, PASSWORD).await;
    assert_limited(&res, 300, "same email, upper-case domain");

    let res = login_from(&app, None, &bystander, "Wrong1234").await;
    assert_invalid_credentials(&res, "another email, wrong password");
    let res = login_from(&app, None, &bystander, PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "another email: {}", res.text);
    assert!(res.body["access_token"].is_string());
}

#[tokio::test]
async fn register_has_a_rate_limit() {
    let app = spawn_app_with(|s| {
        s.rate_limit.enabled = true;
        s.rate_limit.register.ip_requests = 2;
        s.rate_limit.register.ip_period_secs = 3600;
    })
    .await;
    for n in 0..2 {
        let res = app
            .register(&format!("new-{n}@example.com"), PASSWORD, "New")
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{n}: {}", res.text);
    }
    let res = app.register("new-2@example.com", PASSWORD, "New").await;
    assert_limited(&res, 3600, "third registration");
    // The refused registration created nothing.
    let check = app
        .get("/api/v1/auth/check-email?email=new-2@example.com")
        .send()
        .await;
    assert_eq!(check.body, json!({"available": true}));
}

#[tokio::test]
async fn refresh_has_a_rate_limit() {
    let app = spawn_app_with(|s| {
        s.rate_limit.enabled = true;
        s.rate_limit.refresh.ip_requests = 2;
        s.rate_limit.refresh.ip_period_secs = 60;
    })
    .await;
    for n in 0..2 {
        let res = app
            .post("/api/v1/auth/refresh")
            .json(&json!({"refresh_token": "garbage"}))
            .send()
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{n}: {}", res.text);
        assert_eq!(res.body, json!({"detail": "Invalid refresh token"}));
    }
    let res = app
        .post("/api/v1/auth/refresh")
        .json(&json!({"refresh_token": "garbage"}))
        .send()
        .await;
    assert_limited(&res, 60, "third refresh");
}

#[tokio::test]
async fn forgot_password_has_a_rate_limit_per_client() {
    let app = spawn_app_with(|s| {
        s.rate_limit.enabled = true;
        s.rate_limit.forgot_password.ip_requests = 2;
        s.rate_limit.forgot_password.ip_period_secs = 3600;
        s.rate_limit.forgot_password.email_requests = 0;
    })
    .await;
    for n in 0..2 {
        let res = forgot(&app, &unknown_email(n)).await;
        assert_eq!(res.status, StatusCode::OK, "{n}: {}", res.text);
    }
    let res = forgot(&app, &unknown_email(2)).await;
    assert_limited(&res, 3600, "third request");
}

#[tokio::test]
async fn forgot_password_has_a_rate_limit_per_email_that_sends_no_more_mail() {
    let app = spawn_app_with(|s| {
        s.rate_limit.enabled = true;
        s.rate_limit.forgot_password.ip_requests = 1000;
        s.rate_limit.forgot_password.email_requests = 2;
        s.rate_limit.forgot_password.email_period_secs = 3600;
    })
    .await;
    let (email, _, _) = app.signed_up_user().await;
    let (other, _, _) = app.signed_up_user().await;
    for n in 0..2 {
        let res = forgot(&app, &email).await;
        assert_eq!(res.status, StatusCode::OK, "{n}: {}", res.text);
    }
    assert_eq!(app.outbox().len(), 2);

    let res = forgot(&app, &email).await;
    assert_limited(&res, 3600, "third request for the same email");
    assert_eq!(app.outbox().len(), 2, "no message for the refused request");

    let res = forgot(&app, &other).await;
    assert_eq!(res.status, StatusCode::OK, "another email: {}", res.text);
    assert_eq!(app.outbox().len(), 3);
}

#[tokio::test]
async fn reset_password_has_a_rate_limit() {
    let app = spawn_app_with(|s| {
        s.rate_limit.enabled = true;
        s.rate_limit.reset_password.ip_requests = 2;
        s.rate_limit.reset_password.ip_period_secs = 900;
    })
    .await;
    let attempt = || {
        app.post("/api/v1/auth/reset-password")
            .json(&json!({"token": "0".repeat(64), "new_password": PASSWORD}))
            .send()
    };
    for n in 0..2 {
        let res = attempt().await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{n}: {}",
            res.text
        );
        assert_eq!(res.body, json!({"detail": "Invalid reset token"}));
    }
    assert_limited(&attempt().await, 900, "third reset");
}

#[tokio::test]
async fn with_rate_limiting_disabled_twenty_failed_logins_all_answer_401() {
    let app = spawn_app_with(|s| {
        s.rate_limit.enabled = false;
        s.rate_limit.login.ip_requests = 1;
        s.rate_limit.login.email_requests = 1;
    })
    .await;
    let (email, _, _) = app.signed_up_user().await;
    for n in 0..20 {
        let res = login_from(&app, None, &email, "Wrong1234").await;
        assert_invalid_credentials(&res, &format!("attempt {n}"));
    }
    let res = login_from(&app, None, &email, PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
}

#[tokio::test]
async fn trusted_forwarded_for_addresses_are_limited_separately() {
    let app = spawn_app_with(|s| {
        s.rate_limit.enabled = true;
        s.rate_limit.login.ip_requests = 2;
        s.rate_limit.login.ip_period_secs = 60;
        s.rate_limit.login.email_requests = 0;
        s.server.trust_forwarded_for = true;
    })
    .await;
    for n in 0..2 {
        let res = login_from(&app, Some("10.0.0.1"), &unknown_email(n), PASSWORD).await;
        assert_invalid_credentials(&res, &format!("10.0.0.1 attempt {n}"));
    }
    let res = login_from(&app, Some("10.0.0.1"), &unknown_email(2), PASSWORD).await;
    assert_limited(&res, 60, "10.0.0.1 third attempt");
    // The left-most entry is the client; the proxies after it do not matter.
    let res = login_from(
        &app,
        Some("10.0.0.1, 192.0.2.7"),
        &unknown_email(3),
        PASSWORD,
    )
    .await;
    assert_limited(&res, 60, "10.0.0.1 through another proxy");

    let res = login_from(&app, Some("10.0.0.2"), &unknown_email(4), PASSWORD).await;
    assert_invalid_credentials(&res, "10.0.0.2");
    let res = login_from(&app, None, &unknown_email(5), PASSWORD).await;
    assert_invalid_credentials(&res, "no header");
}

#[tokio::test]
async fn untrusted_forwarded_for_addresses_share_the_connection_limit() {
    let app = spawn_app_with(|s| {
        s.rate_limit.enabled = true;
        s.rate_limit.login.ip_requests = 2;
        s.rate_limit.login.ip_period_secs = 60;
        s.rate_limit.login.email_requests = 0;
        s.server.trust_forwarded_for = false;
    })
    .await;
    for (n, address) in ["10.0.0.1", "10.0.0.2"].into_iter().enumerate() {
        let res = login_from(&app, Some(address), &unknown_email(n), PASSWORD).await;
        assert_invalid_credentials(&res, address);
    }
    let res = login_from(&app, Some("10.0.0.3"), &unknown_email(2), PASSWORD).await;
    assert_limited(&res, 60, "10.0.0.3");
    let res = login_from(&app, None, &unknown_email(3), PASSWORD).await;
    assert_limited(&res, 60, "no header");
}

#[tokio::test]
async fn change_password_has_a_rate_limit_per_account() {
    let app = spawn_app_with(|s| {
        s.rate_limit.enabled = true;
        s.rate_limit.change_password.ip_requests = 100;
        s.rate_limit.change_password.email_requests = 2;
        s.rate_limit.change_password.email_period_secs = 600;
    })
    .await;
    let (email, token, _) = app.signed_up_user().await;
    for attempt in 0..2 {
        let res = app
            .post("/api/v1/auth/change-password")
            .bearer(&token)
            .json(&json!({"current_password": "Wrong1234", "new_password": "Another123"}))
            .send()
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let res = app
        .post("/api/v1/auth/change-password")
        .bearer(&token)
        .json(&json!({"current_password": PASSWORD, "new_password": "Another123"}))
        .send()
        .await;
    assert_limited(&res, 600, "third change-password");
    // The right password was not applied.
    assert_eq!(app.login(&email, PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn check_email_has_a_rate_limit_per_client() {
    let app = spawn_app_with(|s| {
        s.rate_limit.enabled = true;
        s.rate_limit.check_email.ip_requests = 3;
        s.rate_limit.check_email.ip_period_secs = 60;
    })
    .await;
    for n in 0..3 {
        let res = app
            .get(&format!(
                "/api/v1/auth/check-email?email=probe{n}@example.com"
            ))
            .send()
            .await;
        assert_eq!(res.status, StatusCode::OK, "probe {n}");
    }
    let res = app
        .get("/api/v1/auth/check-email?email=probe9@example.com")
        .send()
        .await;
    assert_limited(&res, 60, "fourth check-email");
}
