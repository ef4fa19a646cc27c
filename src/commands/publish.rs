//! `spm-kafka publish`: send typed SPM events, one from the command line or many from a JSON
//! Lines file, validated against the catalogue before anything is sent.
//!
//! A file is read twice: the first pass checks every line (and the size of every event against
//! what its topic accepts) and sends nothing; the second pass builds the envelopes and pipelines
//! them to the producer. Standard input is held in memory for the second pass.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{anyhow, Context as _, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use serde_json::value::RawValue;

use super::Context;
use crate::events::catalogue::{self, EventType};
use crate::events::envelope::{
    write_dry_run_line, write_envelope, write_parts, Stamp, Stamper, DEFAULT_SOURCE,
    EVENT_TYPE_HEADER,
};
use crate::events::input::{parse_line, Index, InputEvent, LineError, Lines};
use crate::events::validate::{check_data, Event};
use crate::exit::{self, InputError};
use crate::interrupt::Interrupt;
use crate::kafka::producer::{EventProducer, Queued, Tally};

const AFTER_HELP: &str = "\
Examples:
  spm-kafka publish task_created \\
    --data '{\"id\":\"task-123\",\"name\":\"Write docs\",\"created_by_uid\":\"user-456\",\"pid\":\"project-789\"}'
  spm-kafka publish --file events.jsonl
  spm-kafka tail task-events --from-beginning --until-end -o json > saved.jsonl
  spm-kafka publish --file saved.jsonl --topic task-events-staging

Each line of --file is {\"event_type\": ..., \"data\": {...}} with optional event_id, timestamp,
source, version and key, or a line printed by `tail -o json`. Every line is checked before anything
is sent: one bad line means exit 2 and nothing sent (unless --skip-invalid).

On the wire: {\"event_id\",\"event_type\",\"timestamp\",\"source\",\"version\":1,\"data\"}, key data.id,
header event_type; acks=all with the idempotent producer. Exit 1 if any event was not acknowledged.";

#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct PublishArgs {
    /// The event type, e.g. task_created (`spm-kafka events list`); its topic follows from it
    #[arg(
        value_name = "EVENT_TYPE",
        required_unless_present = "file",
        requires = "data"
    )]
    pub event_type: Option<String>,

    /// The event's data, a JSON object with the fields its type requires
    #[arg(long, value_name = "JSON", requires = "event_type")]
    pub data: Option<String>,

    /// Publish every event of a JSON Lines file (`-` for stdin)
    #[arg(
        short = 'f',
        long,
        value_name = "PATH",
        conflicts_with_all = ["event_type", "data", "key"]
    )]
    pub file: Option<PathBuf>,

    /// The Kafka key [default: data.id, so that one entity's events stay in order]
    #[arg(short = 'k', long, value_name = "KEY")]
    pub key: Option<String>,

    /// The producer name written to `source`, for events that do not carry one
    #[arg(long, value_name = "NAME", default_value = DEFAULT_SOURCE)]
    pub source: String,

    /// Send every event to this topic instead of its type's topic (a staging or test copy)
    #[arg(short = 't', long, value_name = "TOPIC")]
    pub topic: Option<String>,

    /// Check everything and print what would be sent (one JSON line per event); send nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Send the valid lines of --file and report each invalid one, instead of sending nothing
    #[arg(long, conflicts_with_all = ["event_type", "data"])]
    pub skip_invalid: bool,
}

/// Where events go and what the broker accepts, resolved before the first send.
#[derive(Debug, Default)]
struct Targets {
    /// `--topic`, else each type's own topic.
    topic_override: Option<String>,
    /// The largest value (plus key and headers) each topic accepts; absent = unchecked.
    limits: BTreeMap<String, u64>,
}

impl Targets {
    fn topic<'a>(&'a self, kind: &'static EventType) -> &'a str {
        self.topic_override.as_deref().unwrap_or(kind.topic)
    }

    /// The topics events may go to.
    fn candidates(&self) -> Vec<String> {
        match &self.topic_override {
            Some(t) => vec![t.clone()],
            None => catalogue::topics().into_iter().map(String::from).collect(),
        }
    }

    /// An event too large for its topic, as a problem with that event.
    fn check_size(&self, topic: &str, record_bytes: usize) -> Result<(), String> {
        match self.limits.get(topic) {
            Some(&limit) if record_bytes as u64 > limit => Err(format!(
                "the event is {record_bytes} bytes with its key and headers; {topic} accepts at most {limit} (max.message.bytes, less batch overhead)"
            )),
            _ => Ok(()),
        }
    }

    /// The producer's `message.max.bytes` and `batch.size` bounds: the largest and the smallest
    /// topic limit.
    fn limit_range(&self) -> Option<(u64, u64)> {
        let max = self.limits.values().max()?;
        let min = self.limits.values().min()?;
        Some((*max, *min))
    }
}

