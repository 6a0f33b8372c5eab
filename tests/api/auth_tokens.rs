//! Bearer-token handling: the header matrix, forged and mistyped tokens, refresh rotation
//! with reuse detection, logout, and accounts that are deactivated or deleted.

use jsonwebtoken::Algorithm;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use tailor_api_tests::{
    PASSWORD, TestApp, TestResponse, claims_of, sign, spawn_app, spawn_app_with,
};

/// `(access_token, refresh_token)` of a successful token response.
fn pair(res: &TestResponse) -> (String, String) {
    assert!(
        res.status == StatusCode::OK || res.status == StatusCode::CREATED,
        "{} {}",
        res.status,
        res.text
    );
    (
        res.body["access_token"].as_str().unwrap().to_owned(),
        res.body["refresh_token"].as_str().unwrap().to_owned(),
    )
}

/// A second, independent session of the same account.
async fn second_session(app: &TestApp, email: &str) -> (String, String) {
    pair(&app.login(email, PASSWORD).await)
}

#[track_caller]
fn assert_invalid_bearer(res: &TestResponse, case: &str) {
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{case}: {}", res.text);
    assert_eq!(res.detail(), "Invalid authentication token", "{case}");
    assert_eq!(res.header("www-authenticate"), Some("Bearer"), "{case}");
}

#[track_caller]
fn assert_invalid_refresh(res: &TestResponse, case: &str) {
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{case}: {}", res.text);
    assert_eq!(res.detail(), "Invalid refresh token", "{case}");
}

#[track_caller]
fn assert_me_is(res: &TestResponse, email: &str, case: &str) {
    assert_eq!(res.status, StatusCode::OK, "{case}: {}", res.text);
    assert_eq!(res.body["email"], email, "{case}");
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Access-token claims for the session of `real_access`, expiring at `exp`.
fn access_claims_like(real_access: &str, exp: i64) -> Value {
    let real = claims_of(real_access);
    json!({
        "sub": real["sub"],
        "exp": exp,
        "iat": now() - 7200,
        "type": "access",
        "jti": uuid::Uuid::new_v4().to_string(),
        "sid": real["sid"],
    })
}

/// Unpadded base64url, as JWT segments use.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let db = app.db().await;
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("query runs")
        .expect("one row");
    let n = row.try_get_by_index::<i64>(0).expect("an integer");
    db.close().await.ok();
    n
}

#[tokio::test]
async fn a_request_without_an_authorization_header_is_403_not_authenticated() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/auth/me").send().await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);
    assert_eq!(res.body, json!({"detail": "Not authenticated"}));
}

#[tokio::test]
async fn a_scheme_other_than_bearer_is_403_invalid_authentication_credentials() {
    let app = spawn_app().await;
    let (_, access, _) = app.signed_up_user().await;
    for value in ["Basic xyz".to_owned(), format!("Token {access}")] {
        let res = app
            .get("/api/v1/auth/me")
            .header("authorization", &value)
            .send()
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{value}: {}", res.text);
        assert_eq!(
            res.body,
            json!({"detail": "Invalid authentication credentials"}),
            "{value}"
        );
    }
}

#[tokio::test]
async fn a_garbage_bearer_token_is_401_with_a_bearer_challenge() {
    let app = spawn_app().await;
    let res = app.me("garbage").await;
    assert_invalid_bearer(&res, "garbage");
    assert_eq!(res.body, json!({"detail": "Invalid authentication token"}));
}

#[tokio::test]
async fn an_expired_access_token_of_a_live_session_is_rejected() {
    let app = spawn_app().await;
    let (email, access, _) = app.signed_up_user().await;
    let secret = app.jwt_secret();

    // The same forgery with a future expiry is accepted: only the expiry differs below.
    let fresh = sign(
        &access_claims_like(&access, now() + 600),
        &secret,
        Algorithm::HS256,
    );
    assert_me_is(&app.me(&fresh).await, &email, "unexpired forgery");

    let expired = sign(
        &access_claims_like(&access, now() - 3600),
        &secret,
        Algorithm::HS256,
    );
    assert_invalid_bearer(&app.me(&expired).await, "expired");
}

#[tokio::test]
async fn a_token_signed_with_another_secret_is_rejected() {
    let app = spawn_app().await;
    let (_, access, _) = app.signed_up_user().await;
    let other_secret = format!("{}-but-not-quite", app.jwt_secret());
    let forged = sign(&claims_of(&access), &other_secret, Algorithm::HS256);
    assert_invalid_bearer(&app.me(&forged).await, "wrong secret");
}

