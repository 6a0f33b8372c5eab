//! Skills, certifications and custom fields of a profile (`/api/v1/profiles/{id}/...`).

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tailor_api_tests::fixtures::{Owner, PROFILES, is_uuid, skilled_profile};
use tailor_api_tests::{TestApp, TestResponse, spawn_app};

async fn call(
    app: &TestApp,
    owner: &Owner,
    method: Method,
    suffix: &str,
    body: &Value,
) -> TestResponse {
    app.request(method, &owner.path(suffix))
        .bearer(&owner.token)
        .json(body)
        .send()
        .await
}

async fn read(app: &TestApp, owner: &Owner, suffix: &str) -> Value {
    let res = app
        .get(&owner.path(suffix))
        .bearer(&owner.token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK, "GET {suffix}: {}", res.text);
    res.body
}

async fn skills(app: &TestApp, owner: &Owner) -> Value {
    read(app, owner, "/skills").await
}

async fn profile(app: &TestApp, owner: &Owner) -> Value {
    read(app, owner, "").await
}

async fn my_profile(app: &TestApp, owner: &Owner) -> Value {
    let res = app.my_profile(&owner.token).await;
    assert_eq!(res.status, StatusCode::OK, "GET /profiles/me: {}", res.text);
    res.body
}

fn assert_string_422(res: &TestResponse, prefix: &str) {
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(
        res.body["detail"].is_string() && res.detail().starts_with(prefix),
        "expected a string detail starting with {prefix:?}: {}",
        res.text
    );
}

fn assert_list_422(res: &TestResponse, kind: &str, loc: &Value) {
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(res.body["detail"].is_array(), "{}", res.text);
    assert_eq!(res.first_error()["type"], kind, "{}", res.text);
    assert_eq!(&res.first_error()["loc"], loc, "{}", res.text);
    assert!(res.first_error()["msg"].is_string(), "{}", res.text);
}

fn sorted_keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_array()
        .expect("a list of keys")
        .iter()
        .map(|k| k.as_str().expect("a string key").to_owned())
        .collect();
    keys.sort();
    keys
}

// ---------- skills ----------

#[tokio::test]
async fn get_skills_returns_the_four_lists_as_stored() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let cert_id = profile(&app, &owner).await["skills"]["certifications"][0]["id"].clone();
    assert!(is_uuid(&cert_id), "{cert_id}");

    let res = app
        .get(&owner.path("/skills"))
        .bearer(&owner.token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(
        res.body,
        json!({
            "technical": ["Rust", "Go"],
            "soft": ["Communication"],
            "languages": [{"name": "English", "proficiency": "native"}],
            "certifications": [{
                "id": cert_id,
                "name": "AWS Solutions Architect",
                "issuer": "Amazon",
                "date_obtained": "2023-01-15",
                "expiry_date": "2026-01-15",
                "credential_id": "AWS-123"
            }]
        })
    );
}

#[tokio::test]
async fn put_skills_replaces_all_four_lists_and_answers_the_message_with_the_stored_skills() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let languages = json!([
        {"name": "German", "proficiency": "native"},
        {"name": "English", "proficiency": "fluent"},
        {"name": "Spanish", "proficiency": "conversational"},
        {"name": "Japanese", "proficiency": "basic"}
    ]);
    let res = call(
        &app,
        &owner,
        Method::PUT,
        "/skills",
        &json!({
            "technical": ["Python", "SQL"],
            "soft": ["Leadership", "Mentoring"],
            "languages": languages,
            "certifications": [{
                "id": "cka",
                "name": "CKA",
                "issuer": "CNCF",
                "date_obtained": "2022-05-01",
                "expiry_date": null,
                "credential_id": null
            }]
        }),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let expected_skills = json!({
        "technical": ["Python", "SQL"],
        "soft": ["Leadership", "Mentoring"],
        "languages": languages,
        "certifications": [{
            "id": "cka",
            "name": "CKA",
            "issuer": "CNCF",
            "date_obtained": "2022-05-01",
            "expiry_date": null,
            "credential_id": null
        }]
    });
    let mut expected_response = expected_skills.clone();
    expected_response["message"] = json!("Skills updated successfully");
    assert_eq!(res.body, expected_response);

    assert_eq!(skills(&app, &owner).await, expected_skills);
    assert_eq!(profile(&app, &owner).await["skills"], expected_skills);
}

