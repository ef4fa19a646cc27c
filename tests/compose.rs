//! The deployment files. The compose files are checked by Docker Compose itself: `config` loads,
//! interpolates and validates a project against the Compose specification without a Docker
//! engine. The binary is the real Compose v2, built once per machine by `scripts/compose.sh`
//! (`scripts/test.sh` exports its path as `SPM_KAFKA_COMPOSE`). What Compose cannot know — that
//! the broker's listeners, the published ports and the clients' addresses fit together — is
//! checked on Compose's normalised model (`config --format json`), never on the YAML text.
//! The Dockerfile, .dockerignore and the CI workflow, which have no such tool here, are read
//! directly.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

/// One way the repository's compose files are run: `docker compose -f FILE... --profile P...`.
struct Project {
    files: &'static [&'static str],
    profiles: &'static [&'static str],
}

/// Every compose project the repository ships. A new compose file, override file or profile is
/// one more line here (`every_compose_file_and_profile_the_repository_ships_is_checked` fails
/// until it is).
const PROJECTS: &[Project] = &[
    Project {
        files: &["docker-compose.yml"],
        profiles: &[],
    },
    Project {
        files: &["docker-compose.yml"],
        profiles: &["monitoring"],
    },
    // The secure variant: access control and SCRAM logins (README, "Access control").
    Project {
        files: &["docker-compose.yml", "compose.secure.yml"],
        profiles: &[],
    },
    // Secure, with monitoring: the exporter reads through the internal listener.
    Project {
        files: &["docker-compose.yml", "compose.secure.yml"],
        profiles: &["monitoring"],
    },
];

/// The environment the projects are interpolated with: what `cp .env.example .env` gives.
const ENV_FILE: &str = ".env.example";

/// Where containers of the project reach the broker, as the README and docker-compose.yml say.
const INTERNAL_BOOTSTRAP: &str = "kafka:29092";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    let full = repo().join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// `NAME=value` of a line of a repository script (`KAFKA_VERSION=4.1.1  # ...`).
fn script_value(script: &str, name: &str) -> String {
    let text = read(script);
    let prefix = format!("{name}=");
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix(prefix.as_str()))
        .unwrap_or_else(|| panic!("{name}= in {script}"));
    line.split_whitespace().next().unwrap().to_string()
}

/// The Kafka version the local broker script (and so every e2e test) runs.
fn kafka_version() -> String {
    script_value("scripts/kafka.sh", "KAFKA_VERSION")
}

/// The Docker Compose binary, at the version `scripts/compose.sh` pins. Missing is a failure
/// that says how to build it, never a skip.
fn compose_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let pinned = script_value("scripts/compose.sh", "COMPOSE_VERSION");
        let how = format!(
            "build it once with `scripts/compose.sh` (Docker Compose {pinned} from the Go module \
             proxy, about 2 minutes, needs Go), then rerun; scripts/test.sh does this itself"
        );
        let path = match std::env::var_os("SPM_KAFKA_COMPOSE") {
            Some(path) => PathBuf::from(path),
            None => {
                let out = Command::new(repo().join("scripts/compose.sh"))
                    .arg("--cached")
                    .output()
                    .expect("run scripts/compose.sh --cached");
                assert!(
                    out.status.success(),
                    "the compose tests need the Docker Compose binary: {how}\n{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
            }
        };
        let out = Command::new(&path)
            .args(["version", "--short"])
            .output()
            .unwrap_or_else(|e| panic!("SPM_KAFKA_COMPOSE={}: {e}; {how}", path.display()));
        let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert_eq!(
            version,
            pinned.trim_start_matches('v'),
            "{} is not the pinned Docker Compose {pinned}; {how}",
            path.display()
        );
        path
    })
}

/// What Compose said about a project: its exit status and both streams.
struct Said {
    ok: bool,
    stdout: String,
    stderr: String,
}

