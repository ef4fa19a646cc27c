//! The pure part of `tail`: where each partition starts, the reading plan from the flags, the
//! partitions to read, when `--until-end` is done, and the `--type`/`--key` filters. Plain data in
//! and out; the command (`commands::tail`) gathers the facts, reads and prints.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{anyhow, Result};
use chrono::{DateTime, Utc};

use crate::cluster::{Cluster, Watermarks};
use crate::events::catalogue;
use crate::exit::InputError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetArg {
    /// `--offset N`: every partition.
    All(i64),
    /// `--offset P:N`: partition P.
    Partition(i32, i64),
}

/// `--offset N` or `--offset P:N`.
pub fn parse_offset(text: &str) -> Result<OffsetArg, String> {
    let number = |s: &str, what: &str| -> Result<i64, String> {
        s.trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| format!("'{s}' is not a {what} (expected N or P:N with P, N >= 0; --last N counts back from the end)"))
    };
    match text.split_once(':') {
        None => Ok(OffsetArg::All(number(text, "offset")?)),
        Some((p, n)) => {
            let p = i32::try_from(number(p, "partition")?)
                .map_err(|_| format!("'{p}' is not a partition"))?;
            Ok(OffsetArg::Partition(p, number(n, "offset")?))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    Ago(Duration),
    At(DateTime<Utc>),
}

impl Since {
    pub fn millis(self, now: DateTime<Utc>) -> i64 {
        match self {
            Since::Ago(d) => {
                now.timestamp_millis() - i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 2)
            }
            Since::At(t) => t.timestamp_millis(),
        }
    }
}

/// `--since`: a duration ago or an RFC 3339 time.
pub fn parse_since(text: &str) -> Result<Since, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text.trim()) {
        return Ok(Since::At(t.with_timezone(&Utc)));
    }
    crate::duration::parse(text).map(Since::Ago).map_err(|e| {
        if text.trim().parse::<i64>().is_ok() {
            return e; // no unit: the duration's own hint (did you mean 30s?)
        }
        format!("'{text}' is neither a duration (30m, 1h30m, PT2H, 7d) nor an RFC 3339 time (2026-11-29T10:00:00Z)")
    })
}

/// A topic and a partition number.
pub type Tp = (String, i32);

/// Where every partition starts, before per-partition `--offset P:N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    End,
    Beginning,
    Offset(i64),
    /// Milliseconds since the epoch.
    Time(i64),
    Last(u64),
}

/// The reading plan from the flags, checked before anything is asked of the broker.
#[derive(Debug)]
pub struct Plan {
    pub start: Start,
    pub overrides: BTreeMap<i32, i64>,
    pub types: Vec<&'static str>,
}

/// The flags that decide the plan.
#[derive(Debug, Clone, Copy)]
pub struct Flags<'a> {
    pub topics: &'a [String],
    pub from_beginning: bool,
    pub offset: &'a [OffsetArg],
    pub since: Option<Since>,
    pub last: Option<u64>,
    pub types: &'a [String],
}

