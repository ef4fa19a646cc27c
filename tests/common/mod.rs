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

/// The one hermetic `spm-kafka` every test starts from: the built binary with every `KAFKA_*`,
/// `SPM_KAFKA_*` and `NO_COLOR` variable of the caller removed (a test sets what it needs on the
/// returned command), `NO_COLOR=1`, run in `dir` (a [`workdir`]: no stray `.env` or topics.yaml),
/// and no bootstrap. A `std::process::Command`, for tests that spawn it and read it as it runs;
/// the `spm_*` functions below wrap it for `assert_cmd`.
pub fn hermetic_process(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_spm-kafka"));
    for (key, _) in std::env::vars_os() {
        let Some(k) = key.to_str() else { continue };
        if k.starts_with("KAFKA_") || k.starts_with("SPM_KAFKA_") || k == "NO_COLOR" {
            cmd.env_remove(&key);
        }
    }
    cmd.env("NO_COLOR", "1").current_dir(dir);
    cmd
}

/// [`hermetic_process`] pointed at `bootstrap` with `--timeout`.
pub fn spm_process_at(dir: &Path, bootstrap: &str, timeout: &str) -> std::process::Command {
    let mut cmd = hermetic_process(dir);
    cmd.args(["-b", bootstrap, "--timeout", timeout]);
    cmd
}

/// [`hermetic_process`] pointed at the test broker.
pub fn spm_process(dir: &Path) -> std::process::Command {
    spm_process_at(dir, &bootstrap(), "15s")
}

/// `spm-kafka`, hermetic, with no bootstrap at all (for what reads none, or sets its own).
pub fn spm_bare(dir: &Path) -> Command {
    let mut cmd = Command::from_std(hermetic_process(dir));
    cmd.timeout(Duration::from_secs(120));
    cmd
}

/// `spm-kafka`, hermetic, pointed at `bootstrap` with `--timeout`.
pub fn spm_at(dir: &Path, bootstrap: &str, timeout: &str) -> Command {
    let mut cmd = Command::from_std(spm_process_at(dir, bootstrap, timeout));
    cmd.timeout(Duration::from_secs(120));
    cmd
}

/// `spm-kafka`, hermetic, pointed at the test broker with `--timeout 15s`.
pub fn spm_in(dir: &Path) -> Command {
    spm_at(dir, &bootstrap(), "15s")
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
    wait_for_leaders(name, partitions);
}

