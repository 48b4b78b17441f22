//! From a visitor's wish to an itinerary: the planning request, the candidates, the solver
//! problem, and the answer as days of stops with clock times, prices and legs.
//!
//! The planner does not read the database or evaluate opening hours itself: a [`FactsSource`]
//! answers "when is this place open on this date, and what does this visitor pay there?". The
//! production source combines the domain's opening-hours evaluation and quote engine; tests can
//! use the same real source over the Xining data.

use crate::timeline::{DayWindow, StopTimes, Violation, hh_mm, walk_day};
use crate::travel::{Leg, Mode, TravelError, TravelMatrix, TravelSource, TravelTimes};
use crate::trip::{
    ArrivalRequest, DepartureRequest, Frame, LodgingRequest, Role, TripShape, default_buffer,
    one_endpoint, time_of,
};
use crate::visit::{Pace, Scoring, visit_minutes};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use wenlv_domain::{Money, Place, PlaceId, Position, Station, Theme, Visitor};
use wenlv_optimiser as opt;

/// What a place is like on one date, for this visitor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DayFacts {
    /// Open intervals `(open, close)` in minutes after midnight; empty when closed (or unknown).
    pub open: Vec<(u32, u32)>,
    /// Last admission that day, minutes after midnight, when known.
    pub last_admission: Option<u32>,
    /// False when the place's opening hours are unknown.
    pub hours_known: bool,
    /// What this visitor pays that day (after offers); `None` when unknown.
    pub price: Option<Money>,
}

/// Answers the per-date questions about places.
pub trait FactsSource {
    /// What `place` is like on each of `dates`, in order.
    fn days(&self, place: &Place, dates: &[Date]) -> Vec<DayFacts>;
}

/// Where a day starts or ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Endpoint {
    Place {
        place: String,
    },
    /// A station of the city (railway station, airport), by id.
    Station {
        station: String,
    },
    Point {
        lat: f64,
        lon: f64,
    },
}

/// A lunch break: no visit overlaps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lunch {
    pub from: String,
    pub to: String,
}

/// The planning request, as integrators send it (`POST /api/itineraries`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    pub dates: Vec<String>,
    /// Where every day starts (today's meaning); may be left out when `lodging` (or, for one
    /// day, `arrival` and `departure`) says it.
    #[serde(default)]
    pub start: Option<Endpoint>,
    #[serde(default)]
    pub end: Option<Endpoint>,
    #[serde(default = "default_day_start")]
    pub day_start: String,
    #[serde(default = "default_day_end")]
    pub day_end: String,
    #[serde(default)]
    pub themes: BTreeMap<String, f64>,
    #[serde(default)]
    pub must_see: Vec<String>,
    #[serde(default)]
    pub skip: Vec<String>,
    #[serde(default)]
    pub budget_cny: Option<String>,
    /// Who is travelling: prices follow from it (home region, age, student, …).
    #[serde(default)]
    pub visitor: Visitor,
    #[serde(default)]
    pub pace: Pace,
    #[serde(default)]
    pub mode: Mode,
    #[serde(default)]
    pub lunch: Option<Lunch>,
    /// Where and when the trip arrives (first date): the first day starts there, not before.
    #[serde(default)]
    pub arrival: Option<ArrivalRequest>,
    /// Where the visitor sleeps: every day starts and ends there, but the arrival and departure days.
    #[serde(default)]
    pub lodging: Option<LodgingRequest>,
    /// Where and when the trip leaves (last date), reached `buffer_minutes` before.
    #[serde(default)]
    pub departure: Option<DepartureRequest>,
}

fn default_day_start() -> String {
    "09:00".into()
}
fn default_day_end() -> String {
    "18:00".into()
}

/// A request that cannot be planned, naming the field and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct RequestError {
    pub field: String,
    pub message: String,
}

/// A caller's text as an error message may repeat it: long ones are cut.
fn clip(text: &str) -> std::borrow::Cow<'_, str> {
    wenlv_domain::civil::clip(text, wenlv_domain::civil::MAX_ECHO_CHARS)
}

