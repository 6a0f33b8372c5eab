//! The profile itself: create, read, list, update, delete and analytics.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use tailor_api_tests::fixtures::{PROFILES, bare_profile, full_profile, id_of, profile_path};
use tailor_api_tests::{TestApp, TestResponse, spawn_app};
use uuid::Uuid;

/// The stored profile, read back through the API.
async fn read(app: &TestApp, token: &str, id: &str) -> Value {
    app.read_profile(token, id).await.body
}

async fn update(app: &TestApp, token: &str, id: &str, body: &Value) -> TestResponse {
    app.request(Method::PUT, &profile_path(id))
        .bearer(token)
        .json(body)
        .send()
        .await
}

/// A naive ISO-8601 timestamp (no `Z`, no offset).
fn timestamp(value: &Value) -> NaiveDateTime {
    let text = value.as_str().expect("a string timestamp");
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .unwrap_or_else(|e| panic!("{text:?} is not a naive timestamp: {e}"))
}

fn without_updated_at(profile: &Value) -> Value {
    let mut p = profile.clone();
    p.as_object_mut().unwrap().remove("updated_at");
    p
}

/// How many rows `table` holds for the profile `profile_id`.
async fn child_rows(app: &TestApp, table: &str, profile_id: &str) -> i64 {
    let db = app.db().await;
    let backend = db.get_database_backend();
    let placeholder = if backend == DbBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    let id = Uuid::parse_str(profile_id).expect("a UUID profile id");
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!("SELECT COUNT(*) FROM {table} WHERE profile_id = {placeholder}"),
            [id.into()],
        ))
        .await
        .expect("query runs")
        .expect("one row");
    let n = row.try_get_by_index::<i64>(0).expect("a count");
    db.close().await.ok();
    n
}

#[tokio::test]
async fn creating_a_profile_answers_201_with_the_whole_profile() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let user_id = app.me(&token).await.body["id"].as_i64().unwrap();

    let res = app
        .post_profile(
            &token,
            &json!({
                "personal_info": {"full_name": "Jane Doe", "email": "jane@example.com"},
                "custom_fields": {"hobbies": ["chess"], "pronouns": "she/her"}
            }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let p = &res.body;
    Uuid::parse_str(p["id"].as_str().expect("id is a string")).expect("id is a UUID");
    assert_eq!(p["user_id"], json!(user_id));
    assert!(p["user_id"].is_i64());
    let created = timestamp(&p["created_at"]);
    assert_eq!(timestamp(&p["updated_at"]), created);
    assert_eq!(
        p["personal_info"],
        json!({
            "full_name": "Jane Doe",
            "email": "jane@example.com",
            "phone": null,
            "location": null,
            "linkedin": null,
            "github": null,
            "website": null
        })
    );
    assert_eq!(p["professional_summary"], Value::Null);
    assert_eq!(p["enhanced_professional_summary"], Value::Null);
    assert!(p.get("professional_summary").is_some(), "null is explicit");
    assert_eq!(p["enhancement_metadata"], json!({}));
    assert_eq!(
        p["skills"],
        json!({"technical": [], "soft": [], "languages": [], "certifications": []})
    );
    assert_eq!(p["experiences"], json!([]));
    assert_eq!(p["education"], json!([]));
    assert_eq!(p["projects"], json!([]));
    assert_eq!(
        p["custom_fields"],
        json!({"hobbies": ["chess"], "pronouns": "she/her"})
    );

    // What was stored is what was answered.
    let me = app.my_profile(&token).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.body, res.body);
}

