//! What `publish` decides, without any I/O of its own: where each event goes ([`Targets`]), what
//! each topic accepts (the size checks), the two passes over the input (in [`split`]: check every
//! line, then replay the checked ones), and the summary of what the broker acknowledged.
//!
//! Plain data in, plain data out: the command gathers the broker's facts through the Kafka seam,
//! calls these, and prints.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{anyhow, Result};
use serde::Serialize;
use serde_json::value::RawValue;

use crate::events::catalogue::{self, EventType};
use crate::events::envelope::{write_envelope, Stamp, Stamper, EVENT_TYPE_HEADER};
use crate::events::input::LineError;
use crate::events::validate::{check_data, Event};
use crate::exit::{self, InputError};

mod split;

pub use split::{check_all, replay, Checked, Input};

/// Where events go and what the broker accepts, resolved before the first send.
#[derive(Debug, Default)]
pub struct Targets {
    /// `--topic`, else each type's own topic.
    pub topic_override: Option<String>,
    /// The largest value (plus key and headers) each topic accepts; absent = unchecked.
    pub limits: BTreeMap<String, u64>,
}

impl Targets {
    /// Events go to `topic_override`, else their types' topics; sizes unchecked until the
    /// limits are known.
    pub fn new(topic_override: Option<String>) -> Targets {
        Targets {
            topic_override,
            limits: BTreeMap::new(),
        }
    }

    pub fn topic<'a>(&'a self, kind: &'static EventType) -> &'a str {
        self.topic_override.as_deref().unwrap_or(kind.topic)
    }

    /// The topics events may go to.
    pub fn candidates(&self) -> Vec<String> {
        match &self.topic_override {
            Some(t) => vec![t.clone()],
            None => catalogue::topics().into_iter().map(String::from).collect(),
        }
    }

    /// An event too large for its topic, as a problem with that event.
    pub fn check_size(&self, topic: &str, record_bytes: usize) -> Result<(), String> {
        match self.limits.get(topic) {
            Some(&limit) if record_bytes as u64 > limit => Err(format!(
                "the event is {record_bytes} bytes with its key and headers; {topic} accepts at most {limit} (max.message.bytes, less batch overhead)"
            )),
            _ => Ok(()),
        }
    }

    /// The producer's `message.max.bytes` and `batch.size` bounds: the largest and the smallest
    /// topic limit.
    pub fn limit_range(&self) -> Option<(u64, u64)> {
        let max = self.limits.values().max()?;
        let min = self.limits.values().min()?;
        Some((*max, *min))
    }
}

/// Bytes Kafka adds around a record's key, value and headers in a batch, counted generously so
/// that an event that passes the check is accepted.
pub const RECORD_OVERHEAD: u64 = 128;

/// The bytes of a record that count against its topic's limit, less [`RECORD_OVERHEAD`].
pub fn record_bytes(key: &str, value: &[u8], event_type: &str) -> usize {
    key.len() + value.len() + EVENT_TYPE_HEADER.len() + event_type.len()
}

/// `--topic`: Kafka's rule for topic names.
pub fn check_topic_name(name: &str) -> Result<(), InputError> {
    crate::names::check_topic_name(name)
        .map_err(|e| InputError::new(format!("--topic '{name}': {e}")))
}

/// Each topic's limit from its configs. Without the configs (not authorised to describe them,
/// no answer in time) the check cannot be made: the warning says so and why, and sizes are left
/// to the broker, which refuses an event too large with its own delivery error.
pub fn size_limits(
    configs: Result<BTreeMap<String, BTreeMap<String, crate::cluster::ConfigValue>>>,
) -> Result<BTreeMap<String, u64>, String> {
    let configs = configs.map_err(|e| {
        format!(
            "the max.message.bytes check was skipped: {e:#}; an event too large for its topic \
is refused by the broker when it is sent, after the events before it"
        )
    })?;
    let mut limits = BTreeMap::new();
    for (topic, config) in configs {
        let limit = config
            .get("max.message.bytes")
            .and_then(|v| v.value.as_deref())
            .and_then(|v| v.parse::<u64>().ok());
        if let Some(limit) = limit {
            limits.insert(topic, limit.saturating_sub(RECORD_OVERHEAD));
        }
    }
    Ok(limits)
}

