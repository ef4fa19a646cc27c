//! Admin calls that librdkafka has and rust-rdkafka does not wrap, behind a safe API.
//!
//! Every call follows one pattern ([`admin_call`]): create AdminOptions with a request timeout,
//! create a private result queue, submit the request on it, block on the queue for the result
//! event, and check the event's error. Ownership invariants, relied on by the `unsafe` blocks:
//!
//! - `rk` comes from a live rdkafka `Client` that the caller borrows for the whole call, so the
//!   handle outlives the queue, the options and the event made from it.
//! - [`Queue`], [`Options`] and [`Event`] own their native pointers and destroy them once on drop;
//!   pointers handed out by an event's result accessors are borrowed from that event and are only
//!   read (copied into owned Rust values) before the event is dropped.
//! - Request objects passed to librdkafka (config resources, partition lists) are copied by it
//!   when the request is enqueued, so we destroy ours right after submitting.
//!
//! The calls block; callers run them on a blocking thread (see `kafka::admin`).

use std::ffi::{c_char, CStr, CString};
use std::ptr::NonNull;
use std::time::Duration;

use rdkafka::bindings as rd;
use rdkafka::TopicPartitionList;

/// An admin request failed as a whole (timeout, broker unreachable, not authorised...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminError {
    pub code: String,
    pub message: String,
}

impl std::fmt::Display for AdminError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for AdminError {}

impl AdminError {
    fn from_code(err: rd::rd_kafka_resp_err_t, message: Option<String>) -> Self {
        AdminError {
            code: err_name(err),
            message: message.unwrap_or_else(|| err_text(err)),
        }
    }

    pub fn is_timeout(&self) -> bool {
        self.code.contains("TIMED_OUT")
    }
}

/// `CStr` → owned `String`, `None` for NULL.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string valid for the duration of the call.
unsafe fn owned(p: *const c_char) -> Option<String> {
    if p.is_null() {
        None
    } else {
        Some(CStr::from_ptr(p).to_string_lossy().into_owned())
    }
}

pub fn err_name(err: rd::rd_kafka_resp_err_t) -> String {
    // SAFETY: librdkafka returns a pointer to a static string for every code.
    unsafe { owned(rd::rd_kafka_err2name(err)) }.unwrap_or_else(|| format!("{err:?}"))
}

pub fn err_text(err: rd::rd_kafka_resp_err_t) -> String {
    // SAFETY: as above.
    unsafe { owned(rd::rd_kafka_err2str(err)) }.unwrap_or_else(|| format!("{err:?}"))
}

fn is_error(err: rd::rd_kafka_resp_err_t) -> bool {
    err != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
}

struct Queue(NonNull<rd::rd_kafka_queue_t>);
impl Drop for Queue {
    fn drop(&mut self) {
        // SAFETY: we own the queue; destroyed exactly once.
        unsafe { rd::rd_kafka_queue_destroy(self.0.as_ptr()) }
    }
}

struct Options(NonNull<rd::rd_kafka_AdminOptions_t>);
impl Drop for Options {
    fn drop(&mut self) {
        // SAFETY: we own the options; destroyed exactly once.
        unsafe { rd::rd_kafka_AdminOptions_destroy(self.0.as_ptr()) }
    }
}

pub(crate) struct Event(NonNull<rd::rd_kafka_event_t>);
impl Drop for Event {
    fn drop(&mut self) {
        // SAFETY: we own the event; destroyed exactly once.
        unsafe { rd::rd_kafka_event_destroy(self.0.as_ptr()) }
    }
}

impl Event {
    fn ptr(&self) -> *mut rd::rd_kafka_event_t {
        self.0.as_ptr()
    }
}

