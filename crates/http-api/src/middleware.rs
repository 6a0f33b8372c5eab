//! The edge middleware every response passes: it answers CORS preflights, turns handler
//! errors and panics into contract error bodies, adds the CORS headers and `X-Request-Id`,
//! and logs one line per request with its status and latency.

use std::panic::AssertUnwindSafe;
use std::time::Instant;

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::InternalError;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, web};
use futures_util::FutureExt;
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};

use crate::error::{ErrorBody, internal_error_response};
use crate::state::AppState;

pub(crate) const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub(crate) async fn edge(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let origin = req.headers().get(header::ORIGIN).cloned();
    let request_id = req.extensions().get::<RequestId>().copied();

    if req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
        && let (Some(state), Some(origin)) = (&state, origin.as_ref())
    {
        let origin = origin.to_str().unwrap_or_default().to_owned();
        let requested = req
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .cloned();
        let res = state.settings.cors.preflight(&origin, requested.as_ref());
        let mut res = req.into_response(res);
        finish_headers(None, None, request_id, res.headers_mut());
        return Ok(res);
    }

    // The request cannot be cloned here (routing needs it unshared), so errors that escape
    // the handlers and panics are answered through an `InternalError` carrying a finished
    // response, which the server sends as it is.
    let outcome = AssertUnwindSafe(next.call(req)).catch_unwind().await;
    let mut res: ServiceResponse<BoxBody> = match outcome {
        Ok(Ok(res)) => res.map_into_boxed_body(),
        Ok(Err(err)) => {
            let mut response = err.error_response();
            if response.status().is_server_error() {
                tracing::error!(error = %err, "request failed");
            }
            finish_headers(
                state.as_ref().map(|s| s.get_ref()),
                origin.as_ref(),
                request_id,
                response.headers_mut(),
            );
            return Err(InternalError::from_response(err.to_string(), response).into());
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            tracing::error!(panic = %what, "handler panicked");
            let mut response = internal_error_response();
            finish_headers(
                state.as_ref().map(|s| s.get_ref()),
                origin.as_ref(),
                request_id,
                response.headers_mut(),
            );
            return Err(InternalError::from_response("handler panicked", response).into());
        }
    };

    if res.status() == StatusCode::METHOD_NOT_ALLOWED
        && matches!(
            res.response().body().size(),
            BodySize::Sized(0) | BodySize::None
        )
    {
        res = res.into_response(HttpResponse::MethodNotAllowed().json(ErrorBody {
            detail: "Method Not Allowed".to_owned(),
        }));
    } else if res.status() == StatusCode::NOT_FOUND
        && let Some(target) = without_trailing_slash(&res)
    {
        // As the reference server did: `/api/v1/x/` redirects to `/api/v1/x`.
        res = res.into_response(
            HttpResponse::TemporaryRedirect()
                .insert_header((header::LOCATION, target))
                .finish(),
        );
    }

    finish_headers(
        state.as_ref().map(|s| s.get_ref()),
        origin.as_ref(),
        request_id,
        res.headers_mut(),
    );
    let status = res.status().as_u16();
    let latency_ms = (started.elapsed().as_secs_f64() * 1_000_000.0).round() / 1000.0;
    tracing::info!(http.status_code = status, latency_ms, "request finished");
    Ok(res)
}

fn without_trailing_slash(res: &ServiceResponse<BoxBody>) -> Option<String> {
    let path = res.request().path();
    if path.len() <= 1 || !path.ends_with('/') {
        return None;
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return None;
    }
    let query = res.request().query_string();
    Some(if query.is_empty() {
        trimmed.to_owned()
    } else {
        format!("{trimmed}?{query}")
    })
}

/// Adds the CORS headers (when `state` is given) and `X-Request-Id`.
fn finish_headers(
    state: Option<&AppState>,
    origin: Option<&HeaderValue>,
    id: Option<RequestId>,
    headers: &mut HeaderMap,
) {
    if let Some(state) = state {
        state.settings.cors.decorate(origin, headers);
    }
    if let Some(id) = id
        && let Ok(value) = HeaderValue::from_str(&id.to_string())
    {
        headers.insert(REQUEST_ID, value);
    }
}

/// The request span: tracing-actix-web's fields plus `user.id`, filled in once the bearer
/// token is verified.
pub(crate) struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        // Like tracing-actix-web's root span, but the target is the path alone: query
        // strings can carry personal data (`check-email?email=`).
        let route = request.match_pattern().unwrap_or_default();
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route,
            http.target = %request.path(),
            http.flavor = ?request.version(),
            otel.name = %format!("{} {route}", request.method()),
            otel.kind = "server",
            request_id = %request_id,
            user.id = tracing::field::Empty,
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}
