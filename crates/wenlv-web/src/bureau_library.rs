//! The bureau's pages over the key-project library and the dispatch meetings' calendar:
//! `/bureau/projects` (the library in its tiers, with the totals the bureau reports, each
//! linked to the projects behind it) and `/bureau/meetings` (a year's calendar, the next
//! meeting marked). Read-only; the data comes in through `wenlv import projects` and
//! `wenlv meetings schedule`.

use crate::AppState;
use crate::auth::Who;
use crate::bureau::{must_change_password, refused};
use crate::pages::{Chrome, Lang, Visit};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use wenlv_app::{MeetingError, ProjectError};
use wenlv_domain::bureau::meetings::MeetingStatus;
use wenlv_domain::bureau::projects::{FundingType, Project, Stage, Total, TotalsBy, totals};

/// A row of a totals table.
pub struct TotalRow {
    pub key: String,
    pub label: String,
    pub count: usize,
    pub total: String,
    pub unknown: usize,
    pub projects: Vec<String>,
}

/// A project as the library's tables show it.
pub struct ProjectRow {
    pub code: String,
    pub name: String,
    pub district: String,
    pub total: String,
    pub funding: String,
}

/// One stage's projects.
pub struct Tier {
    pub key: &'static str,
    pub label: String,
    pub projects: Vec<ProjectRow>,
}

#[derive(Template)]
#[template(path = "bureau_projects.html")]
pub struct ProjectsPage {
    pub c: Chrome,
    pub by_stage: Vec<TotalRow>,
    pub by_funding: Vec<TotalRow>,
    pub tiers: Vec<Tier>,
}

fn stage_label(l: Lang, s: Stage) -> String {
    if l.is_en() {
        format!("{} ({})", s.as_str(), s.zh())
    } else {
        s.zh().to_string()
    }
}

fn funding_label(l: Lang, f: FundingType) -> String {
    if l.is_en() {
        format!("{} ({})", f.as_str().replace('_', " "), f.zh())
    } else {
        f.zh().to_string()
    }
}

fn total_rows(rows: Vec<Total>, label: impl Fn(&str) -> String) -> Vec<TotalRow> {
    rows.into_iter()
        .map(|t| TotalRow {
            label: label(&t.key),
            key: t.key,
            count: t.count,
            total: t.total_investment.to_string(),
            unknown: t.unknown,
            projects: t.projects,
        })
        .collect()
}

fn project_row(l: Lang, p: &Project) -> ProjectRow {
    let unknown = l.t("未知", "unknown");
    ProjectRow {
        code: p.code.clone(),
        name: p.name.clone(),
        district: p.district.clone().unwrap_or_default(),
        total: p
            .total_investment
            .map_or_else(|| unknown.to_string(), |w| w.to_string()),
        funding: p
            .funding
            .iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f.kind.zh(),
                    f.amount
                        .map_or_else(|| unknown.to_string(), |w| w.to_string())
                )
            })
            .collect::<Vec<_>>()
            .join("；"),
    }
}

/// `GET /bureau/projects`
pub async fn projects(State(state): State<AppState>, visit: Visit, who: Who) -> Response {
    let library = match state.app.list_projects(who.actor()).await {
        Ok(p) => p,
        Err(ProjectError::Denied(d)) => return refused(visit, d),
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    if let Some(go) = must_change_password(&who) {
        return go;
    }
    let l = visit.lang;
    let stage_of = |key: &str| Stage::parse(key).map_or(key.to_string(), |s| stage_label(l, s));
    let funding_of =
        |key: &str| FundingType::parse(key).map_or(key.to_string(), |f| funding_label(l, f));
    // The three tiers the source names first, then what is done or set aside.
    let order = [
        Stage::Implementation,
        Stage::Study,
        Stage::Reserve,
        Stage::Completed,
        Stage::Shelved,
    ];
    let tiers = order
        .iter()
        .map(|s| Tier {
            key: s.as_str(),
            label: stage_label(l, *s),
            projects: library
                .iter()
                .filter(|p| p.stage == *s)
                .map(|p| project_row(l, p))
                .collect(),
        })
        .filter(|t| !t.projects.is_empty())
        .collect();
    let page = ProjectsPage {
        c: Chrome::new(
            &visit,
            l.t("重点项目库", "Key-project library").to_string(),
            "",
            false,
        ),
        by_stage: total_rows(totals(&library, TotalsBy::Stage), stage_of),
        by_funding: total_rows(totals(&library, TotalsBy::Funding), funding_of),
        tiers,
    };
    visit.respond(page)
}

/// A meeting as the calendar shows it.
pub struct MeetingRow {
    pub date: String,
    pub weekday: &'static str,
    pub site: String,
    pub status: &'static str,
    pub next: bool,
}

#[derive(Template)]
#[template(path = "bureau_meetings.html")]
pub struct MeetingsPage {
    pub c: Chrome,
    pub year: i16,
    pub meetings: Vec<MeetingRow>,
}

fn weekday(l: Lang, d: jiff::civil::Date) -> &'static str {
    use jiff::civil::Weekday::*;
    match d.weekday() {
        Monday => l.t("周一", "Mon"),
        Tuesday => l.t("周二", "Tue"),
        Wednesday => l.t("周三", "Wed"),
        Thursday => l.t("周四", "Thu"),
        Friday => l.t("周五", "Fri"),
        Saturday => l.t("周六", "Sat"),
        Sunday => l.t("周日", "Sun"),
    }
}

