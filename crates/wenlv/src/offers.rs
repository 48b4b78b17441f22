//! `wenlv import offers FILE.toml` and `wenlv export offers [--out FILE]`.
//!
//! Import reads and checks the whole file (the domain's offer-file parser names the file, the
//! offer id and the field of the first error), then checks every place the offers name against
//! the catalogue in the database, and only then upserts the offers in one transaction. Export
//! writes the stored offers as an offer file that imports back unchanged.

use anyhow::{Context, bail};
use clap::Args;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use wenlv_domain::OfferBook;
use wenlv_store::Store;

#[derive(Debug, Args)]
pub struct ImportOffersArgs {
    /// The offer file (TOML, one [[offer]] table per offer; the format of data/xining/offers.toml
    /// and of `wenlv export offers`).
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExportOffersArgs {
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Reads and checks an offer file, and the places it names against `known`. Every unknown place
/// is listed in the error (offer, field, place id).
pub fn read_checked(
    file: &Path,
    known: &HashSet<wenlv_domain::PlaceId>,
) -> anyhow::Result<OfferBook> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let name = file.display().to_string();
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        anyhow::anyhow!(
            "{name}: not UTF-8 text at line {line} (byte {}): save the file as UTF-8; nothing \
             was imported",
            valid.len() + 1
        )
    })?;
    let book = OfferBook::parse_toml(&name, &text)
        .map_err(|e| anyhow::anyhow!("{e}; nothing was imported"))?;
    let unknown = book.unknown_places(|id| known.contains(id));
    if !unknown.is_empty() {
        let lines: Vec<String> = unknown
            .iter()
            .map(|(offer_id, place)| {
                let in_ids = book
                    .offers()
                    .iter()
                    .any(|o| &o.id == offer_id && o.places.ids.contains(place));
                let field = if in_ids {
                    "places.ids"
                } else {
                    "places.exclude"
                };
                format!("{name}, offer '{offer_id}', field '{field}': unknown place '{place}'")
            })
            .collect();
        bail!(
            "{}\n{name}: {} unknown place(s) (not in the catalogue); nothing was imported",
            lines.join("\n"),
            unknown.len()
        );
    }
    Ok(book)
}

/// `wenlv import offers FILE`
pub async fn import(store: &Store, args: &ImportOffersArgs) -> anyhow::Result<()> {
    let known: HashSet<_> = store
        .all_places()
        .await
        .context("reading the catalogue")?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let book = read_checked(&args.file, &known)?;
    let counts = store
        .upsert_offers(&book)
        .await
        .context("storing the offers (nothing was changed)")?;
    println!(
        "created {}, updated {}, unchanged {}",
        counts.created, counts.updated, counts.unchanged
    );
    Ok(())
}

/// `wenlv export offers [--out FILE]`
pub async fn export(store: &Store, args: &ExportOffersArgs) -> anyhow::Result<()> {
    let book = store.offers().await.context("reading the offers")?;
    let text = format!(
        "# Offers exported by wenlv: edit and read back with `wenlv import offers FILE`.\n\n{}",
        book.to_toml()
    );
    match &args.out {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
        }
    }
    Ok(())
}
