//! Checks of a backup: its files alone (hashes, counts, offsets, declared gaps), and a record
//! sequence against another one (a cluster's partition, read by the caller).

use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::format::{sha256_file, Record, SegmentReader};
use super::manifest::{Manifest, PartitionBackup};

/// Something wrong with a backup, with the file it is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FileReport {
    pub partitions: usize,
    pub segments: usize,
    pub records: u64,
    pub problems: Vec<Problem>,
}

/// Checks every segment's length and SHA-256 against the manifest; with `decode`, also reads
/// every record: counts, first and last offsets, offsets increasing inside the captured range,
/// and every offset without a record inside a declared gap.
pub fn check_files(dir: &Path, m: &Manifest, decode: bool) -> FileReport {
    let mut report = FileReport::default();
    for (topic, t) in &m.topics {
        for (partition, p) in &t.partition {
            report.partitions += 1;
            report.segments += p.segments.len();
            let label = format!("{topic}[{partition}]");
            check_partition(dir, &label, p, decode, &mut report);
        }
    }
    report
}

fn check_partition(
    dir: &Path,
    label: &str,
    p: &PartitionBackup,
    decode: bool,
    report: &mut FileReport,
) {
    let problem = |report: &mut FileReport, file: &str, message: String| {
        report.problems.push(Problem {
            file: file.to_string(),
            message,
        })
    };
    let counted: u64 = p.segments.iter().map(|s| s.records).sum();
    if counted != p.records {
        problem(
            report,
            super::manifest::FILE,
            format!(
                "{label}: {} records declared, its segments hold {counted}",
                p.records
            ),
        );
    }
    let mut next = p.captured.from;
    let mut holes: Vec<(i64, i64)> = Vec::new();
    for s in &p.segments {
        let path = dir.join(&s.file);
        match sha256_file(&path) {
            Err(e) => {
                problem(report, &s.file, format!("cannot read: {e}"));
                continue;
            }
            Ok((_, len)) if len != s.bytes => {
                problem(
                    report,
                    &s.file,
                    format!("{len} bytes, the manifest says {} (truncated?)", s.bytes),
                );
                continue;
            }
            Ok((hash, _)) if hash != s.sha256 => {
                problem(
                    report,
                    &s.file,
                    "SHA-256 differs from the manifest's (the file was changed or damaged)".into(),
                );
                continue;
            }
            Ok(_) => {}
        }
        report.records += s.records;
        if !decode {
            continue;
        }
        let mut count = 0u64;
        let mut first_last: Option<(i64, i64)> = None;
        let read = (|| -> io::Result<Option<String>> {
            for r in SegmentReader::open(&path)? {
                let r = r?;
                if r.offset < next {
                    return Ok(Some(format!(
                        "offset {} is not after {} (offsets must increase)",
                        r.offset,
                        next - 1
                    )));
                }
                if r.offset >= p.captured.to {
                    return Ok(Some(format!(
                        "offset {} is outside the captured range [{}, {})",
                        r.offset, p.captured.from, p.captured.to
                    )));
                }
                if r.offset > next {
                    holes.push((next, r.offset));
                }
                next = r.offset + 1;
                count += 1;
                first_last = Some((first_last.map_or(r.offset, |f| f.0), r.offset));
            }
            Ok(None)
        })();
        match read {
            Err(e) => problem(report, &s.file, format!("cannot decode: {e}")),
            Ok(Some(why)) => problem(report, &s.file, why),
            Ok(None) if count != s.records => problem(
                report,
                &s.file,
                format!("{count} records, the manifest says {}", s.records),
            ),
            Ok(None) if first_last != Some((s.first_offset, s.last_offset)) => problem(
                report,
                &s.file,
                format!(
                    "offsets {first_last:?} differ from the manifest's {}..{}",
                    s.first_offset, s.last_offset
                ),
            ),
            Ok(None) => {}
        }
    }
    if decode {
        if p.captured.to > next {
            holes.push((next, p.captured.to));
        }
        for (from, to) in holes {
            if !covered(from, to, p) {
                problem(
                    report,
                    super::manifest::FILE,
                    format!(
                        "{label}: offsets {from}..{} have no record and no declared gap",
                        to - 1
                    ),
                );
            }
        }
    }
}

/// Whether `[from, to)` lies inside the union of the partition's declared gaps.
fn covered(from: i64, to: i64, p: &PartitionBackup) -> bool {
    let mut gaps: Vec<(i64, i64)> = p.gaps.iter().map(|g| (g.from, g.to)).collect();
    gaps.sort_unstable();
    let mut at = from;
    for (gf, gt) in gaps {
        if gf <= at && gt > at {
            at = gt;
        }
        if at >= to {
            return true;
        }
    }
    at >= to
}

