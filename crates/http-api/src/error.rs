//! The one place where domain errors become HTTP responses, and the bodies of every error
//! answer.
//!
//! Bodies follow the contract: `{"detail": "<text>"}` for errors raised by the API, and
//! `{"detail": [ {type, loc, msg, input, ctx?}, ... ]}` (422, one [`FieldError`] each) for
//! request-schema errors. A 500 never carries internals: its cause is logged once, here, and
//! the body is generic. This module depends on no other module of the crate.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use serde_json::Value;
use tailor_domain::ports::{DependencyFault, ExtractError};
use tailor_domain::sample::InvalidDocumentType;
use tailor_domain::services::accounts::{
    AuthenticateError, ChangePasswordError, LoginError, RefreshError, RegisterError,
    ResetPasswordError,
};
use tailor_domain::services::{
    ExportError, GenerationError, JobError, ProfileError, SampleError, TaskError, UploadRejection,
    UsageError,
};
use tailor_domain::user::FullNameError;
use utoipa::ToSchema;

/// One element of a `loc` path: a key or a list index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum LocItem {
    Key(String),
    Index(usize),
}

impl From<&str> for LocItem {
    fn from(s: &str) -> Self {
        Self::Key(s.to_owned())
    }
}

impl From<usize> for LocItem {
    fn from(i: usize) -> Self {
        Self::Index(i)
    }
}

/// One schema violation.
#[derive(Clone, PartialEq, Serialize, ToSchema)]
pub struct FieldError {
    #[serde(rename = "type")]
    pub kind: String,
    pub loc: Vec<LocItem>,
    pub msg: String,
    /// The value found at `loc`: any JSON value (`null` when there was none).
    pub input: Value,
    /// Details of the constraint (`min_length`, `ge`, `expected`, ...); absent when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Object, required = false)]
    pub ctx: Option<Value>,
}

impl std::fmt::Debug for FieldError {
    // The input can be a password or a token: keep it out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FieldError")
            .field("type", &self.kind)
            .field("loc", &self.loc)
            .field("msg", &self.msg)
            .finish_non_exhaustive()
    }
}

impl FieldError {
    pub fn new(kind: &str, loc: Vec<LocItem>, msg: impl Into<String>, input: Value) -> Self {
        Self {
            kind: kind.to_owned(),
            loc,
            msg: msg.into(),
            input,
            ctx: None,
        }
    }

    #[must_use]
    pub fn with_ctx(mut self, ctx: Value) -> Self {
        self.ctx = Some(ctx);
        self
    }

    pub fn missing(loc: Vec<LocItem>, input: Value) -> Self {
        Self::new("missing", loc, "Field required", input)
    }
}

/// An error answer of the API.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request is malformed in a way the schema does not describe.
    #[error("{0}")]
    BadRequest(String),
    /// 401 with `WWW-Authenticate: Bearer`: the credentials are invalid or expired; the
    /// client refreshes its token on this status only.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: credentials are missing or not a bearer token.
    #[error("{0}")]
    Forbidden(String),
    /// 404: the resource does not exist (or belongs to someone else).
    #[error("{0}")]
    NotFound(String),
    /// 409: the request conflicts with the current state.
    #[error("{0}")]
    Conflict(String),
    /// 410: the resource (a download link) existed and is no longer valid.
    #[error("{0}")]
    Gone(String),
    /// 413: the body (or an uploaded file) is larger than allowed.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// 422 with a string detail: a business rule refused the request.
    #[error("{0}")]
    Unprocessable(String),
    /// 422 with a list detail: the request does not match the schema.
    #[error("request validation failed")]
    Validation(Vec<FieldError>),
    /// 429 with `Retry-After`.
    #[error("Too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// 429 with `Retry-After` and a detail that says which limit was reached.
    #[error("{detail}")]
    Throttled {
        detail: String,
        retry_after_secs: u64,
    },
    /// 503: a dependency (the database) is unreachable.
    #[error("{0}")]
    ServiceUnavailable(String),
    /// 500 with a detail that says what failed (the contract's `Export failed: ...`); the
    /// detail names no internals.
    #[error("{0}")]
    Failed(String),
    /// 500: anything unexpected. The cause is logged, never sent. When the cause chain
    /// carries a [`DependencyFault`], the answer is 503 (unavailable, too slow) or 507 (no
    /// space left) instead, with a detail that says so.
    #[error("{}", internal_detail(.0))]
    Internal(#[source] anyhow::Error),
}

