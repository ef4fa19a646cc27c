//! `spm-kafka reset-offsets`: move a stopped group's committed offsets, safely.
//!
//! Dry run unless `--execute`. The targets come from `reset::plan` (pure), clamped to what the
//! log still holds. A group with active members is refused: the broker would reject the
//! commit, and moving offsets under running consumers is never what anyone wants.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{anyhow, Result};
use clap::{ArgGroup, Args};

use super::Context;
use crate::exit;
use crate::kafka::ffi::OffsetSpec;
use crate::kafka::groups::{self, GroupDetail};
use crate::render;
use crate::reset::{self, Mode, Scope, TopicSelection};

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("mode")
        .required(true)
        .args([
            "to_earliest", "to_latest", "to_current", "to_offset",
            "shift_by", "to_datetime", "by_duration", "from_file",
        ])
))]
#[command(after_help = "\
Examples:
  spm-kafka reset-offsets -g task-service -t task-events --to-earliest     # a dry run: the plan
  spm-kafka reset-offsets -g task-service -t task-events --to-earliest --execute
  spm-kafka reset-offsets -g task-service -t task-events:0,2 --shift-by -100 --execute
  spm-kafka reset-offsets -g task-service --all-topics --by-duration PT30M --execute
  spm-kafka reset-offsets -g task-service --from-file offsets.csv --execute")]
// Which partitions: a missing one names every way to say it, not only --topic.
#[command(group(
    ArgGroup::new("scope")
        .required(true)
        .multiple(false)
        .args(["topics", "all_topics", "from_file"])
))]
pub struct ResetArgs {
    /// The consumer group (it must have no active members for --execute)
    #[arg(short = 'g', long, value_name = "GROUP")]
    pub group: String,

    /// A topic, or some of its partitions (orders:0,2,4-6); repeatable
    #[arg(
        short = 't',
        long = "topic",
        value_name = "TOPIC[:P,P...]",
        value_parser = reset::parse_topic_selection
    )]
    pub topics: Vec<TopicSelection>,

    /// Every partition of every topic the group has committed offsets for
    #[arg(long, conflicts_with_all = ["topics", "from_file"])]
    pub all_topics: bool,

    /// To the oldest retained message (re-read everything)
    #[arg(long, help_heading = "Where to (exactly one)")]
    pub to_earliest: bool,

    /// To the log end (skip everything not yet read)
    #[arg(long, help_heading = "Where to (exactly one)")]
    pub to_latest: bool,

    /// Where the group is now, clamped into the log
    #[arg(long, help_heading = "Where to (exactly one)")]
    pub to_current: bool,

    /// To this offset on every partition
    #[arg(
        long,
        value_name = "N",
        value_parser = clap::value_parser!(i64).range(0..),
        help_heading = "Where to (exactly one)"
    )]
    pub to_offset: Option<i64>,

    /// Forward (+N) or back (-N) from the committed offset
    #[arg(
        long,
        value_name = "±N",
        allow_negative_numbers = true,
        help_heading = "Where to (exactly one)"
    )]
    pub shift_by: Option<i64>,

    /// To the first message at or after this time (RFC 3339: 2024-05-01T10:00:00Z)
    #[arg(
        long,
        value_name = "TIMESTAMP",
        value_parser = reset::parse_datetime,
        help_heading = "Where to (exactly one)"
    )]
    pub to_datetime: Option<i64>,

    /// To the first message at or after this long ago (30m, 1h30m, PT12H, 7d)
    #[arg(
        long,
        value_name = "DURATION",
        value_parser = crate::duration::parse,
        help_heading = "Where to (exactly one)"
    )]
    pub by_duration: Option<Duration>,

    /// To the offsets of a CSV file of topic,partition,offset lines (names the partitions too)
    #[arg(
        long,
        value_name = "CSV",
        conflicts_with = "topics",
        help_heading = "Where to (exactly one)"
    )]
    pub from_file: Option<PathBuf>,

    /// Commit the new offsets (without it, only show them)
    #[arg(long)]
    pub execute: bool,

    /// Only show the new offsets (the default; for kafka-consumer-groups habits)
    #[arg(long, conflicts_with = "execute")]
    pub dry_run: bool,
}

/// The mode, with any file read and any duration turned into a time. Bad input: exit 2.
fn mode(args: &ResetArgs, now_ms: i64) -> Result<(Mode, Option<Vec<reset::FileEntry>>)> {
    let chosen = [
        args.to_earliest.then_some(Mode::Earliest),
        args.to_latest.then_some(Mode::Latest),
        args.to_current.then_some(Mode::Current),
        args.to_offset.map(Mode::Offset),
        args.shift_by.map(Mode::ShiftBy),
        args.to_datetime.map(Mode::Timestamp),
        args.by_duration
            .map(|d| Mode::Timestamp(reset::before(now_ms, d))),
    ];
    if let Some(mode) = chosen.into_iter().flatten().next() {
        return Ok((mode, None));
    }
    if let Some(path) = &args.from_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| exit::InputError::new(format!("cannot read {}: {e}", path.display())))?;
        let entries = reset::parse_csv(&text, &path.display().to_string())?;
        return Ok((reset::explicit(&entries), Some(entries)));
    }
    exit::invalid("choose where to move the offsets: --to-earliest, --to-latest, --to-current, --to-offset, --shift-by, --to-datetime, --by-duration or --from-file")
}

