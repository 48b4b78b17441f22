//! The key-project library's workbook (重点项目库): read from `.xlsx` the way offices make it,
//! with the task book's sheet handling (title rows above the header, Chinese or English
//! headers, merged cells filled down, spacer rows skipped; see [`crate::taskbook`]).
//!
//! One row per project, or one row per **funding line** with the project's code repeated (or
//! merged down) on the rows of its lines: the first row of a code gives the project, every row
//! with a funding type or amount adds a line. A later row of the same code that gives another
//! name, stage, district or total is a problem (which one is meant?).
//!
//! Amounts are 万元 ([`Wan::parse`]: decimals, thousands separators, full-width digits, 亿);
//! negative or unreadable amounts are refused. A stage is read in Chinese or English
//! ([`Stage::parse`]); a project with no stage given is put in reserve (储备), the library's
//! entry stage, and the import says how many were.
//!
//! Validation lists **every** problem — sheet, row, code, column, value, reason — and returns
//! nothing unless all is good.

use crate::import::Progress;
use crate::taskbook::{
    BookError, Column, MAX_ROWS, SheetIssue, book_issue, date_cell, open_sheet, read_grids,
};
use calamine::Data;
use std::collections::BTreeMap;
use wenlv_domain::bureau::projects::{FundingLine, FundingStatus, FundingType, Stage, Wan};

/// The project book's columns. `code` and `name` are required.
pub const PROJECT_COLUMNS: &[Column] = &[
    Column {
        key: "code",
        names: &["项目编号", "编号", "项目代码", "code", "project code"],
    },
    Column {
        key: "name",
        names: &["项目名称", "名称", "name", "project name", "project"],
    },
    Column {
        key: "category",
        names: &["项目类别", "类别", "项目类型", "category", "type"],
    },
    Column {
        key: "district",
        names: &["区县", "所在区县", "所属区县", "district", "county"],
    },
    Column {
        key: "stage",
        names: &["阶段", "项目阶段", "所处阶段", "stage"],
    },
    Column {
        key: "stage_reason",
        names: &[
            "阶段变更原因",
            "变更原因",
            "stage reason",
            "stage change reason",
        ],
    },
    Column {
        key: "owner",
        names: &["业主单位", "投资主体", "建设单位", "owner", "investor"],
    },
    Column {
        key: "lead_unit",
        names: &["牵头单位", "责任单位", "lead unit"],
    },
    Column {
        key: "total_investment",
        names: &[
            "总投资",
            "计划总投资",
            "total investment 10k cny",
            "total_investment_10k_cny",
            "total investment",
        ],
    },
    Column {
        key: "planned_completion",
        names: &[
            "计划完工时间",
            "计划完成时间",
            "完工时间",
            "planned completion",
        ],
    },
    Column {
        key: "funding_type",
        names: &[
            "资金来源",
            "资金类型",
            "funding type",
            "funding",
            "funding source",
        ],
    },
    Column {
        key: "funding_amount",
        names: &[
            "资金金额",
            "金额",
            "funding 10k cny",
            "funding_10k_cny",
            "funding amount",
        ],
    },
    Column {
        key: "funding_year",
        names: &["资金年度", "年度", "funding year", "year"],
    },
    Column {
        key: "funding_status",
        names: &["资金状态", "拨付状态", "funding status"],
    },
];

/// A project as the workbook gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRow {
    /// The spreadsheet row of its first line.
    pub row: usize,
    pub code: String,
    pub name: String,
    pub category: Option<String>,
    pub district: Option<String>,
    /// `None` when the book gives none (the import puts it in reserve).
    pub stage: Option<Stage>,
    pub stage_reason: Option<String>,
    pub owner: Option<String>,
    pub lead_unit: Option<String>,
    pub total_investment: Option<Wan>,
    pub planned_completion: Option<jiff::civil::Date>,
    pub funding: Vec<FundingLine>,
}

/// A project book read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectBook {
    pub sheet: String,
    pub projects: Vec<ProjectRow>,
}

/// A cell as an amount: numbers are taken at their shortest exact decimal form.
fn amount(cell: &Data) -> Result<Option<Wan>, String> {
    let text = match cell {
        Data::Empty => return Ok(None),
        Data::Float(f) => {
            if !f.is_finite() {
                return Err(format!("'{f}' is not an amount"));
            }
            format!("{f}")
        }
        Data::Int(n) => n.to_string(),
        Data::String(s) if s.trim().is_empty() => return Ok(None),
        other => crate::taskbook::text(other),
    };
    Wan::parse(&text).map(Some).map_err(|e| e.to_string())
}