pub(crate) fn bad(field: &str, message: impl Into<String>) -> RequestError {
    RequestError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// Reads "HH:MM" as minutes after midnight ("24:00" allowed as the end of a day), naming `field`.
pub fn parse_clock(field: &str, text: &str) -> Result<u32, RequestError> {
    wenlv_domain::parse_clock(text).map_err(|e| bad(field, e.to_string()))
}

/// Reads a date `YYYY-MM-DD` in the service's range (see `wenlv_domain::civil`), naming `field`.
pub fn parse_date(field: &str, text: &str) -> Result<Date, RequestError> {
    wenlv_domain::parse_date(text).map_err(|e| bad(field, e.to_string()))
}

/// The most days one request may plan (or check).
pub const MAX_DAYS: usize = 7;
/// The most stops one day of a checked order may have (a visitor's day has a dozen at most).
pub const MAX_STOPS_PER_DAY: usize = 40;
/// The most place ids `must_see` or `skip` may list.
pub const MAX_LISTED_PLACES: usize = 500;

/// A validated request, ready to plan.
#[derive(Debug, Clone)]
pub struct PlanSpec {
    pub dates: Vec<Date>,
    /// Where the days start and end: start/end, or arrival, lodging and departure.
    pub trip: TripShape,
    pub day_start: u32,
    pub day_end: u32,
    pub themes: BTreeMap<Theme, f64>,
    pub must_see: Vec<PlaceId>,
    pub skip: BTreeSet<PlaceId>,
    pub budget: Option<Money>,
    pub pace: Pace,
    pub mode: Mode,
    pub lunch: Option<(u32, u32)>,
}

/// A resolved start or end point.
#[derive(Debug, Clone, PartialEq)]
pub struct Stand {
    /// The place id when the point is a place, else `None`.
    pub place: Option<PlaceId>,
    /// The station id when the point is a station, else `None`.
    pub station: Option<PlaceId>,
    pub position: Position,
}

impl Stand {
    /// How legs name this point: the place or station id, else `fallback` ("start"/"end").
    pub(crate) fn label(&self, fallback: &str) -> String {
        self.place
            .as_ref()
            .or(self.station.as_ref())
            .map_or_else(|| fallback.to_string(), |p| p.to_string())
    }
}

fn resolve_endpoint(
    field: &str,
    e: &Endpoint,
    places: &HashMap<&str, &Place>,
    stations: &[Station],
) -> Result<Stand, RequestError> {
    match e {
        Endpoint::Place { place } => {
            let p = places
                .get(place.as_str())
                .ok_or_else(|| bad(field, format!("unknown place '{}'", clip(place))))?;
            let position = p
                .position
                .ok_or_else(|| bad(field, format!("place '{place}' has no known position")))?;
            Ok(Stand {
                place: Some(p.id.clone()),
                station: None,
                position,
            })
        }
        Endpoint::Station { station } => {
            let s = stations
                .iter()
                .find(|s| s.id.as_str() == station)
                .ok_or_else(|| bad(field, format!("unknown station '{}'", clip(station))))?;
            let position = s.position.ok_or_else(|| {
                bad(
                    field,
                    format!("station '{station}' has no known position; pick the point on the map"),
                )
            })?;
            Ok(Stand {
                place: None,
                station: Some(s.id.clone()),
                position,
            })
        }
        Endpoint::Point { lat, lon } => {
            let position = Position::new(*lat, *lon).map_err(|e| bad(field, e.to_string()))?;
            Ok(Stand {
                place: None,
                station: None,
                position,
            })
        }
    }
}

impl PlanRequest {
    /// Checks everything that can be checked without opening hours; every message names the field.
    /// `stations` are the city's stations a start or end may name.
    pub fn validate(
        &self,
        places: &[Place],
        stations: &[Station],
    ) -> Result<PlanSpec, RequestError> {
        let by_id: HashMap<&str, &Place> = places.iter().map(|p| (p.id.as_str(), p)).collect();
        if self.dates.is_empty() {
            return Err(bad("dates", "at least one date is required"));
        }
        if self.dates.len() > MAX_DAYS {
            return Err(bad(
                "dates",
                format!("at most {MAX_DAYS} days can be planned at once"),
            ));
        }
        let mut dates = Vec::new();
        for (i, d) in self.dates.iter().enumerate() {
            let date = parse_date(&format!("dates[{i}]"), d)?;
            if dates.contains(&date) {
                return Err(bad(&format!("dates[{i}]"), format!("{d} is given twice")));
            }
            dates.push(date);
        }
        dates.sort();
        let day_start = parse_clock("day_start", &self.day_start)?;
        let day_end = parse_clock("day_end", &self.day_end)?;
        if day_end <= day_start {
            return Err(bad(
                "day_end",
                format!("{} is not after day_start {}", self.day_end, self.day_start),
            ));
        }
        let trip = self.trip(&dates, &by_id, stations)?;
        let mut themes = BTreeMap::new();
        for (name, weight) in &self.themes {
            let field = format!("themes.{}", clip(name));
            let theme = Theme::parse(name).map_err(|e| bad(&field, e.to_string()))?;
            if !weight.is_finite() || !(0.0..=10.0).contains(weight) {
                return Err(bad(
                    &field,
                    format!("weight {weight} is not between 0 and 10"),
                ));
            }
            themes.insert(theme, *weight);
        }
        let known = |field: String, id: &String| -> Result<PlaceId, RequestError> {
            by_id
                .get(id.as_str())
                .map(|p| p.id.clone())
                .ok_or_else(|| bad(&field, format!("unknown place '{}'", clip(id))))
        };
        for (field, list) in [("must_see", &self.must_see), ("skip", &self.skip)] {
            if list.len() > MAX_LISTED_PLACES {
                return Err(bad(
                    field,
                    format!("{} places listed, at most {MAX_LISTED_PLACES}", list.len()),
                ));
            }
        }
        let mut must_see = Vec::new();
        for (i, id) in self.must_see.iter().enumerate() {
            let id = known(format!("must_see[{i}]"), id)?;
            if !must_see.contains(&id) {
                must_see.push(id);
            }
        }
        let mut skip = BTreeSet::new();
        for (i, id) in self.skip.iter().enumerate() {
            let id = known(format!("skip[{i}]"), id)?;
            if must_see.contains(&id) {
                return Err(bad(
                    &format!("skip[{i}]"),
                    format!("'{id}' is also a must-see"),
                ));
            }
            skip.insert(id);
        }
        let budget = match &self.budget_cny {
            None => None,
            Some(text) => {
                let m = Money::parse(text).map_err(|e| bad("budget_cny", e.to_string()))?;
                if m < Money::ZERO {
                    return Err(bad("budget_cny", format!("{text} is below zero")));
                }
                Some(m)
            }
        };
        let lunch = match &self.lunch {
            None => None,
            Some(l) => {
                let (from, to) = (
                    parse_clock("lunch.from", &l.from)?,
                    parse_clock("lunch.to", &l.to)?,
                );
                if to <= from {
                    return Err(bad(
                        "lunch.to",
                        format!("{} is not after lunch.from {}", l.to, l.from),
                    ));
                }
                Some((from, to))
            }
        };
        Ok(PlanSpec {
            dates,
            trip,
            day_start,
            day_end,
            themes,
            must_see,
            skip,
            budget,
            pace: self.pace,
            mode: self.mode,
            lunch,
        })
    }
}

impl PlanRequest {
    /// Start, end, arrival, lodging and departure as the trip's shape.
    fn trip(
        &self,
        dates: &[Date],
        by_id: &HashMap<&str, &Place>,
        stations: &[Station],
    ) -> Result<TripShape, RequestError> {
        if self.lodging.is_some() {
            for (field, given) in [("start", self.start.is_some()), ("end", self.end.is_some())] {
                if given {
                    return Err(bad(
                        field,
                        "give either start (and end) or lodging: the lodging is where days start and end",
                    ));
                }
            }
        }
        if self.start.is_none() && self.end.is_some() {
            return Err(bad("start", "required with end"));
        }
        let start = self
            .start
            .as_ref()
            .map(|e| resolve_endpoint("start", e, by_id, stations))
            .transpose()?;
        let end = self
            .end
            .as_ref()
            .map(|e| resolve_endpoint("end", e, by_id, stations))
            .transpose()?;
        let arrival = match &self.arrival {
            None => None,
            Some(a) => {
                let e = one_endpoint(
                    "arrival",
                    a.station.as_ref(),
                    a.place.as_ref(),
                    a.lat,
                    a.lon,
                )?;
                let stand = resolve_endpoint("arrival", &e, by_id, stations)?;
                Some((stand, time_of("arrival", &a.time)?))
            }
        };
        let lodging = match &self.lodging {
            None => None,
            Some(l) => {
                let e = one_endpoint("lodging", None, l.place.as_ref(), l.lat, l.lon)?;
                Some(resolve_endpoint("lodging", &e, by_id, stations)?)
            }
        };
        let departure = match &self.departure {
            None => None,
            Some(d) => {
                let e = one_endpoint(
                    "departure",
                    d.station.as_ref(),
                    d.place.as_ref(),
                    d.lat,
                    d.lon,
                )?;
                let stand = resolve_endpoint("departure", &e, by_id, stations)?;
                let buffer = d
                    .buffer_minutes
                    .unwrap_or_else(|| default_buffer(&e, stations));
                if buffer > crate::trip::MAX_BUFFER_MINUTES {
                    return Err(bad(
                        "departure.buffer_minutes",
                        format!(
                            "{buffer} is over {} minutes",
                            crate::trip::MAX_BUFFER_MINUTES
                        ),
                    ));
                }
                Some((stand, time_of("departure", &d.time)?, buffer))
            }
        };
        if let (Some((_, arrive)), Some((_, leave, _))) = (&arrival, &departure)
            && dates.len() == 1
            && leave <= arrive
        {
            return Err(bad(
                "departure.time",
                format!(
                    "{} is not after the arrival at {}",
                    hh_mm(*leave),
                    hh_mm(*arrive)
                ),
            ));
        }
        let home_needed = dates.len() > 1 || arrival.is_none() || departure.is_none();
        if start.is_none() && lodging.is_none() && home_needed {
            let field = if arrival.is_some() || departure.is_some() {
                "lodging"
            } else {
                "start"
            };
            return Err(bad(
                field,
                "required: where the days start and end (a lodging, or a start point)",
            ));
        }
        Ok(crate::trip::shape(start, end, arrival, lodging, departure))
    }
}

/// One day of a visitor's own order (check mode): `{"date": "2024-01-08", "stops": [ids…]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckDay {
    pub date: String,
    pub stops: Vec<String>,
}

