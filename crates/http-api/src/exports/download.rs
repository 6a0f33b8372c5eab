//! `GET /api/v1/exports/download/{filename}?token=&expires=`: the file of a signed link,
//! without an `Authorization` header. Sent in pieces from the document store, with
//! `ETag` (`If-None-Match` answers 304) and single byte ranges (`Range`, `If-Range`).

use std::str::FromStr;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, Range};
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::{StreamExt, stream};
use serde_json::json;
use tailor_domain::export::Export;
use tailor_domain::services::exports::DOWNLOAD_CHUNK;
use tailor_domain::services::{DownloadError, ExportError};

use super::dto::content_disposition;
use crate::error::{ApiError, ErrorBody, ValidationErrorBody};
use crate::state::AppState;
use crate::validation::{FieldError, LocItem, query_pairs};

/// `token` and `expires` of the query: both required, `expires` an integer.
fn link_query(query: &str) -> Result<(String, i64), ApiError> {
    let pairs = query_pairs(query);
    let find = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let loc = |name: &str| vec![LocItem::from("query"), LocItem::from(name)];
    let mut errors = Vec::new();
    let token = find("token");
    if token.is_none() {
        errors.push(FieldError::missing(loc("token"), serde_json::Value::Null));
    }
    let expires = match find("expires") {
        None => {
            errors.push(FieldError::missing(loc("expires"), serde_json::Value::Null));
            None
        }
        Some(raw) => match raw.trim().parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => {
                errors.push(FieldError::new(
                    "int_parsing",
                    loc("expires"),
                    "Input should be a valid integer, unable to parse string as an integer",
                    json!(raw),
                ));
                None
            }
        },
    };
    match (token, expires) {
        (Some(t), Some(e)) if errors.is_empty() => Ok((t, e)),
        _ => Err(ApiError::Validation(errors)),
    }
}

fn etag(export: &Export) -> String {
    format!("\"{}\"", export.sha256)
}

/// Whether an `If-None-Match` names the export's entity tag (or `*`).
fn not_modified(req: &HttpRequest, tag: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == tag || t == "*")
        })
}

/// What part of the file to send.
enum Part {
    Whole,
    /// Inclusive byte range.
    Range(u64, u64),
    Unsatisfiable,
}

fn requested_part(req: &HttpRequest, tag: &str, size: u64) -> Part {
    let Some(raw) = req
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
    else {
        return Part::Whole;
    };
    // A range of an older version of the file is not this file's: send it whole.
    if let Some(if_range) = req.headers().get(header::IF_RANGE)
        && if_range.to_str().ok().map(str::trim) != Some(tag)
    {
        return Part::Whole;
    }
    match Range::from_str(raw) {
        // One range is served; several (rarely asked) get the whole file, as RFC 9110
        // allows.
        Ok(Range::Bytes(specs)) if specs.len() == 1 => match specs[0].to_satisfiable_range(size) {
            Some((start, end)) => Part::Range(start, end),
            None => Part::Unsatisfiable,
        },
        Ok(Range::Bytes(specs)) if specs.is_empty() => Part::Unsatisfiable,
        _ => Part::Whole,
    }
}

