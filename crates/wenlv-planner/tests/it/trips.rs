//! Trips as travellers make them: an arrival at a time, a lodging each night, a departure by a
//! time; and a reason whenever a day stays empty. Real dates: 2024-07-12 is a Friday.

use crate::XINING;
use crate::checker::trip_problems;
use serde_json::json;
use wenlv_domain::HoursEvaluator;
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

fn minutes(hh_mm: &str) -> u32 {
    let (h, m) = hh_mm.split_once(':').unwrap();
    h.parse::<u32>().unwrap() * 60 + m.parse::<u32>().unwrap()
}

const AIRPORT: &str = "xining_caojiabao_airport";

fn weekend() -> serde_json::Value {
    json!({
        "dates": ["2024-07-12", "2024-07-13", "2024-07-14"],
        "arrival": {"station": AIRPORT, "time": "14:30"},
        "lodging": {"lat": 36.6175, "lon": 101.7780},
        "departure": {"station": AIRPORT, "time": "17:00"},
        "themes": {"heritage": 1.0, "old_town": 1.0, "food": 0.5, "city_park": 0.5},
        "mode": "drive"
    })
}

#[test]
fn friday_to_sunday_arrives_sleeps_at_the_hotel_and_catches_the_flight() {
    let it = plan(weekend()).unwrap();
    assert_eq!(it.days.len(), 3);
    let (fri, sat, sun) = (&it.days[0], &it.days[1], &it.days[2]);

    // Friday: from the airport at 14:30, nothing before; the night at the hotel.
    assert_eq!(fri.start_point.id.as_deref(), Some(AIRPORT));
    assert_eq!(fri.legs[0].from, AIRPORT);
    assert_eq!(fri.depart, "14:30");
    assert!(
        !fri.stops.is_empty(),
        "an afternoon by car has room for a stop"
    );
    for s in &fri.stops {
        assert!(
            minutes(&s.arrive) >= 14 * 60 + 30,
            "{} at {}",
            s.place,
            s.arrive
        );
    }
    // The airport is about 30 km out: the first leg is an expressway drive of 35–45 minutes.
    assert!(
        (35..=45).contains(&fri.legs[0].minutes),
        "{:?}",
        fri.legs[0]
    );
    assert_eq!(fri.legs.last().unwrap().to, "lodging");
    assert_eq!(fri.latest_back, "18:00");

    // Saturday: from the hotel back to the hotel, the whole day.
    assert_eq!(sat.legs[0].from, "lodging");
    assert_eq!(sat.legs.last().unwrap().to, "lodging");
    assert_eq!(sat.depart, "09:00");
    assert!(sat.stops.len() >= 2, "{:?}", sat.stops);

    // Sunday: from the hotel, at the airport by 17:00 − 90 min = 15:30.
    assert_eq!(sun.legs[0].from, "lodging");
    assert_eq!(sun.end_point.id.as_deref(), Some(AIRPORT));
    assert_eq!(sun.legs.last().unwrap().to, AIRPORT);
    assert_eq!(sun.latest_back, "15:30");
    assert!(minutes(&sun.back) <= 15 * 60 + 30, "back at {}", sun.back);
    assert!(!sun.stops.is_empty());

    // Every stop consistent with its legs and inside its hours; nothing visited twice.
    assert_eq!(trip_problems(&it, None), Vec::<String>::new());
    for d in &it.days {
        assert!(d.empty_reason.is_none());
    }
}

/// Two days on foot from the airport (30 km out): both days empty, and each says why, with the
/// number of places a car would reach, computed.
#[test]
fn walking_from_the_airport_says_why_the_days_are_empty() {
    let it = plan(json!({
        "dates": ["2024-07-12", "2024-07-13"], "start": {"station": AIRPORT}, "mode": "walk"
    }))
    .unwrap();
    for d in &it.days {
        assert!(d.stops.is_empty());
        let why = d.empty_reason.as_deref().expect("an empty day says why");
        assert!(why.contains("too far"), "{why}");
        assert!(why.contains("by car,"), "{why}");
    }
    assert!(!it.not_fitted.is_empty());
    assert!(
        it.not_fitted.iter().all(|n| n.kind == "too_far"),
        "{:?}",
        it.not_fitted
    );
}