/// Reads the days of a check request: 1 to [`MAX_DAYS`] days on different dates, each with at
/// most [`MAX_STOPS_PER_DAY`] place ids. When the request also gives `dates`, they must be the
/// days' dates (in any order): a request that says two different things is refused, not guessed.
pub fn check_days(
    days: &[CheckDay],
    dates: Option<&[String]>,
) -> Result<Vec<(Date, Vec<PlaceId>)>, RequestError> {
    if days.is_empty() {
        return Err(bad("days", "at least one day is required"));
    }
    if days.len() > MAX_DAYS {
        return Err(bad(
            "days",
            format!(
                "{} days given, at most {MAX_DAYS} can be checked at once",
                days.len()
            ),
        ));
    }
    let mut out: Vec<(Date, Vec<PlaceId>)> = Vec::with_capacity(days.len());
    for (d, day) in days.iter().enumerate() {
        let date = parse_date(&format!("days[{d}].date"), &day.date)?;
        if out.iter().any(|(other, _)| *other == date) {
            return Err(bad(
                &format!("days[{d}].date"),
                format!("{date} is given twice"),
            ));
        }
        if day.stops.len() > MAX_STOPS_PER_DAY {
            return Err(bad(
                &format!("days[{d}].stops"),
                format!(
                    "{} stops given, at most {MAX_STOPS_PER_DAY} per day",
                    day.stops.len()
                ),
            ));
        }
        let mut stops = Vec::with_capacity(day.stops.len());
        for (i, s) in day.stops.iter().enumerate() {
            let id = PlaceId::parse(s).map_err(|_| {
                bad(
                    &format!("days[{d}].stops[{i}]"),
                    format!("unknown place '{}'", clip(s)),
                )
            })?;
            stops.push(id);
        }
        out.push((date, stops));
    }
    if let Some(dates) = dates {
        let mut given = Vec::with_capacity(dates.len());
        for (i, text) in dates.iter().enumerate() {
            given.push(parse_date(&format!("dates[{i}]"), text)?);
        }
        let mut days_dates: Vec<Date> = out.iter().map(|(d, _)| *d).collect();
        given.sort();
        given.dedup();
        days_dates.sort();
        if given != days_dates {
            let list = |v: &[Date]| v.iter().map(Date::to_string).collect::<Vec<_>>().join(", ");
            return Err(bad(
                "dates",
                format!(
                    "dates [{}] differ from the days' dates [{}]: give the same dates, or leave dates out",
                    list(&given),
                    list(&days_dates)
                ),
            ));
        }
    }
    Ok(out)
}

/// A planned stop.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StopOut {
    pub place: String,
    pub name_zh: String,
    pub name_en: String,
    pub lat: f64,
    pub lon: f64,
    pub arrive: String,
    pub start: String,
    pub leave: String,
    /// What this visitor pays here that day; null when unknown.
    pub price: Option<Money>,
    /// False when the place's opening hours are unknown (assumed open during the day's hours).
    pub hours_known: bool,
}

