//! `wenlv import projects` and `wenlv export projects`, as the contract gives them, on both
//! engines: a book imported, exported and imported back unchanged; a bad book lists every
//! problem, exits non-zero and writes nothing.

use super::cli::{run, wenlv};
use wenlv_domain::bureau::projects::{FundingLine, FundingType, Stage, Wan};
use wenlv_io::projects::{ProjectRow, write_projects};
use wenlv_store::testing::on_both_engines;

fn row(code: &str, stage: Option<Stage>, total: Option<&str>) -> ProjectRow {
    ProjectRow {
        row: 0,
        code: code.into(),
        name: format!("项目 {code}"),
        category: Some("文化场馆".into()),
        district: Some("城中区".into()),
        stage,
        stage_reason: None,
        owner: None,
        lead_unit: None,
        total_investment: total.map(|t| Wan::parse(t).unwrap()),
        planned_completion: None,
        funding: vec![FundingLine {
            kind: FundingType::ProvincialSpecialFund,
            amount: Some(Wan::parse("29.08").unwrap()),
            year: Some(2024),
            status: None,
        }],
    }
}

#[tokio::test]
async fn a_book_is_imported_exported_and_imported_back_unchanged() {
    on_both_engines(|db| async move {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("项目库.xlsx");
        std::fs::write(
            &book,
            write_projects(&[
                row("P1", Some(Stage::Study), Some("1,200.5")),
                row("P2", None, None),
            ])
            .unwrap(),
        )
        .unwrap();
        let book = book.to_str().unwrap();
        let o = run(wenlv().args(["--database-url", &db.url, "import", "projects", book]));
        let out = String::from_utf8(o.stdout).unwrap();
        assert!(out.contains("created 2, updated 0, unchanged 0"), "{out}");
        assert!(out.contains("P2") && out.contains("reserve"), "{out}");
        let stored = db.store.projects().await.unwrap();
        assert_eq!(
            stored[0].total_investment,
            Some(Wan::parse("1200.5").unwrap())
        );

        let exported = dir.path().join("out.xlsx");
        run(wenlv()
            .args(["--database-url", &db.url, "export", "projects", "--out"])
            .arg(&exported));
        let o = run(wenlv()
            .args(["--database-url", &db.url, "import", "projects"])
            .arg(&exported));
        let out = String::from_utf8(o.stdout).unwrap();
        assert!(out.contains("created 0, updated 0, unchanged 2"), "{out}");
        assert_eq!(db.store.projects().await.unwrap(), stored);
    })
    .await;
}

#[tokio::test]
async fn a_bad_book_lists_every_problem_and_writes_nothing() {
    on_both_engines(|db| async move {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.xlsx");
        let mut bad = row("P1", Some(Stage::Study), None);
        bad.name = String::new();
        let mut worse = row("P2", None, None);
        worse.code = String::new();
        std::fs::write(&path, write_projects(&[bad, worse]).unwrap()).unwrap();
        let o = wenlv()
            .args(["--database-url", &db.url, "import", "projects"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(!o.status.success());
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(err.contains("row 2 (code P1), column 项目名称"), "{err}");
        assert!(err.contains("row 3, column 项目编号"), "{err}");
        assert!(
            err.contains("2 problem(s) found; nothing was imported"),
            "{err}"
        );
        assert!(db.store.projects().await.unwrap().is_empty());
    })
    .await;
}
