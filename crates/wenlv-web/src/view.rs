//! What the API sends for places: [`PlaceJson`], written by the domain's one description of a
//! place's fields (`wenlv_domain::PlaceRecord`, the same record the exports write), and GeoJSON
//! from `wenlv_io::geojson`. The types named like the schemas ([`PlaceView`],
//! [`FeatureCollection`]) describe those answers in the API contract; the web tests check every
//! answer against them, so a field added to the record and not to its schema fails a test.

use serde::Serialize;
use wenlv_domain::{Place, PlaceRecord};

/// A place as the API answers it (see [`PlaceView`] for its schema).
#[derive(Debug, Clone)]
pub struct PlaceJson(pub Place);

impl Serialize for PlaceJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        PlaceRecord(&self.0).serialize(s)
    }
}

// The schema of [`PlaceJson`]; its doc comment is the schema's description.
/// A place as the API shows it. Unknown facts are `null`: an unknown position has `lat` and
/// `lon` null, an unknown price is null (a free one is `"0.00"`).
#[allow(dead_code)] // a schema: answers are written by `PlaceRecord`
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

/// `{"items": [...], "total": N}`: one page and the number of all matches.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PlaceList {
    #[schema(value_type = Vec<PlaceView>)]
    pub items: Vec<PlaceJson>,
    pub total: u64,
}

// The schema of what `wenlv_io::geojson` writes; its doc comment is the schema's description.
/// A GeoJSON FeatureCollection (RFC 7946).
#[allow(dead_code)] // a schema
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FeatureCollection {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub features: Vec<Feature>,
}

#[allow(dead_code)] // a schema
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Feature {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub id: String,
    pub geometry: Point,
    pub properties: PlaceView,
}

/// A GeoJSON point: `[longitude, latitude]` in WGS-84.
#[allow(dead_code)] // a schema
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Point {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub coordinates: [f64; 2],
}
