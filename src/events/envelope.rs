//! The value spm-kafka writes to Kafka, compatible with the SPM services' Python consumers
//! (they read `event['event_type']` and `event['data']`):
//!
//! ```json
//! {"event_id":"<uuid v4>","event_type":"task_created","timestamp":"2026-11-29T10:00:00.123Z",
//!  "source":"spm-kafka","version":1,"data":{...}}
//! ```
//!
//! The Kafka key is `data.id` unless given; the `event_type` header repeats the type so that
//! consumers can route without parsing the value.

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

use super::validate::{Event, VERSION};

pub const DEFAULT_SOURCE: &str = "spm-kafka";
pub const EVENT_TYPE_HEADER: &str = "event_type";

/// The envelope fields an event does not carry itself, filled in when it is sent.
#[derive(Debug, Clone, Copy)]
pub struct Stamp<'s> {
    pub event_id: &'s str,
    pub timestamp: &'s str,
    pub source: &'s str,
}

/// Which of the stamped fields an event lacks (see [`Stamper::stamp_missing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Missing {
    pub event_id: bool,
    pub timestamp: bool,
}

impl Missing {
    pub const BOTH: Missing = Missing {
        event_id: true,
        timestamp: true,
    };
}

/// Writes the wire value of `event` into `buf` (cleared first). `data` is copied byte for byte;
/// the event's own `event_id`, `timestamp` and `source` win over `stamp`'s.
pub fn write_envelope(buf: &mut Vec<u8>, event: &Event<'_>, stamp: Stamp<'_>) {
    write_parts(
        buf,
        Parts {
            event_id: event.event_id.as_deref().unwrap_or(stamp.event_id),
            event_type: event.kind.name,
            timestamp: event.timestamp.as_deref().unwrap_or(stamp.timestamp),
            source: event.source.as_deref().unwrap_or(stamp.source),
            data: event.data.get(),
        },
    );
}

/// The fields of one envelope, already checked: `event_id` a UUID, `event_type` a catalogue
/// name, `timestamp` RFC 3339 in UTC, `data` the JSON text of an object.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'p> {
    pub event_id: &'p str,
    pub event_type: &'p str,
    pub timestamp: &'p str,
    pub source: &'p str,
    pub data: &'p str,
}

/// Writes an envelope from checked parts into `buf` (cleared first).
pub fn write_parts(buf: &mut Vec<u8>, parts: Parts<'_>) {
    buf.clear();
    // A UUID, a catalogue name and an RFC 3339 time have nothing to escape.
    buf.extend_from_slice(b"{\"event_id\":\"");
    buf.extend_from_slice(parts.event_id.as_bytes());
    buf.extend_from_slice(b"\",\"event_type\":\"");
    buf.extend_from_slice(parts.event_type.as_bytes());
    buf.extend_from_slice(b"\",\"timestamp\":\"");
    buf.extend_from_slice(parts.timestamp.as_bytes());
    buf.extend_from_slice(b"\",\"source\":");
    write_json_str(buf, parts.source);
    buf.extend_from_slice(b",\"version\":");
    buf.extend_from_slice(itoa::Buffer::new().format(VERSION).as_bytes());
    buf.extend_from_slice(b",\"data\":");
    buf.extend_from_slice(parts.data.as_bytes());
    buf.push(b'}');
}

/// A JSON string literal for `s`, escaped.
pub fn write_json_str(buf: &mut Vec<u8>, s: &str) {
    let needs_escape = s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\');
    if needs_escape {
        // serde_json's escaping is exact; writing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *buf, s);
    } else {
        buf.push(b'"');
        buf.extend_from_slice(s.as_bytes());
        buf.push(b'"');
    }
}

