//! Ready answers: the public read answers (the place API, the visitor pages) built once per
//! catalogue version and minute, and kept as bytes in every coding a client may ask for.
//!
//! An answer of these routes depends only on the request's path and query, its cookies and
//! `Accept-Language` (the pages' language and visitor profile), the read snapshot (its version,
//! [`wenlv_app::App::catalogue_version`]), the city's data (fixed while the server runs) and the
//! clock, at the minute ("open now", today's hours and prices). So the first `GET` of a
//! [`Key`] in a [`Stamp`] (catalogue version and minute) runs the handler as before, and the
//! answer (status 200, no cookie set, at most [`caching::MAX_TAGGED_BODY`]) is kept; every other
//! `GET` of that key in that stamp is answered from memory:
//!
//! - identity, gzip or brotli bytes, each compressed once, on first demand
//!   ([`Ready::body`]), chosen from `Accept-Encoding` (brotli first, then gzip);
//! - its strong ETag made once from the identity bytes, with the coding as a suffix as
//!   [`caching`] does (`"…-gzip"`, `"…-br"`): a new minute or version that renders the same bytes
//!   keeps the same tag, so the client's copy stays valid;
//! - `If-None-Match` naming any of the answer's tags → `304` with the selected coding's tag, no
//!   work beyond the look-up;
//! - the handler's `Content-Type`, `Cache-Control` and `Vary` (with `Accept-Encoding`).
//!
//! An answer that sets a cookie (a page given `?lang=` or a profile), and an error, is
//! compressed but neither kept nor tagged. A new stamp drops every kept answer. At most
//! [`MAX_ENTRIES`] answers and [`MAX_BYTES`] are kept per stamp (queries are the client's to
//! choose); past that, answers are built per request as before.
//! Requests with `Authorization`, other methods, and every other route pass through.
//!
//! Writes are visible on the next request because the stamp carries the catalogue version,
//! and the version moves on the next request after a write (see `wenlv_app::catalogue`).

use crate::caching;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use http_body_util::BodyExt;
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, OnceLock, RwLock};

/// At most this many answers are kept per stamp.
pub const MAX_ENTRIES: usize = 4096;
/// At most this many bytes of plain answers are kept per stamp (their compressed forms add
/// about half as much again): a client asking for many different queries cannot grow the
/// memory beyond it.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;

/// The routes whose `GET` answers are kept: public reads computed from the snapshot, the city
/// and the clock only. Not the health probes (they must ask the database), the assets (already
/// kept, with their own tags), accounts, the bureau or the OpenAPI document.
pub fn keeps(path: &str) -> bool {
    matches!(
        path,
        "/" | "/places"
            | "/routes"
            | "/plan"
            | "/api/places"
            | "/api/places.geojson"
            | "/api/offers"
            | "/api/calendar"
            | "/api/routes"
            | "/api/stations"
    ) || ["/places/", "/routes/", "/api/places/", "/api/routes/"]
        .iter()
        .any(|prefix| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| !rest.is_empty())
        })
}

/// What an answer is kept under, besides the stamp.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    /// Path and query, as sent.
    uri: String,
    cookie: Option<Bytes>,
    accept_language: Option<Bytes>,
}

impl Key {
    fn of(request: &Request) -> Key {
        let header = |name| {
            let values: Vec<&[u8]> = request
                .headers()
                .get_all(name)
                .iter()
                .map(HeaderValue::as_bytes)
                .collect();
            (!values.is_empty()).then(|| Bytes::from(values.join(&b"; "[..])))
        };
        Key {
            uri: request
                .uri()
                .path_and_query()
                .map_or_else(|| request.uri().path().to_string(), |pq| pq.to_string()),
            cookie: header(header::COOKIE),
            accept_language: header(header::ACCEPT_LANGUAGE),
        }
    }
}

/// When kept answers are valid: the catalogue version and the minute (of the app's clock,
/// in minutes since the Unix epoch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub version: i64,
    pub minute: i64,
}

/// A content coding of a kept answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Br,
}

