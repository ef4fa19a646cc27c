//! Output for people (tables, colour) and for programs (JSON). Data goes to stdout,
//! diagnostics to stderr. A closed stdout surfaces as a BrokenPipe error, which `exit`
//! turns into a quiet success.

use std::io::{self, Write};

pub use comfy_table::Color;
use comfy_table::{presets, Attribute, Cell, ContentArrangement, Table};
use serde::Serialize;

// `-o`: how results are shown (parsed by clap in `cli`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables and readable blocks for people
    #[value(alias = "pretty")]
    Table,
    /// JSON for programs (one object per line for streams)
    Json,
    /// The message value as text (tail only)
    Raw,
}

// `--color`: when to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    pub stdout_is_terminal: bool,
    /// Colour in tables on stdout (`Settings::color`).
    pub color: bool,
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
        let _ = writeln!(
            io::stderr().lock(),
            "{} {}",
            crate::exit::stderr_label("warning:", 33),
            text.as_ref()
        );
    }

    /// A borderless table in the style of `kubectl get`, wrapped to the terminal width.
    /// Colour goes on cells (`Cell::fg`), never into their text: comfy-table measures the
    /// text, so an escape code inside it would count as width and push the columns out of line.
    pub fn table(&self, header: &[&str]) -> Table {
        let mut t = Table::new();
        if self.color {
            t.enforce_styling().style_text_only();
        } else {
            t.force_no_tty();
        }
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

    /// A table cell shown in `color` (bold when `bold`) where the table is styled (see
    /// [`Output::table`]); its width is that of the text alone.
    pub fn painted(text: impl ToString, color: Color, bold: bool) -> Cell {
        let cell = Cell::new(text).fg(color);
        if bold {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn output(color: bool) -> Output {
        Output {
            format: Format::Table,
            stdout_is_terminal: false,
            color,
        }
    }

    /// Every line of a table, escape codes taken out, with the column starts it has.
    fn columns(table: &Table) -> Vec<Vec<usize>> {
        let plain = String::from_utf8(strip(table.to_string().as_bytes())).unwrap();
        plain
            .lines()
            .map(|l| {
                let mut starts = vec![0];
                let b = l.as_bytes();
                for i in 1..b.len() {
                    if b[i] != b' ' && b[i - 1] == b' ' {
                        starts.push(i);
                    }
                }
                starts
            })
            .collect()
    }

    fn strip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == 0x1b {
                while i < bytes.len() && bytes[i] != b'm' {
                    i += 1;
                }
            } else {
                out.push(bytes[i]);
            }
            i += 1;
        }
        out
    }

    #[test]
    fn painted_cells_keep_the_columns_in_line() {
        for color in [true, false] {
            let out = output(color);
            let mut t = out.table(&["GROUP", "LAG", "PARTITIONS"]);
            t.add_row(vec![
                Cell::new("g"),
                Output::painted(12, Color::Yellow, false),
                Cell::new("3"),
            ]);
            t.add_row(vec![Cell::new("h"), Cell::new("0"), Cell::new("3")]);
            let text = t.to_string();
            assert_eq!(text.contains('\x1b'), color, "{text:?}");
            let cols = columns(&t);
            assert!(cols.windows(2).all(|w| w[0] == w[1]), "{color}: {text:?}");
        }
    }
}