/// `{"detail": "..."}`
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub detail: String,
}

/// `{"detail": [ ... ]}` (422)
#[derive(Debug, Serialize, ToSchema)]
pub struct ValidationErrorBody {
    pub detail: Vec<FieldError>,
}

/// A 422 answer of an operation with business rules: the list form when the request does
/// not match its schema, a string when a rule refused it.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum UnprocessableBody {
    Validation(ValidationErrorBody),
    Rule(ErrorBody),
}

impl ApiError {
    pub fn internal(e: impl Into<anyhow::Error>) -> Self {
        Self::Internal(e.into())
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        Self::Internal(e)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Gone(_) => StatusCode::GONE,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Unprocessable(_) | Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests { .. } | Self::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::ServiceUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Failed(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Internal(cause) => match DependencyFault::of(cause) {
                Some(DependencyFault::StorageFull) => StatusCode::INSUFFICIENT_STORAGE,
                Some(DependencyFault::Unavailable | DependencyFault::TimedOut) => {
                    StatusCode::SERVICE_UNAVAILABLE
                }
                None => StatusCode::INTERNAL_SERVER_ERROR,
            },
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut builder = HttpResponse::build(self.status_code());
        match self {
            Self::Validation(errors) => {
                return builder.json(ValidationErrorBody {
                    detail: errors.clone(),
                });
            }
            Self::Unauthorized(_) => {
                builder.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            Self::TooManyRequests { retry_after_secs }
            | Self::Throttled {
                retry_after_secs, ..
            } => {
                builder.insert_header((
                    header::RETRY_AFTER,
                    HeaderValue::from(retry_after_secs.max(&1).to_owned()),
                ));
            }
            Self::ServiceUnavailable(_) => {
                builder.insert_header((header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS)));
            }
            Self::Failed(detail) => tracing::error!(detail = %detail, "request failed"),
            Self::Internal(cause) => match DependencyFault::of(cause) {
                None => tracing::error!(error.cause_chain = ?cause, "unexpected error"),
                Some(fault) => {
                    tracing::warn!(error.cause_chain = ?cause, ?fault, "dependency failed");
                    if fault != DependencyFault::StorageFull {
                        builder.insert_header((
                            header::RETRY_AFTER,
                            HeaderValue::from(RETRY_AFTER_SECS),
                        ));
                    }
                }
            },
            _ => {}
        }
        builder.json(ErrorBody {
            detail: self.to_string(),
        })
    }
}

/// How long a client should wait before retrying after a 503.
const RETRY_AFTER_SECS: u64 = 1;

/// The detail sent for an unexpected error: generic, unless it is a dependency's fault.
fn internal_detail(cause: &anyhow::Error) -> &'static str {
    match DependencyFault::of(cause) {
        None => "Internal server error",
        Some(DependencyFault::Unavailable) => {
            "Service temporarily unavailable: the database cannot be reached. Try again shortly."
        }
        Some(DependencyFault::TimedOut) => {
            "Service temporarily unavailable: the database did not answer in time. Try again \
             shortly."
        }
        Some(DependencyFault::StorageFull) => {
            "Insufficient storage: the server has no space left to save this change. Nothing \
             was saved."
        }
    }
}

/// The body every 500 carries.
pub(crate) fn internal_error_response() -> HttpResponse {
    HttpResponse::InternalServerError().json(ErrorBody {
        detail: "Internal server error".to_owned(),
    })
}

impl From<RegisterError> for ApiError {
    fn from(e: RegisterError) -> Self {
        match e {
            RegisterError::EmailTaken => Self::Conflict(e.to_string()),
            RegisterError::InvalidEmailFormat | RegisterError::WeakPassword(_) => {
                Self::Unprocessable(e.to_string())
            }
            RegisterError::Unexpected(e) => Self::Internal(e),
        }
    }
}

impl From<LoginError> for ApiError {
    fn from(e: LoginError) -> Self {
        match e {
            LoginError::InvalidCredentials | LoginError::AccountDeactivated => {
                Self::Unauthorized(e.to_string())
            }
            LoginError::Unexpected(e) => Self::Internal(e),
        }
    }
}

impl From<RefreshError> for ApiError {
    fn from(e: RefreshError) -> Self {
        match e {
            RefreshError::InvalidToken
            | RefreshError::UserNotFound
            | RefreshError::AccountDeactivated => Self::Unauthorized(e.to_string()),
            RefreshError::Unexpected(e) => Self::Internal(e),
        }
    }
}

