//! Task books and progress sheets: real .xlsx files made here in the shapes offices make them,
//! read back through the public API.

use jiff::civil::{Date, date};
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use wenlv_domain::bureau::{Item, ItemCode, Plan, PlanSlug, UnitName};
use wenlv_io::taskbook::{BookError, read_progress, read_taskbook, write_taskbook};

/// A cell as typed.
#[derive(Debug, Clone)]
pub enum C {
    S(String),
    N(f64),
    /// A number formatted as a percentage (0.4 shows as 40%).
    Pct(f64),
    D(Date),
    E,
}

pub fn s(t: &str) -> C {
    C::S(t.to_string())
}

/// A sheet: rows of cells, merged regions (first row, first col, last row, last col) whose value
/// is the first cell's.
pub struct Sheet {
    pub name: &'static str,
    pub rows: Vec<Vec<C>>,
    pub merges: Vec<(u32, u16, u32, u16)>,
}

pub fn book(sheets: &[Sheet]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let pct = Format::new().set_num_format("0%");
    let day = Format::new().set_num_format("yyyy-mm-dd");
    for sh in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sh.name).unwrap();
        for (r, row) in sh.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if sh.merges.iter().any(|m| m.0 == r && m.1 == c) {
                    continue;
                }
                match cell {
                    C::S(t) => drop(ws.write_string(r, c, t).unwrap()),
                    C::N(n) => drop(ws.write_number(r, c, *n).unwrap()),
                    C::Pct(n) => drop(ws.write_number_with_format(r, c, *n, &pct).unwrap()),
                    C::D(d) => {
                        let x = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )
                        .unwrap();
                        ws.write_datetime_with_format(r, c, &x, &day).unwrap();
                    }
                    C::E => {}
                }
            }
        }
        for &(r1, c1, r2, c2) in &sh.merges {
            let text = match &sh.rows[r1 as usize][c1 as usize] {
                C::S(t) => t.clone(),
                other => panic!("merge a text cell, not {other:?}"),
            };
            ws.merge_range(r1, c1, r2, c2, &text, &Format::new())
                .unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

fn code(t: &str) -> ItemCode {
    ItemCode::parse(t).unwrap()
}
fn unit(t: &str) -> UnitName {
    UnitName::parse(t).unwrap()
}
fn item<'a>(items: &'a [Item], c: &str) -> &'a Item {
    items
        .iter()
        .find(|i| i.code.as_str() == c)
        .unwrap_or_else(|| panic!("no item {c}"))
}

