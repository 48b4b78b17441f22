//! The records of a plan: plan, item, unit, milestone, indicator, deadline change, report.

use jiff::civil::Date;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// Why a value is not a valid plan word.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error(
        "'{0}' is not a plan slug (1–64 characters: lower-case letters a–z, digits, '-', starting with a letter or digit)"
    )]
    Slug(String),
    #[error(
        "'{0}' is not an item code (parts of letters or digits separated by '.', such as 2.3.4)"
    )]
    Code(String),
    #[error("'{0}' is not a month YYYY-MM")]
    Period(String),
    #[error("{0} is not a percentage from 0 to 100")]
    Percent(String),
    #[error("'{0}' is not a unit name (1–200 characters, not blank)")]
    Unit(String),
}

/// A plan's short name in addresses and commands (`xining-2023`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlanSlug(String);

impl PlanSlug {
    pub fn parse(text: &str) -> Result<PlanSlug, ModelError> {
        let ok = (1..=64).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !text.starts_with('-');
        if ok {
            Ok(PlanSlug(text.to_string()))
        } else {
            Err(ModelError::Slug(crate::civil::clip(text, 80).into_owned()))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PlanSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A plan: its slug, title, period and the names of its levels (level 1 first: 中心, 行动, 措施).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub slug: PlanSlug,
    pub title: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub levels: Vec<String>,
}

impl Plan {
    /// The name of level `level` (1 = top), or "level N" past the named ones.
    pub fn level_name(&self, level: usize) -> String {
        self.levels
            .get(level.wrapping_sub(1))
            .cloned()
            .unwrap_or_else(|| format!("level {level}"))
    }
}

/// An item's code: parts of ASCII letters or digits separated by dots (`2`, `2.3`, `2.3.4`).
/// The number of parts is the item's level, and dropping the last part gives its parent's code
/// unless the task book names another parent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemCode(String);

impl ItemCode {
    pub const MAX_LEN: usize = 64;

    pub fn parse(text: &str) -> Result<ItemCode, ModelError> {
        let ok = !text.is_empty()
            && text.len() <= Self::MAX_LEN
            && text
                .split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()));
        if ok {
            Ok(ItemCode(text.to_string()))
        } else {
            Err(ModelError::Code(crate::civil::clip(text, 80).into_owned()))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The number of parts: `2.3.4` is on level 3.
    pub fn depth(&self) -> usize {
        self.0.split('.').count()
    }
    /// The code's own parent: `2.3` for `2.3.4`, none for `2`.
    pub fn implied_parent(&self) -> Option<ItemCode> {
        self.0
            .rsplit_once('.')
            .map(|(p, _)| ItemCode(p.to_string()))
    }
}

impl PartialOrd for ItemCode {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// As people read codes: part by part, numbers by value (`2.9` < `2.10`), a number before a
/// word, words as text; a code before its children. Allocates nothing (trees are large).
impl Ord for ItemCode {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        fn number(p: &str) -> Option<u64> {
            (p.len() <= 19 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        }
        let mut a = self.0.split('.');
        let mut b = other.0.split('.');
        loop {
            match (a.next(), b.next()) {
                (None, None) => return Ordering::Equal,
                (None, Some(_)) => return Ordering::Less,
                (Some(_), None) => return Ordering::Greater,
                (Some(x), Some(y)) => {
                    let o = match (number(x), number(y)) {
                        (Some(m), Some(n)) => m.cmp(&n).then_with(|| x.cmp(y)),
                        (Some(_), None) => Ordering::Less,
                        (None, Some(_)) => Ordering::Greater,
                        (None, None) => x.cmp(y),
                    };
                    if o != Ordering::Equal {
                        return o;
                    }
                }
            }
        }
    }
}

impl fmt::Display for ItemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A unit (a department, a district or county government), known by its name as the task book
/// writes it, spaces trimmed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitName(String);

impl UnitName {
    pub fn parse(text: &str) -> Result<UnitName, ModelError> {
        let t = text.trim();
        if t.is_empty() || t.chars().count() > 200 {
            return Err(ModelError::Unit(crate::civil::clip(text, 80).into_owned()));
        }
        Ok(UnitName(t.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnitName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A month, the period a progress report is for (`2024-03`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    year: i16,
    month: i8,
}

impl Period {
    pub fn new(year: i16, month: i8) -> Result<Period, ModelError> {
        if (1900..=9998).contains(&year) && (1..=12).contains(&month) {
            Ok(Period { year, month })
        } else {
            Err(ModelError::Period(format!("{year}-{month}")))
        }
    }
    /// `YYYY-MM` exactly.
    pub fn parse(text: &str) -> Result<Period, ModelError> {
        let b = text.as_bytes();
        let shaped = b.len() == 7
            && b.iter().enumerate().all(|(i, c)| match i {
                4 => *c == b'-',
                _ => c.is_ascii_digit(),
            });
        let bad = || ModelError::Period(crate::civil::clip(text, 80).into_owned());
        if !shaped {
            return Err(bad());
        }
        let year = text[..4].parse().map_err(|_| bad())?;
        let month = text[5..].parse().map_err(|_| bad())?;
        Period::new(year, month).map_err(|_| bad())
    }
    /// The month a date falls in.
    pub fn of(date: Date) -> Period {
        Period {
            year: date.year(),
            month: date.month(),
        }
    }
    pub fn first_day(self) -> Date {
        jiff::civil::date(self.year, self.month, 1)
    }
    pub fn last_day(self) -> Date {
        self.first_day().last_of_month()
    }
    pub fn year(self) -> i16 {
        self.year
    }
    pub fn month(self) -> i8 {
        self.month
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A whole percentage, 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(u8);

impl Percent {
    pub const DONE: Percent = Percent(100);
    pub fn new(value: u8) -> Result<Percent, ModelError> {
        if value <= 100 {
            Ok(Percent(value))
        } else {
            Err(ModelError::Percent(value.to_string()))
        }
    }
    /// A measured share in points (0.0–100.0), rounded half away from zero.
    pub fn from_points(points: f64) -> Result<Percent, ModelError> {
        if points.is_finite() && (0.0..=100.0).contains(&points) {
            Ok(Percent(points.round() as u8))
        } else {
            Err(ModelError::Percent(points.to_string()))
        }
    }
    pub fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

/// A milestone of an item: what, by when, and when it was done.
#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    pub title: String,
    pub due: Option<Date>,
    pub done: Option<Date>,
}

/// One measured value of an indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorActual {
    pub period: Period,
    pub value: f64,
}

/// An indicator target of an item ("four venues' visits, 720,000 people").
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub name: String,
    /// The measure's unit (人次, 万元, 个).
    pub unit: String,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    /// The target as the task book writes it, when it is words rather than one number.
    pub target_text: String,
    pub actuals: Vec<IndicatorActual>,
}

/// A deadline change (延期): the due date moves from `from` to `to` on `decided`, for `reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineChange {
    pub from: Date,
    pub to: Date,
    pub decided: Date,
    pub reason: String,
}

/// The due date after the changes decided on or before `as_of` (the latest decision wins; on
/// the same day, the later one in the list), else the baseline.
pub fn current_due(
    baseline: Option<Date>,
    changes: &[DeadlineChange],
    as_of: Date,
) -> Option<Date> {
    changes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.decided <= as_of)
        .max_by_key(|(i, c)| (c.decided, *i))
        .map(|(_, c)| c.to)
        .or(baseline)
}

/// An item of the plan's tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub code: ItemCode,
    /// The parent's code: the task book's 上级编号, else the code's own parent.
    pub parent: Option<ItemCode>,
    pub title_zh: String,
    pub title_en: String,
    pub description: String,
    /// Lead leaders (牵头领导): at most two (the dual-leader system).
    pub leaders: Vec<String>,
    pub lead_unit: Option<UnitName>,
    pub partner_units: Vec<UnitName>,
    pub start: Option<Date>,
    /// The baseline due date (完成时限) as the task book set it; deadline changes move the
    /// current one ([`current_due`]).
    pub due: Option<Date>,
    pub deadline_changes: Vec<DeadlineChange>,
    pub district: String,
    pub notes: String,
    /// Weight among its siblings in a parent's progress (default 1).
    pub weight: Option<f64>,
    pub milestones: Vec<Milestone>,
    pub indicators: Vec<Indicator>,
}

impl Item {
    /// The most leaders an item may name.
    pub const MAX_LEADERS: usize = 2;

    /// An item with a code and a Chinese title, its parent implied by the code, the rest empty.
    pub fn new(code: ItemCode, title_zh: &str) -> Item {
        Item {
            parent: code.implied_parent(),
            code,
            title_zh: title_zh.to_string(),
            title_en: String::new(),
            description: String::new(),
            leaders: Vec::new(),
            lead_unit: None,
            partner_units: Vec::new(),
            start: None,
            due: None,
            deadline_changes: Vec::new(),
            district: String::new(),
            notes: String::new(),
            weight: None,
            milestones: Vec::new(),
            indicators: Vec::new(),
        }
    }

    /// The lead unit, then the partner units.
    pub fn units(&self) -> impl Iterator<Item = &UnitName> {
        self.lead_unit.iter().chain(self.partner_units.iter())
    }

    /// The current due date as of `as_of`.
    pub fn due_as_of(&self, as_of: Date) -> Option<Date> {
        current_due(self.due, &self.deadline_changes, as_of)
    }
}

/// The fields in which `new` differs from `old` (a re-import's "what changed"), by the task
/// book's column keys. Deadline changes and indicator actuals are not compared: an import
/// neither carries nor changes them.
pub fn changed_fields(old: &Item, new: &Item) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut cmp = |name: &'static str, same: bool| {
        if !same {
            out.push(name);
        }
    };
    cmp("parent", old.parent == new.parent);
    cmp("title", old.title_zh == new.title_zh);
    cmp("title_en", old.title_en == new.title_en);
    cmp("description", old.description == new.description);
    cmp("leaders", old.leaders == new.leaders);
    cmp("lead_unit", old.lead_unit == new.lead_unit);
    cmp("partner_units", old.partner_units == new.partner_units);
    cmp("start", old.start == new.start);
    cmp("due", old.due == new.due);
    cmp("district", old.district == new.district);
    cmp("notes", old.notes == new.notes);
    cmp("weight", old.weight == new.weight);
    cmp("milestones", old.milestones == new.milestones);
    let strip = |i: &Item| -> Vec<Indicator> {
        i.indicators
            .iter()
            .map(|x| Indicator {
                actuals: Vec::new(),
                ..x.clone()
            })
            .collect()
    };
    cmp("target", strip(old) == strip(new));
    out
}

/// A progress report: an item's percent complete for a month, in the unit's words.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressReport {
    pub code: ItemCode,
    pub period: Period,
    pub percent: Percent,
    pub narrative: String,
    pub problems: String,
    pub next_steps: String,
    pub reporter: String,
    pub entered: jiff::Timestamp,
}

/// What is wrong with a tree of items, naming the item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeProblem {
    pub code: ItemCode,
    /// The field at fault: `code`, `parent`, `due`, `leaders`.
    pub field: &'static str,
    pub value: String,
    pub reason: String,
}

