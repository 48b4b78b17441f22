//! The OpenAPI description of the JSON API, generated from the handlers' annotations (utoipa):
//! `GET /api/openapi.json`, and `GET /api/docs`, a page rendering it (server side, no script).
//!
//! The planner's request and answer types live in `wenlv-planner`, which knows nothing of HTTP;
//! their schemas are described here by the `…Doc` types, and the web tests check them against
//! real answers (every key of a real itinerary is in its schema, every property of the request
//! schema is accepted), so the description cannot drift silently. The repository's committed
//! `openapi.json` is compared with [`document`] by a test (`UPDATE_OPENAPI=1` rewrites it).

use crate::pages::{Chrome, Visit};
use crate::problem::Problem;
use crate::routes_api::{RouteList, RouteView};
use crate::stations_api::{StationList, StationView};
use crate::view::{Feature, FeatureCollection, PlaceList, PlaceView, Point};
use askama::Template;
use axum::Json;
use axum::response::Response;
use serde_json::Value;
use std::collections::BTreeMap;
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "wenlv",
        description = "The JSON API of wenlv (文旅): places, themed routes and itineraries for a city's visitors. Errors are RFC 9457 problem details.",
        license(name = "MIT OR Apache-2.0"),
    ),
    paths(
        crate::places::list,
        crate::places::get,
        crate::places::geojson,
        crate::hours::day,
        crate::hours::week,
        crate::hours::calendar,
        crate::offers::list,
        crate::quotes::create,
        crate::routes_api::list,
        crate::routes_api::get,
        crate::stations_api::list,
        crate::itineraries::plan,
        crate::itineraries::check,
        crate::accounts_api::users,
        crate::accounts_api::tokens,
        crate::accounts_api::audit,
        crate::accounts_api::audit_csv,
        crate::accounts_api::audit_xlsx,
    ),
    components(schemas(
        PlaceView, PlaceList, FeatureCollection, Feature, Point, RouteView, RouteList, Problem,
        StationView, StationList,
        PlanRequestDoc, CheckRequestDoc, CheckDayDoc, EndpointDoc, VisitorDoc, LunchDoc,
        ArrivalDoc, LodgingDoc, DepartureDoc, PointDoc,
        ItineraryDoc, DayDoc, StopDoc, LegDoc, LineStringDoc, ViolationDoc, TotalsDoc, NotFittedDoc,
        DayHoursDoc, IntervalDoc, WeekDoc, CalendarDoc, OfferListDoc, OfferDoc,
        QuoteRequestDoc, QuotesDoc, QuoteDoc, ConsideredDoc,
        UserDoc, UserListDoc, TokenDoc, TokenListDoc, AuditEntryDoc, AuditPageDoc,
    )),
    modifiers(&SecuritySchemes),
    tags(
        (name = "places", description = "The catalogue"),
        (name = "hours", description = "Opening hours and the city's calendar"),
        (name = "prices", description = "Offers and quotes"),
        (name = "routes", description = "The bureau's themed routes"),
        (name = "itineraries", description = "Plan a trip, or check a given order"),
        (name = "accounts", description = "Users, API tokens and the audit log (signed in: a bearer token or the session cookie)"),
    )
)]
pub struct ApiDoc;

/// The two ways to be signed in: `Authorization: Bearer <token>` (`wenlv token create`) and
/// the session cookie set by the sign-in page.
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "wenlv_session",
                "The session cookie set by the sign-in page (/bureau/sign-in)",
            ))),
        );
    }
}

/// The OpenAPI document as pretty JSON with a final newline (the committed file's form).
pub fn document() -> String {
    let mut text = ApiDoc::openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serialises");
    text.push('\n');
    text
}

/// `GET /api/openapi.json`
pub async fn json() -> Json<Value> {
    Json(serde_json::to_value(ApiDoc::openapi()).expect("the OpenAPI document serialises"))
}

/// Where a trip starts or ends: a place, a station (`GET /api/stations`), or a WGS-84 point.
#[derive(ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum EndpointDoc {
    Place {
        /// A place id.
        place: String,
    },
    Station {
        /// A station id with a known position.
        station: String,
    },
    Point {
        lat: f64,
        lon: f64,
    },
}

