//! Accounts: users and their roles, API tokens, sign-in with sessions, and the audit trail of
//! every change to them. Who may do each is decided by [`Actor::check`]; a refused attempt to
//! write is itself written to the audit log before the refusal is returned.
//!
//! | use case | method | who |
//! | --- | --- | --- |
//! | add a user (prints a one-time password: it opens one session, which must choose a new password) | [`App::add_user`] | admin, operator |
//! | list users | [`App::list_users`] | admin, operator |
//! | disable a user (ends their sessions) | [`App::disable_user`] | admin, operator |
//! | reset a password (ends their sessions) | [`App::reset_password`] | admin, operator |
//! | create, list, revoke API tokens | [`App::create_token`], [`App::list_tokens`], [`App::revoke_token`] | admin, operator |
//! | the actor behind a bearer token | [`App::actor_for_token`] | — |
//! | sign in, the actor behind a session, sign out | [`App::sign_in`], [`App::actor_for_session`], [`App::sign_out`] | — |
//! | change one's own password (ends every session) | [`App::change_password`] | the signed-in person |

use crate::actor::{Action, Actor, Denied, UnitId};
use crate::{App, secrets};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use serde_json::json;
use wenlv_store::{ApiToken, AuditEntry, NewUser, Outcome, Session, StoreError, User};

/// A session ends after this long without a request.
pub const SESSION_IDLE: SignedDuration = SignedDuration::from_hours(2);
/// A session ends this long after sign-in, however busy.
pub const SESSION_ABSOLUTE: SignedDuration = SignedDuration::from_hours(12);
/// Failed sign-ins are counted over this window.
pub const THROTTLE_WINDOW: SignedDuration = SignedDuration::from_mins(15);
/// After this many failures for one account in the window, its sign-ins are refused.
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
/// After this many failures from one address in the window, its sign-ins are refused.
pub const MAX_FAILURES_PER_ADDRESS: u64 = 20;
/// A password chosen by a person is at least this long.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Prefix of every API token (so a leaked one is recognisable in logs and scanners).
pub const TOKEN_PREFIX: &str = "wlv_";

/// A bureau role a user or token can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Viewer,
    Reporter,
    Staff,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Reporter, Role::Staff, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Reporter => "reporter",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Result<Role, AccountError> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| AccountError::Invalid {
                field: "role",
                message: format!("'{s}' is not a role (viewer, reporter, staff, admin)"),
            })
    }

    /// The actor a user or token of this role acts as.
    fn actor(self, user: String, unit: Option<String>) -> Result<Actor, StoreError> {
        Ok(match self {
            Role::Viewer => Actor::Viewer { user },
            Role::Reporter => Actor::Reporter {
                unit: UnitId(unit.ok_or_else(|| {
                    StoreError::Database(format!("reporter '{user}' is stored without a unit"))
                })?),
                user,
            },
            Role::Staff => Actor::Staff { user },
            Role::Admin => Actor::Admin { user },
        })
    }
}

/// Who acts and from where (an address, or `cli …` for the command line): what the audit log
/// records beside the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub actor: Actor,
    pub origin: String,
}

impl Caller {
    pub fn new(actor: Actor, origin: impl Into<String>) -> Caller {
        Caller {
            actor,
            origin: origin.into(),
        }
    }

    /// The command line run on the server: the operator, recorded as the system user
    /// [`wenlv_store::CLI_USER`] with the operating-system account that ran it.
    pub fn cli() -> Caller {
        let os_user = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .unwrap_or_else(|_| "unknown".to_string());
        Caller::new(Actor::Operator, format!("cli (os user {os_user})"))
    }
}

/// Why an account use case was not carried out.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("{0} exists already")]
    Exists(String),
    #[error("no {0}")]
    NotFound(String),
    #[error("storing accounts")]
    Store(#[source] StoreError),
}

impl From<StoreError> for AccountError {
    fn from(e: StoreError) -> AccountError {
        match e {
            StoreError::Conflict(what) => AccountError::Exists(what),
            StoreError::NotFound(what) => AccountError::NotFound(what),
            other => AccountError::Store(other),
        }
    }
}

/// A new user or token: a name, a role, and a unit for a reporter.
#[derive(Debug, Clone)]
pub struct Grant {
    pub name: String,
    pub role: Role,
    pub unit: Option<String>,
}

