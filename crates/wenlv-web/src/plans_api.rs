//! The battle map's JSON API (挂图作战), signed in (a bearer token or the session cookie):
//!
//! | route | who | answer |
//! | --- | --- | --- |
//! | `GET /api/plans/{slug}/items?as_of=&status=` | every bureau role and API token | `{"plan", "as_of", "items": [{"code", "parent_code", "level", "title", "lead_unit", "start", "due", "progress", "status", "status_reason", …}]}`; `as_of` defaults to today in the city |
//! | `POST /api/plans/{slug}/items/{code}/reports` | staff; reporters of the item's lead or partner units | 201 and the report recorded |
//!
//! Who may is checked before the parameters or the body are read, so a refused caller learns
//! nothing about them; the application layer decides ([`wenlv_app::battlemap`]).

use crate::AppState;
use crate::auth::Who;
use crate::json_body::JsonBody;
use crate::problem::Problem;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use wenlv_app::battlemap::ReportInput;
use wenlv_app::{Action, BureauError};
use wenlv_domain::bureau::{Percent, Period, Status};

impl From<BureauError> for Problem {
    fn from(err: BureauError) -> Problem {
        match err {
            BureauError::Denied(d) => d.into(),
            e @ BureauError::NotYourItem { .. } => Problem::forbidden(e.to_string()),
            BureauError::NotFound(what) => Problem::not_found(format!("no {what}")),
            BureauError::Invalid(problems) => {
                let field = problems.first().map(|p| p.field.clone());
                Problem::bad_body(field, BureauError::Invalid(problems).to_string())
            }
            BureauError::Store(e) => e.into(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemsParams {
    as_of: Option<String>,
    status: Option<String>,
}

/// One item with its status.
#[derive(Debug, Serialize)]
pub struct ItemView {
    pub code: String,
    pub parent_code: Option<String>,
    pub level: usize,
    /// The plan's name for the level (中心, 行动, 措施 …).
    pub level_name: String,
    pub title: String,
    pub title_en: String,
    pub leaders: Vec<String>,
    pub lead_unit: Option<String>,
    pub partner_units: Vec<String>,
    pub district: String,
    pub start: Option<String>,
    /// The current due date (after deadline changes).
    pub due: Option<String>,
    /// The due date the task book set.
    pub baseline_due: Option<String>,
    pub slip_days: Option<i32>,
    pub progress: Option<u8>,
    pub expected: Option<u8>,
    pub reported_for: Option<String>,
    pub status: &'static str,
    pub status_reason: String,
}

#[derive(Debug, Serialize)]
pub struct ItemsAnswer {
    pub plan: String,
    pub title: String,
    pub as_of: String,
    pub items: Vec<ItemView>,
}

/// `GET /api/plans/{slug}/items`
#[utoipa::path(get, path = "/api/plans/{slug}/items", tag = "plans", operation_id = "listPlanItems",
    summary = "A plan's items with their status as of a date (bureau roles and API tokens)",
    security(("bearer" = []), ("session" = [])),
    params(
        ("slug" = crate::openapi::PlanSlugId, Path, description = "The plan's slug"),
        ("as_of" = Option<crate::openapi::DateParam>, Query, description = "Status as of this date (reports for its month and earlier count); default today in the city"),
        ("status" = Option<crate::openapi::StatusParam>, Query, description = "Only items with this status")),
    responses(
        (status = 200, description = "The items in the task book's order", body = crate::openapi::PlanItemsDoc),
        (status = 400, description = "A bad parameter, named", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credentials", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not read plans", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "A server fault (the cause is in the server's log)", body = Problem, content_type = "application/problem+json")))]
pub async fn items(
    State(state): State<AppState>,
    who: Who,
    Path(slug): Path<String>,
    params: Result<Query<ItemsParams>, QueryRejection>,
) -> Result<Json<ItemsAnswer>, Problem> {
    who.actor()
        .check(Action::ReadPlanItems)
        .map_err(Problem::from)?;
    let params = crate::problem::query_params(params)?;
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let as_of = given(&params.as_of)
        .map(|v| {
            wenlv_domain::civil::parse_date(&v).map_err(|e| Problem::bad_parameter("as_of", &v, e))
        })
        .transpose()?;
    let status = given(&params.status)
        .map(|v| {
            Status::parse(&v).ok_or_else(|| {
                Problem::bad_parameter(
                    "status",
                    &v,
                    "expected done, not_started, green, amber or red",
                )
            })
        })
        .transpose()?;
    let listed = state
        .app
        .plan_items(&who.caller, &slug, as_of, status)
        .await?;
    let items = listed
        .items
        .into_iter()
        .map(|(item, st)| ItemView {
            code: item.code.to_string(),
            parent_code: item.parent.as_ref().map(|p| p.to_string()),
            level: st.level,
            level_name: listed.plan.level_name(st.level),
            title: item.title_zh.clone(),
            title_en: item.title_en.clone(),
            leaders: item.leaders.clone(),
            lead_unit: item.lead_unit.as_ref().map(|u| u.to_string()),
            partner_units: item.partner_units.iter().map(|u| u.to_string()).collect(),
            district: item.district.clone(),
            start: item.start.map(|d| d.to_string()),
            due: st.due.map(|d| d.to_string()),
            baseline_due: item.due.map(|d| d.to_string()),
            slip_days: st.slip_days,
            progress: st.progress.map(Percent::get),
            expected: st.expected,
            reported_for: st.reported_for.map(|p| p.to_string()),
            status: st.status.as_str(),
            status_reason: st.reason,
        })
        .collect();
    Ok(Json(ItemsAnswer {
        plan: listed.plan.slug.to_string(),
        title: listed.plan.title,
        as_of: listed.as_of.to_string(),
        items,
    }))
}

/// A whole number of percent: `60`, or `60.0` (JSON Schema's integers include it).
fn whole_percent<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u8, D::Error> {
    let n = serde_json::Number::deserialize(d)?;
    let whole = n.as_u64().or_else(|| {
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0)
            .map(|f| f as u64)
    });
    match whole {
        Some(w) if w <= 100 => Ok(w as u8),
        _ => Err(serde::de::Error::custom(format!(
            "{n} is not a whole percentage from 0 to 100"
        ))),
    }
}

/// The body of a progress report.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportBody {
    period: String,
    #[serde(deserialize_with = "whole_percent")]
    percent: u8,
    // Optional texts: left out or `null` is empty, as the schema says.
    #[serde(default)]
    narrative: Option<String>,
    #[serde(default)]
    problems: Option<String>,
    #[serde(default)]
    next_steps: Option<String>,
}

