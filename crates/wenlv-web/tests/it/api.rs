//! The place API: the contract's JSON shape, filters, paging, GeoJSON and problem details.

use crate::support::{catalogue, place, spawn_app};
use serde_json::{Value, json};
use wenlv_store::testing::on_both_engines;

fn ids(list: &Value) -> Vec<&str> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect()
}

/// A place's JSON has every contract field with the contract's types: numbers for `a_level`,
/// `null` lat/lon for an unknown position, the OSM hours string, theme ids, decimal-string prices.
#[tokio::test]
async fn places_have_the_contract_shape() {
    on_both_engines(|db| async move {
        db.store.upsert_places(&catalogue()).await.unwrap();
        let app = spawn_app(db.store.clone()).await;
        let (content_type, list) = app.get_json("/api/places", 200).await;
        assert!(
            content_type.starts_with("application/json"),
            "{content_type}"
        );
        assert_eq!(list["total"], 3);
        assert_eq!(
            ids(&list),
            ["kumbum_monastery", "mojia_street", "peoples_park"]
        );

        let kumbum = &list["items"][0];
        assert_eq!(
            *kumbum,
            json!({
                "id": "kumbum_monastery",
                "name_zh": "塔尔寺",
                "name_en": "Kumbum Monastery",
                "description_zh": null,
                "description_en": "A Gelug monastery",
                "category": "temple",
                "a_level": 5,
                "district": "湟中区",
                "lat": 36.48814,
                "lon": 101.566177,
                "position_note": null,
                "position_note_zh": null,
                "visit_minutes": 180,
                "themes": ["religion", "heritage"],
                "opening_hours": "08:00-18:00",
                "last_admission_minutes": null,
                "hours_note": null,
                "hours_note_zh": null,
                "price_peak": "70.00",
                "price_off": "35.50",
                "price_note": null,
                "price_note_zh": null,
                "sources": null
            })
        );
        let street = &list["items"][1];
        assert_eq!(street["lat"], Value::Null);
        assert_eq!(street["lon"], Value::Null);
        assert_eq!(street["opening_hours"], Value::Null);
        assert_eq!(street["price_peak"], Value::Null, "unknown price is not 0");
        assert_eq!(list["items"][2]["price_peak"], "0.00", "free is 0.00");

        let (_, one) = app.get_json("/api/places/kumbum_monastery", 200).await;
        assert_eq!(one, *kumbum);
    })
    .await;
}

/// Each filter over HTTP, and paging with the total of all matches.
#[tokio::test]
async fn filters_and_paging_over_http() {
    on_both_engines(|db| async move {
        db.store.upsert_places(&catalogue()).await.unwrap();
        let app = spawn_app(db.store.clone()).await;
        for (query, expected) in [
            ("category=temple", vec!["kumbum_monastery"]),
            ("theme=old_town", vec!["mojia_street"]),
            ("district=%E5%9F%8E%E4%B8%9C%E5%8C%BA", vec!["mojia_street"]),
            ("min_a_level=4", vec!["kumbum_monastery"]),
            ("min_a_level=5A", vec!["kumbum_monastery"]),
            ("bbox=101.7,36.6,101.8,36.7", vec!["peoples_park"]),
            // Corners in another order span the same box (the schema allows any two corners).
            ("bbox=101.8,36.7,101.7,36.6", vec!["peoples_park"]),
            ("q=PARK", vec!["peoples_park"]),
            ("q=%E5%A1%94%E5%B0%94", vec!["kumbum_monastery"]),
            (
                "category=&theme=",
                vec!["kumbum_monastery", "mojia_street", "peoples_park"],
            ),
            ("theme=religion&category=park", vec![]),
        ] {
            let (_, list) = app.get_json(&format!("/api/places?{query}"), 200).await;
            assert_eq!(ids(&list), expected, "?{query}");
            assert_eq!(list["total"], expected.len(), "?{query}");
        }
        let (_, page) = app.get_json("/api/places?limit=1&offset=1", 200).await;
        assert_eq!(ids(&page), ["mojia_street"]);
        assert_eq!(page["total"], 3);
        let (_, page) = app.get_json("/api/places?limit=500", 200).await;
        assert_eq!(page["total"], 3);
    })
    .await;
}

/// Without `limit`, a page holds 50 places; `total` still counts them all.
#[tokio::test]
async fn the_default_page_is_fifty() {
    on_both_engines(|db| async move {
        let many: Vec<_> = (0..57)
            .map(|i| place(&format!("place_{i:03}"), "地方", "Place"))
            .collect();
        db.store.upsert_places(&many).await.unwrap();
        let app = spawn_app(db.store.clone()).await;
        let (_, list) = app.get_json("/api/places", 200).await;
        assert_eq!(list["items"].as_array().unwrap().len(), 50);
        assert_eq!(list["total"], 57);
        let (_, rest) = app.get_json("/api/places?offset=50", 200).await;
        assert_eq!(ids(&rest).first(), Some(&"place_050"));
        assert_eq!(rest["items"].as_array().unwrap().len(), 7);
    })
    .await;
}

