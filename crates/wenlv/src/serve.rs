//! `wenlv serve`: the web API.

use crate::config::{GlobalArgs, migrated_store};
use anyhow::Context;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on, HOST:PORT (port 0 picks a free port).
    #[arg(
        long,
        env = "WENLV_ADDR",
        default_value = "127.0.0.1:8080",
        value_name = "HOST:PORT"
    )]
    addr: String,

    /// Do not load the demo data into an empty database.
    #[arg(long)]
    no_demo: bool,

    /// Tiles under the pages' maps: none, osm, tianditu (needs a key) or amap (GCJ-02).
    #[arg(
        long,
        env = "WENLV_BASEMAP",
        default_value = "osm",
        value_name = "NAME"
    )]
    basemap: String,

    /// The Tianditu key, for --basemap tianditu.
    #[arg(
        long,
        env = "WENLV_TIANDITU_KEY",
        value_name = "KEY",
        hide_env_values = true
    )]
    tianditu_key: Option<String>,

    /// Seconds a client may take to send a request's line and headers (and a kept-alive
    /// connection may idle) before the connection is closed [default: 10].
    #[arg(
        long,
        env = "WENLV_HEADER_TIMEOUT",
        value_name = "SECONDS",
        value_parser = clap::value_parser!(u64).range(1..=3600)
    )]
    header_timeout: Option<u64>,

    /// Seconds a client may take to send a request's body, after its headers, before the answer
    /// is 408 [default: 30].
    #[arg(
        long,
        env = "WENLV_BODY_TIMEOUT",
        value_name = "SECONDS",
        value_parser = clap::value_parser!(u64).range(1..=3600)
    )]
    body_timeout: Option<u64>,
    /// Seconds a stopping server (SIGTERM, Ctrl-C) waits for the requests in flight before it
    /// exits without them [default: 30].
    #[arg(
        long,
        env = "WENLV_SHUTDOWN_GRACE",
        value_name = "SECONDS",
        value_parser = clap::value_parser!(u64).range(0..=3600)
    )]
    shutdown_grace: Option<u64>,

    /// Do not let a direct caller on this machine (a loopback connection no proxy forwarded)
    /// read /metrics without signing in; staff and admins (and their API tokens) still may.
    #[arg(long, env = "WENLV_NO_LOCAL_METRICS")]
    no_local_metrics: bool,

    #[command(flatten)]
    routing: crate::routing::RoutingArgs,

    /// A reverse proxy in front (IP address; repeat or comma-separate for several): for a
    /// connection from it, the caller's address (audit log, sign-in throttling) is the last
    /// entry of its X-Forwarded-For header. Without it, the connection's address is used.
    #[arg(
        long = "trusted-proxy",
        env = "WENLV_TRUSTED_PROXIES",
        value_name = "IP",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<std::net::IpAddr>,
}

pub async fn run(global: &GlobalArgs, args: ServeArgs) -> anyhow::Result<()> {
    let basemap =
        wenlv_web::pages::map::Basemap::parse(&args.basemap, args.tianditu_key.as_deref())
            .map_err(anyhow::Error::msg)
            .context("--basemap")?;
    let defaults = wenlv_web::edge::Timeouts::default();
    let timeouts = wenlv_web::edge::Timeouts {
        header_read: args
            .header_timeout
            .map_or(defaults.header_read, Duration::from_secs),
        body_read: args
            .body_timeout
            .map_or(defaults.body_read, Duration::from_secs),
    };
    let routing = args.routing.routing()?;
    let store = migrated_store(global).await?;
    // Bind before the slow work, so a taken port fails at once.
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr()?;
    if !args.no_demo && store.count_places().await? == 0 {
        match crate::init::load_demo(&store).await {
            Ok(counts) => eprintln!(
                "empty database: loaded {} Xining demo places and {} offers",
                counts.places.created, counts.offers.created
            ),
            // Several servers started at once on one empty database: one loads, the others'
            // transactions fail on its keys and write nothing.
            Err(e) if store.count_places().await? > 0 => {
                tracing::info!(error = %e, "another server loaded the demo data first");
            }
            Err(e) => return Err(e),
        }
    }
    if store.offers().await?.offers().is_empty() {
        tracing::warn!(
            "no offers in the database: quotes apply none (load them with `wenlv import offers FILE` or `wenlv init --demo`)"
        );
    }
    let app = wenlv_app::App::new(store.clone(), Arc::new(wenlv_io::demo::xining_city()));
    if let Some(code) = app
        .setup_code_if_needed()
        .await
        .context("creating the first admin's set-up link")?
    {
        // Never a default password: whoever can read the server's log creates the first admin.
        tracing::warn!(
            "no admin yet: open http://{addr}/bureau/setup?code={code} within {} hours to create \
             the first admin (the link works once; or run `wenlv user add --role admin`)",
            wenlv_app::accounts::SETUP_LINK_LIFETIME.as_hours()
        );
    }
    // The only line on stdout: the address, so scripts (and tests) using port 0 can find it.
    println!("wenlv serving http://{addr}/ ({})", global.target());
    std::io::stdout().flush()?;
    let grace = args
        .shutdown_grace
        .map_or(wenlv_web::edge::SHUTDOWN_GRACE, Duration::from_secs);
    wenlv_web::serve_with_shutdown(
        listener,
        wenlv_web::AppState::new(store.clone())
            .with_basemap(basemap)
            .with_timeouts(timeouts)
            .with_routing(routing)
            .with_trusted_proxies(args.trusted_proxies)
            .with_local_metrics(!args.no_local_metrics)
            .with_shutdown_grace(grace),
        shutdown_signal(),
    )
    .await
    .context("the server failed")?;
    // Return the pool's connections (SQLite checkpoints its write-ahead log); a request cut
    // off by the grace may still hold one, so this too is bounded.
    if tokio::time::timeout(Duration::from_secs(5), store.close())
        .await
        .is_err()
    {
        tracing::warn!("database connections still in use after 5 s: exiting without them");
    }
    tracing::info!("stopped");
    Ok(())
}

/// Ctrl-C, or SIGTERM (what service managers and containers send).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutting down");
}
