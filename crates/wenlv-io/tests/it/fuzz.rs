//! Fuzzing as a habit: property tests that generate files for every importer (CSV, XLSX, JSON)
//! and damage them: truncations, flipped and inserted bytes, Latin-1 and GBK text, ragged rows,
//! formula cells, huge cells. Invariants: no panic; either places or an error whose every issue
//! names a row or item; a file cut short never imports as anything but a prefix of what it
//! held; an export imports back exactly.
//!
//! A bounded number of cases runs in the normal suite; for a long run:
//! `PROPTEST_CASES=100000 cargo test -p wenlv-io --test it fuzz`.

use crate::support::import;
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::panic::{AssertUnwindSafe, catch_unwind};
use wenlv_domain::{ALevel, Category, Money, OpeningHoursSpec, Place, PlaceId, Position, Theme};
use wenlv_io::{ExportFormat, ImportError, ImportFormat, ImportOptions, write_places};

/// `cases` per property unless `PROPTEST_CASES` asks for more (or fewer).
fn config(cases: u32) -> Config {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config.failure_persistence = None;
    config
}

/// Pieces that break naive CSV, XML and formula handling.
const PIECES: &[&str] = &[
    "a",
    "Kumbum",
    "塔尔寺",
    "清真",
    ",",
    "\"",
    "'",
    "\n",
    "\r\n",
    "=",
    "+",
    "-",
    "@",
    "\t",
    " ",
    ";",
    "|",
    "_x0041_",
    "é",
    "😀",
    "=HYPERLINK(\"x\")",
    "<b>&amp;",
    "\\",
    "0",
    "-1.5",
];

/// Free text as an import stores it: trimmed, except that a leading tab or CR is kept.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..8).prop_map(|pieces| {
        let joined = pieces.concat();
        let kept = joined
            .trim_end()
            .trim_start_matches(|c: char| c.is_whitespace() && c != '\t' && c != '\r');
        if kept.trim().is_empty() {
            "x".to_string()
        } else {
            kept.to_string()
        }
    })
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

const HOURS: &[&str] = &[
    "24/7",
    "08:00-17:00",
    "Tu-Su 09:00-17:00; Mo off",
    "Apr-Oct 07:30-18:30; Nov-Mar 08:00-16:30",
];

fn place(id: String) -> impl Strategy<Value = Place> {
    (
        (
            text(),
            text(),
            opt_text(),
            opt_text(),
            0..Category::ALL.len(),
            0u8..=5,
            opt_text(),
        ),
        (
            prop::option::of((-90.0f64..=90.0, -180.0f64..=180.0)),
            opt_text(),
            opt_text(),
            prop::option::of(1u32..=1440),
            prop::sample::subsequence(Theme::ALL.to_vec(), 0..=3),
            prop::option::of(prop::sample::select(HOURS)),
            prop::option::of(0u32..=1440),
        ),
        (
            opt_text(),
            opt_text(),
            prop::option::of(0i64..10_000_000),
            prop::option::of(0i64..10_000_000),
            (opt_text(), opt_text(), opt_text()),
        ),
    )
        .prop_map(
            move |(
                (name_zh, name_en, description_zh, description_en, category, a_level, district),
                (position, position_note, position_note_zh, visit, themes, hours, last),
                (hours_note, hours_note_zh, peak, off, (price_note, price_note_zh, sources)),
            )| Place {
                id: PlaceId::parse(&id).unwrap(),
                name_zh,
                name_en,
                description_zh,
                description_en,
                category: Category::ALL[category],
                a_level: ALevel::new(a_level).unwrap(),
                district,
                position: position.map(|(lat, lon)| Position::new(lat, lon).unwrap()),
                position_note,
                position_note_zh,
                visit_minutes: visit,
                themes,
                opening_hours: hours.map(|h| OpeningHoursSpec::parse(h).unwrap()),
                last_admission_minutes: last,
                hours_note,
                hours_note_zh,
                price_peak: peak.map(Money::from_fen),
                price_off: off.map(Money::from_fen),
                price_note,
                price_note_zh,
                sources,
            },
        )
}

