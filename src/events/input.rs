//! What `publish --file` reads: JSON Lines, one event per line, in either of two shapes.
//!
//! - An event: `{"event_type": ..., "data": {...}}` with optional `event_id`, `timestamp`,
//!   `source`, `version` (the envelope fields) and `key` (the Kafka key; default `data.id`).
//! - A record as `tail -o json` prints it: `{"topic", "partition", "offset", "timestamp",
//!   "key", "headers", "event": {...}}`, so that a saved topic can be replayed. The event keeps
//!   its `event_id`, `timestamp` and `source`, and the record its key; the record's topic,
//!   partition, offset and broker timestamp are not replayed (the topic follows from the type).
//!
//! Blank lines are skipped. Errors name the field; the caller adds `file:line`.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead};

use super::catalogue::{self, EventType};
use super::envelope::{Missing, Parts, Stamp};
use super::validate::{self, check_envelope, Event, FieldError, Mode, Object};

/// Fields of a `tail -o json` record besides `event`.
const RECORD_FIELDS: [&str; 10] = [
    "topic",
    "partition",
    "offset",
    "timestamp",
    "key",
    "headers",
    "event",
    "invalid",
    "error",
    "value",
];

/// One valid input line.
#[derive(Debug)]
pub struct InputEvent<'a> {
    pub event: Event<'a>,
    /// The key given on the line, if any.
    pub key: Option<Cow<'a, str>>,
}

impl InputEvent<'_> {
    /// The Kafka key: the line's own, else `data.id`.
    pub fn key(&self) -> &str {
        self.key.as_deref().unwrap_or(&self.event.id)
    }
}

/// Why a line is not a valid event, with the column when the JSON itself is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub column: Option<usize>,
    pub message: String,
}

impl From<FieldError> for LineError {
    fn from(e: FieldError) -> Self {
        LineError {
            column: None,
            message: e.to_string(),
        }
    }
}

impl LineError {
    /// `events.jsonl:3:15: invalid JSON: ...` or `events.jsonl:3: data.id: missing ...`.
    pub fn at(&self, file: &str, line: usize) -> String {
        match self.column {
            Some(c) => format!("{file}:{line}:{c}: {}", self.message),
            None => format!("{file}:{line}: {}", self.message),
        }
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parses and checks one non-blank line.
pub fn parse_line(line: &str) -> Result<InputEvent<'_>, LineError> {
    let obj = Object::parse(line).map_err(|e| LineError {
        column: Some(e.column),
        message: e.message,
    })?;
    let is_record =
        obj.get("event").is_some() || (obj.get("topic").is_some() && obj.get("offset").is_some());
    if is_record {
        return parse_record(&obj);
    }
    let event = check_envelope(&obj, Mode::Publish { extra: &["key"] })?;
    let key = line_key(&obj, "key")?;
    Ok(InputEvent { event, key })
}

/// A line that `tail -o json` printed.
fn parse_record<'a>(obj: &Object<'a>) -> Result<InputEvent<'a>, LineError> {
    for (key, _) in obj.iter() {
        if !RECORD_FIELDS.contains(&key) {
            return Err(FieldError::new(
                key,
                "unknown field in a tail record (expected topic, partition, offset, timestamp, key, headers, event)",
            )
            .into());
        }
    }
    if obj.get("invalid").is_some_and(|v| v.get().trim() == "true") {
        let reason = obj
            .get("error")
            .and_then(|e| validate::string_value(e).ok())
            .unwrap_or(Cow::Borrowed("no reason given"));
        return Err(LineError {
            column: None,
            message: format!(
                "event: tail marked this record invalid ({reason}); it cannot be replayed"
            ),
        });
    }
    let raw = obj
        .get("event")
        .ok_or_else(|| LineError::from(FieldError::new("event", "missing")))?;
    let event_obj = Object::parse(raw.get()).map_err(|e| {
        LineError::from(FieldError::new(
            "event",
            e.message.replace("invalid JSON: ", ""),
        ))
    })?;
    let event = check_envelope(&event_obj, Mode::Publish { extra: &[] })
        .map_err(|e| LineError::from(e.within("event")))?;
    let key = line_key(obj, "key")?;
    Ok(InputEvent { event, key })
}