impl Plan {
    pub fn new(args: Flags<'_>, now: DateTime<Utc>) -> Result<Plan, InputError> {
        let mut all = None;
        let mut overrides = BTreeMap::new();
        for o in args.offset {
            match *o {
                OffsetArg::All(n) => {
                    if all.replace(n).is_some_and(|old| old != n) {
                        return Err(InputError::new(
                            "--offset N is given twice with different values",
                        ));
                    }
                }
                OffsetArg::Partition(p, n) => {
                    overrides.insert(p, n);
                }
            }
        }
        let mut starts = Vec::new();
        if args.from_beginning {
            starts.push(("--from-beginning", Start::Beginning));
        }
        if let Some(n) = all {
            starts.push(("--offset N", Start::Offset(n)));
        }
        if let Some(s) = args.since {
            starts.push(("--since", Start::Time(s.millis(now))));
        }
        if let Some(n) = args.last {
            starts.push(("--last", Start::Last(n)));
        }
        if starts.len() > 1 {
            let names: Vec<&str> = starts.iter().map(|(n, _)| *n).collect();
            return Err(InputError::new(format!(
                "{} choose different start positions; give one (--offset P:N may be combined with any)",
                names.join(" and ")
            )));
        }
        let kinds = args
            .types
            .iter()
            .map(|t| catalogue::require(t))
            .collect::<Result<Vec<_>, _>>()?;
        // A type is only ever on its own topic; another SPM topic never has it. (A topic that is
        // not an SPM topic may be a copy, made with `publish --topic`, and may have any type.)
        if args.topics.iter().all(|t| catalogue::is_spm_topic(t)) {
            if let Some(k) = kinds
                .iter()
                .find(|k| !args.topics.iter().any(|t| t == k.topic))
            {
                return Err(InputError::new(format!(
                    "{} is on {}, which is not read here: spm-kafka tail {} --type {}",
                    k.name, k.topic, k.topic, k.name
                )));
            }
        }
        let types = kinds.iter().map(|k| k.name).collect();
        Ok(Plan {
            start: starts.first().map_or(Start::End, |(_, s)| *s),
            overrides,
            types,
        })
    }
}

/// The partitions to read: every partition of the topics, or the `--partition` ones (each of
/// which must exist in every topic). `--offset P:N` must name a partition that is read.
pub fn select_partitions(
    cluster: &Cluster,
    topics: &[String],
    wanted: &[i32],
    overrides: &BTreeMap<i32, i64>,
) -> Result<Vec<(String, i32)>> {
    let missing: Vec<&str> = topics
        .iter()
        .filter(|t| !cluster.topics.contains_key(*t))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        let (noun, verb) = if missing.len() == 1 {
            ("topic", "does")
        } else {
            ("topics", "do")
        };
        let names: Vec<&str> = cluster.topics.keys().map(String::as_str).collect();
        let shown: Vec<String> = missing
            .iter()
            .map(|m| match crate::names::closest(m, names.iter().copied()) {
                Some(n) => format!("{m} (did you mean '{n}'?)"),
                None => m.to_string(),
            })
            .collect();
        return Err(anyhow!(
            "{noun} {} {verb} not exist — `spm-kafka topics list` shows the topics there are",
            shown.join(", ")
        ));
    }
    let mut out = Vec::new();
    for name in topics {
        let topic = &cluster.topics[name];
        let ids: Vec<i32> = topic.partitions.iter().map(|p| p.id).collect();
        let range = match (ids.first(), ids.last()) {
            (Some(a), Some(b)) => format!("partitions {a}-{b}"),
            _ => "no partitions".to_string(),
        };
        for p in wanted.iter().chain(overrides.keys()) {
            if !ids.contains(p) {
                return Err(
                    InputError::new(format!("{name} has no partition {p} ({range})")).into(),
                );
            }
        }
        for id in ids {
            if wanted.is_empty() || wanted.contains(&id) {
                out.push((name.clone(), id));
            }
        }
    }
    Ok(out)
}

/// Where each partition starts, and notes for people when a requested offset is not there.
pub fn start_offsets(
    partitions: &[Tp],
    marks: &BTreeMap<Tp, Watermarks>,
    start: Start,
    overrides: &BTreeMap<i32, i64>,
    by_time: &BTreeMap<Tp, i64>,
) -> (Vec<(Tp, i64)>, Vec<String>) {
    let mut starts = Vec::with_capacity(partitions.len());
    let mut notes = Vec::new();
    for tp in partitions {
        let m = marks.get(tp).copied().unwrap_or(Watermarks {
            log_start: 0,
            log_end: 0,
        });
        let wanted = match overrides.get(&tp.1) {
            Some(&n) => Start::Offset(n),
            None => start,
        };
        let offset = match wanted {
            Start::End => m.log_end,
            Start::Beginning => m.log_start,
            Start::Last(n) => m
                .log_end
                .saturating_sub(i64::try_from(n).unwrap_or(i64::MAX))
                .max(m.log_start),
            Start::Time(_) => match by_time.get(tp) {
                Some(&o) if o >= 0 => o.max(m.log_start),
                _ => m.log_end,
            },
            Start::Offset(n) if n < m.log_start => {
                notes.push(format!(
                    "{}[{}]: offset {n} is no longer on the topic (retention); starting at {}, the oldest",
                    tp.0, tp.1, m.log_start
                ));
                m.log_start
            }
            Start::Offset(n) => n,
        };
        starts.push((tp.clone(), offset));
    }
    (starts, notes)
}

