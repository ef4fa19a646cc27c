//! The words spm-kafka uses for librdkafka's failures: what a person reads when a connection,
//! a delivery or a batched change fails. The decisions on error codes stay with the calls; this
//! module only turns codes and librdkafka's raw texts into prose.

use rdkafka::error::{KafkaError, RDKafkaErrorCode};

/// librdkafka's connection errors are long; keep the part a person needs.
/// `127.0.0.1:9099/bootstrap: Connect to ipv4#127.0.0.1:9099 failed: Connection refused (after 0ms in state CONNECT)`
/// becomes `connection refused by 127.0.0.1:9099`.
pub fn simplify_cause(raw: &str) -> String {
    let lower = raw.to_ascii_lowercase();
    // "sasl_ssl://127.0.0.1:9392/bootstrap: ..." or "127.0.0.1:9092/1: ..." → the address.
    let head = raw.split_whitespace().next().unwrap_or("");
    let head = head.split_once("://").map_or(head, |(_, rest)| rest);
    let host = head.split('/').next().unwrap_or("").trim_end_matches(':');
    if lower.contains("connection refused") {
        format!("connection refused by {host}")
    } else if lower.contains("failed to resolve") || lower.contains("name or service not known") {
        format!("cannot resolve host {host}")
    } else if lower.contains("ssl handshake")
        || lower.contains("certificate")
        || lower.contains("ssl routines")
    {
        format!("TLS failed: {}", strip_noise(raw))
    } else if lower.contains("authentication") {
        format!("authentication failed: {}", strip_noise(raw))
    } else {
        strip_noise(raw)
    }
}

/// librdkafka's words for a client whose security protocol is not the listener's: SASL at a
/// listener without SASL ("broker's supported mechanisms: " and nothing after), TLS at a
/// plaintext one, plaintext at a TLS one. `doctor::kafka_unanswered` words the advice.
pub fn is_listener_mismatch(raw: &str) -> bool {
    let lower = strip_noise(raw).to_ascii_lowercase();
    lower.trim_end().ends_with("supported mechanisms:")
        || lower.contains("connecting to a plaintext broker listener?")
        || lower.contains("connecting to a ssl listener?")
}

fn strip_noise(raw: &str) -> String {
    let mut s = raw.to_string();
    if let Some(i) = s.find(" (after ") {
        s.truncate(i);
    }
    s
}

/// A denied request in the words every command uses: what was not allowed, which operation on
/// which resource the broker denied to whom (`code`: the error's name), and the `kafka-acls`
/// grant. `resource` is `Topic` or `Group`; `names` the resources (one `--topic`/`--group` flag
/// each in the grant).
pub fn denied(
    what: &str,
    operation: &str,
    resource: &str,
    names: &[&str],
    principal: &str,
    code: &str,
) -> String {
    let flag = resource.to_ascii_lowercase();
    let flags: Vec<String> = names.iter().map(|n| format!("--{flag} {n}")).collect();
    let mut op = operation.to_ascii_lowercase();
    op[..1].make_ascii_uppercase();
    format!(
        "{what}: the broker denied {} on {resource}:{} to {principal} ({code}) — an operator \
grants it with: kafka-acls --add --allow-principal {principal} --operation {op} {}",
        operation.to_ascii_uppercase(),
        names.join(", "),
        flags.join(" ")
    )
}

/// The error code when librdkafka's last error says the idempotent producer was refused its
/// producer id for want of rights. InitProducerId needs WRITE on some topic (or IDEMPOTENT_WRITE
/// on the cluster); librdkafka logs the refusal and asks again, so no event ever gets a report:
/// `Failed to acquire idempotence PID from broker …: Broker: Cluster authorization failed`.
pub fn producer_id_denied(cause: &str) -> Option<&'static str> {
    if !cause.contains("Failed to acquire idempotence PID") {
        return None;
    }
    [
        ("Cluster authorization failed", "ClusterAuthorizationFailed"),
        ("Topic authorization failed", "TopicAuthorizationFailed"),
    ]
    .into_iter()
    .find(|(words, _)| cause.contains(words))
    .map(|(_, code)| code)
}

/// A per-item error code of a batched change, as a person reads it.
pub fn describe_code(code: RDKafkaErrorCode) -> String {
    format!("{code} ({code:?})")
}

/// A delivery failure in words a person can act on.
pub fn describe_error(error: &KafkaError) -> String {
    match error.rdkafka_error_code() {
        Some(RDKafkaErrorCode::MessageSizeTooLarge) => {
            "the event is larger than the broker accepts (the topic's max.message.bytes)".into()
        }
        Some(RDKafkaErrorCode::MessageTimedOut) => {
            "not acknowledged within the timeout (broker unreachable or too slow?)".into()
        }
        Some(RDKafkaErrorCode::UnknownTopicOrPartition | RDKafkaErrorCode::UnknownTopic) => {
            "the topic does not exist".into()
        }
        Some(RDKafkaErrorCode::TopicAuthorizationFailed) => {
            "not authorised to write to the topic".into()
        }
        Some(code) => format!("{code}"),
        None => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_producer_id_is_told_from_other_errors() {
        assert_eq!(
            producer_id_denied(
                "Failed to acquire idempotence PID from broker sasl_ssl://127.0.0.1:9392/1: \
Broker: Cluster authorization failed"
            ),
            Some("ClusterAuthorizationFailed")
        );
        assert_eq!(
            producer_id_denied(
                "Failed to acquire idempotence PID from broker b/1: Broker: Request timed out"
            ),
            None
        );
        assert_eq!(
            producer_id_denied("Broker: Cluster authorization failed"),
            None
        );
    }

    #[test]
    fn a_denial_names_the_operation_the_resource_and_the_grant() {
        assert_eq!(
            denied("not allowed to delete consumer group 'g'", "DELETE", "Group", &["g"], "User:ops", "GroupAuthorizationFailed"),
            "not allowed to delete consumer group 'g': the broker denied DELETE on Group:g to User:ops \
(GroupAuthorizationFailed) — an operator grants it with: kafka-acls --add --allow-principal User:ops \
--operation Delete --group g"
        );
        assert!(denied(
            "x",
            "READ",
            "Topic",
            &["a", "b"],
            "User:r",
            "TopicAuthorizationFailed"
        )
        .ends_with("--operation Read --topic a --topic b"));
    }

    #[test]
    fn causes_are_readable() {
        assert_eq!(
            simplify_cause("127.0.0.1:9099/bootstrap: Connect to ipv4#127.0.0.1:9099 failed: Connection refused (after 0ms in state CONNECT)"),
            "connection refused by 127.0.0.1:9099"
        );
        assert!(simplify_cause("nohost.invalid:9092/bootstrap: Failed to resolve 'nohost.invalid:9092': Name or service not known (after 3ms in state CONNECT)")
            .starts_with("cannot resolve host nohost.invalid:9092"));
        assert!(simplify_cause("localhost:9093/bootstrap: SASL authentication error: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512 (after 5ms in state AUTH_REQ)")
            .starts_with("authentication failed"));
        assert!(simplify_cause("sasl_ssl://127.0.0.1:9392/bootstrap: SSL handshake failed: error:0A000086:SSL routines::certificate verify failed: broker certificate could not be verified (after 9ms in state SSL_HANDSHAKE)")
            .starts_with("TLS failed: sasl_ssl://127.0.0.1:9392/bootstrap: SSL handshake failed"));
    }
}
