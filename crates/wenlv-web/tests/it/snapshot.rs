//! Reads come from the app's in-memory snapshot and the kept ready answers, yet writes show:
//!
//! - a write through the server's own store is in the very next answer (API, GeoJSON, pages),
//!   with the fallback poll switched off (an hour), so nothing but the write itself tells;
//! - a write from another process (another pool, as `wenlv import`) shows within the poll
//!   interval (100 ms) on both engines;
//! - two servers on one PostgreSQL see each other's writes through the notification alone (poll
//!   switched off), within milliseconds, also after the listener's connection was cut.

use crate::support::{TestApp, catalogue, place, spawn_state};
use std::time::{Duration, Instant};
use wenlv_store::Store;
use wenlv_store::testing::{
    cut_listening_connections, fresh_postgres, listening_connections, on_both_engines,
};
use wenlv_web::AppState;

/// No fallback poll within a test's life: only a local write or a notification can tell.
const NO_POLL: Duration = Duration::from_secs(3600);

async fn spawn_polling(store: Store, poll: Duration) -> TestApp {
    let state = AppState::new(store);
    let app = state.app.clone().with_catalogue_poll(poll);
    spawn_state(state.with_app(app)).await
}

async fn name_en(app: &TestApp, id: &str) -> Option<String> {
    let response = app.get(&format!("/api/places/{id}")).await;
    if response.status() == 404 {
        return None;
    }
    assert_eq!(response.status(), 200, "GET /api/places/{id}");
    let json: serde_json::Value = response.json().await.unwrap();
    Some(json["name_en"].as_str().unwrap().to_string())
}

