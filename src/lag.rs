//! Consumer lag as plain arithmetic: committed offsets and log-end offsets in, one row per
//! partition and totals per group and topic out. No I/O here.
//!
//! Lag is `log_end - committed`. A partition without a committed offset has an unknown lag:
//! it is shown as `-` (`null` in JSON) and counted apart, never as zero. A total over
//! partitions none of which has a known lag (a group with nothing committed) is unknown too,
//! `-`/`null`, in `lag`, `groups list` and `groups describe` alike: 0 would say "caught up"
//! of a group that has read nothing. A committed offset beyond the log end (topic recreated,
//! log truncated) counts as lag 0.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::cluster::Watermarks;
use crate::names::TopicPartition;

/// What one group consumes, as read from the cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupOffsets {
    pub group: String,
    /// Committed offsets (only partitions that have one).
    pub committed: BTreeMap<TopicPartition, i64>,
    /// Partitions assigned to the group's members right now (committed or not).
    pub assigned: BTreeSet<TopicPartition>,
}

/// One partition of one group. The JSON field names are a stable interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LagRow {
    pub group: String,
    pub topic: String,
    pub partition: i32,
    pub committed: Option<i64>,
    pub log_start: Option<i64>,
    pub log_end: Option<i64>,
    pub lag: Option<i64>,
}

/// `log_end - committed`, or `None` when either is unknown.
pub fn partition_lag(committed: Option<i64>, log_end: Option<i64>) -> Option<i64> {
    let (committed, log_end) = (committed?, log_end?);
    Some(log_end.saturating_sub(committed).max(0))
}

/// The rows to show: for each group, its committed partitions, its members' assigned
/// partitions and `extra` (partitions the user asked about by name), limited to `topics`
/// when given. Sorted by group, topic, partition.
pub fn rows(
    groups: &[GroupOffsets],
    marks: &BTreeMap<TopicPartition, Watermarks>,
    topics: Option<&BTreeSet<String>>,
    extra: &[TopicPartition],
) -> Vec<LagRow> {
    let wanted = |tp: &TopicPartition| topics.is_none_or(|t| t.contains(&tp.topic));
    let mut out = Vec::new();
    for g in groups {
        let partitions: BTreeSet<&TopicPartition> = g
            .committed
            .keys()
            .chain(g.assigned.iter())
            .chain(extra.iter())
            .filter(|tp| wanted(tp))
            .collect();
        for tp in partitions {
            let committed = g.committed.get(tp).copied();
            let m = marks.get(tp);
            let log_end = m.map(|m| m.log_end);
            out.push(LagRow {
                group: g.group.clone(),
                topic: tp.topic.clone(),
                partition: tp.partition,
                committed,
                log_start: m.map(|m| m.log_start),
                log_end,
                lag: partition_lag(committed, log_end),
            });
        }
    }
    out.sort_by(|a, b| (&a.group, &a.topic, a.partition).cmp(&(&b.group, &b.topic, b.partition)));
    out
}

/// Lag summed over some partitions. `lag` adds up the known lags only, and is `None` when
/// no partition's lag is known; `without_commit` counts the partitions whose lag is unknown
/// because nothing is committed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Sum {
    pub lag: Option<i64>,
    pub partitions: usize,
    pub without_commit: usize,
}

