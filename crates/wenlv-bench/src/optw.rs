//! `wenlv bench optw`: run instances × m × seeds, one JSON line per run, then a summary table.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use wenlv_optimiser::instance::{Instance, distance_decimals};
use wenlv_optimiser::{SolverParams, check, solve};

use crate::summary::{Bks, Record, print_summary};

/// Arguments of `wenlv bench optw`.
#[derive(Debug, Clone, clap::Args)]
pub struct OptwArgs {
    /// Time limit per run, in seconds.
    #[arg(long, default_value_t = 1.0)]
    pub time_limit: f64,
    /// Numbers of tours to run each instance with.
    #[arg(long, value_delimiter = ',', default_values_t = [1usize, 2, 3, 4])]
    pub m: Vec<usize>,
    /// Seeds; each instance × m runs once per seed.
    #[arg(long, value_delimiter = ',', default_values_t = [1u64])]
    pub seeds: Vec<u64>,
    /// Iteration limit per run instead of (or besides) the time limit; makes runs repeatable.
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Write one JSON line per run to this file.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Best-known scores (`set,instance,m,bks_score,source`) for the summary.
    #[arg(long)]
    pub bks: Option<PathBuf>,
    /// Print each run's score, iterations and when its best was found.
    #[arg(long)]
    pub verbose: bool,
    /// Instance files, or folders of them (`*.txt`).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// Instance files named by `paths` (folders expanded to their `.txt` files, sorted).
pub fn instance_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inner: Vec<PathBuf> = fs::read_dir(p)
                .with_context(|| format!("reading folder {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "txt"))
                .collect();
            inner.sort();
            files.extend(inner);
        } else if p.is_file() {
            files.push(p.clone());
        } else {
            bail!("{}: no such file or folder", p.display());
        }
    }
    Ok(files)
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Runs the benchmark described by `args`.
pub fn run_optw(args: &OptwArgs) -> anyhow::Result<()> {
    let files = instance_files(&args.paths)?;
    let bks = match &args.bks {
        Some(p) => Bks::read(p)?,
        None => Bks::default(),
    };
    let mut instances = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        let name = stem(f);
        let inst = Instance::parse(&name, &text, distance_decimals(&name))
            .with_context(|| format!("parsing {}", f.display()))?;
        let set = bks.set_of(&name).map(str::to_string).unwrap_or_else(|| {
            f.parent()
                .and_then(|d| d.file_name())
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        instances.push((set, inst));
    }
    let mut out = match &args.out {
        Some(p) => Some(std::io::BufWriter::new(
            fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => None,
    };
    let total = (instances.len() * args.m.len() * args.seeds.len()) as u64;
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed_precise} eta {eta} {msg}")
            .expect("valid template"),
    );
    let mut records = Vec::new();
    for (set, inst) in &instances {
        for &m in &args.m {
            let problem = inst.problem(m);
            for &seed in &args.seeds {
                bar.set_message(format!("{} m={m} seed={seed}", inst.name));
                let params = SolverParams {
                    seed,
                    time_limit: (args.time_limit > 0.0)
                        .then(|| Duration::from_secs_f64(args.time_limit)),
                    max_iterations: args.iterations,
                    target_score: None,
                };
                let sol = solve(&problem, &params);
                if args.verbose {
                    bar.suspend(|| {
                        eprintln!(
                            "{} m={m} seed={seed}: score {} after {} of {} iterations ({:.3} s)",
                            inst.name,
                            sol.score,
                            sol.stats.best_iteration,
                            sol.stats.iterations,
                            sol.stats.best_elapsed.as_secs_f64()
                        )
                    });
                }
                if let Err(v) = check(&problem, &sol) {
                    bail!(
                        "{} m={m} seed={seed}: infeasible solution: {v:?}",
                        inst.name
                    );
                }
                let rec = Record {
                    instance: inst.name.clone(),
                    m,
                    seed,
                    time_limit_s: args.time_limit,
                    seconds: sol.stats.elapsed.as_secs_f64(),
                    score: sol.score,
                    tours: sol.sequences(),
                };
                if let Some(w) = out.as_mut() {
                    serde_json::to_writer(&mut *w, &rec)?;
                    writeln!(w)?;
                    w.flush()?;
                }
                records.push((set.clone(), rec));
                bar.inc(1);
            }
        }
    }
    bar.finish_and_clear();
    print_summary(&mut std::io::stdout(), &records, &bks)?;
    Ok(())
}
