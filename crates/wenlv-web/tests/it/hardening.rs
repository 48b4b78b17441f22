//! Hostile and odd requests, as a tester sent them: each answers with a precise problem (or a
//! page with a notice), never a 5xx, a dropped connection or a megabyte echoed back.

use crate::support::{TestApp, catalogue, spawn_app};
use serde_json::{Value, json};
use wenlv_store::testing::fresh_sqlite;

const PROBLEM_JSON: &str = "application/problem+json";

/// A server over the three-place fixture catalogue on a temp SQLite file.
async fn fixture_app() -> (TestApp, wenlv_store::testing::Fresh) {
    let db = fresh_sqlite().await;
    db.db.store.upsert_places(&catalogue()).await.unwrap();
    let app = spawn_app(db.db.store.clone()).await;
    (app, db)
}

/// POSTs raw bytes with a content type; returns status, content type and the body as text.
async fn post_raw(
    app: &TestApp,
    path: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> (u16, String, String) {
    let mut request = app.client.post(format!("{}{path}", app.base)).body(body);
    if let Some(kind) = content_type {
        request = request.header("content-type", kind);
    }
    let response = request
        .send()
        .await
        .expect("an answer, not a dropped connection");
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, kind, response.text().await.unwrap())
}

/// A problem answer: status, problem+json, and the body as JSON.
async fn problem(app: &TestApp, path: &str, body: &Value, status: u16) -> Value {
    let (got, kind, text) = post_raw(
        app,
        path,
        Some("application/json"),
        serde_json::to_vec(body).unwrap(),
    )
    .await;
    assert_eq!(got, status, "POST {path}: {text}");
    assert_eq!(kind, PROBLEM_JSON, "POST {path}: {text}");
    let p: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(p["status"], status);
    p
}

fn plan_body(dates: Value) -> Value {
    json!({"dates": dates, "start": {"place": "peoples_park"}, "mode": "walk"})
}

/// Case 1: dates at and past the end of the calendar, before 1900, and in other ISO shapes are
/// refused by one parser with one message, on both planning endpoints; the last accepted date plans.
#[tokio::test]
async fn dates_outside_the_range_or_format_are_400s() {
    let (app, db) = fixture_app().await;
    for bad in [
        "9999-12-31",
        "9999-12-30",
        "0001-01-01",
        "1899-12-31",
        "20240109",
        "2024-01-09T10:00",
    ] {
        let p = problem(&app, "/api/itineraries", &plan_body(json!([bad])), 400).await;
        assert_eq!(p["field"], "dates[0]", "{bad}: {p}");
        let detail = p["detail"].as_str().unwrap();
        assert!(
            detail.contains("YYYY-MM-DD") || detail.contains("1900-01-01 to 9998-12-31"),
            "{bad}: {detail}"
        );
        let mut check = plan_body(json!([bad]));
        check["days"] = json!([{"date": bad, "stops": ["peoples_park"]}]);
        check.as_object_mut().unwrap().remove("dates");
        let p = problem(&app, "/api/itineraries/check", &check, 400).await;
        assert_eq!(p["field"], "days[0].date", "{bad}: {p}");
        let q = json!({"date": bad, "places": ["kumbum_monastery"]});
        let p = problem(&app, "/api/quotes", &q, 400).await;
        assert!(p["detail"].as_str().unwrap().contains("date"), "{bad}: {p}");
    }
    // The last week of the range plans, and so does its check.
    let week: Vec<String> = (25..=31).map(|d| format!("9998-12-{d}")).collect();
    let plan = app
        .post_json("/api/itineraries", &plan_body(json!(week)), 200)
        .await;
    assert_eq!(plan["days"].as_array().unwrap().len(), 7);
    let check = json!({"start": {"place": "peoples_park"},
        "days": [{"date": "9998-12-31", "stops": ["kumbum_monastery", "peoples_park"]}]});
    app.post_json("/api/itineraries/check", &check, 200).await;
    let first = json!({"start": {"place": "peoples_park"},
        "days": [{"date": "1900-01-01", "stops": ["kumbum_monastery"]}]});
    app.post_json("/api/itineraries/check", &first, 200).await;
    db.remove().await;
}

