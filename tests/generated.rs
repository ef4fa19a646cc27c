//! The committed shell completions (completions/) and man pages (man/) are exactly what the
//! binary generates now. When the CLI changes they go stale and this test fails; refresh them
//! with the command in [`REFRESH`] and commit the result.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

const REFRESH: &str = "SPM_KAFKA_BLESS=1 cargo test --test generated";

/// Each shell and the file its completion script is committed as.
const SHELLS: [(&str, &str); 5] = [
    ("bash", "spm-kafka.bash"),
    ("zsh", "_spm-kafka"),
    ("fish", "spm-kafka.fish"),
    ("powershell", "_spm-kafka.ps1"),
    ("elvish", "spm-kafka.elv"),
];

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn blessing() -> bool {
    std::env::var_os("SPM_KAFKA_BLESS").is_some_and(|v| v == "1")
}

/// The binary with an empty environment, in an empty directory: generation must depend on
/// the CLI definitions only.
fn spm(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("spm-kafka").expect("binary built");
    cmd.env_clear().current_dir(dir);
    cmd
}

fn generated(args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = spm(dir.path()).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "spm-kafka {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Compares (or, when blessing, writes) one committed file.
fn check(path: &Path, fresh: &[u8], stale: &mut Vec<String>) {
    let committed = std::fs::read(path).ok();
    if committed.as_deref() == Some(fresh) {
        return;
    }
    if blessing() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, fresh).unwrap();
        eprintln!("refreshed {}", path.display());
    } else {
        stale.push(format!(
            "{} {}",
            path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap_or(path)
                .display(),
            if committed.is_some() {
                "is stale"
            } else {
                "is missing"
            }
        ));
    }
}

fn fail_if_stale(stale: &[String]) {
    assert!(
        stale.is_empty(),
        "generated files differ from the CLI: {}.\nRefresh them with `{REFRESH}` and commit the result.",
        stale.join(", ")
    );
}

#[test]
fn completions_are_fresh() {
    let mut stale = Vec::new();
    for (shell, file) in SHELLS {
        let fresh = generated(&["completions", shell]);
        assert!(
            String::from_utf8_lossy(&fresh).contains("spm-kafka"),
            "{shell}"
        );
        check(&repo("completions").join(file), &fresh, &mut stale);
    }
    fail_if_stale(&stale);
}

