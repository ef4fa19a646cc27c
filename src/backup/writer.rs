//! Writing one partition's records of a backup run into segment files.

use std::io;
use std::path::{Path, PathBuf};

use super::format::{RecordFields, SegmentInfo, SegmentWriter};
use super::manifest::{Gap, Tracker};

pub struct PartitionWriter {
    dir: PathBuf,
    prefix: String,
    current: Option<SegmentWriter>,
    pub segments: Vec<SegmentInfo>,
    tracker: Tracker,
}

impl PartitionWriter {
    pub fn new(dir: &Path, topic: &str, partition: i32, from: i64) -> PartitionWriter {
        PartitionWriter {
            dir: dir.to_path_buf(),
            prefix: format!("{topic}/{partition}"),
            current: None,
            segments: Vec::new(),
            tracker: Tracker::new(from),
        }
    }

    /// Appends a record (one not after the previous is dropped: a re-delivery after a retry).
    pub fn push<R: RecordFields + ?Sized>(&mut self, r: &R) -> io::Result<()> {
        if !self.tracker.record(r.offset()) {
            return Ok(());
        }
        if self.current.is_none() {
            // Named by the first offset, so a file an interrupted run left behind is replaced.
            let name = format!("{}/{:020}.seg", self.prefix, r.offset());
            self.current = Some(SegmentWriter::create(&self.dir, name)?);
        }
        let w = self.current.as_mut().expect("just made");
        w.push(r)?;
        if w.is_full() {
            self.close_segment()?;
        }
        Ok(())
    }

    fn close_segment(&mut self) -> io::Result<()> {
        if let Some(w) = self.current.take() {
            self.segments.extend(w.finish()?);
        }
        Ok(())
    }

    /// Closes the open segment; the run's new segments, its gaps and its record count.
    pub fn finish(
        mut self,
        end: i64,
        low_after: i64,
        compacted: bool,
    ) -> io::Result<(Vec<SegmentInfo>, Vec<Gap>, u64)> {
        self.close_segment()?;
        let records = self.tracker.records;
        Ok((
            self.segments,
            self.tracker.finish(end, low_after, compacted),
            records,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::format::tests::rec;

    #[test]
    fn a_run_writes_segments_and_names_its_holes() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = PartitionWriter::new(dir.path(), "t", 3, 10);
        for o in [10, 11, 13, 13] {
            w.push(&rec(o, None, Some(b"v"))).unwrap();
        }
        let (segments, gaps, records) = w.finish(15, 0, true).unwrap();
        assert_eq!(records, 3);
        assert_eq!(segments.len(), 1);
        assert_eq!(segments[0].file, "t/3/00000000000000000010.seg");
        assert_eq!(segments[0].records, 3);
        assert_eq!(gaps.len(), 2);
        assert_eq!((gaps[1].from, gaps[1].to), (14, 15));
    }
}