/// 0 to 5 places with distinct ids.
fn catalogue() -> impl Strategy<Value = Vec<Place>> {
    prop::collection::btree_set("[a-z][a-z0-9_]{0,12}", 0..=5)
        .prop_flat_map(|ids| ids.into_iter().map(place).collect::<Vec<_>>())
}

const FORMATS: [(ExportFormat, ImportFormat); 3] = [
    (ExportFormat::Csv, ImportFormat::Csv),
    (ExportFormat::Xlsx, ImportFormat::Xlsx),
    (ExportFormat::Json, ImportFormat::Json),
];

fn export(places: &[Place], format: ExportFormat) -> Vec<u8> {
    let mut out = Vec::new();
    write_places(places, format, &mut out).unwrap();
    out
}

/// Imports without letting a panic escape: a panic is a test failure with the input's size.
fn import_no_panic(bytes: &[u8], format: ImportFormat) -> Result<Vec<Place>, ImportError> {
    catch_unwind(AssertUnwindSafe(|| {
        import(bytes, format, &ImportOptions::default())
    }))
    .unwrap_or_else(|_| panic!("{format:?} importer panicked on {} bytes", bytes.len()))
}

/// Checks the invariants every import result must meet, whatever the input.
fn check_outcome(result: &Result<Vec<Place>, ImportError>) -> Result<(), TestCaseError> {
    match result {
        Ok(places) => {
            let mut ids = std::collections::HashSet::new();
            for p in places {
                prop_assert!(p.check().is_empty(), "invalid place imported: {p:?}");
                prop_assert!(ids.insert(p.id.clone()), "id {} twice", p.id);
            }
        }
        Err(ImportError::Invalid { issues, .. }) => {
            prop_assert!(!issues.is_empty());
            for issue in issues {
                prop_assert!(issue.at.number() >= 1, "{issue}");
                prop_assert!(!issue.column.is_empty(), "{issue}");
                prop_assert!(!issue.reason.is_empty(), "{issue}");
                prop_assert!(issue.value.chars().count() <= 61, "{issue}");
            }
        }
        Err(ImportError::Malformed { file, message }) => {
            prop_assert!(!message.is_empty());
            prop_assert!(file.to_str().is_some());
        }
        Err(other) => prop_assert!(false, "unexpected error kind: {other}"),
    }
    Ok(())
}

/// A way to damage a file.
#[derive(Debug, Clone)]
enum Damage {
    /// Keep only the first `n` per mille of the bytes.
    Truncate(u16),
    /// Flip the bits of the byte at a per-mille position.
    Flip(u16, u8),
    /// Insert bytes at a per-mille position.
    Insert(u16, Vec<u8>),
    /// Append bytes.
    Append(Vec<u8>),
}

