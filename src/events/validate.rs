//! Checking an SPM event against the catalogue, with one message per problem that names the
//! field (`data.name: missing (task_created requires id, name, created_by_uid, pid)`).
//!
//! Events are checked on a borrowed view of the JSON ([`Object`]): keys and raw values point into
//! the input, so a million-line file or topic is checked without building a JSON tree per event,
//! and `data` can be passed on byte for byte.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::catalogue::{self, EventType, FieldKind, MAX_FIELDS};
use super::members::members;

/// The fields of the envelope on the wire, in the order spm-kafka writes them.
pub const ENVELOPE_FIELDS: [&str; 6] = [
    "event_id",
    "event_type",
    "timestamp",
    "source",
    "version",
    "data",
];

/// The envelope version this program writes and understands.
pub const VERSION: u32 = 1;

/// A problem with one field of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The path of the field: `event_type`, `data.deadline`, `event.data.id`.
    pub field: String,
    pub problem: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, problem: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            problem: problem.into(),
        }
    }

    /// The same error for a field nested under `prefix` (`event` → `event.data.id`).
    pub fn within(self, prefix: &str) -> FieldError {
        FieldError {
            field: format!("{prefix}.{}", self.field),
            problem: self.problem,
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

/// Text that is not JSON, or JSON that is not an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// 1-based column of the problem in the parsed text.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A JSON string, borrowed from the input when it contains no escapes.
pub struct Text<'a>(pub Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(TextVisitor)
    }
}

type Entry<'a> = (Cow<'a, str>, &'a RawValue);

/// A JSON object as its keys and raw values, in input order, borrowed from the input.
#[derive(Debug)]
pub struct Object<'a> {
    fields: Vec<Entry<'a>>,
}

impl<'de> Deserialize<'de> for Object<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = Object<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Object<'de>, M::Error> {
                // SPM envelopes and data objects have a handful of fields: one allocation.
                let mut object = Object {
                    fields: Vec::with_capacity(8),
                };
                while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
                    let value: &'de RawValue = map.next_value()?;
                    object.fields.push((key, value));
                }
                Ok(object)
            }
        }
        d.deserialize_map(ObjectVisitor)
    }
}

impl<'a> Object<'a> {
    /// Parses `text` as one JSON object (surrounding whitespace allowed).
    pub fn parse(text: &'a str) -> Result<Object<'a>, JsonError> {
        match serde_json::from_str::<Object<'a>>(text) {
            Ok(o) => Ok(o),
            Err(e) => Err(json_error(text, &e)),
        }
    }

    /// The value of `key`; the last one wins if the key repeats, as in Python's `json`.
    pub fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.entries()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| *v)
    }

    fn entries(&self) -> std::slice::Iter<'_, Entry<'a>> {
        self.fields.iter()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &'a RawValue)> + '_ {
        self.entries().map(|(k, v)| (k.as_ref(), *v))
    }
}

fn json_error(text: &str, e: &serde_json::Error) -> JsonError {
    // Valid JSON that is not an object deserves a better word than serde's "invalid type".
    if e.is_data() {
        if let Ok(raw) = serde_json::from_str::<&RawValue>(text) {
            let column = text.len() - text.trim_start().len() + 1;
            return JsonError {
                column,
                message: format!("expected a JSON object, got {}", describe(raw)),
            };
        }
    }
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    JsonError {
        column: e.column().max(1),
        message: format!("invalid JSON: {message}"),
    }
}

/// How a JSON value reads in a message: `null`, `a number (42)`, `an array`.
pub fn describe(raw: &RawValue) -> String {
    describe_text(raw.get())
}

/// [`describe`] for the text of a valid JSON value.
fn describe_text(text: &str) -> String {
    let text = text.trim();
    let shown = || {
        let mut s: String = text.chars().take(40).collect();
        if s.len() < text.len() {
            s.push('…');
        }
        s
    };
    match text.as_bytes().first() {
        Some(b'"') => format!("a string ({})", shown()),
        Some(b'{') => "an object".to_string(),
        Some(b'[') => "an array".to_string(),
        Some(b'n') => "null".to_string(),
        Some(b't' | b'f') => format!("a boolean ({text})"),
        _ => format!("a number ({})", shown()),
    }
}

