//! SASL_SSL with SCRAM-SHA-512 against a real broker with a self-signed CA (made by
//! scripts/kafka.sh): credentials through -X, --client-config and the environment; a wrong
//! password; certificate verification on by default; no password in anything printed.

mod common;

use std::time::{Duration, Instant};

use common::*;

const USER: &str = "admin";
const PASSWORD: &str = "admin-secret";

fn ca(cluster: &ExtraCluster) -> String {
    cluster.home.join("ssl/ca.pem").display().to_string()
}

/// spm-kafka pointed at the SASL_SSL listener, with no credentials yet.
fn sasl_cmd(cluster: &ExtraCluster, dir: &std::path::Path) -> assert_cmd::Command {
    spm_at(dir, &cluster.bootstrap, "10s")
}

fn x_args(cluster: &ExtraCluster, password: &str) -> Vec<String> {
    [
        "security.protocol=SASL_SSL".to_string(),
        "sasl.mechanism=SCRAM-SHA-512".to_string(),
        format!("sasl.username={USER}"),
        format!("sasl.password={password}"),
        format!("ssl.ca.location={}", ca(cluster)),
    ]
    .into_iter()
    .flat_map(|p| ["-X".to_string(), p])
    .collect()
}

fn assert_no_password(out: &std::process::Output, password: &str) {
    let all = stdout(out) + &stderr(out);
    assert!(
        !all.contains(password),
        "the password appears in the output: {all}"
    );
}