/// The shape of a real office's task book: a title row, a note, a blank row, a header with
/// remarks in brackets and required markers, centre rows, a lead unit merged down over three
/// rows, a spacer row, dates as Excel dates, serial numbers and text of every usual form.
#[test]
fn an_office_task_book_with_title_rows_merged_cells_and_mixed_dates() {
    let rows = vec![
        vec![s(
            "西宁市建设国际生态旅游目的地中心城市三年行动方案任务书（2023—2025年）",
        )],
        vec![s("说明：1. 完成时限按月填写；2. 配合单位用顿号分隔。")],
        vec![],
        vec![
            s("序号"),
            s("*编号"),
            s("名称"),
            s("牵头领导"),
            s("牵头单位"),
            s("配合单位"),
            s("开始时间"),
            s("完成时限（年月）"),
            s("目标"),
            s("区县"),
            s("备注"),
        ],
        vec![
            s("1"),
            s("1"),
            s("旅游集散中心"),
            s("张三、李四"),
            s("市文旅局"),
            C::E,
            C::D(date(2023, 1, 1)),
            s("2025年底"),
        ],
        vec![
            s("2"),
            s("1.1"),
            s("建设游客集散服务体系"),
            s("张三"),
            s("市交通运输局"),
            s("市文旅局，市发改委"),
            s("2023年3月"),
            s("2024年第二季度"),
        ],
        vec![
            s("3"),
            s("1.1.1"),
            s("建成西宁站游客集散中心"),
            C::E,
            C::E,
            s("城东区;城中区"),
            C::N(45000.0),
            s("2024.6.30"),
            C::N(720000.0),
            s("城东区"),
        ],
        vec![],
        vec![
            s("4"),
            s("1.1.2"),
            s("开通旅游直通车线路"),
            C::E,
            C::E,
            s("湟中区\n大通县"),
            s("2023/5/1"),
            s("2024年6月底前"),
            s("10条线路"),
        ],
        vec![
            s("5"),
            s("1.1.3"),
            s("完善景区交通标识"),
            C::E,
            C::E,
            C::E,
            s("2023年4月1日"),
            s("2023年12月"),
            C::E,
            C::E,
            s("示例数据"),
        ],
    ];
    // 牵头单位 of 1.1 merged down over 1.1.1, the spacer and 1.1.2 (rows 6–9, column E).
    let bytes = book(&[Sheet {
        name: "任务书",
        rows,
        merges: vec![(5, 4, 8, 4)],
    }]);
    let tb = read_taskbook(&bytes, "任务书.xlsx", None).unwrap();
    assert_eq!(tb.sheet, "任务书");
    let codes: Vec<&str> = tb.items.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["1", "1.1", "1.1.1", "1.1.2", "1.1.3"]);
    let top = item(&tb.items, "1");
    assert_eq!(top.leaders, ["张三", "李四"]);
    assert_eq!(
        (top.start, top.due),
        (Some(date(2023, 1, 1)), Some(date(2025, 12, 31)))
    );
    let a = item(&tb.items, "1.1");
    assert_eq!(a.parent, Some(code("1")));
    assert_eq!(a.lead_unit, Some(unit("市交通运输局")));
    assert_eq!(a.partner_units, [unit("市文旅局"), unit("市发改委")]);
    assert_eq!(
        (a.start, a.due),
        (Some(date(2023, 3, 1)), Some(date(2024, 6, 30)))
    );
    // The merged lead unit applies to both rows of the region that hold items.
    let m1 = item(&tb.items, "1.1.1");
    assert_eq!(m1.lead_unit, Some(unit("市交通运输局")));
    assert_eq!(m1.partner_units, [unit("城东区"), unit("城中区")]);
    // 45000 is an Excel serial: 2023-03-15 (44927 is 2023-01-01).
    assert_eq!(
        (m1.start, m1.due),
        (Some(date(2023, 3, 15)), Some(date(2024, 6, 30)))
    );
    assert_eq!(m1.indicators[0].target, Some(720000.0));
    assert_eq!(m1.district, "城东区");
    let m2 = item(&tb.items, "1.1.2");
    assert_eq!(m2.lead_unit, Some(unit("市交通运输局")));
    assert_eq!(m2.partner_units, [unit("湟中区"), unit("大通县")]);
    assert_eq!(
        (m2.start, m2.due),
        (Some(date(2023, 5, 1)), Some(date(2024, 6, 30)))
    );
    assert_eq!(m2.indicators[0].target_text, "10条线路");
    let m3 = item(&tb.items, "1.1.3");
    assert_eq!(m3.lead_unit, None, "the merged region ends above this row");
    assert_eq!(
        (m3.start, m3.due),
        (Some(date(2023, 4, 1)), Some(date(2023, 12, 31)))
    );
    assert_eq!(m3.notes, "示例数据");
    // Spreadsheet row numbers as the sheet shows them.
    assert_eq!(tb.rows["1"], 5);
    assert_eq!(tb.rows["1.1.2"], 9);
}

