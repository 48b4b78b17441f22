//! The HTTP server: the JSON API over the place catalogue, and the visitor pages ([`pages`]).
//!
//! [`router`] builds the routes over an [`AppState`]; [`serve`] runs them on a listener the
//! caller bound, so tests bind port 0 and read the address back. Every error is an RFC 9457
//! problem-details document ([`problem::Problem`]); requests are traced with `tracing`, each with
//! an id. Around the routes, [`edge`] answers a panicking handler with a 500 problem, puts security
//! headers (a Content-Security-Policy among them) on every answer, and bounds how long a slow
//! client may take to send its headers and body ([`edge::Timeouts`]).
//!
//! | route | answer |
//! | --- | --- |
//! | `GET /api/places` | `{"items": [place…], "total": N}`; filters `category`, `theme`, `district`, `min_a_level`, `bbox=min_lon,min_lat,max_lon,max_lat`, `q`; paging `limit` (default 50, max 500), `offset` |
//! | `GET /api/places/{id}` | one place ([`view::PlaceView`]) |
//! | `GET /api/places.geojson` | a GeoJSON FeatureCollection of the matching places that have a position |
//! | `GET /api/places/{id}/hours?date=` | the open intervals, last admission and note of one day (today in the city when no date) |
//! | `GET /api/places/{id}/week?from=` | seven such days |
//! | `GET /api/calendar?date=` | the day's product line, pricing season, holiday and working-day status |
//! | `GET /api/offers` | the offers in force in the store |
//! | `POST /api/quotes` | per place: season, base price, final price, the offer applied and every offer considered with its reason |
//! | `GET /api/routes`, `GET /api/routes/{id}` | the themed routes ([`routes_api`]) |
//! | `GET /healthz`, `GET /readyz` | liveness, and readiness (the database answers) ([`health`]) |
//! | `GET /metrics` | requests, latencies, planner time and pool use for Prometheus: staff, or a local scraper ([`metrics`]) |
//! | `GET /api/stations` | where visitors arrive: stations a day may start or end at ([`stations_api`]) |
//! | `GET /api/openapi.json`, `GET /api/docs` | the OpenAPI description and a page rendering it ([`openapi`]) |
//! | `GET /assets/{path}` | embedded JS/CSS/images ([`assets`]) |
//! | `/`, `/places`, `/places/{id}`, `/routes`, `/routes/{id}`, `/plan` | HTML pages ([`pages`]) |
//! | `POST /api/itineraries` | an optimised itinerary for a planning request ([`wenlv_planner::PlanRequest`]) |
//! | `POST /api/itineraries/check` | the same itinerary shape for a given order of stops, with violations |
//! | `GET /api/users`, `/api/tokens`, `/api/audit`, `/api/audit.csv`, `/api/audit.xlsx` | accounts and the audit log, signed in ([`accounts_api`], [`auth`]) |
//! | `GET /api/plans/{slug}/items`, `POST /api/plans/{slug}/items/{code}/reports` | the battle map: items with status, progress reports ([`plans_api`]) |
//! | `/bureau/…` | the bureau's pages: sign-in, sign-out, start page, password, audit, users ([`bureau`]) |
//!
//! Who may call each route is decided once per route in [`access::ROUTES`] (a route without
//! an entry stops the router from building) and enforced by the application layer.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let store = wenlv_store::Store::connect("sqlite://wenlv.db").await.unwrap();
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! println!("http://{}", listener.local_addr()?);
//! wenlv_web::serve(listener, wenlv_web::AppState::new(store)).await
//! # }
//! ```

// Handlers return `Result<_, Problem>`; a problem is built once per failed request, so its size
// (a few strings) does not matter and boxing it would only add noise.
#![allow(clippy::result_large_err)]

pub mod access;
pub mod accounts_api;
pub mod assets;
pub mod auth;
pub mod bureau;
pub mod bureau_library;
pub mod caching;
pub mod edge;
pub mod health;
pub mod hours;
pub mod itineraries;
pub mod json_body;
pub mod meetings_api;
pub mod metrics;
pub mod offers;
pub mod openapi;
pub mod pages;
pub mod places;
pub mod plans_api;
pub mod plans_pages;
pub mod problem;
pub mod projects_api;
pub mod quotes;
pub mod ready;
pub mod routes_api;
pub mod stations_api;
pub mod view;

