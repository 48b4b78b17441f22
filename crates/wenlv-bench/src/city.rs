//! `wenlv bench city`: generated city-sized instances with real-looking opening hours, and the
//! issue's two targets:
//!
//! - 50 vertices, 1 tour (a Monday): how fast is the score of a 10 s run reached? (p95 over
//!   instances × seeds of the time to reach it; a run that has not reached it within its cap
//!   counts as infinitely slow);
//! - 1,000 vertices, 3 tours (Monday to Wednesday): the score after 500 ms, as a gap to the same
//!   solver's 30 s run.
//!
//! Instances are reproducible from their seed: places scattered around a centre with a denser
//! old town, travel time = 3 min + distance at 20 km/h (plus up to 10% asymmetry), stays of
//! 30 min to 3 h, ticket prices 0–120 CNY and a budget. Hours are drawn from typical patterns —
//! 9–17 with Monday closure (museums), 9–12 and 14–17 (lunch break), 8–18 (parks, temples),
//! 10–22 (shopping streets), 17–23 (night markets) — and the window's `close` is the last
//! admission: closing time minus the stay (the convention the planner will use).

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::Serialize;
use wenlv_optimiser::{Problem, ProblemBuilder, SolverParams, Window, check, solve};

/// Arguments of `wenlv bench city`.
#[derive(Debug, Clone, clap::Args)]
pub struct CityArgs {
    /// Number of generated 50-vertex instances.
    #[arg(long, default_value_t = 5)]
    pub small_instances: u64,
    /// Seeds per 50-vertex instance for the time-to-target runs.
    #[arg(long, default_value_t = 20)]
    pub small_seeds: u64,
    /// Length of the 50-vertex reference run, seconds.
    #[arg(long, default_value_t = 10.0)]
    pub small_reference: f64,
    /// Time limit of each 50-vertex time-to-target run, seconds (a run that has not reached
    /// the reference score by then counts as "not reached").
    #[arg(long, default_value_t = 2.0)]
    pub small_cap: f64,
    /// Number of generated 1,000-vertex instances.
    #[arg(long, default_value_t = 2)]
    pub large_instances: u64,
    /// Seeds per 1,000-vertex instance for the short runs.
    #[arg(long, default_value_t = 5)]
    pub large_seeds: u64,
    /// Length of the 1,000-vertex short run, seconds.
    #[arg(long, default_value_t = 0.5)]
    pub large_short: f64,
    /// Length of the 1,000-vertex reference run, seconds.
    #[arg(long, default_value_t = 30.0)]
    pub large_reference: f64,
    /// Write one JSON line per run to this file.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Minutes since midnight.
fn hm(h: i64, m: i64) -> i64 {
    h * 60 + m
}

/// A generated city: `n` places plus a hotel (vertex 0), `days` tours starting on a Monday.
pub fn city_problem(seed: u64, n: usize, days: usize) -> Problem {
    let mut rng = Pcg64Mcg::seed_from_u64(seed ^ 0x5eed_c17e);
    let mut b = ProblemBuilder::new();
    // Positions in metres around the centre; a third in a 2 km old town.
    let mut pos = vec![(0.0f64, 0.0f64)];
    b.add_vertex(0, 0, 0);
    let mut stays = vec![0i64];
    for _ in 0..n {
        let r = if rng.random_bool(0.33) {
            2000.0
        } else {
            9000.0
        };
        let (x, y) = (rng.random_range(-r..r), rng.random_range(-r..r));
        pos.push((x, y));
        let score = 1 + (rng.random::<f64>().powi(2) * 99.0) as i64;
        let stay = [30, 45, 60, 90, 120, 180][rng.random_range(0..6)];
        let cost = if rng.random_bool(0.4) {
            0
        } else {
            rng.random_range(1..=12) * 1000
        };
        b.add_vertex(score, stay, cost);
        stays.push(stay);
    }
    for d in 0..days {
        b.add_tour(0, 0, hm(9, 0), hm(18, 0) + 60 * (d as i64 % 2));
    }
    for (v, &stay) in stays.iter().enumerate().skip(1) {
        let pattern = rng.random_range(0..10);
        for day in 0..days {
            let monday = day % 7 == 0;
            // (open, closing time) intervals of the day.
            let hours: Vec<(i64, i64)> = match pattern {
                0..=2 if monday => vec![],
                0..=2 => vec![(hm(9, 0), hm(17, 0))],
                3 | 4 => vec![(hm(9, 0), hm(12, 0)), (hm(14, 0), hm(17, 0))],
                5 | 6 => vec![(hm(8, 0), hm(18, 0))],
                7 | 8 => vec![(hm(10, 0), hm(22, 0))],
                _ => vec![(hm(17, 0), hm(23, 0))],
            };
            for (open, close) in hours {
                let last_admission = close - stay;
                if last_admission >= open {
                    b.add_window(v, day, Window::new(open, last_admission));
                }
            }
        }
    }
    let size = n + 1;
    let mut travel = vec![0; size * size];
    for a in 0..size {
        for c in 0..size {
            if a != c {
                let (dx, dy) = (pos[a].0 - pos[c].0, pos[a].1 - pos[c].1);
                let km = (dx * dx + dy * dy).sqrt() / 1000.0;
                let minutes = 3.0 + km * 3.0 * rng.random_range(1.0..1.1);
                travel[a * size + c] = minutes.round() as i64;
            }
        }
    }
    b.set_travel_matrix(travel);
    b.set_budget(if n <= 100 { 15_000 } else { 60_000 });
    b.build().expect("generated city problems are valid")
}

#[derive(Serialize)]
struct CityRecord<'a> {
    kind: &'a str,
    instance_seed: u64,
    vertices: usize,
    tours: usize,
    seed: u64,
    time_limit_s: f64,
    seconds: f64,
    score: i64,
    reference_score: i64,
    reached_s: Option<f64>,
}

