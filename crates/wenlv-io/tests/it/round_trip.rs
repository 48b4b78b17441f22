//! Exports re-import to identical places: CSV, real .xlsx files and JSON, on sample places that
//! use every field and on the whole Xining catalogue.

use crate::support::{import, sample_places};
use calamine::{Data, Reader, Xlsx, open_workbook};
use rust_xlsxwriter::Workbook;
use wenlv_domain::Place;
use wenlv_io::{
    COLUMNS, ExportFormat, ImportFormat, ImportOptions, Locator, demo, read_places, write_places,
};

fn all_places() -> Vec<Place> {
    let mut places = sample_places();
    places.extend(demo::xining_places());
    places
}

/// Writes `places` to a real file in a temp dir and reads it back through `read_places`.
fn export_then_import(places: &[Place], format: ExportFormat, ext: &str) -> Vec<Place> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("places.{ext}"));
    let mut file = std::fs::File::create(&path).unwrap();
    write_places(places, format, &mut file).unwrap();
    drop(file);
    read_places(&path, &ImportOptions::default(), None).unwrap_or_else(|e| panic!("{e}"))
}

/// Equal lists, or a failure naming the first place that differs (not 50 places of debug text).
fn assert_same(got: &[Place], want: &[Place]) {
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g, w, "place {} differs", w.id);
    }
    assert_eq!(got.len(), want.len());
}

#[test]
fn csv_round_trip_is_identical() {
    let places = all_places();
    assert_same(
        &export_then_import(&places, ExportFormat::Csv, "csv"),
        &places,
    );
}

/// The CSV export is UTF-8 without a byte-order mark, with the documented columns in order.
#[test]
fn csv_export_has_no_bom_and_the_documented_header() {
    let mut out = Vec::new();
    write_places(&sample_places(), ExportFormat::Csv, &mut out).unwrap();
    assert!(!out.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().next().unwrap(), COLUMNS.join(","));
}

#[test]
fn xlsx_round_trip_is_identical() {
    let places = all_places();
    assert_same(
        &export_then_import(&places, ExportFormat::Xlsx, "xlsx"),
        &places,
    );
}

/// The workbook calamine reads has the header row, the columns and typed cells: numbers for
/// coordinates and levels, text for money (so Excel never rounds a price through a float).
#[test]
fn xlsx_export_has_header_and_typed_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.xlsx");
    std::fs::write(&path, wenlv_io::xlsx_bytes(&sample_places()).unwrap()).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["places"]);
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, COLUMNS);
    let col = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap() as u32;
    assert_eq!(
        range.get_value((1, col("a_level"))),
        Some(&Data::Float(5.0))
    );
    assert_eq!(
        range.get_value((1, col("lat"))),
        Some(&Data::Float(36.48814012345679))
    );
    assert_eq!(
        range.get_value((1, col("price_peak"))),
        Some(&Data::String("19.99".to_string()))
    );
}

