//! Hours, calendar, offers and quotes over HTTP, on the shipped Xining catalogue and offers
//! stored in a real database (both engines): the "done when" cases with real dates.

use crate::support::{TestApp, spawn_app};
use serde_json::{Value, json};
use wenlv_domain::{Effect, Money, OfferBook, Place};
use wenlv_store::Store;
use wenlv_store::testing::on_both_engines;

/// Stores the Xining catalogue and offers, as `wenlv init --demo` does.
async fn load_xining(store: &Store) -> Vec<Place> {
    let places = wenlv_io::demo::xining_places();
    store.upsert_places(&places).await.unwrap();
    store
        .upsert_offers(&wenlv_io::demo::xining_city().offers)
        .await
        .unwrap();
    places
}

fn price_off(places: &[Place], id: &str) -> Money {
    places
        .iter()
        .find(|p| p.id.as_str() == id)
        .unwrap()
        .price_off
        .unwrap()
}

impl TestApp {
    /// Like `post_json`, also returning the content type.
    async fn post_json_with_type(&self, path: &str, body: &Value, status: u16) -> (String, Value) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "POST {path} {body}");
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (content_type, response.json().await.unwrap())
    }
}

fn quote_body(home_region: &str) -> Value {
    json!({
        "date": "2024-01-10",
        "visitor": {"home_region": home_region, "age": 30},
        "places": ["qinghai_plateau_wildlife_zoo", "kumbum_monastery", "riyue_mountain"]
    })
}

fn considered<'a>(quote: &'a Value, offer: &str) -> &'a Value {
    quote["considered"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["offer"] == offer)
        .unwrap_or_else(|| panic!("{offer} not considered in {quote}"))
}

