//! Export to and import from JSON Resume (<https://jsonresume.org>, schema v1.0.0).
//!
//! Mapping (profile → document):
//! - `basics`: `name`, `email`, `phone`, `url` (website), `summary` (professional summary),
//!   `location.address` (the location string), `profiles` (`LinkedIn` and `GitHub` links,
//!   with the last path segment as `username`).
//! - `work[]`, one entry per experience, so several roles at one employer stay separate:
//!   `name` (company), `position` (title), `location`, `startDate`, `endDate`, `summary`
//!   (description), `highlights` (achievements).
//! - `education[]`: `institution`, `area` (field of study), `studyType` (degree), `startDate`,
//!   `endDate`, `score` (the GPA as a string), `courses` (always empty).
//! - `projects[]`: `name`, `description`, `keywords` (technologies), `url`, `startDate`,
//!   `endDate`.
//! - `skills[]`: `{"name": "Technical", "keywords": [...]}` and
//!   `{"name": "Soft", "keywords": [...]}`.
//! - `languages[]`: `language`, `fluency` (`Native`, `Fluent`, `Conversational`, `Basic`).
//! - `certificates[]`: `name`, `issuer`, `date` (date obtained).
//! - `meta.lastModified`: when the profile last changed.
//!
//! What the standard has no place for travels in extension keys, which the schema allows on
//! every item and in `meta`: `x-id` on every work, education, project and certificate entry
//! (so a round trip keeps ids), `x-current` on work when it is not implied by `endDate`,
//! `x-enhancedSummary` (work) and `x-enhancedDescription` (projects), `x-honors` (education),
//! `x-expiryDate` and `x-credentialId` (certificates), and `meta.x-customFields`.
//!
//! Import reads the same mapping back and accepts documents written elsewhere: partial dates
//! (`YYYY` → `YYYY-01-01`, `YYYY-MM` → `YYYY-MM-01`), any skill categories (their keywords,
//! or the name of a category without keywords, become technical skills unless the category
//! is called `Soft`), free-text fluency, an `endDate` of `present`, a `score` that is not a
//! 4.0-scale GPA (kept as an honor), `location` given as city/region/country, and profiles
//! given by username only. Unknown keys are ignored; every problem is reported with the JSON
//! path of the value at fault.

//!
//! JSON Resume is a wire format, so its mapping lives here, at the edge that speaks it; the
//! domain knows only profiles.

mod export;
mod format;
mod import;
#[cfg(test)]
mod mapping_tests;

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use self::format::{ImportError, PathItem};
use super::dto::profile_id;
use super::dto::{JsonObject, ProfileResponse};
use crate::error::{ApiError, ErrorBody, UnprocessableBody};
use crate::extract::AuthUser;
use crate::openapi::fields::ImportModeValue;
use crate::state::AppState;
use crate::validation::{FieldError, JsonBody, LocItem};

/// The profile as a JSON Resume document. Data the standard has no place for travels in
/// `x-` extension keys (item ids, honors, certificate expiry and credential id, enhanced
/// descriptions) and custom fields in `meta.x-customFields`, so that importing the document
/// again restores the profile.
#[utoipa::path(
    get, path = "/api/v1/profiles/{profile_id}/json-resume", tag = "profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path, format = Uuid)),
    responses(
        (status = 200, description = "A JSON Resume v1.0.0 document", body = Object, content_type = "application/json"),
        (status = 403, description = "`Access denied: profile belongs to another user`", body = ErrorBody),
        (status = 404, description = "`Profile not found`", body = ErrorBody),
    )
)]
pub(crate) async fn export_json_resume(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let profile = state
        .profiles
        .get(user.0.user.id(), profile_id(&path)?)
        .await?;
    Ok(HttpResponse::Ok().json(export::export(&profile)))
}

/// What the import does with the caller's profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImportMode {
    Create,
    Replace,
}

