//! The HTTP edge: what every request and answer passes through around the handlers, and the
//! connection loop that reads requests off the socket.
//!
//! - **Request ids.** Every request gets an `x-request-id` (a random UUID, or the plain token a
//!   client or proxy sent), echoed on the answer and recorded in the request's trace span, so a complaint
//!   ("it failed, id 6f3c…") finds its log lines.
//! - **A panic is a bug, not an outage.** A handler that panics is answered
//!   `500 application/problem+json` (type `/problems/internal`, as [`Problem::internal`]) and the
//!   panic message is logged in the request's span; the connection and the server carry on.
//! - **Security headers on every answer** (pages, API, assets, errors, 404s, the 500 above): a
//!   Content-Security-Policy with no inline script whose image sources are this server, `data:`
//!   and the tile hosts of the configured basemap ([`content_security_policy`]);
//!   `X-Content-Type-Options: nosniff`; `X-Frame-Options: DENY` (and `frame-ancestors 'none'`);
//!   `Referrer-Policy: strict-origin-when-cross-origin`.
//! - **Slow clients cannot hold connections** ([`Timeouts`]): a request's line and headers must
//!   arrive within `header_read` of the moment the server waits for them (else the connection is
//!   closed without an answer; a kept-alive connection that idles as long is closed too), and
//!   the whole body within `body_read` of the headers (else the answer is
//!   `408 application/problem+json`, type `/problems/request-timeout`, and the connection is
//!   closed).
//!
//! - **Caching and compression** ([`caching`]): gzip and brotli for text when accepted, a strong
//!   ETag per representation with `If-None-Match` → 304, `Cache-Control` and `Vary` per kind.
//!
//! - **Ready answers** ([`crate::ready`]): the public reads (place API, visitor pages) kept as
//!   bytes per catalogue version and minute, in each coding, with their tags.
//!
//! Layers, outermost first: drop an odd incoming id → request id → echo it → trace span → security headers →
//! ready answers → per-coding ETags → compression → ETag, 304 and Cache-Control → catch panic → body deadline →
//! the routes (fallbacks included).

use crate::caching;
use crate::problem::Problem;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use std::any::Any;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tower::util::service_fn;
use tower::{ServiceBuilder, ServiceExt};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{DeadlineBody, TimeoutError};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::pages::map::Basemap;

/// How long the server waits for a slow client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// From the moment the server waits for a request (a new connection, or the end of the
    /// previous answer on a kept-alive one) until its request line and headers have all arrived;
    /// then the connection is closed without an answer. Default 10 s.
    pub header_read: Duration,
    /// From the arrival of the headers until the whole request body has arrived; then the answer
    /// is 408. Default 30 s (request bodies are small JSON documents).
    pub body_read: Duration,
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts {
            header_read: Duration::from_secs(10),
            body_read: Duration::from_secs(30),
        }
    }
}

/// The header carrying a request's id, on the request and on its answer.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The Content-Security-Policy of every answer: scripts, styles, fetches and forms from this
/// server only (no inline script or style), images also from `data:` and the basemap's tile hosts,
/// no framing, no `<base>`, no plugins.
pub fn content_security_policy(basemap: &Basemap) -> String {
    let mut images = vec!["'self'".to_string(), "data:".to_string()];
    images.extend(basemap.tile_origins());
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src {}; \
         connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; \
         object-src 'none'",
        images.join(" ")
    )
}

