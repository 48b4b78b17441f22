//! The read snapshot: places and offers in memory, reloaded when the store's catalogue version
//! moves, on both engines.

use std::sync::Arc;
use std::time::Duration;
use wenlv_app::App;
use wenlv_domain::{ALevel, BoundingBox, Category, Place, PlaceId, Theme};
use wenlv_store::testing::on_both_engines;
use wenlv_store::{PlaceQuery, Store};

fn app(store: &Store) -> App {
    App::new(store.clone(), Arc::new(wenlv_io::demo::xining_city()))
}

fn place(id: &str, name_en: &str) -> Place {
    Place::new(PlaceId::parse(id).unwrap(), "名", name_en, Category::Park)
}

/// With the poll at zero (the version read on every call), a write through another connection
/// pool (as `wenlv import` or another app server would make) is in the very next snapshot;
/// reads with no write between them share one snapshot, and a write that changes nothing does
/// not move the version.
#[tokio::test]
async fn a_write_from_another_process_is_in_the_next_snapshot() {
    on_both_engines(|db| async move {
        let app = app(&db.store).with_catalogue_poll(Duration::ZERO);
        let first = app.catalogue().await.unwrap();
        assert!(first.places.is_empty());
        assert!(first.offers.offers().is_empty());
        let again = app.catalogue().await.unwrap();
        assert!(Arc::ptr_eq(&first, &again), "no write: the same snapshot");

        let other = Store::connect(&db.url).await.unwrap();
        other
            .upsert_places(&[place("park_a", "Park A")])
            .await
            .unwrap();
        let second = app.catalogue().await.unwrap();
        assert!(second.version > first.version);
        let id = PlaceId::parse("park_a").unwrap();
        assert_eq!(second.place(&id).unwrap().name_en, "Park A");
        // The old snapshot is untouched for whoever still holds it.
        assert!(first.place(&id).is_none());

        other
            .upsert_places(&[place("park_a", "Park A")])
            .await
            .unwrap();
        let unchanged = app.catalogue().await.unwrap();
        assert!(
            Arc::ptr_eq(&second, &unchanged),
            "an unchanged write moves nothing"
        );

        other
            .upsert_places(&[place("park_a", "Park A, renamed")])
            .await
            .unwrap();
        other
            .upsert_offers(&wenlv_io::demo::xining_city().offers)
            .await
            .unwrap();
        let third = app.catalogue().await.unwrap();
        assert!(third.version > second.version);
        assert_eq!(third.place(&id).unwrap().name_en, "Park A, renamed");
        assert_eq!(
            third.offers.offers().len(),
            wenlv_io::demo::xining_city().offers.offers().len()
        );
        assert!(!third.offers.offers().is_empty());
        other.close().await;
    })
    .await;
}

/// The version is read only when a write may have happened: a write through the app's own
/// store is in the next snapshot at once; on SQLite another process's write waits for the poll
/// (here an hour: not seen; then a short poll: seen after it), on PostgreSQL its notification
/// brings it without any poll.
#[tokio::test]
async fn the_version_is_read_after_a_local_write_a_notification_or_the_poll() {
    on_both_engines(|db| async move {
        let app = app(&db.store).with_catalogue_poll(Duration::from_secs(3600));
        let first = app.catalogue().await.unwrap();
        db.store
            .upsert_places(&[place("park_a", "Park A")])
            .await
            .unwrap();
        let id = PlaceId::parse("park_a").unwrap();
        let local = app.catalogue().await.unwrap();
        assert!(local.version > first.version, "a local write: read at once");
        assert!(local.place(&id).is_some());

        let other = Store::connect(&db.url).await.unwrap();
        other
            .upsert_places(&[place("park_b", "Park B")])
            .await
            .unwrap();
        let id_b = PlaceId::parse("park_b").unwrap();
        match db.engine {
            wenlv_store::Engine::Sqlite => {
                let held = app.catalogue().await.unwrap();
                assert!(Arc::ptr_eq(&held, &local), "no poll due: the held snapshot");
                assert!(held.place(&id_b).is_none());
                let polling = app.clone().with_catalogue_poll(Duration::from_millis(50));
                polling.catalogue().await.unwrap();
                other
                    .upsert_places(&[place("park_b", "Park B, again")])
                    .await
                    .unwrap();
                tokio::time::sleep(Duration::from_millis(60)).await;
                let polled = polling.catalogue().await.unwrap();
                assert_eq!(polled.place(&id_b).unwrap().name_en, "Park B, again");
            }
            wenlv_store::Engine::Postgres => {
                let start = std::time::Instant::now();
                loop {
                    if app.catalogue().await.unwrap().place(&id_b).is_some() {
                        break;
                    }
                    assert!(start.elapsed() < Duration::from_secs(3), "no notification");
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            }
        }
        other.close().await;
    })
    .await;
}

/// The snapshot's filters give the store's answer for every kind of filter, paging included.
#[tokio::test]
async fn the_snapshot_lists_as_the_store_does() {
    on_both_engines(|db| async move {
        db.store
            .upsert_places(&wenlv_io::demo::xining_places())
            .await
            .unwrap();
        let catalogue = app(&db.store).catalogue().await.unwrap();
        let all = PlaceQuery {
            limit: 500,
            ..PlaceQuery::default()
        };
        let queries = [
            all.clone(),
            PlaceQuery {
                limit: 5,
                offset: 3,
                ..all.clone()
            },
            PlaceQuery {
                limit: 0,
                ..all.clone()
            },
            PlaceQuery {
                category: Some(Category::Temple),
                ..all.clone()
            },
            PlaceQuery {
                theme: Some(Theme::OldTown),
                ..all.clone()
            },
            PlaceQuery {
                district: Some("城中区".to_string()),
                ..all.clone()
            },
            PlaceQuery {
                min_a_level: Some(ALevel::new(4).unwrap()),
                ..all.clone()
            },
            PlaceQuery {
                bbox: Some(BoundingBox::parse("101.7,36.55,101.85,36.7").unwrap()),
                ..all.clone()
            },
            PlaceQuery {
                text: Some("TEMPLE".to_string()),
                ..all.clone()
            },
            PlaceQuery {
                text: Some("寺".to_string()),
                ..all.clone()
            },
        ];
        for query in queries {
            let stored = db.store.list_places(&query).await.unwrap();
            // Every filter matches some places and not all, so no comparison is trivial.
            assert!(stored.total > 0, "{query:?}");
            assert_eq!(catalogue.list(&query), stored, "{query:?}");
        }
    })
    .await;
}
