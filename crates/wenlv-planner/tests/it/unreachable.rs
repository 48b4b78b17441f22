//! Pairs with no route (a routing engine's null): never a leg; a place that cannot be reached
//! from the start is in `not_fitted` with the reason; check mode names the leg that has no route.

use crate::{XINING, date};
use serde_json::json;
use wenlv_domain::{HoursEvaluator, PlaceId, Position};
use wenlv_planner::{
    CityFacts, Itinerary, Mode, PlanRequest, Planner, StraightLine, TravelError, TravelMatrix,
    TravelSource, TravelTimes, TravelTimesKind,
};

/// Straight lines, except that nothing reaches or leaves `cut` (as if across a river with no
/// bridge), said to be street times.
struct Cut {
    cut: Position,
}

impl TravelTimes for Cut {
    fn matrix(&self, points: &[Position], mode: Mode) -> Result<TravelMatrix, TravelError> {
        let s = StraightLine::default();
        Ok(TravelMatrix::from_routes(
            points.len(),
            |i, j| {
                (points[i] != self.cut && points[j] != self.cut)
                    .then(|| s.leg(points[i], points[j], mode))
            },
            TravelSource::Street,
        ))
    }
}

fn position(id: &str) -> Position {
    XINING
        .places
        .iter()
        .find(|p| p.id.as_str() == id)
        .and_then(|p| p.position)
        .unwrap()
}

fn facts(request: &PlanRequest) -> CityFacts<'_> {
    CityFacts {
        hours: HoursEvaluator::new(&XINING.holidays),
        seasons: &XINING.seasons,
        offers: &XINING.offers,
        visitor: &request.visitor,
    }
}

fn stops(it: &Itinerary) -> Vec<&str> {
    it.days
        .iter()
        .flat_map(|d| &d.stops)
        .map(|s| s.place.as_str())
        .collect()
}

const REQUEST: &str = r#"{
    "dates": ["2024-05-08"], "start": {"place": "limeng_pedestrian_street"},
    "day_start": "09:00", "day_end": "18:00", "mode": "drive",
    "must_see": ["dongguan_mosque", "kumbum_monastery"]
}"#;

#[test]
fn a_place_with_no_route_from_the_start_is_not_fitted_and_never_a_leg() {
    let request: PlanRequest = serde_json::from_str(REQUEST).unwrap();
    let spec = request.validate(&XINING.places, &XINING.stations).unwrap();
    let estimated = Planner::default()
        .plan(
            &spec,
            &XINING.places,
            &facts(&request),
            &StraightLine::default(),
        )
        .unwrap();
    assert!(stops(&estimated).contains(&"kumbum_monastery"));
    assert_eq!(estimated.travel_times, TravelTimesKind::Estimated);
    assert!(estimated.travel_times_note.is_some());

    let cut = Cut {
        cut: position("kumbum_monastery"),
    };
    let street = Planner::default()
        .plan(&spec, &XINING.places, &facts(&request), &cut)
        .unwrap();
    assert_eq!(street.travel_times, TravelTimesKind::Street);
    assert_eq!(street.travel_times_note, None);
    assert!(stops(&street).contains(&"dongguan_mosque"));
    assert!(!stops(&street).contains(&"kumbum_monastery"));
    let not_fitted: Vec<(&str, &str)> = street
        .not_fitted
        .iter()
        .map(|n| (n.place.as_str(), n.reason.as_str()))
        .collect();
    assert!(
        not_fitted.contains(&("kumbum_monastery", "no street route from the start by car")),
        "{not_fitted:?}"
    );
    let json = serde_json::to_value(&street).unwrap();
    assert_eq!(json["travel_times"], "street");
    assert!(json.get("travel_times_note").is_none());
}

