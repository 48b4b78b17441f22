//! Offers (优惠政策): who pays less, where, when, and how much.
//!
//! An [`Offer`] has an id, a title in Chinese and English, its legal basis or source text, the
//! dates it is valid (inclusive), the places it covers ([`PlaceSelector`]: a list of ids and/or
//! a filter on A-level, category and district, minus exclusions), who is eligible
//! ([`Eligibility`]: home province or city by GB/T 2260 prefix, age range, student, senior,
//! military, disabled, group size — all optional, combined with AND), its [`Effect`] on the
//! price, and whether it stacks on another offer. Facts the sources lack are chosen as
//! assumptions and listed in `assumptions`, so a quote can say "this is assumed".
//!
//! Offers are data: [`OfferBook::parse_toml`] reads `data/xining/offers.toml`; every error names
//! the file, the offer id and the field. Which offer wins for a visitor is decided by
//! [`mod@crate::quote`].
//!
//! ```
//! use wenlv_domain::{OfferBook, Visitor, HomeRegion};
//! let book = OfferBook::parse_toml("offers.toml", r#"
//!     [[offer]]
//!     id = "students_half"
//!     title_zh = "学生半价"
//!     title_en = "Students pay half"
//!     basis = "example"
//!     valid_from = "2024-01-01"
//!     valid_to = "2024-12-31"
//!     effect = { kind = "percent_off", percent = 50 }
//!     places = { min_a_level = 4 }
//!     eligible = { student = true }
//! "#).unwrap();
//! let offer = &book.offers()[0];
//! let visitor = Visitor { student: true, ..Visitor::default() };
//! assert_eq!(offer.eligibility.failure(&visitor), None);
//! assert!(offer.eligibility.failure(&Visitor::default()).is_some());
//! ```

use crate::{ALevel, Category, HomeRegion, Money, Place, PlaceId};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// An offer's id: a slug like a place id (`ws2023_paired_aid_free`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OfferId(String);

impl OfferId {
    /// Checks the slug: 1–64 characters of `a-z`, `0-9`, `_`, starting with a letter.
    pub fn parse(text: &str) -> Result<OfferId, BadOfferId> {
        PlaceId::parse(text)
            .map(|p| OfferId(p.as_str().to_string()))
            .map_err(|_| BadOfferId(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OfferId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A text that is not an offer id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{}' is not an offer id (a-z, 0-9 and _, starting with a letter)", crate::civil::clip(.0, crate::civil::MAX_ECHO_CHARS))]
pub struct BadOfferId(pub String);

impl TryFrom<String> for OfferId {
    type Error = BadOfferId;
    fn try_from(text: String) -> Result<OfferId, BadOfferId> {
        OfferId::parse(&text)
    }
}

impl From<OfferId> for String {
    fn from(id: OfferId) -> String {
        id.0
    }
}

/// Which places an offer covers: `ids`, plus the places passing every condition of `filter`
/// (when given), minus `exclude`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceSelector {
    pub ids: Vec<PlaceId>,
    pub filter: Option<PlaceFilter>,
    pub exclude: Vec<PlaceId>,
}

/// Conditions on a place, all of which must hold; an empty list means "any".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceFilter {
    /// A-level at least this (1 = any A-level spot).
    pub min_a_level: Option<ALevel>,
    pub categories: Vec<Category>,
    /// Districts as the catalogue writes them (城西区).
    pub districts: Vec<String>,
}

impl PlaceSelector {
    /// Whether the selector covers `place`.
    pub fn covers(&self, place: &Place) -> bool {
        if self.exclude.contains(&place.id) {
            return false;
        }
        if self.ids.contains(&place.id) {
            return true;
        }
        let Some(f) = &self.filter else {
            return false;
        };
        f.min_a_level.is_none_or(|m| place.a_level >= m)
            && (f.categories.is_empty() || f.categories.contains(&place.category))
            && (f.districts.is_empty()
                || place
                    .district
                    .as_ref()
                    .is_some_and(|d| f.districts.contains(d)))
    }
}

/// Who may use an offer. Every condition given must hold (AND); none given = everyone.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// The visitor's home lies within one of these (GB/T 2260 prefixes or countries).
    pub home_regions: Vec<HomeRegion>,
    pub age_min: Option<u32>,
    pub age_max: Option<u32>,
    pub student: bool,
    pub senior: bool,
    pub military: bool,
    pub disabled: bool,
    pub min_group_size: Option<u32>,
}

/// The visitor a quote is for. Unknown facts are `None`/`false`: an offer that needs them does
/// not apply, and says why.
///
/// On the wire it is a JSON object only: serde would also read a struct from an array of its
/// fields in order (`[null, 30]`), which no integrator means and the API's schema forbids.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(remote = "Self", default, deny_unknown_fields)]
pub struct Visitor {
    /// Where the visitor lives; `None` = not given.
    pub home_region: Option<HomeRegion>,
    /// Age in whole years.
    pub age: Option<u32>,
    pub student: bool,
    pub senior: bool,
    pub military: bool,
    pub disabled: bool,
    /// Size of the visitor's group, the visitor included.
    pub group_size: Option<u32>,
}

impl Serialize for Visitor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Visitor::serialize(self, s)
    }
}