/// Bytes Kafka adds around a record's key, value and headers in a batch, counted generously so
/// that an event that passes the check is accepted.
const RECORD_OVERHEAD: u64 = 128;

fn record_bytes(key: &str, value: &[u8], event_type: &str) -> usize {
    key.len() + value.len() + EVENT_TYPE_HEADER.len() + event_type.len()
}

pub async fn run(args: PublishArgs, cx: &Context) -> Result<ExitCode> {
    if args.source.trim().is_empty() {
        return exit::invalid("--source must not be empty");
    }
    if let Some(t) = &args.topic {
        check_topic_name(t)?;
    }
    match args.file.clone() {
        Some(path) => publish_file(args, path, cx).await,
        None => publish_one(args, cx).await,
    }
}

/// Kafka's rule for topic names.
fn check_topic_name(name: &str) -> Result<(), InputError> {
    let legal = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if name.is_empty()
        || name.len() > 249
        || !name.chars().all(legal)
        || name == "."
        || name == ".."
    {
        return Err(InputError::new(format!(
            "--topic '{name}' is not a valid topic name (letters, digits, '.', '_', '-'; at most 249)"
        )));
    }
    Ok(())
}

/// Looks up the target topics on the broker: which exist and what size of event each accepts.
/// This is also the reachability check, bounded by `--timeout`.
async fn resolve_targets(
    cx: &Context,
    topic_override: Option<String>,
) -> Result<(Targets, BTreeSet<String>)> {
    let mut targets = Targets {
        topic_override,
        limits: BTreeMap::new(),
    };
    let admin = cx.admin()?;
    let cluster = admin.metadata().await?;
    let existing: BTreeSet<String> = cluster.topics.keys().cloned().collect();
    let present: Vec<String> = targets
        .candidates()
        .into_iter()
        .filter(|t| existing.contains(t))
        .collect();
    match size_limits(admin.topic_configs(&present).await) {
        Ok(limits) => targets.limits = limits,
        Err(skipped) => cx.out.warn(skipped),
    }
    Ok((targets, existing))
}

