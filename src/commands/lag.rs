//! `spm-kafka lag`: committed offset, log-start, log-end, lag and time lag (BEHIND) per group,
//! topic and partition, with totals and a status per group. `--watch` redraws and keeps the
//! window the status needs; `--fail-above N` and `--fail-behind DURATION` alert.
//!
//! Offsets are read on one admin client in a handful of requests (`gather::snapshot`, which
//! `groups list` and `groups describe` reuse); the timestamps behind BEHIND by one small fetch
//! per lagging partition, outside any group (`collect`).

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use clap::Args;

use super::collect::{Collected, Collector};
use super::Context;
use crate::exit;
use crate::lag::{self, GroupTotal};
use crate::render::lag::{print_timed_rows, print_totals, Report};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  spm-kafka lag
  spm-kafka lag -g task-service -t task-events
  spm-kafka lag --watch 2s
  spm-kafka lag -g task-service --fail-above 1000    # exit 3 above 1000 (cron, CI)
  spm-kafka lag --fail-behind 5m                     # exit 3 when a group is 5 minutes behind")]
pub struct LagArgs {
    /// Only this consumer group; repeatable [default: every group]
    #[arg(short = 'g', long = "group", value_name = "GROUP")]
    pub groups: Vec<String>,

    /// Only this topic; repeatable [default: every topic the groups read]. With --group, every
    /// partition of the topic is shown, also those the group never committed
    #[arg(short = 't', long = "topic", value_name = "TOPIC")]
    pub topics: Vec<String>,

    /// Redraw every INTERVAL (default 5s) until Ctrl-C; in place on a terminal. The status of
    /// each group is decided over the last 10 redraws
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

    /// Exit 3 when any group's oldest unconsumed record is older than DURATION (e.g. 5m)
    #[arg(long, value_name = "DURATION", conflicts_with = "watch", value_parser = crate::duration::parse)]
    pub fail_behind: Option<Duration>,
}

fn parse_interval(text: &str) -> Result<Duration, String> {
    let d = crate::duration::parse(text)?;
    if d < Duration::from_millis(100) {
        return Err("the watch interval must be at least 100ms".into());
    }
    Ok(d)
}

fn report(c: &Collected) -> Report<'_> {
    Report::new(
        &c.rows,
        &c.snap.totals,
        &c.max_lag_seconds,
        &c.status,
        &c.members,
    )
}

pub async fn run(args: LagArgs, cx: &Context) -> Result<ExitCode> {
    let admin = cx.admin()?;
    let mut collector = Collector::default();
    let Some(interval) = args.watch else {
        let c = collector
            .cycle(&admin, &cx.kafka, &args.groups, &args.topics)
            .await?;
        print(&c, cx, false)?;
        let above = alert(&c.snap.totals, args.fail_above, cx);
        let behind = alert_behind(&c, args.fail_behind, cx);
        return Ok(if above || behind {
            ExitCode::from(exit::DRIFT)
        } else {
            ExitCode::SUCCESS
        });
    };
    loop {
        let c = collector
            .cycle(&admin, &cx.kafka, &args.groups, &args.topics)
            .await?;
        if cx.out.json() {
            cx.out.line(serde_json::to_string(&report(&c))?)?;
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
            print(&c, cx, true)?;
            if !cx.out.stdout_is_terminal {
                cx.out.line("")?;
            }
        }
        std::io::stdout().flush()?;
        tokio::time::sleep(interval).await;
    }
}

/// Whether a group's total lag is above the threshold (the offenders said on stderr).
fn alert(totals: &[GroupTotal], fail_above: Option<u64>, cx: &Context) -> bool {
    let Some(threshold) = fail_above else {
        return false;
    };
    let threshold = i64::try_from(threshold).unwrap_or(i64::MAX);
    let over = lag::above(totals, threshold);
    for t in &over {
        cx.out.warn(format!(
            "group '{}' has lag {}, above {threshold}",
            t.group,
            t.sum.lag.unwrap_or(0)
        ));
    }
    !over.is_empty()
}

/// Whether a group's oldest unconsumed record is older than `--fail-behind`.
fn alert_behind(c: &Collected, fail_behind: Option<Duration>, cx: &Context) -> bool {
    let Some(threshold) = fail_behind else {
        return false;
    };
    let over = lag::behind(&c.max_lag_seconds, threshold);
    for (group, secs) in &over {
        cx.out.warn(format!(
            "group '{group}' is {} behind, more than {}",
            crate::duration::humanize_age((secs * 1000.0) as i64),
            crate::duration::humanize_age(threshold.as_millis() as i64)
        ));
    }
    !over.is_empty()
}

fn print(c: &Collected, cx: &Context, watching: bool) -> Result<()> {
    let report = report(c);
    if cx.out.json() {
        cx.out.print_json(&report)?;
        return Ok(());
    }
    if c.snap.groups.is_empty() {
        let msg = format!("No consumer groups on {}.", cx.settings.bootstrap);
        if watching {
            cx.out.line(msg)?;
        } else {
            cx.out.note(msg);
        }
        return Ok(());
    }
    if !c.rows.is_empty() {
        print_timed_rows(&c.rows, &cx.out)?;
        cx.out.line("")?;
    }
    print_totals(&report, &c.rows, &cx.out)?;
    for r in lag::orphaned(&c.snap.rows) {
        cx.out.warn(format!(
            "group '{}' has a committed offset on {}:{}, which no longer exists",
            r.group, r.topic, r.partition
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
        assert_eq!(a.fail_behind, None);
    }

    #[test]
    fn fail_behind_is_a_duration_and_excludes_watch() {
        assert_eq!(
            parse(&["lag", "--fail-behind", "5m"]).unwrap().fail_behind,
            Some(Duration::from_secs(300))
        );
        for bad in [
            &["lag", "--fail-behind", "300"][..],
            &["lag", "--fail-behind", "soon"],
            &["lag", "--fail-behind", "1s", "--watch"],
        ] {
            assert_eq!(parse(bad).unwrap_err().exit_code(), 2, "{bad:?}");
        }
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
