//! ACLs and SCRAM credentials on the Admin seam: the cluster's bindings as the core's
//! [`Binding`]s, whether an authorizer enforces them at all, and the batched changes.

use std::collections::BTreeSet;

use anyhow::{anyhow, Result};
use rdkafka::bindings::rd_kafka_resp_err_t as Code;

use super::errors::denied;
use super::ffi::acls::{
    self as ffi_acls, AclEntry, AclOperation, AclPermission, PatternType, ResourceType,
};
use super::ffi::{self, AdminError};
use super::Admin;
use crate::access::{AclState, Binding, Operation, Pattern, Permission, Resource};

fn to_entry(b: &Binding) -> AclEntry {
    AclEntry {
        resource: match b.resource {
            Resource::Topic => ResourceType::RD_KAFKA_RESOURCE_TOPIC,
            Resource::Group => ResourceType::RD_KAFKA_RESOURCE_GROUP,
            // Kafka's CLUSTER resource type is librdkafka's BROKER (4).
            Resource::Cluster => ResourceType::RD_KAFKA_RESOURCE_BROKER,
            Resource::TransactionalId => ResourceType::RD_KAFKA_RESOURCE_TRANSACTIONAL_ID,
        },
        name: b.name.clone(),
        pattern: match b.pattern {
            Pattern::Literal => PatternType::RD_KAFKA_RESOURCE_PATTERN_LITERAL,
            Pattern::Prefixed => PatternType::RD_KAFKA_RESOURCE_PATTERN_PREFIXED,
        },
        principal: b.principal.clone(),
        host: b.host.clone(),
        operation: operation_code(b.operation),
        permission: match b.permission {
            Permission::Allow => AclPermission::RD_KAFKA_ACL_PERMISSION_TYPE_ALLOW,
            Permission::Deny => AclPermission::RD_KAFKA_ACL_PERMISSION_TYPE_DENY,
        },
    }
}

fn operation_code(op: Operation) -> AclOperation {
    use AclOperation::*;
    match op {
        Operation::All => RD_KAFKA_ACL_OPERATION_ALL,
        Operation::Read => RD_KAFKA_ACL_OPERATION_READ,
        Operation::Write => RD_KAFKA_ACL_OPERATION_WRITE,
        Operation::Create => RD_KAFKA_ACL_OPERATION_CREATE,
        Operation::Delete => RD_KAFKA_ACL_OPERATION_DELETE,
        Operation::Alter => RD_KAFKA_ACL_OPERATION_ALTER,
        Operation::Describe => RD_KAFKA_ACL_OPERATION_DESCRIBE,
        Operation::ClusterAction => RD_KAFKA_ACL_OPERATION_CLUSTER_ACTION,
        Operation::DescribeConfigs => RD_KAFKA_ACL_OPERATION_DESCRIBE_CONFIGS,
        Operation::AlterConfigs => RD_KAFKA_ACL_OPERATION_ALTER_CONFIGS,
        Operation::IdempotentWrite => RD_KAFKA_ACL_OPERATION_IDEMPOTENT_WRITE,
    }
}

/// The core's binding of a cluster's entry; `None` for what topics.yaml cannot declare
/// (delegation tokens, users, unknown codes).
fn from_entry(e: &AclEntry) -> Option<Binding> {
    let resource = match e.resource {
        ResourceType::RD_KAFKA_RESOURCE_TOPIC => Resource::Topic,
        ResourceType::RD_KAFKA_RESOURCE_GROUP => Resource::Group,
        ResourceType::RD_KAFKA_RESOURCE_BROKER => Resource::Cluster,
        ResourceType::RD_KAFKA_RESOURCE_TRANSACTIONAL_ID => Resource::TransactionalId,
        _ => return None,
    };
    let pattern = match e.pattern {
        PatternType::RD_KAFKA_RESOURCE_PATTERN_LITERAL => Pattern::Literal,
        PatternType::RD_KAFKA_RESOURCE_PATTERN_PREFIXED => Pattern::Prefixed,
        _ => return None,
    };
    let operation = [
        Operation::All,
        Operation::Read,
        Operation::Write,
        Operation::Create,
        Operation::Delete,
        Operation::Alter,
        Operation::Describe,
        Operation::ClusterAction,
        Operation::DescribeConfigs,
        Operation::AlterConfigs,
        Operation::IdempotentWrite,
    ]
    .into_iter()
    .find(|o| operation_code(*o) == e.operation)?;
    let permission = match e.permission {
        AclPermission::RD_KAFKA_ACL_PERMISSION_TYPE_ALLOW => Permission::Allow,
        AclPermission::RD_KAFKA_ACL_PERMISSION_TYPE_DENY => Permission::Deny,
        _ => return None,
    };
    Some(Binding {
        principal: e.principal.clone(),
        resource,
        name: e.name.clone(),
        pattern,
        operation,
        permission,
        host: e.host.clone(),
    })
}

