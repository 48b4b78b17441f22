//! File formats: import with whole-file validation, and export.
