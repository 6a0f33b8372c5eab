//! The OpenAPI 3.1 description, generated from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{auth, error, health, jobs, profiles, samples, validation};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tailor API",
        description = "The backend of the JobWise app: accounts, resume profiles, saved jobs, \
                       writing samples, and tailored resume and cover-letter generation."
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
    ),
    components(schemas(
        error::ErrorBody,
        error::ValidationErrorBody,
        validation::FieldError,
        validation::LocItem,
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "auth", description = "Accounts, sessions and passwords"),
        (name = "profiles", description = "The master resume profile and its sections"),
        (name = "jobs", description = "Saved job postings, application tracking and the browse catalogue"),
        (name = "samples", description = "Writing samples and their style"),
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
