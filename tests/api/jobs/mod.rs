//! `/api/v1/jobs`: create from text, URL and fields; list filters, order and pages; the
//! browse catalogue; read, update, delete and the status timeline; ownership; bad input.

mod browse;
mod create;
mod item;
mod list;
mod url;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tailor_api_tests::{TestApp, TestResponse};

pub const JOBS: &str = "/api/v1/jobs";

/// A realistic pasted posting.
pub const POSTING: &str = "Senior Backend Engineer
Northwind Analytics
Austin, TX (Hybrid)

About the role
We build data pipelines that help hospitals plan staffing.

Responsibilities
- Design and operate services in Python and Go
- Own our PostgreSQL and Kafka infrastructure

Requirements
- 5+ years of experience building backend services
- Strong knowledge of Python, PostgreSQL and Docker
- Experience with Kubernetes (k8s) on AWS

Nice to have
- Experience with Terraform

Benefits
- Health, dental and vision insurance
- 401(k) with a 4% match

Salary: $140,000 - $175,000 per year. Full-time.";

pub async fn post_job(app: &TestApp, token: &str, body: &Value) -> TestResponse {
    app.post(JOBS).bearer(token).json(body).send().await
}

/// Saves a structured job and returns its JSON.
pub async fn structured_job(app: &TestApp, token: &str, title: &str) -> Value {
    let res = post_job(
        app,
        token,
        &json!({"title": title, "company": "Acme", "source": "imported",
                "description": "Python services", "requirements": ["3 years of Python"]}),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.body
}

pub async fn get_job(app: &TestApp, token: &str, id: &str) -> TestResponse {
    app.get(&format!("{JOBS}/{id}")).bearer(token).send().await
}

pub async fn put_job(app: &TestApp, token: &str, id: &str, body: &Value) -> TestResponse {
    app.request(Method::PUT, &format!("{JOBS}/{id}"))
        .bearer(token)
        .json(body)
        .send()
        .await
}

pub async fn delete_job(app: &TestApp, token: &str, id: &str) -> TestResponse {
    app.request(Method::DELETE, &format!("{JOBS}/{id}"))
        .bearer(token)
        .send()
        .await
}

pub async fn list(app: &TestApp, token: &str, query: &str) -> TestResponse {
    app.get(&format!("{JOBS}?{query}"))
        .bearer(token)
        .send()
        .await
}

/// How many rows a table has, read straight from the database.
pub async fn rows(app: &TestApp, table: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let db = app.db().await;
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .expect("count runs")
        .expect("a row");
    let n: i64 = row.try_get("", "n").expect("a count");
    db.close().await.ok();
    n
}

/// Every key of the contract's Job, with its JSON type.
pub fn assert_job_shape(job: &Value) {
    for key in [
        "id",
        "source",
        "title",
        "created_at",
        "updated_at",
        "employment_type",
        "status",
        "application_status",
    ] {
        assert!(job[key].is_string(), "{key} in {job:.300}");
    }
    for key in ["parsed_keywords", "requirements", "benefits"] {
        assert!(job[key].is_array(), "{key} in {job}");
    }
    assert!(job["remote"].is_boolean(), "{job}");
    for key in [
        // Null when a pasted posting names no company.
        "company",
        "location",
        "description",
        "raw_text",
        "salary_range",
        "user_id",
        "applied_date",
        "notes",
    ] {
        assert!(
            job.get(key).is_some(),
            "{key} must be present (null or value) in {job}"
        );
    }
    let stamp = job["created_at"].as_str().unwrap();
    assert!(
        !stamp.ends_with('Z') && !stamp.contains('+'),
        "naive timestamp: {stamp}"
    );
}
