//! Skills, certifications and custom fields.

use actix_web::{HttpResponse, web};
use serde::Serialize;
use tailor_domain::profile::SkillKind;
use utoipa::ToSchema;

use super::dto::profile_id;
use super::dto::{
    CertificationIds, CertificationRequest, CertificationResponse, CustomFieldsObject,
    CustomFieldsRequest, IdList, JsonObject, NewSkills, SkillList, SkillsRequest, SkillsResponse,
};
use super::sections::MessageBody;
use crate::error::{ApiError, ErrorBody, UnprocessableBody, ValidationErrorBody};
use crate::extract::AuthUser;
use crate::state::AppState;
use crate::validation::{BoundedList, JsonBody};

/// `{"message", technical, soft, languages, certifications}`
#[derive(Debug, Serialize, ToSchema)]
pub struct SkillsUpdated {
    pub message: &'static str,
    #[serde(flatten)]
    pub skills: SkillsResponse,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CustomFieldsUpdated {
    pub message: String,
    /// Every key now present.
    pub updated_fields: Vec<String>,
}

/// The profile's skills.
#[utoipa::path(
    get, path = "/api/v1/profiles/{profile_id}/skills", tag = "profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path, format = Uuid)),
    responses(
        (status = 200, description = "Skills", body = SkillsResponse),
        (status = 403, description = "Another user's profile", body = ErrorBody),
        (status = 404, description = "`Profile not found`", body = ErrorBody),
    )
)]
pub(crate) async fn get_skills(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let profile = state
        .profiles
        .get(user.0.user.id(), profile_id(&path)?)
        .await?;
    Ok(HttpResponse::Ok().json(SkillsResponse::from(profile.skills)))
}

/// Replace all four skill lists (missing lists become empty).
#[utoipa::path(
    put, path = "/api/v1/profiles/{profile_id}/skills", tag = "profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path, format = Uuid)),
    request_body = SkillsRequest,
    responses(
        (status = 200, description = "The message and the stored skills", body = SkillsUpdated),
        (status = 403, description = "Another user's profile", body = ErrorBody),
        (status = 404, description = "`Profile not found`", body = ErrorBody),
        (status = 409, description = "Changed concurrently too often; retry", body = ErrorBody),
        (status = 422, description = "Schema errors (list) or `Invalid skills data: ...` (string)", body = UnprocessableBody),
    )
)]
pub(crate) async fn replace_skills(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: JsonBody<SkillsRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = profile_id(&path)?;
    let skills = body.into_inner().into_domain("Invalid skills data")?;
    let stored = state
        .profiles
        .replace_skills(user.0.user.id(), id, skills)
        .await?;
    Ok(HttpResponse::Ok().json(SkillsUpdated {
        message: "Skills updated successfully",
        skills: stored.into(),
    }))
}

async fn add(
    state: &AppState,
    user: &AuthUser,
    raw_id: &str,
    kind: SkillKind,
    body: NewSkills,
) -> Result<HttpResponse, ApiError> {
    let id = profile_id(raw_id)?;
    let added = state
        .profiles
        .add_skills(user.0.user.id(), id, kind, body.skills)
        .await?;
    Ok(HttpResponse::Ok().json(MessageBody {
        message: format!("{added} {} skills added successfully", kind.as_str()),
    }))
}

async fn remove(
    state: &AppState,
    user: &AuthUser,
    raw_id: &str,
    kind: SkillKind,
    body: SkillList,
) -> Result<HttpResponse, ApiError> {
    let id = profile_id(raw_id)?;
    let removed = state
        .profiles
        .remove_skills(user.0.user.id(), id, kind, body.skills)
        .await?;
    Ok(HttpResponse::Ok().json(MessageBody {
        message: format!("{removed} {} skills removed successfully", kind.as_str()),
    }))
}

