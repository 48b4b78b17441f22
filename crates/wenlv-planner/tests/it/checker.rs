//! An independent itinerary checker: recomputes what an itinerary claims from its own numbers and
//! from the domain's opening hours, without the planner's timeline code.

use crate::XINING;
use wenlv_domain::{HoursEvaluator, Money, PlaceId};
use wenlv_planner::Itinerary;

fn minutes(hh_mm: &str) -> u32 {
    let (h, m) = hh_mm.split_once(':').unwrap();
    h.parse::<u32>().unwrap() * 60 + m.parse::<u32>().unwrap()
}

/// Every problem found; empty when the itinerary is consistent and inside opening hours.
pub fn problems(
    it: &Itinerary,
    day_start: &str,
    day_end: &str,
    budget: Option<Money>,
) -> Vec<String> {
    problems_with(
        it,
        &|_| (day_start.to_string(), day_end.to_string()),
        budget,
    )
}

/// As [`problems`], for a trip whose days have their own frames: each day must leave its start at
/// `depart` and reach its end by `latest_back`, both as the itinerary states them (the caller
/// checks those against the request).
pub fn trip_problems(it: &Itinerary, budget: Option<Money>) -> Vec<String> {
    problems_with(
        it,
        &|day| (day.depart.clone(), day.latest_back.clone()),
        budget,
    )
}

fn problems_with(
    it: &Itinerary,
    frame: &dyn Fn(&wenlv_planner::plan::DayOut) -> (String, String),
    budget: Option<Money>,
) -> Vec<String> {
    let mut out = Vec::new();
    let hours = HoursEvaluator::new(&XINING.holidays);
    let mut cost = Money::ZERO;
    let mut seen = Vec::new();
    for day in &it.days {
        let (day_start, day_end) = frame(day);
        let (day_start, day_end) = (day_start.as_str(), day_end.as_str());
        let date = crate::date(&day.date);
        if day.legs.len() != day.stops.len() + 1 {
            out.push(format!(
                "{}: {} legs for {} stops",
                day.date,
                day.legs.len(),
                day.stops.len()
            ));
            continue;
        }
        let mut t = minutes(day_start);
        if minutes(&day.depart) != t {
            out.push(format!(
                "{}: departs {} not {day_start}",
                day.date, day.depart
            ));
        }
        for (i, stop) in day.stops.iter().enumerate() {
            let (a, s, l) = (
                minutes(&stop.arrive),
                minutes(&stop.start),
                minutes(&stop.leave),
            );
            if a != t + day.legs[i].minutes {
                out.push(format!(
                    "{} {}: arrives {} but the leg says {}",
                    day.date,
                    stop.place,
                    stop.arrive,
                    t + day.legs[i].minutes
                ));
            }
            if !(a <= s && s < l) {
                out.push(format!(
                    "{} {}: arrive {} start {} leave {} out of order",
                    day.date, stop.place, stop.arrive, stop.start, stop.leave
                ));
            }
            if day.legs[i].to != stop.place {
                out.push(format!(
                    "{} leg {i} goes to {} not {}",
                    day.date, day.legs[i].to, stop.place
                ));
            }
            if seen.contains(&stop.place) {
                out.push(format!("{} visited twice", stop.place));
            }
            seen.push(stop.place.clone());
            let place = XINING
                .places
                .iter()
                .find(|p| p.id == PlaceId::parse(&stop.place).unwrap())
                .unwrap();
            match hours.place_day(place, date) {
                Some(h) => {
                    let inside = h.open.iter().any(|iv| {
                        let from = if iv.start.date() < date {
                            0
                        } else {
                            iv.start.hour() as u32 * 60 + iv.start.minute() as u32
                        };
                        let to = if iv.end.date() > date {
                            1440
                        } else {
                            iv.end.hour() as u32 * 60 + iv.end.minute() as u32
                        };
                        from <= s && l <= to
                    });
                    if !inside {
                        out.push(format!(
                            "{} {}: {}–{} is outside its hours {:?}",
                            day.date, stop.place, stop.start, stop.leave, h.open
                        ));
                    }
                    if let Some(la) = h.last_admission
                        && s > la.hour() as u32 * 60 + la.minute() as u32
                    {
                        out.push(format!(
                            "{} {}: starts {} after last admission {la}",
                            day.date, stop.place, stop.start
                        ));
                    }
                    if !stop.hours_known {
                        out.push(format!(
                            "{}: hours are known but flagged unknown",
                            stop.place
                        ));
                    }
                }
                None => {
                    if stop.hours_known {
                        out.push(format!("{}: hours unknown but flagged known", stop.place));
                    }
                }
            }
            if let Some(p) = stop.price {
                cost = cost + p;
            }
            t = l;
        }
        let back = t + day.legs.last().unwrap().minutes;
        if minutes(&day.back) != back {
            out.push(format!(
                "{}: back {} but legs say {back}",
                day.date, day.back
            ));
        }
        if back > minutes(day_end) {
            out.push(format!("{}: back {} after {day_end}", day.date, day.back));
        }
    }
    if cost != it.totals.cost {
        out.push(format!(
            "total cost {} but stops add up to {cost}",
            it.totals.cost
        ));
    }
    if let Some(b) = budget
        && cost > b
    {
        out.push(format!("cost {cost} over budget {b}"));
    }
    let meters: u64 = it
        .days
        .iter()
        .flat_map(|d| &d.legs)
        .map(|l| u64::from(l.meters))
        .sum();
    if meters != it.totals.meters {
        out.push(format!(
            "total meters {} but legs add up to {meters}",
            it.totals.meters
        ));
    }
    out
}
