//! The record and segment format of a backup (documented in the README, "Backup format").
//!
//! A segment file holds consecutive records of one partition, in offset order, as one zstd
//! frame with zstd's content checksum. Decompressed it is the magic `SPMKSEG1` followed by
//! records, each one:
//!
//! ```text
//! u32 body length | i64 offset | i64 timestamp ms | u8 timestamp type (0 none, 1 create, 2 log-append)
//! i32 key length (-1 = null) | key bytes | i32 value length (-1 = null) | value bytes
//! u32 header count | per header: u32 name length | name (UTF-8) | i32 value length (-1 = null) | value
//! ```
//!
//! All integers little-endian. The manifest keeps each file's SHA-256, so a flipped byte or a
//! truncated file is found before anything is restored from it.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const MAGIC: &[u8; 8] = b"SPMKSEG1";
/// A segment is closed once this many uncompressed bytes are in it.
pub const SEGMENT_BYTES: u64 = 16 * 1024 * 1024;
// Level 1: compression was a third of a backup's CPU at level 3 (perf, 300,000 events).
const ZSTD_LEVEL: i32 = 1;
/// Larger than any record Kafka can hold (librdkafka's `message.max.bytes` ceiling).
const MAX_RECORD_BYTES: u32 = 1_000_000_000 + 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimestampType {
    NotAvailable,
    CreateTime,
    LogAppendTime,
}

impl TimestampType {
    fn code(self) -> u8 {
        match self {
            TimestampType::NotAvailable => 0,
            TimestampType::CreateTime => 1,
            TimestampType::LogAppendTime => 2,
        }
    }

    fn from_code(code: u8) -> Option<TimestampType> {
        match code {
            0 => Some(TimestampType::NotAvailable),
            1 => Some(TimestampType::CreateTime),
            2 => Some(TimestampType::LogAppendTime),
            _ => None,
        }
    }
}

/// One Kafka record as backed up: bytes as they were, `None` distinct from empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub offset: i64,
    pub timestamp: i64,
    pub timestamp_type: TimestampType,
    pub key: Option<Vec<u8>>,
    pub value: Option<Vec<u8>>,
    /// In order, duplicates kept.
    pub headers: Vec<(String, Option<Vec<u8>>)>,
}

impl Record {
    /// Same key, value, headers and (unless `ignore_timestamp`) timestamp; offsets may differ.
    pub fn same_content(&self, other: &Record, ignore_timestamp: bool) -> bool {
        self.key == other.key
            && self.value == other.value
            && self.headers == other.headers
            && (ignore_timestamp || self.timestamp == other.timestamp)
    }
}

/// The fields of one record as the encoder reads them: a consumed message, borrowed where it
/// lies (no copy of key, value or headers), or an owned [`Record`].
pub trait RecordFields {
    fn offset(&self) -> i64;
    fn timestamp(&self) -> (i64, TimestampType);
    fn key(&self) -> Option<&[u8]>;
    fn value(&self) -> Option<&[u8]>;
    fn header_count(&self) -> usize;
    /// Header `i < header_count()`: its name and value.
    fn header(&self, i: usize) -> (&str, Option<&[u8]>);

    fn to_record(&self) -> Record {
        let (timestamp, timestamp_type) = self.timestamp();
        Record {
            offset: self.offset(),
            timestamp,
            timestamp_type,
            key: self.key().map(<[u8]>::to_vec),
            value: self.value().map(<[u8]>::to_vec),
            headers: (0..self.header_count())
                .map(|i| {
                    let (name, value) = self.header(i);
                    (name.to_string(), value.map(<[u8]>::to_vec))
                })
                .collect(),
        }
    }
}