/// Who travels; offers depend on it. Unknown facts are left out.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct VisitorDoc {
    /// GB/T 2260 code (`320000`, or finer) or ISO 3166-1 alpha-2 country (`DE`).
    home_region: Option<String>,
    age: Option<u32>,
    #[schema(default = false)]
    student: Option<bool>,
    #[schema(default = false)]
    senior: Option<bool>,
    #[schema(default = false)]
    military: Option<bool>,
    #[schema(default = false)]
    disabled: Option<bool>,
    group_size: Option<u32>,
}

/// A lunch break no visit overlaps ("HH:MM").
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct LunchDoc {
    from: String,
    to: String,
}

/// Where and when the trip arrives: one of `station`, `place` or `lat`+`lon`, and the time on the
/// first date. The first day starts there, not before the time.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ArrivalDoc {
    /// A station id (`GET /api/stations`) with a known position.
    station: Option<String>,
    /// A place id.
    place: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    /// "HH:MM" on the first date.
    #[schema(example = "14:30")]
    time: String,
}

/// Where the visitor sleeps: one of `place` or `lat`+`lon`. Every day starts and ends there, but
/// the arrival day (starts at the arrival) and the departure day (ends at the departure).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct LodgingDoc {
    /// A place id.
    place: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
}

/// Where and when the trip leaves: one of `station`, `place` or `lat`+`lon`, the time on the last
/// date and how long before it the visitor must be there.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DepartureDoc {
    station: Option<String>,
    place: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    /// The flight's or train's time (or when to be at the place), "HH:MM" on the last date.
    #[schema(example = "17:00")]
    time: String,
    /// Minutes before `time` the last day must reach the departure point (at most 600). Default:
    /// 90 at an airport, 30 at a railway or coach station, 0 at a place or point.
    buffer_minutes: Option<u32>,
}

/// `POST /api/itineraries`: a visitor's wish. Times are local (Asia/Shanghai) "HH:MM".
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PlanRequestDoc {
    /// Dates `YYYY-MM-DD`, one per day.
    dates: Vec<String>,
    /// Where every day starts. Required unless `lodging` is given (or, for one date, both
    /// `arrival` and `departure`); not together with `lodging`.
    start: Option<EndpointDoc>,
    /// Same as `start` when absent.
    end: Option<EndpointDoc>,
    #[schema(default = "09:00")]
    day_start: Option<String>,
    #[schema(default = "18:00")]
    day_end: Option<String>,
    /// Theme id → weight, e.g. `{"old_town": 1.0, "food": 0.5}`.
    themes: Option<BTreeMap<String, f64>>,
    must_see: Option<Vec<String>>,
    skip: Option<Vec<String>>,
    /// Ticket budget for the whole trip, CNY decimal string; null = no limit.
    budget_cny: Option<String>,
    visitor: Option<VisitorDoc>,
    /// `relaxed`, `normal` (default) or `brisk`.
    pace: Option<String>,
    /// `walk` (default) or `drive`.
    mode: Option<String>,
    lunch: Option<LunchDoc>,
    arrival: Option<ArrivalDoc>,
    lodging: Option<LodgingDoc>,
    departure: Option<DepartureDoc>,
}

/// One day of a visitor's own order.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CheckDayDoc {
    date: String,
    /// Place ids in visiting order.
    stops: Vec<String>,
}

/// `POST /api/itineraries/check`: the planning request's fields (`dates` may be left out) plus
/// the fixed days.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CheckRequestDoc {
    /// The stops to time, per date.
    days: Vec<CheckDayDoc>,
    /// Taken from `days` when absent.
    dates: Option<Vec<String>>,
    start: Option<EndpointDoc>,
    end: Option<EndpointDoc>,
    day_start: Option<String>,
    day_end: Option<String>,
    themes: Option<BTreeMap<String, f64>>,
    must_see: Option<Vec<String>>,
    skip: Option<Vec<String>>,
    budget_cny: Option<String>,
    visitor: Option<VisitorDoc>,
    pace: Option<String>,
    mode: Option<String>,
    lunch: Option<LunchDoc>,
    arrival: Option<ArrivalDoc>,
    lodging: Option<LodgingDoc>,
    departure: Option<DepartureDoc>,
}

