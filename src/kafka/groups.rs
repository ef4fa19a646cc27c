//! Consumer groups, typed: listing, describing, reading and committing group offsets through
//! librdkafka's admin API (`kafka::ffi`), on the one admin client of the command.
//!
//! Reading the offsets of many groups never creates a client per group: ListConsumerGroups is
//! one request per broker, DescribeConsumerGroups one call for all groups, and the one-group
//! ListConsumerGroupOffsets requests are pipelined on the same client.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use anyhow::{anyhow, Result};
use rdkafka::types::RDKafkaErrorCode;
use serde::Serialize;

use super::admin::Handle;
use super::ffi;
use super::Admin;
use crate::names::TopicPartition;

/// A group's state as the coordinator reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum GroupState {
    Stable,
    PreparingRebalance,
    CompletingRebalance,
    Empty,
    Dead,
    Unknown,
}

impl GroupState {
    /// From librdkafka's state names.
    pub fn from_name(name: &str) -> GroupState {
        match name {
            "Stable" => GroupState::Stable,
            "PreparingRebalance" => GroupState::PreparingRebalance,
            "CompletingRebalance" => GroupState::CompletingRebalance,
            "Empty" => GroupState::Empty,
            "Dead" => GroupState::Dead,
            _ => GroupState::Unknown,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            GroupState::Stable => "Stable",
            GroupState::PreparingRebalance => "PreparingRebalance",
            GroupState::CompletingRebalance => "CompletingRebalance",
            GroupState::Empty => "Empty",
            GroupState::Dead => "Dead",
            GroupState::Unknown => "Unknown",
        }
    }

    /// Consumers are (or may be) in the group: its offsets must not be changed under them.
    pub fn is_active(self) -> bool {
        !matches!(self, GroupState::Empty | GroupState::Dead)
    }
}

impl std::fmt::Display for GroupState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Which rebalance protocol the group uses: `classic` (JoinGroup/SyncGroup, e.g. Python
/// confluent-kafka's default), `consumer` (KIP-848, Kafka 4), or `simple` (offsets committed
/// by consumers that `assign()` partitions themselves, no protocol).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupType {
    Classic,
    Consumer,
    Simple,
    Unknown,
}

impl GroupType {
    fn from_name(name: &str, is_simple: bool) -> GroupType {
        if is_simple {
            return GroupType::Simple;
        }
        match name.to_ascii_lowercase().as_str() {
            "classic" => GroupType::Classic,
            "consumer" => GroupType::Consumer,
            _ => GroupType::Unknown,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            GroupType::Classic => "classic",
            GroupType::Consumer => "consumer",
            GroupType::Simple => "simple",
            GroupType::Unknown => "unknown",
        }
    }
}

/// A group as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSummary {
    pub name: String,
    pub state: GroupState,
    pub group_type: GroupType,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coordinator {
    pub id: i32,
    pub host: String,
    pub port: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub member_id: String,
    pub client_id: String,
    pub group_instance_id: Option<String>,
    pub host: String,
    /// Assigned partitions, sorted; in JSON `[{"topic": ..., "partition": ...}]`.
    pub assignment: Vec<TopicPartition>,
}

/// A group as described by its coordinator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupDetail {
    pub name: String,
    pub state: GroupState,
    pub group_type: GroupType,
    /// `range`, `roundrobin`, `cooperative-sticky`, `uniform` (KIP-848)...; `None` when unset.
    pub assignor: Option<String>,
    pub coordinator: Option<Coordinator>,
    pub members: Vec<Member>,
    /// Why the coordinator could not describe the group (the rest is then unknown).
    pub error: Option<String>,
}

impl GroupDetail {
    /// What the active-group rule of `reset` needs of the group.
    pub fn activity(&self) -> crate::reset::Activity {
        crate::reset::Activity {
            group: self.name.clone(),
            state: if self.state == GroupState::Unknown {
                "in an unknown state".to_string()
            } else {
                self.state.to_string()
            },
            state_active: self.state.is_active(),
            members: self.members.iter().map(|m| m.client_id.clone()).collect(),
        }
    }

