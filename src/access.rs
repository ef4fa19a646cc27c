//! Access control declared with the topics: the `services:` and `acls:` sections of
//! topics.yaml, the least-privilege ACL bindings they stand for, and the diff with the ACLs a
//! cluster holds. Pure: parsing positions come from `spec.rs`, the cluster's ACLs from the
//! Kafka seam (`kafka::acls`).
//!
//! What a service gets (checked against Kafka 4.1 with librdkafka, see tests/access.rs):
//! - a producer: WRITE and DESCRIBE on each topic it produces. An idempotent producer needs no
//!   IDEMPOTENT_WRITE on the cluster: since KIP-679 (Kafka 3.0) WRITE on any topic allows
//!   InitProducerId, and Kafka 4.1 accepts an `enable.idempotence=true` producer with exactly
//!   these two bindings.
//! - a consumer: READ and DESCRIBE on each topic it consumes, READ on each of its groups
//!   (`name*` is a PREFIXED group pattern).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_saphyr::{Location, Spanned};

use crate::exit::InputError;
use crate::names::closest;
use strum::IntoEnumIterator;

/// The cluster resource's one name, as Kafka spells it.
pub const CLUSTER_NAME: &str = "kafka-cluster";

/// A resource type as topics.yaml spells it (`transactional_id`); its names come from one
/// derive (strum), so the parser, the printer and "did you mean" cannot disagree.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Resource {
    Topic,
    Group,
    Cluster,
    TransactionalId,
}

impl Resource {
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The operations Kafka accepts in an ACL on this resource type.
    fn operations(self) -> &'static [Operation] {
        use Operation::*;
        match self {
            Resource::Topic => &[
                All,
                Read,
                Write,
                Create,
                Delete,
                Alter,
                Describe,
                DescribeConfigs,
                AlterConfigs,
            ],
            Resource::Group => &[All, Read, Describe, Delete],
            Resource::Cluster => &[
                All,
                Create,
                Alter,
                Describe,
                ClusterAction,
                DescribeConfigs,
                AlterConfigs,
                IdempotentWrite,
            ],
            Resource::TransactionalId => &[All, Describe, Write],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pattern {
    Literal,
    Prefixed,
}

/// An ACL operation: `describe_configs` in topics.yaml, `DESCRIBE_CONFIGS` in Kafka's tools.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[strum(serialize_all = "snake_case")]
pub enum Operation {
    All,
    Read,
    Write,
    Create,
    Delete,
    Alter,
    Describe,
    ClusterAction,
    DescribeConfigs,
    AlterConfigs,
    IdempotentWrite,
}

impl Operation {
    /// `describe_configs`, as topics.yaml spells it.
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// `DESCRIBE_CONFIGS`, as Kafka spells it.
    pub fn upper(self) -> String {
        self.key().to_ascii_uppercase()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    Allow,
    Deny,
}

/// One ACL binding: `principal` may (or may not) do `operation` on the resource from `host`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Binding {
    pub principal: String,
    pub resource: Resource,
    pub name: String,
    pub pattern: Pattern,
    pub operation: Operation,
    pub permission: Permission,
    pub host: String,
}

impl Binding {
    pub fn allow(principal: &str, resource: Resource, name: &str, operation: Operation) -> Self {
        let (name, pattern) = pattern_of(name);
        Binding {
            principal: principal.to_string(),
            resource,
            name,
            pattern,
            operation,
            permission: Permission::Allow,
            host: "*".to_string(),
        }
    }

    /// The resource as topics.yaml writes it: `task-events`, `manage-task*` (prefixed), `*`.
    pub fn resource_name(&self) -> String {
        match self.pattern {
            Pattern::Literal => self.name.clone(),
            Pattern::Prefixed => format!("{}*", self.name),
        }
    }
}

impl fmt::Display for Binding {
    /// `User:manage-task WRITE topic task-events`; `DENY`, `from HOST` when not the defaults.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ", self.principal)?;
        if self.permission == Permission::Deny {
            write!(f, "DENY ")?;
        }
        write!(
            f,
            "{} {} {}",
            self.operation.upper(),
            self.resource.name(),
            self.resource_name()
        )?;
        if self.host != "*" {
            write!(f, " from {}", self.host)?;
        }
        Ok(())
    }
}

/// `name*` → (`name`, prefixed); `*` and anything else → literal.
fn pattern_of(name: &str) -> (String, Pattern) {
    match name.strip_suffix('*') {
        Some(prefix) if !prefix.is_empty() => (prefix.to_string(), Pattern::Prefixed),
        _ => (name.to_string(), Pattern::Literal),
    }
}

/// One service of `services:`, defaults applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    pub name: String,
    pub principal: String,
    pub produces: Vec<String>,
    pub consumes: Vec<String>,
    /// Consumer group ids; `name*` is a prefix.
    pub groups: Vec<String>,
    /// Whether the principal logs in with SCRAM (a `User:` principal unless `scram: false`).
    pub scram: bool,
}