/// A planned stop.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct StopDoc {
    place: String,
    name_zh: String,
    name_en: String,
    lat: f64,
    lon: f64,
    arrive: String,
    start: String,
    leave: String,
    /// CNY decimal string for this visitor that day; null when unknown.
    price: Option<String>,
    /// False when the place's hours are unknown.
    hours_known: bool,
}

/// A leg between consecutive points of a day.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct LegDoc {
    from: String,
    to: String,
    minutes: u32,
    meters: u32,
    /// The path along the streets (GeoJSON LineString, `[lon, lat]` WGS-84) when the itinerary's
    /// `travel_times` is `street`; absent with estimated times.
    geometry: Option<LineStringDoc>,
}

/// A GeoJSON LineString (RFC 7946).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct LineStringDoc {
    /// Always `LineString`.
    r#type: String,
    /// `[lon, lat]` positions in WGS-84.
    coordinates: Vec<[f64; 2]>,
}

/// Something a checked order breaks.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ViolationDoc {
    /// `closed`, `after_last_admission`, `misses_window`, `over_day_end`, `over_budget`,
    /// `no_position`, `no_route` (the routing engine has no street route for a leg).
    kind: String,
    place: Option<String>,
    message: String,
}

/// A day's start or end point.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PointDoc {
    /// `start`, `end`, `arrival`, `lodging` or `departure`.
    role: String,
    /// The place or station id; null for a point.
    id: Option<String>,
    lat: f64,
    lon: f64,
}

/// One day of the itinerary.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DayDoc {
    date: String,
    stops: Vec<StopDoc>,
    /// From `start_point` through the stops to `end_point`.
    legs: Vec<LegDoc>,
    /// Leaving the start point: `day_start`, or the arrival time on the arrival day (earlier on
    /// a departure day when the departure needs it).
    depart: String,
    /// Reaching the end point.
    back: String,
    /// The day must reach its end point by then: `day_end`, or the departure time minus its buffer.
    latest_back: String,
    start_point: PointDoc,
    end_point: PointDoc,
    /// Why the day has no stops (counts per reason, and what the other mode would fit); absent
    /// when it has stops.
    empty_reason: Option<String>,
    /// Check mode only; absent when empty.
    violations: Option<Vec<ViolationDoc>>,
}

/// Totals over all days.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TotalsDoc {
    score: i64,
    /// Sum of known prices, CNY decimal string.
    cost: String,
    meters: u64,
    unknown_prices: u32,
}

/// A place not in the plan, and why: every must-see left out, every place with no street route
/// from a day's start or on to its end on any day (kind `too_far`) and, when a day has fewer than
/// two stops, the five best-scoring places left out, each tried alone on every day.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct NotFittedDoc {
    place: String,
    reason: String,
    /// `closed`, `too_far`, `over_budget`, `after_last_admission` or `no_time`; for a must-see
    /// also `no_position` or `price_unknown`.
    kind: String,
}

/// The itinerary: per day the stops with times and prices, legs, totals.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ItineraryDoc {
    days: Vec<DayDoc>,
    totals: TotalsDoc,
    not_fitted: Vec<NotFittedDoc>,
    excluded_no_position: Vec<String>,
    /// Trip-level violations (check mode); absent when empty.
    violations: Option<Vec<ViolationDoc>>,
    /// `street` when a routing engine (OSRM) gave the times of all legs, `estimated` when the
    /// straight-line estimate was used (no engine configured, or it was down or slow).
    #[schema(pattern = "^(street|estimated)$")]
    travel_times: String,
    /// Why the times are estimated; absent with street times.
    travel_times_note: Option<String>,
}

/// One open (or unknown) stretch of a day, local "HH:MM".
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct IntervalDoc {
    from: String,
    /// "24:00" for midnight at the end of the day.
    to: String,
    /// Present (true) when `to` is on the next day.
    ends_next_day: Option<bool>,
    /// Present (true) when the stretch began the day before.
    started_previous_day: Option<bool>,
    last_admission: Option<String>,
    comment: Option<String>,
}

