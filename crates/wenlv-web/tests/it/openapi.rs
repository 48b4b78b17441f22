//! The OpenAPI document: the committed file matches the code, it describes real answers, and the
//! browsable page lists every endpoint.

use crate::support::spawn_app;
use serde_json::{Value, json};
use wenlv_store::testing::fresh_sqlite;
use wenlv_web::openapi::{document, undocumented};

/// The repository's `openapi.json` is what the code generates. After an API change, run the
/// tests with `UPDATE_OPENAPI=1` to rewrite it, and commit the file.
#[test]
fn committed_openapi_json_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../openapi.json");
    let generated = document();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi.json is out of date: run `UPDATE_OPENAPI=1 cargo test -p wenlv-web openapi` and commit it"
    );
}

/// Real answers of plan and check mode use only keys the schemas name, and have every required
/// one; a request naming every property of the request schema is accepted (so the documented
/// request fields exist).
#[tokio::test]
async fn the_schemas_describe_real_requests_and_answers() {
    let fresh = fresh_sqlite().await;
    crate::support::load_xining(&fresh.db.store).await;
    let app = spawn_app(fresh.db.store.clone()).await;
    let doc: Value = serde_json::from_str(&document()).unwrap();
    let post = |path: &'static str, body: Value| {
        let app = &app;
        async move {
            let res = app
                .client
                .post(format!("{}{path}", app.base))
                .json(&body)
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }
    };
    let full = json!({
        "dates": ["2024-01-09"], "start": {"place": "dongguan_mosque"}, "end": {"lat": 36.62, "lon": 101.78},
        "day_start": "09:00", "day_end": "18:00", "themes": {"old_town": 1.0}, "must_see": [],
        "skip": [], "budget_cny": "300.00",
        "visitor": {"home_region": "320000", "age": 30, "student": false, "senior": false,
                    "military": false, "disabled": false, "group_size": 1},
        "pace": "normal", "mode": "walk", "lunch": {"from": "12:00", "to": "13:00"}
    });
    // A trip: arrival, lodging and departure instead of start and end.
    let trip = json!({
        "dates": ["2024-07-12", "2024-07-13"], "themes": {"old_town": 1.0}, "mode": "drive",
        "arrival": {"station": "xining_caojiabao_airport", "time": "14:30"},
        "lodging": {"lat": 36.6175, "lon": 101.7780},
        "departure": {"station": "xining_caojiabao_airport", "time": "17:00", "buffer_minutes": 90}
    });
    let request_schema = &doc["components"]["schemas"]["PlanRequestDoc"]["properties"];
    let mut documented: Vec<&String> = request_schema.as_object().unwrap().keys().collect();
    documented.sort();
    let mut sent: Vec<&String> = full
        .as_object()
        .unwrap()
        .keys()
        .chain(trip.as_object().unwrap().keys())
        .collect();
    sent.sort();
    sent.dedup();
    assert_eq!(
        documented, sent,
        "the test request names every documented property"
    );
    let (status, plan) = post("/api/itineraries", full.clone()).await;
    assert_eq!(status, 200, "{plan}");
    assert!(!plan["days"][0]["stops"].as_array().unwrap().is_empty());
    let schema = json!({"$ref": "#/components/schemas/ItineraryDoc"});
    assert_eq!(
        undocumented(&doc, &schema, &plan, "plan"),
        Vec::<String>::new()
    );

    let (status, planned) = post("/api/itineraries", trip).await;
    assert_eq!(status, 200, "{planned}");
    assert_eq!(planned["days"][0]["start_point"]["role"], "arrival");
    assert_eq!(
        undocumented(&doc, &schema, &planned, "trip"),
        Vec::<String>::new()
    );
    // Empty days say why; not_fitted has kinds.
    let (status, empty) = post(
        "/api/itineraries",
        json!({"dates": ["2024-07-12"], "start": {"station": "xining_caojiabao_airport"}, "mode": "walk"}),
    )
    .await;
    assert_eq!(status, 200, "{empty}");
    assert!(empty["days"][0]["empty_reason"].is_string(), "{empty}");
    assert!(empty["not_fitted"][0]["kind"].is_string(), "{empty}");
    assert_eq!(
        undocumented(&doc, &schema, &empty, "empty"),
        Vec::<String>::new()
    );

    // Check mode, in an order that breaks something: the museum is closed on Mondays.
    let mut check = full.clone();
    check.as_object_mut().unwrap().remove("dates");
    check["days"] =
        json!([{"date": "2024-01-08", "stops": ["qinghai_provincial_museum", "dongguan_mosque"]}]);
    check["budget_cny"] = json!("0.00");
    let (status, checked) = post("/api/itineraries/check", check).await;
    assert_eq!(status, 200, "{checked}");
    assert!(
        !checked["days"][0]["violations"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let schema = json!({"$ref": "#/components/schemas/ItineraryDoc"});
    assert_eq!(
        undocumented(&doc, &schema, &checked, "check"),
        Vec::<String>::new()
    );

    // Hours, the calendar, offers and quotes.
    for (path, schema) in [
        (
            "/api/places/kumbum_monastery/hours?date=2024-01-08",
            "DayHoursDoc",
        ),
        (
            "/api/places/mojia_street/hours?date=2024-01-08",
            "DayHoursDoc",
        ),
        (
            "/api/places/qinghai_provincial_museum/week?from=2024-01-08",
            "WeekDoc",
        ),
        ("/api/calendar?date=2024-10-01", "CalendarDoc"),
        ("/api/offers", "OfferListDoc"),
    ] {
        let (_, value) = app.get_json(path, 200).await;
        let schema = json!({"$ref": format!("#/components/schemas/{schema}")});
        assert_eq!(
            undocumented(&doc, &schema, &value, path),
            Vec::<String>::new()
        );
    }
    let (status, quotes) = post(
        "/api/quotes",
        json!({"date": "2024-01-10", "visitor": {"home_region": "320000", "age": 30},
               "places": ["kumbum_monastery", "riyue_mountain", "mojia_street"]}),
    )
    .await;
    assert_eq!(status, 200, "{quotes}");
    let schema = json!({"$ref": "#/components/schemas/QuotesDoc"});
    assert_eq!(
        undocumented(&doc, &schema, &quotes, "quotes"),
        Vec::<String>::new()
    );

    // Routes and places too.
    let (_, routes) = app.get_json("/api/routes", 200).await;
    let schema = json!({"$ref": "#/components/schemas/RouteList"});
    assert_eq!(
        undocumented(&doc, &schema, &routes, "routes"),
        Vec::<String>::new()
    );
    let (_, places) = app.get_json("/api/places?limit=500", 200).await;
    let schema = json!({"$ref": "#/components/schemas/PlaceList"});
    assert_eq!(
        undocumented(&doc, &schema, &places, "places"),
        Vec::<String>::new()
    );
}

/// `/api/openapi.json` serves the document; `/api/docs` shows every operation and schema.
#[tokio::test]
async fn the_docs_page_lists_every_endpoint() {
    let fresh = fresh_sqlite().await;
    let app = spawn_app(fresh.db.store.clone()).await;
    let (content_type, served) = app.get_json("/api/openapi.json", 200).await;
    assert!(content_type.starts_with("application/json"));
    let doc: Value = serde_json::from_str(&document()).unwrap();
    assert_eq!(served, doc);
    let html = app.get("/api/docs?lang=en").await.text().await.unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let heading = format!("<code>{} {}</code>", method.to_uppercase(), path);
            assert!(html.contains(&heading), "{heading}");
        }
    }
    for name in doc["components"]["schemas"].as_object().unwrap().keys() {
        assert!(html.contains(&format!("id=\"schema-{name}\"")), "{name}");
    }
    // The page shows what the schemas restrict, not only their types.
    for words in [
        "one of: relaxed, normal, brisk",
        "1 to 7 items; each once",
        "at most 40 items",
    ] {
        assert!(html.contains(words), "{words}");
    }
}
