//! `/assets/…`: the front-end files embedded at build time (see `build.rs`).
//!
//! Pages link assets through [`url`], which appends `?v=<content hash>`; such a request is
//! cached for a year (`immutable`), since a changed file gets a new URL. A request without the
//! current hash (e.g. an image named inside `leaflet.css`) must revalidate, answered by ETag.

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// One embedded file.
#[derive(Debug)]
pub struct Asset {
    /// The path under `/assets/`.
    pub path: &'static str,
    pub bytes: &'static [u8],
    /// FNV-1a of the bytes, hex.
    pub hash: &'static str,
}

/// Every embedded file, sorted by path.
pub static ASSETS: &[Asset] = include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The embedded file at `path`.
pub fn find(path: &str) -> Option<&'static Asset> {
    ASSETS
        .binary_search_by(|a| a.path.cmp(path))
        .ok()
        .map(|i| &ASSETS[i])
}

/// The URL of an embedded file with its cache-busting hash.
///
/// # Panics
/// When no such file is embedded: a template naming a missing asset is a programming error.
pub fn url(path: &str) -> String {
    let asset = find(path).unwrap_or_else(|| panic!("no embedded asset {path}"));
    format!("/assets/{}?v={}", asset.path, asset.hash)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("html") => "text/html; charset=utf-8",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[derive(Debug, Deserialize)]
pub struct Version {
    v: Option<String>,
}

/// `GET /assets/{*path}`
pub async fn get(
    Path(path): Path<String>,
    Query(version): Query<Version>,
    headers: HeaderMap,
) -> Response {
    let Some(asset) = find(&path) else {
        return crate::problem::Problem::not_found(format!("no asset /assets/{path}"))
            .into_response();
    };
    let etag = format!("\"{}\"", asset.hash);
    let cache = if version.v.as_deref() == Some(asset.hash) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut response = if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, content_type(asset.path))],
            asset.bytes,
        )
            .into_response()
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).expect("a hex hash is a valid header"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_has_our_files_and_leaflet() {
        assert!(ASSETS.windows(2).all(|w| w[0].path < w[1].path));
        for path in [
            "app.css",
            "map.js",
            "leaflet/leaflet.js",
            "leaflet/leaflet.css",
        ] {
            assert!(find(path).is_some_and(|a| !a.bytes.is_empty()), "{path}");
        }
        assert!(url("app.css").starts_with("/assets/app.css?v="));
        assert_eq!(content_type("leaflet/images/layers.png"), "image/png");
    }
}
