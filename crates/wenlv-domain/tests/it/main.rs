//! Integration tests of the domain rules against the real data files and small inline fixtures.

mod calendar;
mod hours;
mod offer_formats;
mod proptests;
mod quotes;
mod support;
