//! `POST /api/itineraries` (plan a trip) and `POST /api/itineraries/check` (time a given order).
//!
//! Both read the catalogue from the store and the city's holidays, seasons and offers from the
//! state, then hand the CPU work to a blocking thread so slow plans never stall the runtime.

use crate::AppState;
use crate::json_body::JsonBody;
use crate::problem::Problem;
use axum::Json;
use axum::extract::State;
use wenlv_domain::HoursEvaluator;
use wenlv_planner::{
    CheckDay, CityFacts, Itinerary, PlanError, PlanRequest, Planner, StraightLine, check_days,
};

pub use crate::json_body::read_json;

fn plan_problem(e: PlanError) -> Problem {
    match e {
        PlanError::Request(r) => Problem::bad_body(Some(r.field.clone()), r.to_string()),
        other => Problem::internal(&other),
    }
}

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
    let places = state.store.all_places().await?;
    // Offers live in the store (staff edit them there); holidays and seasons come with the city.
    let offers = state.store.offers().await?;
    let city = state.city.clone();
    let itinerary = tokio::task::spawn_blocking(move || {
        let spec = request
            .validate(&places, &city.stations)
            .map_err(|e| plan_problem(e.into()))?;
        let facts = CityFacts {
            hours: HoursEvaluator::new(&city.holidays),
            seasons: &city.seasons,
            offers: &offers,
            visitor: &request.visitor,
        };
        Planner::default()
            .plan(&spec, &places, &facts, &StraightLine::default())
            .map_err(plan_problem)
    })
    .await
    .map_err(|e| Problem::internal(&e))??;
    Ok(Json(itinerary))
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
    // Days first: their limits hold before anything else is read. `dates` is optional here; when
    // given it must name the days' dates.
    let given_dates: Option<Vec<String>> = match object.get("dates") {
        None => None,
        Some(v) => Some(read_json(v.to_string().as_bytes()).map_err(|mut p| {
            p.field = Some(format!(
                "dates{}",
                p.field
                    .as_deref()
                    .map(|f| format!(".{f}"))
                    .unwrap_or_default()
            ));
            p.detail = format!("dates: {}", p.detail);
            p
        })?),
    };
    let fixed = check_days(&days, given_dates.as_deref()).map_err(|e| plan_problem(e.into()))?;
    object.insert(
        "dates".into(),
        serde_json::Value::from(fixed.iter().map(|(d, _)| d.to_string()).collect::<Vec<_>>()),
    );
    let request: PlanRequest = read_json(value.to_string().as_bytes())?;
    let places = state.store.all_places().await?;
    // Offers live in the store (staff edit them there); holidays and seasons come with the city.
    let offers = state.store.offers().await?;
    let city = state.city.clone();
    let itinerary = tokio::task::spawn_blocking(move || {
        let spec = request
            .validate(&places, &city.stations)
            .map_err(|e| plan_problem(e.into()))?;
        let facts = CityFacts {
            hours: HoursEvaluator::new(&city.holidays),
            seasons: &city.seasons,
            offers: &offers,
            visitor: &request.visitor,
        };
        Planner::default()
            .check(&spec, &fixed, &places, &facts, &StraightLine::default())
            .map_err(plan_problem)
    })
    .await
    .map_err(|e| Problem::internal(&e))??;
    Ok(Json(itinerary))
}