impl<'de> Deserialize<'de> for Visitor {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Visitor, D::Error> {
        struct ObjectOnly;
        impl<'de> serde::de::Visitor<'de> for ObjectOnly {
            type Value = Visitor;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a visitor object {\"home_region\", \"age\", …}")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Visitor, A::Error> {
                Visitor::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(ObjectOnly)
    }
}

impl Eligibility {
    /// `None` when `visitor` is eligible, else the reason ("not eligible: home province (…)").
    pub fn failure(&self, visitor: &Visitor) -> Option<String> {
        if !self.home_regions.is_empty() {
            let all_provinces = self
                .home_regions
                .iter()
                .all(|r| r.division().is_some_and(|d| d.province() == d));
            let what = if all_provinces {
                "home province"
            } else {
                "home region"
            };
            let list: Vec<String> = self.home_regions.iter().map(|r| r.to_string()).collect();
            match &visitor.home_region {
                None => {
                    return Some(format!(
                        "not eligible: {what} not given (the offer is for {})",
                        list.join(", ")
                    ));
                }
                Some(home) if !self.home_regions.iter().any(|r| home.is_within(r)) => {
                    return Some(format!(
                        "not eligible: {what} (from {home}; the offer is for {})",
                        list.join(", ")
                    ));
                }
                Some(_) => {}
            }
        }
        if self.age_min.is_some() || self.age_max.is_some() {
            let range = match (self.age_min, self.age_max) {
                (Some(a), Some(b)) => format!("ages {a} to {b}"),
                (Some(a), None) => format!("ages {a} and over"),
                (None, Some(b)) => format!("ages up to {b}"),
                (None, None) => unreachable!(),
            };
            match visitor.age {
                None => {
                    return Some(format!(
                        "not eligible: age not given (the offer is for {range})"
                    ));
                }
                Some(age)
                    if self.age_min.is_some_and(|a| age < a)
                        || self.age_max.is_some_and(|b| age > b) =>
                {
                    return Some(format!(
                        "not eligible: age {age} (the offer is for {range})"
                    ));
                }
                Some(_) => {}
            }
        }
        for (needed, has, who) in [
            (self.student, visitor.student, "students"),
            (self.senior, visitor.senior, "seniors"),
            (self.military, visitor.military, "military personnel"),
            (self.disabled, visitor.disabled, "people with disabilities"),
        ] {
            if needed && !has {
                return Some(format!("not eligible: for {who} only"));
            }
        }
        if let Some(min) = self.min_group_size {
            match visitor.group_size {
                Some(n) if n >= min => {}
                Some(n) => {
                    return Some(format!(
                        "not eligible: group size {n} (the offer is for groups of {min} or more)"
                    ));
                }
                None => {
                    return Some(format!(
                        "not eligible: group size not given (the offer is for groups of {min} or more)"
                    ));
                }
            }
        }
        None
    }
}

/// What an offer does to the price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Effect {
    /// Entry is free.
    Free,
    /// This price, whatever the season.
    FixedPrice { price: Money },
    /// This percentage of the peak-season price.
    PercentOfPeak { percent: u32 },
    /// The off-season price, whatever the season.
    OffSeasonPrice,
    /// This percentage of the off-season price.
    PercentOfOffSeason { percent: u32 },
    /// This many percent off the price of the day.
    PercentOff { percent: u32 },
}

impl Effect {
    /// The effect in Chinese, for the visitor pages.
    pub fn describe_zh(&self) -> String {
        match self {
            Effect::Free => "免费".to_string(),
            Effect::FixedPrice { price } => format!("定价 ¥{price}"),
            Effect::PercentOfPeak { percent } => format!("旺季票价的 {percent}%"),
            Effect::OffSeasonPrice => "按淡季票价".to_string(),
            Effect::PercentOfOffSeason { percent } => format!("淡季票价的 {percent}%"),
            Effect::PercentOff { percent } => format!("优惠 {percent}%"),
        }
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Effect::Free => write!(f, "free"),
            Effect::FixedPrice { price } => write!(f, "fixed price {price}"),
            Effect::PercentOfPeak { percent } => write!(f, "{percent}% of the peak price"),
            Effect::OffSeasonPrice => write!(f, "the off-season price"),
            Effect::PercentOfOffSeason { percent } => {
                write!(f, "{percent}% of the off-season price")
            }
            Effect::PercentOff { percent } => write!(f, "{percent}% off"),
        }
    }
}

