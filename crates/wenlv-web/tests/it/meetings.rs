//! `GET /api/meetings` as the contract gives it: bureau roles and tokens read the calendar, the
//! public does not, a bad year is named.

use super::accounts::{app, client, grant};
use super::support::spawn_app;
use reqwest::header::AUTHORIZATION;
use wenlv_app::meetings::parse_sites;
use wenlv_app::{Caller, Role};
use wenlv_domain::bureau::meetings::ScheduleRule;
use wenlv_store::testing::on_both_engines;

#[tokio::test]
async fn a_token_reads_the_year_the_public_is_refused_and_a_bad_year_is_named() {
    on_both_engines(|db| async move {
        let a = app(&db.store);
        let cli = Caller::cli();
        a.schedule_meetings(
            &cli,
            2024,
            &parse_sites("城东区,城中区").unwrap(),
            ScheduleRule::Last(jiff::civil::Weekday::Thursday),
        )
        .await
        .unwrap();
        let (_, token) = a
            .create_token(&cli, &grant("reader", Role::Viewer), None)
            .await
            .unwrap();
        let server = spawn_app(db.store.clone()).await;
        let c = client();
        let url = format!("{}/api/meetings?year=2024", server.base);
        let body: serde_json::Value = c
            .get(&url)
            .header(AUTHORIZATION, format!("Bearer {token}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let items = body["items"].as_array().unwrap();
        assert_eq!(items.len(), 12);
        assert_eq!(body["total"], 12);
        assert_eq!(items[0]["date"], "2024-01-25");
        assert_eq!(items[0]["site"], "城东区");
        assert_eq!(items[1]["site"], "城中区");
        assert_eq!(items[0]["status"], "planned");

        let other_year = format!("{}/api/meetings?year=2025", server.base);
        let none: serde_json::Value = c
            .get(&other_year)
            .header(AUTHORIZATION, format!("Bearer {token}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(none["items"].as_array().unwrap().len(), 0);

        assert_eq!(c.get(&url).send().await.unwrap().status(), 401);
        for bad in ["20x4", "1899", "99999", "-1"] {
            let r = c
                .get(format!("{}/api/meetings?year={bad}", server.base))
                .header(AUTHORIZATION, format!("Bearer {token}"))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 400, "{bad}");
            let p: serde_json::Value = r.json().await.unwrap();
            assert_eq!(p["parameter"], "year");
            assert_eq!(p["value"], bad);
        }
    })
    .await;
}
