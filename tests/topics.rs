//! End-to-end: setup / plan / verify / topics against the real broker.

mod common;

use std::time::{Duration, Instant};

use common::*;
use predicates::prelude::*;

#[test]
fn setup_from_nothing_then_idempotent_then_verify() {
    let dir = workdir();
    let (a, b) = (unique("it-setup-a"), unique("it-setup-b"));
    let spec = spec_for(&[&a, &b])
        + &format!("  {b}x:\n    partitions: 1\n    config: {{ retention.ms: 14d }}\n");
    write(dir.path(), "topics.yaml", &spec);

    spm_in(dir.path())
        .arg("setup")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("created {a}")));
    assert_eq!(partition_count(&a), Some(3));
    assert_eq!(
        topic_config(&a, "retention.ms").as_deref(),
        Some("604800000")
    );
    assert_eq!(partition_count(&format!("{b}x")), Some(1));
    assert_eq!(
        topic_config(&format!("{b}x"), "retention.ms").as_deref(),
        Some("1209600000")
    );

    spm_in(dir.path())
        .arg("setup")
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing to do"));
    spm_in(dir.path())
        .arg("verify")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("3 topics match"));
}

#[test]
fn verify_finds_drift_and_setup_repairs_it_keeping_operator_overrides() {
    let dir = workdir();
    let t = unique("it-drift");
    write(dir.path(), "topics.yaml", &spec_for(&[&t]));
    spm_in(dir.path()).arg("setup").assert().success();

    // Behind spm-kafka's back: retention changed, and an operator override added.
    alter_topic_configs_replacing(
        &t,
        &[("retention.ms", "86400000"), ("segment.ms", "3600000")],
    );

    let out = spm_in(dir.path()).arg("verify").output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&t)
            && text.contains("retention.ms is 86400000 (1d), expected 604800000 (7d)"),
        "{text}"
    );

    let json = spm_in(dir.path())
        .args(["verify", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["in_sync"], false);
    assert_eq!(v["drift"][0]["what"], "retention.ms");

    spm_in(dir.path())
        .arg("setup")
        .assert()
        .success()
        .stdout(predicate::str::contains("set configs of"));
    assert_eq!(
        topic_config(&t, "retention.ms").as_deref(),
        Some("604800000")
    );
    assert_eq!(
        topic_config(&t, "segment.ms").as_deref(),
        Some("3600000"),
        "operator override must survive"
    );
    assert!(is_topic_override(&t, "segment.ms"));
    spm_in(dir.path()).arg("verify").assert().code(0);
}

#[test]
fn partitions_are_increased_with_a_warning() {
    let dir = workdir();
    let t = unique("it-grow");
    create_topic(&t, 1, &[("retention.ms", "604800000")]);
    write(dir.path(), "topics.yaml", &spec_for(&[&t]));
    spm_in(dir.path())
        .args(["plan"])
        .assert()
        .success()
        .stdout(predicate::str::contains("partitions 1 → 3"));
    spm_in(dir.path())
        .arg("setup")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "adding partitions changes which partition a key maps to",
        ));
    assert_eq!(partition_count(&t), Some(3));
}

#[test]
fn replication_factor_change_and_partition_decrease_are_refused_the_rest_applied() {
    let dir = workdir();
    let (rf, shrink, fresh) = (unique("it-rf"), unique("it-shrink"), unique("it-fresh"));
    create_topic(&rf, 3, &[("retention.ms", "604800000")]);
    create_topic(&shrink, 6, &[("retention.ms", "604800000")]);
    let spec = format!(
        "defaults: {{partitions: 3, replication_factor: 1, config: {{retention.ms: 7d}}}}\ntopics:\n  {rf}: {{replication_factor: 2}}\n  {shrink}: {{}}\n  {fresh}: {{}}\n"
    );
    write(dir.path(), "topics.yaml", &spec);

    let out = spm_in(dir.path()).arg("setup").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "refusals exit 1: {}",
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(
        text.contains("replication factor 1 → 2 refused")
            && text.contains("kafka-reassign-partitions"),
        "{text}"
    );
    assert!(
        text.contains("partitions 6 → 3 refused") && text.contains("cannot remove partitions"),
        "{text}"
    );
    assert!(
        text.contains("raise `partitions` in topics.yaml to 6"),
        "the spec must follow the cluster up: {text}"
    );
    assert_contains(&stderr(&out), "refused");
    assert_eq!(partition_count(&fresh), Some(3), "the rest is applied");
    assert_eq!(partition_count(&shrink), Some(6), "never shrinks");

    let out = spm_in(dir.path()).arg("verify").output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_contains(&stdout(&out), "replication factor is 1, expected 2");
}

