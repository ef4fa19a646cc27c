//! `spm-kafka tail TOPIC...`: read SPM events, readable at a glance or one JSON object per line.
//!
//! The command gathers the partitions and their offsets (admin, I/O), decides where each
//! partition starts and when reading is done (pure, in `crate::tail`), then reads on a blocking
//! thread (`kafka::consumer`'s reading loop) and prints every record that passes the filters
//! (`render::tail`). Without `--group` nothing is joined or committed (see `kafka::consumer`).

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use chrono::Utc;
use clap::Args;

use super::Context;
use crate::exit::InputError;
use crate::kafka::consumer::{EventConsumer, Reading};
use crate::kafka::ffi::OffsetSpec;
use crate::render::tail::RecordWriter;
use crate::tail::{
    ending, group_starts, output_format, parse_offset, parse_since, refuse_from_beginning,
    select_partitions, start_offsets, EndTracker, Filter, Flags, OffsetArg, Plan, Since, Start,
    Stop,
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

    let format = output_format(cx.settings.format, cx.settings.stdout_is_terminal);
    let filter = Filter {
        types: plan.types.clone(),
        key: args.key.as_ref().map(|k| k.as_bytes().to_vec()),
    };
    let color = cx.settings.color;
    // Made on the reading thread, which holds stdout.
    let sink = move || {
        let out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
        RecordWriter::new(out, format, filter, color)
    };
    let mut reading = Reading {
        max: args.max,
        tracker: None,
        flush_each: cx.settings.stdout_is_terminal,
        timeout: cx.settings.timeout,
        interrupt: cx.interrupt.clone(),
    };
    let (kafka, timeout) = (cx.kafka.clone(), cx.settings.timeout);
    // From here on Ctrl-C and SIGTERM stop the reading thread, which then commits and closes the
    // consumer (a group member leaves its group) before the exit with 130.
    let _claim = cx.interrupt.claim();

    if let Some(group) = args.group.clone() {
        let (from_beginning, until_end) = (args.from_beginning, args.until_end);
        return on_thread(move || {
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
                    reading.tracker = Some(EndTracker::new(&starts, &marks));
                }
                consumer.read(&mut reading, &mut sink())
            })();
            Ok(ending(read, consumer.close(timeout), Some(&group), timeout))
        })
        .await;
    }

    let by_time = match plan.start {
        Start::Time(ms) => {
            let at = OffsetSpec::Timestamp(ms);
            admin.list_offsets(partitions.clone(), at).await?
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
        reading.tracker = Some(tracker);
    }
    on_thread(move || {
        let consumer = EventConsumer::assigned(&kafka, &starts)?;
        let read = consumer.read(&mut reading, &mut sink());
        Ok(ending(read, consumer.close(timeout), None, timeout))
    })
    .await
}

/// Reads on a blocking thread (the reading closes its consumer before it returns how it ended)
/// and says how it ended: the exit, after a warning on stderr if there is one.
async fn on_thread(
    read: impl FnOnce() -> Result<(Result<ExitCode>, Option<String>)> + Send + 'static,
) -> Result<ExitCode> {
    let (ended, warning) = tokio::task::spawn_blocking(read)
        .await
        .context("the reading thread failed")??;
    if let Some(warning) = warning {
        let _ = writeln!(io::stderr().lock(), "warning: {warning}");
    }
    ended
}

#[cfg(test)]
mod tests {
    use super::*;

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
