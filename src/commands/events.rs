//! `spm-kafka events list|schema`: the event catalogue, for people and for programs.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::Context;
use crate::events::catalogue::{self, FieldKind, CATALOGUE};
use crate::events::schema;

#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// Every event type: its topic and the data fields it requires (-o json for programs)
    #[command(after_help = "\
Examples:
  spm-kafka events list
  spm-kafka events list -o json")]
    List,
    /// The JSON Schema (draft 2020-12) of one event type's envelope, to validate against in
    /// other languages
    #[command(after_help = "\
Examples:
  spm-kafka events schema task_created
  spm-kafka events schema task_created > task_created.schema.json")]
    Schema(SchemaArgs),
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The event type, e.g. task_created (`spm-kafka events list` shows them all)
    #[arg(value_name = "EVENT_TYPE")]
    pub event_type: String,
}

pub async fn run(cmd: EventsCommand, cx: &Context) -> Result<ExitCode> {
    match cmd {
        EventsCommand::List => list(cx),
        EventsCommand::Schema(args) => {
            let kind = catalogue::require(&args.event_type)?;
            cx.out.print_json(&schema::schema(kind))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[derive(Debug, Serialize)]
struct Row {
    event_type: &'static str,
    topic: &'static str,
    required_data_fields: Vec<&'static str>,
    description: &'static str,
}

fn rows() -> Vec<Row> {
    CATALOGUE
        .iter()
        .map(|e| Row {
            event_type: e.name,
            topic: e.topic,
            required_data_fields: e.field_names(),
            description: e.description,
        })
        .collect()
}

/// `id, deadline (RFC 3339)`
fn shown_fields(kind: &catalogue::EventType) -> String {
    kind.fields
        .iter()
        .map(|f| match f.kind {
            FieldKind::Text => f.name.to_string(),
            FieldKind::Timestamp => format!("{} (RFC 3339)", f.name),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn list(cx: &Context) -> Result<ExitCode> {
    if cx.out.json() {
        cx.out.print_json(&rows())?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = cx
        .out
        .table(&["TOPIC", "EVENT TYPE", "REQUIRED DATA FIELDS", "DESCRIPTION"]);
    for kind in CATALOGUE {
        table.add_row(vec![
            kind.topic.to_string(),
            kind.name.to_string(),
            shown_fields(kind),
            kind.description.to_string(),
        ]);
    }
    cx.out.print_table(&table)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_the_catalogue() {
        let rows = rows();
        assert_eq!(rows.len(), CATALOGUE.len());
        let v = serde_json::to_value(&rows[0]).unwrap();
        assert_eq!(v["event_type"], "task_created");
        assert_eq!(v["topic"], "task-events");
        assert_eq!(
            v["required_data_fields"],
            serde_json::json!(["id", "name", "created_by_uid", "pid"])
        );
    }

    #[test]
    fn deadlines_say_their_format() {
        assert_eq!(
            shown_fields(catalogue::find("deadline_approaching").unwrap()),
            "id, deadline (RFC 3339)"
        );
    }
}
