//! `wenlv import places` / `wenlv export places` end to end, on both engines.

use crate::cli::{run, wenlv};
use wenlv_store::testing::on_both_engines;

const HEADER: &str = "id,name_zh,name_en,description_zh,description_en,category,a_level,district,lat,lon,position_note,visit_minutes,themes,opening_hours,last_admission_minutes,hours_note,price_peak,price_off,price_note,sources";

fn good_rows() -> Vec<String> {
    vec![
        "alpha_hall,甲馆,Alpha Hall,,,museum,3,城西区,36.63,101.75,,60,heritage,Tu-Su 09:00-17:00; Mo off,30,,20.00,10.00,,test".into(),
        "beta_park,乙园,Beta Park,,,park,0,城北区,36.64,101.76,,,city_park,,,,0,0,,test".into(),
        "gamma_street,丙街,Gamma Street,,,street,0,,,,somewhere,,food,,,,,,,test".into(),
    ]
}

/// Three bad rows among good ones: all three are listed with row, id, column and value, the
/// command fails, and nothing is written. A good file then imports, and again changes nothing.
#[tokio::test]
async fn a_bad_file_is_rejected_whole_and_a_good_one_imports_idempotently() {
    on_both_engines(|db| async move {
        let tmp = tempfile::tempdir().unwrap();
        let mut rows = good_rows();
        rows.insert(
            1,
            "bad_one,坏,Bad One,,,castle,3,,36.6,101.7,,,,,,,,,,".into(),
        );
        rows.insert(
            3,
            "bad_two,坏,Bad Two,,,park,3,,96.6,101.7,,,,,,,,,,".into(),
        );
        rows.push("bad_three,坏,Bad Three,,,park,3,,36.6,101.7,,,,every day 9 to 5,,,,,,".into());
        let bad = tmp.path().join("bad.csv");
        std::fs::write(&bad, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
        let out = wenlv()
            .args(["--database-url", &db.url, "import", "places"])
            .arg(&bad)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        for expected in [
            "row 3",
            "bad_one",
            "castle",
            "row 5",
            "bad_two",
            "96.6",
            "row 7",
            "bad_three",
            "every day 9 to 5",
        ] {
            assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
        }
        assert_eq!(db.store.count_places().await.unwrap(), 0, "nothing written");

        let good = tmp.path().join("good.csv");
        // Excel writes a byte-order mark: accepted.
        std::fs::write(
            &good,
            format!("\u{feff}{HEADER}\n{}\n", good_rows().join("\n")),
        )
        .unwrap();
        let out = run(wenlv()
            .args(["--database-url", &db.url, "import", "places"])
            .arg(&good));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("created 3, updated 0, unchanged 0"), "{text}");
        let out = run(wenlv()
            .args(["--database-url", &db.url, "import", "places"])
            .arg(&good));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("created 0, updated 0, unchanged 3"), "{text}");

        // The CSV export re-imports unchanged; GeoJSON has only the positioned places, lon first.
        let exported = tmp.path().join("out.csv");
        run(wenlv()
            .args([
                "--database-url",
                &db.url,
                "export",
                "places",
                "--format",
                "csv",
                "--out",
            ])
            .arg(&exported));
        let out = run(wenlv()
            .args(["--database-url", &db.url, "import", "places"])
            .arg(&exported));
        assert!(String::from_utf8_lossy(&out.stdout).contains("unchanged 3"));
        let out = run(wenlv().args([
            "--database-url",
            &db.url,
            "export",
            "places",
            "--format",
            "geojson",
        ]));
        let geo: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(geo["type"], "FeatureCollection");
        let features = geo["features"].as_array().unwrap();
        assert_eq!(features.len(), 2);
        let alpha = features.iter().find(|f| f["id"] == "alpha_hall").unwrap();
        assert_eq!(
            alpha["geometry"]["coordinates"],
            serde_json::json!([101.75, 36.63])
        );
    })
    .await;
}

/// The demo catalogue as JSON records (the column names as keys).
fn demo_records() -> Vec<serde_json::Map<String, serde_json::Value>> {
    let mut out = Vec::new();
    wenlv_io::write_places(
        &wenlv_io::demo::xining_places(),
        wenlv_io::ExportFormat::Json,
        &mut out,
    )
    .unwrap();
    serde_json::from_slice(&out).unwrap()
}

/// A CSV with only `columns`, from JSON records (`edit` may change a record first).
fn csv_with(
    records: &[serde_json::Map<String, serde_json::Value>],
    columns: &[&str],
    edit: impl Fn(&mut serde_json::Map<String, serde_json::Value>),
) -> String {
    use serde_json::Value;
    let quote = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut text = columns.join(",");
    for record in records {
        let mut record = record.clone();
        edit(&mut record);
        let cells: Vec<String> = columns
            .iter()
            .map(|c| match &record[*c] {
                Value::Null => String::new(),
                Value::String(s) => quote(s),
                Value::Array(list) => {
                    let parts: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
                    quote(&parts.join(";"))
                }
                other => other.to_string(),
            })
            .collect();
        text.push('\n');
        text.push_str(&cells.join(","));
    }
    text.push('\n');
    text
}