#[tokio::test]
async fn put_skills_turns_missing_lists_into_empty_ones() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let res = call(
        &app,
        &owner,
        Method::PUT,
        "/skills",
        &json!({"technical": ["Kotlin"]}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let expected = json!({
        "technical": ["Kotlin"],
        "soft": [],
        "languages": [],
        "certifications": []
    });
    assert_eq!(res.body["technical"], expected["technical"]);
    assert_eq!(res.body["soft"], json!([]));
    assert_eq!(res.body["languages"], json!([]));
    assert_eq!(res.body["certifications"], json!([]));
    assert_eq!(skills(&app, &owner).await, expected);

    let res = call(&app, &owner, Method::PUT, "/skills", &json!({})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(
        skills(&app, &owner).await,
        json!({"technical": [], "soft": [], "languages": [], "certifications": []})
    );
}

#[tokio::test]
async fn put_skills_with_an_unknown_language_proficiency_is_a_422_string_and_changes_nothing() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let before = profile(&app, &owner).await;
    for proficiency in ["expert", "", "native speaker"] {
        let res = call(
            &app,
            &owner,
            Method::PUT,
            "/skills",
            &json!({
                "technical": ["Python"],
                "languages": [
                    {"name": "English", "proficiency": "fluent"},
                    {"name": "French", "proficiency": proficiency}
                ]
            }),
        )
        .await;
        assert_string_422(&res, "Invalid skills data:");
        assert!(res.detail().contains("proficiency"), "{}", res.text);
    }
    assert_eq!(profile(&app, &owner).await, before);
}

#[tokio::test]
async fn put_skills_with_a_blank_technical_entry_is_a_422_string_and_changes_nothing() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let before = profile(&app, &owner).await;
    for blank in ["", "   "] {
        let res = call(
            &app,
            &owner,
            Method::PUT,
            "/skills",
            &json!({"technical": ["Python", blank], "soft": ["Focus"]}),
        )
        .await;
        assert_string_422(&res, "Invalid skills data:");
        assert!(res.detail().contains("technical"), "{}", res.text);
    }
    assert_eq!(profile(&app, &owner).await, before);
}

#[tokio::test]
async fn put_skills_gives_certifications_without_an_id_a_new_one_and_keeps_given_ids() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let res = call(
        &app,
        &owner,
        Method::PUT,
        "/skills",
        &json!({"certifications": [
            {"name": "CKA", "issuer": "CNCF", "date_obtained": "2022-05-01"},
            {"id": "", "name": "CKAD", "issuer": "CNCF", "date_obtained": "2022-06-01"},
            {"id": "my-cert", "name": "PSM I", "issuer": "Scrum.org", "date_obtained": "2021-03-01"}
        ]}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let certs = res.body["certifications"].as_array().unwrap().clone();
    assert_eq!(certs.len(), 3);
    assert!(is_uuid(&certs[0]["id"]), "{}", res.text);
    assert!(is_uuid(&certs[1]["id"]), "{}", res.text);
    assert_ne!(certs[0]["id"], certs[1]["id"]);
    assert_eq!(certs[2]["id"], "my-cert");
    assert_eq!(certs[0]["name"], "CKA");
    assert_eq!(certs[0]["expiry_date"], Value::Null);
    assert_eq!(skills(&app, &owner).await["certifications"], json!(certs));

    // Sending the certifications back with their ids keeps the ids.
    let res = call(
        &app,
        &owner,
        Method::PUT,
        "/skills",
        &json!({"certifications": certs}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["certifications"], json!(certs));
    assert_eq!(skills(&app, &owner).await["certifications"], json!(certs));
}

#[tokio::test]
async fn put_skills_with_a_certification_expiring_before_it_was_obtained_is_a_422_string() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let before = profile(&app, &owner).await;
    let res = call(
        &app,
        &owner,
        Method::PUT,
        "/skills",
        &json!({
            "technical": ["Python"],
            "certifications": [{
                "name": "CKA",
                "issuer": "CNCF",
                "date_obtained": "2022-05-01",
                "expiry_date": "2022-04-30"
            }]
        }),
    )
    .await;
    assert_string_422(&res, "Invalid skills data:");
    assert!(res.detail().contains("expiry_date"), "{}", res.text);
    assert_eq!(profile(&app, &owner).await, before);
}

#[tokio::test]
async fn adding_technical_skills_keeps_order_ignores_repeats_and_counts_only_new_ones() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let res = call(
        &app,
        &owner,
        Method::POST,
        "/skills/technical",
        &json!({"skills": ["Python", "rust", "PYTHON", "TypeScript", "go"]}),
    )
    .await;
    res.assert_message("2 technical skills added successfully");
    let now = skills(&app, &owner).await;
    assert_eq!(
        now["technical"],
        json!(["Rust", "Go", "Python", "TypeScript"])
    );
    assert_eq!(now["soft"], json!(["Communication"]));

    let res = call(
        &app,
        &owner,
        Method::POST,
        "/skills/technical",
        &json!({"skills": ["typescript", "RUST"]}),
    )
    .await;
    res.assert_message("0 technical skills added successfully");
    assert_eq!(
        skills(&app, &owner).await["technical"],
        json!(["Rust", "Go", "Python", "TypeScript"])
    );
}

