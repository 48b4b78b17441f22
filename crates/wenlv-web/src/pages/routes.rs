//! `/routes` (the bureau's themed routes) and `/routes/{id}` (one route on a chosen date).
//!
//! A route's timing is the planner's check of a fixed order ([`wenlv_planner::timeline`]): start
//! at the first stop at the suggested time, travel each leg (straight line × detour ÷ speed,
//! [`StraightLine`]), wait for opening when early, stay the suggested minutes. The stops' hours
//! that day give the windows; what the order breaks (closed that day, after last admission,
//! missed window) is listed. A stop whose hours are unknown is not judged and says so.

use super::facts::{self, Facts};
use super::map::{MapData, point};
use super::{Chrome, Visit, chosen_date, hhmm, minutes_on, not_found, now_local, words};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use wenlv_domain::{Money, Place, Route, RouteMode, Theme};
use wenlv_planner::timeline::{DayWindow, StopTimes, Violation, walk_day};
use wenlv_planner::{Mode, StraightLine};

pub struct RouteItem {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub season: &'static str,
    pub in_season: bool,
    pub stops: usize,
    pub mode: &'static str,
    pub km: String,
}

pub struct ThemeGroup {
    pub id: &'static str,
    pub name: &'static str,
    pub routes: Vec<RouteItem>,
}

#[derive(Template)]
#[template(path = "routes.html")]
pub struct RoutesPage {
    pub c: Chrome,
    pub line: &'static str,
    pub groups: Vec<ThemeGroup>,
}

fn mode_text(m: RouteMode, l: super::Lang) -> &'static str {
    match m {
        RouteMode::Walk => l.t("步行", "Walking"),
        RouteMode::Drive => l.t("驾车", "Driving"),
    }
}

fn planner_mode(m: RouteMode) -> Mode {
    match m {
        RouteMode::Walk => Mode::Walk,
        RouteMode::Drive => Mode::Drive,
    }
}

/// Metres along the route's legs, when every stop has a position.
fn route_meters(route: &Route, by_id: &HashMap<&str, &Place>) -> Option<u32> {
    let travel = StraightLine::default();
    let positions: Option<Vec<_>> = route
        .stops
        .iter()
        .map(|s| by_id.get(s.place.as_str()).and_then(|p| p.position))
        .collect();
    let positions = positions?;
    Some(
        positions
            .windows(2)
            .map(|w| travel.leg(w[0], w[1], planner_mode(route.mode)).meters)
            .sum(),
    )
}

fn km(meters: u32) -> String {
    format!("{:.1}", f64::from(meters) / 1000.0)
}

