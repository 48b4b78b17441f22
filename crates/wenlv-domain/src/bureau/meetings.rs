//! The monthly dispatch meeting (调度会, 每月一地): a calendar that moves the site every month,
//! the agenda drawn from what is late, and decisions followed up until done.
//!
//! Dates come from a rule such as "the last working Thursday of each month": a Thursday that
//! is a public holiday (or not a working day) is skipped for the Thursday before it. Holidays
//! are data ([`HolidayCalendar`]); for a year the calendar does not cover, no schedule is
//! made — a guess could put the meeting on a holiday.

use super::projects::{Project, Stage};
use super::status::{DueSoon, ItemStatus, Status, StatusRules};
use crate::calendar::HolidayCalendar;
use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};
use std::fmt;

/// Which day of each month a meeting falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleRule {
    /// The last such weekday of the month that is a working day (`last-thursday`).
    Last(Weekday),
    /// The first such weekday of the month that is a working day (`first-monday`).
    First(Weekday),
    /// The last working day of the month (`last-working-day`).
    LastWorkingDay,
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

impl ScheduleRule {
    /// `last-thursday`, `first-monday`, … or `last-working-day`.
    pub fn parse(text: &str) -> Result<ScheduleRule, UnknownRule> {
        let t = text.trim().to_ascii_lowercase();
        if t == "last-working-day" {
            return Ok(ScheduleRule::LastWorkingDay);
        }
        let day = |name: &str| WEEKDAYS.iter().find(|(n, _)| *n == name).map(|(_, d)| *d);
        let rule = if let Some(d) = t.strip_prefix("last-").and_then(day) {
            Some(ScheduleRule::Last(d))
        } else {
            t.strip_prefix("first-")
                .and_then(day)
                .map(ScheduleRule::First)
        };
        rule.ok_or_else(|| UnknownRule(crate::civil::clip(text.trim(), 60).into_owned()))
    }
}

/// A text that names no schedule rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a schedule rule (expected last-WEEKDAY, first-WEEKDAY or last-working-day, e.g. last-thursday)"
)]
pub struct UnknownRule(pub String);

impl fmt::Display for ScheduleRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = |d: Weekday| {
            WEEKDAYS
                .iter()
                .find(|(_, w)| *w == d)
                .map_or("?", |(n, _)| n)
        };
        match self {
            ScheduleRule::Last(d) => write!(f, "last-{}", name(*d)),
            ScheduleRule::First(d) => write!(f, "first-{}", name(*d)),
            ScheduleRule::LastWorkingDay => f.write_str("last-working-day"),
        }
    }
}

/// Why no schedule could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("no sites given: a schedule needs at least one site")]
    NoSites,
    #[error(
        "public holidays for {0} are not in the holiday calendar, so meeting dates cannot be checked against them"
    )]
    YearNotCovered(i16),
    #[error("{year}-{month:02} has no working day matching {rule}")]
    NoDay { year: i16, month: i8, rule: String },
}

/// A meeting's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingStatus {
    Planned,
    Held,
}

impl MeetingStatus {
    /// `planned` or `held`.
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingStatus::Planned => "planned",
            MeetingStatus::Held => "held",
        }
    }
}

/// A meeting of the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub date: Date,
    pub site: String,
    pub status: MeetingStatus,
}

fn working(calendar: &HolidayCalendar, d: Date) -> Result<bool, ScheduleError> {
    calendar
        .is_working_day(d)
        .ok_or(ScheduleError::YearNotCovered(d.year()))
}

/// The day of `year`-`month` the rule gives.
pub fn meeting_day(
    rule: ScheduleRule,
    year: i16,
    month: i8,
    calendar: &HolidayCalendar,
) -> Result<Date, ScheduleError> {
    let first = date(year, month, 1);
    let last = first.last_of_month();
    let days: Vec<Date> = first.series(1.day()).take_while(|d| *d <= last).collect();
    let matches = |d: &Date| -> Result<bool, ScheduleError> {
        Ok(match rule {
            ScheduleRule::Last(w) | ScheduleRule::First(w) => {
                d.weekday() == w && working(calendar, *d)?
            }
            ScheduleRule::LastWorkingDay => working(calendar, *d)?,
        })
    };
    let pick = |it: &mut dyn Iterator<Item = &Date>| -> Result<Option<Date>, ScheduleError> {
        for d in it {
            if matches(d)? {
                return Ok(Some(*d));
            }
        }
        Ok(None)
    };
    let found = match rule {
        ScheduleRule::First(_) => pick(&mut days.iter())?,
        _ => pick(&mut days.iter().rev())?,
    };
    found.ok_or_else(|| ScheduleError::NoDay {
        year,
        month,
        rule: rule.to_string(),
    })
}