impl Service {
    /// The SCRAM user name: the principal without `User:`.
    pub fn user(&self) -> Option<&str> {
        self.principal.strip_prefix("User:").filter(|_| self.scram)
    }

    /// The least-privilege bindings this service needs.
    pub fn bindings(&self) -> Vec<Binding> {
        let p = &self.principal;
        let mut out = Vec::new();
        for t in &self.produces {
            out.push(Binding::allow(p, Resource::Topic, t, Operation::Write));
            out.push(Binding::allow(p, Resource::Topic, t, Operation::Describe));
        }
        for t in &self.consumes {
            out.push(Binding::allow(p, Resource::Topic, t, Operation::Read));
            out.push(Binding::allow(p, Resource::Topic, t, Operation::Describe));
        }
        for g in &self.groups {
            out.push(Binding::allow(p, Resource::Group, g, Operation::Read));
        }
        out
    }
}

/// The access part of a spec: services and explicit bindings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Access {
    pub services: Vec<Service>,
    pub acls: Vec<Binding>,
}

impl Access {
    pub fn is_empty(&self) -> bool {
        self.services.is_empty() && self.acls.is_empty()
    }

    /// Every binding the spec grants, once each, in a stable order.
    pub fn desired(&self) -> Vec<Binding> {
        let set: BTreeSet<Binding> = self
            .services
            .iter()
            .flat_map(Service::bindings)
            .chain(self.acls.iter().cloned())
            .collect();
        set.into_iter().collect()
    }

    /// The principals the spec manages: only their ACLs are ever compared or pruned.
    pub fn principals(&self) -> BTreeSet<String> {
        self.services
            .iter()
            .map(|s| s.principal.clone())
            .chain(self.acls.iter().map(|b| b.principal.clone()))
            .collect()
    }

    pub fn scram_users(&self) -> Vec<&Service> {
        self.services
            .iter()
            .filter(|s| s.user().is_some())
            .collect()
    }
}

/// What the cluster says about ACLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AclState {
    /// An authorizer answers: these are all the bindings it holds.
    Enforced(Vec<Binding>),
    /// No authorizer (SECURITY_DISABLED, or no `authorizer.class.name`): nothing is enforced.
    NoAuthorizer,
}

/// The ACL part of a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AclPlan {
    /// Whether the cluster enforces ACLs at all.
    pub enforced: bool,
    /// How many bindings the spec declares.
    pub declared: usize,
    /// Declared, not on the cluster: setup creates them.
    pub missing: Vec<Binding>,
    /// On the cluster, of a declared principal, not declared: `setup --prune-acls` deletes them.
    pub undeclared: Vec<Binding>,
    /// Declared bindings already on the cluster.
    pub in_sync: usize,
    /// Declared SCRAM users without a SCRAM-SHA-512 credential (filled by the caller).
    pub missing_credentials: Vec<String>,
}

impl AclPlan {
    pub fn in_sync(&self) -> bool {
        self.missing.is_empty() && self.undeclared.is_empty() && self.missing_credentials.is_empty()
    }
}

/// Desired vs actual. ACLs of principals the spec does not declare are never looked at.
pub fn diff(access: &Access, state: &AclState) -> AclPlan {
    let desired = access.desired();
    let AclState::Enforced(actual) = state else {
        return AclPlan {
            enforced: false,
            declared: desired.len(),
            ..AclPlan::default()
        };
    };
    let have: BTreeSet<&Binding> = actual.iter().collect();
    let want: BTreeSet<&Binding> = desired.iter().collect();
    let principals = access.principals();
    let missing: Vec<Binding> = desired
        .iter()
        .filter(|b| !have.contains(b))
        .cloned()
        .collect();
    let mut undeclared: Vec<Binding> = actual
        .iter()
        .filter(|b| principals.contains(&b.principal) && !want.contains(b))
        .cloned()
        .collect();
    undeclared.sort();
    undeclared.dedup();
    AclPlan {
        enforced: true,
        declared: desired.len(),
        in_sync: desired.len() - missing.len(),
        missing,
        undeclared,
        missing_credentials: Vec::new(),
    }
}

