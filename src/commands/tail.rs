//! `spm-kafka tail TOPIC...`: read SPM events, readable at a glance or one JSON object per line.
//!
//! The command gathers the partitions and their offsets (admin, I/O), decides where each
//! partition starts and when reading is done (pure: [`start_offsets`], [`EndTracker`]), then
//! reads on a blocking thread and prints every record that passes the filters. Without `--group`
//! nothing is joined or committed (see `kafka::consumer`).

use std::collections::{BTreeMap, HashSet};
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context as _, Result};
use chrono::Utc;
use clap::Args;

use super::Context;
use crate::events::record::{inspect, Printer};
use crate::exit::InputError;
use crate::interrupt::Interrupt;
use crate::kafka::consumer::{record, EventConsumer, Polled};
use crate::kafka::ffi::OffsetSpec;
use crate::output::Format;
use crate::tail::{
    group_starts, parse_offset, parse_since, refuse_from_beginning, select_partitions,
    start_offsets, EndTracker, Filter, Flags, OffsetArg, Plan, Since, Start,
};

const AFTER_HELP: &str = "\
Output (-o): pretty (the default on a terminal: one block per event with time, topic/partition/offset,
key, the event type in colour and the data fields), json (the default when stdout is not a terminal:
one object per line with topic, partition, offset, timestamp, key, headers and event; an invalid
value adds \"invalid\": true and \"error\", and comes as \"value\" when it is not a JSON object), raw
(the value as it is). A value that is not JSON or not a valid SPM event is shown and marked invalid,
never dropped. `tail -o json` output can be replayed with `spm-kafka publish --file`.

Without --group, tail joins no consumer group and commits nothing.

Examples:
  spm-kafka tail task-events                          # follow new events
  spm-kafka tail task-events --from-beginning --until-end -o json > saved.jsonl
  spm-kafka tail task-events --since 2h --type task_assigned --key task-123
  spm-kafka tail task-events project-events --last 5 --until-end";

#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct TailArgs {
    /// The topics to read
    #[arg(required_unless_present = "topic_flags", value_name = "TOPIC")]
    pub topics: Vec<String>,

    /// A topic to read, as -t in lag, reset-offsets and kcat (repeatable; adds to TOPIC...)
    #[arg(short = 't', long = "topic", value_name = "TOPIC")]
    pub topic_flags: Vec<String>,

    /// Start at the oldest event still on each partition [default: the end, following new events]
    #[arg(long)]
    pub from_beginning: bool,

    /// Start at offset N of every partition, or P:N to start partition P at N (repeatable)
    #[arg(long, value_name = "N|P:N", value_parser = parse_offset)]
    pub offset: Vec<OffsetArg>,

    /// Start at the first event at or after a time: a duration ago (30m, 1h30m, PT2H, 7d) or RFC 3339
    #[arg(long, value_name = "DURATION|TIMESTAMP", value_parser = parse_since)]
    pub since: Option<Since>,

    /// Start N events before the end of each partition
    #[arg(long, value_name = "N")]
    pub last: Option<u64>,

    /// Stop after N events (counted after the filters)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max: Option<u64>,

    /// Stop when every partition has reached the end offset it had at start
    #[arg(long)]
    pub until_end: bool,

    /// Only events of this type (repeatable)
    #[arg(long = "type", value_name = "EVENT_TYPE")]
    pub types: Vec<String>,

    /// Only records with this key
    #[arg(short = 'k', long, value_name = "KEY")]
    pub key: Option<String>,

    /// Only this partition (repeatable)
    #[arg(long, value_name = "P")]
    pub partition: Vec<i32>,

    /// Read as a member of this consumer group, from its committed offsets (a new group: the end,
    /// or the oldest with --from-beginning), commit what was written out and leave the group on
    /// exit (never without this flag)
    #[arg(
        short = 'g',
        long,
        value_name = "GROUP",
        conflicts_with_all = ["offset", "since", "last", "partition"]
    )]
    pub group: Option<String>,
}

impl TailArgs {
    /// `-t T` and the positional `T` name topics alike.
    fn with_topic_flags(mut self) -> TailArgs {
        self.topics.append(&mut self.topic_flags);
        self
    }

    /// The reading plan from the flags, checked before anything is asked of the broker.
    fn plan(&self, now: chrono::DateTime<Utc>) -> Result<Plan, InputError> {
        Plan::new(
            Flags {
                topics: &self.topics,
                from_beginning: self.from_beginning,
                offset: &self.offset,
                since: self.since,
                last: self.last,
                types: &self.types,
            },
            now,
        )
    }
}

/// The resolved output format: `-o` if given, else pretty on a terminal and JSON otherwise.
fn output_format(chosen: Option<Format>, stdout_is_terminal: bool) -> Format {
    chosen.unwrap_or(if stdout_is_terminal {
        Format::Table
    } else {
        Format::Json
    })
}

