//! The dispatch meetings' calendar as JSON, for signed-in bureau roles and API tokens.
//!
//! | route | who | answer |
//! | --- | --- | --- |
//! | `GET /api/meetings?year=2024` | viewer, reporter, staff, admin | `{"items": [{"date", "site", "status"}], "total": N}` by date; `year` left out: every year |

use crate::AppState;
use crate::auth::Who;
use crate::problem::Problem;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wenlv_domain::bureau::meetings::Meeting;

/// A meeting of the calendar.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingView {
    /// The day, YYYY-MM-DD.
    #[schema(value_type = crate::openapi::CivilDate)]
    pub date: String,
    /// Where it is held: a district, county or project site.
    pub site: String,
    /// `planned`, or `held` once it has taken place.
    #[schema(value_type = crate::openapi::MeetingStatusId)]
    pub status: &'static str,
}

impl From<&Meeting> for MeetingView {
    fn from(m: &Meeting) -> MeetingView {
        MeetingView {
            date: m.date.to_string(),
            site: m.site.clone(),
            status: m.status.as_str(),
        }
    }
}

/// `GET /api/meetings`.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingList {
    pub items: Vec<MeetingView>,
    pub total: u64,
}

#[derive(Debug, Deserialize)]
pub struct MeetingParams {
    year: Option<String>,
}

/// `GET /api/meetings`
#[utoipa::path(get, path = "/api/meetings", tag = "bureau", operation_id = "listMeetings",
    summary = "The dispatch meetings' calendar (signed-in bureau roles)",
    security(("bearer" = []), ("session" = [])),
    params(("year" = Option<crate::openapi::YearParam>, Query, description = "The year, 1900 to 9998; left out or empty: every year")),
    responses(
        (status = 200, description = "The meetings, by date", body = MeetingList),
        (status = 400, description = "A bad parameter, named", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credentials", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a bureau role", body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    who: Who,
    params: Result<Query<MeetingParams>, QueryRejection>,
) -> Result<Json<MeetingList>, Problem> {
    // Who may read is decided before the parameters are looked at.
    who.actor()
        .check(wenlv_app::Action::OpenBureau)
        .map_err(Problem::from)?;
    let params = crate::problem::query_params(params)?;
    let year = match params.year.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(
            v.parse::<i16>()
                .ok()
                .filter(|y| (1900..=9998).contains(y))
                .ok_or_else(|| {
                    Problem::bad_parameter("year", v, "expected a year from 1900 to 9998")
                })?,
        ),
    };
    let meetings = state.app.list_meetings(who.actor(), year).await?;
    Ok(Json(MeetingList {
        total: meetings.len() as u64,
        items: meetings.iter().map(MeetingView::from).collect(),
    }))
}
