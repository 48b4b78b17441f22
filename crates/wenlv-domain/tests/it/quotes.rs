//! Quotes against the real season and offer files, with the research file's prices.

use crate::support::{RESEARCH_PLACES_CSV, offers, place, seasons, xining_places};
use jiff::civil::date;
use wenlv_domain::{
    Category, HomeRegion, Money, OfferBook, PlaceId, PricingSeason, ProductLine, Quote, ReasonKind,
    Visitor, quote, quote_all,
};

fn visitor(region: &str) -> Visitor {
    Visitor {
        home_region: Some(HomeRegion::parse(region).unwrap()),
        age: Some(30),
        ..Visitor::default()
    }
}

fn find<'a>(quotes: &'a [Quote], id: &str) -> &'a Quote {
    quotes.iter().find(|q| q.place.as_str() == id).unwrap()
}

fn reason<'a>(q: &'a Quote, offer: &str) -> &'a str {
    &q.considered
        .iter()
        .find(|c| c.offer.as_str() == offer)
        .unwrap()
        .reason
}

fn m(s: &str) -> Option<Money> {
    Some(Money::parse(s).unwrap())
}

/// The real data files read, and every place the offers name exists in the research catalogue.
#[test]
fn real_files_read_and_name_real_places() {
    let book = offers();
    assert_eq!(book.offers().len(), 4);
    let mut reader = csv::Reader::from_reader(RESEARCH_PLACES_CSV.as_bytes());
    let ids: Vec<String> = reader
        .records()
        .map(|r| r.unwrap().get(0).unwrap().to_string())
        .collect();
    assert!(ids.len() > 40);
    let unknown = book.unknown_places(|p| ids.iter().any(|i| i == p.as_str()));
    assert!(unknown.is_empty(), "{unknown:?}");
    // Every offer states its assumptions (the source gives no dates).
    assert!(book.offers().iter().all(|o| !o.assumptions.is_empty()));
}

/// The seasons of the real file: Riyue Mountain's own dates, Kumbum's, and the city default.
#[test]
fn real_season_calendar() {
    let s = seasons();
    let riyue = PlaceId::parse("riyue_mountain").unwrap();
    let kumbum = PlaceId::parse("kumbum_monastery").unwrap();
    let zoo = PlaceId::parse("qinghai_plateau_wildlife_zoo").unwrap();
    // 2024-04-14 is a Sunday, 2024-04-15 a Monday.
    assert_eq!(
        s.pricing_season(&riyue, date(2024, 4, 14)).season,
        PricingSeason::Off
    );
    assert_eq!(
        s.pricing_season(&riyue, date(2024, 4, 15)).season,
        PricingSeason::Peak
    );
    assert!(s.pricing_season(&riyue, date(2024, 4, 15)).source.is_some());
    assert_eq!(
        s.pricing_season(&kumbum, date(2024, 4, 14)).season,
        PricingSeason::Peak
    );
    let city = s.pricing_season(&zoo, date(2024, 1, 10));
    assert_eq!(city.season, PricingSeason::Off);
    assert!(!city.place_specific);
    assert!(city.assumption.is_some());
    assert_eq!(
        s.product_line(date(2024, 1, 10)).line,
        ProductLine::WinterSpring
    );
    assert_eq!(
        s.product_line(date(2024, 7, 10)).line,
        ProductLine::SummerAutumn
    );
}

