//! `GET /jobs`: envelope, pages, the real total, every filter, order and their errors.

use futures_util::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tailor_api_tests::spawn_app;

use super::*;

fn titles(res: &tailor_api_tests::TestResponse) -> Vec<String> {
    res.body["jobs"]
        .as_array()
        .unwrap_or_else(|| panic!("a job list: {}", res.text))
        .iter()
        .map(|j| j["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_list_has_the_contract_s_envelope_and_pages_with_has_more() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    for i in 0..5 {
        structured_job(&app, &token, &format!("Job {i}")).await;
    }
    let res = list(&app, &token, "limit=2").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["total"], 5);
    assert_eq!(
        res.body["pagination"],
        json!({"limit": 2, "offset": 0, "total": 5, "hasMore": true})
    );
    assert_eq!(titles(&res), ["Job 4", "Job 3"], "newest first");
    assert_job_shape(&res.body["jobs"][0]);
    let res = list(&app, &token, "limit=2&offset=4").await;
    assert_eq!(titles(&res), ["Job 0"]);
    assert_eq!(res.body["pagination"]["hasMore"], false);
    let res = list(&app, &token, "offset=10").await;
    assert_eq!(titles(&res), Vec::<String>::new());
    assert_eq!(res.body["total"], 5);
    let res = app.get(JOBS).bearer(&token).send().await;
    assert_eq!(res.body["pagination"]["limit"], 20, "default limit");
}

#[tokio::test]
async fn the_total_is_the_real_count_beyond_a_thousand() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let batch = 1_005;
    let requests = (0..batch).map(|i| {
        let app = &app;
        let token = token.clone();
        async move {
            post_job(
                app,
                &token,
                &json!({"title": format!("Job {i}"), "company": "Acme"}),
            )
            .await
        }
    });
    // At most 16 at a time.
    let mut stream = futures_util::stream::iter(requests).buffer_unordered(16);
    while let Some(res) = stream.next().await {
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    }
    let res = list(&app, &token, "limit=100&offset=1000").await;
    assert_eq!(res.body["total"], batch);
    assert_eq!(res.body["jobs"].as_array().unwrap().len(), 5);
    assert_eq!(res.body["pagination"]["hasMore"], false);
}

#[tokio::test]
async fn every_filter_narrows_the_list_and_they_combine() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let make = |body: Value| {
        let app = &app;
        let token = token.clone();
        async move {
            let res = post_job(app, &token, &body).await;
            assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
            res.body["id"].as_str().unwrap().to_owned()
        }
    };
    let rust = make(
        json!({"title": "Rust Engineer", "company": "Ferrous", "remote": true,
        "employment_type": "contract", "description": "Storage engines"}),
    )
    .await;
    make(
        json!({"title": "Nurse", "company": "City Hospital", "status": "archived",
        "source": "linkedin", "description": "Night shifts in the ICU"}),
    )
    .await;
    make(
        json!({"title": "Analyst", "company": "Ünïversal Bank", "status": "draft",
        "source": "indeed"}),
    )
    .await;
    let res = put_job(
        &app,
        &token,
        &rust,
        &json!({"application_status": "interviewing"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);

    let cases = [
        ("status=archived", vec!["Nurse"]),
        ("status=draft", vec!["Analyst"]),
        ("source=linkedin", vec!["Nurse"]),
        ("source=user_created", vec!["Rust Engineer"]),
        ("application_status=interviewing", vec!["Rust Engineer"]),
        ("application_status=not_applied", vec!["Analyst", "Nurse"]),
        ("employment_type=contract", vec!["Rust Engineer"]),
        ("employment_type=full_time", vec!["Analyst", "Nurse"]),
        ("remote=true", vec!["Rust Engineer"]),
        ("remote=false", vec!["Analyst", "Nurse"]),
        ("q=HOSPITAL", vec!["Nurse"]),
        ("q=icu", vec!["Nurse"]),
        ("q=%C3%BCn%C3%AFversal", vec!["Analyst"]),
        ("q=engine", vec!["Rust Engineer"]),
        ("q=nothing-like-this", vec![]),
        ("q=%25", vec![]),
        ("remote=false&status=archived&q=nurse", vec!["Nurse"]),
        ("remote=true&status=archived", vec![]),
    ];
    for (query, expected) in cases {
        let res = list(&app, &token, query).await;
        assert_eq!(res.status, StatusCode::OK, "{query}: {}", res.text);
        assert_eq!(titles(&res), expected, "{query}");
        assert_eq!(res.body["total"], expected.len(), "{query}");
    }
}

#[tokio::test]
async fn the_list_sorts_by_created_or_updated_time_either_way() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let first = structured_job(&app, &token, "First").await;
    structured_job(&app, &token, "Second").await;
    structured_job(&app, &token, "Third").await;
    let res = put_job(
        &app,
        &token,
        first["id"].as_str().unwrap(),
        &json!({"notes": "edited"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);

    let cases = [
        ("", vec!["Third", "Second", "First"]),
        (
            "sort=created_at&order=asc",
            vec!["First", "Second", "Third"],
        ),
        ("sort=updated_at", vec!["First", "Third", "Second"]),
        (
            "sort=updated_at&order=asc",
            vec!["Second", "Third", "First"],
        ),
    ];
    for (query, expected) in cases {
        let res = list(&app, &token, query).await;
        assert_eq!(titles(&res), expected, "{query}");
    }
}

#[tokio::test]
async fn bad_filters_are_a_422_list_at_the_query_parameter() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let cases = [
        ("status=open", "status", "enum"),
        ("source=mock", "source", "enum"),
        ("source=weird_source", "source", "enum"),
        ("application_status=hired", "application_status", "enum"),
        ("employment_type=gig", "employment_type", "enum"),
        ("remote=perhaps", "remote", "bool_parsing"),
        ("sort=title", "sort", "enum"),
        ("order=sideways", "order", "enum"),
        ("limit=0", "limit", "greater_than_equal"),
        ("limit=101", "limit", "less_than_equal"),
        ("limit=ten", "limit", "int_parsing"),
        ("offset=-1", "offset", "greater_than_equal"),
    ];
    for (query, param, kind) in cases {
        let res = list(&app, &token, query).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {}",
            res.text
        );
        assert_eq!(res.first_error()["loc"], json!(["query", param]), "{query}");
        assert_eq!(res.first_error()["type"], kind, "{query}");
    }
    let long = format!("q={}", "a".repeat(201));
    let res = list(&app, &token, &long).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.first_error()["type"], "string_too_long");
    // PostgreSQL cannot compare text holding NUL: refused on every database alike.
    let res = list(&app, &token, "q=a%00b").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(res.first_error()["type"], "string_nul");
    assert_eq!(res.first_error()["loc"], json!(["query", "q"]));
}

