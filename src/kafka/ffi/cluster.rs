//! DescribeCluster, for the one thing rust-rdkafka cannot ask: which operations the broker
//! authorizes this principal to do on the cluster.

use std::time::Duration;

use rdkafka::bindings as rd;
use rdkafka::client::NativeClient;

use super::{admin_call, unexpected_result, AdminError};

/// Whether the broker lets this principal DESCRIBE the cluster (DescribeCluster with the
/// authorized operations included). librdkafka 2.12 drops DescribeAcls' own error code, so an
/// empty ACL list cannot tell "no ACLs" from "not allowed to see them"; this can. A broker
/// without an authorizer authorizes everything.
pub fn may_describe_cluster(client: &NativeClient, timeout: Duration) -> Result<bool, AdminError> {
    let event = admin_call(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBECLUSTER,
        timeout,
        |rk, opts, q| {
            // SAFETY: `opts` is the options object admin_call made and owns for this call,
            // not shared and not yet enqueued: setting a flag on it is the only access.
            // librdkafka copies it when the request is enqueued right below.
            unsafe {
                let refused =
                    rd::rd_kafka_AdminOptions_set_include_authorized_operations(opts.cast_mut(), 1);
                if !refused.is_null() {
                    rd::rd_kafka_error_destroy(refused);
                }
                rd::rd_kafka_DescribeCluster(rk, opts, q)
            }
        },
    )?;
    // SAFETY: a DescribeCluster result event, read with its own accessors; the operations
    // array (`count` entries, or NULL for none) belongs to the live event and is only read.
    unsafe {
        let result = rd::rd_kafka_event_DescribeCluster_result(event.ptr());
        if result.is_null() {
            return Err(unexpected_result());
        }
        let mut count = 0usize;
        let operations =
            rd::rd_kafka_DescribeCluster_result_authorized_operations(result, &mut count);
        if operations.is_null() {
            return Ok(false);
        }
        Ok(std::slice::from_raw_parts(operations, count)
            .iter()
            .any(|op| {
                matches!(
                    op,
                    rd::rd_kafka_AclOperation_t::RD_KAFKA_ACL_OPERATION_DESCRIBE
                        | rd::rd_kafka_AclOperation_t::RD_KAFKA_ACL_OPERATION_ALL
                )
            }))
    }
}
