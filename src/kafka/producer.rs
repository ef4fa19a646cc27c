//! The event producer: durable by default and pipelined for bulk.
//!
//! - Durable: `acks=all` and the idempotent producer (no duplicates or reordering on retry).
//!   An event counts as sent only when its delivery report says the broker acknowledged it.
//! - Pipelined: events are queued in librdkafka and batched (`linger.ms`, lz4); sending never
//!   waits for one event before the next. When the queue is full, delivery reports are served
//!   until there is room.
//! - Bounded: every event is acknowledged or failed within `--timeout` of being queued
//!   (`message.timeout.ms`), so nothing hangs on a broker that went away.
//! - Keys are partitioned with `murmur2_random`, the Java client's partitioner, so events of one
//!   entity land on the same partition as they would from a Java or kafka-python producer
//!   (`-X partitioner=consistent_random` for librdkafka's default).

use std::ffi::CStr;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use rdkafka::bindings::rd_kafka_resp_err_t as RDKafkaRespErr;
use rdkafka::config::ClientConfig;
use rdkafka::error::KafkaError;
use rdkafka::message::Message;
use rdkafka::producer::{BaseProducer, DeliveryResult, Producer, ProducerContext, PurgeConfig};

use super::errors::describe_error;
use super::ffi::TopicHandle;
use super::{millis, ErrorCapture, Kafka};

/// The header that repeats the event type (see `events::envelope::EVENT_TYPE_HEADER`).
const EVENT_TYPE_HEADER: &CStr = c"event_type";

/// librdkafka's upper bound for `message.max.bytes`.
const MAX_MESSAGE_MAX_BYTES: u64 = 1_000_000_000;
/// librdkafka's default `batch.size`.
const DEFAULT_BATCH_SIZE: u64 = 1_000_000;

/// What happened to the events sent to one topic.
#[derive(Debug, Default)]
pub struct Tally {
    queued: AtomicU64,
    acked: AtomicU64,
    failed: AtomicU64,
    /// Dropped from librdkafka's queue before they were sent ([`EventProducer::drop_unsent`]).
    unsent: AtomicU64,
    last_partition: AtomicI64,
    last_offset: AtomicI64,
    first_error: Mutex<Option<String>>,
    /// The broker refused the principal WRITE on the topic.
    write_denied: AtomicBool,
    settled: AtomicBool,
}

impl Tally {
    /// Events acknowledged by the broker.
    pub fn acked(&self) -> u64 {
        self.acked.load(Ordering::Acquire)
    }

    /// Events not acknowledged: failed, or still unaccounted for when the wait ended.
    pub fn failed(&self) -> u64 {
        self.failed.load(Ordering::Acquire)
    }

    pub fn queued(&self) -> u64 {
        self.queued.load(Ordering::Acquire)
    }

    /// Partition and offset of the last acknowledged event.
    pub fn last_position(&self) -> (i32, i64) {
        (
            self.last_partition.load(Ordering::Acquire) as i32,
            self.last_offset.load(Ordering::Acquire),
        )
    }

