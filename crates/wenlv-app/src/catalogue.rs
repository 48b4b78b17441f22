//! The read snapshot: places and offers held in memory as one immutable [`Catalogue`] behind an
//! `Arc`, swapped whole when the store's catalogue version moves.
//!
//! Every read of places or offers (the API, the pages, quotes, plans, routes) goes through
//! [`App::catalogue`], which answers from memory and asks the database for the version
//! (`Store::catalogue_version`, one row) only when a write may have happened:
//!
//! - **a write by this process** (through any clone of the app's `Store`) moves
//!   `Store::local_catalogue_writes` after its commit: the next read sees the counter moved and
//!   reads the version, so a write is visible on the very next request on the same server;
//! - **a write by another process on PostgreSQL** (another app server, `wenlv import`) is
//!   announced by a trigger on the version row (`NOTIFY wenlv_catalogue`, delivered at commit) to
//!   a listener task this app starts on its first read: visible as soon as the notification
//!   arrives (milliseconds). If the listener's connection drops, the version is read on the next
//!   request and listening resumes;
//! - **the fallback poll**: whatever the engine, the version is read again when the last reading
//!   is older than the poll interval ([`DEFAULT_POLL`], 100 ms; [`App::with_catalogue_poll`]).
//!   On SQLite this is how another process's write is noticed: within the poll interval, at the
//!   cost of one one-row query per interval (not per request). On PostgreSQL it covers a
//!   notification lost while the listener reconnects.
//!
//! The version is read *before* the rows: a write that lands between the two is loaded under the
//! older number and loaded again on the next check, never missed. Readers hold their `Arc` for
//! as long as they need it; a reload never changes a snapshot someone is reading. Reloads are
//! serialised, so a burst of requests after a write loads once.

use crate::App;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock, Weak};
use std::time::{Duration, Instant};
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

/// How old the last reading of the catalogue version may be before a read asks again (the bound
/// on noticing another process's write when no notification told of it).
pub const DEFAULT_POLL: Duration = Duration::from_millis(100);

/// The current snapshot, the lock that serialises reloads, and what tells whether the version
/// must be read again.
#[derive(Debug)]
pub(crate) struct Snapshot {
    current: RwLock<Arc<Catalogue>>,
    reload: tokio::sync::Mutex<()>,
    /// The fallback poll interval.
    pub(crate) poll: Duration,
    /// Origin of `checked_at`.
    epoch: Instant,
    /// When the version was last read, in microseconds since `epoch` (taken before the read).
    checked_at: AtomicU64,
    /// `Store::local_catalogue_writes` as it was before the last reading of the version.
    local_seen: AtomicU64,
    /// The highest version a notification announced (or `i64::MAX` after the listener lost its
    /// connection, until the next reading).
    announced: AtomicI64,
    /// Whether the listener task was started.
    listening: AtomicBool,
}

impl Default for Snapshot {
    fn default() -> Snapshot {
        Snapshot::with_poll(DEFAULT_POLL)
    }
}

impl Snapshot {
    pub(crate) fn with_poll(poll: Duration) -> Snapshot {
        Snapshot {
            current: RwLock::new(Arc::new(Catalogue::unread())),
            reload: tokio::sync::Mutex::new(()),
            poll,
            epoch: Instant::now(),
            checked_at: AtomicU64::new(0),
            local_seen: AtomicU64::new(0),
            announced: AtomicI64::new(i64::MIN),
            listening: AtomicBool::new(false),
        }
    }

    fn micros_now(&self) -> u64 {
        // Offset by one so that 0 stays "never read".
        self.epoch.elapsed().as_micros() as u64 + 1
    }

