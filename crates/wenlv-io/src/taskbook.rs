//! The bureau's workbooks: the task book (任务书: one row per item of a plan) and the monthly
//! progress sheet, read from `.xlsx` the way offices make them, and the task book written back.
//!
//! Reading:
//! - **Which sheet, which row**: the first sheet with a header row, found among its first
//!   [`HEADER_SEARCH_ROWS`] rows as the first row naming at least the code and title columns (or,
//!   for progress, code, period and percent). Title rows and notes above it are skipped.
//! - **Headers** in Chinese or English ([`TASKBOOK_COLUMNS`], [`PROGRESS_COLUMNS`]); spaces, line
//!   breaks, a required-marker `*` and a bracketed remark (`完成时限（年月）`) are ignored; unknown
//!   columns (序号, 责任人 …) are ignored; a column named twice is a problem.
//! - **Merged cells**: a value typed once in a merged region applies to every row of the region
//!   (in the region's first column — the common "lead unit merged down over several rows").
//! - **Blank rows** (every cell empty) are skipped.
//! - **Dates**: Excel dates, Excel serial numbers, or text in any form
//!   [`wenlv_domain::bureau::parse_loose_date`] reads (a month or quarter as a due date is its last
//!   day, as a start its first).
//! - **Lists** (leaders, partner units) split on 、 , ， ; ； and line breaks. A lead-unit cell
//!   naming several units makes the first the lead unit and the others partner units.
//! - **Percentages** (progress): `40`, `"40%"`, or fractions formatted as a percentage (a
//!   column whose numbers all lie in 0–1 is read as fractions: 0.4 → 40%).
//!
//! Validation lists **every** problem — sheet, spreadsheet row number, item code, column, value,
//! reason — and returns nothing unless all is good; the tree is checked as a whole (duplicate
//! codes, unknown parents, cycles, due before start, more than two leaders).

use crate::import::Progress;
use calamine::{Data, Dimensions, ExcelDateTime, ExcelDateTimeType, Reader, Xlsx};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Cursor;
use wenlv_domain::bureau::{
    Indicator, Item, ItemCode, ItemStatus, LooseDate, Percent, Period, Plan, UnitName, check_tree,
    parse_loose_date, parse_percent_text, split_list,
};

/// How many rows from the top of a sheet are searched for the header row.
pub const HEADER_SEARCH_ROWS: usize = 30;
/// The most item or report rows one sheet may hold.
pub const MAX_ROWS: usize = 200_000;

/// A column of a bureau workbook: its key and the headers that name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub key: &'static str,
    /// Chinese first (the name the export writes), then English and other usual names.
    pub names: &'static [&'static str],
}

/// The task book's columns. `code` and `title` are required.
pub const TASKBOOK_COLUMNS: &[Column] = &[
    Column {
        key: "code",
        names: &["编号", "任务编号", "代码", "code", "item code"],
    },
    Column {
        key: "parent",
        names: &["上级编号", "父级编号", "上级", "parent code", "parent"],
    },
    Column {
        key: "level",
        names: &["层级", "级别", "level"],
    },
    Column {
        key: "title",
        names: &[
            "名称",
            "任务名称",
            "任务",
            "工作任务",
            "title",
            "name",
            "title zh",
        ],
    },
    Column {
        key: "title_en",
        names: &["英文名称", "title en", "english title"],
    },
    Column {
        key: "description",
        names: &["工作内容", "主要内容", "描述", "description"],
    },
    Column {
        key: "leaders",
        names: &[
            "牵头领导",
            "责任领导",
            "lead leaders",
            "leaders",
            "lead leader",
        ],
    },
    Column {
        key: "lead_unit",
        names: &["牵头单位", "责任单位", "lead unit"],
    },
    Column {
        key: "partner_units",
        names: &[
            "配合单位",
            "协同单位",
            "协办单位",
            "partner units",
            "partners",
        ],
    },
    Column {
        key: "start",
        names: &["开始时间", "开始日期", "起始时间", "start", "start date"],
    },
    Column {
        key: "due",
        names: &[
            "完成时限",
            "完成时间",
            "截止时间",
            "截止日期",
            "时限",
            "due",
            "due date",
            "deadline",
        ],
    },
    Column {
        key: "target",
        names: &[
            "目标",
            "指标目标",
            "目标任务",
            "预期目标",
            "indicator target",
            "target",
        ],
    },
    Column {
        key: "district",
        names: &["区县", "所在区县", "district"],
    },
    Column {
        key: "weight",
        names: &["权重", "weight"],
    },
    Column {
        key: "notes",
        names: &["备注", "notes", "note", "remarks"],
    },
];