pub async fn run(args: ResetArgs, cx: &Context) -> Result<ExitCode> {
    let (mode, entries) = mode(&args, chrono::Utc::now().timestamp_millis())?;
    let group = args.group.clone();
    let admin = cx.admin()?;
    let names = std::slice::from_ref(&group);
    let (listed, cluster, committed, details) = tokio::try_join!(
        admin.list_groups(),
        admin.metadata(),
        admin.committed_offsets(names),
        admin.describe_groups(names),
    )?;
    let committed = committed.get(&group).cloned().unwrap_or_default();
    let file = args
        .from_file
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let scope = match &entries {
        Some(entries) => Scope::File(entries, &file),
        None if args.all_topics => Scope::AllTopics,
        None => Scope::Topics(&args.topics),
    };
    let (partitions, warnings) =
        reset::partitions(scope, &group, &committed, &reset::existing(&cluster))?;
    let listed = listed.iter().map(|g| g.name.as_str());
    let unknown = reset::unknown_group_warning(&group, listed, !committed.is_empty());
    warnings
        .into_iter()
        .chain(unknown)
        .for_each(|w| cx.out.warn(w));
    reset::refuse_leaderless(&partitions, &cluster)?;
    let marks = admin.watermarks(partitions.clone()).await?;
    let at_time = match mode.needs_time_lookup().map(OffsetSpec::Timestamp) {
        Some(at) => admin.list_offsets(partitions.clone(), at).await?,
        None => BTreeMap::new(),
    };
    let facts = reset::facts(&partitions, &committed, &marks, &at_time)?;
    let plan = reset::plan(&mode, &facts);
    reset::warnings(&plan)
        .into_iter()
        .for_each(|w| cx.out.warn(w));
    let commits = reset::commits(&plan);

    if !args.execute {
        let activity = details.get(&group).map(GroupDetail::activity);
        let warning = activity.and_then(|a| a.dry_run_warning());
        render::reset::print_dry_run(&cx.out, &group, &reset::unexecuted(plan), warning)?;
        return Ok(ExitCode::SUCCESS);
    }
    if commits.is_empty() {
        render::reset::print(&cx.out, &group, &reset::unexecuted(plan), true)?;
        cx.out.note("Nothing to change.");
        return Ok(ExitCode::SUCCESS);
    }
    // Checked right before the change: consumers may have started since the plan was made.
    if let Some(d) = admin.describe_groups(names).await?.get(&group) {
        if let Some(e) = &d.error {
            return Err(anyhow!("cannot check the state of group '{group}': {e}"));
        }
        if let Some(refusal) = d.activity().refusal() {
            return Err(anyhow!(refusal));
        }
    }
    let outcomes = admin.commit_offsets(&group, commits).await?;
    // Read back what the broker now holds: only an offset seen there counts as done.
    let after = admin.committed_offsets(names).await?;
    let after = after.get(&group).cloned().unwrap_or_default();
    let (answers, members_refused) = groups::answers(&outcomes);
    let rows = reset::executed(plan, &answers, &after);
    render::reset::print(&cx.out, &group, &rows, true)?;
    let line = reset::verdict(&group, &rows, members_refused).map_err(|e| anyhow!(e))?;
    if !cx.out.json() {
        cx.out.line(line)?;
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn parse(args: &[&str]) -> Result<ResetArgs, clap::Error> {
        let cli = Cli::try_parse_from(
            ["spm-kafka", "reset-offsets"]
                .into_iter()
                .chain(args.iter().copied()),
        )?;
        match cli.command {
            Command::ResetOffsets(a) => Ok(a),
            other => panic!("{other:?}"),
        }
    }

    fn mode_of(args: &[&str]) -> Mode {
        mode(&parse(args).unwrap(), 1_000_000).unwrap().0
    }

    #[test]
    fn every_mode_parses() {
        let g = ["-g", "g", "-t", "orders"];
        let with = |extra: &[&str]| -> Vec<String> {
            g.iter()
                .chain(extra.iter())
                .map(|s| s.to_string())
                .collect()
        };
        let m = |extra: &[&str]| {
            let v = with(extra);
            mode_of(&v.iter().map(String::as_str).collect::<Vec<_>>())
        };
        assert_eq!(m(&["--to-earliest"]), Mode::Earliest);
        assert_eq!(m(&["--to-latest"]), Mode::Latest);
        assert_eq!(m(&["--to-current"]), Mode::Current);
        assert_eq!(m(&["--to-offset", "42"]), Mode::Offset(42));
        assert_eq!(m(&["--shift-by", "-5"]), Mode::ShiftBy(-5));
        assert_eq!(m(&["--shift-by", "+5"]), Mode::ShiftBy(5));
        assert_eq!(m(&["--shift-by=-7"]), Mode::ShiftBy(-7));
        assert_eq!(
            m(&["--to-datetime", "1970-01-01T00:00:02Z"]),
            Mode::Timestamp(2000)
        );
        assert_eq!(m(&["--by-duration", "10s"]), Mode::Timestamp(990_000));
    }

    #[test]
    fn exactly_one_mode() {
        let e = parse(&["-g", "g", "-t", "t"]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        for pair in [
            ["--to-earliest", "--to-latest"].as_slice(),
            &["--to-earliest", "--shift-by", "1"],
            &["--to-offset", "1", "--to-datetime", "2024-01-01T00:00:00Z"],
            &["--by-duration", "1h", "--to-current"],
        ] {
            let mut args = vec!["-g", "g", "-t", "t"];
            args.extend_from_slice(pair);
            assert_eq!(parse(&args).unwrap_err().exit_code(), 2, "{pair:?}");
        }
    }

    #[test]
    fn scope_is_required_and_exclusive() {
        let e = parse(&["-g", "g", "--to-latest"]).unwrap_err();
        assert_eq!(e.exit_code(), 2, "no --topic / --all-topics");
        let text = e.render().to_string();
        assert!(
            text.contains("--topic")
                && text.contains("--all-topics")
                && text.contains("--from-file"),
            "the error names every way to choose partitions: {text}"
        );
        assert!(parse(&["-g", "g", "--all-topics", "--to-latest"]).is_ok());
        assert_eq!(
            parse(&["-g", "g", "--all-topics", "-t", "t", "--to-latest"])
                .unwrap_err()
                .exit_code(),
            2
        );
        assert!(
            parse(&["-g", "g", "--from-file", "o.csv"]).is_ok(),
            "the file names the partitions"
        );
        assert_eq!(
            parse(&["-g", "g", "--from-file", "o.csv", "-t", "t"])
                .unwrap_err()
                .exit_code(),
            2
        );
        assert_eq!(
            parse(&["-t", "t", "--to-latest"]).unwrap_err().exit_code(),
            2,
            "no group"
        );
    }

    #[test]
    fn bad_values_are_usage_errors() {
        for bad in [
            ["--to-offset", "-1"].as_slice(),
            &["--to-offset", "x"],
            &["--shift-by", "1.5"],
            &["--to-datetime", "2024-05-01"],
            &["--by-duration", "soon"],
        ] {
            let mut args = vec!["-g", "g", "-t", "t"];
            args.extend_from_slice(bad);
            assert_eq!(parse(&args).unwrap_err().exit_code(), 2, "{bad:?}");
        }
        assert_eq!(
            parse(&["-g", "g", "-t", "t:x", "--to-latest"])
                .unwrap_err()
                .exit_code(),
            2
        );
    }

    #[test]
    fn topic_selections_and_execute() {
        let a = parse(&[
            "-g",
            "g",
            "-t",
            "a:0,1",
            "-t",
            "b",
            "--to-latest",
            "--execute",
        ])
        .unwrap();
        assert_eq!(a.topics.len(), 2);
        assert_eq!(a.topics[0].partitions, Some(vec![(0, 0), (1, 1)]));
        assert!(a.execute);
        assert_eq!(
            parse(&[
                "-g",
                "g",
                "-t",
                "a",
                "--to-latest",
                "--execute",
                "--dry-run"
            ])
            .unwrap_err()
            .exit_code(),
            2
        );
    }

    #[test]
    fn unreadable_or_bad_file_is_input_error() {
        let a = parse(&["-g", "g", "--from-file", "/nonexistent/o.csv"]).unwrap();
        let e = mode(&a, 0).unwrap_err();
        assert!(e.chain().any(|c| c.is::<exit::InputError>()));
        let dir = tempfile_dir();
        let path = dir.join("o.csv");
        std::fs::write(&path, "orders,0,5\norders,zero,1\n").unwrap();
        let a = parse(&["-g", "g", "--from-file", path.to_str().unwrap()]).unwrap();
        let e = mode(&a, 0).unwrap_err();
        assert!(e.chain().any(|c| c.is::<exit::InputError>()));
        assert!(
            e.to_string()
                .ends_with("o.csv:2:8: partition must be a number ≥ 0, found 'zero'"),
            "{e}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!("spm-kafka-reset-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }
}
