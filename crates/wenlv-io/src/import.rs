//! Place import: a file becomes a table of cells, then every row is checked before any place is
//! returned. The result is all places or every problem, never a part.

use crate::columns::{COLUMNS, THEME_SEPARATOR};
use crate::readers;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use wenlv_domain::{
    ALevel, Category, Datum, FieldInput, FieldKind, Money, OpeningHoursSpec, PLACE_FIELDS, Place,
    PlaceField, PlaceId, Position, PositionError, Theme,
};

/// The file formats an import reads, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Csv,
    Xlsx,
    Json,
}

impl ImportFormat {
    /// `.csv`, `.xlsx` or `.json` (case-insensitive).
    pub fn from_path(path: &Path) -> Option<ImportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(ImportFormat::Csv),
            "xlsx" => Some(ImportFormat::Xlsx),
            "json" => Some(ImportFormat::Json),
            _ => None,
        }
    }
}

/// How to read incoming values.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// The datum of the file's `lat`/`lon`; positions are converted to WGS-84 on import.
    pub datum: Datum,
}

/// Called after each row is checked with (rows done, rows in total), to drive a progress bar.
pub type Progress<'a> = Option<&'a mut dyn FnMut(usize, usize)>;

/// Where in a file a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Locator {
    /// A spreadsheet row: the header is row 1, the first place row 2.
    Row(usize),
    /// The n-th object (from 1) of a JSON array.
    Item(usize),
}

impl Locator {
    /// The row (or item) number.
    pub fn number(self) -> usize {
        match self {
            Locator::Row(n) | Locator::Item(n) => n,
        }
    }
}

impl fmt::Display for Locator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Locator::Row(n) => write!(f, "row {n}"),
            Locator::Item(n) => write!(f, "item {n}"),
        }
    }
}

/// One thing wrong with an imported file: where, which place, which column, what value, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportIssue {
    pub at: Locator,
    /// The row's id as written, when it has one.
    pub id: Option<String>,
    pub column: String,
    pub value: String,
    pub reason: String,
}

impl fmt::Display for ImportIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.at)?;
        if let Some(id) = &self.id {
            write!(f, " (id {id})")?;
        }
        write!(f, ", column {}", self.column)?;
        if !self.value.is_empty() {
            write!(f, ", value '{}'", self.value)?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Why an import produced no places.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read at all.
    #[error("{}: cannot read: {source}", .file.display())]
    Io {
        file: PathBuf,
        source: std::io::Error,
    },
    /// The extension names no format this crate reads.
    #[error("{}: unknown file type (expected .csv, .xlsx or .json)", .file.display())]
    UnknownFormat { file: PathBuf },
    /// The file is not well-formed CSV, Excel or JSON, so its rows cannot be told apart.
    #[error("{}: {message}", .file.display())]
    Malformed { file: PathBuf, message: String },
    /// The rows were read, and some are bad: every problem is listed, one per line.
    #[error("{}", render_issues(.file, .issues))]
    Invalid {
        file: PathBuf,
        issues: Vec<ImportIssue>,
    },
}

impl ImportError {
    /// The row problems, if the file was readable but had bad rows.
    pub fn issues(&self) -> &[ImportIssue] {
        match self {
            ImportError::Invalid { issues, .. } => issues,
            _ => &[],
        }
    }
}

