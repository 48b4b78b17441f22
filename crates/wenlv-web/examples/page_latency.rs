//! Server time per visitor page on the Xining demo catalogue: a real server on loopback over a
//! temp SQLite file, a real HTTP client, sequential requests (so each is served alone), the
//! wall-clock from sending the request to the last byte of the page. Each page is asked with a
//! few query variants (language, filters, dates, profiles). Prints p50/p95/max per page and
//! writes them as JSON.
//!
//! `cargo run -p wenlv-web --example page_latency [--release] -- [ROUNDS] [OUT.json]`

use serde_json::json;
mod common;

use common::percentile;
use std::time::Instant;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rounds: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let out = args.get(2).cloned();
    let (base, _dir) = common::demo_server().await;
    let client = reqwest::Client::new();

    let pages: Vec<(&str, Vec<&str>)> = vec![
        ("/", vec!["/", "/?lang=en", "/?home=320000&age=30"]),
        (
            "/places",
            vec![
                "/places",
                "/places?lang=en&theme=old_town",
                "/places?open=now",
                "/places?open=date&date=2024-01-08&free=1&home=320000",
                "/places?q=%E5%A1%94&category=temple&a=4",
            ],
        ),
        (
            "/places/{id}",
            vec![
                "/places/kumbum_monastery",
                "/places/riyue_mountain?lang=en&date=2024-01-10&home=320000",
                "/places/qinghai_provincial_museum?date=2024-01-08",
                "/places/mojia_street",
            ],
        ),
        ("/routes", vec!["/routes", "/routes?lang=en"]),
        (
            "/routes/{id}",
            vec![
                "/routes/red_memory_walk",
                "/routes/red_memory_walk?date=2024-01-08&lang=en",
                "/routes/dongguan_old_streets?date=2024-07-10&home=320000",
            ],
        ),
        ("/plan", vec!["/plan", "/plan?lang=en"]),
        ("/api/docs", vec!["/api/docs"]),
    ];
    // Warm up (first requests open the database connections).
    for (_, variants) in &pages {
        for v in variants {
            let r = client.get(format!("{base}{v}")).send().await.unwrap();
            assert!(r.status().is_success(), "{v}: {}", r.status());
            r.bytes().await.unwrap();
        }
    }
    let mut results = Vec::new();
    println!(
        "{:<14} {:>6} {:>8} {:>8} {:>8}",
        "page", "n", "p50 ms", "p95 ms", "max ms"
    );
    for (name, variants) in &pages {
        let mut times = Vec::with_capacity(rounds);
        for i in 0..rounds {
            let url = format!("{base}{}", variants[i % variants.len()]);
            let t = Instant::now();
            let r = client.get(&url).send().await.unwrap();
            assert!(r.status().is_success());
            r.bytes().await.unwrap();
            times.push(t.elapsed());
        }
        times.sort();
        let (p50, p95, max) = (
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            percentile(&times, 1.0),
        );
        println!("{name:<14} {rounds:>6} {p50:>8.2} {p95:>8.2} {max:>8.2}");
        results.push(
            json!({"page": name, "n": rounds, "p50_ms": p50, "p95_ms": p95, "max_ms": max,
            "variants": variants}),
        );
    }
    if let Some(path) = out {
        let doc = json!({
            "what": "server time per page (sequential requests on loopback, to the last byte)",
            "profile": if cfg!(debug_assertions) { "debug" } else { "release" },
            "results": results,
        });
        std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
    }
}