/// Every problem of a tree: codes given twice, parents that are not in the tree, parents that
/// make a cycle, a due date before the start, more than two leaders. Empty when the tree is
/// sound. Levels follow the parents (one more than the parent's), so a named parent may sit
/// anywhere.
pub fn check_tree(items: &[Item]) -> Vec<TreeProblem> {
    let mut problems = Vec::new();
    let mut seen: HashMap<&ItemCode, usize> = HashMap::with_capacity(items.len());
    for item in items {
        *seen.entry(&item.code).or_default() += 1;
    }
    let mut reported_twice = HashSet::new();
    for item in items {
        if seen[&item.code] > 1 && reported_twice.insert(&item.code) {
            problems.push(TreeProblem {
                code: item.code.clone(),
                field: "code",
                value: item.code.to_string(),
                reason: format!(
                    "code given {} times (each item needs its own)",
                    seen[&item.code]
                ),
            });
        }
        if let Some(p) = &item.parent {
            if p == &item.code {
                problems.push(TreeProblem {
                    code: item.code.clone(),
                    field: "parent",
                    value: p.to_string(),
                    reason: "an item cannot be its own parent".into(),
                });
            } else if !seen.contains_key(p) {
                problems.push(TreeProblem {
                    code: item.code.clone(),
                    field: "parent",
                    value: p.to_string(),
                    reason: format!("unknown parent: no item has the code {p}"),
                });
            }
        }
        if let (Some(s), Some(d)) = (item.start, item.due)
            && d < s
        {
            problems.push(TreeProblem {
                code: item.code.clone(),
                field: "due",
                value: d.to_string(),
                reason: format!("due {d} is before the start {s}"),
            });
        }
        if item.leaders.len() > Item::MAX_LEADERS {
            problems.push(TreeProblem {
                code: item.code.clone(),
                field: "leaders",
                value: item.leaders.join("、"),
                reason: format!(
                    "{} lead leaders named; at most {} (the dual-leader system)",
                    item.leaders.len(),
                    Item::MAX_LEADERS
                ),
            });
        }
    }
    // Cycles: follow each item's parents; a walk that comes back to a code already on it is a
    // cycle, reported once, on its smallest code.
    let parent_of: HashMap<&ItemCode, &ItemCode> = items
        .iter()
        .filter_map(|i| i.parent.as_ref().map(|p| (&i.code, p)))
        .filter(|(c, p)| c != p)
        .collect();
    let mut in_cycle = HashSet::new();
    for item in items {
        let mut path = vec![&item.code];
        let mut at = &item.code;
        while let Some(p) = parent_of.get(at) {
            if let Some(pos) = path.iter().position(|c| c == p) {
                let cycle: Vec<&ItemCode> = path[pos..].to_vec();
                let first: &ItemCode = cycle.iter().min().expect("a cycle has members");
                if in_cycle.insert(first.clone()) {
                    let mut names: Vec<String> = cycle.iter().map(|c| c.to_string()).collect();
                    names.push(p.to_string());
                    problems.push(TreeProblem {
                        code: first.clone(),
                        field: "parent",
                        value: parent_of[first].to_string(),
                        reason: format!("the parents make a cycle: {}", names.join(" → ")),
                    });
                }
                break;
            }
            path.push(p);
            at = p;
        }
    }
    problems
}

