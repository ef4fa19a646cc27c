//! The difference between topics.yaml and the cluster, and what `setup` may do about it.
//! Pure: [`diff`] takes a [`Spec`] and a [`Cluster`] and decides; nothing here talks to Kafka.

use serde::Serialize;

use crate::cluster::{Cluster, Topic};
use crate::duration::humanize_millis;
use crate::spec::{Spec, TopicSpec};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigChange {
    pub key: String,
    /// The current effective value (`None`: the broker does not report the key).
    pub from: Option<String>,
    pub to: String,
}

/// A difference `setup` will not fix by itself, with the reason and the manual way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Refusal {
    PartitionDecrease {
        current: i32,
        desired: i32,
    },
    ReplicationFactorChange {
        current: i16,
        desired: i16,
    },
    NotEnoughBrokers {
        replication_factor: i16,
        brokers: usize,
    },
    /// min.insync.replicas above the replication factor the topic will have: a producer with
    /// acks=all (the SPM services' setting) could not write to it (NOT_ENOUGH_REPLICAS). Setup
    /// neither sets such a value nor creates such a topic.
    MinInsyncAboveReplicationFactor {
        min_insync_replicas: i64,
        replication_factor: i16,
        /// The current value, when the topic exists.
        #[serde(skip_serializing_if = "Option::is_none")]
        current: Option<String>,
    },
    /// The broker, asked in validate-only mode, would refuse the creation or the config change
    /// (`key`/`value`: the config it names, when it names one).
    BrokerRefuses {
        action: Action,
        #[serde(skip_serializing_if = "Option::is_none")]
        key: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<String>,
        reason: String,
    },
}

/// What a broker check was about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    SetConfigs,
}

/// The broker's refusal of one topic's creation or config change, as it said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerRefusal {
    pub topic: String,
    pub action: Action,
    pub message: String,
    /// The declared key (and value) found to be refused on its own, when the message names none.
    pub culprit: Option<(String, String)>,
}

/// A broker refusal split into the config it names, its value and why:
/// `Invalid value compactt for configuration cleanup.policy: String must be one of: ...`
/// (Kafka's ConfigException wording) → `("cleanup.policy", "compactt", "String must be ...")`.
pub fn refused_config(message: &str) -> Option<(String, String, String)> {
    let rest = message.trim().strip_prefix("Invalid value ")?;
    let (value, rest) = rest.rsplit_once(" for configuration ")?;
    let (key, why) = match rest.split_once(':') {
        Some((key, why)) => (key.trim(), why.trim()),
        None => (rest.trim(), ""),
    };
    if key.is_empty() || key.contains(' ') {
        return None;
    }
    Some((key.to_string(), value.to_string(), why.to_string()))
}

/// The broker's message said the user's way: which key and value, and why.
pub fn explain_refusal(message: &str) -> String {
    match refused_config(message) {
        Some((key, value, why)) if why.is_empty() => format!("the broker refuses {key}={value}"),
        Some((key, value, why)) => format!("the broker refuses {key}={value}: {why}"),
        None => message.to_string(),
    }
}

impl Refusal {
    pub fn summary(&self) -> String {
        match self {
            Refusal::PartitionDecrease { current, desired } => format!("partitions {current} → {desired} refused"),
            Refusal::ReplicationFactorChange { current, desired } => {
                format!("replication factor {current} → {desired} refused")
            }
            Refusal::NotEnoughBrokers { replication_factor, brokers } => format!(
                "creation refused: replication factor {replication_factor} needs {replication_factor} brokers, the cluster has {brokers}"
            ),
            Refusal::MinInsyncAboveReplicationFactor { min_insync_replicas, replication_factor, current } => {
                match current {
                    Some(c) => format!(
                        "min.insync.replicas {c} → {min_insync_replicas} refused: above the replication factor {replication_factor}"
                    ),
                    None => format!(
                        "creation refused: min.insync.replicas {min_insync_replicas} is above the replication factor {replication_factor}"
                    ),
                }
            }
            Refusal::BrokerRefuses { action, key, value, .. } => {
                let what = match (key, value) {
                    (Some(k), Some(v)) => format!(": {k}={v}"),
                    (Some(k), None) => format!(": {k}"),
                    _ => String::new(),
                };
                match action {
                    Action::Create => format!("creation refused by the broker{what}"),
                    Action::SetConfigs => format!("config change refused by the broker{what}"),
                }
            }
        }
    }