impl Coding {
    fn name(self) -> Option<&'static str> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some("gzip"),
            Coding::Br => Some("br"),
        }
    }

    /// The coding to answer with: brotli if accepted, else gzip, else identity. A coding is
    /// accepted when named (or `*`) with a non-zero `q`.
    pub fn chosen(accept_encoding: Option<&HeaderValue>) -> Coding {
        let Some(text) = accept_encoding.and_then(|v| v.to_str().ok()) else {
            return Coding::Identity;
        };
        let accepted = |coding: &str| {
            let mut found = None;
            for item in text.split(',') {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or("").trim();
                let q = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .filter_map(|q| q.trim().parse::<f32>().ok())
                    .next()
                    .unwrap_or(1.0);
                if name.eq_ignore_ascii_case(coding) {
                    return q > 0.0;
                }
                if name == "*" {
                    found = Some(q > 0.0);
                }
            }
            found.unwrap_or(false)
        };
        if accepted("br") {
            Coding::Br
        } else if accepted("gzip") {
            Coding::Gzip
        } else {
            Coding::Identity
        }
    }
}

/// One kept answer.
#[derive(Debug)]
pub struct Ready {
    /// The handler's headers worth keeping (type, caching, `Vary`).
    headers: HeaderMap,
    /// Whether the content type is text worth compressing.
    compressible: bool,
    identity: Bytes,
    gzip: OnceLock<Bytes>,
    br: OnceLock<Bytes>,
    /// The identity tag, `"len-hash"` ([`caching::etag`]).
    tag: String,
    /// The `ETag` header of each coding (identity, gzip, br), made once.
    tag_values: [HeaderValue; 3],
    /// Brotli's quality: 6 for a kept answer (compressed once per stamp), 4 for one answer
    /// compressed per request.
    brotli_quality: i32,
}

impl Ready {
    fn new(headers: &HeaderMap, identity: Bytes, keep: bool) -> Ready {
        let mut kept = HeaderMap::new();
        for name in [header::CONTENT_TYPE, header::CACHE_CONTROL] {
            if let Some(v) = headers.get(&name) {
                kept.insert(name, v.clone());
            }
        }
        for v in headers.get_all(header::VARY) {
            kept.append(header::VARY, v.clone());
        }
        let compressible = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| {
                t.starts_with("text/")
                    || t.contains("json")
                    || t.contains("javascript")
                    || t.contains("xml")
            })
            && identity.len() > 32;
        if compressible {
            let named = kept
                .get_all(header::VARY)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .any(|v| v.trim().eq_ignore_ascii_case("accept-encoding"));
            if !named {
                kept.append(header::VARY, HeaderValue::from_static("accept-encoding"));
            }
        }
        let tag = caching::etag(&identity);
        let value = |coding: Coding| {
            HeaderValue::from_str(&tag_in(&tag, coding))
                .expect("a quoted hex tag is a header value")
        };
        let tag_values = [
            value(Coding::Identity),
            value(Coding::Gzip),
            value(Coding::Br),
        ];
        Ready {
            tag_values,
            headers: kept,
            compressible,
            identity,
            gzip: OnceLock::new(),
            br: OnceLock::new(),
            tag,
            brotli_quality: if keep { 6 } else { 4 },
        }
    }

    /// The coding actually served for `wanted` (identity when the answer is not compressible).
    fn coding(&self, wanted: Coding) -> Coding {
        if self.compressible {
            wanted
        } else {
            Coding::Identity
        }
    }

    /// The strong ETag of the answer in `coding`.
    pub fn tag(&self, coding: Coding) -> String {
        tag_in(&self.tag, coding)
    }

    /// The bytes in `coding`, compressed on first demand.
    pub fn body(&self, coding: Coding) -> Bytes {
        match coding {
            Coding::Identity => self.identity.clone(),
            Coding::Gzip => self.gzip.get_or_init(|| gzip(&self.identity)).clone(),
            Coding::Br => self
                .br
                .get_or_init(|| brotli(&self.identity, self.brotli_quality))
                .clone(),
        }
    }

    /// Whether `If-None-Match` names this answer (in any coding; weak comparison).
    fn matches(&self, if_none_match: &HeaderValue) -> bool {
        let Ok(text) = if_none_match.to_str() else {
            return false;
        };
        let open = &self.tag[..self.tag.len() - 1];
        text.split(',').map(str::trim).any(|t| {
            let t = t.strip_prefix("W/").unwrap_or(t);
            t == "*"
                || t == self.tag
                || t.strip_prefix(open)
                    .is_some_and(|rest| ["-gzip\"", "-br\""].contains(&rest))
        })
    }

    /// The answer to a request accepting `wanted` and sending `if_none_match`.
    fn answer(&self, wanted: Coding, if_none_match: Option<&HeaderValue>) -> Response {
        let coding = self.coding(wanted);
        let mut headers = self.headers.clone();
        let index = match coding {
            Coding::Identity => 0,
            Coding::Gzip => 1,
            Coding::Br => 2,
        };
        headers.insert(header::ETAG, self.tag_values[index].clone());
        if if_none_match.is_some_and(|v| self.matches(v)) {
            headers.remove(header::CONTENT_TYPE);
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            *response.headers_mut() = headers;
            return response;
        }
        if let Some(name) = coding.name() {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
        }
        let mut response = Response::new(Body::from(self.body(coding)));
        *response.headers_mut() = headers;
        response
    }
}

