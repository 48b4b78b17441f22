//! Opening hours of the kinds the Xining data needs, on real dates, with the real holidays.

use crate::support::{holidays, spec};
use jiff::civil::{date, datetime, time};
use wenlv_domain::{Category, HoursEvaluator};

/// The hours of the museums of Xining: closed on Mondays except on public holidays, last
/// admission 30 minutes before closing.
const MUSEUM: &str = "Tu-Su 09:00-17:00; Mo off; PH 09:00-17:00";

/// A Monday closure: closed all day, open the next day with last admission at 16:30.
#[test]
fn monday_closure() {
    let cal = holidays();
    let h = HoursEvaluator::new(&cal);
    // 2024-01-08 is a Monday (an ordinary one).
    let mon = h.day(&spec(MUSEUM), Some(30), date(2024, 1, 8));
    assert!(mon.open.is_empty());
    assert_eq!(mon.last_admission, None);
    assert!(!h.is_open_at(&spec(MUSEUM), datetime(2024, 1, 8, 10, 0, 0, 0)));
    // The next change after Monday 10:00 is the opening on Tuesday 2024-01-09 at 09:00.
    assert_eq!(
        h.next_change(&spec(MUSEUM), datetime(2024, 1, 8, 10, 0, 0, 0)),
        Some(datetime(2024, 1, 9, 9, 0, 0, 0))
    );
    // 2024-01-09 is a Tuesday.
    let tue = h.day(&spec(MUSEUM), Some(30), date(2024, 1, 9));
    let json = serde_json::to_value(&tue).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "date": "2024-01-09",
            "open": [{"from": "09:00", "to": "17:00", "last_admission": "16:30"}],
            "last_admission": "16:30",
            "public_holiday": false,
            "note": null
        })
    );
}

/// A public holiday on a Monday opens a museum that is otherwise closed on Mondays; the `PH`
/// comes from our data (Dragon Boat Festival 2024), not from a built-in country list.
#[test]
fn public_holiday_on_a_monday_opens() {
    let cal = holidays();
    let h = HoursEvaluator::new(&cal);
    // 2024-06-10 is a Monday and the Dragon Boat Festival holiday.
    let d = h.day(&spec(MUSEUM), Some(30), date(2024, 6, 10));
    assert_eq!(d.public_holiday, Some(true));
    assert_eq!(d.open.len(), 1);
    assert_eq!(d.open[0].start, datetime(2024, 6, 10, 9, 0, 0, 0));
    assert_eq!(d.open[0].end, datetime(2024, 6, 10, 17, 0, 0, 0));
    assert!(h.is_open_at(&spec(MUSEUM), datetime(2024, 6, 10, 12, 0, 0, 0)));
    // 2024-01-01 is a Monday and New Year's Day: open too.
    assert_eq!(h.day(&spec(MUSEUM), None, date(2024, 1, 1)).open.len(), 1);
    // 2024-06-03 is an ordinary Monday a week earlier: closed.
    assert!(h.day(&spec(MUSEUM), None, date(2024, 6, 3)).open.is_empty());
}

/// The four venues close at 19:00 in the peak season and earlier off-season.
#[test]
fn peak_season_19_00_closing_vs_earlier_off_season_closing() {
    let cal = holidays();
    let h = HoursEvaluator::new(&cal);
    let venue =
        spec("Apr-Oct Tu-Su 09:00-19:00; Nov-Mar Tu-Su 09:00-17:00; Mo off; PH 09:00-17:00");
    // 2024-07-10 is a Wednesday in the peak season.
    let summer = h.day(&venue, Some(30), date(2024, 7, 10));
    assert_eq!(summer.open[0].end.time(), time(19, 0, 0, 0));
    assert_eq!(summer.last_admission, Some(time(18, 30, 0, 0)));
    assert!(h.is_open_at(&venue, datetime(2024, 7, 10, 18, 30, 0, 0)));
    // 2024-01-10 is a Wednesday in the off season.
    let winter = h.day(&venue, Some(30), date(2024, 1, 10));
    assert_eq!(winter.open[0].end.time(), time(17, 0, 0, 0));
    assert_eq!(winter.last_admission, Some(time(16, 30, 0, 0)));
    assert!(!h.is_open_at(&venue, datetime(2024, 1, 10, 18, 30, 0, 0)));

    // Kumbum Monastery: the month ranges switch between 2024-03-31 (a Sunday) and 2024-04-01
    // (a Monday).
    let kumbum = spec("Apr-Oct 07:30-18:30; Nov-Mar 08:00-16:30");
    let mar = h.day(&kumbum, None, date(2024, 3, 31));
    assert_eq!(
        (mar.open[0].start.time(), mar.open[0].end.time()),
        (time(8, 0, 0, 0), time(16, 30, 0, 0))
    );
    let apr = h.day(&kumbum, None, date(2024, 4, 1));
    assert_eq!(
        (apr.open[0].start.time(), apr.open[0].end.time()),
        (time(7, 30, 0, 0), time(18, 30, 0, 0))
    );
}