/// The acceptance case: a visitor from Jiangsu on 10 Jan 2024 (inside the 2023/24
/// winter-spring season) pays 0 at the wildlife park, the off-season price at Kumbum and half
/// the off-season price at Riyue Mountain; a visitor from Gansu pays the normal prices. Each
/// answer carries its explanation.
#[tokio::test]
async fn paired_aid_visitors_get_the_winter_spring_offers() {
    on_both_engines(|db| async move {
        let places = load_xining(&db.store).await;
        let app = spawn_app(db.store.clone()).await;
        let kumbum_off = price_off(&places, "kumbum_monastery");
        let riyue_off = price_off(&places, "riyue_mountain");
        // The expectations below come from the loaded catalogue (its prices are checked by
        // the data tests in wenlv-io); half of a zero price would not show the offer.
        assert!(
            riyue_off.percent(50) != riyue_off,
            "riyue_mountain needs a price"
        );

        let (content_type, jiangsu) = app
            .post_json_with_type("/api/quotes", &quote_body("320000"), 200)
            .await;
        assert!(
            content_type.starts_with("application/json"),
            "{content_type}"
        );
        let q = jiangsu["quotes"].as_array().unwrap();
        assert_eq!(q.len(), 3);
        let places_in_order: Vec<_> = q.iter().map(|x| x["place"].as_str().unwrap()).collect();
        assert_eq!(
            places_in_order,
            [
                "qinghai_plateau_wildlife_zoo",
                "kumbum_monastery",
                "riyue_mountain"
            ]
        );
        // Contract fields are all there, with the contract's types.
        for quote in q {
            for key in [
                "place",
                "season",
                "base_price",
                "final_price",
                "applied_offer",
                "considered",
            ] {
                assert!(quote.get(key).is_some(), "{key} missing in {quote}");
            }
            assert_eq!(quote["season"], "off", "10 January is off season: {quote}");
            // Every stored offer is considered.
            let offers = wenlv_io::demo::xining_city().offers.offers().len();
            assert_eq!(quote["considered"].as_array().unwrap().len(), offers);
            for c in quote["considered"].as_array().unwrap() {
                assert!(
                    c["offer"].is_string() && c["applied"].is_boolean() && c["reason"].is_string()
                );
            }
        }

        let zoo = &q[0];
        assert_eq!(zoo["final_price"], "0.00");
        assert_eq!(zoo["applied_offer"], "ws2023_paired_aid_free");
        assert_eq!(
            zoo["base_price"],
            Value::Null,
            "its off-season price is unknown, not 0"
        );
        assert_eq!(
            considered(zoo, "ws2023_paired_aid_free")["reason"],
            "applied: free"
        );
        assert_eq!(
            considered(zoo, "ws2023_paired_aid_kumbum")["reason"],
            "not this place"
        );

        let kumbum = &q[1];
        assert_eq!(kumbum["base_price"], kumbum_off.to_string());
        assert_eq!(kumbum["final_price"], kumbum_off.to_string());
        assert_eq!(kumbum["applied_offer"], "ws2023_paired_aid_kumbum");
        let applied = considered(kumbum, "ws2023_paired_aid_kumbum");
        assert_eq!(applied["applied"], true);
        assert!(
            applied["reason"]
                .as_str()
                .unwrap()
                .starts_with("applied: the off-season price"),
            "{applied}"
        );
        // Kumbum is excluded from the free offer: it is not offered at all there.
        assert_eq!(
            considered(kumbum, "ws2023_paired_aid_free")["reason"],
            "not this place"
        );

        let riyue = &q[2];
        assert_eq!(riyue["base_price"], riyue_off.to_string());
        assert_eq!(riyue["final_price"], riyue_off.percent(50).to_string());
        assert_eq!(riyue["applied_offer"], "ws2023_paired_aid_half_off_season");
        assert_eq!(
            considered(riyue, "ws2023_paired_aid_half_off_season")["reason"],
            "applied: 50% of the off-season price"
        );

        let (_, gansu) = app
            .post_json_with_type("/api/quotes", &quote_body("620000"), 200)
            .await;
        let q = gansu["quotes"].as_array().unwrap();
        let expected_final = [
            Value::Null,
            json!(kumbum_off.to_string()),
            json!(riyue_off.to_string()),
        ];
        for (quote, final_price) in q.iter().zip(expected_final) {
            assert_eq!(quote["final_price"], final_price, "{quote}");
            assert_eq!(
                quote["final_price"], quote["base_price"],
                "normal price: {quote}"
            );
            assert_eq!(quote["applied_offer"], Value::Null);
            // The offer for this place was refused for the visitor's home province, and says so.
            let refused: Vec<_> = quote["considered"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["reason"] != "not this place")
                .collect();
            assert_eq!(refused.len(), 1, "{quote}");
            let reason = refused[0]["reason"].as_str().unwrap();
            assert!(
                reason.starts_with("not eligible: home province (from 620000"),
                "{reason}"
            );
        }
    })
    .await;
}

/// The quotes use the offers in the database: a staff edit changes the next answer.
#[tokio::test]
async fn an_offer_edited_in_the_store_takes_effect() {
    on_both_engines(|db| async move {
        let places = load_xining(&db.store).await;
        let app = spawn_app(db.store.clone()).await;
        let mut offers = db.store.offers().await.unwrap().offers().to_vec();
        let half = offers
            .iter_mut()
            .find(|o| o.id.as_str() == "ws2023_paired_aid_half_off_season")
            .unwrap();
        half.effect = Effect::PercentOfOffSeason { percent: 40 };
        db.store
            .upsert_offers(&OfferBook::new(offers))
            .await
            .unwrap();

        let (_, body) = app
            .post_json_with_type("/api/quotes", &quote_body("320000"), 200)
            .await;
        let riyue = &body["quotes"][2];
        assert_eq!(
            riyue["final_price"],
            price_off(&places, "riyue_mountain").percent(40).to_string()
        );

        let (_, list) = app.get_json("/api/offers", 200).await;
        let ids: Vec<_> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            [
                "ws2023_paired_aid_free",
                "ws2023_paired_aid_kumbum",
                "ws2023_paired_aid_half_off_season",
                "ws2023_paired_aid_dreamland"
            ]
        );
        assert_eq!(
            list["items"][2]["effect"],
            json!({"kind": "percent_of_off_season", "percent": 40})
        );
        assert!(list["items"][0]["assumptions"].as_array().unwrap().len() >= 2);
    })
    .await;
}

