//! Integration tests of the optimiser (one binary, see the house rules).

mod benchmark;
mod brute;
mod properties;
mod random;
