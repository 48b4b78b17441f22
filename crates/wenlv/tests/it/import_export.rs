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
