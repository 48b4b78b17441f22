//! A themed route timed on a date, over a fixture catalogue and a fixture route.

use jiff::civil::date;
use std::sync::Arc;
use wenlv_app::{Actor, App, RouteError};
use wenlv_domain::{
    Category, Money, OpeningHoursSpec, Place, PlaceId, Position, Route, RouteMode, RouteSeason,
    RouteStop, Theme, Visitor,
};
use wenlv_planner::timeline::Violation;
use wenlv_store::testing::fresh_sqlite;

fn place(id: &str, lat: f64, hours: Option<&str>, price: &str) -> Place {
    let mut p = Place::new(PlaceId::parse(id).unwrap(), "名", "Name", Category::Museum);
    p.position = Some(Position::new(lat, 101.78).unwrap());
    p.opening_hours = hours.map(|h| OpeningHoursSpec::parse(h).unwrap());
    p.price_peak = Some(Money::parse(price).unwrap());
    p.price_off = Some(Money::parse(price).unwrap());
    p
}

fn stop(id: &str, minutes: u32) -> RouteStop {
    RouteStop {
        place: PlaceId::parse(id).unwrap(),
        minutes,
    }
}

#[tokio::test]
async fn a_route_on_a_monday_names_the_closed_stop_and_adds_up() {
    let db = fresh_sqlite().await;
    db.db
        .store
        .upsert_places(&[
            place("museum", 36.620, Some("Tu-Su 09:00-17:00"), "20"),
            place("park", 36.625, None, "0"),
            place("market", 36.630, Some("Mo-Su 08:00-20:00"), "5.50"),
        ])
        .await
        .unwrap();
    let mut city = wenlv_io::demo::xining_city();
    city.routes = vec![Route {
        id: PlaceId::parse("fixture_walk").unwrap(),
        title_zh: "线".into(),
        title_en: "Walk".into(),
        theme: Theme::OldTown,
        season_line: RouteSeason::AllYear,
        mode: RouteMode::Walk,
        start: "09:30".into(),
        summary_zh: "线".into(),
        summary_en: "Walk".into(),
        stops: vec![
            stop("museum", 60),
            stop("park", 30),
            stop("gone", 10),
            stop("market", 45),
        ],
    }];
    let app = App::new(db.db.store.clone(), Arc::new(city));
    // 2024-01-08 is a Monday: the museum is closed.
    let check = app
        .check_route(
            &Actor::Visitor,
            "fixture_walk",
            date(2024, 1, 8),
            &Visitor::default(),
        )
        .await
        .unwrap();
    assert_eq!(check.stops.len(), 4);
    assert!(matches!(
        check.stops[0].problem,
        Some(Violation::Closed { .. })
    ));
    assert_eq!(check.problems(), 1);
    assert_eq!(check.stops[0].arrive, 9 * 60 + 30);
    assert_eq!(
        check.unknown_hours, 2,
        "the park's hours and the missing place's"
    );
    assert!(
        check.stops[2].place.is_none(),
        "a stop the catalogue lost is reported"
    );
    assert_eq!(check.unknown_prices, 1);
    assert_eq!(check.cost, Money::parse("25.50").unwrap());
    assert!(check.stops[1].leg.is_some() && check.stops[2].leg.is_none());
    assert!(
        check.meters > 500 && check.meters < 1500,
        "{}",
        check.meters
    );
    // Tuesday: nothing broken, and the times follow each other.
    let tuesday = app
        .check_route(
            &Actor::Visitor,
            "fixture_walk",
            date(2024, 1, 9),
            &Visitor::default(),
        )
        .await
        .unwrap();
    assert_eq!(tuesday.problems(), 0);
    for w in tuesday.stops.windows(2) {
        assert!(w[0].leave <= w[1].arrive);
    }
    assert_eq!(tuesday.end, tuesday.stops[3].leave);
    let err = app
        .check_route(
            &Actor::Visitor,
            "nope",
            date(2024, 1, 9),
            &Visitor::default(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, RouteError::UnknownRoute(_)));
    db.remove().await;
}
