//! The planning API over the Xining demo catalogue, on both engines.

use crate::support::spawn_app;
use serde_json::json;
use wenlv_store::testing::on_both_engines;

/// The contract's request gives the contract's answer shape; a Monday plan keeps out the
/// Monday-closed museum; times are HH:MM and consistent.
#[tokio::test]
async fn a_plan_has_the_contract_shape() {
    on_both_engines(|db| async move {
        crate::support::load_xining(&db.store).await;
        let app = spawn_app(db.store.clone()).await;
        let plan = app
            .post_json(
                "/api/itineraries",
                &json!({"dates": ["2024-01-08"], "start": {"place": "limeng_pedestrian_street"},
                        "day_start": "09:00", "day_end": "18:00",
                        "themes": {"old_town": 1.0, "food": 0.5, "heritage": 1.0},
                        "must_see": ["dongguan_mosque"], "skip": [], "budget_cny": "150.00",
                        "visitor": {"home_region": "320000", "age": 30}, "pace": "normal", "mode": "walk"}),
                200,
            )
            .await;
        let day = &plan["days"][0];
        assert_eq!(day["date"], "2024-01-08");
        let stops = day["stops"].as_array().unwrap();
        assert!(!stops.is_empty());
        assert!(stops.iter().any(|s| s["place"] == "dongguan_mosque"));
        assert!(stops.iter().all(|s| s["place"] != "qinghai_provincial_museum"));
        for s in stops {
            for k in ["arrive", "start", "leave"] {
                let t = s[k].as_str().unwrap();
                assert!(t.len() == 5 && &t[2..3] == ":", "{k} = {t}");
            }
            assert!(s["arrive"].as_str() <= s["start"].as_str() && s["start"].as_str() < s["leave"].as_str());
        }
        assert_eq!(day["legs"].as_array().unwrap().len(), stops.len() + 1);
        assert!(day["legs"][0]["minutes"].is_u64() && day["legs"][0]["meters"].is_u64());
        assert!(plan["totals"]["score"].as_i64().unwrap() > 0);
        assert!(plan["totals"]["cost"].is_string());
        assert!(plan["totals"]["meters"].is_u64());
        assert!(plan["not_fitted"].as_array().unwrap().is_empty());
        assert!(plan["excluded_no_position"].as_array().unwrap().iter().any(|p| p == "xining_museum"));
    })
    .await;
}

/// Bad requests are 400 problems naming the field.
#[tokio::test]
async fn bad_plan_requests_are_400_naming_the_field() {
    on_both_engines(|db| async move {
        crate::support::load_xining(&db.store).await;
        let app = spawn_app(db.store.clone()).await;
        let cases = [
            (json!({"dates": ["2024-01-08"], "start": {"place": "nowhere"}}), "start", "unknown place 'nowhere'"),
            (json!({"dates": ["2024-01-08"], "start": {"lat": 36.6, "lon": 101.7}, "day_start": "18:00", "day_end": "09:00"}), "day_end", "not after"),
            (json!({"dates": ["2024-01-08"], "start": {"lat": 36.6, "lon": 101.7}, "budget_cny": "-1"}), "budget_cny", "below zero"),
            (json!({"dates": ["2024-01-08"], "start": {"lat": 36.6, "lon": 101.7}, "must_see": ["qinghai_provincial_museum"]}), "must_see", "closed on every chosen date"),
            (json!({"dates": ["2024-01-08"], "start": {"lat": 36.6, "lon": 101.7}, "visitor": {"home_region": "99"}}), "visitor.home_region", "99"),
            (json!({"dates": ["2024-01-08"], "start": {"lat": 36.6, "lon": 101.7}, "pace": "sprint"}), "pace", "sprint"),
        ];
        for (body, field, words) in cases {
            let problem = app.post_json("/api/itineraries", &body, 400).await;
            assert_eq!(problem["status"], 400);
            assert_eq!(problem["field"], field, "{problem}");
            assert!(problem["detail"].as_str().unwrap().contains(words), "{problem}");
        }
    })
    .await;
}

/// Check mode returns the same shape with violations for a visitor's own order.
#[tokio::test]
async fn check_mode_reports_violations() {
    on_both_engines(|db| async move {
        crate::support::load_xining(&db.store).await;
        let app = spawn_app(db.store.clone()).await;
        let checked = app
            .post_json(
                "/api/itineraries/check",
                &json!({"start": {"place": "limeng_pedestrian_street"}, "mode": "walk",
                        "days": [{"date": "2024-01-08", "stops": ["qinghai_provincial_museum", "nanliang_hutai"]}]}),
                200,
            )
            .await;
        let day = &checked["days"][0];
        assert_eq!(day["stops"].as_array().unwrap().len(), 2);
        assert_eq!(day["violations"][0]["kind"], "closed");
        assert_eq!(day["violations"][0]["place"], "qinghai_provincial_museum");
        let problem = app
            .post_json(
                "/api/itineraries/check",
                &json!({"start": {"place": "limeng_pedestrian_street"}, "days": [{"date": "2024-01-08", "stops": ["atlantis"]}]}),
                400,
            )
            .await;
        assert_eq!(problem["field"], "days[0].stops[0]");
    })
    .await;
}