/// Date ranges inside the year (the wildlife park's "Apr 01-Oct 09" season) with different
/// weekday and weekend hours; the weekend rule follows the weekday, not the working calendar.
#[test]
fn date_ranges_and_weekend_hours() {
    let cal = holidays();
    let h = HoursEvaluator::new(&cal);
    let zoo = spec(
        "Apr 01-Oct 09 Mo-Fr 08:30-18:00; Apr 01-Oct 09 Sa,Su 08:30-18:30; \
         Oct 10-Mar 31 Mo-Fr 09:00-17:30; Oct 10-Mar 31 Sa,Su 09:00-18:00",
    );
    // 2024-10-09 is a Wednesday, the last day of the summer hours.
    assert_eq!(
        h.day(&zoo, None, date(2024, 10, 9)).open[0].end.time(),
        time(18, 0, 0, 0)
    );
    // 2024-10-10 is a Thursday, the first day of the winter hours.
    assert_eq!(
        h.day(&zoo, None, date(2024, 10, 10)).open[0].end.time(),
        time(17, 30, 0, 0)
    );
    // 2024-10-12 is a Saturday (an adjusted working day, but the park keeps its weekend hours).
    assert_eq!(
        h.day(&zoo, None, date(2024, 10, 12)).open[0].end.time(),
        time(18, 0, 0, 0)
    );
}

/// A lunch break: two stretches, closed in between, each with its own last admission.
#[test]
fn lunch_break() {
    let cal = holidays();
    let h = HoursEvaluator::new(&cal);
    let mosque = spec("08:00-12:00,14:00-17:00");
    // 2024-01-10 is a Wednesday.
    let d = h.day(&mosque, Some(30), date(2024, 1, 10));
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(
        json["open"],
        serde_json::json!([
            {"from": "08:00", "to": "12:00", "last_admission": "11:30"},
            {"from": "14:00", "to": "17:00", "last_admission": "16:30"}
        ])
    );
    assert_eq!(json["last_admission"], "16:30");
    assert!(!h.is_open_at(&mosque, datetime(2024, 1, 10, 13, 0, 0, 0)));
    assert!(h.is_open_at(&mosque, datetime(2024, 1, 10, 11, 59, 0, 0)));
    assert_eq!(
        h.next_change(&mosque, datetime(2024, 1, 10, 12, 30, 0, 0)),
        Some(datetime(2024, 1, 10, 14, 0, 0, 0))
    );
}

/// Last admission comes from the place (minutes before close); unknown stays null.
#[test]
fn last_admission_from_the_place() {
    let cal = holidays();
    let h = HoursEvaluator::new(&cal);
    let mut museum = crate::support::place(
        "qinghai_provincial_museum",
        Category::Museum,
        4,
        Some("0"),
        Some("0"),
    );
    assert!(
        h.place_day(&museum, date(2024, 1, 9)).is_none(),
        "hours unknown: no answer"
    );
    museum.opening_hours = Some(spec(MUSEUM));
    museum.last_admission_minutes = Some(30);
    museum.hours_note = Some("free; booking with ID".to_string());
    // 2024-01-09 is a Tuesday.
    let d = h.place_day(&museum, date(2024, 1, 9)).unwrap();
    assert_eq!(d.last_admission, Some(time(16, 30, 0, 0)));
    assert_eq!(d.note.as_deref(), Some("free; booking with ID"));
    museum.last_admission_minutes = None;
    let d = h.place_day(&museum, date(2024, 1, 9)).unwrap();
    assert_eq!(d.last_admission, None);
    assert_eq!(
        serde_json::to_value(&d).unwrap()["last_admission"],
        serde_json::Value::Null
    );
}

