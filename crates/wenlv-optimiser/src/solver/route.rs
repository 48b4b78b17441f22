//! A tour under construction with its schedule and slack bookkeeping, so that inserting a vertex
//! is checked in O(1) (O(tail) only when a later stop has several windows and the quick,
//! conservative test fails).

use rand::RngExt;
use rand_pcg::Pcg64Mcg;

use super::Ctx;
use crate::problem::Time;

/// Positions include the terminals: `nodes[0]` is the tour's start, `nodes[len + 1]` its end.
#[derive(Debug, Clone, Default)]
pub(crate) struct Route {
    pub(crate) tour: usize,
    pub(crate) nodes: Vec<u32>,
    /// Arrival at each position (the start terminal's is the departure).
    pub(crate) arr: Vec<Time>,
    /// Departure from each position: start of service + service duration.
    pub(crate) leave: Vec<Time>,
    /// How much the arrival at each position may be delayed without breaking this or any later
    /// position (within the window currently used: a safe lower bound with several windows).
    pub(crate) slack: Vec<Time>,
    /// Latest arrival at each position that keeps the rest feasible: `arr + slack`, except at
    /// the start (`earliest departure`). Never decreases along the route (see `best_insertion`).
    pub(crate) latest: Vec<Time>,
    /// Some stop has more than one window on this tour: the slack test is only sufficient.
    pub(crate) multi: bool,
    /// Identifies the route's current content for the insertion cache (see `Search`).
    pub(crate) version: u64,
}

impl Route {
    pub(crate) fn new(ctx: &Ctx, tour: usize) -> Route {
        let spec = &ctx.tours[tour];
        let mut r = Route {
            tour,
            nodes: vec![spec.start as u32, spec.end as u32],
            ..Route::default()
        };
        let ok = r.update(ctx);
        debug_assert!(ok);
        r
    }

