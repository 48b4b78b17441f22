//! `wenlv backup --out FILE` and `wenlv restore FILE`: one-file backups of a SQLite deployment.
//!
//! A backup is an uncompressed tar file holding
//! - `wenlv-backup.json`: the manifest (format, engine, the schema versions applied, when, which
//!   wenlv wrote it);
//! - `wenlv.db`: a consistent copy of the database taken with SQLite's `VACUUM INTO` (one read
//!   transaction, so a server may keep writing meanwhile);
//! - `files/…`: the uploaded files (evidence and other attachments), copied after the database
//!   snapshot from the uploads folder, `files/` beside the database file (`DATA_DIR/files/`),
//!   when that folder exists.
//!
//! The archive is written as `FILE.partial` and renamed to `FILE` only when complete, so a
//! failed backup never leaves a file that looks like a backup.
//!
//! `restore` checks the manifest, refuses a backup whose schema has a migration this binary does
//! not know (it comes from a newer wenlv), refuses to overwrite a database that holds data (or a
//! non-empty uploads folder) without `--force`, replaces the database file and the uploads
//! folder, then applies this binary's newer migrations. Stop the servers before restoring.
//! PostgreSQL deployments use `pg_dump -Fc` / `pg_restore` (see the README's Deploying section).

use crate::config::{GlobalArgs, Target};
use anyhow::{Context, bail};
use std::fs::File;
use std::path::{Path, PathBuf};
use wenlv_store::{Engine, Store};

/// The archive's format name, written in and checked from the manifest.
pub const FORMAT: &str = "wenlv-backup/1";
const MANIFEST: &str = "wenlv-backup.json";
const DB_ENTRY: &str = "wenlv.db";
/// The uploads folder's name, beside the database file and inside the archive.
pub const FILES: &str = "files";

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The backup file to write (a tar archive; must not exist yet).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// A backup written by `wenlv backup`.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Overwrite a database that holds data (and its uploads folder).
    #[arg(long)]
    force: bool,
}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Manifest {
    format: String,
    engine: String,
    /// Migrations applied to the database in the backup, oldest first.
    schema_versions: Vec<i64>,
    created_at: String,
    wenlv_version: String,
}

/// The SQLite file the flags point at, or why backups of this target are made otherwise.
fn sqlite_file(global: &GlobalArgs) -> anyhow::Result<PathBuf> {
    match global.target() {
        Target::SqliteFile(path) => Ok(path),
        Target::Url(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            bail!(
                "{} is PostgreSQL: back it up with `pg_dump -Fc` and restore it with \
                 `pg_restore` (see the README's Deploying section), and copy the uploads folder",
                global.target()
            )
        }
        Target::Url(url) => {
            let rest = url.strip_prefix("sqlite:").unwrap_or(&url);
            Ok(PathBuf::from(rest.strip_prefix("//").unwrap_or(rest)))
        }
    }
}

/// The uploads folder of a SQLite file: `files/` beside it.
pub fn files_dir(db_file: &Path) -> PathBuf {
    db_file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(FILES)
}

/// A folder for work files beside `path`, on the same file system so renames are atomic.
fn work_dir_beside(path: &Path) -> anyhow::Result<tempfile::TempDir> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    tempfile::Builder::new()
        .prefix(".wenlv-backup-")
        .tempdir_in(dir)
        .with_context(|| format!("cannot create a work folder in {}", dir.display()))
}

pub async fn backup(global: &GlobalArgs, args: BackupArgs) -> anyhow::Result<()> {
    let db_file = sqlite_file(global)?;
    if !db_file.is_file() {
        bail!(
            "no database to back up: {} does not exist",
            db_file.display()
        );
    }
    if args.out.exists() {
        bail!(
            "{} already exists: give a new file name",
            args.out.display()
        );
    }
    let work = work_dir_beside(&args.out)?;
    let copy = work.path().join(DB_ENTRY);
    let store = Store::open_sqlite(&db_file)
        .await
        .with_context(|| format!("cannot open {}", db_file.display()))?;
    store
        .backup_sqlite_into(&copy)
        .await
        .context("copying the database")?;
    store.close().await;
    let copied = Store::open_sqlite(&copy).await?;
    let schema_versions = copied.applied_schema_versions().await?;
    copied.close().await;
    let manifest = Manifest {
        format: FORMAT.into(),
        engine: "sqlite".into(),
        schema_versions,
        created_at: jiff::Timestamp::now().to_string(),
        wenlv_version: env!("CARGO_PKG_VERSION").into(),
    };
    let files = files_dir(&db_file);
    let partial = args.out.with_extension("partial");
    let written = tokio::task::spawn_blocking({
        let (partial, files, copy) = (partial.clone(), files.clone(), copy.clone());
        move || write_archive(&partial, &manifest, &copy, &files)
    })
    .await?;
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, &args.out).with_context(|| {
        format!(
            "cannot rename {} to {}",
            partial.display(),
            args.out.display()
        )
    })?;
    println!(
        "backed up {} ({}) to {}",
        db_file.display(),
        if files.is_dir() {
            format!("with the uploads folder {}", files.display())
        } else {
            "no uploads folder".to_string()
        },
        args.out.display()
    );
    Ok(())
}

