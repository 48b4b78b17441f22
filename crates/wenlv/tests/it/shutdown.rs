//! A real `wenlv serve`'s life: readiness needs the schema migrated; and on SIGTERM it stops
//! accepting at once, finishes the request in flight,
//! closes the pool (SQLite's write-ahead log is checkpointed away) and exits 0; a request that
//! does not finish within `--shutdown-grace` does not hold the exit up.

use super::cli::wenlv;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &std::path::Path, grace: &str) -> Server {
    let mut child = wenlv()
        .arg("--data-dir")
        .arg(dir)
        .args([
            "serve",
            "--no-demo",
            "--addr",
            "127.0.0.1:0",
            "--shutdown-grace",
            grace,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start wenlv serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_string();
    Server { child, addr }
}

fn sigterm(child: &Child) {
    // The shell's own `kill` (no procps needed).
    let status = std::process::Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", child.id())])
        .status()
        .unwrap();
    assert!(status.success());
}

fn wait_exit(child: &mut Child, within: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            start.elapsed() < within,
            "the server did not exit within {within:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Sends a request's head and the first half of its body, leaving it in flight.
fn half_a_request(addr: &str, body: &str) -> TcpStream {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "POST /api/itineraries HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\n\r\n{}",
        body.len(),
        &body[..body.len() / 2]
    )
    .unwrap();
    s.flush().unwrap();
    s
}

#[test]
fn sigterm_mid_request_finishes_it_and_exits_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let mut server = start(tmp.path(), "30");
    let body = r#"{"dates": ["2024-01-08"], "start": {"lat": 36.62, "lon": 101.78}}"#;
    let mut slow = half_a_request(&server.addr, body);
    // The server has the request's head: it is in flight when the signal comes.
    std::thread::sleep(Duration::from_millis(300));
    sigterm(&server.child);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "the server exited with a request in flight"
    );
    assert!(
        TcpStream::connect(&server.addr).is_err(),
        "the server still accepts connections after SIGTERM"
    );
    slow.write_all(&body.as_bytes()[body.len() / 2..]).unwrap();
    let mut answer = String::new();
    slow.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"days\""), "{answer}");
    let status = wait_exit(&mut server.child, Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
    assert!(tmp.path().join("wenlv.db").is_file());
    assert!(
        !tmp.path().join("wenlv.db-wal").exists(),
        "the pool was not closed: the write-ahead log is still there"
    );
}

#[test]
fn a_request_that_never_finishes_does_not_hold_the_exit_beyond_the_grace() {
    let tmp = tempfile::tempdir().unwrap();
    let mut server = start(tmp.path(), "1");
    let body = r#"{"dates": ["2024-01-08"], "start": {"lat": 36.62, "lon": 101.78}}"#;
    let _stuck = half_a_request(&server.addr, body);
    std::thread::sleep(Duration::from_millis(300));
    let signalled = Instant::now();
    sigterm(&server.child);
    let status = wait_exit(&mut server.child, Duration::from_secs(15));
    assert!(status.success(), "{status:?}");
    let took = signalled.elapsed();
    assert!(
        took >= Duration::from_millis(900),
        "exited before the grace: {took:?}"
    );
    assert!(took < Duration::from_secs(9), "{took:?}");
}

/// `/readyz` is 503 while a schema version this binary needs is not applied (a database put
/// back from an older backup under a running server), and 200 again once it is.
#[tokio::test]
async fn readiness_needs_every_migration() {
    use sqlx::Connection;
    let tmp = tempfile::tempdir().unwrap();
    let server = start(tmp.path(), "5");
    let ready = || async {
        reqwest::get(format!("http://{}/readyz", server.addr))
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(ready().await, 200);
    let db = format!("sqlite://{}", tmp.path().join("wenlv.db").display());
    let mut conn = sqlx::SqliteConnection::connect(&db).await.unwrap();
    let newest = *wenlv_store::Store::known_schema_versions(wenlv_store::Engine::Sqlite)
        .last()
        .unwrap();
    sqlx::query("UPDATE _sqlx_migrations SET version = -version WHERE version = $1")
        .bind(newest)
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(ready().await, 503);
    sqlx::query("UPDATE _sqlx_migrations SET version = -version WHERE version = $1")
        .bind(-newest)
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(ready().await, 200);
    conn.close().await.unwrap();
}
