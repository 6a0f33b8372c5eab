use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tailor_api_tests::{PASSWORD, claims_of, spawn_app};

/// Whether `s` is a naive ISO-8601 timestamp: `YYYY-MM-DDTHH:MM:SS` with an optional
/// six-digit fraction and no `Z` or offset.
fn is_naive_iso(s: &str) -> bool {
    let (main, fraction) = s.split_once('.').map_or((s, None), |(m, f)| (m, Some(f)));
    let fraction_ok =
        fraction.is_none_or(|f| f.len() == 6 && f.bytes().all(|b| b.is_ascii_digit()));
    fraction_ok && chrono::NaiveDateTime::parse_from_str(main, "%Y-%m-%dT%H:%M:%S").is_ok()
}

#[tokio::test]
async fn login_with_the_right_password_returns_a_token_pair_and_the_user() {
    let app = spawn_app().await;
    let registered = app.register("jane@example.com", PASSWORD, "Jane Doe").await;
    assert_eq!(
        registered.status,
        StatusCode::CREATED,
        "{}",
        registered.text
    );

    let res = app.login("jane@example.com", PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["token_type"], "Bearer");
    assert_eq!(res.body["expires_in"], 3600);
    assert_eq!(res.body["user"]["id"], registered.body["user"]["id"]);
    assert!(res.body["user"]["id"].is_i64());
    assert_eq!(res.body["user"]["email"], "jane@example.com");
    assert_eq!(res.body["user"]["full_name"], "Jane Doe");
    assert!(is_naive_iso(
        res.body["user"]["created_at"].as_str().unwrap()
    ));

    let access = res.body["access_token"].as_str().unwrap();
    let refresh = res.body["refresh_token"].as_str().unwrap();
    assert_ne!(access, refresh);
    assert_ne!(access, registered.body["access_token"].as_str().unwrap());
    let user_id = res.body["user"]["id"].as_i64().unwrap().to_string();
    assert_eq!(claims_of(access)["type"], "access");
    assert_eq!(claims_of(access)["sub"], user_id);
    assert_eq!(claims_of(refresh)["type"], "refresh");
    assert_eq!(claims_of(refresh)["sub"], user_id);

    let me = app.me(access).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.body["email"], "jane@example.com");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_are_the_same_401() {
    let app = spawn_app().await;
    let (email, _, _) = app.signed_up_user().await;

    let wrong_password = app.login(&email, "Wrong-Password1").await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong_password.body,
        json!({"detail": "Invalid credentials"})
    );
    assert_eq!(wrong_password.header("www-authenticate"), Some("Bearer"));

    let unknown = app.login("nobody@example.com", PASSWORD).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.body, json!({"detail": "Invalid credentials"}));
    assert_eq!(unknown.header("www-authenticate"), Some("Bearer"));
}

#[tokio::test]
async fn a_deactivated_account_cannot_log_in_even_with_the_right_password() {
    let app = spawn_app().await;
    let (email, _, _) = app.signed_up_user().await;
    app.execute_sql(&format!(
        "UPDATE users SET is_active = false WHERE email = '{email}'"
    ))
    .await;

    let res = app.login(&email, PASSWORD).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.body, json!({"detail": "Account is deactivated"}));

    // A wrong password still reveals nothing about the account's state.
    let res = app.login(&email, "Wrong-Password1").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.detail(), "Invalid credentials");
}

#[tokio::test]
async fn login_validation_errors_use_the_list_form() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"password": PASSWORD}),
            "missing",
            json!(["body", "email"]),
        ),
        (
            json!({"email": "jane@example.com"}),
            "missing",
            json!(["body", "password"]),
        ),
        (
            json!({"email": "no-at-sign", "password": PASSWORD}),
            "value_error",
            json!(["body", "email"]),
        ),
        (
            json!({"email": "jane@example.com", "password": 12_345_678}),
            "string_type",
            json!(["body", "password"]),
        ),
    ];
    for (body, kind, loc) in cases {
        let res = app.post("/api/v1/auth/login").json(&body).send().await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "case {body}");
        assert!(res.body["detail"].is_array(), "case {body}: {}", res.text);
        assert_eq!(res.first_error()["type"], kind, "case {body}: {}", res.text);
        assert_eq!(res.first_error()["loc"], loc, "case {body}");
        assert!(res.first_error()["msg"].is_string(), "case {body}");
    }

    let bad_email = app
        .post("/api/v1/auth/login")
        .json(&json!({"email": "no-at-sign", "password": PASSWORD}))
        .send()
        .await;
    assert_eq!(
        bad_email.first_error()["msg"],
        "value is not a valid email address: An email address must have an @-sign."
    );
    assert_eq!(bad_email.first_error()["input"], "no-at-sign");
}

