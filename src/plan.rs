//! The difference between topics.yaml and the cluster, and what `setup` may do about it.
//! Pure: [`diff`] takes a [`Spec`] and a [`Cluster`] and decides; nothing here talks to Kafka.

use serde::Serialize;

use crate::cluster::{Cluster, Topic};
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
        }
    }
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
}

impl TopicPlan {
    fn new(topic: &str) -> Self {
        TopicPlan {
            topic: topic.to_string(),
            create: None,
            partitions: None,
            config: Vec::new(),
            refused: Vec::new(),
        }
    }

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

fn plan_create(want: &TopicSpec, brokers: usize) -> TopicPlan {
    let mut p = TopicPlan::new(&want.name);
    if brokers > 0 && want.replication_factor as usize > brokers {
        p.refused.push(Refusal::NotEnoughBrokers {
            replication_factor: want.replication_factor,
            brokers,
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
    p
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
    fn json_shape_is_stable() {
        let plan = diff(&spec(SPEC), &cluster(1, vec![topic("b", 6, 1, &[])]));
        let v = serde_json::to_value(&plan).unwrap();
        assert_eq!(v["topics"][0]["topic"], "a");
        assert_eq!(v["topics"][0]["create"]["partitions"], 3);
        assert_eq!(v["topics"][1]["refused"][0]["kind"], "partition_decrease");
        assert_eq!(v["topics"][1]["config"][0]["key"], "retention.ms");
    }
}
