//! `wenlv backup` and `wenlv restore` on SQLite (under concurrent writes, compared table by table
//! and row by row), and the PostgreSQL schema through `pg_dump -Fc` / `pg_restore`.

use super::cli::{run, wenlv};
use sqlx::{Connection, SqliteConnection};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use wenlv_domain::{Category, Place, PlaceId};
use wenlv_store::Store;

fn place(i: u64) -> Place {
    Place::new(
        PlaceId::parse(&format!("p{i:05}")).unwrap(),
        "测试",
        "Test",
        Category::Museum,
    )
}

fn data_dir_cmd(dir: &Path) -> std::process::Command {
    let mut cmd = wenlv();
    cmd.arg("--data-dir").arg(dir);
    cmd
}

/// The user tables of a SQLite database (`main` or an attached schema).
async fn tables(conn: &mut SqliteConnection) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         ORDER BY name",
    )
    .fetch_all(conn)
    .await
    .unwrap()
}

async fn scalar(conn: &mut SqliteConnection, sql: String) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(conn)
        .await
        .unwrap()
}

/// A backup taken while a writer adds places one transaction at a time restores into a fresh
/// folder as one consistent moment: every row of every table is a row of the live database,
/// the places are an unbroken prefix of the writer's sequence, the catalogue version counts
/// exactly the writes the copy holds, and the uploads come back byte for byte.
#[tokio::test]
async fn a_backup_under_writes_restores_every_table_row_by_row() {
    let tmp = tempfile::tempdir().unwrap();
    let live = tmp.path().join("live");
    run(data_dir_cmd(&live).args(["db", "migrate"]));
    // Accounts and the audit log have rows too (a token; its audit entry).
    run(data_dir_cmd(&live).args([
        "token",
        "create",
        "--name",
        "etl",
        "--role",
        "staff",
        "--expires",
        "30",
    ]));
    let evidence = live.join("files/evidence/2026");
    std::fs::create_dir_all(&evidence).unwrap();
    std::fs::write(evidence.join("report.pdf"), b"%PDF-1.7 \x00\xff evidence").unwrap();
    std::fs::write(live.join("files/note.txt"), "上传的文件").unwrap();

    let store = Store::open_sqlite(&live.join("wenlv.db")).await.unwrap();
    let written = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn({
        let (store, written, stop) = (store.clone(), written.clone(), stop.clone());
        async move {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                store.upsert_places(&[place(i)]).await.unwrap();
                i += 1;
                written.store(i, Ordering::Relaxed);
            }
        }
    });
    while written.load(Ordering::Relaxed) < 20 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let backup = tmp.path().join("wenlv-backup.tar");
    let before = written.load(Ordering::Relaxed);
    let out = tokio::task::spawn_blocking({
        let (live, backup) = (live.clone(), backup.clone());
        move || run(data_dir_cmd(&live).arg("backup").arg("--out").arg(&backup))
    })
    .await
    .unwrap();
    let during = written.load(Ordering::Relaxed) - before;
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    store.close().await;
    assert!(during > 0, "no write landed while the backup ran");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("with the uploads folder"),
        "{out:?}"
    );
    assert!(!tmp.path().join("wenlv-backup.partial").exists());

    let restored = tmp.path().join("restored");
    run(data_dir_cmd(&restored).arg("restore").arg(&backup));

    let mut conn =
        SqliteConnection::connect(&format!("sqlite://{}", restored.join("wenlv.db").display()))
            .await
            .unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "ATTACH DATABASE '{}' AS live",
        live.join("wenlv.db").display()
    )))
    .execute(&mut conn)
    .await
    .unwrap();
    let names = tables(&mut conn).await;
    for expected in ["places", "place_themes", "users", "api_tokens", "audit_log"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    for table in &names {
        let rows = scalar(&mut conn, format!("SELECT count(*) FROM main.\"{table}\"")).await;
        if table == "catalogue_version" {
            continue;
        }
        let strays = scalar(
            &mut conn,
            format!(
                "SELECT count(*) FROM (SELECT * FROM main.\"{table}\" \
                 EXCEPT SELECT * FROM live.\"{table}\")"
            ),
        )
        .await;
        assert_eq!(
            strays, 0,
            "{table}: {strays} of {rows} rows not in the live database"
        );
        // Tables the writer does not touch are identical, row for row.
        if !["places", "_sqlx_migrations"].contains(&table.as_str()) {
            let live_rows =
                scalar(&mut conn, format!("SELECT count(*) FROM live.\"{table}\"")).await;
            assert_eq!(rows, live_rows, "{table}");
        }
    }
    let places = scalar(&mut conn, "SELECT count(*) FROM main.places".into()).await;
    let max_id = scalar(
        &mut conn,
        "SELECT max(CAST(substr(id, 2) AS INTEGER)) FROM main.places".into(),
    )
    .await;
    assert_eq!(places, max_id + 1, "the places are an unbroken prefix");
    assert!(
        places as u64 >= before,
        "{places} < {before} written before the backup"
    );
    let version = scalar(
        &mut conn,
        "SELECT version FROM main.catalogue_version".into(),
    )
    .await;
    assert_eq!(version, places, "one catalogue version per write held");
    conn.close().await.unwrap();
    let files = restored.join("files");
    assert_eq!(
        std::fs::read(files.join("evidence/2026/report.pdf")).unwrap(),
        b"%PDF-1.7 \x00\xff evidence"
    );
    assert_eq!(
        std::fs::read_to_string(files.join("note.txt")).unwrap(),
        "上传的文件"
    );

    // A database with data is not overwritten without --force.
    let refused = data_dir_cmd(&restored)
        .arg("restore")
        .arg(&backup)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(
        why.contains("rows of data") && why.contains("--force"),
        "{why}"
    );
    run(data_dir_cmd(&restored)
        .arg("restore")
        .arg("--force")
        .arg(&backup));
}

