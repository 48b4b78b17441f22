//! `wenlv import places FILE` and `wenlv export places --format F`.
//!
//! Import reads and checks the whole file first (with a progress bar); one bad row and nothing is
//! written. Otherwise the places are upserted in one transaction, and a field the file does not
//! give (its column is absent, or its key is missing from a JSON object) keeps its stored value.
//! Export writes the catalogue to standard output or to `--out FILE`.

use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use wenlv_domain::{Datum, Place};
use wenlv_io::{ExportFormat, ImportError, ImportOptions, ImportedPlace};
use wenlv_store::Store;

/// `wenlv import …`
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import places from a CSV, Excel (.xlsx) or JSON file. The whole file is checked first:
    /// if any row is bad, every problem is listed and nothing is written.
    ///
    /// An import never clears what it was not given: a column absent from the file (a key
    /// missing from a JSON object) leaves that field as stored for a place that already exists,
    /// and unknown for a new one. An empty cell in a column that is present (or a JSON null)
    /// means "unknown" and clears the field.
    ///
    /// CSV cells that a spreadsheet would run as a formula are exported with a leading ' (see
    /// `wenlv export places`); on a CSV import, a ' followed by = + - @ tab or carriage return
    /// is removed, so an export imports back unchanged.
    Places(ImportPlacesArgs),
    /// Import offers from a TOML offer file. The whole file and every place it names are checked
    /// first: on any problem nothing is written.
    Offers(crate::offers::ImportOffersArgs),
    /// Import the key-project library from its workbook (.xlsx): every problem listed and
    /// nothing written unless all is good; projects are updated by code, and a stage change
    /// needs its reason (阶段变更原因).
    Projects(crate::projects::ImportProjectsArgs),
    /// Import a plan's task book (.xlsx): items added or updated by code, units created; the
    /// whole book is checked first and any problem writes nothing.
    Taskbook(crate::battlemap::ImportTaskBookArgs),
    /// Import a monthly progress sheet (.xlsx) of a plan: all reports or none.
    Progress(crate::battlemap::ImportProgressArgs),
}

/// `wenlv export …`
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Export every place as CSV, Excel (.xlsx), JSON or GeoJSON.
    ///
    /// In CSV, a text cell starting with = + - @ tab or carriage return (after any ') gets a
    /// leading ' so that a spreadsheet shows it as text instead of running it as a formula
    /// (CSV injection); numbers, such as a negative longitude, are written as they are.
    /// `wenlv import places` removes that one '.
    Places(ExportPlacesArgs),
    /// Export the offers as a TOML offer file (imports back unchanged).
    Offers(crate::offers::ExportOffersArgs),
    /// Export the key-project library as a workbook (.xlsx) that imports back unchanged.
    Projects(crate::projects::ExportProjectsArgs),
    /// Export a plan's whole tree with each item's status to .xlsx (re-imports to the same tree).
    Taskbook(crate::battlemap::ExportTaskBookArgs),
}

#[derive(Debug, Args)]
pub struct ImportPlacesArgs {
    /// The file: .csv (UTF-8; Excel's byte-order mark is fine), .xlsx (first sheet, header row)
    /// or .json (an array of objects). Columns as written by `wenlv export places`.
    pub file: PathBuf,
    /// The coordinate system of the file's lat/lon. Positions are stored in WGS-84.
    #[arg(long, value_enum, default_value_t = DatumArg::Wgs84)]
    pub datum: DatumArg,
}

#[derive(Debug, Args)]
pub struct ExportPlacesArgs {
    /// Output format. GeoJSON holds only the places with a position.
    #[arg(long, value_enum)]
    pub format: FormatArg,
    /// Write to this file instead of standard output (required for xlsx on a terminal).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The coordinate systems an import accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DatumArg {
    /// GPS / OpenStreetMap.
    Wgs84,
    /// Amap, Tencent and most Chinese basemaps.
    Gcj02,
    /// Baidu.
    Bd09,
}

impl From<DatumArg> for Datum {
    fn from(d: DatumArg) -> Datum {
        match d {
            DatumArg::Wgs84 => Datum::Wgs84,
            DatumArg::Gcj02 => Datum::Gcj02,
            DatumArg::Bd09 => Datum::Bd09,
        }
    }
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Csv,
    Xlsx,
    Json,
    Geojson,
}

impl From<FormatArg> for ExportFormat {
    fn from(f: FormatArg) -> ExportFormat {
        match f {
            FormatArg::Csv => ExportFormat::Csv,
            FormatArg::Xlsx => ExportFormat::Xlsx,
            FormatArg::Json => ExportFormat::Json,
            FormatArg::Geojson => ExportFormat::GeoJson,
        }
    }
}

