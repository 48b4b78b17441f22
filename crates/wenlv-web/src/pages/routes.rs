//! `/routes` (the bureau's themed routes) and `/routes/{id}` (one route on a chosen date).
//!
//! A route's timing is the planner's check of a fixed order ([`wenlv_planner::timeline`]): start
//! at the first stop at the suggested time, travel each leg (straight line × detour ÷ speed,
//! [`StraightLine`]), wait for opening when early, stay the suggested minutes. The stops' hours
//! that day give the windows; what the order breaks (closed that day, after last admission,
//! missed window) is listed. A stop whose hours are unknown is not judged and says so.

use super::facts;
use super::map::{MapData, MapPoint, point};
use super::{Chrome, Visit, chosen_date, hhmm, not_found, words};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use wenlv_app::routes::RouteCheck;
use wenlv_app::routes::route_meters;
use wenlv_app::{Actor, RouteError};
use wenlv_domain::{Place, Position, Route, RouteMode, Theme};
use wenlv_planner::timeline::Violation;

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

fn km(meters: u32) -> String {
    format!("{:.1}", f64::from(meters) / 1000.0)
}

/// `GET /routes`
pub async fn list(State(state): State<AppState>, visit: Visit) -> Response {
    let l = visit.lang;
    let today = state.app.now_local().date();
    let line = state.city.seasons.product_line(today).line;
    let catalogue = match state.app.catalogue().await {
        Ok(c) => c,
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    let places = &catalogue.places;
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

/// `GET /routes/{id}`: the app times the route; this page says it in the visitor's language.
pub async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
    mut visit: Visit,
) -> Response {
    let l = visit.lang;
    let today = state.app.now_local().date();
    let date = chosen_date(&mut visit, today);
    let check = match state
        .app
        .check_route(&Actor::Visitor, &id, date, &visit.visitor)
        .await
    {
        Ok(c) => c,
        Err(RouteError::UnknownRoute(_)) => {
            let msg = format!("{} '{id}'", l.t("没有这条线路：", "No route with id"));
            return not_found(visit, msg);
        }
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    let (rows, points) = stop_rows(&check, l);
    let route = &check.route;
    let title = l.t(&route.title_zh, &route.title_en).to_string();
    let problems = check.problems();
    let page = RoutePage {
        c: Chrome::new(&visit, title.clone(), "routes", true),
        id: route.id.to_string(),
        summary: l.t(&route.summary_zh, &route.summary_en).to_string(),
        theme: words::theme(route.theme, l),
        theme_id: route.theme.as_str(),
        season: words::route_season(route.season_line, l),
        date: date.to_string(),
        date_line: words::line(check.line.line, l),
        in_season: words::route_in_line(route.season_line, check.line.line),
        mode: mode_text(route.mode, l),
        total_km: km(check.meters),
        total_travel_min: check.travel_minutes,
        end: hhmm(check.end),
        cost: facts::money_text(Some(check.cost), l),
        cost_unknown: check.unknown_prices,
        feasible: problems == 0,
        problems,
        unknown_hours: check.unknown_hours,
        map: MapData::new(
            &state.basemap,
            format!("{} {title}", l.t("线路地图：", "Map of the route")),
            points,
            true,
        ),
        plan_href: plan_href(route, date, &visit.visitor),
        stops: rows,
        title,
    };
    visit.respond(page)
}

/// The route's stops as table rows, and the points of those with a position.
fn stop_rows(check: &RouteCheck, l: super::Lang) -> (Vec<StopRow>, Vec<(Position, MapPoint)>) {
    let mut rows = Vec::with_capacity(check.stops.len());
    let mut points = Vec::new();
    for (i, s) in check.stops.iter().enumerate() {
        let name = s
            .place
            .as_ref()
            .map(|p| facts::name(p, l).to_string())
            .unwrap_or_else(|| s.stop.place.to_string());
        let leg = match (i, s.leg) {
            (0, _) => String::new(),
            (_, Some(leg)) => format!(
                "{} km · {} {}",
                km(leg.meters),
                leg.minutes(),
                l.t("分钟", "min")
            ),
            (_, None) => l.t("距离未知", "distance unknown").to_string(),
        };
        let (hours, price) = match (&s.place, &s.quote) {
            (Some(_), Some(q)) => (
                facts::hours_text(s.hours.as_ref(), l),
                facts::money_text(q.final_price, l),
            ),
            _ => (
                l.t("不在目录中", "Not in the catalogue").to_string(),
                facts::money_text(None, l),
            ),
        };
        if let Some(pos) = s.place.as_ref().and_then(|p| p.position) {
            points.push(point(
                pos,
                format!("{}. {name}", i + 1),
                Some(format!("/places/{}", s.stop.place)),
                Some(i + 1),
            ));
        }
        rows.push(StopRow {
            n: i + 1,
            id: s.stop.place.to_string(),
            name,
            leg,
            arrive: hhmm(s.arrive),
            start: hhmm(s.start),
            leave: hhmm(s.leave),
            hours,
            price,
            problem: s
                .problem
                .as_ref()
                .map(|v| problem_text(v, l))
                .unwrap_or_default(),
        });
    }
    (rows, points)
}

/// What an order breaks at a stop, in the page's language.
fn problem_text(v: &Violation, l: super::Lang) -> String {
    match v {
        Violation::Closed { .. } => l.t("当天闭馆", "Closed that day").to_string(),
        Violation::AfterLastAdmission {
            arrive,
            latest_start,
            ..
        } => format!(
            "{} {} ({} {})",
            l.t("到达", "Arrives"),
            hhmm(*arrive),
            l.t("最晚开始", "latest start"),
            hhmm(*latest_start)
        ),
        Violation::MissesWindow { arrive, .. } => format!(
            "{} {} {}",
            l.t("到达", "Arrives"),
            hhmm(*arrive),
            l.t("时已关门", "after closing")
        ),
        Violation::OverDayEnd { .. } => String::new(),
    }
}
