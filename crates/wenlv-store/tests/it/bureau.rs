//! The battle map's rows on both engines: a tree written and read back whole, re-written by
//! code, deadline changes, reports appended all or none, each write with its audit entry.

use jiff::Timestamp;
use jiff::civil::date;
use wenlv_domain::bureau::{
    DeadlineChange, Indicator, IndicatorActual, Item, ItemCode, Milestone, Percent, Period, Plan,
    PlanSlug, ProgressReport, UnitName,
};
use wenlv_store::testing::on_both_engines;
use wenlv_store::{AuditEntry, AuditQuery, Outcome, StoreError};

fn audit(action: &str) -> AuditEntry {
    AuditEntry {
        id: 0,
        at: Timestamp::from_second(1_717_200_000).unwrap(),
        actor: "staff1".into(),
        role: "staff".into(),
        origin: "test".into(),
        action: action.into(),
        entity: "plan".into(),
        entity_id: "xining-2023".into(),
        outcome: Outcome::Done,
        before: None,
        after: None,
        detail: None,
    }
}

fn code(s: &str) -> ItemCode {
    ItemCode::parse(s).unwrap()
}

fn plan() -> Plan {
    Plan {
        slug: PlanSlug::parse("xining-2023").unwrap(),
        title: "三年行动方案".into(),
        start: Some(date(2023, 1, 1)),
        end: Some(date(2025, 12, 31)),
        levels: vec!["中心".into(), "行动".into()],
    }
}

fn tree() -> Vec<Item> {
    let mut top = Item::new(code("1"), "旅游集散中心");
    top.leaders = vec!["张三".into(), "李四".into()];
    top.lead_unit = Some(UnitName::parse("市文旅局").unwrap());
    top.start = Some(date(2023, 1, 1));
    top.due = Some(date(2025, 12, 31));
    let mut a = Item::new(code("1.1"), "游客集散服务体系");
    a.title_en = "Visitor hub".into();
    a.description = "描述".into();
    a.lead_unit = Some(UnitName::parse("市交通运输局").unwrap());
    a.partner_units = vec![
        UnitName::parse("城东区").unwrap(),
        UnitName::parse("市文旅局").unwrap(),
    ];
    a.due = Some(date(2024, 6, 30));
    a.district = "城东区".into();
    a.notes = "示例数据".into();
    a.weight = Some(2.5);
    a.milestones = vec![Milestone {
        title: "选址".into(),
        due: Some(date(2023, 6, 30)),
        done: Some(date(2023, 6, 20)),
    }];
    a.indicators = vec![Indicator {
        name: "四馆接待人次".into(),
        unit: "人次".into(),
        baseline: Some(500000.0),
        target: Some(720000.0),
        target_text: "72万人次".into(),
        actuals: vec![IndicatorActual {
            period: Period::parse("2023-12").unwrap(),
            value: 720000.0,
        }],
    }];
    vec![top, a]
}

fn positioned(items: &[Item]) -> Vec<(i64, Item)> {
    items
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, it)| (i as i64, it))
        .collect()
}