/// A leg between two consecutive points of a day ("start"/"end" or a place id).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LegOut {
    pub from: String,
    pub to: String,
    pub minutes: u32,
    pub meters: u32,
    /// The path along the streets, when a routing engine drew it (filled in at the edge, after
    /// planning); absent with estimated travel times.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geometry: Option<Geometry>,
}

/// A GeoJSON geometry (RFC 7946): positions are `[lon, lat]` in WGS-84.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum Geometry {
    LineString { coordinates: Vec<[f64; 2]> },
}

/// What an itinerary's travel times rest on (`travel_times`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TravelTimesKind {
    /// A routing engine answered for all legs.
    Street,
    /// The straight-line estimate was used (`travel_times_note` says why).
    Estimated,
}

/// One planned day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayOut {
    pub date: String,
    pub stops: Vec<StopOut>,
    pub legs: Vec<LegOut>,
    /// Leaving the start point.
    pub depart: String,
    /// Arriving at the end point.
    pub back: String,
    /// The time the day must reach its end point by: `day_end`, or on the last day of a trip
    /// with a departure, the departure time minus its buffer.
    pub latest_back: String,
    /// Where the day starts: the arrival, the lodging or the request's start.
    pub start_point: PointOut,
    /// Where the day ends: the lodging, the departure or the request's end.
    pub end_point: PointOut,
    /// Why the day has no stops, with a suggestion when another mode helps; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty_reason: Option<String>,
    /// Problems with this day (check mode; always empty for an optimised plan).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<ViolationOut>,
}

/// A day's start or end point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointOut {
    /// `start`, `end`, `arrival`, `lodging` or `departure`.
    pub role: Role,
    /// The place or station id; null for a point on the map.
    pub id: Option<String>,
    pub lat: f64,
    pub lon: f64,
}

/// What a checked order breaks, machine-readable (serialised in snake_case: `closed`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    /// The place is closed all that day.
    Closed,
    /// Arrives after the last admission (or too late to finish before closing).
    AfterLastAdmission,
    /// Arrives after every window of the day has closed.
    MissesWindow,
    /// Gets back after the day's end.
    OverDayEnd,
    /// The trip's known prices add up to more than the budget.
    OverBudget,
    /// The place's position is unknown, so it cannot be timed.
    NoPosition,
    /// No street route joins two consecutive points.
    NoRoute,
}

impl ViolationKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [ViolationKind] = &[
        ViolationKind::Closed,
        ViolationKind::AfterLastAdmission,
        ViolationKind::MissesWindow,
        ViolationKind::OverDayEnd,
        ViolationKind::OverBudget,
        ViolationKind::NoPosition,
        ViolationKind::NoRoute,
    ];

    /// The kind as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ViolationKind::Closed => "closed",
            ViolationKind::AfterLastAdmission => "after_last_admission",
            ViolationKind::MissesWindow => "misses_window",
            ViolationKind::OverDayEnd => "over_day_end",
            ViolationKind::OverBudget => "over_budget",
            ViolationKind::NoPosition => "no_position",
            ViolationKind::NoRoute => "no_route",
        }
    }
}

/// Why a place is not in the plan, machine-readable (serialised in snake_case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotFittedKind {
    /// Farther than the day allows with this mode (or no street route).
    TooFar,
    /// Reached only after its last admission.
    AfterLastAdmission,
    /// It would fit alone, but not with the rest of the day (or it is open too briefly).
    NoTime,
    /// Closed on every chosen date.
    Closed,
    /// Over what is left of the budget.
    OverBudget,
    /// A must-see whose position is unknown.
    NoPosition,
    /// A must-see whose price is unknown while a budget is set.
    PriceUnknown,
}

impl NotFittedKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [NotFittedKind] = &[
        NotFittedKind::TooFar,
        NotFittedKind::AfterLastAdmission,
        NotFittedKind::NoTime,
        NotFittedKind::Closed,
        NotFittedKind::OverBudget,
        NotFittedKind::NoPosition,
        NotFittedKind::PriceUnknown,
    ];

    /// The kind as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            NotFittedKind::TooFar => "too_far",
            NotFittedKind::AfterLastAdmission => "after_last_admission",
            NotFittedKind::NoTime => "no_time",
            NotFittedKind::Closed => "closed",
            NotFittedKind::OverBudget => "over_budget",
            NotFittedKind::NoPosition => "no_position",
            NotFittedKind::PriceUnknown => "price_unknown",
        }
    }
}

/// A violation in words, with the machine-readable kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ViolationOut {
    pub kind: ViolationKind,
    /// The place concerned, when there is one.
    pub place: Option<String>,
    pub message: String,
}

/// Totals over all days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub score: i64,
    /// Sum of known prices.
    pub cost: Money,
    pub meters: u64,
    /// Stops whose price is unknown (not counted in `cost`).
    pub unknown_prices: u32,
}

/// A place that is not in the plan, and why: every must-see left out, and when a day is empty or
/// thin (fewer than [`THIN_DAY_STOPS`] stops) the best-scoring places left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotFitted {
    pub place: String,
    pub reason: String,
    /// `closed`, `too_far`, `over_budget`, `after_last_admission`, `no_time`; for a must-see also
    /// `no_position` (its position is unknown) or `price_unknown` (a budget cannot be checked).
    pub kind: NotFittedKind,
}

/// A day with fewer stops than this is thin: the plan then lists the best-scoring places left out.
pub const THIN_DAY_STOPS: usize = 2;
/// How many left-out places a plan lists (must-sees come on top).
pub const MAX_NOT_FITTED_LISTED: usize = 5;

