//! Offset resets as plain arithmetic: where each partition's committed offset should go for
//! each `reset-offsets` mode, clamped to what the log still holds ([log-start, log-end]).
//! Also the parsers of `--topic T:P,P`, `--to-datetime` and the `--from-file` CSV. No I/O here.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use anyhow::anyhow;
use serde::Serialize;

use crate::cluster::{Cluster, Watermarks};
use crate::exit::InputError;

/// A topic partition: `(topic, partition)`.
pub type Tp = (String, i32);

/// Where to move the committed offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// The log start: re-read everything still retained.
    Earliest,
    /// The log end: skip everything not yet read.
    Latest,
    /// Where the group is now (clamped into the log; useful after retention deleted data).
    Current,
    /// The same offset on every partition.
    Offset(i64),
    /// The committed offset plus (or minus) this many messages.
    ShiftBy(i64),
    /// The first message at or after this time, in ms since the epoch (`--to-datetime`,
    /// `--by-duration`). Past the last message: the log end.
    Timestamp(i64),
    /// Explicit offsets per partition (`--from-file`).
    Explicit(BTreeMap<Tp, i64>),
}

impl Mode {
    /// Whether the target depends on an offset looked up by time.
    pub fn needs_time_lookup(&self) -> Option<i64> {
        match self {
            Mode::Timestamp(ms) => Some(*ms),
            _ => None,
        }
    }
}

/// What is known about one partition before the reset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionFacts {
    pub topic: String,
    pub partition: i32,
    /// The group's committed offset, if any.
    pub current: Option<i64>,
    pub log_start: i64,
    pub log_end: i64,
    /// For [`Mode::Timestamp`]: the first offset at or after the time (`None` or negative when
    /// every message is older).
    pub at_time: Option<i64>,
}

/// The decision for one partition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanRow {
    pub topic: String,
    pub partition: i32,
    pub current: Option<i64>,
    /// `None` when the partition is left as it is (see `skipped`).
    pub new: Option<i64>,
    /// The target before clamping, when it was outside [log-start, log-end].
    pub requested: Option<i64>,
    pub log_start: i64,
    pub log_end: i64,
    /// Why the partition is left as it is.
    pub skipped: Option<String>,
}

impl PlanRow {
    pub fn clamped(&self) -> bool {
        self.requested.is_some()
    }
}

/// The target of one partition: `Ok((new, requested-if-clamped))` or `Err(why it is skipped)`.
pub fn target(mode: &Mode, p: &PartitionFacts) -> Result<(i64, Option<i64>), String> {
    let no_commit = || "no committed offset to start from".to_string();
    let requested = match mode {
        Mode::Earliest => p.log_start,
        Mode::Latest => p.log_end,
        Mode::Current => p.current.ok_or_else(no_commit)?,
        Mode::Offset(n) => *n,
        Mode::ShiftBy(delta) => p.current.ok_or_else(no_commit)?.saturating_add(*delta),
        Mode::Timestamp(_) => p.at_time.filter(|o| *o >= 0).unwrap_or(p.log_end),
        Mode::Explicit(offsets) => *offsets
            .get(&(p.topic.clone(), p.partition))
            .ok_or_else(|| "not in the file".to_string())?,
    };
    let new = clamp(requested, p.log_start, p.log_end);
    Ok((new, (new != requested).then_some(requested)))
}

/// `offset` limited to [log_start, log_end]. The log end is a valid position: the next
/// message to be written.
pub fn clamp(offset: i64, log_start: i64, log_end: i64) -> i64 {
    offset.max(log_start).min(log_end.max(log_start))
}

/// The plan for every partition, in the order given.
pub fn plan(mode: &Mode, partitions: &[PartitionFacts]) -> Vec<PlanRow> {
    partitions
        .iter()
        .map(|p| {
            let (new, requested, skipped) = match target(mode, p) {
                Ok((new, requested)) => (Some(new), requested, None),
                Err(why) => (None, None, Some(why)),
            };
            PlanRow {
                topic: p.topic.clone(),
                partition: p.partition,
                current: p.current,
                new,
                requested,
                log_start: p.log_start,
                log_end: p.log_end,
                skipped,
            }
        })
        .collect()
}

