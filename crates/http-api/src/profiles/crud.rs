//! Profile create, list, read, update, delete and analytics.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use tailor_domain::profile::{Profile, ProfileAnalytics};
use tailor_domain::services::{NewProfile, ProfileUpdate};
use utoipa::ToSchema;

use super::dto::profile_id;
use super::dto::{CreateProfileRequest, ProfileResponse, UpdateProfileRequest};
use crate::error::{ApiError, ErrorBody, UnprocessableBody, ValidationErrorBody};
use crate::extract::AuthUser;
use crate::state::AppState;
use crate::validation::{JsonBody, pagination};

#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileList {
    pub profiles: Vec<ProfileResponse>,
    /// How many profiles the user has in all.
    pub total: usize,
    pub limit: usize,
    pub offset: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnalyticsResponse {
    pub profile_id: String,
    #[schema(value_type = Object)]
    pub completeness: serde_json::Value,
    #[schema(value_type = Object)]
    pub statistics: serde_json::Value,
    pub recommendations: Vec<String>,
}

impl AnalyticsResponse {
    fn new(profile_id: String, a: ProfileAnalytics) -> Self {
        Self {
            profile_id,
            completeness: serde_json::to_value(a.completeness).unwrap_or_default(),
            statistics: serde_json::to_value(a.statistics).unwrap_or_default(),
            recommendations: a.recommendations,
        }
    }
}

/// Create the caller's profile (one per user). Sub-items without an id (or with `""`) get
/// a new UUID; given ids are kept.
#[utoipa::path(
    post, path = "/api/v1/profiles", tag = "profiles", security(("bearer" = [])),
    request_body = CreateProfileRequest,
    responses(
        (status = 201, description = "Created", body = ProfileResponse),
        (status = 409, description = "Changed concurrently too often; retry", body = ErrorBody),
        (status = 422, description = "Schema errors (list); rule errors (`Invalid profile data: ...`) or `User already has a profile. Use update instead.` (string)", body = UnprocessableBody),
    )
)]
pub(crate) async fn create_profile(
    state: web::Data<AppState>,
    user: AuthUser,
    body: JsonBody<CreateProfileRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let skills = body
        .skills
        .unwrap_or_default()
        .into_domain("Invalid profile data: skills")?;
    let profile = state
        .profiles
        .create(
            user.0.user.id(),
            NewProfile {
                personal_info: body.personal_info.into(),
                professional_summary: body.professional_summary,
                skills,
                experiences: body.experiences.into_iter().map(Into::into).collect(),
                education: body.education.into_iter().map(Into::into).collect(),
                projects: body.projects.into_iter().map(Into::into).collect(),
                custom_fields: body.custom_fields.unwrap_or_default(),
            },
        )
        .await?;
    Ok(HttpResponse::Created().json(ProfileResponse::from(profile)))
}

/// The caller's profiles (at most one), paginated.
#[utoipa::path(
    get, path = "/api/v1/profiles", tag = "profiles", security(("bearer" = [])),
    params(("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "1 to 100, default 10"), ("offset" = Option<i64>, Query, minimum = 0, maximum = 9223372036854775807usize, description = "default 0")),
    responses(
        (status = 200, description = "A page of profiles", body = ProfileList),
        (status = 422, description = "Bad pagination", body = ValidationErrorBody),
    )
)]
pub(crate) async fn list_profiles(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let (limit, offset) = pagination(req.query_string(), 10, 100)?;
    let (profiles, total) = state.profiles.list(user.0.user.id(), limit, offset).await?;
    Ok(HttpResponse::Ok().json(ProfileList {
        profiles: profiles.into_iter().map(Into::into).collect(),
        total,
        limit,
        offset,
    }))
}

