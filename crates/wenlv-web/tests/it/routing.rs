//! Itineraries on street travel times (OSRM), and the fallback to the estimate, through the API.
//! The street tests need the servers of `.ci/with-osrm.sh` (see `wenlv-routing`'s tests).

use crate::support::{place, spawn_state};
use serde_json::{Value, json};
use std::time::Duration;
use wenlv_domain::Position;
use wenlv_routing::{OsrmConfig, Routing};
use wenlv_store::testing::on_both_engines;
use wenlv_web::AppState;
use wenlv_web::openapi::{document, undocumented};

/// Grid node (column i, row j) of `scripts/osrm-test-grid.py`.
fn grid(i: i32, j: i32) -> Position {
    let dlat = 100.0 / 111_320.0;
    let dlon = 100.0 / (111_320.0 * 36.62_f64.to_radians().cos());
    Position::new(36.62 + f64::from(j) * dlat, 101.78 + f64::from(i) * dlon).unwrap()
}

/// The foot server's URL; `None` (after saying why) when the tests may run without one.
fn foot_engine() -> Option<String> {
    let var = "WENLV_TEST_OSRM_FOOT_URL";
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            let required = std::env::var_os("CI").is_some()
                || std::env::var("WENLV_TEST_REQUIRE_OSRM").is_ok_and(|v| v == "1");
            assert!(
                !required,
                "{var} is not set but a routing engine is required: run through .ci/with-osrm.sh"
            );
            eprintln!(
                "SKIPPED: {var} is not set; run through `bash .ci/with-osrm.sh` for the tests against a real OSRM"
            );
            None
        }
    }
}

fn grid_places() -> Vec<wenlv_domain::Place> {
    let mut north = place("north_bank", "北岸", "North Bank");
    north.position = Some(grid(4, 5));
    north.visit_minutes = Some(30);
    let mut south = place("south_square", "南广场", "South Square");
    south.position = Some(grid(6, 2));
    south.visit_minutes = Some(30);
    vec![north, south]
}

fn request(mode: &str) -> Value {
    let start = grid(4, 4);
    json!({"dates": ["2024-05-08"], "start": {"lat": start.lat, "lon": start.lon},
           "day_start": "09:00", "day_end": "12:00", "mode": mode})
}

fn check_request(mode: &str) -> Value {
    let mut body = request(mode);
    body["days"] = json!([{"date": "2024-05-08", "stops": ["north_bank", "south_square"]}]);
    body
}

/// Every leg's path runs from near its start to near its end.
fn assert_paths(it: &Value) {
    for day in it["days"].as_array().unwrap() {
        for leg in day["legs"].as_array().unwrap() {
            assert_eq!(leg["geometry"]["type"], "LineString", "{leg}");
            let coords = leg["geometry"]["coordinates"].as_array().unwrap();
            assert!(coords.len() >= 2, "{leg}");
        }
    }
}

#[tokio::test]
async fn without_an_engine_itineraries_are_estimated_and_say_why() {
    on_both_engines(|db| async move {
        db.store.upsert_places(&grid_places()).await.unwrap();
        let app = spawn_state(AppState::new(db.store.clone())).await;
        for (path, body) in [
            ("/api/itineraries", request("walk")),
            ("/api/itineraries/check", check_request("drive")),
        ] {
            let it = app.post_json(path, &body, 200).await;
            assert_eq!(it["travel_times"], "estimated", "{path}");
            let note = it["travel_times_note"].as_str().unwrap();
            assert!(
                note.starts_with("no routing server is configured for"),
                "{note}"
            );
            assert!(it["days"][0]["legs"][0].get("geometry").is_none());
        }
    })
    .await;
}

/// A routing server that is down (nothing listens on its port) never fails a plan.
#[tokio::test]
async fn a_down_engine_falls_back_to_the_estimate_and_says_so() {
    on_both_engines(|db| async move {
        db.store.upsert_places(&grid_places()).await.unwrap();
        let stopped = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", stopped.local_addr().unwrap());
        drop(stopped);
        let routing = Routing::new(OsrmConfig {
            foot_url: Some(url.clone()),
            car_url: Some(url),
            timeout: Duration::from_secs(2),
            ..OsrmConfig::default()
        })
        .unwrap();
        let app = spawn_state(AppState::new(db.store.clone()).with_routing(routing)).await;
        for (path, body) in [
            ("/api/itineraries", request("walk")),
            ("/api/itineraries/check", check_request("drive")),
        ] {
            let it = app.post_json(path, &body, 200).await;
            assert_eq!(it["travel_times"], "estimated", "{path}");
            let note = it["travel_times_note"].as_str().unwrap();
            assert!(
                note.contains("could not be reached: straight-line distance"),
                "{note}"
            );
            assert!(
                !note.contains("127.0.0.1"),
                "the answer does not reveal where the server is: {note}"
            );
        }
    })
    .await;
}

/// With the foot server: street times, legs with their paths (plan and check), and the river
/// crossing is 900 m along the streets where the estimate says 130 m. The answers match the
/// OpenAPI schema.
#[tokio::test]
async fn street_itineraries_carry_paths_and_street_times() {
    let Some(foot) = foot_engine() else {
        return;
    };
    on_both_engines(|db| {
        let foot = foot.clone();
        async move {
            db.store.upsert_places(&grid_places()).await.unwrap();
            let routing = Routing::new(OsrmConfig {
                foot_url: Some(foot),
                ..OsrmConfig::default()
            })
            .unwrap();
            let app = spawn_state(AppState::new(db.store.clone()).with_routing(routing)).await;
            let doc: Value = serde_json::from_str(&document()).unwrap();
            let schema = json!({"$ref": "#/components/schemas/ItineraryDoc"});

            let plan = app
                .post_json("/api/itineraries", &request("walk"), 200)
                .await;
            assert_eq!(plan["travel_times"], "street", "{plan}");
            assert!(plan.get("travel_times_note").is_none());
            assert!(!plan["days"][0]["stops"].as_array().unwrap().is_empty());
            assert_paths(&plan);
            assert_eq!(
                undocumented(&doc, &schema, &plan, "plan"),
                Vec::<String>::new()
            );

            let checked = app
                .post_json("/api/itineraries/check", &check_request("walk"), 200)
                .await;
            assert_eq!(checked["travel_times"], "street", "{checked}");
            assert_paths(&checked);
            let across = &checked["days"][0]["legs"][0];
            assert_eq!(across["to"], "north_bank");
            let meters = across["meters"].as_u64().unwrap();
            assert!((880..=920).contains(&meters), "{across}");
            assert_eq!(
                undocumented(&doc, &schema, &checked, "check"),
                Vec::<String>::new()
            );
        }
    })
    .await;
}
