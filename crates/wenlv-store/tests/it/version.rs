//! The catalogue version on both engines: every write that changes places or offers increases
//! it, a write that changes nothing or is refused leaves it, and another pool sees it at once.

use wenlv_domain::{Category, OfferBook, Place, PlaceId};
use wenlv_store::Store;
use wenlv_store::testing::on_both_engines;

const OFFERS_TOML: &str = include_str!("../../../../data/xining/offers.toml");

fn park(name_en: &str) -> Place {
    Place::new(
        PlaceId::parse("park_a").unwrap(),
        "公园",
        name_en,
        Category::Park,
    )
}

#[tokio::test]
async fn writes_that_change_the_catalogue_move_its_version() {
    on_both_engines(|db| async move {
        let other = Store::connect(&db.url).await.unwrap();
        let v0 = db.store.catalogue_version().await.unwrap();

        db.store.upsert_places(&[park("Park A")]).await.unwrap();
        let v1 = other.catalogue_version().await.unwrap();
        assert!(v1 > v0, "a created place: {v0} -> {v1}");

        db.store.upsert_places(&[park("Park A")]).await.unwrap();
        assert_eq!(db.store.catalogue_version().await.unwrap(), v1, "unchanged");

        // Refused: the same id twice. Nothing written, nothing bumped.
        assert!(
            db.store
                .upsert_places(&[park("x"), park("y")])
                .await
                .is_err()
        );
        assert_eq!(db.store.catalogue_version().await.unwrap(), v1, "refused");

        db.store
            .upsert_places(&[park("Park A, renamed")])
            .await
            .unwrap();
        let v2 = other.catalogue_version().await.unwrap();
        assert!(v2 > v1, "an updated place");

        let book = OfferBook::parse_toml("offers.toml", OFFERS_TOML).unwrap();
        other.upsert_offers(&book).await.unwrap();
        let v3 = db.store.catalogue_version().await.unwrap();
        assert!(v3 > v2, "offers written through another pool");
        other.upsert_offers(&book).await.unwrap();
        assert_eq!(
            db.store.catalogue_version().await.unwrap(),
            v3,
            "same offers"
        );
        other.close().await;
    })
    .await;
}
