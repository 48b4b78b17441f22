//! Random instances for property tests: asymmetric travel times, several tours with their own
//! terminals and hours, zero to three windows per vertex and tour, costs and a budget,
//! mandatory and forbidden vertices.

use proptest::prelude::*;
use wenlv_optimiser::{Problem, ProblemBuilder, Window};

/// A generated problem and the raw numbers it came from (for failure messages).
#[derive(Debug, Clone)]
pub struct Spec {
    pub n: usize,
    pub m: usize,
    pub xy: Vec<(i64, i64)>,
    pub asym: Vec<i64>,
    pub score: Vec<i64>,
    pub service: Vec<i64>,
    pub cost: Vec<i64>,
    /// `windows[t][v]`: list of (open, length) pairs.
    pub windows: Vec<Vec<Vec<(i64, i64)>>>,
    pub hours: Vec<(i64, i64)>,
    pub separate_end: bool,
    pub budget: Option<i64>,
    pub mandatory: Vec<bool>,
    pub forbidden: Vec<bool>,
}

impl Spec {
    pub fn problem(&self) -> Problem {
        let mut b = ProblemBuilder::new();
        for v in 0..self.n {
            b.add_vertex(self.score[v], self.service[v], self.cost[v]);
        }
        // Vertex 0 is the start of every tour; vertex 1 the end of odd tours if `separate_end`.
        for t in 0..self.m {
            let end = if self.separate_end && t % 2 == 1 {
                1
            } else {
                0
            };
            b.add_tour(0, end, self.hours[t].0, self.hours[t].1);
        }
        for t in 0..self.m {
            for v in 0..self.n {
                for &(open, len) in &self.windows[t][v] {
                    b.add_window(v, t, Window::new(open, open + len));
                }
            }
        }
        let mut travel = vec![0; self.n * self.n];
        for a in 0..self.n {
            for c in 0..self.n {
                if a != c {
                    let (dx, dy) = (self.xy[a].0 - self.xy[c].0, self.xy[a].1 - self.xy[c].1);
                    let d = ((dx * dx + dy * dy) as f64).sqrt() as i64;
                    travel[a * self.n + c] = d + self.asym[a * self.n + c];
                }
            }
        }
        b.set_travel_matrix(travel);
        if let Some(budget) = self.budget {
            b.set_budget(budget);
        }
        for v in 2..self.n {
            if self.mandatory[v] {
                b.add_mandatory(v);
            } else if self.forbidden[v] {
                b.add_forbidden(v);
            }
        }
        b.build().expect("generated problems are valid")
    }
}

/// Problems with `2 + k` vertices, `k` in `stops`, and 1..=`max_tours` tours.
pub fn spec(
    stops: std::ops::RangeInclusive<usize>,
    max_tours: usize,
) -> impl Strategy<Value = Spec> {
    (stops, 1..=max_tours).prop_flat_map(|(k, m)| {
        let n = k + 2;
        (
            prop::collection::vec((0i64..100, 0i64..100), n),
            prop::collection::vec(0i64..8, n * n),
            prop::collection::vec(0i64..30, n),
            prop::collection::vec(0i64..25, n),
            prop::collection::vec(0i64..50, n),
            prop::collection::vec(
                prop::collection::vec(prop::collection::vec((0i64..400, 0i64..120), 0..=3), n),
                m,
            ),
            prop::collection::vec((0i64..60, 150i64..500), m),
            any::<bool>(),
            prop::option::of(20i64..200),
            prop::collection::vec(prop::bool::weighted(0.1), n),
            prop::collection::vec(prop::bool::weighted(0.1), n),
        )
            .prop_map(
                move |(
                    xy,
                    asym,
                    score,
                    service,
                    cost,
                    windows,
                    hours,
                    separate_end,
                    budget,
                    mandatory,
                    forbidden,
                )| Spec {
                    n,
                    m,
                    xy,
                    asym,
                    score,
                    service,
                    cost,
                    windows,
                    hours: hours.into_iter().map(|(a, len)| (a, a + len)).collect(),
                    separate_end,
                    budget,
                    mandatory,
                    forbidden,
                },
            )
    })
}
