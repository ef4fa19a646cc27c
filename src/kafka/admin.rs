//! Admin operations: metadata, topic configs, topic creation, partitions, incremental config
//! changes and offsets. Each call is bounded by the `--timeout`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context as _, Result};
use rdkafka::admin::{AdminClient, AdminOptions, NewPartitions, ResourceSpecifier, TopicResult};
use rdkafka::bindings::rd_kafka_resp_err_t as RDKafkaRespErr;
use rdkafka::client::NativeClient;
use rdkafka::consumer::{BaseConsumer, Consumer as _};
use rdkafka::error::KafkaError;
use rdkafka::types::RDKafkaErrorCode;

use super::ffi::{self, OffsetSpec, TopicConfigChange};
use super::{probe, ErrorCapture, Kafka};
use crate::cluster::{Broker, Cluster, ConfigValue, Partition, Topic, Watermarks};
use crate::doctor::Finding;
use crate::names::TopicPartition;
use crate::spec::TopicSpec;

/// The answer for one topic of a batched change (defined beside the FFI calls that make most).
pub use super::ffi::Outcome;

/// How long a topic that metadata listed may stay unknown to the broker answering
/// DescribeConfigs (metadata propagation between brokers) before that is an error.
const TOPIC_SETTLE: Duration = Duration::from_secs(5);

/// One topic's answer to DescribeConfigs.
enum Described {
    Config(BTreeMap<String, ConfigValue>),
    /// No configs: unknown to the answering broker (not there yet, or deleted meanwhile).
    /// (Missing authorisation is an error code, and fails at once.)
    Unknown(String),
}

#[derive(Clone)]
pub struct Admin {
    client: Arc<AdminClient<ErrorCapture>>,
    context: ErrorCapture,
    kafka: Kafka,
    /// Whether every bootstrap server refused a TCP connection: probed once, on the first
    /// request, alongside it (see [`Admin::blocking`]).
    refused: Arc<tokio::sync::OnceCell<Option<Vec<Finding>>>>,
    /// The handle that reads groups' committed offsets (see [`Handle::OffsetsReader`]), made
    /// on first use.
    offsets_reader: Arc<tokio::sync::OnceCell<Arc<BaseConsumer<ErrorCapture>>>>,
}

/// The librdkafka handle an FFI admin call runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Handle {
    /// The admin client.
    Admin,
    /// For ListConsumerGroupOffsets: a consumer handle with a group of its own, which never
    /// joins it. librdkafka 2.12 (issue #5040, open) answers an OffsetFetch refused with
    /// NOT_COORDINATOR by telling the handle's own consumer group to look for its coordinator
    /// again; a handle without one (every admin client) dereferences NULL and the process dies
    /// with SIGSEGV. A broker just started, or moving a partition of `__consumer_offsets`,
    /// answers exactly that.
    OffsetsReader,
}

/// The group of [`Handle::OffsetsReader`]: looked up, never joined, never committed to.
const OFFSETS_READER_GROUP: &str = "spm-kafka-offsets-reader";

impl Admin {
    pub fn new(kafka: &Kafka) -> Result<Admin> {
        let (client, context) = kafka.create::<AdminClient<ErrorCapture>>(kafka.base_config())?;
        Ok(Admin {
            client: Arc::new(client),
            context,
            kafka: kafka.clone(),
            refused: Arc::default(),
            offsets_reader: Arc::default(),
        })
    }

    async fn offsets_reader(&self) -> Result<Arc<BaseConsumer<ErrorCapture>>> {
        self.offsets_reader
            .get_or_try_init(|| async {
                let mut config = self.kafka.base_config();
                config
                    .set("group.id", OFFSETS_READER_GROUP)
                    .set("enable.auto.commit", "false");
                let (reader, _context) = self.kafka.create::<BaseConsumer<ErrorCapture>>(config)?;
                Ok(Arc::new(reader))
            })
            .await
            .cloned()
    }

    pub(super) fn client(&self) -> &AdminClient<ErrorCapture> {
        &self.client
    }

    /// The principal this client authenticates as, for advice about ACLs.
    pub(super) fn principal(&self) -> String {
        super::consumer::principal(&self.kafka)
    }