/// Without arrival, lodging and departure every day runs from `start` to `end` between
/// `day_start` and `day_end`, as before; the points say so.
#[test]
fn without_trip_fields_days_run_from_start_to_end() {
    let it = plan(json!({
        "dates": ["2024-07-12", "2024-07-13"], "start": {"place": "dongguan_mosque"},
        "themes": {"heritage": 1.0}, "mode": "drive"
    }))
    .unwrap();
    for d in &it.days {
        assert_eq!(
            (d.depart.as_str(), d.latest_back.as_str()),
            ("09:00", "18:00")
        );
        assert_eq!(d.start_point.id.as_deref(), Some("dongguan_mosque"));
        assert_eq!(d.end_point.id.as_deref(), Some("dongguan_mosque"));
        assert_eq!(d.legs[0].from, "dongguan_mosque");
    }
    assert_eq!(
        serde_json::to_value(&it.days[0].start_point).unwrap()["role"],
        "start"
    );
    assert_eq!(
        serde_json::to_value(&it.days[0].end_point).unwrap()["role"],
        "end"
    );
}

/// The buffer before a flight is 90 minutes unless the request says otherwise; a point's
/// departure time is when the visitor must be there.
#[test]
fn departure_buffers_follow_the_station_kind_or_the_request() {
    let one_day = |departure: serde_json::Value| {
        plan(json!({
            "dates": ["2024-07-14"], "lodging": {"lat": 36.6175, "lon": 101.7780},
            "departure": departure, "themes": {"heritage": 1.0}, "mode": "drive"
        }))
        .unwrap()
    };
    let flight = one_day(json!({"station": AIRPORT, "time": "17:00"}));
    assert_eq!(flight.days[0].latest_back, "15:30");
    let short = one_day(json!({"station": AIRPORT, "time": "17:00", "buffer_minutes": 60}));
    assert_eq!(short.days[0].latest_back, "16:00");
    let point = one_day(json!({"lat": 36.6154, "lon": 101.7953, "time": "17:00"}));
    assert_eq!(point.days[0].latest_back, "17:00");
    assert_eq!(point.days[0].legs.last().unwrap().to, "departure");
    assert!(minutes(&point.days[0].back) <= 17 * 60);
}

/// An early flight: the last day leaves the hotel just in time (06:30 − the drive) and has no
/// stops, and says why.
#[test]
fn an_early_flight_leaves_the_hotel_in_time() {
    let mut r = weekend();
    r["departure"]["time"] = json!("08:00");
    let it = plan(r).unwrap();
    let sun = &it.days[2];
    assert!(sun.stops.is_empty());
    assert_eq!(sun.latest_back, "06:30");
    assert_eq!(sun.back, "06:30");
    assert_eq!(
        minutes(&sun.depart) + sun.legs[0].minutes,
        6 * 60 + 30,
        "{sun:?}"
    );
    let why = sun.empty_reason.as_deref().unwrap();
    assert!(why.contains("05:") && why.contains("06:30"), "{why}");
    assert_eq!(trip_problems(&it, None), Vec::<String>::new());
}

/// A thin day lists the best-scoring places left out, each with a computed reason of a known kind.
#[test]
fn a_thin_day_lists_what_was_left_out_and_why() {
    // Arriving at 16:30 by car leaves about an hour on Friday.
    let mut r = weekend();
    r["arrival"]["time"] = json!("16:30");
    r["budget_cny"] = json!("40");
    let it = plan(r).unwrap();
    assert!(
        it.days[0].stops.len() < wenlv_planner::THIN_DAY_STOPS,
        "{:?}",
        it.days[0]
    );
    assert!(!it.not_fitted.is_empty());
    assert!(it.not_fitted.len() <= wenlv_planner::MAX_NOT_FITTED_LISTED);
    let kinds = [
        "closed",
        "too_far",
        "over_budget",
        "after_last_admission",
        "no_time",
    ];
    for n in &it.not_fitted {
        assert!(kinds.contains(&n.kind.as_str()), "{n:?}");
        assert!(!n.reason.is_empty());
        assert!(
            it.days
                .iter()
                .flat_map(|d| &d.stops)
                .all(|s| s.place != n.place)
        );
    }
    // With a 40 yuan budget, at least one is out for its ticket, and says what is left.
    assert!(
        it.not_fitted
            .iter()
            .any(|n| n.kind == "over_budget" && n.reason.contains("budget (40.00")),
        "{:?}",
        it.not_fitted
    );
}

