//! The Kafka side of `backup`, `restore` and `verify-backup`: reading partitions up to a fixed
//! end, outside any group, and writing records back to their own partitions.
//!
//! Reading never joins or commits to a consumer group (explicit assignment, throwaway
//! `group.id`, auto-commit off: see `consumer::config`). A partition is done when the consumer's
//! *position* reaches the end captured at the start — not when a record at `end - 1` arrives:
//! a partition that ends in transaction markers has no such record, and the position moves
//! past the markers.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context as _, Result};
use rdkafka::bindings::rd_kafka_resp_err_t as RDKafkaRespErr;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::KafkaError;
use rdkafka::message::{BorrowedHeaders, BorrowedMessage, Headers, Message};
use rdkafka::producer::{BaseProducer, Producer, PurgeConfig};
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::{Offset, Timestamp, TopicPartitionList};

use super::consumer::{self, Membership};
use super::ffi::produce::Outgoing;
use super::ffi::TopicHandle;
use super::producer::Tally;
use super::{ErrorCapture, Kafka};
use crate::backup::format::{RecordFields, RecordView, SegmentReader, TimestampType};
use crate::backup::manifest::PartitionBackup;
use crate::backup::restore::resume_after;
use crate::backup::verify::{partition_records, segment_files, Matcher};
use crate::exit::InputError;

/// Read `[from, end)` of one partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRange {
    pub topic: String,
    pub partition: i32,
    pub from: i64,
    pub end: i64,
}

/// A consumed message as the backup reads it: key, value and headers borrowed from librdkafka.
struct Consumed<'a, 'm> {
    message: &'a BorrowedMessage<'m>,
    headers: Option<&'a BorrowedHeaders>,
}

impl RecordFields for Consumed<'_, '_> {
    fn offset(&self) -> i64 {
        self.message.offset()
    }
    fn timestamp(&self) -> (i64, TimestampType) {
        match self.message.timestamp() {
            Timestamp::NotAvailable => (-1, TimestampType::NotAvailable),
            Timestamp::CreateTime(t) => (t, TimestampType::CreateTime),
            Timestamp::LogAppendTime(t) => (t, TimestampType::LogAppendTime),
        }
    }
    fn key(&self) -> Option<&[u8]> {
        self.message.key()
    }
    fn value(&self) -> Option<&[u8]> {
        self.message.payload()
    }
    fn header_count(&self) -> usize {
        self.headers.map_or(0, Headers::count)
    }
    fn header(&self, i: usize) -> (&str, Option<&[u8]>) {
        let h = self.headers.expect("i < header_count").get(i);
        (h.key, h.value)
    }
}

/// How far [`read_partitions`] got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reached {
    /// Per range, in the order given: the consumer's position (every offset before it was
    /// handed over or has no record).
    pub positions: Vec<i64>,
    /// `stop` said so before every range was read to its end.
    pub stopped: bool,
}

