//! Web integration tests: a real server on port 0 over a real database, on both engines, called
//! with a real HTTP client.

mod access;
mod accounts;
mod api;
mod caching;
mod contract;
mod edge;
mod fuzz;
mod hardening;
mod itineraries;
mod meetings;
mod metrics;
mod openapi;
mod pages;
mod plans;
mod projects;
mod quotes;
mod ready;
mod routing;
mod snapshot;
mod support;
