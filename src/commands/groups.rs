//! `spm-kafka groups list|describe|delete`: the `kafka-consumer-groups --list / --describe /
//! --delete` replacement, with each group's total lag. `delete` is a dry run unless
//! `--execute`, like `reset-offsets`, and deletes only an Empty group.

use std::process::ExitCode;

use anyhow::{anyhow, Result};
use clap::{Args, Subcommand, ValueEnum};
use colored::Colorize;
use serde::Serialize;

use super::gather::{snapshot, unknown_group};
use super::Context;
use crate::kafka::groups::{Coordinator, GroupState, GroupType, Member};
use crate::lag::LagRow;
use crate::output::{Color, Output};
use crate::render::lag::print_rows;
use comfy_table::Cell;

#[derive(Debug, Subcommand)]
pub enum GroupsCommand {
    /// Every consumer group with its state, type, members, assignor and total lag
    #[command(after_help = "\
Examples:
  spm-kafka groups list
  spm-kafka groups list --state empty --state dead -o json")]
    List(ListArgs),
    /// One group: state, coordinator, members with their partitions, and its offsets and lag
    #[command(after_help = "\
Examples:
  spm-kafka groups describe task-service
  spm-kafka groups describe task-service -o json")]
    Describe(DescribeArgs),
    /// Delete a retired group and its committed offsets (only an Empty group; a dry run
    /// unless --execute)
    #[command(after_help = "\
Examples:
  spm-kafka groups delete old-notifier             # what would be deleted
  spm-kafka groups delete old-notifier --execute   # delete it

Only a group without members (state Empty) is deleted: stop its consumers first.
Exit 0 when deleted (or, without --execute, when it could be); 1 when refused.
-o json: {group, state, partitions, topics, executed, deleted}")]
    Delete(DeleteArgs),
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The consumer group
    pub group: String,

    /// Delete it (without it, only show what would be deleted)
    #[arg(long)]
    pub execute: bool,

    /// Only show what would be deleted (the default; for kafka-consumer-groups habits)
    #[arg(long, conflicts_with = "execute")]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only groups in this state (any case); repeatable
    #[arg(long, value_enum, ignore_case = true, value_name = "STATE")]
    pub state: Vec<StateFilter>,
}

#[derive(Debug, Args)]
pub struct DescribeArgs {
    /// The consumer group
    pub group: String,
}

/// The states `--state` accepts (Kafka's names, any case, or kebab-case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateFilter {
    Stable,
    #[value(alias = "preparingrebalance")]
    PreparingRebalance,
    #[value(alias = "completingrebalance")]
    CompletingRebalance,
    Empty,
    Dead,
    Unknown,
}

impl StateFilter {
    fn matches(self, state: GroupState) -> bool {
        let wanted = match self {
            StateFilter::Stable => GroupState::Stable,
            StateFilter::PreparingRebalance => GroupState::PreparingRebalance,
            StateFilter::CompletingRebalance => GroupState::CompletingRebalance,
            StateFilter::Empty => GroupState::Empty,
            StateFilter::Dead => GroupState::Dead,
            StateFilter::Unknown => GroupState::Unknown,
        };
        wanted == state
    }
}

pub async fn run(cmd: GroupsCommand, cx: &Context) -> Result<ExitCode> {
    match cmd {
        GroupsCommand::List(args) => list(args, cx).await,
        GroupsCommand::Describe(args) => describe(args, cx).await,
        GroupsCommand::Delete(args) => delete(args, cx).await,
    }
}

/// `groups delete -o json`. Field names are a stable interface.
#[derive(Debug, Serialize)]
struct DeleteJson<'a> {
    group: &'a str,
    state: GroupState,
    /// Partitions with a committed offset (deleted with the group).
    partitions: usize,
    topics: Vec<&'a str>,
    executed: bool,
    deleted: bool,
}

/// Why a group may not be deleted now, or `None` when it may (pure: the state and members).
fn delete_refusal(group: &str, state: GroupState, members: &[Member]) -> Option<String> {
    if state == GroupState::Empty {
        return None;
    }
    let clients: Vec<&str> = members.iter().map(|m| m.client_id.as_str()).collect();
    let who = match clients.len() {
        0 => String::new(),
        1 => format!(" with 1 active member ({})", clients[0]),
        n => format!(" with {n} active members ({})", clients.join(", ")),
    };
    Some(format!(
        "refusing to delete group '{group}': it is {}{who}, and only an Empty group can be deleted. \
Stop its consumers, then run this again (`spm-kafka groups describe {group}` shows them).",
        state.name()
    ))
}

