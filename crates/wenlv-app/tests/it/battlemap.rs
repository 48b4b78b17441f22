//! The battle map through the application layer, on both engines: who may import, read and
//! report, and what each use case does.

use jiff::Timestamp;
use jiff::civil::date;
use std::sync::Arc;
use wenlv_app::battlemap::ReportInput;
use wenlv_app::{Actor, App, BureauError, Caller, FixedClock, UnitId};
use wenlv_domain::bureau::{Item, ItemCode, Percent, Period, Status, UnitName};
use wenlv_store::testing::on_both_engines;
use wenlv_store::{AuditQuery, Outcome, Store};

fn app(store: &Store) -> App {
    // 2024-07-01 10:00 in Xining.
    let at: Timestamp = "2024-07-01T02:00:00Z".parse().unwrap();
    App::new(store.clone(), Arc::new(wenlv_io::demo::xining_city())).with_clock(FixedClock(at))
}

fn staff() -> Caller {
    Caller::new(Actor::Staff { user: "s1".into() }, "192.0.2.1")
}
fn reporter(unit: &str) -> Caller {
    Caller::new(
        Actor::Reporter {
            user: format!("r-{unit}"),
            unit: UnitId(unit.into()),
        },
        "192.0.2.2",
    )
}
fn viewer() -> Caller {
    Caller::new(Actor::Viewer { user: "v1".into() }, "192.0.2.3")
}
fn admin() -> Caller {
    Caller::new(Actor::Admin { user: "a1".into() }, "192.0.2.4")
}
fn visitor() -> Caller {
    Caller::new(Actor::Visitor, "192.0.2.5")
}

fn tree() -> Vec<Item> {
    let unit = |s: &str| UnitName::parse(s).unwrap();
    let mut top = Item::new(ItemCode::parse("1").unwrap(), "旅游集散中心");
    top.lead_unit = Some(unit("市文旅局"));
    let mut a = Item::new(ItemCode::parse("1.1").unwrap(), "建成游客集散中心");
    a.lead_unit = Some(unit("市交通运输局"));
    a.partner_units = vec![unit("城东区")];
    a.start = Some(date(2024, 1, 1));
    a.due = Some(date(2024, 12, 31));
    let mut b = Item::new(ItemCode::parse("1.2").unwrap(), "开通旅游直通车");
    b.lead_unit = Some(unit("湟中区"));
    b.start = Some(date(2024, 1, 1));
    b.due = Some(date(2024, 6, 30));
    vec![top, a, b]
}

fn input(code: &str, period: &str, pct: u8) -> ReportInput {
    ReportInput {
        row: None,
        code: code.into(),
        period: Period::parse(period).unwrap(),
        percent: Percent::new(pct).unwrap(),
        narrative: "进展顺利".into(),
        problems: String::new(),
        next_steps: String::new(),
    }
}

#[tokio::test]
async fn staff_import_a_task_book_and_a_re_import_says_what_changed() {
    on_both_engines(|db| async move {
        let app = app(&db.store);
        let levels = vec!["中心".to_string(), "行动".to_string()];
        let first = app.import_taskbook(&staff(), "xining-2023", Some("三年行动方案"), levels.clone(), tree()).await.unwrap();
        assert!(first.plan_created);
        assert_eq!(first.added, ["1", "1.1", "1.2"]);
        assert_eq!(first.units_created, ["城东区", "市交通运输局", "市文旅局", "湟中区"]);
        let mut again = tree();
        again[1].title_zh = "建成西宁站游客集散中心".into();
        again[1].due = Some(date(2025, 6, 30));
        again.remove(2);
        let second = app.import_taskbook(&admin(), "xining-2023", None, vec![], again).await.unwrap();
        assert!(!second.plan_created);
        assert!(second.added.is_empty());
        assert_eq!(second.changed, [("1.1".to_string(), vec!["title", "due"])]);
        assert_eq!((second.unchanged, second.kept.as_slice()), (1, ["1.2".to_string()].as_slice()));
        let plan = db.store.bureau_plan("xining-2023").await.unwrap().unwrap();
        assert_eq!((plan.title.as_str(), plan.levels), ("三年行动方案", levels));

        // A bad tree is refused whole: an unknown parent.
        let mut bad = tree();
        bad[2].parent = Some(ItemCode::parse("7").unwrap());
        bad[1].title_zh = "不应写入".into();
        let err = app.import_taskbook(&staff(), "xining-2023", None, vec![], bad).await.unwrap_err();
        assert!(matches!(&err, BureauError::Invalid(p) if p.len() == 1 && p[0].reason.contains("unknown parent")), "{err}");
        assert_eq!(db.store.plan_items("xining-2023").await.unwrap()[1].title_zh, "建成西宁站游客集散中心");
    })
    .await;
}

