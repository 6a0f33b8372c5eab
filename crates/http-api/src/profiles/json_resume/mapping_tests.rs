//! Round trips and import errors of the JSON Resume mapping.

use chrono::{TimeZone, Utc};
use uuid::Uuid;

use super::export::*;
use super::format::*;
use super::import::*;
use std::collections::HashSet;

use serde_json::{Map, Value, json};

use tailor_domain::profile::{
    MAX_CUSTOM_FIELDS, MAX_EXPERIENCES, MAX_SUMMARY_LEN, MAX_TECHNICAL_SKILLS,
};
use tailor_domain::profile::{NewProfile, Proficiency, Profile};

use tailor_domain::user::UserId;

/// A stored profile made of `new`, with a fixed id, owner and timestamps.
fn profile_from(new: NewProfile) -> Profile {
    let at = Utc
        .with_ymd_and_hms(2024, 5, 1, 9, 30, 0)
        .single()
        .expect("valid instant");
    Profile {
        id: tailor_domain::profile::ProfileId::from_uuid(Uuid::from_u128(0x5eed)),
        user_id: UserId::new(7),
        personal_info: new.personal_info,
        professional_summary: new.professional_summary,
        enhanced_professional_summary: None,
        enhancement_metadata: Map::new(),
        skills: new.skills,
        experiences: new.experiences,
        education: new.education,
        projects: new.projects,
        custom_fields: new.custom_fields,
        created_at: at,
        updated_at: at,
        version: 1,
    }
}

fn imported(doc: &Value) -> NewProfile {
    match import(doc) {
        Ok(new) => new,
        Err(errors) => panic!("import failed: {errors:?}"),
    }
}

fn errors_of(doc: &Value) -> Vec<ImportError> {
    match import(doc) {
        Ok(_) => panic!("import should have failed"),
        Err(errors) => errors,
    }
}

fn p(items: &[PathItem]) -> Vec<PathItem> {
    items.to_vec()
}

fn k(key: &str) -> PathItem {
    PathItem::from(key)
}

fn i(index: usize) -> PathItem {
    PathItem::from(index)
}

fn minimal() -> Value {
    json!({ "basics": { "name": "Jane Doe", "email": "jane@example.com" } })
}

/// A document as another tool might write it, using every section the import reads.
fn rich_document() -> Value {
    json!({
        "$schema": SCHEMA_URL,
        "basics": {
            "name": "Jane Doe",
            "label": "Staff Engineer",
            "email": "jane@example.com",
            "phone": "+1 555 0100",
            "url": "https://jane.dev",
            "summary": "Backend engineer with ten years of distributed systems work.",
            "location": { "city": "Berlin", "countryCode": "DE" },
            "profiles": [
                { "network": "Twitter", "username": "jane" },
                { "network": "LinkedIn", "url": "https://www.linkedin.com/in/jane-doe" },
                { "network": "github", "username": "janedoe" }
            ]
        },
        "work": [
            {
                "x-id": "exp-lead",
                "name": "Acme",
                "position": "Engineering Lead",
                "location": "Berlin",
                "startDate": "2022-03",
                "summary": "Leads the platform team.",
                "highlights": ["Cut p99 latency by 40%", "Hired six engineers"],
                "unknownKey": { "ignored": true }
            },
            {
                "name": "Acme",
                "position": "Senior Engineer",
                "startDate": "2020-06",
                "endDate": "2022-02-28",
                "x-enhancedSummary": "Owned the billing service end to end."
            },
            {
                "name": "Acme",
                "position": "Engineer",
                "startDate": "2019",
                "endDate": "2020-05",
                "highlights": ["", "Shipped the first public API"]
            },
            {
                "name": "Initech",
                "position": "Contractor",
                "startDate": "2018-01-15",
                "x-current": false
            }
        ],
        "education": [
            {
                "x-id": "edu-1",
                "institution": "TU Berlin",
                "area": "Computer Science",
                "studyType": "MSc",
                "startDate": "2015-10",
                "endDate": "2017-09",
                "score": "3.8/4.0",
                "courses": ["Distributed Systems"],
                "x-honors": ["Dean's list"]
            },
            {
                "institution": "Open University",
                "startDate": "2012",
                "score": "First class"
            }
        ],
        "projects": [
            {
                "x-id": "proj-1",
                "name": "tailor",
                "description": "Resume tailoring service.",
                "keywords": ["Rust", "actix-web"],
                "url": "github.com/jane/tailor",
                "startDate": "2023",
                "x-enhancedDescription": "A service that tailors resumes to job posts."
            },
            {
                "name": "Talks",
                "highlights": ["RustConf 2023", "FOSDEM 2024"]
            }
        ],
        "skills": [
            { "name": "Technical", "keywords": ["Rust", "PostgreSQL", "rust"] },
            { "name": "Web Development", "level": "Master", "keywords": ["HTML", "CSS"] },
            { "name": "Kubernetes" },
            { "name": "Soft skills", "keywords": ["Mentoring", "Writing"] }
        ],
        "languages": [
            { "language": "German", "fluency": "Native speaker" },
            { "language": "English", "fluency": "Full professional proficiency" },
            { "language": "Spanish", "fluency": "B1" },
            { "language": "Japanese" }
        ],
        "certificates": [
            {
                "x-id": "cert-aws",
                "name": "AWS Solutions Architect",
                "issuer": "Amazon Web Services",
                "date": "2021-04",
                "x-expiryDate": "2024-04",
                "x-credentialId": "AWS-123"
            },
            { "name": "CKA", "date": "2022" }
        ],
        "interests": [{ "name": "Chess" }],
        "meta": {
            "version": "v1",
            "x-customFields": {
                "visa": "EU citizen",
                "availability": { "noticeWeeks": 4, "remote": true }
            }
        }
    })
}