    /// The held snapshot when nothing says the version may have moved, else `None`.
    fn held_if_current(&self, store: &Store) -> Option<Arc<Catalogue>> {
        let held = self.current();
        let checked = self.checked_at.load(Ordering::Acquire);
        if checked == 0
            || store.local_catalogue_writes() != self.local_seen.load(Ordering::Acquire)
            || self.announced.load(Ordering::Acquire) > held.version
        {
            return None;
        }
        let now = self.micros_now();
        if now.saturating_sub(checked) < self.poll.as_micros() as u64 {
            return Some(held);
        }
        // The poll is due: one reader reads the version, the others keep the held snapshot
        // meanwhile (nothing says it changed).
        match self
            .checked_at
            .compare_exchange(checked, now, Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) => None,
            Err(_) => Some(held),
        }
    }

    /// Reads the version (noting when, and the local write count before it) and loads the
    /// catalogue at it when it moved.
    async fn check(&self, store: &Store) -> Result<Arc<Catalogue>, StoreError> {
        let local = store.local_catalogue_writes();
        let started = self.micros_now();
        let version = store.catalogue_version().await?;
        let catalogue = self.at(store, version).await?;
        self.local_seen.store(local, Ordering::Release);
        self.checked_at.fetch_max(started, Ordering::AcqRel);
        // A lost connection's "anything may have changed" is settled by this reading.
        let _ =
            self.announced
                .compare_exchange(i64::MAX, version, Ordering::AcqRel, Ordering::Acquire);
        Ok(catalogue)
    }

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

/// Listens for other processes' catalogue writes (PostgreSQL) while the snapshot lives: each
/// notification raises `announced`; a lost connection sets it to `i64::MAX` (read the version
/// on the next request) and listening starts again after a pause.
async fn listen(store: Store, snapshot: Weak<Snapshot>) {
    const RETRY: Duration = Duration::from_secs(1);
    // How often a quiet listener checks that the app still exists.
    const ALIVE: Duration = Duration::from_secs(2);
    let lost = |snapshot: &Weak<Snapshot>| {
        if let Some(s) = snapshot.upgrade() {
            s.announced.store(i64::MAX, Ordering::Release);
        }
    };
    loop {
        if store.is_closed() {
            // The command or server is shutting down.
            return;
        }
        let mut listener = match store.listen_catalogue().await {
            Ok(Some(listener)) => listener,
            Ok(None) => return,
            Err(_) if store.is_closed() => return,
            Err(e) => {
                tracing::warn!("catalogue listener: cannot listen ({e}); polling meanwhile");
                tokio::time::sleep(RETRY).await;
                if snapshot.strong_count() == 0 {
                    return;
                }
                continue;
            }
        };
        // Writes made while no one listened are found by reading the version once.
        lost(&snapshot);
        loop {
            let Some(alive) = snapshot.upgrade() else {
                return;
            };
            drop(alive);
            match tokio::time::timeout(ALIVE, listener.next()).await {
                Err(_quiet) => continue,
                Ok(Ok(Some(version))) => {
                    if let Some(s) = snapshot.upgrade() {
                        s.announced.fetch_max(version, Ordering::AcqRel);
                    }
                }
                Ok(Ok(None)) => lost(&snapshot),
                Ok(Err(_)) if store.is_closed() => return,
                Ok(Err(e)) => {
                    tracing::warn!("catalogue listener: {e}; listening again");
                    lost(&snapshot);
                    break;
                }
            }
        }
        tokio::time::sleep(RETRY).await;
    }
}

impl App {
    /// The catalogue as of now: the held snapshot when nothing says the store's version moved
    /// (no local write, no notification, the last reading younger than the poll interval), else
    /// the version is read and the catalogue loaded again if it moved (see the module's
    /// documentation for the bounds).
    pub async fn catalogue(&self) -> Result<Arc<Catalogue>, StoreError> {
        if !self.snapshot.listening.swap(true, Ordering::AcqRel)
            && self.store.engine() == wenlv_store::Engine::Postgres
        {
            tokio::spawn(listen(self.store.clone(), Arc::downgrade(&self.snapshot)));
        }
        if let Some(held) = self.snapshot.held_if_current(&self.store) {
            return Ok(held);
        }
        self.snapshot.check(&self.store).await
    }

    /// The version of the catalogue [`App::catalogue`] would answer with now (the same checks),
    /// without cloning anything: for keys of answers computed from it.
    pub async fn catalogue_version(&self) -> Result<i64, StoreError> {
        Ok(self.catalogue().await?.version)
    }

    /// The same app reading the catalogue version at least every `poll` when nothing announced
    /// a write (see [`DEFAULT_POLL`]); a fresh snapshot (nothing loaded yet).
    pub fn with_catalogue_poll(self, poll: Duration) -> App {
        App {
            snapshot: Arc::new(Snapshot::with_poll(poll)),
            ..self
        }
    }
}