#[test]
fn check_mode_names_a_leg_with_no_route() {
    let request: PlanRequest = serde_json::from_value(json!({
        "dates": ["2024-05-08"], "start": {"place": "limeng_pedestrian_street"}, "mode": "walk"
    }))
    .unwrap();
    let spec = request.validate(&XINING.places, &XINING.stations).unwrap();
    let days = vec![(
        date("2024-05-08"),
        vec![
            PlaceId::parse("dongguan_mosque").unwrap(),
            PlaceId::parse("kumbum_monastery").unwrap(),
        ],
    )];
    let it = Planner::default()
        .check(
            &spec,
            &days,
            &XINING.places,
            &facts(&request),
            &Cut {
                cut: position("kumbum_monastery"),
            },
        )
        .unwrap();
    let no_route: Vec<&str> = it.days[0]
        .violations
        .iter()
        .filter(|v| v.kind == "no_route")
        .map(|v| v.message.as_str())
        .collect();
    assert_eq!(
        no_route,
        [
            "no street route from 'dongguan_mosque' to 'kumbum_monastery' on foot",
            "no street route from 'kumbum_monastery' to 'limeng_pedestrian_street' on foot"
        ]
    );
}

/// A day whose end cannot be reached from its start is a bad request naming the end.
#[test]
fn an_end_with_no_route_from_the_start_is_a_bad_request() {
    let request: PlanRequest = serde_json::from_value(json!({
        "dates": ["2024-05-08"], "start": {"place": "limeng_pedestrian_street"},
        "end": {"place": "kumbum_monastery"}, "mode": "drive"
    }))
    .unwrap();
    let spec = request.validate(&XINING.places, &XINING.stations).unwrap();
    let cut = Cut {
        cut: position("kumbum_monastery"),
    };
    let err = Planner::default()
        .plan(&spec, &XINING.places, &facts(&request), &cut)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "end: no street route from the start to the end by car"
    );
}

/// Straight lines, except between two points (both ways), said to be street times.
struct NoRouteBetween(Position, Position);

impl TravelTimes for NoRouteBetween {
    fn matrix(&self, points: &[Position], mode: Mode) -> Result<TravelMatrix, TravelError> {
        let s = StraightLine::default();
        let pair =
            |a: Position, b: Position| (a == self.0 && b == self.1) || (a == self.1 && b == self.0);
        Ok(TravelMatrix::from_routes(
            points.len(),
            |i, j| (!pair(points[i], points[j])).then(|| s.leg(points[i], points[j], mode)),
            TravelSource::Street,
        ))
    }
}

/// Two neighbouring must-sees with no route between them (each reachable from the start): both
/// are planned, and never one straight after the other.
#[test]
fn a_pair_with_no_route_is_never_a_leg() {
    let request: PlanRequest = serde_json::from_value(json!({
        "dates": ["2024-05-08"], "start": {"place": "limeng_pedestrian_street"},
        "day_start": "08:00", "day_end": "19:00", "mode": "walk",
        "themes": {"old_town": 1.0, "food": 1.0},
        "must_see": ["dongguan_mosque", "ma_bufang_mansion"]
    }))
    .unwrap();
    let spec = request.validate(&XINING.places, &XINING.stations).unwrap();
    let (a, b) = (position("dongguan_mosque"), position("ma_bufang_mansion"));
    let estimated = Planner::default()
        .plan(
            &spec,
            &XINING.places,
            &facts(&request),
            &StraightLine::default(),
        )
        .unwrap();
    let adjacent = |it: &Itinerary| {
        it.days.iter().flat_map(|d| &d.legs).any(|l| {
            (l.from == "dongguan_mosque" && l.to == "ma_bufang_mansion")
                || (l.from == "ma_bufang_mansion" && l.to == "dongguan_mosque")
        })
    };
    assert!(
        adjacent(&estimated),
        "on straight lines the two neighbours follow each other: {:?}",
        stops(&estimated)
    );
    let street = Planner::default()
        .plan(
            &spec,
            &XINING.places,
            &facts(&request),
            &NoRouteBetween(a, b),
        )
        .unwrap();
    let planned = stops(&street);
    assert!(
        planned.contains(&"dongguan_mosque") && planned.contains(&"ma_bufang_mansion"),
        "{planned:?}"
    );
    assert!(!adjacent(&street), "{planned:?}");
    assert!(street.not_fitted.is_empty(), "{:?}", street.not_fitted);
}

/// Straight lines, except from one point to another (one way only), said to be street times.
struct NoRouteFrom {
    from: Position,
    to: Position,
}

impl TravelTimes for NoRouteFrom {
    fn matrix(&self, points: &[Position], mode: Mode) -> Result<TravelMatrix, TravelError> {
        let s = StraightLine::default();
        Ok(TravelMatrix::from_routes(
            points.len(),
            |i, j| {
                (points[i] != self.from || points[j] != self.to)
                    .then(|| s.leg(points[i], points[j], mode))
            },
            TravelSource::Street,
        ))
    }
}

