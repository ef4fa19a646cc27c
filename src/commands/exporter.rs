//! `spm-kafka exporter`: lag, time lag and status of every consumer group for Prometheus.
//!
//! A background task collects every `--interval` (the cycle of `lag`: `collect`) and turns the
//! result into the text exposition (`metrics`); `/metrics` serves the last one from memory,
//! so a scrape never waits for the broker, and says `spm_kafka_up 0` while it cannot be
//! reached. Ctrl-C or SIGTERM stop it: the listener closes, open scrapes finish.
//!
//! The HTTP server is axum (on hyper, on the tokio runtime the CLI already runs): two routes
//! and graceful shutdown in a few lines, from the tokio project, without writing hyper's
//! connection loop by hand.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use clap::Args;

use super::collect::Collector;
use super::Context;
use crate::metrics::{self, Collection};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  spm-kafka exporter                                  # http://127.0.0.1:9308/metrics
  spm-kafka exporter --listen 0.0.0.0:9308 --interval 30s")]
pub struct ExporterArgs {
    /// Address to serve /metrics and /healthz on (port 0: any free port, printed at start)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:9308")]
    pub listen: SocketAddr,

    /// How often to read the cluster; scrapes get the last reading
    #[arg(long, value_name = "INTERVAL", default_value = "15s", value_parser = parse_interval)]
    pub interval: Duration,
}

fn parse_interval(text: &str) -> Result<Duration, String> {
    let d = crate::duration::parse(text)?;
    if d < Duration::from_millis(100) {
        return Err("the interval must be at least 100ms".into());
    }
    Ok(d)
}

/// The exposition scrapes get: the last collection's.
type Shared = Arc<RwLock<Arc<String>>>;

pub async fn run(args: ExporterArgs, cx: &Context) -> Result<ExitCode> {
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr()?;
    let shared: Shared = Arc::new(RwLock::new(Arc::new(metrics::exposition(None, 0.0))));
    let admin = cx.admin()?;
    let collecting = {
        let (shared, kafka, out) = (shared.clone(), cx.kafka.clone(), cx.out.clone());
        tokio::spawn(async move {
            let mut collector = Collector::default();
            let mut tick = tokio::time::interval(args.interval);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut was_up = true;
            loop {
                tick.tick().await;
                let started = Instant::now();
                let result = collector.cycle(&admin, &kafka, &[], &[]).await;
                let took = started.elapsed().as_secs_f64();
                let text = match &result {
                    Ok(c) => metrics::exposition(
                        Some(&Collection {
                            rows: &c.rows,
                            status: &c.status,
                            members: &c.members,
                        }),
                        took,
                    ),
                    Err(_) => metrics::exposition(None, took),
                };
                match (&result, was_up) {
                    (Err(e), true) => out.warn(format!("{e:#}; spm_kafka_up is 0")),
                    (Ok(_), false) => out.note("the cluster answers again; spm_kafka_up is 1"),
                    _ => {}
                }
                was_up = result.is_ok();
                *shared.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(text);
            }
        })
    };
    let app = axum::Router::new()
        .route(
            "/metrics",
            get(move || async move {
                let text = shared.read().unwrap_or_else(|e| e.into_inner()).clone();
                (
                    [(CONTENT_TYPE, metrics::CONTENT_TYPE)],
                    text.as_str().to_owned(),
                )
            }),
        )
        .route("/healthz", get(|| async { "ok\n" }));
    let _claim = cx.interrupt.claim();
    cx.out.line(format!(
        "serving http://{addr}/metrics (reading {} every {}), Ctrl-C to stop",
        cx.settings.bootstrap,
        crate::duration::humanize(args.interval)
    ))?;
    std::io::Write::flush(&mut std::io::stdout())?;
    let interrupt = cx.interrupt.clone();
    axum::serve(listener, app)
        .with_graceful_shutdown(async move { interrupt.raised().await })
        .await
        .context("the HTTP server stopped")?;
    collecting.abort();
    cx.out.note("stopped");
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn parse(args: &[&str]) -> Result<ExporterArgs, clap::Error> {
        let cli = Cli::try_parse_from(std::iter::once("spm-kafka").chain(args.iter().copied()))?;
        match cli.command {
            Command::Exporter(a) => Ok(a),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn defaults_are_kafka_exporters_port_and_15s() {
        let a = parse(&["exporter"]).unwrap();
        assert_eq!(a.listen, "127.0.0.1:9308".parse().unwrap());
        assert_eq!(a.interval, Duration::from_secs(15));
    }

    #[test]
    fn bad_addresses_and_intervals_are_usage_errors() {
        for bad in [
            &["exporter", "--listen", "localhost"][..],
            &["exporter", "--listen", "1.2.3.4:99999"],
            &["exporter", "--interval", "15"],
            &["exporter", "--interval", "1ms"],
        ] {
            assert_eq!(parse(bad).unwrap_err().exit_code(), 2, "{bad:?}");
        }
    }
}