#[tokio::test]
async fn a_full_profile_is_stored_as_sent() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let p = app.create_profile(&token, &full_profile()).await;

    assert_eq!(
        p["professional_summary"],
        "Backend engineer with a decade of experience building reliable services."
    );
    assert_eq!(p["skills"]["technical"], json!(["Rust", "Go"]));
    assert_eq!(p["skills"]["soft"], json!(["Teamwork"]));
    assert_eq!(
        p["skills"]["languages"],
        json!([{"name": "English", "proficiency": "native"}])
    );
    let cert = &p["skills"]["certifications"][0];
    assert!(
        !cert["id"].as_str().unwrap_or_default().is_empty(),
        "{cert}"
    );
    assert_eq!(cert["name"], "AWS Certified Developer");
    assert_eq!(cert["date_obtained"], "2023-05-01");
    assert_eq!(cert["expiry_date"], Value::Null);

    let first = &p["experiences"][0];
    assert_eq!(first["title"], "Senior Engineer");
    assert_eq!(first["company"], "Acme");
    assert_eq!(first["location"], "Berlin");
    assert_eq!(first["start_date"], "2018-02-01");
    assert_eq!(first["end_date"], "2021-06-30");
    assert_eq!(first["is_current"], false);
    assert_eq!(first["description"], "Built the billing platform.");
    assert_eq!(first["enhanced_description"], Value::Null);
    assert_eq!(first["achievements"], json!(["Cut costs by 30%"]));
    assert_eq!(p["experiences"][1]["title"], "Engineer");
    assert_eq!(p["experiences"][1]["location"], Value::Null);

    let edu = &p["education"][0];
    assert_eq!(edu["institution"], "TU Berlin");
    assert_eq!(edu["field_of_study"], "Computer Science");
    assert_eq!(edu["gpa"].as_f64(), Some(3.7));
    assert_eq!(edu["honors"], json!(["Cum laude"]));
    let project = &p["projects"][0];
    assert_eq!(project["name"], "Tailor");
    assert_eq!(project["technologies"], json!(["Rust"]));
    assert_eq!(project["url"], "https://github.com/jane/tailor");
    assert_eq!(project["end_date"], Value::Null);
    assert_eq!(p["custom_fields"], json!({"hobbies": ["chess"]}));

    assert_eq!(read(&app, &token, &id_of(&p)).await, p);
}

#[tokio::test]
async fn the_clients_payloads_with_extra_keys_are_accepted() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let mut body = full_profile();
    let exp = &mut body["experiences"][0];
    exp["technologies"] = json!(["Rust", "Kafka"]);
    exp["employment_type"] = json!("full_time");
    exp["industry"] = json!("Fintech");
    let edu = &mut body["education"][0];
    edu["id"] = json!("");
    edu["is_current"] = json!(false);
    edu["description"] = json!("Thesis on distributed systems");
    let project = &mut body["projects"][0];
    project["id"] = json!("");
    project["github_url"] = json!("https://github.com/jane/tailor");
    project["is_ongoing"] = json!(true);
    project["highlights"] = json!(["1k stars"]);
    let res = app.post_profile(&token, &body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["experiences"][0]["title"], "Senior Engineer");
    assert_eq!(res.body["education"][0]["institution"], "TU Berlin");
    assert_eq!(res.body["projects"][0]["name"], "Tailor");
    let id = id_of(&res.body);

    // The edit screen sends the whole profile back, with its id, user_id and timestamps
    // and the extra keys on each item.
    let before = read(&app, &token, &id).await;
    let mut put = before.clone();
    put["experiences"][0]["technologies"] = json!(["Rust"]);
    put["experiences"][0]["employment_type"] = json!("contract");
    put["education"][0]["is_current"] = json!(false);
    put["education"][0]["description"] = json!("Thesis");
    put["projects"][0]["github_url"] = json!("https://github.com/jane/tailor");
    put["projects"][0]["is_ongoing"] = json!(false);
    put["projects"][0]["highlights"] = json!([]);
    put["experiences"][1]["title"] = json!("Software Engineer");
    let res = update(&app, &token, &id, &put).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);

    let mut expected = without_updated_at(&before);
    expected["experiences"][1]["title"] = json!("Software Engineer");
    assert_eq!(without_updated_at(&res.body), expected);
    assert_eq!(read(&app, &token, &id).await, res.body);
}

