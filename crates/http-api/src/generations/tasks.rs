//! Background generations (additive to SPEC §3.5): `POST /generations` answers 202 at
//! once; `GET /generations/{id}` tells the state; `GET /generations/{id}/events` streams
//! each change as a server-sent event; `POST /generations/{id}/cancel` stops it. Another
//! user's generation is 404 on all of them.

use std::convert::Infallible;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;
use tailor_domain::generation::{GenerationId, TaskEvent, TaskStatus, valid_idempotency_key};
use tailor_domain::services::{GenerationError, GenerationTasks};
use tailor_domain::user::UserId;

use super::dto::{
    GenerationEventData, GenerationResponse, GenerationTaskRequest, GenerationTaskResponse,
};
use super::{body_job_id, path_uuid};
use crate::error::{ApiError, ErrorBody, UnprocessableBody, ValidationErrorBody};
use crate::extract::AuthUser;
use crate::state::AppState;
use crate::task_hub::Watch;
use crate::validation::{FieldError, JsonBody, LocItem};

/// The header a client sends to make a POST safe to repeat.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
/// Set on an answer that repeats an earlier request's result.
pub const IDEMPOTENT_REPLAYED: &str = "Idempotent-Replayed";
/// How long a client waits before reconnecting a dropped stream, in milliseconds.
const SSE_RETRY_MS: u64 = 3000;

/// The `Idempotency-Key` header, if sent: 1–255 visible ASCII characters, or 422.
pub(crate) fn idempotency_key(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(raw) = req.headers().get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    match raw.to_str() {
        Ok(key) if valid_idempotency_key(key) => Ok(Some(key.to_owned())),
        _ => Err(ApiError::Validation(vec![
            FieldError::new(
                "string_pattern_mismatch",
                vec![LocItem::from("header"), LocItem::from("idempotency-key")],
                "Idempotency-Key must be 1 to 255 visible ASCII characters",
                json!(String::from_utf8_lossy(raw.as_bytes())),
            )
            .with_ctx(json!({ "pattern": "^[!-~]{1,255}$" })),
        ])),
    }
}

/// A synchronous generation route's work with an `Idempotency-Key`: queued under that key
/// (the same key and request find the earlier one), then awaited up to
/// `HttpSettings::sync_wait`. A repeat with the same key answers the same document.
pub(crate) async fn through_queue(
    state: &AppState,
    user: UserId,
    job_id: tailor_domain::job::JobId,
    request: tailor_domain::generation::TaskRequest,
    key: String,
) -> Result<tailor_domain::generation::Generation, ApiError> {
    let (task, _) = state.tasks.submit(user, job_id, request, Some(key)).await?;
    let watch = state.task_hub.watch(task.id);
    let deadline = Instant::now() + state.settings.sync_wait;
    loop {
        let notify = watch.notify();
        let mut changed = std::pin::pin!(notify.notified());
        changed.as_mut().enable();
        let view = state.tasks.status(user, task.id).await?;
        match view.status {
            TaskStatus::Completed => {
                return view
                    .generation
                    .ok_or_else(|| ApiError::NotFound("Generation not found".to_owned()));
            }
            TaskStatus::Failed => {
                // A task fails with the pipeline's own words for a missing job or profile
                // (what the synchronous route answers 404 with); anything else was a fault.
                let reason = view.error.unwrap_or_default();
                let missing = [GenerationError::JobNotFound, GenerationError::NoProfile]
                    .iter()
                    .any(|e| e.to_string() == reason);
                return Err(if missing {
                    ApiError::NotFound(reason)
                } else {
                    ApiError::ServiceUnavailable(reason)
                });
            }
            TaskStatus::Cancelled => {
                return Err(ApiError::Conflict(
                    "The generation of this Idempotency-Key was cancelled".to_owned(),
                ));
            }
            TaskStatus::Queued | TaskStatus::Running => {}
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ApiError::ServiceUnavailable(
                "The generation is still running; repeat the request with the same Idempotency-Key to get it"
                    .to_owned(),
            ));
        }
        tokio::select! {
            () = &mut changed => {}
            () = tokio::time::sleep(left.min(state.settings.sse_poll)) => {}
        }
    }
}

