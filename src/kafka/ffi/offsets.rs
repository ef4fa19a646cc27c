//! ListOffsets (KIP-396).

use std::time::Duration;

use rdkafka::bindings as rd;
use rdkafka::bindings::rd_kafka_resp_err_t as Code;
use rdkafka::client::NativeClient;
use rdkafka::TopicPartitionList;

use super::{admin_call, is_error, owned, result_array, AdminError, PartitionOffset};

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
    client: &NativeClient,
    partitions: &[crate::names::TopicPartition],
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
    for tp in partitions {
        tpl.add_partition_offset(&tp.topic, tp.partition, value)
            .map_err(|e| AdminError::new(Code::RD_KAFKA_RESP_ERR__INVALID_ARG, e.to_string()))?;
    }
    let event = admin_call(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTOFFSETS,
        timeout,
        |rk, opts, q| {
            // SAFETY: tpl is live for the call and copied by librdkafka.
            unsafe { rd::rd_kafka_ListOffsets(rk, tpl.ptr(), opts, q) }
        },
    )?;
    // SAFETY: a ListOffsets event, read with its own accessors.
    let infos = unsafe {
        result_array(
            &event,
            rd::rd_kafka_event_ListOffsets_result,
            rd::rd_kafka_ListOffsets_result_infos,
        )
    }?;
    let mut out = Vec::with_capacity(infos.len());
    for &info in infos {
        // SAFETY: the partition struct is borrowed from the live event and copied here.
        let tp = unsafe { &*rd::rd_kafka_ListOffsetsResultInfo_topic_partition(info) };
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