/// A user as shown to admins (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserInfo {
    pub name: String,
    pub role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The command line's system user (never signs in).
    pub system: bool,
    pub disabled: bool,
    pub created_at: String,
}

impl UserInfo {
    fn of(user: &User) -> Result<UserInfo, AccountError> {
        Ok(UserInfo {
            name: user.name.clone(),
            role: stored_role(&user.role)?,
            unit: user.unit.clone(),
            system: user.system,
            disabled: user.disabled_at.is_some(),
            created_at: user.created_at.to_string(),
        })
    }
}

/// An API token as listed (never the secret, nor its digest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    pub name: String,
    pub role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// `active`, `expired` or `revoked`.
    pub state: &'static str,
    pub created_by: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
}

impl TokenInfo {
    fn of(token: &ApiToken, now: Timestamp) -> Result<TokenInfo, AccountError> {
        Ok(TokenInfo {
            name: token.name.clone(),
            role: stored_role(&token.role)?,
            unit: token.unit.clone(),
            state: token_state(token, now),
            created_by: token.created_by.clone(),
            created_at: token.created_at.to_string(),
            expires_at: token.expires_at.map(|t| t.to_string()),
            last_used_at: token.last_used_at.map(|t| t.to_string()),
        })
    }
}

fn token_state(token: &ApiToken, now: Timestamp) -> &'static str {
    if token.revoked_at.is_some() {
        "revoked"
    } else if token.expires_at.is_some_and(|e| e <= now) {
        "expired"
    } else {
        "active"
    }
}

fn stored_role(s: &str) -> Result<Role, AccountError> {
    Role::parse(s)
        .map_err(|_| AccountError::Store(StoreError::Database(format!("stored role '{s}'"))))
}

/// Why a token or session gives no actor. Callers answer all of these alike (401), so a
/// guesser learns nothing; the kinds are for logs and tests.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("unknown credentials")]
    Unknown,
    #[error("the token has expired")]
    Expired,
    #[error("the token has been revoked")]
    Revoked,
    #[error("the session has ended")]
    SessionEnded,
    #[error("the account is disabled")]
    Disabled,
    #[error("reading credentials: {0}")]
    Store(String),
}

impl From<StoreError> for AuthError {
    fn from(e: StoreError) -> AuthError {
        AuthError::Store(e.to_string())
    }
}

/// Why a sign-in failed.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Wrong name or password, or a disabled or system account (not told apart).
    #[error("the name or the password is wrong")]
    Wrong,
    #[error("too many failed sign-ins; try again in {} minutes", THROTTLE_WINDOW.as_mins())]
    Throttled,
    #[error("signing in")]
    Store(#[from] StoreError),
}

/// A new session: the secret for the cookie (shown once, stored only as a digest) and its
/// CSRF token for forms.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub secret: String,
    pub csrf: String,
    pub actor: Actor,
    /// Signed in with a one-time password: the pages ask for a new one before anything else.
    pub must_change_password: bool,
}

/// The actor behind a live session, and the CSRF token its forms must carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionActor {
    pub actor: Actor,
    pub csrf: String,
    /// The person signed in (for the change-password form).
    pub user: String,
    /// Their password is a one-time one: the pages ask for a new one first.
    pub must_change_password: bool,
}

/// The CSRF token of a session: derived from its secret, so it is never stored and changes
/// with every session.
pub fn csrf_token(session_secret: &str) -> String {
    secrets::digest(&format!("csrf:{session_secret}"))
}

fn check_name(field: &'static str, name: &str) -> Result<(), AccountError> {
    let ok = (1..=64).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(())
    } else {
        Err(AccountError::Invalid {
            field,
            message: format!(
                "'{}' is not a usable name (1 to 64 letters, digits, '.', '_', '-', '@')",
                wenlv_domain::civil::clip(name, wenlv_domain::civil::MAX_ECHO_CHARS)
            ),
        })
    }
}

fn check_grant(grant: &Grant) -> Result<(), AccountError> {
    check_name("name", &grant.name)?;
    match (grant.role, &grant.unit) {
        (Role::Reporter, None) => Err(AccountError::Invalid {
            field: "unit",
            message: "a reporter needs the unit it reports for (--unit)".to_string(),
        }),
        (Role::Reporter, Some(unit)) => check_name("unit", unit),
        (role, Some(_)) => Err(AccountError::Invalid {
            field: "unit",
            message: format!("only a reporter has a unit, not a {}", role.as_str()),
        }),
        (_, None) => Ok(()),
    }
}

