//! `/api/v1/rankings` and `/api/v1/generations`: rank the caller's profile for a saved
//! job, write a tailored resume or cover letter with its ATS report, list and delete them
//! (SPEC §3.5). Another user's job, ranking or generation is 404.

pub mod dto;
pub(crate) mod tasks;

pub use tasks::{IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED};

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;
use tailor_domain::generation::{DocumentType, GenerationFilter, GenerationId, TaskRequest};
use tailor_domain::job::{JobId, Page};
use tailor_domain::ports::{LetterOptions, ResumeOptions};
use tailor_domain::profile::ProfileId;
use tailor_domain::services::{LetterRequest, ResumeRequest};

use crate::error::{ApiError, ErrorBody, UnprocessableBody, ValidationErrorBody};
use crate::extract::AuthUser;
use crate::openapi::fields::DocumentTypeValue;
use crate::state::AppState;
use crate::validation::{FieldError, JsonBody, LocItem, pagination, parse_uuid, query_pairs};
use dto::{
    CoverLetterRequest, EnhanceRequest, EnhanceResponse, GenerationHistoryResponse,
    GenerationResponse, RankingCreateRequest, RankingResponse, ResumeGenerationRequest,
};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/profile/enhance").route(web::post().to(enhance_profile)))
        .service(
            web::scope("/rankings")
                .service(web::resource("/create").route(web::post().to(create_ranking)))
                .service(web::resource("/job/{job_id}").route(web::get().to(get_ranking))),
        )
        .service(
            web::scope("/generations")
                .service(web::resource("").route(web::post().to(tasks::submit)))
                .service(web::resource("/resume").route(web::post().to(generate_resume)))
                .service(
                    web::resource("/cover-letter").route(web::post().to(generate_cover_letter)),
                )
                .service(web::resource("/history").route(web::get().to(generation_history)))
                .service(
                    web::resource("/{generation_id}")
                        .route(web::get().to(tasks::status))
                        .route(web::delete().to(delete_generation)),
                )
                .service(
                    web::resource("/{generation_id}/events").route(web::get().to(tasks::events)),
                )
                .service(
                    web::resource("/{generation_id}/cancel").route(web::post().to(tasks::cancel)),
                ),
        );
}

/// A UUID from a validated body field (checked by the DTO already).
fn body_job_id(raw: &str) -> Result<JobId, ApiError> {
    uuid_or_422(vec!["body".into(), "job_id".into()], raw).map(JobId::from_uuid)
}

fn uuid_or_422(loc: Vec<LocItem>, raw: &str) -> Result<uuid::Uuid, ApiError> {
    let mut errors = Vec::new();
    parse_uuid(&mut errors, loc, raw).ok_or(ApiError::Validation(errors))
}

/// A UUID from the path, or 422 `uuid_parsing` at `["path", name]`.
fn path_uuid(name: &str, raw: &str) -> Result<uuid::Uuid, ApiError> {
    uuid_or_422(vec!["path".into(), name.into()], raw)
}

/// Enhance the caller's profile.
///
/// Writes a stronger version of the summary and of every experience and project
/// description beside the original (`enhanced_professional_summary`,
/// `enhanced_description`); originals are never overwritten. Offline, a deterministic
/// rewrite (weak openings to action verbs, tense, no filler) that adds no fact.
#[utoipa::path(
    post, path = "/api/v1/profile/enhance", tag = "generation", security(("bearer" = [])),
    request_body = EnhanceRequest,
    responses(
        (status = 200, description = "What was enhanced", body = EnhanceResponse),
        (status = 404, description = "`Profile not found` (also another user's)", body = ErrorBody),
        (status = 409, description = "The profile kept changing; retry", body = ErrorBody),
        (status = 429, description = "The daily token budget is spent (`Retry-After`: until midnight UTC)", body = ErrorBody),
        (status = 422, description = "Schema errors (a non-UUID `profile_id`), or a profile with no text to enhance (string)", body = UnprocessableBody),
    )
)]
pub(crate) async fn enhance_profile(
    state: web::Data<AppState>,
    user: AuthUser,
    body: JsonBody<EnhanceRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_or_422(
        vec!["body".into(), "profile_id".into()],
        &body.into_inner().profile_id,
    )?;
    let done = state
        .generations
        .enhance(user.0.user.id(), ProfileId::from_uuid(id))
        .await?;
    Ok(HttpResponse::Ok().json(EnhanceResponse::from(&done)))
}

