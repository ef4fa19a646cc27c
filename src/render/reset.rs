//! The plan and results of `reset-offsets`: a table with a one-line count, or `-o json`.

use comfy_table::Cell;
use serde::Serialize;

use crate::output::{Color, Output};
use crate::render::lag::show;
use crate::reset::ResultRow;

/// `reset-offsets -o json`. Field names are a stable interface.
#[derive(Debug, Serialize)]
struct ResetJson<'a> {
    group: &'a str,
    executed: bool,
    partitions: &'a [ResultRow],
}

/// The rows of one group; `executed` adds the RESULT column.
pub fn print(out: &Output, group: &str, rows: &[ResultRow], executed: bool) -> std::io::Result<()> {
    if out.json() {
        return out.print_json(&ResetJson {
            group,
            executed,
            partitions: rows,
        });
    }
    let mut header = vec!["GROUP", "TOPIC", "PARTITION", "CURRENT", "NEW"];
    if executed {
        header.push("RESULT");
    }
    let mut table = out.table(&header);
    for r in rows {
        let p = &r.plan;
        let mut cells = vec![
            Cell::new(group),
            Cell::new(&p.topic),
            Cell::new(p.partition),
            Cell::new(show(p.current)),
            Cell::new(show(p.new)),
        ];
        if executed {
            cells.push(match r.result.as_deref() {
                None => Cell::new("skipped"),
                Some("ok") => Output::painted("ok", Color::Green, false),
                Some(e) => Output::painted(format!("FAILED {e}"), Color::Red, true),
            });
        }
        table.add_row(cells);
    }
    out.print_table(&table)?;
    out.note(counts(rows));
    Ok(())
}

/// A dry run: the plan, what `--execute` would refuse (`warning`), and that nothing changed.
pub fn print_dry_run(
    out: &Output,
    group: &str,
    rows: &[ResultRow],
    warning: Option<String>,
) -> std::io::Result<()> {
    print(out, group, rows, false)?;
    if let Some(w) = warning {
        out.warn(w);
    }
    let line = "Dry run: nothing changed. Add --execute to apply.";
    if out.json() {
        out.note(line);
        return Ok(());
    }
    out.line(line)
}

/// `2 to move, 1 unchanged, 0 left as they are, 1 clamped`.
fn counts(rows: &[ResultRow]) -> String {
    let count = |f: &dyn Fn(&ResultRow) -> bool| rows.iter().filter(|r| f(r)).count();
    let moved = count(&|r| r.plan.new.is_some() && r.plan.new != r.plan.current);
    let unchanged = count(&|r| r.plan.new.is_some() && r.plan.new == r.plan.current);
    let skipped = count(&|r| r.plan.new.is_none());
    let clamped = count(&|r| r.plan.clamped());
    format!("{moved} to move, {unchanged} unchanged, {skipped} left as they are, {clamped} clamped")
}
