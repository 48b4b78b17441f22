//! The SQLite implementation: one file, WAL mode, foreign keys on, a busy timeout. Its SQL is
//! shared with PostgreSQL (`crate::catalogue_sql`, `crate::accounts`); what differs is here.

use crate::StoreError;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::time::Duration;

pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

#[derive(Clone, Debug)]
pub(crate) struct SqliteStore {
    pub(crate) pool: SqlitePool,
}

crate::catalogue_sql::impl_catalogue!(
    SqliteStore,
    sqlx::Sqlite,
    sqlx::sqlite::SqliteRow,
    themes_agg = "group_concat",
    find = "instr",
    doc_read = "document",
    doc_write = "$7",
    // BEGIN IMMEDIATE already makes a second import wait for the first.
    offers_lock = None,
);

impl SqliteStore {
    /// A transaction for writing. IMMEDIATE takes the write lock up front: a deferred
    /// transaction that reads and then writes can fail with "database is locked" when another
    /// writer got in between.
    pub(crate) async fn begin_write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }

    pub async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(StoreError::Invalid(format!(
                "cannot create the database file {}: folder {} does not exist",
                path.display(),
                dir.display()
            )));
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // With WAL, NORMAL is durable across application crashes and much faster.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(|e| {
                StoreError::Database(format!("cannot open SQLite file {}: {e}", path.display()))
            })?;
        Ok(SqliteStore { pool })
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }
}
