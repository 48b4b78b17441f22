//! `POST /api/quotes`: what a visitor pays at each place on a date, and why.
//!
//! The body is a [`QuoteRequest`] (`{"date", "visitor": {"home_region", "age", …}, "places"}`)
//! and the answer the domain's [`Quotes`] (`{"quotes": [{"place", "season", "base_price",
//! "final_price", "applied_offer", "considered": [{"offer", "applied", "reason"}]}]}`). Prices
//! come from the catalogue in the store, offers from the store (so a staff edit takes effect at
//! once), seasons from the city's data. [`quote_request`] is shared with `wenlv quote`, so the
//! command line prints exactly what the API answers.

use crate::AppState;
use crate::json_body::JsonBody;
use crate::problem::Problem;
use axum::Json;
use axum::extract::State;
use wenlv_domain::{City, QuoteRequest, Quotes, quote_all};
use wenlv_store::Store;

/// At most this many places in one request.
pub const MAX_PLACES: usize = 200;

/// Quotes a request against the store's places and offers and the city's seasons. Problems: no
/// places, too many, unknown places (all named), a date outside the supported years.
pub async fn quote_request(
    store: &Store,
    city: &City,
    request: &QuoteRequest,
) -> Result<Quotes, Problem> {
    if request.places.is_empty() {
        return Err(Problem::bad_request("places: give at least one place id"));
    }
    if request.places.len() > MAX_PLACES {
        return Err(Problem::bad_request(format!(
            "places: {} given, at most {MAX_PLACES} per request",
            request.places.len()
        )));
    }
    wenlv_domain::civil::check_date(request.date)
        .map_err(|why| Problem::bad_body(Some("date".into()), format!("date: {why}")))?;
    let mut places = Vec::with_capacity(request.places.len());
    let mut unknown = Vec::new();
    for id in &request.places {
        match store.get_place(id).await? {
            Some(place) => places.push(place),
            None => unknown.push(format!("'{id}'")),
        }
    }
    if !unknown.is_empty() {
        return Err(Problem::bad_request(format!(
            "places: unknown place id(s) {}",
            unknown.join(", ")
        )));
    }
    let offers = store.offers().await?;
    Ok(Quotes {
        quotes: quote_all(
            request.date,
            &request.visitor,
            &places,
            &city.seasons,
            &offers,
        ),
    })
}

/// `POST /api/quotes`
#[utoipa::path(post, path = "/api/quotes", tag = "prices", operation_id = "createQuotes",
    summary = "What a visitor pays at each place on a date, and why",
    request_body = crate::openapi::QuoteRequestDoc,
    responses(
        (status = 200, description = "One quote per place, in request order", body = crate::openapi::QuotesDoc),
        (status = 400, description = "A bad body: not JSON, a wrong type, an unknown or missing field, a value out of range or an unknown id; `field` names it", body = Problem, content_type = "application/problem+json"),
        (status = 408, description = "The body did not arrive in time (30 s by default)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 256 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json (or another +json type)", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "A server fault (the cause is in the server's log)", body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<QuoteRequest>,
) -> Result<Json<Quotes>, Problem> {
    Ok(Json(
        quote_request(&state.store, &state.city, &request).await?,
    ))
}
