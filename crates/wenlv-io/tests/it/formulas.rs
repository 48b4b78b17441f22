//! CSV injection (OWASP): text a spreadsheet would run as a formula is written with a leading
//! `'` in CSV, read back without it, and a leading tab survives an import.

use crate::support::{import, import_csv, sample_places};
use wenlv_domain::{Place, Position};
use wenlv_io::{ExportFormat, ImportFormat, ImportOptions, write_places};

const FORMULAS: &[&str] = &[
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "''+twice",
    "'plain quote",
    "a=b, not a formula",
];

fn formula_place(text: &str) -> Place {
    let mut place = sample_places()[2].clone();
    place.name_en = format!("name {text}");
    place.description_en = Some(text.to_string());
    place.price_note = Some(text.to_string());
    place.sources = Some(text.to_string());
    place
}

fn csv_of(places: &[Place]) -> String {
    let mut out = Vec::new();
    write_places(places, ExportFormat::Csv, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// No exported CSV cell starts with a formula character; a negative longitude stays a number.
#[test]
fn csv_export_neutralises_formula_cells_but_not_numbers() {
    let places: Vec<Place> = FORMULAS
        .iter()
        .enumerate()
        .map(|(i, f)| Place {
            id: wenlv_domain::PlaceId::parse(&format!("p{i}")).unwrap(),
            ..formula_place(f)
        })
        .collect();
    let csv = csv_of(&places);
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let lon = headers.iter().position(|h| h == "lon").unwrap();
    let description = headers.iter().position(|h| h == "description_en").unwrap();
    for (record, text) in reader.records().zip(FORMULAS) {
        let record = record.unwrap();
        for cell in record.iter() {
            assert!(
                !cell.starts_with(['=', '+', '@', '\t', '\r']),
                "cell {cell:?} of {record:?}"
            );
            if cell.starts_with('-') {
                assert!(
                    cell.parse::<f64>().is_ok(),
                    "text cell {cell:?} starts with -"
                );
            }
        }
        assert_eq!(&record[lon], "-70.65");
        let expected_description = if text
            .trim_start_matches('\'')
            .starts_with(['=', '+', '-', '@', '\t', '\r'])
        {
            format!("'{text}")
        } else {
            text.to_string()
        };
        assert_eq!(record[description], expected_description);
    }
    assert!(csv.contains("'=HYPERLINK("));
    assert!(csv.contains("'-2+3"));
    assert!(csv.contains("'''+twice"));
    assert!(csv.contains(",'plain quote,"));
}

/// The tester's case: every formula-looking text round-trips through CSV (and Excel and JSON)
/// to the same stored value, leading tab included.
#[test]
fn formula_text_round_trips_exactly() {
    for text in FORMULAS {
        let place = formula_place(text);
        for (format, import_format) in [
            (ExportFormat::Csv, ImportFormat::Csv),
            (ExportFormat::Xlsx, ImportFormat::Xlsx),
            (ExportFormat::Json, ImportFormat::Json),
        ] {
            let mut out = Vec::new();
            write_places(std::slice::from_ref(&place), format, &mut out).unwrap();
            let back = import(&out, import_format, &ImportOptions::default())
                .unwrap_or_else(|e| panic!("{format:?} {text:?}: {e}"));
            assert_eq!(back, std::slice::from_ref(&place), "{format:?} {text:?}");
        }
    }
}

/// A cell a user protected with a leading tab keeps it; the `'` a spreadsheet user typed before
/// a formula character is the one the rule removes; a `'` before other text stays.
#[test]
fn hand_written_csv_keeps_tabs_and_reads_quote_marks() {
    let text = "id,name_zh,name_en,category,description_en,price_note,lon,lat\n\
                a,甲,A,park,\"\t=HYPERLINK(1)\",'=2+2,'-70.5,-33.9\n\
                b,乙,B,park,'It's,  spaced  ,,\n";
    let places = import_csv(text).unwrap();
    assert_eq!(places[0].description_en.as_deref(), Some("\t=HYPERLINK(1)"));
    assert_eq!(places[0].price_note.as_deref(), Some("=2+2"));
    assert_eq!(
        places[0].position,
        Some(Position::new(-33.9, -70.5).unwrap())
    );
    assert_eq!(places[1].description_en.as_deref(), Some("'It's"));
    assert_eq!(places[1].price_note.as_deref(), Some("spaced"));
}

/// In a workbook, formula-looking text is a string cell, never a formula: Excel shows it as
/// written, so no quote is added (and none removed on import).
#[test]
fn xlsx_writes_formula_text_as_string_cells() {
    use calamine::{Data, Reader, Xlsx};
    let place = formula_place(FORMULAS[0]);
    let bytes = wenlv_io::xlsx_bytes(std::slice::from_ref(&place)).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let formulas = book.worksheet_formula("places").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "a formula was written"
    );
    let values = book.worksheet_range("places").unwrap();
    let col = wenlv_io::COLUMNS
        .iter()
        .position(|c| *c == "description_en")
        .unwrap();
    assert_eq!(
        values.get_value((1, col as u32)),
        Some(&Data::String(FORMULAS[0].to_string()))
    );
}
