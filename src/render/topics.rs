//! What `topics list|describe` print: tables for people, or `-o json`.

use colored::Colorize;
use comfy_table::Cell;

use crate::output::{Color, Output};
use crate::plan::show_value;
use crate::topics::{status, Description, TopicRow};

/// `topics list`. `none` is said (on stderr) when there is no topic to show.
pub fn print_list(out: &Output, rows: &[TopicRow], none: &str) -> std::io::Result<()> {
    if out.json() {
        return out.print_json(&rows);
    }
    if rows.is_empty() {
        out.note(none);
        return Ok(());
    }
    let mut table = out.table(&["TOPIC", "PARTITIONS", "RF", "MESSAGES", "STATUS"]);
    for r in rows {
        let st = status(r.under_replicated, r.leaderless);
        let st = if st == "ok" {
            Output::painted(st, Color::Green, false)
        } else {
            Output::painted(st, Color::Red, true)
        };
        table.add_row(vec![
            Cell::new(&r.topic),
            Cell::new(r.partitions),
            Cell::new(r.replication_factor),
            Cell::new(r.messages),
            st,
        ]);
    }
    out.print_table(&table)
}

/// `topics describe`: the topic, its configs and a table of its partitions.
pub fn print_description(out: &Output, doc: &Description) -> std::io::Result<()> {
    if out.json() {
        return out.print_json(doc);
    }
    out.line(format!("{} {}", "Topic:".bold(), doc.summary.topic))?;
    out.line(format!(
        "Partitions: {}   Replication factor: {}   Messages: {}   Status: {}",
        doc.summary.partitions,
        doc.summary.replication_factor,
        doc.summary.messages,
        doc.status()
    ))?;
    if let Some(m) = &doc.min_insync_problem {
        out.warn(m.advice());
    }
    if doc.config.is_empty() {
        out.line("Configs: all defaults")?;
    } else {
        out.line("Configs (set on this topic):")?;
        for (k, v) in &doc.config {
            out.line(format!("  {k} = {}", show_value(k, v.as_deref())))?;
        }
    }
    out.line("")?;
    let mut table = out.table(&[
        "PARTITION",
        "LEADER",
        "REPLICAS",
        "ISR",
        "LOG-START",
        "LOG-END",
        "MESSAGES",
        "",
    ]);
    let join = |v: &[i32]| v.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let opt = |v: Option<i64>| v.map_or("-".to_string(), |n| n.to_string());
    for r in &doc.partition_details {
        let flag = if r.leader.is_none() {
            "NO LEADER".red().bold().to_string()
        } else if r.under_replicated {
            "UNDER-REPLICATED".red().bold().to_string()
        } else {
            String::new()
        };
        table.add_row(vec![
            r.partition.to_string(),
            r.leader.map_or("none".to_string(), |l| l.to_string()),
            join(&r.replicas),
            join(&r.isr),
            opt(r.log_start),
            opt(r.log_end),
            opt(r.messages),
            flag,
        ]);
    }
    out.print_table(&table)
}
