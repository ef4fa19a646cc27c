//! End-to-end: `groups`, `lag` and `reset-offsets` against the real broker, with groups made
//! by real Python confluent-kafka consumers, and every committed offset read back with an
//! independent client (`Consumer.committed()`, which reads a group's offsets without joining it).

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Child, ChildStdin, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

/// The former name of [`kafka_client`] in this file, kept for tests written against it
/// (this file's "consume" and "produce" are the shared script's "group_consume" and
/// "produce_counts").
#[allow(dead_code)]
fn python(cmd: &str, args: Value) -> String {
    let cmd = match cmd {
        "consume" => "group_consume",
        "produce" => "produce_counts",
        other => other,
    };
    kafka_client(cmd, args)
}

fn produce(topic: &str, counts: &[(i32, usize)]) {
    let counts: BTreeMap<String, usize> = counts.iter().map(|(p, n)| (p.to_string(), *n)).collect();
    kafka_client("produce_counts", json!({"topic": topic, "counts": counts}));
}

/// Commits `offsets` (partition → offset) for `group` after really consuming up to them.
fn consume_and_commit(group: &str, topic: &str, offsets: &[(i32, i64)]) {
    let offsets: BTreeMap<String, i64> = offsets.iter().map(|(p, o)| (p.to_string(), *o)).collect();
    kafka_client(
        "consume_and_commit",
        json!({"group": group, "topic": topic, "offsets": offsets}),
    );
}

/// A consumer kept in the group until dropped.
struct ActiveMember {
    child: Child,
    stdin: Option<ChildStdin>,
}

impl ActiveMember {
    fn join(group: &str, topic: &str, client_id: &str) -> ActiveMember {
        let args = json!({"group": group, "topics": [topic], "client_id": client_id});
        let mut child = kafka_client_process("hold", args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let stdin = child.stdin.take();
        let rx = lines_of(child.stdout.take().unwrap());
        let mut member = ActiveMember { child, stdin };
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the consumer joined the group within 60 s");
        assert!(line.starts_with("assigned"), "unexpected: {line:?}");
        member.stdin.as_mut().unwrap().flush().unwrap();
        member
    }
}

impl Drop for ActiveMember {
    fn drop(&mut self) {
        // Closing stdin makes the consumer leave the group cleanly; kill it if it does not.
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spm_json(args: &[&str]) -> Value {
    let dir = workdir();
    let out = spm_in(dir.path())
        .args(args)
        .args(["-o", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stdout(&out)))
}

fn spm(args: &[&str]) -> std::process::Output {
    let dir = workdir();
    spm_in(dir.path()).args(args).output().unwrap()
}

/// `spm-kafka reset-offsets --execute`, which must succeed.
fn reset(group: &str, args: &[&str]) {
    let out = spm(&[&["reset-offsets", "-g", group][..], args, &["--execute"]].concat());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    assert_contains(&stdout(&out), &format!("of group '{group}'"));
}

#[test]
fn lag_equals_produced_minus_consumed_for_every_partition() {
    let (topic, group) = (unique("it-lag"), unique("it-lag-g"));
    create_topic(&topic, 3, &[]);
    let produced = [10i64, 7, 0];
    produce(&topic, &[(0, 10), (1, 7)]);
    kafka_client(
        "group_consume",
        json!({"group": group, "topics": [topic], "n": 12}),
    );

    let read_back = committed(&group, &topic, 3);
    assert_eq!(
        read_back[2], None,
        "nothing was consumed from the empty partition"
    );
    assert_eq!(read_back.iter().flatten().sum::<i64>(), 12, "{read_back:?}");

    // Named group and topic: every partition, including the one never committed.
    let v = spm_json(&["lag", "-g", &group, "-t", &topic]);
    let rows = v["partitions"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "{v}");
    for (p, row) in rows.iter().enumerate() {
        assert_eq!(row["group"], json!(group));
        assert_eq!(row["topic"], json!(topic));
        assert_eq!(row["partition"], json!(p));
        assert_eq!(row["log_start"], json!(0));
        assert_eq!(row["log_end"], json!(produced[p]));
        assert_eq!(row["committed"], json!(read_back[p]), "partition {p}");
        assert_eq!(
            row["lag"],
            json!(read_back[p].map(|c| produced[p] - c)),
            "partition {p}"
        );
    }
    assert_eq!(rows[2]["committed"], Value::Null);
    assert_eq!(rows[2]["lag"], Value::Null);
    let total = &v["groups"][0];
    assert_eq!(total["group"], json!(group));
    assert_eq!(total["lag"], json!(17 - 12));
    assert_eq!(total["partitions"], json!(3));
    assert_eq!(total["without_commit"], json!(1));
    assert_eq!(total["topics"][0]["topic"], json!(topic));

    // The table: `-` where nothing is committed, the totals, and the note.
    let out = spm(&["lag", "-g", &group, "-t", &topic]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let row2: Vec<&str> = text
        .lines()
        .find(|l| l.starts_with(&group) && l.split_whitespace().nth(2) == Some("2"))
        .unwrap_or_else(|| panic!("{text}"))
        .split_whitespace()
        .collect();
    assert_eq!(
        row2,
        vec![group.as_str(), &topic, "2", "-", "0", "0", "-", "-"],
        "{text}"
    );
    assert_contains(&text, "UNCOMMITTED");
    assert_contains(&stderr(&out), "1 partition has no committed offset");

    // Without --topic: only the partitions the group committed.
    let v = spm_json(&["lag", "-g", &group]);
    let committed_partitions = read_back.iter().filter(|c| c.is_some()).count();
    assert_eq!(
        v["partitions"].as_array().unwrap().len(),
        committed_partitions,
        "{v}"
    );
}

#[test]
fn groups_list_and_describe_show_state_members_and_lag() {
    let (topic, group) = (unique("it-grp"), unique("it-grp-g"));
    create_topic(&topic, 2, &[]);
    produce(&topic, &[(0, 5), (1, 5)]);
    kafka_client(
        "group_consume",
        json!({"group": group, "topics": [topic], "n": 10}),
    );

    let list = spm_json(&["groups", "list"]);
    let me = list
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == json!(group))
        .unwrap_or_else(|| panic!("{group} not listed"));
    assert_eq!(me["state"], "Empty");
    assert_eq!(me["type"], "classic");
    assert_eq!(me["members"], 0);
    assert_eq!(me["lag"], 0);
    assert_eq!(me["partitions"], 2);

    let empty = spm_json(&["groups", "list", "--state", "EMPTY"]);
    assert!(empty
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["group"] == json!(group)));
    assert!(empty
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g["state"] == "Empty"));
    let stable = spm_json(&["groups", "list", "--state", "stable"]);
    assert!(!stable
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["group"] == json!(group)));

