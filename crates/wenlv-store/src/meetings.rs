//! The dispatch meetings' calendar as rows. The SQL is the same on both engines, written once in
//! `impl_meetings!`. Re-scheduling a year reads that year's meetings and applies the domain's
//! rule ([`wenlv_domain::bureau::meetings::reschedule`]) inside one writing transaction, with its
//! audit entry, so two schedulers at once never double a month.

use crate::StoreError;
use crate::accounts::AuditEntry;
use wenlv_domain::bureau::meetings::{FollowUp, Meeting, MeetingStatus, Rescheduled, reschedule};

/// A meeting with what it settled.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingRecord {
    pub meeting: Meeting,
    pub chair: Option<String>,
    pub minutes: Option<String>,
    /// The agenda as it stood when the meeting was held (none while it is planned).
    pub agenda: Option<serde_json::Value>,
    /// Its decisions, in order, each a follow-up.
    pub decisions: Vec<FollowUp>,
}

/// What holding a meeting records.
#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    pub chair: String,
    pub minutes: String,
    pub agenda: serde_json::Value,
    pub decisions: Vec<FollowUp>,
}

fn status_of(text: &str) -> Result<MeetingStatus, StoreError> {
    match text {
        "planned" => Ok(MeetingStatus::Planned),
        "held" => Ok(MeetingStatus::Held),
        other => Err(StoreError::Invalid(format!(
            "meetings.status: unknown value '{other}'"
        ))),
    }
}

fn meeting_of(date: &str, site: String, status: &str) -> Result<Meeting, StoreError> {
    Ok(Meeting {
        date: date.parse().map_err(|e| {
            StoreError::Invalid(format!("meetings.date: '{date}' is not a date ({e})"))
        })?,
        site,
        status: status_of(status)?,
    })
}

/// `[first, last]` day of a year as stored text, or everything.
fn year_bounds(year: Option<i16>) -> (String, String) {
    match year {
        Some(y) => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
        None => ("0000-00-00".to_string(), "9999-99-99".to_string()),
    }
}

macro_rules! impl_meetings {
    ($store:ty, $db:ty) => {
        impl $store {
            async fn meetings_between(
                conn: &mut <$db as sqlx::Database>::Connection,
                year: Option<i16>,
            ) -> Result<Vec<Meeting>, StoreError> {
                let (from, to) = year_bounds(year);
                let rows: Vec<(String, String, String)> = sqlx::query_as(
                    "SELECT date, site, status FROM meetings \
                     WHERE date >= $1 AND date <= $2 ORDER BY date",
                )
                .bind(from)
                .bind(to)
                .fetch_all(&mut *conn)
                .await?;
                rows.into_iter()
                    .map(|(d, site, status)| meeting_of(&d, site, &status))
                    .collect()
            }

            pub async fn meetings(&self, year: Option<i16>) -> Result<Vec<Meeting>, StoreError> {
                let mut conn = self.pool.acquire().await?;
                Self::meetings_between(&mut conn, year).await
            }

            pub async fn reschedule_meetings(
                &self,
                year: i16,
                generated: Vec<Meeting>,
                rule: &str,
                audit: &AuditEntry,
            ) -> Result<Rescheduled, StoreError> {
                let at = crate::accounts::micros(audit.at);
                let mut tx = self.begin_write().await?;
                let existing = Self::meetings_between(&mut tx, Some(year)).await?;
                let change = reschedule(&existing, generated, year);
                for m in &change.removed {
                    sqlx::query("DELETE FROM meetings WHERE date = $1 AND status = 'planned'")
                        .bind(m.date.to_string())
                        .execute(&mut *tx)
                        .await?;
                }
                for m in &change.added {
                    sqlx::query(
                        "INSERT INTO meetings (date, site, status, rule, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $5)",
                    )
                    .bind(m.date.to_string())
                    .bind(&m.site)
                    .bind(m.status.as_str())
                    .bind(rule)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                }
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(change)
            }

            pub async fn meeting(
                &self,
                date: jiff::civil::Date,
            ) -> Result<Option<MeetingRecord>, StoreError> {
                let row: Option<(
                    String,
                    String,
                    String,
                    Option<String>,
                    Option<String>,
                    Option<String>,
                )> = sqlx::query_as(
                    "SELECT date, site, status, chair, minutes, agenda FROM meetings \
                         WHERE date = $1",
                )
                .bind(date.to_string())
                .fetch_optional(&self.pool)
                .await?;
                let Some((d, site, status, chair, minutes, agenda)) = row else {
                    return Ok(None);
                };
                let decisions: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
                    "SELECT decision, owner_unit, due, done_on FROM meeting_decisions \
                     WHERE meeting_date = $1 ORDER BY seq",
                )
                .bind(date.to_string())
                .fetch_all(&self.pool)
                .await?;
                let day = |column: &str, t: &str| {
                    t.parse::<jiff::civil::Date>()
                        .map_err(|_| StoreError::Invalid(format!("{column}: '{t}' is not a date")))
                };
                Ok(Some(MeetingRecord {
                    meeting: meeting_of(&d, site, &status)?,
                    chair,
                    minutes,
                    agenda: agenda
                        .as_deref()
                        .map(serde_json::from_str)
                        .transpose()
                        .map_err(|e| StoreError::Invalid(format!("meetings.agenda: {e}")))?,
                    decisions: decisions
                        .into_iter()
                        .map(|(decision, owner_unit, due, done_on)| {
                            Ok(FollowUp {
                                decision,
                                owner_unit,
                                due: day("meeting_decisions.due", &due)?,
                                done_on: done_on
                                    .as_deref()
                                    .map(|t| day("meeting_decisions.done_on", t))
                                    .transpose()?,
                            })
                        })
                        .collect::<Result<_, StoreError>>()?,
                }))
            }

            pub async fn hold_meeting(
                &self,
                date: jiff::civil::Date,
                held: &Held,
                audit: &AuditEntry,
            ) -> Result<(), StoreError> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE meetings SET status = 'held', chair = $2, minutes = $3, agenda = $4, \
                     updated_at = $5 WHERE date = $1 AND status = 'planned'",
                )
                .bind(date.to_string())
                .bind(&held.chair)
                .bind(&held.minutes)
                .bind(held.agenda.to_string())
                .bind(crate::accounts::micros(audit.at))
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    let exists: Option<String> =
                        sqlx::query_scalar("SELECT status FROM meetings WHERE date = $1")
                            .bind(date.to_string())
                            .fetch_optional(&mut *tx)
                            .await?;
                    return Err(match exists {
                        Some(_) => {
                            StoreError::Conflict(format!("the meeting on {date} was held already"))
                        }
                        None => StoreError::NotFound(format!("no meeting on {date}")),
                    });
                }
                for (seq, f) in held.decisions.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO meeting_decisions (meeting_date, seq, decision, owner_unit, \
                         due, done_on) VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(date.to_string())
                    .bind(seq as i32)
                    .bind(&f.decision)
                    .bind(&f.owner_unit)
                    .bind(f.due.to_string())
                    .bind(f.done_on.map(|d| d.to_string()))
                    .execute(&mut *tx)
                    .await?;
                }
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            pub async fn follow_up_done(
                &self,
                meeting: jiff::civil::Date,
                number: u32,
                done_on: jiff::civil::Date,
                audit: &AuditEntry,
            ) -> Result<(), StoreError> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE meeting_decisions SET done_on = $3 \
                     WHERE meeting_date = $1 AND seq = $2",
                )
                .bind(meeting.to_string())
                .bind(i64::from(number) - 1)
                .bind(done_on.to_string())
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound(format!(
                        "no decision {number} of the meeting on {meeting}"
                    )));
                }
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            pub async fn set_meeting_held(
                &self,
                date: jiff::civil::Date,
                audit: &AuditEntry,
            ) -> Result<(), StoreError> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE meetings SET status = 'held', updated_at = $2 WHERE date = $1",
                )
                .bind(date.to_string())
                .bind(crate::accounts::micros(audit.at))
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound(format!("no meeting on {date}")));
                }
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }
        }
    };
}