/// A report as recorded.
#[derive(Debug, Serialize)]
pub struct ReportAnswer {
    pub plan: String,
    pub code: String,
    pub period: String,
    pub percent: u8,
    pub narrative: String,
    pub problems: String,
    pub next_steps: String,
    pub reporter: String,
    pub entered_at: String,
}

/// `POST /api/plans/{slug}/items/{code}/reports`
#[utoipa::path(post, path = "/api/plans/{slug}/items/{code}/reports", tag = "plans", operation_id = "reportProgress",
    summary = "Report an item's progress for a month (staff; reporters of the item's units)",
    security(("bearer" = []), ("session" = [])),
    params(
        ("slug" = crate::openapi::PlanSlugId, Path, description = "The plan's slug"),
        ("code" = crate::openapi::ItemCodeId, Path, description = "The item's code")),
    request_body(content = crate::openapi::ReportRequestDoc, content_type = "application/json"),
    responses(
        (status = 201, description = "The report recorded (an earlier one for the month stays in the history)", body = crate::openapi::ReportDoc),
        (status = 400, description = "A bad body field, named", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credentials", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not report, or the item is not one of the reporter's unit's", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan or item", body = Problem, content_type = "application/problem+json"),
        (status = 408, description = "The body did not arrive in time (30 s by default)", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "A server fault (the cause is in the server's log)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json")))]
pub async fn report(
    State(state): State<AppState>,
    who: Who,
    Path((slug, code)): Path<(String, String)>,
    body: Result<JsonBody<ReportBody>, Problem>,
) -> Result<(StatusCode, Json<ReportAnswer>), Problem> {
    who.actor()
        .check(Action::ReportProgress)
        .map_err(Problem::from)?;
    let JsonBody(body) = body?;
    let period = Period::parse(body.period.trim())
        .map_err(|e| Problem::bad_body(Some("period".into()), e.to_string()))?;
    let percent = Percent::new(body.percent)
        .map_err(|e| Problem::bad_body(Some("percent".into()), e.to_string()))?;
    let input = ReportInput {
        row: None,
        code: code.clone(),
        period,
        percent,
        narrative: body.narrative.unwrap_or_default(),
        problems: body.problems.unwrap_or_default(),
        next_steps: body.next_steps.unwrap_or_default(),
    };
    let saved = match state
        .app
        .report_progress(&who.caller, &slug, &[input])
        .await
    {
        Err(BureauError::Invalid(p)) if p.len() == 1 && p[0].field == "code" => {
            return Err(Problem::not_found(format!("no item {code} in plan {slug}")));
        }
        other => other?,
    };
    let r = &saved[0];
    Ok((
        StatusCode::CREATED,
        Json(ReportAnswer {
            plan: slug,
            code: r.code.to_string(),
            period: r.period.to_string(),
            percent: r.percent.get(),
            narrative: r.narrative.clone(),
            problems: r.problems.clone(),
            next_steps: r.next_steps.clone(),
            reporter: r.reporter.clone(),
            entered_at: r.entered.to_string(),
        }),
    ))
}