/// An explicit key: a non-empty string, or null for "use data.id".
fn line_key<'a>(obj: &Object<'a>, field: &str) -> Result<Option<Cow<'a, str>>, LineError> {
    match obj.get(field) {
        None => Ok(None),
        Some(v) if v.get().trim() == "null" => Ok(None),
        Some(v) => {
            let key = validate::string_value(v).map_err(|p| FieldError::new(field, p))?;
            if key.is_empty() {
                return Err(FieldError::new(
                    field,
                    "must not be empty (leave it out to use data.id)",
                )
                .into());
            }
            Ok(Some(key))
        }
    }
}

/// A byte range of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    /// Where `part` lies in `line`, if it is a slice of it.
    fn of(line: &str, part: &str) -> Option<Span> {
        let start = (part.as_ptr() as usize).checked_sub(line.as_ptr() as usize)?;
        if start + part.len() > line.len() {
            return None;
        }
        Some(Span {
            start: u32::try_from(start).ok()?,
            len: u32::try_from(part.len()).ok()?,
        })
    }

    /// Where a borrowed value lies in `line`; an owned one (unescaped or converted) does not.
    #[allow(clippy::ptr_arg)] // whether the Cow borrows is the whole point
    fn of_cow(line: &str, part: &Cow<'_, str>) -> Option<Span> {
        match part {
            Cow::Borrowed(b) => Span::of(line, b),
            Cow::Owned(_) => None,
        }
    }

    fn get(self, line: &str) -> &str {
        let start = self.start as usize;
        line.get(start..start + self.len as usize)
            .unwrap_or_default()
    }
}

/// The envelope fields a line carries itself (rare, so kept apart).
#[derive(Debug, Clone, Copy)]
struct OwnFields {
    event_id: Option<Span>,
    timestamp: Option<Span>,
    source: Option<Span>,
}

/// A checked line, remembered in a few bytes so that it can be sent later without parsing it
/// again: where its key and data lie in the line.
#[derive(Debug, Clone, Copy)]
pub struct Located {
    /// The 1-based line number.
    pub number: usize,
    len: u32,
    kind: u8,
    key: Span,
    data: Span,
    /// Index into [`Index::own_fields`], or `u32::MAX`.
    own: u32,
}

/// Every checked line of an input, in order. Lines whose parts do not lie in the line verbatim
/// (an escaped key, a timestamp converted to UTC) are marked for a second parse instead.
#[derive(Debug, Default)]
pub struct Index {
    lines: Vec<Located>,
    own_fields: Vec<OwnFields>,
}