    pub fn assigned(&self) -> BTreeSet<TopicPartition> {
        self.members
            .iter()
            .flat_map(|m| m.assignment.iter().cloned())
            .collect()
    }
}

/// Committed offsets of one group: partition → offset.
pub type Committed = BTreeMap<TopicPartition, i64>;

/// The outcome of committing one partition's offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitOutcome {
    pub topic: String,
    pub partition: i32,
    pub result: Result<(), CommitError>,
}

/// The broker's answer for each partition, in words, and whether any refusal came from the
/// group having members (the hint `reset-offsets` gives then).
pub fn answers(outcomes: &[CommitOutcome]) -> (crate::reset::Answers, bool) {
    let refused_for_members = outcomes.iter().any(|o| {
        o.result
            .as_ref()
            .is_err_and(CommitError::refused_for_members)
    });
    let answers = outcomes
        .iter()
        .map(|o| {
            let answer = o.result.clone().map_err(|e| e.to_string());
            (TopicPartition::new(o.topic.clone(), o.partition), answer)
        })
        .collect();
    (answers, refused_for_members)
}

/// Why one partition's offset was not committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommitError {
    /// The broker's answer for the partition, with its error code.
    Broker(ffi::AdminError),
    /// The broker's answer left the partition out.
    NotAnswered,
}

impl std::fmt::Display for CommitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommitError::Broker(e) => write!(f, "{e}"),
            CommitError::NotAnswered => f.write_str("the broker did not answer for this partition"),
        }
    }
}

impl CommitError {
    /// The errors the broker gives when a group with members is committed to from outside.
    pub fn refused_for_members(&self) -> bool {
        use rdkafka::bindings::rd_kafka_resp_err_t::*;
        matches!(
            self,
            CommitError::Broker(e) if matches!(
                e.code,
                RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID
                    | RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS
                    | RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION
                    | RD_KAFKA_RESP_ERR_STALE_MEMBER_EPOCH
                    | RD_KAFKA_RESP_ERR_FENCED_MEMBER_EPOCH
                    | RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND
            )
        )
    }
}

impl Admin {
    /// Deletes a consumer group and its committed offsets (DeleteGroups). The broker deletes
    /// only a group without members: `Err` of the inner result is its refusal (NonEmptyGroup,
    /// GroupIdNotFound, GroupAuthorizationFailed...), worded for people.
    pub async fn delete_group(&self, name: &str) -> Result<std::result::Result<(), String>> {
        let results = self
            .client()
            .delete_groups(&[name], &self.options())
            .await
            .map_err(|e| self.map_timeout(e, "deleting the consumer group"))?;
        match results.into_iter().next() {
            Some(Ok(_)) => Ok(Ok(())),
            Some(Err((_, RDKafkaErrorCode::GroupAuthorizationFailed))) => {
                Err(anyhow!(super::errors::denied(
                    &format!("not allowed to delete consumer group '{name}'"),
                    "DELETE",
                    "Group",
                    &[name],
                    &self.principal(),
                    "GroupAuthorizationFailed",
                )))
            }
            Some(Err((_, code))) => Ok(Err(super::errors::describe_code(code))),
            None => Err(anyhow!(
                "Kafka gave no answer about deleting group '{name}'"
            )),
        }
    }

    /// Every consumer group of the cluster, sorted by name — all of them, or an error: the list
    /// is asked for only once every group coordinator answers for its groups.
    pub async fn list_groups(&self) -> Result<Vec<GroupSummary>> {
        Ok(self.list_groups_reaching().await?.0)
    }

    /// [`Admin::list_groups`], and whether the broker may have left out groups the principal
    /// may not describe (it does so without saying).
    pub async fn list_groups_reaching(&self) -> Result<(Vec<GroupSummary>, Reach)> {
        let reach = self.wait_for_group_coordinators().await?;
        let listed = self
            .ffi_group_call("listing consumer groups", ffi::list_consumer_groups, |_| {
                false
            })
            .await?;
        let mut groups: Vec<GroupSummary> = listed
            .into_iter()
            .map(|g| GroupSummary {
                state: GroupState::from_name(&g.state),
                group_type: GroupType::from_name(&g.group_type, g.is_simple),
                name: g.group_id,
            })
            .collect();
        groups.sort_by(|a, b| a.name.cmp(&b.name));
        groups.dedup_by(|a, b| a.name == b.name);
        Ok((groups, reach))
    }

