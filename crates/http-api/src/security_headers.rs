//! The headers every response carries, whatever produced it (handlers, errors, 404s, 405s,
//! panics, preflights, the Swagger UI): no content sniffing, no framing, no referrer, a
//! content security policy, `Cache-Control: no-store` on the API's personal data and tokens,
//! HSTS when the server is reached over HTTPS only, and `Allow` on 405 answers.

use std::collections::HashMap;
use std::sync::LazyLock;

use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use utoipa::OpenApi;

use crate::openapi::ApiDoc;

/// API answers are data: nothing in them may load, run or be framed.
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";
/// The Swagger UI page loads its own scripts, styles and images (icons as `data:` URIs),
/// sets inline styles, and fetches the OpenAPI document and "try it out" calls from here.
const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// What a request's answer needs, decided from its path before the request is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HeaderPolicy {
    docs: bool,
    no_store: bool,
}

impl HeaderPolicy {
    pub(crate) fn for_path(path: &str) -> Self {
        let docs = path == "/docs" || path.starts_with("/docs/");
        // Everything under /api/v1 is personal data or tokens, except the public browse
        // catalogue and the OpenAPI document.
        let api = path == "/api/v1" || path.starts_with("/api/v1/");
        let public = matches!(path, "/api/v1/jobs/browse" | "/api/v1/openapi.json");
        Self {
            docs,
            no_store: api && !public,
        }
    }

    /// Adds the security headers to `headers`.
    pub(crate) fn apply(self, hsts: bool, headers: &mut HeaderMap) {
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(if self.docs { DOCS_CSP } else { API_CSP }),
        );
        if self.no_store {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        if hsts {
            headers.insert(
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static(HSTS),
            );
        }
    }
}

/// The methods each route template serves, as an `Allow` value. Taken from the OpenAPI
/// document, which lists every operation the server routes (the API tests check both ways:
/// every documented operation is served, and every other method of a documented path is a
/// 405 with this `Allow`).
static ALLOWED_METHODS: LazyLock<HashMap<String, HeaderValue>> = LazyLock::new(|| {
    ApiDoc::openapi()
        .paths
        .paths
        .iter()
        .filter_map(|(path, item)| {
            let methods: Vec<&str> = [
                ("GET", item.get.is_some()),
                ("HEAD", item.head.is_some()),
                ("POST", item.post.is_some()),
                ("PUT", item.put.is_some()),
                ("PATCH", item.patch.is_some()),
                ("DELETE", item.delete.is_some()),
                ("OPTIONS", item.options.is_some()),
            ]
            .into_iter()
            .filter_map(|(method, served)| served.then_some(method))
            .collect();
            let value = HeaderValue::from_str(&methods.join(", ")).ok()?;
            Some((path.clone(), value))
        })
        .collect()
});

/// Builds the `Allow` table now rather than on the first 405.
pub(crate) fn prepare() {
    LazyLock::force(&ALLOWED_METHODS);
}

/// `Allow` for a 405 on the route template `pattern` (as actix matched it).
pub(crate) fn allow_header(pattern: &str) -> Option<(HeaderName, HeaderValue)> {
    ALLOWED_METHODS
        .get(pattern)
        .map(|methods| (header::ALLOW, methods.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_data_is_not_stored_but_public_pages_may_be() {
        for path in [
            "/api/v1/auth/login",
            "/api/v1/auth/me",
            "/api/v1/profiles/7",
            "/api/v1/jobs",
            "/api/v1/jobs/browse/",
            "/api/v1/samples/x",
            "/api/v1",
        ] {
            assert!(HeaderPolicy::for_path(path).no_store, "{path}");
        }
        for path in [
            "/api/v1/jobs/browse",
            "/api/v1/openapi.json",
            "/health",
            "/docs/",
            "/",
            "/api/v10",
        ] {
            assert!(!HeaderPolicy::for_path(path).no_store, "{path}");
        }
    }

    #[test]
    fn the_docs_get_their_own_policy_and_everything_else_the_strict_one() {
        let mut headers = HeaderMap::new();
        HeaderPolicy::for_path("/docs/index.css").apply(false, &mut headers);
        let csp = headers.get(header::CONTENT_SECURITY_POLICY).unwrap();
        assert_eq!(csp, DOCS_CSP);
        assert!(headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());

        let mut headers = HeaderMap::new();
        HeaderPolicy::for_path("/api/v1/auth/me").apply(true, &mut headers);
        assert_eq!(
            headers.get(header::CONTENT_SECURITY_POLICY).unwrap(),
            API_CSP
        );
        assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
        assert_eq!(
            headers.get(header::STRICT_TRANSPORT_SECURITY).unwrap(),
            HSTS
        );
        assert_eq!(headers.get(header::X_FRAME_OPTIONS).unwrap(), "DENY");
    }

    #[test]
    fn allow_lists_the_documented_methods_of_a_route() {
        let (name, value) = allow_header("/api/v1/jobs/{job_id}").unwrap();
        assert_eq!(name, header::ALLOW);
        assert_eq!(value, "GET, PUT, DELETE");
        assert_eq!(allow_header("/api/v1/auth/login").unwrap().1, "POST");
        assert!(allow_header("/nowhere").is_none());
    }
}
