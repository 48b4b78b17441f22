//! Application-layer tests: use cases over a real store (SQLite and PostgreSQL), with fixtures
//! made here rather than the shipped data, so a data release changes no test.

mod accounts;
mod battlemap;
mod catalogue;
mod meetings;
mod plans;
mod projects;
mod quotes;
mod routes;
mod today;
