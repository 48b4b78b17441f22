//! The battle map's rows: plans, units, items (with their units, milestones, indicators and
//! actuals, deadline changes) and progress reports.
//!
//! The SQL is the same on both engines (written once in `impl_bureau!`, as `accounts` does).
//! Every write takes the audit entry describing it and writes both in one transaction. Items are
//! written whole: an item's unit, milestone and indicator rows are replaced with it; its
//! deadline changes and indicator actuals are kept. Reports are only appended (an edit is a
//! newer report for the same item and month).

use crate::StoreError;
use jiff::civil::Date;
use wenlv_domain::bureau::{
    DeadlineChange, Indicator, IndicatorActual, Item, ItemCode, Milestone, Percent, Period, Plan,
    PlanSlug, ProgressReport, UnitName,
};

/// A stored report with its row id (the order of entry).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReport {
    pub id: i64,
    pub report: ProgressReport,
}

fn bad(column: &str, value: &str, why: impl std::fmt::Display) -> StoreError {
    StoreError::Database(format!(
        "{column}: stored value '{value}' does not read: {why}"
    ))
}

fn date_of(column: &str, text: Option<String>) -> Result<Option<Date>, StoreError> {
    text.map(|t| wenlv_domain::civil::parse_date(&t).map_err(|e| bad(column, &t, e)))
        .transpose()
}

