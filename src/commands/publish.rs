//! `spm-kafka publish`: send typed SPM events, one from the command line or many from a JSON
//! Lines file, validated against the catalogue before anything is sent.
//!
//! The command loads the input, gathers the broker's facts (which topics exist, what size of
//! event each accepts), and calls the core: `events::batch` decides where events go, checks
//! every line and replays the checked ones; `kafka::publish` sends them and accounts for every
//! report; `render::publish` shows the progress and the summary.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{anyhow, Context as _, Result};
use clap::Args;

use super::Context;
use crate::events::batch::{self, Batch, Checked, Summary, Targets};
use crate::events::envelope::DEFAULT_SOURCE;
use crate::exit::{self, InputError};
use crate::kafka::producer::EventProducer;
use crate::kafka::publish::{send_all, send_one};
use crate::render::publish::{self as render, OneSent};

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

/// The broker's facts: which topics exist, and what size of event each accepts (a warning when
/// that cannot be known). This is also the reachability check, bounded by `--timeout`.
async fn resolve_targets(
    cx: &Context,
    topic: Option<String>,
) -> Result<(Targets, BTreeSet<String>)> {
    let facts = crate::kafka::publish::facts(&cx.admin()?, topic).await?;
    facts
        .size_check_skipped
        .into_iter()
        .for_each(|w| cx.out.warn(w));
    Ok((facts.targets, facts.existing))
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
        render::dry_run_one(topic, &one.key, kind.name, &one.envelope)?;
        return Ok(ExitCode::SUCCESS);
    }

    // The idempotent producer takes a moment to get its producer id: start it right away.
    let producer = EventProducer::new(&cx.kafka, Some(one.limit_range()))?;
    let (targets, existing) = resolve_targets(cx, args.topic.clone()).await?;
    let topic = targets.topic(kind).to_string();
    let bootstrap = &cx.settings.bootstrap;
    batch::require_topics(
        bootstrap,
        [&topic].into_iter(),
        args.topic.as_deref(),
        &existing,
    )?;
    targets
        .check_size(&topic, one.size())
        .map_err(|e| InputError::new(format!("{}: {e}", kind.name)))?;

    let (to, key, envelope) = (topic.clone(), one.key, one.envelope);
    let (delivered, position) = send_one(producer, to, key, envelope, kind.name).await?;
    let summary = Summary::from_topics(delivered.topics, 0);
    let Some((partition, offset)) = position else {
        if cx.out.json() {
            cx.out.print_json(&summary)?;
        }
        let failure = summary.failure(delivered.cause.as_deref());
        let failure = failure.unwrap_or_else(|| anyhow!("the event was not acknowledged"));
        return Err(write_denied(cx, &summary, delivered.cause.as_deref()).unwrap_or(failure));
    };
    let sent = OneSent {
        event_id: &one.event_id,
        event_type: kind.name,
        topic: &topic,
        partition,
        offset,
        summary: &summary,
    };
    render::print_one(&cx.out, &sent)?;
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------------
// Many events from a file

