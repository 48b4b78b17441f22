//! A routing server that is down or slow never fails a plan: the estimate is used, and said so.

use crate::{grid, routing};
use std::time::{Duration, Instant};
use wenlv_planner::{Mode, StraightLine, TravelSource, TravelTimes};
use wenlv_routing::OsrmConfig;

fn note(m: &wenlv_planner::TravelMatrix) -> String {
    match m.source() {
        TravelSource::Estimated { note } => note.clone(),
        TravelSource::Street => panic!("expected the estimate"),
    }
}

/// A port nobody listens on: bound, read, released.
fn stopped_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stopped_server_gives_the_estimate_with_a_note() {
    let routing = routing(OsrmConfig {
        foot_url: Some(stopped_server()),
        ..OsrmConfig::default()
    });
    let points = vec![grid(0, 0), grid(4, 4)];
    let m = {
        let points = points.clone();
        tokio::task::spawn_blocking(move || routing.matrix(&points, Mode::Walk).unwrap())
            .await
            .unwrap()
    };
    let expected = StraightLine::default().leg(points[0], points[1], Mode::Walk);
    assert_eq!(m.leg(0, 1), Some(expected));
    let note = note(&m);
    assert!(
        note.starts_with("the routing server for walking could not be reached: straight-line"),
        "{note}"
    );
}

/// A listener that accepts and never answers: the plan waits the timeout, not longer.
#[tokio::test(flavor = "multi_thread")]
async fn a_silent_server_times_out_into_the_estimate() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    let routing = routing(OsrmConfig {
        car_url: Some(url),
        timeout: Duration::from_millis(300),
        ..OsrmConfig::default()
    });
    let started = Instant::now();
    let m = tokio::task::spawn_blocking(move || {
        routing
            .matrix(&[grid(0, 0), grid(4, 4), grid(9, 9)], Mode::Drive)
            .unwrap()
    })
    .await
    .unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
    assert!(waited < Duration::from_secs(2), "{waited:?}");
    let note = note(&m);
    assert!(
        note.starts_with("the routing server for driving did not answer within 300 ms"),
        "{note}"
    );
    assert!(m.leg(0, 2).is_some());
    held.abort();
}

/// Outside a tokio runtime the server cannot be asked: the estimate says so.
#[test]
fn without_a_runtime_the_estimate_says_why() {
    let routing = routing(OsrmConfig {
        foot_url: Some(stopped_server()),
        ..OsrmConfig::default()
    });
    let m = routing
        .matrix(&[grid(0, 0), grid(1, 0)], Mode::Walk)
        .unwrap();
    assert!(note(&m).contains("no async runtime"), "{}", note(&m));
}

/// Something that is not OSRM on the port (an HTML error page): the estimate, and the note does
/// not say where the server is.
#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_is_not_osrm_gives_the_estimate() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            let body = "<html>Bad Gateway</html>";
            let answer = format!(
                "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(answer.as_bytes()).await;
        }
    });
    let routing = routing(OsrmConfig {
        foot_url: Some(format!("http://{addr}")),
        ..OsrmConfig::default()
    });
    let m = tokio::task::spawn_blocking(move || {
        routing
            .matrix(&[grid(0, 0), grid(2, 2)], Mode::Walk)
            .unwrap()
    })
    .await
    .unwrap();
    let note = note(&m);
    assert!(
        note.starts_with("the routing server for walking sent an answer that is not OSRM's"),
        "{note}"
    );
    assert!(!note.contains(&addr.port().to_string()), "{note}");
    server.abort();
}
