//! The battle map's use cases (挂图作战): import a task book, import a progress sheet, list a
//! plan's items with their status as of a date, report progress on an item.
//!
//! Who may: importing a task book needs [`Action::ImportTaskBook`] (staff, admins, the
//! operator); reading the items [`Action::ReadPlanItems`] (every signed-in bureau role and API
//! token, never the public); reporting progress, one report or a sheet of them,
//! [`Action::ReportProgress`] (staff and the operator on any item; a reporter only on items
//! whose lead or partner units include the reporter's unit). A refusal is written to the audit
//! log before it returns.

use crate::accounts::Caller;
use crate::{Action, Actor, App, Denied};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};
use wenlv_domain::bureau::{
    Item, ItemCode, ItemStatus, Percent, Period, Plan, PlanSlug, ProgressReport, Report, Status,
    StatusRules, changed_fields, check_tree, evaluate,
};
use wenlv_store::{Outcome, StoreError};

/// One problem of an input, as precise as the input allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The spreadsheet row, when the input came from one.
    pub row: Option<usize>,
    pub code: Option<String>,
    pub field: String,
    pub value: String,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(r) = self.row {
            write!(f, "row {r}, ")?;
        }
        if let Some(c) = &self.code {
            write!(f, "code {c}, ")?;
        }
        write!(f, "{} '{}': {}", self.field, self.value, self.reason)
    }
}

/// Why a battle-map use case failed.
#[derive(Debug, thiserror::Error)]
pub enum BureauError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// A reporter asked about an item outside their unit.
    #[error("item {code} is not one of unit {unit}'s items (its lead and partner units: {units})")]
    NotYourItem {
        code: String,
        unit: String,
        units: String,
    },
    #[error("no {0}")]
    NotFound(String),
    #[error("{} problem{}: {}", .0.len(), if .0.len() == 1 { "" } else { "s" }, .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Problem>),
    #[error("storing the plan")]
    Store(#[source] StoreError),
}

impl From<StoreError> for BureauError {
    fn from(e: StoreError) -> BureauError {
        match e {
            StoreError::NotFound(what) => BureauError::NotFound(what),
            other => BureauError::Store(other),
        }
    }
}

/// What a task book import did.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct TaskBookImport {
    pub plan: String,
    pub plan_created: bool,
    /// Codes of the items added.
    pub added: Vec<String>,
    /// Codes of the items changed, each with the fields that changed.
    pub changed: Vec<(String, Vec<&'static str>)>,
    pub unchanged: usize,
    /// Items stored before and not in the file: kept as they are.
    pub kept: Vec<String>,
    pub units_created: Vec<String>,
}

/// A plan's items with their status as of a date.
#[derive(Debug, Clone)]
pub struct PlanItems {
    pub plan: Plan,
    pub as_of: Date,
    /// Items in the task book's order, each with its status (filtered by status if asked).
    pub items: Vec<(Item, ItemStatus)>,
}

/// A progress report as a unit enters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportInput {
    /// The spreadsheet row it came from, if any (for messages).
    pub row: Option<usize>,
    pub code: String,
    pub period: Period,
    pub percent: Percent,
    pub narrative: String,
    pub problems: String,
    pub next_steps: String,
}

/// The longest narrative, problems or next-steps text taken (characters).
pub const MAX_TEXT_CHARS: usize = 4000;

fn slug_of(slug: &str) -> Result<PlanSlug, BureauError> {
    PlanSlug::parse(slug).map_err(|e| {
        BureauError::Invalid(vec![Problem {
            row: None,
            code: None,
            field: "plan".into(),
            value: wenlv_domain::civil::clip(slug, 80).into_owned(),
            reason: e.to_string(),
        }])
    })
}

impl App {
    /// The status rules the bureau runs on (the defaults of [`StatusRules`]).
    pub fn status_rules(&self) -> StatusRules {
        StatusRules::default()
    }

    async fn refuse(
        &self,
        caller: &Caller,
        action: &str,
        entity_id: &str,
        detail: String,
    ) -> Result<(), BureauError> {
        let mut entry = self.audit_entry(caller, action, "plan", entity_id);
        entry.outcome = Outcome::Refused;
        entry.detail = Some(detail);
        self.store.append_audit(&entry).await?;
        Ok(())
    }

