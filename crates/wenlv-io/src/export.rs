//! Place export: CSV, Excel, JSON and GeoJSON. CSV, Excel and JSON re-import to the same places.

use crate::columns::{COLUMNS, OutCell, place_cells};
use rust_xlsxwriter::{Format, Workbook};
use serde::Serialize;
use std::io::Write;
use wenlv_domain::{Place, PlaceRecord};

/// The formats an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// UTF-8 without a byte-order mark, the columns of [`COLUMNS`].
    Csv,
    /// One sheet, a bold header row, the same columns.
    Xlsx,
    /// An array of objects with the column names as keys.
    Json,
    /// A FeatureCollection of the places with a position (WGS-84, `[lon, lat]`).
    GeoJson,
}

impl ExportFormat {
    pub const ALL: &'static [ExportFormat] = &[
        ExportFormat::Csv,
        ExportFormat::Xlsx,
        ExportFormat::Json,
        ExportFormat::GeoJson,
    ];

    /// `csv`, `xlsx`, `json` or `geojson`.
    pub fn parse(text: &str) -> Option<ExportFormat> {
        match text.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            "json" => Some(ExportFormat::Json),
            "geojson" => Some(ExportFormat::GeoJson),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Json => "json",
            ExportFormat::GeoJson => "geojson",
        }
    }

    /// Whether the output is binary (not for a terminal).
    pub fn is_binary(self) -> bool {
        self == ExportFormat::Xlsx
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot build the Excel workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Writes `places` in `format` to `out`, in the order given.
pub fn write_places(
    places: &[Place],
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    match format {
        ExportFormat::Csv => write_csv(places, out),
        ExportFormat::Xlsx => {
            out.write_all(&xlsx_bytes(places)?)?;
            Ok(())
        }
        ExportFormat::Json => {
            let records: Vec<PlaceRecord<'_>> = places.iter().map(PlaceRecord).collect();
            serde_json::to_writer_pretty(&mut *out, &records)?;
            out.write_all(b"\n")?;
            Ok(())
        }
        ExportFormat::GeoJson => {
            serde_json::to_writer_pretty(&mut *out, &geojson(places))?;
            out.write_all(b"\n")?;
            Ok(())
        }
    }
}

fn write_csv(places: &[Place], out: &mut dyn Write) -> Result<(), ExportError> {
    let mut writer = csv::WriterBuilder::new().from_writer(out);
    writer.write_record(COLUMNS)?;
    for place in places {
        writer.write_record(place_cells(place).iter().map(OutCell::to_csv))?;
    }
    writer.flush()?;
    Ok(())
}

/// The places as an .xlsx workbook: one sheet "places", a bold header row, the header frozen.
pub fn xlsx_bytes(places: &[Place]) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("places")?;
    let bold = Format::new().set_bold();
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &bold)?;
    }
    for (i, place) in places.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, cell) in place_cells(place).into_iter().enumerate() {
            let col = col as u16;
            match cell {
                OutCell::Empty => {}
                OutCell::Text(s) => {
                    sheet.write_string(row, col, s)?;
                }
                OutCell::Number(n) => {
                    sheet.write_number(row, col, n)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(book.save_to_buffer()?)
}

/// A GeoJSON FeatureCollection (RFC 7946) of places: the export's and the API's.
#[derive(Debug, Serialize)]
pub struct FeatureCollection<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub features: Vec<Feature<'a>>,
}

/// One place as a GeoJSON feature: its id, its point, and its fields as properties.
#[derive(Debug, Serialize)]
pub struct Feature<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub id: &'a str,
    pub geometry: Point,
    pub properties: PlaceRecord<'a>,
}

/// A GeoJSON point: `[longitude, latitude]` in WGS-84.
#[derive(Debug, Serialize)]
pub struct Point {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub coordinates: [f64; 2],
}

/// The places with a position as a GeoJSON FeatureCollection (RFC 7946: WGS-84, `[lon, lat]`);
/// the others cannot be drawn and are left out. Each feature's `id` is the place id; its
/// properties are the place's fields ([`PlaceRecord`]).
pub fn geojson(places: &[Place]) -> FeatureCollection<'_> {
    let features = places
        .iter()
        .filter_map(|place| {
            let pos = place.position?;
            Some(Feature {
                kind: "Feature",
                id: place.id.as_str(),
                geometry: Point {
                    kind: "Point",
                    coordinates: [pos.lon, pos.lat],
                },
                properties: PlaceRecord(place),
            })
        })
        .collect();
    FeatureCollection {
        kind: "FeatureCollection",
        features,
    }
}
