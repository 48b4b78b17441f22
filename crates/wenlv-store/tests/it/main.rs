//! Store integration tests. Every repository test runs on SQLite and on PostgreSQL (see
//! `wenlv_store::testing`).

mod bureau;
mod connect;
mod meetings;
mod offers;
mod places;
mod projects;
mod version;
