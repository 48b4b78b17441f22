//! Damaged files are refused whole, each problem located: a CSV cut off inside a quoted field,
//! rows with more or fewer fields than the header, truncated or corrupt workbooks, truncated
//! JSON, trailing garbage, wrong types and text that is not UTF-8.

use crate::support::{import, import_csv};
use wenlv_io::{ExportFormat, ImportError, ImportFormat, ImportOptions, Locator, demo};

fn exported(format: ExportFormat) -> Vec<u8> {
    let mut out = Vec::new();
    wenlv_io::write_places(&demo::xining_places(), format, &mut out).unwrap();
    out
}

/// The tester's case: the demo CSV cut off inside the last place's quoted `sources` field was
/// imported with that place's fields emptied. Now the last row is refused, naming the problem,
/// and no place is returned.
#[test]
fn csv_cut_inside_a_quoted_field_is_refused() {
    let csv = demo::XINING_PLACES_CSV;
    let last_quote = csv.trim_end().rfind('"').unwrap();
    // Cut a few characters into the last field, which is quoted.
    let open = csv[..last_quote].rfind(",\"").unwrap() + 2;
    let cut = &csv[..open + 10];
    // Where the cut lands, from the file itself: its last row, and the fields before the cut.
    let rows = csv.trim_end().lines().count();
    let last_row = csv.trim_end().rfind('\n').unwrap() + 1;
    let before = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&csv.as_bytes()[last_row..open - 2])
        .records()
        .next()
        .unwrap()
        .unwrap()
        .len();
    let err = import_csv(cut).unwrap_err();
    let issues = err.issues();
    assert_eq!(issues.len(), 1, "{err}");
    assert_eq!(issues[0].at, Locator::Row(rows));
    assert_eq!(issues[0].column, wenlv_io::COLUMNS[before]);
    let last_id = demo::xining_places().last().unwrap().id.to_string();
    assert_eq!(issues[0].id.as_deref(), Some(last_id.as_str()));
    assert!(
        issues[0].reason.contains("ends inside a quoted field"),
        "{err}"
    );
    let counts = format!(
        "expected {} fields, found {}",
        wenlv_io::COLUMNS.len(),
        before + 1
    );
    assert!(issues[0].reason.contains(&counts), "{err}");

    // Cut inside an earlier quoted field of the last row: same row, fewer fields found.
    let first_quoted = last_row + csv[last_row..].find(",\"").unwrap() + 2;
    let err = import_csv(&csv[..first_quoted + 3]).unwrap_err();
    assert_eq!(err.issues().len(), 1, "{err}");
    assert_eq!(err.issues()[0].at, Locator::Row(rows));
    assert!(
        err.issues()[0]
            .reason
            .contains("ends inside a quoted field")
    );
}

/// A quote that is never closed swallows the rest of the file into one field: reported at the
/// row where it opens, even when the swallowed rows happened to leave the field count right.
#[test]
fn unclosed_quote_is_reported_at_its_row() {
    let text = "id,name_zh,name_en,category\n\
                a,甲,A,park\n\
                b,\"乙,B,park\n\
                c,丙,C,park\n";
    let err = import_csv(text).unwrap_err();
    assert_eq!(err.issues().len(), 1, "{err}");
    assert_eq!(err.issues()[0].at, Locator::Row(3));
    assert_eq!(err.issues()[0].id.as_deref(), Some("b"));
    assert_eq!(err.issues()[0].column, "name_zh");
    assert!(
        err.issues()[0]
            .reason
            .contains("ends inside a quoted field")
    );
    // Doubled quotes inside a quoted field are not an open quote.
    let fine = "id,name_zh,name_en,category\na,\"甲 \"\"x\"\"\",A,park\n";
    assert_eq!(import_csv(fine).unwrap()[0].name_zh, "甲 \"x\"");
}

