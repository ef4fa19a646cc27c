//! Admin calls that librdkafka has and rust-rdkafka does not wrap, and producing through a topic
//! handle, behind a safe API. Every `unsafe` of spm-kafka is in this directory.
//!
//! - this file: the machinery every admin call shares — the owners of native objects
//!   ([`Queue`], [`Options`], [`Event`]), one request ([`admin_call`]) or many pipelined
//!   ([`admin_calls`]), a result event's arrays ([`result_array`]), C strings, and
//!   [`AdminError`], which keeps librdkafka's error code as a code;
//! - [`acls`]: Create/Describe/DeleteAcls; [`scram`]: the SCRAM credential calls;
//! - [`configs`]: IncrementalAlterConfigs; [`create_topics`]: CreateTopics; [`offsets`]: ListOffsets; [`groups`]: the consumer
//!   group calls; [`main_queue`]: the admin client's unpolled main queue; [`produce`]: the
//!   producer's topic handle.
//!
//! Every call follows one pattern ([`admin_call`]): create AdminOptions with a request timeout,
//! create a private result queue, submit the request on it, block on the queue for the result
//! event, and check the event's error. Ownership invariants, relied on by the `unsafe` blocks:
//!
//! - The client handle comes from a `&NativeClient` that the caller borrows for the whole call
//!   (no safe function here takes a raw `rd_kafka_t` pointer), so the handle outlives the queue,
//!   the options and the event made from it.
//! - [`Queue`], [`Options`] and [`Event`] own their native pointers and destroy them once on drop;
//!   pointers handed out by an event's result accessors are borrowed from that event (slices
//!   from [`result_array`] carry its lifetime) and are only read (copied into owned Rust values)
//!   before the event is dropped.
//! - Request objects passed to librdkafka (config resources, partition lists) are copied by it
//!   when the request is enqueued, so we destroy ours right after submitting.
//!
//! The calls block; callers run them on a blocking thread (see `kafka::admin`).

pub mod acls;
pub mod cluster;
pub mod configs;
pub mod create_topics;
pub mod describe_topics;
pub mod groups;
pub mod main_queue;
pub mod offsets;
pub mod produce;
pub mod scram;

pub use configs::{incremental_alter_topic_configs, TopicConfigChange};

/// The answer for one topic of a batched admin call (CreateTopics, CreatePartitions,
/// IncrementalAlterConfigs): done, or the broker's refusal with its code and message (which
/// names a refused config key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub topic: String,
    pub result: Result<(), AdminError>,
}
pub use create_topics::{create_topics, NewTopicRequest};
pub use describe_topics::describe_topic_errors;
pub use groups::{
    alter_consumer_group_offsets, describe_consumer_groups, list_consumer_group_offsets,
    list_consumer_groups,
};
pub use main_queue::drain_main_queue;
pub use offsets::{list_offsets, OffsetSpec};
pub use produce::TopicHandle;

use std::ffi::{c_char, CStr, CString};
use std::ptr::NonNull;
use std::time::Duration;

use rdkafka::bindings as rd;
use rdkafka::bindings::rd_kafka_resp_err_t as Code;
use rdkafka::client::NativeClient;

/// An admin request failed as a whole (timeout, broker unreachable, not authorised...), or one
/// item of it did. `code` is librdkafka's code, to decide on; `message` the text for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminError {
    pub code: Code,
    pub message: String,
}

impl std::fmt::Display for AdminError {
    /// `Broker: Unknown member (UNKNOWN_MEMBER_ID)`: the code's name only for display.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, err_name(self.code))
    }
}

impl std::error::Error for AdminError {}

impl AdminError {
    fn new(code: Code, message: impl Into<String>) -> Self {
        AdminError {
            code,
            message: message.into(),
        }
    }

    fn from_code(err: Code, message: Option<String>) -> Self {
        AdminError {
            code: err,
            message: message.unwrap_or_else(|| err_text(err)),
        }
    }

    /// The request got no answer: the broker is unreachable or gone, not refusing.
    pub fn is_unreachable(&self) -> bool {
        is_unreachable(self.code)
    }

