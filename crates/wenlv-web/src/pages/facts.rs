//! What the pages say about a place on a day, in the visitor's language: hours, price, names.

use super::{Lang, hhmm, minutes_on, words};
use jiff::civil::{Date, DateTime};
use std::cell::RefCell;
use std::collections::HashMap;
use wenlv_domain::{
    City, DayHours, HoursEvaluator, Money, OfferBook, Place, PlaceHours, PlaceId, Quote, Visitor,
    quote,
};

pub fn name(p: &Place, l: Lang) -> &str {
    l.t(&p.name_zh, &p.name_en)
}

pub fn description(p: &Place, l: Lang) -> Option<&str> {
    match l {
        Lang::Zh => p.description_zh.as_deref().or(p.description_en.as_deref()),
        Lang::En => p.description_en.as_deref().or(p.description_zh.as_deref()),
    }
}

/// "09:00–17:00, 14:00–18:00", "closed", or "hours unknown".
pub fn hours_text(day: Option<&DayHours>, l: Lang) -> String {
    match day {
        None => l.t("开放时间未知", "Hours unknown").to_string(),
        Some(d) if d.open.is_empty() && !d.unknown.is_empty() => l
            .t("当日开放时间未知", "Hours unknown this day")
            .to_string(),
        Some(d) if d.open.is_empty() => l.t("闭馆", "Closed").to_string(),
        Some(d) => d
            .open
            .iter()
            .map(|i| {
                format!(
                    "{}–{}",
                    hhmm(minutes_on(d.date, i.start)),
                    hhmm(minutes_on(d.date, i.end))
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// "¥40.00", "Free", "Price unknown".
pub fn money_text(m: Option<Money>, l: Lang) -> String {
    match m {
        Some(m) if m == Money::ZERO => l.t("免费", "Free").to_string(),
        Some(m) => format!("¥{m}"),
        None => l.t("票价未知", "Price unknown").to_string(),
    }
}

/// A place as a list shows it.
pub struct Card {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub district: String,
    pub hours_today: String,
    /// Open at the moment asked about (`None`: hours unknown).
    pub open_now: Option<bool>,
    pub price: String,
    /// An offer lowers the price for this visitor.
    pub offer: bool,
    pub has_position: bool,
    /// Open at some time on the day of the card (hours known).
    pub open_that_day: bool,
    /// Known to cost this visitor nothing that day.
    pub free: bool,
    pub a_level: u8,
}

pub struct Facts<'a> {
    pub city: &'a City,
    /// The offers in the store (staff edit them there), as `POST /api/quotes` uses them.
    pub offers: &'a OfferBook,
    pub hours: HoursEvaluator<'a>,
    pub visitor: &'a Visitor,
    pub lang: Lang,
    /// Each place's hours parsed once per request: a page asks several questions of each.
    parsed: RefCell<HashMap<PlaceId, Option<PlaceHours<'a>>>>,
}

impl<'a> Facts<'a> {
    pub fn new(
        city: &'a City,
        offers: &'a OfferBook,
        visitor: &'a Visitor,
        lang: Lang,
    ) -> Facts<'a> {
        Facts {
            city,
            offers,
            hours: HoursEvaluator::new(&city.holidays),
            visitor,
            lang,
            parsed: RefCell::new(HashMap::new()),
        }
    }

    /// Answers `ask` from the place's parsed hours (`None` when unknown), parsing them once.
    fn with_hours<T>(&self, p: &Place, ask: impl FnOnce(&PlaceHours<'a>) -> T) -> Option<T> {
        let mut parsed = self.parsed.borrow_mut();
        let hours = parsed
            .entry(p.id.clone())
            .or_insert_with(|| self.hours.compile_place(p));
        hours.as_ref().map(ask)
    }

    pub fn day(&self, p: &Place, date: Date) -> Option<DayHours> {
        self.with_hours(p, |h| h.day(date))
    }

    pub fn is_open_at(&self, p: &Place, at: DateTime) -> Option<bool> {
        self.with_hours(p, |h| h.is_open_at(at))
    }

    pub fn quote(&self, p: &Place, date: Date) -> Quote {
        quote(date, self.visitor, p, &self.city.seasons, self.offers)
    }

    /// `at` is the moment "open now" is asked about; its date gives the hours and the price.
    pub fn card(&self, p: &Place, at: DateTime) -> Card {
        let l = self.lang;
        let date = at.date();
        let q = self.quote(p, date);
        // Parse the hours once for both questions (parsing dominates the cost of a card).
        let compiled = p
            .opening_hours
            .as_ref()
            .map(|s| self.hours.compile(s, p.last_admission_minutes));
        let day = compiled.as_ref().map(|c| c.day(date));
        let mut kind = words::category(p.category, l).to_string();
        let a = words::a_level(p.a_level.get(), l);
        if !a.is_empty() {
            kind = format!("{kind} · {a}");
        }
        Card {
            id: p.id.to_string(),
            name: name(p, l).to_string(),
            kind,
            district: p.district.clone().unwrap_or_default(),
            hours_today: hours_text(day.as_ref(), l),
            open_now: compiled.as_ref().map(|c| c.is_open_at(at)),
            price: money_text(q.final_price, l),
            offer: q.applied_offer.is_some(),
            has_position: p.position.is_some(),
            open_that_day: day.as_ref().is_some_and(|d| !d.open.is_empty()),
            free: q.final_price == Some(Money::ZERO),
            a_level: p.a_level.get(),
        }
    }
}
