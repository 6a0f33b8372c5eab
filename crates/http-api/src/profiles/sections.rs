//! The bulk routes of the three list sections: experiences, education, projects.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use tailor_domain::profile::{Education, Experience, Project};
use tailor_domain::services::SectionItem;
use utoipa::ToSchema;

use super::dto::profile_id;
use super::dto::{
    EducationIds, EducationRequest, EducationResponse, ExperienceIds, ExperienceRequest,
    ExperienceResponse, IdList, ProjectIds, ProjectRequest, ProjectResponse,
};
use crate::error::{ApiError, ErrorBody, UnprocessableBody, ValidationErrorBody};
use crate::extract::AuthUser;
use crate::state::AppState;
use crate::validation::{BoundedList, JsonBody, pagination};

/// At most this many items in one bulk request.
const MAX_BATCH: usize = 100;

type ExperienceBatch = BoundedList<ExperienceRequest, MAX_BATCH>;
type EducationBatch = BoundedList<EducationRequest, MAX_BATCH>;
type ProjectBatch = BoundedList<ProjectRequest, MAX_BATCH>;

#[derive(Debug, Serialize, ToSchema)]
pub struct Pagination {
    /// All items of the section.
    pub total: usize,
    pub limit: usize,
    pub offset: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExperienceList {
    pub experiences: Vec<ExperienceResponse>,
    pub pagination: Pagination,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EducationList {
    pub education: Vec<EducationResponse>,
    pub pagination: Pagination,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectList {
    pub projects: Vec<ProjectResponse>,
    pub pagination: Pagination,
}

/// `{"message": "..."}`
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageBody {
    pub message: String,
}

/// Section items in and out of HTTP.
pub trait SectionRoute: SectionItem {
    type Response: Serialize;
    fn respond(item: Self) -> Self::Response;
    fn list(items: Vec<Self::Response>, pagination: Pagination) -> serde_json::Value;
    /// The answer to a bulk delete.
    fn deleted(count: usize) -> HttpResponse;
}

impl SectionRoute for Experience {
    type Response = ExperienceResponse;
    fn respond(item: Self) -> Self::Response {
        item.into()
    }
    fn list(items: Vec<Self::Response>, pagination: Pagination) -> serde_json::Value {
        serde_json::to_value(ExperienceList {
            experiences: items,
            pagination,
        })
        .unwrap_or_default()
    }
    fn deleted(_: usize) -> HttpResponse {
        HttpResponse::NoContent().finish()
    }
}

impl SectionRoute for Education {
    type Response = EducationResponse;
    fn respond(item: Self) -> Self::Response {
        item.into()
    }
    fn list(items: Vec<Self::Response>, pagination: Pagination) -> serde_json::Value {
        serde_json::to_value(EducationList {
            education: items,
            pagination,
        })
        .unwrap_or_default()
    }
    fn deleted(count: usize) -> HttpResponse {
        HttpResponse::Ok().json(MessageBody {
            message: format!("Deleted {count} education entries successfully"),
        })
    }
}

impl SectionRoute for Project {
    type Response = ProjectResponse;
    fn respond(item: Self) -> Self::Response {
        item.into()
    }
    fn list(items: Vec<Self::Response>, pagination: Pagination) -> serde_json::Value {
        serde_json::to_value(ProjectList {
            projects: items,
            pagination,
        })
        .unwrap_or_default()
    }
    fn deleted(count: usize) -> HttpResponse {
        HttpResponse::Ok().json(MessageBody {
            message: format!("Deleted {count} projects successfully"),
        })
    }
}

async fn add<T, R>(
    state: &AppState,
    user: &AuthUser,
    raw_id: &str,
    body: BoundedList<R, MAX_BATCH>,
) -> Result<HttpResponse, ApiError>
where
    T: SectionRoute + From<R>,
{
    let id = profile_id(raw_id)?;
    let items: Vec<T> = body.0.into_iter().map(T::from).collect();
    let added = state
        .profiles
        .add_items(user.0.user.id(), id, items)
        .await?;
    Ok(HttpResponse::Created().json(added.into_iter().map(T::respond).collect::<Vec<_>>()))
}

async fn update<T, R>(
    state: &AppState,
    user: &AuthUser,
    raw_id: &str,
    body: BoundedList<R, MAX_BATCH>,
) -> Result<HttpResponse, ApiError>
where
    T: SectionRoute + From<R>,
{
    let id = profile_id(raw_id)?;
    let items: Vec<T> = body.0.into_iter().map(T::from).collect();
    let updated = state
        .profiles
        .update_items(user.0.user.id(), id, items)
        .await?;
    Ok(HttpResponse::Ok().json(updated.into_iter().map(T::respond).collect::<Vec<_>>()))
}

async fn list<T: SectionRoute>(
    state: &AppState,
    user: &AuthUser,
    raw_id: &str,
    req: &HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let (limit, offset) = pagination(req.query_string(), 50, 100)?;
    let id = profile_id(raw_id)?;
    let mut profile = state.profiles.get(user.0.user.id(), id).await?;
    let section = std::mem::take(T::section(&mut profile));
    let total = section.len();
    let page = section
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(T::respond)
        .collect();
    Ok(HttpResponse::Ok().json(T::list(
        page,
        Pagination {
            total,
            limit,
            offset,
        },
    )))
}

async fn delete<T: SectionRoute, L: IdList>(
    state: &AppState,
    user: &AuthUser,
    raw_id: &str,
    body: L,
) -> Result<HttpResponse, ApiError> {
    let id = profile_id(raw_id)?;
    let count = state
        .profiles
        .delete_items::<T>(user.0.user.id(), id, body.into_ids())
        .await?;
    Ok(T::deleted(count))
}

macro_rules! section_routes {
    (
        $item:ty, $req:ty, $batch:ty, $ids:ty, $list_ty:ty, $resp:ty,
        $path:literal,
        add: $add:ident, list: $list:ident, update: $update:ident, delete: $delete:ident,
        delete_status: $del_status:literal, delete_body: $del_body:ty
    ) => {
        /// Append entries to the section (bare array). Entries equal to an existing one
        /// (same id, or same natural key) are skipped; the answer lists those added.
        #[utoipa::path(
            post, path = $path, tag = "profiles", security(("bearer" = [])),
            params(("profile_id" = String, Path, format = Uuid)),
            request_body = inline($batch),
            responses(
                (status = 201, description = "The entries added", body = Vec<$resp>),
                (status = 403, description = "Another user's profile", body = ErrorBody),
                (status = 404, description = "`Profile not found`", body = ErrorBody),
                (status = 409, description = "Changed concurrently too often; retry", body = ErrorBody),
                (status = 422, description = "Schema errors (list); rule errors or a full section (string)", body = UnprocessableBody),
            )
        )]
        pub(crate) async fn $add(
            state: web::Data<AppState>,
            user: AuthUser,
            path: web::Path<String>,
            body: JsonBody<$batch>,
        ) -> Result<HttpResponse, ApiError> {
            add::<$item, $req>(&state, &user, &path, body.into_inner()).await
        }

        /// The section's entries, paginated (`limit` 1..100, default 50; `offset`).
        #[utoipa::path(
            get, path = $path, tag = "profiles", security(("bearer" = [])),
            params(
                ("profile_id" = String, Path, format = Uuid),
                ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "1 to 100, default 50"), ("offset" = Option<i64>, Query, minimum = 0, maximum = 9223372036854775807usize, description = "default 0"),
            ),
            responses(
                (status = 200, description = "A page of entries", body = $list_ty),
                (status = 403, description = "Another user's profile", body = ErrorBody),
                (status = 404, description = "`Profile not found`", body = ErrorBody),
                (status = 422, description = "Bad pagination", body = ValidationErrorBody),
            )
        )]
        pub(crate) async fn $list(
            state: web::Data<AppState>,
            user: AuthUser,
            path: web::Path<String>,
            req: HttpRequest,
        ) -> Result<HttpResponse, ApiError> {
            list::<$item>(&state, &user, &path, &req).await
        }

        /// Replace entries by id (bare array); unknown ids are ignored. The answer lists the
        /// entries replaced.
        #[utoipa::path(
            put, path = $path, tag = "profiles", security(("bearer" = [])),
            params(("profile_id" = String, Path, format = Uuid)),
            request_body = inline($batch),
            responses(
                (status = 200, description = "The entries replaced", body = Vec<$resp>),
                (status = 403, description = "Another user's profile", body = ErrorBody),
                (status = 404, description = "`Profile not found`", body = ErrorBody),
                (status = 409, description = "Changed concurrently too often; retry", body = ErrorBody),
                (status = 422, description = "Schema errors (list) or rule errors (string)", body = UnprocessableBody),
            )
        )]
        pub(crate) async fn $update(
            state: web::Data<AppState>,
            user: AuthUser,
            path: web::Path<String>,
            body: JsonBody<$batch>,
        ) -> Result<HttpResponse, ApiError> {
            update::<$item, $req>(&state, &user, &path, body.into_inner()).await
        }

        /// Delete entries by id; unknown ids are ignored.
        #[utoipa::path(
            delete, path = $path, tag = "profiles", security(("bearer" = [])),
            params(("profile_id" = String, Path, format = Uuid)),
            request_body = $ids,
            responses(
                (status = $del_status, description = "Deleted", body = $del_body),
                (status = 403, description = "Another user's profile", body = ErrorBody),
                (status = 404, description = "`Profile not found`", body = ErrorBody),
                (status = 409, description = "Changed concurrently too often; retry", body = ErrorBody),
                (status = 422, description = "Schema errors", body = ValidationErrorBody),
            )
        )]
        pub(crate) async fn $delete(
            state: web::Data<AppState>,
            user: AuthUser,
            path: web::Path<String>,
            body: JsonBody<$ids>,
        ) -> Result<HttpResponse, ApiError> {
            delete::<$item, $ids>(&state, &user, &path, body.into_inner()).await
        }
    };
}

section_routes!(
    Experience, ExperienceRequest, ExperienceBatch, ExperienceIds, ExperienceList, ExperienceResponse,
    "/api/v1/profiles/{profile_id}/experiences",
    add: add_experiences, list: list_experiences, update: update_experiences, delete: delete_experiences,
    delete_status: 204, delete_body: ()
);
section_routes!(
    Education, EducationRequest, EducationBatch, EducationIds, EducationList, EducationResponse,
    "/api/v1/profiles/{profile_id}/education",
    add: add_education, list: list_education, update: update_education, delete: delete_education,
    delete_status: 200, delete_body: MessageBody
);
section_routes!(
    Project, ProjectRequest, ProjectBatch, ProjectIds, ProjectList, ProjectResponse,
    "/api/v1/profiles/{profile_id}/projects",
    add: add_projects, list: list_projects, update: update_projects, delete: delete_projects,
    delete_status: 200, delete_body: MessageBody
);
