//! The planner on street times: itineraries change when streets replace straight lines.

use crate::{config, engine, grid, routing};
use jiff::civil::Date;
use serde_json::json;
use std::collections::HashMap;
use wenlv_domain::{Money, Place, PlaceId, Position};
use wenlv_planner::{
    DayFacts, FactsSource, Geometry, Itinerary, PlanRequest, Planner, StraightLine, TravelTimes,
    TravelTimesKind,
};
use wenlv_routing::Routing;

/// Opening intervals per place id (every date alike), free entry.
struct Hours(HashMap<String, (u32, u32)>);

impl FactsSource for Hours {
    fn days(&self, place: &Place, dates: &[Date]) -> Vec<DayFacts> {
        let open = self
            .0
            .get(place.id.as_str())
            .copied()
            .unwrap_or((0, 24 * 60));
        dates
            .iter()
            .map(|_| DayFacts {
                open: vec![open],
                last_admission: None,
                hours_known: true,
                price: Some(Money::ZERO),
            })
            .collect()
    }
}

/// A place on the grid, made from a shipped place (so every field is valid).
fn place(id: &str, at: Position, visit: u32) -> Place {
    let mut p = wenlv_io::demo::xining_places()
        .into_iter()
        .find(|p| p.position.is_some())
        .unwrap();
    p.id = PlaceId::parse(id).unwrap();
    p.name_en = id.to_string();
    p.position = Some(at);
    p.visit_minutes = Some(visit);
    p.opening_hours = None;
    p
}

fn plan(
    places: &[Place],
    hours: &Hours,
    request: serde_json::Value,
    travel: &dyn TravelTimes,
) -> Itinerary {
    let request: PlanRequest = serde_json::from_value(request).unwrap();
    let spec = request.validate(places, &[]).unwrap();
    Planner::default()
        .plan(&spec, places, hours, travel)
        .unwrap()
}

fn stops(it: &Itinerary) -> Vec<&str> {
    it.days
        .iter()
        .flat_map(|d| &d.stops)
        .map(|s| s.place.as_str())
        .collect()
}

/// The north bank is 100 m from the start as the crow flies but 900 m round by the bridge. It
/// closes at 09:40 and a visit takes 30 minutes, so it must be reached by 09:10: the estimate
/// (2 minutes) says yes, the streets (11 minutes) say no.
#[tokio::test(flavor = "multi_thread")]
async fn the_river_changes_the_plan() {
    let Some(foot) = engine("WENLV_TEST_OSRM_FOOT_URL") else {
        return;
    };
    let places = vec![
        place("north_bank", grid(4, 5), 30),
        place("south_square", grid(6, 2), 30),
    ];
    let hours = Hours(HashMap::from([(
        "north_bank".to_string(),
        (9 * 60, 9 * 60 + 40),
    )]));
    let start = grid(4, 4);
    let request = json!({
        "dates": ["2024-05-08"], "start": {"lat": start.lat, "lon": start.lon},
        "day_start": "09:00", "day_end": "12:00", "mode": "walk"
    });
    let estimated = plan(&places, &hours, request.clone(), &StraightLine::default());
    assert_eq!(estimated.travel_times, TravelTimesKind::Estimated);
    assert_eq!(stops(&estimated), ["north_bank", "south_square"]);

    let routing = std::sync::Arc::new(routing(config(Some(foot), None)));
    let r = routing.clone();
    let street = tokio::task::spawn_blocking(move || {
        let mut it = plan(&places, &hours, request, r.as_ref());
        r.draw_blocking(&mut it, wenlv_planner::Mode::Walk);
        it
    })
    .await
    .unwrap();
    assert_eq!(street.travel_times, TravelTimesKind::Street);
    assert_eq!(street.travel_times_note, None);
    assert_eq!(stops(&street), ["south_square"]);
    // Legs carry the street path from their start to their end.
    let day = &street.days[0];
    assert_eq!(day.legs.len(), 2);
    for leg in &day.legs {
        let Some(Geometry::LineString { coordinates }) = &leg.geometry else {
            panic!("no geometry on {leg:?}")
        };
        assert!(coordinates.len() >= 2);
    }
    // The leg times are the street times (rounded up to minutes).
    let m = routing
        .osrm()
        .table(&[start, grid(6, 2)], wenlv_planner::Mode::Walk)
        .await
        .unwrap();
    assert_eq!(day.legs[0].minutes, m.leg(0, 1).unwrap().minutes());
    assert_eq!(day.legs[0].meters, m.leg(0, 1).unwrap().meters);
}