impl RecordFields for Record {
    fn offset(&self) -> i64 {
        self.offset
    }
    fn timestamp(&self) -> (i64, TimestampType) {
        (self.timestamp, self.timestamp_type)
    }
    fn key(&self) -> Option<&[u8]> {
        self.key.as_deref()
    }
    fn value(&self) -> Option<&[u8]> {
        self.value.as_deref()
    }
    fn header_count(&self) -> usize {
        self.headers.len()
    }
    fn header(&self, i: usize) -> (&str, Option<&[u8]>) {
        let (name, value) = &self.headers[i];
        (name, value.as_deref())
    }
}

fn put_bytes(out: &mut Vec<u8>, bytes: Option<&[u8]>) {
    match bytes {
        None => out.extend_from_slice(&(-1i32).to_le_bytes()),
        Some(b) => {
            out.extend_from_slice(&(b.len() as i32).to_le_bytes());
            out.extend_from_slice(b);
        }
    }
}

/// Appends the encoding of `r` (length prefix included) to `out`.
pub fn encode<R: RecordFields + ?Sized>(r: &R, out: &mut Vec<u8>) {
    let start = out.len();
    let (timestamp, timestamp_type) = r.timestamp();
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&r.offset().to_le_bytes());
    out.extend_from_slice(&timestamp.to_le_bytes());
    out.push(timestamp_type.code());
    put_bytes(out, r.key());
    put_bytes(out, r.value());
    let count = r.header_count();
    out.extend_from_slice(&(count as u32).to_le_bytes());
    for i in 0..count {
        let (name, value) = r.header(i);
        out.extend_from_slice(&(name.len() as u32).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        put_bytes(out, value);
    }
    let body = (out.len() - start - 4) as u32;
    out[start..start + 4].copy_from_slice(&body.to_le_bytes());
}

/// A record body that does not parse.
fn bad(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("malformed record: {what}"),
    )
}

#[derive(Clone)]
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> io::Result<&'a [u8]> {
        if self.0.len() < n {
            return Err(bad("shorter than its fields"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn i64(&mut self) -> io::Result<i64> {
        Ok(i64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    fn i32(&mut self) -> io::Result<i32> {
        Ok(i32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn u32(&mut self) -> io::Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn bytes(&mut self) -> io::Result<Option<&'a [u8]>> {
        match self.i32()? {
            -1 => Ok(None),
            n if n < 0 => Err(bad("negative length")),
            n => Ok(Some(self.take(n as usize)?)),
        }
    }
    fn header(&mut self) -> io::Result<(&'a str, Option<&'a [u8]>)> {
        let n = self.u32()? as usize;
        let name = std::str::from_utf8(self.take(n)?).map_err(|_| bad("header name"))?;
        Ok((name, self.bytes()?))
    }
}

/// One record as it lies in a segment: key, value and headers borrowed from the decoded body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordView<'a> {
    pub offset: i64,
    pub timestamp: i64,
    pub timestamp_type: TimestampType,
    pub key: Option<&'a [u8]>,
    pub value: Option<&'a [u8]>,
    header_count: u32,
    /// The header fields, already checked by [`decode_view`].
    header_bytes: &'a [u8],
}

impl<'a> RecordView<'a> {
    /// The headers in order, duplicates and null values kept.
    pub fn headers(&self) -> ViewHeaders<'a> {
        ViewHeaders {
            left: self.header_count,
            c: Cursor(self.header_bytes),
        }
    }

    pub fn to_record(self) -> Record {
        Record {
            offset: self.offset,
            timestamp: self.timestamp,
            timestamp_type: self.timestamp_type,
            key: self.key.map(<[u8]>::to_vec),
            value: self.value.map(<[u8]>::to_vec),
            headers: self
                .headers()
                .map(|(name, value)| (name.to_string(), value.map(<[u8]>::to_vec)))
                .collect(),
        }
    }
}

/// The headers of a [`RecordView`].
#[derive(Clone)]
pub struct ViewHeaders<'a> {
    left: u32,
    c: Cursor<'a>,
}

impl<'a> Iterator for ViewHeaders<'a> {
    type Item = (&'a str, Option<&'a [u8]>);
    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        // Checked when the view was decoded: these cannot fail.
        let header = self.c.header().ok();
        if header.is_none() {
            self.left = 0;
        }
        header
    }
}

/// Decodes one record body (without its length prefix), borrowing from it.
pub fn decode_view(body: &[u8]) -> io::Result<RecordView<'_>> {
    let mut c = Cursor(body);
    let offset = c.i64()?;
    let timestamp = c.i64()?;
    let timestamp_type =
        TimestampType::from_code(c.take(1)?[0]).ok_or_else(|| bad("unknown timestamp type"))?;
    let key = c.bytes()?;
    let value = c.bytes()?;
    let header_count = c.u32()?;
    let header_bytes = c.0;
    for _ in 0..header_count {
        c.header()?;
    }
    if !c.0.is_empty() {
        return Err(bad("bytes after the last field"));
    }
    Ok(RecordView {
        offset,
        timestamp,
        timestamp_type,
        key,
        value,
        header_count,
        header_bytes,
    })
}

