use crate::{XINING, checker::problems, date};
use serde_json::json;
use wenlv_domain::{HoursEvaluator, Money, PlaceId, Visitor};
use wenlv_planner::{CityFacts, Itinerary, PlanRequest, Planner, StraightLine};

fn plan(request: serde_json::Value) -> Result<Itinerary, String> {
    let request: PlanRequest = serde_json::from_value(request).map_err(|e| e.to_string())?;
    let spec = request
        .validate(&XINING.places, &XINING.stations)
        .map_err(|e| e.to_string())?;
    let facts = CityFacts {
        hours: HoursEvaluator::new(&XINING.holidays),
        seasons: &XINING.seasons,
        offers: &XINING.offers,
        visitor: &request.visitor,
    };
    Planner::default()
        .plan(&spec, &XINING.places, &facts, &StraightLine::default())
        .map_err(|e| e.to_string())
}

fn stops(it: &Itinerary) -> Vec<&str> {
    it.days
        .iter()
        .flat_map(|d| &d.stops)
        .map(|s| s.place.as_str())
        .collect()
}

/// 2024-01-08 is a Monday: the provincial museum and the other "Mo off" places must not appear,
/// and every stop lies inside its opening hours (independent checker).
#[test]
fn a_monday_never_visits_a_place_closed_on_mondays() {
    let it = plan(json!({
        "dates": ["2024-01-08"], "start": {"place": "limeng_pedestrian_street"},
        "day_start": "08:00", "day_end": "19:00",
        "themes": {"heritage": 1.0, "family_study": 1.0}, "mode": "drive"
    }))
    .unwrap();
    let hours = HoursEvaluator::new(&XINING.holidays);
    let closed: Vec<&str> = XINING
        .places
        .iter()
        .filter(|p| {
            hours
                .place_day(p, date("2024-01-08"))
                .is_some_and(|d| d.open.is_empty())
        })
        .map(|p| p.id.as_str())
        .collect();
    assert!(closed.contains(&"qinghai_provincial_museum"), "{closed:?}");
    assert!(!it.days[0].stops.is_empty());
    for s in stops(&it) {
        assert!(!closed.contains(&s), "{s} is closed on Monday 2024-01-08");
    }
    assert_eq!(problems(&it, "08:00", "19:00", None), Vec::<String>::new());
    // The same request on Tuesday 2024-01-09 may use the museum: the closure is what kept it out.
    let tuesday = plan(json!({
        "dates": ["2024-01-09"], "start": {"place": "limeng_pedestrian_street"},
        "day_start": "08:00", "day_end": "19:00",
        "themes": {"heritage": 1.0, "family_study": 1.0}, "mode": "drive"
    }))
    .unwrap();
    assert!(
        stops(&tuesday).contains(&"qinghai_provincial_museum"),
        "{:?}",
        stops(&tuesday)
    );
}

/// A ticket budget is never exceeded, and a Jiangsu visitor (paired-aid offer, winter 2023/24)
/// gets more out of the same budget than a Gansu visitor.
#[test]
fn a_budget_holds_and_an_offer_stretches_it() {
    let request = |region: &str| {
        json!({
            "dates": ["2024-01-10", "2024-01-11"], "start": {"lat": 36.6175, "lon": 101.7780},
            "day_start": "08:00", "day_end": "18:30", "budget_cny": "60.00",
            "visitor": {"home_region": region}, "mode": "drive",
            "themes": {"heritage": 1.0, "family_study": 1.0, "wellness_eco": 1.0}
        })
    };
    let budget = Money::parse("60").unwrap();
    let jiangsu = plan(request("320000")).unwrap();
    let gansu = plan(request("620000")).unwrap();
    for it in [&jiangsu, &gansu] {
        assert!(it.totals.cost <= budget, "{}", it.totals.cost);
        assert_eq!(
            problems(it, "08:00", "18:30", Some(budget)),
            Vec::<String>::new()
        );
        assert_eq!(
            it.totals.unknown_prices, 0,
            "a budget plan only uses known prices"
        );
    }
    assert!(
        jiangsu.totals.score > gansu.totals.score,
        "{} vs {}",
        jiangsu.totals.score,
        gansu.totals.score
    );
    // Without any budget the Gansu visitor can see more.
    let mut free = request("620000");
    free["budget_cny"] = serde_json::Value::Null;
    assert!(plan(free).unwrap().totals.score > gansu.totals.score);
}

/// Must-sees are in the plan or listed in not_fitted with a reason; places without a position
/// are listed as excluded.
#[test]
fn must_sees_are_kept_or_explained_and_unknown_positions_listed() {
    let it = plan(json!({
        "dates": ["2024-07-10"], "start": {"place": "dongguan_mosque"},
        "must_see": ["kumbum_monastery", "xining_museum"], "themes": {"old_town": 1.0},
        "mode": "drive"
    }))
    .unwrap();
    assert!(stops(&it).contains(&"kumbum_monastery"), "{:?}", stops(&it));
    let missing: Vec<&str> = it.not_fitted.iter().map(|n| n.place.as_str()).collect();
    assert_eq!(missing, ["xining_museum"]);
    assert_eq!(it.not_fitted[0].reason, "position unknown");
    let no_position: Vec<&str> = XINING
        .places
        .iter()
        .filter(|p| p.position.is_none())
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(it.excluded_no_position, no_position);
    assert_eq!(problems(&it, "09:00", "18:00", None), Vec::<String>::new());

    // A must-see whose ticket alone is over the budget is explained, not silently dropped.
    let it = plan(json!({
        "dates": ["2024-07-10"], "start": {"place": "dongguan_mosque"},
        "must_see": ["kumbum_monastery"], "budget_cny": "10", "mode": "drive"
    }))
    .unwrap();
    assert!(!stops(&it).contains(&"kumbum_monastery"));
    assert!(
        it.not_fitted[0].reason.contains("over the whole budget"),
        "{:?}",
        it.not_fitted
    );
}

