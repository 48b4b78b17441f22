//! `GET /metrics`: the server's operational metrics in the Prometheus / OpenMetrics text format
//! (`prometheus-client`).
//!
//! | metric | kind | labels |
//! | --- | --- | --- |
//! | `wenlv_http_requests_total` | counter | `method`, `route` (the route template, e.g. `/api/places/{id}`; `unmatched` for the fallbacks), `status` |
//! | `wenlv_http_request_duration_seconds` | histogram | `method`, `route` |
//! | `wenlv_planner_duration_seconds` | histogram | `kind` (`plan`, `check`): a whole planning call (snapshot, solve, street paths) |
//! | `wenlv_db_pool_connections` | gauge | `state` (`idle`, `in_use`) |
//! | `wenlv_db_pool_max_connections` | gauge | — |
//!
//! Who may read it: staff and admins (a session or an API token with that role), or a direct
//! caller on the server's own machine — a loopback connection that is not from a trusted proxy
//! and carries no `X-Forwarded-For`, `Forwarded` or `X-Real-IP` header (a proxy on the same host
//! forwards its clients' requests with one of these, so they are not "local") — when the server
//! allows it ([`crate::AppState::with_local_metrics`]; `wenlv serve` does unless
//! `--no-local-metrics`). The decision is the application layer's
//! (`wenlv_app::Actor::check_metrics`).

use crate::AppState;
use crate::auth::Who;
use crate::problem::Problem;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The content type of the OpenMetrics text format (which Prometheus reads).
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabels {
    kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: &'static str,
}

type Histograms<L> = Family<L, Histogram, fn() -> Histogram>;

/// 1 ms to about 16 s, doubling.
fn latency_buckets() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// The server's metrics; one per [`AppState`], shared by its clones.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Histograms<RouteLabels>,
    planner: Histograms<KindLabels>,
    pool: Family<StateLabels, Gauge>,
    pool_max: Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        let latency: Histograms<RouteLabels> = Family::new_with_constructor(latency_buckets);
        let planner: Histograms<KindLabels> = Family::new_with_constructor(latency_buckets);
        let pool = Family::<StateLabels, Gauge>::default();
        let pool_max = Gauge::default();
        registry.register(
            "wenlv_http_requests",
            "HTTP requests answered, by route template and status",
            requests.clone(),
        );
        registry.register(
            "wenlv_http_request_duration_seconds",
            "Time from a request's arrival at the router to its answer's head, by route template",
            latency.clone(),
        );
        registry.register(
            "wenlv_planner_duration_seconds",
            "Time of a planning call (catalogue snapshot, solve, street paths), by kind",
            planner.clone(),
        );
        registry.register(
            "wenlv_db_pool_connections",
            "Database connections open in the pool, idle or in use",
            pool.clone(),
        );
        registry.register(
            "wenlv_db_pool_max_connections",
            "The most connections the pool opens",
            pool_max.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            planner,
            pool,
            pool_max,
        }
    }
}

impl Metrics {
    /// Records one planning call of `kind` (`plan` or `check`).
    pub fn planned(&self, kind: &'static str, took: Duration) {
        self.planner
            .get_or_create(&KindLabels { kind })
            .observe(took.as_secs_f64());
    }

    /// The metrics as OpenMetrics text, with the pool's use as of now.
    pub fn render(&self, store: &wenlv_store::Store) -> String {
        let pool = store.pool_use();
        self.pool
            .get_or_create(&StateLabels { state: "idle" })
            .set(i64::from(pool.idle));
        self.pool
            .get_or_create(&StateLabels { state: "in_use" })
            .set(i64::from(pool.open.saturating_sub(pool.idle)));
        self.pool_max.set(i64::from(pool.max));
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .expect("writing to a String does not fail");
        text
    }
}

/// The method as a label: the standard ones by name, anything else as `other` (a client
/// cannot grow the label set).
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Middleware: counts and times every request by its route template.
pub async fn record(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = request.method().clone();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.answered(
        &method,
        route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

impl Metrics {
    /// Counts one answer and its latency under its route template (the router's layer above,
    /// and the ready answers, which are served before the router: see `crate::ready`).
    pub fn answered(&self, method: &Method, route: String, status: u16, took: std::time::Duration) {
        let method = method_label(method);
        self.latency
            .get_or_create(&RouteLabels {
                method,
                route: route.clone(),
            })
            .observe(took.as_secs_f64());
        self.requests
            .get_or_create(&RequestLabels {
                method,
                route,
                status: status.to_string(),
            })
            .inc();
    }
}

/// Whether a request comes straight from this machine: a loopback peer that is not a trusted
/// proxy, with no header a proxy adds when forwarding.
fn local(extensions: &axum::http::Extensions, headers: &HeaderMap, state: &AppState) -> bool {
    let Some(ConnectInfo(peer)) = extensions.get::<ConnectInfo<SocketAddr>>() else {
        return false;
    };
    peer.ip().is_loopback()
        && !state.trusted_proxies.contains(&peer.ip())
        && !["x-forwarded-for", "forwarded", "x-real-ip"]
            .iter()
            .any(|h| headers.contains_key(*h))
}

/// `GET /metrics`
pub async fn get(
    State(state): State<AppState>,
    extensions: axum::http::Extensions,
    headers: HeaderMap,
    who: Who,
) -> Result<Response, Problem> {
    let is_local = state.local_metrics && local(&extensions, &headers, &state);
    who.actor().check_metrics(is_local)?;
    let mut response = state.metrics.render(&state.store).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