/// An older backup is migrated forward on restore; one from a newer wenlv is refused, and the
/// target is left as it was.
#[tokio::test]
async fn restore_migrates_an_older_schema_and_refuses_a_newer_one() {
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("old");
    let known = Store::known_schema_versions(wenlv_store::Engine::Sqlite);
    let newest = *known.last().unwrap();
    // A database as the previous release left it: every migration but the newest.
    std::fs::create_dir_all(&old).unwrap();
    wenlv_store::testing::migrate_sqlite_to(&old.join("wenlv.db"), known[known.len() - 2]).await;
    let old_backup = tmp.path().join("old.tar");
    run(data_dir_cmd(&old)
        .arg("backup")
        .arg("--out")
        .arg(&old_backup));
    let target = tmp.path().join("target");
    let out = run(data_dir_cmd(&target).arg("restore").arg(&old_backup));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains(&format!("→ {newest}")), "{said}");
    let store = Store::open_sqlite(&target.join("wenlv.db")).await.unwrap();
    assert_eq!(store.applied_schema_versions().await.unwrap(), known);
    assert_eq!(store.catalogue_version().await.unwrap(), 0);
    store.close().await;

    let future = tmp.path().join("future");
    run(data_dir_cmd(&future).args(["db", "migrate"]));
    {
        let mut conn =
            SqliteConnection::connect(&format!("sqlite://{}", future.join("wenlv.db").display()))
                .await
                .unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, \
             execution_time) VALUES (29991231000000, 'from the future', TRUE, x'00', 0)",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
    }
    let future_backup = tmp.path().join("future.tar");
    run(data_dir_cmd(&future)
        .arg("backup")
        .arg("--out")
        .arg(&future_backup));
    let fresh = tmp.path().join("fresh");
    let refused = data_dir_cmd(&fresh)
        .arg("restore")
        .arg("--force")
        .arg(&future_backup)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(why.contains("schema version 29991231000000"), "{why}");
    assert!(
        !fresh.join("wenlv.db").exists(),
        "a refused restore wrote a database"
    );

    // Not a backup at all.
    let junk = tmp.path().join("junk.tar");
    std::fs::write(&junk, "not a tar file at all").unwrap();
    let refused = data_dir_cmd(&fresh)
        .arg("restore")
        .arg(&junk)
        .output()
        .unwrap();
    assert!(!refused.status.success());
}