#[test]
fn english_headers_a_parent_column_and_level_names() {
    let rows = vec![
        vec![
            s("Code"),
            s("Parent code"),
            s("Level"),
            s("Title"),
            s("Lead unit"),
            s("Partner units"),
            s("Start"),
            s("Due"),
            s("Notes"),
        ],
        vec![
            s("C1"),
            C::E,
            s("中心"),
            s("Distribution hub"),
            s("Culture and Tourism Bureau"),
            C::E,
            s("2023-01-01"),
            s("2025-12-31"),
        ],
        vec![
            s("A7"),
            s("C1"),
            s("行动"),
            s("Tourist buses"),
            s("Transport Bureau"),
            s("Huangzhong District; Datong County"),
            s("2023-06"),
            s("2024Q3"),
        ],
    ];
    let tb = read_taskbook(
        &book(&[Sheet {
            name: "Sheet1",
            rows,
            merges: vec![],
        }]),
        "en.xlsx",
        None,
    )
    .unwrap();
    let a = item(&tb.items, "A7");
    assert_eq!(a.parent, Some(code("C1")));
    assert_eq!(a.partner_units.len(), 2);
    assert_eq!(
        (a.start, a.due),
        (Some(date(2023, 6, 1)), Some(date(2024, 9, 30)))
    );
    assert_eq!(tb.levels, ["中心", "行动"]);
}

/// Every problem of a bad task book at once, each naming sheet, row, code, column and value;
/// nothing comes back.
#[test]
fn a_bad_task_book_lists_every_problem() {
    let rows = vec![
        vec![s("任务书")],
        vec![
            s("编号"),
            s("上级编号"),
            s("名称"),
            s("牵头领导"),
            s("开始时间"),
            s("完成时限"),
        ],
        vec![s("1"), C::E, s("中心")],
        vec![
            s("1.1"),
            C::E,
            s("行动"),
            C::E,
            s("2024-07-01"),
            s("2024-06-30"),
        ],
        vec![s("1.1"), C::E, s("重复的行动")],
        vec![s("1.2"), s("9"), s("上级不存在")],
        vec![s("1.3"), C::E, C::E],
        vec![C::E, C::E, s("没有编号的任务")],
        vec![s("1.4"), C::E, s("日期看不懂"), C::E, C::E, s("明年")],
        vec![s("1.5"), C::E, s("三位领导"), s("甲、乙、丙")],
        vec![s("3"), s("4"), s("环甲")],
        vec![s("4"), s("3"), s("环乙")],
        vec![s("1.6"), C::E, s("日期不存在"), C::E, s("2023年2月29日")],
    ];
    let err = read_taskbook(
        &book(&[Sheet {
            name: "任务书",
            rows,
            merges: vec![],
        }]),
        "bad.xlsx",
        None,
    )
    .unwrap_err();
    let lines: Vec<String> = err.issues.iter().map(|i| i.to_string()).collect();
    let want = [
        "sheet '任务书', row 4 (code 1.1), column 编号, value '1.1': duplicate code: also on row 5",
        "sheet '任务书', row 4 (code 1.1), column 完成时限, value '2024-06-30': due 2024-06-30 is before the start 2024-07-01",
        "sheet '任务书', row 5 (code 1.1), column 编号, value '1.1': duplicate code: also on row 4",
        "sheet '任务书', row 6 (code 1.2), column 上级编号, value '9': unknown parent: no item has the code 9",
        "sheet '任务书', row 7 (code 1.3), column 名称, value '': empty title",
        "sheet '任务书', row 8, column 编号, value '': empty code (every item row needs one)",
        "sheet '任务书', row 9 (code 1.4), column 完成时限, value '明年': unreadable date '明年' (expected e.g. 2024-06-30, 2024/6/30, 2024.6.30, 2024年6月30日, 2024年6月底, 2024年6月, 2024年第二季度)",
        "sheet '任务书', row 10 (code 1.5), column 牵头领导, value '甲、乙、丙': 3 lead leaders named; at most 2 (the dual-leader system)",
        "sheet '任务书', row 11 (code 3), column 上级编号, value '4': the parents make a cycle: 3 → 4 → 3",
        "sheet '任务书', row 13 (code 1.6), column 开始时间, value '2023年2月29日': unreadable date '2023年2月29日' (expected e.g. 2024-06-30, 2024/6/30, 2024.6.30, 2024年6月30日, 2024年6月底, 2024年6月, 2024年第二季度)",
    ];
    for w in want {
        assert!(
            lines.iter().any(|l| l == w),
            "missing: {w}\ngot:\n{}",
            lines.join("\n")
        );
    }
    assert_eq!(lines.len(), want.len(), "{}", lines.join("\n"));
    let text = err.to_string();
    assert!(
        text.starts_with("bad.xlsx: 10 problems\nbad.xlsx: sheet '任务书', row 4"),
        "{text}"
    );
}

