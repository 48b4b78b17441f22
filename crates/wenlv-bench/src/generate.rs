//! `wenlv bench generate`: instances of the research sets' shape, for tuning on data that is
//! not the test (solomon100 and pr01–pr10 are kept for reporting).
//!
//! The shape follows Cordeau's pr01–pr10 (and Solomon's families for the layout):
//! - a square of side 200 centred on the depot, coordinates with one decimal;
//! - layout `c` (customers around 4–10 cluster centres, spread ±15), `r` (uniform) or `rc`
//!   (half each);
//! - service durations and scores drawn uniformly from 1–25, as in pr01–pr10;
//! - a horizon of 1,000 (the depot's window), windows `tight` (width 20–80) or `loose`
//!   (width 100–400), each placed so that the customer alone is reachable and can be served
//!   and left in time: `dist(depot, i) ≤ C_i` and `C_i + service_i + dist(i, depot) ≤ 1,000`.
//!
//! Widths, spread and cluster counts are this project's choices (the literature gives the
//! files, not their generator); they are fixed here so that a tuning set can be rebuilt from
//! its seeds. Files are written in the research format (`i x y d S f a O C`, see
//! `bench/optw/README.md`) and read by the same harness; their names do not start with `pr`, so
//! legs are truncated to one decimal.

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

use anyhow::{Context, bail};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// Horizon: the depot's latest return.
pub const HORIZON: f64 = 1000.0;

/// Where customers lie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Around cluster centres.
    Clustered,
    /// Uniform over the square.
    Random,
    /// Half clustered, half uniform.
    Mixed,
}

impl Layout {
    /// All layouts, in file-name order.
    pub const ALL: [Layout; 3] = [Layout::Clustered, Layout::Random, Layout::Mixed];

    /// Short name, as in Solomon's families.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Clustered => "c",
            Layout::Random => "r",
            Layout::Mixed => "rc",
        }
    }
}

/// How wide the time windows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Windows {
    /// Width 20–80.
    Tight,
    /// Width 100–400.
    Loose,
}

impl Windows {
    /// Both kinds.
    pub const ALL: [Windows; 2] = [Windows::Tight, Windows::Loose];

    /// Short name.
    pub fn as_str(self) -> &'static str {
        match self {
            Windows::Tight => "tight",
            Windows::Loose => "loose",
        }
    }

    fn width(self) -> std::ops::Range<f64> {
        match self {
            Windows::Tight => 20.0..80.0,
            Windows::Loose => 100.0..400.0,
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Layout of the customers.
    pub layout: Layout,
    /// Window widths.
    pub windows: Windows,
    /// Number of customers (the depot not counted).
    pub customers: usize,
    /// Seed: the same shape and seed give the same file, byte for byte.
    pub seed: u64,
}

impl Shape {
    /// File stem, e.g. `g-rc-tight-144-s3`.
    pub fn name(&self) -> String {
        format!(
            "g-{}-{}-{:03}-s{}",
            self.layout.as_str(),
            self.windows.as_str(),
            self.customers,
            self.seed
        )
    }
}

/// One decimal, as the files carry it.
fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A leg's length as the reader will compute it: Euclidean, truncated to one decimal.
fn leg(a: (f64, f64), b: (f64, f64)) -> f64 {
    ((a.0 - b.0).hypot(a.1 - b.1) * 10.0).floor() / 10.0
}

/// The instance's text in the research format.
pub fn generate(shape: &Shape) -> String {
    // Mixing the shape into the seed keeps instances of one seed but different shapes apart.
    let salt = (shape.customers as u64) << 8 | (shape.layout as u64) << 4 | shape.windows as u64;
    let mut rng = Pcg64Mcg::seed_from_u64(shape.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ salt);
    let depot = (0.0, 0.0);
    let centres: Vec<(f64, f64)> = (0..rng.random_range(4..=10))
        .map(|_| (rng.random_range(-85.0..85.0), rng.random_range(-85.0..85.0)))
        .collect();
    let mut text = format!("0 {} {}\n", shape.customers, HORIZON);
    writeln!(
        text,
        "0 {:.1} {:.1} 0 0 0 0 0 {HORIZON:.0}",
        depot.0, depot.1
    )
    .expect("writing to a String");
    for i in 1..=shape.customers {
        let clustered = match shape.layout {
            Layout::Clustered => true,
            Layout::Random => false,
            Layout::Mixed => i % 2 == 1,
        };
        let at = if clustered {
            let c = centres[rng.random_range(0..centres.len())];
            (
                tenth((c.0 + rng.random_range(-15.0..15.0)).clamp(-100.0, 100.0)),
                tenth((c.1 + rng.random_range(-15.0..15.0)).clamp(-100.0, 100.0)),
            )
        } else {
            (
                tenth(rng.random_range(-100.0..100.0)),
                tenth(rng.random_range(-100.0..100.0)),
            )
        };
        let service: u32 = rng.random_range(1..=25);
        let score: u32 = rng.random_range(1..=25);
        let there = leg(depot, at);
        let back = leg(at, depot);
        // The latest start that still lets the customer be served and left in time.
        let last = HORIZON - f64::from(service) - back;
        let width = rng.random_range(shape.windows.width());
        let centre = rng.random_range(there..=last);
        let open = tenth((centre - width / 2.0).max(0.0));
        // Rounded down so that the file's value still satisfies `last`.
        let close = ((centre + width / 2.0).min(last) * 10.0).floor() / 10.0;
        let close = close.max((there * 10.0).ceil() / 10.0).min(last);
        writeln!(
            text,
            "{i} {:.1} {:.1} {service} {score} 0 0 {open:.1} {close:.1}",
            at.0, at.1
        )
        .expect("writing to a String");
    }
    text
}

/// Arguments of `wenlv bench generate`.
#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// Folder to write the instances into (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Seeds; each seed gives one instance of every layout × windows × size.
    #[arg(long, value_delimiter = ',', default_values_t = [1u64])]
    pub seeds: Vec<u64>,
    /// Customer counts (pr01–pr10 have 48–288).
    #[arg(long, value_delimiter = ',', default_values_t = [48usize, 144, 288])]
    pub customers: Vec<usize>,
}