const AIRPORT: &str = "xining_caojiabao_airport";
/// Central Square, where the trip's hotel is.
const HOTEL: Position = Position {
    lat: 36.6175,
    lon: 101.7780,
};

fn airport() -> Position {
    XINING
        .stations
        .iter()
        .find(|s| s.id.as_str() == AIRPORT)
        .and_then(|s| s.position)
        .unwrap()
}

/// Two days by car: in at the airport on Friday morning, a night at the hotel, out from the
/// airport on Saturday afternoon.
fn trip() -> PlanRequest {
    serde_json::from_value(json!({
        "dates": ["2024-07-12", "2024-07-13"],
        "arrival": {"station": AIRPORT, "time": "09:30"},
        "lodging": {"lat": HOTEL.lat, "lon": HOTEL.lon},
        "departure": {"station": AIRPORT, "time": "18:00"},
        "themes": {"heritage": 1.0, "old_town": 1.0},
        "mode": "drive",
        "must_see": ["dongguan_mosque"]
    }))
    .unwrap()
}

fn plan_trip(travel: &dyn TravelTimes) -> Result<Itinerary, String> {
    let request = trip();
    let spec = request
        .validate(&XINING.places, &XINING.stations)
        .map_err(|e| e.to_string())?;
    Planner::default()
        .plan(&spec, &XINING.places, &facts(&request), travel)
        .map_err(|e| e.to_string())
}

fn day_of<'a>(it: &'a Itinerary, place: &str) -> Vec<&'a str> {
    it.days
        .iter()
        .filter(|d| d.stops.iter().any(|s| s.place == place))
        .map(|d| d.date.as_str())
        .collect()
}

/// A must-see with no street route from the hotel cannot be on the day that starts there (where
/// the estimate puts it); it is planned on the arrival day instead, and not reported as left out.
#[test]
fn a_trip_day_never_uses_a_place_with_no_route_from_its_start() {
    let mosque = position("dongguan_mosque");
    let estimated = plan_trip(&StraightLine::default()).unwrap();
    assert_eq!(day_of(&estimated, "dongguan_mosque"), ["2024-07-13"]);
    let street = plan_trip(&NoRouteFrom {
        from: HOTEL,
        to: mosque,
    })
    .unwrap();
    assert_eq!(day_of(&street, "dongguan_mosque"), ["2024-07-12"]);
    assert!(
        !street
            .not_fitted
            .iter()
            .any(|n| n.place == "dongguan_mosque"),
        "{:?}",
        street.not_fitted
    );
    // Nor is it ever a leg out of the hotel.
    assert!(
        !street
            .days
            .iter()
            .flat_map(|d| &d.legs)
            .any(|l| l.from == "lodging" && l.to == "dongguan_mosque")
    );
}

/// A place no day can reach (nothing reaches it) is left out as too far, saying which of the
/// days' starts has no street route to it.
#[test]
fn a_place_no_trip_day_can_reach_is_too_far_with_the_reason() {
    let it = plan_trip(&Cut {
        cut: position("dongguan_mosque"),
    })
    .unwrap();
    assert!(day_of(&it, "dongguan_mosque").is_empty());
    let n = it
        .not_fitted
        .iter()
        .find(|n| n.place == "dongguan_mosque")
        .unwrap_or_else(|| panic!("{:?}", it.not_fitted));
    assert_eq!(n.kind, "too_far");
    assert_eq!(
        n.reason,
        "no street route from the arrival or from the lodging by car"
    );
    assert_eq!(it.travel_times, TravelTimesKind::Street);
}

/// A hotel the arrival has no route to, or a departure the hotel has none to, is a bad request
/// naming that field.
#[test]
fn trip_terminals_with_no_route_between_them_are_bad_requests_naming_the_field() {
    let err = plan_trip(&NoRouteFrom {
        from: airport(),
        to: HOTEL,
    })
    .unwrap_err();
    assert_eq!(
        err,
        "lodging: no street route from the arrival to the lodging by car"
    );
    let err = plan_trip(&NoRouteFrom {
        from: HOTEL,
        to: airport(),
    })
    .unwrap_err();
    assert_eq!(
        err,
        "departure: no street route from the lodging to the departure by car"
    );
}
