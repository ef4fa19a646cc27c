//! What `publish` shows: the progress bars on stderr, the summary (a line, a per-topic table or
//! JSON), the one event sent, and the lines of a dry run.

use std::io::{self, BufWriter, Write};

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::events::batch::{self, Batch, Checked, Summary};
use crate::events::envelope::write_dry_run_line;
use crate::output::Output;

/// The bar of the checking pass, over the input's bytes (on a terminal only, like every bar).
pub fn checking_bar(stderr_is_terminal: bool, len: Option<u64>) -> ProgressBar {
    progress_bar(stderr_is_terminal, len, "checking", true)
}

/// The bar of the sending pass, over the events acknowledged.
pub fn sending_bar(stderr_is_terminal: bool, total: u64) -> ProgressBar {
    progress_bar(stderr_is_terminal, Some(total), "sending", false)
}

/// A bar on stderr, only on a terminal: `bytes` for the checking pass (over the input's
/// length), events otherwise.
fn progress_bar(
    stderr_is_terminal: bool,
    len: Option<u64>,
    message: &'static str,
    bytes: bool,
) -> ProgressBar {
    if !stderr_is_terminal {
        return ProgressBar::hidden();
    }
    let template = if bytes {
        "{msg:>10} [{bar:30}] {bytes}/{total_bytes} ({eta})"
    } else {
        "{msg:>10} [{bar:30}] {pos}/{len} events ({rate}, {eta})"
    };
    let bar = ProgressBar::new(len.unwrap_or(0));
    if let Ok(style) = ProgressStyle::with_template(template) {
        // indicatif's own {per_sec} prints `94,219.3058/s`.
        let rate = |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = w.write_str(&batch::events_per_second(state.per_sec()));
        };
        bar.set_style(style.with_key("rate", rate).progress_chars("=> "));
    }
    bar.set_message(message);
    bar
}

/// The summary: JSON, or the per-topic table (when it says more than the line) and the line.
pub fn print_summary(out: &Output, summary: &Summary) -> io::Result<()> {
    if out.json() {
        return out.print_json(summary);
    }
    if let Some(rows) = summary.table() {
        let mut table = out.table(&["TOPIC", "SENT", "FAILED"]);
        rows.into_iter()
            .for_each(|row| _ = table.add_row(row.to_vec()));
        out.print_table(&table)?;
    }
    out.line(summary.line())
}

/// The one event of `publish EVENT_TYPE --data`, acknowledged at `partition`/`offset`.
#[derive(Serialize)]
pub struct OneSent<'a> {
    pub event_id: &'a str,
    pub event_type: &'a str,
    pub topic: &'a str,
    pub partition: i32,
    pub offset: i64,
    #[serde(flatten)]
    pub summary: &'a Summary,
}

pub fn print_one(out: &Output, sent: &OneSent<'_>) -> io::Result<()> {
    if out.json() {
        return out.print_json(sent);
    }
    let OneSent {
        event_id,
        event_type,
        topic,
        partition,
        offset,
        ..
    } = sent;
    out.line(format!(
        "Sent {event_type} to {topic} (partition {partition}, offset {offset}), event_id {event_id}."
    ))
}

/// `--dry-run` of one event: its line.
pub fn dry_run_one(topic: &str, key: &str, event_type: &str, envelope: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    write_dry_run_line(&mut out, &mut Vec::new(), topic, key, event_type, envelope)?;
    out.flush()
}

/// `--dry-run` of a file: the second pass prints what would be sent, one JSON line per event.
pub fn dry_run_lines(batch: &Batch, checked: &Checked) -> anyhow::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut scratch = Vec::with_capacity(1024);
    batch.replay(&checked.index, |topic, key, envelope, kind| {
        Ok(write_dry_run_line(
            &mut out,
            &mut scratch,
            topic,
            key,
            kind,
            envelope,
        )?)
    })?;
    Ok(out.flush()?)
}
