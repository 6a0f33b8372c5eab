use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{Value, json};
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
        ("/api/v1/profile/enhance".to_owned(), vec!["post"]),
        ("/api/v1/rankings/create".to_owned(), vec!["post"]),
        ("/api/v1/rankings/job/{job_id}".to_owned(), vec!["get"]),
        ("/api/v1/generations/resume".to_owned(), vec!["post"]),
        ("/api/v1/generations/cover-letter".to_owned(), vec!["post"]),
        ("/api/v1/generations/history".to_owned(), vec!["get"]),
        (
            "/api/v1/generations/{generation_id}".to_owned(),
            vec!["delete", "get"],
        ),
        ("/api/v1/generations".to_owned(), vec!["post"]),
        (
            "/api/v1/generations/{generation_id}/events".to_owned(),
            vec!["get"],
        ),
        (
            "/api/v1/generations/{generation_id}/cancel".to_owned(),
            vec!["post"],
        ),
        ("/api/v1/usage".to_owned(), vec!["get"]),
        ("/api/v1/exports/pdf".to_owned(), vec!["post"]),
        ("/api/v1/exports/docx".to_owned(), vec!["post"]),
        ("/api/v1/exports/markdown".to_owned(), vec!["post"]),
        ("/api/v1/exports/text".to_owned(), vec!["post"]),
        ("/api/v1/exports/batch".to_owned(), vec!["post"]),
        ("/api/v1/exports/preview".to_owned(), vec!["post"]),
        ("/api/v1/exports/templates".to_owned(), vec!["get"]),
        (
            "/api/v1/exports/templates/{template_id}".to_owned(),
            vec!["get"],
        ),
        ("/api/v1/exports/files".to_owned(), vec!["get"]),
        (
            "/api/v1/exports/files/{export_id}/download".to_owned(),
            vec!["get"],
        ),
        ("/api/v1/exports/files/job/{job_id}".to_owned(), vec!["get"]),
        (
            "/api/v1/exports/files/{export_id}".to_owned(),
            vec!["delete"],
        ),
        (
            "/api/v1/exports/download/{filename}".to_owned(),
            vec!["get"],
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

// ---------- the document tells the truth ----------

/// Every operation: path, method and the operation object.
fn each_operation(doc: &Value) -> Vec<(String, String, Value)> {
    operations(doc)
        .into_iter()
        .flat_map(|(path, methods)| {
            let doc = doc.clone();
            methods.into_iter().map(move |method| {
                let operation = doc["paths"][&path][&method].clone();
                (path.clone(), method, operation)
            })
        })
        .collect()
}

fn is_secured(operation: &Value) -> bool {
    operation["security"]
        .as_array()
        .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()))
}

/// The schema a `$ref` points to (or the schema itself).
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap_or_default();
            &doc["components"]["schemas"][name]
        }
        None => schema,
    }
}

/// The names of the schemas an answer may have: the `$ref` itself, or the `oneOf`
/// alternatives of the schema it points to.
fn body_schemas(doc: &Value, response: &Value) -> Vec<String> {
    let schema = &response["content"]["application/json"]["schema"];
    let name = |s: &Value| {
        s["$ref"]
            .as_str()
            .and_then(|r| r.rsplit('/').next())
            .unwrap_or_default()
            .to_owned()
    };
    let target = resolve(doc, schema);
    match target["oneOf"].as_array() {
        Some(alternatives) if schema.get("$ref").is_some() => {
            alternatives.iter().map(name).collect()
        }
        _ => vec![name(schema)],
    }
}

/// A body that reaches the authentication check of an operation (any JSON for JSON bodies).
async fn send_without_body_check(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    authorization: Option<&str>,
) -> tailor_api_tests::TestResponse {
    let method = reqwest::Method::from_bytes(method.to_ascii_uppercase().as_bytes()).unwrap();
    let path = path
        .replace("{profile_id}", &uuid::Uuid::new_v4().to_string())
        .replace("{job_id}", &uuid::Uuid::new_v4().to_string())
        .replace("{sample_id}", &uuid::Uuid::new_v4().to_string());
    let mut request = app.request(method, &path);
    if let Some(token) = token {
        request = request.bearer(token);
    }
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    request.raw("{}").send().await
}

