//! The HTTP edge over a real server and real sockets: panics answered 500 and logged with the
//! request id, security headers on every kind of answer, slow clients cut off, links built from
//! the request path that never leave the server.

use axum::Router;
use axum::routing::get;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use wenlv_store::testing::{Fresh, fresh_sqlite};
use wenlv_web::AppState;
use wenlv_web::edge::Timeouts;
use wenlv_web::pages::map::Basemap;

/// Short timeouts, so the slow-client tests take about a second.
const SHORT: Timeouts = Timeouts {
    header_read: Duration::from_secs(1),
    body_read: Duration::from_secs(1),
};

/// A server with the demo catalogue, the given basemap and short timeouts, plus a route that
/// panics (`/test/panic`), served by the product's own connection loop.
struct EdgeApp {
    addr: SocketAddr,
    base: String,
    client: reqwest::Client,
    _db: Fresh,
    _stop: oneshot::Sender<()>,
}

async fn spawn(basemap: Basemap) -> EdgeApp {
    let fresh = fresh_sqlite().await;
    crate::support::load_xining(&fresh.db.store).await;
    let state = AppState::new(fresh.db.store.clone())
        .with_basemap(basemap)
        .with_timeouts(SHORT);
    let panicking = Router::new().route("/test/panic", get(panics));
    let app = wenlv_web::router_with(state, panicking);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(wenlv_web::edge::serve_router(
        listener,
        app,
        SHORT.header_read,
        async move {
            let _ = stopped.await;
        },
    ));
    EdgeApp {
        addr,
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        _db: fresh,
        _stop: stop,
    }
}

/// A handler with a bug.
async fn panics() -> &'static str {
    panic!("boom: the secret cause")
}

/// Log lines written while the guard lives (on this thread: the tests run on a current-thread
/// runtime, so the server's tasks log here too).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

fn capture_logs() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .with_writer(move || writer.clone())
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// Sends `request` as raw bytes and reads until the server closes (at most 10 s).
async fn raw(addr: SocketAddr, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer))
        .await
        .expect("the server answered and closed within 10 s")
        .unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

/// Reads until the server closes the connection; returns what arrived and how long it took.
/// Fails when the connection is still open after `limit`.
async fn until_closed(
    stream: &mut TcpStream,
    started: Instant,
    limit: Duration,
) -> (String, Duration) {
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = limit.saturating_sub(started.elapsed());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Err(_) => panic!(
                "the connection is still open after {limit:?}; got {:?}",
                String::from_utf8_lossy(&answer)
            ),
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => answer.extend_from_slice(&buf[..n]),
        }
    }
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

/// A handler that panics is a bug, not an outage: the answer is a 500 problem (type
/// `/problems/internal`) that does not show the cause; the log has the panic message in the
/// request's span with the id echoed in `x-request-id`; the server keeps answering.
#[tokio::test]
async fn a_panicking_handler_is_answered_500_and_logged_with_its_request_id() {
    let app = spawn(Basemap::None).await;
    let (logs, _guard) = capture_logs();

    let response = app
        .client
        .get(format!("{}/test/panic", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 500);
    assert_eq!(
        header(&response, "content-type"),
        "application/problem+json"
    );
    let id = header(&response, "x-request-id");
    assert_eq!(id.len(), 36, "a UUID request id: {id:?}");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["type"], "/problems/internal");
    assert_eq!(body["status"], 500);
    assert_eq!(body["title"], "Internal server error");
    assert!(
        !body.to_string().contains("secret"),
        "the cause is never shown: {body}"
    );

    let log = logs.text();
    let line = log
        .lines()
        .find(|l| l.contains("boom: the secret cause"))
        .unwrap_or_else(|| panic!("the panic is logged:\n{log}"));
    assert!(line.contains(&format!("request_id={id}")), "{line}");
    assert!(line.contains("ERROR"), "{line}");

    // A request id the client (or a proxy) sent is kept and echoed.
    let response = app
        .client
        .get(format!("{}/test/panic", app.base))
        .header("x-request-id", "from-the-proxy-42")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 500);
    assert_eq!(header(&response, "x-request-id"), "from-the-proxy-42");
    assert!(logs.text().contains("request_id=from-the-proxy-42"));
    // One that is not a plain token is replaced, so log lines stay parseable.
    let response = app
        .client
        .get(format!("{}/api/places", app.base))
        .header("x-request-id", "a b request_id=forged")
        .send()
        .await
        .unwrap();
    let id = header(&response, "x-request-id");
    assert_eq!(id.len(), 36, "a new UUID: {id:?}");

    // The server lives on.
    let response = app
        .client
        .get(format!("{}/api/places", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(!header(&response, "x-request-id").is_empty());
}

const CSP_COMMON: [&str; 8] = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
];