    async fn check_bureau(
        &self,
        caller: &Caller,
        action: Action,
        audit_action: &str,
        entity_id: &str,
    ) -> Result<(), BureauError> {
        if let Err(denied) = caller.actor.check(action) {
            if action != Action::ReadPlanItems {
                self.refuse(caller, audit_action, entity_id, denied.to_string())
                    .await?;
            }
            return Err(denied.into());
        }
        Ok(())
    }

    /// Imports a task book's items into plan `slug` (created, titled `title` or its slug, when
    /// new): items are added or updated by code, the units they name created, items stored
    /// before and not in the file kept. The whole tree (stored and new) is checked first: any
    /// problem and nothing is written.
    pub async fn import_taskbook(
        &self,
        caller: &Caller,
        slug: &str,
        title: Option<&str>,
        levels: Vec<String>,
        items: Vec<Item>,
    ) -> Result<TaskBookImport, BureauError> {
        self.check_bureau(caller, Action::ImportTaskBook, "plan.import_taskbook", slug)
            .await?;
        let slug = slug_of(slug)?;
        let existing = self.store.bureau_plan(slug.as_str()).await?;
        let stored = if existing.is_some() {
            self.store.plan_items(slug.as_str()).await?
        } else {
            Vec::new()
        };
        let incoming: BTreeSet<&ItemCode> = items.iter().map(|i| &i.code).collect();
        let mut whole: Vec<Item> = items.clone();
        whole.extend(
            stored
                .iter()
                .filter(|i| !incoming.contains(&i.code))
                .cloned(),
        );
        let problems: Vec<Problem> = check_tree(&whole)
            .into_iter()
            .map(|p| Problem {
                row: None,
                code: Some(p.code.to_string()),
                field: p.field.into(),
                value: p.value,
                reason: p.reason,
            })
            .collect();
        if !problems.is_empty() {
            return Err(BureauError::Invalid(problems));
        }
        let old: BTreeMap<&ItemCode, &Item> = stored.iter().map(|i| (&i.code, i)).collect();
        let mut report = TaskBookImport {
            plan: slug.to_string(),
            plan_created: existing.is_none(),
            ..Default::default()
        };
        let mut write = Vec::new();
        for (n, item) in items.iter().enumerate() {
            match old.get(&item.code) {
                None => {
                    report.added.push(item.code.to_string());
                    write.push((n as i64, item.clone()));
                }
                Some(o) => {
                    let fields = changed_fields(o, item);
                    if fields.is_empty() {
                        report.unchanged += 1;
                    } else {
                        report.changed.push((item.code.to_string(), fields));
                    }
                    // Stored deadline changes and actuals stay (the store keeps them).
                    write.push((n as i64, item.clone()));
                }
            }
        }
        report.kept = stored
            .iter()
            .filter(|i| !incoming.contains(&i.code))
            .map(|i| i.code.to_string())
            .collect();
        let start = whole.iter().filter_map(|i| i.start).min();
        let end = whole.iter().filter_map(|i| i.due).max();
        let plan = Plan {
            slug: slug.clone(),
            title: title
                .map(str::to_string)
                .or_else(|| existing.as_ref().map(|p| p.title.clone()))
                .unwrap_or_else(|| slug.to_string()),
            start,
            end,
            levels: if levels.is_empty() {
                existing.map(|p| p.levels).unwrap_or_default()
            } else {
                levels
            },
        };
        let mut audit = self.audit_entry(caller, "plan.import_taskbook", "plan", slug.as_str());
        audit.detail = Some(format!(
            "{} added, {} changed, {} unchanged, {} kept",
            report.added.len(),
            report.changed.len(),
            report.unchanged,
            report.kept.len()
        ));
        audit.after = Some(serde_json::json!({ "added": report.added, "changed": report.changed }));
        report.units_created = self.store.save_plan_tree(&plan, &write, &audit).await?;
        Ok(report)
    }

