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
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    /// ≤ 8 stops, up to 3 tours, multiple windows per tour, budget, mandatory: the solver's
    /// answer equals the exhaustive optimum (most mandatory placed, then highest score).
    #[test]
    fn finds_the_brute_force_optimum(s in spec(1..=8, 3)) {
        let p = s.problem();
        let sol = solve(&p, &SolverParams::iterations(7, 3000));
        let checked = check(&p, &sol).map_err(|v| TestCaseError::fail(format!("{v:?}")))?;
        let mandatory_total = (0..p.num_vertices()).filter(|&v| p.is_mandatory(v)).count();
        let placed = mandatory_total - checked.missing_mandatory.len();
        prop_assert_eq!((placed, checked.score), brute_force(&p));
    }
}
