//! `POST /api/quotes`: what a visitor pays at each place on a date, and why.
//!
//! The body is a [`QuoteRequest`] (`{"date", "visitor": {"home_region", "age", …}, "places"}`)
//! and the answer the domain's [`Quotes`] (`{"quotes": [{"place", "season", "base_price",
//! "final_price", "applied_offer", "considered": [{"offer", "applied", "reason"}]}]}`). Prices
//! come from the catalogue in the store, offers from the store (so a staff edit takes effect at
//! once), seasons from the city's data. The use case is `wenlv_app::App::quote`, shared with
//! `wenlv quote`, so the command line prints exactly what the API answers.

use crate::AppState;
use crate::json_body::JsonBody;
use crate::problem::Problem;
use axum::Json;
use axum::extract::State;
use wenlv_app::Actor;
use wenlv_domain::{QuoteRequest, Quotes};

pub use wenlv_app::quotes::MAX_PLACES;

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
    Ok(Json(state.app.quote(&Actor::Visitor, &request).await?))
}
