//! The OpenAPI description says what the server enforces: its patterns accept exactly what the
//! server's parsers accept, its enums are the domain's vocabularies, its numbers the real limits;
//! every operation has a unique id and documents its errors; and where the two disagreed the
//! server was brought in line (each case below). Schemathesis checks the same against a running
//! server in CI (`.ci/api-contract.sh`).

use crate::support::spawn_app;
use regex::Regex;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use wenlv_domain::{ALevel, BoundingBox, Category, DivisionCode, Money, Theme};
use wenlv_store::testing::fresh_sqlite;
use wenlv_web::openapi::{
    A_LEVEL_PATTERN, BLANK_PATTERN, CLOCK_PATTERN, CNY_PATTERN, DATE_PATTERN, ID_PATTERN,
    PERIOD_PATTERN, bbox_pattern, division_pattern, document,
};

fn doc() -> Value {
    serde_json::from_str(&document()).unwrap()
}

fn schema(name: &str) -> Value {
    doc()["components"]["schemas"][name].clone()
}

fn enum_of(name: &str) -> Vec<String> {
    serde_json::from_value(schema(name)["enum"].clone()).unwrap()
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap()
}

#[test]
fn the_period_pattern_is_the_servers_month_range() {
    let pattern = re(PERIOD_PATTERN);
    let mut checked = 0;
    for year in [
        "0000", "0001", "1899", "1900", "2024", "8999", "9000", "9998", "9999",
    ] {
        for month in 0..=13 {
            let text = format!("{year}-{month:02}");
            assert_eq!(
                wenlv_domain::bureau::Period::parse(&text).is_ok(),
                pattern.is_match(&text),
                "{text}"
            );
            checked += 1;
        }
    }
    for text in [
        "",
        "2024-1",
        "2024-001",
        "2024/01",
        " 2024-01",
        "2024-01-01",
        "２０２４-01",
    ] {
        assert!(wenlv_domain::bureau::Period::parse(text).is_err(), "{text}");
        assert!(!pattern.is_match(text), "{text}");
    }
    assert_eq!(checked, 9 * 14);
}

#[test]
fn the_date_pattern_is_the_servers_date_range() {
    let pattern = re(DATE_PATTERN);
    let mut checked = 0;
    for year in [
        "0001", "1899", "1900", "2024", "2023", "8999", "9000", "9998", "9999",
    ] {
        for month in 0..=13 {
            for day in 0..=32 {
                let text = format!("{year}-{month:02}-{day:02}");
                // The schema: the pattern and `format: date` (a real calendar day).
                let schema_says = pattern.is_match(&text)
                    && text
                        .parse::<jiff::civil::Date>()
                        .is_ok_and(|d| d.year() > 0);
                assert_eq!(
                    wenlv_domain::parse_date(&text).is_ok(),
                    schema_says,
                    "{text}"
                );
                checked += 1;
            }
        }
    }
    for text in [
        "",
        "2024-1-09",
        "2024-01-9",
        " 2024-01-09",
        "20240109",
        "2024/01/09",
    ] {
        assert!(!pattern.is_match(text), "{text:?}");
        assert!(wenlv_domain::parse_date(text).is_err(), "{text:?}");
    }
    assert!(checked > 4000);
    let date = schema("CivilDate");
    assert_eq!(date["format"], "date");
    assert!(
        date["description"]
            .as_str()
            .unwrap()
            .contains("1900-01-01 to 9998-12-31")
    );
}

#[test]
fn the_clock_pattern_is_the_servers_clock() {
    let pattern = re(CLOCK_PATTERN);
    assert_eq!(CLOCK_PATTERN, "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$");
    for h in 0..100 {
        for m in 0..100 {
            let text = format!("{h:02}:{m:02}");
            assert_eq!(
                pattern.is_match(&text),
                wenlv_domain::parse_clock(&text).is_ok(),
                "{text}"
            );
        }
    }
    for text in ["9:00", "09:0", "09-00", "0900", "", "24:01", " 09:00"] {
        assert!(!pattern.is_match(text), "{text:?}");
        assert!(wenlv_domain::parse_clock(text).is_err(), "{text:?}");
    }
}