/// In a year the holiday data does not cover, the answer says so instead of pretending.
#[test]
fn uncovered_year_is_surfaced_in_the_note() {
    let cal = holidays();
    let h = HoursEvaluator::new(&cal);
    // 2027-01-04 is a Monday.
    let d = h.day(&spec(MUSEUM), Some(30), date(2027, 1, 4));
    assert_eq!(d.public_holiday, None);
    let note = d.note.unwrap();
    assert!(note.contains("public holidays unknown for 2027"), "{note}");
    // An expression without PH does not depend on the holidays: no such note.
    let d = h.day(&spec("Mo-Su 09:00-17:00"), None, date(2027, 1, 4));
    assert_eq!(d.note, None);
}

mod consistency {
    use super::*;
    use proptest::prelude::*;

    const SPECS: [&str; 6] = [
        MUSEUM,
        "Apr-Oct 07:30-18:30; Nov-Mar 08:00-16:30",
        "08:00-12:00,14:00-17:00",
        "Fr,Sa 20:00-02:00",
        "24/7",
        "Apr 01-Oct 09 Mo-Fr 08:30-18:00; Oct 10-Mar 31 Mo-Fr 09:00-17:30; PH off",
    ];

    proptest! {
        /// "Open at t?" agrees with the day's open stretches, for any minute of 2023–2027.
        #[test]
        fn open_at_agrees_with_the_day(which in 0usize..SPECS.len(), minutes in 0i64..(5 * 366 * 1440)) {
            let cal = holidays();
            let h = HoursEvaluator::new(&cal);
            let compiled = h.compile(&spec(SPECS[which]), Some(30));
            let t = datetime(2023, 1, 1, 0, 0, 0, 0) + jiff::Span::new().minutes(minutes);
            let day = compiled.day(t.date());
            let in_day = day.open.iter().any(|i| i.start <= t && t < i.end);
            prop_assert_eq!(compiled.is_open_at(t), in_day, "{} at {}", SPECS[which], t);
            // The next change, if any, lies after t and flips the state.
            if let Some(next) = compiled.next_change(t) {
                prop_assert!(next > t);
                let before = next - jiff::Span::new().minutes(1);
                prop_assert_eq!(compiled.is_open_at(before), compiled.is_open_at(t));
            }
        }
    }
}

/// Every date the service accepts, and the week after the last one, evaluates for every kind of
/// expression: at the ends of the range, no arithmetic runs out of calendar.
#[test]
fn hours_are_total_over_the_service_range() {
    use wenlv_domain::civil::{FIRST_DATE, LAST_DATE};
    let cal = holidays();
    let h = HoursEvaluator::new(&cal);
    let week_after: Vec<_> = (0..=8)
        .map(|d| LAST_DATE.checked_add(jiff::Span::new().days(d)).unwrap())
        .collect();
    let mut dates = vec![FIRST_DATE, FIRST_DATE.tomorrow().unwrap()];
    dates.extend(week_after);
    dates.push(jiff::civil::Date::MAX);
    for expr in [
        MUSEUM,
        "24/7",
        "Mo-Su 20:00-02:00",
        "Mo-Su 00:00-24:00",
        "PH off; Mo-Fr 08:00-12:00,14:00-18:00",
        "Jan-Mar 09:00-17:00; Apr-Dec 08:00-19:00",
        "Mo-Su 09:00-17:00; PH unknown \"call ahead\"",
        "closed",
    ] {
        let compiled = h.compile(&spec(expr), Some(30));
        for d in &dates {
            let day = compiled.day(*d);
            assert_eq!(day.date, *d, "{expr} on {d}");
            let at = d.to_datetime(jiff::civil::time(10, 0, 0, 0));
            let _ = compiled.is_open_at(at);
            // (From 1900, "the next change" of an always-open day scans 8,000 years: no page or
            // endpoint asks it; the end of the range is where arithmetic could run out.)
            if *d >= LAST_DATE
                && let Some(next) = compiled.next_change(at)
            {
                assert!(
                    next > at,
                    "{expr} on {d}: next change {next} not after {at}"
                );
            }
        }
    }
    // Sane answers at the first date, not just no panic.
    let first = h.day(&spec("Mo-Su 09:00-17:00"), Some(30), FIRST_DATE);
    assert_eq!(first.open.len(), 1, "{first:?}");
}
