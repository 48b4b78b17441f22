//! The benchmark harness alone (same as `wenlv bench …`), so a release build of it does not
//! compile the web server and database stack.
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "wenlv-bench", about = "wenlv optimiser benchmarks")]
struct Cli {
    #[command(subcommand)]
    command: Bench,
}

#[derive(Subcommand)]
enum Bench {
    /// Research TOPTW instances: runs × m × seeds, JSONL out, summary table.
    Optw(wenlv_bench::OptwArgs),
    /// Generated city-sized instances (50 vertices/1 tour, 1,000 vertices/3 tours).
    City(wenlv_bench::CityArgs),
    /// Re-print the summary table of JSONL result files.
    Summary(wenlv_bench::SummaryArgs),
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Bench::Optw(a) => wenlv_bench::run_optw(&a),
        Bench::City(a) => wenlv_bench::run_city(&a),
        Bench::Summary(a) => wenlv_bench::run_summary(&a),
    }
}