#[test]
fn topic_commands_work_with_credentials_from_x_file_and_environment() {
    let cluster = ExtraCluster::sasl();
    let dir = workdir();
    let t = unique("it-sasl");
    write(dir.path(), "topics.yaml", &spec_for(&[&t]));

    // -X
    let out = sasl_cmd(&cluster, dir.path())
        .args(x_args(&cluster, PASSWORD))
        .arg("setup")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains(&format!("created {t}")));
    assert_no_password(&out, PASSWORD);

    // --client-config
    let props = format!(
        "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.username={USER}\nsasl.password={PASSWORD}\nssl.ca.location={}\n",
        ca(&cluster)
    );
    write(dir.path(), "client.properties", &props);
    for args in [
        &["verify"][..],
        &["plan", "-o", "json"],
        &["topics", "list"],
        &["topics", "describe", &t],
    ] {
        let out = sasl_cmd(&cluster, dir.path())
            .args(["--client-config", "client.properties"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_no_password(&out, PASSWORD);
    }

    // environment
    let out = sasl_cmd(&cluster, dir.path())
        .env("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
        .env("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
        .env("KAFKA_SASL_USERNAME", USER)
        .env("KAFKA_SASL_PASSWORD", PASSWORD)
        .env("KAFKA_SSL_CA_LOCATION", ca(&cluster))
        .arg("verify")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_no_password(&out, PASSWORD);
}

#[test]
fn wrong_password_is_a_clear_authentication_error() {
    let cluster = ExtraCluster::sasl();
    let dir = workdir();
    write(
        dir.path(),
        "topics.yaml",
        &spec_for(&[&unique("it-sasl-bad")]),
    );
    let wrong = "Wr0ng-Pa55word-zz9";
    let start = Instant::now();
    let out = sasl_cmd(&cluster, dir.path())
        .args(x_args(&cluster, wrong))
        .arg("verify")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(start.elapsed() < Duration::from_secs(20));
    let err = stderr(&out);
    assert!(err.contains("authentication failed"), "{err}");
    assert_no_password(&out, wrong);
}

#[test]
fn certificate_verification_is_on_by_default() {
    let cluster = ExtraCluster::sasl();
    let dir = workdir();
    write(
        dir.path(),
        "topics.yaml",
        &spec_for(&[&unique("it-sasl-tls")]),
    );
    // Everything right except the CA: the self-signed broker certificate must be rejected.
    let out = sasl_cmd(&cluster, dir.path())
        .args([
            "-X",
            "security.protocol=SASL_SSL",
            "-X",
            "sasl.mechanism=SCRAM-SHA-512",
        ])
        .args([
            "-X",
            &format!("sasl.username={USER}"),
            "-X",
            &format!("sasl.password={PASSWORD}"),
        ])
        .args(["verify", "--timeout", "4s"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("TLS failed") && err.to_lowercase().contains("certificate"),
        "{err}"
    );
    assert_no_password(&out, PASSWORD);
}

/// The broker's PLAINTEXT listener (`port=` in the state scripts/kafka.sh keeps): its
/// ANONYMOUS principal is a super user there, the way to set up users and ACLs.
fn plaintext_port(cluster: &ExtraCluster) -> String {
    let conf = std::fs::read_to_string(cluster.home.join("cluster.conf")).unwrap();
    let port = conf
        .lines()
        .find_map(|l| l.strip_prefix("port="))
        .expect("port in cluster.conf");
    format!("127.0.0.1:{port}")
}

/// A SCRAM user allowed only DESCRIBE on one topic (made with an independent client over
/// PLAINTEXT: alter_user_scram_credentials and create_acls), and one message on that topic.
fn restricted_user(cluster: &ExtraCluster, user: &str, password: &str, topic: &str) {
    let script = r#"
import sys
from confluent_kafka import Producer
from confluent_kafka.admin import (AdminClient, NewTopic, UserScramCredentialUpsertion,
    ScramCredentialInfo, ScramMechanism, AclBinding, ResourceType, ResourcePatternType,
    AclOperation, AclPermissionType)
bs, user, password, topic = sys.argv[1:5]
a = AdminClient({"bootstrap.servers": bs})
a.create_topics([NewTopic(topic, 1, 1)], operation_timeout=30)[topic].result()
a.alter_user_scram_credentials([UserScramCredentialUpsertion(
    user, ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password.encode())])[user].result()
acl = AclBinding(ResourceType.TOPIC, topic, ResourcePatternType.LITERAL, "User:" + user, "*",
                 AclOperation.DESCRIBE, AclPermissionType.ALLOW)
for f in a.create_acls([acl]).values():
    f.result()
p = Producer({"bootstrap.servers": bs})
p.produce(topic, b"{}")
assert p.flush(30) == 0
"#;
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            script,
            &plaintext_port(cluster),
            user,
            password,
            topic,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The `-X` flags that log `user` in over SASL_SSL with SCRAM-SHA-512.
fn scram_flags(cluster: &ExtraCluster, user: &str, password: &str) -> Vec<String> {
    [
        "security.protocol=SASL_SSL".to_string(),
        "sasl.mechanism=SCRAM-SHA-512".to_string(),
        format!("sasl.username={user}"),
        format!("sasl.password={password}"),
        format!("ssl.ca.location={}", ca(cluster)),
    ]
    .into_iter()
    .flat_map(|p| ["-X".to_string(), p])
    .collect()
}

/// A principal that may see a topic but not read it: `tail` ends with exit 1 and says which
/// operation on which resource was denied and what grants it, with and without --until-end;
/// never "cannot reach Kafka", never a wait without end.
#[test]
fn access_denied_says_what_was_denied_and_ends_tail() {
    let cluster = ExtraCluster::sasl();
    let (user, password, topic) = (unique("it-reader"), "reader-Secret-42", unique("it-acl"));
    restricted_user(&cluster, &user, password, &topic);
    let dir = workdir();
    let creds = scram_flags(&cluster, &user, password);
    for extra in [
        &["--from-beginning", "--until-end"][..],
        &["--from-beginning"],
        &[],
    ] {
        let start = Instant::now();
        let out = sasl_cmd(&cluster, dir.path())
            .args(&creds)
            .args(["tail", &topic])
            .args(extra)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{extra:?}: {err}");
        assert!(start.elapsed() < Duration::from_secs(20), "{extra:?}");
        assert!(
            err.contains(&format!("denied READ on Topic:{topic} to User:{user}"))
                && err.contains(&format!(
                    "kafka-acls --add --allow-principal User:{user} --operation Read --topic {topic}"
                )),
            "{extra:?}: {err}"
        );
        assert!(!err.contains("cannot reach Kafka"), "{err}");
        assert_no_password(&out, password);
    }
    // As a group member, the group is the first thing denied.
    let group = unique("it-acl-g");
    let out = sasl_cmd(&cluster, dir.path())
        .args(&creds)
        .args(["tail", &topic, "--group", &group])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("denied READ on Group:{group} to User:{user}")),
        "{}",
        stderr(&out)
    );
    // Publishing without WRITE, one event and a file: the producer id is denied before the
    // first record is queued, and that is named, not librdkafka's "Fatal error".
    let events = (0..3)
        .map(|i| format!(r#"{{"event_type": "task_deleted", "data": {{"id": "t-{i}"}}}}"#))
        .collect::<Vec<_>>()
        .join("\n");
    write(dir.path(), "events.jsonl", &events);
    for publish in [
        &["publish", "--topic", &topic, "--file", "events.jsonl"][..],
        &[
            "publish",
            "--topic",
            &topic,
            "task_deleted",
            "--data",
            r#"{"id":"t"}"#,
        ],
    ] {
        let out = sasl_cmd(&cluster, dir.path())
            .args(&creds)
            .args(publish)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{publish:?}: {err}");
        assert!(
            err.contains(&format!("denied WRITE on Topic:{topic} to User:{user}"))
                && err.contains("--operation Write --topic"),
            "{publish:?}: {err}"
        );
        assert_lacks(&err, "Fatal");
        assert_no_password(&out, password);
    }
    // Listing ACLs without DESCRIBE on the cluster: librdkafka hands back an empty list, which
    // once read as "no authorizer".
    let out = sasl_cmd(&cluster, dir.path())
        .args(&creds)
        .arg("acls")
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_contains(
        &err,
        &format!("denied DESCRIBE on Cluster:kafka-cluster to User:{user}"),
    );
    assert_lacks(&stdout(&out), "no authorizer");
    // Reading a group's offsets: the operation, the resource and the grant, not "unreachable".
    let out = sasl_cmd(&cluster, dir.path())
        .args(&creds)
        .args(["reset-offsets", "-g", &group, "-t", &topic, "--to-latest"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("denied DESCRIBE on Group:{group} to User:{user}"))
            && err.contains("--operation Describe --group"),
        "{err}"
    );
}

/// Allows `user` one more operation (as python's AclOperation name) on topic `topic`.
fn allow(cluster: &ExtraCluster, user: &str, operation: &str, topic: &str) {
    let script = r#"
import sys
from confluent_kafka.admin import (AdminClient, AclBinding, AclBindingFilter, ResourceType,
    ResourcePatternType, AclOperation, AclPermissionType)
bs, user, op, topic = sys.argv[1:5]
acl = AclBinding(ResourceType.TOPIC, topic, ResourcePatternType.LITERAL, "User:" + user, "*",
                 getattr(AclOperation, op), AclPermissionType.ALLOW)
a = AdminClient({"bootstrap.servers": bs})
for f in a.create_acls([acl]).values():
    f.result()
# Wait until the broker's authorizer lists it: CreateAcls answers when the controller has the
# change, a moment before the broker that will authorize the next request applies it.
import time
deadline = time.time() + 30
query = AclBindingFilter(ResourceType.TOPIC, topic, ResourcePatternType.LITERAL, "User:" + user,
                         "*", getattr(AclOperation, op), AclPermissionType.ALLOW)
while acl not in a.describe_acls(query).result():
    assert time.time() < deadline, "ACL not listed within 30 s"
    time.sleep(0.02)
"#;
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            script,
            &plaintext_port(cluster),
            user,
            operation,
            topic,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// backup and restore as a principal short of rights: each denial names the operation, the
/// resource and the grant (exit 1, never "cannot reach Kafka"), one right after the other.
#[test]
fn backup_and_restore_say_what_was_denied() {
    let cluster = ExtraCluster::sasl();
    let (user, password, topic) = (unique("it-bk"), "backup-Secret-42", unique("it-bk-acl"));
    restricted_user(&cluster, &user, password, &topic);
    let dir = workdir();
    let b = dir.path().join("b");
    let bs = b.to_str().unwrap();
    let creds = scram_flags(&cluster, &user, password);
    let denied = |args: &[&str], operation: &str, flag: &str, on: &str| {
        let out = sasl_cmd(&cluster, dir.path())
            .args(&creds)
            .args(args)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains(&format!("{operation} on Topic:{on}"))
                && err.contains(&format!(
                    "--allow-principal User:{user} --operation {flag} --topic {on}"
                )),
            "{args:?}: {err}"
        );
        assert!(!err.contains("cannot reach Kafka"), "{err}");
        assert_no_password(&out, password);
    };
    denied(
        &["backup", "--to", bs, &topic],
        "DESCRIBE_CONFIGS",
        "DescribeConfigs",
        &topic,
    );
    allow(&cluster, &user, "DESCRIBE_CONFIGS", &topic);
    denied(
        &["backup", "--to", bs, &topic],
        "denied READ",
        "Read",
        &topic,
    );
    // Allowed to read: the backup is made, and says it may lack the groups the user may not
    // describe (Kafka leaves them out of the list without a word). A group with an offset on
    // the topic, committed by the super user, is one of them.
    allow(&cluster, &user, "READ", &topic);
    let commit = r#"
import sys, time
from confluent_kafka import Consumer, KafkaException, TopicPartition
bs, group, topic = sys.argv[1:4]
c = Consumer({"bootstrap.servers": bs, "group.id": group})
deadline = time.time() + 30
while True:  # the first commit of a cluster may find its coordinator still loading
    try:
        c.commit(offsets=[TopicPartition(topic, 0, 1)], asynchronous=False)
        break
    except KafkaException:
        if time.time() > deadline:
            raise
        time.sleep(0.1)
c.close()
"#;
    let group = unique("it-bk-g");
    let out = std::process::Command::new("python3")
        .args(["-c", commit, &plaintext_port(&cluster), &group, &topic])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = sasl_cmd(&cluster, dir.path())
        .args(&creds)
        .args(["-o", "json", "backup", "--to", bs, &topic])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert_contains(&stdout(&out), r#""every_group": false"#);
    assert_contains(
        &err,
        "Kafka lists only the groups a principal may describe (DESCRIBE on Group:spm-kafka-probe-",
    );
    assert_contains(&err, &format!("was denied to User:{user}"));
    assert_contains(
        &err,
        &format!("--allow-principal User:{user} --operation Describe --group '*'"),
    );
    assert_no_password(&out, password);
    // The backup made by the super user on PLAINTEXT; restored as the user under a new name.
    let out = spm_at(dir.path(), &plaintext_port(&cluster), "15s")
        .args(["-o", "json", "backup", "--to", bs, &topic])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_contains(&stdout(&out), r#""every_group": true"#);
    let manifest = std::fs::read_to_string(b.join("manifest.json")).unwrap();
    assert_contains(&manifest, &group);
    assert_lacks(&stderr(&out), "warning");
    let target = format!("{topic}-restored");
    let map = format!("{topic}={target}");
    denied(
        &["restore", "--from", bs, "--topic-map", &map],
        "denied CREATE",
        "Create",
        &target,
    );
    // Allowed to create and read the target (restore reads what it holds first), not to write.
    allow(&cluster, &user, "CREATE", &target);
    allow(&cluster, &user, "READ", &target);
    denied(
        &["restore", "--from", bs, "--topic-map", &map],
        "denied WRITE",
        "Write",
        &target,
    );
}

/// A SASL client at the PLAINTEXT listener: the broker runs, the protocol is wrong.
#[test]
fn sasl_at_a_plaintext_listener_says_so() {
    let cluster = ExtraCluster::sasl();
    let dir = workdir();
    let out = spm_in(dir.path())
        .args(["-b", &plaintext_port(&cluster), "--timeout", "5s"])
        .args(["-X", "security.protocol=SASL_PLAINTEXT"])
        .args(["-X", "sasl.mechanism=SCRAM-SHA-512"])
        .args(["-X", &format!("sasl.username={USER}")])
        .args(["-X", &format!("sasl.password={PASSWORD}")])
        .args(["topics", "list"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("the listener does not speak SASL"), "{err}");
    assert!(!err.contains("is the broker running"), "{err}");
    assert_no_password(&out, PASSWORD);
}
