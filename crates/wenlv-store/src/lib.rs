//! Storage: the one layer that speaks SQL. SQLite (the default, one file) and PostgreSQL (shared
//! deployments), each with its own migrations and SQL, chosen once from the URL.
//!
//! [`Store`] is the only type callers hold. Behind it sits one implementation per engine
//! (`sqlite.rs`, `postgres.rs`), each with its own sqlx pool, its own `migrations/<engine>` folder
//! and its own SQL. The SQL is written once (`catalogue_sql.rs`, `accounts.rs`: macros expanded
//! per engine) and each engine's module passes in only the fragments that differ, so no
//! `if postgres` branch is spread through the code. All queries are built at
//! run time, so a `DATABASE_URL` in the environment never changes how this crate compiles.
//!
//! Errors come back as [`StoreError`] (not found, conflict, invalid, database), so callers never
//! match on sqlx.
//!
//! ```no_run
//! # async fn demo() -> Result<(), wenlv_store::StoreError> {
//! use wenlv_store::{PlaceQuery, Store};
//! let store = Store::connect("sqlite://wenlv.db").await?;
//! store.migrate().await?;
//! let page = store
//!     .list_places(&PlaceQuery { limit: 10, ..PlaceQuery::default() })
//!     .await?;
//! println!("{} places", page.total);
//! # Ok(()) }
//! ```
//!
//! With the `test-support` feature, [`testing`] runs a test body once on a fresh SQLite file and
//! once on a fresh PostgreSQL database.

/// Calls the same method on whichever engine the store runs on (for the modules below).
macro_rules! on_engine {
    ($store:expr, $method:ident($($arg:expr),*)) => {
        match &$store.inner {
            crate::Inner::Sqlite(s) => s.$method($($arg),*).await,
            crate::Inner::Postgres(s) => s.$method($($arg),*).await,
        }
    };
}

pub mod accounts;
pub mod bureau;
mod catalogue_sql;
mod error;
pub mod meetings;
mod offers;
mod ops;
mod postgres;
mod projects;
mod row;
mod sqlite;
#[cfg(feature = "test-support")]
pub mod testing;

use std::path::Path;
use wenlv_domain::{ALevel, BoundingBox, Category, OfferBook, Place, PlaceId, Theme};

pub use accounts::{
    ApiToken, AuditEntry, AuditPage, AuditQuery, CLI_USER, NewUser, Outcome, Session, User,
};
pub use error::StoreError;
pub use ops::PoolUse;

/// A handle to the database; cheap to clone (a connection pool inside).
#[derive(Clone, Debug)]
pub struct Store {
    inner: Inner,
    /// Catalogue writes this handle (or a clone of it) committed: a reader in the same process
    /// compares it instead of asking the database ([`Store::local_catalogue_writes`]).
    local_writes: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

#[derive(Clone, Debug)]
enum Inner {
    Sqlite(sqlite::SqliteStore),
    Postgres(postgres::PgStore),
}

/// Which database engine a [`Store`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl std::fmt::Display for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        })
    }
}

/// How many places (or offers) an upsert created, changed, and found already identical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct UpsertCounts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// For [`Store::upsert_places_merging`]: given the index of an incoming place and the stored
/// place with its id, the place to write.
pub type MergePlace<'a> = dyn Fn(usize, &Place) -> Place + Send + Sync + 'a;

/// The place to write over `stored` for `places[i]`, checked like an incoming one: same id, and
/// no rule broken.
fn merged(
    places: &[Place],
    i: usize,
    stored: &Place,
    merge: &MergePlace<'_>,
) -> Result<Place, StoreError> {
    let place = merge(i, stored);
    if place.id != places[i].id {
        return Err(StoreError::Invalid(format!(
            "{}: merging with the stored place gave id {}",
            places[i].id, place.id
        )));
    }
    check_batch(std::slice::from_ref(&place))?;
    Ok(place)
}

/// Filters for listing places; all optional, combined with AND.
#[derive(Debug, Clone, Default)]
pub struct PlaceQuery {
    pub category: Option<Category>,
    pub theme: Option<Theme>,
    pub district: Option<String>,
    pub min_a_level: Option<ALevel>,
    /// Only places with a position inside the box.
    pub bbox: Option<BoundingBox>,
    /// Case-insensitive substring of the zh or en name.
    pub text: Option<String>,
    /// At most this many items (0 gives an empty page that still carries the total; the
    /// `Default` is 0, so set it).
    pub limit: u32,
    /// Skip this many matches (in id order) first.
    pub offset: u32,
}

/// One page of places (ordered by id) and the total matching the filters.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacePage {
    pub items: Vec<Place>,
    pub total: u64,
}

/// When a stored place was first written and last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaceStamps {
    pub created_at: jiff::Timestamp,
    pub updated_at: jiff::Timestamp,
}