#[tokio::test]
async fn every_authenticated_operation_answers_and_documents_403_without_a_bearer_and_401_for_a_bad_token()
 {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let secured: Vec<_> = each_operation(&doc)
        .into_iter()
        .filter(|(_, _, op)| is_secured(op))
        .collect();
    assert!(secured.len() > 40, "{}", secured.len());
    for (path, method, operation) in &secured {
        for status in ["401", "403"] {
            let response = &operation["responses"][status];
            assert_eq!(
                body_schemas(&doc, response),
                ["ErrorBody"],
                "{method} {path} documents {status}: {response}"
            );
        }
        assert!(
            operation["responses"]["401"]["headers"]["WWW-Authenticate"].is_object(),
            "{method} {path}"
        );

        let res = send_without_body_check(&app, method, path, None, None).await;
        assert_eq!(
            res.status,
            StatusCode::FORBIDDEN,
            "{method} {path}: {}",
            res.text
        );
        assert_eq!(res.detail(), "Not authenticated", "{method} {path}");
        let res = send_without_body_check(&app, method, path, None, Some("Basic dTpw")).await;
        assert_eq!(
            res.status,
            StatusCode::FORBIDDEN,
            "{method} {path}: {}",
            res.text
        );
        let res = send_without_body_check(&app, method, path, Some("not-a-token"), None).await;
        assert_eq!(
            res.status,
            StatusCode::UNAUTHORIZED,
            "{method} {path}: {}",
            res.text
        );
        assert_eq!(res.header("www-authenticate"), Some("Bearer"));
    }
}

#[tokio::test]
async fn every_operation_with_a_body_documents_408_413_and_the_422_list() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let mut with_body = 0;
    for (path, method, operation) in each_operation(&doc) {
        if operation["requestBody"].is_null() {
            continue;
        }
        with_body += 1;
        let responses = &operation["responses"];
        for status in ["408", "413"] {
            assert_eq!(
                body_schemas(&doc, &responses[status]),
                ["ErrorBody"],
                "{method} {path} documents {status}"
            );
        }
        assert!(
            body_schemas(&doc, &responses["422"]).contains(&"ValidationErrorBody".to_owned()),
            "{method} {path} documents the 422 list: {}",
            responses["422"]
        );
    }
    assert!(with_body >= 28, "{with_body}");
}

#[tokio::test]
async fn operations_that_use_the_database_document_503_and_those_that_write_507() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let without_database = [("/health", "get"), ("/api/v1/jobs/browse", "get")];
    for (path, method, operation) in each_operation(&doc) {
        let responses = &operation["responses"];
        if without_database.contains(&(path.as_str(), method.as_str())) {
            assert!(responses["503"].is_null(), "{method} {path}");
            continue;
        }
        assert!(
            responses["503"].is_object(),
            "{method} {path} documents 503"
        );
        if path == "/api/v1/auth/forgot-password" {
            // The same answer when the storage is full, so as not to tell whether an
            // account exists.
            assert!(responses["507"].is_null());
            continue;
        }
        if path != "/ready" {
            assert!(
                responses["503"]["headers"]["Retry-After"].is_object(),
                "{method} {path}"
            );
        }
        assert_eq!(
            responses["507"].is_object(),
            method != "get",
            "{method} {path} documents 507 exactly when it writes"
        );
    }
    for (path, method, operation) in each_operation(&doc) {
        if let Some(too_many) = operation["responses"].get("429") {
            assert!(
                too_many["headers"]["Retry-After"].is_object(),
                "{method} {path}"
            );
        }
    }
}

#[tokio::test]
async fn no_documented_204_has_a_body() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let mut seen = 0;
    for (path, method, operation) in each_operation(&doc) {
        if let Some(no_content) = operation["responses"].get("204") {
            seen += 1;
            assert!(
                no_content.get("content").is_none(),
                "{method} {path}: {no_content}"
            );
        }
    }
    // Profile, job, sample and experiences deletes.
    assert!(seen >= 4, "{seen}");
}

