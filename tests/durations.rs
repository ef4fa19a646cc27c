//! Durations as people type them, on the command line and in topics.yaml: `1h30m`, `30m 30s`,
//! ISO-8601 `PT30M`; a bare number on the command line is refused with a hint; and a
//! sub-second `--timeout` works and bounds the command.

mod common;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::*;

#[test]
fn a_sub_second_timeout_works_against_the_broker() {
    let dir = workdir();
    for timeout in ["500ms", "PT0.5S"] {
        let out = spm_in(dir.path())
            .args(["--timeout", timeout, "topics", "list"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "--timeout {timeout}: {}",
            stderr(&out)
        );
    }
}

/// A listener that accepts connections (the kernel completes the handshake) and never answers:
/// only `--timeout` can end the command.
#[test]
fn a_sub_second_timeout_bounds_a_silent_broker() {
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap().to_string();
    let dir = workdir();
    for args in [&["topics", "list"][..], &["groups", "list"][..]] {
        let started = Instant::now();
        let out = spm_in(dir.path())
            .args(["-b", &addr, "--timeout", "500ms"])
            .args(args)
            .output()
            .unwrap();
        let took = started.elapsed();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("within 500ms"), "{args:?}: {err}");
        assert!(!err.contains("socket.connection.setup"), "{args:?}: {err}");
        assert!(took < Duration::from_secs(3), "{args:?} took {took:?}");
    }
    drop(silent);
}

#[test]
fn a_bare_number_on_the_command_line_is_refused_with_a_hint() {
    let dir = workdir();
    // Nothing may reach a broker: none listens here.
    for (args, hint) in [
        (
            &["--timeout", "30", "topics", "list"][..],
            "did you mean 30s?",
        ),
        (&["lag", "--watch", "2"][..], "did you mean 2s?"),
        (
            &["tail", "some-topic", "--since", "30"][..],
            "did you mean 30s?",
        ),
        (
            &[
                "reset-offsets",
                "-g",
                "g",
                "-t",
                "t",
                "--by-duration",
                "5000",
            ][..],
            "did you mean 5000ms or 5000s?",
        ),
    ] {
        let out = spm_in(dir.path())
            .args(["-b", "127.0.0.1:1"])
            .args(args)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(hint), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn durations_people_type_are_accepted_on_the_command_line() {
    let dir = workdir();
    for timeout in ["1m30s", "30m 30s", "PT30M", "PT1H"] {
        let out = spm_in(dir.path())
            .args(["--timeout", timeout, "topics", "list"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "--timeout {timeout:?}: {}",
            stderr(&out)
        );
    }
    let topic = unique("it-dur-since");
    create_topic(&topic, 1, &[]);
    for since in ["1h30m", "PT30M", "P1D", "30m 30s"] {
        let out = spm_in(dir.path())
            .args([
                "tail",
                &topic,
                "--since",
                since,
                "--until-end",
                "-o",
                "json",
            ])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "--since {since:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn topics_yaml_takes_the_same_durations_and_plain_milliseconds() {
    let dir = workdir();
    let topic = unique("it-dur-spec");
    write(
        dir.path(),
        "topics.yaml",
        &format!(
            "defaults:\n  partitions: 1\n  replication_factor: 1\ntopics:\n  {topic}:\n    config:\n      \
retention.ms: PT12H\n      segment.ms: 1h30m\n      delete.retention.ms: 30m 30s\n      \
min.compaction.lag.ms: 60000\n"
        ),
    );
    let out = spm_in(dir.path())
        .args(["plan", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let created = plan["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["topic"] == topic.as_str())
        .unwrap_or_else(|| panic!("{topic} not in the plan: {plan}"));
    let config = &created["create"]["config"];
    assert_eq!(config["retention.ms"], "43200000");
    assert_eq!(config["segment.ms"], "5400000");
    assert_eq!(config["delete.retention.ms"], "1830000");
    assert_eq!(config["min.compaction.lag.ms"], "60000");
}
