//! JSON Resume export and import through HTTP.
use reqwest::StatusCode;
use serde_json::{Value, json};
use tailor_api_tests::fixtures::{PROFILES, profile_path};
use tailor_api_tests::{TestApp, spawn_app};

fn document() -> Value {
    json!({
        "basics": {
            "name": "Jane Doe",
            "email": "jane@example.com",
            "phone": "+49 30 1234567",
            "url": "https://jane.dev",
            "summary": "Backend engineer who likes boring, reliable systems.",
            "location": {"city": "Berlin", "countryCode": "DE"},
            "profiles": [{"network": "LinkedIn", "url": "https://linkedin.com/in/jane"}]
        },
        "work": [
            {"name": "Acme", "position": "Senior Engineer", "startDate": "2021-03",
             "summary": "Led the platform team.", "highlights": ["Cut costs by 30%"]},
            {"name": "Acme", "position": "Engineer", "startDate": "2019", "endDate": "2021-02-28"}
        ],
        "education": [{"institution": "TU Berlin", "area": "Computer Science",
                        "studyType": "BSc", "startDate": "2014-10-01", "endDate": "2018-09-30",
                        "score": "3.7"}],
        "projects": [{"name": "tailor", "description": "A resume tool.",
                      "keywords": ["Rust"], "url": "https://github.com/jane/tailor"}],
        "skills": [{"name": "Technical", "keywords": ["Rust", "PostgreSQL"]},
                   {"name": "Soft", "keywords": ["Mentoring"]}],
        "languages": [{"language": "German", "fluency": "Native speaker"}],
        "certificates": [{"name": "CKA", "issuer": "CNCF", "date": "2022-05-01"}]
    })
}

async fn import(
    app: &TestApp,
    token: &str,
    mode: &str,
    doc: &Value,
) -> tailor_api_tests::TestResponse {
    app.post(&format!("{PROFILES}/import/json-resume?mode={mode}"))
        .bearer(token)
        .json(doc)
        .send()
        .await
}

fn without_last_modified(mut doc: Value) -> Value {
    if let Some(meta) = doc.get_mut("meta").and_then(Value::as_object_mut) {
        meta.remove("lastModified");
    }
    doc
}

#[tokio::test]
async fn an_imported_document_becomes_the_profile_and_exports_back_unchanged() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;

    let created = import(&app, &token, "create", &document()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["personal_info"]["full_name"], "Jane Doe");
    let experiences = created.body["experiences"].as_array().unwrap();
    assert_eq!(
        experiences.len(),
        2,
        "two roles at one employer stay two entries"
    );
    assert_eq!(experiences[0]["start_date"], "2021-03-01");
    assert_eq!(experiences[1]["start_date"], "2019-01-01");
    assert_eq!(
        created.body["skills"]["technical"],
        json!(["Rust", "PostgreSQL"])
    );
    assert_eq!(created.body["skills"]["soft"], json!(["Mentoring"]));

    let id = created.body["id"].as_str().unwrap();
    let first = app
        .get(&format!("{}/json-resume", profile_path(id)))
        .bearer(&token)
        .send()
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(first.body["basics"]["name"], "Jane Doe");
    assert_eq!(first.body["work"].as_array().unwrap().len(), 2);

    let replaced = import(&app, &token, "replace", &first.body).await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.text);
    assert_eq!(replaced.body["id"], created.body["id"], "the same profile");
    let second = app
        .get(&format!("{}/json-resume", profile_path(id)))
        .bearer(&token)
        .send()
        .await;
    assert_eq!(
        without_last_modified(second.body),
        without_last_modified(first.body),
        "export, import, export gives the same document"
    );
}

#[tokio::test]
async fn importing_again_in_create_mode_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    assert_eq!(
        import(&app, &token, "create", &document()).await.status,
        StatusCode::CREATED
    );
    let before = app.my_profile(&token).await;

    let mut other = document();
    other["basics"]["name"] = json!("Someone Else");
    let again = import(&app, &token, "create", &other).await;

    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        again.detail(),
        "User already has a profile. Use update instead."
    );
    let after = app.my_profile(&token).await;
    assert_eq!(after.text, before.text);
}

#[tokio::test]
async fn an_invalid_document_points_at_the_offending_path_and_stores_nothing() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let mut doc = document();
    doc["work"][1]["startDate"] = json!("last spring");

    let res = import(&app, &token, "create", &doc).await;

    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    let locs: Vec<&Value> = res.body["detail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["loc"])
        .collect();
    assert!(
        locs.contains(&&json!(["body", "work", 1, "startDate"])),
        "{locs:?}"
    );
    let me = app.my_profile(&token).await;
    assert_eq!(me.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_unknown_import_mode_is_a_query_error() {
    let app = spawn_app().await;
    let (_, token, _) = app.signed_up_user().await;
    let res = import(&app, &token, "merge", &document()).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.first_error()["loc"], json!(["query", "mode"]));
    let me = app.my_profile(&token).await;
    assert_eq!(me.status, StatusCode::NOT_FOUND);
}