    /// Why creating `topic` failed, for people: a denial names the operation, the resource and
    /// the grant (like every other denial), anything else the broker's words.
    pub fn creation_refused(&self, topic: &str, e: &ffi::AdminError) -> anyhow::Error {
        let what = format!("cannot create topic '{topic}'");
        if e.is_authorization() {
            anyhow!(super::errors::denied(
                &what,
                "CREATE",
                "Topic",
                &[topic],
                &self.principal(),
                &ffi::err_name(e.code),
            ))
        } else {
            anyhow!("{what}: {e}")
        }
    }

    pub(super) fn options(&self) -> AdminOptions {
        // The operation timeout makes the controller wait until the change is visible in
        // metadata before answering, so a following `verify` sees it.
        AdminOptions::new()
            .request_timeout(Some(self.kafka.timeout))
            .operation_timeout(Some(self.kafka.timeout))
    }

    /// Runs a blocking librdkafka call off the async runtime. Alongside it, the bootstrap
    /// servers are probed (once per client): when every one refuses the connection, nothing
    /// listens there and the call fails at once with `doctor`'s words, instead of after the
    /// whole `--timeout` (librdkafka retries a refused connection until the timeout ends).
    async fn blocking<T: Send + 'static>(
        &self,
        what: &str,
        f: impl FnOnce(&AdminClient<ErrorCapture>) -> T + Send + 'static,
    ) -> Result<T> {
        let client = self.client.clone();
        let work = tokio::task::spawn_blocking(move || f(&client));
        let refused = async {
            let found = self
                .refused
                .get_or_init(|| probe::all_refused(&self.kafka.bootstrap, self.kafka.timeout))
                .await;
            match found {
                Some(findings) => findings.clone(),
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            done = work => done.context("admin worker thread failed"),
            findings = refused => Err(self.kafka.refused(&findings, what)),
        }
    }

    /// The admin client never polls its main queue, where librdkafka posts connection and
    /// authentication errors; read them when a call failed, to say why.
    fn last_error(&self) -> Option<String> {
        ffi::drain_main_queue(&self.client).or_else(|| self.context.last_error())
    }

    /// Whether the bootstrap address is a KRaft controller listener: a Metadata request fails
    /// with UnsupportedFeature at once there. Asked only after a request failed, to say why.
    pub async fn is_controller_listener(&self) -> bool {
        let quick = self.kafka.timeout.min(Duration::from_secs(2));
        let client = self.client.clone();
        let answer =
            tokio::task::spawn_blocking(move || client.inner().fetch_metadata(None, quick)).await;
        matches!(answer, Ok(Err(e)) if is_unsupported(&e))
    }

    fn controller_listener(&self, what: &str) -> anyhow::Error {
        let f = crate::doctor::controller_listener(&self.kafka.bootstrap);
        anyhow!(
            "cannot use Kafka at {} while {what}: {} — {}",
            self.kafka.bootstrap,
            f.message,
            f.next_step.unwrap_or_default()
        )
    }

    pub(super) fn map_timeout(&self, e: KafkaError, what: &str) -> anyhow::Error {
        if is_unsupported(&e) {
            return self.controller_listener(what);
        }
        let code = e.rdkafka_error_code();
        let unreachable = matches!(
            code,
            Some(
                RDKafkaErrorCode::OperationTimedOut
                    | RDKafkaErrorCode::BrokerTransportFailure
                    | RDKafkaErrorCode::AllBrokersDown
                    | RDKafkaErrorCode::RequestTimedOut
                    | RDKafkaErrorCode::Authentication
                    | RDKafkaErrorCode::SSL
            )
        );
        if unreachable {
            self.kafka.unreachable(self.last_error(), what)
        } else {
            anyhow::Error::from(e).context(format!("Kafka refused {what}"))
        }
    }

    pub(super) fn map_ffi(&self, e: ffi::AdminError, what: &str) -> anyhow::Error {
        if e.is_unreachable() {
            self.kafka.unreachable(self.last_error(), what)
        } else {
            anyhow!("Kafka refused {what}: {e}")
        }
    }

    /// Runs an FFI admin call (`kafka::ffi`) on a blocking thread with this client (borrowed for
    /// the call) and the `--timeout`; a failure of the whole request becomes the standard
    /// "cannot reach Kafka" / "Kafka refused" message about `what`. Used by `kafka::groups`.
    pub(crate) async fn ffi_call<T: Send + 'static>(
        &self,
        what: &str,
        call: impl FnOnce(&NativeClient, Duration) -> Result<T, ffi::AdminError> + Send + 'static,
    ) -> Result<T> {
        let timeout = self.kafka.timeout;
        let outcome = self
            .blocking(what, move |c| call(c.inner().native_client(), timeout))
            .await?;
        self.ffi_outcome(outcome, what).await
    }

    /// [`Admin::ffi_call`] for a request answered by group coordinators. While a coordinator is
    /// still loading its partition of `__consumer_offsets` or moving (a broker just started or
    /// failed over), the request is asked again, as Kafka's own clients do — within the one
    /// `--timeout`, backing off from 100 ms to 1 s. `busy` says whether an answer that arrived
    /// holds such an error for one of its items; after the timeout that answer is returned as
    /// it is.
    pub(crate) async fn ffi_group_call<T: Send + 'static>(
        &self,
        what: &str,
        call: impl Fn(&NativeClient, Duration) -> Result<T, ffi::AdminError> + Clone + Send + 'static,
        busy: impl Fn(&T) -> bool,
    ) -> Result<T> {
        let deadline = Instant::now() + self.kafka.timeout;
        self.ffi_group_call_until(deadline, Handle::Admin, what, call, busy)
            .await
    }

    /// [`Admin::ffi_group_call`] on a chosen handle, for one of several calls that share one
    /// `--timeout`.
    pub(crate) async fn ffi_group_call_until<T: Send + 'static>(
        &self,
        deadline: Instant,
        on: Handle,
        what: &str,
        call: impl Fn(&NativeClient, Duration) -> Result<T, ffi::AdminError> + Clone + Send + 'static,
        busy: impl Fn(&T) -> bool,
    ) -> Result<T> {
        let reader = match on {
            Handle::Admin => None,
            Handle::OffsetsReader => Some(self.offsets_reader().await?),
        };
        let mut pause = Duration::from_millis(100);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let attempt = call.clone();
            let reader = reader.clone();
            let outcome = self
                .blocking(what, move |c| match &reader {
                    Some(r) => attempt(r.client().native_client(), left),
                    None => attempt(c.inner().native_client(), left),
                })
                .await?;
            let again = match &outcome {
                Ok(value) => busy(value),
                Err(e) => e.is_coordinator_busy(),
            };
            if !again || Instant::now() + pause >= deadline {
                return self.ffi_outcome(outcome, what).await;
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_secs(1));
        }
    }

    async fn ffi_outcome<T>(&self, outcome: Result<T, ffi::AdminError>, what: &str) -> Result<T> {
        match outcome {
            Ok(value) => Ok(value),
            // No answer at all: a controller port answers nothing but the handshake.
            Err(e) if e.is_unreachable() && self.is_controller_listener().await => {
                Err(self.controller_listener(what))
            }
            Err(e) => Err(self.map_ffi(e, what)),
        }
    }

    pub(super) fn kafka_timeout(&self) -> Duration {
        self.kafka.timeout
    }

    /// A metadata call of `f` on a blocking thread (see [`Admin::blocking`]).
    pub(super) async fn blocking_metadata<T: Send + 'static>(
        &self,
        f: impl FnOnce(&AdminClient<ErrorCapture>) -> T + Send + 'static,
    ) -> Result<T> {
        self.blocking("reading topic metadata", f).await
    }

    /// Brokers and every topic with its partitions (no configs).
    pub async fn metadata(&self) -> Result<Cluster> {
        let timeout = self.kafka.timeout;
        let md = self
            .blocking("reading cluster metadata", move |c| {
                c.inner().fetch_metadata(None, timeout)
            })
            .await?;
        let md = md.map_err(|e| self.map_timeout(e, "reading cluster metadata"))?;
        let brokers = md
            .brokers()
            .iter()
            .map(|b| Broker {
                id: b.id(),
                host: b.host().to_string(),
                port: b.port(),
            })
            .collect();
        let mut topics = BTreeMap::new();
        for t in md.topics() {
            if t.error().is_some() {
                continue;
            }
            let mut partitions: Vec<Partition> = t
                .partitions()
                .iter()
                .map(|p| Partition {
                    id: p.id(),
                    leader: p.leader(),
                    replicas: p.replicas().to_vec(),
                    isr: p.isr().to_vec(),
                })
                .collect();
            partitions.sort_by_key(|p| p.id);
            topics.insert(
                t.name().to_string(),
                Topic {
                    name: t.name().to_string(),
                    partitions,
                    config: BTreeMap::new(),
                },
            );
        }
        Ok(Cluster { brokers, topics })
    }

    /// The configs of the named topics. A topic that vanished or whose configs the broker
    /// would not show is an error, never an empty config.
    ///
    /// On a cluster of several brokers, metadata from one broker can list a topic that the
    /// broker answering DescribeConfigs does not know yet (a topic created a moment ago, e.g. by
    /// `setup` just before its check, or by a `setup` right before `verify`). Such topics are
    /// asked for again for a short while before that counts as an error.
    pub async fn topic_configs(
        &self,
        names: &[String],
    ) -> Result<BTreeMap<String, BTreeMap<String, ConfigValue>>> {
        let mut out = BTreeMap::new();
        let mut pending: Vec<String> = names.to_vec();
        let settle = self.kafka.timeout.min(TOPIC_SETTLE);
        let deadline = std::time::Instant::now() + settle;
        let mut pause = Duration::from_millis(50);
        loop {
            let mut unknown = Vec::new();
            for (name, described) in self.describe_topic_configs(&pending).await? {
                match described {
                    Described::Config(config) => {
                        out.insert(name, config);
                    }
                    Described::Unknown(why) => unknown.push((name, why)),
                }
            }
            let Some((_, why)) = unknown.first() else {
                return Ok(out);
            };
            if std::time::Instant::now() + pause > deadline {
                let names: Vec<String> = unknown.iter().map(|(n, _)| format!("'{n}'")).collect();
                let noun = if names.len() == 1 { "topic" } else { "topics" };
                return Err(anyhow!("{why}")).with_context(|| {
                    format!("cannot read the configs of {noun} {}", names.join(", "))
                });
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(500));
            pending = unknown.into_iter().map(|(n, _)| n).collect();
        }
    }

    /// One DescribeConfigs request for `names`, each topic's configs or why there are none.
    async fn describe_topic_configs(&self, names: &[String]) -> Result<Vec<(String, Described)>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let specs: Vec<ResourceSpecifier> =
            names.iter().map(|n| ResourceSpecifier::Topic(n)).collect();
        let results = self
            .client
            .describe_configs(specs.iter(), &self.options())
            .await
            .map_err(|e| self.map_timeout(e, "describing topic configs"))?;
        let mut out = Vec::with_capacity(names.len());
        for (name, result) in names.iter().zip(results) {
            let resource = match result {
                Ok(resource) => resource,
                Err(RDKafkaErrorCode::UnknownTopicOrPartition) => {
                    out.push((
                        name.clone(),
                        Described::Unknown(
                            "the broker does not know the topic (deleted meanwhile?)".into(),
                        ),
                    ));
                    continue;
                }
                Err(code) => {
                    return Err(anyhow!("cannot read the configs of topic '{name}': {code}"))
                }
            };
            if resource.entries.is_empty() {
                out.push((
                    name.clone(),
                    Described::Unknown(format!(
                        "the broker lists the topic but shows {} none of its configs: \
DESCRIBE_CONFIGS on Topic:{name} is denied (or the topic was deleted meanwhile) — an operator \
grants it with: kafka-acls --add --allow-principal {} --operation DescribeConfigs --topic {name}",
                        self.principal(),
                        self.principal()
                    )),
                ));
                continue;
            }
            let config = resource
                .entries
                .into_iter()
                .map(|e| {
                    let is_override =
                        matches!(e.source, rdkafka::admin::ConfigSource::DynamicTopic);
                    (
                        e.name,
                        ConfigValue {
                            value: e.value,
                            is_override,
                            is_sensitive: e.is_sensitive,
                        },
                    )
                })
                .collect();
            out.push((name.clone(), Described::Config(config)));
        }
        Ok(out)
    }

    /// Metadata plus the configs of those of `names` that exist.
    pub async fn cluster_with_configs(&self, names: &[String]) -> Result<Cluster> {
        let mut cluster = self.metadata().await?;
        let present: Vec<String> = names
            .iter()
            .filter(|n| cluster.topics.contains_key(*n))
            .cloned()
            .collect();
        for (name, config) in self.topic_configs(&present).await? {
            if let Some(t) = cluster.topics.get_mut(&name) {
                t.config = config;
            }
        }
        Ok(cluster)
    }

    /// Creates the topics in one request. A topic that already exists (another `setup` won the
    /// race) counts as created: the caller re-checks the end state. With `validate_only` the
    /// broker only says whether it would create them (and why not), creating nothing.
    pub async fn create_topics(
        &self,
        topics: &[TopicSpec],
        validate_only: bool,
    ) -> Result<Vec<Outcome>> {
        let requests: Vec<ffi::NewTopicRequest> = topics
            .iter()
            .map(|t| ffi::NewTopicRequest {
                name: t.name.clone(),
                partitions: t.partitions,
                replication_factor: i32::from(t.replication_factor),
                config: t
                    .config
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            })
            .collect();
        let timeout = self.kafka.timeout;
        let outcomes = self
            .blocking("creating topics", move |c| {
                ffi::create_topics(c.inner().native_client(), &requests, validate_only, timeout)
            })
            .await?
            .map_err(|e| self.map_ffi(e, "creating topics"))?;
        Ok(outcomes
            .into_iter()
            .map(|o| Outcome {
                result: o.result.or_else(|e| match e.code {
                    RDKafkaRespErr::RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS => Ok(()),
                    _ => Err(e),
                }),
                ..o
            })
            .collect())
    }

    /// Raises partition counts in one request. "Already has N partitions" (a concurrent
    /// `setup`) counts as done: the caller re-checks the end state.
    pub async fn create_partitions(&self, changes: &[(String, i32)]) -> Result<Vec<Outcome>> {
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        let new: Vec<NewPartitions> = changes
            .iter()
            .map(|(t, n)| NewPartitions::new(t, *n as usize))
            .collect();
        let results = self
            .client
            .create_partitions(new.iter(), &self.options())
            .await
            .map_err(|e| self.map_timeout(e, "adding partitions"))?;
        Ok(outcomes(results, RDKafkaErrorCode::InvalidPartitions))
    }

    /// Sets the given keys on each topic, leaving every other key as it is (KIP-339). With
    /// `validate_only` the broker only says whether it would accept them, changing nothing.
    pub async fn set_topic_configs(
        &self,
        changes: Vec<TopicConfigChange>,
        validate_only: bool,
    ) -> Result<Vec<Outcome>> {
        let timeout = self.kafka.timeout;
        self.blocking("changing topic configs", move |c| {
            ffi::incremental_alter_topic_configs(
                c.inner().native_client(),
                &changes,
                validate_only,
                timeout,
            )
        })
        .await?
        .map_err(|e| self.map_ffi(e, "changing topic configs"))
    }

    /// Offsets of many partitions at once (earliest, latest or by timestamp).
    pub async fn list_offsets(
        &self,
        partitions: Vec<TopicPartition>,
        spec: OffsetSpec,
    ) -> Result<BTreeMap<TopicPartition, i64>> {
        let timeout = self.kafka.timeout;
        let listed = self
            .blocking("listing offsets", move |c| {
                ffi::list_offsets(c.inner().native_client(), &partitions, spec, timeout)
            })
            .await?
            .map_err(|e| self.map_ffi(e, "listing offsets"))?;
        let mut out = BTreeMap::new();
        for l in listed {
            if let Some(e) = l.error {
                // A topic deleted since the metadata was read simply has no offsets any more.
                if e.code == RDKafkaRespErr::RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART {
                    continue;
                }
                return Err(anyhow!(
                    "cannot list offsets of {}[{}]: {e}",
                    l.topic,
                    l.partition
                ));
            }
            out.insert(TopicPartition::new(l.topic, l.partition), l.offset);
        }
        Ok(out)
    }

    /// Log-start and log-end offsets of the partitions, in two batched requests.
    pub async fn watermarks(
        &self,
        partitions: Vec<TopicPartition>,
    ) -> Result<BTreeMap<TopicPartition, Watermarks>> {
        let (start, end) = tokio::try_join!(
            self.list_offsets(partitions.clone(), OffsetSpec::Earliest),
            self.list_offsets(partitions, OffsetSpec::Latest),
        )?;
        Ok(start
            .into_iter()
            .filter_map(|(tp, log_start)| {
                end.get(&tp)
                    .map(|&log_end| (tp, Watermarks { log_start, log_end }))
            })
            .collect())
    }
}

