//! What the solver returns: per tour the visits with their times, the score, the cost, and the
//! mandatory vertices it could not place.

use std::time::Duration;

use crate::problem::{Cost, Problem, Score, Time, TourId, VertexId};

/// One stop on a tour. `arrival + wait = start`, `start + service = leave`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    /// The vertex visited.
    pub vertex: VertexId,
    /// When the tour reaches it.
    pub arrival: Time,
    /// How long it waits for a window to open.
    pub wait: Time,
    /// When service starts (inside a window).
    pub start: Time,
    /// When it leaves (start + service duration).
    pub leave: Time,
}

/// One tour's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TourPlan {
    /// The tour.
    pub tour: TourId,
    /// Departure from the start vertex.
    pub departure: Time,
    /// The stops in order (terminals excluded).
    pub visits: Vec<Visit>,
    /// Arrival at the end vertex.
    pub arrival: Time,
}

impl TourPlan {
    /// The visited vertices in order.
    pub fn vertices(&self) -> Vec<VertexId> {
        self.visits.iter().map(|v| v.vertex).collect()
    }
}

/// The best solution found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    /// One plan per tour, in tour order.
    pub tours: Vec<TourPlan>,
    /// Sum of the scores of the visited vertices.
    pub score: Score,
    /// Sum of the costs of the visited vertices.
    pub cost: Cost,
    /// Mandatory vertices that are not in any tour (empty when all could be placed).
    pub missing_mandatory: Vec<VertexId>,
    /// Search statistics (not part of equality-relevant content, but deterministic except for
    /// the durations).
    pub stats: SolveStats,
}

/// How the search went.
#[derive(Debug, Clone, Default)]
pub struct SolveStats {
    /// Iterations run.
    pub iterations: u64,
    /// Iteration at which the returned solution was found.
    pub best_iteration: u64,
    /// Wall time of the whole search.
    pub elapsed: Duration,
    /// Wall time until the returned solution was found.
    pub best_elapsed: Duration,
}

/// Statistics never decide equality: two runs with the same seed and iteration limit are equal
/// even though their wall times differ.
impl PartialEq for SolveStats {
    fn eq(&self, other: &Self) -> bool {
        self.iterations == other.iterations && self.best_iteration == other.best_iteration
    }
}
impl Eq for SolveStats {}

impl Solution {
    /// Builds a solution from vertex sequences by scheduling every visit as early as possible.
    /// Returns `None` if a sequence is infeasible (used by the solver on its own routes).
    pub fn from_sequences(problem: &Problem, seqs: &[Vec<VertexId>]) -> Option<Solution> {
        let mut tours = Vec::with_capacity(seqs.len());
        let mut seen = vec![false; problem.num_vertices()];
        let (mut score, mut cost) = (0, 0);
        for (t, seq) in seqs.iter().enumerate() {
            let spec = problem.tour(t);
            let mut now = spec.earliest_departure;
            let mut prev = spec.start;
            let mut visits = Vec::with_capacity(seq.len());
            for &v in seq {
                let arrival = now + problem.travel(prev, v);
                let w = problem.windows(t, v).iter().find(|w| w.close >= arrival)?;
                let start = arrival.max(w.open);
                let leave = start + problem.service(v);
                visits.push(Visit {
                    vertex: v,
                    arrival,
                    wait: start - arrival,
                    start,
                    leave,
                });
                seen[v] = true;
                score += problem.score(v);
                cost += problem.cost(v);
                now = leave;
                prev = v;
            }
            let arrival = now + problem.travel(prev, spec.end);
            if arrival > spec.latest_return {
                return None;
            }
            tours.push(TourPlan {
                tour: t,
                departure: spec.earliest_departure,
                visits,
                arrival,
            });
        }
        let missing_mandatory = (0..problem.num_vertices())
            .filter(|&v| problem.is_mandatory(v) && !seen[v])
            .collect();
        Some(Solution {
            tours,
            score,
            cost,
            missing_mandatory,
            stats: SolveStats::default(),
        })
    }

    /// The vertex sequences, one per tour.
    pub fn sequences(&self) -> Vec<Vec<VertexId>> {
        self.tours.iter().map(TourPlan::vertices).collect()
    }
}