/// One meeting a month of `year`, the sites taken in turn (January the first site, February
/// the second, … starting over when they run out).
pub fn schedule(
    year: i16,
    sites: &[String],
    rule: ScheduleRule,
    calendar: &HolidayCalendar,
) -> Result<Vec<Meeting>, ScheduleError> {
    if sites.is_empty() {
        return Err(ScheduleError::NoSites);
    }
    if !calendar.covers(year) {
        return Err(ScheduleError::YearNotCovered(year));
    }
    (1..=12i8)
        .map(|month| {
            Ok(Meeting {
                date: meeting_day(rule, year, month, calendar)?,
                site: sites[(month as usize - 1) % sites.len()].clone(),
                status: MeetingStatus::Planned,
            })
        })
        .collect()
}

/// What re-scheduling a year does to the stored calendar.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rescheduled {
    /// Planned meetings of the year that are dropped.
    pub removed: Vec<Meeting>,
    /// New meetings to store.
    pub added: Vec<Meeting>,
    /// Held meetings, kept as they are.
    pub kept: Vec<Meeting>,
}

/// Replaces `year`'s meetings not yet held by `generated`; held meetings are kept and a month
/// that already had its meeting held gets no second one. Meetings of other years are untouched.
pub fn reschedule(existing: &[Meeting], generated: Vec<Meeting>, year: i16) -> Rescheduled {
    let of_year = |m: &&Meeting| m.date.year() == year;
    let kept: Vec<Meeting> = existing
        .iter()
        .filter(of_year)
        .filter(|m| m.status == MeetingStatus::Held)
        .cloned()
        .collect();
    let removed = existing
        .iter()
        .filter(of_year)
        .filter(|m| m.status == MeetingStatus::Planned)
        .cloned()
        .collect();
    let added = generated
        .into_iter()
        .filter(|g| g.date.year() == year)
        .filter(|g| !kept.iter().any(|k| k.date.month() == g.date.month()))
        .collect();
    Rescheduled {
        removed,
        added,
        kept,
    }
}

/// A decision of a meeting, followed up until done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub decision: String,
    pub owner_unit: String,
    pub due: Date,
    /// When it was reported done.
    pub done_on: Option<Date>,
}

/// A follow-up's status as of a date, by the plan's rules: done; red when overdue; amber when
/// due within the due-soon window; green otherwise — with the reason.
pub fn follow_up_status(
    f: &FollowUp,
    as_of: Date,
    rules: &StatusRules,
    calendar: &HolidayCalendar,
) -> (Status, String) {
    if let Some(done) = f.done_on.filter(|d| *d <= as_of) {
        return (Status::Done, format!("done on {done} (due {})", f.due));
    }
    if f.due < as_of {
        let late = (as_of - f.due).get_days();
        return (
            Status::Red,
            format!("due {}, not done: {late} days overdue", f.due),
        );
    }
    let within = match rules.due_soon {
        DueSoon::CalendarDays(n) => (f.due - as_of).get_days() <= n as i32,
        DueSoon::WorkingDays(n) => {
            // Working days after `as_of` up to and including the due date; Monday–Friday where
            // the calendar does not cover the year.
            let count = as_of
                .series(1.day())
                .skip(1)
                .take_while(|d| *d <= f.due)
                .filter(|d| {
                    calendar
                        .is_working_day(*d)
                        .unwrap_or(!matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday))
                })
                .count();
            count <= n as usize
        }
    };
    if within {
        (Status::Amber, format!("due {}, not done yet", f.due))
    } else {
        (Status::Green, format!("due {}", f.due))
    }
}

/// What one agenda line is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgendaSubject {
    /// A battle-map item (its code).
    Item(String),
    /// A project of the library (its code).
    Project(String),
    /// A follow-up of the last meeting (its decision).
    FollowUp(String),
}