/// Per-topic outcomes of a batched create; `done` is the error that means another run already
/// did it (the caller re-checks the end state).
/// librdkafka's "Required feature not supported by broker", for a whole request.
fn is_unsupported(e: &KafkaError) -> bool {
    e.rdkafka_error_code() == Some(RDKafkaErrorCode::UnsupportedFeature)
}

fn outcomes(results: Vec<TopicResult>, done: RDKafkaErrorCode) -> Vec<Outcome> {
    results
        .into_iter()
        .map(|r| match r {
            Ok(topic) => Outcome {
                topic,
                result: Ok(()),
            },
            Err((topic, code)) if code == done => Outcome {
                topic,
                result: Ok(()),
            },
            Err((topic, code)) => Outcome {
                topic,
                result: Err(ffi::AdminError::from_rdkafka(code)),
            },
        })
        .collect()
}

/// Facts for `doctor`, which diagnoses failures instead of reporting them as one error.
impl Admin {
    /// The cluster id, or — when none came within the `--timeout` — the last error librdkafka
    /// reported (connection refused, TLS, authentication), raw, for the diagnosis.
    pub async fn cluster_id(&self) -> Result<std::result::Result<String, Option<String>>> {
        let timeout = self.kafka.timeout;
        let id = self
            .blocking("reading the cluster id", move |c| {
                c.inner().fetch_cluster_id(timeout)
            })
            .await?;
        Ok(id.ok_or_else(|| self.last_error()))
    }

