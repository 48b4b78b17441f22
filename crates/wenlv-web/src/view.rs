//! What the API sends: [`PlaceView`] (the JSON shape of a place) and GeoJSON features.
//!
//! The view is its own type so the API contract does not change when the domain struct does.

use serde::Serialize;
use wenlv_domain::Place;

/// A place as the API shows it. Unknown facts are `null`: an unknown position has `lat` and
/// `lon` null, an unknown price is null (a free one is `"0.00"`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlaceView {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub description_zh: Option<String>,
    pub description_en: Option<String>,
    /// A category id such as `temple`.
    #[schema(value_type = crate::openapi::CategoryId)]
    pub category: &'static str,
    /// 0 (none) to 5 (5A).
    #[schema(minimum = 0, maximum = 5)]
    pub a_level: u8,
    pub district: Option<String>,
    /// WGS-84 latitude in degrees.
    #[schema(minimum = -90, maximum = 90)]
    pub lat: Option<f64>,
    /// WGS-84 longitude in degrees.
    #[schema(minimum = -180, maximum = 180)]
    pub lon: Option<f64>,
    /// Where the place is, in words (English, as researched).
    pub position_note: Option<String>,
    /// The same in Chinese.
    pub position_note_zh: Option<String>,
    /// A typical visit, in minutes.
    pub visit_minutes: Option<u32>,
    /// Theme ids such as `red_culture`.
    #[schema(value_type = Vec<crate::openapi::ThemeId>)]
    pub themes: Vec<&'static str>,
    /// The OpenStreetMap `opening_hours` expression.
    pub opening_hours: Option<String>,
    /// Last admission this many minutes before closing.
    pub last_admission_minutes: Option<u32>,
    pub hours_note: Option<String>,
    pub hours_note_zh: Option<String>,
    /// Adult peak-season ticket in CNY as a decimal string ("70.00").
    #[schema(value_type = Option<crate::openapi::Cny>)]
    pub price_peak: Option<String>,
    /// Adult off-season ticket in CNY as a decimal string.
    #[schema(value_type = Option<crate::openapi::Cny>)]
    pub price_off: Option<String>,
    pub price_note: Option<String>,
    pub price_note_zh: Option<String>,
    pub sources: Option<String>,
}

impl From<Place> for PlaceView {
    fn from(p: Place) -> PlaceView {
        PlaceView {
            id: p.id.to_string(),
            name_zh: p.name_zh,
            name_en: p.name_en,
            description_zh: p.description_zh,
            description_en: p.description_en,
            category: p.category.as_str(),
            a_level: p.a_level.get(),
            district: p.district,
            lat: p.position.map(|pos| pos.lat),
            lon: p.position.map(|pos| pos.lon),
            position_note: p.position_note,
            position_note_zh: p.position_note_zh,
            visit_minutes: p.visit_minutes,
            themes: p.themes.iter().map(|t| t.as_str()).collect(),
            opening_hours: p.opening_hours.map(String::from),
            last_admission_minutes: p.last_admission_minutes,
            hours_note: p.hours_note,
            hours_note_zh: p.hours_note_zh,
            price_peak: p.price_peak.map(|m| m.to_string()),
            price_off: p.price_off.map(|m| m.to_string()),
            price_note: p.price_note,
            price_note_zh: p.price_note_zh,
            sources: p.sources,
        }
    }
}

/// `{"items": [...], "total": N}`: one page and the number of all matches.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PlaceList {
    pub items: Vec<PlaceView>,
    pub total: u64,
}

/// A GeoJSON FeatureCollection (RFC 7946).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FeatureCollection {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub features: Vec<Feature>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Feature {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub id: String,
    pub geometry: Point,
    pub properties: PlaceView,
}

/// A GeoJSON point: `[longitude, latitude]` in WGS-84.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Point {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub coordinates: [f64; 2],
}

impl FeatureCollection {
    /// The places that have a position; the others cannot be drawn and are left out.
    pub fn of_places(places: Vec<Place>) -> FeatureCollection {
        let features = places
            .into_iter()
            .filter_map(|place| {
                let pos = place.position?;
                Some(Feature {
                    kind: "Feature",
                    id: place.id.to_string(),
                    geometry: Point {
                        kind: "Point",
                        coordinates: [pos.lon, pos.lat],
                    },
                    properties: PlaceView::from(place),
                })
            })
            .collect();
        FeatureCollection {
            kind: "FeatureCollection",
            features,
        }
    }
}
