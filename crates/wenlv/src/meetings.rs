//! `wenlv meetings …`: the monthly dispatch meeting's calendar (调度会, 每月一地).

use std::sync::Arc;
use wenlv_app::meetings::parse_sites;
use wenlv_app::{Actor, App, Caller, MeetingError};
use wenlv_domain::bureau::meetings::ScheduleRule;

#[derive(Debug, clap::Subcommand)]
pub enum MeetingsCommand {
    /// Generate a year's meetings, one a month, the site moving each month; replaces the
    /// year's meetings not yet held (held ones are kept, no month gets two) and prints them.
    Schedule(ScheduleArgs),
    /// Print a year's meetings.
    List {
        /// The year (all years when left out).
        #[arg(long)]
        year: Option<i16>,
    },
}

#[derive(Debug, clap::Args)]
pub struct ScheduleArgs {
    /// The year to schedule, e.g. 2024.
    #[arg(long)]
    pub year: i16,
    /// The sites in turn, separated by 、 , ， ; ； (January the first, February the next, …).
    #[arg(long)]
    pub sites: String,
    /// Which day: last-WEEKDAY (e.g. last-thursday), first-WEEKDAY or last-working-day; a
    /// public holiday is skipped.
    #[arg(long, default_value = "last-thursday")]
    pub rule: String,
}

fn explain(err: MeetingError) -> anyhow::Error {
    match err {
        MeetingError::Invalid { field, message } => anyhow::anyhow!("--{field}: {message}"),
        MeetingError::Store(e) => anyhow::Error::new(e).context("the database failed"),
        other => anyhow::anyhow!("{other}"),
    }
}

fn print(meetings: &[wenlv_domain::bureau::meetings::Meeting]) {
    println!("{:<10}  {:<7}  site", "date", "status");
    for m in meetings {
        println!("{}  {:<7}  {}", m.date, m.status.as_str(), m.site);
    }
}

pub async fn run(store: wenlv_store::Store, command: &MeetingsCommand) -> anyhow::Result<()> {
    let app = App::new(store, Arc::new(wenlv_io::demo::xining_city()));
    match command {
        MeetingsCommand::Schedule(args) => {
            let rule =
                ScheduleRule::parse(&args.rule).map_err(|e| anyhow::anyhow!("--rule: {e}"))?;
            let sites = parse_sites(&args.sites).map_err(explain)?;
            let change = app
                .schedule_meetings(&Caller::cli(), args.year, &sites, rule)
                .await
                .map_err(explain)?;
            eprintln!(
                "{}: {} planned meeting(s) replaced, {} held kept, {} added",
                args.year,
                change.removed.len(),
                change.kept.len(),
                change.added.len()
            );
            let year = app
                .list_meetings(&Actor::Operator, Some(args.year))
                .await
                .map_err(explain)?;
            print(&year);
        }
        MeetingsCommand::List { year } => {
            print(
                &app.list_meetings(&Actor::Operator, *year)
                    .await
                    .map_err(explain)?,
            );
        }
    }
    Ok(())
}