/// A string value, or what is wrong with it. Strings without escapes are borrowed as they are.
pub fn string_value(raw: &RawValue) -> Result<Cow<'_, str>, String> {
    string_text(raw.get())
}

/// [`string_value`] for the text of a valid JSON value (no surrounding whitespace).
fn string_text(text: &str) -> Result<Cow<'_, str>, String> {
    if text.len() >= 2 && text.starts_with('"') && !text.contains('\\') {
        return Ok(Cow::Borrowed(&text[1..text.len() - 1]));
    }
    match serde_json::from_str::<Text<'_>>(text) {
        Ok(Text(s)) => Ok(s),
        Err(_) => Err(format!("must be a string, got {}", describe_text(text))),
    }
}

fn non_empty(raw: &RawValue) -> Result<Cow<'_, str>, String> {
    non_empty_text(raw.get())
}

fn non_empty_text(text: &str) -> Result<Cow<'_, str>, String> {
    let s = string_text(text)?;
    // `trim().is_empty()`, stopping at the first non-blank character (trim scans both ends).
    if s.chars().all(char::is_whitespace) {
        return Err("must not be empty".into());
    }
    Ok(s)
}

/// An RFC 3339 timestamp, normalised to UTC (`Z`). Already-UTC text is kept as written.
pub fn utc_timestamp(raw: &RawValue) -> Result<Cow<'_, str>, String> {
    utc_timestamp_text(raw.get())
}

fn utc_timestamp_text(text: &str) -> Result<Cow<'_, str>, String> {
    let s = string_text(text)?;
    if is_plain_utc(&s) {
        return Ok(s);
    }
    match DateTime::parse_from_rfc3339(&s) {
        Ok(_) if s.ends_with('Z') => Ok(s),
        Ok(t) => Ok(Cow::Owned(
            t.with_timezone(&Utc)
                .to_rfc3339_opts(SecondsFormat::AutoSi, true),
        )),
        Err(_) => Err(format!(
            "'{s}' is not an RFC 3339 timestamp (e.g. 2026-11-29T10:00:00Z)"
        )),
    }
}

/// The common shape `2026-11-29T10:00:00Z` / `...:00.123Z`, checked without chrono (which
/// costs a tenth of an event's whole check). Anything else, leap seconds included, goes to
/// chrono; this never accepts what chrono would refuse.
fn is_plain_utc(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 || b[b.len() - 1] != b'Z' {
        return false;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = b.get(range)?;
        digits.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators.iter().any(|&(i, c)| b[i] != c) {
        return false;
    }
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        num(0..4),
        num(5..7),
        num(8..10),
        num(11..13),
        num(14..16),
        num(17..19),
    ) else {
        return false;
    };
    let fraction = &b[19..b.len() - 1];
    let fraction_ok = fraction.is_empty()
        || (fraction[0] == b'.'
            && (2..=10).contains(&fraction.len())
            && fraction[1..].iter().all(u8::is_ascii_digit));
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    fraction_ok && (1..=days).contains(&day) && hour < 24 && minute < 60 && second < 60
}

/// Attaches the field's name to a problem with its value.
fn at<T>(field: &str, result: Result<T, String>) -> Result<T, FieldError> {
    result.map_err(|problem| FieldError::new(field, problem))
}

/// A valid SPM event, borrowed from the text it was read from.
#[derive(Debug)]
pub struct Event<'a> {
    pub kind: &'static EventType,
    /// The `data` object exactly as written (extra fields included).
    pub data: &'a RawValue,
    /// `data.id`, the default Kafka key.
    pub id: Cow<'a, str>,
    pub event_id: Option<Cow<'a, str>>,
    /// In UTC.
    pub timestamp: Option<Cow<'a, str>>,
    pub source: Option<Cow<'a, str>>,
}

/// How strictly the envelope's own fields are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Input to `publish`: an unknown top-level field is an error (a typo would otherwise be
    /// dropped silently). `extra` names the fields the input format adds (`key`).
    Publish { extra: &'static [&'static str] },
    /// Events read from a topic: other producers may add fields; they are tolerated.
    Read,
}

