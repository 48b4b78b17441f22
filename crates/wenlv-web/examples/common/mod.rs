//! What the latency examples share: a demo server on loopback, and percentiles.

use std::time::Duration;
use wenlv_store::Store;
use wenlv_web::AppState;

/// The `p` percentile (0–1) of sorted durations, in milliseconds.
pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Starts the server on 127.0.0.1:0 over a temp SQLite file holding the Xining places and
/// offers; returns its base URL and the folder that must live as long as the server.
#[allow(dead_code)]
pub async fn demo_server() -> (String, tempfile::TempDir) {
    demo_server_with(wenlv_routing::Routing::default()).await
}

/// The same, planning on `routing` (OSRM servers).
pub async fn demo_server_with(routing: wenlv_routing::Routing) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite(&dir.path().join("bench.db"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    store
        .upsert_places(&wenlv_io::demo::xining_places())
        .await
        .unwrap();
    store
        .upsert_offers(&wenlv_io::demo::xining_city().offers)
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(wenlv_web::serve(
        listener,
        AppState::new(store).with_routing(routing),
    ));
    (base, dir)
}
