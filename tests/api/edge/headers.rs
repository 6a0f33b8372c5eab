//! The headers every answer carries: successes, 401/403, 404, 405, 422, preflights,
//! redirects and the Swagger UI alike.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tailor_api_tests::{TestApp, TestResponse, spawn_app, spawn_app_with};

/// One answer of each kind, labelled.
async fn answers(app: &TestApp) -> Vec<(&'static str, TestResponse)> {
    let (_, access, _) = app.signed_up_user().await;
    vec![
        ("200", app.me(&access).await),
        ("401", app.me("not-a-token").await),
        ("403", app.get("/api/v1/auth/me").send().await),
        ("404", app.get("/nowhere").send().await),
        (
            "404 api",
            app.get("/api/v1/jobs/00000000-0000-0000-0000-000000000000")
                .bearer(&access)
                .send()
                .await,
        ),
        (
            "405",
            app.request(Method::DELETE, "/api/v1/auth/me").send().await,
        ),
        (
            "422",
            app.post("/api/v1/auth/login").json(&json!({})).send().await,
        ),
        ("307", app.get("/api/v1/auth/me/").send().await),
        (
            "preflight",
            app.request(Method::OPTIONS, "/api/v1/auth/login")
                .header("origin", "http://localhost:3000")
                .header("access-control-request-method", "POST")
                .send()
                .await,
        ),
        ("docs", app.get("/docs/").send().await),
        ("health", app.get("/health").send().await),
    ]
}

fn expected_status(label: &str) -> u16 {
    match label {
        "401" => 401,
        "403" => 403,
        "404" | "404 api" => 404,
        "405" => 405,
        "422" => 422,
        "307" => 307,
        _ => 200,
    }
}

#[tokio::test]
async fn every_answer_forbids_sniffing_framing_and_referrers() {
    let app = spawn_app().await;
    for (label, res) in answers(&app).await {
        assert_eq!(
            res.status.as_u16(),
            expected_status(label),
            "{label}: {}",
            res.text
        );
        assert_eq!(
            res.header("x-content-type-options"),
            Some("nosniff"),
            "{label}"
        );
        assert_eq!(res.header("x-frame-options"), Some("DENY"), "{label}");
        assert_eq!(
            res.header("referrer-policy"),
            Some("no-referrer"),
            "{label}"
        );
        let csp = res.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{label}: {csp}");
        if label == "docs" {
            assert!(csp.contains("script-src 'self'"), "{csp}");
            assert!(!csp.contains("unsafe-eval"), "{csp}");
        } else {
            assert!(csp.starts_with("default-src 'none'"), "{label}: {csp}");
        }
    }
}

#[tokio::test]
async fn the_swagger_ui_page_loads_under_its_policy() {
    let app = spawn_app().await;
    let page = app.get("/docs/").send().await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("swagger-ui"), "{}", page.text);
    // Its scripts come from files of its own (allowed by `script-src 'self'`), none inline.
    let scripts: Vec<&str> = page.text.split("<script").skip(1).collect();
    assert!(!scripts.is_empty());
    for script in &scripts {
        let tag = &script[..script.find('>').unwrap()];
        assert!(
            tag.contains("src=\"./"),
            "an inline or foreign script: {tag}"
        );
    }
    for asset in [
        "/docs/swagger-ui-bundle.js",
        "/docs/swagger-initializer.js",
        "/docs/swagger-ui.css",
    ] {
        let res = app.get(asset).send().await;
        assert_eq!(res.status, StatusCode::OK, "{asset}");
        assert_eq!(
            res.header("content-security-policy"),
            page.header("content-security-policy"),
            "{asset}"
        );
    }
    // The document it fetches is same-origin (`connect-src 'self'`).
    let initializer = app.get("/docs/swagger-initializer.js").send().await;
    assert!(
        initializer.text.contains("/api/v1/openapi.json"),
        "{}",
        initializer.text
    );
}

