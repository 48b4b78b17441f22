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
    Ok(DemoCounts {
        places,
        offers,
        plan_items,
    })
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
