//! The one seam between spm-kafka and Kafka: client settings, client construction and the
//! translation of librdkafka failures into messages people can act on.
//!
//! Every client gets `allow.auto.create.topics=false` (a metadata request must never create a
//! topic) and the user's properties last, so `-X` can override anything.

pub mod acls;
pub mod admin;
pub mod backup;
pub mod consumer;
pub mod errors;
pub mod ffi;
pub mod groups;
pub mod probe;
pub mod producer;
pub mod publish;
pub mod stamps;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rdkafka::client::ClientContext;
use rdkafka::config::{ClientConfig, FromClientConfigAndContext, RDKafkaLogLevel};
use rdkafka::consumer::ConsumerContext;
use rdkafka::error::KafkaError;

use crate::exit::InputError;
use crate::settings::Settings;

pub use admin::Admin;
pub use errors::simplify_cause;

/// How to reach the cluster; cheap to clone.
#[derive(Debug, Clone)]
pub struct Kafka {
    pub bootstrap: String,
    pub properties: Vec<(String, String)>,
    pub timeout: Duration,
}

/// The rdkafka client context of every client: it captures the last error librdkafka reported
/// (connection refused, DNS, TLS, authentication) so that a timeout can say *why* the broker
/// could not be reached. librdkafka's own log lines are not printed.
#[derive(Clone, Default)]
pub struct ErrorCapture {
    last_error: Arc<Mutex<Option<String>>>,
}

impl ErrorCapture {
    pub fn last_error(&self) -> Option<String> {
        self.last_error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn remember(&self, message: String) {
        *self.last_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(message);
    }
}

impl ClientContext for ErrorCapture {
    fn log(&self, level: RDKafkaLogLevel, _facility: &str, message: &str) {
        if (level as i32) <= (RDKafkaLogLevel::Error as i32) {
            self.remember(message.to_string());
        }
    }

    fn error(&self, error: KafkaError, reason: &str) {
        self.remember(if reason.is_empty() {
            error.to_string()
        } else {
            reason.to_string()
        });
    }
}

impl ConsumerContext for ErrorCapture {}

impl Kafka {
    pub fn from_settings(settings: &Settings) -> Kafka {
        Kafka {
            bootstrap: settings.bootstrap.clone(),
            properties: settings
                .properties
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            timeout: settings.timeout,
        }
    }

    /// The settings every client shares; callers add their role's settings, then
    /// [`Kafka::create`] applies the user's properties on top.
    pub fn base_config(&self) -> ClientConfig {
        let mut c = ClientConfig::new();
        c.set("bootstrap.servers", &self.bootstrap)
            .set("client.id", "spm-kafka")
            .set("allow.auto.create.topics", "false")
            .set(
                "socket.connection.setup.timeout.ms",
                millis(self.timeout)
                    .max(MIN_SOCKET_CONNECTION_SETUP_MS)
                    .to_string(),
            );

        c
    }

    /// Creates any rdkafka client from `config` plus the user's properties.
    /// A property librdkafka rejects is invalid input (exit 2).
    pub fn create<T>(&self, mut config: ClientConfig) -> anyhow::Result<(T, ErrorCapture)>
    where
        T: FromClientConfigAndContext<ErrorCapture>,
    {
        init_openssl();
        for (k, v) in &self.properties {
            config.set(k, v);
        }
        let context = ErrorCapture::default();
        let client = config
            .create_with_context(context.clone())
            .map_err(|e| match e {
                KafkaError::ClientConfig(_, desc, key, _) if !key.is_empty() => {
                    anyhow::Error::from(InputError::new(format!(
                        "invalid client property '{key}': {desc}"
                    )))
                }
                KafkaError::ClientConfig(_, desc, _, _) | KafkaError::ClientCreation(desc) => {
                    anyhow::Error::from(InputError::new(format!(
                        "invalid client configuration: {desc}"
                    )))
                }
                other => anyhow::Error::from(other).context("cannot create the Kafka client"),
            })?;
        Ok((client, context))
    }

    /// The principal the clients authenticate as, for advice about ACLs.
    pub fn principal(&self) -> String {
        consumer::principal(self)
    }

    pub fn admin(&self) -> anyhow::Result<Admin> {
        Admin::new(self)
    }

