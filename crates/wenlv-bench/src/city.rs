//! City-sized generated instances (placeholder, filled in below).

/// Arguments of `wenlv bench city`.
#[derive(Debug, Clone, clap::Args)]
pub struct CityArgs {}

/// Runs the city benchmark.
pub fn run_city(_args: &CityArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