/// Everything the reading thread needs.
struct Reader {
    format: Format,
    filter: Filter,
    max: Option<u64>,
    tracker: Option<EndTracker>,
    group: bool,
    color: bool,
    flush_each: bool,
    timeout: Duration,
    interrupt: Interrupt,
}

/// Why reading stopped (errors aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// `--max`, `--until-end`.
    Done,
    /// Ctrl-C or SIGTERM.
    Interrupted,
}

/// The end of a reading thread: the consumer was closed (`closed`: in time), and the outcome of
/// reading decides the exit. A member that could not leave its group says so.
fn finish(
    read: Result<Stop>,
    closed: bool,
    group: Option<&str>,
    timeout: Duration,
) -> Result<ExitCode> {
    let stop = read?;
    if let (false, Some(group)) = (closed, group) {
        let problem = anyhow!(
            "cannot commit and leave consumer group '{group}' within {} (is the broker still \
there?); the group drops this member after its session timeout",
            crate::kafka::humantime(timeout)
        );
        if stop == Stop::Interrupted {
            let _ = writeln!(io::stderr().lock(), "warning: {problem}");
        } else {
            return Err(problem);
        }
    }
    match stop {
        Stop::Done => Ok(ExitCode::SUCCESS),
        Stop::Interrupted => Err(crate::exit::Interrupted.into()),
    }
}

pub async fn run(args: TailArgs, cx: &Context) -> Result<ExitCode> {
    let args = args.with_topic_flags();
    let plan = args.plan(Utc::now())?;
    let mut topics: Vec<String> = Vec::new();
    for t in &args.topics {
        if !topics.contains(t) {
            topics.push(t.clone());
        }
    }
    let admin = cx.admin()?;
    let cluster = admin.metadata().await?;
    let partitions = select_partitions(&cluster, &topics, &args.partition, &plan.overrides)?;
    let marks = admin.watermarks(partitions.clone()).await?;

    let mut reader = Reader {
        format: output_format(cx.settings.format, cx.settings.stdout_is_terminal),
        filter: Filter {
            types: plan.types.clone(),
            key: args.key.as_ref().map(|k| k.as_bytes().to_vec()),
        },
        max: args.max,
        tracker: None,
        group: args.group.is_some(),
        color: cx.settings.color,
        flush_each: cx.settings.stdout_is_terminal,
        timeout: cx.settings.timeout,
        interrupt: cx.interrupt.clone(),
    };
    let kafka = cx.kafka.clone();
    // From here on Ctrl-C and SIGTERM stop the reading thread, which then commits and closes the
    // consumer (a group member leaves its group) before the exit with 130.
    let _claim = cx.interrupt.claim();

    if let Some(group) = args.group.clone() {
        let from_beginning = args.from_beginning;
        let until_end = args.until_end;
        let timeout = cx.settings.timeout;
        return tokio::task::spawn_blocking(move || -> Result<ExitCode> {
            let consumer = EventConsumer::for_group(&kafka, &group, &topics, from_beginning)?;
            let read = (|| -> Result<Stop> {
                let committed = if from_beginning || until_end {
                    consumer.committed(&partitions)?
                } else {
                    BTreeMap::new()
                };
                if from_beginning {
                    refuse_from_beginning(&group, &committed)?;
                }
                consumer.subscribe(&topics)?;
                if until_end {
                    let starts = group_starts(&partitions, &marks, &committed, from_beginning);
                    reader.tracker = Some(EndTracker::new(&starts, &marks));
                }
                reader.read(&consumer)
            })();
            finish(read, consumer.close(timeout), Some(&group), timeout)
        })
        .await
        .context("the reading thread failed")?;
    }

    let by_time = match plan.start {
        Start::Time(ms) => {
            admin
                .list_offsets(partitions.clone(), OffsetSpec::Timestamp(ms))
                .await?
        }
        _ => BTreeMap::new(),
    };
    let (starts, notes) = start_offsets(&partitions, &marks, plan.start, &plan.overrides, &by_time);
    for note in notes {
        cx.out.warn(note);
    }
    if args.until_end {
        let tracker = EndTracker::new(&starts, &marks);
        if tracker.all_done() {
            return Ok(ExitCode::SUCCESS);
        }
        reader.tracker = Some(tracker);
    }
    let timeout = cx.settings.timeout;
    tokio::task::spawn_blocking(move || -> Result<ExitCode> {
        let consumer = EventConsumer::assigned(&kafka, &starts)?;
        let read = reader.read(&consumer);
        finish(read, consumer.close(timeout), None, timeout)
    })
    .await
    .context("the reading thread failed")?
}