fn damage() -> impl Strategy<Value = Damage> {
    let bytes = prop_oneof![
        // Latin-1 "café", GBK "塔尔寺", a lone UTF-8 continuation byte, NUL.
        Just(b"caf\xe9".to_vec()),
        Just(vec![0xCB, 0xFE, 0xB6, 0xFB, 0xCB, 0xC2]),
        Just(vec![0x80]),
        Just(vec![0]),
        // Stray separators and quotes, a ragged row, formula cells, a huge cell.
        Just(b",".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\nx,y\n".to_vec()),
        Just(b"=HYPERLINK(\"http://e.example\")".to_vec()),
        Just(b"@SUM(1)".to_vec()),
        Just(vec![b'z'; 100_000]),
        Just(b"]".to_vec()),
        Just(b"{\"id\": 1}".to_vec()),
        prop::collection::vec(any::<u8>(), 1..16),
    ];
    prop_oneof![
        (0u16..1000).prop_map(Damage::Truncate),
        (0u16..1000, 1u8..=255).prop_map(|(at, bits)| Damage::Flip(at, bits)),
        (0u16..1000, bytes.clone()).prop_map(|(at, b)| Damage::Insert(at, b)),
        bytes.prop_map(Damage::Append),
    ]
}

fn apply(bytes: &[u8], damage: &Damage) -> Vec<u8> {
    let at = |per_mille: u16| bytes.len() * usize::from(per_mille) / 1000;
    match damage {
        Damage::Truncate(n) => bytes[..at(*n)].to_vec(),
        Damage::Flip(n, bits) => {
            let mut out = bytes.to_vec();
            if let Some(b) = out.get_mut(at(*n)) {
                *b ^= bits;
            }
            out
        }
        Damage::Insert(n, extra) => {
            let mut out = bytes.to_vec();
            let i = at(*n);
            out.splice(i..i, extra.iter().copied());
            out
        }
        Damage::Append(extra) => [bytes, extra].concat(),
    }
}

proptest! {
    #![proptest_config(config(48))]

    /// An export imports back to exactly the same places, in every format.
    #[test]
    fn fuzz_export_round_trips_exactly(places in catalogue()) {
        for (out, back) in FORMATS {
            let bytes = export(&places, out);
            match import_no_panic(&bytes, back) {
                Ok(got) => prop_assert_eq!(got, places.clone(), "{:?}", out),
                Err(err) => prop_assert!(false, "{:?} export not re-imported: {}", out, err),
            }
        }
    }

    /// A damaged export never panics, and either imports or says where it is wrong. A file cut
    /// short imports, if at all, as a prefix of its places (only the last row of a CSV can lose
    /// the end of an unquoted last cell); JSON and XLSX cut short import only when nothing was
    /// lost.
    #[test]
    fn fuzz_damaged_files_are_refused_or_read(places in catalogue(), damage in damage()) {
        for (out, back) in FORMATS {
            let original = export(&places, out);
            let bytes = apply(&original, &damage);
            let result = import_no_panic(&bytes, back);
            check_outcome(&result)?;
            if let (Damage::Truncate(_), Ok(got)) = (&damage, &result) {
                if back == ImportFormat::Csv {
                    prop_assert!(got.len() <= places.len());
                    let whole = got.len().saturating_sub(1);
                    prop_assert_eq!(&got[..whole], &places[..whole]);
                    if let (Some(last), Some(was)) = (got.last(), places.get(whole)) {
                        // The cut may only shorten the last cell of the last row.
                        prop_assert_eq!(&last.id, &was.id);
                        prop_assert_eq!(&Place { sources: was.sources.clone(), ..last.clone() }, was);
                    }
                } else {
                    prop_assert_eq!(got, &places, "{:?} cut short read as other places", back);
                }
            }
        }
    }

    /// Hand-made CSV rows with random field counts: every row whose count differs from the
    /// header's is reported with its row number; no row is half read.
    #[test]
    fn fuzz_ragged_csv_rows_are_reported(widths in prop::collection::vec(1usize..8, 1..12)) {
        let mut csv = String::from("id,name_zh,name_en,category");
        for (i, width) in widths.iter().enumerate() {
            let mut cells = vec![format!("p{i}"), "甲".to_string(), "A".to_string(), "park".to_string()];
            cells.resize(*width, String::new());
            if *width > 4 {
                cells[4] = "extra".to_string();
            }
            csv.push('\n');
            csv.push_str(&cells.join(","));
        }
        csv.push('\n');
        let result = import_no_panic(csv.as_bytes(), ImportFormat::Csv);
        check_outcome(&result)?;
        let ragged: Vec<usize> = widths
            .iter()
            .enumerate()
            .filter(|(_, w)| **w != 4)
            .map(|(i, _)| i + 2)
            .collect();
        match result {
            Ok(got) => {
                prop_assert!(ragged.is_empty());
                prop_assert_eq!(got.len(), widths.len());
            }
            Err(err) => {
                let rows: Vec<usize> = err.issues().iter().map(|i| i.at.number()).collect();
                prop_assert_eq!(rows, ragged, "{}", err);
            }
        }
    }
}
