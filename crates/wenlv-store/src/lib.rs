//! Storage: the one layer that speaks SQL. SQLite (the default, one file) and PostgreSQL (shared
//! deployments), each with its own migrations and SQL, chosen once from the URL.
//!
//! INTERFACE PINNED BY THE LEAD; bodies are being written on the `store` branch.
#![allow(unused_variables, clippy::unused_async)]

use wenlv_domain::{ALevel, BoundingBox, Category, Place, PlaceId, Theme};

/// A handle to the database; cheap to clone (a connection pool inside).
#[derive(Clone, Debug)]
pub struct Store {
    _private: (),
}

/// What went wrong, in terms a handler can act on without matching on sqlx.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The write clashes with what is stored (a duplicate key, a stale version).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The URL or the request cannot be served.
    #[error("{0}")]
    Invalid(String),
    /// The database failed.
    #[error("database error: {0}")]
    Database(String),
}

/// How many places an upsert created, changed, and found already identical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct UpsertCounts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
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
    pub limit: u32,
    pub offset: u32,
}

/// One page of places (ordered by id) and the total matching the filters.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacePage {
    pub items: Vec<Place>,
    pub total: u64,
}

impl Store {
    /// Opens `sqlite:PATH` / `sqlite://PATH` (creating the file) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        unimplemented!()
    }
    /// Opens (creating) a SQLite file.
    pub async fn open_sqlite(path: &std::path::Path) -> Result<Store, StoreError> {
        unimplemented!()
    }
    /// Applies the engine's migrations.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        unimplemented!()
    }
    /// Inserts or updates the places in one transaction (all or nothing).
    pub async fn upsert_places(&self, places: &[Place]) -> Result<UpsertCounts, StoreError> {
        unimplemented!()
    }
    pub async fn list_places(&self, query: &PlaceQuery) -> Result<PlacePage, StoreError> {
        unimplemented!()
    }
    pub async fn get_place(&self, id: &PlaceId) -> Result<Option<Place>, StoreError> {
        unimplemented!()
    }
    /// Every place, ordered by id.
    pub async fn all_places(&self) -> Result<Vec<Place>, StoreError> {
        unimplemented!()
    }
    pub async fn count_places(&self) -> Result<u64, StoreError> {
        unimplemented!()
    }
}