#[test]
fn the_other_patterns_are_the_servers_parsers() {
    let a_level = re(A_LEVEL_PATTERN);
    let mut texts: Vec<String> = (0..10).map(|n| n.to_string()).collect();
    texts.extend((0..10).map(|n| format!("{n}A")));
    texts.extend((1..8).map(|n| "A".repeat(n)));
    texts.extend(["4a", "a", "4AA", "-1", "A4"].map(String::from));
    for t in &texts {
        assert_eq!(a_level.is_match(t), ALevel::parse(t).is_ok(), "{t:?}");
    }

    // Every province, and the rule on the prefecture part, over a spread of six-digit codes.
    let division = re(&division_pattern());
    for n in (0..1_000_000).step_by(97).chain([
        630000, 630100, 630102, 630001, 320000, 990000, 110101, 100000,
    ]) {
        let text = format!("{n:06}");
        assert_eq!(
            division.is_match(&text),
            DivisionCode::parse(&text).is_ok(),
            "{text}"
        );
    }

    let bbox = re(&bbox_pattern());
    for text in [
        "101.7,36.6,101.8,36.7",
        "101.8,36.7,101.7,36.6",
        "-180,-90,180,90",
        "180.0,90.0,-180.0,-90.0",
        "0,0,0,0",
        "181,0,0,0",
        "0,91,0,0",
        "0,-90.5,0,0",
        "1,2,3",
        "1,2,3,4,5",
        "a,b,c,d",
    ] {
        assert_eq!(
            bbox.is_match(text),
            BoundingBox::parse(text).is_ok(),
            "{text}"
        );
    }

    let cny = re(CNY_PATTERN);
    for text in ["0", "0.00", "150", "150.5", "150.00", "999999999999.99"] {
        assert!(cny.is_match(text), "{text}");
        assert!(Money::parse(text).is_ok_and(|m| m >= Money::ZERO), "{text}");
    }
    for text in ["-5", "1.234", "1,5", "abc", "1000000000000"] {
        assert!(!cny.is_match(text), "{text}");
        assert!(
            Money::parse(text).is_err() || Money::parse(text).is_ok_and(|m| m < Money::ZERO),
            "{text}"
        );
    }

    let id = re(ID_PATTERN);
    for text in ["kumbum_monastery", "a", "a1_b", "1a", "A", "a-b", ""] {
        assert_eq!(
            id.is_match(text),
            wenlv_domain::PlaceId::parse(text).is_ok(),
            "{text:?}"
        );
    }
}

/// An empty query parameter counts as not given; "empty" is what `str::trim` removes, which the
/// `\s` of JSON Schema's (ECMA-262) regexes is not: U+0085 is blank to the server, not to `\s`.
#[test]
fn the_blank_pattern_is_what_trim_removes() {
    let blank = re(BLANK_PATTERN);
    for c in (0..=0x3100)
        .chain([0xFEFF, 0x10FFFF])
        .filter_map(char::from_u32)
    {
        let text = format!("{c}{c}");
        assert_eq!(
            blank.is_match(&text),
            text.trim().is_empty(),
            "U+{:04X}",
            c as u32
        );
    }
    assert!(blank.is_match(""));
    assert!(!blank.is_match(" x "));
}

