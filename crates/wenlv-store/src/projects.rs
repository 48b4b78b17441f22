//! The key-project library as rows: projects, their funding lines and the history of their
//! stage. The SQL is the same on both engines, written once in `impl_projects!`. Saving takes
//! whole projects (as the domain keeps them) and writes them, their lines and any new stage
//! changes in one transaction with its audit entry.

use crate::accounts::AuditEntry;
use crate::{StoreError, UpsertCounts};
use std::collections::BTreeMap;
use wenlv_domain::bureau::projects::{
    FundingLine, FundingStatus, FundingType, Project, Stage, StageChange, Wan,
};

fn bad(column: &str, value: &str) -> StoreError {
    StoreError::Invalid(format!("{column}: unexpected stored value '{value}'"))
}

fn date_of(column: &str, text: &str) -> Result<jiff::civil::Date, StoreError> {
    text.parse().map_err(|_| bad(column, text))
}

type ProjectRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<i64>,
    Option<String>,
);
type FundingRow = (String, String, Option<i64>, Option<i32>, Option<String>);
type ChangeRow = (String, String, Option<String>, String, String, String);

/// Builds the projects from their rows (each list in code, then sequence order).
fn assemble(
    rows: Vec<ProjectRow>,
    funding: Vec<FundingRow>,
    changes: Vec<ChangeRow>,
) -> Result<Vec<Project>, StoreError> {
    let mut out: BTreeMap<String, Project> = BTreeMap::new();
    for (code, name, category, district, owner, lead_unit, stage, total, planned) in rows {
        let stage = Stage::parse(&stage).ok_or_else(|| bad("projects.stage", &stage))?;
        out.insert(
            code.clone(),
            Project {
                code,
                name,
                category,
                district,
                owner,
                lead_unit,
                stage,
                total_investment: total.map(Wan::from_fen),
                funding: Vec::new(),
                planned_completion: planned
                    .as_deref()
                    .map(|d| date_of("projects.planned_completion", d))
                    .transpose()?,
                history: Vec::new(),
            },
        );
    }
    for (code, kind, amount, year, status) in funding {
        let line = FundingLine {
            kind: FundingType::parse(&kind).ok_or_else(|| bad("project_funding.kind", &kind))?,
            amount: amount.map(Wan::from_fen),
            year: year.and_then(|y| i16::try_from(y).ok()),
            status: status
                .as_deref()
                .map(|s| FundingStatus::parse(s).ok_or_else(|| bad("project_funding.status", s)))
                .transpose()?,
        };
        if let Some(p) = out.get_mut(&code) {
            p.funding.push(line);
        }
    }
    for (code, on, from, to, by, reason) in changes {
        let change = StageChange {
            on: date_of("project_stage_changes.on_date", &on)?,
            from: from
                .as_deref()
                .map(|f| Stage::parse(f).ok_or_else(|| bad("project_stage_changes.from_stage", f)))
                .transpose()?,
            to: Stage::parse(&to).ok_or_else(|| bad("project_stage_changes.to_stage", &to))?,
            by,
            reason,
        };
        if let Some(p) = out.get_mut(&code) {
            p.history.push(change);
        }
    }
    Ok(out.into_values().collect())
}