#[tokio::test]
async fn removing_technical_skills_matches_case_insensitively_and_counts_only_removed_ones() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let res = call(
        &app,
        &owner,
        Method::POST,
        "/skills/technical",
        &json!({"skills": ["Python", "SQL"]}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);

    let res = call(
        &app,
        &owner,
        Method::DELETE,
        "/skills/technical",
        &json!({"skills": ["go", "Haskell", "PYTHON"]}),
    )
    .await;
    res.assert_message("2 technical skills removed successfully");
    let now = skills(&app, &owner).await;
    assert_eq!(now["technical"], json!(["Rust", "SQL"]));
    assert_eq!(now["soft"], json!(["Communication"]));

    let res = call(
        &app,
        &owner,
        Method::DELETE,
        "/skills/technical",
        &json!({"skills": ["Haskell"]}),
    )
    .await;
    res.assert_message("0 technical skills removed successfully");
    assert_eq!(
        skills(&app, &owner).await["technical"],
        json!(["Rust", "SQL"])
    );
}

#[tokio::test]
async fn soft_skills_are_added_and_removed_like_technical_ones_without_touching_technical() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let res = call(
        &app,
        &owner,
        Method::POST,
        "/skills/soft",
        &json!({"skills": ["Leadership", "communication", "Mentoring", "leadership"]}),
    )
    .await;
    res.assert_message("2 soft skills added successfully");
    let now = skills(&app, &owner).await;
    assert_eq!(
        now["soft"],
        json!(["Communication", "Leadership", "Mentoring"])
    );
    assert_eq!(now["technical"], json!(["Rust", "Go"]));

    let res = call(
        &app,
        &owner,
        Method::DELETE,
        "/skills/soft",
        &json!({"skills": ["COMMUNICATION", "Patience", "mentoring"]}),
    )
    .await;
    res.assert_message("2 soft skills removed successfully");
    let now = skills(&app, &owner).await;
    assert_eq!(now["soft"], json!(["Leadership"]));
    assert_eq!(now["technical"], json!(["Rust", "Go"]));

    // A technical skill named like a soft one is not removed from the soft list.
    let res = call(
        &app,
        &owner,
        Method::DELETE,
        "/skills/technical",
        &json!({"skills": ["Leadership"]}),
    )
    .await;
    res.assert_message("0 technical skills removed successfully");
    assert_eq!(skills(&app, &owner).await["soft"], json!(["Leadership"]));
}

