//! The lag table of `lag` and `groups describe`.

use comfy_table::Cell;

use crate::lag::LagRow;
use crate::output::{Color, Output};

/// The per-partition table; `with_group` adds the GROUP column.
pub fn print_rows(rows: &[LagRow], out: &Output, with_group: bool) -> std::io::Result<()> {
    let mut header = vec![
        "TOPIC",
        "PARTITION",
        "COMMITTED",
        "LOG-START",
        "LOG-END",
        "LAG",
    ];
    if with_group {
        header.insert(0, "GROUP");
    }
    let mut table = out.table(&header);
    for r in rows {
        let mut cells = vec![
            Cell::new(&r.topic),
            Cell::new(r.partition),
            Cell::new(show(r.committed)),
            Cell::new(show(r.log_start)),
            Cell::new(show(r.log_end)),
            show_lag(r.lag),
        ];
        if with_group {
            cells.insert(0, Cell::new(&r.group));
        }
        table.add_row(cells);
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
