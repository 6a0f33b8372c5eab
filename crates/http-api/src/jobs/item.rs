//! One saved job: read, update, delete, and its application-status timeline.

use actix_web::{HttpRequest, HttpResponse, web};
use tailor_domain::job::{JobId, Page};
use tailor_domain::services::JobError;
use uuid::Uuid;

use super::dto::{
    JobPagination, JobResponse, JobUpdate, StatusChangeResponse, StatusHistoryResponse,
    UpdateJobRequest,
};
use crate::error::{ApiError, ErrorBody, UnprocessableBody, ValidationErrorBody};
use crate::extract::AuthUser;
use crate::state::AppState;
use crate::validation::{JsonBody, pagination};

/// One of the caller's jobs; another user's job is 404 as if it did not exist.
#[utoipa::path(
    get, path = "/api/v1/jobs/{job_id}", tag = "jobs", security(("bearer" = [])),
    params(("job_id" = String, Path, format = Uuid)),
    responses(
        (status = 200, description = "The job", body = JobResponse),
        (status = 404, description = "`Job with ID '<id>' not found`", body = ErrorBody),
    )
)]
pub async fn get_job(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = job_id(&path)?;
    let job = state.jobs.get(user.0.user.id(), id).await?;
    Ok(HttpResponse::Ok().json(JobResponse::from(&job)))
}

/// Change some of a job's fields. A change of `application_status` is added to the job's
/// timeline; reaching `applied` (or later) sets `applied_date` unless one is known.
#[utoipa::path(
    put, path = "/api/v1/jobs/{job_id}", tag = "jobs", security(("bearer" = [])),
    params(("job_id" = String, Path, format = Uuid)),
    request_body = JobUpdate,
    responses(
        (status = 200, description = "The updated job", body = JobResponse),
        (status = 404, description = "`Job with ID '<id>' not found` (also another user's job, which stays unchanged)", body = ErrorBody),
        (status = 422, description = "Bad fields (list) or `At least one field must be provided for update` (string)", body = UnprocessableBody),
    )
)]
pub async fn update_job(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: JsonBody<UpdateJobRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = job_id(&path)?;
    let job = state
        .jobs
        .update(user.0.user.id(), id, body.into_inner().into_patch())
        .await?;
    Ok(HttpResponse::Ok().json(JobResponse::from(&job)))
}

/// Delete a job and everything that hangs on it.
#[utoipa::path(
    delete, path = "/api/v1/jobs/{job_id}", tag = "jobs", security(("bearer" = [])),
    params(("job_id" = String, Path, format = Uuid)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "`Job with ID '<id>' not found` (also another user's job, which stays)", body = ErrorBody),
    )
)]
pub async fn delete_job(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = job_id(&path)?;
    state.jobs.delete(user.0.user.id(), id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The job's application-status timeline, oldest first: the status it was saved with,
/// then every change with its time.
#[utoipa::path(
    get, path = "/api/v1/jobs/{job_id}/status-history", tag = "jobs", security(("bearer" = [])),
    params(
        ("job_id" = String, Path, format = Uuid),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "1 to 100, default 50"),
        ("offset" = Option<i64>, Query, minimum = 0, maximum = 9223372036854775807usize, description = "default 0"),
    ),
    responses(
        (status = 200, description = "The timeline", body = StatusHistoryResponse),
        (status = 404, description = "`Job with ID '<id>' not found`", body = ErrorBody),
        (status = 422, description = "Bad pagination", body = ValidationErrorBody),
    )
)]
pub async fn job_status_history(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let id = job_id(&path)?;
    let (limit, offset) = pagination(req.query_string(), 50, 100)?;
    let page = Page {
        limit: limit as u64,
        offset: offset as u64,
    };
    let (history, total) = state
        .jobs
        .status_history(user.0.user.id(), id, page)
        .await?;
    Ok(HttpResponse::Ok().json(StatusHistoryResponse {
        job_id: id.to_string(),
        pagination: JobPagination::new(page.limit, page.offset, history.len(), total),
        history: history.iter().map(StatusChangeResponse::from).collect(),
        total,
    }))
}

/// The longest id echoed back in a 404.
const MAX_ECHOED_ID: usize = 100;

/// A job id from the path; anything but a UUID is a job that does not exist.
fn job_id(raw: &str) -> Result<JobId, ApiError> {
    Uuid::parse_str(raw).map(JobId::from_uuid).map_err(|_| {
        let shown: String = raw.chars().take(MAX_ECHOED_ID).collect();
        JobError::NotFound(shown).into()
    })
}

#[cfg(test)]
mod tests {
    use actix_web::http::StatusCode;
    use actix_web::test::TestRequest;
    use serde_json::json;
    use tailor_domain::ports::{DependencyError, DependencyFault};
    use tailor_domain::user::UserId;

    use super::*;
    use crate::testing::{TestState, call, signed};

    #[actix_web::test]
    async fn another_user_s_job_does_not_exist() {
        let id = Uuid::from_u128(42);
        let mut state = TestState::default().signed_in(7);
        state
            .jobs
            .expect_find()
            .withf(move |user, job| *user == UserId::new(7) && *job == JobId::from_uuid(id))
            .times(1)
            .returning(|_, _| Ok(None));
        let (status, body) = call(
            state.build(),
            signed(TestRequest::get().uri(&format!("/api/v1/jobs/{id}"))),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            body,
            json!({"detail": format!("Job with ID '{id}' not found")})
        );
    }

    #[actix_web::test]
    async fn an_unreachable_database_is_a_503_that_says_so() {
        let mut state = TestState::default().signed_in(7);
        state.jobs.expect_find().times(1).returning(|_, _| {
            Err(anyhow::Error::new(DependencyError::new(
                DependencyFault::Unavailable,
                "connection refused",
            ))
            .context("find job"))
        });
        let (status, body) = call(
            state.build(),
            signed(TestRequest::get().uri(&format!("/api/v1/jobs/{}", Uuid::from_u128(1)))),
        )
        .await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            body["detail"],
            "Service temporarily unavailable: the database cannot be reached. Try again shortly."
        );
    }

    #[actix_web::test]
    async fn a_blank_title_is_refused_before_any_port_is_used() {
        // Only the session is looked up: the job repository expects nothing.
        let state = TestState::default().signed_in(7);
        let (status, body) = call(
            state.build(),
            signed(
                TestRequest::put()
                    .uri(&format!("/api/v1/jobs/{}", Uuid::from_u128(1)))
                    .set_json(json!({"title": "   "})),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["detail"][0]["type"], "string_too_short");
        assert_eq!(body["detail"][0]["loc"], json!(["body", "title"]));
    }
}
