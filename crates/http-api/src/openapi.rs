//! The OpenAPI 3.1 description, generated from the handlers' annotations.
//!
//! Each handler documents its own answers. The answers that follow from what an operation
//! is (it needs a token, it reads a body, it uses the database, it writes) are added to
//! every such operation by [`CommonResponses`], so that new routes get them too.

pub mod fields;

use std::collections::BTreeMap;

use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{Object, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, HeaderBuilder, Ref, RefOr};
use utoipa::{Modify, OpenApi};

use crate::{auth, error, exports, generations, health, jobs, profiles, samples, usage};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tailor API",
        description = "The backend of the JobWise app: accounts, resume profiles, saved jobs, \
                       writing samples, and tailored resume and cover-letter generation.\n\n\
                       Errors carry `{\"detail\": \"...\"}`; a request that does not match its \
                       schema gets 422 with `{\"detail\": [{type, loc, msg, input, ctx?}]}`. \
                       No string in a request (value or key) may contain the NUL character \
                       (422 `string_nul`). Unknown body fields are ignored."
    ),
    paths(
        health::health,
        health::ready,
        auth::register,
        auth::login,
        auth::refresh,
        auth::me,
        auth::logout,
        auth::change_password,
        auth::forgot_password,
        auth::reset_password,
        auth::check_email,
        profiles::create_profile,
        profiles::list_profiles,
        profiles::my_profile,
        profiles::get_profile,
        profiles::update_profile,
        profiles::delete_profile,
        profiles::profile_analytics,
        profiles::export_json_resume,
        profiles::import_json_resume,
        profiles::add_experiences,
        profiles::list_experiences,
        profiles::update_experiences,
        profiles::delete_experiences,
        profiles::add_education,
        profiles::list_education,
        profiles::update_education,
        profiles::delete_education,
        profiles::add_projects,
        profiles::list_projects,
        profiles::update_projects,
        profiles::delete_projects,
        profiles::get_skills,
        profiles::replace_skills,
        profiles::add_technical_skills,
        profiles::remove_technical_skills,
        profiles::add_soft_skills,
        profiles::remove_soft_skills,
        profiles::list_certifications,
        profiles::add_certifications,
        profiles::update_certifications,
        profiles::delete_certifications,
        profiles::get_custom_fields,
        profiles::merge_custom_fields,
        profiles::replace_custom_fields,
        jobs::create_job,
        jobs::list_jobs,
        jobs::browse_jobs,
        jobs::get_job,
        jobs::update_job,
        jobs::delete_job,
        jobs::job_status_history,
        samples::upload_sample,
        samples::list_samples,
        samples::get_sample,
        samples::delete_sample,
        generations::enhance_profile,
        generations::create_ranking,
        generations::get_ranking,
        generations::generate_resume,
        generations::generate_cover_letter,
        generations::generation_history,
        generations::delete_generation,
        generations::tasks::submit,
        generations::tasks::status,
        generations::tasks::events,
        generations::tasks::cancel,
        usage::usage,
        exports::export_pdf,
        exports::export_docx,
        exports::export_markdown,
        exports::export_text,
        exports::export_batch,
        exports::preview,
        exports::list_templates,
        exports::get_template,
        exports::list_exports,
        exports::get_export,
        exports::job_exports,
        exports::delete_export,
        exports::download::download,
    ),
    components(schemas(
        error::ErrorBody,
        error::ValidationErrorBody,
        error::UnprocessableBody,
        error::FieldError,
        error::LocItem,
        fields::JobStatusValue,
        fields::ApplicationStatusValue,
        fields::EmploymentTypeValue,
        fields::JobSourceValue,
        fields::SavedJobSourceValue,
        fields::JobSortFieldValue,
        fields::SortOrderValue,
        fields::ProficiencyValue,
        fields::DocumentTypeValue,
        fields::ImportModeValue,
        generations::dto::GenerationEventData,
    )),
    modifiers(&BearerAuth, &CommonResponses),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "auth", description = "Accounts, sessions and passwords"),
        (name = "profiles", description = "The master resume profile and its sections"),
        (name = "jobs", description = "Saved job postings, application tracking and the browse catalogue"),
        (name = "generation", description = "Rankings, tailored resumes and cover letters with ATS reports"),
        (name = "samples", description = "Writing samples and their style"),
        (name = "exports", description = "Documents rendered from generations (PDF, DOCX, Markdown, text, ZIP) and their signed download links"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Operations that never use the database, so never answer 503 or 507 for it.
const WITHOUT_DATABASE: &[(&str, &str)] = &[("get", "/health"), ("get", "/api/v1/jobs/browse")];

/// Operations that write but answer the same when the storage is full (the answer must not
/// tell whether an account exists).
const SAME_ANSWER_ON_STORAGE_FULL: &[(&str, &str)] = &[("post", "/api/v1/auth/forgot-password")];

const UNAUTHORIZED: &str = "The bearer token is invalid or expired, its session ended, or the \
                            account is deactivated or gone (`WWW-Authenticate: Bearer`)";
const FORBIDDEN: &str = "`Not authenticated` (no `Authorization` header, or an empty bearer) \
                         or `Invalid authentication credentials` (another scheme)";
const TIMEOUT: &str = "`Request body was not received in time`";
const TOO_LARGE: &str = "The body is larger than allowed";
const SCHEMA_ERRORS: &str = "The body does not match its schema (list)";
const UNAVAILABLE: &str = "The database is unavailable; retry after `Retry-After` seconds";
const STORAGE_FULL: &str = "The storage is full; nothing was written";

/// Adds the answers that follow from what an operation is:
///
/// - with bearer security: 401 (bad token) and 403 (no or non-bearer `Authorization`);
/// - with a request body: 408 (body read time-out), 413 (too large) and 422 (schema);
/// - using the database: 503 (unavailable), and 507 (storage full) when it writes, that
///   is, for every method but GET;
/// - 204 answers have no body; 429 and 503 answers name their `Retry-After` header.
///
/// An answer the handler documents itself is kept; where a generic meaning adds to it, its
/// description is extended.
struct CommonResponses;

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in &mut openapi.paths.paths {
            for (method, operation) in operations_mut(item) {
                add_common_responses(path, method, operation);
            }
        }
    }
}

