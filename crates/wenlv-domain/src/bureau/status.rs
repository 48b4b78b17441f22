//! An item's status as of a date, computed from its dates and reports, never typed in.
//!
//! The rules, in order (thresholds from [`StatusRules`]):
//! 1. **done**: 100% reported (for a parent: 100% rolled up, every child done).
//! 2. **not started**: the start date is after the as-of date and no report counts yet (or the
//!    item has no dates and no report at all).
//! 3. **red**: overdue (the current due date is before the as-of date) and not done; or behind
//!    the straight-line expected progress by at least `red_behind` points.
//! 4. **amber**: behind by at least `amber_behind` points; or due within `due_soon` (calendar or
//!    working days, the latter with China's holidays and adjusted working days) and under
//!    `due_soon_below` percent.
//! 5. **green** otherwise.
//!
//! Expected progress is the share of the days from start to the current due date that have
//! passed by the as-of date (whole points, rounded). A report counts from its period: as of a
//! date, the latest report whose month is that date's month or earlier counts, whenever it was
//! entered — so a report entered late for an earlier month changes the replay of that month.
//! Among several reports for one month the last one given counts (callers pass them in the
//! order they were entered: an edit keeps history and the newest wins).
//!
//! A parent's progress is its children's weighted mean (weight 1 unless given), its own status
//! is judged from its own dates (else its children's earliest start and latest due) with that
//! progress, and with [`RollUp::WorstChild`] (the default) it is at least as bad as its worst
//! child, whose code and reason it then states.

use super::model::{Item, ItemCode, Percent, Period, levels};
use crate::calendar::HolidayCalendar;
use jiff::civil::{Date, Weekday};
use std::collections::HashMap;
use std::fmt;

/// A computed status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Done,
    NotStarted,
    Green,
    Amber,
    Red,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Done,
        Status::NotStarted,
        Status::Green,
        Status::Amber,
        Status::Red,
    ];
    /// The word in the API and files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::NotStarted => "not_started",
            Status::Green => "green",
            Status::Amber => "amber",
            Status::Red => "red",
        }
    }
    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }
    /// The word on the bureau's pages and sheets.
    pub fn zh(self) -> &'static str {
        match self {
            Status::Done => "已完成",
            Status::NotStarted => "未开始",
            Status::Green => "正常推进",
            Status::Amber => "滞后预警",
            Status::Red => "严重滞后",
        }
    }
    /// How bad: a parent takes its worst child's status. Done < not started < green < amber < red.
    fn severity(self) -> u8 {
        self as u8
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The window before a due date in which an item under `due_soon_below` percent is amber.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueSoon {
    CalendarDays(u32),
    /// Working days after the as-of date up to and including the due date, by China's holiday
    /// calendar where it covers the year (Monday–Friday elsewhere).
    WorkingDays(u32),
}

/// How a parent's status follows its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollUp {
    /// At least as bad as its worst child (the default).
    WorstChild,
    /// Judged only from its own dates and its children's rolled-up progress.
    OwnDates,
}

/// The configurable thresholds of the status rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusRules {
    /// X: amber when behind the expected progress by at least this many points.
    pub amber_behind: u8,
    /// Y: red when behind by at least this many points.
    pub red_behind: u8,
    /// N: the due-soon window.
    pub due_soon: DueSoon,
    /// Amber when due soon and under this percent.
    pub due_soon_below: u8,
    pub roll_up: RollUp,
}

impl Default for StatusRules {
    fn default() -> StatusRules {
        StatusRules {
            amber_behind: 10,
            red_behind: 25,
            due_soon: DueSoon::CalendarDays(30),
            due_soon_below: 80,
            roll_up: RollUp::WorstChild,
        }
    }
}

/// The part of a progress report the rules read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub code: ItemCode,
    pub period: Period,
    pub percent: Percent,
}