/// The progress sheet's columns. `code`, `period` and `percent` are required.
pub const PROGRESS_COLUMNS: &[Column] = &[
    Column {
        key: "code",
        names: &["编号", "任务编号", "代码", "code", "item code"],
    },
    Column {
        key: "period",
        names: &["月份", "报告月份", "period", "month"],
    },
    Column {
        key: "percent",
        names: &["完成进度", "进度", "完成比例", "percent", "progress"],
    },
    Column {
        key: "narrative",
        names: &["进展情况", "工作进展", "narrative", "progress narrative"],
    },
    Column {
        key: "problems",
        names: &["存在问题", "问题", "problems"],
    },
    Column {
        key: "next_steps",
        names: &["下步计划", "下一步计划", "next steps"],
    },
];

/// One problem of a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetIssue {
    pub sheet: String,
    /// The row as the spreadsheet shows it (1 = the sheet's first row); none for the workbook.
    pub row: Option<usize>,
    pub code: Option<String>,
    /// The column's header as the file writes it, or `-`.
    pub column: String,
    pub value: String,
    pub reason: String,
}

impl fmt::Display for SheetIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.sheet.is_empty() {
            write!(f, "sheet '{}', ", self.sheet)?;
        }
        if let Some(r) = self.row {
            write!(f, "row {r}")?;
            if let Some(c) = &self.code {
                write!(f, " (code {c})")?;
            }
            write!(f, ", ")?;
        }
        write!(
            f,
            "column {}, value '{}': {}",
            self.column, self.value, self.reason
        )
    }
}

/// A workbook that cannot be taken, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct BookError {
    pub file: String,
    pub issues: Vec<SheetIssue>,
}

impl fmt::Display for BookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.issues.len();
        write!(
            f,
            "{}: {n} problem{}",
            self.file,
            if n == 1 { "" } else { "s" }
        )?;
        for i in &self.issues {
            write!(f, "\n{}: {i}", self.file)?;
        }
        Ok(())
    }
}

/// A task book read whole: its items in file order, and the level names its 层级 column gave.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskBook {
    pub sheet: String,
    pub items: Vec<Item>,
    /// Names of levels by depth (1 first), where the file gave them.
    pub levels: Vec<String>,
    /// The spreadsheet row of each item, by code.
    pub rows: BTreeMap<String, usize>,
}

/// A progress report row.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressRow {
    pub row: usize,
    pub code: ItemCode,
    pub period: Period,
    pub percent: Percent,
    pub narrative: String,
    pub problems: String,
    pub next_steps: String,
}

/// A progress sheet read whole.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressSheet {
    pub sheet: String,
    pub rows: Vec<ProgressRow>,
}

/// One sheet: its cells from A1 (merged values filled in), and its name.
pub(crate) struct Grid {
    pub(crate) name: String,
    pub(crate) cells: Vec<Vec<Data>>,
    /// Rows with nothing typed in them (a merged value reaching into a spacer row does not count).
    blank: Vec<bool>,
}

impl Grid {
    fn get(&self, row: usize, col: usize) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.cells
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }
}

pub(crate) fn book_issue(file: &str, reason: String) -> BookError {
    BookError {
        file: file.to_string(),
        issues: vec![SheetIssue {
            sheet: String::new(),
            row: None,
            code: None,
            column: "-".into(),
            value: String::new(),
            reason,
        }],
    }
}