#[tokio::test]
async fn new_sub_items_get_distinct_uuids_and_given_ids_are_kept() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let experience = |id: Option<Value>, n: usize| {
        let mut e = json!({
            "title": format!("Engineer {n}"),
            "company": "Acme",
            "start_date": "2020-01-01"
        });
        if let Some(id) = id {
            e["id"] = id;
        }
        e
    };
    let education = |id: Option<Value>, n: usize| {
        let mut e = json!({
            "institution": format!("University {n}"),
            "degree": "BSc",
            "field_of_study": "CS",
            "start_date": "2010-09-01",
            "end_date": "2014-06-30"
        });
        if let Some(id) = id {
            e["id"] = id;
        }
        e
    };
    let project = |id: Option<Value>, n: usize| {
        let mut p = json!({"name": format!("Project {n}"), "description": "A project"});
        if let Some(id) = id {
            p["id"] = id;
        }
        p
    };
    let ids = || {
        [
            Some(json!("")),
            Some(Value::Null),
            None,
            Some(json!("my-own-id")),
        ]
    };
    let body = json!({
        "personal_info": {"full_name": "Jane", "email": "jane@example.com"},
        "experiences": ids().into_iter().enumerate().map(|(i, id)| experience(id, i)).collect::<Vec<_>>(),
        "education": ids().into_iter().enumerate().map(|(i, id)| education(id, i)).collect::<Vec<_>>(),
        "projects": ids().into_iter().enumerate().map(|(i, id)| project(id, i)).collect::<Vec<_>>(),
    });

    let check = |profile: &Value, context: &str| {
        let mut seen = HashSet::new();
        for section in ["experiences", "education", "projects"] {
            let items = profile[section].as_array().unwrap();
            assert_eq!(items.len(), 4, "{context} {section}");
            for item in &items[..3] {
                let id = item["id"].as_str().unwrap_or_default();
                Uuid::parse_str(id)
                    .unwrap_or_else(|_| panic!("{context} {section}: {id:?} is not a UUID"));
                assert!(seen.insert(id.to_owned()), "{context}: {id} is repeated");
            }
            assert_eq!(items[3]["id"], "my-own-id", "{context} {section}");
        }
    };

    let res = app.post_profile(&token, &body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    check(&res.body, "create");
    let id = id_of(&res.body);
    check(&read(&app, &token, &id).await, "create, read back");

    // The same forms in a full update make new ids again.
    let res = update(&app, &token, &id, &body).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    check(&res.body, "update");
    check(&read(&app, &token, &id).await, "update, read back");
}

#[tokio::test]
async fn my_profile_is_404_until_one_is_created() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let res = app.my_profile(&token).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(
        res.body,
        json!({"detail": "No profile found for current user"})
    );

    let created = app.create_profile(&token, &full_profile()).await;
    let res = app.my_profile(&token).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body, created);

    // Another user still has none.
    let (_, other, _) = app.signed_up_user().await;
    let res = app.my_profile(&other).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.detail(), "No profile found for current user");
}

#[tokio::test]
async fn a_second_profile_for_the_same_user_is_refused() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let first = app.create_profile(&token, &full_profile()).await;

    let mut second = full_profile();
    second["personal_info"]["full_name"] = json!("Someone Else");
    let res = app.post_profile(&token, &second).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.body,
        json!({"detail": "User already has a profile. Use update instead."})
    );

    let list = app.get(PROFILES).bearer(&token).send().await;
    assert_eq!(list.body["total"], 1);
    assert_eq!(app.my_profile(&token).await.body, first);
}

#[tokio::test]
async fn profiles_are_listed_with_bounded_pagination() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let res = app.get(PROFILES).bearer(&token).send().await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(
        res.body,
        json!({"profiles": [], "total": 0, "limit": 10, "offset": 0})
    );

    let created = app.create_profile(&token, &full_profile()).await;
    let res = app.get(PROFILES).bearer(&token).send().await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.body,
        json!({"profiles": [created], "total": 1, "limit": 10, "offset": 0})
    );

    let res = app
        .get(&format!("{PROFILES}?limit=100&offset=1"))
        .bearer(&token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(
        res.body,
        json!({"profiles": [], "total": 1, "limit": 100, "offset": 1})
    );
    let res = app
        .get(&format!("{PROFILES}?limit=1"))
        .bearer(&token)
        .send()
        .await;
    assert_eq!(res.body["limit"], 1);
    assert_eq!(res.body["profiles"].as_array().unwrap().len(), 1);

    for (query, kind, loc) in [
        ("limit=0", "greater_than_equal", json!(["query", "limit"])),
        ("limit=101", "less_than_equal", json!(["query", "limit"])),
        (
            "offset=-1",
            "greater_than_equal",
            json!(["query", "offset"]),
        ),
        ("limit=ten", "int_parsing", json!(["query", "limit"])),
    ] {
        let res = app
            .get(&format!("{PROFILES}?{query}"))
            .bearer(&token)
            .send()
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(res.body["detail"].is_array(), "{query}: {}", res.text);
        assert_eq!(res.first_error()["type"], kind, "{query}: {}", res.text);
        assert_eq!(res.first_error()["loc"], loc, "{query}");
    }

    // Other users see only their own.
    let (_, other, _) = app.signed_up_user().await;
    let res = app.get(PROFILES).bearer(&other).send().await;
    assert_eq!(res.body["profiles"], json!([]));
    assert_eq!(res.body["total"], 0);
}