/// The offsets to commit: every partition of the plan that is not skipped.
pub fn commits(plan: &[PlanRow]) -> Vec<(String, i32, i64)> {
    plan.iter()
        .filter_map(|r| r.new.map(|n| (r.topic.clone(), r.partition, n)))
        .collect()
}

/// `ms` since the epoch, `duration` before `now_ms` (`--by-duration`), never before 1970.
pub fn before(now_ms: i64, duration: Duration) -> i64 {
    let back = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
    now_ms.saturating_sub(back).max(0)
}

/// `--to-datetime`: an RFC 3339 timestamp → ms since the epoch.
pub fn parse_datetime(text: &str) -> Result<i64, String> {
    let t = chrono::DateTime::parse_from_rfc3339(text.trim()).map_err(|e| {
        format!(
            "invalid timestamp '{text}': {e}; expected RFC 3339 with a time zone, e.g. \
             2024-05-01T10:00:00Z or 2024-05-01T12:00:00+02:00"
        )
    })?;
    let ms = t.timestamp_millis();
    if ms < 0 {
        return Err(format!("invalid timestamp '{text}': before 1970"));
    }
    Ok(ms)
}

/// `--topic T` (every partition) or `--topic T:0,2,5-7`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicSelection {
    pub topic: String,
    /// `None`: every partition of the topic. Otherwise inclusive ranges as typed (`4-6`, `2`
    /// is `2-2`), expanded only in [`resolve`], against the topic's partitions: a range is never
    /// materialised beyond them (`t:0-2147483647` is refused, not 2³¹ partitions).
    pub partitions: Option<Vec<(i32, i32)>>,
}

pub fn parse_topic_selection(text: &str) -> Result<TopicSelection, String> {
    let (topic, list) = match text.split_once(':') {
        Some((t, l)) => (t.trim(), Some(l.trim())),
        None => (text.trim(), None),
    };
    crate::names::check_topic_name(topic).map_err(|e| format!("invalid --topic '{text}': {e}"))?;
    let Some(list) = list else {
        return Ok(TopicSelection {
            topic: topic.to_string(),
            partitions: None,
        });
    };
    let bad = |why: &str| {
        format!("invalid --topic '{text}': {why}; expected TOPIC or TOPIC:P,P,... (e.g. orders:0,2,4-6)")
    };
    if list.is_empty() {
        return Err(bad("no partitions after ':'"));
    }
    let mut partitions = Vec::new();
    for item in list.split(',').map(str::trim) {
        let number = |s: &str| {
            s.parse::<i32>()
                .ok()
                .filter(|p| *p >= 0)
                .ok_or_else(|| bad(&format!("'{s}' is not a partition number")))
        };
        match item.split_once('-') {
            Some((from, to)) => {
                let (from, to) = (number(from.trim())?, number(to.trim())?);
                if from > to {
                    return Err(bad(&format!("range {item} runs backwards")));
                }
                partitions.push((from, to));
            }
            None => {
                let p = number(item)?;
                partitions.push((p, p));
            }
        }
    }
    Ok(TopicSelection {
        topic: topic.to_string(),
        partitions: Some(partitions),
    })
}

/// Why a selection does not match the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeError {
    NoTopic {
        topic: String,
        hint: Option<String>,
    },
    NoPartition {
        topic: String,
        partition: i32,
        count: usize,
    },
}

impl std::fmt::Display for ScopeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScopeError::NoTopic { topic, hint } => {
                write!(f, "topic '{topic}' does not exist")?;
                if let Some(h) = hint {
                    write!(f, "; did you mean '{h}'?")?;
                }
                Ok(())
            }
            ScopeError::NoPartition {
                topic,
                partition,
                count,
            } => write!(
                f,
                "topic '{topic}' has no partition {partition} (it has {count}: 0-{})",
                count.saturating_sub(1)
            ),
        }
    }
}