#[test]
fn invalid_spec_exits_2_and_creates_nothing() {
    let dir = workdir();
    let (good, bad) = (unique("it-good"), unique("it-bad"));
    let spec = format!("defaults: {{partitions: 3, replication_factor: 1}}\ntopics:\n  {good}: {{}}\n  {bad}:\n    partitions: 0\n");
    write(dir.path(), "topics.yaml", &spec);
    spm_in(dir.path())
        .arg("setup")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "topics.yaml:5:17: partitions must be between 1 and 10000, got 0",
        ));
    assert!(
        !topic_names().contains(&good),
        "nothing may be created from an invalid spec"
    );
}

#[test]
fn missing_spec_file_is_exit_2() {
    let dir = workdir();
    spm_in(dir.path())
        .args(["verify", "-f", "nope.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read nope.yaml"));
}

#[test]
fn unreachable_broker_fails_fast_with_a_clear_message() {
    let dir = workdir();
    write(dir.path(), "topics.yaml", &spec_for(&["x"]));
    for command in [
        &["verify"][..],
        &["setup"],
        &["plan"],
        &["topics", "list"],
        &["topics", "describe", "x"],
    ] {
        let start = Instant::now();
        let out = spm_at(dir.path(), "127.0.0.1:1", "2s")
            .args(command)
            .output()
            .unwrap();
        let took = start.elapsed();
        assert_eq!(out.status.code(), Some(1), "{command:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("cannot reach Kafka at 127.0.0.1:1")
                && err.contains("connection refused by 127.0.0.1:1"),
            "{err}"
        );
        assert!(took < Duration::from_secs(6), "{command:?} took {took:?}");
    }
}