/// Start a generation in the background.
///
/// Answers at once with the generation's id and `status: queued`; follow it with
/// `GET /generations/{id}` or its event stream. The options are those of
/// `POST /generations/resume` or `/cover-letter`, by `document_type`. With an
/// `Idempotency-Key` already used for the same request, the earlier generation is
/// answered (`Idempotent-Replayed: true`) and nothing new starts.
#[utoipa::path(
    post, path = "/api/v1/generations", tag = "generation", security(("bearer" = [])),
    request_body = GenerationTaskRequest,
    params(("Idempotency-Key" = Option<String>, Header, pattern = r"^[!-~]{1,255}$", max_length = 255, description = "1–255 visible ASCII characters; the same key and body answer the first result")),
    responses(
        (status = 202, description = "Queued (or the earlier generation of this Idempotency-Key)", body = GenerationTaskResponse,
            headers(("Location" = String, description = "The generation's status URL"))),
        (status = 404, description = "`Job not found` (also another user's)", body = ErrorBody),
        (status = 422, description = "Schema errors, a bad Idempotency-Key, or a key used with another request (string)", body = UnprocessableBody),
        (status = 429, description = "Too many of the caller's generations queued or running", body = ErrorBody),
    )
)]
pub(crate) async fn submit(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    body: JsonBody<GenerationTaskRequest>,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency_key(&req)?;
    let body = body.into_inner();
    let job_id = body_job_id(&body.job_id)?;
    let request = body
        .request()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("validated options out of range")))?;
    let user = user.0.user.id();
    let (task, replayed) = state.tasks.submit(user, job_id, request, key).await?;
    let view = if replayed {
        state.tasks.status(user, task.id).await?
    } else {
        tailor_domain::services::TaskView::of_task(task, None)
    };
    let mut res = HttpResponse::Accepted();
    res.insert_header((header::LOCATION, format!("/api/v1/generations/{}", view.id)));
    if replayed {
        res.insert_header((IDEMPOTENT_REPLAYED, "true"));
    }
    Ok(res.json(GenerationTaskResponse::from(&view)))
}

/// A generation's state.
///
/// `queued`, `running` (with its `stage` and `progress`), `completed` (with the document
/// in `result`), `failed` (with `error`) or `cancelled`. A generation made by the
/// synchronous routes reads as completed.
#[utoipa::path(
    get, path = "/api/v1/generations/{generation_id}", tag = "generation", security(("bearer" = [])),
    params(("generation_id" = String, Path, format = Uuid)),
    responses(
        (status = 200, description = "The generation's state", body = GenerationTaskResponse),
        (status = 404, description = "`Generation not found` (also another user's)", body = ErrorBody),
        (status = 422, description = "A non-UUID id", body = ValidationErrorBody),
    )
)]
pub(crate) async fn status(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = GenerationId::from_uuid(path_uuid("generation_id", &path)?);
    let view = state.tasks.status(user.0.user.id(), id).await?;
    Ok(HttpResponse::Ok().json(GenerationTaskResponse::from(&view)))
}

/// Cancel a generation.
///
/// A queued generation is cancelled at once (200); a running one stops at its next stage
/// and nothing of it is kept (202, `cancel_requested: true`). One that already ended is
/// 409.
#[utoipa::path(
    post, path = "/api/v1/generations/{generation_id}/cancel", tag = "generation", security(("bearer" = [])),
    params(("generation_id" = String, Path, format = Uuid)),
    responses(
        (status = 200, description = "Cancelled", body = GenerationTaskResponse),
        (status = 202, description = "Running: it stops at its next stage", body = GenerationTaskResponse),
        (status = 404, description = "`Generation not found` (also another user's)", body = ErrorBody),
        (status = 409, description = "It already ended", body = ErrorBody),
        (status = 422, description = "A non-UUID id", body = ValidationErrorBody),
    )
)]
pub(crate) async fn cancel(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = GenerationId::from_uuid(path_uuid("generation_id", &path)?);
    let task = state.tasks.cancel(user.0.user.id(), id).await?;
    let stopped = task.status == TaskStatus::Cancelled;
    let view = tailor_domain::services::TaskView::of_task(task, None);
    let body = GenerationTaskResponse::from(&view);
    Ok(if stopped {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::Accepted().json(body)
    })
}