/// The partitions the selections name, checked against `existing` (topic → partition ids).
/// Repeated selections of one topic are merged; the result is sorted.
pub fn resolve(
    selections: &[TopicSelection],
    existing: &BTreeMap<String, Vec<i32>>,
) -> Result<Vec<Tp>, ScopeError> {
    let mut out = BTreeSet::new();
    for s in selections {
        let Some(ids) = existing.get(&s.topic) else {
            let names: Vec<&str> = existing.keys().map(String::as_str).collect();
            return Err(ScopeError::NoTopic {
                topic: s.topic.clone(),
                hint: crate::names::closest(&s.topic, names.iter().copied()).map(str::to_string),
            });
        };
        match &s.partitions {
            None => out.extend(ids.iter().map(|p| (s.topic.clone(), *p))),
            Some(ranges) => {
                for &(from, to) in ranges {
                    // Bounded by the topic: the first id the topic lacks is the error, so the
                    // work is at most the topic's partition count per range.
                    let mut p = from;
                    while p <= to {
                        if !ids.contains(&p) {
                            return Err(ScopeError::NoPartition {
                                topic: s.topic.clone(),
                                partition: p,
                                count: ids.len(),
                            });
                        }
                        out.insert((s.topic.clone(), p));
                        p += 1;
                    }
                }
            }
        }
    }
    Ok(out.into_iter().collect())
}

/// One line of a `--from-file` CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    /// 1-based line number, for messages about this entry.
    pub line: usize,
}

/// Parses `topic,partition,offset` lines (the format `kafka-consumer-groups --export`
/// writes). Blank lines and `#` comments are skipped; a first line `topic,partition,offset`
/// is taken as a header. Errors carry `file:line:col`.
pub fn parse_csv(text: &str, file: &str) -> Result<Vec<FileEntry>, InputError> {
    let mut entries: Vec<FileEntry> = Vec::new();
    let mut seen: BTreeMap<Tp, usize> = BTreeMap::new();
    let mut first = true;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let was_first = std::mem::replace(&mut first, false);
        if was_first
            && trimmed
                .split(',')
                .map(|f| f.trim().to_ascii_lowercase())
                .eq(["topic", "partition", "offset"])
        {
            continue;
        }
        let err =
            |col: usize, why: String| InputError::new(format!("{file}:{line_no}:{col}: {why}"));
        // Each field with its 1-based column (of its first non-blank character).
        let mut fields: Vec<(usize, &str)> = Vec::new();
        let mut start = 0;
        for part in line.split(',') {
            let lead = part.len() - part.trim_start().len();
            fields.push((line[..start + lead].chars().count() + 1, part.trim()));
            start += part.len() + 1;
        }
        if fields.len() != 3 {
            let col = fields.get(3).map_or(line.chars().count() + 1, |f| f.0);
            return Err(err(
                col,
                format!(
                    "expected topic,partition,offset (3 fields), found {}",
                    fields.len()
                ),
            ));
        }
        let (topic, partition, offset) = (fields[0], fields[1], fields[2]);
        crate::names::check_topic_name(topic.1).map_err(|e| err(topic.0, e))?;
        let partition_no = partition
            .1
            .parse::<i32>()
            .ok()
            .filter(|p| *p >= 0)
            .ok_or_else(|| {
                err(
                    partition.0,
                    format!("partition must be a number ≥ 0, found '{}'", partition.1),
                )
            })?;
        let offset_no = offset
            .1
            .parse::<i64>()
            .ok()
            .filter(|o| *o >= 0)
            .ok_or_else(|| {
                err(
                    offset.0,
                    format!("offset must be a number ≥ 0, found '{}'", offset.1),
                )
            })?;
        let key = (topic.1.to_string(), partition_no);
        if let Some(earlier) = seen.insert(key, line_no) {
            return Err(err(
                topic.0,
                format!(
                    "{}:{partition_no} is already given on line {earlier}",
                    topic.1
                ),
            ));
        }
        entries.push(FileEntry {
            topic: topic.1.to_string(),
            partition: partition_no,
            offset: offset_no,
            line: line_no,
        });
    }
    if entries.is_empty() {
        return Err(InputError::new(format!(
            "{file}: no offsets; expected lines of topic,partition,offset"
        )));
    }
    Ok(entries)
}

/// Checks the file's partitions against the cluster; the error names the file line.
pub fn check_entries(
    entries: &[FileEntry],
    existing: &BTreeMap<String, Vec<i32>>,
    file: &str,
) -> Result<(), String> {
    for e in entries {
        let selection = TopicSelection {
            topic: e.topic.clone(),
            partitions: Some(vec![(e.partition, e.partition)]),
        };
        resolve(&[selection], existing).map_err(|err| format!("{file}:{}:1: {err}", e.line))?;
    }
    Ok(())
}

