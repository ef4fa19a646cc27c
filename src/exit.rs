//! The one place that decides exit codes and how a failure is reported.
//!
//! | code | meaning |
//! |------|---------|
//! | 0    | success (also: the reader of our output went away, `| head`) |
//! | 1    | runtime failure: broker unreachable, request refused, events not acknowledged |
//! | 2    | usage or invalid input: bad flags, bad topics.yaml, bad event; nothing was sent |
//! | 3    | drift: the cluster does not match the spec (`verify`), lag above `--fail-above` |
//! | 130  | interrupted (Ctrl-C) |

use std::fmt;
use std::io;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

pub const OK: u8 = 0;
pub const FAILURE: u8 = 1;
pub const USAGE: u8 = 2;
pub const DRIFT: u8 = 3;
pub const INTERRUPTED: u8 = 130;

/// Invalid input from the user (flags, files, event payloads): exit 2, nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError(String);

impl InputError {
    pub fn new(message: impl Into<String>) -> Self {
        InputError(message.into())
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// Shorthand for `Err(InputError)` inside an `anyhow::Result`.
pub fn invalid<T>(message: impl Into<String>) -> anyhow::Result<T> {
    Err(InputError::new(message).into())
}

/// The command was interrupted by Ctrl-C: exit 130.
#[derive(Debug)]
pub struct Interrupted;

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("interrupted")
    }
}

impl std::error::Error for Interrupted {}

/// Secret values (passwords, keys) that must never be printed. Registered once, when the
/// settings are resolved; every message that leaves through [`report`] is scrubbed of them.
fn secrets() -> &'static Mutex<Vec<String>> {
    static SECRETS: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    SECRETS.get_or_init(|| Mutex::new(Vec::new()))
}

pub fn register_secret(value: &str) {
    if !value.is_empty() {
        secrets()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(value.to_string());
    }
}

/// Replaces every registered secret in `text` with `***`.
pub fn redact(text: &str) -> String {
    let secrets = secrets().lock().unwrap_or_else(|e| e.into_inner());
    let mut out = text.to_string();
    for s in secrets.iter() {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), "***");
        }
    }
    out
}

/// Whether stderr gets colour: decided from stderr's own terminal state (`Settings::stderr_color`),
/// apart from stdout's, which `colored`'s global switch follows. Off until the settings say so.
static STDERR_COLOR: AtomicBool = AtomicBool::new(false);

pub fn set_stderr_color(on: bool) {
    STDERR_COLOR.store(on, Ordering::Relaxed);
}

/// A bold label for stderr (`error:`, `warning:`) in the ANSI colour `code` (31 red, 33 yellow),
/// or plain when stderr gets no colour. Not through `colored`, whose switch is stdout's.
pub fn stderr_label(text: &str, code: u8) -> String {
    label(text, code, STDERR_COLOR.load(Ordering::Relaxed))
}

fn label(text: &str, code: u8, colour: bool) -> String {
    if colour {
        format!("\x1b[1;{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Maps the result of a command to the process exit code, printing the error if any.
pub fn report(result: anyhow::Result<ExitCode>) -> ExitCode {
    let err = match result {
        Ok(code) => return code,
        Err(err) => err,
    };
    if is_broken_pipe(&err) {
        return ExitCode::from(OK);
    }
    if err.chain().any(|e| e.is::<Interrupted>()) {
        return ExitCode::from(INTERRUPTED);
    }
    let code = if err.chain().any(|e| e.is::<InputError>()) {
        USAGE
    } else {
        FAILURE
    };
    // `{:#}` prints the context chain on one line: "what failed: why".
    let message = redact(&format!("{err:#}"));
    let _ = eprintln_error(&message);
    ExitCode::from(code)
}

fn eprintln_error(message: &str) -> io::Result<()> {
    use std::io::Write;
    let mut stderr = io::stderr().lock();
    writeln!(stderr, "{} {message}", stderr_label("error:", 31))
}

pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    fn code(r: anyhow::Result<ExitCode>) -> ExitCode {
        report(r)
    }

    #[test]
    fn input_errors_are_2_even_behind_context() {
        let r: anyhow::Result<ExitCode> =
            Err(anyhow::Error::from(InputError::new("bad"))).context("loading topics.yaml");
        assert_eq!(code(r), ExitCode::from(USAGE));
    }

    #[test]
    fn other_errors_are_1() {
        assert_eq!(
            code(Err(anyhow::anyhow!("broker down"))),
            ExitCode::from(FAILURE)
        );
    }

    #[test]
    fn broken_pipe_is_success() {
        let e = io::Error::new(io::ErrorKind::BrokenPipe, "closed");
        assert_eq!(
            code(Err(anyhow::Error::from(e).context("writing"))),
            ExitCode::from(OK)
        );
    }

    #[test]
    fn interrupted_is_130() {
        assert_eq!(code(Err(Interrupted.into())), ExitCode::from(INTERRUPTED));
    }

    #[test]
    fn stderr_labels_follow_their_own_switch() {
        assert_eq!(label("error:", 31, false), "error:");
        assert_eq!(label("error:", 31, true), "\x1b[1;31merror:\x1b[0m");
    }

    #[test]
    fn secrets_are_scrubbed() {
        register_secret("hunter2-unit-test");
        assert_eq!(
            redact("password=hunter2-unit-test rejected"),
            "password=*** rejected"
        );
    }
}
