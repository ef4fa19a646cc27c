//! Shared end-to-end harness: a hermetic `spm-kafka` command pointed at the real test broker,
//! unique names per test, and an independent rdkafka client to check what is on the broker.
//!
//! The broker is started by `scripts/test.sh` (or `scripts/kafka.sh start`). A missing broker
//! is a test failure, never a skip.
#![allow(dead_code)]

use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use assert_cmd::Command;
use rdkafka::admin::{
    AdminClient, AdminOptions, AlterConfig, NewTopic, ResourceSpecifier, TopicReplication,
};
use rdkafka::client::DefaultClientContext;
use rdkafka::config::ClientConfig;

/// The test broker's address: `SPM_KAFKA_TEST_BOOTSTRAP` or 127.0.0.1:9092.
pub fn bootstrap() -> String {
    static CHECKED: OnceLock<String> = OnceLock::new();
    CHECKED
        .get_or_init(|| {
            let addr = std::env::var("SPM_KAFKA_TEST_BOOTSTRAP").unwrap_or_else(|_| "127.0.0.1:9092".to_string());
            let reachable = addr
                .to_socket_addrs()
                .ok()
                .and_then(|mut a| a.next())
                .is_some_and(|a| TcpStream::connect_timeout(&a, Duration::from_secs(3)).is_ok());
            assert!(
                reachable,
                "no Kafka broker at {addr}: the end-to-end tests need the real broker. \
                 Run the whole suite with `scripts/test.sh`, or start one with `scripts/kafka.sh start`."
            );
            addr
        })
        .clone()
}

/// `spm-kafka` with the caller's Kafka environment cleared, no colour, run in `dir`
/// (so that no stray `.env` or topics.yaml is read), pointed at the test broker.
pub fn spm_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("spm-kafka").expect("binary built");
    for (key, _) in std::env::vars() {
        if key.starts_with("KAFKA_") || key.starts_with("SPM_KAFKA_") || key == "NO_COLOR" {
            cmd.env_remove(&key);
        }
    }
    cmd.env("NO_COLOR", "1")
        .current_dir(dir)
        .args(["-b", &bootstrap(), "--timeout", "15s"]);
    cmd.timeout(Duration::from_secs(120));
    cmd
}

/// A fresh temporary directory for one test.
pub fn workdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// A name no other test (or earlier run) uses: `prefix-<time>-<pid>-<n>`.
pub fn unique(prefix: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
        % 100_000_000;
    format!(
        "{prefix}-{t}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// Writes `text` as `name` in `dir` and returns its path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write file");
    path
}

pub fn admin() -> AdminClient<DefaultClientContext> {
    ClientConfig::new()
        .set("bootstrap.servers", bootstrap())
        .create()
        .expect("admin client")
}

pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn opts() -> AdminOptions {
    AdminOptions::new().operation_timeout(Some(Duration::from_secs(15)))
}

/// Creates a topic with an independent client (not spm-kafka).
pub fn create_topic(name: &str, partitions: i32, config: &[(&str, &str)]) {
    let admin = admin();
    let mut t = NewTopic::new(name, partitions, TopicReplication::Fixed(1));
    for (k, v) in config {
        t = t.set(k, v);
    }
    let r = rt()
        .block_on(admin.create_topics([&t], &opts()))
        .expect("create_topics");
    r[0].as_ref()
        .map_err(|e| format!("{e:?}"))
        .expect("topic created");
}

/// The topic's partition count, as an independent client sees it (`None` if missing).
pub fn partition_count(topic: &str) -> Option<usize> {
    let md = admin()
        .inner()
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .expect("metadata");
    md.topics()
        .first()
        .filter(|t| t.error().is_none())
        .map(|t| t.partitions().len())
}

/// A config value of the topic as the broker reports it.
pub fn topic_config(topic: &str, key: &str) -> Option<String> {
    let admin = admin();
    let r = rt()
        .block_on(admin.describe_configs([&ResourceSpecifier::Topic(topic)], &opts()))
        .expect("describe");
    let res = r.into_iter().next().unwrap().expect("config resource");
    res.get(key).and_then(|e| e.value.clone())
}

/// Whether the key is set on the topic itself (not inherited).
pub fn is_topic_override(topic: &str, key: &str) -> bool {
    let admin = admin();
    let r = rt()
        .block_on(admin.describe_configs([&ResourceSpecifier::Topic(topic)], &opts()))
        .expect("describe");
    let res = r.into_iter().next().unwrap().expect("config resource");
    res.get(key)
        .is_some_and(|e| e.source == rdkafka::admin::ConfigSource::DynamicTopic)
}

/// Changes topic configs behind spm-kafka's back (legacy AlterConfigs: replaces all overrides).
pub fn alter_topic_configs_replacing(topic: &str, config: &[(&str, &str)]) {
    let admin = admin();
    let mut a = AlterConfig::new(ResourceSpecifier::Topic(topic));
    for (k, v) in config {
        a = a.set(k, v);
    }
    let r = rt()
        .block_on(admin.alter_configs([&a], &opts()))
        .expect("alter_configs");
    r[0].as_ref()
        .map_err(|e| format!("{e:?}"))
        .expect("altered");
}

