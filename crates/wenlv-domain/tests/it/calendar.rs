//! The working calendar from the real `data/holidays/cn.csv`.

use crate::support::holidays;
use jiff::civil::date;
use wenlv_domain::{CalendarDayKind, HolidayCalendar};

/// The real file covers exactly the years its README says: 2023–2026.
#[test]
fn real_file_covers_2023_to_2026() {
    let cal = holidays();
    assert_eq!(
        cal.covered_years().collect::<Vec<_>>(),
        vec![2023, 2024, 2025, 2026]
    );
    assert!(
        !cal.covers(2022),
        "one stray row (2022-12-31) does not cover 2022"
    );
    assert!(!cal.covers(2027));
}

/// An adjusted working Saturday (调休) is a working day; a holiday Saturday and an ordinary
/// Sunday are not; an ordinary Monday is.
#[test]
fn adjusted_working_saturday() {
    let cal = holidays();
    // 2024-05-11 is a Saturday worked to make up for the Labour Day break.
    assert_eq!(cal.is_working_day(date(2024, 5, 11)), Some(true));
    assert_eq!(
        cal.entry(date(2024, 5, 11)).unwrap().kind,
        CalendarDayKind::Workday
    );
    assert_eq!(cal.is_public_holiday(date(2024, 5, 11)), Some(false));
    // 2024-05-04 is a Saturday inside the Labour Day break.
    assert_eq!(cal.is_working_day(date(2024, 5, 4)), Some(false));
    assert_eq!(cal.is_public_holiday(date(2024, 5, 4)), Some(true));
    // 2024-05-01 is a Wednesday, Labour Day itself.
    assert_eq!(cal.is_working_day(date(2024, 5, 1)), Some(false));
    // 2024-05-06 is an ordinary Monday, 2024-05-12 an ordinary Sunday.
    assert_eq!(cal.is_working_day(date(2024, 5, 6)), Some(true));
    assert_eq!(cal.is_working_day(date(2024, 5, 12)), Some(false));
    assert_eq!(cal.is_public_holiday(date(2024, 5, 12)), Some(false));
}

/// A year without data gives "unknown", not the weekday rule.
#[test]
fn uncovered_year_is_unknown() {
    let cal = holidays();
    // 2027-01-01 is a Friday: certainly New Year's Day, but the 2027 notice is not in the data.
    assert_eq!(cal.is_public_holiday(date(2027, 1, 1)), None);
    // 2027-02-08 is a Monday.
    assert_eq!(cal.is_working_day(date(2027, 2, 8)), None);
    let note = cal.coverage_note(2027).unwrap();
    assert!(
        note.starts_with("public holidays unknown for 2027"),
        "{note}"
    );
    assert!(note.contains("2023, 2024, 2025, 2026"), "{note}");
    assert_eq!(cal.coverage_note(2024), None);
}

/// Every row of the real file reads; a broken copy names the file, row and field.
#[test]
fn broken_copy_of_the_real_file_names_row_and_field() {
    let broken = crate::support::CN_CSV.replacen("2023-01-21,holiday", "2023-01-21,holidya", 1);
    let e = HolidayCalendar::parse("data/holidays/cn.csv", &broken).unwrap_err();
    assert_eq!(e.row, 5, "{e}");
    assert_eq!(
        e.to_string(),
        "data/holidays/cn.csv, row 5, field 'kind': expected 'holiday' or 'workday' (value 'holidya')"
    );
}