/// Requests that say two things, or too little, are refused naming the field.
#[test]
fn trip_requests_name_the_field() {
    let cases = [
        (
            json!({"dates": ["2024-07-12"], "start": {"lat": 36.6, "lon": 101.7}, "lodging": {"lat": 36.6, "lon": 101.7}}),
            "start: give either start (and end) or lodging",
        ),
        (
            json!({"dates": ["2024-07-12", "2024-07-13"], "arrival": {"station": AIRPORT, "time": "14:30"}}),
            "lodging: required",
        ),
        (
            json!({"dates": ["2024-07-12"], "lodging": {"lat": 36.6}}),
            "lodging.lon: required with lat",
        ),
        (
            json!({"dates": ["2024-07-12"], "lodging": {"lat": 36.6, "lon": 101.7},
                   "departure": {"station": AIRPORT, "place": "dongguan_mosque", "time": "17:00"}}),
            "departure: give only one of station, place or lat and lon",
        ),
        (
            json!({"dates": ["2024-07-12"], "arrival": {"station": AIRPORT, "time": "14:30"},
                   "departure": {"station": AIRPORT, "time": "14:00"}}),
            "departure.time: 14:00 is not after the arrival at 14:30",
        ),
        (
            json!({"dates": ["2024-07-12"], "arrival": {"station": AIRPORT, "time": "14:30"},
                   "departure": {"station": AIRPORT, "time": "15:30"}}),
            "departure.time: arriving at 14:30",
        ),
        (
            json!({"dates": ["2024-07-12"], "arrival": {"station": AIRPORT, "time": "25:00"}, "lodging": {"lat": 36.6, "lon": 101.7}}),
            "arrival.time:",
        ),
        (
            json!({"dates": ["2024-07-12"], "lodging": {"lat": 36.6, "lon": 101.7},
                   "departure": {"station": "xining_railway_station", "time": "17:00"}}),
            "departure: station 'xining_railway_station' has no known position",
        ),
        (
            json!({"dates": ["2024-07-12"], "lodging": {"lat": 36.6, "lon": 101.7},
                   "departure": {"station": AIRPORT, "time": "17:00", "buffer_minutes": 601}}),
            "departure.buffer_minutes: 601 is over 600 minutes",
        ),
    ];
    for (request, expected) in cases {
        let err = plan(request.clone()).unwrap_err();
        assert!(err.starts_with(expected), "{request}: {err}");
    }
    // One day from arrival to departure needs no lodging.
    let it = plan(
        json!({"dates": ["2024-07-12"], "arrival": {"station": AIRPORT, "time": "09:30"},
                         "departure": {"station": AIRPORT, "time": "19:00"}, "mode": "drive"}),
    )
    .unwrap();
    assert_eq!(it.days[0].depart, "09:30");
    assert_eq!(it.days[0].latest_back, "17:30");
    assert!(!it.days[0].stops.is_empty());
}

/// A flight landing after the day's end: the first day only takes the visitor to the hotel, and
/// says why it has no stops; the next day is a full day from the hotel.
#[test]
fn a_late_arrival_goes_straight_to_the_hotel() {
    let it = plan(json!({
        "dates": ["2024-07-12", "2024-07-13"],
        "arrival": {"station": AIRPORT, "time": "21:40"},
        "lodging": {"lat": 36.6175, "lon": 101.7780},
        "themes": {"heritage": 1.0}, "mode": "drive"
    }))
    .unwrap();
    let fri = &it.days[0];
    assert!(fri.stops.is_empty());
    assert_eq!(fri.depart, "21:40");
    assert_eq!(fri.legs.len(), 1);
    assert_eq!(
        (fri.legs[0].from.as_str(), fri.legs[0].to.as_str()),
        (AIRPORT, "lodging")
    );
    assert_eq!(minutes(&fri.back), 21 * 60 + 40 + fri.legs[0].minutes);
    let why = fri.empty_reason.as_deref().unwrap();
    assert!(why.contains("21:40"), "{why}");
    assert!(!it.days[1].stops.is_empty());
    assert_eq!(trip_problems(&it, None), Vec::<String>::new());
}