/// Each topic's limit from its configs. Without the configs (not authorised to describe them,
/// no answer in time) the check cannot be made: the warning says so and why, and sizes are left
/// to the broker, which refuses an event too large with its own delivery error.
fn size_limits(
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

fn missing_topics_error(
    cx: &Context,
    missing: &[&str],
    topic_override: Option<&str>,
    existing: &BTreeSet<String>,
) -> anyhow::Error {
    if let Some(topic) = topic_override {
        let names: Vec<&str> = existing.iter().map(String::as_str).collect();
        let hint = crate::spec::closest(topic, &names)
            .map(|n| format!(" (did you mean '{n}'?)"))
            .unwrap_or_default();
        return anyhow!(
            "--topic {topic} does not exist on {}{hint}; nothing was sent — `spm-kafka topics list` shows the topics there are",
            cx.settings.bootstrap
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
        cx.settings.bootstrap
    )
}

// ---------------------------------------------------------------------------------------------
// One event from the command line

async fn publish_one(args: PublishArgs, cx: &Context) -> Result<ExitCode> {
    let name = args.event_type.as_deref().unwrap_or_default();
    let kind = catalogue::require(name)?;
    let data_text = args.data.as_deref().unwrap_or_default();
    let data = parse_data(kind, data_text)?;
    let id =
        check_data(kind, &data).map_err(|e| InputError::new(format!("invalid --data: {e}")))?;
    if let Some(key) = &args.key {
        if key.is_empty() {
            return exit::invalid("--key must not be empty (leave it out to use data.id)");
        }
    }
    let event = Event {
        kind,
        data: &data,
        id,
        event_id: None,
        timestamp: None,
        source: Some(args.source.as_str().into()),
    };
    let key = args.key.clone().unwrap_or_else(|| event.id.to_string());
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
            source: &args.source,
        },
    );

    if args.dry_run {
        let targets = Targets {
            topic_override: args.topic.clone(),
            ..Targets::default()
        };
        let mut out = io::stdout().lock();
        write_dry_run_line(
            &mut out,
            &mut Vec::new(),
            targets.topic(kind),
            &key,
            kind.name,
            &envelope,
        )?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }

    // The idempotent producer takes a moment to get its producer id: start it right away.
    let size = record_bytes(&key, &envelope, kind.name) as u64;
    let producer = EventProducer::new(
        &cx.kafka,
        Some(((size + RECORD_OVERHEAD).max(1_000_000), 1_000_000)),
    )?;
    let (targets, existing) = resolve_targets(cx, args.topic.clone()).await?;
    let topic = targets.topic(kind).to_string();
    if !existing.contains(&topic) {
        return Err(missing_topics_error(
            cx,
            &[&topic],
            args.topic.as_deref(),
            &existing,
        ));
    }
    targets
        .check_size(&topic, size as usize)
        .map_err(|e| InputError::new(format!("{}: {e}", kind.name)))?;

    let timeout = cx.settings.timeout;
    let topic_for_send = topic.clone();
    let (tally, cause) =
        tokio::task::spawn_blocking(move || -> Result<(Arc<Tally>, Option<String>)> {
            let tally = Arc::new(Tally::default());
            let handle = producer.topic(&topic_for_send)?;
            producer.send(&handle, &key, &envelope, kind.name, &tally)?;
            drop(handle);
            producer.finish(timeout, &[&tally]);
            Ok((tally, producer.last_error()))
        })
        .await
        .context("the producer thread failed")??;

    let summary = Summary::new(vec![(topic.clone(), tally.clone())], 0);
    if tally.acked() == 1 {
        let (partition, offset) = tally.last_position();
        if cx.out.json() {
            cx.out.print_json(&OneSent {
                event_id: &event_id,
                event_type: kind.name,
                topic: &topic,
                partition,
                offset,
                summary: &summary,
            })?;
        } else {
            cx.out.line(format!(
                "Sent {} to {topic} (partition {partition}, offset {offset}), event_id {event_id}.",
                kind.name
            ))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if cx.out.json() {
        cx.out.print_json(&summary)?;
    }
    Err(summary
        .failure(cause.as_deref())
        .unwrap_or_else(|| anyhow!("the event was not acknowledged")))
}

/// `--data` as it was typed, byte for byte (`1.50` stays `1.50`), less the whitespace between
/// tokens, so that the value on the wire is one line.
fn parse_data(kind: &EventType, text: &str) -> Result<Box<RawValue>> {
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

#[derive(Serialize)]
struct OneSent<'a> {
    event_id: &'a str,
    event_type: &'a str,
    topic: &'a str,
    partition: i32,
    offset: i64,
    #[serde(flatten)]
    summary: &'a Summary,
}

// ---------------------------------------------------------------------------------------------
// Many events from a file

/// The input, readable twice.
enum Input {
    File(PathBuf),
    Memory(Vec<u8>),
}

impl Input {
    fn open(path: &PathBuf) -> Result<(Input, String)> {
        if path.as_os_str() == "-" {
            let mut buf = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .context("cannot read events from stdin")?;
            return Ok((Input::Memory(buf), "<stdin>".to_string()));
        }
        File::open(path)
            .map_err(|e| InputError::new(format!("cannot read {}: {e}", path.display())))?;
        Ok((Input::File(path.clone()), path.display().to_string()))
    }

    fn lines(&self) -> Result<Lines<Box<dyn BufRead + Send + '_>>> {
        let reader: Box<dyn BufRead + Send + '_> = match self {
            Input::File(p) => Box::new(BufReader::with_capacity(
                1 << 20,
                File::open(p).with_context(|| format!("cannot read {}", p.display()))?,
            )),
            Input::Memory(b) => Box::new(&b[..]),
        };
        Ok(Lines::new(reader))
    }

    fn len(&self) -> Option<u64> {
        match self {
            Input::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            Input::Memory(b) => Some(b.len() as u64),
        }
    }

    /// Splits the input into `n` byte ranges that end at line ends (fewer for small inputs).
    fn split(&self, n: usize) -> io::Result<Vec<(u64, u64)>> {
        let len = self.len().unwrap_or(0);
        let mut bounds = vec![0u64];
        for i in 1..n.max(1) {
            let guess = len * i as u64 / n as u64;
            let Some(end) = self.line_end_after(guess.max(*bounds.last().unwrap_or(&0)))? else {
                break;
            };
            if end > *bounds.last().unwrap_or(&0) && end < len {
                bounds.push(end);
            }
        }
        bounds.push(len);
        Ok(bounds.windows(2).map(|w| (w[0], w[1])).collect())
    }

    /// The offset just after the first newline at or after `from`.
    fn line_end_after(&self, from: u64) -> io::Result<Option<u64>> {
        match self {
            Input::Memory(b) => Ok(b
                .get(from as usize..)
                .and_then(|rest| rest.iter().position(|&c| c == b'\n'))
                .map(|i| from + i as u64 + 1)),
            Input::File(p) => {
                let mut file = File::open(p)?;
                file.seek(SeekFrom::Start(from))?;
                let mut reader = BufReader::with_capacity(1 << 16, file);
                let mut skipped = Vec::new();
                let n = reader.read_until(b'\n', &mut skipped)?;
                Ok(skipped.ends_with(b"\n").then_some(from + n as u64))
            }
        }
    }

    /// The lines of one byte range (from [`Input::split`]).
    fn range_lines(
        &self,
        (start, end): (u64, u64),
        first: bool,
    ) -> io::Result<Lines<Box<dyn BufRead + Send + '_>>> {
        let reader: Box<dyn BufRead + Send + '_> = match self {
            Input::File(p) => {
                let mut file = File::open(p)?;
                file.seek(SeekFrom::Start(start))?;
                Box::new(BufReader::with_capacity(1 << 20, file.take(end - start)))
            }
            Input::Memory(b) => Box::new(&b[start as usize..end as usize]),
        };
        Ok(if first {
            Lines::new(reader)
        } else {
            Lines::continuing(reader)
        })
    }

    /// Size and modification time of a file, to notice it changing between the two passes.
    fn fingerprint(&self) -> Option<(u64, std::time::SystemTime)> {
        match self {
            Input::File(p) => std::fs::metadata(p)
                .ok()
                .and_then(|m| Some((m.len(), m.modified().ok()?))),
            Input::Memory(_) => None,
        }
    }
}

