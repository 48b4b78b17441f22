//! Readers: CSV, Excel and JSON files as a [`Table`] of cells. They only split the file into
//! rows and cells; what the cells mean is checked in one place, the importer.

use crate::columns::restore_formula_text;
use crate::import::{Cell, ImportIssue, Locator, Table};
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// CSV in UTF-8 with a header row; a byte-order mark (as Excel writes) is skipped.
///
/// Every data row must have as many fields as the header: a row with more or fewer is reported
/// (expected and found counts) and not read further, since its cells cannot be matched to
/// columns. A file that ends inside a quoted field (cut off, or a quote never closed) is
/// reported at the row where that field is.
pub(crate) fn csv_table(bytes: &[u8]) -> Result<Table, String> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut table = Table {
        has_header_row: true,
        ..Table::default()
    };
    // The header's own field count, trailing empty names included (spreadsheets write
    // `a,b,c,,` and then every row with as many fields).
    let mut width = 0;
    // The last record: where it is, where it starts, how many fields, its id.
    let mut last: Option<(Locator, usize, usize, Option<String>)> = None;
    for (i, record) in reader.byte_records().enumerate() {
        let at = Locator::Row(i + 1);
        let record = record.map_err(|e| format!("{at}: not readable as CSV: {e}"))?;
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let cells: Vec<Cell> = record.iter().map(csv_cell).collect();
        last = Some((at, start, record.len(), row_id(&table.header, &cells)));
        if i == 0 {
            width = cells.len();
            table.header = header_names(&cells);
            table.column_at = vec![Locator::Row(1); table.header.len()];
            continue;
        }
        if cells.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        if cells.len() != width {
            table
                .issues
                .push(ragged_row(&table.header, width, at, &cells));
            continue;
        }
        push_row(&mut table, at, cells);
    }
    if table.header.is_empty() {
        return Err("the file is empty (expected a header row)".to_string());
    }
    if let Some((at, start, found, id)) = last
        && ends_inside_quotes(&bytes[start.min(bytes.len())..])
    {
        // The cut-off row was read as far as it goes; its partial cells must not be imported.
        // The open field is the last one read.
        let column = table
            .header
            .get(found.saturating_sub(1))
            .filter(|name| !name.is_empty())
            .cloned()
            .unwrap_or_else(|| format!("#{found}"));
        table.rows.retain(|(row, _)| *row != at);
        table.issues.retain(|issue| issue.at != at);
        table.issues.push(ImportIssue {
            at,
            id,
            column,
            value: String::new(),
            reason: format!(
                "the file ends inside a quoted field that starts in this row (the file is cut \
                 off, or a quote is not closed); expected {width} fields, found {found}"
            ),
        });
    }
    Ok(table)
}

fn csv_cell(field: &[u8]) -> Cell {
    match std::str::from_utf8(field) {
        Ok("") => Cell::Empty,
        Ok(text) => Cell::Text(restore_formula_text(text).to_string()),
        Err(e) => Cell::Unsupported {
            value: truncate(&String::from_utf8_lossy(field)),
            reason: format!(
                "text is not UTF-8 (byte {} of the cell; save the file as CSV UTF-8)",
                e.valid_up_to() + 1
            ),
        },
    }
}

/// A row's id as written, from the column the header names `id` (in a ragged row, the cell
/// in that place, even if the row is shifted).
fn row_id(header: &[String], cells: &[Cell]) -> Option<String> {
    match header
        .iter()
        .position(|h| h == "id")
        .and_then(|i| cells.get(i))
    {
        Some(Cell::Text(id)) if !id.trim().is_empty() => Some(truncate(id.trim())),
        _ => None,
    }
}

