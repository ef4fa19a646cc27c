//! The consumer behind `tail`.
//!
//! Without `--group` it never joins or commits to a consumer group: partitions are assigned
//! explicitly at explicit offsets (`assign`, no `subscribe`), auto-commit is off and nothing is
//! ever committed, so tailing cannot disturb the services' groups or leave a group behind.
//! librdkafka needs a `group.id` even to assign; a throwaway one is set and never used.
//!
//! With `--group G` it is an ordinary member of G: it subscribes, starts at G's committed offsets
//! and commits the offsets of the events it has written out.
//!
//! [`EventConsumer::read`] is the reading loop: it hands each record to a [`Sink`] (the printer),
//! stops at `--max`, `--until-end` or an interrupt, and gives up on an error retrying cannot
//! mend, or on no progress to the end within the timeout.
//!
//! Memory stays bounded: the prefetch queue is capped (`queued.max.messages.kbytes`) and
//! fetches are limited (`fetch.max.bytes`).

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::error::KafkaError;
use rdkafka::message::{BorrowedMessage, Headers, Message};
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::{Offset, TopicPartitionList};

use super::{ErrorCapture, Kafka};
use crate::events::record::Record;
use crate::interrupt::Interrupt;
use crate::names::TopicPartition;
use crate::tail::{EndTracker, Sink, Stop};

/// Prefix of the throwaway `group.id` of a group-less tail (never joined, never committed).
pub const THROWAWAY_GROUP_PREFIX: &str = "spm-kafka-tail-unused-";

/// How the consumer takes part (or not) in a consumer group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Membership {
    /// Explicit assignment, no group: nothing joined, nothing committed.
    None,
    /// A member of this group; `from_beginning` decides where a partition without a committed
    /// offset starts.
    Group { id: String, from_beginning: bool },
}

/// The consumer's settings on top of [`Kafka::base_config`]; `-X` can override any of them.
pub fn config(kafka: &Kafka, membership: &Membership) -> ClientConfig {
    let mut c = kafka.base_config();
    c.set("enable.partition.eof", "true")
        .set("fetch.wait.max.ms", "100")
        .set("fetch.max.bytes", "8388608")
        .set("queued.max.messages.kbytes", "16384")
        // Prefetch per partition: 5,000 keeps a 1,000,000-event read near 50 MB peak RSS and
        // is faster than 20,000 (less memory to touch); see BENCHMARKS.md.
        .set("queued.min.messages", "5000")
        // When the prefetch queue is full, fetch again as soon as there is room (librdkafka's
        // default waits a whole second, which leaves the consumer idle most of the time).
        .set("fetch.queue.backoff.ms", "1")
        .set("session.timeout.ms", "10000");
    match membership {
        Membership::None => {
            c.set(
                "group.id",
                format!("{THROWAWAY_GROUP_PREFIX}{}", uuid::Uuid::new_v4()),
            )
            .set("enable.auto.commit", "false")
            .set("enable.auto.offset.store", "false")
            // An explicit start offset that retention removed meanwhile: the earliest left.
            .set("auto.offset.reset", "earliest");
        }
        Membership::Group { id, from_beginning } => {
            c.set("group.id", id)
                .set("enable.auto.commit", "true")
                // Offsets are stored only once the events were written out.
                .set("enable.auto.offset.store", "false")
                .set(
                    "auto.offset.reset",
                    if *from_beginning {
                        "earliest"
                    } else {
                        "latest"
                    },
                );
        }
    }
    c
}

/// One result of [`EventConsumer::poll`].
pub enum Polled<'a> {
    /// A record; [`record`] gives the view the printers take.
    Message(BorrowedMessage<'a>),
    /// The consumer reached the end of a partition (librdkafka names the partition only).
    EndOfPartition,
    /// Nothing arrived within the poll timeout.
    Idle,
    /// A consumer error. librdkafka keeps retrying a transient one; `permanent` is set, with
    /// the message for people, when retrying cannot help (access denied, topic deleted), and
    /// the command should end (exit 1) rather than wait forever.
    Error {
        text: String,
        permanent: Option<String>,
    },
}

