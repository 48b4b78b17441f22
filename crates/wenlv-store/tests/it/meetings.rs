//! The dispatch meetings' calendar on both engines: re-scheduling replaces planned meetings,
//! keeps held ones, never doubles a month, and writes its audit entry in the same transaction.

use jiff::civil::date;
use wenlv_domain::bureau::meetings::{Meeting, MeetingStatus};
use wenlv_store::testing::on_both_engines;
use wenlv_store::{AuditEntry, AuditQuery, Outcome, Store};

fn audit(action: &str) -> AuditEntry {
    AuditEntry {
        id: 0,
        at: jiff::Timestamp::from_second(1_700_000_000).unwrap(),
        actor: "staff1".into(),
        role: "staff".into(),
        origin: "test".into(),
        action: action.into(),
        entity: "meetings".into(),
        entity_id: "2024".into(),
        outcome: Outcome::Done,
        before: None,
        after: None,
        detail: None,
    }
}

fn monthly(year: i16, day: i8, site: &str) -> Vec<Meeting> {
    (1..=12)
        .map(|m| Meeting {
            date: date(year, m, day),
            site: format!("{site}{m}"),
            status: MeetingStatus::Planned,
        })
        .collect()
}

#[tokio::test]
async fn rescheduling_keeps_held_meetings_and_other_years() {
    on_both_engines(|db| async move {
        let s: &Store = &db.store;
        let first = s
            .reschedule_meetings(
                2024,
                monthly(2024, 25, "A"),
                "last-thursday",
                &audit("schedule"),
            )
            .await
            .unwrap();
        assert_eq!((first.added.len(), first.removed.len()), (12, 0));
        s.reschedule_meetings(2025, monthly(2025, 20, "Z"), "x", &audit("schedule"))
            .await
            .unwrap();
        s.set_meeting_held(date(2024, 1, 25), &audit("held"))
            .await
            .unwrap();
        s.set_meeting_held(date(2024, 2, 25), &audit("held"))
            .await
            .unwrap();
        assert!(
            s.set_meeting_held(date(2024, 2, 26), &audit("held"))
                .await
                .is_err()
        );

        let again = s
            .reschedule_meetings(2024, monthly(2024, 10, "B"), "first-x", &audit("schedule"))
            .await
            .unwrap();
        assert_eq!(
            (again.added.len(), again.removed.len(), again.kept.len()),
            (10, 10, 2)
        );
        let year = s.meetings(Some(2024)).await.unwrap();
        assert_eq!(year.len(), 12, "one a month: {year:?}");
        assert_eq!(year[0].date, date(2024, 1, 25));
        assert_eq!(year[0].status, MeetingStatus::Held);
        assert_eq!(year[0].site, "A1");
        assert_eq!(year[2].date, date(2024, 3, 10));
        assert_eq!(year[2].site, "B3");
        assert_eq!(s.meetings(Some(2025)).await.unwrap().len(), 12);
        assert_eq!(s.meetings(None).await.unwrap().len(), 24);
        let log = s
            .audit(&AuditQuery {
                entity: Some("meetings".into()),
                limit: 50,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(log.total, 5, "three schedules and two held, each audited");
    })
    .await;
}

#[tokio::test]
async fn a_refused_schedule_writes_nothing() {
    on_both_engines(|db| async move {
        let s: &Store = &db.store;
        s.reschedule_meetings(2024, monthly(2024, 25, "A"), "r", &audit("schedule"))
            .await
            .unwrap();
        // A blank site breaks the table's check: the whole transaction is refused.
        let mut bad = monthly(2024, 11, "C");
        bad[5].site = String::new();
        assert!(
            s.reschedule_meetings(2024, bad, "r", &audit("schedule"))
                .await
                .is_err()
        );
        let year = s.meetings(Some(2024)).await.unwrap();
        assert_eq!(year.len(), 12);
        assert!(year.iter().all(|m| m.date.day() == 25), "{year:?}");
    })
    .await;
}

#[tokio::test]
async fn holding_a_meeting_freezes_its_agenda_and_keeps_its_decisions() {
    use wenlv_domain::bureau::meetings::FollowUp;
    use wenlv_store::meetings::Held;
    on_both_engines(|db| async move {
        let s: &Store = &db.store;
        s.reschedule_meetings(2024, monthly(2024, 25, "A"), "r", &audit("schedule"))
            .await
            .unwrap();
        let held = Held {
            chair: "王局长".into(),
            minutes: "听取汇报，部署下月工作。".into(),
            agenda: serde_json::json!([{"kind": "project", "subject": "P1", "status": "red"}]),
            decisions: vec![
                FollowUp {
                    decision: "解决停车场用地".into(),
                    owner_unit: "湟中区人民政府".into(),
                    due: date(2024, 2, 20),
                    done_on: None,
                },
                FollowUp {
                    decision: "报送项目清单".into(),
                    owner_unit: "市文旅局".into(),
                    due: date(2024, 2, 1),
                    done_on: None,
                },
            ],
        };
        s.hold_meeting(date(2024, 1, 25), &held, &audit("hold"))
            .await
            .unwrap();
        let again = s
            .hold_meeting(date(2024, 1, 25), &held, &audit("hold"))
            .await;
        assert!(again.unwrap_err().to_string().contains("held already"));
        assert!(
            s.hold_meeting(date(2024, 1, 26), &held, &audit("hold"))
                .await
                .is_err()
        );
        s.follow_up_done(date(2024, 1, 25), 2, date(2024, 1, 30), &audit("done"))
            .await
            .unwrap();
        assert!(
            s.follow_up_done(date(2024, 1, 25), 3, date(2024, 1, 30), &audit("done"))
                .await
                .is_err()
        );
        let record = s.meeting(date(2024, 1, 25)).await.unwrap().unwrap();
        assert_eq!(record.meeting.status, MeetingStatus::Held);
        assert_eq!(record.chair.as_deref(), Some("王局长"));
        assert_eq!(record.agenda, Some(held.agenda.clone()));
        assert_eq!(record.decisions.len(), 2);
        assert_eq!(record.decisions[0].done_on, None);
        assert_eq!(record.decisions[1].done_on, Some(date(2024, 1, 30)));
        // Re-scheduling the year keeps the held meeting and its decisions.
        s.reschedule_meetings(2024, monthly(2024, 11, "B"), "r", &audit("schedule"))
            .await
            .unwrap();
        assert_eq!(
            s.meeting(date(2024, 1, 25))
                .await
                .unwrap()
                .unwrap()
                .decisions
                .len(),
            2
        );
        assert!(s.meeting(date(2024, 3, 25)).await.unwrap().is_none());
    })
    .await;
}
