//! `spm-kafka topics list|describe`: the `kafka-topics --list / --describe` replacement.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{anyhow, Result};
use clap::{Args, Subcommand};
use colored::Colorize;
use serde::Serialize;

use super::Context;
use crate::cluster::{Cluster, Partition, Topic, Watermarks};
use crate::output::{Color, Output};
use crate::plan::show_value;
use crate::plan::{min_insync_problem, MinInsyncProblem};
use comfy_table::Cell;

#[derive(Debug, Subcommand)]
pub enum TopicsCommand {
    /// Every topic with partitions, replication factor, message count and health
    #[command(after_help = "\
Examples:
  spm-kafka topics list
  spm-kafka topics list --internal -o json")]
    List(ListArgs),
    /// One topic: partitions with leader, replicas, ISR and offsets, and its non-default configs
    #[command(after_help = "\
Examples:
  spm-kafka topics describe task-events
  spm-kafka topics describe task-events -o json")]
    Describe(DescribeArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Include Kafka's internal topics (__consumer_offsets, ...)
    #[arg(long)]
    pub internal: bool,
}

#[derive(Debug, Args)]
pub struct DescribeArgs {
    /// The topic to describe
    pub topic: String,
}

pub async fn run(cmd: TopicsCommand, cx: &Context) -> Result<ExitCode> {
    match cmd {
        TopicsCommand::List(args) => list(args, cx).await,
        TopicsCommand::Describe(args) => describe(args, cx).await,
    }
}

#[derive(Debug, Serialize)]
struct TopicRow {
    topic: String,
    partitions: i32,
    replication_factor: i16,
    messages: i64,
    under_replicated: usize,
    leaderless: usize,
}

fn status(under_replicated: usize, leaderless: usize) -> String {
    match (under_replicated, leaderless) {
        (0, 0) => "ok".to_string(),
        (u, 0) => format!("{u} under-replicated"),
        (0, l) => format!("{l} without leader"),
        (u, l) => format!("{u} under-replicated, {l} without leader"),
    }
}

/// The partitions' health, and whether the topic can take an acks=all write at all.
fn describe_status(doc: &DescribeJson) -> String {
    let health = status(doc.under_replicated, doc.leaderless);
    match &doc.min_insync_problem {
        None => health,
        Some(m) if health == "ok" => m.summary(),
        Some(m) => format!("{health}, {}", m.summary()),
    }
}

fn all_partitions<'a>(topics: impl Iterator<Item = &'a Topic>) -> Vec<(String, i32)> {
    topics
        .flat_map(|t| t.partitions.iter().map(|p| (t.name.clone(), p.id)))
        .collect()
}

/// Watermarks can only be read from partitions that have a leader.
fn readable_partitions<'a>(topics: impl Iterator<Item = &'a Topic>) -> Vec<(String, i32)> {
    topics
        .flat_map(|t| {
            t.partitions
                .iter()
                .filter(|p| !p.leaderless())
                .map(|p| (t.name.clone(), p.id))
        })
        .collect()
}

