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
use wenlv_planner::{CheckDay, CityFacts, Itinerary, PlanError, PlanRequest, Planner, check_days};

pub use crate::json_body::read_json;

fn plan_problem(e: PlanError) -> Problem {
    match e {
        PlanError::Request(r) => Problem::bad_body(Some(r.field.clone()), r.to_string()),
        other => Problem::internal(&other),
    }
}

/// `POST /api/itineraries`
#[utoipa::path(post, path = "/api/itineraries", tag = "itineraries",
    summary = "Plan a trip",
    request_body = crate::openapi::PlanRequestDoc,
    responses(
        (status = 200, description = "The itinerary", body = crate::openapi::ItineraryDoc),
        (status = 400, description = "A bad request, naming the field", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 256 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json")))]
pub async fn plan(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<PlanRequest>,
) -> Result<Json<Itinerary>, Problem> {
    let places = state.store.all_places().await?;
    // Offers live in the store (staff edit them there); holidays and seasons come with the city.
    let offers = state.store.offers().await?;
    let city = state.city.clone();
    let routing = state.routing.clone();
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
        // Street times when OSRM answers (else the estimate, said so); then the legs' paths.
        let mut it = Planner::default()
            .plan(&spec, &places, &facts, routing.as_ref())
            .map_err(plan_problem)?;
        routing.draw_blocking(&mut it, spec.start.position, spec.end.position, spec.mode);
        Ok::<_, Problem>(it)
    })
    .await
    .map_err(|e| Problem::internal(&e))??;
    Ok(Json(itinerary))
}

/// `POST /api/itineraries/check`: the planning request's fields plus
/// `"days": [{"date": "2024-01-08", "stops": ["<place id>", …]}]`; `dates` may be left out.
#[utoipa::path(post, path = "/api/itineraries/check", tag = "itineraries",
    summary = "Time a given order of stops and list what it breaks",
    request_body = crate::openapi::CheckRequestDoc,
    responses(
        (status = 200, description = "The itinerary with violations", body = crate::openapi::ItineraryDoc),
        (status = 400, description = "A bad request, naming the field", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 256 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json")))]
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
    let routing = state.routing.clone();
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
        let mut it = Planner::default()
            .check(&spec, &fixed, &places, &facts, routing.as_ref())
            .map_err(plan_problem)?;
        routing.draw_blocking(&mut it, spec.start.position, spec.end.position, spec.mode);
        Ok::<_, Problem>(it)
    })
    .await
    .map_err(|e| Problem::internal(&e))??;
    Ok(Json(itinerary))
}