/// Case 1, pages: a date past the range is a notice on the page (today is shown), never a
/// dropped connection; the last date of the range renders its week.
#[tokio::test]
async fn pages_survive_dates_at_the_end_of_the_calendar() {
    let db = fresh_sqlite().await;
    crate::support::load_xining(&db.db.store).await;
    let app = spawn_app(db.db.store.clone()).await;
    for (path, notice) in [
        ("/places/kumbum_monastery?date=9999-12-31", true),
        ("/places?date=9999-12-30", true),
        ("/routes/red_memory_walk?date=9999-12-31", true),
        ("/places/kumbum_monastery?date=9998-12-31", false),
        ("/places?date=9998-12-31", false),
        ("/routes/red_memory_walk?date=9998-12-31", false),
        ("/places/kumbum_monastery?date=1900-01-01", false),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let html = response.text().await.unwrap();
        assert_eq!(
            html.contains("outside the dates this service answers for"),
            notice,
            "{path}"
        );
    }
    db.remove().await;
}

/// Case 4: a check with 41 stops in a day, or 8 days, is refused naming the field; 120,000
/// stops do not even get read (413); `dates` that disagree with `days` are refused.
#[tokio::test]
async fn check_mode_is_bounded_and_consistent() {
    let (app, db) = fixture_app().await;
    let day = |n: usize| json!({"date": "2024-01-09", "stops": vec!["peoples_park"; n]});
    let forty = json!({"start": {"place": "peoples_park"}, "days": [day(40)]});
    let plan = app.post_json("/api/itineraries/check", &forty, 200).await;
    assert_eq!(plan["days"][0]["stops"].as_array().unwrap().len(), 40);
    let many = json!({"start": {"place": "peoples_park"}, "days": [day(41)]});
    let p = problem(&app, "/api/itineraries/check", &many, 400).await;
    assert_eq!(p["field"], "days[0].stops", "{p}");
    let days: Vec<Value> = (1..=8)
        .map(|d| json!({"date": format!("2024-01-{d:02}"), "stops": []}))
        .collect();
    let week_and_a_day = json!({"start": {"place": "peoples_park"}, "days": days});
    let p = problem(&app, "/api/itineraries/check", &week_and_a_day, 400).await;
    assert_eq!(p["field"], "days", "{p}");
    let huge = json!({"start": {"place": "peoples_park"}, "days": [day(120_000)]});
    let p = problem(&app, "/api/itineraries/check", &huge, 413).await;
    assert_eq!(p["type"], "/problems/too-large");

    let disagree = json!({"dates": ["2024-01-10"], "start": {"place": "peoples_park"},
        "days": [{"date": "2024-01-09", "stops": ["peoples_park"]}]});
    let p = problem(&app, "/api/itineraries/check", &disagree, 400).await;
    assert_eq!(p["field"], "dates", "{p}");
    assert!(p["detail"].as_str().unwrap().contains("2024-01-09"), "{p}");
    let agree = json!({"dates": ["2024-01-10", "2024-01-09"], "start": {"place": "peoples_park"},
        "days": [{"date": "2024-01-09", "stops": ["peoples_park"]},
                 {"date": "2024-01-10", "stops": []}]});
    app.post_json("/api/itineraries/check", &agree, 200).await;
    db.remove().await;
}

/// Case 4: a JSON value followed by anything else is not a request, on every JSON endpoint.
#[tokio::test]
async fn trailing_data_after_the_json_is_a_400() {
    let (app, db) = fixture_app().await;
    let plan = serde_json::to_string(&plan_body(json!(["2024-01-09"]))).unwrap();
    let quote = r#"{"date": "2024-01-09", "places": ["kumbum_monastery"]}"#;
    let check =
        r#"{"start": {"place": "peoples_park"}, "days": [{"date": "2024-01-09", "stops": []}]}"#;
    for (path, body) in [
        ("/api/itineraries", plan.as_str()),
        ("/api/quotes", quote),
        ("/api/itineraries/check", check),
    ] {
        let (status, _, text) = post_raw(
            &app,
            path,
            Some("application/json"),
            body.as_bytes().to_vec(),
        )
        .await;
        assert_eq!(status, 200, "{path} (the clean body): {text}");
        for tail in [" garbage", "{}", " ]", "\n{\"dates\": []}"] {
            let (status, kind, text) = post_raw(
                &app,
                path,
                Some("application/json"),
                format!("{body}{tail}").into_bytes(),
            )
            .await;
            assert_eq!(status, 400, "{path} + {tail:?}: {text}");
            assert_eq!(kind, PROBLEM_JSON);
            assert!(text.contains("data after the JSON value"), "{text}");
        }
        // Trailing white space is not data.
        let (status, _, text) = post_raw(
            &app,
            path,
            Some("application/json"),
            format!("{body} \n\t").into_bytes(),
        )
        .await;
        assert_eq!(status, 200, "{path}: {text}");
    }
    db.remove().await;
}

