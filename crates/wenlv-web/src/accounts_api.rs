//! The bureau's JSON API over accounts and the audit log. Every route here takes the caller
//! from [`Who`] (bearer token or session) and lets the application layer decide: without
//! credentials 401, with too small a role 403, both problem+json.
//!
//! | route | who | answer |
//! | --- | --- | --- |
//! | `GET /api/users` | admin | `{"items": [user…], "total": N}` (never a password hash) |
//! | `GET /api/tokens` | admin | `{"items": [token…], "total": N}` (never a secret) |
//! | `GET /api/audit` | staff, admin | `{"items": [entry…], "total": N}`, newest first; filters `entity`, `entity_id`, `user`, `from`, `to` (dates in the city, `to` included), `outcome`; paging `limit` (default 50, max 500), `offset` |
//! | `GET /api/audit.csv`, `GET /api/audit.xlsx` | staff, admin | the same entries (same filters, every page) as CSV or an Excel workbook |

use crate::AppState;
use crate::auth::Who;
use crate::problem::Problem;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use wenlv_app::accounts::{TokenInfo, UserInfo};
use wenlv_app::audit::MAX_AUDIT_PAGE;
use wenlv_store::{AuditEntry, AuditQuery, Outcome};

/// Entries per page when `limit` is not given.
pub const DEFAULT_AUDIT_LIMIT: u32 = 50;

/// A list and how many there are.
#[derive(Debug, Serialize)]
pub struct Items<T> {
    pub items: Vec<T>,
    pub total: u64,
}