/// `GET /routes`
pub async fn list(State(state): State<AppState>, visit: Visit) -> Response {
    let l = visit.lang;
    let today = now_local(&state.city.time_zone).date();
    let line = state.city.seasons.product_line(today).line;
    let places = match state.store.all_places().await {
        Ok(p) => p,
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    let by_id: HashMap<&str, &Place> = places.iter().map(|p| (p.id.as_str(), p)).collect();
    let groups = Theme::ALL
        .iter()
        .map(|t| ThemeGroup {
            id: t.as_str(),
            name: words::theme(*t, l),
            routes: state
                .city
                .routes
                .iter()
                .filter(|r| r.theme == *t)
                .map(|r| RouteItem {
                    id: r.id.to_string(),
                    title: l.t(&r.title_zh, &r.title_en).to_string(),
                    summary: l.t(&r.summary_zh, &r.summary_en).to_string(),
                    season: words::route_season(r.season_line, l),
                    in_season: words::route_in_line(r.season_line, line),
                    stops: r.stops.len(),
                    mode: mode_text(r.mode, l),
                    km: route_meters(r, &by_id).map(km).unwrap_or_default(),
                })
                .collect(),
        })
        .filter(|g| !g.routes.is_empty())
        .collect();
    let page = RoutesPage {
        c: Chrome::new(
            &visit,
            l.t("主题线路", "Themed routes").to_string(),
            "routes",
            false,
        ),
        line: words::line(line, l),
        groups,
    };
    visit.respond(page)
}

pub struct StopRow {
    pub n: usize,
    pub id: String,
    pub name: String,
    /// From the previous stop: "1.2 km · 16 min".
    pub leg: String,
    pub arrive: String,
    pub start: String,
    pub leave: String,
    pub hours: String,
    pub price: String,
    pub problem: String,
}

#[derive(Template)]
#[template(path = "route.html")]
pub struct RoutePage {
    pub c: Chrome,
    pub id: String,
    pub title: String,
    pub summary: String,
    pub theme: &'static str,
    pub theme_id: &'static str,
    pub season: &'static str,
    pub date: String,
    pub date_line: &'static str,
    pub in_season: bool,
    pub mode: &'static str,
    pub stops: Vec<StopRow>,
    pub total_km: String,
    pub total_travel_min: u32,
    pub end: String,
    pub cost: String,
    pub cost_unknown: usize,
    pub feasible: bool,
    pub problems: usize,
    pub unknown_hours: usize,
    pub map: MapData,
    /// The route opened in the planner's check mode (`/plan#share=…`), to edit, export, share.
    pub plan_href: String,
}

/// `/plan#share=…` for a route on a date: the same payload the planner's share links carry
/// (`{"r": request, "d": [{"date", "stops"}]}`, base64url JSON), so the plan page times it
/// through `POST /api/itineraries/check` and the visitor can edit, export and share it.
fn plan_href(route: &Route, date: jiff::civil::Date, visitor: &wenlv_domain::Visitor) -> String {
    use base64::Engine as _;
    let stops: Vec<&str> = route.stops.iter().map(|s| s.place.as_str()).collect();
    let payload = serde_json::json!({
        "r": {
            "dates": [date.to_string()],
            "start": {"place": stops.first()},
            "end": {"place": stops.last()},
            "day_start": route.start,
            "day_end": "22:00",
            "mode": match route.mode { RouteMode::Walk => "walk", RouteMode::Drive => "drive" },
            "visitor": visitor,
        },
        "d": [{"date": date.to_string(), "stops": stops}],
    });
    format!(
        "/plan#share={}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload.to_string())
    )
}

/// `GET /routes/{id}`
pub async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
    mut visit: Visit,
) -> Response {
    let l = visit.lang;
    let Some(route) = state.city.route(&id).cloned() else {
        let msg = format!("{} '{id}'", l.t("没有这条线路：", "No route with id"));
        return not_found(visit, msg);
    };
    let places = match state.store.all_places().await {
        Ok(p) => p,
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    let by_id: HashMap<&str, &Place> = places.iter().map(|p| (p.id.as_str(), p)).collect();
    let today = now_local(&state.city.time_zone).date();
    let date = chosen_date(&mut visit, today);
    let offers = match state.store.offers().await {
        Ok(o) => o,
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    let facts = Facts::new(&state.city, &offers, &visit.visitor, l);
    let travel = StraightLine::default();
    let mode = planner_mode(route.mode);

    // Each stop with its place (the routes file is checked against the catalogue, but the store
    // may have changed since: a missing place is reported, not skipped silently).
    let stops: Vec<(&wenlv_domain::RouteStop, Option<&Place>)> = route
        .stops
        .iter()
        .map(|s| (s, by_id.get(s.place.as_str()).copied()))
        .collect();
    let mut legs = vec![0u32];
    let mut leg_text = vec![String::new()];
    let mut total_m = 0u32;
    let mut total_travel = 0u32;
    for w in stops.windows(2) {
        match (
            w[0].1.and_then(|p| p.position),
            w[1].1.and_then(|p| p.position),
        ) {
            (Some(a), Some(b)) => {
                let leg = travel.leg(a, b, mode);
                total_m += leg.meters;
                total_travel += leg.minutes();
                legs.push(leg.minutes());
                leg_text.push(format!(
                    "{} km · {} {}",
                    km(leg.meters),
                    leg.minutes(),
                    l.t("分钟", "min")
                ));
            }
            _ => {
                legs.push(0);
                leg_text.push(l.t("距离未知", "distance unknown").to_string());
            }
        }
    }
    legs.push(0); // the route ends at its last stop
    let mut unknown_hours = 0;
    let times: Vec<StopTimes> = stops
        .iter()
        .map(|(s, p)| {
            let day = p.and_then(|p| facts.day(p, date));
            let windows = match &day {
                Some(d) if !d.open.is_empty() || d.unknown.is_empty() => d
                    .open
                    .iter()
                    .filter_map(|i| {
                        DayWindow::new(
                            minutes_on(date, i.start),
                            minutes_on(date, i.end),
                            i.last_admission
                                .map(|t| minutes_on(date, date.to_datetime(t))),
                            s.minutes,
                        )
                        .or(Some(DayWindow {
                            // Open, but too briefly for the suggested stay: keep the window so
                            // the check reports "after last admission" rather than "closed".
                            open: minutes_on(date, i.start),
                            close: minutes_on(date, i.end),
                            latest_start: minutes_on(date, i.start),
                            last_admission: None,
                        }))
                    })
                    .collect(),
                _ => {
                    // Hours unknown: not judged (a window over the whole day), and said so.
                    unknown_hours += 1;
                    vec![DayWindow {
                        open: 0,
                        close: 48 * 60,
                        latest_start: 48 * 60,
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
    let start = route.start_minutes().unwrap_or(9 * 60);
    let timeline = walk_day(start, 48 * 60, &times, &legs);
    let mut problems: HashMap<usize, String> = HashMap::new();
    for v in &timeline.violations {
        match v {
            Violation::Closed { stop } => {
                problems.insert(*stop, l.t("当天闭馆", "Closed that day").to_string());
            }
            Violation::AfterLastAdmission {
                stop,
                arrive,
                latest_start,
            } => {
                problems.insert(
                    *stop,
                    format!(
                        "{} {} ({} {})",
                        l.t("到达", "Arrives"),
                        hhmm(*arrive),
                        l.t("最晚开始", "latest start"),
                        hhmm(*latest_start)
                    ),
                );
            }
            Violation::MissesWindow { stop, arrive } => {
                problems.insert(
                    *stop,
                    format!(
                        "{} {} {}",
                        l.t("到达", "Arrives"),
                        hhmm(*arrive),
                        l.t("时已关门", "after closing")
                    ),
                );
            }
            Violation::OverDayEnd { .. } => {}
        }
    }
    let mut cost = Money::ZERO;
    let mut cost_unknown = 0;
    let mut rows = Vec::new();
    let mut points = Vec::new();
    for (i, ((s, p), t)) in stops.iter().zip(&timeline.stops).enumerate() {
        let name = p
            .map(|p| facts::name(p, l).to_string())
            .unwrap_or_else(|| s.place.to_string());
        let (hours, price) = match p {
            Some(p) => {
                let q = facts.quote(p, date);
                match q.final_price {
                    Some(m) => cost = cost.checked_add(m).unwrap_or(cost),
                    None => cost_unknown += 1,
                }
                (
                    facts::hours_text(facts.day(p, date).as_ref(), l),
                    facts::money_text(q.final_price, l),
                )
            }
            None => {
                cost_unknown += 1;
                (
                    l.t("不在目录中", "Not in the catalogue").to_string(),
                    facts::money_text(None, l),
                )
            }
        };
        if let Some(pos) = p.and_then(|p| p.position) {
            points.push(point(
                pos,
                format!("{}. {name}", i + 1),
                Some(format!("/places/{}", s.place)),
                Some(i + 1),
            ));
        }
        rows.push(StopRow {
            n: i + 1,
            id: s.place.to_string(),
            name,
            leg: leg_text[i].clone(),
            arrive: hhmm(t.arrive),
            start: hhmm(t.start),
            leave: hhmm(t.leave),
            hours,
            price,
            problem: problems.remove(&i).unwrap_or_default(),
        });
    }
    let date_line = state.city.seasons.product_line(date).line;
    let title = l.t(&route.title_zh, &route.title_en).to_string();
    let problems_n = rows.iter().filter(|r| !r.problem.is_empty()).count();
    let page = RoutePage {
        c: Chrome::new(&visit, title.clone(), "routes", true),
        id: route.id.to_string(),
        summary: l.t(&route.summary_zh, &route.summary_en).to_string(),
        theme: words::theme(route.theme, l),
        theme_id: route.theme.as_str(),
        season: words::route_season(route.season_line, l),
        date: date.to_string(),
        date_line: words::line(date_line, l),
        in_season: words::route_in_line(route.season_line, date_line),
        mode: mode_text(route.mode, l),
        total_km: km(total_m),
        total_travel_min: total_travel,
        end: hhmm(timeline.stops.last().map(|s| s.leave).unwrap_or(start)),
        cost: facts::money_text(Some(cost), l),
        cost_unknown,
        feasible: problems_n == 0,
        problems: problems_n,
        unknown_hours,
        map: MapData::new(
            &state.basemap,
            format!("{} {title}", l.t("线路地图：", "Map of the route")),
            points,
            true,
        ),
        plan_href: plan_href(&route, date, &visit.visitor),
        stops: rows,
        title,
    };
    visit.respond(page)
}