impl_meetings!(crate::sqlite::SqliteStore, sqlx::Sqlite);
impl_meetings!(crate::postgres::PgStore, sqlx::Postgres);

/// The dispatch meetings' calendar (see the module docs).
impl crate::Store {
    /// The meetings of `year` (or all), by date.
    pub async fn meetings(&self, year: Option<i16>) -> Result<Vec<Meeting>, StoreError> {
        on_engine!(self, meetings(year))
    }

    /// Replaces `year`'s planned meetings by `generated`, keeping held ones and never giving a
    /// month a second meeting; writes `audit` in the same transaction. Returns what changed.
    pub async fn reschedule_meetings(
        &self,
        year: i16,
        generated: Vec<Meeting>,
        rule: &str,
        audit: &AuditEntry,
    ) -> Result<Rescheduled, StoreError> {
        on_engine!(self, reschedule_meetings(year, generated, rule, audit))
    }

    /// A meeting with its chair, minutes, frozen agenda and decisions.
    pub async fn meeting(
        &self,
        date: jiff::civil::Date,
    ) -> Result<Option<MeetingRecord>, StoreError> {
        on_engine!(self, meeting(date))
    }

    /// Records a planned meeting as held, with its agenda frozen and its decisions, in one
    /// transaction with `audit` ([`StoreError::Conflict`] when it was held already).
    pub async fn hold_meeting(
        &self,
        date: jiff::civil::Date,
        held: &Held,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        on_engine!(self, hold_meeting(date, held, audit))
    }

    /// Records decision `number` (from 1) of the meeting on `meeting` as done on `done_on`.
    pub async fn follow_up_done(
        &self,
        meeting: jiff::civil::Date,
        number: u32,
        done_on: jiff::civil::Date,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        on_engine!(self, follow_up_done(meeting, number, done_on, audit))
    }

    /// Marks the meeting on `date` as held ([`StoreError::NotFound`] when there is none).
    pub async fn set_meeting_held(
        &self,
        date: jiff::civil::Date,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        on_engine!(self, set_meeting_held(date, audit))
    }
}