/// `--until-end`: each partition is done once the next offset to read reaches the end offset it
/// had at start (an empty or already-read partition is done from the start).
type PartitionEnds = BTreeMap<i32, (i64, bool)>;

#[derive(Debug, Default)]
pub struct EndTracker {
    /// Per topic, per partition: (end at start, done).
    topics: Vec<(String, PartitionEnds)>,
    left: usize,
}

impl EndTracker {
    pub fn new(
        starts: &[((String, i32), i64)],
        marks: &BTreeMap<(String, i32), Watermarks>,
    ) -> EndTracker {
        let mut t = EndTracker::default();
        for ((topic, partition), start) in starts {
            let end = marks
                .get(&(topic.clone(), *partition))
                .map_or(0, |m| m.log_end);
            let done = *start >= end;
            if !done {
                t.left += 1;
            }
            let i = match t.topics.iter().position(|(n, _)| n == topic) {
                Some(i) => i,
                None => {
                    t.topics.push((topic.clone(), BTreeMap::new()));
                    t.topics.len() - 1
                }
            };
            t.topics[i].1.insert(*partition, (end, done));
        }
        t
    }

    /// The next offset to read of a partition is now `next`.
    pub fn advance(&mut self, topic: &str, partition: i32, next: i64) {
        if let Some((_, parts)) = self.topics.iter_mut().find(|(n, _)| n == topic) {
            if let Some((end, done)) = parts.get_mut(&partition) {
                if !*done && next >= *end {
                    *done = true;
                    self.left -= 1;
                }
            }
        }
    }

    pub fn all_done(&self) -> bool {
        self.left == 0
    }

    /// Done for every one of `partitions` (a group member's current assignment).
    pub fn done_for(&self, partitions: &[(String, i32)]) -> bool {
        !partitions.is_empty()
            && partitions.iter().all(|(t, p)| {
                self.topics
                    .iter()
                    .find(|(n, _)| n == t)
                    .and_then(|(_, parts)| parts.get(p))
                    .is_none_or(|(_, done)| *done)
            })
    }
}

/// `--type` and `--key`.
pub struct Filter {
    pub types: Vec<&'static str>,
    pub key: Option<Vec<u8>>,
}

impl Filter {
    pub fn key_matches(&self, key: Option<&[u8]>) -> bool {
        self.key.as_deref().is_none_or(|k| key == Some(k))
    }

    pub fn type_matches(&self, event_type: Option<&str>) -> bool {
        self.types.is_empty() || event_type.is_some_and(|t| self.types.contains(&t))
    }
}

/// `--group --from-beginning` starts at the oldest event only where the group has committed
/// nothing; with commits it would start at them, so the combination is refused rather than
/// silently ignored. Seeking instead would move the group's offsets back on the next commit —
/// a reset, which is `reset-offsets`' job (a dry run first, refused while the group is active).
pub fn refuse_from_beginning(
    group: &str,
    committed: &BTreeMap<(String, i32), i64>,
) -> Result<(), InputError> {
    let Some(((topic, _), _)) = committed.iter().next() else {
        return Ok(());
    };
    Err(InputError::new(format!(
        "--from-beginning with --group starts at the oldest event only for a group without \
commits, and group '{group}' has committed offsets on {topic}: a member reads from them — to read \
again from the beginning, stop its consumers and move them: spm-kafka reset-offsets --group {group} \
--topic {topic} --to-earliest --execute"
    )))
}