/// The answer to a planning or checking request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Itinerary {
    pub days: Vec<DayOut>,
    pub totals: Totals,
    pub not_fitted: Vec<NotFitted>,
    /// Places that could not be considered because their position is unknown.
    pub excluded_no_position: Vec<String>,
    /// Trip-level violations (check mode: over budget).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<ViolationOut>,
    /// `street` when a routing engine gave every leg, `estimated` for the straight-line estimate.
    pub travel_times: TravelTimesKind,
    /// Why the travel times are estimated (absent when they are street times).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub travel_times_note: Option<String>,
}

impl Itinerary {
    fn set_travel_source(&mut self, source: &TravelSource) {
        (self.travel_times, self.travel_times_note) = match source {
            TravelSource::Street => (TravelTimesKind::Street, None),
            TravelSource::Estimated { note } => (TravelTimesKind::Estimated, Some(note.clone())),
        };
    }
}

/// Minutes the solver sees for a pair with no route: longer than any day, so never a leg.
const NO_ROUTE_MINUTES: i64 = 100_000;

/// Why planning failed.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Request(#[from] RequestError),
    #[error(transparent)]
    Travel(#[from] TravelError),
    #[error("the optimiser rejected the problem: {0}")]
    Problem(#[from] wenlv_optimiser::ProblemError),
}

/// The planner's knobs; defaults are documented on each.
#[derive(Debug, Clone)]
pub struct Planner {
    pub scoring: Scoring,
    /// Solver seed: the same request always gives the same plan.
    pub seed: u64,
    /// Solver iterations per plan (deterministic; no wall-clock limit, so answers never depend on
    /// machine load).
    pub iterations: u64,
}

impl Default for Planner {
    fn default() -> Planner {
        Planner {
            scoring: Scoring::default(),
            seed: 1,
            iterations: 2_000,
        }
    }
}

/// A place's windows on one day for a visit of `visit` minutes, minus the lunch break, or the
/// whole day when its hours are unknown (flagged on the stop).
fn day_windows(f: &DayFacts, visit: u32, spec: &PlanSpec) -> Vec<DayWindow> {
    let intervals: Vec<(u32, u32)> = if f.hours_known {
        f.open.clone()
    } else {
        vec![(spec.day_start, spec.day_end)]
    };
    let mut pieces = Vec::new();
    for (open, close) in intervals {
        match spec.lunch {
            Some((lf, lt)) if lf < close && lt > open => {
                if open < lf {
                    pieces.push((open, lf));
                }
                if lt < close {
                    pieces.push((lt, close));
                }
            }
            _ => pieces.push((open, close)),
        }
    }
    pieces
        .into_iter()
        .filter_map(|(open, close)| {
            let la = f.last_admission.filter(|la| *la >= open && *la <= close);
            DayWindow::new(open, close, la, visit)
        })
        .collect()
}

pub(crate) struct Candidate<'a> {
    pub(crate) place: &'a Place,
    pub(crate) visit: u32,
    pub(crate) score: i64,
    /// Per date.
    pub(crate) facts: Vec<DayFacts>,
    pub(crate) windows: Vec<Vec<DayWindow>>,
}

