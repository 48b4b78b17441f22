//! Opening hours: "is it open when I get there?", to the minute, for one place and one local day.
//!
//! A place's hours are an OpenStreetMap `opening_hours` expression ([`OpeningHoursSpec`]), read
//! and evaluated by the `opening-hours` crate. Its `PH` (public holiday) selector is fed from
//! OUR [`HolidayCalendar`] (the State Council notices in `data/holidays/cn.csv`), not from the
//! crate's built-in country lists: the evaluator gets the holiday set through its context.
//!
//! ## Time
//! All inputs and outputs are **civil (local) times in the city's time zone** (Xining:
//! Asia/Shanghai). China has had no daylight-saving time since 1991, so a local civil time is
//! never ambiguous and a caller turns an instant into one with
//! `timestamp.to_zoned(tz).datetime()`.
//!
//! The public API uses only `jiff::civil::{Date, DateTime, Time}`: jiff is the workspace's time
//! library (storage boundary, web, the optimiser), so everyone speaks one date type. The
//! `opening-hours` crate is built on chrono; chrono stays inside this module and values are
//! converted field by field (year, month, day, hour, minute) at the boundary, which is exact.
//!
//! ## Days and midnight
//! [`HoursEvaluator::day`] returns the open intervals of one civil day. An interval that runs
//! past midnight (`Fr 20:00-02:00`) is reported on the day it starts with `to` = "02:00" and
//! `ends_next_day = true`; the next day lists its own 00:00–02:00 part with
//! `started_previous_day = true`. A place open around the clock (`24/7`) is one interval
//! 00:00–24:00 each day.
//!
//! ```
//! use jiff::civil::date;
//! use wenlv_domain::{HolidayCalendar, HoursEvaluator, OpeningHoursSpec};
//! let holidays = HolidayCalendar::parse("cn.csv", "date,kind,name\n\
//!     2024-01-01,holiday,New Year's Day 元旦\n2024-06-10,holiday,Dragon Boat Festival 端午节\n").unwrap();
//! let hours = HoursEvaluator::new(&holidays);
//! let spec = OpeningHoursSpec::parse("Tu-Su 09:00-17:00; Mo off; PH 09:00-17:00").unwrap();
//! // 2024-06-10 is a Monday and a public holiday: open.
//! let day = hours.day(&spec, Some(30), date(2024, 6, 10));
//! assert_eq!(serde_json::to_value(&day).unwrap()["open"][0]["to"], "17:00");
//! assert_eq!(day.last_admission.unwrap().to_string(), "16:30:00");
//! // 2024-06-03 is an ordinary Monday: closed.
//! assert!(hours.day(&spec, Some(30), date(2024, 6, 3)).open.is_empty());
//! ```

use crate::{HolidayCalendar, OpeningHoursSpec, Place};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use jiff::civil::{Date, DateTime, Time};
use jiff::{Span, ToSpan};
use opening_hours::{Context, OpeningHours, RuleKind};
use serde::{Serialize, Serializer};

/// Evaluates opening hours against one holiday calendar. Cheap to build; keep one per request or
/// share it.
#[derive(Debug, Clone)]
pub struct HoursEvaluator<'a> {
    holidays: &'a HolidayCalendar,
    context: Context,
}

/// One stretch of a day in one state, as local civil date-times (`end` exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interval {
    pub start: DateTime,
    pub end: DateTime,
    /// Latest admission: `end` minus the place's last-admission minutes (never before `start`);
    /// `None` when unknown or when the interval runs on past the end of the next day.
    pub last_admission: Option<Time>,
    /// The comment written in the expression for this stretch (`"by appointment"`), if any.
    pub comment: Option<String>,
    /// The stretch began the day before (the tail of an overnight opening, or `24/7`).
    pub started_previous_day: bool,
}

impl Interval {
    /// Whether `to` lies on the following day (an overnight opening, or "24:00").
    pub fn ends_next_day(&self) -> bool {
        self.end.date() > self.start.date()
    }
}