#[test]
fn the_vocabularies_are_the_domains() {
    let categories: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(enum_of("CategoryId"), categories);
    let themes: Vec<&str> = Theme::ALL.iter().map(|t| t.as_str()).collect();
    assert_eq!(enum_of("ThemeId"), themes);
    assert_eq!(
        schema("Themes")["propertyNames"]["enum"],
        json!(themes),
        "theme weights are keyed by theme id"
    );
    assert_eq!(enum_of("PaceId"), ["relaxed", "normal", "brisk"]);
    assert_eq!(enum_of("ModeId"), ["walk", "drive"]);
    assert_eq!(enum_of("PricingSeasonId"), ["peak", "off"]);
    assert_eq!(enum_of("ProductLineId"), ["winter_spring", "summer_autumn"]);
    // Each one is what serde reads: every name deserialises, and nothing else does.
    for name in enum_of("PaceId") {
        serde_json::from_value::<wenlv_planner::Pace>(json!(name)).unwrap();
    }
    for name in enum_of("ModeId") {
        serde_json::from_value::<wenlv_planner::Mode>(json!(name)).unwrap();
    }
    assert!(serde_json::from_value::<wenlv_planner::Mode>(json!("fly")).is_err());
    // The answers' kinds are the planner's own lists (which a planner test ties to every kind it
    // writes), and the enums' wire names.
    assert_eq!(
        enum_of("ViolationKindId"),
        wenlv_planner::ViolationKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        enum_of("NotFittedKindId"),
        wenlv_planner::NotFittedKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
    );
    let wire = |v: Value| v.as_str().unwrap().to_string();
    assert_eq!(
        enum_of("TravelTimesId"),
        [
            wenlv_planner::TravelTimesKind::Street,
            wenlv_planner::TravelTimesKind::Estimated
        ]
        .map(|k| wire(serde_json::to_value(k).unwrap()))
    );
    assert_eq!(
        enum_of("RoleId"),
        ["start", "end", "arrival", "lodging", "departure"]
    );
    // Countries: the alpha-2 codes the parser takes (Germany yes, "XX" no).
    let countries: Vec<String> =
        serde_json::from_value(schema("HomeRegion")["anyOf"][1]["enum"].clone()).unwrap();
    assert!(countries.contains(&"DE".to_string()) && !countries.contains(&"XX".to_string()));
    assert!(countries.len() > 200, "{}", countries.len());
}

#[test]
fn the_limits_are_the_servers() {
    let plan = schema("PlanRequestDoc");
    let p = &plan["properties"];
    assert_eq!(p["dates"]["minItems"], 1);
    assert_eq!(p["dates"]["maxItems"], wenlv_planner::MAX_DAYS);
    assert_eq!(p["dates"]["uniqueItems"], true);
    assert_eq!(p["must_see"]["maxItems"], wenlv_planner::MAX_LISTED_PLACES);
    assert_eq!(p["skip"]["maxItems"], wenlv_planner::MAX_LISTED_PLACES);
    assert_eq!(plan["additionalProperties"], false);
    assert_eq!(plan["required"], json!(["dates"]));
    // A trip's ends: closed objects, clock times, the buffer's limit.
    for name in ["ArrivalDoc", "LodgingDoc", "DepartureDoc"] {
        assert_eq!(schema(name)["additionalProperties"], false, "{name}");
    }
    for name in ["ArrivalDoc", "DepartureDoc"] {
        assert_eq!(schema(name)["required"], json!(["time"]), "{name}");
        assert_eq!(
            schema(name)["properties"]["time"]["$ref"],
            "#/components/schemas/Clock"
        );
    }
    assert_eq!(
        schema("DepartureDoc")["properties"]["buffer_minutes"]["maximum"],
        wenlv_planner::trip::MAX_BUFFER_MINUTES
    );
    let check = schema("CheckRequestDoc");
    assert_eq!(
        check["properties"]["days"]["maxItems"],
        wenlv_planner::MAX_DAYS
    );
    assert_eq!(
        schema("CheckDayDoc")["properties"]["stops"]["maxItems"],
        wenlv_planner::MAX_STOPS_PER_DAY
    );
    let quote = schema("QuoteRequestDoc");
    assert_eq!(quote["properties"]["places"]["minItems"], 1);
    assert_eq!(
        quote["properties"]["places"]["maxItems"],
        wenlv_web::quotes::MAX_PLACES
    );
    assert_eq!(schema("PageLimit")["maximum"], wenlv_web::places::MAX_LIMIT);
    assert_eq!(schema("PageOffset")["maximum"], u32::MAX);
    // Null only where the server takes it.
    let nullable = |v: &Value| {
        v["oneOf"]
            .as_array()
            .is_some_and(|alts| alts.iter().any(|a| a["type"] == "null"))
    };
    // `start` may be null or absent since trips (a lodging or an arrival and a departure instead).
    for field in [
        "start",
        "end",
        "budget_cny",
        "lunch",
        "arrival",
        "lodging",
        "departure",
    ] {
        assert!(nullable(&p[field]), "{field}");
    }
    for field in [
        "dates",
        "day_start",
        "themes",
        "must_see",
        "visitor",
        "pace",
        "mode",
    ] {
        assert!(!nullable(&p[field]), "{field}");
    }
}