/// Hashes off the async threads (argon2id is deliberately slow).
async fn hash_password(password: String) -> String {
    tokio::task::spawn_blocking(move || secrets::hash_password(&password))
        .await
        .expect("password hashing does not panic")
}

async fn verify_password(password: String, phc: String) -> bool {
    tokio::task::spawn_blocking(move || secrets::verify_password(&password, &phc))
        .await
        .unwrap_or(false)
}

/// An argon2id hash of a random password nobody knows: verifying against it costs what a
/// real verification costs, so a sign-in for an unknown name takes as long as a wrong
/// password.
static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

impl App {
    /// An audit entry for `caller` now.
    pub fn audit_entry(
        &self,
        caller: &Caller,
        action: &str,
        entity: &str,
        entity_id: &str,
    ) -> AuditEntry {
        AuditEntry {
            id: 0,
            at: self.now(),
            actor: caller.actor.name().to_string(),
            role: caller.actor.role().to_string(),
            origin: caller.origin.clone(),
            action: action.to_string(),
            entity: entity.to_string(),
            // An id comes from the caller (a refused attempt's path): a long one is cut.
            entity_id: wenlv_domain::civil::clip(entity_id, wenlv_domain::civil::MAX_ECHO_CHARS)
                .into_owned(),
            outcome: Outcome::Done,
            before: None,
            after: None,
            detail: None,
        }
    }

    /// Checks that `caller` may do `action` (a write); a refusal is written to the audit log
    /// (`outcome = refused`) before it is returned.
    pub async fn check_write(
        &self,
        caller: &Caller,
        action: Action,
        audit_action: &str,
        entity: &str,
        entity_id: &str,
    ) -> Result<(), AccountError> {
        self.authorise(caller, action, audit_action, entity, entity_id)
            .await
    }

    /// [`App::check_write`] for any use case's error type: every write of every record is
    /// checked, and its refusal audited, the same way.
    pub async fn authorise<E: From<Denied> + From<StoreError>>(
        &self,
        caller: &Caller,
        action: Action,
        audit_action: &str,
        entity: &str,
        entity_id: &str,
    ) -> Result<(), E> {
        if let Err(denied) = caller.actor.check(action) {
            let mut entry = self.audit_entry(caller, audit_action, entity, entity_id);
            entry.outcome = Outcome::Refused;
            entry.detail = Some(denied.to_string());
            self.store.append_audit(&entry).await?;
            return Err(denied.into());
        }
        Ok(())
    }

    /// Adds a person with a one-time password, returned once (only its hash is stored).
    pub async fn add_user(
        &self,
        caller: &Caller,
        grant: &Grant,
    ) -> Result<(UserInfo, String), AccountError> {
        self.check_write(caller, Action::ManageUsers, "user.add", "user", &grant.name)
            .await?;
        check_grant(grant)?;
        let password = secrets::random(15);
        let user = NewUser {
            name: grant.name.clone(),
            role: grant.role.as_str().to_string(),
            unit: grant.unit.clone(),
            password_hash: hash_password(password.clone()).await,
            one_time: true,
            created_at: self.now(),
        };
        let mut audit = self.audit_entry(caller, "user.add", "user", &grant.name);
        audit.after = Some(json!({"name": user.name, "role": user.role, "unit": user.unit}));
        self.store.create_user(&user, &audit).await?;
        let stored = self
            .store
            .user(&grant.name)
            .await?
            .ok_or_else(|| AccountError::NotFound(format!("user '{}'", grant.name)))?;
        Ok((UserInfo::of(&stored)?, password))
    }

    /// Every user, by name.
    pub async fn list_users(&self, actor: &Actor) -> Result<Vec<UserInfo>, AccountError> {
        actor.check(Action::ManageUsers)?;
        self.store.users().await?.iter().map(UserInfo::of).collect()
    }

    /// Disables a person: they cannot sign in, and their sessions end.
    pub async fn disable_user(&self, caller: &Caller, name: &str) -> Result<(), AccountError> {
        self.check_write(caller, Action::ManageUsers, "user.disable", "user", name)
            .await?;
        let user = self.person(name).await?;
        let mut audit = self.audit_entry(caller, "user.disable", "user", name);
        audit.before = Some(json!({"disabled": user.disabled_at.is_some()}));
        audit.after = Some(json!({"disabled": true}));
        self.store.disable_user(name, self.now(), &audit).await?;
        Ok(())
    }