impl From<AuthenticateError> for ApiError {
    fn from(e: AuthenticateError) -> Self {
        match e {
            AuthenticateError::InvalidToken => Self::Unauthorized(e.to_string()),
            AuthenticateError::Unexpected(e) => Self::Internal(e),
        }
    }
}

impl From<ChangePasswordError> for ApiError {
    fn from(e: ChangePasswordError) -> Self {
        match e {
            ChangePasswordError::IncorrectCurrentPassword => Self::Unauthorized(e.to_string()),
            ChangePasswordError::WeakPassword(_) | ChangePasswordError::SamePassword => {
                Self::Unprocessable(e.to_string())
            }
            ChangePasswordError::Unexpected(e) => Self::Internal(e),
        }
    }
}

impl From<ResetPasswordError> for ApiError {
    fn from(e: ResetPasswordError) -> Self {
        match e {
            ResetPasswordError::WeakPassword(_) | ResetPasswordError::InvalidToken => {
                Self::Unprocessable(e.to_string())
            }
            ResetPasswordError::Unexpected(e) => Self::Internal(e),
        }
    }
}

impl From<FullNameError> for ApiError {
    fn from(e: FullNameError) -> Self {
        Self::Unprocessable(e.to_string())
    }
}

impl From<ProfileError> for ApiError {
    fn from(e: ProfileError) -> Self {
        match e {
            ProfileError::NotFound | ProfileError::NoProfile => Self::NotFound(e.to_string()),
            ProfileError::Forbidden => Self::Forbidden(e.to_string()),
            ProfileError::AlreadyExists | ProfileError::Invalid(_) => {
                Self::Unprocessable(e.to_string())
            }
            ProfileError::Conflict => Self::Conflict(e.to_string()),
            ProfileError::Unexpected(e) => Self::Internal(e),
        }
    }
}

impl From<JobError> for ApiError {
    fn from(e: JobError) -> Self {
        match e {
            JobError::NotFound(_) => Self::NotFound(e.to_string()),
            JobError::Invalid(_) | JobError::Import(_) | JobError::NothingToUpdate => {
                Self::Unprocessable(e.to_string())
            }
            JobError::Unexpected(e) => Self::Internal(e),
        }
    }
}

impl From<UsageError> for ApiError {
    fn from(e: UsageError) -> Self {
        match e {
            UsageError::Reversed | UsageError::TooLong => Self::Unprocessable(e.to_string()),
            UsageError::Unexpected(e) => Self::Internal(e),
        }
    }
}

impl From<TaskError> for ApiError {
    fn from(e: TaskError) -> Self {
        match e {
            TaskError::JobNotFound | TaskError::NotFound => Self::NotFound(e.to_string()),
            TaskError::KeyReused => Self::Unprocessable(e.to_string()),
            TaskError::TooMany { .. } => Self::Throttled {
                detail: e.to_string(),
                // About one generation's time.
                retry_after_secs: 5,
            },
            TaskError::Ended(_) => Self::Conflict(e.to_string()),
            TaskError::OverBudget(e) => e.into(),
            TaskError::Unexpected(e) => Self::Internal(e),
        }
    }
}

impl From<GenerationError> for ApiError {
    fn from(e: GenerationError) -> Self {
        match e {
            GenerationError::JobNotFound
            | GenerationError::JobGone
            | GenerationError::NoProfile
            | GenerationError::ProfileNotFound
            | GenerationError::NoRanking
            | GenerationError::NotFound => Self::NotFound(e.to_string()),
            GenerationError::NothingToEnhance => Self::Unprocessable(e.to_string()),
            GenerationError::Conflict => Self::Conflict(e.to_string()),
            GenerationError::OverBudget { retry_after } => Self::Throttled {
                detail: e.to_string(),
                retry_after_secs: retry_after.as_secs().max(1),
            },
            // Only background tasks stop; a request never sees it.
            GenerationError::Stopped => Self::Internal(anyhow::anyhow!(e)),
            GenerationError::Unexpected(e) => Self::Internal(e),
        }
    }
}

impl From<ExportError> for ApiError {
    fn from(e: ExportError) -> Self {
        match e {
            ExportError::GenerationNotFound(_)
            | ExportError::NoStructuredContent(_)
            | ExportError::NotFound
            | ExportError::JobNotFound(_) => Self::NotFound(e.to_string()),
            ExportError::NoValidGenerations => Self::BadRequest(e.to_string()),
            ExportError::TooManyGenerations => Self::Unprocessable(e.to_string()),
            ExportError::Busy => Self::ServiceUnavailable(e.to_string()),
            ExportError::Failed(_) => Self::Failed(e.to_string()),
            ExportError::Unexpected(e) => Self::Internal(e),
        }
    }
}

