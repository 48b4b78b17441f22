//! The planner: from a visitor's wish to a solver problem, and from the solver's answer to an
//! itinerary people can follow. Travel times come through one interface ([`travel`]).

pub mod facts;
pub mod plan;
pub mod timeline;
pub mod travel;
pub mod visit;

pub use facts::CityFacts;
pub use plan::{
    CheckDay, DayFacts, FactsSource, Geometry, Itinerary, MAX_DAYS, MAX_LISTED_PLACES,
    MAX_STOPS_PER_DAY, PlanError, PlanRequest, PlanSpec, Planner, RequestError, TravelTimesKind,
    check_days,
};
pub use travel::{Leg, Mode, StraightLine, TravelError, TravelMatrix, TravelSource, TravelTimes};
pub use visit::{Pace, Scoring, default_visit_minutes, visit_minutes};
