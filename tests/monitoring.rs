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

    // Two groups on one partition at different offsets: each gets the age of its own record
    // (one forward read serves both).
    let other = unique("it-behind-h");
    commit(&other, &topic, &[(0, 8)]);
    let (_, v) = lag_json(&["-g", &group, "-g", &other, "-t", &topic]);
    let age = |g: &str| {
        v["partitions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["group"] == g && r["partition"] == 0)
            .and_then(|r| r["lag_seconds"].as_f64())
            .unwrap_or_else(|| panic!("{v}"))
    };
    let (a, b) = (age(&group), age(&other));
    assert!(
        (a - b - 4.0).abs() < 0.01,
        "records 4 and 8 are 4 s apart: {a} {b}"
    );

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

/// `GET path` on `addr` over plain HTTP/1.1: (status, content-type, body).
fn http_get(addr: &str, path: &str) -> (u16, String, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap_or_else(|e| panic!("{addr}: {e}"));
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .unwrap_or("0")
        .parse()
        .unwrap();
    let content_type = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type: ")
                .map(str::to_string)
        })
        .unwrap_or_default();
    (status, content_type, body.to_string())
}

/// A child process killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `spm-kafka exporter` on a free port; returns it and the address it serves.
fn exporter(dir: &std::path::Path, bootstrap: &str, timeout: &str) -> (Running, String) {
    let mut child = spm_process_at(dir, bootstrap, timeout)
        .args(["exporter", "--listen", "127.0.0.1:0", "--interval", "500ms"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let rx = lines_of(child.stdout.take().unwrap());
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the exporter starts");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("{line}"))
        .to_string();
    (Running(child), addr)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Polls until `f` gives `Some`, at most 60 s.
fn until<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "no {what} within 60 s");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn prometheus_scrapes_the_lag_the_group_committed() {
    let (topic, group) = (unique("it-exp"), unique("it-exp-g"));
    create_topic(&topic, 3, &[]);
    let t0 = now_ms();
    produce_at(
        &topic,
        &[
            (0, vec![t0 - 120_000; 10]),
            (1, vec![t0; 5]),
            (2, vec![t0; 4]),
        ],
    );
    commit(&group, &topic, &[(0, 3), (1, 5), (2, 1)]);
    let expected: BTreeMap<String, f64> =
        BTreeMap::from([("0".into(), 7.0), ("1".into(), 0.0), ("2".into(), 3.0)]);

    let dir = workdir();
    let (mut exp, addr) = exporter(dir.path(), &bootstrap(), "15s");
    // The exposition itself: its Content-Type, our group, and promtool accepts it.
    let body = until("our group in /metrics", || {
        let (status, ct, body) = http_get(&addr, "/metrics");
        assert_eq!(status, 200);
        assert_eq!(ct, "text/plain; version=0.0.4; charset=utf-8");
        body.contains(&format!("consumergroup=\"{group}\""))
            .then_some(body)
    });
    assert!(body.lines().any(|l| l == "spm_kafka_up 1"), "{body}");
    let (ok, said) = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .output_with_stdin(&body);
    assert!(ok.success(), "promtool: {said}");
    assert_eq!(http_get(&addr, "/healthz").0, 200);

    // A real Prometheus server scrapes it.
    let port = free_port();
    let config = write(
        dir.path(),
        "prometheus.yml",
        &format!(
            "global: {{scrape_interval: 1s, scrape_timeout: 1s}}\n\
             scrape_configs:\n  - job_name: spm\n    static_configs: [{{targets: ['{addr}']}}]\n"
        ),
    );
    let prom = Running(
        std::process::Command::new("prometheus")
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.path().join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("prometheus is installed (scripts/test.sh installs Debian's package)"),
    );
    let prom_addr = format!("127.0.0.1:{port}");
    until("Prometheus ready", || {
        std::net::TcpStream::connect(&prom_addr).ok()?;
        (http_get(&prom_addr, "/-/ready").0 == 200).then_some(())
    });
    let query = format!("kafka_consumergroup_lag{{consumergroup=\"{group}\"}}");
    let path = format!("/api/v1/query?query={}", percent_encode(&query));
    let got = until("the committed lag in Prometheus", || {
        let (_, _, body) = http_get(&prom_addr, &path);
        let v: Value = serde_json::from_str(&body).ok()?;
        let got: BTreeMap<String, f64> = v["data"]["result"]
            .as_array()?
            .iter()
            .map(|r| {
                let p = r["metric"]["partition"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                (
                    p,
                    r["value"][1]
                        .as_str()
                        .unwrap_or("nan")
                        .parse()
                        .unwrap_or(f64::NAN),
                )
            })
            .collect();
        (got == expected).then_some(got)
    });
    assert_eq!(got, expected);
    // Time lag too: partition 0 is two minutes behind.
    let query =
        format!("kafka_consumergroup_lag_seconds{{consumergroup=\"{group}\",partition=\"0\"}}");
    let (_, _, body) = http_get(
        &prom_addr,
        &format!("/api/v1/query?query={}", percent_encode(&query)),
    );
    let v: Value = serde_json::from_str(&body).unwrap();
    let secs: f64 = v["data"]["result"][0]["value"][1]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((120.0..200.0).contains(&secs), "{body}");
    drop(prom);

    // SIGTERM stops it cleanly: exit 0.
    unsafe { libc::kill(exp.0.id() as i32, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = exp.0.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "still running 10 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
}

#[test]
fn an_unreachable_broker_is_up_0_and_the_scrape_still_answers() {
    let dir = workdir();
    let (_exp, addr) = exporter(dir.path(), "127.0.0.1:1", "2s");
    let scrape = || {
        let started = Instant::now();
        let (status, _, body) = http_get(&addr, "/metrics");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(status, 200);
        assert!(body.lines().any(|l| l == "spm_kafka_up 0"), "{body}");
        assert!(!body.contains("kafka_consumergroup_lag{"), "{body}");
        body
    };
    // Before the first collection ends, and once one has failed: both answer at once.
    scrape();
    until("a failed collection", || {
        let body = scrape();
        (!body.contains("spm_kafka_collection_duration_seconds 0.0\n")
            && !body.contains("spm_kafka_collection_duration_seconds 0\n"))
        .then_some(())
    });
}

trait OutputWithStdin {
    fn output_with_stdin(&mut self, input: &str) -> (std::process::ExitStatus, String);
}

impl OutputWithStdin for std::process::Command {
    fn output_with_stdin(&mut self, input: &str) -> (std::process::ExitStatus, String) {
        use std::io::Write;
        let mut child = self
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        (out.status, format!("{}{}", stdout(&out), stderr(&out)))
    }
}
