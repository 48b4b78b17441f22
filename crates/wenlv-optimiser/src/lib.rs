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
//! - *ruin* removes a few stops (1 to ~⅙ of them): a string of consecutive stops in one or two
//!   tours, random stops, or the stops nearest to a random place;
//! - *recreate* inserts unvisited vertices greedily by `score^α / added time` (α ∈ {1, 2}, the
//!   classic orienteering ratio of Vansteenwegen et al.'s ILS) at their cheapest feasible
//!   position in any tour, with random noise on the ratio, until nothing fits;
//! - the new solution replaces the current one if its score is not worse than a random
//!   threshold below the current score (temperature cooling from 0.3 to 0.01 × the mean vertex
//!   score over the run); ties on score prefer less time used. After long stagnation the search
//!   restarts from the best solution.
//!
//! Why this rather than ILS, GRASP-ELS, HGS or ALNS with many operators: removal-and-greedy-
//! reinsertion subsumes the usual neighbourhoods — *insert* (recreate), *remove*, *replace*
//! (remove one, insert another), *relocate between tours* and *swap* (remove both, reinsert
//! elsewhere), and short reversals (a removed string comes back in another order) — with one
//! fast primitive, the O(1) insertion test. Each iteration is tens of microseconds, so a second
//! gives tens of thousands of iterations; SISR reaches state-of-the-art results on VRPs with
//! time windows with exactly this structure, and a population (HGS) buys little on problems
//! whose solutions are small and whose hard part is *which* vertices, not *how* to route them.
//!
//! Insertion feasibility uses the wait / max-shift bookkeeping of Vansteenwegen et al. (2009):
//! each position keeps how much its arrival may be delayed (its wait plus the room to its
//! window's close and the next position's slack). With several windows per vertex this is a
//! safe lower bound (it assumes the same window); when it fails on a tour with multi-window
//! stops, the tail is replayed exactly, stopping as soon as the new schedule is no later than
//! the old one.
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
