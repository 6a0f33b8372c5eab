//! The edge middleware every response passes: it answers CORS preflights, limits the time
//! a request body may take to arrive, turns handler errors and panics into contract error
//! bodies, adds the CORS and security headers and `X-Request-Id`, and logs one line per
//! request with its status and latency.

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

use crate::body_timeout::{self, BodyWatch};
use crate::error::{ErrorBody, internal_error_response};
use crate::security_headers::{HeaderPolicy, allow_header};
use crate::state::{AppState, HttpSettings};

pub(crate) const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// What the way back needs to know about the request.
struct Finish {
    state: Option<web::Data<AppState>>,
    origin: Option<HeaderValue>,
    request_id: Option<RequestId>,
    policy: HeaderPolicy,
}

impl Finish {
    /// Adds the CORS headers (when there is an app state), the security headers and
    /// `X-Request-Id`.
    fn headers(&self, headers: &mut HeaderMap) {
        if let Some(state) = &self.state {
            state.settings.cors.decorate(self.origin.as_ref(), headers);
        }
        self.security_headers(headers);
    }

    /// The security headers and `X-Request-Id` (a preflight answer has its own CORS ones).
    fn security_headers(&self, headers: &mut HeaderMap) {
        let hsts = self.state.as_ref().is_some_and(|s| s.settings.hsts);
        self.policy.apply(hsts, headers);
        if let Some(id) = self.request_id
            && let Ok(value) = HeaderValue::from_str(&id.to_string())
        {
            headers.insert(REQUEST_ID, value);
        }
    }

    /// The final answer of an error or a panic: 408 instead when the body did not arrive in
    /// time, the unread body handed over, the headers added.
    fn error_answer(&self, mut response: HttpResponse, body: Option<BodyWatch>) -> HttpResponse {
        if let Some(body) = body {
            if body.timed_out() {
                response = body_timed_out(&body);
            }
            response = body.settle(response);
        }
        self.headers(response.headers_mut());
        response
    }
}

