//! A themed route on a date: the bureau's fixed order of stops, timed as the visitor would walk
//! (or drive) it. Start at the first stop at the route's suggested time, travel each leg (the
//! straight-line estimate), wait for opening when early, stay the suggested minutes; each stop's
//! hours that day give its windows, and what the order breaks (closed that day, after last
//! admission, missed window) is listed. A stop whose hours are unknown is not judged, and says so.

use crate::App;
use crate::actor::{Action, Actor, Denied};
use jiff::civil::{Date, DateTime};
use std::collections::HashMap;
use wenlv_domain::{
    DateError, DayHours, HoursEvaluator, LineFact, Money, Place, Quote, Route, RouteMode,
    RouteStop, Visitor, quote,
};
use wenlv_planner::timeline::{DayWindow, StopTimes, Violation, walk_day};
use wenlv_planner::{Leg, Mode, StraightLine};
use wenlv_store::StoreError;

/// Why a route could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum RouteError {
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error("no route with id '{}'", wenlv_domain::civil::clip(.0, wenlv_domain::civil::MAX_ECHO_CHARS))]
    UnknownRoute(String),
    #[error("date: {0}")]
    Date(#[from] DateError),
    #[error("reading the catalogue")]
    Store(#[from] StoreError),
}

/// One stop of a checked route.
#[derive(Debug, Clone)]
pub struct CheckedStop {
    pub stop: RouteStop,
    /// `None`: the routes file names a place the catalogue no longer has.
    pub place: Option<Place>,
    /// From the previous stop (`None` for the first, or when a position is unknown).
    pub leg: Option<Leg>,
    /// The place's hours that day (`None`: unknown, so not judged).
    pub hours: Option<DayHours>,
    /// What this visitor pays there that day (`None`: not in the catalogue).
    pub quote: Option<Quote>,
    /// Minutes after the date's midnight.
    pub arrive: u32,
    pub start: u32,
    pub leave: u32,
    /// What the order breaks at this stop.
    pub problem: Option<Violation>,
}

/// A route timed on a date for a visitor.
#[derive(Debug, Clone)]
pub struct RouteCheck {
    pub route: Route,
    pub date: Date,
    /// The date's product line (winter–spring or summer–autumn), with its basis.
    pub line: LineFact,
    pub stops: Vec<CheckedStop>,
    /// Along the legs whose ends have positions.
    pub meters: u32,
    pub travel_minutes: u32,
    /// Known prices added up; `unknown_prices` stops are not in it.
    pub cost: Money,
    pub unknown_prices: usize,
    /// Stops whose hours are unknown (not judged).
    pub unknown_hours: usize,
    /// When the last stop is left.
    pub end: u32,
}

impl RouteCheck {
    /// Stops with a problem.
    pub fn problems(&self) -> usize {
        self.stops.iter().filter(|s| s.problem.is_some()).count()
    }
}

/// The planner's mode for a route's mode.
pub fn travel_mode(m: RouteMode) -> Mode {
    match m {
        RouteMode::Walk => Mode::Walk,
        RouteMode::Drive => Mode::Drive,
    }
}

/// Metres along a route's legs when every stop has a position (the estimate).
pub fn route_meters(route: &Route, places: &HashMap<&str, &Place>) -> Option<u32> {
    let travel = StraightLine::default();
    let positions: Option<Vec<_>> = route
        .stops
        .iter()
        .map(|s| places.get(s.place.as_str()).and_then(|p| p.position))
        .collect();
    Some(
        positions?
            .windows(2)
            .map(|w| travel.leg(w[0], w[1], travel_mode(route.mode)).meters)
            .sum(),
    )
}

/// Minutes from `date`'s midnight to `at` (past midnight counts on: 24:30 is 1470).
fn minutes_on(date: Date, at: DateTime) -> u32 {
    let days = (at.date() - date).get_days().max(0) as u32;
    days * 24 * 60 + at.hour() as u32 * 60 + at.minute() as u32
}

/// A day long enough for any route: stops are judged by their own windows, not by a day's end.
const OPEN_END: u32 = 48 * 60;

impl App {
    /// Times route `id` on `date` for `visitor`.
    pub async fn check_route(
        &self,
        actor: &Actor,
        id: &str,
        date: Date,
        visitor: &Visitor,
    ) -> Result<RouteCheck, RouteError> {
        actor.check(Action::ReadCatalogue)?;
        let route = self
            .city
            .route(id)
            .cloned()
            .ok_or_else(|| RouteError::UnknownRoute(id.to_string()))?;
        wenlv_domain::civil::check_date(date)?;
        let places = self.store.all_places().await?;
        let offers = self.store.offers().await?;
        let by_id: HashMap<&str, &Place> = places.iter().map(|p| (p.id.as_str(), p)).collect();
        let evaluator = HoursEvaluator::new(&self.city.holidays);
        let travel = StraightLine::default();
        let mode = travel_mode(route.mode);

        // Each stop with its place: the routes file is checked against the catalogue when the
        // city loads, but the store may have changed since; a missing place is reported.
        let found: Vec<Option<&Place>> = route
            .stops
            .iter()
            .map(|s| by_id.get(s.place.as_str()).copied())
            .collect();
        let mut legs: Vec<Option<Leg>> = vec![None];
        for w in found.windows(2) {
            legs.push(
                match (w[0].and_then(|p| p.position), w[1].and_then(|p| p.position)) {
                    (Some(a), Some(b)) => Some(travel.leg(a, b, mode)),
                    _ => None,
                },
            );
        }
        let hours: Vec<Option<DayHours>> = found
            .iter()
            .map(|p| p.and_then(|p| evaluator.place_day(p, date)))
            .collect();
        let mut unknown_hours = 0;
        let times: Vec<StopTimes> = route
            .stops
            .iter()
            .zip(&hours)
            .map(|(s, day)| {
                let windows = match day {
                    Some(d) if !d.open.is_empty() || d.unknown.is_empty() => d
                        .open
                        .iter()
                        .map(|i| {
                            let (open, close) =
                                (minutes_on(date, i.start), minutes_on(date, i.end));
                            let last = i
                                .last_admission
                                .map(|t| minutes_on(date, date.to_datetime(t)));
                            // Open, but too briefly for the suggested stay: keep the window so the
                            // check says "after last admission" rather than "closed".
                            DayWindow::new(open, close, last, s.minutes).unwrap_or(DayWindow {
                                open,
                                close,
                                latest_start: open,
                                last_admission: None,
                            })
                        })
                        .collect(),
                    _ => {
                        unknown_hours += 1;
                        vec![DayWindow {
                            open: 0,
                            close: OPEN_END,
                            latest_start: OPEN_END,
                            last_admission: None,
                        }]
                    }
                };
                StopTimes {
                    windows,
                    visit: s.minutes,
                }
            })
            .collect();
        let mut leg_minutes: Vec<u32> = legs.iter().map(|l| l.map_or(0, Leg::minutes)).collect();
        leg_minutes.push(0); // the route ends at its last stop
        let start = route.start_minutes().unwrap_or(9 * 60);
        let timeline = walk_day(start, OPEN_END, &times, &leg_minutes);
        let mut problems: HashMap<usize, Violation> = HashMap::new();
        for v in timeline.violations {
            match v {
                Violation::Closed { stop }
                | Violation::AfterLastAdmission { stop, .. }
                | Violation::MissesWindow { stop, .. } => {
                    problems.insert(stop, v);
                }
                Violation::OverDayEnd { .. } => {}
            }
        }
        let mut cost = Money::ZERO;
        let mut unknown_prices = 0;
        let mut stops = Vec::with_capacity(route.stops.len());
        for (i, (((s, place), (leg, day)), t)) in route
            .stops
            .iter()
            .zip(&found)
            .zip(legs.iter().zip(hours))
            .zip(&timeline.stops)
            .enumerate()
        {
            let q = place.map(|p| quote(date, visitor, p, &self.city.seasons, &offers));
            match q.as_ref().and_then(|q| q.final_price) {
                Some(m) => cost = cost.checked_add(m).unwrap_or(cost),
                None => unknown_prices += 1,
            }
            stops.push(CheckedStop {
                stop: s.clone(),
                place: place.cloned(),
                leg: *leg,
                hours: day,
                quote: q,
                arrive: t.arrive,
                start: t.start,
                leave: t.leave,
                problem: problems.remove(&i),
            });
        }
        Ok(RouteCheck {
            line: self.city.seasons.product_line(date),
            date,
            meters: legs.iter().flatten().map(|l| l.meters).sum(),
            travel_minutes: legs.iter().flatten().map(|l| l.minutes()).sum(),
            cost,
            unknown_prices,
            unknown_hours,
            end: timeline.stops.last().map_or(start, |s| s.leave),
            stops,
            route,
        })
    }
}
