//! Two `wenlv serve` processes on one PostgreSQL database, as behind a load balancer: started at
//! once on an empty database they migrate once (the second waits on the migrator's lock) and load
//! the demo data once; a session made through one is accepted by the other, and a sign-out
//! through one ends it on the other at the next request; two conflicting imports at once: one
//! writes, the other fails cleanly and nothing is doubled or mixed.

use super::cli::wenlv;
use sqlx::{Connection, PgConnection};
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use wenlv_app::{App, Caller, Grant, Role};
use wenlv_store::Store;

/// A server process, killed when the test ends; its address arrives on `url` once it listens.
struct Proc {
    child: Child,
    url: mpsc::Receiver<String>,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(url: &str) -> Proc {
    let mut child = wenlv()
        .args(["--database-url", url, "serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start wenlv serve");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(u) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                let _ = tx.send(u.trim_end_matches('/').to_string());
            }
        }
    });
    Proc { child, url: rx }
}

/// sqlx's PostgreSQL migrator locks `pg_advisory_lock(0x3d32ad9e * crc32(database name))`.
fn migration_lock_id(database: &str) -> i64 {
    const CRC: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);
    0x3d32ad9e * i64::from(CRC.checksum(database.as_bytes()))
}

async fn waiting_locks(conn: &mut PgConnection, kind: &str, relation: Option<&str>) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM pg_locks l WHERE NOT l.granted AND l.locktype = $1 \
         AND ($2::text IS NULL OR l.relation = $2::regclass)",
    )
    .bind(kind)
    .bind(relation)
    .fetch_one(conn)
    .await
    .unwrap()
}

