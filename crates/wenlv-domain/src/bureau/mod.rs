//! The bureau's side: the action plan run as a tracked tree (挂图作战).
//!
//! A [`Plan`] (slug, title, period, the names of its levels) holds a tree of [`Item`]s of any
//! depth — centre → action → measure → … — each with a code such as `2.3.4`, lead leaders (two
//! allowed: the dual-leader system), a lead unit and partner units ([`UnitName`]), start and due
//! dates, [`Milestone`]s and [`Indicator`]s. A [`DeadlineChange`] (延期) moves an item's due date
//! and keeps the baseline. Units send a [`ProgressReport`] per item and month ([`Period`]).
//!
//! The [`status`] of every item is computed, never typed in, from its dates and reports as of a
//! date, by the rules and thresholds of [`StatusRules`], always with the reason stated; parents
//! roll up their children. [`dates`] reads the dates, periods, lists and percentages offices type
//! into task books. [`projects`] is the key-project library (stages with their history, 万元
//! amounts, funding lines, totals) and [`meetings`] the monthly dispatch meeting (the calendar that
//! moves site, the agenda, follow-ups). Nothing here does I/O or reads a clock.
//!
//! ```
//! use jiff::civil::date;
//! use wenlv_domain::bureau::{Item, ItemCode, Percent, Period, Report, Status, StatusRules, evaluate};
//! let mut item = Item::new(ItemCode::parse("1.1").unwrap(), "建设游客集散中心");
//! item.start = Some(date(2024, 1, 1));
//! item.due = Some(date(2024, 12, 31));
//! let reports = [Report { code: item.code.clone(), period: Period::parse("2024-06").unwrap(), percent: Percent::new(20).unwrap() }];
//! let tree = evaluate(&[item], &reports, date(2024, 6, 30), &StatusRules::default(), None);
//! assert_eq!(tree[0].status, Status::Red);
//! assert_eq!(tree[0].reason, "20% reported for 2024-06, expected 50% by 2024-06-30 (due 2024-12-31): behind by 30 points");
//! ```

pub mod dates;
pub mod meetings;
pub mod model;
pub mod projects;
pub mod status;

pub use dates::{
    DueText, LooseDate, PercentError, UnreadableDate, parse_loose_date, parse_percent_text,
    split_list,
};
pub use model::{
    DeadlineChange, Indicator, IndicatorActual, Item, ItemCode, Milestone, ModelError, Percent,
    Period, Plan, PlanSlug, ProgressReport, TreeProblem, UnitName, changed_fields, check_tree,
    current_due, levels,
};
pub use status::{
    DueSoon, ItemStatus, Report, RollUp, Status, StatusRules, evaluate, missing_reports,
};
