//! Benchmark harness for `wenlv-optimiser`: `wenlv bench optw` runs the research instances
//! (Solomon-based and Cordeau TOPTW sets) and `wenlv bench city` the generated city-sized ones;
//! `generate` writes tuning instances of the research sets' shape and `reference` their
//! best-found scores.
//!
//! Every result is replayed by the optimiser's independent checker before it is written.

pub mod city;
pub mod generate;
pub mod optw;
pub mod summary;

pub use city::{CityArgs, run_city};
pub use generate::{GenerateArgs, run_generate};
pub use optw::{OptwArgs, run_optw};
pub use summary::{Bks, Record, ReferenceArgs, SummaryArgs, run_reference, run_summary};

/// The benchmark commands, shared by `wenlv bench …` and the `wenlv-bench` binary.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum BenchCommand {
    /// Research TOPTW instances: runs × m × seeds, JSONL out, summary table.
    Optw(OptwArgs),
    /// Generated city-sized instances (50 vertices/1 tour, 1,000 vertices/3 tours).
    City(CityArgs),
    /// Re-print the summary table of JSONL result files (average, worst median, worst run).
    Summary(SummaryArgs),
    /// Write tuning instances of the research sets' shape (layout × windows × size × seed).
    Generate(GenerateArgs),
    /// Best-found scores of JSONL runs, as a table the summary reads (for generated instances).
    Reference(ReferenceArgs),
}

/// Runs one benchmark command (CPU-bound and single-threaded: call it off any async runtime).
pub fn run(command: &BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::Optw(a) => run_optw(a),
        BenchCommand::City(a) => run_city(a),
        BenchCommand::Summary(a) => run_summary(a),
        BenchCommand::Generate(a) => run_generate(a),
        BenchCommand::Reference(a) => run_reference(a),
    }
}