/// What the manifest keeps of one closed segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentInfo {
    /// Relative to the backup directory.
    pub file: String,
    pub first_offset: i64,
    pub last_offset: i64,
    pub first_timestamp: i64,
    pub last_timestamp: i64,
    pub records: u64,
    pub bytes: u64,
    pub sha256: String,
}

/// A `Write` that hashes what goes through it.
struct Hashing<W> {
    inner: W,
    hash: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The compressing side of a segment: zstd, SHA-256 and the file, on a thread of its own.
type Compressed = io::Result<(File, String, u64)>;

/// Records are encoded into chunks of this many bytes, each handed to the compressing thread.
const CHUNK_BYTES: usize = 256 * 1024;

/// Writes one segment file; [`SegmentWriter::finish`] makes it durable and describes it.
///
/// The caller's thread only encodes records into chunks; compression, hashing and writing
/// run on a thread per open segment, so a backup keeps both cores busy (reading and
/// compressing). At most two chunks wait for that thread.
pub struct SegmentWriter {
    chunks: Option<SyncSender<Vec<u8>>>,
    worker: Option<JoinHandle<Compressed>>,
    relative: String,
    path: PathBuf,
    buf: Vec<u8>,
    plain_bytes: u64,
    first: Option<(i64, i64)>,
    last: (i64, i64),
    records: u64,
}

fn compress(file: File, chunks: Receiver<Vec<u8>>) -> Compressed {
    let hashing = Hashing {
        inner: BufWriter::with_capacity(1 << 20, file),
        hash: Sha256::new(),
        bytes: 0,
    };
    let mut encoder = zstd::Encoder::new(hashing, ZSTD_LEVEL)?;
    encoder.include_checksum(true)?;
    encoder.write_all(MAGIC)?;
    for chunk in chunks {
        encoder.write_all(&chunk)?;
    }
    let Hashing {
        inner, hash, bytes, ..
    } = encoder.finish()?;
    let file = inner.into_inner().map_err(|e| e.into_error())?;
    Ok((file, hex(&hash.finalize()), bytes))
}

impl SegmentWriter {
    /// Creates `dir/relative` (its parent directories too), replacing a leftover of an
    /// interrupted run that the manifest never named.
    pub fn create(dir: &Path, relative: String) -> io::Result<SegmentWriter> {
        let path = dir.join(&relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let file = File::create(&path)?;
        let (tx, rx) = sync_channel(2);
        let worker = std::thread::Builder::new()
            .name("backup-zstd".into())
            .spawn(move || compress(file, rx))?;
        Ok(SegmentWriter {
            chunks: Some(tx),
            worker: Some(worker),
            relative,
            path,
            buf: Vec::with_capacity(CHUNK_BYTES + 64 * 1024),
            plain_bytes: MAGIC.len() as u64,
            first: None,
            last: (0, 0),
            records: 0,
        })
    }

    pub fn push<R: RecordFields + ?Sized>(&mut self, r: &R) -> io::Result<()> {
        let before = self.buf.len();
        encode(r, &mut self.buf);
        self.plain_bytes += (self.buf.len() - before) as u64;
        let at = (r.offset(), r.timestamp().0);
        self.first.get_or_insert(at);
        self.last = at;
        self.records += 1;
        if self.buf.len() >= CHUNK_BYTES {
            self.send_chunk()?;
        }
        Ok(())
    }

    fn send_chunk(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK_BYTES + 64 * 1024));
        let sent = self.chunks.as_ref().map(|tx| tx.send(chunk).is_ok());
        if sent != Some(true) {
            // The compressing thread stopped: its error says why.
            return self.join().map(|_| ());
        }
        Ok(())
    }

