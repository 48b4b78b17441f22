//! The key-project library on both engines: saved whole, read back exactly (amounts in fen,
//! unknown figures unknown), re-saved without changes, history only growing, all or nothing.

use jiff::civil::date;
use wenlv_domain::bureau::projects::{
    FundingLine, FundingStatus, FundingType, Project, Stage, Wan,
};
use wenlv_store::testing::on_both_engines;
use wenlv_store::{AuditEntry, Outcome, Store};

fn audit() -> AuditEntry {
    AuditEntry {
        id: 0,
        at: jiff::Timestamp::from_second(1_700_000_000).unwrap(),
        actor: "li".into(),
        role: "staff".into(),
        origin: "test".into(),
        action: "import".into(),
        entity: "projects".into(),
        entity_id: "book.xlsx".into(),
        outcome: Outcome::Done,
        before: None,
        after: None,
        detail: None,
    }
}

fn library() -> Vec<Project> {
    let mut a = Project::new(
        "A",
        "长城国家文化公园（大通段）",
        Stage::Study,
        date(2024, 1, 5),
        "li",
    );
    a.district = Some("大通县".into());
    a.total_investment = Some(Wan::parse("3169.02").unwrap());
    a.planned_completion = Some(date(2026, 12, 31));
    a.funding = vec![
        FundingLine {
            kind: FundingType::CentralGovernmentFund,
            amount: Some(Wan::parse("0.000001").unwrap()),
            year: Some(2024),
            status: Some(FundingStatus::Disbursed),
        },
        FundingLine {
            kind: FundingType::BuildFirstSubsidiseLater,
            amount: None,
            year: None,
            status: None,
        },
    ];
    let b = Project::new("B", "特色小镇", Stage::Reserve, date(2024, 2, 1), "li");
    vec![a, b]
}

#[tokio::test]
async fn a_library_is_saved_and_read_back_exactly() {
    on_both_engines(|db| async move {
        let s: &Store = &db.store;
        let lib = library();
        let c = s.save_projects(&lib, &audit()).await.unwrap();
        assert_eq!((c.created, c.updated, c.unchanged), (2, 0, 0));
        assert_eq!(s.projects().await.unwrap(), lib);
        let c = s.save_projects(&lib, &audit()).await.unwrap();
        assert_eq!((c.created, c.updated, c.unchanged), (0, 0, 2));

        let mut moved = lib.clone();
        moved[0]
            .change_stage(Stage::Implementation, date(2024, 9, 1), "wang", "开工建设")
            .unwrap();
        moved[0].funding.pop();
        let c = s.save_projects(&moved, &audit()).await.unwrap();
        assert_eq!((c.created, c.updated, c.unchanged), (0, 1, 1));
        let back = s.projects().await.unwrap();
        assert_eq!(back, moved);
        assert_eq!(back[0].history.len(), 2);
        assert_eq!(back[0].history[1].reason, "开工建设");
    })
    .await;
}

#[tokio::test]
async fn a_rewritten_history_or_a_bad_row_writes_nothing() {
    on_both_engines(|db| async move {
        let s: &Store = &db.store;
        let lib = library();
        s.save_projects(&lib, &audit()).await.unwrap();
        let mut forged = lib.clone();
        forged[0].history[0].reason = "rewritten".into();
        forged[1].name = "改名".into();
        assert!(s.save_projects(&forged, &audit()).await.is_err());
        let mut blank = lib.clone();
        blank[1].name = "换了".into();
        blank[0].name = String::new(); // breaks the table's check
        assert!(s.save_projects(&blank, &audit()).await.is_err());
        assert_eq!(
            s.projects().await.unwrap(),
            lib,
            "nothing of either was written"
        );
    })
    .await;
}
