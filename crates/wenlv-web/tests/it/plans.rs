//! The battle map's API on both engines: items with status as of a date for bureau roles and
//! tokens (never the public), progress reports by the item's units' reporters and staff only.

use super::accounts::{app, client};
use super::support::spawn_app;
use jiff::civil::date;
use reqwest::header::AUTHORIZATION;
use serde_json::{Value, json};
use wenlv_app::{Caller, Grant, Role};
use wenlv_domain::bureau::{Item, ItemCode, UnitName};
use wenlv_store::testing::on_both_engines;

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

#[tokio::test]
async fn items_with_status_and_reports_by_the_right_units() {
    on_both_engines(|db| async move {
        let a = app(&db.store);
        let cli = Caller::cli();
        a.import_taskbook(&cli, "xining-2023", Some("三年行动方案"), vec!["中心".into(), "行动".into()], tree()).await.unwrap();
        let token = |name: &str, role: Role, unit: Option<&str>| {
            let a = a.clone();
            let cli = cli.clone();
            let g = Grant { name: name.into(), role, unit: unit.map(str::to_string) };
            async move { a.create_token(&cli, &g, None).await.unwrap().1 }
        };
        let viewer = token("v", Role::Viewer, None).await;
        let staff = token("s", Role::Staff, None).await;
        let dongcheng = token("r-east", Role::Reporter, Some("城东区")).await;
        let huangzhong = token("r-hz", Role::Reporter, Some("湟中区")).await;
        let admin = token("a", Role::Admin, None).await;
        let server = spawn_app(db.store.clone()).await;
        let c = client();
        let get = |path: &str, tok: Option<&str>| {
            let mut r = c.get(format!("{}{path}", server.base));
            if let Some(t) = tok {
                r = r.header(AUTHORIZATION, format!("Bearer {t}"));
            }
            r.send()
        };
        let post = |path: &str, tok: &str, body: Value| {
            c.post(format!("{}{path}", server.base)).header(AUTHORIZATION, format!("Bearer {tok}")).json(&body).send()
        };

        // Not for the public.
        let r = get("/api/plans/xining-2023/items", None).await.unwrap();
        assert_eq!(r.status(), 401);
        assert_eq!(r.headers()["content-type"], "application/problem+json");

        // Reports: the partner unit's reporter and staff may; another unit's reporter, a viewer
        // and an admin may not.
        let path = "/api/plans/xining-2023/items/1.1/reports";
        let r = post(path, &dongcheng, json!({"period": "2024-06", "percent": 40, "narrative": "主体完工"})).await.unwrap();
        assert_eq!(r.status(), 201);
        let body: Value = r.json().await.unwrap();
        assert_eq!((body["code"].as_str(), body["percent"].as_u64(), body["reporter"].as_str()), (Some("1.1"), Some(40), Some("token:r-east")));
        let r = post(path, &huangzhong, json!({"period": "2024-06", "percent": 90})).await.unwrap();
        assert_eq!(r.status(), 403);
        let p: Value = r.json().await.unwrap();
        assert_eq!(p["detail"], "item 1.1 is not one of unit 湟中区's items (its lead and partner units: 市交通运输局、城东区)");
        for tok in [&viewer, &admin] {
            let r = post(path, tok, json!({"period": "2024-06", "percent": 90})).await.unwrap();
            assert_eq!(r.status(), 403);
        }
        let r = post("/api/plans/xining-2023/items/1.2/reports", &staff, json!({"period": "2024-03", "percent": 20})).await.unwrap();
        // A whole percent written as 30.0 is a whole percent (JSON Schema's integers).
        let float = json!({"period": "2024-05", "percent": 30.0});
        assert!(post("/api/plans/xining-2023/items/1.2/reports", &staff, float).await.unwrap().status().is_success());
        // Optional texts may be null, as the schema allows.
        let nulls = json!({"period": "2024-04", "percent": 25, "narrative": null, "problems": null, "next_steps": null});
        assert!(post("/api/plans/xining-2023/items/1.2/reports", &staff, nulls).await.unwrap().status().is_success());
        assert_eq!(r.status(), 201);
        // Bad bodies name the field; unknown items and plans are 404.
        for (body, field) in [
            (json!({"period": "2024-13", "percent": 10}), "period"),
            (json!({"period": "2024-06", "percent": 101}), "percent"),
            (json!({"period": "2024-06", "percent": 30.5}), "percent"),
            (json!({"period": "2024-06", "percent": -1}), "percent"),
            (json!({"period": "2024-06", "percent": 10, "extra": 1}), "extra"),
        ] {
            let r = post(path, &staff, body.clone()).await.unwrap();
            assert_eq!(r.status(), 400, "{body}");
            let p: Value = r.json().await.unwrap();
            assert!(p["field"].as_str().unwrap_or_default().contains(field) || p["detail"].as_str().unwrap().contains(field), "{body}: {p}");
        }
        assert_eq!(post("/api/plans/xining-2023/items/9.9/reports", &staff, json!({"period": "2024-06", "percent": 1})).await.unwrap().status(), 404);
        assert_eq!(post("/api/plans/nope/items/1.1/reports", &staff, json!({"period": "2024-06", "percent": 1})).await.unwrap().status(), 404);

        // The items as of 2024-06-30: exactly the contract's fields and statuses.
        let r = get("/api/plans/xining-2023/items?as_of=2024-06-30", Some(&viewer)).await.unwrap();
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["as_of"], "2024-06-30");
        let items = body["items"].as_array().unwrap();
        let one = &items[1];
        for key in ["code", "parent_code", "level", "title", "lead_unit", "start", "due", "progress", "status", "status_reason"] {
            assert!(one.get(key).is_some(), "{key} in {one}");
        }
        assert_eq!(one["code"], "1.1");
        assert_eq!(one["parent_code"], "1");
        assert_eq!(one["level"], 2);
        assert_eq!(one["level_name"], "行动");
        assert_eq!(one["lead_unit"], "市交通运输局");
        assert_eq!((one["start"].as_str(), one["due"].as_str()), (Some("2024-01-01"), Some("2024-12-31")));
        assert_eq!(one["progress"], 40);
        assert_eq!(one["status"], "amber");
        assert_eq!(one["status_reason"], "40% reported for 2024-06, expected 50% by 2024-06-30 (due 2024-12-31): behind by 10 points");
        // 1.2: 20% in March, due 2024-06-30, as of the due date: behind by 80 → red; the
        // centre is red through it.
        assert_eq!(items[2]["status"], "red");
        assert_eq!(items[0]["status"], "red");
        assert_eq!(items[0]["status_reason"].as_str().unwrap().split(':').next(), Some("1.2 is red"));
        let r = get("/api/plans/xining-2023/items?as_of=2024-06-30&status=amber", Some(&dongcheng)).await.unwrap();
        let body: Value = r.json().await.unwrap();
        let codes: Vec<&str> = body["items"].as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap()).collect();
        assert_eq!(codes, ["1.1"]);
        // As of before any report: not started where the start lies ahead.
        let body: Value = get("/api/plans/xining-2023/items?as_of=2023-12-31", Some(&admin)).await.unwrap().json().await.unwrap();
        assert_eq!(body["items"][1]["status"], "not_started");
        for bad in ["as_of=2024-6-30", "status=purple", "limit=3"] {
            let r = get(&format!("/api/plans/xining-2023/items?{bad}"), Some(&viewer)).await.unwrap();
            assert_eq!(r.status(), 400, "{bad}");
        }
        assert_eq!(get("/api/plans/nope/items", Some(&viewer)).await.unwrap().status(), 404);
    })
    .await;
}

