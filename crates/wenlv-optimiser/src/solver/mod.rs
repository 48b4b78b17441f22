//! The search: ruin and recreate with simulated-annealing acceptance (see the crate docs for
//! why).

mod route;

use std::time::{Duration, Instant};

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use crate::problem::{Cost, Problem, Score, Time, TourSpec, Window};
use crate::solution::{Solution, SolveStats};
use route::Route;

// Tuned on pr02/04/06/08/10 with 2 and 4 tours at fixed iteration counts (see the README).
/// Start and end temperature of the annealing, in units of the mean vertex score.
const TEMPERATURE_START: f64 = 1.0;
const TEMPERATURE_END: f64 = 0.05;
/// Weight of time used in the acceptance test (not in the result): see `run`.
const TIME_VALUE: f64 = 0.3;
/// A ruin removes up to 1/RUIN_FRACTION of the stops, at most RUIN_MAX, and always allows up
/// to RUIN_MIN (small solutions need to be rebuilt wholesale to escape).
const RUIN_FRACTION: usize = 3;
const RUIN_MAX: usize = 30;
const RUIN_MIN: usize = 5;
/// Share of iterations whose recreate first inserts only vertices that were not just removed.
const P_EXCLUDE_REMOVED: f64 = 0.5;
/// Shaw removal's relatedness: travel time plus this times the difference of start times.
const SHAW_TIME_WEIGHT: f64 = 5.0;
/// Share of iterations that recreate from a local pool (see `recreate`).
const P_LOCAL: f64 = 0.5;
/// Length of each vertex's `related` list.
const RELATED: usize = 40;
/// Iterations without a new best after which the search goes back to the best.
const RESTART_AFTER: u64 = 4000;

/// How long to search and with which seed.
#[derive(Debug, Clone)]
pub struct SolverParams {
    /// Seed of the random generator: same seed + same iteration limit (and no time limit) ⇒
    /// same solution.
    pub seed: u64,
    /// Stop after this wall time.
    pub time_limit: Option<Duration>,
    /// Stop after this many iterations (one ruin + recreate each).
    pub max_iterations: Option<u64>,
    /// Stop as soon as a solution with at least this score (and every mandatory vertex placed)
    /// is found.
    pub target_score: Option<Score>,
}

impl Default for SolverParams {
    /// One second, seed 0.
    fn default() -> Self {
        SolverParams {
            seed: 0,
            time_limit: Some(Duration::from_secs(1)),
            max_iterations: None,
            target_score: None,
        }
    }
}

impl SolverParams {
    /// A deterministic budget: `iterations` iterations, no time limit.
    pub fn iterations(seed: u64, iterations: u64) -> Self {
        SolverParams {
            seed,
            time_limit: None,
            max_iterations: Some(iterations),
            target_score: None,
        }
    }
    /// A wall-time budget.
    pub fn time(seed: u64, limit: Duration) -> Self {
        SolverParams {
            seed,
            time_limit: Some(limit),
            max_iterations: None,
            target_score: None,
        }
    }
}

/// Read-only data laid out for the hot loops.
pub(crate) struct Ctx {
    n: usize,
    travel: Vec<Time>,
    /// Transposed travel matrix: `travel_t[v * n + u]` = time from u to v.
    travel_t: Vec<Time>,
    pub(crate) service: Vec<Time>,
    /// Internal value: the score, plus a bonus above every total score for mandatory vertices
    /// so that placing one always outweighs any number of ordinary ones.
    prio: Vec<i64>,
    score: Vec<Score>,
    cost: Vec<Cost>,
    /// `windows[t * n + v]`.
    windows: Vec<Vec<Window>>,
    /// `band[t * n + v]`: (first open + service, last close) of `v` on tour `t`, `(MAX, MIN)`
    /// when closed: where in a route `v` could go at all, without following `windows`.
    band: Vec<(Time, Time)>,
    pub(crate) tours: Vec<TourSpec>,
    budget: Cost,
    /// Vertices that may be stops.
    candidates: Vec<u32>,
    /// For each vertex, the candidates sorted by travel time (both directions) from it.
    neighbours: Vec<Vec<u32>>,
    /// For each vertex, the candidates that could follow or precede it on some tour, nearest
    /// first by travel time plus the gap between their windows: where an insertion is likely
    /// once it has left (see `Search::recreate`).
    related: Vec<Vec<u32>>,
}