/// `GET /api/places/{id}/hours`: one day.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DayHoursDoc {
    date: String,
    /// Empty when closed (or when the hours are unknown: see `hours_known`).
    open: Vec<IntervalDoc>,
    /// Stretches marked unknown; absent when none.
    unknown: Option<Vec<IntervalDoc>>,
    last_admission: Option<String>,
    /// Null when the holiday data does not cover the year.
    public_holiday: Option<bool>,
    note: Option<String>,
    hours_known: bool,
}

/// `GET /api/places/{id}/week`: seven days.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct WeekDoc {
    place: String,
    from: String,
    days: Vec<DayHoursDoc>,
}

/// `GET /api/calendar`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CalendarDoc {
    date: String,
    /// `winter_spring` or `summer_autumn`.
    product_line: String,
    /// `peak` or `off` (city-wide).
    pricing_season: String,
    public_holiday: Option<bool>,
    working_day: Option<bool>,
    holiday_name: Option<String>,
    note: Option<String>,
}

/// An offer (preferential policy).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct OfferDoc {
    id: String,
    title_zh: String,
    title_en: String,
    /// The legal basis or source text.
    basis: String,
    source: Option<String>,
    valid_from: String,
    valid_to: String,
    /// Which places: `{"ids": […], "filter": {"min_a_level", "categories", "districts"} | null, "exclude": […]}`.
    #[schema(value_type = Object)]
    places: serde_json::Value,
    /// Who: `{"home_regions": […], "age_min", "age_max", "student", "senior", "military", "disabled", "min_group_size"}`.
    #[schema(value_type = Object)]
    eligibility: serde_json::Value,
    /// What: `{"kind": "free" | "fixed_price" | "percent_of_peak" | "off_season_price" | "percent_of_off_season" | "percent_off", …}`.
    #[schema(value_type = Object)]
    effect: serde_json::Value,
    stacks: bool,
    assumptions: Vec<String>,
}

/// `GET /api/offers`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct OfferListDoc {
    items: Vec<OfferDoc>,
}

/// `POST /api/quotes`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct QuoteRequestDoc {
    /// YYYY-MM-DD.
    date: String,
    visitor: Option<VisitorDoc>,
    /// Place ids (at most 200).
    places: Vec<String>,
}

/// One offer considered for a quote.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ConsideredDoc {
    offer: String,
    applied: bool,
    /// `applied`, `outside_dates`, `not_this_place`, `not_eligible`, `no_saving`,
    /// `better_offer` or `price_unknown`: a code for translations.
    kind: String,
    /// The reason in English words, with its details.
    reason: String,
    price: Option<String>,
    /// The offer's marked assumptions; absent when none.
    assumptions: Option<Vec<String>>,
}

/// The price of one place for one visitor on one date, and why.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct QuoteDoc {
    place: String,
    date: String,
    /// `peak` or `off`.
    season: String,
    season_basis: String,
    /// CNY decimal string; null = unknown (never 0 for unknown).
    base_price: Option<String>,
    final_price: Option<String>,
    applied_offer: Option<String>,
    considered: Vec<ConsideredDoc>,
    note: Option<String>,
}

/// The answer of `POST /api/quotes`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct QuotesDoc {
    quotes: Vec<QuoteDoc>,
}

// ---- the browsable page -------------------------------------------------------------------

/// A parameter row.
pub struct ParamRow {
    pub name: String,
    pub location: String,
    pub required: bool,
    pub kind: String,
    pub description: String,
}

/// One response.
pub struct ResponseRow {
    pub status: String,
    pub description: String,
    pub body: String,
}

/// One operation (method + path).
pub struct Operation {
    pub anchor: String,
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    pub params: Vec<ParamRow>,
    pub body: String,
    pub responses: Vec<ResponseRow>,
}

pub struct PropRow {
    pub name: String,
    pub kind: String,
    pub required: bool,
    pub description: String,
}

