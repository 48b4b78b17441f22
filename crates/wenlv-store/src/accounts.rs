//! Accounts as rows: users, sessions, API tokens, sign-in failures and the audit log.
//!
//! The SQL of these tables is the same on both engines (`$n` placeholders, plain types), so it is
//! written once in [`impl_accounts!`] and expanded for each engine's store; only how a writing
//! transaction begins differs (SQLite takes its write lock up front). Every write that changes
//! accounts takes the [`AuditEntry`] describing it and writes both in one transaction, so a
//! change is never stored without its audit entry, nor an entry without its change. The audit
//! log has no update or delete path here, and the migrations' triggers refuse both in the
//! database too.
//!
//! Secrets never reach this crate in clear: callers hand over argon2id hashes of passwords and
//! SHA-256 digests of session ids and tokens.

use crate::StoreError;
use jiff::Timestamp;

/// The name of the system user the command line acts as (created by the migration; it has no
/// password and never signs in).
pub const CLI_USER: &str = "wenlv-cli";

/// A user as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub name: String,
    /// `viewer`, `reporter`, `staff` or `admin` (the database checks it).
    pub role: String,
    /// The unit a reporter reports for (exactly reporters have one).
    pub unit: Option<String>,
    /// A system user (the command line) never signs in.
    pub system: bool,
    /// The argon2id PHC string, or `None` when no password is set.
    pub password_hash: Option<String>,
    /// `chosen`, `one-time` (good for one sign-in) or `one-time-used`.
    pub password_state: String,
    pub disabled_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub password_changed_at: Option<Timestamp>,
}

/// A new person's account.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub name: String,
    pub role: String,
    pub unit: Option<String>,
    pub password_hash: String,
    /// A one-time password (printed by the command line) rather than one the person chose.
    pub one_time: bool,
    pub created_at: Timestamp,
}

/// A signed-in browser's session (the id itself is never stored, only its digest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id_hash: String,
    pub user_name: String,
    pub address: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
}

/// An API token as stored (the secret itself is never stored, only its digest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub name: String,
    pub secret_hash: String,
    pub role: String,
    pub unit: Option<String>,
    pub created_by: String,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

/// Whether an audited attempt was carried out or refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Done,
    Refused,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Refused => "refused",
        }
    }

    fn parse(s: &str) -> Result<Outcome, StoreError> {
        match s {
            "done" => Ok(Outcome::Done),
            "refused" => Ok(Outcome::Refused),
            other => Err(StoreError::Database(format!(
                "audit_log.outcome: stored value '{other}' is neither 'done' nor 'refused'"
            ))),
        }
    }
}

/// One audit entry: who (user and role), when, from where (an address, or `cli`), what (an
/// action on an entity), whether it was done, and the entity before and after as JSON.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuditEntry {
    /// Assigned by the database (in order of writing); 0 in an entry not yet written.
    pub id: i64,
    #[serde(serialize_with = "rfc3339")]
    pub at: Timestamp,
    pub actor: String,
    pub role: String,
    pub origin: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub outcome: Outcome,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub detail: Option<String>,
}

fn rfc3339<S: serde::Serializer>(at: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(at)
}

/// Filters for reading the audit log; all optional, combined with AND. Newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    /// At or after this instant.
    pub from: Option<Timestamp>,
    /// Before this instant.
    pub to: Option<Timestamp>,
    pub outcome: Option<Outcome>,
    pub limit: u32,
    pub offset: u32,
}

/// One page of audit entries and how many match in all.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    pub total: u64,
}

pub(crate) fn micros(at: Timestamp) -> i64 {
    at.as_microsecond()
}

pub(crate) fn stamp(column: &str, micros: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_microsecond(micros).map_err(|e| {
        StoreError::Database(format!(
            "{column}: stored timestamp {micros} is out of range: {e}"
        ))
    })
}

pub(crate) fn opt_stamp(
    column: &str,
    micros: Option<i64>,
) -> Result<Option<Timestamp>, StoreError> {
    micros.map(|m| stamp(column, m)).transpose()
}

fn json_text(value: &Option<serde_json::Value>) -> Option<String> {
    value.as_ref().map(serde_json::Value::to_string)
}