impl Serialize for Interval {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Wire<'a> {
            from: String,
            to: String,
            #[serde(skip_serializing_if = "std::ops::Not::not")]
            ends_next_day: bool,
            #[serde(skip_serializing_if = "std::ops::Not::not")]
            started_previous_day: bool,
            last_admission: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            comment: Option<&'a str>,
        }
        let midnight_next = self.end.time() == Time::midnight() && self.ends_next_day();
        Wire {
            from: hhmm(self.start.time()),
            to: if midnight_next {
                "24:00".to_string()
            } else {
                hhmm(self.end.time())
            },
            ends_next_day: self.ends_next_day() && !midnight_next,
            started_previous_day: self.started_previous_day,
            last_admission: self.last_admission.map(hhmm),
            comment: self.comment.as_deref(),
        }
        .serialize(s)
    }
}

/// The hours of one place on one local day, in the shape the API returns
/// (`{"date", "open": [{"from","to"}], "last_admission", "note"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayHours {
    pub date: Date,
    /// Open stretches in order; empty when closed all day.
    pub open: Vec<Interval>,
    /// Stretches the expression marks `unknown` (e.g. `PH unknown`): neither open nor closed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<Interval>,
    /// The last admission of the day (that of the last open stretch); `None` when unknown.
    #[serde(serialize_with = "ser_opt_hhmm")]
    pub last_admission: Option<Time>,
    /// The day is a public holiday in our data (`None`: the holidays of the year are unknown).
    pub public_holiday: Option<bool>,
    /// What the expression does not say in times: its comments, unknown holidays, unknown hours.
    pub note: Option<String>,
}

fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn ser_opt_hhmm<S: Serializer>(t: &Option<Time>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&hhmm(*t)),
        None => s.serialize_none(),
    }
}

pub(crate) fn to_chrono_date(d: Date) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year().into(), d.month() as u32, d.day() as u32)
        .expect("a jiff date is a valid chrono date")
}

fn to_chrono(dt: DateTime) -> NaiveDateTime {
    to_chrono_date(dt.date())
        .and_hms_opt(dt.hour() as u32, dt.minute() as u32, dt.second() as u32)
        .expect("a jiff time is a valid chrono time")
}

fn from_chrono(dt: NaiveDateTime) -> DateTime {
    // opening-hours works in [1900, 10000) and may answer its own limit (10000-01-01) for "never":
    // past jiff's last instant, the end of jiff's calendar stands for it.
    i16::try_from(dt.year())
        .ok()
        .and_then(|year| {
            DateTime::new(
                year,
                dt.month() as i8,
                dt.day() as i8,
                dt.hour() as i8,
                dt.minute() as i8,
                dt.second() as i8,
                0,
            )
            .ok()
        })
        .unwrap_or(DateTime::MAX)
}

fn comment(c: &str) -> Option<String> {
    let c = c.trim();
    (!c.is_empty()).then(|| c.to_string())
}

impl<'a> HoursEvaluator<'a> {
    /// An evaluator whose `PH` is `holidays`.
    pub fn new(holidays: &'a HolidayCalendar) -> HoursEvaluator<'a> {
        let context = Context::default().with_holidays(holidays.context_holidays());
        HoursEvaluator { holidays, context }
    }

    /// The holiday calendar this evaluator uses.
    pub fn holidays(&self) -> &HolidayCalendar {
        self.holidays
    }

    /// Parses `spec` once for many questions (the optimiser asks "open at t?" often): the
    /// other methods of the evaluator parse on every call.
    pub fn compile(
        &self,
        spec: &OpeningHoursSpec,
        last_admission_minutes: Option<u32>,
    ) -> CompiledHours<'a> {
        let oh = spec
            .as_str()
            .parse::<OpeningHours>()
            .expect("an OpeningHoursSpec was checked by the same parser when made")
            .with_context(self.context.clone());
        CompiledHours {
            oh,
            holidays: self.holidays,
            uses_public_holidays: uses_public_holidays(spec),
            last_admission_minutes,
        }
    }

    /// The hours of `place` on `date`; `None` when its hours are unknown.
    pub fn place_day(&self, place: &Place, date: Date) -> Option<DayHours> {
        Some(self.compile_place(place)?.day(date))
    }