impl From<SampleError> for ApiError {
    fn from(e: SampleError) -> Self {
        match e {
            SampleError::NotFound => Self::NotFound(e.to_string()),
            SampleError::Rejected(r) => r.into(),
            SampleError::Unexpected(e) => Self::Internal(e),
        }
    }
}

impl From<UploadRejection> for ApiError {
    fn from(r: UploadRejection) -> Self {
        match r {
            UploadRejection::TooLarge => Self::PayloadTooLarge(r.to_string()),
            UploadRejection::BadDocumentType | UploadRejection::BadFileName => {
                Self::BadRequest(r.to_string())
            }
            UploadRejection::Extract(e) => e.into(),
        }
    }
}

impl From<InvalidDocumentType> for ApiError {
    fn from(e: InvalidDocumentType) -> Self {
        Self::BadRequest(e.to_string())
    }
}

/// A file the extractor could not use: 400 for a kind of file that is not accepted, 422 for
/// an accepted kind without usable text; an unexpected failure keeps its cause chain, so it
/// is logged and classified like any other.
impl From<ExtractError> for ApiError {
    fn from(e: ExtractError) -> Self {
        match e {
            ExtractError::Unsupported | ExtractError::NotUtf8 => Self::BadRequest(e.to_string()),
            ExtractError::Empty | ExtractError::NoTextLayer | ExtractError::Unreadable(_) => {
                Self::Unprocessable(e.to_string())
            }
            ExtractError::Unexpected(e) => Self::Internal(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use anyhow::Context;
    use tailor_domain::ports::DependencyError;

    use super::*;

    fn status(e: impl Into<ApiError>) -> StatusCode {
        e.into().status_code()
    }

    fn unavailable() -> anyhow::Error {
        Err::<(), _>(DependencyError::new(
            DependencyFault::Unavailable,
            "connection refused",
        ))
        .context("read the sample")
        .unwrap_err()
    }

    #[test]
    fn each_domain_error_has_its_status() {
        assert_eq!(status(ProfileError::Forbidden), StatusCode::FORBIDDEN);
        assert_eq!(status(ProfileError::NoProfile), StatusCode::NOT_FOUND);
        assert_eq!(status(ProfileError::Conflict), StatusCode::CONFLICT);
        assert_eq!(
            status(ProfileError::Invalid("x".into())),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            status(JobError::NotFound("x".into())),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            status(JobError::NothingToUpdate),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(status(SampleError::NotFound), StatusCode::NOT_FOUND);
        assert_eq!(
            status(UploadRejection::TooLarge),
            StatusCode::PAYLOAD_TOO_LARGE
        );
        assert_eq!(status(InvalidDocumentType), StatusCode::BAD_REQUEST);
        assert_eq!(
            status(UploadRejection::Extract(ExtractError::NotUtf8)),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            status(UploadRejection::Extract(ExtractError::NoTextLayer)),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            status(FullNameError::Blank),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }

    #[test]
    fn an_unexpected_extraction_failure_keeps_its_cause_and_its_fault() {
        let e = ApiError::from(SampleError::Rejected(UploadRejection::Extract(
            ExtractError::Unexpected(unavailable()),
        )));
        let ApiError::Internal(cause) = &e else {
            panic!("expected an internal error, got {e:?}")
        };
        assert!(
            format!("{cause:?}").contains("connection refused"),
            "{cause:?}"
        );
        assert_eq!(e.status_code(), StatusCode::SERVICE_UNAVAILABLE);
        let res = e.error_response();
        assert_eq!(res.headers().get(header::RETRY_AFTER).unwrap(), "1");

        let plain = ApiError::from(ExtractError::Unexpected(anyhow::anyhow!("parser bug")));
        assert_eq!(plain.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(plain.to_string(), "Internal server error");
    }

    #[test]
    fn a_rejected_upload_says_why() {
        let e = ApiError::from(SampleError::Rejected(UploadRejection::Extract(
            ExtractError::Empty,
        )));
        assert_eq!(e.to_string(), ExtractError::Empty.to_string());
        assert_eq!(
            ApiError::from(SampleError::NotFound).to_string(),
            "Sample document not found"
        );
    }
}