/// Stops with [`missing_topics_error`] when any of `topics` (where the events go) is not on the
/// broker (`existing`).
pub fn require_topics<'a>(
    bootstrap: &str,
    topics: impl Iterator<Item = &'a String>,
    topic_override: Option<&str>,
    existing: &BTreeSet<String>,
) -> Result<()> {
    let missing: Vec<&str> = (topics.filter(|t| !existing.contains(*t)))
        .map(String::as_str)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(missing_topics_error(
        bootstrap,
        &missing,
        topic_override,
        existing,
    ))
}

/// Why nothing was sent when the topics the events go to do not exist on `bootstrap`.
pub fn missing_topics_error(
    bootstrap: &str,
    missing: &[&str],
    topic_override: Option<&str>,
    existing: &BTreeSet<String>,
) -> anyhow::Error {
    if let Some(topic) = topic_override {
        let names: Vec<&str> = existing.iter().map(String::as_str).collect();
        let hint = crate::names::closest(topic, names.iter().copied())
            .map(|n| format!(" (did you mean '{n}'?)"))
            .unwrap_or_default();
        return anyhow!(
            "--topic {topic} does not exist on {}{hint}; nothing was sent — `spm-kafka topics list` shows the topics there are",
            bootstrap
        );
    }
    let list = missing.join(", ");
    let (noun, verb) = if missing.len() == 1 {
        ("topic", "does")
    } else {
        ("topics", "do")
    };
    anyhow!(
        "{noun} {list} {verb} not exist on {}; nothing was sent — create the SPM topics with `spm-kafka setup` (or pick another with --topic)",
        bootstrap
    )
}

/// One event from the command line, checked and enveloped.
pub struct One {
    pub kind: &'static EventType,
    /// `--key`, else `data.id`.
    pub key: String,
    pub event_id: String,
    pub envelope: Vec<u8>,
}

impl One {
    /// The bytes that count against its topic's limit (see [`record_bytes`]).
    pub fn size(&self) -> usize {
        record_bytes(&self.key, &self.envelope, self.kind.name)
    }

    /// The producer's `message.max.bytes` and `batch.size` bounds (see
    /// [`Targets::limit_range`]) before the topic's own limit is known: room for this event.
    pub fn limit_range(&self) -> (u64, u64) {
        let size = self.size() as u64 + RECORD_OVERHEAD;
        (size.max(1_000_000), 1_000_000)
    }
}

/// Checks `EVENT_TYPE --data JSON [--key KEY]` and builds the envelope to send.
pub fn one_event(name: &str, data: &str, key: Option<&str>, source: &str) -> Result<One> {
    let kind = catalogue::require(name)?;
    let data = parse_data(kind, data)?;
    let id =
        check_data(kind, &data).map_err(|e| InputError::new(format!("invalid --data: {e}")))?;
    if key.is_some_and(str::is_empty) {
        return exit::invalid("--key must not be empty (leave it out to use data.id)");
    }
    let event = Event {
        kind,
        data: &data,
        id,
        event_id: None,
        timestamp: None,
        source: Some(source.into()),
    };
    let key = key.map_or_else(|| event.id.to_string(), String::from);
    let mut stamper = Stamper::default();
    let mut envelope = Vec::with_capacity(256);
    let event_id = stamper.event_id().to_string();
    let now = stamper.now().to_string();
    write_envelope(
        &mut envelope,
        &event,
        Stamp {
            event_id: &event_id,
            timestamp: &now,
            source,
        },
    );
    Ok(One {
        kind,
        key,
        event_id,
        envelope,
    })
}

