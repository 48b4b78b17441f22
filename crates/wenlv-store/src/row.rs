//! The bridge between [`Place`] and table columns, shared by both engines: the column types are
//! chosen so the same Rust types decode on SQLite and PostgreSQL.

use crate::StoreError;
use wenlv_domain::{ALevel, Category, Money, OpeningHoursSpec, Place, PlaceId, Position, Theme};

/// One row of `places`, with the place's themes joined into `themes` (comma-separated, in order).
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct PlaceRow {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub description_zh: Option<String>,
    pub description_en: Option<String>,
    pub category: String,
    pub a_level: i32,
    pub district: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub position_note: Option<String>,
    pub visit_minutes: Option<i32>,
    pub opening_hours: Option<String>,
    pub last_admission_minutes: Option<i32>,
    pub hours_note: Option<String>,
    pub price_peak_fen: Option<i64>,
    pub price_off_fen: Option<i64>,
    pub price_note: Option<String>,
    pub sources: Option<String>,
    pub position_note_zh: Option<String>,
    pub hours_note_zh: Option<String>,
    pub price_note_zh: Option<String>,
    pub themes: Option<String>,
}

impl PlaceRow {
    /// Back to a domain place. Stored values were checked on the way in, so a failure here means
    /// the database was edited by hand; the message names the place and the column.
    pub fn into_place(self) -> Result<Place, StoreError> {
        let id = self.id.clone();
        let bad = |column: &str, e: &dyn std::fmt::Display| {
            StoreError::Database(format!("stored place '{id}', column {column}: {e}"))
        };
        let position = match (self.lat, self.lon) {
            (Some(lat), Some(lon)) => {
                Some(Position::new(lat, lon).map_err(|e| bad("lat/lon", &e))?)
            }
            (None, None) => None,
            _ => return Err(bad("lat/lon", &"only one of lat and lon is set")),
        };
        let themes = match self.themes.as_deref() {
            None | Some("") => Vec::new(),
            Some(list) => list
                .split(',')
                .map(|t| Theme::parse(t).map_err(|e| bad("theme", &e)))
                .collect::<Result<_, _>>()?,
        };
        let minutes = |column: &str, v: Option<i32>| {
            v.map(|m| u32::try_from(m).map_err(|e| bad(column, &e)))
                .transpose()
        };
        Ok(Place {
            id: PlaceId::parse(&self.id).map_err(|e| bad("id", &e))?,
            name_zh: self.name_zh,
            name_en: self.name_en,
            description_zh: self.description_zh,
            description_en: self.description_en,
            category: Category::parse(&self.category).map_err(|e| bad("category", &e))?,
            a_level: u8::try_from(self.a_level)
                .ok()
                .and_then(|a| ALevel::new(a).ok())
                .ok_or_else(|| bad("a_level", &self.a_level))?,
            district: self.district,
            position,
            position_note: self.position_note,
            position_note_zh: self.position_note_zh,
            visit_minutes: minutes("visit_minutes", self.visit_minutes)?,
            themes,
            opening_hours: self
                .opening_hours
                .as_deref()
                .map(OpeningHoursSpec::parse)
                .transpose()
                .map_err(|e| bad("opening_hours", &e))?,
            last_admission_minutes: minutes("last_admission_minutes", self.last_admission_minutes)?,
            hours_note: self.hours_note,
            hours_note_zh: self.hours_note_zh,
            price_peak: self.price_peak_fen.map(Money::from_fen),
            price_off: self.price_off_fen.map(Money::from_fen),
            price_note: self.price_note,
            price_note_zh: self.price_note_zh,
            sources: self.sources,
        })
    }
}

/// A place's column values, ready to bind, in the order of `place_columns!()`.
pub(crate) struct PlaceValues<'a> {
    pub id: &'a str,
    pub name_zh: &'a str,
    pub name_en: &'a str,
    pub description_zh: Option<&'a str>,
    pub description_en: Option<&'a str>,
    pub category: &'static str,
    pub a_level: i32,
    pub district: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub position_note: Option<&'a str>,
    pub visit_minutes: Option<i32>,
    pub opening_hours: Option<&'a str>,
    pub last_admission_minutes: Option<i32>,
    pub hours_note: Option<&'a str>,
    pub price_peak_fen: Option<i64>,
    pub price_off_fen: Option<i64>,
    pub price_note: Option<&'a str>,
    pub sources: Option<&'a str>,
    pub position_note_zh: Option<&'a str>,
    pub hours_note_zh: Option<&'a str>,
    pub price_note_zh: Option<&'a str>,
}

