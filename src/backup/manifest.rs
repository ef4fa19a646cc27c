//! The manifest of a backup directory (`manifest.json`): what was captured, from where, and
//! where the holes are and why. Also the pure bookkeeping of one backup run per partition.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::format::SegmentInfo;

pub const FORMAT_VERSION: u32 = 1;
pub const FILE: &str = "manifest.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format_version: u32,
    pub cluster_id: Option<String>,
    /// One entry per `backup` run into this directory, oldest first.
    pub runs: Vec<Run>,
    pub topics: BTreeMap<String, TopicBackup>,
    /// The committed offsets of every group on these topics, as of the last run: group →
    /// topic → partition → offset. Taken before the run's end watermarks, so each is ≤ them.
    pub groups: BTreeMap<String, BTreeMap<String, BTreeMap<i32, i64>>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub started_at: String,
    pub records: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicBackup {
    pub partitions: i32,
    pub replication_factor: i16,
    /// The topic's own configs (set on the topic, not inherited from the broker).
    pub configs: BTreeMap<String, String>,
    pub partition: BTreeMap<i32, PartitionBackup>,
}

impl TopicBackup {
    pub fn config(&self, key: &str) -> Option<&str> {
        self.configs.get(key).map(String::as_str)
    }

    pub fn is_compacted(&self) -> bool {
        self.config("cleanup.policy")
            .is_some_and(|p| p.contains("compact"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watermarks {
    pub low: i64,
    pub high: i64,
}

/// Offsets `[from, to)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub from: i64,
    pub to: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionBackup {
    /// The partition's watermarks when the last run started.
    pub watermarks_at_start: Watermarks,
    /// Every offset in here is either a record in a segment or inside a declared gap.
    pub captured: Range,
    pub records: u64,
    pub segments: Vec<SegmentInfo>,
    pub gaps: Vec<Gap>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapReason {
    /// Deleted by retention (or DeleteRecords) before it was read.
    Retention,
    /// Removed by log compaction.
    Compaction,
    /// Transaction markers or records of aborted transactions: offsets without a record.
    TransactionMarkers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    pub from: i64,
    pub to: i64,
    pub reason: GapReason,
}

impl Manifest {
    pub fn new(cluster_id: Option<String>) -> Manifest {
        Manifest {
            format_version: FORMAT_VERSION,
            cluster_id,
            runs: Vec::new(),
            topics: BTreeMap::new(),
            groups: BTreeMap::new(),
        }
    }

    /// The manifest of `dir`, `None` when there is none yet.
    pub fn load(dir: &Path) -> Result<Option<Manifest>, String> {
        let path = dir.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let m: Manifest = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a backup manifest: {e}", path.display()))?;
        if m.format_version != FORMAT_VERSION {
            return Err(format!(
                "{} has format version {}; this spm-kafka reads version {FORMAT_VERSION}",
                path.display(),
                m.format_version
            ));
        }
        Ok(Some(m))
    }

    /// Writes the manifest atomically (a new file renamed over the old one): an interrupted run
    /// leaves the previous manifest, which names only complete segments.
    pub fn save(&self, dir: &Path) -> io::Result<()> {
        let tmp = dir.join(format!("{FILE}.tmp"));
        let text = serde_json::to_vec_pretty(self).map_err(io::Error::other)?;
        {
            let mut f = std::fs::File::create(&tmp)?;
            io::Write::write_all(&mut f, &text)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, dir.join(FILE))
    }

    pub fn records(&self) -> u64 {
        self.topics
            .values()
            .flat_map(|t| t.partition.values())
            .map(|p| p.records)
            .sum()
    }
}

/// Where a run starts reading a partition: after what earlier runs captured, or at the log
/// start; what retention deleted in between is a gap. `Err` when the partition's end went
/// back (the topic was deleted and re-created): appending would mix two histories.
pub fn start_of_run(
    previous: Option<&PartitionBackup>,
    now: Watermarks,
) -> Result<(i64, Option<Gap>), String> {
    let Some(p) = previous else {
        return Ok((now.low, None));
    };
    let from = p.captured.to;
    if now.high < from {
        return Err(format!(
            "its end offset is {} but the backup already holds offsets up to {from} (was the \
topic deleted and re-created? back it up into a new directory)",
            now.high
        ));
    }
    if now.low > from {
        return Ok((
            now.low,
            Some(Gap {
                from,
                to: now.low,
                reason: GapReason::Retention,
            }),
        ));
    }
    Ok((from, None))
}

/// Follows the offsets of one partition during a run and names the holes between them.
#[derive(Debug, Clone)]
pub struct Tracker {
    next: i64,
    holes: Vec<(i64, i64)>,
    pub records: u64,
}

impl Tracker {
    pub fn new(from: i64) -> Tracker {
        Tracker {
            next: from,
            holes: Vec::new(),
            records: 0,
        }
    }

    /// A record at `offset`; `false` when it is not after the previous one (never written).
    pub fn record(&mut self, offset: i64) -> bool {
        if offset < self.next {
            return false;
        }
        if offset > self.next {
            self.holes.push((self.next, offset));
        }
        self.next = offset + 1;
        self.records += 1;
        true
    }

    /// The gaps of the run, once the consumer reached `end`: a hole the log start has since
    /// passed was deleted by retention; otherwise compaction on a compacted topic, else
    /// transaction markers (or aborted transactions).
    pub fn finish(mut self, end: i64, low_after: i64, compacted: bool) -> Vec<Gap> {
        if end > self.next {
            self.holes.push((self.next, end));
        }
        self.holes
            .into_iter()
            .map(|(from, to)| Gap {
                from,
                to,
                reason: if to <= low_after {
                    GapReason::Retention
                } else if compacted {
                    GapReason::Compaction
                } else {
                    GapReason::TransactionMarkers
                },
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn previous(to: i64) -> PartitionBackup {
        PartitionBackup {
            watermarks_at_start: Watermarks { low: 0, high: to },
            captured: Range { from: 0, to },
            records: to as u64,
            segments: vec![],
            gaps: vec![],
        }
    }

    #[test]
    fn a_first_run_starts_at_the_log_start() {
        assert_eq!(
            start_of_run(None, Watermarks { low: 5, high: 9 }),
            Ok((5, None))
        );
    }

    #[test]
    fn a_later_run_appends_after_what_was_captured() {
        let p = previous(10);
        assert_eq!(
            start_of_run(Some(&p), Watermarks { low: 3, high: 20 }),
            Ok((10, None))
        );
        assert_eq!(
            start_of_run(Some(&p), Watermarks { low: 14, high: 20 }),
            Ok((
                14,
                Some(Gap {
                    from: 10,
                    to: 14,
                    reason: GapReason::Retention
                })
            ))
        );
        assert!(start_of_run(Some(&p), Watermarks { low: 0, high: 4 })
            .unwrap_err()
            .contains("re-created"));
    }

    #[test]
    fn holes_are_named_by_their_cause() {
        let mut t = Tracker::new(0);
        for o in [3, 4, 8, 9] {
            assert!(t.record(o));
        }
        assert!(!t.record(9), "not after the previous one");
        assert_eq!(t.records, 4);
        let gaps = t.clone().finish(12, 2, false);
        assert_eq!(
            gaps,
            vec![
                Gap {
                    from: 0,
                    to: 3,
                    reason: GapReason::TransactionMarkers
                },
                Gap {
                    from: 5,
                    to: 8,
                    reason: GapReason::TransactionMarkers
                },
                Gap {
                    from: 10,
                    to: 12,
                    reason: GapReason::TransactionMarkers
                },
            ]
        );
        let gaps = t.finish(10, 3, true);
        assert_eq!(
            gaps[0].reason,
            GapReason::Retention,
            "the log start passed it"
        );
        assert_eq!(gaps[1].reason, GapReason::Compaction);
        assert_eq!(
            gaps.len(),
            2,
            "no hole when the last record ends at the end"
        );
    }

    #[test]
    fn the_manifest_round_trips_through_its_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Manifest::load(dir.path()), Ok(None));
        let mut m = Manifest::new(Some("abc".into()));
        m.groups
            .entry("g".into())
            .or_default()
            .entry("t".into())
            .or_default()
            .insert(0, 4);
        m.topics.insert(
            "t".into(),
            TopicBackup {
                partitions: 1,
                replication_factor: 1,
                configs: BTreeMap::from([("cleanup.policy".into(), "compact".into())]),
                partition: BTreeMap::from([(0, previous(4))]),
            },
        );
        m.save(dir.path()).unwrap();
        assert_eq!(Manifest::load(dir.path()), Ok(Some(m.clone())));
        assert!(m.topics["t"].is_compacted());
        let text = std::fs::read_to_string(dir.path().join(FILE))
            .unwrap()
            .replace("\"format_version\": 1", "\"format_version\": 9");
        std::fs::write(dir.path().join(FILE), text).unwrap();
        assert!(Manifest::load(dir.path())
            .unwrap_err()
            .contains("version 9"));
    }
}