/// Asks until `id` is named `want` or `limit` passed; gives how long it took.
async fn seen_within(app: &TestApp, id: &str, want: &str, limit: Duration) -> Duration {
    let start = Instant::now();
    loop {
        if name_en(app, id).await.as_deref() == Some(want) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < limit,
            "{id}: not named {want:?} within {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// A write through the server's own store shows on the next request: API, GeoJSON and pages,
/// every one of which was kept as a ready answer before the write.
#[tokio::test]
async fn a_write_through_the_servers_store_is_seen_on_the_next_request() {
    on_both_engines(|db| async move {
        let app = spawn_polling(db.store.clone(), NO_POLL).await;
        assert_eq!(app.get("/api/places/kumbum_monastery").await.status(), 404);
        let (_, offers) = app.get_json("/api/offers", 200).await;
        assert_eq!(offers["items"].as_array().unwrap().len(), 0);
        let paths = [
            "/api/places",
            "/api/places.geojson",
            "/places",
            "/",
            "/places/peoples_park",
        ];
        let mut before = Vec::new();
        for path in paths {
            // Twice: the second is the kept answer.
            app.get(path).await;
            before.push(app.get(path).await.text().await.unwrap());
        }

        db.store.upsert_places(&catalogue()).await.unwrap();
        assert_eq!(
            name_en(&app, "kumbum_monastery").await.as_deref(),
            Some("Kumbum Monastery")
        );
        for (path, before) in paths.iter().zip(&before) {
            let after = app.get(path).await.text().await.unwrap();
            assert_ne!(&after, before, "{path} after the import");
        }

        let mut renamed = catalogue();
        renamed[2].name_en = "Renamed Park".to_string();
        db.store.upsert_places(&renamed).await.unwrap();
        assert_eq!(
            name_en(&app, "peoples_park").await.as_deref(),
            Some("Renamed Park")
        );
        let (_, list) = app.get_json("/api/places?q=renamed", 200).await;
        assert_eq!(list["total"], 1);
        for path in ["/places", "/places/peoples_park"] {
            let page = app
                .client
                .get(format!("{}{path}", app.base))
                .header("accept-language", "en")
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(page.contains("Renamed Park"), "{path}");
        }

        db.store
            .upsert_offers(&wenlv_io::demo::xining_city().offers)
            .await
            .unwrap();
        let (_, offers) = app.get_json("/api/offers", 200).await;
        assert!(!offers["items"].as_array().unwrap().is_empty());
    })
    .await;
}

/// A write from outside the server (another pool on the same database, as `wenlv import`)
/// shows within the poll interval on SQLite, at once (a notification) on PostgreSQL.
#[tokio::test]
async fn a_write_from_another_process_shows_within_the_poll() {
    on_both_engines(|db| async move {
        let app = spawn_polling(db.store.clone(), wenlv_app::catalogue::DEFAULT_POLL).await;
        assert_eq!(name_en(&app, "kumbum_monastery").await, None);
        let outside = Store::connect(&db.url).await.unwrap();
        outside.upsert_places(&catalogue()).await.unwrap();
        let took = seen_within(
            &app,
            "kumbum_monastery",
            "Kumbum Monastery",
            Duration::from_secs(2),
        )
        .await;
        eprintln!(
            "{}: another process's import seen after {took:?}",
            db.engine
        );

        let mut renamed = catalogue();
        renamed[0].name_en = "Kumbum, renamed".to_string();
        outside.upsert_places(&renamed).await.unwrap();
        seen_within(
            &app,
            "kumbum_monastery",
            "Kumbum, renamed",
            Duration::from_secs(2),
        )
        .await;
        outside.close().await;
    })
    .await;
}

/// Two servers, each with its own pool on one PostgreSQL database and no poll: a write through
/// either one's store is in its own next answer, and in the other's as soon as the
/// notification arrives; also after the other's listener lost its connection.
#[tokio::test]
async fn two_servers_on_postgres_see_each_others_writes_by_notification() {
    let Some(fresh) = fresh_postgres().await else {
        return;
    };
    let url = fresh.db.url.clone();
    let store_a = Store::connect(&url).await.unwrap();
    let store_b = Store::connect(&url).await.unwrap();
    let a = spawn_polling(store_a.clone(), NO_POLL).await;
    let b = spawn_polling(store_b.clone(), NO_POLL).await;
    for server in [&a, &b] {
        assert_eq!(name_en(server, "park_one").await, None);
    }
    // Both listeners are up once their first read started them.
    wait_for_listeners(&url, 2).await;

    store_a
        .upsert_places(&[place("park_one", "一号公园", "Park One")])
        .await
        .unwrap();
    assert_eq!(name_en(&a, "park_one").await.as_deref(), Some("Park One"));
    let took = seen_within(&b, "park_one", "Park One", Duration::from_secs(2)).await;
    eprintln!("server B saw A's write after {took:?}");

    store_b
        .upsert_places(&[place("park_one", "一号公园", "Park One, from B")])
        .await
        .unwrap();
    assert_eq!(
        name_en(&b, "park_one").await.as_deref(),
        Some("Park One, from B")
    );
    let took = seen_within(&a, "park_one", "Park One, from B", Duration::from_secs(2)).await;
    eprintln!("server A saw B's write after {took:?}");

    // Cut every listening connection (as a restart of a pooler would): the next write is
    // still seen, by the version read after the loss and the listener made again.
    let cut = cut_listening_connections(&url).await.unwrap();
    assert_eq!(cut, 2, "both servers' listeners");
    wait_for_listeners(&url, 2).await;
    store_a
        .upsert_places(&[place("park_one", "一号公园", "Park One, after the cut")])
        .await
        .unwrap();
    seen_within(
        &b,
        "park_one",
        "Park One, after the cut",
        Duration::from_secs(3),
    )
    .await;

    store_a.close().await;
    store_b.close().await;
    fresh.remove().await;
}

async fn wait_for_listeners(url: &str, n: i64) {
    let start = Instant::now();
    while listening_connections(url).await.unwrap() < n {
        assert!(start.elapsed() < Duration::from_secs(5), "{n} listeners");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
