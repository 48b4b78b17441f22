//! `wenlv import taskbook`, `wenlv import progress` and `wenlv export taskbook`, run as a user
//! would, on both engines.

use crate::cli::{run, wenlv};
use rust_xlsxwriter::Workbook;
use std::path::Path;
use wenlv_io::taskbook::read_taskbook;
use wenlv_store::testing::on_both_engines;

/// A workbook of text cells (an empty string leaves the cell empty).
fn xlsx(path: &Path, rows: &[&[&str]]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

const HEADER: &[&str] = &[
    "编号",
    "名称",
    "牵头单位",
    "配合单位",
    "开始时间",
    "完成时限",
];

#[tokio::test]
async fn task_book_and_progress_imports_list_every_problem_and_export_round_trips() {
    on_both_engines(|db| async move {
        let tmp = tempfile::tempdir().unwrap();
        let url = db.url.as_str();
        let bad = tmp.path().join("bad.xlsx");
        xlsx(&bad, &[
            &["西宁市三年行动方案任务书"],
            HEADER,
            &["1", "旅游集散中心", "市文旅局", "", "2023-01-01", "2025年底"],
            &["1.1", "", "市交通运输局", "", "2024-07-01", "2024-06-30"],
            &["1.9.1", "上级不存在", "", "", "", "2024年13月"],
        ]);
        let out = wenlv().args(["--database-url", url, "import", "taskbook"]).arg(&bad).args(["--plan", "xining-2023"]).output().unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        for want in [
            "row 4 (code 1.1), column 名称, value '': empty title",
            "row 4 (code 1.1), column 完成时限, value '2024-06-30': due 2024-06-30 is before the start 2024-07-01",
            "row 5 (code 1.9.1), column 完成时限, value '2024年13月': unreadable date",
            "row 5 (code 1.9.1), column 编号, value '1.9': unknown parent: no item has the code 1.9",
            "4 problem(s) found; nothing was imported",
        ] {
            assert!(err.contains(want), "missing {want:?} in:\n{err}");
        }
        assert!(db.store.bureau_plan("xining-2023").await.unwrap().is_none());

        let good = tmp.path().join("good.xlsx");
        xlsx(&good, &[
            &["西宁市三年行动方案任务书"],
            &[],
            HEADER,
            &["1", "旅游集散中心", "市文旅局", "", "2023-01-01", "2025年底"],
            &["1.1", "建成游客集散中心", "市交通运输局", "城东区、城中区", "2024-01-01", "2024年第四季度"],
            &["1.2", "开通旅游直通车", "湟中区", "", "2024年1月", "2024年6月底"],
        ]);
        let out = run(wenlv().args(["--database-url", url, "import", "taskbook"]).arg(&good).args(["--plan", "xining-2023", "--title", "三年行动方案"]));
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("plan xining-2023 (new): added 3, changed 0, unchanged 0, kept 0"), "{said}");
        assert!(said.contains("units created: 城东区、城中区、市交通运输局、市文旅局、湟中区"), "{said}");

        // Progress: one bad sheet (an unknown item on row 3), then a good one.
        let progress = tmp.path().join("progress.xlsx");
        xlsx(&progress, &[&["编号", "月份", "完成进度", "进展情况"], &["1.1", "2024-03", "30%", "选址完成"], &["9.9", "2024-03", "10", ""]]);
        let out = wenlv().args(["--database-url", url, "import", "progress"]).arg(&progress).args(["--plan", "xining-2023"]).output().unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("row 3, code 9.9, code '9.9': no item 9.9 in plan xining-2023"), "{err}");
        assert!(db.store.plan_reports("xining-2023", None).await.unwrap().is_empty());
        xlsx(&progress, &[&["编号", "月份", "完成进度", "进展情况"], &["1.1", "2024-03", "30%", "选址完成"], &["1.2", "2024年6月", "100", "已开通"]]);
        let out = run(wenlv().args(["--database-url", url, "import", "progress"]).arg(&progress).args(["--plan", "xining-2023"]));
        assert!(String::from_utf8_lossy(&out.stdout).contains("2 report(s) recorded"));

        // Export with status, then the export re-imports to the same tree (nothing changes).
        let export = tmp.path().join("export.xlsx");
        let out = run(wenlv().args(["--database-url", url, "export", "taskbook", "--plan", "xining-2023", "--as-of", "2024-06-30", "--out"]).arg(&export));
        assert!(String::from_utf8_lossy(&out.stdout).contains("3 items as of 2024-06-30"));
        let book = read_taskbook(&std::fs::read(&export).unwrap(), "export.xlsx", None).unwrap();
        assert_eq!(book.items, db.store.plan_items("xining-2023").await.unwrap());
        let out = run(wenlv().args(["--database-url", url, "import", "taskbook"]).arg(&export).args(["--plan", "xining-2023"]));
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("plan xining-2023: added 0, changed 0, unchanged 3, kept 0"), "{said}");

        // A changed title is reported by code and field.
        xlsx(&good, &[HEADER, &["1.1", "建成西宁站游客集散中心", "市交通运输局", "城东区、城中区", "2024-01-01", "2024年第四季度"]]);
        let out = run(wenlv().args(["--database-url", url, "import", "taskbook"]).arg(&good).args(["--plan", "xining-2023"]));
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("added 0, changed 1, unchanged 0, kept 2"), "{said}");
        assert!(said.contains("changed 1.1: title"), "{said}");
    })
    .await;
}

/// `wenlv init --demo` loads the sample plan once, with its reports and deadline change; as of
/// 2025-06-30 every status appears.
#[tokio::test]
async fn the_demo_loads_the_sample_plan_once() {
    on_both_engines(|db| async move {
        let url = db.url.as_str();
        let out = run(wenlv().args(["--database-url", url, "init", "--demo"]));
        assert!(String::from_utf8_lossy(&out.stdout).contains(
            "sample plan xining-2023 (sample data under the four real centres): 25 items loaded"
        ));
        let out = run(wenlv().args(["--database-url", url, "init", "--demo"]));
        assert!(String::from_utf8_lossy(&out.stdout).contains(": 0 items loaded"));
        let items = db.store.plan_items("xining-2023").await.unwrap();
        assert_eq!(items.len(), 25);
        let moved = items.iter().find(|i| i.code.as_str() == "4.1.2").unwrap();
        assert_eq!(moved.deadline_changes.len(), 1);
        let reports = db.store.plan_reports("xining-2023", None).await.unwrap();
        assert_eq!(reports.len(), wenlv_io::demo::sample_plan().reports.len());
        let app = wenlv_app::App::new(
            db.store.clone(),
            std::sync::Arc::new(wenlv_io::demo::xining_city()),
        );
        let listed = app
            .plan_items(
                &wenlv_app::Caller::cli(),
                "xining-2023",
                Some(jiff::civil::date(2025, 6, 30)),
                None,
            )
            .await
            .unwrap();
        for status in wenlv_domain::bureau::Status::ALL {
            assert!(
                listed.items.iter().any(|(_, s)| s.status == status),
                "no {status}"
            );
        }
    })
    .await;
}