/// A generation's changes as server-sent events.
///
/// `text/event-stream`: one event per change, named by its status (`queued`, `running`,
/// `completed`, `failed`, `cancelled`) with the stage and progress in its JSON data and its
/// number as the event `id`; the stream ends after the final event (`completed` carries
/// the document). Comments (`: keep-alive`) keep an idle connection open. Reconnect with
/// `Last-Event-ID` to get only what came after.
#[utoipa::path(
    get, path = "/api/v1/generations/{generation_id}/events", tag = "generation", security(("bearer" = [])),
    params(
        ("generation_id" = String, Path, format = Uuid),
        ("Last-Event-ID" = Option<String>, Header, max_length = 20, description = "The last event's id the client has (a number; anything else counts as none)"),
    ),
    responses(
        (status = 200, description = "The event stream; each event's data is a GenerationEventData", content_type = "text/event-stream", body = String),
        (status = 404, description = "`Generation not found` (also another user's)", body = ErrorBody),
        (status = 422, description = "A non-UUID id", body = ValidationErrorBody),
    )
)]
pub(crate) async fn events(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = GenerationId::from_uuid(path_uuid("generation_id", &path)?);
    let user = user.0.user.id();
    let after = req
        .headers()
        .get("Last-Event-ID")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or(0)
        .max(0);
    // Watch before the first read, so no change falls between the two.
    let watch = state.task_hub.watch(id);
    // Ownership is checked here: a 404 is an answer, not an empty stream.
    let first = state.tasks.events(user, id, after).await?;
    let stream = EventStream {
        tasks: Arc::clone(&state.tasks),
        watch,
        user,
        id,
        last_seq: after,
        pending: Some(first),
        done: false,
        opened: false,
        heartbeat: state.settings.sse_heartbeat,
        poll: state.settings.sse_poll,
        last_write: Instant::now(),
    };
    let body = futures_util::stream::unfold(stream, EventStream::next_chunk);
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(body))
}

/// One open event stream.
struct EventStream {
    tasks: Arc<GenerationTasks>,
    watch: Watch,
    user: UserId,
    id: GenerationId,
    last_seq: i64,
    /// Events read before the stream started.
    pending: Option<Vec<TaskEvent>>,
    done: bool,
    opened: bool,
    heartbeat: Duration,
    poll: Duration,
    last_write: Instant,
}

impl EventStream {
    async fn next_chunk(mut self) -> Option<(Result<Bytes, Infallible>, Self)> {
        if self.done {
            return None;
        }
        if !self.opened {
            self.opened = true;
            self.last_write = Instant::now();
            let open = format!("retry: {SSE_RETRY_MS}\n\n");
            return Some((Ok(Bytes::from(open)), self));
        }
        loop {
            let notify = self.watch.notify();
            let mut changed = std::pin::pin!(notify.notified());
            changed.as_mut().enable();
            let events = match self.pending.take() {
                Some(events) => events,
                None => match self.tasks.events(self.user, self.id, self.last_seq).await {
                    Ok(events) => events,
                    Err(e) => {
                        // Gone (deleted) or a database fault: the stream ends, and a client
                        // that reconnects gets the answer as a status code.
                        tracing::debug!(error = %e, "generation event stream ends");
                        return None;
                    }
                },
            };
            if !events.is_empty() {
                let chunk = self.write(&events).await;
                self.last_write = Instant::now();
                return Some((Ok(Bytes::from(chunk)), self));
            }
            let since = self.last_write.elapsed();
            if since >= self.heartbeat {
                self.last_write = Instant::now();
                return Some((Ok(Bytes::from_static(b": keep-alive\n\n")), self));
            }
            let wait = self.poll.min(self.heartbeat - since);
            tokio::select! {
                () = &mut changed => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// The events as SSE text; marks the stream done at a final one.
    async fn write(&mut self, events: &[TaskEvent]) -> String {
        let mut out = String::new();
        for e in events {
            let result = if e.status == TaskStatus::Completed {
                match self.tasks.status(self.user, self.id).await {
                    Ok(view) => view
                        .generation
                        .as_ref()
                        .map(|g| GenerationResponse::new(g, true)),
                    Err(_) => None,
                }
            } else {
                None
            };
            let data = GenerationEventData::new(self.id, e, result);
            let data = serde_json::to_string(&data).unwrap_or_else(|_| "{}".to_owned());
            let _ = write!(
                out,
                "id: {}\nevent: {}\ndata: {data}\n\n",
                e.seq,
                e.status.as_str()
            );
            self.last_seq = e.seq;
            if e.status.is_terminal() {
                self.done = true;
                break;
            }
        }
        out
    }
}
