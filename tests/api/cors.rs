use reqwest::{Method, StatusCode};
use serde_json::json;
use tailor_api_tests::{PASSWORD, TestApp, TestResponse, spawn_app};

const LOCAL_ORIGIN: &str = "http://localhost:5173";
const LISTED_ORIGIN: &str = "http://127.0.0.1:3000";
const EVIL_ORIGIN: &str = "https://evil.example";

async fn preflight(app: &TestApp, origin: &str, path: &str) -> TestResponse {
    app.request(Method::OPTIONS, path)
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
        .send()
        .await
}

/// Asserts the CORS headers of a simple response from an allowed `origin`.
fn assert_cors(res: &TestResponse, origin: &str) {
    assert_eq!(
        res.header("access-control-allow-origin"),
        Some(origin),
        "status {}: {:?}",
        res.status,
        res.headers
    );
    assert_eq!(res.header("access-control-allow-credentials"), Some("true"));
    assert!(
        res.headers
            .get_all("vary")
            .iter()
            .any(|v| v.to_str().is_ok_and(|v| v.contains("Origin"))),
        "{:?}",
        res.headers
    );
}

fn assert_request_id(res: &TestResponse) {
    assert!(
        res.header("x-request-id").is_some_and(|id| !id.is_empty()),
        "status {}: {:?}",
        res.status,
        res.headers
    );
}

#[tokio::test]
async fn a_preflight_from_an_allowed_origin_is_answered_ok() {
    let app = spawn_app().await;
    for origin in [LOCAL_ORIGIN, LISTED_ORIGIN] {
        let res = preflight(&app, origin, "/api/v1/auth/login").await;
        assert_eq!(res.status, StatusCode::OK, "{origin}");
        assert_eq!(res.text, "OK", "{origin}");
        assert!(
            res.header("content-type")
                .is_some_and(|t| t.starts_with("text/plain")),
            "{origin}: {:?}",
            res.headers
        );
        assert_eq!(
            res.header("access-control-allow-origin"),
            Some(origin),
            "never a wildcard"
        );
        assert_eq!(res.header("access-control-allow-credentials"), Some("true"));
        let methods = res
            .header("access-control-allow-methods")
            .unwrap_or_default();
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
            assert!(methods.contains(method), "{method} in {methods:?}");
        }
        assert_eq!(
            res.header("access-control-allow-headers"),
            Some("authorization,content-type")
        );
        assert_request_id(&res);
    }
}

#[tokio::test]
async fn a_preflight_is_answered_for_any_path_even_one_that_does_not_exist() {
    let app = spawn_app().await;
    let res = preflight(&app, LOCAL_ORIGIN, "/api/v1/not-a-route").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.text, "OK");
    assert_eq!(
        res.header("access-control-allow-origin"),
        Some(LOCAL_ORIGIN)
    );
}

#[tokio::test]
async fn a_preflight_from_a_disallowed_origin_is_refused() {
    let app = spawn_app().await;
    for origin in [
        EVIL_ORIGIN,
        "https://localhost:5173",
        "http://localhost.evil.example",
    ] {
        let res = preflight(&app, origin, "/api/v1/auth/login").await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{origin}");
        assert_eq!(res.text, "Disallowed CORS origin", "{origin}");
        assert_eq!(res.header("access-control-allow-origin"), None, "{origin}");
        assert_eq!(res.header("access-control-allow-credentials"), None);
        assert_request_id(&res);
    }
}

