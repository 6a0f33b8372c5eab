//! `/api/v1/samples`: writing samples (upload, list, read, delete).

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use serde::Serialize;
use serde_json::{Value, json};
use tailor_domain::sample::{
    DocumentType, InvalidDocumentType, MAX_SAMPLE_BYTES, Sample, SampleFilter, SampleId,
    SampleSummary, WritingStyle,
};
use tailor_domain::services::{SampleError, SampleUpload, UploadRejection};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::{ApiError, ErrorBody, UnprocessableBody, ValidationErrorBody};
use crate::extract::AuthUser;
use crate::openapi::fields::DocumentTypeValue;
use crate::state::AppState;
use crate::time::naive_iso;
use crate::validation::{FieldError, LocItem, pagination, query_pairs};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/samples")
            .service(web::resource("/upload").route(web::post().to(upload_sample)))
            .service(web::resource("").route(web::get().to(list_samples)))
            .service(
                web::resource("/{sample_id}")
                    .route(web::get().to(get_sample))
                    .route(web::delete().to(delete_sample)),
            ),
    );
}

/// A sample in listings and after upload.
#[derive(Debug, Serialize, ToSchema)]
pub struct SampleResponse {
    pub id: String,
    pub user_id: i64,
    #[schema(value_type = DocumentTypeValue)]
    pub document_type: &'static str,
    pub original_filename: String,
    /// `text`, `markdown`, `docx` or `pdf`, decided from the content.
    pub format: &'static str,
    pub word_count: i64,
    pub character_count: i64,
    pub is_active: bool,
    pub created_at: String,
}

impl From<SampleSummary> for SampleResponse {
    fn from(s: SampleSummary) -> Self {
        Self {
            id: s.id.to_string(),
            user_id: s.user_id.get(),
            document_type: s.document_type.as_str(),
            original_filename: s.original_filename,
            format: s.format.as_str(),
            word_count: s.word_count,
            character_count: s.character_count,
            is_active: s.is_active,
            created_at: naive_iso(s.created_at),
        }
    }
}

fn summary(s: &Sample) -> SampleResponse {
    SampleResponse {
        id: s.id.to_string(),
        user_id: s.user_id.get(),
        document_type: s.document_type.as_str(),
        original_filename: s.original_filename.clone(),
        format: s.format.as_str(),
        word_count: s.word_count,
        character_count: s.character_count,
        is_active: s.is_active,
        created_at: naive_iso(s.created_at),
    }
}