/// A visitor from Jiangsu on 2024-01-10 (a Wednesday, inside the assumed 2023/24 winter–spring
/// season): free at the wildlife park, Kumbum's off-season price, half Riyue's off-season price.
#[test]
fn jiangsu_visitor_in_winter_spring_2023_24() {
    let q = quote_all(
        date(2024, 1, 10),
        &visitor("320000"),
        &xining_places(),
        &seasons(),
        &offers(),
    );

    let zoo = find(&q, "qinghai_plateau_wildlife_zoo");
    assert_eq!(zoo.season, PricingSeason::Off);
    assert_eq!(zoo.final_price, m("0"));
    let applied = zoo.considered.iter().find(|c| c.applied).unwrap();
    assert_eq!(applied.kind, ReasonKind::Applied);
    assert_eq!(
        zoo.base_price, None,
        "the research file has no off-season price: unknown, not 0"
    );
    assert_eq!(
        zoo.applied_offer.as_ref().unwrap().as_str(),
        "ws2023_paired_aid_free"
    );
    assert_eq!(reason(zoo, "ws2023_paired_aid_free"), "applied: free");
    assert_eq!(reason(zoo, "ws2023_paired_aid_kumbum"), "not this place");

    let kumbum = find(&q, "kumbum_monastery");
    assert_eq!(kumbum.season, PricingSeason::Off);
    assert_eq!((kumbum.base_price, kumbum.final_price), (m("40"), m("40")));
    assert_eq!(
        kumbum.applied_offer.as_ref().unwrap().as_str(),
        "ws2023_paired_aid_kumbum"
    );
    assert_eq!(reason(kumbum, "ws2023_paired_aid_free"), "not this place");

    let riyue = find(&q, "riyue_mountain");
    assert_eq!(riyue.season, PricingSeason::Off);
    assert_eq!((riyue.base_price, riyue.final_price), (m("30"), m("15")));
    assert_eq!(
        reason(riyue, "ws2023_paired_aid_half_off_season"),
        "applied: 50% of the off-season price"
    );

    // Zongjiagou's prices are unknown: half of an unknown price stays unknown.
    let zong = find(&q, "zongjiagou");
    assert_eq!(zong.final_price, None);
    assert_eq!(
        reason(zong, "ws2023_paired_aid_half_off_season"),
        "off-season price unknown"
    );

    // The Dream Park's discount rests on a marked assumption, and says so.
    let dream = find(&q, "xinhualian_dreamland");
    let c = dream
        .considered
        .iter()
        .find(|c| c.offer.as_str() == "ws2023_paired_aid_dreamland")
        .unwrap();
    assert!(c.assumptions.iter().any(|a| a.contains("placeholder")));
    assert_eq!(c.reason, "base price unknown");

    // A non-A-level place is outside the free offer.
    assert_eq!(
        reason(find(&q, "ma_bufang_mansion"), "ws2023_paired_aid_free"),
        "not this place"
    );
    // An A-level spot the source does not name is free under the marked assumption.
    let beichan = find(&q, "beichan_temple");
    assert_eq!(beichan.final_price, m("0"));
    assert!(beichan.note.as_deref().unwrap().contains("assumption"));
}

/// The same date for a visitor from Gansu: the normal prices, each offer with its reason.
#[test]
fn gansu_visitor_pays_normal_prices() {
    let q = quote_all(
        date(2024, 1, 10),
        &visitor("620000"),
        &xining_places(),
        &seasons(),
        &offers(),
    );
    let kumbum = find(&q, "kumbum_monastery");
    assert_eq!((kumbum.base_price, kumbum.final_price), (m("40"), m("40")));
    assert_eq!(kumbum.applied_offer, None);
    assert_eq!(
        reason(kumbum, "ws2023_paired_aid_kumbum"),
        "not eligible: home province (from 620000; the offer is for 110000, 120000, 310000, 320000, 330000, 370000)"
    );
    let riyue = find(&q, "riyue_mountain");
    assert_eq!((riyue.base_price, riyue.final_price), (m("30"), m("30")));
    assert!(
        reason(riyue, "ws2023_paired_aid_half_off_season")
            .starts_with("not eligible: home province")
    );
    let zoo = find(&q, "qinghai_plateau_wildlife_zoo");
    assert_eq!(
        (zoo.base_price, zoo.final_price),
        (None, None),
        "unknown stays unknown"
    );
    assert!(reason(zoo, "ws2023_paired_aid_free").starts_with("not eligible: home province"));
    // Each reason also has a code, for translations.
    let kinds: Vec<ReasonKind> = kumbum.considered.iter().map(|c| c.kind).collect();
    assert!(kinds.contains(&ReasonKind::NotEligible), "{kinds:?}");
    assert!(kinds.contains(&ReasonKind::NotThisPlace), "{kinds:?}");
    assert!(!kinds.contains(&ReasonKind::Applied));
    assert!(
        zoo.note
            .as_deref()
            .unwrap()
            .contains("off-season price of this place is unknown")
    );
    for quote in &q {
        assert!(
            quote.considered.iter().all(|c| !c.applied),
            "{}",
            quote.place
        );
    }
}

/// The contract shape of `POST /api/quotes` items.
#[test]
fn quote_serialises_in_the_contract_shape() {
    let q = quote_all(
        date(2024, 1, 10),
        &visitor("320000"),
        &xining_places(),
        &seasons(),
        &offers(),
    );
    let json = serde_json::to_value(find(&q, "kumbum_monastery")).unwrap();
    assert_eq!(json["place"], "kumbum_monastery");
    assert_eq!(json["season"], "off");
    assert_eq!(json["base_price"], "40.00");
    assert_eq!(json["final_price"], "40.00");
    assert_eq!(json["applied_offer"], "ws2023_paired_aid_kumbum");
    let considered = json["considered"].as_array().unwrap();
    assert_eq!(considered.len(), 4);
    assert_eq!(considered[0]["offer"], "ws2023_paired_aid_free");
    assert_eq!(considered[0]["applied"], false);
    assert_eq!(considered[0]["reason"], "not this place");
    let zoo = serde_json::to_value(find(&q, "qinghai_plateau_wildlife_zoo")).unwrap();
    assert_eq!(zoo["base_price"], serde_json::Value::Null);
    assert_eq!(zoo["final_price"], "0.00");
}

