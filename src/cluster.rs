//! What the cluster looks like, as plain data: filled by `kafka::admin`, read by the pure
//! decisions (`plan`) and the printers. No I/O here.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::names::TopicPartition;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Broker {
    pub id: i32,
    pub host: String,
    pub port: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Partition {
    pub id: i32,
    /// `-1` when the partition has no leader.
    pub leader: i32,
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
}

impl Partition {
    pub fn under_replicated(&self) -> bool {
        self.isr.len() < self.replicas.len()
    }

    pub fn leaderless(&self) -> bool {
        self.leader < 0
    }
}

/// A topic config entry as the broker reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigValue {
    pub value: Option<String>,
    /// Set on this topic (not inherited from the broker or Kafka's defaults).
    pub is_override: bool,
    pub is_sensitive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Topic {
    pub name: String,
    pub partitions: Vec<Partition>,
    /// Empty when configs were not asked for.
    pub config: BTreeMap<String, ConfigValue>,
}

impl Topic {
    pub fn partition_count(&self) -> i32 {
        self.partitions.len() as i32
    }

    /// The largest replica set: during a reassignment partitions can differ.
    pub fn replication_factor(&self) -> i16 {
        self.partitions
            .iter()
            .map(|p| p.replicas.len())
            .max()
            .unwrap_or(0) as i16
    }

    pub fn config_value(&self, key: &str) -> Option<&str> {
        self.config.get(key).and_then(|c| c.value.as_deref())
    }

    pub fn under_replicated(&self) -> usize {
        self.partitions
            .iter()
            .filter(|p| p.under_replicated())
            .count()
    }

    pub fn leaderless(&self) -> usize {
        self.partitions.iter().filter(|p| p.leaderless()).count()
    }

    pub fn is_internal(&self) -> bool {
        self.name.starts_with("__")
    }
}

/// The cluster as seen by one metadata request (plus configs for the topics asked about).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Cluster {
    pub brokers: Vec<Broker>,
    pub topics: BTreeMap<String, Topic>,
}

/// A partition that is not fully healthy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartitionHealth {
    pub topic: String,
    pub partition: i32,
    /// `under_replicated` or `no_leader`.
    pub problem: &'static str,
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
}

impl PartitionHealth {
    pub fn describe(&self) -> String {
        let join = |v: &[i32]| v.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
        match self.problem {
            "no_leader" => format!(
                "{}[{}] has no leader (replicas {}): it cannot be read or written",
                self.topic,
                self.partition,
                join(&self.replicas)
            ),
            _ => format!(
                "{}[{}] is under-replicated: in sync {} of replicas {}",
                self.topic,
                self.partition,
                join(&self.isr),
                join(&self.replicas)
            ),
        }
    }
}

impl Cluster {
    /// Leaderless and under-replicated partitions of the named topics (all topics when `None`).
    pub fn unhealthy_partitions(&self, names: Option<&[String]>) -> Vec<PartitionHealth> {
        self.topics
            .values()
            .filter(|t| names.is_none_or(|n| n.contains(&t.name)))
            .flat_map(|t| {
                t.partitions.iter().filter_map(move |p| {
                    let problem = if p.leaderless() {
                        "no_leader"
                    } else if p.under_replicated() {
                        "under_replicated"
                    } else {
                        return None;
                    };
                    Some(PartitionHealth {
                        topic: t.name.clone(),
                        partition: p.id,
                        problem,
                        replicas: p.replicas.clone(),
                        isr: p.isr.clone(),
                    })
                })
            })
            .collect()
    }

    /// The first of `partitions` that the metadata does not show with a leader (a topic
    /// created a moment ago, not yet known to the broker that answered), if any.
    pub fn first_without_leader<'a>(
        &self,
        partitions: &'a [TopicPartition],
    ) -> Option<&'a TopicPartition> {
        partitions.iter().find(|tp| {
            !self.topics.get(&tp.topic).is_some_and(|t| {
                t.partitions
                    .iter()
                    .any(|p| p.id == tp.partition && !p.leaderless())
            })
        })
    }
}

/// First and next offset of one partition (`log_end - log_start` messages, roughly:
/// compaction and transaction markers make it an upper bound).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Watermarks {
    pub log_start: i64,
    pub log_end: i64,
}

impl Watermarks {
    pub fn messages(&self) -> i64 {
        (self.log_end - self.log_start).max(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(name: &str, parts: Vec<(i32, Vec<i32>, Vec<i32>)>) -> Topic {
        Topic {
            name: name.into(),
            partitions: parts
                .into_iter()
                .enumerate()
                .map(|(i, (leader, replicas, isr))| Partition {
                    id: i as i32,
                    leader,
                    replicas,
                    isr,
                })
                .collect(),
            config: BTreeMap::new(),
        }
    }

    #[test]
    fn finds_under_replicated_and_leaderless_partitions() {
        let mut c = Cluster::default();
        for t in [
            topic(
                "a",
                vec![
                    (1, vec![1, 2, 3], vec![1, 2, 3]),
                    (2, vec![2, 3, 1], vec![2, 1]),
                ],
            ),
            topic("b", vec![(-1, vec![3], vec![])]),
        ] {
            c.topics.insert(t.name.clone(), t);
        }
        let all = c.unhealthy_partitions(None);
        assert_eq!(all.len(), 2);
        assert_eq!(
            (all[0].topic.as_str(), all[0].partition, all[0].problem),
            ("a", 1, "under_replicated")
        );
        assert_eq!(
            all[0].describe(),
            "a[1] is under-replicated: in sync 2,1 of replicas 2,3,1"
        );
        assert_eq!(all[1].problem, "no_leader");
        assert!(c
            .unhealthy_partitions(Some(&["a".to_string()]))
            .iter()
            .all(|h| h.topic == "a"));
        assert_eq!(c.topics["a"].replication_factor(), 3);
        assert_eq!(
            (c.topics["a"].under_replicated(), c.topics["b"].leaderless()),
            (1, 1)
        );
        let tp = |t: &str, p| TopicPartition::new(t, p);
        let led = [tp("a", 0), tp("a", 1)];
        assert_eq!(c.first_without_leader(&led), None);
        for missing in [tp("b", 0), tp("a", 2), tp("new", 0)] {
            let asked = [tp("a", 0), missing.clone()];
            assert_eq!(c.first_without_leader(&asked), Some(&missing));
        }
    }
}
