//! `spm-kafka publish`: send typed SPM events, one from the command line or many from a JSON
//! Lines file, validated against the catalogue before anything is sent.
//!
//! The command gathers and prints; what it decides lives in `events::batch`: where events go,
//! the size checks, the two passes over a file (check every line, then replay the checked ones
//! to the producer) and the summary.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{anyhow, Context as _, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use super::Context;
use crate::events::batch::{self, Checked, Input, Summary, Targets, TopicSummary};
use crate::events::envelope::{write_dry_run_line, DEFAULT_SOURCE};
use crate::exit::{self, InputError};
use crate::kafka::producer::{EventProducer, Queued, Tally};
use crate::kafka::simplify_cause;

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

pub async fn run(args: PublishArgs, cx: &Context) -> Result<ExitCode> {
    if args.source.trim().is_empty() {
        return exit::invalid("--source must not be empty");
    }
    if let Some(t) = &args.topic {
        batch::check_topic_name(t)?;
    }
    match args.file.clone() {
        Some(path) => publish_file(args, path, cx).await,
        None => publish_one(args, cx).await,
    }
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
    match batch::size_limits(admin.topic_configs(&present).await) {
        Ok(limits) => targets.limits = limits,
        Err(skipped) => cx.out.warn(skipped),
    }
    Ok((targets, existing))
}

/// The topics the events go to that are not on the broker, as the error to stop with.
fn require_topics<'a>(
    cx: &Context,
    args: &PublishArgs,
    topics: impl Iterator<Item = &'a String>,
    existing: &BTreeSet<String>,
) -> Result<()> {
    let missing: Vec<&str> = (topics.filter(|t| !existing.contains(*t)))
        .map(String::as_str)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let bootstrap = &cx.settings.bootstrap;
    let topic = args.topic.as_deref();
    Err(batch::missing_topics_error(
        bootstrap, &missing, topic, existing,
    ))
}

/// The summary of settled tallies (see `EventProducer::finish`).
fn summary_of(tallies: Vec<(String, Arc<Tally>)>, skipped: u64) -> Summary {
    let topics = (tallies.into_iter())
        .map(|(topic, t)| TopicSummary {
            topic,
            sent: t.acked(),
            failed: t.failed(),
            error: t.first_error(),
        })
        .collect();
    Summary::from_topics(topics, skipped)
}

/// Exit 1 when any event was not acknowledged, with librdkafka's last connection error.
fn failure(summary: &Summary, cause: Option<String>) -> Option<anyhow::Error> {
    summary.failure(cause.map(|c| simplify_cause(&c)).as_deref())
}

// ---------------------------------------------------------------------------------------------
// One event from the command line

