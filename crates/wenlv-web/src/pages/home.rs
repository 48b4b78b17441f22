//! `/`: today's season line, the themes, what is open now, current offers.

use super::facts::{self, Card, Facts};
use super::{Chrome, Visit, words};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use wenlv_domain::Theme;

pub struct ThemeItem {
    pub id: &'static str,
    pub name: &'static str,
    pub places: usize,
    pub routes: usize,
}

pub struct OfferItem {
    pub title: String,
    pub basis: String,
    pub valid: String,
    pub effect: String,
    pub assumptions: Vec<String>,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub c: Chrome,
    pub today: String,
    pub now: String,
    pub line: &'static str,
    pub line_basis: String,
    pub themes: Vec<ThemeItem>,
    pub open_now: Vec<Card>,
    pub open_total: usize,
    pub offers: Vec<OfferItem>,
    pub later_offers: usize,
}

/// The themes that have places or routes, with how many of each.
fn theme_items(state: &AppState, places: &[wenlv_domain::Place], l: super::Lang) -> Vec<ThemeItem> {
    Theme::ALL
        .iter()
        .map(|t| ThemeItem {
            id: t.as_str(),
            name: words::theme(*t, l),
            places: places.iter().filter(|p| p.themes.contains(t)).count(),
            routes: state.city.routes.iter().filter(|r| r.theme == *t).count(),
        })
        .filter(|t| t.places > 0 || t.routes > 0)
        .collect()
}

/// The places open now, highest A-level first, at most 12; and how many are open in all.
fn open_now(
    facts: &Facts<'_>,
    places: &[wenlv_domain::Place],
    now: jiff::civil::DateTime,
) -> (Vec<Card>, usize) {
    let mut open: Vec<Card> = places
        .iter()
        .map(|p| facts.card(p, now))
        .filter(|c| c.open_now == Some(true))
        .collect();
    open.sort_by_key(|c| std::cmp::Reverse(c.a_level));
    let total = open.len();
    open.truncate(12);
    (open, total)
}

/// The offers valid today.
fn current_offers(
    offers: &wenlv_domain::OfferBook,
    today: jiff::civil::Date,
    l: super::Lang,
) -> Vec<OfferItem> {
    offers
        .offers()
        .iter()
        .filter(|o| o.is_valid_on(today))
        .map(|o| OfferItem {
            title: l.t(&o.title_zh, &o.title_en).to_string(),
            basis: o.basis.clone(),
            valid: format!("{} – {}", o.valid_from, o.valid_to),
            effect: o.effect.to_string(),
            assumptions: o.assumptions.clone(),
        })
        .collect()
}

/// `GET /`
pub async fn page(State(state): State<AppState>, visit: Visit) -> Response {
    let l = visit.lang;
    let now = state.app.now_local();
    let today = now.date();
    let catalogue = match state.app.catalogue().await {
        Ok(c) => c,
        Err(e) => return crate::problem::Problem::from(e).into_response(),
    };
    let places = &catalogue.places;
    let offers = &catalogue.offers;
    let facts = Facts::new(&state.city, offers, &visit.visitor, l);
    let fact = state.city.seasons.product_line(today);
    // Where the line's dates come from; an assumption is marked as one.
    let line_basis = facts::basis(
        fact.source.as_deref(),
        fact.assumption.as_deref(),
        fact.basis_zh.as_deref(),
        l,
    );
    let themes = theme_items(&state, places, l);
    let (open_now, open_total) = open_now(&facts, places, now);
    let current = current_offers(offers, today, l);
    let later_offers = offers
        .offers()
        .iter()
        .filter(|o| o.valid_from > today)
        .count();
    let page = HomePage {
        c: Chrome::new(
            &visit,
            // The base template adds the site name after the page title.
            l.t("今日西宁", "Today in Xining").to_string(),
            "home",
            false,
        ),
        today: format!("{today} {}", words::weekday(today, l)),
        now: format!("{:02}:{:02}", now.hour(), now.minute()),
        line: words::line(fact.line, l),
        line_basis,
        themes,
        open_now,
        open_total,
        offers: current,
        later_offers,
    };
    visit.respond(page)
}
