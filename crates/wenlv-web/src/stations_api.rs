//! `GET /api/stations`: where visitors arrive (railway station, airport), the start or end points
//! an itinerary request may name as `{"station": id}`. A station without a known position is
//! listed with `lat`/`lon` null and cannot be planned from.

use crate::AppState;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use wenlv_domain::{Station, StationKind};

/// A station as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StationView {
    pub id: String,
    /// `railway`, `airport` or `coach`.
    #[schema(value_type = crate::openapi::StationKindId)]
    pub kind: &'static str,
    pub name_zh: String,
    pub name_en: String,
    /// WGS-84; null when no source gives the position.
    #[schema(minimum = -90, maximum = 90)]
    pub lat: Option<f64>,
    #[schema(minimum = -180, maximum = 180)]
    pub lon: Option<f64>,
    pub position_note_zh: String,
    pub position_note_en: String,
    pub sources: String,
}

impl From<&Station> for StationView {
    fn from(s: &Station) -> StationView {
        StationView {
            id: s.id.to_string(),
            kind: match s.kind {
                StationKind::Railway => "railway",
                StationKind::Airport => "airport",
                StationKind::Coach => "coach",
            },
            name_zh: s.name_zh.clone(),
            name_en: s.name_en.clone(),
            lat: s.position.map(|p| p.lat),
            lon: s.position.map(|p| p.lon),
            position_note_zh: s.position_note_zh.clone(),
            position_note_en: s.position_note_en.clone(),
            sources: s.sources.clone(),
        }
    }
}

/// `{"items": [station…]}`
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StationList {
    pub items: Vec<StationView>,
}

/// `GET /api/stations`
#[utoipa::path(get, path = "/api/stations", tag = "itineraries", operation_id = "listStations",
    summary = "Stations a day can start or end at",
    responses((status = 200, description = "Every station of the city", body = StationList)))]
pub async fn list(State(state): State<AppState>) -> Json<StationList> {
    Json(StationList {
        items: state.city.stations.iter().map(StationView::from).collect(),
    })
}
