//! `wenlv plan`: an itinerary from the command line, over the local catalogue and the city's
//! embedded holidays, seasons and offers. The same planner and request as `POST /api/itineraries`.

use crate::config::{GlobalArgs, migrated_store};
use anyhow::{Context, bail};
use serde_json::{Map, Value, json};
use std::path::PathBuf;
use std::sync::Arc;
use wenlv_app::{Actor, App, PlanError};
use wenlv_planner::{Itinerary, PlanRequest, TravelTimesKind};

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// A whole request as JSON (the API's body); the other flags then must not be given.
    #[arg(long, value_name = "FILE.json", conflicts_with_all = ["date", "start"])]
    request: Option<PathBuf>,
    /// A day to plan, YYYY-MM-DD (repeat for several days).
    #[arg(long, value_name = "YYYY-MM-DD", required_unless_present = "request")]
    date: Vec<String>,
    /// Where each day starts: a place id, or LAT,LON in WGS-84.
    #[arg(long, required_unless_present = "request")]
    start: Option<String>,
    /// Where each day ends (default: the start).
    #[arg(long)]
    end: Option<String>,
    /// When the day starts, HH:MM.
    #[arg(long, default_value = "09:00")]
    day_start: String,
    /// When the day ends, HH:MM.
    #[arg(long, default_value = "18:00")]
    day_end: String,
    /// A theme and its weight, THEME=WEIGHT or THEME (weight 1); repeatable.
    #[arg(long, value_name = "THEME[=WEIGHT]")]
    theme: Vec<String>,
    /// A place that must be in the plan; repeatable.
    #[arg(long, value_name = "PLACE")]
    must_see: Vec<String>,
    /// A place to leave out; repeatable.
    #[arg(long, value_name = "PLACE")]
    skip: Vec<String>,
    /// Ticket budget for the whole trip, CNY.
    #[arg(long, value_name = "CNY")]
    budget: Option<String>,
    /// The visitor's home region: GB/T 2260 code (e.g. 320000) or country code (e.g. DE).
    #[arg(long, value_name = "CODE")]
    home_region: Option<String>,
    /// The visitor's age.
    #[arg(long)]
    age: Option<u32>,
    /// relaxed, normal or brisk.
    #[arg(long, default_value = "normal")]
    pace: String,
    /// walk or drive.
    #[arg(long, default_value = "walk")]
    mode: String,
    /// A lunch break FROM-TO, e.g. 12:00-13:00.
    #[arg(long, value_name = "HH:MM-HH:MM")]
    lunch: Option<String>,
    /// Print the API's JSON instead of a timeline.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    routing: crate::routing::RoutingArgs,
}

fn endpoint(text: &str) -> Value {
    if let Some((lat, lon)) = text.split_once(',')
        && let (Ok(lat), Ok(lon)) = (lat.trim().parse::<f64>(), lon.trim().parse::<f64>())
    {
        return json!({"lat": lat, "lon": lon});
    }
    json!({"place": text})
}

impl PlanArgs {
    fn request(&self) -> anyhow::Result<Value> {
        if let Some(path) = &self.request {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            return serde_json::from_str(&text)
                .with_context(|| format!("{} is not JSON", path.display()));
        }
        let mut themes = Map::new();
        for t in &self.theme {
            let (name, weight) = match t.split_once('=') {
                Some((n, w)) => (
                    n,
                    w.parse::<f64>()
                        .with_context(|| format!("--theme {t}: the weight is not a number"))?,
                ),
                None => (t.as_str(), 1.0),
            };
            themes.insert(name.to_string(), json!(weight));
        }
        let mut visitor = Map::new();
        if let Some(r) = &self.home_region {
            visitor.insert("home_region".into(), json!(r));
        }
        if let Some(a) = self.age {
            visitor.insert("age".into(), json!(a));
        }
        let mut request = json!({
            "dates": self.date, "start": endpoint(self.start.as_deref().unwrap_or_default()),
            "day_start": self.day_start, "day_end": self.day_end, "themes": themes,
            "must_see": self.must_see, "skip": self.skip, "budget_cny": self.budget,
            "visitor": visitor, "pace": self.pace, "mode": self.mode,
        });
        if let Some(end) = &self.end {
            request["end"] = endpoint(end);
        }
        if let Some(lunch) = &self.lunch {
            let Some((from, to)) = lunch.split_once('-') else {
                bail!("--lunch {lunch}: expected FROM-TO, e.g. 12:00-13:00")
            };
            request["lunch"] = json!({"from": from, "to": to});
        }
        Ok(request)
    }
}