/// Wraps `routes` (every route and fallback) in the edge's layers; `basemap` decides the image
/// hosts of the Content-Security-Policy.
pub fn layers(
    routes: Router,
    basemap: &Basemap,
    timeouts: Timeouts,
    ready: Option<crate::ready::ReadyState>,
) -> Router {
    let csp = HeaderValue::from_str(&content_security_policy(basemap))
        .expect("tile origins are plain ASCII (see Basemap::tile_origins)");
    let header =
        |name: HeaderName, value: HeaderValue| SetResponseHeaderLayer::overriding(name, value);
    routes.layer(
        ServiceBuilder::new()
            .map_request(drop_odd_request_id)
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            // One INFO line per request (method, path, status, latency, request id); more with
            // WENLV_LOG=debug.
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(request_span)
                    .on_response(DefaultOnResponse::new().level(Level::INFO)),
            )
            .layer(header(header::CONTENT_SECURITY_POLICY, csp))
            .layer(header(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            .layer(header(
                header::X_FRAME_OPTIONS,
                HeaderValue::from_static("DENY"),
            ))
            .layer(header(
                header::REFERRER_POLICY,
                HeaderValue::from_static("strict-origin-when-cross-origin"),
            ))
            // Ready answers (see `ready`): the public reads kept as bytes per catalogue version
            // and minute, answered here without going further in.
            .option_layer(
                ready.map(|state| middleware::from_fn_with_state(state, crate::ready::serve)),
            )
            // Caching and compression (see `caching`): per-coding ETags outside the compression,
            // which is outside the ETag and 304 of the uncompressed answer.
            .layer(middleware::from_fn(caching::tag_per_encoding))
            .layer(CompressionLayer::new().gzip(true).br(true))
            .layer(middleware::from_fn(caching::conditional))
            .layer(CatchPanicLayer::custom(answer_panic))
            .layer(middleware::from_fn_with_state(
                timeouts.body_read,
                body_read_deadline,
            )),
    )
}

/// Keeps a request id a client or proxy sent only when it is a plain token (1 to 64 letters,
/// digits, `-`, `_`, `.`), so log lines stay parseable; otherwise the request gets a new one.
fn drop_odd_request_id(mut request: Request) -> Request {
    let plain = |v: &HeaderValue| {
        (1..=64).contains(&v.len())
            && v.as_bytes()
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    if request
        .headers()
        .get(&REQUEST_ID)
        .is_some_and(|v| !plain(v))
    {
        request.headers_mut().remove(&REQUEST_ID);
    }
    request
}

/// The span every log line of a request is recorded in.
fn request_span(request: &Request) -> tracing::Span {
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    tracing::info_span!(
        "request",
        method = %request.method(),
        uri = %loggable_uri(request.uri()),
        version = ?request.version(),
        request_id = %id,
    )
}

/// Query parameters whose values never reach the log (a set-up link's code, and anything a
/// client might put a secret in).
const SECRET_PARAMETERS: [&str; 6] = ["code", "token", "password", "secret", "session", "key"];

/// The request's URI for the log: the values of [`SECRET_PARAMETERS`] replaced by `***`.
pub fn loggable_uri(uri: &axum::http::Uri) -> String {
    let Some(query) = uri.query() else {
        return uri.to_string();
    };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _))
                if SECRET_PARAMETERS
                    .iter()
                    .any(|s| key.eq_ignore_ascii_case(s)) =>
            {
                format!("{key}=***")
            }
            _ => pair.to_string(),
        })
        .collect();
    format!("{}?{}", uri.path(), query.join("&"))
}

/// A handler panicked: log it (in the request's span, so with its id) and answer 500.
fn answer_panic(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&'static str>().copied())
        .unwrap_or("(no message)");
    Problem::internal(&format!("the handler panicked: {message}")).into_response()
}

/// Gives the request body a deadline; when a handler's read of it ran out of time, the answer is
/// 408 whatever the handler made of the failed read.
async fn body_read_deadline(
    State(limit): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    use axum::body::HttpBody as _;
    if request.body().is_end_stream() {
        return next.run(request).await;
    }
    let timed_out = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&timed_out);
    let request = request.map(|body| {
        Body::new(DeadlineBody::new(limit, body).map_err(move |e| {
            if e.is::<TimeoutError>() {
                flag.store(true, Ordering::Relaxed);
            }
            e
        }))
    });
    let response = next.run(request).await;
    if timed_out.load(Ordering::Relaxed) {
        let mut response = request_timeout(limit).into_response();
        // The rest of the body may still be on its way: this connection cannot carry another
        // request.
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        response
    } else {
        response
    }
}

/// 408: the body did not arrive in time.
fn request_timeout(limit: Duration) -> Problem {
    Problem {
        kind: "/problems/request-timeout",
        title: "Request timeout",
        status: StatusCode::REQUEST_TIMEOUT.as_u16(),
        ..Problem::bad_request(format!(
            "the request body did not arrive within {} s of its headers",
            limit.as_secs_f64()
        ))
    }
}

/// How long a stopping server waits for the requests in flight by default.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// [`serve_router_within`] with the default grace, [`SHUTDOWN_GRACE`].
pub async fn serve_router(
    listener: tokio::net::TcpListener,
    app: Router,
    header_read: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_router_within(listener, app, header_read, shutdown, SHUTDOWN_GRACE).await
}

