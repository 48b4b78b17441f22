//! Project books (重点项目库): real .xlsx files made here in the shapes offices make them.

use super::taskbook::{C, Sheet, book, s};
use jiff::civil::date;
use wenlv_domain::bureau::projects::{FundingStatus, FundingType, Stage, Wan};
use wenlv_io::projects::{read_projects, write_projects};

fn wan(t: &str) -> Wan {
    Wan::parse(t).unwrap()
}

/// A title row, a note, Chinese headers with units in brackets, a project whose code, name
/// and stage are merged down over its three funding lines, amounts typed as numbers, text with
/// thousands separators and full-width digits, a spacer row, and a project with no figures.
#[test]
fn an_office_project_book_with_merged_rows_per_funding_line() {
    let rows = vec![
        vec![s("西宁市文化旅游重点项目库（2024年）")],
        vec![s("单位：万元"), C::E],
        vec![
            s("序号"),
            s("项目编号"),
            s("项目名称"),
            s("区县"),
            s("阶段"),
            s("总投资（万元）"),
            s("资金来源"),
            s("资金金额（万元）"),
            s("资金状态"),
        ],
        vec![
            C::N(1.0),
            s("XN-2024-01"),
            s("长城国家文化公园（大通段）"),
            s("大通县"),
            s("实施"),
            s("1,200.50"),
            s("中央资金"),
            C::N(3169.02),
            s("已拨付"),
        ],
        vec![
            C::E,
            s("XN-2024-01"),
            C::E,
            C::E,
            C::E,
            C::E,
            s("省级专项资金"),
            s("２９０８"),
            s("已批复"),
        ],
        vec![
            C::E,
            s("XN-2024-01"),
            C::E,
            C::E,
            C::E,
            C::E,
            s("先建后补"),
            C::E,
            C::E,
        ],
        vec![C::E, C::E, C::E, C::E, C::E, C::E, C::E, C::E, C::E],
        vec![
            C::N(2.0),
            s("XN-2024-02"),
            s("湟源县唐蕃古道藏族村落特色小镇"),
            s("湟源县"),
            s("储备"),
            C::E,
            C::E,
            C::E,
            C::E,
        ],
        vec![
            C::N(3.0),
            s("XN-2024-03"),
            s("无阶段的项目"),
            C::E,
            C::E,
            s("1.4亿"),
            C::E,
            C::E,
            C::E,
        ],
    ];
    let bytes = book(&[Sheet {
        name: "项目库",
        rows,
        // The first project's code merged down over its three rows.
        merges: vec![(3, 1, 5, 1)],
    }]);
    let got = read_projects(&bytes, "projects.xlsx", None).unwrap();
    assert_eq!(got.projects.len(), 3);
    let p = &got.projects[0];
    assert_eq!(p.row, 4);
    assert_eq!(p.code, "XN-2024-01");
    assert_eq!(p.stage, Some(Stage::Implementation));
    assert_eq!(p.total_investment, Some(wan("1200.5")));
    assert_eq!(p.funding.len(), 3);
    assert_eq!(p.funding[0].kind, FundingType::CentralGovernmentFund);
    assert_eq!(p.funding[0].amount, Some(wan("3169.02")));
    assert_eq!(p.funding[0].status, Some(FundingStatus::Disbursed));
    assert_eq!(p.funding[1].amount, Some(wan("2908")));
    assert_eq!(p.funding[2].kind, FundingType::BuildFirstSubsidiseLater);
    assert_eq!(p.funding[2].amount, None, "unknown stays unknown");
    let q = &got.projects[1];
    assert_eq!((q.stage, q.total_investment), (Some(Stage::Reserve), None));
    assert_eq!(got.projects[2].stage, None);
    assert_eq!(got.projects[2].total_investment, Some(wan("14000")));
}

#[test]
fn english_headers_are_read_as_the_contract_names_them() {
    let rows = vec![
        vec![
            s("code"),
            s("name"),
            s("district"),
            s("stage"),
            s("total_investment_10k_cny"),
            s("funding type"),
            s("funding_10k_cny"),
            s("planned completion"),
        ],
        vec![
            s("P1"),
            s("Ice and snow park"),
            s("城北区"),
            s("implementation"),
            C::N(500.0),
            s("loan-interest subsidy"),
            s("12.5"),
            s("2025年6月底"),
        ],
    ];
    let got = read_projects(
        &book(&[Sheet {
            name: "Sheet1",
            rows,
            merges: vec![],
        }]),
        "p.xlsx",
        None,
    )
    .unwrap();
    let p = &got.projects[0];
    assert_eq!(p.funding[0].kind, FundingType::LoanInterestSubsidy);
    assert_eq!(p.funding[0].amount, Some(wan("12.5")));
    assert_eq!(p.planned_completion, Some(date(2025, 6, 30)));
}

