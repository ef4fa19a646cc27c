//! End-to-end: `spm-kafka doctor` against the running broker (healthy, drift, a stopped group
//! with lag, TLS to a plaintext listener) and against addresses where no Kafka is (connection
//! refused, a name that does not resolve): the checklist, the JSON and the exit code.

mod common;

use std::time::{Duration, Instant};

use common::*;
use rdkafka::admin::AdminOptions;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::{ClientConfig, Offset, TopicPartitionList};
use serde_json::Value;

/// The checklist line of `check`: `(mark, message)`.
fn line<'a>(text: &'a str, check: &str) -> (&'a str, &'a str) {
    text.lines()
        .find_map(|l| {
            let rest = l.strip_prefix("  ")?;
            let (mark, rest) = rest.split_once(' ')?;
            let (name, message) = rest.split_once("  ")?;
            (name.trim() == check).then_some((mark, message.trim()))
        })
        .unwrap_or_else(|| panic!("no {check} line in:\n{text}"))
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(out), stderr(out)))
}

fn finding<'a>(v: &'a Value, check: &str) -> &'a Value {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == check)
        .unwrap_or_else(|| panic!("no {check} finding in {v:#}"))
}

#[test]
fn a_healthy_cluster_passes_every_check() {
    let dir = workdir();
    let (a, b) = (unique("it-doctor-a"), unique("it-doctor-b"));
    write(dir.path(), "topics.yaml", &spec_for(&[&a, &b]));
    spm_in(dir.path()).arg("setup").assert().success();

    let out = spm_in(dir.path()).arg("doctor").output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    for check in [
        "settings",
        "connection",
        "kafka",
        "cluster",
        "advertised-listeners",
        "topics",
        "partitions",
        "auto-create-topics",
    ] {
        assert_eq!(line(&text, check).0, "✓", "{check}:\n{text}");
    }
    // Other tests leave stopped groups with lag behind: a warning at most, never an error.
    assert!(
        ["✓", "!"].contains(&line(&text, "consumer-groups").0),
        "{text}"
    );

    let cluster_id = admin()
        .inner()
        .fetch_cluster_id(Duration::from_secs(10))
        .expect("cluster id");
    assert!(
        line(&text, "cluster")
            .1
            .starts_with(&format!("cluster {cluster_id}, 1 broker: 1 at ")),
        "{text}"
    );
    assert_eq!(
        line(&text, "topics").1,
        "all 2 topics of topics.yaml exist as declared"
    );
    assert!(line(&text, "auto-create-topics")
        .1
        .contains("auto.create.topics.enable=false"));
    assert!(text.trim_end().ends_with("healthy"), "{text}");
}

#[test]
fn missing_and_drifted_topics_fail_with_the_way_to_fix_them() {
    let dir = workdir();
    let (here, absent) = (unique("it-doctor-here"), unique("it-doctor-absent"));
    create_topic(&here, 1, &[]);
    write(dir.path(), "topics.yaml", &spec_for(&[&here, &absent]));

    let out = spm_in(dir.path()).arg("doctor").output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let (mark, message) = line(&text, "topics");
    assert_eq!(mark, "✗");
    assert_contains(message, &format!("{absent} is missing"));
    assert_contains(message, &format!("{here} partitions is 1, expected 3"));
    assert_contains(&text, "→ spm-kafka plan shows what setup would change");
    assert_contains(&text, "something is wrong (exit 1)");
    // Nothing was changed: doctor only reads.
    assert_eq!(partition_count(&absent), None);
    assert_eq!(partition_count(&here), Some(1));
}

#[test]
fn a_stopped_broker_is_connection_refused_quickly_with_how_to_start_it() {
    let dir = workdir();
    let start = Instant::now();
    let out = spm_at(dir.path(), "localhost:1", "5s")
        .arg("doctor")
        .output()
        .unwrap();
    let took = start.elapsed();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    assert!(took < Duration::from_secs(4), "took {took:?}");
    let (mark, resolved) = line(&text, "dns");
    assert_eq!(mark, "✓", "{text}");
    assert!(
        resolved.starts_with("localhost resolves to ") && resolved.contains("127.0.0.1"),
        "{resolved}"
    );
    let (mark, message) = line(&text, "connection");
    assert_eq!(mark, "✗");
    assert_eq!(
        message,
        "connection refused by localhost:1: nothing listens there"
    );
    assert!(
        text.contains(
            "→ start the broker: scripts/kafka.sh start (or: docker compose up -d kafka)"
        ),
        "{text}"
    );
    for check in ["kafka", "cluster", "topics", "consumer-groups"] {
        assert_eq!(line(&text, check).0, "-", "{check} is skipped:\n{text}");
    }
}

