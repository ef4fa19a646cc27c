//! What `groups list|describe|delete` print: tables and lines for people, or `-o json`.

use colored::Colorize;
use comfy_table::Cell;

use crate::groups::{Deletion, Description, GroupRow};
use crate::kafka::groups::GroupState;
use crate::names::TopicPartition;
use crate::output::{Color, Output};
use crate::render::lag::print_rows;

/// `groups list`. `none` is said (on stderr) when there is no row to show.
pub fn print_list(out: &Output, rows: &[GroupRow], none: &str) -> std::io::Result<()> {
    if out.json() {
        return out.print_json(&rows);
    }
    if rows.is_empty() {
        out.note(none);
        return Ok(());
    }
    let mut table = out.table(&[
        "GROUP",
        "STATE",
        "TYPE",
        "MEMBERS",
        "ASSIGNOR",
        "LAG",
        "PARTITIONS",
    ]);
    for r in rows {
        table.add_row(vec![
            Cell::new(&r.group),
            paint_state(r.state),
            Cell::new(r.group_type.name()),
            Cell::new(r.members),
            Cell::new(r.assignor.as_deref().unwrap_or("-")),
            Cell::new(r.lag.map_or_else(|| "-".into(), |l| l.to_string())),
            Cell::new(if r.partitions_without_commit > 0 {
                format!(
                    "{} ({} not committed)",
                    r.partitions, r.partitions_without_commit
                )
            } else {
                r.partitions.to_string()
            }),
        ]);
    }
    out.print_table(&table)
}

/// `groups describe`: the group, its members with their partitions, and its offsets and lag.
pub fn print_description(out: &Output, doc: &Description) -> std::io::Result<()> {
    if out.json() {
        return out.print_json(doc);
    }
    out.line(format!("{} {}", "Group:".bold(), doc.group))?;
    let assignor = doc
        .assignor
        .map(|a| format!(", assignor {a}"))
        .unwrap_or_default();
    out.line(format!(
        "State: {}   Type: {}{assignor}   Members: {}",
        state_text(doc.state),
        doc.group_type.name(),
        doc.members.len()
    ))?;
    if let Some(c) = doc.coordinator {
        out.line(format!(
            "Coordinator: broker {} ({}:{})",
            c.id, c.host, c.port
        ))?;
    }
    if !doc.members.is_empty() {
        out.line("")?;
        let mut table = out.table(&["CLIENT-ID", "HOST", "INSTANCE", "ASSIGNED PARTITIONS"]);
        for m in doc.members {
            table.add_row(vec![
                m.client_id.clone(),
                m.host.clone(),
                m.group_instance_id.clone().unwrap_or_else(|| "-".into()),
                compact_assignment(&m.assignment),
            ]);
        }
        out.print_table(&table)?;
    }
    out.line("")?;
    if doc.offsets.is_empty() {
        return out.line("No committed offsets and no assigned partitions.");
    }
    print_rows(doc.offsets, out)?;
    let lag = doc.lag.map_or_else(|| "unknown".into(), |l| l.to_string());
    let not_committed = match doc.partitions_without_commit {
        0 => String::new(),
        n => format!(" ({n} without a committed offset, not counted)"),
    };
    out.line(format!(
        "Total lag: {lag} over {} partitions{not_committed}",
        doc.partitions
    ))
}

/// `groups delete`: what was deleted, or would be.
pub fn print_deletion(out: &Output, d: &Deletion) -> std::io::Result<()> {
    if out.json() {
        return out.print_json(d);
    }
    let (group, offsets) = (d.group, d.offsets());
    if d.deleted {
        return out.line(format!("Deleted consumer group '{group}' ({offsets})."));
    }
    out.line(format!(
        "Would delete consumer group '{group}' ({}, {offsets}).",
        d.state.name()
    ))?;
    out.line("Dry run: nothing was changed. Run again with --execute to delete it.")
}

fn paint_state(state: GroupState) -> Cell {
    match state {
        GroupState::Stable => Output::painted(state.name(), Color::Green, false),
        GroupState::Empty | GroupState::Dead => Cell::new(state.name()),
        _ => Output::painted(state.name(), Color::Yellow, false),
    }
}

/// [`paint_state`] for a line of text rather than a table cell.
fn state_text(state: GroupState) -> String {
    match state {
        GroupState::Stable => state.name().green().to_string(),
        GroupState::Empty | GroupState::Dead => state.name().to_string(),
        _ => state.name().yellow().to_string(),
    }
}

/// `orders:0-2,5 users:0`: partitions per topic, consecutive ones as ranges.
fn compact_assignment(assignment: &[TopicPartition]) -> String {
    let mut by_topic: std::collections::BTreeMap<&str, Vec<i32>> = Default::default();
    for tp in assignment {
        by_topic.entry(&tp.topic).or_default().push(tp.partition);
    }
    if by_topic.is_empty() {
        return "-".into();
    }
    by_topic
        .into_iter()
        .map(|(topic, ps)| format!("{topic}:{}", crate::names::partition_ranges(ps)))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_are_compact() {
        let a = |v: &[(&str, i32)]| {
            compact_assignment(
                &v.iter()
                    .map(|(t, p)| TopicPartition::new(*t, *p))
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(a(&[]), "-");
        assert_eq!(
            a(&[("o", 2), ("o", 0), ("o", 1), ("o", 5), ("u", 0)]),
            "o:0-2,5 u:0"
        );
        assert_eq!(a(&[("o", 3)]), "o:3");
    }
}
