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

/// Runs of one instance × m: (seed, score, wall time).
type Seeds = Vec<(u64, f64, f64)>;

/// The worst gap seen in a row of the table, and where.
#[derive(Default, Clone)]
struct Worst {
    gap: f64,
    at: String,
}

impl Worst {
    fn see(&mut self, gap: f64, at: impl FnOnce() -> String) {
        if self.at.is_empty() || gap > self.gap {
            self.gap = gap;
            self.at = at();
        }
    }

    fn merge(&mut self, other: &Worst) {
        if !other.at.is_empty() {
            self.see(other.gap, || other.at.clone());
        }
    }

    fn cell(&self) -> String {
        format!("{:.2} ({})", self.gap, self.at)
    }
}

#[derive(Default)]
struct Row {
    instances: usize,
    gap_sum: f64,
    at_bks: usize,
    above_bks: usize,
    seconds_sum: f64,
    runs: usize,
    /// The instance whose median is furthest from its best-known score.
    worst_median: Worst,
    /// The single run (instance, seed) furthest from its best-known score.
    worst_seed: Worst,
}

impl Row {
    fn add(&mut self, other: &Row) {
        self.instances += other.instances;
        self.gap_sum += other.gap_sum;
        self.at_bks += other.at_bks;
        self.above_bks += other.above_bks;
        self.seconds_sum += other.seconds_sum;
        self.runs += other.runs;
        self.worst_median.merge(&other.worst_median);
        self.worst_seed.merge(&other.worst_seed);
    }

    fn cells(&self) -> String {
        format!(
            "{} | {:.2} | {} | {} | {} | {} | {:.2}",
            self.instances,
            self.gap_sum / self.instances.max(1) as f64,
            self.worst_median.cell(),
            self.worst_seed.cell(),
            self.at_bks,
            self.above_bks,
            self.seconds_sum / self.runs.max(1) as f64
        )
    }
}

fn gap(bks: i64, score: f64) -> f64 {
    if bks > 0 {
        100.0 * (bks as f64 - score) / bks as f64
    } else {
        0.0
    }
}

