//! Ready answers over a real server: kept per key (path and query, cookies, language) and
//! stamp (catalogue version, minute of the app's clock); compressed bytes that decode to the
//! plain ones, one ETag per coding, 304s from memory; answers that set a cookie compressed but
//! not kept; the home page's "open now" following the clock at minute boundaries.

use crate::support::{TestApp, catalogue, load_xining, spawn_state};
use jiff::Timestamp;
use std::io::Read;
use std::sync::{Arc, Mutex};
use wenlv_app::Clock;
use wenlv_store::testing::fresh_sqlite;
use wenlv_web::AppState;
use wenlv_web::ready::ReadyAnswers;

/// A clock the test moves by hand.
#[derive(Debug, Clone)]
struct HandClock(Arc<Mutex<Timestamp>>);

impl HandClock {
    fn at(time: &str) -> HandClock {
        HandClock(Arc::new(Mutex::new(time.parse().unwrap())))
    }
    fn set(&self, time: &str) {
        *self.0.lock().unwrap() = time.parse().unwrap();
    }
}

impl Clock for HandClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap()
    }
}

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

fn decode(coding: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match coding {
        "gzip" => {
            flate2::read::GzDecoder::new(bytes)
                .read_to_end(&mut out)
                .unwrap();
        }
        "br" => {
            brotli_decompressor::Decompressor::new(bytes, 4096)
                .read_to_end(&mut out)
                .unwrap();
        }
        _ => out.extend_from_slice(bytes),
    }
    out
}

/// A server on a SQLite store with `clock`; its kept answers to look at.
async fn spawn_with_clock(
    store: wenlv_store::Store,
    clock: HandClock,
) -> (TestApp, Arc<ReadyAnswers>) {
    let state = AppState::new(store);
    let app = state.app.clone().with_clock(clock);
    let state = state.with_app(app);
    let answers = state
        .ready
        .clone()
        .expect("ready answers are on by default");
    (spawn_state(state).await, answers)
}