#[tokio::test]
async fn simple_responses_carry_the_cors_headers_whatever_their_status() {
    let app = spawn_app().await;

    let ok = app
        .get("/health")
        .header("origin", LOCAL_ORIGIN)
        .send()
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.body, json!({"status": "healthy"}));
    assert_cors(&ok, LOCAL_ORIGIN);

    let unauthorized = app
        .post("/api/v1/auth/login")
        .header("origin", LISTED_ORIGIN)
        .json(&json!({"email": "nobody@example.com", "password": PASSWORD}))
        .send()
        .await;
    assert_eq!(unauthorized.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unauthorized.body, json!({"detail": "Invalid credentials"}));
    assert_cors(&unauthorized, LISTED_ORIGIN);

    let invalid = app
        .post("/api/v1/auth/login")
        .header("origin", LOCAL_ORIGIN)
        .json(&json!({"password": PASSWORD}))
        .send()
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.first_error()["loc"], json!(["body", "email"]));
    assert_cors(&invalid, LOCAL_ORIGIN);

    let forbidden = app
        .get("/api/v1/auth/me")
        .header("origin", LOCAL_ORIGIN)
        .send()
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert_eq!(forbidden.body, json!({"detail": "Not authenticated"}));
    assert_cors(&forbidden, LOCAL_ORIGIN);

    let not_found = app.get("/").header("origin", LOCAL_ORIGIN).send().await;
    assert_eq!(not_found.status, StatusCode::NOT_FOUND);
    assert_eq!(not_found.body, json!({"detail": "Not Found"}));
    assert_cors(&not_found, LOCAL_ORIGIN);

    let not_allowed = app
        .get("/api/v1/auth/login")
        .header("origin", LOCAL_ORIGIN)
        .send()
        .await;
    assert_eq!(not_allowed.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(not_allowed.body, json!({"detail": "Method Not Allowed"}));
    assert_cors(&not_allowed, LOCAL_ORIGIN);
}

#[tokio::test]
async fn a_500_has_a_generic_body_and_still_carries_the_cors_headers() {
    let app = spawn_app().await;
    let (email, _, _) = app.signed_up_user().await;
    // Logging in inserts a session; without the table that insert fails.
    app.execute_sql("DROP TABLE sessions").await;

    let res = app
        .post("/api/v1/auth/login")
        .header("origin", LOCAL_ORIGIN)
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await;
    assert_eq!(
        res.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        res.text
    );
    assert_eq!(res.text, r#"{"detail":"Internal server error"}"#);
    assert_cors(&res, LOCAL_ORIGIN);
    assert_request_id(&res);

    // Without an origin there is nothing to echo.
    let res = app
        .post("/api/v1/auth/login")
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(res.body, json!({"detail": "Internal server error"}));
    assert_eq!(res.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn a_disallowed_origin_gets_the_answer_without_cors_headers() {
    let app = spawn_app().await;
    let res = app
        .get("/health")
        .header("origin", EVIL_ORIGIN)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body, json!({"status": "healthy"}));
    assert_eq!(res.header("access-control-allow-origin"), None);
    assert_eq!(res.header("access-control-allow-credentials"), None);

    let res = app
        .post("/api/v1/auth/login")
        .header("origin", EVIL_ORIGIN)
        .json(&json!({"email": "nobody@example.com", "password": PASSWORD}))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.detail(), "Invalid credentials");
    assert_eq!(res.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn every_response_has_a_request_id() {
    let app = spawn_app().await;
    let (_, access, _) = app.signed_up_user().await;
    let responses = [
        app.get("/health").send().await,
        app.get("/api/v1/auth/me").bearer(&access).send().await,
        app.get("/api/v1/auth/me").send().await,
        app.get("/api/v1/auth/me").bearer("bad").send().await,
        app.get("/").send().await,
        app.get("/api/v1/auth/login").send().await,
        app.get("/api/v1/auth/me/").send().await,
        app.post("/api/v1/auth/login").json(&json!({})).send().await,
        preflight(&app, LOCAL_ORIGIN, "/api/v1/auth/login").await,
    ];
    let expected = [200, 200, 403, 401, 404, 405, 307, 422, 200];
    let mut ids = Vec::new();
    for (res, status) in responses.iter().zip(expected) {
        assert_eq!(res.status.as_u16(), status, "{}", res.text);
        assert_request_id(res);
        ids.push(res.header("x-request-id").unwrap().to_owned());
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), responses.len(), "each request has its own id");
}