#[test]
fn no_header_row_cut_off_files_and_empty_books_are_refused_with_a_reason() {
    let rows = vec![
        vec![s("名称"), s("牵头单位")],
        vec![s("没有编号列"), s("市文旅局")],
    ];
    let err = read_taskbook(
        &book(&[Sheet {
            name: "S",
            rows,
            merges: vec![],
        }]),
        "t.xlsx",
        None,
    )
    .unwrap_err();
    assert_eq!(err.issues.len(), 1);
    assert!(
        err.issues[0]
            .reason
            .starts_with("no task book header row found"),
        "{err}"
    );
    assert!(
        err.issues[0].reason.contains("编号/code, 名称/title"),
        "{err}"
    );

    let good = book(&[Sheet {
        name: "S",
        rows: vec![vec![s("编号"), s("名称")], vec![s("1"), s("中心")]],
        merges: vec![],
    }]);
    for cut in [10, good.len() / 2, good.len() - 30] {
        let err = read_taskbook(&good[..cut], "cut.xlsx", None).unwrap_err();
        assert!(
            err.to_string()
                .contains("not readable as an Excel .xlsx workbook"),
            "{cut}: {err}"
        );
    }
    let err = read_taskbook(b"code,title\n1,x\n", "t.csv", None).unwrap_err();
    assert!(
        err.to_string()
            .contains("not readable as an Excel .xlsx workbook"),
        "{err}"
    );

    let only_header = book(&[Sheet {
        name: "S",
        rows: vec![vec![s("编号"), s("名称")], vec![], vec![]],
        merges: vec![],
    }]);
    let err = read_taskbook(&only_header, "t.xlsx", None).unwrap_err();
    assert_eq!(err.issues[0].reason, "no item rows below the header");

    let twice = book(&[Sheet {
        name: "S",
        rows: vec![
            vec![s("编号"), s("名称"), s("title")],
            vec![s("1"), s("a"), s("b")],
        ],
        merges: vec![],
    }]);
    let err = read_taskbook(&twice, "t.xlsx", None).unwrap_err();
    assert_eq!(
        err.issues[0].reason,
        "2 columns mean 'title' (which one is meant?)"
    );
}

/// The header is found on the first sheet that has one (a cover sheet comes first).
#[test]
fn a_cover_sheet_before_the_task_book_is_skipped() {
    let cover = Sheet {
        name: "封面",
        rows: vec![vec![s("西宁市三年行动方案")], vec![s("2023年1月")]],
        merges: vec![],
    };
    let tasks = Sheet {
        name: "任务",
        rows: vec![vec![s("编号"), s("名称")], vec![s("1"), s("中心")]],
        merges: vec![],
    };
    let tb = read_taskbook(&book(&[cover, tasks]), "t.xlsx", None).unwrap();
    assert_eq!((tb.sheet.as_str(), tb.items.len()), ("任务", 1));
}

#[test]
fn a_huge_sheet_reads_whole_and_reports_progress() {
    let n = 20_000;
    let mut rows = vec![vec![s("编号"), s("名称"), s("完成时限")]];
    for c in 1..=20 {
        rows.push(vec![s(&c.to_string()), s("中心"), s("2025-12-31")]);
    }
    for i in 0..n {
        rows.push(vec![
            s(&format!("{}.{}", i % 20 + 1, i / 20 + 1)),
            s("措施"),
            s("2024年第四季度"),
        ]);
    }
    let bytes = book(&[Sheet {
        name: "S",
        rows,
        merges: vec![],
    }]);
    let mut calls = 0;
    let mut last = (0, 0);
    let mut progress = |done: usize, total: usize| {
        calls += 1;
        last = (done, total);
    };
    let tb = read_taskbook(&bytes, "big.xlsx", Some(&mut progress)).unwrap();
    assert_eq!(tb.items.len(), n + 20);
    assert_eq!(last, (n + 20, n + 20));
    assert!(calls >= n);
    assert!(
        tb.items
            .iter()
            .skip(20)
            .all(|i| i.due == Some(date(2024, 12, 31)))
    );
}

