//! Routing tests against real OSRM servers over the synthetic street grid of
//! `scripts/osrm-test-grid.py`, started by `.ci/with-osrm.sh` (which exports their URLs).
//!
//! Without those URLs a test prints why and passes, unless `CI` is set or
//! `WENLV_TEST_REQUIRE_OSRM=1`: then a missing engine fails the test.

mod fallback;
mod planning;
mod table;

use std::time::Duration;
use wenlv_domain::Position;
use wenlv_routing::{Osrm, OsrmConfig, Routing};

/// The URL in `var`, or `None` (after saying so) when tests may run without a routing engine.
pub fn engine(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            let required = std::env::var_os("CI").is_some()
                || std::env::var("WENLV_TEST_REQUIRE_OSRM").is_ok_and(|v| v == "1");
            assert!(
                !required,
                "{var} is not set but a routing engine is required (CI or WENLV_TEST_REQUIRE_OSRM=1): run the tests through .ci/with-osrm.sh"
            );
            eprintln!(
                "SKIPPED: {var} is not set; run `bash .ci/with-osrm.sh cargo test -p wenlv-routing` for the tests against a real OSRM"
            );
            None
        }
    }
}

/// Grid node (column i, row j), as `scripts/osrm-test-grid.py` places it.
pub fn grid(i: i32, j: i32) -> Position {
    let dlat = 100.0 / 111_320.0;
    let dlon = 100.0 / (111_320.0 * 36.62_f64.to_radians().cos());
    Position::new(36.62 + f64::from(j) * dlat, 101.78 + f64::from(i) * dlon).unwrap()
}

pub fn config(foot: Option<String>, car: Option<String>) -> OsrmConfig {
    OsrmConfig {
        foot_url: foot,
        car_url: car,
        timeout: Duration::from_secs(5),
        ..OsrmConfig::default()
    }
}

pub fn osrm(config: OsrmConfig) -> Osrm {
    Osrm::new(config).unwrap()
}

pub fn routing(config: OsrmConfig) -> Routing {
    Routing::new(config).unwrap()
}