    /// Waits, within `--timeout`, until the coordinator of every partition of
    /// `__consumer_offsets` answers for its groups. A broker that has just started answers
    /// ListGroups without the groups of the partitions it has not yet taken up, and without an
    /// error (measured: ~0.1–0.4 s after its port opens, then COORDINATOR_LOAD_IN_PROGRESS
    /// while it loads them); a listing taken then would silently miss groups. One made-up
    /// group per partition is asked for its offsets, which creates nothing. No
    /// `__consumer_offsets` means no group has ever existed (unless it is only hidden from this
    /// principal). A principal that may not describe the made-up groups learns nothing from
    /// them, and gets the list it is allowed to see: the [`Reach`] says whether that can be less
    /// than every group.
    async fn wait_for_group_coordinators(&self) -> Result<Reach> {
        let deadline = Instant::now() + self.kafka_timeout();
        let mut ids = match self.offsets_topic_partitions().await? {
            OffsetsTopic::Absent => return Ok(Reach::Every),
            OffsetsTopic::Partitions(n) => crate::groups::coordinator_probes(n),
            // Where the coordinators are cannot be known; one made-up group tells whether the
            // principal may describe groups it was not granted.
            OffsetsTopic::Hidden => crate::groups::coordinator_probes(1),
        };
        let rest = ids.split_off(1);
        let probe = ids[0].clone();
        let first = self
            .group_offsets(deadline, "asking the group coordinators", ids)
            .await?;
        // A principal that may not describe them would only fill the broker's authorizer log
        // with denials.
        if matches!(&first[..], [Err(e)] if e.is_authorization()) {
            // DESCRIBE on the cluster shows every group all the same.
            if self.may_describe_cluster().await? {
                return Ok(Reach::Every);
            }
            return Ok(Reach::Describable(format!(
                "DESCRIBE on Group:{probe} and on the cluster was denied to {}",
                self.principal()
            )));
        }
        still_busy(0, &first)?;
        let rest = self
            .group_offsets(deadline, "asking the group coordinators", rest)
            .await?;
        still_busy(1, &rest)?;
        Ok(Reach::Every)
    }

    /// How many partitions `__consumer_offsets` has, from a metadata request for it alone (the
    /// admin client never auto-creates topics).
    async fn offsets_topic_partitions(&self) -> Result<OffsetsTopic> {
        let timeout = self.kafka_timeout();
        let what = "reading the metadata of __consumer_offsets";
        let md = self
            .blocking_metadata(move |c| c.inner().fetch_metadata(Some(OFFSETS_TOPIC), timeout))
            .await?
            .map_err(|e| self.map_timeout(e, what))?;
        let Some(topic) = md.topics().iter().find(|t| t.name() == OFFSETS_TOPIC) else {
            return Ok(OffsetsTopic::Absent);
        };
        Ok(
            match (
                topic.error().map(RDKafkaErrorCode::from),
                topic.partitions().len(),
            ) {
                (Some(RDKafkaErrorCode::TopicAuthorizationFailed), _) => OffsetsTopic::Hidden,
                (_, n) if n > 0 => OffsetsTopic::Partitions(n),
                (None | Some(RDKafkaErrorCode::UnknownTopicOrPartition), _) => OffsetsTopic::Absent,
                (Some(code), _) => {
                    return Err(anyhow!(
                        "Kafka refused {what}: {}",
                        super::errors::describe_code(code)
                    ))
                }
            },
        )
    }

