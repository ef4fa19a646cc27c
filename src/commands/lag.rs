//! `spm-kafka lag`: committed offset, log-start, log-end and lag per group, topic and
//! partition, with totals per group and topic. `--watch` redraws; `--fail-above N` alerts.
//!
//! Everything is read on one admin client in a handful of requests ([`snapshot`]), which
//! `groups list` and `groups describe` reuse.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::gather::{snapshot, Snapshot};
use super::Context;
use crate::exit;
use crate::lag::{self, GroupTotal, LagRow};
use crate::render::lag::{print_rows, show_lag};
use comfy_table::Cell;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  spm-kafka lag
  spm-kafka lag -g task-service -t task-events
  spm-kafka lag --watch 2s
  spm-kafka lag -g task-service --fail-above 1000    # exit 3 above 1000 (cron, CI)")]
pub struct LagArgs {
    /// Only this consumer group; repeatable [default: every group]
    #[arg(short = 'g', long = "group", value_name = "GROUP")]
    pub groups: Vec<String>,

    /// Only this topic; repeatable [default: every topic the groups read]. With --group, every
    /// partition of the topic is shown, also those the group never committed
    #[arg(short = 't', long = "topic", value_name = "TOPIC")]
    pub topics: Vec<String>,

    /// Redraw every INTERVAL (default 5s) until Ctrl-C; in place on a terminal
    #[arg(
        long,
        value_name = "INTERVAL",
        num_args = 0..=1,
        default_missing_value = "5s",
        value_parser = parse_interval
    )]
    pub watch: Option<Duration>,

    /// Exit 3 when any group's total lag is above N (alerting from cron or CI)
    #[arg(long, value_name = "N", conflicts_with = "watch")]
    pub fail_above: Option<u64>,
}

fn parse_interval(text: &str) -> Result<Duration, String> {
    let d = crate::duration::parse(text)?;
    if d < Duration::from_millis(100) {
        return Err("the watch interval must be at least 100ms".into());
    }
    Ok(d)
}

#[derive(Serialize)]
struct LagJson<'a> {
    partitions: &'a [LagRow],
    groups: &'a [GroupTotal],
}

pub async fn run(args: LagArgs, cx: &Context) -> Result<ExitCode> {
    let admin = cx.admin()?;
    let Some(interval) = args.watch else {
        let snap = snapshot(&admin, &cx.settings.bootstrap, &args.groups, &args.topics).await?;
        print(&snap, cx, false)?;
        return Ok(alert(&snap.totals, args.fail_above, cx));
    };
    loop {
        let snap = snapshot(&admin, &cx.settings.bootstrap, &args.groups, &args.topics).await?;
        if cx.out.json() {
            let doc = LagJson {
                partitions: &snap.rows,
                groups: &snap.totals,
            };
            cx.out.line(serde_json::to_string(&doc)?)?;
        } else {
            if cx.out.stdout_is_terminal {
                // Cursor home, clear the screen: redraw in place.
                let mut out = std::io::stdout().lock();
                out.write_all(b"\x1b[H\x1b[2J")?;
            }
            cx.out.line(format!(
                "{} every {}, Ctrl-C to stop",
                chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
                crate::duration::humanize(interval)
            ))?;
            print(&snap, cx, true)?;
            if !cx.out.stdout_is_terminal {
                cx.out.line("")?;
            }
        }
        std::io::stdout().flush()?;
        tokio::time::sleep(interval).await;
    }
}

/// Exit 3 (with the offenders on stderr) when a group's total lag is above the threshold.
fn alert(totals: &[GroupTotal], fail_above: Option<u64>, cx: &Context) -> ExitCode {
    let Some(threshold) = fail_above else {
        return ExitCode::SUCCESS;
    };
    let threshold = i64::try_from(threshold).unwrap_or(i64::MAX);
    let over = lag::above(totals, threshold);
    if over.is_empty() {
        return ExitCode::SUCCESS;
    }
    for t in &over {
        cx.out.warn(format!(
            "group '{}' has lag {}, above {threshold}",
            t.group,
            t.sum.lag.unwrap_or(0)
        ));
    }
    ExitCode::from(exit::DRIFT)
}