/// A sample with its text and writing style.
#[derive(Debug, Serialize, ToSchema)]
pub struct SampleDetail {
    #[serde(flatten)]
    pub sample: SampleResponse,
    pub full_text: String,
    /// The deterministic style profile computed at upload.
    #[schema(value_type = Option<Object>)]
    pub writing_style: Option<WritingStyle>,
    pub size_bytes: i64,
    pub sha256: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SampleList {
    pub samples: Vec<SampleResponse>,
    /// All samples matching the filters.
    pub total: u64,
    pub limit: u64,
    pub offset: u64,
}

/// The multipart form of an upload.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// Surrounding spaces are ignored.
    #[schema(value_type = DocumentTypeValue)]
    pub document_type: String,
    /// .txt, .md, .docx or text-based .pdf, decided from the content; at most 1 MiB. Its
    /// file name (without folders) must have 1 to 255 characters.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Small form fields are read up to this size; larger ones are refused.
const MAX_FIELD_BYTES: usize = 1024;
/// Fields other than the two of the form are skipped, at most this many.
const MAX_FIELDS: usize = 10;

fn missing(field: &str) -> FieldError {
    FieldError::missing(
        vec![LocItem::from("body"), LocItem::from(field)],
        Value::Null,
    )
}

/// Reads the form, streaming the file and stopping at the size limit.
async fn read_form(mut form: Multipart) -> Result<SampleUpload, ApiError> {
    let mut document_type: Option<String> = None;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut fields = 0;
    while let Some(field) = form.next().await {
        let mut field = match field {
            Ok(f) => f,
            Err(
                actix_multipart::MultipartError::ContentTypeMissing
                | actix_multipart::MultipartError::ContentTypeIncompatible
                | actix_multipart::MultipartError::ContentTypeParse,
            ) => {
                return Err(ApiError::Validation(vec![
                    missing("document_type"),
                    missing("file"),
                ]));
            }
            Err(e) => return Err(ApiError::BadRequest(format!("Invalid multipart body: {e}"))),
        };
        fields += 1;
        if fields > MAX_FIELDS {
            return Err(ApiError::BadRequest("Too many form fields".to_owned()));
        }
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_owned);
        let limit = if name == "file" {
            MAX_SAMPLE_BYTES
        } else {
            MAX_FIELD_BYTES
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk =
                chunk.map_err(|e| ApiError::BadRequest(format!("Invalid multipart body: {e}")))?;
            if bytes.len() + chunk.len() > limit {
                return Err(if name == "file" {
                    UploadRejection::TooLarge.into()
                } else {
                    ApiError::BadRequest(format!("Form field {name:?} is too large"))
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "document_type" => {
                document_type = Some(String::from_utf8(bytes).map_err(|_| InvalidDocumentType)?);
            }
            "file" => file = Some((file_name.unwrap_or_default(), bytes)),
            _ => {}
        }
    }
    let mut errors = Vec::new();
    if document_type.is_none() {
        errors.push(missing("document_type"));
    }
    if file.is_none() {
        errors.push(missing("file"));
    }
    match (document_type, file) {
        (Some(document_type), Some((file_name, bytes))) => Ok(SampleUpload {
            document_type,
            file_name,
            bytes,
        }),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// Upload a writing sample (multipart: `document_type`, `file`). The text is extracted,
/// its writing style profiled, and the original kept; the user's earlier samples of the
/// same type become inactive.
#[utoipa::path(
    post, path = "/api/v1/samples/upload", tag = "samples", security(("bearer" = [])),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored", body = SampleResponse),
        (status = 400, description = "Bad `document_type` or file name, an unsupported file type, text that is not UTF-8, or a malformed or oversized form", body = ErrorBody),
        (status = 413, description = "`File size exceeds 1MB limit`", body = ErrorBody),
        (status = 422, description = "Missing form field (list); an empty or unreadable file, or a PDF without a text layer (string)", body = UnprocessableBody),
    )
)]
pub(crate) async fn upload_sample(
    state: web::Data<AppState>,
    user: AuthUser,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let upload = read_form(form).await?;
    let sample = state.samples.upload(user.0.user.id(), upload).await?;
    Ok(HttpResponse::Created().json(summary(&sample)))
}

fn parse_filter(query: &str) -> Result<SampleFilter, ApiError> {
    let mut filter = SampleFilter::default();
    for (k, v) in query_pairs(query) {
        match k.as_str() {
            "document_type" => {
                filter.document_type = Some(DocumentType::parse(&v)?);
            }
            "is_active" => {
                filter.is_active = Some(match v.to_ascii_lowercase().as_str() {
                    "true" | "1" | "yes" | "on" => true,
                    "false" | "0" | "no" | "off" => false,
                    _ => {
                        return Err(ApiError::Validation(vec![FieldError::new(
                            "bool_parsing",
                            vec!["query".into(), "is_active".into()],
                            "Input should be a valid boolean, unable to interpret input",
                            json!(v),
                        )]));
                    }
                });
            }
            _ => {}
        }
    }
    Ok(filter)
}

/// The caller's samples, newest first; filters `document_type` and `is_active`.
#[utoipa::path(
    get, path = "/api/v1/samples", tag = "samples", security(("bearer" = [])),
    params(
        ("document_type" = Option<DocumentTypeValue>, Query, description = "Surrounding spaces are ignored"),
        ("is_active" = Option<bool>, Query, description = "Also `1`/`0`, `yes`/`no`, `on`/`off`, in any case"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "1 to 100, default 50"),
        ("offset" = Option<i64>, Query, minimum = 0, maximum = 9223372036854775807usize, description = "default 0"),
    ),
    responses(
        (status = 200, description = "A page of samples", body = SampleList),
        (status = 400, description = "Bad `document_type`", body = ErrorBody),
        (status = 422, description = "Bad `is_active` or pagination", body = ValidationErrorBody),
    )
)]
pub(crate) async fn list_samples(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let filter = parse_filter(req.query_string())?;
    let (limit, offset) = pagination(req.query_string(), 50, 100)?;
    let (samples, total) = state
        .samples
        .list(user.0.user.id(), filter, limit as u64, offset as u64)
        .await?;
    Ok(HttpResponse::Ok().json(SampleList {
        samples: samples.into_iter().map(Into::into).collect(),
        total,
        limit: limit as u64,
        offset: offset as u64,
    }))
}

