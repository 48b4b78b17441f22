//! Errors as RFC 9457 problem details (`application/problem+json`).
//!
//! Every error the API returns goes through [`Problem`]: a stable `type` per kind of problem, a
//! short `title`, the HTTP `status` and a `detail` that says what was wrong with which value.
//! Server faults are logged with their cause and answered with a generic detail.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use wenlv_store::StoreError;

/// The media type of problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An API error, rendered as a problem-details document.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem (relative to the server).
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    /// For a bad parameter: its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// For a bad parameter: the value given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// For a bad request body: the path of the field at fault (e.g. `dates[0]`, `visitor.home_region`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Problem {
    fn new(kind: &'static str, title: &'static str, status: StatusCode, detail: String) -> Self {
        Problem {
            kind,
            title,
            status: status.as_u16(),
            detail,
            parameter: None,
            value: None,
            field: None,
        }
    }

    /// A JSON body that cannot be used: names the field (when known) and what is wrong with it.
    pub fn bad_body(field: Option<String>, detail: impl Into<String>) -> Self {
        Problem {
            field,
            ..Problem::new(
                "/problems/bad-body",
                "Bad request body",
                StatusCode::BAD_REQUEST,
                detail.into(),
            )
        }
    }

    /// A query parameter that cannot be used: names it, its value and why.
    pub fn bad_parameter(name: &str, value: &str, reason: impl std::fmt::Display) -> Self {
        Problem {
            parameter: Some(name.to_string()),
            value: Some(value.to_string()),
            ..Problem::new(
                "/problems/bad-parameter",
                "Bad query parameter",
                StatusCode::BAD_REQUEST,
                format!(
                    "query parameter {}={:?}: {reason}",
                    wenlv_domain::civil::clip(name, wenlv_domain::civil::MAX_ECHO_CHARS),
                    wenlv_domain::civil::clip(value, wenlv_domain::civil::MAX_ECHO_CHARS)
                ),
            )
        }
    }

    /// A query parameter that cannot be used, when the reason already quotes its value.
    pub fn bad_parameter_named(name: &str, detail: String) -> Self {
        Problem {
            parameter: Some(name.to_string()),
            ..Problem::new(
                "/problems/bad-parameter",
                "Bad query parameter",
                StatusCode::BAD_REQUEST,
                detail,
            )
        }
    }

    /// A request that cannot be read at all (e.g. an unknown or repeated query parameter).
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Problem::new(
            "/problems/bad-request",
            "Bad request",
            StatusCode::BAD_REQUEST,
            detail.into(),
        )
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Problem::new(
            "/problems/not-found",
            "Not found",
            StatusCode::NOT_FOUND,
            detail.into(),
        )
    }

    pub fn method_not_allowed(detail: impl Into<String>) -> Self {
        Problem::new(
            "/problems/method-not-allowed",
            "Method not allowed",
            StatusCode::METHOD_NOT_ALLOWED,
            detail.into(),
        )
    }

    /// A body larger than the service reads.
    pub fn too_large(detail: impl Into<String>) -> Self {
        Problem::new(
            "/problems/too-large",
            "Request body too large",
            StatusCode::PAYLOAD_TOO_LARGE,
            detail.into(),
        )
    }

    /// A body in a media type the endpoint does not read.
    pub fn unsupported_media_type(detail: impl Into<String>) -> Self {
        Problem::new(
            "/problems/unsupported-media-type",
            "Unsupported media type",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            detail.into(),
        )
    }

    /// The server cannot serve now (e.g. its database is unreachable).
    pub fn unavailable(detail: impl Into<String>) -> Self {
        Problem::new(
            "/problems/unavailable",
            "Service unavailable",
            StatusCode::SERVICE_UNAVAILABLE,
            detail.into(),
        )
    }

    /// 401: credentials missing or not valid (a bad bearer token).
    pub fn unauthenticated(detail: String) -> Self {
        Problem::new(
            "/problems/unauthenticated",
            "Sign in required",
            StatusCode::UNAUTHORIZED,
            detail,
        )
    }

    /// 403: signed in, but not allowed this (e.g. another unit's item).
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Problem::new(
            "/problems/forbidden",
            "Forbidden",
            StatusCode::FORBIDDEN,
            detail.into(),
        )
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Problem::new(
            "/problems/conflict",
            "Conflict",
            StatusCode::CONFLICT,
            detail.into(),
        )
    }

    /// A server fault: the cause goes to the log, never to the client.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "request failed");
        Problem::new(
            "/problems/internal",
            "Internal server error",
            StatusCode::INTERNAL_SERVER_ERROR,
            "the server failed to answer; the cause is in its log".to_string(),
        )
    }
}

impl From<StoreError> for Problem {
    fn from(err: StoreError) -> Problem {
        match err {
            StoreError::NotFound(what) => Problem::not_found(what),
            StoreError::Conflict(what) => Problem::conflict(what),
            StoreError::Invalid(what) => Problem::bad_request(what),
            StoreError::Database(_) | StoreError::Engine(_) | StoreError::Migration(_) => {
                Problem::internal(&ErrorChain(&err))
            }
        }
    }
}

/// The most characters of a detail an answer carries; values inside it are already cut to
/// `wenlv_domain::civil::MAX_ECHO_CHARS` where they are quoted, this is the net for the rest.
const MAX_DETAIL_CHARS: usize = 1_000;