/// A request-level error kept as a value (to decide on), unless nobody answered.
fn kept<T>(r: Result<T, AdminError>) -> Result<Result<T, AdminError>, AdminError> {
    match r {
        Err(e) if e.is_unreachable() => Err(e),
        other => Ok(other),
    }
}

impl Admin {
    /// Every ACL binding the cluster holds, or that it has no authorizer.
    ///
    /// A broker without an authorizer answers DescribeAcls with SECURITY_DISABLED, which
    /// librdkafka 2.12 drops, handing back an empty, successful list. An empty list is
    /// therefore checked against the broker's `authorizer.class.name`: empty means no
    /// authorizer; a refusal to show it means there is one (nothing is refused without).
    pub async fn acl_state(&self) -> Result<AclState> {
        let entries = self
            .ffi_call("listing ACLs", |c, t| {
                kept(ffi_acls::describe_all_acls(c, t))
            })
            .await?;
        let denial = |code: &str| {
            anyhow!(denied(
                "cannot list ACLs",
                "DESCRIBE",
                "Cluster",
                &["kafka-cluster"],
                &self.principal(),
                code,
            )
            .replace("--cluster kafka-cluster", "--cluster"))
        };
        let entries = match entries {
            Ok(entries) => entries,
            Err(e) if e.code == Code::RD_KAFKA_RESP_ERR_SECURITY_DISABLED => {
                return Ok(AclState::NoAuthorizer)
            }
            Err(e) if e.is_authorization() => return Err(denial(&ffi::err_name(e.code))),
            Err(e) => return Err(anyhow!("Kafka refused listing ACLs: {e}")),
        };
        // An empty list is also what a principal that may not see the ACLs gets: librdkafka
        // drops DescribeAcls' error code.
        if entries.is_empty() && !self.may_describe_cluster().await? {
            return Err(denial("CLUSTER_AUTHORIZATION_FAILED"));
        }
        if entries.is_empty() {
            let brokers: Vec<i32> = self
                .metadata()
                .await?
                .brokers
                .iter()
                .map(|b| b.id)
                .collect();
            match self
                .broker_config(&brokers[..brokers.len().min(1)], "authorizer.class.name")
                .await
            {
                Ok(values)
                    if values
                        .iter()
                        .all(|(_, v)| v.as_deref().unwrap_or("").is_empty()) =>
                {
                    return Ok(AclState::NoAuthorizer)
                }
                _ => {}
            }
        }
        Ok(AclState::Enforced(
            entries.iter().filter_map(from_entry).collect(),
        ))
    }

    /// Whether the broker lets this principal DESCRIBE the cluster: such a principal is shown
    /// every group by ListGroups, and every ACL by DescribeAcls.
    pub(super) async fn may_describe_cluster(&self) -> Result<bool> {
        self.ffi_call("describing the cluster", ffi::cluster::may_describe_cluster)
            .await
    }

