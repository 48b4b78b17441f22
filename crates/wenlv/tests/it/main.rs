//! CLI integration tests: the real `wenlv` binary against real databases.

mod cli;