    /// Waits for the compressing thread (after the last chunk was sent).
    fn join(&mut self) -> Compressed {
        self.chunks = None;
        match self.worker.take().map(JoinHandle::join) {
            Some(Ok(done)) => done,
            Some(Err(_)) => Err(io::Error::other("the compressing thread panicked")),
            None => Err(io::Error::other("the segment was already closed")),
        }
    }

    pub fn is_full(&self) -> bool {
        self.plain_bytes >= SEGMENT_BYTES
    }

    /// Ends the zstd frame, syncs the file and returns its description (`None`, and no file,
    /// when nothing was written).
    pub fn finish(mut self) -> io::Result<Option<SegmentInfo>> {
        self.send_chunk()?;
        let (file, sha256, bytes) = self.join()?;
        let Some((first_offset, first_timestamp)) = self.first else {
            drop(file);
            std::fs::remove_file(&self.path)?;
            return Ok(None);
        };
        file.sync_all()?;
        Ok(Some(SegmentInfo {
            file: std::mem::take(&mut self.relative),
            first_offset,
            last_offset: self.last.0,
            first_timestamp,
            last_timestamp: self.last.1,
            records: self.records,
            bytes,
            sha256,
        }))
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 and length of a file.
pub fn sha256_file(path: &Path) -> io::Result<(String, u64)> {
    let mut file = BufReader::with_capacity(1 << 20, File::open(path)?);
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut len = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
        len += n as u64;
    }
    Ok((hex(&hash.finalize()), len))
}

/// Reads the records of one segment file, in order, one at a time.
pub struct SegmentReader {
    decoder: zstd::Decoder<'static, BufReader<File>>,
    body: Vec<u8>,
}

impl SegmentReader {
    pub fn open(path: &Path) -> io::Result<SegmentReader> {
        let mut decoder = zstd::Decoder::new(File::open(path)?)?;
        let mut magic = [0u8; 8];
        decoder.read_exact(&mut magic)?;
        if &magic != MAGIC {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "not a spm-kafka segment (wrong magic)",
            ));
        }
        Ok(SegmentReader {
            decoder,
            body: Vec::new(),
        })
    }

    /// The next record, `None` at the end of the file.
    pub fn next_record(&mut self) -> io::Result<Option<Record>> {
        Ok(self.next_view()?.map(|v| v.to_record()))
    }

    /// The next record, borrowed from the reader's buffer until the next call; `None` at the
    /// end of the file.
    pub fn next_view(&mut self) -> io::Result<Option<RecordView<'_>>> {
        let mut len = [0u8; 4];
        // A clean end is exactly at a record boundary.
        match self.decoder.read(&mut len[..1])? {
            0 => return Ok(None),
            _ => self.decoder.read_exact(&mut len[1..])?,
        }
        let len = u32::from_le_bytes(len);
        if len > MAX_RECORD_BYTES {
            return Err(bad("impossible length"));
        }
        self.body.resize(len as usize, 0);
        self.decoder.read_exact(&mut self.body)?;
        decode_view(&self.body).map(Some)
    }
}

