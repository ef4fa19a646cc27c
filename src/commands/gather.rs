//! The facts several commands gather alike, as methods of their [`Context`]: the plan of
//! `plan`, `setup` and `verify` (the cluster read and diffed with the spec, and checked by the
//! broker in validate-only mode), and the groups, offsets and lag of `lag` and `groups`.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{anyhow, Result};

use super::Context;
use crate::cluster::Cluster;
use crate::groups::unknown_group;
use crate::kafka::admin::Outcome;
use crate::kafka::ffi::TopicConfigChange;
use crate::kafka::groups::{GroupDetail, GroupSummary};
use crate::kafka::Admin;
use crate::lag::{self, GroupOffsets, GroupTotal, LagRow};
use crate::names::TopicPartition;
use crate::plan::{self, Plan};
use crate::spec::Spec;

impl Context {
    /// Reads the cluster (metadata + configs of the spec's topics) and diffs it with the spec.
    pub async fn read_plan(&self, spec: &Spec) -> Result<(Cluster, Plan)> {
        let admin = self.admin()?;
        let cluster = admin.cluster_with_configs(&spec.names()).await?;
        let plan = plan::diff(spec, &cluster);
        // A topic missing from the metadata may only be hidden from this principal.
        let absent: Vec<String> = plan.to_create().into_iter().map(|t| t.name).collect();
        admin.check_hidden_topics(&absent).await?;
        Ok((cluster, plan))
    }

    /// [`Context::read_plan`], then the broker checks the creations and config changes in validate-only
    /// mode (CreateTopics, IncrementalAlterConfigs): what it would refuse becomes a refusal of the
    /// plan, naming the key, instead of a failure half-way through `setup`. When the broker cannot
    /// be asked (e.g. the principal may read but not create), that is said and the plan stands.
    pub async fn checked_plan(&self, spec: &Spec) -> Result<(Cluster, Plan)> {
        let (cluster, mut plan) = self.read_plan(spec).await?;
        let admin = self.admin()?;
        let mut refusals = Vec::new();
        let mut unchecked = Vec::new();
        let mut take = |action: plan::Action, outcomes: Result<Vec<Outcome>>| match outcomes {
            Ok(outcomes) => {
                for o in outcomes {
                    match o.result {
                        Ok(()) => {}
                        Err(e) if e.is_authorization() => {
                            unchecked.push(format!("{}: {e}", o.topic))
                        }
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
            self.out.warn(format!(
                "the broker could not check the plan in validate-only mode, so setup may still be refused: {}",
                unchecked.join("; ")
            ));
        }
        plan.apply_broker_refusals(&refusals);
        Ok((cluster, plan))
    }
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

/// What `lag` and `groups` show, read at one moment.
pub struct Snapshot {
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
pub async fn snapshot(
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
                .ok_or_else(|| anyhow!(unknown_group(name, &listed, bootstrap)))?;
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
            let hint = crate::names::closest(t, known.iter().copied())
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
    let extra: Vec<TopicPartition> = if groups.is_empty() {
        Vec::new()
    } else {
        topics
            .iter()
            .filter_map(|t| cluster.topics.get(t))
            .flat_map(|t| {
                t.partitions
                    .iter()
                    .map(|p| TopicPartition::new(t.name.clone(), p.id))
            })
            .collect()
    };
    let shown = lag::rows(&offsets, &BTreeMap::new(), filter.as_ref(), &extra);
    // Watermarks only for partitions that exist and have a leader; a committed offset on a
    // deleted topic keeps an unknown log end.
    let readable: BTreeSet<TopicPartition> = shown
        .iter()
        .filter(|r| {
            cluster.topics.get(&r.topic).is_some_and(|t| {
                t.partitions
                    .iter()
                    .any(|p| p.id == r.partition && !p.leaderless())
            })
        })
        .map(|r| TopicPartition::new(r.topic.clone(), r.partition))
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
