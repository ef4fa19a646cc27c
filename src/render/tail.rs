//! How `tail` writes the records it reads: `pretty` for people, `json` (one object per line,
//! stable field names) for programs, or the bare value (`raw`); and [`RecordWriter`], which
//! applies the `--type`/`--key` filters and writes each record that passes to stdout.
//!
//! `json` lines: `{"topic","partition","offset","timestamp","key","headers","event"}` for a valid
//! event and `{..., "invalid":true, "error":"<reason>", "event":{...}}` (a JSON object that is
//! not a valid event) or `{..., "invalid":true, "error":"<reason>", "value":"<text>"}` (anything
//! else). `timestamp` is the broker's record time (RFC 3339, UTC, ms) or null; `key` and header
//! values are text or null.

use std::borrow::Cow;
use std::io::{self, Write};

use chrono::{DateTime, Utc};
use colored::Colorize;

use crate::events::envelope::write_json_str;
use crate::events::record::{inspect, Inspection, Record};
use crate::events::validate::{self, Object};
use crate::output::Format;
use crate::tail::{Filter, Sink};

/// Writes the records that pass the filters in one format; a reading loop's [`Sink`].
pub struct RecordWriter<W: Write> {
    out: W,
    printer: Printer,
    format: Format,
    filter: Filter,
}

impl<W: Write> RecordWriter<W> {
    /// `color` decides for `pretty` only.
    pub fn new(out: W, format: Format, filter: Filter, color: bool) -> RecordWriter<W> {
        RecordWriter {
            out,
            printer: Printer::new(color),
            format,
            filter,
        }
    }
}

impl<W: Write> Sink for RecordWriter<W> {
    fn record(&mut self, r: &Record<'_>) -> io::Result<bool> {
        if !self.filter.key_matches(r.key) {
            return Ok(false);
        }
        // Raw output without --type never needs to look inside the value.
        let needs_inspection = self.format != Format::Raw || !self.filter.types.is_empty();
        let inspection = needs_inspection.then(|| inspect(r.topic, r.value));
        let event_type = inspection.as_ref().and_then(|i| i.event_type.as_deref());
        if !self.filter.type_matches(event_type) {
            return Ok(false);
        }
        let (out, printer) = (&mut self.out, &mut self.printer);
        match (self.format, &inspection) {
            (Format::Raw, _) | (_, None) => printer.raw(out, r)?,
            (Format::Json, Some(i)) => printer.json(out, r, i)?,
            (Format::Table, Some(i)) => printer.pretty(out, r, i)?,
        }
        Ok(true)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn warn(&mut self, text: &str) {
        let _ = writeln!(io::stderr().lock(), "warning: {text}");
    }
}

/// Formats record timestamps, reusing the date and time text within one second.
#[derive(Default)]
pub struct Clock {
    second: i64,
    prefix: String,
}

impl Clock {
    /// `2026-11-29T10:00:00.123Z`
    pub fn write(&mut self, buf: &mut Vec<u8>, ms: i64) {
        let second = ms.div_euclid(1000);
        if self.prefix.is_empty() || second != self.second {
            self.second = second;
            self.prefix = match DateTime::<Utc>::from_timestamp(second, 0) {
                Some(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
                None => "1970-01-01T00:00:00".to_string(),
            };
        }
        let millis = ms.rem_euclid(1000) as u16;
        buf.extend_from_slice(self.prefix.as_bytes());
        buf.extend_from_slice(&[
            b'.',
            b'0' + (millis / 100) as u8,
            b'0' + (millis / 10 % 10) as u8,
            b'0' + (millis % 10) as u8,
            b'Z',
        ]);
    }

    pub fn text(&mut self, ms: i64) -> String {
        let mut buf = Vec::with_capacity(24);
        self.write(&mut buf, ms);
        String::from_utf8_lossy(&buf).into_owned()
    }
}

/// Writes records in one of the three formats, reusing its buffers between records.
#[derive(Default)]
pub struct Printer {
    line: Vec<u8>,
    clock: Clock,
    color: bool,
}

impl Printer {
    /// `color` decides for `pretty` only; JSON and raw output are never coloured.
    pub fn new(color: bool) -> Printer {
        Printer {
            color,
            ..Printer::default()
        }
    }