/// The segment files of one partition that can hold records at or before `until` (ms), in order.
pub fn segment_files(dir: &Path, p: &PartitionBackup, until: Option<i64>) -> Vec<PathBuf> {
    p.segments
        .iter()
        .filter(|s| until.is_none_or(|u| s.first_timestamp <= u || s.last_timestamp <= u))
        .map(|s| dir.join(&s.file))
        .collect()
}

/// The records of one partition of a backup, in order, read lazily segment by segment;
/// `until`: only records with a timestamp at or before it (ms).
pub fn partition_records(
    dir: &Path,
    p: &PartitionBackup,
    until: Option<i64>,
) -> impl Iterator<Item = io::Result<Record>> {
    segment_files(dir, p, until)
        .into_iter()
        .flat_map(|f| match SegmentReader::open(&f) {
            Ok(r) => Box::new(r) as Box<dyn Iterator<Item = io::Result<Record>>>,
            Err(e) => Box::new(std::iter::once(Err(e))),
        })
        .filter(move |r| match (r, until) {
            (Ok(r), Some(u)) => r.timestamp <= u,
            _ => true,
        })
}

/// Compares a sequence read from a cluster with the expected one, record by record (key,
/// value, headers and, unless ignored, timestamp; never offsets).
pub struct Matcher<I> {
    expected: I,
    ignore_timestamp: bool,
    pub matched: u64,
    /// Records read from the cluster past the end of the expected ones.
    pub extra: u64,
    pub first_difference: Option<String>,
}

/// How a sequence on the cluster compares with the expected one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub matched: u64,
    /// Expected records that the cluster does not have (after the matched ones).
    pub missing: u64,
    /// Records the cluster has beyond the expected ones.
    pub extra: u64,
    pub first_difference: Option<String>,
}

impl Comparison {
    pub fn is_equal(&self) -> bool {
        self.missing == 0 && self.extra == 0 && self.first_difference.is_none()
    }

    /// Whether the cluster holds exactly the first `matched` expected records and nothing else.
    pub fn is_prefix(&self) -> bool {
        self.extra == 0 && self.first_difference.is_none()
    }
}

impl<I: Iterator<Item = io::Result<Record>>> Matcher<I> {
    pub fn new(expected: I, ignore_timestamp: bool) -> Matcher<I> {
        Matcher {
            expected,
            ignore_timestamp,
            matched: 0,
            extra: 0,
            first_difference: None,
        }
    }

    /// The next record of the cluster; `Err` when the backup cannot be read.
    pub fn actual(&mut self, r: &Record) -> io::Result<()> {
        if self.first_difference.is_some() {
            return Ok(());
        }
        match self.expected.next().transpose()? {
            None => self.extra += 1,
            Some(e) if e.same_content(r, self.ignore_timestamp) => self.matched += 1,
            Some(e) => {
                self.first_difference = Some(format!(
                    "record {} (backup offset {}, cluster offset {}) differs in {}",
                    self.matched,
                    e.offset,
                    r.offset,
                    what_differs(&e, r)
                ))
            }
        }
        Ok(())
    }

    /// How the cluster's records compare with the first expected ones, without reading the
    /// expected records after them (`missing` is not counted: 0). What `restore` needs to decide
    /// whether the target holds a prefix; reading the rest would decode the whole backup once
    /// more before anything is restored.
    pub fn prefix(self) -> Comparison {
        Comparison {
            matched: self.matched,
            missing: 0,
            extra: self.extra,
            first_difference: self.first_difference,
        }
    }

    pub fn finish(mut self) -> io::Result<Comparison> {
        let mut missing = 0;
        if self.first_difference.is_none() {
            for r in self.expected.by_ref() {
                r?;
                missing += 1;
            }
        }
        Ok(Comparison {
            matched: self.matched,
            missing,
            extra: self.extra,
            first_difference: self.first_difference,
        })
    }
}