#[tokio::test]
async fn field_errors_document_any_input_and_business_rule_422s_the_string_form() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let field_error = &doc["components"]["schemas"]["FieldError"];
    let input = &field_error["properties"]["input"];
    for restriction in ["type", "$ref", "oneOf", "anyOf", "enum", "const"] {
        assert!(input.get(restriction).is_none(), "{input}");
    }
    assert!(
        field_error["required"]
            .as_array()
            .is_some_and(|r| r.contains(&json!("input")) && !r.contains(&json!("ctx"))),
        "{field_error}"
    );

    // Inputs of every kind come back as they were sent.
    let res = app
        .post("/api/v1/auth/register")
        .json(&json!({"email": 5, "password": "Secret123", "full_name": "X"}))
        .send()
        .await;
    assert_eq!(res.first_error()["input"], json!(5));
    let res = app.post("/api/v1/auth/register").raw("{}").send().await;
    assert!(res.first_error()["input"].is_object(), "{}", res.text);

    // A business rule answers the string form, and the operation documents it.
    let res = app
        .register("rule@example.com", "alllowercase1", "Rule")
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(res.body["detail"].is_string(), "{}", res.text);
    let (_, token, _) = app.signed_up_user().await;
    let job = app
        .post("/api/v1/jobs")
        .bearer(&token)
        .json(&json!({"title": "Engineer", "company": "Acme"}))
        .send()
        .await;
    let id = job.body["id"].as_str().unwrap().to_owned();
    let res = app
        .request(reqwest::Method::PUT, &format!("/api/v1/jobs/{id}"))
        .bearer(&token)
        .json(&json!({"notes": null}))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(res.body["detail"].is_string(), "{}", res.text);
    for (path, method) in [
        ("/api/v1/auth/register", "post"),
        ("/api/v1/auth/change-password", "post"),
        ("/api/v1/auth/reset-password", "post"),
        ("/api/v1/profiles", "post"),
        ("/api/v1/profiles/{profile_id}", "put"),
        ("/api/v1/profiles/{profile_id}/experiences", "post"),
        ("/api/v1/profiles/{profile_id}/skills", "put"),
        ("/api/v1/profiles/{profile_id}/custom-fields", "put"),
        ("/api/v1/profiles/import/json-resume", "post"),
        ("/api/v1/jobs", "post"),
        ("/api/v1/jobs/{job_id}", "put"),
        ("/api/v1/samples/upload", "post"),
    ] {
        assert_eq!(
            body_schemas(&doc, &doc["paths"][path][method]["responses"]["422"]),
            ["ValidationErrorBody", "ErrorBody"],
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn limit_and_offset_are_documented_as_the_server_reads_them() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let (_, token, _) = app.signed_up_user().await;
    let mut lists = 0;
    for (path, method, operation) in each_operation(&doc) {
        let Some(parameters) = operation["parameters"].as_array() else {
            continue;
        };
        let param = |name: &str| {
            parameters
                .iter()
                .find(|p| p["name"] == name)
                .map(|p| p["schema"].clone())
        };
        let (Some(limit), Some(offset)) = (param("limit"), param("offset")) else {
            assert!(param("limit").is_none() && param("offset").is_none());
            continue;
        };
        lists += 1;
        assert_eq!(limit["type"], "integer", "{method} {path}");
        assert_eq!(limit["minimum"], 1, "{method} {path}");
        assert_eq!(limit["maximum"], 100, "{method} {path}");
        assert_eq!(offset["type"], "integer", "{method} {path}");
        assert_eq!(offset["format"], "int64", "{method} {path}");
        assert_eq!(offset["minimum"], 0, "{method} {path}");
        assert_eq!(offset["maximum"], json!(i64::MAX), "{method} {path}");

        let path = path
            .replace("{profile_id}", &uuid::Uuid::new_v4().to_string())
            .replace("{job_id}", &uuid::Uuid::new_v4().to_string());
        let status = |query: &'static str| {
            let app = &app;
            let token = &token;
            let path = path.clone();
            async move {
                app.get(&format!("{path}?{query}"))
                    .bearer(token)
                    .send()
                    .await
                    .status
            }
        };
        for query in [
            "limit=0",
            "limit=101",
            "offset=-1",
            "offset=9223372036854775808",
        ] {
            assert_eq!(
                status(query).await,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{path}?{query}"
            );
        }
        for query in ["limit=1", "limit=100", "offset=9223372036854775807"] {
            assert_ne!(
                status(query).await,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{path}?{query}"
            );
        }
    }
    assert_eq!(lists, 11);
}