    /// Gives a person a new one-time password, returned once; their sessions end.
    pub async fn reset_password(
        &self,
        caller: &Caller,
        name: &str,
    ) -> Result<String, AccountError> {
        self.check_write(
            caller,
            Action::ManageUsers,
            "user.reset_password",
            "user",
            name,
        )
        .await?;
        self.person(name).await?;
        let password = secrets::random(15);
        let hash = hash_password(password.clone()).await;
        let audit = self.audit_entry(caller, "user.reset_password", "user", name);
        self.store
            .set_password(name, &hash, true, self.now(), &audit)
            .await?;
        Ok(password)
    }

    /// A person (not the system user) by name.
    async fn person(&self, name: &str) -> Result<User, AccountError> {
        match self.store.user(name).await? {
            Some(user) if !user.system => Ok(user),
            Some(_) => Err(AccountError::Invalid {
                field: "name",
                message: format!("'{name}' is the system user of the command line"),
            }),
            None => Err(AccountError::NotFound(format!("user '{name}'"))),
        }
    }

    /// Creates an API token; the secret is returned once (only its digest is stored).
    /// `expires_in_days` of `None` never expires.
    pub async fn create_token(
        &self,
        caller: &Caller,
        grant: &Grant,
        expires_in_days: Option<u32>,
    ) -> Result<(TokenInfo, String), AccountError> {
        self.check_write(
            caller,
            Action::ManageTokens,
            "token.create",
            "token",
            &grant.name,
        )
        .await?;
        check_grant(grant)?;
        let now = self.now();
        let expires_at = match expires_in_days {
            None => None,
            Some(0) | Some(3651..) => {
                return Err(AccountError::Invalid {
                    field: "expires",
                    message: format!(
                        "{} days: give 1 to 3650 days, or none for a token that never expires",
                        expires_in_days.unwrap_or_default()
                    ),
                });
            }
            Some(days) => Some(now + SignedDuration::from_hours(24 * i64::from(days))),
        };
        let secret = format!("{TOKEN_PREFIX}{}", secrets::random(32));
        let token = ApiToken {
            name: grant.name.clone(),
            secret_hash: secrets::digest(&secret),
            role: grant.role.as_str().to_string(),
            unit: grant.unit.clone(),
            created_by: caller.actor.name().to_string(),
            created_at: now,
            expires_at,
            last_used_at: None,
            revoked_at: None,
        };
        let mut audit = self.audit_entry(caller, "token.create", "token", &grant.name);
        audit.after = Some(json!({
            "name": token.name, "role": token.role, "unit": token.unit,
            "expires_at": expires_at.map(|t| t.to_string()),
        }));
        self.store.create_token(&token, &audit).await?;
        Ok((TokenInfo::of(&token, now)?, secret))
    }

    /// Every token, by name, with its state.
    pub async fn list_tokens(&self, actor: &Actor) -> Result<Vec<TokenInfo>, AccountError> {
        actor.check(Action::ManageTokens)?;
        let now = self.now();
        self.store
            .tokens()
            .await?
            .iter()
            .map(|t| TokenInfo::of(t, now))
            .collect()
    }

    /// Revokes a token: it is refused from now on.
    pub async fn revoke_token(&self, caller: &Caller, name: &str) -> Result<(), AccountError> {
        self.check_write(caller, Action::ManageTokens, "token.revoke", "token", name)
            .await?;
        let mut audit = self.audit_entry(caller, "token.revoke", "token", name);
        audit.before = Some(json!({"revoked": false}));
        audit.after = Some(json!({"revoked": true}));
        self.store.revoke_token(name, self.now(), &audit).await?;
        Ok(())
    }

