//! End-to-end: `publish`, `tail` and `events` against the real broker. What spm-kafka writes is
//! read back with an independent client (Python confluent-kafka, the way the SPM services read
//! events: `event['event_type']`, `event['data']`), and what `tail` reads was written by one.
//!
//! Every test uses its own topics (`publish --topic` sends to a test copy instead of the SPM
//! topic of the event type), so tests run in parallel and leave the SPM topics alone.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

/// The former name of [`kafka_client`] in this file, kept for tests written against it
/// ("consume" was this file's name for what the shared script calls "read").
#[allow(dead_code)]
fn python(cmd: &str, args: Value) -> String {
    kafka_client(if cmd == "consume" { "read" } else { cmd }, args)
}

fn count(topic: &str) -> i64 {
    kafka_client("count", json!({"topic": topic}))
        .trim()
        .parse()
        .unwrap()
}

fn consume(topic: &str, n: usize) -> Vec<Value> {
    serde_json::from_str(&kafka_client("read", json!({"topic": topic, "n": n}))).unwrap()
}

/// Writes `records` with the independent producer; returns the offset of each.
fn produce(topic: &str, records: Value) -> Vec<i64> {
    serde_json::from_str(&kafka_client(
        "produce",
        json!({"topic": topic, "records": records}),
    ))
    .unwrap()
}

