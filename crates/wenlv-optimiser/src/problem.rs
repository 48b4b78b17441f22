//! The problem: vertices, per-tour time windows, tours, travel times, budget, mandatory and
//! forbidden vertices. Immutable once built; [`ProblemBuilder`] validates everything up front so
//! the solver never has to.

use std::fmt;

/// A point in time or a duration, in the caller's integer unit (seconds, minutes, or the
/// benchmark's scaled distance units). Travel times, service durations and windows share it.
pub type Time = i64;
/// A vertex's value; the objective is the sum of the scores of the visited vertices.
pub type Score = i64;
/// What visiting a vertex costs against the budget (e.g. a ticket price in fen).
pub type Cost = i64;
/// Index of a vertex, `0..problem.num_vertices()`.
pub type VertexId = usize;
/// Index of a tour (a day), `0..problem.num_tours()`.
pub type TourId = usize;

/// A time window for the *start* of service: service may start at any `t` with
/// `open <= t <= close` (arriving earlier means waiting until `open`); service may end after
/// `close`. This is the benchmark convention (O, C). A planner that knows a "last admission"
/// time uses it as `close`; one that knows a closing time subtracts the service duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    /// Earliest start of service.
    pub open: Time,
    /// Latest start of service.
    pub close: Time,
}

impl Window {
    /// A window `[open, close]` for the start of service.
    pub fn new(open: Time, close: Time) -> Self {
        Window { open, close }
    }
}

/// One tour (one day): where it starts and ends, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TourSpec {
    /// The vertex the tour leaves from (hotel, station). Never visited as a stop.
    pub start: VertexId,
    /// The vertex the tour returns to. May equal `start`. Never visited as a stop.
    pub end: VertexId,
    /// The tour leaves `start` at this time.
    pub earliest_departure: Time,
    /// The tour must reach `end` by this time.
    pub latest_return: Time,
}

/// A validated problem. Build it with [`ProblemBuilder`].
#[derive(Debug, Clone)]
pub struct Problem {
    pub(crate) n: usize,
    pub(crate) travel: Vec<Time>,
    pub(crate) score: Vec<Score>,
    pub(crate) service: Vec<Time>,
    pub(crate) cost: Vec<Cost>,
    /// `windows[t][v]`: sorted, disjoint windows of vertex `v` on tour `t` (empty = closed).
    pub(crate) windows: Vec<Vec<Vec<Window>>>,
    pub(crate) tours: Vec<TourSpec>,
    pub(crate) budget: Option<Cost>,
    pub(crate) mandatory: Vec<bool>,
    pub(crate) forbidden: Vec<bool>,
    pub(crate) terminal: Vec<bool>,
}

impl Problem {
    /// Number of vertices (stops and terminals).
    pub fn num_vertices(&self) -> usize {
        self.n
    }
    /// Number of tours.
    pub fn num_tours(&self) -> usize {
        self.tours.len()
    }
    /// Travel time from `a` to `b` (asymmetric).
    #[inline]
    pub fn travel(&self, a: VertexId, b: VertexId) -> Time {
        self.travel[a * self.n + b]
    }
    /// Score of vertex `v`.
    pub fn score(&self, v: VertexId) -> Score {
        self.score[v]
    }
    /// Service duration at `v`.
    pub fn service(&self, v: VertexId) -> Time {
        self.service[v]
    }
    /// Budget cost of visiting `v`.
    pub fn cost(&self, v: VertexId) -> Cost {
        self.cost[v]
    }
    /// The windows of `v` on tour `t`, sorted and disjoint; empty means closed that day.
    pub fn windows(&self, t: TourId, v: VertexId) -> &[Window] {
        &self.windows[t][v]
    }
    /// Tour `t`.
    pub fn tour(&self, t: TourId) -> &TourSpec {
        &self.tours[t]
    }
    /// All tours.
    pub fn tours(&self) -> &[TourSpec] {
        &self.tours
    }
    /// The budget (sum of visited costs must not exceed it), if any.
    pub fn budget(&self) -> Option<Cost> {
        self.budget
    }
    /// Whether `v` must be visited (the solver reports it if it cannot place it).
    pub fn is_mandatory(&self, v: VertexId) -> bool {
        self.mandatory[v]
    }
    /// Whether `v` must not be visited.
    pub fn is_forbidden(&self, v: VertexId) -> bool {
        self.forbidden[v]
    }
    /// Whether `v` is the start or end of some tour (terminals are never stops).
    pub fn is_terminal(&self, v: VertexId) -> bool {
        self.terminal[v]
    }
    /// Whether `v` may be a stop at all: not a terminal, not forbidden, open on some tour.
    pub fn is_visitable(&self, v: VertexId) -> bool {
        !self.terminal[v] && !self.forbidden[v] && self.windows.iter().any(|w| !w[v].is_empty())
    }
}

