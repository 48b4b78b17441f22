//! HTTP caching and compression over a real server: gzip and brotli bodies decode to the plain
//! ones, `If-None-Match` gives 304 per representation, `Cache-Control` and `Vary` per kind, and
//! the security headers stay on 304s.

use crate::support::{TestApp, load_xining, spawn_app};
use std::io::Read;
use wenlv_store::testing::fresh_sqlite;

async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{path}", app.base));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli_decompressor::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

const TEXT_PATHS: [&str; 5] = [
    "/api/places?limit=500",
    "/api/places.geojson",
    "/api/offers",
    "/places?lang=en",
    "/assets/app.css",
];

/// Each text answer compressed with gzip and with brotli decodes to exactly the plain answer, is
/// smaller, and says it varies with `Accept-Encoding`.
#[tokio::test]
async fn gzip_and_brotli_decode_to_the_plain_body() {
    let fresh = fresh_sqlite().await;
    load_xining(&fresh.db.store).await;
    let app = spawn_app(fresh.db.store.clone()).await;
    for path in TEXT_PATHS {
        let plain = get(&app, path, &[]).await;
        assert_eq!(plain.status(), 200, "{path}");
        assert_eq!(header(&plain, "content-encoding"), "", "{path}");
        let plain = plain.bytes().await.unwrap();
        for (coding, decode) in [("gzip", gunzip as fn(&[u8]) -> Vec<u8>), ("br", unbrotli)] {
            let response = get(&app, path, &[("accept-encoding", coding)]).await;
            assert_eq!(response.status(), 200, "{path} {coding}");
            assert_eq!(header(&response, "content-encoding"), coding, "{path}");
            assert!(
                header(&response, "vary")
                    .to_ascii_lowercase()
                    .contains("accept-encoding"),
                "{path} {coding}: vary {:?}",
                header(&response, "vary")
            );
            let body = response.bytes().await.unwrap();
            assert!(body.len() < plain.len(), "{path} {coding}");
            assert_eq!(decode(&body), plain, "{path} {coding}");
        }
    }
    fresh.remove().await;
}

/// A GET's ETag sent back in `If-None-Match` gives 304 with no body, the same ETag, the caching
/// headers and the security headers; each coding has its own tag, and another tag gives 200.
#[tokio::test]
async fn if_none_match_gives_304_per_representation() {
    let fresh = fresh_sqlite().await;
    load_xining(&fresh.db.store).await;
    let app = spawn_app(fresh.db.store.clone()).await;
    for path in ["/api/places", "/api/places/kumbum_monastery", "/places"] {
        let mut tags = Vec::new();
        for coding in ["identity", "gzip", "br"] {
            let first = get(&app, path, &[("accept-encoding", coding)]).await;
            assert_eq!(first.status(), 200, "{path}");
            let tag = header(&first, "etag");
            assert!(
                tag.starts_with('"') && tag.ends_with('"'),
                "{path} {coding}: a strong tag, got {tag:?}"
            );
            if coding != "identity" {
                assert!(tag.ends_with(&format!("-{coding}\"")), "{path}: {tag}");
            }
            let again = get(
                &app,
                path,
                &[("accept-encoding", coding), ("if-none-match", &tag)],
            )
            .await;
            assert_eq!(again.status(), 304, "{path} {coding} {tag}");
            assert_eq!(header(&again, "etag"), tag, "{path}");
            assert_eq!(
                header(&again, "cache-control"),
                header(&first, "cache-control")
            );
            for security in [
                "content-security-policy",
                "x-content-type-options",
                "x-frame-options",
                "referrer-policy",
                "x-request-id",
            ] {
                assert!(
                    again.headers().contains_key(security),
                    "{path}: {security} missing on a 304"
                );
            }
            assert!(again.bytes().await.unwrap().is_empty(), "{path}");
            tags.push(tag);
        }
        tags.sort();
        tags.dedup();
        assert_eq!(tags.len(), 3, "{path}: one tag per coding: {tags:?}");

        let other = get(&app, path, &[("if-none-match", "\"0-0000000000000000\"")]).await;
        assert_eq!(other.status(), 200, "{path}");
    }
    // HEAD answers with the tag a GET would carry (the body is dropped after it was hashed).
    let got = get(&app, "/api/places", &[]).await;
    let head = app
        .client
        .head(format!("{}/api/places", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(header(&head, "etag"), header(&got, "etag"));
    // The same path with another query is another answer with another tag.
    let a = get(&app, "/api/places?limit=1", &[]).await;
    let b = get(&app, "/api/places?limit=2", &[]).await;
    assert_ne!(header(&a, "etag"), header(&b, "etag"));
    fresh.remove().await;
}

/// `Cache-Control` and `Vary` by kind: API lists short-lived and revalidated (private when the
/// request carried a cookie), pages private and revalidated and varying with cookies and
/// language, hashed assets immutable, errors never stored.
#[tokio::test]
async fn cache_control_by_kind() {
    let fresh = fresh_sqlite().await;
    load_xining(&fresh.db.store).await;
    let app = spawn_app(fresh.db.store.clone()).await;

    let api = get(&app, "/api/places", &[]).await;
    assert_eq!(header(&api, "cache-control"), "max-age=10, must-revalidate");
    let with_cookie = get(&app, "/api/places", &[("cookie", "wenlv_lang=en")]).await;
    assert_eq!(header(&with_cookie, "cache-control"), "private, no-cache");

    let page = get(&app, "/places", &[]).await;
    assert_eq!(header(&page, "cache-control"), "private, no-cache");
    let vary = header(&page, "vary").to_ascii_lowercase();
    assert!(
        vary.contains("cookie") && vary.contains("accept-language"),
        "{vary}"
    );
    // The language cookie changes the page, and so its tag.
    let en = get(&app, "/places", &[("cookie", "wenlv_lang=en")]).await;
    assert_ne!(header(&page, "etag"), header(&en, "etag"));

    let css = app.get(&wenlv_web::assets::url("app.css")).await;
    assert_eq!(
        header(&css, "cache-control"),
        "public, max-age=31536000, immutable"
    );

    for path in ["/api/places/no_such_place", "/no/such/page"] {
        let missing = get(&app, path, &[]).await;
        assert_eq!(missing.status(), 404, "{path}");
        assert_eq!(header(&missing, "cache-control"), "no-store", "{path}");
        assert_eq!(header(&missing, "etag"), "", "{path}");
    }
    let quote = app
        .client
        .post(format!("{}/api/quotes", app.base))
        .json(&serde_json::json!({"date": "2024-01-09", "visitor": {"age": 30}, "places": ["kumbum_monastery"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(quote.status(), 200);
    assert_eq!(header(&quote, "cache-control"), "no-store");
    assert_eq!(header(&quote, "etag"), "");
    fresh.remove().await;
}