/// The principal librdkafka authenticates as, for advice (`User:NAME` for SASL; otherwise
/// whatever the listener maps the connection to).
pub(super) fn principal(kafka: &Kafka) -> String {
    kafka
        .properties
        .iter()
        .find(|(k, _)| k == "sasl.username")
        .map_or("<your principal>".to_string(), |(_, v)| format!("User:{v}"))
}

/// Why a consumer error is final, in words that say which operation on which resource was
/// denied and what grants it; `None` for an error librdkafka retries. `topics` are the
/// topics being read; `group` the group joined (`None`: group-less, whose throwaway group id
/// is never used, so a group authorization error there is not ours to fail on).
pub fn permanent_cause(
    code: Option<RDKafkaErrorCode>,
    topics: &[String],
    group: Option<&str>,
    principal: &str,
) -> Option<String> {
    let topic_list = topics.join(", ");
    let names: Vec<&str> = topics.iter().map(String::as_str).collect();
    match code? {
        RDKafkaErrorCode::TopicAuthorizationFailed => Some(super::errors::denied(
            &format!("not allowed to read topic {topic_list}"),
            "READ",
            "Topic",
            &names,
            principal,
            "TopicAuthorizationFailed",
        )),
        RDKafkaErrorCode::GroupAuthorizationFailed => group.map(|g| {
            super::errors::denied(
                &format!("not allowed to use consumer group '{g}'"),
                "READ",
                "Group",
                &[g],
                principal,
                "GroupAuthorizationFailed",
            ) + "; or tail without --group"
        }),
        RDKafkaErrorCode::UnknownTopicOrPartition | RDKafkaErrorCode::UnknownTopic => Some(
            format!("topic {topic_list} no longer exists (deleted while reading)"),
        ),
        _ => None,
    }
}

pub struct EventConsumer {
    /// The topics read, for messages about them.
    topics: Vec<String>,
    consumer: BaseConsumer<ErrorCapture>,
    context: ErrorCapture,
    kafka: Kafka,
    membership: Membership,
}

impl EventConsumer {
    /// Reads exactly these partitions from these offsets, outside any group.
    pub fn assigned(kafka: &Kafka, starts: &[(TopicPartition, i64)]) -> Result<EventConsumer> {
        let membership = Membership::None;
        let (consumer, context) =
            kafka.create::<BaseConsumer<ErrorCapture>>(config(kafka, &membership))?;
        let mut tpl = TopicPartitionList::with_capacity(starts.len());
        for (TopicPartition { topic, partition }, offset) in starts {
            tpl.add_partition_offset(topic, *partition, Offset::Offset(*offset))
                .with_context(|| format!("cannot start {topic}[{partition}] at {offset}"))?;
        }
        consumer
            .assign(&tpl)
            .context("cannot assign the partitions to read")?;
        let mut topics: Vec<String> = starts.iter().map(|(tp, _)| tp.topic.clone()).collect();
        topics.dedup();
        Ok(EventConsumer {
            topics,
            consumer,
            context,
            kafka: kafka.clone(),
            membership,
        })
    }

    /// A member-to-be of `group` that will read `topics`: nothing is joined until
    /// [`EventConsumer::subscribe`], so its committed offsets can be read first.
    pub fn for_group(
        kafka: &Kafka,
        group: &str,
        topics: &[String],
        from_beginning: bool,
    ) -> Result<EventConsumer> {
        let membership = Membership::Group {
            id: group.to_string(),
            from_beginning,
        };
        let (consumer, context) =
            kafka.create::<BaseConsumer<ErrorCapture>>(config(kafka, &membership))?;
        Ok(EventConsumer {
            topics: topics.to_vec(),
            consumer,
            context,
            kafka: kafka.clone(),
            membership,
        })
    }

    /// Joins the group and reads the topics from its committed offsets.
    pub fn subscribe(&self, topics: &[String]) -> Result<()> {
        let names: Vec<&str> = topics.iter().map(String::as_str).collect();
        self.consumer
            .subscribe(&names)
            .with_context(|| match &self.membership {
                Membership::Group { id, .. } => format!("cannot join consumer group '{id}'"),
                Membership::None => "cannot subscribe".to_string(),
            })
    }