/// AdminOptions with the request timeout, and a private result queue, for one admin call.
fn prepare(
    rk: *mut rd::rd_kafka_t,
    op: rd::rd_kafka_admin_op_t,
    timeout: Duration,
) -> Result<(Options, Queue, i32), AdminError> {
    let timeout_ms = i32::try_from(timeout.as_millis())
        .unwrap_or(i32::MAX)
        .max(1);
    // SAFETY: rk is a live client handle (module invariant).
    let options = NonNull::new(unsafe { rd::rd_kafka_AdminOptions_new(rk, op) })
        .map(Options)
        .ok_or_else(|| AdminError {
            code: "INVALID_ARG".into(),
            message: "cannot create admin options".into(),
        })?;
    let mut errstr = [0 as c_char; 256];
    // SAFETY: options is live; errstr is a writable buffer of the given size.
    let err = unsafe {
        rd::rd_kafka_AdminOptions_set_request_timeout(
            options.0.as_ptr(),
            timeout_ms,
            errstr.as_mut_ptr(),
            errstr.len(),
        )
    };
    if is_error(err) {
        // SAFETY: librdkafka NUL-terminates errstr.
        return Err(AdminError::from_code(err, unsafe {
            owned(errstr.as_ptr())
        }));
    }
    // SAFETY: rk is live.
    let queue = NonNull::new(unsafe { rd::rd_kafka_queue_new(rk) })
        .map(Queue)
        .ok_or_else(|| AdminError {
            code: "FAIL".into(),
            message: "cannot create a result queue".into(),
        })?;
    Ok((options, queue, timeout_ms))
}

/// Submits one admin request and waits for its result event, at most `timeout` (+1 s slack:
/// librdkafka itself answers with a timeout result once the request timeout passes).
///
/// `submit` receives the client handle, the options and the result queue and must enqueue
/// exactly one request on that queue.
pub(crate) fn admin_call(
    rk: *mut rd::rd_kafka_t,
    op: rd::rd_kafka_admin_op_t,
    timeout: Duration,
    submit: impl FnOnce(
        *mut rd::rd_kafka_t,
        *const rd::rd_kafka_AdminOptions_t,
        *mut rd::rd_kafka_queue_t,
    ),
) -> Result<Event, AdminError> {
    let (options, queue, timeout_ms) = prepare(rk, op, timeout)?;
    submit(rk, options.0.as_ptr(), queue.0.as_ptr());
    // SAFETY: queue is live; the returned event (if any) is owned by us.
    let event =
        unsafe { rd::rd_kafka_queue_poll(queue.0.as_ptr(), timeout_ms.saturating_add(1000)) };
    let event = NonNull::new(event).map(Event).ok_or_else(|| AdminError {
        code: "_TIMED_OUT".into(),
        message: format!("no answer from the broker within {} ms", timeout_ms),
    })?;
    // SAFETY: event is live.
    let err = unsafe { rd::rd_kafka_event_error(event.ptr()) };
    if is_error(err) {
        // SAFETY: the string belongs to the event, copied before it is dropped.
        let msg = unsafe { owned(rd::rd_kafka_event_error_string(event.ptr())) };
        return Err(AdminError::from_code(err, msg));
    }
    Ok(event)
}

/// The outcome for one resource of a batched request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceOutcome {
    pub name: String,
    pub error: Option<AdminError>,
}

/// One topic's config changes for [`incremental_alter_topic_configs`]: keys to set.
#[derive(Debug, Clone)]
pub struct TopicConfigChange {
    pub topic: String,
    pub set: Vec<(String, String)>,
}

