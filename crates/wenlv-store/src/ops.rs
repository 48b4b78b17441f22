//! Operations: what backups, restores, readiness and metrics ask of the database — the schema
//! versions this binary knows and those a database has applied, an online copy of a SQLite file
//! (`VACUUM INTO`), whether a database holds anything, and how busy the pool is.

use crate::{Engine, Inner, Store, StoreError};
use std::path::Path;

/// How the connection pool is used right now (for metrics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    /// Connections open (idle or in use).
    pub open: u32,
    /// Open connections not in use.
    pub idle: u32,
    /// The most the pool will open.
    pub max: u32,
}

/// Tables that do not count as data: the migrator's bookkeeping and the catalogue's version.
const NOT_DATA: [&str; 2] = ["_sqlx_migrations", "catalogue_version"];

impl Store {
    /// The schema versions (migrations) this binary carries for `engine`, oldest first.
    pub fn known_schema_versions(engine: Engine) -> Vec<i64> {
        let migrator = match engine {
            Engine::Sqlite => &crate::sqlite::MIGRATOR,
            Engine::Postgres => &crate::postgres::MIGRATOR,
        };
        migrator.iter().map(|m| m.version).collect()
    }

    /// The schema versions applied to this database, oldest first (empty when it was never
    /// migrated).
    pub async fn applied_schema_versions(&self) -> Result<Vec<i64>, StoreError> {
        let sql = "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version";
        let has_table = "SELECT count(*) FROM information_schema.tables \
                         WHERE table_name = '_sqlx_migrations' AND table_schema = current_schema()";
        Ok(match &self.inner {
            Inner::Sqlite(s) => {
                let n: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' \
                     AND name = '_sqlx_migrations'",
                )
                .fetch_one(&s.pool)
                .await?;
                if n == 0 {
                    return Ok(Vec::new());
                }
                sqlx::query_scalar(sql).fetch_all(&s.pool).await?
            }
            Inner::Postgres(s) => {
                let n: i64 = sqlx::query_scalar(has_table).fetch_one(&s.pool).await?;
                if n == 0 {
                    return Ok(Vec::new());
                }
                sqlx::query_scalar(sql).fetch_all(&s.pool).await?
            }
        })
    }

    /// How many rows of data the database holds: every row of every table except the
    /// migrator's bookkeeping, the catalogue's version and the command line's system user.
    /// 0 means a restore may write over it. SQLite only (a PostgreSQL database is restored
    /// with `pg_restore`).
    pub async fn data_rows(&self) -> Result<u64, StoreError> {
        let Inner::Sqlite(s) = &self.inner else {
            return Err(StoreError::Invalid(
                "counting data rows is for SQLite files; restore PostgreSQL with pg_restore".into(),
            ));
        };
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .fetch_all(&s.pool)
        .await?;
        let mut rows = 0u64;
        for table in tables.iter().filter(|t| !NOT_DATA.contains(&t.as_str())) {
            let filter = if table == "users" {
                " WHERE kind <> 'system'"
            } else {
                ""
            };
            // The name comes from sqlite_master; quoted as an identifier.
            let sql = format!(
                "SELECT count(*) FROM \"{}\"{filter}",
                table.replace('"', "\"\"")
            );
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(&s.pool)
                .await?;
            rows += n as u64;
        }
        Ok(rows)
    }

    /// Writes a consistent copy of the SQLite database to `dest` (which must not exist) while
    /// other connections keep reading and writing: `VACUUM INTO` reads one snapshot in one
    /// transaction. PostgreSQL is backed up with `pg_dump` instead.
    pub async fn backup_sqlite_into(&self, dest: &Path) -> Result<(), StoreError> {
        let Inner::Sqlite(s) = &self.inner else {
            return Err(StoreError::Invalid(
                "wenlv backup copies SQLite files; back up PostgreSQL with pg_dump -Fc \
                 (see the README's Deploying section)"
                    .into(),
            ));
        };
        let dest = dest.to_str().ok_or_else(|| {
            StoreError::Invalid(format!("backup path {} is not UTF-8", dest.display()))
        })?;
        sqlx::query("VACUUM INTO $1")
            .bind(dest)
            .execute(&s.pool)
            .await
            .map_err(|e| StoreError::Database(format!("VACUUM INTO {dest}: {e}")))?;
        Ok(())
    }

    /// Connections open, idle and allowed.
    pub fn pool_use(&self) -> PoolUse {
        let (open, idle, max) = match &self.inner {
            Inner::Sqlite(s) => (
                s.pool.size(),
                s.pool.num_idle(),
                s.pool.options().get_max_connections(),
            ),
            Inner::Postgres(s) => (
                s.pool.size(),
                s.pool.num_idle(),
                s.pool.options().get_max_connections(),
            ),
        };
        PoolUse {
            open,
            idle: idle as u32,
            max,
        }
    }
}
