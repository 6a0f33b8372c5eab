//! The profile fixtures every test shares: profile bodies ([`bare_profile`],
//! [`full_profile`], [`skilled_profile`]), an [`Owner`] (a signed-up user with a profile),
//! and the profile requests tests make over and over.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{TestApp, TestResponse};

/// The profiles collection.
pub const PROFILES: &str = "/api/v1/profiles";

/// `/api/v1/profiles/{id}`.
pub fn profile_path(id: &str) -> String {
    format!("{PROFILES}/{id}")
}

/// The string `id` of an answered item (a profile, a section entry, a sample).
pub fn id_of(item: &Value) -> String {
    item["id"].as_str().expect("a string id").to_owned()
}

/// Whether `value` is a string holding a UUID.
pub fn is_uuid(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|s| uuid::Uuid::parse_str(s).is_ok())
}

/// A profile with only what is required: a name and an email.
pub fn bare_profile(full_name: &str, email: &str) -> Value {
    json!({"personal_info": {"full_name": full_name, "email": email}})
}

/// A complete profile as the app's create screen sends it, for Jane Doe: every section
/// filled, every date in the past (so what is derived from it does not change with time).
pub fn full_profile() -> Value {
    json!({
        "personal_info": {
            "full_name": "Jane Doe",
            "email": "jane@example.com",
            "phone": "+1 555 0100",
            "location": null,
            "linkedin": "https://linkedin.com/in/jane",
            "github": null,
            "website": null
        },
        "professional_summary": "Backend engineer with a decade of experience building reliable services.",
        "skills": {
            "technical": ["Rust", "Go"],
            "soft": ["Teamwork"],
            "languages": [{"name": "English", "proficiency": "native"}],
            "certifications": [{
                "name": "AWS Certified Developer",
                "issuer": "Amazon",
                "date_obtained": "2023-05-01",
                "expiry_date": null,
                "credential_id": null
            }]
        },
        "experiences": [
            {
                "id": "",
                "title": "Senior Engineer",
                "company": "Acme",
                "location": "Berlin",
                "start_date": "2018-02-01",
                "end_date": "2021-06-30",
                "is_current": false,
                "description": "Built the billing platform.",
                "achievements": ["Cut costs by 30%"]
            },
            {
                "id": "",
                "title": "Engineer",
                "company": "Initech",
                "start_date": "2015-03-01",
                "end_date": "2018-01-01",
                "is_current": false,
                "achievements": []
            }
        ],
        "education": [{
            "institution": "TU Berlin",
            "degree": "BSc",
            "field_of_study": "Computer Science",
            "start_date": "2011-10-01",
            "end_date": "2015-02-28",
            "gpa": 3.7,
            "honors": ["Cum laude"]
        }],
        "projects": [{
            "name": "Tailor",
            "description": "A resume tailoring tool",
            "technologies": ["Rust"],
            "url": "https://github.com/jane/tailor",
            "start_date": "2022-01-01",
            "end_date": null
        }],
        "custom_fields": {"hobbies": ["chess"]}
    })
}

/// [`full_profile`] under another name and email.
pub fn full_profile_of(full_name: &str, email: &str) -> Value {
    let mut body = full_profile();
    body["personal_info"]["full_name"] = json!(full_name);
    body["personal_info"]["email"] = json!(email);
    body
}

/// Jane Doe's contact details, a summary and one of each kind of skill (a certification
/// with every field), and no sections or custom fields.
pub fn skilled_profile() -> Value {
    json!({
        "personal_info": {
            "full_name": "Jane Doe",
            "email": "jane@example.com",
            "phone": "+1 555 0100",
            "location": "Berlin"
        },
        "professional_summary": "Backend engineer who enjoys well-tested systems.",
        "skills": {
            "technical": ["Rust", "Go"],
            "soft": ["Communication"],
            "languages": [{"name": "English", "proficiency": "native"}],
            "certifications": [{
                "name": "AWS Solutions Architect",
                "issuer": "Amazon",
                "date_obtained": "2023-01-15",
                "expiry_date": "2026-01-15",
                "credential_id": "AWS-123"
            }]
        }
    })
}

/// A signed-up user with a profile.
pub struct Owner {
    pub token: String,
    pub user_id: i64,
    pub profile_id: String,
    /// The profile as its creation answered it.
    pub profile: Value,
}

impl Owner {
    /// `/api/v1/profiles/{profile_id}` followed by `suffix`.
    pub fn path(&self, suffix: &str) -> String {
        format!("{}{suffix}", profile_path(&self.profile_id))
    }

    /// The id of the item at `pointer` (`/experiences/0`, `/skills/certifications/0`) in the
    /// profile as created.
    pub fn id_at(&self, pointer: &str) -> String {
        let item = self
            .profile
            .pointer(pointer)
            .unwrap_or_else(|| panic!("the profile has no {pointer}"));
        id_of(item)
    }
}

impl TestApp {
    /// `POST /api/v1/profiles` with `body`, whatever the answer.
    pub async fn post_profile(&self, token: &str, body: &Value) -> TestResponse {
        self.post(PROFILES).bearer(token).json(body).send().await
    }

    /// Creates `body` as the profile of `token`'s user and returns the answered profile.
    pub async fn create_profile(&self, token: &str, body: &Value) -> Value {
        let res = self.post_profile(token, body).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
        res.body
    }

    /// Signs up a new user and creates `body` as their profile.
    pub async fn owner_with(&self, body: &Value) -> Owner {
        let (_, token, _) = self.signed_up_user().await;
        let profile = self.create_profile(&token, body).await;
        Owner {
            user_id: profile["user_id"].as_i64().expect("a numeric user id"),
            profile_id: id_of(&profile),
            profile,
            token,
        }
    }

    /// `GET /api/v1/profiles/{id}` as `token`'s user, which must answer 200.
    pub async fn read_profile(&self, token: &str, id: &str) -> TestResponse {
        let res = self.get(&profile_path(id)).bearer(token).send().await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        res
    }

    /// `GET /api/v1/profiles/me` as `token`'s user, whatever the answer.
    pub async fn my_profile(&self, token: &str) -> TestResponse {
        self.get(&format!("{PROFILES}/me"))
            .bearer(token)
            .send()
            .await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Owner, full_profile, full_profile_of};

    #[test]
    fn full_profile_of_changes_the_name_and_email_only() {
        let mut renamed = full_profile_of("Bob Other", "bob@example.com");
        assert_eq!(renamed["personal_info"]["full_name"], "Bob Other");
        assert_eq!(renamed["personal_info"]["email"], "bob@example.com");
        renamed["personal_info"]["full_name"] = json!("Jane Doe");
        renamed["personal_info"]["email"] = json!("jane@example.com");
        assert_eq!(renamed, full_profile());
    }

    #[test]
    fn an_owner_names_its_paths_and_the_ids_in_its_profile() {
        let owner = Owner {
            token: "t".into(),
            user_id: 7,
            profile_id: "p1".into(),
            profile: json!({"id": "p1", "skills": {"certifications": [{"id": "c1"}]}}),
        };
        assert_eq!(owner.path("/skills"), "/api/v1/profiles/p1/skills");
        assert_eq!(owner.path(""), "/api/v1/profiles/p1");
        assert_eq!(owner.id_at("/skills/certifications/0"), "c1");
    }
}
