//! Invariants on random instances: every solution passes the independent checker, and a seed
//! with an iteration limit gives the same solution every time.

use std::time::Duration;

use proptest::prelude::*;
use wenlv_optimiser::{SolverParams, check, solve};

use crate::random::spec;

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 80,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20261129),
        ..ProptestConfig::default()
    })]

    /// Whatever the instance, the returned plan is feasible and its totals are right.
    #[test]
    fn solutions_pass_the_checker(s in spec(0..=40, 4), seed in 0u64..1000) {
        let p = s.problem();
        let sol = solve(&p, &SolverParams::iterations(seed, 300));
        if let Err(v) = check(&p, &sol) {
            return Err(TestCaseError::fail(format!("{v:?}\n{sol:?}")));
        }
    }

    /// Same seed and iteration limit ⇒ identical solution (tours, times, score, statistics).
    #[test]
    fn seed_and_iterations_make_runs_repeatable(s in spec(5..=30, 3), seed in 0u64..1000) {
        let p = s.problem();
        let params = SolverParams::iterations(seed, 200);
        let a = solve(&p, &params);
        let b = solve(&p, &params);
        prop_assert_eq!(a, b);
    }
}

/// A time limit alone stops the search (no iteration limit).
#[test]
fn time_limit_stops_the_search() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let s = spec(60..=60, 2).new_tree(&mut runner).unwrap().current();
    let p = s.problem();
    let t = std::time::Instant::now();
    let sol = solve(&p, &SolverParams::time(1, Duration::from_millis(50)));
    assert!(
        t.elapsed() < Duration::from_millis(500),
        "{:?}",
        t.elapsed()
    );
    check(&p, &sol).unwrap();
}