/// Every kind of answer — pages, JSON, GeoJSON, assets, 304, the 404 page, 404/405/400 problems,
/// the panic's 500 — carries the CSP (images from here, `data:` and the basemap's tile hosts),
/// `nosniff`, `X-Frame-Options: DENY` and the referrer policy.
#[tokio::test]
async fn every_kind_of_answer_carries_the_security_headers() {
    let app = spawn(Basemap::Osm).await;
    let css = wenlv_web::assets::url("app.css");
    let etag = {
        let r = app
            .client
            .get(format!("{}{css}", app.base))
            .send()
            .await
            .unwrap();
        header(&r, "etag")
    };
    let cases: Vec<(&str, String, u16)> = vec![
        ("GET", "/".into(), 200),
        ("GET", "/places?lang=en".into(), 200),
        ("GET", "/plan".into(), 200),
        ("GET", "/api/docs".into(), 200),
        ("GET", "/api/places".into(), 200),
        ("GET", "/api/places.geojson".into(), 200),
        ("GET", "/api/openapi.json".into(), 200),
        ("GET", css.clone(), 200),
        ("GET", "/no/such/page".into(), 404),
        ("GET", "/places/no_such_place".into(), 404),
        ("GET", "/api/no-such-route".into(), 404),
        ("GET", "/assets/no-such.js".into(), 404),
        ("GET", "/api/places?limit=many".into(), 400),
        ("DELETE", "/api/places".into(), 405),
        ("GET", "/test/panic".into(), 500),
        ("IF-NONE-MATCH", "/assets/app.css".into(), 304),
    ];
    for (method, path, status) in cases {
        let url = format!("{}{path}", app.base);
        let request = match method {
            "GET" => app.client.get(url),
            "DELETE" => app.client.delete(url),
            _ => app.client.get(url).header("if-none-match", &etag),
        };
        let response = request.send().await.unwrap();
        let what = format!("{method} {path}");
        assert_eq!(response.status().as_u16(), status, "{what}");
        let csp = header(&response, "content-security-policy");
        for directive in CSP_COMMON {
            assert!(
                csp.contains(directive),
                "{what}: {directive} missing from {csp:?}"
            );
        }
        assert!(
            csp.contains("img-src 'self' data: https://tile.openstreetmap.org;"),
            "{what}: {csp}"
        );
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{what}: {csp}"
        );
        assert_eq!(
            header(&response, "x-content-type-options"),
            "nosniff",
            "{what}"
        );
        assert_eq!(header(&response, "x-frame-options"), "DENY", "{what}");
        assert_eq!(
            header(&response, "referrer-policy"),
            "strict-origin-when-cross-origin",
            "{what}"
        );
        assert!(!header(&response, "x-request-id").is_empty(), "{what}");
    }
}