/// The document is the API under `/api`; the health probes are the deployment's, not described.
#[test]
fn the_document_describes_the_api_only() {
    let doc = doc();
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    assert!(paths.len() >= 13, "{paths:?}");
    for path in paths {
        assert!(path.starts_with("/api/"), "{path}");
    }
}

/// Code generators need one id per operation; integrators need every answer described.
#[test]
fn every_operation_has_its_own_id_and_documents_its_errors() {
    let doc = doc();
    let mut ids = BTreeSet::new();
    let id_shape = re("^[a-z][A-Za-z]+$");
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap_or_default().to_string();
            assert!(id_shape.is_match(&id), "{method} {path}: {id:?}");
            assert!(ids.insert(id.clone()), "{id} used twice");
            assert!(op["tags"].as_array().is_some_and(|t| t.len() == 1), "{id}");
            let responses = op["responses"].as_object().unwrap();
            for (status, response) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    assert_eq!(
                        response["content"]["application/problem+json"]["schema"]["$ref"],
                        "#/components/schemas/Problem",
                        "{id} {status}"
                    );
                }
            }
            let has = |s: &str| responses.contains_key(s);
            if method == "post" {
                for s in ["400", "408", "413", "415", "500"] {
                    assert!(has(s), "{id} lacks {s}");
                }
                assert!(has("200") || has("201"), "{id} lacks 200 or 201");
                assert_eq!(op["requestBody"]["required"], true, "{id}");
            }
            if op["parameters"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"))
            {
                assert!(has("400"), "{id}: a query can be refused");
            }
            if path.contains("{id}") {
                assert!(has("404"), "{id}");
            }
        }
    }
    for id in [
        "listPlaces",
        "getPlace",
        "listPlacesGeoJson",
        "getPlaceHours",
        "getPlaceWeek",
        "getCalendarDay",
        "listOffers",
        "createQuotes",
        "listRoutes",
        "getRoute",
        "listStations",
        "planItinerary",
        "checkItinerary",
    ] {
        assert!(ids.contains(id), "{id}");
    }
}

