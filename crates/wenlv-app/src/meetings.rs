//! The monthly dispatch meeting's calendar (调度会, 每月一地): staff generate a year's meetings
//! from a list of sites and a rule; every bureau role reads them.

use crate::App;
use crate::accounts::Caller;
use crate::actor::{Action, Actor, Denied};
use serde_json::json;
use wenlv_domain::bureau::meetings::{
    AgendaLine, AgendaSubject, FollowUp, Meeting, MeetingStatus, Rescheduled, ScheduleError,
    ScheduleRule, StallRule, agenda, follow_up_status, schedule,
};
use wenlv_domain::bureau::{Period, Report, Status, StatusRules, evaluate};
use wenlv_store::StoreError;
use wenlv_store::meetings::{Held, MeetingRecord};

/// At most this many sites in a rotation (a city's districts, counties and project sites).
pub const MAX_SITES: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum MeetingError {
    /// Held already, or a write that lost a race.
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
    #[error("{0}")]
    NotFound(String),
    #[error("storing meetings")]
    Store(#[source] StoreError),
}

impl From<StoreError> for MeetingError {
    fn from(e: StoreError) -> MeetingError {
        match e {
            StoreError::NotFound(what) => MeetingError::NotFound(what),
            StoreError::Conflict(what) => MeetingError::Conflict(what),
            other => MeetingError::Store(other),
        }
    }
}

fn invalid(field: &'static str, message: String) -> MeetingError {
    MeetingError::Invalid { field, message }
}

/// The sites of a rotation, trimmed; blank, over-long, duplicate or too many are refused.
pub fn parse_sites(text: &str) -> Result<Vec<String>, MeetingError> {
    let sites: Vec<String> = wenlv_domain::bureau::split_list(text);
    if sites.is_empty() {
        return Err(invalid("sites", "no site given".into()));
    }
    if sites.len() > MAX_SITES {
        return Err(invalid(
            "sites",
            format!("{} sites, more than {MAX_SITES}", sites.len()),
        ));
    }
    for (i, s) in sites.iter().enumerate() {
        if s.chars().count() > 200 {
            return Err(invalid(
                "sites",
                format!("site {} is longer than 200 characters", i + 1),
            ));
        }
        if sites[..i].contains(s) {
            return Err(invalid("sites", format!("'{s}' is listed twice")));
        }
    }
    Ok(sites)
}

fn check_year(year: i16) -> Result<(), MeetingError> {
    if (1900..=9998).contains(&year) {
        Ok(())
    } else {
        Err(invalid(
            "year",
            format!("{year} is not a year from 1900 to 9998"),
        ))
    }
}

impl App {
    /// Generates `year`'s meetings, one a month at the sites in turn, replacing the year's
    /// planned meetings (held ones are kept; a month never gets a second meeting). Audited.
    pub async fn schedule_meetings(
        &self,
        caller: &Caller,
        year: i16,
        sites: &[String],
        rule: ScheduleRule,
    ) -> Result<Rescheduled, MeetingError> {
        self.authorise::<MeetingError>(
            caller,
            Action::ScheduleMeetings,
            "schedule",
            "meetings",
            &year.to_string(),
        )
        .await?;
        check_year(year)?;
        let generated = schedule(year, sites, rule, &self.city.holidays)?;
        let mut audit = self.audit_entry(caller, "schedule", "meetings", &year.to_string());
        audit.after = Some(json!({
            "rule": rule.to_string(),
            "sites": sites,
        }));
        Ok(self
            .store
            .reschedule_meetings(year, generated, &rule.to_string(), &audit)
            .await?)
    }

    /// The meetings of `year` (or all), by date: for signed-in bureau roles.
    pub async fn list_meetings(
        &self,
        actor: &Actor,
        year: Option<i16>,
    ) -> Result<Vec<Meeting>, MeetingError> {
        actor.check(Action::OpenBureau)?;
        if let Some(y) = year {
            check_year(y)?;
        }
        Ok(self.store.meetings(year).await?)
    }
}

/// A decision taken at a meeting: what, which unit owns it, by when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub decision: String,
    pub owner_unit: String,
    pub due: jiff::civil::Date,
}