/// IncrementalAlterConfigs (KIP-339) for topics: sets only the given keys, leaving every other
/// key exactly as it is (unlike the legacy AlterConfigs, which resets what it is not given).
/// Returns one outcome per topic, carrying the broker's rejection if any.
pub fn incremental_alter_topic_configs(
    rk: *mut rd::rd_kafka_t,
    changes: &[TopicConfigChange],
    timeout: Duration,
) -> Result<Vec<ResourceOutcome>, AdminError> {
    if changes.is_empty() {
        return Ok(Vec::new());
    }
    let cstr = |s: &str| {
        CString::new(s).map_err(|_| AdminError {
            code: "INVALID_ARG".into(),
            message: format!("NUL byte in {s:?}"),
        })
    };
    // Build the resources first; any failure destroys the ones built so far.
    struct Resources(Vec<*mut rd::rd_kafka_ConfigResource_t>);
    impl Drop for Resources {
        fn drop(&mut self) {
            for r in &self.0 {
                // SAFETY: each resource was created by ConfigResource_new and is owned here.
                unsafe { rd::rd_kafka_ConfigResource_destroy(*r) }
            }
        }
    }
    let mut resources = Resources(Vec::with_capacity(changes.len()));
    for change in changes {
        let name = cstr(&change.topic)?;
        // SAFETY: name is a valid C string; librdkafka copies it.
        let res = unsafe {
            rd::rd_kafka_ConfigResource_new(
                rd::rd_kafka_ResourceType_t::RD_KAFKA_RESOURCE_TOPIC,
                name.as_ptr(),
            )
        };
        if res.is_null() {
            return Err(AdminError {
                code: "INVALID_ARG".into(),
                message: format!("cannot describe topic {}", change.topic),
            });
        }
        resources.0.push(res);
        for (key, value) in &change.set {
            let (k, v) = (cstr(key)?, cstr(value)?);
            // SAFETY: res is live; k and v are valid C strings (copied by librdkafka).
            let error = unsafe {
                rd::rd_kafka_ConfigResource_add_incremental_config(
                    res,
                    k.as_ptr(),
                    rd::rd_kafka_AlterConfigOpType_t::RD_KAFKA_ALTER_CONFIG_OP_TYPE_SET,
                    v.as_ptr(),
                )
            };
            if !error.is_null() {
                // SAFETY: error is owned by us; its string is copied before destroying it.
                let message =
                    unsafe { owned(rd::rd_kafka_error_string(error)) }.unwrap_or_default();
                unsafe { rd::rd_kafka_error_destroy(error) };
                return Err(AdminError {
                    code: "INVALID_ARG".into(),
                    message: format!("{}: {key}: {message}", change.topic),
                });
            }
        }
    }
    let event = admin_call(
        rk,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_INCREMENTALALTERCONFIGS,
        timeout,
        |rk, opts, q| {
            // SAFETY: all pointers are live; librdkafka copies the resources it is given.
            unsafe {
                rd::rd_kafka_IncrementalAlterConfigs(
                    rk,
                    resources.0.as_mut_ptr(),
                    resources.0.len(),
                    opts,
                    q,
                )
            }
        },
    )?;
    // SAFETY: the event is an IncrementalAlterConfigs result (or NULL if of another type).
    let result = unsafe { rd::rd_kafka_event_IncrementalAlterConfigs_result(event.ptr()) };
    if result.is_null() {
        return Err(AdminError {
            code: "FAIL".into(),
            message: "unexpected admin result type".into(),
        });
    }
    let mut count = 0usize;
    // SAFETY: result is live while event is; the array has `count` entries.
    let array =
        unsafe { rd::rd_kafka_IncrementalAlterConfigs_result_resources(result, &mut count) };
    let mut outcomes = Vec::with_capacity(count);
    for i in 0..count {
        // SAFETY: i < count; each entry is a borrowed resource of the event.
        let res = unsafe { *array.add(i) };
        let name = unsafe { owned(rd::rd_kafka_ConfigResource_name(res)) }.unwrap_or_default();
        let err = unsafe { rd::rd_kafka_ConfigResource_error(res) };
        let error = is_error(err).then(|| {
            AdminError::from_code(err, unsafe {
                owned(rd::rd_kafka_ConfigResource_error_string(res))
            })
        });
        outcomes.push(ResourceOutcome { name, error });
    }
    Ok(outcomes)
}

/// What offset [`list_offsets`] asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetSpec {
    Earliest,
    Latest,
    /// The first offset whose timestamp is at or after this many ms since the epoch.
    Timestamp(i64),
}