#[test]
fn secrets_given_with_x_are_never_printed() {
    let dir = workdir();
    write(dir.path(), "topics.yaml", &spec_for(&["x"]));
    let secret = "Sup3r-Secret-Pw-4711";
    let out = spm_in(dir.path())
        .args([
            "verify",
            "--timeout",
            "2s",
            "-X",
            "security.protocol=SASL_PLAINTEXT",
            "-X",
            "sasl.mechanism=PLAIN",
        ])
        .args([
            "-X",
            "sasl.username=alice",
            "-X",
            &format!("sasl.password={secret}"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let all = stdout(&out) + &stderr(&out);
    assert!(!all.contains(secret), "secret leaked: {all}");

    // A malformed -X of a secret key does not echo the value either.
    let out = spm_in(dir.path())
        .args(["verify", "-X", &format!("sasl password={secret}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_lacks(&stderr(&out), secret);

    // An unknown property is invalid input.
    spm_in(dir.path())
        .args(["verify", "-X", "no.such.property=1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid client property 'no.such.property'",
        ));
}

#[test]
fn plan_json_and_dry_run_change_nothing() {
    let dir = workdir();
    let t = unique("it-plan");
    write(dir.path(), "topics.yaml", &spec_for(&[&t]));
    let out = spm_in(dir.path())
        .args(["plan", "-o", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["in_sync"], false);
    assert_eq!(v["summary"]["to_create"], 1);
    assert_eq!(v["topics"][0]["topic"], t.as_str());
    assert_eq!(v["topics"][0]["create"]["partitions"], 3);
    assert_eq!(
        v["topics"][0]["create"]["config"]["retention.ms"],
        "604800000"
    );

    spm_in(dir.path())
        .args(["setup", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Dry run: nothing was changed"));
    assert_eq!(partition_count(&t), None);
}

#[test]
fn dry_run_with_a_refusal_applies_nothing_and_exits_like_plan() {
    let dir = workdir();
    let (shrink, fresh) = (unique("it-dry-shrink"), unique("it-dry-fresh"));
    create_topic(&shrink, 5, &[("retention.ms", "604800000")]);
    write(dir.path(), "topics.yaml", &spec_for(&[&shrink, &fresh]));

    let plan = spm_in(dir.path()).arg("plan").output().unwrap();
    let out = spm_in(dir.path())
        .args(["setup", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), plan.status.code(), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("partitions 5 → 3 refused")
            && stdout(&out).contains("Dry run: nothing was changed"),
        "{}",
        stdout(&out)
    );
    assert!(
        !stderr(&out).contains("applied"),
        "a dry run applies nothing: {}",
        stderr(&out)
    );
    assert_eq!(partition_count(&fresh), None, "nothing created");
}

#[test]
fn verify_hints_keep_the_spec_file_and_profile() {
    let dir = workdir();
    let t = unique("it-hint");
    write(
        dir.path(),
        "other.yaml",
        &format!(
            "defaults: {{partitions: 1, replication_factor: 1}}\nprofiles:\n  dev: {{}}\ntopics:\n  {t}: {{}}\n"
        ),
    );
    let out = spm_in(dir.path())
        .args(["verify", "-f", "other.yaml", "--profile", "dev"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stdout(&out);
    assert_contains(&text, "1 difference between other.yaml");
    assert!(
        text.contains("`spm-kafka plan -f other.yaml --profile dev`")
            && text.contains("`spm-kafka setup -f other.yaml --profile dev`"),
        "{text}"
    );
    let plan = spm_in(dir.path())
        .args(["plan", "-f", "other.yaml"])
        .output()
        .unwrap();
    assert_contains(&stdout(&plan), "create: 1 partition, replication factor 1");
}

/// Values topics.yaml allows but this broker refuses (tiered storage is off on the test
/// brokers): plan asks the broker in validate-only mode and names the key; setup sends nothing
/// the broker would refuse, applies the rest and exits 1.
#[test]
fn plan_asks_the_broker_and_names_the_refused_key() {
    let dir = workdir();
    let (have, fresh, fine) = (
        unique("it-vo-have"),
        unique("it-vo-fresh"),
        unique("it-vo-fine"),
    );
    create_topic(&have, 3, &[("retention.ms", "604800000")]);
    let spec = format!(
        "defaults: {{partitions: 3, replication_factor: 1, config: {{retention.ms: 7d}}}}\ntopics:\n  {have}:\n    config: {{remote.storage.enable: true}}\n  {fresh}:\n    config: {{remote.storage.enable: true}}\n  {fine}: {{}}\n"
    );
    write(dir.path(), "topics.yaml", &spec);

    let out = spm_in(dir.path()).arg("plan").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("creation refused by the broker: remote.storage.enable=true")
            && text.contains("config change refused by the broker: remote.storage.enable=true")
            && text.contains("Tiered Storage"),
        "{text}"
    );
    assert_contains(&text, "1 to create, 0 to alter, 2 refused");
    let json = spm_in(dir.path())
        .args(["plan", "-o", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let refused = &v["topics"][1]["refused"][0];
    assert_eq!(refused["kind"], "broker_refuses", "{v}");
    assert_eq!(refused["action"], "create");
    assert_eq!(refused["key"], "remote.storage.enable");
    assert!(v["topics"][1].get("create").is_none(), "{v}");

    let out = spm_in(dir.path()).arg("setup").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        !stdout(&out).contains('✗'),
        "nothing failed half-way: {}",
        stdout(&out)
    );
    assert_contains(&stderr(&out), "refused");
    assert_eq!(partition_count(&fine), Some(3), "the rest is applied");
    assert_eq!(
        partition_count(&fresh),
        None,
        "a refused topic is not created"
    );
    assert_eq!(
        topic_config(&have, "remote.storage.enable").as_deref(),
        Some("false")
    );
}

/// `setup --profile prod` on one broker: RF 1 → 3 is refused, and min.insync.replicas=2 must
/// not be set on the RF-1 topic (acks=all writes would fail).
#[test]
fn min_insync_above_the_replication_factor_is_refused() {
    let dir = workdir();
    let t = unique("it-misr-prod");
    create_topic(&t, 3, &[("retention.ms", "604800000")]);
    let spec = format!(
        "defaults: {{partitions: 3, replication_factor: 1, config: {{retention.ms: 7d}}}}\nprofiles:\n  prod:\n    replication_factor: 3\n    config: {{min.insync.replicas: 2}}\ntopics:\n  {t}: {{}}\n"
    );
    write(dir.path(), "topics.yaml", &spec);
    let out = spm_in(dir.path())
        .args(["setup", "--profile", "prod"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_contains(
        &stdout(&out),
        "min.insync.replicas 1 → 2 refused: above the replication factor 1",
    );
    assert_eq!(
        topic_config(&t, "min.insync.replicas").as_deref(),
        Some("1"),
        "left as it was"
    );
    let out = spm_in(dir.path())
        .args(["verify", "--profile", "prod"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout(&out).contains(
            "min.insync.replicas is 1, expected 2 (refused: above the replication factor 1)"
        ),
        "{}",
        stdout(&out)
    );
}

/// A topic set to min.insync.replicas=2 with one replica (behind spm-kafka's back): every tool
/// that looks at the topic says it cannot take acks=all writes.
#[test]
fn min_insync_above_the_replication_factor_on_the_cluster_is_reported() {
    let dir = workdir();
    let t = unique("it-misr");
    write(dir.path(), "topics.yaml", &spec_for(&[&t]));
    spm_in(dir.path()).arg("setup").assert().success();
    alter_topic_configs_replacing(
        &t,
        &[("retention.ms", "604800000"), ("min.insync.replicas", "2")],
    );
    let problem = "min.insync.replicas 2 is above the replication factor 1: acks=all writes fail";

    let out = spm_in(dir.path()).arg("plan").output().unwrap();
    assert!(
        stdout(&out).contains(&format!("! {t}")) && stdout(&out).contains(problem),
        "{}",
        stdout(&out)
    );

    let out = spm_in(dir.path()).arg("setup").output().unwrap();
    assert_contains(&stderr(&out), problem);

    let out = spm_in(dir.path()).arg("verify").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "verify flags it: {}",
        stdout(&out)
    );
    assert!(
        stdout(&out)
            .contains("min.insync.replicas is 2, expected at most the replication factor 1"),
        "{}",
        stdout(&out)
    );

    let out = spm_in(dir.path())
        .args(["topics", "describe", &t])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("Status: {problem}"))
            && !stdout(&out).contains("Status: ok"),
        "{}",
        stdout(&out)
    );
    let json = spm_in(dir.path())
        .args(["topics", "describe", &t, "-o", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["min_insync_problem"]["min_insync_replicas"], 2, "{v}");

    let out = spm_in(dir.path()).arg("doctor").output().unwrap();
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.contains("topics") && l.contains(&format!("{t} min.insync.replicas is 2"))),
        "{text}"
    );
}

#[test]
fn two_setups_at_once_both_succeed() {
    let dir = workdir();
    let names: Vec<String> = (0..5).map(|i| unique(&format!("it-race{i}"))).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    write(dir.path(), "topics.yaml", &spec_for(&refs));
    let run = || spm_process(dir.path()).arg("setup").output().unwrap();
    let (x, y) = std::thread::scope(|s| {
        let a = s.spawn(run);
        let b = s.spawn(run);
        (a.join().unwrap(), b.join().unwrap())
    });
    assert!(x.status.success(), "first: {}{}", stdout(&x), stderr(&x));
    assert!(y.status.success(), "second: {}{}", stdout(&y), stderr(&y));
    for n in &names {
        assert_eq!(partition_count(n), Some(3));
    }
    spm_in(dir.path()).arg("verify").assert().code(0);
}

#[test]
fn topics_list_and_describe() {
    let dir = workdir();
    let t = unique("it-desc");
    write(dir.path(), "topics.yaml", &spec_for(&[&t]));
    spm_in(dir.path()).arg("setup").assert().success();

    let out = spm_in(dir.path())
        .args(["topics", "list", "-o", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "topics list: {}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let row = rows
        .iter()
        .find(|r| r["topic"] == t.as_str())
        .expect("listed");
    assert_eq!(
        (
            row["partitions"].as_i64(),
            row["replication_factor"].as_i64(),
            row["messages"].as_i64()
        ),
        (Some(3), Some(1), Some(0))
    );
    assert!(
        !rows.iter().any(|r| r["topic"] == "__consumer_offsets"),
        "internal topics hidden by default"
    );

    spm_in(dir.path())
        .args(["topics", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("TOPIC").and(predicate::str::contains(t.as_str())));

    let out = spm_in(dir.path())
        .args(["topics", "describe", &t, "-o", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["partitions"], 3);
    assert_eq!(v["config"]["retention.ms"], "604800000");
    assert_eq!(v["partition_details"][2]["leader"], 1);
    assert_eq!(v["partition_details"][0]["isr"], serde_json::json!([1]));

    spm_in(dir.path())
        .args(["topics", "describe", &t])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("retention.ms = 604800000 (7d)")
                .and(predicate::str::contains("LEADER")),
        );

    spm_in(dir.path())
        .args(["topics", "describe", &format!("{t}x")])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("does not exist")
                .and(predicate::str::contains(format!("Did you mean '{t}'"))),
        );
}
