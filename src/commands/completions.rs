//! `spm-kafka completions SHELL`: the shell completion script, generated from the clap
//! definitions. The committed copies under `completions/` are checked by `tests/generated.rs`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::cli::Cli;

pub const BIN_NAME: &str = "spm-kafka";

const INSTALL: &str = r#"Examples (install; or take the scripts committed under completions/):
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
    if shell == Shell::Bash {
        buf = fix_bash_states(&String::from_utf8_lossy(&buf)).into_bytes();
    }
    if shell == Shell::Zsh {
        buf = fix_zsh_rest_arguments(&String::from_utf8_lossy(&buf)).into_bytes();
    }
    if shell == Shell::Fish {
        buf.extend(fish_positional_values(&Cli::command()).into_bytes());
    }
    buf
}

/// clap_complete writes a repeatable positional (`tail TOPIC...`) as zsh's `'*::name:action'`,
/// which narrows the words to the positionals once the first one is typed: after
/// `spm-kafka tail task-events` no option completed any more. `'*:name:action'` keeps them.
fn fix_zsh_rest_arguments(script: &str) -> String {
    script.replace("\n'*::", "\n'*:")
}

/// clap_complete's fish script completes the values of options but not of positional
/// arguments, so `spm-kafka completions b<TAB>` offered file names. One line per top-level
/// subcommand positional with fixed values (the only ones spm-kafka has).
fn fish_positional_values(cmd: &clap::Command) -> String {
    let fn_name = BIN_NAME.replace('-', "_");
    let mut out = String::new();
    for sub in cmd.get_subcommands() {
        for arg in sub.get_positionals() {
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() {
                out.push_str(&format!(
                    "complete -c {BIN_NAME} -n \"__fish_{fn_name}_using_subcommand {}\" -f -a \"{}\"\n",
                    sub.get_name(),
                    values.join(" ")
                ));
            }
        }
    }
    out
}

/// clap_complete's bash script tracks the subcommand typed so far in `cmd`, and then picks the
/// options by `case "${cmd}"`. For a hyphenated binary name the two disagree
/// (clap-rs/clap#6421): the loop sets `spm__kafka__subcmd__tail`, the case arm is labelled
/// `spm__subcmd__kafka__subcmd__tail`, so no arm below the top level ever matched and
/// `spm-kafka tail --from-b<TAB>` offered file names. The arms get the loop's spelling.
fn fix_bash_states(script: &str) -> String {
    let broken = BIN_NAME.replace('-', "__subcmd__");
    let fixed = BIN_NAME.replace('-', "__");
    script.replace(
        &format!("        {broken}__subcmd__"),
        &format!("        {fixed}__subcmd__"),
    )
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

    /// Every state the bash script's loop can reach has a case arm of that name, and every arm
    /// is reachable.
    #[test]
    fn bash_states_and_case_arms_agree() {
        let text = String::from_utf8(script(Shell::Bash)).unwrap();
        let set: std::collections::BTreeSet<&str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("cmd=\""))
            .filter_map(|l| l.strip_suffix('"'))
            .filter(|state| !state.is_empty())
            .collect();
        let arms: std::collections::BTreeSet<&str> = text
            .lines()
            .filter(|l| l.starts_with("        ") && !l.starts_with("         "))
            .filter_map(|l| l.trim().strip_suffix(')'))
            .filter(|l| !l.contains(['"', '$', '*']))
            .collect();
        assert!(set.contains("spm__kafka__subcmd__tail"), "{set:?}");
        assert!(
            set.contains("spm__kafka__subcmd__reset__subcmd__offsets"),
            "{set:?}"
        );
        assert_eq!(set, arms);
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
