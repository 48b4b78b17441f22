//! Street travel times from an [OSRM](https://project-osrm.org/) routing server, behind the
//! planner's [`TravelTimes`] interface, with the straight-line estimate as the fallback.
//!
//! - [`Osrm`] is the client: the table service (`/table/v1/…?annotations=duration,distance`) for
//!   the duration and distance matrix of a set of points, chunked to the server's table limit and
//!   cached per (mode, points) in a bounded LRU cache; the route service for the path of each leg
//!   (GeoJSON), cached the same way. One server per mode (a foot graph and a car graph), each
//!   optional.
//! - [`Routing`] is what the planner gets: street times when the server for the mode answers
//!   within the timeout, else the straight-line estimate with a note saying why (not configured,
//!   unreachable, too slow, an error). A request is never failed because of the routing server.
//!
//! The planner's interface is synchronous (it runs on a blocking thread): [`Routing`] asks the
//! server through the tokio runtime the calling blocking thread belongs to, so call the planner
//! inside `tokio::task::spawn_blocking`. Without a runtime, it falls back to the estimate.

use lru::LruCache;
use serde::Deserialize;
use std::fmt;
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use wenlv_domain::Position;
use wenlv_planner::{Geometry, Itinerary, TravelTimesKind};
use wenlv_planner::{
    Leg, Mode, StraightLine, TravelError, TravelMatrix, TravelSource, TravelTimes,
};

/// Where the routing servers are and how long to wait for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OsrmConfig {
    /// Base URL of the server with the foot graph (e.g. `http://127.0.0.1:5000`); `None`: walking
    /// legs are estimated.
    pub foot_url: Option<String>,
    /// Base URL of the server with the car graph; `None`: driving legs are estimated.
    pub car_url: Option<String>,
    /// The longest wait for one whole matrix (all its chunks) or one day's route geometry. A plan
    /// waits at most this long before falling back to estimates. Default 2 s.
    pub timeout: Duration,
    /// The most points one table request may carry: `osrm-routed --max-table-size` (default 100).
    pub table_limit: usize,
    /// How many matrices the cache keeps (least recently used go first). Default 64.
    pub cache_entries: usize,
}

impl Default for OsrmConfig {
    fn default() -> OsrmConfig {
        OsrmConfig {
            foot_url: None,
            car_url: None,
            timeout: Duration::from_secs(2),
            table_limit: 100,
            cache_entries: 64,
        }
    }
}