use access::listed;
use axum::Router;
use axum::http::{Method, Uri};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use problem::Problem;
use std::future::Future;
use std::sync::Arc;
use wenlv_domain::City;
use wenlv_store::Store;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The application layer: every use case, and who may do it.
    pub app: wenlv_app::App,
    pub store: Store,
    /// The city's holidays, seasons, offers and routes (read-only, shared).
    pub city: Arc<City>,
    /// The tiles under the pages' maps (and so the image hosts the pages' CSP allows).
    pub basemap: pages::map::Basemap,
    /// How long a slow client may take to send a request.
    pub timeouts: edge::Timeouts,
    /// Reverse proxies whose `X-Forwarded-For` names the caller ([`auth::address`]).
    pub trusted_proxies: Arc<[std::net::IpAddr]>,
    /// Requests, latencies, planner time ([`metrics`]).
    pub metrics: Arc<metrics::Metrics>,
    /// Whether a direct caller on this machine may read `/metrics` without signing in.
    pub local_metrics: bool,
    /// How long a stopping server waits for the requests in flight.
    pub shutdown_grace: std::time::Duration,
    /// The public reads kept as bytes per catalogue version and minute ([`ready`]); `None`
    /// builds every answer per request.
    pub ready: Option<Arc<ready::ReadyAnswers>>,
}

impl AppState {
    /// A state over `store` with the shipped Xining city data.
    pub fn new(store: Store) -> AppState {
        AppState::with_city(store, wenlv_io::demo::xining_city())
    }

    pub fn with_city(store: Store, city: City) -> AppState {
        let city = Arc::new(city);
        AppState {
            app: wenlv_app::App::new(store.clone(), city.clone()),
            store,
            city,
            basemap: pages::map::Basemap::default(),
            timeouts: edge::Timeouts::default(),
            trusted_proxies: Arc::from([]),
            metrics: Arc::default(),
            local_metrics: false,
            shutdown_grace: edge::SHUTDOWN_GRACE,
            ready: Some(Arc::default()),
        }
    }

    /// The same state building every answer per request (no [`ready`] answers kept).
    pub fn without_ready_answers(self) -> AppState {
        AppState {
            ready: None,
            ..self
        }
    }

    /// The same state with another application (e.g. another clock or catalogue poll); the
    /// kept answers start empty.
    pub fn with_app(self, app: wenlv_app::App) -> AppState {
        AppState {
            app,
            ready: self.ready.as_ref().map(|_| Arc::default()),
            ..self
        }
    }

    /// The same state trusting `X-Forwarded-For` from these proxies.
    pub fn with_trusted_proxies(self, proxies: Vec<std::net::IpAddr>) -> AppState {
        AppState {
            trusted_proxies: proxies.into(),
            ..self
        }
    }

    /// The same state letting a direct caller on this machine read `/metrics` (a Prometheus on
    /// the same host) without credentials.
    pub fn with_local_metrics(self, local_metrics: bool) -> AppState {
        AppState {
            local_metrics,
            ..self
        }
    }

    /// The same state waiting at most `grace` for the requests in flight when stopping.
    pub fn with_shutdown_grace(self, shutdown_grace: std::time::Duration) -> AppState {
        AppState {
            shutdown_grace,
            ..self
        }
    }

    /// The same state with another basemap for the pages' maps.
    pub fn with_basemap(self, basemap: pages::map::Basemap) -> AppState {
        AppState { basemap, ..self }
    }

    /// The same state with other slow-client timeouts (tests use short ones).
    pub fn with_timeouts(self, timeouts: edge::Timeouts) -> AppState {
        AppState { timeouts, ..self }
    }

    /// The same state planning on `routing` (OSRM servers, timeout, cache).
    pub fn with_routing(self, routing: wenlv_routing::Routing) -> AppState {
        AppState {
            app: self.app.with_routing(Arc::new(routing)),
            ..self
        }
    }
}