async fn eventually<F: AsyncFnMut() -> bool>(what: &str, mut check: F) {
    let start = Instant::now();
    while !check().await {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out: {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn cookie(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap().to_string())
        .unwrap_or_else(|| panic!("no {name} cookie"))
}

fn csrf_field(html: &str) -> String {
    let key = r#"name="csrf" value=""#;
    let rest = &html[html.find(key).expect("a csrf field") + key.len()..];
    rest[..rest.find('"').unwrap()].to_string()
}

fn form(pairs: &[(&str, &str)]) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn bureau_home(base: &str, session: &str) -> reqwest::Response {
    client()
        .get(format!("{base}/bureau/"))
        .header("cookie", format!("wenlv_session={session}"))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn two_servers_share_one_postgres_database() {
    let Some(fresh) = wenlv_store::testing::fresh_postgres().await else {
        return;
    };
    let url = fresh.db.url.clone();
    let mut admin = PgConnection::connect(&url).await.unwrap();
    // Start from an empty database: undo what `fresh_postgres` migrated.
    for sql in ["DROP SCHEMA public CASCADE", "CREATE SCHEMA public"] {
        sqlx::query(sql).execute(&mut admin).await.unwrap();
    }
    let database: String = sqlx::query_scalar("SELECT current_database()::text")
        .fetch_one(&mut admin)
        .await
        .unwrap();

    // Hold the migrator's lock, start both servers: both wait on it, neither serves.
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(migration_lock_id(&database))
        .execute(&mut admin)
        .await
        .unwrap();
    let a = serve(&url);
    let b = serve(&url);
    eventually("both servers wait for the migration lock", async || {
        waiting_locks(&mut admin, "advisory", None).await == 2
    })
    .await;
    assert!(a.url.try_recv().is_err() && b.url.try_recv().is_err());
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(migration_lock_id(&database))
        .execute(&mut admin)
        .await
        .unwrap();
    let wait = Duration::from_secs(60);
    let (a_url, b_url) = (
        a.url.recv_timeout(wait).expect("server A serves"),
        b.url.recv_timeout(wait).expect("server B serves"),
    );
    // Migrated once: every version of this binary applied, once, successfully; the demo data
    // loaded once although both found the database empty.
    let store = Store::connect(&url).await.unwrap();
    assert_eq!(
        store.applied_schema_versions().await.unwrap(),
        Store::known_schema_versions(wenlv_store::Engine::Postgres)
    );
    let demo = wenlv_io::demo::xining_places().len() as u64;
    assert_eq!(store.count_places().await.unwrap(), demo);
    assert_eq!(
        store.catalogue_version().await.unwrap(),
        2,
        "places and offers, once each"
    );

    // A session made through A is accepted by B.
    let app = App::new(store.clone(), Arc::new(wenlv_io::demo::xining_city()));
    let cli = Caller::cli();
    let grant = Grant {
        name: "ma".into(),
        role: Role::Staff,
        unit: None,
    };
    let (_, one_time) = app.add_user(&cli, &grant).await.unwrap();
    let session = app.sign_in("ma", &one_time, "192.0.2.9").await.unwrap();
    let chosen = "ma-chose-this-pw";
    app.change_password(
        &Caller::new(session.actor, "192.0.2.9"),
        "ma",
        &one_time,
        chosen,
    )
    .await
    .unwrap();
    let c = client();
    let page = c
        .get(format!("{a_url}/bureau/sign-in"))
        .send()
        .await
        .unwrap();
    let csrf_cookie = cookie(&page, "wenlv_csrf");
    let csrf = csrf_field(&page.text().await.unwrap());
    let signed_in = c
        .post(format!("{a_url}/bureau/sign-in"))
        .header("cookie", format!("wenlv_csrf={csrf_cookie}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&[
            ("name", "ma"),
            ("password", chosen),
            ("csrf", &csrf),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);
    let session = cookie(&signed_in, "wenlv_session");
    let home = bureau_home(&b_url, &session).await;
    assert_eq!(home.status(), 200, "B accepts A's session");
    let html = home.text().await.unwrap();
    assert!(html.contains("ma"), "{html}");

    // A write through B (signing out ends the session) is seen by A on its next request.
    let out = c
        .post(format!("{b_url}/bureau/sign-out"))
        .header("cookie", format!("wenlv_session={session}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&[("csrf", &csrf_field(&html))]))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    let home = bureau_home(&a_url, &session).await;
    assert_eq!(home.status(), 303, "A refuses the session B ended");

    // A catalogue write (an import) is seen by both servers on their next request.
    let tmp = tempfile::tempdir().unwrap();
    let header = "id,name_zh,name_en,category,sources";
    let file = |name: &str, label: &str| {
        let path = tmp.path().join(name);
        let rows: Vec<String> = ["t_one", "t_two", "t_three"]
            .iter()
            .map(|id| format!("{id},{label}馆,{label} Hall,museum,test"))
            .collect();
        std::fs::write(&path, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
        path
    };
    // Two conflicting imports of the same new places at once. The test holds a lock that lets
    // both read (neither finds the places) but not insert; once it is released both insert
    // the same keys: one commits, the other fails on the duplicate and writes nothing.
    let mut tx = admin.begin().await.unwrap();
    sqlx::query("LOCK TABLE places IN SHARE MODE")
        .execute(&mut *tx)
        .await
        .unwrap();
    let import = |path: std::path::PathBuf| {
        wenlv()
            .args(["--database-url", &url, "import", "places"])
            .arg(path)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let first = import(file("east.csv", "东"));
    let second = import(file("west.csv", "西"));
    let mut watch = PgConnection::connect(&url).await.unwrap();
    eventually("both imports wait to insert", async || {
        waiting_locks(&mut watch, "relation", Some("places")).await == 2
    })
    .await;
    tx.commit().await.unwrap();
    let outcomes: Vec<_> = [first, second]
        .into_iter()
        .map(|p| p.wait_with_output().unwrap())
        .collect();
    let ok: Vec<_> = outcomes.iter().filter(|o| o.status.success()).collect();
    let failed: Vec<_> = outcomes.iter().filter(|o| !o.status.success()).collect();
    assert_eq!((ok.len(), failed.len()), (1, 1), "{outcomes:?}");
    let why = String::from_utf8_lossy(&failed[0].stderr);
    assert!(
        why.contains("conflict") && why.contains("nothing was written"),
        "{why}"
    );
    let winner = if String::from_utf8_lossy(&ok[0].stdout).contains("created 3") {
        let names: Vec<String> =
            sqlx::query_scalar("SELECT name_en FROM places WHERE id LIKE 't\\_%' ORDER BY id")
                .fetch_all(&mut watch)
                .await
                .unwrap();
        names
    } else {
        panic!(
            "the import that succeeded did not create the places: {:?}",
            ok[0]
        );
    };
    assert_eq!(winner.len(), 3, "nothing doubled");
    assert!(
        winner.iter().all(|n| n == &winner[0]),
        "one file's rows only: {winner:?}"
    );
    assert_eq!(store.count_places().await.unwrap(), demo + 3);
    for base in [&a_url, &b_url] {
        let place: serde_json::Value = c
            .get(format!("{base}/api/places/t_two"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(place["name_en"], winner[1], "{base}");
    }
    watch.close().await.unwrap();
    admin.close().await.unwrap();
    store.close().await;
    drop((a, b));
    fresh.remove().await;
}