impl Sum {
    fn add(&mut self, row: &LagRow) {
        self.partitions += 1;
        if row.committed.is_none() {
            self.without_commit += 1;
        }
        if let Some(lag) = row.lag {
            self.lag = Some(self.lag.unwrap_or(0).saturating_add(lag));
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopicTotal {
    pub topic: String,
    #[serde(flatten)]
    pub sum: Sum,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupTotal {
    pub group: String,
    #[serde(flatten)]
    pub sum: Sum,
    pub topics: Vec<TopicTotal>,
}

/// Totals per group (every group of `groups`, in that order, even with no rows) and per
/// topic within each group. Lag is never summed across groups: each group reads on its own.
pub fn totals(groups: &[String], rows: &[LagRow]) -> Vec<GroupTotal> {
    groups
        .iter()
        .map(|group| {
            let mut sum = Sum::default();
            let mut topics: BTreeMap<&str, Sum> = BTreeMap::new();
            for row in rows.iter().filter(|r| &r.group == group) {
                sum.add(row);
                topics.entry(&row.topic).or_default().add(row);
            }
            GroupTotal {
                group: group.clone(),
                sum,
                topics: topics
                    .into_iter()
                    .map(|(topic, sum)| TopicTotal {
                        topic: topic.to_string(),
                        sum,
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The groups whose total lag is above `threshold` (`--fail-above`).
pub fn above(totals: &[GroupTotal], threshold: i64) -> Vec<&GroupTotal> {
    totals
        .iter()
        .filter(|t| t.sum.lag.is_some_and(|lag| lag > threshold))
        .collect()
}

/// Partitions with a committed offset but no log end: their topic (or partition) is gone.
pub fn orphaned(rows: &[LagRow]) -> Vec<&LagRow> {
    rows.iter()
        .filter(|r| r.committed.is_some() && r.log_end.is_none())
        .collect()
}

/// The timestamp of the record read for a wanted `(partition, offset)`: `offset` is the record
/// actually read, later than the one asked for when that one is gone (retention, compaction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub offset: i64,
    pub timestamp_ms: i64,
}

/// The records whose timestamps give the time lag: the committed offset of every lagging
/// partition that still holds a record, each `(partition, offset)` once, sorted.
pub fn stamps_wanted(rows: &[LagRow]) -> Vec<(TopicPartition, i64)> {
    let wanted: BTreeSet<(TopicPartition, i64)> = rows
        .iter()
        .filter(|r| r.lag.is_some_and(|l| l > 0))
        .filter(|r| matches!((r.log_start, r.log_end), (Some(s), Some(e)) if s < e))
        .filter_map(|r| Some((TopicPartition::new(&r.topic, r.partition), r.committed?)))
        .collect();
    wanted.into_iter().collect()
}

/// Timestamps already read, by `(partition, offset)`: the record at an offset never changes, so
/// `lag --watch` and the exporter read each one once. Kept to what is still wanted.
#[derive(Debug, Default)]
pub struct StampCache {
    stamps: BTreeMap<(TopicPartition, i64), Stamp>,
}

impl StampCache {
    /// Of `wanted`, those not read yet.
    pub fn missing(&self, wanted: &[(TopicPartition, i64)]) -> Vec<(TopicPartition, i64)> {
        wanted
            .iter()
            .filter(|w| !self.stamps.contains_key(*w))
            .cloned()
            .collect()
    }

    /// Adds what was read and forgets what is no longer wanted (the memory stays bounded by
    /// the partitions lagging now).
    pub fn update(
        &mut self,
        wanted: &[(TopicPartition, i64)],
        read: BTreeMap<(TopicPartition, i64), Stamp>,
    ) {
        self.stamps.extend(read);
        let keep: BTreeSet<&(TopicPartition, i64)> = wanted.iter().collect();
        self.stamps.retain(|k, _| keep.contains(k));
    }

    pub fn get(&self, tp: &TopicPartition, offset: i64) -> Option<&Stamp> {
        self.stamps.get(&(tp.clone(), offset))
    }
}

/// One partition with its time lag. `lag_seconds` is the age of the oldest record the group
/// has not consumed: now minus the timestamp of the record at the committed offset; 0 when
/// caught up; `None` without a commit, without a log end, or when no record could be read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimedRow {
    #[serde(flatten)]
    pub row: LagRow,
    pub lag_seconds: Option<f64>,
    /// Why `lag_seconds` is not the age of the record at the committed offset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The time lag of one partition, from the record read at its committed offset (if any) and
/// the time now. A timestamp in the future (a producer's clock ahead) counts as age 0.
pub fn time_lag(row: &LagRow, stamp: Option<&Stamp>, now_ms: i64) -> (Option<f64>, Option<String>) {
    let (Some(committed), Some(lag)) = (row.committed, row.lag) else {
        return (None, None);
    };
    if lag == 0 {
        return (Some(0.0), None);
    }
    let Some(stamp) = stamp else {
        let why = if row.log_start >= row.log_end {
            "the partition holds no record (all removed by retention)"
        } else {
            "its record could not be read in time"
        };
        return (None, Some(format!("no age for offset {committed}: {why}")));
    };
    let age_ms = now_ms.saturating_sub(stamp.timestamp_ms).max(0);
    let note = (stamp.offset > committed).then(|| {
        format!(
            "the record at offset {committed} is gone (retention or compaction): the age is that of the next one, offset {}",
            stamp.offset
        )
    });
    (Some(age_ms as f64 / 1000.0), note)
}

/// Every row with its time lag, from the stamps read so far.
pub fn timed_rows(rows: &[LagRow], cache: &StampCache, now_ms: i64) -> Vec<TimedRow> {
    rows.iter()
        .map(|r| {
            let stamp = r
                .committed
                .and_then(|c| cache.get(&TopicPartition::new(&r.topic, r.partition), c));
            let (lag_seconds, note) = time_lag(r, stamp, now_ms);
            TimedRow {
                row: r.clone(),
                lag_seconds,
                note,
            }
        })
        .collect()
}

/// The largest time lag of each group's partitions (`None` when none is known), by group.
pub fn max_lag_seconds(rows: &[TimedRow]) -> BTreeMap<String, Option<f64>> {
    let mut out: BTreeMap<String, Option<f64>> = BTreeMap::new();
    for r in rows {
        let m = out.entry(r.row.group.clone()).or_default();
        if let Some(s) = r.lag_seconds {
            *m = Some(m.map_or(s, |m| m.max(s)));
        }
    }
    out
}

/// The groups whose oldest unconsumed record is older than `threshold` (`--fail-behind`),
/// with that age in seconds, by group name.
pub fn behind(
    max: &BTreeMap<String, Option<f64>>,
    threshold: std::time::Duration,
) -> Vec<(&str, f64)> {
    let limit = threshold.as_secs_f64();
    max.iter()
        .filter_map(|(g, s)| s.filter(|s| *s > limit).map(|s| (g.as_str(), s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tp(t: &str, p: i32) -> TopicPartition {
        TopicPartition::new(t, p)
    }

    fn marks(entries: &[(&str, i32, i64, i64)]) -> BTreeMap<TopicPartition, Watermarks> {
        entries
            .iter()
            .map(|(t, p, s, e)| {
                (
                    tp(t, *p),
                    Watermarks {
                        log_start: *s,
                        log_end: *e,
                    },
                )
            })
            .collect()
    }

    fn group(name: &str, committed: &[(&str, i32, i64)], assigned: &[(&str, i32)]) -> GroupOffsets {
        GroupOffsets {
            group: name.to_string(),
            committed: committed.iter().map(|(t, p, o)| (tp(t, *p), *o)).collect(),
            assigned: assigned.iter().map(|(t, p)| tp(t, *p)).collect(),
        }
    }

    #[test]
    fn lag_is_log_end_minus_committed() {
        assert_eq!(partition_lag(Some(3), Some(10)), Some(7));
        assert_eq!(partition_lag(Some(10), Some(10)), Some(0));
        assert_eq!(partition_lag(Some(0), Some(0)), Some(0));
    }

    #[test]
    fn no_commit_or_no_log_end_is_unknown_not_zero() {
        assert_eq!(partition_lag(None, Some(10)), None);
        assert_eq!(partition_lag(Some(3), None), None);
    }

    #[test]
    fn commit_beyond_log_end_is_zero_lag() {
        assert_eq!(partition_lag(Some(50), Some(10)), Some(0));
    }

    #[test]
    fn extreme_values_do_not_overflow() {
        assert_eq!(
            partition_lag(Some(i64::MIN), Some(i64::MAX)),
            Some(i64::MAX)
        );
    }

    #[test]
    fn rows_cover_committed_and_assigned_partitions() {
        let g = group("g", &[("t", 0, 4)], &[("t", 0), ("t", 1)]);
        let m = marks(&[("t", 0, 0, 10), ("t", 1, 2, 8), ("t", 2, 0, 5)]);
        let r = rows(&[g], &m, None, &[]);
        assert_eq!(r.len(), 2, "partition 2 is neither committed nor assigned");
        assert_eq!(
            r[0],
            LagRow {
                group: "g".into(),
                topic: "t".into(),
                partition: 0,
                committed: Some(4),
                log_start: Some(0),
                log_end: Some(10),
                lag: Some(6),
            }
        );
        assert_eq!(r[1].committed, None);
        assert_eq!(r[1].lag, None);
        assert_eq!(r[1].log_end, Some(8));
    }

    #[test]
    fn extra_partitions_show_without_commit() {
        let g = group("g", &[("t", 1, 2)], &[]);
        let m = marks(&[("t", 0, 0, 3), ("t", 1, 0, 3)]);
        let r = rows(&[g], &m, None, &[tp("t", 0), tp("t", 1)]);
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].partition, r[0].committed, r[0].lag), (0, None, None));
        assert_eq!(
            (r[1].partition, r[1].committed, r[1].lag),
            (1, Some(2), Some(1))
        );
    }

    #[test]
    fn topic_filter_limits_rows() {
        let g = group("g", &[("a", 0, 1), ("b", 0, 1)], &[("c", 0)]);
        let only_b = BTreeSet::from(["b".to_string()]);
        let r = rows(&[g], &BTreeMap::new(), Some(&only_b), &[]);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].topic, "b");
    }

    #[test]
    fn rows_are_sorted_by_group_topic_partition() {
        let groups = [
            group("z", &[("t", 1, 0), ("t", 0, 0)], &[]),
            group("a", &[("u", 0, 0), ("t", 10, 0), ("t", 2, 0)], &[]),
        ];
        let r = rows(&groups, &BTreeMap::new(), None, &[]);
        let keys: Vec<(String, String, i32)> = r
            .iter()
            .map(|r| (r.group.clone(), r.topic.clone(), r.partition))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("a".into(), "t".into(), 2),
                ("a".into(), "t".into(), 10),
                ("a".into(), "u".into(), 0),
                ("z".into(), "t".into(), 0),
                ("z".into(), "t".into(), 1),
            ]
        );
    }

    #[test]
    fn totals_per_group_and_topic_skip_unknown_lag() {
        let groups = [
            group("g", &[("a", 0, 5), ("a", 1, 0), ("b", 0, 9)], &[("b", 1)]),
            group("h", &[("a", 0, 10)], &[]),
        ];
        let m = marks(&[
            ("a", 0, 0, 10),
            ("a", 1, 0, 3),
            ("b", 0, 0, 10),
            ("b", 1, 0, 7),
        ]);
        let r = rows(&groups, &m, None, &[]);
        let names = ["g".to_string(), "h".to_string(), "idle".to_string()];
        let t = totals(&names, &r);
        assert_eq!(t.len(), 3);
        assert_eq!(
            t[0].sum,
            Sum {
                lag: Some(5 + 3 + 1),
                partitions: 4,
                without_commit: 1
            }
        );
        assert_eq!(t[0].topics.len(), 2);
        assert_eq!(t[0].topics[0].topic, "a");
        assert_eq!(t[0].topics[0].sum.lag, Some(8));
        assert_eq!(t[0].topics[1].sum.lag, Some(1));
        assert_eq!(t[0].topics[1].sum.without_commit, 1);
        assert_eq!(t[1].sum.lag, Some(0), "caught up is 0");
        assert_eq!(
            t[2].sum,
            Sum::default(),
            "a group with nothing still has a total"
        );
        assert_eq!(t[2].sum.lag, None, "nothing committed: unknown, not 0");
        assert!(t[2].topics.is_empty());
    }

    #[test]
    fn a_total_with_no_known_lag_is_unknown_and_null_in_json() {
        // Assigned partitions without commits only: the same answer as `groups list`.
        let r = rows(
            &[group("g", &[], &[("t", 0), ("t", 1)])],
            &marks(&[("t", 0, 0, 4), ("t", 1, 0, 4)]),
            None,
            &[],
        );
        let t = totals(&["g".into()], &r);
        assert_eq!(t[0].sum.lag, None);
        assert_eq!(t[0].topics[0].sum.lag, None);
        assert!(
            above(&t, -1).is_empty(),
            "unknown lag is never above a threshold"
        );
        let v = serde_json::to_value(&t[0]).unwrap();
        assert_eq!(v["lag"], serde_json::Value::Null);
        assert_eq!(v["without_commit"], 2);
        // A commit on a deleted topic (no log end) is not a known lag either.
        let r = rows(
            &[group("h", &[("gone", 0, 3)], &[])],
            &BTreeMap::new(),
            None,
            &[],
        );
        assert_eq!(totals(&["h".into()], &r)[0].sum.lag, None);
    }

    #[test]
    fn threshold_is_strictly_above() {
        let groups = [
            group("g", &[("a", 0, 5)], &[]),
            group("h", &[("a", 0, 0)], &[]),
        ];
        let m = marks(&[("a", 0, 0, 10)]);
        let t = totals(&["g".into(), "h".into()], &rows(&groups, &m, None, &[]));
        // g lags 5, h lags 10.
        let names =
            |n: i64| -> Vec<String> { above(&t, n).iter().map(|t| t.group.clone()).collect() };
        assert_eq!(names(10), Vec::<String>::new());
        assert_eq!(names(9), vec!["h"]);
        assert_eq!(names(5), vec!["h"]);
        assert_eq!(names(4), vec!["g", "h"]);
    }

    #[test]
    fn json_rows_have_the_documented_fields() {
        let r = rows(&[group("g", &[], &[("t", 0)])], &BTreeMap::new(), None, &[]);
        let v = serde_json::to_value(&r[0]).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"group": "g", "topic": "t", "partition": 0, "committed": null,
                "log_start": null, "log_end": null, "lag": null})
        );
    }

    #[test]
    fn orphaned_commits_are_found() {
        let r = rows(
            &[group("g", &[("gone", 0, 3), ("t", 0, 1)], &[])],
            &marks(&[("t", 0, 0, 1)]),
            None,
            &[],
        );
        let o = orphaned(&r);
        assert_eq!(o.len(), 1);
        assert_eq!(o[0].topic, "gone");
    }

    fn lag_row(committed: Option<i64>, start: i64, end: i64) -> LagRow {
        LagRow {
            group: "g".into(),
            topic: "t".into(),
            partition: 0,
            committed,
            log_start: Some(start),
            log_end: Some(end),
            lag: partition_lag(committed, Some(end)),
        }
    }

    #[test]
    fn time_lag_is_the_age_of_the_record_at_the_commit() {
        let r = lag_row(Some(4), 0, 10);
        let s = Stamp {
            offset: 4,
            timestamp_ms: 1_000_000,
        };
        assert_eq!(time_lag(&r, Some(&s), 1_192_500), (Some(192.5), None));
        // A producer clock ahead of ours is no negative age.
        assert_eq!(time_lag(&r, Some(&s), 999_000), (Some(0.0), None));
    }

    #[test]
    fn caught_up_is_zero_and_no_commit_is_unknown() {
        assert_eq!(
            time_lag(&lag_row(Some(10), 0, 10), None, 5),
            (Some(0.0), None)
        );
        assert_eq!(
            time_lag(&lag_row(Some(12), 0, 10), None, 5),
            (Some(0.0), None)
        );
        assert_eq!(time_lag(&lag_row(None, 0, 10), None, 5), (None, None));
        let mut gone = lag_row(Some(3), 0, 10);
        gone.log_end = None;
        gone.lag = None;
        assert_eq!(time_lag(&gone, None, 5), (None, None));
    }

    #[test]
    fn a_vanished_record_uses_the_next_with_a_note() {
        let r = lag_row(Some(4), 7, 10);
        let s = Stamp {
            offset: 7,
            timestamp_ms: 0,
        };
        let (secs, note) = time_lag(&r, Some(&s), 60_000);
        assert_eq!(secs, Some(60.0));
        let note = note.unwrap();
        assert!(note.contains("offset 4 is gone"), "{note}");
        assert!(note.contains("offset 7"), "{note}");
        // Nothing left to read: unknown, and said why.
        let (secs, note) = time_lag(&lag_row(Some(4), 10, 10), None, 1);
        assert_eq!(secs, None);
        assert!(note.unwrap().contains("no record"));
    }

    #[test]
    fn stamps_are_wanted_once_for_lagging_partitions_only() {
        let mut rows = vec![
            lag_row(Some(4), 0, 10),
            lag_row(Some(10), 0, 10),
            lag_row(None, 0, 10),
            lag_row(Some(4), 10, 10),
            lag_row(Some(4), 0, 10),
        ];
        rows[4].group = "h".into();
        assert_eq!(stamps_wanted(&rows), vec![(tp("t", 0), 4)]);
    }

    #[test]
    fn the_cache_reads_each_offset_once_and_forgets_the_unwanted() {
        let mut c = StampCache::default();
        let w1 = vec![(tp("t", 0), 4), (tp("t", 1), 2)];
        assert_eq!(c.missing(&w1), w1);
        let s = Stamp {
            offset: 4,
            timestamp_ms: 9,
        };
        c.update(&w1, BTreeMap::from([((tp("t", 0), 4), s)]));
        assert_eq!(c.missing(&w1), vec![(tp("t", 1), 2)]);
        // The group moved on: offset 4 is no longer wanted and is dropped.
        let w2 = vec![(tp("t", 0), 6)];
        c.update(&w2, BTreeMap::new());
        assert!(c.stamps.is_empty());
        assert_eq!(c.missing(&w2), w2);
    }

    #[test]
    fn max_and_fail_behind_per_group() {
        let mut a = lag_row(Some(4), 0, 10);
        let mut b = lag_row(Some(10), 0, 10);
        let mut c = lag_row(None, 0, 10);
        c.group = "n".into();
        a.partition = 1;
        b.partition = 2;
        let mut cache = StampCache::default();
        let w = stamps_wanted(&[a.clone(), b.clone()]);
        cache.update(
            &w,
            BTreeMap::from([(
                (tp("t", 1), 4),
                Stamp {
                    offset: 4,
                    timestamp_ms: 0,
                },
            )]),
        );
        let rows = timed_rows(&[a, b, c], &cache, 300_000);
        assert_eq!(rows[0].lag_seconds, Some(300.0));
        assert_eq!(rows[1].lag_seconds, Some(0.0));
        assert_eq!(rows[2].lag_seconds, None);
        let max = max_lag_seconds(&rows);
        assert_eq!(max["g"], Some(300.0));
        assert_eq!(max["n"], None);
        let secs = std::time::Duration::from_secs;
        assert_eq!(behind(&max, secs(299)), vec![("g", 300.0)]);
        assert!(behind(&max, secs(300)).is_empty(), "strictly above");
        let v = serde_json::to_value(&rows[2]).unwrap();
        assert_eq!(v["lag_seconds"], serde_json::Value::Null);
        assert!(v.get("note").is_none());
        assert_eq!(v["partition"], 0);
    }
}