macro_rules! skill_routes {
    ($kind:expr, $path:literal, $add:ident, $remove:ident) => {
        /// Add skills to the list; repeats (case-insensitive) are ignored. The message counts
        /// the skills that were new.
        #[utoipa::path(
            post, path = $path, tag = "profiles", security(("bearer" = [])),
            params(("profile_id" = String, Path, format = Uuid)),
            request_body = NewSkills,
            responses(
                (status = 200, description = "`N ... skills added successfully`", body = MessageBody),
                (status = 403, description = "Another user's profile", body = ErrorBody),
                (status = 404, description = "`Profile not found`", body = ErrorBody),
                (status = 409, description = "Changed concurrently too often; retry", body = ErrorBody),
                (status = 422, description = "Schema errors (list); too many skills in all (string)", body = UnprocessableBody),
            )
        )]
        pub(crate) async fn $add(
            state: web::Data<AppState>,
            user: AuthUser,
            path: web::Path<String>,
            body: JsonBody<NewSkills>,
        ) -> Result<HttpResponse, ApiError> {
            add(&state, &user, &path, $kind, body.into_inner()).await
        }

        /// Remove skills from the list (matched case-insensitively).
        #[utoipa::path(
            delete, path = $path, tag = "profiles", security(("bearer" = [])),
            params(("profile_id" = String, Path, format = Uuid)),
            request_body = SkillList,
            responses(
                (status = 200, description = "`N ... skills removed successfully`", body = MessageBody),
                (status = 403, description = "Another user's profile", body = ErrorBody),
                (status = 404, description = "`Profile not found`", body = ErrorBody),
                (status = 409, description = "Changed concurrently too often; retry", body = ErrorBody),
                (status = 422, description = "Schema errors", body = ValidationErrorBody),
            )
        )]
        pub(crate) async fn $remove(
            state: web::Data<AppState>,
            user: AuthUser,
            path: web::Path<String>,
            body: JsonBody<SkillList>,
        ) -> Result<HttpResponse, ApiError> {
            remove(&state, &user, &path, $kind, body.into_inner()).await
        }
    };
}

skill_routes!(
    SkillKind::Technical,
    "/api/v1/profiles/{profile_id}/skills/technical",
    add_technical_skills,
    remove_technical_skills
);
skill_routes!(
    SkillKind::Soft,
    "/api/v1/profiles/{profile_id}/skills/soft",
    add_soft_skills,
    remove_soft_skills
);

type CertificationList = BoundedList<CertificationRequest, 100>;

/// The profile's certifications.
#[utoipa::path(
    get, path = "/api/v1/profiles/{profile_id}/certifications", tag = "profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path, format = Uuid)),
    responses(
        (status = 200, description = "Certifications", body = Vec<CertificationResponse>),
        (status = 403, description = "Another user's profile", body = ErrorBody),
        (status = 404, description = "`Profile not found`", body = ErrorBody),
    )
)]
pub(crate) async fn list_certifications(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let profile = state
        .profiles
        .get(user.0.user.id(), profile_id(&path)?)
        .await?;
    let list: Vec<CertificationResponse> = profile
        .skills
        .certifications
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(HttpResponse::Ok().json(list))
}

/// Add certifications (bare array); each gets an id unless it has one. Entries with the
/// same name and issuer as an existing one are skipped.
#[utoipa::path(
    post, path = "/api/v1/profiles/{profile_id}/certifications", tag = "profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path, format = Uuid)),
    request_body = inline(CertificationList),
    responses(
        (status = 201, description = "The certifications added", body = Vec<CertificationResponse>),
        (status = 403, description = "Another user's profile", body = ErrorBody),
        (status = 404, description = "`Profile not found`", body = ErrorBody),
        (status = 409, description = "Changed concurrently too often; retry", body = ErrorBody),
        (status = 422, description = "Schema errors (list); rule errors or too many certifications (string)", body = UnprocessableBody),
    )
)]
pub(crate) async fn add_certifications(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: JsonBody<CertificationList>,
) -> Result<HttpResponse, ApiError> {
    let id = profile_id(&path)?;
    let items = body.into_inner().0.into_iter().map(Into::into).collect();
    let added = state
        .profiles
        .add_certifications(user.0.user.id(), id, items)
        .await?;
    let list: Vec<CertificationResponse> = added.into_iter().map(Into::into).collect();
    Ok(HttpResponse::Created().json(list))
}

/// Replace certifications by id (bare array); unknown ids are ignored.
#[utoipa::path(
    put, path = "/api/v1/profiles/{profile_id}/certifications", tag = "profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path, format = Uuid)),
    request_body = inline(CertificationList),
    responses(
        (status = 200, description = "The certifications replaced", body = Vec<CertificationResponse>),
        (status = 403, description = "Another user's profile", body = ErrorBody),
        (status = 404, description = "`Profile not found`", body = ErrorBody),
        (status = 409, description = "Changed concurrently too often; retry", body = ErrorBody),
        (status = 422, description = "Schema errors (list) or rule errors (string)", body = UnprocessableBody),
    )
)]
pub(crate) async fn update_certifications(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: JsonBody<CertificationList>,
) -> Result<HttpResponse, ApiError> {
    let id = profile_id(&path)?;
    let items = body.into_inner().0.into_iter().map(Into::into).collect();
    let updated = state
        .profiles
        .update_certifications(user.0.user.id(), id, items)
        .await?;
    let list: Vec<CertificationResponse> = updated.into_iter().map(Into::into).collect();
    Ok(HttpResponse::Ok().json(list))
}

