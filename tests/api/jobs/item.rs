//! One job: read, update (the reference server's defects fixed), delete, the status
//! timeline, and another user's job.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tailor_api_tests::fixtures::id_of;
use tailor_api_tests::{TestApp, spawn_app};

use super::*;

#[tokio::test]
async fn an_update_answers_200_with_the_updated_job_and_ignores_parsed_keywords() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let job = structured_job(&app, &token, "Engineer").await;
    let id = id_of(&job);
    let res = put_job(
        &app,
        &token,
        &id,
        &json!({"status": "archived", "application_status": "preparing",
                "parsed_keywords": ["ignored"], "title": "Senior Engineer",
                "notes": "Referral from Sam", "location": "Remote"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let updated = &res.body;
    assert_job_shape(updated);
    assert_eq!(updated["id"], job["id"]);
    assert_eq!(updated["title"], "Senior Engineer");
    assert_eq!(updated["status"], "archived");
    assert_eq!(updated["application_status"], "preparing");
    assert_eq!(updated["notes"], "Referral from Sam");
    assert_eq!(updated["location"], "Remote");
    assert_eq!(updated["applied_date"], Value::Null, "not applied yet");
    assert_eq!(updated["created_at"], job["created_at"]);
    assert_ne!(updated["updated_at"], job["updated_at"]);
    assert!(!updated["parsed_keywords"].to_string().contains("ignored"));
    assert_eq!(
        get_job(&app, &token, &id).await.body,
        *updated,
        "stored as answered"
    );

    // Clearing with "" and leaving with null.
    let res = put_job(&app, &token, &id, &json!({"notes": "", "location": null})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["notes"], Value::Null);
    assert_eq!(res.body["location"], "Remote");
}

#[tokio::test]
async fn reaching_applied_sets_the_applied_date_and_a_given_date_is_kept() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let id = id_of(&structured_job(&app, &token, "Engineer").await);
    let res = put_job(&app, &token, &id, &json!({"application_status": "applied"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let applied = res.body["applied_date"]
        .as_str()
        .expect("set on reaching applied")
        .to_owned();
    assert!(!applied.ends_with('Z'));
    let res = put_job(
        &app,
        &token,
        &id,
        &json!({"application_status": "interviewing"}),
    )
    .await;
    assert_eq!(
        res.body["applied_date"], applied,
        "kept through later stages"
    );

    let other = id_of(&structured_job(&app, &token, "Other").await);
    let res = put_job(
        &app,
        &token,
        &other,
        &json!({"application_status": "applied", "applied_date": "2026-02-01"}),
    )
    .await;
    assert_eq!(res.body["applied_date"], "2026-02-01T00:00:00");
    let res = put_job(
        &app,
        &token,
        &other,
        &json!({"applied_date": "2026-02-03T09:30:00+01:00"}),
    )
    .await;
    assert_eq!(res.body["applied_date"], "2026-02-03T08:30:00");
}

#[tokio::test]
async fn every_status_change_is_on_the_timeline_with_its_time() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let id = id_of(&structured_job(&app, &token, "Engineer").await);
    for status in [
        "preparing",
        "applied",
        "applied",
        "interviewing",
        "offer_received",
    ] {
        let res = put_job(&app, &token, &id, &json!({"application_status": status})).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    }
    put_job(&app, &token, &id, &json!({"notes": "not a status change"})).await;
    let res = app
        .get(&format!("{JOBS}/{id}/status-history"))
        .bearer(&token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["job_id"], id);
    let history = res.body["history"].as_array().unwrap();
    let steps: Vec<(Value, Value)> = history
        .iter()
        .map(|h| (h["from_status"].clone(), h["to_status"].clone()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (Value::Null, json!("not_applied")),
            (json!("not_applied"), json!("preparing")),
            (json!("preparing"), json!("applied")),
            (json!("applied"), json!("interviewing")),
            (json!("interviewing"), json!("offer_received")),
        ],
        "the same status twice is one change"
    );
    assert_eq!(res.body["total"], 5);
    let times: Vec<&str> = history
        .iter()
        .map(|h| h["changed_at"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");

    let res = app
        .get(&format!("{JOBS}/{id}/status-history?limit=2&offset=1"))
        .bearer(&token)
        .send()
        .await;
    assert_eq!(res.body["history"].as_array().unwrap().len(), 2);
    assert_eq!(res.body["history"][0]["to_status"], "preparing");
    assert_eq!(
        res.body["pagination"],
        json!({"limit": 2, "offset": 1, "total": 5, "hasMore": true})
    );
    let res = app
        .get(&format!("{JOBS}/{id}/status-history?limit=0"))
        .bearer(&token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn bad_updates_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let job = structured_job(&app, &token, "Engineer").await;
    let id = id_of(&job);
    let res = put_job(&app, &token, &id, &json!({"parsed_keywords": ["a"]})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(
        res.detail(),
        "At least one field must be provided for update"
    );
    let res = put_job(&app, &token, &id, &json!({"title": null, "notes": null})).await;
    assert_eq!(
        res.detail(),
        "At least one field must be provided for update"
    );

    let cases = [
        (json!({"status": "open"}), "status", "enum"),
        (
            json!({"application_status": "hired"}),
            "application_status",
            "enum",
        ),
        (json!({"title": ""}), "title", "string_too_short"),
        (
            json!({"title": "t".repeat(201)}),
            "title",
            "string_too_long",
        ),
        (json!({"company": ""}), "company", "string_too_short"),
        (
            json!({"location": "l".repeat(201)}),
            "location",
            "string_too_long",
        ),
        (
            json!({"description": "d".repeat(10_001)}),
            "description",
            "string_too_long",
        ),
        (
            json!({"notes": "n".repeat(5_001)}),
            "notes",
            "string_too_long",
        ),
        (
            json!({"applied_date": "last tuesday"}),
            "applied_date",
            "datetime_parsing",
        ),
        (
            json!({"applied_date": "-5000-01-01"}),
            "applied_date",
            "datetime_parsing",
        ),
        (
            json!({"applied_date": "2026-06-30T23:59:60Z"}),
            "applied_date",
            "datetime_parsing",
        ),
        (json!({"title": "   "}), "title", "string_too_short"),
        (json!({"company": " \t "}), "company", "string_too_short"),
        (json!({"title": 5}), "title", "string_type"),
        (json!({"notes": "ok", "status": "gone"}), "status", "enum"),
    ];
    for (body, field, kind) in cases {
        let res = put_job(&app, &token, &id, &body).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            res.text
        );
        assert_eq!(res.first_error()["loc"], json!(["body", field]), "{body}");
        assert_eq!(res.first_error()["type"], kind, "{body}");
    }
    let res = app
        .request(reqwest::Method::PUT, &format!("{JOBS}/{id}"))
        .bearer(&token)
        .raw(&b"{\"title\": "[..])
        .send()
        .await;
    assert_eq!(res.first_error()["type"], "json_invalid");
    assert_eq!(get_job(&app, &token, &id).await.body, job, "unchanged");
    assert_eq!(rows(&app, "job_status_changes").await, 1);
}

#[tokio::test]
async fn unknown_and_malformed_ids_are_not_found_with_the_contract_s_message() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let unknown = uuid::Uuid::new_v4().to_string();
    for id in [unknown.as_str(), "not-a-uuid", "mock_0123456789ab"] {
        let expected = format!("Job with ID '{id}' not found");
        let res = get_job(&app, &token, id).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{id}");
        assert_eq!(res.detail(), expected);
        let res = put_job(&app, &token, id, &json!({"notes": "x"})).await;
        assert_eq!(
            (res.status, res.detail()),
            (StatusCode::NOT_FOUND, expected.as_str())
        );
        let res = delete_job(&app, &token, id).await;
        assert_eq!(
            (res.status, res.detail()),
            (StatusCode::NOT_FOUND, expected.as_str())
        );
        let res = app
            .get(&format!("{JOBS}/{id}/status-history"))
            .bearer(&token)
            .send()
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{id}");
    }
    let long = "x".repeat(300);
    let res = get_job(&app, &token, &long).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.detail().len() < 200, "the echoed id is bounded");
}

#[tokio::test]
async fn deleting_answers_204_and_takes_the_timeline_with_it() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let id = id_of(&structured_job(&app, &token, "Engineer").await);
    put_job(&app, &token, &id, &json!({"application_status": "applied"})).await;
    let keep = id_of(&structured_job(&app, &token, "Keep").await);
    assert_eq!(rows(&app, "job_status_changes").await, 3);
    let res = delete_job(&app, &token, &id).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert!(res.text.is_empty());
    assert_eq!(
        get_job(&app, &token, &id).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        delete_job(&app, &token, &id).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(rows(&app, "jobs").await, 1);
    assert_eq!(
        rows(&app, "job_status_changes").await,
        1,
        "only the kept job's entry"
    );
    assert_eq!(get_job(&app, &token, &keep).await.status, StatusCode::OK);
}

#[tokio::test]
async fn another_user_s_job_is_not_found_for_every_route_and_stays_as_it_was() {
    let app = spawn_app().await;
    let (_, alice, _) = app.signed_up_user().await;
    let (_, bob, _) = app.signed_up_user().await;
    let job = structured_job(&app, &alice, "Alice's job").await;
    let id = id_of(&job);
    let expected = format!("Job with ID '{id}' not found");

    let res = get_job(&app, &bob, &id).await;
    assert_eq!(
        (res.status, res.detail()),
        (StatusCode::NOT_FOUND, expected.as_str())
    );
    let res = put_job(
        &app,
        &bob,
        &id,
        &json!({"title": "Hijacked", "application_status": "applied"}),
    )
    .await;
    assert_eq!(
        (res.status, res.detail()),
        (StatusCode::NOT_FOUND, expected.as_str())
    );
    let res = delete_job(&app, &bob, &id).await;
    assert_eq!(
        (res.status, res.detail()),
        (StatusCode::NOT_FOUND, expected.as_str())
    );
    let res = app
        .get(&format!("{JOBS}/{id}/status-history"))
        .bearer(&bob)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    assert_eq!(
        get_job(&app, &alice, &id).await.body,
        job,
        "byte for byte unchanged"
    );
    assert_eq!(rows(&app, "job_status_changes").await, 1);
}

#[tokio::test]
async fn every_item_route_needs_a_valid_bearer_token() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let id = id_of(&structured_job(&app, &token, "Engineer").await);
    let path = format!("{JOBS}/{id}");
    let history = format!("{path}/status-history");
    let routes = [
        (reqwest::Method::GET, path.as_str()),
        (reqwest::Method::PUT, path.as_str()),
        (reqwest::Method::DELETE, path.as_str()),
        (reqwest::Method::GET, history.as_str()),
    ];
    for (method, route) in routes {
        let res = app
            .request(method.clone(), route)
            .json(&json!({"notes": "x"}))
            .send()
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{method} {route}");
        assert_eq!(res.detail(), "Not authenticated");
        let res = app
            .request(method.clone(), route)
            .bearer("expired.or.forged")
            .json(&json!({"notes": "x"}))
            .send()
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{method} {route}");
        assert_eq!(res.header("www-authenticate"), Some("Bearer"));
    }
    assert_eq!(get_job(&app, &token, &id).await.body["notes"], Value::Null);
}

#[tokio::test]
async fn concurrent_status_changes_all_land_on_the_timeline() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let id = id_of(&structured_job(&app, &token, "Engineer").await);
    let statuses = [
        "preparing",
        "applied",
        "interviewing",
        "rejected",
        "withdrawn",
        "accepted",
    ];
    let requests = statuses.iter().map(|s| {
        let app = &app;
        let token = token.clone();
        let id = id.clone();
        async move { put_job(app, &token, &id, &json!({"application_status": s})).await }
    });
    for res in futures_util::future::join_all(requests).await {
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    }
    let history = chained_history(&app, &token, &id).await;
    // Every update was a real change (six different statuses, none the first one): the
    // first entry and six changes, none lost.
    assert_eq!(history.len(), 1 + statuses.len(), "{history:?}");
    for status in statuses {
        let times = history.iter().filter(|h| h["to_status"] == status).count();
        assert_eq!(times, 1, "{status} once in {history:?}");
    }
}

/// The job's status timeline, checked to be a chain of real changes (each starts where the
/// one before ended) that ends at the job's current status.
async fn chained_history(app: &TestApp, token: &str, id: &str) -> Vec<Value> {
    let history = app
        .get(&format!("{JOBS}/{id}/status-history?limit=100"))
        .bearer(token)
        .send()
        .await
        .body["history"]
        .as_array()
        .unwrap()
        .clone();
    for pair in history.windows(2) {
        assert_eq!(pair[0]["to_status"], pair[1]["from_status"], "{history:?}");
        assert_ne!(pair[1]["from_status"], pair[1]["to_status"], "{history:?}");
    }
    assert_eq!(
        history.last().unwrap()["to_status"],
        get_job(app, token, id).await.body["application_status"]
    );
    history
}

#[tokio::test]
async fn fifty_concurrent_updates_of_one_job_all_land() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let id = id_of(&structured_job(&app, &token, "Engineer").await);
    let statuses = [
        "preparing",
        "applied",
        "interviewing",
        "offer_received",
        "rejected",
    ];
    let requests = (0..50).map(|n| {
        let app = &app;
        let token = token.clone();
        let id = id.clone();
        // Alternating statuses (each update a status change more often than not), notes
        // and typed-in text, whose keywords are extracted again.
        let body = match n % 3 {
            0 => json!({"application_status": statuses[n % statuses.len()]}),
            1 => json!({"notes": format!("note {n}")}),
            _ => json!({"description": format!("Kafka and Terraform, round {n}")}),
        };
        async move { put_job(app, &token, &id, &body).await }
    });
    let answers = futures_util::future::join_all(requests).await;
    for res in &answers {
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    }
    let history = chained_history(&app, &token, &id).await;
    // Every status was set at least once, so each is on the timeline.
    for status in statuses {
        assert!(
            history.iter().any(|h| h["to_status"] == status),
            "{status} missing from {history:?}"
        );
    }
}
