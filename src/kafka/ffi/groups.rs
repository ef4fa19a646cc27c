//! Consumer groups: ListConsumerGroups, DescribeConsumerGroups, ListConsumerGroupOffsets and
//! AlterConsumerGroupOffsets. Group states and types are returned as librdkafka's names
//! (`Stable`, `Empty`, `PreparingRebalance`, ... / `Classic`, `Consumer`, `Unknown`).

use std::ffi::c_char;
use std::time::Duration;

use rdkafka::bindings as rd;
use rdkafka::bindings::rd_kafka_resp_err_t as Code;
use rdkafka::client::NativeClient;
use rdkafka::TopicPartitionList;

use super::{
    admin_call, admin_calls, borrowed_error, c_string, owned, read_partitions, result_array,
    AdminError, PartitionOffset,
};

fn group_state_name(state: rd::rd_kafka_consumer_group_state_t) -> String {
    // SAFETY: librdkafka returns a static string for every state value.
    unsafe { owned(rd::rd_kafka_consumer_group_state_name(state)) }
        .unwrap_or_else(|| "Unknown".into())
}

fn group_type_name(kind: rd::rd_kafka_consumer_group_type_t) -> String {
    // SAFETY: librdkafka returns a static string for every type value.
    unsafe { owned(rd::rd_kafka_consumer_group_type_name(kind)) }
        .unwrap_or_else(|| "Unknown".into())
}

/// One group as ListConsumerGroups reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupListing {
    pub group_id: String,
    /// A group with committed offsets but no group protocol (consumers that `assign()`).
    pub is_simple: bool,
    pub state: String,
    pub group_type: String,
}

/// ListConsumerGroups: every group on every broker, in one request per broker.
/// A broker that did not answer fails the call: a partial list would silently hide groups.
pub fn list_consumer_groups(
    client: &NativeClient,
    timeout: Duration,
) -> Result<Vec<GroupListing>, AdminError> {
    let event = admin_call(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS,
        timeout,
        |rk, opts, q| {
            // SAFETY: all pointers are live for the call.
            unsafe { rd::rd_kafka_ListConsumerGroups(rk, opts, q) }
        },
    )?;
    // SAFETY: a ListConsumerGroups event, read with its own accessors.
    let errors = unsafe {
        result_array(
            &event,
            rd::rd_kafka_event_ListConsumerGroups_result,
            rd::rd_kafka_ListConsumerGroups_result_errors,
        )
    }?;
    if let Some(&error) = errors.first() {
        // SAFETY: the error is borrowed from the live event.
        if let Some(e) = unsafe { borrowed_error(error) } {
            return Err(AdminError {
                message: format!("not every broker listed its groups: {}", e.message),
                code: e.code,
            });
        }
    }
    // SAFETY: as above.
    let valid = unsafe {
        result_array(
            &event,
            rd::rd_kafka_event_ListConsumerGroups_result,
            rd::rd_kafka_ListConsumerGroups_result_valid,
        )
    }?;
    let mut out = Vec::with_capacity(valid.len());
    for &listing in valid {
        // SAFETY: the listing and its strings are borrowed from the live event and copied.
        let (group_id, is_simple, state, kind) = unsafe {
            (
                owned(rd::rd_kafka_ConsumerGroupListing_group_id(listing)).unwrap_or_default(),
                rd::rd_kafka_ConsumerGroupListing_is_simple_consumer_group(listing) != 0,
                rd::rd_kafka_ConsumerGroupListing_state(listing),
                rd::rd_kafka_ConsumerGroupListing_type(listing),
            )
        };
        out.push(GroupListing {
            group_id,
            is_simple,
            state: group_state_name(state),
            group_type: group_type_name(kind),
        });
    }
    Ok(out)
}

