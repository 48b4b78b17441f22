//! "Is it open when I get there?" and "what kind of day is it?" over HTTP.
//!
//! | route | answer |
//! | --- | --- |
//! | `GET /api/places/{id}/hours?date=YYYY-MM-DD` | `{"date", "open": [{"from","to","last_admission"}], "last_admission", "public_holiday", "hours_known", "note"}` |
//! | `GET /api/places/{id}/week?from=YYYY-MM-DD` | `{"place", "from", "days": [7 such days]}` |
//! | `GET /api/calendar?date=YYYY-MM-DD` | `{"date", "product_line", "pricing_season", "public_holiday", "working_day", "note"}` |
//!
//! A missing date means today in the city's time zone: the clock is read here, at the edge, and
//! the domain only ever gets a date. A place whose hours are unknown answers `open: []` with
//! `"hours_known": false` and a note saying so: unknown is never shown as closed.

use crate::AppState;
use crate::problem::Problem;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use wenlv_domain::{
    CalendarDayKind, City, DayHours, HoursEvaluator, Place, PlaceHours, PlaceId, PricingSeason,
    ProductLine,
};

/// Reads a `YYYY-MM-DD` parameter; absent or empty = today in the city (the app's clock).
pub fn date_param(name: &str, value: Option<&str>, app: &wenlv_app::App) -> Result<Date, Problem> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(app.today()),
        Some(text) => {
            wenlv_domain::parse_date(text).map_err(|why| Problem::bad_parameter(name, text, why))
        }
    }
}

/// One day of a place's hours as the API shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DayView {
    #[serde(flatten)]
    pub day: DayHours,
    /// `false`: the place's hours are unknown, so `open` being empty says nothing.
    pub hours_known: bool,
}

/// The hours of `place` on `date` (see the module docs for unknown hours).
pub fn day_view(city: &City, place: &Place, date: Date) -> DayView {
    let hours = HoursEvaluator::new(&city.holidays);
    day_view_of(city, place, hours.compile_place(place).as_ref(), date)
}

/// As [`day_view`], with the place's hours already parsed (`None`: unknown).
fn day_view_of(city: &City, place: &Place, hours: Option<&PlaceHours>, date: Date) -> DayView {
    match hours.map(|h| h.day(date)) {
        Some(day) => DayView {
            day,
            hours_known: true,
        },
        None => {
            let mut note = "the opening hours of this place are unknown".to_string();
            if let Some(n) = place.hours_note.as_deref().filter(|n| !n.trim().is_empty()) {
                note = format!("{note}; {}", n.trim());
            }
            DayView {
                day: DayHours {
                    date,
                    open: Vec::new(),
                    unknown: Vec::new(),
                    last_admission: None,
                    public_holiday: city.holidays.is_public_holiday(date),
                    note: Some(note),
                },
                hours_known: false,
            }
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateParams {
    date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekParams {
    from: Option<String>,
}

/// `GET /api/places/{id}/hours?date=YYYY-MM-DD`
#[utoipa::path(get, path = "/api/places/{id}/hours", tag = "hours", operation_id = "getPlaceHours",
    summary = "A place's opening hours on one day",
    params(("id" = String, Path, description = "Place id"),
        ("date" = Option<crate::openapi::DateParam>, Query, description = "The day; today in the city when absent or empty")),
    responses(
        (status = 200, description = "Open intervals (empty when closed), last admission, note", body = crate::openapi::DayHoursDoc),
        (status = 400, description = "A bad date, or an unknown or repeated parameter, named in `parameter`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No place with this id", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "A server fault (the cause is in the server's log)", body = Problem, content_type = "application/problem+json")))]
pub async fn day(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: Result<Query<DateParams>, QueryRejection>,
) -> Result<Json<DayView>, Problem> {
    let params = crate::problem::query_params(params)?;
    let date = date_param("date", params.date.as_deref(), &state.app)?;
    let place = crate::places::find(&state, &id).await?;
    Ok(Json(day_view(&state.city, &place, date)))
}

/// Seven days of a place's hours.
#[derive(Debug, Clone, Serialize)]
pub struct WeekView {
    pub place: PlaceId,
    pub from: Date,
    pub days: Vec<DayView>,
}

/// `GET /api/places/{id}/week?from=YYYY-MM-DD`
#[utoipa::path(get, path = "/api/places/{id}/week", tag = "hours", operation_id = "getPlaceWeek",
    summary = "A place's opening hours for seven days",
    params(("id" = String, Path, description = "Place id"),
        ("from" = Option<crate::openapi::DateParam>, Query, description = "The first day; today in the city when absent or empty")),
    responses(
        (status = 200, description = "Seven days of hours", body = crate::openapi::WeekDoc),
        (status = 400, description = "A bad date, or an unknown or repeated parameter, named in `parameter`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No place with this id", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "A server fault (the cause is in the server's log)", body = Problem, content_type = "application/problem+json")))]