/// A group member's start for `--until-end`: its committed offset, else where a new group starts
/// (the oldest with `--from-beginning`, the end otherwise).
pub fn group_starts(
    partitions: &[Tp],
    marks: &BTreeMap<Tp, Watermarks>,
    committed: &BTreeMap<Tp, i64>,
    from_beginning: bool,
) -> Vec<(Tp, i64)> {
    partitions
        .iter()
        .map(|tp| {
            let m = marks.get(tp).copied().unwrap_or(Watermarks {
                log_start: 0,
                log_end: 0,
            });
            let default = if from_beginning {
                m.log_start
            } else {
                m.log_end
            };
            (tp.clone(), committed.get(tp).copied().unwrap_or(default))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(list: &[(&str, i32, i64, i64)]) -> BTreeMap<(String, i32), Watermarks> {
        list.iter()
            .map(|(t, p, s, e)| {
                (
                    (t.to_string(), *p),
                    Watermarks {
                        log_start: *s,
                        log_end: *e,
                    },
                )
            })
            .collect()
    }

    fn tps(list: &[(&str, i32)]) -> Vec<(String, i32)> {
        list.iter().map(|(t, p)| (t.to_string(), *p)).collect()
    }

    fn offsets(start: Start, overrides: &[(i32, i64)]) -> (Vec<i64>, Vec<String>) {
        let m = marks(&[("t", 0, 0, 10), ("t", 1, 5, 8), ("t", 2, 0, 0)]);
        let by_time = BTreeMap::from([
            (("t".to_string(), 0), 7),
            (("t".to_string(), 1), -1),
            (("t".to_string(), 2), -1),
        ]);
        let (starts, notes) = start_offsets(
            &tps(&[("t", 0), ("t", 1), ("t", 2)]),
            &m,
            start,
            &overrides.iter().copied().collect(),
            &by_time,
        );
        (starts.into_iter().map(|(_, o)| o).collect(), notes)
    }

    #[test]
    fn each_start_position() {
        assert_eq!(offsets(Start::End, &[]).0, [10, 8, 0]);
        assert_eq!(offsets(Start::Beginning, &[]).0, [0, 5, 0]);
        assert_eq!(
            offsets(Start::Last(3), &[]).0,
            [7, 5, 0],
            "never before the log start"
        );
        assert_eq!(
            offsets(Start::Time(123), &[]).0,
            [7, 8, 0],
            "no later event: the end"
        );
        assert_eq!(offsets(Start::Offset(6), &[]).0, [6, 6, 6]);
    }

    #[test]
    fn deleted_offsets_start_at_the_oldest_with_a_note() {
        let (o, notes) = offsets(Start::Offset(2), &[]);
        assert_eq!(o, [2, 5, 2]);
        assert_eq!(
            notes,
            ["t[1]: offset 2 is no longer on the topic (retention); starting at 5, the oldest"]
        );
    }

    #[test]
    fn per_partition_offsets_override_the_start() {
        assert_eq!(offsets(Start::End, &[(0, 3)]).0, [3, 8, 0]);
        assert_eq!(offsets(Start::Beginning, &[(1, 6)]).0, [0, 6, 0]);
    }

    #[test]
    fn until_end_tracks_each_partition() {
        let m = marks(&[("a", 0, 0, 3), ("a", 1, 0, 0), ("b", 0, 0, 2)]);
        let starts = vec![
            (("a".to_string(), 0), 0),
            (("a".to_string(), 1), 0),
            (("b".to_string(), 0), 2),
        ];
        let mut t = EndTracker::new(&starts, &m);
        assert!(!t.all_done(), "a/0 has 3 events to read");
        t.advance("a", 0, 2);
        assert!(!t.all_done());
        t.advance("b", 0, 9);
        t.advance("x", 0, 9);
        t.advance("a", 0, 3);
        assert!(t.all_done());
        t.advance("a", 0, 4);
        assert!(t.all_done(), "no double counting");
    }

    #[test]
    fn until_end_on_empty_partitions_is_done_at_once() {
        let m = marks(&[("a", 0, 0, 0), ("a", 1, 4, 4)]);
        let starts = vec![(("a".to_string(), 0), 0), (("a".to_string(), 1), 4)];
        assert!(EndTracker::new(&starts, &m).all_done());
    }

    #[test]
    fn group_members_wait_only_for_their_partitions() {
        let m = marks(&[("a", 0, 0, 3), ("a", 1, 0, 5)]);
        let starts = vec![(("a".to_string(), 0), 0), (("a".to_string(), 1), 0)];
        let mut t = EndTracker::new(&starts, &m);
        t.advance("a", 0, 3);
        assert!(t.done_for(&tps(&[("a", 0)])));
        assert!(!t.done_for(&tps(&[("a", 0), ("a", 1)])));
        assert!(!t.done_for(&[]), "nothing assigned yet");
    }

    #[test]
    fn offsets_and_since_parse() {
        assert_eq!(parse_offset("42").unwrap(), OffsetArg::All(42));
        assert_eq!(parse_offset("2:7").unwrap(), OffsetArg::Partition(2, 7));
        for bad in ["-1", "x", "1:", ":3", "1:-2", "a:b"] {
            assert!(parse_offset(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_since("2h").unwrap(),
            Since::Ago(Duration::from_secs(7200))
        );
        let at = parse_since("2026-11-29T10:00:00Z").unwrap();
        assert_eq!(at.millis(Utc::now()), 1_795_946_400_000);
        let now = DateTime::parse_from_rfc3339("2026-11-29T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            Since::Ago(Duration::from_secs(7200)).millis(now),
            1_795_946_400_000
        );
        assert!(parse_since("yesterday").is_err());
    }

    /// The plan for `tail TOPICS` with the start flags and `--type`s given.
    fn plan(
        topics: &[&str],
        start: (bool, &[OffsetArg], Option<u64>),
        types: &[&str],
    ) -> Result<Plan, InputError> {
        let topics: Vec<String> = topics.iter().map(|t| t.to_string()).collect();
        let types: Vec<String> = types.iter().map(|t| t.to_string()).collect();
        let (from_beginning, offset, last) = start;
        Plan::new(
            Flags {
                topics: &topics,
                from_beginning,
                offset,
                since: None,
                last,
                types: &types,
            },
            Utc::now(),
        )
    }

    #[test]
    fn one_start_position_at_a_time() {
        let none: &[OffsetArg] = &[];
        assert_eq!(
            plan(&["t"], (false, none, None), &[]).unwrap().start,
            Start::End
        );
        assert_eq!(
            plan(&["t"], (false, none, Some(5)), &[]).unwrap().start,
            Start::Last(5)
        );
        let e = plan(&["t"], (true, &[OffsetArg::All(3)], None), &[]).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("--from-beginning and --offset N choose"),
            "{e}"
        );
        let e = plan(
            &["t"],
            (false, &[OffsetArg::All(3), OffsetArg::All(4)], None),
            &[],
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "--offset N is given twice with different values"
        );
        let p = plan(&["t"], (true, &[OffsetArg::Partition(1, 3)], None), &[]).unwrap();
        assert_eq!((p.start, p.overrides.get(&1)), (Start::Beginning, Some(&3)));
    }

    #[test]
    fn types_must_be_in_the_catalogue() {
        let e = plan(&["t"], (false, &[], None), &["task_creatd"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown event type 'task_creatd' (did you mean 'task_created'?)"
        );
    }

    #[test]
    fn types_of_another_spm_topic_are_refused() {
        let e = plan(&["user-events"], (false, &[], None), &["task_created"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "task_created is on task-events, which is not read here: spm-kafka tail task-events --type task_created"
        );
        let both = plan(
            &["user-events", "task-events"],
            (false, &[], None),
            &["task_created"],
        );
        assert!(both.is_ok());
        let copy = plan(
            &["task-events-staging"],
            (false, &[], None),
            &["user_created"],
        );
        assert!(copy.is_ok(), "a copy may hold any type");
    }

    #[test]
    fn group_members_start_at_their_commits() {
        let m = marks(&[("a", 0, 2, 9), ("a", 1, 0, 5)]);
        let parts = tps(&[("a", 0), ("a", 1)]);
        let committed = BTreeMap::from([(("a".to_string(), 1), 3)]);
        let offsets = |from_beginning| -> Vec<i64> {
            group_starts(&parts, &m, &committed, from_beginning)
                .into_iter()
                .map(|(_, o)| o)
                .collect()
        };
        assert_eq!(offsets(false), [9, 3]);
        assert_eq!(offsets(true), [2, 3]);
    }

    #[test]
    fn from_beginning_with_a_group_only_without_commits() {
        assert!(refuse_from_beginning("g", &BTreeMap::new()).is_ok());
        let e = refuse_from_beginning("g", &BTreeMap::from([(("orders".to_string(), 1), 5)]))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("group 'g' has committed offsets on orders")
                && e.ends_with(
                    "spm-kafka reset-offsets --group g --topic orders --to-earliest --execute"
                ),
            "{e}"
        );
    }

    #[test]
    fn filters() {
        let f = Filter {
            types: vec!["task_created"],
            key: Some(b"k".to_vec()),
        };
        assert!(f.key_matches(Some(b"k")));
        assert!(!f.key_matches(Some(b"x")));
        assert!(!f.key_matches(None));
        assert!(f.type_matches(Some("task_created")));
        assert!(!f.type_matches(Some("task_deleted")));
        assert!(!f.type_matches(None));
        let none = Filter {
            types: vec![],
            key: None,
        };
        assert!(none.key_matches(None) && none.type_matches(None));
    }

    #[test]
    fn partitions_must_exist() {
        use crate::cluster::{Partition, Topic};
        let topic = |name: &str, n: i32| Topic {
            name: name.to_string(),
            partitions: (0..n)
                .map(|id| Partition {
                    id,
                    leader: 1,
                    replicas: vec![1],
                    isr: vec![1],
                })
                .collect(),
            config: BTreeMap::new(),
        };
        let cluster = Cluster {
            brokers: vec![],
            topics: BTreeMap::from([
                ("a".to_string(), topic("a", 3)),
                ("b".to_string(), topic("b", 1)),
            ]),
        };
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            select_partitions(&cluster, &names(&["a", "b"]), &[], &BTreeMap::new())
                .unwrap()
                .len(),
            4
        );
        assert_eq!(
            select_partitions(&cluster, &names(&["a"]), &[2], &BTreeMap::new()).unwrap(),
            tps(&[("a", 2)])
        );
        let e =
            select_partitions(&cluster, &names(&["a", "b"]), &[2], &BTreeMap::new()).unwrap_err();
        assert_eq!(e.to_string(), "b has no partition 2 (partitions 0-0)");
        let e =
            select_partitions(&cluster, &names(&["a", "nope"]), &[], &BTreeMap::new()).unwrap_err();
        assert!(
            e.to_string().starts_with("topic nope does not exist"),
            "{e}"
        );
        let e = select_partitions(&cluster, &names(&["aa"]), &[], &BTreeMap::new()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("topic aa (did you mean 'a'?) does not exist"),
            "{e}"
        );
        assert!(
            select_partitions(&cluster, &names(&["a"]), &[], &BTreeMap::from([(5, 1)])).is_err()
        );
    }
}
