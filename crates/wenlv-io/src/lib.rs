//! File formats for places: import with whole-file validation, and export; the bureau's task
//! book and progress sheets ([`taskbook`]).
//!
//! An import reads CSV, Excel (.xlsx, first sheet) or JSON, chosen by the file's extension, and
//! checks every row against the domain's rules before returning anything: the result is all the
//! places, or an [`ImportError`] listing every bad row (spreadsheet row number, id, column,
//! value, reason). A damaged file (ragged CSV rows, a CSV cut inside a quoted field, a corrupt
//! workbook, truncated JSON, text that is not UTF-8) is refused, never half read.
//! [`read_imported_places`] also tells which columns each row gave, and
//! [`ImportedPlace::over`] keeps the stored value of every field a file leaves out.
//!
//! Exports write CSV, Excel, JSON and GeoJSON; the first three re-import to the same places.
//! CSV text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
//! tab or carriage return) get a leading `'`, which the CSV import removes again.
//!
//! ```
//! use std::path::Path;
//! use wenlv_io::{ExportFormat, ImportFormat, ImportOptions, read_places_from_bytes, write_places};
//!
//! let csv = "id,name_zh,name_en,category,lat,lon,themes,price_peak\n\
//!            dongguan_mosque,东关清真大寺,Dongguan Grand Mosque,mosque,36.6154,101.7953,religion;heritage,25\n";
//! let places = read_places_from_bytes(
//!     csv.as_bytes(), ImportFormat::Csv, Path::new("places.csv"), &ImportOptions::default(), None,
//! ).unwrap();
//! assert_eq!(places[0].price_peak.unwrap().to_string(), "25.00");
//!
//! let mut out = Vec::new();
//! write_places(&places, ExportFormat::GeoJson, &mut out).unwrap();
//! assert!(String::from_utf8(out).unwrap().contains("101.7953"));
//!
//! let bad = "id,name_zh,name_en,category\nx,甲,X,castle\n";
//! let err = read_places_from_bytes(
//!     bad.as_bytes(), ImportFormat::Csv, Path::new("bad.csv"), &ImportOptions::default(), None,
//! ).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "bad.csv: row 2 (id x), column category, value 'castle': unknown category 'castle'"
//! );
//! ```

mod columns;
pub mod demo;
mod export;
mod import;
pub mod projects;
mod readers;
pub mod taskbook;

pub use columns::{COLUMNS, THEME_SEPARATOR};
pub use export::{
    ExportError, ExportFormat, Feature, FeatureCollection, Point, geojson, write_places, xlsx_bytes,
};
pub use import::{
    GivenFields, ImportError, ImportFormat, ImportIssue, ImportOptions, ImportedPlace, Locator,
    Progress, read_imported_places, read_imported_places_from_bytes, read_places,
    read_places_from_bytes,
};
pub use wenlv_domain::{Datum, PlaceRecord};