/// A workbook typed by hand (numbers as numbers, a price of 40.5, a sheet not starting at A1
/// after an empty first row) imports, and its bad rows carry Excel's row numbers.
#[test]
fn hand_made_xlsx_imports_with_excel_row_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hand.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    // Row 1 (index 0) left empty; the header is on Excel row 2.
    for (c, h) in [
        "id",
        "name_zh",
        "name_en",
        "category",
        "a_level",
        "lat",
        "lon",
        "price_peak",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let row = |sheet: &mut rust_xlsxwriter::Worksheet, r: u32, id: &str, cat: &str, lat: f64| {
        sheet.write_string(r, 0, id).unwrap();
        sheet.write_string(r, 1, "甲").unwrap();
        sheet.write_string(r, 2, "A").unwrap();
        sheet.write_string(r, 3, cat).unwrap();
        sheet.write_number(r, 4, 4.0).unwrap();
        sheet.write_number(r, 5, lat).unwrap();
        sheet.write_number(r, 6, 101.75).unwrap();
        sheet.write_number(r, 7, 40.5).unwrap();
    };
    row(sheet, 2, "good", "museum", 36.63);
    book.save(&path).unwrap();
    let places = read_places(&path, &ImportOptions::default(), None).unwrap();
    assert_eq!(places.len(), 1);
    assert_eq!(places[0].a_level.get(), 4);
    assert_eq!(places[0].price_peak.unwrap().fen(), 4050);
    assert_eq!(places[0].position.unwrap().lat, 36.63);

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in [
        "id",
        "name_zh",
        "name_en",
        "category",
        "a_level",
        "lat",
        "lon",
        "price_peak",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    row(sheet, 1, "good", "museum", 36.63);
    row(sheet, 2, "bad_cat", "castle", 36.63);
    row(sheet, 3, "bad_lat", "park", -95.0);
    sheet.write_boolean(4, 0, true).unwrap();
    book.save(&path).unwrap();
    let err = read_places(&path, &ImportOptions::default(), None).unwrap_err();
    let got: Vec<(Locator, Option<&str>, &str)> = err
        .issues()
        .iter()
        .map(|i| (i.at, i.id.as_deref(), i.column.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Locator::Row(3), Some("bad_cat"), "category"),
            (Locator::Row(4), Some("bad_lat"), "lat"),
            (Locator::Row(5), None, "id"),
            (Locator::Row(5), None, "name_zh"),
            (Locator::Row(5), None, "name_en"),
            (Locator::Row(5), None, "category"),
        ],
        "{err}"
    );
    assert!(
        err.to_string()
            .starts_with(&format!("{}: row 3 (id bad_cat)", path.display()))
    );
}

#[test]
fn json_round_trip_is_identical() {
    let places = all_places();
    assert_same(
        &export_then_import(&places, ExportFormat::Json, "json"),
        &places,
    );
}

/// JSON written by other tools: numbers or strings where sensible, themes as a list or a
/// `;`-separated string, nulls for unknowns; problems are located by item number.
#[test]
fn json_accepts_numbers_or_strings() {
    let json = r#"[
        {"id": "a", "name_zh": "甲", "name_en": "A", "category": "park", "a_level": 4,
         "lat": 36.63, "lon": "101.75", "price_peak": 40.5, "price_off": "20",
         "themes": ["city_park", "heritage"], "visit_minutes": 90, "district": null},
        {"id": "b", "name_zh": "乙", "name_en": "B", "category": "park", "a_level": 3.0,
         "themes": "city_park;food"},
        {"id": "c", "name_zh": "丙", "name_en": "C", "category": "park", "a_level": true}
    ]"#;
    let err = import(
        json.as_bytes(),
        ImportFormat::Json,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.issues().len(), 1, "{err}");
    assert_eq!(err.issues()[0].at, Locator::Item(3));
    assert_eq!(err.issues()[0].column, "a_level");
    assert!(
        err.to_string()
            .starts_with("places.json: item 3 (id c), column a_level"),
        "{err}"
    );

    let good = json.replace(r#""a_level": true"#, r#""a_level": 0"#);
    let places = import(
        good.as_bytes(),
        ImportFormat::Json,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(places[0].a_level.get(), 4);
    assert_eq!(places[0].price_peak.unwrap().fen(), 4050);
    assert_eq!(places[0].price_off.unwrap().fen(), 2000);
    assert_eq!(places[0].position.unwrap().lon, 101.75);
    assert_eq!(places[0].themes.len(), 2);
    assert_eq!(places[0].visit_minutes, Some(90));
    assert_eq!(places[1].a_level.get(), 3);
    assert_eq!(places[1].themes.len(), 2);
}

/// JSON keys unknown to the format are reported once, at the first object using them.
#[test]
fn json_unknown_key_is_reported() {
    let json =
        r#"[{"id": "a", "name_zh": "甲", "name_en": "A", "category": "park", "colour": "red"}]"#;
    let err = import(
        json.as_bytes(),
        ImportFormat::Json,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.issues().len(), 1, "{err}");
    assert_eq!(err.issues()[0].at, Locator::Item(1));
    assert_eq!(err.issues()[0].column, "colour");
}
