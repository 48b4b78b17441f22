//! Planner tests on the real Xining data: catalogue, holidays, seasons and offers as shipped.

mod check_mode;
mod checker;
mod plan;

use jiff::civil::Date;
use std::sync::LazyLock;
use wenlv_domain::{HolidayCalendar, OfferBook, Place, SeasonCalendar};

pub struct City {
    pub places: Vec<Place>,
    pub holidays: HolidayCalendar,
    pub seasons: SeasonCalendar,
    pub offers: OfferBook,
}

pub static XINING: LazyLock<City> = LazyLock::new(|| City {
    places: wenlv_io::demo::xining_places(),
    holidays: HolidayCalendar::parse("cn.csv", include_str!("../../../../data/holidays/cn.csv"))
        .unwrap(),
    seasons: SeasonCalendar::parse_toml(
        "seasons.toml",
        include_str!("../../../../data/xining/seasons.toml"),
    )
    .unwrap(),
    offers: OfferBook::parse_toml(
        "offers.toml",
        include_str!("../../../../data/xining/offers.toml"),
    )
    .unwrap(),
});

pub fn date(text: &str) -> Date {
    text.parse().unwrap()
}