impl Index {
    pub fn push(&mut self, number: usize, line: &str, event: &InputEvent<'_>) {
        let kind = catalogue::CATALOGUE
            .iter()
            .position(|k| std::ptr::eq(k, event.event.kind));
        let key = match &event.key {
            Some(k) => Span::of_cow(line, k),
            None => Span::of_cow(line, &event.event.id),
        };
        let data = Span::of(line, event.event.data.get());
        let own = |v: &Option<Cow<'_, str>>| match v {
            None => Some(None),
            Some(c) => Span::of_cow(line, c).map(Some),
        };
        let located = (|| {
            let fields = OwnFields {
                event_id: own(&event.event.event_id)?,
                timestamp: own(&event.event.timestamp)?,
                source: own(&event.event.source)?,
            };
            let has_own =
                fields.event_id.is_some() || fields.timestamp.is_some() || fields.source.is_some();
            Some(Located {
                number,
                len: u32::try_from(line.len()).ok()?,
                kind: u8::try_from(kind?).ok()?,
                key: key?,
                data: data?,
                own: if has_own {
                    u32::try_from(self.own_fields.len()).ok()?
                } else {
                    u32::MAX
                },
            })
            .inspect(|_| {
                if has_own {
                    self.own_fields.push(fields);
                }
            })
        })();
        match located {
            Some(l) => self.lines.push(l),
            None => {
                self.lines.push(Located {
                    number,
                    len: u32::MAX,
                    kind: u8::MAX,
                    key: Span { start: 0, len: 0 },
                    data: Span { start: 0, len: 0 },
                    own: u32::MAX,
                });
            }
        }
    }

    pub fn lines(&self) -> &[Located] {
        &self.lines
    }

    /// Appends the index of the next chunk of the same input, whose line numbers start after
    /// `line_offset` lines.
    pub fn append(&mut self, other: Index, line_offset: usize) {
        let own_offset = u32::try_from(self.own_fields.len()).unwrap_or(u32::MAX);
        self.lines.extend(other.lines.into_iter().map(|mut l| {
            l.number += line_offset;
            if l.own != u32::MAX {
                l.own = l.own.saturating_add(own_offset);
            }
            l
        }));
        self.own_fields.extend(other.own_fields);
    }
}

impl Located {
    /// Whether the line must be parsed again to be sent.
    pub fn needs_parse(&self) -> bool {
        self.kind == u8::MAX
    }

    /// Whether `line` is (still) the line that was checked.
    pub fn matches(&self, line: &str) -> bool {
        self.needs_parse() || line.len() == self.len as usize
    }

    pub fn kind(&self) -> &'static EventType {
        &catalogue::CATALOGUE[usize::from(self.kind).min(catalogue::CATALOGUE.len() - 1)]
    }

    pub fn key<'l>(&self, line: &'l str) -> &'l str {
        self.key.get(line)
    }

    /// Which stamped fields the line lacks and [`Located::parts`] takes from the stamp.
    pub fn missing(&self, index: &Index) -> Missing {
        let own = index.own_fields.get(self.own as usize);
        Missing {
            event_id: own.and_then(|o| o.event_id).is_none(),
            timestamp: own.and_then(|o| o.timestamp).is_none(),
        }
    }

    /// The envelope of this line; its own `event_id`, `timestamp` and `source` win over `stamp`'s.
    pub fn parts<'p>(&self, index: &Index, line: &'p str, stamp: Stamp<'p>) -> Parts<'p> {
        let own = index.own_fields.get(self.own as usize);
        let pick = |span: Option<Span>, default: &'p str| span.map_or(default, |s| s.get(line));
        Parts {
            event_id: pick(own.and_then(|o| o.event_id), stamp.event_id),
            event_type: self.kind().name,
            timestamp: pick(own.and_then(|o| o.timestamp), stamp.timestamp),
            source: pick(own.and_then(|o| o.source), stamp.source),
            data: self.data.get(line),
        }
    }
}