/// `docker-compose --env-file .env.example -f ... --profile ... ARGS` in `dir`, with nothing of
/// the caller's environment (no COMPOSE_FILE, COMPOSE_PROFILES or variable that would win over
/// the env file).
fn compose(dir: &Path, project: &Project, args: &[&str]) -> Said {
    let mut cmd = Command::new(compose_binary());
    cmd.current_dir(dir)
        .env_clear()
        .args(["--env-file", ENV_FILE]);
    for file in project.files {
        cmd.args(["-f", file]);
    }
    for profile in project.profiles {
        cmd.args(["--profile", profile]);
    }
    let out = cmd.args(args).output().expect("run docker-compose");
    Said {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `-f FILE... --profile P...`, as a person would type it.
fn describe(project: &Project) -> String {
    let files = project.files.iter().map(|f| format!("-f {f}"));
    let profiles = project.profiles.iter().map(|p| format!("--profile {p}"));
    files.chain(profiles).collect::<Vec<_>>().join(" ")
}

/// Compose's verdict on a project: `config -q` and `config --format json` succeed with nothing
/// on stderr (Compose prints warnings there: an unset variable, an obsolete attribute), and the
/// normalised model.
fn load(dir: &Path, project: &Project) -> Result<Value, String> {
    let mut model = Value::Null;
    for args in [&["config", "-q"][..], &["config", "--format", "json"]] {
        let said = compose(dir, project, args);
        let command = format!(
            "docker-compose --env-file {ENV_FILE} {} {} (in {})",
            describe(project),
            args.join(" "),
            dir.display()
        );
        if !said.ok {
            return Err(format!("{command} failed:\n{}", said.stderr));
        }
        if !said.stderr.trim().is_empty() {
            return Err(format!("{command} warned:\n{}", said.stderr));
        }
        if args.contains(&"json") {
            model = serde_json::from_str(&said.stdout)
                .map_err(|e| format!("{command}: not JSON: {e}"))?;
        }
    }
    Ok(model)
}

/// The variables a project is interpolated with (`config --environment`), as Compose reads
/// .env.example.
fn interpolation_env(dir: &Path, project: &Project) -> BTreeMap<String, String> {
    let said = compose(dir, project, &["config", "--environment"]);
    assert!(said.ok, "config --environment: {}", said.stderr);
    said.stdout
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Everything Compose accepts but `docker compose up` would still get wrong, in a project's
/// normalised model. `dir` is where the project lives (its Dockerfile).
fn problems(model: &Value, env: &BTreeMap<String, String>, dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Some(services) = model["services"].as_object() else {
        return vec!["no services".into()];
    };
    let brokers: Vec<Broker> = services
        .iter()
        .filter(|(_, s)| var(s, "KAFKA_PROCESS_ROLES").is_some())
        .map(|(name, s)| Broker::new(name, s, &mut out))
        .collect();
    if brokers.is_empty() {
        out.push("no Kafka broker (a service with KAFKA_PROCESS_ROLES)".into());
        return out;
    }
    let broker_count = brokers
        .iter()
        .filter(|b| b.roles.contains("broker"))
        .count();
    for broker in &brokers {
        broker.check(&brokers, broker_count, &mut out);
    }
    let internal: BTreeSet<String> = brokers.iter().flat_map(|b| b.in_network()).collect();
    let from_host: BTreeSet<String> = brokers
        .iter()
        .flat_map(|b| b.reachable_from_host())
        .collect();
    if !internal.contains(INTERNAL_BOOTSTRAP) {
        out.push(format!(
            "no broker advertises {INTERNAL_BOOTSTRAP}, the address the README gives containers \
             (in-network listeners: {internal:?})"
        ));
    }

    // Programs on this machine read KAFKA_BOOTSTRAP_SERVERS from .env.
    match env.get("KAFKA_BOOTSTRAP_SERVERS") {
        None => out.push(format!("{ENV_FILE} does not set KAFKA_BOOTSTRAP_SERVERS")),
        Some(value) => {
            for addr in value.split(',').filter(|a| !from_host.contains(*a)) {
                out.push(format!(
                    "{ENV_FILE}: KAFKA_BOOTSTRAP_SERVERS={value}: {addr} is not a broker \
                     address reachable from this machine (published and advertised: {from_host:?})"
                ));
            }
        }
    }

    let is_broker = |name: &str| brokers.iter().any(|b| b.name == name);
    let localhost: BTreeSet<String> = brokers.iter().flat_map(|b| b.on_localhost()).collect();
    for (name, service) in services.iter().filter(|(n, _)| !is_broker(n)) {
        // A service needs Kafka when it is given a bootstrap address, in its environment or
        // on its command line (an exporter's --kafka.server=...).
        let args = ["entrypoint", "command"]
            .into_iter()
            .flat_map(|key| service[key].as_array().into_iter().flatten())
            .filter_map(Value::as_str)
            .map(|arg| (None, arg));
        let vars = environment(service).map(|(key, value)| (Some(key), value));
        let texts: Vec<(Option<&str>, &str)> = vars.chain(args).collect();
        let mentions = |text: &str, addresses: &BTreeSet<String>| {
            addresses.iter().any(|a| text.contains(a.as_str()))
        };
        let mut uses_kafka = false;
        for (key, value) in texts {
            let upper = key.unwrap_or("").to_ascii_uppercase();
            let bootstrap_var =
                upper.ends_with("BOOTSTRAP_SERVERS") || upper.ends_with("BOOTSTRAPSERVERS");
            uses_kafka |=
                bootstrap_var || mentions(value, &internal) || mentions(value, &localhost);
            let wrong = mentions(value, &localhost)
                || (bootstrap_var && value.split(',').any(|a| !internal.contains(a)));
            if wrong {
                let what = key.map_or(format!("command line {value}"), |k| format!("{k}={value}"));
                out.push(format!(
                    "{name}: {what}: containers reach Kafka at {INTERNAL_BOOTSTRAP} \
                     (localhost is the container itself)"
                ));
            }
        }
        let waits = depends_on(service).any(|(target, condition)| {
            (is_broker(target) && condition == "service_healthy")
                || (target == "kafka-setup" && condition == "service_completed_successfully")
        });
        if uses_kafka && !waits {
            out.push(format!(
                "{name} uses Kafka but starts without waiting for it: depends_on a broker \
                 (condition: service_healthy) or kafka-setup (service_completed_successfully)"
            ));
        }
    }

    match services.get("kafka-setup") {
        None => {
            out.push("no kafka-setup service (the SPM services wait for it by that name)".into())
        }
        Some(setup) => check_setup(setup, &brokers, dir, &mut out),
    }

    for (name, service) in services {
        for (target, condition) in depends_on(service) {
            let hc = services
                .get(target)
                .map_or(&Value::Null, |s| &s["healthcheck"]);
            if condition == "service_healthy" && (hc.is_null() || hc["disable"] == true) {
                out.push(format!(
                    "{name} waits for {target} to be healthy, but {target} has no healthcheck"
                ));
            }
        }
        if service["build"].is_null() {
            let image = service["image"].as_str().unwrap_or("");
            let tag = image
                .rsplit('/')
                .next()
                .unwrap()
                .split_once(':')
                .map(|t| t.1);
            if !image.contains('@') && matches!(tag, None | Some("latest")) {
                out.push(format!("{name}: image {image} is not pinned to a version"));
            }
        }
    }
    out
}

/// kafka-setup runs `spm-kafka setup` from this repository's Dockerfile once, after the broker
/// is healthy.
fn check_setup(setup: &Value, brokers: &[Broker], dir: &Path, out: &mut Vec<String>) {
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let context = setup["build"]["context"].as_str().map(Path::new);
    let dockerfile = context.map(|c| c.join(setup["build"]["dockerfile"].as_str().unwrap_or("")));
    if context.map(canonical) != Some(canonical(dir))
        || dockerfile.as_deref().map(canonical) != Some(canonical(&dir.join("Dockerfile")))
    {
        out.push(format!(
            "kafka-setup is not built from this repository's Dockerfile (build: {})",
            setup["build"]
        ));
    }
    let entrypoint_ok =
        setup["entrypoint"].is_null() || setup["entrypoint"] == serde_json::json!(["spm-kafka"]);
    if !entrypoint_ok || setup["command"][0] != "setup" {
        out.push(format!(
            "kafka-setup does not run `spm-kafka setup` (entrypoint {}, command {})",
            setup["entrypoint"], setup["command"]
        ));
    }
    if !depends_on(setup).any(|(target, condition)| {
        brokers.iter().any(|b| b.name == target) && condition == "service_healthy"
    }) {
        out.push(format!(
            "kafka-setup does not wait for a healthy broker (depends_on: {})",
            setup["depends_on"]
        ));
    }
    if matches!(setup["restart"].as_str(), Some("always" | "unless-stopped")) {
        out.push(format!(
            "kafka-setup runs once: restart {} would run it again and again",
            setup["restart"]
        ));
    }
}

/// A service's environment as strings (Compose normalises every value to one).
fn environment(service: &Value) -> impl Iterator<Item = (&str, &str)> {
    service["environment"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
}

fn var<'a>(service: &'a Value, key: &str) -> Option<&'a str> {
    service["environment"][key].as_str()
}

/// `depends_on` as (service, condition).
fn depends_on(service: &Value) -> impl Iterator<Item = (&str, &str)> {
    service["depends_on"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            (
                k.as_str(),
                v["condition"].as_str().unwrap_or("service_started"),
            )
        })
}

/// `host:port` → (host, port).
fn host_port(addr: &str) -> Option<(&str, u16)> {
    let (host, port) = addr.rsplit_once(':')?;
    Some((host, port.parse().ok()?))
}

/// Kafka's `NAME://host:port,...` (listeners, advertised.listeners) → name → (host, port).
fn listeners(text: &str) -> Result<BTreeMap<String, (String, u16)>, String> {
    text.split(',')
        .map(|l| {
            let (name, addr) = l
                .split_once("://")
                .ok_or(format!("{l}: not NAME://host:port"))?;
            let (host, port) = host_port(addr).ok_or(format!("{l}: not NAME://host:port"))?;
            Ok((name.to_string(), (host.to_string(), port)))
        })
        .collect()
}

/// A Kafka node of the project (a service with KAFKA_PROCESS_ROLES), as Compose resolved it.
struct Broker<'a> {
    name: &'a str,
    service: &'a Value,
    roles: BTreeSet<&'a str>,
    node_id: Option<&'a str>,
    listeners: BTreeMap<String, (String, u16)>,
    advertised: BTreeMap<String, (String, u16)>,
    controllers: BTreeSet<&'a str>,
}

