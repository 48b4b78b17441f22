//! `wenlv`: the command line. The only place that knows about flags and the terminal.
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "wenlv", version, about = "wenlv: culture & tourism platform")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Benchmarks.
    #[command(subcommand)]
    Bench(Bench),
}

/// `wenlv bench …`: the optimiser's benchmarks.
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
        Command::Bench(Bench::Optw(a)) => wenlv_bench::run_optw(&a),
        Command::Bench(Bench::City(a)) => wenlv_bench::run_city(&a),
        Command::Bench(Bench::Summary(a)) => wenlv_bench::run_summary(&a),
    }
}