/// A broker, as a group's coordinator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: i32,
    pub host: String,
    pub port: u16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberDescription {
    pub consumer_id: String,
    pub client_id: String,
    pub group_instance_id: Option<String>,
    pub host: String,
    pub assignment: Vec<crate::names::TopicPartition>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupDescription {
    pub group_id: String,
    /// The broker could not describe this group (the others are still described).
    pub error: Option<AdminError>,
    pub is_simple: bool,
    pub partition_assignor: String,
    pub state: String,
    pub group_type: String,
    pub coordinator: Option<Node>,
    pub members: Vec<MemberDescription>,
}

/// DescribeConsumerGroups for many groups in one call (librdkafka asks each group's
/// coordinator). The names must be distinct.
pub fn describe_consumer_groups(
    client: &NativeClient,
    groups: &[String],
    timeout: Duration,
) -> Result<Vec<GroupDescription>, AdminError> {
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let names = groups
        .iter()
        .map(|g| c_string(g))
        .collect::<Result<Vec<_>, _>>()?;
    let mut pointers: Vec<*const c_char> = names.iter().map(|n| n.as_ptr()).collect();
    let event = admin_call(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS,
        timeout,
        |rk, opts, q| {
            // SAFETY: `pointers` holds `names`' C strings, alive until this function returns;
            // librdkafka copies the names it is given.
            unsafe {
                rd::rd_kafka_DescribeConsumerGroups(
                    rk,
                    pointers.as_mut_ptr(),
                    pointers.len(),
                    opts,
                    q,
                )
            }
        },
    )?;
    // SAFETY: a DescribeConsumerGroups event, read with its own accessors.
    let descriptions = unsafe {
        result_array(
            &event,
            rd::rd_kafka_event_DescribeConsumerGroups_result,
            rd::rd_kafka_DescribeConsumerGroups_result_groups,
        )
    }?;
    let mut out = Vec::with_capacity(descriptions.len());
    for &d in descriptions {
        // SAFETY (whole block): the description, its coordinator, members,
        // assignments and strings are borrowed from the live event and copied here.
        let group = unsafe {
            let coordinator = rd::rd_kafka_ConsumerGroupDescription_coordinator(d);
            let coordinator = (!coordinator.is_null()).then(|| Node {
                id: rd::rd_kafka_Node_id(coordinator),
                host: owned(rd::rd_kafka_Node_host(coordinator)).unwrap_or_default(),
                port: rd::rd_kafka_Node_port(coordinator),
            });
            let member_count = rd::rd_kafka_ConsumerGroupDescription_member_count(d);
            let mut members = Vec::with_capacity(member_count);
            for m in 0..member_count {
                let member = rd::rd_kafka_ConsumerGroupDescription_member(d, m);
                if member.is_null() {
                    continue;
                }
                let assignment = rd::rd_kafka_MemberDescription_assignment(member);
                let assignment = if assignment.is_null() {
                    Vec::new()
                } else {
                    read_partitions(rd::rd_kafka_MemberAssignment_partitions(assignment))
                        .into_iter()
                        .map(|p| crate::names::TopicPartition::new(p.topic, p.partition))
                        .collect()
                };
                members.push(MemberDescription {
                    consumer_id: owned(rd::rd_kafka_MemberDescription_consumer_id(member))
                        .unwrap_or_default(),
                    client_id: owned(rd::rd_kafka_MemberDescription_client_id(member))
                        .unwrap_or_default(),
                    group_instance_id: owned(rd::rd_kafka_MemberDescription_group_instance_id(
                        member,
                    ))
                    .filter(|s| !s.is_empty()),
                    host: owned(rd::rd_kafka_MemberDescription_host(member)).unwrap_or_default(),
                    assignment,
                });
            }
            GroupDescription {
                group_id: owned(rd::rd_kafka_ConsumerGroupDescription_group_id(d))
                    .unwrap_or_default(),
                error: borrowed_error(rd::rd_kafka_ConsumerGroupDescription_error(d)),
                is_simple: rd::rd_kafka_ConsumerGroupDescription_is_simple_consumer_group(d) != 0,
                partition_assignor: owned(
                    rd::rd_kafka_ConsumerGroupDescription_partition_assignor(d),
                )
                .unwrap_or_default(),
                state: group_state_name(rd::rd_kafka_ConsumerGroupDescription_state(d)),
                group_type: group_type_name(rd::rd_kafka_ConsumerGroupDescription_type(d)),
                coordinator,
                members,
            }
        };
        out.push(group);
    }
    Ok(out)
}

/// Reads the single group result of a ListConsumerGroupOffsets or AlterConsumerGroupOffsets
/// event: the group-level error, or the partitions with their offsets and errors.
///
/// # Safety
/// The group results are borrowed from a live event (see [`result_array`]).
unsafe fn single_group_result(
    groups: &[*const rd::rd_kafka_group_result_t],
) -> Result<Vec<PartitionOffset>, AdminError> {
    let &[group] = groups else {
        return Err(AdminError::new(
            Code::RD_KAFKA_RESP_ERR__FAIL,
            format!("expected the result of one group, got {}", groups.len()),
        ));
    };
    if let Some(e) = borrowed_error(rd::rd_kafka_group_result_error(group)) {
        return Err(e);
    }
    Ok(read_partitions(rd::rd_kafka_group_result_partitions(group)))
}

/// ListConsumerGroupOffsets: every committed offset of each group. librdkafka takes one group
/// per request, so the requests are pipelined on this one client ([`admin_calls`]).
/// One result per group, in the order given; a group without commits has an empty list.
pub fn list_consumer_group_offsets(
    client: &NativeClient,
    groups: &[String],
    timeout: Duration,
) -> Result<Vec<Result<Vec<PartitionOffset>, AdminError>>, AdminError> {
    let ids = groups
        .iter()
        .map(|g| c_string(g))
        .collect::<Result<Vec<_>, _>>()?;
    admin_calls(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS,
        timeout,
        ids.len(),
        |i, rk, opts, q| {
            // SAFETY: the id is a valid C string; NULL partitions asks for every committed
            // partition. librdkafka copies the request object when it is enqueued, so ours is
            // destroyed right after.
            unsafe {
                let request =
                    rd::rd_kafka_ListConsumerGroupOffsets_new(ids[i].as_ptr(), std::ptr::null());
                let mut requests = [request];
                rd::rd_kafka_ListConsumerGroupOffsets(rk, requests.as_mut_ptr(), 1, opts, q);
                rd::rd_kafka_ListConsumerGroupOffsets_destroy(request);
            }
        },
        |event| {
            // SAFETY: a ListConsumerGroupOffsets event, read with its own accessors; the group
            // results are borrowed from the live event.
            unsafe {
                single_group_result(result_array(
                    event,
                    rd::rd_kafka_event_ListConsumerGroupOffsets_result,
                    rd::rd_kafka_ListConsumerGroupOffsets_result_groups,
                )?)
            }
        },
    )
}

/// AlterConsumerGroupOffsets: commits `offsets` (topic, partition, offset ≥ 0) for `group`.
/// The broker accepts it only while the group has no active members. Returns each
/// partition's outcome; a group-level refusal is an error.
pub fn alter_consumer_group_offsets(
    client: &NativeClient,
    group: &str,
    offsets: &[(crate::names::TopicPartition, i64)],
    timeout: Duration,
) -> Result<Vec<PartitionOffset>, AdminError> {
    if offsets.is_empty() {
        return Ok(Vec::new());
    }
    let id = c_string(group)?;
    let mut tpl = TopicPartitionList::with_capacity(offsets.len());
    for (tp, offset) in offsets {
        tpl.add_partition_offset(&tp.topic, tp.partition, rdkafka::Offset::Offset(*offset))
            .map_err(|e| AdminError::new(Code::RD_KAFKA_RESP_ERR__INVALID_ARG, e.to_string()))?;
    }
    let event = admin_call(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS,
        timeout,
        |rk, opts, q| {
            // SAFETY: id and tpl are live; the request object copies both, and librdkafka
            // copies the request object when it is enqueued, so ours is destroyed right after.
            unsafe {
                let request = rd::rd_kafka_AlterConsumerGroupOffsets_new(id.as_ptr(), tpl.ptr());
                let mut requests = [request];
                rd::rd_kafka_AlterConsumerGroupOffsets(rk, requests.as_mut_ptr(), 1, opts, q);
                rd::rd_kafka_AlterConsumerGroupOffsets_destroy(request);
            }
        },
    )?;
    // SAFETY: an AlterConsumerGroupOffsets event, read with its own accessors; the group
    // results are borrowed from the live event.
    unsafe {
        single_group_result(result_array(
            &event,
            rd::rd_kafka_event_AlterConsumerGroupOffsets_result,
            rd::rd_kafka_AlterConsumerGroupOffsets_result_groups,
        )?)
    }
}