/// By car the enclave cannot be reached: it goes to `not_fitted` with the reason, where the
/// estimate would have planned it.
#[tokio::test(flavor = "multi_thread")]
async fn a_place_unreachable_by_car_is_not_fitted_with_the_reason() {
    let Some(car) = engine("WENLV_TEST_OSRM_CAR_URL") else {
        return;
    };
    let places = vec![
        place("enclave_temple", grid(12, 1), 30),
        place("grid_market", grid(5, 5), 30),
    ];
    let hours = Hours(HashMap::new());
    let start = grid(9, 0);
    let request = json!({
        "dates": ["2024-05-08"], "start": {"lat": start.lat, "lon": start.lon},
        "day_start": "09:00", "day_end": "17:00", "mode": "drive",
        "must_see": ["enclave_temple"]
    });
    let estimated = plan(&places, &hours, request.clone(), &StraightLine::default());
    assert!(stops(&estimated).contains(&"enclave_temple"));
    let routing: Routing = routing(config(None, Some(car)));
    let street = tokio::task::spawn_blocking(move || plan(&places, &hours, request, &routing))
        .await
        .unwrap();
    assert_eq!(street.travel_times, TravelTimesKind::Street);
    assert_eq!(stops(&street), ["grid_market"]);
    assert_eq!(street.not_fitted.len(), 1, "{:?}", street.not_fitted);
    assert_eq!(street.not_fitted[0].place, "enclave_temple");
    assert_eq!(
        street.not_fitted[0].reason,
        "no street route from the start by car"
    );
}

/// Distance in metres from a GeoJSON `[lon, lat]` position to `p`.
fn off_by(c: [f64; 2], p: Position) -> f64 {
    Position::new(c[1], c[0]).unwrap().distance_m(p)
}

fn ends(leg: &wenlv_planner::plan::LegOut) -> ([f64; 2], [f64; 2]) {
    let Some(Geometry::LineString { coordinates }) = &leg.geometry else {
        panic!("no geometry on {leg:?}")
    };
    (coordinates[0], *coordinates.last().unwrap())
}

/// A two-day trip by car: in at the south-west corner, a night at the north-east corner, out
/// from the north-west corner. The enclave is on no day (no car reaches it from the arrival nor
/// from the hotel): it is left out as too far with the reason. Each day's paths start at that
/// day's own start point and end at its own end point. A hotel inside the enclave is a bad
/// request naming `lodging`.
#[tokio::test(flavor = "multi_thread")]
async fn a_trip_day_leaves_out_a_place_no_car_reaches_and_draws_its_own_ends() {
    let Some(car) = engine("WENLV_TEST_OSRM_CAR_URL") else {
        return;
    };
    let places = vec![
        place("enclave_temple", grid(12, 1), 30),
        place("grid_market", grid(5, 5), 30),
    ];
    let hours = Hours(HashMap::new());
    let (arrival, hotel, departure) = (grid(0, 0), grid(9, 9), grid(0, 9));
    let trip = |lodging: Position| {
        json!({
            "dates": ["2024-05-08", "2024-05-09"],
            "arrival": {"lat": arrival.lat, "lon": arrival.lon, "time": "09:00"},
            "lodging": {"lat": lodging.lat, "lon": lodging.lon},
            "departure": {"lat": departure.lat, "lon": departure.lon, "time": "17:00"},
            "day_start": "09:00", "day_end": "17:00", "mode": "drive",
            "must_see": ["enclave_temple"]
        })
    };
    let routing = std::sync::Arc::new(routing(config(None, Some(car))));
    let r = routing.clone();
    let (places2, hours2) = (places.clone(), Hours(hours.0.clone()));
    let request = trip(hotel);
    let street = tokio::task::spawn_blocking(move || {
        let mut it = plan(&places2, &hours2, request, r.as_ref());
        r.draw_blocking(&mut it, wenlv_planner::Mode::Drive);
        it
    })
    .await
    .unwrap();
    assert_eq!(street.travel_times, TravelTimesKind::Street);
    assert!(!stops(&street).contains(&"enclave_temple"));
    let left: Vec<(&str, &str, &str)> = street
        .not_fitted
        .iter()
        .map(|n| (n.place.as_str(), n.kind.as_str(), n.reason.as_str()))
        .collect();
    assert!(
        left.contains(&(
            "enclave_temple",
            "too_far",
            "no street route from the arrival or from the lodging by car"
        )),
        "{left:?}"
    );
    // Day 1 from the arrival to the hotel, day 2 from the hotel to the departure, along streets.
    let expected = [(arrival, hotel), (hotel, departure)];
    for (day, (from, to)) in street.days.iter().zip(expected) {
        let (first, _) = ends(&day.legs[0]);
        let (_, last) = ends(day.legs.last().unwrap());
        assert!(
            off_by(first, from) < 20.0,
            "{}: starts at {first:?}",
            day.date
        );
        assert!(off_by(last, to) < 20.0, "{}: ends at {last:?}", day.date);
    }

    // A hotel in the enclave: no car gets there from the arrival.
    let request: PlanRequest = serde_json::from_value(trip(grid(12, 1))).unwrap();
    let err = tokio::task::spawn_blocking(move || {
        let spec = request.validate(&places, &[]).unwrap();
        Planner::default()
            .plan(&spec, &places, &hours, routing.as_ref())
            .unwrap_err()
            .to_string()
    })
    .await
    .unwrap();
    assert_eq!(
        err,
        "lodging: no street route from the arrival to the lodging by car"
    );
}
