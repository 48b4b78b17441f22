//! Quotes: "what do I pay?" for one visitor, one date and each place — and why.
//!
//! For each place: the pricing season of the day ([`SeasonCalendar`]), the base price of that
//! season (`Place::price_peak` / `Place::price_off`; unknown stays unknown, never 0), then every
//! offer in file order is considered. An offer applies when the date is inside its validity, it
//! covers the place, the visitor is eligible, and its price can be computed and is not above the
//! base price. Among the applicable non-stacking offers the **lowest price wins** (ties: the
//! earlier offer in the file); stacking offers (`percent_off` with `stacks = true`) then apply on
//! top, in file order. Every offer considered is listed with the reason it did or did not apply.
//!
//! **Money.** Prices are exact integer fen ([`Money`]); a percentage is rounded **half up to the
//! fen** (50% of 0.05 is 0.03), by [`Money::percent`]. The final price is never negative and
//! never above a known base price.
//!
//! The result types serialise to the API's contract shape:
//! `{"place", "season", "base_price": "40.00"|null, "final_price", "applied_offer",
//! "considered": [{"offer", "applied", "reason"}]}` (plus explanatory fields).
//!
//! ```
//! use jiff::civil::date;
//! use wenlv_domain::{quote, OfferBook, Visitor};
//! # use wenlv_domain::*;
//! # let seasons = SeasonCalendar::parse_toml("s", r#"
//! # [[city.pricing]]
//! # season = "peak"
//! # from = "01-01"
//! # to = "12-31"
//! # source = "x"
//! # [[product_lines]]
//! # line = "summer_autumn"
//! # from = "01-01"
//! # to = "12-31"
//! # source = "x"
//! # "#).unwrap();
//! # let mut place: Place = serde_json::from_value(serde_json::json!({
//! #   "id": "riyue_mountain", "name_zh": "日月山", "name_en": "Riyue Mountain",
//! #   "description_zh": null, "description_en": null, "category": "mountain", "a_level": 4,
//! #   "district": null, "position": null, "position_note": null, "visit_minutes": null,
//! #   "themes": [], "opening_hours": null, "last_admission_minutes": null, "hours_note": null,
//! #   "price_peak": "50", "price_off": "30", "price_note": null, "sources": null })).unwrap();
//! let q = quote(date(2024, 7, 1), &Visitor::default(), &place, &seasons, &OfferBook::default());
//! assert_eq!(q.final_price.unwrap().to_string(), "50.00");
//! ```

use crate::{
    Effect, Money, Offer, OfferBook, OfferId, Place, PlaceId, PricingSeason, SeasonCalendar,
    Visitor,
};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The body of `POST /api/quotes`: `{"date": "2024-01-10", "visitor": {"home_region": "320000",
/// "age": 30}, "places": ["kumbum_monastery"]}`. A bad date, region code or place id fails to
/// deserialise with a message naming the value.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteRequest {
    #[serde(with = "crate::civil::serde_date")]
    pub date: Date,
    #[serde(default)]
    pub visitor: Visitor,
    pub places: Vec<PlaceId>,
}

/// The answer to a [`QuoteRequest`]: `{"quotes": [...]}`, one quote per place, in request order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quotes {
    pub quotes: Vec<Quote>,
}

/// The price of one place for one visitor on one date, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub place: PlaceId,
    pub date: Date,
    /// The pricing season of the day at this place.
    pub season: PricingSeason,
    /// Where the season's dates come from (a source, or `assumption: …`).
    pub season_basis: String,
    /// The adult ticket of that season; `None` = unknown (never 0 for unknown).
    pub base_price: Option<Money>,
    /// What this visitor pays; `None` = unknown.
    pub final_price: Option<Money>,
    /// The offer that set the final price, if any.
    pub applied_offer: Option<OfferId>,
    /// Every offer considered, in file order.
    pub considered: Vec<Considered>,
    /// What else the visitor should know (unknown prices, assumptions).
    pub note: Option<String>,
}

/// Why an offer applied or not, as a code (for translations; `reason` has the details).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    /// The offer set (or, stacking, lowered) the price.
    Applied,
    /// The date is outside the offer's validity.
    OutsideDates,
    /// The offer does not cover this place.
    NotThisPlace,
    /// The visitor does not meet a condition (home region, age, student, …).
    NotEligible,
    /// The offer's price would be above the base price.
    NoSaving,
    /// Another offer gives a lower price.
    BetterOffer,
    /// A price the offer needs (base, peak or off-season) is unknown.
    PriceUnknown,
}

/// One offer considered for a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Considered {
    pub offer: OfferId,
    pub applied: bool,
    /// The kind of reason, as a code.
    pub kind: ReasonKind,
    /// Why it applied or not: "not eligible: home province (…)", "outside dates (…)", "not this
    /// place", "a better offer applied (…)", "base price unknown", …
    pub reason: String,
    /// The price this offer would give, where it could be computed.
    pub price: Option<Money>,
    /// The offer's marked assumptions, so nobody takes them for facts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
}

/// Quotes every place in order (see [`quote`]).
pub fn quote_all(
    date: Date,
    visitor: &Visitor,
    places: &[Place],
    seasons: &SeasonCalendar,
    offers: &OfferBook,
) -> Vec<Quote> {
    places
        .iter()
        .map(|p| quote(date, visitor, p, seasons, offers))
        .collect()
}

