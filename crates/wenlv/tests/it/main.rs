//! CLI integration tests: the real `wenlv` binary against real databases.

mod accounts;
mod backup;
mod cli;
mod import_export;
mod import_fuzz;
mod meetings;
mod logs;
mod plan;
mod projects;
mod quote;
mod servers;
mod shutdown;