/// The stations are served, and a plan can start from one with a known position (the legs name
/// it); one without a position is a 400 naming `start`.
#[tokio::test]
async fn a_plan_can_start_at_a_station() {
    on_both_engines(|db| async move {
        crate::support::load_xining(&db.store).await;
        let app = spawn_app(db.store.clone()).await;
        let (_, stations) = app.get_json("/api/stations", 200).await;
        let items = stations["items"].as_array().unwrap();
        let airport = items
            .iter()
            .find(|s| s["id"] == "xining_caojiabao_airport")
            .unwrap();
        assert_eq!(
            (airport["kind"].as_str(), airport["lat"].as_f64()),
            (Some("airport"), Some(36.5275))
        );
        let railway = items
            .iter()
            .find(|s| s["id"] == "xining_railway_station")
            .unwrap();
        assert!(
            railway["lat"].is_null()
                && railway["position_note_zh"]
                    .as_str()
                    .unwrap()
                    .contains("建国路")
        );

        let plan = app
            .post_json(
                "/api/itineraries",
                &json!({"dates": ["2024-07-09"], "start": {"station": "xining_caojiabao_airport"},
                        "themes": {"heritage": 1.0}, "mode": "drive"}),
                200,
            )
            .await;
        let legs = plan["days"][0]["legs"].as_array().unwrap();
        assert_eq!(legs[0]["from"], "xining_caojiabao_airport");
        assert_eq!(legs.last().unwrap()["to"], "xining_caojiabao_airport");

        let problem = app
            .post_json(
                "/api/itineraries",
                &json!({"dates": ["2024-07-09"], "start": {"station": "xining_railway_station"}}),
                400,
            )
            .await;
        assert_eq!(problem["field"], "start");
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("no known position"),
            "{problem}"
        );
    })
    .await;
}

/// A trip (arrival at the airport at 14:30, a hotel, departure at 17:00 two days later) through
/// both endpoints: the plan starts Friday at the airport not before 14:30 and is at the airport by
/// 15:30 on Sunday; check mode times the visitor's own order with the same frames.
#[tokio::test]
async fn plan_and_check_take_arrival_lodging_and_departure() {
    on_both_engines(|db| async move {
        crate::support::load_xining(&db.store).await;
        let app = spawn_app(db.store.clone()).await;
        let trip = json!({
            "dates": ["2024-07-12", "2024-07-13", "2024-07-14"],
            "arrival": {"station": "xining_caojiabao_airport", "time": "14:30"},
            "lodging": {"lat": 36.6175, "lon": 101.7780},
            "departure": {"station": "xining_caojiabao_airport", "time": "17:00"},
            "themes": {"heritage": 1.0, "old_town": 1.0}, "mode": "drive"
        });
        let plan = app.post_json("/api/itineraries", &trip, 200).await;
        let days = plan["days"].as_array().unwrap();
        assert_eq!(days[0]["depart"], "14:30");
        assert_eq!(days[0]["legs"][0]["from"], "xining_caojiabao_airport");
        assert_eq!(days[1]["start_point"]["role"], "lodging");
        assert_eq!(days[2]["end_point"]["role"], "departure");
        assert!(days[2]["back"].as_str().unwrap() <= "15:30", "{}", days[2]);

        let mut check = trip.clone();
        check.as_object_mut().unwrap().remove("dates");
        check["days"] = json!([
            {"date": "2024-07-12", "stops": ["dongguan_mosque"]},
            {"date": "2024-07-13", "stops": []},
            {"date": "2024-07-14", "stops": ["kumbum_monastery"]}
        ]);
        let checked = app.post_json("/api/itineraries/check", &check, 200).await;
        let days = checked["days"].as_array().unwrap();
        assert_eq!(days[0]["depart"], "14:30");
        assert!(days[0]["stops"][0]["arrive"].as_str().unwrap() > "14:30");
        assert_eq!(
            days[2]["legs"].as_array().unwrap().last().unwrap()["to"],
            "xining_caojiabao_airport"
        );
        assert_eq!(days[2]["latest_back"], "15:30");

        // A trip that says two things is refused naming the field.
        let mut both = trip.clone();
        both["start"] = json!({"lat": 36.6, "lon": 101.7});
        let problem = app.post_json("/api/itineraries", &both, 400).await;
        assert_eq!(problem["field"], "start", "{problem}");
    })
    .await;
}