/// Which partitions `reset-offsets` was asked to move.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// `--from-file`: the file's entries, and the file's name for messages.
    File(&'a [FileEntry], &'a str),
    /// `--all-topics`: every topic the group has committed offsets on.
    AllTopics,
    /// `--topic T[:P,...]`.
    Topics(&'a [TopicSelection]),
}

/// The partitions to reset, from the scope, the group's committed offsets and the topics that
/// exist (`topic → partition ids`), with warnings for people (a committed topic that is gone).
pub fn partitions(
    scope: Scope<'_>,
    group: &str,
    committed: &BTreeMap<Tp, i64>,
    existing: &BTreeMap<String, Vec<i32>>,
) -> anyhow::Result<(Vec<Tp>, Vec<String>)> {
    let mut warnings = Vec::new();
    let partitions: Vec<Tp> = match scope {
        Scope::File(entries, file) => {
            check_entries(entries, existing, file).map_err(|e| anyhow!(e))?;
            entries
                .iter()
                .map(|e| (e.topic.clone(), e.partition))
                .collect()
        }
        Scope::AllTopics => {
            let topics: BTreeSet<&String> = committed.keys().map(|(t, _)| t).collect();
            if topics.is_empty() {
                return Err(anyhow!(
                    "group '{group}' has no committed offsets, so --all-topics names nothing; name the topics with --topic"
                ));
            }
            let mut selections = Vec::new();
            for t in topics {
                if existing.contains_key(t) {
                    selections.push(TopicSelection {
                        topic: t.clone(),
                        partitions: None,
                    });
                } else {
                    warnings.push(format!(
                        "topic '{t}' no longer exists; the group's committed offsets on it are left as they are"
                    ));
                }
            }
            resolve(&selections, existing).map_err(|e| anyhow!(e))?
        }
        Scope::Topics(selections) => resolve(selections, existing).map_err(|e| match e {
            // Partitions the topic does not have: bad input (exit 2), nothing was changed.
            ScopeError::NoPartition { .. } => anyhow::Error::from(InputError::new(e.to_string())),
            ScopeError::NoTopic { .. } => {
                anyhow!("{e}. List topics with `spm-kafka topics list`.")
            }
        })?,
    };
    if partitions.is_empty() {
        return Err(anyhow!(
            "nothing to reset: none of the topics group '{group}' has offsets on exists any more"
        ));
    }
    Ok((partitions, warnings))
}

/// The topics that exist, as `topic → partition ids`.
pub fn existing(cluster: &Cluster) -> BTreeMap<String, Vec<i32>> {
    cluster
        .topics
        .values()
        .map(|t| (t.name.clone(), t.partitions.iter().map(|p| p.id).collect()))
        .collect()
}

/// Partitions without a leader have no readable log offsets: refused before any is read.
pub fn refuse_leaderless(partitions: &[Tp], cluster: &Cluster) -> anyhow::Result<()> {
    let leaderless: Vec<String> = partitions
        .iter()
        .filter(|(t, p)| {
            cluster
                .topics
                .get(t)
                .is_some_and(|t| t.partitions.iter().any(|x| x.id == *p && x.leaderless()))
        })
        .map(|(t, p)| format!("{t}:{p}"))
        .collect();
    if leaderless.is_empty() {
        return Ok(());
    }
    Err(anyhow!(
        "partitions without a leader: {}; their log offsets cannot be read, try again when the cluster has recovered",
        leaderless.join(", ")
    ))
}

/// The facts the plan is made from: each partition's committed offset, log offsets and (for a
/// time) the offset at that time. A partition the broker reported no log offsets for fails.
pub fn facts(
    partitions: &[Tp],
    committed: &BTreeMap<Tp, i64>,
    marks: &BTreeMap<Tp, Watermarks>,
    at_time: &BTreeMap<Tp, i64>,
) -> anyhow::Result<Vec<PartitionFacts>> {
    partitions
        .iter()
        .map(|tp| {
            let m = marks.get(tp).ok_or_else(|| {
                anyhow!(
                    "the broker did not report the log offsets of {}:{}",
                    tp.0,
                    tp.1
                )
            })?;
            Ok(PartitionFacts {
                topic: tp.0.clone(),
                partition: tp.1,
                current: committed.get(tp).copied(),
                log_start: m.log_start,
                log_end: m.log_end,
                at_time: at_time.get(tp).copied(),
            })
        })
        .collect()
}