impl<'a> Broker<'a> {
    fn new(name: &'a str, service: &'a Value, out: &mut Vec<String>) -> Self {
        let mut parsed = |key: &str| match var(service, key).map(listeners) {
            Some(Ok(l)) => l,
            Some(Err(e)) => {
                out.push(format!("{name}: {key}: {e}"));
                BTreeMap::new()
            }
            None => BTreeMap::new(),
        };
        let listeners = parsed("KAFKA_LISTENERS");
        let advertised = parsed("KAFKA_ADVERTISED_LISTENERS");
        let list = |key: &str| -> BTreeSet<&'a str> {
            var(service, key)
                .map(|v| v.split(',').collect())
                .unwrap_or_default()
        };
        Broker {
            name,
            service,
            roles: list("KAFKA_PROCESS_ROLES"),
            node_id: var(service, "KAFKA_NODE_ID"),
            listeners,
            advertised,
            controllers: list("KAFKA_CONTROLLER_LISTENER_NAMES"),
        }
    }

    /// The names other containers of the project resolve to this service.
    fn dns_names(&self) -> BTreeSet<&str> {
        let mut names = BTreeSet::from([self.name]);
        names.extend(self.service["container_name"].as_str());
        for network in self.service["networks"].as_object().into_iter().flatten() {
            let aliases = network.1["aliases"].as_array().into_iter().flatten();
            names.extend(aliases.filter_map(Value::as_str));
        }
        names
    }

    /// Advertised addresses that containers of the project can reach.
    fn in_network(&self) -> Vec<String> {
        let names = self.dns_names();
        self.advertised
            .values()
            .filter(|(host, _)| names.contains(host.as_str()))
            .map(|(host, port)| format!("{host}:{port}"))
            .collect()
    }

    /// Advertised addresses on localhost: right for programs on this machine, wrong in a
    /// container (where localhost is the container itself).
    fn on_localhost(&self) -> Vec<String> {
        self.advertised
            .values()
            .filter(|(host, _)| is_localhost(host))
            .map(|(host, port)| format!("{host}:{port}"))
            .collect()
    }

    /// Advertised addresses that programs on the machine running Compose can reach: on
    /// localhost, at a port published to the listener.
    fn reachable_from_host(&self) -> Vec<String> {
        self.advertised
            .iter()
            .filter(|(listener, (host, port))| {
                let bound = self.listeners.get(*listener).map(|l| l.1);
                is_localhost(host) && bound.is_some_and(|b| self.published(b).contains(port))
            })
            .map(|(_, (host, port))| format!("{host}:{port}"))
            .collect()
    }

    /// The host port Compose publishes for container port `target`.
    fn published(&self, target: u16) -> Vec<u16> {
        let ports = self.service["ports"].as_array().into_iter().flatten();
        ports
            .filter(|p| p["target"] == target)
            .filter_map(|p| p["published"].as_str()?.parse().ok())
            .collect()
    }

    fn check(&self, nodes: &[Broker], broker_count: usize, out: &mut Vec<String>) {
        let name = self.name;
        let image = self.service["image"].as_str().unwrap_or("");
        let expected = format!("apache/kafka:{}", kafka_version());
        if image != expected {
            out.push(format!(
                "{name}: image {image}, but the tests run Kafka {} (scripts/kafka.sh): {expected}",
                kafka_version()
            ));
        }

        // Every listener has a security protocol, and the names the broker uses are listeners.
        let protocols: BTreeMap<&str, &str> =
            var(self.service, "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")
                .unwrap_or("")
                .split(',')
                .filter_map(|e| e.split_once(':'))
                .collect();
        for listener in self.listeners.keys() {
            if !protocols.contains_key(listener.as_str()) {
                out.push(format!(
                    "{name}: listener {listener} has no security protocol in \
                     KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"
                ));
            }
        }
        if self.roles.contains("controller") {
            for controller in &self.controllers {
                if !self.listeners.contains_key(*controller) {
                    out.push(format!(
                        "{name}: controller listener {controller} is not in KAFKA_LISTENERS"
                    ));
                }
            }
        }
        if self.roles.contains("broker") {
            let inter =
                var(self.service, "KAFKA_INTER_BROKER_LISTENER_NAME").unwrap_or("PLAINTEXT");
            if !self.advertised.contains_key(inter) {
                out.push(format!(
                    "{name}: the inter-broker listener {inter} is not advertised"
                ));
            }
        }

        // What the broker tells clients must be where they can connect: in the project network
        // on the bound port, or on this machine through a published port.
        let dns = self.dns_names();
        for (listener, (host, port)) in &self.advertised {
            let address = format!("{listener}://{host}:{port}");
            if self.controllers.contains(listener.as_str()) {
                continue; // for the quorum, checked below
            }
            let Some((_, bound)) = self.listeners.get(listener) else {
                out.push(format!(
                    "{name}: advertises {address}, but KAFKA_LISTENERS has no {listener}"
                ));
                continue;
            };
            if is_localhost(host) {
                if !self.published(*bound).contains(port) {
                    out.push(format!(
                        "{name}: advertises {address} to this machine, but port {port} is not \
                         published to the listener's port {bound} (ports: {})",
                        self.service["ports"]
                    ));
                }
            } else if !dns.contains(host.as_str()) {
                out.push(format!(
                    "{name}: advertises {address}, a host the project's containers cannot \
                     resolve (the service is reachable as {dns:?})"
                ));
            } else if port != bound {
                out.push(format!(
                    "{name}: advertises {address}, but {listener} listens on port {bound}"
                ));
            }
        }
        for listener in self.listeners.keys() {
            if !self.controllers.contains(listener.as_str())
                && !self.advertised.contains_key(listener)
            {
                out.push(format!(
                    "{name}: listener {listener} is not in KAFKA_ADVERTISED_LISTENERS (clients \
                     connecting to it would be told of no broker)"
                ));
            }
        }

        // KRaft: every voter is a node of the project, on its controller listener.
        if self.roles.contains("controller") || self.roles.contains("broker") {
            match var(self.service, "KAFKA_CONTROLLER_QUORUM_VOTERS") {
                None => out.push(format!("{name}: no KAFKA_CONTROLLER_QUORUM_VOTERS")),
                Some(voters) => {
                    for voter in voters.split(',') {
                        let node = voter.split_once('@').and_then(|(id, addr)| {
                            let (host, port) = host_port(addr)?;
                            let node = nodes.iter().find(|n| n.node_id == Some(id))?;
                            let listens = node
                                .controllers
                                .iter()
                                .any(|c| node.listeners.get(*c).map(|l| l.1) == Some(port));
                            (listens && node.dns_names().contains(host)).then_some(node)
                        });
                        if node.is_none() {
                            out.push(format!(
                                "{name}: quorum voter {voter} is not a node of the project on \
                                 its controller listener"
                            ));
                        }
                    }
                }
            }
        }

        // The healthcheck asks the broker on a port it listens on.
        let test: Vec<&str> = self.service["healthcheck"]["test"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .flat_map(str::split_whitespace)
            .collect();
        if let Some(i) = test.iter().position(|a| *a == "--bootstrap-server") {
            let bound: BTreeSet<u16> = self
                .listeners
                .iter()
                .filter(|(l, _)| !self.controllers.contains(l.as_str()))
                .map(|(_, (_, p))| *p)
                .collect();
            match test.get(i + 1).and_then(|a| host_port(a)) {
                Some((host, port)) if is_localhost(host) && bound.contains(&port) => {}
                _ => out.push(format!(
                    "{name}: the healthcheck asks {:?}, not a client listener of the broker itself",
                    test.get(i + 1)
                )),
            }
        }

        if self.roles.contains("broker") {
            // Internal topics need this many brokers; Kafka's defaults (3, min ISR 2) never
            // come up on fewer.
            for (key, default) in [
                ("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", 3),
                ("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", 3),
                ("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", 2),
                ("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", 3),
                ("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", 2),
            ] {
                let value = var(self.service, key).map_or(Some(default), |v| v.parse().ok());
                if value.is_none_or(|v| v > broker_count) {
                    out.push(format!(
                        "{name}: {key} is {} but the project has {broker_count} broker(s)",
                        var(self.service, key).unwrap_or(&format!("{default} (Kafka's default)"))
                    ));
                }
            }
            // Topics come from topics.yaml, never from a typo in a producer (README).
            if var(self.service, "KAFKA_AUTO_CREATE_TOPICS_ENABLE") != Some("false") {
                out.push(format!(
                    "{name}: KAFKA_AUTO_CREATE_TOPICS_ENABLE is not \"false\""
                ));
            }
        }

        // The data survives `docker compose down`: the log directory is on a named volume.
        let log_dir = var(self.service, "KAFKA_LOG_DIRS").unwrap_or("/tmp/kraft-combined-logs");
        let on_volume = self.service["volumes"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|v| {
                let target = v["target"].as_str().unwrap_or("\0");
                v["type"] == "volume"
                    && (log_dir == target
                        || log_dir.starts_with(&format!("{}/", target.trim_end_matches('/'))))
            });
        if !on_volume {
            out.push(format!(
                "{name}: the log directory {log_dir} is not on a named volume (the topics would \
                 go with the container)"
            ));
        }

        // kafka-storage.sh format needs a base64 UUID: 22 URL-safe characters = 16 bytes, the
        // last character carrying no stray bits.
        if let Some(id) = var(self.service, "CLUSTER_ID") {
            let base64url = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
            if id.len() != 22 || !id.chars().all(base64url) || !id.ends_with(['A', 'Q', 'g', 'w']) {
                out.push(format!(
                    "{name}: CLUSTER_ID {id} is not a base64 UUID (kafka-storage.sh random-uuid)"
                ));
            }
        }
    }
}

