//! Loaders for the repository's real data files and builders for inline fixtures.

use wenlv_domain::{
    ALevel, Category, HolidayCalendar, Money, OfferBook, OpeningHoursSpec, Place, PlaceId,
    SeasonCalendar,
};

pub const CN_CSV: &str = include_str!("../../../../data/holidays/cn.csv");
pub const SEASONS_TOML: &str = include_str!("../../../../data/xining/seasons.toml");
pub const OFFERS_TOML: &str = include_str!("../../../../data/xining/offers.toml");
pub const RESEARCH_PLACES_CSV: &str = include_str!("../../../../data/xining/research/places.csv");

pub fn holidays() -> HolidayCalendar {
    HolidayCalendar::parse("data/holidays/cn.csv", CN_CSV).expect("the real holiday file reads")
}

pub fn seasons() -> SeasonCalendar {
    SeasonCalendar::parse_toml("data/xining/seasons.toml", SEASONS_TOML)
        .expect("the real season file reads")
}

pub fn offers() -> OfferBook {
    OfferBook::parse_toml("data/xining/offers.toml", OFFERS_TOML)
        .expect("the real offer file reads")
}

pub fn spec(s: &str) -> OpeningHoursSpec {
    OpeningHoursSpec::parse(s).unwrap()
}

fn money(s: Option<&str>) -> Option<Money> {
    s.map(|s| Money::parse(s).unwrap())
}

/// A place with the facts a quote or an hours evaluation reads; the rest empty.
pub fn place(
    id: &str,
    category: Category,
    a_level: u8,
    peak: Option<&str>,
    off: Option<&str>,
) -> Place {
    Place {
        a_level: ALevel::new(a_level).unwrap(),
        price_peak: money(peak),
        price_off: money(off),
        ..Place::new(PlaceId::parse(id).unwrap(), id, id, category)
    }
}

/// The places of the 2023/24 offer with the prices of the research file
/// (`data/xining/research/places.csv`): empty there = unknown here.
pub fn xining_places() -> Vec<Place> {
    vec![
        place(
            "kumbum_monastery",
            Category::Temple,
            5,
            Some("70"),
            Some("40"),
        ),
        place(
            "riyue_mountain",
            Category::Mountain,
            4,
            Some("50"),
            Some("30"),
        ),
        // "30 CNY; no separate off-season price found": the off-season price is unknown.
        place(
            "qinghai_plateau_wildlife_zoo",
            Category::ScenicSpot,
            4,
            Some("30"),
            None,
        ),
        place(
            "tibetan_medicine_museum",
            Category::Museum,
            4,
            Some("60"),
            None,
        ),
        place("zongjiagou", Category::ScenicSpot, 4, None, None),
        place("xinhualian_dreamland", Category::ThemePark, 4, None, None),
        place("beichan_temple", Category::Temple, 3, Some("5"), Some("5")),
        // Not an A-level spot: outside the free offer's selector.
        place("ma_bufang_mansion", Category::Museum, 0, Some("30"), None),
    ]
}