    /// Moves an item's due date (延期) to `to`, decided on `decided` for `reason`; the baseline
    /// stays. Needs [`Action::ImportTaskBook`] (editing a plan's tree).
    pub async fn change_deadline(
        &self,
        caller: &Caller,
        slug: &str,
        code: &ItemCode,
        to: Date,
        decided: Date,
        reason: &str,
    ) -> Result<(), BureauError> {
        self.check_bureau(caller, Action::ImportTaskBook, "plan.change_deadline", slug)
            .await?;
        let items = self.store.plan_items(slug).await?;
        let item = items
            .iter()
            .find(|i| &i.code == code)
            .ok_or_else(|| BureauError::NotFound(format!("item {code} in plan {slug}")))?;
        let problem = |field: &str, value: String, reason: String| {
            BureauError::Invalid(vec![Problem {
                row: None,
                code: Some(code.to_string()),
                field: field.into(),
                value,
                reason,
            }])
        };
        let from = item.due_as_of(decided).ok_or_else(|| {
            problem(
                "due",
                String::new(),
                "the item has no due date to move".into(),
            )
        })?;
        if reason.trim().is_empty() {
            return Err(problem(
                "reason",
                String::new(),
                "a deadline change needs its reason".into(),
            ));
        }
        if let Some(start) = item.start.filter(|s| to < *s) {
            return Err(problem(
                "to",
                to.to_string(),
                format!("due {to} is before the start {start}"),
            ));
        }
        let change = wenlv_domain::bureau::DeadlineChange {
            from,
            to,
            decided,
            reason: reason.trim().to_string(),
        };
        let mut audit = self.audit_entry(
            caller,
            "plan.change_deadline",
            "plan",
            &format!("{slug}/{code}"),
        );
        audit.after = Some(
            serde_json::json!({"from": from.to_string(), "to": to.to_string(), "decided": decided.to_string(), "reason": change.reason}),
        );
        self.store
            .add_deadline_change(slug, code, &change, &audit)
            .await?;
        Ok(())
    }

    /// Who has not reported for `period` (this month when `None`): the items that owe a report
    /// ([`wenlv_domain::bureau::missing_reports`]) grouped by lead unit, units by name.
    pub async fn missing_reports(
        &self,
        caller: &Caller,
        slug: &str,
        period: Option<Period>,
    ) -> Result<(Period, Vec<(String, Vec<Item>)>), BureauError> {
        self.check_bureau(caller, Action::ReadPlanItems, "plan.read", slug)
            .await?;
        if self.store.bureau_plan(slug).await?.is_none() {
            return Err(BureauError::NotFound(format!("plan {slug}")));
        }
        let period = period.unwrap_or_else(|| Period::of(self.today()));
        let items = self.store.plan_items(slug).await?;
        let reports: Vec<Report> = self
            .store
            .plan_reports(slug, Some(period))
            .await?
            .into_iter()
            .map(|r| Report {
                code: r.report.code,
                period: r.report.period,
                percent: r.report.percent,
            })
            .collect();
        let mut by_unit: BTreeMap<String, Vec<Item>> = BTreeMap::new();
        for item in wenlv_domain::bureau::missing_reports(&items, &reports, period) {
            let unit = item
                .lead_unit
                .as_ref()
                .map(|u| u.to_string())
                .unwrap_or_else(|| "—".into());
            by_unit.entry(unit).or_default().push(item.clone());
        }
        Ok((period, by_unit.into_iter().collect()))
    }

    /// Every plan, by slug (bureau roles).
    pub async fn list_plans(&self, caller: &Caller) -> Result<Vec<Plan>, BureauError> {
        self.check_bureau(caller, Action::ReadPlanItems, "plan.read", "")
            .await?;
        Ok(self.store.bureau_plans().await?)
    }

    /// The plan's items with their status as of `as_of` (today when `None`), those with
    /// `status` only when given.
    pub async fn plan_items(
        &self,
        caller: &Caller,
        slug: &str,
        as_of: Option<Date>,
        status: Option<Status>,
    ) -> Result<PlanItems, BureauError> {
        self.check_bureau(caller, Action::ReadPlanItems, "plan.read", slug)
            .await?;
        let plan = self
            .store
            .bureau_plan(slug)
            .await?
            .ok_or_else(|| BureauError::NotFound(format!("plan {slug}")))?;
        let as_of = as_of.unwrap_or_else(|| self.today());
        let items = self.store.plan_items(slug).await?;
        let reports: Vec<Report> = self
            .store
            .plan_reports(slug, Some(Period::of(as_of)))
            .await?
            .into_iter()
            .map(|r| Report {
                code: r.report.code,
                period: r.report.period,
                percent: r.report.percent,
            })
            .collect();
        let statuses = evaluate(
            &items,
            &reports,
            as_of,
            &self.status_rules(),
            Some(&self.city.holidays),
        );
        let items = items
            .into_iter()
            .zip(statuses)
            .filter(|(_, s)| status.is_none_or(|want| s.status == want))
            .collect();
        Ok(PlanItems { plan, as_of, items })
    }

