//! `doctor`'s decisions: from facts about the connection, the cluster and topics.yaml to
//! findings, each with a severity, what was found and the next step. Pure: the facts are
//! gathered by `commands::doctor`, nothing here does I/O.
//!
//! The checks, in the order a person would troubleshoot: can the bootstrap servers be resolved
//! (`dns`) and reached (`connection`)? Does Kafka answer on them (`kafka`: TLS, authentication)?
//! Which cluster and brokers (`cluster`), reachable at the addresses they advertise
//! (`advertised-listeners`)? Are the topics of topics.yaml there and as declared (`topics`)?
//! Does every partition have a leader and its replicas in sync (`partitions`)? Are consumer
//! groups stopped with messages waiting (`consumer-groups`)? Does the broker create topics on a
//! typo (`auto-create-topics`)?

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::time::Duration;

use serde::Serialize;

use crate::cluster::{Broker, Cluster};
use crate::duration::humanize;
use crate::kafka::groups::Committed;
use crate::lag::{GroupOffsets, GroupTotal};
use crate::names::TopicPartition;
use crate::plan::Drift;

pub const DEFAULT_PORT: u16 = 9092;

const START_BROKER: &str =
    "start the broker: scripts/kafka.sh start (or: docker compose up -d kafka)";
const WHERE_SET: &str = "-b HOST:PORT, KAFKA_BOOTSTRAP_SERVERS or .env";
const LISTENERS: &str = "from this machine the compose broker is localhost:9092, \
from containers of the compose project it is kafka:29092";

/// How bad a finding is. `Skipped`: the check could not run because an earlier one failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Ok,
    Skipped,
    Warning,
    Error,
}

/// One line of the checklist. Every warning and error carries the next step to take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub check: &'static str,
    pub severity: Severity,
    pub message: String,
    pub next_step: Option<String>,
}

impl Finding {
    pub fn ok(check: &'static str, message: impl Into<String>) -> Finding {
        Finding {
            check,
            severity: Severity::Ok,
            message: message.into(),
            next_step: None,
        }
    }

    pub fn warning(
        check: &'static str,
        message: impl Into<String>,
        next_step: impl Into<String>,
    ) -> Finding {
        Finding {
            check,
            severity: Severity::Warning,
            message: message.into(),
            next_step: Some(next_step.into()),
        }
    }

    pub fn error(
        check: &'static str,
        message: impl Into<String>,
        next_step: impl Into<String>,
    ) -> Finding {
        Finding {
            check,
            severity: Severity::Error,
            message: message.into(),
            next_step: Some(next_step.into()),
        }
    }

    pub fn skipped(check: &'static str, message: impl Into<String>) -> Finding {
        Finding {
            check,
            severity: Severity::Skipped,
            message: message.into(),
            next_step: None,
        }
    }
}

/// Secrets never leave the process, not even inside a librdkafka error text.
pub fn redacted(findings: Vec<Finding>) -> Vec<Finding> {
    findings
        .into_iter()
        .map(|mut f| {
            f.message = crate::exit::redact(&f.message);
            f.next_step = f.next_step.map(|s| crate::exit::redact(&s));
            f
        })
        .collect()
}

/// The settings in use: servers, client properties (secrets already masked), timeout.
pub fn settings_finding(
    bootstrap: &str,
    props: &BTreeMap<String, String>,
    timeout: Duration,
) -> Finding {
    let props = if props.is_empty() {
        "no client properties".to_string()
    } else {
        let list: Vec<String> = props.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("client properties {}", list.join(", "))
    };
    Finding::ok(
        "settings",
        format!(
            "bootstrap servers {bootstrap}, {props}, timeout {}",
            humanize(timeout)
        ),
    )
}

/// Kafka answered on the bootstrap servers, over this protocol (`-X security.protocol`).
pub fn kafka_answered(bootstrap: &str, protocol: Option<&String>) -> Finding {
    let protocol = protocol.map_or("PLAINTEXT".to_string(), |p| p.to_ascii_uppercase());
    Finding::ok(
        "kafka",
        format!("Kafka answers on {bootstrap} ({protocol})"),
    )
}

/// The cluster metadata could not be read: an error, and every later check skipped.
pub fn cluster_unreadable(error: &str) -> Vec<Finding> {
    let mut findings = vec![Finding::error(
        "cluster",
        error,
        "read the broker log (scripts/kafka.sh logs, or docker compose logs kafka)",
    )];
    findings.extend(skipped_after(
        "cluster",
        "the cluster metadata is unreadable",
    ));
    findings
}

/// The consumer groups could not be read: a warning (the rest of the cluster may be fine).
pub fn groups_unreadable(error: &str) -> Finding {
    Finding::warning(
        "consumer-groups",
        format!("cannot read the consumer groups: {error}"),
        "the client may lack DESCRIBE permission on groups; spm-kafka groups shows the full error",
    )
}

/// The committed offsets of the Empty groups, as `lag` reads them (nobody is assigned).
pub fn empty_group_offsets(committed: BTreeMap<String, Committed>) -> Vec<GroupOffsets> {
    committed
        .into_iter()
        .map(|(group, committed)| GroupOffsets {
            group,
            committed,
            assigned: BTreeSet::new(),
        })
        .collect()
}

/// The partitions of those offsets that still exist: a commit on a deleted topic has no log end.
pub fn existing_partitions(offsets: &[GroupOffsets], cluster: &Cluster) -> Vec<TopicPartition> {
    let exists = |tp: &TopicPartition| {
        cluster
            .topics
            .get(&tp.topic)
            .is_some_and(|t| t.partitions.iter().any(|p| p.id == tp.partition))
    };
    let partitions: BTreeSet<TopicPartition> = offsets
        .iter()
        .flat_map(|o| o.committed.keys().cloned())
        .filter(exists)
        .collect();
    partitions.into_iter().collect()
}

/// The `access` check: the ACLs and SCRAM users topics.yaml declares, as `verify` compares
/// them. `Ok(None)`: the spec declares no access (or there is no spec); `Err`: why the cluster
/// could not be asked (a denied DESCRIBE on the cluster says what grants it).
pub fn access_finding(facts: &Result<Option<crate::access::AclPlan>, String>) -> Finding {
    const CHECK: &str = "access";
    match facts {
        Ok(None) => Finding::ok(CHECK, "topics.yaml declares no services or ACLs"),
        Ok(Some(p)) if !p.enforced => Finding::ok(
            CHECK,
            format!(
                "the cluster enforces no access control; {} declared ACLs not applied",
                p.declared
            ),
        ),
        Ok(Some(p)) if p.in_sync() => Finding::ok(
            CHECK,
            format!(
                "all {} declared ACLs are on the cluster, none undeclared; every declared SCRAM user has a credential",
                p.declared
            ),
        ),
        Ok(Some(p)) => Finding::warning(
            CHECK,
            format!(
                "{} declared ACLs missing, {} ACLs of declared principals not declared, {} SCRAM users without a credential",
                p.missing.len(),
                p.undeclared.len(),
                p.missing_credentials.len()
            ),
            "`spm-kafka plan` lists them; `spm-kafka setup` adds the missing ones (--prune-acls removes the undeclared)",
        ),
        Err(e) => Finding::warning(
            CHECK,
            format!("cannot check access: {e}"),
            "run doctor as a principal with DESCRIBE on the cluster (README, \"The rights spm-kafka itself needs\")",
        ),
    }
}