/// One line of a meeting's agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaLine {
    pub subject: AgendaSubject,
    pub status: Status,
    pub reason: String,
}

/// When a project counts as stalled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StallRule {
    /// In study or implementation with no stage change for this many days.
    pub unchanged_days: i32,
}

impl Default for StallRule {
    fn default() -> StallRule {
        StallRule {
            unchanged_days: 180,
        }
    }
}

/// Why a project is stalled as of `as_of`, if it is: past its planned completion and not
/// completed, or in study or implementation with no stage change for too long.
pub fn stalled(p: &Project, as_of: Date, rule: StallRule) -> Option<String> {
    if matches!(p.stage, Stage::Completed | Stage::Shelved) {
        return None;
    }
    if let Some(planned) = p.planned_completion
        && planned < as_of
    {
        return Some(format!(
            "planned completion {planned} passed, still at stage {}",
            p.stage
        ));
    }
    let since = p.history.last().map(|c| c.on)?;
    let days = (as_of - since).get_days();
    (matches!(p.stage, Stage::Study | Stage::Implementation) && days >= rule.unchanged_days)
        .then(|| format!("at stage {} since {since} ({days} days)", p.stage))
}

/// The agenda of a meeting held on `on`: every red, then every amber battle-map item (each
/// judged on its own, not a parent repeating its child), the stalled projects, and the last
/// meeting's follow-ups that are not done — worst first.
pub fn agenda(
    items: &[ItemStatus],
    projects: &[Project],
    follow_ups: &[FollowUp],
    on: Date,
    rules: &StatusRules,
    stall: StallRule,
    calendar: &HolidayCalendar,
) -> Vec<AgendaLine> {
    let mut lines: Vec<AgendaLine> = items
        .iter()
        .filter(|i| matches!(i.status, Status::Red | Status::Amber) && i.decided_by.is_none())
        .map(|i| AgendaLine {
            subject: AgendaSubject::Item(i.code.as_str().to_string()),
            status: i.status,
            reason: i.reason.clone(),
        })
        .collect();
    lines.extend(projects.iter().filter_map(|p| {
        stalled(p, on, stall).map(|reason| AgendaLine {
            subject: AgendaSubject::Project(p.code.clone()),
            status: Status::Red,
            reason,
        })
    }));
    lines.extend(follow_ups.iter().filter_map(|f| {
        let (status, reason) = follow_up_status(f, on, rules, calendar);
        (status != Status::Done).then(|| AgendaLine {
            subject: AgendaSubject::FollowUp(f.decision.clone()),
            status,
            reason,
        })
    }));
    // Stable: within a status the order above (items, projects, follow-ups) is kept.
    lines.sort_by_key(|l| std::cmp::Reverse(l.status));
    lines
}

