//! CORS as the client's web build expects it: listed origins plus any `http://localhost` or
//! `http://127.0.0.1` port, credentials allowed, the origin echoed (never `*`), all methods
//! and headers allowed, and the headers present on every response, errors and 500s included.

use actix_web::HttpResponse;
use actix_web::http::header::{self, HeaderMap, HeaderValue};

/// Which origins may call the API from a browser.
#[derive(Debug, Clone)]
pub struct CorsPolicy {
    pub allowed_origins: Vec<String>,
    /// Also allow `http://localhost[:port]` and `http://127.0.0.1[:port]`.
    pub allow_localhost: bool,
}

impl Default for CorsPolicy {
    fn default() -> Self {
        Self {
            allowed_origins: [
                "http://localhost:8080",
                "http://localhost:54662",
                "http://localhost:3000",
                "http://127.0.0.1:8080",
                "http://127.0.0.1:54662",
                "http://127.0.0.1:3000",
            ]
            .map(String::from)
            .to_vec(),
            allow_localhost: true,
        }
    }
}

const ALLOWED_METHODS: &str = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";

impl CorsPolicy {
    pub fn allows(&self, origin: &str) -> bool {
        self.allowed_origins.iter().any(|o| o == origin)
            || (self.allow_localhost && is_local_http_origin(origin))
    }

    /// Answers a preflight request: 200 `OK` for an allowed origin, 400 otherwise.
    pub fn preflight(&self, origin: &str, request_headers: Option<&HeaderValue>) -> HttpResponse {
        if !self.allows(origin) {
            return HttpResponse::BadRequest()
                .content_type("text/plain; charset=utf-8")
                .insert_header((header::VARY, "Origin"))
                .body("Disallowed CORS origin");
        }
        let mut res = HttpResponse::Ok();
        res.content_type("text/plain; charset=utf-8")
            .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, origin))
            .insert_header((header::ACCESS_CONTROL_ALLOW_CREDENTIALS, "true"))
            .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS))
            .insert_header((header::ACCESS_CONTROL_MAX_AGE, "600"))
            .insert_header((header::VARY, "Origin"));
        if let Some(h) = request_headers {
            res.insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, h.clone()));
        }
        res.body("OK")
    }

    /// Adds the CORS headers of a simple (non-preflight) response.
    pub fn decorate(&self, origin: Option<&HeaderValue>, headers: &mut HeaderMap) {
        let Some(origin) = origin else { return };
        let Ok(origin_str) = origin.to_str() else {
            return;
        };
        if !self.allows(origin_str) {
            return;
        }
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
    }
}

/// `http://(localhost|127.0.0.1)(:\d+)?`, matched in full.
fn is_local_http_origin(origin: &str) -> bool {
    let Some(rest) = origin.strip_prefix("http://") else {
        return false;
    };
    let rest = rest
        .strip_prefix("localhost")
        .or_else(|| rest.strip_prefix("127.0.0.1"));
    match rest {
        Some("") => true,
        Some(port) => port
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_http_origins_on_any_port_are_allowed() {
        let p = CorsPolicy::default();
        for ok in [
            "http://localhost",
            "http://localhost:5173",
            "http://127.0.0.1:9",
        ] {
            assert!(p.allows(ok), "{ok}");
        }
        for bad in [
            "https://localhost:5173",
            "http://localhost.evil.com",
            "http://localhost:",
            "http://localhost:80a",
            "http://127.0.0.2:80",
            "http://example.com",
        ] {
            assert!(!p.allows(bad), "{bad}");
        }
    }

    #[test]
    fn listed_origins_are_allowed_without_the_localhost_rule() {
        let p = CorsPolicy {
            allowed_origins: vec!["https://app.example.com".into()],
            allow_localhost: false,
        };
        assert!(p.allows("https://app.example.com"));
        assert!(!p.allows("http://localhost:3000"));
    }
}