#[tokio::test]
async fn tokens_and_personal_data_are_never_stored_by_caches() {
    let app = spawn_app().await;
    let email = "cache@example.com";
    let register = app
        .register(email, tailor_api_tests::PASSWORD, "Cache")
        .await;
    let login = app.login(email, tailor_api_tests::PASSWORD).await;
    let refresh = app
        .refresh(login.body["refresh_token"].as_str().unwrap())
        .await;
    let access = login.body["access_token"].as_str().unwrap().to_owned();
    let mut private = vec![
        ("register", register),
        ("login", login),
        ("refresh", refresh),
        (
            "profiles",
            app.get("/api/v1/profiles").bearer(&access).send().await,
        ),
        ("jobs", app.get("/api/v1/jobs").bearer(&access).send().await),
        (
            "samples",
            app.get("/api/v1/samples").bearer(&access).send().await,
        ),
    ];
    for (label, res) in answers(&app).await {
        if !matches!(label, "404" | "docs" | "health" | "preflight") {
            private.push((label, res));
        }
    }
    for (label, res) in &private {
        assert!(res.status.as_u16() < 500, "{label}: {}", res.text);
        assert_eq!(res.header("cache-control"), Some("no-store"), "{label}");
    }

    for path in [
        "/api/v1/jobs/browse",
        "/api/v1/openapi.json",
        "/health",
        "/docs/",
    ] {
        let res = app.get(path).send().await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert_eq!(res.header("cache-control"), None, "{path}");
    }
}

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

#[tokio::test]
async fn every_405_lists_the_methods_of_its_resource_in_allow() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/v1/openapi.json").send().await.body;
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() > 20, "the walk covers the whole API");
    let mut walked = 0;
    for (template, item) in paths {
        let path = template
            .replace("{profile_id}", "1")
            .replace("{job_id}", "00000000-0000-0000-0000-000000000000")
            .replace("{sample_id}", "00000000-0000-0000-0000-000000000000")
            .replace("{generation_id}", "00000000-0000-0000-0000-000000000000")
            .replace("{export_id}", "00000000-0000-0000-0000-000000000000")
            .replace("{template_id}", "modern")
            .replace(
                "{filename}",
                "exports_1_00000000-0000-0000-0000-000000000000.pdf",
            );
        assert!(!path.contains('{'), "an unknown parameter in {template}");
        let served: Vec<&str> = METHODS
            .into_iter()
            .filter(|m| item.get(m.to_ascii_lowercase()).is_some())
            .collect();
        for method in METHODS.into_iter().filter(|m| !served.contains(m)) {
            let res = app
                .request(Method::from_bytes(method.as_bytes()).unwrap(), &path)
                .send()
                .await;
            assert_eq!(
                res.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}: {}",
                res.text
            );
            assert_eq!(res.body, json!({"detail": "Method Not Allowed"}));
            assert_eq!(
                res.header("allow"),
                Some(served.join(", ").as_str()),
                "{method} {path}"
            );
            walked += 1;
        }
    }
    assert!(walked > 50, "{walked} answers checked");

    // And on the usual examples, spelled out.
    for (method, path, allow) in [
        (Method::GET, "/api/v1/auth/login", "POST"),
        (Method::DELETE, "/api/v1/auth/me", "GET"),
        (
            Method::POST,
            "/api/v1/jobs/00000000-0000-0000-0000-000000000000",
            "GET, PUT, DELETE",
        ),
        (
            Method::PATCH,
            "/api/v1/profiles/1/experiences",
            "GET, POST, PUT, DELETE",
        ),
        (Method::POST, "/health", "GET"),
    ] {
        let res = app.request(method.clone(), path).send().await;
        assert_eq!(
            res.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert_eq!(res.header("allow"), Some(allow), "{method} {path}");
    }
}

#[tokio::test]
async fn hsts_is_sent_only_when_configured() {
    let app = spawn_app().await;
    for (label, res) in answers(&app).await {
        assert_eq!(res.header("strict-transport-security"), None, "{label}");
    }

    let app = spawn_app_with(|s| s.server.hsts = true).await;
    for (label, res) in answers(&app).await {
        assert_eq!(
            res.header("strict-transport-security"),
            Some("max-age=31536000; includeSubDomains"),
            "{label}"
        );
    }
}