fn render_issues(file: &Path, issues: &[ImportIssue]) -> String {
    let name = file.display();
    issues
        .iter()
        .map(|i| format!("{name}: {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A cell as read from a file, before it means anything.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// The column is not in the file (or the key not in this JSON object): the field is not
    /// given, and an import keeps what is stored.
    Absent,
    /// Given, and empty: the fact is unknown.
    Empty,
    Text(String),
    /// A value no place field can take (a date, a boolean, an Excel error, text that is not
    /// UTF-8…): the value as shown, and why it is refused.
    Unsupported {
        value: String,
        reason: String,
    },
}

/// A file's contents as a header and rows of cells, each row with its locator.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub header: Vec<String>,
    /// Where each column was first named (row 1, or the first JSON object with that key).
    pub column_at: Vec<Locator>,
    /// Whether the file has a header row (CSV, Excel) rather than keys per object (JSON).
    pub has_header_row: bool,
    pub rows: Vec<(Locator, Vec<Cell>)>,
    /// Problems the reader already found (a row with too many cells, an invalid text encoding…).
    pub issues: Vec<ImportIssue>,
}

/// Reads and checks a whole place file (format from the extension). Returns every place, or every
/// problem: nothing is half-imported. A field the file does not give is unknown in the place;
/// use [`read_imported_places`] to know which fields were given.
pub fn read_places(
    path: &Path,
    options: &ImportOptions,
    progress: Progress<'_>,
) -> Result<Vec<Place>, ImportError> {
    read_imported_places(path, options, progress).map(into_places)
}

/// Like [`read_places`], each place with the fields the file gave for it, so that an import can
/// keep the stored value of every field the file leaves out ([`ImportedPlace::over`]).
pub fn read_imported_places(
    path: &Path,
    options: &ImportOptions,
    progress: Progress<'_>,
) -> Result<Vec<ImportedPlace>, ImportError> {
    let format = ImportFormat::from_path(path).ok_or_else(|| ImportError::UnknownFormat {
        file: path.to_path_buf(),
    })?;
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        file: path.to_path_buf(),
        source,
    })?;
    read_imported_places_from_bytes(&bytes, format, path, options, progress)
}

/// Like [`read_places`], for contents already in memory; `name` is used in messages.
pub fn read_places_from_bytes(
    bytes: &[u8],
    format: ImportFormat,
    name: &Path,
    options: &ImportOptions,
    progress: Progress<'_>,
) -> Result<Vec<Place>, ImportError> {
    read_imported_places_from_bytes(bytes, format, name, options, progress).map(into_places)
}

/// Like [`read_imported_places`], for contents already in memory; `name` is used in messages.
pub fn read_imported_places_from_bytes(
    bytes: &[u8],
    format: ImportFormat,
    name: &Path,
    options: &ImportOptions,
    progress: Progress<'_>,
) -> Result<Vec<ImportedPlace>, ImportError> {
    let table = match format {
        ImportFormat::Csv => readers::csv_table(bytes),
        ImportFormat::Xlsx => readers::xlsx_table(bytes),
        ImportFormat::Json => readers::json_table(bytes),
    }
    .map_err(|message| ImportError::Malformed {
        file: name.to_path_buf(),
        message,
    })?;
    validate(table, options, progress).map_err(|issues| ImportError::Invalid {
        file: name.to_path_buf(),
        issues,
    })
}

fn into_places(imported: Vec<ImportedPlace>) -> Vec<Place> {
    imported.into_iter().map(|i| i.place).collect()
}