    /// The first reason an event of this topic was not acknowledged.
    pub fn first_error(&self) -> Option<String> {
        self.first_error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn ack(&self, partition: i32, offset: i64) {
        if self.settled.load(Ordering::Acquire) {
            return;
        }
        self.last_partition
            .store(i64::from(partition), Ordering::Release);
        self.last_offset.store(offset, Ordering::Release);
        self.acked.fetch_add(1, Ordering::AcqRel);
    }

    /// Whether a report said the broker denied WRITE on the topic (TopicAuthorizationFailed).
    pub fn write_denied(&self) -> bool {
        self.write_denied.load(Ordering::Acquire)
    }

    fn fail(&self, error: &KafkaError) {
        use rdkafka::types::RDKafkaErrorCode;
        match error.rdkafka_error_code() {
            // Never left this process: not sent, not a failure of the broker.
            Some(RDKafkaErrorCode::PurgeQueue) if !self.settled.load(Ordering::Acquire) => {
                self.unsent.fetch_add(1, Ordering::AcqRel);
                return;
            }
            Some(RDKafkaErrorCode::TopicAuthorizationFailed) => {
                self.write_denied.store(true, Ordering::Release);
            }
            _ => {}
        }
        self.fail_with(describe_error(error), 1);
    }

    fn fail_with(&self, reason: String, n: u64) {
        if self.settled.load(Ordering::Acquire) {
            return;
        }
        let mut first = self.first_error.lock().unwrap_or_else(|e| e.into_inner());
        if first.is_none() {
            *first = Some(reason);
        }
        self.failed.fetch_add(n, Ordering::AcqRel);
    }
}

impl Tally {
    /// Once the wait is over: a queued event without a report counts as not acknowledged.
    fn settle(&self) {
        let open = self
            .queued()
            .saturating_sub(self.acked())
            .saturating_sub(self.failed())
            .saturating_sub(self.unsent.load(Ordering::Acquire));
        if open > 0 {
            self.fail_with("no delivery report within the timeout".into(), open);
        }
        // From now on the counts are final: a late report (a purge when the producer is
        // dropped) must not count an event twice.
        self.settled.store(true, Ordering::Release);
    }
}

/// The delivery callback: each queued event carries the tally of its topic. The reports are
/// served on the thread that sends, so librdkafka frees each event where it was allocated
/// (much cheaper with glibc's allocator than freeing on the broker thread, as
/// `delivery.report.only.error` would).
impl ProducerContext for ErrorCapture {
    type DeliveryOpaque = Arc<Tally>;