#[test]
fn progress_sheets_take_percent_numbers_text_and_fractions() {
    let header = vec![
        s("编号"),
        s("月份"),
        s("完成进度"),
        s("进展情况"),
        s("存在问题"),
        s("下步计划"),
    ];
    let rows = vec![
        vec![s("2024年3月进度报表")],
        header.clone(),
        vec![
            s("1.1"),
            s("2024-03"),
            C::N(40.0),
            s("已完成选址"),
            s("资金未到位"),
            s("开工建设"),
        ],
        vec![s("1.2"), C::D(date(2024, 3, 31)), s("55%"), s("进展顺利")],
        vec![s("1.3"), s("2024年3月"), C::N(100.0)],
    ];
    let got = read_progress(
        &book(&[Sheet {
            name: "进度",
            rows,
            merges: vec![],
        }]),
        "p.xlsx",
        None,
    )
    .unwrap();
    let v: Vec<(String, String, u8)> = got
        .rows
        .iter()
        .map(|r| (r.code.to_string(), r.period.to_string(), r.percent.get()))
        .collect();
    assert_eq!(
        v,
        [
            ("1.1".into(), "2024-03".into(), 40),
            ("1.2".into(), "2024-03".into(), 55),
            ("1.3".into(), "2024-03".into(), 100)
        ]
    );
    assert_eq!(got.rows[0].problems, "资金未到位");
    assert_eq!(got.rows[0].row, 3);
    // A column of fractions formatted as percentages.
    let rows = vec![
        vec![s("code"), s("period"), s("percent")],
        vec![s("1.1"), s("2024-04"), C::Pct(0.4)],
        vec![s("1.2"), s("2024-04"), C::Pct(1.0)],
        vec![s("1.3"), s("2024-04"), C::Pct(0.125)],
    ];
    let got = read_progress(
        &book(&[Sheet {
            name: "S",
            rows,
            merges: vec![],
        }]),
        "p.xlsx",
        None,
    )
    .unwrap();
    let pc: Vec<u8> = got.rows.iter().map(|r| r.percent.get()).collect();
    assert_eq!(pc, [40, 100, 13]);
}

#[test]
fn a_bad_progress_sheet_lists_every_problem() {
    let rows = vec![
        vec![s("编号"), s("月份"), s("完成进度")],
        vec![s("1.1"), s("2024-13"), C::N(40.0)],
        vec![s("1.2"), s("2024-03"), s("120%")],
        vec![C::E, s("2024-03"), s("四成")],
        vec![s("1.4"), s("2024-03"), C::N(10.0)],
        vec![s("1.4"), s("2024-03"), C::N(20.0)],
    ];
    let err = read_progress(
        &book(&[Sheet {
            name: "S",
            rows,
            merges: vec![],
        }]),
        "p.xlsx",
        None,
    )
    .unwrap_err();
    let lines: Vec<String> = err.issues.iter().map(|i| i.to_string()).collect();
    assert_eq!(
        lines,
        [
            "sheet 'S', row 2 (code 1.1), column 月份, value '2024-13': '2024-13' is not a month (expected e.g. 2024-03 or 2024年3月)",
            "sheet 'S', row 3 (code 1.2), column 完成进度, value '120%': '120%' is outside 0–100%",
            "sheet 'S', row 4, column 编号, value '': empty code",
            "sheet 'S', row 4, column 完成进度, value '四成': '四成' is not a percentage (expected e.g. 40, 40% or 0.4 formatted as a percentage)",
            "sheet 'S', row 6 (code 1.4), column 月份, value '2024-03': a second report for 1.4 in 2024-03 (the first is on row 5)",
        ]
    );
}

fn plan() -> Plan {
    Plan {
        slug: PlanSlug::parse("xining-2023").unwrap(),
        title: "三年行动方案".into(),
        start: Some(date(2023, 1, 1)),
        end: Some(date(2025, 12, 31)),
        levels: vec!["中心".into(), "行动".into(), "措施".into()],
    }
}

