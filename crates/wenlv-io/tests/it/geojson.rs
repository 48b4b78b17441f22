//! GeoJSON export: a valid FeatureCollection of the places with a position, `[lon, lat]`.

use crate::support::sample_places;
use wenlv_io::{ExportFormat, demo, write_places};

fn export(places: &[wenlv_domain::Place]) -> String {
    let mut out = Vec::new();
    write_places(places, ExportFormat::GeoJson, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The output parses as GeoJSON (by the `geojson` crate), has one feature per place with a
/// position, each a Point in lon,lat order whose id is the place id.
#[test]
fn geojson_parses_and_uses_lon_lat_order() {
    let places = demo::xining_places();
    let text = export(&places);
    let parsed: geojson::GeoJson = text.parse().unwrap();
    let geojson::GeoJson::FeatureCollection(fc) = parsed else {
        panic!("not a FeatureCollection");
    };
    assert_eq!(fc.features.len(), 31);
    let kumbum = fc
        .features
        .iter()
        .find(|f| f.id == Some(geojson::feature::Id::String("kumbum_monastery".into())))
        .expect("kumbum feature");
    let geometry = kumbum.geometry.as_ref().unwrap();
    match &geometry.value {
        geojson::GeometryValue::Point { coordinates } => {
            assert_eq!(coordinates.as_slice(), [101.566177, 36.48814]);
        }
        other => panic!("not a point: {other:?}"),
    }
    let props = kumbum.properties.as_ref().unwrap();
    assert_eq!(props["name_zh"], "塔尔寺");
    assert_eq!(props["category"], "temple");
    assert_eq!(props["price_peak"], "70.00");
    assert_eq!(props["themes"], serde_json::json!(["heritage", "religion"]));
}

/// A place without a position is left out (not given a point); one in the southern and western
/// hemispheres keeps its signs in lon,lat order.
#[test]
fn places_without_position_are_left_out() {
    let value: serde_json::Value = serde_json::from_str(&export(&sample_places())).unwrap();
    let features = value["features"].as_array().unwrap();
    let ids: Vec<&str> = features.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["full_place", "negative_west"]);
    assert_eq!(
        features[1]["geometry"]["coordinates"],
        serde_json::json!([-70.65, -33.9])
    );
}
