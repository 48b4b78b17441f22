//! A city's rules as one bundle: its holiday calendar, pricing seasons and product lines, offers,
//! curated routes and stations. The catalogue of places lives in the store; these change by data
//! release.

use crate::{HolidayCalendar, OfferBook, Route, SeasonCalendar, Station};

/// Everything about a city that is data but not a place.
#[derive(Debug, Clone)]
pub struct City {
    /// Display name, e.g. "Xining 西宁".
    pub name: String,
    /// The IANA time zone the city's opening hours are written in.
    pub time_zone: String,
    pub holidays: HolidayCalendar,
    pub seasons: SeasonCalendar,
    pub offers: OfferBook,
    pub routes: Vec<Route>,
    /// Where visitors arrive: possible start and end points of a day.
    pub stations: Vec<Station>,
}

impl City {
    /// The route with this id.
    pub fn route(&self, id: &str) -> Option<&Route> {
        self.routes.iter().find(|r| r.id.as_str() == id)
    }

    /// The station with this id.
    pub fn station(&self, id: &str) -> Option<&Station> {
        self.stations.iter().find(|s| s.id.as_str() == id)
    }
}
