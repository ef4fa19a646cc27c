//! `spm-kafka plan`: what `setup` would change, and what it will not do.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use colored::Colorize;

use super::Context;
use crate::cli::SpecArgs;
use crate::cluster::Cluster;
use crate::duration::humanize_millis;
use crate::kafka::admin::Outcome;
use crate::kafka::ffi::TopicConfigChange;
use crate::plan::{self, Plan, TopicPlan};
use crate::spec::Spec;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  spm-kafka plan
  spm-kafka plan -f staging.yaml --profile prod
  spm-kafka plan -o json")]
pub struct PlanArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
}

pub async fn run(args: PlanArgs, cx: &Context) -> Result<ExitCode> {
    let spec = Spec::load(&args.spec.file, cx.settings.profile.as_deref())?;
    let (_, plan) = checked_plan(&spec, cx).await?;
    if cx.out.json() {
        cx.out.print_json(&PlanJson::new(&plan))?;
    } else {
        print_plan(cx, &spec, &plan, &args.spec.file.display().to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads the cluster (metadata + configs of the spec's topics) and diffs it with the spec.
pub async fn read_plan(spec: &Spec, cx: &Context) -> Result<(Cluster, Plan)> {
    let cluster = cx.admin()?.cluster_with_configs(&spec.names()).await?;
    let plan = plan::diff(spec, &cluster);
    Ok((cluster, plan))
}

/// [`read_plan`], then the broker checks the creations and config changes in validate-only
/// mode (CreateTopics, IncrementalAlterConfigs): what it would refuse becomes a refusal of the
/// plan, naming the key, instead of a failure half-way through `setup`. When the broker cannot
/// be asked (e.g. the principal may read but not create), that is said and the plan stands.
pub async fn checked_plan(spec: &Spec, cx: &Context) -> Result<(Cluster, Plan)> {
    let (cluster, mut plan) = read_plan(spec, cx).await?;
    let admin = cx.admin()?;
    let mut refusals = Vec::new();
    let mut unchecked = Vec::new();
    let mut take = |action: plan::Action, outcomes: Result<Vec<Outcome>>| match outcomes {
        Ok(outcomes) => {
            for o in outcomes {
                match o.result {
                    Ok(()) => {}
                    Err(e) if e.is_authorization() => unchecked.push(format!("{}: {e}", o.topic)),
                    Err(e) => refusals.push(plan::BrokerRefusal {
                        topic: o.topic,
                        action,
                        message: e.message,
                        culprit: None,
                    }),
                }
            }
        }
        Err(e) => unchecked.push(format!("{e:#}")),
    };
    let creations = plan.to_create();
    if !creations.is_empty() {
        take(
            plan::Action::Create,
            admin.create_topics(&creations, true).await,
        );
    }
    let changes: Vec<TopicConfigChange> = plan
        .config_changes()
        .into_iter()
        .map(|(topic, set)| TopicConfigChange { topic, set })
        .collect();
    if !changes.is_empty() {
        take(
            plan::Action::SetConfigs,
            admin.set_topic_configs(changes, true).await,
        );
    }
    // A message that names no key ("Tiered Storage functionality is disabled in the broker"):
    // ask again key by key, to say which declared one it is.
    for r in refusals
        .iter_mut()
        .filter(|r| plan::refused_config(&r.message).is_none())
    {
        r.culprit = culprit(&admin, &plan, r).await;
    }
    if !unchecked.is_empty() {
        cx.out.warn(format!(
            "the broker could not check the plan in validate-only mode, so setup may still be refused: {}",
            unchecked.join("; ")
        ));
    }
    plan.apply_broker_refusals(&refusals);
    Ok((cluster, plan))
}

/// The first declared key of the refused creation or change that the broker refuses on its own.
async fn culprit(
    admin: &crate::kafka::admin::Admin,
    plan: &Plan,
    refusal: &plan::BrokerRefusal,
) -> Option<(String, String)> {
    let t = plan.topics.iter().find(|t| t.topic == refusal.topic)?;
    let keys: Vec<(String, String)> = match refusal.action {
        plan::Action::Create => t.create.as_ref()?.config.clone().into_iter().collect(),
        plan::Action::SetConfigs => t
            .config
            .iter()
            .map(|c| (c.key.clone(), c.to.clone()))
            .collect(),
    };
    match refusal.action {
        // The broker refuses changes only for their values (authorisation is told apart).
        plan::Action::SetConfigs if keys.len() == 1 => return keys.into_iter().next(),
        // A creation may be refused for other reasons: only blame a key if the bare topic passes.
        plan::Action::Create => {
            let mut bare = t.create.clone()?;
            bare.config.clear();
            let outcomes = admin.create_topics(&[bare], true).await.ok()?;
            if outcomes.iter().any(|o| o.result.is_err()) {
                return None;
            }
        }
        plan::Action::SetConfigs => {}
    }
    for (key, value) in keys {
        let one = vec![(key.clone(), value.clone())];
        let outcomes = match refusal.action {
            plan::Action::Create => {
                let mut topic = t.create.clone()?;
                topic.config = one.into_iter().collect();
                admin.create_topics(&[topic], true).await
            }
            plan::Action::SetConfigs => {
                let change = TopicConfigChange {
                    topic: t.topic.clone(),
                    set: one,
                };
                admin.set_topic_configs(vec![change], true).await
            }
        };
        if outcomes.ok()?.iter().any(|o| o.result.is_err()) {
            return Some((key, value));
        }
    }
    None
}

#[derive(serde::Serialize)]
pub struct PlanJson<'a> {
    pub in_sync: bool,
    pub summary: plan::Summary,
    #[serde(flatten)]
    pub plan: &'a Plan,
}

impl<'a> PlanJson<'a> {
    pub fn new(plan: &'a Plan) -> Self {
        PlanJson {
            in_sync: plan.in_sync(),
            summary: plan.summary(),
            plan,
        }
    }
}

pub fn print_plan(cx: &Context, spec: &Spec, plan: &Plan, file: &str) -> std::io::Result<()> {
    let profile = spec
        .profile
        .as_ref()
        .map(|p| format!(" (profile {p})"))
        .unwrap_or_default();
    cx.out
        .line(format!("Plan: {file}{profile} → {}", cx.settings.bootstrap))?;
    cx.out.line("")?;
    for line in render(plan) {
        cx.out.line(line)?;
    }
    cx.out.line("")?;
    cx.out.line(summary_line(plan))
}

pub fn summary_line(plan: &Plan) -> String {
    let s = plan.summary();
    format!(
        "{} to create, {} to alter, {} refused, {} in sync, {} not in the spec.",
        s.to_create, s.to_alter, s.refused, s.in_sync, s.unmanaged
    )
}

/// `1 partition`, `3 partitions`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The spec options a follow-up command needs to read the same spec: `-f PATH` unless it is the
/// default, `--profile NAME` when one was chosen (` -f ops/topics.yaml --profile prod`).
pub fn spec_options(file: &std::path::Path, profile: Option<&str>) -> String {
    let quote = |s: &str| {
        if !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./:=@+".contains(c))
        {
            s.to_string()
        } else {
            format!("'{}'", s.replace('\'', "'\\''"))
        }
    };
    let mut out = String::new();
    if file != std::path::Path::new("topics.yaml") {
        out.push_str(&format!(" -f {}", quote(&file.display().to_string())));
    }
    if let Some(p) = profile {
        out.push_str(&format!(" --profile {}", quote(p)));
    }
    out
}

/// Shows a config value; durations also in human form: `604800000 (7d)`.
pub fn show_value(key: &str, value: Option<&str>) -> String {
    match value {
        None => "(unset)".to_string(),
        Some(v) if key.ends_with(".ms") => match v.parse::<i64>() {
            Ok(ms) => format!("{v} ({})", humanize_millis(ms)),
            Err(_) => v.to_string(),
        },
        Some(v) => v.to_string(),
    }
}

/// The plan as lines for people, one topic per block, in spec order.
pub fn render(plan: &Plan) -> Vec<String> {
    let width = plan
        .topics
        .iter()
        .map(|t| t.topic.len())
        .chain(plan.unmanaged.iter().map(String::len))
        .max()
        .unwrap_or(0);
    let pad = |name: &str| format!("{name:width$}");
    let indent = " ".repeat(width + 6);
    let mut lines = Vec::new();
    for t in &plan.topics {
        lines.extend(render_topic(t, &pad(&t.topic), &indent));
    }
    for name in &plan.unmanaged {
        lines.push(format!(
            "  {} {}  not in the spec, left alone",
            "?".dimmed(),
            pad(name)
        ));
    }
    lines
}

fn render_topic(t: &TopicPlan, name: &str, indent: &str) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(c) = &t.create {
        let config: Vec<String> = c
            .config
            .iter()
            .map(|(k, v)| format!("{k}={}", show_value(k, Some(v))))
            .collect();
        let config = if config.is_empty() {
            String::new()
        } else {
            format!(", {}", config.join(", "))
        };
        lines.push(format!(
            "  {} {name}  create: {}, replication factor {}{config}",
            "+".green().bold(),
            count(c.partitions as usize, "partition", "partitions"),
            c.replication_factor
        ));
    }
    let mut first = true;
    let mut marker = |sym: colored::ColoredString| {
        if std::mem::take(&mut first) {
            format!("  {sym} {name}")
        } else {
            format!("  {sym} {}", " ".repeat(name.len()))
        }
    };
    if let Some((from, to)) = t.partitions {
        lines.push(format!(
            "{}  partitions {from} → {to} (keys will map to other partitions from now on)",
            marker("~".yellow().bold())
        ));
    }
    for c in &t.config {
        lines.push(format!(
            "{}  {}: {} → {}",
            marker("~".yellow().bold()),
            c.key,
            show_value(&c.key, c.from.as_deref()),
            show_value(&c.key, Some(&c.to))
        ));
    }
    for r in &t.refused {
        lines.push(format!("{}  {}", marker("!".red().bold()), r.summary()));
        lines.push(format!("{indent}{}", r.reason().as_str().dimmed()));
    }
    if let Some(m) = &t.min_insync_problem {
        lines.push(format!("{}  {}", marker("!".red().bold()), m.summary()));
        lines.push(format!("{indent}{}", m.advice().dimmed()));
    } else if t.in_sync() {
        lines.push(format!("  {} {name}  in sync", "=".dimmed()));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{ConfigChange, Refusal};

    fn no_color() {
        colored::control::set_override(false);
    }

    #[test]
    fn renders_each_kind_of_change() {
        no_color();
        let spec = crate::spec::parse(
            "defaults: {partitions: 3, replication_factor: 1, config: {retention.ms: 7d}}\ntopics:\n  task-events: {}\n",
            "t",
            None,
        )
        .unwrap();
        let plan = Plan {
            topics: vec![
                TopicPlan {
                    topic: "task-events".into(),
                    create: Some(spec.topics[0].clone()),
                    partitions: None,
                    config: vec![],
                    refused: vec![],
                    min_insync_problem: None,
                },
                TopicPlan {
                    topic: "user-events".into(),
                    create: None,
                    partitions: Some((3, 6)),
                    config: vec![ConfigChange {
                        key: "retention.ms".into(),
                        from: Some("86400000".into()),
                        to: "604800000".into(),
                    }],
                    refused: vec![Refusal::ReplicationFactorChange {
                        current: 1,
                        desired: 3,
                    }],
                    min_insync_problem: None,
                },
                TopicPlan {
                    topic: "ok".into(),
                    create: None,
                    partitions: None,
                    config: vec![],
                    refused: vec![],
                    min_insync_problem: None,
                },
            ],
            unmanaged: vec!["legacy".into()],
        };
        let text = render(&plan).join("\n");
        assert!(text.contains("+ task-events  create: 3 partitions, replication factor 1, retention.ms=604800000 (7d)"), "{text}");
        assert!(text.contains("~ user-events  partitions 3 → 6"), "{text}");
        assert!(
            text.contains("retention.ms: 86400000 (1d) → 604800000 (7d)"),
            "{text}"
        );
        assert!(text.contains("replication factor 1 → 3 refused"), "{text}");
        assert!(text.contains("kafka-reassign-partitions"), "{text}");
        assert!(text.contains("= ok"), "{text}");
        assert!(text.contains("? legacy"), "{text}");
        assert_eq!(
            summary_line(&plan),
            "1 to create, 1 to alter, 1 refused, 1 in sync, 1 not in the spec."
        );
    }

    #[test]
    fn one_partition_is_singular() {
        no_color();
        let spec = crate::spec::parse(
            "defaults: {partitions: 1, replication_factor: 1}\ntopics:\n  t: {}\n",
            "t",
            None,
        )
        .unwrap();
        let plan = Plan {
            topics: vec![TopicPlan {
                topic: "t".into(),
                create: Some(spec.topics[0].clone()),
                partitions: None,
                config: vec![],
                refused: vec![],
                min_insync_problem: None,
            }],
            unmanaged: vec![],
        };
        let text = render(&plan).join("\n");
        assert!(
            text.contains("create: 1 partition, replication factor 1"),
            "{text}"
        );
    }

    #[test]
    fn follow_up_commands_keep_the_spec_options() {
        use std::path::Path;
        assert_eq!(spec_options(Path::new("topics.yaml"), None), "");
        assert_eq!(
            spec_options(Path::new("ops/topics.yaml"), Some("prod")),
            " -f ops/topics.yaml --profile prod"
        );
        assert_eq!(
            spec_options(Path::new("my topics.yaml"), None),
            " -f 'my topics.yaml'"
        );
    }

    #[test]
    fn values_show_durations() {
        assert_eq!(
            show_value("retention.ms", Some("1209600000")),
            "1209600000 (14d)"
        );
        assert_eq!(show_value("cleanup.policy", Some("delete")), "delete");
        assert_eq!(show_value("retention.ms", None), "(unset)");
    }
}
