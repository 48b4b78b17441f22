//! `wenlv meetings …`: the monthly dispatch meeting's calendar (调度会, 每月一地).

use std::sync::Arc;
use wenlv_app::meetings::{Decision, parse_sites};
use wenlv_app::{Actor, App, Caller, MeetingError};
use wenlv_domain::bureau::meetings::ScheduleRule;

#[derive(Debug, clap::Subcommand)]
pub enum MeetingsCommand {
    /// Generate a year's meetings, one a month, the site moving each month; replaces the
    /// year's meetings not yet held (held ones are kept, no month gets two) and prints them.
    Schedule(ScheduleArgs),
    /// Record a planned meeting as held: its chair, minutes and decisions (each a follow-up
    /// with an owner unit and a due date); the agenda is frozen as it stands.
    Hold(HoldArgs),
    /// Record a decision of a held meeting as done (it leaves the next agendas).
    Done {
        /// The meeting's date, YYYY-MM-DD.
        #[arg(long)]
        meeting: String,
        /// The decision's number in that meeting (from 1).
        #[arg(long)]
        number: u32,
        /// When it was done, YYYY-MM-DD (today in the city when left out).
        #[arg(long)]
        on: Option<String>,
    },
    /// Print a meeting's pack: agenda, the last meeting's follow-ups, decisions.
    Show {
        /// The meeting's date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
    },
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

#[derive(Debug, clap::Args)]
pub struct HoldArgs {
    /// The meeting's date, YYYY-MM-DD.
    #[arg(long)]
    pub date: String,
    /// Who chaired it.
    #[arg(long)]
    pub chair: String,
    /// The minutes (text).
    #[arg(long, default_value = "")]
    pub minutes: String,
    /// A decision as "WHAT | OWNER UNIT | DUE (YYYY-MM-DD)"; repeat for each.
    #[arg(long = "decision")]
    pub decisions: Vec<String>,
}

fn day(flag: &str, text: &str) -> anyhow::Result<jiff::civil::Date> {
    wenlv_domain::parse_date(text).map_err(|e| anyhow::anyhow!("{flag}: {e}"))
}

/// "WHAT | OWNER UNIT | DUE" → a decision; the error names the decision and its part.
fn decision(n: usize, text: &str) -> anyhow::Result<Decision> {
    let parts: Vec<&str> = text.split(['|', '｜']).map(str::trim).collect();
    let [what, unit, due] = parts[..] else {
        anyhow::bail!(
            "--decision {n}: expected \"WHAT | OWNER UNIT | DUE\", got {} part(s) in '{}'",
            parts.len(),
            wenlv_domain::civil::clip(text, 80)
        );
    };
    Ok(Decision {
        decision: what.to_string(),
        owner_unit: unit.to_string(),
        due: day(&format!("--decision {n} (due)"), due)?,
    })
}

fn explain(err: MeetingError) -> anyhow::Error {
    match err {
        MeetingError::Invalid { field, message } => {
            // A decision's parts all come from --decision.
            let flag = match field {
                "decision" | "owner_unit" | "due" => "decision",
                other => other,
            };
            anyhow::anyhow!("--{flag}: {message}")
        }
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

/// Prints a meeting's pack as text.
async fn show(app: &App, date: jiff::civil::Date) -> anyhow::Result<()> {
    let pack = app
        .meeting_pack(&Actor::Operator, date)
        .await
        .map_err(explain)?;
    let m = &pack.record.meeting;
    println!("{} {} ({})", m.date, m.site, m.status.as_str());
    println!("agenda:");
    if pack.agenda.is_empty() {
        println!("  (nothing late)");
    }
    for (i, a) in pack.agenda.iter().enumerate() {
        println!(
            "  {}. [{}] {} {}: {}",
            i + 1,
            a.status,
            a.kind,
            a.subject,
            a.reason
        );
    }
    if let Some((when, lines)) = &pack.previous {
        println!("follow-ups of {when}:");
        for f in lines {
            println!(
                "  {}. {} ({}, due {}): {} — {}",
                f.number,
                f.follow_up.decision,
                f.follow_up.owner_unit,
                f.follow_up.due,
                f.status.as_str(),
                f.reason
            );
        }
    }
    if !pack.record.decisions.is_empty() {
        println!("decisions:");
        for (i, d) in pack.record.decisions.iter().enumerate() {
            println!(
                "  {}. {} ({}, due {})",
                i + 1,
                d.decision,
                d.owner_unit,
                d.due
            );
        }
    }
    Ok(())
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
        MeetingsCommand::Hold(args) => {
            let date = day("--date", &args.date)?;
            let decisions = args
                .decisions
                .iter()
                .enumerate()
                .map(|(i, d)| decision(i + 1, d))
                .collect::<anyhow::Result<Vec<_>>>()?;
            app.hold_meeting(&Caller::cli(), date, &args.chair, &args.minutes, &decisions)
                .await
                .map_err(explain)?;
            println!("held {date} with {} decision(s)", decisions.len());
            show(&app, date).await?;
        }
        MeetingsCommand::Done {
            meeting,
            number,
            on,
        } => {
            let meeting = day("--meeting", meeting)?;
            let on = match on {
                Some(text) => day("--on", text)?,
                None => app.today(),
            };
            app.follow_up_done(&Caller::cli(), meeting, *number, on)
                .await
                .map_err(explain)?;
            println!("decision {number} of {meeting}: done on {on}");
        }
        MeetingsCommand::Show { date } => show(&app, day("--date", date)?).await?,
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
