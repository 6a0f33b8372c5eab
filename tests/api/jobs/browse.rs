//! `GET /jobs/browse`: the public catalogue.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::json;
use tailor_api_tests::spawn_app;

use super::*;

#[tokio::test]
async fn the_catalogue_needs_no_sign_in_and_has_varied_postings_with_fresh_mock_ids() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/jobs/browse?limit=100").send().await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let jobs = res.body["jobs"].as_array().unwrap();
    assert!(jobs.len() >= 20, "{}", jobs.len());
    assert_eq!(res.body["total"], jobs.len());
    assert_eq!(res.body["pagination"]["hasMore"], false);
    for job in jobs {
        assert_job_shape(job);
        let id = job["id"].as_str().unwrap();
        assert!(id.starts_with("mock_") && id.len() == 17, "{id}");
        assert!(
            id[5..].chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')),
            "{id}"
        );
        assert_eq!(job["user_id"], serde_json::Value::Null);
        assert_eq!(job["source"], "mock");
        assert_eq!(job["raw_text"], serde_json::Value::Null);
        assert_eq!(job["status"], "active");
        assert_eq!(job["application_status"], "not_applied");
    }
    let remote: HashSet<bool> = jobs
        .iter()
        .map(|j| j["remote"].as_bool().unwrap())
        .collect();
    assert_eq!(remote.len(), 2, "remote and on-site postings");
    let seniority: HashSet<&str> = jobs
        .iter()
        .filter_map(|j| j["seniority"].as_str())
        .collect();
    assert!(seniority.len() >= 4, "{seniority:?}");

    let again = app.get("/api/v1/jobs/browse?limit=100").send().await;
    let first_ids: HashSet<&str> = jobs.iter().map(|j| j["id"].as_str().unwrap()).collect();
    assert!(
        again.body["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|j| !first_ids.contains(j["id"].as_str().unwrap())),
        "ids are new on every request"
    );
}

#[tokio::test]
async fn browse_pages_and_tolerates_the_app_s_parameters() {
    let app = spawn_app().await;
    let all = app.get("/api/v1/jobs/browse?limit=100").send().await;
    let total = all.body["total"].as_u64().unwrap();
    let res = app.get("/api/v1/jobs/browse").send().await;
    assert_eq!(res.body["pagination"]["limit"], 20);
    let res = app.get("/api/v1/jobs/browse?limit=5&offset=5").send().await;
    assert_eq!(res.body["jobs"].as_array().unwrap().len(), 5);
    assert_eq!(
        res.body["jobs"][0]["title"], all.body["jobs"][5]["title"],
        "file order"
    );
    assert_eq!(res.body["pagination"]["hasMore"], json!(10 < total));
    // The app sends these with empty values and remote=false: nothing is filtered out.
    let res = app
        .get("/api/v1/jobs/browse?query=&location=&remote=false&limit=100")
        .send()
        .await;
    assert_eq!(res.body["total"], total);
    let res = app
        .get("/api/v1/jobs/browse?remote=true&limit=100")
        .send()
        .await;
    let remote = res.body["jobs"].as_array().unwrap();
    assert!(!remote.is_empty() && (remote.len() as u64) < total);
    assert!(remote.iter().all(|j| j["remote"] == true));
    let word = all.body["jobs"][0]["title"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap()
        .to_lowercase();
    let res = app
        .get(&format!("/api/v1/jobs/browse?query={word}&limit=100"))
        .send()
        .await;
    assert!(
        res.body["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|j| j["title"] == all.body["jobs"][0]["title"])
    );
    for bad in ["limit=0", "limit=101", "offset=-3", "remote=maybe"] {
        let res = app.get(&format!("/api/v1/jobs/browse?{bad}")).send().await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(res.body["detail"].is_array());
    }
}

#[tokio::test]
async fn a_browsed_posting_is_saved_as_imported_with_a_uuid() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let res = app.get("/api/v1/jobs/browse?limit=1").send().await;
    let mut browsed = res.body["jobs"][0].clone();
    browsed["source"] = json!("imported");
    let res = post_job(&app, &token, &browsed).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["source"], "imported");
    assert_eq!(res.body["title"], browsed["title"]);
    assert!(uuid::Uuid::parse_str(res.body["id"].as_str().unwrap()).is_ok());
    // Browse ids are not saved jobs.
    let res = get_job(&app, &token, browsed["id"].as_str().unwrap()).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}
