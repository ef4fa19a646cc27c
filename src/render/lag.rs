//! The lag tables of `lag` and `groups describe`, and the JSON report of `lag`.

use std::collections::BTreeMap;

use comfy_table::Cell;
use serde::Serialize;

use crate::lag::{GroupTotal, LagRow, Sum, TimedRow};
use crate::output::{Color, Output};
use crate::status::Status;

/// The columns every per-partition table shares, and their cells.
const OFFSET_COLUMNS: [&str; 6] = [
    "TOPIC",
    "PARTITION",
    "COMMITTED",
    "LOG-START",
    "LOG-END",
    "LAG",
];

fn offset_cells(r: &LagRow) -> [Cell; 6] {
    [
        Cell::new(&r.topic),
        Cell::new(r.partition),
        Cell::new(show(r.committed)),
        Cell::new(show(r.log_start)),
        Cell::new(show(r.log_end)),
        show_lag(r.lag),
    ]
}

/// The per-partition table of one group (`groups describe`).
pub fn print_rows(rows: &[LagRow], out: &Output) -> std::io::Result<()> {
    let mut table = out.table(&OFFSET_COLUMNS);
    for r in rows {
        table.add_row(offset_cells(r));
    }
    out.print_table(&table)?;
    Ok(())
}

pub fn show(v: Option<i64>) -> String {
    v.map_or_else(|| "-".to_string(), |n| n.to_string())
}

pub fn show_lag(v: Option<i64>) -> Cell {
    match v {
        Some(0) => Cell::new("0"),
        Some(n) => Output::painted(n, Color::Yellow, false),
        None => Cell::new("-"),
    }
}

/// The `lag` report: per partition with its time lag, per group with its totals, largest time
/// lag and status. The JSON field names are a stable interface.
#[derive(Serialize)]
pub struct Report<'a> {
    pub partitions: &'a [TimedRow],
    pub groups: Vec<GroupReport<'a>>,
}

#[derive(Serialize)]
pub struct GroupReport<'a> {
    #[serde(flatten)]
    pub total: &'a GroupTotal,
    pub max_lag_seconds: Option<f64>,
    pub status: Option<Status>,
    pub members: usize,
}

impl<'a> Report<'a> {
    pub fn new(
        partitions: &'a [TimedRow],
        totals: &'a [GroupTotal],
        max: &BTreeMap<String, Option<f64>>,
        status: &BTreeMap<String, Option<Status>>,
        members: &BTreeMap<String, usize>,
    ) -> Report<'a> {
        let groups = totals
            .iter()
            .map(|total| GroupReport {
                total,
                max_lag_seconds: max.get(&total.group).copied().flatten(),
                status: status.get(&total.group).copied().flatten(),
                members: members.get(&total.group).copied().unwrap_or(0),
            })
            .collect();
        Report { partitions, groups }
    }
}

/// An age for the BEHIND column: `3m12s`, `-` when unknown.
pub fn show_behind(seconds: Option<f64>) -> Cell {
    match seconds {
        None => Cell::new("-"),
        Some(s) if s <= 0.0 => Cell::new("0s"),
        Some(s) => Output::painted(
            crate::duration::humanize_age((s * 1000.0) as i64),
            Color::Yellow,
            false,
        ),
    }
}

fn show_status(status: Option<Status>) -> Cell {
    match status {
        None => Cell::new("-"),
        Some(s @ (Status::Ok | Status::Empty)) => Cell::new(s),
        Some(s) => Output::painted(s, Color::Yellow, false),
    }
}

/// The per-partition table of `lag`, with BEHIND, then the notes about time lag.
pub fn print_timed_rows(rows: &[TimedRow], out: &Output) -> std::io::Result<()> {
    let header: Vec<&str> = (std::iter::once("GROUP"))
        .chain(OFFSET_COLUMNS)
        .chain(["BEHIND"])
        .collect();
    let mut table = out.table(&header);
    for t in rows {
        let r = &t.row;
        let cells: Vec<Cell> = (std::iter::once(Cell::new(&r.group)))
            .chain(offset_cells(r))
            .chain([show_behind(t.lag_seconds)])
            .collect();
        table.add_row(cells);
    }
    out.print_table(&table)?;
    for t in rows {
        if let Some(note) = &t.note {
            let r = &t.row;
            out.note(format!("{} {}:{}: {note}", r.group, r.topic, r.partition));
        }
    }
    Ok(())
}

/// Totals per group and topic, with BEHIND (the oldest unconsumed record) and STATUS.
pub fn print_totals(report: &Report, rows: &[TimedRow], out: &Output) -> std::io::Result<()> {
    let mut table = out.table(&[
        "GROUP",
        "TOPIC",
        "LAG",
        "BEHIND",
        "PARTITIONS",
        "UNCOMMITTED",
        "STATUS",
    ]);
    for g in &report.groups {
        let behind = |topic: Option<&str>| {
            rows.iter()
                .filter(|r| r.row.group == g.total.group && topic.is_none_or(|t| t == r.row.topic))
                .filter_map(|r| r.lag_seconds)
                .reduce(f64::max)
        };
        let row = |topic: String, sum: &Sum, seconds: Option<f64>| {
            vec![
                Cell::new(&g.total.group),
                Cell::new(topic),
                show_lag(sum.lag),
                show_behind(seconds),
                Cell::new(sum.partitions),
                Cell::new(sum.without_commit),
                show_status(g.status),
            ]
        };
        for t in &g.total.topics {
            table.add_row(row(t.topic.clone(), &t.sum, behind(Some(&t.topic))));
        }
        match g.total.topics.len() {
            1 => {}
            0 => {
                table.add_row(row("(nothing committed)".into(), &g.total.sum, None));
            }
            _ => {
                table.add_row(row("(all topics)".into(), &g.total.sum, g.max_lag_seconds));
            }
        }
    }
    out.print_table(&table)?;
    let without: usize = report
        .groups
        .iter()
        .map(|g| g.total.sum.without_commit)
        .sum();
    if without > 0 {
        let what = if without == 1 {
            "1 partition has".to_string()
        } else {
            format!("{without} partitions have")
        };
        out.note(format!(
            "{what} no committed offset: lag unknown, shown as - and not counted in the totals."
        ));
    }
    if report.groups.iter().any(|g| g.status.is_none()) {
        out.note("STATUS - : a group with members and lag needs a window of samples to say whether it moves (lag --watch).");
    }
    Ok(())
}