    /// The actor a bearer token acts as (`token:NAME` with the token's role); marks it used.
    pub async fn actor_for_token(&self, secret: &str) -> Result<Actor, AuthError> {
        if !secret.starts_with(TOKEN_PREFIX) {
            return Err(AuthError::Unknown);
        }
        let token = self
            .store
            .token_by_hash(&secrets::digest(secret))
            .await?
            .ok_or(AuthError::Unknown)?;
        let now = self.now();
        match token_state(&token, now) {
            "revoked" => return Err(AuthError::Revoked),
            "expired" => return Err(AuthError::Expired),
            _ => {}
        }
        // One write a minute at most per token, not one per request.
        if token
            .last_used_at
            .is_none_or(|t| now.duration_since(t) >= SignedDuration::from_mins(1))
        {
            self.store.touch_token(&token.name, now).await?;
        }
        let role = Role::parse(&token.role).map_err(|e| AuthError::Store(e.to_string()))?;
        Ok(role.actor(format!("token:{}", token.name), token.unit)?)
    }

    /// Signs a person in: checks throttling (per account and per address), then the password;
    /// a success opens a session stored in the database (shared by every app server).
    pub async fn sign_in(
        &self,
        name: &str,
        password: &str,
        address: &str,
    ) -> Result<NewSession, SignInError> {
        let now = self.now();
        let since = now - THROTTLE_WINDOW;
        let account_key = format!("user:{name}");
        let address_key = format!("address:{address}");
        if self.store.sign_in_failures(&account_key, since).await? >= MAX_FAILURES_PER_ACCOUNT
            || self.store.sign_in_failures(&address_key, since).await? >= MAX_FAILURES_PER_ADDRESS
        {
            let caller = Caller::new(Actor::Visitor, address);
            let mut entry = self.audit_entry(&caller, "session.sign_in", "user", name);
            entry.outcome = Outcome::Refused;
            entry.detail = Some("throttled".to_string());
            self.store.append_audit(&entry).await?;
            return Err(SignInError::Throttled);
        }
        let user = self
            .store
            .user(name)
            .await?
            .filter(|u| !u.system && u.disabled_at.is_none());
        let phc = user
            .as_ref()
            .and_then(|u| u.password_hash.clone())
            .unwrap_or_else(|| {
                DUMMY_HASH
                    .get_or_init(|| secrets::hash_password(&secrets::random(16)))
                    .clone()
            });
        let matches = verify_password(password.to_string(), phc).await;
        // A one-time password opens one session, which must choose a new password; after
        // that it is refused like a wrong one (and only one of two racing sign-ins wins).
        let one_time = user.as_ref().is_some_and(|u| u.password_state != "chosen");
        let first_use = match &user {
            Some(u) if matches && one_time => self.store.use_one_time_password(&u.name).await?,
            _ => false,
        };
        let user = match user {
            Some(user) if matches && (!one_time || first_use) => user,
            _ => {
                self.store
                    .record_sign_in_failure(&[account_key, address_key], now)
                    .await?;
                return Err(SignInError::Wrong);
            }
        };
        self.store.clear_sign_in_failures(&account_key).await?;
        // Housekeeping on every sign-in: what has expired can go.
        self.store
            .purge_expired(now - SESSION_IDLE, now - SESSION_ABSOLUTE, since)
            .await?;
        let role = Role::parse(&user.role)
            .map_err(|e| StoreError::Database(format!("users.role: {e}")))?;
        let actor = role.actor(user.name.clone(), user.unit.clone())?;
        let secret = secrets::random(32);
        let session = Session {
            id_hash: secrets::digest(&secret),
            user_name: user.name.clone(),
            address: address.to_string(),
            created_at: now,
            last_seen_at: now,
        };
        let caller = Caller::new(actor.clone(), address);
        let audit = self.audit_entry(&caller, "session.sign_in", "user", &user.name);
        self.store.create_session(&session, &audit).await?;
        Ok(NewSession {
            csrf: csrf_token(&secret),
            secret,
            actor,
            must_change_password: one_time,
        })
    }

    /// The actor behind a session cookie; ends (and refuses) a session past its idle or
    /// absolute lifetime, or of a disabled person.
    pub async fn actor_for_session(&self, secret: &str) -> Result<SessionActor, AuthError> {
        let id_hash = secrets::digest(secret);
        let session = self
            .store
            .session(&id_hash)
            .await?
            .ok_or(AuthError::Unknown)?;
        let now = self.now();
        if now.duration_since(session.last_seen_at) >= SESSION_IDLE
            || now.duration_since(session.created_at) >= SESSION_ABSOLUTE
        {
            self.store.end_session(&id_hash, None).await?;
            return Err(AuthError::SessionEnded);
        }
        let user = self
            .store
            .user(&session.user_name)
            .await?
            .ok_or(AuthError::Unknown)?;
        if user.disabled_at.is_some() || user.system {
            self.store.end_session(&id_hash, None).await?;
            return Err(AuthError::Disabled);
        }
        if now.duration_since(session.last_seen_at) >= SignedDuration::from_mins(1) {
            self.store.touch_session(&id_hash, now).await?;
        }
        let role = Role::parse(&user.role).map_err(|e| AuthError::Store(e.to_string()))?;
        Ok(SessionActor {
            actor: role.actor(user.name.clone(), user.unit)?,
            csrf: csrf_token(secret),
            must_change_password: user.password_state != "chosen",
            user: user.name,
        })
    }