/// Runs `wenlv import …`.
pub async fn run_import(store: &Store, command: &ImportCommand) -> anyhow::Result<()> {
    match command {
        ImportCommand::Places(args) => import_places(store, args).await,
        ImportCommand::Offers(args) => crate::offers::import(store, args).await,
        ImportCommand::Projects(args) => crate::projects::import(store.clone(), args).await,
        ImportCommand::Taskbook(args) => crate::battlemap::import_taskbook(store, args).await,
        ImportCommand::Progress(args) => crate::battlemap::import_progress(store, args).await,
    }
}

/// Runs `wenlv export …`.
pub async fn run_export(store: &Store, command: &ExportCommand) -> anyhow::Result<()> {
    match command {
        ExportCommand::Places(args) => export_places(store, args).await,
        ExportCommand::Offers(args) => crate::offers::export(store, args).await,
        ExportCommand::Projects(args) => crate::projects::export(store.clone(), args).await,
        ExportCommand::Taskbook(args) => crate::battlemap::export_taskbook(store, args).await,
    }
}

/// `wenlv import places FILE [--datum D]`: check the whole file, then upsert in one transaction
/// (keeping the stored value of every field the file does not give) and print `created N,
/// updated N, unchanged N`. On any bad row, every problem goes to stderr and the command fails
/// with the database untouched.
pub async fn import_places(store: &Store, args: &ImportPlacesArgs) -> anyhow::Result<()> {
    let file = args.file.clone();
    let options = ImportOptions {
        datum: args.datum.into(),
    };
    let bar = progress_bar();
    let imported =
        tokio::task::spawn_blocking(move || read_checked(&file, &options, bar)).await??;
    if let Some(note) = absent_columns_note(&imported) {
        println!("{note}");
    }
    let places: Vec<Place> = imported.iter().map(|i| i.place.clone()).collect();
    let keep_absent = |i: usize, stored: &Place| imported[i].over(stored);
    let counts = match store.upsert_places_merging(&places, &keep_absent).await {
        Ok(counts) => counts,
        // Another import (or server) wrote the same new places first: its transaction won.
        Err(wenlv_store::StoreError::Conflict(why)) => bail!(
            "conflict: another import or edit wrote the same places at the same time ({why}); \
             nothing was written: run the import again"
        ),
        Err(e) => {
            return Err(anyhow::Error::new(e).context("storing the places (nothing was changed)"));
        }
    };
    crate::accounts::record_import(store, "places", &args.file, &counts).await?;
    println!(
        "created {}, updated {}, unchanged {}",
        counts.created, counts.updated, counts.unchanged
    );
    Ok(())
}

/// Reads and checks the file. Bad rows are printed to stderr, one line each, and turned into an
/// error that says nothing was imported.
fn read_checked(
    file: &Path,
    options: &ImportOptions,
    bar: ProgressBar,
) -> anyhow::Result<Vec<ImportedPlace>> {
    let mut report = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let result = wenlv_io::read_imported_places(file, options, Some(&mut report));
    bar.finish_and_clear();
    match result {
        Ok(places) => Ok(places),
        Err(err @ ImportError::Invalid { .. }) => {
            eprintln!("{err}");
            bail!(
                "{}: {} problem(s) found; nothing was imported",
                file.display(),
                err.issues().len()
            )
        }
        Err(err) => bail!("{err}\nnothing was imported"),
    }
}

/// Which columns no row gave, so the user sees what the import keeps as stored; `None` when
/// every row gave every column.
fn absent_columns_note(imported: &[ImportedPlace]) -> Option<String> {
    let absent: Vec<&str> = wenlv_io::COLUMNS
        .iter()
        .copied()
        .filter(|c| !imported.iter().any(|i| i.given.contains(c)))
        .collect();
    let partly = wenlv_io::COLUMNS
        .iter()
        .any(|c| !absent.contains(c) && imported.iter().any(|i| !i.given.contains(c)));
    if imported.is_empty() || (absent.is_empty() && !partly) {
        return None;
    }
    let mut note = String::new();
    if !absent.is_empty() {
        note.push_str(&format!(
            "not in the file, kept as stored (unknown for new places): {}",
            absent.join(", ")
        ));
    }
    if partly {
        if !note.is_empty() {
            note.push('\n');
        }
        note.push_str("some objects leave out some keys: those fields are kept as stored");
    }
    Some(note)
}

/// A bar on stderr; indicatif draws nothing when stderr is not a terminal.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("checking rows {bar:30} {pos}/{len}") {
        bar.set_style(style);
    }
    bar
}