pub(crate) fn read_grids(bytes: &[u8], file: &str) -> Result<Vec<Grid>, BookError> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        book_issue(
            file,
            format!(
                "not readable as an Excel .xlsx workbook (damaged, cut off, or another format \
                 such as an old .xls): {e}"
            ),
        )
    })?;
    let mut grids = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| {
            book_issue(
                file,
                format!("sheet '{name}' cannot be read (damaged or cut off): {e}"),
            )
        })?;
        let merged = book.merge_cells_by_sheet_name(&name).map_err(|e| {
            book_issue(
                file,
                format!("the merged cells of sheet '{name}' cannot be read: {e}"),
            )
        })?;
        let (r0, c0) = range
            .start()
            .map(|(r, c)| (r as usize, c as usize))
            .unwrap_or((0, 0));
        let mut cells: Vec<Vec<Data>> = vec![Vec::new(); r0];
        for row in range.rows() {
            let mut out = vec![Data::Empty; c0];
            out.extend(row.iter().cloned());
            cells.push(out);
        }
        let blank = cells
            .iter()
            .map(|r| r.iter().all(|c| text(c).is_empty()))
            .collect();
        fill_merged(&mut cells, &merged);
        grids.push(Grid { name, cells, blank });
    }
    Ok(grids)
}

/// A merged region's value (at its top-left cell) goes to every row of the region, in its
/// first column.
fn fill_merged(cells: &mut [Vec<Data>], merged: &[Dimensions]) {
    for m in merged {
        let (top, col) = (m.start.0 as usize, m.start.1 as usize);
        let bottom = m.end.0 as usize;
        let Some(value) = cells.get(top).and_then(|r| r.get(col)).cloned() else {
            continue;
        };
        for r in top + 1..=bottom.min(cells.len().saturating_sub(1)) {
            let row = &mut cells[r];
            if row.len() <= col {
                row.resize(col + 1, Data::Empty);
            }
            if row[col] == Data::Empty {
                row[col] = value.clone();
            }
        }
    }
}

/// A header cell as compared: lower case, without spaces, `_`, `*` or a bracketed remark.
fn header_key(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            '*' | '＊' | '_' => {}
            c if c.is_whitespace() => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn column_of(columns: &[Column], header: &str) -> Option<&'static str> {
    let key = header_key(header);
    columns
        .iter()
        .find(|c| c.names.iter().any(|n| header_key(n) == key))
        .map(|c| c.key)
}

/// Each column key found in a header row: where (column index) and the header as written.
type HeaderColumns = BTreeMap<&'static str, Vec<(usize, String)>>;

/// The header row of a grid: its index and the column of each key (with the header as written).
fn find_header(
    grid: &Grid,
    columns: &[Column],
    required: &[&str],
) -> Option<(usize, HeaderColumns)> {
    for r in 0..grid.cells.len().min(HEADER_SEARCH_ROWS) {
        let mut found: BTreeMap<&'static str, Vec<(usize, String)>> = BTreeMap::new();
        for (c, cell) in grid.cells[r].iter().enumerate() {
            if let Data::String(s) = cell
                && let Some(key) = column_of(columns, s)
            {
                found
                    .entry(key)
                    .or_default()
                    .push((c, s.trim().to_string()));
            }
        }
        if required.iter().all(|k| found.contains_key(k)) {
            return Some((r, found));
        }
    }
    None
}

/// A cell as text: trimmed strings, whole numbers without `.0`, dates as YYYY-MM-DD.
pub(crate) fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string().to_uppercase(),
        Data::DateTime(d) => excel_date(d)
            .map(|d| d.to_string())
            .unwrap_or_else(|| d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

pub(crate) fn excel_date(d: &ExcelDateTime) -> Option<Date> {
    if d.is_duration() {
        return None;
    }
    let (y, m, day, ..) = d.to_ymd_hms_milli();
    Date::new(i16::try_from(y).ok()?, m as i8, day as i8).ok()
}

/// A date cell: an Excel date, a serial number, or text.
pub(crate) fn date_cell(cell: &Data) -> Result<Option<LooseDate>, String> {
    match cell {
        Data::Empty => Ok(None),
        Data::DateTime(d) => excel_date(d)
            .map(|d| Some(LooseDate::Day(d)))
            .ok_or_else(|| format!("'{d}' is a duration, not a date")),
        Data::Float(_) | Data::Int(_) => {
            let v = match cell {
                Data::Float(f) => *f,
                Data::Int(n) => *n as f64,
                _ => unreachable!(),
            };
            // A four-digit whole number is a year (2024 → the year), else an Excel serial.
            if v.fract() == 0.0 && (1900.0..=9998.0).contains(&v) {
                return parse_loose_date(&format!("{v:.0}"))
                    .map(Some)
                    .map_err(|e| e.to_string());
            }
            if !(1.0..=2_958_465.0).contains(&v) {
                return Err(format!(
                    "'{v}' is not a date (as an Excel serial it is out of range)"
                ));
            }
            let d = ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false);
            excel_date(&d)
                .map(|d| Some(LooseDate::Day(d)))
                .ok_or_else(|| format!("'{v}' is not a date"))
        }
        Data::DateTimeIso(s) => parse_loose_date(s.get(..10).unwrap_or(s))
            .map(Some)
            .map_err(|e| e.to_string()),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::String(s) => parse_loose_date(s).map(Some).map_err(|e| e.to_string()),
        other => Err(format!("'{}' is not a date", text(other))),
    }
}

