//! The place columns shared by every format (the place's fields), and a place as those cells.

use wenlv_domain::{FieldValue, PLACE_FIELD_NAMES, PLACE_FIELDS, Place};

/// The columns of the place table, in the order the exports write them: the place's fields
/// ([`wenlv_domain::PLACE_FIELDS`]). Imports accept them in any order; the required fields'
/// columns (`id`, `name_zh`, `name_en`, `category`) must be there, the rest may be left out.
pub const COLUMNS: &[&str] = &PLACE_FIELD_NAMES;

/// Separates themes inside one cell.
pub const THEME_SEPARATOR: char = ';';

/// A value as a spreadsheet cell: text, a number, or nothing (an unknown fact).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum OutCell {
    Empty,
    Text(String),
    Number(f64),
}

impl OutCell {
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
    PLACE_FIELDS
        .iter()
        .map(|field| match (field.get)(p) {
            FieldValue::Unknown => OutCell::Empty,
            FieldValue::Text(t) => OutCell::Text(t.to_string()),
            FieldValue::Whole(n) => OutCell::Number(f64::from(n)),
            FieldValue::Degrees(d) => OutCell::Number(d),
            FieldValue::Money(m) => OutCell::Text(m.to_string()),
            FieldValue::Themes(themes) => OutCell::Text(
                themes
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(&THEME_SEPARATOR.to_string()),
            ),
        })
        .collect()
}
