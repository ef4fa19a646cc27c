//! What `groups list|describe|delete` decide (pure): the rows of the listing, the description
//! of one group, whether a group may be deleted, and the message for a group that does not exist.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::kafka::groups::{
    Committed, Coordinator, GroupDetail, GroupState, GroupSummary, GroupType, Member,
};
use crate::lag::{GroupTotal, LagRow, Sum};

/// One group in `groups list` (`-o json`: field names are a stable interface).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupRow {
    pub group: String,
    pub state: GroupState,
    #[serde(rename = "type")]
    pub group_type: GroupType,
    pub members: usize,
    pub assignor: Option<String>,
    /// Sum of the known lags; `null` when no partition has a committed offset.
    pub lag: Option<i64>,
    pub partitions: usize,
    pub partitions_without_commit: usize,
}

/// The rows of `groups list`, keeping the groups whose state `keep` accepts. The state and type
/// shown are the description's (newer than the listing's, and it knows the group's type); a
/// group that changed state between the two calls is filtered by what its row says.
pub fn list_rows(
    groups: &[GroupSummary],
    totals: &[GroupTotal],
    details: &BTreeMap<String, GroupDetail>,
    keep: impl Fn(GroupState) -> bool,
) -> Vec<GroupRow> {
    groups
        .iter()
        .zip(totals)
        .map(|(g, total)| {
            debug_assert_eq!(g.name, total.group);
            let detail = details.get(&g.name);
            GroupRow {
                group: g.name.clone(),
                state: detail.map_or(g.state, |d| d.state),
                group_type: detail.map_or(g.group_type, |d| d.group_type),
                members: detail.map_or(0, |d| d.members.len()),
                assignor: detail.and_then(|d| d.assignor.clone()),
                lag: total.sum.lag,
                partitions: total.sum.partitions,
                partitions_without_commit: total.sum.without_commit,
            }
        })
        .filter(|r| keep(r.state))
        .collect()
}

/// `groups describe` (`-o json`: field names are a stable interface).
#[derive(Debug, Serialize)]
pub struct Description<'a> {
    pub group: &'a str,
    pub state: GroupState,
    #[serde(rename = "type")]
    pub group_type: GroupType,
    pub assignor: Option<&'a str>,
    pub coordinator: Option<&'a Coordinator>,
    pub members: &'a [Member],
    pub offsets: &'a [LagRow],
    pub lag: Option<i64>,
    pub partitions: usize,
    pub partitions_without_commit: usize,
}

/// One described group with its offsets and lag; `Err` when the coordinator could not describe it.
pub fn describe<'a>(
    group: &'a str,
    detail: &'a GroupDetail,
    offsets: &'a [LagRow],
    total: Option<&GroupTotal>,
) -> Result<Description<'a>, String> {
    if let Some(e) = &detail.error {
        return Err(format!("cannot describe group '{group}': {e}"));
    }
    let sum: Sum = total.map(|t| t.sum.clone()).unwrap_or_default();
    Ok(Description {
        group,
        state: detail.state,
        group_type: detail.group_type,
        assignor: detail.assignor.as_deref(),
        coordinator: detail.coordinator.as_ref(),
        members: &detail.members,
        offsets,
        lag: sum.lag,
        partitions: sum.partitions,
        partitions_without_commit: sum.without_commit,
    })
}

/// What `groups delete` deletes, or would (`-o json`: field names are a stable interface).
#[derive(Debug, Serialize)]
pub struct Deletion<'a> {
    pub group: &'a str,
    pub state: GroupState,
    /// Partitions with a committed offset (deleted with the group).
    pub partitions: usize,
    pub topics: Vec<&'a str>,
    pub executed: bool,
    pub deleted: bool,
}

impl<'a> Deletion<'a> {
    /// The deletion of a group the coordinator described, or why it may not be deleted now.
    pub fn of(
        group: &'a str,
        detail: &GroupDetail,
        committed: &'a Committed,
        executed: bool,
    ) -> Result<Deletion<'a>, String> {
        if let Some(e) = &detail.error {
            return Err(format!("cannot describe group '{group}': {e}"));
        }
        if let Some(why) = delete_refusal(group, detail.state, &detail.members) {
            return Err(why);
        }
        let mut topics: Vec<&str> = committed.keys().map(|tp| tp.topic.as_str()).collect();
        topics.dedup();
        Ok(Deletion {
            group,
            state: detail.state,
            partitions: committed.len(),
            topics,
            executed,
            deleted: false,
        })
    }

    /// `committed offsets on 3 partitions of orders, users`.
    pub fn offsets(&self) -> String {
        match self.partitions {
            0 => "no committed offsets".to_string(),
            n => format!(
                "committed offsets on {n} partition{} of {}",
                if n == 1 { "" } else { "s" },
                self.topics.join(", ")
            ),
        }
    }
}