/// `--data` as it was typed, byte for byte (`1.50` stays `1.50`), less the whitespace between
/// tokens, so that the value on the wire is one line.
pub fn parse_data(kind: &EventType, text: &str) -> Result<Box<RawValue>> {
    let raw: &RawValue = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let message = e.to_string();
            let message = message
                .rfind(" at line ")
                .map_or(message.as_str(), |i| &message[..i]);
            return exit::invalid(format!(
                "invalid --data: not JSON ({message} at column {})",
                e.column()
            ));
        }
    };
    if !raw.get().starts_with('{') {
        return exit::invalid(format!(
            "invalid --data: {} needs a JSON object with {}, e.g. --data '{{\"id\":\"...\"}}'",
            kind.name,
            kind.field_names().join(", ")
        ));
    }
    Ok(RawValue::from_string(without_whitespace(raw.get()))?)
}

/// Valid JSON without the whitespace outside strings; every token keeps its bytes.
fn without_whitespace(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if matches!(c, ' ' | '\t' | '\n' | '\r') {
            continue;
        }
        out.push(c);
    }
    out
}

pub fn invalid_lines(label: &str, checked: &Checked) -> InputError {
    let shown = |(n, e): &(usize, LineError)| e.at(label, *n);
    if checked.invalid == 1 {
        let first = checked.errors.first().map(shown).unwrap_or_default();
        return InputError::new(format!("{first}; nothing was sent"));
    }
    let mut message = format!(
        "{} invalid lines in {label}; nothing was sent (--skip-invalid sends the valid ones):",
        checked.invalid
    );
    for e in &checked.errors {
        message.push_str("\n  ");
        message.push_str(&shown(e));
    }
    if checked.invalid as usize > checked.errors.len() {
        message.push_str(&format!(
            "\n  ... and {} more",
            checked.invalid as usize - checked.errors.len()
        ));
    }
    InputError::new(message)
}

/// The warnings for the invalid lines `--skip-invalid` leaves out.
pub fn skipped_warnings(label: &str, checked: &Checked) -> Vec<String> {
    let mut warnings: Vec<String> = (checked.errors.iter())
        .map(|(n, e)| format!("skipped {}", e.at(label, *n)))
        .collect();
    if checked.invalid as usize > checked.errors.len() {
        warnings.push(format!(
            "skipped {} more invalid lines",
            checked.invalid as usize - checked.errors.len()
        ));
    }
    warnings
}

/// Every line with an event was invalid (and skipped): there is nothing to send.
pub fn nothing_valid(label: &str, checked: &Checked) -> Option<InputError> {
    let skipped = checked.invalid;
    (checked.total() == 0 && skipped > 0).then(|| {
        InputError::new(format!(
            "no valid events in {label}: all {skipped} lines with an event were invalid; nothing was sent"
        ))
    })
}

/// What a dry run of a file says at the end.
pub fn dry_run_note(checked: &Checked) -> String {
    let skipped = match checked.invalid {
        0 => String::new(),
        n => format!(", {n} invalid lines skipped"),
    };
    format!(
        "Dry run: {} valid events{skipped}; nothing was sent.",
        checked.total()
    )
}

/// What both passes over a file read: the input and where its events go.
pub struct Batch {
    pub input: Input,
    /// The input as messages name it: the path, or `<stdin>`.
    pub label: String,
    pub targets: Targets,
    /// `--source`, for events that do not carry one.
    pub source: String,
}

impl Batch {
    /// The batch of `--file PATH` (`-`: standard input, read into memory now).
    pub fn open(path: &std::path::Path, targets: Targets, source: String) -> Result<Batch> {
        let (input, label) = Input::open(path)?;
        Ok(Batch {
            input,
            label,
            targets,
            source,
        })
    }