/// The CSP names the tile hosts of the configured basemap, and no others.
#[tokio::test]
async fn the_policy_allows_the_tiles_of_the_configured_basemap() {
    let app = spawn(Basemap::Amap).await;
    let response = app
        .client
        .get(format!("{}/places", app.base))
        .send()
        .await
        .unwrap();
    let csp = header(&response, "content-security-policy");
    for n in 1..=4 {
        assert!(
            csp.contains(&format!("https://webrd0{n}.is.autonavi.com")),
            "{csp}"
        );
    }
    assert!(!csp.contains("openstreetmap"), "{csp}");
    let app = spawn(Basemap::None).await;
    let response = app
        .client
        .get(format!("{}/places", app.base))
        .send()
        .await
        .unwrap();
    let csp = header(&response, "content-security-policy");
    assert!(csp.contains("img-src 'self' data:;"), "{csp}");
}

/// No page carries inline script or style the CSP would block: every `<script>` either loads a
/// file from `/assets/` or is a JSON data block, and no element has a `style` attribute or an
/// event-handler attribute.
#[tokio::test]
async fn pages_have_no_inline_script_or_style() {
    let app = spawn(Basemap::Osm).await;
    for path in [
        "/",
        "/places",
        "/places/kumbum_monastery",
        "/routes",
        "/routes/red_memory_walk",
        "/plan",
        "/api/docs",
        "/no/such/page",
    ] {
        let html = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        for tag in html.split("<script").skip(1) {
            let open = &tag[..tag.find('>').unwrap()];
            assert!(
                open.contains(r#" src="/assets/"#) || open.contains(r#"type="application/json""#),
                "{path}: inline script <script{open}>"
            );
        }
        assert!(!html.contains("<style"), "{path}: a <style> element");
        assert!(!html.contains(" style="), "{path}: a style attribute");
        for handler in [
            " onclick=",
            " onload=",
            " onerror=",
            " onchange=",
            " onsubmit=",
        ] {
            assert!(
                !html.contains(handler),
                "{path}: an inline handler {handler}"
            );
        }
    }
}

/// A client that sends half its headers and waits is cut off after the header read timeout (1 s
/// here), with no answer; so is one that connects and sends nothing.
#[tokio::test]
async fn a_client_sending_its_headers_slowly_is_cut_off() {
    let app = spawn(Basemap::None).await;
    for half in [&b"GET /api/places HTTP/1.1\r\nHost: x\r\nAcc"[..], b""] {
        let mut stream = TcpStream::connect(app.addr).await.unwrap();
        let started = Instant::now();
        stream.write_all(half).await.unwrap();
        let (answer, took) = until_closed(&mut stream, started, Duration::from_secs(5)).await;
        assert!(
            took >= Duration::from_millis(900) && took < Duration::from_secs(3),
            "closed after {took:?}"
        );
        assert!(!answer.contains("200 OK"), "{answer}");
    }
    // A client that sends its request in time is answered on a kept-alive connection, and then cut
    // off once it idles past the timeout.
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream
        .write_all(b"GET /api/calendar?date=2026-05-01 HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let (answer, took) = until_closed(&mut stream, started, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(
        took < Duration::from_secs(3),
        "idle connection closed after {took:?}"
    );
}

/// A client that sends its headers and only part of the body is answered 408 with a problem
/// (type `/problems/request-timeout`) after the body read timeout (1 s here), and the connection
/// is closed.
#[tokio::test]
async fn a_client_sending_half_its_body_gets_408() {
    let app = spawn(Basemap::None).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    let started = Instant::now();
    stream
        .write_all(
            b"POST /api/quotes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 200\r\n\r\n{\"places\": [\"kumbum_mona",
        )
        .await
        .unwrap();
    let (answer, took) = until_closed(&mut stream, started, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("content-type: application/problem+json"),
        "{answer}"
    );
    assert!(
        answer.contains(r#""type":"/problems/request-timeout""#),
        "{answer}"
    );
    assert!(answer.contains(r#""status":408"#), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("content-security-policy: "),
        "{answer}"
    );
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(3),
        "answered after {took:?}"
    );

    // A body that arrives whole, even in pieces, is read as usual.
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    let body = br#"{"places": ["no_such_place"], "date": "2026-05-01"}"#;
    stream
        .write_all(
            format!(
                "POST /api/quotes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
                 Connection: close\r\nContent-Length: {}\r\n\r\n",
                body.len()
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    for chunk in body.chunks(20) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        stream.write_all(chunk).await.unwrap();
    }
    let (answer, _) = until_closed(&mut stream, Instant::now(), Duration::from_secs(5)).await;
    assert!(!answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.starts_with("HTTP/1.1 "), "{answer}");
}

/// Every `href="…"` value in an HTML answer.
fn hrefs(html: &str) -> Vec<String> {
    html.split(r#"href=""#)
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

/// A request path starting with `//host` or `/\host` never becomes a link to another host (a
/// protocol-relative URL): the language switch of the 404 page points to a path on this server.
#[tokio::test]
async fn links_built_from_odd_paths_stay_on_this_server() {
    let app = spawn(Basemap::None).await;
    let mut answers = Vec::new();
    for path in [
        "//evil.example/x",
        "///evil.example/x?lang=zh",
        "//evil.example",
    ] {
        let response = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 404, "{path}");
        answers.push((path.to_string(), response.text().await.unwrap()));
    }
    for path in [
        "/\\evil.example",
        "/\\/evil.example/x",
        "/%5C%5Cevil.example",
    ] {
        let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        answers.push((path.to_string(), raw(app.addr, request.as_bytes()).await));
    }
    for (path, answer) in answers {
        let links = hrefs(&answer);
        assert!(
            answer.contains("HTTP/1.1 400") || links.iter().any(|h| h.contains("lang=en")),
            "{path}: a page with a language switch (or a refusal): {answer}"
        );
        for href in links {
            assert!(
                !href.starts_with("//") && !href.starts_with("/\\") && !href.contains("://"),
                "{path}: link {href:?} leaves the server"
            );
        }
    }
    // The switch keeps the path, minus the extra slashes.
    let response = app
        .client
        .get(format!("{}//evil.example/x", app.base))
        .send()
        .await
        .unwrap();
    let html = response.text().await.unwrap();
    assert!(
        hrefs(&html).contains(&"/evil.example/x?lang=en".to_string()),
        "{html}"
    );
}

/// Graceful shutdown still works on our own connection loop: a request in flight when the signal
/// comes gets its answer, an idle kept-alive connection is closed at once (not after the idle
/// timeout), the serve call returns, and no new connection is accepted.
#[tokio::test]
async fn shutdown_finishes_the_requests_in_flight_then_returns() {
    let fresh = fresh_sqlite().await;
    let state = AppState::new(fresh.db.store.clone()).with_timeouts(Timeouts {
        header_read: Duration::from_secs(30),
        body_read: Duration::from_secs(30),
    });
    let slow = Router::new().route(
        "/test/slow",
        get(|| async {
            tokio::time::sleep(Duration::from_millis(600)).await;
            "done"
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(wenlv_web::edge::serve_router(
        listener,
        wenlv_web::router_with(state, slow),
        Duration::from_secs(30),
        async move {
            let _ = stopped.await;
        },
    ));

    // An idle kept-alive connection, after one answer.
    let mut idle = TcpStream::connect(addr).await.unwrap();
    idle.write_all(b"GET /api/calendar?date=2026-05-01 HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 4096];
    let n = idle.read(&mut buf).await.unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200 OK"));

    // A request in flight.
    let base = format!("http://{addr}");
    let in_flight = tokio::spawn(async move {
        let response = reqwest::get(format!("{base}/test/slow")).await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    stop.send(()).unwrap();

    let (_, idle_closed) = until_closed(&mut idle, started, Duration::from_secs(5)).await;
    assert!(
        idle_closed < Duration::from_secs(1),
        "idle connection closed after {idle_closed:?}"
    );
    assert_eq!(in_flight.await.unwrap(), (200, "done".to_string()));
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("serve returns after the shutdown signal")
        .unwrap()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "no longer accepting"
    );
}