/// In April Kumbum and Riyue are in their peak season, but the offer still gives the
/// off-season-based price; in July the offer is over.
#[test]
fn offer_prices_in_the_peak_season_and_after_the_offer() {
    // 2024-04-20 is a Saturday: inside the assumed offer dates, Kumbum and Riyue at peak.
    let q = quote_all(
        date(2024, 4, 20),
        &visitor("320100"),
        &xining_places(),
        &seasons(),
        &offers(),
    );
    let kumbum = find(&q, "kumbum_monastery");
    assert_eq!(kumbum.season, PricingSeason::Peak);
    assert_eq!((kumbum.base_price, kumbum.final_price), (m("70"), m("40")));
    let riyue = find(&q, "riyue_mountain");
    assert_eq!((riyue.base_price, riyue.final_price), (m("50"), m("15")));
    // 2024-07-10 is a Wednesday: after the offer.
    let q = quote_all(
        date(2024, 7, 10),
        &visitor("320000"),
        &xining_places(),
        &seasons(),
        &offers(),
    );
    let kumbum = find(&q, "kumbum_monastery");
    assert_eq!(kumbum.final_price, m("70"));
    assert_eq!(
        reason(kumbum, "ws2023_paired_aid_kumbum"),
        "outside dates (valid 2023-11-01 to 2024-04-30)"
    );
}

/// Visitors from abroad and of unknown origin are not eligible for a province-based offer.
#[test]
fn foreign_and_unknown_origin() {
    let places = xining_places();
    let kumbum = &places[0];
    // 2024-01-10 is a Wednesday.
    let q = quote(
        date(2024, 1, 10),
        &visitor("DE"),
        kumbum,
        &seasons(),
        &offers(),
    );
    assert!(
        reason(&q, "ws2023_paired_aid_kumbum").starts_with("not eligible: home province (from DE")
    );
    let q = quote(
        date(2024, 1, 10),
        &Visitor::default(),
        kumbum,
        &seasons(),
        &offers(),
    );
    assert!(
        reason(&q, "ws2023_paired_aid_kumbum").starts_with("not eligible: home province not given")
    );
}

/// Lowest price wins, ties go to the earlier offer, a worse offer says a better one applied, an
/// offer above the base price says so, and a stacking offer applies on top.
#[test]
fn choosing_between_offers() {
    let book = OfferBook::parse_toml(
        "inline.toml",
        r#"
        [[offer]]
        id = "seniors_fixed"
        title_zh = "老年人"
        title_en = "Seniors"
        basis = "inline fixture"
        valid_from = "2024-01-01"
        valid_to = "2024-12-31"
        places = { ids = ["riyue_mountain"] }
        eligible = { senior = true }
        effect = { kind = "fixed_price", price = "60" }

        [[offer]]
        id = "half_peak"
        title_zh = "半价"
        title_en = "Half the peak price"
        basis = "inline fixture"
        valid_from = "2024-01-01"
        valid_to = "2024-12-31"
        places = { categories = ["mountain"] }
        effect = { kind = "percent_of_peak", percent = 50 }

        [[offer]]
        id = "ten_off"
        title_zh = "九折"
        title_en = "10% off"
        basis = "inline fixture"
        valid_from = "2024-01-01"
        valid_to = "2024-12-31"
        places = { min_a_level = 4 }
        effect = { kind = "percent_off", percent = 10 }

        [[offer]]
        id = "group_extra"
        title_zh = "团体再优惠"
        title_en = "Groups: another 10% off"
        basis = "inline fixture"
        valid_from = "2024-01-01"
        valid_to = "2024-12-31"
        places = { min_a_level = 1 }
        eligible = { min_group_size = 10 }
        effect = { kind = "percent_off", percent = 10 }
        stacks = true
        "#,
    )
    .unwrap();
    let riyue = place(
        "riyue_mountain",
        Category::Mountain,
        4,
        Some("50"),
        Some("30"),
    );
    let mut v = Visitor {
        senior: true,
        group_size: Some(12),
        ..Visitor::default()
    };
    // 2024-07-10 is a Wednesday: Riyue's peak season, base 50.
    let q = quote(date(2024, 7, 10), &v, &riyue, &seasons(), &book);
    assert_eq!(q.base_price, m("50"));
    assert_eq!(
        reason(&q, "seniors_fixed"),
        "no saving: fixed price 60.00 is 60.00, above the base price 50.00"
    );
    assert_eq!(reason(&q, "half_peak"), "applied: 50% of the peak price");
    assert_eq!(
        reason(&q, "ten_off"),
        "a better offer applied (half_peak gives 25.00)"
    );
    assert_eq!(
        reason(&q, "group_extra"),
        "applied: 10% off on top of half_peak"
    );
    assert_eq!(q.final_price, m("22.50"));
    assert_eq!(q.applied_offer.unwrap().as_str(), "half_peak");
    v.group_size = Some(3);
    let q = quote(date(2024, 7, 10), &v, &riyue, &seasons(), &book);
    assert_eq!(q.final_price, m("25"));
    assert_eq!(
        reason(&q, "group_extra"),
        "not eligible: group size 3 (the offer is for groups of 10 or more)"
    );
}

