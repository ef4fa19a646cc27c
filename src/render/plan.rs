//! `plan`, `setup` and `verify` for people and programs: the plan as lines, its summary, its
//! JSON, and the spec options of a follow-up command.

use colored::Colorize;

use crate::output::Output;
use crate::plan::{self, show_value, Plan, TopicPlan};
use crate::spec::Spec;

#[derive(serde::Serialize)]
pub struct PlanJson<'a> {
    pub in_sync: bool,
    pub summary: plan::Summary,
    #[serde(flatten)]
    pub plan: &'a Plan,
    /// The ACL part, when the spec declares access.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acls: Option<&'a crate::access::AclPlan>,
}

impl<'a> PlanJson<'a> {
    pub fn new(plan: &'a Plan) -> Self {
        PlanJson {
            in_sync: plan.in_sync(),
            summary: plan.summary(),
            plan,
            acls: None,
        }
    }

    pub fn with_acls(mut self, acls: Option<&'a crate::access::AclPlan>) -> Self {
        self.acls = acls;
        self
    }
}

/// The plan for people: a heading (spec, profile, cluster), the topics, the summary.
pub fn print_plan(
    out: &Output,
    bootstrap: &str,
    spec: &Spec,
    plan: &Plan,
    file: &str,
) -> std::io::Result<()> {
    let profile = spec
        .profile
        .as_ref()
        .map(|p| format!(" (profile {p})"))
        .unwrap_or_default();
    out.line(format!("Plan: {file}{profile} → {bootstrap}"))?;
    out.line("")?;
    for line in render(plan) {
        out.line(line)?;
    }
    out.line("")?;
    out.line(summary_line(plan))
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
}