/// The problem with a row whose field count differs from the header's.
fn ragged_row(header: &[String], width: usize, at: Locator, cells: &[Cell]) -> ImportIssue {
    let found = cells.len();
    let (column, value) = if found < width {
        let first_missing = header
            .get(found)
            .filter(|name| !name.is_empty())
            .cloned()
            .unwrap_or_else(|| format!("#{}", found + 1));
        (first_missing, String::new())
    } else {
        // The first value beyond the header, if any, helps find the stray separator.
        let extra = cells[width..]
            .iter()
            .enumerate()
            .find_map(|(k, c)| match c {
                Cell::Text(v) | Cell::Unsupported { value: v, .. } => Some((k, truncate(v))),
                Cell::Empty | Cell::Absent => None,
            });
        match extra {
            Some((k, v)) => (format!("#{}", width + k + 1), v),
            None => (format!("#{}", width + 1), String::new()),
        }
    };
    ImportIssue {
        at,
        id: row_id(header, cells),
        column,
        value,
        reason: format!(
            "expected {width} fields (as in the header), found {found}: a stray or missing \
             separator, an unquoted line break, or a cut-off file; the row was not read"
        ),
    }
}

/// Whether CSV text that starts at a record boundary ends inside a quoted field (the RFC 4180
/// reading the `csv` crate uses: a quote opens a quoted field only at the start of a field,
/// `""` inside is one quote).
fn ends_inside_quotes(bytes: &[u8]) -> bool {
    #[derive(Clone, Copy)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    for &b in bytes {
        state = match (state, b) {
            (State::FieldStart, b'"') => State::Quoted,
            (State::FieldStart | State::Unquoted | State::QuoteInQuoted, b',' | b'\n' | b'\r') => {
                State::FieldStart
            }
            (State::FieldStart | State::Unquoted, _) => State::Unquoted,
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::QuoteInQuoted, _) => State::Unquoted,
        };
    }
    matches!(state, State::Quoted)
}

/// The first sheet of an .xlsx workbook; its first non-empty row is the header.
pub(crate) fn xlsx_table(bytes: &[u8]) -> Result<Table, String> {
    // A damaged workbook must be an error, never a crash: should the reader panic on some
    // malformed part, that is caught here and reported like any other unreadable file.
    let (range, formulas) =
        std::panic::catch_unwind(|| first_sheet(bytes)).unwrap_or_else(|_| {
            Err("not readable as an Excel .xlsx workbook: the workbook is damaged".to_string())
        })?;
    // Row numbers as Excel shows them, even when the sheet starts below row 1.
    let (first_row, first_col) = range
        .start()
        .map_or((0, 0), |(row, col)| (row as usize, col as usize));
    let mut table = Table {
        has_header_row: true,
        ..Table::default()
    };
    for (i, row) in range.rows().enumerate() {
        let at = Locator::Row(first_row + i + 1);
        let cells: Vec<Cell> = row
            .iter()
            .enumerate()
            .map(|(j, data)| {
                let formula = formulas
                    .as_ref()
                    .and_then(|f| f.get_value(((first_row + i) as u32, (first_col + j) as u32)))
                    .filter(|f| !f.is_empty());
                match (xlsx_cell(data), formula) {
                    // A formula the workbook holds no result for (written by a program that does
                    // not compute formulas) would read as empty and clear the field.
                    (Cell::Empty, Some(formula)) => Cell::Unsupported {
                        value: truncate(&format!("={formula}")),
                        reason: "a formula without a computed value (open and save the workbook \
                                 in a spreadsheet application, or paste the values)"
                            .to_string(),
                    },
                    (cell, _) => cell,
                }
            })
            .collect();
        if i == 0 {
            table.header = header_names(&cells);
            table.column_at = vec![at; table.header.len()];
            continue;
        }
        push_row(&mut table, at, cells);
    }
    if table.header.is_empty() {
        return Err("the first sheet is empty (expected a header row)".to_string());
    }
    Ok(table)
}

/// The first sheet's values and, when they can be read, its formulas (absolute positions).
type Sheet = (calamine::Range<Data>, Option<calamine::Range<String>>);