#[tokio::test]
async fn a_tree_is_written_and_read_back_whole() {
    on_both_engines(|db| async move {
        let s = &db.store;
        let created = s
            .save_plan_tree(&plan(), &positioned(&tree()), &audit("import taskbook"))
            .await
            .unwrap();
        assert_eq!(created, ["城东区", "市交通运输局", "市文旅局"]);
        assert_eq!(s.bureau_plan("xining-2023").await.unwrap(), Some(plan()));
        assert_eq!(s.bureau_plans().await.unwrap(), [plan()]);
        assert_eq!(s.plan_items("xining-2023").await.unwrap(), tree());
        assert_eq!(s.bureau_units().await.unwrap().len(), 3);
        assert!(s.bureau_plan("nope").await.unwrap().is_none());

        // Re-written by code: the title and units change, the actuals of an indicator stay.
        let mut again = tree();
        again[1].title_zh = "游客集散服务体系（修订）".into();
        again[1].partner_units = vec![UnitName::parse("大通县").unwrap()];
        again[1].indicators[0].actuals.clear();
        let created = s
            .save_plan_tree(&plan(), &positioned(&again[1..]), &audit("import taskbook"))
            .await
            .unwrap();
        assert_eq!(created, ["大通县"]);
        let read = s.plan_items("xining-2023").await.unwrap();
        assert_eq!(read[1].title_zh, "游客集散服务体系（修订）");
        assert_eq!(read[1].partner_units, again[1].partner_units);
        assert_eq!(
            read[1].indicators[0].actuals,
            tree()[1].indicators[0].actuals
        );
        assert_eq!(read[0], tree()[0]);

        let log = s
            .audit(&AuditQuery {
                limit: 10,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(
            log.items
                .iter()
                .filter(|e| e.action == "import taskbook")
                .count(),
            2
        );
    })
    .await;
}

#[tokio::test]
async fn deadline_changes_keep_the_baseline() {
    on_both_engines(|db| async move {
        let s = &db.store;
        s.save_plan_tree(&plan(), &positioned(&tree()), &audit("import taskbook"))
            .await
            .unwrap();
        let change = DeadlineChange {
            from: date(2024, 6, 30),
            to: date(2024, 12, 31),
            decided: date(2024, 6, 15),
            reason: "征地未完成".into(),
        };
        s.add_deadline_change(
            "xining-2023",
            &code("1.1"),
            &change,
            &audit("change deadline"),
        )
        .await
        .unwrap();
        let items = s.plan_items("xining-2023").await.unwrap();
        assert_eq!(items[1].due, Some(date(2024, 6, 30)), "the baseline stays");
        assert_eq!(items[1].deadline_changes, std::slice::from_ref(&change));
        assert_eq!(
            items[1].due_as_of(date(2024, 7, 1)),
            Some(date(2024, 12, 31))
        );
        // A re-import keeps the changes.
        s.save_plan_tree(&plan(), &positioned(&tree()), &audit("import taskbook"))
            .await
            .unwrap();
        assert_eq!(
            s.plan_items("xining-2023").await.unwrap()[1]
                .deadline_changes
                .len(),
            1
        );
        let err = s
            .add_deadline_change(
                "xining-2023",
                &code("9"),
                &change,
                &audit("change deadline"),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err}");
    })
    .await;
}

fn report(c: &str, period: &str, pct: u8, second: i64) -> ProgressReport {
    ProgressReport {
        code: code(c),
        period: Period::parse(period).unwrap(),
        percent: Percent::new(pct).unwrap(),
        narrative: "进展".into(),
        problems: String::new(),
        next_steps: "下一步".into(),
        reporter: "r1".into(),
        entered: Timestamp::from_second(second).unwrap(),
    }
}

#[tokio::test]
async fn reports_are_appended_all_or_none_in_the_order_entered() {
    on_both_engines(|db| async move {
        let s = &db.store;
        s.save_plan_tree(&plan(), &positioned(&tree()), &audit("import taskbook"))
            .await
            .unwrap();
        let first = [
            report("1.1", "2024-06", 40, 1_719_000_000),
            report("1.1", "2024-03", 20, 1_719_000_001),
        ];
        s.add_reports("xining-2023", &first, &audit("report progress"))
            .await
            .unwrap();
        s.add_reports(
            "xining-2023",
            &[report("1.1", "2024-06", 45, 1_719_000_002)],
            &audit("report progress"),
        )
        .await
        .unwrap();
        let all = s.plan_reports("xining-2023", None).await.unwrap();
        let got: Vec<(String, u8)> = all
            .iter()
            .map(|r| (r.report.period.to_string(), r.report.percent.get()))
            .collect();
        assert_eq!(
            got,
            [
                ("2024-06".into(), 40),
                ("2024-03".into(), 20),
                ("2024-06".into(), 45)
            ]
        );
        assert_eq!(all[0].report, first[0]);
        let march = s
            .plan_reports("xining-2023", Some(Period::parse("2024-05").unwrap()))
            .await
            .unwrap();
        assert_eq!(march.len(), 1);
        // One bad report (an item that does not exist) and nothing of the batch is written,
        // nor its audit entry.
        let before = s
            .audit(&AuditQuery {
                limit: 100,
                ..AuditQuery::default()
            })
            .await
            .unwrap()
            .total;
        let batch = [
            report("1.1", "2024-07", 50, 1_719_000_003),
            report("9.9", "2024-07", 50, 1_719_000_003),
        ];
        assert!(
            s.add_reports("xining-2023", &batch, &audit("report progress"))
                .await
                .is_err()
        );
        assert_eq!(s.plan_reports("xining-2023", None).await.unwrap().len(), 3);
        assert_eq!(
            s.audit(&AuditQuery {
                limit: 100,
                ..AuditQuery::default()
            })
            .await
            .unwrap()
            .total,
            before
        );
    })
    .await;
}
