//! `spm-kafka lag`: committed offset, log-start, log-end and lag per group, topic and
//! partition, with totals per group and topic. `--watch` redraws; `--fail-above N` alerts.
//!
//! Everything is read on one admin client in a handful of requests ([`snapshot`]), which
//! `groups list` and `groups describe` reuse.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{anyhow, Result};
use clap::Args;
use serde::Serialize;

use super::Context;
use crate::cluster::Cluster;
use crate::exit;
use crate::kafka::groups::{GroupDetail, GroupSummary};
use crate::kafka::Admin;
use crate::lag::{self, GroupOffsets, GroupTotal, LagRow};
use crate::output::{Color, Output};
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

/// What `lag` and `groups` show, read at one moment.
pub(crate) struct Snapshot {
    /// The selected groups, sorted by name.
    pub groups: Vec<GroupSummary>,
    pub details: BTreeMap<String, GroupDetail>,
    pub rows: Vec<LagRow>,
    pub totals: Vec<GroupTotal>,
}

/// Reads the selected groups (every group when `groups` is empty), their members, committed
/// offsets and the watermarks of their partitions: ListConsumerGroups once, then
/// DescribeConsumerGroups, the pipelined ListConsumerGroupOffsets and metadata together, then
/// two batched ListOffsets. A named group or topic that does not exist is an error.
pub(crate) async fn snapshot(
    admin: &Admin,
    bootstrap: &str,
    groups: &[String],
    topics: &[String],
) -> Result<Snapshot> {
    let listed = admin.list_groups().await?;
    let selected: Vec<GroupSummary> = if groups.is_empty() {
        listed.clone()
    } else {
        let mut out = Vec::new();
        for name in groups.iter().collect::<BTreeSet<_>>() {
            let found = listed
                .iter()
                .find(|g| &g.name == name)
                .ok_or_else(|| unknown_group(name, &listed, bootstrap))?;
            out.push(found.clone());
        }
        out
    };
    let names: Vec<String> = selected.iter().map(|g| g.name.clone()).collect();
    let (details, committed, cluster) = tokio::try_join!(
        admin.describe_groups(&names),
        admin.committed_offsets(&names),
        async {
            if names.is_empty() && topics.is_empty() {
                Ok(Cluster::default())
            } else {
                admin.metadata().await
            }
        },
    )?;
    for t in topics {
        if !cluster.topics.contains_key(t) {
            let known: Vec<&str> = cluster.topics.keys().map(String::as_str).collect();
            let hint = crate::spec::closest(t, &known)
                .map(|n| format!(" Did you mean '{n}'?"))
                .unwrap_or_default();
            return Err(anyhow!(
                "topic '{t}' does not exist on {bootstrap}.{hint} List topics with `spm-kafka topics list`."
            ));
        }
    }
    let offsets: Vec<GroupOffsets> = names
        .iter()
        .map(|n| GroupOffsets {
            group: n.clone(),
            committed: committed.get(n).cloned().unwrap_or_default(),
            assigned: details
                .get(n)
                .map(GroupDetail::assigned)
                .unwrap_or_default(),
        })
        .collect();
    let filter: Option<BTreeSet<String>> =
        (!topics.is_empty()).then(|| topics.iter().cloned().collect());
    // Named groups and named topics together: every partition of those topics, so that a
    // partition the group never committed shows up as `-` instead of being left out.
    let extra: Vec<(String, i32)> = if groups.is_empty() {
        Vec::new()
    } else {
        topics
            .iter()
            .filter_map(|t| cluster.topics.get(t))
            .flat_map(|t| t.partitions.iter().map(|p| (t.name.clone(), p.id)))
            .collect()
    };
    let shown = lag::rows(&offsets, &BTreeMap::new(), filter.as_ref(), &extra);
    // Watermarks only for partitions that exist and have a leader; a committed offset on a
    // deleted topic keeps an unknown log end.
    let readable: BTreeSet<(String, i32)> = shown
        .iter()
        .filter(|r| {
            cluster.topics.get(&r.topic).is_some_and(|t| {
                t.partitions
                    .iter()
                    .any(|p| p.id == r.partition && !p.leaderless())
            })
        })
        .map(|r| (r.topic.clone(), r.partition))
        .collect();
    let marks = admin.watermarks(readable.into_iter().collect()).await?;
    let rows = lag::rows(&offsets, &marks, filter.as_ref(), &extra);
    // With only --topic, the groups that read none of those topics are not of interest.
    let selected: Vec<GroupSummary> = if groups.is_empty() && !topics.is_empty() {
        selected
            .into_iter()
            .filter(|g| rows.iter().any(|r| r.group == g.name))
            .collect()
    } else {
        selected
    };
    let names: Vec<String> = selected.iter().map(|g| g.name.clone()).collect();
    let totals = lag::totals(&names, &rows);
    Ok(Snapshot {
        groups: selected,
        details,
        rows,
        totals,
    })
}

