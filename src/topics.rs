//! What `topics list|describe` decide (pure): the rows of the listing, the description of one
//! topic with its health, and the message for a topic that does not exist.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cluster::{Cluster, Partition, Topic, Watermarks};
use crate::names::TopicPartition;
use crate::plan::{min_insync_problem, MinInsyncProblem};

/// One topic in `topics list` (`-o json`: field names are a stable interface).
#[derive(Debug, Serialize)]
pub struct TopicRow {
    pub topic: String,
    pub partitions: i32,
    pub replication_factor: i16,
    pub messages: i64,
    pub under_replicated: usize,
    pub leaderless: usize,
}

pub fn list_rows(topics: &[&Topic], marks: &BTreeMap<TopicPartition, Watermarks>) -> Vec<TopicRow> {
    topics.iter().map(|t| row(t, marks)).collect()
}

/// A topic's line in `topics list`, and the head of its `topics describe`.
fn row(t: &Topic, marks: &BTreeMap<TopicPartition, Watermarks>) -> TopicRow {
    TopicRow {
        topic: t.name.clone(),
        partitions: t.partition_count(),
        replication_factor: t.replication_factor(),
        messages: t
            .partitions
            .iter()
            .filter_map(|p| marks.get(&TopicPartition::new(t.name.clone(), p.id)))
            .map(Watermarks::messages)
            .sum(),
        under_replicated: t.under_replicated(),
        leaderless: t.leaderless(),
    }
}

/// `ok`, `2 under-replicated`, `1 without leader`.
pub fn status(under_replicated: usize, leaderless: usize) -> String {
    match (under_replicated, leaderless) {
        (0, 0) => "ok".to_string(),
        (u, 0) => format!("{u} under-replicated"),
        (0, l) => format!("{l} without leader"),
        (u, l) => format!("{u} under-replicated, {l} without leader"),
    }
}

#[derive(Debug, Serialize)]
pub struct PartitionRow {
    pub partition: i32,
    pub leader: Option<i32>,
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
    pub log_start: Option<i64>,
    pub log_end: Option<i64>,
    pub messages: Option<i64>,
    pub under_replicated: bool,
}

/// `topics describe` (`-o json`: field names are a stable interface).
#[derive(Debug, Serialize)]
pub struct Description {
    /// What `topics list` shows of it (flattened: the JSON fields stay where they were).
    #[serde(flatten)]
    pub summary: TopicRow,
    /// Configs set on this topic (not inherited defaults); sensitive values as `***`.
    pub config: BTreeMap<String, Option<String>>,
    /// min.insync.replicas above the replication factor: acks=all writes fail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_insync_problem: Option<MinInsyncProblem>,
    pub partition_details: Vec<PartitionRow>,
}

impl Description {
    /// The partitions' health, and whether the topic can take an acks=all write at all.
    pub fn status(&self) -> String {
        let health = status(self.summary.under_replicated, self.summary.leaderless);
        match &self.min_insync_problem {
            None => health,
            Some(m) if health == "ok" => m.summary(),
            Some(m) => format!("{health}, {}", m.summary()),
        }
    }
}

pub fn describe(topic: &Topic, marks: &BTreeMap<TopicPartition, Watermarks>) -> Description {
    let rows: Vec<PartitionRow> = topic
        .partitions
        .iter()
        .map(|p| partition_row(topic, p, marks))
        .collect();
    let config = topic
        .config
        .iter()
        .filter(|(_, c)| c.is_override)
        .map(|(k, c)| {
            let shown = if c.is_sensitive {
                Some("***".into())
            } else {
                c.value.clone()
            };
            (k.clone(), shown)
        })
        .collect();
    Description {
        summary: row(topic, marks),
        config,
        min_insync_problem: min_insync_problem(topic),
        partition_details: rows,
    }
}

fn partition_row(
    topic: &Topic,
    p: &Partition,
    marks: &BTreeMap<TopicPartition, Watermarks>,
) -> PartitionRow {
    let m = marks.get(&TopicPartition::new(topic.name.clone(), p.id));
    PartitionRow {
        partition: p.id,
        leader: (!p.leaderless()).then_some(p.leader),
        replicas: p.replicas.clone(),
        isr: p.isr.clone(),
        log_start: m.map(|m| m.log_start),
        log_end: m.map(|m| m.log_end),
        messages: m.map(Watermarks::messages),
        under_replicated: p.under_replicated(),
    }
}

/// Watermarks can only be read from partitions that have a leader.
pub fn readable_partitions<'a>(topics: impl Iterator<Item = &'a Topic>) -> Vec<TopicPartition> {
    topics
        .flat_map(|t| {
            t.partitions
                .iter()
                .filter(|p| !p.leaderless())
                .map(|p| TopicPartition::new(t.name.clone(), p.id))
        })
        .collect()
}

/// "topic 'x' does not exist on h:9092. Did you mean 'y'?" and where to look.
pub fn missing_topic(cluster: &Cluster, name: &str) -> String {
    let names: Vec<&str> = cluster.topics.keys().map(String::as_str).collect();
    let hint = crate::names::closest(name, names.iter().copied())
        .map(|n| format!(" Did you mean '{n}'?"))
        .unwrap_or_default();
    let brokers: Vec<String> = cluster
        .brokers
        .iter()
        .map(|b| format!("{}:{}", b.host, b.port))
        .collect();
    format!(
        "topic '{name}' does not exist on {}.{hint} List topics with `spm-kafka topics list`.",
        brokers.join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words() {
        assert_eq!(status(0, 0), "ok");
        assert_eq!(status(2, 0), "2 under-replicated");
        assert_eq!(status(0, 1), "1 without leader");
    }

    #[test]
    fn a_topic_that_cannot_take_acks_all_writes_is_not_ok() {
        let doc = |problem| Description {
            summary: TopicRow {
                topic: "t".into(),
                partitions: 1,
                replication_factor: 1,
                messages: 0,
                under_replicated: 0,
                leaderless: 0,
            },
            config: BTreeMap::new(),
            min_insync_problem: problem,
            partition_details: vec![],
        };
        assert_eq!(doc(None).status(), "ok");
        let problem = MinInsyncProblem {
            min_insync_replicas: 2,
            replication_factor: 1,
        };
        assert_eq!(
            doc(Some(problem)).status(),
            "min.insync.replicas 2 is above the replication factor 1: acks=all writes fail"
        );
    }

    #[test]
    fn a_description_counts_what_the_leaders_report() {
        let p = |id, leader| Partition {
            id,
            leader,
            replicas: vec![1, 2],
            isr: vec![1],
        };
        let topic = Topic {
            name: "t".into(),
            partitions: vec![p(0, 1), p(1, -1)],
            config: BTreeMap::new(),
        };
        let readable = readable_partitions(std::iter::once(&topic));
        assert_eq!(readable, vec![TopicPartition::new("t", 0)]);
        let marks = BTreeMap::from([(
            TopicPartition::new("t", 0),
            Watermarks {
                log_start: 2,
                log_end: 10,
            },
        )]);
        let d = describe(&topic, &marks);
        assert_eq!(d.summary.messages, 8);
        assert_eq!(d.partition_details[1].leader, None);
        assert_eq!(d.partition_details[1].messages, None);
        assert_eq!(d.status(), "2 under-replicated, 1 without leader");
    }
}
