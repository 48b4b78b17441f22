//! Generated requests for every endpoint, as a habit: random and boundary values in every query
//! parameter, path segment and JSON field. The invariants hold for all of them:
//! - never a 5xx, never a dropped connection;
//! - every 4xx from the API is problem+json with its status and a detail, and a 400 about a JSON
//!   object body names the field at fault (or says the body is not one JSON value).
//!
//! The suite runs a bounded number of cases per property (64); a longer run is
//! `PROPTEST_CASES=5000 cargo test -p wenlv-web --test it fuzz` (see README, "What is guaranteed").

use crate::support::{TestApp, spawn_app};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use std::sync::OnceLock;
use tokio::runtime::Runtime;
use wenlv_store::testing::{Fresh, fresh_sqlite};

/// One runtime and one server over the Xining demo for every generated request.
struct Fixture {
    runtime: Runtime,
    app: TestApp,
    /// An admin's API token, for the signed-in routes.
    admin_token: String,
    _db: Fresh,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let (app, admin_token, db) = runtime.block_on(async {
            let db = fresh_sqlite().await;
            crate::support::load_xining(&db.db.store).await;
            let (_, token) = crate::accounts::app(&db.db.store)
                .create_token(
                    &wenlv_app::Caller::cli(),
                    &crate::accounts::grant("fuzz-admin", wenlv_app::Role::Admin),
                    None,
                )
                .await
                .unwrap();
            (spawn_app(db.db.store.clone()).await, token, db)
        });
        Fixture {
            runtime,
            app,
            admin_token,
            _db: db,
        }
    })
}

fn runner() -> TestRunner {
    // `Config::default()` reads PROPTEST_CASES; without it, 64 cases per property.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Texts that have broken servers before: boundary dates, other date shapes, clocks, ids,
/// numbers, markup, encodings, long runs.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            " ",
            "0001-01-01",
            "1899-12-31",
            "1900-01-01",
            "9998-12-31",
            "9999-12-30",
            "9999-12-31",
            "10000-01-01",
            "-0001-01-01",
            "2024-02-29",
            "2023-02-29",
            "20240109",
            "2024-01-09T10:00",
            "2024-W02-2",
            "24:00",
            "23:59",
            "-1",
            "0",
            "2147483648",
            "18446744073709551616",
            "1e309",
            "NaN",
            "-inf",
            "null",
            "true",
            "kumbum_monastery",
            "red_memory_walk",
            "xining_caojiabao_airport",
            "<script>alert(1)</script>",
            "'; DROP TABLE places; --",
            "%00",
            "\u{0}",
            "..",
            "../../etc/passwd",
            "//evil.example",
            "塔尔寺",
            "\u{202e}",
            "101.5,36.4,101.9,36.7",
            "181,91,-181,-91",
            "a,b,c,d",
        ])
        .prop_map(str::to_string),
        "\\PC{0,40}",
        (1usize..20_000).prop_map(|n| "9".repeat(n)),
    ]
}

/// Any JSON value, weighted to the shapes requests use.
fn hostile_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        Just(json!(1e308)),
        Just(json!(u64::MAX)),
        hostile_text().prop_map(Value::from),
    ];
    // Long lists are of plain values only, so a body stays near the size limit, not far past it
    // (far-too-large bodies have their own test in `hardening`).
    let short = prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        "\\PC{0,20}".prop_map(Value::from),
        Just(json!("kumbum_monastery")),
        Just(json!("9999-12-31")),
    ];
    let long_list = (short, 0usize..3_000).prop_map(|(v, n)| Value::from(vec![v; n]));
    let leaf = prop_oneof![4 => leaf, 1 => long_list];
    leaf.prop_recursive(3, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Valid bodies of every JSON endpoint, to be broken one field at a time.
fn valid_bodies() -> Vec<(&'static str, Value)> {
    vec![
        (
            "/api/itineraries",
            json!({"dates": ["2024-01-09"], "start": {"place": "limeng_pedestrian_street"},
                   "end": {"lat": 36.62, "lon": 101.78}, "day_start": "09:00", "day_end": "18:00",
                   "themes": {"old_town": 1.0}, "must_see": ["dongguan_mosque"], "skip": [],
                   "budget_cny": "150.00", "visitor": {"home_region": "320000", "age": 30},
                   "pace": "normal", "mode": "walk", "lunch": {"from": "12:00", "to": "13:00"}}),
        ),
        (
            "/api/itineraries/check",
            json!({"start": {"station": "xining_caojiabao_airport"}, "mode": "drive",
                   "days": [{"date": "2024-01-09", "stops": ["kumbum_monastery", "dongguan_mosque"]}]}),
        ),
        (
            "/api/quotes",
            json!({"date": "2024-01-10", "visitor": {"home_region": "320000", "age": 70,
                   "student": true}, "places": ["kumbum_monastery", "riyue_mountain"]}),
        ),
    ]
}

/// Sets the value at a path of object keys and array indices (created where missing).
fn set_at(body: &mut Value, path: &[String], value: Value) {
    let Some((head, rest)) = path.split_first() else {
        *body = value;
        return;
    };
    let slot = match body {
        Value::Object(map) => map.entry(head.clone()).or_insert(Value::Null),
        Value::Array(items) if !items.is_empty() => {
            let i = head.parse::<usize>().unwrap_or(0) % items.len();
            &mut items[i]
        }
        other => {
            *other = json!({});
            other
                .as_object_mut()
                .unwrap()
                .entry(head.clone())
                .or_insert(Value::Null)
        }
    };
    set_at(slot, rest, value);
}

/// A path into a body: mostly the keys it has, sometimes new ones.
fn body_path() -> impl Strategy<Value = Vec<String>> {
    let key = prop_oneof![
        prop::sample::select(vec![
            "dates",
            "start",
            "end",
            "day_start",
            "day_end",
            "themes",
            "must_see",
            "skip",
            "budget_cny",
            "visitor",
            "pace",
            "mode",
            "lunch",
            "days",
            "date",
            "places",
            "stops",
            "place",
            "station",
            "lat",
            "lon",
            "home_region",
            "age",
            "student",
            "from",
            "to",
            "0",
            "1",
            "old_town",
        ])
        .prop_map(str::to_string),
        "[a-z_]{1,10}",
    ];
    prop::collection::vec(key, 1..4)
}

/// What the server answered.
struct Answer {
    status: u16,
    content_type: String,
    body: String,
}

fn send(request: reqwest::RequestBuilder) -> Answer {
    let f = fixture();
    f.runtime.block_on(async {
        let response = request
            .send()
            .await
            .expect("an answer, never a dropped connection");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap_or("").to_string())
            .unwrap_or_default();
        let body = response.text().await.expect("a whole body");
        Answer {
            status,
            content_type,
            body,
        }
    })
}

