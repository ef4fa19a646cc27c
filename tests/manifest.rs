//! Cargo.toml lists what the code uses, where it uses it: every `[dependencies]` crate is named
//! (`crate::...`) in `src/`, every `[dev-dependencies]` crate in `tests/`. An unused dependency
//! costs build time and audit work for nothing; one used only by tests does not belong in the
//! binary's dependencies.

use std::path::{Path, PathBuf};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The crate names of one `[section]` of Cargo.toml, as Rust spells them (`serde-saphyr` →
/// `serde_saphyr`).
fn section(manifest: &str, name: &str) -> Vec<String> {
    let header = format!("[{name}]");
    manifest
        .lines()
        .skip_while(|l| l.trim() != header)
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, _)| k.trim().replace('-', "_"))
        .filter(|k| !k.is_empty())
        .collect()
}

/// Every `.rs` file under `dir`, concatenated.
fn sources(dir: &Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            text.push_str(&sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            text.push_str(&std::fs::read_to_string(&path).unwrap());
            text.push('\n');
        }
    }
    text
}

/// `name::` as a path start, not as the tail of another path (`kafka::humantime(` is a function).
fn uses(code: &str, name: &str) -> bool {
    let needle = format!("{name}::");
    code.match_indices(&needle).any(|(i, _)| {
        let before = code[..i].chars().next_back();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
    })
}

#[test]
fn every_dependency_is_used_where_it_is_declared() {
    let manifest = std::fs::read_to_string(repo("Cargo.toml")).unwrap();
    let (src, tests) = (sources(&repo("src")), sources(&repo("tests")));
    let deps = section(&manifest, "dependencies");
    let dev = section(&manifest, "dev-dependencies");
    assert!(deps.contains(&"clap".to_string()) && dev.contains(&"assert_cmd".to_string()));

    let unused: Vec<&String> = deps.iter().filter(|d| !uses(&src, d)).collect();
    assert!(
        unused.is_empty(),
        "[dependencies] not used in src/: {unused:?} (remove them, or move test-only ones to [dev-dependencies])"
    );
    let unused_dev: Vec<&String> = dev.iter().filter(|d| !uses(&tests, d)).collect();
    assert!(
        unused_dev.is_empty(),
        "[dev-dependencies] not used in tests/: {unused_dev:?}"
    );
}

#[test]
fn a_path_tail_is_not_a_use() {
    assert!(uses("use humantime::Duration;", "humantime"));
    assert!(uses("x = humantime::parse(s)", "humantime"));
    assert!(!uses("crate::kafka::humantime::x", "humantime"));
    assert!(!uses("my_humantime::x", "humantime"));
}
