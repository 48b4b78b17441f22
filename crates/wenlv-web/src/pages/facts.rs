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

/// A note in the page's language: Chinese pages fall back to the English text where the data has
/// no Chinese (and the other way round), so nothing known is hidden.
pub fn note(zh: Option<&str>, en: Option<&str>, l: Lang) -> String {
    let (first, second) = match l {
        Lang::Zh => (zh, en),
        Lang::En => (en, zh),
    };
    first
        .or(second)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or_default()
        .to_string()
}

/// Where a season's or product line's dates come from, in the page's language: the source, or
/// the assumption marked as one.
pub fn basis(
    source: Option<&str>,
    assumption: Option<&str>,
    basis_zh: Option<&str>,
    l: Lang,
) -> String {
    if l == Lang::Zh
        && let Some(zh) = basis_zh.filter(|z| !z.trim().is_empty())
    {
        return zh.trim().to_string();
    }
    match (source, assumption) {
        (Some(s), _) => format!("{}{s}", l.t("来源：", "Source: ")),
        (None, Some(a)) => format!("{}{a}", l.t("假设：", "Assumption: ")),
        (None, None) => String::new(),
    }
}

/// Where the place is, in words, in the page's language.
pub fn position_note(p: &Place, l: Lang) -> String {
    note(p.position_note_zh.as_deref(), p.position_note.as_deref(), l)
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

    /// What the visitor should know about `p`'s hours on `date`, in the page's language: the
    /// expression's own comments, the day's unknowns, and the place's hours note.
    pub fn hours_note(&self, p: &Place, date: Date) -> String {
        let l = self.lang;
        let mut parts: Vec<String> = Vec::new();
        self.with_hours(p, |h| {
            let d = h.hours.day(date);
            for c in d.open.iter().chain(&d.unknown).filter_map(|i| i.comment.clone()) {
                if !parts.contains(&c) {
                    parts.push(c);
                }
            }
            if !d.unknown.is_empty() {
                parts.push(l.t("当天部分时段开放情况未知", "hours partly unknown on this day").into());
            }
            if h.hours.uses_public_holidays() && d.public_holiday.is_none() {
                parts.push(
                    l.t(
                        "缺少该年的法定节假日数据，节假日规则按无节假日计算",
                        "this year's public holidays are not in the data: holiday rules were read as if there were none",
                    )
                    .into(),
                );
            }
        });
        let own = note(p.hours_note_zh.as_deref(), p.hours_note.as_deref(), l);
        if !own.is_empty() {
            parts.push(own);
        }
        parts.join(l.t("；", "; "))
    }

    /// What the visitor should know about the price in `q`, in the page's language: the place's
    /// price note, an unknown price, assumptions behind the season or the offer applied.
    pub fn price_note(&self, p: &Place, q: &Quote) -> String {
        let l = self.lang;
        let mut parts = vec![note(p.price_note_zh.as_deref(), p.price_note.as_deref(), l)];
        if q.base_price.is_none() {
            parts.push(
                l.t("这个季节的票价未知", "this season's price is unknown")
                    .into(),
            );
        }
        if self
            .city
            .seasons
            .pricing_season(&p.id, q.date)
            .assumption
            .is_some()
        {
            parts.push(
                l.t(
                    "旺季、淡季的日期是假设",
                    "the season dates are an assumption",
                )
                .into(),
            );
        }
        if q.considered
            .iter()
            .any(|c| c.applied && !c.assumptions.is_empty())
        {
            parts.push(
                l.t(
                    "所用优惠基于假设",
                    "the applied offer rests on an assumption",
                )
                .into(),
            );
        }
        parts.retain(|s| !s.is_empty());
        parts.join(l.t("；", "; "))
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