/// An item's status as of a date, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemStatus {
    pub code: ItemCode,
    pub level: usize,
    pub status: Status,
    pub reason: String,
    /// Reported (leaf) or rolled up (parent) progress, none when nothing was reported.
    pub progress: Option<Percent>,
    /// The month of the report that counts (leaves).
    pub reported_for: Option<Period>,
    /// Straight-line expected progress, when the item has both dates.
    pub expected: Option<u8>,
    /// The current due date (after deadline changes) and the days it slipped from the baseline.
    pub due: Option<Date>,
    pub slip_days: Option<i32>,
    /// For a parent whose worst child decided its status: that descendant.
    pub decided_by: Option<ItemCode>,
}

/// The status of every item (in the order given) as of `as_of`. `calendar` is needed only for
/// [`DueSoon::WorkingDays`]. Items are expected to form a checked tree ([`super::check_tree`]).
pub fn evaluate(
    items: &[Item],
    reports: &[Report],
    as_of: Date,
    rules: &StatusRules,
    calendar: Option<&HolidayCalendar>,
) -> Vec<ItemStatus> {
    let month = Period::of(as_of);
    let mut latest: HashMap<&ItemCode, (Period, Percent)> = HashMap::with_capacity(items.len());
    for r in reports.iter().filter(|r| r.period <= month) {
        match latest.get(&r.code) {
            Some((p, _)) if *p > r.period => {}
            _ => {
                latest.insert(&r.code, (r.period, r.percent));
            }
        }
    }
    let level = levels(items);
    let mut children: HashMap<&ItemCode, Vec<usize>> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(p) = &item.parent {
            children.entry(p).or_default().push(i);
        }
    }
    // Deepest first, so every child is judged before its parent.
    let mut order: Vec<usize> = (0..items.len()).collect();
    let depth: Vec<usize> = items.iter().map(|i| level[&i.code]).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(depth[i]));
    let mut out: Vec<Option<ItemStatus>> = vec![None; items.len()];
    for i in order {
        let item = &items[i];
        let due = item.due_as_of(as_of);
        let slip_days = match (item.due, due) {
            (Some(b), Some(c)) if b != c => Some((c - b).get_days()),
            _ => None,
        };
        let kids: Vec<&ItemStatus> = children
            .get(&item.code)
            .map(|v| v.iter().filter_map(|&k| out[k].as_ref()).collect())
            .unwrap_or_default();
        let st = if kids.is_empty() {
            let reported = latest.get(&item.code).copied();
            let (status, reason, expected) = judge(
                item.start,
                due,
                reported.map(|(p, pc)| (pc, format!("{pc} reported for {p}"))),
                as_of,
                rules,
                calendar,
            );
            ItemStatus {
                code: item.code.clone(),
                level: depth[i],
                status,
                reason,
                progress: reported.map(|r| r.1),
                reported_for: reported.map(|r| r.0),
                expected,
                due,
                slip_days,
                decided_by: None,
            }
        } else {
            roll_up(
                item,
                &kids,
                items,
                children.get(&item.code).unwrap(),
                due,
                slip_days,
                depth[i],
                as_of,
                rules,
                calendar,
            )
        };
        out[i] = Some(st);
    }
    out.into_iter()
        .map(|s| s.expect("every item judged"))
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn roll_up(
    item: &Item,
    kids: &[&ItemStatus],
    items: &[Item],
    kid_index: &[usize],
    due: Option<Date>,
    slip_days: Option<i32>,
    level: usize,
    as_of: Date,
    rules: &StatusRules,
    calendar: Option<&HolidayCalendar>,
) -> ItemStatus {
    let mut weight_sum = 0.0;
    let mut sum = 0.0;
    let mut any = false;
    for (k, &ki) in kids.iter().zip(kid_index) {
        let w = items[ki].weight.unwrap_or(1.0).max(0.0);
        weight_sum += w;
        if let Some(p) = k.progress {
            any = true;
            sum += w * f64::from(p.get());
        }
    }
    let progress = (any && weight_sum > 0.0)
        .then(|| Percent::from_points((sum / weight_sum).clamp(0.0, 100.0)).ok())
        .flatten();
    let start = item
        .start
        .or_else(|| kid_index.iter().filter_map(|&k| items[k].start).min());
    let own_due = due.or_else(|| kids.iter().filter_map(|k| k.due).max());
    let all_done = kids.iter().all(|k| k.status == Status::Done);
    let (mut status, mut reason, expected) = if all_done {
        (
            Status::Done,
            format!("all {} children done", kids.len()),
            None,
        )
    } else {
        let (s, r, e) = judge(
            start,
            own_due,
            progress.map(|p| (p, format!("{p} rolled up from {} children", kids.len()))),
            as_of,
            rules,
            calendar,
        );
        // A rolled-up 100% with a child not done (rounding) is not done.
        if s == Status::Done {
            (
                Status::Green,
                format!("{} rolled up, not every child done", progress.unwrap()),
                e,
            )
        } else {
            (s, r, e)
        }
    };
    let mut decided_by = None;
    if rules.roll_up == RollUp::WorstChild {
        let worst = kids
            .iter()
            .max_by(|a, b| {
                a.status
                    .severity()
                    .cmp(&b.status.severity())
                    .then_with(|| b.code.cmp(&a.code))
            })
            .expect("a parent has children");
        if worst.status.severity() > status.severity() {
            status = worst.status;
            let source = worst
                .decided_by
                .clone()
                .unwrap_or_else(|| worst.code.clone());
            let leaf_reason = match &worst.decided_by {
                Some(_) => worst
                    .reason
                    .split_once(": ")
                    .map(|x| x.1)
                    .unwrap_or(&worst.reason),
                None => &worst.reason,
            };
            reason = format!("{source} is {}: {leaf_reason}", worst.status);
            decided_by = Some(source);
        }
    }
    ItemStatus {
        code: item.code.clone(),
        level,
        status,
        reason,
        progress,
        reported_for: None,
        expected,
        due,
        slip_days,
        decided_by,
    }
}