/// Why a problem was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProblemError {
    /// The travel matrix must be `n × n` for `n` vertices.
    #[error("travel matrix has {got} entries, expected {n}×{n} = {}", n * n)]
    MatrixSize {
        /// Number of vertices.
        n: usize,
        /// Number of entries given.
        got: usize,
    },
    /// A travel time is negative.
    #[error("travel time from vertex {from} to vertex {to} is negative ({value})")]
    NegativeTravel {
        /// Origin.
        from: VertexId,
        /// Destination.
        to: VertexId,
        /// The value.
        value: Time,
    },
    /// A vertex id is out of range.
    #[error("{what}: vertex {vertex} does not exist (there are {n} vertices)")]
    UnknownVertex {
        /// Where the id was used.
        what: &'static str,
        /// The id.
        vertex: VertexId,
        /// Number of vertices.
        n: usize,
    },
    /// A tour id is out of range.
    #[error("window of vertex {vertex}: tour {tour} does not exist (there are {m} tours)")]
    UnknownTour {
        /// The vertex whose window names the tour.
        vertex: VertexId,
        /// The id.
        tour: TourId,
        /// Number of tours.
        m: usize,
    },
    /// A window closes before it opens.
    #[error("vertex {vertex}, tour {tour}: window opens at {open} after it closes at {close}")]
    EmptyWindow {
        /// The vertex.
        vertex: VertexId,
        /// The tour.
        tour: TourId,
        /// Open.
        open: Time,
        /// Close.
        close: Time,
    },
    /// A negative score, service duration or cost.
    #[error("vertex {vertex}: {what} is negative ({value})")]
    Negative {
        /// The vertex.
        vertex: VertexId,
        /// Which field.
        what: &'static str,
        /// The value.
        value: i64,
    },
    /// A tour must return no earlier than it leaves.
    #[error(
        "tour {tour}: latest return {latest_return} is before earliest departure {earliest_departure}"
    )]
    TourTime {
        /// The tour.
        tour: TourId,
        /// Departure.
        earliest_departure: Time,
        /// Return.
        latest_return: Time,
    },
    /// A vertex is both mandatory and forbidden, or a terminal marked mandatory.
    #[error("vertex {vertex}: {why}")]
    Contradiction {
        /// The vertex.
        vertex: VertexId,
        /// What contradicts.
        why: &'static str,
    },
    /// The budget is negative.
    #[error("budget is negative ({0})")]
    NegativeBudget(Cost),
    /// No tours.
    #[error("a problem needs at least one tour")]
    NoTours,
}

/// Builds a [`Problem`]. Vertices are added in id order; windows are given per tour.
///
/// ```
/// use wenlv_optimiser::{ProblemBuilder, Window};
/// let mut b = ProblemBuilder::new();
/// let hotel = b.add_vertex(0, 0, 0);
/// let museum = b.add_vertex(10, 60, 3000); // score 10, 60 min, 30 CNY in fen
/// let day = b.add_tour(hotel, hotel, 9 * 60, 18 * 60);
/// b.add_window(museum, day, Window::new(9 * 60, 16 * 60));
/// b.set_travel_matrix(vec![0, 15, 15, 0]);
/// b.set_budget(15_000);
/// let problem = b.build().unwrap();
/// assert_eq!(problem.num_vertices(), 2);
/// ```
#[derive(Debug, Clone, Default)]
pub struct ProblemBuilder {
    score: Vec<Score>,
    service: Vec<Time>,
    cost: Vec<Cost>,
    windows: Vec<(VertexId, TourId, Window)>,
    tours: Vec<TourSpec>,
    travel: Vec<Time>,
    budget: Option<Cost>,
    mandatory: Vec<VertexId>,
    forbidden: Vec<VertexId>,
}

