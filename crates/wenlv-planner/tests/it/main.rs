//! Planner tests on the real Xining data: catalogue, holidays, seasons and offers as shipped.

mod check_mode;
mod checker;
mod kinds;
mod plan;
mod trips;
mod unreachable;

use jiff::civil::Date;
use std::sync::LazyLock;
use wenlv_domain::{HolidayCalendar, OfferBook, Place, SeasonCalendar, Station};

pub struct City {
    pub places: Vec<Place>,
    pub holidays: HolidayCalendar,
    pub seasons: SeasonCalendar,
    pub offers: OfferBook,
    pub stations: Vec<Station>,
}

pub static XINING: LazyLock<City> = LazyLock::new(|| {
    let city = wenlv_io::demo::xining_city();
    City {
        places: wenlv_io::demo::xining_places(),
        holidays: city.holidays,
        seasons: city.seasons,
        offers: city.offers,
        stations: city.stations,
    }
});

pub fn date(text: &str) -> Date {
    text.parse().unwrap()
}
