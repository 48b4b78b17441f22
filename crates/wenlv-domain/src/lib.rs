//! The words of the wenlv domain as types and pure rules.
//!
//! Nothing here does I/O or reads a clock: storage, HTTP and files live in other crates, and the
//! current time is always passed in. Every other crate speaks in these types.
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

pub mod calendar;
pub mod hours;
pub mod money;
pub mod offer;
pub mod place;
pub mod position;
pub mod quote;
pub mod region;
pub mod season;

pub use calendar::{CalendarDayKind, CalendarEntry, CalendarError, HolidayCalendar};
pub use hours::{CompiledHours, DayHours, HoursEvaluator, Interval};
pub use money::{Money, MoneyError};
pub use offer::{
    Effect, Eligibility, Offer, OfferBook, OfferError, OfferId, PlaceFilter, PlaceSelector, Visitor,
};
pub use place::{
    ALevel, Category, OpeningHoursSpec, Place, PlaceError, PlaceId, Theme, ValidationIssue,
};
pub use position::{BoundingBox, Datum, Position, PositionError};
pub use quote::{Considered, Quote, quote, quote_all};
pub use region::{CountryCode, DivisionCode, HomeRegion, RegionError};
pub use season::{
    LineFact, MonthDay, PricingSeason, ProductLine, SeasonCalendar, SeasonError, SeasonFact,
    SeasonRange,
};