impl<'a> PlaceValues<'a> {
    pub fn of(place: &'a Place) -> Result<PlaceValues<'a>, StoreError> {
        let minutes = |field: &str, v: Option<u32>| {
            v.map(|m| {
                i32::try_from(m).map_err(|_| {
                    StoreError::Invalid(format!("{}: {field} {m} is too large", place.id))
                })
            })
            .transpose()
        };
        Ok(PlaceValues {
            id: place.id.as_str(),
            name_zh: &place.name_zh,
            name_en: &place.name_en,
            description_zh: place.description_zh.as_deref(),
            description_en: place.description_en.as_deref(),
            category: place.category.as_str(),
            a_level: i32::from(place.a_level.get()),
            district: place.district.as_deref(),
            lat: place.position.map(|p| p.lat),
            lon: place.position.map(|p| p.lon),
            position_note: place.position_note.as_deref(),
            visit_minutes: minutes("visit_minutes", place.visit_minutes)?,
            opening_hours: place.opening_hours.as_ref().map(|o| o.as_str()),
            last_admission_minutes: minutes(
                "last_admission_minutes",
                place.last_admission_minutes,
            )?,
            hours_note: place.hours_note.as_deref(),
            price_peak_fen: place.price_peak.map(Money::fen),
            price_off_fen: place.price_off.map(Money::fen),
            price_note: place.price_note.as_deref(),
            sources: place.sources.as_deref(),
            position_note_zh: place.position_note_zh.as_deref(),
            hours_note_zh: place.hours_note_zh.as_deref(),
            price_note_zh: place.price_note_zh.as_deref(),
        })
    }
}

/// The `places` columns a place is written to, in the order [`PlaceValues`] binds them; a macro
/// so it can be `concat!`ed into `'static` SQL.
macro_rules! place_columns {
    () => {
        "id, name_zh, name_en, description_zh, description_en, category, a_level, district, \
         lat, lon, position_note, visit_minutes, opening_hours, last_admission_minutes, \
         hours_note, price_peak_fen, price_off_fen, price_note, sources, \
         position_note_zh, hours_note_zh, price_note_zh"
    };
}
pub(crate) use place_columns;

/// Inserts a place row: [`PlaceValues`] as `$1…$22`, then the time as `$23` (created and updated).
pub(crate) const INSERT_PLACE: &str = concat!(
    "INSERT INTO places (",
    place_columns!(),
    ", created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
     $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $23)"
);

/// Updates a place row (`$1` is the id), binding like [`INSERT_PLACE`] (`$23` is the time).
pub(crate) const UPDATE_PLACE: &str = "UPDATE places SET name_zh = $2, name_en = $3, description_zh = $4, description_en = $5, \
     category = $6, a_level = $7, district = $8, lat = $9, lon = $10, position_note = $11, \
     visit_minutes = $12, opening_hours = $13, last_admission_minutes = $14, \
     hours_note = $15, price_peak_fen = $16, price_off_fen = $17, price_note = $18, \
     sources = $19, position_note_zh = $20, hours_note_zh = $21, price_note_zh = $22, \
     updated_at = $23 WHERE id = $1";

/// Binds [`PlaceValues`] onto a query in `place_columns!()` order; a macro because sqlx's query
/// types differ per engine.
macro_rules! bind_place {
    ($query:expr, $v:expr) => {
        $query
            .bind($v.id)
            .bind($v.name_zh)
            .bind($v.name_en)
            .bind($v.description_zh)
            .bind($v.description_en)
            .bind($v.category)
            .bind($v.a_level)
            .bind($v.district)
            .bind($v.lat)
            .bind($v.lon)
            .bind($v.position_note)
            .bind($v.visit_minutes)
            .bind($v.opening_hours)
            .bind($v.last_admission_minutes)
            .bind($v.hours_note)
            .bind($v.price_peak_fen)
            .bind($v.price_off_fen)
            .bind($v.price_note)
            .bind($v.sources)
            .bind($v.position_note_zh)
            .bind($v.hours_note_zh)
            .bind($v.price_note_zh)
    };
}
pub(crate) use bind_place;
