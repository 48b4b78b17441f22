//! `wenlv meetings schedule` as the contract gives it, on both engines: the calendar stored and
//! printed, re-running never duplicates, held meetings are kept, bad input names the flag.

use super::cli::{run, wenlv};
use jiff::civil::date;
use wenlv_store::testing::on_both_engines;
use wenlv_store::{AuditEntry, AuditQuery, CLI_USER, Outcome};

fn stdout(args: &[&str], url: &str) -> String {
    let o = run(wenlv().args(["--database-url", url]).args(args));
    String::from_utf8(o.stdout).unwrap()
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

const SITES: &str = "城东区,城中区,城西区,城北区,湟中区,大通县,湟源县";

#[tokio::test]
async fn a_year_is_scheduled_printed_and_rescheduled_without_duplicates() {
    on_both_engines(|db| async move {
        let url = db.url.clone();
        let args = [
            "meetings",
            "schedule",
            "--year",
            "2024",
            "--sites",
            SITES,
            "--rule",
            "last-thursday",
        ];
        let out = stdout(&args, &url);
        let rows: Vec<&str> = out.lines().skip(1).collect();
        assert_eq!(rows.len(), 12, "{out}");
        assert!(
            rows[0].starts_with("2024-01-25  planned") && rows[0].ends_with("城东区"),
            "{out}"
        );
        assert!(
            rows[9].starts_with("2024-10-31") && rows[9].ends_with("城西区"),
            "{out}"
        );
        // January is held; scheduling again with another rule keeps it and adds no second one.
        let held = AuditEntry {
            id: 0,
            at: jiff::Timestamp::now(),
            actor: "test".into(),
            role: "staff".into(),
            origin: "test".into(),
            action: "held".into(),
            entity: "meetings".into(),
            entity_id: "2024-01-25".into(),
            outcome: Outcome::Done,
            before: None,
            after: None,
            detail: None,
        };
        db.store
            .set_meeting_held(date(2024, 1, 25), &held)
            .await
            .unwrap();
        let again = stdout(
            &[
                "meetings",
                "schedule",
                "--year",
                "2024",
                "--sites",
                "湟源县",
                "--rule",
                "first-monday",
            ],
            &url,
        );
        let rows: Vec<&str> = again.lines().skip(1).collect();
        assert_eq!(rows.len(), 12, "{again}");
        assert!(rows[0].starts_with("2024-01-25  held"), "{again}");
        assert!(rows[1].starts_with("2024-02-05  planned"), "{again}");
        assert_eq!(db.store.meetings(Some(2024)).await.unwrap().len(), 12);
        let log = db
            .store
            .audit(&AuditQuery {
                actor: Some(CLI_USER.into()),
                entity: Some("meetings".into()),
                limit: 10,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(log.total, 2);
    })
    .await;
}

#[tokio::test]
async fn bad_input_names_the_flag_and_writes_nothing() {
    on_both_engines(|db| async move {
        let url = db.url.clone();
        let e = fails(
            &[
                "meetings",
                "schedule",
                "--year",
                "2024",
                "--sites",
                SITES,
                "--rule",
                "every-day",
            ],
            &url,
        );
        assert!(e.contains("--rule") && e.contains("every-day"), "{e}");
        let e = fails(
            &["meetings", "schedule", "--year", "2024", "--sites", " ，"],
            &url,
        );
        assert!(e.contains("--sites") && e.contains("no site"), "{e}");
        let e = fails(
            &["meetings", "schedule", "--year", "2031", "--sites", SITES],
            &url,
        );
        assert!(e.contains("2031") && e.contains("holiday"), "{e}");
        assert!(db.store.meetings(None).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_meeting_is_held_with_decisions_that_the_next_meeting_follows_up() {
    on_both_engines(|db| async move {
        let url = db.url.clone();
        stdout(
            &["meetings", "schedule", "--year", "2024", "--sites", SITES],
            &url,
        );
        let held = stdout(
            &[
                "meetings",
                "hold",
                "--date",
                "2024-01-25",
                "--chair",
                "王局长",
                "--minutes",
                "部署工作",
                "--decision",
                "协调解决停车场用地 | 湟中区人民政府 | 2024-02-20",
                "--decision",
                "报送项目清单｜市文旅局｜2024-02-10",
            ],
            &url,
        );
        assert!(
            held.contains("held 2024-01-25 with 2 decision(s)"),
            "{held}"
        );
        stdout(
            &[
                "meetings",
                "done",
                "--meeting",
                "2024-01-25",
                "--number",
                "2",
                "--on",
                "2024-02-05",
            ],
            &url,
        );
        let next = stdout(&["meetings", "show", "--date", "2024-02-29"], &url);
        assert!(next.contains("follow-ups of 2024-01-25:"), "{next}");
        assert!(
            next.contains("1. 协调解决停车场用地 (湟中区人民政府, due 2024-02-20): red"),
            "{next}"
        );
        assert!(
            next.contains("2. 报送项目清单 (市文旅局, due 2024-02-10): done"),
            "{next}"
        );
        assert!(
            next.contains("[red] follow_up 协调解决停车场用地"),
            "{next}"
        );

        let e = fails(
            &[
                "meetings",
                "hold",
                "--date",
                "2024-02-29",
                "--chair",
                "李",
                "--decision",
                "只有一段",
            ],
            &url,
        );
        assert!(e.contains("--decision 1") && e.contains("1 part(s)"), "{e}");
        let e = fails(
            &[
                "meetings",
                "hold",
                "--date",
                "2024-02-29",
                "--chair",
                "李",
                "--decision",
                "a|b|2024-13-01",
            ],
            &url,
        );
        assert!(e.contains("--decision 1 (due)"), "{e}");
        let e = fails(
            &["meetings", "hold", "--date", "2024-01-25", "--chair", "李"],
            &url,
        );
        assert!(e.contains("held already"), "{e}");
    })
    .await;
}
