//! The authenticated export routes.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;
use tailor_domain::export::{ExportFormat, ExportId, Template};
use tailor_domain::job::{JobId, Page};
use tailor_domain::ports::ExportFilter;
use tailor_domain::services::{BatchRequest, ExportError, ExportRequest};
use uuid::Uuid;

use super::dto::{
    BatchExportRequest, ExportCreateRequest, ExportFormatValue, ExportListResponse, ExportResponse,
    JobExportsResponse, PreviewRequest, TemplateIdValue, TemplateInfo, TemplateList, template_info,
};
use crate::error::{ApiError, ErrorBody, ValidationErrorBody};
use crate::extract::AuthUser;
use crate::state::AppState;
use crate::validation::{FieldError, JsonBody, LocItem, pagination, parse_uuid, query_pairs};

/// The origin download links start with: the configured public base URL, else the
/// request's own scheme and host.
pub(crate) fn public_base(state: &AppState, req: &HttpRequest) -> String {
    if let Some(base) = &state.settings.public_base_url {
        return base.trim_end_matches('/').to_owned();
    }
    let info = req.connection_info();
    format!("{}://{}", info.scheme(), info.host())
}

async fn create(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    body: ExportCreateRequest,
    route: ExportFormat,
    route_name: &str,
) -> Result<HttpResponse, ApiError> {
    let (generation_id, template, format, options) = body
        .parts()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("validated body did not parse")))?;
    if format != route {
        return Err(ApiError::BadRequest(format!(
            "Use /api/v1/exports/{route_name} for {} exports",
            route_label(route)
        )));
    }
    let view = state
        .exports
        .create(
            user.0.user.id(),
            ExportRequest {
                generation_id,
                template,
                format,
                options,
            },
        )
        .await?;
    let base = public_base(&state, &req);
    Ok(HttpResponse::Created().json(ExportResponse::new(view, &base)))
}

fn route_label(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Pdf => "PDF",
        ExportFormat::Docx => "DOCX",
        ExportFormat::Markdown => "Markdown",
        ExportFormat::Text => "text",
        ExportFormat::Zip => "ZIP",
    }
}

/// Render a generation to PDF with a template and keep it.
#[utoipa::path(
    post, path = "/api/v1/exports/pdf", tag = "exports", security(("bearer" = [])),
    request_body = ExportCreateRequest,
    responses(
        (status = 201, description = "The export, with a signed download link", body = ExportResponse),
        (status = 400, description = "`Use /api/v1/exports/pdf for PDF exports` (another `format`)", body = ErrorBody),
        (status = 404, description = "`Generation <id> not found` (also another user's), or `Generation <id> has no structured content`", body = ErrorBody),
        (status = 500, description = "`Export failed: <reason>`: the document could not be rendered; nothing was kept", body = ErrorBody),
        (status = 503, description = "Every renderer stayed busy; retry after `Retry-After`", body = ErrorBody),
    )
)]
pub async fn export_pdf(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    body: JsonBody<ExportCreateRequest>,
) -> Result<HttpResponse, ApiError> {
    create(
        state,
        user,
        req,
        body.into_inner(),
        ExportFormat::Pdf,
        "pdf",
    )
    .await
}

/// Render a generation to DOCX (real heading and list styles) and keep it.
#[utoipa::path(
    post, path = "/api/v1/exports/docx", tag = "exports", security(("bearer" = [])),
    request_body = ExportCreateRequest,
    responses(
        (status = 201, description = "The export (`page_count` null)", body = ExportResponse),
        (status = 400, description = "`Use /api/v1/exports/docx for DOCX exports`", body = ErrorBody),
        (status = 404, description = "`Generation <id> not found` or `... has no structured content`", body = ErrorBody),
        (status = 500, description = "`Export failed: <reason>`", body = ErrorBody),
        (status = 503, description = "Every renderer stayed busy", body = ErrorBody),
    )
)]
pub async fn export_docx(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    body: JsonBody<ExportCreateRequest>,
) -> Result<HttpResponse, ApiError> {
    create(
        state,
        user,
        req,
        body.into_inner(),
        ExportFormat::Docx,
        "docx",
    )
    .await
}

/// Render a generation to Markdown (`format: "md"`) and keep it.
#[utoipa::path(
    post, path = "/api/v1/exports/markdown", tag = "exports", security(("bearer" = [])),
    request_body = ExportCreateRequest,
    responses(
        (status = 201, description = "The export", body = ExportResponse),
        (status = 400, description = "`Use /api/v1/exports/markdown for Markdown exports`", body = ErrorBody),
        (status = 404, description = "`Generation <id> not found` or `... has no structured content`", body = ErrorBody),
        (status = 500, description = "`Export failed: <reason>`", body = ErrorBody),
        (status = 503, description = "Every renderer stayed busy", body = ErrorBody),
    )
)]
pub async fn export_markdown(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    body: JsonBody<ExportCreateRequest>,
) -> Result<HttpResponse, ApiError> {
    create(
        state,
        user,
        req,
        body.into_inner(),
        ExportFormat::Markdown,
        "markdown",
    )
    .await
}