fn is_localhost(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

/// The `monitoring` profile: `spm-kafka exporter` listening where other containers reach it,
/// published, and a Prometheus whose mounted config scrapes exactly that address and loads the
/// alert rules it mounts (which promtool accepts).
#[test]
fn the_monitoring_profile_scrapes_the_exporter() {
    let model = load(repo(), &PROJECTS[1]).unwrap_or_else(|e| panic!("{e}"));
    let services = &model["services"];
    let exporter = &services["exporter"];
    let args: Vec<&str> = exporter["command"]
        .as_array()
        .expect("exporter has a command")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(args.first(), Some(&"exporter"), "{args:?}");
    let listen = args
        .windows(2)
        .find(|w| w[0] == "--listen")
        .map(|w| w[1])
        .unwrap_or("127.0.0.1:9308");
    let (host, port) = listen.rsplit_once(':').unwrap();
    assert!(
        !is_localhost(host),
        "exporter listens on {listen}: unreachable from the Prometheus container"
    );
    let port: u16 = port.parse().unwrap();
    assert!(
        exporter["ports"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["target"] == port),
        "exporter does not publish {port}: {}",
        exporter["ports"]
    );
    let without = load(repo(), &PROJECTS[0]).unwrap();
    assert!(
        without["services"]["exporter"].is_null() && without["services"]["prometheus"].is_null(),
        "exporter and prometheus are only in the monitoring profile"
    );

    let prometheus = &services["prometheus"];
    let mounts: BTreeMap<&str, &str> = prometheus["volumes"]
        .as_array()
        .expect("prometheus mounts its config")
        .iter()
        .filter_map(|v| Some((v["target"].as_str()?, v["source"].as_str()?)))
        .collect();
    let config_path = mounts
        .get("/etc/prometheus/prometheus.yml")
        .expect("prometheus.yml mounted where the image reads it");
    let config: Value = serde_saphyr::from_str(&std::fs::read_to_string(config_path).unwrap())
        .expect("prometheus.yml is YAML");
    let targets: Vec<&str> = config["scrape_configs"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|j| j["static_configs"].as_array().into_iter().flatten())
        .flat_map(|c| c["targets"].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(targets, vec![format!("exporter:{port}")], "{config}");
    for rules in config["rule_files"].as_array().into_iter().flatten() {
        let inside = rules.as_str().unwrap();
        let source = mounts
            .get(inside)
            .unwrap_or_else(|| panic!("rule file {inside} is not mounted: {mounts:?}"));
        let out = Command::new("promtool")
            .args(["check", "rules", source])
            .output()
            .expect("promtool (scripts/test.sh installs Debian's prometheus)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn every_project_is_valid_compose_without_warnings_and_fits_together() {
    for project in PROJECTS {
        let model = load(repo(), project).unwrap_or_else(|e| panic!("{e}"));
        let env = interpolation_env(repo(), project);
        let found = problems(&model, &env, repo());
        assert!(
            found.is_empty(),
            "{}:\n{}",
            describe(project),
            found.join("\n")
        );
    }
}

/// Compose file names (`docker compose` reads compose.yaml, docker-compose.yml and their
/// `.override.yml`; variants are named `compose.NAME.yml` / `docker-compose.NAME.yml`).
fn is_compose_file(name: &str) -> bool {
    (name.starts_with("compose") || name.starts_with("docker-compose"))
        && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

fn compose_files_in(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            if !name.starts_with('.') && name != "target" {
                compose_files_in(&path, found);
            }
        } else if is_compose_file(&name) {
            let relative = path.strip_prefix(repo()).unwrap();
            found.push(relative.to_string_lossy().into_owned());
        }
    }
}

#[test]
fn every_compose_file_and_profile_the_repository_ships_is_checked() {
    let mut files = Vec::new();
    compose_files_in(repo(), &mut files);
    assert!(!files.is_empty());
    for file in &files {
        assert!(
            PROJECTS.iter().any(|p| p.files.contains(&file.as_str())),
            "{file} is not in PROJECTS of tests/compose.rs: add the way it is run"
        );
    }
    for project in PROJECTS {
        let said = compose(repo(), project, &["config", "--profiles"]);
        assert!(said.ok, "{}", said.stderr);
        for profile in said.stdout.lines() {
            assert!(
                PROJECTS
                    .iter()
                    .any(|p| p.files == project.files && p.profiles.contains(&profile)),
                "profile {profile} of {:?} is not in PROJECTS of tests/compose.rs",
                project.files
            );
        }
    }
}

/// A copy of the repository's compose project in a temporary directory, with `from` replaced
/// by `to` in docker-compose.yml (exactly once, so the edit cannot silently stop applying).
fn broken_copy(from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in ["docker-compose.yml", ENV_FILE, "Dockerfile"] {
        std::fs::copy(repo().join(file), dir.path().join(file)).unwrap();
    }
    let text = read("docker-compose.yml");
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} once in docker-compose.yml"
    );
    std::fs::write(
        dir.path().join("docker-compose.yml"),
        text.replace(from, to),
    )
    .unwrap();
    dir
}

const DEFAULT: &Project = &PROJECTS[0];

#[test]
fn compose_rejects_a_broken_copy_and_a_warning_fails_the_check() {
    let cases: [(&str, &str, &[&str]); 4] = [
        // An invalid key.
        (
            "    healthcheck:\n",
            "    healthchek:\n",
            &["failed:", "services.kafka additional properties 'healthchek' not allowed"],
        ),
        // depends_on a service that does not exist.
        (
            "    depends_on:\n      kafka:\n        condition: service_healthy\n    restart: \"no\"",
            "    depends_on:\n      kafak:\n        condition: service_healthy\n    restart: \"no\"",
            &["failed:", "service \"kafka-setup\" depends on undefined service \"kafak\""],
        ),
        // A variable .env.example does not set: Compose exits 0, warns, and blanks it.
        (
            "      KAFKA_BOOTSTRAP_SERVERS: kafka:29092\n    command:",
            "      KAFKA_BOOTSTRAP_SERVERS: kafka:29092\n      KAFKA_GROUP_ID: ${KAFKA_GROUP}\n    command:",
            &["warned:", "KAFKA_GROUP\\\" variable is not set"],
        ),
        // An obsolete attribute: a warning too.
        (
            "name: spm-kafka\n",
            "version: \"3.8\"\nname: spm-kafka\n",
            &["warned:", "the attribute `version` is obsolete"],
        ),
    ];
    // The copy itself is fine before the edit.
    let intact = broken_copy("name: spm-kafka", "name: spm-kafka");
    load(intact.path(), DEFAULT).unwrap();
    for (from, to, expected) in cases {
        let dir = broken_copy(from, to);
        let err = load(dir.path(), DEFAULT).expect_err(to);
        for part in expected {
            assert!(err.contains(part), "{to:?}: expected {part:?} in:\n{err}");
        }
    }
}

#[test]
fn the_semantic_checks_find_what_compose_accepts() {
    let cases = [
        (
            "PLAINTEXT_HOST://localhost:9092,INTERNAL",
            "PLAINTEXT_HOST://localhost:9093,INTERNAL",
            "kafka: advertises PLAINTEXT_HOST://localhost:9093 to this machine, but port 9093 is not published",
        ),
        (
            "      - \"9092:9092\"",
            "      - \"19092:9092\"",
            ".env.example: KAFKA_BOOTSTRAP_SERVERS=localhost:9092: localhost:9092 is not a broker address reachable from this machine",
        ),
        (
            "INTERNAL://kafka:29092",
            "INTERNAL://broker:29092",
            "kafka: advertises INTERNAL://broker:29092, a host the project's containers cannot resolve",
        ),
        (
            "KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: kafka:29092",
            "KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: localhost:9092",
            "kafka-ui: KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS=localhost:9092: containers reach Kafka at kafka:29092",
        ),
        (
            "        condition: service_healthy\n    restart: \"no\"",
            "        condition: service_started\n    restart: \"no\"",
            "kafka-setup does not wait for a healthy broker",
        ),
        (
            "    build: .\n",
            "    build: ./src\n",
            "kafka-setup is not built from this repository's Dockerfile",
        ),
        (
            "    command: [\"setup\"]",
            "    command: [\"verify\"]",
            "kafka-setup does not run `spm-kafka setup`",
        ),
        (
            "    command: [\"setup\"]",
            "    command: [\"setup\", \"-b\", \"localhost:9092\"]",
            "kafka-setup: command line localhost:9092: containers reach Kafka at kafka:29092",
        ),
        (
            "    restart: \"no\"",
            "    restart: unless-stopped",
            "kafka-setup runs once",
        ),
        (
            "      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 1\n",
            "",
            "kafka: KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR is 3 (Kafka's default) but the project has 1 broker(s)",
        ),
        (
            "1@kafka:29093",
            "1@kafka:29092",
            "kafka: quorum voter 1@kafka:29092 is not a node of the project on its controller listener",
        ),
        (
            "      - kafka-data:/var/lib/kafka/data",
            "      - kafka-data:/var/lib/kafka",
            "",
        ),
        (
            "      - kafka-data:/var/lib/kafka/data",
            "      - ./data:/var/lib/kafka/data",
            "kafka: the log directory /var/lib/kafka/data is not on a named volume",
        ),
        (
            "    healthcheck:\n",
            "    healthcheck:\n      disable: true\n",
            "kafka-setup waits for kafka to be healthy, but kafka has no healthcheck",
        ),
        (
            "apache/kafka:4.1.1",
            "apache/kafka:4.0.0",
            "kafka: image apache/kafka:4.0.0, but the tests run Kafka",
        ),
        (
            "ghcr.io/kafbat/kafka-ui:v1.5.0",
            "ghcr.io/kafbat/kafka-ui",
            "kafka-ui: image ghcr.io/kafbat/kafka-ui is not pinned to a version",
        ),
    ];
    let intact = broken_copy("name: spm-kafka", "name: spm-kafka");
    let model = load(intact.path(), DEFAULT).unwrap();
    let env = interpolation_env(intact.path(), DEFAULT);
    assert_eq!(problems(&model, &env, intact.path()), Vec::<String>::new());
    for (from, to, expected) in cases {
        let dir = broken_copy(from, to);
        let model = load(dir.path(), DEFAULT).unwrap_or_else(|e| panic!("{to:?}: {e}"));
        let found = problems(&model, &interpolation_env(dir.path(), DEFAULT), dir.path());
        if expected.is_empty() {
            assert_eq!(found, Vec::<String>::new(), "{to:?} is fine");
        } else {
            assert!(
                found.iter().any(|p| p.starts_with(expected)),
                "{to:?}: expected {expected:?} in {found:#?}"
            );
        }
    }
}

#[test]
fn env_example_stays_an_example() {
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

/// The CI workflow: GitHub Actions has no local validator here, so it is read directly.
#[derive(Debug, Deserialize)]
struct Workflow {
    jobs: BTreeMap<String, Job>,
}

#[derive(Debug, Deserialize)]
struct Job {
    #[serde(default)]
    services: BTreeMap<String, ServiceContainer>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    #[serde(default)]
    steps: Vec<Step>,
}

#[derive(Debug, Deserialize)]
struct ServiceContainer {
    image: String,
    #[serde(default)]
    ports: Vec<String>,
    #[serde(default)]
    env: BTreeMap<String, Value>,
}

impl ServiceContainer {
    fn env(&self, key: &str) -> String {
        match self.env.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => panic!("env {key} not set"),
        }
    }
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
    assert_eq!(kafka.image, format!("apache/kafka:{}", kafka_version()));
    // The job's steps reach the broker where it advertises itself, through the published port.
    let advertised = listeners(&kafka.env("KAFKA_ADVERTISED_LISTENERS")).unwrap();
    let bootstrap = &job.env["KAFKA_BOOTSTRAP_SERVERS"];
    let (host, port) = host_port(bootstrap).unwrap();
    assert!(
        advertised
            .values()
            .any(|(h, p)| (h.as_str(), *p) == (host, port)),
        "{bootstrap} not in {advertised:?}"
    );
    assert!(
        kafka.ports.contains(&format!("{port}:{port}")),
        "{:?}",
        kafka.ports
    );
    assert_eq!(kafka.env("KAFKA_AUTO_CREATE_TOPICS_ENABLE"), "false");
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