/// Reads each range until the consumer's position reaches its end, handing every record to
/// `on_record` (with the index of its range) in offset order per partition. Blocking (run it on
/// a blocking thread). Ends early, between two records, once `stop()` is true. Fails when a
/// partition makes no progress for `stall` (an open transaction, a partition without leader),
/// or on an error retrying cannot fix.
pub fn read_partitions(
    kafka: &Kafka,
    ranges: &[ReadRange],
    stall: Duration,
    stop: &dyn Fn() -> bool,
    on_record: &mut dyn FnMut(usize, &dyn RecordFields) -> Result<()>,
) -> Result<Reached> {
    let mut reached = Reached {
        positions: ranges.iter().map(|r| r.from).collect(),
        stopped: false,
    };
    let mut pending = ranges.iter().filter(|r| r.from < r.end).count();
    if pending == 0 {
        return Ok(reached);
    }
    let mut config = consumer::config(kafka, &Membership::None);
    config.set("isolation.level", "read_committed");
    let (c, context) = kafka.create::<BaseConsumer<ErrorCapture>>(config)?;
    let mut tpl = TopicPartitionList::with_capacity(pending);
    for r in ranges.iter().filter(|r| r.from < r.end) {
        tpl.add_partition_offset(&r.topic, r.partition, Offset::Offset(r.from))?;
    }
    c.assign(&tpl)
        .context("cannot assign the partitions to read")?;
    let topics: Vec<String> = ranges.iter().map(|r| r.topic.clone()).collect();
    let principal = consumer::principal(kafka);
    let find = |topic: &str, partition: i32| {
        ranges
            .iter()
            .position(|r| r.partition == partition && r.topic == topic)
    };
    let mut progress = Instant::now();
    let mut moved = false;
    while pending > 0 {
        if stop() {
            reached.stopped = true;
            break;
        }
        match c.poll(Duration::from_millis(100)) {
            Some(Ok(m)) => {
                let Some(i) = find(m.topic(), m.partition()) else {
                    continue;
                };
                let (at, end) = (reached.positions[i], ranges[i].end);
                if m.offset() < at || m.offset() >= end {
                    continue;
                }
                let consumed = Consumed {
                    message: &m,
                    headers: m.headers(),
                };
                on_record(i, &consumed)?;
                reached.positions[i] = (m.offset() + 1).min(end);
                if reached.positions[i] >= end {
                    pending -= 1;
                }
                // The clock is read when there is no record (a clock read per record costs).
                moved = true;
                continue;
            }
            Some(Err(KafkaError::PartitionEOF(_))) | None => {}
            Some(Err(e)) => {
                if let Some(why) =
                    consumer::permanent_cause(e.rdkafka_error_code(), &topics, None, &principal)
                {
                    return Err(anyhow!(why));
                }
            }
        }
        if std::mem::take(&mut moved) {
            progress = Instant::now();
        }
        // The position moves past transaction markers without a record to show for them.
        if let Ok(positions) = c.position() {
            for e in positions.elements() {
                let (Offset::Offset(o), Some(i)) = (e.offset(), find(e.topic(), e.partition()))
                else {
                    continue;
                };
                let (at, end) = (reached.positions[i], ranges[i].end);
                if o > at && at < end {
                    reached.positions[i] = o.min(end);
                    progress = Instant::now();
                    if o >= end {
                        pending -= 1;
                    }
                }
            }
        }
        if progress.elapsed() > stall {
            let (r, at) = ranges
                .iter()
                .zip(&reached.positions)
                .find(|(r, at)| **at < r.end)
                .expect("a range is pending");
            let cause = context
                .last_error()
                .map(|c| format!(" (last error: {})", super::simplify_cause(&c)))
                .unwrap_or_default();
            return Err(anyhow!(
                "no progress reading {}[{}] for {}: at offset {at} of {}{cause} — an open \
transaction or a partition without a leader holds it back",
                r.topic,
                r.partition,
                crate::duration::humanize(stall),
                r.end
            ));
        }
    }
    // Nothing was joined or committed: let the consumer go without the close round trip.
    std::mem::forget(c);
    Ok(reached)
}

/// Writes restored records to explicit partitions with their own timestamps, keys and headers:
/// the durable producer of `publish` (idempotent, acks=all, so per-partition order holds and a
/// retry never duplicates).
pub struct RestoreProducer {
    producer: BaseProducer<ErrorCapture>,
    context: ErrorCapture,
    kafka: Kafka,
}

impl RestoreProducer {
    /// `limits`: the largest and the smallest `max.message.bytes` of the target topics.
    pub fn new(kafka: &Kafka, limits: Option<(u64, u64)>) -> Result<RestoreProducer> {
        let (producer, context) = kafka.create(super::producer::config(kafka, limits))?;
        Ok(RestoreProducer {
            producer,
            context,
            kafka: kafka.clone(),
        })
    }

