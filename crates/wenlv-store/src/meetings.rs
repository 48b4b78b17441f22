//! The dispatch meetings' calendar as rows. The SQL is the same on both engines, written once in
//! `impl_meetings!`. Re-scheduling a year reads that year's meetings and applies the domain's
//! rule ([`wenlv_domain::bureau::meetings::reschedule`]) inside one writing transaction, with its
//! audit entry, so two schedulers at once never double a month.

use crate::StoreError;
use crate::accounts::AuditEntry;
use wenlv_domain::bureau::meetings::{Meeting, MeetingStatus, Rescheduled, reschedule};

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

    /// Marks the meeting on `date` as held ([`StoreError::NotFound`] when there is none).
    pub async fn set_meeting_held(
        &self,
        date: jiff::civil::Date,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        on_engine!(self, set_meeting_held(date, audit))
    }
}