fn import_file(url: &str, path: &std::path::Path) -> String {
    let out = run(wenlv()
        .args(["--database-url", url, "import", "places"])
        .arg(path));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// An import never clears what it was not given. The tester's case: the demo CSV without its
/// last three columns set price_note, price_note_zh and sources to null on all 52 places; now
/// it changes nothing. A file with only id, names, category and price_peak changes exactly
/// those fields; an empty cell in a present column still clears (unknown).
#[tokio::test]
async fn absent_columns_keep_what_is_stored() {
    on_both_engines(|db| async move {
        let tmp = tempfile::tempdir().unwrap();
        let full = tmp.path().join("full.csv");
        std::fs::write(&full, wenlv_io::demo::XINING_PLACES_CSV).unwrap();
        // As many as the shipped data has: a data release changes no test.
        let n = wenlv_io::demo::xining_places().len();
        assert!(import_file(&db.url, &full).contains(&format!("created {n}")));
        let before = db.store.all_places().await.unwrap();
        assert_eq!(before.len(), n);
        assert!(before.iter().filter(|p| p.sources.is_some()).count() > 40);
        assert!(before.iter().any(|p| p.price_note.is_some()));

        let records = demo_records();
        let columns = wenlv_io::COLUMNS;
        let cut = tmp.path().join("without_last_three.csv");
        std::fs::write(&cut, csv_with(&records, &columns[..columns.len() - 3], |_| {})).unwrap();
        let out = import_file(&db.url, &cut);
        assert!(
            out.contains("not in the file, kept as stored (unknown for new places): price_note, price_note_zh, sources"),
            "{out}"
        );
        assert!(out.contains(&format!("created 0, updated 0, unchanged {n}")), "{out}");
        assert_eq!(db.store.all_places().await.unwrap(), before);

        let few = tmp.path().join("few.csv");
        let text = csv_with(
            &records,
            &["id", "name_zh", "name_en", "category", "price_peak"],
            |r| {
                let name = r["name_en"].as_str().unwrap();
                r["name_en"] = format!("{name} (renamed)").into();
                r["price_peak"] = "123.45".into();
            },
        );
        std::fs::write(&few, text).unwrap();
        let out = import_file(&db.url, &few);
        assert!(out.contains(&format!("created 0, updated {n}, unchanged 0")), "{out}");
        let after = db.store.all_places().await.unwrap();
        for (was, now) in before.iter().zip(&after) {
            let want = wenlv_domain::Place {
                name_en: format!("{} (renamed)", was.name_en),
                price_peak: Some(wenlv_domain::Money::parse("123.45").unwrap()),
                ..was.clone()
            };
            assert_eq!(now, &want, "place {}", was.id);
        }

        // An empty cell in a present column clears that field, for that place only.
        let first = before[0].id.as_str().to_string();
        let clear = tmp.path().join("clear.csv");
        let text = csv_with(&records, &["id", "name_zh", "name_en", "category", "sources"], |r| {
            if r["id"] == first.as_str() {
                r["sources"] = serde_json::Value::Null;
            }
        });
        std::fs::write(&clear, text).unwrap();
        let out = import_file(&db.url, &clear);
        // The names come back as in the demo; the first place also loses its sources.
        assert!(out.contains(&format!("created 0, updated {n}, unchanged 0")), "{out}");
        let cleared = db.store.all_places().await.unwrap();
        for (was, now) in before.iter().zip(&cleared) {
            let want = wenlv_domain::Place {
                price_peak: Some(wenlv_domain::Money::parse("123.45").unwrap()),
                sources: if was.id.as_str() == first {
                    None
                } else {
                    was.sources.clone()
                },
                ..was.clone()
            };
            assert_eq!(now, &want, "place {}", was.id);
        }
    })
    .await;
}

/// JSON: a key missing from an object keeps that place's stored field; `null` clears it; a
/// new place gets the missing fields unknown.
#[tokio::test]
async fn json_keys_missing_per_object_keep_what_is_stored() {
    on_both_engines(|db| async move {
        let tmp = tempfile::tempdir().unwrap();
        let full = tmp.path().join("full.csv");
        std::fs::write(&full, wenlv_io::demo::XINING_PLACES_CSV).unwrap();
        import_file(&db.url, &full);
        let before = db.store.all_places().await.unwrap();
        let mut full_ones = before
            .iter()
            .filter(|p| p.sources.is_some() && p.position.is_some() && p.district.is_some());
        let (a, b) = (full_ones.next().unwrap(), full_ones.next().unwrap());
        let json = serde_json::json!([
            {"id": a.id.as_str(), "name_zh": a.name_zh, "name_en": a.name_en,
             "category": a.category.as_str(), "sources": null},
            {"id": b.id.as_str(), "name_zh": b.name_zh, "name_en": b.name_en,
             "category": b.category.as_str(), "district": "新区"},
            {"id": "brand_new", "name_zh": "新", "name_en": "New", "category": "park"},
        ]);
        let file = tmp.path().join("some.json");
        std::fs::write(&file, json.to_string()).unwrap();
        let out = import_file(&db.url, &file);
        assert!(out.contains("created 1, updated 2, unchanged 0"), "{out}");
        assert!(
            out.contains("some objects leave out some keys: those fields are kept as stored"),
            "{out}"
        );
        let a_now = db.store.get_place(&a.id).await.unwrap().unwrap();
        assert_eq!(
            a_now,
            wenlv_domain::Place {
                sources: None,
                ..a.clone()
            }
        );
        let b_now = db.store.get_place(&b.id).await.unwrap().unwrap();
        assert_eq!(
            b_now,
            wenlv_domain::Place {
                district: Some("新区".to_string()),
                ..b.clone()
            }
        );
        let new = db
            .store
            .get_place(&wenlv_domain::PlaceId::parse("brand_new").unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            new,
            wenlv_domain::Place::new(new.id.clone(), "新", "New", wenlv_domain::Category::Park)
        );
    })
    .await;
}
