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

use super::{Context, Kafka};
use crate::lag::{Stamp, Tp};

/// Prefix of the throwaway `group.id` (never joined, never committed).
pub const THROWAWAY_GROUP_PREFIX: &str = "spm-kafka-lag-unused-";

/// One consumer, kept for the life of the command so that `lag --watch` and the exporter do
/// not make a client per cycle.
pub struct StampReader {
    consumer: BaseConsumer<Context>,
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
        let (consumer, _context) = kafka.create::<BaseConsumer<Context>>(c)?;
        Ok(StampReader {
            consumer,
            timeout: kafka.timeout,
        })
    }

    /// The first record at or after each wanted offset, read within `--timeout` in all. A
    /// partition wanted at several offsets (several groups) is read in several rounds. What
    /// could not be read in time is left out (the time lag says so). Blocking.
    pub fn read(&self, wanted: &[(Tp, i64)]) -> Result<BTreeMap<(Tp, i64), Stamp>> {
        let mut out = BTreeMap::new();
        if wanted.is_empty() {
            return Ok(out);
        }
        let mut rounds: Vec<Vec<&(Tp, i64)>> = Vec::new();
        let mut seen: BTreeMap<&Tp, usize> = BTreeMap::new();
        for w in wanted {
            let i = seen.entry(&w.0).or_default();
            if rounds.len() <= *i {
                rounds.push(Vec::new());
            }
            rounds[*i].push(w);
            *i += 1;
        }
        let deadline = Instant::now() + self.timeout;
        'rounds: for round in rounds {
            let mut tpl = TopicPartitionList::with_capacity(round.len());
            for ((topic, partition), offset) in &round {
                tpl.add_partition_offset(topic, *partition, Offset::Offset(*offset))
                    .with_context(|| format!("cannot read {topic}[{partition}] at {offset}"))?;
            }
            self.consumer
                .assign(&tpl)
                .context("cannot assign the partitions to read")?;
            let mut pending: BTreeMap<Tp, i64> = round.into_iter().cloned().collect();
            while !pending.is_empty() {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break 'rounds;
                }
                let Some(Ok(m)) = self.consumer.poll(left.min(Duration::from_millis(100))) else {
                    continue;
                };
                let tp = (m.topic().to_string(), m.partition());
                let Some(&asked) = pending.get(&tp) else {
                    continue;
                };
                if m.offset() < asked {
                    continue;
                }
                if let Some(ts) = m.timestamp().to_millis() {
                    out.insert(
                        (tp.clone(), asked),
                        Stamp {
                            offset: m.offset(),
                            timestamp_ms: ts,
                        },
                    );
                }
                pending.remove(&tp);
            }
        }
        // Stop fetching until the next cycle.
        let _ = self.consumer.unassign();
        Ok(out)
    }
}
