//! CLI integration tests: the real `wenlv` binary against real databases.

mod accounts;
mod battlemap;
mod cli;
mod import_export;
mod import_fuzz;
mod plan;
mod quote;
