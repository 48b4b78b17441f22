//! Where the database is: the global flags every command shares, and opening the store.

use anyhow::Context;
use std::fmt;
use std::path::PathBuf;
use wenlv_store::Store;

/// The SQLite file name inside `--data-dir`.
pub const DB_FILE: &str = "wenlv.db";

/// Flags accepted before or after any subcommand.
#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// Folder for the SQLite database (DIR/wenlv.db); created if missing. Default: the current
    /// folder.
    #[arg(long, global = true, env = "WENLV_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Database URL: postgres://USER@HOST/DB or sqlite://PATH. Wins over --data-dir.
    #[arg(
        long,
        global = true,
        env = "WENLV_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
}

/// The database the flags point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Url(String),
    SqliteFile(PathBuf),
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::SqliteFile(path) => write!(f, "SQLite file {}", path.display()),
            Target::Url(url) => f.write_str(&redact(url)),
        }
    }
}

impl GlobalArgs {
    pub fn target(&self) -> Target {
        match (&self.database_url, &self.data_dir) {
            (Some(url), _) if !url.trim().is_empty() => Target::Url(url.trim().to_string()),
            (_, Some(dir)) => Target::SqliteFile(dir.join(DB_FILE)),
            _ => Target::SqliteFile(PathBuf::from(DB_FILE)),
        }
    }
}

/// Opens the database the flags name (creating the data folder and SQLite file if needed).
/// Does not migrate.
pub async fn store_from_args(args: &GlobalArgs) -> anyhow::Result<Store> {
    let target = args.target();
    let store = match &target {
        Target::Url(url) => Store::connect(url).await,
        Target::SqliteFile(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create data folder {}", dir.display()))?;
            }
            Store::open_sqlite(path).await
        }
    }
    .with_context(|| format!("cannot open the database ({target})"))?;
    tracing::info!(database = %target, "opened the database");
    Ok(store)
}

/// Opens the database and applies the migrations.
pub async fn migrated_store(args: &GlobalArgs) -> anyhow::Result<Store> {
    let store = store_from_args(args).await?;
    store
        .migrate()
        .await
        .with_context(|| format!("cannot migrate the database ({})", args.target()))?;
    Ok(store)
}

/// The URL without its password, for messages and logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => match url[s + 3..at].split_once(':') {
            Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
            None => url.to_string(),
        },
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(url: Option<&str>, dir: Option<&str>) -> GlobalArgs {
        GlobalArgs {
            database_url: url.map(str::to_string),
            data_dir: dir.map(PathBuf::from),
        }
    }

    #[test]
    fn the_url_wins_over_the_data_dir_and_the_default_is_local() {
        assert_eq!(
            args(Some("postgres://h/db"), Some("/data")).target(),
            Target::Url("postgres://h/db".into())
        );
        assert_eq!(
            args(None, Some("/data")).target(),
            Target::SqliteFile(PathBuf::from("/data/wenlv.db"))
        );
        assert_eq!(
            args(None, None).target(),
            Target::SqliteFile(PathBuf::from("wenlv.db"))
        );
        assert_eq!(
            Target::Url("postgres://u:pw@h/db".into()).to_string(),
            "postgres://u:***@h/db"
        );
    }
}