pub async fn run(global: &GlobalArgs, args: PlanArgs) -> anyhow::Result<()> {
    let body = args.request()?;
    let request: PlanRequest = serde_path_to_error::deserialize(body).map_err(|e| {
        let path = e.path().to_string();
        anyhow::anyhow!("{path}: {}", e.into_inner())
    })?;
    let routing = args.routing.routing()?;
    let store = migrated_store(global).await?;
    let empty = store.count_places().await? == 0;
    if empty {
        store.close().await;
        bail!(
            "the catalogue is empty: run `wenlv init --demo` or `wenlv import places FILE` first"
        );
    }
    let app = App::new(store.clone(), Arc::new(wenlv_io::demo::xining_city()))
        .with_routing(Arc::new(routing));
    let result = app.plan(&Actor::Operator, request).await;
    store.close().await;
    let itinerary = result.map_err(|e| match e {
        // The field is named in the message already ("dates[0]: …").
        PlanError::Request(r) => anyhow::anyhow!("{r}"),
        other => anyhow::Error::new(other),
    })?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&itinerary)?);
    } else {
        print!("{}", timeline(&itinerary));
    }
    Ok(())
}

/// The itinerary as a readable timeline.
fn timeline(it: &Itinerary) -> String {
    let mut out = String::new();
    for day in &it.days {
        out.push_str(&format!(
            "{}  leave {} at {}\n",
            day.date, day.legs[0].from, day.depart
        ));
        for (stop, leg) in day.stops.iter().zip(&day.legs) {
            let price = stop
                .price
                .map_or("price unknown".to_string(), |p| format!("¥{p}"));
            let hours = if stop.hours_known {
                ""
            } else {
                "  (opening hours unknown: check before you go)"
            };
            out.push_str(&format!(
                "  {:>4} min, {:>5} m → {}–{}  {} {}  {price}{hours}\n",
                leg.minutes, leg.meters, stop.start, stop.leave, stop.name_en, stop.name_zh
            ));
        }
        let last = day.legs.last().expect("a day has a leg home");
        out.push_str(&format!(
            "  {:>4} min, {:>5} m → back at {} {}\n",
            last.minutes, last.meters, last.to, day.back
        ));
    }
    out.push_str(&format!(
        "total: tickets ¥{} ({} unknown), {:.1} km, score {}\n",
        it.totals.cost,
        it.totals.unknown_prices,
        it.totals.meters as f64 / 1000.0,
        it.totals.score
    ));
    match (it.travel_times, &it.travel_times_note) {
        (TravelTimesKind::Street, _) => out.push_str("travel times: along the streets\n"),
        (TravelTimesKind::Estimated, Some(note)) => {
            out.push_str(&format!("travel times: estimated ({note})\n"))
        }
        (TravelTimesKind::Estimated, None) => out.push_str("travel times: estimated\n"),
    }
    for n in &it.not_fitted {
        out.push_str(&format!("not fitted: {} ({})\n", n.place, n.reason));
    }
    if !it.excluded_no_position.is_empty() {
        out.push_str(&format!(
            "left out, position unknown: {}\n",
            it.excluded_no_position.join(", ")
        ));
    }
    out
}