pub(crate) struct Rows<'g> {
    pub(crate) grid: &'g Grid,
    pub(crate) header_row: usize,
    pub(crate) cols: BTreeMap<&'static str, (usize, String)>,
}

impl Rows<'_> {
    pub(crate) fn cell(&self, row: usize, key: &str) -> &Data {
        match self.cols.get(key) {
            Some((c, _)) => self.grid.get(row, *c),
            None => &Data::Empty,
        }
    }
    pub(crate) fn text(&self, row: usize, key: &str) -> String {
        text(self.cell(row, key))
    }
    pub(crate) fn header(&self, key: &str) -> String {
        self.cols
            .get(key)
            .map(|c| c.1.clone())
            .unwrap_or_else(|| key.to_string())
    }
    pub(crate) fn blank(&self, row: usize) -> bool {
        self.grid.blank[row]
    }
}

/// Finds the sheet and header; problems for a missing header or a column named twice.
pub(crate) fn open_sheet<'g>(
    grids: &'g [Grid],
    file: &str,
    columns: &[Column],
    required: &[&str],
    what: &str,
) -> Result<Rows<'g>, BookError> {
    for grid in grids {
        if let Some((header_row, found)) = find_header(grid, columns, required) {
            let mut issues = Vec::new();
            let mut cols = BTreeMap::new();
            for (key, list) in found {
                if list.len() > 1 {
                    issues.push(SheetIssue {
                        sheet: grid.name.clone(),
                        row: Some(header_row + 1),
                        code: None,
                        column: list
                            .iter()
                            .map(|c| c.1.clone())
                            .collect::<Vec<_>>()
                            .join(" / "),
                        value: String::new(),
                        reason: format!(
                            "{} columns mean '{key}' (which one is meant?)",
                            list.len()
                        ),
                    });
                }
                cols.insert(key, list[0].clone());
            }
            if !issues.is_empty() {
                return Err(BookError {
                    file: file.into(),
                    issues,
                });
            }
            return Ok(Rows {
                grid,
                header_row,
                cols,
            });
        }
    }
    let wanted: Vec<String> = required
        .iter()
        .filter_map(|k| columns.iter().find(|c| c.key == *k))
        .map(|c| {
            format!(
                "{}/{}",
                c.names[0],
                c.names.iter().find(|n| n.is_ascii()).unwrap_or(&c.names[0])
            )
        })
        .collect();
    Err(book_issue(
        file,
        format!(
            "no {what} header row found: no sheet has a row (among its first {HEADER_SEARCH_ROWS}) \
             naming the columns {}",
            wanted.join(", ")
        ),
    ))
}

fn units(text: &str) -> Result<Vec<UnitName>, String> {
    split_list(text)
        .iter()
        .map(|u| UnitName::parse(u).map_err(|e| e.to_string()))
        .collect()
}

/// Reads a task book. `file` names the file in messages.
pub fn read_taskbook(
    bytes: &[u8],
    file: &str,
    progress: Progress<'_>,
) -> Result<TaskBook, BookError> {
    read_taskbook_over(bytes, file, progress, &BTreeSet::new())
}