/// The invariants for an API answer; `names_field`: a 400 must name the field (JSON object bodies).
fn check_api(what: &str, a: &Answer, names_field: bool) -> Result<(), TestCaseError> {
    prop_assert!(a.status < 500, "{what}: {} {}", a.status, a.body);
    if a.status >= 400 {
        prop_assert_eq!(
            &a.content_type,
            "application/problem+json",
            "{}: {}",
            what,
            a.body
        );
        let p: Value = serde_json::from_str(&a.body)
            .map_err(|e| TestCaseError::fail(format!("{what}: not JSON ({e}): {}", a.body)))?;
        prop_assert_eq!(p["status"].as_u64(), Some(u64::from(a.status)), "{}", what);
        prop_assert!(
            p["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{what}: {p}"
        );
        prop_assert!(
            a.body.len() < 4_000,
            "{what}: {} bytes echoed",
            a.body.len()
        );
        if names_field && a.status == 400 {
            prop_assert!(
                p["field"].is_string()
                    || p["detail"].as_str().unwrap().contains("the body must be"),
                "{what}: a 400 that names no field: {p}"
            );
        }
    }
    Ok(())
}

/// Every JSON endpoint, with one field of a valid body replaced by anything.
#[test]
fn generated_bodies_never_break_the_api() {
    let f = fixture();
    let bodies = valid_bodies();
    let strategy = (0..bodies.len(), body_path(), hostile_json());
    runner()
        .run(&strategy, |(which, path, value)| {
            let (endpoint, valid) = &bodies[which];
            let mut body = valid.clone();
            set_at(&mut body, &path, value);
            // Bodies past the limit are refused before they are read; `hardening` tests that.
            prop_assume!(body.to_string().len() < 250 * 1024);
            let request = f
                .app
                .client
                .post(format!("{}{endpoint}", f.app.base))
                .json(&body);
            let a = send(request);
            let what = format!("POST {endpoint} {path:?}");
            check_api(&what, &a, true)
        })
        .unwrap();
}

/// Every JSON endpoint, with bytes that are not a request: cut-off JSON, garbage after it,
/// other encodings, random bytes.
#[test]
fn generated_bytes_never_break_the_api() {
    let f = fixture();
    let bodies: Vec<(&str, Vec<u8>)> = valid_bodies()
        .into_iter()
        .map(|(e, b)| (e, serde_json::to_vec(&b).unwrap()))
        .collect();
    let strategy = (
        0..bodies.len(),
        prop_oneof![
            (0usize..400).prop_map(|n| (n, Vec::new())),
            prop::collection::vec(any::<u8>(), 0..64).prop_map(|tail| (usize::MAX, tail)),
        ],
    );
    runner()
        .run(&strategy, |(which, (cut, tail))| {
            let (endpoint, valid) = &bodies[which];
            let mut bytes = valid[..cut.min(valid.len())].to_vec();
            bytes.extend(tail);
            let request = f
                .app
                .client
                .post(format!("{}{endpoint}", f.app.base))
                .header("content-type", "application/json")
                .body(bytes);
            let a = send(request);
            check_api(&format!("POST {endpoint} (bytes)"), &a, false)
        })
        .unwrap();
}

/// Every GET route, API and pages, with hostile path segments and query values.
#[test]
fn generated_queries_never_break_any_route() {
    let f = fixture();
    let routes: Vec<(&str, &[&str])> = vec![
        (
            "/api/places",
            &[
                "category",
                "theme",
                "district",
                "min_a_level",
                "bbox",
                "q",
                "limit",
                "offset",
            ],
        ),
        (
            "/api/places.geojson",
            &["category", "theme", "bbox", "min_a_level"],
        ),
        ("/api/places/{id}", &[]),
        ("/api/places/{id}/hours", &["date"]),
        ("/api/places/{id}/week", &["from"]),
        ("/api/calendar", &["date"]),
        ("/api/offers", &["date"]),
        ("/api/routes", &["theme", "season"]),
        ("/api/routes/{id}", &[]),
        ("/api/stations", &[]),
        ("/", &["lang", "date", "home", "age"]),
        (
            "/places",
            &[
                "lang",
                "date",
                "theme",
                "category",
                "district",
                "open",
                "free",
                "home",
                "age",
                "min_a_level",
                "q",
            ],
        ),
        ("/places/{id}", &["lang", "date", "home", "age", "student"]),
        ("/routes", &["lang", "season", "theme"]),
        ("/routes/{id}", &["lang", "date", "home"]),
        ("/plan", &["lang", "date", "start"]),
        ("/healthz", &[]),
        ("/readyz", &[]),
        // Signed-in routes, here anonymously: always a 401 problem, whatever the query.
        ("/api/users", &[]),
        (
            "/api/audit",
            &["entity", "from", "to", "outcome", "limit", "offset"],
        ),
    ];
    let ids = prop_oneof![
        prop::sample::select(vec![
            "kumbum_monastery",
            "qinghai_provincial_museum",
            "red_memory_walk",
            "nope",
        ])
        .prop_map(str::to_string),
        hostile_text(),
    ];
    let query = prop::collection::vec((0usize..16, hostile_text()), 0..4);
    runner()
        .run(&(0..routes.len(), ids, query), |(which, id, pairs)| {
            let (template, params) = &routes[which];
            let mut url = reqwest::Url::parse(&f.app.base).unwrap();
            {
                let mut segments = url.path_segments_mut().unwrap();
                segments.clear();
                for part in template.trim_start_matches('/').split('/') {
                    if part == "{id}" {
                        segments.push(&id);
                    } else if !part.is_empty() {
                        segments.push(part);
                    }
                }
            }
            if !params.is_empty() && !pairs.is_empty() {
                let mut q = url.query_pairs_mut();
                for (k, v) in &pairs {
                    q.append_pair(params[k % params.len()], v);
                }
            }
            let what = format!("GET {url}");
            let a = send(f.app.client.get(url.clone()));
            if template.starts_with("/api/") || matches!(*template, "/healthz" | "/readyz") {
                check_api(&what, &a, false)?;
            } else {
                prop_assert!(a.status < 500, "{what}: {}", a.status);
                prop_assert!(
                    a.content_type.starts_with("text/html"),
                    "{what}: {}",
                    a.content_type
                );
            }
            Ok(())
        })
        .unwrap();
}

/// The signed-in API with an admin's token: hostile filters and paging on every bureau route.
#[test]
fn generated_queries_never_break_the_signed_in_api() {
    let f = fixture();
    let routes: Vec<(&str, &[&str])> = vec![
        ("/api/users", &[]),
        ("/api/tokens", &[]),
        (
            "/api/audit",
            &[
                "entity",
                "entity_id",
                "user",
                "from",
                "to",
                "outcome",
                "limit",
                "offset",
            ],
        ),
        (
            "/api/audit.csv",
            &["entity", "entity_id", "user", "from", "to", "outcome"],
        ),
        (
            "/api/audit.xlsx",
            &["entity", "entity_id", "user", "from", "to", "outcome"],
        ),
        // The bureau's records (an admin may read them all).
        ("/api/meetings", &["year"]),
        ("/api/projects", &[]),
        ("/api/projects/totals", &["by"]),
        ("/api/plans/xining-2023/items", &["as_of", "status"]),
        ("/api/plans/no-such-plan/items", &["as_of", "status"]),
    ];
    let query = prop::collection::vec((0usize..16, hostile_text()), 0..4);
    runner()
        .run(&(0..routes.len(), query), |(which, pairs)| {
            let (path, params) = &routes[which];
            let mut url = reqwest::Url::parse(&format!("{}{path}", f.app.base)).unwrap();
            if !params.is_empty() && !pairs.is_empty() {
                let mut q = url.query_pairs_mut();
                for (k, v) in &pairs {
                    q.append_pair(params[k % params.len()], v);
                }
            }
            let what = format!("GET {url} (admin token)");
            let request = f
                .app
                .client
                .get(url.clone())
                .header("authorization", format!("Bearer {}", f.admin_token));
            let a = send(request);
            prop_assert!(a.status != 401 && a.status != 403, "{what}: {}", a.status);
            check_api(&what, &a, false)
        })
        .unwrap();
}
