//! `spm-kafka man`: the man pages, generated from the clap definitions (clap_mangen). One page
//! for `spm-kafka` and one per subcommand (`spm-kafka-setup.1`, `spm-kafka-topics-list.1`, ...).
//! The committed copies under `man/` are checked by `tests/generated.rs`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::{Args, CommandFactory};

use crate::cli::Cli;
use crate::exit;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  spm-kafka man | man -l -                             # read the main page
  spm-kafka man topics list | man -l -
  spm-kafka man --out-dir ~/.local/share/man/man1      # install every page (then: man spm-kafka)")]
pub struct ManArgs {
    /// The subcommand whose page to print (e.g. `setup`, `topics list`); none: the main page
    #[arg(value_name = "SUBCOMMAND")]
    pub subcommand: Vec<String>,

    /// Write every page (main and subcommands) into this directory instead of printing one
    #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
    pub out_dir: Option<PathBuf>,
}

pub fn run(args: &ManArgs) -> Result<ExitCode> {
    let pages = pages()?;
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for page in &pages {
            let path = dir.join(&page.file_name);
            std::fs::write(&path, &page.text)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        eprintln!("wrote {} man pages to {}", pages.len(), dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    let Some(page) = pages.iter().find(|p| p.subcommand == args.subcommand) else {
        let known: Vec<String> = pages
            .iter()
            .filter(|p| !p.subcommand.is_empty())
            .map(|p| p.subcommand.join(" "))
            .collect();
        return exit::invalid(format!(
            "no man page for '{}': the subcommands are {}",
            args.subcommand.join(" "),
            known.join(", ")
        ));
    };
    let mut out = std::io::stdout().lock();
    out.write_all(&page.text)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One rendered man page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Empty for the main page, `["topics", "list"]` for `spm-kafka topics list`.
    pub subcommand: Vec<String>,
    /// `spm-kafka.1`, `spm-kafka-topics-list.1`.
    pub file_name: String,
    pub text: Vec<u8>,
}

/// Every page, main page first, in the order `clap_mangen::generate_to` would write them.
pub fn pages() -> std::io::Result<Vec<Page>> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    // Every page names the program and its version, not the subcommand's ("list 0.1.0").
    let source = format!("spm-kafka {}", env!("CARGO_PKG_VERSION"));
    let mut pages = Vec::new();
    collect(cmd, &[], &source, &mut pages)?;
    pages.sort_by_key(|p| !p.subcommand.is_empty());
    Ok(pages)
}

fn collect(
    cmd: clap::Command,
    path: &[String],
    source: &str,
    pages: &mut Vec<Page>,
) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
        let mut sub_path = path.to_vec();
        sub_path.push(sub.get_name().to_string());
        collect(sub, &sub_path, source, pages)?;
    }
    let man = clap_mangen::Man::new(cmd).source(source);
    let mut text = Vec::new();
    man.render(&mut text)?;
    pages.push(Page {
        subcommand: path.to_vec(),
        file_name: man.get_filename(),
        text,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_page_per_subcommand_main_first() {
        let pages = pages().unwrap();
        assert_eq!(pages[0].file_name, "spm-kafka.1");
        let names: Vec<&str> = pages.iter().map(|p| p.file_name.as_str()).collect();
        for name in [
            "spm-kafka-setup.1",
            "spm-kafka-verify.1",
            "spm-kafka-doctor.1",
            "spm-kafka-topics-list.1",
        ] {
            assert!(names.contains(&name), "{name} missing from {names:?}");
        }
        assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
    }

    #[test]
    fn the_main_page_documents_the_global_options_and_exit_codes() {
        let pages = pages().unwrap();
        let main = String::from_utf8(pages[0].text.clone()).unwrap();
        assert!(main.starts_with(".ie \\n(.g .ds Aq"), "{}", &main[..80]);
        assert!(main.contains(".TH spm-kafka 1"), "no title");
        assert!(main.contains("bootstrap\\-servers"), "no global options");
        assert!(main.contains("Exit codes"), "no exit codes");
    }

    #[test]
    fn pages_know_their_subcommand() {
        let pages = pages().unwrap();
        assert!(pages[0].subcommand.is_empty());
        let list = pages
            .iter()
            .find(|p| p.subcommand == ["topics", "list"])
            .unwrap();
        assert_eq!(list.file_name, "spm-kafka-topics-list.1");
        let text = String::from_utf8(list.text.clone()).unwrap();
        assert!(
            text.contains(".TH spm-kafka-topics-list 1  \"spm-kafka "),
            "{text}"
        );
    }
}