/// "no consumer group 'x'", with the likely typo and some of the groups that do exist.
pub(crate) fn unknown_group(name: &str, listed: &[GroupSummary], bootstrap: &str) -> anyhow::Error {
    if listed.is_empty() {
        return anyhow!(
            "no consumer group '{name}' on {bootstrap}: the cluster has no consumer groups"
        );
    }
    let names: Vec<&str> = listed.iter().map(|g| g.name.as_str()).collect();
    let hint = crate::spec::closest(name, &names)
        .map(|n| format!(" Did you mean '{n}'?"))
        .unwrap_or_default();
    const SHOWN: usize = 10;
    let more = names
        .len()
        .checked_sub(SHOWN)
        .filter(|n| *n > 0)
        .map(|n| format!(", … and {n} more"))
        .unwrap_or_default();
    anyhow!(
        "no consumer group '{name}' on {bootstrap}.{hint} Known groups: {}{more} (see `spm-kafka groups list`).",
        names.iter().take(SHOWN).copied().collect::<Vec<_>>().join(", ")
    )
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
                crate::kafka::humantime(interval)
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
        print_rows(&snap.rows, cx, true)?;
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

fn show(v: Option<i64>) -> String {
    v.map_or_else(|| "-".to_string(), |n| n.to_string())
}

fn show_lag(v: Option<i64>) -> Cell {
    match v {
        Some(0) => Cell::new("0"),
        Some(n) => Output::painted(n, Color::Yellow, false),
        None => Cell::new("-"),
    }
}

/// The per-partition table; `with_group` adds the GROUP column.
pub(crate) fn print_rows(rows: &[LagRow], cx: &Context, with_group: bool) -> Result<()> {
    let mut header = vec![
        "TOPIC",
        "PARTITION",
        "COMMITTED",
        "LOG-START",
        "LOG-END",
        "LAG",
    ];
    if with_group {
        header.insert(0, "GROUP");
    }
    let mut table = cx.out.table(&header);
    for r in rows {
        let mut cells = vec![
            Cell::new(&r.topic),
            Cell::new(r.partition),
            Cell::new(show(r.committed)),
            Cell::new(show(r.log_start)),
            Cell::new(show(r.log_end)),
            show_lag(r.lag),
        ];
        if with_group {
            cells.insert(0, Cell::new(&r.group));
        }
        table.add_row(cells);
    }
    cx.out.print_table(&table)?;
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

    #[test]
    fn unknown_group_message_suggests_and_lists() {
        let listed: Vec<GroupSummary> = ["orders-service", "users-service"]
            .iter()
            .map(|n| GroupSummary {
                name: n.to_string(),
                state: crate::kafka::groups::GroupState::Empty,
                group_type: crate::kafka::groups::GroupType::Classic,
            })
            .collect();
        let e = unknown_group("orders-servce", &listed, "k:9092").to_string();
        assert!(
            e.starts_with("no consumer group 'orders-servce' on k:9092."),
            "{e}"
        );
        assert!(e.contains("Did you mean 'orders-service'?"), "{e}");
        assert!(
            e.contains("Known groups: orders-service, users-service"),
            "{e}"
        );
        let e = unknown_group("x", &[], "k:9092").to_string();
        assert!(e.contains("has no consumer groups"), "{e}");
        let many: Vec<GroupSummary> = (0..15)
            .map(|i| GroupSummary {
                name: format!("g{i:02}"),
                ..listed[0].clone()
            })
            .collect();
        let e = unknown_group("zzz", &many, "k").to_string();
        assert!(e.contains("g09, … and 5 more"), "{e}");
    }
}
