//! End-to-end: `backup`, `restore` and `verify-backup` against the real broker. What is on the
//! broker is read with an independent client (Python confluent-kafka, `kafka_clients.py dump`):
//! the same (key, value, headers, timestamp) sequence in every partition, byte for byte.

mod common;

use std::path::Path;

use common::*;
use serde_json::{json, Value};

/// For topics holding records stamped years ago: without it, the broker's retention check
/// (every 5 minutes) deletes them in the middle of a test, whenever it happens to run.
const KEEP_OLD_RECORDS: &[(&str, &str)] = &[("retention.ms", "-1")];

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn dump(topic: &str) -> Value {
    serde_json::from_str(kafka_client("dump", json!({"topic": topic})).trim()).unwrap()
}

fn produce(topic: &str, records: Value) {
    kafka_client("produce_bytes", json!({"topic": topic, "records": records}));
}

fn run_json(dir: &Path, args: &[&str]) -> Value {
    let out = spm_in(dir)
        .args(["-o", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

/// A test's working directory and the backup directory `b` inside it.
struct Dirs {
    dir: tempfile::TempDir,
    backup: std::path::PathBuf,
}

impl Dirs {
    fn new() -> Dirs {
        let dir = workdir();
        let backup = dir.path().join("b");
        Dirs { dir, backup }
    }

    fn bs(&self) -> &str {
        self.backup.to_str().unwrap()
    }

    /// `spm-kafka -o json ARGS`, which must succeed.
    fn json(&self, args: &[&str]) -> Value {
        run_json(self.dir.path(), args)
    }

    fn backup(&self, topics: &[&str]) -> Value {
        let mut args = vec!["backup", "--to", self.bs()];
        args.extend_from_slice(topics);
        self.json(&args)
    }

    /// `restore --from b --topic-map SRC=DST ARGS`, whatever its outcome.
    fn restore(&self, src: &str, dst: &str, extra: &[&str]) -> std::process::Output {
        spm_in(self.dir.path())
            .args(["restore", "--from", self.bs(), "--topic-map"])
            .arg(format!("{src}={dst}"))
            .args(extra)
            .output()
            .unwrap()
    }

    fn verify(&self) -> std::process::Output {
        spm_in(self.dir.path())
            .args(["verify-backup", self.bs()])
            .output()
            .unwrap()
    }

    fn manifest(&self) -> Value {
        serde_json::from_str(&std::fs::read_to_string(self.backup.join("manifest.json")).unwrap())
            .unwrap()
    }
}

/// Records of every kind a backup must keep: JSON events, a tombstone, an empty value, binary
/// bytes, duplicate and null headers, known timestamps, on two partitions.
fn mixed_records() -> Value {
    let event = br#"{"event_type":"task_created","data":{"id":"t1","title":"x"}}"#;
    json!([
        {"partition": 0, "key": hex(b"t1"), "value": hex(event), "timestamp_ms": 1_700_000_000_000i64,
         "headers": [["event_type", hex(b"task_created")], ["trace", hex(b"a")], ["trace", hex(b"b")], ["nothing", null]]},
        {"partition": 0, "key": hex(b"t1"), "value": null, "timestamp_ms": 1_700_000_000_001i64},
        {"partition": 1, "key": hex(b"t2"), "value": "", "timestamp_ms": 1_600_000_000_000i64, "headers": [["empty", ""]]},
        {"partition": 1, "key": null, "value": "00ff10fe80", "timestamp_ms": 1_650_000_000_000i64},
        {"partition": 1, "key": "", "value": hex(event), "timestamp_ms": 1_700_000_000_002i64},
    ])
}

#[test]
fn round_trip_incremental_and_resumed_restores_keep_every_byte() {
    let dir = workdir();
    let (src, cmp) = (unique("bk-src"), unique("bk-cmp"));
    let (dst, dcmp) = (format!("{src}-restored"), format!("{cmp}-restored"));
    create_topic(&src, 2, KEEP_OLD_RECORDS);
    create_topic(&cmp, 1, &[("cleanup.policy", "compact")]);
    produce(&src, mixed_records());
    produce(
        &cmp,
        json!([
            {"key": hex(b"a"), "value": hex(b"1"), "timestamp_ms": 1_700_000_000_000i64},
            {"key": hex(b"b"), "value": hex(b"2"), "timestamp_ms": 1_700_000_000_001i64},
            {"key": hex(b"a"), "value": null, "timestamp_ms": 1_700_000_000_002i64},
        ]),
    );
    let b = dir.path().join("backup");
    let bs = b.to_str().unwrap();
    let first = run_json(dir.path(), &["backup", "--to", bs, &src, &cmp]);
    assert_eq!(first["new_records"], 8, "{first}");
    spm_in(dir.path())
        .args(["verify-backup", bs])
        .assert()
        .success();

    let map = [format!("{src}={dst}"), format!("{cmp}={dcmp}")];
    let restore = |extra: &[&str]| {
        let mut args = vec![
            "restore",
            "--from",
            bs,
            "--topic-map",
            &map[0],
            "--topic-map",
            &map[1],
        ];
        args.extend_from_slice(extra);
        run_json(dir.path(), &args)
    };
    let r = restore(&[]);
    assert_eq!(
        (r["written"].as_u64(), r["already_there"].as_u64()),
        (Some(8), Some(0)),
        "{r}"
    );
    assert_eq!(
        dump(&dst),
        dump(&src),
        "every partition, every byte, every timestamp"
    );
    assert_eq!(dump(&dcmp), dump(&cmp));
    assert_eq!(partition_count(&dst), Some(2));
    assert_eq!(
        topic_config(&dcmp, "cleanup.policy").as_deref(),
        Some("compact")
    );
    spm_in(dir.path())
        .args(["verify-backup", bs, "--against", &format!("{src}={dst}")])
        .assert()
        .success();

    // Incremental: the second run adds exactly the new records; the restore resumes after
    // what the target already holds and writes only those.
    produce(
        &src,
        json!([{"partition": 1, "key": hex(b"n1"), "value": hex(b"v"), "timestamp_ms": 1_700_000_000_100i64},
               {"partition": 0, "key": hex(b"n2"), "value": hex(b"w"), "timestamp_ms": 1_700_000_000_101i64}]),
    );
    let second = run_json(dir.path(), &["backup", "--to", bs, &src, &cmp]);
    assert_eq!(
        (
            second["new_records"].as_u64(),
            second["total_records"].as_u64()
        ),
        (Some(2), Some(10))
    );
    let r = restore(&[]);
    assert_eq!(
        (r["written"].as_u64(), r["already_there"].as_u64()),
        (Some(2), Some(8)),
        "{r}"
    );
    assert_eq!(dump(&dst), dump(&src));
    let r = restore(&[]);
    assert_eq!(r["written"], 0, "a third run writes nothing: {r}");
    assert_eq!(dump(&dst), dump(&src));
}

#[test]
fn group_offsets_are_translated_past_deleted_records() {
    let dir = workdir();
    let (src, dst) = (unique("bk-off"), unique("bk-off-dst"));
    let (ahead, behind) = (unique("g-ahead"), unique("g-behind"));
    create_topic(&src, 1, &[]);
    kafka_client("produce_counts", json!({"topic": src, "counts": {"0": 10}}));
    kafka_client("delete_records", json!({"topic": src, "before": {"0": 4}}));
    // `behind` committed 2: inside what DeleteRecords removed, so it lands on the next record.
    kafka_client(
        "consume_and_commit",
        json!({"group": ahead, "topic": src, "offsets": {"0": 6}}),
    );
    kafka_client(
        "consume_and_commit",
        json!({"group": behind, "topic": src, "offsets": {"0": 2}}),
    );
    let b = dir.path().join("b");
    let bs = b.to_str().unwrap();
    run_json(dir.path(), &["backup", "--to", bs, &src]);
    let map = format!("{src}={dst}");
    let dry = run_json(dir.path(), &["restore", "--from", bs, "--topic-map", &map]);
    assert_eq!(dry["written"], 6);
    assert_eq!(
        committed(&ahead, &dst, 1),
        vec![None],
        "a dry run writes no offset"
    );
    let planned: Vec<(String, i64)> = dry["group_offsets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["group"].as_str().unwrap().to_string(),
                t["target_offset"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(
        planned.contains(&(ahead.clone(), 2)) && planned.contains(&(behind.clone(), 0)),
        "{dry}"
    );
    let done = run_json(
        dir.path(),
        &["restore", "--from", bs, "--topic-map", &map, "--groups"],
    );
    assert_eq!(done["written"], 0, "resumed: nothing twice");
    assert_eq!(
        committed(&ahead, &dst, 1),
        vec![Some(2)],
        "source 6 is the third restored record"
    );
    assert_eq!(committed(&behind, &dst, 1), vec![Some(0)]);
}

#[test]
fn a_damaged_backup_is_named_by_verify_and_refused_by_restore() {
    let d = Dirs::new();
    let src = unique("bk-bad");
    create_topic(&src, 1, &[]);
    kafka_client("produce_counts", json!({"topic": src, "counts": {"0": 50}}));
    d.backup(&[&src]);
    let seg = std::fs::read_dir(d.backup.join(&src).join("0"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let good = std::fs::read(&seg).unwrap();
    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 0x40;
    std::fs::write(&seg, &flipped).unwrap();
    let name = seg.file_name().unwrap().to_str().unwrap().to_string();
    let out = d.verify();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout(&out).contains(&name) && stdout(&out).contains("SHA-256"),
        "{}",
        stdout(&out)
    );
    let dst = unique("bk-bad-dst");
    let out = d.restore(&src, &dst, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(&name), "{}", stderr(&out));
    assert!(
        !topic_names().contains(&dst),
        "nothing created, nothing written"
    );

    std::fs::write(&seg, &good[..good.len() - 7]).unwrap();
    let out = d.verify();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout(&out).contains(&name) && stdout(&out).contains("truncated"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_target_holding_other_records_is_refused_and_a_prefix_is_continued() {
    let d = Dirs::new();
    let src = unique("bk-pre");
    create_topic(&src, 1, KEEP_OLD_RECORDS);
    let records: Vec<Value> = (0..6)
        .map(|i| json!({"key": hex(format!("k{i}").as_bytes()), "value": hex(format!("v{i}").as_bytes()),
                        "timestamp_ms": 1_700_000_000_000i64 + i, "headers": [["n", hex(&[i as u8])]]}))
        .collect();
    produce(&src, json!(records));
    d.backup(&[&src]);

    // A restore interrupted after two records left exactly those two.
    let partial = unique("bk-pre-partial");
    create_topic(&partial, 1, KEEP_OLD_RECORDS);
    produce(&partial, json!(records[..2]));
    let out = d.restore(&src, &partial, &["-o", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (r["written"].as_u64(), r["already_there"].as_u64()),
        (Some(4), Some(2)),
        "{r}"
    );
    assert_eq!(dump(&partial), dump(&src));

    let other = unique("bk-pre-other");
    create_topic(&other, 1, KEEP_OLD_RECORDS);
    produce(&other, json!([records[0], records[2]]));
    let out = d.restore(&src, &other, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not the backup's"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        dump(&other)["0"].as_array().unwrap().len(),
        2,
        "nothing written"
    );

    let fewer = unique("bk-pre-fewer");
    let out = d.restore(&src, &fewer, &["--topic-map", &format!("{src}={fewer}")]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a name mapped twice is bad input"
    );
}

/// A record larger than the client's 1 MB default restores into a topic whose
/// `max.message.bytes` (backed up with it) allows it.
#[test]
fn a_record_larger_than_a_megabyte_restores() {
    let d = Dirs::new();
    let (src, dst) = (unique("bk-big"), unique("bk-big-dst"));
    create_topic(
        &src,
        1,
        &[("max.message.bytes", "3000000"), KEEP_OLD_RECORDS[0]],
    );
    kafka_client(
        "produce_bytes",
        json!({"topic": src, "message_max_bytes": 3_000_000, "records": [
            {"key": hex(b"big"), "value": hex(b"0123456789"), "value_repeat": 150_000,
             "timestamp_ms": 1_700_000_000_000i64},
            {"key": hex(b"small"), "value": hex(b"x"), "timestamp_ms": 1_700_000_000_001i64}]}),
    );
    assert_eq!(d.backup(&[&src])["new_records"], 2);
    let out = d.restore(&src, &dst, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        topic_config(&dst, "max.message.bytes").as_deref(),
        Some("3000000")
    );
    let (a, b) = (dump(&dst), dump(&src));
    assert_eq!(a["0"][0]["value"].as_str().map(str::len), Some(3_000_000));
    assert!(a == b, "the 1.5 MB record and the next, byte for byte");
}

/// Ctrl-C in the middle of a backup: exit 130 soon, the summary of what was written, a
/// manifest that claims only what is in its files; run again, the backup completes with every
/// record exactly once.
#[test]
fn an_interrupted_backup_keeps_what_it_read_and_the_next_run_completes_it() {
    let d = Dirs::new();
    let src = unique("bk-int");
    create_topic(&src, 2, &[]);
    kafka_client(
        "produce_counts",
        json!({"topic": src, "counts": {"0": 150_000, "1": 150_000}}),
    );
    let mut child = spm_process(d.dir.path())
        .args(["-o", "json", "backup", "--to", d.bs(), &src])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Once a segment file exists, records are being written.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let writing = |p: &Path| {
        std::fs::read_dir(p)
            .map(|mut e| e.next().is_some())
            .unwrap_or(false)
    };
    while !writing(&d.backup.join(&src).join("0")) && !writing(&d.backup.join(&src).join("1")) {
        assert!(child.try_wait().unwrap().is_none(), "backup ended first");
        assert!(
            std::time::Instant::now() < deadline,
            "no segment within 60 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let signalled = std::time::Instant::now();
    // SAFETY: sending SIGINT to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert!(
        signalled.elapsed() < std::time::Duration::from_secs(15),
        "within --timeout"
    );
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("run the same backup again"),
        "{}",
        stderr(&out)
    );
    let first: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let n = first["new_records"].as_u64().unwrap();
    assert!(first["interrupted"] == true && n < 300_000, "{first}");
    let m = d.manifest();
    let claimed: u64 = (0..2)
        .map(|p| {
            m["topics"][&src]["partition"][p.to_string()]["records"]
                .as_u64()
                .unwrap()
        })
        .sum();
    assert_eq!(claimed, n, "the manifest claims what was written");
    assert!(d.verify().status.success(), "{}", stdout(&d.verify()));

    let second = d.backup(&[&src]);
    assert_eq!(
        (
            second["new_records"].as_u64(),
            second["total_records"].as_u64()
        ),
        (Some(300_000 - n), Some(300_000)),
        "{second}"
    );
    let m = d.manifest();
    for p in ["0", "1"] {
        let pb = &m["topics"][&src]["partition"][p];
        assert_eq!(pb["captured"], json!({"from": 0, "to": 150_000}));
        assert_eq!(pb["records"], 150_000);
        assert_eq!(pb["gaps"], json!([]), "no record skipped");
    }
    let out = d.verify();
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn transaction_markers_and_retention_are_gaps_not_a_hang_or_a_hole() {
    let dir = workdir();
    let src = unique("bk-tx");
    create_topic(&src, 1, &[]);
    // committed (0, 1, marker 2), aborted (3, marker 4), committed (5, marker 6): the partition
    // ends in a transaction marker, so no record sits at end - 1.
    kafka_client(
        "produce_transactions",
        json!({"topic": src, "transactions": [
            {"values": ["a", "b"], "commit": true},
            {"values": ["dropped"], "commit": false},
            {"values": ["c"], "commit": true}]}),
    );
    let b = dir.path().join("b");
    let bs = b.to_str().unwrap();
    let start = std::time::Instant::now();
    let first = run_json(dir.path(), &["--timeout", "5s", "backup", "--to", bs, &src]);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(10),
        "done at the end, no stall"
    );
    assert_eq!(first["new_records"], 3, "{first}");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(b.join("manifest.json")).unwrap()).unwrap();
    let p = &manifest["topics"][&src]["partition"]["0"];
    assert_eq!(p["captured"], json!({"from": 0, "to": 7}));
    let gaps: Vec<(i64, i64, String)> = p["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["from"].as_i64().unwrap(),
                g["to"].as_i64().unwrap(),
                g["reason"].as_str().unwrap().into(),
            )
        })
        .collect();
    let tx = "transaction_markers".to_string();
    assert_eq!(gaps, vec![(2, 5, tx.clone()), (6, 7, tx)]);

    // Retention deleting records between two runs: declared as such, and the files check out.
    kafka_client("produce_counts", json!({"topic": src, "counts": {"0": 4}}));
    kafka_client("delete_records", json!({"topic": src, "before": {"0": 9}}));
    let second = run_json(dir.path(), &["backup", "--to", bs, &src]);
    assert_eq!(second["new_records"], 2, "{second}");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(b.join("manifest.json")).unwrap()).unwrap();
    let last = manifest["topics"][&src]["partition"]["0"]["gaps"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last, json!({"from": 7, "to": 9, "reason": "retention"}));
    spm_in(dir.path())
        .args(["verify-backup", bs])
        .assert()
        .success();
}

/// Records per partition (two partitions) of the restores stopped half-way.
const HALF_WAY: i64 = 30_000;

/// A backup of 2 × [`HALF_WAY`] records and a restore of it running in the background, returned
/// once its first records are on the target. The restore is paced (one record per request, one at a
/// time) so that it lasts seconds however fast the machine, and the stop lands mid-run.
struct RestoreUnderWay {
    dirs: Dirs,
    src: String,
    dst: String,
    map: String,
    child: std::process::Child,
}

fn restore_under_way(prefix: &str) -> RestoreUnderWay {
    let dirs = Dirs::new();
    let src = unique(prefix);
    create_topic(&src, 2, &[]);
    kafka_client(
        "produce_counts",
        json!({"topic": src, "counts": {"0": HALF_WAY, "1": HALF_WAY}}),
    );
    dirs.backup(&[&src]);
    let dst = format!("{src}-dst");
    let map = format!("{src}={dst}");
    let mut child = spm_process(dirs.dir.path())
        .args(["-X", "batch.num.messages=1"])
        .args(["-X", "max.in.flight.requests.per.connection=1"])
        .args(["restore", "--from", dirs.bs(), "--topic-map", &map])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !topic_names().contains(&dst) || messages_on(&bootstrap(), &dst) == 0 {
        if child.try_wait().unwrap().is_some() {
            let out = child.wait_with_output().unwrap();
            panic!("restore ended before writing anything: {}", stderr(&out));
        }
        assert!(
            std::time::Instant::now() < deadline,
            "restore wrote nothing within 60 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    RestoreUnderWay {
        dirs,
        src,
        dst,
        map,
        child,
    }
}

impl RestoreUnderWay {
    /// The same restore run again to the end: it must complete what the stopped one began,
    /// writing every record exactly once. Returns how many were already there.
    fn run_again(&self) -> i64 {
        let r = self.dirs.json(&[
            "restore",
            "--from",
            self.dirs.bs(),
            "--topic-map",
            &self.map,
        ]);
        let already = r["already_there"].as_i64().unwrap();
        assert_eq!(
            r["written"].as_i64().unwrap() + already,
            2 * HALF_WAY,
            "{r}"
        );
        assert_eq!(messages_on(&bootstrap(), &self.dst), 2 * HALF_WAY);
        assert_eq!(
            dump(&self.dst),
            dump(&self.src),
            "every record once, in order"
        );
        already
    }
}

#[test]
fn a_restore_killed_half_way_and_run_again_writes_every_record_exactly_once() {
    let mut r = restore_under_way("bk-kill");
    r.child.kill().unwrap();
    r.child.wait().unwrap();
    let written = messages_on(&bootstrap(), &r.dst);
    assert!(
        written < 2 * HALF_WAY,
        "killed half-way ({written} of {} written): make the run longer",
        2 * HALF_WAY
    );
    // The broker may still have appended a request that was on the wire at the kill.
    assert!(r.run_again() >= written);
}

#[test]
fn an_interrupted_restore_reports_what_was_acknowledged_and_the_next_run_completes_it() {
    let mut r = restore_under_way("bk-int");
    let ok = std::process::Command::new("kill")
        .args(["-INT", &r.child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -INT");
    let mut err = String::new();
    let mut pipe = r.child.stderr.take().unwrap();
    std::io::Read::read_to_string(&mut pipe, &mut err).unwrap();
    let status = r.child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{err}");
    let written: i64 = err
        .split("Interrupted: ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no 'Interrupted: N records' in: {err}"));
    assert_contains(&err, "run the same restore again");
    assert_eq!(messages_on(&bootstrap(), &r.dst), written, "{err}");
    assert_eq!(r.run_again(), written);
}

#[test]
fn bad_input_is_one_line_exit_2_and_nothing_is_created() {
    let dir = workdir();
    let src = unique("bk-in");
    create_topic(&src, 1, &[]);
    let b = dir.path().join("b");
    let bs = b.to_str().unwrap();
    run_json(dir.path(), &["backup", "--to", bs, &src]);
    let dst = unique("bk-in-dst");
    let map = format!("{src}={dst}");
    let missing = unique("bk-in-missing");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["restore", "--from", "no-such-dir"],
            "no backup in no-such-dir",
        ),
        (
            vec!["restore", "--from", bs, "--topic-map", "nameless"],
            "expected OLD=NEW",
        ),
        (
            vec!["restore", "--from", bs, "--topic-map", "other=x"],
            "not in the backup",
        ),
        (
            vec![
                "restore",
                "--from",
                bs,
                "--topic-map",
                &map,
                "--until",
                "yesterday",
            ],
            "is not a time",
        ),
        (
            vec!["verify-backup", bs, "--against", "other"],
            "the backup has no such topic",
        ),
        (vec!["verify-backup", "no-such-dir"], "no backup in"),
        (vec!["backup", "--to", bs, &missing], "does not exist"),
    ];
    for (args, expect) in cases {
        let out = spm_in(dir.path()).args(&args).output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(expect),
            "{args:?}: expected {expect:?} in {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    std::fs::write(b.join("manifest.json"), "{not json").unwrap();
    let out = spm_in(dir.path())
        .args(["restore", "--from", bs, "--topic-map", &map])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a backup manifest"),
        "{}",
        stderr(&out)
    );
    assert!(!topic_names().contains(&dst), "nothing created");
}
