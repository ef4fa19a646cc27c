//! Static checks of the deployment files: docker-compose.yml, .env.example, Dockerfile,
//! .dockerignore and the CI workflow. There is no Docker engine where the tests run, so these
//! parse the files and assert what `docker compose up` relies on.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The Kafka version the local broker script (and so every e2e test) runs.
fn kafka_version() -> String {
    let script = read("scripts/kafka.sh");
    let line = script
        .lines()
        .find_map(|l| l.strip_prefix("KAFKA_VERSION="))
        .expect("KAFKA_VERSION= in scripts/kafka.sh");
    line.split_whitespace().next().unwrap().to_string()
}

#[derive(Debug, Deserialize)]
struct Compose {
    services: BTreeMap<String, Service>,
    #[serde(default)]
    volumes: BTreeMap<String, Option<Value>>,
}

#[derive(Debug, Deserialize)]
struct Service {
    image: Option<String>,
    build: Option<Value>,
    #[serde(default)]
    ports: Vec<String>,
    /// `environment` in compose, `env` in a GitHub Actions service container.
    #[serde(default, alias = "env")]
    environment: BTreeMap<String, Value>,
    #[serde(default)]
    volumes: Vec<String>,
    healthcheck: Option<Healthcheck>,
    #[serde(default)]
    depends_on: BTreeMap<String, DependsOn>,
    #[serde(default)]
    command: Vec<String>,
    restart: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Healthcheck {
    test: Vec<String>,
    interval: Option<String>,
    retries: Option<u32>,
}

#[derive(Debug, Deserialize)]
struct DependsOn {
    condition: String,
}

fn compose() -> Compose {
    serde_saphyr::from_str(&read("docker-compose.yml")).expect("docker-compose.yml parses")
}

/// An environment value as compose passes it to the container: always a string.
fn env(service: &Service, key: &str) -> String {
    match service.environment.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => panic!("environment {key} not set"),
    }
}

/// `NAME://host:port,...` → name → host:port.
fn listeners(text: &str) -> BTreeMap<String, String> {
    text.split(',')
        .map(|l| {
            let (name, addr) = l.split_once("://").expect("NAME://host:port");
            (name.to_string(), addr.to_string())
        })
        .collect()
}

#[test]
fn compose_has_exactly_the_three_services() {
    let c = compose();
    let names: Vec<&str> = c.services.keys().map(String::as_str).collect();
    assert_eq!(names, ["kafka", "kafka-setup", "kafka-ui"]);
    assert!(
        !read("docker-compose.yml").contains("zookeeper:"),
        "KRaft: no ZooKeeper service"
    );
}

