//! `/plan`: "plan my day". The server renders the form and the facts the script needs (places
//! with positions and names, the basemap); `assets/src/plan.js` posts the form as JSON to
//! `POST /api/itineraries`, draws the itinerary as a timeline per day and on the map, lets the
//! visitor remove and reorder stops (re-checked by `POST /api/itineraries/check`), exports
//! `.ics` and `.gpx`, and makes a share link that carries the plan's stops (opened through check
//! mode, not a new solve).

use super::facts;
use super::map::MapData;
use super::{Chrome, Visit, now_local, words};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use wenlv_domain::{Place, Theme};

/// A place the form offers (start point, must-see), with what the script draws.
#[derive(Serialize)]
pub struct PlanPlace {
    pub id: String,
    pub name: String,
    /// WGS-84, as stored (the script shifts for a GCJ-02 basemap).
    pub lat: f64,
    pub lon: f64,
}

/// A station the form offers as a start; one without a known position is shown but disabled.
pub struct PlanStation {
    pub id: String,
    pub name: String,
    pub known: bool,
    /// Where it is, in the page's language.
    pub note: String,
}

/// What `plan.js` reads from the page.
#[derive(Serialize)]
struct Boot<'a> {
    lang: &'static str,
    places: &'a [PlanPlace],
    /// Every place's name by id (also those without a position, named in "left out" lists).
    names: std::collections::BTreeMap<String, String>,
    /// Words the script shows, in the page language.
    words: serde_json::Value,
}

#[derive(Template)]
#[template(path = "plan.html")]
pub struct PlanPage {
    pub c: Chrome,
    pub today: String,
    pub places: Vec<PlanPlace>,
    pub stations: Vec<PlanStation>,
    pub themes: Vec<(&'static str, &'static str)>,
    pub boot: String,
    pub map: MapData,
    pub plan_js: String,
}

/// The places with a position, as the form offers them.
fn plan_places(all: &[&Place], l: super::Lang) -> Vec<PlanPlace> {
    all.iter()
        .filter_map(|p| {
            p.position.map(|pos| PlanPlace {
                id: p.id.to_string(),
                name: facts::name(p, l).to_string(),
                lat: pos.lat,
                lon: pos.lon,
            })
        })
        .collect()
}

/// The city's stations, as the form offers them.
fn plan_stations(state: &AppState, l: super::Lang) -> Vec<PlanStation> {
    state
        .city
        .stations
        .iter()
        .map(|s| PlanStation {
            id: s.id.to_string(),
            name: l.t(&s.name_zh, &s.name_en).to_string(),
            known: s.position.is_some(),
            note: l.t(&s.position_note_zh, &s.position_note_en).to_string(),
        })
        .collect()
}