/// `GET /api/users`
#[utoipa::path(get, path = "/api/users", tag = "accounts", operation_id = "listUsers",
    summary = "The users (admins only)",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Every user, by name", body = crate::openapi::UserListDoc),
        (status = 401, description = "No valid credentials", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not manage users", body = Problem, content_type = "application/problem+json")))]
pub async fn users(
    State(state): State<AppState>,
    who: Who,
) -> Result<Json<Items<UserInfo>>, Problem> {
    let items = state.app.list_users(who.actor()).await?;
    Ok(Json(Items {
        total: items.len() as u64,
        items,
    }))
}

/// `GET /api/tokens`
#[utoipa::path(get, path = "/api/tokens", tag = "accounts", operation_id = "listTokens",
    summary = "The API tokens (admins only; never their secrets)",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Every token, by name, with its state", body = crate::openapi::TokenListDoc),
        (status = 401, description = "No valid credentials", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not manage tokens", body = Problem, content_type = "application/problem+json")))]
pub async fn tokens(
    State(state): State<AppState>,
    who: Who,
) -> Result<Json<Items<TokenInfo>>, Problem> {
    let items = state.app.list_tokens(who.actor()).await?;
    Ok(Json(Items {
        total: items.len() as u64,
        items,
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditParams {
    entity: Option<String>,
    entity_id: Option<String>,
    user: Option<String>,
    from: Option<String>,
    to: Option<String>,
    outcome: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl AuditParams {
    /// The store query; dates are days in the city's time zone (`to` included).
    fn to_query(&self, state: &AppState) -> Result<AuditQuery, Problem> {
        let tz = jiff::tz::TimeZone::get(&state.city.time_zone)
            .unwrap_or_else(|_| jiff::tz::TimeZone::fixed(jiff::tz::offset(8)));
        let day_start = |name: &str, value: &Option<String>, next: bool| {
            given(value)
                .map(|v| {
                    let date = wenlv_domain::civil::parse_date(v)
                        .map_err(|e| Problem::bad_parameter(name, v, e))?;
                    let date = if next {
                        date.tomorrow()
                            .map_err(|e| Problem::bad_parameter(name, v, e))?
                    } else {
                        date
                    };
                    date.to_zoned_datetime(tz.clone())
                        .map(|z| z.timestamp())
                        .map_err(|e| Problem::bad_parameter(name, v, e))
                })
                .transpose()
        };
        let count = |name: &str, value: &Option<String>, max: u32| {
            given(value)
                .map(|v| match v.parse::<u32>() {
                    Ok(n) if n <= max => Ok(n),
                    _ => Err(Problem::bad_parameter(
                        name,
                        v,
                        format!("expected a whole number from 0 to {max}"),
                    )),
                })
                .transpose()
        };
        let outcome = given(&self.outcome)
            .map(|v| match v {
                "done" => Ok(Outcome::Done),
                "refused" => Ok(Outcome::Refused),
                _ => Err(Problem::bad_parameter(
                    "outcome",
                    v,
                    "expected done or refused",
                )),
            })
            .transpose()?;
        Ok(AuditQuery {
            entity: given(&self.entity).map(str::to_string),
            entity_id: given(&self.entity_id).map(str::to_string),
            actor: given(&self.user).map(str::to_string),
            from: day_start("from", &self.from, false)?,
            to: day_start("to", &self.to, true)?,
            outcome,
            limit: count("limit", &self.limit, MAX_AUDIT_PAGE)?.unwrap_or(DEFAULT_AUDIT_LIMIT),
            offset: count("offset", &self.offset, u32::MAX)?.unwrap_or(0),
        })
    }
}

/// `GET /api/audit`
#[utoipa::path(get, path = "/api/audit", tag = "accounts", operation_id = "listAuditEntries",
    summary = "The audit log, newest first (staff and admins)",
    security(("bearer" = []), ("session" = [])),
    params(
        ("entity" = Option<String>, Query, description = "Kind of entity: user, token, places, offers"),
        ("entity_id" = Option<String>, Query, description = "The entity's id (a user name, a token name…)"),
        ("user" = Option<String>, Query, description = "Who acted: a user name, token:NAME, wenlv-cli or visitor"),
        ("from" = Option<crate::openapi::DayBoundParam>, Query, description = "First day, YYYY-MM-DD in the city's time zone"),
        ("to" = Option<crate::openapi::DayBoundParam>, Query, description = "Last day (included), YYYY-MM-DD in the city's time zone"),
        ("outcome" = Option<crate::openapi::OutcomeParam>, Query, description = "done or refused"),
        ("limit" = Option<crate::openapi::LimitParam>, Query, description = "Page size, default 50, at most 500"),
        ("offset" = Option<crate::openapi::OffsetParam>, Query, description = "Entries to skip (newest first)")),
    responses(
        (status = 200, description = "One page and the total", body = crate::openapi::AuditPageDoc),
        (status = 400, description = "A bad parameter, named", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credentials", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not read the audit log", body = Problem, content_type = "application/problem+json")))]
pub async fn audit(
    State(state): State<AppState>,
    who: Who,
    params: Result<Query<AuditParams>, QueryRejection>,
) -> Result<Json<Items<AuditEntry>>, Problem> {
    // Who may read is checked before the parameters are looked at.
    who.actor()
        .check(wenlv_app::Action::ReadAudit)
        .map_err(Problem::from)?;
    let query = crate::problem::query_params(params)?.to_query(&state)?;
    let page = state.app.list_audit(who.actor(), &query).await?;
    Ok(Json(Items {
        items: page.items,
        total: page.total,
    }))
}

const EXPORT_COLUMNS: [&str; 12] = [
    "id",
    "at",
    "user",
    "role",
    "origin",
    "action",
    "entity",
    "entity_id",
    "outcome",
    "before",
    "after",
    "detail",
];

/// Every entry matching the filters (all pages), as the export's rows of text.
async fn export_rows(
    state: &AppState,
    who: &Who,
    params: Result<Query<AuditParams>, QueryRejection>,
) -> Result<Vec<[String; 12]>, Problem> {
    who.actor()
        .check(wenlv_app::Action::ReadAudit)
        .map_err(Problem::from)?;
    let params = crate::problem::query_params(params)?;
    if params.limit.is_some() || params.offset.is_some() {
        return Err(Problem::bad_request(
            "an export holds every matching entry: leave out limit and offset",
        ));
    }
    let mut query = params.to_query(state)?;
    query.limit = MAX_AUDIT_PAGE;
    let mut rows = Vec::new();
    loop {
        let page = state.app.list_audit(who.actor(), &query).await?;
        let json =
            |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
        for e in &page.items {
            rows.push([
                e.id.to_string(),
                e.at.to_string(),
                e.actor.clone(),
                e.role.clone(),
                e.origin.clone(),
                e.action.clone(),
                e.entity.clone(),
                e.entity_id.clone(),
                e.outcome.as_str().to_string(),
                json(&e.before),
                json(&e.after),
                e.detail.clone().unwrap_or_default(),
            ]);
        }
        query.offset += page.items.len() as u32;
        if page.items.is_empty() || u64::from(query.offset) >= page.total {
            break;
        }
    }
    Ok(rows)
}

fn attachment(content_type: &'static str, name: &'static str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, name),
        ],
        body,
    )
        .into_response()
}

/// `GET /api/audit.csv`
#[utoipa::path(get, path = "/api/audit.csv", tag = "accounts", operation_id = "exportAuditCsv",
    summary = "The audit log as CSV (staff and admins); the filters of /api/audit, every page",
    security(("bearer" = []), ("session" = [])),
    params(
        ("entity" = Option<String>, Query, description = "Kind of entity"),
        ("entity_id" = Option<String>, Query, description = "The entity's id"),
        ("user" = Option<String>, Query, description = "Who acted"),
        ("from" = Option<crate::openapi::DayBoundParam>, Query, description = "First day, YYYY-MM-DD"),
        ("to" = Option<crate::openapi::DayBoundParam>, Query, description = "Last day (included), YYYY-MM-DD"),
        ("outcome" = Option<crate::openapi::OutcomeParam>, Query, description = "done or refused")),
    responses(
        (status = 200, description = "id, at, user, role, origin, action, entity, entity_id, outcome, before, after, detail; text a spreadsheet would run as a formula starts with '", content_type = "text/csv"),
        (status = 400, description = "A bad parameter, named", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credentials", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not read the audit log", body = Problem, content_type = "application/problem+json")))]