/// The plan page: the tree with status words and colours, filters, and a reporter's "my items"
/// with a report form that records the report (and refuses another unit's item).
#[tokio::test]
async fn the_plan_page_shows_the_tree_and_takes_a_reporters_form() {
    on_both_engines(|db| async move {
        let a = app(&db.store);
        let cli = Caller::cli();
        a.import_taskbook(&cli, "xining-2023", Some("三年行动方案"), vec!["中心".into(), "行动".into()], tree()).await.unwrap();
        let g = Grant { name: "east".into(), role: Role::Reporter, unit: Some("城东区".into()) };
        let (_, pw) = a.add_user(&cli, &g).await.unwrap();
        let pw = super::accounts::chosen(&a, "east", &pw).await;
        let session = a.sign_in("east", &pw, "127.0.0.1").await.unwrap();
        let cookie = format!("wenlv_session={}", session.secret);
        let server = spawn_app(db.store.clone()).await;
        let c = client();
        let page = |q: &str| {
            c.get(format!("{}/bureau/plans/xining-2023{q}", server.base)).header("cookie", &cookie).header("accept-language", "zh-CN").send()
        };
        // Anonymous: sent to sign in.
        let r = c.get(format!("{}/bureau/plans/xining-2023", server.base)).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let html = page("?as_of=2024-06-30").await.unwrap().text().await.unwrap();
        assert!(html.contains("id=\"plan-tree\""), "{html}");
        assert!(html.contains("<tr id=\"item-1.2\" class=\"level-2\" data-status=\"red\">"), "{html}");
        assert!(html.contains("status status-red"));
        // My items: 1.1 (partner unit), not 1.2.
        assert!(html.contains("id=\"mine-1.1\""));
        assert!(!html.contains("id=\"mine-1.2\""));
        // Filters: by status and by unit.
        // (Nothing is reported yet: as of 2024-06-30 everything is red; as of mid-January, on
        // the straight line, green.)
        let html = page("?as_of=2024-01-15&status=red").await.unwrap().text().await.unwrap();
        assert!(!html.contains("<tr id="), "{html}");
        let html = page("?as_of=2024-01-15&status=green").await.unwrap().text().await.unwrap();
        assert_eq!(html.matches("data-status=\"green\"").count(), 3, "{html}");
        let html = page("?as_of=2024-06-30&unit=%E6%B9%9F%E4%B8%AD%E5%8C%BA").await.unwrap().text().await.unwrap();
        assert!(html.contains("id=\"item-1.2\"") && !html.contains("<tr id=\"item-1.1\""), "{html}");
        // The form records a report; another unit's item is refused.
        let form = |code: &str, csrf: &str| {
            c.post(format!("{}/bureau/plans/xining-2023/items/{code}/reports", server.base))
                .header("cookie", &cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("csrf={csrf}&period=2024-06&percent=55&narrative=%E5%B7%B2%E5%AE%8C%E6%88%90%E9%80%89%E5%9D%80"))
                .send()
        };
        let r = form("1.1", &session.csrf).await.unwrap();
        assert_eq!(r.status(), 303);
        let r = form("1.2", &session.csrf).await.unwrap();
        assert_eq!(r.status(), 403);
        let r = form("1.1", "wrong").await.unwrap();
        assert_eq!(r.status(), 403);
        let reports = db.store.plan_reports("xining-2023", None).await.unwrap();
        assert_eq!(reports.len(), 1);
        assert_eq!((reports[0].report.percent.get(), reports[0].report.narrative.as_str()), (55, "已完成选址"));
        let html = page("?as_of=2024-06-30").await.unwrap().text().await.unwrap();
        assert!(html.contains("55% reported for 2024-06"), "{html}");
        // Staff see who has not reported this month (the server's today: 2026 or later, every
        // item started, none done): both lead units, 1.1 among 市交通运输局's items.
        let g = Grant { name: "boss".into(), role: Role::Staff, unit: None };
        let (_, pw) = a.add_user(&cli, &g).await.unwrap();
        let pw = super::accounts::chosen(&a, "boss", &pw).await;
        let staff = a.sign_in("boss", &pw, "127.0.0.1").await.unwrap();
        let html = c
            .get(format!("{}/bureau/plans/xining-2023", server.base))
            .header("cookie", format!("wenlv_session={}", staff.secret))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("id=\"missing-reports\""), "{html}");
        assert!(html.contains("<strong>市交通运输局</strong> <span class=\"small\">1.1</span>"), "{html}");
        assert!(html.contains("<strong>湟中区</strong> <span class=\"small\">1.2</span>"), "{html}");
        let html = c.get(format!("{}/bureau/plans", server.base)).header("cookie", &cookie).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("href=\"/bureau/plans/xining-2023\""), "{html}");
    })
    .await;
}