/// Checks an envelope: `event_type` known, `data` an object with the fields its type requires,
/// and the optional `event_id`, `timestamp`, `source`, `version` well-formed when present
/// (events written the seed services' way carry only `event_type` and `data`).
pub fn check_envelope<'a>(obj: &Object<'a>, mode: Mode) -> Result<Event<'a>, FieldError> {
    if let Mode::Publish { extra } = mode {
        for (key, _) in obj.iter() {
            if !ENVELOPE_FIELDS.contains(&key) && !extra.contains(&key) {
                let known = ENVELOPE_FIELDS.iter().chain(extra.iter()).copied();
                let hint = match crate::names::closest(key, known) {
                    Some(s) => format!(" (did you mean '{s}'?)"),
                    None => format!(
                        " (an event has {}; extra data goes inside data)",
                        ENVELOPE_FIELDS.join(", ")
                    ),
                };
                return Err(FieldError::new(key, format!("unknown field{hint}")));
            }
        }
    }
    let event_type = obj
        .get("event_type")
        .ok_or_else(|| FieldError::new("event_type", "missing"))?;
    let event_type = at("event_type", non_empty(event_type))?;
    let kind = catalogue::find(&event_type)
        .ok_or_else(|| FieldError::new("event_type", catalogue::unknown_type(&event_type)))?;

    let data = obj.get("data").ok_or_else(|| {
        FieldError::new(
            "data",
            format!(
                "missing ({} requires {})",
                kind.name,
                kind.field_names().join(", ")
            ),
        )
    })?;
    let id = check_data(kind, data)?;

    if let Some(v) = obj.get("version") {
        if v.get().trim() != "1" {
            return Err(FieldError::new(
                "version",
                format!(
                    "must be {VERSION}, got {} (this spm-kafka reads version {VERSION})",
                    describe(v)
                ),
            ));
        }
    }
    let event_id = match obj.get("event_id") {
        None => None,
        Some(v) => {
            let s = at("event_id", string_value(v))?;
            if uuid::Uuid::try_parse(&s).is_err() {
                return Err(FieldError::new(
                    "event_id",
                    format!("'{s}' is not a UUID (leave event_id out to get a new one)"),
                ));
            }
            Some(s)
        }
    };
    let timestamp = obj
        .get("timestamp")
        .map(|v| at("timestamp", utc_timestamp(v)))
        .transpose()?;
    let source = obj
        .get("source")
        .map(|v| at("source", non_empty(v)))
        .transpose()?;
    Ok(Event {
        kind,
        data,
        id,
        event_id,
        timestamp,
        source,
    })
}

/// Checks `data` against the fields `kind` requires and returns `data.id`.
pub fn check_data<'a>(kind: &EventType, data: &'a RawValue) -> Result<Cow<'a, str>, FieldError> {
    let text = data.get();
    if !text.starts_with('{') {
        return Err(FieldError::new(
            "data",
            format!("must be an object, got {}", describe(data)),
        ));
    }
    // The raw text of each required field; the last one wins if a key repeats.
    let mut found: [Option<&'a str>; MAX_FIELDS] = [None; MAX_FIELDS];
    let mut walk = members(text);
    for (key, value) in walk.by_ref() {
        if let Some(i) = kind.fields.iter().position(|f| f.name == key) {
            if let Some(slot) = found.get_mut(i) {
                *slot = Some(value);
            }
        }
    }
    if walk.stopped_early() {
        return Err(FieldError::new(
            "data",
            "has a key that is not valid JSON text (a lone \\u surrogate escape?)",
        ));
    }
    let mut id = None;
    for (field, value) in kind.fields.iter().zip(found) {
        let path = || format!("data.{}", field.name);
        let Some(value) = value else {
            return Err(FieldError::new(
                path(),
                format!(
                    "missing ({} requires {})",
                    kind.name,
                    kind.field_names().join(", ")
                ),
            ));
        };
        let text = match field.kind {
            FieldKind::Text => non_empty_text(value),
            FieldKind::Timestamp => utc_timestamp_text(value),
        }
        .map_err(|problem| FieldError::new(path(), problem))?;
        if field.name == "id" {
            id = Some(text);
        }
    }
    id.ok_or_else(|| FieldError::new("data.id", "missing"))
}

