//! `wenlv db …`: database maintenance.

use crate::config::{GlobalArgs, migrated_store};

#[derive(Debug, clap::Args)]
pub struct DbArgs {
    #[command(subcommand)]
    command: DbCommand,
}

#[derive(Debug, clap::Subcommand)]
enum DbCommand {
    /// Apply the schema migrations (safe to run again: applied ones are skipped).
    Migrate,
}

pub async fn run(global: &GlobalArgs, args: DbArgs) -> anyhow::Result<()> {
    match args.command {
        DbCommand::Migrate => {
            let store = migrated_store(global).await?;
            println!("migrated {} ({})", global.target(), store.engine());
            store.close().await;
            Ok(())
        }
    }
}
