//! Pricing through the application layer, on both engines, over a fixture catalogue.

use jiff::civil::date;
use std::sync::Arc;
use wenlv_app::{Actor, App, QuoteError};
use wenlv_domain::{Category, Money, Place, PlaceId, QuoteRequest, Visitor};
use wenlv_store::testing::on_both_engines;

fn place(id: &str, peak: &str) -> Place {
    let mut p = Place::new(PlaceId::parse(id).unwrap(), "名", "Name", Category::Park);
    p.price_peak = Some(Money::parse(peak).unwrap());
    p.price_off = Some(Money::parse(peak).unwrap());
    p
}

fn request(ids: &[&str]) -> QuoteRequest {
    QuoteRequest {
        date: date(2024, 7, 10),
        visitor: Visitor::default(),
        places: ids.iter().map(|i| PlaceId::parse(i).unwrap()).collect(),
    }
}

#[tokio::test]
async fn quotes_name_every_unknown_place_and_price_the_known() {
    on_both_engines(|db| async move {
        db.store
            .upsert_places(&[place("park_a", "12.50"), place("park_b", "0")])
            .await
            .unwrap();
        let app = App::new(db.store.clone(), Arc::new(wenlv_io::demo::xining_city()));
        let quotes = app
            .quote(&Actor::Visitor, &request(&["park_a", "park_b"]))
            .await
            .unwrap();
        assert_eq!(quotes.quotes.len(), 2);
        assert_eq!(
            quotes.quotes[0].final_price,
            Some(Money::parse("12.50").unwrap())
        );

        let err = app
            .quote(
                &Actor::Visitor,
                &request(&["park_a", "nope_one", "nope_two"]),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&err, QuoteError::UnknownPlaces(ids) if ids.len() == 2),
            "{err}"
        );
        assert_eq!(err.field(), Some("places"));
        assert_eq!(
            err.to_string(),
            "places: unknown place id(s) 'nope_one', 'nope_two'"
        );

        let err = app
            .quote(&Actor::Operator, &request(&[]))
            .await
            .unwrap_err();
        assert!(matches!(err, QuoteError::NoPlaces));
        let many: Vec<String> = (0..201).map(|i| format!("p{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let err = app
            .quote(&Actor::Visitor, &request(&many))
            .await
            .unwrap_err();
        assert!(
            matches!(err, QuoteError::TooManyPlaces { given: 201 }),
            "{err}"
        );

        let mut far = request(&["park_a"]);
        far.date = date(9999, 12, 31);
        let err = app.quote(&Actor::Visitor, &far).await.unwrap_err();
        assert_eq!(err.field(), Some("date"), "{err}");
    })
    .await;
}
