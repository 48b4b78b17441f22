//! Results as data (one JSON line per run) and the summary table: per set and m, the average
//! gap of the median score (over seeds) to the best-known score, how many reach it, and time.
//! Instances whose best-known score is a proven optimum are also summarised apart.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

/// One run, exactly the JSONL contract of the benchmark.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// Instance name (file stem), e.g. `c101`.
    pub instance: String,
    /// Number of tours.
    pub m: usize,
    /// Seed.
    pub seed: u64,
    /// Time limit of the run.
    pub time_limit_s: f64,
    /// Wall time used.
    pub seconds: f64,
    /// Score found.
    pub score: i64,
    /// Vertex ids per tour in visiting order, depot excluded.
    pub tours: Vec<Vec<usize>>,
}

/// One best-known score.
#[derive(Debug, Clone)]
pub struct BksEntry {
    /// Set name (`solomon100`, `cordeau`).
    pub set: String,
    /// The score.
    pub score: i64,
    /// Whether it is a proven optimum.
    pub proven: bool,
}

/// Best-known scores by (instance, m).
#[derive(Debug, Clone, Default)]
pub struct Bks {
    map: BTreeMap<(String, usize), BksEntry>,
}

#[derive(Deserialize)]
struct BksRow {
    set: String,
    instance: String,
    m: usize,
    bks_score: i64,
    source: String,
}

impl Bks {
    /// Reads `set,instance,m,bks_score,source`.
    pub fn read(path: &Path) -> anyhow::Result<Bks> {
        let mut r =
            csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
        let mut map = BTreeMap::new();
        for (i, row) in r.deserialize::<BksRow>().enumerate() {
            let row = row.with_context(|| format!("{}, row {}", path.display(), i + 2))?;
            map.insert(
                (row.instance, row.m),
                BksEntry {
                    set: row.set,
                    score: row.bks_score,
                    proven: row.source.contains("proven"),
                },
            );
        }
        Ok(Bks { map })
    }

    /// The entry for (instance, m).
    pub fn get(&self, instance: &str, m: usize) -> Option<&BksEntry> {
        self.map.get(&(instance.to_string(), m))
    }

    /// The set an instance belongs to, if listed.
    pub fn set_of(&self, instance: &str) -> Option<&str> {
        self.map
            .iter()
            .find(|((i, _), _)| i == instance)
            .map(|(_, e)| e.set.as_str())
    }
}

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// Scores and wall times of one instance × m over its seeds.
type Seeds = (Vec<f64>, Vec<f64>);

#[derive(Default)]
struct Row {
    instances: usize,
    gap_sum: f64,
    at_bks: usize,
    above_bks: usize,
    seconds_sum: f64,
    runs: usize,
}

/// Prints the summary tables for `records` (set, record).
pub fn print_summary(
    w: &mut impl Write,
    records: &[(String, Record)],
    bks: &Bks,
) -> anyhow::Result<()> {
    // (set, instance, m) → scores and times over seeds.
    let mut per: BTreeMap<(String, String, usize), Seeds> = BTreeMap::new();
    for (set, r) in records {
        let e = per
            .entry((set.clone(), r.instance.clone(), r.m))
            .or_default();
        e.0.push(r.score as f64);
        e.1.push(r.seconds);
    }
    let mut all: BTreeMap<(String, usize), Row> = BTreeMap::new();
    let mut proven: BTreeMap<(String, usize), Row> = BTreeMap::new();
    for ((set, inst, m), (scores, times)) in &mut per {
        let Some(b) = bks.get(inst, *m) else { continue };
        let med = median(scores);
        let gap = if b.score > 0 {
            100.0 * (b.score as f64 - med) / b.score as f64
        } else {
            0.0
        };
        let tables: &mut [&mut BTreeMap<(String, usize), Row>] = if b.proven {
            &mut [&mut all, &mut proven]
        } else {
            &mut [&mut all]
        };
        for table in tables.iter_mut() {
            let row = table.entry((set.clone(), *m)).or_default();
            row.instances += 1;
            row.gap_sum += gap;
            row.at_bks += usize::from(med >= b.score as f64);
            row.above_bks += usize::from(med > b.score as f64);
            row.seconds_sum += times.iter().sum::<f64>();
            row.runs += times.len();
        }
    }
    let seeds = per.values().map(|(s, _)| s.len()).max().unwrap_or(0);
    writeln!(
        w,
        "Median score over {seeds} seed(s) per instance × m; gap = (bks − median) / bks; negative = better than best known."
    )?;
    for (title, table) in [
        ("All instances with a best-known score", &all),
        (
            "Only instances whose best-known score is a proven optimum",
            &proven,
        ),
    ] {
        if table.is_empty() {
            continue;
        }
        writeln!(w, "\n{title}\n")?;
        writeln!(
            w,
            "| set | m | instances | avg gap % | ≥ bks | > bks | s/run |"
        )?;
        writeln!(w, "| --- | --- | --- | --- | --- | --- | --- |")?;
        let mut by_set: BTreeMap<&str, Row> = BTreeMap::new();
        for ((set, m), row) in table {
            writeln!(
                w,
                "| {set} | {m} | {} | {:.2} | {} | {} | {:.2} |",
                row.instances,
                row.gap_sum / row.instances as f64,
                row.at_bks,
                row.above_bks,
                row.seconds_sum / row.runs.max(1) as f64
            )?;
            let s = by_set.entry(set.as_str()).or_default();
            s.instances += row.instances;
            s.gap_sum += row.gap_sum;
            s.at_bks += row.at_bks;
            s.above_bks += row.above_bks;
            s.seconds_sum += row.seconds_sum;
            s.runs += row.runs;
        }
        for (set, row) in &by_set {
            writeln!(
                w,
                "| **{set}** | all | {} | **{:.2}** | {} | {} | {:.2} |",
                row.instances,
                row.gap_sum / row.instances as f64,
                row.at_bks,
                row.above_bks,
                row.seconds_sum / row.runs.max(1) as f64
            )?;
        }
    }
    Ok(())
}

/// Arguments of `wenlv bench summary`: re-print the table from JSONL files.
#[derive(Debug, Clone, clap::Args)]
pub struct SummaryArgs {
    /// Best-known scores.
    #[arg(long)]
    pub bks: PathBuf,
    /// JSONL result files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Reads JSONL records (set from the best-known table, else `?`).
pub fn read_records(path: &Path, bks: &Bks) -> anyhow::Result<Vec<(String, Record)>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: Record = serde_json::from_str(line)
            .with_context(|| format!("{}, line {}", path.display(), i + 1))?;
        let set = bks.set_of(&r.instance).unwrap_or("?").to_string();
        out.push((set, r));
    }
    Ok(out)
}

/// Prints the summary of JSONL files.
pub fn run_summary(args: &SummaryArgs) -> anyhow::Result<()> {
    let bks = Bks::read(&args.bks)?;
    let mut records = Vec::new();
    for f in &args.files {
        records.extend(read_records(f, &bks)?);
    }
    print_summary(&mut std::io::stdout(), &records, &bks)
}