impl Planner {
    /// Plans the trip: chooses places, order and times.
    pub fn plan(
        &self,
        spec: &PlanSpec,
        places: &[Place],
        facts: &dyn FactsSource,
        travel: &dyn TravelTimes,
    ) -> Result<Itinerary, PlanError> {
        let mut excluded_no_position = Vec::new();
        let mut not_fitted = Vec::new();
        let mut candidates: Vec<Candidate> = Vec::new();
        let endpoint_places: BTreeSet<&PlaceId> = spec
            .trip
            .terminals
            .iter()
            .filter_map(|t| t.stand.place.as_ref())
            .collect();
        for p in places {
            let must = spec.must_see.contains(&p.id);
            if p.position.is_none() {
                excluded_no_position.push(p.id.to_string());
                if must {
                    not_fitted.push(NotFitted {
                        place: p.id.to_string(),
                        reason: "position unknown".into(),
                        kind: NotFittedKind::NoPosition,
                    });
                }
                continue;
            }
            if spec.skip.contains(&p.id) || endpoint_places.contains(&p.id) {
                continue;
            }
            if !must && !self.scoring.matches(p, &spec.themes) {
                continue;
            }
            let visit = visit_minutes(p, spec.pace);
            let day_facts: Vec<DayFacts> = facts.days(p, &spec.dates);
            let windows: Vec<Vec<DayWindow>> = day_facts
                .iter()
                .map(|f| day_windows(f, visit, spec))
                .collect();
            if windows.iter().all(Vec::is_empty) {
                if must {
                    let what = if day_facts.iter().all(|f| f.hours_known && f.open.is_empty()) {
                        "closed on every chosen date"
                    } else {
                        "not open long enough for a visit on any chosen date"
                    };
                    return Err(RequestError {
                        field: "must_see".into(),
                        message: format!("'{}' is {what}", p.id),
                    }
                    .into());
                }
                continue;
            }
            if spec.budget.is_some()
                && day_facts
                    .iter()
                    .zip(&windows)
                    .any(|(f, w)| !w.is_empty() && f.price.is_none())
            {
                if must {
                    not_fitted.push(NotFitted {
                        place: p.id.to_string(),
                        reason: "ticket price unknown, so it cannot be checked against the budget"
                            .into(),
                        kind: NotFittedKind::PriceUnknown,
                    });
                }
                continue;
            }
            let score = self.scoring.score(p, &spec.themes);
            candidates.push(Candidate {
                place: p,
                visit,
                score,
                facts: day_facts,
                windows,
            });
        }

        // Vertices: the terminals (days' starts and ends), then the candidates.
        let k = spec.trip.terminals.len();
        let mut points: Vec<Position> = spec
            .trip
            .terminals
            .iter()
            .map(|t| t.stand.position)
            .collect();
        points.extend(
            candidates
                .iter()
                .map(|c| c.place.position.expect("candidates have positions")),
        );
        let mut matrix = travel.matrix(&points, spec.mode)?;
        let minutes = |m: &TravelMatrix, a: usize, b: usize| m.leg(a, b).map(Leg::minutes);
        // A day whose end cannot be reached from its start is a bad request naming the end.
        let frames = spec.trip.frames(
            &spec.dates,
            spec.day_start,
            spec.day_end,
            spec.mode,
            &|a, b| minutes(&matrix, a, b),
        )?;
        // A place with no route from a day's start or on to its end cannot be on that day; one
        // that no day can reach is left out with the reason.
        let routed_days: Vec<Vec<bool>> = (0..candidates.len())
            .map(|i| {
                frames
                    .iter()
                    .map(|f| {
                        matrix.leg(f.start, i + k).is_some() && matrix.leg(i + k, f.end).is_some()
                    })
                    .collect()
            })
            .collect();
        let unreachable: Vec<usize> = (0..candidates.len())
            .filter(|&i| !routed_days[i].iter().any(|r| *r))
            .collect();
        if !unreachable.is_empty() {
            for &i in &unreachable {
                let mut ways: Vec<String> = Vec::new();
                for f in &frames {
                    let way = if matrix.leg(f.start, i + k).is_none() {
                        format!("from the {}", spec.trip.terminals[f.start].role.word())
                    } else {
                        format!("on to the {}", spec.trip.terminals[f.end].role.word())
                    };
                    if !ways.contains(&way) {
                        ways.push(way);
                    }
                }
                not_fitted.push(NotFitted {
                    place: candidates[i].place.id.to_string(),
                    reason: format!(
                        "no street route {} {}",
                        ways.join(" or "),
                        crate::reasons::by(spec.mode)
                    ),
                    kind: NotFittedKind::TooFar,
                });
            }
            let keep: Vec<usize> = (0..k)
                .chain(
                    (0..candidates.len())
                        .filter(|i| !unreachable.contains(i))
                        .map(|i| i + k),
                )
                .collect();
            matrix = matrix.select(&keep);
            points = keep.iter().map(|&v| points[v]).collect();
            let mut i = 0;
            candidates.retain(|_| {
                i += 1;
                !unreachable.contains(&(i - 1))
            });
        }
        let routed_days: Vec<Vec<bool>> = routed_days
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !unreachable.contains(i))
            .map(|(_, r)| r)
            .collect();
        let n = points.len();
        let mut b = opt::ProblemBuilder::new();
        for _ in 0..k {
            b.add_vertex(0, 0, 0);
        }
        let mut costs = Vec::with_capacity(candidates.len());
        for c in &candidates {
            // The budget counts the dearest day the place is open, so any day the solver picks fits.
            let cost = c
                .facts
                .iter()
                .zip(&c.windows)
                .filter(|(_, w)| !w.is_empty())
                .filter_map(|(f, _)| f.price)
                .max()
                .unwrap_or(Money::ZERO);
            costs.push(cost.fen());
            b.add_vertex(c.score, i64::from(c.visit), cost.fen());
        }
        for f in &frames {
            b.add_tour(
                f.start,
                f.end,
                i64::from(f.depart),
                i64::from(f.latest_back),
            );
        }
        for (i, c) in candidates.iter().enumerate() {
            for (t, ws) in c.windows.iter().enumerate() {
                if !routed_days[i][t] {
                    continue;
                }
                for w in ws {
                    b.add_window(
                        i + k,
                        t,
                        opt::Window::new(i64::from(w.open), i64::from(w.latest_start)),
                    );
                }
            }
            if spec.must_see.contains(&c.place.id) {
                b.add_mandatory(i + k);
            }
        }
        let mut minutes = Vec::with_capacity(n * n);
        for i in 0..n {
            for j in 0..n {
                minutes.push(
                    matrix
                        .leg(i, j)
                        .map_or(NO_ROUTE_MINUTES, |l| i64::from(l.minutes())),
                );
            }
        }
        b.set_travel_matrix(minutes);
        if let Some(budget) = spec.budget {
            b.set_budget(budget.fen());
        }
        let problem = b.build()?;
        let params = opt::SolverParams {
            seed: self.seed,
            time_limit: None,
            max_iterations: Some(self.iterations),
            target_score: None,
        };
        let solution = opt::solve(&problem, &params);

        let mut ordered: Vec<Vec<usize>> = vec![Vec::new(); spec.dates.len()];
        for tour in &solution.tours {
            ordered[tour.tour] = tour.visits.iter().map(|v| v.vertex - k).collect();
        }
        let mut itinerary = self.render(spec, &frames, &candidates, &ordered, &matrix);

