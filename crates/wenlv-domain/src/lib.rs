//! The words of the wenlv domain as types and pure rules.
//!
//! Nothing here does I/O or reads a clock: storage, HTTP and files live in other crates, and the
//! current time is always passed in. Every other crate speaks in these types.
//!
//! - [`civil`]: dates and clock times as they enter the service (one format, one range).
//! - [`place`], [`position`], [`money`]: the catalogue's words.
//! - [`calendar`]: China's public holidays and adjusted working days, from data.
//! - [`hours`]: "is it open when I get there?" from a place's OpenStreetMap `opening_hours`.
//! - [`season`]: pricing seasons (peak/off) and product lines, from data.
//! - [`region`]: where a visitor comes from (GB/T 2260 or ISO 3166-1 codes).
//! - [`offer`], [`mod@quote`]: offers as data, and what a visitor pays and why.
//! - [`route`]: the bureau's themed micro-tour routes.
//! - [`station`]: where visitors arrive, a day's possible start or end.
//! - [`bureau`]: the bureau's side: the action plan as a tracked tree, units, progress reports
//!   and the status rules (挂图作战).
//!
//! Dates and times are `jiff::civil` values, local to the city (see [`hours`] for why).
//!
//! ```
//! use wenlv_domain::{Category, Money, Place, PlaceId, Position};
//! let id = PlaceId::parse("kumbum_monastery").unwrap();
//! assert_eq!(id.as_str(), "kumbum_monastery");
//! assert_eq!(Money::parse("40").unwrap().to_string(), "40.00");
//! assert!(Position::new(36.49, 101.57).is_ok());
//! assert_eq!(Category::parse("temple").unwrap(), Category::Temple);
//! # let _ = std::mem::size_of::<Place>();
//! ```

pub mod bureau;
pub mod calendar;
pub mod city;
pub mod civil;
pub mod data_file;
pub mod hours;
pub mod money;
pub mod offer;
pub mod place;
pub mod place_fields;
pub mod position;
pub mod quote;
pub mod region;
pub mod route;
pub mod season;
pub mod station;

pub use calendar::{CalendarDayKind, CalendarEntry, CalendarError, HolidayCalendar};
pub use city::City;
pub use civil::{ClockError, DateError, FIRST_DATE, LAST_DATE, parse_clock, parse_date};
pub use data_file::DataFileError;
pub use hours::{CompiledHours, DayHours, HoursEvaluator, Interval, PlaceHours};
pub use money::{Money, MoneyError};
pub use offer::{
    Effect, Eligibility, Offer, OfferBook, OfferError, OfferId, PlaceFilter, PlaceSelector, Visitor,
};
pub use place::{
    ALevel, Category, OpeningHoursSpec, Place, PlaceError, PlaceId, Theme, ValidationIssue,
};
pub use place_fields::{
    FieldInput, FieldKind, FieldValue, PLACE_FIELD_NAMES, PLACE_FIELDS, PlaceField, PlaceRecord,
    place_field,
};
pub use position::{BoundingBox, Datum, Position, PositionError};
pub use quote::{Considered, Quote, QuoteRequest, Quotes, ReasonKind, quote, quote_all};
pub use region::{CountryCode, DivisionCode, HomeRegion, RegionError};
pub use route::{Route, RouteMode, RouteSeason, RouteStop, parse_routes};
pub use season::{
    LineFact, MonthDay, PricingSeason, ProductLine, SeasonCalendar, SeasonError, SeasonFact,
    SeasonRange,
};
pub use station::{Station, StationKind, parse_stations};