pub(crate) async fn edge(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let finish = Finish {
        state: req.app_data::<web::Data<AppState>>().cloned(),
        origin: req.headers().get(header::ORIGIN).cloned(),
        request_id: req.extensions().get::<RequestId>().copied(),
        policy: HeaderPolicy::for_path(req.path()),
    };

    if req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
        && let (Some(state), Some(origin)) = (&finish.state, finish.origin.as_ref())
    {
        let origin = origin.to_str().unwrap_or_default().to_owned();
        let requested = req
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .cloned();
        let res = state.settings.cors.preflight(&origin, requested.as_ref());
        let mut res = req.into_response(res);
        finish.security_headers(res.headers_mut());
        return Ok(res);
    }

    let body_limit = finish.state.as_ref().map_or_else(
        || HttpSettings::default().body_read_timeout,
        |s| s.settings.body_read_timeout,
    );
    let body = body_timeout::watch(&mut req, body_limit);

    // The request cannot be cloned here (routing needs it unshared), so errors that escape
    // the handlers and panics are answered through an `InternalError` carrying a finished
    // response, which the server sends as it is.
    let outcome = AssertUnwindSafe(next.call(req)).catch_unwind().await;
    let mut res: ServiceResponse<BoxBody> = match outcome {
        Ok(Ok(res)) => res.map_into_boxed_body(),
        Ok(Err(err)) => {
            let response = err.error_response();
            if response.status().is_server_error() {
                tracing::error!(error = %err, "request failed");
            }
            let response = finish.error_answer(response, body);
            return Err(InternalError::from_response(err.to_string(), response).into());
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            tracing::error!(panic = %what, "handler panicked");
            let response = finish.error_answer(internal_error_response(), body);
            return Err(InternalError::from_response("handler panicked", response).into());
        }
    };

    if res.status() == StatusCode::METHOD_NOT_ALLOWED {
        let allow = res.request().match_pattern().and_then(|p| allow_header(&p));
        if matches!(
            res.response().body().size(),
            BodySize::Sized(0) | BodySize::None
        ) {
            res = res.into_response(HttpResponse::MethodNotAllowed().json(ErrorBody {
                detail: "Method Not Allowed".to_owned(),
            }));
        }
        if let Some((name, value)) = allow {
            res.headers_mut().insert(name, value);
        }
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

    // Last, so that no later change of the answer drops the unread body it holds.
    if let Some(body) = body {
        let (req, mut response) = res.into_parts();
        if body.timed_out() {
            response = body_timed_out(&body);
        }
        res = ServiceResponse::new(req, body.settle(response));
    }

    finish.headers(res.headers_mut());
    let status = res.status().as_u16();
    let latency_ms = (started.elapsed().as_secs_f64() * 1_000_000.0).round() / 1000.0;
    tracing::info!(http.status_code = status, latency_ms, "request finished");
    Ok(res)
}

fn body_timed_out(body: &BodyWatch) -> HttpResponse {
    tracing::warn!(
        limit_secs = body.limit().as_secs_f64(),
        "request body not received in time"
    );
    body_timeout::timeout_response()
}

/// Where a 404 for a path with a trailing slash redirects: the same local path without the
/// slash. Only a path that stays on this server qualifies: one leading `/` not followed by
/// another `/` or a `\`, which browsers read as the start of another host (`//evil.example`).
fn without_trailing_slash(res: &ServiceResponse<BoxBody>) -> Option<String> {
    redirect_target(res.request().path(), res.request().query_string())
}

fn redirect_target(path: &str, query: &str) -> Option<String> {
    if path.len() <= 1 || !path.ends_with('/') {
        return None;
    }
    let trimmed = path.trim_end_matches('/');
    let mut rest = trimmed.strip_prefix('/')?.chars();
    if matches!(rest.next(), None | Some('/' | '\\')) {
        return None;
    }
    Some(if query.is_empty() {
        trimmed.to_owned()
    } else {
        format!("{trimmed}?{query}")
    })
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

#[cfg(test)]
mod tests {
    use actix_web::App;
    use actix_web::middleware::from_fn;
    use actix_web::test::{TestRequest, init_service, try_call_service};

    use super::*;

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert_eq!(
            redirect_target("/api/v1/auth/me/", ""),
            Some("/api/v1/auth/me".to_owned())
        );
        assert_eq!(
            redirect_target("/api/v1/jobs//", "q=x"),
            Some("/api/v1/jobs?q=x".to_owned())
        );
        for path in [
            "//evil.example/",
            "//evil.example/login/",
            "///evil.example/",
            "/\\evil.example/",
            "/\\/evil.example/",
            "/",
            "//",
            "/api/v1/auth/me",
        ] {
            assert_eq!(redirect_target(path, "next=x"), None, "{path}");
        }
    }

    #[actix_web::test]
    async fn a_panic_becomes_a_500_with_every_header() {
        let app = init_service(App::new().wrap(from_fn(edge)).route(
            "/api/v1/boom",
            web::get().to(|| async {
                panic!("boom");
                #[allow(unreachable_code)]
                HttpResponse::Ok().finish()
            }),
        ))
        .await;
        let err = try_call_service(&app, TestRequest::get().uri("/api/v1/boom").to_request())
            .await
            .expect_err("a panic escapes as an error carrying its answer");
        let res = err.error_response();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let headers = res.headers();
        assert_eq!(
            headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
            "nosniff"
        );
        assert_eq!(headers.get(header::X_FRAME_OPTIONS).unwrap(), "DENY");
        assert_eq!(headers.get(header::REFERRER_POLICY).unwrap(), "no-referrer");
        assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
        assert!(
            headers
                .get(header::CONTENT_SECURITY_POLICY)
                .unwrap()
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'")
        );
    }
}