/// Rank the caller's profile for one of their jobs.
///
/// Replaces any earlier ranking of the job. Deterministic: every experience and project is
/// ranked, with its relevance score and the requirements it matches.
#[utoipa::path(
    post, path = "/api/v1/rankings/create", tag = "generation", security(("bearer" = [])),
    request_body = RankingCreateRequest,
    responses(
        (status = 200, description = "The ranking", body = RankingResponse),
        (status = 404, description = "`Job not found` (also another user's) or `No profile found`", body = ErrorBody),
        (status = 429, description = "The daily token budget is spent (`Retry-After`: until midnight UTC)", body = ErrorBody),
        (status = 422, description = "Schema errors (a non-UUID `job_id` is `uuid_parsing`)", body = ValidationErrorBody),
    )
)]
pub(crate) async fn create_ranking(
    state: web::Data<AppState>,
    user: AuthUser,
    body: JsonBody<RankingCreateRequest>,
) -> Result<HttpResponse, ApiError> {
    let job_id = body_job_id(&body.into_inner().job_id)?;
    let ranking = state
        .generations
        .create_ranking(user.0.user.id(), job_id)
        .await?;
    Ok(HttpResponse::Ok().json(RankingResponse::from(&ranking)))
}

/// The caller's ranking for one of their jobs.
#[utoipa::path(
    get, path = "/api/v1/rankings/job/{job_id}", tag = "generation", security(("bearer" = [])),
    params(("job_id" = String, Path, format = Uuid)),
    responses(
        (status = 200, description = "The ranking", body = RankingResponse),
        (status = 404, description = "`No ranking found for this job` (also for another user's job)", body = ErrorBody),
        (status = 422, description = "A non-UUID `job_id`", body = ValidationErrorBody),
    )
)]
pub(crate) async fn get_ranking(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let job_id = JobId::from_uuid(path_uuid("job_id", &path)?);
    let ranking = state.generations.ranking(user.0.user.id(), job_id).await?;
    Ok(HttpResponse::Ok().json(RankingResponse::from(&ranking)))
}

/// Write a resume tailored to one of the caller's jobs.
///
/// Uses the job's ranking (made again when the profile or the job changed since), keeps
/// the result in the history and scores it for ATS keyword fit. `content_structured` is
/// `null` here and filled in the history.
#[utoipa::path(
    post, path = "/api/v1/generations/resume", tag = "generation", security(("bearer" = [])),
    request_body = ResumeGenerationRequest,
    params(("Idempotency-Key" = Option<String>, Header, pattern = r"^[!-~]{1,255}$", max_length = 255, description = "Makes the request safe to repeat: the same key and body answer the same document")),
    responses(
        (status = 503, description = "With an Idempotency-Key: still running after the wait; repeat with the same key", body = ErrorBody),
        (status = 409, description = "With an Idempotency-Key: its generation was cancelled", body = ErrorBody),
        (status = 429, description = "Too many of the caller's generations queued or running, or the daily token budget is spent", body = ErrorBody),
        (status = 200, description = "The resume", body = GenerationResponse),
        (status = 404, description = "`Job not found` (also another user's, or deleted meanwhile) or `No profile found`", body = ErrorBody),
        (status = 422, description = "Schema errors: a non-UUID `job_id`, options out of range", body = UnprocessableBody),
    )
)]
pub(crate) async fn generate_resume(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    body: JsonBody<ResumeGenerationRequest>,
) -> Result<HttpResponse, ApiError> {
    let key = tasks::idempotency_key(&req)?;
    let body = body.into_inner();
    let request = ResumeRequest {
        job_id: body_job_id(&body.job_id)?,
        // In range: checked by the DTO.
        options: ResumeOptions {
            max_experiences: u32::try_from(body.max_experiences).unwrap_or(1),
            max_projects: u32::try_from(body.max_projects).unwrap_or(0),
            include_summary: body.include_summary,
        },
    };
    let user = user.0.user.id();
    let generation = match key {
        Some(key) => {
            let task = TaskRequest::resume(request.options);
            tasks::through_queue(&state, user, request.job_id, task, key).await?
        }
        None => state.generations.resume(user, request).await?,
    };
    Ok(HttpResponse::Ok().json(GenerationResponse::new(&generation, false)))
}