/// Bad requests are 400 problem details that say what was wrong with which value.
#[tokio::test]
async fn bad_quote_requests_are_problems() {
    on_both_engines(|db| async move {
        let places = load_xining(&db.store).await;
        let app = spawn_app(db.store.clone()).await;
        let cases = [
            (
                json!({"date": "2024-01-10", "visitor": {"home_region": "990000"}, "places": ["kumbum_monastery"]}),
                vec!["home_region", "990000"],
            ),
            (
                json!({"date": "2024-01-10", "visitor": {"home_region": "32000"}, "places": ["kumbum_monastery"]}),
                vec!["home_region", "32000"],
            ),
            (
                json!({"date": "2024-01-10", "visitor": {"home_region": "Jiangsu"}, "places": ["kumbum_monastery"]}),
                vec!["home_region", "Jiangsu"],
            ),
            (
                json!({"date": "2024-01-10", "places": ["kumbum_monastery", "no_such_place", "atlantis"]}),
                vec!["unknown place", "'no_such_place'", "'atlantis'"],
            ),
            (
                json!({"date": "2024-02-30", "places": ["kumbum_monastery"]}),
                vec!["date"],
            ),
            (json!({"date": "2024-01-10", "places": []}), vec!["places"]),
            (
                json!({"date": "2024-01-10", "places": ["kumbum_monastery"], "visitr": {}}),
                vec!["visitr"],
            ),
        ];
        for (body, needles) in cases {
            let (content_type, problem) = app.post_json_with_type("/api/quotes", &body, 400).await;
            assert_eq!(content_type, "application/problem+json", "{body}");
            assert_eq!(problem["status"], 400);
            let detail = problem["detail"].as_str().unwrap();
            for needle in needles {
                assert!(detail.contains(needle), "{body}: {detail:?} lacks {needle:?}");
            }
        }
        // A foreign visitor (ISO country code) is fine, and gets the normal price.
        let (_, ok) = app
            .post_json_with_type(
                "/api/quotes",
                &json!({"date": "2024-01-10", "visitor": {"home_region": "DE"}, "places": ["riyue_mountain"]}),
                200,
            )
            .await;
        assert_eq!(
            ok["quotes"][0]["final_price"],
            price_off(&places, "riyue_mountain").to_string(),
            "the off-season price on 10 January"
        );
        // No JSON content type: 415, still a problem document.
        let response = app
            .client
            .post(format!("{}/api/quotes", app.base))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 415);
        assert_eq!(
            response.headers()["content-type"].to_str().unwrap(),
            "application/problem+json"
        );
    })
    .await;
}

/// The provincial museum closes on Mondays and opens 09:00-17:00 with last admission 16:30 on
/// other days: Monday 8 and Tuesday 9 January 2024, one day and as a week.
#[tokio::test]
async fn museum_hours_on_a_monday_and_a_tuesday() {
    on_both_engines(|db| async move {
        load_xining(&db.store).await;
        let app = spawn_app(db.store.clone()).await;
        let (_, monday) = app
            .get_json(
                "/api/places/qinghai_provincial_museum/hours?date=2024-01-08",
                200,
            )
            .await;
        assert_eq!(monday["date"], "2024-01-08");
        assert_eq!(monday["open"], json!([]));
        assert_eq!(monday["last_admission"], Value::Null);
        assert_eq!(monday["hours_known"], true);
        assert!(monday.get("note").is_some());

        let (_, tuesday) = app
            .get_json(
                "/api/places/qinghai_provincial_museum/hours?date=2024-01-09",
                200,
            )
            .await;
        assert_eq!(tuesday["date"], "2024-01-09");
        assert_eq!(tuesday["open"].as_array().unwrap().len(), 1);
        assert_eq!(tuesday["open"][0]["from"], "09:00");
        assert_eq!(tuesday["open"][0]["to"], "17:00");
        assert_eq!(tuesday["last_admission"], "16:30");
        assert_eq!(tuesday["public_holiday"], false);

        let (_, week) = app
            .get_json(
                "/api/places/qinghai_provincial_museum/week?from=2024-01-08",
                200,
            )
            .await;
        let days = week["days"].as_array().unwrap();
        assert_eq!(days.len(), 7);
        assert_eq!(days[0], monday);
        assert_eq!(days[1], tuesday);
        assert_eq!(days[6]["date"], "2024-01-14");
        assert_eq!(days[6]["open"][0]["from"], "09:00", "open on Sunday");

        // No date: today in Xining.
        let today = jiff::Timestamp::now()
            .in_tz("Asia/Shanghai")
            .unwrap()
            .date()
            .to_string();
        let (_, now) = app
            .get_json("/api/places/qinghai_provincial_museum/hours", 200)
            .await;
        assert_eq!(now["date"], today);
    })
    .await;
}