fn what_differs(a: &Record, b: &Record) -> &'static str {
    if a.key != b.key {
        "key"
    } else if a.value != b.value {
        "value"
    } else if a.headers != b.headers {
        "headers"
    } else {
        "timestamp"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::format::tests::rec;
    use crate::backup::format::SegmentWriter;
    use crate::backup::manifest::{Gap, GapReason, Range, TopicBackup, Watermarks};
    use std::collections::BTreeMap;

    /// A backup of one partition with records at these offsets, captured `[0, to)`.
    fn backup(offsets: &[i64], to: i64, gaps: Vec<Gap>) -> (tempfile::TempDir, Manifest) {
        let dir = tempfile::tempdir().unwrap();
        let mut w = SegmentWriter::create(dir.path(), "t/0/0.seg".into()).unwrap();
        for &o in offsets {
            w.push(&rec(o, Some(b"k"), Some(b"v"))).unwrap();
        }
        let seg = w.finish().unwrap().unwrap();
        let mut m = Manifest::new(None);
        m.topics.insert(
            "t".into(),
            TopicBackup {
                partitions: 1,
                replication_factor: 1,
                configs: BTreeMap::new(),
                partition: BTreeMap::from([(
                    0,
                    PartitionBackup {
                        watermarks_at_start: Watermarks { low: 0, high: to },
                        captured: Range { from: 0, to },
                        records: offsets.len() as u64,
                        segments: vec![seg],
                        gaps,
                    },
                )]),
            },
        );
        (dir, m)
    }

    fn gap(from: i64, to: i64) -> Gap {
        Gap {
            from,
            to,
            reason: GapReason::Compaction,
        }
    }

    #[test]
    fn a_sound_backup_has_no_problem() {
        let (dir, m) = backup(&[0, 1, 4, 5], 8, vec![gap(2, 4), gap(6, 7), gap(7, 8)]);
        let r = check_files(dir.path(), &m, true);
        assert_eq!(r.problems, vec![]);
        assert_eq!((r.partitions, r.segments, r.records), (1, 1, 4));
    }

    #[test]
    fn an_undeclared_hole_is_a_problem() {
        let (dir, m) = backup(&[0, 1, 4, 5], 6, vec![gap(2, 3)]);
        let r = check_files(dir.path(), &m, true);
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert!(r.problems[0]
            .message
            .contains("offsets 2..3 have no record"));
    }

    #[test]
    fn a_flipped_byte_or_a_truncation_names_the_file() {
        let (dir, m) = backup(&[0, 1, 2], 3, vec![]);
        let path = dir.path().join("t/0/0.seg");
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[20] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        let r = check_files(dir.path(), &m, false);
        assert_eq!(r.problems[0].file, "t/0/0.seg");
        assert!(r.problems[0].message.contains("SHA-256"));
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        let r = check_files(dir.path(), &m, true);
        assert!(
            r.problems[0].message.contains("truncated"),
            "{:?}",
            r.problems
        );
    }

    #[test]
    fn a_count_that_disagrees_is_a_problem() {
        let (dir, mut m) = backup(&[0, 1, 2], 3, vec![]);
        m.topics
            .get_mut("t")
            .unwrap()
            .partition
            .get_mut(&0)
            .unwrap()
            .records = 4;
        let r = check_files(dir.path(), &m, true);
        assert!(r.problems[0].message.contains("4 records declared"));
    }

    #[test]
    fn until_keeps_the_records_up_to_the_time() {
        let (dir, m) = backup(&[0, 1, 2, 3], 4, vec![]);
        let p = &m.topics["t"].partition[&0];
        let ts = rec(1, None, None).timestamp;
        let kept: Vec<i64> = partition_records(dir.path(), p, Some(ts))
            .map(|r| r.unwrap().offset)
            .collect();
        assert_eq!(kept, vec![0, 1]);
        assert_eq!(partition_records(dir.path(), p, None).count(), 4);
    }

    #[test]
    fn a_prefix_is_judged_without_reading_the_rest() {
        let rest_unreadable = [
            Ok(rec(0, Some(b"k"), Some(b"v"))),
            Err(io::Error::other("not to be read")),
        ];
        let mut m = Matcher::new(rest_unreadable.into_iter(), false);
        m.actual(&rec(0, Some(b"k"), Some(b"v"))).unwrap();
        let c = m.prefix();
        assert!(c.is_prefix() && c.matched == 1, "{c:?}");
    }

    #[test]
    fn sequences_compare_by_content_not_offset() {
        let expected = || (0..3).map(|i| Ok(rec(i, Some(b"k"), Some(b"v"))));
        let shifted = |i: i64| {
            let mut r = rec(i, Some(b"k"), Some(b"v"));
            r.offset = i + 100;
            r
        };
        let mut m = Matcher::new(expected(), false);
        for i in 0..2 {
            m.actual(&shifted(i)).unwrap();
        }
        let c = m.finish().unwrap();
        assert!(c.is_prefix() && !c.is_equal());
        assert_eq!((c.matched, c.missing), (2, 1));

        let mut m = Matcher::new(expected(), false);
        let mut other = shifted(0);
        other.value = None;
        m.actual(&other).unwrap();
        let c = m.finish().unwrap();
        assert!(!c.is_prefix());
        assert!(c.first_difference.unwrap().contains("value"));

        let mut m = Matcher::new(expected(), false);
        for i in 0..4 {
            m.actual(&shifted(i.min(2))).unwrap();
        }
        let c = m.finish().unwrap();
        assert_eq!(c.extra, 1);
        assert!(!c.is_prefix());
    }
}
