//! Whole-file validation: every bad row is reported, with where and what, and nothing is returned.

use crate::support::import_csv;
use std::path::Path;
use wenlv_io::{ImportError, ImportFormat, ImportOptions, Locator, read_places_from_bytes};

const HEADER: &str = "id,name_zh,name_en,category,a_level,lat,lon,themes,opening_hours,price_peak";

/// Lines of a CSV file: the header then the given rows.
fn csv(rows: &[&str]) -> String {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s
}

/// Three bad rows among good ones: all three are listed with their spreadsheet row number, id,
/// column, value and reason, and no place is returned.
#[test]
fn three_bad_rows_among_good_ones_are_all_listed() {
    let text = csv(&[
        "kumbum,塔尔寺,Kumbum,temple,5,36.48814,101.566177,heritage;religion,08:00-17:00,70", // row 2
        "castle_x,城堡,Castle,castle,0,,,,,", // row 3: bad category
        "museum,博物馆,Museum,museum,4,36.63,101.75,heritage,Tu-Su 09:00-17:00; Mo off,0", // row 4
        "north_pole,北极,North,other,0,91.5,101.75,,,", // row 5: latitude
        "kumbum,塔尔寺二,Kumbum again,temple,5,,,,,", // row 6: duplicate
        "park,公园,Park,park,3,,,city_park,,", // row 7
    ]);
    let err = import_csv(&text).unwrap_err();
    let issues = err.issues();
    assert_eq!(issues.len(), 3, "{err}");

    assert_eq!(issues[0].at, Locator::Row(3));
    assert_eq!(issues[0].id.as_deref(), Some("castle_x"));
    assert_eq!(issues[0].column, "category");
    assert_eq!(issues[0].value, "castle");
    assert_eq!(issues[0].reason, "unknown category 'castle'");

    assert_eq!(issues[1].at, Locator::Row(5));
    assert_eq!(issues[1].id.as_deref(), Some("north_pole"));
    assert_eq!(issues[1].column, "lat");
    assert_eq!(issues[1].value, "91.5");
    assert!(
        issues[1].reason.contains("out of range"),
        "{}",
        issues[1].reason
    );

    assert_eq!(issues[2].at, Locator::Row(6));
    assert_eq!(issues[2].id.as_deref(), Some("kumbum"));
    assert_eq!(issues[2].column, "id");
    assert_eq!(issues[2].reason, "duplicate id: first used in row 2");

    // One line per problem, each prefixed by the file name.
    let lines: Vec<String> = err.to_string().lines().map(str::to_string).collect();
    assert_eq!(
        lines,
        [
            "places.csv: row 3 (id castle_x), column category, value 'castle': unknown category 'castle'",
            "places.csv: row 5 (id north_pole), column lat, value '91.5': latitude 91.5 is out of range (-90 to 90)",
            "places.csv: row 6 (id kumbum), column id, value 'kumbum': duplicate id: first used in row 2",
        ]
    );
}

/// Each rule is reported in the column it concerns, with the value and a reason.
#[test]
fn every_kind_of_problem_names_its_column() {
    let text = csv(&[
        "a_ok,甲,A,park,0,,,,,",                     // row 2: fine
        "b_lat,乙,B,park,0,36.6,,,,",                // row 3: lat without lon
        "c_hours,丙,C,park,0,,,,9 to 5 daily,",      // row 4: opening hours
        "d_money,丁,D,park,0,,,,,12.345",            // row 5: money
        "e_theme,戊,E,park,0,,,city_park;castles,,", // row 6: theme
        "f_name,,F,park,0,,,,,",                     // row 7: missing name_zh
        "G-bad,己,G,park,0,,,,,",                    // row 8: id slug
        "h_level,庚,H,park,7,,,,,",                  // row 9: A-level
        "i_price,辛,I,park,0,,,,,-5",                // row 10: negative price
        "j_lon,壬,J,park,0,36.6,east,,,",            // row 11: not a number
    ]);
    let err = import_csv(&text).unwrap_err();
    let got: Vec<(usize, &str, &str)> = err
        .issues()
        .iter()
        .map(|i| (i.at.number(), i.column.as_str(), i.value.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (3, "lon", ""),
            (4, "opening_hours", "9 to 5 daily"),
            (5, "price_peak", "12.345"),
            (6, "themes", "city_park;castles"),
            (7, "name_zh", ""),
            (8, "id", "G-bad"),
            (9, "a_level", "7"),
            (10, "price_peak", "-5"),
            (11, "lon", "east"),
        ],
        "{err}"
    );
    let reasons: Vec<&str> = err.issues().iter().map(|i| i.reason.as_str()).collect();
    assert!(reasons[0].contains("without a longitude"));
    assert!(reasons[1].starts_with("unparseable opening hours"));
    assert!(reasons[2].starts_with("bad money"));
    assert!(reasons[3].starts_with("unknown theme 'castles'"));
    assert_eq!(reasons[4], "missing required field");
    assert!(reasons[5].contains("not a place id"));
    assert!(reasons[6].contains("not 0 to 5"));
    assert!(reasons[7].contains("negative"));
    assert_eq!(reasons[8], "not a number");
}