    let out = spm(&["groups", "list"]);
    assert_eq!(out.status.code(), Some(0));
    let line = stdout(&out)
        .lines()
        .find(|l| l.starts_with(&group))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap();
    assert!(
        line.starts_with(&format!("{group} Empty classic 0 ")),
        "{line}"
    );

    produce(&topic, &[(1, 3)]);
    let d = spm_json(&["groups", "describe", &group]);
    assert_eq!(d["group"], json!(group));
    assert_eq!(d["state"], "Empty");
    assert_eq!(d["lag"], 3);
    assert_eq!(d["coordinator"]["id"], 1);
    assert_eq!(d["offsets"][1]["committed"], 5);
    assert_eq!(d["offsets"][1]["log_end"], 8);

    let out = spm(&["groups", "describe", &group]);
    let text = stdout(&out);
    assert_contains(&text, "State: Empty");
    assert_contains(&text, "Total lag: 3 over 2 partitions");
}

#[test]
fn unknown_group_is_a_clear_error() {
    let group = unique("it-nosuch");
    for args in [&["groups", "describe", &group][..], &["lag", "-g", &group]] {
        let out = spm(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!("no consumer group '{group}'")) && err.contains("groups list"),
            "{err}"
        );
        assert!(stdout(&out).is_empty());
    }
    let out = spm(&["lag", "-t", &unique("it-nosuch-topic")]);
    assert_eq!(out.status.code(), Some(1));
    assert_contains(&stderr(&out), "does not exist");
}

