//! `GET /jobs` (the caller's jobs, filtered, sorted, paginated) and `GET /jobs/browse`
//! (the public catalogue).

use std::collections::HashMap;

use actix_web::http::header::{self, AcceptEncoding, ContentEncoding, ContentType, Encoding};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use serde_json::json;
use tailor_domain::job::{
    ApplicationStatus, CatalogueFilter, EmploymentType, JobFilter, JobSort, JobSortField,
    JobSource, JobStatus, Page,
};
use uuid::Uuid;

use super::dto::{JobListResponse, JobPagination, JobResponse, enum_error};
use super::rendered::RenderedPage;
use crate::error::{ApiError, ValidationErrorBody};
use crate::extract::AuthUser;
use crate::openapi::fields::{
    ApplicationStatusValue, EmploymentTypeValue, JobSortFieldValue, JobStatusValue,
    SavedJobSourceValue, SortOrderValue,
};
use crate::state::AppState;
use crate::time::naive_iso;
use crate::validation::{FieldError, LocItem, pagination, query_pairs};

/// The longest `q`, `query` or `location` accepted.
const MAX_QUERY_LEN: usize = 200;

/// The query string as a map (the last value of a repeated key wins).
fn query_map(query: &str) -> HashMap<String, String> {
    query_pairs(query).into_iter().collect()
}

fn query_loc(name: &str) -> Vec<LocItem> {
    vec!["query".into(), name.into()]
}

/// Reads one enum parameter.
fn enum_param<T>(
    pairs: &HashMap<String, String>,
    name: &str,
    parse: impl Fn(&str) -> Option<T>,
    expected: impl Fn() -> String,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let raw = pairs.get(name)?;
    let parsed = parse(raw);
    if parsed.is_none() {
        errors.push(enum_error(query_loc(name), raw, &expected()));
    }
    parsed
}

/// The sources a saved job can have: catalogue jobs (`mock`) are never saved.
fn saved_source(raw: &str) -> Option<JobSource> {
    JobSource::parse(raw).filter(|s| *s != JobSource::Mock)
}