/// Warnings for people about a plan: clamped offsets and partitions left as they are.
pub fn warnings(plan: &[PlanRow]) -> Vec<String> {
    let mut out = Vec::new();
    for r in plan {
        if let Some(requested) = r.requested {
            let (bound, which) = if requested < r.log_start {
                (r.log_start, "before the log start")
            } else {
                (r.log_end, "past the log end")
            };
            out.push(format!(
                "{}:{}: offset {requested} is {which}; using {bound}",
                r.topic, r.partition
            ));
        }
        if let Some(why) = &r.skipped {
            out.push(format!("{}:{}: left as it is: {why}", r.topic, r.partition));
        }
    }
    out
}

/// What the active-group rule needs to know of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub group: String,
    /// The group's state, as people read it (`Stable`, `in an unknown state`).
    pub state: String,
    /// The state is one of consumers at work (not Empty or Dead).
    pub state_active: bool,
    /// The client id of each member.
    pub members: Vec<String>,
}

impl Activity {
    /// A group with members, or in an active state, is not reset: the broker would reject the
    /// commit, and moving offsets under running consumers is never what anyone wants.
    pub fn is_active(&self) -> bool {
        self.state_active || !self.members.is_empty()
    }

    /// `group 'g' is Stable with 2 active members (a, b)`.
    pub fn description(&self) -> String {
        let n = self.members.len();
        let clients: BTreeSet<&str> = self.members.iter().map(String::as_str).collect();
        let clients = if clients.is_empty() {
            String::new()
        } else {
            format!(" ({})", clients.into_iter().collect::<Vec<_>>().join(", "))
        };
        format!(
            "group '{}' is {} with {n} active member{}{clients}",
            self.group,
            self.state,
            if n == 1 { "" } else { "s" }
        )
    }