/// Reads a task book that may add to or update a stored tree: a parent among `stored` codes is
/// known even when the file does not list it (the whole tree is checked again before writing).
pub fn read_taskbook_over(
    bytes: &[u8],
    file: &str,
    mut progress: Progress<'_>,
    stored: &BTreeSet<String>,
) -> Result<TaskBook, BookError> {
    let grids = read_grids(bytes, file)?;
    let sheet = open_sheet(
        &grids,
        file,
        TASKBOOK_COLUMNS,
        &["code", "title"],
        "task book",
    )?;
    let name = sheet.grid.name.clone();
    let total = sheet.grid.cells.len();
    let mut issues = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut rows: BTreeMap<String, usize> = BTreeMap::new();
    let mut dup_rows: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut level_names: BTreeMap<String, String> = BTreeMap::new();
    if total - sheet.header_row - 1 > MAX_ROWS {
        return Err(book_issue(
            file,
            format!(
                "sheet '{name}' has {} rows; at most {MAX_ROWS} are taken",
                total - sheet.header_row - 1
            ),
        ));
    }
    for r in sheet.header_row + 1..total {
        if let Some(p) = progress.as_mut() {
            p(r - sheet.header_row, total - sheet.header_row - 1);
        }
        if sheet.blank(r) {
            continue;
        }
        let row = r + 1;
        let code_text = sheet.text(r, "code");
        let mut push = |key: &str, value: String, reason: String| {
            issues.push(SheetIssue {
                sheet: name.clone(),
                row: Some(row),
                code: (!code_text.is_empty()).then(|| code_text.clone()),
                column: sheet.header(key),
                value: wenlv_domain::civil::clip(&value, 200).into_owned(),
                reason,
            })
        };
        let code = match ItemCode::parse(&code_text) {
            Ok(c) => c,
            Err(e) => {
                let reason = if code_text.is_empty() {
                    "empty code (every item row needs one)".to_string()
                } else {
                    e.to_string()
                };
                push("code", code_text.clone(), reason);
                continue;
            }
        };
        let title = sheet.text(r, "title");
        if title.is_empty() {
            push("title", title.clone(), "empty title".into());
        }
        let mut item = Item::new(code.clone(), &title);
        let parent = sheet.text(r, "parent");
        if !parent.is_empty() {
            match ItemCode::parse(&parent) {
                Ok(p) => item.parent = Some(p),
                Err(e) => push("parent", parent, e.to_string()),
            }
        }
        item.title_en = sheet.text(r, "title_en");
        item.description = sheet.text(r, "description");
        item.leaders = split_list(&sheet.text(r, "leaders"));
        let lead = sheet.text(r, "lead_unit");
        match units(&lead) {
            Ok(mut list) => {
                if !list.is_empty() {
                    item.lead_unit = Some(list.remove(0));
                    item.partner_units = list;
                }
            }
            Err(e) => push("lead_unit", lead, e),
        }
        let partners = sheet.text(r, "partner_units");
        match units(&partners) {
            Ok(list) => {
                for u in list {
                    if !item.partner_units.contains(&u) && item.lead_unit.as_ref() != Some(&u) {
                        item.partner_units.push(u);
                    }
                }
            }
            Err(e) => push("partner_units", partners, e),
        }
        match date_cell(sheet.cell(r, "start")) {
            Ok(d) => item.start = d.map(LooseDate::as_start),
            Err(e) => push("start", sheet.text(r, "start"), e),
        }
        match date_cell(sheet.cell(r, "due")) {
            Ok(d) => item.due = d.map(LooseDate::as_due),
            Err(e) => push("due", sheet.text(r, "due"), e),
        }
        let target = sheet.text(r, "target");
        if !target.is_empty() {
            item.indicators.push(Indicator {
                name: sheet.header("target"),
                unit: String::new(),
                baseline: None,
                target: target.parse::<f64>().ok().filter(|v| v.is_finite()),
                target_text: target,
                actuals: Vec::new(),
            });
        }
        item.district = sheet.text(r, "district");
        item.notes = sheet.text(r, "notes");
        let weight = sheet.text(r, "weight");
        if !weight.is_empty() {
            match weight.parse::<f64>() {
                Ok(w) if w.is_finite() && w >= 0.0 => item.weight = Some(w),
                _ => push("weight", weight, "not a weight (a number ≥ 0)".into()),
            }
        }
        let level = sheet.text(r, "level");
        if !level.is_empty() {
            level_names.insert(code.to_string(), level);
        }
        dup_rows.entry(code.to_string()).or_default().push(row);
        rows.entry(code.to_string()).or_insert(row);
        items.push(item);
    }
    for (code, at) in &dup_rows {
        if at.len() > 1 {
            for row in at {
                let others: Vec<String> = at
                    .iter()
                    .filter(|r| *r != row)
                    .map(|r| r.to_string())
                    .collect();
                issues.push(SheetIssue {
                    sheet: name.clone(),
                    row: Some(*row),
                    code: Some(code.clone()),
                    column: sheet.header("code"),
                    value: code.clone(),
                    reason: format!("duplicate code: also on row {}", others.join(", ")),
                });
            }
        }
    }
    if items.is_empty() && issues.is_empty() {
        issues.push(SheetIssue {
            sheet: name.clone(),
            row: Some(sheet.header_row + 1),
            code: None,
            column: "-".into(),
            value: String::new(),
            reason: "no item rows below the header".into(),
        });
    }
    for p in check_tree(&items) {
        if p.field == "code" {
            continue; // reported per row above
        }
        if p.reason.starts_with("unknown parent") && stored.contains(&p.value) {
            continue; // a stored item
        }
        let key = match p.field {
            "parent" if sheet.cols.contains_key("parent") => "parent",
            "parent" => "code",
            "leaders" => "leaders",
            f => f,
        };
        issues.push(SheetIssue {
            sheet: name.clone(),
            row: rows.get(p.code.as_str()).copied(),
            code: Some(p.code.to_string()),
            column: sheet.header(key),
            value: p.value,
            reason: p.reason,
        });
    }
    if !issues.is_empty() {
        issues.sort_by_key(|i| i.row);
        return Err(BookError {
            file: file.into(),
            issues,
        });
    }
    // Level names by depth in the tree, the first row naming each depth wins.
    let depth = wenlv_domain::bureau::levels(&items);
    let mut by_depth: BTreeMap<usize, String> = BTreeMap::new();
    for item in &items {
        if let Some(n) = level_names.get(item.code.as_str()) {
            by_depth
                .entry(depth[&item.code])
                .or_insert_with(|| n.clone());
        }
    }
    let levels = by_depth.into_values().collect();
    Ok(TaskBook {
        sheet: name,
        items,
        levels,
        rows,
    })
}