async fn publish_file(args: PublishArgs, path: PathBuf, cx: &Context) -> Result<ExitCode> {
    // Broker facts first (unless dry run): which topics exist and what they accept. This is also
    // the reachability check, so an unreachable broker fails within --timeout.
    let (targets, existing) = match args.dry_run {
        true => (Targets::new(args.topic.clone()), BTreeSet::new()),
        false => resolve_targets(cx, args.topic.clone()).await?,
    };
    // Started now, the idempotent producer gets its producer id while the file is checked.
    let producer = match args.dry_run {
        true => None,
        false => Some(EventProducer::new(&cx.kafka, targets.limit_range())?),
    };
    let source = args.source.clone();
    let batch = tokio::task::spawn_blocking(move || Batch::open(&path, targets, source))
        .await
        .context("the reader thread failed")??;
    let batch = Arc::new(batch);
    // From here on Ctrl-C and SIGTERM stop the checking or the queueing, and the events already
    // queued are accounted for before the exit with 130.
    let _claim = cx.interrupt.claim();

    let checked = Arc::new(check(cx, &batch, args.skip_invalid).await?);
    if args.dry_run {
        let (b, c) = (batch.clone(), checked.clone());
        tokio::task::spawn_blocking(move || render::dry_run_lines(&b, &c))
            .await
            .context("the printing thread failed")??;
        cx.out.note(batch::dry_run_note(&checked));
        return Ok(ExitCode::SUCCESS);
    }
    let (bootstrap, topic) = (&cx.settings.bootstrap, args.topic.as_deref());
    batch::require_topics(bootstrap, checked.valid.keys(), topic, &existing)?;
    let total = checked.total();
    if total == 0 {
        render::print_summary(&cx.out, &Summary::from_topics(Vec::new(), checked.invalid))?;
        return Ok(ExitCode::SUCCESS);
    }

    let producer = producer.ok_or_else(|| anyhow!("no producer outside a dry run"))?;
    let bar = render::sending_bar(cx.settings.stderr_is_terminal, total);
    let (interrupt, progress) = (cx.interrupt.clone(), bar.clone());
    let progress = move |acked| progress.set_position(acked);
    let sent = send_all(producer, batch, checked.clone(), interrupt, progress).await?;
    bar.finish_and_clear();
    let interrupted = cx.interrupt.is_set();
    let summary = Summary::from_topics(sent.topics, checked.invalid).ended(total, interrupted);
    if interrupted {
        render::print_summary(&cx.out, &summary)?;
        return Err(exit::Interrupted.into());
    }
    render::print_summary(&cx.out, &summary)?;
    let failure = summary.failure(sent.cause.as_deref());
    let failure = failure.map(|e| write_denied(cx, &summary, sent.cause.as_deref()).unwrap_or(e));
    failure.map_or(Ok(ExitCode::SUCCESS), Err)
}

/// For sends that failed: when librdkafka's last error says the producer was refused its id,
/// the denial in the words of every other one (operation, resources, grant).
fn write_denied(cx: &Context, summary: &Summary, cause: Option<&str>) -> Option<anyhow::Error> {
    let code = crate::kafka::errors::producer_id_denied(cause?)?;
    let topics: Vec<&str> = summary.topics.iter().map(|t| t.topic.as_str()).collect();
    if topics.is_empty() {
        return None;
    }
    Some(anyhow!(crate::kafka::errors::denied(
        "cannot publish: the idempotent producer needs WRITE on a topic to get its producer id",
        "WRITE",
        "Topic",
        &topics,
        &cx.kafka.principal(),
        code,
    )))
}

/// The first pass, with its progress bar, and what its outcome means: stop (an interrupt,
/// invalid lines without --skip-invalid, a file that changed) or go on with the valid events.
async fn check(cx: &Context, batch: &Arc<Batch>, skip_invalid: bool) -> Result<Checked> {
    let fingerprint = batch.input.fingerprint();
    let bar = render::checking_bar(cx.settings.stderr_is_terminal, batch.input.len());
    let (b, progress, interrupt) = (batch.clone(), bar.clone(), cx.interrupt.clone());
    let checked =
        tokio::task::spawn_blocking(move || b.check_all(&|n| progress.inc(n), &interrupt))
            .await
            .context("the checking thread failed")??;
    bar.finish_and_clear();
    if cx.interrupt.is_set() {
        cx.out.note("Interrupted while checking; nothing was sent.");
        return Err(exit::Interrupted.into());
    }
    let changed = batch.input.fingerprint() != fingerprint;
    let verdict = batch::after_check(&batch.label, &checked, skip_invalid, changed);
    verdict.warnings.into_iter().for_each(|w| cx.out.warn(w));
    match verdict.stop {
        Some(e) => Err(e),
        None => Ok(checked),
    }
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
}