/// One line of `publish --dry-run`: what would be sent, in the shape `tail -o json` prints
/// (without partition, offset and timestamp, which only the broker assigns), so that it can be
/// fed back to `publish --file`.
pub fn write_dry_run_line(
    out: &mut impl Write,
    scratch: &mut Vec<u8>,
    topic: &str,
    key: &str,
    event_type: &str,
    envelope: &[u8],
) -> io::Result<()> {
    scratch.clear();
    scratch.extend_from_slice(b"{\"topic\":");
    write_json_str(scratch, topic);
    scratch.extend_from_slice(b",\"key\":");
    write_json_str(scratch, key);
    scratch.extend_from_slice(b",\"headers\":{\"");
    scratch.extend_from_slice(EVENT_TYPE_HEADER.as_bytes());
    scratch.extend_from_slice(b"\":");
    write_json_str(scratch, event_type);
    scratch.extend_from_slice(b"},\"event\":");
    scratch.extend_from_slice(envelope);
    scratch.extend_from_slice(b"}\n");
    out.write_all(scratch)
}

/// New event ids (UUID v4, from `uuid`'s thread-local generator) and "now" timestamps, cheap
/// enough for a million events: the timestamp text is reused within a millisecond.
pub struct Stamper {
    id: [u8; 36],
    now_ms: i64,
    now: String,
}

impl Default for Stamper {
    fn default() -> Self {
        Stamper {
            id: [0; 36],
            now_ms: i64::MIN,
            now: String::new(),
        }
    }
}

impl Stamper {
    pub fn event_id(&mut self) -> &str {
        Uuid::new_v4().hyphenated().encode_lower(&mut self.id)
    }

    /// A new event id and the current time, for one event.
    pub fn stamp<'s>(&'s mut self, source: &'s str) -> Stamp<'s> {
        self.stamp_missing(source, Missing::BOTH)
    }

    /// [`Stamper::stamp`] for an event that carries some of its own fields: only what it lacks
    /// is made (an id, the time); the others are left empty, for the event's own to win.
    pub fn stamp_missing<'s>(&'s mut self, source: &'s str, missing: Missing) -> Stamp<'s> {
        if missing.event_id {
            self.event_id();
        }
        if missing.timestamp {
            self.now();
        }
        let id = std::str::from_utf8(&self.id).unwrap_or_default();
        Stamp {
            event_id: if missing.event_id { id } else { "" },
            timestamp: if missing.timestamp { &self.now } else { "" },
            source,
        }
    }

    /// The current time as RFC 3339 UTC with milliseconds: `2026-11-29T10:00:00.123Z`.
    pub fn now(&mut self) -> &str {
        let now = Utc::now();
        let ms = now.timestamp_millis();
        if ms != self.now_ms {
            self.now_ms = ms;
            self.now = format_millis(now);
        }
        &self.now
    }
}