impl Binding {
    /// Whether this binding's resource pattern covers `name` of `resource`.
    pub fn covers(&self, resource: Resource, name: &str) -> bool {
        self.resource == resource
            && match self.pattern {
                Pattern::Literal => self.name == "*" || self.name == name,
                Pattern::Prefixed => name.starts_with(&self.name),
            }
    }

    /// Whether this binding is about `principal` (its own, or the `User:*` wildcard).
    fn applies_to(&self, principal: &str) -> bool {
        self.principal == principal || self.principal == "User:*"
    }
}

/// `spm-kafka acls` filters: a binding of this principal, one that covers this topic / group.
pub fn filter<'a>(
    bindings: &'a [Binding],
    principal: Option<&str>,
    topic: Option<&str>,
    group: Option<&str>,
) -> Vec<&'a Binding> {
    let mut out: Vec<&Binding> = bindings
        .iter()
        .filter(|b| principal.is_none_or(|p| b.principal == p))
        .filter(|b| topic.is_none_or(|t| b.covers(Resource::Topic, t)))
        .filter(|b| group.is_none_or(|g| b.covers(Resource::Group, g)))
        .collect();
    out.sort();
    out
}

/// Whether the bindings let `principal` do `op` on the resource (from any host): an ALLOW of
/// the operation (or ALL) covers it and no DENY does — the authorizer's rule, hosts aside.
pub fn allowed(
    bindings: &[Binding],
    principal: &str,
    resource: Resource,
    name: &str,
    op: Operation,
) -> bool {
    let relevant = |b: &&Binding| {
        b.applies_to(principal)
            && b.covers(resource, name)
            && (b.operation == op || b.operation == Operation::All)
    };
    let mut matching = bindings.iter().filter(relevant);
    let (mut allow, mut deny) = (false, false);
    for b in matching.by_ref() {
        match b.permission {
            Permission::Allow => allow |= b.host == "*",
            Permission::Deny => deny = true,
        }
    }
    allow && !deny
}

/// Read and write rights on one topic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Rights {
    pub read: bool,
    pub write: bool,
}

impl Rights {
    fn of(bindings: &[Binding], principal: &str, topic: &str) -> Rights {
        Rights {
            read: allowed(bindings, principal, Resource::Topic, topic, Operation::Read),
            write: allowed(
                bindings,
                principal,
                Resource::Topic,
                topic,
                Operation::Write,
            ),
        }
    }