fn man_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "1"))
                .map(|p| {
                    let name = p.file_name().unwrap().to_string_lossy().into_owned();
                    (name, std::fs::read(&p).unwrap())
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn man_pages_are_fresh() {
    let out = tempfile::tempdir().unwrap();
    let pages = out.path().join("man");
    spm(out.path())
        .args(["man", "--out-dir"])
        .arg(&pages)
        .assert()
        .success();
    let fresh = man_dir(&pages);
    assert!(fresh.contains_key("spm-kafka.1"), "{:?}", fresh.keys());
    assert!(
        fresh.contains_key("spm-kafka-doctor.1"),
        "{:?}",
        fresh.keys()
    );

    let committed_dir = repo("man");
    let mut stale = Vec::new();
    for (name, text) in &fresh {
        check(&committed_dir.join(name), text, &mut stale);
    }
    // A page whose subcommand is gone.
    for name in man_dir(&committed_dir).keys() {
        if !fresh.contains_key(name) {
            if blessing() {
                std::fs::remove_file(committed_dir.join(name)).unwrap();
                eprintln!("removed man/{name}");
            } else {
                stale.push(format!("man/{name} has no subcommand any more"));
            }
        }
    }
    fail_if_stale(&stale);
}

#[test]
fn man_prints_the_main_page_or_a_subcommand_page() {
    let dir = tempfile::tempdir().unwrap();
    spm(dir.path())
        .args(["man", "--out-dir", "m"])
        .assert()
        .success();
    let main = std::fs::read(dir.path().join("m/spm-kafka.1")).unwrap();
    assert_eq!(generated(&["man"]), main);
    let list = std::fs::read(dir.path().join("m/spm-kafka-topics-list.1")).unwrap();
    assert_eq!(generated(&["man", "topics", "list"]), list);

    let out = spm(dir.path()).args(["man", "nonsense"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no man page for 'nonsense'")
            && err.contains("topics list")
            && err.contains("doctor"),
        "{err}"
    );
}

#[test]
fn completions_reject_an_unknown_shell() {
    let dir = tempfile::tempdir().unwrap();
    let out = spm(dir.path())
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values"));
}

/// What each shell offers at TAB after the words, using the committed scripts the way a person
/// does (clap_complete's bash script once completed nothing below the top level for a
/// hyphenated binary name, clap-rs/clap#6421, while its text looked fine).
const COMPLETING: [(&str, &str); 6] = [
    // Before any topic is typed, and after one.
    ("spm-kafka tail --from-b", "--from-beginning"),
    ("spm-kafka tail task-events --until", "--until-end"),
    ("spm-kafka gr", "groups"),
    ("spm-kafka reset-offsets --exe", "--execute"),
    ("spm-kafka groups describe --time", "--timeout"),
    ("spm-kafka completions b", "bash"),
];

/// Runs `shell` with `args` (at most 30 s: a completion that hangs fails); a missing shell is a
/// failure that says how to install it.
fn run_shell(shell: &str, args: &[&str]) -> String {
    let out = Command::new(shell)
        .args(args)
        .current_dir(repo("."))
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {shell} ({e}): the completion tests need it; apt-get install {shell} (scripts/test.sh installs it)")
        });
    assert!(
        out.status.success(),
        "{shell} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn offers(shell: &str, words: &str, found: &str) -> Vec<String> {
    let offered: Vec<String> = found
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    assert!(
        !offered.is_empty(),
        "{shell}: nothing offered for '{words}<TAB>'"
    );
    offered
}

#[test]
fn bash_completes_subcommands_and_their_flags() {
    let script = repo("completions/spm-kafka.bash");
    for (words, expected) in COMPLETING {
        // As bash calls a completion function: COMP_WORDS, COMP_CWORD, then command, word, previous word.
        let probe = format!(
            "source {}; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
             _spm__kafka spm-kafka \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
             printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display()
        );
        let offered = offers("bash", words, &run_shell("bash", &["--norc", "-c", &probe]));
        assert_eq!(offered, [expected], "bash: {words}<TAB>");
    }
}

#[test]
fn zsh_completes_subcommands_and_their_flags() {
    let harness = repo("tests/shells/complete.zsh");
    let dir = repo("completions");
    for (words, expected) in COMPLETING {
        let mut args = vec![harness.to_str().unwrap(), dir.to_str().unwrap()];
        args.extend(words.split(' '));
        let offered = offers("zsh", words, &run_shell("zsh", &args));
        assert!(
            offered.iter().all(|o| o == expected),
            "zsh: {words}<TAB> offered {offered:?}"
        );
    }
}

#[test]
fn fish_completes_subcommands_and_their_flags() {
    let script = repo("completions/spm-kafka.fish");
    for (words, expected) in COMPLETING {
        let probe = format!("source {}; complete -C '{words}'", script.display());
        let offered = offers(
            "fish",
            words,
            &run_shell("fish", &["--no-config", "-c", &probe]),
        );
        assert_eq!(offered, [expected], "fish: {words}<TAB>");
    }
}

/// `--help` piped at 100 columns (clap wraps to the terminal's width): every subcommand shows
/// examples, and no example is broken across lines (a quote or brace left open).
#[test]
fn help_examples_survive_a_pipe_at_100_columns() {
    let dir = tempfile::tempdir().unwrap();
    for path in [
        "plan",
        "setup",
        "verify",
        "topics",
        "topics list",
        "topics describe",
        "publish",
        "tail",
        "events",
        "events list",
        "events schema",
        "groups",
        "groups list",
        "groups describe",
        "lag",
        "reset-offsets",
        "doctor",
        "completions",
        "man",
    ] {
        let mut args: Vec<&str> = path.split(' ').collect();
        args.push("--help");
        let out = spm(dir.path())
            .env("COLUMNS", "100")
            .args(&args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{path}");
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(
            help.contains("Examples"),
            "spm-kafka {path} --help has no examples:\n{help}"
        );
        let examples: Vec<&str> = help
            .lines()
            .filter(|l| l.contains(&format!("spm-kafka {path}")))
            .collect();
        assert!(
            !examples.is_empty(),
            "spm-kafka {path} --help shows no `spm-kafka {path}` line"
        );
        for line in help.lines().skip_while(|l| !l.starts_with("Examples")) {
            assert!(line.chars().count() <= 100, "{path}: {line}");
            assert!(
                line.matches('\'').count() % 2 == 0
                    && line.matches('{').count() == line.matches('}').count(),
                "spm-kafka {path} --help breaks an example mid-line: {line}"
            );
        }
    }
}