/// Accepts connections on `listener` and serves `app` on each (HTTP/1), until `shutdown`
/// completes; then stops accepting (the listening socket is closed) and waits for the requests
/// in flight, at most `grace` (idle connections are closed at once; a kept-alive connection is
/// closed after its current answer). Returns when every connection has ended or the grace has
/// run out, whichever comes first.
///
/// A connection must bring each request's line and headers within `header_read` of the moment the
/// server waits for them: hyper's header read timeout bounds the first request's head (from the
/// connection's opening) and any head that has begun to arrive; a watchdog closes a kept-alive
/// connection that has had no request in flight for `header_read`.
pub async fn serve_router_within(
    mut listener: tokio::net::TcpListener,
    app: Router,
    header_read: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    // Connections watch `signal`; the loop waits for every connection to drop `closed`.
    let (signal_tx, signal_rx) = watch::channel(());
    tokio::spawn(async move {
        shutdown.await;
        drop(signal_rx);
    });
    let (closed_tx, closed_rx) = watch::channel(());
    loop {
        let (stream, remote) = tokio::select! {
            // Retries transient accept errors (e.g. too many open files) itself.
            accepted = axum::serve::Listener::accept(&mut listener) => accepted,
            () = signal_tx.closed() => break,
        };
        let signal_tx = signal_tx.clone();
        let closed_rx = closed_rx.clone();
        let app = app.clone();
        tokio::spawn(async move {
            serve_connection(stream, remote, app, header_read, signal_tx).await;
            drop(closed_rx);
        });
    }
    drop(closed_rx);
    drop(listener);
    let in_flight = closed_tx.receiver_count();
    tracing::info!(
        connections = in_flight,
        "stopped accepting; finishing the requests in flight"
    );
    if tokio::time::timeout(grace, closed_tx.closed())
        .await
        .is_err()
    {
        tracing::warn!(
            connections = closed_tx.receiver_count(),
            grace_seconds = grace.as_secs_f64(),
            "requests still in flight after the grace period: stopping without them"
        );
    }
    Ok(())
}

/// One connection, until the client or the server closes it.
async fn serve_connection(
    stream: tokio::net::TcpStream,
    remote: std::net::SocketAddr,
    app: Router,
    header_read: Duration,
    signal: watch::Sender<()>,
) {
    let activity = Arc::new(Mutex::new(Activity {
        in_flight: 0,
        since: Instant::now(),
    }));
    let tracked = Arc::clone(&activity);
    let service = service_fn(move |request: Request<hyper::body::Incoming>| {
        let busy = Busy::start(Arc::clone(&tracked));
        let mut request = request.map(Body::new);
        // The peer's address, for the audit log and sign-in throttling (`crate::auth`).
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(remote));
        let answer = app.clone().oneshot(request);
        async move {
            let response = answer.await;
            drop(busy);
            response
        }
    });
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_read);
    let mut connection =
        pin!(builder.serve_connection_with_upgrades(
            TokioIo::new(stream),
            TowerToHyperService::new(service)
        ));
    let mut signal = pin!(signal.closed());
    let mut stopping = false;
    loop {
        let idle_check = {
            let a = activity.lock().expect("activity lock");
            let from = if a.in_flight > 0 {
                Instant::now()
            } else {
                a.since
            };
            tokio::time::Instant::from_std(from + header_read)
        };
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(%remote, error = %e, "connection ended");
                }
                break;
            }
            () = &mut signal, if !stopping => {
                stopping = true;
                connection.as_mut().graceful_shutdown();
            }
            () = tokio::time::sleep_until(idle_check), if !stopping => {
                let a = activity.lock().expect("activity lock");
                if a.in_flight == 0 && a.since.elapsed() >= header_read {
                    tracing::debug!(%remote, "closing an idle connection");
                    stopping = true;
                    connection.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

/// Requests in flight on a connection, and since when that count last changed.
struct Activity {
    in_flight: usize,
    since: Instant,
}

/// One request in flight, from its head's arrival until its answer is ready.
struct Busy(Arc<Mutex<Activity>>);

impl Busy {
    fn start(activity: Arc<Mutex<Activity>>) -> Busy {
        {
            let mut a = activity.lock().expect("activity lock");
            a.in_flight += 1;
            a.since = Instant::now();
        }
        Busy(activity)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        if let Ok(mut a) = self.0.lock() {
            a.in_flight -= 1;
            a.since = Instant::now();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_in_queries_stay_out_of_the_log() {
        let uri: axum::http::Uri = "/bureau/setup?code=s3cr3t&lang=en&Token=abc"
            .parse()
            .unwrap();
        assert_eq!(
            loggable_uri(&uri),
            "/bureau/setup?code=***&lang=en&Token=***"
        );
        let plain: axum::http::Uri = "/api/places?theme=food".parse().unwrap();
        assert_eq!(loggable_uri(&plain), "/api/places?theme=food");
    }

    /// The policy allows no inline script or style, no framing, and images only from here,
    /// `data:` and the basemap's tile hosts.
    #[test]
    fn the_policy_follows_the_basemap() {
        let none = content_security_policy(&Basemap::None);
        assert!(none.contains("script-src 'self';"), "{none}");
        assert!(none.contains("style-src 'self';"), "{none}");
        assert!(none.contains("img-src 'self' data:;"), "{none}");
        assert!(none.contains("frame-ancestors 'none'"), "{none}");
        assert!(!none.contains("unsafe"), "{none}");
        let osm = content_security_policy(&Basemap::Osm);
        assert!(
            osm.contains("img-src 'self' data: https://tile.openstreetmap.org;"),
            "{osm}"
        );
        let amap = content_security_policy(&Basemap::Amap);
        assert!(amap.contains("https://webrd03.is.autonavi.com"), "{amap}");
        assert!(!amap.contains("openstreetmap"), "{amap}");
    }
}