    /// `RW`, `R`, `W` or `-`.
    pub fn letters(self) -> &'static str {
        match (self.read, self.write) {
            (true, true) => "RW",
            (true, false) => "R",
            (false, true) => "W",
            (false, false) => "-",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatrixCell {
    pub topic: String,
    pub declared: Rights,
    /// `None`: the cluster enforces no access control.
    pub granted: Option<Rights>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatrixRow {
    pub service: String,
    pub principal: String,
    pub topics: Vec<MatrixCell>,
    pub groups_declared: Vec<String>,
    /// The group patterns the cluster lets the principal READ; `None` without an authorizer.
    pub groups_granted: Option<Vec<String>>,
}

impl MatrixRow {
    pub fn agrees(&self) -> bool {
        self.granted_groups_agree()
            && self
                .topics
                .iter()
                .all(|c| c.granted.is_none_or(|g| g == c.declared))
    }

    fn granted_groups_agree(&self) -> bool {
        self.groups_granted.as_ref().is_none_or(|g| {
            let mut a = g.clone();
            let mut b = self.groups_declared.clone();
            a.sort();
            b.sort();
            a == b
        })
    }
}

/// Services × topics, with R/W and groups, as the spec declares them and the cluster grants.
pub fn matrix(access: &Access, topics: &[String], state: &AclState) -> Vec<MatrixRow> {
    let declared = access.desired();
    let granted = match state {
        AclState::Enforced(b) => Some(b.as_slice()),
        AclState::NoAuthorizer => None,
    };
    access
        .services
        .iter()
        .map(|s| MatrixRow {
            service: s.name.clone(),
            principal: s.principal.clone(),
            topics: topics
                .iter()
                .map(|t| MatrixCell {
                    topic: t.clone(),
                    declared: Rights::of(&declared, &s.principal, t),
                    granted: granted.map(|g| Rights::of(g, &s.principal, t)),
                })
                .collect(),
            groups_declared: s.groups.clone(),
            groups_granted: granted.map(|g| {
                let mut names: Vec<String> = g
                    .iter()
                    .filter(|b| {
                        b.principal == s.principal
                            && b.resource == Resource::Group
                            && b.permission == Permission::Allow
                            && matches!(b.operation, Operation::Read | Operation::All)
                    })
                    .map(Binding::resource_name)
                    .collect();
                names.sort();
                names.dedup();
                names
            }),
        })
        .collect()
}

/// One applied access change, for people and `-o json` (never a password).
#[derive(Debug, Serialize)]
pub struct AccessApplied {
    /// `add acl`, `delete acl`, `set scram credential`.
    pub action: &'static str,
    /// The binding or the user.
    pub what: String,
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A SCRAM user the spec declares that has no SCRAM-SHA-512 credential on the cluster.
pub fn missing_credentials<'a>(
    access: &'a Access,
    with_credential: &BTreeSet<String>,
) -> Vec<&'a str> {
    access
        .scram_users()
        .into_iter()
        .filter_map(Service::user)
        .filter(|u| !with_credential.contains(*u))
        .collect()
}

/// Where a service's password comes from: `SPM_KAFKA_PASSWORD_<NAME>`, the service name in
/// upper case with every character that is not a letter or digit as `_`
/// (`manage-task` → `SPM_KAFKA_PASSWORD_MANAGE_TASK`).
pub fn password_variable(service: &str) -> String {
    let tail: String = service
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("SPM_KAFKA_PASSWORD_{tail}")
}

/// The `(user, password)` of every declared SCRAM service whose password the operator
/// supplied: `lookup` answers for a variable name ([`password_variable`]), from `--secrets`
/// first, then the environment.
pub fn supplied_passwords(
    access: &Access,
    lookup: impl Fn(&str) -> Option<String>,
) -> Vec<(String, String)> {
    access
        .scram_users()
        .into_iter()
        .filter_map(|s| {
            let user = s.user()?.to_string();
            lookup(&password_variable(&s.name))
                .filter(|p| !p.is_empty())
                .map(|p| (user, p))
        })
        .collect()
}

/// A `--secrets` file: `SPM_KAFKA_PASSWORD_<SERVICE>=password` lines, `#` comments and blank
/// lines. The error names the line, never its value.
pub fn parse_secrets(text: &str, file: &str) -> Result<BTreeMap<String, String>, InputError> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once('=') {
            Some((k, v)) if k.trim().starts_with("SPM_KAFKA_PASSWORD_") => {
                out.insert(k.trim().to_string(), v.to_string());
            }
            _ => {
                return Err(InputError::new(format!(
                    "{file}:{}: expected SPM_KAFKA_PASSWORD_<SERVICE>=password",
                    i + 1
                )))
            }
        }
    }
    Ok(out)
}