        // Why: must-sees the solver could not place, the best-scoring left-out places when a day is
        // empty or thin, and a reason for each empty day.
        let labels: Vec<String> = spec.trip.terminals.iter().map(|t| t.label()).collect();
        let ctx = crate::reasons::Ctx {
            spec,
            frames: &frames,
            labels: &labels,
            mode: spec.mode,
        };
        let whys_with = |m: &crate::travel::TravelMatrix, frames: &[Frame]| {
            candidates
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    frames
                        .iter()
                        .enumerate()
                        .map(|(t, f)| {
                            crate::reasons::day_why(
                                c,
                                t,
                                f,
                                (
                                    m.leg(f.start, i + k).map(Leg::minutes),
                                    m.leg(i + k, f.end).map(Leg::minutes),
                                    m.leg(f.start, f.end)
                                        .expect("frames have a route from start to end")
                                        .minutes(),
                                ),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        };
        let whys = whys_with(&matrix, &frames);
        let planned_cost = itinerary.totals.cost;
        let planned: BTreeSet<usize> = ordered.iter().flatten().copied().collect();
        for v in &solution.missing_mandatory {
            let i = v - k;
            let (kind, reason) =
                crate::reasons::explain(&ctx, &candidates[i], &whys[i], costs[i], planned_cost);
            not_fitted.push(NotFitted {
                place: candidates[i].place.id.to_string(),
                reason,
                kind,
            });
        }
        if ordered.iter().any(|d| d.len() < THIN_DAY_STOPS) {
            let mut left: Vec<usize> = (0..candidates.len())
                .filter(|i| !planned.contains(i))
                .filter(|i| !spec.must_see.contains(&candidates[*i].place.id))
                .collect();
            left.sort_by(|a, b| {
                candidates[*b]
                    .score
                    .cmp(&candidates[*a].score)
                    .then_with(|| candidates[*a].place.id.cmp(&candidates[*b].place.id))
            });
            for i in left.into_iter().take(MAX_NOT_FITTED_LISTED) {
                let (kind, reason) =
                    crate::reasons::explain(&ctx, &candidates[i], &whys[i], costs[i], planned_cost);
                not_fitted.push(NotFitted {
                    place: candidates[i].place.id.to_string(),
                    reason,
                    kind,
                });
            }
        }
        if ordered.iter().any(Vec::is_empty) {
            // The other mode, for a suggestion: the same points, the same day frames.
            let other_mode = match spec.mode {
                Mode::Walk => Mode::Drive,
                Mode::Drive => Mode::Walk,
            };
            let other = travel.matrix(&points, other_mode).ok().and_then(|m| {
                let frames = spec
                    .trip
                    .frames(
                        &spec.dates,
                        spec.day_start,
                        spec.day_end,
                        other_mode,
                        &|a, b| m.leg(a, b).map(Leg::minutes),
                    )
                    .ok()?;
                Some(whys_with(&m, &frames))
            });
            for (t, day) in itinerary.days.iter_mut().enumerate() {
                if !ordered[t].is_empty() {
                    continue;
                }
                let here: Vec<_> = whys.iter().map(|w| w[t].clone()).collect();
                let there: Option<Vec<_>> = other
                    .as_ref()
                    .map(|o| o.iter().map(|w| w[t].clone()).collect());
                day.empty_reason = Some(crate::reasons::empty_day(
                    &ctx,
                    t,
                    &candidates,
                    &here,
                    there.as_deref(),
                ));
            }
        }
        itinerary.totals.score = solution.score;
        itinerary.not_fitted = not_fitted;
        itinerary.excluded_no_position = excluded_no_position;
        Ok(itinerary)
    }

    /// Check mode: computes times for the visitor's own order of stops and lists what it breaks.
    pub fn check(
        &self,
        spec: &PlanSpec,
        days: &[(Date, Vec<PlaceId>)],
        places: &[Place],
        facts: &dyn FactsSource,
        travel: &dyn TravelTimes,
    ) -> Result<Itinerary, PlanError> {
        let by_id: HashMap<&str, &Place> = places.iter().map(|p| (p.id.as_str(), p)).collect();
        let mut used: Vec<&Place> = Vec::new();
        let mut excluded_no_position = Vec::new();
        for (d, (_, stops)) in days.iter().enumerate() {
            for (i, id) in stops.iter().enumerate() {
                let p = by_id.get(id.as_str()).ok_or_else(|| {
                    bad(
                        &format!("days[{d}].stops[{i}]"),
                        format!("unknown place '{id}'"),
                    )
                })?;
                if p.position.is_none() {
                    excluded_no_position.push(id.to_string());
                } else if !used.iter().any(|u| u.id == p.id) {
                    used.push(p);
                }
            }
        }
        let check_spec = PlanSpec {
            dates: days.iter().map(|(d, _)| *d).collect(),
            ..spec.clone()
        };
        let candidates: Vec<Candidate> = used
            .iter()
            .map(|p| {
                let visit = visit_minutes(p, spec.pace);
                let facts: Vec<DayFacts> = facts.days(p, &check_spec.dates);
                let windows = facts.iter().map(|f| day_windows(f, visit, spec)).collect();
                Candidate {
                    place: p,
                    visit,
                    score: self.scoring.score(p, &spec.themes),
                    facts,
                    windows,
                }
            })
            .collect();
        let index: HashMap<&str, usize> = candidates
            .iter()
            .enumerate()
            .map(|(i, c)| (c.place.id.as_str(), i))
            .collect();
        let ordered: Vec<Vec<usize>> = days
            .iter()
            .map(|(_, stops)| {
                stops
                    .iter()
                    .filter_map(|id| index.get(id.as_str()).copied())
                    .collect()
            })
            .collect();
        let mut points: Vec<Position> = spec
            .trip
            .terminals
            .iter()
            .map(|t| t.stand.position)
            .collect();
        points.extend(
            candidates
                .iter()
                .map(|c| c.place.position.expect("positioned")),
        );
        let matrix = travel.matrix(&points, spec.mode)?;
        let frames = spec.trip.frames(
            &check_spec.dates,
            spec.day_start,
            spec.day_end,
            spec.mode,
            &|a, b| matrix.leg(a, b).map(Leg::minutes),
        )?;
        let mut itinerary = self.render(&check_spec, &frames, &candidates, &ordered, &matrix);
        itinerary.totals.score = ordered.iter().flatten().map(|i| candidates[*i].score).sum();
        itinerary.excluded_no_position = excluded_no_position;
        if let Some(budget) = spec.budget
            && itinerary.totals.cost > budget
        {
            itinerary.violations.push(ViolationOut {
                kind: ViolationKind::OverBudget,
                place: None,
                message: format!(
                    "tickets cost {} , over the budget of {budget}",
                    itinerary.totals.cost
                ),
            });
        }
        for id in &itinerary.excluded_no_position {
            itinerary.violations.push(ViolationOut {
                kind: ViolationKind::NoPosition,
                place: Some(id.clone()),
                message: format!("'{id}' has no known position and was left out of the timeline"),
            });
        }
        Ok(itinerary)
    }

    /// Turns ordered candidate indices per day into clock times, legs and totals.
    fn render(
        &self,
        spec: &PlanSpec,
        frames: &[Frame],
        candidates: &[Candidate],
        ordered: &[Vec<usize>],
        matrix: &TravelMatrix,
    ) -> Itinerary {
        let mut days = Vec::new();
        let mut cost = Money::ZERO;
        let mut meters = 0u64;
        let mut unknown_prices = 0;
        let k = spec.trip.terminals.len();
        for (t, (date, stops)) in spec.dates.iter().zip(ordered).enumerate() {
            // Matrix indices: the terminals, then candidate i at i + k.
            let f = &frames[t];
            let mut path = vec![f.start];
            path.extend(stops.iter().map(|i| i + k));
            path.push(f.end);
            // A pair with no route only reaches here in check mode (the visitor's own order): it
            // counts as no time and is reported as a violation.
            let routed: Vec<Option<Leg>> =
                path.windows(2).map(|w| matrix.leg(w[0], w[1])).collect();
            let day_legs: Vec<Leg> = routed
                .iter()
                .map(|l| {
                    l.unwrap_or(Leg {
                        meters: 0,
                        seconds: 0,
                    })
                })
                .collect();
            let stop_times: Vec<StopTimes> = stops
                .iter()
                .map(|i| StopTimes {
                    windows: candidates[*i].windows[t].clone(),
                    visit: candidates[*i].visit,
                })
                .collect();
            let minutes: Vec<u32> = day_legs.iter().map(|l| l.minutes()).collect();
            let timeline = walk_day(f.depart, f.latest_back, &stop_times, &minutes);
            let label = |v: usize| -> String {
                if v < k {
                    spec.trip.terminals[v].label()
                } else {
                    candidates[v - k].place.id.to_string()
                }
            };
            let point = |v: usize| {
                let terminal = &spec.trip.terminals[v];
                PointOut {
                    role: terminal.role,
                    id: terminal
                        .stand
                        .place
                        .as_ref()
                        .or(terminal.stand.station.as_ref())
                        .map(|id| id.to_string()),
                    lat: terminal.stand.position.lat,
                    lon: terminal.stand.position.lon,
                }
            };
            let legs_out: Vec<LegOut> = path
                .windows(2)
                .zip(&day_legs)
                .map(|(w, l)| LegOut {
                    from: label(w[0]),
                    to: label(w[1]),
                    minutes: l.minutes(),
                    meters: l.meters,
                    geometry: None,
                })
                .collect();
            meters += legs_out.iter().map(|l| u64::from(l.meters)).sum::<u64>();
            let stops_out: Vec<StopOut> = stops
                .iter()
                .zip(&timeline.stops)
                .map(|(i, s)| {
                    let c = &candidates[*i];
                    let f = &c.facts[t];
                    match f.price {
                        Some(p) => cost = cost + p,
                        None => unknown_prices += 1,
                    }
                    let pos = c.place.position.expect("positioned");
                    StopOut {
                        place: c.place.id.to_string(),
                        name_zh: c.place.name_zh.clone(),
                        name_en: c.place.name_en.clone(),
                        lat: pos.lat,
                        lon: pos.lon,
                        arrive: hh_mm(s.arrive),
                        start: hh_mm(s.start),
                        leave: hh_mm(s.leave),
                        price: f.price,
                        hours_known: f.hours_known,
                    }
                })
                .collect();
            let mut violations: Vec<ViolationOut> = routed
                .iter()
                .zip(&legs_out)
                .filter(|(l, _)| l.is_none())
                .map(|(_, leg)| ViolationOut {
                    kind: ViolationKind::NoRoute,
                    place: Some(leg.to.clone()),
                    message: format!(
                        "no street route from '{}' to '{}' {}",
                        leg.from,
                        leg.to,
                        crate::reasons::by(spec.mode)
                    ),
                })
                .collect();
            violations.extend(
                timeline
                    .violations
                    .iter()
                    .map(|v| describe(v, stops, candidates, *date)),
            );
            days.push(DayOut {
                date: date.to_string(),
                stops: stops_out,
                legs: legs_out,
                depart: hh_mm(f.depart),
                back: hh_mm(timeline.back),
                latest_back: hh_mm(f.latest_back),
                start_point: point(f.start),
                end_point: point(f.end),
                empty_reason: None,
                violations,
            });
        }
        let mut itinerary = Itinerary {
            days,
            totals: Totals {
                score: 0,
                cost,
                meters,
                unknown_prices,
            },
            not_fitted: Vec::new(),
            excluded_no_position: Vec::new(),
            violations: Vec::new(),
            travel_times: TravelTimesKind::Estimated,
            travel_times_note: None,
        };
        itinerary.set_travel_source(matrix.source());
        itinerary
    }
}

fn describe(v: &Violation, stops: &[usize], candidates: &[Candidate], date: Date) -> ViolationOut {
    let place = |i: usize| candidates[stops[i]].place.id.to_string();
    match v {
        Violation::Closed { stop } => ViolationOut {
            kind: ViolationKind::Closed,
            place: Some(place(*stop)),
            message: format!("'{}' is closed on {date}", place(*stop)),
        },
        Violation::AfterLastAdmission {
            stop,
            arrive,
            latest_start,
        } => ViolationOut {
            kind: ViolationKind::AfterLastAdmission,
            place: Some(place(*stop)),
            message: format!(
                "arrives at '{}' at {}, after the last time a visit can start ({})",
                place(*stop),
                hh_mm(*arrive),
                hh_mm(*latest_start)
            ),
        },
        Violation::MissesWindow { stop, arrive } => ViolationOut {
            kind: ViolationKind::MissesWindow,
            place: Some(place(*stop)),
            message: format!(
                "arrives at '{}' at {}, after it has closed",
                place(*stop),
                hh_mm(*arrive)
            ),
        },
        Violation::OverDayEnd { back, day_end } => ViolationOut {
            kind: ViolationKind::OverDayEnd,
            place: None,
            message: format!(
                "gets back at {}, after the day's end at {}",
                hh_mm(*back),
                hh_mm(*day_end)
            ),
        },
    }
}