/// One offer (see the module docs).
///
/// Serialises to JSON (the API's and the database's shape) and back losslessly; reading JSON
/// checks the same rules as the offer file ([`Offer::check`]), so a hand-edited row cannot
/// smuggle in a percentage above 100.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "OfferJson")]
pub struct Offer {
    pub id: OfferId,
    pub title_zh: String,
    pub title_en: String,
    /// The legal basis or the source text the offer rests on.
    pub basis: String,
    /// Where the basis was read (a document or page).
    pub source: Option<String>,
    pub valid_from: Date,
    pub valid_to: Date,
    pub places: PlaceSelector,
    pub eligibility: Eligibility,
    pub effect: Effect,
    /// Applies on top of the best non-stacking offer (only with `percent_off`).
    pub stacks: bool,
    /// What was assumed where the sources are silent.
    pub assumptions: Vec<String>,
}

impl Offer {
    /// Whether `date` lies within the validity dates (inclusive).
    pub fn is_valid_on(&self, date: Date) -> bool {
        self.valid_from <= date && date <= self.valid_to
    }

    /// The rules an offer file enforces, on an offer built any other way (JSON from the
    /// database or an API): `Err((field, message))` for the first rule broken.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        for (field, value) in [
            ("title_zh", &self.title_zh),
            ("title_en", &self.title_en),
            ("basis", &self.basis),
        ] {
            if value.trim().is_empty() {
                return Err((field, "must not be empty".to_string()));
            }
        }
        if self.valid_to < self.valid_from {
            return Err((
                "valid_to",
                format!("{} is before valid_from {}", self.valid_to, self.valid_from),
            ));
        }
        match &self.places.filter {
            None if self.places.ids.is_empty() => {
                return Err((
                    "places",
                    "names no place: give `ids` or a filter (min_a_level, categories, districts)"
                        .to_string(),
                ));
            }
            Some(f)
                if f.min_a_level.is_none() && f.categories.is_empty() && f.districts.is_empty() =>
            {
                return Err((
                    "places.filter",
                    "a filter needs at least one condition (min_a_level, categories, districts)"
                        .to_string(),
                ));
            }
            _ => {}
        }
        let e = &self.eligibility;
        if let (Some(a), Some(b)) = (e.age_min, e.age_max)
            && a > b
        {
            return Err(("eligible.age_max", format!("{b} is below age_min {a}")));
        }
        match self.effect {
            Effect::PercentOfPeak { percent }
            | Effect::PercentOfOffSeason { percent }
            | Effect::PercentOff { percent }
                if percent > 100 =>
            {
                return Err((
                    "effect.percent",
                    format!("{percent} is not a percentage from 0 to 100"),
                ));
            }
            Effect::FixedPrice { price } if price < Money::ZERO => {
                return Err(("effect.price", format!("{price} is negative")));
            }
            _ => {}
        }
        if self.stacks && !matches!(self.effect, Effect::PercentOff { .. }) {
            return Err((
                "stacks",
                "only a percent_off offer can stack on another offer".to_string(),
            ));
        }
        if self.assumptions.iter().any(|a| a.trim().is_empty()) {
            return Err(("assumptions", "an assumption is empty".to_string()));
        }
        Ok(())
    }
}

