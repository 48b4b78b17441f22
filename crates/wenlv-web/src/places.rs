//! `/api/places`: list with filters and paging, one place, and GeoJSON.

use crate::AppState;
use crate::problem::Problem;
use crate::view::{FeatureCollection, PlaceJson, PlaceList, PlaceView};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use wenlv_domain::{ALevel, BoundingBox, Category, PlaceId, Theme};
use wenlv_store::PlaceQuery;

/// Page size when `limit` is not given.
pub const DEFAULT_LIMIT: u32 = 50;
/// The largest page a client may ask for.
pub const MAX_LIMIT: u32 = 500;

/// The query string of `GET /api/places`, as typed (checked in [`ListParams::to_query`]).
/// Unknown parameters are refused, so a typo never silently widens the result.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    category: Option<String>,
    theme: Option<String>,
    district: Option<String>,
    min_a_level: Option<String>,
    bbox: Option<String>,
    q: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

/// The query string of `GET /api/places.geojson`: the filters without paging.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeoParams {
    category: Option<String>,
    theme: Option<String>,
    district: Option<String>,
    min_a_level: Option<String>,
    bbox: Option<String>,
    q: Option<String>,
}

/// An empty parameter (`?category=`) counts as not given, as HTML forms send them.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn parse<T, E: std::fmt::Display>(
    name: &str,
    value: &Option<String>,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<T>, Problem> {
    given(value)
        .map(|v| parse(v).map_err(|e| Problem::bad_parameter(name, v, e)))
        .transpose()
}

fn filters(
    category: &Option<String>,
    theme: &Option<String>,
    district: &Option<String>,
    min_a_level: &Option<String>,
    bbox: &Option<String>,
    q: &Option<String>,
) -> Result<PlaceQuery, Problem> {
    Ok(PlaceQuery {
        category: parse("category", category, Category::parse)?,
        theme: parse("theme", theme, Theme::parse)?,
        district: given(district).map(str::to_string),
        min_a_level: parse("min_a_level", min_a_level, ALevel::parse)?,
        bbox: parse("bbox", bbox, BoundingBox::parse)?,
        text: given(q).map(str::to_string),
        limit: 0,
        offset: 0,
    })
}

fn count(name: &str, value: &Option<String>, max: u32) -> Result<Option<u32>, Problem> {
    parse(name, value, |v| match v.parse::<u32>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!("expected a whole number from 0 to {max}")),
    })
}

impl ListParams {
    pub fn to_query(&self) -> Result<PlaceQuery, Problem> {
        Ok(PlaceQuery {
            limit: count("limit", &self.limit, MAX_LIMIT)?.unwrap_or(DEFAULT_LIMIT),
            offset: count("offset", &self.offset, u32::MAX)?.unwrap_or(0),
            ..filters(
                &self.category,
                &self.theme,
                &self.district,
                &self.min_a_level,
                &self.bbox,
                &self.q,
            )?
        })
    }
}

impl GeoParams {
    pub fn to_query(&self) -> Result<PlaceQuery, Problem> {
        Ok(PlaceQuery {
            limit: u32::MAX,
            ..filters(
                &self.category,
                &self.theme,
                &self.district,
                &self.min_a_level,
                &self.bbox,
                &self.q,
            )?
        })
    }
}

/// `GET /api/places`
#[utoipa::path(get, path = "/api/places", tag = "places", operation_id = "listPlaces",
    summary = "Places, filtered and paged",
    description = "Filters combine with AND; an empty parameter (`?category=`) counts as not given; an unknown or repeated parameter is refused.",
    params(
        ("category" = Option<crate::openapi::CategoryParam>, Query, description = "Only places of this category"),
        ("theme" = Option<crate::openapi::ThemeParam>, Query, description = "Only places with this theme"),
        ("district" = Option<String>, Query, description = "District as the catalogue writes it (城西区)"),
        ("min_a_level" = Option<crate::openapi::ALevelParam>, Query, description = "Lowest A-level, 0 to 5"),
        ("bbox" = Option<crate::openapi::BoundingBoxParam>, Query, description = "min_lon,min_lat,max_lon,max_lat (WGS-84)"),
        ("q" = Option<String>, Query, description = "Case-insensitive part of the zh or en name"),
        ("limit" = Option<crate::openapi::LimitParam>, Query, description = "Page size, default 50, at most 500"),
        ("offset" = Option<crate::openapi::OffsetParam>, Query, description = "Matches to skip (id order)")),
    responses(
        (status = 200, description = "One page and the total", body = PlaceList),
        (status = 400, description = "A bad, unknown or repeated query parameter, named in `parameter`", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "A server fault (the cause is in the server's log)", body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<PlaceList>, Problem> {
    let query = crate::problem::query_params(params)?.to_query()?;
    let page = state.app.catalogue().await?.list(&query);
    Ok(Json(PlaceList {
        items: page.items.into_iter().map(PlaceJson).collect(),
        total: page.total,
    }))
}

/// `GET /api/places/{id}`
#[utoipa::path(get, path = "/api/places/{id}", tag = "places", operation_id = "getPlace",
    summary = "One place",
    params(("id" = String, Path, description = "Place id, e.g. kumbum_monastery")),
    responses(
        (status = 200, description = "The place", body = PlaceView),
        (status = 404, description = "No place with this id", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "A server fault (the cause is in the server's log)", body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<PlaceJson>, Problem> {
    Ok(Json(PlaceJson(find(&state, &id).await?)))
}

/// The place with this id, or a 404 problem naming it.
pub(crate) async fn find(state: &AppState, id: &str) -> Result<wenlv_domain::Place, Problem> {
    let no_such = || Problem::not_found(format!("no place with id '{id}'"));
    let place_id = PlaceId::parse(id).map_err(|_| no_such())?;
    state
        .app
        .catalogue()
        .await?
        .place(&place_id)
        .cloned()
        .ok_or_else(no_such)
}

/// `GET /api/places.geojson`: the matching places that have a position.
#[utoipa::path(get, path = "/api/places.geojson", tag = "places", operation_id = "listPlacesGeoJson",
    summary = "The matching places with a position, as GeoJSON",
    description = "The filters of `listPlaces`, without paging.",
    params(
        ("category" = Option<crate::openapi::CategoryParam>, Query, description = "Only places of this category"),
        ("theme" = Option<crate::openapi::ThemeParam>, Query, description = "Only places with this theme"),
        ("district" = Option<String>, Query, description = "District as the catalogue writes it (城西区)"),
        ("min_a_level" = Option<crate::openapi::ALevelParam>, Query, description = "Lowest A-level, 0 to 5"),
        ("bbox" = Option<crate::openapi::BoundingBoxParam>, Query, description = "min_lon,min_lat,max_lon,max_lat (WGS-84)"),
        ("q" = Option<String>, Query, description = "Case-insensitive part of the zh or en name")),
    responses(
        (status = 200, description = "A FeatureCollection (RFC 7946)", body = FeatureCollection, content_type = "application/geo+json"),
        (status = 400, description = "A bad, unknown or repeated query parameter, named in `parameter`", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "A server fault (the cause is in the server's log)", body = Problem, content_type = "application/problem+json")))]
pub async fn geojson(
    State(state): State<AppState>,
    params: Result<Query<GeoParams>, QueryRejection>,
) -> Result<Response, Problem> {
    let query = crate::problem::query_params(params)?.to_query()?;
    let page = state.app.catalogue().await?.list(&query);
    let body = Json(wenlv_io::geojson(&page.items));
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], body).into_response())
}