/// Case 5: bodies over the limit are 413 problem+json (not text/plain, not 400); a missing or
/// non-JSON content type is 415 problem+json on every JSON endpoint.
#[tokio::test]
async fn body_limits_and_media_types_answer_problems() {
    let (app, db) = fixture_app().await;
    let big = format!(
        r#"{{"date": "2024-01-09", "places": ["kumbum_monastery"], "x": "{}"}}"#,
        "a".repeat(300 * 1024)
    );
    for path in ["/api/itineraries", "/api/itineraries/check", "/api/quotes"] {
        let (status, kind, text) = post_raw(
            &app,
            path,
            Some("application/json"),
            big.clone().into_bytes(),
        )
        .await;
        assert_eq!(
            (status, kind.as_str()),
            (413, PROBLEM_JSON),
            "{path}: {text}"
        );
        let (status, kind, text) = post_raw(&app, path, Some("text/plain"), b"{}".to_vec()).await;
        assert_eq!(
            (status, kind.as_str()),
            (415, PROBLEM_JSON),
            "{path}: {text}"
        );
        let (status, kind, _) = post_raw(
            &app,
            path,
            Some("application/x-www-form-urlencoded"),
            b"a=b".to_vec(),
        )
        .await;
        assert_eq!((status, kind.as_str()), (415, PROBLEM_JSON), "{path}");
    }
    let quote = br#"{"date": "2024-01-09", "places": ["kumbum_monastery"]}"#.to_vec();
    for path in ["/api/itineraries", "/api/quotes"] {
        let (status, kind, text) = post_raw(&app, path, None, quote.clone()).await;
        assert_eq!(
            (status, kind.as_str()),
            (415, PROBLEM_JSON),
            "{path}: {text}"
        );
    }
    let (status, _, text) = post_raw(
        &app,
        "/api/quotes",
        Some("application/json; charset=utf-8"),
        quote,
    )
    .await;
    assert_eq!(status, 200, "{text}");
    db.remove().await;
}

/// Case 5: a long value is echoed cut (head and tail, with the count left out), in bodies and
/// in query strings alike.
#[tokio::test]
async fn long_values_are_not_echoed_whole() {
    let (app, db) = fixture_app().await;
    let long = "x".repeat(200_000);
    let bodies = [
        ("/api/itineraries", plan_body(json!([long.clone()]))),
        (
            "/api/itineraries",
            json!({"dates": ["2024-01-09"], "start": {"place": long.clone()}}),
        ),
        (
            "/api/itineraries",
            json!({"dates": ["2024-01-09"], "start": {"place": "peoples_park"},
                   "themes": {long.clone(): 1.0}}),
        ),
        (
            "/api/quotes",
            json!({"date": "2024-01-09", "places": [long.clone()]}),
        ),
        (
            "/api/quotes",
            json!({"date": "2024-01-09", "places": ["peoples_park"], long.clone(): 1}),
        ),
    ];
    for (path, body) in bodies {
        let p = problem(&app, path, &body, 400).await;
        let text = p.to_string();
        assert!(text.len() < 3_000, "{path}: {} bytes echoed", text.len());
        assert!(p["detail"].as_str().unwrap().contains("xxx"), "{p}");
    }
    let response = app
        .get(&format!("/api/places?category={}", "y".repeat(20_000)))
        .await;
    assert_eq!(response.status().as_u16(), 400);
    let text = response.text().await.unwrap();
    assert!(text.len() < 3_000, "{} bytes echoed", text.len());
    db.remove().await;
}

/// Liveness always answers; readiness answers while the database does, and 503 problem+json
/// (without the cause) once it is gone.
#[tokio::test]
async fn health_and_readiness_probes() {
    let (app, db) = fixture_app().await;
    let (kind, live) = app.get_json("/healthz", 200).await;
    assert!(kind.starts_with("application/json"));
    assert_eq!(live["status"], "ok");
    let (_, ready) = app.get_json("/readyz", 200).await;
    assert_eq!(ready["status"], "ready");
    // Close the pool under the running server: the database is now unreachable.
    db.db.store.close().await;
    let (kind, p) = app.get_json("/readyz", 503).await;
    assert_eq!(kind, PROBLEM_JSON);
    assert_eq!(p["type"], "/problems/unavailable");
    assert!(!p["detail"].as_str().unwrap().contains("pool"), "{p}");
    let (_, live) = app.get_json("/healthz", 200).await;
    assert_eq!(live["status"], "ok");
    db.remove().await;
}