fn first_sheet(bytes: &[u8]) -> Result<Sheet, String> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        format!(
            "not readable as an Excel .xlsx workbook (damaged, cut off, or another format such \
             as an old .xls): {e}"
        )
    })?;
    let values = book
        .worksheet_range_at(0)
        .ok_or("the workbook has no sheet")?
        .map_err(|e| {
            format!("the first sheet cannot be read (the workbook is damaged or cut off): {e}")
        })?;
    let formulas = book
        .sheet_names()
        .first()
        .cloned()
        .and_then(|name| book.worksheet_formula(&name).ok());
    Ok((values, formulas))
}

fn xlsx_cell(data: &Data) -> Cell {
    let unsupported = |value: String, what: &str| Cell::Unsupported {
        value,
        reason: format!("{what} is not a value a place field takes"),
    };
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(n) => Cell::Text(n.to_string()),
        // Whole numbers print without ".0" so they read as counts and levels; other floats use
        // the shortest form that reads back to the same value.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Cell::Text(format!("{f:.0}")),
        Data::Float(f) => Cell::Text(f.to_string()),
        Data::Bool(b) => unsupported(b.to_string(), "a TRUE/FALSE value"),
        Data::DateTime(d) => unsupported(d.to_string(), "a date or time"),
        Data::DateTimeIso(d) | Data::DurationIso(d) => unsupported(d.clone(), "a date or time"),
        Data::Error(e) => unsupported(e.to_string(), "an Excel error value"),
    }
}

/// A JSON array of objects keyed by the column names. Numbers and strings are both accepted; a
/// list of strings (e.g. themes) is read like a `;`-separated cell.
pub(crate) fn json_table(bytes: &[u8]) -> Result<Table, String> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let (line, column) = line_and_column(&bytes[..e.valid_up_to()]);
        return Err(format!(
            "not UTF-8 text at line {line} column {column} (byte {}): save the file as UTF-8",
            e.valid_up_to() + 1
        ));
    }
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Eof => "the JSON ends too early (is the file cut off?)",
            _ => "not valid JSON",
        };
        format!("{what}: {e}")
    })?;
    let serde_json::Value::Array(items) = value else {
        return Err("expected a JSON array of place objects".to_string());
    };
    let mut table = Table::default();
    // A key given twice in one object would silently keep only its last value.
    if let Ok(twice) = serde_json::from_slice::<Vec<DuplicateKeys>>(bytes) {
        for (i, DuplicateKeys(keys)) in twice.into_iter().enumerate() {
            for key in keys {
                table.issues.push(ImportIssue {
                    at: Locator::Item(i + 1),
                    id: None,
                    column: truncate(&key),
                    value: String::new(),
                    reason: "key given twice in this object (which value is meant?)".to_string(),
                });
            }
        }
    }
    let mut objects = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let at = Locator::Item(i + 1);
        match item {
            serde_json::Value::Object(map) => {
                for key in map.keys() {
                    if !table.header.contains(key) {
                        table.header.push(key.clone());
                        table.column_at.push(at);
                    }
                }
                objects.push((at, map));
            }
            other => table.issues.push(ImportIssue {
                at,
                id: None,
                column: "-".to_string(),
                value: truncate(&other.to_string()),
                reason: "expected an object with the place's fields".to_string(),
            }),
        }
    }
    for (at, map) in objects {
        let cells = table
            .header
            .iter()
            .map(|key| map.get(key).map_or(Cell::Absent, json_cell))
            .collect();
        push_row(&mut table, at, cells);
    }
    Ok(table)
}

/// The keys an array item gives more than once (none for an item that is not an object).
struct DuplicateKeys(Vec<String>);