/// The last held meeting's follow-ups as the next meeting sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpLine {
    /// From 1, as the meeting numbered them.
    pub number: u32,
    pub follow_up: FollowUp,
    /// Done or not by the next meeting's date, and the status by the plan's rules.
    pub status: Status,
    pub reason: String,
}

/// Everything a meeting's printed pack holds.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingPack {
    pub record: MeetingRecord,
    /// The agenda: frozen when the meeting was held, else as it stands on the meeting's date.
    pub agenda: Vec<AgendaEntry>,
    /// The last meeting held before this one, and its follow-ups ("done / not done since").
    pub previous: Option<(jiff::civil::Date, Vec<FollowUpLine>)>,
}

/// One line of an agenda, as kept (also frozen as JSON when the meeting is held).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AgendaEntry {
    /// `item`, `project` or `follow_up`.
    pub kind: String,
    /// The item's or project's code, or the follow-up's decision.
    pub subject: String,
    /// `red` or `amber`.
    pub status: String,
    pub reason: String,
}

impl From<AgendaLine> for AgendaEntry {
    fn from(l: AgendaLine) -> AgendaEntry {
        let (kind, subject) = match l.subject {
            AgendaSubject::Item(c) => ("item", c),
            AgendaSubject::Project(c) => ("project", c),
            AgendaSubject::FollowUp(d) => ("follow_up", d),
        };
        AgendaEntry {
            kind: kind.to_string(),
            subject,
            status: l.status.as_str().to_string(),
            reason: l.reason,
        }
    }
}

impl App {
    /// The last meeting held before `date`, with its record.
    async fn previous_meeting(
        &self,
        date: jiff::civil::Date,
    ) -> Result<Option<MeetingRecord>, MeetingError> {
        let before = self
            .store
            .meetings(None)
            .await?
            .into_iter()
            .rfind(|m| m.date < date && m.status == MeetingStatus::Held);
        match before {
            Some(m) => Ok(self.store.meeting(m.date).await?),
            None => Ok(None),
        }
    }

    /// The agenda as it stands on `date`: every plan's red and amber items (each judged on its
    /// own, as of that date), the stalled projects and the last meeting's follow-ups that are
    /// not done, worst first. An item's line names its plan, code and title.
    async fn live_agenda(&self, date: jiff::civil::Date) -> Result<Vec<AgendaEntry>, MeetingError> {
        let rules = self.status_rules();
        let mut statuses = Vec::new();
        let mut titles = std::collections::HashMap::new();
        for plan in self.store.bureau_plans().await? {
            let slug = plan.slug.to_string();
            let items = self.store.plan_items(&slug).await?;
            let reports: Vec<Report> = self
                .store
                .plan_reports(&slug, Some(Period::of(date)))
                .await?
                .into_iter()
                .map(|r| Report {
                    code: r.report.code,
                    period: r.report.period,
                    percent: r.report.percent,
                })
                .collect();
            for (item, status) in items.iter().zip(evaluate(
                &items,
                &reports,
                date,
                &rules,
                Some(&self.city.holidays),
            )) {
                titles.insert(
                    item.code.as_str().to_string(),
                    format!("{slug} {} {}", item.code.as_str(), item.title_zh),
                );
                statuses.push(status);
            }
        }
        let projects = self.store.projects().await?;
        let follow_ups = self
            .previous_meeting(date)
            .await?
            .map(|r| r.decisions)
            .unwrap_or_default();
        Ok(agenda(
            &statuses,
            &projects,
            &follow_ups,
            date,
            &rules,
            StallRule::default(),
            &self.city.holidays,
        )
        .into_iter()
        .map(|line| {
            let mut entry = AgendaEntry::from(line);
            if entry.kind == "item"
                && let Some(title) = titles.get(&entry.subject)
            {
                entry.subject = title.clone();
            }
            entry
        })
        .collect())
    }

