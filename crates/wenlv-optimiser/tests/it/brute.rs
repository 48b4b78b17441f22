//! On tiny instances the solver finds the optimum, computed here by exhaustive search that
//! shares nothing with the solver: per tour and subset of stops, a DP over (subset, last stop)
//! of the earliest possible leave time decides feasibility (earliest start is monotone in the
//! arrival time, so the earliest leave dominates); then every assignment of stops to tours.

use proptest::prelude::*;
use wenlv_optimiser::{Problem, SolverParams, check, solve};

use crate::random::spec;

/// Best (placed mandatory count, score) over all feasible plans.
fn brute_force(p: &Problem) -> (usize, i64) {
    let stops: Vec<usize> = (0..p.num_vertices())
        .filter(|&v| p.is_visitable(v))
        .collect();
    let k = stops.len();
    let full = 1usize << k;
    let m = p.num_tours();
    // feasible[t][S]
    let mut feasible = vec![vec![false; full]; m];
    for (t, feas) in feasible.iter_mut().enumerate() {
        let tour = *p.tour(t);
        let earliest = |arrival: i64, v: usize| {
            p.windows(t, v)
                .iter()
                .find(|w| w.close >= arrival)
                .map(|w| arrival.max(w.open) + p.service(v))
        };
        // leave[S][i]: earliest leave time at stops[i] having visited exactly S, ending at i.
        let mut leave = vec![vec![i64::MAX; k]; full];
        for i in 0..k {
            let a = tour.earliest_departure + p.travel(tour.start, stops[i]);
            if let Some(l) = earliest(a, stops[i]) {
                leave[1 << i][i] = l;
            }
        }
        for s in 1..full {
            for i in 0..k {
                let l = leave[s][i];
                if l == i64::MAX {
                    continue;
                }
                for j in 0..k {
                    if s & (1 << j) != 0 {
                        continue;
                    }
                    let a = l + p.travel(stops[i], stops[j]);
                    if let Some(lj) = earliest(a, stops[j]) {
                        let e = &mut leave[s | 1 << j][j];
                        *e = (*e).min(lj);
                    }
                }
            }
        }
        feas[0] = tour.earliest_departure + p.travel(tour.start, tour.end) <= tour.latest_return;
        for s in 1..full {
            feas[s] = (0..k).any(|i| {
                leave[s][i] != i64::MAX
                    && leave[s][i] + p.travel(stops[i], tour.end) <= tour.latest_return
            });
        }
    }
    let mut best = (0usize, 0i64);
    // Assign each stop to a tour or none: (m+1)^k choices.
    let total = (m + 1).pow(k as u32);
    for code in 0..total {
        let mut c = code;
        let mut sets = vec![0usize; m];
        let (mut score, mut cost, mut mand) = (0i64, 0i64, 0usize);
        for (i, &v) in stops.iter().enumerate() {
            let t = c % (m + 1);
            c /= m + 1;
            if t < m {
                sets[t] |= 1 << i;
                score += p.score(v);
                cost += p.cost(v);
                mand += usize::from(p.is_mandatory(v));
            }
        }
        if p.budget().is_some_and(|b| cost > b) {
            continue;
        }
        if (0..m).all(|t| feasible[t][sets[t]]) && (mand, score) > best {
            best = (mand, score);
        }
    }
    best
}

proptest! {
    // A fixed seed: the solver is a heuristic, so a rare miss on some unseen case must show up
    // as a reproducible failure, not as a flaky CI run.
    #![proptest_config(ProptestConfig {
        cases: 60,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20261129),
        ..ProptestConfig::default()
    })]

    /// ≤ 8 stops, up to 3 tours, multiple windows per tour, budget, mandatory: the solver's
    /// answer equals the exhaustive optimum (most mandatory placed, then highest score).
    #[test]
    fn finds_the_brute_force_optimum(s in spec(1..=8, 3)) {
        let p = s.problem();
        let sol = solve(&p, &SolverParams::iterations(7, 10_000));
        let checked = check(&p, &sol).map_err(|v| TestCaseError::fail(format!("{v:?}")))?;
        let mandatory_total = (0..p.num_vertices()).filter(|&v| p.is_mandatory(v)).count();
        let placed = mandatory_total - checked.missing_mandatory.len();
        prop_assert_eq!((placed, checked.score), brute_force(&p));
    }
}

/// Regression (found by the property above): a removed mandatory vertex held back from the
/// first insertion round lost its budget to ordinary vertices; the optimum puts it alone on the
/// second tour.
#[test]
fn mandatory_vertex_is_not_starved_by_the_budget() {
    use crate::random::Spec;
    let s = Spec {
        n: 10,
        m: 3,
        xy: vec![
            (1, 35),
            (65, 7),
            (47, 80),
            (0, 2),
            (0, 6),
            (4, 31),
            (21, 0),
            (0, 0),
            (0, 0),
            (76, 0),
        ],
        asym: vec![
            0, 0, 5, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 1, 4, 3, 1, 2, 2, 6, 1, 7, 0, 5, 0, 3, 0, 7, 5, 0, 2, 0, 5, 7, 6, 4, 5, 6, 5, 2, 2,
            0, 3, 6, 6, 2, 6, 0, 4, 3, 1, 5, 0, 5,
        ],
        score: vec![17, 0, 10, 22, 12, 3, 15, 0, 1, 22],
        service: vec![23, 19, 23, 8, 15, 23, 4, 9, 19, 9],
        cost: vec![32, 3, 16, 37, 36, 30, 45, 44, 33, 24],
        windows: vec![
            vec![
                vec![(136, 114)],
                vec![(332, 77)],
                vec![(96, 17), (228, 38), (22, 8)],
                vec![(93, 32), (83, 82), (145, 4)],
                vec![(374, 67), (244, 55), (390, 35)],
                vec![(63, 62)],
                vec![(0, 55), (63, 97), (92, 70)],
                vec![(376, 66), (280, 81)],
                vec![(384, 25), (18, 61)],
                vec![],
            ],
            vec![
                vec![(121, 4), (183, 79)],
                vec![(328, 44)],
                vec![],
                vec![(298, 25), (364, 26)],
                vec![(197, 94), (280, 104)],
                vec![(270, 15)],
                vec![(358, 5), (374, 89), (252, 114)],
                vec![(337, 23), (309, 33)],
                vec![],
                vec![],
            ],
            vec![
                vec![(69, 57), (186, 46), (146, 34)],
                vec![(154, 13)],
                vec![(250, 17), (213, 64)],
                vec![(336, 92), (42, 40), (333, 42)],
                vec![(148, 75)],
                vec![(361, 39), (52, 103)],
                vec![(139, 101)],
                vec![(69, 76)],
                vec![],
                vec![(146, 114)],
            ],
        ],
        hours: vec![(45, 210), (52, 461), (43, 354)],
        separate_end: false,
        budget: Some(87),
        mandatory: vec![
            false, true, false, false, false, false, false, true, false, false,
        ],
        forbidden: vec![
            false, false, false, false, false, false, false, true, false, false,
        ],
    };
    let p = s.problem();
    assert_eq!(brute_force(&p), (1, 32));
    for seed in 0..5 {
        let sol = solve(&p, &SolverParams::iterations(seed, 10_000));
        assert_eq!(
            (sol.missing_mandatory.len(), sol.score),
            (0, 32),
            "seed {seed}"
        );
    }
}