/// Every topic name on the broker.
pub fn topic_names() -> Vec<String> {
    let md = admin()
        .inner()
        .fetch_metadata(None, Duration::from_secs(10))
        .expect("metadata");
    md.topics().iter().map(|t| t.name().to_string()).collect()
}

/// A spec with the given topics, 3 partitions, RF 1, 7 days retention.
pub fn spec_for(topics: &[&str]) -> String {
    let mut s = String::from("defaults:\n  partitions: 3\n  replication_factor: 1\n  config:\n    retention.ms: 7d\ntopics:\n");
    for t in topics {
        s.push_str(&format!("  {t}: {{}}\n"));
    }
    s
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The repository root (for scripts/kafka.sh and its state directories).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An extra local cluster started by `scripts/test.sh` (SASL_SSL broker, three-node cluster):
/// its state directory and bootstrap address, checked reachable (a failure, never a skip).
pub struct ExtraCluster {
    pub home: PathBuf,
    pub bootstrap: String,
}

impl ExtraCluster {
    fn get(
        home_var: &str,
        dir: &str,
        addr_var: &str,
        default_addr: &str,
        how: &str,
    ) -> ExtraCluster {
        let home = std::env::var(home_var)
            .map(PathBuf::from)
            .unwrap_or_else(|_| repo().join(".kafka").join(dir));
        let bootstrap = std::env::var(addr_var).unwrap_or_else(|_| default_addr.to_string());
        let first = bootstrap.split(',').next().unwrap().to_string();
        let reachable = first
            .to_socket_addrs()
            .ok()
            .and_then(|mut a| a.next())
            .is_some_and(|a| TcpStream::connect_timeout(&a, Duration::from_secs(3)).is_ok());
        assert!(
            reachable,
            "no broker at {first}: these tests need {how}. Run the suite with `scripts/test.sh`."
        );
        ExtraCluster { home, bootstrap }
    }

    /// The SASL_SSL (SCRAM-SHA-512) single broker: `SPM_KAFKA_HOME=.kafka/sasl SPM_KAFKA_PORT=9292 SPM_KAFKA_SASL=1`.
    /// `bootstrap` is its SASL_SSL listener.
    pub fn sasl() -> ExtraCluster {
        Self::get(
            "SPM_KAFKA_TEST_SASL_HOME",
            "sasl",
            "SPM_KAFKA_TEST_SASL_BOOTSTRAP",
            "127.0.0.1:9392",
            "the SASL_SSL test broker",
        )
    }

    /// The three-node cluster: `SPM_KAFKA_HOME=.kafka/three SPM_KAFKA_PORT=9492 SPM_KAFKA_NODES=3`.
    pub fn three_nodes() -> ExtraCluster {
        Self::get(
            "SPM_KAFKA_TEST_CLUSTER3_HOME",
            "three",
            "SPM_KAFKA_TEST_CLUSTER3_BOOTSTRAP",
            "127.0.0.1:9492,127.0.0.1:9494,127.0.0.1:9496",
            "the three-node test cluster",
        )
    }

    /// A single broker the fault tests may stop and restart: `SPM_KAFKA_HOME=.kafka/faults SPM_KAFKA_PORT=9692`.
    pub fn faults() -> ExtraCluster {
        Self::get(
            "SPM_KAFKA_TEST_FAULTS_HOME",
            "faults",
            "SPM_KAFKA_TEST_FAULTS_BOOTSTRAP",
            "127.0.0.1:9692",
            "the fault-test broker",
        )
    }

    /// Runs `scripts/kafka.sh ARGS` against this cluster's state directory.
    pub fn kafka_sh(&self, args: &[&str]) -> std::process::Output {
        let out = std::process::Command::new(repo().join("scripts/kafka.sh"))
            .args(args)
            .env("SPM_KAFKA_HOME", &self.home)
            .env_remove("SPM_KAFKA_PORT")
            .env_remove("SPM_KAFKA_NODES")
            .env_remove("SPM_KAFKA_SASL")
            .output()
            .expect("scripts/kafka.sh");
        assert!(
            out.status.success(),
            "kafka.sh {args:?}: {}{}",
            stdout(&out),
            stderr(&out)
        );
        out
    }
}

/// Messages on the topic (the sum of its partitions' log-end offsets), as an independent client
/// sees it; a partition that cannot be read counts as 0.
pub fn messages_on(bootstrap: &str, topic: &str) -> i64 {
    use rdkafka::consumer::{BaseConsumer, Consumer};
    let c: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", "unused-watermarks")
        .create()
        .expect("consumer");
    let partitions = c
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .ok()
        .and_then(|md| md.topics().first().map(|t| t.partitions().len() as i32))
        .unwrap_or(0);
    (0..partitions)
        .map(|p| {
            c.fetch_watermarks(topic, p, Duration::from_secs(5))
                .map(|(_, high)| high)
                .unwrap_or(0)
        })
        .sum()
}
