//! The key-project library as JSON, for signed-in bureau roles and API tokens. Amounts are
//! 万元 (10,000 CNY) as exact decimal strings; an unknown figure is `null` and is counted apart
//! in the totals (`unknown`), never added as zero.
//!
//! | route | who | answer |
//! | --- | --- | --- |
//! | `GET /api/projects` | viewer, reporter, staff, admin | `{"items": [project…], "total": N}` by code |
//! | `GET /api/projects/totals?by=stage\|district\|funding` | the same | `{"by", "items": [{"key", "count", "total_investment", "unknown", "projects"}]}` |

use crate::AppState;
use crate::auth::Who;
use crate::problem::Problem;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wenlv_domain::bureau::projects::{Project, Total, TotalsBy};

/// A funding line.
#[derive(Debug, Serialize, ToSchema)]
pub struct FundingView {
    /// The funding type's key, e.g. `central_government_fund`.
    #[schema(value_type = crate::openapi::FundingTypeId)]
    pub kind: &'static str,
    /// 万元, exact; `null` when unknown.
    #[schema(value_type = Option<crate::openapi::Wan>)]
    pub amount_10k_cny: Option<String>,
    pub year: Option<i16>,
    /// `applied`, `approved` or `disbursed`.
    pub status: Option<&'static str>,
}

/// One change of a project's stage.
#[derive(Debug, Serialize, ToSchema)]
pub struct StageChangeView {
    #[schema(value_type = crate::openapi::CivilDate)]
    pub on: String,
    #[schema(value_type = Option<crate::openapi::StageId>)]
    pub from: Option<&'static str>,
    #[schema(value_type = crate::openapi::StageId)]
    pub to: &'static str,
    pub by: String,
    pub reason: String,
}

/// A project of the library.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectView {
    pub code: String,
    pub name: String,
    pub category: Option<String>,
    pub district: Option<String>,
    pub owner: Option<String>,
    pub lead_unit: Option<String>,
    #[schema(value_type = crate::openapi::StageId)]
    pub stage: &'static str,
    /// 万元, exact; `null` when unknown.
    #[schema(value_type = Option<crate::openapi::Wan>)]
    pub total_investment_10k_cny: Option<String>,
    #[schema(value_type = Option<crate::openapi::CivilDate>)]
    pub planned_completion: Option<String>,
    pub funding: Vec<FundingView>,
    pub history: Vec<StageChangeView>,
}

impl From<&Project> for ProjectView {
    fn from(p: &Project) -> ProjectView {
        ProjectView {
            code: p.code.clone(),
            name: p.name.clone(),
            category: p.category.clone(),
            district: p.district.clone(),
            owner: p.owner.clone(),
            lead_unit: p.lead_unit.clone(),
            stage: p.stage.as_str(),
            total_investment_10k_cny: p.total_investment.map(|w| w.to_string()),
            planned_completion: p.planned_completion.map(|d| d.to_string()),
            funding: p
                .funding
                .iter()
                .map(|l| FundingView {
                    kind: l.kind.as_str(),
                    amount_10k_cny: l.amount.map(|w| w.to_string()),
                    year: l.year,
                    status: l.status.map(|s| s.as_str()),
                })
                .collect(),
            history: p
                .history
                .iter()
                .map(|c| StageChangeView {
                    on: c.on.to_string(),
                    from: c.from.map(|s| s.as_str()),
                    to: c.to.as_str(),
                    by: c.by.clone(),
                    reason: c.reason.clone(),
                })
                .collect(),
        }
    }
}

/// `GET /api/projects`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectList {
    pub items: Vec<ProjectView>,
    pub total: u64,
}

/// One row of the totals.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotalView {
    /// A stage key, a funding type key, or a district's name (`unknown` when none is given).
    pub key: String,
    /// How many projects are counted.
    pub count: u64,
    /// The sum of the known figures, 万元 as an exact decimal string.
    #[schema(value_type = crate::openapi::Wan)]
    pub total_investment: String,
    /// How many of the counted projects have no figure here.
    pub unknown: u64,
    /// The codes of the projects counted (a total links to its list).
    pub projects: Vec<String>,
}

impl From<Total> for TotalView {
    fn from(t: Total) -> TotalView {
        TotalView {
            key: t.key,
            count: t.count as u64,
            total_investment: t.total_investment.to_string(),
            unknown: t.unknown as u64,
            projects: t.projects,
        }
    }
}

/// `GET /api/projects/totals`.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotalList {
    /// What the rows are grouped by.
    #[schema(value_type = crate::openapi::TotalsById)]
    pub by: String,
    pub items: Vec<TotalView>,
}

#[derive(Debug, Deserialize)]
pub struct TotalsParams {
    by: Option<String>,
}

/// `GET /api/projects`
#[utoipa::path(get, path = "/api/projects", tag = "bureau", operation_id = "listProjects",
    summary = "The key-project library (signed-in bureau roles)",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Every project, by code", body = ProjectList),
        (status = 401, description = "No valid credentials", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a bureau role", body = Problem, content_type = "application/problem+json")))]
pub async fn list(State(state): State<AppState>, who: Who) -> Result<Json<ProjectList>, Problem> {
    let projects = state.app.list_projects(who.actor()).await?;
    Ok(Json(ProjectList {
        total: projects.len() as u64,
        items: projects.iter().map(ProjectView::from).collect(),
    }))
}

/// `GET /api/projects/totals`
#[utoipa::path(get, path = "/api/projects/totals", tag = "bureau", operation_id = "projectTotals",
    summary = "Number and investment of the library's projects by stage, district or funding line (signed-in bureau roles)",
    security(("bearer" = []), ("session" = [])),
    params(("by" = crate::openapi::TotalsById, Query, description = "stage, district or funding")),
    responses(
        (status = 200, description = "One row per stage (all five, in order), district or funding type (all nine, in order)", body = TotalList),
        (status = 400, description = "A bad parameter, named", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credentials", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a bureau role", body = Problem, content_type = "application/problem+json")))]
pub async fn totals(
    State(state): State<AppState>,
    who: Who,
    params: Result<Query<TotalsParams>, QueryRejection>,
) -> Result<Json<TotalList>, Problem> {
    // Who may read is decided before the parameters are looked at.
    who.actor()
        .check(wenlv_app::Action::OpenBureau)
        .map_err(Problem::from)?;
    let params = crate::problem::query_params(params)?;
    let by_text = params.by.unwrap_or_default();
    let by = TotalsBy::parse(by_text.trim()).ok_or_else(|| {
        Problem::bad_parameter("by", &by_text, "expected stage, district or funding")
    })?;
    let rows = state.app.project_totals(who.actor(), by).await?;
    Ok(Json(TotalList {
        by: by_text.trim().to_string(),
        items: rows.into_iter().map(TotalView::from).collect(),
    }))
}