/// Where the server and the schema disagreed, found by Schemathesis, and what now holds.
#[tokio::test]
async fn the_server_takes_what_the_schema_allows_and_refuses_what_it_forbids() {
    let fresh = fresh_sqlite().await;
    crate::support::load_xining(&fresh.db.store).await;
    let app = spawn_app(fresh.db.store.clone()).await;

    // `offset` is any u32, as the schema now says (it said int32 and the server took 2^31).
    let (_, page) = app.get_json("/api/places?offset=4294967295", 200).await;
    assert_eq!(page["items"], json!([]));
    assert!(page["total"].as_u64().unwrap() > 40);
    let (_, problem) = app.get_json("/api/places?offset=4294967296", 400).await;
    assert_eq!(problem["parameter"], "offset");

    // An empty parameter counts as not given, as each parameter's schema says.
    let (_, all) = app
        .get_json("/api/places?min_a_level=&bbox=&limit=", 200)
        .await;
    // The default page of the loaded catalogue, whatever its size.
    let total = all["total"].as_u64().unwrap() as usize;
    assert_eq!(all["items"].as_array().unwrap().len(), total.min(50));
    app.get_json("/api/calendar?date=", 200).await;

    // Any two corners are a box (the schema cannot say "the smaller first").
    let (_, a) = app
        .get_json("/api/places?bbox=101.7,36.5,101.9,36.7", 200)
        .await;
    let (_, b) = app
        .get_json("/api/places?bbox=101.9,36.7,101.7,36.5", 200)
        .await;
    assert_eq!(a, b);
    assert!(a["total"].as_u64().unwrap() > 0);

    // A struct is read from a JSON object only (serde also took `[null, 30]` for a visitor).
    let problem = app
        .post_json(
            "/api/quotes",
            &json!({"date": "2024-01-10", "places": ["kumbum_monastery"], "visitor": [null, 30]}),
            400,
        )
        .await;
    assert_eq!(problem["field"], "visitor", "{problem}");
    let problem = app
        .post_json(
            "/api/itineraries",
            &json!([["2024-01-09"], {"place": "dongguan_mosque"}]),
            400,
        )
        .await;
    assert!(
        problem["detail"].as_str().unwrap().contains("JSON object"),
        "{problem}"
    );

    // A missing required field is named (it was reported at its parent, the body: no `field`).
    let problem = app
        .post_json("/api/quotes", &json!({"date": "2024-01-10"}), 400)
        .await;
    assert_eq!(problem["field"], "places", "{problem}");
    let problem = app
        .post_json(
            "/api/itineraries",
            &json!({"dates": ["2024-01-09"], "start": {"place": "dongguan_mosque"},
                    "lunch": {"from": "12:00"}}),
            400,
        )
        .await;
    assert_eq!(problem["field"], "lunch.to", "{problem}");

    // An end no day can reach was a solver assertion (500); it is a bad request naming `end`.
    let problem = app
        .post_json(
            "/api/itineraries",
            &json!({"dates": ["2024-01-09"], "start": {"place": "dongguan_mosque"},
                    "end": {"lat": 0.0, "lon": 179.0}}),
            400,
        )
        .await;
    assert_eq!(problem["field"], "end", "{problem}");

    // `dates: []` on a check is not "left out": the schema asks for 1 to 7 dates when given
    // (Schemathesis found the merged application layer taking it as absent).
    let problem = app
        .post_json(
            "/api/itineraries/check",
            &json!({"days": [{"date": "2024-01-08", "stops": ["dongguan_mosque"]}], "dates": [],
                    "start": {"place": "dongguan_mosque"}}),
            400,
        )
        .await;
    assert_eq!(problem["field"], "dates", "{problem}");

    // A trip's ends take null for a field left out, as their schemas say; the buffer's limit is
    // the schema's, one more is refused naming it.
    let trip = |buffer: u32| {
        json!({"dates": ["2024-07-12", "2024-07-13"], "mode": "drive",
               "arrival": {"station": "xining_caojiabao_airport", "place": null, "lat": null,
                           "lon": null, "time": "09:30"},
               "lodging": {"place": null, "lat": 36.6175, "lon": 101.7780},
               "departure": {"station": "xining_caojiabao_airport", "time": "23:59",
                             "buffer_minutes": buffer}})
    };
    let answer = app
        .post_json(
            "/api/itineraries",
            &trip(wenlv_planner::trip::MAX_BUFFER_MINUTES),
            200,
        )
        .await;
    assert_eq!(answer["days"][1]["latest_back"], "13:59", "{answer}");
    let problem = app
        .post_json(
            "/api/itineraries",
            &trip(wenlv_planner::trip::MAX_BUFFER_MINUTES + 1),
            400,
        )
        .await;
    assert_eq!(problem["field"], "departure.buffer_minutes", "{problem}");

    // The documented example requests are accepted as they stand.
    let doc = doc();
    for (path, name) in [
        ("/api/itineraries", "PlanRequestDoc"),
        ("/api/itineraries/check", "CheckRequestDoc"),
        ("/api/quotes", "QuoteRequestDoc"),
    ] {
        let example = &doc["components"]["schemas"][name]["example"];
        assert!(example.is_object(), "{name}");
        app.post_json(path, example, 200).await;
    }
}