pub async fn audit_csv(
    State(state): State<AppState>,
    who: Who,
    params: Result<Query<AuditParams>, QueryRejection>,
) -> Result<Response, Problem> {
    let rows = export_rows(&state, &who, params).await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let csv_error = |e: csv::Error| Problem::internal(&e);
    writer.write_record(EXPORT_COLUMNS).map_err(csv_error)?;
    for row in rows {
        writer
            .write_record(row.iter().map(|cell| safe_cell(cell)))
            .map_err(csv_error)?;
    }
    let body = writer
        .into_inner()
        .map_err(|e| Problem::internal(&e.to_string()))?;
    Ok(attachment(
        "text/csv; charset=utf-8",
        "attachment; filename=\"wenlv-audit.csv\"",
        body,
    ))
}

/// `GET /api/audit.xlsx`
#[utoipa::path(get, path = "/api/audit.xlsx", tag = "accounts", operation_id = "exportAuditXlsx",
    summary = "The audit log as an Excel workbook (staff and admins); the filters of /api/audit, every page",
    security(("bearer" = []), ("session" = [])),
    params(
        ("entity" = Option<String>, Query, description = "Kind of entity"),
        ("entity_id" = Option<String>, Query, description = "The entity's id"),
        ("user" = Option<String>, Query, description = "Who acted"),
        ("from" = Option<crate::openapi::DayBoundParam>, Query, description = "First day, YYYY-MM-DD"),
        ("to" = Option<crate::openapi::DayBoundParam>, Query, description = "Last day (included), YYYY-MM-DD"),
        ("outcome" = Option<crate::openapi::OutcomeParam>, Query, description = "done or refused")),
    responses(
        (status = 200, description = "One sheet, the columns of the CSV export; every cell text, never a formula", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "A bad parameter, named", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credentials", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not read the audit log", body = Problem, content_type = "application/problem+json")))]
pub async fn audit_xlsx(
    State(state): State<AppState>,
    who: Who,
    params: Result<Query<AuditParams>, QueryRejection>,
) -> Result<Response, Problem> {
    let rows = export_rows(&state, &who, params).await?;
    let xlsx = |e: rust_xlsxwriter::XlsxError| Problem::internal(&e);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("audit").map_err(xlsx)?;
    for (col, name) in EXPORT_COLUMNS.iter().enumerate() {
        sheet.write_string(0, col as u16, *name).map_err(xlsx)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (col, cell) in row.iter().enumerate() {
            // Text cells: a value starting with '=' stays text, never a formula.
            sheet
                .write_string(r as u32 + 1, col as u16, cell)
                .map_err(xlsx)?;
        }
    }
    let body = book.save_to_buffer().map_err(xlsx)?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "attachment; filename=\"wenlv-audit.xlsx\"",
        body,
    ))
}

/// A text cell a spreadsheet would run as a formula gets a leading `'` (OWASP's CSV-injection
/// advice, as the catalogue export does).
fn safe_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(super::safe_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(super::safe_cell("@x"), "'@x");
        assert_eq!(super::safe_cell("ada"), "ada");
    }
}