/// ListOffsets (KIP-396) for many partitions in one request per leader.
/// A partition may appear only once per call.
pub fn list_offsets(
    rk: *mut rd::rd_kafka_t,
    partitions: &[(String, i32)],
    spec: OffsetSpec,
    timeout: Duration,
) -> Result<Vec<PartitionOffset>, AdminError> {
    if partitions.is_empty() {
        return Ok(Vec::new());
    }
    // OFFSET_SPEC_EARLIEST/LATEST have the same raw values (-2/-1) as Beginning/End.
    let value = match spec {
        OffsetSpec::Earliest => rdkafka::Offset::Beginning,
        OffsetSpec::Latest => rdkafka::Offset::End,
        OffsetSpec::Timestamp(ms) => rdkafka::Offset::Offset(ms.max(0)),
    };
    let mut tpl = TopicPartitionList::with_capacity(partitions.len());
    for (topic, partition) in partitions {
        tpl.add_partition_offset(topic, *partition, value)
            .map_err(|e| AdminError {
                code: "INVALID_ARG".into(),
                message: e.to_string(),
            })?;
    }
    let event = admin_call(
        rk,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTOFFSETS,
        timeout,
        |rk, opts, q| {
            // SAFETY: tpl is live for the call and copied by librdkafka.
            unsafe { rd::rd_kafka_ListOffsets(rk, tpl.ptr(), opts, q) }
        },
    )?;
    // SAFETY: the event is a ListOffsets result (or NULL if of another type).
    let result = unsafe { rd::rd_kafka_event_ListOffsets_result(event.ptr()) };
    if result.is_null() {
        return Err(AdminError {
            code: "FAIL".into(),
            message: "unexpected admin result type".into(),
        });
    }
    let mut count = 0usize;
    // SAFETY: borrowed from the live event; `count` entries.
    let infos = unsafe { rd::rd_kafka_ListOffsets_result_infos(result, &mut count) };
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        // SAFETY: i < count; the partition struct is borrowed from the event and copied here.
        let tp = unsafe { &*rd::rd_kafka_ListOffsetsResultInfo_topic_partition(*infos.add(i)) };
        let topic = unsafe { owned(tp.topic) }.unwrap_or_default();
        let error = is_error(tp.err).then(|| AdminError::from_code(tp.err, None));
        out.push(PartitionOffset {
            topic,
            partition: tp.partition,
            offset: tp.offset,
            error,
        });
    }
    Ok(out)
}

/// Takes every pending event off the client's main queue (errors and log lines that nobody
/// polls on an admin client) and returns the last error or warning text.
pub fn drain_main_queue(rk: *mut rd::rd_kafka_t) -> Option<String> {
    // SAFETY: rk is live; get_main returns a new reference that we own and destroy.
    let queue = NonNull::new(unsafe { rd::rd_kafka_queue_get_main(rk) }).map(Queue)?;
    let mut last = None;
    loop {
        // SAFETY: queue is live; a returned event is owned by us.
        let Some(event) =
            NonNull::new(unsafe { rd::rd_kafka_queue_poll(queue.0.as_ptr(), 0) }).map(Event)
        else {
            break;
        };
        // SAFETY: event is live for the block; strings are copied before it is dropped.
        match unsafe { rd::rd_kafka_event_type(event.ptr()) } {
            rd::RD_KAFKA_EVENT_ERROR => {
                if let Some(text) = unsafe { owned(rd::rd_kafka_event_error_string(event.ptr())) } {
                    last = Some(text);
                }
            }
            rd::RD_KAFKA_EVENT_LOG => {
                let (mut fac, mut text, mut level) = (std::ptr::null(), std::ptr::null(), 0);
                let ok =
                    unsafe { rd::rd_kafka_event_log(event.ptr(), &mut fac, &mut text, &mut level) }
                        == 0;
                if ok && level <= 4 {
                    if let Some(text) = unsafe { owned(text) } {
                        last = Some(text);
                    }
                }
            }
            _ => {}
        }
    }
    last
}

