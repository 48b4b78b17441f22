//! The project library through the application layer, on both engines: staff import, a stage
//! change needs its reason, totals match hand sums, and who may do what.

use jiff::Timestamp;
use std::sync::Arc;
use wenlv_app::{Actor, App, Caller, FixedClock, ProjectError, UnitId};
use wenlv_domain::bureau::projects::{FundingLine, FundingType, Stage, TotalsBy, Wan};
use wenlv_io::projects::{ProjectBook, ProjectRow};
use wenlv_store::testing::on_both_engines;
use wenlv_store::{AuditQuery, Outcome, Store};

fn app(store: &Store) -> App {
    let at: Timestamp = "2024-03-01T02:00:00Z".parse().unwrap();
    App::new(store.clone(), Arc::new(wenlv_io::demo::xining_city())).with_clock(FixedClock(at))
}

fn staff() -> Caller {
    Caller::new(Actor::Staff { user: "li".into() }, "192.0.2.1")
}

fn row(code: &str, stage: Option<Stage>, total: Option<&str>, district: &str) -> ProjectRow {
    ProjectRow {
        row: 2,
        code: code.into(),
        name: format!("项目{code}"),
        category: None,
        district: Some(district.into()),
        stage,
        stage_reason: None,
        owner: None,
        lead_unit: None,
        total_investment: total.map(|t| Wan::parse(t).unwrap()),
        planned_completion: None,
        funding: vec![],
    }
}

fn book(projects: Vec<ProjectRow>) -> ProjectBook {
    ProjectBook {
        sheet: "项目库".into(),
        projects,
    }
}

#[tokio::test]
async fn an_import_creates_the_library_and_its_totals_match_hand_sums() {
    on_both_engines(|db| async move {
        let app = app(&db.store);
        let mut a = row("A", Some(Stage::Implementation), Some("1200.50"), "城东区");
        a.funding = vec![FundingLine {
            kind: FundingType::CentralGovernmentFund,
            amount: Some(Wan::parse("3169.02").unwrap()),
            year: Some(2024),
            status: None,
        }];
        let b = row("B", Some(Stage::Implementation), Some("0.25"), "城中区");
        let c = row("C", Some(Stage::Implementation), None, "城东区");
        let d = row("D", None, Some("14000"), "湟源县");
        let done = app
            .import_projects(&staff(), &book(vec![a, b, c, d]), "book.xlsx")
            .await
            .unwrap();
        assert_eq!(done.counts.created, 4);
        assert_eq!(done.put_in_reserve, ["D"]);
        let viewer = Actor::Viewer { user: "v".into() };
        let by_stage = app.project_totals(&viewer, TotalsBy::Stage).await.unwrap();
        let imp = by_stage.iter().find(|t| t.key == "implementation").unwrap();
        assert_eq!(
            (imp.count, imp.total_investment.to_string(), imp.unknown),
            (3, "1200.75".to_string(), 1)
        );
        let reserve = by_stage.iter().find(|t| t.key == "reserve").unwrap();
        assert_eq!(reserve.total_investment.to_string(), "14000.00");
        let by_funding = app
            .project_totals(&viewer, TotalsBy::Funding)
            .await
            .unwrap();
        assert_eq!(by_funding[0].key, "central_government_fund");
        assert_eq!(by_funding[0].total_investment.to_string(), "3169.02");
        let history = &app.list_projects(&viewer).await.unwrap()[0].history;
        assert_eq!(history[0].on.to_string(), "2024-03-01");
        assert_eq!(history[0].by, "li");
    })
    .await;
}

#[tokio::test]
async fn a_stage_change_without_a_reason_is_refused_and_nothing_is_written() {
    on_both_engines(|db| async move {
        let app = app(&db.store);
        app.import_projects(
            &staff(),
            &book(vec![row("A", Some(Stage::Study), None, "x")]),
            "1.xlsx",
        )
        .await
        .unwrap();
        let moved = row("A", Some(Stage::Implementation), Some("5"), "x");
        let e = app
            .import_projects(&staff(), &book(vec![moved.clone()]), "2.xlsx")
            .await
            .unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("2.xlsx") && text.contains("needs a reason"),
            "{text}"
        );
        let stored = app.list_projects(&Actor::Operator).await.unwrap();
        assert_eq!(
            (stored[0].stage, stored[0].total_investment),
            (Stage::Study, None)
        );
        let mut with_reason = moved;
        with_reason.stage_reason = Some("可研批复，开工".into());
        let done = app
            .import_projects(&staff(), &book(vec![with_reason]), "3.xlsx")
            .await
            .unwrap();
        assert_eq!(
            done.stage_changes,
            [("A".to_string(), Stage::Study, Stage::Implementation)]
        );
        let stored = app.list_projects(&Actor::Operator).await.unwrap();
        assert_eq!(stored[0].history.len(), 2);
        assert_eq!(stored[0].history[1].reason, "可研批复，开工");
    })
    .await;
}

#[tokio::test]
async fn only_staff_import_and_only_bureau_roles_read() {
    on_both_engines(|db| async move {
        let app = app(&db.store);
        let b = book(vec![row("A", None, None, "x")]);
        for actor in [
            Actor::Visitor,
            Actor::Viewer { user: "v".into() },
            Actor::Reporter {
                user: "r".into(),
                unit: UnitId("u".into()),
            },
        ] {
            let e = app
                .import_projects(&Caller::new(actor, "192.0.2.3"), &b, "x.xlsx")
                .await
                .unwrap_err();
            assert!(matches!(e, ProjectError::Denied(_)), "{e}");
        }
        assert!(matches!(
            app.project_totals(&Actor::Visitor, TotalsBy::Stage).await,
            Err(ProjectError::Denied(_))
        ));
        assert!(db.store.projects().await.unwrap().is_empty());
        let refused = db
            .store
            .audit(&AuditQuery {
                outcome: Some(Outcome::Refused),
                limit: 10,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(refused.total, 3);
    })
    .await;
}