/// `wenlv export places --format F [--out FILE]`.
pub async fn export_places(store: &Store, args: &ExportPlacesArgs) -> anyhow::Result<()> {
    let format: ExportFormat = args.format.into();
    check_destination(format, args.out.as_deref(), std::io::stdout().is_terminal())?;
    let places = store.all_places().await.context("reading the places")?;
    let bytes = render(&places, format)?;
    match &args.out {
        // Rendered in memory first, so a failed export never leaves half a file behind.
        Some(path) => {
            std::fs::write(path, &bytes).with_context(|| format!("writing {}", path.display()))?
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&bytes)?;
            stdout.flush()?;
        }
    }
    Ok(())
}

/// Binary output (xlsx) is refused on a terminal: it needs `--out` or a redirect.
fn check_destination(
    format: ExportFormat,
    out: Option<&Path>,
    stdout_is_terminal: bool,
) -> anyhow::Result<()> {
    if format.is_binary() && out.is_none() && stdout_is_terminal {
        bail!(
            "{} is a binary format: give --out FILE (or redirect standard output)",
            format.as_str()
        );
    }
    Ok(())
}

fn render(places: &[Place], format: ExportFormat) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    wenlv_io::write_places(places, format, &mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(subcommand)]
        command: Top,
    }

    #[derive(Debug, Subcommand)]
    enum Top {
        Import {
            #[command(subcommand)]
            what: ImportCommand,
        },
        Export {
            #[command(subcommand)]
            what: ExportCommand,
        },
    }

    #[test]
    fn clap_definitions_are_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_parse_as_documented() {
        let cli =
            Cli::try_parse_from(["wenlv", "import", "places", "x.csv", "--datum", "bd09"]).unwrap();
        let Top::Import {
            what: ImportCommand::Places(args),
        } = cli.command
        else {
            panic!("not import");
        };
        assert_eq!(args.file, PathBuf::from("x.csv"));
        assert_eq!(Datum::from(args.datum), Datum::Bd09);

        let cli =
            Cli::try_parse_from(["wenlv", "export", "places", "--format", "geojson"]).unwrap();
        let Top::Export {
            what: ExportCommand::Places(args),
        } = cli.command
        else {
            panic!("not export");
        };
        assert_eq!(ExportFormat::from(args.format), ExportFormat::GeoJson);
        assert!(args.out.is_none());

        assert!(
            Cli::try_parse_from(["wenlv", "import", "places", "x.csv", "--datum", "utm"]).is_err()
        );
        assert!(Cli::try_parse_from(["wenlv", "export", "places", "--format", "pdf"]).is_err());
    }

    /// The help of `import places` and `export places` states what an import keeps and the
    /// CSV formula rule.
    #[test]
    fn help_documents_keeping_and_the_formula_rule() {
        use clap::CommandFactory;
        let mut cli = Cli::command();
        let help = |cli: &mut clap::Command, path: [&str; 2]| {
            cli.find_subcommand_mut(path[0])
                .and_then(|c| c.find_subcommand_mut(path[1]))
                .unwrap()
                .render_long_help()
                .to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let import = help(&mut cli, ["import", "places"]);
        assert!(
            import.contains("An import never clears what it was not given"),
            "{import}"
        );
        assert!(import.contains("An empty cell in a column that is present"));
        assert!(import.contains("= + - @ tab or carriage return"));
        let export = help(&mut cli, ["export", "places"]);
        assert!(export.contains("leading ' so that a spreadsheet shows it as text"));
    }

    #[test]
    fn xlsx_is_refused_on_a_terminal_without_out() {
        assert!(check_destination(ExportFormat::Xlsx, None, true).is_err());
        assert!(check_destination(ExportFormat::Xlsx, None, false).is_ok());
        assert!(check_destination(ExportFormat::Xlsx, Some(Path::new("a.xlsx")), true).is_ok());
        assert!(check_destination(ExportFormat::Csv, None, true).is_ok());
    }

    /// A file with a bad row yields an error (so the store is never called) naming the count.
    #[test]
    fn bad_file_is_refused_before_storing() {
        let dir = std::env::temp_dir().join(format!("wenlv-places-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.csv");
        std::fs::write(
            &path,
            "id,name_zh,name_en,category\na,甲,A,park\nb,乙,B,castle\n",
        )
        .unwrap();
        let err =
            read_checked(&path, &ImportOptions::default(), ProgressBar::hidden()).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("1 problem(s) found; nothing was imported"),
            "{err}"
        );

        std::fs::write(&path, "id,name_zh,name_en,category\na,甲,A,park\n").unwrap();
        let places = read_checked(&path, &ImportOptions::default(), ProgressBar::hidden()).unwrap();
        assert_eq!(places.len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The demo data exports as CSV byte-for-byte like the shipped file.
    #[test]
    fn csv_export_of_the_demo_data_matches_the_data_file() {
        let bytes = render(&wenlv_io::demo::xining_places(), ExportFormat::Csv).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            wenlv_io::demo::XINING_PLACES_CSV
        );
    }
}