#[tokio::test]
async fn the_not_reported_list_exports_to_excel_for_bureau_roles_only() {
    use calamine::Reader;
    on_both_engines(|db| async move {
        let a = app(&db.store);
        let cli = Caller::cli();
        a.import_taskbook(&cli, "xining-2023", None, vec![], tree())
            .await
            .unwrap();
        let g = Grant {
            name: "v".into(),
            role: Role::Viewer,
            unit: None,
        };
        let (_, token) = a.create_token(&cli, &g, None).await.unwrap();
        let (period, by_unit) = a.missing_reports(&cli, "xining-2023", None).await.unwrap();
        let owed: usize = by_unit.iter().map(|(_, items)| items.len()).sum();
        assert!(owed >= 2, "the overdue leaves owe this month's report");
        let server = spawn_app(db.store.clone()).await;
        let c = client();
        let url = format!("{}/bureau/plans/xining-2023/missing.xlsx", server.base);
        let r = c
            .get(&url)
            .header(AUTHORIZATION, format!("Bearer {token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(
            r.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains(&format!("missing-xining-2023-{period}.xlsx"))
        );
        let bytes = r.bytes().await.unwrap();
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let sheet = book.worksheet_range("本月未报").unwrap();
        let rows: Vec<Vec<String>> = sheet
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(rows[0], ["牵头单位", "编号", "任务", "完成时限", "月份"]);
        assert_eq!(rows.len(), owed + 1);
        assert!(
            rows[1..].iter().all(|r| r[4] == period.to_string()),
            "{rows:?}"
        );
        let hz = rows
            .iter()
            .find(|r| r[1] == "1.2")
            .expect("1.2 owes a report");
        assert_eq!(
            (hz[0].as_str(), hz[2].as_str(), hz[3].as_str()),
            ("湟中区", "开通旅游直通车", "2024-06-30")
        );
        // The public is sent to sign in; an unknown plan is a 404 page.
        let anonymous = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let r = anonymous.get(&url).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let r = c
            .get(format!("{}/bureau/plans/nope/missing.xlsx", server.base))
            .header(AUTHORIZATION, format!("Bearer {token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
    })
    .await;
}