#[tokio::test]
async fn a_profile_is_read_by_its_id_by_its_owner_only() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let created = app.create_profile(&token, &full_profile()).await;
    let id = id_of(&created);
    assert_eq!(read(&app, &token, &id).await, created);

    let (_, other, _) = app.signed_up_user().await;
    let res = app.get(&profile_path(&id)).bearer(&other).send().await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(
        res.detail(),
        "Access denied: profile belongs to another user"
    );
    let res = update(
        &app,
        &other,
        &id,
        &json!({"professional_summary": "Taken over by someone"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(read(&app, &token, &id).await, created);

    let res = app
        .get(&profile_path(&Uuid::new_v4().to_string()))
        .bearer(&token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.body, json!({"detail": "Profile not found"}));
}

#[tokio::test]
async fn an_update_changes_only_what_it_names() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let created = app.create_profile(&token, &full_profile()).await;
    let id = id_of(&created);

    let res = update(
        &app,
        &token,
        &id,
        &json!({"professional_summary": "A brand new summary of my career."}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let mut expected = without_updated_at(&created);
    expected["professional_summary"] = json!("A brand new summary of my career.");
    assert_eq!(without_updated_at(&res.body), expected);
    assert_eq!(read(&app, &token, &id).await, res.body);

    // `null` cannot clear the summary.
    let res = update(
        &app,
        &token,
        &id,
        &json!({"professional_summary": null, "enhanced_professional_summary": null}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(without_updated_at(&res.body), expected);

    // Personal info is replaced whole; skills too (missing lists become empty).
    let res = update(
        &app,
        &token,
        &id,
        &json!({
            "personal_info": {"full_name": "Jane Q. Doe", "email": "jane@example.com", "location": "Paris"},
            "skills": {"technical": ["Python"]}
        }),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    expected["personal_info"] = json!({
        "full_name": "Jane Q. Doe",
        "email": "jane@example.com",
        "phone": null,
        "location": "Paris",
        "linkedin": null,
        "github": null,
        "website": null
    });
    expected["skills"] =
        json!({"technical": ["Python"], "soft": [], "languages": [], "certifications": []});
    assert_eq!(without_updated_at(&res.body), expected);
    assert_eq!(without_updated_at(&read(&app, &token, &id).await), expected);
}

#[tokio::test]
async fn every_update_moves_updated_at_but_not_created_at() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let created = app.create_profile(&token, &full_profile()).await;
    let id = id_of(&created);
    let mut previous = created.clone();

    for body in [
        json!({}),
        json!({"professional_summary": "Another take on my summary."}),
        json!({}),
    ] {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let res = update(&app, &token, &id, &body).await;
        assert_eq!(res.status, StatusCode::OK, "{body}: {}", res.text);
        let updated = timestamp(&res.body["updated_at"]);
        let before = timestamp(&previous["updated_at"]);
        assert!(updated > before, "{body}: {updated} after {before}");
        assert_eq!(res.body["created_at"], created["created_at"]);
        if body == json!({}) {
            assert_eq!(without_updated_at(&res.body), without_updated_at(&previous));
        }
        assert_eq!(read(&app, &token, &id).await, res.body);
        previous = res.body;
    }
}

#[tokio::test]
async fn a_section_in_an_update_replaces_the_whole_section_in_payload_order() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let created = app.create_profile(&token, &full_profile()).await;
    let id = id_of(&created);
    let first = created["experiences"][0].clone();
    let second = created["experiences"][1].clone();

    let new_one = json!({
        "id": "",
        "title": "Intern",
        "company": "Globex",
        "start_date": "2014-06-01",
        "end_date": "2014-09-01",
        "is_current": false
    });
    let res = update(
        &app,
        &token,
        &id,
        &json!({"experiences": [second, new_one, first]}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let titles = |p: &Value| -> Vec<String> {
        p["experiences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["title"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(titles(&res.body), ["Engineer", "Intern", "Senior Engineer"]);
    assert_eq!(res.body["experiences"][0], second);
    assert_eq!(res.body["experiences"][2], first);
    let stored = read(&app, &token, &id).await;
    assert_eq!(titles(&stored), ["Engineer", "Intern", "Senior Engineer"]);
    assert_eq!(stored["education"], created["education"]);
    assert_eq!(stored["projects"], created["projects"]);

    // Dropping an entry removes it; `[]` empties a section; absent sections stay.
    let res = update(
        &app,
        &token,
        &id,
        &json!({"experiences": [first], "education": []}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let stored = read(&app, &token, &id).await;
    assert_eq!(stored["experiences"], json!([first]));
    assert_eq!(stored["education"], json!([]));
    assert_eq!(stored["projects"], created["projects"]);
    assert_eq!(child_rows(&app, "experiences", &id).await, 1);
    assert_eq!(child_rows(&app, "education", &id).await, 0);
}

#[tokio::test]
async fn an_update_with_one_bad_experience_changes_nothing() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let created = app.create_profile(&token, &full_profile()).await;
    let id = id_of(&created);
    let before = read(&app, &token, &id).await;

    let res = update(
        &app,
        &token,
        &id,
        &json!({
            "personal_info": {"full_name": "Changed Name", "email": "changed@example.com"},
            "professional_summary": "This summary must not be saved.",
            "skills": {"technical": ["Cobol"]},
            "education": [],
            "projects": [],
            "experiences": [
                {"id": "", "title": "A", "company": "One", "start_date": "2019-01-01", "end_date": "2019-12-31"},
                {"id": "", "title": "B", "company": "Two", "start_date": "2021-01-01", "end_date": "2020-01-01"},
                {"id": "", "title": "C", "company": "Three", "start_date": "2022-01-01"}
            ]
        }),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(
        res.detail().starts_with("Invalid experiences data:"),
        "{}",
        res.text
    );
    assert!(
        res.detail().contains("Start date cannot be after end date"),
        "{}",
        res.text
    );

    assert_eq!(read(&app, &token, &id).await, before);
    assert_eq!(child_rows(&app, "experiences", &id).await, 2);
    assert_eq!(child_rows(&app, "education", &id).await, 1);
    assert_eq!(child_rows(&app, "projects", &id).await, 1);
}

#[tokio::test]
async fn personal_links_must_be_urls_and_bare_domains_get_https() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let created = app.create_profile(&token, &full_profile()).await;
    let id = id_of(&created);

    let res = update(
        &app,
        &token,
        &id,
        &json!({"personal_info": {"full_name": "Jane Doe", "email": "jane@example.com", "website": "not a url"}}),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(
        res.detail().starts_with("Invalid personal info: "),
        "{}",
        res.text
    );
    assert!(res.detail().contains("website"), "{}", res.text);
    assert_eq!(read(&app, &token, &id).await, created);

    let res = update(
        &app,
        &token,
        &id,
        &json!({"personal_info": {
            "full_name": "Jane Doe",
            "email": "jane@example.com",
            "linkedin": "linkedin.com/in/jane",
            "github": "http://github.com/jane",
            "website": "jane.dev"
        }}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let info = &read(&app, &token, &id).await["personal_info"];
    assert_eq!(info["linkedin"], "https://linkedin.com/in/jane");
    assert_eq!(info["github"], "http://github.com/jane");
    assert_eq!(info["website"], "https://jane.dev");
}

#[tokio::test]
async fn schema_errors_answer_the_list_form() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;

    let mut long_title = full_profile();
    long_title["experiences"][0]["title"] = json!("x".repeat(101));
    let mut no_personal_info = full_profile();
    no_personal_info
        .as_object_mut()
        .unwrap()
        .remove("personal_info");
    let mut short_summary = full_profile();
    short_summary["professional_summary"] = json!("Too short");
    let cases = [
        (
            long_title,
            "string_too_long",
            json!(["body", "experiences", 0, "title"]),
        ),
        (
            no_personal_info,
            "missing",
            json!(["body", "personal_info"]),
        ),
        (
            short_summary,
            "string_too_short",
            json!(["body", "professional_summary"]),
        ),
    ];
    for (body, kind, loc) in &cases {
        let res = app.post_profile(&token, body).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{loc}");
        assert!(res.body["detail"].is_array(), "{loc}: {}", res.text);
        assert_eq!(res.first_error()["type"], *kind, "{loc}: {}", res.text);
        assert_eq!(res.first_error()["loc"], *loc, "{}", res.text);
        assert!(res.first_error()["msg"].is_string());
    }
    assert_eq!(app.my_profile(&token).await.status, StatusCode::NOT_FOUND);

    // The same checks on update, which stores nothing either.
    let created = app.create_profile(&token, &full_profile()).await;
    let id = id_of(&created);
    for (body, kind, loc) in [&cases[0], &cases[2]] {
        let res = update(&app, &token, &id, body).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{loc}");
        assert_eq!(res.first_error()["type"], *kind, "{loc}: {}", res.text);
        assert_eq!(res.first_error()["loc"], *loc, "{}", res.text);
    }
    assert_eq!(read(&app, &token, &id).await, created);
}

#[tokio::test]
async fn an_over_long_summary_is_refused_and_not_stored() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let mut body = full_profile();
    body["professional_summary"] = json!("x".repeat(2001));
    let res = app.post_profile(&token, &body).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(
        res.detail().starts_with("Invalid profile data: "),
        "{}",
        res.text
    );
    assert!(
        res.detail().contains("professional_summary"),
        "{}",
        res.text
    );
    assert_eq!(app.my_profile(&token).await.status, StatusCode::NOT_FOUND);

    let created = app.create_profile(&token, &full_profile()).await;
    let id = id_of(&created);
    let res = update(
        &app,
        &token,
        &id,
        &json!({"professional_summary": "x".repeat(2001)}),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(
        res.detail().contains("professional_summary"),
        "{}",
        res.text
    );
    // Still readable, and unchanged.
    let me = app.my_profile(&token).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.body, created);

    // 2000 characters are fine.
    let res = update(
        &app,
        &token,
        &id,
        &json!({"professional_summary": "y".repeat(2000)}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(
        read(&app, &token, &id).await["professional_summary"],
        "y".repeat(2000)
    );
}

#[tokio::test]
async fn deleting_a_profile_removes_it_and_everything_in_it() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let created = app.create_profile(&token, &full_profile()).await;
    let id = id_of(&created);
    assert_eq!(child_rows(&app, "experiences", &id).await, 2);
    assert_eq!(child_rows(&app, "education", &id).await, 1);
    assert_eq!(child_rows(&app, "projects", &id).await, 1);

    let (_, other, _) = app.signed_up_user().await;
    let res = app
        .request(Method::DELETE, &profile_path(&id))
        .bearer(&other)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(read(&app, &token, &id).await, created);

    let res = app
        .request(Method::DELETE, &profile_path(&id))
        .bearer(&token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
    assert_eq!(res.text, "");

    let res = app.get(&profile_path(&id)).bearer(&token).send().await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.body, json!({"detail": "Profile not found"}));
    assert_eq!(app.my_profile(&token).await.status, StatusCode::NOT_FOUND);
    for table in ["experiences", "education", "projects"] {
        assert_eq!(child_rows(&app, table, &id).await, 0, "{table}");
    }
    let res = app
        .request(Method::DELETE, &profile_path(&id))
        .bearer(&token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // A new profile can be made afterwards.
    let again = app.create_profile(&token, &full_profile()).await;
    assert_ne!(id_of(&again), id);
    assert_eq!(app.my_profile(&token).await.body, again);
}

#[tokio::test]
async fn analytics_score_a_known_profile() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let created = app.create_profile(&token, &full_profile()).await;
    let id = id_of(&created);

    let res = app
        .get(&format!("{}/analytics", profile_path(&id)))
        .bearer(&token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let a = &res.body;
    assert_eq!(a["profile_id"], id.as_str());
    // Name, email and phone of four fields; a 72-character summary; two experiences, one
    // education, all skill kinds, one project.
    assert_eq!(
        a["completeness"],
        json!({
            "overall": 65,
            "personal_info": 75,
            "professional_summary": 100,
            "experiences": 40,
            "education": 50,
            "skills": 100,
            "projects": 25
        })
    );
    for (_, v) in a["completeness"].as_object().unwrap() {
        assert!(v.is_u64(), "{v}");
    }
    let stats = &a["statistics"];
    assert_eq!(stats["total_experiences"], 2);
    assert_eq!(stats["total_education"], 1);
    assert_eq!(stats["total_skills"], 3);
    assert_eq!(stats["total_projects"], 1);
    // 2018-2021 and 2015-2018.
    assert_eq!(stats["years_of_experience"].as_f64(), Some(6.0));
    assert_eq!(
        a["recommendations"],
        json!([
            "Complete your personal information (phone, location)",
            "Add more work experience entries",
            "Add your education background",
            "Add portfolio projects with descriptions and technologies"
        ])
    );

    // A bare profile: only name and email count.
    let (_, other, _) = app.signed_up_user().await;
    let bare = app
        .create_profile(&other, &bare_profile("Bo", "bo@example.com"))
        .await;
    let bare_id = id_of(&bare);
    let res = app
        .get(&format!("{}/analytics", profile_path(&bare_id)))
        .bearer(&other)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["completeness"]["overall"], 10);
    assert_eq!(res.body["completeness"]["personal_info"], 50);
    assert_eq!(
        res.body["statistics"]["years_of_experience"].as_f64(),
        Some(0.0)
    );
    assert_eq!(res.body["recommendations"].as_array().unwrap().len(), 6);

    // Someone else's analytics are not shown.
    let res = app
        .get(&format!("{}/analytics", profile_path(&id)))
        .bearer(&other)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_profile_id_that_is_not_a_uuid_names_no_profile() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    app.create_profile(&token, &full_profile()).await;
    let bad = "not-a-uuid";
    let requests = [
        (Method::GET, profile_path(bad), None),
        (Method::PUT, profile_path(bad), Some(json!({}))),
        (Method::DELETE, profile_path(bad), None),
        (
            Method::GET,
            format!("{}/analytics", profile_path(bad)),
            None,
        ),
        (
            Method::GET,
            format!("{}/experiences", profile_path(bad)),
            None,
        ),
        (
            Method::POST,
            format!("{}/education", profile_path(bad)),
            Some(json!([])),
        ),
    ];
    for (method, path, body) in requests {
        let mut req = app.request(method.clone(), &path).bearer(&token);
        if let Some(body) = &body {
            req = req.json(body);
        }
        let res = req.send().await;
        assert_eq!(
            res.status,
            StatusCode::NOT_FOUND,
            "{method} {path}: {}",
            res.text
        );
        assert_eq!(
            res.body,
            json!({"detail": "Profile not found"}),
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn a_body_over_one_mebibyte_is_refused_with_413() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let big = json!({
        "personal_info": {"full_name": "Jane", "email": "jane@example.com"},
        "custom_fields": {"blob": "x".repeat(1024 * 1024)}
    });
    let res = app
        .post(PROFILES)
        .bearer(&token)
        .raw(big.to_string())
        .send()
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.text);
    assert_eq!(res.detail(), "Request body too large");
    assert_eq!(app.my_profile(&token).await.status, StatusCode::NOT_FOUND);

    let created = app.create_profile(&token, &full_profile()).await;
    let id = id_of(&created);
    let big = json!({"professional_summary": "y".repeat(1024 * 1024 + 1)});
    let res = app
        .request(Method::PUT, &profile_path(&id))
        .bearer(&token)
        .raw(big.to_string())
        .send()
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.text);
    assert_eq!(read(&app, &token, &id).await, created);
}

#[tokio::test]
async fn a_nul_character_in_any_text_is_a_422_on_every_database() {
    let app = tailor_api_tests::spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let body = serde_json::json!({
        "personal_info": {"full_name": "Jane", "email": "jane@example.com"},
        "experiences": [{"title": "Eng", "company": "Acme", "start_date": "2020-01-01",
                         "description": "bad\u{0}text"}]
    });
    let res = app.post_profile(&token, &body).await;
    assert_eq!(
        res.status,
        reqwest::StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        res.text
    );
    assert_eq!(res.first_error()["type"], "string_nul");
    assert_eq!(
        res.first_error()["loc"],
        serde_json::json!(["body", "experiences", 0, "description"])
    );
    let me = app.my_profile(&token).await;
    assert_eq!(
        me.status,
        reqwest::StatusCode::NOT_FOUND,
        "nothing was stored"
    );
}

#[tokio::test]
async fn nested_objects_sent_as_arrays_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let profile = app.create_profile(&token, &full_profile()).await;
    let id = id_of(&profile);
    for (field, body) in [
        ("skills", json!({"skills": [null, null]})),
        (
            "personal_info",
            json!({"personal_info": ["Jane", "jane@example.com"]}),
        ),
        ("experiences", json!({"experiences": [["e1", "Engineer"]]})),
    ] {
        let res = update(&app, &token, &id, &body).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            res.text
        );
        assert_eq!(
            res.first_error()["type"],
            "model_attributes_type",
            "{field}"
        );
        assert_eq!(res.first_error()["loc"][1], field);
    }
    assert_eq!(
        without_updated_at(&read(&app, &token, &id).await),
        without_updated_at(&profile)
    );
}