/// Bad parameters are 400 problem details naming the parameter and the value.
#[tokio::test]
async fn bad_parameters_are_problem_details() {
    on_both_engines(|db| async move {
        let app = spawn_app(db.store.clone()).await;
        for (query, parameter, value) in [
            ("category=castle", "category", "castle"),
            ("theme=beach", "theme", "beach"),
            ("min_a_level=6", "min_a_level", "6"),
            ("bbox=1,2,3", "bbox", "1,2,3"),
            ("bbox=101.5,36.4,181,36.7", "bbox", "101.5,36.4,181,36.7"),
            ("limit=501", "limit", "501"),
            ("limit=ten", "limit", "ten"),
            ("offset=-1", "offset", "-1"),
        ] {
            let (content_type, problem) = app.get_json(&format!("/api/places?{query}"), 400).await;
            assert_eq!(content_type, "application/problem+json", "?{query}");
            assert_eq!(problem["status"], 400);
            assert_eq!(problem["type"], "/problems/bad-parameter");
            assert_eq!(problem["title"], "Bad query parameter");
            assert_eq!(problem["parameter"], parameter, "?{query}");
            assert_eq!(problem["value"], value, "?{query}");
            let detail = problem["detail"].as_str().unwrap();
            assert!(
                detail.contains(parameter) && detail.contains(value),
                "?{query}: {detail}"
            );
        }
        // A misspelt parameter is refused rather than ignored.
        let (content_type, problem) = app.get_json("/api/places?categroy=museum", 400).await;
        assert_eq!(content_type, "application/problem+json");
        assert!(
            problem["detail"].as_str().unwrap().contains("categroy"),
            "{problem}"
        );
        let (_, problem) = app.get_json("/api/places.geojson?limit=5", 400).await;
        assert!(
            problem["detail"].as_str().unwrap().contains("limit"),
            "{problem}"
        );
    })
    .await;
}

/// Unknown places, routes and methods are problem details too.
#[tokio::test]
async fn not_found_and_wrong_method_are_problem_details() {
    on_both_engines(|db| async move {
        db.store.upsert_places(&catalogue()).await.unwrap();
        let app = spawn_app(db.store.clone()).await;
        for path in ["/api/places/no_such_place", "/api/places/Not%20A%20Slug"] {
            let (content_type, problem) = app.get_json(path, 404).await;
            assert_eq!(content_type, "application/problem+json");
            assert_eq!(problem["status"], 404);
            assert!(
                problem["detail"]
                    .as_str()
                    .unwrap()
                    .contains("no place with id")
            );
        }
        let (content_type, problem) = app.get_json("/api/nothing", 404).await;
        assert_eq!(content_type, "application/problem+json");
        assert_eq!(problem["type"], "/problems/not-found");

        let response = app
            .client
            .delete(format!("{}/api/places", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 405);
        assert_eq!(
            response.headers()["content-type"].to_str().unwrap(),
            "application/problem+json"
        );
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["status"], 405);
    })
    .await;
}

/// GeoJSON lists only places with a position, as `[lon, lat]` points with the place as
/// properties; the filters apply.
#[tokio::test]
async fn geojson_has_only_positioned_places() {
    on_both_engines(|db| async move {
        db.store.upsert_places(&catalogue()).await.unwrap();
        let app = spawn_app(db.store.clone()).await;
        let (content_type, fc) = app.get_json("/api/places.geojson", 200).await;
        assert_eq!(content_type, "application/geo+json");
        assert_eq!(fc["type"], "FeatureCollection");
        let features = fc["features"].as_array().unwrap();
        let ids: Vec<_> = features.iter().map(|f| f["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["kumbum_monastery", "peoples_park"]);
        let kumbum = &features[0];
        assert_eq!(kumbum["type"], "Feature");
        assert_eq!(
            kumbum["geometry"],
            json!({"type": "Point", "coordinates": [101.566177, 36.48814]})
        );
        assert_eq!(kumbum["properties"]["name_en"], "Kumbum Monastery");
        assert_eq!(kumbum["properties"]["a_level"], 5);
        assert_eq!(
            kumbum["properties"]["themes"],
            json!(["religion", "heritage"])
        );

        let (_, parks) = app.get_json("/api/places.geojson?category=park", 200).await;
        assert_eq!(parks["features"].as_array().unwrap().len(), 1);
        assert_eq!(parks["features"][0]["id"], "peoples_park");
    })
    .await;
}

/// A database failure is a 500 problem whose detail does not leak the cause.
#[tokio::test]
async fn a_database_failure_is_a_500_without_the_cause() {
    on_both_engines(|db| async move {
        let app = spawn_app(db.store.clone()).await;
        db.store.close().await;
        let (content_type, problem) = app.get_json("/api/places", 500).await;
        assert_eq!(content_type, "application/problem+json");
        assert_eq!(problem["status"], 500);
        assert_eq!(problem["type"], "/problems/internal");
        let detail = problem["detail"].as_str().unwrap();
        assert!(!detail.to_lowercase().contains("pool"), "{detail}");
    })
    .await;
}