#[test]
fn fail_above_exits_3_only_when_a_group_lags_more() {
    let (topic, group) = (unique("it-alert"), unique("it-alert-g"));
    create_topic(&topic, 2, &[]);
    produce(&topic, &[(0, 6), (1, 4)]);
    consume_and_commit(&group, &topic, &[(0, 2), (1, 1)]); // lag 4 + 3 = 7
    let dir = workdir();
    for (threshold, code) in [("7", 0), ("100", 0), ("6", 3), ("0", 3)] {
        let out = spm_in(dir.path())
            .args(["lag", "-g", &group, "--fail-above", threshold])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "--fail-above {threshold}: {}",
            stderr(&out)
        );
        if code == 3 {
            assert_contains(
                &stderr(&out),
                &format!("group '{group}' has lag 7, above {threshold}"),
            );
        }
    }
}

#[test]
fn every_reset_mode_moves_the_offsets_exactly() {
    let (topic, group) = (unique("it-reset"), unique("it-reset-g"));
    create_topic(&topic, 2, &[]);
    // Ten messages per partition, one per hour, the last one an hour ago.
    let now = chrono::Utc::now().timestamp_millis();
    let hour = 3_600_000i64;
    let stamps: Vec<i64> = (0..10).map(|i| now - (10 - i) * hour).collect();
    kafka_client(
        "produce_counts",
        json!({"topic": topic, "counts": {"0": 10, "1": 10},
               "timestamps_ms": {"0": stamps, "1": stamps}}),
    );
    consume_and_commit(&group, &topic, &[(0, 4), (1, 6)]);
    assert_eq!(committed(&group, &topic, 2), vec![Some(4), Some(6)]);

    let t = topic.as_str();
    reset(&group, &["-t", t, "--to-earliest"]);
    assert_eq!(committed(&group, t, 2), vec![Some(0), Some(0)]);
    reset(&group, &["-t", t, "--to-latest"]);
    assert_eq!(committed(&group, t, 2), vec![Some(10), Some(10)]);
    reset(&group, &["-t", t, "--to-offset", "3"]);
    assert_eq!(committed(&group, t, 2), vec![Some(3), Some(3)]);
    reset(&group, &["-t", t, "--shift-by", "+2"]);
    assert_eq!(committed(&group, t, 2), vec![Some(5), Some(5)]);
    reset(&group, &["-t", &format!("{t}:1"), "--shift-by", "-4"]);
    assert_eq!(
        committed(&group, t, 2),
        vec![Some(5), Some(1)],
        "only partition 1"
    );
    reset(&group, &["--all-topics", "--to-current"]);
    assert_eq!(committed(&group, t, 2), vec![Some(5), Some(1)]);

    // 5.5 hours ago: the first message at or after it is the one 5 hours ago, offset 5.
    let at = chrono::DateTime::from_timestamp_millis(now - 11 * hour / 2)
        .unwrap()
        .to_rfc3339();
    reset(&group, &["-t", t, "--to-datetime", &at]);
    assert_eq!(committed(&group, t, 2), vec![Some(5), Some(5)]);
    reset(&group, &["-t", t, "--by-duration", "150m"]); // 2.5 h ago → offset 8
    assert_eq!(committed(&group, t, 2), vec![Some(8), Some(8)]);
    reset(&group, &["--all-topics", "--by-duration", "30m"]); // after the last message
    assert_eq!(committed(&group, t, 2), vec![Some(10), Some(10)]);

    let dir = workdir();
    let csv = write(
        dir.path(),
        "offsets.csv",
        &format!("topic,partition,offset\n{t},0,7\n{t},1,2\n"),
    );
    reset(&group, &["--from-file", csv.to_str().unwrap()]);
    assert_eq!(committed(&group, t, 2), vec![Some(7), Some(2)]);

    // `lag` shows the new offsets.
    let v = spm_json(&["lag", "-g", &group]);
    let lags: Vec<&Value> = v["partitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["lag"])
        .collect();
    assert_eq!(lags, vec![&json!(3), &json!(8)]);
}

#[test]
fn dry_run_changes_nothing() {
    let (topic, group) = (unique("it-dry"), unique("it-dry-g"));
    create_topic(&topic, 2, &[]);
    produce(&topic, &[(0, 5), (1, 5)]);
    consume_and_commit(&group, &topic, &[(0, 3), (1, 4)]);

    let out = spm(&["reset-offsets", "-g", &group, "-t", &topic, "--to-earliest"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_contains(&text, "GROUP");
    assert!(text.contains("CURRENT") && text.contains("NEW"), "{text}");
    let row: Vec<&str> = text
        .lines()
        .find(|l| l.starts_with(&group) && l.split_whitespace().nth(2) == Some("1"))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(row, vec![group.as_str(), &topic, "1", "4", "0"]);
    assert_contains(&text, "Dry run: nothing changed. Add --execute to apply.");
    assert_eq!(committed(&group, &topic, 2), vec![Some(3), Some(4)]);

    let v = spm_json(&["reset-offsets", "-g", &group, "-t", &topic, "--to-latest"]);
    assert_eq!(v["executed"], false);
    assert_eq!(v["partitions"][0]["current"], 3);
    assert_eq!(v["partitions"][0]["new"], 5);
    assert_eq!(committed(&group, &topic, 2), vec![Some(3), Some(4)]);
}

#[test]
fn targets_are_clamped_to_the_log_with_a_warning() {
    let (topic, group) = (unique("it-clamp"), unique("it-clamp-g"));
    create_topic(&topic, 2, &[]);
    produce(&topic, &[(0, 10), (1, 10)]);
    consume_and_commit(&group, &topic, &[(0, 5), (1, 5)]);
    kafka_client(
        "delete_records",
        json!({"topic": topic, "before": {"0": 3}}),
    );

    let run = |args: &[&str]| {
        let out = spm(&[
            &["reset-offsets", "-g", &group, "-t", &topic][..],
            args,
            &["--execute"],
        ]
        .concat());
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        stderr(&out)
    };
    let err = run(&["--to-offset", "1"]);
    assert!(
        err.contains(&format!(
            "{topic}:0: offset 1 is before the log start; using 3"
        )),
        "{err}"
    );
    assert!(
        !err.contains(&format!("{topic}:1:")),
        "partition 1 starts at 0: {err}"
    );
    assert_eq!(committed(&group, &topic, 2), vec![Some(3), Some(1)]);

    let err = run(&["--to-offset", "1000"]);
    assert!(
        err.contains(&format!(
            "{topic}:0: offset 1000 is past the log end; using 10"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{topic}:1: offset 1000 is past the log end; using 10"
        )),
        "{err}"
    );
    assert_eq!(committed(&group, &topic, 2), vec![Some(10), Some(10)]);

    run(&["--shift-by", "-1000"]);
    assert_eq!(committed(&group, &topic, 2), vec![Some(3), Some(0)]);

    let v = spm_json(&[
        "reset-offsets",
        "-g",
        &group,
        "-t",
        &topic,
        "--shift-by",
        "9223372036854775807",
    ]);
    assert_eq!(v["partitions"][0]["new"], 10);
    assert_eq!(v["partitions"][0]["requested"], json!(i64::MAX));
}

#[test]
fn an_active_group_is_refused_and_left_unchanged() {
    let (topic, group) = (unique("it-active"), unique("it-active-g"));
    create_topic(&topic, 2, &[]);
    produce(&topic, &[(0, 3), (1, 3)]);
    let member = ActiveMember::join(&group, &topic, "it-holder");

    // describe: the member, its host and its partitions.
    let d = spm_json(&["groups", "describe", &group]);
    assert_eq!(d["state"], "Stable", "{d}");
    assert_eq!(d["members"][0]["client_id"], "it-holder");
    assert_eq!(
        d["members"][0]["assignment"],
        json!([{"topic": topic, "partition": 0}, {"topic": topic, "partition": 1}])
    );
    let text = stdout(&spm(&["groups", "describe", &group]));
    assert!(
        text.contains("it-holder") && text.contains(&format!("{topic}:0-1")),
        "{text}"
    );

    // lag: the assigned partitions without a commit show as unknown.
    let v = spm_json(&["lag", "-g", &group]);
    let rows = v["partitions"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{v}");
    assert!(
        rows.iter()
            .all(|r| r["committed"].is_null() && r["lag"].is_null()),
        "{v}"
    );
    // Nothing committed: one answer everywhere — unknown (null / -), never 0.
    assert_eq!(v["groups"][0]["lag"], Value::Null, "lag -g JSON total: {v}");
    assert_eq!(v["groups"][0]["without_commit"], 2, "{v}");
    let listed = spm_json(&["groups", "list"]);
    let me = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == group.as_str())
        .unwrap();
    assert_eq!(me["lag"], Value::Null, "groups list JSON: {me}");
    let table = stdout(&spm(&["lag", "-g", &group]));
    let total = table
        .lines()
        .find(|l| {
            l.starts_with(&group) && l.contains(&topic) && l.trim_end().ends_with("no-commit")
        })
        .unwrap_or_else(|| panic!("{table}"));
    let cells: Vec<&str> = total.split_whitespace().collect();
    // LAG, BEHIND, PARTITIONS, UNCOMMITTED, STATUS.
    assert_eq!(
        cells,
        [
            group.as_str(),
            topic.as_str(),
            "-",
            "-",
            "2",
            "2",
            "no-commit"
        ],
        "{table}"
    );

    // The dry run shows the plan and warns; --execute is refused.
    let out = spm(&["reset-offsets", "-g", &group, "-t", &topic, "--to-latest"]);
    assert_eq!(out.status.code(), Some(0));
    assert_contains(&stderr(&out), "--execute will be refused");

    let out = spm(&[
        "reset-offsets",
        "-g",
        &group,
        "-t",
        &topic,
        "--to-latest",
        "--execute",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("refusing to reset the offsets of group '{group}'"))
            && err.contains("is Stable with 1 active member (it-holder)")
            && err.contains("Stop the consumers"),
        "{err}"
    );
    drop(member);
    assert_eq!(committed(&group, &topic, 2), vec![None, None]);
}

#[test]
fn reset_errors_name_the_problem() {
    let (topic, group) = (unique("it-rerr"), unique("it-rerr-g"));
    create_topic(&topic, 2, &[]);
    produce(&topic, &[(0, 2)]);
    consume_and_commit(&group, &topic, &[(0, 1)]);

    let out = spm(&[
        "reset-offsets",
        "-g",
        &group,
        "-t",
        &format!("{topic}x"),
        "--to-latest",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!(
            "topic '{topic}x' does not exist; did you mean '{topic}'?"
        )),
        "{}",
        stderr(&out)
    );
    let out = spm(&[
        "reset-offsets",
        "-g",
        &group,
        "-t",
        &format!("{topic}:7"),
        "--to-latest",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a partition the topic lacks is bad input"
    );
    assert_contains(&stderr(&out), "has no partition 7 (it has 2: 0-1)");
    // A range is bounded by the topic's partitions: refused at once, not 2³¹ partitions built.
    let start = Instant::now();
    let out = spm(&[
        "reset-offsets",
        "-g",
        &group,
        "-t",
        &format!("{topic}:0-2147483647"),
        "--to-latest",
        "--execute",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_contains(&stderr(&out), "has no partition 2 (it has 2: 0-1)");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        committed(&group, &topic, 2),
        vec![Some(1), None],
        "nothing changed"
    );

    let out = spm(&[
        "reset-offsets",
        "-g",
        &group,
        "-t",
        &topic,
        "--to-latest",
        "--to-earliest",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "conflicting modes are a usage error"
    );

    let dir = workdir();
    let csv = write(
        dir.path(),
        "bad.csv",
        &format!("{topic},0,5\n{topic},1,-2\n"),
    );
    let out = spm(&[
        "reset-offsets",
        "-g",
        &group,
        "--from-file",
        csv.to_str().unwrap(),
        "--execute",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bad.csv:2:") && stderr(&out).contains("offset must be a number ≥ 0"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        committed(&group, &topic, 2),
        vec![Some(1), None],
        "nothing changed"
    );

    // A group that does not exist yet: the dry run says --execute would create it.
    let fresh = unique("it-rerr-new");
    let out = spm(&["reset-offsets", "-g", &fresh, "-t", &topic, "--to-earliest"]);
    assert_eq!(out.status.code(), Some(0));
    assert_contains(&stderr(&out), "does not exist yet");
}

#[test]
fn unreachable_broker_fails_within_the_timeout() {
    for command in [
        &["lag"][..],
        &["groups", "list"],
        &["groups", "describe", "g"],
        &["reset-offsets", "-g", "g", "--all-topics", "--to-latest"],
    ] {
        let start = Instant::now();
        let out = spm_at(workdir().path(), "127.0.0.1:1", "2s")
            .args(command)
            .output()
            .unwrap();
        let took = start.elapsed();
        assert_eq!(out.status.code(), Some(1), "{command:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("cannot reach Kafka at 127.0.0.1:1")
                && err.contains("connection refused by 127.0.0.1:1"),
            "{command:?}: {err}"
        );
        assert!(took < Duration::from_secs(6), "{command:?} took {took:?}");
    }
}

/// [`spawn_spm_in`] in a temporary directory of its own that outlives the child (the former
/// signature, kept for tests written against it).
#[allow(dead_code)]
fn spawn_spm(args: &[&str]) -> Child {
    spawn_spm_in(&workdir().keep(), args)
}

/// `spm-kafka` as a child process (for --watch, which runs until interrupted), run in `dir`.
fn spawn_spm_in(dir: &std::path::Path, args: &[&str]) -> Child {
    spm_process(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spm-kafka runs")
}

/// Reads the child's stdout until `enough` says so (at most 60 s), then sends it Ctrl-C
/// (SIGINT) and returns what it printed and its exit code.
fn watch_then_interrupt(
    mut child: Child,
    enough: impl Fn(&[String]) -> bool,
) -> (Vec<String>, Option<i32>) {
    let rx = lines_of(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !enough(&lines) && Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            lines.push(line);
        }
    }
    // SAFETY: plain kill(2) on the pid of a child we spawned and have not reaped.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    lines.extend(rx.try_iter());
    (lines, status.code())
}

#[test]
fn watch_repeats_until_ctrl_c_then_exits_130() {
    let (topic, group) = (unique("it-watch"), unique("it-watch-g"));
    create_topic(&topic, 1, &[]);
    produce(&topic, &[(0, 4)]);
    consume_and_commit(&group, &topic, &[(0, 1)]);

    let dir = workdir();
    let child = spawn_spm_in(dir.path(), &["lag", "-g", &group, "--watch", "300ms"]);
    let (lines, code) = watch_then_interrupt(child, |l| {
        l.iter().filter(|l| l.contains("Ctrl-C to stop")).count() >= 3
    });
    assert_eq!(code, Some(130), "{lines:#?}");
    let rows: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with(&group) && l.split_whitespace().nth(2) == Some("0"))
        .collect();
    assert!(rows.len() >= 3, "one table per tick: {lines:#?}");
    for r in rows {
        let cells: Vec<&str> = r.split_whitespace().collect();
        assert_eq!(
            cells[..7],
            [group.as_str(), &topic, "0", "1", "0", "4", "3"],
            "{r}"
        );
        // BEHIND: the age of record 1, produced moments ago.
        assert!(cells[7].ends_with('s'), "{r}");
    }

    // JSON: one object per line per tick.
    let child = spawn_spm_in(
        dir.path(),
        &["lag", "-g", &group, "--watch", "300ms", "-o", "json"],
    );
    let (lines, code) = watch_then_interrupt(child, |l| l.len() >= 2);
    assert_eq!(code, Some(130));
    assert!(lines.len() >= 2);
    for line in &lines {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert_eq!(v["partitions"][0]["lag"], 3);
        assert_eq!(v["groups"][0]["lag"], 3);
    }
}

/// A consumer joining the group while `reset-offsets --execute` runs: whatever the timing,
/// either every partition is reset and the exit is 0, or the exit is 1 with the reason — never a
/// silent half reset.
#[test]
fn reset_racing_a_joining_consumer_is_never_a_silent_half_reset() {
    let topic = unique("it-race-reset");
    create_topic(&topic, 6, &[]);
    let all: Vec<(i32, usize)> = (0..6).map(|p| (p, 10)).collect();
    produce(&topic, &all);
    let at_end: Vec<(i32, i64)> = (0..6).map(|p| (p, 10)).collect();
    let mut outcomes = Vec::new();
    for round in 0..4u64 {
        let group = unique("it-race-group");
        consume_and_commit(&group, &topic, &at_end);
        let args = json!({"group": group, "topics": [topic], "client_id": "racer"});
        let mut racer = kafka_client_process("hold", args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("python3 runs");
        std::thread::sleep(Duration::from_millis(round * 200));
        let out = spm_in(workdir().path())
            .args([
                "reset-offsets",
                "--group",
                &group,
                "--topic",
                &topic,
                "--to-earliest",
                "--execute",
            ])
            .output()
            .unwrap();
        drop(racer.stdin.take());
        let _ = racer.wait();
        let after = committed(&group, &topic, 6);
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        match out.status.code() {
            Some(0) => assert!(
                after.iter().all(|o| *o == Some(0)),
                "exit 0 but not all reset: {after:?}"
            ),
            Some(1) => {
                assert!(
                    err.contains("active") || err.contains("failed") || err.contains("refused"),
                    "exit 1 must say why: {err}"
                );
                assert!(
                    after.iter().all(|o| *o == Some(0) || *o == Some(10)),
                    "{after:?}"
                );
            }
            other => panic!("unexpected exit {other:?}: {err}"),
        }
        outcomes.push(out.status.code());
    }
    eprintln!("outcomes: {outcomes:?}");
}

#[test]
fn groups_delete_is_a_dry_run_until_execute_and_refuses_an_active_group() {
    let (topic, group) = (unique("it-gdel"), unique("it-gdel-g"));
    create_topic(&topic, 2, &[]);
    produce(&topic, &[(0, 3), (1, 2)]);
    consume_and_commit(&group, &topic, &[(0, 3), (1, 1)]);
    let listed = |name: &str| {
        spm_json(&["groups", "list"])
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["group"] == name)
    };

    // Without --execute: says what would go, deletes nothing.
    let out = spm(&["groups", "delete", &group]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "Would delete consumer group '{group}' (Empty, committed offsets on 2 partitions of {topic})"
        )) && text.contains("Dry run: nothing was changed"),
        "{text}"
    );
    assert_eq!(committed(&group, &topic, 2), vec![Some(3), Some(1)]);

    // An active member: refused, with or without --execute, and nothing changes.
    {
        let _member = ActiveMember::join(&group, &topic, "it-gdel-holder");
        for extra in [&[][..], &["--execute"]] {
            let out = spm(&[&["groups", "delete", &group][..], extra].concat());
            assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
            let err = stderr(&out);
            assert!(
                err.contains(&format!("refusing to delete group '{group}'"))
                    && err.contains("active member (it-gdel-holder)"),
                "{err}"
            );
        }
    }
    assert!(listed(&group));

    // Empty again: --execute deletes the group and its offsets.
    let v = spm_json(&["groups", "delete", &group, "--execute"]);
    assert_eq!(v["deleted"], true, "{v}");
    assert_eq!(v["partitions"], 2, "{v}");
    assert_eq!(committed(&group, &topic, 2), vec![None, None]);
    assert!(!listed(&group), "the group is gone");

    // Now it is unknown.
    let out = spm(&["groups", "delete", &group, "--execute"]);
    assert_eq!(out.status.code(), Some(1));
    assert_contains(&stderr(&out), &format!("no consumer group '{group}'"));
}

/// Colour is decided per stream: with stdout on a terminal (a pty from `script`) and stderr
/// sent to a file, the file gets no escape codes; with stderr on the terminal, it gets them.
#[test]
fn colour_follows_each_streams_own_terminal() {
    let dir = workdir();
    let bin = assert_cmd::cargo::cargo_bin("spm-kafka");
    let log = dir.path().join("err.log");
    let group = unique("it-colour-nosuch");
    let run = |redirect: &str| {
        let inner = format!(
            "{} groups describe {group} -b {} {redirect}",
            bin.display(),
            bootstrap()
        );
        // A terminal needs script(1); the environment is cleared instead of the hermetic
        // builder's NO_COLOR=1, which is what this test must not have.
        let out = std::process::Command::new("script")
            .args(["-qec", &inner, "/dev/null"])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TERM", "xterm")
            .current_dir(dir.path())
            .output()
            .expect("script (util-linux) runs");
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        out
    };
    run(&format!("2>{}", log.display()));
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.starts_with("error: no consumer group"), "{logged:?}");
    assert!(
        !logged.contains('\x1b'),
        "stderr to a file is plain: {logged:?}"
    );

    // stdout to a file, stderr on the terminal: the label is coloured there.
    let out = run(&format!(">{}", dir.path().join("out.txt").display()));
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains("\x1b[1;31merror:\x1b[0m"), "{screen:?}");
}