/// Healthy: no error (warnings allowed).
pub fn healthy(findings: &[Finding]) -> bool {
    findings.iter().all(|f| f.severity != Severity::Error)
}

pub fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

/// `3 ok, 1 warning, 0 errors`-style summary line.
pub fn summary(findings: &[Finding]) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut s = format!(
        "{} ok, {}, {}",
        count(findings, Severity::Ok),
        plural(count(findings, Severity::Warning), "warning"),
        plural(count(findings, Severity::Error), "error"),
    );
    let skipped = count(findings, Severity::Skipped);
    if skipped > 0 {
        let _ = write!(s, ", {skipped} skipped");
    }
    s
}

/// Every check, in the order they run and are printed.
pub const CHECKS: [&str; 10] = [
    "settings",
    "dns",
    "connection",
    "kafka",
    "cluster",
    "advertised-listeners",
    "topics",
    "partitions",
    "consumer-groups",
    "auto-create-topics",
];

/// The checks after `failed`, each skipped for `reason`: they need what `failed` lacked.
pub fn skipped_after(failed: &str, reason: &str) -> Vec<Finding> {
    CHECKS
        .iter()
        .skip_while(|c| **c != failed)
        .skip(1)
        .map(|check| Finding::skipped(check, format!("not checked: {reason}")))
        .collect()
}

// ---------------------------------------------------------------- bootstrap servers ---

/// One entry of `bootstrap.servers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub host: String,
    pub port: u16,
}

impl std::fmt::Display for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

/// Parses `host:port[,host:port...]` the way librdkafka reads it: an optional `proto://`
/// prefix, `[v6]:port`, and port 9092 when none is given. The error is a finding.
pub fn parse_servers(list: &str) -> Result<Vec<Server>, Finding> {
    let mut out = Vec::new();
    for raw in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let text = raw.split_once("://").map_or(raw, |(_, rest)| rest);
        let (host, port) = if let Some(rest) = text.strip_prefix('[') {
            match rest.split_once(']') {
                Some((host, tail)) => (host, tail.strip_prefix(':')),
                None => (text, None),
            }
        } else if text.matches(':').count() == 1 {
            let (h, p) = text.split_once(':').unwrap_or((text, ""));
            (h, Some(p))
        } else {
            (text, None)
        };
        let port = match port {
            None => Some(DEFAULT_PORT),
            Some(p) => p.parse::<u16>().ok().filter(|p| *p > 0),
        };
        match port {
            Some(port) if !host.is_empty() => out.push(Server {
                host: host.to_string(),
                port,
            }),
            _ => {
                return Err(Finding::error(
                    "settings",
                    format!("bootstrap server '{raw}' is not HOST:PORT"),
                    format!("set it as HOST:PORT, e.g. localhost:9092, with {WHERE_SET}"),
                ))
            }
        }
    }
    if out.is_empty() {
        return Err(Finding::error(
            "settings",
            "no bootstrap servers are set",
            format!("set them with {WHERE_SET}"),
        ));
    }
    Ok(out)
}

// ---------------------------------------------------------------- DNS and TCP ---

/// What the resolver said about a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Addresses(Vec<SocketAddr>),
    Failed(String),
    TimedOut,
}

/// The outcome of a TCP connection attempt to every address of a host, first success wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connect {
    Connected(SocketAddr),
    Refused,
    TimedOut,
    Failed(String),
}

/// DNS and TCP facts about one address (a bootstrap server or an advertised broker address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressProbe {
    pub server: Server,
    pub resolution: Resolution,
    /// `None` when the name did not resolve.
    pub connect: Option<Connect>,
}

impl AddressProbe {
    pub fn reachable(&self) -> bool {
        matches!(self.connect, Some(Connect::Connected(_)))
    }
}

/// Whether the host part is an IP literal (nothing to resolve).
fn is_ip(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_ok()
}

/// The `dns` and `connection` findings for the bootstrap servers. A server that fails while
/// another one answers is a warning (clients fall back to the others), otherwise an error.
pub fn reachability(probes: &[AddressProbe], timeout: Duration) -> Vec<Finding> {
    let any_reachable = probes.iter().any(AddressProbe::reachable);
    let problem = |message: String, next: String| {
        if any_reachable {
            Finding::warning("connection", message, next)
        } else {
            Finding::error("connection", message, next)
        }
    };
    let mut out = Vec::new();
    for p in probes {
        let server = &p.server;
        match &p.resolution {
            Resolution::Addresses(_) if is_ip(&server.host) => {}
            Resolution::Addresses(addrs) => {
                let mut ips: Vec<String> = Vec::new();
                for ip in addrs.iter().map(|a| a.ip().to_string()) {
                    if !ips.contains(&ip) {
                        ips.push(ip);
                    }
                }
                out.push(Finding::ok(
                    "dns",
                    format!("{} resolves to {}", server.host, ips.join(", ")),
                ));
            }
            Resolution::Failed(why) => {
                let mut f = problem(
                    format!("cannot resolve host {} ({why})", server.host),
                    format!("check the host name in {WHERE_SET}; {LISTENERS}"),
                );
                f.check = "dns";
                out.push(f);
                out.push(Finding::skipped(
                    "connection",
                    format!("{server} not tried: its name does not resolve"),
                ));
                continue;
            }
            Resolution::TimedOut => {
                let mut f = problem(
                    format!(
                        "the resolver gave no answer for {} within {}",
                        server.host,
                        humanize(timeout)
                    ),
                    "check the DNS settings of this machine (/etc/resolv.conf), or use an IP address"
                        .into(),
                );
                f.check = "dns";
                out.push(f);
                out.push(Finding::skipped(
                    "connection",
                    format!("{server} not tried: its name does not resolve"),
                ));
                continue;
            }
        }
        out.push(match &p.connect {
            Some(Connect::Connected(addr)) => {
                Finding::ok("connection", format!("{server} accepts TCP connections ({addr})"))
            }
            Some(Connect::Refused) => problem(
                format!("connection refused by {server}: nothing listens there"),
                format!("{START_BROKER}, or fix the port in {WHERE_SET}"),
            ),
            Some(Connect::TimedOut) => problem(
                format!("no answer from {server} within {}", humanize(timeout)),
                "a firewall drops the packets or the address is wrong: check host and port, and that the \
broker's port is published (compose: ports 9092:9092)"
                    .into(),
            ),
            Some(Connect::Failed(why)) => problem(
                format!("cannot connect to {server} ({why})"),
                format!("check the network route to {server} and the address in {WHERE_SET}"),
            ),
            None => problem(
                format!("{server} was not tried"),
                format!("check the address in {WHERE_SET}"),
            ),
        });
    }
    out
}