// ---- parsing: the raw sections as `spec.rs` deserialises them ----

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawService {
    description: Option<String>,
    principal: Option<Spanned<String>>,
    #[serde(default)]
    produces: Vec<Spanned<String>>,
    #[serde(default)]
    consumes: Vec<Spanned<String>>,
    groups: Option<Vec<Spanned<String>>>,
    scram: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAcl {
    principal: Spanned<String>,
    resource: Spanned<String>,
    name: Option<Spanned<String>>,
    operations: Spanned<Vec<Spanned<String>>>,
    permission: Option<Spanned<String>>,
    host: Option<Spanned<String>>,
}

fn err(file: &str, at: Location, message: impl fmt::Display) -> InputError {
    InputError::new(format!("{file}:{}:{}: {message}", at.line(), at.column()))
}

fn did_you_mean(word: &str, known: &[&str]) -> String {
    closest(word, known.iter().copied())
        .map(|k| format!(" (did you mean '{k}'?)"))
        .unwrap_or_default()
}

/// `Type:name`, both parts non-empty (`User:manage-task`).
fn check_principal(file: &str, p: &Spanned<String>) -> Result<String, InputError> {
    match p.value.split_once(':') {
        Some((kind, name))
            if !kind.is_empty()
                && kind.chars().all(|c| c.is_ascii_alphanumeric())
                && !name.trim().is_empty() =>
        {
            Ok(p.value.clone())
        }
        _ => Err(err(
            file,
            p.referenced,
            format!(
                "principal '{}' has no type: write it as Type:name, e.g. User:{}",
                p.value,
                p.value.trim_start_matches(':')
            ),
        )),
    }
}

fn check_group(file: &str, g: &Spanned<String>) -> Result<(), InputError> {
    let bad = g.value.trim().is_empty()
        || g.value.trim() != g.value
        || g.value[..g.value.len().saturating_sub(1)].contains('*');
    if bad {
        return Err(err(
            file,
            g.referenced,
            format!(
                "invalid group '{}': a group id, or 'prefix*' for every group starting with prefix",
                g.value
            ),
        ));
    }
    Ok(())
}

/// Resolves the raw sections; `topics` are the spec's declared topic names.
pub(crate) fn resolve(
    file: &str,
    services: Vec<(Spanned<String>, Option<RawService>)>,
    acls: Vec<RawAcl>,
    topics: &[String],
) -> Result<Access, InputError> {
    let known: Vec<&str> = topics.iter().map(String::as_str).collect();
    let mut out = Access::default();
    let mut seen: BTreeMap<String, Location> = BTreeMap::new();
    for (name, raw) in services {
        if name.value.trim().is_empty() {
            return Err(err(file, name.referenced, "a service needs a name"));
        }
        if let Some(first) = seen.insert(name.value.clone(), name.referenced) {
            return Err(err(
                file,
                name.referenced,
                format!(
                    "service '{}' is declared twice (first on line {})",
                    name.value,
                    first.line()
                ),
            ));
        }
        let raw = raw.unwrap_or_default();
        let _ = raw.description;
        let principal = match &raw.principal {
            Some(p) => check_principal(file, p)?,
            None => format!("User:{}", name.value),
        };
        let topic_list = |list: &[Spanned<String>], key: &str| -> Result<Vec<String>, InputError> {
            let mut names = Vec::new();
            for t in list {
                if !known.contains(&t.value.as_str()) {
                    return Err(err(
                        file,
                        t.referenced,
                        format!(
                            "service '{}' {key} '{}', which `topics:` does not declare{}",
                            name.value,
                            t.value,
                            did_you_mean(&t.value, &known)
                        ),
                    ));
                }
                if !names.contains(&t.value) {
                    names.push(t.value.clone());
                }
            }
            Ok(names)
        };
        let produces = topic_list(&raw.produces, "produces")?;
        let consumes = topic_list(&raw.consumes, "consumes")?;
        let groups = match &raw.groups {
            Some(groups) => {
                for g in groups {
                    check_group(file, g)?;
                }
                groups.iter().map(|g| g.value.clone()).collect()
            }
            None if !consumes.is_empty() => vec![name.value.clone()],
            None => Vec::new(),
        };
        let scram = raw.scram.unwrap_or(true) && principal.starts_with("User:");
        out.services.push(Service {
            name: name.value.clone(),
            principal,
            produces,
            consumes,
            groups,
            scram,
        });
    }
    for acl in acls {
        out.acls.extend(resolve_acl(file, &acl)?);
    }
    Ok(out)
}

fn resolve_acl(file: &str, acl: &RawAcl) -> Result<Vec<Binding>, InputError> {
    let principal = check_principal(file, &acl.principal)?;
    let names: Vec<&str> = Resource::iter().map(Resource::name).collect();
    let Some(resource) = Resource::iter().find(|r| r.name() == acl.resource.value) else {
        return Err(err(
            file,
            acl.resource.referenced,
            format!(
                "unknown resource '{}'; one of {}{}",
                acl.resource.value,
                names.join(", "),
                did_you_mean(&acl.resource.value, &names)
            ),
        ));
    };
    let name = match (&acl.name, resource) {
        (None, Resource::Cluster) => CLUSTER_NAME.to_string(),
        (Some(n), Resource::Cluster) if n.value != CLUSTER_NAME => {
            return Err(err(
                file,
                n.referenced,
                format!("the cluster resource is always named '{CLUSTER_NAME}'; leave `name` out"),
            ))
        }
        (Some(n), _) if n.value.trim().is_empty() || n.value.trim() != n.value => {
            return Err(err(file, n.referenced, "`name` must not be empty"))
        }
        (Some(n), _) if n.value[..n.value.len() - 1].contains('*') => {
            return Err(err(
                file,
                n.referenced,
                format!(
                    "invalid name '{}': a literal name, '*' for all, or 'prefix*'",
                    n.value
                ),
            ))
        }
        (Some(n), _) => n.value.clone(),
        (None, _) => {
            return Err(err(
                file,
                acl.resource.referenced,
                format!(
                    "an ACL on a {} needs a `name` (a name, '*' or 'prefix*')",
                    resource.name()
                ),
            ))
        }
    };
    let permission = match acl.permission.as_ref().map(|p| (p, p.value.as_str())) {
        None | Some((_, "allow")) => Permission::Allow,
        Some((_, "deny")) => Permission::Deny,
        Some((p, other)) => {
            return Err(err(
                file,
                p.referenced,
                format!("permission must be allow or deny, got '{other}'"),
            ))
        }
    };
    let host = match &acl.host {
        Some(h) if h.value.trim().is_empty() => {
            return Err(err(file, h.referenced, "`host` must not be empty"))
        }
        Some(h) => h.value.clone(),
        None => "*".to_string(),
    };
    if acl.operations.value.is_empty() {
        return Err(err(
            file,
            acl.operations.referenced,
            "`operations` lists no operation",
        ));
    }
    let allowed = resource.operations();
    let mut out = Vec::new();
    for op in &acl.operations.value {
        let keys: Vec<&str> = Operation::iter().map(Operation::key).collect();
        let Some(operation) = Operation::iter().find(|o| o.key().eq_ignore_ascii_case(&op.value))
        else {
            return Err(err(
                file,
                op.referenced,
                format!(
                    "unknown operation '{}'{}",
                    op.value,
                    did_you_mean(&op.value.to_ascii_lowercase(), &keys)
                ),
            ));
        };
        if !allowed.contains(&operation) {
            let list: Vec<&str> = allowed.iter().map(|o| o.key()).collect();
            return Err(err(
                file,
                op.referenced,
                format!(
                    "operation '{}' does not apply to a {}; Kafka allows {}",
                    op.value,
                    resource.name(),
                    list.join(", ")
                ),
            ));
        }
        let mut b = Binding::allow(&principal, resource, &name, operation);
        b.permission = permission;
        b.host = host.clone();
        out.push(b);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::parse;

    const TOPICS: &str =
        "defaults: {partitions: 1, replication_factor: 1}\ntopics:\n  a: {}\n  b: {}\n  c: {}\n";

    fn access(extra: &str) -> Access {
        parse(&format!("{TOPICS}{extra}"), "t.yaml", None)
            .unwrap_or_else(|e| panic!("{e}"))
            .access
    }

    #[test]
    fn names_are_kafkas_spelled_the_topics_yaml_way() {
        let resources: Vec<&str> = Resource::iter().map(Resource::name).collect();
        assert_eq!(resources, ["topic", "group", "cluster", "transactional_id"]);
        let operations: Vec<String> = Operation::iter().map(Operation::upper).collect();
        assert_eq!(
            operations,
            [
                "ALL",
                "READ",
                "WRITE",
                "CREATE",
                "DELETE",
                "ALTER",
                "DESCRIBE",
                "CLUSTER_ACTION",
                "DESCRIBE_CONFIGS",
                "ALTER_CONFIGS",
                "IDEMPOTENT_WRITE"
            ]
        );
        // The JSON output spells operations as Kafka does.
        assert_eq!(
            serde_json::to_string(&Operation::DescribeConfigs).unwrap(),
            "\"DESCRIBE_CONFIGS\""
        );
    }

    fn error(extra: &str) -> String {
        parse(&format!("{TOPICS}{extra}"), "t.yaml", None)
            .expect_err("an error")
            .to_string()
    }

    fn lines(bindings: &[Binding]) -> Vec<String> {
        bindings.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_service_gets_least_privilege() {
        let a = access("services:\n  s:\n    produces: [a]\n    consumes: [b, c]\n");
        let set: BTreeSet<String> = lines(&a.desired()).into_iter().collect();
        let want: BTreeSet<String> = [
            "User:s WRITE topic a",
            "User:s DESCRIBE topic a",
            "User:s READ topic b",
            "User:s DESCRIBE topic b",
            "User:s READ topic c",
            "User:s DESCRIBE topic c",
            "User:s READ group s",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(set, want);
        assert_eq!(a.services[0].user(), Some("s"));
    }

    #[test]
    fn a_producer_only_service_has_no_group_and_prefixes_are_prefixed() {
        let a = access("services:\n  p:\n    produces: [a]\n  q:\n    principal: User:quux\n    consumes: [a]\n    groups: [\"q-*\", exact]\n");
        assert!(a.services[0].groups.is_empty());
        let desired = a.desired();
        let groups: Vec<&Binding> = desired
            .iter()
            .filter(|b| b.resource == Resource::Group)
            .collect();
        assert_eq!(groups.len(), 2);
        let prefixed = groups
            .iter()
            .find(|b| b.pattern == Pattern::Prefixed)
            .unwrap();
        assert_eq!(
            (prefixed.name.as_str(), prefixed.principal.as_str()),
            ("q-", "User:quux")
        );
        assert_eq!(prefixed.to_string(), "User:quux READ group q-*");
    }

    #[test]
    fn explicit_acls_expand_per_operation() {
        let a = access("acls:\n  - principal: User:ops\n    resource: topic\n    name: \"*\"\n    operations: [describe, DESCRIBE_CONFIGS]\n  - principal: User:ops\n    resource: cluster\n    operations: [alter]\n");
        assert_eq!(
            lines(&a.acls),
            [
                "User:ops DESCRIBE topic *",
                "User:ops DESCRIBE_CONFIGS topic *",
                "User:ops ALTER cluster kafka-cluster"
            ]
        );
        assert!(a.principals().contains("User:ops"));
    }

    #[test]
    fn bad_access_sections_name_the_position() {
        let cases = [
            ("services:\n  s:\n    produce: [a]\n", "t.yaml:8:5", "unknown field"),
            ("services:\n  s:\n    produces: [x]\n", "t.yaml:8:16", "does not declare"),
            ("services:\n  s:\n    produces: [aa]\n", "t.yaml:8:16", "did you mean 'a'"),
            ("services:\n  s:\n    principal: s\n", "t.yaml:8:16", "Type:name"),
            ("acls:\n  - principal: User:o\n    resource: topik\n    name: a\n    operations: [read]\n", "t.yaml:8:15", "did you mean 'topic'"),
            ("acls:\n  - principal: User:o\n    resource: topic\n    name: a\n    operations: [raed]\n", "t.yaml:10:18", "unknown operation 'raed' (did you mean 'read'?)"),
            ("acls:\n  - principal: User:o\n    resource: group\n    name: a\n    operations: [write]\n", "t.yaml:10:18", "does not apply to a group"),
            ("acls:\n  - principal: User:o\n    resource: topic\n    operations: [read]\n", "t.yaml:8:15", "needs a `name`"),
            ("acls:\n  - principal: o\n    resource: topic\n    name: a\n    operations: [read]\n", "t.yaml:7:16", "Type:name"),
            ("services:\n  s:\n    consumes: [a]\n    groups: [\"a*b\"]\n", "t.yaml:9:14", "invalid group"),
        ];
        for (extra, at, what) in cases {
            let e = error(extra);
            assert!(e.starts_with(at) && e.contains(what), "{extra:?}: {e}");
        }
    }

    fn enforced(bindings: &[Binding]) -> AclState {
        AclState::Enforced(bindings.to_vec())
    }

    #[test]
    fn diff_finds_missing_and_undeclared_of_declared_principals_only() {
        let a = access("services:\n  s:\n    produces: [a]\n");
        let write = Binding::allow("User:s", Resource::Topic, "a", Operation::Write);
        let extra = Binding::allow("User:s", Resource::Topic, "b", Operation::Read);
        let stranger = Binding::allow("User:other", Resource::Topic, "a", Operation::Read);
        let p = diff(&a, &enforced(&[write.clone(), extra.clone(), stranger]));
        assert!(p.enforced);
        assert_eq!(lines(&p.missing), ["User:s DESCRIBE topic a"]);
        assert_eq!(p.undeclared, [extra]);
        assert_eq!((p.declared, p.in_sync), (2, 1));
        assert!(!p.in_sync());

        let all = a.desired();
        let p = diff(&a, &enforced(&all));
        assert!(p.in_sync() && p.in_sync == 2);
    }

    #[test]
    fn a_deny_or_another_host_is_not_the_declared_binding() {
        let a = access("services:\n  s:\n    produces: [a]\n");
        let mut deny = Binding::allow("User:s", Resource::Topic, "a", Operation::Write);
        deny.permission = Permission::Deny;
        let mut host = Binding::allow("User:s", Resource::Topic, "a", Operation::Describe);
        host.host = "10.0.0.1".into();
        let p = diff(&a, &enforced(&[deny.clone(), host.clone()]));
        assert_eq!(p.missing.len(), 2);
        assert_eq!(p.undeclared.len(), 2);
        assert_eq!(deny.to_string(), "User:s DENY WRITE topic a");
        assert_eq!(host.to_string(), "User:s DESCRIBE topic a from 10.0.0.1");
    }

    #[test]
    fn no_authorizer_is_not_in_sync_by_accident() {
        let a = access("services:\n  s:\n    produces: [a]\n");
        let p = diff(&a, &AclState::NoAuthorizer);
        assert!(!p.enforced);
        assert_eq!(p.declared, 2);
        assert!(p.missing.is_empty() && p.undeclared.is_empty());
    }

    #[test]
    fn scram_users_and_their_password_variables() {
        let a = access("services:\n  manage-task:\n    produces: [a]\n  tls:\n    principal: \"User:CN=tls\"\n    scram: false\n");
        let with: BTreeSet<String> = BTreeSet::new();
        assert_eq!(missing_credentials(&a, &with), ["manage-task"]);
        let with: BTreeSet<String> = ["manage-task".to_string()].into();
        assert!(missing_credentials(&a, &with).is_empty());
        assert_eq!(
            password_variable("manage-task"),
            "SPM_KAFKA_PASSWORD_MANAGE_TASK"
        );
        assert_eq!(password_variable("a.b_c"), "SPM_KAFKA_PASSWORD_A_B_C");
    }

    #[test]
    fn passwords_come_from_secrets_and_never_appear_in_errors() {
        let a =
            access("services:\n  manage-task:\n    produces: [a]\n  other:\n    produces: [a]\n");
        let secrets = parse_secrets(
            "# rotate monthly\nSPM_KAFKA_PASSWORD_MANAGE_TASK=s3cr=t\n",
            "s.env",
        )
        .unwrap();
        let got = supplied_passwords(&a, |k| secrets.get(k).cloned());
        assert_eq!(got, [("manage-task".to_string(), "s3cr=t".to_string())]);
        let e = parse_secrets("manage-task: hunter2\n", "s.env")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "s.env:1: expected SPM_KAFKA_PASSWORD_<SERVICE>=password");
        assert!(!e.contains("hunter2"));
    }

    #[test]
    fn the_matrix_shows_declared_and_granted_side_by_side() {
        let a = access("services:\n  s:\n    produces: [a]\n    consumes: [b]\n");
        let topics: Vec<String> = ["a", "b", "c"].map(String::from).into();
        // The cluster grants WRITE on a but also READ on c through a prefix, and READ on b is
        // denied.
        let mut granted = a.desired();
        granted.push(Binding::allow(
            "User:s",
            Resource::Topic,
            "c*",
            Operation::Read,
        ));
        let mut deny = Binding::allow("User:s", Resource::Topic, "b", Operation::Read);
        deny.permission = Permission::Deny;
        granted.push(deny);
        let rows = matrix(&a, &topics, &AclState::Enforced(granted));
        let cells: Vec<(&str, &str)> = rows[0]
            .topics
            .iter()
            .map(|c| (c.declared.letters(), c.granted.unwrap().letters()))
            .collect();
        assert_eq!(cells, [("W", "W"), ("R", "-"), ("-", "R")]);
        assert_eq!(
            rows[0].groups_granted.as_deref(),
            Some(&["s".to_string()][..])
        );
        assert!(!rows[0].agrees());

        let rows = matrix(&a, &topics, &AclState::Enforced(a.desired()));
        assert!(rows[0].agrees());
        let rows = matrix(&a, &topics, &AclState::NoAuthorizer);
        assert!(rows[0].topics[0].granted.is_none() && rows[0].agrees());
    }

    #[test]
    fn acls_filters_by_principal_topic_and_group_patterns() {
        let all = vec![
            Binding::allow("User:s", Resource::Topic, "a", Operation::Write),
            Binding::allow("User:t", Resource::Topic, "*", Operation::Read),
            Binding::allow("User:t", Resource::Group, "g-*", Operation::Read),
        ];
        assert_eq!(filter(&all, Some("User:s"), None, None).len(), 1);
        assert_eq!(filter(&all, None, Some("a"), None).len(), 2);
        assert_eq!(filter(&all, None, Some("b"), None).len(), 1);
        assert_eq!(filter(&all, None, None, Some("g-1")).len(), 1);
        assert!(filter(&all, None, None, Some("h")).is_empty());
    }

    #[test]
    fn a_spec_without_access_declares_nothing() {
        let a = access("");
        assert!(a.is_empty());
        assert!(a.desired().is_empty());
    }
}