// ---------------------------------------------------------------------------------------------
// Consumer groups: ListConsumerGroups, DescribeConsumerGroups, ListConsumerGroupOffsets and
// AlterConsumerGroupOffsets. Group states and types are returned as librdkafka's names
// (`Stable`, `Empty`, `PreparingRebalance`, ... / `Classic`, `Consumer`, `Unknown`).

/// How many requests [`admin_calls`] keeps in flight on one client at a time.
const MAX_IN_FLIGHT: usize = 128;

/// Submits `count` requests of one kind on one client and one result queue, up to
/// [`MAX_IN_FLIGHT`] of them in flight together, and reads each result event with `read`.
///
/// librdkafka takes some admin requests one group at a time (ListConsumerGroupOffsets); this
/// pipelines them instead of waiting for each in turn. Every request carries its index as the
/// event opaque (the options are copied into each request when it is enqueued, so one options
/// object serves all of them). Results come back in the order of the requests.
///
/// A timeout or transport failure of any request ends the whole call with that error: the
/// broker is gone and the remaining requests would only wait for the same timeout.
pub(crate) fn admin_calls<T>(
    rk: *mut rd::rd_kafka_t,
    op: rd::rd_kafka_admin_op_t,
    timeout: Duration,
    count: usize,
    mut submit: impl FnMut(
        usize,
        *mut rd::rd_kafka_t,
        *const rd::rd_kafka_AdminOptions_t,
        *mut rd::rd_kafka_queue_t,
    ),
    mut read: impl FnMut(&Event) -> Result<T, AdminError>,
) -> Result<Vec<Result<T, AdminError>>, AdminError> {
    let mut results: Vec<Option<Result<T, AdminError>>> = (0..count).map(|_| None).collect();
    if count == 0 {
        return Ok(Vec::new());
    }
    let (options, queue, timeout_ms) = prepare(rk, op, timeout)?;
    let (mut submitted, mut done) = (0usize, 0usize);
    while done < count {
        while submitted < count && submitted - done < MAX_IN_FLIGHT {
            // The opaque is a tag, never dereferenced: index + 1, so that 0 (NULL) means "none".
            // SAFETY: options is live; the value is copied into the request at submission.
            unsafe {
                rd::rd_kafka_AdminOptions_set_opaque(
                    options.0.as_ptr(),
                    (submitted + 1) as *mut std::ffi::c_void,
                )
            };
            submit(submitted, rk, options.0.as_ptr(), queue.0.as_ptr());
            submitted += 1;
        }
        // SAFETY: queue is live; the returned event (if any) is owned by us.
        let event =
            unsafe { rd::rd_kafka_queue_poll(queue.0.as_ptr(), timeout_ms.saturating_add(1000)) };
        let event = NonNull::new(event).map(Event).ok_or_else(|| AdminError {
            code: "_TIMED_OUT".into(),
            message: format!("no answer from the broker within {} ms", timeout_ms),
        })?;
        // SAFETY: event is live; the opaque is the tag set above.
        let tag = unsafe { rd::rd_kafka_event_opaque(event.ptr()) } as usize;
        let Some(slot) = tag.checked_sub(1).and_then(|i| results.get_mut(i)) else {
            continue;
        };
        if slot.is_some() {
            continue;
        }
        // SAFETY: event is live.
        let err = unsafe { rd::rd_kafka_event_error(event.ptr()) };
        let outcome = if is_error(err) {
            // SAFETY: the string belongs to the event, copied before it is dropped.
            let msg = unsafe { owned(rd::rd_kafka_event_error_string(event.ptr())) };
            let e = AdminError::from_code(err, msg);
            if e.is_timeout() || e.code.contains("TRANSPORT") || e.code.contains("ALL_BROKERS_DOWN")
            {
                return Err(e);
            }
            Err(e)
        } else {
            read(&event)
        };
        *slot = Some(outcome);
        done += 1;
    }
    Ok(results
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                Err(AdminError {
                    code: "FAIL".into(),
                    message: "no result".into(),
                })
            })
        })
        .collect())
}

