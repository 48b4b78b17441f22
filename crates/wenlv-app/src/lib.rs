//! The application layer: every use case of wenlv as a method on [`App`], taking the acting
//! [`Actor`] so that who may do what is decided in one place ([`actor`]), and returning the use
//! case's own error enum. The web handlers (`wenlv-web`) and the commands (`wenlv`) are adapters:
//! they parse, call one method, and render — neither holds business rules.
//!
//! | use case | method | error |
//! | --- | --- | --- |
//! | price a visit | [`App::quote`] | [`quotes::QuoteError`] |
//! | plan a trip | [`App::plan`] | [`plans::PlanError`] |
//! | time a visitor's own order of stops | [`App::check`] | [`plans::PlanError`] |
//! | time a themed route on a date | [`App::check_route`] | [`routes::RouteError`] |
//! | today in the city | [`App::today`] | — |
//! | users, API tokens, sign-in and sessions | see [`accounts`] | [`AccountError`], [`AuthError`], [`SignInError`] |
//! | read the audit log | [`App::list_audit`] | [`AuditError`] |
//! | import the project library, list it, its totals | [`App::import_projects`], [`App::list_projects`], [`App::project_totals`] | [`ProjectError`] |
//! | schedule and list dispatch meetings | [`App::schedule_meetings`], [`App::list_meetings`] | [`MeetingError`] |
//! | the places and offers (a read snapshot) | [`App::catalogue`] | `StoreError` |
//! | the battle map: task book import, items with status, progress reports | see [`battlemap`] | [`BureauError`] |
//!
//! The app holds the store, the city's data and the routing engine (the I/O besides the clock);
//! the clock is behind [`Clock`] so tests fix "now". Places and offers are read through one
//! in-memory snapshot ([`catalogue`]), whose version is read again only after a local write, a
//! PostgreSQL notification, or the poll interval.

pub mod accounts;
pub mod actor;
pub mod audit;
pub mod battlemap;
pub mod catalogue;
pub mod meetings;
pub mod plans;
pub mod projects;
pub mod quotes;
pub mod routes;
pub mod secrets;

pub use accounts::{AccountError, AuthError, Caller, Grant, Role, SignInError};
pub use actor::{Action, Actor, Denied, UnitId};
pub use audit::AuditError;
pub use battlemap::BureauError;
pub use catalogue::Catalogue;
pub use meetings::MeetingError;
pub use plans::PlanError;
pub use projects::ProjectError;
pub use quotes::QuoteError;
pub use routes::{RouteCheck, RouteError};

use jiff::civil::Date;
use std::sync::Arc;
use wenlv_domain::City;
use wenlv_routing::Routing;
use wenlv_store::{Store, StoreError};

/// Why the app cannot serve (for a readiness probe's log).
#[derive(Debug, thiserror::Error)]
pub enum NotReady {
    #[error("the database does not answer")]
    Unreachable(#[source] StoreError),
    #[error("the database did not answer within {0:?}")]
    Slow(std::time::Duration),
    #[error("schema version {0} is not applied")]
    NotMigrated(i64),
}

/// Where "now" comes from.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> jiff::Timestamp;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
    }
}

/// A clock stopped at one instant (tests, replays).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub jiff::Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> jiff::Timestamp {
        self.0
    }
}

/// The application: the store, the city's data and the clock, shared by every adapter.
#[derive(Debug, Clone)]
pub struct App {
    pub store: Store,
    pub city: Arc<City>,
    /// Travel times for plans: street times from OSRM when configured, else the estimate.
    pub routing: Arc<Routing>,
    clock: Arc<dyn Clock>,
    /// Places and offers in memory, reloaded when the store's catalogue version moves
    /// ([`App::catalogue`]).
    snapshot: Arc<catalogue::Snapshot>,
}

impl App {
    /// An app over `store` and `city` on the system clock.
    pub fn new(store: Store, city: Arc<City>) -> App {
        App {
            store,
            city,
            routing: Arc::default(),
            clock: Arc::new(SystemClock),
            snapshot: Arc::default(),
        }
    }

    /// The same app planning on `routing` (OSRM servers, timeout, cache).
    pub fn with_routing(self, routing: Arc<Routing>) -> App {
        App { routing, ..self }
    }

    /// The same app with another clock.
    pub fn with_clock(self, clock: impl Clock + 'static) -> App {
        App {
            clock: Arc::new(clock),
            ..self
        }
    }

    /// Whether the app can serve: the database answers within `limit` and has every schema
    /// version (migration) this binary needs. The error says why not (for a readiness probe's
    /// log; never shown to callers in full).
    pub async fn ready(&self, limit: std::time::Duration) -> Result<(), NotReady> {
        let applied = match tokio::time::timeout(limit, self.store.applied_schema_versions()).await
        {
            Ok(Ok(applied)) => applied,
            Ok(Err(e)) => return Err(NotReady::Unreachable(e)),
            Err(_) => return Err(NotReady::Slow(limit)),
        };
        // Migrations applied: every schema version this binary needs (a newer binary may have
        // applied more).
        let known = wenlv_store::Store::known_schema_versions(self.store.engine());
        match known.iter().find(|v| !applied.contains(v)) {
            Some(missing) => Err(NotReady::NotMigrated(*missing)),
            None => Ok(()),
        }
    }

    /// Now, as the app's clock says.
    pub fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }

    /// Today's date in the city's time zone. A time zone the system does not know falls back to
    /// China's fixed UTC+8 (no daylight saving since 1991), so this never fails.
    pub fn today(&self) -> Date {
        self.now_local().date()
    }

    /// The city's local civil time now (see [`App::today`] for the time-zone fallback).
    pub fn now_local(&self) -> jiff::civil::DateTime {
        let now = self.now();
        match jiff::tz::TimeZone::get(&self.city.time_zone) {
            Ok(tz) => now.to_zoned_datetime(tz).datetime(),
            Err(_) => now
                .to_zoned_datetime(jiff::tz::TimeZone::fixed(jiff::tz::offset(8)))
                .datetime(),
        }
    }
}
