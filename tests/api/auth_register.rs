use reqwest::StatusCode;
use serde_json::json;
use tailor_api_tests::{PASSWORD, claims_of, spawn_app};

#[tokio::test]
async fn register_creates_the_account_and_signs_it_in() {
    let app = spawn_app().await;
    let res = app
        .register("Jane.Doe@Example.COM", PASSWORD, "Jane Doe")
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["token_type"], "Bearer");
    assert_eq!(res.body["expires_in"], 3600);
    assert_eq!(res.body["user"]["email"], "Jane.Doe@example.com");
    assert_eq!(res.body["user"]["full_name"], "Jane Doe");
    assert!(res.body["user"]["id"].is_i64());
    let created = res.body["user"]["created_at"].as_str().unwrap();
    assert!(
        !created.ends_with('Z') && !created.contains('+'),
        "{created}"
    );
    let access = claims_of(res.body["access_token"].as_str().unwrap());
    assert_eq!(access["type"], "access");
    assert_eq!(access["sub"], res.body["user"]["id"].to_string());
    let refresh = claims_of(res.body["refresh_token"].as_str().unwrap());
    assert_eq!(refresh["type"], "refresh");

    let me = app
        .get("/api/v1/auth/me")
        .bearer(res.body["access_token"].as_str().unwrap())
        .send()
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["email"], "Jane.Doe@example.com");
    assert_eq!(me.body["is_active"], true);
    assert_eq!(me.body["is_verified"], false);
}

#[tokio::test]
async fn register_with_a_taken_email_is_409_even_with_a_weak_password() {
    let app = spawn_app().await;
    app.register("jane@example.com", PASSWORD, "Jane").await;
    let res = app
        .register("jane@EXAMPLE.com", "weakpassword", "Jane")
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(res.detail(), "User with this email already exists");
}

#[tokio::test]
async fn register_validation_errors_use_the_list_form() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"password": PASSWORD, "full_name": "J"}),
            "missing",
            json!(["body", "email"]),
        ),
        (
            json!({"email": "no-at-sign", "password": PASSWORD, "full_name": "J"}),
            "value_error",
            json!(["body", "email"]),
        ),
        (
            json!({"email": "j@example.com", "password": "Ab1", "full_name": "J"}),
            "string_too_short",
            json!(["body", "password"]),
        ),
        (
            json!({"email": "j@example.com", "password": PASSWORD, "full_name": ""}),
            "string_too_short",
            json!(["body", "full_name"]),
        ),
        (
            json!({"email": "j@example.com", "password": PASSWORD, "full_name": "x".repeat(101)}),
            "string_too_long",
            json!(["body", "full_name"]),
        ),
        (
            json!({"email": 42, "password": PASSWORD, "full_name": "J"}),
            "string_type",
            json!(["body", "email"]),
        ),
    ];
    for (body, kind, loc) in cases {
        let res = app.post("/api/v1/auth/register").json(&body).send().await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "case {body}");
        assert_eq!(res.first_error()["type"], kind, "case {body}: {}", res.text);
        assert_eq!(res.first_error()["loc"], loc, "case {body}");
        assert!(res.first_error()["msg"].is_string());
    }
    let email_error = app
        .post("/api/v1/auth/register")
        .json(&json!({"email": "no-at-sign", "password": PASSWORD, "full_name": "J"}))
        .send()
        .await;
    assert_eq!(
        email_error.first_error()["msg"],
        "value is not a valid email address: An email address must have an @-sign."
    );
    // Nothing was created by any of them.
    let check = app
        .get("/api/v1/auth/check-email?email=j@example.com")
        .send()
        .await;
    assert_eq!(check.body, json!({"available": true}));
}

#[tokio::test]
async fn register_business_rules_answer_a_string_detail() {
    let app = spawn_app().await;
    let res = app.register("j@example.com", "alllowercase1", "J").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.detail(),
        "Password must be at least 8 characters long and contain uppercase, lowercase, and numeric characters"
    );
    let res = app.register("jöhn@example.com", PASSWORD, "J").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.detail(), "Invalid email format");
}

#[tokio::test]
async fn unknown_fields_are_ignored_and_malformed_json_is_422() {
    let app = spawn_app().await;
    let res = app
        .post("/api/v1/auth/register")
        .json(&json!({"email": "x@example.com", "password": PASSWORD, "full_name": "X", "extra": [1, 2]}))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);

    let res = app
        .post("/api/v1/auth/register")
        .raw("{\"email\": ")
        .send()
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.first_error()["type"], "json_invalid");
    assert_eq!(res.first_error()["msg"], "JSON decode error");
}

#[tokio::test]
async fn a_body_over_the_limit_gets_413() {
    let app = spawn_app_small_body().await;
    let big = format!(
        "{{\"email\":\"a@example.com\",\"password\":\"{PASSWORD}\",\"full_name\":\"{}\"}}",
        "x".repeat(5000)
    );
    let res = app.post("/api/v1/auth/register").raw(big).send().await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(res.detail(), "Request body too large");
}

async fn spawn_app_small_body() -> tailor_api_tests::TestApp {
    tailor_api_tests::spawn_app_with(|s| s.server.json_body_limit = 4096).await
}

#[tokio::test]
async fn a_json_array_or_string_body_is_not_an_object() {
    let app = spawn_app().await;
    for body in ["[1, 2]", "\"text\"", "42"] {
        let res = app.post("/api/v1/auth/register").raw(body).send().await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(res.first_error()["type"], "model_attributes_type", "{body}");
        assert_eq!(res.first_error()["loc"], json!(["body"]), "{body}");
    }
}