#[tokio::test]
async fn an_unsigned_alg_none_token_is_rejected() {
    let app = spawn_app().await;
    let (email, access, _) = app.signed_up_user().await;
    let mut segments = access.split('.');
    // The encoder reproduces the server's own header segment, so the forgeries below are
    // well-formed tokens that differ from the real one only in the algorithm.
    assert_eq!(
        base64url(br#"{"typ":"JWT","alg":"HS256"}"#),
        segments.next().unwrap()
    );
    let payload = segments.next().unwrap();
    for alg in ["none", "None", "NONE"] {
        let header = base64url(format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#).as_bytes());
        let forged = format!("{header}.{payload}.");
        assert_invalid_bearer(&app.me(&forged).await, alg);
    }
    // The payload itself is fine: with its real signature it is accepted.
    assert_me_is(&app.me(&access).await, &email, "real token");
}

#[tokio::test]
async fn a_token_signed_with_another_hmac_algorithm_and_the_right_secret_is_rejected() {
    let app = spawn_app().await;
    let (email, access, _) = app.signed_up_user().await;
    let secret = app.jwt_secret();
    let claims = claims_of(&access);
    let control = sign(&claims, &secret, Algorithm::HS256);
    assert_me_is(&app.me(&control).await, &email, "HS256 control");
    for alg in [Algorithm::HS512, Algorithm::HS384] {
        let forged = sign(&claims, &secret, alg);
        assert_invalid_bearer(&app.me(&forged).await, &format!("{alg:?}"));
    }
}

#[tokio::test]
async fn a_refresh_token_is_not_accepted_as_a_bearer_token() {
    let app = spawn_app().await;
    let (email, access, refresh_token) = app.signed_up_user().await;
    assert_invalid_bearer(&app.me(&refresh_token).await, "refresh as bearer");
    assert_me_is(&app.me(&access).await, &email, "access still works");
}

#[tokio::test]
async fn an_access_token_is_not_accepted_by_the_refresh_route() {
    let app = spawn_app().await;
    let (_, access, refresh_token) = app.signed_up_user().await;
    let res = app.refresh(&access).await;
    assert_invalid_refresh(&res, "access at /refresh");
    assert_eq!(res.body, json!({"detail": "Invalid refresh token"}));
    // The mistake is not treated as reuse: the session's real refresh token still works.
    let res = app.refresh(&refresh_token).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
}

#[tokio::test]
async fn refresh_rotates_the_pair_and_reusing_the_old_token_after_the_grace_window_revokes_only_that_session()
 {
    // No grace window: any second use of the retired token is past it.
    let app = spawn_app_with(|s| s.auth.refresh_reuse_grace_ms = 0).await;
    let (email, access, old_refresh) = app.signed_up_user().await;
    let (other_access, other_refresh) = second_session(&app, &email).await;

    let res = app.refresh(&old_refresh).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["token_type"], "Bearer");
    assert_eq!(res.body["user"]["email"], email.as_str());
    let (new_access, new_refresh) = pair(&res);
    assert_ne!(new_access, access);
    assert_ne!(new_refresh, old_refresh);
    assert_eq!(claims_of(&new_access)["type"], "access");
    assert_eq!(claims_of(&new_refresh)["type"], "refresh");
    assert_ne!(
        claims_of(&new_refresh)["jti"],
        claims_of(&old_refresh)["jti"]
    );
    assert_me_is(&app.me(&new_access).await, &email, "new access");

    // The retired refresh token is refused, and presenting it revokes the session.
    assert_invalid_refresh(&app.refresh(&old_refresh).await, "old refresh reused");
    assert_invalid_bearer(&app.me(&new_access).await, "new access after reuse");
    assert_invalid_bearer(&app.me(&access).await, "first access after reuse");
    assert_invalid_refresh(&app.refresh(&new_refresh).await, "new refresh after reuse");

    // Another session of the same user is untouched.
    assert_me_is(&app.me(&other_access).await, &email, "other session");
    let res = app.refresh(&other_refresh).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
}

#[tokio::test]
async fn logout_ends_the_callers_session_and_no_other() {
    let app = spawn_app().await;
    let (email, access, refresh_token) = app.signed_up_user().await;
    let (other_access, other_refresh) = second_session(&app, &email).await;

    let res = app.post("/api/v1/auth/logout").bearer(&access).send().await;
    res.assert_message("Successfully logged out");

    assert_invalid_bearer(&app.me(&access).await, "access after logout");
    assert_invalid_refresh(&app.refresh(&refresh_token).await, "refresh after logout");
    let again = app.post("/api/v1/auth/logout").bearer(&access).send().await;
    assert_invalid_bearer(&again, "second logout");

    assert_me_is(&app.me(&other_access).await, &email, "other session");
    let res = app.refresh(&other_refresh).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
}

#[tokio::test]
async fn a_deactivated_users_tokens_stop_working() {
    let app = spawn_app().await;
    let (email, access, refresh_token) = app.signed_up_user().await;
    assert_me_is(&app.me(&access).await, &email, "before");

    app.execute_sql(&format!(
        "UPDATE users SET is_active = false WHERE email = '{email}'"
    ))
    .await;

    assert_invalid_bearer(&app.me(&access).await, "deactivated bearer");
    let res = app.refresh(&refresh_token).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.text);
    assert_eq!(res.body, json!({"detail": "Account is deactivated"}));
}