#[tokio::test]
async fn skill_list_bodies_without_skills_are_a_422_list_with_missing_at_body_skills() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let before = profile(&app, &owner).await;
    for suffix in ["/skills/technical", "/skills/soft"] {
        for method in [Method::POST, Method::DELETE] {
            for body in [json!({}), json!({"technical": ["Python"]})] {
                let res = call(&app, &owner, method.clone(), suffix, &body).await;
                assert_list_422(&res, "missing", &json!(["body", "skills"]));
                assert_eq!(res.first_error()["msg"], "Field required", "{}", res.text);
            }
        }
    }
    assert_eq!(profile(&app, &owner).await, before);
}

#[tokio::test]
async fn skill_list_bodies_with_non_string_entries_are_a_422_list() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let before = profile(&app, &owner).await;
    for suffix in ["/skills/technical", "/skills/soft"] {
        for method in [Method::POST, Method::DELETE] {
            let res = call(
                &app,
                &owner,
                method.clone(),
                suffix,
                &json!({"skills": ["Python", 42]}),
            )
            .await;
            assert_list_422(&res, "string_type", &json!(["body", "skills", 1]));

            let res = call(
                &app,
                &owner,
                method.clone(),
                suffix,
                &json!({"skills": "Python"}),
            )
            .await;
            assert_list_422(&res, "list_type", &json!(["body", "skills"]));
        }
    }
    assert_eq!(profile(&app, &owner).await, before);
}

// ---------- certifications ----------