impl ProblemBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a vertex with its score, service duration and budget cost; returns its id.
    pub fn add_vertex(&mut self, score: Score, service: Time, cost: Cost) -> VertexId {
        self.score.push(score);
        self.service.push(service);
        self.cost.push(cost);
        self.score.len() - 1
    }
    /// Adds a tour; returns its id.
    pub fn add_tour(
        &mut self,
        start: VertexId,
        end: VertexId,
        earliest_departure: Time,
        latest_return: Time,
    ) -> TourId {
        self.tours.push(TourSpec {
            start,
            end,
            earliest_departure,
            latest_return,
        });
        self.tours.len() - 1
    }
    /// Adds a window for `vertex` on `tour`. Overlapping windows are merged.
    pub fn add_window(&mut self, vertex: VertexId, tour: TourId, window: Window) -> &mut Self {
        self.windows.push((vertex, tour, window));
        self
    }
    /// Adds the same window on every tour added so far.
    pub fn add_window_all_tours(&mut self, vertex: VertexId, window: Window) -> &mut Self {
        for t in 0..self.tours.len() {
            self.windows.push((vertex, t, window));
        }
        self
    }
    /// Sets the row-major `n × n` travel-time matrix (`matrix[a * n + b]` = time from a to b).
    pub fn set_travel_matrix(&mut self, matrix: Vec<Time>) -> &mut Self {
        self.travel = matrix;
        self
    }
    /// Sets the budget on the sum of visited vertices' costs.
    pub fn set_budget(&mut self, budget: Cost) -> &mut Self {
        self.budget = Some(budget);
        self
    }
    /// Marks a vertex as mandatory.
    pub fn add_mandatory(&mut self, v: VertexId) -> &mut Self {
        self.mandatory.push(v);
        self
    }
    /// Marks a vertex as forbidden.
    pub fn add_forbidden(&mut self, v: VertexId) -> &mut Self {
        self.forbidden.push(v);
        self
    }

    /// Validates and builds the problem.
    pub fn build(&self) -> Result<Problem, ProblemError> {
        let n = self.score.len();
        let m = self.tours.len();
        if m == 0 {
            return Err(ProblemError::NoTours);
        }
        if self.travel.len() != n * n {
            return Err(ProblemError::MatrixSize {
                n,
                got: self.travel.len(),
            });
        }
        for (i, &t) in self.travel.iter().enumerate() {
            if t < 0 {
                return Err(ProblemError::NegativeTravel {
                    from: i / n,
                    to: i % n,
                    value: t,
                });
            }
        }
        for v in 0..n {
            for (what, value) in [
                ("score", self.score[v]),
                ("service duration", self.service[v]),
                ("cost", self.cost[v]),
            ] {
                if value < 0 {
                    return Err(ProblemError::Negative {
                        vertex: v,
                        what,
                        value,
                    });
                }
            }
        }
        if let Some(b) = self.budget
            && b < 0
        {
            return Err(ProblemError::NegativeBudget(b));
        }
        let check = |what, vertex: VertexId| {
            if vertex >= n {
                Err(ProblemError::UnknownVertex { what, vertex, n })
            } else {
                Ok(())
            }
        };
        let mut terminal = vec![false; n];
        for (t, tour) in self.tours.iter().enumerate() {
            check("tour start", tour.start)?;
            check("tour end", tour.end)?;
            if tour.latest_return < tour.earliest_departure {
                return Err(ProblemError::TourTime {
                    tour: t,
                    earliest_departure: tour.earliest_departure,
                    latest_return: tour.latest_return,
                });
            }
            terminal[tour.start] = true;
            terminal[tour.end] = true;
        }
        let mut windows = vec![vec![Vec::new(); n]; m];
        for &(v, t, w) in &self.windows {
            check("window", v)?;
            if t >= m {
                return Err(ProblemError::UnknownTour {
                    vertex: v,
                    tour: t,
                    m,
                });
            }
            if w.close < w.open {
                return Err(ProblemError::EmptyWindow {
                    vertex: v,
                    tour: t,
                    open: w.open,
                    close: w.close,
                });
            }
            windows[t][v].push(w);
        }
        for per_tour in &mut windows {
            for ws in per_tour.iter_mut() {
                ws.sort_by_key(|w| (w.open, w.close));
                let mut merged: Vec<Window> = Vec::with_capacity(ws.len());
                for &w in ws.iter() {
                    match merged.last_mut() {
                        Some(last) if w.open <= last.close => last.close = last.close.max(w.close),
                        _ => merged.push(w),
                    }
                }
                *ws = merged;
            }
        }
        let mut mandatory = vec![false; n];
        let mut forbidden = vec![false; n];
        for &v in &self.forbidden {
            check("forbidden", v)?;
            forbidden[v] = true;
        }
        for &v in &self.mandatory {
            check("mandatory", v)?;
            if forbidden[v] {
                return Err(ProblemError::Contradiction {
                    vertex: v,
                    why: "both mandatory and forbidden",
                });
            }
            if terminal[v] {
                return Err(ProblemError::Contradiction {
                    vertex: v,
                    why: "a tour start or end cannot be a mandatory stop",
                });
            }
            mandatory[v] = true;
        }
        Ok(Problem {
            n,
            travel: self.travel.clone(),
            score: self.score.clone(),
            service: self.service.clone(),
            cost: self.cost.clone(),
            windows,
            tours: self.tours.clone(),
            budget: self.budget,
            mandatory,
            forbidden,
            terminal,
        })
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}, {}]", self.open, self.close)
    }
}