    /// The message for "no answer from the cluster", with the last cause librdkafka saw.
    /// `cause` is the last error librdkafka reported, if any.
    pub fn unreachable(&self, cause: Option<String>, what: &str) -> anyhow::Error {
        if let Some(raw) = cause.as_deref().filter(|c| errors::is_listener_mismatch(c)) {
            // The broker is running; the client speaks another protocol than the listener.
            let f = crate::doctor::kafka_unanswered(Some(raw), &self.bootstrap, self.timeout);
            return anyhow::anyhow!(
                "cannot connect to Kafka at {} while {what}: {} — {}",
                self.bootstrap,
                f.message,
                f.next_step.unwrap_or_default()
            );
        }
        let cause = cause.map(|c| simplify_cause(&c));
        let at = &self.bootstrap;
        match cause {
            Some(c) if c.starts_with("authentication failed") => anyhow::anyhow!(
                "cannot connect to Kafka at {at} while {what}: {c} — check sasl.username, sasl.password and \
sasl.mechanism (-X, --client-config or KAFKA_SASL_*)"
            ),
            Some(c) if c.starts_with("TLS failed") => anyhow::anyhow!(
                "cannot connect to Kafka at {at} while {what}: {c} — check ssl.ca.location (the CA that signed the \
broker's certificate) and that the address matches the certificate"
            ),
            cause => anyhow::anyhow!(
                "cannot reach Kafka at {at} within {}{} while {what} — is the broker running and the address right? \
try: scripts/kafka.sh start, or -b HOST:PORT / KAFKA_BOOTSTRAP_SERVERS",
                crate::duration::humanize(self.timeout),
                cause.map(|c| format!(" ({c})")).unwrap_or_default(),
            ),
        }
    }
}

/// librdkafka refuses `socket.connection.setup.timeout.ms` below 1000. A shorter `--timeout`
/// still bounds the command: every call waits at most `--timeout`, whatever a connection
/// attempt in the background is allowed.
const MIN_SOCKET_CONNECTION_SETUP_MS: u64 = 1000;

impl Kafka {
    /// The message for "every bootstrap server refused the connection", from `doctor`'s
    /// findings about them (see [`probe::all_refused`]).
    pub fn refused(&self, findings: &[crate::doctor::Finding], what: &str) -> anyhow::Error {
        let causes: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        let next = findings
            .iter()
            .find_map(|f| f.next_step.as_deref())
            .unwrap_or("check the address (-b HOST:PORT / KAFKA_BOOTSTRAP_SERVERS)");
        anyhow::anyhow!(
            "cannot reach Kafka at {} while {what}: {} — {next}",
            self.bootstrap,
            causes.join("; ")
        )
    }
}

pub fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
}

// The one duration formatter is `duration::humanize`; this name stays only for the callers in
// `commands/tail.rs` and `commands/lag.rs`, which other branches are changing (issue 11, 13).

/// Called before every client is made ([`Kafka::create`], the one place clients are made), so it
/// runs before librdkafka first touches OpenSSL, and costs nothing for commands without one.
///
/// The process exits without waiting for librdkafka's threads (see `commands::run`), and a broker
/// thread may still be inside a TLS handshake at that moment. OpenSSL's own `atexit` clean-up then
/// frees the locks and tables that thread is using, and the process dies with SIGSEGV instead of
/// its exit code (seen with `-X security.protocol=SSL` against a plaintext listener, about one
/// run in ten). `openssl_sys::init` initialises OpenSSL with `OPENSSL_INIT_NO_ATEXIT`, so there is
/// no such clean-up: the kernel reclaims everything at exit anyway.
fn init_openssl() {
    // Idempotent (a `Once` inside).
    openssl_sys::init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_protocol_mismatch_is_not_a_missing_broker() {
        let k = Kafka {
            bootstrap: "127.0.0.1:9292".into(),
            properties: vec![],
            timeout: Duration::from_secs(3),
        };
        let sasl = k.unreachable(Some("sasl_plaintext://127.0.0.1:9292/bootstrap: SASL SCRAM-SHA-512 mechanism handshake failed: Broker: Request not valid in current SASL state: broker's supported mechanisms: ".into()), "reading cluster metadata").to_string();
        assert!(sasl.contains("the listener does not speak SASL"), "{sasl}");
        assert!(!sasl.contains("is the broker running"), "{sasl}");
        let tls = k.unreachable(Some("sasl_ssl://127.0.0.1:9292/bootstrap: SSL handshake failed: Disconnected: SSL connection closed by peer: connecting to a PLAINTEXT broker listener? (after 3ms in state SSL_HANDSHAKE)".into()), "x").to_string();
        assert!(
            tls.contains("the local and compose brokers are PLAINTEXT"),
            "{tls}"
        );
        let refused = k.unreachable(Some("127.0.0.1:9292/bootstrap: Connect to ipv4#127.0.0.1:9292 failed: Connection refused".into()), "x").to_string();
        assert!(refused.contains("is the broker running"), "{refused}");
    }

    #[test]
    fn base_config_never_auto_creates() {
        let k = Kafka {
            bootstrap: "h:1".into(),
            properties: vec![],
            timeout: Duration::from_secs(3),
        };
        let c = k.base_config();
        assert_eq!(c.get("allow.auto.create.topics"), Some("false"));
        assert_eq!(c.get("bootstrap.servers"), Some("h:1"));
        assert_eq!(c.get("socket.connection.setup.timeout.ms"), Some("3000"));
    }

    #[test]
    fn a_sub_second_timeout_gives_librdkafka_its_minimum() {
        for (timeout, setup) in [(1, "1000"), (500, "1000"), (999, "1000"), (1500, "1500")] {
            let k = Kafka {
                bootstrap: "h:1".into(),
                properties: vec![],
                timeout: Duration::from_millis(timeout),
            };
            assert_eq!(
                k.base_config().get("socket.connection.setup.timeout.ms"),
                Some(setup),
                "--timeout {timeout}ms"
            );
        }
    }
}