fn json_value(column: &str, text: Option<String>) -> Result<Option<serde_json::Value>, StoreError> {
    text.map(|t| {
        serde_json::from_str(&t).map_err(|e| {
            StoreError::Database(format!("audit_log.{column}: stored text is not JSON: {e}"))
        })
    })
    .transpose()
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    name: String,
    role: String,
    unit: Option<String>,
    kind: String,
    password_hash: Option<String>,
    password_state: String,
    disabled_at: Option<i64>,
    created_at: i64,
    password_changed_at: Option<i64>,
}

impl UserRow {
    pub(crate) fn into_user(self) -> Result<User, StoreError> {
        Ok(User {
            system: self.kind == "system",
            disabled_at: opt_stamp("users.disabled_at", self.disabled_at)?,
            created_at: stamp("users.created_at", self.created_at)?,
            password_changed_at: opt_stamp("users.password_changed_at", self.password_changed_at)?,
            name: self.name,
            role: self.role,
            unit: self.unit,
            password_hash: self.password_hash,
            password_state: self.password_state,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    id_hash: String,
    user_name: String,
    address: String,
    created_at: i64,
    last_seen_at: i64,
}

impl SessionRow {
    pub(crate) fn into_session(self) -> Result<Session, StoreError> {
        Ok(Session {
            created_at: stamp("sessions.created_at", self.created_at)?,
            last_seen_at: stamp("sessions.last_seen_at", self.last_seen_at)?,
            id_hash: self.id_hash,
            user_name: self.user_name,
            address: self.address,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TokenRow {
    name: String,
    secret_hash: String,
    role: String,
    unit: Option<String>,
    created_by: String,
    created_at: i64,
    expires_at: Option<i64>,
    last_used_at: Option<i64>,
    revoked_at: Option<i64>,
}

impl TokenRow {
    pub(crate) fn into_token(self) -> Result<ApiToken, StoreError> {
        Ok(ApiToken {
            created_at: stamp("api_tokens.created_at", self.created_at)?,
            expires_at: opt_stamp("api_tokens.expires_at", self.expires_at)?,
            last_used_at: opt_stamp("api_tokens.last_used_at", self.last_used_at)?,
            revoked_at: opt_stamp("api_tokens.revoked_at", self.revoked_at)?,
            name: self.name,
            secret_hash: self.secret_hash,
            role: self.role,
            unit: self.unit,
            created_by: self.created_by,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    id: i64,
    at: i64,
    actor: String,
    role: String,
    origin: String,
    action: String,
    entity: String,
    entity_id: String,
    outcome: String,
    before: Option<String>,
    after: Option<String>,
    detail: Option<String>,
}

impl AuditRow {
    pub(crate) fn into_entry(self) -> Result<AuditEntry, StoreError> {
        Ok(AuditEntry {
            id: self.id,
            at: stamp("audit_log.at", self.at)?,
            outcome: Outcome::parse(&self.outcome)?,
            before: json_value("before", self.before)?,
            after: json_value("after", self.after)?,
            actor: self.actor,
            role: self.role,
            origin: self.origin,
            action: self.action,
            entity: self.entity,
            entity_id: self.entity_id,
            detail: self.detail,
        })
    }
}

pub(crate) const USER_COLUMNS: &str = "name, role, unit, kind, password_hash, password_state, disabled_at, created_at, \
     password_changed_at";
pub(crate) const TOKEN_COLUMNS: &str = "name, secret_hash, role, unit, created_by, created_at, \
                                        expires_at, last_used_at, revoked_at";
pub(crate) const AUDIT_COLUMNS: &str =
    "id, at, actor, role, origin, action, entity, entity_id, outcome, before, after, detail";

/// The accounts' SQL, written once and expanded for each engine's store (`$store`) over its
/// database (`$db`). The store provides `pool` and `begin_write()`.
macro_rules! impl_accounts {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Inserts a person, refusing a name that is taken (the one rule of every way a
            /// user is made: by an admin, by the command line, through a set-up link).
            async fn insert_person(
                conn: &mut <$db as sqlx::Database>::Connection,
                user: &$crate::accounts::NewUser,
            ) -> Result<(), $crate::StoreError> {
                use $crate::accounts::micros;
                let taken: Option<String> =
                    sqlx::query_scalar("SELECT name FROM users WHERE name = $1")
                        .bind(&user.name)
                        .fetch_optional(&mut *conn)
                        .await?;
                if taken.is_some() {
                    return Err($crate::StoreError::Conflict(format!(
                        "user '{}' exists already",
                        user.name
                    )));
                }
                sqlx::query(
                    "INSERT INTO users (name, role, unit, kind, password_hash, password_state, \
                     created_at, password_changed_at) \
                     VALUES ($1, $2, $3, 'person', $4, $5, $6, $6)",
                )
                .bind(&user.name)
                .bind(&user.role)
                .bind(&user.unit)
                .bind(&user.password_hash)
                .bind(if user.one_time { "one-time" } else { "chosen" })
                .bind(micros(user.created_at))
                .execute(&mut *conn)
                .await?;
                Ok(())
            }

            pub(crate) async fn insert_audit(
                conn: &mut <$db as sqlx::Database>::Connection,
                entry: &$crate::accounts::AuditEntry,
            ) -> Result<(), $crate::StoreError> {
                use $crate::accounts::{json_text, micros};
                sqlx::query(
                    "INSERT INTO audit_log (at, actor, role, origin, action, entity, entity_id, \
                     outcome, before, after, detail) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(micros(entry.at))
                .bind(&entry.actor)
                .bind(&entry.role)
                .bind(&entry.origin)
                .bind(&entry.action)
                .bind(&entry.entity)
                .bind(&entry.entity_id)
                .bind(entry.outcome.as_str())
                .bind(json_text(&entry.before))
                .bind(json_text(&entry.after))
                .bind(&entry.detail)
                .execute(&mut *conn)
                .await?;
                Ok(())
            }

            pub async fn append_audit(
                &self,
                entry: &$crate::accounts::AuditEntry,
            ) -> Result<(), $crate::StoreError> {
                let mut tx = self.begin_write().await?;
                Self::insert_audit(&mut tx, entry).await?;
                tx.commit().await?;
                Ok(())
            }

            pub async fn audit(
                &self,
                q: &$crate::accounts::AuditQuery,
            ) -> Result<$crate::accounts::AuditPage, $crate::StoreError> {
                use $crate::accounts::{AUDIT_COLUMNS, AuditRow, micros};
                fn filters(qb: &mut sqlx::QueryBuilder<$db>, q: &$crate::accounts::AuditQuery) {
                    qb.push(" WHERE 1 = 1");
                    if let Some(v) = &q.entity {
                        qb.push(" AND entity = ").push_bind(v.clone());
                    }
                    if let Some(v) = &q.entity_id {
                        qb.push(" AND entity_id = ").push_bind(v.clone());
                    }
                    if let Some(v) = &q.actor {
                        qb.push(" AND actor = ").push_bind(v.clone());
                    }
                    if let Some(v) = q.from {
                        qb.push(" AND at >= ").push_bind(micros(v));
                    }
                    if let Some(v) = q.to {
                        qb.push(" AND at < ").push_bind(micros(v));
                    }
                    if let Some(v) = q.outcome {
                        qb.push(" AND outcome = ").push_bind(v.as_str());
                    }
                }
                let mut count = sqlx::QueryBuilder::<$db>::new("SELECT count(*) FROM audit_log");
                filters(&mut count, q);
                let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
                let mut page = sqlx::QueryBuilder::<$db>::new(format!(
                    "SELECT {AUDIT_COLUMNS} FROM audit_log"
                ));
                filters(&mut page, q);
                page.push(" ORDER BY id DESC LIMIT ")
                    .push_bind(i64::from(q.limit))
                    .push(" OFFSET ")
                    .push_bind(i64::from(q.offset));
                let rows: Vec<AuditRow> = page.build_query_as().fetch_all(&self.pool).await?;
                Ok($crate::accounts::AuditPage {
                    items: rows
                        .into_iter()
                        .map(AuditRow::into_entry)
                        .collect::<Result<_, _>>()?,
                    total: total as u64,
                })
            }

            pub async fn user(
                &self,
                name: &str,
            ) -> Result<Option<$crate::accounts::User>, $crate::StoreError> {
                use $crate::accounts::{USER_COLUMNS, UserRow};
                let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {USER_COLUMNS} FROM users WHERE name = $1"
                )))
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
                row.map(UserRow::into_user).transpose()
            }

            pub async fn users(&self) -> Result<Vec<$crate::accounts::User>, $crate::StoreError> {
                use $crate::accounts::{USER_COLUMNS, UserRow};
                let rows: Vec<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {USER_COLUMNS} FROM users ORDER BY name"
                )))
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(UserRow::into_user).collect()
            }

            pub async fn create_user(
                &self,
                user: &$crate::accounts::NewUser,
                audit: &$crate::accounts::AuditEntry,
            ) -> Result<(), $crate::StoreError> {
                let mut tx = self.begin_write().await?;
                Self::insert_person(&mut tx, user).await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            /// Disables a user and ends their sessions.
            pub async fn disable_user(
                &self,
                name: &str,
                at: jiff::Timestamp,
                audit: &$crate::accounts::AuditEntry,
            ) -> Result<(), $crate::StoreError> {
                use $crate::accounts::micros;
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE users SET disabled_at = $2 WHERE name = $1 AND kind = 'person'",
                )
                .bind(name)
                .bind(micros(at))
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::StoreError::NotFound(format!("user '{name}'")));
                }
                sqlx::query("DELETE FROM sessions WHERE user_name = $1")
                    .bind(name)
                    .execute(&mut *tx)
                    .await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            /// Sets a user's password hash and ends their sessions.
            pub async fn set_password(
                &self,
                name: &str,
                password_hash: &str,
                one_time: bool,
                at: jiff::Timestamp,
                audit: &$crate::accounts::AuditEntry,
            ) -> Result<(), $crate::StoreError> {
                use $crate::accounts::micros;
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE users SET password_hash = $2, password_changed_at = $3, \
                     password_state = $4 WHERE name = $1 AND kind = 'person'",
                )
                .bind(name)
                .bind(password_hash)
                .bind(micros(at))
                .bind(if one_time { "one-time" } else { "chosen" })
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::StoreError::NotFound(format!("user '{name}'")));
                }
                sqlx::query("DELETE FROM sessions WHERE user_name = $1")
                    .bind(name)
                    .execute(&mut *tx)
                    .await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            /// Marks a one-time password used; false when it was not (or no longer) unused,
            /// so of two sign-ins racing with it only one wins.
            pub async fn use_one_time_password(
                &self,
                name: &str,
            ) -> Result<bool, $crate::StoreError> {
                let done = sqlx::query(
                    "UPDATE users SET password_state = 'one-time-used' \
                     WHERE name = $1 AND password_state = 'one-time'",
                )
                .bind(name)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            pub async fn create_session(
                &self,
                session: &$crate::accounts::Session,
                audit: &$crate::accounts::AuditEntry,
            ) -> Result<(), $crate::StoreError> {
                use $crate::accounts::micros;
                let mut tx = self.begin_write().await?;
                sqlx::query(
                    "INSERT INTO sessions (id_hash, user_name, address, created_at, \
                     last_seen_at) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(&session.id_hash)
                .bind(&session.user_name)
                .bind(&session.address)
                .bind(micros(session.created_at))
                .bind(micros(session.last_seen_at))
                .execute(&mut *tx)
                .await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            pub async fn session(
                &self,
                id_hash: &str,
            ) -> Result<Option<$crate::accounts::Session>, $crate::StoreError> {
                use $crate::accounts::SessionRow;
                let row: Option<SessionRow> = sqlx::query_as(
                    "SELECT id_hash, user_name, address, created_at, last_seen_at \
                     FROM sessions WHERE id_hash = $1",
                )
                .bind(id_hash)
                .fetch_optional(&self.pool)
                .await?;
                row.map(SessionRow::into_session).transpose()
            }

            pub async fn touch_session(
                &self,
                id_hash: &str,
                at: jiff::Timestamp,
            ) -> Result<(), $crate::StoreError> {
                sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
                    .bind(id_hash)
                    .bind($crate::accounts::micros(at))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            /// Ends one session; `audit` (sign-out) is written when a session was ended.
            pub async fn end_session(
                &self,
                id_hash: &str,
                audit: Option<&$crate::accounts::AuditEntry>,
            ) -> Result<bool, $crate::StoreError> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                    .bind(id_hash)
                    .execute(&mut *tx)
                    .await?;
                let ended = done.rows_affected() > 0;
                if let (true, Some(audit)) = (ended, audit) {
                    Self::insert_audit(&mut tx, audit).await?;
                }
                tx.commit().await?;
                Ok(ended)
            }

            pub async fn create_token(
                &self,
                token: &$crate::accounts::ApiToken,
                audit: &$crate::accounts::AuditEntry,
            ) -> Result<(), $crate::StoreError> {
                use $crate::accounts::micros;
                let mut tx = self.begin_write().await?;
                let taken: Option<String> =
                    sqlx::query_scalar("SELECT name FROM api_tokens WHERE name = $1")
                        .bind(&token.name)
                        .fetch_optional(&mut *tx)
                        .await?;
                if taken.is_some() {
                    return Err($crate::StoreError::Conflict(format!(
                        "token '{}' exists already (a revoked token keeps its name)",
                        token.name
                    )));
                }
                sqlx::query(
                    "INSERT INTO api_tokens (name, secret_hash, role, unit, created_by, \
                     created_at, expires_at, last_used_at, revoked_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL)",
                )
                .bind(&token.name)
                .bind(&token.secret_hash)
                .bind(&token.role)
                .bind(&token.unit)
                .bind(&token.created_by)
                .bind(micros(token.created_at))
                .bind(token.expires_at.map(micros))
                .execute(&mut *tx)
                .await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            pub async fn tokens(
                &self,
            ) -> Result<Vec<$crate::accounts::ApiToken>, $crate::StoreError> {
                use $crate::accounts::{TOKEN_COLUMNS, TokenRow};
                let rows: Vec<TokenRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {TOKEN_COLUMNS} FROM api_tokens ORDER BY name"
                )))
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(TokenRow::into_token).collect()
            }

            pub async fn token_by_hash(
                &self,
                secret_hash: &str,
            ) -> Result<Option<$crate::accounts::ApiToken>, $crate::StoreError> {
                use $crate::accounts::{TOKEN_COLUMNS, TokenRow};
                let row: Option<TokenRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE secret_hash = $1"
                )))
                .bind(secret_hash)
                .fetch_optional(&self.pool)
                .await?;
                row.map(TokenRow::into_token).transpose()
            }

            pub async fn touch_token(
                &self,
                name: &str,
                at: jiff::Timestamp,
            ) -> Result<(), $crate::StoreError> {
                sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE name = $1")
                    .bind(name)
                    .bind($crate::accounts::micros(at))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            pub async fn revoke_token(
                &self,
                name: &str,
                at: jiff::Timestamp,
                audit: &$crate::accounts::AuditEntry,
            ) -> Result<(), $crate::StoreError> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE api_tokens SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL",
                )
                .bind(name)
                .bind($crate::accounts::micros(at))
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::StoreError::NotFound(format!(
                        "token '{name}' (or it is revoked already)"
                    )));
                }
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            /// Whether a person with the admin role is active.
            pub async fn has_admin(&self) -> Result<bool, $crate::StoreError> {
                let n: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM users WHERE role = 'admin' AND kind = 'person' \
                     AND disabled_at IS NULL",
                )
                .fetch_one(&self.pool)
                .await?;
                Ok(n > 0)
            }

            pub async fn create_setup_link(
                &self,
                code_hash: &str,
                at: jiff::Timestamp,
                expires_at: jiff::Timestamp,
                audit: &$crate::accounts::AuditEntry,
            ) -> Result<(), $crate::StoreError> {
                use $crate::accounts::micros;
                let mut tx = self.begin_write().await?;
                sqlx::query(
                    "INSERT INTO setup_links (code_hash, created_at, expires_at, used_at) \
                     VALUES ($1, $2, $3, NULL)",
                )
                .bind(code_hash)
                .bind(micros(at))
                .bind(micros(expires_at))
                .execute(&mut *tx)
                .await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            /// Uses a set-up link to create the first admin, in one transaction: the link must
            /// be unused and unexpired, and no admin may exist yet.
            pub async fn redeem_setup_link(
                &self,
                code_hash: &str,
                at: jiff::Timestamp,
                user: &$crate::accounts::NewUser,
                audit: &$crate::accounts::AuditEntry,
            ) -> Result<(), $crate::StoreError> {
                use $crate::accounts::micros;
                let mut tx = self.begin_write().await?;
                let used = sqlx::query(
                    "UPDATE setup_links SET used_at = $2 WHERE code_hash = $1 \
                     AND used_at IS NULL AND expires_at > $2",
                )
                .bind(code_hash)
                .bind(micros(at))
                .execute(&mut *tx)
                .await?;
                if used.rows_affected() == 0 {
                    return Err($crate::StoreError::NotFound(
                        "set-up link (unknown, used or expired)".to_string(),
                    ));
                }
                let admins: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM users WHERE role = 'admin' AND kind = 'person' \
                     AND disabled_at IS NULL",
                )
                .fetch_one(&mut *tx)
                .await?;
                if admins > 0 {
                    return Err($crate::StoreError::Conflict(
                        "an admin exists already; set-up links only create the first".to_string(),
                    ));
                }
                Self::insert_person(&mut tx, user).await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            /// Deletes what can no longer count: sessions idle since `idle_before` or opened
            /// before `opened_before`, and sign-in failures before `failures_before`.
            pub async fn purge_expired(
                &self,
                idle_before: jiff::Timestamp,
                opened_before: jiff::Timestamp,
                failures_before: jiff::Timestamp,
            ) -> Result<(), $crate::StoreError> {
                use $crate::accounts::micros;
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
                    .bind(micros(idle_before))
                    .bind(micros(opened_before))
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
                    .bind(micros(failures_before))
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            pub async fn record_sign_in_failure(
                &self,
                keys: &[String],
                at: jiff::Timestamp,
            ) -> Result<(), $crate::StoreError> {
                let mut tx = self.begin_write().await?;
                for key in keys {
                    sqlx::query("INSERT INTO sign_in_failures (key, at) VALUES ($1, $2)")
                        .bind(key)
                        .bind($crate::accounts::micros(at))
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            pub async fn sign_in_failures(
                &self,
                key: &str,
                since: jiff::Timestamp,
            ) -> Result<u64, $crate::StoreError> {
                let n: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM sign_in_failures WHERE key = $1 AND at >= $2",
                )
                .bind(key)
                .bind($crate::accounts::micros(since))
                .fetch_one(&self.pool)
                .await?;
                Ok(n as u64)
            }

            pub async fn clear_sign_in_failures(
                &self,
                key: &str,
            ) -> Result<(), $crate::StoreError> {
                sqlx::query("DELETE FROM sign_in_failures WHERE key = $1")
                    .bind(key)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }
    };
}

impl_accounts!(crate::sqlite::SqliteStore, sqlx::Sqlite);
impl_accounts!(crate::postgres::PgStore, sqlx::Postgres);

/// Accounts and the audit log (see the module docs).
impl crate::Store {
    /// Appends one entry to the audit log (a refused attempt, an import, …).
    pub async fn append_audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        on_engine!(self, append_audit(entry))
    }

    /// A page of the audit log matching `query`, newest first.
    pub async fn audit(&self, query: &AuditQuery) -> Result<AuditPage, StoreError> {
        on_engine!(self, audit(query))
    }

    pub async fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        on_engine!(self, user(name))
    }

    /// Every user, the system user included, by name.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        on_engine!(self, users())
    }

    /// Adds a person; a name taken already is a [`StoreError::Conflict`].
    pub async fn create_user(&self, user: &NewUser, audit: &AuditEntry) -> Result<(), StoreError> {
        on_engine!(self, create_user(user, audit))
    }

    /// Disables a person and ends their sessions ([`StoreError::NotFound`] for no such person).
    pub async fn disable_user(
        &self,
        name: &str,
        at: Timestamp,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        on_engine!(self, disable_user(name, at, audit))
    }

    /// Sets a person's password (an argon2id hash; `one_time` for one printed by the command
    /// line) and ends their sessions.
    pub async fn set_password(
        &self,
        name: &str,
        password_hash: &str,
        one_time: bool,
        at: Timestamp,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        on_engine!(self, set_password(name, password_hash, one_time, at, audit))
    }

    /// Marks a one-time password used (see the engine method); whether this call did.
    pub async fn use_one_time_password(&self, name: &str) -> Result<bool, StoreError> {
        on_engine!(self, use_one_time_password(name))
    }

    pub async fn create_session(
        &self,
        session: &Session,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        on_engine!(self, create_session(session, audit))
    }

    pub async fn session(&self, id_hash: &str) -> Result<Option<Session>, StoreError> {
        on_engine!(self, session(id_hash))
    }

    pub async fn touch_session(&self, id_hash: &str, at: Timestamp) -> Result<(), StoreError> {
        on_engine!(self, touch_session(id_hash, at))
    }

    /// Ends a session; whether there was one. `audit` is written only when one ended.
    pub async fn end_session(
        &self,
        id_hash: &str,
        audit: Option<&AuditEntry>,
    ) -> Result<bool, StoreError> {
        on_engine!(self, end_session(id_hash, audit))
    }

    /// Stores a new token; a name taken already (even by a revoked token) is a conflict.
    pub async fn create_token(
        &self,
        token: &ApiToken,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        on_engine!(self, create_token(token, audit))
    }

    /// Every token, revoked and expired ones included, by name.
    pub async fn tokens(&self) -> Result<Vec<ApiToken>, StoreError> {
        on_engine!(self, tokens())
    }

    pub async fn token_by_hash(&self, secret_hash: &str) -> Result<Option<ApiToken>, StoreError> {
        on_engine!(self, token_by_hash(secret_hash))
    }

    pub async fn touch_token(&self, name: &str, at: Timestamp) -> Result<(), StoreError> {
        on_engine!(self, touch_token(name, at))
    }

    /// Revokes a token that is not revoked yet ([`StoreError::NotFound`] otherwise).
    pub async fn revoke_token(
        &self,
        name: &str,
        at: Timestamp,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        on_engine!(self, revoke_token(name, at, audit))
    }

    /// Whether an active person holds the admin role.
    pub async fn has_admin(&self) -> Result<bool, StoreError> {
        on_engine!(self, has_admin())
    }

    /// Stores a one-time set-up link (its digest) that expires at `expires_at`.
    pub async fn create_setup_link(
        &self,
        code_hash: &str,
        at: Timestamp,
        expires_at: Timestamp,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        on_engine!(self, create_setup_link(code_hash, at, expires_at, audit))
    }

    /// Creates the first admin through a set-up link ([`StoreError::NotFound`] for an unknown,
    /// used or expired link; [`StoreError::Conflict`] once an admin exists). All or nothing.
    pub async fn redeem_setup_link(
        &self,
        code_hash: &str,
        at: Timestamp,
        user: &NewUser,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        on_engine!(self, redeem_setup_link(code_hash, at, user, audit))
    }

    /// Deletes expired sessions and sign-in failures too old to count (housekeeping).
    pub async fn purge_expired(
        &self,
        idle_before: Timestamp,
        opened_before: Timestamp,
        failures_before: Timestamp,
    ) -> Result<(), StoreError> {
        on_engine!(
            self,
            purge_expired(idle_before, opened_before, failures_before)
        )
    }

    /// Counts one failed sign-in under each key (`user:NAME`, `address:IP`).
    pub async fn record_sign_in_failure(
        &self,
        keys: &[String],
        at: Timestamp,
    ) -> Result<(), StoreError> {
        on_engine!(self, record_sign_in_failure(keys, at))
    }

    /// Failed sign-ins under `key` since `since`.
    pub async fn sign_in_failures(&self, key: &str, since: Timestamp) -> Result<u64, StoreError> {
        on_engine!(self, sign_in_failures(key, since))
    }

    pub async fn clear_sign_in_failures(&self, key: &str) -> Result<(), StoreError> {
        on_engine!(self, clear_sign_in_failures(key))
    }
}