    /// The group coordinator cannot answer yet: it is loading its partition of
    /// `__consumer_offsets`, or the partition is moving. Kafka's clients ask again.
    pub fn is_coordinator_busy(&self) -> bool {
        matches!(
            self.code,
            Code::RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS
                | Code::RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE
                | Code::RD_KAFKA_RESP_ERR_NOT_COORDINATOR
        )
    }

    /// An error that rust-rdkafka reported as its own code type (its batched admin results).
    pub fn from_rdkafka(code: rdkafka::types::RDKafkaErrorCode) -> Self {
        let code = Code::try_from(code as i32).unwrap_or(Code::RD_KAFKA_RESP_ERR_UNKNOWN);
        AdminError::from_code(code, None)
    }

    /// The broker refused the principal the right to make this request.
    pub fn is_authorization(&self) -> bool {
        matches!(
            self.code,
            Code::RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED
                | Code::RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED
                | Code::RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED
                | Code::RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED
                | Code::RD_KAFKA_RESP_ERR_DELEGATION_TOKEN_AUTHORIZATION_FAILED
        )
    }
}

/// The codes that mean "no answer" (timeouts, transport failures, every broker down) rather
/// than a refusal — those whose names contain `TIMED_OUT`, `TRANSPORT` or `ALL_BROKERS_DOWN`,
/// which is what this decision compared before codes were kept as codes.
pub fn is_unreachable(code: Code) -> bool {
    matches!(
        code,
        Code::RD_KAFKA_RESP_ERR__TIMED_OUT
            | Code::RD_KAFKA_RESP_ERR__MSG_TIMED_OUT
            | Code::RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE
            | Code::RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT
            | Code::RD_KAFKA_RESP_ERR__TRANSPORT
            | Code::RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN
    )
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

/// librdkafka's name of a code (`UNKNOWN_TOPIC_OR_PART`, `_TIMED_OUT`), for display.
pub fn err_name(err: Code) -> String {
    // SAFETY: librdkafka returns a pointer to a static string for every code.
    unsafe { owned(rd::rd_kafka_err2name(err)) }.unwrap_or_else(|| format!("{err:?}"))
}

/// librdkafka's description of a code (`Broker: Unknown topic or partition`), for display.
pub fn err_text(err: Code) -> String {
    // SAFETY: as above.
    unsafe { owned(rd::rd_kafka_err2str(err)) }.unwrap_or_else(|| format!("{err:?}"))
}

fn is_error(err: Code) -> bool {
    err != Code::RD_KAFKA_RESP_ERR_NO_ERROR
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

struct Event(NonNull<rd::rd_kafka_event_t>);
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

/// The array an admin result event holds (config resources, listings, group results...),
/// borrowed from the event for as long as the event lives.
///
/// # Safety
/// `result` is the event type's result accessor (`rd_kafka_event_X_result`, which returns NULL
/// for an event of another type) and `items` one of that result type's array accessors
/// (`rd_kafka_X_result_Y(result, &mut count)`).
unsafe fn result_array<R, T>(
    event: &Event,
    result: unsafe extern "C" fn(*mut rd::rd_kafka_event_t) -> *const R,
    items: unsafe extern "C" fn(*const R, *mut usize) -> *mut *const T,
) -> Result<&[*const T], AdminError> {
    let result = result(event.ptr());
    if result.is_null() {
        return Err(unexpected_result());
    }
    let mut count = 0usize;
    let array = items(result, &mut count);
    if array.is_null() || count == 0 {
        return Ok(&[]);
    }
    // The array has `count` entries and belongs to the event, which outlives the borrow.
    Ok(std::slice::from_raw_parts(array, count))
}

/// One of AdminOptions' `int` setters (request timeout, operation timeout, validate-only), its
/// refusal as an [`AdminError`].
fn set_option(
    options: &Options,
    setter: unsafe extern "C" fn(
        *mut rd::rd_kafka_AdminOptions_t,
        std::ffi::c_int,
        *mut c_char,
        usize,
    ) -> Code,
    value: i32,
) -> Result<(), AdminError> {
    let mut errstr = [0 as c_char; 256];
    // SAFETY: options is live; errstr is a writable buffer of the given size.
    let err = unsafe { setter(options.0.as_ptr(), value, errstr.as_mut_ptr(), errstr.len()) };
    if is_error(err) {
        // SAFETY: librdkafka NUL-terminates errstr.
        return Err(AdminError::from_code(err, unsafe {
            owned(errstr.as_ptr())
        }));
    }
    Ok(())
}

/// AdminOptions with the request timeout (and, when asked, validate-only: the broker checks the
/// request and answers as it would, but changes nothing), and a private result queue, for one
/// admin call.
fn prepare(
    client: &NativeClient,
    op: rd::rd_kafka_admin_op_t,
    timeout: Duration,
    validate_only: bool,
) -> Result<(Options, Queue, i32), AdminError> {
    let timeout_ms = i32::try_from(timeout.as_millis())
        .unwrap_or(i32::MAX)
        .max(1);
    // SAFETY: the client handle is live while `client` is borrowed.
    let options = NonNull::new(unsafe { rd::rd_kafka_AdminOptions_new(client.ptr(), op) })
        .map(Options)
        .ok_or_else(|| {
            AdminError::new(
                Code::RD_KAFKA_RESP_ERR__INVALID_ARG,
                "cannot create admin options",
            )
        })?;
    set_option(
        &options,
        rd::rd_kafka_AdminOptions_set_request_timeout,
        timeout_ms,
    )?;
    if op == rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_CREATETOPICS {
        // The controller then answers once the new topics are in its metadata, so a following
        // `verify` sees them (only CreateTopics, DeleteTopics and CreatePartitions take it).
        set_option(
            &options,
            rd::rd_kafka_AdminOptions_set_operation_timeout,
            timeout_ms,
        )?;
    }
    if validate_only {
        set_option(&options, rd::rd_kafka_AdminOptions_set_validate_only, 1)?;
    }
    // SAFETY: the client handle is live.
    let queue = NonNull::new(unsafe { rd::rd_kafka_queue_new(client.ptr()) })
        .map(Queue)
        .ok_or_else(|| {
            AdminError::new(
                Code::RD_KAFKA_RESP_ERR__FAIL,
                "cannot create a result queue",
            )
        })?;
    Ok((options, queue, timeout_ms))
}

/// Blocks on the result queue for the next event, at most `timeout_ms` + 1 s (librdkafka itself
/// answers with a timeout result once the request timeout passes).
fn next_event(queue: &Queue, timeout_ms: i32) -> Result<Event, AdminError> {
    // SAFETY: queue is live; the returned event (if any) is owned by us.
    let event =
        unsafe { rd::rd_kafka_queue_poll(queue.0.as_ptr(), timeout_ms.saturating_add(1000)) };
    NonNull::new(event).map(Event).ok_or_else(|| {
        AdminError::new(
            Code::RD_KAFKA_RESP_ERR__TIMED_OUT,
            format!("no answer from the broker within {} ms", timeout_ms),
        )
    })
}

/// The error of a whole request, carried by its result event.
fn event_error(event: &Event) -> Option<AdminError> {
    // SAFETY: event is live.
    let err = unsafe { rd::rd_kafka_event_error(event.ptr()) };
    // SAFETY: the string belongs to the event, copied before it is dropped.
    is_error(err).then(|| {
        AdminError::from_code(err, unsafe {
            owned(rd::rd_kafka_event_error_string(event.ptr()))
        })
    })
}

/// Submits one admin request and waits for its result event, at most `timeout` (+1 s slack).
///
/// `submit` receives the client handle, the options and the result queue (all live for the
/// call) and must enqueue exactly one request on that queue.
fn admin_call(
    client: &NativeClient,
    op: rd::rd_kafka_admin_op_t,
    timeout: Duration,
    submit: impl FnOnce(
        *mut rd::rd_kafka_t,
        *const rd::rd_kafka_AdminOptions_t,
        *mut rd::rd_kafka_queue_t,
    ),
) -> Result<Event, AdminError> {
    admin_call_checked(client, op, timeout, false, submit)
}

/// [`admin_call`], optionally in validate-only mode (CreateTopics, IncrementalAlterConfigs).
fn admin_call_checked(
    client: &NativeClient,
    op: rd::rd_kafka_admin_op_t,
    timeout: Duration,
    validate_only: bool,
    submit: impl FnOnce(
        *mut rd::rd_kafka_t,
        *const rd::rd_kafka_AdminOptions_t,
        *mut rd::rd_kafka_queue_t,
    ),
) -> Result<Event, AdminError> {
    let (options, queue, timeout_ms) = prepare(client, op, timeout, validate_only)?;
    submit(client.ptr(), options.0.as_ptr(), queue.0.as_ptr());
    let event = next_event(&queue, timeout_ms)?;
    match event_error(&event) {
        Some(e) => Err(e),
        None => Ok(event),
    }
}

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
fn admin_calls<T>(
    client: &NativeClient,
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
    let (options, queue, timeout_ms) = prepare(client, op, timeout, false)?;
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
            submit(
                submitted,
                client.ptr(),
                options.0.as_ptr(),
                queue.0.as_ptr(),
            );
            submitted += 1;
        }
        let event = next_event(&queue, timeout_ms)?;
        // SAFETY: event is live; the opaque is the tag set above.
        let tag = unsafe { rd::rd_kafka_event_opaque(event.ptr()) } as usize;
        let Some(slot) = tag.checked_sub(1).and_then(|i| results.get_mut(i)) else {
            continue;
        };
        if slot.is_some() {
            continue;
        }
        let outcome = match event_error(&event) {
            Some(e) if e.is_unreachable() => return Err(e),
            Some(e) => Err(e),
            None => read(&event),
        };
        *slot = Some(outcome);
        done += 1;
    }
    Ok(results
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| Err(AdminError::new(Code::RD_KAFKA_RESP_ERR__FAIL, "no result")))
        })
        .collect())
}