/// Why the routing server gave no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoutingError {
    #[error("no routing server is configured for {0}")]
    NotConfigured(&'static str),
    #[error("the routing server for {mode} did not answer within {} ms", .after.as_millis())]
    Timeout { mode: &'static str, after: Duration },
    #[error("the routing server for {mode} could not be reached")]
    Unreachable { mode: &'static str },
    #[error("the routing server for {mode} answered {code}: {message}")]
    Refused {
        mode: &'static str,
        code: String,
        message: String,
    },
    #[error("the routing server for {mode} sent an answer that is not OSRM's: {detail}")]
    BadAnswer { mode: &'static str, detail: String },
    #[error("invalid routing configuration: {0}")]
    Config(String),
}

/// How a mode is named in messages, and OSRM's profile name in URLs (osrm-routed ignores it).
fn words(mode: Mode) -> (&'static str, &'static str) {
    match mode {
        Mode::Walk => ("walking", "foot"),
        Mode::Drive => ("driving", "driving"),
    }
}

/// Points as a cache key: micro-degrees, as OSRM reads them (6 decimals).
type CacheKey = (Mode, Vec<(i64, i64)>);

fn cache_key(points: &[Position], mode: Mode) -> CacheKey {
    let micro = |d: f64| (d * 1e6).round() as i64;
    (
        mode,
        points
            .iter()
            .map(|p| (micro(p.lat), micro(p.lon)))
            .collect(),
    )
}

/// The OSRM client: tables (chunked, cached) and routes.
pub struct Osrm {
    http: reqwest::Client,
    config: OsrmConfig,
    cache: Mutex<LruCache<CacheKey, TravelMatrix>>,
    /// Leg paths per (mode, waypoints), as bounded as the matrices.
    paths: Mutex<LruCache<CacheKey, Vec<Geometry>>>,
    table_requests: AtomicU64,
    route_requests: AtomicU64,
}

impl fmt::Debug for Osrm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Osrm")
            .field("config", &self.config)
            .field("cached", &self.cached())
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct TableAnswer {
    code: String,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    durations: Option<Vec<Vec<Option<f64>>>>,
    #[serde(default)]
    distances: Option<Vec<Vec<Option<f64>>>>,
}

#[derive(Deserialize)]
struct RouteAnswer {
    code: String,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    routes: Vec<RouteOut>,
}

#[derive(Deserialize)]
struct RouteOut {
    legs: Vec<RouteLeg>,
}

#[derive(Deserialize)]
struct RouteLeg {
    steps: Vec<RouteStep>,
}

#[derive(Deserialize)]
struct RouteStep {
    geometry: LineGeometry,
}

#[derive(Deserialize)]
struct LineGeometry {
    coordinates: Vec<[f64; 2]>,
}

/// Raw seconds and metres of one table block, `None` where OSRM has no route.
type Block = Vec<Vec<Option<(f64, f64)>>>;

impl Osrm {
    /// A client for `config`. Checks the URLs and limits; connects to nothing yet.
    pub fn new(config: OsrmConfig) -> Result<Osrm, RoutingError> {
        for (flag, url) in [("foot", &config.foot_url), ("car", &config.car_url)] {
            if let Some(url) = url
                && !(url.starts_with("http://") || url.starts_with("https://"))
            {
                return Err(RoutingError::Config(format!(
                    "the {flag} server URL '{url}' does not start with http:// or https://"
                )));
            }
        }
        if config.table_limit < 2 {
            return Err(RoutingError::Config(format!(
                "the table limit {} is below 2",
                config.table_limit
            )));
        }
        let entries = NonZeroUsize::new(config.cache_entries).ok_or_else(|| {
            RoutingError::Config("the matrix cache must hold at least 1 entry".into())
        })?;
        let http = reqwest::Client::builder()
            .connect_timeout(config.timeout)
            .timeout(config.timeout)
            .build()
            .map_err(|e| RoutingError::Config(e.to_string()))?;
        Ok(Osrm {
            http,
            cache: Mutex::new(LruCache::new(entries)),
            paths: Mutex::new(LruCache::new(entries)),
            config,
            table_requests: AtomicU64::new(0),
            route_requests: AtomicU64::new(0),
        })
    }

    pub fn config(&self) -> &OsrmConfig {
        &self.config
    }

    /// True when a server is configured for `mode`.
    pub fn serves(&self, mode: Mode) -> bool {
        self.base(mode).is_some()
    }

    fn base(&self, mode: Mode) -> Option<&str> {
        match mode {
            Mode::Walk => self.config.foot_url.as_deref(),
            Mode::Drive => self.config.car_url.as_deref(),
        }
        .map(|u| u.trim_end_matches('/'))
    }

    /// Table requests sent so far (each chunk counts): how tests see the cache work.
    pub fn table_requests(&self) -> u64 {
        self.table_requests.load(Ordering::Relaxed)
    }

    /// Route requests sent so far.
    pub fn route_requests(&self) -> u64 {
        self.route_requests.load(Ordering::Relaxed)
    }

    /// Matrices in the cache now.
    pub fn cached(&self) -> usize {
        self.cache.lock().expect("cache lock").len()
    }

    /// The street seconds and metres between every pair of `points`, from the cache or the
    /// server: `None` in a cell where the server knows no route. The whole fetch (all chunks) is
    /// bounded by the timeout.
    pub async fn table(
        &self,
        points: &[Position],
        mode: Mode,
    ) -> Result<TravelMatrix, RoutingError> {
        let key = cache_key(points, mode);
        if let Some(m) = self.cache.lock().expect("cache lock").get(&key) {
            return Ok(m.clone());
        }
        let (what, _) = words(mode);
        let cells = tokio::time::timeout(self.config.timeout, self.fetch_table(points, mode))
            .await
            .map_err(|_| RoutingError::Timeout {
                mode: what,
                after: self.config.timeout,
            })??;
        let matrix = TravelMatrix::from_routes(
            points.len(),
            |i, j| {
                cells[i][j].map(|(seconds, meters)| Leg {
                    meters: meters.round() as u32,
                    seconds: seconds.ceil() as u32,
                })
            },
            TravelSource::Street,
        );
        self.cache
            .lock()
            .expect("cache lock")
            .put(key, matrix.clone());
        Ok(matrix)
    }

    /// All cells, in blocks of at most `table_limit` points per request: with h = limit / 2, the
    /// points are cut into groups of h and each pair of groups is one request (sources = the
    /// first group, destinations = the second).
    async fn fetch_table(
        &self,
        points: &[Position],
        mode: Mode,
    ) -> Result<Vec<Vec<Option<(f64, f64)>>>, RoutingError> {
        let n = points.len();
        let mut cells = vec![vec![None; n]; n];
        if n == 0 {
            return Ok(cells);
        }
        if n <= self.config.table_limit {
            let all: Vec<usize> = (0..n).collect();
            let block = self.table_block(points, &all, &all, mode).await?;
            return Ok(block);
        }
        let h = self.config.table_limit / 2;
        let groups: Vec<Vec<usize>> = (0..n)
            .collect::<Vec<_>>()
            .chunks(h)
            .map(<[usize]>::to_vec)
            .collect();
        for a in &groups {
            for b in &groups {
                let block = self.table_block(points, a, b, mode).await?;
                for (r, &i) in a.iter().enumerate() {
                    for (c, &j) in b.iter().enumerate() {
                        cells[i][j] = block[r][c];
                    }
                }
            }
        }
        Ok(cells)
    }

    /// One table request from the points `from` to the points `to` (indices into `points`).
    async fn table_block(
        &self,
        points: &[Position],
        from: &[usize],
        to: &[usize],
        mode: Mode,
    ) -> Result<Block, RoutingError> {
        let (what, profile) = words(mode);
        let base = self.base(mode).ok_or(RoutingError::NotConfigured(what))?;
        // The request's coordinates: `from`, then those of `to` not already in it.
        let mut coords: Vec<usize> = from.to_vec();
        for j in to {
            if !coords.contains(j) {
                coords.push(*j);
            }
        }
        if coords.len() == 1 {
            // One point to itself (the last, single-point group): OSRM wants two coordinates.
            return Ok(vec![vec![Some((0.0, 0.0))]]);
        }
        let pos = |k: usize| coords.iter().position(|c| *c == k).expect("in coords");
        let list = |ks: &[usize]| {
            ks.iter()
                .map(|k| pos(*k).to_string())
                .collect::<Vec<_>>()
                .join(";")
        };
        let url = format!(
            "{base}/table/v1/{profile}/{}?annotations=duration,distance&sources={}&destinations={}",
            coordinates(coords.iter().map(|k| points[*k])),
            list(from),
            list(to)
        );
        self.table_requests.fetch_add(1, Ordering::Relaxed);
        let answer: TableAnswer = self.get_json(&url, what).await?;
        if answer.code != "Ok" {
            return Err(RoutingError::Refused {
                mode: what,
                code: answer.code,
                message: answer.message.unwrap_or_default(),
            });
        }
        let bad = |detail: String| RoutingError::BadAnswer { mode: what, detail };
        let durations = answer.durations.ok_or_else(|| bad("no durations".into()))?;
        let distances = answer.distances.ok_or_else(|| bad("no distances".into()))?;
        if durations.len() != from.len()
            || distances.len() != from.len()
            || durations
                .iter()
                .chain(&distances)
                .any(|r| r.len() != to.len())
        {
            return Err(bad(format!(
                "expected a {} × {} table",
                from.len(),
                to.len()
            )));
        }
        Ok(durations
            .iter()
            .zip(&distances)
            .map(|(dr, mr)| {
                dr.iter()
                    .zip(mr)
                    .map(|(d, m)| match (d, m) {
                        (Some(d), Some(m)) if d.is_finite() && m.is_finite() => Some((*d, *m)),
                        _ => None,
                    })
                    .collect()
            })
            .collect())
    }

    /// The path along the streets of each leg between consecutive `points` (one route request,
    /// or the cache), as GeoJSON line strings `[lon, lat]`.
    pub async fn route(
        &self,
        points: &[Position],
        mode: Mode,
    ) -> Result<Vec<Geometry>, RoutingError> {
        let key = cache_key(points, mode);
        if let Some(lines) = self.paths.lock().expect("cache lock").get(&key) {
            return Ok(lines.clone());
        }
        let lines = self.fetch_route(points, mode).await?;
        self.paths
            .lock()
            .expect("cache lock")
            .put(key, lines.clone());
        Ok(lines)
    }

    async fn fetch_route(
        &self,
        points: &[Position],
        mode: Mode,
    ) -> Result<Vec<Geometry>, RoutingError> {
        let (what, profile) = words(mode);
        let base = self.base(mode).ok_or(RoutingError::NotConfigured(what))?;
        if points.len() < 2 {
            return Ok(Vec::new());
        }
        let url = format!(
            "{base}/route/v1/{profile}/{}?overview=false&steps=true&geometries=geojson",
            coordinates(points.iter().copied())
        );
        self.route_requests.fetch_add(1, Ordering::Relaxed);
        let fetch = self.get_json::<RouteAnswer>(&url, what);
        let answer = tokio::time::timeout(self.config.timeout, fetch)
            .await
            .map_err(|_| RoutingError::Timeout {
                mode: what,
                after: self.config.timeout,
            })??;
        if answer.code != "Ok" {
            return Err(RoutingError::Refused {
                mode: what,
                code: answer.code,
                message: answer.message.unwrap_or_default(),
            });
        }
        let route = answer
            .routes
            .into_iter()
            .next()
            .ok_or_else(|| RoutingError::BadAnswer {
                mode: what,
                detail: "no route".into(),
            })?;
        if route.legs.len() != points.len() - 1 {
            return Err(RoutingError::BadAnswer {
                mode: what,
                detail: format!("{} legs for {} points", route.legs.len(), points.len()),
            });
        }
        Ok(route
            .legs
            .into_iter()
            .map(|leg| {
                let mut coordinates: Vec<[f64; 2]> = Vec::new();
                for step in leg.steps {
                    for c in step.geometry.coordinates {
                        if coordinates.last() != Some(&c) {
                            coordinates.push(c);
                        }
                    }
                }
                Geometry::LineString { coordinates }
            })
            .collect())
    }

    async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        url: &str,
        what: &'static str,
    ) -> Result<T, RoutingError> {
        let failed = |e: reqwest::Error| {
            if e.is_timeout() {
                RoutingError::Timeout {
                    mode: what,
                    after: self.config.timeout,
                }
            } else if e.is_connect() {
                RoutingError::Unreachable { mode: what }
            } else {
                // Without the URL: the message reaches API answers, which never say where the
                // server is.
                RoutingError::BadAnswer {
                    mode: what,
                    detail: e.without_url().to_string(),
                }
            }
        };
        // OSRM answers errors (too big, no segment) with a 400 and the same JSON shape.
        let response = self.http.get(url).send().await.map_err(failed)?;
        let body = response.bytes().await.map_err(failed)?;
        serde_json::from_slice(&body).map_err(|e| RoutingError::BadAnswer {
            mode: what,
            detail: e.to_string(),
        })
    }
}

/// `lon,lat;lon,lat…` with 6 decimals (about 0.1 m).
fn coordinates(points: impl Iterator<Item = Position>) -> String {
    points
        .map(|p| format!("{:.6},{:.6}", p.lon, p.lat))
        .collect::<Vec<_>>()
        .join(";")
}

/// What the planner gets: street times from [`Osrm`] when it answers, else the straight-line
/// estimate saying why. Driving legs add the estimate's parking overhead to the street time
/// (finding the car and parking take as long on any street).
#[derive(Debug)]
pub struct Routing {
    osrm: Osrm,
    estimate: StraightLine,
}

impl Default for Routing {
    /// No routing server: every itinerary is estimated.
    fn default() -> Routing {
        Routing::new(OsrmConfig::default()).expect("the default configuration is valid")
    }
}

impl Routing {
    pub fn new(config: OsrmConfig) -> Result<Routing, RoutingError> {
        Ok(Routing {
            osrm: Osrm::new(config)?,
            estimate: StraightLine::default(),
        })
    }

    /// The client, for its counters and configuration.
    pub fn osrm(&self) -> &Osrm {
        &self.osrm
    }

    /// The estimate used when the server does not answer.
    pub fn estimate(&self) -> &StraightLine {
        &self.estimate
    }

    /// Street times between `points`, or the estimate with a note saying why.
    pub async fn street_or_estimate(&self, points: &[Position], mode: Mode) -> TravelMatrix {
        let why = match self.osrm.table(points, mode).await {
            Ok(m) => return self.with_overhead(m, mode),
            Err(RoutingError::NotConfigured(_)) => {
                format!("no routing server is configured for {}", words(mode).0)
            }
            Err(e) => {
                tracing::warn!(error = %e, "street travel times failed; using the straight-line estimate");
                e.to_string()
            }
        };
        self.estimated(points, mode, why)
    }

    fn estimated(&self, points: &[Position], mode: Mode, why: String) -> TravelMatrix {
        let note = format!("{why}: {}", self.estimate.describe(mode));
        TravelMatrix::from_routes(
            points.len(),
            |i, j| Some(self.estimate.leg(points[i], points[j], mode)),
            TravelSource::Estimated { note },
        )
    }

    fn with_overhead(&self, m: TravelMatrix, mode: Mode) -> TravelMatrix {
        if mode != Mode::Drive || self.estimate.drive_overhead_min == 0.0 {
            return m;
        }
        let extra = (self.estimate.drive_overhead_min * 60.0).ceil() as u32;
        TravelMatrix::from_routes(
            m.len(),
            |i, j| {
                m.leg(i, j).map(|l| Leg {
                    meters: l.meters,
                    seconds: l.seconds + extra,
                })
            },
            m.source().clone(),
        )
    }

    /// Adds the street path to every leg of an itinerary planned on street times (one route
    /// request per day), from each day's own start point to its own end point (a trip's arrival,
    /// lodging or departure). A failure leaves the legs without geometry (the times stand) and is
    /// logged.
    pub async fn draw(&self, itinerary: &mut Itinerary, mode: Mode) {
        if itinerary.travel_times != TravelTimesKind::Street {
            return;
        }
        // One timeout for all days together, so a server that turned slow costs a plan at most
        // that long; days drawn before it keep their paths.
        let timeout = self.osrm.config.timeout;
        let all_days = async {
            for day in &mut itinerary.days {
                let at = |lat: f64, lon: f64| Position::new(lat, lon).ok();
                let points: Option<Vec<Position>> =
                    std::iter::once(at(day.start_point.lat, day.start_point.lon))
                        .chain(day.stops.iter().map(|s| at(s.lat, s.lon)))
                        .chain(std::iter::once(at(day.end_point.lat, day.end_point.lon)))
                        .collect();
                let Some(points) = points else { return };
                match self.osrm.route(&points, mode).await {
                    Ok(lines) if lines.len() == day.legs.len() => {
                        for (leg, line) in day.legs.iter_mut().zip(lines) {
                            leg.geometry = Some(line);
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, date = %day.date, "no street geometry for the day's legs");
                    }
                }
            }
        };
        if tokio::time::timeout(timeout, all_days).await.is_err() {
            tracing::warn!(
                timeout_ms = timeout.as_millis() as u64,
                "street geometry took too long; the remaining legs have none"
            );
        }
    }

    /// [`Routing::draw`] from a blocking thread (see the crate docs).
    pub fn draw_blocking(&self, itinerary: &mut Itinerary, mode: Mode) {
        if itinerary.travel_times != TravelTimesKind::Street {
            return;
        }
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.block_on(self.draw(itinerary, mode));
        }
    }
}

impl TravelTimes for Routing {
    /// Must run on a blocking thread of a tokio runtime when a server is configured for `mode`
    /// (`spawn_blocking`); without a runtime the answer is the estimate, saying so.
    fn matrix(&self, points: &[Position], mode: Mode) -> Result<TravelMatrix, TravelError> {
        if !self.osrm.serves(mode) {
            let why = format!("no routing server is configured for {}", words(mode).0);
            return Ok(self.estimated(points, mode, why));
        }
        Ok(match tokio::runtime::Handle::try_current() {
            Ok(handle) => handle.block_on(self.street_or_estimate(points, mode)),
            Err(_) => self.estimated(
                points,
                mode,
                "the routing server was not asked (no async runtime)".into(),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_limits_are_checked() {
        let bad_url = Routing::new(OsrmConfig {
            foot_url: Some("localhost:5000".into()),
            ..OsrmConfig::default()
        })
        .unwrap_err();
        assert!(
            bad_url.to_string().contains("'localhost:5000'"),
            "{bad_url}"
        );
        let small = Routing::new(OsrmConfig {
            table_limit: 1,
            ..OsrmConfig::default()
        })
        .unwrap_err();
        assert!(small.to_string().contains("table limit 1"), "{small}");
        assert!(
            Routing::new(OsrmConfig {
                cache_entries: 0,
                ..OsrmConfig::default()
            })
            .is_err()
        );
    }

    #[test]
    fn without_a_server_the_estimate_says_so() {
        let routing = Routing::default();
        let a = Position::new(36.62, 101.78).unwrap();
        let b = Position::new(36.63, 101.79).unwrap();
        let m = routing.matrix(&[a, b], Mode::Drive).unwrap();
        assert_eq!(
            m.leg(0, 1),
            Some(StraightLine::default().leg(a, b, Mode::Drive))
        );
        let TravelSource::Estimated { note } = m.source() else {
            panic!("not configured means estimated")
        };
        assert!(
            note.starts_with("no routing server is configured for driving: straight-line"),
            "{note}"
        );
    }

    #[test]
    fn the_cache_key_reads_points_at_osrm_precision() {
        let a = Position::new(36.620_000_1, 101.78).unwrap();
        let b = Position::new(36.62, 101.780_000_2).unwrap();
        assert_eq!(cache_key(&[a], Mode::Walk), cache_key(&[b], Mode::Walk));
        assert_ne!(cache_key(&[a], Mode::Walk), cache_key(&[a], Mode::Drive));
    }
}