#[tokio::test]
async fn each_user_lists_only_their_own_jobs_and_a_token_is_needed() {
    let app = spawn_app().await;
    let (_, alice, _) = app.signed_up_user().await;
    let (_, bob, _) = app.signed_up_user().await;
    structured_job(&app, &alice, "Alice's job").await;
    let res = list(&app, &bob, "").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body["total"], 0);
    assert_eq!(titles(&res), Vec::<String>::new());
    let res = app.get(JOBS).send().await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = list(&app, "bad.token.here", "").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_change_shows_in_the_next_list_at_once() {
    let app = spawn_app_with_list_cache().await;
    let (_, token, _) = app.signed_up_user().await;
    let job = structured_job(&app, &token, "Before").await;
    assert_eq!(titles(&list(&app, &token, "").await), ["Before"]);
    let id = job["id"].as_str().unwrap();
    put_job(&app, &token, id, &json!({"title": "After"})).await;
    assert_eq!(titles(&list(&app, &token, "").await), ["After"]);
    delete_job(&app, &token, id).await;
    assert_eq!(titles(&list(&app, &token, "").await), Vec::<String>::new());
}

async fn spawn_app_with_list_cache() -> tailor_api_tests::TestApp {
    tailor_api_tests::spawn_app_with(|s| s.jobs.list_cache_ttl_ms = 60_000).await
}

#[tokio::test]
async fn a_page_served_again_is_gzip_compressed_for_clients_that_accept_it() {
    let app = spawn_app_with_list_cache().await;
    let (_, token, _) = app.signed_up_user().await;
    // Over 64 KiB of JSON, so it is compressed on the blocking pool.
    for i in 0..15 {
        let res = post_job(
            &app,
            &token,
            &json!({"title": format!("Job {i}"), "company": "Acme",
                    "description": format!("Job {i}: {}", "We ship Rust services. ".repeat(220))}),
        )
        .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    }
    let plain = list(&app, &token, "limit=20").await;
    assert!(plain.text.len() > 64 * 1024, "{} bytes", plain.text.len());
    assert_eq!(plain.header("content-encoding"), None);
    let fetch = || {
        app.client
            .get(app.url(&format!("{JOBS}?limit=20")))
            .bearer_auth(&token)
            .header("accept-encoding", "gzip")
            .send()
    };
    let res = fetch().await.unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert_eq!(res.headers()["vary"], "accept-encoding");
    let bytes = res.bytes().await.unwrap();
    let mut decoded = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut decoded)
        .unwrap();
    let json: Value = serde_json::from_str(&decoded).unwrap();
    assert_eq!(json, plain.body);
    assert!(
        bytes.len() < plain.text.len() / 4,
        "{} bytes compressed",
        bytes.len()
    );
}
