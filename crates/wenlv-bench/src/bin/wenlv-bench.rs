//! The benchmark harness alone (same as `wenlv bench …`), so a release build of it does not
//! compile the web server and database stack.
use clap::Parser;

#[derive(Parser)]
#[command(name = "wenlv-bench", about = "wenlv optimiser benchmarks")]
struct Cli {
    #[command(subcommand)]
    command: wenlv_bench::BenchCommand,
}

fn main() -> anyhow::Result<()> {
    wenlv_bench::run(&Cli::parse().command)
}