    /// Whether a metadata request for every topic is answered within the `--timeout`, or the
    /// last error librdkafka reported, raw. It fails after the bootstrap connection worked when
    /// a broker advertises an address that cannot be reached from here.
    pub async fn metadata_answered(&self) -> Result<std::result::Result<(), Option<String>>> {
        let timeout = self.kafka.timeout;
        let answer = self
            .blocking("reading cluster metadata", move |c| {
                c.inner().fetch_metadata(None, timeout).map(|_| ())
            })
            .await?;
        Ok(answer.map_err(|_| self.last_error()))
    }

    /// One config value of each broker (`None`: the broker did not report it), in one request.
    pub async fn broker_config(
        &self,
        brokers: &[i32],
        key: &str,
    ) -> Result<Vec<(i32, Option<String>)>> {
        if brokers.is_empty() {
            return Ok(Vec::new());
        }
        let specs: Vec<ResourceSpecifier> = brokers
            .iter()
            .map(|id| ResourceSpecifier::Broker(*id))
            .collect();
        let results = self
            .client
            .describe_configs(specs.iter(), &self.options())
            .await
            .map_err(|e| self.map_timeout(e, "describing broker configs"))?;
        brokers
            .iter()
            .zip(results)
            .map(|(id, result)| {
                let resource = result
                    .map_err(|code| anyhow!("cannot read the configs of broker {id}: {code}"))?;
                Ok((*id, resource.get(key).and_then(|e| e.value.clone())))
            })
            .collect()
    }
}
