//! `GET /api/offers`: the offers in the store, in file order, in the domain's JSON shape
//! (`{"items": [{"id", "title_zh", "title_en", "basis", "valid_from", "valid_to", "places",
//! "eligibility", "effect", "stacks", "assumptions"}]}`).

use crate::AppState;
use crate::problem::Problem;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use wenlv_domain::Offer;

#[derive(Debug, Clone, Serialize)]
pub struct OfferList {
    pub items: Vec<Offer>,
}

/// `GET /api/offers`
#[utoipa::path(get, path = "/api/offers", tag = "prices", operation_id = "listOffers",
    summary = "The offers (preferential policies) in the store",
    responses((status = 200, description = "Every offer, in file order", body = crate::openapi::OfferListDoc),
        (status = 500, description = "A server fault (the cause is in the server's log)", body = Problem, content_type = "application/problem+json")))]
pub async fn list(State(state): State<AppState>) -> Result<Json<OfferList>, Problem> {
    let catalogue = state.app.catalogue().await?;
    Ok(Json(OfferList {
        items: catalogue.offers.offers().to_vec(),
    }))
}
