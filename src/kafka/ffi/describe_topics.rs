//! DescribeTopics (KIP-700's admin call, librdkafka ≥ 2.3): what the broker says about named
//! topics, in one Metadata request for all of them.

use std::time::Duration;

use rdkafka::bindings as rd;
use rdkafka::client::NativeClient;

use super::{admin_call, borrowed_error, c_string, owned, result_array, AdminError};

/// Per named topic, the broker's error for it (`None`: described). One request for all the
/// names, where a metadata request per topic would be one round trip each.
pub fn describe_topic_errors(
    client: &NativeClient,
    names: &[String],
    timeout: Duration,
) -> Result<Vec<(String, Option<AdminError>)>, AdminError> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let owned_names = names
        .iter()
        .map(|n| c_string(n))
        .collect::<Result<Vec<_>, _>>()?;
    let mut pointers: Vec<*const std::ffi::c_char> =
        owned_names.iter().map(|n| n.as_ptr()).collect();
    struct Collection(*mut rd::rd_kafka_TopicCollection_t);
    impl Drop for Collection {
        fn drop(&mut self) {
            // SAFETY: made by TopicCollection_of_topic_names below, destroyed once, here.
            unsafe { rd::rd_kafka_TopicCollection_destroy(self.0) }
        }
    }
    // SAFETY: `pointers` holds `names.len()` valid C strings (kept alive by `owned_names`),
    // which librdkafka copies.
    let collection = Collection(unsafe {
        rd::rd_kafka_TopicCollection_of_topic_names(pointers.as_mut_ptr(), pointers.len())
    });
    let event = admin_call(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBETOPICS,
        timeout,
        |rk, opts, q| {
            // SAFETY: all pointers are live for the call; librdkafka copies the collection.
            unsafe { rd::rd_kafka_DescribeTopics(rk, collection.0, opts, q) }
        },
    )?;
    // SAFETY: a DescribeTopics event, read with its own accessors.
    let array = unsafe {
        result_array(
            &event,
            rd::rd_kafka_event_DescribeTopics_result,
            rd::rd_kafka_DescribeTopics_result_topics,
        )
    }?;
    Ok(array
        .iter()
        .map(|&t| {
            // SAFETY: each description is borrowed from the live event; strings and the error
            // are copied.
            unsafe {
                (
                    owned(rd::rd_kafka_TopicDescription_name(t)).unwrap_or_default(),
                    borrowed_error(rd::rd_kafka_TopicDescription_error(t)),
                )
            }
        })
        .collect())
}