/// Turns every row into a place, collecting every problem on the way.
fn validate(
    table: Table,
    options: &ImportOptions,
    mut progress: Progress<'_>,
) -> Result<Vec<ImportedPlace>, Vec<ImportIssue>> {
    let Table {
        header,
        column_at,
        has_header_row,
        rows,
        mut issues,
    } = table;
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut header_broken = false;
    for (i, name) in header.iter().enumerate() {
        let at = column_at.get(i).copied().unwrap_or(Locator::Row(1));
        let file_issue = |reason: String| ImportIssue {
            at,
            id: None,
            column: if name.is_empty() {
                format!("#{}", i + 1)
            } else {
                readers::truncate(name)
            },
            value: readers::truncate(name),
            reason,
        };
        if name.is_empty() {
            issues.push(file_issue(
                "a column without a name in the header row".to_string(),
            ));
            header_broken = true;
        } else if !COLUMNS.contains(&name.as_str()) {
            issues.push(file_issue(format!(
                "unknown column (known: {})",
                COLUMNS.join(", ")
            )));
            header_broken = true;
        } else if index.insert(name.as_str(), i).is_some() {
            issues.push(file_issue("column given twice".to_string()));
            header_broken = true;
        }
    }
    if has_header_row {
        for required in PLACE_FIELDS.iter().filter(|f| f.required).map(|f| f.name) {
            if !index.contains_key(required) {
                issues.push(ImportIssue {
                    at: Locator::Row(1),
                    id: None,
                    column: required.to_string(),
                    value: String::new(),
                    reason: "missing required column".to_string(),
                });
                header_broken = true;
            }
        }
    }
    if header_broken && has_header_row {
        // With a broken header row, no row can be read meaningfully.
        issues.sort_by_key(|i| i.at);
        return Err(issues);
    }

    let total = rows.len();
    let mut places = Vec::with_capacity(total);
    let mut first_row_of: HashMap<String, Locator> = HashMap::new();
    for (done, (at, cells)) in rows.into_iter().enumerate() {
        let row = RowReader {
            at,
            cells: &cells,
            index: &index,
        };
        match row.place(options.datum) {
            Ok(place) => {
                let id = place.id.as_str().to_string();
                if let Some(first) = first_row_of.get(&id) {
                    issues.push(ImportIssue {
                        at,
                        id: Some(id.clone()),
                        column: "id".to_string(),
                        value: id,
                        reason: format!("duplicate id: first used in {first}"),
                    });
                } else {
                    first_row_of.insert(id, at);
                    places.push(ImportedPlace {
                        place,
                        given: row.given(),
                    });
                }
            }
            Err(row_issues) => {
                // A bad row may still claim an id; later rows repeating it are duplicates too.
                if let Some(id) = row.text("id").filter(|id| PlaceId::parse(id).is_ok()) {
                    first_row_of.entry(id.to_string()).or_insert(at);
                }
                issues.extend(row_issues);
            }
        }
        if let Some(report) = progress.as_mut() {
            report(done + 1, total);
        }
    }
    if issues.is_empty() {
        Ok(places)
    } else {
        issues.sort_by_key(|i| i.at);
        Err(issues)
    }
}

/// One row's cells, looked up by column name.
struct RowReader<'a> {
    at: Locator,
    cells: &'a [Cell],
    index: &'a HashMap<&'a str, usize>,
}

