//! Output for people (tables, colour) and for programs (JSON). Data goes to stdout,
//! diagnostics to stderr. A closed stdout surfaces as a BrokenPipe error, which `exit`
//! turns into a quiet success.

use std::io::{self, Write};

use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;

use crate::cli::Format;

#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    pub stdout_is_terminal: bool,
}

impl Output {
    pub fn json(&self) -> bool {
        self.format == Format::Json
    }

    /// One JSON document on stdout.
    pub fn print_json<T: Serialize + ?Sized>(&self, value: &T) -> io::Result<()> {
        let mut out = io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, value)?;
        out.write_all(b"\n")?;
        out.flush()
    }

    /// A line of text on stdout.
    pub fn line(&self, text: impl AsRef<str>) -> io::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(text.as_ref().as_bytes())?;
        out.write_all(b"\n")
    }

    /// A warning or note for people, on stderr.
    pub fn note(&self, text: impl AsRef<str>) {
        let _ = writeln!(io::stderr().lock(), "{}", text.as_ref());
    }

    pub fn warn(&self, text: impl AsRef<str>) {
        use colored::Colorize;
        let _ = writeln!(
            io::stderr().lock(),
            "{} {}",
            "warning:".yellow().bold(),
            text.as_ref()
        );
    }

    /// A borderless table in the style of `kubectl get`, wrapped to the terminal width.
    pub fn table(&self, header: &[&str]) -> Table {
        let mut t = Table::new();
        t.load_preset(presets::NOTHING)
            .set_content_arrangement(if self.stdout_is_terminal {
                ContentArrangement::Dynamic
            } else {
                ContentArrangement::Disabled
            })
            .set_header(header.iter().map(comfy_table::Cell::new));
        for col in t.column_iter_mut() {
            col.set_padding((0, 2));
        }
        t
    }

    pub fn print_table(&self, table: &Table) -> io::Result<()> {
        let text = table.to_string();
        let mut out = io::stdout().lock();
        for line in text.lines() {
            out.write_all(line.trim_end().as_bytes())?;
            out.write_all(b"\n")?;
        }
        out.flush()
    }
}