fn optional(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// Reads a project book. `file` names the file in messages.
pub fn read_projects(
    bytes: &[u8],
    file: &str,
    mut progress: Progress<'_>,
) -> Result<ProjectBook, BookError> {
    let grids = read_grids(bytes, file)?;
    let sheet = open_sheet(
        &grids,
        file,
        PROJECT_COLUMNS,
        &["code", "name"],
        "project book",
    )?;
    let name = sheet.grid.name.clone();
    let total = sheet.grid.cells.len();
    if total - sheet.header_row - 1 > MAX_ROWS {
        return Err(book_issue(
            file,
            format!(
                "sheet '{name}' has {} rows; at most {MAX_ROWS} are taken",
                total - sheet.header_row - 1
            ),
        ));
    }
    let mut issues = Vec::new();
    let mut projects: Vec<ProjectRow> = Vec::new();
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    for r in sheet.header_row + 1..total {
        if let Some(p) = progress.as_mut() {
            p(r - sheet.header_row, total - sheet.header_row - 1);
        }
        if sheet.blank(r) {
            continue;
        }
        let row = r + 1;
        let code = sheet.text(r, "code");
        let mut push = |key: &str, value: String, reason: String| {
            issues.push(SheetIssue {
                sheet: name.clone(),
                row: Some(row),
                code: (!code.is_empty()).then(|| code.clone()),
                column: sheet.header(key),
                value: wenlv_domain::civil::clip(&value, 200).into_owned(),
                reason,
            })
        };
        if code.is_empty() {
            push(
                "code",
                code.clone(),
                "empty code (every project row needs one)".into(),
            );
            continue;
        }
        if code.chars().count() > 64 {
            push("code", code.clone(), "longer than 64 characters".into());
            continue;
        }
        let project_name = sheet.text(r, "name");
        let stage_text = sheet.text(r, "stage");
        let stage = if stage_text.is_empty() {
            None
        } else {
            match Stage::parse(&stage_text) {
                Some(s) => Some(s),
                None => {
                    push(
                        "stage",
                        stage_text.clone(),
                        format!("unknown stage (expected one of {})", Stage::expected()),
                    );
                    None
                }
            }
        };
        let total_investment = match amount(sheet.cell(r, "total_investment")) {
            Ok(a) => a,
            Err(e) => {
                push("total_investment", sheet.text(r, "total_investment"), e);
                None
            }
        };
        let planned_completion = match date_cell(sheet.cell(r, "planned_completion")) {
            Ok(d) => d.map(|d| d.as_due()),
            Err(e) => {
                push("planned_completion", sheet.text(r, "planned_completion"), e);
                None
            }
        };
        // The funding line of this row, if it names one.
        let kind_text = sheet.text(r, "funding_type");
        let line_amount = match amount(sheet.cell(r, "funding_amount")) {
            Ok(a) => a,
            Err(e) => {
                push("funding_amount", sheet.text(r, "funding_amount"), e);
                None
            }
        };
        let year_text = sheet.text(r, "funding_year");
        let year = if year_text.is_empty() {
            None
        } else {
            match year_text.parse::<i16>() {
                Ok(y) if (1900..=9998).contains(&y) => Some(y),
                _ => {
                    push(
                        "funding_year",
                        year_text.clone(),
                        "not a year from 1900 to 9998".into(),
                    );
                    None
                }
            }
        };
        let status_text = sheet.text(r, "funding_status");
        let status = if status_text.is_empty() {
            None
        } else {
            let s = FundingStatus::parse(&status_text);
            if s.is_none() {
                push(
                    "funding_status",
                    status_text.clone(),
                    format!(
                        "unknown funding status (expected one of {})",
                        FundingStatus::expected()
                    ),
                );
            }
            s
        };
        let line = if kind_text.is_empty() {
            if line_amount.is_some() {
                push(
                    "funding_type",
                    kind_text.clone(),
                    "a funding amount needs its funding type".into(),
                );
            }
            None
        } else {
            match FundingType::parse(&kind_text) {
                Some(kind) => Some(FundingLine {
                    kind,
                    amount: line_amount,
                    year,
                    status,
                }),
                None => {
                    push(
                        "funding_type",
                        kind_text.clone(),
                        format!(
                            "unknown funding type (expected one of {})",
                            FundingType::expected()
                        ),
                    );
                    None
                }
            }
        };
        let fields = ProjectRow {
            row,
            code: code.clone(),
            name: project_name.clone(),
            category: optional(sheet.text(r, "category")),
            district: optional(sheet.text(r, "district")),
            stage,
            stage_reason: optional(sheet.text(r, "stage_reason")),
            owner: optional(sheet.text(r, "owner")),
            lead_unit: optional(sheet.text(r, "lead_unit")),
            total_investment,
            planned_completion,
            funding: line.into_iter().collect(),
        };
        match by_code.get(&code) {
            None => {
                if project_name.is_empty() {
                    push("name", String::new(), "empty project name".into());
                }
                if project_name.chars().count() > 200 {
                    push(
                        "name",
                        project_name.clone(),
                        "longer than 200 characters".into(),
                    );
                }
                by_code.insert(code.clone(), projects.len());
                projects.push(fields);
            }
            Some(&i) => {
                // Another line of a project: its project fields must agree or be left empty.
                let first = &mut projects[i];
                let first_row = first.row;
                let mut clash = |key: &str, value: String| {
                    push(
                        key,
                        value,
                        format!(
                            "differs from row {first_row} of the same project code (which one is meant?)"
                        ),
                    )
                };
                if !project_name.is_empty() && project_name != first.name {
                    clash("name", project_name.clone());
                }
                if fields.stage.is_some() && fields.stage != first.stage {
                    clash("stage", stage_text.clone());
                }
                if fields.district.is_some() && fields.district != first.district {
                    clash("district", sheet.text(r, "district"));
                }
                if fields.total_investment.is_some()
                    && fields.total_investment != first.total_investment
                {
                    clash("total_investment", sheet.text(r, "total_investment"));
                }
                first.funding.extend(fields.funding);
            }
        }
    }
    if issues.is_empty() && projects.is_empty() {
        issues.push(SheetIssue {
            sheet: name.clone(),
            row: None,
            code: None,
            column: "-".into(),
            value: String::new(),
            reason: "no project rows below the header".into(),
        });
    }
    if issues.is_empty() {
        Ok(ProjectBook {
            sheet: name,
            projects,
        })
    } else {
        Err(BookError {
            file: file.to_string(),
            issues,
        })
    }
}

/// Writes the library back as a project book the reader takes (one row per funding line).
pub fn write_projects(projects: &[ProjectRow]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("项目库")?;
    let headers = [
        "项目编号",
        "项目名称",
        "项目类别",
        "区县",
        "阶段",
        "业主单位",
        "牵头单位",
        "总投资（万元）",
        "计划完工时间",
        "资金来源",
        "资金金额（万元）",
        "资金年度",
        "资金状态",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    let mut row = 1u32;
    for p in projects {
        let lines: Vec<Option<&FundingLine>> = if p.funding.is_empty() {
            vec![None]
        } else {
            p.funding.iter().map(Some).collect()
        };
        for line in lines {
            let opt = |s: &Option<String>| s.clone().unwrap_or_default();
            let cells = [
                p.code.clone(),
                p.name.clone(),
                opt(&p.category),
                opt(&p.district),
                p.stage.map(|s| s.zh().to_string()).unwrap_or_default(),
                opt(&p.owner),
                opt(&p.lead_unit),
                p.total_investment
                    .map(|w| w.to_string())
                    .unwrap_or_default(),
                p.planned_completion
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                line.map(|l| l.kind.zh().to_string()).unwrap_or_default(),
                line.and_then(|l| l.amount)
                    .map(|w| w.to_string())
                    .unwrap_or_default(),
                line.and_then(|l| l.year)
                    .map(|y| y.to_string())
                    .unwrap_or_default(),
                line.and_then(|l| l.status)
                    .map(|s| s.zh().to_string())
                    .unwrap_or_default(),
            ];
            for (c, v) in cells.iter().enumerate() {
                // Amounts are written as text: exact, never a binary floating-point number.
                sheet.write_string(row, c as u16, v)?;
            }
            row += 1;
        }
    }
    book.save_to_buffer()
}