    /// A handle for sending to `topic` (made once per topic: see `ffi::TopicHandle`).
    pub fn topic(&self, topic: &str) -> Result<TopicHandle<'_, ErrorCapture>> {
        TopicHandle::new(&self.producer, topic)
            .ok_or_else(|| anyhow!("cannot prepare topic '{topic}' for sending"))
    }

    /// Queues one record for `topic[partition]`, straight from the segment's bytes; when
    /// librdkafka's queue is full, serves delivery reports until there is room. A record
    /// librdkafka refuses is an error.
    pub fn send(
        &self,
        topic: &TopicHandle<'_, ErrorCapture>,
        (name, partition): (&str, i32),
        r: &RecordView<'_>,
        tally: &Arc<Tally>,
    ) -> Result<()> {
        let outgoing = Outgoing {
            partition,
            timestamp: (r.timestamp_type != TimestampType::NotAvailable).then_some(r.timestamp),
            key: r.key,
            value: r.value,
            headers: r.headers(),
        };
        let mut opaque = tally.clone();
        let mut stuck_since: Option<Instant> = None;
        loop {
            match topic.produce_to(&outgoing, opaque) {
                Ok(()) => return Ok(()),
                Err((RDKafkaRespErr::RD_KAFKA_RESP_ERR__QUEUE_FULL, back)) => {
                    opaque = back;
                    let since = *stuck_since.get_or_insert_with(Instant::now);
                    if since.elapsed() > self.kafka.timeout + Duration::from_secs(5) {
                        return Err(self
                            .kafka
                            .unreachable(self.context.last_error(), "restoring records"));
                    }
                    super::producer::wait_for_room(&self.producer);
                }
                Err((code, _)) => {
                    return Err(anyhow!(
                        "cannot send the record at backup offset {} to {name}[{partition}]: {}",
                        r.offset,
                        super::errors::describe_error(&KafkaError::MessageProduction(code.into()))
                    ))
                }
            }
        }
    }

    /// The idempotent producer's first request (InitProducerId) needs WRITE on a topic: denied,
    /// librdkafka fails fatally, purges every queued record and refuses every later one.
    fn denied_fatally(&self) -> bool {
        matches!(
            self.producer.client().fatal_error(),
            Some((
                RDKafkaErrorCode::TopicAuthorizationFailed
                    | RDKafkaErrorCode::ClusterAuthorizationFailed,
                _
            ))
        )
    }

    /// Serves delivery reports that are ready.
    pub fn poll(&self) {
        self.producer.poll(Duration::ZERO);
    }

    /// Waits until every queued record was acknowledged or failed (at most `--timeout` plus a
    /// little); returns how many are still unaccounted for. On `stop` (Ctrl-C / SIGTERM) the
    /// records not yet sent are dropped and only those already on the wire are waited for, so
    /// that what the broker acknowledged is known: the next run continues after it.
    pub fn finish(&self, stop: &dyn Fn() -> bool) -> u64 {
        let deadline = Instant::now() + self.kafka.timeout + Duration::from_secs(2);
        let mut purged = false;
        loop {
            self.producer.poll(Duration::from_millis(5));
            if !purged && stop() {
                self.producer.purge(PurgeConfig::default().queue());
                purged = true;
            }
            let left = u64::try_from(self.producer.in_flight_count()).unwrap_or(0);
            if left == 0 || Instant::now() >= deadline {
                return left;
            }
        }
    }
}

/// One partition to restore: where it goes and what the target holds now.
pub struct RestoreJob {
    pub target: String,
    pub partition: i32,
    pub backup: PartitionBackup,
    pub low: i64,
    pub high: i64,
    /// The target replaces timestamps (LogAppendTime): compare without them.
    pub ignore_timestamp: bool,
}

pub struct Restored {
    pub written: u64,
    /// Records the target partitions already held (an earlier, interrupted restore).
    pub already: u64,
    /// Per target partition: the target offset of its first restored record and the source
    /// offsets of the restored records, in order (for the group offsets).
    pub sources: crate::backup::offsets::RestoredOffsets,
    /// Stopped by Ctrl-C / SIGTERM: `written` counts the acknowledged records only.
    pub interrupted: bool,
}

/// What a running restore tells its caller and asks it.
pub struct RestoreHooks<'a> {
    /// Records written (or found already there), now and then.
    pub progress: &'a dyn Fn(u64),
    /// Ctrl-C / SIGTERM: stop between two records.
    pub stop: &'a dyn Fn() -> bool,
}

