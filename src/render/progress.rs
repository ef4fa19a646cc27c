//! Progress bars of backup and restore: on stderr, only when it is a terminal.

use indicatif::{ProgressBar, ProgressStyle};

pub fn records_bar(stderr_is_terminal: bool, len: u64, message: &'static str) -> ProgressBar {
    if !stderr_is_terminal {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{msg:>12} [{bar:30}] {pos}/{len} records ({eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(message);
    bar
}