    /// The first pass (see [`check_all`]); `progress` gets the bytes read.
    pub fn check_all(
        &self,
        progress: &(dyn Fn(u64) + Sync),
        interrupt: &crate::interrupt::Interrupt,
    ) -> Result<Checked> {
        let (input, label, targets) = (&self.input, &self.label, &self.targets);
        check_all(input, label, targets, &self.source, progress, interrupt)
    }

    /// The second pass (see [`replay`]): every checked event, enveloped, to `emit`.
    pub fn replay(
        &self,
        index: &crate::events::input::Index,
        emit: impl FnMut(&str, &str, &[u8], &str) -> Result<()>,
    ) -> Result<()> {
        let (input, label, targets) = (&self.input, &self.label, &self.targets);
        replay(input, label, index, targets, &self.source, emit)
    }
}

/// What the first pass means: the warnings for the lines `--skip-invalid` leaves out, and why
/// to stop, if so (invalid lines without `--skip-invalid`, a file that changed while it was
/// checked, nothing valid).
pub struct Verdict {
    pub warnings: Vec<String>,
    pub stop: Option<anyhow::Error>,
}

/// See [`Verdict`]; `changed`: the file is not the one that was checked any more.
pub fn after_check(label: &str, checked: &Checked, skip_invalid: bool, changed: bool) -> Verdict {
    if checked.invalid > 0 && !skip_invalid {
        let stop = Some(invalid_lines(label, checked).into());
        return Verdict {
            warnings: Vec::new(),
            stop,
        };
    }
    let stop = if changed {
        Some(anyhow!(
            "{label} changed while it was being checked; nothing was sent"
        ))
    } else {
        nothing_valid(label, checked).map(anyhow::Error::from)
    };
    Verdict {
        warnings: skipped_warnings(label, checked),
        stop,
    }
}

// ---------------------------------------------------------------------------------------------
// The summary

#[derive(Debug, Serialize)]
pub struct TopicSummary {
    pub topic: String,
    /// Acknowledged by the broker.
    pub sent: u64,
    /// Not acknowledged (failed, timed out, or still unaccounted for).
    pub failed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub sent: u64,
    pub failed: u64,
    pub skipped: u64,
    /// How many valid events were never sent: Ctrl-C or SIGTERM stopped the sending, or a
    /// failure did (sending stops at the first event the broker did not acknowledge).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_sent: Option<u64>,
    #[serde(skip)]
    pub interrupted: bool,
    pub topics: Vec<TopicSummary>,
}

impl Summary {
    /// From each topic's settled counts.
    pub fn from_topics(topics: Vec<TopicSummary>, skipped: u64) -> Summary {
        Summary {
            sent: topics.iter().map(|t| t.sent).sum(),
            failed: topics.iter().map(|t| t.failed).sum(),
            skipped,
            not_sent: None,
            interrupted: false,
            topics,
        }
    }

    /// Of the `total` valid events, those neither acknowledged nor not acknowledged (failed or
    /// unaccounted for when the wait ended) were never sent: the sending stopped early, at
    /// Ctrl-C / SIGTERM (`interrupted`) or at the first failure.
    pub fn ended(mut self, total: u64, interrupted: bool) -> Summary {
        let not_sent = total.saturating_sub(self.sent + self.failed);
        self.not_sent = (interrupted || not_sent > 0).then_some(not_sent);
        self.interrupted = interrupted;
        self
    }

