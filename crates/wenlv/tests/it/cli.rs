//! `wenlv --help`, `db migrate`, `serve` and `init --demo`, run as a user would.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use wenlv_domain::{Category, Place, PlaceId};
use wenlv_store::Store;
use wenlv_store::testing::on_both_engines;

pub fn wenlv() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wenlv"));
    // The caller's environment must not pick the database.
    cmd.env_remove("WENLV_DATABASE_URL")
        .env_remove("WENLV_DATA_DIR")
        .env_remove("WENLV_ADDR")
        .env_remove("WENLV_OSRM_FOOT_URL")
        .env_remove("WENLV_OSRM_CAR_URL")
        .env("WENLV_LOG", "warn");
    cmd
}

pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run wenlv");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Kills the server when the test ends, pass or fail.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `wenlv … serve --addr 127.0.0.1:0 …` and reads the URL it prints.
fn start_server(args: &[&str], dir: &Path) -> Server {
    let mut child = wenlv()
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start wenlv serve");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .trim_end_matches('/')
        .to_string();
    Server { child, base }
}

fn place(id: &str) -> Place {
    Place {
        a_level: wenlv_domain::ALevel::new(3).unwrap(),
        ..Place::new(
            PlaceId::parse(id).unwrap(),
            "测试",
            "Test",
            Category::Museum,
        )
    }
}

/// Every command answers `--help`.
#[test]
fn help_everywhere() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["db", "--help"],
        vec!["db", "migrate", "--help"],
        vec!["init", "--help"],
        vec!["backup", "--help"],
        vec!["restore", "--help"],
    ] {
        let out = run(wenlv().args(&args));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Usage:"), "{args:?}: {text}");
        assert!(text.contains("--database-url"), "{args:?}: {text}");
    }
}

/// `db migrate` creates DIR/wenlv.db with the schema; `--data-dir` and `WENLV_DATA_DIR` both work,
/// and without either the file lands in the current folder.
#[tokio::test]
async fn db_migrate_creates_the_sqlite_file() {
    let tmp = tempfile::tempdir().unwrap();
    let by_flag = tmp.path().join("flag");
    run(wenlv()
        .arg("--data-dir")
        .arg(&by_flag)
        .args(["db", "migrate"]));
    let by_env = tmp.path().join("env/nested");
    run(wenlv()
        .env("WENLV_DATA_DIR", &by_env)
        .args(["db", "migrate"]));
    let cwd = tmp.path().join("cwd");
    std::fs::create_dir(&cwd).unwrap();
    run(wenlv().current_dir(&cwd).args(["db", "migrate"]));
    for dir in [by_flag, by_env, cwd] {
        let file = dir.join("wenlv.db");
        assert!(file.is_file(), "no {}", file.display());
        let store = Store::open_sqlite(&file).await.unwrap();
        // Migrated: the places table exists and is empty.
        assert_eq!(store.count_places().await.unwrap(), 0);
        store.close().await;
    }
}

