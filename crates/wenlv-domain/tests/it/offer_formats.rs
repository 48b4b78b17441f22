//! Offers survive JSON (the database and the API) and TOML (export, re-import) unchanged.

use crate::support::offers;
use wenlv_domain::{Offer, OfferBook};

#[test]
fn the_shipped_offers_round_trip_through_json() {
    let book = offers();
    assert!(book.offers().len() >= 4);
    for offer in book.offers() {
        let json = serde_json::to_string(offer).unwrap();
        let back: Offer = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, offer, "{json}");
    }
    let json = serde_json::to_value(&book).unwrap();
    let back: OfferBook = serde_json::from_value(json).unwrap();
    assert_eq!(back, book);
}

#[test]
fn the_shipped_offers_round_trip_through_toml() {
    let book = offers();
    let text = book.to_toml();
    let back =
        OfferBook::parse_toml("export.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back, book);
    // Writing again gives the same bytes: the export is stable.
    assert_eq!(back.to_toml(), text);
}

/// JSON read from a database row is checked like the file: a bad percentage is refused with the
/// offer and the field named.
#[test]
fn json_offers_are_checked() {
    let mut json = serde_json::to_value(&offers().offers()[0]).unwrap();
    json["effect"] = serde_json::json!({"kind": "percent_off", "percent": 150});
    let err = serde_json::from_value::<Offer>(json.clone())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("offer 'ws2023_paired_aid_free', field 'effect.percent'"),
        "{err}"
    );
    json["effect"] = serde_json::json!({"kind": "free"});
    json["valid_to"] = serde_json::json!("2020-01-01");
    let err = serde_json::from_value::<Offer>(json.clone())
        .unwrap_err()
        .to_string();
    assert!(err.contains("field 'valid_to'"), "{err}");
    json["valid_to"] = serde_json::json!("2024-04-30");
    json["id"] = serde_json::json!("Bad Id");
    assert!(serde_json::from_value::<Offer>(json).is_err());
}