/// The identity tag `tag` with the coding as a suffix (`"…-gzip"`, `"…-br"`), as [`caching`].
fn tag_in(tag: &str, coding: Coding) -> String {
    match coding.name() {
        None => tag.to_string(),
        Some(name) => format!("{}-{name}\"", &tag[..tag.len() - 1]),
    }
}

/// gzip at the default level (6): compressed once per answer and stamp.
fn gzip(bytes: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::default(),
    );
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map(Bytes::from)
        .expect("gzip into memory cannot fail")
}

/// Brotli at `quality` (see [`Ready`]) with the smallest window that holds the answer: a
/// profile of the release build measured quality 9 with the 4 MiB window at 8 ms for a 24 kB
/// page (its tables dominate for small inputs), which every new key would pay.
fn brotli(bytes: &[u8], quality: i32) -> Bytes {
    let mut out = Vec::with_capacity(bytes.len() / 4);
    let mut lgwin = 16;
    while lgwin < 24 && (1usize << lgwin) - 16 < bytes.len() {
        lgwin += 1;
    }
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .expect("brotli into memory cannot fail");
    Bytes::from(out)
}

/// The answers kept under one stamp, and the sum of their plain lengths.
#[derive(Debug)]
struct Kept {
    stamp: Stamp,
    map: HashMap<Key, Arc<Ready>>,
    bytes: usize,
}

/// The kept answers of one stamp.
#[derive(Debug, Default)]
pub struct ReadyAnswers {
    held: RwLock<Option<Kept>>,
}

impl ReadyAnswers {
    fn get(&self, stamp: Stamp, key: &Key) -> Option<Arc<Ready>> {
        let held = self.held.read().unwrap_or_else(|e| e.into_inner());
        match &*held {
            Some(kept) if kept.stamp == stamp => kept.map.get(key).cloned(),
            _ => None,
        }
    }

    /// Whether an answer of `len` bytes built under `stamp` would be kept (a new stamp starts
    /// empty).
    fn has_room(&self, stamp: Stamp, len: usize) -> bool {
        let held = self.held.read().unwrap_or_else(|e| e.into_inner());
        match &*held {
            Some(kept) if kept.stamp == stamp => {
                kept.map.len() < MAX_ENTRIES && kept.bytes + len <= MAX_BYTES
            }
            _ => len <= MAX_BYTES,
        }
    }