impl<'de> serde::Deserialize<'de> for DuplicateKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = DuplicateKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DuplicateKeys, A::Error> {
                let mut seen = std::collections::HashSet::new();
                let mut twice = Vec::new();
                while let Some((key, IgnoredAny)) = map.next_entry::<String, IgnoredAny>()? {
                    if !seen.insert(key.clone()) && !twice.contains(&key) {
                        twice.push(key);
                    }
                }
                Ok(DuplicateKeys(twice))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<DuplicateKeys, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(DuplicateKeys(Vec::new()))
            }
            fn visit_bool<E>(self, _: bool) -> Result<DuplicateKeys, E> {
                Ok(DuplicateKeys(Vec::new()))
            }
            fn visit_i64<E>(self, _: i64) -> Result<DuplicateKeys, E> {
                Ok(DuplicateKeys(Vec::new()))
            }
            fn visit_u64<E>(self, _: u64) -> Result<DuplicateKeys, E> {
                Ok(DuplicateKeys(Vec::new()))
            }
            fn visit_f64<E>(self, _: f64) -> Result<DuplicateKeys, E> {
                Ok(DuplicateKeys(Vec::new()))
            }
            fn visit_str<E>(self, _: &str) -> Result<DuplicateKeys, E> {
                Ok(DuplicateKeys(Vec::new()))
            }
            fn visit_unit<E>(self) -> Result<DuplicateKeys, E> {
                Ok(DuplicateKeys(Vec::new()))
            }
        }
        d.deserialize_any(Keys)
    }
}

fn json_cell(value: &serde_json::Value) -> Cell {
    use serde_json::Value;
    match value {
        Value::Null => Cell::Empty,
        Value::String(s) if s.is_empty() => Cell::Empty,
        Value::String(s) => Cell::Text(s.clone()),
        // 4.0 reads as 4, like a whole number in a spreadsheet cell.
        Value::Number(n) => match n.as_f64() {
            Some(f) if !n.is_i64() && !n.is_u64() && f.fract() == 0.0 && f.abs() < 1e15 => {
                Cell::Text(format!("{f:.0}"))
            }
            _ => Cell::Text(n.to_string()),
        },
        Value::Array(list) if list.iter().all(Value::is_string) => {
            let parts: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
            if parts.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(parts.join(";"))
            }
        }
        other => Cell::Unsupported {
            value: truncate(&other.to_string()),
            reason: "expected text, a number or a list of text".to_string(),
        },
    }
}

/// The 1-based line and column (in characters) just after `before`.
fn line_and_column(before: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(before);
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// A value shortened for a message (a huge cell is shown by its first 60 characters).
pub(crate) fn truncate(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}

fn header_names(cells: &[Cell]) -> Vec<String> {
    let mut names: Vec<String> = cells
        .iter()
        .map(|c| match c {
            // Column names are matched case-insensitively ("Lat" is lat).
            Cell::Text(s) => s.trim().to_ascii_lowercase(),
            Cell::Unsupported { value, .. } => value.trim().to_ascii_lowercase(),
            Cell::Empty | Cell::Absent => String::new(),
        })
        .collect();
    // Spreadsheets often carry empty cells after the last header.
    while names.last().is_some_and(String::is_empty) {
        names.pop();
    }
    names
}

/// Adds a data row, skipping rows with no value at all and flagging cells beyond the header.
fn push_row(table: &mut Table, at: Locator, mut cells: Vec<Cell>) {
    if cells
        .iter()
        .all(|c| matches!(c, Cell::Empty | Cell::Absent))
    {
        return;
    }
    let width = table.header.len();
    if cells.len() > width {
        for (extra, cell) in cells[width..].iter().enumerate() {
            if let Cell::Text(value) | Cell::Unsupported { value, .. } = cell {
                table.issues.push(ImportIssue {
                    at,
                    id: None,
                    column: format!("#{}", width + extra + 1),
                    value: truncate(value),
                    reason: format!(
                        "a value beyond the last column (the header has {width} columns)"
                    ),
                });
            }
        }
        cells.truncate(width);
    }
    table.rows.push((at, cells));
}