async fn delete(args: DeleteArgs, cx: &Context) -> Result<ExitCode> {
    let admin = cx.admin()?;
    let group = args.group;
    let names = std::slice::from_ref(&group);
    let (listed, details, committed) = tokio::try_join!(
        admin.list_groups(),
        admin.describe_groups(names),
        admin.committed_offsets(names),
    )?;
    let committed = committed.get(&group).cloned().unwrap_or_default();
    if !listed.iter().any(|g| g.name == group) && committed.is_empty() {
        return Err(unknown_group(&group, &listed, &cx.settings.bootstrap));
    }
    let detail = details
        .get(&group)
        .ok_or_else(|| anyhow!("Kafka did not describe group '{group}'"))?;
    if let Some(e) = &detail.error {
        return Err(anyhow!("cannot describe group '{group}': {e}"));
    }
    if let Some(why) = delete_refusal(&group, detail.state, &detail.members) {
        return Err(anyhow!(why));
    }
    let mut topics: Vec<&str> = committed.keys().map(|(t, _)| t.as_str()).collect();
    topics.dedup();
    let mut deleted = false;
    if args.execute {
        if let Err(why) = admin.delete_group(&group).await? {
            // A consumer joined since the check: the broker refuses, nothing was deleted.
            return Err(anyhow!("Kafka refused to delete group '{group}': {why}"));
        }
        deleted = true;
    }
    if cx.out.json() {
        cx.out.print_json(&DeleteJson {
            group: &group,
            state: detail.state,
            partitions: committed.len(),
            topics,
            executed: args.execute,
            deleted,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let offsets = if committed.is_empty() {
        "no committed offsets".to_string()
    } else {
        format!(
            "committed offsets on {} partition{} of {}",
            committed.len(),
            if committed.len() == 1 { "" } else { "s" },
            topics.join(", ")
        )
    };
    if deleted {
        cx.out
            .line(format!("Deleted consumer group '{group}' ({offsets})."))?;
    } else {
        cx.out.line(format!(
            "Would delete consumer group '{group}' ({}, {offsets}).",
            detail.state.name()
        ))?;
        cx.out
            .line("Dry run: nothing was changed. Run again with --execute to delete it.")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One group in `groups list -o json`.
#[derive(Debug, Serialize)]
struct GroupRow {
    group: String,
    state: GroupState,
    #[serde(rename = "type")]
    group_type: GroupType,
    members: usize,
    assignor: Option<String>,
    /// Sum of the known lags; `null` when no partition has a committed offset.
    lag: Option<i64>,
    partitions: usize,
    partitions_without_commit: usize,
}

async fn list(args: ListArgs, cx: &Context) -> Result<ExitCode> {
    let admin = cx.admin()?;
    let snap = snapshot(&admin, &cx.settings.bootstrap, &[], &[]).await?;
    let rows: Vec<GroupRow> = snap
        .groups
        .iter()
        .zip(&snap.totals)
        .map(|(g, total)| {
            debug_assert_eq!(g.name, total.group);
            let detail = snap.details.get(&g.name);
            GroupRow {
                group: g.name.clone(),
                // The description is newer than the listing, and knows the group's type.
                state: detail.map_or(g.state, |d| d.state),
                group_type: detail.map_or(g.group_type, |d| d.group_type),
                members: detail.map_or(0, |d| d.members.len()),
                assignor: detail.and_then(|d| d.assignor.clone()),
                lag: total.sum.lag,
                partitions: total.sum.partitions,
                partitions_without_commit: total.sum.without_commit,
            }
        })
        // On the state shown (the description's, newer than the listing's): a group that
        // changed state between the two calls is filtered by what the row says.
        .filter(|r| args.state.is_empty() || args.state.iter().any(|s| s.matches(r.state)))
        .collect();
    if cx.out.json() {
        cx.out.print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        cx.out.note(if args.state.is_empty() {
            format!("No consumer groups on {}.", cx.settings.bootstrap)
        } else {
            format!(
                "No consumer groups in that state on {} ({} in all).",
                cx.settings.bootstrap,
                snap.groups.len()
            )
        });
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = cx.out.table(&[
        "GROUP",
        "STATE",
        "TYPE",
        "MEMBERS",
        "ASSIGNOR",
        "LAG",
        "PARTITIONS",
    ]);
    for r in &rows {
        table.add_row(vec![
            Cell::new(&r.group),
            paint_state(r.state),
            Cell::new(r.group_type.name()),
            Cell::new(r.members),
            Cell::new(r.assignor.as_deref().unwrap_or("-")),
            Cell::new(r.lag.map_or_else(|| "-".into(), |l| l.to_string())),
            Cell::new(if r.partitions_without_commit > 0 {
                format!(
                    "{} ({} not committed)",
                    r.partitions, r.partitions_without_commit
                )
            } else {
                r.partitions.to_string()
            }),
        ]);
    }
    cx.out.print_table(&table)?;
    Ok(ExitCode::SUCCESS)
}

fn paint_state(state: GroupState) -> Cell {
    match state {
        GroupState::Stable => Output::painted(state.name(), Color::Green, false),
        GroupState::Empty | GroupState::Dead => Cell::new(state.name()),
        _ => Output::painted(state.name(), Color::Yellow, false),
    }
}

/// [`paint_state`] for a line of text rather than a table cell.
fn state_text(state: GroupState) -> String {
    match state {
        GroupState::Stable => state.name().green().to_string(),
        GroupState::Empty | GroupState::Dead => state.name().to_string(),
        _ => state.name().yellow().to_string(),
    }
}

#[derive(Debug, Serialize)]
struct DescribeJson<'a> {
    group: &'a str,
    state: GroupState,
    #[serde(rename = "type")]
    group_type: GroupType,
    assignor: Option<&'a str>,
    coordinator: Option<&'a Coordinator>,
    members: &'a [Member],
    offsets: &'a [LagRow],
    lag: Option<i64>,
    partitions: usize,
    partitions_without_commit: usize,
}

async fn describe(args: DescribeArgs, cx: &Context) -> Result<ExitCode> {
    let admin = cx.admin()?;
    let name = args.group;
    let snap = snapshot(
        &admin,
        &cx.settings.bootstrap,
        std::slice::from_ref(&name),
        &[],
    )
    .await?;
    let detail = snap
        .details
        .get(&name)
        .ok_or_else(|| anyhow!("the coordinator did not describe group '{name}'"))?;
    if let Some(e) = &detail.error {
        return Err(anyhow!("cannot describe group '{name}': {e}"));
    }
    let total = snap
        .totals
        .first()
        .map(|t| t.sum.clone())
        .unwrap_or_default();
    let doc = DescribeJson {
        group: &name,
        state: detail.state,
        group_type: detail.group_type,
        assignor: detail.assignor.as_deref(),
        coordinator: detail.coordinator.as_ref(),
        members: &detail.members,
        offsets: &snap.rows,
        lag: total.lag,
        partitions: total.partitions,
        partitions_without_commit: total.without_commit,
    };
    if cx.out.json() {
        cx.out.print_json(&doc)?;
        return Ok(ExitCode::SUCCESS);
    }
    let out = &cx.out;
    out.line(format!("{} {name}", "Group:".bold()))?;
    let assignor = doc
        .assignor
        .map(|a| format!(", assignor {a}"))
        .unwrap_or_default();
    out.line(format!(
        "State: {}   Type: {}{assignor}   Members: {}",
        state_text(doc.state),
        doc.group_type.name(),
        doc.members.len()
    ))?;
    if let Some(c) = doc.coordinator {
        out.line(format!(
            "Coordinator: broker {} ({}:{})",
            c.id, c.host, c.port
        ))?;
    }
    if !doc.members.is_empty() {
        out.line("")?;
        let mut table = out.table(&["CLIENT-ID", "HOST", "INSTANCE", "ASSIGNED PARTITIONS"]);
        for m in doc.members {
            table.add_row(vec![
                m.client_id.clone(),
                m.host.clone(),
                m.group_instance_id.clone().unwrap_or_else(|| "-".into()),
                compact_assignment(&m.assignment),
            ]);
        }
        out.print_table(&table)?;
    }
    out.line("")?;
    if doc.offsets.is_empty() {
        out.line("No committed offsets and no assigned partitions.")?;
        return Ok(ExitCode::SUCCESS);
    }
    print_rows(doc.offsets, &cx.out, false)?;
    let lag = doc.lag.map_or_else(|| "unknown".into(), |l| l.to_string());
    let not_committed = match doc.partitions_without_commit {
        0 => String::new(),
        n => format!(" ({n} without a committed offset, not counted)"),
    };
    out.line(format!(
        "Total lag: {lag} over {} partitions{not_committed}",
        doc.partitions
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// `orders:0-2,5 users:0`: partitions per topic, consecutive ones as ranges.
fn compact_assignment(assignment: &[(String, i32)]) -> String {
    let mut by_topic: std::collections::BTreeMap<&str, Vec<i32>> = Default::default();
    for (t, p) in assignment {
        by_topic.entry(t).or_default().push(*p);
    }
    if by_topic.is_empty() {
        return "-".into();
    }
    by_topic
        .into_iter()
        .map(|(topic, ps)| format!("{topic}:{}", crate::names::partition_ranges(ps)))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn parse(args: &[&str]) -> Result<GroupsCommand, clap::Error> {
        let cli = Cli::try_parse_from(std::iter::once("spm-kafka").chain(args.iter().copied()))?;
        match cli.command {
            Command::Groups(c) => Ok(c),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn only_an_empty_group_may_be_deleted() {
        assert_eq!(delete_refusal("g", GroupState::Empty, &[]), None);
        let member = Member {
            member_id: "m".into(),
            client_id: "svc-1".into(),
            group_instance_id: None,
            host: "/127.0.0.1".into(),
            assignment: vec![],
        };
        let why = delete_refusal("g", GroupState::Stable, &[member]).unwrap();
        assert!(
            why.contains("it is Stable with 1 active member (svc-1)"),
            "{why}"
        );
        assert!(delete_refusal("g", GroupState::PreparingRebalance, &[]).is_some());
        assert!(delete_refusal("g", GroupState::Dead, &[]).is_some());
        let cmd = |args: &[&str]| {
            Cli::try_parse_from([&["spm-kafka", "groups", "delete"][..], args].concat())
        };
        assert!(cmd(&["g", "--execute", "--dry-run"]).is_err());
        assert!(cmd(&[]).is_err(), "the group is required");
        assert!(matches!(
            cmd(&["g", "--execute"]).unwrap().command,
            Command::Groups(GroupsCommand::Delete(DeleteArgs { execute: true, .. }))
        ));
    }

    #[test]
    fn state_filter_ignores_case() {
        for (text, state) in [
            ("stable", GroupState::Stable),
            ("Stable", GroupState::Stable),
            ("EMPTY", GroupState::Empty),
            ("PreparingRebalance", GroupState::PreparingRebalance),
            ("preparing-rebalance", GroupState::PreparingRebalance),
            ("completingrebalance", GroupState::CompletingRebalance),
        ] {
            let GroupsCommand::List(a) = parse(&["groups", "list", "--state", text]).unwrap()
            else {
                panic!("list")
            };
            assert_eq!(a.state.len(), 1);
            assert!(a.state[0].matches(state), "{text}");
        }
        assert_eq!(
            parse(&["groups", "list", "--state", "running"])
                .unwrap_err()
                .exit_code(),
            2
        );
    }

    #[test]
    fn describe_needs_a_group() {
        assert!(parse(&["groups", "describe"]).is_err());
        assert!(matches!(
            parse(&["groups", "describe", "g"]).unwrap(),
            GroupsCommand::Describe(DescribeArgs { group }) if group == "g"
        ));
    }

    #[test]
    fn assignments_are_compact() {
        let a = |v: &[(&str, i32)]| {
            compact_assignment(
                &v.iter()
                    .map(|(t, p)| (t.to_string(), *p))
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(a(&[]), "-");
        assert_eq!(
            a(&[("o", 2), ("o", 0), ("o", 1), ("o", 5), ("u", 0)]),
            "o:0-2,5 u:0"
        );
        assert_eq!(a(&[("o", 3)]), "o:3");
    }
}