    fn put(&self, stamp: Stamp, key: Key, ready: Arc<Ready>) {
        let len = ready.identity.len();
        let mut held = self.held.write().unwrap_or_else(|e| e.into_inner());
        match &mut *held {
            Some(kept) if kept.stamp == stamp => {
                if kept.map.len() < MAX_ENTRIES && kept.bytes + len <= MAX_BYTES {
                    if let Some(old) = kept.map.insert(key, ready) {
                        kept.bytes -= old.identity.len();
                    }
                    kept.bytes += len;
                }
            }
            // Never go back to an older stamp (a slow request finishing after a newer one).
            Some(kept)
                if (kept.stamp.version, kept.stamp.minute) > (stamp.version, stamp.minute) => {}
            _ => {
                *held = Some(Kept {
                    stamp,
                    map: HashMap::from([(key, ready)]),
                    bytes: len,
                })
            }
        }
    }

    /// How many answers are kept now (for tests).
    pub fn len(&self) -> usize {
        let held = self.held.read().unwrap_or_else(|e| e.into_inner());
        held.as_ref().map_or(0, |kept| kept.map.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What the middleware needs: the app (version, clock) and the kept answers.
#[derive(Debug, Clone)]
pub struct ReadyState {
    pub app: wenlv_app::App,
    pub answers: Arc<ReadyAnswers>,
    /// Where a kept answer served without the router is counted.
    pub metrics: Arc<crate::metrics::Metrics>,
}

/// The router's template of a kept path (`/api/places/{id}/hours` for
/// `/api/places/kumbum_monastery/hours`), to count a kept answer as the router would.
pub fn route_template(path: &str) -> String {
    for prefix in ["/api/places/", "/api/routes/", "/places/", "/routes/"] {
        if let Some(rest) = path.strip_prefix(prefix)
            && !rest.is_empty()
        {
            let tail = rest
                .split_once('/')
                .map_or(String::new(), |(_, t)| format!("/{t}"));
            return format!("{prefix}{{id}}{tail}");
        }
    }
    path.to_string()
}

/// The stamp now: the catalogue version (as `App::catalogue` decides it) and the minute.
async fn stamp(app: &wenlv_app::App) -> Option<Stamp> {
    let version = app.catalogue_version().await.ok()?;
    Some(Stamp {
        version,
        minute: app.now().as_second().div_euclid(60),
    })
}

/// The middleware (outside compression and the ETag layers; see [`crate::edge::layers`]).
pub async fn serve(State(state): State<ReadyState>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET
        || !keeps(request.uri().path())
        || request.headers().contains_key(header::AUTHORIZATION)
    {
        return next.run(request).await;
    }
    // No stamp (the database does not answer): let the handler answer (with its error).
    let Some(stamp) = stamp(&state.app).await else {
        return next.run(request).await;
    };
    let key = Key::of(&request);
    let wanted = Coding::chosen(request.headers().get(header::ACCEPT_ENCODING));
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    if let Some(ready) = state.answers.get(stamp, &key) {
        let started = std::time::Instant::now();
        let answer = ready.answer(wanted, if_none_match.as_ref());
        state.metrics.answered(
            &Method::GET,
            route_template(request.uri().path()),
            answer.status().as_u16(),
            started.elapsed(),
        );
        return answer;
    }
    // Build it: the plain answer, unconditional, uncompressed.
    let (mut parts, body) = request.into_parts();
    parts.headers.remove(header::ACCEPT_ENCODING);
    parts.headers.remove(header::IF_NONE_MATCH);
    parts.headers.remove(header::IF_MODIFIED_SINCE);
    let response = next.run(Request::from_parts(parts, body)).await;
    use axum::body::HttpBody as _;
    if response.headers().contains_key(header::CONTENT_ENCODING)
        || response
            .body()
            .size_hint()
            .upper()
            .is_none_or(|size| size > caching::MAX_TAGGED_BODY)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            use axum::response::IntoResponse as _;
            return crate::problem::Problem::internal(&format!("reading an answer's body: {e}"))
                .into_response();
        }
    };
    let keepable =
        parts.status == StatusCode::OK && !parts.headers.contains_key(header::SET_COOKIE);
    let keep = keepable && state.answers.has_room(stamp, bytes.len());
    let ready = Ready::new(&parts.headers, bytes, keep);
    if !keepable {
        // An error, or an answer that sets a cookie (this visitor's alone): not kept, no tag
        // (as `caching::conditional`), but compressed all the same.
        let coding = ready.coding(wanted);
        parts.headers.remove(header::CONTENT_LENGTH);
        if let Some(name) = coding.name() {
            parts
                .headers
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
        }
        for v in ready.headers.get_all(header::VARY) {
            if !parts
                .headers
                .get_all(header::VARY)
                .iter()
                .any(|have| have == v)
            {
                parts.headers.append(header::VARY, v.clone());
            }
        }
        return Response::from_parts(parts, Body::from(ready.body(coding)));
    }
    let ready = Arc::new(ready);
    if keep {
        state.answers.put(stamp, key, Arc::clone(&ready));
    }
    ready.answer(wanted, if_none_match.as_ref())
}

#[cfg(test)]
mod tests {

