//! The OpenAPI 3.1 description, generated from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{auth, error, health, validation};

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