fn percentile(xs: &mut [f64], p: f64) -> f64 {
    xs.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * xs.len() as f64).ceil() as usize;
    xs[rank.clamp(1, xs.len()) - 1]
}

/// Runs the city benchmark.
pub fn run_city(args: &CityArgs) -> anyhow::Result<()> {
    let mut out = match &args.out {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => None,
    };
    let mut emit = |r: &CityRecord| -> anyhow::Result<()> {
        if let Some(w) = out.as_mut() {
            serde_json::to_writer(&mut *w, r)?;
            writeln!(w)?;
            w.flush()?;
        }
        Ok(())
    };
    let run = |p: &Problem, params: &SolverParams| -> anyhow::Result<wenlv_optimiser::Solution> {
        let s = solve(p, params);
        if let Err(v) = check(p, &s) {
            bail!("infeasible solution: {v:?}");
        }
        Ok(s)
    };

    // 50 vertices, 1 tour: time to reach the 10 s score.
    let mut times = Vec::new();
    let mut missed = 0;
    for inst in 1..=args.small_instances {
        let p = city_problem(inst, 50, 1);
        let limit = Duration::from_secs_f64(args.small_reference);
        let reference = run(&p, &SolverParams::time(0, limit))?;
        eprintln!("city50 #{inst}: 10 s reference score {}", reference.score);
        for seed in 1..=args.small_seeds {
            let params = SolverParams {
                target_score: Some(reference.score),
                ..SolverParams::time(seed, Duration::from_secs_f64(args.small_cap))
            };
            let s = run(&p, &params)?;
            let reached =
                (s.score >= reference.score).then_some(s.stats.best_elapsed.as_secs_f64());
            if reached.is_none() {
                missed += 1;
            }
            times.push(reached.unwrap_or(f64::INFINITY));
            emit(&CityRecord {
                kind: "city50-time-to-target",
                instance_seed: inst,
                vertices: 51,
                tours: 1,
                seed,
                time_limit_s: args.small_cap,
                seconds: s.stats.elapsed.as_secs_f64(),
                score: s.score,
                reference_score: reference.score,
                reached_s: reached,
            })?;
        }
    }
    if !times.is_empty() {
        let n = times.len();
        let p50 = percentile(&mut times, 50.0);
        let p95 = percentile(&mut times, 95.0);
        let max = percentile(&mut times, 100.0);
        let ms = |x: f64| {
            if x.is_finite() {
                format!("{:.1} ms", x * 1e3)
            } else {
                format!("> {} s (not reached)", args.small_cap)
            }
        };
        println!(
            "50 vertices, 1 tour: time to reach the {} s score over {n} runs ({} instances × {} seeds, {} s cap): p50 {}, p95 {}, max {}; {missed} runs did not reach it",
            args.small_reference,
            args.small_instances,
            args.small_seeds,
            args.small_cap,
            ms(p50),
            ms(p95),
            ms(max)
        );
    }

    // 1,000 vertices, 3 tours: 500 ms vs 30 s.
    let mut gaps = Vec::new();
    for inst in 1..=args.large_instances {
        let p = city_problem(1000 + inst, 1000, 3);
        let reference = run(
            &p,
            &SolverParams::time(0, Duration::from_secs_f64(args.large_reference)),
        )?;
        eprintln!(
            "city1000 #{inst}: {} s reference score {}",
            args.large_reference, reference.score
        );
        for seed in 1..=args.large_seeds {
            let s = run(
                &p,
                &SolverParams::time(seed, Duration::from_secs_f64(args.large_short)),
            )?;
            let gap = 100.0 * (reference.score - s.score) as f64 / reference.score.max(1) as f64;
            gaps.push(gap);
            emit(&CityRecord {
                kind: "city1000-short",
                instance_seed: inst,
                vertices: 1001,
                tours: 3,
                seed,
                time_limit_s: args.large_short,
                seconds: s.stats.elapsed.as_secs_f64(),
                score: s.score,
                reference_score: reference.score,
                reached_s: None,
            })?;
        }
    }
    if !gaps.is_empty() {
        let n = gaps.len();
        let mean = gaps.iter().sum::<f64>() / n as f64;
        let worst = percentile(&mut gaps, 100.0);
        println!(
            "1,000 vertices, 3 tours: {} ms runs vs a {} s run: mean gap {mean:.2}%, worst {worst:.2}% over {n} runs ({} instances × {} seeds)",
            args.large_short * 1e3,
            args.large_reference,
            args.large_instances,
            args.large_seeds
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn city_instances_are_reproducible_and_have_closures() {
        let a = city_problem(3, 50, 2);
        let b = city_problem(3, 50, 2);
        assert_eq!(a.num_vertices(), 51);
        for v in 0..51 {
            for t in 0..2 {
                assert_eq!(a.windows(t, v), b.windows(t, v));
            }
        }
        // Some place is closed on Monday but open on Tuesday; some has a lunch break.
        assert!((1..51).any(|v| a.windows(0, v).is_empty() && !a.windows(1, v).is_empty()));
        assert!((1..51).any(|v| a.windows(1, v).len() == 2));
    }
}
