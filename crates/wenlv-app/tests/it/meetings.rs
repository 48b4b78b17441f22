//! The dispatch meetings through the application layer: who may schedule and read them, the
//! audit trail, and the rules' errors, on both engines.

use jiff::Timestamp;
use std::sync::Arc;
use wenlv_app::meetings::parse_sites;
use wenlv_app::{Actor, App, Caller, FixedClock, MeetingError, UnitId};
use wenlv_domain::bureau::meetings::{MeetingStatus, ScheduleRule};
use wenlv_store::testing::on_both_engines;
use wenlv_store::{AuditQuery, Outcome, Store};

fn app(store: &Store) -> App {
    let at: Timestamp = "2024-01-02T02:00:00Z".parse().unwrap();
    App::new(store.clone(), Arc::new(wenlv_io::demo::xining_city())).with_clock(FixedClock(at))
}

fn staff() -> Caller {
    Caller::new(Actor::Staff { user: "li".into() }, "192.0.2.1")
}

#[tokio::test]
async fn staff_schedule_a_year_that_every_bureau_role_reads_but_the_public_does_not() {
    on_both_engines(|db| async move {
        let app = app(&db.store);
        let sites = parse_sites("城东区、城中区，城西区;城北区").unwrap();
        let rule = ScheduleRule::parse("last-thursday").unwrap();
        let done = app
            .schedule_meetings(&staff(), 2024, &sites, rule)
            .await
            .unwrap();
        assert_eq!(done.added.len(), 12);
        let reporter = Actor::Reporter {
            user: "wang".into(),
            unit: UnitId("城东区文旅局".into()),
        };
        let read = app.list_meetings(&reporter, Some(2024)).await.unwrap();
        assert_eq!(read.len(), 12);
        assert_eq!(read[0].site, "城东区");
        assert_eq!(read[4].site, "城东区");
        assert!(read.iter().all(|m| m.status == MeetingStatus::Planned));
        assert!(matches!(
            app.list_meetings(&Actor::Visitor, Some(2024)).await,
            Err(MeetingError::Denied(_))
        ));
        let log = db
            .store
            .audit(&AuditQuery {
                entity: Some("meetings".into()),
                limit: 10,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(log.total, 1);
        assert_eq!(log.items[0].actor, "li");
        assert_eq!(
            log.items[0].after.as_ref().unwrap()["rule"],
            "last-thursday"
        );
    })
    .await;
}

#[tokio::test]
async fn viewers_and_reporters_are_refused_and_the_refusal_is_audited() {
    on_both_engines(|db| async move {
        let app = app(&db.store);
        let sites = parse_sites("城东区").unwrap();
        for actor in [
            Actor::Viewer { user: "v".into() },
            Actor::Reporter {
                user: "r".into(),
                unit: UnitId("u".into()),
            },
            Actor::Visitor,
        ] {
            let caller = Caller::new(actor, "192.0.2.9");
            let e = app
                .schedule_meetings(&caller, 2024, &sites, ScheduleRule::LastWorkingDay)
                .await
                .unwrap_err();
            assert!(matches!(e, MeetingError::Denied(_)), "{e}");
        }
        assert!(db.store.meetings(None).await.unwrap().is_empty());
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

#[tokio::test]
async fn bad_years_sites_and_uncovered_holidays_are_refused_with_what_is_wrong() {
    on_both_engines(|db| async move {
        let app = app(&db.store);
        let sites = parse_sites("城东区").unwrap();
        let rule = ScheduleRule::LastWorkingDay;
        let e = app
            .schedule_meetings(&staff(), 2031, &sites, rule)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("2031"), "{e}");
        let e = app
            .schedule_meetings(&staff(), 32000, &sites, rule)
            .await
            .unwrap_err();
        assert!(e.to_string().starts_with("year:"), "{e}");
        assert!(db.store.meetings(None).await.unwrap().is_empty());
    })
    .await;
    let e = parse_sites(" 、 ").unwrap_err().to_string();
    assert!(e.contains("no site"), "{e}");
    let e = parse_sites("城东区,城中区,城东区").unwrap_err().to_string();
    assert!(e.contains("'城东区' is listed twice"), "{e}");
}

#[tokio::test]
async fn a_meetings_decisions_become_follow_ups_on_the_next_meetings_agenda() {
    use jiff::civil::date;
    use wenlv_app::meetings::Decision;
    on_both_engines(|db| async move {
        let app = app(&db.store);
        let sites = parse_sites("城东区,城中区").unwrap();
        app.schedule_meetings(
            &staff(),
            2024,
            &sites,
            ScheduleRule::parse("last-thursday").unwrap(),
        )
        .await
        .unwrap();
        let decisions = [
            Decision {
                decision: "协调解决停车场用地".into(),
                owner_unit: "湟中区人民政府".into(),
                due: date(2024, 2, 20),
            },
            Decision {
                decision: "报送项目清单".into(),
                owner_unit: "市文旅局".into(),
                due: date(2024, 2, 10),
            },
        ];
        let viewer = Caller::new(Actor::Viewer { user: "v".into() }, "192.0.2.5");
        assert!(matches!(
            app.hold_meeting(&viewer, date(2024, 1, 25), "王", "", &decisions)
                .await,
            Err(MeetingError::Denied(_))
        ));
        let early = Decision {
            due: date(2024, 1, 1),
            ..decisions[0].clone()
        };
        let e = app
            .hold_meeting(&staff(), date(2024, 1, 25), "王", "", &[early])
            .await
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("decision 1: due 2024-01-01 is before"),
            "{e}"
        );
        app.hold_meeting(
            &staff(),
            date(2024, 1, 25),
            "王局长",
            "部署工作",
            &decisions,
        )
        .await
        .unwrap();
        let again = app
            .hold_meeting(&staff(), date(2024, 1, 25), "王局长", "", &decisions)
            .await
            .unwrap_err();
        assert!(matches!(again, MeetingError::Conflict(_)), "{again}");
        app.follow_up_done(&staff(), date(2024, 1, 25), 2, date(2024, 2, 5))
            .await
            .unwrap();

        let reader = Actor::Viewer { user: "v".into() };
        let pack = app.meeting_pack(&reader, date(2024, 2, 29)).await.unwrap();
        let (when, lines) = pack.previous.clone().unwrap();
        assert_eq!(when, date(2024, 1, 25));
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0].status,
            wenlv_domain::bureau::Status::Red,
            "{:?}",
            lines[0]
        );
        assert!(lines[0].reason.contains("overdue"), "{}", lines[0].reason);
        assert_eq!(lines[1].status, wenlv_domain::bureau::Status::Done);
        // The open follow-up is on February's agenda; the done one is not.
        let subjects: Vec<&str> = pack.agenda.iter().map(|a| a.subject.as_str()).collect();
        assert_eq!(subjects, ["协调解决停车场用地"], "{:?}", pack.agenda);
        assert_eq!(pack.agenda[0].kind, "follow_up");

        // Holding February freezes that agenda; marking the follow-up done later does not
        // rewrite it.
        app.hold_meeting(&staff(), date(2024, 2, 29), "李", "", &[])
            .await
            .unwrap();
        app.follow_up_done(&staff(), date(2024, 1, 25), 1, date(2024, 3, 1))
            .await
            .unwrap();
        let held = app.meeting_pack(&reader, date(2024, 2, 29)).await.unwrap();
        assert_eq!(held.agenda, pack.agenda);
        assert!(matches!(
            app.meeting_pack(&reader, date(2024, 2, 28)).await,
            Err(MeetingError::NotFound(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn the_agenda_lists_the_plans_red_and_amber_items_with_their_reasons() {
    use jiff::civil::date;
    use wenlv_domain::bureau::{Item, ItemCode, UnitName};
    on_both_engines(|db| async move {
        let app = app(&db.store);
        let item = |code: &str, title: &str, start, due| {
            let mut i = Item::new(ItemCode::parse(code).unwrap(), title);
            i.lead_unit = UnitName::parse("市文旅局").ok();
            i.start = Some(start);
            i.due = Some(due);
            i
        };
        // Overdue with nothing reported (red); not started yet (not on the agenda).
        let items = vec![
            item(
                "1",
                "建设游客集散中心",
                date(2023, 1, 1),
                date(2023, 12, 31),
            ),
            item("2", "筹备冰雪节", date(2025, 1, 1), date(2025, 12, 31)),
        ];
        app.import_taskbook(&staff(), "xining-2023", Some("三年行动"), vec![], items)
            .await
            .unwrap();
        app.schedule_meetings(
            &staff(),
            2024,
            &parse_sites("城东区").unwrap(),
            ScheduleRule::parse("last-thursday").unwrap(),
        )
        .await
        .unwrap();
        let pack = app
            .meeting_pack(&Actor::Viewer { user: "v".into() }, date(2024, 1, 25))
            .await
            .unwrap();
        assert_eq!(pack.agenda.len(), 1, "{:?}", pack.agenda);
        assert_eq!(pack.agenda[0].kind, "item");
        assert_eq!(pack.agenda[0].subject, "xining-2023 1 建设游客集散中心");
        assert_eq!(pack.agenda[0].status, "red");
        assert!(
            pack.agenda[0].reason.contains("2023-12-31"),
            "{}",
            pack.agenda[0].reason
        );
    })
    .await;
}