/// The outcome of checking every line (of the input, or of one chunk of it).
#[derive(Debug, Default)]
struct Checked {
    /// Valid events per topic.
    valid: BTreeMap<String, u64>,
    /// The first [`SHOWN_ERRORS`] problems, with their line numbers, in order.
    errors: Vec<(usize, LineError)>,
    invalid: u64,
    /// Where the valid events lie, for sending them without parsing again.
    index: Index,
    /// Lines read, blank ones included.
    lines: usize,
}

const SHOWN_ERRORS: usize = 20;

/// One line, fully checked: the event, its topic, its envelope in `buf`.
fn prepare<'a, 't>(
    text: &'a str,
    targets: &'t Targets,
    stamp: Stamp<'_>,
    buf: &mut Vec<u8>,
) -> Result<(InputEvent<'a>, &'t str), LineError> {
    let event = parse_line(text)?;
    let topic = targets.topic(event.event.kind);
    write_envelope(buf, &event.event, stamp);
    targets
        .check_size(topic, record_bytes(event.key(), buf, event.event.kind.name))
        .map_err(|message| LineError {
            column: None,
            message,
        })?;
    Ok((event, topic))
}

/// A stamp of the right shape for sizing events before they are sent.
fn sizing_stamp(source: &str) -> Stamp<'_> {
    Stamp {
        event_id: "00000000-0000-4000-8000-000000000000",
        timestamp: "2000-01-01T00:00:00.000Z",
        source,
    }
}

/// The first pass: check every line, send nothing. A large input is checked in chunks on
/// every core (nothing else is busy yet), then the results are put back in order.
fn check_all(
    input: &Input,
    label: &str,
    targets: &Targets,
    source: &str,
    progress: &ProgressBar,
    interrupt: &Interrupt,
) -> Result<Checked> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunks = if input.len().unwrap_or(0) >= (8 << 20) {
        cores
    } else {
        1
    };
    let ranges = input
        .split(chunks)
        .with_context(|| format!("cannot read {label}"))?;
    let results: Vec<Result<Checked>> = std::thread::scope(|scope| {
        let workers: Vec<_> = ranges
            .iter()
            .enumerate()
            .map(|(i, &range)| {
                scope.spawn(move || -> Result<Checked> {
                    let lines = input
                        .range_lines(range, i == 0)
                        .with_context(|| format!("cannot read {label}"))?;
                    check_chunk(lines, label, targets, source, progress, interrupt)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(anyhow!("a checking thread failed")))
            })
            .collect()
    });
    let mut checked = Checked::default();
    for chunk in results {
        let chunk = chunk?;
        let offset = checked.lines;
        for (topic, n) in chunk.valid {
            *checked.valid.entry(topic).or_default() += n;
        }
        let room = SHOWN_ERRORS.saturating_sub(checked.errors.len());
        checked.errors.extend(
            chunk
                .errors
                .into_iter()
                .take(room)
                .map(|(n, e)| (n + offset, e)),
        );
        checked.invalid += chunk.invalid;
        checked.index.append(chunk.index, offset);
        checked.lines += chunk.lines;
    }
    Ok(checked)
}