#[tokio::test]
async fn posting_certifications_answers_201_with_the_added_ones_and_their_new_ids() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let existing = read(&app, &owner, "/certifications").await;
    assert_eq!(existing.as_array().unwrap().len(), 1, "{existing}");

    let res = call(
        &app,
        &owner,
        Method::POST,
        "/certifications",
        &json!([
            {"name": "CKA", "issuer": "CNCF", "date_obtained": "2022-05-01",
             "expiry_date": "2025-05-01", "credential_id": "LF-1"},
            {"id": "psm-1", "name": "PSM I", "issuer": "Scrum.org", "date_obtained": "2021-03-01"}
        ]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let added = res.body.as_array().expect("a bare array").clone();
    assert_eq!(added.len(), 2, "{}", res.text);
    assert!(is_uuid(&added[0]["id"]), "{}", res.text);
    assert_ne!(added[0]["id"], existing[0]["id"]);
    assert_eq!(
        added[0],
        json!({
            "id": added[0]["id"],
            "name": "CKA",
            "issuer": "CNCF",
            "date_obtained": "2022-05-01",
            "expiry_date": "2025-05-01",
            "credential_id": "LF-1"
        })
    );
    assert_eq!(
        added[1],
        json!({
            "id": "psm-1",
            "name": "PSM I",
            "issuer": "Scrum.org",
            "date_obtained": "2021-03-01",
            "expiry_date": null,
            "credential_id": null
        })
    );

    let list = read(&app, &owner, "/certifications").await;
    assert_eq!(list, json!([existing[0], added[0], added[1]]));
}

#[tokio::test]
async fn posting_a_certification_with_the_same_name_and_issuer_as_an_existing_one_skips_it() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let before = read(&app, &owner, "/certifications").await;

    let res = call(
        &app,
        &owner,
        Method::POST,
        "/certifications",
        &json!([
            {"name": "aws solutions architect", "issuer": "AMAZON", "date_obtained": "2024-02-02"},
            {"name": "CKA", "issuer": "CNCF", "date_obtained": "2022-05-01"},
            {"name": "CKA", "issuer": "CNCF", "date_obtained": "2023-05-01"}
        ]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let added = res.body.as_array().expect("a bare array").clone();
    assert_eq!(added.len(), 1, "{}", res.text);
    assert_eq!(added[0]["name"], "CKA");
    assert_eq!(added[0]["date_obtained"], "2022-05-01");

    let list = read(&app, &owner, "/certifications").await;
    assert_eq!(list, json!([before[0], added[0]]));

    // Everything already there: still 201, nothing added.
    let res = call(
        &app,
        &owner,
        Method::POST,
        "/certifications",
        &json!([{"name": "CKA", "issuer": "cncf", "date_obtained": "2020-01-01"}]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body, json!([]));
    assert_eq!(read(&app, &owner, "/certifications").await, list);
}

#[tokio::test]
async fn putting_certifications_replaces_them_by_id_and_ignores_unknown_ids() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let res = call(
        &app,
        &owner,
        Method::POST,
        "/certifications",
        &json!([{"name": "CKA", "issuer": "CNCF", "date_obtained": "2022-05-01"}]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let before = read(&app, &owner, "/certifications").await;
    let aws_id = before[0]["id"].clone();

    let replacement = json!({
        "id": aws_id,
        "name": "AWS Solutions Architect Professional",
        "issuer": "Amazon",
        "date_obtained": "2024-03-01",
        "expiry_date": "2027-03-01",
        "credential_id": "AWS-999"
    });
    let res = call(
        &app,
        &owner,
        Method::PUT,
        "/certifications",
        &json!([
            replacement,
            {"id": "no-such-id", "name": "Ghost", "issuer": "Nobody", "date_obtained": "2020-01-01"}
        ]),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body, json!([replacement]));

    let list = read(&app, &owner, "/certifications").await;
    assert_eq!(list, json!([replacement, before[1]]));
}

#[tokio::test]
async fn deleting_certifications_reports_how_many_were_deleted() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let res = call(
        &app,
        &owner,
        Method::POST,
        "/certifications",
        &json!([
            {"name": "CKA", "issuer": "CNCF", "date_obtained": "2022-05-01"},
            {"name": "CKAD", "issuer": "CNCF", "date_obtained": "2022-06-01"}
        ]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let before = read(&app, &owner, "/certifications").await;
    assert_eq!(before.as_array().unwrap().len(), 3);

    let res = call(
        &app,
        &owner,
        Method::DELETE,
        "/certifications",
        &json!({"certification_ids": [before[0]["id"], "no-such-id", before[2]["id"]]}),
    )
    .await;
    res.assert_message("Deleted 2 certifications successfully");
    assert_eq!(
        read(&app, &owner, "/certifications").await,
        json!([before[1]])
    );

    let res = call(
        &app,
        &owner,
        Method::DELETE,
        "/certifications",
        &json!({"certification_ids": ["no-such-id"]}),
    )
    .await;
    res.assert_message("Deleted 0 certifications successfully");
    assert_eq!(
        read(&app, &owner, "/certifications").await,
        json!([before[1]])
    );
}

#[tokio::test]
async fn a_certification_with_a_malformed_date_is_a_422_string_naming_its_index_and_nothing_is_stored()
 {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let before = profile(&app, &owner).await;
    let good = json!({"name": "CKA", "issuer": "CNCF", "date_obtained": "2022-05-01"});
    let bad = json!({"name": "CKAD", "issuer": "CNCF", "date_obtained": "01/06/2022"});

    let res = call(&app, &owner, Method::POST, "/certifications", &json!([bad])).await;
    assert_string_422(&res, "Invalid certification data: [0]: ");
    assert!(res.detail().contains("date_obtained"), "{}", res.text);

    let res = call(
        &app,
        &owner,
        Method::POST,
        "/certifications",
        &json!([good, bad]),
    )
    .await;
    assert_string_422(&res, "Invalid certification data: [1]: ");

    let impossible = json!({"name": "CKAD", "issuer": "CNCF", "date_obtained": "2022-02-30"});
    let res = call(
        &app,
        &owner,
        Method::POST,
        "/certifications",
        &json!([impossible]),
    )
    .await;
    assert_string_422(&res, "Invalid certification data: [0]: ");

    let mut bad_update = before["skills"]["certifications"][0].clone();
    bad_update["expiry_date"] = json!("2026-13-01");
    let res = call(
        &app,
        &owner,
        Method::PUT,
        "/certifications",
        &json!([bad_update]),
    )
    .await;
    assert_string_422(&res, "Invalid certification data: [0]: ");
    assert!(res.detail().contains("expiry_date"), "{}", res.text);

    assert_eq!(profile(&app, &owner).await, before);
}

#[tokio::test]
async fn certifications_appear_in_the_profile_under_skills_with_their_ids() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let res = call(
        &app,
        &owner,
        Method::POST,
        "/certifications",
        &json!([{"name": "CKA", "issuer": "CNCF", "date_obtained": "2022-05-01"}]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let cka_id = res.body[0]["id"].clone();

    let list = read(&app, &owner, "/certifications").await;
    let listed_ids: Vec<&Value> = list.as_array().unwrap().iter().map(|c| &c["id"]).collect();
    assert_eq!(listed_ids.len(), 2);
    assert!(listed_ids.iter().all(|id| is_uuid(id)), "{list}");
    assert_eq!(listed_ids[1], &cka_id);

    let full = profile(&app, &owner).await;
    assert_eq!(full["skills"]["certifications"], list);
    let me = my_profile(&app, &owner).await;
    assert_eq!(me["skills"]["certifications"], list);
    assert_eq!(skills(&app, &owner).await["certifications"], list);
}

// ---------- custom fields ----------

#[tokio::test]
async fn custom_fields_start_empty_in_both_the_route_and_the_profile() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let res = app
        .get(&owner.path("/custom-fields"))
        .bearer(&owner.token)
        .send()
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body, json!({}));
    assert_eq!(profile(&app, &owner).await["custom_fields"], json!({}));
}

#[tokio::test]
async fn posting_custom_fields_merges_them_and_lists_every_key() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let res = call(
        &app,
        &owner,
        Method::POST,
        "/custom-fields",
        &json!({"fields": [
            {"key": "hobbies", "value": ["chess", "climbing"]},
            {"key": "visa", "value": {"status": "EU citizen", "sponsorship": false}}
        ]}),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(
        res.body["message"], "Successfully updated 2 custom fields",
        "{}",
        res.text
    );
    assert_eq!(
        sorted_keys(&res.body["updated_fields"]),
        ["hobbies", "visa"]
    );
    assert_eq!(res.body.as_object().unwrap().len(), 2, "{}", res.text);

    let res = call(
        &app,
        &owner,
        Method::POST,
        "/custom-fields",
        &json!({"fields": [
            {"key": "hobbies", "value": ["go"]},
            {"key": "notice_period_weeks", "value": 4},
            {"key": "remote", "value": null}
        ]}),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["message"], "Successfully updated 3 custom fields");
    assert_eq!(
        sorted_keys(&res.body["updated_fields"]),
        ["hobbies", "notice_period_weeks", "remote", "visa"]
    );

    let expected = json!({
        "hobbies": ["go"],
        "visa": {"status": "EU citizen", "sponsorship": false},
        "notice_period_weeks": 4,
        "remote": null
    });
    assert_eq!(read(&app, &owner, "/custom-fields").await, expected);
    assert_eq!(profile(&app, &owner).await["custom_fields"], expected);
}

#[tokio::test]
async fn putting_custom_fields_replaces_the_whole_object() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let res = call(
        &app,
        &owner,
        Method::POST,
        "/custom-fields",
        &json!({"fields": [{"key": "hobbies", "value": ["chess"]}]}),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);

    let replacement = json!({"pronouns": "she/her", "portfolio": {"items": [1, 2, 3]}});
    let res = call(&app, &owner, Method::PUT, "/custom-fields", &replacement).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body, replacement);
    assert_eq!(read(&app, &owner, "/custom-fields").await, replacement);
    assert_eq!(profile(&app, &owner).await["custom_fields"], replacement);

    let res = call(&app, &owner, Method::PUT, "/custom-fields", &json!({})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body, json!({}));
    assert_eq!(read(&app, &owner, "/custom-fields").await, json!({}));
}

#[tokio::test]
async fn custom_fields_are_carried_as_stored_in_every_profile_response() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let fields = json!({"hobbies": ["chess"], "relocation": true});
    let res = call(&app, &owner, Method::PUT, "/custom-fields", &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);

    assert_eq!(profile(&app, &owner).await["custom_fields"], fields);
    assert_eq!(my_profile(&app, &owner).await["custom_fields"], fields);
    let list = app.get(PROFILES).bearer(&owner.token).send().await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!(list.body["profiles"][0]["custom_fields"], fields);

    // A profile update answers them too, and `custom_fields` in its body changes nothing.
    let res = call(
        &app,
        &owner,
        Method::PUT,
        "",
        &json!({
            "professional_summary": "A longer summary that replaces the first one.",
            "custom_fields": {"other": 1}
        }),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["custom_fields"], fields);
    assert_eq!(read(&app, &owner, "/custom-fields").await, fields);
}

#[tokio::test]
async fn a_custom_field_key_longer_than_50_characters_is_a_422_list() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let before = profile(&app, &owner).await;

    let res = call(
        &app,
        &owner,
        Method::POST,
        "/custom-fields",
        &json!({"fields": [
            {"key": "ok", "value": 1},
            {"key": "k".repeat(51), "value": 1}
        ]}),
    )
    .await;
    assert_list_422(
        &res,
        "string_too_long",
        &json!(["body", "fields", 1, "key"]),
    );

    let res = call(
        &app,
        &owner,
        Method::POST,
        "/custom-fields",
        &json!({"fields": [{"key": "", "value": 1}]}),
    )
    .await;
    assert_list_422(
        &res,
        "string_too_short",
        &json!(["body", "fields", 0, "key"]),
    );

    let res = call(
        &app,
        &owner,
        Method::POST,
        "/custom-fields",
        &json!({"fields": [{"value": 1}]}),
    )
    .await;
    assert_list_422(&res, "missing", &json!(["body", "fields", 0, "key"]));

    assert_eq!(profile(&app, &owner).await, before);

    // Exactly 50 characters is accepted.
    let key = "k".repeat(50);
    let res = call(
        &app,
        &owner,
        Method::POST,
        "/custom-fields",
        &json!({"fields": [{"key": key, "value": 1}]}),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(
        read(&app, &owner, "/custom-fields").await,
        json!({ key: 1 })
    );
}

#[tokio::test]
async fn a_custom_field_value_over_10_kib_is_a_422_string_and_nothing_is_stored() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let res = call(
        &app,
        &owner,
        Method::PUT,
        "/custom-fields",
        &json!({"hobbies": ["chess"]}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let before = profile(&app, &owner).await;

    // A string of n characters is n + 2 bytes of JSON: 10239 characters is 10 KiB + 1.
    let too_big = "x".repeat(10 * 1024 - 1);
    let res = call(
        &app,
        &owner,
        Method::POST,
        "/custom-fields",
        &json!({"fields": [
            {"key": "small", "value": "fine"},
            {"key": "essay", "value": too_big}
        ]}),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(res.body["detail"].is_string(), "{}", res.text);
    assert!(res.detail().contains("essay"), "{}", res.text);

    let res = call(
        &app,
        &owner,
        Method::PUT,
        "/custom-fields",
        &json!({"small": "fine", "essay": too_big}),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(res.body["detail"].is_string(), "{}", res.text);
    assert!(res.detail().contains("essay"), "{}", res.text);

    assert_eq!(profile(&app, &owner).await, before);
    assert_eq!(
        read(&app, &owner, "/custom-fields").await,
        json!({"hobbies": ["chess"]})
    );

    // Exactly 10 KiB is accepted.
    let largest = "x".repeat(10 * 1024 - 2);
    let res = call(
        &app,
        &owner,
        Method::POST,
        "/custom-fields",
        &json!({"fields": [{"key": "essay", "value": largest}]}),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(
        read(&app, &owner, "/custom-fields").await["essay"],
        json!(largest)
    );
}

#[tokio::test]
async fn putting_custom_fields_with_a_json_array_body_is_a_422_list() {
    let app = spawn_app().await;
    let owner = app.owner_with(&skilled_profile()).await;
    let res = call(
        &app,
        &owner,
        Method::PUT,
        "/custom-fields",
        &json!({"hobbies": ["chess"]}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let before = profile(&app, &owner).await;

    for body in [json!([{"key": "a", "value": 1}]), json!([]), json!("text")] {
        let res = call(&app, &owner, Method::PUT, "/custom-fields", &body).await;
        assert_list_422(&res, "model_attributes_type", &json!(["body"]));
    }
    assert_eq!(profile(&app, &owner).await, before);
}