async fn publish_one(args: PublishArgs, cx: &Context) -> Result<ExitCode> {
    let name = args.event_type.as_deref().unwrap_or_default();
    let data = args.data.as_deref().unwrap_or_default();
    let one = batch::one_event(name, data, args.key.as_deref(), &args.source)?;
    let kind = one.kind;
    if args.dry_run {
        let topic = args.topic.as_deref().unwrap_or(kind.topic);
        let mut out = io::stdout().lock();
        write_dry_run_line(
            &mut out,
            &mut Vec::new(),
            topic,
            &one.key,
            kind.name,
            &one.envelope,
        )?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }

    // The idempotent producer takes a moment to get its producer id: start it right away.
    let size = batch::record_bytes(&one.key, &one.envelope, kind.name) as u64;
    let limits = ((size + batch::RECORD_OVERHEAD).max(1_000_000), 1_000_000);
    let producer = EventProducer::new(&cx.kafka, Some(limits))?;
    let (targets, existing) = resolve_targets(cx, args.topic.clone()).await?;
    let topic = targets.topic(kind).to_string();
    require_topics(cx, &args, std::iter::once(&topic), &existing)?;
    targets
        .check_size(&topic, size as usize)
        .map_err(|e| InputError::new(format!("{}: {e}", kind.name)))?;

    let timeout = cx.settings.timeout;
    let (to, key, envelope) = (topic.clone(), one.key, one.envelope);
    let (tally, cause) = tokio::task::spawn_blocking(move || -> Result<_> {
        let tally = Arc::new(Tally::default());
        let handle = producer.topic(&to)?;
        producer.send(&handle, &key, &envelope, kind.name, &tally)?;
        drop(handle);
        producer.finish(timeout, &[&tally]);
        Ok((tally, producer.last_error()))
    })
    .await
    .context("the producer thread failed")??;

    let summary = summary_of(vec![(topic.clone(), tally.clone())], 0);
    if tally.acked() != 1 {
        if cx.out.json() {
            cx.out.print_json(&summary)?;
        }
        return Err(
            failure(&summary, cause).unwrap_or_else(|| anyhow!("the event was not acknowledged"))
        );
    }
    let (partition, offset) = tally.last_position();
    let event_id = &one.event_id;
    if cx.out.json() {
        let event_type = kind.name;
        let topic = &topic;
        cx.out.print_json(&OneSent {
            event_id,
            event_type,
            topic,
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
    Ok(ExitCode::SUCCESS)
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

/// What both passes over a file read: the input and where its events go.
struct Batch {
    input: Input,
    label: String,
    targets: Targets,
    source: String,
}

async fn publish_file(args: PublishArgs, path: PathBuf, cx: &Context) -> Result<ExitCode> {
    // Broker facts first (unless dry run): which topics exist and what they accept. This is also
    // the reachability check, so an unreachable broker fails within --timeout.
    let (targets, existing) = match args.dry_run {
        true => (
            Targets {
                topic_override: args.topic.clone(),
                ..Targets::default()
            },
            BTreeSet::new(),
        ),
        false => resolve_targets(cx, args.topic.clone()).await?,
    };
    // Started now, the idempotent producer gets its producer id while the file is checked.
    let producer = match args.dry_run {
        true => None,
        false => Some(EventProducer::new(&cx.kafka, targets.limit_range())?),
    };
    let (input, label) = tokio::task::spawn_blocking(move || open_input(&path))
        .await
        .context("the reader thread failed")??;
    let source = args.source.clone();
    let batch = Arc::new(Batch {
        input,
        label,
        targets,
        source,
    });
    // From here on Ctrl-C and SIGTERM stop the checking or the queueing, and the events already
    // queued are accounted for before the exit with 130.
    let _claim = cx.interrupt.claim();

    let checked = Arc::new(check(cx, &batch, args.skip_invalid).await?);
    if args.dry_run {
        print_dry_run(batch, checked.clone()).await?;
        cx.out.note(batch::dry_run_note(&checked));
        return Ok(ExitCode::SUCCESS);
    }
    require_topics(cx, &args, checked.valid.keys(), &existing)?;
    let total = checked.total();
    if total == 0 {
        print_summary(cx, &summary_of(Vec::new(), checked.invalid))?;
        return Ok(ExitCode::SUCCESS);
    }

    let producer = producer.ok_or_else(|| anyhow!("no producer outside a dry run"))?;
    let (tallies, cause) = send_all(cx, producer, batch, checked.clone()).await?;
    let mut summary = summary_of(tallies.into_iter().collect(), checked.invalid);
    if cx.interrupt.is_set() {
        // Every event is acknowledged, not acknowledged (failed or unaccounted for when the
        // wait ended), or was never queued.
        summary.interrupted = Some(total.saturating_sub(summary.sent + summary.failed));
        print_summary(cx, &summary)?;
        return Err(exit::Interrupted.into());
    }
    print_summary(cx, &summary)?;
    failure(&summary, cause).map_or(Ok(ExitCode::SUCCESS), Err)
}

/// The input, readable twice: a file by its path, standard input (`-`) held in memory.
fn open_input(path: &PathBuf) -> Result<(Input, String)> {
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

/// The first pass, with its progress bar, and what its outcome means: stop (an interrupt,
/// invalid lines without --skip-invalid, a file that changed) or go on with the valid events.
async fn check(cx: &Context, batch: &Arc<Batch>, skip_invalid: bool) -> Result<Checked> {
    let fingerprint = batch.input.fingerprint();
    let bar = progress_bar(cx, batch.input.len(), "checking", true);
    let (b, progress, interrupt) = (batch.clone(), bar.clone(), cx.interrupt.clone());
    let checked = tokio::task::spawn_blocking(move || {
        let progress = |n| progress.inc(n);
        batch::check_all(
            &b.input, &b.label, &b.targets, &b.source, &progress, &interrupt,
        )
    })
    .await
    .context("the checking thread failed")??;
    bar.finish_and_clear();
    if cx.interrupt.is_set() {
        cx.out.note("Interrupted while checking; nothing was sent.");
        return Err(exit::Interrupted.into());
    }
    let label = &batch.label;
    if checked.invalid > 0 && !skip_invalid {
        return Err(batch::invalid_lines(label, &checked).into());
    }
    batch::skipped_warnings(label, &checked)
        .into_iter()
        .for_each(|w| cx.out.warn(w));
    if batch.input.fingerprint() != fingerprint {
        return Err(anyhow!(
            "{label} changed while it was being checked; nothing was sent"
        ));
    }
    match batch::nothing_valid(label, &checked) {
        Some(e) => Err(e.into()),
        None => Ok(checked),
    }
}

/// `--dry-run`: the second pass prints what would be sent, one JSON line per event.
async fn print_dry_run(b: Arc<Batch>, checked: Arc<Checked>) -> Result<()> {
    tokio::task::spawn_blocking(move || -> Result<()> {
        let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
        let mut scratch = Vec::with_capacity(1024);
        let (index, targets) = (&checked.index, &b.targets);
        batch::replay(
            &b.input,
            &b.label,
            index,
            targets,
            &b.source,
            |topic, key, envelope, kind| {
                Ok(write_dry_run_line(
                    &mut out,
                    &mut scratch,
                    topic,
                    key,
                    kind,
                    envelope,
                )?)
            },
        )?;
        Ok(out.flush()?)
    })
    .await
    .context("the printing thread failed")?
}

type Tallies = BTreeMap<String, Arc<Tally>>;

/// The second pass: queue every checked event, then wait (at most --timeout) for the reports of
/// all that were queued, an interrupt included. Returns the tallies and the last connection error.
async fn send_all(
    cx: &Context,
    producer: EventProducer,
    b: Arc<Batch>,
    checked: Arc<Checked>,
) -> Result<(Tallies, Option<String>)> {
    let tallies: Tallies = (checked.valid.keys())
        .map(|t| (t.clone(), Arc::new(Tally::default())))
        .collect();
    let bar = progress_bar(cx, Some(checked.total()), "sending", false);
    let timeout = cx.settings.timeout;
    let (tallies_, bar_, interrupt) = (tallies.clone(), bar.clone(), cx.interrupt.clone());
    let cause = tokio::task::spawn_blocking(move || -> Result<Option<String>> {
        let (tallies, bar) = (tallies_, bar_);
        let mut queued = 0u64;
        let mut handles = BTreeMap::new();
        for topic in tallies.keys() {
            handles.insert(topic.as_str(), producer.topic(topic)?);
        }
        let (index, targets) = (&checked.index, &b.targets);
        let sent = batch::replay(
            &b.input,
            &b.label,
            index,
            targets,
            &b.source,
            |topic, key, envelope, kind| {
                if interrupt.is_set() {
                    return Err(exit::Interrupted.into());
                }
                let (Some(tally), Some(handle)) = (tallies.get(topic), handles.get(topic)) else {
                    return Err(anyhow!("no events of topic {topic} were checked"));
                };
                if producer.send(handle, key, envelope, kind, tally)? == Queued::Yes {
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
            Err(e) if !e.is::<exit::Interrupted>() => Err(e),
            _ => Ok(producer.last_error()),
        }
    })
    .await
    .context("the producer thread failed")??;
    bar.finish_and_clear();
    Ok((tallies, cause))
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
            let _ = w.write_str(&batch::events_per_second(state.per_sec()));
        };
        bar.set_style(style.with_key("rate", rate).progress_chars("=> "));
    }
    bar.set_message(message);
    bar
}

fn print_summary(cx: &Context, summary: &Summary) -> io::Result<()> {
    if cx.out.json() {
        return cx.out.print_json(summary);
    }
    if let Some(rows) = summary.table() {
        let mut table = cx.out.table(&["TOPIC", "SENT", "FAILED"]);
        rows.into_iter()
            .for_each(|row| _ = table.add_row(row.to_vec()));
        cx.out.print_table(&table)?;
    }
    cx.out.line(summary.line())
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn failures_name_the_last_connection_error_in_plain_words() {
        let tally = Arc::new(Tally::default());
        let summary = summary_of(vec![("t".into(), tally)], 0);
        assert!(
            failure(&summary, Some("x".into())).is_none(),
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
        let e = failure(&failed, Some("127.0.0.1:9/bootstrap: Connect to ipv4#127.0.0.1:9 failed: Connection refused (after 0ms in state CONNECT)".into()));
        assert!(e
            .unwrap()
            .to_string()
            .ends_with("; last connection error: connection refused by 127.0.0.1:9"),);
    }
}
