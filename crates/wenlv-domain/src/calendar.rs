//! China's public holidays and working calendar (节假日与调休), read from `data/holidays/cn.csv`.
//!
//! The State Council publishes each year's holidays and adjusted working days (调休) in a notice
//! late in the previous year, so they are data, not a rule. The file has the columns
//! `date,kind,name` with `kind` = `holiday` (a named day off) or `workday` (a weekend day that is
//! worked). Dates not listed follow the weekday rule: Monday–Friday work, Saturday–Sunday off.
//!
//! **Coverage.** A year is *covered* when the file lists its 1 January as a holiday: New Year's
//! Day is a statutory holiday every year, so a year whose notice was transcribed always has it,
//! and a stray row from a neighbouring notice (the 2023 notice names 2022-12-31) does not make
//! its year look covered. For a date in a year that is not covered, the answers are `None`
//! ("unknown"), never a guess from the weekday rule.
//!
//! ```
//! use jiff::civil::date;
//! use wenlv_domain::HolidayCalendar;
//! let cal = HolidayCalendar::parse("cn.csv", "date,kind,name\n\
//!     2024-01-01,holiday,New Year's Day 元旦\n2024-05-11,workday,Labour Day 劳动节\n").unwrap();
//! assert_eq!(cal.is_public_holiday(date(2024, 1, 1)), Some(true));
//! assert_eq!(cal.is_working_day(date(2024, 5, 11)), Some(true)); // a Saturday, worked
//! assert_eq!(cal.is_working_day(date(2027, 3, 1)), None); // 2027 not covered
//! ```

use compact_calendar::CompactCalendar;
use jiff::civil::{Date, Weekday};
use opening_hours::ContextHolidays;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What the notice says about a listed date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarDayKind {
    /// A named day off (放假).
    Holiday,
    /// An adjusted working day (调休上班): a Saturday or Sunday that is worked.
    Workday,
}

/// One listed date: its kind and the festival it belongs to ("Spring Festival 春节").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CalendarEntry {
    pub kind: CalendarDayKind,
    pub name: String,
}

/// A row of the holiday file that cannot be read, naming the file, the row (1 = header) and the
/// field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}, row {row}, field '{field}': {reason} (value '{value}')")]
pub struct CalendarError {
    pub file: String,
    pub row: usize,
    pub field: &'static str,
    pub value: String,
    pub reason: String,
}

/// The public holidays and adjusted working days of the years a holiday file covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolidayCalendar {
    days: BTreeMap<Date, CalendarEntry>,
    covered: BTreeSet<i16>,
}