async fn list(args: ListArgs, cx: &Context) -> Result<ExitCode> {
    let admin = cx.admin()?;
    let cluster = admin.metadata().await?;
    let topics: Vec<&Topic> = cluster
        .topics
        .values()
        .filter(|t| args.internal || !t.is_internal())
        .collect();
    let marks = admin
        .watermarks(readable_partitions(topics.iter().copied()))
        .await?;
    let rows: Vec<TopicRow> = topics
        .iter()
        .map(|t| TopicRow {
            topic: t.name.clone(),
            partitions: t.partition_count(),
            replication_factor: t.replication_factor(),
            messages: t
                .partitions
                .iter()
                .filter_map(|p| marks.get(&(t.name.clone(), p.id)))
                .map(Watermarks::messages)
                .sum(),
            under_replicated: t.under_replicated(),
            leaderless: t.leaderless(),
        })
        .collect();
    if cx.out.json() {
        cx.out.print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        cx.out.note(format!(
            "No topics on {}. Create the SPM topics with `spm-kafka setup`.",
            cx.settings.bootstrap
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = cx
        .out
        .table(&["TOPIC", "PARTITIONS", "RF", "MESSAGES", "STATUS"]);
    for r in &rows {
        let st = status(r.under_replicated, r.leaderless);
        let st = if st == "ok" {
            Output::painted(st, Color::Green, false)
        } else {
            Output::painted(st, Color::Red, true)
        };
        table.add_row(vec![
            Cell::new(&r.topic),
            Cell::new(r.partitions),
            Cell::new(r.replication_factor),
            Cell::new(r.messages),
            st,
        ]);
    }
    cx.out.print_table(&table)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Serialize)]
struct PartitionRow {
    partition: i32,
    leader: Option<i32>,
    replicas: Vec<i32>,
    isr: Vec<i32>,
    log_start: Option<i64>,
    log_end: Option<i64>,
    messages: Option<i64>,
    under_replicated: bool,
}

#[derive(Debug, Serialize)]
struct DescribeJson {
    topic: String,
    partitions: i32,
    replication_factor: i16,
    messages: i64,
    under_replicated: usize,
    leaderless: usize,
    /// Configs set on this topic (not inherited defaults).
    config: BTreeMap<String, Option<String>>,
    /// min.insync.replicas above the replication factor: acks=all writes fail.
    #[serde(skip_serializing_if = "Option::is_none")]
    min_insync_problem: Option<MinInsyncProblem>,
    partition_details: Vec<PartitionRow>,
}

fn missing_topic(cluster: &Cluster, name: &str) -> anyhow::Error {
    let names: Vec<&str> = cluster.topics.keys().map(String::as_str).collect();
    let hint = crate::names::closest(name, names.iter().copied())
        .map(|n| format!(" Did you mean '{n}'?"))
        .unwrap_or_default();
    anyhow!(
        "topic '{name}' does not exist on {}.{hint} List topics with `spm-kafka topics list`.",
        cluster_label(cluster)
    )
}

fn cluster_label(cluster: &Cluster) -> String {
    cluster
        .brokers
        .iter()
        .map(|b| format!("{}:{}", b.host, b.port))
        .collect::<Vec<_>>()
        .join(",")
}

async fn describe(args: DescribeArgs, cx: &Context) -> Result<ExitCode> {
    let admin = cx.admin()?;
    let cluster = admin
        .cluster_with_configs(std::slice::from_ref(&args.topic))
        .await?;
    let topic = cluster
        .topics
        .get(&args.topic)
        .ok_or_else(|| missing_topic(&cluster, &args.topic))?;
    let marks = admin
        .watermarks(readable_partitions(std::iter::once(topic)))
        .await?;
    let rows: Vec<PartitionRow> = topic
        .partitions
        .iter()
        .map(|p| partition_row(topic, p, &marks))
        .collect();
    let config: BTreeMap<String, Option<String>> = topic
        .config
        .iter()
        .filter(|(_, c)| c.is_override)
        .map(|(k, c)| {
            (
                k.clone(),
                if c.is_sensitive {
                    Some("***".into())
                } else {
                    c.value.clone()
                },
            )
        })
        .collect();
    let doc = DescribeJson {
        topic: topic.name.clone(),
        partitions: topic.partition_count(),
        replication_factor: topic.replication_factor(),
        messages: rows.iter().filter_map(|r| r.messages).sum(),
        under_replicated: topic.under_replicated(),
        leaderless: topic.leaderless(),
        config,
        min_insync_problem: min_insync_problem(topic),
        partition_details: rows,
    };
    debug_assert_eq!(
        all_partitions(std::iter::once(topic)).len(),
        doc.partition_details.len()
    );
    if cx.out.json() {
        cx.out.print_json(&doc)?;
        return Ok(ExitCode::SUCCESS);
    }
    let out = &cx.out;
    out.line(format!("{} {}", "Topic:".bold(), doc.topic))?;
    out.line(format!(
        "Partitions: {}   Replication factor: {}   Messages: {}   Status: {}",
        doc.partitions,
        doc.replication_factor,
        doc.messages,
        describe_status(&doc)
    ))?;
    if let Some(m) = &doc.min_insync_problem {
        out.warn(m.advice());
    }
    if doc.config.is_empty() {
        out.line("Configs: all defaults")?;
    } else {
        out.line("Configs (set on this topic):")?;
        for (k, v) in &doc.config {
            out.line(format!("  {k} = {}", show_value(k, v.as_deref())))?;
        }
    }
    out.line("")?;
    let mut table = out.table(&[
        "PARTITION",
        "LEADER",
        "REPLICAS",
        "ISR",
        "LOG-START",
        "LOG-END",
        "MESSAGES",
        "",
    ]);
    let join = |v: &[i32]| v.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let opt = |v: Option<i64>| v.map_or("-".to_string(), |n| n.to_string());
    for r in &doc.partition_details {
        let flag = if r.leader.is_none() {
            "NO LEADER".red().bold().to_string()
        } else if r.under_replicated {
            "UNDER-REPLICATED".red().bold().to_string()
        } else {
            String::new()
        };
        table.add_row(vec![
            r.partition.to_string(),
            r.leader.map_or("none".to_string(), |l| l.to_string()),
            join(&r.replicas),
            join(&r.isr),
            opt(r.log_start),
            opt(r.log_end),
            opt(r.messages),
            flag,
        ]);
    }
    out.print_table(&table)?;
    Ok(ExitCode::SUCCESS)
}

fn partition_row(
    topic: &Topic,
    p: &Partition,
    marks: &BTreeMap<(String, i32), Watermarks>,
) -> PartitionRow {
    let m = marks.get(&(topic.name.clone(), p.id));
    PartitionRow {
        partition: p.id,
        leader: (!p.leaderless()).then_some(p.leader),
        replicas: p.replicas.clone(),
        isr: p.isr.clone(),
        log_start: m.map(|m| m.log_start),
        log_end: m.map(|m| m.log_end),
        messages: m.map(Watermarks::messages),
        under_replicated: p.under_replicated(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words() {
        assert_eq!(status(0, 0), "ok");
        assert_eq!(status(2, 0), "2 under-replicated");
        assert_eq!(status(0, 1), "1 without leader");
    }

    #[test]
    fn a_topic_that_cannot_take_acks_all_writes_is_not_ok() {
        let doc = |problem| DescribeJson {
            topic: "t".into(),
            partitions: 1,
            replication_factor: 1,
            messages: 0,
            under_replicated: 0,
            leaderless: 0,
            config: BTreeMap::new(),
            min_insync_problem: problem,
            partition_details: vec![],
        };
        assert_eq!(describe_status(&doc(None)), "ok");
        let problem = MinInsyncProblem {
            min_insync_replicas: 2,
            replication_factor: 1,
        };
        let s = describe_status(&doc(Some(problem)));
        assert_eq!(
            s,
            "min.insync.replicas 2 is above the replication factor 1: acks=all writes fail"
        );
    }
}