#[tokio::test]
async fn a_deleted_users_tokens_stop_working() {
    let app = spawn_app().await;
    let (email, access, refresh_token) = app.signed_up_user().await;
    let user_id = claims_of(&access)["sub"]
        .as_str()
        .unwrap()
        .parse::<i64>()
        .unwrap();
    assert_me_is(&app.me(&access).await, &email, "before");

    app.execute_sql(&format!("DELETE FROM users WHERE email = '{email}'"))
        .await;
    let sessions = count(
        &app,
        &format!("SELECT COUNT(*) FROM sessions WHERE user_id = {user_id}"),
    )
    .await;
    assert_eq!(sessions, 0, "the sessions went with the user");

    assert_invalid_bearer(&app.me(&access).await, "deleted bearer");
    assert_invalid_refresh(&app.refresh(&refresh_token).await, "deleted refresh");
}

#[tokio::test]
async fn twenty_concurrent_refreshes_with_one_token_all_get_the_same_new_pair() {
    let app = spawn_app().await;
    let (email, _, _) = app.signed_up_user().await;
    for round in 0..3 {
        let (access, refresh_token) = second_session(&app, &email).await;
        let answers =
            futures_util::future::join_all((0..20).map(|_| app.refresh(&refresh_token))).await;
        let pairs: Vec<(String, String)> = answers.iter().map(pair).collect();
        // Two tabs refreshing at once end up holding one pair, not a revoked session.
        assert!(
            pairs.iter().all(|p| *p == pairs[0]),
            "round {round}: different pairs"
        );
        let (new_access, new_refresh) = pairs[0].clone();
        assert_ne!(new_refresh, refresh_token);
        assert_me_is(&app.me(&new_access).await, &email, "new access");
        assert_me_is(&app.me(&access).await, &email, "old access");
        let next = app.refresh(&new_refresh).await;
        assert_eq!(next.status, StatusCode::OK, "round {round}: {}", next.text);
    }
}

#[tokio::test]
async fn without_a_grace_window_concurrent_refreshes_let_exactly_one_through_and_revoke_the_session()
 {
    let app = spawn_app_with(|s| s.auth.refresh_reuse_grace_ms = 0).await;
    let (email, _, _) = app.signed_up_user().await;
    for round in 0..5 {
        let (_, refresh_token) = second_session(&app, &email).await;
        let (a, b) = tokio::join!(app.refresh(&refresh_token), app.refresh(&refresh_token));
        let winners: Vec<&TestResponse> = [&a, &b]
            .into_iter()
            .filter(|r| r.status == StatusCode::OK)
            .collect();
        // The compare-and-swap lets exactly one of them rotate the token.
        assert_eq!(
            winners.len(),
            1,
            "round {round}: {} refreshes succeeded",
            winners.len()
        );
        for res in [&a, &b] {
            if res.status != StatusCode::OK {
                assert_invalid_refresh(res, &format!("round {round}: loser"));
            }
        }
        // The token was presented twice: whoever won, nothing of this session survives.
        assert_invalid_refresh(
            &app.refresh(&refresh_token).await,
            &format!("round {round}: original"),
        );
        for winner in winners {
            let (new_access, new_refresh) = pair(winner);
            assert_invalid_bearer(
                &app.me(&new_access).await,
                &format!("round {round}: winner's access"),
            );
            assert_invalid_refresh(
                &app.refresh(&new_refresh).await,
                &format!("round {round}: winner's refresh"),
            );
        }
    }
}

#[tokio::test]
async fn the_retired_token_yields_the_same_pair_within_the_grace_window_and_revokes_after_it() {
    let app = spawn_app_with(|s| s.auth.refresh_reuse_grace_ms = 1500).await;
    let (_, access, refresh_token) = app.signed_up_user().await;
    let first = app.refresh(&refresh_token).await;
    let again = app.refresh(&refresh_token).await;
    assert_eq!(
        pair(&first),
        pair(&again),
        "a retried refresh gets the same pair"
    );

    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    assert_invalid_refresh(&app.refresh(&refresh_token).await, "reuse after the window");
    let (new_access, new_refresh) = pair(&first);
    assert_invalid_bearer(&app.me(&new_access).await, "new access after reuse");
    assert_invalid_bearer(&app.me(&access).await, "old access after reuse");
    assert_invalid_refresh(&app.refresh(&new_refresh).await, "new refresh after reuse");
}