    pub fn poll(&self, timeout: Duration) -> Polled<'_> {
        match self.consumer.poll(timeout) {
            None => Polled::Idle,
            Some(Ok(message)) => Polled::Message(message),
            Some(Err(KafkaError::PartitionEOF(_))) => Polled::EndOfPartition,
            Some(Err(e)) => {
                let group = match &self.membership {
                    Membership::None => None,
                    Membership::Group { id, .. } => Some(id.as_str()),
                };
                let permanent = permanent_cause(
                    e.rdkafka_error_code(),
                    &self.topics,
                    group,
                    &principal(&self.kafka),
                );
                let text = match self.context.last_error() {
                    Some(cause) => format!("{e} ({})", super::simplify_cause(&cause)),
                    None => e.to_string(),
                };
                Polled::Error { text, permanent }
            }
        }
    }

    /// The next offset to read of each assigned partition, where librdkafka knows it.
    pub fn positions(&self) -> BTreeMap<TopicPartition, i64> {
        let mut out = BTreeMap::new();
        if let Ok(tpl) = self.consumer.position() {
            for e in tpl.elements() {
                if let Offset::Offset(o) = e.offset() {
                    out.insert(TopicPartition::new(e.topic(), e.partition()), o);
                }
            }
        }
        out
    }

    /// The partitions currently assigned (for a group member, after a rebalance).
    pub fn assignment(&self) -> Vec<TopicPartition> {
        self.consumer
            .assignment()
            .map(|tpl| {
                tpl.elements()
                    .iter()
                    .map(|e| TopicPartition::new(e.topic(), e.partition()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The group's committed offsets of these partitions (group members only).
    pub fn committed(
        &self,
        partitions: &[TopicPartition],
    ) -> Result<BTreeMap<TopicPartition, i64>> {
        let mut tpl = TopicPartitionList::with_capacity(partitions.len());
        for tp in partitions {
            tpl.add_partition(&tp.topic, tp.partition);
        }
        let committed = self
            .consumer
            .committed_offsets(tpl, self.kafka.timeout)
            .map_err(|e| {
                let group = match &self.membership {
                    Membership::None => None,
                    Membership::Group { id, .. } => Some(id.as_str()),
                };
                // Access denied is said as such; only the rest is "cannot reach".
                match permanent_cause(
                    e.rdkafka_error_code(),
                    &self.topics,
                    group,
                    &principal(&self.kafka),
                ) {
                    Some(why) => anyhow::anyhow!(why),
                    None => self
                        .kafka
                        .unreachable(self.context.last_error(), "reading the group's offsets"),
                }
            })?;
        Ok(committed
            .elements()
            .iter()
            .filter_map(|e| match e.offset() {
                Offset::Offset(o) => Some((TopicPartition::new(e.topic(), e.partition()), o)),
                _ => None,
            })
            .collect())
    }

    /// Marks these events as done, to be committed (group members only; no-op otherwise).
    pub fn store(&self, done: &BTreeMap<TopicPartition, i64>) -> Result<()> {
        if self.membership == Membership::None || done.is_empty() {
            return Ok(());
        }
        let mut tpl = TopicPartitionList::with_capacity(done.len());
        for (tp, next) in done {
            tpl.add_partition_offset(&tp.topic, tp.partition, Offset::Offset(*next))?;
        }
        // A partition revoked meanwhile cannot be stored; its new owner re-reads those events.
        let _ = self.consumer.store_offsets(&tpl);
        Ok(())
    }

    /// Starts committing the stored offsets (group members only; no-op otherwise). The commit
    /// completes within [`EventConsumer::close`], which waits for it — bounded by the timeout,
    /// where a synchronous commit would wait without limit for a broker that went away.
    pub fn commit(&self) -> Result<()> {
        if self.membership == Membership::None {
            return Ok(());
        }
        match self.consumer.commit_consumer_state(CommitMode::Async) {
            Ok(())
            | Err(KafkaError::ConsumerCommit(rdkafka::types::RDKafkaErrorCode::NoOffset)) => Ok(()),
            Err(e) => Err(anyhow::Error::from(e).context("cannot commit the group's offsets")),
        }
    }

    /// Closes the consumer: a group member finishes its commit and leaves the group, so the
    /// group is Empty at once (not after `session.timeout.ms`). Waits at most `timeout`; returns
    /// whether the consumer closed. One that did not (the broker went away) is abandoned rather
    /// than dropped: rust-rdkafka's drop would wait for the close without limit.
    /// Outside a group there is nothing to commit or leave: the consumer is let go without the
    /// close (over a second with the broker gone), as the process ends right after.
    pub fn close(self, timeout: Duration) -> bool {
        if self.membership == Membership::None {
            std::mem::forget(self);
            return true;
        }
        let deadline = Instant::now() + timeout;
        if self.consumer.close_queue().is_err() {
            std::mem::forget(self);
            return false;
        }
        while !self.consumer.closed() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                std::mem::forget(self);
                return false;
            }
            // Serves the revocation and the commit's result; messages still queued are dropped.
            let _ = self.consumer.poll(left.min(Duration::from_millis(50)));
        }
        true
    }
}

/// How a reading loop reads: when it is done, and how often what it wrote goes out.
pub struct Reading {
    /// `--max`: stop after this many records written out.
    pub max: Option<u64>,
    /// `--until-end`: the end offsets to reach.
    pub tracker: Option<EndTracker>,
    /// Flush after every record (a terminal), else every 200 ms and when idle.
    pub flush_each: bool,
    pub timeout: Duration,
    pub interrupt: Interrupt,
}

impl EventConsumer {
    /// Reads and hands every record to `sink` until `--max`, `--until-end`, a closed stdout
    /// (BrokenPipe), Ctrl-C or SIGTERM; whatever the way out, the caller closes the consumer.
    /// A group member stores the offsets of what was written out once it is flushed.
    pub fn read(&self, reading: &mut Reading, sink: &mut impl Sink) -> Result<Stop> {
        let group = self.membership != Membership::None;
        let mut shown = 0u64;
        let mut last_flush = Instant::now();
        let mut last_progress = Instant::now();
        let mut warned: HashSet<String> = HashSet::new();
        // Group members: offsets of what was written, stored once it is flushed.
        let mut written: BTreeMap<TopicPartition, i64> = BTreeMap::new();
        let poll = Duration::from_millis(100);
        let mut stop = Stop::Done;
        loop {
            if reading.interrupt.is_set() {
                stop = Stop::Interrupted;
                break;
            }
            let check_end = match self.poll(poll) {
                Polled::Message(message) => {
                    last_progress = Instant::now();
                    let r = record(&message);
                    if let Some(t) = &mut reading.tracker {
                        t.advance(r.topic, r.partition, r.offset + 1);
                    }
                    if sink.record(&r)? {
                        shown += 1;
                    }
                    if group {
                        written.insert(TopicPartition::new(r.topic, r.partition), r.offset + 1);
                    }
                    if reading.flush_each || last_flush.elapsed() > Duration::from_millis(200) {
                        self.flush(sink, &mut written)?;
                        last_flush = Instant::now();
                    }
                    if reading.max.is_some_and(|m| shown >= m) {
                        break;
                    }
                    reading.tracker.as_ref().is_some_and(EndTracker::all_done) || group
                }
                Polled::EndOfPartition => {
                    last_progress = Instant::now();
                    true
                }
                Polled::Idle => {
                    self.flush(sink, &mut written)?;
                    last_flush = Instant::now();
                    true
                }
                Polled::Error { text: e, permanent } => {
                    if let Some(why) = permanent {
                        // Retrying cannot help (access denied, topic deleted): end, exit 1.
                        self.flush(sink, &mut written)?;
                        return Err(anyhow::anyhow!(why));
                    }
                    if warned.insert(e.clone()) {
                        sink.warn(&e);
                    }
                    if reading.tracker.is_some() && last_progress.elapsed() > reading.timeout {
                        self.flush(sink, &mut written)?;
                        return Err(anyhow::anyhow!(
                            "no progress reading to the end within {}: {e}",
                            crate::duration::humanize(reading.timeout)
                        ));
                    }
                    false
                }
            };
            if check_end && self.finished(&mut reading.tracker) {
                break;
            }
        }
        self.flush(sink, &mut written)?;
        self.commit()?;
        Ok(stop)
    }

    /// With `--until-end`: every partition (of a group member: every assigned one) is done.
    fn finished(&self, tracker: &mut Option<EndTracker>) -> bool {
        let Some(tracker) = tracker else {
            return false;
        };
        if !tracker.all_done() {
            // Positions also move past records that are never delivered (transaction markers).
            for (tp, next) in self.positions() {
                tracker.advance(&tp.topic, tp.partition, next);
            }
        }
        if self.membership != Membership::None {
            tracker.done_for(&self.assignment())
        } else {
            tracker.all_done()
        }
    }

    /// Writes out what the sink holds, then stores the offsets of what was written.
    fn flush(
        &self,
        sink: &mut impl Sink,
        written: &mut BTreeMap<TopicPartition, i64>,
    ) -> Result<()> {
        sink.flush()?;
        if !written.is_empty() {
            self.store(written)?;
            written.clear();
        }
        Ok(())
    }
}

/// The parts of a consumed message, borrowed from it.
pub fn record<'m>(m: &'m BorrowedMessage<'_>) -> Record<'m> {
    let headers = m
        .headers()
        .map(|h| h.iter().map(|h| (h.key, h.value)).collect())
        .unwrap_or_default();
    Record {
        topic: m.topic(),
        partition: m.partition(),
        offset: m.offset(),
        timestamp_ms: m.timestamp().to_millis(),
        key: m.key(),
        headers,
        value: m.payload(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kafka() -> Kafka {
        Kafka {
            bootstrap: "h:1".into(),
            properties: vec![],
            timeout: Duration::from_secs(3),
        }
    }

    #[test]
    fn without_a_group_nothing_is_committed() {
        let c = config(&kafka(), &Membership::None);
        assert_eq!(c.get("enable.auto.commit"), Some("false"));
        assert_eq!(c.get("enable.auto.offset.store"), Some("false"));
        assert!(c
            .get("group.id")
            .unwrap()
            .starts_with(THROWAWAY_GROUP_PREFIX));
        assert_ne!(
            config(&kafka(), &Membership::None).get("group.id"),
            c.get("group.id"),
            "a fresh throwaway id each time"
        );
    }

    #[test]
    fn a_group_member_commits_what_it_wrote() {
        let c = config(
            &kafka(),
            &Membership::Group {
                id: "g".into(),
                from_beginning: true,
            },
        );
        assert_eq!(c.get("group.id"), Some("g"));
        assert_eq!(c.get("enable.auto.commit"), Some("true"));
        assert_eq!(c.get("enable.auto.offset.store"), Some("false"));
        assert_eq!(c.get("auto.offset.reset"), Some("earliest"));
    }

    #[test]
    fn access_denied_and_deleted_topics_are_permanent() {
        let t = vec!["orders".to_string()];
        let read = permanent_cause(
            Some(RDKafkaErrorCode::TopicAuthorizationFailed),
            &t,
            None,
            "User:reader",
        )
        .unwrap();
        assert!(
            read.contains("denied READ on Topic:orders to User:reader")
                && read.contains(
                    "kafka-acls --add --allow-principal User:reader --operation Read --topic orders"
                ),
            "{read}"
        );
        let group = Some(RDKafkaErrorCode::GroupAuthorizationFailed);
        assert_eq!(
            permanent_cause(group, &t, None, "User:reader"),
            None,
            "a group-less tail never uses its group"
        );
        assert!(permanent_cause(group, &t, Some("g"), "User:reader")
            .unwrap()
            .contains("denied READ on Group:g"));
        assert!(permanent_cause(
            Some(RDKafkaErrorCode::UnknownTopicOrPartition),
            &t,
            None,
            "x"
        )
        .unwrap()
        .contains("no longer exists"));
        for transient in [
            RDKafkaErrorCode::BrokerTransportFailure,
            RDKafkaErrorCode::AllBrokersDown,
            RDKafkaErrorCode::NotLeaderForPartition,
        ] {
            assert_eq!(permanent_cause(Some(transient), &t, None, "x"), None);
        }
    }

    #[test]
    fn memory_is_bounded() {
        let c = config(&kafka(), &Membership::None);
        assert_eq!(c.get("queued.max.messages.kbytes"), Some("16384"));
        assert_eq!(c.get("fetch.max.bytes"), Some("8388608"));
    }
}