impl Ctx {
    fn new(p: &Problem) -> Ctx {
        let n = p.n;
        let mut travel_t = vec![0; n * n];
        for a in 0..n {
            for b in 0..n {
                travel_t[b * n + a] = p.travel[a * n + b];
            }
        }
        let total: i64 = p.score.iter().sum();
        let prio = (0..n)
            .map(|v| p.score[v] + if p.mandatory[v] { total + 1 } else { 0 })
            .collect();
        let mut windows = Vec::with_capacity(n * p.tours.len());
        for t in 0..p.tours.len() {
            for v in 0..n {
                windows.push(p.windows[t][v].clone());
            }
        }
        let band = (0..p.tours.len() * n)
            .map(|i| {
                let (ws, v) = (&windows[i], i % n);
                match (ws.first(), ws.last()) {
                    (Some(f), Some(l)) => (f.open + p.service[v], l.close),
                    _ => (Time::MAX, Time::MIN),
                }
            })
            .collect();
        let candidates: Vec<u32> = (0..n)
            .filter(|&v| p.is_visitable(v))
            .map(|v| v as u32)
            .collect();
        let k = candidates.len().min(40);
        let neighbours = (0..n)
            .map(|v| {
                let mut c: Vec<u32> = candidates
                    .iter()
                    .copied()
                    .filter(|&u| u as usize != v)
                    .collect();
                c.sort_by_key(|&u| p.travel[v * n + u as usize].min(p.travel[u as usize * n + v]));
                c.truncate(k);
                c
            })
            .collect();
        // Gap between the windows of `a` and `b` on the tour where they are closest; `None`
        // if no tour has both open.
        let gap = |a: usize, b: usize| -> Option<Time> {
            (0..p.tours.len())
                .filter_map(|t| {
                    let (wa, wb) = (&p.windows[t][a], &p.windows[t][b]);
                    let (fa, la) = (wa.first()?, wa.last()?);
                    let (fb, lb) = (wb.first()?, wb.last()?);
                    Some((fb.open - la.close).max(fa.open - lb.close).max(0))
                })
                .min()
        };
        let related = (0..n)
            .map(|v| {
                if !p.is_visitable(v) {
                    return Vec::new();
                }
                let mut c: Vec<(Time, u32)> = candidates
                    .iter()
                    .filter(|&&u| u as usize != v)
                    .filter_map(|&u| {
                        let u_ = u as usize;
                        let d = p.travel[v * n + u_].min(p.travel[u_ * n + v]);
                        gap(v, u_).map(|g| (d + g, u))
                    })
                    .collect();
                let k = c.len().min(RELATED);
                if k > 0 && k < c.len() {
                    c.select_nth_unstable(k - 1);
                    c.truncate(k);
                }
                c.sort_unstable();
                c.into_iter().map(|(_, u)| u).collect()
            })
            .collect();
        Ctx {
            related,
            n,
            travel: p.travel.clone(),
            travel_t,
            service: p.service.clone(),
            prio,
            score: p.score.clone(),
            cost: p.cost.clone(),
            windows,
            band,
            tours: p.tours.clone(),
            budget: p.budget.unwrap_or(Cost::MAX),
            candidates,
            neighbours,
        }
    }

    #[inline]
    pub(crate) fn dist(&self, a: usize, b: usize) -> Time {
        self.travel[a * self.n + b]
    }
    /// Travel times from `v` to every vertex.
    #[inline]
    pub(crate) fn row(&self, v: usize) -> &[Time] {
        &self.travel[v * self.n..(v + 1) * self.n]
    }
    /// Travel times from every vertex to `v`.
    #[inline]
    pub(crate) fn col(&self, v: usize) -> &[Time] {
        &self.travel_t[v * self.n..(v + 1) * self.n]
    }
    #[inline]
    pub(crate) fn band(&self, t: usize, v: usize) -> (Time, Time) {
        self.band[t * self.n + v]
    }
    #[inline]
    pub(crate) fn windows(&self, t: usize, v: usize) -> &[Window] {
        &self.windows[t * self.n + v]
    }
    /// Earliest start of service at `v` on tour `t` when arriving at `a`.
    #[inline]
    pub(crate) fn earliest_start(&self, t: usize, v: usize, a: Time) -> Option<Time> {
        self.windows(t, v)
            .iter()
            .find(|w| w.close >= a)
            .map(|w| a.max(w.open))
    }
}