/// The last meeting's follow-ups as the next meeting shows them: done or not done since then.
pub fn since_last_time(follow_ups: &[FollowUp], next_meeting: Date) -> Vec<(String, bool)> {
    follow_ups
        .iter()
        .map(|f| {
            (
                f.decision.clone(),
                f.done_on.is_some_and(|d| d <= next_meeting),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// China's 2024 and 2025 holidays and adjusted working days, from the project's data.
    fn calendar() -> HolidayCalendar {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/holidays/cn.csv"
        ))
        .expect("the holiday file");
        HolidayCalendar::parse("cn.csv", &text).unwrap()
    }

    fn sites() -> Vec<String> {
        [
            "城东区",
            "城中区",
            "城西区",
            "城北区",
            "湟中区",
            "大通县",
            "湟源县",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn last_working_thursdays_of_2024_skip_the_national_day_holiday() {
        let cal = calendar();
        let s = schedule(2024, &sites(), ScheduleRule::Last(Weekday::Thursday), &cal).unwrap();
        let dates: Vec<String> = s.iter().map(|m| m.date.to_string()).collect();
        // 2024-10-03 (Thursday) is inside the National Day holiday, but October's last
        // Thursday is the 31st; every date is a Thursday and a working day.
        assert_eq!(
            dates,
            [
                "2024-01-25",
                "2024-02-29",
                "2024-03-28",
                "2024-04-25",
                "2024-05-30",
                "2024-06-27",
                "2024-07-25",
                "2024-08-29",
                "2024-09-26",
                "2024-10-31",
                "2024-11-28",
                "2024-12-26"
            ]
        );
        assert_eq!(s[0].site, "城东区");
        assert_eq!(
            s[7].site, "城东区",
            "the eighth month starts the rotation over"
        );
        assert!(s.iter().all(|m| m.status == MeetingStatus::Planned));
    }

    #[test]
    fn a_holiday_thursday_gives_way_to_the_thursday_before() {
        let cal = calendar();
        // 2025-01-30 is a Thursday inside the Spring Festival holiday (2025-01-28..02-04).
        assert_eq!(cal.is_public_holiday(date(2025, 1, 30)), Some(true));
        assert_eq!(
            meeting_day(ScheduleRule::Last(Weekday::Thursday), 2025, 1, &cal).unwrap(),
            date(2025, 1, 23)
        );
        // 2024-10-01..07 is National Day: the first working Thursday of October is the 10th.
        assert_eq!(
            meeting_day(ScheduleRule::First(Weekday::Thursday), 2024, 10, &cal).unwrap(),
            date(2024, 10, 10)
        );
        // The last working day of September 2024 is Monday the 30th (the holiday starts 10-01).
        assert_eq!(
            meeting_day(ScheduleRule::LastWorkingDay, 2024, 9, &cal).unwrap(),
            date(2024, 9, 30)
        );
        // February 2024: the Spring Festival adjusted working day Sunday 02-18 is a working
        // day, and the month's last working day is Thursday the 29th.
        assert_eq!(
            meeting_day(ScheduleRule::LastWorkingDay, 2024, 2, &cal).unwrap(),
            date(2024, 2, 29)
        );
    }

    #[test]
    fn a_year_without_holiday_data_or_without_sites_is_refused() {
        let cal = calendar();
        let e = schedule(2031, &sites(), ScheduleRule::Last(Weekday::Thursday), &cal).unwrap_err();
        assert_eq!(e, ScheduleError::YearNotCovered(2031));
        let e = schedule(2024, &[], ScheduleRule::LastWorkingDay, &cal).unwrap_err();
        assert_eq!(e, ScheduleError::NoSites);
    }

    #[test]
    fn rules_are_read_and_written_back() {
        for text in ["last-thursday", "first-monday", "last-working-day"] {
            assert_eq!(ScheduleRule::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(
            ScheduleRule::parse(" Last-Friday ").unwrap(),
            ScheduleRule::Last(Weekday::Friday)
        );
        let e = ScheduleRule::parse("every-thursday")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("every-thursday") && e.contains("last-thursday"),
            "{e}"
        );
    }

    #[test]
    fn rescheduling_keeps_held_meetings_and_never_doubles_a_month() {
        let cal = calendar();
        let old = schedule(2024, &sites(), ScheduleRule::Last(Weekday::Thursday), &cal).unwrap();
        let mut existing = old.clone();
        existing[0].status = MeetingStatus::Held;
        existing[1].status = MeetingStatus::Held;
        existing.push(Meeting {
            date: date(2023, 12, 28),
            site: "城中区".into(),
            status: MeetingStatus::Planned,
        });
        let new_sites = vec!["湟源县".to_string(), "大通县".to_string()];
        let generated = schedule(2024, &new_sites, ScheduleRule::LastWorkingDay, &cal).unwrap();
        let r = reschedule(&existing, generated, 2024);
        assert_eq!(r.kept.len(), 2);
        assert_eq!(r.removed.len(), 10);
        assert!(r.removed.iter().all(|m| m.date.year() == 2024));
        assert_eq!(r.added.len(), 10);
        assert!(r.added.iter().all(|m| m.date.month() >= 3));
        // Run again on the result: the same, nothing doubled.
        let mut after: Vec<Meeting> = r.kept.clone();
        after.extend(r.added.clone());
        let again = reschedule(
            &after,
            schedule(2024, &new_sites, ScheduleRule::LastWorkingDay, &cal).unwrap(),
            2024,
        );
        assert_eq!(again.added, r.added);
        assert_eq!(again.removed, r.added);
    }

    fn follow_up(due: Date, done_on: Option<Date>) -> FollowUp {
        FollowUp {
            decision: "协调解决塔尔寺停车场用地".into(),
            owner_unit: "湟中区人民政府".into(),
            due,
            done_on,
        }
    }

    #[test]
    fn follow_ups_follow_the_status_rules() {
        let cal = calendar();
        let rules = StatusRules::default();
        let as_of = date(2024, 9, 26);
        assert_eq!(
            follow_up_status(&follow_up(date(2024, 9, 1), None), as_of, &rules, &cal),
            (
                Status::Red,
                "due 2024-09-01, not done: 25 days overdue".to_string()
            )
        );
        assert_eq!(
            follow_up_status(&follow_up(date(2024, 10, 20), None), as_of, &rules, &cal).0,
            Status::Amber
        );
        assert_eq!(
            follow_up_status(&follow_up(date(2024, 12, 20), None), as_of, &rules, &cal).0,
            Status::Green
        );
        assert_eq!(
            follow_up_status(
                &follow_up(date(2024, 9, 1), Some(date(2024, 9, 20))),
                as_of,
                &rules,
                &cal
            )
            .0,
            Status::Done
        );
        // Done later than the as-of date does not count yet (history can be replayed).
        assert_eq!(
            follow_up_status(
                &follow_up(date(2024, 9, 1), Some(date(2024, 9, 30))),
                as_of,
                &rules,
                &cal
            )
            .0,
            Status::Red
        );
        // Five working days: 2024-09-30 to 2024-10-08 spans National Day — only 09-30 and
        // 10-08 are worked (plus the adjusted Saturday 10-12 is after the due date).
        let five = StatusRules {
            due_soon: DueSoon::WorkingDays(5),
            ..rules
        };
        assert_eq!(
            follow_up_status(
                &follow_up(date(2024, 10, 8), None),
                date(2024, 9, 29),
                &five,
                &cal
            )
            .0,
            Status::Amber
        );
        assert_eq!(
            follow_up_status(
                &follow_up(date(2024, 10, 8), None),
                date(2024, 9, 20),
                &five,
                &cal
            )
            .0,
            Status::Green
        );
    }

    #[test]
    fn the_agenda_lists_late_items_stalled_projects_and_open_follow_ups_worst_first() {
        let cal = calendar();
        let on = date(2024, 9, 26);
        let mut slow = Project::new(
            "P1",
            "大通段长城国家文化公园",
            Stage::Study,
            date(2023, 1, 1),
            "t",
        );
        slow.planned_completion = None;
        let mut late = Project::new(
            "P2",
            "特色小镇",
            Stage::Implementation,
            date(2024, 6, 1),
            "t",
        );
        late.planned_completion = Some(date(2024, 8, 31));
        let fresh = Project::new("P3", "新项目", Stage::Implementation, date(2024, 8, 1), "t");
        let done = Project::new("P4", "完成", Stage::Completed, date(2020, 1, 1), "t");
        let lines = agenda(
            &[],
            &[slow, late, fresh, done],
            &[
                follow_up(date(2024, 10, 10), None),
                follow_up(date(2024, 9, 1), Some(date(2024, 9, 2))),
            ],
            on,
            &StatusRules::default(),
            StallRule::default(),
            &cal,
        );
        let subjects: Vec<&AgendaSubject> = lines.iter().map(|l| &l.subject).collect();
        assert_eq!(
            subjects,
            [
                &AgendaSubject::Project("P1".into()),
                &AgendaSubject::Project("P2".into()),
                &AgendaSubject::FollowUp("协调解决塔尔寺停车场用地".into()),
            ]
        );
        assert!(
            lines[0].reason.contains("since 2023-01-01"),
            "{}",
            lines[0].reason
        );
        assert!(lines[1].reason.contains("planned completion 2024-08-31"));
        assert_eq!(lines[2].status, Status::Amber);
        assert_eq!(
            since_last_time(
                &[
                    follow_up(date(2024, 10, 10), None),
                    follow_up(date(2024, 9, 1), Some(date(2024, 9, 2)))
                ],
                on
            )
            .iter()
            .map(|(_, done)| *done)
            .collect::<Vec<_>>(),
            [false, true]
        );
    }
}