/// Reads JSON Lines without allocating per line: yields (1-based line number, text), skipping
/// blank lines, a UTF-8 BOM and `\r\n` endings.
pub struct Lines<R> {
    reader: R,
    buf: Vec<u8>,
    number: usize,
    /// Reading from the start of the input (where a byte-order mark may be).
    at_start: bool,
    /// Bytes read so far, for progress.
    pub bytes: u64,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R) -> Self {
        Lines {
            reader,
            buf: Vec::with_capacity(4096),
            number: 0,
            at_start: true,
            bytes: 0,
        }
    }

    /// Lines from the middle of an input (a chunk after the first): numbered from 1 within
    /// the chunk, and no byte-order mark to skip.
    pub fn continuing(reader: R) -> Self {
        Lines {
            at_start: false,
            ..Lines::new(reader)
        }
    }

    /// How many lines (blank ones included) were read so far.
    pub fn count(&self) -> usize {
        self.number
    }

    /// The next non-blank line: `Ok(None)` at the end; a line that is not UTF-8 is a
    /// [`LineError`] for that line, not an I/O error.
    #[allow(clippy::type_complexity)]
    pub fn next_line(&mut self) -> io::Result<Option<(usize, Result<&str, LineError>)>> {
        let (start, end) = loop {
            self.buf.clear();
            let n = read_line(&mut self.reader, &mut self.buf)?;
            if n == 0 {
                return Ok(None);
            }
            self.bytes += n as u64;
            self.number += 1;
            let mut start = 0;
            if self.at_start && self.number == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") {
                start = 3;
            }
            let mut end = self.buf.len();
            while end > start && matches!(self.buf[end - 1], b'\n' | b'\r') {
                end -= 1;
            }
            if !self.buf[start..end].iter().all(u8::is_ascii_whitespace) {
                break (start, end);
            }
        };
        let text = std::str::from_utf8(&self.buf[start..end]).map_err(|e| LineError {
            column: Some(e.valid_up_to() + 1),
            message: "not UTF-8 text".to_string(),
        });
        Ok(Some((self.number, text)))
    }
}