/// Rows with fewer or more fields than the header are bad rows: row number, expected and found
/// counts; the rest of the file is still checked and every such row is listed.
#[test]
fn ragged_rows_name_expected_and_found_counts() {
    let text = "id,name_zh,name_en,category,price_note\n\
                a,甲,A,park,note\n\
                b,乙,B,park\n\
                c,丙,C,park,note,extra\n\
                d,丁,D,park,,\n\
                e,戊,E,castle,\n";
    let err = import_csv(text).unwrap_err();
    let got: Vec<(Locator, Option<&str>, &str, &str)> = err
        .issues()
        .iter()
        .map(|i| (i.at, i.id.as_deref(), i.column.as_str(), i.value.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Locator::Row(3), Some("b"), "price_note", ""),
            (Locator::Row(4), Some("c"), "#6", "extra"),
            (Locator::Row(5), Some("d"), "#6", ""),
            (Locator::Row(6), Some("e"), "category", "castle"),
        ],
        "{err}"
    );
    assert!(
        err.issues()[0]
            .reason
            .starts_with("expected 5 fields (as in the header), found 4"),
        "{err}"
    );
    assert!(err.issues()[1].reason.starts_with("expected 5 fields"));
    assert!(err.issues()[1].reason.contains("found 6"));
    assert!(
        err.to_string()
            .contains("places.csv: row 3 (id b), column price_note")
    );
}

/// A workbook cut short or with flipped bytes is refused as a whole with a clear message.
#[test]
fn truncated_or_corrupt_xlsx_is_refused() {
    let good = exported(ExportFormat::Xlsx);
    for bytes in [
        good[..good.len() / 2].to_vec(),
        good[..good.len() - 30].to_vec(),
        b"PK\x03\x04 not really a zip".to_vec(),
        Vec::new(),
    ] {
        let err = import(&bytes, ImportFormat::Xlsx, &ImportOptions::default()).unwrap_err();
        assert!(matches!(err, ImportError::Malformed { .. }), "{err}");
        let text = err.to_string();
        assert!(
            text.starts_with("places.xlsx: not readable as an Excel .xlsx workbook (damaged"),
            "{text}"
        );
    }
}

/// Truncated JSON, trailing garbage and text that is not UTF-8 are refused with a line and
/// column; wrong types are refused per item and field.
#[test]
fn damaged_json_is_refused_with_a_location() {
    let good = exported(ExportFormat::Json);
    let err = import(
        &good[..good.len() / 3],
        ImportFormat::Json,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::Malformed { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.starts_with("places.json: the JSON ends too early (is the file cut off?)"),
        "{text}"
    );
    assert!(text.contains(" line "), "{text}");

    let mut garbage = good.clone();
    garbage.extend_from_slice(b"\n]x");
    let err = import(&garbage, ImportFormat::Json, &ImportOptions::default()).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("places.json: not valid JSON: trailing characters at line"),
        "{text}"
    );

    // "塔尔寺" in GB18030 inside a JSON string.
    let mut gbk = br#"[{"id": "a", "name_zh": ""#.to_vec();
    gbk.extend_from_slice(&[0xCB, 0xFE, 0xB6, 0xFB, 0xCB, 0xC2]);
    gbk.extend_from_slice(br#"", "name_en": "A", "category": "park"}]"#);
    let err = import(&gbk, ImportFormat::Json, &ImportOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "places.json: not UTF-8 text at line 1 column 26 (byte 26): save the file as UTF-8"
    );

    let wrong_types = r#"[
        {"id": "a", "name_zh": "甲", "name_en": "A", "category": "park", "lat": {"x": 1}},
        {"id": "b", "name_zh": ["乙", 2], "name_en": "B", "category": "park"},
        {"id": "c", "name_zh": "丙", "name_en": "C", "category": "park", "visit_minutes": "-5"},
        "d"
    ]"#;
    let err = import(
        wrong_types.as_bytes(),
        ImportFormat::Json,
        &ImportOptions::default(),
    )
    .unwrap_err();
    let got: Vec<(Locator, &str)> = err
        .issues()
        .iter()
        .map(|i| (i.at, i.column.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Locator::Item(1), "lat"),
            (Locator::Item(2), "name_zh"),
            (Locator::Item(3), "visit_minutes"),
            (Locator::Item(4), "-"),
        ],
        "{err}"
    );
}