pub async fn week(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: Result<Query<WeekParams>, QueryRejection>,
) -> Result<Json<WeekView>, Problem> {
    let params = crate::problem::query_params(params)?;
    let from = date_param("from", params.from.as_deref(), &state.app)?;
    let place = crate::places::find(&state, &id).await?;
    // Parse the hours once for the seven days.
    let evaluator = HoursEvaluator::new(&state.city.holidays);
    let hours = evaluator.compile_place(&place);
    let days = from
        .series(jiff::ToSpan::day(1))
        .take(7)
        .map(|d| day_view_of(&state.city, &place, hours.as_ref(), d))
        .collect();
    Ok(Json(WeekView {
        place: place.id,
        from,
        days,
    }))
}

/// What kind of day a date is in the city: its product line and city-wide pricing season, and
/// whether it is a public holiday or a working day (`null` where the holiday data does not
/// cover the year).
#[derive(Debug, Clone, Serialize)]
pub struct CalendarView {
    pub date: Date,
    pub product_line: ProductLine,
    /// The city-wide pricing season (a place with its own season calendar may differ).
    pub pricing_season: PricingSeason,
    pub public_holiday: Option<bool>,
    pub working_day: Option<bool>,
    /// The holiday or adjusted working day's name, when the date is one.
    pub holiday_name: Option<String>,
    /// Where the season dates come from, assumptions and gaps in the data.
    pub note: Option<String>,
}

/// The calendar facts of `date` in `city`.
pub fn calendar_view(city: &City, date: Date) -> CalendarView {
    let line = city.seasons.product_line(date);
    let season = city.seasons.city_pricing_season(date);
    let entry = city.holidays.entry(date);
    let mut notes = Vec::new();
    if let Some(e) = entry
        && e.kind == CalendarDayKind::Workday
    {
        notes.push(format!("adjusted working day (调休): {}", e.name));
    }
    if let Some(n) = city.holidays.coverage_note(date.year()) {
        notes.push(n);
    }
    for (what, assumption) in [
        ("product line", &line.assumption),
        ("pricing season", &season.assumption),
    ] {
        if let Some(a) = assumption {
            notes.push(format!("{what} dates are an assumption: {a}"));
        }
    }
    notes.push("pricing season is the city-wide one; some places keep their own".to_string());
    CalendarView {
        date,
        product_line: line.line,
        pricing_season: season.season,
        public_holiday: city.holidays.is_public_holiday(date),
        working_day: city.holidays.is_working_day(date),
        holiday_name: entry.map(|e| e.name.clone()),
        note: Some(notes.join("; ")),
    }
}

/// `GET /api/calendar?date=YYYY-MM-DD`
#[utoipa::path(get, path = "/api/calendar", tag = "hours", operation_id = "getCalendarDay",
    summary = "What kind of day a date is: season line, pricing season, holiday",
    params(("date" = Option<crate::openapi::DateParam>, Query, description = "The day; today in the city when absent or empty")),
    responses(
        (status = 200, description = "The date's calendar facts", body = crate::openapi::CalendarDoc),
        (status = 400, description = "A bad date, or an unknown or repeated parameter, named in `parameter`", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "A server fault (the cause is in the server's log)", body = Problem, content_type = "application/problem+json")))]
pub async fn calendar(
    State(state): State<AppState>,
    params: Result<Query<DateParams>, QueryRejection>,
) -> Result<Json<CalendarView>, Problem> {
    let params = crate::problem::query_params(params)?;
    let date = date_param("date", params.date.as_deref(), &state.app)?;
    Ok(Json(calendar_view(&state.city, date)))
}