#[test]
fn partial_dates_are_expanded_to_the_first_day_of_their_period() {
    assert_eq!(expand_partial_date("2019").unwrap(), "2019-01-01");
    assert_eq!(expand_partial_date("2020-06").unwrap(), "2020-06-01");
    assert_eq!(expand_partial_date("2024-02-29").unwrap(), "2024-02-29");
}

#[test]
fn dates_of_any_other_shape_or_off_the_calendar_are_refused() {
    for bad in [
        "",
        "19",
        "2019-",
        "2019-6",
        "2020-6-1",
        "2020/06",
        "June 2020",
        "2020-13",
        "2023-02-29",
        "2020-06-01T00:00",
        "２０２０",
    ] {
        assert!(expand_partial_date(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn partial_dates_in_a_document_are_stored_as_full_dates() {
    let mut doc = minimal();
    doc["work"] = json!([
        { "name": "Acme", "position": "Engineer", "startDate": "2019", "endDate": "2020-06" }
    ]);
    doc["certificates"] = json!([{ "name": "CKA", "issuer": "CNCF", "date": "2022-03" }]);
    let new = imported(&doc);
    assert_eq!(new.experiences[0].start_date, "2019-01-01");
    assert_eq!(new.experiences[0].end_date.as_deref(), Some("2020-06-01"));
    assert!(!new.experiences[0].is_current);
    assert_eq!(new.skills.certifications[0].date_obtained, "2022-03-01");
}

#[test]
fn a_bad_date_is_reported_at_its_path() {
    let mut doc = minimal();
    doc["work"] = json!([
        { "name": "A", "position": "P", "startDate": "2019" },
        { "name": "B", "position": "P", "startDate": "2019-02" },
        { "name": "C", "position": "P", "startDate": "02/2019" }
    ]);
    let errors = errors_of(&doc);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path, p(&[k("work"), i(2), k("startDate")]));
    assert_eq!(errors[0].message, DATE_FORMAT_MESSAGE);
    assert_eq!(
        errors[0].to_string(),
        format!("work[2].startDate: {DATE_FORMAT_MESSAGE}")
    );
}

#[test]
fn basics_name_and_a_valid_email_are_required_at_their_paths() {
    let errors = errors_of(&json!({ "basics": { "email": "not-an-email" } }));
    let paths: Vec<_> = errors.iter().map(|e| e.path.clone()).collect();
    assert_eq!(
        paths,
        vec![p(&[k("basics"), k("name")]), p(&[k("basics"), k("email")])]
    );
    assert_eq!(errors[0].message, "Field required");
    assert!(
        errors[1]
            .message
            .starts_with("value is not a valid email address")
    );

    let errors = errors_of(&json!({}));
    assert_eq!(errors[0].path, p(&[k("basics")]));
    let errors = errors_of(&json!([1, 2]));
    assert_eq!(errors[0].path, Vec::<PathItem>::new());
}

#[test]
fn required_item_fields_are_reported_at_their_paths() {
    let mut doc = minimal();
    doc["work"] = json!([{ "name": "Acme" }]);
    doc["education"] = json!([{ "area": "CS" }]);
    doc["certificates"] = json!([{ "issuer": "CNCF" }]);
    doc["languages"] = json!([{ "fluency": "Native" }]);
    let paths: Vec<_> = errors_of(&doc).into_iter().map(|e| e.path).collect();
    assert_eq!(
        paths,
        vec![
            p(&[k("work"), i(0), k("position")]),
            p(&[k("work"), i(0), k("startDate")]),
            p(&[k("education"), i(0), k("institution")]),
            p(&[k("education"), i(0), k("startDate")]),
            p(&[k("languages"), i(0), k("language")]),
            p(&[k("certificates"), i(0), k("name")]),
            p(&[k("certificates"), i(0), k("date")]),
        ]
    );
}

#[test]
fn wrong_types_are_reported_at_their_paths() {
    let mut doc = minimal();
    doc["basics"]["phone"] = json!(5_550_100);
    doc["work"] = json!([
        { "name": "Acme", "position": "Eng", "startDate": "2020", "highlights": ["ok", 3] },
        "not an object"
    ]);
    doc["education"] = json!({ "institution": "TU" });
    doc["skills"] = json!([{ "name": "Technical", "keywords": "Rust" }]);
    let errors = errors_of(&doc);
    let found: Vec<_> = errors
        .iter()
        .map(|e| (e.path.clone(), e.message.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                p(&[k("basics"), k("phone")]),
                "Input should be a valid string"
            ),
            (
                p(&[k("work"), i(0), k("highlights"), i(1)]),
                "Input should be a valid string"
            ),
            (p(&[k("work"), i(1)]), "Input should be a valid dictionary"),
            (p(&[k("education")]), "Input should be a valid list"),
            (
                p(&[k("skills"), i(0), k("keywords")]),
                "Input should be a valid list"
            ),
        ]
    );
}

#[test]
fn rule_violations_point_at_the_field_at_fault() {
    let mut doc = minimal();
    doc["basics"]["profiles"] = json!([{ "network": "LinkedIn", "url": "my profile" }]);
    doc["work"] = json!([
        { "name": "Acme", "position": "Eng", "startDate": "2021", "endDate": "2020" }
    ]);
    doc["education"] = json!([
        { "institution": "TU", "startDate": "2019", "endDate": "2019" }
    ]);
    doc["certificates"] = json!([
        { "name": "CKA", "date": "2022", "x-expiryDate": "2021" }
    ]);
    let paths: Vec<_> = errors_of(&doc).into_iter().map(|e| e.path).collect();
    assert_eq!(
        paths,
        vec![
            p(&[k("basics"), k("profiles"), i(0), k("url")]),
            p(&[k("work"), i(0), k("endDate")]),
            p(&[k("education"), i(0), k("endDate")]),
            p(&[k("certificates"), i(0), k("x-expiryDate")]),
        ]
    );
}

#[test]
fn lists_over_the_profile_limits_are_refused_at_the_list() {
    let mut doc = minimal();
    doc["work"] = (0..=MAX_EXPERIENCES)
        .map(|n| json!({ "name": format!("Co {n}"), "position": "Eng", "startDate": "2020" }))
        .collect();
    doc["skills"] = json!([{
        "name": "Technical",
        "keywords": (0..=MAX_TECHNICAL_SKILLS).map(|n| format!("skill {n}")).collect::<Vec<_>>(),
    }]);
    doc["meta"] = json!({
        "x-customFields": (0..=MAX_CUSTOM_FIELDS)
            .map(|n| (format!("k{n}"), json!(n)))
            .collect::<Map<String, Value>>()
    });
    let errors = errors_of(&doc);
    let paths: Vec<_> = errors.iter().map(|e| e.path.clone()).collect();
    assert_eq!(
        paths,
        vec![
            p(&[k("work")]),
            p(&[k("skills"), i(0), k("keywords")]),
            p(&[k("meta"), k("x-customFields")]),
        ]
    );
    assert_eq!(
        errors[0].message,
        "List should have at most 100 items after validation, not 101"
    );
}

#[test]
fn over_long_text_is_refused_at_its_path() {
    let mut doc = minimal();
    doc["basics"]["summary"] = json!("x".repeat(MAX_SUMMARY_LEN + 1));
    doc["projects"] = json!([{ "name": "P", "description": "d".repeat(1001) }]);
    let paths: Vec<_> = errors_of(&doc).into_iter().map(|e| e.path).collect();
    assert_eq!(
        paths,
        vec![
            p(&[k("basics"), k("summary")]),
            p(&[k("projects"), i(0), k("description")]),
        ]
    );
}

#[test]
fn several_roles_at_one_employer_import_as_separate_experiences() {
    let new = imported(&rich_document());
    let acme: Vec<_> = new
        .experiences
        .iter()
        .filter(|e| e.company == "Acme")
        .map(|e| (e.title.as_str(), e.start_date.as_str()))
        .collect();
    assert_eq!(
        acme,
        vec![
            ("Engineering Lead", "2022-03-01"),
            ("Senior Engineer", "2020-06-01"),
            ("Engineer", "2019-01-01"),
        ]
    );
    let ids: HashSet<_> = new.experiences.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), new.experiences.len());
}