fn unexpected_result() -> AdminError {
    AdminError {
        code: "FAIL".into(),
        message: "unexpected admin result type".into(),
    }
}

fn c_string(s: &str) -> Result<CString, AdminError> {
    CString::new(s).map_err(|_| AdminError {
        code: "INVALID_ARG".into(),
        message: format!("NUL byte in {s:?}"),
    })
}

/// Copies a borrowed librdkafka error object; `None` for NULL or "no error".
///
/// # Safety
/// `error` is NULL or points to an error object valid for the duration of the call.
unsafe fn borrowed_error(error: *const rd::rd_kafka_error_t) -> Option<AdminError> {
    if error.is_null() {
        return None;
    }
    let code = rd::rd_kafka_error_code(error);
    is_error(code).then(|| AdminError::from_code(code, owned(rd::rd_kafka_error_string(error))))
}

/// One partition's offset in an admin result (a partition list, or ListOffsets' answers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionOffset {
    pub topic: String,
    pub partition: i32,
    /// Negative when there is none (librdkafka's `OFFSET_INVALID`).
    pub offset: i64,
    pub error: Option<AdminError>,
}

/// Copies every element of a borrowed partition list.
///
/// # Safety
/// `list` is NULL or points to a partition list valid for the duration of the call.
unsafe fn read_partitions(
    list: *const rd::rd_kafka_topic_partition_list_t,
) -> Vec<PartitionOffset> {
    if list.is_null() {
        return Vec::new();
    }
    let list = &*list;
    let count = usize::try_from(list.cnt).unwrap_or(0);
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let tp = &*list.elems.add(i);
        out.push(PartitionOffset {
            topic: owned(tp.topic).unwrap_or_default(),
            partition: tp.partition,
            offset: tp.offset,
            error: is_error(tp.err).then(|| AdminError::from_code(tp.err, None)),
        });
    }
    out
}

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
    rk: *mut rd::rd_kafka_t,
    timeout: Duration,
) -> Result<Vec<GroupListing>, AdminError> {
    let event = admin_call(
        rk,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS,
        timeout,
        |rk, opts, q| {
            // SAFETY: all pointers are live for the call.
            unsafe { rd::rd_kafka_ListConsumerGroups(rk, opts, q) }
        },
    )?;
    // SAFETY: the event is a ListConsumerGroups result (or NULL if of another type).
    let result = unsafe { rd::rd_kafka_event_ListConsumerGroups_result(event.ptr()) };
    if result.is_null() {
        return Err(unexpected_result());
    }
    let mut error_count = 0usize;
    // SAFETY: borrowed from the live event; `error_count` entries.
    let errors = unsafe { rd::rd_kafka_ListConsumerGroups_result_errors(result, &mut error_count) };
    if error_count > 0 {
        // SAFETY: index 0 < error_count; the error is borrowed from the event.
        if let Some(e) = unsafe { borrowed_error(*errors) } {
            return Err(AdminError {
                message: format!("not every broker listed its groups: {}", e.message),
                code: e.code,
            });
        }
    }
    let mut count = 0usize;
    // SAFETY: borrowed from the live event; `count` entries.
    let valid = unsafe { rd::rd_kafka_ListConsumerGroups_result_valid(result, &mut count) };
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        // SAFETY: i < count; the listing and its strings are borrowed from the event and copied.
        let listing = unsafe { *valid.add(i) };
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
    pub assignment: Vec<(String, i32)>,
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
    rk: *mut rd::rd_kafka_t,
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
        rk,
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
    // SAFETY: the event is a DescribeConsumerGroups result (or NULL if of another type).
    let result = unsafe { rd::rd_kafka_event_DescribeConsumerGroups_result(event.ptr()) };
    if result.is_null() {
        return Err(unexpected_result());
    }
    let mut count = 0usize;
    // SAFETY: borrowed from the live event; `count` entries.
    let descriptions =
        unsafe { rd::rd_kafka_DescribeConsumerGroups_result_groups(result, &mut count) };
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        // SAFETY (whole block): i < count; the description, its coordinator, members,
        // assignments and strings are borrowed from the live event and copied here.
        let group = unsafe {
            let d = *descriptions.add(i);
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
                        .map(|p| (p.topic, p.partition))
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
/// `groups` points to `count` group results borrowed from a live event.
unsafe fn single_group_result(
    groups: *const *const rd::rd_kafka_group_result_t,
    count: usize,
) -> Result<Vec<PartitionOffset>, AdminError> {
    if count != 1 || groups.is_null() {
        return Err(AdminError {
            code: "FAIL".into(),
            message: format!("expected the result of one group, got {count}"),
        });
    }
    let group = *groups;
    if let Some(e) = borrowed_error(rd::rd_kafka_group_result_error(group)) {
        return Err(e);
    }
    Ok(read_partitions(rd::rd_kafka_group_result_partitions(group)))
}

/// ListConsumerGroupOffsets: every committed offset of each group. librdkafka takes one group
/// per request, so the requests are pipelined on this one client ([`admin_calls`]).
/// One result per group, in the order given; a group without commits has an empty list.
pub fn list_consumer_group_offsets(
    rk: *mut rd::rd_kafka_t,
    groups: &[String],
    timeout: Duration,
) -> Result<Vec<Result<Vec<PartitionOffset>, AdminError>>, AdminError> {
    let ids = groups
        .iter()
        .map(|g| c_string(g))
        .collect::<Result<Vec<_>, _>>()?;
    admin_calls(
        rk,
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
            // SAFETY: the result and its group results are borrowed from the live event.
            unsafe {
                let result = rd::rd_kafka_event_ListConsumerGroupOffsets_result(event.ptr());
                if result.is_null() {
                    return Err(unexpected_result());
                }
                let mut count = 0usize;
                let groups =
                    rd::rd_kafka_ListConsumerGroupOffsets_result_groups(result, &mut count);
                single_group_result(groups, count)
            }
        },
    )
}

/// AlterConsumerGroupOffsets: commits `offsets` (topic, partition, offset ≥ 0) for `group`.
/// The broker accepts it only while the group has no active members. Returns each
/// partition's outcome; a group-level refusal is an error.
pub fn alter_consumer_group_offsets(
    rk: *mut rd::rd_kafka_t,
    group: &str,
    offsets: &[(String, i32, i64)],
    timeout: Duration,
) -> Result<Vec<PartitionOffset>, AdminError> {
    if offsets.is_empty() {
        return Ok(Vec::new());
    }
    let id = c_string(group)?;
    let mut tpl = TopicPartitionList::with_capacity(offsets.len());
    for (topic, partition, offset) in offsets {
        tpl.add_partition_offset(topic, *partition, rdkafka::Offset::Offset(*offset))
            .map_err(|e| AdminError {
                code: "INVALID_ARG".into(),
                message: e.to_string(),
            })?;
    }
    let event = admin_call(
        rk,
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
    // SAFETY: the result and its group result are borrowed from the live event.
    unsafe {
        let result = rd::rd_kafka_event_AlterConsumerGroupOffsets_result(event.ptr());
        if result.is_null() {
            return Err(unexpected_result());
        }
        let mut count = 0usize;
        let groups = rd::rd_kafka_AlterConsumerGroupOffsets_result_groups(result, &mut count);
        single_group_result(groups, count)
    }
}

// ---------------------------------------------------------------------------------------------
// Producing through a topic handle
//
// rust-rdkafka's `BaseProducer::send` names the topic on every message, so librdkafka looks the
// topic up under its client-wide write lock for each one (contended by the broker threads in
// bulk) and a C string is allocated each time. A topic handle made once avoids both; kcat
// produces the same way.

/// A producer's handle to one topic. It borrows the producer, so the native client outlives it;
/// the handle is destroyed exactly once, on drop.
pub struct TopicHandle<'p, C: rdkafka::producer::ProducerContext> {
    producer: &'p rdkafka::producer::BaseProducer<C>,
    rkt: NonNull<rd::rd_kafka_topic_t>,
}

// SAFETY: librdkafka topic handles are reference-counted and may be used from any thread; the
// borrowed producer is itself Send + Sync.
unsafe impl<C: rdkafka::producer::ProducerContext> Send for TopicHandle<'_, C> {}
unsafe impl<C: rdkafka::producer::ProducerContext> Sync for TopicHandle<'_, C> {}

impl<C: rdkafka::producer::ProducerContext> Drop for TopicHandle<'_, C> {
    fn drop(&mut self) {
        // SAFETY: we own this reference to the topic; released exactly once.
        unsafe { rd::rd_kafka_topic_destroy(self.rkt.as_ptr()) }
    }
}