    /// A meeting's pack: its record, agenda and the last meeting's follow-ups (bureau roles).
    pub async fn meeting_pack(
        &self,
        actor: &Actor,
        date: jiff::civil::Date,
    ) -> Result<MeetingPack, MeetingError> {
        actor.check(Action::OpenBureau)?;
        let record = self
            .store
            .meeting(date)
            .await?
            .ok_or_else(|| MeetingError::NotFound(format!("no meeting on {date}")))?;
        let agenda = match &record.agenda {
            Some(frozen) => serde_json::from_value(frozen.clone())
                .map_err(|e| invalid("agenda", format!("the stored agenda is unreadable: {e}")))?,
            None => self.live_agenda(date).await?,
        };
        let rules = StatusRules::default();
        let previous = self.previous_meeting(date).await?.map(|p| {
            let lines = p
                .decisions
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let (status, reason) = follow_up_status(f, date, &rules, &self.city.holidays);
                    FollowUpLine {
                        number: i as u32 + 1,
                        follow_up: f.clone(),
                        status,
                        reason,
                    }
                })
                .collect();
            (p.meeting.date, lines)
        });
        Ok(MeetingPack {
            record,
            agenda,
            previous,
        })
    }

    /// Records the planned meeting on `date` as held: chair, minutes, the agenda frozen as it
    /// stands, and its decisions as follow-ups (staff). Audited.
    pub async fn hold_meeting(
        &self,
        caller: &Caller,
        date: jiff::civil::Date,
        chair: &str,
        minutes: &str,
        decisions: &[Decision],
    ) -> Result<(), MeetingError> {
        self.authorise::<MeetingError>(
            caller,
            Action::ScheduleMeetings,
            "hold",
            "meeting",
            &date.to_string(),
        )
        .await?;
        let text = |field: &'static str, v: &str, max: usize| -> Result<String, MeetingError> {
            let v = v.trim();
            if v.is_empty() || v.chars().count() > max {
                return Err(invalid(field, format!("must be 1 to {max} characters")));
            }
            Ok(v.to_string())
        };
        let chair = text("chair", chair, 200)?;
        let minutes = minutes.trim().to_string();
        if minutes.chars().count() > 20_000 {
            return Err(invalid("minutes", "longer than 20,000 characters".into()));
        }
        let mut follow_ups = Vec::new();
        for (i, d) in decisions.iter().enumerate() {
            let n = i + 1;
            let decision = text("decision", &d.decision, 2000).map_err(|_| {
                invalid(
                    "decision",
                    format!("decision {n}: must be 1 to 2000 characters"),
                )
            })?;
            let owner_unit = text("owner_unit", &d.owner_unit, 200).map_err(|_| {
                invalid(
                    "owner_unit",
                    format!("decision {n}: the owner unit must be 1 to 200 characters"),
                )
            })?;
            if d.due < date {
                return Err(invalid(
                    "due",
                    format!("decision {n}: due {} is before the meeting ({date})", d.due),
                ));
            }
            follow_ups.push(FollowUp {
                decision,
                owner_unit,
                due: d.due,
                done_on: None,
            });
        }
        let agenda = self.live_agenda(date).await?;
        let mut audit = self.audit_entry(caller, "hold", "meeting", &date.to_string());
        audit.after = Some(json!({ "chair": chair, "decisions": follow_ups.len() }));
        let held = Held {
            chair,
            minutes,
            agenda: serde_json::to_value(&agenda).map_err(|e| invalid("agenda", e.to_string()))?,
            decisions: follow_ups,
        };
        Ok(self.store.hold_meeting(date, &held, &audit).await?)
    }

    /// Records decision `number` (from 1) of the meeting on `meeting` as done on `done_on`
    /// (staff). Audited.
    pub async fn follow_up_done(
        &self,
        caller: &Caller,
        meeting: jiff::civil::Date,
        number: u32,
        done_on: jiff::civil::Date,
    ) -> Result<(), MeetingError> {
        let id = format!("{meeting}#{number}");
        self.authorise::<MeetingError>(caller, Action::ScheduleMeetings, "done", "follow_up", &id)
            .await?;
        if done_on < meeting {
            return Err(invalid(
                "done_on",
                format!("{done_on} is before the meeting ({meeting})"),
            ));
        }
        let audit = self.audit_entry(caller, "done", "follow_up", &id);
        Ok(self
            .store
            .follow_up_done(meeting, number, done_on, &audit)
            .await?)
    }
}
