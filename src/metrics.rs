//! The exporter's metrics: one collection in, the Prometheus text exposition out. No I/O.
//!
//! The names are kafka_exporter's (`kafka_consumergroup_lag`, `kafka_consumergroup_current_offset`,
//! `kafka_consumergroup_members`, `kafka_topic_partition_current_offset`,
//! `kafka_topic_partition_oldest_offset`, labels `consumergroup`, `topic`, `partition`), so
//! existing dashboards work, plus `kafka_consumergroup_lag_seconds`, the status of each group
//! as a state set, the count of partitions without a commit, and `spm_kafka_up`.
//!
//! A registry is built afresh from every collection: a group or partition that is gone is
//! simply not in the next exposition. A partition without a commit has no lag series (its lag
//! is unknown, not 0); it is counted in `kafka_consumergroup_uncommitted_partitions` instead.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use crate::lag::TimedRow;
use crate::status::Status;

/// The `Content-Type` of what [`exposition`] writes (text format 0.0.4).
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

/// What one successful collection found.
pub struct Collection<'a> {
    pub rows: &'a [TimedRow],
    pub status: &'a BTreeMap<String, Option<Status>>,
    pub members: &'a BTreeMap<String, usize>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct GroupPartition {
    consumergroup: String,
    topic: String,
    partition: i32,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TopicPartition {
    topic: String,
    partition: i32,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Group {
    consumergroup: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct GroupStatus {
    consumergroup: String,
    status: String,
}

type IntFamily<L> = Family<L, Gauge>;
type FloatFamily<L> = Family<L, Gauge<f64, AtomicU64>>;

/// The exposition of a collection; `None` when the broker could not be reached (then only
/// `spm_kafka_up 0`: old figures are not passed off as current). `cycle_seconds` is how long
/// the last collection took.
pub fn exposition(collection: Option<&Collection>, cycle_seconds: f64) -> String {
    let mut registry = Registry::default();
    let up: Gauge = Gauge::default();
    up.set(i64::from(collection.is_some()));
    registry.register(
        "spm_kafka_up",
        "1 when the last collection reached the cluster, else 0",
        up,
    );
    let took: Gauge<f64, AtomicU64> = Gauge::default();
    took.set(cycle_seconds);
    registry.register(
        "spm_kafka_collection_duration_seconds",
        "Wall time of the last collection",
        took,
    );
    if let Some(c) = collection {
        add_groups(&mut registry, c);
    }
    let mut text = String::new();
    prometheus_client::encoding::prometheus_text::encode(&mut text, &registry)
        .expect("writing to a String cannot fail");
    text
}

fn add_groups(registry: &mut Registry, c: &Collection) {
    let lag = IntFamily::<GroupPartition>::default();
    let current = IntFamily::<GroupPartition>::default();
    let seconds = FloatFamily::<GroupPartition>::default();
    let log_end = IntFamily::<TopicPartition>::default();
    let log_start = IntFamily::<TopicPartition>::default();
    let members = IntFamily::<Group>::default();
    let uncommitted = IntFamily::<Group>::default();
    let status = IntFamily::<GroupStatus>::default();
    let mut seen_tp = BTreeSet::new();
    for t in c.rows {
        let r = &t.row;
        let gp = GroupPartition {
            consumergroup: r.group.clone(),
            topic: r.topic.clone(),
            partition: r.partition,
        };
        match r.committed {
            Some(o) => {
                current.get_or_create(&gp).set(o);
            }
            None => {
                uncommitted
                    .get_or_create(&Group {
                        consumergroup: r.group.clone(),
                    })
                    .inc();
            }
        }
        if let Some(l) = r.lag {
            lag.get_or_create(&gp).set(l);
        }
        if let Some(s) = t.lag_seconds {
            seconds.get_or_create(&gp).set(s);
        }
        if seen_tp.insert((&r.topic, r.partition)) {
            let tp = TopicPartition {
                topic: r.topic.clone(),
                partition: r.partition,
            };
            if let Some(e) = r.log_end {
                log_end.get_or_create(&tp).set(e);
            }
            if let Some(s) = r.log_start {
                log_start.get_or_create(&tp).set(s);
            }
        }
    }
    for (group, n) in c.members {
        let g = Group {
            consumergroup: group.clone(),
        };
        members.get_or_create(&g).set(*n as i64);
        let _ = uncommitted.get_or_create(&g);
    }
    for (group, now) in c.status {
        for s in Status::ALL {
            status
                .get_or_create(&GroupStatus {
                    consumergroup: group.clone(),
                    status: s.name().to_string(),
                })
                .set(i64::from(*now == Some(s)));
        }
    }
    registry.register(
        "kafka_consumergroup_lag",
        "Messages the group has not consumed: log end offset minus committed offset",
        lag,
    );
    registry.register(
        "kafka_consumergroup_current_offset",
        "The group's committed offset",
        current,
    );
    registry.register(
        "kafka_consumergroup_lag_seconds",
        "Age of the oldest record the group has not consumed (0 when caught up)",
        seconds,
    );
    registry.register(
        "kafka_topic_partition_current_offset",
        "Log end offset of the partition",
        log_end,
    );
    registry.register(
        "kafka_topic_partition_oldest_offset",
        "Log start offset of the partition",
        log_start,
    );
    registry.register(
        "kafka_consumergroup_members",
        "Members of the group",
        members,
    );
    registry.register(
        "kafka_consumergroup_uncommitted_partitions",
        "Partitions the group reads without a committed offset (their lag is unknown)",
        uncommitted,
    );
    registry.register(
        "kafka_consumergroup_status",
        "1 for the group's status (ok, lagging, stalled, stopped, rewound, no-commit, empty), else 0",
        status,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lag::LagRow;

    fn row(group: &str, p: i32, committed: Option<i64>, secs: Option<f64>) -> TimedRow {
        TimedRow {
            row: LagRow {
                group: group.into(),
                topic: "t".into(),
                partition: p,
                committed,
                log_start: Some(1),
                log_end: Some(10),
                lag: committed.map(|c| 10 - c),
            },
            lag_seconds: secs,
            note: None,
        }
    }

    fn text(rows: &[TimedRow], groups: &[(&str, usize, Option<Status>)]) -> String {
        let status = groups.iter().map(|(g, _, s)| (g.to_string(), *s)).collect();
        let members = groups.iter().map(|(g, m, _)| (g.to_string(), *m)).collect();
        exposition(
            Some(&Collection {
                rows,
                status: &status,
                members: &members,
            }),
            0.25,
        )
    }

    #[test]
    fn kafka_exporter_names_and_labels() {
        let t = text(
            &[row("g", 0, Some(4), Some(12.5)), row("g", 1, None, None)],
            &[("g", 2, Some(Status::Stalled))],
        );
        for line in [
            "spm_kafka_up 1",
            "spm_kafka_collection_duration_seconds 0.25",
            r#"kafka_consumergroup_lag{consumergroup="g",topic="t",partition="0"} 6"#,
            r#"kafka_consumergroup_current_offset{consumergroup="g",topic="t",partition="0"} 4"#,
            r#"kafka_consumergroup_lag_seconds{consumergroup="g",topic="t",partition="0"} 12.5"#,
            r#"kafka_topic_partition_current_offset{topic="t",partition="1"} 10"#,
            r#"kafka_topic_partition_oldest_offset{topic="t",partition="0"} 1"#,
            r#"kafka_consumergroup_members{consumergroup="g"} 2"#,
            r#"kafka_consumergroup_uncommitted_partitions{consumergroup="g"} 1"#,
            r#"kafka_consumergroup_status{consumergroup="g",status="stalled"} 1"#,
            r#"kafka_consumergroup_status{consumergroup="g",status="ok"} 0"#,
            "# TYPE kafka_consumergroup_lag gauge",
        ] {
            assert!(t.lines().any(|l| l == line), "{line} missing in\n{t}");
        }
        assert!(
            !t.contains(r#"kafka_consumergroup_lag{consumergroup="g",topic="t",partition="1"}"#),
            "no lag series without a commit:\n{t}"
        );
        assert!(!t.contains(
            r#"kafka_consumergroup_current_offset{consumergroup="g",topic="t",partition="1"}"#
        ));
    }

    #[test]
    fn a_vanished_group_is_not_exported_and_up_0_says_nothing_else() {
        let t = text(
            &[row("h", 0, Some(10), Some(0.0))],
            &[("h", 0, Some(Status::Empty))],
        );
        assert!(!t.contains(r#"consumergroup="g""#), "{t}");
        assert!(t.contains(r#"kafka_consumergroup_uncommitted_partitions{consumergroup="h"} 0"#));
        let down = exposition(None, 3.0);
        assert!(down.lines().any(|l| l == "spm_kafka_up 0"), "{down}");
        assert!(!down.contains("kafka_consumergroup"), "{down}");
    }

    #[test]
    fn an_undecided_status_has_no_1() {
        let t = text(&[row("g", 0, Some(4), None)], &[("g", 1, None)]);
        assert!(!t.contains(r#"status="lagging"} 1"#));
        assert!(t.contains(r#"kafka_consumergroup_status{consumergroup="g",status="lagging"} 0"#));
    }
}