/// Render a generation to plain text (`format: "txt"`) and keep it.
#[utoipa::path(
    post, path = "/api/v1/exports/text", tag = "exports", security(("bearer" = [])),
    request_body = ExportCreateRequest,
    responses(
        (status = 201, description = "The export", body = ExportResponse),
        (status = 400, description = "`Use /api/v1/exports/text for text exports`", body = ErrorBody),
        (status = 404, description = "`Generation <id> not found` or `... has no structured content`", body = ErrorBody),
        (status = 500, description = "`Export failed: <reason>`", body = ErrorBody),
        (status = 503, description = "Every renderer stayed busy", body = ErrorBody),
    )
)]
pub async fn export_text(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    body: JsonBody<ExportCreateRequest>,
) -> Result<HttpResponse, ApiError> {
    create(
        state,
        user,
        req,
        body.into_inner(),
        ExportFormat::Text,
        "text",
    )
    .await
}

/// Render several generations alike into one ZIP and keep it.
#[utoipa::path(
    post, path = "/api/v1/exports/batch", tag = "exports", security(("bearer" = [])),
    request_body = BatchExportRequest,
    responses(
        (status = 201, description = "The ZIP export (`format: zip`, `file_count`)", body = ExportResponse),
        (status = 400, description = "`Batch export only supports PDF and DOCX formats` (`zip`), or `No valid generations found for export`", body = ErrorBody),
        (status = 500, description = "`Export failed: <reason>`", body = ErrorBody),
        (status = 503, description = "Every renderer stayed busy", body = ErrorBody),
    )
)]
pub async fn export_batch(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    body: JsonBody<BatchExportRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let (Some(template), Some(format)) = (
        Template::parse(&body.template),
        ExportFormat::parse(&body.format),
    ) else {
        return Err(ApiError::internal(anyhow::anyhow!(
            "validated body did not parse"
        )));
    };
    if format == ExportFormat::Zip {
        return Err(ApiError::BadRequest(
            "Batch export only supports PDF and DOCX formats".into(),
        ));
    }
    let view = state
        .exports
        .batch(
            user.0.user.id(),
            BatchRequest {
                generation_ids: body.ids(),
                template,
                format,
                options: body.options(),
            },
        )
        .await?;
    let base = public_base(&state, &req);
    Ok(HttpResponse::Created().json(ExportResponse::new(view, &base)))
}

/// The first page of a generation in a template, as PNG (for the template picker; nothing
/// is kept).
#[utoipa::path(
    post, path = "/api/v1/exports/preview", tag = "exports", security(("bearer" = [])),
    request_body = PreviewRequest,
    responses(
        (status = 200, description = "The first page", content_type = "image/png", body = Vec<u8>),
        (status = 404, description = "`Generation <id> not found` or `... has no structured content`", body = ErrorBody),
        (status = 500, description = "`Export failed: <reason>`", body = ErrorBody),
        (status = 503, description = "Every renderer stayed busy", body = ErrorBody),
    )
)]
pub async fn preview(
    state: web::Data<AppState>,
    user: AuthUser,
    body: JsonBody<PreviewRequest>,
) -> Result<HttpResponse, ApiError> {
    let (generation_id, template, options) = body
        .into_inner()
        .parts()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("validated body did not parse")))?;
    let png = state
        .exports
        .preview(user.0.user.id(), generation_id, template, options)
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "image/png"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(png))
}

/// The four templates (SPEC §7).
#[utoipa::path(
    get, path = "/api/v1/exports/templates", tag = "exports", security(("bearer" = [])),
    responses((status = 200, description = "The catalogue", body = TemplateList))
)]
pub async fn list_templates(_user: AuthUser) -> HttpResponse {
    HttpResponse::Ok().json(TemplateList {
        templates: Template::ALL
            .iter()
            .map(|t| template_info(*t, false))
            .collect(),
    })
}

/// One template.
#[utoipa::path(
    get, path = "/api/v1/exports/templates/{template_id}", tag = "exports", security(("bearer" = [])),
    params(("template_id" = TemplateIdValue, Path)),
    responses(
        (status = 200, description = "The template", body = TemplateInfo),
        (status = 422, description = "Not a template id (`enum`)", body = ValidationErrorBody),
    )
)]
pub async fn get_template(
    _user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let raw = path.into_inner();
    let template = Template::parse(&raw).ok_or_else(|| {
        let expected = "'modern', 'classic', 'creative' or 'ats-optimized'";
        ApiError::Validation(vec![
            FieldError::new(
                "enum",
                vec![LocItem::from("path"), LocItem::from("template_id")],
                format!("Input should be {expected}"),
                json!(raw),
            )
            .with_ctx(json!({ "expected": expected })),
        ])
    })?;
    Ok(HttpResponse::Ok().json(template_info(template, true)))
}

/// `format` of a list query: a 422 `enum` when it is not a format.
fn format_filter(pairs: &[(String, String)]) -> Result<Option<ExportFormat>, ApiError> {
    let Some((_, raw)) = pairs.iter().find(|(k, _)| k == "format") else {
        return Ok(None);
    };
    ExportFormat::parse(raw).map(Some).ok_or_else(|| {
        let expected = "'pdf', 'docx', 'zip', 'md' or 'txt'";
        ApiError::Validation(vec![
            FieldError::new(
                "enum",
                vec![LocItem::from("query"), LocItem::from("format")],
                format!("Input should be {expected}"),
                json!(raw),
            )
            .with_ctx(json!({ "expected": expected })),
        ])
    })
}