#[derive(Debug, Clone, Default)]
struct State {
    routes: Vec<Route>,
    /// Route of each vertex, or `u32::MAX` when unvisited.
    route_of: Vec<u32>,
    prio: i64,
    cost: Cost,
    /// Sum of the routes' end arrivals: the tie-breaker (less time used = more room).
    used: Time,
}

impl State {
    fn empty(ctx: &Ctx) -> State {
        let routes: Vec<Route> = (0..ctx.tours.len()).map(|t| Route::new(ctx, t)).collect();
        let used = routes.iter().map(|r| r.arr[r.nodes.len() - 1]).sum();
        State {
            routes,
            route_of: vec![u32::MAX; ctx.n],
            prio: 0,
            cost: 0,
            used,
        }
    }

    fn refresh_used(&mut self) {
        self.used = self.routes.iter().map(|r| r.arr[r.nodes.len() - 1]).sum();
    }

    fn visited(&self) -> usize {
        self.routes.iter().map(Route::len).sum()
    }

    fn better_than(&self, other: &State) -> bool {
        self.prio > other.prio || (self.prio == other.prio && self.used < other.used)
    }
}

/// Scratch space for the recreate step, reused across iterations.
#[derive(Default)]
struct Recreate {
    /// Unvisited candidates affordable at the start of the step.
    pool: Vec<u32>,
    /// `best[k * m + t]`: best insertion of `pool[k]` into route `t`, with its noisy ratio.
    best: Vec<Option<(f64, usize)>>,
}

impl Recreate {
    /// Drops `pool[k]` (by swapping the last one in).
    fn remove(&mut self, k: usize, m: usize) {
        self.pool.swap_remove(k);
        let last = self.pool.len();
        for t in 0..m {
            self.best[k * m + t] = self.best[last * m + t];
        }
        self.best.truncate(last * m);
    }
}

struct Search<'a> {
    ctx: Ctx,
    rng: Pcg64Mcg,
    params: &'a SolverParams,
    started: Instant,
    scratch: Recreate,
    removed: Vec<u32>,
    mean_score: f64,
    mean_visit_time: f64,
    /// Source of route versions: every changed route gets a new one, so a cached insertion
    /// is valid exactly when its version matches the route's.
    version: u64,
    /// `cache[v * m + t]`: (route version, delta, position or `u32::MAX` if none) of the best
    /// insertion of `v` into route `t`, shared by all states.
    cache: Vec<(u64, Time, u32)>,
    /// Scratch for Shaw removal: (relatedness, vertex, route) of every stop.
    related: Vec<(Time, u32, u32)>,
    /// `mark[v] == stamp`: `v` is in this iteration's local pool.
    mark: Vec<u32>,
    stamp: u32,
}

/// Solves `problem` within `params`' limits and returns the best solution found.
///
/// Never fails: an empty plan is a valid (if poor) answer; mandatory vertices that could not be
/// placed are listed in [`Solution::missing_mandatory`].
pub fn solve(problem: &Problem, params: &SolverParams) -> Solution {
    let ctx = Ctx::new(problem);
    let visitable = ctx.candidates.len().max(1) as f64;
    let mean_score = ctx
        .candidates
        .iter()
        .map(|&v| problem.score[v as usize] as f64)
        .sum::<f64>()
        / visitable;
    let mut s = Search {
        ctx,
        rng: Pcg64Mcg::seed_from_u64(params.seed),
        params,
        started: Instant::now(),
        scratch: Recreate::default(),
        removed: Vec::new(),
        mean_score: mean_score.max(1.0),
        mean_visit_time: 1.0,
        version: 0,
        cache: Vec::new(),
        related: Vec::new(),
        mark: vec![0; problem.n],
        stamp: 0,
    };
    s.cache = vec![(u64::MAX, 0, u32::MAX); problem.n * problem.tours.len()];
    s.mean_visit_time = (s
        .ctx
        .candidates
        .iter()
        .map(|&v| {
            let v = v as usize;
            let near = s.ctx.neighbours[v]
                .first()
                .map_or(0, |&u| s.ctx.dist(u as usize, v));
            (s.ctx.service[v] + near) as f64
        })
        .sum::<f64>()
        / visitable)
        .max(1.0);
    let (best, stats) = s.run();
    let seqs: Vec<Vec<usize>> = best
        .routes
        .iter()
        .map(|r| r.stops().iter().map(|&v| v as usize).collect())
        .collect();
    let mut sol =
        Solution::from_sequences(problem, &seqs).expect("the solver only keeps feasible routes");
    sol.stats = stats;
    sol
}

