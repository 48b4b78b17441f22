//! `wenlv init [--demo]`: prepare a database, optionally with the Xining demo catalogue and
//! offers.

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
    }
    store.close().await;
    Ok(())
}

/// What loading the demo data did.
#[derive(Debug, Clone, Copy)]
pub struct DemoCounts {
    pub places: UpsertCounts,
    pub offers: UpsertCounts,
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
    Ok(DemoCounts { places, offers })
}
