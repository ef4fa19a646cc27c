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
use serde::Serialize;

use super::Context;
use crate::exit;
use crate::kafka::ffi::OffsetSpec;
use crate::kafka::groups::{CommitError, CommitOutcome, GroupDetail, GroupState};
use crate::output::{Color, Output};
use crate::reset::{self, Activity, Mode, PlanRow, Scope, TopicSelection};
use comfy_table::Cell;

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
    if args.to_earliest {
        return Ok((Mode::Earliest, None));
    }
    if args.to_latest {
        return Ok((Mode::Latest, None));
    }
    if args.to_current {
        return Ok((Mode::Current, None));
    }
    if let Some(n) = args.to_offset {
        return Ok((Mode::Offset(n), None));
    }
    if let Some(n) = args.shift_by {
        return Ok((Mode::ShiftBy(n), None));
    }
    if let Some(ms) = args.to_datetime {
        return Ok((Mode::Timestamp(ms), None));
    }
    if let Some(d) = args.by_duration {
        return Ok((Mode::Timestamp(reset::before(now_ms, d)), None));
    }
    if let Some(path) = &args.from_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| exit::InputError::new(format!("cannot read {}: {e}", path.display())))?;
        let entries = reset::parse_csv(&text, &path.display().to_string())?;
        let offsets = entries
            .iter()
            .map(|e| ((e.topic.clone(), e.partition), e.offset))
            .collect();
        return Ok((Mode::Explicit(offsets), Some(entries)));
    }
    exit::invalid("choose where to move the offsets: --to-earliest, --to-latest, --to-current, --to-offset, --shift-by, --to-datetime, --by-duration or --from-file")
}

/// One partition in the output (table and JSON).
#[derive(Debug, Serialize)]
struct ResultRow {
    #[serde(flatten)]
    plan: PlanRow,
    /// After --execute: `ok`, or why the broker refused this partition.
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<String>,
}

#[derive(Debug, Serialize)]
struct ResetJson<'a> {
    group: &'a str,
    executed: bool,
    partitions: &'a [ResultRow],
}

