//! `WENLV_LOG_FORMAT=json`: the server logs one JSON object per line, request lines carry the
//! request id the answer's `x-request-id` header gave, and no password, API token or session id
//! ever appears, at the most verbose level, through a sign-in, a password change, a token's use
//! and a refused token.

use super::cli::{run, wenlv};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

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
    pairs
        .iter()
        .map(|(k, v)| {
            let enc: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={enc}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[tokio::test]
async fn json_logs_carry_request_ids_and_never_a_secret() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let cmd = |args: &[&str]| {
        let out = run(wenlv().arg("--data-dir").arg(dir).args(args));
        String::from_utf8(out.stdout).unwrap()
    };
    cmd(&["db", "migrate"]);
    let one_time = cmd(&["user", "add", "--name", "qiao", "--role", "staff"])
        .lines()
        .last()
        .unwrap()
        .to_string();
    let token = cmd(&["token", "create", "--name", "etl", "--role", "staff"])
        .lines()
        .last()
        .unwrap()
        .to_string();
    assert!(token.starts_with("wlv_"), "{token}");

    let log_path = dir.join("server.log");
    let mut child = wenlv()
        .arg("--data-dir")
        .arg(dir)
        .args(["serve", "--no-demo", "--addr", "127.0.0.1:0"])
        .env("WENLV_LOG_FORMAT", "json")
        .env("WENLV_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log_path).unwrap())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // Sign in with the one-time password, then choose a new one.
    let page = c
        .get(format!("{base}/bureau/sign-in"))
        .send()
        .await
        .unwrap();
    let request_id = page.headers()["x-request-id"].to_str().unwrap().to_string();
    let csrf_cookie = cookie(&page, "wenlv_csrf");
    let csrf = csrf_field(&page.text().await.unwrap());
    let signed_in = c
        .post(format!("{base}/bureau/sign-in"))
        .header("cookie", format!("wenlv_csrf={csrf_cookie}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&[
            ("name", "qiao"),
            ("password", &one_time),
            ("csrf", &csrf),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);
    let session = cookie(&signed_in, "wenlv_session");
    let password_page = c
        .get(format!("{base}/bureau/password"))
        .header("cookie", format!("wenlv_session={session}"))
        .send()
        .await
        .unwrap();
    let csrf = csrf_field(&password_page.text().await.unwrap());
    let chosen = "Qiao-chose-a-long-one-42";
    let changed = c
        .post(format!("{base}/bureau/password"))
        .header("cookie", format!("wenlv_session={session}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&[
            ("current", &one_time),
            ("new", chosen),
            ("csrf", &csrf),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 303, "{:?}", changed.text().await);
    // A wrong password, a token's use, a refused token.
    let page = c
        .get(format!("{base}/bureau/sign-in"))
        .send()
        .await
        .unwrap();
    let csrf_cookie = cookie(&page, "wenlv_csrf");
    let csrf = csrf_field(&page.text().await.unwrap());
    let wrong = "Not-her-password-99";
    c.post(format!("{base}/bureau/sign-in"))
        .header("cookie", format!("wenlv_csrf={csrf_cookie}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&[
            ("name", "qiao"),
            ("password", wrong),
            ("csrf", &csrf),
        ]))
        .send()
        .await
        .unwrap();
    let audit = c
        .get(format!("{base}/api/audit"))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(audit.status(), 200);
    let forged = format!("{token}x");
    let refused = c
        .get(format!("{base}/api/audit"))
        .header("authorization", format!("Bearer {forged}"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    let _ = c
        .get(format!("{base}/bureau/setup?code=not-a-real-setup-code"))
        .send()
        .await
        .unwrap();

    // The shell's own `kill` (no procps needed).
    std::process::Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", child.id())])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success());
    tokio::time::sleep(Duration::from_millis(50)).await;
    let log = std::fs::read_to_string(&log_path).unwrap();
    let mut lines = 0;
    let mut with_id = 0;
    for line in log.lines() {
        let value: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
        lines += 1;
        if value["span"]["request_id"] == request_id.as_str() {
            with_id += 1;
        }
    }
    assert!(lines > 20, "{log}");
    assert!(with_id >= 1, "no line with request id {request_id}:\n{log}");
    let token_secret = token.trim_start_matches("wlv_");
    for (what, secret) in [
        ("the one-time password", one_time.as_str()),
        ("the chosen password", chosen),
        ("a wrong password", wrong),
        ("the session id", session.as_str()),
        ("the API token", token_secret),
        ("a forged token", forged.trim_start_matches("wlv_")),
        ("a set-up code", "not-a-real-setup-code"),
    ] {
        assert!(secret.len() >= 12, "{what}: {secret}");
        assert!(!log.contains(secret), "{what} is in the log");
    }
}
