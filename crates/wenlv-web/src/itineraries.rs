//! `POST /api/itineraries` (plan a trip) and `POST /api/itineraries/check` (time a given order).
//!
//! Both read the catalogue from the store and the city's holidays, seasons and offers from the
//! state, then hand the CPU work to a blocking thread so slow plans never stall the runtime.

use crate::AppState;
use crate::problem::Problem;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use wenlv_domain::{HoursEvaluator, PlaceId};
use wenlv_planner::{CityFacts, Itinerary, PlanError, PlanRequest, Planner};

/// Reads a JSON body; a bad one is a 400 naming the field path and what is wrong.
pub fn read_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, Problem> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = (path != ".").then_some(path);
        let inner = e.into_inner();
        let detail = match &field {
            Some(f) => format!("{f}: {inner}"),
            None => inner.to_string(),
        };
        Problem::bad_body(field, detail)
    })
}

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
        (status = 400, description = "A bad request, naming the field", body = Problem, content_type = "application/problem+json")))]
pub async fn plan(State(state): State<AppState>, body: Bytes) -> Result<Json<Itinerary>, Problem> {
    let request: PlanRequest = read_json(&body)?;
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

/// One day of a visitor's own order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckDay {
    date: String,
    stops: Vec<String>,
}

/// `POST /api/itineraries/check`: the planning request's fields plus
/// `"days": [{"date": "2024-01-08", "stops": ["<place id>", …]}]`; `dates` may be left out.
#[utoipa::path(post, path = "/api/itineraries/check", tag = "itineraries",
    summary = "Time a given order of stops and list what it breaks",
    request_body = crate::openapi::CheckRequestDoc,
    responses(
        (status = 200, description = "The itinerary with violations", body = crate::openapi::ItineraryDoc),
        (status = 400, description = "A bad request, naming the field", body = Problem, content_type = "application/problem+json")))]
pub async fn check(State(state): State<AppState>, body: Bytes) -> Result<Json<Itinerary>, Problem> {
    let mut value: serde_json::Value = read_json(&body)?;
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
    if days.is_empty() {
        return Err(Problem::bad_body(
            Some("days".into()),
            "days: at least one day is required",
        ));
    }
    object.entry("dates").or_insert_with(|| {
        serde_json::Value::from(days.iter().map(|d| d.date.clone()).collect::<Vec<_>>())
    });
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
        let mut fixed = Vec::new();
        for (d, day) in days.iter().enumerate() {
            let date = day.date.parse().map_err(|_| {
                Problem::bad_body(
                    Some(format!("days[{d}].date")),
                    format!("days[{d}].date: '{}' is not a date YYYY-MM-DD", day.date),
                )
            })?;
            let mut stops = Vec::new();
            for (i, s) in day.stops.iter().enumerate() {
                let field = format!("days[{d}].stops[{i}]");
                let id = PlaceId::parse(s).map_err(|_| {
                    Problem::bad_body(Some(field.clone()), format!("{field}: unknown place '{s}'"))
                })?;
                stops.push(id);
            }
            fixed.push((date, stops));
        }
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
