//! `POST /jobs`: one of three bodies, tried in the contract's order.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Map, Value};
use tailor_domain::job::{
    MAX_RAW_TEXT_LEN, MAX_URL_LEN, MIN_RAW_TEXT_LEN, MIN_URL_LEN, is_readable_posting,
};
use tailor_domain::services::NewJob;
use tailor_domain::services::UNREADABLE_POSTING;
use utoipa::openapi::schema::{AnyOfBuilder, Schema};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use super::dto::{JobResponse, StructuredJobRequest};
use crate::error::{ApiError, ErrorBody, UnprocessableBody};
use crate::extract::AuthUser;
use crate::rate_limit::Scope;
use crate::state::AppState;
use crate::throttle::limit;
use crate::validation::{FieldError, JsonBody, LocItem, Validate, check_len, deserialize};

/// The raw body: any JSON object. Which of the three forms it is gets decided in the
/// handler, the way the contract's union does.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct CreateJobBody(Map<String, Value>);

impl Validate for CreateJobBody {
    fn validate(&self, _: &mut Vec<FieldError>) {}
}

/// `{"raw_text"}`: a pasted posting, read by the analyser (source `user_created`). The text
/// must have at least two words with letters; a body with text that has none is read as one
/// of the other forms when it fits one.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct JobCreateFromText {
    #[schema(min_length = 10, max_length = 15000)]
    raw_text: String,
}

/// `{"url"}`: the posting's page is fetched and read (source `url_import`). Surrounding
/// spaces are ignored.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct JobCreateFromURL {
    #[schema(min_length = 10, max_length = 500)]
    url: String,
}

/// The body of `POST /jobs`: one of three forms, tried in this order (a valid `raw_text`
/// wins over the other fields, then a valid `url`, then the structured fields).
pub struct JobCreateRequest;

impl PartialSchema for JobCreateRequest {
    fn schema() -> RefOr<Schema> {
        AnyOfBuilder::new()
            .item(Ref::from_schema_name(JobCreateFromText::name()))
            .item(Ref::from_schema_name(JobCreateFromURL::name()))
            .item(Ref::from_schema_name(StructuredJobRequest::name()))
            .description(Some(
                "One of three forms, tried in this order: a valid `raw_text` wins over the \
                 other fields, then a valid `url`, then the structured fields.",
            ))
            .into()
    }
}

impl ToSchema for JobCreateRequest {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((
            JobCreateFromText::name().into(),
            JobCreateFromText::schema(),
        ));
        schemas.push((JobCreateFromURL::name().into(), JobCreateFromURL::schema()));
        schemas.push((
            StructuredJobRequest::name().into(),
            StructuredJobRequest::schema(),
        ));
        StructuredJobRequest::schemas(schemas);
    }
}

/// Bodies larger than this are not echoed back as a missing field's `input`.
const MAX_ECHOED_BODY: usize = 1024;

fn echo(body: &Map<String, Value>) -> Value {
    let value = Value::Object(body.clone());
    if value.to_string().len() <= MAX_ECHOED_BODY {
        value
    } else {
        Value::Null
    }
}

/// A string field of one form, with its length bounds.
fn string_branch(
    body: &Map<String, Value>,
    model: &str,
    field: &str,
    min: usize,
    max: usize,
) -> Result<String, Box<FieldError>> {
    let loc: Vec<LocItem> = vec!["body".into(), model.into(), field.into()];
    match body.get(field) {
        None | Some(Value::Null) => Err(Box::new(FieldError::missing(loc, echo(body)))),
        Some(Value::String(s)) => {
            let mut errors = Vec::new();
            check_len(&mut errors, loc, s, min, max);
            match errors.pop() {
                Some(e) => Err(Box::new(e)),
                None => Ok(s.clone()),
            }
        }
        Some(other) => Err(Box::new(FieldError::new(
            "string_type",
            loc,
            "Input should be a valid string",
            other.clone(),
        ))),
    }
}

fn structured_branch(body: &Map<String, Value>) -> Result<NewJob, Vec<FieldError>> {
    let model: Vec<LocItem> = vec!["body".into(), "JobCreateStructured".into()];
    let request: StructuredJobRequest = deserialize(Value::Object(body.clone())).map_err(|e| {
        let mut errors = match e {
            ApiError::Validation(errors) => errors,
            _ => Vec::new(),
        };
        // `["body", field, ...]` becomes `["body", "JobCreateStructured", field, ...]`,
        // and a missing field does not echo a large body.
        for error in &mut errors {
            error.loc.insert(1, "JobCreateStructured".into());
            if error.input.is_object() {
                error.input = echo(body);
            }
        }
        errors
    })?;
    let mut errors = Vec::new();
    match request.check(&model, &mut errors) {
        Some(job) => Ok(NewJob::Structured(job)),
        None => Err(errors),
    }
}

