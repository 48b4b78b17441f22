//! Who is calling: one extractor, [`Who`], for every route that is not public. It reads an
//! `Authorization: Bearer <token>` header (integrators, scripts), else the session cookie
//! (`wenlv_session`, set by the sign-in page), else the caller is an anonymous visitor. What the
//! caller may do is decided by the application layer (`wenlv_app::Actor::check`), never here.
//!
//! A bearer header that is not a live token is refused outright (401), never read as a visitor:
//! a script with a revoked token must notice. A session cookie that is not a live session is
//! read as no session (the pages then offer the sign-in form). The caller's address comes from
//! the connection (`ConnectInfo`), not from headers a client can forge, except from a reverse
//! proxy the operator named (`wenlv serve --trusted-proxy IP`), whose `X-Forwarded-For` is used.
//!
//! Forms: a signed-in form carries the session's CSRF token (`csrf`, derived from the session
//! secret, see `wenlv_app::accounts::csrf_token`); the sign-in form, before any session exists,
//! carries a random value that must match the `wenlv_csrf` cookie (double submit). Cookies are
//! `HttpOnly`, `SameSite=Lax`, and `Secure` when the request came over HTTPS (a TLS proxy in
//! front sets `X-Forwarded-Proto: https`).

use crate::AppState;
use crate::problem::Problem;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use axum_extra::extract::cookie::CookieJar;
use std::net::SocketAddr;
use wenlv_app::accounts::SESSION_ABSOLUTE;
use wenlv_app::{Actor, Caller};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "wenlv_session";
/// The sign-in form's double-submit CSRF cookie.
pub const CSRF_COOKIE: &str = "wenlv_csrf";

/// The caller of a request, and their session when they came with one.
#[derive(Debug, Clone)]
pub struct Who {
    pub caller: Caller,
    pub session: Option<SignedIn>,
    /// Whether the request came over HTTPS (cookies are then `Secure`).
    pub https: bool,
}

/// A live browser session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub secret: String,
    /// The token every form of this session must carry.
    pub csrf: String,
    pub user: String,
    /// Signed in with a one-time password: the pages ask for a new one first.
    pub must_change_password: bool,
}

impl Who {
    pub fn actor(&self) -> &Actor {
        &self.caller.actor
    }
}

/// The caller's address: the connection's peer, or, when the peer is one of the trusted
/// reverse proxies, the last (proxy-appended) entry of `X-Forwarded-For` (`unknown` when
/// served without connection info).
pub fn address(parts: &Parts, trusted_proxies: &[std::net::IpAddr]) -> String {
    let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() else {
        return "unknown".to_string();
    };
    if trusted_proxies.contains(&peer.ip()) {
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|v| !v.is_empty())
            .and_then(|v| v.parse::<std::net::IpAddr>().ok());
        if let Some(ip) = forwarded {
            return ip.to_string();
        }
    }
    peer.ip().to_string()
}

fn https(parts: &Parts) -> bool {
    parts.uri.scheme_str() == Some("https")
        || parts
            .headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// A `Set-Cookie` value: `HttpOnly`, `SameSite=Lax`, `Secure` over HTTPS; `max_age` in seconds
/// (0 removes the cookie). Values are URL-safe base64, never free text.
pub fn cookie(name: &str, value: &str, max_age: i64, https: bool) -> String {
    format!(
        "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{}",
        if https { "; Secure" } else { "" }
    )
}

/// The session cookie for a new session (it lives as long as a session may).
pub fn session_cookie(secret: &str, https: bool) -> String {
    cookie(SESSION_COOKIE, secret, SESSION_ABSOLUTE.as_secs(), https)
}

impl FromRequestParts<AppState> for Who {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Who, Problem> {
        let origin = address(parts, &state.trusted_proxies);
        let https = https(parts);
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::trim)
                .ok_or_else(|| {
                    Problem::unauthenticated(
                        "the Authorization header must be 'Bearer <token>'".to_string(),
                    )
                })?;
            return match state.app.actor_for_token(token).await {
                Ok(actor) => Ok(Who {
                    caller: Caller::new(actor, origin),
                    session: None,
                    https,
                }),
                Err(wenlv_app::AuthError::Store(e)) => Err(Problem::internal(&e)),
                Err(e) => {
                    tracing::info!(%origin, reason = %e, "bearer token refused");
                    Err(Problem::unauthenticated(
                        "the bearer token is unknown, expired or revoked".to_string(),
                    ))
                }
            };
        }
        let jar = CookieJar::from_request_parts(parts, state)
            .await
            .unwrap_or_default();
        if let Some(secret) = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()) {
            match state.app.actor_for_session(&secret).await {
                Ok(found) => {
                    return Ok(Who {
                        caller: Caller::new(found.actor, origin),
                        session: Some(SignedIn {
                            secret,
                            csrf: found.csrf,
                            user: found.user,
                            must_change_password: found.must_change_password,
                        }),
                        https,
                    });
                }
                Err(wenlv_app::AuthError::Store(e)) => return Err(Problem::internal(&e)),
                Err(_) => {}
            }
        }
        Ok(Who {
            caller: Caller::new(Actor::Visitor, origin),
            session: None,
            https,
        })
    }
}