/// An event of an SPM type on another SPM topic is a mistake (`user_created` on task-events);
/// on any other topic (staging copies, tests) the type decides nothing.
pub fn check_topic(kind: &EventType, topic: &str) -> Result<(), String> {
    if catalogue::is_spm_topic(topic) && kind.topic != topic {
        return Err(format!(
            "{} belongs on {}, not {topic}",
            kind.name, kind.topic
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLISH: Mode = Mode::Publish { extra: &["key"] };

    fn check(text: &str, mode: Mode) -> Result<String, String> {
        let obj = Object::parse(text).map_err(|e| e.to_string())?;
        check_envelope(&obj, mode)
            .map(|e| format!("{}:{}", e.kind.name, e.id))
            .map_err(|e| e.to_string())
    }

    const TASK: &str = r#"{"event_type":"task_created","data":{"id":"t-1","name":"Write docs","created_by_uid":"u-1","pid":"p-1"}}"#;

    #[test]
    fn a_complete_event_passes() {
        assert_eq!(check(TASK, PUBLISH).unwrap(), "task_created:t-1");
        assert_eq!(check(TASK, Mode::Read).unwrap(), "task_created:t-1");
    }

    #[test]
    fn each_missing_required_field_is_named() {
        for field in ["name", "created_by_uid", "pid", "id"] {
            let v: serde_json::Value = serde_json::from_str(TASK).unwrap();
            let mut v = v;
            v["data"].as_object_mut().unwrap().remove(field);
            let e = check(&v.to_string(), PUBLISH).unwrap_err();
            assert_eq!(
                e,
                format!(
                    "data.{field}: missing (task_created requires id, name, created_by_uid, pid)"
                )
            );
        }
    }

    #[test]
    fn ids_and_names_are_non_empty_strings() {
        let e = check(r#"{"event_type":"task_deleted","data":{"id":42}}"#, PUBLISH).unwrap_err();
        assert_eq!(e, "data.id: must be a string, got a number (42)");
        let e = check(
            r#"{"event_type":"project_created","data":{"id":"p","name":"  "}}"#,
            PUBLISH,
        )
        .unwrap_err();
        assert_eq!(e, "data.name: must not be empty");
        let e = check(
            r#"{"event_type":"task_assigned","data":{"id":"t","assignee_uid":null}}"#,
            PUBLISH,
        )
        .unwrap_err();
        assert_eq!(e, "data.assignee_uid: must be a string, got null");
    }

    #[test]
    fn deadlines_are_rfc3339() {
        let ok = r#"{"event_type":"deadline_overdue","data":{"id":"s","deadline":"2026-11-29T10:00:00+02:00"}}"#;
        assert_eq!(check(ok, PUBLISH).unwrap(), "deadline_overdue:s");
        let bad =
            r#"{"event_type":"deadline_approaching","data":{"id":"s","deadline":"tomorrow"}}"#;
        assert_eq!(
            check(bad, PUBLISH).unwrap_err(),
            "data.deadline: 'tomorrow' is not an RFC 3339 timestamp (e.g. 2026-11-29T10:00:00Z)"
        );
        let date_only =
            r#"{"event_type":"deadline_overdue","data":{"id":"s","deadline":"2026-11-29"}}"#;
        assert!(check(date_only, PUBLISH).is_err());
    }

    #[test]
    fn extra_data_fields_are_allowed() {
        let t = r#"{"event_type":"task_updated","data":{"id":"t","priority":3,"tags":["a"],"nested":{"x":null}}}"#;
        assert_eq!(check(t, PUBLISH).unwrap(), "task_updated:t");
    }

    #[test]
    fn event_type_problems() {
        assert_eq!(
            check(r#"{"data":{"id":"x"}}"#, PUBLISH).unwrap_err(),
            "event_type: missing"
        );
        assert_eq!(
            check(r#"{"event_type":"task_create","data":{"id":"x"}}"#, PUBLISH).unwrap_err(),
            "event_type: unknown event type 'task_create' (did you mean 'task_created'?)"
        );
        assert_eq!(
            check(r#"{"event_type":7,"data":{"id":"x"}}"#, PUBLISH).unwrap_err(),
            "event_type: must be a string, got a number (7)"
        );
    }

    #[test]
    fn data_problems() {
        assert_eq!(
            check(r#"{"event_type":"user_created"}"#, PUBLISH).unwrap_err(),
            "data: missing (user_created requires id)"
        );
        assert_eq!(
            check(r#"{"event_type":"user_created","data":[1]}"#, PUBLISH).unwrap_err(),
            "data: must be an object, got an array"
        );
        assert_eq!(
            check(r#"{"event_type":"user_created","data":"id"}"#, PUBLISH).unwrap_err(),
            "data: must be an object, got a string (\"id\")"
        );
    }

    #[test]
    fn unknown_envelope_fields_only_matter_for_publish() {
        let t = r#"{"event_type":"user_created","data":{"id":"u"},"sorce":"x"}"#;
        assert_eq!(
            check(t, PUBLISH).unwrap_err(),
            "sorce: unknown field (did you mean 'source'?)"
        );
        assert_eq!(check(t, Mode::Read).unwrap(), "user_created:u");
        let t = r#"{"event_type":"user_created","data":{"id":"u"},"priority":1}"#;
        assert!(check(t, PUBLISH)
            .unwrap_err()
            .starts_with("priority: unknown field (an event has event_id"));
        let t = r#"{"event_type":"user_created","data":{"id":"u"},"key":"k"}"#;
        assert!(check(t, PUBLISH).is_ok());
    }

    #[test]
    fn optional_envelope_fields_are_checked_when_present() {
        let with = |extra: &str| {
            check(
                &format!(r#"{{"event_type":"user_created","data":{{"id":"u"}},{extra}}}"#),
                PUBLISH,
            )
        };
        assert!(with(r#""event_id":"0b0d7c4e-8a44-4b9c-9a52-7b5c8f0f4f61""#).is_ok());
        assert_eq!(
            with(r#""event_id":"abc""#).unwrap_err(),
            "event_id: 'abc' is not a UUID (leave event_id out to get a new one)"
        );
        assert!(with(r#""version":1"#).is_ok());
        assert_eq!(
            with(r#""version":2"#).unwrap_err(),
            "version: must be 1, got a number (2) (this spm-kafka reads version 1)"
        );
        assert_eq!(
            with(r#""source":"""#).unwrap_err(),
            "source: must not be empty"
        );
        assert!(with(r#""timestamp":"yesterday""#)
            .unwrap_err()
            .starts_with("timestamp: 'yesterday' is not an RFC 3339"));
    }

    #[test]
    fn timestamps_become_utc_and_utc_text_is_kept() {
        let obj = Object::parse(
            r#"{"event_type":"user_created","data":{"id":"u"},"timestamp":"2026-11-29T12:00:00.5+02:00"}"#,
        )
        .unwrap();
        let e = check_envelope(&obj, Mode::Read).unwrap();
        assert_eq!(e.timestamp.as_deref(), Some("2026-11-29T10:00:00.500Z"));
        let obj = Object::parse(
            r#"{"event_type":"user_created","data":{"id":"u"},"timestamp":"2026-11-29T10:00:00.123456Z"}"#,
        )
        .unwrap();
        let e = check_envelope(&obj, Mode::Read).unwrap();
        assert_eq!(e.timestamp.as_deref(), Some("2026-11-29T10:00:00.123456Z"));
    }

    #[test]
    fn not_json_or_not_an_object() {
        let e = Object::parse("{\"a\": }").unwrap_err();
        assert_eq!(e.column, 7);
        assert!(e.message.starts_with("invalid JSON: expected value"), "{e}");
        let e = Object::parse("  [1,2]").unwrap_err();
        assert_eq!(
            (e.column, e.message.as_str()),
            (3, "expected a JSON object, got an array")
        );
        assert!(Object::parse("hello").is_err());
    }

    #[test]
    fn large_objects_keep_their_order() {
        let text = format!(
            "{{{}}}",
            (0..30)
                .map(|i| format!("\"k{i}\":{i}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let o = Object::parse(&text).unwrap();
        let keys: Vec<&str> = o.iter().map(|(k, _)| k).collect();
        assert_eq!(keys.len(), 30);
        assert_eq!((keys[0], keys[12], keys[29]), ("k0", "k12", "k29"));
        assert_eq!(o.get("k29").unwrap().get(), "29");
    }

    #[test]
    fn objects_borrow_and_last_key_wins() {
        let text = r#"{"a":1,"b":"x\"y","a":2}"#;
        let o = Object::parse(text).unwrap();
        assert_eq!(o.iter().count(), 3);
        assert_eq!(o.get("a").unwrap().get(), "2");
        assert_eq!(string_value(o.get("b").unwrap()).unwrap(), "x\"y");
        assert!(matches!(
            string_value(Object::parse(r#"{"k":"plain"}"#).unwrap().get("k").unwrap()).unwrap(),
            Cow::Borrowed("plain")
        ));
    }

    #[test]
    fn the_plain_utc_shortcut_agrees_with_chrono() {
        let mut cases = vec![
            "2026-11-29T10:00:00Z".to_string(),
            "2026-11-29T10:00:00.123Z".into(),
            "2026-11-29T10:00:00.123456789Z".into(),
            "2026-11-29T10:00:00.1234567891Z".into(),
            "2026-11-29T10:00:00.Z".into(),
            "2024-02-29T23:59:59Z".into(),
            "2023-02-29T00:00:00Z".into(),
            "2000-02-29T00:00:00Z".into(),
            "1900-02-29T00:00:00Z".into(),
            "2026-04-31T00:00:00Z".into(),
            "2026-13-01T00:00:00Z".into(),
            "2026-00-10T00:00:00Z".into(),
            "2026-01-00T00:00:00Z".into(),
            "2026-01-01T24:00:00Z".into(),
            "2026-01-01T23:60:00Z".into(),
            "2026-01-01T23:59:60Z".into(),
            "2026-01-01 10:00:00Z".into(),
            "2026-01-01t10:00:00z".into(),
            "2026-1-01T10:00:00Z".into(),
            "+026-01-01T10:00:00Z".into(),
            "2026-01-01T10:00:00+00:00".into(),
            "2026-01-01T10:00:0aZ".into(),
            "0000-01-01T00:00:00Z".into(),
            "9999-12-31T23:59:59.999Z".into(),
        ];
        for month in 1..=12 {
            for day in [28, 29, 30, 31, 32] {
                for year in [1900, 2000, 2023, 2024] {
                    cases.push(format!("{year}-{month:02}-{day:02}T12:30:45Z"));
                }
            }
        }
        for case in &cases {
            if is_plain_utc(case) {
                assert!(
                    DateTime::parse_from_rfc3339(case).is_ok(),
                    "the shortcut accepts {case}, chrono does not"
                );
            }
        }
        assert!(is_plain_utc("2026-11-29T10:00:00.123Z"));
        assert!(is_plain_utc("2024-02-29T23:59:59Z"));
        assert!(!is_plain_utc("2023-02-29T00:00:00Z"));
        let quoted = |s: &str| format!("\"{s}\"");
        assert!(utc_timestamp_text(&quoted("2023-02-29T00:00:00Z")).is_err());
        assert_eq!(
            utc_timestamp_text(&quoted("2026-11-29T11:00:00+01:00")).unwrap(),
            "2026-11-29T10:00:00Z"
        );
    }

    #[test]
    fn types_belong_on_their_topic() {
        let user = catalogue::find("user_created").unwrap();
        assert!(check_topic(user, "user-events").is_ok());
        assert!(check_topic(user, "staging.user-events").is_ok());
        assert_eq!(
            check_topic(user, "task-events").unwrap_err(),
            "user_created belongs on user-events, not task-events"
        );
    }
}
