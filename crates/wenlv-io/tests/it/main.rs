//! Integration tests of wenlv-io: real files in a temp dir, read back through the public API.

mod bad_rows;
mod damaged_files;
mod datum;
mod formulas;
mod fuzz;
mod geojson;
mod keep_absent;
mod projects;
mod round_trip;
mod support;
mod taskbook;
