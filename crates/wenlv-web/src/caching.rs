//! HTTP caching as browsers and CDNs expect it: validators, conditional requests and
//! `Cache-Control` per kind of answer. Compression itself is tower-http's `CompressionLayer`
//! (gzip and brotli, for text, when the client accepts them); see [`crate::edge::layers`] for the
//! order.
//!
//! - **ETag.** A successful `GET`/`HEAD` answer (API and pages) gets a strong ETag made from its
//!   bytes (length and a 64-bit hash), and a request whose `If-None-Match` names it is answered
//!   `304 Not Modified` with no body. The public reads are answered before this layer by
//!   [`crate::ready`] (the same tags, made once per kept answer); this layer tags the rest. Answers whose size is not known or
//!   above [`MAX_TAGGED_BODY`] (a stream) pass untouched; so do answers that already carry an
//!   ETag (the assets) or set a cookie.
//! - **One ETag per representation.** A compressed answer is another representation, so its
//!   strong ETag gets the coding as a suffix (`"…-gzip"`, `"…-br"`), as Apache does; the suffix
//!   is taken off an incoming `If-None-Match` before the comparison ([`tag_per_encoding`]).
//! - **Cache-Control per kind** (when the handler set none):
//!   - assets: the handler's own (`immutable` for a hashed URL, else `no-cache`);
//!   - API answers: `max-age=10, must-revalidate` (a CDN or browser may reuse one for 10
//!     seconds, then asks again with the ETag); `private, no-cache` when the request carried a
//!     cookie or credentials, so an answer that may depend on who asked is never stored by a
//!     shared cache;
//!   - pages: `private, no-cache` and `Vary: Cookie, Accept-Language` — the language and the
//!     visitor's profile (cookies) change prices and words, so only the browser may keep a page,
//!     and it revalidates every time (a cheap 304);
//!   - anything else (errors, other methods): `no-store`.
//! - `Vary: Accept-Encoding` is set by the compression layer on every compressible answer.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use std::hash::Hasher;

/// Answers larger than this (or of unknown size) get no ETag: they are streamed, not buffered.
pub const MAX_TAGGED_BODY: u64 = 4 * 1024 * 1024;

/// The codings the compression layer may apply, as they appear in `Content-Encoding`.
const CODINGS: [&str; 2] = ["gzip", "br"];

/// What kind of answer a path gives, for its caching rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Asset,
    Api,
    Page,
}

impl Kind {
    pub fn of(path: &str) -> Kind {
        if path.starts_with("/assets/") {
            Kind::Asset
        } else if path.starts_with("/api/") {
            Kind::Api
        } else {
            Kind::Page
        }
    }
}

/// The middleware: `Cache-Control` and `Vary` per kind, the ETag and the 304.
pub async fn conditional(request: Request, next: Next) -> Response {
    let readable = matches!(*request.method(), Method::GET | Method::HEAD);
    let kind = Kind::of(request.uri().path());
    let credentials = request.headers().contains_key(header::COOKIE)
        || request.headers().contains_key(header::AUTHORIZATION);
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    let (mut parts, body) = response.into_parts();
    let ok = parts.status.is_success() || parts.status == StatusCode::NOT_MODIFIED;
    if !readable || !ok {
        parts
            .headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
        return Response::from_parts(parts, body);
    }
    let cache_control = match kind {
        Kind::Asset => "no-cache",
        Kind::Api if credentials => "private, no-cache",
        Kind::Api => "max-age=10, must-revalidate",
        Kind::Page => "private, no-cache",
    };
    parts
        .headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(cache_control));
    if kind == Kind::Page {
        parts.headers.append(
            header::VARY,
            HeaderValue::from_static("Cookie, Accept-Language"),
        );
    }
    if parts.status != StatusCode::OK
        || parts.headers.contains_key(header::ETAG)
        || parts.headers.contains_key(header::SET_COOKIE)
    {
        return Response::from_parts(parts, body);
    }
    use axum::body::HttpBody as _;
    if body
        .size_hint()
        .upper()
        .is_none_or(|size| size > MAX_TAGGED_BODY)
    {
        return Response::from_parts(parts, body);
    }
    let bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            return crate::problem::Problem::internal(&format!("reading an answer's body: {e}"))
                .into_response();
        }
    };
    let tag = etag(&bytes);
    parts.headers.insert(
        header::ETAG,
        HeaderValue::from_str(&tag).expect("a quoted hex tag is a valid header"),
    );
    if if_none_match.is_some_and(|v| matches_any(&v, &tag)) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_TYPE);
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The strong ETag of `bytes`: `"<length hex>-<hash hex>"`.
pub fn etag(bytes: &[u8]) -> String {
    // `DefaultHasher::new` has fixed keys: the same bytes give the same tag in every process of
    // one build (two servers behind one CDN agree).
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(bytes);
    format!("\"{:x}-{:016x}\"", bytes.len(), hasher.finish())
}