    fn delivery(&self, result: &DeliveryResult<'_>, tally: Arc<Tally>) {
        match result {
            Ok(message) => tally.ack(message.partition(), message.offset()),
            Err((error, _)) => tally.fail(error),
        }
    }
}

/// With librdkafka's queue full: serves the delivery reports that are ready (they make room),
/// or, with none ready yet, waits a moment. Not `poll(1 ms)`: rust-rdkafka's poll truncates
/// what is left of its slice to whole milliseconds and spins through the last one (all of a
/// 1 ms slice), which cost restore 15 % of its main thread (perf) on a CPU-bound machine.
pub fn wait_for_room(producer: &BaseProducer<ErrorCapture>) {
    let before = producer.in_flight_count();
    producer.poll(Duration::ZERO);
    if producer.in_flight_count() == before {
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Makes a new idempotent producer ask for its producer id now rather than in half a second.
///
/// librdkafka ≥ 2.10 drops the bootstrap connection as soon as the first metadata answer names
/// the brokers; the producer asks for its id on that answer, finds no broker up in that instant
/// ("No brokers available for Idempotent producer") and waits out a fixed 500 ms timer before
/// asking again — every run paid it (a 2,000-record restore: 0.51 s to its acknowledgements).
/// Every metadata answer makes it ask again: the first request may still be answered on the
/// bootstrap connection, the second comes from a broker that stays (72 ms, 8 runs of 8).
/// Failures are ignored: sending reports them, and the timer still runs.
pub fn prompt_producer_id(producer: &BaseProducer<ErrorCapture>, topic: &str, timeout: Duration) {
    let wait = timeout.min(Duration::from_secs(1));
    for _ in 0..2 {
        if producer.client().fetch_metadata(Some(topic), wait).is_err() {
            return;
        }
    }
}

/// The producer's settings on top of [`Kafka::base_config`]; `-X` can override any of them.
/// `limits`: the largest and the smallest `max.message.bytes` of the target topics.
pub fn config(kafka: &Kafka, limits: Option<(u64, u64)>) -> ClientConfig {
    let mut c = kafka.base_config();
    c.set("acks", "all")
        .set("enable.idempotence", "true")
        .set("compression.type", "lz4")
        .set("linger.ms", "10")
        .set("batch.num.messages", "100000")
        .set("queue.buffering.max.messages", "100000")
        .set("queue.buffering.max.kbytes", "65536")
        .set("partitioner", "murmur2_random")
        .set(
            "message.timeout.ms",
            millis(kafka.timeout).max(50).to_string(),
        );
    if let Some((largest, smallest)) = limits {
        // Every event was checked against its own topic's limit before sending; let librdkafka
        // take the largest, and keep batches within the smallest, since the broker checks
        // batches against the topic's max.message.bytes.
        c.set(
            "message.max.bytes",
            largest.clamp(1000, MAX_MESSAGE_MAX_BYTES).to_string(),
        )
        .set(
            "batch.size",
            smallest.clamp(1, DEFAULT_BATCH_SIZE).to_string(),
        );
    }
    c
}

/// What became of the events handed to [`EventProducer::send`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queued {
    Yes,
    /// librdkafka refused it outright (recorded as failed in the topic's tally).
    Refused,
    /// The queue was full and `stop` said to give up waiting for room: not queued.
    Stopped,
    /// The queue stayed full with no delivery report for longer than the timeout: not queued.
    Stuck,
}

pub struct EventProducer {
    producer: BaseProducer<ErrorCapture>,
    context: ErrorCapture,
    kafka: Kafka,
}

impl EventProducer {
    pub fn new(kafka: &Kafka, limits: Option<(u64, u64)>) -> Result<EventProducer> {
        let (producer, context) =
            kafka.create::<BaseProducer<ErrorCapture>>(config(kafka, limits))?;
        Ok(EventProducer {
            producer,
            context,
            kafka: kafka.clone(),
        })
    }

    /// Queues one event. When librdkafka's queue is full, serves delivery reports until there
    /// is room; it never waits for this event's own acknowledgement.
    /// A handle for sending to `topic` (made once per topic: see `ffi::TopicHandle`).
    pub fn topic(&self, topic: &str) -> Result<TopicHandle<'_, ErrorCapture>> {
        TopicHandle::new(&self.producer, topic)
            .ok_or_else(|| anyhow::anyhow!("cannot prepare topic '{topic}' for sending"))
    }

    /// Queues one event. When librdkafka's queue is full, waits for room (serving failure
    /// reports) unless `stop` says otherwise; it never waits for this event's own
    /// acknowledgement.
    pub fn send(
        &self,
        topic: &TopicHandle<'_, ErrorCapture>,
        (key, value, event_type): (&str, &[u8], &str),
        tally: &Arc<Tally>,
        stop: &dyn Fn() -> bool,
    ) -> Result<Queued> {
        let header = (EVENT_TYPE_HEADER, event_type.as_bytes());
        let mut opaque = tally.clone();
        // When the queue is full: since when no report made room, and how many were waiting.
        let mut waiting: Option<(Instant, u64)> = None;
        loop {
            match topic.produce(key.as_bytes(), value, header, opaque) {
                Ok(()) => {
                    tally.queued.fetch_add(1, Ordering::AcqRel);
                    return Ok(Queued::Yes);
                }
                Err((RDKafkaRespErr::RD_KAFKA_RESP_ERR__QUEUE_FULL, back)) => {
                    if stop() {
                        return Ok(Queued::Stopped);
                    }
                    opaque = back;
                    let in_flight = self.in_flight();
                    let (since, before) = match waiting {
                        Some((_, before)) if in_flight < before => (Instant::now(), in_flight),
                        Some(w) => w,
                        None => (Instant::now(), in_flight),
                    };
                    waiting = Some((since, before));
                    // Every queued event is acknowledged or times out within the timeout, so
                    // no report at all for longer than that means the client itself is stuck.
                    if since.elapsed() > self.kafka.timeout + Duration::from_secs(5) {
                        return Ok(Queued::Stuck);
                    }
                    wait_for_room(&self.producer);
                }
                Err((code, back)) => {
                    back.fail(&KafkaError::MessageProduction(code.into()));
                    return Ok(Queued::Refused);
                }
            }
        }
    }

    /// See [`prompt_producer_id`].
    pub fn prompt_producer_id(&self, topic: &str) {
        prompt_producer_id(&self.producer, topic, self.kafka.timeout);
    }

    /// `--timeout`: how long an event may wait for its acknowledgement.
    pub fn timeout(&self) -> Duration {
        self.kafka.timeout
    }

    /// Serves a delivery report that is ready, without waiting.
    pub fn poll(&self) {
        self.producer.poll(Duration::ZERO);
    }

    /// What [`Queued::Stuck`] means, for a caller that cannot go on without the event.
    pub fn stuck_error(&self) -> anyhow::Error {
        self.kafka
            .unreachable(self.context.last_error(), "sending events")
    }

    /// Drops the events still waiting in librdkafka's queue (never sent; counted as not sent,
    /// see [`Tally`]); those already on the wire are still reported.
    pub fn drop_unsent(&self) {
        self.producer.purge(PurgeConfig::default().queue());
    }

    /// Events handed to librdkafka and not yet acknowledged or failed.
    pub fn in_flight(&self) -> u64 {
        u64::try_from(self.producer.in_flight_count()).unwrap_or(0)
    }

    /// Waits until every queued event was acknowledged or failed, at most `timeout` (+ slack),
    /// settles the tallies and returns how many events are still unaccounted for (0 unless
    /// librdkafka is stuck; those count as not acknowledged).
    pub fn finish(&self, timeout: Duration, tallies: &[&Tally]) -> u64 {
        let deadline = Instant::now() + timeout + Duration::from_secs(2);
        let left = loop {
            // Serves delivery reports for a few milliseconds (rust-rdkafka waits out the
            // whole slice), then checks what is left.
            self.producer.poll(Duration::from_millis(5));
            // The count includes delivery reports not yet served: 0 means all were handled.
            let left = self.in_flight();
            if left == 0 || Instant::now() >= deadline {
                break left;
            }
        };
        if left > 0 {
            // Purge what is still queued or in flight and serve those reports now, so that
            // they are counted here and not fired again when the producer is dropped.
            self.producer
                .purge(PurgeConfig::default().queue().inflight());
            let until = Instant::now() + Duration::from_millis(500);
            while self.in_flight() > 0 && Instant::now() < until {
                self.producer.poll(Duration::from_millis(5));
            }
        }
        for t in tallies {
            t.settle();
        }
        left
    }

    /// The last error librdkafka reported (connection refused, authentication...).
    pub fn last_error(&self) -> Option<String> {
        self.context.last_error()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rdkafka::error::RDKafkaErrorCode;

    fn kafka(timeout: Duration) -> Kafka {
        Kafka {
            bootstrap: "h:1".into(),
            properties: vec![],
            timeout,
        }
    }

    #[test]
    fn the_header_is_the_envelopes() {
        assert_eq!(
            EVENT_TYPE_HEADER.to_str().unwrap(),
            crate::events::envelope::EVENT_TYPE_HEADER
        );
    }

    #[test]
    fn durable_and_bounded_by_the_timeout() {
        let c = config(&kafka(Duration::from_secs(7)), None);
        assert_eq!(c.get("acks"), Some("all"));
        assert_eq!(c.get("enable.idempotence"), Some("true"));
        assert_eq!(c.get("message.timeout.ms"), Some("7000"));
        assert_eq!(c.get("allow.auto.create.topics"), Some("false"));
        assert_eq!(c.get("message.max.bytes"), None);
        assert_eq!(
            c.get("delivery.report.only.error"),
            None,
            "every event is reported"
        );
    }

    #[test]
    fn message_size_follows_the_topics() {
        let c = config(&kafka(Duration::from_secs(1)), Some((5_242_880, 1_048_460)));
        assert_eq!(c.get("message.max.bytes"), Some("5242880"));
        assert_eq!(c.get("batch.size"), Some("1000000"));
        let c = config(&kafka(Duration::from_secs(1)), Some((u64::MAX, 900)));
        assert_eq!(c.get("message.max.bytes"), Some("1000000000"));
        assert_eq!(c.get("batch.size"), Some("900"));
    }

    #[test]
    fn tallies_count_and_keep_the_first_error() {
        let t = Tally::default();
        t.ack(2, 41);
        t.ack(1, 7);
        t.fail(&KafkaError::MessageProduction(
            RDKafkaErrorCode::MessageSizeTooLarge,
        ));
        t.fail(&KafkaError::MessageProduction(
            RDKafkaErrorCode::MessageTimedOut,
        ));
        assert_eq!((t.acked(), t.failed()), (2, 2));
        assert_eq!(t.last_position(), (1, 7));
        assert!(t
            .first_error()
            .unwrap()
            .contains("larger than the broker accepts"));
    }

    #[test]
    fn events_without_a_report_count_as_not_acknowledged() {
        let t = Tally::default();
        t.queued.store(3, Ordering::Release);
        t.ack(0, 5);
        t.fail(&KafkaError::MessageProduction(
            RDKafkaErrorCode::MessageTimedOut,
        ));
        t.settle();
        assert_eq!((t.acked(), t.failed()), (1, 2));
        assert!(t.first_error().unwrap().contains("within the timeout"));
    }
}