/// A broken copy of the real season file names the file, the calendar and the dates.
#[test]
fn broken_season_file_names_file_entry_and_dates() {
    let broken = crate::support::SEASONS_TOML.replace("to = \"04-14\"", "to = \"04-10\"");
    let e =
        wenlv_domain::SeasonCalendar::parse_toml("data/xining/seasons.toml", &broken).unwrap_err();
    assert_eq!(
        e.to_string(),
        "data/xining/seasons.toml, places.riyue_mountain: gap: 04-11 to 04-14 is in no entry"
    );
    let broken = crate::support::SEASONS_TOML.replace("from = \"11-01\"", "from = \"10-25\"");
    let e =
        wenlv_domain::SeasonCalendar::parse_toml("data/xining/seasons.toml", &broken).unwrap_err();
    assert!(
        e.to_string().starts_with(
            "data/xining/seasons.toml, city.pricing: overlap: 10-25 to 10-31 is in [1]"
        ),
        "{e}"
    );
}

/// A broken copy of the real offer file names the file, the offer and the field.
#[test]
fn broken_offer_file_names_file_offer_and_field() {
    let broken = crate::support::OFFERS_TOML.replace("percent = 50", "percent = 150");
    let e = OfferBook::parse_toml("data/xining/offers.toml", &broken).unwrap_err();
    assert_eq!(
        e.to_string(),
        "data/xining/offers.toml, offer 'ws2023_paired_aid_half_off_season', field \
         'effect.percent': 150 is not a percentage from 0 to 100"
    );
    let broken = crate::support::OFFERS_TOML.replacen("\"370000\"]", "\"370000\", \"380000\"]", 2);
    let e = OfferBook::parse_toml("data/xining/offers.toml", &broken).unwrap_err();
    assert_eq!(e.offer, "ws2023_paired_aid_free");
    assert_eq!(e.field.as_deref(), Some("eligible.home_regions"));
    assert!(
        e.message.contains("no province-level division 380000"),
        "{e}"
    );
}

/// The contract's request body reads into a QuoteRequest; bad codes fail with a clear message.
#[test]
fn quote_request_reads_the_contract_body() {
    let req: wenlv_domain::QuoteRequest = serde_json::from_str(
        r#"{"date": "2024-01-10", "visitor": {"home_region": "320000", "age": 30},
            "places": ["kumbum_monastery", "riyue_mountain"]}"#,
    )
    .unwrap();
    assert_eq!(req.date, date(2024, 1, 10));
    assert_eq!(req.visitor, visitor("320000"));
    let places: Vec<_> = xining_places()
        .into_iter()
        .filter(|p| req.places.contains(&p.id))
        .collect();
    let out = wenlv_domain::Quotes {
        quotes: quote_all(req.date, &req.visitor, &places, &seasons(), &offers()),
    };
    let json = serde_json::to_value(&out).unwrap();
    assert_eq!(json["quotes"][1]["place"], "riyue_mountain");
    assert_eq!(json["quotes"][1]["final_price"], "15.00");

    let e = serde_json::from_str::<wenlv_domain::QuoteRequest>(
        r#"{"date": "2024-01-10", "visitor": {"home_region": "990000"}, "places": []}"#,
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("no province-level division 990000"),
        "{e}"
    );
    let e = serde_json::from_str::<wenlv_domain::QuoteRequest>(
        r#"{"date": "2024-01-10", "visitor": {"home_region": "Jiangsu"}, "places": []}"#,
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("'Jiangsu' is not a region code"),
        "{e}"
    );
    // No visitor at all: unknown origin, which is allowed.
    let req: wenlv_domain::QuoteRequest =
        serde_json::from_str(r#"{"date": "2024-01-10", "places": ["zongjiagou"]}"#).unwrap();
    assert_eq!(req.visitor.home_region, None);
}