    /// ListConsumerGroupOffsets for `ids`, asked again while a coordinator is busy. It runs on
    /// [`Handle::OffsetsReader`], made only when there is a group to ask about: the handle looks
    /// up its own group's coordinator, which would create `__consumer_offsets` on a cluster
    /// that never had a group.
    async fn group_offsets(
        &self,
        deadline: Instant,
        what: &str,
        ids: Vec<String>,
    ) -> Result<Vec<std::result::Result<Vec<ffi::PartitionOffset>, ffi::AdminError>>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.ffi_group_call_until(
            deadline,
            Handle::OffsetsReader,
            what,
            move |client, timeout| ffi::list_consumer_group_offsets(client, &ids, timeout),
            |results| results.iter().any(|r| offsets_busy(r).is_some()),
        )
        .await
    }

    /// Describes the named groups in one call. A group the coordinator could not describe
    /// comes back with its `error` set; a group that does not exist comes back `Dead`.
    pub async fn describe_groups(&self, names: &[String]) -> Result<BTreeMap<String, GroupDetail>> {
        let names: Vec<String> = names
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let described = self
            .ffi_group_call(
                "describing consumer groups",
                move |client, timeout| ffi::describe_consumer_groups(client, &names, timeout),
                |described| {
                    described
                        .iter()
                        .any(|d| d.error.as_ref().is_some_and(|e| e.is_coordinator_busy()))
                },
            )
            .await?;
        Ok(described
            .into_iter()
            .map(|d| {
                let mut members: Vec<Member> = d
                    .members
                    .into_iter()
                    .map(|m| {
                        let mut assignment = m.assignment;
                        assignment.sort();
                        Member {
                            member_id: m.consumer_id,
                            client_id: m.client_id,
                            group_instance_id: m.group_instance_id,
                            host: m.host,
                            assignment,
                        }
                    })
                    .collect();
                members.sort_by(|a, b| {
                    (&a.client_id, &a.member_id).cmp(&(&b.client_id, &b.member_id))
                });
                let detail = GroupDetail {
                    name: d.group_id.clone(),
                    state: GroupState::from_name(&d.state),
                    group_type: GroupType::from_name(&d.group_type, d.is_simple),
                    assignor: Some(d.partition_assignor).filter(|a| !a.is_empty()),
                    coordinator: d.coordinator.map(|c| Coordinator {
                        id: c.id,
                        host: c.host,
                        port: c.port,
                    }),
                    members,
                    error: d.error.map(|e| e.to_string()),
                };
                (d.group_id, detail)
            })
            .collect())
    }

    /// The committed offsets of each group (pipelined on this client). A group without
    /// commits, or that does not exist, has an empty map.
    pub async fn committed_offsets(
        &self,
        groups: &[String],
    ) -> Result<BTreeMap<String, Committed>> {
        let names: Vec<String> = groups
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let deadline = Instant::now() + self.kafka_timeout();
        let results = self
            .group_offsets(deadline, "reading committed offsets", names.clone())
            .await?;
        let mut out = BTreeMap::new();
        for (group, result) in names.into_iter().zip(results) {
            let partitions = result.map_err(|e| {
                if e.code == rdkafka::bindings::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED {
                    anyhow!(super::errors::denied(
                        &format!("not allowed to read the committed offsets of group '{group}'"),
                        "DESCRIBE",
                        "Group",
                        &[group.as_str()],
                        &self.principal(),
                        "GroupAuthorizationFailed",
                    ))
                } else {
                    anyhow!("cannot read the committed offsets of group '{group}': {e}")
                }
            })?;
            let mut committed = Committed::new();
            for p in partitions {
                if let Some(e) = p.error {
                    return Err(anyhow!(
                        "cannot read the committed offset of group '{group}' on {}:{}: {e}",
                        p.topic,
                        p.partition
                    ));
                }
                // librdkafka reports "no offset" as a negative sentinel.
                if p.offset >= 0 {
                    committed.insert(TopicPartition::new(p.topic, p.partition), p.offset);
                }
            }
            out.insert(group, committed);
        }
        Ok(out)
    }

    /// Commits `offsets` for `group` (AlterConsumerGroupOffsets). The broker refuses it while
    /// the group has active members. Every partition asked for gets an outcome; a partition the
    /// broker did not answer for is a failure, never a success.
    pub async fn commit_offsets(
        &self,
        group: &str,
        offsets: Vec<(TopicPartition, i64)>,
    ) -> Result<Vec<CommitOutcome>> {
        let asked: Vec<TopicPartition> = offsets.iter().map(|(tp, _)| tp.clone()).collect();
        let id = group.to_string();
        let answered = self
            .ffi_group_call(
                "committing offsets",
                move |client, timeout| {
                    ffi::alter_consumer_group_offsets(client, &id, &offsets, timeout)
                },
                // Setting the same offsets again is harmless.
                |answered| {
                    answered
                        .iter()
                        .any(|p| p.error.as_ref().is_some_and(|e| e.is_coordinator_busy()))
                },
            )
            .await?;
        let mut by_partition: BTreeMap<TopicPartition, Result<(), CommitError>> = answered
            .into_iter()
            .map(|p| {
                (
                    TopicPartition::new(p.topic, p.partition),
                    p.error.map_or(Ok(()), |e| Err(CommitError::Broker(e))),
                )
            })
            .collect();
        Ok(asked
            .into_iter()
            .map(|tp| {
                let result = by_partition
                    .remove(&tp)
                    .unwrap_or(Err(CommitError::NotAnswered));
                CommitOutcome {
                    topic: tp.topic,
                    partition: tp.partition,
                    result,
                }
            })
            .collect())
    }
}

