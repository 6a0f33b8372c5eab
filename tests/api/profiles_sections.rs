//! The bulk routes of the experiences, education and projects sections.

use std::collections::HashSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tailor_api_tests::fixtures::{Owner, bare_profile, id_of, profile_path};
use tailor_api_tests::{TestApp, TestResponse, spawn_app};
use uuid::Uuid;

/// A profile with empty sections.
fn jane() -> Value {
    bare_profile("Jane Doe", "jane@example.com")
}

fn section_path(profile_id: &str, section: &str) -> String {
    format!("{}/{section}", profile_path(profile_id))
}

async fn send(
    app: &TestApp,
    token: &str,
    method: Method,
    profile_id: &str,
    section: &str,
    body: &Value,
) -> TestResponse {
    app.request(method, &section_path(profile_id, section))
        .bearer(token)
        .json(body)
        .send()
        .await
}

async fn add(
    app: &TestApp,
    token: &str,
    profile_id: &str,
    section: &str,
    body: &Value,
) -> TestResponse {
    send(app, token, Method::POST, profile_id, section, body).await
}

async fn replace(
    app: &TestApp,
    token: &str,
    profile_id: &str,
    section: &str,
    body: &Value,
) -> TestResponse {
    send(app, token, Method::PUT, profile_id, section, body).await
}

async fn remove(
    app: &TestApp,
    token: &str,
    profile_id: &str,
    section: &str,
    body: &Value,
) -> TestResponse {
    send(app, token, Method::DELETE, profile_id, section, body).await
}

/// The whole section as the profile holds it, in order.
async fn stored(app: &TestApp, token: &str, profile_id: &str, section: &str) -> Vec<Value> {
    let profile = app.read_profile(token, profile_id).await.body;
    profile[section].as_array().unwrap().clone()
}

fn experience(title: &str, company: &str, start: &str) -> Value {
    json!({
        "title": title,
        "company": company,
        "location": "Berlin",
        "start_date": start,
        "end_date": null,
        "is_current": true,
        "description": "Worked on things.",
        "achievements": ["Did a thing"]
    })
}

fn education(institution: &str, start: &str, end: Option<&str>) -> Value {
    json!({
        "institution": institution,
        "degree": "BSc",
        "field_of_study": "Computer Science",
        "start_date": start,
        "end_date": end,
        "gpa": 3.5,
        "honors": []
    })
}

fn project(name: &str, description: &str) -> Value {
    json!({
        "name": name,
        "description": description,
        "technologies": ["Rust"],
        "url": null,
        "start_date": "2022-01-01",
        "end_date": "2022-12-31"
    })
}

fn ids(items: &[Value]) -> Vec<String> {
    items.iter().map(id_of).collect()
}