    /// Right before `--execute` commits: the refusal, if the group is active.
    pub fn refusal(&self) -> Option<String> {
        let group = &self.group;
        self.is_active().then(|| {
            format!(
                "refusing to reset the offsets of group '{group}': {}. Stop the consumers of the group \
                 (every member), wait until `spm-kafka groups describe {group}` shows state Empty, then run this again.",
                self.description()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(current: Option<i64>, log_start: i64, log_end: i64) -> PartitionFacts {
        PartitionFacts {
            topic: "t".into(),
            partition: 0,
            current,
            log_start,
            log_end,
            at_time: None,
        }
    }

    #[test]
    fn earliest_and_latest() {
        let p = facts(Some(5), 2, 10);
        assert_eq!(target(&Mode::Earliest, &p), Ok((2, None)));
        assert_eq!(target(&Mode::Latest, &p), Ok((10, None)));
        // Without a commit, earliest and latest still apply.
        assert_eq!(target(&Mode::Earliest, &facts(None, 0, 4)), Ok((0, None)));
    }

    #[test]
    fn current_keeps_the_offset_or_clamps_it_into_the_log() {
        assert_eq!(
            target(&Mode::Current, &facts(Some(5), 2, 10)),
            Ok((5, None))
        );
        assert_eq!(
            target(&Mode::Current, &facts(Some(1), 2, 10)),
            Ok((2, Some(1))),
            "retention deleted offset 1"
        );
        assert!(target(&Mode::Current, &facts(None, 2, 10)).is_err());
    }

    #[test]
    fn to_offset_is_clamped_both_ways() {
        let p = facts(Some(5), 2, 10);
        assert_eq!(target(&Mode::Offset(7), &p), Ok((7, None)));
        assert_eq!(target(&Mode::Offset(2), &p), Ok((2, None)));
        assert_eq!(target(&Mode::Offset(10), &p), Ok((10, None)));
        assert_eq!(target(&Mode::Offset(0), &p), Ok((2, Some(0))));
        assert_eq!(target(&Mode::Offset(1000), &p), Ok((10, Some(1000))));
    }

    #[test]
    fn shift_by_moves_from_the_commit() {
        let p = facts(Some(5), 2, 10);
        assert_eq!(target(&Mode::ShiftBy(3), &p), Ok((8, None)));
        assert_eq!(target(&Mode::ShiftBy(-3), &p), Ok((2, None)));
        assert_eq!(target(&Mode::ShiftBy(-4), &p), Ok((2, Some(1))));
        assert_eq!(target(&Mode::ShiftBy(6), &p), Ok((10, Some(11))));
        assert_eq!(target(&Mode::ShiftBy(0), &p), Ok((5, None)));
    }

    #[test]
    fn shift_by_never_overflows() {
        let p = facts(Some(5), 2, 10);
        assert_eq!(
            target(&Mode::ShiftBy(i64::MAX), &p),
            Ok((10, Some(i64::MAX)))
        );
        let low = facts(Some(-5), 0, 10);
        assert_eq!(
            target(&Mode::ShiftBy(i64::MIN), &low),
            Ok((0, Some(i64::MIN)))
        );
    }

    #[test]
    fn shift_by_without_commit_is_skipped() {
        let e = target(&Mode::ShiftBy(1), &facts(None, 0, 10)).unwrap_err();
        assert!(e.contains("no committed offset"), "{e}");
    }

    #[test]
    fn timestamp_uses_the_looked_up_offset_or_the_log_end() {
        let mut p = facts(Some(5), 2, 10);
        p.at_time = Some(4);
        assert_eq!(target(&Mode::Timestamp(1), &p), Ok((4, None)));
        p.at_time = None;
        assert_eq!(target(&Mode::Timestamp(1), &p), Ok((10, None)));
        p.at_time = Some(-1);
        assert_eq!(target(&Mode::Timestamp(1), &p), Ok((10, None)));
        // A time before the retained log: the lookup answers log-start already, but clamp anyway.
        p.at_time = Some(0);
        assert_eq!(target(&Mode::Timestamp(1), &p), Ok((2, Some(0))));
    }

    #[test]
    fn explicit_offsets_per_partition() {
        let m = Mode::Explicit(BTreeMap::from([(("t".to_string(), 0), 7)]));
        assert_eq!(target(&m, &facts(None, 0, 10)), Ok((7, None)));
        assert_eq!(target(&m, &facts(None, 0, 5)), Ok((5, Some(7))));
        let mut other = facts(None, 0, 10);
        other.partition = 1;
        assert!(target(&m, &other).is_err());
    }

    #[test]
    fn empty_log_clamps_to_its_single_position() {
        assert_eq!(
            target(&Mode::Offset(3), &facts(None, 4, 4)),
            Ok((4, Some(3)))
        );
        assert_eq!(clamp(9, 4, 4), 4);
        // A log end below the start (should not happen) never yields an offset below the start.
        assert_eq!(clamp(1, 5, 3), 5);
    }

    #[test]
    fn plan_and_commits() {
        let parts = [facts(Some(5), 0, 10), facts(None, 0, 10)];
        let rows = plan(&Mode::ShiftBy(2), &parts);
        assert_eq!(rows[0].new, Some(7));
        assert_eq!(rows[1].new, None);
        assert!(rows[1].skipped.is_some());
        assert_eq!(commits(&rows), vec![("t".to_string(), 0, 7)]);
        let rows = plan(&Mode::Offset(99), &parts);
        assert!(rows.iter().all(PlanRow::clamped));
        assert_eq!(commits(&rows).len(), 2);
    }

    #[test]
    fn by_duration_counts_back_from_now() {
        assert_eq!(before(10_000, Duration::from_secs(3)), 7_000);
        assert_eq!(before(10_000, Duration::from_secs(3600)), 0);
        assert_eq!(before(10_000, Duration::MAX), 0);
    }

    #[test]
    fn datetimes() {
        assert_eq!(parse_datetime("1970-01-01T00:00:01Z"), Ok(1000));
        assert_eq!(
            parse_datetime("2024-05-01T12:00:00+02:00"),
            Ok(1_714_557_600_000)
        );
        assert_eq!(
            parse_datetime("2024-05-01T10:00:00.250Z"),
            Ok(1_714_557_600_250)
        );
        for bad in [
            "2024-05-01",
            "2024-05-01T10:00:00",
            "yesterday",
            "",
            "1969-12-31T23:59:59Z",
        ] {
            assert!(parse_datetime(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn topic_selections() {
        assert_eq!(
            parse_topic_selection("orders"),
            Ok(TopicSelection {
                topic: "orders".into(),
                partitions: None
            })
        );
        let s = parse_topic_selection("orders:0,2,4-6").unwrap();
        assert_eq!(s.partitions, Some(vec![(0, 0), (2, 2), (4, 6)]));
        let huge = parse_topic_selection("orders:0-2147483647").unwrap();
        assert_eq!(
            huge.partitions,
            Some(vec![(0, i32::MAX)]),
            "kept as a range"
        );
        for bad in [
            "",
            ":1",
            "orders:",
            "orders:x",
            "orders:-1",
            "orders:3-1",
            "bad topic",
            "a/b:1",
        ] {
            assert!(parse_topic_selection(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn resolve_checks_topics_and_partitions() {
        let existing = BTreeMap::from([
            ("orders".to_string(), vec![0, 1, 2]),
            ("users".to_string(), vec![0]),
        ]);
        let all = parse_topic_selection("orders").unwrap();
        let one = parse_topic_selection("orders:1").unwrap();
        assert_eq!(resolve(&[all.clone(), one], &existing).unwrap().len(), 3);
        assert_eq!(
            resolve(&[parse_topic_selection("users").unwrap()], &existing).unwrap(),
            vec![("users".to_string(), 0)]
        );
        let e = resolve(&[parse_topic_selection("order").unwrap()], &existing).unwrap_err();
        assert_eq!(
            e.to_string(),
            "topic 'order' does not exist; did you mean 'orders'?"
        );
        let e = resolve(&[parse_topic_selection("orders:5").unwrap()], &existing).unwrap_err();
        assert_eq!(
            e.to_string(),
            "topic 'orders' has no partition 5 (it has 3: 0-2)"
        );
        let e = resolve(
            &[parse_topic_selection("orders:0-2147483647").unwrap()],
            &existing,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "topic 'orders' has no partition 3 (it has 3: 0-2)"
        );
        let ranged = resolve(&[parse_topic_selection("orders:2,0-1").unwrap()], &existing);
        assert_eq!(ranged.unwrap().len(), 3, "ranges and single ids merge");
    }

    #[test]
    fn csv_parses_with_header_comments_and_blank_lines() {
        let text = "topic,partition,offset\n# saved 2024-05-01\n\norders,0,5\r\n orders , 1 , 7 \nusers,0,0\n";
        let e = parse_csv(text, "o.csv").unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(
            e[1],
            FileEntry {
                topic: "orders".into(),
                partition: 1,
                offset: 7,
                line: 5
            }
        );
    }

    #[test]
    fn csv_errors_name_line_and_column() {
        let err = |text: &str| parse_csv(text, "o.csv").unwrap_err().to_string();
        assert_eq!(
            err("orders,0,5\norders,x,5\n"),
            "o.csv:2:8: partition must be a number ≥ 0, found 'x'"
        );
        assert_eq!(
            err("orders,0,-5\n"),
            "o.csv:1:10: offset must be a number ≥ 0, found '-5'"
        );
        assert_eq!(
            err("orders,0\n"),
            "o.csv:1:9: expected topic,partition,offset (3 fields), found 2"
        );
        assert_eq!(
            err("orders,0,1,2\n"),
            "o.csv:1:12: expected topic,partition,offset (3 fields), found 4"
        );
        assert!(err("bad topic,0,1\n").starts_with(
            "o.csv:1:1: invalid topic name 'bad topic': character ' ' is not allowed"
        ));
        assert_eq!(
            err("# c\norders,0,1\n\norders,0,2\n"),
            "o.csv:4:1: orders:0 is already given on line 2"
        );
        // A header is only a header on the first line.
        assert_eq!(
            err("a,0,1\ntopic,partition,offset\n"),
            "o.csv:2:7: partition must be a number ≥ 0, found 'partition'"
        );
        assert_eq!(
            err("# only comments\n\n"),
            "o.csv: no offsets; expected lines of topic,partition,offset"
        );
        assert_eq!(
            err(""),
            "o.csv: no offsets; expected lines of topic,partition,offset"
        );
    }

    #[test]
    fn csv_entries_are_checked_against_the_cluster() {
        let existing = BTreeMap::from([("orders".to_string(), vec![0, 1])]);
        let entries = parse_csv("orders,0,1\norders,2,1\n", "o.csv").unwrap();
        assert_eq!(
            check_entries(&entries, &existing, "o.csv").unwrap_err(),
            "o.csv:2:1: topic 'orders' has no partition 2 (it has 2: 0-1)"
        );
        let entries = parse_csv("ordrs,0,1\n", "o.csv").unwrap();
        assert!(check_entries(&entries, &existing, "o.csv")
            .unwrap_err()
            .contains("did you mean 'orders'"));
    }

    fn activity(state_active: bool, members: &[&str]) -> Activity {
        Activity {
            group: "g".into(),
            state: if state_active { "Stable" } else { "Empty" }.into(),
            state_active,
            members: members.iter().map(|m| m.to_string()).collect(),
        }
    }

    #[test]
    fn an_active_group_is_refused() {
        assert!(!activity(false, &[]).is_active());
        assert_eq!(activity(false, &[]).refusal(), None);
        assert!(activity(true, &[]).is_active(), "an active state alone");
        let a = activity(false, &["b", "a", "a"]);
        assert!(a.is_active(), "members alone");
        assert_eq!(
            a.description(),
            "group 'g' is Empty with 3 active members (a, b)"
        );
        assert_eq!(
            activity(true, &[]).description(),
            "group 'g' is Stable with 0 active members"
        );
        let r = a.refusal().unwrap();
        assert!(
            r.starts_with("refusing to reset the offsets of group 'g': group 'g' is Empty"),
            "{r}"
        );
    }

    #[test]
    fn the_scope_names_the_partitions() {
        let existing = BTreeMap::from([("a".to_string(), vec![0, 1]), ("b".to_string(), vec![0])]);
        let committed = BTreeMap::from([(("a".to_string(), 1), 4), (("gone".to_string(), 0), 2)]);
        let (p, warnings) = partitions(Scope::AllTopics, "g", &committed, &existing).unwrap();
        assert_eq!(p, [("a".to_string(), 0), ("a".to_string(), 1)]);
        assert_eq!(
            warnings,
            ["topic 'gone' no longer exists; the group's committed offsets on it are left as they are"]
        );
        let e = partitions(Scope::AllTopics, "g", &BTreeMap::new(), &existing).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("group 'g' has no committed offsets"),
            "{e}"
        );
        let only_gone = BTreeMap::from([(("gone".to_string(), 0), 2)]);
        let e = partitions(Scope::AllTopics, "g", &only_gone, &existing).unwrap_err();
        assert!(e.to_string().starts_with("nothing to reset"), "{e}");
        let sel = [parse_topic_selection("a:5").unwrap()];
        let e = partitions(Scope::Topics(&sel), "g", &committed, &existing).unwrap_err();
        assert!(e.downcast_ref::<InputError>().is_some(), "bad input: {e}");
        let sel = [parse_topic_selection("nope").unwrap()];
        let e = partitions(Scope::Topics(&sel), "g", &committed, &existing).unwrap_err();
        assert!(e.downcast_ref::<InputError>().is_none());
        assert!(
            e.to_string()
                .ends_with("List topics with `spm-kafka topics list`."),
            "{e}"
        );
    }

    #[test]
    fn facts_need_the_log_offsets() {
        let tp = ("a".to_string(), 0);
        let marks = BTreeMap::from([(
            tp.clone(),
            Watermarks {
                log_start: 2,
                log_end: 9,
            },
        )]);
        let committed = BTreeMap::from([(tp.clone(), 5)]);
        let f = super::facts(
            std::slice::from_ref(&tp),
            &committed,
            &marks,
            &BTreeMap::new(),
        )
        .unwrap();
        assert_eq!(
            (f[0].current, f[0].log_start, f[0].log_end),
            (Some(5), 2, 9)
        );
        let e = super::facts(
            &[("b".to_string(), 1)],
            &committed,
            &marks,
            &BTreeMap::new(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "the broker did not report the log offsets of b:1"
        );
    }

    #[test]
    fn clamped_and_skipped_rows_are_told() {
        let rows = plan(&Mode::Offset(20), &[facts(Some(1), 0, 10)]);
        assert_eq!(
            warnings(&rows),
            ["t:0: offset 20 is past the log end; using 10"]
        );
    }
}