impl<'a> RowReader<'a> {
    fn cell(&self, column: &str) -> &'a Cell {
        self.index
            .get(column)
            .and_then(|&i| self.cells.get(i))
            .unwrap_or(&Cell::Absent)
    }

    /// The trimmed text of a column, `None` when empty or absent.
    fn text(&self, column: &str) -> Option<&'a str> {
        match self.cell(column) {
            Cell::Text(s) if !s.trim().is_empty() => Some(s.trim()),
            _ => None,
        }
    }

    /// The text of a free-text column (names, descriptions, notes): trimmed, except that a
    /// leading tab or carriage return is kept, since spreadsheet users put one before `=` to
    /// keep a cell text. `None` when empty or absent.
    fn free_text(&self, column: &str) -> Option<&'a str> {
        match self.cell(column) {
            Cell::Text(s) if !s.trim().is_empty() => Some(
                s.trim_end()
                    .trim_start_matches(|c: char| c.is_whitespace() && c != '\t' && c != '\r'),
            ),
            _ => None,
        }
    }

    /// The fields this row gives: its columns present in the file (for JSON, its object's keys).
    fn given(&self) -> GivenFields {
        let mut given = GivenFields::NONE;
        for (bit, column) in COLUMNS.iter().enumerate() {
            if !matches!(self.cell(column), Cell::Absent) {
                given.0 |= 1 << bit;
            }
        }
        given
    }

    /// The position from `lat` and `lon` (both or neither), converted from the file's datum.
    fn position(
        &self,
        datum: Datum,
        issue: &mut dyn FnMut(&str, &str, String),
    ) -> Option<Position> {
        let mut number = |column: &str| {
            let t = self.text(column)?;
            match t.parse::<f64>() {
                Ok(n) if n.is_finite() => Some(n),
                _ => {
                    issue(column, t, "not a number".to_string());
                    None
                }
            }
        };
        let lat = number("lat");
        let lon = number("lon");
        match (self.text("lat"), self.text("lon")) {
            (None, None) => None,
            (Some(t), None) => {
                issue("lon", "", format!("latitude {t} given without a longitude"));
                None
            }
            (None, Some(t)) => {
                issue("lat", "", format!("longitude {t} given without a latitude"));
                None
            }
            (Some(lat_text), Some(lon_text)) => match Position::from_datum(lat?, lon?, datum) {
                Ok(p) => Some(p),
                Err(e @ PositionError::LatitudeOutOfRange(_)) => {
                    issue("lat", lat_text, e.to_string());
                    None
                }
                Err(e @ PositionError::LongitudeOutOfRange(_)) => {
                    issue("lon", lon_text, e.to_string());
                    None
                }
            },
        }
    }

    fn place(&self, datum: Datum) -> Result<Place, Vec<ImportIssue>> {
        let id_text = self.text("id");
        let mut issues = Vec::new();
        let mut issue = |column: &str, value: &str, reason: String| {
            // A huge value is shown by its beginning, also where a reason quotes it.
            let short = readers::truncate(value);
            let reason = if short.len() < value.len() {
                reason.replace(value, &short)
            } else {
                reason
            };
            issues.push(ImportIssue {
                at: self.at,
                id: id_text.map(readers::truncate),
                column: column.to_string(),
                value: short,
                reason,
            });
        };
        for (i, cell) in self.cells.iter().enumerate() {
            if let Cell::Unsupported { value, reason } = cell {
                let column = self
                    .index
                    .iter()
                    .find(|&(_, &j)| j == i)
                    .map_or("?", |(name, _)| *name);
                issue(column, value, reason.clone());
            }
        }

        // Every field by its kind; the id and category make the place, the rest are set on it.
        let mut id = None;
        let mut category = None;
        let mut complete = true;
        let mut inputs: Vec<(&PlaceField, FieldInput)> = Vec::new();
        let mut position = None;
        for field in &PLACE_FIELDS {
            let name = field.name;
            let text = self.text(name);
            // An unreadable value has been reported already; it is not also "missing".
            if field.required
                && text.is_none()
                && !matches!(self.cell(name), Cell::Unsupported { .. })
            {
                issue(name, "", "missing required field".to_string());
            }
            if field.required && text.is_none() {
                complete = false;
                continue;
            }
            let input = match (field.kind, text) {
                (FieldKind::Lat, _) => {
                    position = self.position(datum, &mut issue);
                    continue;
                }
                (FieldKind::Lon, _) => continue,
                (FieldKind::ALevel, None) => FieldInput::ALevel(ALevel::NONE),
                (_, None) => FieldInput::Unknown,
                (FieldKind::Id, Some(t)) => {
                    id = PlaceId::parse(t)
                        .map_err(|e| issue(name, t, e.to_string()))
                        .ok();
                    continue;
                }
                (FieldKind::Category, Some(t)) => {
                    category = Category::parse(t)
                        .map_err(|e| issue(name, t, e.to_string()))
                        .ok();
                    continue;
                }
                (FieldKind::Name | FieldKind::Text, Some(_)) => {
                    FieldInput::Text(self.free_text(name).unwrap_or_default().to_string())
                }
                (FieldKind::ALevel, Some(t)) => match ALevel::parse(t) {
                    Ok(a) => FieldInput::ALevel(a),
                    Err(e) => {
                        complete = false;
                        issue(name, t, e.to_string());
                        continue;
                    }
                },
                (FieldKind::Minutes, Some(t)) => match t.parse::<u32>() {
                    Ok(m) => FieldInput::Minutes(m),
                    Err(_) => {
                        issue(name, t, "not a whole number of minutes".to_string());
                        continue;
                    }
                },
                (FieldKind::Themes, Some(t)) => FieldInput::Themes(themes(name, t, &mut issue)),
                (FieldKind::OpeningHours, Some(t)) => match OpeningHoursSpec::parse(t) {
                    Ok(o) => FieldInput::OpeningHours(o),
                    Err(e) => {
                        issue(name, t, e.to_string());
                        continue;
                    }
                },
                (FieldKind::Money, Some(t)) => match Money::parse(t) {
                    Ok(m) => FieldInput::Money(m),
                    Err(e) => {
                        issue(name, t, format!("bad money: {e}"));
                        continue;
                    }
                },
            };
            inputs.push((field, input));
        }
        let (Some(id), Some(category), true) = (id, category, complete) else {
            return Err(issues);
        };
        let mut place = Place::new(id, "", "", category);
        place.position = position;
        for (field, input) in inputs {
            (field.set)(&mut place, input);
        }
        for rule in place.check() {
            // Show the value as the file wrote it ("-5", not "-5.00"); a theme rule names one theme.
            let value = match self.text(rule.field) {
                Some(written) if rule.field != "themes" => written,
                _ => rule.value.as_str(),
            };
            issue(rule.field, value, rule.reason.clone());
        }
        if issues.is_empty() {
            Ok(place)
        } else {
            Err(issues)
        }
    }
}

