//! Problems in the city's data files (routes, stations): every problem names the file, the entry
//! and the field, and a file's problems are all reported together, not just the first.

use std::fmt;

/// One problem in a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFileError {
    pub file: String,
    /// What an entry of this file is ("route", "station").
    pub entry_kind: &'static str,
    /// The entry's id; `None` for a problem with the file as a whole.
    pub entry: Option<String>,
    pub field: String,
    pub reason: String,
}

impl DataFileError {
    /// The file is not valid TOML for its shape (on one line, as the parser words it).
    pub(crate) fn toml(file: &str, entry_kind: &'static str, e: &toml::de::Error) -> DataFileError {
        DataFileError {
            file: file.to_string(),
            entry_kind,
            entry: None,
            field: "toml".into(),
            reason: e.to_string().lines().collect::<Vec<_>>().join(" "),
        }
    }
}

impl fmt::Display for DataFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.entry {
            Some(e) => write!(
                f,
                "{}: {} '{}', field '{}': {}",
                self.file, self.entry_kind, e, self.field, self.reason
            ),
            None => write!(f, "{}: {}: {}", self.file, self.field, self.reason),
        }
    }
}

/// Pushes one problem of entry `entry` onto `errors`; the parsers' shorthand.
pub(crate) fn push(
    errors: &mut Vec<DataFileError>,
    file: &str,
    entry_kind: &'static str,
    entry: &str,
    field: &str,
    reason: String,
) {
    errors.push(DataFileError {
        file: file.to_string(),
        entry_kind,
        entry: Some(entry.to_string()),
        field: field.to_string(),
        reason,
    });
}
