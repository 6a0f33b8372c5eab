//! `/api/v1/profiles`: the master resume profile, its sections, skills, certifications,
//! custom fields, analytics, and JSON Resume import and export.

mod crud;
pub mod dto;
mod json_resume;
mod sections;
mod skills;

use actix_web::web;

pub(crate) use crud::*;
pub(crate) use json_resume::*;
pub(crate) use sections::*;
pub(crate) use skills::*;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/profiles")
            .service(
                web::resource("")
                    .route(web::post().to(create_profile))
                    .route(web::get().to(list_profiles)),
            )
            .service(web::resource("/me").route(web::get().to(my_profile)))
            // Before `/{profile_id}/...`, which would otherwise take `import` for an id.
            .service(web::resource("/import/json-resume").route(web::post().to(import_json_resume)))
            .service(
                web::resource("/{profile_id}")
                    .route(web::get().to(get_profile))
                    .route(web::put().to(update_profile))
                    .route(web::delete().to(delete_profile)),
            )
            .service(
                web::resource("/{profile_id}/analytics").route(web::get().to(profile_analytics)),
            )
            .service(
                web::resource("/{profile_id}/json-resume").route(web::get().to(export_json_resume)),
            )
            .service(
                web::resource("/{profile_id}/experiences")
                    .route(web::post().to(add_experiences))
                    .route(web::get().to(list_experiences))
                    .route(web::put().to(update_experiences))
                    .route(web::delete().to(delete_experiences)),
            )
            .service(
                web::resource("/{profile_id}/education")
                    .route(web::post().to(add_education))
                    .route(web::get().to(list_education))
                    .route(web::put().to(update_education))
                    .route(web::delete().to(delete_education)),
            )
            .service(
                web::resource("/{profile_id}/projects")
                    .route(web::post().to(add_projects))
                    .route(web::get().to(list_projects))
                    .route(web::put().to(update_projects))
                    .route(web::delete().to(delete_projects)),
            )
            .service(
                web::resource("/{profile_id}/skills")
                    .route(web::get().to(get_skills))
                    .route(web::put().to(replace_skills)),
            )
            .service(
                web::resource("/{profile_id}/skills/technical")
                    .route(web::post().to(add_technical_skills))
                    .route(web::delete().to(remove_technical_skills)),
            )
            .service(
                web::resource("/{profile_id}/skills/soft")
                    .route(web::post().to(add_soft_skills))
                    .route(web::delete().to(remove_soft_skills)),
            )
            .service(
                web::resource("/{profile_id}/certifications")
                    .route(web::get().to(list_certifications))
                    .route(web::post().to(add_certifications))
                    .route(web::put().to(update_certifications))
                    .route(web::delete().to(delete_certifications)),
            )
            .service(
                web::resource("/{profile_id}/custom-fields")
                    .route(web::get().to(get_custom_fields))
                    .route(web::post().to(merge_custom_fields))
                    .route(web::put().to(replace_custom_fields)),
            ),
    );
}
