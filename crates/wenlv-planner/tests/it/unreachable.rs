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