/// How far a listing of groups reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// The principal may describe a group it was never granted by name: nothing is left out.
    Every,
    /// The broker denied describing a made-up group and the cluster (the words say so):
    /// ListGroups leaves out, without an error, every group the principal may not describe.
    Describable(String),
}

/// What metadata says of `__consumer_offsets` to this principal.
enum OffsetsTopic {
    /// No group has ever existed.
    Absent,
    Partitions(usize),
    /// The principal may not describe it (TOPIC_AUTHORIZATION_FAILED).
    Hidden,
}

/// The topic where Kafka keeps the groups' offsets; its partitions place the coordinators.
const OFFSETS_TOPIC: &str = "__consumer_offsets";

/// An error naming the first partition of `__consumer_offsets` whose coordinator was still busy
/// at the end of the `--timeout`; `answers` are the probes' of the partitions from `first` on.
fn still_busy(
    first: usize,
    answers: &[std::result::Result<Vec<ffi::PartitionOffset>, ffi::AdminError>],
) -> Result<()> {
    match answers
        .iter()
        .enumerate()
        .find_map(|(i, r)| offsets_busy(r).map(|e| (first + i, e)))
    {
        Some((partition, e)) => Err(anyhow!(
            "cannot list consumer groups: the coordinator of partition {partition} of \
{OFFSETS_TOPIC} does not answer for its groups yet ({e}); a broker is starting or moving its \
partitions. Run this again, or give it longer with --timeout"
        )),
        None => Ok(()),
    }
}

