//! The sending side of `publish`: the passes that hand checked events to the
//! [`EventProducer`], on a blocking thread, and the accounting of what the broker acknowledged.
//!
//! Whatever ends the sending (the last event queued, an interrupt, an error), every event already
//! queued is accounted for before these return: its delivery report is waited for, at most the
//! timeout, and one without a report counts as not acknowledged (see [`EventProducer::finish`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use anyhow::{anyhow, Context as _, Result};

use super::producer::{EventProducer, Queued, Tally};
use super::{simplify_cause, Admin};
use crate::events::batch::{self, Batch, Checked, Targets, TopicSummary};
use crate::exit;
use crate::interrupt::Interrupt;

/// What the broker says about where the events go.
pub struct Facts {
    /// `--topic` or the types' topics, with the size each accepts where it is known.
    pub targets: Targets,
    /// The topics on the broker.
    pub existing: BTreeSet<String>,
    /// Why the sizes are not known (the configs could not be read), for a warning.
    pub size_check_skipped: Option<String>,
}

/// Looks up the target topics on the broker: which exist and what size of event each accepts.
pub async fn facts(admin: &Admin, topic_override: Option<String>) -> Result<Facts> {
    let mut targets = Targets::new(topic_override);
    let cluster = admin.metadata().await?;
    let existing: BTreeSet<String> = cluster.topics.keys().cloned().collect();
    let present: Vec<String> = targets
        .candidates()
        .into_iter()
        .filter(|t| existing.contains(t))
        .collect();
    let size_check_skipped = match batch::size_limits(admin.topic_configs(&present).await) {
        Ok(limits) => {
            targets.limits = limits;
            None
        }
        Err(skipped) => Some(skipped),
    };
    Ok(Facts {
        targets,
        existing,
        size_check_skipped,
    })
}

/// What became of the events sent.
#[derive(Debug)]
pub struct Delivered {
    /// Per topic: acknowledged, not acknowledged, the first reason.
    pub topics: Vec<TopicSummary>,
    /// The last connection error librdkafka reported, in plain words (`simplify_cause`).
    pub cause: Option<String>,
}

/// The counts of settled tallies, and the last connection error in plain words.
fn delivered(tallies: Vec<(String, Arc<Tally>)>, cause: Option<String>) -> Delivered {
    let topics = (tallies.into_iter())
        .map(|(topic, t)| TopicSummary {
            topic,
            sent: t.acked(),
            failed: t.failed(),
            error: t.first_error(),
        })
        .collect();
    Delivered {
        topics,
        cause: cause.map(|c| simplify_cause(&c)),
    }
}

/// One event, already enveloped, to `topic`; waits (at most `--timeout`) for its report.
/// Returns what was delivered and, when it was acknowledged, its partition and offset.
pub async fn send_one(
    producer: EventProducer,
    topic: String,
    key: String,
    envelope: Vec<u8>,
    event_type: &'static str,
) -> Result<(Delivered, Option<(i32, i64)>)> {
    tokio::task::spawn_blocking(move || -> Result<_> {
        let tally = Arc::new(Tally::default());
        producer.prompt_producer_id(&topic);
        let handle = producer.topic(&topic)?;
        if producer.send(&handle, (&key, &envelope, event_type), &tally, &|| false)?
            == Queued::Stuck
        {
            return Err(producer.stuck_error());
        }
        drop(handle);
        producer.finish(producer.timeout(), &[&tally]);
        let position = (tally.acked() == 1).then(|| tally.last_position());
        Ok((
            delivered(vec![(topic, tally)], producer.last_error()),
            position,
        ))
    })
    .await
    .context("the producer thread failed")?
}

/// The second pass over a file: queue every checked event, then wait (at most `--timeout`) for
/// the reports of all that were queued. `progress` gets the number of events acknowledged so
/// far, now and then.
///
/// The sending stops early at Ctrl-C / SIGTERM, at the first event the broker did not
/// acknowledge (a broker gone, a topic deleted: the next events would only fail the same way,
/// each after `--timeout`), and when librdkafka's queue stays full without a single delivery
/// report for longer than `--timeout` ([`Queued::Stuck`]): what is still in librdkafka's queue is dropped, what is on the wire
/// is waited for, and the rest counts as not sent.
pub async fn send_all(
    producer: EventProducer,
    batch: Arc<Batch>,
    checked: Arc<Checked>,
    interrupt: Interrupt,
    progress: impl Fn(u64) + Send + 'static,
) -> Result<Delivered> {
    tokio::task::spawn_blocking(move || -> Result<Delivered> {
        let tallies: BTreeMap<String, Arc<Tally>> = (checked.valid.keys())
            .map(|t| (t.clone(), Arc::new(Tally::default())))
            .collect();
        let stop = || interrupt.is_set() || tallies.values().any(|t| t.failed() > 0);
        if let Some(topic) = tallies.keys().next() {
            producer.prompt_producer_id(topic);
        }
        let mut queued = 0u64;
        let mut handles = BTreeMap::new();
        for topic in tallies.keys() {
            handles.insert(topic.as_str(), producer.topic(topic)?);
        }
        let sent = batch.replay(&checked.index, |topic, key, envelope, kind| {
            if stop() {
                return Err(exit::Interrupted.into());
            }
            let (Some(tally), Some(handle)) = (tallies.get(topic), handles.get(topic)) else {
                return Err(anyhow!("no events of topic {topic} were checked"));
            };
            match producer.send(handle, (key, envelope, kind), tally, &stop)? {
                Queued::Yes => {
                    queued += 1;
                    if queued % 256 == 0 {
                        producer.poll();
                        progress(tallies.values().map(|t| t.acked()).sum());
                    }
                }
                Queued::Refused => {}
                // The summary counts the rest as not sent, and says why.
                Queued::Stopped | Queued::Stuck => return Err(exit::Interrupted.into()),
            }
            Ok(())
        });
        drop(handles);
        if stop() {
            producer.drop_unsent();
        }
        // Whatever happened (an interrupt included), account for every event already
        // queued: wait for their reports, at most the timeout.
        let all: Vec<&Tally> = tallies.values().map(|t| t.as_ref()).collect();
        producer.finish(producer.timeout(), &all);
        match sent {
            Err(e) if !e.is::<exit::Interrupted>() => Err(e),
            _ => Ok(delivered(
                tallies.into_iter().collect(),
                producer.last_error(),
            )),
        }
    })
    .await
    .context("the producer thread failed")?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::batch::Summary;

    #[test]
    fn failures_name_the_last_connection_error_in_plain_words() {
        let tally = Arc::new(Tally::default());
        let d = delivered(vec![("t".into(), tally)], Some("x".into()));
        let summary = Summary::from_topics(d.topics, 0);
        assert!(
            summary.failure(d.cause.as_deref()).is_none(),
            "nothing failed"
        );
        let failed = Summary::from_topics(
            vec![TopicSummary {
                topic: "t".into(),
                sent: 0,
                failed: 1,
                error: None,
            }],
            0,
        );
        let d = delivered(vec![], Some("127.0.0.1:9/bootstrap: Connect to ipv4#127.0.0.1:9 failed: Connection refused (after 0ms in state CONNECT)".into()));
        let e = failed.failure(d.cause.as_deref());
        assert!(e
            .unwrap()
            .to_string()
            .ends_with("; last connection error: connection refused by 127.0.0.1:9"),);
    }
}
