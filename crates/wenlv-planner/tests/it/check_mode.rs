use crate::{XINING, checker::problems, date};
use serde_json::json;
use wenlv_domain::{HoursEvaluator, PlaceId};
use wenlv_planner::{CityFacts, Itinerary, PlanRequest, Planner, StraightLine, ViolationKind};

fn check(request: serde_json::Value, days: &[(&str, &[&str])]) -> Itinerary {
    let request: PlanRequest = serde_json::from_value(request).unwrap();
    let spec = request.validate(&XINING.places, &XINING.stations).unwrap();
    let facts = CityFacts {
        hours: HoursEvaluator::new(&XINING.holidays),
        seasons: &XINING.seasons,
        offers: &XINING.offers,
        visitor: &request.visitor,
    };
    let days: Vec<_> = days
        .iter()
        .map(|(d, stops)| {
            (
                date(d),
                stops.iter().map(|s| PlaceId::parse(s).unwrap()).collect(),
            )
        })
        .collect();
    Planner::default()
        .check(
            &spec,
            &days,
            &XINING.places,
            &facts,
            &StraightLine::default(),
        )
        .unwrap()
}

fn kinds(it: &Itinerary) -> Vec<String> {
    it.days
        .iter()
        .flat_map(|d| &d.violations)
        .chain(&it.violations)
        .map(|v| v.kind.as_str().to_string())
        .collect()
}

/// A feasible hand-made order has no violations and passes the independent checker.
#[test]
fn a_feasible_order_checks_clean() {
    let r = json!({"dates": ["2024-07-10"], "start": {"place": "limeng_pedestrian_street"}, "day_start": "09:00", "day_end": "18:00"});
    let it = check(
        r,
        &[(
            "2024-07-10",
            &[
                "qinghai_provincial_museum",
                "nanliang_hutai",
                "qinghai_plateau_wildlife_zoo",
            ],
        )],
    );
    assert_eq!(kinds(&it), Vec::<String>::new());
    assert_eq!(problems(&it, "09:00", "18:00", None), Vec::<String>::new());
}

/// Monday 2024-01-08: the provincial museum is closed; a late arrival misses last admission; the
/// day overruns; a tight budget is exceeded; an unpositioned place is reported.
#[test]
fn violations_are_reported_with_the_place() {
    let r = json!({"dates": ["2024-01-08"], "start": {"place": "limeng_pedestrian_street"}, "day_start": "09:00", "day_end": "12:00", "budget_cny": "10"});
    let it = check(
        r,
        &[(
            "2024-01-08",
            &[
                "qinghai_provincial_museum",
                "kumbum_monastery",
                "xining_museum",
            ],
        )],
    );
    let k = kinds(&it);
    assert!(k.contains(&"closed".to_string()), "{k:?}");
    assert!(k.contains(&"over_day_end".to_string()), "{k:?}");
    assert!(k.contains(&"over_budget".to_string()), "{k:?}");
    assert!(k.contains(&"no_position".to_string()), "{k:?}");
    let closed = it.days[0]
        .violations
        .iter()
        .find(|v| v.kind == ViolationKind::Closed)
        .unwrap();
    assert_eq!(closed.place.as_deref(), Some("qinghai_provincial_museum"));
    assert!(closed.message.contains("2024-01-08"));

    let late = json!({"dates": ["2024-01-09"], "start": {"place": "limeng_pedestrian_street"}, "day_start": "16:45", "day_end": "20:00"});
    let it = check(late, &[("2024-01-09", &["qinghai_provincial_museum"])]);
    assert_eq!(kinds(&it), ["after_last_admission"]);
}
