//! What the cluster looks like, as plain data: filled by `kafka::admin`, read by the pure
//! decisions (`plan`) and the printers. No I/O here.

use std::collections::BTreeMap;

use serde::Serialize;

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