/// [`Offer`]'s JSON shape as read, before [`Offer::check`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OfferJson {
    id: OfferId,
    title_zh: String,
    title_en: String,
    basis: String,
    #[serde(default)]
    source: Option<String>,
    valid_from: Date,
    valid_to: Date,
    places: PlaceSelector,
    #[serde(default)]
    eligibility: Eligibility,
    effect: Effect,
    #[serde(default)]
    stacks: bool,
    #[serde(default)]
    assumptions: Vec<String>,
}

impl TryFrom<OfferJson> for Offer {
    type Error = String;
    fn try_from(j: OfferJson) -> Result<Offer, String> {
        let offer = Offer {
            id: j.id,
            title_zh: j.title_zh,
            title_en: j.title_en,
            basis: j.basis,
            source: j.source,
            valid_from: j.valid_from,
            valid_to: j.valid_to,
            places: j.places,
            eligibility: j.eligibility,
            effect: j.effect,
            stacks: j.stacks,
            assumptions: j.assumptions,
        };
        offer.check().map_err(|(field, message)| {
            format!("offer '{}', field '{field}': {message}", offer.id)
        })?;
        Ok(offer)
    }
}

/// An offer file error: the file, the offer (its id, or its position when the id is unreadable),
/// the field and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}, offer '{offer}'{}: {message}", field.as_ref().map(|f| format!(", field '{f}'")).unwrap_or_default())]
pub struct OfferError {
    pub file: String,
    pub offer: String,
    /// The field at fault, as a path (`effect.percent`); `None` when the whole offer is.
    pub field: Option<String>,
    pub message: String,
}

/// The offers of a city, in file order (which breaks ties between equal prices).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OfferBook {
    offers: Vec<Offer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    offer: Vec<toml::Table>,
}

/// The file shape for writing ([`OfferBook::to_toml`]).
#[derive(Serialize)]
struct RawFileOut {
    offer: Vec<RawOffer>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawOffer {
    id: String,
    title_zh: String,
    title_en: String,
    basis: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    valid_from: String,
    valid_to: String,
    #[serde(default, skip_serializing_if = "is_false")]
    stacks: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    assumptions: Vec<String>,
    effect: RawEffect,
    places: RawPlaces,
    #[serde(default)]
    eligible: RawEligible,
}

#[derive(Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPlaces {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_a_level: Option<u8>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    categories: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    districts: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    exclude: Vec<String>,
}

#[derive(Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
struct RawEligible {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    home_regions: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    age_min: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    age_max: Option<u32>,
    #[serde(default, skip_serializing_if = "is_false")]
    student: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    senior: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    military: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    disabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_group_size: Option<u32>,
}

#[derive(Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum RawEffect {
    Free,
    FixedPrice { price: String },
    PercentOfPeak { percent: u32 },
    OffSeasonPrice,
    PercentOfOffSeason { percent: u32 },
    PercentOff { percent: u32 },
}

impl OfferBook {
    /// An offer book from offers already checked (e.g. rows read from a database).
    pub fn new(offers: Vec<Offer>) -> OfferBook {
        OfferBook { offers }
    }

    /// The offers, in file order.
    pub fn offers(&self) -> &[Offer] {
        &self.offers
    }

    /// Place ids named by offers (in `ids` or `exclude`) that `known` does not know: a loader
    /// checks them against the catalogue. Returns (offer, place) pairs.
    pub fn unknown_places(&self, known: impl Fn(&PlaceId) -> bool) -> Vec<(OfferId, PlaceId)> {
        let mut out = Vec::new();
        for o in &self.offers {
            for p in o.places.ids.iter().chain(&o.places.exclude) {
                if !known(p) {
                    out.push((o.id.clone(), p.clone()));
                }
            }
        }
        out
    }