/// The export reads back to the same tree.
#[test]
fn the_export_re_imports_to_the_same_tree() {
    let rows = vec![
        vec![
            s("编号"),
            s("上级编号"),
            s("名称"),
            s("牵头领导"),
            s("牵头单位"),
            s("配合单位"),
            s("开始时间"),
            s("完成时限"),
            s("目标"),
            s("区县"),
            s("权重"),
            s("备注"),
            s("英文名称"),
            s("工作内容"),
        ],
        vec![
            s("1"),
            C::E,
            s("旅游集散中心"),
            s("张三、李四"),
            s("市文旅局"),
            C::E,
            s("2023-01-01"),
            s("2025-12-31"),
            C::E,
            C::E,
            C::E,
            C::E,
            s("Distribution hub"),
            s("描述，含逗号"),
        ],
        vec![
            s("1.1"),
            C::E,
            s("行动"),
            C::E,
            s("市交通运输局"),
            s("城东区、城中区"),
            s("2023年3月"),
            s("2024年第二季度"),
            s("720000"),
            s("城东区"),
            C::N(2.5),
            s("示例数据"),
        ],
        vec![
            s("X9"),
            s("1.1"),
            s("措施"),
            C::E,
            C::E,
            C::E,
            C::E,
            s("2024年6月底"),
        ],
    ];
    let first = read_taskbook(
        &book(&[Sheet {
            name: "S",
            rows,
            merges: vec![],
        }]),
        "t.xlsx",
        None,
    )
    .unwrap();
    let bytes = write_taskbook(&plan(), &first.items, None).unwrap();
    let again = read_taskbook(&bytes, "export.xlsx", None).unwrap();
    assert_eq!(again.items, first.items);
    assert_eq!(again.levels, ["中心", "行动", "措施"]);
}

/// How one generated item is typed into a sheet.
#[derive(Debug, Clone)]
struct Typed {
    due: Date,
    due_form: usize,
    lead: Option<usize>,
    partners: Vec<usize>,
    sep: usize,
}

const UNITS: [&str; 5] = ["市文旅局", "市发改委", "湟中区", "大通县", "城东区"];
const SEPS: [&str; 6] = ["、", ",", "，", ";", "；", "\n"];

