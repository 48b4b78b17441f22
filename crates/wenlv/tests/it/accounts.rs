//! `wenlv user …` and `wenlv token …` run as an operator would, on both engines: secrets printed
//! once on the last line, stored hashed, every change in the audit log as the CLI's system user.

use super::cli::{run, wenlv};
use std::sync::Arc;
use wenlv_app::{Actor, App, AuthError};
use wenlv_store::testing::on_both_engines;
use wenlv_store::{AuditQuery, CLI_USER};

fn out(args: &[&str], url: &str) -> (String, String) {
    let o = run(wenlv().args(["--database-url", url]).args(args));
    (
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

fn last_line(stdout: &str) -> &str {
    stdout.lines().last().expect("output has lines")
}

fn fails(args: &[&str], url: &str) -> String {
    let o = wenlv()
        .args(["--database-url", url])
        .args(args)
        .output()
        .unwrap();
    assert!(!o.status.success(), "{args:?} should fail");
    String::from_utf8(o.stderr).unwrap()
}

#[tokio::test]
async fn users_are_added_listed_reset_and_disabled_from_the_command_line() {
    on_both_engines(|db| async move {
        let url = db.url.clone();
        let app = App::new(db.store.clone(), Arc::new(wenlv_io::demo::xining_city()));
        let (stdout, _) = out(
            &[
                "user", "add", "--name", "liu", "--role", "reporter", "--unit", "chengxi",
            ],
            &url,
        );
        let password = last_line(&stdout).to_string();
        assert!(!password.contains(' ') && password.len() >= 20, "{stdout}");
        assert!(app.sign_in("liu", &password, "127.0.0.1").await.is_ok());

        let (list, _) = out(&["user", "list"], &url);
        let row = list.lines().find(|l| l.starts_with("liu ")).unwrap();
        assert!(row.contains("reporter") && row.contains("chengxi") && row.contains("active"));
        assert!(!list.contains("argon2"), "{list}");

        let (stdout, _) = out(&["user", "reset-password", "liu"], &url);
        let new_password = last_line(&stdout);
        assert_ne!(new_password, password);
        assert!(app.sign_in("liu", &password, "127.0.0.2").await.is_err());
        let session = app.sign_in("liu", new_password, "127.0.0.3").await.unwrap();

        out(&["user", "disable", "liu"], &url);
        assert!(app.actor_for_session(&session.secret).await.is_err());
        let (list, _) = out(&["user", "list"], &url);
        assert!(
            list.lines()
                .any(|l| l.starts_with("liu ") && l.contains("disabled"))
        );

        // Refusals name the flag.
        let err = fails(&["user", "add", "--name", "x", "--role", "root"], &url);
        assert!(err.contains("--role") && err.contains("root"), "{err}");
        let err = fails(&["user", "add", "--name", "y", "--role", "reporter"], &url);
        assert!(err.contains("--unit"), "{err}");
        let err = fails(&["user", "add", "--name", "liu", "--role", "viewer"], &url);
        assert!(err.contains("exists"), "{err}");
        let err = fails(&["user", "disable", "nobody"], &url);
        assert!(err.contains("nobody"), "{err}");

        // Every writing command is in the audit log as the command line's system user.
        let log = db
            .store
            .audit(&AuditQuery {
                actor: Some(CLI_USER.into()),
                limit: 100,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        let actions: Vec<&str> = log.items.iter().rev().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["user.add", "user.reset_password", "user.disable"]);
        assert!(
            log.items
                .iter()
                .all(|e| e.role == "operator" && e.origin.starts_with("cli"))
        );
    })
    .await;
}

#[tokio::test]
async fn tokens_are_printed_once_alone_on_the_last_line_and_revoked() {
    on_both_engines(|db| async move {
        let url = db.url.clone();
        let app = App::new(db.store.clone(), Arc::new(wenlv_io::demo::xining_city()));
        let (stdout, _) = out(
            &[
                "token",
                "create",
                "--name",
                "etl",
                "--role",
                "staff",
                "--expires",
                "30",
            ],
            &url,
        );
        let token = last_line(&stdout).to_string();
        assert!(
            token.starts_with("wlv_") && !token.contains(' '),
            "{stdout}"
        );
        assert_eq!(stdout.matches(&token).count(), 1, "printed once: {stdout}");
        assert_eq!(
            app.actor_for_token(&token).await.unwrap(),
            Actor::Staff {
                user: "token:etl".into()
            }
        );
        let (list, _) = out(&["token", "list"], &url);
        assert!(!list.contains(&token[4..]), "{list}");
        let row = list.lines().find(|l| l.starts_with("etl ")).unwrap();
        assert!(row.contains("staff") && row.contains("active") && row.contains(CLI_USER));

        out(&["token", "revoke", "etl"], &url);
        assert_eq!(app.actor_for_token(&token).await, Err(AuthError::Revoked));
        let (list, _) = out(&["token", "list"], &url);
        assert!(
            list.lines()
                .any(|l| l.starts_with("etl ") && l.contains("revoked"))
        );

        let err = fails(
            &[
                "token",
                "create",
                "--name",
                "z",
                "--role",
                "viewer",
                "--expires",
                "0",
            ],
            &url,
        );
        assert!(err.contains("--expires"), "{err}");
        let err = fails(&["token", "revoke", "etl"], &url);
        assert!(err.contains("etl"), "{err}");

        let log = db
            .store
            .audit(&AuditQuery {
                entity: Some("token".into()),
                limit: 100,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        let actions: Vec<&str> = log.items.iter().rev().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["token.create", "token.revoke"]);
        assert!(log.items.iter().all(|e| e.actor == CLI_USER));
    })
    .await;
}

#[tokio::test]
async fn imports_by_the_command_line_are_in_the_audit_log() {
    on_both_engines(|db| async move {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("places.csv");
        let exported = run(wenlv().args(["--database-url", &db.url, "init", "--demo"]));
        drop(exported);
        run(wenlv()
            .args([
                "--database-url",
                &db.url,
                "export",
                "places",
                "--format",
                "csv",
            ])
            .args(["--out", file.to_str().unwrap()]));
        run(wenlv()
            .args(["--database-url", &db.url, "import", "places"])
            .arg(&file));
        let log = db
            .store
            .audit(&AuditQuery {
                entity: Some("places".into()),
                limit: 10,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(log.total, 1);
        let e = &log.items[0];
        assert_eq!(
            (e.actor.as_str(), e.action.as_str()),
            (CLI_USER, "places.import")
        );
        assert_eq!(e.entity_id, file.display().to_string());
        let after = e.after.as_ref().unwrap();
        assert_eq!(after["created"], 0);
        assert!(after["unchanged"].as_u64().unwrap() > 0, "{after}");
    })
    .await;
}

#[test]
fn the_first_start_without_an_admin_prints_a_setup_link_to_the_log() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let mut child = wenlv()
        .args(["--data-dir", dir.path().to_str().unwrap()])
        .args(["serve", "--addr", "127.0.0.1:0", "--no-demo"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut link = None;
    for line in stderr.lines() {
        let line = line.unwrap();
        if let Some(at) = line.find("/bureau/setup?code=") {
            let start = line[..at].rfind("http://").unwrap();
            let end = line[at..].find(' ').map_or(line.len(), |e| at + e);
            link = Some(line[start..end].to_string());
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let link = link.expect("a set-up link in the log");
    assert!(!link.contains("password"), "{link}");
    let code = link.rsplit('=').next().unwrap();
    assert!(code.len() >= 40, "{link}");
}