    /// Ends a session (signing out); whether one was open.
    pub async fn sign_out(&self, secret: &str, caller: &Caller) -> Result<bool, StoreError> {
        let audit = self.audit_entry(caller, "session.sign_out", "user", caller.actor.name());
        self.store
            .end_session(&secrets::digest(secret), Some(&audit))
            .await
    }

    /// Changes the signed-in person's own password after checking the current one; every
    /// session of theirs ends (they sign in again).
    pub async fn change_password(
        &self,
        caller: &Caller,
        user: &str,
        current: &str,
        new: &str,
    ) -> Result<(), AccountError> {
        let stored = self.person(user).await?;
        let phc = stored.password_hash.clone().unwrap_or_default();
        if !verify_password(current.to_string(), phc).await {
            return Err(AccountError::Invalid {
                field: "current",
                message: "the current password is wrong".to_string(),
            });
        }
        if new.chars().count() < MIN_PASSWORD_CHARS {
            return Err(AccountError::Invalid {
                field: "new",
                message: format!("a password has at least {MIN_PASSWORD_CHARS} characters"),
            });
        }
        let hash = hash_password(new.to_string()).await;
        let audit = self.audit_entry(caller, "user.change_password", "user", user);
        self.store
            .set_password(user, &hash, false, self.now(), &audit)
            .await?;
        Ok(())
    }
}

/// A set-up link printed on the first start stays valid this long.
pub const SETUP_LINK_LIFETIME: SignedDuration = SignedDuration::from_hours(24);

/// The first admin: a set-up link instead of a default password.
impl App {
    /// When no active admin exists, a new one-time set-up code (returned once, stored as a
    /// digest, valid for [`SETUP_LINK_LIFETIME`]); `None` when an admin exists. Called by
    /// `wenlv serve` at start, which prints the link to its log.
    pub async fn setup_code_if_needed(&self) -> Result<Option<String>, AccountError> {
        if self.store.has_admin().await? {
            return Ok(None);
        }
        let code = secrets::random(32);
        let now = self.now();
        let caller = Caller::new(Actor::Operator, "serve (first start)");
        let mut audit = self.audit_entry(&caller, "setup.link", "setup", "first-admin");
        audit.after = Some(json!({"expires_at": (now + SETUP_LINK_LIFETIME).to_string()}));
        self.store
            .create_setup_link(
                &secrets::digest(&code),
                now,
                now + SETUP_LINK_LIFETIME,
                &audit,
            )
            .await?;
        Ok(Some(code))
    }

    /// Creates the first admin with the name and password they chose, through a set-up code
    /// (once; refused once any admin exists), and signs them in.
    pub async fn redeem_setup(
        &self,
        code: &str,
        name: &str,
        password: &str,
        address: &str,
    ) -> Result<NewSession, AccountError> {
        check_name("name", name)?;
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(AccountError::Invalid {
                field: "password",
                message: format!("a password has at least {MIN_PASSWORD_CHARS} characters"),
            });
        }
        let now = self.now();
        let user = NewUser {
            name: name.to_string(),
            role: Role::Admin.as_str().to_string(),
            unit: None,
            password_hash: hash_password(password.to_string()).await,
            one_time: false,
            created_at: now,
        };
        let caller = Caller::new(Actor::Admin { user: name.into() }, address);
        let mut audit = self.audit_entry(&caller, "user.add", "user", name);
        audit.after =
            Some(json!({"name": name, "role": "admin", "unit": null, "via": "set-up link"}));
        self.store
            .redeem_setup_link(&secrets::digest(code), now, &user, &audit)
            .await?;
        self.sign_in(name, password, address)
            .await
            .map_err(|e| AccountError::Store(StoreError::Database(e.to_string())))
    }
}
