//! `GET /api/projects` and `GET /api/projects/totals?by=` as the contract gives them, on both
//! engines: exact 万元 strings, unknown figures counted apart, the public refused, a bad `by`
//! named.

use super::accounts::{app, client, grant};
use super::support::spawn_app;
use reqwest::header::AUTHORIZATION;
use serde_json::Value;
use wenlv_app::{Caller, Role};
use wenlv_domain::bureau::projects::{FundingLine, FundingType, Stage, Wan};
use wenlv_io::projects::{ProjectBook, ProjectRow};
use wenlv_store::testing::on_both_engines;

fn row(code: &str, stage: Stage, total: Option<&str>, funding: Option<&str>) -> ProjectRow {
    ProjectRow {
        row: 2,
        code: code.into(),
        name: code.into(),
        category: None,
        district: Some("城东区".into()),
        stage: Some(stage),
        stage_reason: None,
        owner: None,
        lead_unit: None,
        total_investment: total.map(|t| Wan::parse(t).unwrap()),
        planned_completion: None,
        funding: funding
            .map(|f| FundingLine {
                kind: FundingType::BuildFirstSubsidiseLater,
                amount: Some(Wan::parse(f).unwrap()),
                year: None,
                status: None,
            })
            .into_iter()
            .collect(),
    }
}

#[tokio::test]
async fn totals_by_stage_district_and_funding_are_exact_and_traceable() {
    on_both_engines(|db| async move {
        let a = app(&db.store);
        let cli = Caller::cli();
        let book = ProjectBook {
            sheet: "S".into(),
            projects: vec![
                row("A", Stage::Implementation, Some("12345.6"), Some("0.1")),
                row("B", Stage::Implementation, Some("0.07"), Some("0.2")),
                row("C", Stage::Implementation, None, None),
            ],
        };
        a.import_projects(&cli, &book, "b.xlsx").await.unwrap();
        let (_, token) = a
            .create_token(&cli, &grant("reader", Role::Reporter), None)
            .await
            .unwrap();
        let server = spawn_app(db.store.clone()).await;
        let c = client();
        let get = |path: String| {
            let c = c.clone();
            let token = token.clone();
            async move {
                c.get(path)
                    .header(AUTHORIZATION, format!("Bearer {token}"))
                    .send()
                    .await
                    .unwrap()
            }
        };
        let body: Value = get(format!("{}/api/projects/totals?by=stage", server.base))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(body["by"], "stage");
        let items = body["items"].as_array().unwrap();
        let keys: Vec<&str> = items.iter().map(|i| i["key"].as_str().unwrap()).collect();
        assert_eq!(
            keys,
            ["reserve", "study", "implementation", "completed", "shelved"]
        );
        assert_eq!(items[2]["count"], 3);
        assert_eq!(items[2]["total_investment"], "12345.67");
        assert_eq!(items[2]["unknown"], 1);
        assert_eq!(items[2]["projects"], serde_json::json!(["A", "B", "C"]));
        let funding: Value = get(format!("{}/api/projects/totals?by=funding", server.base))
            .await
            .json()
            .await
            .unwrap();
        let line = funding["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == "build_first_subsidise_later")
            .unwrap();
        assert_eq!(
            (line["count"].as_u64(), line["total_investment"].as_str()),
            (Some(2), Some("0.30"))
        );
        let district: Value = get(format!("{}/api/projects/totals?by=district", server.base))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(district["items"][0]["key"], "城东区");

        let list: Value = get(format!("{}/api/projects", server.base))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 3);
        assert_eq!(list["items"][0]["total_investment_10k_cny"], "12345.60");
        assert_eq!(list["items"][2]["total_investment_10k_cny"], Value::Null);
        assert_eq!(list["items"][0]["history"][0]["to"], "implementation");

        for bad in ["", "year", "STAGE"] {
            let r = get(format!("{}/api/projects/totals?by={bad}", server.base)).await;
            assert_eq!(r.status(), 400, "{bad}");
            let p: Value = r.json().await.unwrap();
            assert_eq!(p["parameter"], "by");
        }
        let anonymous = c
            .get(format!("{}/api/projects/totals?by=stage", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(anonymous.status(), 401);
    })
    .await;
}