/// Delete certifications by id.
#[utoipa::path(
    delete, path = "/api/v1/profiles/{profile_id}/certifications", tag = "profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path, format = Uuid)),
    request_body = CertificationIds,
    responses(
        (status = 200, description = "`Deleted N certifications successfully`", body = MessageBody),
        (status = 403, description = "Another user's profile", body = ErrorBody),
        (status = 404, description = "`Profile not found`", body = ErrorBody),
        (status = 409, description = "Changed concurrently too often; retry", body = ErrorBody),
        (status = 422, description = "Schema errors", body = ValidationErrorBody),
    )
)]
pub(crate) async fn delete_certifications(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: JsonBody<CertificationIds>,
) -> Result<HttpResponse, ApiError> {
    let id = profile_id(&path)?;
    let count = state
        .profiles
        .delete_certifications(user.0.user.id(), id, body.into_inner().into_ids())
        .await?;
    Ok(HttpResponse::Ok().json(MessageBody {
        message: format!("Deleted {count} certifications successfully"),
    }))
}

/// The profile's custom fields, as stored.
#[utoipa::path(
    get, path = "/api/v1/profiles/{profile_id}/custom-fields", tag = "profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path, format = Uuid)),
    responses(
        (status = 200, description = "The fields", body = Object),
        (status = 403, description = "Another user's profile", body = ErrorBody),
        (status = 404, description = "`Profile not found`", body = ErrorBody),
    )
)]
pub(crate) async fn get_custom_fields(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let profile = state
        .profiles
        .get(user.0.user.id(), profile_id(&path)?)
        .await?;
    Ok(HttpResponse::Ok().json(profile.custom_fields))
}

/// Merge custom fields (`{"fields": [{"key", "value"}]}`).
#[utoipa::path(
    post, path = "/api/v1/profiles/{profile_id}/custom-fields", tag = "profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path, format = Uuid)),
    request_body = CustomFieldsRequest,
    responses(
        (status = 201, description = "Merged", body = CustomFieldsUpdated),
        (status = 403, description = "Another user's profile", body = ErrorBody),
        (status = 404, description = "`Profile not found`", body = ErrorBody),
        (status = 409, description = "Changed concurrently too often; retry", body = ErrorBody),
        (status = 422, description = "Schema errors (list); a value over 10 KiB or more than 50 fields in all (string)", body = UnprocessableBody),
    )
)]
pub(crate) async fn merge_custom_fields(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: JsonBody<CustomFieldsRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = profile_id(&path)?;
    let fields: Vec<_> = body
        .into_inner()
        .fields
        .into_iter()
        .map(|f| (f.key, f.value))
        .collect();
    let count = fields.len();
    let keys = state
        .profiles
        .merge_custom_fields(user.0.user.id(), id, fields)
        .await?;
    Ok(HttpResponse::Created().json(CustomFieldsUpdated {
        message: format!("Successfully updated {count} custom fields"),
        updated_fields: keys,
    }))
}

/// Replace all custom fields with the object sent.
#[utoipa::path(
    put, path = "/api/v1/profiles/{profile_id}/custom-fields", tag = "profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path, format = Uuid)),
    request_body(content = inline(CustomFieldsObject), description = "The new fields: at most 50, keys of 1 to 50 characters (not all blank), values any JSON of at most 10 KiB each"),
    responses(
        (status = 200, description = "The stored fields", body = Object),
        (status = 403, description = "Another user's profile", body = ErrorBody),
        (status = 404, description = "`Profile not found`", body = ErrorBody),
        (status = 409, description = "Changed concurrently too often; retry", body = ErrorBody),
        (status = 422, description = "Not an object (list); a value over 10 KiB (string)", body = UnprocessableBody),
    )
)]
pub(crate) async fn replace_custom_fields(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: JsonBody<JsonObject>,
) -> Result<HttpResponse, ApiError> {
    let id = profile_id(&path)?;
    let stored = state
        .profiles
        .replace_custom_fields(user.0.user.id(), id, body.into_inner().0)
        .await?;
    Ok(HttpResponse::Ok().json(stored))
}
