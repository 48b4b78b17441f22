//! `wenlv import taskbook|progress FILE --plan SLUG` and `wenlv export taskbook --plan SLUG
//! --out FILE`: the battle map's workbooks from the command line, as the operator.
//!
//! An import reads and checks the whole workbook first (a progress bar on a terminal); on any
//! problem every one goes to stderr, the command exits non-zero and nothing is written.

use anyhow::{Context, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use wenlv_app::battlemap::ReportInput;
use wenlv_app::{App, BureauError, Caller};
use wenlv_io::taskbook::{BookError, read_progress, read_taskbook_over, write_taskbook};
use wenlv_store::Store;

#[derive(Debug, Args)]
pub struct ImportTaskBookArgs {
    /// The task book (.xlsx): one row per item; headers in Chinese or English (编号/code,
    /// 上级编号/parent code, 名称/title, 牵头领导/lead leaders, 牵头单位/lead unit, 配合单位/partner
    /// units, 开始时间/start, 完成时限/due, 目标/target, 区县/district, 备注/notes); title rows above
    /// the header, merged cells and blank rows are fine.
    pub file: PathBuf,
    /// The plan's slug (created when new; items are added or updated by code).
    #[arg(long)]
    pub plan: String,
    /// The plan's title (default: kept, or the slug for a new plan).
    #[arg(long)]
    pub title: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportProgressArgs {
    /// The progress sheet (.xlsx): 编号/code, 月份/period (2024-03), 完成进度/percent,
    /// 进展情况/narrative, 存在问题/problems, 下步计划/next steps.
    pub file: PathBuf,
    /// The plan's slug.
    #[arg(long)]
    pub plan: String,
}

#[derive(Debug, Args)]
pub struct ExportTaskBookArgs {
    /// The plan's slug.
    #[arg(long)]
    pub plan: String,
    /// The .xlsx file to write (it re-imports to the same tree).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The status columns as of this date (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", value_parser = wenlv_domain::civil::parse_date)]
    pub as_of: Option<jiff::civil::Date>,
}

fn app(store: &Store) -> App {
    App::new(store.clone(), Arc::new(wenlv_io::demo::xining_city()))
}

fn bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("reading rows {bar:30} {pos}/{len}") {
        bar.set_style(style);
    }
    bar
}

/// Reads a workbook off the runtime with a progress bar; problems go to stderr.
async fn read<T: Send + 'static>(
    file: &Path,
    reader: impl FnOnce(&[u8], &str, wenlv_io::Progress<'_>) -> Result<T, BookError> + Send + 'static,
) -> anyhow::Result<T> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let name = file.display().to_string();
    let bar = bar();
    let result = tokio::task::spawn_blocking(move || {
        let mut report = |done: usize, total: usize| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        };
        let r = reader(&bytes, &name, Some(&mut report));
        bar.finish_and_clear();
        r
    })
    .await?;
    result.map_err(|err| {
        for issue in &err.issues {
            eprintln!("{}: {issue}", err.file);
        }
        anyhow::anyhow!(
            "{}: {} problem(s) found; nothing was imported",
            err.file,
            err.issues.len()
        )
    })
}

/// Problems the application found (the tree as a whole, unknown items): each to stderr.
fn explain(file: &Path, rows: &dyn Fn(&str) -> Option<usize>, err: BureauError) -> anyhow::Error {
    match err {
        BureauError::Invalid(problems) => {
            for p in &problems {
                let row = p.row.or_else(|| p.code.as_deref().and_then(rows));
                match row {
                    Some(r) => eprintln!("{}: row {r}, {p}", file.display()),
                    None => eprintln!("{}: {p}", file.display()),
                }
            }
            anyhow::anyhow!(
                "{}: {} problem(s) found; nothing was imported",
                file.display(),
                problems.len()
            )
        }
        other => anyhow::Error::new(other).context("nothing was imported"),
    }
}

/// `wenlv import taskbook FILE --plan SLUG [--title T]`.
pub async fn import_taskbook(store: &Store, args: &ImportTaskBookArgs) -> anyhow::Result<()> {
    let stored: BTreeSet<String> = store
        .plan_items(&args.plan)
        .await
        .context("reading the stored plan")?
        .into_iter()
        .map(|i| i.code.to_string())
        .collect();
    let book = read(&args.file, move |bytes, name, progress| {
        read_taskbook_over(bytes, name, progress, &stored)
    })
    .await?;
    let rows = book.rows.clone();
    let done = app(store)
        .import_taskbook(
            &Caller::cli(),
            &args.plan,
            args.title.as_deref(),
            book.levels,
            book.items,
        )
        .await
        .map_err(|e| explain(&args.file, &|c| rows.get(c).copied(), e))?;
    println!(
        "plan {}{}: added {}, changed {}, unchanged {}, kept {} (not in the file)",
        done.plan,
        if done.plan_created { " (new)" } else { "" },
        done.added.len(),
        done.changed.len(),
        done.unchanged,
        done.kept.len()
    );
    for (code, fields) in &done.changed {
        println!("changed {code}: {}", fields.join(", "));
    }
    if !done.units_created.is_empty() {
        println!("units created: {}", done.units_created.join("、"));
    }
    Ok(())
}

/// `wenlv import progress FILE --plan SLUG`.
pub async fn import_progress(store: &Store, args: &ImportProgressArgs) -> anyhow::Result<()> {
    let sheet = read(&args.file, read_progress).await?;
    let inputs: Vec<ReportInput> = sheet
        .rows
        .into_iter()
        .map(|r| ReportInput {
            row: Some(r.row),
            code: r.code.to_string(),
            period: r.period,
            percent: r.percent,
            narrative: r.narrative,
            problems: r.problems,
            next_steps: r.next_steps,
        })
        .collect();
    let saved = app(store)
        .report_progress(&Caller::cli(), &args.plan, &inputs)
        .await
        .map_err(|e| explain(&args.file, &|_| None, e))?;
    println!("plan {}: {} report(s) recorded", args.plan, saved.len());
    Ok(())
}

/// `wenlv export taskbook --plan SLUG --out FILE [--as-of DATE]`.
pub async fn export_taskbook(store: &Store, args: &ExportTaskBookArgs) -> anyhow::Result<()> {
    let listed = app(store)
        .plan_items(&Caller::cli(), &args.plan, args.as_of, None)
        .await
        .map_err(|e| match e {
            BureauError::NotFound(what) => anyhow::anyhow!("no {what}"),
            other => anyhow::Error::new(other),
        })?;
    let (items, statuses): (Vec<_>, Vec<_>) = listed.items.into_iter().unzip();
    let bytes = write_taskbook(&listed.plan, &items, Some(&statuses))?;
    if bytes.is_empty() {
        bail!("the workbook came out empty");
    }
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "plan {}: {} items as of {} written to {}",
        listed.plan.slug,
        items.len(),
        listed.as_of,
        args.out.display()
    );
    Ok(())
}