    pub fn reason(&self) -> String {
        match self {
            Refusal::PartitionDecrease { current, .. } => format!(
                "Kafka cannot remove partitions. Either raise `partitions` in topics.yaml to {current} (the cluster's \
count), or create a new topic and migrate the consumers (deleting and re-creating the topic loses its data)."
            ),
            Refusal::ReplicationFactorChange { .. } => {
                "changing the replication factor needs a partition reassignment, which moves data between brokers. \
Do it deliberately with kafka-reassign-partitions (--generate, then --execute, then --verify), then run setup again."
                    .to_string()
            }
            Refusal::NotEnoughBrokers { .. } => {
                "start more brokers, or lower replication_factor (for example, use the default profile on a one-broker \
development cluster)."
                    .to_string()
            }
            Refusal::MinInsyncAboveReplicationFactor { .. } => MIN_INSYNC_ADVICE.to_string(),
            Refusal::BrokerRefuses { reason, .. } => {
                format!("{reason}. Fix the value in topics.yaml (Kafka's topic configs: https://kafka.apache.org/documentation/#topicconfigs).")
            }
        }
    }
}

const MIN_INSYNC_ADVICE: &str = "With fewer replicas than min.insync.replicas, every write with acks=all fails \
(NOT_ENOUGH_REPLICAS). Raise the replication factor first (kafka-reassign-partitions), or set min.insync.replicas in \
topics.yaml to at most the replication factor and run setup.";

/// A topic on the cluster whose min.insync.replicas exceeds its replication factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MinInsyncProblem {
    pub min_insync_replicas: i64,
    pub replication_factor: i16,
}

impl MinInsyncProblem {
    pub fn summary(&self) -> String {
        format!(
            "min.insync.replicas {} is above the replication factor {}: acks=all writes fail",
            self.min_insync_replicas, self.replication_factor
        )
    }

    pub fn advice(&self) -> &'static str {
        MIN_INSYNC_ADVICE
    }
}

