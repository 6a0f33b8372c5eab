//! The trailing-slash redirect only ever points at a path of this server.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tailor_api_tests::spawn_app;

use super::exchange;

#[tokio::test]
async fn paths_that_browsers_read_as_another_host_are_not_redirected() {
    let app = spawn_app().await;
    for target in [
        "//evil.example/",
        "//evil.example/login/?next=x",
        "/\\evil.example/",
        "///evil.example/",
        "/\\/evil.example/",
    ] {
        let request = format!("GET {target} HTTP/1.1\r\nHost: tailor\r\nConnection: close\r\n\r\n");
        let (_, res) = exchange(app.port, request.as_bytes(), Duration::from_secs(5)).await;
        assert_eq!(res.status, 404, "{target}: {res:?}");
        assert_eq!(res.header("location"), None, "{target}");
        let body: Value = serde_json::from_str(&res.body).expect("a JSON body");
        assert_eq!(body, json!({"detail": "Not Found"}), "{target}");
    }
}

#[tokio::test]
async fn a_local_path_with_a_trailing_slash_still_redirects() {
    let app = spawn_app().await;
    for (path, location) in [
        ("/api/v1/auth/me/", "/api/v1/auth/me"),
        ("/api/v1/jobs/?limit=5", "/api/v1/jobs?limit=5"),
        ("/api/v1/jobs/browse//", "/api/v1/jobs/browse"),
        ("/health/", "/health"),
    ] {
        let res = app.get(path).send().await;
        assert_eq!(res.status, StatusCode::TEMPORARY_REDIRECT, "{path}");
        assert_eq!(res.header("location"), Some(location), "{path}");
    }
}