    /// Number of stops (terminals excluded).
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.nodes.len() - 2
    }

    pub(crate) fn stops(&self) -> &[u32] {
        &self.nodes[1..self.nodes.len() - 1]
    }

    /// Recomputes the schedule (earliest start everywhere) and the slacks. Returns false if the
    /// sequence is infeasible (possible after a removal when travel times break the triangle
    /// inequality).
    pub(crate) fn update(&mut self, ctx: &Ctx) -> bool {
        let len = self.nodes.len();
        let spec = &ctx.tours[self.tour];
        self.arr.resize(len, 0);
        self.leave.resize(len, 0);
        self.slack.resize(len, 0);
        self.latest.resize(len, 0);
        // The close of the window used at each stop, kept in `slack` until the backward pass.
        self.arr[0] = spec.earliest_departure;
        self.leave[0] = spec.earliest_departure;
        self.slack[0] = Time::MAX;
        self.multi = false;
        let mut prev = self.nodes[0] as usize;
        let mut t = spec.earliest_departure;
        for i in 1..len - 1 {
            let v = self.nodes[i] as usize;
            let a = t + ctx.dist(prev, v);
            let ws = ctx.windows(self.tour, v);
            if ws.len() > 1 {
                self.multi = true;
            }
            let Some(w) = ws.iter().find(|w| w.close >= a) else {
                return false;
            };
            let s = a.max(w.open);
            self.arr[i] = a;
            self.slack[i] = w.close;
            t = s + ctx.service[v];
            self.leave[i] = t;
            prev = v;
        }
        let end = self.nodes[len - 1] as usize;
        let a = t + ctx.dist(prev, end);
        self.arr[len - 1] = a;
        self.leave[len - 1] = a;
        if a > spec.latest_return {
            return false;
        }
        self.slack[len - 1] = spec.latest_return - a;
        for i in (1..len - 1).rev() {
            let v = self.nodes[i] as usize;
            let start = self.leave[i] - ctx.service[v];
            let wait = start - self.arr[i];
            let close = self.slack[i];
            self.slack[i] = wait + (close - start).min(self.slack[i + 1]);
        }
        self.latest[0] = spec.earliest_departure;
        for i in 1..len {
            self.latest[i] = self.arr[i] + self.slack[i];
        }
        true
    }

    /// The extra time inserting `v` between positions `i` and `i + 1` pushes onto position
    /// `i + 1`'s arrival, or `None` if infeasible.
    #[inline]
    pub(crate) fn insertion_at(&self, ctx: &Ctx, v: usize, i: usize) -> Option<Time> {
        let prev = self.nodes[i] as usize;
        let next = self.nodes[i + 1] as usize;
        let a = self.leave[i] + ctx.dist(prev, v);
        let s = ctx.earliest_start(self.tour, v, a)?;
        let na = s + ctx.service[v] + ctx.dist(v, next);
        let delta = na - self.arr[i + 1];
        if delta <= self.slack[i + 1] || (self.multi && self.tail_feasible(ctx, i + 1, na)) {
            Some(delta)
        } else {
            None
        }
    }

    /// Whether a vertex with `band` (first open + service, last close: `Ctx::band`) might fit
    /// between positions `i` and `i + 1`: false means it surely does not (it would arrive after
    /// its last close, or push the next position past its latest arrival).
    #[inline]
    pub(crate) fn may_take(&self, band: (Time, Time), i: usize) -> bool {
        self.leave[i] <= band.1 && (self.multi || self.latest[i + 1] >= band.0)
    }

    /// The best of the given insertion positions (each `< nodes.len() - 1`).
    #[inline]
    pub(crate) fn best_of<const K: usize>(
        &self,
        ctx: &Ctx,
        v: usize,
        positions: [usize; K],
    ) -> Option<(Time, usize)> {
        let mut best: Option<(Time, usize)> = None;
        let band = ctx.band(self.tour, v);
        for i in positions {
            // Most candidates fit nowhere near the new edges: reject them on the band alone.
            if !self.may_take(band, i) {
                continue;
            }
            if let Some(d) = self.insertion_at(ctx, v, i)
                && best.is_none_or(|(bd, _)| d < bd)
            {
                best = Some((d, i));
            }
        }
        best
    }

    /// Best (smallest delta) insertion position of `v`: `(delta, i)`.
    #[inline]
    pub(crate) fn best_insertion(
        &self,
        ctx: &Ctx,
        v: usize,
        blinks: Option<(&mut Pcg64Mcg, f64)>,
    ) -> Option<(Time, usize)> {
        let mut blinks = blinks;
        let (need, last_close) = ctx.band(self.tour, v);
        if last_close == Time::MIN {
            return None;
        }
        let ws = ctx.windows(self.tour, v);
        let svc = ctx.service[v];
        let mut best: Option<(Time, usize)> = None;
        let n = self.nodes.len();
        let to_v = ctx.col(v);
        let from_v = ctx.row(v);
        // Only a band of positions can take `v` (the windows are usually narrow next to the
        // tour): `latest[i]` = `min(close, start + slack[i+1])` never decreases along the
        // route, and inserting before position `i + 1` makes it arrive at
        // `≥ first open + service`; so earlier positions fail the slack test. Exact only when
        // the slack test is (no multi-window stop), else every position is tried.
        let first = if self.multi {
            0
        } else {
            self.latest[1..].partition_point(|&l| l < need)
        };
        for i in first..n - 1 {
            let a = self.leave[i] + to_v[self.nodes[i] as usize];
            if a > last_close {
                // Departures never decrease along the route: no later position can make it.
                if self.leave[i] > last_close {
                    break;
                }
                continue;
            }
            let s = if ws.len() == 1 {
                a.max(ws[0].open)
            } else {
                match ws.iter().find(|w| w.close >= a) {
                    Some(w) => a.max(w.open),
                    None => continue,
                }
            };
            let na = s + svc + from_v[self.nodes[i + 1] as usize];
            let delta = na - self.arr[i + 1];
            if let Some((bd, _)) = best
                && delta >= bd
            {
                continue;
            }
            // SISR's blinks: sometimes skip a position, so that not only the cheapest is used.
            if let Some((rng, p)) = blinks.as_mut()
                && rng.random_bool(*p)
            {
                continue;
            }
            if delta <= self.slack[i + 1] || (self.multi && self.tail_feasible(ctx, i + 1, na)) {
                best = Some((delta, i));
            }
        }
        best
    }

    /// Whether the route from position `i` on stays feasible if `i` is reached at `arrival`.
    pub(crate) fn tail_feasible(&self, ctx: &Ctx, mut i: usize, mut arrival: Time) -> bool {
        let last = self.nodes.len() - 1;
        loop {
            if arrival <= self.arr[i] {
                return true;
            }
            if i == last {
                return arrival <= ctx.tours[self.tour].latest_return;
            }
            let v = self.nodes[i] as usize;
            let Some(s) = ctx.earliest_start(self.tour, v, arrival) else {
                return false;
            };
            arrival = s + ctx.service[v] + ctx.dist(v, self.nodes[i + 1] as usize);
            i += 1;
        }
    }

    /// Inserts `v` after position `i` and updates the schedule.
    pub(crate) fn insert(&mut self, ctx: &Ctx, v: usize, i: usize) {
        self.nodes.insert(i + 1, v as u32);
        let ok = self.update(ctx);
        debug_assert!(ok, "insertion was checked feasible");
    }
}
