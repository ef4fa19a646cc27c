//! `spm-kafka topics list|describe`: the `kafka-topics --list / --describe` replacement.

use std::process::ExitCode;

use anyhow::{anyhow, Result};
use clap::{Args, Subcommand};

use super::Context;
use crate::cluster::Topic;
use crate::render;
use crate::topics;

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

async fn list(args: ListArgs, cx: &Context) -> Result<ExitCode> {
    let admin = cx.admin()?;
    let cluster = admin.metadata().await?;
    let topics: Vec<&Topic> = cluster
        .topics
        .values()
        .filter(|t| args.internal || !t.is_internal())
        .collect();
    let readable = topics::readable_partitions(topics.iter().copied());
    let marks = admin.watermarks(readable).await?;
    let rows = topics::list_rows(&topics, &marks);
    let none = format!(
        "No topics on {}. Create the SPM topics with `spm-kafka setup`.",
        cx.settings.bootstrap
    );
    render::topics::print_list(&cx.out, &rows, &none)?;
    Ok(ExitCode::SUCCESS)
}

async fn describe(args: DescribeArgs, cx: &Context) -> Result<ExitCode> {
    let admin = cx.admin()?;
    let names = std::slice::from_ref(&args.topic);
    let cluster = admin.cluster_with_configs(names).await?;
    let topic = cluster
        .topics
        .get(&args.topic)
        .ok_or_else(|| anyhow!(topics::missing_topic(&cluster, &args.topic)))?;
    let readable = topics::readable_partitions(std::iter::once(topic));
    let marks = admin.watermarks(readable).await?;
    render::topics::print_description(&cx.out, &topics::describe(topic, &marks))?;
    Ok(ExitCode::SUCCESS)
}