/// Import a JSON Resume document (schema v1.0.0) as the caller's profile.
///
/// `mode=create` (the default) creates the profile: 201, or 422 `User already has a
/// profile. Use update instead.` when there is one. `mode=replace` replaces the personal
/// info, skills and all sections of the existing profile (200), or creates it when there is
/// none (201). Partial dates (`2019`, `2020-06`) are read as the first day of their period;
/// unknown keys are ignored; every problem in the document is reported at its `loc`.
#[utoipa::path(
    post, path = "/api/v1/profiles/import/json-resume", tag = "profiles", security(("bearer" = [])),
    params(("mode" = Option<ImportModeValue>, Query, description = "`create` (default) or `replace`; case and surrounding spaces are ignored")),
    request_body(content = Object, description = "A JSON Resume document (https://jsonresume.org/schema, v1.0.0): `basics.name` and `basics.email` are required; the document's own rules are reported in the list form", content_type = "application/json"),
    responses(
        (status = 200, description = "The replaced profile (`mode=replace`)", body = ProfileResponse),
        (status = 201, description = "The created profile", body = ProfileResponse),
        (status = 409, description = "Changed concurrently too often; retry", body = ErrorBody),
        (status = 422, description = "Document or `mode` errors (list, `loc` = `[\"body\", ...path]` or `[\"query\", \"mode\"]`); rule errors or `User already has a profile. Use update instead.` (string)", body = UnprocessableBody),
    )
)]
pub(crate) async fn import_json_resume(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    body: JsonBody<JsonObject>,
) -> Result<HttpResponse, ApiError> {
    let mode = import_mode(req.query_string());
    let doc = Value::Object(body.into_inner().0);
    let imported = import::import(&doc);
    let (mode, new) = match (mode, imported) {
        (Ok(mode), Ok(new)) => (mode, new),
        (mode, imported) => {
            let mut errors = mode.err().unwrap_or_default();
            errors.extend(
                imported
                    .err()
                    .unwrap_or_default()
                    .iter()
                    .map(|e| import_error(&doc, e)),
            );
            return Err(ApiError::Validation(errors));
        }
    };
    let user_id = user.0.user.id();
    match mode {
        ImportMode::Create => {
            let profile = state.profiles.create(user_id, new).await?;
            Ok(HttpResponse::Created().json(ProfileResponse::from(profile)))
        }
        ImportMode::Replace => {
            let profile = state.profiles.replace_all(user_id, new).await?;
            // Every save bumps the version, so version 1 is a profile this request created.
            let created = profile.version == 1;
            let mut response = if created {
                HttpResponse::Created()
            } else {
                HttpResponse::Ok()
            };
            Ok(response.json(ProfileResponse::from(profile)))
        }
    }
}

/// `mode` from the query string; absent is `create`.
fn import_mode(query: &str) -> Result<ImportMode, Vec<FieldError>> {
    let pairs = web::Query::<Vec<(String, String)>>::from_query(query)
        .map(web::Query::into_inner)
        .unwrap_or_default();
    let Some((_, raw)) = pairs.iter().find(|(k, _)| k == "mode") else {
        return Ok(ImportMode::Create);
    };
    match raw.trim().to_ascii_lowercase().as_str() {
        "create" => Ok(ImportMode::Create),
        "replace" => Ok(ImportMode::Replace),
        _ => Err(vec![
            FieldError::new(
                "literal_error",
                vec!["query".into(), "mode".into()],
                "Input should be 'create' or 'replace'",
                json!(raw),
            )
            .with_ctx(json!({ "expected": "'create' or 'replace'" })),
        ]),
    }
}

/// An import problem in the list form, at `["body", ...path]`, echoing the value found there
/// when it is a scalar.
fn import_error(doc: &Value, e: &ImportError) -> FieldError {
    let mut loc = vec![LocItem::from("body")];
    loc.extend(e.path.iter().cloned());
    let found = e.path.iter().try_fold(doc, |v, item| match item {
        PathItem::Key(k) => v.get(k),
        PathItem::Index(i) => v.get(i),
    });
    let input = match found {
        Some(Value::String(s)) => Value::String(s.chars().take(256).collect()),
        Some(v @ (Value::Number(_) | Value::Bool(_))) => v.clone(),
        _ => Value::Null,
    };
    FieldError::new("value_error", loc, e.message.clone(), input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_import_mode_defaults_to_create_and_refuses_unknown_values() {
        assert_eq!(import_mode("").unwrap(), ImportMode::Create);
        assert_eq!(import_mode("mode=create").unwrap(), ImportMode::Create);
        assert_eq!(import_mode("mode=replace").unwrap(), ImportMode::Replace);
        let e = &import_mode("mode=merge").unwrap_err()[0];
        assert_eq!(e.kind, "literal_error");
        assert_eq!(e.loc, vec![LocItem::from("query"), LocItem::from("mode")]);
        assert_eq!(e.input, json!("merge"));
    }

    #[test]
    fn import_errors_are_reported_under_the_body_with_the_value_found_there() {
        let doc = json!({ "work": [{}, {}, { "startDate": "June" }] });
        let e = import_error(
            &doc,
            &ImportError {
                path: vec!["work".into(), 2.into(), "startDate".into()],
                message: "bad date".into(),
            },
        );
        assert_eq!(e.kind, "value_error");
        assert_eq!(
            e.loc,
            vec![
                LocItem::from("body"),
                LocItem::from("work"),
                LocItem::from(2),
                LocItem::from("startDate"),
            ]
        );
        assert_eq!(e.msg, "bad date");
        assert_eq!(e.input, json!("June"));
        let e = import_error(
            &doc,
            &ImportError {
                path: vec!["work".into()],
                message: "too many".into(),
            },
        );
        assert_eq!(e.input, Value::Null);
    }
}