pub async fn run(args: ResetArgs, cx: &Context) -> Result<ExitCode> {
    let now_ms = chrono::Utc::now().timestamp_millis();
    let (mode, entries) = mode(&args, now_ms)?;
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
    for w in warnings {
        cx.out.warn(w);
    }
    if !listed.iter().any(|g| g.name == group) && committed.is_empty() {
        let known: Vec<&str> = listed.iter().map(|g| g.name.as_str()).collect();
        let hint = crate::names::closest(&group, known.iter().copied())
            .map(|n| format!(" (did you mean '{n}'?)"))
            .unwrap_or_default();
        cx.out.warn(format!(
            "group '{group}' does not exist yet{hint}: --execute creates it with these offsets"
        ));
    }
    reset::refuse_leaderless(&partitions, &cluster)?;
    let marks = admin.watermarks(partitions.clone()).await?;
    let at_time = match mode.needs_time_lookup() {
        Some(ms) => {
            admin
                .list_offsets(partitions.clone(), OffsetSpec::Timestamp(ms))
                .await?
        }
        None => BTreeMap::new(),
    };
    let facts = reset::facts(&partitions, &committed, &marks, &at_time)?;
    let plan = reset::plan(&mode, &facts);
    for w in reset::warnings(&plan) {
        cx.out.warn(w);
    }
    let commits = reset::commits(&plan);
    let detail = details.get(&group);

    if !args.execute {
        let rows: Vec<ResultRow> = plan
            .into_iter()
            .map(|plan| ResultRow { plan, result: None })
            .collect();
        print(&group, &rows, false, cx)?;
        if let Some(a) = detail.map(activity).filter(Activity::is_active) {
            cx.out.warn(format!(
                "{}; --execute will be refused until they are stopped",
                a.description()
            ));
        }
        let line = "Dry run: nothing changed. Add --execute to apply.";
        if cx.out.json() {
            cx.out.note(line);
        } else {
            cx.out.line(line)?;
        }
        return Ok(ExitCode::SUCCESS);
    }

    if commits.is_empty() {
        let rows: Vec<ResultRow> = plan
            .into_iter()
            .map(|plan| ResultRow { plan, result: None })
            .collect();
        print(&group, &rows, true, cx)?;
        cx.out.note("Nothing to change.");
        return Ok(ExitCode::SUCCESS);
    }

    // Checked right before the change: consumers may have started since the plan was made.
    let now = admin.describe_groups(names).await?;
    if let Some(d) = now.get(&group) {
        if let Some(e) = &d.error {
            return Err(anyhow!("cannot check the state of group '{group}': {e}"));
        }
        if let Some(refusal) = activity(d).refusal() {
            return Err(anyhow!(refusal));
        }
    }
    let outcomes = admin.commit_offsets(&group, commits).await?;
    // Read back what the broker now holds: only an offset seen there counts as done.
    let after = admin.committed_offsets(names).await?;
    let after = after.get(&group).cloned().unwrap_or_default();
    let results = verify(&plan, &outcomes, &after);
    let failed = results.iter().filter(|r| r.is_err()).count();
    let rows: Vec<ResultRow> = plan
        .into_iter()
        .zip(results)
        .map(|(plan, result)| {
            let result = match (&plan.new, result) {
                (None, _) => None,
                (Some(_), Ok(())) => Some("ok".to_string()),
                (Some(_), Err(e)) => Some(e),
            };
            ResultRow { plan, result }
        })
        .collect();
    print(&group, &rows, true, cx)?;
    let done = rows
        .iter()
        .filter(|r| r.result.as_deref() == Some("ok"))
        .count();
    if failed == 0 {
        if !cx.out.json() {
            cx.out.line(format!(
                "Reset {done} partition{} of group '{group}'.",
                if done == 1 { "" } else { "s" }
            ))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let hint = if outcomes.iter().any(|o| {
        o.result
            .as_ref()
            .is_err_and(CommitError::refused_for_members)
    }) {
        " The group has active members again: stop its consumers and run this again."
    } else {
        ""
    };
    Err(anyhow!(
        "{failed} of {} partitions of group '{group}' were not reset (see the table); {done} were.{hint}",
        failed + done
    ))
}

/// What the active-group rule (`reset::Activity`) needs of a described group.
fn activity(d: &GroupDetail) -> Activity {
    Activity {
        group: d.name.clone(),
        state: if d.state == GroupState::Unknown {
            "in an unknown state".to_string()
        } else {
            d.state.to_string()
        },
        state_active: d.state.is_active(),
        members: d.members.iter().map(|m| m.client_id.clone()).collect(),
    }
}

/// Each plan row's final result: the broker's per-partition answer, then the offset read back.
fn verify(
    plan: &[PlanRow],
    outcomes: &[CommitOutcome],
    after: &BTreeMap<(String, i32), i64>,
) -> Vec<Result<(), String>> {
    plan.iter()
        .map(|r| {
            let Some(new) = r.new else {
                return Ok(());
            };
            let outcome = outcomes
                .iter()
                .find(|o| o.topic == r.topic && o.partition == r.partition)
                .map(|o| o.result.clone().map_err(|e| e.to_string()))
                .unwrap_or_else(|| Err("not sent".into()));
            outcome?;
            match after.get(&(r.topic.clone(), r.partition)) {
                Some(&seen) if seen == new => Ok(()),
                Some(&seen) => Err(format!("the broker now holds {seen}, not {new}")),
                None => Err("no committed offset reads back".into()),
            }
        })
        .collect()
}

fn print(group: &str, rows: &[ResultRow], executed: bool, cx: &Context) -> Result<()> {
    if cx.out.json() {
        cx.out.print_json(&ResetJson {
            group,
            executed,
            partitions: rows,
        })?;
        return Ok(());
    }
    let mut header = vec!["GROUP", "TOPIC", "PARTITION", "CURRENT", "NEW"];
    if executed {
        header.push("RESULT");
    }
    let mut table = cx.out.table(&header);
    let show = |v: Option<i64>| v.map_or_else(|| "-".to_string(), |n| n.to_string());
    for r in rows {
        let p = &r.plan;
        let mut cells = vec![
            Cell::new(group),
            Cell::new(&p.topic),
            Cell::new(p.partition),
            Cell::new(show(p.current)),
            Cell::new(show(p.new)),
        ];
        if executed {
            cells.push(match r.result.as_deref() {
                None => Cell::new("skipped"),
                Some("ok") => Output::painted("ok", Color::Green, false),
                Some(e) => Output::painted(format!("FAILED {e}"), Color::Red, true),
            });
        }
        table.add_row(cells);
    }
    cx.out.print_table(&table)?;
    let moved = rows
        .iter()
        .filter(|r| r.plan.new.is_some() && r.plan.new != r.plan.current)
        .count();
    let unchanged = rows
        .iter()
        .filter(|r| r.plan.new.is_some() && r.plan.new == r.plan.current)
        .count();
    let skipped = rows.iter().filter(|r| r.plan.new.is_none()).count();
    let clamped = rows.iter().filter(|r| r.plan.clamped()).count();
    cx.out.note(format!(
        "{moved} to move, {unchanged} unchanged, {skipped} left as they are, {clamped} clamped"
    ));
    Ok(())
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

    fn row(new: Option<i64>) -> PlanRow {
        PlanRow {
            topic: "t".into(),
            partition: 0,
            current: Some(1),
            new,
            requested: None,
            log_start: 0,
            log_end: 10,
            skipped: None,
        }
    }

    #[test]
    fn only_an_offset_read_back_counts_as_done() {
        let plan = [row(Some(5))];
        let ok = [CommitOutcome {
            topic: "t".into(),
            partition: 0,
            result: Ok(()),
        }];
        let after = BTreeMap::from([(("t".to_string(), 0), 5)]);
        assert_eq!(verify(&plan, &ok, &after), vec![Ok(())]);
        let stale = BTreeMap::from([(("t".to_string(), 0), 1)]);
        assert_eq!(
            verify(&plan, &ok, &stale),
            vec![Err("the broker now holds 1, not 5".into())]
        );
        let refused = [CommitOutcome {
            topic: "t".into(),
            partition: 0,
            result: Err(broker(
                RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID,
                "Broker: Unknown member",
            )),
        }];
        let r = verify(&plan, &refused, &after);
        assert_eq!(
            r[0].as_ref().unwrap_err(),
            "Broker: Unknown member (UNKNOWN_MEMBER_ID)"
        );
        let unanswered = [CommitOutcome {
            topic: "t".into(),
            partition: 0,
            result: Err(CommitError::NotAnswered),
        }];
        assert_eq!(
            verify(&plan, &unanswered, &after),
            vec![Err("the broker did not answer for this partition".into())]
        );
        assert_eq!(verify(&plan, &[], &after), vec![Err("not sent".into())]);
        assert_eq!(verify(&[row(None)], &[], &BTreeMap::new()), vec![Ok(())]);
    }

    fn broker(code: rdkafka::bindings::rd_kafka_resp_err_t, message: &str) -> CommitError {
        CommitError::Broker(crate::kafka::ffi::AdminError {
            code,
            message: message.into(),
        })
    }

    use rdkafka::bindings::rd_kafka_resp_err_t::*;

    #[test]
    fn members_refuse_by_error_code_not_by_words() {
        for code in [
            RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID,
            RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION,
            RD_KAFKA_RESP_ERR_STALE_MEMBER_EPOCH,
            RD_KAFKA_RESP_ERR_FENCED_MEMBER_EPOCH,
            RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND,
        ] {
            assert!(broker(code, "refused").refused_for_members(), "{code:?}");
        }
        // Words in a message decide nothing: only the code does.
        let worded = broker(
            RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED,
            "not REBALANCE_IN_PROGRESS",
        );
        assert!(!worded.refused_for_members());
        assert!(!CommitError::NotAnswered.refused_for_members());
    }
}