/// Three days in summer: every day is consistent and nothing is visited twice.
#[test]
fn multi_day_plans_are_consistent() {
    let it = plan(json!({
        "dates": ["2024-07-09", "2024-07-10", "2024-07-11"], "start": {"place": "limeng_pedestrian_street"},
        "themes": {"heritage": 1.0, "city_park": 0.5, "food": 0.5, "rural": 1.0}, "mode": "drive", "pace": "relaxed",
        "lunch": {"from": "12:00", "to": "13:00"}
    }))
    .unwrap();
    assert_eq!(it.days.len(), 3);
    assert!(it.days.iter().all(|d| !d.stops.is_empty()));
    assert_eq!(problems(&it, "09:00", "18:00", None), Vec::<String>::new());
    for d in &it.days {
        for s in &d.stops {
            let (start, leave) = (s.start.as_str(), s.leave.as_str());
            assert!(
                leave <= "12:00" || start >= "13:00",
                "{} {start}-{leave} overlaps lunch",
                s.place
            );
        }
    }
}

/// A day from the airport by car: the legs name the station, the first leg starts from the
/// airport's sourced position (about 30 km out), and the day still passes the checker.
#[test]
fn a_day_can_start_and_end_at_a_station() {
    let it = plan(json!({
        "dates": ["2024-07-09"], "start": {"station": "xining_caojiabao_airport"},
        "end": {"place": "dongguan_mosque"},
        "themes": {"heritage": 1.0, "old_town": 1.0}, "mode": "drive"
    }))
    .unwrap();
    let day = &it.days[0];
    assert!(!day.stops.is_empty());
    assert_eq!(day.legs[0].from, "xining_caojiabao_airport");
    assert_eq!(day.legs.last().unwrap().to, "dongguan_mosque");
    // Straight line from the airport to the first stop, times the detour factor: over 10 km for
    // any stop in the catalogue's city part.
    assert!(day.legs[0].meters > 10_000, "{:?}", day.legs[0]);
    assert_eq!(problems(&it, "09:00", "18:00", None), Vec::<String>::new());
}

/// Same request, same plan.
#[test]
fn planning_is_deterministic() {
    let r = json!({"dates": ["2024-05-02"], "start": {"lat": 36.62, "lon": 101.78}, "themes": {"heritage": 1.0}});
    assert_eq!(plan(r.clone()).unwrap(), plan(r).unwrap());
}

/// Bad requests say exactly what is wrong.
#[test]
fn bad_requests_name_the_field() {
    let base = json!({"dates": ["2024-01-08"], "start": {"place": "peoples_park"}});
    let cases = [
        (
            json!({"day_start": "18:00", "day_end": "09:00"}),
            "day_end: 09:00 is not after day_start 18:00",
        ),
        (
            json!({"start": {"place": "atlantis"}}),
            "start: unknown place 'atlantis'",
        ),
        (
            json!({"must_see": ["qinghai_provincial_museum"]}),
            "must_see: 'qinghai_provincial_museum' is closed on every chosen date",
        ),
        (json!({"budget_cny": "-5"}), "budget_cny: -5 is below zero"),
        (
            json!({"dates": ["2024-02-30"]}),
            "dates[0]: '2024-02-30' is not a date YYYY-MM-DD",
        ),
        (
            json!({"start": {"place": "xining_museum"}}),
            "start: place 'xining_museum' has no known position",
        ),
        (
            json!({"themes": {"castles": 1.0}}),
            "themes.castles: unknown theme 'castles'",
        ),
        (
            json!({"start": {"station": "atlantis_central"}}),
            "start: unknown station 'atlantis_central'",
        ),
        (
            json!({"end": {"station": "xining_railway_station"}}),
            "end: station 'xining_railway_station' has no known position; pick the point on the map",
        ),
    ];
    for (patch, expected) in cases {
        let mut r = base.clone();
        for (k, v) in patch.as_object().unwrap() {
            r[k] = v.clone();
        }
        assert_eq!(plan(r).unwrap_err(), expected);
    }
    // Found by the API's schema-driven tests: an end no day can reach was a solver panic.
    let mut far_end = base.clone();
    far_end["end"] = json!({"lat": 0.0, "lon": 179.0});
    far_end["mode"] = json!("drive");
    let message = plan(far_end).unwrap_err();
    let minutes: u32 = message
        .strip_prefix("end: the end is ")
        .and_then(|m| {
            m.strip_suffix(
                " minutes from the start (driving), more than the day from 09:00 to 18:00",
            )
        })
        .and_then(|m| m.parse().ok())
        .unwrap_or_else(|| panic!("{message}"));
    assert!(minutes > 9 * 60, "{message}");
    let bad_region = json!({"dates": ["2024-01-08"], "start": {"place": "peoples_park"}, "visitor": {"home_region": "990000"}});
    assert!(plan(bad_region).unwrap_err().contains("990000"));
}

#[test]
fn visitor_defaults_to_unknown() {
    let r: PlanRequest = serde_json::from_value(
        json!({"dates": ["2024-01-08"], "start": {"lat": 36.6, "lon": 101.7}}),
    )
    .unwrap();
    assert_eq!(r.visitor, Visitor::default());
    let _ = PlaceId::parse("x");
}