/// The form the body is for: raw text when it is there and valid (it wins over the other
/// fields), else a URL, else the structured fields. When none fits, every form's errors are
/// listed, those of the form the body evidently meant first.
fn new_job(body: &Map<String, Value>) -> Result<NewJob, ApiError> {
    let text = string_branch(
        body,
        "JobCreateFromText",
        "raw_text",
        MIN_RAW_TEXT_LEN,
        MAX_RAW_TEXT_LEN,
    );
    // Text of the right length without words is used only when no other form fits.
    let mut unreadable = None;
    let text_error = match text {
        Ok(text) if is_readable_posting(&text) => return Ok(NewJob::Text(text)),
        Ok(text) => {
            unreadable = Some(text);
            FieldError::new(
                "value_error",
                vec!["body".into(), "JobCreateFromText".into(), "raw_text".into()],
                UNREADABLE_POSTING,
                Value::Null,
            )
        }
        Err(e) => *e,
    };
    let url_error = match string_branch(body, "JobCreateFromURL", "url", MIN_URL_LEN, MAX_URL_LEN) {
        Ok(url) => return Ok(NewJob::Url(url.trim().to_owned())),
        Err(e) => *e,
    };
    let structured_errors = match structured_branch(body) {
        Ok(job) => return Ok(job),
        Err(errors) => errors,
    };
    if unreadable.is_some() {
        return Err(ApiError::Unprocessable(UNREADABLE_POSTING.to_owned()));
    }
    let meant = |field: &str| body.get(field).is_some_and(|v| !v.is_null());
    let mut errors = Vec::with_capacity(structured_errors.len() + 2);
    if meant("raw_text") {
        errors.push(text_error);
        errors.push(url_error);
        errors.extend(structured_errors);
    } else if meant("url") {
        errors.push(url_error);
        errors.push(text_error);
        errors.extend(structured_errors);
    } else if meant("title") || meant("company") {
        errors.extend(structured_errors);
        errors.push(text_error);
        errors.push(url_error);
    } else {
        errors.push(text_error);
        errors.push(url_error);
        errors.extend(structured_errors);
    }
    Err(ApiError::Validation(errors))
}

/// Save a job: `{"raw_text"}` (10..15,000 characters; read by the analyser, source
/// `user_created`), `{"url"}` (10..500 characters; the page is fetched and read, source
/// `url_import`) or the structured fields (`title`, `company`, ...; source default
/// `user_created`).
#[utoipa::path(
    post, path = "/api/v1/jobs", tag = "jobs", security(("bearer" = [])),
    request_body = JobCreateRequest,
    responses(
        (status = 201, description = "Saved", body = JobResponse),
        (status = 422, description = "No form fits (list, naming `JobCreateFromText`, `JobCreateFromURL`, `JobCreateStructured`); text without a readable posting, a `mock` source, blank title or company, or a URL that cannot be imported (string, with the reason)", body = UnprocessableBody),
        (status = 429, description = "Too many URL imports", body = ErrorBody),
    )
)]
pub async fn create_job(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    body: JsonBody<CreateJobBody>,
) -> Result<HttpResponse, ApiError> {
    let new = new_job(&body.into_inner().0)?;
    if matches!(new, NewJob::Url(_)) {
        let email = user.0.user.email().as_str().to_owned();
        limit(&state, &req, Scope::JobImport, Some(&email)).await?;
    }
    let job = state.jobs.create(user.0.user.id(), new).await?;
    Ok(HttpResponse::Created().json(JobResponse::from(&job)))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn body(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    fn errors(v: Value) -> Vec<FieldError> {
        match new_job(&body(v)) {
            Err(ApiError::Validation(e)) => e,
            other => panic!("expected a 422 list, got {other:?}"),
        }
    }

    #[test]
    fn valid_raw_text_wins_over_everything_else() {
        let job = new_job(&body(json!({
            "raw_text": "Senior Engineer at Acme",
            "url": "https://example.com/job",
            "title": "Other", "company": "Other", "source": "weird"
        })))
        .unwrap();
        assert_eq!(job, NewJob::Text("Senior Engineer at Acme".into()));
    }

    #[test]
    fn invalid_raw_text_falls_through_to_a_valid_structured_body() {
        let job = new_job(&body(
            json!({"raw_text": "short", "title": "T", "company": "C"}),
        ))
        .unwrap();
        assert!(matches!(job, NewJob::Structured(s) if s.title == "T"));
    }

    #[test]
    fn a_url_is_used_when_there_is_no_valid_text() {
        let job = new_job(&body(json!({"url": " https://example.com/jobs/1 "}))).unwrap();
        assert_eq!(job, NewJob::Url("https://example.com/jobs/1".into()));
    }

    #[test]
    fn when_nothing_fits_every_form_is_named_and_the_meant_one_comes_first() {
        let e = errors(json!({"raw_text": "short"}));
        let loc = |e: &FieldError| serde_json::to_value(&e.loc).unwrap();
        assert_eq!(loc(&e[0]), json!(["body", "JobCreateFromText", "raw_text"]));
        assert_eq!(e[0].kind, "string_too_short");
        assert_eq!(loc(&e[1]), json!(["body", "JobCreateFromURL", "url"]));
        assert_eq!(loc(&e[2]), json!(["body", "JobCreateStructured", "title"]));

        let e = errors(json!({"title": "T", "company": "C", "source": "weird_source"}));
        assert_eq!(loc(&e[0]), json!(["body", "JobCreateStructured", "source"]));
        assert_eq!(e[0].kind, "enum");
        assert!(
            e.iter()
                .any(|x| loc(x) == json!(["body", "JobCreateFromText", "raw_text"]))
        );

        let e = errors(json!({"url": 42}));
        assert_eq!(e[0].kind, "string_type");
        assert_eq!(loc(&e[0]), json!(["body", "JobCreateFromURL", "url"]));

        let e = errors(json!({}));
        assert_eq!(e[0].kind, "missing");
        assert_eq!(loc(&e[0]), json!(["body", "JobCreateFromText", "raw_text"]));
    }

    #[test]
    fn a_wrongly_typed_structured_field_is_reported_under_the_model_name() {
        let e = errors(json!({"title": "T", "company": "C", "remote": "sometimes"}));
        let loc = serde_json::to_value(&e[0].loc).unwrap();
        assert_eq!(loc, json!(["body", "JobCreateStructured", "remote"]));
        assert_eq!(e[0].kind, "bool_type");
    }
}