/// `tail ... -o json` lines, parsed.
fn tail_json(dir: &std::path::Path, args: &[&str]) -> Vec<Value> {
    let out = spm_in(dir)
        .arg("tail")
        .args(args)
        .args(["-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn offsets(records: &[Value]) -> Vec<i64> {
    records
        .iter()
        .map(|r| r["offset"].as_i64().unwrap())
        .collect()
}

/// Valid `data` for every event type of the catalogue, with an extra field to pass through.
fn sample_data(event_type: &str, n: usize) -> Value {
    let mut data =
        json!({"id": format!("{event_type}-{n}"), "extra": {"n": n, "tags": ["a", "b"]}});
    let required: &[(&str, &str)] = match event_type {
        "task_created" => &[
            ("name", "Write docs"),
            ("created_by_uid", "user-1"),
            ("pid", "project-1"),
        ],
        "task_assigned" => &[("assignee_uid", "user-2")],
        "task_status_changed" => &[("status", "done")],
        "project_created" => &[("name", "SPM")],
        "project_collaborator_added" | "project_collaborator_removed" => &[("user_uid", "user-3")],
        "deadline_approaching" | "deadline_overdue" => &[("deadline", "2026-12-01T09:00:00Z")],
        "notification_sent" | "notification_delivered" => &[("recipient_uid", "user-4")],
        "notification_failed" => &[("recipient_uid", "user-4"), ("reason", "bounced")],
        _ => &[],
    };
    for (k, v) in required {
        data[*k] = json!(v);
    }
    data
}

fn event_types(dir: &std::path::Path) -> Vec<String> {
    let out = spm_in(dir)
        .args(["events", "list", "-o", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    list.iter()
        .map(|e| e["event_type"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_event_type_is_published_and_read_back_by_a_python_consumer() {
    let dir = workdir();
    let topic = unique("it-ev-all");
    create_topic(&topic, 3, &[]);
    let types = event_types(dir.path());
    assert_eq!(types.len(), 21);
    for (i, t) in types.iter().enumerate() {
        let data = sample_data(t, i);
        let out = spm_in(dir.path())
            .args(["publish", t, "--data", &data.to_string(), "--topic", &topic])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{t}: {}", stderr(&out));
        assert!(
            stdout(&out).starts_with(&format!("Sent {t} to {topic} (partition ")),
            "{}",
            stdout(&out)
        );
    }
    let read = consume(&topic, types.len());
    for (i, t) in types.iter().enumerate() {
        let r = read
            .iter()
            .find(|r| r["event_type"] == json!(t))
            .unwrap_or_else(|| panic!("{t} not read back"));
        assert_eq!(r["data"], sample_data(t, i), "{t}: data passes through");
        assert_eq!(r["key"], json!(format!("{t}-{i}")), "{t}: key is data.id");
        assert_eq!(r["headers"]["event_type"], json!(t));
        let e = &r["event"];
        let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "event_id",
                "event_type",
                "timestamp",
                "source",
                "version",
                "data"
            ]
        );
        assert_eq!(e["version"], 1);
        assert_eq!(e["source"], "spm-kafka");
        let id = e["event_id"].as_str().unwrap();
        assert!(id.len() == 36 && id.as_bytes()[14] == b'4', "uuid v4: {id}");
        let ts = e["timestamp"].as_str().unwrap();
        assert!(
            ts.ends_with('Z') && chrono::DateTime::parse_from_rfc3339(ts).is_ok(),
            "{ts}"
        );
    }
    // One entity's events share a key, hence a partition.
    let same: Vec<i64> = read
        .iter()
        .filter(|r| r["event_type"] == "task_created")
        .map(|r| r["partition"].as_i64().unwrap())
        .collect();
    assert_eq!(same.len(), 1);
}

#[test]
fn a_json_summary_and_a_chosen_key_and_source() {
    let dir = workdir();
    let topic = unique("it-ev-one");
    create_topic(&topic, 1, &[]);
    let out = spm_in(dir.path())
        .args([
            "publish",
            "task_assigned",
            "--data",
            r#"{"id":"task-9","assignee_uid":"user-7"}"#,
            "--key",
            "project-1",
            "--source",
            "manage-task",
            "--topic",
            &topic,
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["sent"].as_i64(), v["failed"].as_i64()),
        (Some(1), Some(0))
    );
    assert_eq!(v["topic"], json!(topic));
    assert_eq!(v["offset"], 0);
    let r = &consume(&topic, 1)[0];
    assert_eq!(r["key"], "project-1");
    assert_eq!(r["event"]["source"], "manage-task");
    assert_eq!(r["event"]["event_id"], v["event_id"]);
}

#[test]
fn bad_events_from_the_command_line_are_refused() {
    let dir = workdir();
    let topic = unique("it-ev-bad");
    create_topic(&topic, 1, &[]);
    for (args, message) in [
        (
            vec!["task_created", "--data", r#"{"id":"t"}"#],
            "invalid --data: data.name: missing (task_created requires id, name, created_by_uid, pid)",
        ),
        (
            vec!["task_create", "--data", r#"{"id":"t"}"#],
            "unknown event type 'task_create' (did you mean 'task_created'?)",
        ),
        (
            vec!["deadline_overdue", "--data", r#"{"id":"s","deadline":"soon"}"#],
            "data.deadline: 'soon' is not an RFC 3339 timestamp",
        ),
        (
            vec!["user_created", "--data", "{not json"],
            "invalid --data: not JSON",
        ),
    ] {
        let out = spm_in(dir.path())
            .arg("publish")
            .args(&args)
            .args(["--topic", &topic])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(message), "{}", stderr(&out));
    }
    assert_eq!(count(&topic), 0);
}

fn jsonl(events: &[Value]) -> String {
    events.iter().map(|e| format!("{e}\n")).collect()
}

fn valid_lines(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| json!({"event_type": "task_deleted", "data": {"id": format!("t-{i}")}}))
        .collect()
}

#[test]
fn a_bulk_file_with_one_bad_line_sends_nothing() {
    let dir = workdir();
    let topic = unique("it-ev-bulkbad");
    create_topic(&topic, 3, &[]);
    let mut lines = valid_lines(5);
    lines.insert(
        3,
        json!({"event_type": "task_created", "data": {"id": "t", "name": "n", "pid": "p"}}),
    );
    let file = write(dir.path(), "events.jsonl", &jsonl(&lines));
    let out = spm_in(dir.path())
        .args(["publish", "--file"])
        .arg(&file)
        .args(["--topic", &topic])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "{}:4: data.created_by_uid: missing (task_created requires id, name, created_by_uid, pid); nothing was sent",
            file.display()
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(count(&topic), 0);

    // Broken JSON is located to the column.
    let file = write(
        dir.path(),
        "broken.jsonl",
        &format!("{}\n{{\"event_type\": \"task_deleted\",, }}\n", lines[0]),
    );
    let out = spm_in(dir.path())
        .args(["publish", "--topic", &topic, "--file"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!(
            "{}:2:31: invalid JSON: key must be a string",
            file.display()
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(count(&topic), 0);
}

#[test]
fn skip_invalid_sends_the_valid_lines_and_reports_each_skipped_one() {
    let dir = workdir();
    let topic = unique("it-ev-skip");
    create_topic(&topic, 3, &[]);
    let mut text = jsonl(&valid_lines(6));
    text.push_str("not json\n\n");
    text.push_str(r#"{"event_type":"task_deleted","data":{"id":""}}"#);
    text.push('\n');
    let file = write(dir.path(), "events.jsonl", &text);
    let out = spm_in(dir.path())
        .args([
            "publish",
            "--skip-invalid",
            "--topic",
            &topic,
            "-o",
            "json",
            "--file",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "skipped {}:7:2: invalid JSON: expected ident",
            file.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "skipped {}:9: data.id: must not be empty",
            file.display()
        )),
        "{err}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sent"], 6);
    assert_eq!(v["skipped"], 2);
    assert_eq!(v["topics"][0]["topic"], json!(topic));
    assert_eq!(count(&topic), 6);
}

#[test]
fn stdin_and_mixed_types_go_to_their_topics_with_a_summary() {
    let dir = workdir();
    let topic = unique("it-ev-stdin");
    create_topic(&topic, 2, &[]);
    let lines = [
        json!({"event_type": "user_created", "data": {"id": "u-1"}, "source": "manage-user"}),
        json!({"event_type": "project_created", "data": {"id": "p-1", "name": "P"}, "key": "k-p"}),
        json!({"event_type": "task_deleted", "data": {"id": "t-1"},
               "event_id": "7d7e0f36-3b1f-4d0e-9e2a-1f7f3a1b2c3d",
               "timestamp": "2026-11-29T12:00:00+02:00"}),
    ];
    let out = spm_in(dir.path())
        .args(["publish", "--file", "-", "--topic", &topic])
        .write_stdin(jsonl(&lines))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!(
            "Sent 3 events to {topic} (3 acknowledged, 0 failed)."
        )),
        "{}",
        stdout(&out)
    );
    let read = consume(&topic, 3);
    let by_type = |t: &str| read.iter().find(|r| r["event_type"] == t).unwrap().clone();
    assert_eq!(by_type("user_created")["event"]["source"], "manage-user");
    assert_eq!(by_type("project_created")["key"], "k-p");
    let task = by_type("task_deleted");
    assert_eq!(
        task["event"]["event_id"],
        "7d7e0f36-3b1f-4d0e-9e2a-1f7f3a1b2c3d"
    );
    assert_eq!(task["event"]["timestamp"], "2026-11-29T10:00:00Z");
}

#[test]
fn dry_run_prints_what_would_be_sent_and_sends_nothing() {
    let dir = workdir();
    let topic = unique("it-ev-dry");
    create_topic(&topic, 1, &[]);
    let file = write(dir.path(), "e.jsonl", &jsonl(&valid_lines(3)));
    let out = spm_in(dir.path())
        .args(["publish", "--dry-run", "--topic", &topic, "--file"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["topic"], json!(topic));
    assert_eq!(lines[2]["key"], "t-2");
    assert_eq!(lines[2]["event"]["data"]["id"], "t-2");
    assert!(stderr(&out).contains("Dry run: 3 valid events; nothing was sent."));
    assert_eq!(count(&topic), 0);
}

#[test]
fn publish_with_the_broker_down_fails_fast_with_a_clear_message() {
    let dir = workdir();
    let file = write(dir.path(), "e.jsonl", &jsonl(&valid_lines(2)));
    for args in [
        vec!["publish", "task_deleted", "--data", r#"{"id":"t"}"#],
        vec!["publish", "--file", file.to_str().unwrap()],
    ] {
        let started = Instant::now();
        let out = spm_at(dir.path(), "127.0.0.1:1", "2s")
            .args(&args)
            .output()
            .unwrap();
        let took = started.elapsed();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("cannot reach Kafka at 127.0.0.1:1")
                && stderr(&out).contains("connection refused by 127.0.0.1:1"),
            "{}",
            stderr(&out)
        );
        assert!(took < Duration::from_secs(8), "took {took:?}");
    }
}

#[test]
fn missing_topics_and_oversized_events_are_refused_before_sending() {
    let dir = workdir();
    let missing = unique("it-ev-missing");
    let out = spm_in(dir.path())
        .args([
            "publish",
            "task_deleted",
            "--data",
            r#"{"id":"t"}"#,
            "--topic",
            &missing,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("topic {missing} does not exist")),
        "{}",
        stderr(&out)
    );

    let small = unique("it-ev-small");
    create_topic(&small, 1, &[("max.message.bytes", "2048")]);
    let big = "x".repeat(4000);
    let mut lines = valid_lines(2);
    lines.push(json!({"event_type": "task_updated", "data": {"id": "t-big", "note": big}}));
    let file = write(dir.path(), "e.jsonl", &jsonl(&lines));
    let out = spm_in(dir.path())
        .args(["publish", "--topic", &small, "--file"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("{}:3: the event is ", file.display()))
            && stderr(&out).contains(&format!("{small} accepts at most")),
        "{}",
        stderr(&out)
    );
    assert_eq!(count(&small), 0);
}

#[test]
fn tail_reads_events_written_the_seed_services_way() {
    let dir = workdir();
    let topic = unique("it-ev-seed");
    create_topic(&topic, 3, &[]);
    let events = json!([
        {"event_type": "task_created", "data": {"id": "task-123", "name": "New Task",
            "created_by_uid": "user-456", "pid": "project-789"}},
        {"event_type": "task_status_changed", "data": {"id": "task-123", "status": "done"}},
    ]);
    kafka_client("produce_events", json!({"topic": topic, "events": events}));
    let read = tail_json(dir.path(), &[&topic, "--from-beginning", "--until-end"]);
    assert_eq!(read.len(), 2);
    for (r, e) in read.iter().zip(events.as_array().unwrap()) {
        assert!(r.get("invalid").is_none(), "{r}");
        assert_eq!(&r["event"], e);
        assert_eq!(r["key"], "task-123");
        assert_eq!(r["topic"], json!(topic));
        assert!(r["timestamp"].as_str().unwrap().ends_with('Z'));
    }
    // Pretty output for people.
    let out = spm_in(dir.path())
        .args([
            "tail",
            &topic,
            "--from-beginning",
            "--until-end",
            "-o",
            "pretty",
        ])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("task_created"), "{text}");
    assert!(text.contains("  created_by_uid  user-456"), "{text}");
    assert!(text.contains("key task-123"), "{text}");
}

#[test]
fn tail_marks_values_that_are_not_valid_events_and_keeps_them() {
    let dir = workdir();
    let topic = unique("it-ev-invalid");
    create_topic(&topic, 1, &[]);
    produce(
        &topic,
        json!([
            {"value": "hello, not json"},
            {"value": "{\"event_type\": \"task_created\", \"data\": {\"id\": \"t\"}}"},
            {"value": "{\"event_type\": \"task_deleted\", \"data\": {\"id\": \"t\"}}"},
            {"value": null, "key": "gone"},
        ]),
    );
    let read = tail_json(dir.path(), &[&topic, "--from-beginning", "--until-end"]);
    assert_eq!(offsets(&read), [0, 1, 2, 3]);
    assert_eq!(read[0]["invalid"], true);
    assert!(read[0]["error"].as_str().unwrap().starts_with("not JSON"));
    assert_eq!(read[0]["value"], "hello, not json");
    assert_eq!(read[1]["invalid"], true);
    assert_eq!(
        read[1]["error"],
        "data.name: missing (task_created requires id, name, created_by_uid, pid)"
    );
    assert_eq!(read[1]["event"]["data"]["id"], "t");
    assert!(read[2].get("invalid").is_none());
    assert_eq!(read[3]["error"], "no value (a tombstone)");

    let out = spm_in(dir.path())
        .args([
            "tail",
            &topic,
            "--from-beginning",
            "--until-end",
            "-o",
            "pretty",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("INVALID  not JSON"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("  hello, not json"));

    let out = spm_in(dir.path())
        .args([
            "tail",
            &topic,
            "--from-beginning",
            "--until-end",
            "-o",
            "raw",
        ])
        .output()
        .unwrap();
    assert!(stdout(&out).starts_with("hello, not json\n{\"event_type\""));
}

/// 10 events in one partition: offsets 0-4 two hours old, 5-9 now.
fn ten_events(topic: &str) {
    create_topic(topic, 1, &[]);
    let now = chrono::Utc::now().timestamp_millis();
    let records: Vec<Value> = (0..10)
        .map(|i| {
            let ts = if i < 5 { now - 2 * 3_600_000 } else { now };
            json!({"value": json!({"event_type": "task_deleted", "data": {"id": format!("t-{i}")}}).to_string(),
                   "key": format!("t-{i}"), "timestamp_ms": ts})
        })
        .collect();
    produce(topic, json!(records));
}

#[test]
fn tail_start_positions() {
    let dir = workdir();
    let topic = unique("it-ev-start");
    ten_events(&topic);
    let read = |extra: &[&str]| {
        let mut args = vec![topic.as_str(), "--until-end"];
        args.extend_from_slice(extra);
        offsets(&tail_json(dir.path(), &args))
    };
    assert_eq!(read(&["--from-beginning"]), (0..10).collect::<Vec<_>>());
    assert_eq!(read(&["--last", "3"]), [7, 8, 9]);
    assert_eq!(read(&["--offset", "6"]), [6, 7, 8, 9]);
    assert_eq!(read(&["--offset", "0:8"]), [8, 9]);
    assert_eq!(read(&["--since", "1h"]), [5, 6, 7, 8, 9]);
    let ninety_minutes_ago = (chrono::Utc::now() - chrono::Duration::minutes(90))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    assert_eq!(read(&["--since", &ninety_minutes_ago]), [5, 6, 7, 8, 9]);
    assert_eq!(read(&["--since", "3h"]), (0..10).collect::<Vec<_>>());
    assert!(read(&[]).is_empty(), "the default start is the end");
    assert_eq!(read(&["--from-beginning", "--max", "2"]), [0, 1]);

    let out = spm_in(dir.path())
        .args(["tail", &topic, "--from-beginning", "--last", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--from-beginning and --last choose different start positions"));
}

#[test]
fn tail_follows_new_events_by_default() {
    let dir = workdir();
    let topic = unique("it-ev-follow");
    ten_events(&topic);
    let mut child = spm_process(dir.path())
        .args(["tail", &topic, "--max", "1", "-o", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Nothing outside tells when tail has looked up the end it starts from, so write one new
    // event at a time until it prints one: the first it prints must be one of them (never one
    // of the ten before it started), read at the offset it was written at.
    let lines = lines_of(child.stdout.take().unwrap());
    let mut written = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    let line = loop {
        if let Ok(line) = lines.try_recv() {
            break line;
        }
        assert!(
            Instant::now() < deadline,
            "tail printed nothing within 30 s of {} new events",
            written.len()
        );
        let key = format!("new-{}", written.len());
        let value = format!(r#"{{"event_type":"task_deleted","data":{{"id":"{key}"}}}}"#);
        let offset = produce(&topic, json!([{"value": value, "key": key}]))[0];
        written.push((key, offset));
        if let Ok(line) = lines.recv_timeout(Duration::from_millis(300)) {
            break line;
        }
    };
    let status = wait(&mut child, Duration::from_secs(30));
    assert!(status.success(), "tail --max 1 exit: {status:?}");
    let r: Value = serde_json::from_str(line.trim()).unwrap();
    let key = r["key"].as_str().unwrap_or_default().to_string();
    let offset = written
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, o)| *o)
        .unwrap_or_else(|| panic!("only a new event, not the old ones: {r}"));
    assert_eq!(r["offset"], offset, "{r}");
    assert!(offset >= 10, "{written:?}");
}

#[test]
fn tail_filters_by_type_key_and_partition() {
    let dir = workdir();
    let topic = unique("it-ev-filter");
    create_topic(&topic, 3, &[]);
    let ev = |t: &str, id: &str| {
        json!({"event_type": t, "data": {"id": id, "status": "s", "assignee_uid": "u"}}).to_string()
    };
    produce(
        &topic,
        json!([
            {"value": ev("task_deleted", "a"), "key": "a", "partition": 0},
            {"value": ev("task_status_changed", "b"), "key": "b", "partition": 1},
            {"value": ev("task_assigned", "c"), "key": "c", "partition": 2},
            {"value": ev("task_status_changed", "a"), "key": "a", "partition": 0},
            {"value": "not json", "key": "a", "partition": 0},
        ]),
    );
    let read = |extra: &[&str]| {
        let mut args = vec![topic.as_str(), "--from-beginning", "--until-end"];
        args.extend_from_slice(extra);
        tail_json(dir.path(), &args)
    };
    let types = |rs: Vec<Value>| -> Vec<String> {
        let mut t: Vec<String> = rs
            .iter()
            .map(|r| r["event"]["event_type"].as_str().unwrap_or("-").to_string())
            .collect();
        t.sort();
        t
    };
    assert_eq!(
        types(read(&["--type", "task_status_changed"])),
        ["task_status_changed", "task_status_changed"]
    );
    assert_eq!(
        types(read(&["--type", "task_assigned", "--type", "task_deleted"])),
        ["task_assigned", "task_deleted"]
    );
    assert_eq!(
        types(read(&["--key", "a"])),
        ["-", "task_deleted", "task_status_changed"]
    );
    assert_eq!(
        types(read(&["--partition", "1", "--partition", "2"])),
        ["task_assigned", "task_status_changed"]
    );
    assert_eq!(
        types(read(&["--key", "a", "--type", "task_deleted"])),
        ["task_deleted"]
    );

    let out = spm_in(dir.path())
        .args(["tail", &topic, "--type", "task_creatd"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean 'task_created'?"));
    let out = spm_in(dir.path())
        .args(["tail", &topic, "--partition", "5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(&format!("{topic} has no partition 5 (partitions 0-2)")));
}

#[test]
fn tail_leaves_no_consumer_group_unless_asked() {
    let dir = workdir();
    let topic = unique("it-ev-nogroup");
    ten_events(&topic);
    assert_eq!(
        tail_json(dir.path(), &[&topic, "--from-beginning", "--until-end"]).len(),
        10
    );
    assert_eq!(
        tail_json(dir.path(), &[&topic, "--last", "1", "--until-end"]).len(),
        1
    );
    let groups: Vec<String> = serde_json::from_str(&kafka_client("groups", json!({}))).unwrap();
    let ours: Vec<&String> = groups
        .iter()
        .filter(|g| g.starts_with("spm-kafka-tail"))
        .collect();
    assert!(ours.is_empty(), "tail left groups behind: {ours:?}");

    // With --group it is a member of that group and commits what it wrote out.
    let group = unique("it-ev-g");
    assert_eq!(
        tail_json(
            dir.path(),
            &[&topic, "--group", &group, "--from-beginning", "--until-end"]
        )
        .len(),
        10
    );
    assert_eq!(committed(&group, &topic, 1), [Some(10)]);
    assert!(
        tail_json(dir.path(), &[&topic, "--group", &group, "--until-end"]).is_empty(),
        "the group resumes where it stopped"
    );
}

#[test]
fn tail_json_replayed_through_publish_gives_the_same_events() {
    let dir = workdir();
    let (from, to) = (unique("it-ev-save"), unique("it-ev-replay"));
    create_topic(&from, 3, &[]);
    create_topic(&to, 3, &[]);
    let lines: Vec<Value> = (0..6)
        .map(|i| json!({"event_type": "task_assigned", "data": {"id": format!("t-{i}"), "assignee_uid": "u", "n": i}, "key": format!("k-{}", i % 2)}))
        .collect();
    let file = write(dir.path(), "in.jsonl", &jsonl(&lines));
    spm_in(dir.path())
        .args(["publish", "--topic", &from, "--file"])
        .arg(&file)
        .assert()
        .success();
    let out = spm_in(dir.path())
        .args([
            "tail",
            &from,
            "--from-beginning",
            "--until-end",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    let saved = write(dir.path(), "saved.jsonl", &stdout(&out));
    spm_in(dir.path())
        .args(["publish", "--topic", &to, "--file"])
        .arg(&saved)
        .assert()
        .success();
    let sort = |mut rs: Vec<Value>| {
        rs.sort_by_key(|r| r["event"]["data"]["id"].as_str().unwrap().to_string());
        rs
    };
    let original = sort(consume(&from, 6));
    let replayed = sort(consume(&to, 6));
    for (a, b) in original.iter().zip(&replayed) {
        assert_eq!(
            a["event"], b["event"],
            "the same event_id, timestamp, source, data"
        );
        assert_eq!(a["key"], b["key"]);
        assert_eq!(b["headers"]["event_type"], "task_assigned");
    }
}

#[test]
fn until_end_on_empty_partitions_terminates_at_once() {
    let dir = workdir();
    let topic = unique("it-ev-empty");
    create_topic(&topic, 3, &[]);
    let started = Instant::now();
    assert!(tail_json(dir.path(), &[&topic, "--from-beginning", "--until-end"]).is_empty());
    assert!(started.elapsed() < Duration::from_secs(10));
    // Only one partition has events: the empty ones do not hold it up.
    produce(
        &topic,
        json!([{"value": "{}", "partition": 1}, {"value": "{}", "partition": 1}]),
    );
    let started = Instant::now();
    assert_eq!(
        tail_json(dir.path(), &[&topic, "--from-beginning", "--until-end"]).len(),
        2
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_closed_pipe_is_success_and_ctrl_c_is_130() {
    let dir = workdir();
    let topic = unique("it-ev-pipe");
    ten_events(&topic);
    let spawn = |args: &[&str]| {
        spm_process(dir.path())
            .args(["tail", &topic])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    // `| head -1`: the reader goes away after one line; tail keeps following but exits 0 on
    // its next write.
    let mut child = spawn(&["--from-beginning", "-o", "json"]);
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("\"offset\":0"));
    produce(&topic, json!([{"value": "{}"}]));
    let status = wait(&mut child, Duration::from_secs(30));
    assert_eq!(status.code(), Some(0));
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(err.is_empty(), "quiet: {err}");

    // Ctrl-C while following: once it has printed an event written after it started.
    let mut child = spawn(&["-o", "json"]);
    let lines = lines_of(child.stdout.take().unwrap());
    let deadline = Instant::now() + Duration::from_secs(30);
    while lines.recv_timeout(Duration::from_millis(300)).is_err() {
        assert!(
            Instant::now() < deadline,
            "tail printed no new event within 30 s"
        );
        produce(&topic, json!([{"value": "{}"}]));
    }
    // SAFETY: sending SIGINT to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    assert_eq!(wait(&mut child, Duration::from_secs(10)).code(), Some(130));
}

fn wait(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the process did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn events_list_and_schema() {
    let dir = workdir();
    let out = spm_in(dir.path())
        .args(["events", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("TOPIC"), "{text}");
    assert!(text.contains("deadline_overdue") && text.contains("id, deadline (RFC 3339)"));

    let out = spm_in(dir.path())
        .args(["events", "schema", "notification_failed"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        schema["properties"]["data"]["required"],
        json!(["id", "recipient_uid", "reason"])
    );
    assert_eq!(
        schema["properties"]["event_type"]["const"],
        "notification_failed"
    );

    let out = spm_in(dir.path())
        .args(["events", "schema", "notification_fail"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean 'notification_failed'?"));
}

/// `tail` as a child process (for signals), its stdout lines on a channel.
fn spawn_tail(
    dir: &std::path::Path,
    args: &[&str],
) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    let mut child = spm_process_at(dir, &bootstrap(), "10s")
        .args(["tail", "-o", "json"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

#[test]
fn tail_group_leaves_its_group_on_ctrl_c_and_sigterm() {
    let dir = workdir();
    let topic = unique("it-ev-leave");
    ten_events(&topic);
    for sig in [libc::SIGINT, libc::SIGTERM] {
        let group = unique("it-ev-leave-g");
        let (mut child, lines) =
            spawn_tail(dir.path(), &[&topic, "--group", &group, "--from-beginning"]);
        for i in 0..10 {
            lines
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("tail --group read {i} of 10 events"));
        }
        // SAFETY: a signal to our own child process.
        unsafe { libc::kill(child.id() as i32, sig) };
        let started = Instant::now();
        assert_eq!(wait(&mut child, Duration::from_secs(15)).code(), Some(130));
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "within --timeout"
        );
        // Right away: no member left behind (before, it stayed Stable for the session timeout).
        let state: Value =
            serde_json::from_str(&python("group_state", json!({"group": group}))).unwrap();
        assert_eq!(
            state,
            json!({"state": "EMPTY", "members": 0}),
            "signal {sig}"
        );
        let committed: Value = serde_json::from_str(&python(
            "committed",
            json!({"group": group, "topic": topic, "partitions": 1}),
        ))
        .unwrap();
        assert_eq!(committed["0"], 10, "what was written out is committed");
        spm_in(dir.path())
            .args([
                "reset-offsets",
                "--group",
                &group,
                "--topic",
                &topic,
                "--to-earliest",
                "--execute",
            ])
            .assert()
            .success();
    }
}

#[test]
fn tail_group_from_beginning_is_refused_once_the_group_has_commits() {
    let dir = workdir();
    let topic = unique("it-ev-fb");
    ten_events(&topic);
    let group = unique("it-ev-fb-g");
    let args = [
        topic.as_str(),
        "--group",
        &group,
        "--from-beginning",
        "--until-end",
    ];
    assert_eq!(
        tail_json(dir.path(), &args).len(),
        10,
        "a new group: from the oldest"
    );
    let out = spm_in(dir.path()).arg("tail").args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("group '{group}' has committed offsets on {topic}"))
            && stderr(&out).contains("reset-offsets --group"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn unknown_topics_and_types_on_other_topics_get_a_suggestion() {
    let dir = workdir();
    let topic = unique("it-ev-typo");
    create_topic(&topic, 1, &[]);
    let typo = format!("{topic}x");
    let out = spm_in(dir.path()).args(["tail", &typo]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("did you mean '{topic}'?")),
        "{}",
        stderr(&out)
    );
    let out = spm_in(dir.path())
        .args([
            "publish",
            "task_deleted",
            "--data",
            r#"{"id":"t"}"#,
            "--topic",
            &typo,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("did you mean '{topic}'?")),
        "{}",
        stderr(&out)
    );
    assert_eq!(count(&topic), 0);
    let out = spm_in(dir.path())
        .args(["tail", "user-events", "--type", "task_created"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("task_created is on task-events"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn skip_invalid_with_no_valid_line_fails_and_sends_nothing() {
    let dir = workdir();
    let topic = unique("it-ev-allbad");
    create_topic(&topic, 1, &[]);
    let file = write(
        dir.path(),
        "bad.jsonl",
        "{broken\n{\"event_type\":\"nope\",\"data\":{}}\n",
    );
    for dry in [false, true] {
        let mut cmd = spm_in(dir.path());
        cmd.args(["publish", "--skip-invalid", "--topic", &topic, "--file"])
            .arg(&file);
        if dry {
            cmd.arg("--dry-run");
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("no valid events"), "{}", stderr(&out));
    }
    assert_eq!(count(&topic), 0);
}

#[test]
fn data_from_the_command_line_keeps_its_bytes() {
    let dir = workdir();
    let topic = unique("it-ev-bytes");
    create_topic(&topic, 1, &[]);
    spm_in(dir.path())
        .args([
            "publish",
            "task_deleted",
            "--topic",
            &topic,
            "--data",
            "{\"id\": \"t-1\",\n \"price\": 1.50, \"n\": 1e3, \"big\": 12345678901234567890}",
        ])
        .assert()
        .success();
    let values: Vec<String> =
        serde_json::from_str(&python("raw_values", json!({"topic": topic, "n": 1}))).unwrap();
    assert!(
        values[0]
            .ends_with(r#""data":{"id":"t-1","price":1.50,"n":1e3,"big":12345678901234567890}}"#),
        "{}",
        values[0]
    );
}

#[test]
fn ctrl_c_during_publish_reports_what_the_broker_acknowledged() {
    let dir = workdir();
    let topic = unique("it-ev-int");
    create_topic(&topic, 3, &[]);
    let n = 1_000_000;
    let mut text = String::with_capacity(n * 50);
    for i in 0..n {
        text.push_str(&format!(
            "{{\"event_type\":\"task_deleted\",\"data\":{{\"id\":\"t-{i}\"}}}}\n"
        ));
    }
    let file = write(dir.path(), "many.jsonl", &text);
    drop(text);
    let child = spm_process_at(dir.path(), &bootstrap(), "10s")
        .args(["-o", "json", "publish", "--topic", &topic, "--file"])
        .arg(&file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while messages_on(&bootstrap(), &topic) == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "publish sent nothing within 60 s"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    // SAFETY: a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    let summary: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("a JSON summary ({e}): {}{}", stdout(&out), stderr(&out)));
    let (sent, failed, not_sent) = (
        summary["sent"].as_u64().unwrap(),
        summary["failed"].as_u64().unwrap(),
        summary["not_sent"].as_u64().unwrap(),
    );
    assert!(not_sent > 0, "interrupted mid-run: {summary}");
    assert_eq!(sent + failed + not_sent, n as u64, "{summary}");
    // The broker was up: every queued event was accounted for before the exit, so what is on
    // the topic is exactly what was reported acknowledged.
    assert_eq!(failed, 0, "{summary}");
    assert_eq!(messages_on(&bootstrap(), &topic) as u64, sent, "{summary}");
}