    /// Records progress reports on a plan's items (one from the form or the API, many from a
    /// progress sheet): all or none. Every problem is listed: an unknown item, a month after
    /// this one, a text too long; a reporter's report on another unit's item is refused.
    pub async fn report_progress(
        &self,
        caller: &Caller,
        slug: &str,
        inputs: &[ReportInput],
    ) -> Result<Vec<ProgressReport>, BureauError> {
        self.check_bureau(caller, Action::ReportProgress, "plan.report_progress", slug)
            .await?;
        let plan = self
            .store
            .bureau_plan(slug)
            .await?
            .ok_or_else(|| BureauError::NotFound(format!("plan {slug}")))?;
        let items = self.store.plan_items(slug).await?;
        let by_code: BTreeMap<&str, &Item> = items.iter().map(|i| (i.code.as_str(), i)).collect();
        let this_month = Period::of(self.today());
        let mut problems = Vec::new();
        let mut reports = Vec::new();
        for input in inputs {
            let problem = |field: &str, value: String, reason: String| Problem {
                row: input.row,
                code: Some(input.code.clone()),
                field: field.into(),
                value,
                reason,
            };
            let Some(item) = by_code.get(input.code.as_str()) else {
                problems.push(problem(
                    "code",
                    input.code.clone(),
                    format!("no item {} in plan {}", input.code, plan.slug),
                ));
                continue;
            };
            if let Actor::Reporter { unit, .. } = &caller.actor
                && !item.units().any(|u| u.as_str() == unit.0)
            {
                let units: Vec<&str> = item.units().map(|u| u.as_str()).collect();
                let err = BureauError::NotYourItem {
                    code: input.code.clone(),
                    unit: unit.0.clone(),
                    units: if units.is_empty() {
                        "none".into()
                    } else {
                        units.join("、")
                    },
                };
                self.refuse(
                    caller,
                    "plan.report_progress",
                    &format!("{slug}/{}", input.code),
                    err.to_string(),
                )
                .await?;
                return Err(err);
            }
            if input.period > this_month {
                problems.push(problem(
                    "period",
                    input.period.to_string(),
                    format!("{} is after this month ({this_month})", input.period),
                ));
            }
            for (field, text) in [
                ("narrative", &input.narrative),
                ("problems", &input.problems),
                ("next_steps", &input.next_steps),
            ] {
                if text.chars().count() > MAX_TEXT_CHARS {
                    problems.push(problem(
                        field,
                        wenlv_domain::civil::clip(text, 40).into_owned(),
                        format!("longer than {MAX_TEXT_CHARS} characters"),
                    ));
                }
            }
            reports.push(ProgressReport {
                code: item.code.clone(),
                period: input.period,
                percent: input.percent,
                narrative: input.narrative.trim().to_string(),
                problems: input.problems.trim().to_string(),
                next_steps: input.next_steps.trim().to_string(),
                reporter: caller.actor.name().to_string(),
                entered: self.now(),
            });
        }
        if !problems.is_empty() {
            return Err(BureauError::Invalid(problems));
        }
        if reports.is_empty() {
            return Err(BureauError::Invalid(vec![Problem {
                row: None,
                code: None,
                field: "reports".into(),
                value: String::new(),
                reason: "no report given".into(),
            }]));
        }
        let mut audit = self.audit_entry(caller, "plan.report_progress", "plan", slug);
        audit.detail = Some(format!("{} report(s)", reports.len()));
        audit.after = Some(serde_json::json!(
            reports.iter().map(|r| serde_json::json!({"code": r.code.as_str(), "period": r.period.to_string(), "percent": r.percent.get()})).collect::<Vec<_>>()
        ));
        self.store.add_reports(slug, &reports, &audit).await?;
        Ok(reports)
    }
}
