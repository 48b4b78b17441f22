//! Invariants of quoting over random places, visitors, dates and offers.

use crate::support::{offers, seasons};
use jiff::civil::{Date, date};
use proptest::prelude::*;
use wenlv_domain::{
    ALevel, Category, Effect, Eligibility, HomeRegion, Money, Offer, OfferBook, OfferId, Place,
    PlaceFilter, PlaceId, PlaceSelector, Visitor, quote,
};

const IDS: [&str; 5] = [
    "kumbum_monastery",
    "riyue_mountain",
    "qinghai_plateau_wildlife_zoo",
    "zongjiagou",
    "beichan_temple",
];
const REGIONS: [&str; 6] = ["320000", "320102", "620000", "110000", "DE", "630100"];

fn price() -> impl Strategy<Value = Option<Money>> {
    prop::option::of((0i64..50_000).prop_map(Money::from_fen))
}

fn a_date() -> impl Strategy<Value = Date> {
    (0i32..1096).prop_map(|n| {
        date(2023, 1, 1)
            .checked_add(jiff::Span::new().days(n))
            .unwrap()
    })
}

fn a_place() -> impl Strategy<Value = Place> {
    (0usize..IDS.len(), 0u8..=5, price(), price()).prop_map(|(i, a, peak, off)| {
        let mut p = crate::support::place(IDS[i], Category::ScenicSpot, 0, None, None);
        p.a_level = ALevel::new(a).unwrap();
        p.price_peak = peak;
        p.price_off = off;
        p
    })
}

fn a_visitor() -> impl Strategy<Value = Visitor> {
    (
        prop::option::of(0usize..REGIONS.len()),
        prop::option::of(0u32..100),
        any::<bool>(),
        prop::option::of(1u32..40),
    )
        .prop_map(|(r, age, student, group)| Visitor {
            home_region: r.map(|i| HomeRegion::parse(REGIONS[i]).unwrap()),
            age,
            student,
            group_size: group,
            ..Visitor::default()
        })
}

fn an_effect() -> impl Strategy<Value = (Effect, bool)> {
    prop_oneof![
        Just((Effect::Free, false)),
        (0i64..80_000).prop_map(|f| (
            Effect::FixedPrice {
                price: Money::from_fen(f)
            },
            false
        )),
        (0u32..=100).prop_map(|p| (Effect::PercentOfPeak { percent: p }, false)),
        Just((Effect::OffSeasonPrice, false)),
        (0u32..=100).prop_map(|p| (Effect::PercentOfOffSeason { percent: p }, false)),
        (0u32..=100, any::<bool>()).prop_map(|(p, s)| (Effect::PercentOff { percent: p }, s)),
    ]
}

fn an_offer() -> impl Strategy<Value = Offer> {
    (
        an_effect(),
        a_date(),
        0i32..400,
        prop::option::of(0u8..=5),
        any::<bool>(),
        prop::option::of(0usize..REGIONS.len()),
    )
        .prop_map(
            |((effect, stacks), from, len, min_a, student, region)| Offer {
                id: OfferId::parse("generated").unwrap(),
                title_zh: "生成".into(),
                title_en: "generated".into(),
                basis: "property test".into(),
                source: None,
                valid_from: from,
                valid_to: from.checked_add(jiff::Span::new().days(len)).unwrap(),
                places: PlaceSelector {
                    ids: vec![PlaceId::parse(IDS[0]).unwrap()],
                    filter: min_a.map(|a| PlaceFilter {
                        min_a_level: Some(ALevel::new(a).unwrap()),
                        ..PlaceFilter::default()
                    }),
                    exclude: vec![],
                },
                eligibility: Eligibility {
                    home_regions: region
                        .map(|i| vec![HomeRegion::parse(REGIONS[i]).unwrap()])
                        .unwrap_or_default(),
                    student,
                    ..Eligibility::default()
                },
                effect,
                stacks,
                assumptions: vec![],
            },
        )
}

fn book(generated: Vec<Offer>) -> OfferBook {
    let mut all = offers().offers().to_vec();
    for (i, mut o) in generated.into_iter().enumerate() {
        o.id = OfferId::parse(&format!("generated_{i}")).unwrap();
        all.push(o);
    }
    OfferBook::new(all)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A final price is never negative and never above a known base price.
    #[test]
    fn final_price_is_between_zero_and_base(
        place in a_place(), visitor in a_visitor(), day in a_date(),
        generated in prop::collection::vec(an_offer(), 0..6),
    ) {
        let b = book(generated);
        let q = quote(day, &visitor, &place, &seasons(), &b);
        if let Some(f) = q.final_price {
            prop_assert!(f >= Money::ZERO, "{f}");
            if let Some(b) = q.base_price {
                prop_assert!(f <= b, "final {f} above base {b}");
            }
        }
        // Unknown base and no applicable offer: the final price stays unknown, never 0.
        if q.base_price.is_none() && q.applied_offer.is_none() {
            prop_assert_eq!(q.final_price, None);
        }
        // At most one non-stacking offer applies; the others only if they stack.
        let offers = b.offers();
        let plain_applied = q
            .considered
            .iter()
            .zip(offers)
            .filter(|(c, o)| c.applied && !o.stacks)
            .count();
        prop_assert!(plain_applied <= 1, "{plain_applied} non-stacking offers applied");
        prop_assert_eq!(q.applied_offer.is_some(), q.considered.iter().any(|c| c.applied));
    }

    /// Quoting is deterministic: the same inputs give the same quote, to the byte.
    #[test]
    fn quoting_is_deterministic(
        place in a_place(), visitor in a_visitor(), day in a_date(),
        generated in prop::collection::vec(an_offer(), 0..6),
    ) {
        let (s, b) = (seasons(), book(generated));
        let a = quote(day, &visitor, &place, &s, &b);
        let again = quote(day, &visitor, &place, &s, &b);
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&again).unwrap());
        prop_assert_eq!(a, again);
    }

    /// One more offer never makes a known price higher.
    #[test]
    fn more_offers_never_cost_more(
        place in a_place(), visitor in a_visitor(), day in a_date(),
        generated in prop::collection::vec(an_offer(), 1..6),
    ) {
        let s = seasons();
        let fewer = quote(day, &visitor, &place, &s, &book(generated[..generated.len() - 1].to_vec()));
        let more = quote(day, &visitor, &place, &s, &book(generated));
        if let (Some(a), Some(b)) = (fewer.final_price, more.final_price) {
            prop_assert!(b <= a, "{b} > {a}");
        }
        prop_assert!(!(fewer.final_price.is_some() && more.final_price.is_none()));
    }
}
