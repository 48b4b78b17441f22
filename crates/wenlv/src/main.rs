//! `wenlv`: the command line. The only place that knows about flags and the terminal.
//!
//! Each subcommand group lives in its own module with its `Args` and a `run` function; adding a
//! command is one variant in [`Command`] and one arm in `main`. The database comes from the
//! global `--database-url` / `--data-dir` flags via [`config::store_from_args`].

mod accounts;
mod backup;
mod battlemap;
mod config;
mod db;
mod init;
mod meetings;
mod offers;
mod places;
mod plan;
mod projects;
mod quote;
mod routing;
mod serve;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

/// wenlv (文旅): the culture & tourism platform, configured for Xining.
#[derive(Debug, Parser)]
#[command(name = "wenlv", version)]
struct Cli {
    #[command(flatten)]
    global: config::GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web API (migrates first; loads the Xining demo data into an empty database).
    Serve(serve::ServeArgs),
    /// Database maintenance.
    Db(db::DbArgs),
    /// Prepare a database: migrate, and with --demo load the Xining demo data.
    Init(init::InitArgs),
    /// Plan a trip: which places, in which order, when (as `POST /api/itineraries`).
    Plan(Box<plan::PlanArgs>),
    /// Import data from a file (the whole file is checked before anything is written).
    Import {
        #[command(subcommand)]
        what: places::ImportCommand,
    },
    /// Export data to a file or standard output.
    Export {
        #[command(subcommand)]
        what: places::ExportCommand,
    },
    /// What a visitor pays at each place on a date (base price, offers, why).
    Quote(quote::QuoteArgs),
    /// Bureau users: add, list, disable, reset a password (works without a running server).
    User {
        #[command(subcommand)]
        what: accounts::UserCommand,
    },
    /// The monthly dispatch meeting's calendar (调度会): schedule a year, list.
    Meetings {
        #[command(subcommand)]
        what: meetings::MeetingsCommand,
    },
    /// API tokens for integrators and scripts: create (printed once), list, revoke.
    Token {
        #[command(subcommand)]
        what: accounts::TokenCommand,
    },
    /// Benchmarks of the itinerary optimiser.
    #[command(subcommand)]
    Bench(wenlv_bench::BenchCommand),
    /// Back up a SQLite deployment (database and uploads) into one file while it runs.
    Backup(backup::BackupArgs),
    /// Restore a backup (refuses to overwrite data without --force; migrates it forward).
    Restore(backup::RestoreArgs),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_logging();
    match cli.command {
        Command::Serve(args) => serve::run(&cli.global, args).await,
        Command::Db(args) => db::run(&cli.global, args).await,
        Command::Init(args) => init::run(&cli.global, args).await,
        Command::Plan(args) => plan::run(&cli.global, *args).await,
        Command::Import { what } => {
            places::run_import(&config::migrated_store(&cli.global).await?, &what).await
        }
        Command::Export { what } => {
            places::run_export(&config::migrated_store(&cli.global).await?, &what).await
        }
        Command::Quote(args) => quote::run(&cli.global, args).await,
        Command::User { what } => {
            accounts::run_user(config::migrated_store(&cli.global).await?, &what).await
        }
        Command::Meetings { what } => {
            meetings::run(config::migrated_store(&cli.global).await?, &what).await
        }
        Command::Token { what } => {
            accounts::run_token(config::migrated_store(&cli.global).await?, &what).await
        }
        Command::Backup(args) => backup::backup(&cli.global, args).await,
        Command::Restore(args) => backup::restore(&cli.global, args).await,
        // The benchmarks are CPU-bound and single-threaded by design: run them off the runtime.
        Command::Bench(bench) => {
            tokio::task::spawn_blocking(move || wenlv_bench::run(&bench)).await?
        }
    }
}

/// Logs to stderr, filtered by `WENLV_LOG`, else `RUST_LOG`, else `info`; one JSON object per
/// line (with the request's span: method, path, request id) when `WENLV_LOG_FORMAT=json`.
fn init_logging() {
    let filter = EnvFilter::try_from_env("WENLV_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("WENLV_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        logs.json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init();
    } else {
        logs.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init();
    }
}