#[test]
fn an_unresolvable_host_is_a_dns_finding() {
    let dir = workdir();
    let out = spm_at(dir.path(), "nohost.invalid:9092", "5s")
        .args(["doctor", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["healthy"], false);
    let dns = finding(&v, "dns");
    assert_eq!(dns["severity"], "error");
    assert!(
        dns["message"]
            .as_str()
            .unwrap()
            .starts_with("cannot resolve host nohost.invalid"),
        "{dns}"
    );
    assert!(dns["next_step"]
        .as_str()
        .unwrap()
        .contains("KAFKA_BOOTSTRAP_SERVERS"));
    assert_eq!(finding(&v, "kafka")["severity"], "skipped");
}

#[test]
fn tls_to_a_plaintext_listener_is_a_tls_finding() {
    let dir = workdir();
    let start = Instant::now();
    let out = spm_at(dir.path(), &bootstrap(), "3s")
        .args(["-X", "security.protocol=SSL", "doctor", "-o", "json"])
        .output()
        .unwrap();
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let v = json(&out);
    assert_eq!(finding(&v, "connection")["severity"], "ok");
    let kafka = finding(&v, "kafka");
    assert_eq!(kafka["severity"], "error", "{kafka}");
    assert!(
        kafka["message"]
            .as_str()
            .unwrap()
            .starts_with("TLS handshake failed"),
        "{kafka}"
    );
    assert!(kafka["next_step"]
        .as_str()
        .unwrap()
        .contains("security.protocol"));
}

#[test]
fn secrets_in_client_properties_are_never_printed() {
    let dir = workdir();
    let out = spm_at(dir.path(), "127.0.0.1:1", "2s")
        .args(["-X", "sasl.password=hunter2-doctor", "doctor"])
        .output()
        .unwrap();
    let text = stdout(&out) + &stderr(&out);
    assert_lacks(&text, "hunter2-doctor");
    assert!(
        line(&text, "settings").1.contains("sasl.password=***"),
        "{text}"
    );
}

#[test]
fn json_is_one_document_of_findings_with_next_steps() {
    let dir = workdir();
    let out = spm_in(dir.path())
        .args(["doctor", "-o", "json"])
        .output()
        .unwrap();
    // No topics.yaml here: a warning, not an error.
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let v = json(&out);
    assert_eq!(v["healthy"], true);
    assert_eq!(v["bootstrap"], bootstrap());
    let findings = v["findings"].as_array().unwrap();
    let ok = findings.iter().filter(|f| f["severity"] == "ok").count();
    assert_eq!(v["summary"]["ok"], ok);
    assert_eq!(v["summary"]["error"], 0);
    for f in findings {
        let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["check", "severity", "message", "next_step"], "{f}");
        let severity = f["severity"].as_str().unwrap();
        assert!(
            ["ok", "warning", "error", "skipped"].contains(&severity),
            "{f}"
        );
        if severity == "warning" || severity == "error" {
            assert!(f["next_step"].is_string(), "{f}");
        }
    }
    let topics = finding(&v, "topics");
    assert_eq!(topics["severity"], "warning");
    assert!(topics["next_step"].as_str().unwrap().contains("-f PATH"));
}

/// Produces `count` messages to partition 0 of `topic`.
fn produce(topic: &str, count: usize) {
    let producer: BaseProducer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap())
        .create()
        .expect("producer");
    for i in 0..count {
        producer
            .send(
                BaseRecord::to(topic)
                    .partition(0)
                    .key("k")
                    .payload(&format!("m{i}")),
            )
            .map_err(|(e, _)| e)
            .expect("send");
    }
    producer.flush(Duration::from_secs(15)).expect("flush");
}

/// Commits `offset` on partition 0 for `group` without staying in the group: an Empty group.
fn commit(group: &str, topic: &str, offset: i64) {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap())
        .set("group.id", group)
        .create()
        .expect("consumer");
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset(topic, 0, Offset::Offset(offset))
        .unwrap();
    consumer.commit(&tpl, CommitMode::Sync).expect("commit");
}

#[test]
fn an_empty_group_with_lag_is_a_warning_naming_it() {
    let topic = unique("it-doctor-lag");
    // Sorts before the other tests' groups, so it is among the groups the message lists.
    let group = unique("0-doctor-lag");
    create_topic(&topic, 1, &[]);
    produce(&topic, 3);
    commit(&group, &topic, 1);

    let dir = workdir();
    let out = spm_in(dir.path())
        .args(["doctor", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings keep exit 0: {}",
        stdout(&out)
    );
    let groups = finding(&json(&out), "consumer-groups").clone();

    let _ = rt().block_on(admin().delete_groups(
        &[group.as_str()],
        &AdminOptions::new().operation_timeout(Some(Duration::from_secs(10))),
    ));
    assert_eq!(groups["severity"], "warning", "{groups}");
    assert!(
        groups["message"]
            .as_str()
            .unwrap()
            .contains(&format!("{group} (2 messages waiting on {topic})")),
        "{groups}"
    );
    let next = groups["next_step"].as_str().unwrap();
    assert!(
        next.contains("spm-kafka lag --group ") && next.contains("spm-kafka groups delete "),
        "commands that run as written: {next}"
    );
}

/// A port that lands on the KRaft controller listener (the SASL test broker's, read from the
/// state scripts/kafka.sh keeps): doctor and every command say the same thing, once.
#[test]
fn the_controller_port_gets_the_same_explanation_everywhere() {
    let sasl = ExtraCluster::sasl();
    let conf = std::fs::read_to_string(sasl.home.join("cluster.conf")).unwrap();
    let port = conf
        .lines()
        .find_map(|l| l.strip_prefix("controller_port="))
        .expect("controller_port in cluster.conf");
    let controller = format!("127.0.0.1:{port}");
    let dir = workdir();
    write(dir.path(), "topics.yaml", &spec_for(&["task-events"]));
    let expected = format!("{controller} is a KRaft controller listener, not a client listener");
    let out = spm_at(dir.path(), &controller, "3s")
        .args(["doctor", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let kafka = finding(&v, "kafka");
    assert!(
        kafka["message"].as_str().unwrap().starts_with(&expected),
        "{kafka}"
    );
    for args in [
        &["topics", "list"][..],
        &["verify"],
        &["groups", "list"],
        &["lag"],
        &["tail", "task-events", "--until-end"],
    ] {
        let out = spm_at(dir.path(), &controller, "3s")
            .args(args)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(&expected), "{args:?}: {err}");
        assert!(
            !err.contains("UnsupportedFeature") && !err.contains("is the broker running"),
            "{args:?}: {err}"
        );
        assert_eq!(
            err.matches("controller listener").count(),
            1,
            "{args:?}: {err}"
        );
    }
}
