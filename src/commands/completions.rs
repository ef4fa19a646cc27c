//! `spm-kafka completions SHELL`: the shell completion script, generated from the clap
//! definitions. The committed copies under `completions/` are checked by `tests/generated.rs`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::cli::Cli;

pub const BIN_NAME: &str = "spm-kafka";

const INSTALL: &str = r#"Install (or take the scripts committed under completions/):
  bash        spm-kafka completions bash > ~/.local/share/bash-completion/completions/spm-kafka
  zsh         spm-kafka completions zsh > "${fpath[1]}/_spm-kafka"
  fish        spm-kafka completions fish > ~/.config/fish/completions/spm-kafka.fish
  powershell  spm-kafka completions powershell >> $PROFILE
  elvish      spm-kafka completions elvish >> ~/.config/elvish/rc.elv"#;

#[derive(Debug, Args)]
#[command(after_help = INSTALL)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: &CompletionsArgs) -> Result<ExitCode> {
    let script = script(args.shell);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The completion script for `shell`, as committed under `completions/`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN_NAME, &mut buf);
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_completes_the_subcommands_and_global_flags() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::PowerShell,
            Shell::Elvish,
        ] {
            let text = String::from_utf8(script(shell)).unwrap();
            for word in ["setup", "verify", "doctor", "bootstrap-servers"] {
                assert!(text.contains(word), "{shell:?} lacks {word}");
            }
        }
    }

    #[test]
    fn file_names_match_the_shells_conventions() {
        use clap_complete::Generator;
        assert_eq!(Shell::Bash.file_name(BIN_NAME), "spm-kafka.bash");
        assert_eq!(Shell::Zsh.file_name(BIN_NAME), "_spm-kafka");
        assert_eq!(Shell::Fish.file_name(BIN_NAME), "spm-kafka.fish");
        assert_eq!(Shell::PowerShell.file_name(BIN_NAME), "_spm-kafka.ps1");
        assert_eq!(Shell::Elvish.file_name(BIN_NAME), "spm-kafka.elv");
    }
}
