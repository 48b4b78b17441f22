//! `GET /metrics`: who may read it (staff by token, a local scraper when allowed, never an
//! anonymous caller through a proxy), and that it counts what happened: requests by route
//! template and status, latency histograms, planning time, the pool's size.

use super::accounts::{app, grant};
use super::support::spawn_state;
use reqwest::header::AUTHORIZATION;
use serde_json::json;
use wenlv_app::{Caller, Role};
use wenlv_store::Engine;
use wenlv_store::testing::on_both_engines;
use wenlv_web::AppState;

#[tokio::test]
async fn metrics_count_requests_by_route_and_are_for_staff_or_local_scrapers() {
    on_both_engines(|db| async move {
        db.store
            .upsert_places(&wenlv_io::demo::xining_places())
            .await
            .unwrap();
        let a = app(&db.store);
        let cli = Caller::cli();
        let (_, staff) = a
            .create_token(&cli, &grant("scraper", Role::Staff), None)
            .await
            .unwrap();
        let (_, viewer) = a
            .create_token(&cli, &grant("peek", Role::Viewer), None)
            .await
            .unwrap();
        let server = spawn_state(AppState::new(db.store.clone())).await;
        let metrics = |token: Option<&str>| {
            let mut r = server.client.get(format!("{}/metrics", server.base));
            if let Some(t) = token {
                r = r.header(AUTHORIZATION, format!("Bearer {t}"));
            }
            r.send()
        };
        assert_eq!(metrics(None).await.unwrap().status(), 401);
        assert_eq!(metrics(Some(&viewer)).await.unwrap().status(), 403);

        for _ in 0..3 {
            assert_eq!(
                server.get("/api/places/kumbum_monastery").await.status(),
                200
            );
        }
        assert_eq!(server.get("/api/places/nope").await.status(), 404);
        assert_eq!(server.get("/no/such/page").await.status(), 404);
        server
            .post_json(
                "/api/itineraries",
                &json!({"dates": ["2024-01-08"], "start": {"place": "limeng_pedestrian_street"},
                        "day_start": "09:00", "day_end": "18:00", "mode": "walk"}),
                200,
            )
            .await;

        let answer = metrics(Some(&staff)).await.unwrap();
        assert_eq!(answer.status(), 200);
        assert_eq!(
            answer.headers()["content-type"],
            wenlv_web::metrics::CONTENT_TYPE
        );
        let text = answer.text().await.unwrap();
        let route = r#"method="GET",route="/api/places/{id}""#;
        for line in [
            format!(r#"wenlv_http_requests_total{{{route},status="200"}} 3"#),
            format!(r#"wenlv_http_requests_total{{{route},status="404"}} 1"#),
            r#"wenlv_http_requests_total{method="GET",route="unmatched",status="404"} 1"#
                .to_string(),
            r#"wenlv_http_requests_total{method="POST",route="/api/itineraries",status="200"} 1"#
                .to_string(),
            format!(r#"wenlv_http_request_duration_seconds_count{{{route}}} 4"#),
            r#"wenlv_planner_duration_seconds_count{kind="plan"} 1"#.to_string(),
            format!(
                "wenlv_db_pool_max_connections {}",
                if db.engine == Engine::Sqlite { 8 } else { 10 }
            ),
        ] {
            assert!(text.lines().any(|l| l == line), "no line {line} in\n{text}");
        }
        // Every request's latency falls in some bucket: the +Inf bucket holds all four.
        assert!(
            text.contains(&format!(
                r#"wenlv_http_request_duration_seconds_bucket{{le="+Inf",{route}}} 4"#
            )) || text.contains(&format!(
                r#"wenlv_http_request_duration_seconds_bucket{{{route},le="+Inf"}} 4"#
            )),
            "{text}"
        );
        assert!(
            text.contains(r#"wenlv_db_pool_connections{state="idle"}"#),
            "{text}"
        );
        assert!(text.trim_end().ends_with("# EOF"), "{text}");

        // A server that lets local scrapers in: a direct loopback caller reads it anonymously,
        // a request a proxy forwarded does not.
        let local = spawn_state(AppState::new(db.store.clone()).with_local_metrics(true)).await;
        let direct = local.get("/metrics").await;
        assert_eq!(direct.status(), 200);
        for (name, value) in [
            ("x-forwarded-for", "203.0.113.7"),
            ("forwarded", "for=203.0.113.7"),
            ("x-real-ip", "203.0.113.7"),
        ] {
            let proxied = local
                .client
                .get(format!("{}/metrics", local.base))
                .header(name, value)
                .send()
                .await
                .unwrap();
            assert_eq!(proxied.status(), 401, "{name}");
        }
    })
    .await;
}