/// All routes, with problem-details answers for unknown routes and methods, in the [`edge`]
/// layers (request ids and tracing, panics answered 500, security headers, body deadline).
pub fn router(state: AppState) -> Router {
    router_with(state, Router::new())
}

/// [`router`] with `extra` routes merged in, inside the same layers. For tests (e.g. a route that
/// panics, to see the answer and the log).
pub fn router_with(state: AppState, extra: Router<AppState>) -> Router {
    let basemap = state.basemap.clone();
    let timeouts = state.timeouts;
    let metrics = state.metrics.clone();
    let ready = state.ready.clone().map(|answers| ready::ReadyState {
        app: state.app.clone(),
        answers,
        metrics: state.metrics.clone(),
    });
    let routes = Router::new()
        .route(listed("/api/places"), get(places::list))
        .route(listed("/api/places.geojson"), get(places::geojson))
        .route(listed("/api/places/{id}"), get(places::get))
        // Hours, calendar, offers and quotes: see the `hours`, `offers` and `quotes` modules.
        .route(listed("/api/places/{id}/hours"), get(hours::day))
        .route(listed("/api/places/{id}/week"), get(hours::week))
        .route(listed("/api/calendar"), get(hours::calendar))
        .route(listed("/api/offers"), get(offers::list))
        .route(listed("/api/quotes"), post(quotes::create))
        .route(listed("/api/routes"), get(routes_api::list))
        .route(listed("/api/routes/{id}"), get(routes_api::get))
        .route(listed("/api/stations"), get(stations_api::list))
        .route(listed("/healthz"), get(health::live))
        .route(listed("/readyz"), get(health::ready))
        .route(listed("/metrics"), get(metrics::get))
        .route(listed("/api/openapi.json"), get(openapi::json))
        .route(listed("/api/docs"), get(openapi::page))
        .route(listed("/assets/{*path}"), get(assets::get))
        .merge(pages::routes())
        .merge(bureau::routes())
        .merge(plans_pages::routes())
        .route(listed("/api/itineraries"), post(itineraries::plan))
        .route(listed("/api/itineraries/check"), post(itineraries::check))
        // Accounts and the audit log: see `accounts_api`; who may call what: `access`.
        .route(listed("/api/users"), get(accounts_api::users))
        .route(listed("/api/tokens"), get(accounts_api::tokens))
        .route(listed("/api/audit"), get(accounts_api::audit))
        .route(listed("/api/audit.csv"), get(accounts_api::audit_csv))
        .route(listed("/api/audit.xlsx"), get(accounts_api::audit_xlsx))
        .route(listed("/api/meetings"), get(meetings_api::list))
        .route(listed("/api/projects"), get(projects_api::list))
        .route(listed("/api/projects/totals"), get(projects_api::totals))
        .route(listed("/api/plans/{slug}/items"), get(plans_api::items))
        .route(
            listed("/api/plans/{slug}/items/{code}/reports"),
            post(plans_api::report),
        )
        // A person who mistypes a page gets a page; a program calling the API gets a problem.
        .fallback(|uri: Uri, visit: pages::Visit| async move {
            if uri.path().starts_with("/api/") || uri.path().starts_with("/assets/") {
                Problem::not_found(format!("no route {uri}")).into_response()
            } else {
                let message = format!(
                    "{} {}",
                    visit.lang.t("没有这个页面：", "No page at"),
                    uri.path()
                );
                pages::not_found(visit, message)
            }
        })
        .method_not_allowed_fallback(|method: Method, uri: Uri| async move {
            Problem::method_not_allowed(format!("{method} is not allowed on {uri}"))
        })
        .merge(extra)
        // Inside the routing, so each request is counted under its route template.
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            metrics::record,
        ))
        .with_state(state);
    edge::layers(routes, &basemap, timeouts, ready)
}

/// Serves until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    serve_with_shutdown(listener, state, std::future::pending()).await
}

/// Serves until `shutdown` completes, then stops accepting and finishes the requests in flight
/// within the state's `shutdown_grace`.
pub async fn serve_with_shutdown(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let header_read = state.timeouts.header_read;
    let grace = state.shutdown_grace;
    edge::serve_router_within(listener, router(state), header_read, shutdown, grace).await
}
