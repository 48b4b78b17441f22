//! Test support (feature `test-support`): fresh, migrated databases on both engines.
//!
//! [`on_both_engines`] runs a test body twice: on a new SQLite file in a temp folder, and on a new
//! database created on the PostgreSQL server named by `WENLV_TEST_DATABASE_URL`. Without that
//! variable the PostgreSQL half is skipped with a note on stderr, unless
//! `WENLV_TEST_REQUIRE_POSTGRES=1` (as in CI), when it fails instead.
//!
//! ```no_run
//! # async fn t() {
//! wenlv_store::testing::on_both_engines(|db| async move {
//!     assert_eq!(db.store.count_places().await.unwrap(), 0);
//! })
//! .await;
//! # }
//! ```

use crate::{Engine, Store};
use sqlx::Connection;
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};

/// The PostgreSQL server tests create their databases on.
pub const TEST_DATABASE_URL_VAR: &str = "WENLV_TEST_DATABASE_URL";
/// Set to `1` to make a missing PostgreSQL server a failure rather than a skip.
pub const REQUIRE_POSTGRES_VAR: &str = "WENLV_TEST_REQUIRE_POSTGRES";

/// What a test body gets: a migrated store, the URL it was opened from, and the engine.
#[derive(Clone, Debug)]
pub struct TestDb {
    pub store: Store,
    /// A URL that opens the same database (for a CLI under test).
    pub url: String,
    pub engine: Engine,
}

/// A fresh database and what must be cleaned up after it.
pub struct Fresh {
    pub db: TestDb,
    cleanup: Cleanup,
}

enum Cleanup {
    /// The temp folder holding the SQLite file; removed on drop.
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl Fresh {
    /// Closes the pool and removes the database.
    pub async fn remove(self) {
        self.db.store.close().await;
        if let Cleanup::Postgres { admin_url, name } = self.cleanup {
            // Best effort: a throwaway server is deleted anyway.
            if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                )))
                .execute(&mut admin)
                .await;
                let _ = admin.close().await;
            }
        }
    }
}

/// A migrated store on a new SQLite file in a new temp folder.
pub async fn fresh_sqlite() -> Fresh {
    let dir = tempfile::tempdir().expect("create a temp folder");
    let path = dir.path().join("wenlv.db");
    let url = format!("sqlite://{}", path.display());
    let store = Store::connect(&url).await.expect("open the SQLite file");
    store.migrate().await.expect("migrate SQLite");
    Fresh {
        db: TestDb {
            store,
            url,
            engine: Engine::Sqlite,
        },
        cleanup: Cleanup::Sqlite(dir),
    }
}

/// A migrated store on a new database on the test PostgreSQL server, or `None` (with a note on
/// stderr) when no server is configured. Panics when one is required but missing.
pub async fn fresh_postgres() -> Option<Fresh> {
    let admin_url = match std::env::var(TEST_DATABASE_URL_VAR) {
        Ok(url) if !url.trim().is_empty() => url,
        _ => {
            if std::env::var(REQUIRE_POSTGRES_VAR).as_deref() == Ok("1") {
                panic!(
                    "{REQUIRE_POSTGRES_VAR}=1 but {TEST_DATABASE_URL_VAR} is not set: \
                     run the tests under .ci/with-postgres.sh"
                );
            }
            eprintln!(
                "note: {TEST_DATABASE_URL_VAR} is not set; skipping the PostgreSQL half of this test"
            );
            return None;
        }
    };
    let name = unique_name();
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .unwrap_or_else(|e| panic!("connect to the test PostgreSQL server: {e}"));
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|e| panic!("create test database {name}: {e}"));
    let _ = admin.close().await;
    let url = with_database(&admin_url, &name);
    let store = Store::connect(&url)
        .await
        .expect("connect to the test database");
    store.migrate().await.expect("migrate PostgreSQL");
    Some(Fresh {
        db: TestDb {
            store,
            url,
            engine: Engine::Postgres,
        },
        cleanup: Cleanup::Postgres { admin_url, name },
    })
}

/// Runs `test` on a fresh SQLite database, then on a fresh PostgreSQL database (see the module
/// docs for when that half is skipped). A failure names the engine it happened on.
pub async fn on_both_engines<F, Fut>(test: F)
where
    F: Fn(TestDb) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    run_on(fresh_sqlite().await, &test).await;
    if let Some(fresh) = fresh_postgres().await {
        run_on(fresh, &test).await;
    }
}

async fn run_on<F, Fut>(fresh: Fresh, test: &F)
where
    F: Fn(TestDb) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let engine = fresh.db.engine;
    // Spawned so a panic comes back here: the database is removed before the panic goes on.
    let outcome = tokio::spawn(test(fresh.db.clone())).await;
    fresh.remove().await;
    if let Err(err) = outcome {
        eprintln!("test failed on {engine}");
        match err.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(err) => panic!("test on {engine} did not finish: {err}"),
        }
    }
}

/// A database name no other test (in this or another process) is using.
fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "wenlv_test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The same server URL with another database name (keeping any `?options`).
fn with_database(url: &str, name: &str) -> String {
    let (base, options) = match url.split_once('?') {
        Some((b, o)) => (b, format!("?{o}")),
        None => (url, String::new()),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    format!("{server}/{name}{options}")
}

/// Creates (or opens) the SQLite file at `path` and applies the migrations up to and including
/// `version` only: a database as an older wenlv left it (for restore and upgrade tests).
pub async fn migrate_sqlite_to(path: &std::path::Path, version: i64) {
    use sqlx::Connection;
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut conn = sqlx::SqliteConnection::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    crate::sqlite::MIGRATOR
        .run_to(version, &mut conn)
        .await
        .unwrap_or_else(|e| panic!("migrate {} to {version}: {e}", path.display()));
    conn.close().await.ok();
}

/// How many connections to the PostgreSQL database at `url` are listening for notifications
/// (their last statement was a `LISTEN`).
pub async fn listening_connections(url: &str) -> Result<i64, sqlx::Error> {
    let mut conn = sqlx::PgConnection::connect(url).await?;
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' \
         AND datname = current_database() AND pid <> pg_backend_pid()",
    )
    .fetch_one(&mut conn)
    .await?;
    conn.close().await?;
    Ok(n)
}

/// Ends every connection listening for notifications on the PostgreSQL database at `url`, as a
/// network cut or a restarted pooler would; gives how many were ended.
pub async fn cut_listening_connections(url: &str) -> Result<u64, sqlx::Error> {
    let mut conn = sqlx::PgConnection::connect(url).await?;
    let ended: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE query LIKE 'LISTEN%' AND datname = current_database() \
         AND pid <> pg_backend_pid()",
    )
    .fetch_all(&mut conn)
    .await?;
    conn.close().await?;
    Ok(ended.into_iter().filter(|e| *e).count() as u64)
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn swaps_the_database_name_in_a_url() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(
            with_database("postgres://u:p@h/db?sslmode=disable", "t2"),
            "postgres://u:p@h/t2?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h:1", "t3"), "postgres://h:1/t3");
    }
}