/// What an offer's effect makes of the prices, or why it cannot say.
fn offer_price(effect: Effect, place: &Place, base: Option<Money>) -> Result<Money, String> {
    let need = |m: Option<Money>, what: &str| m.ok_or_else(|| format!("{what} unknown"));
    Ok(match effect {
        Effect::Free => Money::ZERO,
        Effect::FixedPrice { price } => price,
        Effect::PercentOfPeak { percent } => need(place.price_peak, "peak price")?.percent(percent),
        Effect::OffSeasonPrice => need(place.price_off, "off-season price")?,
        Effect::PercentOfOffSeason { percent } => {
            need(place.price_off, "off-season price")?.percent(percent)
        }
        Effect::PercentOff { percent } => need(base, "base price")?.percent(100 - percent),
    })
}

/// The quote for one place (see the module docs for the rules).
pub fn quote(
    date: Date,
    visitor: &Visitor,
    place: &Place,
    seasons: &SeasonCalendar,
    offers: &OfferBook,
) -> Quote {
    let fact = seasons.pricing_season(&place.id, date);
    let season_basis = match (&fact.source, &fact.assumption) {
        (Some(s), _) => format!("source: {s}"),
        (None, Some(a)) => format!("assumption: {a}"),
        (None, None) => "unknown".to_string(),
    };
    let base = match fact.season {
        PricingSeason::Peak => place.price_peak,
        PricingSeason::Off => place.price_off,
    };

    struct Candidate<'a> {
        index: usize,
        offer: &'a Offer,
        price: Money,
    }
    let mut considered: Vec<Considered> = Vec::new();
    let mut plain: Vec<Candidate> = Vec::new();
    let mut stacking: Vec<Candidate> = Vec::new();
    for offer in offers.offers() {
        let index = considered.len();
        let mut entry = Considered {
            offer: offer.id.clone(),
            applied: false,
            kind: ReasonKind::Applied,
            reason: String::new(),
            price: None,
            assumptions: offer.assumptions.clone(),
        };
        if !offer.is_valid_on(date) {
            entry.kind = ReasonKind::OutsideDates;
            entry.reason = format!(
                "outside dates (valid {} to {})",
                offer.valid_from, offer.valid_to
            );
        } else if !offer.places.covers(place) {
            entry.kind = ReasonKind::NotThisPlace;
            entry.reason = "not this place".to_string();
        } else if let Some(why) = offer.eligibility.failure(visitor) {
            entry.kind = ReasonKind::NotEligible;
            entry.reason = why;
        } else if offer.stacks {
            // Priced later, on top of the best plain offer.
            stacking.push(Candidate {
                index,
                offer,
                price: Money::ZERO,
            });
        } else {
            match offer_price(offer.effect, place, base) {
                Err(why) => {
                    entry.kind = ReasonKind::PriceUnknown;
                    entry.reason = why;
                }
                Ok(price) => {
                    entry.price = Some(price);
                    match base {
                        Some(b) if price > b => {
                            entry.kind = ReasonKind::NoSaving;
                            entry.reason = format!(
                                "no saving: {} is {price}, above the base price {b}",
                                offer.effect
                            );
                        }
                        _ => plain.push(Candidate {
                            index,
                            offer,
                            price,
                        }),
                    }
                }
            }
        }
        considered.push(entry);
    }

    // The lowest price wins; `min_by_key` keeps the first of equals, i.e. file order.
    let winner = plain.iter().min_by_key(|c| c.price);
    let mut running = base;
    let mut applied_offer = None;
    if let Some(w) = winner {
        running = Some(w.price);
        applied_offer = Some(w.offer.id.clone());
        let same = base == Some(w.price);
        considered[w.index].applied = true;
        considered[w.index].reason = format!(
            "applied: {}{}",
            w.offer.effect,
            if same {
                " (the same as the base price on this date)"
            } else {
                ""
            }
        );
        for c in plain.iter().filter(|c| c.index != w.index) {
            considered[c.index].kind = ReasonKind::BetterOffer;
            considered[c.index].reason =
                format!("a better offer applied ({} gives {})", w.offer.id, w.price);
        }
    }
    for c in &stacking {
        let Effect::PercentOff { percent } = c.offer.effect else {
            unreachable!("the offer file allows stacking only for percent_off")
        };
        match running {
            None => {
                considered[c.index].kind = ReasonKind::PriceUnknown;
                considered[c.index].reason = "base price unknown".to_string();
            }
            Some(r) => {
                let price = r.percent(100 - percent);
                running = Some(price);
                considered[c.index].price = Some(price);
                considered[c.index].applied = true;
                considered[c.index].reason = match applied_offer {
                    Some(ref a) => format!("applied: {} on top of {a}", c.offer.effect),
                    None => format!("applied: {}", c.offer.effect),
                };
                applied_offer.get_or_insert_with(|| c.offer.id.clone());
            }
        }
    }
    // Never below zero, never above a known base price.
    let final_price = running.map(|p| {
        let p = p.max(Money::ZERO);
        match base {
            Some(b) => p.min(b),
            None => p,
        }
    });

    let mut notes = Vec::new();
    if base.is_none() {
        notes.push(format!(
            "the {} price of this place is unknown",
            match fact.season {
                PricingSeason::Peak => "peak-season",
                PricingSeason::Off => "off-season",
            }
        ));
    }
    if fact.assumption.is_some() {
        notes.push("the season dates are an assumption".to_string());
    }
    if considered
        .iter()
        .any(|c| c.applied && !c.assumptions.is_empty())
    {
        notes.push("the applied offer rests on an assumption".to_string());
    }
    Quote {
        place: place.id.clone(),
        date,
        season: fact.season,
        season_basis,
        base_price: base,
        final_price,
        applied_offer,
        considered,
        note: (!notes.is_empty()).then(|| notes.join("; ")),
    }
}