pub fn format_millis(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::validate::{check_envelope, Mode, Object};

    fn envelope(text: &str, stamp: Stamp<'_>) -> serde_json::Value {
        let obj = Object::parse(text).unwrap();
        let event = check_envelope(&obj, Mode::Read).unwrap();
        let mut buf = Vec::new();
        write_envelope(&mut buf, &event, stamp);
        serde_json::from_slice(&buf).expect("the envelope is JSON")
    }

    const STAMP: Stamp<'static> = Stamp {
        event_id: "0b0d7c4e-8a44-4b9c-9a52-7b5c8f0f4f61",
        timestamp: "2026-11-29T10:00:00.123Z",
        source: "spm-kafka",
    };

    #[test]
    fn the_wire_shape_in_order() {
        let v = envelope(
            r#"{"event_type":"task_created","data":{"id":"t-1","name":"N","created_by_uid":"u","pid":"p","zeta":1,"alpha":[true]}}"#,
            STAMP,
        );
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "event_id",
                "event_type",
                "timestamp",
                "source",
                "version",
                "data"
            ]
        );
        assert_eq!(v["event_id"], STAMP.event_id);
        assert_eq!(v["event_type"], "task_created");
        assert_eq!(v["timestamp"], STAMP.timestamp);
        assert_eq!(v["source"], "spm-kafka");
        assert_eq!(v["version"], 1);
        let data_keys: Vec<&str> = v["data"]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            data_keys,
            ["id", "name", "created_by_uid", "pid", "zeta", "alpha"],
            "extra fields pass through in order"
        );
    }

    #[test]
    fn data_is_copied_byte_for_byte() {
        let text =
            r#"{"event_type":"user_updated","data":{"id":"u","score":1.50,"note":"caf\u00e9"}}"#;
        let obj = Object::parse(text).unwrap();
        let event = check_envelope(&obj, Mode::Read).unwrap();
        let mut buf = Vec::new();
        write_envelope(&mut buf, &event, STAMP);
        let wire = String::from_utf8(buf).unwrap();
        assert!(
            wire.ends_with(r#""data":{"id":"u","score":1.50,"note":"caf\u00e9"}}"#),
            "{wire}"
        );
    }

    #[test]
    fn the_events_own_fields_win() {
        let v = envelope(
            r#"{"event_type":"user_created","data":{"id":"u"},"event_id":"7d7e0f36-3b1f-4d0e-9e2a-1f7f3a1b2c3d","timestamp":"2025-01-01T00:00:00Z","source":"manage-user"}"#,
            STAMP,
        );
        assert_eq!(v["event_id"], "7d7e0f36-3b1f-4d0e-9e2a-1f7f3a1b2c3d");
        assert_eq!(v["timestamp"], "2025-01-01T00:00:00Z");
        assert_eq!(v["source"], "manage-user");
    }

    #[test]
    fn strings_are_escaped() {
        let v = envelope(
            r#"{"event_type":"user_created","data":{"id":"u"},"source":"a \"quoted\"\nname"}"#,
            STAMP,
        );
        assert_eq!(v["source"], "a \"quoted\"\nname");
        let mut b = Vec::new();
        write_json_str(&mut b, "tab\there");
        assert_eq!(b, br#""tab\there""#);
    }

    #[test]
    fn dry_run_lines_look_like_tail_records() {
        let mut out = Vec::new();
        write_dry_run_line(
            &mut out,
            &mut Vec::new(),
            "task-events",
            "t-1",
            "task_deleted",
            br#"{"event_type":"task_deleted","data":{"id":"t-1"}}"#,
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["topic"], "task-events");
        assert_eq!(v["key"], "t-1");
        assert_eq!(v["headers"]["event_type"], "task_deleted");
        assert_eq!(v["event"]["data"]["id"], "t-1");
        assert!(out.ends_with(b"}\n"));
    }

    #[test]
    fn event_ids_are_distinct_v4() {
        let mut s = Stamper::default();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..1000 {
            let id = s.event_id().to_string();
            let u = Uuid::parse_str(&id).unwrap();
            assert_eq!(u.get_version_num(), 4);
            assert_eq!(id.len(), 36);
            assert!(seen.insert(id));
        }
    }

    #[test]
    fn stamps_carry_a_fresh_id_and_now() {
        let mut s = Stamper::default();
        let a = s.stamp("svc").event_id.to_string();
        let b = s.stamp("svc");
        assert_ne!(a, b.event_id);
        assert_eq!(b.source, "svc");
        assert!(DateTime::parse_from_rfc3339(b.timestamp).is_ok());
    }

    #[test]
    fn only_the_missing_fields_are_stamped() {
        let mut s = Stamper::default();
        let none = Missing {
            event_id: false,
            timestamp: false,
        };
        let stamp = s.stamp_missing("svc", none);
        assert_eq!((stamp.event_id, stamp.timestamp), ("", ""));
        let id_only = Missing {
            event_id: true,
            timestamp: false,
        };
        let stamp = s.stamp_missing("svc", id_only);
        assert_eq!(
            Uuid::parse_str(stamp.event_id).unwrap().get_version_num(),
            4
        );
        assert_eq!(stamp.timestamp, "");
        let stamp = s.stamp_missing("svc", Missing::BOTH);
        assert!(DateTime::parse_from_rfc3339(stamp.timestamp).is_ok());
    }

    #[test]
    fn now_is_rfc3339_utc_millis() {
        let mut s = Stamper::default();
        let now = s.now().to_string();
        assert_eq!(now.len(), 24, "{now}");
        assert!(now.ends_with('Z'));
        assert!(DateTime::parse_from_rfc3339(&now).is_ok());
    }
}