    fn paint(&self, text: &str, style: impl Fn(&str) -> colored::ColoredString) -> String {
        if self.color {
            style(text).to_string()
        } else {
            text.to_string()
        }
    }

    /// One JSON object and a newline.
    pub fn json(
        &mut self,
        out: &mut impl Write,
        record: &Record<'_>,
        inspection: &Inspection<'_>,
    ) -> io::Result<()> {
        let buf = &mut self.line;
        buf.clear();
        buf.extend_from_slice(b"{\"topic\":");
        write_json_str(buf, record.topic);
        buf.extend_from_slice(b",\"partition\":");
        buf.extend_from_slice(itoa::Buffer::new().format(record.partition).as_bytes());
        buf.extend_from_slice(b",\"offset\":");
        buf.extend_from_slice(itoa::Buffer::new().format(record.offset).as_bytes());
        buf.extend_from_slice(b",\"timestamp\":");
        match record.timestamp_ms {
            Some(ms) => {
                buf.push(b'"');
                self.clock.write(buf, ms);
                buf.push(b'"');
            }
            None => buf.extend_from_slice(b"null"),
        }
        buf.extend_from_slice(b",\"key\":");
        write_bytes_or_null(buf, record.key);
        buf.extend_from_slice(b",\"headers\":{");
        for (i, (name, value)) in record.headers.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            write_json_str(buf, name);
            buf.push(b':');
            write_bytes_or_null(buf, *value);
        }
        buf.push(b'}');
        if let Err(reason) = &inspection.verdict {
            buf.extend_from_slice(b",\"invalid\":true,\"error\":");
            write_json_str(buf, reason);
        }
        match (&inspection.object, inspection.text) {
            (Some(_), Some(text)) => {
                buf.extend_from_slice(b",\"event\":");
                write_compact(buf, text);
            }
            _ => {
                buf.extend_from_slice(b",\"value\":");
                write_bytes_or_null(buf, record.value);
            }
        }
        buf.extend_from_slice(b"}\n");
        out.write_all(buf)
    }

    /// The value as it is, and a newline.
    pub fn raw(&mut self, out: &mut impl Write, record: &Record<'_>) -> io::Result<()> {
        out.write_all(record.value.unwrap_or_default())?;
        out.write_all(b"\n")
    }

    /// A block for people: where and when, the key, the event type in colour, the data fields.
    ///
    /// ```text
    /// task-events/1 @42  2026-11-29T10:00:00.123Z  key t-1
    /// task_created  id 0b0d7c4e-…  from manage-task  at 2026-11-29T10:00:00.120Z
    ///   id              t-1
    ///   name            Write docs
    /// ```
    pub fn pretty(
        &mut self,
        out: &mut impl Write,
        record: &Record<'_>,
        inspection: &Inspection<'_>,
    ) -> io::Result<()> {
        let when = record
            .timestamp_ms
            .map(|ms| self.clock.text(ms))
            .unwrap_or_else(|| "no timestamp".to_string());
        let key = record
            .key
            .map(|k| String::from_utf8_lossy(k).into_owned())
            .unwrap_or_else(|| "(none)".to_string());
        let place = format!("{}/{} @{}", record.topic, record.partition, record.offset);
        writeln!(
            out,
            "{}  {}  {} {}",
            self.paint(&place, |s| s.bold()),
            self.paint(&when, |s| s.dimmed()),
            self.paint("key", |s| s.dimmed()),
            key
        )?;
        match &inspection.verdict {
            Ok(event) => {
                let mut line = self.paint(event.kind.name, type_colour);
                let mut part = |label: &str, value: &Option<Cow<'_, str>>| {
                    if let Some(v) = value {
                        line.push_str(&format!("  {} {v}", self.paint(label, |s| s.dimmed())));
                    }
                };
                part("id", &event.event_id);
                part("from", &event.source);
                part("at", &event.timestamp);
                writeln!(out, "{line}")?;
                if let Ok(data) = Object::parse(event.data.get()) {
                    self.write_fields(out, &data)?;
                }
            }
            Err(reason) => {
                writeln!(
                    out,
                    "{}  {reason}",
                    self.paint("INVALID", |s| s.red().bold())
                )?;
                match inspection.text {
                    Some(text) => writeln!(out, "  {}", text.trim_end())?,
                    None if record.value.is_some() => writeln!(
                        out,
                        "  ({} bytes of binary data)",
                        record.value.map_or(0, <[u8]>::len)
                    )?,
                    None => {}
                }
            }
        }
        writeln!(out)
    }
}