    /// Of `names` (topics missing from the metadata of all topics), those the broker refuses to
    /// describe to this principal: hidden, not absent — whether they exist cannot be known.
    /// `Err` carries the words for people: what was denied and what grants it.
    pub async fn check_hidden_topics(&self, names: &[String]) -> Result<()> {
        if names.is_empty() {
            return Ok(());
        }
        let timeout = self.kafka_timeout();
        let asked = names.to_vec();
        let answers = self
            .blocking_metadata(move |c| {
                ffi::describe_topic_errors(c.inner().native_client(), &asked, timeout)
            })
            .await?
            .map_err(|e| self.map_ffi(e, "describing topics"))?;
        let answers: Vec<(String, bool)> = answers
            .into_iter()
            .map(|(n, e)| {
                (
                    n,
                    e.is_some_and(|e| e.code == Code::RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED),
                )
            })
            .collect();
        let hidden: Vec<&str> = answers
            .iter()
            .filter(|(_, d)| *d)
            .map(|(n, _)| n.as_str())
            .collect();
        if hidden.is_empty() {
            return Ok(());
        }
        Err(anyhow!(denied(
            &format!(
                "cannot tell whether {} exist{} (not proposing to create {})",
                hidden.join(", "),
                if hidden.len() == 1 { "s" } else { "" },
                if hidden.len() == 1 { "it" } else { "them" }
            ),
            "DESCRIBE",
            "Topic",
            &hidden,
            &self.principal(),
            "TOPIC_AUTHORIZATION_FAILED",
        )))
    }

    /// CreateAcls for all `bindings` in one request; each binding's refusal, if any.
    pub async fn create_acls(
        &self,
        bindings: &[Binding],
    ) -> Result<Vec<(Binding, Option<AdminError>)>> {
        let entries: Vec<AclEntry> = bindings.iter().map(to_entry).collect();
        let outcomes = self
            .ffi_call("creating ACLs", move |c, t| {
                ffi_acls::create_acls(c, &entries, t)
            })
            .await?;
        Ok(bindings.iter().cloned().zip(outcomes).collect())
    }

    /// DeleteAcls of exactly these bindings in one request: how many each deleted, or its refusal.
    pub async fn delete_acls(
        &self,
        bindings: &[Binding],
    ) -> Result<Vec<(Binding, Result<usize, AdminError>)>> {
        let entries: Vec<AclEntry> = bindings.iter().map(to_entry).collect();
        let outcomes = self
            .ffi_call("deleting ACLs", move |c, t| {
                ffi_acls::delete_acls(c, &entries, t)
            })
            .await?;
        Ok(bindings
            .iter()
            .cloned()
            .zip(outcomes.into_iter().map(|r| r.map(|deleted| deleted.len())))
            .collect())
    }

    /// The users among `users` that have a SCRAM-SHA-512 credential.
    pub async fn scram_users(&self, users: &[String]) -> Result<BTreeSet<String>> {
        let users = users.to_vec();
        let described = self
            .ffi_call("describing SCRAM credentials", move |c, t| {
                ffi::scram::describe_user_scram_credentials(c, &users, t)
            })
            .await?;
        Ok(described
            .into_iter()
            .filter(|u| u.error.is_none() && u.sha512)
            .map(|u| u.user)
            .collect())
    }

    /// Creates or replaces each user's SCRAM-SHA-512 credential, in one request; each user's
    /// refusal, if any. Passwords stay in memory only as long as the call.
    pub async fn set_scram_passwords(
        &self,
        users: Vec<(String, String)>,
    ) -> Result<Vec<(String, Option<AdminError>)>> {
        self.ffi_call("setting SCRAM credentials", move |c, t| {
            ffi::scram::upsert_scram_sha512(c, &users, t)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_cross_the_ffi_boundary_unchanged() {
        let mut b = Binding::allow("User:s", Resource::Group, "s-*", Operation::Read);
        assert_eq!(from_entry(&to_entry(&b)), Some(b.clone()));
        b.permission = Permission::Deny;
        b.resource = Resource::Cluster;
        b.operation = Operation::IdempotentWrite;
        assert_eq!(from_entry(&to_entry(&b)), Some(b));
    }
}