/// `BufRead::read_until(b'\n')` with the memchr crate's SIMD search (the standard library's
/// is word-at-a-time: 5 % of the check's instructions, callgrind).
fn read_line<R: BufRead>(reader: &mut R, buf: &mut Vec<u8>) -> io::Result<usize> {
    let mut read = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let (done, used) = match memchr::memchr(b'\n', available) {
            Some(i) => {
                buf.extend_from_slice(&available[..=i]);
                (true, i + 1)
            }
            None => {
                buf.extend_from_slice(available);
                (available.is_empty(), available.len())
            }
        };
        reader.consume(used);
        read += used;
        if done {
            return Ok(read);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<(String, String, String), String> {
        parse_line(line)
            .map(|e| {
                (
                    e.event.kind.name.to_string(),
                    e.key().to_string(),
                    e.event.source.as_deref().unwrap_or("-").to_string(),
                )
            })
            .map_err(|e| e.at("f.jsonl", 3))
    }

    #[test]
    fn event_lines() {
        assert_eq!(
            parse(r#"{"event_type":"task_deleted","data":{"id":"t-9"}}"#).unwrap(),
            ("task_deleted".into(), "t-9".into(), "-".into())
        );
        assert_eq!(
            parse(r#"{"event_type":"task_deleted","data":{"id":"t-9"},"key":"k","source":"svc"}"#)
                .unwrap(),
            ("task_deleted".into(), "k".into(), "svc".into())
        );
        assert_eq!(
            parse(r#"{"event_type":"task_deleted","data":{"id":"t-9"},"key":null}"#)
                .unwrap()
                .1,
            "t-9"
        );
    }

    #[test]
    fn tail_records_replay_with_their_key_and_envelope() {
        let line = r#"{"topic":"task-events","partition":2,"offset":41,"timestamp":"2026-11-29T10:00:00.000Z","key":"k-1","headers":{"event_type":"task_deleted"},"event":{"event_id":"0b0d7c4e-8a44-4b9c-9a52-7b5c8f0f4f61","event_type":"task_deleted","timestamp":"2026-11-29T09:59:59.999Z","source":"manage-task","version":1,"data":{"id":"t-1"}}}"#;
        let e = parse_line(line).unwrap();
        assert_eq!(e.key(), "k-1");
        assert_eq!(
            e.event.event_id.as_deref(),
            Some("0b0d7c4e-8a44-4b9c-9a52-7b5c8f0f4f61")
        );
        assert_eq!(
            e.event.timestamp.as_deref(),
            Some("2026-11-29T09:59:59.999Z")
        );
        assert_eq!(e.event.source.as_deref(), Some("manage-task"));
        let null_key = r#"{"topic":"t","partition":0,"offset":1,"timestamp":null,"key":null,"headers":{},"event":{"event_type":"user_deleted","data":{"id":"u-2"}}}"#;
        assert_eq!(parse_line(null_key).unwrap().key(), "u-2");
    }

    #[test]
    fn tail_records_errors_name_the_event_field() {
        let bad = r#"{"topic":"t","partition":0,"offset":1,"key":null,"headers":{},"event":{"event_type":"task_created","data":{"id":"t"}}}"#;
        assert_eq!(
            parse(bad).unwrap_err(),
            "f.jsonl:3: event.data.name: missing (task_created requires id, name, created_by_uid, pid)"
        );
        let invalid = r#"{"topic":"t","partition":0,"offset":7,"key":null,"headers":{},"invalid":true,"error":"not JSON","value":"hello"}"#;
        assert_eq!(
            parse(invalid).unwrap_err(),
            "f.jsonl:3: event: tail marked this record invalid (not JSON); it cannot be replayed"
        );
        let extra = r#"{"topic":"t","partitoin":0,"event":{"event_type":"user_deleted","data":{"id":"u"}}}"#;
        assert!(parse(extra)
            .unwrap_err()
            .starts_with("f.jsonl:3: partitoin: unknown field"));
    }

    #[test]
    fn line_errors_carry_file_line_and_column() {
        assert_eq!(
            parse(r#"{"event_type":"task_deleted","data":{"id":"t"},}"#).unwrap_err(),
            "f.jsonl:3:48: invalid JSON: trailing comma"
        );
        assert_eq!(
            parse(r#"{"event_type":"task_deleted","data":{"id":"t"},"key":""}"#).unwrap_err(),
            "f.jsonl:3: key: must not be empty (leave it out to use data.id)"
        );
        assert_eq!(
            parse(r#"{"event_type":"task_deleted","data":{"id":"t"},"key":5}"#).unwrap_err(),
            "f.jsonl:3: key: must be a string, got a number (5)"
        );
        assert_eq!(
            parse("42").unwrap_err(),
            "f.jsonl:3:1: expected a JSON object, got a number (42)"
        );
    }

    fn sent_both_ways(line: &str) -> (Vec<u8>, Vec<u8>, bool) {
        use crate::events::envelope::{write_envelope, write_parts};
        let stamp = Stamp {
            event_id: "0b0d7c4e-8a44-4b9c-9a52-7b5c8f0f4f61",
            timestamp: "2026-11-29T10:00:00.000Z",
            source: "spm-kafka",
        };
        let event = parse_line(line).unwrap();
        let mut index = Index::default();
        index.push(7, line, &event);
        let located = index.lines()[0];
        assert_eq!(located.number, 7);
        let mut parsed = Vec::new();
        write_envelope(&mut parsed, &event.event, stamp);
        let mut from_index = Vec::new();
        if !located.needs_parse() {
            assert_eq!(located.key(line), event.key());
            assert_eq!(located.kind().name, event.event.kind.name);
            // What the line lacks is all the stamp needs to provide.
            let missing = located.missing(&index);
            let stamp = Stamp {
                event_id: if missing.event_id { stamp.event_id } else { "" },
                timestamp: if missing.timestamp {
                    stamp.timestamp
                } else {
                    ""
                },
                ..stamp
            };
            write_parts(&mut from_index, located.parts(&index, line, stamp));
        }
        (parsed, from_index, located.needs_parse())
    }

    #[test]
    fn indexed_lines_are_sent_exactly_as_parsed_ones() {
        for line in [
            r#"{"event_type":"task_deleted","data":{"id":"t-9","x":[1,{"y":null}]}}"#,
            r#"{"event_type":"task_deleted","data":{"id":"t-9"},"key":"k","source":"svc"}"#,
            r#"{"event_type":"user_created","data":{"id":"u"},"event_id":"7d7e0f36-3b1f-4d0e-9e2a-1f7f3a1b2c3d","timestamp":"2025-01-01T00:00:00Z"}"#,
            r#"{"topic":"t","partition":0,"offset":1,"key":"kk","headers":{},"event":{"event_type":"user_deleted","source":"a","data":{"id":"u-2"}}}"#,
        ] {
            let (parsed, indexed, reparse) = sent_both_ways(line);
            assert!(!reparse, "{line}");
            assert_eq!(
                String::from_utf8(parsed).unwrap(),
                String::from_utf8(indexed).unwrap()
            );
        }
    }

    #[test]
    fn lines_with_escapes_or_conversions_are_parsed_again() {
        for line in [
            r#"{"event_type":"task_deleted","data":{"id":"t\u002d9"}}"#,
            r#"{"event_type":"task_deleted","data":{"id":"t"},"timestamp":"2026-11-29T12:00:00+02:00"}"#,
            r#"{"event_type":"task_deleted","data":{"id":"t"},"source":"a \"b\""}"#,
        ] {
            assert!(sent_both_ways(line).2, "{line}");
        }
    }

    #[test]
    fn indexes_of_chunks_append_in_order() {
        let a = r#"{"event_type":"task_deleted","data":{"id":"a"},"source":"x"}"#;
        let b = r#"{"event_type":"task_deleted","data":{"id":"b"},"source":"y"}"#;
        let mut first = Index::default();
        first.push(2, a, &parse_line(a).unwrap());
        let mut second = Index::default();
        second.push(1, b, &parse_line(b).unwrap());
        first.append(second, 5);
        let l = first.lines()[1];
        assert_eq!(l.number, 6);
        let stamp = Stamp {
            event_id: "e",
            timestamp: "t",
            source: "default",
        };
        assert_eq!(l.parts(&first, b, stamp).source, "y");
        assert_eq!(first.lines()[0].parts(&first, a, stamp).source, "x");
    }

    #[test]
    fn continuing_chunks_keep_a_leading_bom() {
        let mut lines = Lines::continuing("\u{feff}x\n".as_bytes());
        let (_, text) = lines.next_line().unwrap().unwrap();
        assert_eq!(text.unwrap(), "\u{feff}x");
        assert_eq!(lines.count(), 1);
    }

    #[test]
    fn lines_skip_blanks_and_count_from_one() {
        let input = "\u{feff}{\"a\":1}\r\n\n   \n{\"b\":2}\n{\"c\":3}";
        let mut lines = Lines::new(input.as_bytes());
        let mut seen = Vec::new();
        while let Some((n, text)) = lines.next_line().unwrap() {
            seen.push((n, text.unwrap().to_string()));
        }
        assert_eq!(
            seen,
            [
                (1, "{\"a\":1}".to_string()),
                (4, "{\"b\":2}".to_string()),
                (5, "{\"c\":3}".to_string())
            ]
        );
        assert_eq!(lines.bytes, input.len() as u64);
    }

    #[test]
    fn lines_longer_than_the_read_buffer_arrive_whole() {
        let input = "{\"a\":\"0123456789\"}\n\n{\"b\":2}\n{\"c\":\"no newline at the end\"}";
        let mut lines = Lines::new(io::BufReader::with_capacity(4, input.as_bytes()));
        let mut seen = Vec::new();
        while let Some((n, text)) = lines.next_line().unwrap() {
            seen.push((n, text.unwrap().to_string()));
        }
        let expected: Vec<(usize, String)> = [1, 3, 4]
            .into_iter()
            .zip(input.lines().filter(|l| !l.is_empty()).map(String::from))
            .collect();
        assert_eq!(seen, expected);
        assert_eq!(lines.bytes, input.len() as u64);
    }

    #[test]
    fn non_utf8_lines_are_line_errors() {
        let input: &[u8] = b"{\"a\":\"\xff\"}\n";
        let mut lines = Lines::new(input);
        let (n, text) = lines.next_line().unwrap().unwrap();
        assert_eq!(n, 1);
        assert_eq!(text.unwrap_err().at("x", n), "x:1:7: not UTF-8 text");
    }
}
