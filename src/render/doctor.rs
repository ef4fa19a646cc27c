//! What `doctor` prints: a checklist with a verdict, or `-o json`.

use colored::Colorize;
use serde::Serialize;

use crate::doctor::{self, Finding, Severity};
use crate::output::Output;

/// The `-o json` document. Field names are a stable interface.
#[derive(Serialize)]
struct DoctorJson<'a> {
    healthy: bool,
    bootstrap: &'a str,
    summary: Counts,
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct Counts {
    ok: usize,
    warning: usize,
    error: usize,
    skipped: usize,
}

pub fn print(out: &Output, bootstrap: &str, findings: &[Finding]) -> std::io::Result<()> {
    if out.json() {
        return out.print_json(&DoctorJson {
            healthy: doctor::healthy(findings),
            bootstrap,
            summary: Counts {
                ok: doctor::count(findings, Severity::Ok),
                warning: doctor::count(findings, Severity::Warning),
                error: doctor::count(findings, Severity::Error),
                skipped: doctor::count(findings, Severity::Skipped),
            },
            findings,
        });
    }
    out.line(format!("spm-kafka doctor → {bootstrap}"))?;
    out.line("")?;
    let width = findings.iter().map(|f| f.check.len()).max().unwrap_or(0);
    for f in findings {
        let mark = match f.severity {
            Severity::Ok => "✓".green(),
            Severity::Warning => "!".yellow().bold(),
            Severity::Error => "✗".red().bold(),
            Severity::Skipped => "-".dimmed(),
        };
        let message = if f.severity == Severity::Skipped {
            f.message.dimmed().to_string()
        } else {
            f.message.clone()
        };
        out.line(format!("  {mark} {:<width$}  {message}", f.check))?;
        if let Some(next) = &f.next_step {
            out.line(format!("    {:<width$}  → {next}", ""))?;
        }
    }
    out.line("")?;
    let verdict = if doctor::healthy(findings) {
        "healthy".green().to_string()
    } else {
        "something is wrong (exit 1)".red().bold().to_string()
    };
    out.line(format!("{}: {verdict}", doctor::summary(findings)))
}
