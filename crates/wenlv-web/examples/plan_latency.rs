//! End-to-end latency of `POST /api/itineraries` on the Xining demo catalogue: a real server on
//! loopback over a temp SQLite file, a real HTTP client, sequential requests, wall-clock per
//! request as the client sees it. Prints p50/p95/max per case and writes them as JSON.
//!
//! With `WENLV_OSRM_FOOT_URL` and/or `WENLV_OSRM_CAR_URL` set, a second server plans on street
//! times from those OSRM servers, and every case is measured on both in the same run, request
//! by request alternately (so both see the same machine load). The warm-up fills the matrix cache.
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
    let (straight, _dir) = common::demo_server().await;
    let url = |var: &str| std::env::var(var).ok().filter(|u| !u.is_empty());
    let (foot, car) = (url("WENLV_OSRM_FOOT_URL"), url("WENLV_OSRM_CAR_URL"));
    let mut servers = vec![("straight line", straight, None)];
    let mut _osrm_dir = None;
    if foot.is_some() || car.is_some() {
        let routing = wenlv_routing::Routing::new(wenlv_routing::OsrmConfig {
            foot_url: foot.clone(),
            car_url: car.clone(),
            ..wenlv_routing::OsrmConfig::default()
        })
        .unwrap();
        let (base, dir) = common::demo_server_with(routing).await;
        _osrm_dir = Some(dir);
        servers.push(("osrm", base, Some("street")));
    }
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
        // Warm-up: one of each on every server (fills the OSRM matrix cache).
        for (_, base, expect) in &servers {
            for r in requests {
                let resp = client
                    .post(format!("{base}/api/itineraries"))
                    .json(r)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(resp.status(), 200);
                let body: Value = resp.json().await.unwrap();
                if let Some(expect) = expect {
                    assert_eq!(body["travel_times"], *expect, "{body}");
                }
            }
        }
        let mut times = vec![Vec::new(); servers.len()];
        let mut stops = vec![0usize; servers.len()];
        for round in 0..rounds {
            let r = &requests[round % requests.len()];
            for (k, (_, base, _)) in servers.iter().enumerate() {
                let t = Instant::now();
                let resp = client
                    .post(format!("{base}/api/itineraries"))
                    .json(r)
                    .send()
                    .await
                    .unwrap();
                let body: Value = resp.json().await.unwrap();
                times[k].push(t.elapsed());
                stops[k] += body["days"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["stops"].as_array().unwrap().len())
                    .sum::<usize>();
            }
        }
        for (k, (variant, _, _)) in servers.iter().enumerate() {
            let times = &mut times[k];
            times.sort();
            let row = json!({
                "case": name, "travel_times": variant, "requests": rounds,
                "p50_ms": percentile(times, 0.50), "p95_ms": percentile(times, 0.95), "max_ms": percentile(times, 1.0),
                "mean_stops": stops[k] as f64 / rounds as f64,
            });
            println!(
                "{name:>14} ({variant:>13}): p50 {:6.2} ms  p95 {:6.2} ms  max {:6.2} ms  ({:.1} stops per plan)",
                row["p50_ms"].as_f64().unwrap(),
                row["p95_ms"].as_f64().unwrap(),
                row["max_ms"].as_f64().unwrap(),
                row["mean_stops"].as_f64().unwrap()
            );
            report.push(row);
        }
    }
    if let Some(path) = out {
        let doc = json!({"benchmark": "POST /api/itineraries end to end on loopback", "profile": if cfg!(debug_assertions) { "dev" } else { "release" }, "machine": format!("{} cores, shared with concurrent builds; load average at the end {}", std::thread::available_parallelism().map_or(0, |n| n.get()), std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split(' ').take(3).collect::<Vec<_>>().join(" ")), "osrm": {"foot": foot.is_some(), "car": car.is_some()}, "date": jiff::Timestamp::now().to_string()[..10].to_string(), "results": report});
        std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
        println!("written to {path}");
    }
}