fn print(snap: &Snapshot, cx: &Context, watching: bool) -> Result<()> {
    if cx.out.json() {
        cx.out.print_json(&LagJson {
            partitions: &snap.rows,
            groups: &snap.totals,
        })?;
        return Ok(());
    }
    if snap.groups.is_empty() {
        let msg = format!("No consumer groups on {}.", cx.settings.bootstrap);
        if watching {
            cx.out.line(msg)?;
        } else {
            cx.out.note(msg);
        }
        return Ok(());
    }
    if !snap.rows.is_empty() {
        print_rows(&snap.rows, &cx.out, true)?;
        cx.out.line("")?;
    }
    print_totals(&snap.totals, cx)?;
    for r in lag::orphaned(&snap.rows) {
        cx.out.warn(format!(
            "group '{}' has a committed offset on {}:{}, which no longer exists",
            r.group, r.topic, r.partition
        ));
    }
    Ok(())
}

fn print_totals(totals: &[GroupTotal], cx: &Context) -> Result<()> {
    let mut table = cx
        .out
        .table(&["GROUP", "TOPIC", "LAG", "PARTITIONS", "UNCOMMITTED"]);
    for g in totals {
        let row = |topic: String, sum: &lag::Sum| {
            vec![
                Cell::new(&g.group),
                Cell::new(topic),
                show_lag(sum.lag),
                Cell::new(sum.partitions),
                Cell::new(sum.without_commit),
            ]
        };
        for t in &g.topics {
            table.add_row(row(t.topic.clone(), &t.sum));
        }
        match g.topics.len() {
            1 => {}
            0 => {
                table.add_row(row("(nothing committed)".into(), &g.sum));
            }
            _ => {
                table.add_row(row("(all topics)".into(), &g.sum));
            }
        }
    }
    cx.out.print_table(&table)?;
    let without: usize = totals.iter().map(|t| t.sum.without_commit).sum();
    if without > 0 {
        let what = if without == 1 {
            "1 partition has".to_string()
        } else {
            format!("{without} partitions have")
        };
        cx.out.note(format!(
            "{what} no committed offset: lag unknown, shown as - and not counted in the totals."
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn parse(args: &[&str]) -> Result<LagArgs, clap::Error> {
        let cli = Cli::try_parse_from(std::iter::once("spm-kafka").chain(args.iter().copied()))?;
        match cli.command {
            Command::Lag(a) => Ok(a),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn groups_and_topics_repeat() {
        let a = parse(&["lag", "-g", "a", "--group", "b", "-t", "x", "--topic", "y"]).unwrap();
        assert_eq!(a.groups, vec!["a", "b"]);
        assert_eq!(a.topics, vec!["x", "y"]);
        assert_eq!(a.watch, None);
        assert_eq!(a.fail_above, None);
    }

    #[test]
    fn watch_interval_is_optional() {
        assert_eq!(
            parse(&["lag", "--watch"]).unwrap().watch,
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            parse(&["lag", "--watch", "2s"]).unwrap().watch,
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            parse(&["lag", "--watch=500ms", "-g", "a"]).unwrap().watch,
            Some(Duration::from_millis(500))
        );
        assert_eq!(
            parse(&["lag", "--watch", "1ms"]).unwrap_err().exit_code(),
            2
        );
        assert_eq!(
            parse(&["lag", "--watch", "soon"]).unwrap_err().exit_code(),
            2
        );
    }

    #[test]
    fn fail_above_is_a_count_and_excludes_watch() {
        assert_eq!(
            parse(&["lag", "--fail-above", "100"]).unwrap().fail_above,
            Some(100)
        );
        assert_eq!(
            parse(&["lag", "--fail-above", "-1"])
                .unwrap_err()
                .exit_code(),
            2
        );
        assert_eq!(
            parse(&["lag", "--fail-above", "x"])
                .unwrap_err()
                .exit_code(),
            2
        );
        assert_eq!(
            parse(&["lag", "--fail-above", "1", "--watch"])
                .unwrap_err()
                .exit_code(),
            2
        );
    }
}
