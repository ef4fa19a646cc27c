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

/// One partition's answer to [`list_offsets`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedOffset {
    pub topic: String,
    pub partition: i32,
    /// `-1` when no offset matches (a timestamp after the last message).
    pub offset: i64,
    pub error: Option<AdminError>,
}

/// ListOffsets (KIP-396) for many partitions in one request per leader.
/// A partition may appear only once per call.
pub fn list_offsets(
    rk: *mut rd::rd_kafka_t,
    partitions: &[(String, i32)],
    spec: OffsetSpec,
    timeout: Duration,
) -> Result<Vec<ListedOffset>, AdminError> {
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
        out.push(ListedOffset {
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