impl Store {
    /// Opens `sqlite:PATH` / `sqlite://PATH` (creating the file), `postgres://…` /
    /// `postgresql://…`, or a plain file path (SQLite).
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pg = postgres::PgStore::connect(url).await?;
            return Ok(Store::over(Inner::Postgres(pg)));
        }
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() || path.starts_with(':') || path.contains('?') {
                return Err(StoreError::Invalid(format!(
                    "'{url}': give a SQLite file path (sqlite://PATH); in-memory databases and \
                     URL options are not supported"
                )));
            }
            return Store::open_sqlite(Path::new(path)).await;
        }
        if let Some((scheme, _)) = url.split_once("://") {
            return Err(StoreError::Invalid(format!(
                "unsupported database URL scheme '{scheme}' in '{}' (use sqlite:// or postgres://)",
                redact(url)
            )));
        }
        Store::open_sqlite(Path::new(url)).await
    }

    /// Opens (creating) a SQLite file.
    pub async fn open_sqlite(path: &Path) -> Result<Store, StoreError> {
        let store = sqlite::SqliteStore::open(path).await?;
        Ok(Store::over(Inner::Sqlite(store)))
    }

    fn over(inner: Inner) -> Store {
        Store {
            inner,
            local_writes: Default::default(),
        }
    }

    /// How many catalogue writes (places or offers) this handle and its clones have committed
    /// since it was opened. It moves after the commit, so a reader that sees it move and then
    /// reads [`Store::catalogue_version`] sees the write. Writes by other processes (or other
    /// `Store`s) do not move it: see [`Store::listen_catalogue`].
    pub fn local_catalogue_writes(&self) -> u64 {
        self.local_writes.load(std::sync::atomic::Ordering::Acquire)
    }

    fn wrote_catalogue(&self) {
        self.local_writes
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// The engine behind this store.
    pub fn engine(&self) -> Engine {
        match &self.inner {
            Inner::Sqlite(_) => Engine::Sqlite,
            Inner::Postgres(_) => Engine::Postgres,
        }
    }

    /// Applies the engine's migrations.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        on_engine!(self, migrate())
    }

    /// Inserts or updates the places in one transaction (all or nothing).
    ///
    /// A place identical to the stored one is counted as unchanged and not written at all, so
    /// its `updated_at` stays. Every place is checked with [`Place::check`] first, and an id
    /// given twice is refused: nothing is written unless the whole batch is good.
    pub async fn upsert_places(&self, places: &[Place]) -> Result<UpsertCounts, StoreError> {
        check_batch(places)?;
        let as_given = |i: usize, _: &Place| places[i].clone();
        let counts = match &self.inner {
            Inner::Sqlite(s) => s.upsert_places(places, &as_given).await,
            Inner::Postgres(s) => s.upsert_places(places, &as_given).await,
        }?;
        self.wrote_catalogue();
        Ok(counts)
    }

    /// Like [`Store::upsert_places`], for places that do not carry every field (an import file
    /// without some columns): for `places[i]` already stored, `merge(i, &stored)` gives the place
    /// to write, typically the stored value for every field the file did not give. The stored
    /// places are read, merged and written in the one transaction, and every merged place is
    /// checked again: on any problem nothing is written.
    pub async fn upsert_places_merging(
        &self,
        places: &[Place],
        merge: &MergePlace<'_>,
    ) -> Result<UpsertCounts, StoreError> {
        check_batch(places)?;
        let counts = match &self.inner {
            Inner::Sqlite(s) => s.upsert_places(places, merge).await,
            Inner::Postgres(s) => s.upsert_places(places, merge).await,
        }?;
        self.wrote_catalogue();
        Ok(counts)
    }

    /// The places matching the filters, one page of them, ordered by id.
    pub async fn list_places(&self, query: &PlaceQuery) -> Result<PlacePage, StoreError> {
        on_engine!(self, list_places(query))
    }

    pub async fn get_place(&self, id: &PlaceId) -> Result<Option<Place>, StoreError> {
        on_engine!(self, get_place(id))
    }

    /// Every place, ordered by id.
    pub async fn all_places(&self) -> Result<Vec<Place>, StoreError> {
        let query = PlaceQuery {
            limit: u32::MAX,
            ..PlaceQuery::default()
        };
        Ok(self.list_places(&query).await?.items)
    }

    /// The catalogue's version: a number that every committed write to places or offers (by any
    /// process on this database) increases, in the write's own transaction. One indexed read of
    /// one row; an app holding the catalogue in memory compares it per request.
    pub async fn catalogue_version(&self) -> Result<i64, StoreError> {
        on_engine!(self, catalogue_version())
    }

    pub async fn count_places(&self) -> Result<u64, StoreError> {
        on_engine!(self, count_places())
    }

    /// Whether the database answers a query now (for readiness checks).
    pub async fn ping(&self) -> Result<(), StoreError> {
        let pool_query = "SELECT 1";
        on_engine!(self, execute_plain(pool_query))
    }

    /// When the place was created and last changed, or `None` if there is no such place.
    pub async fn place_stamps(&self, id: &PlaceId) -> Result<Option<PlaceStamps>, StoreError> {
        let micros = on_engine!(self, place_stamps(id))?;
        micros
            .map(|(created, updated)| {
                Ok(PlaceStamps {
                    created_at: timestamp(created)?,
                    updated_at: timestamp(updated)?,
                })
            })
            .transpose()
    }

    /// The stored offers, in their file order (`position`), as one book.
    pub async fn offers(&self) -> Result<OfferBook, StoreError> {
        let offers = on_engine!(self, offers())?;
        Ok(OfferBook::new(offers))
    }

    /// Inserts or updates the book's offers in one transaction (all or nothing); each takes its
    /// index in the book as its position. Offers stored but not in the book stay as they are.
    /// An offer identical to the stored one, at the same position, is counted as unchanged and
    /// not written. Every offer is checked with [`wenlv_domain::Offer::check`] first and an id
    /// given twice is refused.
    pub async fn upsert_offers(&self, book: &OfferBook) -> Result<UpsertCounts, StoreError> {
        offers::check_book(book)?;
        let counts = match &self.inner {
            Inner::Sqlite(s) => s.upsert_offers(book).await,
            Inner::Postgres(s) => s.upsert_offers(book).await,
        }?;
        self.wrote_catalogue();
        Ok(counts)
    }

    /// A listener told of every catalogue write committed by any process on this database, as
    /// it commits (PostgreSQL `LISTEN` on [`CATALOGUE_CHANNEL`], notified by a trigger on the
    /// version row); `None` on SQLite, which has no notifications (poll the version instead).
    pub async fn listen_catalogue(&self) -> Result<Option<CatalogueListener>, StoreError> {
        match &self.inner {
            Inner::Sqlite(_) => Ok(None),
            Inner::Postgres(s) => {
                let mut listener = sqlx::postgres::PgListener::connect_with(&s.pool).await?;
                listener.listen(CATALOGUE_CHANNEL).await?;
                Ok(Some(CatalogueListener { listener }))
            }
        }
    }

    /// Whether [`Store::close`] was called (on this handle or a clone).
    pub fn is_closed(&self) -> bool {
        match &self.inner {
            Inner::Sqlite(s) => s.pool.is_closed(),
            Inner::Postgres(s) => s.pool.is_closed(),
        }
    }

    /// Closes the pool, waiting for connections to be returned.
    pub async fn close(&self) {
        on_engine!(self, close())
    }
}

