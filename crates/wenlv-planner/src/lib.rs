//! The planner: from a visitor's wish to a solver problem, and from the solver's answer to an
//! itinerary people can follow. Travel times come through one interface ([`travel`]).

pub mod facts;
pub mod plan;
mod reasons;
pub mod timeline;
pub mod travel;
pub mod trip;
pub mod visit;

pub use facts::CityFacts;
pub use plan::{
    CheckDay, DayFacts, FactsSource, Geometry, Itinerary, MAX_DAYS, MAX_LISTED_PLACES,
    MAX_NOT_FITTED_LISTED, MAX_STOPS_PER_DAY, NOT_FITTED_KINDS, NotFitted, PlanError, PlanRequest,
    PlanSpec, Planner, RequestError, THIN_DAY_STOPS, TravelTimesKind, VIOLATION_KINDS, check_days,
};
pub use travel::{Leg, Mode, StraightLine, TravelError, TravelMatrix, TravelSource, TravelTimes};
pub use trip::{
    AIRPORT_BUFFER_MINUTES, ArrivalRequest, DepartureRequest, LodgingRequest, PLACE_BUFFER_MINUTES,
    Role, STATION_BUFFER_MINUTES,
};
pub use visit::{Pace, Scoring, default_visit_minutes, visit_minutes};