    /// `place`'s hours parsed once, for several days or times; `None` when they are unknown.
    pub fn compile_place(&self, place: &Place) -> Option<PlaceHours<'a>> {
        let spec = place.opening_hours.as_ref()?;
        Some(PlaceHours {
            hours: self.compile(spec, place.last_admission_minutes),
            note: place.hours_note.as_deref().and_then(comment),
        })
    }

    /// The open (and unknown) stretches of `date` for `spec`, with last admission
    /// `last_admission_minutes` before each closing (`None`: not known).
    pub fn day(
        &self,
        spec: &OpeningHoursSpec,
        last_admission_minutes: Option<u32>,
        date: Date,
    ) -> DayHours {
        self.compile(spec, last_admission_minutes).day(date)
    }

    /// Whether `spec` is open at the local civil time `at`.
    pub fn is_open_at(&self, spec: &OpeningHoursSpec, at: DateTime) -> bool {
        self.compile(spec, None).is_open_at(at)
    }

    /// The next local time after `at` at which the state (open/closed/unknown) changes; `None`
    /// when it never changes (`24/7`).
    pub fn next_change(&self, spec: &OpeningHoursSpec, at: DateTime) -> Option<DateTime> {
        self.compile(spec, None).next_change(at)
    }
}

/// A place's hours parsed once, with the place's own hours note added to every day's note.
#[derive(Debug, Clone)]
pub struct PlaceHours<'a> {
    pub hours: CompiledHours<'a>,
    note: Option<String>,
}

impl PlaceHours<'_> {
    /// The place's hours on `date` (see [`CompiledHours::day`]), with its hours note.
    pub fn day(&self, date: Date) -> DayHours {
        let mut day = self.hours.day(date);
        if let Some(n) = &self.note {
            day.note = Some(match day.note {
                Some(note) => format!("{note}; {n}"),
                None => n.clone(),
            });
        }
        day
    }

    /// Whether open at the local civil time `at`.
    pub fn is_open_at(&self, at: DateTime) -> bool {
        self.hours.is_open_at(at)
    }
}

/// One place's hours, parsed once, with the holiday calendar and last-admission rule attached.
#[derive(Debug, Clone)]
pub struct CompiledHours<'a> {
    oh: OpeningHours,
    holidays: &'a HolidayCalendar,
    uses_public_holidays: bool,
    last_admission_minutes: Option<u32>,
}

impl CompiledHours<'_> {
    /// Whether the expression has `PH` rules, so a year without holiday data changes answers.
    pub fn uses_public_holidays(&self) -> bool {
        self.uses_public_holidays
    }

    /// Whether open at the local civil time `at`.
    pub fn is_open_at(&self, at: DateTime) -> bool {
        self.oh.is_open(to_chrono(at))
    }

    /// The next local time after `at` at which the state changes; `None` if never.
    pub fn next_change(&self, at: DateTime) -> Option<DateTime> {
        self.oh.next_change(to_chrono(at)).map(from_chrono)
    }

    /// The open (and unknown) stretches of the local day `date` (see the module docs).
    pub fn day(&self, date: Date) -> DayHours {
        let oh = &self.oh;
        let last_admission_minutes = self.last_admission_minutes;
        let start = date.to_datetime(Time::midnight());
        // Callers pass dates checked by `civil::parse_date`, which leaves a margin to the end of
        // the calendar; at the very end (never reached through input), the last day runs to its end.
        let next_day = date.tomorrow().unwrap_or(date);
        let end = next_day.to_datetime(Time::midnight());
        let day_after = next_day
            .tomorrow()
            .unwrap_or(next_day)
            .to_datetime(Time::midnight());
        let mut open = Vec::new();
        let mut unknown = Vec::new();
        let mut comments: Vec<String> = Vec::new();
        for range in oh.iter_range(to_chrono(start), to_chrono(end)) {
            let (s, e) = (from_chrono(range.range.start), from_chrono(range.range.end));
            if let Some(c) = comment(&range.comment)
                && !comments.contains(&c)
            {
                comments.push(c);
            }
            if range.kind == RuleKind::Closed {
                continue;
            }
            let started_previous_day =
                s == start && oh.state(to_chrono(start - 1.minute())).0 == range.kind;
            // A stretch that reaches midnight may go on: find where it really ends, up to the end
            // of the next day (beyond that, e.g. 24/7, "24:00" is the honest answer for a day).
            let mut real_end = e;
            let mut runs_on = false;
            if e == end
                && let Some(next) = oh.iter_range(to_chrono(end), to_chrono(day_after)).next()
                && next.kind == range.kind
            {
                let ne = from_chrono(next.range.end);
                if ne < day_after {
                    real_end = ne;
                } else {
                    runs_on = true;
                }
            }
            let last_admission = match (range.kind, last_admission_minutes, runs_on) {
                (RuleKind::Open, Some(m), false) => {
                    let la = real_end - Span::new().minutes(i64::from(m));
                    Some(if la < s { s.time() } else { la.time() })
                }
                _ => None,
            };
            let interval = Interval {
                start: s,
                end: real_end,
                last_admission,
                comment: comment(&range.comment),
                started_previous_day,
            };
            match range.kind {
                RuleKind::Open => open.push(interval),
                _ => unknown.push(interval),
            }
        }
        let mut notes = comments;
        if !unknown.is_empty() {
            notes.push("hours partly unknown on this day".to_string());
        }
        if self.uses_public_holidays
            && let Some(n) = self.holidays.coverage_note(date.year())
        {
            notes.push(n);
        }
        DayHours {
            date,
            last_admission: open.last().and_then(|i| i.last_admission),
            open,
            unknown,
            public_holiday: self.holidays.is_public_holiday(date),
            note: (!notes.is_empty()).then(|| notes.join("; ")),
        }
    }
}

