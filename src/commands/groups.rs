//! `spm-kafka groups list|describe|delete`: the `kafka-consumer-groups --list / --describe /
//! --delete` replacement, with each group's total lag. `delete` is a dry run unless
//! `--execute`, like `reset-offsets`, and deletes only an Empty group.

use std::process::ExitCode;

use anyhow::{anyhow, Result};
use clap::{Args, Subcommand, ValueEnum};

use super::gather::snapshot;
use super::Context;
use crate::groups::{self, Deletion};
use crate::kafka::groups::GroupState;
use crate::render;

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
        return Err(anyhow!(groups::unknown_group(
            &group,
            &listed,
            &cx.settings.bootstrap
        )));
    }
    let detail = details
        .get(&group)
        .ok_or_else(|| anyhow!("Kafka did not describe group '{group}'"))?;
    let mut deletion =
        Deletion::of(&group, detail, &committed, args.execute).map_err(|e| anyhow!(e))?;
    if args.execute {
        if let Err(why) = admin.delete_group(&group).await? {
            // A consumer joined since the check: the broker refuses, nothing was deleted.
            return Err(anyhow!("Kafka refused to delete group '{group}': {why}"));
        }
        deletion.deleted = true;
    }
    render::groups::print_deletion(&cx.out, &deletion)?;
    Ok(ExitCode::SUCCESS)
}

async fn list(args: ListArgs, cx: &Context) -> Result<ExitCode> {
    let admin = cx.admin()?;
    let snap = snapshot(&admin, &cx.settings.bootstrap, &[], &[]).await?;
    let keep = |state| args.state.is_empty() || args.state.iter().any(|s| s.matches(state));
    let rows = groups::list_rows(&snap.groups, &snap.totals, &snap.details, keep);
    let bootstrap = &cx.settings.bootstrap;
    let none = if args.state.is_empty() {
        format!("No consumer groups on {bootstrap}.")
    } else {
        let all = snap.groups.len();
        format!("No consumer groups in that state on {bootstrap} ({all} in all).")
    };
    render::groups::print_list(&cx.out, &rows, &none)?;
    Ok(ExitCode::SUCCESS)
}

async fn describe(args: DescribeArgs, cx: &Context) -> Result<ExitCode> {
    let admin = cx.admin()?;
    let name = args.group;
    let names = std::slice::from_ref(&name);
    let snap = snapshot(&admin, &cx.settings.bootstrap, names, &[]).await?;
    let detail = snap
        .details
        .get(&name)
        .ok_or_else(|| anyhow!("the coordinator did not describe group '{name}'"))?;
    let doc =
        groups::describe(&name, detail, &snap.rows, snap.totals.first()).map_err(|e| anyhow!(e))?;
    render::groups::print_description(&cx.out, &doc)?;
    Ok(ExitCode::SUCCESS)
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
    fn delete_is_a_dry_run_unless_execute() {
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
}