fn check_chunk<R: BufRead>(
    mut lines: Lines<R>,
    label: &str,
    targets: &Targets,
    source: &str,
    progress: &ProgressBar,
    interrupt: &Interrupt,
) -> Result<Checked> {
    let mut checked = Checked::default();
    let mut buf = Vec::with_capacity(1024);
    let mut shown_bytes = 0;
    while let Some((number, text)) = lines
        .next_line()
        .with_context(|| format!("cannot read {label}"))?
    {
        match text
            .and_then(|t| prepare(t, targets, sizing_stamp(source), &mut buf).map(|ok| (t, ok)))
        {
            Ok((text, (event, topic))) => {
                match checked.valid.get_mut(topic) {
                    Some(n) => *n += 1,
                    None => {
                        checked.valid.insert(topic.to_string(), 1);
                    }
                }
                checked.index.push(number, text, &event);
            }
            Err(e) => {
                checked.invalid += 1;
                if checked.errors.len() < SHOWN_ERRORS {
                    checked.errors.push((number, e));
                }
            }
        }
        if lines.bytes - shown_bytes >= 1 << 20 {
            progress.inc(lines.bytes - shown_bytes);
            shown_bytes = lines.bytes;
            if interrupt.is_set() {
                break;
            }
        }
    }
    progress.inc(lines.bytes - shown_bytes);
    checked.lines = lines.count();
    Ok(checked)
}

/// The second pass: reads the input again and hands every checked event to `emit` as
/// (topic, key, envelope, event type), from the index, without parsing it again.
fn replay(
    input: &Input,
    label: &str,
    index: &Index,
    targets: &Targets,
    source: &str,
    mut emit: impl FnMut(&str, &str, &[u8], &str) -> Result<()>,
) -> Result<()> {
    let mut lines = input.lines()?;
    let mut stamper = Stamper::default();
    let mut buf = Vec::with_capacity(1024);
    let changed =
        |number: usize| anyhow!("{label}:{number}: the file changed while it was being published");
    for located in index.lines() {
        let (number, text) = loop {
            let Some((number, text)) = lines
                .next_line()
                .with_context(|| format!("cannot read {label}"))?
            else {
                return Err(changed(located.number));
            };
            if number == located.number {
                break (number, text);
            }
        };
        let text = text.map_err(|_| changed(number))?;
        if !located.matches(text) {
            return Err(changed(number));
        }
        let stamp = stamper.stamp(source);
        if located.needs_parse() {
            let (event, topic) =
                prepare(text, targets, stamp, &mut buf).map_err(|_| changed(number))?;
            emit(topic, event.key(), &buf, event.event.kind.name)?;
        } else {
            write_parts(&mut buf, located.parts(index, text, stamp));
            let kind = located.kind();
            emit(targets.topic(kind), located.key(text), &buf, kind.name)?;
        }
    }
    Ok(())
}

fn progress_bar(cx: &Context, len: Option<u64>, message: &'static str, bytes: bool) -> ProgressBar {
    if !cx.settings.stderr_is_terminal {
        return ProgressBar::hidden();
    }
    let template = if bytes {
        "{msg:>10} [{bar:30}] {bytes}/{total_bytes} ({eta})"
    } else {
        "{msg:>10} [{bar:30}] {pos}/{len} events ({rate}, {eta})"
    };
    let bar = ProgressBar::new(len.unwrap_or(0));
    if let Ok(style) = ProgressStyle::with_template(template) {
        // indicatif's own {per_sec} prints `94,219.3058/s`.
        let rate = |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = w.write_str(&events_per_second(state.per_sec()));
        };
        bar.set_style(style.with_key("rate", rate).progress_chars("=> "));
    }
    bar.set_message(message);
    bar
}