fn write_archive(out: &Path, manifest: &Manifest, db: &Path, files: &Path) -> anyhow::Result<()> {
    let file = File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut tar = tar::Builder::new(std::io::BufWriter::new(file));
    tar.follow_symlinks(false);
    let json = serde_json::to_vec_pretty(manifest)?;
    let mut header = tar::Header::new_gnu();
    header.set_size(json.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(jiff::Timestamp::now().as_second().max(0) as u64);
    header.set_cksum();
    tar.append_data(&mut header, MANIFEST, json.as_slice())?;
    tar.append_path_with_name(db, DB_ENTRY)
        .with_context(|| format!("adding {}", db.display()))?;
    if files.is_dir() {
        tar.append_dir_all(FILES, files)
            .with_context(|| format!("adding the uploads folder {}", files.display()))?;
    }
    let writer = tar.into_inner()?;
    writer
        .into_inner()
        .map_err(|e| e.into_error())?
        .sync_all()?;
    Ok(())
}

pub async fn restore(global: &GlobalArgs, args: RestoreArgs) -> anyhow::Result<()> {
    let db_file = sqlite_file(global)?;
    if let Some(dir) = db_file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create data folder {}", dir.display()))?;
    }
    let work = work_dir_beside(&db_file)?;
    let unpacked = work.path().join("unpacked");
    tokio::task::spawn_blocking({
        let (file, unpacked) = (args.file.clone(), unpacked.clone());
        move || -> anyhow::Result<()> {
            let f = File::open(&file).with_context(|| format!("cannot open {}", file.display()))?;
            // `unpack` keeps every entry inside the folder (no `..`, no absolute paths).
            tar::Archive::new(std::io::BufReader::new(f))
                .unpack(&unpacked)
                .with_context(|| format!("{} is not a readable backup archive", file.display()))
        }
    })
    .await??;
    let manifest: Manifest = {
        let path = unpacked.join(MANIFEST);
        let text = std::fs::read(&path).with_context(|| {
            format!(
                "{}: no {MANIFEST} inside; not a wenlv backup",
                args.file.display()
            )
        })?;
        serde_json::from_slice(&text)
            .with_context(|| format!("{}: {MANIFEST} does not read", args.file.display()))?
    };
    if manifest.format != FORMAT || manifest.engine != "sqlite" {
        bail!(
            "{}: format {} for {}; this wenlv restores {FORMAT} for sqlite",
            args.file.display(),
            manifest.format,
            manifest.engine
        );
    }
    let restored_db = unpacked.join(DB_ENTRY);
    let store = Store::open_sqlite(&restored_db).await?;
    let applied = store.applied_schema_versions().await?;
    store.close().await;
    let known = Store::known_schema_versions(Engine::Sqlite);
    check_schema(&args.file, &applied, &known)?;

    // The database and uploads folder it replaces.
    let files = files_dir(&db_file);
    if db_file.exists() {
        let current = Store::open_sqlite(&db_file).await?;
        let rows = current.data_rows().await;
        current.close().await;
        let rows = rows.with_context(|| format!("reading {}", db_file.display()))?;
        if rows > 0 && !args.force {
            bail!(
                "{} holds {rows} rows of data: restoring would overwrite them; add --force to \
                 replace it",
                db_file.display()
            );
        }
    }
    let files_present = std::fs::read_dir(&files).is_ok_and(|mut d| d.next().is_some());
    if files_present && !args.force {
        bail!(
            "the uploads folder {} is not empty: add --force to replace it",
            files.display()
        );
    }
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", db_file.display()));
        if side.exists() {
            std::fs::remove_file(&side)
                .with_context(|| format!("cannot remove {}", side.display()))?;
        }
    }
    std::fs::rename(&restored_db, &db_file)
        .with_context(|| format!("cannot move the restored database to {}", db_file.display()))?;
    if files.exists() {
        std::fs::rename(&files, work.path().join("old-files"))
            .with_context(|| format!("cannot move {} aside", files.display()))?;
    }
    let restored_files = unpacked.join(FILES);
    if restored_files.is_dir() {
        std::fs::rename(&restored_files, &files)
            .with_context(|| format!("cannot move the restored uploads to {}", files.display()))?;
    }
    let store = Store::open_sqlite(&db_file).await?;
    store
        .migrate()
        .await
        .with_context(|| format!("migrating the restored {}", db_file.display()))?;
    let now = store.applied_schema_versions().await?;
    store.close().await;
    println!(
        "restored {} (taken {} by wenlv {}) into {}: schema {} → {}",
        args.file.display(),
        manifest.created_at,
        manifest.wenlv_version,
        db_file.display(),
        applied.last().map_or("none".into(), i64::to_string),
        now.last().map_or("none".into(), i64::to_string)
    );
    Ok(())
}

/// A backup can be restored when every migration applied to it is one this binary has (else it
/// comes from a newer wenlv); missing newer ones are applied after the restore.
fn check_schema(file: &Path, applied: &[i64], known: &[i64]) -> anyhow::Result<()> {
    if applied.is_empty() {
        bail!("{}: the database inside has no schema", file.display());
    }
    if let Some(v) = applied.iter().find(|v| !known.contains(v)) {
        bail!(
            "{}: schema version {v} is not known to this wenlv (newest known: {}); the backup \
             comes from a newer version: restore it with that version",
            file.display(),
            known.last().copied().unwrap_or_default()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_from_the_future_is_refused_and_an_older_one_accepted() {
        let f = Path::new("b.tar");
        assert!(check_schema(f, &[1, 2], &[1, 2, 3]).is_ok());
        let e = check_schema(f, &[1, 2, 4], &[1, 2, 3]).unwrap_err();
        assert!(e.to_string().contains("schema version 4"), "{e}");
        assert!(check_schema(f, &[], &[1]).is_err());
    }
}