/// The schemas of `kind` (`string`, `array`, ...) in request bodies and parameters, with
/// where they are.
fn request_schemas(doc: &Value, kind: &str) -> Vec<(String, Value)> {
    fn walk(
        doc: &Value,
        kind: &str,
        schema: &Value,
        at: String,
        seen: &mut Vec<String>,
        out: &mut Vec<(String, Value)>,
    ) {
        if let Some(r) = schema["$ref"].as_str() {
            if seen.iter().any(|s| s == r) {
                return;
            }
            seen.push(r.to_owned());
            walk(doc, kind, resolve(doc, schema), at, seen, out);
            seen.pop();
            return;
        }
        let types: Vec<&str> = match &schema["type"] {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        if types.contains(&kind) {
            out.push((at.clone(), schema.clone()));
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            for (i, s) in schema[key].as_array().into_iter().flatten().enumerate() {
                if key == "allOf" && s.get("anyOf").is_some() && s.get("$ref").is_none() {
                    // A condition on which fields are present (a job update names one at
                    // least), beside the schema that bounds their values.
                    continue;
                }
                walk(doc, kind, s, format!("{at}/{key}/{i}"), seen, out);
            }
        }
        if let Some(properties) = schema["properties"].as_object() {
            for (name, s) in properties {
                walk(doc, kind, s, format!("{at}.{name}"), seen, out);
            }
        }
        for key in ["items", "additionalProperties", "propertyNames"] {
            if schema[key].is_object() {
                walk(doc, kind, &schema[key], format!("{at}/{key}"), seen, out);
            }
        }
    }
    let mut out = Vec::new();
    for (path, method, operation) in each_operation(doc) {
        for content in operation["requestBody"]["content"]
            .as_object()
            .into_iter()
            .flatten()
        {
            walk(
                doc,
                kind,
                &content.1["schema"],
                format!("{method} {path} body"),
                &mut Vec::new(),
                &mut out,
            );
        }
        for p in operation["parameters"].as_array().into_iter().flatten() {
            let at = format!("{method} {path} {}", p["name"]);
            walk(doc, kind, &p["schema"], at, &mut Vec::new(), &mut out);
        }
    }
    out
}

#[tokio::test]
async fn every_request_string_is_bounded_or_has_a_format_a_pattern_or_a_set_of_values() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let strings = request_schemas(&doc, "string");
    assert!(strings.len() > 100, "{}", strings.len());
    for (at, schema) in strings {
        assert!(
            ["maxLength", "enum", "format", "pattern"]
                .iter()
                .any(|k| schema.get(*k).is_some()),
            "{at}: {schema}"
        );
    }
}

#[tokio::test]
async fn every_request_list_is_bounded() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let lists = request_schemas(&doc, "array");
    assert!(lists.len() > 30, "{}", lists.len());
    for (at, schema) in lists {
        assert!(schema["maxItems"].is_u64(), "{at}: {schema}");
    }
    for (path, method) in [
        ("/api/v1/profiles/{profile_id}/experiences", "post"),
        ("/api/v1/profiles/{profile_id}/projects", "put"),
        ("/api/v1/profiles/{profile_id}/certifications", "post"),
    ] {
        let body =
            &doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(body["maxItems"], 100, "{method} {path}: {body}");
    }
}