/// The PostgreSQL path the README documents: `pg_dump -Fc` of a database with the demo data and
/// accounts, `pg_restore` into an empty database, and every table's rows, the migrations and
/// the audit log's triggers come back; the restored database migrates as a no-op and serves.
#[tokio::test]
async fn the_postgres_schema_survives_pg_dump_and_pg_restore() {
    let Some(source) = wenlv_store::testing::fresh_postgres().await else {
        return;
    };
    let Some(bin) = pg_bin("pg_dump") else {
        if std::env::var("WENLV_TEST_REQUIRE_POSTGRES").as_deref() == Ok("1") {
            panic!("pg_dump not found: install postgresql-client");
        }
        eprintln!("note: pg_dump not found; skipping");
        return;
    };
    let Some(target) = wenlv_store::testing::fresh_postgres().await else {
        return;
    };
    let src = source.db.url.clone();
    run(wenlv().args(["--database-url", &src, "init", "--demo"]));
    run(wenlv().args([
        "--database-url",
        &src,
        "token",
        "create",
        "--name",
        "etl",
        "--role",
        "staff",
    ]));
    // The restore target must be empty: drop what `fresh_postgres` migrated.
    let mut dst = sqlx::PgConnection::connect(&target.db.url).await.unwrap();
    for sql in ["DROP SCHEMA public CASCADE", "CREATE SCHEMA public"] {
        sqlx::query(sql).execute(&mut dst).await.unwrap();
    }
    let tmp = tempfile::tempdir().unwrap();
    let dump = tmp.path().join("wenlv.dump");
    let status = std::process::Command::new(&bin)
        .args(["-Fc", "--no-owner", "-f"])
        .arg(&dump)
        .arg(&src)
        .status()
        .unwrap();
    assert!(status.success(), "pg_dump failed");
    let status = std::process::Command::new(bin.with_file_name("pg_restore"))
        .args(["--no-owner", "--exit-on-error", "-d", &target.db.url])
        .arg(&dump)
        .status()
        .unwrap();
    assert!(status.success(), "pg_restore failed");

    let mut src_conn = sqlx::PgConnection::connect(&src).await.unwrap();
    let list = "SELECT table_name::text FROM information_schema.tables \
                WHERE table_schema = 'public' ORDER BY 1";
    let names: Vec<String> = sqlx::query_scalar(list)
        .fetch_all(&mut src_conn)
        .await
        .unwrap();
    let again: Vec<String> = sqlx::query_scalar(list).fetch_all(&mut dst).await.unwrap();
    assert_eq!(names, again);
    assert!(names.iter().any(|n| n == "audit_log"), "{names:?}");
    for table in &names {
        // Every row, as text, in one order: the same digest on both sides.
        let sql = format!(
            "SELECT count(*)::bigint, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') \
             FROM \"{table}\" t"
        );
        let a: (i64, String) = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .fetch_one(&mut src_conn)
            .await
            .unwrap();
        let b: (i64, String) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut dst)
            .await
            .unwrap();
        assert_eq!(a, b, "{table}");
    }
    let triggers =
        "SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = 'public'";
    let t_src: i64 = sqlx::query_scalar(triggers)
        .fetch_one(&mut src_conn)
        .await
        .unwrap();
    let t_dst: i64 = sqlx::query_scalar(triggers)
        .fetch_one(&mut dst)
        .await
        .unwrap();
    assert_eq!(t_src, t_dst);
    // The audit log stays append-only after the round trip.
    assert!(
        sqlx::query("DELETE FROM audit_log")
            .execute(&mut dst)
            .await
            .is_err()
    );
    src_conn.close().await.unwrap();
    dst.close().await.unwrap();
    let restored = Store::connect(&target.db.url).await.unwrap();
    restored.migrate().await.unwrap();
    assert_eq!(
        restored.applied_schema_versions().await.unwrap(),
        Store::known_schema_versions(wenlv_store::Engine::Postgres)
    );
    assert!(restored.count_places().await.unwrap() > 40);
    restored.close().await;
    source.remove().await;
    target.remove().await;
}

/// `pg_dump` (or a sibling) from `WENLV_TEST_PG_BIN`, PATH, or Debian's versioned folders.
fn pg_bin(name: &str) -> Option<std::path::PathBuf> {
    let mut dirs: Vec<std::path::PathBuf> = Vec::new();
    if let Ok(d) = std::env::var("WENLV_TEST_PG_BIN") {
        dirs.push(d.into());
    }
    if let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") {
        let mut v: Vec<_> = entries.flatten().map(|e| e.path().join("bin")).collect();
        v.sort();
        dirs.extend(v.into_iter().rev());
    }
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}