#[test]
fn repeated_item_ids_get_new_ones_and_unknown_keys_are_ignored() {
    let mut doc = minimal();
    doc["work"] = json!([
        { "x-id": "same", "name": "Acme", "position": "Eng", "startDate": "2020", "foo": 1 },
        { "x-id": "same", "name": "Acme", "position": "Lead", "startDate": "2021" }
    ]);
    doc["volunteer"] = json!("anything");
    let new = imported(&doc);
    assert_eq!(new.experiences[0].id, "same");
    assert_ne!(new.experiences[1].id, "same");
}

#[test]
fn export_writes_a_json_resume_document() {
    let profile = profile_from(imported(&rich_document()));
    let doc = export(&profile);
    assert_eq!(doc["$schema"], SCHEMA_URL);
    assert_eq!(doc["basics"]["name"], "Jane Doe");
    assert_eq!(doc["basics"]["url"], "https://jane.dev");
    assert_eq!(
        doc["basics"]["location"],
        json!({ "address": "Berlin, DE" })
    );
    assert_eq!(
        doc["basics"]["profiles"],
        json!([
            {
                "network": "LinkedIn",
                "username": "jane-doe",
                "url": "https://www.linkedin.com/in/jane-doe"
            },
            { "network": "GitHub", "username": "janedoe", "url": "https://github.com/janedoe" }
        ])
    );
    assert_eq!(
        doc["work"][1],
        json!({
            "x-id": profile.experiences[1].id,
            "name": "Acme",
            "position": "Senior Engineer",
            "startDate": "2020-06-01",
            "endDate": "2022-02-28",
            "x-enhancedSummary": "Owned the billing service end to end.",
            "highlights": []
        })
    );
    assert_eq!(doc["work"][0].get("x-current"), None);
    assert_eq!(doc["work"][3]["x-current"], false);
    assert_eq!(doc["education"][0]["score"], "3.8");
    assert_eq!(doc["education"][0]["courses"], json!([]));
    assert_eq!(
        doc["skills"],
        json!([
            { "name": "Technical", "keywords": ["Rust", "PostgreSQL", "HTML", "CSS", "Kubernetes"] },
            { "name": "Soft", "keywords": ["Mentoring", "Writing"] }
        ])
    );
    assert_eq!(
        doc["languages"],
        json!([
            { "language": "German", "fluency": "Native" },
            { "language": "English", "fluency": "Fluent" },
            { "language": "Spanish", "fluency": "Conversational" },
            { "language": "Japanese", "fluency": "Basic" }
        ])
    );
    assert_eq!(
        doc["certificates"][0],
        json!({
            "x-id": "cert-aws",
            "name": "AWS Solutions Architect",
            "issuer": "Amazon Web Services",
            "date": "2021-04-01",
            "x-expiryDate": "2024-04-01",
            "x-credentialId": "AWS-123"
        })
    );
    assert_eq!(doc["meta"]["lastModified"], "2024-05-01T09:30:00Z");
    assert_eq!(doc["meta"]["x-customFields"]["visa"], "EU citizen");
}