    #[test]
    fn kept_paths_are_counted_under_the_routers_templates() {
        for (path, template) in [
            ("/api/places/kumbum_monastery", "/api/places/{id}"),
            (
                "/api/places/kumbum_monastery/hours",
                "/api/places/{id}/hours",
            ),
            ("/routes/spring-walk", "/routes/{id}"),
            ("/api/places", "/api/places"),
            ("/", "/"),
        ] {
            assert_eq!(super::route_template(path), template);
        }
    }

    use super::*;

    #[test]
    fn codings_from_accept_encoding() {
        let c = |s: &str| Coding::chosen(Some(&HeaderValue::from_str(s).unwrap()));
        assert_eq!(Coding::chosen(None), Coding::Identity);
        assert_eq!(c("gzip, deflate, br"), Coding::Br);
        assert_eq!(c("gzip"), Coding::Gzip);
        assert_eq!(c("br;q=0, gzip;q=0.5"), Coding::Gzip);
        assert_eq!(c("identity"), Coding::Identity);
        assert_eq!(c("*"), Coding::Br);
        assert_eq!(c("*;q=0"), Coding::Identity);
        assert_eq!(c("GZIP;q=1.0"), Coding::Gzip);
    }

    #[test]
    fn kept_routes() {
        for path in [
            "/",
            "/places",
            "/places/kumbum_monastery",
            "/api/places",
            "/api/places/x",
            "/api/places.geojson",
            "/api/offers",
        ] {
            assert!(keeps(path), "{path}");
        }
        for path in [
            "/healthz",
            "/readyz",
            "/api/users",
            "/api/audit",
            "/bureau",
            "/assets/app.css",
            "/api/openapi.json",
            "/places/",
        ] {
            assert!(!keeps(path), "{path}");
        }
    }

    #[test]
    fn tags_per_coding_and_revalidation() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        let body = Bytes::from(vec![b'a'; 1000]);
        let ready = Ready::new(&headers, body.clone(), true);
        let plain = ready.tag(Coding::Identity);
        assert_eq!(plain, caching::etag(&body));
        let gz = ready.tag(Coding::Gzip);
        let br = ready.tag(Coding::Br);
        assert!(
            gz.ends_with("-gzip\"") && br.ends_with("-br\"") && plain != gz,
            "{gz} {br}"
        );
        for tag in [&plain, &gz, &br] {
            assert!(ready.matches(&HeaderValue::from_str(tag).unwrap()), "{tag}");
        }
        assert!(!ready.matches(&HeaderValue::from_static("\"3e8-0000000000000000\"")));
        let answer = ready.answer(Coding::Gzip, None);
        assert_eq!(answer.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(answer.headers()[header::ETAG], gz.as_str());
        assert_eq!(answer.headers()[header::VARY], "accept-encoding");
        let not_modified = ready.answer(Coding::Br, Some(&HeaderValue::from_str(&gz).unwrap()));
        assert_eq!(not_modified.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(not_modified.headers()[header::ETAG], br.as_str());
    }

    #[test]
    fn small_or_binary_answers_stay_identity() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
        let ready = Ready::new(&headers, Bytes::from(vec![0u8; 1000]), true);
        let answer = ready.answer(Coding::Br, None);
        assert!(answer.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(answer.headers()[header::ETAG], ready.tag(Coding::Identity));
    }
}