#[tokio::test]
async fn only_staff_and_admins_import_task_books() {
    on_both_engines(|db| async move {
        let app = app(&db.store);
        for caller in [viewer(), reporter("市文旅局"), visitor()] {
            let err = app
                .import_taskbook(&caller, "xining-2023", None, vec![], tree())
                .await
                .unwrap_err();
            assert!(
                matches!(err, BureauError::Denied(_)),
                "{}: {err}",
                caller.actor.role()
            );
        }
        assert!(db.store.bureau_plan("xining-2023").await.unwrap().is_none());
        let log = db
            .store
            .audit(&AuditQuery {
                limit: 50,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(
            log.items
                .iter()
                .filter(|e| e.outcome == Outcome::Refused && e.action == "plan.import_taskbook")
                .count(),
            3
        );
    })
    .await;
}

#[tokio::test]
async fn items_with_status_as_of_a_date_for_bureau_roles_only() {
    on_both_engines(|db| async move {
        let app = app(&db.store);
        app.import_taskbook(&staff(), "xining-2023", None, vec![], tree())
            .await
            .unwrap();
        app.report_progress(
            &staff(),
            "xining-2023",
            &[
                input("1.1", "2024-03", 30),
                input("1.2", "2024-06", 100),
                input("1.1", "2024-06", 40),
            ],
        )
        .await
        .unwrap();
        let err = app
            .plan_items(&visitor(), "xining-2023", None, None)
            .await
            .unwrap_err();
        assert!(
            matches!(err, BureauError::Denied(ref d) if d.sign_in_may_help),
            "{err}"
        );
        // Today (2024-07-01): 1.1 has 40% of an expected 50% → amber; 1.2 done; the centre
        // takes its worst child.
        let now = app
            .plan_items(&viewer(), "xining-2023", None, None)
            .await
            .unwrap();
        assert_eq!(now.as_of, date(2024, 7, 1));
        let st: Vec<(String, Status)> = now
            .items
            .iter()
            .map(|(i, s)| (i.code.to_string(), s.status))
            .collect();
        assert_eq!(
            st,
            [
                ("1".into(), Status::Amber),
                ("1.1".into(), Status::Amber),
                ("1.2".into(), Status::Done)
            ]
        );
        // Replayed as of the end of March: only March's report counts for 1.1 (30% vs 25%).
        let march = app
            .plan_items(
                &reporter("湟中区"),
                "xining-2023",
                Some(date(2024, 3, 31)),
                None,
            )
            .await
            .unwrap();
        assert_eq!(march.items[1].1.progress, Some(Percent::new(30).unwrap()));
        assert_eq!(march.items[1].1.status, Status::Green);
        assert_eq!(
            march.items[2].1.status,
            Status::Red,
            "{}",
            march.items[2].1.reason
        );
        let red = app
            .plan_items(
                &viewer(),
                "xining-2023",
                Some(date(2024, 3, 31)),
                Some(Status::Red),
            )
            .await
            .unwrap();
        let codes: Vec<&str> = red.items.iter().map(|(i, _)| i.code.as_str()).collect();
        assert_eq!(codes, ["1", "1.2"]);
        let err = app
            .plan_items(&viewer(), "nope", None, None)
            .await
            .unwrap_err();
        assert!(matches!(err, BureauError::NotFound(_)), "{err}");
    })
    .await;
}

#[tokio::test]
async fn reporters_report_on_their_units_items_and_are_refused_on_others() {
    on_both_engines(|db| async move {
        let app = app(&db.store);
        app.import_taskbook(&staff(), "xining-2023", None, vec![], tree()).await.unwrap();
        // Lead unit and partner unit of 1.1 may report on it.
        app.report_progress(&reporter("市交通运输局"), "xining-2023", &[input("1.1", "2024-06", 40)]).await.unwrap();
        let saved = app.report_progress(&reporter("城东区"), "xining-2023", &[input("1.1", "2024-06", 45)]).await.unwrap();
        assert_eq!(saved[0].reporter, "r-城东区");
        // Another unit's item: refused, logged, nothing written — also inside a batch.
        let err = app.report_progress(&reporter("城东区"), "xining-2023", &[input("1.1", "2024-06", 50), input("1.2", "2024-06", 50)]).await.unwrap_err();
        assert_eq!(err.to_string(), "item 1.2 is not one of unit 城东区's items (its lead and partner units: 湟中区)");
        assert_eq!(db.store.plan_reports("xining-2023", None).await.unwrap().len(), 2);
        // Viewers and admins do not report; staff do on any item.
        for caller in [viewer(), admin(), visitor()] {
            let err = app.report_progress(&caller, "xining-2023", &[input("1.1", "2024-06", 50)]).await.unwrap_err();
            assert!(matches!(err, BureauError::Denied(_)), "{}: {err}", caller.actor.role());
        }
        app.report_progress(&staff(), "xining-2023", &[input("1.2", "2024-06", 80)]).await.unwrap();
        let log = db.store.audit(&AuditQuery { limit: 50, ..AuditQuery::default() }).await.unwrap();
        let refused: Vec<&str> = log.items.iter().filter(|e| e.outcome == Outcome::Refused).map(|e| e.role.as_str()).collect();
        assert_eq!(refused, ["visitor", "admin", "viewer", "reporter"]);
        // Every problem of a batch at once: an unknown item and a month after this one.
        let mut late = input("1.1", "2024-08", 10);
        late.row = Some(4);
        let err = app.report_progress(&staff(), "xining-2023", &[input("9.9", "2024-06", 10), late]).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "2 problems: code 9.9, code '9.9': no item 9.9 in plan xining-2023; row 4, code 1.1, period '2024-08': 2024-08 is after this month (2024-07)"
        );
    })
    .await;
}

#[tokio::test]
async fn deadline_changes_by_staff_keep_the_baseline_and_others_are_refused() {
    on_both_engines(|db| async move {
        let app = app(&db.store);
        app.import_taskbook(&staff(), "xining-2023", None, vec![], tree())
            .await
            .unwrap();
        let code = ItemCode::parse("1.2").unwrap();
        for caller in [viewer(), reporter("湟中区")] {
            let err = app
                .change_deadline(
                    &caller,
                    "xining-2023",
                    &code,
                    date(2024, 12, 31),
                    date(2024, 6, 1),
                    "资金",
                )
                .await
                .unwrap_err();
            assert!(matches!(err, BureauError::Denied(_)), "{err}");
        }
        let err = app
            .change_deadline(
                &staff(),
                "xining-2023",
                &code,
                date(2024, 12, 31),
                date(2024, 6, 1),
                " ",
            )
            .await
            .unwrap_err();
        assert!(err.to_string().contains("needs its reason"), "{err}");
        let err = app
            .change_deadline(
                &staff(),
                "xining-2023",
                &code,
                date(2023, 12, 31),
                date(2024, 6, 1),
                "x",
            )
            .await
            .unwrap_err();
        assert!(err.to_string().contains("before the start"), "{err}");
        app.change_deadline(
            &staff(),
            "xining-2023",
            &code,
            date(2024, 12, 31),
            date(2024, 6, 1),
            "资金到位晚",
        )
        .await
        .unwrap();
        let listed = app
            .plan_items(&viewer(), "xining-2023", Some(date(2024, 7, 31)), None)
            .await
            .unwrap();
        let (item, st) = &listed.items[2];
        assert_eq!(item.due, Some(date(2024, 6, 30)), "baseline kept");
        assert_eq!(
            (st.due, st.slip_days),
            (Some(date(2024, 12, 31)), Some(184))
        );
        // Judged against the new due date, not overdue against the baseline.
        assert_eq!(
            st.reason,
            "no report yet, expected 58% by 2024-07-31 (due 2024-12-31): behind by 58 points"
        );
    })
    .await;
}

#[tokio::test]
async fn who_has_not_reported_this_month() {
    on_both_engines(|db| async move {
        let app = app(&db.store);
        app.import_taskbook(&staff(), "xining-2023", None, vec![], tree())
            .await
            .unwrap();
        // Today is 2024-07-01: 1.1 reported for July, 1.2 did not.
        app.report_progress(&staff(), "xining-2023", &[input("1.1", "2024-07", 55)])
            .await
            .unwrap();
        let (period, owed) = app
            .missing_reports(&viewer(), "xining-2023", None)
            .await
            .unwrap();
        assert_eq!(period.to_string(), "2024-07");
        let got: Vec<(String, Vec<String>)> = owed
            .iter()
            .map(|(u, items)| {
                (
                    u.clone(),
                    items.iter().map(|i| i.code.to_string()).collect(),
                )
            })
            .collect();
        assert_eq!(got, [("湟中区".to_string(), vec!["1.2".to_string()])]);
        let err = app
            .missing_reports(&visitor(), "xining-2023", None)
            .await
            .unwrap_err();
        assert!(matches!(err, BureauError::Denied(_)), "{err}");
    })
    .await;
}