fn sample_id(raw: &str) -> Result<SampleId, ApiError> {
    Uuid::parse_str(raw)
        .map(SampleId::from_uuid)
        .map_err(|_| SampleError::NotFound.into())
}

/// A sample with its full text and writing style.
#[utoipa::path(
    get, path = "/api/v1/samples/{sample_id}", tag = "samples", security(("bearer" = [])),
    params(("sample_id" = String, Path, format = Uuid)),
    responses(
        (status = 200, description = "The sample", body = SampleDetail),
        (status = 404, description = "`Sample document not found` (also another user's)", body = ErrorBody),
    )
)]
pub(crate) async fn get_sample(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let sample = state
        .samples
        .get(user.0.user.id(), sample_id(&path)?)
        .await?;
    let head = summary(&sample);
    Ok(HttpResponse::Ok().json(SampleDetail {
        sample: head,
        full_text: sample.full_text,
        writing_style: sample.writing_style,
        size_bytes: sample.size_bytes,
        sha256: sample.sha256,
        updated_at: naive_iso(sample.updated_at),
    }))
}

/// Delete a sample and its stored file.
#[utoipa::path(
    delete, path = "/api/v1/samples/{sample_id}", tag = "samples", security(("bearer" = [])),
    params(("sample_id" = String, Path, format = Uuid)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "`Sample document not found` (also another user's)", body = ErrorBody),
    )
)]
pub(crate) async fn delete_sample(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    state
        .samples
        .delete(user.0.user.id(), sample_id(&path)?)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_read_from_the_query_string() {
        let filter = parse_filter("is_active=No&document_type=%20resume%20&limit=5").unwrap();
        assert_eq!(filter.document_type, Some(DocumentType::Resume));
        assert_eq!(filter.is_active, Some(false));
        let filter = parse_filter("").unwrap();
        assert_eq!(filter.document_type, None);
        assert_eq!(filter.is_active, None);
        assert!(matches!(
            parse_filter("document_type=letter"),
            Err(ApiError::BadRequest(_))
        ));
        match parse_filter("is_active=maybe") {
            Err(ApiError::Validation(e)) => assert_eq!(e[0].kind, "bool_parsing"),
            other => panic!("expected a 422 list, got {other:?}"),
        }
    }

    #[actix_web::test]
    async fn deleting_another_user_s_sample_is_not_found_and_touches_no_file() {
        use actix_web::http::StatusCode;
        use actix_web::test::TestRequest;
        use tailor_domain::user::UserId;

        use crate::testing::{TestState, call, signed};

        let id = Uuid::from_u128(9);
        let mut state = TestState::default().signed_in(3);
        state
            .samples
            .expect_delete()
            .withf(move |user, sample| {
                *user == UserId::new(3) && *sample == SampleId::from_uuid(id)
            })
            .times(1)
            .returning(|_, _| Ok(None));
        let (status, body) = call(
            state.build(),
            signed(TestRequest::delete().uri(&format!("/api/v1/samples/{id}"))),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body, json!({"detail": "Sample document not found"}));
    }
}
