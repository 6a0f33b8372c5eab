use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::Value;
use tailor_api_tests::{TestApp, spawn_app};

const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

async fn document(app: &TestApp) -> Value {
    let res = app.get("/api/v1/openapi.json").send().await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(
        res.header("content-type")
            .is_some_and(|t| t.starts_with("application/json")),
        "{:?}",
        res.headers
    );
    res.body
}

/// Every path of the document and its operations' methods, sorted.
fn operations(doc: &Value) -> BTreeMap<String, Vec<String>> {
    doc["paths"]
        .as_object()
        .expect("paths is an object")
        .iter()
        .map(|(path, item)| {
            let mut methods: Vec<String> = item
                .as_object()
                .expect("a path item is an object")
                .keys()
                .filter(|k| HTTP_METHODS.contains(&k.as_str()))
                .cloned()
                .collect();
            methods.sort();
            (path.clone(), methods)
        })
        .collect()
}

#[tokio::test]
async fn the_openapi_document_is_version_3_1_and_describes_the_api() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let version = doc["openapi"].as_str().unwrap_or_default();
    assert!(version.starts_with("3.1"), "{version:?}");
    assert_eq!(doc["info"]["title"], "Tailor API");
    assert!(doc["info"]["version"].is_string());
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"]
            .as_str()
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("bearer")
    );
}

#[tokio::test]
async fn the_openapi_paths_are_exactly_the_served_routes() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let p = "/api/v1/profiles/{profile_id}";
    let expected: BTreeMap<String, Vec<String>> = [
        ("/health".to_owned(), vec!["get"]),
        ("/ready".to_owned(), vec!["get"]),
        ("/api/v1/auth/register".to_owned(), vec!["post"]),
        ("/api/v1/auth/login".to_owned(), vec!["post"]),
        ("/api/v1/auth/refresh".to_owned(), vec!["post"]),
        ("/api/v1/auth/me".to_owned(), vec!["get"]),
        ("/api/v1/auth/logout".to_owned(), vec!["post"]),
        ("/api/v1/auth/change-password".to_owned(), vec!["post"]),
        ("/api/v1/auth/forgot-password".to_owned(), vec!["post"]),
        ("/api/v1/auth/reset-password".to_owned(), vec!["post"]),
        ("/api/v1/auth/check-email".to_owned(), vec!["get"]),
        ("/api/v1/profiles".to_owned(), vec!["get", "post"]),
        ("/api/v1/profiles/me".to_owned(), vec!["get"]),
        (p.to_owned(), vec!["delete", "get", "put"]),
        (format!("{p}/analytics"), vec!["get"]),
        (
            format!("{p}/experiences"),
            vec!["delete", "get", "post", "put"],
        ),
        (
            format!("{p}/education"),
            vec!["delete", "get", "post", "put"],
        ),
        (
            format!("{p}/projects"),
            vec!["delete", "get", "post", "put"],
        ),
        (format!("{p}/skills"), vec!["get", "put"]),
        (format!("{p}/skills/technical"), vec!["delete", "post"]),
        (format!("{p}/skills/soft"), vec!["delete", "post"]),
        (
            format!("{p}/certifications"),
            vec!["delete", "get", "post", "put"],
        ),
        (format!("{p}/custom-fields"), vec!["get", "post", "put"]),
        (format!("{p}/json-resume"), vec!["get"]),
        ("/api/v1/jobs".to_owned(), vec!["get", "post"]),
        ("/api/v1/jobs/browse".to_owned(), vec!["get"]),
        (
            "/api/v1/jobs/{job_id}".to_owned(),
            vec!["delete", "get", "put"],
        ),
        (
            "/api/v1/jobs/{job_id}/status-history".to_owned(),
            vec!["get"],
        ),
        ("/api/v1/samples/upload".to_owned(), vec!["post"]),
        ("/api/v1/samples".to_owned(), vec!["get"]),
        (
            "/api/v1/samples/{sample_id}".to_owned(),
            vec!["delete", "get"],
        ),
        (
            "/api/v1/profiles/import/json-resume".to_owned(),
            vec!["post"],
        ),
    ]
    .into_iter()
    .map(|(path, methods)| (path, methods.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(operations(&doc), expected);
}

#[tokio::test]
async fn every_documented_path_is_really_served() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    for (path, methods) in operations(&doc) {
        for method in methods {
            let method = reqwest::Method::from_bytes(method.to_ascii_uppercase().as_bytes())
                .expect("a method");
            let res = app.request(method.clone(), &path).send().await;
            assert_ne!(res.status, StatusCode::NOT_FOUND, "{method} {path}");
            assert_ne!(
                res.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
        }
    }
}

#[tokio::test]
async fn every_operation_documents_its_responses() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    for (path, methods) in operations(&doc) {
        for method in methods {
            let operation = &doc["paths"][&path][&method];
            let responses = operation["responses"]
                .as_object()
                .unwrap_or_else(|| panic!("{method} {path} has no responses"));
            assert!(!responses.is_empty(), "{method} {path}");
            assert!(
                responses.keys().any(|code| code.starts_with('2')),
                "{method} {path} documents a success"
            );
            assert_eq!(
                operation["tags"].as_array().map(Vec::len),
                Some(1),
                "{method} {path}"
            );
        }
    }
}

#[tokio::test]
async fn request_bodies_and_security_are_documented() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let register = &doc["paths"]["/api/v1/auth/register"]["post"];
    let body = &register["requestBody"]["content"]["application/json"]["schema"];
    assert!(body.is_object(), "{register}");
    assert!(register["responses"]["201"].is_object(), "{register}");
    assert!(register["responses"]["409"].is_object(), "{register}");

    for path in [
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/change-password",
        "/api/v1/auth/forgot-password",
        "/api/v1/auth/reset-password",
    ] {
        assert!(
            doc["paths"][path]["post"]["requestBody"].is_object(),
            "{path}"
        );
    }

    for (path, method) in [
        ("/api/v1/auth/me", "get"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/auth/change-password", "post"),
    ] {
        let security = &doc["paths"][path][method]["security"];
        assert!(
            security
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some())),
            "{method} {path}: {security}"
        );
    }
    assert!(doc["paths"]["/api/v1/auth/login"]["post"]["security"].is_null());
}

#[tokio::test]
async fn the_swagger_ui_is_served_under_docs() {
    let app = spawn_app().await;
    let res = app.get("/docs/").send().await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(
        res.header("content-type")
            .is_some_and(|t| t.starts_with("text/html")),
        "{:?}",
        res.headers
    );
    assert!(res.text.to_ascii_lowercase().contains("swagger"));
    assert!(res.text.contains("<html") || res.text.contains("<!DOCTYPE html>"));
}
