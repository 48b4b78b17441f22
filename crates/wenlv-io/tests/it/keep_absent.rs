//! Which fields a file gives, per format, and `ImportedPlace::over`: a field not given keeps
//! the stored value, a given empty one clears it.

use crate::support::sample_places;
use rust_xlsxwriter::Workbook;
use std::path::Path;
use wenlv_domain::Place;
use wenlv_io::{
    COLUMNS, GivenFields, ImportFormat, ImportOptions, ImportedPlace,
    read_imported_places_from_bytes,
};

fn read(bytes: &[u8], format: ImportFormat) -> Vec<ImportedPlace> {
    read_imported_places_from_bytes(
        bytes,
        format,
        Path::new("f"),
        &ImportOptions::default(),
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// The stored place: every field known.
fn stored() -> Place {
    sample_places()[0].clone()
}

/// A CSV and a workbook with the same few columns give exactly those; `over` keeps the rest.
#[test]
fn csv_and_xlsx_give_their_header_columns() {
    let header = [
        "id",
        "name_zh",
        "name_en",
        "category",
        "price_peak",
        "sources",
    ];
    let row = ["full_place", "新名", "New name", "temple", "5.50", ""];
    let csv = format!("{}\n{}\n", header.join(","), row.join(","));

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, (h, v)) in header.iter().zip(row).enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
        if !v.is_empty() {
            sheet.write_string(1, c as u16, v).unwrap();
        }
    }
    let xlsx = book.save_to_buffer().unwrap();

    for (bytes, format) in [
        (csv.as_bytes(), ImportFormat::Csv),
        (&xlsx[..], ImportFormat::Xlsx),
    ] {
        let imported = read(bytes, format);
        let given = imported[0].given;
        for column in COLUMNS {
            assert_eq!(given.contains(column), header.contains(column), "{column}");
        }
        assert_eq!(
            given.absent().count(),
            COLUMNS.len() - header.len(),
            "{format:?}"
        );
        let merged = imported[0].over(&stored());
        let want = Place {
            name_zh: "新名".to_string(),
            name_en: "New name".to_string(),
            price_peak: Some(wenlv_domain::Money::parse("5.50").unwrap()),
            // Present and empty: unknown.
            sources: None,
            ..stored()
        };
        assert_eq!(merged, want, "{format:?}");
        // The place itself, as a new place, has the absent fields unknown.
        assert_eq!(imported[0].place.description_en, None);
        assert_eq!(imported[0].place.a_level.get(), 0);
    }
}

/// JSON gives each object's own keys; `lat` alone gives the position (here: cleared with null).
#[test]
fn json_gives_each_objects_keys() {
    let json = r#"[
        {"id": "full_place", "name_zh": "甲", "name_en": "A", "category": "temple", "themes": []},
        {"id": "bare_place", "name_zh": "乙", "name_en": "B", "category": "other", "lat": null}
    ]"#;
    let imported = read(json.as_bytes(), ImportFormat::Json);
    assert!(imported[0].given.contains("themes"));
    assert!(!imported[0].given.contains("lat"));
    assert!(!imported[1].given.contains("themes"));
    assert!(imported[1].given.contains("lat"));

    let first = imported[0].over(&stored());
    assert_eq!(first.themes, []);
    assert_eq!(first.position, stored().position);
    assert_eq!(first.sources, stored().sources);

    let second = imported[1].over(&stored());
    assert_eq!(second.position, None);
    assert_eq!(second.themes, stored().themes);
    assert_eq!(second.category, wenlv_domain::Category::Other);
}

/// A full export gives every column, so `over` is the imported place whatever is stored.
#[test]
fn a_full_export_gives_everything() {
    let mut out = Vec::new();
    wenlv_io::write_places(&sample_places(), wenlv_io::ExportFormat::Csv, &mut out).unwrap();
    for imported in read(&out, ImportFormat::Csv) {
        assert_eq!(imported.given, GivenFields::ALL);
        assert_eq!(imported.over(&stored()), imported.place);
    }
}
