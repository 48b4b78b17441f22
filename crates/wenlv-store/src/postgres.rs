//! The PostgreSQL implementation, for deployments that share one database server. Its SQL is
//! shared with SQLite (`crate::catalogue_sql`, `crate::accounts`); what differs is here.

use crate::StoreError;
use sqlx::postgres::{PgPool, PgPoolOptions};
use std::time::Duration;

pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Clone, Debug)]
pub(crate) struct PgStore {
    pub(crate) pool: PgPool,
}

crate::catalogue_sql::impl_catalogue!(
    PgStore,
    sqlx::Postgres,
    sqlx::postgres::PgRow,
    themes_agg = "string_agg",
    find = "strpos",
    // The document column is JSONB: written from text with a cast, read back as text.
    doc_read = "document::text",
    doc_write = "$7::jsonb",
    // Two imports at once: the second waits, then sees the first's rows.
    offers_lock = Some("LOCK TABLE offers IN SHARE ROW EXCLUSIVE MODE"),
);

impl PgStore {
    /// A transaction for writing.
    pub(crate) async fn begin_write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        self.pool.begin().await
    }

    pub async fn connect(url: &str) -> Result<PgStore, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(|e| {
                StoreError::Database(format!(
                    "cannot connect to PostgreSQL at {}: {e}",
                    crate::redact(url)
                ))
            })?;
        Ok(PgStore { pool })
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }
}