/// Whether an expression mentions `PH`, so its answer depends on the holiday data. A textual
/// test: `PH` is only meaningful as the holiday selector (comments are rarely in capitals).
pub fn uses_public_holidays(spec: &OpeningHoursSpec) -> bool {
    spec.as_str().contains("PH")
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, datetime, time};

    fn cal() -> HolidayCalendar {
        HolidayCalendar::parse(
            "inline",
            "date,kind,name\n2024-01-01,holiday,New Year\n2024-06-10,holiday,Dragon Boat\n",
        )
        .unwrap()
    }

    fn spec(s: &str) -> OpeningHoursSpec {
        OpeningHoursSpec::parse(s).unwrap()
    }

    #[test]
    fn overnight_and_around_the_clock() {
        let cal = cal();
        let h = HoursEvaluator::new(&cal);
        let s = spec("Fr 20:00-02:00");
        // 2024-03-08 is a Friday.
        let fri = h.day(&s, Some(30), date(2024, 3, 8));
        assert_eq!(fri.open.len(), 1);
        assert_eq!(fri.open[0].end, datetime(2024, 3, 9, 2, 0, 0, 0));
        assert_eq!(fri.last_admission, Some(time(1, 30, 0, 0)));
        let json = serde_json::to_value(&fri).unwrap();
        assert_eq!(json["open"][0]["to"], "02:00");
        assert_eq!(json["open"][0]["ends_next_day"], true);
        let sat = h.day(&s, None, date(2024, 3, 9));
        assert_eq!(sat.open.len(), 1);
        assert!(sat.open[0].started_previous_day);
        assert_eq!(sat.open[0].end.time(), time(2, 0, 0, 0));

        let always = h.day(&spec("24/7"), Some(30), date(2024, 3, 9));
        let json = serde_json::to_value(&always).unwrap();
        assert_eq!(json["open"][0]["from"], "00:00");
        assert_eq!(json["open"][0]["to"], "24:00");
        assert_eq!(json["last_admission"], serde_json::Value::Null);
        assert_eq!(
            h.next_change(&spec("24/7"), datetime(2024, 3, 9, 12, 0, 0, 0)),
            None
        );
    }

    #[test]
    fn comments_and_unknown_reach_the_note() {
        let cal = cal();
        let h = HoursEvaluator::new(&cal);
        let d = h.day(
            &spec(r#"Mo-Su 09:00-17:00 "last entry 16:30"; PH unknown"#),
            None,
            date(2024, 1, 1),
        );
        assert!(d.open.is_empty());
        assert_eq!(d.unknown.len(), 1);
        let note = d.note.unwrap();
        assert!(note.contains("partly unknown"), "{note}");
        let d = h.day(
            &spec(r#"Mo-Su 09:00-17:00 "last entry 16:30""#),
            None,
            date(2024, 1, 2),
        );
        assert_eq!(d.note.as_deref(), Some("last entry 16:30"));
        assert_eq!(d.open[0].comment.as_deref(), Some("last entry 16:30"));
    }
}