/// Reads a progress sheet (code, month, percent, narrative, problems, next steps).
pub fn read_progress(
    bytes: &[u8],
    file: &str,
    mut progress: Progress<'_>,
) -> Result<ProgressSheet, BookError> {
    let grids = read_grids(bytes, file)?;
    let sheet = open_sheet(
        &grids,
        file,
        PROGRESS_COLUMNS,
        &["code", "period", "percent"],
        "progress",
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
    // Fractions formatted as percentages: every number of the column lies in 0..=1.
    let numbers: Vec<f64> = (sheet.header_row + 1..total)
        .filter_map(|r| match sheet.cell(r, "percent") {
            Data::Float(f) => Some(*f),
            Data::Int(n) => Some(*n as f64),
            _ => None,
        })
        .collect();
    let fractions = !numbers.is_empty() && numbers.iter().all(|v| (0.0..=1.0).contains(v));
    let mut issues = Vec::new();
    let mut out = Vec::new();
    let mut seen: BTreeMap<(String, Period), usize> = BTreeMap::new();
    for r in sheet.header_row + 1..total {
        if let Some(p) = progress.as_mut() {
            p(r - sheet.header_row, total - sheet.header_row - 1);
        }
        if sheet.blank(r) {
            continue;
        }
        let row = r + 1;
        let code_text = sheet.text(r, "code");
        let mut push = |key: &str, value: String, reason: String| {
            issues.push(SheetIssue {
                sheet: name.clone(),
                row: Some(row),
                code: (!code_text.is_empty()).then(|| code_text.clone()),
                column: sheet.header(key),
                value: wenlv_domain::civil::clip(&value, 200).into_owned(),
                reason,
            })
        };
        let code = ItemCode::parse(&code_text).map_err(|e| {
            if code_text.is_empty() {
                "empty code".to_string()
            } else {
                e.to_string()
            }
        });
        if let Err(e) = &code {
            push("code", code_text.clone(), e.clone());
        }
        let period = match sheet.cell(r, "period") {
            Data::String(s) => {
                let s = s.trim();
                Period::parse(s).or_else(|_| {
                    parse_loose_date(s)
                        .ok()
                        .and_then(|d| match d {
                            LooseDate::Span { first, last }
                                if Period::of(first) == Period::of(last) =>
                            {
                                Some(Period::of(first))
                            }
                            _ => None,
                        })
                        .ok_or_else(|| {
                            format!("'{s}' is not a month (expected e.g. 2024-03 or 2024年3月)")
                        })
                })
            }
            Data::Empty => Err("empty month".to_string()),
            other => date_cell(other).and_then(|d| match d {
                Some(LooseDate::Day(d)) => Ok(Period::of(d)),
                _ => Err(format!(
                    "'{}' is not a month (expected e.g. 2024-03)",
                    text(other)
                )),
            }),
        };
        if let Err(e) = &period {
            push("period", sheet.text(r, "period"), e.clone());
        }
        let points = match sheet.cell(r, "percent") {
            Data::Float(f) => Ok(if fractions { f * 100.0 } else { *f }),
            Data::Int(n) => Ok(if fractions {
                *n as f64 * 100.0
            } else {
                *n as f64
            }),
            Data::String(s) => parse_percent_text(s).map_err(|e| e.to_string()),
            Data::Empty => Err("empty percent".to_string()),
            other => Err(format!("'{}' is not a percentage", text(other))),
        }
        .and_then(|p| Percent::from_points(p).map_err(|e| e.to_string()));
        if let Err(e) = &points {
            push("percent", sheet.text(r, "percent"), e.clone());
        }
        if let (Ok(code), Ok(period), Ok(percent)) = (code, period, points) {
            if let Some(first) = seen.insert((code.to_string(), period), row) {
                push(
                    "period",
                    period.to_string(),
                    format!("a second report for {code} in {period} (the first is on row {first})"),
                );
                continue;
            }
            out.push(ProgressRow {
                row,
                code,
                period,
                percent,
                narrative: sheet.text(r, "narrative"),
                problems: sheet.text(r, "problems"),
                next_steps: sheet.text(r, "next_steps"),
            });
        }
    }
    if !issues.is_empty() {
        return Err(BookError {
            file: file.into(),
            issues,
        });
    }
    Ok(ProgressSheet {
        sheet: name,
        rows: out,
    })
}

/// Writes a plan's tree (with each item's status, when given) as a task book that
/// [`read_taskbook`] reads back to the same items: a title row, the header, one row per item.
pub fn write_taskbook(
    plan: &Plan,
    items: &[Item],
    statuses: Option<&[ItemStatus]>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("任务书")?;
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(0, 0, format!("{}（{}）", plan.title, plan.slug), &bold)?;
    let mut header: Vec<&str> = vec![
        "编号",
        "上级编号",
        "层级",
        "名称",
        "英文名称",
        "工作内容",
        "牵头领导",
        "牵头单位",
        "配合单位",
        "开始时间",
        "完成时限",
        "目标",
        "区县",
        "权重",
        "备注",
    ];
    if statuses.is_some() {
        header.extend(["状态 status", "状态说明 reason", "进度 progress"]);
    }
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    let depth = wenlv_domain::bureau::levels(items);
    for (i, item) in items.iter().enumerate() {
        let r = 3 + i as u32;
        let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        let target = item
            .indicators
            .first()
            .map(|i| i.target_text.clone())
            .unwrap_or_default();
        let cells = [
            item.code.to_string(),
            item.parent
                .as_ref()
                .map(|p| p.to_string())
                .unwrap_or_default(),
            plan.level_name(depth[&item.code]),
            item.title_zh.clone(),
            item.title_en.clone(),
            item.description.clone(),
            item.leaders.join("、"),
            item.lead_unit
                .as_ref()
                .map(|u| u.to_string())
                .unwrap_or_default(),
            item.partner_units
                .iter()
                .map(|u| u.as_str())
                .collect::<Vec<_>>()
                .join("、"),
            date(item.start),
            date(item.due),
            target,
            item.district.clone(),
            item.weight.map(|w| w.to_string()).unwrap_or_default(),
            item.notes.clone(),
        ];
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r, c as u16, v)?;
            }
        }
        if let Some(st) = statuses.and_then(|s| s.iter().find(|s| s.code == item.code)) {
            let c = cells.len() as u16;
            sheet.write_string(r, c, st.status.as_str())?;
            sheet.write_string(r, c + 1, &st.reason)?;
            if let Some(p) = st.progress {
                sheet.write_number(r, c + 2, f64::from(p.get()))?;
            }
        }
    }
    book.save_to_buffer()
}