/// Restores each partition. First every target partition is read and compared with the
/// backup: one that is not exactly a prefix of it is refused before anything is written (exit
/// 2). Then the rest of each partition is sent, in order, and every record must be
/// acknowledged. Blocking.
pub fn restore_partitions(
    kafka: &Kafka,
    dir: &Path,
    jobs: &[RestoreJob],
    until: Option<i64>,
    stall: Duration,
    limits: (u64, u64),
    hooks: RestoreHooks<'_>,
) -> Result<Restored> {
    let RestoreHooks { progress, stop } = hooks;
    let mut skips = Vec::with_capacity(jobs.len());
    for j in jobs {
        let mut matcher =
            Matcher::new(partition_records(dir, &j.backup, until), j.ignore_timestamp);
        let range = ReadRange {
            topic: j.target.clone(),
            partition: j.partition,
            from: j.low,
            end: j.high,
        };
        read_partitions(kafka, &[range], stall, stop, &mut |_, r| {
            matcher.actual(&r.to_record()).map_err(file_error)
        })?;
        if stop() {
            return Err(crate::exit::Interrupted.into());
        }
        let label = format!("{}[{}]", j.target, j.partition);
        let compared = matcher.prefix();
        skips.push(resume_after(&label, &compared).map_err(InputError::new)?);
    }
    let producer = RestoreProducer::new(kafka, Some(limits))?;
    if let Some(j) = jobs.first() {
        super::producer::prompt_producer_id(&producer.producer, &j.target, kafka.timeout);
    }
    let mut out = Restored {
        written: 0,
        already: skips.iter().sum(),
        sources: BTreeMap::new(),
        interrupted: false,
    };
    progress(out.already);
    let mut tallies = Vec::new();
    for (j, skip) in jobs.iter().zip(skips) {
        let tally = Arc::new(Tally::default());
        let mut sources = Vec::new();
        let mut sent = 0u64;
        let topic = producer.topic(&j.target)?;
        let mut seen = 0u64;
        'records: for file in segment_files(dir, &j.backup, until) {
            let mut segment = SegmentReader::open(&file).map_err(file_error)?;
            while let Some(r) = segment.next_view().map_err(file_error)? {
                if until.is_some_and(|u| r.timestamp > u) {
                    continue;
                }
                sources.push(r.offset);
                seen += 1;
                if seen <= skip {
                    continue;
                }
                if stop() {
                    out.interrupted = true;
                    break 'records;
                }
                if let Err(e) = producer.send(&topic, (&j.target, j.partition), &r, &tally) {
                    // Denied before this record: librdkafka refuses every send from then on.
                    return Err(match producer.denied_fatally() {
                        true => write_denied(kafka, &format!("{}[{}]", j.target, j.partition)),
                        false => e,
                    });
                }
                sent += 1;
                if sent % 1024 == 0 {
                    progress(1024);
                    producer.poll();
                }
            }
        }
        progress(sent % 1024);
        out.written += sent;
        tallies.push((format!("{}[{}]", j.target, j.partition), tally, sent));
        out.sources
            .insert((j.target.clone(), j.partition), (j.low, sources));
        if out.interrupted {
            break;
        }
    }
    let left = producer.finish(stop);
    out.interrupted |= stop();
    let fatal_denial = producer.denied_fatally();
    for (label, tally, sent) in &tallies {
        if tally.write_denied() || (fatal_denial && tally.acked() < *sent) {
            return Err(write_denied(kafka, label));
        }
        if out.interrupted {
            continue;
        }
        if tally.acked() < *sent || left > 0 {
            return Err(anyhow!(
                "{label}: {} of {sent} records not acknowledged ({}); run the same restore again \
to resume: what was written is kept and not written twice",
                sent - tally.acked().min(*sent),
                tally
                    .first_error()
                    .unwrap_or_else(|| "no delivery report within the timeout".into())
            ));
        }
    }
    if out.interrupted {
        // What the broker acknowledged is written; the rest is for the next run, which
        // continues after what the target then holds.
        out.written = tallies
            .iter()
            .map(|(_, t, sent)| t.acked().min(*sent))
            .sum();
        return Ok(out);
    }
    // Everything is acknowledged: nothing is left to flush on the way out.
    std::mem::forget(producer);
    Ok(out)
}

/// "cannot restore T[P]": WRITE on the topic denied, and the grant that allows it.
fn write_denied(kafka: &Kafka, label: &str) -> anyhow::Error {
    let topic = label.rsplit_once('[').map_or(label, |(t, _)| t);
    anyhow!(super::errors::denied(
        &format!("cannot restore {label}"),
        "WRITE",
        "Topic",
        &[topic],
        &consumer::principal(kafka),
        "TopicAuthorizationFailed",
    ))
}

/// An `io::Error` of a backup file, for `?` in a record callback.
pub fn file_error(e: io::Error) -> anyhow::Error {
    anyhow!("cannot read the backup: {e}")
}