impl HolidayCalendar {
    /// Reads a `date,kind,name` CSV text. `file` is only used to name the file in errors.
    /// Every row is checked: a bad date, an unknown kind, an empty name, a date listed twice or a
    /// `workday` that is not a Saturday or Sunday is an error naming the row and field.
    pub fn parse(file: &str, text: &str) -> Result<HolidayCalendar, CalendarError> {
        let err = |row: usize, field: &'static str, value: &str, reason: &str| CalendarError {
            file: file.to_string(),
            row,
            field,
            value: value.to_string(),
            reason: reason.to_string(),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| err(1, "header", "", &e.to_string()))?
            .clone();
        let expected = ["date", "kind", "name"];
        if headers.iter().collect::<Vec<_>>() != expected {
            return Err(err(
                1,
                "header",
                &headers.iter().collect::<Vec<_>>().join(","),
                "expected the columns date,kind,name",
            ));
        }
        let mut days = BTreeMap::new();
        for (i, record) in reader.records().enumerate() {
            let row = i + 2;
            let record = record.map_err(|e| err(row, "row", "", &e.to_string()))?;
            let field = |n: usize| record.get(n).unwrap_or("");
            let date: Date = crate::civil::parse_date(field(0))
                .map_err(|e| err(row, "date", field(0), &e.to_string()))?;
            let kind = match field(1) {
                "holiday" => CalendarDayKind::Holiday,
                "workday" => CalendarDayKind::Workday,
                other => return Err(err(row, "kind", other, "expected 'holiday' or 'workday'")),
            };
            if kind == CalendarDayKind::Workday
                && !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
            {
                return Err(err(
                    row,
                    "kind",
                    "workday",
                    &format!(
                        "an adjusted working day must be a Saturday or Sunday, {date} is a {:?}",
                        date.weekday()
                    ),
                ));
            }
            let name = field(2);
            if name.is_empty() {
                return Err(err(row, "name", name, "the festival's name is missing"));
            }
            let entry = CalendarEntry {
                kind,
                name: name.to_string(),
            };
            if days.insert(date, entry).is_some() {
                return Err(err(row, "date", field(0), "this date is listed twice"));
            }
        }
        let covered = days
            .iter()
            .filter(|(d, e)| d.month() == 1 && d.day() == 1 && e.kind == CalendarDayKind::Holiday)
            .map(|(d, _)| d.year())
            .collect();
        Ok(HolidayCalendar { days, covered })
    }

    /// Whether the holidays of `year` are known (see the module docs).
    pub fn covers(&self, year: i16) -> bool {
        self.covered.contains(&year)
    }

    /// The covered years, ascending.
    pub fn covered_years(&self) -> impl Iterator<Item = i16> + '_ {
        self.covered.iter().copied()
    }

    /// The listed entry for a date, if any.
    pub fn entry(&self, date: Date) -> Option<&CalendarEntry> {
        self.days.get(&date)
    }

    /// `Some(true)` for a listed holiday, `Some(false)` for any other date of a covered year,
    /// `None` for an unlisted date of a year that is not covered.
    pub fn is_public_holiday(&self, date: Date) -> Option<bool> {
        match self.days.get(&date) {
            Some(e) => Some(e.kind == CalendarDayKind::Holiday),
            None if self.covers(date.year()) => Some(false),
            None => None,
        }
    }

    /// Whether people work on `date`: holidays are off, adjusted workdays are worked, otherwise
    /// Monday–Friday. `None` for an unlisted date of a year that is not covered.
    pub fn is_working_day(&self, date: Date) -> Option<bool> {
        match self.days.get(&date) {
            Some(e) => Some(e.kind == CalendarDayKind::Workday),
            None if self.covers(date.year()) => Some(!matches!(
                date.weekday(),
                Weekday::Saturday | Weekday::Sunday
            )),
            None => None,
        }
    }

    /// "public holidays unknown for 2027 (…)" when `year` is not covered, else `None`.
    pub fn coverage_note(&self, year: i16) -> Option<String> {
        if self.covers(year) {
            return None;
        }
        let years: Vec<String> = self.covered.iter().map(|y| y.to_string()).collect();
        Some(format!(
            "public holidays unknown for {year} (the holiday data covers {}): 'PH' rules were \
             evaluated as if no day of {year} were a public holiday",
            if years.is_empty() {
                "no year".to_string()
            } else {
                years.join(", ")
            }
        ))
    }

    /// The holidays as the `opening-hours` evaluator's calendar, so `PH` uses OUR data.
    pub(crate) fn context_holidays(&self) -> ContextHolidays {
        let mut public = CompactCalendar::default();
        for (d, e) in &self.days {
            if e.kind == CalendarDayKind::Holiday {
                public.insert(crate::hours::to_chrono_date(*d));
            }
        }
        ContextHolidays::new(Arc::new(public), Arc::new(CompactCalendar::default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn malformed_rows_name_row_and_field() {
        let e =
            HolidayCalendar::parse("cn.csv", "date,kind,name\n2024-13-01,holiday,X\n").unwrap_err();
        assert_eq!((e.row, e.field), (2, "date"));
        assert!(
            e.to_string().starts_with("cn.csv, row 2, field 'date'"),
            "{e}"
        );
        let e = HolidayCalendar::parse(
            "cn.csv",
            "date,kind,name\n2024-01-01,holiday,A\n2024-01-02,day off,B\n",
        )
        .unwrap_err();
        assert_eq!((e.row, e.field, e.value.as_str()), (3, "kind", "day off"));
        // 2024-05-13 is a Monday: not a plausible adjusted working day.
        let e =
            HolidayCalendar::parse("cn.csv", "date,kind,name\n2024-05-13,workday,X\n").unwrap_err();
        assert_eq!(e.field, "kind");
        let e = HolidayCalendar::parse(
            "cn.csv",
            "date,kind,name\n2024-01-01,holiday,A\n2024-01-01,holiday,A\n",
        )
        .unwrap_err();
        assert!(e.reason.contains("twice"));
        let e = HolidayCalendar::parse("cn.csv", "day,kind,name\n").unwrap_err();
        assert_eq!(e.field, "header");
    }

    #[test]
    fn a_stray_row_does_not_cover_its_year() {
        let cal = HolidayCalendar::parse(
            "cn.csv",
            "date,kind,name\n2022-12-31,holiday,New Year\n2023-01-01,holiday,New Year\n",
        )
        .unwrap();
        assert!(cal.covers(2023));
        assert!(!cal.covers(2022));
        assert_eq!(cal.is_public_holiday(date(2022, 12, 31)), Some(true));
        assert_eq!(cal.is_public_holiday(date(2022, 12, 30)), None);
        assert!(
            cal.coverage_note(2022)
                .unwrap()
                .contains("unknown for 2022")
        );
    }
}
