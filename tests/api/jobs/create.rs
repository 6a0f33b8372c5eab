//! `POST /jobs`: the three forms, the union's 422, the contract's bounds and bad input.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tailor_api_tests::spawn_app;

use super::*;

#[tokio::test]
async fn pasted_text_is_read_into_a_job_and_the_source_is_always_user_created() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let res = post_job(
        &app,
        &token,
        &json!({"source": "linkedin", "raw_text": POSTING}),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let job = &res.body;
    assert_job_shape(job);
    assert_eq!(job["source"], "user_created");
    assert_eq!(job["title"], "Senior Backend Engineer");
    assert_eq!(job["company"], "Northwind Analytics");
    assert_eq!(job["location"], "Austin, TX");
    assert_eq!(job["raw_text"], POSTING);
    assert_eq!(job["salary_range"], "140000-175000");
    assert_eq!(job["salary"]["currency"], "USD");
    // Hybrid work is not remote.
    assert_eq!(job["remote"], false);
    assert_eq!(job["work_mode"], "hybrid");
    assert_eq!(job["employment_type"], "full_time");
    assert_eq!(job["seniority"], "senior");
    assert_eq!(job["years_experience"], 5);
    assert_eq!(job["status"], "active");
    assert_eq!(job["application_status"], "not_applied");
    assert_eq!(job["applied_date"], Value::Null);
    assert!(job["user_id"].is_i64());
    let keywords: Vec<&str> = job["parsed_keywords"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for k in [
        "python",
        "go",
        "postgresql",
        "kafka",
        "docker",
        "kubernetes",
        "aws",
    ] {
        assert!(keywords.contains(&k), "{k} in {keywords:?}");
    }
    let requirements = job["requirements"].to_string();
    assert!(
        requirements.contains("5+ years of experience building backend services"),
        "{requirements}"
    );
    assert!(
        job["preferred_requirements"]
            .to_string()
            .contains("Terraform")
    );
    assert!(
        job["responsibilities"]
            .to_string()
            .contains("PostgreSQL and Kafka")
    );
    assert!(job["benefits"].to_string().contains("dental"));
    // It was stored as answered.
    let stored = get_job(&app, &token, job["id"].as_str().unwrap()).await;
    assert_eq!(stored.status, StatusCode::OK);
    assert_eq!(&stored.body, job);
}

#[tokio::test]
async fn a_posting_without_a_company_has_none_and_pay_keeps_its_cents() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let text = "Registered Nurse\n\nResponsibilities\n- Triage patients in the emergency \
                department\n- Chart in Epic\n\nRequirements\n- BLS and ACLS\n\nPay: $62.00 \
                - $78.50 per hour";
    let res = post_job(&app, &token, &json!({"raw_text": text})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let job = &res.body;
    assert_eq!(job["title"], "Registered Nurse");
    assert_eq!(job["company"], Value::Null);
    assert_eq!(job["salary_range"], "62.00-78.50");
    assert_eq!(job["salary"]["min"], 62);
    assert_eq!(job["salary"]["max"], 78.5);
    assert_eq!(job["salary"]["period"], "hour");
    // Stored and read back the same, on every database.
    let stored = get_job(&app, &token, job["id"].as_str().unwrap()).await;
    assert_eq!(&stored.body, job);
    // A later update can name the company.
    let id = job["id"].as_str().unwrap();
    let res = put_job(&app, &token, id, &json!({"company": "Mercy General"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let stored = get_job(&app, &token, id).await;
    assert_eq!(stored.body["company"], "Mercy General");
}

#[tokio::test]
async fn a_browsed_job_is_saved_with_its_fields_as_imported() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let body = json!({
        "title": "Data Engineer", "company": "Acme", "source": "imported",
        "location": "Berlin, Germany", "description": "Spark and Airflow pipelines in Python.",
        "requirements": ["3+ years with SQL"], "benefits": ["Gym"],
        "salary_range": "70000-90000", "remote": true, "employment_type": "contract",
        "status": "draft", "id": "mock_0123456789ab", "user_id": null, "parsed_keywords": ["x"]
    });
    let res = post_job(&app, &token, &body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let job = &res.body;
    assert_job_shape(job);
    assert_eq!(job["source"], "imported");
    assert_ne!(job["id"], "mock_0123456789ab", "a new id");
    assert!(uuid::Uuid::parse_str(job["id"].as_str().unwrap()).is_ok());
    assert_eq!(job["employment_type"], "contract");
    assert_eq!(job["status"], "draft");
    assert_eq!(job["remote"], true);
    assert_eq!(job["raw_text"], Value::Null);
    assert_eq!(job["salary"]["min"], 70000);
    let keywords = job["parsed_keywords"].to_string();
    assert!(
        keywords.contains("python") && keywords.contains("sql"),
        "{keywords}"
    );
    assert!(
        !keywords.contains("\"x\""),
        "the client's keywords are not taken"
    );

    let res = post_job(&app, &token, &json!({"title": "T", "company": "C"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["source"], "user_created");
    assert_eq!(res.body["employment_type"], "full_time");
    assert_eq!(res.body["remote"], false);
}

#[tokio::test]
async fn a_source_outside_the_client_s_set_and_mock_are_refused_and_nothing_is_saved() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let res = post_job(
        &app,
        &token,
        &json!({"title": "T", "company": "C", "source": "weird_source"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(
        res.first_error()["loc"],
        json!(["body", "JobCreateStructured", "source"])
    );
    assert_eq!(res.first_error()["type"], "enum");

    let res = post_job(
        &app,
        &token,
        &json!({"title": "T", "company": "C", "source": "mock"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(
        res.detail().contains("Mock jobs cannot be saved"),
        "{}",
        res.text
    );
    // A title or company of blanks only is no title.
    let res = post_job(&app, &token, &json!({"title": "   ", "company": "C"})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(res.detail(), "title and company must not be blank");
    assert_eq!(rows(&app, "jobs").await, 0);
    assert_eq!(rows(&app, "job_status_changes").await, 0);
}

#[tokio::test]
async fn a_body_that_fits_no_form_names_all_three_with_the_meant_one_first() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let cases: Vec<(Value, Value, &str)> = vec![
        (
            json!({}),
            json!(["body", "JobCreateFromText", "raw_text"]),
            "missing",
        ),
        (
            json!({"raw_text": "too short"}),
            json!(["body", "JobCreateFromText", "raw_text"]),
            "string_too_short",
        ),
        (
            json!({"raw_text": "x".repeat(15_001)}),
            json!(["body", "JobCreateFromText", "raw_text"]),
            "string_too_long",
        ),
        (
            json!({"raw_text": 12345678901_i64}),
            json!(["body", "JobCreateFromText", "raw_text"]),
            "string_type",
        ),
        (
            json!({"url": "http://a"}),
            json!(["body", "JobCreateFromURL", "url"]),
            "string_too_short",
        ),
        (
            json!({"url": format!("https://example.com/{}", "a".repeat(500))}),
            json!(["body", "JobCreateFromURL", "url"]),
            "string_too_long",
        ),
        (
            json!({"title": "", "company": "C"}),
            json!(["body", "JobCreateStructured", "title"]),
            "string_too_short",
        ),
        (
            json!({"title": "T".repeat(201), "company": "C"}),
            json!(["body", "JobCreateStructured", "title"]),
            "string_too_long",
        ),
        (
            json!({"title": "T"}),
            json!(["body", "JobCreateStructured", "company"]),
            "missing",
        ),
        (
            json!({"title": "T", "company": "C", "employment_type": "gig"}),
            json!(["body", "JobCreateStructured", "employment_type"]),
            "enum",
        ),
        (
            json!({"title": "T", "company": "C", "status": "open"}),
            json!(["body", "JobCreateStructured", "status"]),
            "enum",
        ),
        (
            json!({"title": "T", "company": "C", "remote": "yes please"}),
            json!(["body", "JobCreateStructured", "remote"]),
            "bool_type",
        ),
        (
            json!({"title": "T", "company": "C", "description": "d".repeat(10_001)}),
            json!(["body", "JobCreateStructured", "description"]),
            "string_too_long",
        ),
        (
            json!({"title": "T", "company": "C", "requirements": vec!["r"; 51]}),
            json!(["body", "JobCreateStructured", "requirements"]),
            "too_long",
        ),
        (
            json!({"title": "T", "company": "C", "salary_range": "1".repeat(101)}),
            json!(["body", "JobCreateStructured", "salary_range"]),
            "string_too_long",
        ),
    ];
    for (body, loc, kind) in cases {
        let res = post_job(&app, &token, &body).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            res.text
        );
        let errors = res.body["detail"].as_array().expect("a 422 list");
        assert_eq!(errors[0]["loc"], loc, "{body}: {}", res.text);
        assert_eq!(errors[0]["type"], kind, "{body}: {}", res.text);
        assert!(errors[0]["msg"].is_string());
        for model in [
            "JobCreateFromText",
            "JobCreateFromURL",
            "JobCreateStructured",
        ] {
            assert!(
                errors.iter().any(|e| e["loc"][1] == model),
                "{model} is named for {body}: {}",
                res.text
            );
        }
    }
    for raw in [&b"[1, 2]"[..], b"\"text\"", b"{\"raw_text\": ", b""] {
        let res = app.post(JOBS).bearer(&token).raw(raw.to_vec()).send().await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
        assert!(res.body["detail"].is_array(), "{}", res.text);
    }
    assert_eq!(rows(&app, "jobs").await, 0);
}

#[tokio::test]
async fn raw_text_at_the_bounds_is_accepted() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let res = post_job(&app, &token, &json!({"raw_text": "Chef wanted"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let long: String = format!(
        "Platform Engineer\nAcme\n\n{}",
        "We run Rust and Kafka in production. ".repeat(500)
    )
    .chars()
    .take(15_000)
    .collect();
    let res = post_job(&app, &token, &json!({"raw_text": long})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["title"], "Platform Engineer");
    assert!(res.body["description"].as_str().unwrap().chars().count() <= 10_000);
}

#[tokio::test]
async fn junk_text_gets_a_clear_422_or_a_sensible_job_and_never_a_server_error() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let binary: String = (0u32..3000)
        .map(|i| char::from_u32((i * 7919) % 0xD7FF).unwrap_or('?'))
        .collect();
    let cases: Vec<(&str, String)> = vec![
        ("blank lines", "\n".repeat(500)),
        ("spaces and tabs", " \t ".repeat(100)),
        ("digits and symbols", "1234 5678 !!! ### $$$ %%%".into()),
        (
            "one giant line",
            "engineer ".repeat(1600).chars().take(15_000).collect(),
        ),
        ("one word", "a".repeat(15_000)),
        ("binary junk", binary),
        (
            "control characters",
            "\u{1}\u{2}Job\u{7} title\u{1b}[31m\nCompany\u{0b}".into(),
        ),
        (
            "no newline at all",
            "We need a Python developer with Django experience in Paris.".into(),
        ),
    ];
    for (name, text) in cases {
        let res = post_job(&app, &token, &json!({"raw_text": text})).await;
        match res.status {
            StatusCode::CREATED => {
                assert_job_shape(&res.body);
                let title = res.body["title"].as_str().unwrap();
                assert!(
                    !title.is_empty() && title.chars().count() <= 200,
                    "{name}: {title:?}"
                );
                assert!(!title.chars().any(char::is_control), "{name}: {title:?}");
                // Null when the text names no company.
                let company = &res.body["company"];
                assert!(
                    company.is_null() || company.as_str().is_some_and(|c| c.chars().count() <= 200),
                    "{name}: {company}"
                );
            }
            StatusCode::UNPROCESSABLE_ENTITY => {
                assert!(
                    !res.detail().is_empty() || res.body["detail"].is_array(),
                    "{name}: {}",
                    res.text
                );
            }
            other => panic!("{name}: {other} {}", res.text),
        }
    }
    let res = post_job(&app, &token, &json!({"raw_text": "\n".repeat(500)})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(
        res.detail(),
        "The text does not contain a readable job posting"
    );
}

#[tokio::test]
async fn unreadable_text_gives_way_to_a_structured_body_that_fits() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let body = json!({"raw_text": "1234567890 ####", "title": "Welder", "company": "Forge Co"});
    let res = post_job(&app, &token, &body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["title"], "Welder");
    assert_eq!(res.body["raw_text"], Value::Null);
}

#[tokio::test]
async fn a_missing_field_does_not_echo_a_large_body() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let body = json!({"title": "T", "notes": "n".repeat(100_000)});
    let res = post_job(&app, &token, &body).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text.len() < 10_000, "{} bytes", res.text.len());
}

#[tokio::test]
async fn creating_needs_a_valid_bearer_token() {
    let app = spawn_app().await;
    let res = app
        .post(JOBS)
        .json(&json!({"raw_text": POSTING}))
        .send()
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(res.detail(), "Not authenticated");
    let res = post_job(&app, "not-a-token", &json!({"raw_text": POSTING})).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.detail(), "Invalid authentication token");
    assert_eq!(rows(&app, "jobs").await, 0);
}

#[tokio::test]
async fn thirty_two_clients_saving_at_once_all_succeed() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let requests = (0..32).map(|i| {
        let body = if i % 2 == 0 {
            json!({"raw_text": format!("{POSTING}\nRef {i}")})
        } else {
            json!({"title": format!("Job {i}"), "company": "Acme"})
        };
        let app = &app;
        let token = token.clone();
        async move { post_job(app, &token, &body).await }
    });
    let responses = futures_util::future::join_all(requests).await;
    for res in &responses {
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    }
    let res = list(&app, &token, "limit=100").await;
    assert_eq!(res.body["total"], 32);
    assert_eq!(rows(&app, "job_status_changes").await, 32);
}
