//! Reads come from the app's in-memory snapshot, yet a write from outside the server (another
//! connection pool, as `wenlv import` or another server) is seen on the very next request; two
//! servers on one database see each other's writes at once. Both engines.

use crate::support::{catalogue, place, spawn_app};
use wenlv_store::Store;
use wenlv_store::testing::on_both_engines;

/// A store write from outside the server shows on the next request: API, GeoJSON and pages.
#[tokio::test]
async fn a_write_from_outside_the_server_is_seen_on_the_next_request() {
    on_both_engines(|db| async move {
        let app = spawn_app(db.store.clone()).await;
        assert_eq!(app.get("/api/places/kumbum_monastery").await.status(), 404);
        let (_, offers) = app.get_json("/api/offers", 200).await;
        assert_eq!(offers["items"].as_array().unwrap().len(), 0);

        let outside = Store::connect(&db.url).await.unwrap();
        outside.upsert_places(&catalogue()).await.unwrap();
        let (_, kumbum) = app.get_json("/api/places/kumbum_monastery", 200).await;
        assert_eq!(kumbum["name_en"], "Kumbum Monastery");

        let mut renamed = catalogue();
        renamed[0].name_en = "Kumbum, renamed".to_string();
        outside.upsert_places(&renamed).await.unwrap();
        let (_, kumbum) = app.get_json("/api/places/kumbum_monastery", 200).await;
        assert_eq!(kumbum["name_en"], "Kumbum, renamed");
        let (_, list) = app.get_json("/api/places?q=renamed", 200).await;
        assert_eq!(list["total"], 1);
        let page = app.get("/places?lang=en").await.text().await.unwrap();
        assert!(page.contains("Kumbum, renamed"), "the places page");

        outside
            .upsert_offers(&wenlv_io::demo::xining_city().offers)
            .await
            .unwrap();
        let (_, offers) = app.get_json("/api/offers", 200).await;
        assert!(!offers["items"].as_array().unwrap().is_empty());
        outside.close().await;
    })
    .await;
}

/// Two servers, each with its own pool on the same database: a write through either one's store
/// is in the other's next answer.
#[tokio::test]
async fn two_servers_on_one_database_see_each_others_writes() {
    on_both_engines(|db| async move {
        let store_a = Store::connect(&db.url).await.unwrap();
        let store_b = Store::connect(&db.url).await.unwrap();
        let a = spawn_app(store_a.clone()).await;
        let b = spawn_app(store_b.clone()).await;
        for server in [&a, &b] {
            assert_eq!(server.get("/api/places/park_one").await.status(), 404);
        }

        store_a
            .upsert_places(&[place("park_one", "一号公园", "Park One")])
            .await
            .unwrap();
        let (_, seen) = b.get_json("/api/places/park_one", 200).await;
        assert_eq!(seen["name_en"], "Park One");

        store_b
            .upsert_places(&[place("park_one", "一号公园", "Park One, from B")])
            .await
            .unwrap();
        let (_, seen) = a.get_json("/api/places/park_one", 200).await;
        assert_eq!(seen["name_en"], "Park One, from B");
        let (_, seen) = b.get_json("/api/places/park_one", 200).await;
        assert_eq!(seen["name_en"], "Park One, from B");
        store_a.close().await;
        store_b.close().await;
    })
    .await;
}