pub struct SchemaDoc {
    pub name: String,
    pub description: String,
    pub props: Vec<PropRow>,
    pub note: String,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
pub struct DocsPage {
    pub c: Chrome,
    pub title: String,
    pub version: String,
    pub description: String,
    pub operations: Vec<Operation>,
    pub schemas: Vec<SchemaDoc>,
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

/// A schema in words: `string`, `integer (int64)`, `array of StopDoc`, `PlaceView`, `a or b`.
fn kind(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(list) = schema.get(key).and_then(Value::as_array) {
            let parts: Vec<String> = list.iter().map(kind).filter(|k| k != "null").collect();
            let nullable = list
                .iter()
                .any(|s| s.get("type") == Some(&Value::from("null")));
            let joined = parts.join(if key == "allOf" { " and " } else { " or " });
            return if nullable {
                format!("{joined} or null")
            } else {
                joined
            };
        }
    }
    let base = match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "any".to_string(),
    };
    let base = if base.starts_with("array") {
        base.replacen(
            "array",
            &format!(
                "array of {}",
                schema.get("items").map(kind).unwrap_or_default()
            ),
            1,
        )
    } else if base.starts_with("object") && schema.get("additionalProperties").is_some() {
        base.replacen(
            "object",
            &format!(
                "map of {}",
                schema
                    .get("additionalProperties")
                    .map(kind)
                    .unwrap_or_default()
            ),
            1,
        )
    } else {
        base
    };
    match schema.get("format").and_then(Value::as_str) {
        Some(f) => format!("{base} ({f})"),
        None => base,
    }
}

fn content_body(v: &Value) -> String {
    v.get("content")
        .and_then(Value::as_object)
        .map(|c| {
            c.iter()
                .map(|(media, m)| {
                    format!(
                        "{} ({media})",
                        m.get("schema").map(kind).unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// `GET /api/docs`
pub async fn page(visit: Visit) -> Response {
    let doc = serde_json::to_value(ApiDoc::openapi()).expect("the OpenAPI document serialises");
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            operations.push(Operation {
                anchor: format!("{method}-{path}")
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                    .collect(),
                method: method.to_uppercase(),
                path: path.clone(),
                summary: text(op, "summary"),
                description: text(op, "description"),
                params: op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| ParamRow {
                        name: text(p, "name"),
                        location: text(p, "in"),
                        required: p["required"].as_bool().unwrap_or(false),
                        kind: p.get("schema").map(kind).unwrap_or_default(),
                        description: text(p, "description"),
                    })
                    .collect(),
                body: op.get("requestBody").map(content_body).unwrap_or_default(),
                responses: op["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(status, r)| ResponseRow {
                        status: status.clone(),
                        description: text(r, "description"),
                        body: content_body(r),
                    })
                    .collect(),
            });
        }
    }
    let schemas = doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, s)| {
            let required: Vec<&str> = s["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let props = s["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(p, ps)| PropRow {
                    name: p.clone(),
                    kind: kind(ps),
                    required: required.contains(&p.as_str()),
                    description: text(ps, "description"),
                })
                .collect::<Vec<_>>();
            SchemaDoc {
                name: name.clone(),
                description: text(s, "description"),
                note: if props.is_empty() {
                    kind(s)
                } else {
                    String::new()
                },
                props,
            }
        })
        .collect();
    let l = visit.lang;
    let page = DocsPage {
        c: Chrome::new(
            &visit,
            l.t("接口文档", "API docs").to_string(),
            "docs",
            false,
        ),
        title: text(&doc["info"], "title"),
        version: text(&doc["info"], "version"),
        description: text(&doc["info"], "description"),
        operations,
        schemas,
    };
    visit.respond(page)
}