/// The topic's effective min.insync.replicas (its configs must have been read) against its
/// replication factor. One rule for plan, setup, verify, doctor and `topics describe`.
pub fn min_insync_problem(topic: &Topic) -> Option<MinInsyncProblem> {
    let min: i64 = topic.config_value("min.insync.replicas")?.parse().ok()?;
    let rf = topic.replication_factor();
    (rf > 0 && min > i64::from(rf)).then_some(MinInsyncProblem {
        min_insync_replicas: min,
        replication_factor: rf,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopicPlan {
    pub topic: String,
    /// The topic is missing and will be created like this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create: Option<TopicSpec>,
    /// `(current, desired)` partition counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partitions: Option<(i32, i32)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub config: Vec<ConfigChange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<Refusal>,
    /// The topic will have (or keeps) min.insync.replicas above its replication factor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_insync_problem: Option<MinInsyncProblem>,
}

impl TopicPlan {
    fn new(topic: &str) -> Self {
        TopicPlan {
            topic: topic.to_string(),
            create: None,
            partitions: None,
            config: Vec::new(),
            refused: Vec::new(),
            min_insync_problem: None,
        }
    }

    /// Matches the spec: nothing to change or refused. (A min.insync.replicas problem is not a
    /// difference from the spec; `verify` counts it on its own.)
    pub fn in_sync(&self) -> bool {
        self.create.is_none()
            && self.partitions.is_none()
            && self.config.is_empty()
            && self.refused.is_empty()
    }

    /// Changes `setup` will make (creation, partitions, configs).
    pub fn has_changes(&self) -> bool {
        self.create.is_some() || self.partitions.is_some() || !self.config.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub to_create: usize,
    pub to_alter: usize,
    pub refused: usize,
    pub in_sync: usize,
    pub unmanaged: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// One entry per topic of the spec, in spec order.
    pub topics: Vec<TopicPlan>,
    /// Topics on the cluster the spec does not name (never touched).
    pub unmanaged: Vec<String>,
}

impl Plan {
    /// Nothing to create, alter or refuse: the cluster matches the spec.
    pub fn in_sync(&self) -> bool {
        self.topics.iter().all(TopicPlan::in_sync)
    }

    pub fn has_changes(&self) -> bool {
        self.topics.iter().any(TopicPlan::has_changes)
    }

    pub fn summary(&self) -> Summary {
        Summary {
            to_create: self.topics.iter().filter(|t| t.create.is_some()).count(),
            to_alter: self
                .topics
                .iter()
                .filter(|t| t.partitions.is_some() || !t.config.is_empty())
                .count(),
            refused: self.topics.iter().filter(|t| !t.refused.is_empty()).count(),
            in_sync: self.topics.iter().filter(|t| t.in_sync()).count(),
            unmanaged: self.unmanaged.len(),
        }
    }

    pub fn to_create(&self) -> Vec<TopicSpec> {
        self.topics
            .iter()
            .filter_map(|t| t.create.clone())
            .collect()
    }

    pub fn partition_increases(&self) -> Vec<(String, i32)> {
        self.topics
            .iter()
            .filter_map(|t| t.partitions.map(|(_, to)| (t.topic.clone(), to)))
            .collect()
    }

    /// The topics where a change of `sent` (the plan setup applied) is still to be made in this
    /// plan, read afterwards. Changes the broker refused were never sent, so they do not count.
    pub fn still_pending(&self, sent: &Plan) -> Vec<String> {
        self.topics
            .iter()
            .filter(|now| {
                let Some(s) = sent.topics.iter().find(|s| s.topic == now.topic) else {
                    return false;
                };
                (now.create.is_some() && s.create.is_some())
                    || (now.partitions.is_some() && s.partitions.is_some())
                    || now
                        .config
                        .iter()
                        .any(|c| s.config.iter().any(|sc| sc.key == c.key))
            })
            .map(|t| t.topic.clone())
            .collect()
    }

    /// Takes what the broker (asked in validate-only mode) would refuse out of the changes and
    /// records it as a refusal, so that `plan` shows it and `setup` does not send it. A config
    /// change the broker refuses is dropped by the key it names (all of the topic's changes
    /// when it names none: the broker refuses a topic's changes as a whole).
    pub fn apply_broker_refusals(&mut self, refusals: &[BrokerRefusal]) {
        for r in refusals {
            let Some(t) = self.topics.iter_mut().find(|t| t.topic == r.topic) else {
                continue;
            };
            let (key, value, reason) = match (refused_config(&r.message), &r.culprit) {
                (Some((k, v, why)), _) => (
                    Some(k),
                    Some(v),
                    if why.is_empty() {
                        r.message.clone()
                    } else {
                        why
                    },
                ),
                (None, Some((k, v))) => (Some(k.clone()), Some(v.clone()), r.message.clone()),
                (None, None) => (None, None, r.message.clone()),
            };
            match r.action {
                Action::Create => t.create = None,
                Action::SetConfigs => match &key {
                    Some(k) if t.config.iter().any(|c| &c.key == k) => {
                        t.config.retain(|c| &c.key != k)
                    }
                    _ => t.config.clear(),
                },
            }
            t.refused.push(Refusal::BrokerRefuses {
                action: r.action,
                key,
                value,
                reason: reason.trim_end_matches('.').to_string(),
            });
        }
    }

    pub fn config_changes(&self) -> Vec<(String, Vec<(String, String)>)> {
        self.topics
            .iter()
            .filter(|t| !t.config.is_empty())
            .map(|t| {
                (
                    t.topic.clone(),
                    t.config
                        .iter()
                        .map(|c| (c.key.clone(), c.to.clone()))
                        .collect(),
                )
            })
            .collect()
    }
}

/// Compares the spec with the cluster. `cluster` must carry the configs of the spec's topics.
pub fn diff(spec: &Spec, cluster: &Cluster) -> Plan {
    let brokers = cluster.brokers.len();
    let topics = spec
        .topics
        .iter()
        .map(|want| match cluster.topics.get(&want.name) {
            None => plan_create(want, brokers),
            Some(have) => plan_update(want, have),
        })
        .collect();
    let unmanaged = cluster
        .topics
        .values()
        .filter(|t| !t.is_internal() && spec.topic(&t.name).is_none())
        .map(|t| t.name.clone())
        .collect();
    Plan { topics, unmanaged }
}

fn spec_min_insync(want: &TopicSpec) -> Option<i64> {
    want.config.get("min.insync.replicas")?.parse().ok()
}

fn plan_create(want: &TopicSpec, brokers: usize) -> TopicPlan {
    let mut p = TopicPlan::new(&want.name);
    if brokers > 0 && want.replication_factor as usize > brokers {
        p.refused.push(Refusal::NotEnoughBrokers {
            replication_factor: want.replication_factor,
            brokers,
        });
    } else if let Some(min) =
        spec_min_insync(want).filter(|m| *m > i64::from(want.replication_factor))
    {
        p.refused.push(Refusal::MinInsyncAboveReplicationFactor {
            min_insync_replicas: min,
            replication_factor: want.replication_factor,
            current: None,
        });
    } else {
        p.create = Some(want.clone());
    }
    p
}

fn plan_update(want: &TopicSpec, have: &Topic) -> TopicPlan {
    let mut p = TopicPlan::new(&want.name);
    let current = have.partition_count();
    if want.partitions > current {
        p.partitions = Some((current, want.partitions));
    } else if want.partitions < current {
        p.refused.push(Refusal::PartitionDecrease {
            current,
            desired: want.partitions,
        });
    }
    let rf = have.replication_factor();
    if rf != want.replication_factor {
        p.refused.push(Refusal::ReplicationFactorChange {
            current: rf,
            desired: want.replication_factor,
        });
    }
    for (key, to) in &want.config {
        let from = have.config_value(key);
        if from != Some(to.as_str()) {
            p.config.push(ConfigChange {
                key: key.clone(),
                from: from.map(str::to_string),
                to: to.clone(),
            });
        }
    }
    // The replication factor stays what it is (a change is refused above): never raise
    // min.insync.replicas above it.
    if let Some(min) = spec_min_insync(want).filter(|m| *m > i64::from(rf)) {
        if let Some(i) = p.config.iter().position(|c| c.key == "min.insync.replicas") {
            let change = p.config.remove(i);
            p.refused.push(Refusal::MinInsyncAboveReplicationFactor {
                min_insync_replicas: min,
                replication_factor: rf,
                current: change.from,
            });
        }
    }
    // What is on the cluster, unless the plan sets a (permitted) new value.
    if !p.config.iter().any(|c| c.key == "min.insync.replicas") {
        p.min_insync_problem = min_insync_problem(have);
    }
    p
}

/// One difference between the spec and the cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drift {
    pub topic: String,
    pub what: String,
    pub actual: Option<String>,
    pub expected: String,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::{Broker, ConfigValue, Partition};
    use std::collections::BTreeMap;

    fn spec(text: &str) -> Spec {
        crate::spec::parse(text, "t.yaml", None).unwrap()
    }

    const SPEC: &str = "defaults: {partitions: 3, replication_factor: 1, config: {retention.ms: 7d}}\ntopics:\n  a: {}\n  b: {}\n";

    fn topic(name: &str, partitions: i32, rf: usize, config: &[(&str, &str, bool)]) -> Topic {
        Topic {
            name: name.into(),
            partitions: (0..partitions)
                .map(|id| Partition {
                    id,
                    leader: 1,
                    replicas: (1..=rf as i32).collect(),
                    isr: (1..=rf as i32).collect(),
                })
                .collect(),
            config: config
                .iter()
                .map(|(k, v, o)| {
                    (
                        k.to_string(),
                        ConfigValue {
                            value: Some(v.to_string()),
                            is_override: *o,
                            is_sensitive: false,
                        },
                    )
                })
                .collect(),
        }
    }

    fn cluster(brokers: usize, topics: Vec<Topic>) -> Cluster {
        Cluster {
            brokers: (1..=brokers as i32)
                .map(|id| Broker {
                    id,
                    host: "h".into(),
                    port: 9092,
                })
                .collect(),
            topics: topics.into_iter().map(|t| (t.name.clone(), t)).collect(),
        }
    }

    #[test]
    fn empty_cluster_creates_everything() {
        let plan = diff(&spec(SPEC), &cluster(1, vec![]));
        assert_eq!(plan.to_create().len(), 2);
        assert_eq!(
            plan.summary(),
            Summary {
                to_create: 2,
                to_alter: 0,
                refused: 0,
                in_sync: 0,
                unmanaged: 0
            }
        );
        assert!(!plan.in_sync());
    }

    #[test]
    fn matching_cluster_is_in_sync() {
        let week = ("retention.ms", "604800000", true);
        let plan = diff(
            &spec(SPEC),
            &cluster(
                1,
                vec![topic("a", 3, 1, &[week]), topic("b", 3, 1, &[week])],
            ),
        );
        assert!(plan.in_sync(), "{plan:?}");
        assert_eq!(plan.summary().in_sync, 2);
    }

    #[test]
    fn config_drift_and_undeclared_overrides() {
        let plan = diff(
            &spec(SPEC),
            &cluster(
                1,
                vec![
                    topic(
                        "a",
                        3,
                        1,
                        &[
                            ("retention.ms", "86400000", true),
                            ("cleanup.policy", "compact", true),
                        ],
                    ),
                    topic("b", 3, 1, &[("retention.ms", "604800000", true)]),
                ],
            ),
        );
        let a = &plan.topics[0];
        assert_eq!(
            a.config,
            vec![ConfigChange {
                key: "retention.ms".into(),
                from: Some("86400000".into()),
                to: "604800000".into()
            }]
        );
        assert!(plan.topics[1].in_sync());
        assert_eq!(
            plan.config_changes(),
            vec![(
                "a".to_string(),
                vec![("retention.ms".to_string(), "604800000".to_string())]
            )]
        );
    }

    #[test]
    fn partitions_up_is_a_change_down_is_refused() {
        let week = ("retention.ms", "604800000", true);
        let plan = diff(
            &spec(SPEC),
            &cluster(
                1,
                vec![topic("a", 1, 1, &[week]), topic("b", 6, 1, &[week])],
            ),
        );
        assert_eq!(plan.topics[0].partitions, Some((1, 3)));
        assert_eq!(
            plan.topics[1].refused,
            vec![Refusal::PartitionDecrease {
                current: 6,
                desired: 3
            }]
        );
        assert_eq!(plan.partition_increases(), vec![("a".to_string(), 3)]);
        // The spec must follow the cluster up: 3 in the spec, 6 on the cluster → raise it to 6.
        let advice = plan.topics[1].refused[0].reason();
        assert!(
            advice.contains("raise `partitions` in topics.yaml to 6") && !advice.contains("lower"),
            "{advice}"
        );
        assert_eq!(plan.summary().refused, 1);
    }

    #[test]
    fn replication_factor_change_is_refused() {
        let week = ("retention.ms", "604800000", true);
        let plan = diff(
            &spec(SPEC),
            &cluster(
                3,
                vec![topic("a", 3, 3, &[week]), topic("b", 3, 1, &[week])],
            ),
        );
        assert_eq!(
            plan.topics[0].refused,
            vec![Refusal::ReplicationFactorChange {
                current: 3,
                desired: 1
            }]
        );
        assert!(!plan.has_changes());
        assert!(!plan.in_sync());
    }

    #[test]
    fn not_enough_brokers_for_a_new_topic() {
        let s = spec("defaults: {partitions: 3, replication_factor: 3}\ntopics:\n  a: {}\n");
        let plan = diff(&s, &cluster(1, vec![]));
        assert!(plan.to_create().is_empty());
        assert_eq!(
            plan.topics[0].refused,
            vec![Refusal::NotEnoughBrokers {
                replication_factor: 3,
                brokers: 1
            }]
        );
    }

    #[test]
    fn unmanaged_topics_are_listed_internal_ones_are_not() {
        let plan = diff(
            &spec(SPEC),
            &cluster(
                1,
                vec![
                    topic("legacy", 1, 1, &[]),
                    topic("__consumer_offsets", 50, 1, &[]),
                ],
            ),
        );
        assert_eq!(plan.unmanaged, vec!["legacy".to_string()]);
    }

    #[test]
    fn missing_key_on_broker_is_a_change() {
        let plan = diff(
            &spec(SPEC),
            &cluster(1, vec![topic("a", 3, 1, &[]), topic("b", 3, 1, &[])]),
        );
        assert_eq!(plan.topics[0].config[0].from, None);
        let _ = BTreeMap::<String, String>::new();
    }

    #[test]
    fn min_insync_above_the_replication_factor_is_never_set_nor_created() {
        // The prod profile on one broker: RF 1 → 3 is refused, so min.insync.replicas=2 would
        // make the topic unwritable with acks=all; setup must not set it.
        let s = spec("defaults: {partitions: 3, replication_factor: 3, config: {min.insync.replicas: 2}}\ntopics:\n  a: {}\n  b: {}\n  c: {replication_factor: 1}\n");
        let plan = diff(
            &s,
            &cluster(
                3,
                vec![
                    topic("a", 3, 1, &[("min.insync.replicas", "1", false)]),
                    topic("b", 3, 3, &[("min.insync.replicas", "1", false)]),
                ],
            ),
        );
        let a = &plan.topics[0];
        assert!(a.config.is_empty(), "{a:?}");
        assert!(a
            .refused
            .contains(&Refusal::MinInsyncAboveReplicationFactor {
                min_insync_replicas: 2,
                replication_factor: 1,
                current: Some("1".into())
            }));
        assert_eq!(
            a.refused[1].summary(),
            "min.insync.replicas 1 → 2 refused: above the replication factor 1"
        );
        assert!(a.refused[1].reason().contains("acks=all"));
        assert_eq!(plan.topics[1].config[0].to, "2", "RF 3 takes 2");
        let c = &plan.topics[2];
        assert!(c.create.is_none());
        assert!(c.refused[0]
            .summary()
            .starts_with("creation refused: min.insync.replicas 2"));
        assert!(plan.topics.iter().all(|t| t.min_insync_problem.is_none()));
    }

    #[test]
    fn min_insync_above_the_replication_factor_on_the_cluster_is_a_problem() {
        let s = spec(SPEC);
        let week = ("retention.ms", "604800000", true);
        let bad = ("min.insync.replicas", "2", true);
        let plan = diff(
            &s,
            &cluster(
                1,
                vec![topic("a", 3, 1, &[week, bad]), topic("b", 3, 1, &[week])],
            ),
        );
        assert_eq!(
            plan.topics[0].min_insync_problem,
            Some(MinInsyncProblem {
                min_insync_replicas: 2,
                replication_factor: 1
            })
        );
        assert!(plan.topics[0].in_sync(), "not a difference from the spec");
        assert_eq!(plan.topics[1].min_insync_problem, None);
        // A spec that lowers it fixes it: no problem left after the plan.
        let fix = spec("defaults: {partitions: 3, replication_factor: 1, config: {retention.ms: 7d, min.insync.replicas: 1}}\ntopics:\n  a: {}\n");
        let plan = diff(&fix, &cluster(1, vec![topic("a", 3, 1, &[week, bad])]));
        assert_eq!(plan.topics[0].min_insync_problem, None);
        assert_eq!(plan.topics[0].config[0].key, "min.insync.replicas");
    }

    #[test]
    fn broker_messages_name_the_key_and_value() {
        let m = "Invalid value compactt for configuration cleanup.policy: String must be one of: compact, delete";
        assert_eq!(
            refused_config(m),
            Some((
                "cleanup.policy".into(),
                "compactt".into(),
                "String must be one of: compact, delete".into()
            ))
        );
        assert_eq!(
            explain_refusal(m),
            "the broker refuses cleanup.policy=compactt: String must be one of: compact, delete"
        );
        let other = "Replication factor: 3 larger than available brokers: 1.";
        assert_eq!(refused_config(other), None);
        assert_eq!(explain_refusal(other), other);
    }

    #[test]
    fn broker_refusals_become_refusals_and_leave_the_rest() {
        let s = spec("defaults: {partitions: 3, replication_factor: 1, config: {retention.ms: 7d, segment.ms: 1h}}\ntopics:\n  a: {}\n  b: {}\n  c: {}\n");
        let mut plan = diff(
            &s,
            &cluster(1, vec![topic("b", 3, 1, &[]), topic("c", 3, 1, &[])]),
        );
        assert!(plan.topics[0].create.is_some());
        plan.apply_broker_refusals(&[
            BrokerRefusal {
                topic: "a".into(),
                action: Action::Create,
                message: "Invalid value 1 for configuration segment.ms: Value must be at least 2"
                    .into(),
                culprit: None,
            },
            BrokerRefusal {
                topic: "b".into(),
                action: Action::SetConfigs,
                message: "Tiered Storage functionality is disabled in the broker.".into(),
                culprit: Some(("segment.ms".into(), "3600000".into())),
            },
            BrokerRefusal {
                topic: "c".into(),
                action: Action::SetConfigs,
                message: "Policy violation.".into(),
                culprit: None,
            },
        ]);
        let a = &plan.topics[0];
        assert!(a.create.is_none() && !a.has_changes());
        assert_eq!(
            a.refused,
            vec![Refusal::BrokerRefuses {
                action: Action::Create,
                key: Some("segment.ms".into()),
                value: Some("1".into()),
                reason: "Value must be at least 2".into()
            }]
        );
        assert_eq!(
            a.refused[0].summary(),
            "creation refused by the broker: segment.ms=1"
        );
        assert!(a.refused[0]
            .reason()
            .starts_with("Value must be at least 2. Fix the value in topics.yaml"));
        // b keeps the change the broker did not name; c loses all of its changes.
        let b: Vec<&str> = plan.topics[1]
            .config
            .iter()
            .map(|c| c.key.as_str())
            .collect();
        assert_eq!(b, ["retention.ms"]);
        assert_eq!(
            plan.topics[1].refused[0].summary(),
            "config change refused by the broker: segment.ms=3600000"
        );
        assert!(plan.topics[2].config.is_empty());
        assert_eq!(
            plan.topics[2].refused[0].summary(),
            "config change refused by the broker"
        );
        assert_eq!(plan.summary().refused, 3);
        assert_eq!(plan.to_create(), vec![]);
        // After setup, the refused changes are still differences, but were not sent.
        let after = diff(
            &s,
            &cluster(
                1,
                vec![
                    topic("b", 3, 1, &[("retention.ms", "604800000", true)]),
                    topic("c", 3, 1, &[]),
                ],
            ),
        );
        assert!(after.still_pending(&plan).is_empty(), "{after:?}");
        let before = diff(
            &s,
            &cluster(1, vec![topic("b", 3, 1, &[]), topic("c", 3, 1, &[])]),
        );
        assert_eq!(before.still_pending(&plan), vec!["b".to_string()]);
    }

    #[test]
    fn json_shape_is_stable() {
        let plan = diff(&spec(SPEC), &cluster(1, vec![topic("b", 6, 1, &[])]));
        let v = serde_json::to_value(&plan).unwrap();
        assert_eq!(v["topics"][0]["topic"], "a");
        assert_eq!(v["topics"][0]["create"]["partitions"], 3);
        assert_eq!(v["topics"][1]["refused"][0]["kind"], "partition_decrease");
        assert_eq!(v["topics"][1]["config"][0]["key"], "retention.ms");
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