/// A huge cell is read whole, but a message shows only its beginning.
#[test]
fn huge_bad_cell_is_shortened_in_messages() {
    let huge = "x".repeat(1_000_000);
    let text = format!("id,name_zh,name_en,category\na,甲,A,{huge}\n");
    let err = import_csv(&text).unwrap_err();
    assert_eq!(err.issues().len(), 1);
    assert!(err.issues()[0].value.chars().count() <= 61);
    assert!(err.to_string().len() < 500, "{}", err.to_string().len());
}

/// A ragged row names the id from the id column, wherever the header puts it.
#[test]
fn ragged_row_names_the_id_from_its_column() {
    let err = import_csv("name_zh,id,name_en,category\n甲,a_place,A\n").unwrap_err();
    assert_eq!(err.issues()[0].id.as_deref(), Some("a_place"), "{err}");
    assert_eq!(err.issues()[0].column, "category");
}

/// A workbook formula with no computed value (as programs that do not calculate write them)
/// would read as an empty cell and clear the field: it is refused at its row and column. A
/// formula with a computed value imports that value.
#[test]
fn xlsx_formula_without_a_value_is_refused() {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["id", "name_zh", "name_en", "category", "sources"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, id) in [(1, "computed"), (2, "not_computed")] {
        sheet.write_string(r, 0, id).unwrap();
        sheet.write_string(r, 1, "甲").unwrap();
        sheet.write_string(r, 2, "A").unwrap();
        sheet.write_string(r, 3, "park").unwrap();
    }
    sheet.write_formula(1, 4, "=A2&\"!\"").unwrap();
    sheet.set_formula_result(1, 4, "computed!");
    sheet.write_formula(2, 4, "=A3&\"!\"").unwrap();
    sheet.set_formula_result(2, 4, "");
    let bytes = book.save_to_buffer().unwrap();
    let err = import(&bytes, ImportFormat::Xlsx, &ImportOptions::default()).unwrap_err();
    assert_eq!(err.issues().len(), 1, "{err}");
    let issue = &err.issues()[0];
    assert_eq!(
        (issue.at, issue.id.as_deref(), issue.column.as_str()),
        (Locator::Row(3), Some("not_computed"), "sources")
    );
    assert_eq!(issue.value, "=A3&\"!\"");
    assert!(
        issue
            .reason
            .starts_with("a formula without a computed value")
    );

    // Row 3 given a computed value: both rows import, with the computed values.
    book.worksheet_from_index(0)
        .unwrap()
        .set_formula_result(2, 4, "not_computed!");
    let bytes = book.save_to_buffer().unwrap();
    let places = import(&bytes, ImportFormat::Xlsx, &ImportOptions::default()).unwrap();
    assert_eq!(places[0].sources.as_deref(), Some("computed!"));
    assert_eq!(places[1].sources.as_deref(), Some("not_computed!"));
}

/// A key given twice in one JSON object is refused (only the last value would be kept).
#[test]
fn json_key_given_twice_is_refused() {
    let json = r#"[
        {"id": "a", "name_zh": "甲", "name_en": "A", "category": "park"},
        {"id": "b", "name_zh": "乙", "name_en": "B", "category": "park",
         "sources": "kept?", "sources": null}
    ]"#;
    let err = import(
        json.as_bytes(),
        ImportFormat::Json,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.issues().len(), 1, "{err}");
    assert_eq!(err.issues()[0].at, Locator::Item(2));
    assert_eq!(err.issues()[0].column, "sources");
    assert!(err.issues()[0].reason.starts_with("key given twice"));
}