#[test]
fn a_bad_project_book_lists_every_problem_with_row_column_and_value() {
    let rows = vec![
        vec![
            s("项目编号"),
            s("项目名称"),
            s("阶段"),
            s("总投资"),
            s("资金来源"),
            s("资金金额"),
        ],
        vec![s("A"), s("甲"), s("暂停"), s("-5"), C::E, s("10")],
        vec![s("B"), C::E, s("研究"), s("abc"), s("天使投资"), C::E],
        vec![C::E, s("无编号"), C::E, C::E, C::E, C::E],
        vec![s("A"), s("乙"), C::E, C::E, s("中央资金"), s("1.0000001")],
    ];
    let e = read_projects(
        &book(&[Sheet {
            name: "S",
            rows,
            merges: vec![],
        }]),
        "bad.xlsx",
        None,
    )
    .unwrap_err();
    let text = e.to_string();
    let expect = [
        ("row 2 (code A), column 阶段, value '暂停'", "unknown stage"),
        ("row 2 (code A), column 总投资, value '-5'", "negative"),
        (
            "row 2 (code A), column 资金来源, value ''",
            "needs its funding type",
        ),
        (
            "row 3 (code B), column 项目名称, value ''",
            "empty project name",
        ),
        (
            "row 3 (code B), column 总投资, value 'abc'",
            "not an amount",
        ),
        (
            "row 3 (code B), column 资金来源, value '天使投资'",
            "unknown funding type",
        ),
        ("row 4, column 项目编号, value ''", "empty code"),
        (
            "row 5 (code A), column 项目名称, value '乙'",
            "differs from row 2",
        ),
        (
            "row 5 (code A), column 资金金额, value '1.0000001'",
            "more decimals",
        ),
    ];
    for (at, why) in expect {
        let line = text
            .lines()
            .find(|l| l.contains(at))
            .unwrap_or_else(|| panic!("no problem at {at}:\n{text}"));
        assert!(line.contains(why), "{line}");
        assert!(line.starts_with("bad.xlsx: sheet 'S', "), "{line}");
    }
    assert_eq!(e.issues.len(), expect.len(), "{text}");
}

#[test]
fn books_without_the_columns_or_rows_are_refused_with_a_reason() {
    let no_header = book(&[Sheet {
        name: "S",
        rows: vec![vec![s("名称"), s("金额")], vec![s("x"), s("1")]],
        merges: vec![],
    }]);
    let e = read_projects(&no_header, "h.xlsx", None)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no project book header row") && e.contains("项目编号/code"),
        "{e}"
    );
    let empty = book(&[Sheet {
        name: "S",
        rows: vec![vec![s("项目编号"), s("项目名称")]],
        merges: vec![],
    }]);
    let e = read_projects(&empty, "e.xlsx", None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("no project rows"), "{e}");
    let whole = book(&[Sheet {
        name: "S",
        rows: vec![vec![s("项目编号"), s("项目名称")], vec![s("A"), s("甲")]],
        merges: vec![],
    }]);
    let e = read_projects(&whole[..whole.len() / 2], "cut.xlsx", None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("cut.xlsx") && e.contains("not readable"), "{e}");
}

#[test]
fn the_export_reads_back_to_the_same_library() {
    let rows = vec![
        vec![
            s("项目编号"),
            s("项目名称"),
            s("区县"),
            s("阶段"),
            s("总投资"),
            s("资金来源"),
            s("资金金额"),
            s("资金年度"),
        ],
        vec![
            s("A"),
            s("甲"),
            s("城东区"),
            s("实施"),
            s("0.000001"),
            s("中央资金"),
            s("3169.0200"),
            s("2024"),
        ],
        vec![
            s("A"),
            C::E,
            C::E,
            C::E,
            C::E,
            s("银行贷款"),
            C::E,
            s("2025"),
        ],
        vec![
            s("B"),
            s("乙"),
            C::E,
            s("completed"),
            s("99999999.99"),
            C::E,
            C::E,
            C::E,
        ],
    ];
    let first = read_projects(
        &book(&[Sheet {
            name: "S",
            rows,
            merges: vec![],
        }]),
        "a.xlsx",
        None,
    )
    .unwrap();
    let again = read_projects(&write_projects(&first.projects).unwrap(), "b.xlsx", None).unwrap();
    let strip = |ps: &[wenlv_io::projects::ProjectRow]| {
        ps.iter()
            .map(|p| {
                let mut p = p.clone();
                p.row = 0;
                p
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&again.projects), strip(&first.projects));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Random bytes are refused with a reason, never a panic.
    #[test]
    fn random_bytes_are_refused_never_a_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000)) {
        proptest::prop_assert!(read_projects(&bytes, "x.xlsx", None).is_err());
    }

    /// A good book cut off anywhere is refused whole (nothing half-read), never a panic.
    #[test]
    fn a_cut_off_book_is_refused(cut in 0.0f64..1.0) {
        let rows = vec![
            vec![s("项目编号"), s("项目名称"), s("总投资")],
            vec![s("A"), s("甲"), s("1200.5")],
            vec![s("B"), s("乙"), C::E],
        ];
        let whole = book(&[Sheet { name: "S", rows, merges: vec![] }]);
        let at = ((whole.len() as f64) * cut) as usize;
        proptest::prop_assert!(read_projects(&whole[..at], "cut.xlsx", None).is_err());
    }
}