#[tokio::test]
async fn the_email_domain_is_case_insensitive_but_the_local_part_is_not() {
    let app = spawn_app().await;
    let registered = app.register("Jane@example.com", PASSWORD, "Jane").await;
    assert_eq!(
        registered.status,
        StatusCode::CREATED,
        "{}",
        registered.text
    );

    let upper_domain = app.login("Jane@EXAMPLE.COM", PASSWORD).await;
    assert_eq!(upper_domain.status, StatusCode::OK, "{}", upper_domain.text);
    assert_eq!(upper_domain.body["user"]["email"], "Jane@example.com");
    assert_eq!(
        upper_domain.body["user"]["id"],
        registered.body["user"]["id"]
    );

    let lower_local = app.login("jane@example.com", PASSWORD).await;
    assert_eq!(lower_local.status, StatusCode::UNAUTHORIZED);
    assert_eq!(lower_local.body, json!({"detail": "Invalid credentials"}));
}

#[tokio::test]
async fn check_email_tells_whether_an_address_is_free() {
    let app = spawn_app().await;
    let res = app
        .get("/api/v1/auth/check-email?email=jane@example.com")
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body, json!({"available": true}));

    app.register("jane@example.com", PASSWORD, "Jane").await;
    let res = app
        .get("/api/v1/auth/check-email?email=jane@example.com")
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body, json!({"available": false}));

    // The domain is normalised before the lookup.
    let res = app
        .get("/api/v1/auth/check-email?email=jane@EXAMPLE.com")
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body, json!({"available": false}));

    let res = app
        .get("/api/v1/auth/check-email?email=other@example.com")
        .send()
        .await;
    assert_eq!(res.body, json!({"available": true}));
}

#[tokio::test]
async fn check_email_without_the_parameter_is_a_missing_query_field() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/auth/check-email",
        "/api/v1/auth/check-email?mail=jane@example.com",
    ] {
        let res = app.get(path).send().await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_eq!(
            res.body["detail"].as_array().map(Vec::len),
            Some(1),
            "{path}"
        );
        assert_eq!(res.first_error()["type"], "missing", "{path}");
        assert_eq!(
            res.first_error()["loc"],
            json!(["query", "email"]),
            "{path}"
        );
        assert_eq!(res.first_error()["msg"], "Field required", "{path}");
    }
}

#[tokio::test]
async fn check_email_with_an_invalid_address_is_a_422_list() {
    let app = spawn_app().await;
    let res = app
        .get("/api/v1/auth/check-email?email=no-at-sign")
        .send()
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.first_error()["type"], "value_error");
    assert_eq!(res.first_error()["loc"], json!(["query", "email"]));
    assert_eq!(
        res.first_error()["msg"],
        "value is not a valid email address: An email address must have an @-sign."
    );
    assert_eq!(res.first_error()["input"], "no-at-sign");
}

#[tokio::test]
async fn me_returns_the_account_with_naive_timestamps() {
    let app = spawn_app().await;
    let registered = app.register("jane@example.com", PASSWORD, "Jane Doe").await;
    let access = registered.body["access_token"].as_str().unwrap();

    let res = app.me(access).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let body = res.body.as_object().expect("an object");
    let mut keys: Vec<&str> = body.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "created_at",
            "email",
            "full_name",
            "id",
            "is_active",
            "is_verified",
            "updated_at"
        ]
    );
    assert!(res.body["id"].is_i64());
    assert_eq!(res.body["id"], registered.body["user"]["id"]);
    assert_eq!(res.body["email"], "jane@example.com");
    assert_eq!(res.body["full_name"], "Jane Doe");
    assert_eq!(res.body["is_active"], true);
    assert_eq!(res.body["is_verified"], false);
    for field in ["created_at", "updated_at"] {
        let value = res.body[field].as_str().unwrap_or_default();
        assert!(is_naive_iso(value), "{field}: {value:?}");
        assert!(
            !value.ends_with('Z') && !value.contains('+'),
            "{field}: {value}"
        );
    }
    assert_eq!(
        res.body["created_at"],
        registered.body["user"]["created_at"]
    );
}

#[tokio::test]
async fn me_without_a_token_is_403_and_with_a_bad_token_is_401() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/auth/me").send().await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(res.body, json!({"detail": "Not authenticated"}));

    let res = app.me("not-a-token").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.body, json!({"detail": "Invalid authentication token"}));
    assert_eq!(res.header("www-authenticate"), Some("Bearer"));
}

#[tokio::test]
async fn an_unknown_path_is_a_json_404() {
    let app = spawn_app().await;
    for path in ["/", "/api/v1/nothing-here"] {
        let res = app.get(path).send().await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(res.body, json!({"detail": "Not Found"}), "{path}");
    }
}

#[tokio::test]
async fn a_wrong_method_on_a_known_path_is_a_json_405() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/auth/login").send().await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.body, json!({"detail": "Method Not Allowed"}));

    let res = app.request(Method::DELETE, "/api/v1/auth/me").send().await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.body, json!({"detail": "Method Not Allowed"}));
}

#[tokio::test]
async fn a_trailing_slash_redirects_to_the_path_without_it() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/auth/me/").send().await;
    assert_eq!(res.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(res.header("location"), Some("/api/v1/auth/me"));
    assert_eq!(res.body, Value::Null);

    let res = app
        .get("/api/v1/auth/check-email/?email=jane@example.com")
        .send()
        .await;
    assert_eq!(res.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(
        res.header("location"),
        Some("/api/v1/auth/check-email?email=jane@example.com")
    );
}