#[tokio::test]
async fn request_constraints_match_the_domain_rules() {
    use tailor_domain::job::{
        ApplicationStatus, EmploymentType, JobSortField, JobSource, JobStatus, MAX_COMPANY_LEN,
        MAX_DESCRIPTION_LEN, MAX_NOTES_LEN, MAX_TITLE_LEN,
    };
    use tailor_domain::profile::{
        MAX_CERTIFICATIONS, MAX_EDUCATION, MAX_EXPERIENCES, MAX_LANGUAGES, MAX_PROJECTS,
        MAX_SUMMARY_LEN, Proficiency,
    };
    use tailor_domain::user::{
        EMAIL_MAX_LEN, FULL_NAME_MAX_LEN, PASSWORD_MAX_LEN, PASSWORD_MIN_LEN,
    };

    let app = spawn_app().await;
    let doc = document(&app).await;
    let schemas = &doc["components"]["schemas"];
    let prop = |schema: &str, field: &str| schemas[schema]["properties"][field].clone();

    for schema in [
        "RegisterRequest",
        "LoginRequest",
        "ForgotPasswordRequest",
        "PersonalInfoRequest",
    ] {
        assert_eq!(prop(schema, "email")["format"], "email", "{schema}");
        assert_eq!(
            prop(schema, "email")["maxLength"],
            EMAIL_MAX_LEN,
            "{schema}"
        );
    }
    let check_email = doc["paths"]["/api/v1/auth/check-email"]["get"]["parameters"][0].clone();
    assert_eq!(check_email["schema"]["format"], "email");
    assert_eq!(check_email["required"], true);
    for (schema, field) in [
        ("RegisterRequest", "password"),
        ("ResetPasswordRequest", "new_password"),
        ("ChangePasswordRequest", "new_password"),
    ] {
        let p = prop(schema, field);
        assert_eq!(p["minLength"], PASSWORD_MIN_LEN, "{schema}.{field}");
        assert_eq!(p["maxLength"], PASSWORD_MAX_LEN, "{schema}.{field}");
        assert!(p["pattern"].is_string(), "{schema}.{field}");
    }
    for (schema, field, key, expected) in [
        (
            "LoginRequest",
            "password",
            "maxLength",
            json!(PASSWORD_MAX_LEN),
        ),
        ("RegisterRequest", "full_name", "minLength", json!(1)),
        (
            "RegisterRequest",
            "full_name",
            "maxLength",
            json!(FULL_NAME_MAX_LEN),
        ),
        (
            "JobCreateStructured",
            "title",
            "maxLength",
            json!(MAX_TITLE_LEN),
        ),
        (
            "JobCreateStructured",
            "company",
            "maxLength",
            json!(MAX_COMPANY_LEN),
        ),
        (
            "JobCreateStructured",
            "description",
            "maxLength",
            json!(MAX_DESCRIPTION_LEN),
        ),
        (
            "UpdateJobRequest",
            "notes",
            "maxLength",
            json!(MAX_NOTES_LEN),
        ),
        (
            "CreateProfileRequest",
            "professional_summary",
            "maxLength",
            json!(MAX_SUMMARY_LEN),
        ),
    ] {
        assert_eq!(prop(schema, field)[key], expected, "{schema}.{field}.{key}");
    }
    for (field, max) in [
        ("experiences", MAX_EXPERIENCES),
        ("education", MAX_EDUCATION),
        ("projects", MAX_PROJECTS),
    ] {
        assert_eq!(
            prop("CreateProfileRequest", field)["maxItems"],
            max,
            "{field}"
        );
        assert_eq!(
            prop("UpdateProfileRequest", field)["maxItems"],
            max,
            "{field}"
        );
    }
    assert_eq!(
        prop("SkillsRequest", "languages")["maxItems"],
        MAX_LANGUAGES
    );
    assert_eq!(
        prop("SkillsRequest", "certifications")["maxItems"],
        MAX_CERTIFICATIONS
    );
    assert_eq!(prop("EducationRequest", "gpa")["minimum"], 0.0);
    assert_eq!(prop("EducationRequest", "gpa")["maximum"], 4.0);
    assert_eq!(prop("ExperienceRequest", "start_date")["format"], "date");

    let values = |name: &str| -> Vec<String> {
        schemas[name]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{name} is a set of values"))
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let names = |all: Vec<&str>| -> Vec<String> { all.into_iter().map(str::to_owned).collect() };
    assert_eq!(
        values("JobStatus"),
        names(JobStatus::ALL.iter().map(|v| v.as_str()).collect())
    );
    assert_eq!(
        values("ApplicationStatus"),
        names(ApplicationStatus::ALL.iter().map(|v| v.as_str()).collect())
    );
    assert_eq!(
        values("EmploymentType"),
        names(EmploymentType::ALL.iter().map(|v| v.as_str()).collect())
    );
    assert_eq!(
        values("JobSource"),
        names(JobSource::ALL.iter().map(|v| v.as_str()).collect())
    );
    assert!(!values("SavedJobSource").contains(&"mock".to_owned()));
    assert_eq!(values("SavedJobSource").len(), JobSource::ALL.len() - 1);
    assert_eq!(
        values("JobSortField"),
        names(JobSortField::ALL.iter().map(|v| v.as_str()).collect())
    );
    assert_eq!(values("Proficiency"), names(Proficiency::ALL.to_vec()));
    assert_eq!(values("DocumentType"), ["resume", "cover_letter"]);
    assert_eq!(values("ImportMode"), ["create", "replace"]);
}
