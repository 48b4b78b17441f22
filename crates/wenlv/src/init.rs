//! `wenlv init [--demo]`: prepare a database, optionally with the Xining demo catalogue and
//! offers, and the sample battle-map plan.

use crate::config::{GlobalArgs, migrated_store};
use wenlv_store::{Store, UpsertCounts};

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Also load the Xining demo places and offers (re-running it changes nothing).
    #[arg(long)]
    demo: bool,
}

pub async fn run(global: &GlobalArgs, args: InitArgs) -> anyhow::Result<()> {
    let store = migrated_store(global).await?;
    println!("migrated {}", global.target());
    if args.demo {
        let counts = load_demo(&store).await?;
        println!(
            "Xining demo places: {} created, {} updated, {} unchanged",
            counts.places.created, counts.places.updated, counts.places.unchanged
        );
        println!(
            "Xining demo offers: {} created, {} updated, {} unchanged",
            counts.offers.created, counts.offers.updated, counts.offers.unchanged
        );
        println!(
            "sample key projects: {} created, {} updated, {} unchanged; 2024 dispatch meetings: {}",
            counts.projects.created,
            counts.projects.updated,
            counts.projects.unchanged,
            counts.meetings
        );
        println!(
            "sample plan {} (sample data under the four real centres): {} items loaded",
            wenlv_io::demo::SAMPLE_PLAN_SLUG,
            counts.plan_items
        );
    }
    store.close().await;
    Ok(())
}

/// What loading the demo data did.
#[derive(Debug, Clone, Copy)]
pub struct DemoCounts {
    pub places: UpsertCounts,
    pub offers: UpsertCounts,
    /// The sample key projects (sample data, marked as such in `data/bureau`).
    pub projects: UpsertCounts,
    /// Meetings on the generated 2024 dispatch calendar.
    pub meetings: usize,
    /// Items of the sample plan loaded (0 when it was there already).
    pub plan_items: usize,
}

/// Upserts the Xining demo catalogue and offers (compiled into the binary; the offers name only
/// places of that catalogue, which a unit test of `wenlv_io::demo` proves).
pub async fn load_demo(store: &Store) -> anyhow::Result<DemoCounts> {
    let places = wenlv_io::demo::xining_places();
    let places = store.upsert_places(&places).await?;
    tracing::info!(counts = ?places, "loaded the Xining demo places");
    let offers = store
        .upsert_offers(&wenlv_io::demo::xining_city().offers)
        .await?;
    tracing::info!(counts = ?offers, "loaded the Xining demo offers");
    let plan_items = load_sample_plan(store).await?;
    let (projects, meetings) = load_sample_library(store).await?;
    Ok(DemoCounts {
        places,
        offers,
        projects,
        meetings,
        plan_items,
    })
}

/// Loads the sample key projects and the 2024 dispatch calendar (`data/bureau/`), each only into
/// an empty library or calendar, so a re-run never overwrites the bureau's own.
pub async fn load_sample_library(store: &Store) -> anyhow::Result<(UpsertCounts, usize)> {
    // The bureau's sample records go through the application layer as the command line.
    let app = wenlv_app::App::new(
        store.clone(),
        std::sync::Arc::new(wenlv_io::demo::xining_city()),
    );
    let cli = wenlv_app::Caller::cli();
    let entered = jiff::civil::date(2024, 1, 2);
    // Loaded only into an empty library or calendar: a re-run never overwrites the bureau's own.
    let mut projects = UpsertCounts::default();
    if store.projects().await?.is_empty() {
        let sample = wenlv_io::demo::sample_projects(entered);
        let mut audit = app.audit_entry(&cli, "import", "projects", "sample data");
        audit.detail = Some("the demo's sample key projects".into());
        projects = store.save_projects(&sample, &audit).await?;
        tracing::info!(counts = ?projects, "loaded the sample key projects");
    }
    let sites: Vec<String> = wenlv_io::demo::XINING_MEETING_SITES
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut meetings = 0;
    if store.meetings(Some(2024)).await?.is_empty() {
        let calendar = app
            .schedule_meetings(
                &cli,
                2024,
                &sites,
                wenlv_domain::bureau::meetings::ScheduleRule::Last(jiff::civil::Weekday::Thursday),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        meetings = calendar.added.len();
    }
    Ok((projects, meetings))
}

/// Loads the sample battle-map plan (`data/xining/plan/`, sample data under the four real
/// centres) through the application layer, unless a plan with its slug exists already; the
/// number of items loaded (0 when it existed).
pub async fn load_sample_plan(store: &Store) -> anyhow::Result<usize> {
    use wenlv_app::battlemap::ReportInput;
    let sample = wenlv_io::demo::sample_plan();
    let slug = sample.plan.slug.to_string();
    if store.bureau_plan(&slug).await?.is_some() {
        return Ok(0);
    }
    let app = wenlv_app::App::new(
        store.clone(),
        std::sync::Arc::new(wenlv_io::demo::xining_city()),
    );
    let cli = wenlv_app::Caller::cli();
    let n = sample.items.len();
    app.import_taskbook(
        &cli,
        &slug,
        Some(&sample.plan.title),
        sample.plan.levels.clone(),
        sample.items,
    )
    .await?;
    for (code, change) in &sample.changes {
        app.change_deadline(&cli, &slug, code, change.to, change.decided, &change.reason)
            .await?;
    }
    let inputs: Vec<ReportInput> = sample
        .reports
        .into_iter()
        .map(|(code, period, percent, narrative)| ReportInput {
            row: None,
            code: code.to_string(),
            period,
            percent,
            narrative,
            problems: String::new(),
            next_steps: String::new(),
        })
        .collect();
    app.report_progress(&cli, &slug, &inputs).await?;
    tracing::info!(items = n, "loaded the sample plan");
    Ok(n)
}