    /// The error to exit 1 with when any event was not acknowledged; `cause` is the last
    /// connection problem librdkafka reported, if any, in the words of `kafka::simplify_cause`.
    pub fn failure(&self, cause: Option<&str>) -> Option<anyhow::Error> {
        let cause = cause
            .map(|c| format!("; last connection error: {c}"))
            .unwrap_or_default();
        if self.failed == 0 {
            // Stopped early with nothing failed and no interrupt: the client got no delivery
            // report at all for longer than the timeout.
            return match self.not_sent {
                Some(n) if n > 0 && !self.interrupted => Some(anyhow!(
                    "{n} events were not sent: no delivery report came for longer than --timeout \
while the client's queue was full{cause}"
                )),
                _ => None,
            };
        }
        let reasons: Vec<String> = self
            .topics
            .iter()
            .filter(|t| t.failed > 0)
            .map(|t| {
                format!(
                    "{}: {} ({})",
                    t.topic,
                    t.failed,
                    t.error.as_deref().unwrap_or("no reason given")
                )
            })
            .collect();
        let rest = match self.not_sent {
            Some(n) if n > 0 => format!("; the other {n} were not sent (sending stops there)"),
            _ => String::new(),
        };
        Some(anyhow!(
            "{} of {} events were not acknowledged by the broker — {}{rest}{cause}",
            self.failed,
            self.sent + self.failed,
            reasons.join("; ")
        ))
    }
    /// The rows of the per-topic table, when there is more than one topic or a failure.
    pub fn table(&self) -> Option<Vec<[String; 3]>> {
        (self.topics.len() > 1 || self.failed > 0).then(|| {
            (self.topics.iter())
                .map(|t| [t.topic.clone(), t.sent.to_string(), t.failed.to_string()])
                .collect()
        })
    }

    /// The one line that says what was sent.
    pub fn line(&self) -> String {
        let skipped = if self.skipped > 0 {
            format!(", {} invalid lines skipped", self.skipped)
        } else {
            String::new()
        };
        let to = match self.topics.as_slice() {
            [one] => format!(" to {}", one.topic),
            [] => String::new(),
            many => format!(" to {} topics", many.len()),
        };
        if let (true, Some(not_sent)) = (self.interrupted, self.not_sent) {
            return format!(
                "Interrupted: sent {} events{to} ({} acknowledged, {} not acknowledged), {not_sent} not sent{skipped}.",
                self.sent + self.failed,
                self.sent,
                self.failed
            );
        }
        if let Some(not_sent) = self.not_sent {
            return format!(
                "Sent {} events{to} ({} acknowledged, {} failed), {not_sent} not sent after the first failure{skipped}.",
                self.sent + self.failed,
                self.sent,
                self.failed
            );
        }
        format!(
            "Sent {} events{to} ({} acknowledged, {} failed{skipped}).",
            self.sent + self.failed,
            self.sent,
            self.failed
        )
    }
}