/// A header naming an unknown column, or lacking a required one, is reported at row 1 (and the
/// rows are not guessed at).
#[test]
fn header_problems_are_reported_at_row_1() {
    let err = import_csv("id,name_zh,name_en,colour\nx,甲,X,red\n").unwrap_err();
    let got: Vec<(usize, &str, &str)> = err
        .issues()
        .iter()
        .map(|i| (i.at.number(), i.column.as_str(), i.reason.as_str()))
        .collect();
    assert_eq!(got.len(), 2, "{err}");
    assert_eq!((got[0].0, got[0].1), (1, "colour"));
    assert!(got[0].2.starts_with("unknown column"));
    assert_eq!(got[1], (1, "category", "missing required column"));
}

/// Column names are matched without regard to case or surrounding spaces.
#[test]
fn header_names_ignore_case() {
    let places = import_csv("ID, Name_ZH ,name_en,CATEGORY\na,甲,A,park\n").unwrap();
    assert_eq!(places[0].id.as_str(), "a");
}

/// Excel's UTF-8 byte-order mark does not spoil the first column name.
#[test]
fn byte_order_mark_is_accepted() {
    let text = format!("\u{feff}{}", csv(&["kumbum,塔尔寺,Kumbum,temple,5,,,,,70"]));
    assert!(text.as_bytes().starts_with(b"\xEF\xBB\xBF"));
    let places = import_csv(&text).unwrap();
    assert_eq!(places.len(), 1);
    assert_eq!(places[0].id.as_str(), "kumbum");
    assert_eq!(places[0].price_peak.unwrap().fen(), 7000);
    // Excel's "CSV UTF-8" also ends lines with CR LF.
    let crlf = text.replace('\n', "\r\n");
    let places = import_csv(&crlf).unwrap();
    assert_eq!(places[0].price_peak.unwrap().fen(), 7000);
    assert_eq!(places[0].name_zh, "塔尔寺");
}

/// A CSV saved in a legacy Chinese encoding (GB18030) is refused cell by cell, saying why.
#[test]
fn non_utf8_text_is_reported() {
    // "塔尔寺" in GB18030.
    let mut bytes = b"id,name_zh,name_en,category\nkumbum,".to_vec();
    bytes.extend_from_slice(&[0xCB, 0xFE, 0xB6, 0xFB, 0xCB, 0xC2]);
    bytes.extend_from_slice(b",Kumbum,temple\n");
    let err =
        crate::support::import(&bytes, ImportFormat::Csv, &ImportOptions::default()).unwrap_err();
    assert_eq!(err.issues().len(), 1, "{err}");
    assert_eq!(err.issues()[0].column, "name_zh");
    assert!(err.issues()[0].reason.contains("not UTF-8"));
}

/// Blank lines and trailing empty rows (as spreadsheets write) are not places; a value beyond
/// the header's last column is a problem.
#[test]
fn empty_rows_are_skipped_and_extra_cells_flagged() {
    let ok = import_csv(&csv(&["a,甲,A,park,,,,,,", ",,,,,,,,,"])).unwrap();
    assert_eq!(ok.len(), 1);
    let err = import_csv(&csv(&["a,甲,A,park,,,,,,,surprise"])).unwrap_err();
    assert_eq!(err.issues().len(), 1, "{err}");
    assert_eq!(err.issues()[0].at, Locator::Row(2));
    assert_eq!(err.issues()[0].value, "surprise");
}

/// The progress callback sees every row, ending at (total, total).
#[test]
fn progress_is_reported_per_row() {
    let text = csv(&[
        "a,甲,A,park,,,,,,",
        "b,乙,B,park,,,,,,",
        "c,丙,C,park,,,,,,",
    ]);
    let mut seen = Vec::new();
    let mut report = |done: usize, total: usize| seen.push((done, total));
    read_places_from_bytes(
        text.as_bytes(),
        ImportFormat::Csv,
        Path::new("p.csv"),
        &ImportOptions::default(),
        Some(&mut report),
    )
    .unwrap();
    assert_eq!(seen, [(1, 3), (2, 3), (3, 3)]);
}

/// The format comes from the extension; an unknown one is refused before reading.
#[test]
fn unknown_extension_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("places.txt");
    std::fs::write(&path, "id\n").unwrap();
    let err = wenlv_io::read_places(&path, &ImportOptions::default(), None).unwrap_err();
    assert!(matches!(err, ImportError::UnknownFormat { .. }), "{err}");
    assert!(err.to_string().contains("places.txt"));
}

/// Malformed JSON, or JSON that is not an array, is a file-level error naming the file.
#[test]
fn malformed_json_is_a_file_error() {
    let err = crate::support::import(
        b"{\"id\": 1}",
        ImportFormat::Json,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::Malformed { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "places.json: expected a JSON array of place objects"
    );
    let err =
        crate::support::import(b"[{", ImportFormat::Json, &ImportOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("places.json: the JSON ends too early (is the file cut off?): EOF"),
        "{err}"
    );
}