    /// The offers as an offer file (TOML) that [`OfferBook::parse_toml`] reads back to the same
    /// book. Comments of a hand-written file are not kept.
    pub fn to_toml(&self) -> String {
        let offer = self
            .offers
            .iter()
            .map(|o| {
                let f = o.places.filter.clone().unwrap_or_default();
                let e = &o.eligibility;
                RawOffer {
                    id: o.id.to_string(),
                    title_zh: o.title_zh.clone(),
                    title_en: o.title_en.clone(),
                    basis: o.basis.clone(),
                    source: o.source.clone(),
                    valid_from: o.valid_from.to_string(),
                    valid_to: o.valid_to.to_string(),
                    stacks: o.stacks,
                    assumptions: o.assumptions.clone(),
                    effect: match o.effect {
                        Effect::Free => RawEffect::Free,
                        Effect::FixedPrice { price } => RawEffect::FixedPrice {
                            price: price.to_string(),
                        },
                        Effect::PercentOfPeak { percent } => RawEffect::PercentOfPeak { percent },
                        Effect::OffSeasonPrice => RawEffect::OffSeasonPrice,
                        Effect::PercentOfOffSeason { percent } => {
                            RawEffect::PercentOfOffSeason { percent }
                        }
                        Effect::PercentOff { percent } => RawEffect::PercentOff { percent },
                    },
                    places: RawPlaces {
                        ids: o.places.ids.iter().map(|p| p.to_string()).collect(),
                        min_a_level: f.min_a_level.map(ALevel::get),
                        categories: f
                            .categories
                            .iter()
                            .map(|c| c.as_str().to_string())
                            .collect(),
                        districts: f.districts.clone(),
                        exclude: o.places.exclude.iter().map(|p| p.to_string()).collect(),
                    },
                    eligible: RawEligible {
                        home_regions: e.home_regions.iter().map(|r| r.to_string()).collect(),
                        age_min: e.age_min,
                        age_max: e.age_max,
                        student: e.student,
                        senior: e.senior,
                        military: e.military,
                        disabled: e.disabled,
                        min_group_size: e.min_group_size,
                    },
                }
            })
            .collect();
        toml::to_string(&RawFileOut { offer })
            .expect("an offer book is plain strings, numbers and tables")
    }

    /// Reads and checks an offer file (TOML, `[[offer]]` tables). `file` names it in errors.
    pub fn parse_toml(file: &str, text: &str) -> Result<OfferBook, OfferError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let (at, field) = crate::season::toml_position(text, &e);
            OfferError {
                file: file.to_string(),
                offer: format!("({at})"),
                field,
                message: e.message().trim().to_string(),
            }
        })?;
        let mut offers = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, table) in raw.offer.into_iter().enumerate() {
            let name = table
                .get("id")
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .unwrap_or_else(|| format!("#{} (no id)", i + 1));
            let err = |field: Option<&str>, message: String| OfferError {
                file: file.to_string(),
                offer: name.clone(),
                field: field.map(str::to_string),
                message,
            };
            let raw: RawOffer =
                toml::Value::Table(table)
                    .try_into()
                    .map_err(|e: toml::de::Error| {
                        let message = e.message().trim().to_string();
                        // serde names a missing or unknown field in backticks: report it as the field.
                        let field = message.split('`').nth(1).map(str::to_string);
                        err(field.as_deref(), message)
                    })?;
            let offer = check(raw, &err)?;
            if !seen.insert(offer.id.clone()) {
                return Err(err(
                    Some("id"),
                    "this id is used by an earlier offer".to_string(),
                ));
            }
            offers.push(offer);
        }
        Ok(OfferBook { offers })
    }
}

