//! The monthly dispatch meeting's calendar (调度会, 每月一地): staff generate a year's meetings
//! from a list of sites and a rule; every bureau role reads them.

use crate::App;
use crate::accounts::Caller;
use crate::actor::{Action, Actor, Denied};
use serde_json::json;
use wenlv_domain::bureau::meetings::{Meeting, Rescheduled, ScheduleError, ScheduleRule, schedule};
use wenlv_store::StoreError;

/// At most this many sites in a rotation (a city's districts, counties and project sites).
pub const MAX_SITES: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum MeetingError {
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
    #[error("storing meetings")]
    Store(#[from] StoreError),
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
