//! `/places` (list with filters and a map) and `/places/{id}` (one place in full).

use super::facts::{self, Card, Facts};
use super::map::{MapData, MapPoint, point};
use super::{Chrome, Lang, Visit, chosen_date, hhmm, minutes_on, not_found, now_local, words};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use jiff::civil::{Date, Time};
use wenlv_domain::{ALevel, Category, OfferBook, Place, PlaceId, Quote, Theme};
use wenlv_store::PlaceQuery;

/// A `<select>` option.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn opts(items: impl Iterator<Item = (String, String)>, current: Option<&str>) -> Vec<Opt> {
    items
        .map(|(value, label)| Opt {
            selected: current == Some(value.as_str()),
            value,
            label,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "places.html")]
pub struct PlacesPage {
    pub c: Chrome,
    pub themes: Vec<Opt>,
    pub categories: Vec<Opt>,
    pub districts: Vec<Opt>,
    pub levels: Vec<Opt>,
    pub q: String,
    pub open: String,
    pub date: String,
    pub free: bool,
    pub cards: Vec<Card>,
    /// What the "open" and price columns refer to ("now, 14:05" / "on 2024-01-08").
    pub when: String,
    pub map: MapData,
    pub no_position: usize,
}

/// The `/places` filters as the visitor gave them (bad values become notices).
struct ListFilters {
    query: PlaceQuery,
    q: String,
    open: String,
    free: bool,
    notices: Vec<String>,
}

impl ListFilters {
    fn parse(visit: &Visit) -> ListFilters {
        let q = visit.param("q").unwrap_or("").to_string();
        let mut filters = ListFilters {
            query: PlaceQuery {
                limit: u32::MAX,
                district: visit.param("district").map(str::to_string),
                text: (!q.is_empty()).then(|| q.clone()),
                ..PlaceQuery::default()
            },
            q,
            open: visit.param("open").unwrap_or("").to_string(),
            free: visit.param("free").is_some(),
            notices: Vec::new(),
        };
        let read = |name: &str| visit.param(name).map(|v| (name.to_string(), v.to_string()));
        let (theme, category, level) = (read("theme"), read("category"), read("a"));
        let notices = &mut filters.notices;
        let mut note = |(n, v): &(String, String), e: &dyn std::fmt::Display| {
            notices.push(format!("{n}={v:?}: {e}"))
        };
        if let Some(p) = &theme {
            Theme::parse(&p.1)
                .map(|t| filters.query.theme = Some(t))
                .unwrap_or_else(|e| note(p, &e));
        }
        if let Some(p) = &category {
            Category::parse(&p.1)
                .map(|c| filters.query.category = Some(c))
                .unwrap_or_else(|e| note(p, &e));
        }
        if let Some(p) = &level {
            ALevel::parse(&p.1)
                .map(|a| filters.query.min_a_level = Some(a))
                .unwrap_or_else(|e| note(p, &e));
        }
        filters
    }

    /// Whether a place's card passes the "open" and "free" filters: "open on a date" asks
    /// about the whole day, "open now" about this minute.
    fn keeps(&self, card: &Card) -> bool {
        let open = match self.open.as_str() {
            "now" => card.open_now == Some(true),
            "date" => card.open_that_day,
            _ => true,
        };
        open && (!self.free || card.free)
    }
}

/// The places' points on the map, each linking to its page.
fn place_points(
    places: &[wenlv_domain::Place],
    l: Lang,
) -> Vec<(wenlv_domain::Position, MapPoint)> {
    places
        .iter()
        .filter_map(|p| {
            let pos = p.position?;
            let name = facts::name(p, l).to_string();
            Some(point(pos, name, Some(format!("/places/{}", p.id)), None))
        })
        .collect()
}

/// The filter form's choices: themes, the categories and districts the catalogue has, A-levels.
fn filter_options(
    all: &[wenlv_domain::Place],
    visit: &Visit,
) -> (Vec<Opt>, Vec<Opt>, Vec<Opt>, Vec<Opt>) {
    let l = visit.lang;
    let mut districts: Vec<String> = all.iter().filter_map(|p| p.district.clone()).collect();
    districts.sort();
    districts.dedup();
    let themes = Theme::ALL
        .iter()
        .map(|t| (t.as_str().to_string(), words::theme(*t, l).to_string()));
    let categories = Category::ALL
        .iter()
        .filter(|c| all.iter().any(|p| p.category == **c))
        .map(|c| (c.as_str().to_string(), words::category(*c, l).to_string()));
    let levels = (1..=5)
        .rev()
        .map(|n| (n.to_string(), format!("{n}A{}", l.t("及以上", " and up"))));
    (
        opts(themes, visit.param("theme")),
        opts(categories, visit.param("category")),
        opts(
            districts.into_iter().map(|d| (d.clone(), d)),
            visit.param("district"),
        ),
        opts(levels, visit.param("a")),
    )
}

