//! JSON request bodies: one reader for every endpoint that takes one, so that every such
//! endpoint refuses the same things the same way, each with a problem-details answer:
//!
//! | request | answer |
//! | --- | --- |
//! | no `Content-Type`, or one that is not JSON (`application/json` or `…+json`) | 415 |
//! | a body over [`MAX_JSON_BODY`] bytes (by `Content-Length` or as it streams in) | 413 |
//! | not JSON, an array, a wrong type, a missing or unknown field, data after the JSON value | 400 naming the field |
//!
//! Requiring the JSON media type also keeps cross-site HTML forms (which can only send form,
//! multipart or plain-text bodies) from ever reaching an endpoint.

use crate::problem::Problem;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::DeserializeOwned;

/// The largest JSON body any endpoint reads (a week's plan with 500 listed places is ~40 KB).
pub const MAX_JSON_BODY: usize = 256 * 1024;

/// A JSON body read by [`read_json`] after the checks above.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Problem> {
        let kind = req.headers().get(header::CONTENT_TYPE);
        let text = kind.map(|k| k.to_str().unwrap_or("?")).unwrap_or("");
        let essence = text
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if !(essence == "application/json" || essence.ends_with("+json")) {
            return Err(Problem::unsupported_media_type(match kind {
                None => "no Content-Type: send the body as application/json".to_string(),
                Some(_) => format!(
                    "Content-Type {:?} is not JSON: send application/json",
                    wenlv_domain::civil::clip(text, 100)
                ),
            }));
        }
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX_JSON_BODY as u64) {
            return Err(too_large());
        }
        let bytes = Limited::new(req.into_body(), MAX_JSON_BODY)
            .collect()
            .await
            .map_err(|e| {
                if e.downcast_ref::<LengthLimitError>().is_some() {
                    too_large()
                } else {
                    Problem::bad_request(format!("the request body could not be read: {e}"))
                }
            })?
            .to_bytes();
        // Every body is one JSON object; serde would read a struct from an array of its fields
        // in order too, which the API's schema forbids and no integrator means.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
            return Err(Problem::bad_body(
                None,
                "the body must be a JSON object, not an array",
            ));
        }
        read_json(&bytes).map(JsonBody)
    }
}

fn too_large() -> Problem {
    Problem::too_large(format!(
        "the request body is over {MAX_JSON_BODY} bytes, the most this service reads"
    ))
}

/// Reads one JSON value that is the whole body; a bad one is a 400 naming the field path and
/// what is wrong (data after the value too: `{…} garbage` is not a request).
pub fn read_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, Problem> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // A missing field is reported at its parent's path: name the field itself.
        let message = inner.to_string();
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| name.to_string());
        let field = match (path.as_str(), missing) {
            (".", None) => None,
            (".", Some(name)) => Some(name),
            (_, None) => Some(path),
            (_, Some(name)) => Some(format!("{path}.{name}")),
        };
        let detail = match &field {
            Some(f) => format!("{f}: {message}"),
            None => message,
        };
        Problem::bad_body(field, detail)
    })?;
    de.end().map_err(|e| {
        Problem::bad_body(
            None,
            format!("data after the JSON value ({e}): the body must be one JSON value"),
        )
    })?;
    Ok(value)
}
