//! The routing-engine flags `serve` and `plan` share: where the OSRM servers are.

use anyhow::Context;
use std::time::Duration;
use wenlv_routing::{OsrmConfig, Routing};

#[derive(Debug, Clone, clap::Args)]
pub struct RoutingArgs {
    /// OSRM server with a foot graph, for walking legs (e.g. http://127.0.0.1:5000). Without
    /// it, walking times are the straight-line estimate.
    #[arg(long, env = "WENLV_OSRM_FOOT_URL", value_name = "URL")]
    osrm_foot_url: Option<String>,

    /// OSRM server with a car graph, for driving legs. Without it, driving times are estimated.
    #[arg(long, env = "WENLV_OSRM_CAR_URL", value_name = "URL")]
    osrm_car_url: Option<String>,

    /// The longest wait for the routing server per plan, in milliseconds; then the plan uses
    /// the straight-line estimate and says so.
    #[arg(
        long,
        env = "WENLV_OSRM_TIMEOUT_MS",
        default_value_t = 2000,
        value_name = "MS"
    )]
    osrm_timeout_ms: u64,

    /// The most points per table request: the server's `osrm-routed --max-table-size`.
    #[arg(
        long,
        env = "WENLV_OSRM_TABLE_LIMIT",
        default_value_t = 100,
        value_name = "N"
    )]
    osrm_table_limit: usize,
}

impl RoutingArgs {
    /// The routing the flags describe (no server at all when neither URL is given).
    pub fn routing(&self) -> anyhow::Result<Routing> {
        let url = |u: &Option<String>| {
            u.as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(String::from)
        };
        Routing::new(OsrmConfig {
            foot_url: url(&self.osrm_foot_url),
            car_url: url(&self.osrm_car_url),
            timeout: Duration::from_millis(self.osrm_timeout_ms),
            table_limit: self.osrm_table_limit,
            ..OsrmConfig::default()
        })
        .context("--osrm-foot-url / --osrm-car-url")
    }
}