/// Unknown hours are never shown as closed; bad dates and unknown places are problems.
#[tokio::test]
async fn unknown_hours_and_bad_hours_requests() {
    on_both_engines(|db| async move {
        let places = load_xining(&db.store).await;
        let app = spawn_app(db.store.clone()).await;
        let unknown = places
            .iter()
            .find(|p| p.opening_hours.is_none())
            .expect("the catalogue has a place with unknown hours");
        let (_, day) = app
            .get_json(
                &format!("/api/places/{}/hours?date=2024-01-08", unknown.id),
                200,
            )
            .await;
        assert_eq!(day["open"], json!([]));
        assert_eq!(day["hours_known"], false);
        assert!(
            day["note"]
                .as_str()
                .unwrap()
                .contains("opening hours of this place are unknown"),
            "{day}"
        );

        let (content_type, problem) = app
            .get_json(
                "/api/places/qinghai_provincial_museum/hours?date=2024-13-01",
                400,
            )
            .await;
        assert_eq!(content_type, "application/problem+json");
        assert_eq!(problem["parameter"], "date");
        assert_eq!(problem["value"], "2024-13-01");
        app.get_json(
            "/api/places/qinghai_provincial_museum/week?from=tomorrow",
            400,
        )
        .await;
        app.get_json(
            "/api/places/qinghai_provincial_museum/hours?day=2024-01-08",
            400,
        )
        .await;
        let (_, problem) = app
            .get_json("/api/places/no_such_place/hours?date=2024-01-08", 404)
            .await;
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("no_such_place")
        );
    })
    .await;
}

/// The calendar of a day: product line, city-wide pricing season, holidays and adjusted
/// working days from the State Council data, and `null` for a year the data does not cover.
#[tokio::test]
async fn calendar_days() {
    on_both_engines(|db| async move {
        let app = spawn_app(db.store.clone()).await;
        let (_, jan) = app.get_json("/api/calendar?date=2024-01-10", 200).await;
        assert_eq!(jan["date"], "2024-01-10");
        assert_eq!(jan["product_line"], "winter_spring");
        assert_eq!(jan["pricing_season"], "off");
        assert_eq!(jan["public_holiday"], false);
        assert_eq!(jan["working_day"], true);
        assert!(jan["note"].is_string());

        let (_, national_day) = app.get_json("/api/calendar?date=2024-10-01", 200).await;
        assert_eq!(national_day["product_line"], "summer_autumn");
        assert_eq!(national_day["pricing_season"], "peak");
        assert_eq!(national_day["public_holiday"], true);
        assert_eq!(national_day["working_day"], false);

        // Sunday 4 February 2024 was worked (调休) for the Spring Festival.
        let (_, adjusted) = app.get_json("/api/calendar?date=2024-02-04", 200).await;
        assert_eq!(adjusted["public_holiday"], false);
        assert_eq!(adjusted["working_day"], true);
        assert!(
            adjusted["note"]
                .as_str()
                .unwrap()
                .contains("adjusted working day")
        );

        let (_, future) = app.get_json("/api/calendar?date=2035-05-01", 200).await;
        assert_eq!(future["public_holiday"], Value::Null);
        assert_eq!(future["working_day"], Value::Null);
        assert!(
            future["note"]
                .as_str()
                .unwrap()
                .contains("unknown for 2035")
        );

        app.get_json("/api/calendar?date=10/01/2024", 400).await;
    })
    .await;
}
