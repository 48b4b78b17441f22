//! `/places` (list with filters and a map) and `/places/{id}` (one place in full).

use super::facts::{self, Card, Facts};
use super::map::{MapData, point};
use super::{Chrome, Lang, Visit, chosen_date, hhmm, minutes_on, not_found, now_local, words};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use jiff::civil::{Date, Time};
use wenlv_domain::{ALevel, Category, PlaceId, Theme};
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

/// `GET /places`
pub async fn list(State(state): State<AppState>, mut visit: Visit) -> Response {
    let l = visit.lang;
    let now = now_local(&state.city.time_zone);
    let mut notices = Vec::new();
    let parsed = |name: &str| visit.param(name).map(|v| (name.to_string(), v.to_string()));
    let theme_p = parsed("theme");
    let category_p = parsed("category");
    let level_p = parsed("a");
    let district = visit.param("district").map(str::to_string);
    let q = visit.param("q").unwrap_or("").to_string();
    let open = visit.param("open").unwrap_or("").to_string();
    let free = visit.param("free").is_some();
    let mut query = PlaceQuery {
        limit: u32::MAX,
        district: district.clone(),
        text: (!q.is_empty()).then(|| q.clone()),
        ..PlaceQuery::default()
    };
    if let Some((n, v)) = &theme_p {
        match Theme::parse(v) {
            Ok(t) => query.theme = Some(t),
            Err(e) => notices.push(format!("{n}={v:?}: {e}")),
        }
    }
    if let Some((n, v)) = &category_p {
        match Category::parse(v) {
            Ok(c) => query.category = Some(c),
            Err(e) => notices.push(format!("{n}={v:?}: {e}")),
        }
    }
    if let Some((n, v)) = &level_p {
        match ALevel::parse(v) {
            Ok(a) => query.min_a_level = Some(a),
            Err(e) => notices.push(format!("{n}={v:?}: {e}")),
        }
    }
    let date = chosen_date(&mut visit, now.date());
    visit.notices.extend(notices);
    let at = if visit.param("date").is_some() && open != "now" {
        date.to_datetime(Time::midnight())
    } else {
        now
    };
    let catalogue = match state.app.catalogue().await {
        Ok(c) => c,
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    let all = &catalogue.places;
    let page = catalogue.list(&query);
    let offers = &catalogue.offers;
    let facts = Facts::new(&state.city, offers, &visit.visitor, l);
    // "Open on a date" asks about the whole day; "open now" about this minute. One card per
    // place answers every filter (hours parsed once).
    let (places, cards): (Vec<_>, Vec<Card>) = page
        .items
        .into_iter()
        .map(|p| {
            let card = facts.card(&p, at);
            (p, card)
        })
        .filter(|(_, c)| match open.as_str() {
            "now" => c.open_now == Some(true),
            "date" => c.open_that_day,
            _ => true,
        })
        .filter(|(_, c)| !free || c.free)
        .unzip();
    let points = places
        .iter()
        .filter_map(|p| {
            p.position.map(|pos| {
                point(
                    pos,
                    facts::name(p, l).to_string(),
                    Some(format!("/places/{}", p.id)),
                    None,
                )
            })
        })
        .collect();
    let no_position = places.iter().filter(|p| p.position.is_none()).count();
    let mut district_names: Vec<String> = all.iter().filter_map(|p| p.district.clone()).collect();
    district_names.sort();
    district_names.dedup();
    let when = if visit.param("date").is_some() {
        format!("{} {date} {}", l.t("日期", "on"), words::weekday(date, l))
    } else {
        format!(
            "{} {:02}:{:02}",
            l.t("现在", "now,"),
            now.hour(),
            now.minute()
        )
    };
    let page = PlacesPage {
        c: Chrome::new(&visit, l.t("景点", "Places").to_string(), "places", true),
        themes: opts(
            Theme::ALL
                .iter()
                .map(|t| (t.as_str().to_string(), words::theme(*t, l).to_string())),
            visit.param("theme"),
        ),
        categories: opts(
            Category::ALL
                .iter()
                .filter(|c| all.iter().any(|p| p.category == **c))
                .map(|c| (c.as_str().to_string(), words::category(*c, l).to_string())),
            visit.param("category"),
        ),
        districts: opts(
            district_names.into_iter().map(|d| (d.clone(), d)),
            visit.param("district"),
        ),
        levels: opts(
            (1..=5)
                .rev()
                .map(|n| (n.to_string(), format!("{n}A{}", l.t("及以上", " and up")))),
            visit.param("a"),
        ),
        q,
        open,
        date: if visit.param("date").is_some() {
            date.to_string()
        } else {
            String::new()
        },
        free,
        map: MapData::new(
            &state.basemap,
            l.t("景点地图", "Map of the places").to_string(),
            points,
            false,
        ),
        cards,
        when,
        no_position,
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
    let week: Vec<HoursRow> = (0..7)
        .filter_map(|i| date.checked_add(jiff::Span::new().days(i)).ok())
        .map(|d: Date| {
            let day = facts.day(place, d);
            HoursRow {
                date: d.to_string(),
                weekday: words::weekday(d, l),
                hours: facts::hours_text(day.as_ref(), l),
                // Unknown is said, not left blank (a closed day has none to give).
                last_admission: match day.as_ref() {
                    Some(h) if h.open.is_empty() => String::new(),
                    Some(h) => h
                        .last_admission
                        .map(|t| hhmm(minutes_on(d, d.to_datetime(t))))
                        .unwrap_or_else(|| l.t("未知", "unknown").to_string()),
                    None => l.t("未知", "unknown").to_string(),
                },
                closed: day
                    .as_ref()
                    .is_some_and(|d| d.open.is_empty() && d.unknown.is_empty()),
                today: d == today,
                holiday: day.as_ref().and_then(|d| d.public_holiday) == Some(true),
            }
        })
        .collect();
    let hours_note = facts.hours_note(place, date);
    let q = facts.quote(place, date);
    let offer_title = |id: &str| {
        offers
            .offers()
            .iter()
            .find(|o| o.id.as_str() == id)
            .map(|o| (l.t(&o.title_zh, &o.title_en).to_string(), o.basis.clone()))
            .unwrap_or_else(|| (id.to_string(), String::new()))
    };
    let applied = q.applied_offer.as_ref().map(|id| offer_title(id.as_str()));
    let considered = q
        .considered
        .iter()
        .map(|c| OfferLine {
            offer: offer_title(c.offer.as_str()).0,
            applied: c.applied,
            reason: match l {
                Lang::En => c.reason.clone(),
                Lang::Zh => reason_zh(c, offers.offers()),
            },
            price: c.price.map(|m| format!("¥{m}")).unwrap_or_default(),
        })
        .collect();
    let season = format!(
        "{}{}",
        match q.season {
            wenlv_domain::PricingSeason::Peak => l.t("旺季", "Peak season"),
            wenlv_domain::PricingSeason::Off => l.t("淡季", "Off season"),
        },
        {
            let fact = state.city.seasons.pricing_season(&place.id, date);
            let basis = facts::basis(
                fact.source.as_deref(),
                fact.assumption.as_deref(),
                fact.basis_zh.as_deref(),
                l,
            );
            if basis.is_empty() {
                basis
            } else {
                format!(" ({basis})")
            }
        }
    );
    let name = facts::name(place, l).to_string();
    let points = place
        .position
        .map(|pos| vec![point(pos, name.clone(), None, None)])
        .unwrap_or_default();
    let mut kind = words::category(place.category, l).to_string();
    let a = words::a_level(place.a_level.get(), l);
    if !a.is_empty() {
        kind = format!("{kind} · {a}");
    }
    let page = PlacePage {
        c: Chrome::new(&visit, name.clone(), "places", place.position.is_some()),
        id: place.id.to_string(),
        other_name: l.t(&place.name_en, &place.name_zh).to_string(),
        kind,
        district: place.district.clone().unwrap_or_default(),
        themes: place
            .themes
            .iter()
            .map(|t| (t.as_str(), words::theme(*t, l)))
            .collect(),
        description: facts::description(place, l).unwrap_or("").to_string(),
        date: date.to_string(),
        week,
        hours_note,
        visit_minutes: place
            .visit_minutes
            .map(|m| m.to_string())
            .unwrap_or_default(),
        season,
        base_price: facts::money_text(q.base_price, l),
        final_price: facts::money_text(q.final_price, l),
        applied,
        considered,
        price_note: facts.price_note(place, &q),
        map: MapData::new(
            &state.basemap,
            format!("{} {name}", l.t("位置：", "Position of")),
            points,
            false,
        ),
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
