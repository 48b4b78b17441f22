//! The read snapshot: places and offers held in memory as one immutable [`Catalogue`] behind an
//! `Arc`, swapped whole when the store's catalogue version moves.
//!
//! Every read of places or offers (the API, the pages, quotes, plans, routes) goes through
//! [`App::catalogue`]: one query of one row (`Store::catalogue_version`) per call, and a reload
//! of every place and offer only when that number changed. Every write to places or offers, by
//! any process on the same database (this server, `wenlv import`, another app server), bumps the
//! version in its own transaction, so the next request after a commit sees it.
//!
//! The version is read *before* the rows: a write that lands between the two is loaded under the
//! older number and loaded again on the next request, never missed. Readers hold their `Arc` for
//! as long as they need it; a reload never changes a snapshot someone is reading. Reloads are
//! serialised, so a burst of requests after a write loads once.

use crate::App;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use wenlv_domain::{OfferBook, Place, PlaceId};
use wenlv_store::{PlacePage, PlaceQuery, Store, StoreError};

/// Every place (ordered by id) and the offer book, as of one catalogue version.
#[derive(Debug)]
pub struct Catalogue {
    /// The store's catalogue version these rows were read at (or after).
    pub version: i64,
    /// Every place, ordered by id.
    pub places: Vec<Place>,
    pub offers: OfferBook,
    by_id: HashMap<PlaceId, usize>,
}

impl Catalogue {
    pub fn new(version: i64, mut places: Vec<Place>, offers: OfferBook) -> Catalogue {
        places.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
        let by_id = places
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        Catalogue {
            version,
            places,
            offers,
            by_id,
        }
    }

    /// An empty catalogue under a version no store has (the state before the first read).
    fn unread() -> Catalogue {
        Catalogue::new(i64::MIN, Vec::new(), OfferBook::new(Vec::new()))
    }

    pub fn place(&self, id: &PlaceId) -> Option<&Place> {
        self.by_id.get(id).map(|&i| &self.places[i])
    }

    /// The places matching `query`, one page of them, ordered by id: the same answer as
    /// `Store::list_places` (the name filter folds case as PostgreSQL does, Unicode-wide; SQLite
    /// folds ASCII only, which differs only for non-ASCII capitals).
    pub fn list(&self, query: &PlaceQuery) -> PlacePage {
        let needle = query
            .text
            .as_deref()
            .filter(|t| !t.is_empty())
            .map(str::to_lowercase);
        let matching: Vec<&Place> = self
            .places
            .iter()
            .filter(|p| query.category.is_none_or(|c| p.category == c))
            .filter(|p| query.theme.is_none_or(|t| p.themes.contains(&t)))
            .filter(|p| {
                query
                    .district
                    .as_ref()
                    .is_none_or(|d| p.district.as_ref() == Some(d))
            })
            .filter(|p| query.min_a_level.is_none_or(|l| p.a_level.get() >= l.get()))
            .filter(|p| {
                query
                    .bbox
                    .is_none_or(|b| p.position.is_some_and(|at| b.contains(at)))
            })
            .filter(|p| {
                needle.as_ref().is_none_or(|n| {
                    p.name_zh.to_lowercase().contains(n) || p.name_en.to_lowercase().contains(n)
                })
            })
            .collect();
        PlacePage {
            total: matching.len() as u64,
            items: matching
                .into_iter()
                .skip(query.offset as usize)
                .take(query.limit as usize)
                .cloned()
                .collect(),
        }
    }
}

/// The current snapshot and the lock that serialises reloads.
#[derive(Debug)]
pub(crate) struct Snapshot {
    current: RwLock<Arc<Catalogue>>,
    reload: tokio::sync::Mutex<()>,
}

impl Default for Snapshot {
    fn default() -> Snapshot {
        Snapshot {
            current: RwLock::new(Arc::new(Catalogue::unread())),
            reload: tokio::sync::Mutex::new(()),
        }
    }
}

impl Snapshot {
    fn current(&self) -> Arc<Catalogue> {
        // A poisoned lock only means a panic elsewhere while swapping an `Arc`: the value is whole.
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    async fn at(&self, store: &Store, version: i64) -> Result<Arc<Catalogue>, StoreError> {
        let held = self.current();
        if held.version == version {
            return Ok(held);
        }
        let _one_loader = self.reload.lock().await;
        // Another request may have loaded it while this one waited.
        let held = self.current();
        if held.version == version {
            return Ok(held);
        }
        let places = store.all_places().await?;
        let offers = store.offers().await?;
        let fresh = Arc::new(Catalogue::new(version, places, offers));
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::clone(&fresh);
        Ok(fresh)
    }
}

impl App {
    /// The catalogue as of now: the held snapshot when the store's version has not moved, else
    /// a fresh one (see the module's documentation).
    pub async fn catalogue(&self) -> Result<Arc<Catalogue>, StoreError> {
        let version = self.store.catalogue_version().await?;
        self.snapshot.at(&self.store, version).await
    }
}