/// Whether an `If-None-Match` value names `tag` (weak comparison, as RFC 9110 prescribes for
/// `If-None-Match`; `*` names any).
fn matches_any(if_none_match: &HeaderValue, tag: &str) -> bool {
    let Ok(text) = if_none_match.to_str() else {
        return false;
    };
    text.split(',').map(str::trim).any(|t| {
        t == "*" || t.strip_prefix("W/").unwrap_or(t) == tag.strip_prefix("W/").unwrap_or(tag)
    })
}

/// Outside the compression layer: a compressed answer's ETag gets the coding as a suffix, and an
/// incoming `If-None-Match` loses it (so the inner comparison sees the identity tag). A 304
/// answers with the tag the client sent, suffix included.
pub async fn tag_per_encoding(mut request: Request, next: Next) -> Response {
    let sent_coding = strip_coding_suffixes(request.headers_mut());
    let mut response = next.run(request).await;
    let coding = match response.headers().get(header::CONTENT_ENCODING) {
        Some(v) => v.to_str().ok().map(str::to_string),
        None if response.status() == StatusCode::NOT_MODIFIED => sent_coding,
        None => None,
    };
    if let Some(coding) = coding
        && let Some(tag) = response.headers().get(header::ETAG)
        && let Ok(tag) = tag.to_str()
        && let Some(open) = tag.strip_suffix('"')
        && let Ok(value) = HeaderValue::from_str(&format!("{open}-{coding}\""))
    {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// Takes `-gzip` / `-br` off the tags of `If-None-Match`; returns the coding found, if any.
fn strip_coding_suffixes(headers: &mut HeaderMap) -> Option<String> {
    let text = headers
        .get(header::IF_NONE_MATCH)?
        .to_str()
        .ok()?
        .to_string();
    let mut found = None;
    let tags: Vec<String> = text
        .split(',')
        .map(|t| {
            let t = t.trim();
            for coding in CODINGS {
                if let Some(base) = t.strip_suffix(&format!("-{coding}\"")) {
                    found = Some(coding.to_string());
                    return format!("{base}\"");
                }
            }
            t.to_string()
        })
        .collect();
    if let Ok(value) = HeaderValue::from_str(&tags.join(", ")) {
        headers.insert(header::IF_NONE_MATCH, value);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_differ_with_the_bytes_and_match_weakly() {
        let a = etag(b"one");
        assert_ne!(a, etag(b"two"));
        assert_eq!(a, etag(b"one"));
        assert!(a.starts_with("\"3-") && a.ends_with('"'), "{a}");
        let v = |s: &str| HeaderValue::from_str(s).unwrap();
        assert!(matches_any(&v(&a), &a));
        assert!(matches_any(&v(&format!("\"x\", W/{a}")), &a));
        assert!(matches_any(&v("*"), &a));
        assert!(!matches_any(&v(&etag(b"two")), &a));
    }

    #[test]
    fn coding_suffixes_come_off_if_none_match() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"3-ab-br\", \"4-cd\""),
        );
        assert_eq!(strip_coding_suffixes(&mut headers).as_deref(), Some("br"));
        assert_eq!(headers[header::IF_NONE_MATCH], "\"3-ab\", \"4-cd\"");
    }

    #[test]
    fn kinds_by_path() {
        assert_eq!(Kind::of("/assets/app.css"), Kind::Asset);
        assert_eq!(Kind::of("/api/places"), Kind::Api);
        assert_eq!(Kind::of("/places/kumbum_monastery"), Kind::Page);
        assert_eq!(Kind::of("/"), Kind::Page);
    }
}
