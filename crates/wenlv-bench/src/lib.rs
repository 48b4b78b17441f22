//! Benchmark harness for `wenlv-optimiser`: `wenlv bench optw` runs the research instances
//! (Solomon-based and Cordeau TOPTW sets) and `wenlv bench city` the generated city-sized ones.
//!
//! Every result is replayed by the optimiser's independent checker before it is written.

pub mod city;
pub mod optw;
pub mod summary;

pub use city::{CityArgs, run_city};
pub use optw::{OptwArgs, run_optw};
pub use summary::{Bks, Record, SummaryArgs, run_summary};