impl From<wenlv_app::Denied> for Problem {
    /// 401 for an anonymous visitor (signing in may help), else 403.
    fn from(denied: wenlv_app::Denied) -> Problem {
        let (kind, title, status) = if denied.sign_in_may_help {
            (
                "/problems/unauthenticated",
                "Sign in required",
                StatusCode::UNAUTHORIZED,
            )
        } else {
            ("/problems/forbidden", "Forbidden", StatusCode::FORBIDDEN)
        };
        Problem::new(kind, title, status, denied.to_string())
    }
}

impl From<wenlv_app::QuoteError> for Problem {
    fn from(err: wenlv_app::QuoteError) -> Problem {
        use wenlv_app::QuoteError;
        match err {
            QuoteError::Denied(d) => d.into(),
            QuoteError::Store(e) => e.into(),
            other => Problem::bad_body(other.field().map(str::to_string), other.to_string()),
        }
    }
}

impl From<wenlv_app::PlanError> for Problem {
    fn from(err: wenlv_app::PlanError) -> Problem {
        use wenlv_app::PlanError;
        match err {
            PlanError::Denied(d) => d.into(),
            PlanError::Request(r) => Problem::bad_body(Some(r.field.clone()), r.to_string()),
            PlanError::Store(e) => e.into(),
            other => Problem::internal(&ErrorChain(&other)),
        }
    }
}

impl From<wenlv_app::AccountError> for Problem {
    fn from(err: wenlv_app::AccountError) -> Problem {
        use wenlv_app::AccountError;
        match err {
            AccountError::Denied(d) => d.into(),
            AccountError::Store(e) => e.into(),
            AccountError::Exists(what) => Problem::conflict(format!("{what} exists already")),
            AccountError::NotFound(what) => Problem::not_found(format!("no {what}")),
            invalid @ AccountError::Invalid { field, .. } => {
                Problem::bad_body(Some(field.to_string()), invalid.to_string())
            }
        }
    }
}

impl From<wenlv_app::MeetingError> for Problem {
    fn from(err: wenlv_app::MeetingError) -> Problem {
        use wenlv_app::MeetingError;
        match err {
            MeetingError::Denied(d) => d.into(),
            MeetingError::Store(e) => e.into(),
            invalid @ MeetingError::Invalid { field, .. } => {
                Problem::bad_body(Some(field.to_string()), invalid.to_string())
            }
            MeetingError::Schedule(e) => Problem::bad_request(e.to_string()),
            MeetingError::NotFound(what) => Problem::not_found(what),
            MeetingError::Conflict(what) => Problem::conflict(what),
        }
    }
}

impl From<wenlv_app::ProjectError> for Problem {
    fn from(err: wenlv_app::ProjectError) -> Problem {
        use wenlv_app::ProjectError;
        match err {
            ProjectError::Denied(d) => d.into(),
            ProjectError::Store(e) => e.into(),
            ProjectError::Book(e) => Problem::bad_request(e.to_string()),
        }
    }
}

impl From<wenlv_app::RouteError> for Problem {
    fn from(err: wenlv_app::RouteError) -> Problem {
        use wenlv_app::RouteError;
        match err {
            RouteError::Denied(d) => d.into(),
            RouteError::UnknownRoute(_) => Problem::not_found(err.to_string()),
            RouteError::Date(_) => Problem::bad_parameter_named("date", err.to_string()),
            RouteError::Store(e) => e.into(),
        }
    }
}

impl From<wenlv_app::AuditError> for Problem {
    fn from(err: wenlv_app::AuditError) -> Problem {
        use wenlv_app::AuditError;
        match err {
            AuditError::Denied(d) => d.into(),
            AuditError::Store(e) => e.into(),
            too_many @ AuditError::TooMany(n) => {
                Problem::bad_parameter("limit", &n.to_string(), too_many)
            }
        }
    }
}

/// An error with its sources, for the log: "planning failed: the optimiser rejected …".
struct ErrorChain<'a>(&'a dyn std::error::Error);

impl std::fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut said = self.0.to_string();
        f.write_str(&said)?;
        let mut source = self.0.source();
        while let Some(s) = source {
            // Errors that already print their source ("database error: …") are not repeated.
            let text = s.to_string();
            if !said.ends_with(&text) {
                write!(f, ": {text}")?;
            }
            said = text;
            source = s.source();
        }
        Ok(())
    }
}

impl IntoResponse for Problem {
    fn into_response(mut self) -> Response {
        // Whatever a caller sent comes back cut: a megabyte string is not echoed.
        use wenlv_domain::civil::{MAX_ECHO_CHARS, clip};
        let cut = |s: &mut String, max: usize| {
            if let std::borrow::Cow::Owned(short) = clip(s, max) {
                *s = short;
            }
        };
        cut(&mut self.detail, MAX_DETAIL_CHARS);
        for part in [&mut self.parameter, &mut self.value, &mut self.field] {
            if let Some(text) = part.as_mut() {
                cut(text, MAX_ECHO_CHARS);
            }
        }
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(self)).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response
    }
}

/// A query string's parameters, or a 400 problem saying what is wrong with them.
pub fn query_params<T>(
    params: Result<axum::extract::Query<T>, axum::extract::rejection::QueryRejection>,
) -> Result<T, Problem> {
    params
        .map(|axum::extract::Query(p)| p)
        .map_err(|rejection| Problem::bad_request(rejection.body_text()))
}