/// For tests that prove the log is append-only: runs raw SQL against the database (an UPDATE
/// or DELETE on `audit_log` must fail whatever the caller's rights).
#[cfg(feature = "test-support")]
impl crate::Store {
    pub async fn execute_raw(&self, sql: &str) -> Result<u64, StoreError> {
        let sql = sqlx::AssertSqlSafe(sql.to_string());
        Ok(match &self.inner {
            crate::Inner::Sqlite(s) => sqlx::query(sql).execute(&s.pool).await?.rows_affected(),
            crate::Inner::Postgres(s) => sqlx::query(sql).execute(&s.pool).await?.rows_affected(),
        })
    }

    /// Every text cell of every row of `table`, for tests that search the database for a secret.
    pub async fn all_text(&self, table: &str) -> Result<Vec<String>, StoreError> {
        use sqlx::{Column, Row};
        let sql = format!("SELECT * FROM {table}");
        let mut out = Vec::new();
        match &self.inner {
            crate::Inner::Sqlite(s) => {
                for row in sqlx::query(sqlx::AssertSqlSafe(sql))
                    .fetch_all(&s.pool)
                    .await?
                {
                    for c in row.columns() {
                        if let Ok(Some(v)) = row.try_get::<Option<String>, _>(c.ordinal()) {
                            out.push(v);
                        }
                    }
                }
            }
            crate::Inner::Postgres(s) => {
                for row in sqlx::query(sqlx::AssertSqlSafe(sql))
                    .fetch_all(&s.pool)
                    .await?
                {
                    for c in row.columns() {
                        if let Ok(Some(v)) = row.try_get::<Option<String>, _>(c.ordinal()) {
                            out.push(v);
                        }
                    }
                }
            }
        }
        Ok(out)
    }
}