fn check(
    raw: RawOffer,
    err: &dyn Fn(Option<&str>, String) -> OfferError,
) -> Result<Offer, OfferError> {
    let id = OfferId::parse(&raw.id).map_err(|m| err(Some("id"), m.to_string()))?;
    for (field, value) in [
        ("title_zh", &raw.title_zh),
        ("title_en", &raw.title_en),
        ("basis", &raw.basis),
    ] {
        if value.trim().is_empty() {
            return Err(err(Some(field), "must not be empty".to_string()));
        }
    }
    let date = |field: &'static str, text: &str| {
        crate::civil::parse_date(text).map_err(|e| err(Some(field), e.to_string()))
    };
    let valid_from = date("valid_from", &raw.valid_from)?;
    let valid_to = date("valid_to", &raw.valid_to)?;
    if valid_to < valid_from {
        return Err(err(
            Some("valid_to"),
            format!("{valid_to} is before valid_from {valid_from}"),
        ));
    }
    let ids = |field: &'static str, list: &[String]| {
        list.iter()
            .map(|s| PlaceId::parse(s).map_err(|e| err(Some(field), e.to_string())))
            .collect::<Result<Vec<_>, _>>()
    };
    let p = &raw.places;
    let has_filter = p.min_a_level.is_some() || !p.categories.is_empty() || !p.districts.is_empty();
    if p.ids.is_empty() && !has_filter {
        return Err(err(
            Some("places"),
            "names no place: give `ids` or a filter (min_a_level, categories, districts)"
                .to_string(),
        ));
    }
    let filter = if has_filter {
        Some(PlaceFilter {
            min_a_level: p
                .min_a_level
                .map(|l| ALevel::new(l).map_err(|e| err(Some("places.min_a_level"), e.to_string())))
                .transpose()?,
            categories: p
                .categories
                .iter()
                .map(|c| {
                    Category::parse(c).map_err(|e| err(Some("places.categories"), e.to_string()))
                })
                .collect::<Result<_, _>>()?,
            districts: p.districts.clone(),
        })
    } else {
        None
    };
    let places = PlaceSelector {
        ids: ids("places.ids", &p.ids)?,
        filter,
        exclude: ids("places.exclude", &p.exclude)?,
    };
    let e = &raw.eligible;
    let eligibility = Eligibility {
        home_regions: e
            .home_regions
            .iter()
            .map(|r| {
                HomeRegion::parse(r).map_err(|x| err(Some("eligible.home_regions"), x.to_string()))
            })
            .collect::<Result<_, _>>()?,
        age_min: e.age_min,
        age_max: e.age_max,
        student: e.student,
        senior: e.senior,
        military: e.military,
        disabled: e.disabled,
        min_group_size: e.min_group_size,
    };
    if let (Some(a), Some(b)) = (e.age_min, e.age_max)
        && a > b
    {
        return Err(err(
            Some("eligible.age_max"),
            format!("{b} is below age_min {a}"),
        ));
    }
    let percent = |p: u32| {
        if p <= 100 {
            Ok(p)
        } else {
            Err(err(
                Some("effect.percent"),
                format!("{p} is not a percentage from 0 to 100"),
            ))
        }
    };
    let effect = match raw.effect {
        RawEffect::Free => Effect::Free,
        RawEffect::FixedPrice { price } => {
            let m = Money::parse(&price).map_err(|x| err(Some("effect.price"), x.to_string()))?;
            if m < Money::ZERO {
                return Err(err(Some("effect.price"), format!("{m} is negative")));
            }
            Effect::FixedPrice { price: m }
        }
        RawEffect::PercentOfPeak { percent: p } => Effect::PercentOfPeak {
            percent: percent(p)?,
        },
        RawEffect::OffSeasonPrice => Effect::OffSeasonPrice,
        RawEffect::PercentOfOffSeason { percent: p } => Effect::PercentOfOffSeason {
            percent: percent(p)?,
        },
        RawEffect::PercentOff { percent: p } => Effect::PercentOff {
            percent: percent(p)?,
        },
    };
    if raw.stacks && !matches!(effect, Effect::PercentOff { .. }) {
        return Err(err(
            Some("stacks"),
            "only a percent_off offer can stack on another offer".to_string(),
        ));
    }
    if raw.assumptions.iter().any(|a| a.trim().is_empty()) {
        return Err(err(
            Some("assumptions"),
            "an assumption is empty".to_string(),
        ));
    }
    Ok(Offer {
        id,
        title_zh: raw.title_zh,
        title_en: raw.title_en,
        basis: raw.basis,
        source: raw.source,
        valid_from,
        valid_to,
        places,
        eligibility,
        effect,
        stacks: raw.stacks,
        assumptions: raw.assumptions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visitor_is_read_from_an_object_only() {
        let v: Visitor = serde_json::from_str(r#"{"age": 30, "student": true}"#).unwrap();
        assert_eq!((v.age, v.student), (Some(30), true));
        assert_eq!(
            serde_json::from_str::<Visitor>("{}").unwrap(),
            Visitor::default()
        );
        let err = serde_json::from_str::<Visitor>("[null, 30]").unwrap_err();
        assert!(err.to_string().contains("a visitor object"), "{err}");
        assert!(serde_json::from_str::<Visitor>(r#"{"height": 1}"#).is_err());
        let back = serde_json::to_value(&v).unwrap();
        assert_eq!(back["age"], 30);
        assert_eq!(serde_json::from_value::<Visitor>(back).unwrap(), v);
    }

    fn offer(body: &str) -> Result<OfferBook, OfferError> {
        OfferBook::parse_toml(
            "offers.toml",
            &format!(
                "[[offer]]\nid = \"x1\"\ntitle_zh = \"优惠\"\ntitle_en = \"Offer\"\nbasis = \"b\"\n{body}"
            ),
        )
    }

    #[test]
    fn errors_name_file_offer_and_field() {
        let base = "valid_from = \"2024-01-01\"\nvalid_to = \"2024-12-31\"\nplaces = { ids = [\"kumbum_monastery\"] }\n";
        let e = offer(&format!(
            "{base}effect = {{ kind = \"percent_off\", percent = 150 }}"
        ))
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "offers.toml, offer 'x1', field 'effect.percent': 150 is not a percentage from 0 to 100"
        );
        let e = offer(
            "valid_from = \"2024-01-01\"\nvalid_to = \"2023-12-31\"\nplaces = { ids = [\"a\"] }\neffect = { kind = \"free\" }",
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("valid_to"));
        let e = offer(&format!(
            "{base}effect = {{ kind = \"free\" }}\neligible = {{ home_regions = [\"990000\"] }}"
        ))
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("eligible.home_regions"));
        assert!(e.message.contains("990000"));
        let e = offer(&format!("{base}effect = {{ kind = \"half\" }}")).unwrap_err();
        assert_eq!(e.offer, "x1");
        assert!(e.message.contains("half"), "{e}");
        let e = offer("valid_from = \"2024-01-01\"\nvalid_to = \"2024-12-31\"\nplaces = {}\neffect = { kind = \"free\" }")
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("places"));
        let e = offer(&format!(
            "{base}effect = {{ kind = \"free\" }}\nstacks = true"
        ))
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("stacks"));
        let e = offer(
            "valid_from = \"2024-01-01\"\nplaces = { ids = [\"a\"] }\neffect = { kind = \"free\" }",
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("valid_to"), "{e}");
        assert_eq!(
            e.to_string(),
            "offers.toml, offer 'x1', field 'valid_to': missing field `valid_to`"
        );
        let e = offer(&format!(
            "{base}effect = {{ kind = \"free\" }}\nvalid_untill = 3"
        ))
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("valid_untill"), "{e}");
    }

    #[test]
    fn eligibility_is_and_combined_with_reasons() {
        let el = Eligibility {
            home_regions: vec![HomeRegion::parse("320000").unwrap()],
            age_min: Some(6),
            age_max: Some(18),
            student: true,
            ..Eligibility::default()
        };
        let mut v = Visitor {
            home_region: Some(HomeRegion::parse("320102").unwrap()),
            age: Some(15),
            student: true,
            ..Visitor::default()
        };
        assert_eq!(el.failure(&v), None);
        v.age = Some(30);
        assert_eq!(
            el.failure(&v).unwrap(),
            "not eligible: age 30 (the offer is for ages 6 to 18)"
        );
        v.age = Some(15);
        v.student = false;
        assert_eq!(el.failure(&v).unwrap(), "not eligible: for students only");
        v.home_region = Some(HomeRegion::parse("620000").unwrap());
        assert!(
            el.failure(&v)
                .unwrap()
                .starts_with("not eligible: home province (from 620000")
        );
        v.home_region = None;
        assert!(el.failure(&v).unwrap().contains("not given"));
    }
}
