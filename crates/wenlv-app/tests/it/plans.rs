//! Planning and checking through the application layer, over a fixture catalogue.

use std::sync::Arc;
use wenlv_app::{Actor, App, PlanError};
use wenlv_domain::{Category, OpeningHoursSpec, Place, PlaceId, Position};
use wenlv_planner::{CheckDay, PlanRequest};
use wenlv_store::testing::on_both_engines;

fn place(id: &str, lat: f64, lon: f64, hours: &str) -> Place {
    let mut p = Place::new(PlaceId::parse(id).unwrap(), "名", "Name", Category::Museum);
    p.position = Some(Position::new(lat, lon).unwrap());
    p.opening_hours = Some(OpeningHoursSpec::parse(hours).unwrap());
    p.a_level = wenlv_domain::ALevel::new(4).unwrap();
    p
}

fn request(body: serde_json::Value) -> PlanRequest {
    serde_json::from_value(body).unwrap()
}

#[tokio::test]
async fn plan_and_check_through_the_app() {
    on_both_engines(|db| async move {
        db.store
            .upsert_places(&[
                place("hall_a", 36.620, 101.780, "Tu-Su 09:00-17:00"),
                place("hall_b", 36.625, 101.785, "Mo-Su 09:00-17:00"),
            ])
            .await
            .unwrap();
        let app = App::new(db.store.clone(), Arc::new(wenlv_io::demo::xining_city()));

        // 2024-01-08 is a Monday: hall_a is closed, hall_b open.
        let monday = request(serde_json::json!({
            "dates": ["2024-01-08"], "start": {"lat": 36.621, "lon": 101.781},
            "must_see": ["hall_b"]}));
        let plan = app.plan(&Actor::Visitor, monday.clone()).await.unwrap();
        let stops: Vec<&str> = plan.days[0]
            .stops
            .iter()
            .map(|s| s.place.as_str())
            .collect();
        assert!(
            stops.contains(&"hall_b") && !stops.contains(&"hall_a"),
            "{stops:?}"
        );

        // Check mode: the visitor's own order on Monday breaks hall_a's closing day.
        let days = [CheckDay {
            date: "2024-01-08".into(),
            stops: vec!["hall_a".into(), "hall_b".into()],
        }];
        let mut own = monday.clone();
        own.dates.clear();
        let checked = app
            .check(&Actor::Visitor, own.clone(), &days)
            .await
            .unwrap();
        assert!(
            checked.days[0]
                .violations
                .iter()
                .any(|v| v.place.as_deref() == Some("hall_a")),
            "{:?}",
            checked.days[0].violations
        );

        // Dates that disagree with the days, and an unknown start, name their fields.
        own.dates = vec!["2024-01-09".into()];
        match app.check(&Actor::Visitor, own, &days).await {
            Err(PlanError::Request(r)) => assert_eq!(r.field, "dates"),
            other => panic!("{other:?}"),
        }
        let mut bad = monday;
        bad.start = serde_json::from_value(serde_json::json!({"place": "nowhere"})).unwrap();
        match app.plan(&Actor::Operator, bad).await {
            Err(PlanError::Request(r)) => assert_eq!(r.field, "start"),
            other => panic!("{other:?}"),
        }
    })
    .await;
}