fn expected_saved_sources() -> String {
    let all: Vec<String> = JobSource::ALL
        .iter()
        .filter(|s| **s != JobSource::Mock)
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    match all.split_last() {
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A boolean the way pydantic reads one from a query string.
fn bool_param(
    pairs: &HashMap<String, String>,
    name: &str,
    errors: &mut Vec<FieldError>,
) -> Option<bool> {
    let raw = pairs.get(name)?;
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" | "t" | "y" => Some(true),
        "false" | "0" | "no" | "off" | "f" | "n" => Some(false),
        _ => {
            errors.push(FieldError::new(
                "bool_parsing",
                query_loc(name),
                "Input should be a valid boolean, unable to interpret input",
                json!(raw),
            ));
            None
        }
    }
}

/// A free-text parameter, trimmed; empty means absent.
fn text_param(
    pairs: &HashMap<String, String>,
    name: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let raw = pairs.get(name)?.trim();
    if raw.contains('\0') {
        // PostgreSQL cannot compare text with NUL in it; refuse it the same way everywhere.
        errors.push(FieldError::new(
            "string_nul",
            query_loc(name),
            "String should not contain the NUL character",
            serde_json::Value::Null,
        ));
        return None;
    }
    if raw.chars().count() > MAX_QUERY_LEN {
        errors.push(
            FieldError::new(
                "string_too_long",
                query_loc(name),
                format!("String should have at most {MAX_QUERY_LEN} characters"),
                json!(raw.chars().take(MAX_QUERY_LEN).collect::<String>()),
            )
            .with_ctx(json!({ "max_length": MAX_QUERY_LEN })),
        );
        return None;
    }
    (!raw.is_empty()).then(|| raw.to_owned())
}

/// Limit and offset; their errors join `errors`.
fn page_param(query: &str, errors: &mut Vec<FieldError>) -> Page {
    match pagination(query, 20, 100) {
        Ok((limit, offset)) => Page {
            limit: limit as u64,
            offset: offset as u64,
        },
        Err(ApiError::Validation(e)) => {
            errors.extend(e);
            Page {
                limit: 20,
                offset: 0,
            }
        }
        Err(_) => Page {
            limit: 20,
            offset: 0,
        },
    }
}

/// The list's filters, order and page from the query string.
fn list_query(query: &str) -> Result<(JobFilter, JobSort, Page), ApiError> {
    let pairs = query_map(query);
    let mut errors = Vec::new();
    let page = page_param(query, &mut errors);
    let filter = JobFilter {
        status: enum_param(
            &pairs,
            "status",
            JobStatus::parse,
            JobStatus::expected,
            &mut errors,
        ),
        source: enum_param(
            &pairs,
            "source",
            saved_source,
            expected_saved_sources,
            &mut errors,
        ),
        application_status: enum_param(
            &pairs,
            "application_status",
            ApplicationStatus::parse,
            ApplicationStatus::expected,
            &mut errors,
        ),
        employment_type: enum_param(
            &pairs,
            "employment_type",
            EmploymentType::parse,
            EmploymentType::expected,
            &mut errors,
        ),
        remote: bool_param(&pairs, "remote", &mut errors),
        query: text_param(&pairs, "q", &mut errors),
    };
    let field = enum_param(
        &pairs,
        "sort",
        JobSortField::parse,
        JobSortField::expected,
        &mut errors,
    )
    .unwrap_or(JobSortField::CreatedAt);
    let descending = enum_param(
        &pairs,
        "order",
        |raw| match raw {
            "desc" => Some(true),
            "asc" => Some(false),
            _ => None,
        },
        || "'asc' or 'desc'".to_owned(),
        &mut errors,
    )
    .unwrap_or(true);
    if errors.is_empty() {
        Ok((filter, JobSort { field, descending }, page))
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Whether the request takes gzip, as actix-web negotiates `Accept-Encoding` between gzip
/// and no encoding (a coding refused with `q=0` is not taken).
fn accepts_gzip(req: &HttpRequest) -> bool {
    let offered = [Encoding::identity(), Encoding::gzip()];
    req.get_header::<AcceptEncoding>()
        .and_then(|accepted| accepted.negotiate(offered.iter()))
        .is_some_and(|chosen| chosen == Encoding::gzip())
}

/// The response for a rendered page: gzip-compressed for clients that take it when the
/// page is served again (see `rendered`), the JSON as it is otherwise.
async fn respond(rendered: &RenderedPage, served_again: bool, gzip_ok: bool) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response
        .content_type(ContentType::json())
        .insert_header((header::VARY, "accept-encoding"));
    if gzip_ok
        && served_again
        && let Some(compressed) = rendered.gzip().await
    {
        return response
            .insert_header(ContentEncoding::Gzip)
            .body(compressed);
    }
    response.body(rendered.json.clone())
}

/// The caller's saved jobs, newest first by default.
///
/// Filters (all optional, combined): `status`, `source` (not `mock`), `application_status`,
/// `employment_type`, `remote`, `q` (case-insensitive text in title, company or
/// description). Order: `sort` = `created_at` (default) or `updated_at`, `order` = `desc`
/// (default) or `asc`.
#[utoipa::path(
    get, path = "/api/v1/jobs", tag = "jobs", security(("bearer" = [])),
    params(
        ("status" = Option<JobStatusValue>, Query),
        ("source" = Option<SavedJobSourceValue>, Query),
        ("application_status" = Option<ApplicationStatusValue>, Query),
        ("employment_type" = Option<EmploymentTypeValue>, Query),
        ("remote" = Option<bool>, Query, description = "Also `1`/`0`, `yes`/`no`, `on`/`off`, `t`/`f`, `y`/`n`, in any case"),
        ("q" = Option<String>, Query, pattern = r"^\s*(?:\S(?:[\s\S]{0,198}\S)?)?\s*$", description = "Text in the title, company or description (case-insensitive); at most 200 characters without surrounding spaces; blank means none"),
        ("sort" = Option<JobSortFieldValue>, Query, description = "Default `created_at`"),
        ("order" = Option<SortOrderValue>, Query, description = "Default `desc`"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "1 to 100, default 20"),
        ("offset" = Option<i64>, Query, minimum = 0, maximum = 9223372036854775807usize, description = "default 0"),
    ),
    responses(
        (status = 200, description = "A page of jobs", body = JobListResponse),
        (status = 422, description = "A bad filter, order or page", body = ValidationErrorBody),
    )
)]
pub async fn list_jobs(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let (filter, sort, page) = list_query(req.query_string())?;
    let loaded = state
        .jobs
        .list(user.0.user.id(), filter, sort, page)
        .await?;
    let (rendered, served_again) = state
        .rendered_jobs
        .render(&loaded, page.limit, page.offset)
        .map_err(ApiError::internal)?;
    Ok(respond(&rendered, served_again, accepts_gzip(&req)).await)
}