/// For tests: the keys of `value` that the schema `schema` (in `doc`) does not describe, and
/// the required properties `value` lacks, as paths (`days[0].stops[1].name_xx`).
pub fn undocumented(doc: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let resolve = |s: &Value| -> Value {
        match s.get("$ref").and_then(Value::as_str) {
            Some(r) => doc["components"]["schemas"][r.rsplit('/').next().unwrap_or("")].clone(),
            None => s.clone(),
        }
    };
    let schema = resolve(schema);
    let mut out = Vec::new();
    if let Some(list) = schema
        .get("oneOf")
        .or(schema.get("anyOf"))
        .and_then(Value::as_array)
    {
        // Fits when one alternative fits (null included).
        let fits = list.iter().any(|alt| {
            let alt = resolve(alt);
            (value.is_null() && alt.get("type") == Some(&Value::from("null")))
                || (!value.is_null()
                    && alt.get("type") != Some(&Value::from("null"))
                    && undocumented(doc, &alt, value, at).is_empty())
        });
        if !fits {
            out.push(format!("{at}: fits no alternative"));
        }
        return out;
    }
    match value {
        // An object schema without properties ("any object") describes any keys.
        Value::Object(_) if schema.get("properties").is_none() => {}
        Value::Object(map) => {
            let props = schema["properties"].as_object();
            for (k, v) in map {
                match props.and_then(|p| p.get(k)) {
                    Some(ps) => out.extend(undocumented(doc, ps, v, &format!("{at}.{k}"))),
                    None if schema.get("additionalProperties").is_some() => {}
                    None => out.push(format!("{at}.{k}: not in the schema")),
                }
            }
            for r in schema["required"].as_array().into_iter().flatten() {
                if let Some(r) = r.as_str()
                    && !map.contains_key(r)
                {
                    out.push(format!("{at}.{r}: required but missing"));
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                out.extend(undocumented(
                    doc,
                    &schema["items"],
                    v,
                    &format!("{at}[{i}]"),
                ));
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds_read_like_words() {
        assert_eq!(
            kind(&json!({"$ref": "#/components/schemas/StopDoc"})),
            "StopDoc"
        );
        assert_eq!(
            kind(&json!({"type": "array", "items": {"type": "string"}})),
            "array of string"
        );
        assert_eq!(kind(&json!({"type": ["string", "null"]})), "string or null");
        assert_eq!(
            kind(&json!({"type": "integer", "format": "int64"})),
            "integer (int64)"
        );
    }

    #[test]
    fn undocumented_names_extra_and_missing_keys() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let schema = json!({"$ref": "#/components/schemas/LegDoc"});
        let ok = json!({"from": "start", "to": "a", "minutes": 3, "meters": 200});
        assert!(undocumented(&doc, &schema, &ok, "leg").is_empty());
        let bad = json!({"from": "start", "to": "a", "minutes": 3, "seconds": 1});
        assert_eq!(
            undocumented(&doc, &schema, &bad, "leg"),
            [
                "leg.seconds: not in the schema",
                "leg.meters: required but missing"
            ]
        );
    }
}

/// A user as admins see it (`GET /api/users`); never a password hash.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UserDoc {
    name: String,
    /// viewer, reporter, staff or admin.
    role: String,
    /// The unit a reporter reports for (reporters only).
    unit: Option<String>,
    /// The command line's system user (never signs in).
    system: bool,
    disabled: bool,
    /// RFC 3339.
    created_at: String,
}

/// `GET /api/users`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UserListDoc {
    items: Vec<UserDoc>,
    total: u64,
}

/// An API token as admins see it (`GET /api/tokens`); never its secret.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TokenDoc {
    name: String,
    role: String,
    unit: Option<String>,
    /// active, expired or revoked.
    state: String,
    created_by: String,
    /// RFC 3339.
    created_at: String,
    expires_at: Option<String>,
    last_used_at: Option<String>,
}

/// `GET /api/tokens`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TokenListDoc {
    items: Vec<TokenDoc>,
    total: u64,
}

/// One entry of the audit log: who, when, from where, what, before and after.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AuditEntryDoc {
    /// In order of writing.
    id: i64,
    /// RFC 3339.
    at: String,
    /// A user name, token:NAME, wenlv-cli (the command line) or visitor.
    actor: String,
    role: String,
    /// The caller's address, or cli (os user …).
    origin: String,
    /// e.g. user.add, token.revoke, session.sign_in.
    action: String,
    entity: String,
    entity_id: String,
    /// done or refused.
    outcome: String,
    before: Option<Value>,
    after: Option<Value>,
    detail: Option<String>,
}

/// `GET /api/audit`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AuditPageDoc {
    items: Vec<AuditEntryDoc>,
    total: u64,
}
