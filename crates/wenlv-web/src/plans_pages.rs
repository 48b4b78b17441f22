//! The battle map's pages (挂图作战): `/bureau/plans` (the plans), `/bureau/plans/{slug}` (the
//! tree with status colours, filters by centre, unit, status and date; for a reporter "my items"
//! with a report form per item), and the form post that records a report. Server-rendered like
//! [`crate::bureau`]; who may is decided by the application layer.

use crate::AppState;
use crate::access::listed;
use crate::auth::Who;
use crate::bureau::{Posted, csrf_refused, message_page, must_change_password, refused};
use crate::pages::{Chrome, Visit};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use std::collections::BTreeMap;
use wenlv_app::battlemap::ReportInput;
use wenlv_app::{Action, Actor, BureauError};
use wenlv_domain::bureau::{Item, ItemStatus, Percent, Period, Status};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(listed("/bureau/plans"), get(list))
        .route(listed("/bureau/plans/{slug}"), get(tree))
        .route(
            listed("/bureau/plans/{slug}/missing.xlsx"),
            get(missing_xlsx),
        )
        .route(
            listed("/bureau/plans/{slug}/items/{code}/reports"),
            post(report),
        )
}

pub struct PlanLink {
    pub href: String,
    pub title: String,
    pub slug: String,
}

#[derive(Template)]
#[template(path = "bureau_plans.html")]
pub struct PlansPage {
    pub c: Chrome,
    pub plans: Vec<PlanLink>,
}

/// `GET /bureau/plans`
pub async fn list(State(state): State<AppState>, visit: Visit, who: Who) -> Response {
    if let Some(go) = must_change_password(&who) {
        return go;
    }
    let plans = match state.app.list_plans(&who.caller).await {
        Ok(p) => p,
        Err(BureauError::Denied(d)) => return refused(visit, d),
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    let l = visit.lang;
    let page = PlansPage {
        c: Chrome::new(&visit, l.t("挂图作战", "Battle map").to_string(), "", false),
        plans: plans
            .into_iter()
            .map(|p| PlanLink {
                href: format!("/bureau/plans/{}", p.slug),
                title: p.title,
                slug: p.slug.to_string(),
            })
            .collect(),
    };
    visit.respond(page)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TreeFilters {
    as_of: String,
    status: String,
    centre: String,
    unit: String,
}

pub struct Row {
    pub code: String,
    pub level: usize,
    pub level_name: String,
    pub title: String,
    pub lead_unit: String,
    pub partners: String,
    pub due: String,
    /// "baseline 2024-06-30, +92 days" when the due date moved.
    pub slip: String,
    pub progress: String,
    pub status: &'static str,
    pub status_word: &'static str,
    pub reason: String,
    /// The reporter may report on it.
    pub mine: bool,
}

pub struct Count {
    pub status: &'static str,
    pub word: &'static str,
    pub n: usize,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "bureau_plan.html")]
pub struct TreePage {
    pub c: Chrome,
    pub slug: String,
    pub title: String,
    pub as_of: String,
    pub rows: Vec<Row>,
    pub counts: Vec<Count>,
    pub statuses: Vec<Choice>,
    pub centres: Vec<Choice>,
    pub units: Vec<Choice>,
    pub my_unit: String,
    pub mine: Vec<Row>,
    pub this_month: String,
    pub csrf: String,
    /// For staff and viewers: the units that owe a report this month, with their items' codes.
    pub missing: Vec<(String, String)>,
}

/// A status as the page's language says it.
fn word(l: crate::pages::Lang, s: Status) -> &'static str {
    match l {
        crate::pages::Lang::Zh => s.zh(),
        crate::pages::Lang::En => s.as_str(),
    }
}

/// Whether `code` is `centre` or lies under it.
fn under(parents: &BTreeMap<String, Option<String>>, code: &str, centre: &str) -> bool {
    let mut at = Some(code.to_string());
    let mut steps = 0;
    while let Some(c) = at {
        if c == centre {
            return true;
        }
        steps += 1;
        if steps > parents.len() {
            return false;
        }
        at = parents.get(&c).cloned().flatten();
    }
    false
}

fn row(item: &Item, st: &ItemStatus, level_name: String, mine: bool, l: crate::pages::Lang) -> Row {
    let slip = match (item.due, st.slip_days) {
        (Some(b), Some(d)) => format!(
            "{} {b}, {d:+} {}",
            l.t("原定", "baseline"),
            l.t("天", "days")
        ),
        _ => String::new(),
    };
    Row {
        code: item.code.to_string(),
        level: st.level.min(6),
        level_name,
        title: item.title_zh.clone(),
        lead_unit: item
            .lead_unit
            .as_ref()
            .map(|u| u.to_string())
            .unwrap_or_default(),
        partners: item
            .partner_units
            .iter()
            .map(|u| u.as_str())
            .collect::<Vec<_>>()
            .join("、"),
        due: st.due.map(|d| d.to_string()).unwrap_or_default(),
        slip,
        progress: st
            .progress
            .map(|p| p.to_string())
            .unwrap_or_else(|| "—".into()),
        status: st.status.as_str(),
        status_word: word(l, st.status),
        reason: st.reason.clone(),
        mine,
    }
}

