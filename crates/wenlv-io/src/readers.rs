//! Readers: CSV, Excel and JSON files as a [`Table`] of cells. They only split the file into
//! rows and cells; what the cells mean is checked in one place, the importer.

use crate::import::{Cell, ImportIssue, Locator, Table};
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// CSV in UTF-8 with a header row; a byte-order mark (as Excel writes) is skipped.
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
    for (i, record) in reader.byte_records().enumerate() {
        let at = Locator::Row(i + 1);
        let record = record.map_err(|e| format!("{at}: not readable as CSV: {e}"))?;
        let cells: Vec<Cell> = record
            .iter()
            .map(|field| match std::str::from_utf8(field) {
                Ok("") => Cell::Empty,
                Ok(text) => Cell::Text(text.to_string()),
                Err(_) => Cell::Unsupported {
                    value: String::from_utf8_lossy(field).into_owned(),
                    reason: "text is not UTF-8 (save the file as CSV UTF-8)".to_string(),
                },
            })
            .collect();
        if i == 0 {
            table.header = header_names(&cells);
            table.column_at = vec![Locator::Row(1); table.header.len()];
            continue;
        }
        push_row(&mut table, at, cells);
    }
    if table.header.is_empty() {
        return Err("the file is empty (expected a header row)".to_string());
    }
    Ok(table)
}

/// The first sheet of an .xlsx workbook; its first non-empty row is the header.
pub(crate) fn xlsx_table(bytes: &[u8]) -> Result<Table, String> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("not readable as an Excel .xlsx workbook: {e}"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("the workbook has no sheet")?
        .map_err(|e| format!("the first sheet cannot be read: {e}"))?;
    // Row numbers as Excel shows them, even when the sheet starts below row 1.
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let mut table = Table {
        has_header_row: true,
        ..Table::default()
    };
    for (i, row) in range.rows().enumerate() {
        let at = Locator::Row(first_row + i + 1);
        let cells: Vec<Cell> = row.iter().map(xlsx_cell).collect();
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
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))?;
    let serde_json::Value::Array(items) = value else {
        return Err("expected a JSON array of place objects".to_string());
    };
    let mut table = Table::default();
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
            .map(|key| map.get(key).map_or(Cell::Empty, json_cell))
            .collect();
        push_row(&mut table, at, cells);
    }
    Ok(table)
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

fn truncate(s: &str) -> String {
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
            Cell::Empty => String::new(),
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
    if cells.iter().all(|c| *c == Cell::Empty) {
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