/// A rate as people read it: `94,219/s`, `12/s`, `2.5/s`.
fn events_per_second(rate: f64) -> String {
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

async fn publish_file(args: PublishArgs, path: PathBuf, cx: &Context) -> Result<ExitCode> {
    // Broker facts first (unless dry run): which topics exist and what they accept. This is also
    // the reachability check, so an unreachable broker fails within --timeout.
    let (targets, existing) = if args.dry_run {
        (
            Targets {
                topic_override: args.topic.clone(),
                ..Targets::default()
            },
            BTreeSet::new(),
        )
    } else {
        resolve_targets(cx, args.topic.clone()).await?
    };
    // Started now, the idempotent producer gets its producer id while the file is checked.
    let producer = if args.dry_run {
        None
    } else {
        Some(EventProducer::new(&cx.kafka, targets.limit_range())?)
    };
    let targets = Arc::new(targets);
    let source = Arc::new(args.source.clone());

    let (input, label) = tokio::task::spawn_blocking(move || Input::open(&path))
        .await
        .context("the reader thread failed")??;
    let input = Arc::new(input);
    // From here on Ctrl-C and SIGTERM stop the checking or the queueing, and the events already
    // queued are accounted for before the exit with 130.
    let _claim = cx.interrupt.claim();

    let fingerprint = input.fingerprint();
    let bar = progress_bar(cx, input.len(), "checking", true);
    let checked = {
        let (input, label, targets, source, bar, interrupt) = (
            input.clone(),
            label.clone(),
            targets.clone(),
            source.clone(),
            bar.clone(),
            cx.interrupt.clone(),
        );
        tokio::task::spawn_blocking(move || {
            check_all(&input, &label, &targets, &source, &bar, &interrupt)
        })
        .await
        .context("the checking thread failed")??
    };
    bar.finish_and_clear();
    if cx.interrupt.is_set() {
        cx.out.note("Interrupted while checking; nothing was sent.");
        return Err(exit::Interrupted.into());
    }

    if checked.invalid > 0 {
        if !args.skip_invalid {
            return Err(invalid_lines(&label, &checked).into());
        }
        for (n, e) in &checked.errors {
            cx.out.warn(format!("skipped {}", e.at(&label, *n)));
        }
        if checked.invalid as usize > checked.errors.len() {
            cx.out.warn(format!(
                "skipped {} more invalid lines",
                checked.invalid as usize - checked.errors.len()
            ));
        }
    }

    if input.fingerprint() != fingerprint {
        return Err(anyhow!(
            "{label} changed while it was being checked; nothing was sent"
        ));
    }
    let total: u64 = checked.valid.values().sum();
    let skipped = checked.invalid;
    if total == 0 && skipped > 0 {
        return exit::invalid(format!(
            "no valid events in {label}: all {skipped} lines with an event were invalid; nothing was sent"
        ));
    }
    let checked = Arc::new(checked);

    if args.dry_run {
        let (input, label, targets, source, checked) = (
            input.clone(),
            label.clone(),
            targets.clone(),
            source.clone(),
            checked.clone(),
        );
        tokio::task::spawn_blocking(move || -> Result<()> {
            let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
            let mut scratch = Vec::with_capacity(1024);
            replay(
                &input,
                &label,
                &checked.index,
                &targets,
                &source,
                |topic, key, envelope, event_type| {
                    Ok(write_dry_run_line(
                        &mut out,
                        &mut scratch,
                        topic,
                        key,
                        event_type,
                        envelope,
                    )?)
                },
            )?;
            Ok(out.flush()?)
        })
        .await
        .context("the printing thread failed")??;
        cx.out.note(format!(
            "Dry run: {total} valid events{}; nothing was sent.",
            if skipped > 0 {
                format!(", {skipped} invalid lines skipped")
            } else {
                String::new()
            }
        ));
        return Ok(ExitCode::SUCCESS);
    }

    let missing: Vec<&str> = checked
        .valid
        .keys()
        .filter(|t| !existing.contains(*t))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(missing_topics_error(
            cx,
            &missing,
            args.topic.as_deref(),
            &existing,
        ));
    }
    if total == 0 {
        let summary = Summary::new(Vec::new(), skipped);
        print_summary(cx, &summary)?;
        return Ok(ExitCode::SUCCESS);
    }

    let tallies: BTreeMap<String, Arc<Tally>> = checked
        .valid
        .keys()
        .map(|t| (t.clone(), Arc::new(Tally::default())))
        .collect();
    let bar = progress_bar(cx, Some(total), "sending", false);
    let producer = producer.ok_or_else(|| anyhow!("no producer outside a dry run"))?;
    let timeout = cx.settings.timeout;
    let cause = {
        let (tallies, bar, interrupt) = (tallies.clone(), bar.clone(), cx.interrupt.clone());
        tokio::task::spawn_blocking(move || -> Result<Option<String>> {
            let mut queued = 0u64;
            let mut handles = BTreeMap::new();
            for topic in tallies.keys() {
                handles.insert(topic.as_str(), producer.topic(topic)?);
            }
            let sent = replay(
                &input,
                &label,
                &checked.index,
                &targets,
                &source,
                |topic, key, envelope, event_type| {
                    if interrupt.is_set() {
                        return Err(exit::Interrupted.into());
                    }
                    let (Some(tally), Some(handle)) = (tallies.get(topic), handles.get(topic))
                    else {
                        return Err(anyhow!("no events of topic {topic} were checked"));
                    };
                    if producer.send(handle, key, envelope, event_type, tally)? == Queued::Yes {
                        queued += 1;
                        if queued % 256 == 0 {
                            producer.poll();
                            bar.set_position(tallies.values().map(|t| t.acked()).sum());
                        }
                    }
                    Ok(())
                },
            );
            drop(handles);
            // Whatever happened (an interrupt included), account for every event already
            // queued: wait for their reports, at most the timeout.
            let all: Vec<&Tally> = tallies.values().map(|t| t.as_ref()).collect();
            producer.finish(timeout, &all);
            match sent {
                Err(e) if !e.is::<exit::Interrupted>() => return Err(e),
                _ => {}
            }
            Ok(producer.last_error())
        })
        .await
        .context("the producer thread failed")??
    };
    bar.finish_and_clear();

    let mut summary = Summary::new(tallies.into_iter().collect(), skipped);
    if cx.interrupt.is_set() {
        // Every event is acknowledged, not acknowledged (failed or unaccounted for when the
        // wait ended), or was never queued.
        summary.interrupted = Some(total.saturating_sub(summary.sent + summary.failed));
        print_summary(cx, &summary)?;
        return Err(exit::Interrupted.into());
    }
    print_summary(cx, &summary)?;
    match summary.failure(cause.as_deref()) {
        None => Ok(ExitCode::SUCCESS),
        Some(e) => Err(e),
    }
}