/// Prints the summary tables for `records` (set, record): per set and m the average gap of the
/// medians, and the tails a visitor meets — the worst instance's median and the worst single run.
pub fn print_summary(
    w: &mut impl Write,
    records: &[(String, Record)],
    bks: &Bks,
) -> anyhow::Result<()> {
    // (set, instance, m) → runs over seeds.
    let mut per: BTreeMap<(String, String, usize), Seeds> = BTreeMap::new();
    for (set, r) in records {
        per.entry((set.clone(), r.instance.clone(), r.m))
            .or_default()
            .push((r.seed, r.score as f64, r.seconds));
    }
    let mut all: BTreeMap<(String, usize), Row> = BTreeMap::new();
    let mut proven: BTreeMap<(String, usize), Row> = BTreeMap::new();
    for ((set, inst, m), runs) in &per {
        let Some(b) = bks.get(inst, *m) else { continue };
        let mut scores: Vec<f64> = runs.iter().map(|r| r.1).collect();
        let med = median(&mut scores);
        let median_gap = gap(b.score, med);
        let mut one = Row {
            instances: 1,
            gap_sum: median_gap,
            at_bks: usize::from(med >= b.score as f64),
            above_bks: usize::from(med > b.score as f64),
            seconds_sum: runs.iter().map(|r| r.2).sum(),
            runs: runs.len(),
            ..Row::default()
        };
        one.worst_median.see(median_gap, || inst.clone());
        for &(seed, score, _) in runs {
            one.worst_seed
                .see(gap(b.score, score), || format!("{inst} seed {seed}"));
        }
        all.entry((set.clone(), *m)).or_default().add(&one);
        if b.proven {
            proven.entry((set.clone(), *m)).or_default().add(&one);
        }
    }
    let seeds = per.values().map(Vec::len).max().unwrap_or(0);
    writeln!(
        w,
        "Median score over {seeds} seed(s) per instance × m; gap = (bks − median) / bks; negative = better than best known.\n\
         Worst median: the instance whose median gap is largest; worst run: the single seed furthest from the best known."
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
            "| set | m | instances | avg gap % | worst median gap % | worst run gap % | ≥ bks | > bks | s/run |"
        )?;
        writeln!(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |")?;
        let mut by_set: BTreeMap<&str, Row> = BTreeMap::new();
        for ((set, m), row) in table {
            writeln!(w, "| {set} | {m} | {} |", row.cells())?;
            by_set.entry(set.as_str()).or_default().add(row);
        }
        for (set, row) in &by_set {
            writeln!(w, "| **{set}** | all | {} |", row.cells())?;
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

/// Arguments of `wenlv bench reference`.
#[derive(Debug, Clone, clap::Args)]
pub struct ReferenceArgs {
    /// The set name to write in the table (e.g. `generated`).
    #[arg(long)]
    pub set: String,
    /// Where to write the table (`set,instance,m,bks_score,source`).
    #[arg(long)]
    pub out: PathBuf,
    /// JSONL result files (long runs, several seeds).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Reference scores for instances with no published best: the best score of any run, per
/// (instance, m), with how many runs it was taken from and their longest time limit.
pub fn best_found(records: &[Record]) -> BTreeMap<(String, usize), (i64, usize, f64)> {
    let mut best: BTreeMap<(String, usize), (i64, usize, f64)> = BTreeMap::new();
    for r in records {
        let e = best
            .entry((r.instance.clone(), r.m))
            .or_insert((r.score, 0, 0.0));
        e.0 = e.0.max(r.score);
        e.1 += 1;
        e.2 = e.2.max(r.time_limit_s);
    }
    best
}

/// Writes the best-found table of JSONL files, in the best-known table's format.
pub fn run_reference(args: &ReferenceArgs) -> anyhow::Result<()> {
    let mut records = Vec::new();
    for f in &args.files {
        records.extend(
            read_records(f, &Bks::default())?
                .into_iter()
                .map(|(_, r)| r),
        );
    }
    let mut w = csv::Writer::from_path(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    w.write_record(["set", "instance", "m", "bks_score", "source"])?;
    for ((instance, m), (score, runs, limit)) in best_found(&records) {
        w.write_record([
            args.set.as_str(),
            &instance,
            &m.to_string(),
            &score.to_string(),
            &format!("best of {runs} wenlv runs of up to {limit} s (not a published score)"),
        ])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(instance: &str, m: usize, seed: u64, score: i64) -> (String, Record) {
        (
            "set".to_string(),
            Record {
                instance: instance.to_string(),
                m,
                seed,
                time_limit_s: 1.0,
                seconds: 1.0,
                score,
                tours: vec![],
            },
        )
    }

    fn bks(rows: &[(&str, usize, i64)]) -> Bks {
        let mut b = Bks::default();
        for &(i, m, score) in rows {
            b.map.insert(
                (i.to_string(), m),
                BksEntry {
                    set: "set".into(),
                    score,
                    proven: false,
                },
            );
        }
        b
    }

    #[test]
    fn the_table_names_the_worst_median_and_the_worst_single_run() {
        let b = bks(&[("a", 1, 100), ("b", 1, 200)]);
        // a: medians 98 (gap 2%), one bad seed 80 (gap 20%); b: median 190 (gap 5%).
        let records = vec![
            run("a", 1, 1, 98),
            run("a", 1, 2, 99),
            run("a", 1, 3, 80),
            run("b", 1, 1, 190),
            run("b", 1, 2, 190),
            run("b", 1, 3, 195),
        ];
        let mut out = Vec::new();
        print_summary(&mut out, &records, &b).unwrap();
        let text = String::from_utf8(out).unwrap();
        let row = text
            .lines()
            .find(|l| l.starts_with("| set | 1 |"))
            .expect(&text);
        assert_eq!(
            row,
            "| set | 1 | 2 | 3.50 | 5.00 (b) | 20.00 (a seed 3) | 0 | 0 | 1.00 |"
        );
        let all = text
            .lines()
            .find(|l| l.starts_with("| **set** | all |"))
            .unwrap();
        assert!(
            all.contains("5.00 (b)") && all.contains("20.00 (a seed 3)"),
            "{all}"
        );
    }

    #[test]
    fn best_found_takes_the_best_run_and_counts_them() {
        let records: Vec<Record> = [run("a", 2, 1, 10), run("a", 2, 2, 12), run("a", 3, 1, 9)]
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        let best = best_found(&records);
        assert_eq!(best[&("a".to_string(), 2)], (12, 2, 1.0));
        assert_eq!(best[&("a".to_string(), 3)], (9, 1, 1.0));
    }
}