// ---------------------------------------------------------------- Kafka handshake ---

/// Why the Kafka client got no answer although TCP connects: from the last error
/// librdkafka reported.
pub fn kafka_unanswered(cause: Option<&str>, bootstrap: &str, timeout: Duration) -> Finding {
    let Some(cause) = cause.map(str::trim).filter(|c| !c.is_empty()) else {
        return Finding::error(
            "kafka",
            format!(
                "{bootstrap} accepts connections but no Kafka answer came within {}",
                humanize(timeout)
            ),
            "is this port a Kafka client listener (not the controller port or another service)? \
Try a longer --timeout, and read the broker log (scripts/kafka.sh logs, or docker compose logs kafka)",
        );
    };
    // Classified without the `sasl_ssl://host:port/id: ` prefix, whose protocol name is the
    // client's, not the failure's (TLS at a plaintext listener is not an authentication error).
    let cause = short_cause(cause);
    let lower = cause.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let mismatch = |cause: String| {
        Finding::error(
            "kafka",
            format!("the broker closed the connection during the Kafka handshake: {cause}"),
            "the listener probably expects another security protocol: set -X security.protocol=\
PLAINTEXT|SSL|SASL_PLAINTEXT|SASL_SSL to match it (see the broker's listener.security.protocol.map)",
        )
    };
    if lower.trim_end().ends_with("supported mechanisms:") {
        // The broker answered the SASL handshake with no mechanisms: the listener is not SASL.
        Finding::error(
            "kafka",
            format!("the listener does not speak SASL: {cause}"),
            "drop the sasl.* properties and use the listener's security.protocol (the local and compose \
brokers are PLAINTEXT), or connect to the broker's SASL listener",
        )
    } else if has(&["sasl", "authenticat"]) {
        Finding::error(
            "kafka",
            format!("authentication failed: {cause}"),
            "check sasl.mechanism, sasl.username and sasl.password (-X, --client-config, or \
KAFKA_SASL_MECHANISM / KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD) against the broker's users",
        )
    } else if has(&["security.protocol", "apiversion"]) {
        // A plaintext client at a TLS listener: librdkafka says "connecting to a SSL listener?".
        mismatch(cause)
    } else if has(&["ssl", "tls", "certificate", "handshake"]) {
        Finding::error(
            "kafka",
            format!("TLS handshake failed: {cause}"),
            "use security.protocol=SSL or SASL_SSL only if the listener speaks TLS (the local and compose \
brokers are PLAINTEXT); for a TLS listener set ssl.ca.location to the CA that signed the broker's certificate",
        )
    } else if has(&["disconnected"]) {
        mismatch(cause)
    } else {
        Finding::error(
            "kafka",
            format!(
                "no Kafka answer from {bootstrap} within {}: {cause}",
                humanize(timeout)
            ),
            "read the broker log (scripts/kafka.sh logs, or docker compose logs kafka) and try a longer --timeout",
        )
    }
}

/// The bootstrap address is a KRaft controller listener: it speaks the Kafka protocol (TCP
/// connects, ApiVersions is answered) but refuses every client request, Metadata included,
/// which librdkafka reports as `UnsupportedFeature` or as no answer at all. One wording for
/// `doctor` and for every command that meets it (`kafka::Admin`).
pub fn controller_listener(bootstrap: &str) -> Finding {
    Finding::error(
        "kafka",
        format!(
            "{bootstrap} is a KRaft controller listener, not a client listener: it answers the Kafka \
handshake but no client request (Metadata is unsupported there)"
        ),
        format!(
            "connect to the broker's client listener instead (its listeners=PLAINTEXT://… port; the local \
broker's is 9092 and its controller port is 9093, see scripts/kafka.sh), with {WHERE_SET}"
        ),
    )
}