#[test]
fn kafka_is_the_official_image_at_the_test_harness_version_in_kraft_mode() {
    let c = compose();
    let kafka = &c.services["kafka"];
    assert_eq!(
        kafka.image.as_deref(),
        Some(format!("apache/kafka:{}", kafka_version()).as_str())
    );
    assert_eq!(env(kafka, "KAFKA_PROCESS_ROLES"), "broker,controller");
    assert_eq!(env(kafka, "KAFKA_NODE_ID"), "1");
    assert_eq!(
        env(kafka, "KAFKA_CONTROLLER_QUORUM_VOTERS"),
        "1@kafka:29093"
    );
    assert_eq!(env(kafka, "KAFKA_AUTO_CREATE_TOPICS_ENABLE"), "false");
    for key in [
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
    ] {
        assert_eq!(env(kafka, key), "1", "{key}: one broker");
    }
    // kafka-storage.sh format needs a base64 UUID: 22 URL-safe characters = 16 bytes.
    let id = env(kafka, "CLUSTER_ID");
    assert_eq!(id.len(), 22, "{id}");
    assert!(id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    assert!(
        "AQgw".contains(id.chars().last().unwrap()),
        "{id}: the last character must carry no stray bits"
    );
}

#[test]
fn kafka_listens_on_the_host_port_and_an_internal_listener() {
    let c = compose();
    let kafka = &c.services["kafka"];
    assert_eq!(kafka.ports, ["9092:9092"]);
    let advertised = listeners(&env(kafka, "KAFKA_ADVERTISED_LISTENERS"));
    assert_eq!(advertised["PLAINTEXT_HOST"], "localhost:9092");
    assert_eq!(advertised["INTERNAL"], "kafka:29092");
    assert!(
        !advertised.contains_key("CONTROLLER"),
        "controllers are not advertised"
    );
    let bound = listeners(&env(kafka, "KAFKA_LISTENERS"));
    assert_eq!(bound["PLAINTEXT_HOST"], ":9092");
    assert_eq!(bound["INTERNAL"], ":29092");
    assert_eq!(bound["CONTROLLER"], ":29093");
    let map = env(kafka, "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP");
    let protocols: BTreeMap<&str, &str> = map
        .split(',')
        .map(|entry| entry.split_once(':').expect("NAME:PROTOCOL"))
        .collect();
    for name in ["PLAINTEXT_HOST", "INTERNAL", "CONTROLLER"] {
        assert_eq!(protocols[name], "PLAINTEXT", "{name}");
    }
    assert_eq!(env(kafka, "KAFKA_INTER_BROKER_LISTENER_NAME"), "INTERNAL");
    assert_eq!(env(kafka, "KAFKA_CONTROLLER_LISTENER_NAMES"), "CONTROLLER");
}

#[test]
fn kafka_keeps_its_data_in_a_named_volume_and_has_a_healthcheck() {
    let c = compose();
    let kafka = &c.services["kafka"];
    let log_dirs = env(kafka, "KAFKA_LOG_DIRS");
    assert_eq!(kafka.volumes, [format!("kafka-data:{log_dirs}")]);
    assert!(c.volumes.contains_key("kafka-data"));
    let hc = kafka.healthcheck.as_ref().expect("healthcheck");
    assert_eq!(hc.test[0], "CMD");
    assert!(hc.test[1].starts_with("/opt/kafka/bin/"), "{:?}", hc.test);
    assert!(
        hc.test
            .windows(2)
            .any(|w| w == ["--bootstrap-server", "localhost:9092"]),
        "{:?}",
        hc.test
    );
    assert!(hc.interval.is_some() && hc.retries.unwrap_or(0) >= 10);
}

#[test]
fn kafka_ui_is_the_maintained_image_pointed_at_the_internal_listener() {
    let c = compose();
    let ui = &c.services["kafka-ui"];
    let image = ui.image.as_deref().unwrap();
    let (name, tag) = image.split_once(':').expect("a pinned tag");
    assert_eq!(name, "ghcr.io/kafbat/kafka-ui");
    assert!(tag.starts_with('v') && tag != "latest", "{image}");
    assert_eq!(ui.ports, ["8080:8080"]);
    assert_eq!(env(ui, "KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS"), "kafka:29092");
    assert!(!env(ui, "KAFKA_CLUSTERS_0_NAME").is_empty());
    assert_eq!(ui.depends_on["kafka"].condition, "service_healthy");
}

#[test]
fn kafka_setup_runs_spm_kafka_setup_once_against_the_internal_listener() {
    let c = compose();
    let setup = &c.services["kafka-setup"];
    assert_eq!(
        setup.build,
        Some(Value::String(".".into())),
        "built from the repo's Dockerfile"
    );
    assert_eq!(setup.command, ["setup"]);
    assert_eq!(env(setup, "KAFKA_BOOTSTRAP_SERVERS"), "kafka:29092");
    assert_eq!(setup.depends_on["kafka"].condition, "service_healthy");
    assert_eq!(setup.restart.as_deref(), Some("no"), "runs once");
    // The SPM services' way to wait for the topics is documented next to it.
    assert!(read("docker-compose.yml").contains("condition: service_completed_successfully"));
}

#[test]
fn env_example_sets_what_spm_kafka_and_the_services_read() {
    let text = read(".env.example");
    let vars: BTreeMap<&str, &str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && l.contains('='))
        .map(|l| l.split_once('=').unwrap())
        .collect();
    assert_eq!(vars["KAFKA_BOOTSTRAP_SERVERS"], "localhost:9092");
    assert_eq!(vars["KAFKA_GROUP_ID"], "spm-consumer-group");
    assert!(
        read(".gitignore")
            .lines()
            .any(|l| l.trim() == ".env" || l.trim() == "/.env"),
        ".env itself stays out of git"
    );
}

/// `FROM`, `RUN`, ... instructions with continuation lines joined.
fn dockerfile() -> Vec<(String, String)> {
    let text = read("Dockerfile");
    let mut out: Vec<(String, String)> = Vec::new();
    let mut pending = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') || (trimmed.is_empty() && pending.is_empty()) {
            continue;
        }
        if let Some(head) = trimmed.strip_suffix('\\') {
            pending.push_str(head);
            pending.push(' ');
            continue;
        }
        pending.push_str(trimmed);
        let (op, rest) = pending.split_once(' ').unwrap_or((&pending, ""));
        out.push((op.to_ascii_uppercase(), rest.trim().to_string()));
        pending.clear();
    }
    out
}

