//! Reads the timestamp of the record at given offsets: the time lag of `lag` and `exporter`.
//!
//! Never joins or commits to a consumer group: partitions are assigned explicitly at the
//! offsets asked for (`assign`, no `subscribe`), auto-commit and offset store are off. A
//! throwaway `group.id` is set (librdkafka needs one to assign) and never used. Fetches are
//! kept small: one record per partition is wanted, so prefetching is capped.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::{Offset, TopicPartitionList};

use super::{ErrorCapture, Kafka};
use crate::lag::Stamp;
use crate::names::TopicPartition;

/// Prefix of the throwaway `group.id` (never joined, never committed).
pub const THROWAWAY_GROUP_PREFIX: &str = "spm-kafka-lag-unused-";

/// Wanted offsets of one partition closer than this are read in one pass, forward.
pub const MAX_GAP: i64 = 1000;

/// The wanted offsets (sorted by partition, then offset) as rounds of one assignment each: per
/// partition, runs of offsets each within [`MAX_GAP`] of the previous; round i holds the i-th run
/// of every partition.
fn rounds(wanted: &[(TopicPartition, i64)]) -> Vec<Vec<(TopicPartition, Vec<i64>)>> {
    let mut runs: BTreeMap<&TopicPartition, Vec<Vec<i64>>> = BTreeMap::new();
    for (tp, offset) in wanted {
        let r = runs.entry(tp).or_default();
        match r.last_mut() {
            Some(run) if offset - run.last().copied().unwrap_or(*offset) <= MAX_GAP => {
                run.push(*offset)
            }
            _ => r.push(vec![*offset]),
        }
    }
    let mut rounds: Vec<Vec<(TopicPartition, Vec<i64>)>> = Vec::new();
    for (tp, partition_runs) in runs {
        for (i, run) in partition_runs.into_iter().enumerate() {
            if rounds.len() <= i {
                rounds.push(Vec::new());
            }
            rounds[i].push((tp.clone(), run));
        }
    }
    rounds
}

/// One consumer, kept for the life of the command so that `lag --watch` and the exporter do
/// not make a client per cycle.
pub struct StampReader {
    consumer: BaseConsumer<ErrorCapture>,
    timeout: Duration,
}

impl StampReader {
    pub fn new(kafka: &Kafka) -> Result<StampReader> {
        let mut c = kafka.base_config();
        c.set(
            "group.id",
            format!("{THROWAWAY_GROUP_PREFIX}{}", uuid::Uuid::new_v4()),
        )
        .set("enable.auto.commit", "false")
        .set("enable.auto.offset.store", "false")
        // The committed record is gone (retention): the earliest left, said in a note.
        .set("auto.offset.reset", "earliest")
        .set("enable.partition.eof", "false")
        .set("fetch.wait.max.ms", "50")
        .set("queued.min.messages", "1")
        .set("fetch.message.max.bytes", "65536")
        .set("fetch.max.bytes", "1048576");
        let (consumer, _context) = kafka.create::<BaseConsumer<ErrorCapture>>(c)?;
        Ok(StampReader {
            consumer,
            timeout: kafka.timeout,
        })
    }

    /// The first record at or after each wanted offset, read within `--timeout` in all. A
    /// partition wanted at several offsets (several groups) is read forward from the lowest
    /// one while the next is at most [`MAX_GAP`] records further; farther offsets take one more
    /// round (a new assignment). What could not be read in time is left out (the time lag says
    /// so). Blocking.
    pub fn read(
        &self,
        wanted: &[(TopicPartition, i64)],
    ) -> Result<BTreeMap<(TopicPartition, i64), Stamp>> {
        let mut out = BTreeMap::new();
        let deadline = Instant::now() + self.timeout;
        'rounds: for round in rounds(wanted) {
            let mut tpl = TopicPartitionList::with_capacity(round.len());
            for (TopicPartition { topic, partition }, offsets) in &round {
                tpl.add_partition_offset(topic, *partition, Offset::Offset(offsets[0]))
                    .with_context(|| {
                        format!("cannot read {topic}[{partition}] at {}", offsets[0])
                    })?;
            }
            self.consumer
                .assign(&tpl)
                .context("cannot assign the partitions to read")?;
            // Per partition: the offsets still wanted, in order.
            let mut pending: BTreeMap<TopicPartition, std::collections::VecDeque<i64>> = round
                .into_iter()
                .map(|(tp, offsets)| (tp, offsets.into()))
                .collect();
            while !pending.is_empty() {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break 'rounds;
                }
                let Some(Ok(m)) = self.consumer.poll(left.min(Duration::from_millis(100))) else {
                    continue;
                };
                let tp = TopicPartition::new(m.topic(), m.partition());
                let Some(offsets) = pending.get_mut(&tp) else {
                    continue;
                };
                while let Some(&asked) = offsets.front().filter(|o| **o <= m.offset()) {
                    offsets.pop_front();
                    if let Some(ts) = m.timestamp().to_millis() {
                        let stamp = Stamp {
                            offset: m.offset(),
                            timestamp_ms: ts,
                        };
                        out.insert((tp.clone(), asked), stamp);
                    }
                }
                if offsets.is_empty() {
                    pending.remove(&tp);
                }
            }
        }
        // Stop fetching until the next cycle.
        let _ = self.consumer.unassign();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tp(p: i32) -> TopicPartition {
        TopicPartition::new("t", p)
    }

    #[test]
    fn close_offsets_share_a_pass_and_far_ones_take_another_round() {
        let wanted = vec![
            (tp(0), 3),
            (tp(0), 40),
            (tp(0), 40 + MAX_GAP),
            (tp(0), 41 + 2 * MAX_GAP),
            (tp(1), 7),
        ];
        assert_eq!(
            rounds(&wanted),
            vec![
                vec![(tp(0), vec![3, 40, 40 + MAX_GAP]), (tp(1), vec![7])],
                vec![(tp(0), vec![41 + 2 * MAX_GAP])],
            ]
        );
        assert!(rounds(&[]).is_empty());
    }
}
