//! Pricing a visit: what a visitor pays at each place on a date, and why.

use crate::App;
use crate::actor::{Action, Actor, Denied};
use wenlv_domain::{DateError, QuoteRequest, Quotes, quote_all};
use wenlv_store::StoreError;

/// At most this many places in one request.
pub const MAX_PLACES: usize = 200;

/// Why a quote was not given.
#[derive(Debug, thiserror::Error)]
pub enum QuoteError {
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error("places: give at least one place id")]
    NoPlaces,
    #[error("places: {given} given, at most {MAX_PLACES} per request")]
    TooManyPlaces { given: usize },
    /// Every id that is not in the catalogue, quoted.
    #[error("places: unknown place id(s) {}", .0.join(", "))]
    UnknownPlaces(Vec<String>),
    #[error("date: {0}")]
    Date(#[from] DateError),
    #[error("reading the catalogue")]
    Store(#[from] StoreError),
}

impl QuoteError {
    /// The request field at fault, for the caller's own message.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            QuoteError::NoPlaces
            | QuoteError::TooManyPlaces { .. }
            | QuoteError::UnknownPlaces(_) => Some("places"),
            QuoteError::Date(_) => Some("date"),
            QuoteError::Denied(_) | QuoteError::Store(_) => None,
        }
    }
}

impl App {
    /// Quotes `request` against the catalogue's places and offers (so a staff edit counts at
    /// once) and the city's seasons. Every unknown place is named, not just the first.
    pub async fn quote(&self, actor: &Actor, request: &QuoteRequest) -> Result<Quotes, QuoteError> {
        actor.check(Action::Quote)?;
        if request.places.is_empty() {
            return Err(QuoteError::NoPlaces);
        }
        if request.places.len() > MAX_PLACES {
            return Err(QuoteError::TooManyPlaces {
                given: request.places.len(),
            });
        }
        wenlv_domain::civil::check_date(request.date)?;
        let mut places = Vec::with_capacity(request.places.len());
        let mut unknown = Vec::new();
        for id in &request.places {
            match self.store.get_place(id).await? {
                Some(place) => places.push(place),
                None => unknown.push(format!("'{id}'")),
            }
        }
        if !unknown.is_empty() {
            return Err(QuoteError::UnknownPlaces(unknown));
        }
        let offers = self.store.offers().await?;
        Ok(Quotes {
            quotes: quote_all(
                request.date,
                &request.visitor,
                &places,
                &self.city.seasons,
                &offers,
            ),
        })
    }
}