/// Levels (1 = top) of a sound tree's items, by code.
pub fn levels(items: &[Item]) -> HashMap<ItemCode, usize> {
    let parent_of: HashMap<&ItemCode, Option<&ItemCode>> =
        items.iter().map(|i| (&i.code, i.parent.as_ref())).collect();
    let mut out = HashMap::with_capacity(items.len());
    for item in items {
        let mut level = 1;
        let mut at = &item.code;
        while let Some(Some(p)) = parent_of.get(at) {
            level += 1;
            at = p;
            if level > items.len() {
                break; // a cycle: check_tree reports it
            }
        }
        out.insert(item.code.clone(), level);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn code(s: &str) -> ItemCode {
        ItemCode::parse(s).unwrap()
    }

    #[test]
    fn codes_parse_sort_and_imply_parents() {
        assert_eq!(code("2.3.4").depth(), 3);
        assert_eq!(code("2.3.4").implied_parent(), Some(code("2.3")));
        assert_eq!(code("2").implied_parent(), None);
        for bad in ["", "2.", ".2", "2..3", "2-3", "二.1", "2 .3"] {
            assert!(ItemCode::parse(bad).is_err(), "{bad:?}");
        }
        let mut codes = [
            code("2.10"),
            code("2.9"),
            code("10"),
            code("2"),
            code("2.1"),
        ];
        codes.sort();
        let got: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        assert_eq!(got, ["2", "2.1", "2.9", "2.10", "10"]);
    }

    proptest::proptest! {
        /// The allocation-free order is the order of (number value, text) per part, and total.
        #[test]
        fn code_order_is_by_parts(a in "[0-9A-C]{1,3}(\\.[0-9A-C]{1,3}){0,3}", b in "[0-9A-C]{1,3}(\\.[0-9A-C]{1,3}){0,3}") {
            let key = |s: &str| -> Vec<(u64, String)> {
                s.split('.').map(|p| (p.parse::<u64>().unwrap_or(u64::MAX), p.to_string())).collect()
            };
            let (x, y) = (code(&a), code(&b));
            proptest::prop_assert_eq!(x.cmp(&y), key(&a).cmp(&key(&b)));
            proptest::prop_assert_eq!(x.cmp(&y) == std::cmp::Ordering::Equal, x == y);
        }
    }

    #[test]
    fn periods_know_their_month_ends_and_leap_years() {
        assert_eq!(
            Period::parse("2024-02").unwrap().last_day(),
            date(2024, 2, 29)
        );
        assert_eq!(
            Period::parse("2023-02").unwrap().last_day(),
            date(2023, 2, 28)
        );
        assert_eq!(
            Period::parse("2100-02").unwrap().last_day(),
            date(2100, 2, 28)
        );
        assert_eq!(
            Period::parse("2000-02").unwrap().last_day(),
            date(2000, 2, 29)
        );
        assert_eq!(
            Period::parse("2024-12").unwrap().last_day(),
            date(2024, 12, 31)
        );
        assert_eq!(Period::of(date(2024, 6, 30)).to_string(), "2024-06");
        for bad in ["2024-13", "2024-00", "2024-6", "202406", "2024/06", "24-06"] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs_and_percents() {
        assert!(PlanSlug::parse("xining-2023").is_ok());
        for bad in ["", "-x", "X", "a b", "a_b", &"a".repeat(65)] {
            assert!(PlanSlug::parse(bad).is_err(), "{bad}");
        }
        assert!(Percent::new(101).is_err());
        assert_eq!(Percent::from_points(39.5).unwrap().get(), 40);
        assert!(Percent::from_points(f64::NAN).is_err());
    }

    #[test]
    fn the_latest_decided_deadline_change_sets_the_due_date() {
        let changes = vec![
            DeadlineChange {
                from: date(2024, 6, 30),
                to: date(2024, 9, 30),
                decided: date(2024, 6, 1),
                reason: "设计变更".into(),
            },
            DeadlineChange {
                from: date(2024, 9, 30),
                to: date(2024, 12, 31),
                decided: date(2024, 9, 15),
                reason: "资金到位晚".into(),
            },
        ];
        let base = Some(date(2024, 6, 30));
        assert_eq!(current_due(base, &changes, date(2024, 5, 31)), base);
        assert_eq!(
            current_due(base, &changes, date(2024, 6, 1)),
            Some(date(2024, 9, 30))
        );
        assert_eq!(
            current_due(base, &changes, date(2025, 1, 1)),
            Some(date(2024, 12, 31))
        );
    }

    #[test]
    fn a_tree_with_every_kind_of_problem_lists_them_all() {
        let mut items = vec![
            Item::new(code("1"), "中心"),
            Item::new(code("1.1"), "行动"),
            Item::new(code("1.1"), "行动（重复）"),
            Item::new(code("2.1"), "无上级"),
            Item::new(code("3"), "甲"),
            Item::new(code("4"), "乙"),
        ];
        items[1].start = Some(date(2024, 7, 1));
        items[1].due = Some(date(2024, 6, 30));
        items[4].parent = Some(code("4"));
        items[5].parent = Some(code("3"));
        items[0].leaders = vec!["甲".into(), "乙".into(), "丙".into()];
        let problems = check_tree(&items);
        let got: Vec<(String, &str)> = problems
            .iter()
            .map(|p| (p.code.to_string(), p.field))
            .collect();
        assert!(got.contains(&("1.1".into(), "code")), "{problems:?}");
        assert!(got.contains(&("1.1".into(), "due")), "{problems:?}");
        assert!(got.contains(&("2.1".into(), "parent")), "{problems:?}");
        assert!(got.contains(&("3".into(), "parent")), "{problems:?}");
        assert!(got.contains(&("1".into(), "leaders")), "{problems:?}");
        let cycle = problems
            .iter()
            .find(|p| p.reason.contains("cycle"))
            .unwrap();
        assert_eq!(cycle.reason, "the parents make a cycle: 3 → 4 → 3");
        // Each duplicate and each cycle is reported once.
        assert_eq!(problems.iter().filter(|p| p.field == "code").count(), 1);
        assert_eq!(
            problems
                .iter()
                .filter(|p| p.reason.contains("cycle"))
                .count(),
            1
        );
    }

    #[test]
    fn changed_fields_name_what_a_re_import_changes() {
        let old = Item::new(code("1.1"), "行动");
        let mut new = old.clone();
        assert!(changed_fields(&old, &new).is_empty());
        new.title_zh = "行动（修订）".into();
        new.due = Some(date(2024, 6, 30));
        new.deadline_changes.push(DeadlineChange {
            from: date(2024, 6, 30),
            to: date(2024, 9, 30),
            decided: date(2024, 6, 1),
            reason: "x".into(),
        });
        assert_eq!(changed_fields(&old, &new), ["title", "due"]);
    }

    #[test]
    fn a_sound_tree_has_no_problems_and_levels_follow_parents() {
        let mut items = vec![
            Item::new(code("1"), "中心"),
            Item::new(code("1.1"), "行动"),
            Item::new(code("A7"), "措施"),
        ];
        items[2].parent = Some(code("1.1"));
        assert!(check_tree(&items).is_empty());
        let lv = levels(&items);
        assert_eq!(lv[&code("A7")], 3);
        assert_eq!(lv[&code("1")], 1);
    }
}