impl Printer {
    fn write_fields(&self, out: &mut impl Write, data: &Object<'_>) -> io::Result<()> {
        let width = data
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        for (key, raw) in data.iter() {
            let value = match validate::string_value(raw) {
                Ok(s) => s.replace('\n', "\\n"),
                Err(_) => raw.get().replace(['\n', '\r'], " "),
            };
            let padded = format!("{key:width$}");
            writeln!(out, "  {}  {value}", self.paint(&padded, |s| s.cyan()))?;
        }
        Ok(())
    }
}

/// Created in green, deleted or failed in red, changes in yellow, the rest in blue.
fn type_colour(name: &str) -> colored::ColoredString {
    let ends = |suffixes: &[&str]| suffixes.iter().any(|s| name.ends_with(s));
    if ends(&["_created", "_added", "_delivered"]) {
        name.green().bold()
    } else if ends(&["_deleted", "_removed", "_failed", "_overdue"]) {
        name.red().bold()
    } else if ends(&["_updated", "_changed", "_assigned", "_approaching"]) {
        name.yellow().bold()
    } else {
        name.blue().bold()
    }
}

fn write_bytes_or_null(buf: &mut Vec<u8>, bytes: Option<&[u8]>) {
    match bytes {
        None => buf.extend_from_slice(b"null"),
        Some(b) => write_json_str(buf, &String::from_utf8_lossy(b)),
    }
}