impl<'p, C: rdkafka::producer::ProducerContext> TopicHandle<'p, C> {
    pub fn new(
        producer: &'p rdkafka::producer::BaseProducer<C>,
        topic: &str,
    ) -> Option<TopicHandle<'p, C>> {
        use rdkafka::producer::Producer;
        let name = CString::new(topic).ok()?;
        // SAFETY: the producer's native handle is live for 'p; `name` is a valid C string that
        // librdkafka copies; a NULL config means the producer's default topic config.
        let rkt = unsafe {
            rd::rd_kafka_topic_new(
                producer.client().native_ptr(),
                name.as_ptr(),
                std::ptr::null_mut(),
            )
        };
        NonNull::new(rkt).map(|rkt| TopicHandle { producer, rkt })
    }

    /// Queues one message: key, value and one header are copied by librdkafka, the partition is
    /// chosen by the configured partitioner, and `opaque` comes back in the delivery report.
    /// On error (`QUEUE_FULL`, `MSG_SIZE_TOO_LARGE`, ...) nothing was queued and the opaque is
    /// handed back.
    pub fn produce(
        &self,
        key: &[u8],
        value: &[u8],
        header: (&CStr, &[u8]),
        opaque: C::DeliveryOpaque,
    ) -> Result<(), (rd::rd_kafka_resp_err_t, C::DeliveryOpaque)> {
        use rd::rd_kafka_vtype_t::*;
        use rdkafka::producer::Producer;
        use rdkafka::util::IntoOpaque;
        let opaque_ptr = opaque.into_ptr();
        // SAFETY: the producer handle and the topic handle are live (borrowed for 'p / owned);
        // every pointer is valid for the duration of the call and librdkafka copies key, value
        // (RD_KAFKA_MSG_F_COPY) and the header before returning. The argument list follows
        // rd_kafka_producev's (vtype, value...) pairs and ends with RD_KAFKA_VTYPE_END.
        let err = unsafe {
            rd::rd_kafka_producev(
                self.producer.client().native_ptr(),
                RD_KAFKA_VTYPE_RKT,
                self.rkt.as_ptr(),
                RD_KAFKA_VTYPE_PARTITION,
                -1i32,
                RD_KAFKA_VTYPE_MSGFLAGS,
                rd::RD_KAFKA_MSG_F_COPY,
                RD_KAFKA_VTYPE_VALUE,
                value.as_ptr() as *mut std::ffi::c_void,
                value.len(),
                RD_KAFKA_VTYPE_KEY,
                key.as_ptr() as *const std::ffi::c_void,
                key.len(),
                RD_KAFKA_VTYPE_OPAQUE,
                opaque_ptr,
                RD_KAFKA_VTYPE_HEADER,
                header.0.as_ptr(),
                header.1.as_ptr() as *const std::ffi::c_void,
                header.1.len() as isize,
                RD_KAFKA_VTYPE_END,
            )
        };
        if is_error(err) {
            // SAFETY: librdkafka did not take the message, so the opaque is still ours.
            return Err((err, unsafe { C::DeliveryOpaque::from_ptr(opaque_ptr) }));
        }
        Ok(())
    }
}
