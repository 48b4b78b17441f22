//! An independent feasibility checker. It shares nothing with the solver's incremental
//! bookkeeping: it replays every tour from its reported times and the raw problem data, so a
//! bug in the solver's O(1) move evaluation cannot hide behind the same bug here.

use std::fmt;

use crate::problem::{Cost, Problem, Score, TourId, VertexId};
use crate::solution::Solution;

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// The solution does not have one plan per tour, in order.
    TourCount {
        /// Tours in the problem.
        expected: usize,
        /// Plans in the solution.
        got: usize,
    },
    /// A plan names the wrong tour.
    TourOrder {
        /// Position of the plan.
        index: usize,
        /// Tour it names.
        names: TourId,
    },
    /// The tour leaves before its earliest departure.
    EarlyDeparture {
        /// The tour.
        tour: TourId,
    },
    /// The tour reaches its end after the latest return, or the reported arrival is wrong.
    LateReturn {
        /// The tour.
        tour: TourId,
        /// Recomputed arrival at the end vertex.
        arrival: i64,
    },
    /// Reported times do not add up (arrival, wait, start, leave).
    Times {
        /// The tour.
        tour: TourId,
        /// The stop's position.
        position: usize,
        /// What is wrong.
        what: &'static str,
    },
    /// Service starts outside every window of the vertex on this tour.
    OutsideWindows {
        /// The tour.
        tour: TourId,
        /// The vertex.
        vertex: VertexId,
        /// Start of service.
        start: i64,
    },
    /// A vertex is visited more than once.
    Repeated {
        /// The vertex.
        vertex: VertexId,
    },
    /// A vertex that may not be a stop (out of range, terminal, forbidden).
    NotAllowed {
        /// The vertex.
        vertex: VertexId,
        /// Why.
        why: &'static str,
    },
    /// The costs exceed the budget.
    OverBudget {
        /// Total cost.
        cost: Cost,
        /// Budget.
        budget: Cost,
    },
    /// Reported score or cost differs from the recomputed one.
    Totals {
        /// Which.
        what: &'static str,
        /// Reported.
        reported: i64,
        /// Recomputed.
        actual: i64,
    },
    /// The list of missing mandatory vertices is wrong.
    MissingMandatory {
        /// Recomputed list.
        actual: Vec<VertexId>,
    },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

/// The recomputed totals of a feasible solution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// Total score.
    pub score: Score,
    /// Total cost.
    pub cost: Cost,
    /// Mandatory vertices not visited.
    pub missing_mandatory: Vec<VertexId>,
}

/// Checks every rule of `problem` against `solution`; returns the recomputed totals or all
/// violations found.
pub fn check(problem: &Problem, solution: &Solution) -> Result<Checked, Vec<Violation>> {
    let mut bad = Vec::new();
    let n = problem.num_vertices();
    if solution.tours.len() != problem.num_tours() {
        bad.push(Violation::TourCount {
            expected: problem.num_tours(),
            got: solution.tours.len(),
        });
        return Err(bad);
    }
    let mut count = vec![0u32; n];
    let (mut score, mut cost): (Score, Cost) = (0, 0);
    for (index, plan) in solution.tours.iter().enumerate() {
        if plan.tour != index {
            bad.push(Violation::TourOrder {
                index,
                names: plan.tour,
            });
            continue;
        }
        let spec = problem.tours()[index];
        if plan.departure < spec.earliest_departure {
            bad.push(Violation::EarlyDeparture { tour: index });
        }
        let mut prev = spec.start;
        let mut free_at = plan.departure;
        for (position, visit) in plan.visits.iter().enumerate() {
            let v = visit.vertex;
            if v >= n {
                bad.push(Violation::NotAllowed {
                    vertex: v,
                    why: "no such vertex",
                });
                break;
            }
            if problem.is_terminal(v) {
                bad.push(Violation::NotAllowed {
                    vertex: v,
                    why: "a tour start or end",
                });
            }
            if problem.is_forbidden(v) {
                bad.push(Violation::NotAllowed {
                    vertex: v,
                    why: "forbidden",
                });
            }
            count[v] += 1;
            if count[v] == 2 {
                bad.push(Violation::Repeated { vertex: v });
            }
            score += problem.score(v);
            cost += problem.cost(v);
            let mut times = |ok: bool, what| {
                if !ok {
                    bad.push(Violation::Times {
                        tour: index,
                        position,
                        what,
                    });
                }
            };
            // A visitor may linger, so arrival may be later than the earliest possible, never earlier.
            times(
                visit.arrival >= free_at + problem.travel(prev, v),
                "arrives before it could get there",
            );
            times(visit.wait >= 0, "negative wait");
            times(
                visit.start == visit.arrival + visit.wait,
                "start != arrival + wait",
            );
            times(
                visit.leave == visit.start + problem.service(v),
                "leave != start + service",
            );
            let inside = problem
                .windows(index, v)
                .iter()
                .any(|w| w.open <= visit.start && visit.start <= w.close);
            if !inside {
                bad.push(Violation::OutsideWindows {
                    tour: index,
                    vertex: v,
                    start: visit.start,
                });
            }
            free_at = visit.leave;
            prev = v;
        }
        let earliest_end = free_at + problem.travel(prev, spec.end);
        if earliest_end > spec.latest_return
            || plan.arrival < earliest_end
            || plan.arrival > spec.latest_return
        {
            bad.push(Violation::LateReturn {
                tour: index,
                arrival: earliest_end,
            });
        }
    }
    if let Some(budget) = problem.budget()
        && cost > budget
    {
        bad.push(Violation::OverBudget { cost, budget });
    }
    if score != solution.score {
        bad.push(Violation::Totals {
            what: "score",
            reported: solution.score,
            actual: score,
        });
    }
    if cost != solution.cost {
        bad.push(Violation::Totals {
            what: "cost",
            reported: solution.cost,
            actual: cost,
        });
    }
    let missing: Vec<VertexId> = (0..n)
        .filter(|&v| problem.is_mandatory(v) && count[v] == 0)
        .collect();
    if missing != solution.missing_mandatory {
        bad.push(Violation::MissingMandatory {
            actual: missing.clone(),
        });
    }
    if bad.is_empty() {
        Ok(Checked {
            score,
            cost,
            missing_mandatory: missing,
        })
    } else {
        Err(bad)
    }
}