fn invalid_lines(label: &str, checked: &Checked) -> InputError {
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

// ---------------------------------------------------------------------------------------------
// The summary

#[derive(Debug, Serialize)]
struct TopicSummary {
    topic: String,
    /// Acknowledged by the broker.
    sent: u64,
    /// Not acknowledged (failed, timed out, or still unaccounted for).
    failed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct Summary {
    sent: u64,
    failed: u64,
    skipped: u64,
    /// Ctrl-C or SIGTERM stopped the queueing: how many valid events were never sent.
    #[serde(rename = "not_sent", skip_serializing_if = "Option::is_none")]
    interrupted: Option<u64>,
    topics: Vec<TopicSummary>,
}

impl Summary {
    /// From the settled tallies (see `EventProducer::finish`).
    fn new(tallies: Vec<(String, Arc<Tally>)>, skipped: u64) -> Summary {
        let topics = tallies
            .iter()
            .map(|(topic, t)| TopicSummary {
                topic: topic.clone(),
                sent: t.acked(),
                failed: t.failed(),
                error: t.first_error(),
            })
            .collect();
        Summary::from_topics(topics, skipped)
    }

    fn from_topics(topics: Vec<TopicSummary>, skipped: u64) -> Summary {
        Summary {
            sent: topics.iter().map(|t| t.sent).sum(),
            failed: topics.iter().map(|t| t.failed).sum(),
            skipped,
            interrupted: None,
            topics,
        }
    }

    /// The error to exit 1 with when any event was not acknowledged; `cause` is the last
    /// connection problem librdkafka reported, if any.
    fn failure(&self, cause: Option<&str>) -> Option<anyhow::Error> {
        if self.failed == 0 {
            return None;
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
        let cause = cause
            .map(|c| {
                format!(
                    "; last connection error: {}",
                    crate::kafka::simplify_cause(c)
                )
            })
            .unwrap_or_default();
        Some(anyhow!(
            "{} of {} events were not acknowledged by the broker — {}{cause}",
            self.failed,
            self.sent + self.failed,
            reasons.join("; ")
        ))
    }
}

fn print_summary(cx: &Context, summary: &Summary) -> io::Result<()> {
    if cx.out.json() {
        return cx.out.print_json(summary);
    }
    if summary.topics.len() > 1 || summary.failed > 0 {
        let mut table = cx.out.table(&["TOPIC", "SENT", "FAILED"]);
        for t in &summary.topics {
            table.add_row(vec![
                t.topic.clone(),
                t.sent.to_string(),
                t.failed.to_string(),
            ]);
        }
        cx.out.print_table(&table)?;
    }
    let skipped = if summary.skipped > 0 {
        format!(", {} invalid lines skipped", summary.skipped)
    } else {
        String::new()
    };
    let to = match summary.topics.as_slice() {
        [one] => format!(" to {}", one.topic),
        [] => String::new(),
        many => format!(" to {} topics", many.len()),
    };
    if let Some(not_sent) = summary.interrupted {
        return cx.out.line(format!(
            "Interrupted: sent {} events{to} ({} acknowledged, {} not acknowledged), {not_sent} not sent{skipped}.",
            summary.sent + summary.failed,
            summary.sent,
            summary.failed
        ));
    }
    cx.out.line(format!(
        "Sent {} events{to} ({} acknowledged, {} failed{skipped}).",
        summary.sent + summary.failed,
        summary.sent,
        summary.failed
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_rates_read_as_whole_events_per_second() {
        assert_eq!(events_per_second(94_219.305_8), "94,219/s");
        assert_eq!(events_per_second(1_234_567.5), "1,234,568/s");
        assert_eq!(events_per_second(999.6), "1,000/s");
        assert_eq!(events_per_second(12.0), "12/s");
        assert_eq!(events_per_second(2.46), "2.5/s");
        assert_eq!(events_per_second(f64::NAN), "-/s");
    }

    fn targets(limit: Option<u64>) -> Targets {
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
    fn prepare_builds_and_checks() {
        let mut buf = Vec::new();
        let line = r#"{"event_type":"task_deleted","data":{"id":"t-1"}}"#;
        let open = targets(None);
        let (event, topic) = prepare(line, &open, sizing_stamp("svc"), &mut buf).unwrap();
        assert_eq!(topic, "task-events");
        assert_eq!(event.key(), "t-1");
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v["source"], "svc");
        let small = targets(Some(10));
        let e = prepare(line, &small, sizing_stamp("svc"), &mut buf).unwrap_err();
        assert!(e.at("f", 1).starts_with("f:1: the event is "), "{e:?}");
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

    fn check_text(text: &str, chunks: usize) -> Checked {
        let input = Input::Memory(text.as_bytes().to_vec());
        let ranges = input.split(chunks).unwrap();
        let mut all = Checked::default();
        for (i, range) in ranges.into_iter().enumerate() {
            let lines = input.range_lines(range, i == 0).unwrap();
            let chunk = check_chunk(
                lines,
                "f",
                &targets(None),
                "svc",
                &ProgressBar::hidden(),
                &Interrupt::never(),
            )
            .unwrap();
            let offset = all.lines;
            all.errors
                .extend(chunk.errors.into_iter().map(|(n, e)| (n + offset, e)));
            all.invalid += chunk.invalid;
            all.index.append(chunk.index, offset);
            all.lines += chunk.lines;
        }
        all
    }

    #[test]
    fn chunks_end_at_line_ends_and_keep_line_numbers() {
        let good = r#"{"event_type":"task_deleted","data":{"id":"t"}}"#;
        let mut text = String::new();
        for i in 1..=40 {
            if i == 17 || i == 33 {
                text.push_str("{broken\n");
            } else if i == 20 {
                text.push('\n');
            } else {
                text.push_str(good);
                text.push('\n');
            }
        }
        let input = Input::Memory(text.clone().into_bytes());
        let ranges = input.split(3).unwrap();
        assert_eq!(ranges.len(), 3);
        for (start, _) in &ranges[1..] {
            assert_eq!(text.as_bytes()[*start as usize - 1], b'\n');
        }
        for chunks in [1, 2, 3, 7] {
            let c = check_text(&text, chunks);
            let bad: Vec<usize> = c.errors.iter().map(|(n, _)| *n).collect();
            assert_eq!(bad, [17, 33], "{chunks} chunks");
            let numbers: Vec<usize> = c.index.lines().iter().map(|l| l.number).collect();
            assert_eq!(numbers.len(), 37);
            assert!(!numbers.contains(&20) && numbers.contains(&40));
            assert_eq!(c.lines, 40);
        }
    }

    #[test]
    fn tiny_inputs_split_into_one_range() {
        let input = Input::Memory(b"{}".to_vec());
        assert_eq!(input.split(4).unwrap(), [(0, 2)]);
        assert_eq!(Input::Memory(Vec::new()).split(2).unwrap(), [(0, 0)]);
    }

    fn args(list: &[&str]) -> Result<PublishArgs, clap::Error> {
        use clap::Parser;
        #[derive(Parser)]
        struct Wrap {
            #[command(flatten)]
            publish: PublishArgs,
        }
        Wrap::try_parse_from(std::iter::once("publish").chain(list.iter().copied()))
            .map(|w| w.publish)
    }

    #[test]
    fn one_event_or_a_file() {
        let one = args(&["task_deleted", "--data", "{}", "--key", "k"]).unwrap();
        assert_eq!(one.event_type.as_deref(), Some("task_deleted"));
        assert_eq!(one.source, "spm-kafka");
        let file = args(&["--file", "-", "--skip-invalid", "--topic", "t"]).unwrap();
        assert_eq!(file.file, Some(PathBuf::from("-")));
        for bad in [
            &["task_deleted"][..],
            &["--data", "{}"],
            &[],
            &["task_deleted", "--data", "{}", "--file", "x"],
            &["--file", "x", "--key", "k"],
            &["task_deleted", "--data", "{}", "--skip-invalid"],
        ] {
            assert_eq!(args(bad).map(|_| ()).unwrap_err().exit_code(), 2, "{bad:?}");
        }
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
        let e = s.failure(Some("127.0.0.1:9/bootstrap: Connect to ipv4#127.0.0.1:9 failed: Connection refused (after 0ms in state CONNECT)")).unwrap().to_string();
        assert_eq!(
            e,
            "3 of 12 events were not acknowledged by the broker — task-events: 3 (no delivery report within the timeout); last connection error: connection refused by 127.0.0.1:9"
        );
        let ok = Summary::from_topics(vec![topic("t", 1, 0, None)], 0);
        assert!(ok.failure(None).is_none());
        assert!(
            Summary::new(vec![("t".into(), Arc::new(Tally::default()))], 0)
                .failure(None)
                .is_none()
        );
    }
}