/// JSON text on one line: as it is when it already is, else re-serialised compactly.
fn write_compact(buf: &mut Vec<u8>, text: &str) {
    let text = text.trim();
    if !text.bytes().any(|b| b == b'\n' || b == b'\r') {
        buf.extend_from_slice(text.as_bytes());
        return;
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => {
            let _ = serde_json::to_writer(&mut *buf, &v);
        }
        Err(_) => write_json_str(buf, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record<'a>(topic: &'a str, value: Option<&'a [u8]>) -> Record<'a> {
        Record {
            topic,
            partition: 2,
            offset: 41,
            timestamp_ms: Some(1_795_946_400_123),
            key: Some(b"t-1"),
            headers: vec![("event_type", Some(b"task_deleted")), ("trace", None)],
            value,
        }
    }

    fn json_line(topic: &str, value: Option<&[u8]>) -> serde_json::Value {
        let r = record(topic, value);
        let i = inspect(topic, value);
        let mut out = Vec::new();
        Printer::default().json(&mut out, &r, &i).unwrap();
        assert!(out.ends_with(b"\n"));
        assert_eq!(out.iter().filter(|b| **b == b'\n').count(), 1, "one line");
        serde_json::from_slice(&out).unwrap()
    }

    const VALID: &[u8] = br#"{"event_id":"0b0d7c4e-8a44-4b9c-9a52-7b5c8f0f4f61","event_type":"task_deleted","timestamp":"2026-11-29T10:00:00Z","source":"spm-kafka","version":1,"data":{"id":"t-1","extra":[1,2]}}"#;

    #[test]
    fn valid_events_as_json_lines() {
        let v = json_line("task-events", Some(VALID));
        assert_eq!(v["topic"], "task-events");
        assert_eq!(v["partition"], 2);
        assert_eq!(v["offset"], 41);
        assert_eq!(v["timestamp"], "2026-11-29T10:00:00.123Z");
        assert_eq!(v["key"], "t-1");
        assert_eq!(v["headers"]["event_type"], "task_deleted");
        assert_eq!(v["headers"]["trace"], serde_json::Value::Null);
        assert_eq!(v["event"]["data"]["extra"][1], 2);
        assert!(v.get("invalid").is_none());
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "topic",
                "partition",
                "offset",
                "timestamp",
                "key",
                "headers",
                "event"
            ]
        );
    }

    #[test]
    fn not_json_is_marked_and_kept() {
        let v = json_line("task-events", Some(b"hello world"));
        assert_eq!(v["invalid"], true);
        assert!(v["error"]
            .as_str()
            .unwrap()
            .starts_with("not JSON: expected value"));
        assert_eq!(v["value"], "hello world");
        assert!(v.get("event").is_none());
    }

    #[test]
    fn catalogue_mismatches_are_marked_with_the_reason() {
        let v = json_line(
            "task-events",
            Some(br#"{"event_type":"task_created","data":{"id":"t"}}"#),
        );
        assert_eq!(v["invalid"], true);
        assert_eq!(
            v["error"],
            "data.name: missing (task_created requires id, name, created_by_uid, pid)"
        );
        assert_eq!(v["event"]["data"]["id"], "t");

        let v = json_line(
            "task-events",
            Some(br#"{"event_type":"user_created","data":{"id":"u"}}"#),
        );
        assert_eq!(
            v["error"],
            "user_created belongs on user-events, not task-events"
        );
        let v = json_line("task-events", Some(b"[1,2]"));
        assert_eq!(
            v["error"],
            "not an SPM event: expected a JSON object, got an array"
        );
        assert_eq!(v["value"], "[1,2]");
    }

    #[test]
    fn tombstones_and_binary() {
        let v = json_line("t", None);
        assert_eq!(v["error"], "no value (a tombstone)");
        assert_eq!(v["value"], serde_json::Value::Null);
        let v = json_line("t", Some(b"\xff\xfe"));
        assert_eq!(v["error"], "the value is not UTF-8 text");
        assert_eq!(v["value"], "\u{fffd}\u{fffd}");
    }

    #[test]
    fn multi_line_json_values_stay_on_one_line() {
        let v = json_line(
            "user-events",
            Some(b"{\n  \"event_type\": \"user_created\",\n  \"data\": {\"id\": \"u\"}\n}\n"),
        );
        assert_eq!(v["event"]["event_type"], "user_created");
    }

    #[test]
    fn pretty_blocks() {
        let r = record("task-events", Some(VALID));
        let mut out = Vec::new();
        Printer::default()
            .pretty(&mut out, &r, &inspect("task-events", Some(VALID)))
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "task-events/2 @41  2026-11-29T10:00:00.123Z  key t-1\n\
             task_deleted  id 0b0d7c4e-8a44-4b9c-9a52-7b5c8f0f4f61  from spm-kafka  at 2026-11-29T10:00:00Z\n\
             \x20 id     t-1\n\
             \x20 extra  [1,2]\n\n"
        );
        let bad = record("task-events", Some(b"oops"));
        let mut out = Vec::new();
        Printer::default()
            .pretty(&mut out, &bad, &inspect("task-events", Some(b"oops")))
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("INVALID  not JSON"), "{text}");
        assert!(text.contains("\n  oops\n"), "{text}");
    }

    #[test]
    fn raw_is_the_value() {
        let mut out = Vec::new();
        Printer::default()
            .raw(&mut out, &record("t", Some(b"anything")))
            .unwrap();
        assert_eq!(out, b"anything\n");
    }

    #[test]
    fn clock_formats_and_caches() {
        let mut c = Clock::default();
        assert_eq!(c.text(1_795_946_400_123), "2026-11-29T10:00:00.123Z");
        assert_eq!(c.text(1_795_946_400_007), "2026-11-29T10:00:00.007Z");
        assert_eq!(c.text(1_795_946_401_000), "2026-11-29T10:00:01.000Z");
        assert_eq!(c.text(0), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn only_records_that_pass_the_filters_are_written() {
        let filter = Filter {
            types: vec!["task_deleted"],
            key: Some(b"t-1".to_vec()),
        };
        let mut w = RecordWriter::new(Vec::new(), Format::Raw, filter, false);
        assert!(w.record(&record("task-events", Some(VALID))).unwrap());
        let other_key = Record {
            key: Some(b"t-2"),
            ..record("task-events", Some(VALID))
        };
        assert!(!w.record(&other_key).unwrap());
        assert!(!w.record(&record("task-events", Some(b"not json"))).unwrap());
        assert_eq!(w.out, [VALID, b"\n"].concat());
    }
}