fn date_text(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn code_of(column: &str, text: &str) -> Result<ItemCode, StoreError> {
    ItemCode::parse(text).map_err(|e| bad(column, text, e))
}

fn strings(column: &str, json: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(json).map_err(|e| bad(column, json, e))
}

type PlanRow = (String, String, Option<String>, Option<String>, String);
type ItemRow = (
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    Option<f64>,
);
type ReportRow = (
    i64,
    String,
    String,
    i64,
    String,
    String,
    String,
    String,
    i64,
);

fn plan_of(row: PlanRow) -> Result<Plan, StoreError> {
    let (slug, title, start, end, levels) = row;
    Ok(Plan {
        slug: PlanSlug::parse(&slug).map_err(|e| bad("bureau_plans.slug", &slug, e))?,
        title,
        start: date_of("bureau_plans.start_date", start)?,
        end: date_of("bureau_plans.end_date", end)?,
        levels: strings("bureau_plans.levels", &levels)?,
    })
}

fn report_of(row: ReportRow) -> Result<StoredReport, StoreError> {
    let (id, code, period, percent, narrative, problems, next_steps, reporter, entered) = row;
    Ok(StoredReport {
        id,
        report: ProgressReport {
            code: code_of("bureau_reports.code", &code)?,
            period: Period::parse(&period).map_err(|e| bad("bureau_reports.period", &period, e))?,
            percent: u8::try_from(percent)
                .ok()
                .and_then(|p| Percent::new(p).ok())
                .ok_or_else(|| bad("bureau_reports.percent", &percent.to_string(), "not 0–100"))?,
            narrative,
            problems,
            next_steps,
            reporter,
            entered: crate::accounts::stamp("bureau_reports.entered_at", entered)?,
        },
    })
}

macro_rules! impl_bureau {
    ($store:ty, $db:ty) => {
        impl $store {
            async fn ensure_units(
                conn: &mut <$db as sqlx::Database>::Connection,
                units: &[&UnitName],
                at: i64,
            ) -> Result<Vec<String>, StoreError> {
                let mut created = Vec::new();
                for u in units {
                    let done = sqlx::query(
                        "INSERT INTO bureau_units (name, created_at) VALUES ($1, $2) \
                         ON CONFLICT (name) DO NOTHING",
                    )
                    .bind(u.as_str())
                    .bind(at)
                    .execute(&mut *conn)
                    .await?;
                    if done.rows_affected() > 0 {
                        created.push(u.to_string());
                    }
                }
                Ok(created)
            }

            /// Creates or updates the plan and writes `items` (created or replaced by code),
            /// creating every unit they name that does not exist; returns the units created.
            pub async fn save_plan_tree(
                &self,
                plan: &Plan,
                items: &[(i64, Item)],
                audit: &crate::AuditEntry,
            ) -> Result<Vec<String>, StoreError> {
                let at = crate::accounts::micros(audit.at);
                let mut tx = self.begin_write().await?;
                sqlx::query(
                    "INSERT INTO bureau_plans (slug, title, start_date, end_date, levels, \
                     created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) \
                     ON CONFLICT (slug) DO UPDATE SET title = excluded.title, \
                     start_date = excluded.start_date, end_date = excluded.end_date, \
                     levels = excluded.levels, updated_at = excluded.updated_at",
                )
                .bind(plan.slug.as_str())
                .bind(&plan.title)
                .bind(date_text(plan.start))
                .bind(date_text(plan.end))
                .bind(serde_json::to_string(&plan.levels).expect("strings serialise"))
                .bind(at)
                .execute(&mut *tx)
                .await?;
                let mut names: Vec<&UnitName> = items.iter().flat_map(|(_, i)| i.units()).collect();
                names.sort();
                names.dedup();
                let created = Self::ensure_units(&mut tx, &names, at).await?;
                let slug = plan.slug.as_str();
                for (position, item) in items {
                    let code = item.code.as_str();
                    for table in ["bureau_item_units", "bureau_milestones", "bureau_indicators"] {
                        sqlx::query(sqlx::AssertSqlSafe(format!(
                            "DELETE FROM {table} WHERE plan = $1 AND code = $2"
                        )))
                        .bind(slug)
                        .bind(code)
                        .execute(&mut *tx)
                        .await?;
                    }
                    sqlx::query(
                        "INSERT INTO bureau_items (plan, code, parent_code, position, title_zh, \
                         title_en, description, leaders, start_date, due_date, district, notes, \
                         weight) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
                         ON CONFLICT (plan, code) DO UPDATE SET \
                         parent_code = excluded.parent_code, position = excluded.position, \
                         title_zh = excluded.title_zh, title_en = excluded.title_en, \
                         description = excluded.description, leaders = excluded.leaders, \
                         start_date = excluded.start_date, due_date = excluded.due_date, \
                         district = excluded.district, notes = excluded.notes, \
                         weight = excluded.weight",
                    )
                    .bind(slug)
                    .bind(code)
                    .bind(item.parent.as_ref().map(|p| p.to_string()))
                    .bind(*position)
                    .bind(&item.title_zh)
                    .bind(&item.title_en)
                    .bind(&item.description)
                    .bind(serde_json::to_string(&item.leaders).expect("strings serialise"))
                    .bind(date_text(item.start))
                    .bind(date_text(item.due))
                    .bind(&item.district)
                    .bind(&item.notes)
                    .bind(item.weight)
                    .execute(&mut *tx)
                    .await?;
                    let units = item
                        .lead_unit
                        .iter()
                        .map(|u| (u, "lead"))
                        .chain(item.partner_units.iter().map(|u| (u, "partner")));
                    for (n, (u, role)) in units.enumerate() {
                        sqlx::query(
                            "INSERT INTO bureau_item_units (plan, code, unit, role, position) \
                             VALUES ($1, $2, $3, $4, $5)",
                        )
                        .bind(slug)
                        .bind(code)
                        .bind(u.as_str())
                        .bind(role)
                        .bind(n as i64)
                        .execute(&mut *tx)
                        .await?;
                    }
                    for (n, m) in item.milestones.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO bureau_milestones (plan, code, position, title, \
                             due_date, done_date) VALUES ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(slug)
                        .bind(code)
                        .bind(n as i64)
                        .bind(&m.title)
                        .bind(date_text(m.due))
                        .bind(date_text(m.done))
                        .execute(&mut *tx)
                        .await?;
                    }
                    for (n, ind) in item.indicators.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO bureau_indicators (plan, code, position, name, unit, \
                             baseline, target, target_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                        )
                        .bind(slug)
                        .bind(code)
                        .bind(n as i64)
                        .bind(&ind.name)
                        .bind(&ind.unit)
                        .bind(ind.baseline)
                        .bind(ind.target)
                        .bind(&ind.target_text)
                        .execute(&mut *tx)
                        .await?;
                        for a in &ind.actuals {
                            sqlx::query(
                                "INSERT INTO bureau_indicator_actuals (plan, code, indicator, \
                                 period, value) VALUES ($1, $2, $3, $4, $5) \
                                 ON CONFLICT (plan, code, indicator, period) \
                                 DO UPDATE SET value = excluded.value",
                            )
                            .bind(slug)
                            .bind(code)
                            .bind(&ind.name)
                            .bind(a.period.to_string())
                            .bind(a.value)
                            .execute(&mut *tx)
                            .await?;
                        }
                    }
                }
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(created)
            }

            pub async fn bureau_plan(&self, slug: &str) -> Result<Option<Plan>, StoreError> {
                let row: Option<PlanRow> = sqlx::query_as(
                    "SELECT slug, title, start_date, end_date, levels FROM bureau_plans \
                     WHERE slug = $1",
                )
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?;
                row.map(plan_of).transpose()
            }

            pub async fn bureau_plans(&self) -> Result<Vec<Plan>, StoreError> {
                let rows: Vec<PlanRow> = sqlx::query_as(
                    "SELECT slug, title, start_date, end_date, levels FROM bureau_plans \
                     ORDER BY slug",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(plan_of).collect()
            }

            pub async fn bureau_units(&self) -> Result<Vec<String>, StoreError> {
                Ok(sqlx::query_scalar("SELECT name FROM bureau_units ORDER BY name")
                    .fetch_all(&self.pool)
                    .await?)
            }

            /// Every item of a plan, whole, in the task book's order.
            pub async fn plan_items(&self, slug: &str) -> Result<Vec<Item>, StoreError> {
                use std::collections::HashMap;
                let rows: Vec<ItemRow> = sqlx::query_as(
                    "SELECT code, parent_code, title_zh, title_en, description, leaders, \
                     start_date, due_date, district, notes, weight FROM bureau_items \
                     WHERE plan = $1 ORDER BY position, code",
                )
                .bind(slug)
                .fetch_all(&self.pool)
                .await?;
                let mut items = Vec::with_capacity(rows.len());
                let mut at: HashMap<String, usize> = HashMap::with_capacity(rows.len());
                for row in rows {
                    let (code, parent, title_zh, title_en, description, leaders, start, due, district, notes, weight) = row;
                    let c = code_of("bureau_items.code", &code)?;
                    let mut item = Item::new(c, &title_zh);
                    item.parent = parent
                        .map(|p| code_of("bureau_items.parent_code", &p))
                        .transpose()?;
                    item.title_en = title_en;
                    item.description = description;
                    item.leaders = strings("bureau_items.leaders", &leaders)?;
                    item.start = date_of("bureau_items.start_date", start)?;
                    item.due = date_of("bureau_items.due_date", due)?;
                    item.district = district;
                    item.notes = notes;
                    item.weight = weight;
                    at.insert(code, items.len());
                    items.push(item);
                }
                let find = |code: &str| {
                    at.get(code).copied().ok_or_else(|| {
                        StoreError::Database(format!("a row for item {code} of plan {slug}, which does not exist"))
                    })
                };
                let units: Vec<(String, String, String)> = sqlx::query_as(
                    "SELECT code, unit, role FROM bureau_item_units WHERE plan = $1 \
                     ORDER BY code, position",
                )
                .bind(slug)
                .fetch_all(&self.pool)
                .await?;
                for (code, unit, role) in units {
                    let u = UnitName::parse(&unit).map_err(|e| bad("bureau_item_units.unit", &unit, e))?;
                    let item = &mut items[find(&code)?];
                    if role == "lead" {
                        item.lead_unit = Some(u);
                    } else {
                        item.partner_units.push(u);
                    }
                }
                let ms: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
                    "SELECT code, title, due_date, done_date FROM bureau_milestones \
                     WHERE plan = $1 ORDER BY code, position",
                )
                .bind(slug)
                .fetch_all(&self.pool)
                .await?;
                for (code, title, due, done) in ms {
                    let m = Milestone {
                        title,
                        due: date_of("bureau_milestones.due_date", due)?,
                        done: date_of("bureau_milestones.done_date", done)?,
                    };
                    items[find(&code)?].milestones.push(m);
                }
                let inds: Vec<(String, String, String, Option<f64>, Option<f64>, String)> =
                    sqlx::query_as(
                        "SELECT code, name, unit, baseline, target, target_text \
                         FROM bureau_indicators WHERE plan = $1 ORDER BY code, position",
                    )
                    .bind(slug)
                    .fetch_all(&self.pool)
                    .await?;
                for (code, name, unit, baseline, target, target_text) in inds {
                    items[find(&code)?].indicators.push(Indicator {
                        name,
                        unit,
                        baseline,
                        target,
                        target_text,
                        actuals: Vec::new(),
                    });
                }
                let actuals: Vec<(String, String, String, f64)> = sqlx::query_as(
                    "SELECT code, indicator, period, value FROM bureau_indicator_actuals \
                     WHERE plan = $1 ORDER BY code, indicator, period",
                )
                .bind(slug)
                .fetch_all(&self.pool)
                .await?;
                for (code, indicator, period, value) in actuals {
                    let p = Period::parse(&period)
                        .map_err(|e| bad("bureau_indicator_actuals.period", &period, e))?;
                    let item = &mut items[find(&code)?];
                    if let Some(ind) = item.indicators.iter_mut().find(|i| i.name == indicator) {
                        ind.actuals.push(IndicatorActual { period: p, value });
                    }
                }
                let changes: Vec<(String, String, String, String, String)> = sqlx::query_as(
                    "SELECT code, from_date, to_date, decided, reason FROM bureau_deadline_changes \
                     WHERE plan = $1 ORDER BY code, position",
                )
                .bind(slug)
                .fetch_all(&self.pool)
                .await?;
                for (code, from, to, decided, reason) in changes {
                    let d = |c: &str, t: String| {
                        date_of(c, Some(t)).map(|d| d.expect("some in, some out"))
                    };
                    let change = DeadlineChange {
                        from: d("bureau_deadline_changes.from_date", from)?,
                        to: d("bureau_deadline_changes.to_date", to)?,
                        decided: d("bureau_deadline_changes.decided", decided)?,
                        reason,
                    };
                    items[find(&code)?].deadline_changes.push(change);
                }
                Ok(items)
            }

            /// Records a deadline change of an item (its baseline due date stays).
            pub async fn add_deadline_change(
                &self,
                slug: &str,
                code: &ItemCode,
                change: &DeadlineChange,
                audit: &crate::AuditEntry,
            ) -> Result<(), StoreError> {
                let mut tx = self.begin_write().await?;
                let exists: Option<String> = sqlx::query_scalar(
                    "SELECT code FROM bureau_items WHERE plan = $1 AND code = $2",
                )
                .bind(slug)
                .bind(code.as_str())
                .fetch_optional(&mut *tx)
                .await?;
                if exists.is_none() {
                    return Err(StoreError::NotFound(format!("item {code} of plan {slug}")));
                }
                let next: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM bureau_deadline_changes WHERE plan = $1 AND code = $2",
                )
                .bind(slug)
                .bind(code.as_str())
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO bureau_deadline_changes (plan, code, position, from_date, \
                     to_date, decided, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(slug)
                .bind(code.as_str())
                .bind(next)
                .bind(change.from.to_string())
                .bind(change.to.to_string())
                .bind(change.decided.to_string())
                .bind(&change.reason)
                .execute(&mut *tx)
                .await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            /// Appends progress reports (all or none) with their audit entry.
            pub async fn add_reports(
                &self,
                slug: &str,
                reports: &[ProgressReport],
                audit: &crate::AuditEntry,
            ) -> Result<(), StoreError> {
                let mut tx = self.begin_write().await?;
                for r in reports {
                    sqlx::query(
                        "INSERT INTO bureau_reports (plan, code, period, percent, narrative, \
                         problems, next_steps, reporter, entered_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    )
                    .bind(slug)
                    .bind(r.code.as_str())
                    .bind(r.period.to_string())
                    .bind(i64::from(r.percent.get()))
                    .bind(&r.narrative)
                    .bind(&r.problems)
                    .bind(&r.next_steps)
                    .bind(&r.reporter)
                    .bind(crate::accounts::micros(r.entered))
                    .execute(&mut *tx)
                    .await?;
                }
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            /// A plan's reports in the order they were entered, those for months up to `up_to`.
            pub async fn plan_reports(
                &self,
                slug: &str,
                up_to: Option<Period>,
            ) -> Result<Vec<StoredReport>, StoreError> {
                let rows: Vec<ReportRow> = sqlx::query_as(
                    "SELECT id, code, period, percent, narrative, problems, next_steps, reporter, \
                     entered_at FROM bureau_reports WHERE plan = $1 AND period <= $2 ORDER BY id",
                )
                .bind(slug)
                .bind(up_to.map(|p| p.to_string()).unwrap_or_else(|| "9999-99".into()))
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(report_of).collect()
            }
        }
    };
}

impl_bureau!(crate::sqlite::SqliteStore, sqlx::Sqlite);
impl_bureau!(crate::postgres::PgStore, sqlx::Postgres);

/// The battle map (see the module docs).
impl crate::Store {
    /// Creates or updates a plan and writes `items` (each with its position in the task book),
    /// creating the units they name; returns the names of the units created. One transaction
    /// with the audit entry: all or nothing.
    pub async fn save_plan_tree(
        &self,
        plan: &Plan,
        items: &[(i64, Item)],
        audit: &crate::AuditEntry,
    ) -> Result<Vec<String>, StoreError> {
        on_engine!(self, save_plan_tree(plan, items, audit))
    }
    pub async fn bureau_plan(&self, slug: &str) -> Result<Option<Plan>, StoreError> {
        on_engine!(self, bureau_plan(slug))
    }
    pub async fn bureau_plans(&self) -> Result<Vec<Plan>, StoreError> {
        on_engine!(self, bureau_plans())
    }
    /// Every unit's name, sorted.
    pub async fn bureau_units(&self) -> Result<Vec<String>, StoreError> {
        on_engine!(self, bureau_units())
    }
    /// Every item of a plan, whole (units, milestones, indicators with actuals, deadline
    /// changes), in the task book's order.
    pub async fn plan_items(&self, slug: &str) -> Result<Vec<Item>, StoreError> {
        on_engine!(self, plan_items(slug))
    }
    pub async fn add_deadline_change(
        &self,
        slug: &str,
        code: &ItemCode,
        change: &DeadlineChange,
        audit: &crate::AuditEntry,
    ) -> Result<(), StoreError> {
        on_engine!(self, add_deadline_change(slug, code, change, audit))
    }
    /// Appends reports, all or none, with the audit entry.
    pub async fn add_reports(
        &self,
        slug: &str,
        reports: &[ProgressReport],
        audit: &crate::AuditEntry,
    ) -> Result<(), StoreError> {
        on_engine!(self, add_reports(slug, reports, audit))
    }
    /// A plan's reports for months up to `up_to` (all when `None`), in the order entered.
    pub async fn plan_reports(
        &self,
        slug: &str,
        up_to: Option<Period>,
    ) -> Result<Vec<StoredReport>, StoreError> {
        on_engine!(self, plan_reports(slug, up_to))
    }
}
