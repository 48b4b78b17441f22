//! The production [`FactsSource`]: the domain's opening-hours evaluation (with the holiday
//! calendar) and its quote engine (seasons and offers) for one visitor.

use crate::plan::{DayFacts, FactsSource};
use jiff::civil::{Date, DateTime};
use wenlv_domain::{HoursEvaluator, OfferBook, Place, SeasonCalendar, Visitor, quote};

/// Opening hours and prices for one visitor, from the city's data.
pub struct CityFacts<'a> {
    pub hours: HoursEvaluator<'a>,
    pub seasons: &'a SeasonCalendar,
    pub offers: &'a OfferBook,
    pub visitor: &'a Visitor,
}

/// Minutes after the midnight that starts `date`; anything on a later day is 1440 (the day's end:
/// a visit is planned within one day), anything before is 0.
fn minutes_since(date: Date, t: DateTime) -> u32 {
    use std::cmp::Ordering;
    match t.date().cmp(&date) {
        Ordering::Less => 0,
        Ordering::Greater => 1440,
        Ordering::Equal => t.hour() as u32 * 60 + t.minute() as u32,
    }
}

impl FactsSource for CityFacts<'_> {
    fn days(&self, place: &Place, dates: &[Date]) -> Vec<DayFacts> {
        // Parse the opening hours once for all dates: parsing costs far more than evaluating.
        let compiled = place
            .opening_hours
            .as_ref()
            .map(|spec| self.hours.compile(spec, place.last_admission_minutes));
        dates
            .iter()
            .map(|&date| {
                let price = quote(date, self.visitor, place, self.seasons, self.offers).final_price;
                let Some(compiled) = &compiled else {
                    return DayFacts {
                        open: Vec::new(),
                        last_admission: None,
                        hours_known: false,
                        price,
                    };
                };
                let day = compiled.day(date);
                let open = day
                    .open
                    .iter()
                    .map(|i| (minutes_since(date, i.start), minutes_since(date, i.end)))
                    .filter(|(a, b)| b > a)
                    .collect();
                let last_admission = day
                    .last_admission
                    .map(|t| t.hour() as u32 * 60 + t.minute() as u32);
                DayFacts {
                    open,
                    last_admission,
                    hours_known: true,
                    price,
                }
            })
            .collect()
    }
}