impl Iterator for SegmentReader {
    type Item = io::Result<Record>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_record().transpose()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn rec(offset: i64, key: Option<&[u8]>, value: Option<&[u8]>) -> Record {
        Record {
            offset,
            timestamp: 1_700_000_000_000 + offset,
            timestamp_type: TimestampType::CreateTime,
            key: key.map(<[u8]>::to_vec),
            value: value.map(<[u8]>::to_vec),
            headers: vec![],
        }
    }

    #[test]
    fn null_and_empty_stay_distinct_and_headers_keep_order_and_duplicates() {
        let mut r = rec(7, None, Some(b""));
        r.headers = vec![
            ("h".into(), Some(b"1".to_vec())),
            ("h".into(), None),
            ("a".into(), Some(vec![])),
            ("h".into(), Some(vec![0, 255])),
        ];
        let tomb = rec(8, Some(b""), None);
        let binary = rec(9, Some(&[0xff, 0]), Some(&[0, 1, 2, 0xfe]));
        for r in [r, tomb, binary] {
            let mut out = Vec::new();
            encode(&r, &mut out);
            let view = decode_view(&out[4..]).unwrap();
            assert_eq!(
                (view.key, view.value),
                (r.key.as_deref(), r.value.as_deref())
            );
            assert_eq!(view.to_record(), r);
        }
    }

    #[test]
    fn a_truncated_body_is_an_error_not_a_shorter_record() {
        let mut out = Vec::new();
        let mut r = rec(1, Some(b"k"), Some(b"value"));
        // Headers are checked when the record is decoded, not when they are read later.
        r.headers = vec![("h".into(), Some(b"1".to_vec())), ("n".into(), None)];
        encode(&r, &mut out);
        for cut in 5..out.len() - 1 {
            assert!(decode_view(&out[4..cut]).is_err(), "cut at {cut}");
        }
        let name = out.len() - 4 - 1;
        let mut bad_name = out.clone();
        bad_name[name] = 0xff;
        assert!(
            decode_view(&bad_name[4..]).is_err(),
            "header name not UTF-8"
        );
        out.push(0);
        assert!(decode_view(&out[4..]).is_err(), "trailing byte");
    }

    #[test]
    fn a_segment_round_trips_and_its_hash_is_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = SegmentWriter::create(dir.path(), "t/0/1.seg".into()).unwrap();
        let records: Vec<Record> = (0..100)
            .map(|i| rec(i * 2, Some(b"k"), Some(format!("v{i}").as_bytes())))
            .collect();
        for r in &records {
            w.push(r).unwrap();
        }
        let info = w.finish().unwrap().unwrap();
        assert_eq!(
            (info.first_offset, info.last_offset, info.records),
            (0, 198, 100)
        );
        let path = dir.path().join(&info.file);
        assert_eq!(
            sha256_file(&path).unwrap(),
            (info.sha256.clone(), info.bytes)
        );
        let back: Vec<Record> = SegmentReader::open(&path)
            .unwrap()
            .collect::<io::Result<_>>()
            .unwrap();
        assert_eq!(back, records);
    }

    #[test]
    fn an_empty_segment_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let w = SegmentWriter::create(dir.path(), "e.seg".into()).unwrap();
        assert!(w.finish().unwrap().is_none());
        assert!(!dir.path().join("e.seg").exists());
    }

    #[test]
    fn a_truncated_file_does_not_read_as_fewer_records() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = SegmentWriter::create(dir.path(), "s.seg".into()).unwrap();
        for i in 0..1000 {
            w.push(&rec(i, None, Some(format!("value {i}").as_bytes())))
                .unwrap();
        }
        let info = w.finish().unwrap().unwrap();
        let path = dir.path().join(&info.file);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 10]).unwrap();
        let read: io::Result<Vec<Record>> = SegmentReader::open(&path).and_then(|r| r.collect());
        assert!(read.is_err());
    }
}