impl Reader {
    /// Reads until `--max`, `--until-end`, a closed stdout (BrokenPipe), Ctrl-C or SIGTERM;
    /// whatever the way out, the caller closes the consumer.
    fn read(&mut self, consumer: &EventConsumer) -> Result<Stop> {
        let stdout = io::stdout();
        let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
        let mut printer = Printer::new(self.color);
        let mut shown = 0u64;
        let mut last_flush = Instant::now();
        let mut last_progress = Instant::now();
        let mut warned: HashSet<String> = HashSet::new();
        // Group members: offsets of what was written, stored once it is flushed.
        let mut written: BTreeMap<(String, i32), i64> = BTreeMap::new();
        let poll = Duration::from_millis(100);
        let mut stop = Stop::Done;
        loop {
            if self.interrupt.is_set() {
                stop = Stop::Interrupted;
                break;
            }
            let check_end = match consumer.poll(poll) {
                Polled::Message(message) => {
                    last_progress = Instant::now();
                    let r = record(&message);
                    if let Some(t) = &mut self.tracker {
                        t.advance(r.topic, r.partition, r.offset + 1);
                    }
                    if self.filter.key_matches(r.key) {
                        let needs_inspection =
                            self.format != Format::Raw || !self.filter.types.is_empty();
                        let inspection = needs_inspection.then(|| inspect(r.topic, r.value));
                        let type_ok = self.filter.type_matches(
                            inspection.as_ref().and_then(|i| i.event_type.as_deref()),
                        );
                        if type_ok {
                            match (self.format, &inspection) {
                                (Format::Raw, _) | (_, None) => printer.raw(&mut out, &r)?,
                                (Format::Json, Some(i)) => printer.json(&mut out, &r, i)?,
                                (Format::Table, Some(i)) => printer.pretty(&mut out, &r, i)?,
                            }
                            shown += 1;
                        }
                    }
                    if self.group {
                        written.insert((r.topic.to_string(), r.partition), r.offset + 1);
                    }
                    if self.flush_each || last_flush.elapsed() > Duration::from_millis(200) {
                        self.flush(&mut out, consumer, &mut written)?;
                        last_flush = Instant::now();
                    }
                    if self.max.is_some_and(|m| shown >= m) {
                        break;
                    }
                    self.tracker.as_ref().is_some_and(EndTracker::all_done) || self.group
                }
                Polled::EndOfPartition => {
                    last_progress = Instant::now();
                    true
                }
                Polled::Idle => {
                    self.flush(&mut out, consumer, &mut written)?;
                    last_flush = Instant::now();
                    true
                }
                Polled::Error { text: e, permanent } => {
                    if let Some(why) = permanent {
                        // Retrying cannot help (access denied, topic deleted): end, exit 1.
                        self.flush(&mut out, consumer, &mut written)?;
                        return Err(anyhow!(why));
                    }
                    if warned.insert(e.clone()) {
                        let _ = writeln!(io::stderr().lock(), "warning: {e}");
                    }
                    if self.tracker.is_some() && last_progress.elapsed() > self.timeout {
                        self.flush(&mut out, consumer, &mut written)?;
                        return Err(anyhow!(
                            "no progress reading to the end within {}: {e}",
                            crate::kafka::humantime(self.timeout)
                        ));
                    }
                    false
                }
            };
            if check_end && self.finished(consumer) {
                break;
            }
        }
        self.flush(&mut out, consumer, &mut written)?;
        consumer.commit()?;
        Ok(stop)
    }

    /// With `--until-end`: every partition (of a group member: every assigned one) is done.
    fn finished(&mut self, consumer: &EventConsumer) -> bool {
        let Some(tracker) = &mut self.tracker else {
            return false;
        };
        if !tracker.all_done() {
            // Positions also move past records that are never delivered (transaction markers).
            for ((topic, partition), next) in consumer.positions() {
                tracker.advance(&topic, partition, next);
            }
        }
        if self.group {
            tracker.done_for(&consumer.assignment())
        } else {
            tracker.all_done()
        }
    }

    fn flush(
        &self,
        out: &mut impl Write,
        consumer: &EventConsumer,
        written: &mut BTreeMap<(String, i32), i64>,
    ) -> Result<()> {
        out.flush()?;
        if !written.is_empty() {
            consumer.store(written)?;
            written.clear();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_unless_a_terminal() {
        assert_eq!(output_format(None, true), Format::Table);
        assert_eq!(output_format(None, false), Format::Json);
        assert_eq!(output_format(Some(Format::Raw), true), Format::Raw);
    }

    #[test]
    fn flags_make_the_plan() {
        use clap::Parser;
        #[derive(Parser)]
        struct Wrap {
            #[command(flatten)]
            tail: TailArgs,
        }
        let args = |extra: &[&str]| {
            Wrap::try_parse_from(["tail", "t", "-t", "u"].iter().chain(extra.iter()))
                .unwrap()
                .tail
                .with_topic_flags()
        };
        let p = args(&["--last", "5", "--offset", "1:3"])
            .plan(Utc::now())
            .unwrap();
        assert_eq!((p.start, p.overrides.get(&1)), (Start::Last(5), Some(&3)));
        let e = args(&["--from-beginning", "--since", "2h"])
            .plan(Utc::now())
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("--from-beginning and --since choose"),
            "{e}"
        );
        assert_eq!(args(&[]).topics, ["t", "u"]);
    }
}