/// librdkafka prefixes causes with `host:port/id: ` and suffixes `(after Nms in state X)`.
fn short_cause(raw: &str) -> String {
    let mut s = raw.trim();
    if let Some(i) = s.find(": ") {
        let head = &s[..i];
        if head.contains('/') && !head.contains(' ') {
            s = &s[i + 2..];
        }
    }
    match s.find(" (after ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

// ---------------------------------------------------------------- cluster ---

pub fn cluster_finding(cluster_id: &str, brokers: &[Broker]) -> Finding {
    if brokers.is_empty() {
        return Finding::error(
            "cluster",
            format!("cluster {cluster_id} lists no brokers"),
            "the brokers are starting or fenced: wait, then read the broker log",
        );
    }
    let mut sorted = brokers.to_vec();
    sorted.sort_by_key(|b| b.id);
    let list: Vec<String> = sorted
        .iter()
        .map(|b| format!("{} at {}:{}", b.id, b.host, b.port))
        .collect();
    Finding::ok(
        "cluster",
        format!(
            "cluster {cluster_id}, {} broker{}: {}",
            brokers.len(),
            if brokers.len() == 1 { "" } else { "s" },
            list.join(", ")
        ),
    )
}

/// The metadata request failed although a bootstrap server answered (the cluster id is
/// known). When librdkafka's last error is about an address that is not a bootstrap server,
/// a broker advertises an address that cannot be reached from here: the Docker trap of a
/// host client given the containers' listener, or the other way round.
pub fn metadata_unanswered(
    cluster_id: &str,
    cause: Option<&str>,
    bootstrap: &[Server],
    timeout: Duration,
) -> Vec<Finding> {
    let cause = cause.map(str::trim).unwrap_or("");
    let address = cause
        .split_once('/')
        .map(|(address, _)| address)
        .filter(|a| a.contains(':') && !a.contains(' '));
    let advertised = address.filter(|a| {
        !bootstrap
            .iter()
            .any(|s| s.to_string().eq_ignore_ascii_case(a))
    });
    let Some(address) = advertised else {
        let mut out = vec![Finding::error(
            "cluster",
            format!(
                "cluster {cluster_id} answered, but no metadata came within {}{}",
                humanize(timeout),
                if cause.is_empty() {
                    String::new()
                } else {
                    format!(": {}", short_cause(cause))
                }
            ),
            "try a longer --timeout, and read the broker log (scripts/kafka.sh logs, or docker compose logs kafka)",
        )];
        out.extend(skipped_after(
            "cluster",
            "the cluster metadata is unreadable",
        ));
        return out;
    };
    let lower = cause.to_ascii_lowercase();
    let why = if lower.contains("resolve") {
        "cannot be resolved here"
    } else if lower.contains("refused") {
        "refuses connections from here"
    } else {
        "cannot be reached from here"
    };
    let mut out = vec![
        Finding::skipped(
            "cluster",
            format!("cluster {cluster_id}: its brokers could not be listed"),
        ),
        Finding::error(
            "advertised-listeners",
            format!(
                "a broker advertises {address}, which {why} ({})",
                short_cause(cause)
            ),
            format!(
                "connect through the listener advertised for this side ({LISTENERS}), or fix the broker's \
advertised.listeners (compose: KAFKA_ADVERTISED_LISTENERS)"
            ),
        ),
    ];
    out.extend(skipped_after(
        "advertised-listeners",
        "the brokers cannot be reached at the addresses they advertise",
    ));
    out
}

/// Clients bootstrap through one address, then talk to every broker at the address it
/// advertises: a broker advertising a name only containers know breaks clients on the host.
pub fn advertised_finding(probes: &[(i32, AddressProbe)]) -> Finding {
    let bad: Vec<String> = probes
        .iter()
        .filter(|(_, p)| !p.reachable())
        .map(|(id, p)| {
            let why = match (&p.resolution, &p.connect) {
                (Resolution::Failed(_) | Resolution::TimedOut, _) => "cannot be resolved here",
                (_, Some(Connect::Refused)) => "refuses connections from here",
                (_, Some(Connect::TimedOut)) => "does not answer from here",
                _ => "cannot be reached from here",
            };
            format!("broker {id} advertises {}, which {why}", p.server)
        })
        .collect();
    if bad.is_empty() {
        return Finding::ok(
            "advertised-listeners",
            format!(
                "every broker answers at the address it advertises ({})",
                probes
                    .iter()
                    .map(|(_, p)| p.server.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    Finding::error(
        "advertised-listeners",
        bad.join("; "),
        format!(
            "connect through the listener advertised for this side ({LISTENERS}), or fix the broker's \
advertised.listeners (compose: KAFKA_ADVERTISED_LISTENERS)"
        ),
    )
}

// ---------------------------------------------------------------- topics ---

/// What `doctor` learnt about topics.yaml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecFacts {
    /// The default topics.yaml is not in the working directory.
    Missing { file: String },
    /// It could not be read or is invalid (the message has file:line:col).
    Invalid { message: String },
    /// It was compared with the cluster.
    Compared {
        file: String,
        topics: usize,
        drift: Vec<Drift>,
    },
    /// The cluster could not be read for the comparison.
    Unreadable { file: String, error: String },
}

/// How many differences a finding lists before "and N more".
const SHOWN: usize = 8;

pub fn topics_finding(facts: &SpecFacts) -> Finding {
    match facts {
        SpecFacts::Missing { file } => Finding::warning(
            "topics",
            format!("no {file} here: the SPM topics were not compared"),
            "run doctor in the directory of topics.yaml, or pass -f PATH",
        ),
        SpecFacts::Invalid { message } => Finding::error(
            "topics",
            message.clone(),
            "fix topics.yaml (the message says where), then run spm-kafka plan",
        ),
        SpecFacts::Unreadable { file, error } => Finding::error(
            "topics",
            format!("cannot compare {file} with the cluster: {error}"),
            "run spm-kafka verify for the full error",
        ),
        SpecFacts::Compared {
            file,
            topics,
            drift,
        } if drift.is_empty() => Finding::ok(
            "topics",
            format!("all {topics} topics of {file} exist as declared"),
        ),
        SpecFacts::Compared { file, drift, .. } => {
            let missing = drift
                .iter()
                .filter(|d| d.what == "topic" && d.actual.is_none())
                .count();
            let mut shown: Vec<String> = drift
                .iter()
                .take(SHOWN)
                .map(|d| {
                    let actual = d.actual.as_deref().unwrap_or("missing");
                    if d.what == "topic" {
                        format!("{} is {actual}", d.topic)
                    } else {
                        format!(
                            "{} {} is {actual}, expected {}",
                            d.topic, d.what, d.expected
                        )
                    }
                })
                .collect();
            if drift.len() > SHOWN {
                shown.push(format!("and {} more", drift.len() - SHOWN));
            }
            let what = if missing == drift.len() {
                match missing {
                    1 => format!("1 topic of {file} is missing"),
                    n => format!("{n} topics of {file} are missing"),
                }
            } else {
                match drift.len() {
                    1 => format!("1 difference between {file} and the cluster"),
                    n => format!("{n} differences between {file} and the cluster"),
                }
            };
            Finding::error(
                "topics",
                format!("{what}: {}", shown.join("; ")),
                "spm-kafka plan shows what setup would change; spm-kafka setup applies it \
(compose: docker compose up kafka-setup)",
            )
        }
    }
}

// ---------------------------------------------------------------- partitions ---

/// `task-events[0,2]`-style list of the partitions matching `pick`.
fn partition_list(
    cluster: &Cluster,
    pick: impl Fn(&crate::cluster::Partition) -> bool,
) -> Vec<String> {
    cluster
        .topics
        .values()
        .filter_map(|t| {
            let ids: Vec<String> = t
                .partitions
                .iter()
                .filter(|p| pick(p))
                .map(|p| p.id.to_string())
                .collect();
            (!ids.is_empty()).then(|| format!("{}[{}]", t.name, ids.join(",")))
        })
        .collect()
}

fn shorten(mut items: Vec<String>, what: &str) -> String {
    if items.len() > SHOWN {
        let more = items.len() - SHOWN;
        items.truncate(SHOWN);
        items.push(format!("and {more} more {what}"));
    }
    items.join(", ")
}

pub fn partitions_findings(cluster: &Cluster) -> Vec<Finding> {
    let total: usize = cluster.topics.values().map(|t| t.partitions.len()).sum();
    let leaderless = partition_list(cluster, |p| p.leaderless());
    let under = partition_list(cluster, |p| !p.leaderless() && p.under_replicated());
    let mut out = Vec::new();
    if !leaderless.is_empty() {
        out.push(Finding::error(
            "partitions",
            format!("partitions without a leader (nobody can write or read them): {}", shorten(leaderless, "topics")),
            "a broker holding their replicas is down: start it (scripts/kafka.sh status / start, or docker compose \
ps), then read its log",
        ));
    }
    if !under.is_empty() {
        out.push(Finding::warning(
            "partitions",
            format!("under-replicated partitions (a replica is out of sync): {}", shorten(under, "topics")),
            "a broker is down or falling behind: check that every broker runs and read the logs of the \
replicas missing from the ISR",
        ));
    }
    if out.is_empty() {
        out.push(Finding::ok(
            "partitions",
            format!(
                "all {total} partitions of {} topics have a leader and every replica in sync",
                cluster.topics.len()
            ),
        ));
    }
    out
}

// ---------------------------------------------------------------- consumer groups ---

/// Groups that are Empty (no consumer running) while messages wait for them. `groups` counts
/// every group of the cluster; `empty` holds the lag totals of the Empty ones (`lag::totals`).
pub fn groups_finding(groups: usize, empty: &[GroupTotal]) -> Finding {
    let stalled: Vec<String> = empty
        .iter()
        .filter(|g| g.sum.lag.unwrap_or(0) > 0)
        .map(|g| {
            let topics: Vec<&str> = g
                .topics
                .iter()
                .filter(|t| t.sum.lag.unwrap_or(0) > 0)
                .map(|t| t.topic.as_str())
                .collect();
            let lag = g.sum.lag.unwrap_or(0);
            format!(
                "{} ({} message{} waiting on {})",
                g.group,
                lag,
                if lag == 1 { "" } else { "s" },
                topics.join(", ")
            )
        })
        .collect();
    // The commands to run, with the group's name when there is one group to name.
    let named: Vec<&str> = empty
        .iter()
        .filter(|g| g.sum.lag.unwrap_or(0) > 0)
        .map(|g| g.group.as_str())
        .collect();
    let group = match named.as_slice() {
        [one] => *one,
        _ => "GROUP",
    };
    if stalled.is_empty() {
        return Finding::ok(
            "consumer-groups",
            format!(
                "{groups} consumer group{}, none stopped with messages waiting",
                if groups == 1 { "" } else { "s" }
            ),
        );
    }
    Finding::warning(
        "consumer-groups",
        format!(
            "{} Empty consumer group{} (no consumer running) with lag: {}",
            stalled.len(),
            if stalled.len() == 1 { "" } else { "s" },
            shorten(stalled, "groups")
        ),
        format!(
            "start the service that consumes as that group; `spm-kafka lag --group {group}` shows the lag \
per partition, and `spm-kafka groups delete {group} --execute` deletes a retired group"
        ),
    )
}

// ---------------------------------------------------------------- broker configs ---

/// `auto.create.topics.enable` of each broker (`None`: the broker did not report it), or
/// why the configs could not be read.
pub fn auto_create_finding(values: &Result<Vec<(i32, Option<String>)>, String>) -> Finding {
    let values = match values {
        Ok(v) => v,
        Err(why) => return Finding::warning(
            "auto-create-topics",
            format!("cannot read the broker configs: {why}"),
            "the client may lack DESCRIBE_CONFIGS permission on the cluster; ask the Kafka admin \
whether auto.create.topics.enable is false",
        ),
    };
    let on: Vec<String> = values
        .iter()
        .filter(|(_, v)| v.as_deref().is_some_and(|v| v.eq_ignore_ascii_case("true")))
        .map(|(id, _)| id.to_string())
        .collect();
    if !on.is_empty() {
        return Finding::warning(
            "auto-create-topics",
            format!(
                "auto.create.topics.enable=true on broker {}: a typo in a topic name silently creates a topic \
with the broker's defaults",
                on.join(", ")
            ),
            "set auto.create.topics.enable=false in the broker config (compose: KAFKA_AUTO_CREATE_TOPICS_ENABLE: \
\"false\") and create topics with spm-kafka setup",
        );
    }
    let unknown = values.iter().filter(|(_, v)| v.is_none()).count();
    if values.is_empty() || unknown == values.len() {
        return Finding::warning(
            "auto-create-topics",
            "the brokers did not report auto.create.topics.enable",
            "ask the Kafka admin whether auto.create.topics.enable is false",
        );
    }
    Finding::ok(
        "auto-create-topics",
        "auto.create.topics.enable=false: topics are only created by spm-kafka setup",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_access_check_tells_unenforced_in_sync_drift_and_unreadable_apart() {
        use crate::access::{AclPlan, Binding, Operation, Resource};
        let none = AclPlan {
            enforced: false,
            declared: 4,
            ..AclPlan::default()
        };
        let f = access_finding(&Ok(Some(none)));
        assert_eq!(f.severity, Severity::Ok);
        assert!(f
            .message
            .contains("enforces no access control; 4 declared ACLs not applied"));
        let fine = AclPlan {
            enforced: true,
            declared: 4,
            in_sync: 4,
            ..AclPlan::default()
        };
        assert_eq!(access_finding(&Ok(Some(fine))).severity, Severity::Ok);
        let drift = AclPlan {
            enforced: true,
            declared: 4,
            in_sync: 3,
            missing: vec![Binding::allow(
                "User:s",
                Resource::Topic,
                "a",
                Operation::Write,
            )],
            ..AclPlan::default()
        };
        let f = access_finding(&Ok(Some(drift)));
        assert_eq!(f.severity, Severity::Warning);
        assert!(
            f.message.starts_with("1 declared ACLs missing"),
            "{}",
            f.message
        );
        let f = access_finding(&Err("denied".into()));
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(access_finding(&Ok(None)).severity, Severity::Ok);
    }
    use crate::cluster::{Partition, Topic};
    use std::collections::BTreeMap;

    const T: Duration = Duration::from_secs(10);

    fn server(host: &str, port: u16) -> Server {
        Server {
            host: host.into(),
            port,
        }
    }

    fn addr(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    fn probe(host: &str, resolution: Resolution, connect: Option<Connect>) -> AddressProbe {
        AddressProbe {
            server: server(host, 9092),
            resolution,
            connect,
        }
    }

    fn severities(f: &[Finding]) -> Vec<(&str, Severity)> {
        f.iter().map(|f| (f.check, f.severity)).collect()
    }

    #[test]
    fn parses_bootstrap_lists_like_librdkafka() {
        assert_eq!(
            parse_servers("localhost:9092").unwrap(),
            vec![server("localhost", 9092)]
        );
        assert_eq!(
            parse_servers(" a:1 , b , PLAINTEXT://c:3,[::1]:4,[fe80::1]").unwrap(),
            vec![
                server("a", 1),
                server("b", 9092),
                server("c", 3),
                server("::1", 4),
                server("fe80::1", 9092)
            ]
        );
    }

    #[test]
    fn bad_bootstrap_entries_are_setting_errors_with_a_next_step() {
        for bad in ["localhost:abc", "localhost:0", ":9092", "h:70000", " , "] {
            let f = parse_servers(bad).unwrap_err();
            assert_eq!(
                (f.check, f.severity),
                ("settings", Severity::Error),
                "{bad}"
            );
            assert!(
                f.next_step.unwrap().contains("KAFKA_BOOTSTRAP_SERVERS"),
                "{bad}"
            );
        }
    }

    #[test]
    fn servers_display_like_they_are_written() {
        assert_eq!(server("::1", 4).to_string(), "[::1]:4");
        assert_eq!(server("kafka", 29092).to_string(), "kafka:29092");
    }

    #[test]
    fn a_running_broker_is_resolved_and_connected() {
        let f = reachability(
            &[probe(
                "localhost",
                Resolution::Addresses(vec![addr("127.0.0.1:9092"), addr("127.0.0.1:9092")]),
                Some(Connect::Connected(addr("127.0.0.1:9092"))),
            )],
            T,
        );
        assert_eq!(
            severities(&f),
            [("dns", Severity::Ok), ("connection", Severity::Ok)]
        );
        assert_eq!(f[0].message, "localhost resolves to 127.0.0.1");
    }

    #[test]
    fn an_ip_address_needs_no_dns_line() {
        let f = reachability(
            &[probe(
                "127.0.0.1",
                Resolution::Addresses(vec![addr("127.0.0.1:9092")]),
                Some(Connect::Connected(addr("127.0.0.1:9092"))),
            )],
            T,
        );
        assert_eq!(severities(&f), [("connection", Severity::Ok)]);
    }

    #[test]
    fn a_stopped_broker_is_connection_refused_with_how_to_start_it() {
        let f = reachability(
            &[probe(
                "localhost",
                Resolution::Addresses(vec![addr("127.0.0.1:9092")]),
                Some(Connect::Refused),
            )],
            T,
        );
        assert_eq!(
            severities(&f),
            [("dns", Severity::Ok), ("connection", Severity::Error)]
        );
        assert!(f[1]
            .message
            .contains("connection refused by localhost:9092"));
        let next = f[1].next_step.as_deref().unwrap();
        assert!(next.contains("scripts/kafka.sh start"), "{next}");
        assert!(next.contains("docker compose up -d kafka"), "{next}");
    }

    #[test]
    fn dns_failure_and_timeouts_are_told_apart() {
        let f = reachability(
            &[
                probe(
                    "nohost.invalid",
                    Resolution::Failed("Name or service not known".into()),
                    None,
                ),
                probe("slow", Resolution::TimedOut, None),
                probe(
                    "far",
                    Resolution::Addresses(vec![addr("10.0.0.1:9092")]),
                    Some(Connect::TimedOut),
                ),
                probe(
                    "odd",
                    Resolution::Addresses(vec![addr("10.0.0.2:9092")]),
                    Some(Connect::Failed("Network is unreachable".into())),
                ),
            ],
            T,
        );
        let msgs: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
        assert!(
            msgs[0].starts_with("cannot resolve host nohost.invalid"),
            "{msgs:?}"
        );
        assert_eq!(
            msgs[1],
            "nohost.invalid:9092 not tried: its name does not resolve"
        );
        assert!(
            msgs[2].contains("no answer for slow within 10s"),
            "{msgs:?}"
        );
        assert!(
            msgs[5].contains("no answer from far:9092 within 10s"),
            "{msgs:?}"
        );
        assert!(msgs[7].contains("Network is unreachable"), "{msgs:?}");
        assert_eq!(
            severities(&f),
            [
                ("dns", Severity::Error),
                ("connection", Severity::Skipped),
                ("dns", Severity::Error),
                ("connection", Severity::Skipped),
                ("dns", Severity::Ok),
                ("connection", Severity::Error),
                ("dns", Severity::Ok),
                ("connection", Severity::Error),
            ]
        );
        assert!(f
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .all(|f| f.next_step.is_some()));
        assert!(f[0].next_step.as_deref().unwrap().contains("kafka:29092"));
    }

    #[test]
    fn one_dead_server_among_live_ones_is_a_warning() {
        let f = reachability(
            &[
                probe(
                    "a",
                    Resolution::Addresses(vec![addr("127.0.0.1:9092")]),
                    Some(Connect::Connected(addr("127.0.0.1:9092"))),
                ),
                probe(
                    "b",
                    Resolution::Addresses(vec![addr("127.0.0.2:9092")]),
                    Some(Connect::Refused),
                ),
            ],
            T,
        );
        assert_eq!(f[3].severity, Severity::Warning);
        assert!(healthy(&f));
    }

    #[test]
    fn kafka_failures_are_classified_from_librdkafka_causes() {
        let tls = kafka_unanswered(Some("127.0.0.1:9092/bootstrap: SSL handshake failed: error:0A00010B:SSL routines::wrong version number (after 2ms in state SSL_HANDSHAKE)"), "127.0.0.1:9092", T);
        assert_eq!(tls.message, "TLS handshake failed: SSL handshake failed: error:0A00010B:SSL routines::wrong version number");
        assert!(tls.next_step.unwrap().contains("ssl.ca.location"));

        let auth = kafka_unanswered(Some("localhost:9193/bootstrap: SASL authentication error: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512 (after 5ms in state AUTH_REQ)"), "localhost:9193", T);
        assert!(
            auth.message
                .starts_with("authentication failed: SASL authentication error"),
            "{}",
            auth.message
        );
        assert!(auth.next_step.unwrap().contains("sasl.password"));

        let proto = kafka_unanswered(Some("localhost:9093/bootstrap: Disconnected while requesting ApiVersion: might be caused by incorrect security.protocol configuration (connecting to a SSL listener?) or broker version is < 0.10 (see api.version.request) (after 1ms in state APIVERSION_QUERY)"), "localhost:9093", T);
        assert!(
            proto
                .message
                .starts_with("the broker closed the connection during the Kafka handshake"),
            "{}",
            proto.message
        );
        assert!(proto.next_step.unwrap().contains("security.protocol"));

        let plaintext = kafka_unanswered(Some("127.0.0.1:9092/bootstrap: SSL handshake failed: Disconnected: SSL connection closed by peer: connecting to a PLAINTEXT broker listener? (after 3ms in state SSL_HANDSHAKE)"), "127.0.0.1:9092", T);
        assert!(
            plaintext
                .message
                .starts_with("TLS handshake failed: SSL handshake failed"),
            "{}",
            plaintext.message
        );

        let no_sasl = kafka_unanswered(Some("localhost:9092/bootstrap: SASL PLAIN mechanism handshake failed: Broker: Request not valid in current SASL state: broker's supported mechanisms: "), "localhost:9092", T);
        assert!(
            no_sasl
                .message
                .starts_with("the listener does not speak SASL"),
            "{}",
            no_sasl.message
        );

        let silent = kafka_unanswered(None, "localhost:9092", T);
        assert!(
            silent.message.contains("no Kafka answer came within 10s"),
            "{}",
            silent.message
        );

        let other = kafka_unanswered(Some("something odd"), "localhost:9092", T);
        assert!(
            other.message.ends_with(": something odd"),
            "{}",
            other.message
        );
        for f in [tls_like(), other] {
            assert_eq!((f.check, f.severity), ("kafka", Severity::Error));
        }
    }

    fn tls_like() -> Finding {
        kafka_unanswered(Some("certificate verify failed"), "h:1", T)
    }

    #[test]
    fn cluster_line_lists_brokers_in_id_order() {
        let b = |id, host: &str| Broker {
            id,
            host: host.into(),
            port: 9092,
        };
        let f = cluster_finding("abc", &[b(2, "k2"), b(1, "k1")]);
        assert_eq!(
            f.message,
            "cluster abc, 2 brokers: 1 at k1:9092, 2 at k2:9092"
        );
        assert_eq!(cluster_finding("abc", &[]).severity, Severity::Error);
    }

    #[test]
    fn metadata_failing_on_an_advertised_address_names_the_listener_trap() {
        let bootstrap = [server("localhost", 29092)];
        let f = metadata_unanswered(
            "abc",
            Some("kafka:29092/1: Failed to resolve 'kafka:29092': Name or service not known (after 2ms in state CONNECT)"),
            &bootstrap,
            T,
        );
        assert_eq!(
            severities(&f[..2]),
            [
                ("cluster", Severity::Skipped),
                ("advertised-listeners", Severity::Error)
            ]
        );
        assert_eq!(
            f[1].message,
            "a broker advertises kafka:29092, which cannot be resolved here (Failed to resolve 'kafka:29092': Name or service not known)"
        );
        assert!(f[1]
            .next_step
            .as_deref()
            .unwrap()
            .contains("localhost:9092"));
        let rest: Vec<&str> = f[2..].iter().map(|f| f.check).collect();
        assert_eq!(rest, CHECKS[6..]);

        let refused = metadata_unanswered(
            "abc",
            Some("10.1.1.1:9092/1: Connect to ipv4#10.1.1.1:9092 failed: Connection refused"),
            &bootstrap,
            T,
        );
        assert!(
            refused[1].message.contains("refuses connections from here"),
            "{}",
            refused[1].message
        );
    }

    #[test]
    fn metadata_failing_on_the_bootstrap_server_is_a_cluster_error() {
        let bootstrap = [server("localhost", 9092)];
        for cause in [
            None,
            Some("localhost:9092/bootstrap: Disconnected (after 5ms in state UP)"),
        ] {
            let f = metadata_unanswered("abc", cause, &bootstrap, T);
            assert_eq!(severities(&f[..1]), [("cluster", Severity::Error)]);
            assert!(
                f[0].message
                    .starts_with("cluster abc answered, but no metadata came within 10s"),
                "{}",
                f[0].message
            );
            assert_eq!(f.len(), 1 + CHECKS[5..].len());
        }
    }

    #[test]
    fn a_broker_advertising_a_container_name_is_an_error_naming_the_listener() {
        let ok = probe(
            "localhost",
            Resolution::Addresses(vec![addr("127.0.0.1:9092")]),
            Some(Connect::Connected(addr("127.0.0.1:9092"))),
        );
        let mut bad = probe(
            "kafka",
            Resolution::Failed("Name or service not known".into()),
            None,
        );
        bad.server.port = 29092;
        let f = advertised_finding(&[(1, ok.clone())]);
        assert_eq!(f.severity, Severity::Ok);
        let f = advertised_finding(&[(1, ok), (2, bad)]);
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(
            f.message,
            "broker 2 advertises kafka:29092, which cannot be resolved here"
        );
        assert!(f.next_step.unwrap().contains("KAFKA_ADVERTISED_LISTENERS"));
    }

    fn drift(topic: &str, what: &str, actual: Option<&str>, expected: &str) -> Drift {
        Drift {
            topic: topic.into(),
            what: what.into(),
            actual: actual.map(Into::into),
            expected: expected.into(),
        }
    }

    #[test]
    fn topics_in_sync_missing_or_drifted() {
        let file = "topics.yaml".to_string();
        let ok = topics_finding(&SpecFacts::Compared {
            file: file.clone(),
            topics: 5,
            drift: vec![],
        });
        assert_eq!(
            (ok.severity, ok.message.as_str()),
            (
                Severity::Ok,
                "all 5 topics of topics.yaml exist as declared"
            )
        );

        let missing = topics_finding(&SpecFacts::Compared {
            file: file.clone(),
            topics: 5,
            drift: vec![
                drift("task-events", "topic", None, "present"),
                drift("user-events", "topic", None, "present"),
            ],
        });
        assert_eq!(missing.severity, Severity::Error);
        assert_eq!(
            missing.message,
            "2 topics of topics.yaml are missing: task-events is missing; user-events is missing"
        );
        assert!(missing.next_step.unwrap().contains("spm-kafka setup"));

        let drifted = topics_finding(&SpecFacts::Compared {
            file,
            topics: 5,
            drift: vec![drift(
                "task-events",
                "retention.ms",
                Some("86400000 (1d)"),
                "604800000 (7d)",
            )],
        });
        assert_eq!(drifted.message, "1 difference between topics.yaml and the cluster: task-events retention.ms is 86400000 (1d), expected 604800000 (7d)");
    }

    #[test]
    fn long_drift_lists_are_cut() {
        let drifts = (0..12)
            .map(|i| drift(&format!("t{i}"), "topic", None, "present"))
            .collect();
        let f = topics_finding(&SpecFacts::Compared {
            file: "topics.yaml".into(),
            topics: 12,
            drift: drifts,
        });
        assert!(
            f.message.ends_with("t7 is missing; and 4 more"),
            "{}",
            f.message
        );
    }

    #[test]
    fn missing_or_invalid_spec() {
        let f = topics_finding(&SpecFacts::Missing {
            file: "topics.yaml".into(),
        });
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.next_step.unwrap().contains("-f PATH"));
        let f = topics_finding(&SpecFacts::Invalid {
            message: "topics.yaml:3:5: unknown key".into(),
        });
        assert_eq!(
            (f.severity, f.message.as_str()),
            (Severity::Error, "topics.yaml:3:5: unknown key")
        );
    }

    fn topic(name: &str, partitions: Vec<Partition>) -> Topic {
        Topic {
            name: name.into(),
            partitions,
            config: BTreeMap::new(),
        }
    }

    fn partition(id: i32, leader: i32, replicas: &[i32], isr: &[i32]) -> Partition {
        Partition {
            id,
            leader,
            replicas: replicas.to_vec(),
            isr: isr.to_vec(),
        }
    }

    #[test]
    fn partition_health() {
        let mut cluster = Cluster::default();
        cluster.topics.insert(
            "a".into(),
            topic(
                "a",
                vec![partition(0, 1, &[1], &[1]), partition(1, 1, &[1], &[1])],
            ),
        );
        let f = partitions_findings(&cluster);
        assert_eq!(severities(&f), [("partitions", Severity::Ok)]);
        assert_eq!(
            f[0].message,
            "all 2 partitions of 1 topics have a leader and every replica in sync"
        );

        cluster.topics.insert(
            "b".into(),
            topic(
                "b",
                vec![
                    partition(0, -1, &[2], &[]),
                    partition(1, 1, &[1, 2], &[1]),
                    partition(2, -1, &[2], &[]),
                ],
            ),
        );
        let f = partitions_findings(&cluster);
        assert_eq!(
            severities(&f),
            [
                ("partitions", Severity::Error),
                ("partitions", Severity::Warning)
            ]
        );
        assert!(f[0].message.ends_with("b[0,2]"), "{}", f[0].message);
        assert!(f[1].message.ends_with("b[1]"), "{}", f[1].message);
    }

    fn total(group: &str, lags: &[(&str, i64)]) -> GroupTotal {
        use crate::lag::{Sum, TopicTotal};
        let sum = |lag: i64| Sum {
            lag: Some(lag),
            partitions: 1,
            without_commit: 0,
        };
        GroupTotal {
            group: group.into(),
            sum: sum(lags.iter().map(|(_, l)| l).sum()),
            topics: lags
                .iter()
                .map(|(t, l)| TopicTotal {
                    topic: (*t).into(),
                    sum: sum(*l),
                })
                .collect(),
        }
    }

    #[test]
    fn empty_groups_with_lag_are_warnings() {
        let f = groups_finding(2, &[total("done", &[("task-events", 0)])]);
        assert_eq!(
            (f.severity, f.message.as_str()),
            (
                Severity::Ok,
                "2 consumer groups, none stopped with messages waiting"
            )
        );
        let f = groups_finding(
            3,
            &[
                total("notify", &[("task-events", 1), ("user-events", 0)]),
                total("done", &[]),
            ],
        );
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.message, "1 Empty consumer group (no consumer running) with lag: notify (1 message waiting on task-events)");
        assert_eq!(
            f.next_step.unwrap(),
            "start the service that consumes as that group; `spm-kafka lag --group notify` shows the lag \
per partition, and `spm-kafka groups delete notify --execute` deletes a retired group"
        );
        let two = groups_finding(2, &[total("a", &[("t", 1)]), total("b", &[("t", 2)])]);
        assert!(two
            .next_step
            .unwrap()
            .contains("`spm-kafka lag --group GROUP`"));
    }

    #[test]
    fn auto_create_topics() {
        let on = auto_create_finding(&Ok(vec![
            (1, Some("false".into())),
            (2, Some("true".into())),
        ]));
        assert_eq!(on.severity, Severity::Warning);
        assert!(on.message.contains("on broker 2"), "{}", on.message);
        assert!(on
            .next_step
            .unwrap()
            .contains("KAFKA_AUTO_CREATE_TOPICS_ENABLE"));
        assert_eq!(
            auto_create_finding(&Ok(vec![(1, Some("false".into()))])).severity,
            Severity::Ok
        );
        assert_eq!(
            auto_create_finding(&Ok(vec![(1, None)])).severity,
            Severity::Warning
        );
        assert_eq!(
            auto_create_finding(&Err("not authorised".into())).severity,
            Severity::Warning
        );
    }

    #[test]
    fn checks_after_a_failure_are_skipped() {
        let f = skipped_after("kafka", "Kafka does not answer");
        let checks: Vec<&str> = f.iter().map(|f| f.check).collect();
        assert_eq!(checks, CHECKS[4..]);
        assert!(f.iter().all(|f| f.severity == Severity::Skipped
            && f.message == "not checked: Kafka does not answer"
            && f.next_step.is_none()));
        assert_eq!(skipped_after("settings", "x").len(), 9);
        assert!(skipped_after("auto-create-topics", "x").is_empty());
    }

    #[test]
    fn health_and_summary() {
        let f = vec![
            Finding::ok("dns", "x"),
            Finding::warning("topics", "y", "z"),
            Finding::skipped("cluster", "s"),
        ];
        assert!(healthy(&f));
        assert_eq!(summary(&f), "1 ok, 1 warning, 0 errors, 1 skipped");
        let f = vec![
            Finding::error("connection", "x", "y"),
            Finding::error("kafka", "x", "y"),
        ];
        assert!(!healthy(&f));
        assert_eq!(summary(&f), "0 ok, 0 warnings, 2 errors");
    }

    #[test]
    fn findings_serialise_with_stable_names() {
        let v = serde_json::to_value(Finding::error("connection", "m", "n")).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"check": "connection", "severity": "error", "message": "m", "next_step": "n"})
        );
        let v = serde_json::to_value(Finding::ok("dns", "m")).unwrap();
        assert_eq!(v["next_step"], serde_json::Value::Null);
    }

    #[test]
    fn settings_are_told_with_masked_properties_and_the_timeout() {
        let props = BTreeMap::from([("sasl.password".to_string(), "***".to_string())]);
        let f = settings_finding("k:9092", &props, Duration::from_millis(500));
        assert_eq!(
            f.message,
            "bootstrap servers k:9092, client properties sasl.password=***, timeout 500ms"
        );
        let f = settings_finding("k:9092", &BTreeMap::new(), Duration::from_secs(10));
        assert!(
            f.message.ends_with("no client properties, timeout 10s"),
            "{}",
            f.message
        );
    }

    #[test]
    fn empty_group_lag_reads_only_partitions_that_exist() {
        let committed = BTreeMap::from([(
            "g".to_string(),
            BTreeMap::from([
                (TopicPartition::new("orders", 0), 3),
                (TopicPartition::new("orders", 7), 3),
                (TopicPartition::new("gone", 0), 1),
            ]),
        )]);
        let offsets = empty_group_offsets(committed);
        assert!(offsets[0].assigned.is_empty());
        let topic = crate::cluster::Topic {
            name: "orders".into(),
            partitions: vec![crate::cluster::Partition {
                id: 0,
                leader: 1,
                replicas: vec![1],
                isr: vec![1],
            }],
            config: BTreeMap::new(),
        };
        let cluster = Cluster {
            brokers: vec![],
            topics: BTreeMap::from([("orders".to_string(), topic)]),
        };
        assert_eq!(
            existing_partitions(&offsets, &cluster),
            vec![TopicPartition::new("orders", 0)]
        );
    }

    #[test]
    fn kafka_cluster_and_group_failures_read_as_before() {
        let f = kafka_answered("k:9392", Some(&"sasl_ssl".to_string()));
        assert_eq!(f.message, "Kafka answers on k:9392 (SASL_SSL)");
        assert_eq!(
            kafka_answered("k:9092", None).message,
            "Kafka answers on k:9092 (PLAINTEXT)"
        );
        let c = cluster_unreadable("boom");
        assert_eq!((c[0].check, c[0].severity), ("cluster", Severity::Error));
        assert!(c[1..].iter().all(|f| f.severity == Severity::Skipped));
        assert!(
            !c[1..].is_empty(),
            "the later checks are said to be skipped"
        );
        let g = groups_unreadable("denied");
        assert_eq!(g.severity, Severity::Warning);
        assert_eq!(g.message, "cannot read the consumer groups: denied");
    }
}
