//! Offers on both engines: file order kept, JSON documents read back exactly, upsert counts,
//! whole batches refused before anything is written.

use wenlv_domain::{Effect, OfferBook, OfferId};
use wenlv_store::testing::on_both_engines;
use wenlv_store::{StoreError, UpsertCounts};

const OFFERS_TOML: &str = include_str!("../../../../data/xining/offers.toml");

fn shipped() -> OfferBook {
    OfferBook::parse_toml("data/xining/offers.toml", OFFERS_TOML).unwrap()
}

fn ids(book: &OfferBook) -> Vec<&str> {
    book.offers().iter().map(|o| o.id.as_str()).collect()
}

#[tokio::test]
async fn offers_round_trip_in_file_order() {
    on_both_engines(|db| async move {
        assert_eq!(db.store.offers().await.unwrap(), OfferBook::default());
        let book = shipped();
        let mut sorted = ids(&book);
        sorted.sort();
        assert_ne!(
            ids(&book),
            sorted,
            "the test needs a file order that is not id order"
        );

        let counts = db.store.upsert_offers(&book).await.unwrap();
        assert_eq!(
            counts,
            UpsertCounts {
                created: book.offers().len() as u64,
                updated: 0,
                unchanged: 0
            }
        );
        // Every field, the assumptions and the Chinese text included, comes back as written.
        assert_eq!(db.store.offers().await.unwrap(), book);

        let again = db.store.upsert_offers(&book).await.unwrap();
        assert_eq!(again.unchanged, book.offers().len() as u64);
        assert_eq!((again.created, again.updated), (0, 0));
    })
    .await;
}

#[tokio::test]
async fn an_edit_and_a_new_order_are_updates() {
    on_both_engines(|db| async move {
        let book = shipped();
        db.store.upsert_offers(&book).await.unwrap();

        // Staff change the half-price offer to 40% and move the last offer to the front.
        let mut offers = book.offers().to_vec();
        let half = offers
            .iter_mut()
            .find(|o| o.id.as_str() == "ws2023_paired_aid_half_off_season")
            .unwrap();
        half.effect = Effect::PercentOfOffSeason { percent: 40 };
        let last = offers.pop().unwrap();
        offers.insert(0, last);
        let edited = OfferBook::new(offers);
        let counts = db.store.upsert_offers(&edited).await.unwrap();
        // Every offer moved one place down or to the front, so all are updated.
        assert_eq!(counts.updated, book.offers().len() as u64);
        assert_eq!(counts.created + counts.unchanged, 0);
        let stored = db.store.offers().await.unwrap();
        assert_eq!(stored, edited);
        let half = stored
            .offers()
            .iter()
            .find(|o| o.id.as_str() == "ws2023_paired_aid_half_off_season")
            .unwrap();
        assert_eq!(half.effect, Effect::PercentOfOffSeason { percent: 40 });

        // Only the edited offer changes when its position stays.
        let mut offers = stored.offers().to_vec();
        offers[0].title_en.push_str(" (edited)");
        let counts = db
            .store
            .upsert_offers(&OfferBook::new(offers))
            .await
            .unwrap();
        assert_eq!(
            (counts.created, counts.updated, counts.unchanged),
            (0, 1, book.offers().len() as u64 - 1)
        );
    })
    .await;
}

#[tokio::test]
async fn a_bad_batch_writes_nothing() {
    on_both_engines(|db| async move {
        let book = shipped();
        // A good first offer, then one that breaks a rule of the offer file.
        let mut offers = book.offers().to_vec();
        offers[1].effect = Effect::PercentOff { percent: 150 };
        let err = db
            .store
            .upsert_offers(&OfferBook::new(offers))
            .await
            .unwrap_err();
        let StoreError::Invalid(message) = err else {
            panic!("expected Invalid, got {err:?}");
        };
        assert!(
            message.contains(&format!(
                "offer '{}', field 'effect.percent'",
                book.offers()[1].id
            )),
            "{message}"
        );

        // The same id twice.
        let mut offers = book.offers().to_vec();
        offers[1].id = OfferId::parse(offers[0].id.as_str()).unwrap();
        let err = db
            .store
            .upsert_offers(&OfferBook::new(offers))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("id given twice"), "{err}");

        assert_eq!(db.store.offers().await.unwrap(), OfferBook::default());
    })
    .await;
}