#[test]
fn dockerfile_is_multi_stage_with_a_small_non_root_runtime() {
    let ins = dockerfile();
    let froms: Vec<&str> = ins
        .iter()
        .filter(|(op, _)| op == "FROM")
        .map(|(_, a)| a.as_str())
        .collect();
    assert_eq!(froms.len(), 2, "{froms:?}");
    assert!(
        froms[0].starts_with("rust:") && froms[0].ends_with(" AS build"),
        "{froms:?}"
    );
    assert!(froms[1].starts_with("debian:bookworm-slim"), "{froms:?}");

    // The build stage's Rust is at least the crate's rust-version.
    let tag = froms[0]
        .trim_start_matches("rust:")
        .split('-')
        .next()
        .unwrap();
    let manifest = read("Cargo.toml");
    let msrv = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .unwrap()
        .trim_matches('"');
    let version = |v: &str| -> Vec<u32> { v.split('.').map(|n| n.parse().unwrap()).collect() };
    assert!(
        version(tag) >= version(msrv),
        "rust:{tag} < rust-version {msrv}"
    );

    let runtime_start = ins.iter().rposition(|(op, _)| op == "FROM").unwrap();
    let runtime = &ins[runtime_start..];
    let copies: Vec<&str> = runtime
        .iter()
        .filter(|(op, _)| op == "COPY" || op == "ADD")
        .map(|(_, a)| a.as_str())
        .collect();
    assert_eq!(
        copies,
        [
            "--from=build /usr/local/bin/spm-kafka /usr/local/bin/spm-kafka",
            "--chown=root:root topics.yaml /app/topics.yaml",
        ],
        "only the binary and topics.yaml"
    );
    let workdir = runtime.iter().find(|(op, _)| op == "WORKDIR").unwrap();
    assert_eq!(
        workdir.1, "/app",
        "spm-kafka finds topics.yaml in its working directory"
    );
    let user = runtime.iter().rfind(|(op, _)| op == "USER").expect("USER");
    let uid = user.1.split(':').next().unwrap();
    assert!(uid != "root" && uid != "0", "runs as {uid}");
    let entry = runtime.iter().find(|(op, _)| op == "ENTRYPOINT").unwrap();
    assert_eq!(entry.1, r#"["spm-kafka"]"#);
    let run = runtime.iter().find(|(op, _)| op == "RUN").unwrap();
    for package in ["ca-certificates", "libssl3"] {
        assert!(run.1.contains(package), "runtime lacks {package}");
    }
    assert!(!run.1.contains("-dev"), "no build packages at run time");
}

#[test]
fn dockerignore_keeps_the_broker_and_build_output_out_of_the_context() {
    let text = read(".dockerignore");
    let rules: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(rules[0], "*", "allow-list: everything else is ignored");
    for needed in ["!Cargo.toml", "!Cargo.lock", "!src/", "!topics.yaml"] {
        assert!(rules.contains(&needed), "{needed}");
    }
    assert!(!rules
        .iter()
        .any(|r| r.contains(".kafka") || r.contains("target")));
}

#[derive(Debug, Deserialize)]
struct Workflow {
    jobs: BTreeMap<String, Job>,
}

#[derive(Debug, Deserialize)]
struct Job {
    #[serde(default)]
    services: BTreeMap<String, Service>,
    #[serde(default)]
    steps: Vec<Step>,
}

#[derive(Debug, Deserialize)]
struct Step {
    run: Option<String>,
}

#[test]
fn ci_example_starts_kafka_then_runs_setup_and_verify() {
    let w: Workflow = serde_saphyr::from_str(&read(".github/workflows/ci.yml"))
        .expect(".github/workflows/ci.yml parses");
    let job = &w.jobs["kafka-topics"];
    let kafka = &job.services["kafka"];
    assert_eq!(
        kafka.image.as_deref(),
        Some(format!("apache/kafka:{}", kafka_version()).as_str())
    );
    assert_eq!(kafka.ports, ["9092:9092"]);
    assert_eq!(env(kafka, "KAFKA_PROCESS_ROLES"), "broker,controller");
    assert_eq!(
        listeners(&env(kafka, "KAFKA_ADVERTISED_LISTENERS"))["PLAINTEXT"],
        "localhost:9092"
    );
    assert_eq!(env(kafka, "KAFKA_AUTO_CREATE_TOPICS_ENABLE"), "false");
    let runs: Vec<&str> = job.steps.iter().filter_map(|s| s.run.as_deref()).collect();
    let position = |cmd: &str| {
        runs.iter()
            .position(|r| r.contains(&format!("spm-kafka {cmd}")))
            .unwrap_or_else(|| panic!("no step runs spm-kafka {cmd}: {runs:?}"))
    };
    assert!(position("setup") < position("verify"));
    assert!(runs[0].starts_with("cargo build"), "{runs:?}");
    // The project's own suite runs there too, the way .ci/run runs it.
    let test = &w.jobs["test"];
    assert!(test
        .steps
        .iter()
        .any(|s| s.run.as_deref() == Some("scripts/test.sh")));
    assert!(read(".ci/run").contains("scripts/test.sh"));
}
