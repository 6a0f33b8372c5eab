use futures_util::future::join_all;
use reqwest::StatusCode;
use tailor_api_tests::{PASSWORD, spawn_app};

/// Concurrent writes (registrations create a user and a session; logins and refreshes write
/// sessions) must all succeed: on SQLite none may fail with "database is locked".
#[tokio::test]
async fn thirty_two_concurrent_registrations_logins_and_refreshes_all_succeed() {
    let app = spawn_app().await;
    let emails: Vec<String> = (0..32).map(|i| format!("user{i}@example.com")).collect();

    let registrations = join_all(emails.iter().map(|e| app.register(e, PASSWORD, "U"))).await;
    for res in &registrations {
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    }

    let logins = join_all(emails.iter().map(|e| app.login(e, PASSWORD))).await;
    for res in &logins {
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    }

    let refreshes = join_all(logins.iter().map(|l| {
        app.post("/api/v1/auth/refresh")
            .json(&serde_json::json!({"refresh_token": l.body["refresh_token"]}))
            .send()
    }))
    .await;
    for res in &refreshes {
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    }

    let ids: std::collections::HashSet<i64> = registrations
        .iter()
        .map(|r| r.body["user"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 32, "every registration created its own user");
}

/// The same email registered 8 times at once: exactly one account, the rest 409.
#[tokio::test]
async fn concurrent_registrations_of_one_email_create_one_account() {
    let app = spawn_app().await;
    let results = join_all((0..8).map(|_| app.register("race@example.com", PASSWORD, "R"))).await;
    let created = results
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    let conflicts = results
        .iter()
        .filter(|r| r.status == StatusCode::CONFLICT)
        .count();
    assert_eq!(created, 1, "{results:?}");
    assert_eq!(conflicts, 7, "{results:?}");
}
