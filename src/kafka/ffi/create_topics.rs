//! CreateTopics, keeping each topic's broker message (rust-rdkafka's keeps only the code).

use std::ffi::c_char;
use std::time::Duration;

use rdkafka::bindings as rd;
use rdkafka::bindings::rd_kafka_resp_err_t as Code;
use rdkafka::client::NativeClient;

use super::Outcome;
use super::{admin_call_checked, c_string, err_text, is_error, owned, result_array, AdminError};

/// One topic for [`create_topics`].
#[derive(Debug, Clone)]
pub struct NewTopicRequest {
    pub name: String,
    pub partitions: i32,
    pub replication_factor: i32,
    pub config: Vec<(String, String)>,
}

/// CreateTopics for many topics in one request. Unlike rust-rdkafka's, each topic's outcome
/// keeps the broker's message, which names the refused config key and value
/// (`Invalid value compactt for configuration cleanup.policy: String must be one of: ...`).
/// With `validate_only` the broker checks the topics and answers as it would, creating nothing.
pub fn create_topics(
    client: &NativeClient,
    topics: &[NewTopicRequest],
    validate_only: bool,
    timeout: Duration,
) -> Result<Vec<Outcome>, AdminError> {
    if topics.is_empty() {
        return Ok(Vec::new());
    }
    // Build the requests first; any failure destroys the ones built so far.
    struct NewTopics(Vec<*mut rd::rd_kafka_NewTopic_t>);
    impl Drop for NewTopics {
        fn drop(&mut self) {
            for t in &self.0 {
                // SAFETY: each request was created by NewTopic_new and is owned here.
                unsafe { rd::rd_kafka_NewTopic_destroy(*t) }
            }
        }
    }
    let mut requests = NewTopics(Vec::with_capacity(topics.len()));
    for topic in topics {
        let name = c_string(&topic.name)?;
        let mut errstr = [0 as c_char; 256];
        // SAFETY: name is a valid C string (copied by librdkafka); errstr is a writable buffer
        // of the given size.
        let request = unsafe {
            rd::rd_kafka_NewTopic_new(
                name.as_ptr(),
                topic.partitions,
                topic.replication_factor,
                errstr.as_mut_ptr(),
                errstr.len(),
            )
        };
        if request.is_null() {
            // SAFETY: librdkafka NUL-terminates errstr.
            let why = unsafe { owned(errstr.as_ptr()) }.unwrap_or_default();
            return Err(AdminError::new(
                Code::RD_KAFKA_RESP_ERR__INVALID_ARG,
                format!("{}: {why}", topic.name),
            ));
        }
        requests.0.push(request);
        for (key, value) in &topic.config {
            let (k, v) = (c_string(key)?, c_string(value)?);
            // SAFETY: request is live; k and v are valid C strings (copied by librdkafka).
            let err = unsafe { rd::rd_kafka_NewTopic_set_config(request, k.as_ptr(), v.as_ptr()) };
            if is_error(err) {
                return Err(AdminError::from_code(
                    err,
                    Some(format!("{}: {key}: {}", topic.name, err_text(err))),
                ));
            }
        }
    }
    let event = admin_call_checked(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_CREATETOPICS,
        timeout,
        validate_only,
        |rk, opts, q| {
            // SAFETY: all pointers are live; librdkafka copies the requests it is given.
            unsafe {
                rd::rd_kafka_CreateTopics(rk, requests.0.as_mut_ptr(), requests.0.len(), opts, q)
            }
        },
    )?;
    // SAFETY: a CreateTopics event, read with its own accessors.
    let array = unsafe {
        result_array(
            &event,
            rd::rd_kafka_event_CreateTopics_result,
            rd::rd_kafka_CreateTopics_result_topics,
        )
    }?;
    let mut outcomes = Vec::with_capacity(array.len());
    for &res in array {
        // SAFETY: each entry is a topic result borrowed from the live event; strings are copied.
        let outcome = unsafe {
            let err = rd::rd_kafka_topic_result_error(res);
            Outcome {
                topic: owned(rd::rd_kafka_topic_result_name(res)).unwrap_or_default(),
                result: match is_error(err) {
                    false => Ok(()),
                    true => Err(AdminError::from_code(
                        err,
                        owned(rd::rd_kafka_topic_result_error_string(res)),
                    )),
                },
            }
        };
        outcomes.push(outcome);
    }
    Ok(outcomes)
}
