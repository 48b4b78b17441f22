//! Offers as rows: one JSON document per offer (the domain's shape, read back through
//! [`Offer`]'s checked deserialiser), with the id, titles and dates copied into columns and a
//! `position` keeping the file order. The SQL lives in each engine's module; the encoding and the
//! created/updated/unchanged decision live here, once.

use crate::{StoreError, UpsertCounts};
use std::collections::{HashMap, HashSet};
use wenlv_domain::{Offer, OfferBook};

/// An offer as written to a row.
pub(crate) struct OfferValues {
    pub id: String,
    pub position: i64,
    pub title_zh: String,
    pub title_en: String,
    pub valid_from: String,
    pub valid_to: String,
    pub document: String,
}

impl OfferValues {
    pub fn of(offer: &Offer, position: usize) -> Result<OfferValues, StoreError> {
        Ok(OfferValues {
            id: offer.id.to_string(),
            position: position as i64,
            title_zh: offer.title_zh.clone(),
            title_en: offer.title_en.clone(),
            valid_from: offer.valid_from.to_string(),
            valid_to: offer.valid_to.to_string(),
            document: serde_json::to_string(offer).map_err(|e| {
                StoreError::Invalid(format!("offer '{}' cannot be written: {e}", offer.id))
            })?,
        })
    }
}

/// Reads a stored document back into an offer (checked like the offer file).
pub(crate) fn decode(id: &str, document: &str) -> Result<Offer, StoreError> {
    let offer: Offer = serde_json::from_str(document).map_err(|e| {
        StoreError::Database(format!("stored offer '{id}' is not a valid offer: {e}"))
    })?;
    if offer.id.as_str() != id {
        return Err(StoreError::Database(format!(
            "stored offer '{id}' holds a document for '{}'",
            offer.id
        )));
    }
    Ok(offer)
}

/// What to do with one offer of a batch.
pub(crate) enum Action {
    Insert(OfferValues),
    Update(OfferValues),
    Unchanged,
}

/// Decides, for every offer of `book` in order, against the stored `(id, position, document)`
/// rows: insert, update (content or position changed) or leave alone.
pub(crate) fn plan(
    book: &OfferBook,
    stored: Vec<(String, i64, String)>,
) -> Result<(Vec<Action>, UpsertCounts), StoreError> {
    let stored: HashMap<String, (i64, String)> = stored
        .into_iter()
        .map(|(id, position, doc)| (id, (position, doc)))
        .collect();
    let mut counts = UpsertCounts::default();
    let mut actions = Vec::new();
    for (position, offer) in book.offers().iter().enumerate() {
        let values = OfferValues::of(offer, position)?;
        match stored.get(offer.id.as_str()) {
            None => {
                counts.created += 1;
                actions.push(Action::Insert(values));
            }
            Some((p, doc)) if *p == values.position && decode(&values.id, doc)? == *offer => {
                counts.unchanged += 1;
                actions.push(Action::Unchanged);
            }
            Some(_) => {
                counts.updated += 1;
                actions.push(Action::Update(values));
            }
        }
    }
    Ok((actions, counts))
}

/// Refuses the batch before any SQL runs: an offer breaking the file's rules, or an id twice.
pub(crate) fn check_book(book: &OfferBook) -> Result<(), StoreError> {
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for offer in book.offers() {
        if !seen.insert(&offer.id) {
            problems.push(format!("offer '{}': id given twice", offer.id));
        }
        if let Err((field, message)) = offer.check() {
            problems.push(format!("offer '{}', field '{field}': {message}", offer.id));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(problems.join("; ")))
    }
}
