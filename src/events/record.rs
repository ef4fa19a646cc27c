//! A record read from Kafka, judged against the catalogue; `render::tail` writes it for people
//! (`pretty`), for programs (`json`, one object per line) or as the bare value (`raw`).
//!
//! A value that is not JSON, or JSON that is not a valid SPM event, is still written, marked
//! invalid with the reason: `tail` never crashes on a record and never drops one silently.

use std::borrow::Cow;

use super::validate::{self, check_envelope, check_topic, Event, Mode, Object};

/// A consumed Kafka record, borrowed from the consumer.
#[derive(Debug, Clone)]
pub struct Record<'a> {
    pub topic: &'a str,
    pub partition: i32,
    pub offset: i64,
    /// Milliseconds since the epoch, as the broker reports it.
    pub timestamp_ms: Option<i64>,
    pub key: Option<&'a [u8]>,
    pub headers: Vec<(&'a str, Option<&'a [u8]>)>,
    pub value: Option<&'a [u8]>,
}

/// What the value of a record is.
#[derive(Debug)]
pub struct Inspection<'a> {
    /// The value as text, when it is UTF-8.
    pub text: Option<&'a str>,
    /// The value parsed as a JSON object, when it is one.
    pub object: Option<Object<'a>>,
    /// `event_type` when the value has a string one, valid or not (for `--type`).
    pub event_type: Option<Cow<'a, str>>,
    /// The valid event, or why the value is not one.
    pub verdict: Result<Event<'a>, String>,
}

/// Judges a record's value. Events written by other producers may carry extra envelope fields,
/// and events in the seed services' shape (`event_type` and `data` only) are valid.
pub fn inspect<'a>(topic: &str, value: Option<&'a [u8]>) -> Inspection<'a> {
    let mut out = Inspection {
        text: None,
        object: None,
        event_type: None,
        verdict: Err(String::new()),
    };
    let Some(bytes) = value else {
        out.verdict = Err("no value (a tombstone)".into());
        return out;
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => {
            out.verdict = Err("the value is not UTF-8 text".into());
            return out;
        }
    };
    out.text = Some(text);
    let object = match Object::parse(text) {
        Ok(o) => o,
        Err(e) if e.message.starts_with("invalid JSON") => {
            out.verdict = Err(format!(
                "not JSON: {} at column {}",
                e.message.trim_start_matches("invalid JSON: "),
                e.column
            ));
            return out;
        }
        Err(e) => {
            out.verdict = Err(format!("not an SPM event: {}", e.message));
            return out;
        }
    };
    out.event_type = object
        .get("event_type")
        .and_then(|v| validate::string_value(v).ok());
    out.verdict = check_envelope(&object, Mode::Read)
        .map_err(|e| e.to_string())
        .and_then(|event| check_topic(event.kind, topic).map(|()| event));
    out.object = Some(object);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_style_events_are_valid() {
        let i = inspect(
            "task-events",
            Some(br#"{"event_type": "task_created", "data": {"id": "t", "name": "n", "created_by_uid": "u", "pid": "p"}}"#),
        );
        assert!(i.verdict.is_ok(), "{:?}", i.verdict);
    }

    #[test]
    fn invalid_type_is_still_known_for_filters() {
        let i = inspect("t", Some(br#"{"event_type":"task_created","data":{}}"#));
        assert!(i.verdict.is_err());
        assert_eq!(i.event_type.as_deref(), Some("task_created"));
        assert!(inspect("t", Some(b"nope")).event_type.is_none());
    }
}