fn due_cell(d: Date, form: usize) -> (C, Date) {
    let (y, m, dd) = (d.year(), d.month(), d.day());
    let last = d.last_of_month();
    match form {
        0 => (C::D(d), d),
        1 => (s(&format!("{y}/{m}/{dd}")), d),
        2 => (s(&format!("{y}.{m}.{dd}")), d),
        3 => (s(&format!("{y}年{m}月{dd}日")), d),
        4 => (s(&format!("{y}年{m}月底")), last),
        5 => (s(&format!("{y}年{m}月")), last),
        6 => {
            let q = (m - 1) / 3 + 1;
            let qn = ["一", "二", "三", "四"][q as usize - 1];
            (
                s(&format!("{y}年第{qn}季度")),
                date(y, q * 3, 1).last_of_month(),
            )
        }
        _ => (s(&d.to_string()), d),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Task books of many shapes: Chinese or English headers, 0–3 title rows, spacer rows,
    /// columns in any order, lead units merged down, due dates in every form, lists with every
    /// separator: the items read are the items typed.
    #[test]
    fn task_books_of_many_shapes(
        english in any::<bool>(),
        title_rows in 0usize..4,
        spacer_every in 2usize..6,
        reverse in any::<bool>(),
        typed in prop::collection::vec(
            (0i32..1000, 0usize..8, prop::option::of(0usize..5), prop::collection::vec(0usize..5, 0..3), 0usize..6)
                .prop_map(|(d, due_form, lead, partners, sep)| Typed {
                    due: date(2023, 1, 1).checked_add(jiff::Span::new().days(d)).unwrap(),
                    due_form, lead, partners, sep,
                }),
            1..25),
        merge_at in prop::option::of(0usize..25),
    ) {
        let names: [&str; 5] = if english { ["code", "title", "lead unit", "partner units", "due"] } else { ["编号", "名称", "牵头单位", "配合单位", "完成时限"] };
        let mut order = [0, 1, 2, 3, 4];
        if reverse { order.reverse(); }
        let mut rows: Vec<Vec<C>> = (0..title_rows).map(|i| vec![s(&format!("标题 {i}"))]).collect();
        rows.push(order.iter().map(|&k| s(names[k])).collect());
        let mut expect = Vec::new();
        let mut merges = Vec::new();
        let lead_col = order.iter().position(|&k| k == 2).unwrap() as u16;
        let mut prev: Option<(u32, Option<usize>)> = None;
        for (i, t) in typed.iter().enumerate() {
            if i > 0 && i % spacer_every == 0 {
                rows.push(vec![]);
            }
            let (due, due_date) = due_cell(t.due, t.due_form);
            let mut partners: Vec<usize> = t.partners.clone();
            partners.dedup();
            partners.retain(|p| Some(*p) != t.lead);
            let mut seen = Vec::new();
            partners.retain(|p| if seen.contains(p) { false } else { seen.push(*p); true });
            let mut lead = t.lead;
            // Merge this row's lead unit cell with the previous item row's (same unit, typed once).
            let r = rows.len() as u32;
            if merge_at == Some(i) && let Some((pr, plead)) = prev && plead.is_some() && pr + 1 == r {
                lead = plead;
                partners.retain(|p| Some(*p) != lead);
                merges.push((pr, lead_col, r, lead_col));
            }
            let cells = [
                s(&format!("1.{}", i + 1)),
                s(&format!("措施 {i}")),
                lead.map(|u| s(UNITS[u])).unwrap_or(C::E),
                s(&partners.iter().map(|&p| UNITS[p]).collect::<Vec<_>>().join(SEPS[t.sep])),
                due,
            ];
            rows.push(order.iter().map(|&k| cells[k].clone()).collect());
            prev = Some((r, lead));
            expect.push((format!("1.{}", i + 1), lead.map(|u| UNITS[u].to_string()), partners.iter().map(|&p| UNITS[p].to_string()).collect::<Vec<_>>(), due_date));
        }
        // The parent "1" last, so the tree is sound.
        let cells = [s("1"), s("中心"), C::E, C::E, s("2025-12-31")];
        rows.push(order.iter().map(|&k| cells[k].clone()).collect());
        let bytes = book(&[Sheet { name: "S", rows, merges }]);
        let tb = read_taskbook(&bytes, "shape.xlsx", None).map_err(|e: BookError| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(tb.items.len(), typed.len() + 1);
        for (code, lead, partners, due) in expect {
            let it = item(&tb.items, &code);
            prop_assert_eq!(it.lead_unit.as_ref().map(|u| u.to_string()), lead, "{}", code);
            let got: Vec<String> = it.partner_units.iter().map(|u| u.to_string()).collect();
            prop_assert_eq!(got, partners, "{}", code);
            prop_assert_eq!(it.due, Some(due), "{}", code);
        }
    }

    /// Random bytes are refused with a reason, never a panic.
    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        prop_assert!(read_taskbook(&bytes, "x.xlsx", None).is_err());
        prop_assert!(read_progress(&bytes, "x.xlsx", None).is_err());
    }
}

/// A partial task book may name parents that are only in the stored tree.
#[test]
fn a_partial_task_book_may_name_stored_parents() {
    let rows = vec![vec![s("编号"), s("名称")], vec![s("1.1"), s("行动")]];
    let bytes = book(&[Sheet {
        name: "S",
        rows,
        merges: vec![],
    }]);
    let err = read_taskbook(&bytes, "t.xlsx", None).unwrap_err();
    assert!(err.issues[0].reason.starts_with("unknown parent"), "{err}");
    let stored = ["1".to_string()].into_iter().collect();
    let tb = wenlv_io::taskbook::read_taskbook_over(&bytes, "t.xlsx", None, &stored).unwrap();
    assert_eq!(tb.items[0].parent, Some(code("1")));
}
