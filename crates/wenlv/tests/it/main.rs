//! CLI integration tests: the real `wenlv` binary against real databases.

mod accounts;
mod backup;
mod battlemap;
mod cli;
mod import_export;
mod import_fuzz;
mod logs;
mod meetings;
mod plan;
mod projects;
mod quote;
mod servers;
mod shutdown;