impl Search<'_> {
    fn progress(&self, iteration: u64) -> f64 {
        let mut f: f64 = 0.0;
        if let Some(limit) = self.params.time_limit {
            f = f.max(self.started.elapsed().as_secs_f64() / limit.as_secs_f64().max(1e-9));
        }
        if let Some(max) = self.params.max_iterations {
            f = f.max(iteration as f64 / max.max(1) as f64);
        }
        f.min(1.0)
    }

    fn done(&self, iteration: u64, best: &State, real_score: Score) -> bool {
        if let Some(max) = self.params.max_iterations
            && iteration >= max
        {
            return true;
        }
        if let Some(limit) = self.params.time_limit
            && self.started.elapsed() >= limit
        {
            return true;
        }
        if let Some(target) = self.params.target_score {
            let mandatory_ok = best.prio == real_score;
            if mandatory_ok && real_score >= target {
                return true;
            }
        }
        // Everything that can be visited is: nothing left to gain.
        best.visited() == self.ctx.candidates.len()
    }

    fn real_score(&self, st: &State) -> Score {
        st.routes
            .iter()
            .flat_map(|r| r.stops())
            .map(|&v| self.ctx.score[v as usize])
            .sum()
    }

    fn run(&mut self) -> (State, SolveStats) {
        let mut cur = State::empty(&self.ctx);
        self.recreate(&mut cur, 0.0, 2.0, 0.0, false, false);
        let mut best = cur.clone();
        let mut best_real = self.real_score(&best);
        let mut stats = SolveStats {
            best_elapsed: self.started.elapsed(),
            ..SolveStats::default()
        };
        let mut cand = cur.clone();
        let mut iteration: u64 = 0;
        let mut since_best: u64 = 0;
        let t0 = TEMPERATURE_START * self.mean_score;
        let t1 = TEMPERATURE_END * self.mean_score;
        // Value of time in score units: the mean score per mean time a visit takes (service
        // plus the trip from its nearest neighbour), scaled down.
        let lambda = TIME_VALUE * self.mean_score / self.mean_visit_time;
        while !self.done(iteration, &best, best_real) {
            iteration += 1;
            since_best += 1;
            let frac = self.progress(iteration);
            let temp = t0 * (t1 / t0).powf(frac);
            cand.clone_from(&cur);
            if !self.ruin(&mut cand) {
                continue;
            }
            let noise = [0.0, 0.1, 0.3][self.rng.random_range(0..3)];
            let alpha = if self.rng.random_bool(0.5) { 1.0 } else { 2.0 };
            let blink = if self.rng.random_bool(0.5) { 0.0 } else { 0.05 };
            let local = self.rng.random_bool(P_LOCAL);
            if self.rng.random_bool(P_EXCLUDE_REMOVED) {
                // Removed stops come back only after the others had their chance: forces a change.
                self.recreate(&mut cand, noise, alpha, blink, true, local);
            }
            self.recreate(&mut cand, noise, alpha, blink, false, local);
            let f = |st: &State| st.prio as f64 - lambda * st.used as f64;
            let threshold = f(&cur) + temp * self.rng.random::<f64>().max(1e-300).ln();
            if f(&cand) > threshold || !cur.better_than(&cand) {
                std::mem::swap(&mut cur, &mut cand);
                if local && cur.better_than(&best) {
                    // Complete a new best with the whole pool (the iterations only look at the
                    // vertices related to what they removed).
                    self.removed.clear();
                    self.recreate(&mut cur, 0.0, 2.0, 0.0, false, false);
                }
                if cur.better_than(&best) {
                    best.clone_from(&cur);
                    best_real = self.real_score(&best);
                    stats.best_iteration = iteration;
                    stats.best_elapsed = self.started.elapsed();
                    since_best = 0;
                }
            }
            if since_best > 0 && since_best.is_multiple_of(RESTART_AFTER) {
                cur.clone_from(&best);
            }
        }
        stats.iterations = iteration;
        stats.elapsed = self.started.elapsed();
        (best, stats)
    }

    /// Removes some stops. Returns false if the result is infeasible (possible only when
    /// travel times break the triangle inequality); the iteration is then skipped.
    fn ruin(&mut self, st: &mut State) -> bool {
        let visited = st.visited();
        if visited == 0 {
            return true;
        }
        let max_k = (visited / RUIN_FRACTION)
            .min(RUIN_MAX)
            .max(visited.min(RUIN_MIN));
        let k = self.rng.random_range(1..=max_k);
        let mut touched = 0u64;
        self.removed.clear();
        match self.rng.random_range(0..4) {
            0 => {
                // A string of consecutive stops in one or two routes.
                let mut left = k;
                for _ in 0..2 {
                    let nonempty: Vec<usize> = (0..st.routes.len())
                        .filter(|&t| st.routes[t].len() > 0)
                        .collect();
                    if nonempty.is_empty() || left == 0 {
                        break;
                    }
                    let t = nonempty[self.rng.random_range(0..nonempty.len())];
                    let r = &mut st.routes[t];
                    let len = self.rng.random_range(1..=left.min(r.len()));
                    let from = 1 + self.rng.random_range(0..=r.len() - len);
                    for &v in &r.nodes[from..from + len] {
                        self.removed.push(v);
                        st.route_of[v as usize] = u32::MAX;
                        st.prio -= self.ctx.prio[v as usize];
                        st.cost -= self.ctx.cost[v as usize];
                    }
                    r.nodes.drain(from..from + len);
                    touched |= 1 << t.min(63);
                    left -= len;
                    if self.rng.random_bool(0.5) {
                        break;
                    }
                }
            }
            1 => {
                // Random stops anywhere.
                for _ in 0..k {
                    let nonempty: Vec<usize> = (0..st.routes.len())
                        .filter(|&t| st.routes[t].len() > 0)
                        .collect();
                    if nonempty.is_empty() {
                        break;
                    }
                    let t = nonempty[self.rng.random_range(0..nonempty.len())];
                    let r = &mut st.routes[t];
                    let pos = 1 + self.rng.random_range(0..r.len());
                    let v = r.nodes.remove(pos) as usize;
                    self.removed.push(v as u32);
                    st.route_of[v] = u32::MAX;
                    st.prio -= self.ctx.prio[v];
                    st.cost -= self.ctx.cost[v];
                    touched |= 1 << t.min(63);
                }
            }
            2 => {
                // Shaw's related removal, in space *and* time: the stops closest to a random
                // stop by travel time plus difference of start times, whatever their tour. It
                // frees the same stretch of the day near the same place on every tour, so
                // stops can trade tours and neighbours.
                let mut stops = std::mem::take(&mut self.related);
                stops.clear();
                for (t, r) in st.routes.iter().enumerate() {
                    for i in 1..r.nodes.len() - 1 {
                        let v = r.nodes[i] as usize;
                        stops.push((r.leave[i] - self.ctx.service[v], v as u32, t as u32));
                    }
                }
                let (s0, seed, _) = stops[self.rng.random_range(0..stops.len())];
                let w = SHAW_TIME_WEIGHT;
                let (seed, row, col) = (
                    seed as usize,
                    self.ctx.row(seed as usize),
                    self.ctx.col(seed as usize),
                );
                for e in stops.iter_mut() {
                    let u = e.1 as usize;
                    let d = row[u].min(col[u]);
                    e.0 = if u == seed {
                        Time::MIN
                    } else {
                        d + ((e.0 - s0).abs() as f64 * w) as Time
                    };
                }
                let k = k.min(stops.len());
                if k < stops.len() {
                    stops.select_nth_unstable(k - 1);
                }
                for &(_, v, t) in &stops[..k] {
                    self.removed.push(v);
                    let r = &mut st.routes[t as usize];
                    let pos = r.nodes.iter().position(|&x| x == v).expect("in its route");
                    r.nodes.remove(pos);
                    st.route_of[v as usize] = u32::MAX;
                    st.prio -= self.ctx.prio[v as usize];
                    st.cost -= self.ctx.cost[v as usize];
                    touched |= 1 << (t as usize).min(63);
                }
                self.related = stops;
            }
            _ => {
                // Stops near a random place (visited or not): makes room where it is crowded.
                let c = &self.ctx.candidates;
                let seed = c[self.rng.random_range(0..c.len())] as usize;
                if st.route_of[seed] != u32::MAX {
                    self.removed.push(seed as u32);
                }
                for &u in &self.ctx.neighbours[seed] {
                    if self.removed.len() >= k {
                        break;
                    }
                    if st.route_of[u as usize] != u32::MAX {
                        self.removed.push(u);
                    }
                }
                for &v in &self.removed {
                    let t = st.route_of[v as usize] as usize;
                    let r = &mut st.routes[t];
                    let pos = r.nodes.iter().position(|&x| x == v).expect("in its route");
                    r.nodes.remove(pos);
                    st.route_of[v as usize] = u32::MAX;
                    st.prio -= self.ctx.prio[v as usize];
                    st.cost -= self.ctx.cost[v as usize];
                    touched |= 1 << t.min(63);
                }
            }
        }
        for t in 0..st.routes.len() {
            if (touched >> t.min(63)) & 1 == 1 || t >= 63 {
                self.version += 1;
                st.routes[t].version = self.version;
                if !st.routes[t].update(&self.ctx) {
                    return false;
                }
            }
        }
        st.refresh_used();
        true
    }

    /// Greedy insertion by value per added time (`score^alpha / delta`), with multiplicative
    /// noise, until nothing more fits.
    fn recreate(
        &mut self,
        st: &mut State,
        noise: f64,
        alpha: f64,
        blink: f64,
        exclude_removed: bool,
        local: bool,
    ) {
        let m = st.routes.len();
        if local {
            // Only the stops just removed and the vertices related to them: before the ruin
            // nothing fitted anywhere, so a place is most likely where the ruin made room. The
            // others are caught when a new best is completed with the whole pool (`run`).
            self.stamp = self.stamp.wrapping_add(1);
            if self.stamp == 0 {
                self.mark.fill(0);
                self.stamp = 1;
            }
            for &r in &self.removed {
                self.mark[r as usize] = self.stamp;
                for &u in &self.ctx.related[r as usize] {
                    self.mark[u as usize] = self.stamp;
                }
            }
        }
        let sc = &mut self.scratch;
        sc.pool.clear();
        let room = self.ctx.budget - st.cost;
        for &v in &self.ctx.candidates {
            if st.route_of[v as usize] == u32::MAX
                // Mandatory vertices are always in the pool.
                && (!local
                    || self.mark[v as usize] == self.stamp
                    || self.ctx.prio[v as usize] != self.ctx.score[v as usize])
                && self.ctx.cost[v as usize] <= room
                // Mandatory vertices are never held back: they must get their places first.
                && !(exclude_removed
                    && self.ctx.prio[v as usize] == self.ctx.score[v as usize]
                    && self.removed.contains(&v))
            {
                sc.pool.push(v);
            }
        }
        sc.best.clear();
        sc.best.resize(sc.pool.len() * m, None);
        // The route changed by the last insertion and where, if the insertion respected the
        // triangle inequality; `None`: evaluate every route fully.
        let mut dirty: Option<(usize, Option<usize>)> = None;
        loop {
            let room = self.ctx.budget - st.cost;
            let mut choice: Option<(f64, usize, usize)> = None;
            let mut k = 0;
            while k < sc.pool.len() {
                let v = sc.pool[k] as usize;
                if self.ctx.cost[v] > room {
                    sc.remove(k, m);
                    continue;
                }
                // Fast path for the common case: `v` fitted nowhere in the changed route
                // and its windows rule out both new edges (see `Route::may_take`), so none of
                // its entries changed.
                let unchanged = match dirty {
                    Some((d, Some(at)))
                        if sc.best[k * m + d].is_none()
                            && !st.routes[d].may_take(self.ctx.band(d, v), at)
                            && !st.routes[d].may_take(self.ctx.band(d, v), at + 1) =>
                    {
                        // Still fits nowhere: keep the cache current for a later round.
                        self.cache[v * m + d] = (st.routes[d].version, 0, u32::MAX);
                        true
                    }
                    _ => false,
                };
                let p = self.ctx.prio[v] as f64;
                let value = if alpha > 1.5 { p * p } else { p };
                let (lo, hi) = match dirty {
                    _ if unchanged => (0, 0),
                    Some((d, _)) => (d, d + 1),
                    None => (0, m),
                };
                for t in lo..hi {
                    let route = &st.routes[t];
                    let slot = self.cache[v * m + t];
                    let found = if slot.0 == route.version {
                        (slot.2 != u32::MAX).then_some((slot.1, slot.2 as usize))
                    } else {
                        let around = match dirty {
                            Some((_, Some(at))) => Some(at),
                            _ => None,
                        };
                        let f = match (around, sc.best[k * m + t]) {
                            // `v` fitted nowhere in this route before the last insertion went
                            // in at `at`, and that insertion respected the triangle
                            // inequality: only the two new edges can take it (see the crate
                            // docs).
                            (Some(at), None) => route.best_of(&self.ctx, v, [at, at + 1]),
                            // It fitted at `j`: where `j` is now, or the new edges. An
                            // approximation of the best position (positions after the
                            // insertion may have become cheaper), exact for feasibility.
                            (Some(at), Some((_, j))) if j != at => {
                                let j = if j < at { j } else { j + 1 };
                                route
                                    .best_of(&self.ctx, v, [j, at, at + 1])
                                    .or_else(|| route.best_insertion(&self.ctx, v, None))
                            }
                            _ => route.best_insertion(&self.ctx, v, None),
                        };
                        self.cache[v * m + t] = match f {
                            Some((d, i)) => (route.version, d, i as u32),
                            None => (route.version, 0, u32::MAX),
                        };
                        f
                    };
                    sc.best[k * m + t] = found.map(|(delta, i)| {
                        let mut ratio = value / (delta.max(0) as f64 + 1.0);
                        if noise > 0.0 {
                            ratio *= 1.0 + noise * self.rng.random::<f64>();
                        }
                        (ratio, i)
                    });
                }
                for t in 0..m {
                    if let Some((ratio, _)) = sc.best[k * m + t]
                        && choice.is_none_or(|(b, _, _)| ratio > b)
                        // Blinks also skip whole candidates now and then, so that a vertex
                        // with a better ratio does not always shut out the others (and a
                        // vertex does not always go to its best tour).
                        && (blink == 0.0 || !self.rng.random_bool(blink))
                    {
                        choice = Some((ratio, k, t));
                    }
                }
                k += 1;
            }
            let Some((_, k, t)) = choice else { break };
            let v = sc.pool[k] as usize;
            let (_, mut i) = sc.best[k * m + t].expect("chosen");
            if blink > 0.0 {
                // SISR's blinks, for the chosen vertex only: its position is the cheapest among
                // those not skipped, so that not only the cheapest positions are ever used.
                if let Some((_, j)) =
                    st.routes[t].best_insertion(&self.ctx, v, Some((&mut self.rng, blink)))
                {
                    i = j;
                }
            }
            let route = &st.routes[t];
            let (p, n) = (route.nodes[i] as usize, route.nodes[i + 1] as usize);
            let triangle = self.ctx.dist(p, v) + self.ctx.service[v] + self.ctx.dist(v, n)
                >= self.ctx.dist(p, n);
            st.routes[t].insert(&self.ctx, v, i);
            self.version += 1;
            st.routes[t].version = self.version;
            st.route_of[v] = t as u32;
            st.prio += self.ctx.prio[v];
            st.cost += self.ctx.cost[v];
            sc.remove(k, m);
            dirty = Some((t, triangle.then_some(i)));
        }
        st.refresh_used();
    }
}
