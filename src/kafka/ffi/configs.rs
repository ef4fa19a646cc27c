//! IncrementalAlterConfigs (KIP-339) for topics.

use std::time::Duration;

use rdkafka::bindings as rd;
use rdkafka::bindings::rd_kafka_resp_err_t as Code;
use rdkafka::client::NativeClient;

use super::{admin_call_checked, c_string, is_error, owned, result_array, AdminError, Outcome};

/// One topic's config changes for [`incremental_alter_topic_configs`]: keys to set.
#[derive(Debug, Clone)]
pub struct TopicConfigChange {
    pub topic: String,
    pub set: Vec<(String, String)>,
}

/// IncrementalAlterConfigs (KIP-339) for topics: sets only the given keys, leaving every other
/// key exactly as it is (unlike the legacy AlterConfigs, which resets what it is not given).
/// Returns one outcome per topic, carrying the broker's rejection if any. With `validate_only`
/// the broker only checks the changes and answers as it would, changing nothing.
pub fn incremental_alter_topic_configs(
    client: &NativeClient,
    changes: &[TopicConfigChange],
    validate_only: bool,
    timeout: Duration,
) -> Result<Vec<Outcome>, AdminError> {
    if changes.is_empty() {
        return Ok(Vec::new());
    }
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
        let name = c_string(&change.topic)?;
        // SAFETY: name is a valid C string; librdkafka copies it.
        let res = unsafe {
            rd::rd_kafka_ConfigResource_new(
                rd::rd_kafka_ResourceType_t::RD_KAFKA_RESOURCE_TOPIC,
                name.as_ptr(),
            )
        };
        if res.is_null() {
            return Err(AdminError::new(
                Code::RD_KAFKA_RESP_ERR__INVALID_ARG,
                format!("cannot describe topic {}", change.topic),
            ));
        }
        resources.0.push(res);
        for (key, value) in &change.set {
            let (k, v) = (c_string(key)?, c_string(value)?);
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
                return Err(AdminError::new(
                    Code::RD_KAFKA_RESP_ERR__INVALID_ARG,
                    format!("{}: {key}: {message}", change.topic),
                ));
            }
        }
    }
    let event = admin_call_checked(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_INCREMENTALALTERCONFIGS,
        timeout,
        validate_only,
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
    // SAFETY: an IncrementalAlterConfigs event, read with its own accessors.
    let array = unsafe {
        result_array(
            &event,
            rd::rd_kafka_event_IncrementalAlterConfigs_result,
            rd::rd_kafka_IncrementalAlterConfigs_result_resources,
        )
    }?;
    let mut outcomes = Vec::with_capacity(array.len());
    for &res in array {
        // SAFETY: each entry is a resource borrowed from the live event; strings are copied.
        let topic = unsafe { owned(rd::rd_kafka_ConfigResource_name(res)) }.unwrap_or_default();
        let err = unsafe { rd::rd_kafka_ConfigResource_error(res) };
        let result = match is_error(err) {
            false => Ok(()),
            true => Err(AdminError::from_code(err, unsafe {
                owned(rd::rd_kafka_ConfigResource_error_string(res))
            })),
        };
        outcomes.push(Outcome { topic, result });
    }
    Ok(outcomes)
}
