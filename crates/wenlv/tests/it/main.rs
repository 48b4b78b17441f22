//! CLI integration tests: the real `wenlv` binary against real databases.

mod accounts;
mod cli;
mod import_export;
mod import_fuzz;
mod meetings;
mod plan;
mod projects;
mod quote;