/// Download an export by its signed link (no `Authorization` header).
#[utoipa::path(
    get, path = "/api/v1/exports/download/{filename}", tag = "exports",
    params(
        ("filename" = String, Path, max_length = 200, description = "The export's storage key with `/` as `_` (from `download_url`)"),
        ("token" = String, Query, max_length = 128, description = "From `download_url`"),
        ("expires" = i64, Query, description = "From `download_url` (Unix seconds)"),
        ("Range" = Option<String>, Header, max_length = 200, description = "One byte range, e.g. `bytes=0-1023`"),
        ("If-None-Match" = Option<String>, Header, max_length = 200, description = "The `ETag` of a copy held"),
    ),
    responses(
        (status = 200, description = "The file, with `Content-Type`, `Content-Disposition`, `ETag` and `Accept-Ranges: bytes`", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 206, description = "The requested byte range, with `Content-Range`", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 304, description = "Not modified (`If-None-Match`)"),
        (status = 403, description = "`Invalid download token` (altered link)", body = ErrorBody),
        (status = 404, description = "`File not found` (deleted or expired export)", body = ErrorBody),
        (status = 410, description = "`Download link has expired`: read the export again for a fresh link", body = ErrorBody),
        (status = 416, description = "The range lies outside the file", body = ErrorBody),
        (status = 422, description = "`token` or `expires` missing or not valid", body = ValidationErrorBody),
    )
)]
pub async fn download(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (token, expires) = link_query(req.query_string())?;
    let export = match state.exports.open_download(&path, expires, &token).await? {
        Ok(export) => export,
        Err(e @ DownloadError::InvalidToken) => return Err(ApiError::Forbidden(e.to_string())),
        Err(e @ DownloadError::Expired) => return Err(ApiError::Gone(e.to_string())),
        Err(e @ DownloadError::NotFound) => return Err(ApiError::NotFound(e.to_string())),
    };
    let tag = etag(&export);
    let mut response = HttpResponse::build(StatusCode::OK);
    response
        .insert_header((header::ETAG, tag.clone()))
        .insert_header((header::ACCEPT_RANGES, "bytes"))
        .insert_header((header::CACHE_CONTROL, "private, max-age=0, must-revalidate"));
    if not_modified(&req, &tag) {
        return Ok(response.status(StatusCode::NOT_MODIFIED).finish());
    }
    let size = export.size_bytes;
    let (start, end) = match requested_part(&req, &tag, size) {
        Part::Whole => (0, size.saturating_sub(1)),
        Part::Range(start, end) => {
            response
                .status(StatusCode::PARTIAL_CONTENT)
                .insert_header((header::CONTENT_RANGE, format!("bytes {start}-{end}/{size}")));
            (start, end)
        }
        Part::Unsatisfiable => {
            return Ok(response
                .status(StatusCode::RANGE_NOT_SATISFIABLE)
                .insert_header((header::CONTENT_RANGE, format!("bytes */{size}")))
                .json(ErrorBody {
                    detail: "Requested range not satisfiable".into(),
                }));
        }
    };
    let length = if size == 0 { 0 } else { end - start + 1 };
    // The first piece is read before answering, so a file that is gone is a 404, not a
    // broken 200.
    let first_len = usize::try_from(length)
        .unwrap_or(usize::MAX)
        .min(DOWNLOAD_CHUNK);
    let first = match state.exports.read(&export, start, first_len).await {
        Ok(bytes) => bytes,
        Err(ExportError::NotFound) => {
            tracing::error!(key = %export.storage_key, "an export row has no file");
            return Err(ApiError::NotFound(DownloadError::NotFound.to_string()));
        }
        Err(e) => return Err(e.into()),
    };
    let sent = first.len() as u64;
    let exports = state.exports.clone();
    let rest = stream::unfold(
        (
            exports,
            export.clone(),
            start + sent,
            length - sent.min(length),
        ),
        |(exports, export, offset, left)| async move {
            if left == 0 {
                return None;
            }
            let len = usize::try_from(left)
                .unwrap_or(usize::MAX)
                .min(DOWNLOAD_CHUNK);
            match exports.read(&export, offset, len).await {
                Ok(bytes) if !bytes.is_empty() => {
                    let n = bytes.len() as u64;
                    Some((
                        Ok::<_, actix_web::Error>(web::Bytes::from(bytes)),
                        (exports, export, offset + n, left - n.min(left)),
                    ))
                }
                // The file shrank or went away mid-way: end the body short, which the
                // client sees as an incomplete download (Content-Length says more).
                Ok(_) => None,
                Err(e) => {
                    tracing::warn!(error = %e, "an export download ended early");
                    Some((
                        Err(actix_web::error::ErrorInternalServerError("read failed")),
                        (exports, export, offset, 0),
                    ))
                }
            }
        },
    );
    let body =
        stream::once(async move { Ok::<_, actix_web::Error>(web::Bytes::from(first)) }).chain(rest);
    Ok(response
        .insert_header((header::CONTENT_TYPE, export.format.content_type()))
        .insert_header((header::CONTENT_DISPOSITION, content_disposition(&export)))
        .no_chunking(length)
        .streaming(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_query_needs_a_token_and_an_integer_expiry() {
        assert_eq!(
            link_query("token=ab&expires=17").ok(),
            Some(("ab".to_owned(), 17))
        );
        match link_query("expires=soon") {
            Err(ApiError::Validation(e)) => {
                let kinds: Vec<&str> = e.iter().map(|e| e.kind.as_str()).collect();
                assert_eq!(kinds, ["missing", "int_parsing"]);
            }
            other => panic!("{other:?}"),
        }
    }
}