/// `GET /places`
pub async fn list(State(state): State<AppState>, mut visit: Visit) -> Response {
    let l = visit.lang;
    let now = now_local(&state.city.time_zone);
    let filters = ListFilters::parse(&visit);
    let date = chosen_date(&mut visit, now.date());
    visit.notices.extend(filters.notices.iter().cloned());
    let on_date = visit.param("date").is_some();
    let at = if on_date && filters.open != "now" {
        date.to_datetime(Time::midnight())
    } else {
        now
    };
    let catalogue = match state.app.catalogue().await {
        Ok(c) => c,
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    let facts = Facts::new(&state.city, &catalogue.offers, &visit.visitor, l);
    // One card per place answers every filter (hours parsed once).
    let (places, cards): (Vec<_>, Vec<Card>) = (catalogue.list(&filters.query).items)
        .into_iter()
        .map(|p| {
            let card = facts.card(&p, at);
            (p, card)
        })
        .filter(|(_, card)| filters.keeps(card))
        .unzip();
    let when = if on_date {
        format!("{} {date} {}", l.t("日期", "on"), words::weekday(date, l))
    } else {
        format!(
            "{} {:02}:{:02}",
            l.t("现在", "now,"),
            now.hour(),
            now.minute()
        )
    };
    let (themes, categories, districts, levels) = filter_options(&catalogue.places, &visit);
    let map_title = l.t("景点地图", "Map of the places").to_string();
    let page = PlacesPage {
        c: Chrome::new(&visit, l.t("景点", "Places").to_string(), "places", true),
        themes,
        categories,
        districts,
        levels,
        q: filters.q,
        open: filters.open,
        date: if on_date {
            date.to_string()
        } else {
            String::new()
        },
        free: filters.free,
        map: MapData::new(&state.basemap, map_title, place_points(&places, l), false),
        cards,
        when,
        no_position: places.iter().filter(|p| p.position.is_none()).count(),
    };
    visit.respond(page)
}

pub struct HoursRow {
    pub date: String,
    pub weekday: &'static str,
    pub hours: String,
    pub last_admission: String,
    pub closed: bool,
    pub today: bool,
    pub holiday: bool,
}

pub struct OfferLine {
    pub offer: String,
    pub applied: bool,
    pub reason: String,
    pub price: String,
}

#[derive(Template)]
#[template(path = "place.html")]
pub struct PlacePage {
    pub c: Chrome,
    pub id: String,
    pub name: String,
    pub other_name: String,
    pub kind: String,
    pub district: String,
    pub themes: Vec<(&'static str, &'static str)>,
    pub description: String,
    pub date: String,
    pub week: Vec<HoursRow>,
    pub hours_note: String,
    pub visit_minutes: String,
    pub season: String,
    pub base_price: String,
    pub final_price: String,
    pub applied: Option<(String, String)>,
    pub considered: Vec<OfferLine>,
    pub price_note: String,
    pub map: MapData,
    pub position_note: String,
    pub sources: String,
}

/// The week from `date`: hours, last admission (unknown is said, not left blank; a closed day
/// has none to give), closed, today, public holiday.
fn week_rows(facts: &Facts<'_>, place: &Place, date: Date, today: Date, l: Lang) -> Vec<HoursRow> {
    let unknown = || l.t("未知", "unknown").to_string();
    (0..7)
        .filter_map(|i| date.checked_add(jiff::Span::new().days(i)).ok())
        .map(|d: Date| {
            let day = facts.day(place, d);
            HoursRow {
                date: d.to_string(),
                weekday: words::weekday(d, l),
                hours: facts::hours_text(day.as_ref(), l),
                last_admission: match day.as_ref() {
                    Some(h) if h.open.is_empty() => String::new(),
                    Some(h) => h
                        .last_admission
                        .map(|t| hhmm(minutes_on(d, d.to_datetime(t))))
                        .unwrap_or_else(unknown),
                    None => unknown(),
                },
                closed: day
                    .as_ref()
                    .is_some_and(|d| d.open.is_empty() && d.unknown.is_empty()),
                today: d == today,
                holiday: day.as_ref().and_then(|d| d.public_holiday) == Some(true),
            }
        })
        .collect()
}

/// An offer's title in the page's language and its basis (the id when no such offer).
fn offer_title(offers: &OfferBook, id: &str, l: Lang) -> (String, String) {
    offers
        .offers()
        .iter()
        .find(|o| o.id.as_str() == id)
        .map(|o| (l.t(&o.title_zh, &o.title_en).to_string(), o.basis.clone()))
        .unwrap_or_else(|| (id.to_string(), String::new()))
}

/// Every offer the quote considered, with why it applied or not.
fn offer_lines(q: &Quote, offers: &OfferBook, l: Lang) -> Vec<OfferLine> {
    q.considered
        .iter()
        .map(|c| OfferLine {
            offer: offer_title(offers, c.offer.as_str(), l).0,
            applied: c.applied,
            reason: match l {
                Lang::En => c.reason.clone(),
                Lang::Zh => reason_zh(c, offers.offers()),
            },
            price: c.price.map(|m| format!("¥{m}")).unwrap_or_default(),
        })
        .collect()
}

/// The pricing season of the date, with its source or assumption in brackets.
fn season_text(state: &AppState, place: &Place, date: Date, q: &Quote, l: Lang) -> String {
    let season = match q.season {
        wenlv_domain::PricingSeason::Peak => l.t("旺季", "Peak season"),
        wenlv_domain::PricingSeason::Off => l.t("淡季", "Off season"),
    };
    let fact = state.city.seasons.pricing_season(&place.id, date);
    let basis = facts::basis(
        fact.source.as_deref(),
        fact.assumption.as_deref(),
        fact.basis_zh.as_deref(),
        l,
    );
    if basis.is_empty() {
        season.to_string()
    } else {
        format!("{season} ({basis})")
    }
}

/// The category, with the A-level when it has one ("Temple · 5A").
fn kind_text(place: &Place, l: Lang) -> String {
    let kind = words::category(place.category, l);
    match words::a_level(place.a_level.get(), l) {
        a if a.is_empty() => kind.to_string(),
        a => format!("{kind} · {a}"),
    }
}

/// `GET /places/{id}`
pub async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
    mut visit: Visit,
) -> Response {
    let l = visit.lang;
    let missing = |visit: Visit| {
        let msg = format!("{} '{id}'", l.t("没有这个景点：", "No place with id"));
        not_found(visit, msg)
    };
    let Ok(place_id) = PlaceId::parse(&id) else {
        return missing(visit);
    };
    let catalogue = match state.app.catalogue().await {
        Ok(c) => c,
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    let Some(place) = catalogue.place(&place_id) else {
        return missing(visit);
    };
    let today = now_local(&state.city.time_zone).date();
    let date = chosen_date(&mut visit, today);
    let offers = &catalogue.offers;
    let facts = Facts::new(&state.city, offers, &visit.visitor, l);
    let q = facts.quote(place, date);
    let name = facts::name(place, l).to_string();
    let points = (place.position)
        .map(|pos| vec![point(pos, name.clone(), None, None)])
        .unwrap_or_default();
    let map_title = format!("{} {name}", l.t("位置：", "Position of"));
    let page = PlacePage {
        c: Chrome::new(&visit, name.clone(), "places", place.position.is_some()),
        id: place.id.to_string(),
        other_name: l.t(&place.name_en, &place.name_zh).to_string(),
        kind: kind_text(place, l),
        district: place.district.clone().unwrap_or_default(),
        themes: (place.themes.iter())
            .map(|t| (t.as_str(), words::theme(*t, l)))
            .collect(),
        description: facts::description(place, l).unwrap_or("").to_string(),
        date: date.to_string(),
        week: week_rows(&facts, place, date, today, l),
        hours_note: facts.hours_note(place, date),
        visit_minutes: place
            .visit_minutes
            .map(|m| m.to_string())
            .unwrap_or_default(),
        season: season_text(&state, place, date, &q, l),
        base_price: facts::money_text(q.base_price, l),
        final_price: facts::money_text(q.final_price, l),
        applied: (q.applied_offer.as_ref()).map(|id| offer_title(offers, id.as_str(), l)),
        considered: offer_lines(&q, offers, l),
        price_note: facts.price_note(place, &q),
        map: MapData::new(&state.basemap, map_title, points, false),
        position_note: facts::position_note(place, l),
        sources: place.sources.clone().unwrap_or_default(),
        name,
    };
    visit.respond(page)
}

/// A considered offer's reason in Chinese, from its code (the English `reason` has the details).
fn reason_zh(c: &wenlv_domain::Considered, offers: &[wenlv_domain::Offer]) -> String {
    use wenlv_domain::ReasonKind;
    let effect = offers
        .iter()
        .find(|o| o.id == c.offer)
        .map(|o| o.effect.describe_zh());
    match c.kind {
        ReasonKind::Applied => format!("已适用：{}", effect.unwrap_or_default()),
        ReasonKind::OutsideDates => "不在优惠有效期内".to_string(),
        ReasonKind::NotThisPlace => "不适用于本景点".to_string(),
        ReasonKind::NotEligible => "游客不符合优惠条件（客源地、年龄或身份）".to_string(),
        ReasonKind::NoSaving => "优惠价不低于原价".to_string(),
        ReasonKind::BetterOffer => "已有更优惠的政策适用".to_string(),
        ReasonKind::PriceUnknown => "所需票价未知".to_string(),
    }
}
