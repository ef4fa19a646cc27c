//! End-to-end: time lag and consumer status in `lag`, and the `exporter`, against the real
//! broker. Records are produced with known timestamps and groups committed by Python
//! confluent-kafka (tests/common/kafka_clients.py), so the truth is known independently.

mod common;

use std::collections::BTreeMap;
use std::process::{Child, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::*;
use serde_json::{json, Value};

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// Produces `stamps[p]` records on partition `p`, each with that timestamp.
fn produce_at(topic: &str, stamps: &[(i32, Vec<i64>)]) {
    let counts: BTreeMap<String, usize> = stamps
        .iter()
        .map(|(p, s)| (p.to_string(), s.len()))
        .collect();
    let times: BTreeMap<String, &Vec<i64>> =
        stamps.iter().map(|(p, s)| (p.to_string(), s)).collect();
    kafka_client(
        "produce_counts",
        json!({"topic": topic, "counts": counts, "timestamps_ms": times}),
    );
}

/// Commits `offsets` (partition → offset) for `group`, having consumed up to them.
fn commit(group: &str, topic: &str, offsets: &[(i32, i64)]) {
    let offsets: BTreeMap<String, i64> = offsets.iter().map(|(p, o)| (p.to_string(), *o)).collect();
    kafka_client(
        "consume_and_commit",
        json!({"group": group, "topic": topic, "offsets": offsets}),
    );
}

fn lag_json(args: &[&str]) -> (Option<i32>, Value) {
    let dir = workdir();
    let out = spm_in(dir.path())
        .arg("lag")
        .args(args)
        .args(["-o", "json"])
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}{}", stdout(&out), stderr(&out)));
    (out.status.code(), v)
}

#[test]
fn lag_seconds_is_the_age_of_the_record_at_the_committed_offset() {
    let (topic, group) = (unique("it-behind"), unique("it-behind-g"));
    create_topic(&topic, 3, &[]);
    let t0 = now_ms();
    // Partition 0: ten records a second apart, ten minutes ago; 1: five, caught up; 2: none committed.
    let p0: Vec<i64> = (0..10).map(|i| t0 - 600_000 + i * 1000).collect();
    produce_at(
        &topic,
        &[(0, p0.clone()), (1, vec![t0 - 90_000; 5]), (2, vec![t0; 3])],
    );
    commit(&group, &topic, &[(0, 4), (1, 5)]);

    let asked = now_ms();
    let (code, v) = lag_json(&["-g", &group, "-t", &topic]);
    let answered = now_ms();
    assert_eq!(code, Some(0), "{v}");
    let rows = v["partitions"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "{v}");
    let secs = rows[0]["lag_seconds"].as_f64().unwrap();
    // The truth lies between the ages at the moments the command started and ended.
    let (low, high) = (
        (asked - p0[4]) as f64 / 1000.0,
        (answered - p0[4]) as f64 / 1000.0,
    );
    assert!(
        secs >= low - 1.0 && secs <= high + 1.0,
        "{secs} not in {low}..{high}: {v}"
    );
    assert_eq!(rows[1]["lag"], 0);
    assert_eq!(rows[1]["lag_seconds"], json!(0.0), "caught up");
    assert_eq!(rows[2]["lag_seconds"], Value::Null, "no commit");
    let g = &v["groups"][0];
    assert_eq!(g["max_lag_seconds"], rows[0]["lag_seconds"]);
    assert_eq!(g["status"], "stopped", "no members, lag 6: {v}");
    assert_eq!(g["members"], 0);

    // --fail-behind: exit 3 beyond the age, 0 below it.
    let dir = workdir();
    let out = spm_in(dir.path())
        .args(["lag", "-g", &group, "--fail-behind", "5m"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("group '{group}' is 9m")),
        "{}",
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(text.contains("BEHIND") && text.contains("9m5"), "{text}");
    let out = spm_in(dir.path())
        .args(["lag", "-g", &group, "--fail-behind", "20m"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // The committed record deleted (retention): the next one's age, and a note.
    kafka_client(
        "delete_records",
        json!({"topic": topic, "before": {"0": 6}}),
    );
    let (_, v) = lag_json(&["-g", &group, "-t", &topic]);
    let row = &v["partitions"][0];
    let secs = row["lag_seconds"].as_f64().unwrap();
    let truth = (now_ms() - p0[6]) as f64 / 1000.0;
    assert!((secs - truth).abs() < 2.0, "{secs} vs {truth}: {v}");
    let note = row["note"].as_str().unwrap_or_default();
    assert!(
        note.contains("offset 4 is gone") && note.contains("offset 6"),
        "{v}"
    );
}

/// A member of `group` that polls without ever committing, until dropped.
struct Member(Child);

impl Member {
    fn join(group: &str, topic: &str) -> Member {
        let args = json!({"group": group, "topics": [topic], "client_id": "it-status"});
        let mut child = kafka_client_process("hold", args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let rx = lines_of(child.stdout.take().unwrap());
        let line = rx.recv_timeout(Duration::from_secs(60)).expect("joined");
        assert!(line.starts_with("assigned"), "{line}");
        Member(child)
    }
}

impl Drop for Member {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Reads `lag --watch -o json` lines until `done` holds for the statuses by group.
fn wait_for(rx: &Receiver<String>, what: &str, done: impl Fn(&BTreeMap<String, Value>) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut last = String::new();
    while Instant::now() < deadline {
        let Ok(line) = rx.recv_timeout(Duration::from_secs(1)) else {
            continue;
        };
        let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let by_group: BTreeMap<String, Value> = v["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| (g["group"].as_str().unwrap().to_string(), g.clone()))
            .collect();
        if done(&by_group) {
            return;
        }
        last = line;
    }
    panic!("no {what} within 60 s; last: {last}");
}

#[test]
fn watch_tells_stopped_stalled_and_rewound_apart() {
    let topic = unique("it-status");
    let (stopped, stalled) = (unique("it-status-stop"), unique("it-status-stall"));
    create_topic(&topic, 1, &[]);
    let t0 = now_ms();
    produce_at(&topic, &[(0, (0..10).map(|i| t0 - 60_000 + i).collect())]);
    commit(&stopped, &topic, &[(0, 8)]);
    commit(&stalled, &topic, &[(0, 3)]);
    // Polls from offset 3 and never commits: lag above 0, the committed offset not moving.
    let _member = Member::join(&stalled, &topic);

    let dir = workdir();
    let mut watch = spm_process(dir.path())
        .args(["lag", "--watch", "200ms", "-o", "json", "-t", &topic])
        .args(["-g", &stopped, "-g", &stalled])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let rx = lines_of(watch.stdout.take().unwrap());
    let status = |g: &BTreeMap<String, Value>, name: &str| g[name]["status"].clone();
    wait_for(&rx, "stopped and stalled", |g| {
        status(g, &stopped) == "stopped" && status(g, &stalled) == "stalled"
    });
    // More records while the member still does not commit: its lag grows, still stalled.
    produce_at(&topic, &[(0, vec![now_ms(); 5])]);
    wait_for(&rx, "stalled with the lag grown", |g| {
        g[&stalled]["lag"] == 12 && status(g, &stalled) == "stalled"
    });
    // The stopped group reset backwards.
    commit(&stopped, &topic, &[(0, 2)]);
    wait_for(&rx, "rewound", |g| status(g, &stopped) == "rewound");
    let _ = watch.kill();
    let _ = watch.wait();
}