/// The PostgreSQL channel a trigger notifies with the new catalogue version on every write.
pub const CATALOGUE_CHANNEL: &str = "wenlv_catalogue";

/// See [`Store::listen_catalogue`]: a dedicated connection listening on [`CATALOGUE_CHANNEL`].
#[derive(Debug)]
pub struct CatalogueListener {
    listener: sqlx::postgres::PgListener,
}

impl CatalogueListener {
    /// Waits for the next catalogue write and gives its version; `None` when the connection was
    /// lost and made again (notifications sent meanwhile are lost: read the version). An error
    /// means it could not be made again, or the pool was closed.
    pub async fn next(&mut self) -> Result<Option<i64>, StoreError> {
        let Some(note) = self.listener.try_recv().await? else {
            return Ok(None);
        };
        note.payload().trim().parse().map(Some).map_err(|e| {
            StoreError::Database(format!(
                "channel {CATALOGUE_CHANNEL}: payload {:?} is not a version: {e}",
                note.payload()
            ))
        })
    }
}

/// Bumps the catalogue's version inside a write's transaction (same SQL on both engines).
const BUMP_CATALOGUE_VERSION: &str =
    "UPDATE catalogue_version SET version = version + 1 WHERE id = 1";
/// Reads it.
const READ_CATALOGUE_VERSION: &str = "SELECT version FROM catalogue_version WHERE id = 1";

/// Refuses the batch before any SQL runs: invalid places, or an id given twice.
fn check_batch(places: &[Place]) -> Result<(), StoreError> {
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for place in places {
        if !seen.insert(&place.id) {
            problems.push(format!("{}: id given twice", place.id));
        }
        for issue in place.check() {
            problems.push(format!(
                "{}: {} '{}': {}",
                place.id, issue.field, issue.value, issue.reason
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(problems.join("; ")))
    }
}

/// Now, in microseconds since the Unix epoch (the unit of the `created_at`/`updated_at` columns).
fn now_micros() -> i64 {
    jiff::Timestamp::now().as_microsecond()
}

fn timestamp(micros: i64) -> Result<jiff::Timestamp, StoreError> {
    jiff::Timestamp::from_microsecond(micros).map_err(|e| {
        StoreError::Database(format!("stored timestamp {micros} is out of range: {e}"))
    })
}

/// The URL without a password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords_in_urls() {
        assert_eq!(
            redact("postgres://me:secret@db:5432/wenlv"),
            "postgres://me:***@db:5432/wenlv"
        );
        assert_eq!(redact("postgres://me@db/wenlv"), "postgres://me@db/wenlv");
        assert_eq!(redact("wenlv.db"), "wenlv.db");
    }
}