fn operations_mut(item: &mut PathItem) -> Vec<(&'static str, &mut Operation)> {
    [
        ("get", item.get.as_mut()),
        ("put", item.put.as_mut()),
        ("post", item.post.as_mut()),
        ("delete", item.delete.as_mut()),
        ("options", item.options.as_mut()),
        ("head", item.head.as_mut()),
        ("patch", item.patch.as_mut()),
        ("trace", item.trace.as_mut()),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.map(|o| (method, o)))
    .collect()
}

fn add_common_responses(path: &str, method: &str, operation: &mut Operation) {
    let secured = operation
        .security
        .as_ref()
        .is_some_and(|s| !s.is_empty() && s.iter().any(|r| r != &Default::default()));
    let has_body = operation.request_body.is_some();
    let key = (method, path);
    let database = !WITHOUT_DATABASE.contains(&key);
    let writes = database && method != "get" && !SAME_ANSWER_ON_STORAGE_FULL.contains(&key);

    let responses = &mut operation.responses.responses;
    if secured {
        extend(responses, "401", UNAUTHORIZED);
        extend(responses, "403", FORBIDDEN);
    }
    if has_body {
        ensure(responses, "408", TIMEOUT, error_body());
        ensure(responses, "413", TOO_LARGE, error_body());
        ensure(responses, "422", SCHEMA_ERRORS, validation_body());
    }
    if database {
        ensure(responses, "503", UNAVAILABLE, error_body());
    }
    if writes {
        ensure(responses, "507", STORAGE_FULL, error_body());
    }
    for (status, response) in responses.iter_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        match status.as_str() {
            "204" => response.content.clear(),
            "401" => add_header(response, "WWW-Authenticate", "Always `Bearer`"),
            "429" | "503" => add_header(
                response,
                "Retry-After",
                "Seconds to wait before trying again",
            ),
            _ => {}
        }
    }
}

type Responses = BTreeMap<String, RefOr<Response>>;

/// Adds `status` with `description` and `body` unless the handler documents it itself.
fn ensure(responses: &mut Responses, status: &str, description: &str, body: RefOr<Schema>) {
    responses.entry(status.to_owned()).or_insert_with(|| {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(body)).build(),
                )
                .build(),
        )
    });
}

/// Adds `status` with an [`ErrorBody`](error::ErrorBody), or, when the handler documents
/// the status with a meaning of its own (another user's profile, a wrong current password),
/// appends the generic meaning to its description.
fn extend(responses: &mut Responses, status: &str, description: &str) {
    match responses.get_mut(status) {
        Some(RefOr::T(existing)) => {
            if !existing.description.contains(description) {
                existing.description = format!("{}; or {description}", existing.description);
            }
        }
        Some(RefOr::Ref(_)) => {}
        None => ensure(responses, status, description, error_body()),
    }
}

fn add_header(response: &mut Response, name: &str, description: &str) {
    let kind = if name == "Retry-After" {
        Type::Integer
    } else {
        Type::String
    };
    response.headers.entry(name.to_owned()).or_insert_with(|| {
        RefOr::T(
            HeaderBuilder::new()
                .schema(Some(Object::with_type(kind)))
                .description(Some(description))
                .build(),
        )
    });
}

fn error_body() -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name("ErrorBody"))
}

fn validation_body() -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name("ValidationErrorBody"))
}