/// `serve --no-demo` on the database named by `--database-url` (or `WENLV_DATABASE_URL`, which
/// wins over `--data-dir`) answers the API with what that database holds.
#[tokio::test]
async fn serve_answers_from_the_database_in_the_url() {
    on_both_engines(|db| async move {
        db.store
            .upsert_places(&[place("alpha_museum"), place("beta_museum")])
            .await
            .unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let client = reqwest::Client::new();

        let server = start_server(
            &[
                "--database-url",
                &db.url,
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--no-demo",
            ],
            tmp.path(),
        );
        let list: serde_json::Value = client
            .get(format!("{}/api/places", server.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 2, "{list}");
        assert_eq!(list["items"][0]["id"], "alpha_museum");
        drop(server);

        let mut cmd = wenlv();
        cmd.env("WENLV_DATABASE_URL", &db.url)
            .args([
                "--data-dir",
                "elsewhere",
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--no-demo",
            ])
            .current_dir(tmp.path())
            .stdout(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let server = Server {
            child,
            base: line
                .split_whitespace()
                .find(|w| w.starts_with("http://"))
                .unwrap()
                .trim_end_matches('/')
                .to_string(),
        };
        let one = client
            .get(format!("{}/api/places/beta_museum", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(one.status().as_u16(), 200);
        assert!(
            !tmp.path().join("elsewhere").exists(),
            "--data-dir was used"
        );
    })
    .await;
}

/// A database that cannot be opened fails with a message naming it, and a non-zero exit.
#[test]
fn a_bad_database_url_is_reported() {
    let out = wenlv()
        .args(["--database-url", "mysql://nowhere/db", "db", "migrate"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mysql://nowhere/db"), "{err}");
}

/// `init --demo` loads the Xining catalogue, and running it again changes nothing; `serve` on an
/// empty database loads it too. Needs `wenlv_io::demo` (written on the io branch).
#[tokio::test]
async fn init_demo_and_serve_load_the_xining_places() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let out = run(wenlv().arg("--data-dir").arg(&dir).args(["init", "--demo"]));
    let text = String::from_utf8_lossy(&out.stdout);
    // As many as the shipped data has: a data release changes no test.
    let n = wenlv_io::demo::xining_places().len();
    assert!(
        text.contains(&format!("{n} created, 0 updated, 0 unchanged")),
        "{text}"
    );
    let projects = wenlv_io::demo::sample_projects(jiff::civil::date(2024, 1, 2)).len();
    assert!(
        text.contains(&format!(
            "sample key projects: {projects} created, 0 updated, 0 unchanged; 2024 dispatch meetings: 12"
        )),
        "{text}"
    );
    let out = run(wenlv().arg("--data-dir").arg(&dir).args(["init", "--demo"]));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("0 created, 0 updated, {n} unchanged")),
        "{text}"
    );
    // The bureau's sample records are loaded once: a re-run leaves them (and any edit) alone.
    assert!(
        text.contains(
            "sample key projects: 0 created, 0 updated, 0 unchanged; 2024 dispatch meetings: 0"
        ),
        "{text}"
    );

    let empty = tmp.path().join("empty");
    let empty_arg = empty.display().to_string();
    let server = start_server(
        &["--data-dir", &empty_arg, "serve", "--addr", "127.0.0.1:0"],
        tmp.path(),
    );
    let list: serde_json::Value = reqwest::get(format!("{}/api/places?limit=500", server.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], n);
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == "kumbum_monastery")
    );
}

/// `serve --header-timeout 1 --body-timeout 1`: a client that sends half its headers is cut off
/// after about a second, and one that sends half its body is answered 408.
#[tokio::test]
async fn serve_cuts_off_slow_clients_after_the_timeouts_given() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let tmp = tempfile::tempdir().unwrap();
    let server = start_server(
        &[
            "--data-dir",
            ".",
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--no-demo",
            "--header-timeout",
            "1",
            "--body-timeout",
            "1",
        ],
        tmp.path(),
    );
    let addr = server.base.trim_start_matches("http://").to_string();
    for (request, expected) in [
        (&b"GET /api/places HTTP/1.1\r\nHost: x\r\nAcc"[..], ""),
        (
            &b"POST /api/quotes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99\r\n\r\n{"[..],
            "HTTP/1.1 408 ",
        ),
    ] {
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let started = std::time::Instant::now();
        stream.write_all(request).await.unwrap();
        let mut answer = Vec::new();
        tokio::time::timeout(
            std::time::Duration::from_secs(5),
            stream.read_to_end(&mut answer),
        )
        .await
        .expect("closed within 5 s")
        .unwrap();
        let took = started.elapsed();
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with(expected), "{answer}");
        assert!(
            (0.9..3.0).contains(&took.as_secs_f64()),
            "closed after {took:?}"
        );
    }
    let out = wenlv()
        .args(["serve", "--header-timeout", "0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--header-timeout"));
}
