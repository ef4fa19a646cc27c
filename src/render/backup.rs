//! What `restore` and `verify-backup` print: lines for people, one JSON value for programs.

use std::io;

use serde::Serialize;

use crate::output::Output;

pub fn restore_summary<T: Serialize>(out: &Output, lines: &[String], value: &T) -> io::Result<()> {
    if out.json() {
        return out.print_json(value);
    }
    for l in lines {
        out.line(l)?;
    }
    Ok(())
}