/// The coordinator-busy error (see [`ffi::AdminError::is_coordinator_busy`]) in one group's
/// answer to ListConsumerGroupOffsets, for the group or one of its partitions.
fn offsets_busy(
    answer: &std::result::Result<Vec<ffi::PartitionOffset>, ffi::AdminError>,
) -> Option<&ffi::AdminError> {
    match answer {
        Err(e) => Some(e).filter(|e| e.is_coordinator_busy()),
        Ok(partitions) => partitions
            .iter()
            .filter_map(|p| p.error.as_ref())
            .find(|e| e.is_coordinator_busy()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broker(code: rdkafka::bindings::rd_kafka_resp_err_t, message: &str) -> CommitError {
        CommitError::Broker(ffi::AdminError {
            code,
            message: message.into(),
        })
    }

    #[test]
    fn a_coordinator_still_busy_is_named_by_its_partition() {
        use rdkafka::bindings::rd_kafka_resp_err_t as Code;
        let error = |code| ffi::AdminError {
            code,
            message: "Broker: something".into(),
        };
        let offset = |code| ffi::PartitionOffset {
            topic: "t".into(),
            partition: 0,
            offset: -1,
            error: Some(error(code)),
        };
        let denied = Err(error(Code::RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED));
        let loading = Err(error(Code::RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS));
        let moved = Ok(vec![offset(Code::RD_KAFKA_RESP_ERR_NOT_COORDINATOR)]);
        assert!(still_busy(1, &[Ok(vec![]), denied.clone()]).is_ok());
        let message = still_busy(1, &[Ok(vec![]), denied, loading]).unwrap_err();
        assert!(
            message.to_string().starts_with(
                "cannot list consumer groups: the coordinator of partition 3 of __consumer_offsets \
does not answer for its groups yet (Broker: something (COORDINATOR_LOAD_IN_PROGRESS))"
            ),
            "{message}"
        );
        let message = still_busy(0, &[moved]).unwrap_err().to_string();
        assert!(message.contains("partition 0 of"), "{message}");
    }

    #[test]
    fn commit_errors_read_as_the_broker_said() {
        use rdkafka::bindings::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID;
        assert_eq!(
            broker(
                RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID,
                "Broker: Unknown member"
            )
            .to_string(),
            "Broker: Unknown member (UNKNOWN_MEMBER_ID)"
        );
        assert_eq!(
            CommitError::NotAnswered.to_string(),
            "the broker did not answer for this partition"
        );
    }

    #[test]
    fn members_refuse_by_error_code_not_by_words() {
        use rdkafka::bindings::rd_kafka_resp_err_t::*;
        for code in [
            RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID,
            RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION,
            RD_KAFKA_RESP_ERR_STALE_MEMBER_EPOCH,
            RD_KAFKA_RESP_ERR_FENCED_MEMBER_EPOCH,
            RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND,
        ] {
            assert!(broker(code, "refused").refused_for_members(), "{code:?}");
        }
        // Words in a message decide nothing: only the code does.
        let worded = broker(
            RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED,
            "not REBALANCE_IN_PROGRESS",
        );
        assert!(!worded.refused_for_members());
        assert!(!CommitError::NotAnswered.refused_for_members());
    }

    #[test]
    fn an_unknown_state_reads_as_such_for_the_active_group_rule() {
        let d = GroupDetail {
            name: "g".into(),
            state: GroupState::Unknown,
            group_type: GroupType::Classic,
            assignor: None,
            coordinator: None,
            members: vec![],
            error: None,
        };
        let a = d.activity();
        assert_eq!(a.state, "in an unknown state");
        assert!(a.is_active());
        let empty = GroupDetail {
            state: GroupState::Empty,
            ..d
        };
        assert!(!empty.activity().is_active());
    }

    #[test]
    fn states_from_librdkafka_names() {
        for s in [
            GroupState::Stable,
            GroupState::PreparingRebalance,
            GroupState::CompletingRebalance,
            GroupState::Empty,
            GroupState::Dead,
            GroupState::Unknown,
        ] {
            assert_eq!(GroupState::from_name(s.name()), s);
        }
        assert_eq!(GroupState::from_name("Assigning"), GroupState::Unknown);
    }

    #[test]
    fn only_empty_and_dead_groups_are_inactive() {
        assert!(!GroupState::Empty.is_active());
        assert!(!GroupState::Dead.is_active());
        assert!(GroupState::Stable.is_active());
        assert!(GroupState::PreparingRebalance.is_active());
        assert!(GroupState::CompletingRebalance.is_active());
        assert!(
            GroupState::Unknown.is_active(),
            "unknown is treated as active: safe side"
        );
    }

    #[test]
    fn group_types() {
        assert_eq!(GroupType::from_name("Classic", false), GroupType::Classic);
        assert_eq!(GroupType::from_name("Consumer", false), GroupType::Consumer);
        assert_eq!(GroupType::from_name("Classic", true), GroupType::Simple);
        assert_eq!(GroupType::from_name("Unknown", false), GroupType::Unknown);
        assert_eq!(
            serde_json::to_value(GroupType::Consumer).unwrap(),
            "consumer"
        );
        assert_eq!(
            serde_json::to_value(GroupState::PreparingRebalance).unwrap(),
            "PreparingRebalance"
        );
    }
}