/// A new `mock_` id: 12 lower-case hex digits.
fn mock_id() -> String {
    let hex = Uuid::new_v4().simple().to_string();
    format!("mock_{}", &hex[..12])
}

/// Sample postings to browse, no sign-in needed. Ids are new on every request (save a
/// posting with `POST /jobs`, source `imported`, to keep it).
#[utoipa::path(
    get, path = "/api/v1/jobs/browse", tag = "jobs",
    params(
        ("query" = Option<String>, Query, pattern = r"^\s*(?:\S(?:[\s\S]{0,198}\S)?)?\s*$", description = "Words that must all occur (title, company, description, skills); at most 200 characters without surrounding spaces; blank means none"),
        ("location" = Option<String>, Query, pattern = r"^\s*(?:\S(?:[\s\S]{0,198}\S)?)?\s*$", description = "Part of the location; at most 200 characters without surrounding spaces; blank means none"),
        ("remote" = Option<bool>, Query, description = "`true`: remote or hybrid only; `false` does not filter. Also `1`/`0`, `yes`/`no`, `on`/`off`, `t`/`f`, `y`/`n`, in any case"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "1 to 100, default 20"),
        ("offset" = Option<i64>, Query, minimum = 0, maximum = 9223372036854775807usize, description = "default 0"),
    ),
    responses(
        (status = 200, description = "A page of the catalogue", body = JobListResponse),
        (status = 422, description = "A bad parameter", body = ValidationErrorBody),
    )
)]
pub async fn browse_jobs(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let query = req.query_string();
    let pairs = query_map(query);
    let mut errors = Vec::new();
    let page = page_param(query, &mut errors);
    let filter = CatalogueFilter {
        query: text_param(&pairs, "query", &mut errors),
        location: text_param(&pairs, "location", &mut errors),
        remote_only: bool_param(&pairs, "remote", &mut errors).unwrap_or(false),
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let found = state.catalogue.browse(&filter);
    let total = found.len() as u64;
    let now = naive_iso(chrono::Utc::now());
    let jobs: Vec<JobResponse<'_>> = found
        .into_iter()
        .skip(usize::try_from(page.offset).unwrap_or(usize::MAX))
        .take(usize::try_from(page.limit).unwrap_or(usize::MAX))
        .map(|j| JobResponse::browsed(j, mock_id(), &now))
        .collect();
    let pagination = JobPagination::new(page.limit, page.offset, jobs.len(), total);
    Ok(HttpResponse::Ok().json(JobListResponse {
        jobs,
        total,
        pagination,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(query: &str) -> Vec<FieldError> {
        match list_query(query) {
            Err(ApiError::Validation(e)) => e,
            other => panic!("expected a 422 list for {query:?}, got {other:?}"),
        }
    }

    #[test]
    fn every_filter_order_and_page_is_read() {
        let (filter, sort, page) = list_query(
            "status=archived&source=imported&application_status=applied&employment_type=contract\
             &remote=true&q=%20Rust%20&sort=updated_at&order=asc&limit=5&offset=10",
        )
        .unwrap();
        assert_eq!(filter.status, Some(JobStatus::Archived));
        assert_eq!(filter.source, Some(JobSource::Imported));
        assert_eq!(filter.application_status, Some(ApplicationStatus::Applied));
        assert_eq!(filter.employment_type, Some(EmploymentType::Contract));
        assert_eq!(filter.remote, Some(true));
        assert_eq!(filter.query.as_deref(), Some("Rust"));
        assert_eq!(
            sort,
            JobSort {
                field: JobSortField::UpdatedAt,
                descending: false
            }
        );
        assert_eq!(
            page,
            Page {
                limit: 5,
                offset: 10
            }
        );
        let (filter, sort, page) = list_query("").unwrap();
        assert_eq!(filter, JobFilter::default());
        assert_eq!(sort, JobSort::default());
        assert_eq!(
            page,
            Page {
                limit: 20,
                offset: 0
            }
        );
    }

    #[test]
    fn bad_values_are_all_reported_at_their_query_parameter() {
        let e = errors("status=open&source=mock&remote=maybe&limit=0&sort=title&q=");
        let locs: Vec<String> = e
            .iter()
            .map(|x| serde_json::to_string(&x.loc).unwrap())
            .collect();
        assert_eq!(
            locs,
            [
                r#"["query","limit"]"#,
                r#"["query","status"]"#,
                r#"["query","source"]"#,
                r#"["query","remote"]"#,
                r#"["query","sort"]"#,
            ]
        );
        assert!(!e[2].msg.contains("'mock'"), "{}", e[2].msg);
        assert_eq!(e[3].kind, "bool_parsing");
        let long = format!("q={}", "a".repeat(201));
        assert_eq!(errors(&long)[0].kind, "string_too_long");
    }

    #[test]
    fn gzip_is_accepted_unless_refused_with_q_zero() {
        let req = |value: &str| {
            actix_web::test::TestRequest::default()
                .insert_header((header::ACCEPT_ENCODING, value))
                .to_http_request()
        };
        assert!(accepts_gzip(&req("gzip")));
        assert!(accepts_gzip(&req("deflate, GZIP;q=0.8, br")));
        assert!(!accepts_gzip(&req("gzip;q=0")));
        assert!(!accepts_gzip(&req("br, identity")));
        assert!(!accepts_gzip(
            &actix_web::test::TestRequest::default().to_http_request()
        ));
    }

    #[actix_web::test]
    async fn only_a_page_served_again_is_compressed_and_only_for_clients_that_take_gzip() {
        let page = std::sync::Arc::new(tailor_domain::job::JobPage::new(Vec::new(), 0));
        let (rendered, _) = super::super::rendered::RenderedPages::default()
            .render(&page, 20, 0)
            .unwrap();
        let header_of = |res: &HttpResponse, name| {
            res.headers()
                .get(name)
                .map(|v: &header::HeaderValue| v.to_str().unwrap().to_owned())
        };
        let first = respond(&rendered, false, true).await;
        assert_eq!(
            header_of(&first, header::CONTENT_ENCODING),
            None,
            "first render: plain"
        );
        assert_eq!(
            header_of(&first, header::VARY).as_deref(),
            Some("accept-encoding")
        );
        let plain = respond(&rendered, true, false).await;
        assert_eq!(header_of(&plain, header::CONTENT_ENCODING), None);
        let again = respond(&rendered, true, true).await;
        assert_eq!(
            header_of(&again, header::CONTENT_ENCODING).as_deref(),
            Some("gzip")
        );
        assert_eq!(
            header_of(&again, header::VARY).as_deref(),
            Some("accept-encoding")
        );
        let body = actix_web::body::to_bytes(again.into_body()).await.unwrap();
        let mut decoded = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&body[..]), &mut decoded)
            .unwrap();
        assert_eq!(decoded, rendered.json);
    }

    #[test]
    fn mock_ids_are_mock_and_twelve_hex_digits() {
        let id = mock_id();
        assert!(id.starts_with("mock_") && id.len() == 17, "{id}");
        assert!(
            id[5..]
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(mock_id(), id);
    }
}