/// Why a group may not be deleted now, or `None` when it may (only an Empty group).
pub fn delete_refusal(group: &str, state: GroupState, members: &[Member]) -> Option<String> {
    if state == GroupState::Empty {
        return None;
    }
    let clients: Vec<&str> = members.iter().map(|m| m.client_id.as_str()).collect();
    let who = match clients.len() {
        0 => String::new(),
        1 => format!(" with 1 active member ({})", clients[0]),
        n => format!(" with {n} active members ({})", clients.join(", ")),
    };
    Some(format!(
        "refusing to delete group '{group}': it is {}{who}, and only an Empty group can be deleted. \
Stop its consumers, then run this again (`spm-kafka groups describe {group}` shows them).",
        state.name()
    ))
}

/// "no consumer group 'x'", with the likely typo and some of the groups that do exist.
pub fn unknown_group(name: &str, listed: &[GroupSummary], bootstrap: &str) -> String {
    if listed.is_empty() {
        return format!(
            "no consumer group '{name}' on {bootstrap}: the cluster has no consumer groups"
        );
    }
    let names: Vec<&str> = listed.iter().map(|g| g.name.as_str()).collect();
    let hint = crate::names::closest(name, names.iter().copied())
        .map(|n| format!(" Did you mean '{n}'?"))
        .unwrap_or_default();
    const SHOWN: usize = 10;
    let more = names
        .len()
        .checked_sub(SHOWN)
        .filter(|n| *n > 0)
        .map(|n| format!(", … and {n} more"))
        .unwrap_or_default();
    format!(
        "no consumer group '{name}' on {bootstrap}.{hint} Known groups: {}{more} (see `spm-kafka groups list`).",
        names.iter().take(SHOWN).copied().collect::<Vec<_>>().join(", ")
    )
}

/// The partition of `__consumer_offsets` that holds `group`, as Kafka places it:
/// `Utils.abs(groupId.hashCode()) % partitions`, with Java's `String.hashCode` over UTF-16.
pub fn offsets_partition(group: &str, partitions: usize) -> usize {
    let hash = group.encode_utf16().fold(0i32, |h, unit| {
        h.wrapping_mul(31).wrapping_add(i32::from(unit))
    });
    // Kafka's Utils.abs maps i32::MIN to 0.
    let abs = if hash == i32::MIN { 0 } else { hash.abs() };
    abs as usize % partitions.max(1)
}

