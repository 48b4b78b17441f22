//! CLI integration tests: the real `wenlv` binary against real databases.

mod accounts;
mod backup;
mod cli;
mod import_export;
mod import_fuzz;
mod logs;
mod plan;
mod quote;
mod servers;
mod shutdown;