/// Each kept route answers the same bytes in every coding (decoded), with one tag per coding,
/// `Vary: Accept-Encoding`, and a 304 for any of its tags; the second request is the kept
/// answer (no new entry) and a different language or cookie is another entry.
#[tokio::test]
async fn kept_answers_decode_revalidate_and_vary() {
    let fresh = fresh_sqlite().await;
    load_xining(&fresh.db.store).await;
    let clock = HandClock::at("2026-07-15T10:00:00+08:00");
    let (app, answers) = spawn_with_clock(fresh.db.store.clone(), clock).await;
    let paths = [
        "/api/places?limit=50",
        "/api/places/kumbum_monastery",
        "/api/places.geojson",
        "/api/offers",
        "/",
        "/places",
        "/places/kumbum_monastery",
    ];
    for (i, path) in paths.iter().enumerate() {
        let plain = get(&app, path, &[]).await;
        assert_eq!(plain.status(), 200, "{path}");
        assert_eq!(answers.len(), i + 1, "{path}: kept");
        let plain_tag = header(&plain, "etag");
        let plain = plain.bytes().await.unwrap();
        let mut tags = vec![plain_tag.clone()];
        for coding in ["gzip", "br"] {
            let response = get(&app, path, &[("accept-encoding", coding)]).await;
            assert_eq!(response.status(), 200, "{path} {coding}");
            assert_eq!(header(&response, "content-encoding"), coding, "{path}");
            assert!(
                header(&response, "vary")
                    .to_ascii_lowercase()
                    .contains("accept-encoding"),
                "{path} {coding}"
            );
            let tag = header(&response, "etag");
            assert!(tag.ends_with(&format!("-{coding}\"")), "{path}: {tag}");
            let body = response.bytes().await.unwrap();
            assert!(body.len() < plain.len(), "{path} {coding}: smaller");
            assert_eq!(decode(coding, &body), plain, "{path} {coding}");
            tags.push(tag);
        }
        assert_eq!(
            answers.len(),
            i + 1,
            "{path}: the same entry for every coding"
        );
        tags.dedup();
        assert_eq!(tags.len(), 3, "{path}: {tags:?}");
        for (coding, tag) in ["identity", "gzip", "br"].iter().zip(&tags) {
            let again = get(
                &app,
                path,
                &[("accept-encoding", coding), ("if-none-match", tag)],
            )
            .await;
            assert_eq!(again.status(), 304, "{path} {coding}");
            assert_eq!(&header(&again, "etag"), tag, "{path} {coding}");
            assert!(again.headers().contains_key("content-security-policy"));
            assert!(again.bytes().await.unwrap().is_empty());
        }
        let other = get(&app, path, &[("if-none-match", "\"0-0000000000000000\"")]).await;
        assert_eq!(other.status(), 200, "{path}");
        assert_eq!(other.bytes().await.unwrap(), plain, "{path}: kept bytes");
    }
    let kept = answers.len();

    // Another language is another entry, with other words.
    let zh = get(&app, "/places", &[("accept-language", "zh-CN")]).await;
    let en = get(&app, "/places", &[("accept-language", "en")]).await;
    assert_eq!(answers.len(), kept + 2);
    assert_ne!(zh.text().await.unwrap(), en.text().await.unwrap());
    // A page that sets a cookie (`?lang=`) is compressed but not kept, and has no tag.
    let set = get(&app, "/places?lang=en", &[("accept-encoding", "gzip")]).await;
    assert_eq!(set.status(), 200);
    assert!(set.headers().contains_key("set-cookie"));
    assert_eq!(header(&set, "content-encoding"), "gzip");
    assert_eq!(header(&set, "etag"), "");
    assert_eq!(answers.len(), kept + 2, "not kept");
    // The cookie it set gives its own entry.
    let cookie = header(&set, "set-cookie");
    let cookie = cookie.split(';').next().unwrap();
    let with_cookie = get(&app, "/places", &[("cookie", cookie)]).await;
    assert_eq!(with_cookie.status(), 200);
    assert_eq!(answers.len(), kept + 3);
    // An error is compressed, not kept, not tagged.
    let missing = get(&app, "/places/nowhere", &[("accept-encoding", "gzip")]).await;
    assert_eq!(missing.status(), 404);
    assert_eq!(header(&missing, "content-encoding"), "gzip");
    assert_eq!(header(&missing, "etag"), "");
    let body = missing.bytes().await.unwrap();
    assert!(
        String::from_utf8(decode("gzip", &body))
            .unwrap()
            .contains("nowhere")
    );
    assert_eq!(answers.len(), kept + 3, "not kept");
    // Not kept: the probes, the bureau, HEAD.
    for path in [
        "/readyz",
        "/healthz",
        "/bureau/sign-in",
        "/api/openapi.json",
    ] {
        get(&app, path, &[]).await;
    }
    let head = app
        .client
        .head(format!("{}/api/offers", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(answers.len(), kept + 3);
    fresh.remove().await;
}

/// The home page's "open now" follows the app's clock at minute boundaries: the same bytes
/// (and tag) within a minute, the next minute's answer right after it; an answer whose bytes
/// do not change with the minute keeps its tag, so a client's 304 survives the new minute.
#[tokio::test]
async fn open_now_changes_at_the_minute() {
    let fresh = fresh_sqlite().await;
    fresh.db.store.upsert_places(&catalogue()).await.unwrap();
    // Kumbum opens at 08:00 (Xining time, UTC+8).
    let clock = HandClock::at("2026-07-15T07:59:00+08:00");
    let (app, _answers) = spawn_with_clock(fresh.db.store.clone(), clock.clone()).await;
    let kumbum = "href=\"/places/kumbum_monastery\"";
    let english = [("accept-language", "en")];

    let first = get(&app, "/", &english).await;
    let first_tag = header(&first, "etag");
    let first = first.text().await.unwrap();
    assert!(first.contains("(07:59)"), "the minute shown");
    assert!(!first.contains(kumbum), "Kumbum is not open at 07:59");
    let api = get(&app, "/api/places/kumbum_monastery", &[]).await;
    let api_tag = header(&api, "etag");

    clock.set("2026-07-15T07:59:59+08:00");
    let same = get(&app, "/", &english).await;
    assert_eq!(
        header(&same, "etag"),
        first_tag,
        "the same minute, the same answer"
    );
    assert_eq!(same.text().await.unwrap(), first);

    clock.set("2026-07-15T08:00:00+08:00");
    let next = get(&app, "/", &english).await;
    assert_ne!(header(&next, "etag"), first_tag);
    let next = next.text().await.unwrap();
    assert!(next.contains("(08:00)"), "the minute shown");
    assert!(next.contains(kumbum), "Kumbum is open at 08:00");
    // The old tag now gives the new page.
    let stale = get(
        &app,
        "/",
        &[("accept-language", "en"), ("if-none-match", &first_tag)],
    )
    .await;
    assert_eq!(stale.status(), 200);

    // A place's API answer does not depend on the minute: rebuilt, same bytes, same tag, 304.
    let again = get(
        &app,
        "/api/places/kumbum_monastery",
        &[("if-none-match", &api_tag)],
    )
    .await;
    assert_eq!(again.status(), 304);
    fresh.remove().await;
}
