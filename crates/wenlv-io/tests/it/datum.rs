//! The `--datum` option: incoming coordinates are converted, stored positions are WGS-84.

use crate::support::import;
use crate::support::import_csv;
use wenlv_domain::Datum;
use wenlv_io::{ImportFormat, ImportOptions};

fn assert_close(got: wenlv_domain::Position, lat: f64, lon: f64) {
    assert!(
        (got.lat - lat).abs() < 1e-6 && (got.lon - lon).abs() < 1e-6,
        "got ({}, {}), expected ({lat}, {lon})",
        got.lat,
        got.lon
    );
}

/// Kumbum Monastery's BD-09 source point lands on the WGS-84 point in the Xining data.
#[test]
fn bd09_input_lands_on_the_wgs84_point() {
    let csv = "id,name_zh,name_en,category,lat,lon\n\
               kumbum,塔尔寺,Kumbum,temple,36.4935970968374,101.57454123555\n";
    let options = ImportOptions { datum: Datum::Bd09 };
    let places = import(csv.as_bytes(), ImportFormat::Csv, &options).unwrap();
    assert_close(places[0].position.unwrap(), 36.488140, 101.566177);
    // Read as WGS-84 the same numbers stay where they are, about a kilometre away.
    let plain = import_csv(csv).unwrap();
    assert_close(
        plain[0].position.unwrap(),
        36.4935970968374,
        101.57454123555,
    );
}

/// The nature museum's GCJ-02 point converts to the WGS-84 point recorded in the research data.
#[test]
fn gcj02_input_is_converted() {
    let csv = "id,name_zh,name_en,category,lat,lon\n\
               nature,青藏高原自然博物馆,Nature Museum,museum,36.687495,101.750329\n";
    let options = ImportOptions {
        datum: Datum::Gcj02,
    };
    let places = import(csv.as_bytes(), ImportFormat::Csv, &options).unwrap();
    let p = places[0].position.unwrap();
    assert!(
        (p.lat - 36.687521).abs() < 5e-6 && (p.lon - 101.748368).abs() < 5e-6,
        "{p:?}"
    );
}