/// Waits until the broker's metadata shows every partition of a just-created topic with a
/// leader: CreateTopics answers once the controller has the topic, a moment before the
/// broker serving metadata knows it, and a command started in that moment says "does not exist".
pub fn wait_for_leaders(topic: &str, partitions: i32) {
    let admin = admin();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let md = admin
            .inner()
            .fetch_metadata(Some(topic), Duration::from_secs(10))
            .expect("metadata");
        let ready = md.topics().first().is_some_and(|t| {
            t.error().is_none()
                && t.partitions().len() == partitions as usize
                && t.partitions().iter().all(|p| p.leader() >= 0)
        });
        if ready {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{topic}: no leader for all {partitions} partitions within 30 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
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

/// The topic's config entry for `key`, as the broker describes it.
fn config_entry(topic: &str, key: &str) -> Option<rdkafka::admin::ConfigEntry> {
    let admin = admin();
    let r = rt()
        .block_on(admin.describe_configs([&ResourceSpecifier::Topic(topic)], &opts()))
        .expect("describe");
    let res = r.into_iter().next().unwrap().expect("config resource");
    res.entries.into_iter().find(|e| e.name == key)
}

/// A config value of the topic as the broker reports it.
pub fn topic_config(topic: &str, key: &str) -> Option<String> {
    config_entry(topic, key).and_then(|e| e.value)
}

/// Whether the key is set on the topic itself (not inherited).
pub fn is_topic_override(topic: &str, key: &str) -> bool {
    config_entry(topic, key).is_some_and(|e| e.source == rdkafka::admin::ConfigSource::DynamicTopic)
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
    // The controller has the change when AlterConfigs answers; the broker's DescribeConfigs
    // may show it a moment later (KRaft metadata propagation, slower under load). Wait for it,
    // so the test checks spm-kafka rather than that race.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    for (k, v) in config {
        while topic_config(topic, k).as_deref() != Some(*v) {
            assert!(
                std::time::Instant::now() < deadline,
                "{topic}: {k} never read back as {v}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
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
/// sees it. Panics, with the reason, when the topic is missing or a partition cannot be read:
/// a count of 0 then would make "nothing was sent" pass without anything having been checked.
pub fn messages_on(bootstrap: &str, topic: &str) -> i64 {
    use rdkafka::consumer::{BaseConsumer, Consumer};
    let c: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", "unused-watermarks")
        .create()
        .expect("consumer");
    let md = c
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .unwrap_or_else(|e| {
            panic!("cannot count messages on {topic} at {bootstrap}: metadata: {e}")
        });
    let t = md.topics().first().unwrap_or_else(|| {
        panic!("cannot count messages on {topic} at {bootstrap}: not in metadata")
    });
    if let Some(e) = t.error() {
        panic!("cannot count messages on {topic} at {bootstrap}: {e:?}");
    }
    assert!(
        !t.partitions().is_empty(),
        "cannot count messages on {topic} at {bootstrap}: no partitions in metadata"
    );
    t.partitions()
        .iter()
        .map(|p| {
            c.fetch_watermarks(topic, p.id(), Duration::from_secs(5))
                .map(|(_, high)| high)
                .unwrap_or_else(|e| {
                    panic!(
                        "cannot count messages on {topic} at {bootstrap}: partition {}: {e}",
                        p.id()
                    )
                })
        })
        .sum()
}

/// Runs `tests/common/kafka_clients.py CMD ARGS`: the independent client the tests check the
/// broker with (Python confluent-kafka, as the SPM services use it). `args` is a JSON object;
/// `bootstrap` defaults to the test broker. Panics with the script's stderr if it fails;
/// returns its stdout.
pub fn kafka_client(cmd: &str, args: serde_json::Value) -> String {
    let out = kafka_client_process(cmd, args)
        .output()
        .expect("python3 runs (scripts/test.sh installs confluent-kafka)");
    assert!(
        out.status.success(),
        "kafka_clients.py {cmd} failed: {}",
        stderr(&out)
    );
    stdout(&out)
}

/// [`kafka_client`] as a process not yet started (for the long-running commands, like `hold`).
pub fn kafka_client_process(cmd: &str, mut args: serde_json::Value) -> std::process::Command {
    if args.get("bootstrap").is_none() {
        args["bootstrap"] = serde_json::json!(bootstrap());
    }
    let mut c = std::process::Command::new("python3");
    c.arg(repo().join("tests/common/kafka_clients.py"))
        .args([cmd, &args.to_string()]);
    c
}

/// The group's committed offset of each partition, read with an independent client that does
/// not join the group (`None`: nothing committed).
pub fn committed(group: &str, topic: &str, partitions: i32) -> Vec<Option<i64>> {
    let out = kafka_client(
        "committed",
        serde_json::json!({"group": group, "topic": topic, "partitions": partitions}),
    );
    let v: std::collections::BTreeMap<String, Option<i64>> =
        serde_json::from_str(out.trim()).expect("json");
    (0..partitions).map(|p| v[&p.to_string()]).collect()
}

/// The lines a child writes to `out`, as they come (a thread reads them), so that a test can
/// wait for one with a deadline.
pub fn lines_of(out: impl std::io::Read + Send + 'static) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Fails with the whole text when `needle` is not in it.
#[track_caller]
pub fn assert_contains(text: &str, needle: &str) {
    assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
}

/// Fails with the whole text when `needle` is in it.
#[track_caller]
pub fn assert_lacks(text: &str, needle: &str) {
    assert!(
        !text.contains(needle),
        "did not expect {needle:?} in:\n{text}"
    );
}
