//! A solver for the Team Orienteering Problem with Time Windows (TOPTW): choose which vertices
//! to visit on `m` tours (days), in which order and when, to maximise the total score.
//!
//! The model is the planner's: each vertex has a score, a service duration, a budget cost and,
//! **per tour**, zero, one or several time windows for the start of service ([`Window`]: `open`
//! = earliest start, `close` = latest *start*, the benchmark convention). Each tour has its own
//! start and end vertex and `[earliest departure, latest return]`; travel times are an
//! asymmetric integer matrix; an optional budget caps the sum of costs; vertices may be
//! mandatory or forbidden. Every vertex is visited at most once over all tours. All measures are
//! integers ([`Time`], [`Score`], [`Cost`]): no floating point in the objective.
//!
//! ```
//! use std::time::Duration;
//! use wenlv_optimiser::{check, solve, ProblemBuilder, SolverParams, Window};
//! let mut b = ProblemBuilder::new();
//! let hotel = b.add_vertex(0, 0, 0);
//! let temple = b.add_vertex(30, 90, 5000);
//! let museum = b.add_vertex(20, 60, 0);
//! let day = b.add_tour(hotel, hotel, 540, 1080);
//! b.add_window(temple, day, Window::new(540, 960));
//! b.add_window(museum, day, Window::new(540, 690)); // lunch break:
//! b.add_window(museum, day, Window::new(780, 990)); // two windows
//! b.set_travel_matrix(vec![0, 20, 30, 20, 0, 25, 30, 25, 0]);
//! let problem = b.build().unwrap();
//! let solution = solve(&problem, &SolverParams::iterations(1, 100));
//! assert_eq!(solution.score, 50);
//! check(&problem, &solution).unwrap();
//! ```
//!
//! # The method, and why
//!
//! **Ruin and recreate with simulated-annealing acceptance** (the scheme of Schrimpf et al.
//! 2000, in the form of Christiaens & Vanden Berghe's SISR 2020), specialised to orienteering:
//!
//! - *ruin* removes some stops (up to ⅓ of them, at most 30, and always up to 5 so that small
//!   plans can be rebuilt wholesale), one of four ways with equal odds: a string of consecutive
//!   stops in one or two tours, random stops, the stops nearest to a random place, or the stops
//!   most *related* to a random stop (Shaw 1998): travel time plus 5 × the difference of start
//!   times, whatever their tour. The last frees the same part of the day near the same place on
//!   every tour at once, so that stops can change tours and the tours can be re-cut; it was
//!   added for the multi-tour cases, where one- or two-tour strings left the tours' division of
//!   the day fixed (pr04–06 and pr08–10 with 3 and 4 tours at 5,000 iterations: average gap
//!   about 0.3 points lower, on each of two sets of seeds);
//! - *recreate* inserts unvisited vertices greedily by `score^α / added time` (α ∈ {1, 2}, the
//!   classic orienteering ratio of Vansteenwegen et al.'s ILS) at their cheapest feasible
//!   position in any tour, with random noise on the ratio, until nothing fits. In half of the
//!   iterations (*local* ones) only the stops just removed and the vertices *related* to them
//!   are candidates: each vertex's 40 nearest by travel time plus the gap between their
//!   windows. Before the ruin nothing fitted anywhere, so what fits now is mostly where the
//!   ruin made room; this roughly halves the cost of such an iteration with 3 or 4 tours (the
//!   unvisited pool, not the tours, is what recreate spends its time on). Whenever a local one
//!   gives a new best, a full greedy pass over all unvisited vertices completes it first, so a
//!   best never leaves a vertex out that would still fit. (Local pools in *every* iteration
//!   were faster still but worse with 1 and 2 tours, where many more vertices are unvisited
//!   and a removal's room spreads along one long tour.) Half of the
//!   time the vertices just removed (mandatory ones excepted) may only come back after the
//!   others had their chance, which forces a change; in half of the iterations SISR's *blinks*
//!   skip some (candidate, tour) pairs and some positions, so that the greedy choice is not
//!   always the same, nor always the tour that suits a vertex best (blinking whole candidates
//!   only, which is cheaper, lost the brute-force optimum of a small budgeted instance);
//! - the new solution replaces the current one if `score − λ·time used` is not worse than a
//!   random threshold below the current one (temperature cooling from 1 to 0.05 × the mean
//!   vertex score over the run; λ values time at 0.3 × the mean score per mean visit time, so
//!   compact tours that leave room are preferred without ever being the goal). The best
//!   solution is kept by score, ties broken by time used. After 4,000 iterations without a new
//!   best the search goes back to the best.
//!
//! Why this rather than ILS, GRASP-ELS, HGS or ALNS with many operators: removal-and-greedy-
//! reinsertion subsumes the usual neighbourhoods — *insert* (recreate), *remove*, *replace*
//! (remove one, insert another), *relocate between tours* and *swap* (remove both, reinsert
//! elsewhere), and *2-opt*-like reorderings of short strings (a removed string comes back in
//! another order) — with one fast primitive, the O(1) insertion test. An iteration costs tens
//! of microseconds, so a second gives thousands to tens of thousands of iterations; SISR reaches
//! state-of-the-art results on VRPs with time windows with exactly this structure, and a
//! population (HGS) buys little on problems whose solutions are small and whose hard part is
//! *which* vertices to visit, not *how* to route them.
//!
//! Insertion feasibility uses the wait / max-shift bookkeeping of Vansteenwegen et al. (2009):
//! each position keeps how much its arrival may be delayed (its wait plus the room to its
//! window's close and the next position's slack). With several windows per vertex this is a
//! safe lower bound (it assumes the same window); when it fails on a tour with multi-window
//! stops, the tail is replayed exactly, stopping as soon as the new schedule is no later than
//! the old one.
//!
//! Profiling (perf) showed that evaluating insertions is nearly all the time, so recreate
//! avoids re-evaluating: best insertions are cached per (vertex, tour) under a version number
//! that changes with the tour; and after an insertion that respects the triangle inequality
//! (`d(p,v) + service(v) + d(v,n) ≥ d(p,n)`) a vertex that fitted nowhere in that tour can only
//! fit on the two new edges, so only those are tested (exact: any feasible insertion elsewhere
//! would stay feasible with the new vertex removed). A vertex that fitted is re-tested at its
//! old position and the two new edges (a cheaper position elsewhere may be missed; feasibility
//! is always exact).
//!
//! At a fixed time the iteration count is what matters most (pr01–pr10 with 3 and 4 tours:
//! twice the iterations cut the average gap by about 0.6 points), so a second round of
//! profiling (callgrind) cut the cost of an iteration further, without changing what is
//! evaluated:
//! - a route keeps each position's latest feasible arrival (`arr + slack`), which never
//!   decreases along the route; each vertex keeps per tour its *band*: first open + service
//!   and last close. A full insertion scan starts at the first position whose successor's
//!   latest arrival admits the band (binary search) and stops at the first departure after
//!   the last close. The windows of the benchmark (and of a city) are narrow next to a day, so
//!   a scan looks at a few positions instead of the whole route. (With a multi-window stop on
//!   the route the slack test is only sufficient and the scan starts at the beginning.);
//! - after an insertion, a vertex that fitted nowhere in that route and whose band rules out
//!   both new edges is skipped without touching the cache or the route.
//!
//! Together about 1.4× fewer instructions per iteration than before (callgrind, pr10 with 4
//! tours, 3,000 iterations: 4.6 → 3.2 billion), and with the local pools about 1.5× the
//! iterations per second with 3 and 4 tours.
//!
//! Determinism: all randomness comes from a seeded [`rand_pcg::Pcg64Mcg`]; with only an
//! iteration limit nothing depends on the clock.
//!
//! Independent checking: [`check`] replays every returned tour from the raw data and shares no
//! code with the solver.

mod check;
pub mod instance;
mod problem;
mod solution;
mod solver;

pub use check::{Checked, Violation, check};
pub use problem::{
    Cost, Problem, ProblemBuilder, ProblemError, Score, Time, TourId, TourSpec, VertexId, Window,
};
pub use solution::{Solution, SolveStats, TourPlan, Visit};
pub use solver::{SolverParams, solve};
