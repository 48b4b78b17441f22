//! `wenlv init [--demo]`: prepare a database, optionally with the Xining demo catalogue.

use crate::config::{GlobalArgs, migrated_store};
use wenlv_store::{Store, UpsertCounts};

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Also load the Xining demo places (re-running it changes nothing).
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
            counts.created, counts.updated, counts.unchanged
        );
    }
    store.close().await;
    Ok(())
}

/// Upserts the Xining demo catalogue (compiled into the binary).
pub async fn load_demo(store: &Store) -> anyhow::Result<UpsertCounts> {
    let places = wenlv_io::demo::xining_places();
    let counts = store.upsert_places(&places).await?;
    tracing::info!(?counts, "loaded the Xining demo places");
    Ok(counts)
}