/// One made-up group id per partition of `__consumer_offsets` (`spm-kafka-probe-N`, the first
/// N that lands there), in partition order. Asking for their offsets reaches the coordinator of
/// every partition: one that has not taken up its partition yet answers NOT_COORDINATOR or
/// COORDINATOR_LOAD_IN_PROGRESS, while ListGroups leaves its groups out without an error.
pub fn coordinator_probes(partitions: usize) -> Vec<String> {
    let mut probes: Vec<Option<String>> = vec![None; partitions];
    let mut missing = partitions;
    let mut n = 0u64;
    while missing > 0 {
        let id = format!("spm-kafka-probe-{n}");
        let slot = &mut probes[offsets_partition(&id, partitions)];
        if slot.is_none() {
            *slot = Some(id);
            missing -= 1;
        }
        n += 1;
    }
    probes.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::TopicPartition;

    #[test]
    fn groups_are_placed_on_the_partition_kafka_places_them() {
        // Java's String.hashCode (checked with jshell): "hello" 99162322, "é-grüppe"
        // -1897389896, "𝄞x" 54944334 (a surrogate pair counts as two UTF-16 units).
        assert_eq!(offsets_partition("hello", 50), 99162322 % 50);
        assert_eq!(offsets_partition("é-grüppe", 50), 1897389896 % 50);
        assert_eq!(offsets_partition("𝄞x", 50), 54944334 % 50);
        assert_eq!(offsets_partition("", 50), 0);
        // "polygenelubricants" hashes to i32::MIN, which Kafka's Utils.abs makes 0.
        assert_eq!(offsets_partition("polygenelubricants", 7), 0);
    }

    #[test]
    fn there_is_one_probe_on_each_partition() {
        for partitions in [1, 3, 50, 200] {
            let probes = coordinator_probes(partitions);
            assert_eq!(probes.len(), partitions);
            for (p, id) in probes.iter().enumerate() {
                assert_eq!(offsets_partition(id, partitions), p, "{id}");
            }
        }
        assert!(coordinator_probes(0).is_empty());
    }

    fn member(client: &str) -> Member {
        Member {
            member_id: "m".into(),
            client_id: client.into(),
            group_instance_id: None,
            host: "/127.0.0.1".into(),
            assignment: vec![],
        }
    }

    fn detail(state: GroupState, members: Vec<Member>) -> GroupDetail {
        GroupDetail {
            name: "g".into(),
            state,
            group_type: GroupType::Consumer,
            assignor: Some("uniform".into()),
            coordinator: None,
            members,
            error: None,
        }
    }

    #[test]
    fn only_an_empty_group_may_be_deleted() {
        assert_eq!(delete_refusal("g", GroupState::Empty, &[]), None);
        let why = delete_refusal("g", GroupState::Stable, &[member("svc-1")]).unwrap();
        assert!(
            why.contains("it is Stable with 1 active member (svc-1)"),
            "{why}"
        );
        assert!(delete_refusal("g", GroupState::PreparingRebalance, &[]).is_some());
        assert!(delete_refusal("g", GroupState::Dead, &[]).is_some());
    }

    #[test]
    fn a_deletion_names_the_offsets_it_takes() {
        let committed: Committed = BTreeMap::from([
            (TopicPartition::new("orders", 0), 5),
            (TopicPartition::new("orders", 1), 5),
            (TopicPartition::new("users", 0), 1),
        ]);
        let d = Deletion::of("g", &detail(GroupState::Empty, vec![]), &committed, false).unwrap();
        assert_eq!(d.topics, ["orders", "users"]);
        assert_eq!(
            d.offsets(),
            "committed offsets on 3 partitions of orders, users"
        );
        let none = Committed::new();
        let d = Deletion::of("g", &detail(GroupState::Empty, vec![]), &none, true).unwrap();
        assert_eq!(d.offsets(), "no committed offsets");
        let busy = detail(GroupState::Stable, vec![member("a"), member("b")]);
        let e = Deletion::of("g", &busy, &none, true).unwrap_err();
        assert!(e.contains("with 2 active members (a, b)"), "{e}");
        let broken = GroupDetail {
            error: Some("COORDINATOR_NOT_AVAILABLE".into()),
            ..detail(GroupState::Empty, vec![])
        };
        assert_eq!(
            Deletion::of("g", &broken, &none, true).unwrap_err(),
            "cannot describe group 'g': COORDINATOR_NOT_AVAILABLE"
        );
    }

    #[test]
    fn the_listing_shows_the_newer_description_and_filters_on_it() {
        let listed = vec![
            GroupSummary {
                name: "a".into(),
                state: GroupState::Empty,
                group_type: GroupType::Unknown,
            },
            GroupSummary {
                name: "b".into(),
                state: GroupState::Empty,
                group_type: GroupType::Classic,
            },
        ];
        let total = |group: &str, lag| GroupTotal {
            group: group.into(),
            sum: Sum {
                lag,
                partitions: 2,
                without_commit: 1,
            },
            topics: vec![],
        };
        let totals = vec![total("a", Some(7)), total("b", None)];
        let details = BTreeMap::from([(
            "a".to_string(),
            GroupDetail {
                name: "a".into(),
                ..detail(GroupState::Stable, vec![member("x")])
            },
        )]);
        let all = list_rows(&listed, &totals, &details, |_| true);
        assert_eq!(all[0].state, GroupState::Stable);
        assert_eq!(all[0].group_type, GroupType::Consumer);
        assert_eq!((all[0].members, all[0].lag), (1, Some(7)));
        assert_eq!(all[0].assignor.as_deref(), Some("uniform"));
        assert_eq!((all[1].members, all[1].lag), (0, None));
        assert_eq!(all[1].partitions_without_commit, 1);
        let empty = list_rows(&listed, &totals, &details, |s| s == GroupState::Empty);
        assert_eq!(empty.len(), 1);
        assert_eq!(empty[0].group, "b", "filtered on the state shown");
    }

    #[test]
    fn a_description_carries_the_totals_or_the_coordinators_error() {
        let d = detail(GroupState::Empty, vec![]);
        let t = GroupTotal {
            group: "g".into(),
            sum: Sum {
                lag: Some(3),
                partitions: 1,
                without_commit: 0,
            },
            topics: vec![],
        };
        let doc = describe("g", &d, &[], Some(&t)).unwrap();
        assert_eq!((doc.lag, doc.partitions), (Some(3), 1));
        let doc = describe("g", &d, &[], None).unwrap();
        assert_eq!((doc.lag, doc.partitions), (None, 0));
        let broken = GroupDetail {
            error: Some("boom".into()),
            ..d
        };
        assert_eq!(
            describe("g", &broken, &[], None).unwrap_err(),
            "cannot describe group 'g': boom"
        );
    }

    #[test]
    fn unknown_group_message_suggests_and_lists() {
        let listed: Vec<GroupSummary> = ["orders-service", "users-service"]
            .iter()
            .map(|n| GroupSummary {
                name: n.to_string(),
                state: GroupState::Empty,
                group_type: GroupType::Classic,
            })
            .collect();
        let e = unknown_group("orders-servce", &listed, "k:9092").to_string();
        assert!(
            e.starts_with("no consumer group 'orders-servce' on k:9092."),
            "{e}"
        );
        assert!(e.contains("Did you mean 'orders-service'?"), "{e}");
        assert!(
            e.contains("Known groups: orders-service, users-service"),
            "{e}"
        );
        let e = unknown_group("x", &[], "k:9092").to_string();
        assert!(e.contains("has no consumer groups"), "{e}");
        let many: Vec<GroupSummary> = (0..15)
            .map(|i| GroupSummary {
                name: format!("g{i:02}"),
                ..listed[0].clone()
            })
            .collect();
        let e = unknown_group("zzz", &many, "k").to_string();
        assert!(e.contains("g09, … and 5 more"), "{e}");
    }
}
