//! `POST /api/itineraries` (plan a trip) and `POST /api/itineraries/check` (time a given order).
//!
//! Adapters: read the body, call `wenlv_app::App::plan` / `check` (which read the catalogue,
//! run the planner on a blocking thread and draw the paths), answer the itinerary or a problem.

use crate::AppState;
use crate::json_body::JsonBody;
use crate::problem::Problem;
use axum::Json;
use axum::extract::State;
use wenlv_app::Actor;
use wenlv_planner::{CheckDay, Itinerary, PlanRequest};

pub use crate::json_body::read_json;

/// `POST /api/itineraries`
#[utoipa::path(post, path = "/api/itineraries", tag = "itineraries", operation_id = "planItinerary",
    summary = "Plan a trip",
    request_body = crate::openapi::PlanRequestDoc,
    responses(
        (status = 200, description = "The itinerary", body = crate::openapi::ItineraryDoc),
        (status = 400, description = "A bad body, naming the field: not JSON, a wrong type, an unknown or missing field, a value out of range, an unknown place or station id, a point without a position, `day_end` not after `day_start`, `lunch.to` not after `lunch.from`, a place both in `must_see` and `skip`", body = Problem, content_type = "application/problem+json"),
        (status = 408, description = "The body did not arrive in time (30 s by default)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 256 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json (or another +json type)", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "A server fault (the cause is in the server's log)", body = Problem, content_type = "application/problem+json")))]
pub async fn plan(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<PlanRequest>,
) -> Result<Json<Itinerary>, Problem> {
    let started = std::time::Instant::now();
    let planned = state.app.plan(&Actor::Visitor, request).await;
    state.metrics.planned("plan", started.elapsed());
    Ok(Json(planned?))
}

/// `POST /api/itineraries/check`: the planning request's fields plus
/// `"days": [{"date": "2024-01-08", "stops": ["<place id>", …]}]`; `dates` may be left out.
#[utoipa::path(post, path = "/api/itineraries/check", tag = "itineraries", operation_id = "checkItinerary",
    summary = "Time a given order of stops and list what it breaks",
    request_body = crate::openapi::CheckRequestDoc,
    responses(
        (status = 200, description = "The itinerary with violations", body = crate::openapi::ItineraryDoc),
        (status = 400, description = "A bad body, naming the field: as for planItinerary, and days on the same date, `dates` that are not the days' dates, an unknown stop", body = Problem, content_type = "application/problem+json"),
        (status = 408, description = "The body did not arrive in time (30 s by default)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 256 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json (or another +json type)", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "A server fault (the cause is in the server's log)", body = Problem, content_type = "application/problem+json")))]
pub async fn check(
    State(state): State<AppState>,
    JsonBody(mut value): JsonBody<serde_json::Value>,
) -> Result<Json<Itinerary>, Problem> {
    let object = value
        .as_object_mut()
        .ok_or_else(|| Problem::bad_body(None, "the body must be a JSON object"))?;
    let days_value = object.remove("days").ok_or_else(|| {
        Problem::bad_body(
            Some("days".into()),
            "days: required (the stops to check, per date)",
        )
    })?;
    let days: Vec<CheckDay> = read_json(days_value.to_string().as_bytes()).map_err(|mut p| {
        p.field = Some(format!(
            "days{}",
            p.field
                .as_deref()
                .map(|f| format!(".{f}"))
                .unwrap_or_default()
        ));
        p.detail = format!("days: {}", p.detail);
        p
    })?;
    // `dates` may be left out (the days say them); given, they must be the days' dates: an empty
    // list names none of them (the application reads an empty list as "left out", so say it here).
    if object
        .get("dates")
        .and_then(serde_json::Value::as_array)
        .is_some_and(Vec::is_empty)
        && let Err(e) = wenlv_planner::check_days(&days, Some(&[]))
    {
        return Err(Problem::bad_body(Some(e.field.clone()), e.to_string()));
    }
    object
        .entry("dates")
        .or_insert_with(|| serde_json::Value::Array(Vec::new()));
    let request: PlanRequest = read_json(value.to_string().as_bytes())?;
    let started = std::time::Instant::now();
    let checked = state.app.check(&Actor::Visitor, request, &days).await;
    state.metrics.planned("check", started.elapsed());
    Ok(Json(checked?))
}
