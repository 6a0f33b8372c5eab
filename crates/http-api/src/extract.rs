//! Request extractors: the authenticated principal and the client address.

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use tailor_domain::session::Principal;

use crate::error::ApiError;
use crate::state::AppState;

/// The caller of a protected route.
///
/// No `Authorization` header (or an empty bearer) is 403 `Not authenticated`; another scheme
/// is 403 `Invalid authentication credentials`; a bearer token that is not a valid access
/// token of a live session of an active user is 401 `Invalid authentication token`.
#[derive(Debug, Clone)]
pub struct AuthUser(pub Principal);

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer_token(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no app state")))?;
            let token = token?;
            let principal = state.accounts.authenticate(&token).await?;
            tracing::Span::current().record("user.id", principal.user.id().get());
            Ok(Self(principal))
        })
    }
}

fn bearer_token(req: &HttpRequest) -> Result<String, ApiError> {
    let not_authenticated = || ApiError::Forbidden("Not authenticated".to_owned());
    let raw = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(not_authenticated)?
        .to_str()
        .map_err(|_| ApiError::Forbidden("Invalid authentication credentials".to_owned()))?
        .trim();
    let (scheme, credentials) = raw.split_once(' ').unwrap_or((raw, ""));
    let credentials = credentials.trim();
    if scheme.is_empty() || credentials.is_empty() {
        return Err(not_authenticated());
    }
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(ApiError::Forbidden(
            "Invalid authentication credentials".to_owned(),
        ));
    }
    Ok(credentials.to_owned())
}

/// The client's address: the connection's peer, or with `trust_forwarded_for` the
/// left-most `X-Forwarded-For` entry the proxy recorded.
pub fn client_ip(req: &HttpRequest, trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for
        && let Some(ip) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok())
    {
        return Some(ip);
    }
    req.peer_addr().map(|a| a.ip())
}