/// Write a cover letter for one of the caller's jobs.
///
/// From the ranking's best evidence, in the style of the caller's active cover-letter
/// sample when there is one; kept in the history and scored for ATS keyword fit.
#[utoipa::path(
    post, path = "/api/v1/generations/cover-letter", tag = "generation", security(("bearer" = [])),
    request_body = CoverLetterRequest,
    params(("Idempotency-Key" = Option<String>, Header, pattern = r"^[!-~]{1,255}$", max_length = 255, description = "Makes the request safe to repeat: the same key and body answer the same document")),
    responses(
        (status = 503, description = "With an Idempotency-Key: still running after the wait; repeat with the same key", body = ErrorBody),
        (status = 409, description = "With an Idempotency-Key: its generation was cancelled", body = ErrorBody),
        (status = 429, description = "Too many of the caller's generations queued or running, or the daily token budget is spent", body = ErrorBody),
        (status = 200, description = "The cover letter", body = GenerationResponse),
        (status = 404, description = "`Job not found` (also another user's, or deleted meanwhile) or `No profile found`", body = ErrorBody),
        (status = 422, description = "Schema errors: a non-UUID `job_id`, options out of range", body = UnprocessableBody),
    )
)]
pub(crate) async fn generate_cover_letter(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    body: JsonBody<CoverLetterRequest>,
) -> Result<HttpResponse, ApiError> {
    let key = tasks::idempotency_key(&req)?;
    let body = body.into_inner();
    let blank_as_none =
        |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let request = LetterRequest {
        job_id: body_job_id(&body.job_id)?,
        options: LetterOptions {
            company_name: blank_as_none(body.company_name),
            hiring_manager_name: blank_as_none(body.hiring_manager_name),
            max_paragraphs: u32::try_from(body.max_paragraphs).unwrap_or(4),
        },
    };
    let user = user.0.user.id();
    let generation = match key {
        Some(key) => {
            let task = TaskRequest::cover_letter(request.options);
            tasks::through_queue(&state, user, request.job_id, task, key).await?
        }
        None => state.generations.cover_letter(user, request).await?,
    };
    Ok(HttpResponse::Ok().json(GenerationResponse::new(&generation, true)))
}

/// The caller's generations, newest first.
///
/// Filters: `document_type` (`resume` or `cover_letter`), `job_id`. `total` counts every
/// generation that matches.
#[utoipa::path(
    get, path = "/api/v1/generations/history", tag = "generation", security(("bearer" = [])),
    params(
        ("document_type" = Option<DocumentTypeValue>, Query, description = "Surrounding spaces are ignored"),
        ("job_id" = Option<String>, Query, format = Uuid),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "1 to 100, default 20"),
        ("offset" = Option<i64>, Query, minimum = 0, maximum = 9223372036854775807usize, description = "default 0"),
    ),
    responses(
        (status = 200, description = "A page of generations", body = GenerationHistoryResponse),
        (status = 422, description = "A bad filter or page bound", body = ValidationErrorBody),
    )
)]
pub(crate) async fn generation_history(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let pairs = query_pairs(req.query_string());
    let mut errors: Vec<FieldError> = Vec::new();
    let mut filter = GenerationFilter::default();
    let loc = |name: &str| vec![LocItem::from("query"), LocItem::from(name)];
    if let Some((_, raw)) = pairs.iter().find(|(k, _)| k == "document_type") {
        match DocumentType::parse(raw.trim()) {
            Some(t) => filter.document_type = Some(t),
            None => errors.push(
                FieldError::new(
                    "enum",
                    loc("document_type"),
                    "Input should be 'resume' or 'cover_letter'",
                    json!(raw),
                )
                .with_ctx(json!({ "expected": "'resume' or 'cover_letter'" })),
            ),
        }
    }
    if let Some((_, raw)) = pairs.iter().find(|(k, _)| k == "job_id") {
        filter.job_id = parse_uuid(&mut errors, loc("job_id"), raw).map(JobId::from_uuid);
    }
    let page = match pagination(req.query_string(), 20, 100) {
        Ok((limit, offset)) => Some(Page {
            limit: limit as u64,
            offset: offset as u64,
        }),
        Err(ApiError::Validation(more)) => {
            errors.extend(more);
            None
        }
        Err(e) => return Err(e),
    };
    let Some(page) = page.filter(|_| errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let (generations, total) = state
        .generations
        .history(user.0.user.id(), filter, page)
        .await?;
    Ok(HttpResponse::Ok().json(GenerationHistoryResponse {
        generations: generations
            .iter()
            .map(|g| GenerationResponse::new(g, true))
            .collect(),
        total,
        limit: page.limit,
        offset: page.offset,
    }))
}

/// Delete one of the caller's generations.
#[utoipa::path(
    delete, path = "/api/v1/generations/{generation_id}", tag = "generation", security(("bearer" = [])),
    params(("generation_id" = String, Path, format = Uuid)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "`Generation not found` (also another user's)", body = ErrorBody),
        (status = 422, description = "A non-UUID id", body = ValidationErrorBody),
    )
)]
pub(crate) async fn delete_generation(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = GenerationId::from_uuid(path_uuid("generation_id", &path)?);
    state.generations.delete(user.0.user.id(), id).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[cfg(test)]
mod tests;