/// `GET /bureau/meetings?year=`: the year's calendar (this year when none or a bad one is given).
pub async fn meetings(State(state): State<AppState>, visit: Visit, who: Who) -> Response {
    let today = state.app.today();
    let year = visit
        .query
        .iter()
        .find(|(k, _)| k == "year")
        .and_then(|(_, v)| v.trim().parse::<i16>().ok())
        .filter(|y| (1901..=9997).contains(y))
        .unwrap_or(today.year());
    let list = match state.app.list_meetings(who.actor(), Some(year)).await {
        Ok(m) => m,
        Err(MeetingError::Denied(d)) => return refused(visit, d),
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    if let Some(go) = must_change_password(&who) {
        return go;
    }
    let l = visit.lang;
    let next = list
        .iter()
        .position(|m| m.status == MeetingStatus::Planned && m.date >= today);
    let page = MeetingsPage {
        c: Chrome::new(
            &visit,
            l.t("调度会", "Dispatch meetings").to_string(),
            "",
            false,
        ),
        year,
        meetings: list
            .iter()
            .enumerate()
            .map(|(i, m)| MeetingRow {
                date: m.date.to_string(),
                weekday: weekday(l, m.date),
                site: m.site.clone(),
                status: match m.status {
                    MeetingStatus::Planned => l.t("计划", "planned"),
                    MeetingStatus::Held => l.t("已召开", "held"),
                },
                next: Some(i) == next,
            })
            .collect(),
    };
    visit.respond(page)
}

/// An agenda line as the pack prints it.
pub struct AgendaRow {
    pub kind: &'static str,
    pub subject: String,
    pub status: String,
    pub status_label: &'static str,
    pub reason: String,
}

/// A follow-up of the last meeting as the pack prints it.
pub struct FollowUpRow {
    pub number: u32,
    pub decision: String,
    pub owner_unit: String,
    pub due: String,
    pub done: &'static str,
    pub status: &'static str,
    pub reason: String,
}

/// A decision of this meeting.
pub struct DecisionRow {
    pub decision: String,
    pub owner_unit: String,
    pub due: String,
}

#[derive(Template)]
#[template(path = "bureau_meeting.html")]
pub struct MeetingPackPage {
    pub c: Chrome,
    pub date: String,
    pub year: i16,
    pub site: String,
    pub state: &'static str,
    pub chair: String,
    pub minutes: String,
    pub frozen: bool,
    pub agenda: Vec<AgendaRow>,
    pub previous_date: String,
    pub previous: Vec<FollowUpRow>,
    pub decisions: Vec<DecisionRow>,
}

fn status_label(l: Lang, status: &str) -> &'static str {
    match status {
        "red" => l.t("严重滞后", "red"),
        "amber" => l.t("滞后预警", "amber"),
        "green" => l.t("正常推进", "green"),
        "done" => l.t("已完成", "done"),
        _ => l.t("未开始", "not started"),
    }
}

/// `GET /bureau/meetings/{date}`: the meeting's printable pack.
pub async fn meeting(
    State(state): State<AppState>,
    visit: Visit,
    who: Who,
    axum::extract::Path(date): axum::extract::Path<String>,
) -> Response {
    if let Err(denied) = who.actor().check(wenlv_app::Action::OpenBureau) {
        return refused(visit, denied);
    }
    if let Some(go) = must_change_password(&who) {
        return go;
    }
    let l = visit.lang;
    let Ok(day) = wenlv_domain::parse_date(&date) else {
        let message = format!(
            "{} {}",
            l.t("不是日期：", "Not a date:"),
            wenlv_domain::civil::clip(&date, 40)
        );
        return crate::pages::not_found(visit, message);
    };
    let pack = match state.app.meeting_pack(who.actor(), day).await {
        Ok(p) => p,
        Err(MeetingError::Denied(d)) => return refused(visit, d),
        Err(MeetingError::NotFound(what)) => return crate::pages::not_found(visit, what),
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    let (previous_date, previous) = match pack.previous {
        Some((d, lines)) => (
            d.to_string(),
            lines
                .into_iter()
                .map(|f| FollowUpRow {
                    number: f.number,
                    done: if f.follow_up.done_on.is_some_and(|d| d <= day) {
                        l.t("已落实", "done")
                    } else {
                        l.t("未落实", "not done")
                    },
                    decision: f.follow_up.decision,
                    owner_unit: f.follow_up.owner_unit,
                    due: f.follow_up.due.to_string(),
                    status: f.status.as_str(),
                    reason: f.reason,
                })
                .collect(),
        ),
        None => (String::new(), Vec::new()),
    };
    let held = pack.record.meeting.status == MeetingStatus::Held;
    let page = MeetingPackPage {
        c: Chrome::new(
            &visit,
            format!("{} {day}", l.t("调度会", "Dispatch meeting")),
            "",
            false,
        ),
        date: day.to_string(),
        year: day.year(),
        site: pack.record.meeting.site.clone(),
        state: if held {
            l.t("已召开", "held")
        } else {
            l.t("计划召开", "planned")
        },
        chair: pack.record.chair.clone().unwrap_or_default(),
        minutes: pack.record.minutes.clone().unwrap_or_default(),
        frozen: held,
        agenda: pack
            .agenda
            .into_iter()
            .map(|a| AgendaRow {
                kind: match a.kind.as_str() {
                    "item" => l.t("任务", "item"),
                    "project" => l.t("项目", "project"),
                    _ => l.t("上次决定", "follow-up"),
                },
                status_label: status_label(l, &a.status),
                subject: a.subject,
                status: a.status,
                reason: a.reason,
            })
            .collect(),
        previous_date,
        previous,
        decisions: pack
            .record
            .decisions
            .iter()
            .map(|d| DecisionRow {
                decision: d.decision.clone(),
                owner_unit: d.owner_unit.clone(),
                due: d.due.to_string(),
            })
            .collect(),
    };
    visit.respond(page)
}
