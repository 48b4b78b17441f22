//! The key-project library (重点项目库): staff import the project book; every bureau role reads
//! the library and the totals the bureau reports (by stage, district or funding line).
//!
//! An import updates projects by code. A project whose stage the book changes needs the reason
//! (the book's 阶段变更原因 column): a stage change without one is refused, as everywhere.

use crate::App;
use crate::accounts::Caller;
use crate::actor::{Action, Actor, Denied};
use serde_json::json;
use std::collections::BTreeMap;
use wenlv_domain::bureau::projects::{Project, Stage, Total, TotalsBy, totals};
use wenlv_io::projects::ProjectBook;
use wenlv_io::taskbook::{BookError, SheetIssue};
use wenlv_store::{StoreError, UpsertCounts};

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// The book breaks a rule that needs the stored library (every problem listed).
    #[error(transparent)]
    Book(#[from] BookError),
    #[error("storing projects")]
    Store(#[from] StoreError),
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectImport {
    pub counts: UpsertCounts,
    /// Codes of new projects the book gave no stage, put in reserve (储备).
    pub put_in_reserve: Vec<String>,
    /// (code, from, to) of every stage the import changed.
    pub stage_changes: Vec<(String, Stage, Stage)>,
}

impl App {
    /// Imports a project book read by [`wenlv_io::projects::read_projects`] from `file`:
    /// creates and updates projects by code, all or nothing, audited.
    pub async fn import_projects(
        &self,
        caller: &Caller,
        book: &ProjectBook,
        file: &str,
    ) -> Result<ProjectImport, ProjectError> {
        self.authorise::<ProjectError>(caller, Action::ManageProjects, "import", "projects", file)
            .await?;
        let today = self.today();
        let by = caller.actor.name().to_string();
        let stored: BTreeMap<String, Project> = self
            .store
            .projects()
            .await?
            .into_iter()
            .map(|p| (p.code.clone(), p))
            .collect();
        let mut issues = Vec::new();
        let mut out = Vec::new();
        let mut report = ProjectImport {
            counts: UpsertCounts::default(),
            put_in_reserve: Vec::new(),
            stage_changes: Vec::new(),
        };
        for row in &book.projects {
            let mut p = match stored.get(&row.code) {
                Some(p) => p.clone(),
                None => {
                    let stage = row.stage.unwrap_or_else(|| {
                        report.put_in_reserve.push(row.code.clone());
                        Stage::Reserve
                    });
                    Project::new(&row.code, &row.name, stage, today, &by)
                }
            };
            if let Some(to) = row.stage
                && to != p.stage
            {
                let from = p.stage;
                let reason = row.stage_reason.clone().unwrap_or_default();
                match p.change_stage(to, today, &by, &reason) {
                    Ok(()) => report.stage_changes.push((row.code.clone(), from, to)),
                    Err(e) => issues.push(SheetIssue {
                        sheet: book.sheet.clone(),
                        row: Some(row.row),
                        code: Some(row.code.clone()),
                        column: "阶段/stage".into(),
                        value: to.zh().to_string(),
                        reason: format!("{e}: give it in the 阶段变更原因/stage reason column"),
                    }),
                }
            }
            p.name = row.name.clone();
            p.category = row.category.clone();
            p.district = row.district.clone();
            p.owner = row.owner.clone();
            p.lead_unit = row.lead_unit.clone();
            p.total_investment = row.total_investment;
            p.planned_completion = row.planned_completion;
            p.funding = row.funding.clone();
            out.push(p);
        }
        if !issues.is_empty() {
            return Err(BookError {
                file: file.to_string(),
                issues,
            }
            .into());
        }
        let mut audit = self.audit_entry(caller, "import", "projects", file);
        audit.after = Some(json!({
            "projects": out.len(),
            "stage_changes": report.stage_changes.len(),
        }));
        report.counts = self.store.save_projects(&out, &audit).await?;
        Ok(report)
    }

    /// Every project of the library, by code (bureau roles).
    pub async fn list_projects(&self, actor: &Actor) -> Result<Vec<Project>, ProjectError> {
        actor.check(Action::OpenBureau)?;
        Ok(self.store.projects().await?)
    }

    /// The library's totals grouped `by` stage, district or funding line (bureau roles).
    pub async fn project_totals(
        &self,
        actor: &Actor,
        by: TotalsBy,
    ) -> Result<Vec<Total>, ProjectError> {
        actor.check(Action::OpenBureau)?;
        Ok(totals(&self.store.projects().await?, by))
    }
}
