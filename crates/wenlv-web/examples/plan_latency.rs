//! End-to-end latency of `POST /api/itineraries` on the Xining demo catalogue: a real server on
//! loopback over a temp SQLite file, a real HTTP client, sequential requests, wall-clock per
//! request as the client sees it. Prints p50/p95/max per case and writes them as JSON.
//!
//! `cargo run -p wenlv-web --example plan_latency [--release] -- [ROUNDS] [OUT.json]`

use serde_json::{Value, json};
mod common;

use common::percentile;
use std::time::Instant;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rounds: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100);
    let out = args.get(2).cloned();
    let (base, _dir) = common::demo_server().await;
    let client = reqwest::Client::new();

    // Realistic city requests: different seasons, weekdays, themes, budgets and modes.
    let starts = [
        json!({"place": "limeng_pedestrian_street"}),
        json!({"lat": 36.6175, "lon": 101.7780}),
        json!({"place": "dongguan_mosque"}),
    ];
    let themes = [
        json!({"old_town": 1.0, "food": 0.5}),
        json!({"heritage": 1.0, "family_study": 1.0}),
        json!({"city_park": 1.0, "wellness_eco": 0.5, "religion": 0.5}),
    ];
    let first_days = ["2024-01-08", "2024-05-01", "2024-07-10", "2024-10-02"];
    let mut cases: Vec<(String, Vec<Value>)> = Vec::new();
    for (name, days, mode) in [
        ("1 day, walk", 1, "walk"),
        ("1 day, drive", 1, "drive"),
        ("3 days, drive", 3, "drive"),
    ] {
        let mut requests = Vec::new();
        for i in 0..12 {
            let first: jiff::civil::Date = first_days[i % 4].parse().unwrap();
            let dates: Vec<String> = (0..days)
                .map(|d| {
                    first
                        .checked_add(jiff::Span::new().days(d))
                        .unwrap()
                        .to_string()
                })
                .collect();
            requests.push(json!({
                "dates": dates, "start": starts[i % 3], "themes": themes[(i / 3) % 3],
                "budget_cny": if i % 2 == 0 { json!("150.00") } else { Value::Null },
                "visitor": {"home_region": if i % 4 == 0 { "320000" } else { "620000" }},
                "mode": mode, "lunch": if i % 3 == 0 { json!({"from": "12:00", "to": "13:00"}) } else { Value::Null },
            }));
        }
        cases.push((name.to_string(), requests));
    }

    let mut report = Vec::new();
    for (name, requests) in &cases {
        // Warm-up: one of each.
        for r in requests {
            let resp = client
                .post(format!("{base}/api/itineraries"))
                .json(r)
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
        }
        let mut times = Vec::new();
        let mut stops = 0usize;
        for round in 0..rounds {
            let r = &requests[round % requests.len()];
            let t = Instant::now();
            let resp = client
                .post(format!("{base}/api/itineraries"))
                .json(r)
                .send()
                .await
                .unwrap();
            let body: Value = resp.json().await.unwrap();
            times.push(t.elapsed());
            stops += body["days"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["stops"].as_array().unwrap().len())
                .sum::<usize>();
        }
        times.sort();
        let row = json!({
            "case": name, "requests": rounds,
            "p50_ms": percentile(&times, 0.50), "p95_ms": percentile(&times, 0.95), "max_ms": percentile(&times, 1.0),
            "mean_stops": stops as f64 / rounds as f64,
        });
        println!(
            "{name:>14}: p50 {:6.2} ms  p95 {:6.2} ms  max {:6.2} ms  ({:.1} stops per plan)",
            row["p50_ms"].as_f64().unwrap(),
            row["p95_ms"].as_f64().unwrap(),
            row["max_ms"].as_f64().unwrap(),
            row["mean_stops"].as_f64().unwrap()
        );
        report.push(row);
    }
    if let Some(path) = out {
        let doc = json!({"benchmark": "POST /api/itineraries end to end on loopback", "profile": if cfg!(debug_assertions) { "dev" } else { "release" }, "machine": "2 cores, shared with concurrent builds (load average about 5)", "date": "2026-11-29", "results": report});
        std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
        println!("written to {path}");
    }
}