/// The caller's profile; 404 when there is none yet (the app then offers to create one).
#[utoipa::path(
    get, path = "/api/v1/profiles/me", tag = "profiles", security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile", body = ProfileResponse),
        (status = 404, description = "`No profile found for current user`", body = ErrorBody),
    )
)]
pub(crate) async fn my_profile(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<HttpResponse, ApiError> {
    let profile = state.profiles.mine(user.0.user.id()).await?;
    rendered(&state, &profile)
}

/// A profile by id.
#[utoipa::path(
    get, path = "/api/v1/profiles/{profile_id}", tag = "profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path, format = Uuid)),
    responses(
        (status = 200, description = "The profile", body = ProfileResponse),
        (status = 403, description = "`Access denied: profile belongs to another user`", body = ErrorBody),
        (status = 404, description = "`Profile not found`", body = ErrorBody),
    )
)]
pub(crate) async fn get_profile(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let profile = state
        .profiles
        .get_shared(user.0.user.id(), profile_id(&path)?)
        .await?;
    rendered(&state, &profile)
}

/// 200 with the profile's body, rendered once per profile version.
fn rendered(state: &AppState, profile: &Profile) -> Result<HttpResponse, ApiError> {
    let body = state
        .rendered_profiles
        .get_or_render(profile.id.as_uuid(), profile.version, || {
            serde_json::to_vec(&ProfileResponse::from(profile.clone()))
        })
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}

/// Update a profile. Parts present replace the stored ones (a section, even `[]`, replaces
/// the whole section); `null` summaries leave them unchanged. All or nothing.
#[utoipa::path(
    put, path = "/api/v1/profiles/{profile_id}", tag = "profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path, format = Uuid)),
    request_body = UpdateProfileRequest,
    responses(
        (status = 200, description = "The updated profile", body = ProfileResponse),
        (status = 403, description = "Another user's profile", body = ErrorBody),
        (status = 404, description = "`Profile not found`", body = ErrorBody),
        (status = 409, description = "Changed concurrently too often; retry", body = ErrorBody),
        (status = 422, description = "Schema errors (list) or rule errors (string)", body = UnprocessableBody),
    )
)]
pub(crate) async fn update_profile(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: JsonBody<UpdateProfileRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = profile_id(&path)?;
    let body = body.into_inner();
    let skills = body
        .skills
        .map(|s| s.into_domain("Invalid skills data"))
        .transpose()?;
    let profile = state
        .profiles
        .update(
            user.0.user.id(),
            id,
            ProfileUpdate {
                personal_info: body.personal_info.map(Into::into),
                professional_summary: body.professional_summary,
                enhanced_professional_summary: body.enhanced_professional_summary,
                skills,
                experiences: body
                    .experiences
                    .map(|v| v.into_iter().map(Into::into).collect()),
                education: body
                    .education
                    .map(|v| v.into_iter().map(Into::into).collect()),
                projects: body
                    .projects
                    .map(|v| v.into_iter().map(Into::into).collect()),
                // As in the contract, custom fields change only through their own routes.
                custom_fields: None,
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(ProfileResponse::from(profile)))
}

/// Delete a profile with its experiences, education and projects.
#[utoipa::path(
    delete, path = "/api/v1/profiles/{profile_id}", tag = "profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path, format = Uuid)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Another user's profile", body = ErrorBody),
        (status = 404, description = "`Profile not found`", body = ErrorBody),
    )
)]
pub(crate) async fn delete_profile(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    state
        .profiles
        .delete(user.0.user.id(), profile_id(&path)?)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Completeness per section, statistics and recommendations.
#[utoipa::path(
    get, path = "/api/v1/profiles/{profile_id}/analytics", tag = "profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path, format = Uuid)),
    responses(
        (status = 200, description = "Analytics", body = AnalyticsResponse),
        (status = 403, description = "Another user's profile", body = ErrorBody),
        (status = 404, description = "`Profile not found`", body = ErrorBody),
    )
)]
pub(crate) async fn profile_analytics(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = profile_id(&path)?;
    let analytics = state.profiles.analytics(user.0.user.id(), id).await?;
    Ok(HttpResponse::Ok().json(AnalyticsResponse::new(id.to_string(), analytics)))
}