/// The words `plan.js` shows, in the page's language.
fn script_words(l: super::Lang) -> serde_json::Value {
    let w = |zh: &str, en: &str| serde_json::Value::from(l.t(zh, en));
    let words = serde_json::json!({
        "planning": w("正在规划…", "Planning…"),
        "checking": w("正在检查…", "Checking…"),
        "day": w("第{n}天", "Day {n}"),
        "depart": w("出发", "Depart"),
        "back": w("到达终点", "Arrive at the end"),
        "walk": w("步行", "walk"),
        "drive": w("驾车", "drive"),
        "min": w("分钟", "min"),
        "free": w("免费", "Free"),
        "unknown_price": w("票价未知", "price unknown"),
        "hours_unknown": w("开放时间未知", "hours unknown"),
        "up": w("上移", "Move up"),
        "down": w("下移", "Move down"),
        "remove": w("移除", "Remove"),
        "total": w("合计", "Total"),
        "tickets": w("门票", "tickets"),
        "not_fitted": w("未能安排的景点及原因", "Not in the plan, and why"),
        "no_position": w("位置未知、未纳入的景点", "Left out, position unknown"),
        "problems": w("问题", "Problems"),
        "feasible": w("行程可行", "The plan works"),
        "empty": w("没有可安排的景点，请放宽条件。", "Nothing could be planned; try wider hours or other themes."),
        "start": w("起点", "Start"),
        "end": w("终点", "End"),
        "picked": w("已在地图上选点", "Point picked on the map"),
        "copied": w("链接已复制", "Link copied"),
        "share_loaded": w("已打开分享的行程", "Opened a shared plan"),
        "error": w("出错了", "Something went wrong"),
        // Violation kinds in words ({place} is the place's name); English uses the API's message.
        "v_closed": w("{place}当天闭馆", ""),
        "v_after_last_admission": w("{place}：到达时已过最晚入场时间", ""),
        "v_misses_window": w("{place}：到达时已关门", ""),
        "v_over_day_end": w("超过当天的结束时间", ""),
        "v_over_budget": w("门票超出预算", ""),
        "v_no_position": w("{place}位置未知，未排入行程", ""),
        "v_no_route": w("没有通往{place}的街道路线", ""),
    });
    // A trip's arrival, hotel and departure, and why places are not in the plan (one `json!` is
    // too deep for the macro's recursion limit).
    let trip_words = serde_json::json!({
        "arrive": w("到达", "Arrive"),
        "lodging": w("住宿", "Hotel"),
        "arrival": w("到达点", "Arrival"),
        "departure": w("离开点", "Departure"),
        "back_hotel": w("回到住宿", "Back at the hotel"),
        "at_departure": w("到达出发站", "At the departure station"),
        "latest": w("最晚", "latest"),
        "pick_hotel": w("已在地图上选择住宿", "Hotel picked on the map"),
        "arrival_leg": w("到达", "Arrival"),
        "departure_leg": w("前往出发站", "To the departure"),
        "k_closed": w("闭馆", "closed"),
        "k_too_far": w("太远", "too far"),
        "k_over_budget": w("超出预算", "over budget"),
        "k_after_last_admission": w("已过最晚入场", "after last admission"),
        "k_no_time": w("时间不够", "no time"),
        "k_no_position": w("位置未知", "position unknown"),
        "k_price_unknown": w("票价未知", "price unknown"),
        "street_times": w("路程时间按实际街道计算", "Travel times along the streets"),
        "estimated_times": w("路程时间为直线距离估算", "Travel times estimated from straight-line distances"),
    });
    let mut words = words;
    if let (Some(all), serde_json::Value::Object(more)) = (words.as_object_mut(), trip_words) {
        all.extend(more);
    }
    words
}

/// `GET /plan`
pub async fn page(State(state): State<AppState>, visit: Visit) -> Response {
    let l = visit.lang;
    let today = now_local(&state.city.time_zone).date();
    let catalogue = match state.app.catalogue().await {
        Ok(c) => c,
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    let mut all: Vec<&Place> = catalogue.places.iter().collect();
    all.sort_by(|a, b| facts::name(a, l).cmp(facts::name(b, l)));
    let places = plan_places(&all, l);
    let stations = plan_stations(&state, l);
    let words = script_words(l);
    let boot = serde_json::to_string(&Boot {
        lang: l.code(),
        places: &places,
        // Legs name places and stations by id.
        names: all
            .iter()
            .map(|p| (p.id.to_string(), facts::name(p, l).to_string()))
            .chain(stations.iter().map(|s| (s.id.clone(), s.name.clone())))
            .collect(),
        words,
    })
    .expect("boot data serialises")
    // Inside <script>: no "</script>" can close it early.
    .replace('<', "\\u003c");
    let page = PlanPage {
        c: Chrome::new(
            &visit,
            l.t("规划行程", "Plan my day").to_string(),
            "plan",
            true,
        ),
        today: today.to_string(),
        themes: Theme::ALL
            .iter()
            .map(|t| (t.as_str(), words::theme(*t, l)))
            .collect(),
        boot,
        // An empty map: the script draws the itinerary into it, and start points picked on it.
        map: MapData::new(
            &state.basemap,
            l.t("行程地图", "Map of the plan").to_string(),
            vec![],
            true,
        ),
        plan_js: crate::assets::url("plan.js"),
        places,
        stations,
    };
    visit.respond(page)
}