/// Writes the tuning set described by `args`; prints each file written.
pub fn run_generate(args: &GenerateArgs) -> anyhow::Result<()> {
    if args.customers.iter().any(|&n| n == 0 || n > 10_000) {
        bail!("--customers: each count must be 1–10000");
    }
    fs::create_dir_all(&args.out)
        .with_context(|| format!("creating folder {}", args.out.display()))?;
    for &seed in &args.seeds {
        for layout in Layout::ALL {
            for windows in Windows::ALL {
                for &customers in &args.customers {
                    let shape = Shape {
                        layout,
                        windows,
                        customers,
                        seed,
                    };
                    let path = args.out.join(format!("{}.txt", shape.name()));
                    fs::write(&path, generate(&shape))
                        .with_context(|| format!("writing {}", path.display()))?;
                    println!("{}", path.display());
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wenlv_optimiser::instance::{Instance, distance_decimals};

    fn every_shape() -> impl Iterator<Item = Shape> {
        Layout::ALL.into_iter().flat_map(|layout| {
            Windows::ALL.into_iter().flat_map(move |windows| {
                [48usize, 97, 288].into_iter().flat_map(move |customers| {
                    (1..=3).map(move |seed| Shape {
                        layout,
                        windows,
                        customers,
                        seed,
                    })
                })
            })
        })
    }

    #[test]
    fn same_seed_same_file_other_seed_other_file() {
        let a = Shape {
            layout: Layout::Mixed,
            windows: Windows::Tight,
            customers: 96,
            seed: 7,
        };
        assert_eq!(generate(&a), generate(&a));
        assert_ne!(generate(&a), generate(&Shape { seed: 8, ..a }));
        assert_ne!(
            generate(&a),
            generate(&Shape {
                layout: Layout::Random,
                ..a
            })
        );
    }

    /// Every customer, alone, can be reached in its window and the depot reached again in time,
    /// as the harness's reader computes times (scaled, truncated legs).
    #[test]
    fn every_customer_alone_is_feasible_and_windows_have_the_asked_width() {
        for shape in every_shape() {
            let name = shape.name();
            assert_eq!(distance_decimals(&name), 1, "{name}");
            let inst = Instance::parse(&name, &generate(&shape), 1).expect(&name);
            let n = inst.score.len();
            assert_eq!(n, shape.customers + 1, "{name}");
            let (_, horizon) = inst.window[0];
            assert_eq!(horizon, (HORIZON * 10.0) as i64, "{name}");
            let mut widths = Vec::new();
            for i in 1..n {
                let (open, close) = inst.window[i];
                let there = inst.travel[i];
                let back = inst.travel[i * n];
                assert!(open <= close, "{name} vertex {i}: window {open}..{close}");
                assert!(
                    there <= close,
                    "{name} vertex {i}: unreachable in its window"
                );
                assert!(
                    open.max(there) + inst.service[i] + back <= horizon,
                    "{name} vertex {i}: cannot return in time"
                );
                assert!((1..=25).contains(&inst.score[i]), "{name} vertex {i}");
                widths.push(close - open);
            }
            // Windows are cut by the horizon and the depot's distance, so only the widest are
            // checked against the asked range (scaled by 10).
            let widest = *widths.iter().max().unwrap();
            let asked = shape.windows.width();
            assert!(
                widest as f64 <= asked.end * 10.0 && widest as f64 >= asked.start * 10.0,
                "{name}: widest window {widest}"
            );
        }
    }

    #[test]
    fn clustered_customers_lie_closer_together_than_random_ones() {
        fn mean_nearest(shape: Shape) -> f64 {
            let inst = Instance::parse(&shape.name(), &generate(&shape), 1).unwrap();
            let n = inst.score.len();
            let total: i64 = (1..n)
                .map(|i| {
                    (1..n)
                        .filter(|&j| j != i)
                        .map(|j| inst.travel[i * n + j])
                        .min()
                        .unwrap()
                })
                .sum();
            total as f64 / (n - 1) as f64
        }
        let base = Shape {
            layout: Layout::Random,
            windows: Windows::Loose,
            customers: 144,
            seed: 1,
        };
        let random = mean_nearest(base);
        let clustered = mean_nearest(Shape {
            layout: Layout::Clustered,
            ..base
        });
        assert!(
            clustered < random * 0.8,
            "clustered {clustered} vs random {random}"
        );
    }
}
