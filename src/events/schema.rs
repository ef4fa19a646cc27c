//! `events schema TYPE`: a JSON Schema (draft 2020-12) of one event type's envelope, generated
//! from the catalogue so that services in other languages validate exactly what spm-kafka does.

use serde_json::{json, Map, Value};

use super::catalogue::{EventType, FieldKind};
use super::envelope::DEFAULT_SOURCE;
use super::validate::VERSION;

pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

pub fn schema(kind: &EventType) -> Value {
    let mut data_properties = Map::new();
    for field in kind.fields {
        let property = match field.kind {
            FieldKind::Text => json!({
                "type": "string",
                "minLength": 1,
                "pattern": "\\S",
            }),
            FieldKind::Timestamp => json!({
                "type": "string",
                "format": "date-time",
                "description": "RFC 3339, e.g. 2026-11-29T10:00:00Z",
            }),
        };
        data_properties.insert(field.name.to_string(), property);
    }
    json!({
        "$schema": DIALECT,
        "$id": format!("urn:spm-kafka:event:{}:v{VERSION}", kind.name),
        "title": kind.name,
        "description": format!(
            "{} — an SPM {} event on topic {}, as `spm-kafka publish` writes it. \
             The Kafka key is data.id and the event_type header repeats the type.",
            kind.description, kind.name, kind.topic
        ),
        "type": "object",
        "required": ["event_id", "event_type", "timestamp", "source", "version", "data"],
        "properties": {
            "event_id": {
                "type": "string",
                "format": "uuid",
                "description": "A UUID (v4 when spm-kafka generates it)",
            },
            "event_type": { "const": kind.name },
            "timestamp": {
                "type": "string",
                "format": "date-time",
                "description": "When the event was produced: RFC 3339 in UTC",
            },
            "source": {
                "type": "string",
                "minLength": 1,
                "description": format!("The producing service (spm-kafka writes \"{DEFAULT_SOURCE}\" unless told)"),
            },
            "version": { "const": VERSION },
            "data": {
                "type": "object",
                "required": kind.field_names(),
                "properties": data_properties,
                "additionalProperties": true,
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::catalogue::{find, CATALOGUE};

    #[test]
    fn task_created() {
        let s = schema(find("task_created").unwrap());
        assert_eq!(s["$schema"], DIALECT);
        assert_eq!(s["properties"]["event_type"]["const"], "task_created");
        assert_eq!(s["properties"]["version"]["const"], 1);
        assert_eq!(
            s["properties"]["data"]["required"],
            json!(["id", "name", "created_by_uid", "pid"])
        );
        assert_eq!(s["properties"]["data"]["properties"]["pid"]["minLength"], 1);
        assert_eq!(s["properties"]["data"]["additionalProperties"], true);
        assert_eq!(
            s["required"],
            json!([
                "event_id",
                "event_type",
                "timestamp",
                "source",
                "version",
                "data"
            ])
        );
    }

    #[test]
    fn deadlines_are_date_time() {
        let s = schema(find("deadline_overdue").unwrap());
        assert_eq!(
            s["properties"]["data"]["properties"]["deadline"]["format"],
            "date-time"
        );
    }

    #[test]
    fn every_type_has_a_schema_naming_its_topic() {
        for kind in CATALOGUE {
            let s = schema(kind);
            assert!(s["description"].as_str().unwrap().contains(kind.topic));
            assert_eq!(
                s["properties"]["data"]["required"][0], "id",
                "{}",
                kind.name
            );
        }
    }
}