/// The items that owe a report for `period`: leaves (items without children) that have started
/// by the month's last day, are not done (no 100% report for this month or earlier), and have
/// no report for this month — overdue items included: they still report until done. In the
/// order given.
pub fn missing_reports<'a>(items: &'a [Item], reports: &[Report], period: Period) -> Vec<&'a Item> {
    let parents: std::collections::HashSet<&ItemCode> =
        items.iter().filter_map(|i| i.parent.as_ref()).collect();
    let mut done = std::collections::HashSet::new();
    let mut this_month = std::collections::HashSet::new();
    for r in reports.iter().filter(|r| r.period <= period) {
        if r.percent == Percent::DONE {
            done.insert(&r.code);
        }
        if r.period == period {
            this_month.insert(&r.code);
        }
    }
    items
        .iter()
        .filter(|i| !parents.contains(&i.code))
        .filter(|i| i.start.is_some_and(|s| s <= period.last_day()))
        .filter(|i| !done.contains(&i.code) && !this_month.contains(&i.code))
        .collect()
}

/// One item's status from its dates and progress (with its phrase: "40% reported for 2024-06").
fn judge(
    start: Option<Date>,
    due: Option<Date>,
    progress: Option<(Percent, String)>,
    as_of: Date,
    rules: &StatusRules,
    calendar: Option<&HolidayCalendar>,
) -> (Status, String, Option<u8>) {
    if let Some((p, phrase)) = &progress
        && *p == Percent::DONE
    {
        return (Status::Done, phrase.clone(), Some(100));
    }
    if progress.is_none() {
        match (start, due) {
            (Some(s), _) if as_of < s => {
                return (
                    Status::NotStarted,
                    format!("starts {s}, no report yet"),
                    None,
                );
            }
            (None, None) => {
                return (
                    Status::NotStarted,
                    "no dates and no report yet".into(),
                    None,
                );
            }
            _ => {}
        }
    }
    let (points, phrase) = match &progress {
        Some((p, phrase)) => (p.get(), phrase.clone()),
        None => (0, "no report yet".to_string()),
    };
    let Some(due) = due else {
        return (Status::Green, format!("{phrase}, no due date"), None);
    };
    if due < as_of {
        return (
            Status::Red,
            format!("overdue: due {due}, {phrase}"),
            Some(100),
        );
    }
    let expected = start.map(|s| expected_points(s, due, as_of));
    if let Some(e) = expected {
        let behind = i32::from(e) - i32::from(points);
        let said = format!("{phrase}, expected {e}% by {as_of} (due {due})");
        if behind >= i32::from(rules.red_behind) {
            return (
                Status::Red,
                format!("{said}: behind by {behind} points"),
                expected,
            );
        }
        if behind >= i32::from(rules.amber_behind) {
            return (
                Status::Amber,
                format!("{said}: behind by {behind} points"),
                expected,
            );
        }
    }
    if points < rules.due_soon_below {
        let soon = match rules.due_soon {
            DueSoon::CalendarDays(n) => {
                let days = (due - as_of).get_days();
                (days <= n as i32).then(|| format!("{days} days"))
            }
            DueSoon::WorkingDays(n) => {
                let days = working_days_after(as_of, due, calendar);
                (days <= n).then(|| format!("{days} working days"))
            }
        };
        if let Some(within) = soon {
            return (
                Status::Amber,
                format!(
                    "due {due} in {within}, {phrase} (under {}%)",
                    rules.due_soon_below
                ),
                expected,
            );
        }
    }
    let said = match expected {
        Some(e) => format!("{phrase}, expected {e}% by {as_of} (due {due})"),
        None => format!("{phrase}, due {due}"),
    };
    (Status::Green, format!("{said}: on track"), expected)
}