macro_rules! impl_projects {
    ($store:ty, $db:ty) => {
        impl $store {
            async fn load_projects(
                conn: &mut <$db as sqlx::Database>::Connection,
            ) -> Result<Vec<Project>, StoreError> {
                let rows: Vec<ProjectRow> = sqlx::query_as(
                    "SELECT code, name, category, district, owner, lead_unit, stage, \
                     total_investment_fen, planned_completion FROM projects ORDER BY code",
                )
                .fetch_all(&mut *conn)
                .await?;
                let funding: Vec<FundingRow> = sqlx::query_as(
                    "SELECT project_code, kind, amount_fen, year, status FROM project_funding \
                     ORDER BY project_code, seq",
                )
                .fetch_all(&mut *conn)
                .await?;
                let changes: Vec<ChangeRow> = sqlx::query_as(
                    "SELECT project_code, on_date, from_stage, to_stage, by_user, reason \
                     FROM project_stage_changes ORDER BY project_code, seq",
                )
                .fetch_all(&mut *conn)
                .await?;
                assemble(rows, funding, changes)
            }

            pub async fn projects(&self) -> Result<Vec<Project>, StoreError> {
                let mut conn = self.pool.acquire().await?;
                Self::load_projects(&mut conn).await
            }

            pub async fn save_projects(
                &self,
                projects: &[Project],
                audit: &AuditEntry,
            ) -> Result<UpsertCounts, StoreError> {
                let at = crate::accounts::micros(audit.at);
                let mut tx = self.begin_write().await?;
                let stored: BTreeMap<String, Project> = Self::load_projects(&mut tx)
                    .await?
                    .into_iter()
                    .map(|p| (p.code.clone(), p))
                    .collect();
                let mut counts = UpsertCounts::default();
                for p in projects {
                    let before = stored.get(&p.code);
                    match before {
                        Some(b) if b == p => {
                            counts.unchanged += 1;
                            continue;
                        }
                        Some(_) => counts.updated += 1,
                        None => counts.created += 1,
                    }
                    sqlx::query(
                        "INSERT INTO projects (code, name, category, district, owner, lead_unit, \
                         stage, total_investment_fen, planned_completion, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
                         ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
                         category = excluded.category, district = excluded.district, \
                         owner = excluded.owner, lead_unit = excluded.lead_unit, \
                         stage = excluded.stage, \
                         total_investment_fen = excluded.total_investment_fen, \
                         planned_completion = excluded.planned_completion, \
                         updated_at = excluded.updated_at",
                    )
                    .bind(&p.code)
                    .bind(&p.name)
                    .bind(&p.category)
                    .bind(&p.district)
                    .bind(&p.owner)
                    .bind(&p.lead_unit)
                    .bind(p.stage.as_str())
                    .bind(p.total_investment.map(Wan::fen))
                    .bind(p.planned_completion.map(|d| d.to_string()))
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("DELETE FROM project_funding WHERE project_code = $1")
                        .bind(&p.code)
                        .execute(&mut *tx)
                        .await?;
                    for (seq, line) in p.funding.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO project_funding (project_code, seq, kind, amount_fen, \
                             year, status) VALUES ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(&p.code)
                        .bind(seq as i32)
                        .bind(line.kind.as_str())
                        .bind(line.amount.map(Wan::fen))
                        .bind(line.year.map(i32::from))
                        .bind(line.status.map(|s| s.as_str()))
                        .execute(&mut *tx)
                        .await?;
                    }
                    // History only grows: the stored changes must be a prefix of the new ones.
                    let kept = before.map_or(0, |b| b.history.len());
                    if before.is_some_and(|b| !p.history.starts_with(&b.history)) {
                        return Err(StoreError::Conflict(format!(
                            "project {}: its stage history changed underneath (reload and retry)",
                            p.code
                        )));
                    }
                    for (seq, c) in p.history.iter().enumerate().skip(kept) {
                        sqlx::query(
                            "INSERT INTO project_stage_changes (project_code, seq, on_date, \
                             from_stage, to_stage, by_user, reason) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        )
                        .bind(&p.code)
                        .bind(seq as i32)
                        .bind(c.on.to_string())
                        .bind(c.from.map(|s| s.as_str()))
                        .bind(c.to.as_str())
                        .bind(&c.by)
                        .bind(&c.reason)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(counts)
            }
        }
    };
}

impl_projects!(crate::sqlite::SqliteStore, sqlx::Sqlite);
impl_projects!(crate::postgres::PgStore, sqlx::Postgres);

/// The key-project library (see the module docs).
impl crate::Store {
    /// Every project with its funding lines and stage history, by code.
    pub async fn projects(&self) -> Result<Vec<Project>, StoreError> {
        on_engine!(self, projects())
    }

    /// Creates or replaces `projects` (by code) with their funding lines, and appends their new
    /// stage changes, in one transaction with `audit`. A history that does not extend the
    /// stored one is a [`StoreError::Conflict`] and nothing is written.
    pub async fn save_projects(
        &self,
        projects: &[Project],
        audit: &AuditEntry,
    ) -> Result<UpsertCounts, StoreError> {
        on_engine!(self, save_projects(projects, audit))
    }
}