#[test]
fn export_then_import_then_export_gives_the_same_document() {
    let first = export(&profile_from(imported(&rich_document())));
    let second = export(&profile_from(imported(&first)));
    assert_eq!(first, second);

    // And the imported profile kept what the document said.
    let again = imported(&first);
    let info = &again.personal_info;
    assert_eq!(info.full_name, "Jane Doe");
    assert_eq!(info.email, "jane@example.com");
    assert_eq!(info.phone.as_deref(), Some("+1 555 0100"));
    assert_eq!(info.location.as_deref(), Some("Berlin, DE"));
    assert_eq!(
        info.linkedin.as_deref(),
        Some("https://www.linkedin.com/in/jane-doe")
    );
    assert_eq!(info.github.as_deref(), Some("https://github.com/janedoe"));
    assert_eq!(info.website.as_deref(), Some("https://jane.dev"));
    assert_eq!(
        again.professional_summary.as_deref(),
        Some("Backend engineer with ten years of distributed systems work.")
    );

    let work = &again.experiences;
    assert_eq!(work.len(), 4);
    assert_eq!(work[0].id, "exp-lead");
    assert!(work[0].is_current && work[0].end_date.is_none());
    assert_eq!(
        work[0].achievements,
        vec!["Cut p99 latency by 40%", "Hired six engineers"]
    );
    assert_eq!(work[0].location.as_deref(), Some("Berlin"));
    assert_eq!(work[1].end_date.as_deref(), Some("2022-02-28"));
    assert_eq!(
        work[1].enhanced_description.as_deref(),
        Some("Owned the billing service end to end.")
    );
    assert_eq!(work[2].achievements, vec!["Shipped the first public API"]);
    assert!(!work[3].is_current && work[3].end_date.is_none());

    let edu = &again.education;
    assert_eq!(edu[0].id, "edu-1");
    assert_eq!(edu[0].degree, "MSc");
    assert_eq!(edu[0].field_of_study, "Computer Science");
    assert_eq!(edu[0].gpa, Some(3.8));
    assert_eq!(edu[0].honors, vec!["Dean's list"]);
    assert_eq!(edu[1].degree, UNSPECIFIED);
    assert_eq!(edu[1].field_of_study, UNSPECIFIED);
    assert_eq!(edu[1].gpa, None);
    assert_eq!(edu[1].honors, vec!["Score: First class"]);

    let projects = &again.projects;
    assert_eq!(projects[0].id, "proj-1");
    assert_eq!(projects[0].technologies, vec!["Rust", "actix-web"]);
    assert_eq!(
        projects[0].url.as_deref(),
        Some("http://github.com/jane/tailor")
    );
    assert_eq!(projects[0].start_date.as_deref(), Some("2023-01-01"));
    assert_eq!(
        projects[0].enhanced_description.as_deref(),
        Some("A service that tailors resumes to job posts.")
    );
    assert_eq!(projects[1].description, "- RustConf 2023\n- FOSDEM 2024");

    let skills = &again.skills;
    assert_eq!(
        skills.technical,
        vec!["Rust", "PostgreSQL", "HTML", "CSS", "Kubernetes"]
    );
    assert_eq!(skills.soft, vec!["Mentoring", "Writing"]);
    let levels: Vec<_> = skills
        .languages
        .iter()
        .map(|l| (l.name.as_str(), l.proficiency))
        .collect();
    assert_eq!(
        levels,
        vec![
            ("German", Proficiency::Native),
            ("English", Proficiency::Fluent),
            ("Spanish", Proficiency::Conversational),
            ("Japanese", Proficiency::Basic),
        ]
    );
    let certs = &skills.certifications;
    assert_eq!(certs[0].id, "cert-aws");
    assert_eq!(certs[0].expiry_date.as_deref(), Some("2024-04-01"));
    assert_eq!(certs[0].credential_id.as_deref(), Some("AWS-123"));
    assert_eq!(certs[1].issuer, UNSPECIFIED);

    assert_eq!(again.custom_fields["visa"], "EU citizen");
    assert_eq!(
        again.custom_fields["availability"],
        json!({ "noticeWeeks": 4, "remote": true })
    );
}

#[test]
fn every_imported_item_keeps_its_id_through_a_round_trip() {
    let first = imported(&rich_document());
    let again = imported(&export(&profile_from(first.clone())));
    let ids = |n: &NewProfile| {
        (
            n.experiences
                .iter()
                .map(|e| e.id.clone())
                .collect::<Vec<_>>(),
            n.education.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
            n.projects.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
            n.skills
                .certifications
                .iter()
                .map(|c| c.id.clone())
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(ids(&first), ids(&again));
}

#[test]
fn an_end_date_of_present_marks_a_current_role() {
    let mut doc = minimal();
    doc["work"] = json!([
        { "name": "Acme", "position": "Eng", "startDate": "2020", "endDate": "Present" }
    ]);
    let new = imported(&doc);
    assert!(new.experiences[0].is_current);
    assert_eq!(new.experiences[0].end_date, None);
}