/// Straight-line expected progress: the share of start..due passed by `as_of`, in whole points.
fn expected_points(start: Date, due: Date, as_of: Date) -> u8 {
    if as_of <= start {
        return 0;
    }
    if as_of >= due {
        return 100;
    }
    let total = f64::from((due - start).get_days());
    let passed = f64::from((as_of - start).get_days());
    (passed / total * 100.0).round().clamp(0.0, 100.0) as u8
}

/// Working days in (after, until]: China's calendar where it covers the year, else Mon–Fri.
fn working_days_after(after: Date, until: Date, calendar: Option<&HolidayCalendar>) -> u32 {
    let mut n = 0;
    let mut d = after;
    while d < until {
        d = d.tomorrow().expect("due dates lie inside the calendar");
        let works = calendar
            .and_then(|c| c.is_working_day(d))
            .unwrap_or(!matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday));
        n += u32::from(works);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bureau::model::DeadlineChange;
    use jiff::civil::date;
    use std::collections::BTreeMap;

    fn code(s: &str) -> ItemCode {
        ItemCode::parse(s).unwrap()
    }
    fn item(c: &str, start: Option<Date>, due: Option<Date>) -> Item {
        let mut i = Item::new(code(c), c);
        i.start = start;
        i.due = due;
        i
    }
    fn rep(c: &str, period: &str, pct: u8) -> Report {
        Report {
            code: code(c),
            period: Period::parse(period).unwrap(),
            percent: Percent::new(pct).unwrap(),
        }
    }
    fn one(item: Item, reports: &[Report], as_of: Date) -> ItemStatus {
        evaluate(&[item], reports, as_of, &StatusRules::default(), None).remove(0)
    }
    const Y24: (Option<Date>, Option<Date>) = (Some(date(2024, 1, 1)), Some(date(2024, 12, 31)));

    #[test]
    fn every_rule_with_real_dates_and_its_reason() {
        let (s, d) = Y24;
        let it = || item("1.1", s, d);
        // Done.
        let st = one(it(), &[rep("1.1", "2024-05", 100)], date(2024, 6, 30));
        assert_eq!(
            (st.status, st.reason.as_str()),
            (Status::Done, "100% reported for 2024-05")
        );
        // Not started: before the start, no report.
        let st = one(it(), &[], date(2023, 12, 31));
        assert_eq!(
            (st.status, st.reason.as_str()),
            (Status::NotStarted, "starts 2024-01-01, no report yet")
        );
        // Started, no report: counts as 0% and is judged (2024 is a leap year: 366 days;
        // 2024-02-29 is day 59 of 365 → 16%).
        let st = one(it(), &[], date(2024, 2, 29));
        assert_eq!(st.expected, Some(16));
        assert_eq!(st.status, Status::Amber, "{}", st.reason);
        assert_eq!(
            st.reason,
            "no report yet, expected 16% by 2024-02-29 (due 2024-12-31): behind by 16 points"
        );
        // Overdue and not done.
        let st = one(it(), &[rep("1.1", "2024-12", 95)], date(2025, 1, 1));
        assert_eq!(
            (st.status, st.reason.as_str()),
            (
                Status::Red,
                "overdue: due 2024-12-31, 95% reported for 2024-12"
            )
        );
        // Behind by ≥ 25 points: red; by ≥ 10: amber; less: green.
        let st = one(it(), &[rep("1.1", "2024-06", 20)], date(2024, 6, 30));
        assert_eq!((st.status, st.expected), (Status::Red, Some(50)));
        let st = one(it(), &[rep("1.1", "2024-06", 40)], date(2024, 6, 30));
        assert_eq!(st.status, Status::Amber);
        assert_eq!(
            st.reason,
            "40% reported for 2024-06, expected 50% by 2024-06-30 (due 2024-12-31): behind by 10 points"
        );
        let st = one(it(), &[rep("1.1", "2024-06", 41)], date(2024, 6, 30));
        assert_eq!(st.status, Status::Green);
        assert_eq!(
            st.reason,
            "41% reported for 2024-06, expected 50% by 2024-06-30 (due 2024-12-31): on track"
        );
        // Due within 30 days and under 80%: amber, though on the straight line.
        let st = one(
            item("2", Some(date(2024, 6, 1)), Some(date(2024, 6, 30))),
            &[rep("2", "2024-06", 79)],
            date(2024, 6, 20),
        );
        assert_eq!(st.status, Status::Amber);
        assert_eq!(
            st.reason,
            "due 2024-06-30 in 10 days, 79% reported for 2024-06 (under 80%)"
        );
        let st = one(
            item("2", Some(date(2024, 6, 1)), Some(date(2024, 6, 30))),
            &[rep("2", "2024-06", 80)],
            date(2024, 6, 20),
        );
        assert_eq!(st.status, Status::Green);
        // Due on the as-of date itself is not overdue yet: judged on the straight line.
        let st = one(it(), &[rep("1.1", "2024-12", 79)], date(2024, 12, 31));
        assert_eq!(st.status, Status::Amber, "{}", st.reason);
        assert_eq!(
            st.reason,
            "79% reported for 2024-12, expected 100% by 2024-12-31 (due 2024-12-31): behind by 21 points"
        );
    }

    #[test]
    fn thresholds_are_configurable() {
        let (s, d) = Y24;
        let rules = StatusRules {
            amber_behind: 5,
            red_behind: 8,
            due_soon: DueSoon::CalendarDays(0),
            ..StatusRules::default()
        };
        let got = evaluate(
            &[item("1", s, d)],
            &[rep("1", "2024-06", 41)],
            date(2024, 6, 30),
            &rules,
            None,
        );
        assert_eq!(got[0].status, Status::Red, "{}", got[0].reason);
        assert_eq!(
            got[0].reason,
            "41% reported for 2024-06, expected 50% by 2024-06-30 (due 2024-12-31): behind by 9 points"
        );
    }

    #[test]
    fn as_of_uses_reports_up_to_its_month_and_late_reports_replay() {
        let (s, d) = Y24;
        // Entered in this order: June first, then (late) the March report, then an edit of June.
        let reports = [
            rep("1", "2024-06", 45),
            rep("1", "2024-03", 30),
            rep("1", "2024-06", 50),
        ];
        let at = |as_of| one(item("1", s, d), &reports, as_of);
        let march = at(date(2024, 3, 31));
        assert_eq!(
            (
                march.progress.unwrap().get(),
                march.reported_for.unwrap().to_string()
            ),
            (30, "2024-03".into())
        );
        // Mid-May: March still counts (April and May have none).
        assert_eq!(at(date(2024, 5, 15)).progress.unwrap().get(), 30);
        // June: the later entry of the June report wins.
        assert_eq!(at(date(2024, 6, 30)).progress.unwrap().get(), 50);
        // Before any report's month: none counts.
        assert_eq!(at(date(2024, 2, 29)).progress, None);
    }

    #[test]
    fn deadline_changes_move_the_due_date_and_show_the_slip() {
        let (s, _) = Y24;
        let mut it = item("1", s, Some(date(2024, 6, 30)));
        it.deadline_changes.push(DeadlineChange {
            from: date(2024, 6, 30),
            to: date(2024, 12, 31),
            decided: date(2024, 6, 15),
            reason: "征地未完成".into(),
        });
        // Before the change, the baseline: overdue on 2024-07-01 had it not moved.
        let before = one(it.clone(), &[rep("1", "2024-06", 60)], date(2024, 6, 10));
        assert_eq!(before.due, Some(date(2024, 6, 30)));
        assert_eq!(before.slip_days, None);
        let after = one(it, &[rep("1", "2024-07", 60)], date(2024, 7, 1));
        assert_eq!(after.due, Some(date(2024, 12, 31)));
        assert_eq!(after.slip_days, Some(184));
        assert_eq!(after.status, Status::Green, "{}", after.reason);
    }

    #[test]
    fn working_days_count_holidays_and_adjusted_workdays() {
        let cal =
            HolidayCalendar::parse("cn.csv", include_str!("../../../../data/holidays/cn.csv"))
                .unwrap();
        // 2024-09-30 (Mon) → 2024-10-08 (Tue): 10-01..07 are the National Day holiday; 10-12
        // (Sat) is worked but lies after. Working days after 09-30 up to 10-08: just 10-08.
        assert_eq!(
            working_days_after(date(2024, 9, 30), date(2024, 10, 8), Some(&cal)),
            1
        );
        // Without the calendar: Mon–Fri, 10-01..04 and 10-07, 10-08 = 6.
        assert_eq!(
            working_days_after(date(2024, 9, 30), date(2024, 10, 8), None),
            6
        );
        // 2024-09-29 (Sun) is an adjusted working day.
        assert_eq!(
            working_days_after(date(2024, 9, 28), date(2024, 9, 29), Some(&cal)),
            1
        );
        let rules = StatusRules {
            due_soon: DueSoon::WorkingDays(3),
            ..StatusRules::default()
        };
        let it = item("1", Some(date(2024, 9, 1)), Some(date(2024, 10, 8)));
        let r = [rep("1", "2024-09", 79)];
        let got = evaluate(
            std::slice::from_ref(&it),
            &r,
            date(2024, 9, 30),
            &rules,
            Some(&cal),
        );
        assert_eq!(got[0].status, Status::Amber);
        assert_eq!(
            got[0].reason,
            "due 2024-10-08 in 1 working days, 79% reported for 2024-09 (under 80%)"
        );
        // Without the holidays it is 6 working days away: not yet due soon (and on track).
        let got = evaluate(&[it], &r, date(2024, 9, 30), &rules, None);
        assert_eq!(got[0].status, Status::Green, "{}", got[0].reason);
    }

    #[test]
    fn parents_roll_up_progress_and_their_worst_child() {
        let (s, d) = Y24;
        let mut items = vec![
            item("1", None, None),
            item("1.1", None, None),
            item("1.1.1", s, d),
            item("1.1.2", s, d),
            item("1.2", s, d),
        ];
        items[3].weight = Some(3.0);
        let reports = [
            rep("1.1.1", "2024-06", 100),
            rep("1.1.2", "2024-06", 20),
            rep("1.2", "2024-06", 60),
        ];
        let got = evaluate(
            &items,
            &reports,
            date(2024, 6, 30),
            &StatusRules::default(),
            None,
        );
        let by: BTreeMap<&str, &ItemStatus> = got.iter().map(|s| (s.code.as_str(), s)).collect();
        // 1.1: (100×1 + 20×3) / 4 = 40.
        assert_eq!(by["1.1"].progress.unwrap().get(), 40);
        assert_eq!(by["1.1.2"].status, Status::Red);
        assert_eq!(by["1.1"].status, Status::Red);
        assert_eq!(by["1.1"].decided_by, Some(code("1.1.2")));
        assert_eq!(by["1"].status, Status::Red);
        assert_eq!(
            by["1"].reason,
            format!("1.1.2 is red: {}", by["1.1.2"].reason)
        );
        assert_eq!((by["1"].level, by["1.1.2"].level), (1, 3));
        // (40 + 60) / 2 = 50.
        assert_eq!(by["1"].progress.unwrap().get(), 50);
        // Own dates only: the parent with 50% on the straight line is green.
        let rules = StatusRules {
            roll_up: RollUp::OwnDates,
            ..StatusRules::default()
        };
        let got = evaluate(&items, &reports, date(2024, 6, 30), &rules, None);
        assert_eq!(got[0].status, Status::Green, "{}", got[0].reason);
        assert_eq!(
            got[0].reason,
            "50% rolled up from 2 children, expected 50% by 2024-06-30 (due 2024-12-31): on track"
        );
    }

    #[test]
    fn who_owes_a_report_this_month() {
        let (s, d) = Y24;
        let items = vec![
            item("1", None, None),
            item("1.1", s, d),
            item("1.2", s, Some(date(2024, 3, 31))),
            item("1.3", Some(date(2024, 7, 1)), d),
            item("1.4", s, d),
            item("1.5", s, d),
        ];
        let reports = [
            rep("1.4", "2024-06", 50),
            rep("1.5", "2024-05", 100),
            rep("1.1", "2024-05", 40),
        ];
        let owe: Vec<&str> = missing_reports(&items, &reports, Period::parse("2024-06").unwrap())
            .iter()
            .map(|i| i.code.as_str())
            .collect();
        // 1: a parent; 1.3: not started yet; 1.4: reported this month; 1.5: done. 1.2 is
        // overdue and not done: it still owes one.
        assert_eq!(owe, ["1.1", "1.2"]);
    }

    #[test]
    fn a_parent_is_done_only_when_every_child_is() {
        let (s, d) = Y24;
        let items = vec![
            item("1", None, None),
            item("1.1", s, d),
            item("1.2", Some(date(2025, 1, 1)), Some(date(2025, 6, 30))),
        ];
        let got = evaluate(
            &items,
            &[rep("1.1", "2024-06", 100)],
            date(2024, 6, 30),
            &StatusRules::default(),
            None,
        );
        assert_eq!(got[1].status, Status::Done);
        assert_eq!(got[2].status, Status::NotStarted);
        // Half done, half not started, parent dates 2024-01-01..2025-06-30: 50% vs 33% expected.
        assert_eq!(got[0].status, Status::Green, "{}", got[0].reason);
        let got = evaluate(
            &items,
            &[rep("1.1", "2024-06", 100), rep("1.2", "2025-06", 100)],
            date(2025, 6, 30),
            &StatusRules::default(),
            None,
        );
        assert_eq!(
            (got[0].status, got[0].reason.as_str()),
            (Status::Done, "all 2 children done")
        );
    }
}