/// The caller's exports, newest first; expired ones are not listed.
#[utoipa::path(
    get, path = "/api/v1/exports/files", tag = "exports", security(("bearer" = [])),
    params(
        ("format" = Option<ExportFormatValue>, Query),
        ("job_id" = Option<String>, Query, format = Uuid),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "1 to 100, default 50"),
        ("offset" = Option<i64>, Query, minimum = 0, maximum = 9223372036854775807usize, description = "default 0"),
    ),
    responses(
        (status = 200, description = "A page of exports, each with a fresh download link", body = ExportListResponse),
        (status = 422, description = "Bad `format`, `job_id` or pagination", body = ValidationErrorBody),
    )
)]
pub async fn list_exports(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let pairs = query_pairs(req.query_string());
    let format = format_filter(&pairs)?;
    let mut errors = Vec::new();
    let job_id = pairs
        .iter()
        .find(|(k, _)| k == "job_id")
        .and_then(|(_, raw)| {
            parse_uuid(
                &mut errors,
                vec![LocItem::from("query"), LocItem::from("job_id")],
                raw,
            )
        })
        .map(JobId::from_uuid);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let (limit, offset) = pagination(req.query_string(), 50, 100)?;
    let page = state
        .exports
        .list(
            user.0.user.id(),
            ExportFilter { format, job_id },
            Page {
                limit: limit as u64,
                offset: offset as u64,
            },
        )
        .await?;
    let base = public_base(&state, &req);
    Ok(HttpResponse::Ok().json(ExportListResponse {
        exports: page
            .exports
            .into_iter()
            .map(|v| ExportResponse::new(v, &base))
            .collect(),
        total: page.total,
        limit: limit as u64,
        offset: offset as u64,
    }))
}

fn export_id(raw: &str) -> Option<ExportId> {
    Uuid::parse_str(raw).ok().map(ExportId::from_uuid)
}

/// One export with a fresh download link.
#[utoipa::path(
    get, path = "/api/v1/exports/files/{export_id}/download", tag = "exports", security(("bearer" = [])),
    params(("export_id" = String, Path, format = Uuid)),
    responses(
        (status = 200, description = "The export", body = ExportResponse),
        (status = 404, description = "`Export not found or expired` (also another user's)", body = ErrorBody),
    )
)]
pub async fn get_export(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = export_id(&path).ok_or_else(|| ApiError::from(ExportError::NotFound))?;
    let view = state.exports.get(user.0.user.id(), id).await?;
    let base = public_base(&state, &req);
    Ok(HttpResponse::Ok().json(ExportResponse::new(view, &base)))
}

/// A job's exports grouped by the UTC date they were made.
#[utoipa::path(
    get, path = "/api/v1/exports/files/job/{job_id}", tag = "exports", security(("bearer" = [])),
    params(
        ("job_id" = String, Path, format = Uuid),
        ("format" = Option<ExportFormatValue>, Query),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "1 to 100, default 100"),
        ("offset" = Option<i64>, Query, minimum = 0, maximum = 9223372036854775807usize, description = "default 0"),
    ),
    responses(
        (status = 200, description = "The job's exports", body = JobExportsResponse),
        (status = 404, description = "`Job <job_id> not found` (also another user's)", body = ErrorBody),
        (status = 422, description = "Bad `format` or pagination", body = ValidationErrorBody),
    )
)]
pub async fn job_exports(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let raw = path.into_inner();
    let pairs = query_pairs(req.query_string());
    let format = format_filter(&pairs)?;
    let (limit, offset) = pagination(req.query_string(), 100, 100)?;
    let Some(job_id) = Uuid::parse_str(&raw).ok().map(JobId::from_uuid) else {
        return Err(ApiError::NotFound(format!("Job {raw} not found")));
    };
    let found = state
        .exports
        .list_for_job(
            user.0.user.id(),
            job_id,
            format,
            Page {
                limit: limit as u64,
                offset: offset as u64,
            },
        )
        .await?;
    let base = public_base(&state, &req);
    Ok(HttpResponse::Ok().json(JobExportsResponse::new(found, &base)))
}

/// Delete an export: its row, then its file.
#[utoipa::path(
    delete, path = "/api/v1/exports/files/{export_id}", tag = "exports", security(("bearer" = [])),
    params(("export_id" = String, Path, format = Uuid)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "`Export not found` (also another user's)", body = ErrorBody),
    )
)]
pub async fn delete_export(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let not_found = || ApiError::NotFound("Export not found".into());
    let id = export_id(&path).ok_or_else(not_found)?;
    match state.exports.delete(user.0.user.id(), id).await {
        Ok(()) => Ok(HttpResponse::NoContent().finish()),
        Err(ExportError::NotFound) => Err(not_found()),
        Err(e) => Err(e.into()),
    }
}