/// `GET /bureau/plans/{slug}`
pub async fn tree(
    State(state): State<AppState>,
    visit: Visit,
    who: Who,
    Path(slug): Path<String>,
    filters: Result<Query<TreeFilters>, axum::extract::rejection::QueryRejection>,
) -> Response {
    if let Err(denied) = who.actor().check(Action::ReadPlanItems) {
        return refused(visit, denied);
    }
    if let Some(go) = must_change_password(&who) {
        return go;
    }
    let f = filters.map(|Query(f)| f).unwrap_or_default();
    let mut visit = visit;
    let as_of = match f.as_of.trim() {
        "" => None,
        text => match wenlv_domain::civil::parse_date(text) {
            Ok(d) => Some(d),
            Err(e) => {
                visit.notices.push(format!("as_of: {e}"));
                None
            }
        },
    };
    let status = Status::parse(f.status.trim());
    let listed = match state.app.plan_items(&who.caller, &slug, as_of, None).await {
        Ok(l) => l,
        Err(BureauError::Denied(d)) => return refused(visit, d),
        Err(BureauError::NotFound(what)) => {
            return message_page(visit, StatusCode::NOT_FOUND, "404", format!("no {what}"));
        }
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    let l = visit.lang;
    let my_unit = match who.actor() {
        Actor::Reporter { unit, .. } => unit.0.clone(),
        _ => String::new(),
    };
    let parents: BTreeMap<String, Option<String>> = listed
        .items
        .iter()
        .map(|(i, _)| (i.code.to_string(), i.parent.as_ref().map(|p| p.to_string())))
        .collect();
    let mut counts: BTreeMap<Status, usize> = BTreeMap::new();
    let mut units: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    let mut mine = Vec::new();
    for (item, st) in &listed.items {
        for u in item.units() {
            if !units.iter().any(|x| x == u.as_str()) {
                units.push(u.to_string());
            }
        }
        let is_mine = !my_unit.is_empty() && item.units().any(|u| u.as_str() == my_unit);
        let name = listed.plan.level_name(st.level);
        if is_mine {
            mine.push(row(item, st, name.clone(), true, l));
        }
        let keep = status.is_none_or(|s| s == st.status)
            && (f.centre.is_empty() || under(&parents, item.code.as_str(), &f.centre))
            && (f.unit.is_empty() || item.units().any(|u| u.as_str() == f.unit));
        if keep {
            *counts.entry(st.status).or_default() += 1;
            rows.push(row(item, st, name, is_mine, l));
        }
    }
    units.sort();
    let missing = if my_unit.is_empty() {
        match state.app.missing_reports(&who.caller, &slug, None).await {
            Ok((_, by_unit)) => by_unit
                .into_iter()
                .map(|(u, items)| {
                    let codes: Vec<String> = items.iter().map(|i| i.code.to_string()).collect();
                    (u, codes.join("、"))
                })
                .collect(),
            Err(e) => return crate::problem::Problem::from(e).into_response(),
        }
    } else {
        Vec::new()
    };
    let word = |s: Status| word(l, s);
    let page = TreePage {
        c: Chrome::new(
            &visit,
            format!("{} · {}", l.t("挂图作战", "Battle map"), listed.plan.title),
            "",
            false,
        ),
        slug: listed.plan.slug.to_string(),
        title: listed.plan.title.clone(),
        as_of: listed.as_of.to_string(),
        counts: Status::ALL
            .iter()
            .rev()
            .map(|&s| Count {
                status: s.as_str(),
                word: word(s),
                n: counts.get(&s).copied().unwrap_or(0),
            })
            .collect(),
        statuses: Status::ALL
            .iter()
            .map(|&s| Choice {
                value: s.as_str().into(),
                label: word(s).into(),
                selected: status == Some(s),
            })
            .collect(),
        centres: listed
            .items
            .iter()
            .filter(|(i, _)| i.parent.is_none())
            .map(|(i, _)| Choice {
                value: i.code.to_string(),
                label: format!("{} {}", i.code, i.title_zh),
                selected: f.centre == i.code.as_str(),
            })
            .collect(),
        units: units
            .into_iter()
            .map(|u| Choice {
                selected: f.unit == u,
                label: u.clone(),
                value: u,
            })
            .collect(),
        my_unit,
        mine,
        this_month: Period::of(state.app.today()).to_string(),
        rows,
        csrf: who
            .session
            .as_ref()
            .map(|s| s.csrf.clone())
            .unwrap_or_default(),
        missing,
    };
    visit.respond(page)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportForm {
    period: String,
    percent: String,
    narrative: String,
    problems: String,
    next_steps: String,
}

/// `POST /bureau/plans/{slug}/items/{code}/reports`: records the report, back to the plan.
pub async fn report(
    State(state): State<AppState>,
    visit: Visit,
    who: Who,
    Path((slug, code)): Path<(String, String)>,
    posted: Posted<ReportForm>,
) -> Response {
    if let Err(denied) = who.actor().check(Action::ReportProgress) {
        return refused(visit, denied);
    }
    if !posted.carries_session_token(&who) {
        return csrf_refused(visit);
    }
    let form = posted.fields;
    if let Some(go) = must_change_password(&who) {
        return go;
    }
    let l = visit.lang;
    let bad = |visit: Visit, message: String| {
        message_page(
            visit,
            StatusCode::BAD_REQUEST,
            l.t("无法保存", "Not saved"),
            message,
        )
    };
    let period = match Period::parse(form.period.trim()) {
        Ok(p) => p,
        Err(e) => return bad(visit, format!("period: {e}")),
    };
    let percent = match form
        .percent
        .trim()
        .parse::<u8>()
        .ok()
        .and_then(|p| Percent::new(p).ok())
    {
        Some(p) => p,
        None => {
            return bad(
                visit,
                format!(
                    "percent: '{}' is not a whole number from 0 to 100",
                    wenlv_domain::civil::clip(form.percent.trim(), 40)
                ),
            );
        }
    };
    let input = ReportInput {
        row: None,
        code: code.clone(),
        period,
        percent,
        narrative: form.narrative,
        problems: form.problems,
        next_steps: form.next_steps,
    };
    match state
        .app
        .report_progress(&who.caller, &slug, &[input])
        .await
    {
        Ok(_) => Redirect::to(&format!("/bureau/plans/{slug}#item-{code}")).into_response(),
        Err(BureauError::Denied(d)) => refused(visit, d),
        Err(e @ BureauError::NotYourItem { .. }) => message_page(
            visit,
            StatusCode::FORBIDDEN,
            l.t("无权填报", "Not your item"),
            e.to_string(),
        ),
        Err(BureauError::NotFound(what)) => {
            message_page(visit, StatusCode::NOT_FOUND, "404", format!("no {what}"))
        }
        Err(BureauError::Invalid(p)) if p.len() == 1 && p[0].field == "code" => {
            message_page(visit, StatusCode::NOT_FOUND, "404", p[0].reason.clone())
        }
        Err(e @ BureauError::Invalid(_)) => bad(visit, e.to_string()),
        Err(e) => crate::problem::Problem::from(e).into_response(),
    }
}

/// `GET /bureau/plans/{slug}/missing.xlsx`: who has not reported this month, as a workbook the
/// office can forward (one row per item owing a report: unit, code, title, due, month).
pub async fn missing_xlsx(
    State(state): State<AppState>,
    visit: Visit,
    who: Who,
    Path(slug): Path<String>,
) -> Response {
    if let Err(denied) = who.actor().check(Action::ReadPlanItems) {
        return refused(visit, denied);
    }
    let (period, by_unit) = match state.app.missing_reports(&who.caller, &slug, None).await {
        Ok(m) => m,
        Err(BureauError::Denied(d)) => return refused(visit, d),
        Err(BureauError::NotFound(what)) => return crate::pages::not_found(visit, what),
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    match missing_book(&period.to_string(), &by_unit) {
        Ok(body) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
                ),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"missing-{slug}-{period}.xlsx\""),
                ),
            ],
            body,
        )
            .into_response(),
        Err(e) => crate::problem::Problem::internal(&e).into_response(),
    }
}

/// The not-reported list as a workbook: every cell text, never a formula.
fn missing_book(
    period: &str,
    by_unit: &[(String, Vec<wenlv_domain::bureau::Item>)],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("本月未报")?;
    for (c, h) in ["牵头单位", "编号", "任务", "完成时限", "月份"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h)?;
    }
    let mut row = 1u32;
    for (unit, items) in by_unit {
        for item in items {
            let cells = [
                unit.clone(),
                item.code.to_string(),
                item.title_zh.clone(),
                item.due.map(|d| d.to_string()).unwrap_or_default(),
                period.to_string(),
            ];
            for (c, v) in cells.iter().enumerate() {
                sheet.write_string(row, c as u16, v)?;
            }
            row += 1;
        }
    }
    book.save_to_buffer()
}
