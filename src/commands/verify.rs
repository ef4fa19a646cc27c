//! `spm-kafka verify`: the CI gate. Exit 0 when the cluster matches topics.yaml, 3 on drift.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use colored::Colorize;
use serde::Serialize;

use super::plan::{count, read_plan, show_value, spec_options};
use super::Context;
use crate::cli::SpecArgs;
use crate::cluster::PartitionHealth;
use crate::exit;
use crate::plan::{Action, Plan, Refusal};
use crate::spec::Spec;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  spm-kafka verify                              # exit 3 on drift: the CI gate
  spm-kafka verify -f topics.yaml --profile prod -o json")]
pub struct VerifyArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
}

/// One difference between the spec and the cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drift {
    pub topic: String,
    pub what: String,
    pub actual: Option<String>,
    pub expected: String,
}

pub async fn run(args: VerifyArgs, cx: &Context) -> Result<ExitCode> {
    let spec = Spec::load(&args.spec.file, cx.settings.profile.as_deref())?;
    let (cluster, plan) = read_plan(&spec, cx).await?;
    let drift = drift(&plan);
    // Health is reported, not counted as drift: the spec can match while a broker is down.
    let unhealthy = cluster.unhealthy_partitions(Some(&spec.names()));
    if cx.out.json() {
        #[derive(Serialize)]
        struct VerifyJson<'a> {
            in_sync: bool,
            topics: usize,
            drift: &'a [Drift],
            unhealthy_partitions: &'a [PartitionHealth],
        }
        cx.out.print_json(&VerifyJson {
            in_sync: drift.is_empty(),
            topics: spec.topics.len(),
            drift: &drift,
            unhealthy_partitions: &unhealthy,
        })?;
    } else if drift.is_empty() {
        cx.out.line(format!(
            "{} {} topics match {} on {}",
            "✓".green(),
            spec.topics.len(),
            args.spec.file.display(),
            cx.settings.bootstrap
        ))?;
    } else {
        cx.out.line(format!(
            "{} {} between {} and {}:",
            "✗".red(),
            count(drift.len(), "difference", "differences"),
            args.spec.file.display(),
            cx.settings.bootstrap
        ))?;
        for d in &drift {
            let actual = d.actual.as_deref().unwrap_or("missing");
            cx.out.line(format!(
                "  {}: {} is {actual}, expected {}",
                d.topic, d.what, d.expected
            ))?;
        }
        let options = spec_options(&args.spec.file, spec.profile.as_deref());
        cx.out.line(format!(
            "Run `spm-kafka plan{options}` for what setup would change, `spm-kafka setup{options}` to apply it."
        ))?;
    }
    if !cx.out.json() && !unhealthy.is_empty() {
        cx.out.warn(format!(
            "{} partitions of these topics are not fully replicated:",
            unhealthy.len()
        ));
        for h in &unhealthy {
            cx.out.note(format!("  {}", h.describe()));
        }
        cx.out
            .note("  Check that every broker is up: `spm-kafka doctor`.");
    }
    Ok(ExitCode::from(if drift.is_empty() {
        exit::OK
    } else {
        exit::DRIFT
    }))
}

/// Every difference in the plan, as a list for people and CI logs.
pub fn drift(plan: &Plan) -> Vec<Drift> {
    let mut out = Vec::new();
    for t in &plan.topics {
        let mut push = |what: &str, actual: Option<String>, expected: String| {
            out.push(Drift {
                topic: t.topic.clone(),
                what: what.to_string(),
                actual,
                expected,
            })
        };
        if t.create.is_some() {
            push("topic", None, "present".into());
        }
        if let Some((from, to)) = t.partitions {
            push("partitions", Some(from.to_string()), to.to_string());
        }
        for r in &t.refused {
            match r {
                Refusal::PartitionDecrease { current, desired } => {
                    push("partitions", Some(current.to_string()), desired.to_string())
                }
                Refusal::ReplicationFactorChange { current, desired } => push(
                    "replication factor",
                    Some(current.to_string()),
                    desired.to_string(),
                ),
                Refusal::NotEnoughBrokers { .. } => push("topic", None, "present".into()),
                Refusal::MinInsyncAboveReplicationFactor {
                    current: None, ..
                } => push("topic", None, "present".into()),
                Refusal::MinInsyncAboveReplicationFactor {
                    min_insync_replicas,
                    replication_factor,
                    current: Some(current),
                } => push(
                    "min.insync.replicas",
                    Some(current.clone()),
                    format!("{min_insync_replicas} (refused: above the replication factor {replication_factor})"),
                ),
                // Only in a plan the broker checked (verify's is not): a topic it would not
                // create is still missing.
                Refusal::BrokerRefuses {
                    action: Action::Create,
                    ..
                } => push("topic", None, "present".into()),
                Refusal::BrokerRefuses { .. } => {}
            }
        }
        // Counted as drift: the topic matches no spec that works, as acks=all writes fail.
        if let Some(m) = &t.min_insync_problem {
            push(
                "min.insync.replicas",
                Some(m.min_insync_replicas.to_string()),
                format!(
                    "at most the replication factor {} (acks=all writes fail)",
                    m.replication_factor
                ),
            );
        }
        for c in &t.config {
            push(
                &c.key,
                Some(show_value(&c.key, c.from.as_deref())),
                show_value(&c.key, Some(&c.to)),
            );
        }
    }
    out
}