/// A rate as people read it (the progress bar's): `94,219/s`, `12/s`, `2.5/s`.
pub fn events_per_second(rate: f64) -> String {
    if !rate.is_finite() || rate < 0.0 {
        return "-/s".to_string();
    }
    if rate < 10.0 {
        return format!("{rate:.1}/s");
    }
    let whole = (rate.round() as u64).to_string();
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{grouped}/s")
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn targets(limit: Option<u64>) -> Targets {
        Targets {
            topic_override: None,
            limits: limit
                .map(|l| BTreeMap::from([("task-events".to_string(), l)]))
                .unwrap_or_default(),
        }
    }

    #[test]
    fn topics_follow_the_type_unless_overridden() {
        let kind = catalogue::find("user_created").unwrap();
        assert_eq!(targets(None).topic(kind), "user-events");
        let t = Targets {
            topic_override: Some("staging".into()),
            ..Targets::default()
        };
        assert_eq!(t.topic(kind), "staging");
        assert_eq!(t.candidates(), ["staging"]);
        assert_eq!(targets(None).candidates().len(), 5);
    }

    #[test]
    fn sizes_are_checked_per_topic() {
        let t = targets(Some(1000));
        assert!(t.check_size("task-events", 1000).is_ok());
        let e = t.check_size("task-events", 1001).unwrap_err();
        assert!(
            e.contains("1001 bytes") && e.contains("at most 1000"),
            "{e}"
        );
        assert!(
            t.check_size("user-events", 10_000_000).is_ok(),
            "unknown limit"
        );
    }

    #[test]
    fn one_bad_line_or_many() {
        let problem = |message: &str| LineError {
            column: None,
            message: message.into(),
        };
        let one = Checked {
            errors: vec![(2, problem("data.id: missing"))],
            invalid: 1,
            ..Checked::default()
        };
        assert_eq!(
            invalid_lines("f", &one).to_string(),
            "f:2: data.id: missing; nothing was sent"
        );
        let many = Checked {
            errors: vec![(2, problem("a")), (5, problem("b"))],
            invalid: 30,
            ..Checked::default()
        };
        let text = invalid_lines("f", &many).to_string();
        assert!(
            text.starts_with("30 invalid lines in f; nothing was sent"),
            "{text}"
        );
        assert!(text.contains("\n  f:5: b\n  ... and 28 more"), "{text}");
    }

    #[test]
    fn after_the_check_stop_or_go_on_with_warnings() {
        let problem = LineError {
            column: None,
            message: "data.id: missing".into(),
        };
        let bad = Checked {
            errors: vec![(2, problem)],
            invalid: 1,
            valid: BTreeMap::from([("task-events".to_string(), 3)]),
            ..Checked::default()
        };
        let v = after_check("f", &bad, false, false);
        assert!(v.warnings.is_empty());
        assert_eq!(
            v.stop.unwrap().to_string(),
            "f:2: data.id: missing; nothing was sent"
        );
        let v = after_check("f", &bad, true, false);
        assert_eq!(v.warnings, ["skipped f:2: data.id: missing"]);
        assert!(v.stop.is_none());
        let v = after_check("f", &bad, true, true);
        assert_eq!(v.warnings.len(), 1, "the skipped lines are still said");
        assert!(v.stop.unwrap().to_string().contains("changed while"));
        let none = Checked {
            invalid: 2,
            ..Checked::default()
        };
        let stop = after_check("f", &none, true, false).stop.unwrap();
        assert!(
            stop.to_string().starts_with("no valid events in f"),
            "{stop}"
        );
    }

    #[test]
    fn missing_topics_stop_before_anything_is_sent() {
        let existing = BTreeSet::from(["task-events".to_string()]);
        let topics = ["task-events".to_string(), "user-events".to_string()];
        assert!(require_topics("b:1", topics[..1].iter(), None, &existing).is_ok());
        let e = require_topics("b:1", topics.iter(), None, &existing).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("topic user-events does not exist on b:1"),
            "{e}"
        );
    }

    #[test]
    fn data_keeps_its_bytes_on_one_line() {
        let kind = catalogue::find("task_deleted").unwrap();
        let data = parse_data(
            kind,
            "{ \"id\": \"t 1\",\n  \"price\": 1.50, \"n\": 1e3, \"s\": \"a \\\" b\" }",
        )
        .unwrap();
        assert_eq!(
            data.get(),
            r#"{"id":"t 1","price":1.50,"n":1e3,"s":"a \" b"}"#
        );
        assert!(parse_data(kind, "[1]").is_err());
        assert!(parse_data(kind, "{\"id\":").is_err());
    }

    #[test]
    fn a_skipped_size_check_says_why() {
        let limits = size_limits(Err(anyhow!("Request timed out"))).unwrap_err();
        assert!(
            limits.starts_with("the max.message.bytes check was skipped: Request timed out"),
            "{limits}"
        );
        let config = BTreeMap::from([(
            "max.message.bytes".to_string(),
            crate::cluster::ConfigValue {
                value: Some("1000".into()),
                is_override: true,
                is_sensitive: false,
            },
        )]);
        let limits = size_limits(Ok(BTreeMap::from([("t".to_string(), config)]))).unwrap();
        assert_eq!(limits["t"], 1000 - RECORD_OVERHEAD);
    }

    #[test]
    fn topic_names() {
        assert!(check_topic_name("task-events.staging_1").is_ok());
        for bad in ["", "a b", "x/y", "..", &"a".repeat(250)] {
            assert!(check_topic_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn summaries_never_count_unacknowledged_events_as_sent() {
        let topic = |name: &str, sent, failed, error: Option<&str>| TopicSummary {
            topic: name.into(),
            sent,
            failed,
            error: error.map(String::from),
        };
        let s = Summary::from_topics(
            vec![
                topic(
                    "task-events",
                    7,
                    3,
                    Some("no delivery report within the timeout"),
                ),
                topic("user-events", 2, 0, None),
            ],
            1,
        );
        assert_eq!((s.sent, s.failed, s.skipped), (9, 3, 1));
        let e = s
            .failure(Some("connection refused by 127.0.0.1:9"))
            .unwrap()
            .to_string();
        assert_eq!(
            e,
            "3 of 12 events were not acknowledged by the broker — task-events: 3 (no delivery report within the timeout); last connection error: connection refused by 127.0.0.1:9"
        );
        let ok = Summary::from_topics(vec![topic("t", 1, 0, None)], 0);
        assert!(ok.failure(None).is_none());
        let stopped =
            Summary::from_topics(vec![topic("t", 4, 2, Some("timed out"))], 0).ended(10, false);
        assert_eq!(
            stopped.failure(None).unwrap().to_string(),
            "2 of 6 events were not acknowledged by the broker — t: 2 (timed out); the other 4 were not sent (sending stops there)"
        );
        assert_eq!(
            stopped.line(),
            "Sent 6 events to t (4 acknowledged, 2 failed), 4 not sent after the first failure."
        );
        let all = Summary::from_topics(vec![topic("t", 6, 0, None)], 0).ended(6, false);
        assert_eq!((all.not_sent, all.failure(None).is_none()), (None, true));
        let stuck = Summary::from_topics(vec![topic("t", 6, 0, None)], 0).ended(9, false);
        assert_eq!(
            stuck
                .failure(Some("2/2 brokers are down"))
                .unwrap()
                .to_string(),
            "3 events were not sent: no delivery report came for longer than --timeout while the \
client's queue was full; last connection error: 2/2 brokers are down"
        );
        let interrupted = Summary::from_topics(vec![topic("t", 6, 0, None)], 0).ended(9, true);
        assert!(
            interrupted.failure(None).is_none(),
            "exit 130, not a failure"
        );
    }

    #[test]
    fn progress_rates_read_as_whole_events_per_second() {
        assert_eq!(events_per_second(94_219.305_8), "94,219/s");
        assert_eq!(events_per_second(1_234_567.5), "1,234,568/s");
        assert_eq!(events_per_second(999.6), "1,000/s");
        assert_eq!(events_per_second(12.0), "12/s");
        assert_eq!(events_per_second(2.46), "2.5/s");
        assert_eq!(events_per_second(f64::NAN), "-/s");
    }

    #[test]
    fn summary_lines_say_what_was_sent() {
        let topic = |name: &str, sent, failed| TopicSummary {
            topic: name.into(),
            sent,
            failed,
            error: None,
        };
        let one = Summary::from_topics(vec![topic("t", 3, 0)], 2);
        assert!(one.table().is_none());
        assert_eq!(
            one.line(),
            "Sent 3 events to t (3 acknowledged, 0 failed, 2 invalid lines skipped)."
        );
        let two = Summary::from_topics(vec![topic("a", 1, 1), topic("b", 2, 0)], 0);
        assert_eq!(two.table().unwrap()[0], ["a", "1", "1"]);
        let two = two.ended(9, true);
        assert_eq!(two.not_sent, Some(5), "9 valid, 4 sent");
        assert_eq!(two.line(), "Interrupted: sent 4 events to 2 topics (3 acknowledged, 1 not acknowledged), 5 not sent.");
    }
}
