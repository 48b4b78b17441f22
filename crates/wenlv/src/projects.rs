//! `wenlv import projects FILE.xlsx` and `wenlv export projects --out FILE.xlsx`: the key-project
//! library's workbook (重点项目库).

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::sync::Arc;
use wenlv_app::{Actor, App, Caller, ProjectError};
use wenlv_io::projects::{ProjectRow, read_projects, write_projects};

#[derive(Debug, clap::Args)]
pub struct ImportProjectsArgs {
    /// The project book (.xlsx): headers in Chinese or English (项目编号/code, 项目名称/name,
    /// 区县/district, 阶段/stage, 总投资（万元）/total_investment_10k_cny, 资金来源/funding type,
    /// 资金金额（万元）/funding_10k_cny, …); one row per project or per funding line.
    pub file: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ExportProjectsArgs {
    /// Where to write the workbook (.xlsx); it imports back unchanged.
    #[arg(long)]
    pub out: PathBuf,
}

fn app(store: wenlv_store::Store) -> App {
    App::new(store, Arc::new(wenlv_io::demo::xining_city()))
}

/// Checks the whole book, then writes it in one transaction; every problem to stderr otherwise.
pub async fn import(store: wenlv_store::Store, args: &ImportProjectsArgs) -> anyhow::Result<()> {
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let name = args.file.display().to_string();
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("checking rows {bar:30} {pos}/{len}") {
        bar.set_style(style);
    }
    let (file, reader_bar) = (name.clone(), bar.clone());
    let read = tokio::task::spawn_blocking(move || {
        let mut report = |done: usize, total: usize| {
            reader_bar.set_length(total as u64);
            reader_bar.set_position(done as u64);
        };
        read_projects(&bytes, &file, Some(&mut report))
    })
    .await?;
    bar.finish_and_clear();
    let book = match read {
        Ok(book) => book,
        Err(e) => {
            eprintln!("{e}");
            bail!(
                "{name}: {} problem(s) found; nothing was imported",
                e.issues.len()
            );
        }
    };
    match app(store)
        .import_projects(&Caller::cli(), &book, &name)
        .await
    {
        Ok(done) => {
            if !done.put_in_reserve.is_empty() {
                println!(
                    "no stage given for {}: put in reserve (储备)",
                    done.put_in_reserve.join(", ")
                );
            }
            for (code, from, to) in &done.stage_changes {
                println!("{code}: stage {from} → {to}");
            }
            println!(
                "created {}, updated {}, unchanged {}",
                done.counts.created, done.counts.updated, done.counts.unchanged
            );
            Ok(())
        }
        Err(ProjectError::Book(e)) => {
            eprintln!("{e}");
            bail!(
                "{name}: {} problem(s) found; nothing was imported",
                e.issues.len()
            )
        }
        Err(ProjectError::Store(e)) => {
            Err(anyhow::Error::new(e).context("storing the projects (nothing was changed)"))
        }
        Err(e) => bail!("{e}"),
    }
}

/// Writes the library as a project book, whole or not at all.
pub async fn export(store: wenlv_store::Store, args: &ExportProjectsArgs) -> anyhow::Result<()> {
    let projects = app(store)
        .list_projects(&Actor::Operator)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let rows: Vec<ProjectRow> = projects
        .into_iter()
        .map(|p| ProjectRow {
            row: 0,
            code: p.code,
            name: p.name,
            category: p.category,
            district: p.district,
            stage: Some(p.stage),
            stage_reason: None,
            owner: p.owner,
            lead_unit: p.lead_unit,
            total_investment: p.total_investment,
            planned_completion: p.planned_completion,
            funding: p.funding,
        })
        .collect();
    let bytes = write_projects(&rows).context("writing the workbook")?;
    std::fs::write(&args.out, bytes).with_context(|| format!("writing {}", args.out.display()))?;
    println!("{} projects written to {}", rows.len(), args.out.display());
    Ok(())
}
