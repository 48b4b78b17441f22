//! The planner: from a visitor's wish to a solver problem, and from the solver's answer to an
//! itinerary people can follow. Travel times come through one interface ([`travel`]).

pub mod travel;

pub use travel::{Leg, Mode, StraightLine, TravelError, TravelMatrix, TravelTimes};
