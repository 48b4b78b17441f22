//! The place columns shared by every format, and a place written out as those columns.

use serde::Serialize;
use wenlv_domain::Place;

/// The columns of the place table, in the order the exports write them. Imports accept them in
/// any order; `id`, `name_zh`, `name_en` and `category` are required, the rest may be left out.
pub const COLUMNS: &[&str] = &[
    "id",
    "name_zh",
    "name_en",
    "description_zh",
    "description_en",
    "category",
    "a_level",
    "district",
    "lat",
    "lon",
    "position_note",
    "position_note_zh",
    "visit_minutes",
    "themes",
    "opening_hours",
    "last_admission_minutes",
    "hours_note",
    "hours_note_zh",
    "price_peak",
    "price_off",
    "price_note",
    "price_note_zh",
    "sources",
];

/// Columns a file must have.
pub const REQUIRED_COLUMNS: &[&str] = &["id", "name_zh", "name_en", "category"];

/// Separates themes inside one cell.
pub const THEME_SEPARATOR: char = ';';

/// A place as one flat record with the column names as fields: the JSON export's objects and the
/// GeoJSON features' properties. Unknown facts are `null`; money is a decimal string ("40.00") so
/// it stays exact.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceRecord<'a> {
    pub id: &'a str,
    pub name_zh: &'a str,
    pub name_en: &'a str,
    pub description_zh: Option<&'a str>,
    pub description_en: Option<&'a str>,
    pub category: &'static str,
    pub a_level: u8,
    pub district: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub position_note: Option<&'a str>,
    pub position_note_zh: Option<&'a str>,
    pub visit_minutes: Option<u32>,
    pub themes: Vec<&'static str>,
    pub opening_hours: Option<&'a str>,
    pub last_admission_minutes: Option<u32>,
    pub hours_note: Option<&'a str>,
    pub hours_note_zh: Option<&'a str>,
    pub price_peak: Option<String>,
    pub price_off: Option<String>,
    pub price_note: Option<&'a str>,
    pub price_note_zh: Option<&'a str>,
    pub sources: Option<&'a str>,
}

impl<'a> PlaceRecord<'a> {
    pub fn new(p: &'a Place) -> PlaceRecord<'a> {
        PlaceRecord {
            id: p.id.as_str(),
            name_zh: &p.name_zh,
            name_en: &p.name_en,
            description_zh: p.description_zh.as_deref(),
            description_en: p.description_en.as_deref(),
            category: p.category.as_str(),
            a_level: p.a_level.get(),
            district: p.district.as_deref(),
            lat: p.position.map(|pos| pos.lat),
            lon: p.position.map(|pos| pos.lon),
            position_note: p.position_note.as_deref(),
            position_note_zh: p.position_note_zh.as_deref(),
            visit_minutes: p.visit_minutes,
            themes: p.themes.iter().map(|t| t.as_str()).collect(),
            opening_hours: p.opening_hours.as_ref().map(|o| o.as_str()),
            last_admission_minutes: p.last_admission_minutes,
            hours_note: p.hours_note.as_deref(),
            hours_note_zh: p.hours_note_zh.as_deref(),
            price_peak: p.price_peak.map(|m| m.to_string()),
            price_off: p.price_off.map(|m| m.to_string()),
            price_note: p.price_note.as_deref(),
            price_note_zh: p.price_note_zh.as_deref(),
            sources: p.sources.as_deref(),
        }
    }
}

/// A value as a spreadsheet cell: text, a number, or nothing (an unknown fact).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum OutCell {
    Empty,
    Text(String),
    Number(f64),
}

impl OutCell {
    fn text(s: Option<&str>) -> OutCell {
        s.map_or(OutCell::Empty, |s| OutCell::Text(s.to_string()))
    }

    fn number<T: Into<f64>>(n: Option<T>) -> OutCell {
        n.map_or(OutCell::Empty, |n| OutCell::Number(n.into()))
    }

    /// The cell as CSV text. Floats use Rust's shortest form that reads back to the same value;
    /// text that a spreadsheet would run as a formula is neutralised ([`neutralise_formula`]).
    pub(crate) fn to_csv(&self) -> String {
        match self {
            OutCell::Empty => String::new(),
            OutCell::Text(s) => neutralise_formula(s),
            OutCell::Number(n) => n.to_string(),
        }
    }
}

/// The characters that make a spreadsheet read a CSV cell as a formula (OWASP, "CSV
/// Injection"): `=`, `+`, `-`, `@`, tab and carriage return.
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// Whether text, once read by a spreadsheet, could run as a formula: it starts with one of
/// [`FORMULA_STARTS`], perhaps after single quotes (so that the quote added here is the only
/// one [`restore_formula_text`] removes, and every text round-trips exactly).
fn looks_like_formula(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// Text for a CSV cell: a text that [`looks_like_formula`] gets a leading `'`, so spreadsheets
/// show it as text instead of running it. Only text cells pass here: numbers (a negative
/// longitude) stay numbers.
pub(crate) fn neutralise_formula(text: &str) -> String {
    if looks_like_formula(text) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The reverse of [`neutralise_formula`] for a CSV cell read back: a `'` followed by text that
/// [`looks_like_formula`] loses that one quote; any other text is kept as it is.
pub(crate) fn restore_formula_text(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest,
        _ => cell,
    }
}

/// A place as one cell per column of [`COLUMNS`]. Prices stay text ("40.00") so a spreadsheet
/// never turns them into floating point; counts and coordinates are numbers.
pub(crate) fn place_cells(p: &Place) -> Vec<OutCell> {
    let r = PlaceRecord::new(p);
    vec![
        OutCell::Text(r.id.to_string()),
        OutCell::Text(r.name_zh.to_string()),
        OutCell::Text(r.name_en.to_string()),
        OutCell::text(r.description_zh),
        OutCell::text(r.description_en),
        OutCell::Text(r.category.to_string()),
        OutCell::Number(f64::from(r.a_level)),
        OutCell::text(r.district),
        OutCell::number(r.lat),
        OutCell::number(r.lon),
        OutCell::text(r.position_note),
        OutCell::text(r.position_note_zh),
        OutCell::number(r.visit_minutes),
        if r.themes.is_empty() {
            OutCell::Empty
        } else {
            OutCell::Text(r.themes.join(&THEME_SEPARATOR.to_string()))
        },
        OutCell::text(r.opening_hours),
        OutCell::number(r.last_admission_minutes),
        OutCell::text(r.hours_note),
        OutCell::text(r.hours_note_zh),
        OutCell::text(r.price_peak.as_deref()),
        OutCell::text(r.price_off.as_deref()),
        OutCell::text(r.price_note),
        OutCell::text(r.price_note_zh),
        OutCell::text(r.sources),
    ]
}
