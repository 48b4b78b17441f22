//! `wenlv quote --date D [--home-region CODE] [--age N] [--student] … PLACE…`: what a visitor
//! pays at each place, and why — as a table, or with `--json` exactly what `POST /api/quotes`
//! answers (both go through `wenlv_app::App::quote`).

use crate::config::{GlobalArgs, migrated_store};
use anyhow::{Context, anyhow};
use std::sync::Arc;
use wenlv_app::{Actor, App};
use wenlv_domain::{HomeRegion, PlaceId, Quote, QuoteRequest, Quotes, Visitor};

#[derive(Debug, clap::Args)]
pub struct QuoteArgs {
    /// The date of the visit, YYYY-MM-DD (default: today in Xining).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// Where the visitor lives: a GB/T 2260 code (320000 = Jiangsu, or finer) or an ISO 3166-1
    /// country code (DE) for visitors from abroad. Not given = unknown.
    #[arg(long, value_name = "CODE")]
    home_region: Option<String>,
    /// The visitor's age in whole years.
    #[arg(long, value_name = "N")]
    age: Option<u32>,
    #[arg(long)]
    student: bool,
    #[arg(long)]
    senior: bool,
    #[arg(long)]
    military: bool,
    #[arg(long)]
    disabled: bool,
    /// The size of the visitor's group, the visitor included.
    #[arg(long, value_name = "N")]
    group_size: Option<u32>,
    /// Print the API's JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Place ids (as in `wenlv export places`), e.g. kumbum_monastery.
    #[arg(required = true, value_name = "PLACE")]
    places: Vec<String>,
}

impl QuoteArgs {
    /// The request these flags describe; `today` fills in a missing date.
    fn request(
        &self,
        today: impl FnOnce() -> anyhow::Result<jiff::civil::Date>,
    ) -> anyhow::Result<QuoteRequest> {
        let date = match &self.date {
            Some(text) => {
                wenlv_domain::parse_date(text).map_err(|why| anyhow!("--date '{text}': {why}"))?
            }
            None => today()?,
        };
        let home_region = self
            .home_region
            .as_deref()
            .map(|code| HomeRegion::parse(code).map_err(|e| anyhow!("--home-region '{code}': {e}")))
            .transpose()?;
        let places = self
            .places
            .iter()
            .map(|p| PlaceId::parse(p).map_err(|e| anyhow!("place '{p}': {e}")))
            .collect::<anyhow::Result<_>>()?;
        Ok(QuoteRequest {
            date,
            visitor: Visitor {
                home_region,
                age: self.age,
                student: self.student,
                senior: self.senior,
                military: self.military,
                disabled: self.disabled,
                group_size: self.group_size,
            },
            places,
        })
    }
}

pub async fn run(global: &GlobalArgs, args: QuoteArgs) -> anyhow::Result<()> {
    let store = migrated_store(global).await?;
    let app = App::new(store.clone(), Arc::new(wenlv_io::demo::xining_city()));
    let request = args.request(|| Ok(app.today()))?;
    let result = app.quote(&Actor::Operator, &request).await;
    let empty = store.count_places().await.unwrap_or(0) == 0;
    store.close().await;
    let quotes = result.map_err(|e| {
        let hint = if empty {
            " (the catalogue is empty: load it with `wenlv init --demo` or `wenlv import places`)"
        } else {
            ""
        };
        anyhow!("{e}{hint}")
    })?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&quotes).context("writing the quotes as JSON")?
        );
    } else {
        print!("{}", table(&request, &quotes));
    }
    Ok(())
}

/// Why the price is what it is, in one line.
fn why(q: &Quote) -> String {
    if let Some(applied) = q.considered.iter().find(|c| c.applied) {
        return format!("{}: {}", applied.offer, applied.reason);
    }
    // The offers that were about this place and this date, and why they did not apply.
    let relevant: Vec<String> = q
        .considered
        .iter()
        .filter(|c| c.reason != "not this place" && !c.reason.starts_with("outside dates"))
        .map(|c| format!("{}: {}", c.offer, c.reason))
        .collect();
    if relevant.is_empty() {
        "no offer for this place on this date".to_string()
    } else {
        relevant.join("; ")
    }
}

fn price(m: Option<wenlv_domain::Money>) -> String {
    m.map_or_else(|| "unknown".to_string(), |m| m.to_string())
}

/// The quotes as an aligned text table, then the notes.
fn table(request: &QuoteRequest, quotes: &Quotes) -> String {
    let header = ["PLACE", "SEASON", "BASE", "FINAL", "OFFER APPLIED", "WHY"];
    let rows: Vec<[String; 6]> = quotes
        .quotes
        .iter()
        .map(|q| {
            [
                q.place.to_string(),
                serde_json::to_value(q.season)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                price(q.base_price),
                price(q.final_price),
                q.applied_offer
                    .as_ref()
                    .map_or_else(|| "-".to_string(), |o| o.to_string()),
                why(q),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 6]| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i == 5 {
                out.push_str(cell);
            } else {
                let pad = widths[i] - cell.chars().count();
                // Money right-aligned, text left-aligned.
                if i == 2 || i == 3 {
                    out.push_str(&" ".repeat(pad));
                    out.push_str(cell);
                } else {
                    out.push_str(cell);
                    out.push_str(&" ".repeat(pad));
                }
                out.push_str("  ");
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let who = match &request.visitor.home_region {
        Some(r) => format!("a visitor from {r}"),
        None => "a visitor (home region not given)".to_string(),
    };
    let mut out = format!("Prices in CNY on {} for {who}\n", request.date);
    out.push_str(&line(header));
    for row in &rows {
        out.push_str(&line(row.each_ref().map(String::as_str)));
    }
    for q in &quotes.quotes {
        if let Some(note) = &q.note {
            out.push_str(&format!("note, {}: {note}\n", q.place));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        args: QuoteArgs,
    }

    fn parse(argv: &[&str]) -> anyhow::Result<QuoteRequest> {
        let cli = Cli::try_parse_from(std::iter::once("quote").chain(argv.iter().copied()))?;
        cli.args.request(|| Ok(jiff::civil::date(2024, 1, 10)))
    }

    #[test]
    fn flags_make_the_request() {
        let r = parse(&[
            "--date",
            "2024-01-10",
            "--home-region",
            "320000",
            "--age",
            "30",
            "--student",
            "kumbum_monastery",
            "riyue_mountain",
        ])
        .unwrap();
        assert_eq!(r.date, jiff::civil::date(2024, 1, 10));
        assert_eq!(r.visitor.home_region.unwrap().to_string(), "320000");
        assert_eq!(r.visitor.age, Some(30));
        assert!(r.visitor.student && !r.visitor.senior);
        assert_eq!(r.places.len(), 2);
    }

    #[test]
    fn bad_flags_say_which_and_why() {
        let e = parse(&["--home-region", "999999", "kumbum_monastery"]).unwrap_err();
        assert!(e.to_string().starts_with("--home-region '999999'"), "{e}");
        let e = parse(&["--date", "2024-02-30", "kumbum_monastery"]).unwrap_err();
        assert!(e.to_string().starts_with("--date '2024-02-30'"), "{e}");
        assert!(
            parse(&["--date", "2024-01-10"]).is_err(),
            "a place is required"
        );
    }
}