/// Which of a place's fields an imported row gave, by column of [`COLUMNS`]. A CSV or Excel
/// file gives the columns of its header row; a JSON object gives its keys. The position counts
/// as given when `lat` or `lon` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GivenFields(u32);

// One bit per column.
const _: () = assert!(COLUMNS.len() < 32);

impl GivenFields {
    const NONE: GivenFields = GivenFields(0);
    /// Every column given (a full export).
    pub const ALL: GivenFields = GivenFields((1 << COLUMNS.len()) - 1);

    /// Whether the column (one of [`COLUMNS`]) was given.
    pub fn contains(self, column: &str) -> bool {
        COLUMNS
            .iter()
            .position(|c| *c == column)
            .is_some_and(|bit| self.0 & (1 << bit) != 0)
    }

    /// The columns of [`COLUMNS`] not given, in order.
    pub fn absent(self) -> impl Iterator<Item = &'static str> {
        COLUMNS.iter().copied().filter(move |c| !self.contains(c))
    }
}

/// A place read from a file, and which of its fields the file gave.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedPlace {
    /// The place as the file describes it: a field not given is unknown (`None`, no themes,
    /// A-level 0), as it would be for a new place.
    pub place: Place,
    pub given: GivenFields,
}

impl ImportedPlace {
    /// What to store for this place when `stored` (same id) is already in the catalogue: the
    /// fields the file gave, and the stored value of every field it did not. An import never
    /// clears what it was not given; an empty cell in a present column does clear (unknown).
    pub fn over(&self, stored: &Place) -> Place {
        let mut place = stored.clone();
        for field in &PLACE_FIELDS {
            if self.given.contains(field.name) {
                (field.copy)(&self.place, &mut place);
            }
        }
        place
    }
}

/// The themes of one cell (separated by [`THEME_SEPARATOR`]), each unknown one an issue.
fn themes(column: &str, cell: &str, issue: &mut dyn FnMut(&str, &str, String)) -> Vec<Theme> {
    let mut themes = Vec::new();
    for part in cell.split(THEME_SEPARATOR).map(str::trim) {
        if part.is_empty() {
            continue;
        }
        match Theme::parse(part) {
            Ok(theme) => themes.push(theme),
            Err(e) => {
                let known: Vec<&str> = Theme::ALL.iter().map(|t| t.as_str()).collect();
                issue(column, cell, format!("{e} (known: {})", known.join(", ")));
            }
        }
    }
    themes
}