fn unexpected_result() -> AdminError {
    AdminError::new(
        Code::RD_KAFKA_RESP_ERR__FAIL,
        "unexpected admin result type",
    )
}

fn c_string(s: &str) -> Result<CString, AdminError> {
    CString::new(s).map_err(|_| {
        AdminError::new(
            Code::RD_KAFKA_RESP_ERR__INVALID_ARG,
            format!("NUL byte in {s:?}"),
        )
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code librdkafka knows.
    fn all_codes() -> impl Iterator<Item = Code> {
        (-200..1000).filter_map(|n| Code::try_from(n).ok())
    }

    #[test]
    fn a_loading_or_moving_coordinator_is_busy_and_nothing_else_is() {
        let busy: Vec<String> = all_codes()
            .filter(|&code| AdminError::from_code(code, None).is_coordinator_busy())
            .map(err_name)
            .collect();
        assert_eq!(
            busy,
            [
                "COORDINATOR_LOAD_IN_PROGRESS",
                "COORDINATOR_NOT_AVAILABLE",
                "NOT_COORDINATOR"
            ]
        );
    }

    #[test]
    fn unreachable_is_decided_on_codes_as_it_was_on_names() {
        // The decision used to compare names; the codes must give the same answers for every
        // code there is.
        let mut seen = 0;
        for code in all_codes() {
            let name = err_name(code);
            let by_name = name.contains("TIMED_OUT")
                || name.contains("TRANSPORT")
                || name.contains("ALL_BROKERS_DOWN");
            assert_eq!(is_unreachable(code), by_name, "{name} ({code:?})");
            seen += 1;
        }
        assert!(seen > 100, "only {seen} codes");
        assert!(!is_unreachable(
            Code::RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART
        ));
        assert!(!is_unreachable(
            Code::RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED
        ));
    }

    #[test]
    fn errors_keep_the_code_and_show_its_name() {
        let e = AdminError::from_code(Code::RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID, None);
        assert_eq!(e.code, Code::RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID);
        assert_eq!(e.to_string(), "Broker: Unknown member (UNKNOWN_MEMBER_ID)");
        let e = AdminError::from_code(Code::RD_KAFKA_RESP_ERR__TIMED_OUT, Some("slow".into()));
        assert_eq!(e.to_string(), "slow (_TIMED_OUT)");
        assert!(e.is_unreachable());
    }
}