fn field(items: &[Value], name: &str) -> Vec<String> {
    items
        .iter()
        .map(|i| i[name].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn posting_experiences_appends_them_and_answers_only_the_new_ones() {
    let app = spawn_app().await;
    let Owner {
        token,
        profile_id: id,
        ..
    } = app.owner_with(&jane()).await;

    let res = add(
        &app,
        &token,
        &id,
        "experiences",
        &json!([experience("Engineer", "Acme", "2019-01-01")]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let first = res.body.as_array().unwrap().clone();
    assert_eq!(first.len(), 1);
    Uuid::parse_str(first[0]["id"].as_str().unwrap()).expect("a new UUID");
    let mut expected = experience("Engineer", "Acme", "2019-01-01");
    expected["id"] = first[0]["id"].clone();
    expected["enhanced_description"] = Value::Null;
    assert_eq!(first[0], expected);

    let mut with_empty_id = experience("Lead", "Globex", "2020-01-01");
    with_empty_id["id"] = json!("");
    let mut with_null_id = experience("Manager", "Initech", "2021-01-01");
    with_null_id["id"] = Value::Null;
    let mut with_own_id = experience("Director", "Umbrella", "2022-01-01");
    with_own_id["id"] = json!("my-own-id");
    let res = add(
        &app,
        &token,
        &id,
        "experiences",
        &json!([with_empty_id, with_null_id, with_own_id]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let added = res.body.as_array().unwrap().clone();
    assert_eq!(field(&added, "title"), ["Lead", "Manager", "Director"]);
    let added_ids = ids(&added);
    for new_id in &added_ids[..2] {
        Uuid::parse_str(new_id).unwrap_or_else(|_| panic!("{new_id:?} is not a UUID"));
    }
    assert_eq!(added_ids[2], "my-own-id");
    let all: HashSet<String> = ids(&first).into_iter().chain(added_ids).collect();
    assert_eq!(all.len(), 4, "every id is distinct");

    let section = stored(&app, &token, &id, "experiences").await;
    assert_eq!(
        field(&section, "title"),
        ["Engineer", "Lead", "Manager", "Director"]
    );
    assert_eq!(section[0], first[0]);
    assert_eq!(section[1..], added[..]);
}

#[tokio::test]
async fn an_experience_equal_to_an_existing_one_is_skipped() {
    let app = spawn_app().await;
    let Owner {
        token,
        profile_id: id,
        ..
    } = app.owner_with(&jane()).await;
    let res = add(
        &app,
        &token,
        &id,
        "experiences",
        &json!([experience("Senior Engineer", "Acme", "2020-01-01")]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let existing_id = res.body[0]["id"].clone();

    // Same title, company and start date (ignoring case): skipped. A different start
    // date is a different entry.
    let mut same = experience("senior engineer", "ACME", "2020-01-01");
    same["description"] = json!("Described differently");
    let res = add(
        &app,
        &token,
        &id,
        "experiences",
        &json!([same, experience("Senior Engineer", "Acme", "2021-01-01")]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let added = res.body.as_array().unwrap();
    assert_eq!(added.len(), 1, "{}", res.text);
    assert_eq!(added[0]["start_date"], "2021-01-01");

    // Only duplicates: nothing added, still 201 with an empty list. An entry whose id is
    // already taken is a duplicate too.
    let mut same_id = experience("Other", "Other", "2010-01-01");
    same_id["id"] = existing_id.clone();
    let res = add(
        &app,
        &token,
        &id,
        "experiences",
        &json!([experience("SENIOR ENGINEER", "acme", "2020-01-01"), same_id]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body, json!([]));

    let section = stored(&app, &token, &id, "experiences").await;
    assert_eq!(section.len(), 2);
    assert_eq!(section[0]["id"], existing_id);
    assert_eq!(section[0]["description"], "Worked on things.");
    assert_eq!(field(&section, "start_date"), ["2020-01-01", "2021-01-01"]);
}

#[tokio::test]
async fn a_wrapped_section_body_is_a_list_type_error() {
    let app = spawn_app().await;
    let Owner {
        token,
        profile_id: id,
        ..
    } = app.owner_with(&jane()).await;
    let cases = [
        (
            "experiences",
            json!({"experiences": [experience("Engineer", "Acme", "2019-01-01")]}),
        ),
        (
            "education",
            json!({"education": [education("TU Berlin", "2010-01-01", Some("2014-01-01"))]}),
        ),
        ("projects", json!({"projects": [project("Tool", "A tool")]})),
    ];
    for (section, body) in cases {
        for method in [Method::POST, Method::PUT] {
            let res = send(&app, &token, method.clone(), &id, section, &body).await;
            assert_eq!(
                res.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{method} {section}: {}",
                res.text
            );
            assert!(res.body["detail"].is_array(), "{}", res.text);
            assert_eq!(res.first_error()["type"], "list_type", "{}", res.text);
            assert_eq!(res.first_error()["loc"], json!(["body"]), "{}", res.text);
        }
        assert!(stored(&app, &token, &id, section).await.is_empty());
    }
}

#[tokio::test]
async fn sections_are_listed_page_by_page_with_the_real_total() {
    let app = spawn_app().await;
    let Owner {
        token,
        profile_id: id,
        ..
    } = app.owner_with(&jane()).await;
    let experiences: Vec<Value> = (0..5)
        .map(|i| experience(&format!("Role {i}"), "Acme", "2019-01-01"))
        .collect();
    let educations: Vec<Value> = (0..5)
        .map(|i| education(&format!("School {i}"), "2010-01-01", Some("2014-01-01")))
        .collect();
    let projects: Vec<Value> = (0..5)
        .map(|i| project(&format!("Project {i}"), "A project"))
        .collect();
    for (section, items) in [
        ("experiences", &experiences),
        ("education", &educations),
        ("projects", &projects),
    ] {
        let res = add(&app, &token, &id, section, &json!(items)).await;
        assert_eq!(res.status, StatusCode::CREATED, "{section}: {}", res.text);
        assert_eq!(res.body.as_array().unwrap().len(), 5);
    }

    for (section, key, name) in [
        ("experiences", "experiences", "title"),
        ("education", "education", "institution"),
        ("projects", "projects", "name"),
    ] {
        let all = stored(&app, &token, &id, section).await;
        let path = section_path(&id, section);

        let res = app.get(&path).bearer(&token).send().await;
        assert_eq!(res.status, StatusCode::OK, "{section}: {}", res.text);
        assert_eq!(
            res.body,
            json!({key: all, "pagination": {"total": 5, "limit": 50, "offset": 0}}),
            "{section}"
        );

        let res = app
            .get(&format!("{path}?limit=2&offset=1"))
            .bearer(&token)
            .send()
            .await;
        assert_eq!(res.status, StatusCode::OK, "{section}: {}", res.text);
        let page = res.body[key].as_array().unwrap();
        assert_eq!(field(page, name), field(&all[1..3], name), "{section}");
        assert_eq!(
            res.body["pagination"],
            json!({"total": 5, "limit": 2, "offset": 1}),
            "{section}"
        );

        let res = app
            .get(&format!("{path}?limit=100&offset=5"))
            .bearer(&token)
            .send()
            .await;
        assert_eq!(res.body[key], json!([]), "{section}");
        assert_eq!(
            res.body["pagination"],
            json!({"total": 5, "limit": 100, "offset": 5}),
            "{section}"
        );

        for (query, loc) in [
            ("limit=0", json!(["query", "limit"])),
            ("limit=101", json!(["query", "limit"])),
            ("offset=-1", json!(["query", "offset"])),
        ] {
            let res = app
                .get(&format!("{path}?{query}"))
                .bearer(&token)
                .send()
                .await;
            assert_eq!(
                res.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{section} {query}"
            );
            assert_eq!(
                res.first_error()["loc"],
                loc,
                "{section} {query}: {}",
                res.text
            );
        }
    }

    // Someone else cannot list them.
    let (_, other, _) = app.signed_up_user().await;
    let res = app
        .get(&section_path(&id, "experiences"))
        .bearer(&other)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(
        res.detail(),
        "Access denied: profile belongs to another user"
    );
}

#[tokio::test]
async fn putting_experiences_replaces_them_by_id_and_ignores_unknown_ids() {
    let app = spawn_app().await;
    let Owner {
        token,
        profile_id: id,
        ..
    } = app.owner_with(&jane()).await;
    let res = add(
        &app,
        &token,
        &id,
        "experiences",
        &json!([
            experience("Engineer", "Acme", "2018-01-01"),
            experience("Lead", "Globex", "2020-01-01")
        ]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let before = res.body.as_array().unwrap().clone();

    let mut changed = before[0].clone();
    changed["title"] = json!("Staff Engineer");
    changed["end_date"] = json!("2019-12-31");
    changed["is_current"] = json!(false);
    changed["achievements"] = json!(["Led the migration"]);
    let mut unknown = experience("Ghost", "Nowhere", "2010-01-01");
    unknown["id"] = json!("no-such-id");
    let res = replace(&app, &token, &id, "experiences", &json!([unknown, changed])).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body, json!([changed]));

    let section = stored(&app, &token, &id, "experiences").await;
    assert_eq!(section, vec![changed, before[1].clone()]);
}

#[tokio::test]
async fn deleting_experiences_answers_204_and_removes_them() {
    let app = spawn_app().await;
    let Owner {
        token,
        profile_id: id,
        ..
    } = app.owner_with(&jane()).await;
    let res = add(
        &app,
        &token,
        &id,
        "experiences",
        &json!([
            experience("A", "One", "2018-01-01"),
            experience("B", "Two", "2019-01-01"),
            experience("C", "Three", "2020-01-01")
        ]),
    )
    .await;
    let all = ids(res.body.as_array().unwrap());

    let res = remove(
        &app,
        &token,
        &id,
        "experiences",
        &json!({"experience_ids": [all[0], "no-such-id", all[2]]}),
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
    assert_eq!(res.text, "");
    let section = stored(&app, &token, &id, "experiences").await;
    assert_eq!(ids(&section), [all[1].clone()]);

    // Another user's request deletes nothing.
    let (_, other, _) = app.signed_up_user().await;
    let res = remove(
        &app,
        &other,
        &id,
        "experiences",
        &json!({"experience_ids": [all[1]]}),
    )
    .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(stored(&app, &token, &id, "experiences").await.len(), 1);
}

#[tokio::test]
async fn education_entries_are_added_replaced_and_deleted() {
    let app = spawn_app().await;
    let Owner {
        token,
        profile_id: id,
        ..
    } = app.owner_with(&jane()).await;

    let mut own = education("MIT", "2014-09-01", Some("2016-06-30"));
    own["id"] = json!("my-own-id");
    let mut empty_id = education("ETH", "2017-09-01", Some("2018-06-30"));
    empty_id["id"] = json!("");
    let res = add(
        &app,
        &token,
        &id,
        "education",
        &json!([
            education("TU Berlin", "2010-10-01", Some("2014-07-31")),
            own,
            empty_id
        ]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let added = res.body.as_array().unwrap().clone();
    assert_eq!(field(&added, "institution"), ["TU Berlin", "MIT", "ETH"]);
    Uuid::parse_str(added[0]["id"].as_str().unwrap()).expect("a new UUID");
    assert_eq!(added[1]["id"], "my-own-id");
    Uuid::parse_str(added[2]["id"].as_str().unwrap()).expect("a new UUID");
    assert_ne!(added[0]["id"], added[2]["id"]);
    assert_eq!(added[0]["gpa"].as_f64(), Some(3.5));

    // Same institution, degree and field (ignoring case): skipped.
    let res = add(
        &app,
        &token,
        &id,
        "education",
        &json!([education("tu berlin", "2011-01-01", Some("2015-01-01"))]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body, json!([]));

    let mut changed = added[1].clone();
    changed["degree"] = json!("MSc");
    changed["honors"] = json!(["Summa cum laude"]);
    let mut unknown = education("Nowhere", "2000-01-01", Some("2001-01-01"));
    unknown["id"] = json!("no-such-id");
    let res = replace(&app, &token, &id, "education", &json!([changed, unknown])).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body, json!([changed]));
    assert_eq!(
        stored(&app, &token, &id, "education").await,
        vec![added[0].clone(), changed, added[2].clone()]
    );

    let res = remove(
        &app,
        &token,
        &id,
        "education",
        &json!({"education_ids": ["my-own-id", "no-such-id"]}),
    )
    .await;
    res.assert_message("Deleted 1 education entries successfully");
    assert_eq!(
        stored(&app, &token, &id, "education").await,
        vec![added[0].clone(), added[2].clone()]
    );
}

#[tokio::test]
async fn projects_are_added_replaced_and_deleted() {
    let app = spawn_app().await;
    let Owner {
        token,
        profile_id: id,
        ..
    } = app.owner_with(&jane()).await;

    let res = add(
        &app,
        &token,
        &id,
        "projects",
        &json!([
            project("Tailor", "A resume tailoring tool"),
            json!({"id": "", "name": "Scraper", "description": "Collects job offers"}),
            json!({"id": null, "name": "Blog", "description": "My personal blog"})
        ]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let added = res.body.as_array().unwrap().clone();
    assert_eq!(field(&added, "name"), ["Tailor", "Scraper", "Blog"]);
    let new_ids: HashSet<String> = ids(&added).into_iter().collect();
    assert_eq!(new_ids.len(), 3, "{}", res.text);
    for new_id in &new_ids {
        Uuid::parse_str(new_id).unwrap_or_else(|_| panic!("{new_id:?} is not a UUID"));
    }
    assert_eq!(added[1]["technologies"], json!([]));
    assert_eq!(added[1]["url"], Value::Null);
    assert_eq!(added[1]["start_date"], Value::Null);
    let mut expected = project("Tailor", "A resume tailoring tool");
    expected["id"] = added[0]["id"].clone();
    expected["enhanced_description"] = Value::Null;
    assert_eq!(added[0], expected);

    // Same name and description (ignoring the name's case): skipped.
    let res = add(
        &app,
        &token,
        &id,
        "projects",
        &json!([project("TAILOR", "A resume tailoring tool")]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body, json!([]));

    let mut changed = added[1].clone();
    changed["description"] = json!("Collects and ranks job offers");
    changed["technologies"] = json!(["Rust", "Tokio"]);
    let res = replace(&app, &token, &id, "projects", &json!([changed])).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body, json!([changed]));
    assert_eq!(
        stored(&app, &token, &id, "projects").await,
        vec![added[0].clone(), changed.clone(), added[2].clone()]
    );

    let res = remove(
        &app,
        &token,
        &id,
        "projects",
        &json!({"project_ids": [added[0]["id"], added[2]["id"], "no-such-id"]}),
    )
    .await;
    res.assert_message("Deleted 2 projects successfully");
    assert_eq!(stored(&app, &token, &id, "projects").await, vec![changed]);
}

#[tokio::test]
async fn a_bad_entry_in_a_bulk_add_adds_nothing() {
    let app = spawn_app().await;
    let Owner {
        token,
        profile_id: id,
        ..
    } = app.owner_with(&jane()).await;
    let res = add(
        &app,
        &token,
        &id,
        "education",
        &json!([education("TU Berlin", "2010-10-01", Some("2014-07-31"))]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let before = stored(&app, &token, &id, "education").await;

    let res = add(
        &app,
        &token,
        &id,
        "education",
        &json!([
            education("MIT", "2014-09-01", Some("2016-06-30")),
            education("Stanford", "2018-09-01", Some("2017-06-30")),
            education("ETH", "2019-09-01", None)
        ]),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(
        res.body,
        json!({"detail": "Invalid education data: [1]: Start date must be before end date"})
    );
    assert_eq!(stored(&app, &token, &id, "education").await, before);

    let res = add(
        &app,
        &token,
        &id,
        "experiences",
        &json!([
            experience("A", "One", "2018-01-01"),
            experience("B", "Two", "2019-13-01")
        ]),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(
        res.detail().starts_with("Invalid experience data: [1]: "),
        "{}",
        res.text
    );
    assert!(stored(&app, &token, &id, "experiences").await.is_empty());

    // Year 0000 is a calendar date, but no career's.
    let res = add(
        &app,
        &token,
        &id,
        "experiences",
        &json!([experience("A", "One", "0000-01-01")]),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(res.detail().contains("between 1900-01-01"), "{}", res.text);
    assert!(stored(&app, &token, &id, "experiences").await.is_empty());

    // The same rule on a bulk replace.
    let mut bad = before[0].clone();
    bad["end_date"] = json!("2009-01-01");
    let res = replace(&app, &token, &id, "education", &json!([bad])).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(
        res.detail(),
        "Invalid education data: [0]: Start date must be before end date"
    );
    assert_eq!(stored(&app, &token, &id, "education").await, before);
}

#[tokio::test]
async fn a_project_url_without_a_scheme_gets_http() {
    let app = spawn_app().await;
    let Owner {
        token,
        profile_id: id,
        ..
    } = app.owner_with(&jane()).await;
    let with_url = |name: &str, url: &str| {
        let mut p = project(name, "Something");
        p["url"] = json!(url);
        p
    };
    let res = add(
        &app,
        &token,
        &id,
        "projects",
        &json!([
            with_url("One", "github.com/x"),
            with_url("Two", "www.example.org"),
            with_url("Three", "https://example.com/app")
        ]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let expected = [
        "http://github.com/x",
        "http://www.example.org",
        "https://example.com/app",
    ];
    assert_eq!(field(res.body.as_array().unwrap(), "url"), expected);
    assert_eq!(
        field(&stored(&app, &token, &id, "projects").await, "url"),
        expected
    );
}

#[tokio::test]
async fn education_without_an_end_and_projects_without_a_start_are_accepted() {
    let app = spawn_app().await;
    let Owner {
        token,
        profile_id: id,
        ..
    } = app.owner_with(&jane()).await;

    let mut ongoing = education("TU Berlin", "2023-10-01", None);
    ongoing.as_object_mut().unwrap().remove("end_date");
    let res = add(&app, &token, &id, "education", &json!([ongoing])).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body[0]["end_date"], Value::Null);

    let mut undated = project("Idea", "Not started yet");
    let undated_obj = undated.as_object_mut().unwrap();
    undated_obj.remove("start_date");
    undated_obj.remove("end_date");
    let res = add(&app, &token, &id, "projects", &json!([undated])).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body[0]["start_date"], Value::Null);
    assert_eq!(res.body[0]["end_date"], Value::Null);

    let education = stored(&app, &token, &id, "education").await;
    assert_eq!(education.len(), 1);
    assert_eq!(education[0]["end_date"], Value::Null);
    let projects = stored(&app, &token, &id, "projects").await;
    assert_eq!(projects.len(), 1);
    assert_eq!(projects[0]["start_date"], Value::Null);

    // And through the bulk replace too.
    let mut changed = projects[0].clone();
    changed["description"] = json!("Still not started");
    let res = replace(&app, &token, &id, "projects", &json!([changed])).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(stored(&app, &token, &id, "projects").await, vec![changed]);
}

#[tokio::test]
async fn more_than_100_entries_in_one_request_are_refused() {
    let app = spawn_app().await;
    let Owner {
        token,
        profile_id: id,
        ..
    } = app.owner_with(&jane()).await;
    let cases = [
        (
            "experiences",
            (0..101)
                .map(|i| experience("Role", &format!("Company {i}"), "2019-01-01"))
                .collect::<Vec<_>>(),
        ),
        (
            "education",
            (0..101)
                .map(|i| education(&format!("School {i}"), "2010-01-01", None))
                .collect(),
        ),
        (
            "projects",
            (0..101)
                .map(|i| project(&format!("Project {i}"), "A project"))
                .collect(),
        ),
    ];
    for (section, items) in cases {
        for method in [Method::POST, Method::PUT] {
            let res = send(&app, &token, method.clone(), &id, section, &json!(items)).await;
            assert_eq!(
                res.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{method} {section}: {}",
                res.text
            );
            assert!(res.body["detail"].is_array(), "{}", res.text);
            assert_eq!(res.first_error()["type"], "too_long", "{}", res.text);
            assert_eq!(res.first_error()["loc"], json!(["body"]));
        }
        assert!(
            stored(&app, &token, &id, section).await.is_empty(),
            "{section}"
        );
    }
}

#[tokio::test]
async fn bulk_adds_cannot_grow_a_section_past_its_limit() {
    let app = spawn_app().await;
    let Owner {
        token,
        profile_id: id,
        ..
    } = app.owner_with(&jane()).await;

    let hundred: Vec<Value> = (0..100)
        .map(|i| experience("Role", &format!("Company {i}"), "2019-01-01"))
        .collect();
    let res = add(&app, &token, &id, "experiences", &json!(hundred)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body.as_array().unwrap().len(), 100);

    let res = add(
        &app,
        &token,
        &id,
        "experiences",
        &json!([experience("Role", "One too many", "2019-01-01")]),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(
        res.detail().contains("at most 100 experiences"),
        "{}",
        res.text
    );
    let section = stored(&app, &token, &id, "experiences").await;
    assert_eq!(section.len(), 100);
    assert!(!field(&section, "company").contains(&"One too many".to_owned()));

    // Education stops at 50.
    let fifty: Vec<Value> = (0..50)
        .map(|i| education(&format!("School {i}"), "2010-01-01", None))
        .collect();
    let res = add(&app, &token, &id, "education", &json!(fifty)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let res = add(
        &app,
        &token,
        &id,
        "education",
        &json!([education("One too many", "2010-01-01", None)]),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(
        res.detail().contains("at most 50 education entries"),
        "{}",
        res.text
    );
    assert_eq!(stored(&app, &token, &id, "education").await.len(), 50);
}

#[tokio::test]
async fn a_gpa_outside_zero_to_four_is_a_bound_error_and_nothing_is_added() {
    let app = spawn_app().await;
    let Owner {
        token,
        profile_id: id,
        ..
    } = app.owner_with(&jane()).await;
    for (gpa, kind, bound) in [
        (4.5, "less_than_equal", json!({"le": 4.0})),
        (-0.1, "greater_than_equal", json!({"ge": 0.0})),
    ] {
        let mut entry = education("TU Berlin", "2010-10-01", Some("2014-07-31"));
        entry["gpa"] = json!(gpa);
        let res = add(&app, &token, &id, "education", &json!([entry])).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
        let error = res.first_error();
        assert_eq!(error["type"], kind, "{}", res.text);
        assert_eq!(error["loc"], json!(["body", 0, "gpa"]), "{}", res.text);
        assert_eq!(error["ctx"], bound, "{}", res.text);
        assert!(stored(&app, &token, &id, "education").await.is_empty());
    }
}
