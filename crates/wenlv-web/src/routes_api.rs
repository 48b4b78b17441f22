//! `/api/routes`: the bureau's themed routes as JSON.
//!
//! `GET /api/routes` → `{"items": [route…]}`; `GET /api/routes/{id}` → one route. A route has
//! `id`, `title_zh`, `title_en`, `theme`, `season_line` (`winter_spring`, `summer_autumn`,
//! `all_year`), `stops` (place ids in order), and also `mode`, `start`, the summaries and the
//! suggested minutes per stop (`stop_minutes`, in the order of `stops`).

use crate::AppState;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use wenlv_domain::{Route, RouteMode};

/// A route as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RouteView {
    pub id: String,
    pub title_zh: String,
    pub title_en: String,
    /// A theme id such as `red_culture`.
    #[schema(value_type = crate::openapi::ThemeId)]
    pub theme: &'static str,
    /// `winter_spring`, `summer_autumn` or `all_year`.
    #[schema(value_type = crate::openapi::RouteSeasonId)]
    pub season_line: &'static str,
    /// `walk` or `drive`.
    #[schema(value_type = crate::openapi::RouteModeId)]
    pub mode: &'static str,
    /// Suggested start, "HH:MM" local time.
    #[schema(value_type = crate::openapi::Clock)]
    pub start: String,
    pub summary_zh: String,
    pub summary_en: String,
    /// Place ids in order.
    #[schema(value_type = Vec<crate::openapi::PlaceId>)]
    pub stops: Vec<String>,
    /// Suggested minutes at each stop, in the order of `stops`.
    pub stop_minutes: Vec<u32>,
}

impl From<&Route> for RouteView {
    fn from(r: &Route) -> RouteView {
        RouteView {
            id: r.id.to_string(),
            title_zh: r.title_zh.clone(),
            title_en: r.title_en.clone(),
            theme: r.theme.as_str(),
            season_line: crate::pages::words::route_season_id(r.season_line),
            mode: match r.mode {
                RouteMode::Walk => "walk",
                RouteMode::Drive => "drive",
            },
            start: r.start.clone(),
            summary_zh: r.summary_zh.clone(),
            summary_en: r.summary_en.clone(),
            stops: r.stops.iter().map(|s| s.place.to_string()).collect(),
            stop_minutes: r.stops.iter().map(|s| s.minutes).collect(),
        }
    }
}

/// `{"items": [route…]}`
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RouteList {
    pub items: Vec<RouteView>,
}

/// `GET /api/routes`
#[utoipa::path(get, path = "/api/routes", tag = "routes", operation_id = "listRoutes",
    summary = "The bureau's themed routes",
    responses((status = 200, description = "Every route", body = RouteList)))]
pub async fn list(State(state): State<AppState>) -> Json<RouteList> {
    Json(RouteList {
        items: state.city.routes.iter().map(RouteView::from).collect(),
    })
}

/// `GET /api/routes/{id}`
#[utoipa::path(get, path = "/api/routes/{id}", tag = "routes", operation_id = "getRoute",
    summary = "One themed route",
    params(("id" = String, Path, description = "Route id, e.g. red_memory_walk")),
    responses(
        (status = 200, description = "The route", body = RouteView),
        (status = 404, description = "No route with this id", body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<RouteView>, Problem> {
    state
        .city
        .route(&id)
        .map(|r| Json(RouteView::from(r)))
        .ok_or_else(|| Problem::not_found(format!("no route with id '{id}'")))
}
