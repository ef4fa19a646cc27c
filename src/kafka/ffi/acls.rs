//! CreateAcls, DescribeAcls and DeleteAcls (rust-rdkafka wraps none of them).
//!
//! An ACL crosses this boundary as an [`AclEntry`] of librdkafka's own enums; `kafka::acls`
//! turns it into the core's `access::Binding`. Bindings and filters built here are owned by a
//! guard that destroys them after the request (librdkafka copies what it is given).

use std::ffi::c_char;
use std::ptr;
use std::time::Duration;

use rdkafka::bindings as rd;
use rdkafka::bindings::rd_kafka_resp_err_t as Code;
use rdkafka::client::NativeClient;

use super::{admin_call, borrowed_error, c_string, owned, result_array, AdminError};

pub use rd::rd_kafka_AclOperation_t as AclOperation;
pub use rd::rd_kafka_AclPermissionType_t as AclPermission;
pub use rd::rd_kafka_ResourcePatternType_t as PatternType;
pub use rd::rd_kafka_ResourceType_t as ResourceType;

/// One ACL binding in librdkafka's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AclEntry {
    pub resource: ResourceType,
    pub name: String,
    pub pattern: PatternType,
    pub principal: String,
    pub host: String,
    pub operation: AclOperation,
    pub permission: AclPermission,
}

/// Owned bindings (or filters, the same type in librdkafka), destroyed on drop.
struct Bindings(Vec<*mut rd::rd_kafka_AclBinding_t>);

impl Drop for Bindings {
    fn drop(&mut self) {
        for b in &self.0 {
            // SAFETY: each was created by AclBinding(Filter)_new, is owned here, destroyed once.
            unsafe { rd::rd_kafka_AclBinding_destroy(*b) }
        }
    }
}

/// Builds a binding (`filter` false) or an exact-match filter (`filter` true) of `entry`.
fn build(entry: &AclEntry, filter: bool, into: &mut Bindings) -> Result<(), AdminError> {
    let name = c_string(&entry.name)?;
    let principal = c_string(&entry.principal)?;
    let host = c_string(&entry.host)?;
    let mut errstr = [0 as c_char; 256];
    let new = if filter {
        rd::rd_kafka_AclBindingFilter_new
    } else {
        rd::rd_kafka_AclBinding_new
    };
    // SAFETY: the strings are valid C strings, copied by librdkafka; errstr is writable.
    let b = unsafe {
        new(
            entry.resource,
            name.as_ptr(),
            entry.pattern,
            principal.as_ptr(),
            host.as_ptr(),
            entry.operation,
            entry.permission,
            errstr.as_mut_ptr(),
            errstr.len(),
        )
    };
    if b.is_null() {
        // SAFETY: librdkafka NUL-terminates errstr.
        let why = unsafe { owned(errstr.as_ptr()) }.unwrap_or_default();
        return Err(AdminError::new(Code::RD_KAFKA_RESP_ERR__INVALID_ARG, why));
    }
    into.0.push(b);
    Ok(())
}

/// Copies a borrowed binding.
///
/// # Safety
/// `b` points to a binding valid for the duration of the call.
unsafe fn read(b: *const rd::rd_kafka_AclBinding_t) -> AclEntry {
    AclEntry {
        resource: rd::rd_kafka_AclBinding_restype(b),
        name: owned(rd::rd_kafka_AclBinding_name(b)).unwrap_or_default(),
        pattern: rd::rd_kafka_AclBinding_resource_pattern_type(b),
        principal: owned(rd::rd_kafka_AclBinding_principal(b)).unwrap_or_default(),
        host: owned(rd::rd_kafka_AclBinding_host(b)).unwrap_or_default(),
        operation: rd::rd_kafka_AclBinding_operation(b),
        permission: rd::rd_kafka_AclBinding_permission_type(b),
    }
}

/// CreateAcls for all `entries` in one request; each entry's outcome, in order.
pub fn create_acls(
    client: &NativeClient,
    entries: &[AclEntry],
    timeout: Duration,
) -> Result<Vec<Option<AdminError>>, AdminError> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let mut bindings = Bindings(Vec::with_capacity(entries.len()));
    for e in entries {
        build(e, false, &mut bindings)?;
    }
    let event = admin_call(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_CREATEACLS,
        timeout,
        |rk, opts, q| {
            // SAFETY: all pointers are live; librdkafka copies the bindings.
            unsafe {
                rd::rd_kafka_CreateAcls(rk, bindings.0.as_mut_ptr(), bindings.0.len(), opts, q)
            }
        },
    )?;
    // SAFETY: a CreateAcls event, read with its own accessors.
    let results = unsafe {
        result_array(
            &event,
            rd::rd_kafka_event_CreateAcls_result,
            rd::rd_kafka_CreateAcls_result_acls,
        )
    }?;
    // SAFETY: each result is borrowed from the live event; its error is copied.
    Ok(results
        .iter()
        .map(|&r| unsafe { borrowed_error(rd::rd_kafka_acl_result_error(r)) })
        .collect())
}

/// DescribeAcls with a filter that matches every binding.
///
/// librdkafka 2.12 parses the response's error code but does not report it, so a broker
/// without an authorizer (SECURITY_DISABLED) answers here with an empty, successful list:
/// callers must tell "no ACLs" from "no authorizer" another way (`kafka::acls`).
pub fn describe_all_acls(
    client: &NativeClient,
    timeout: Duration,
) -> Result<Vec<AclEntry>, AdminError> {
    let mut filter = Bindings(Vec::with_capacity(1));
    let mut errstr = [0 as c_char; 256];
    // SAFETY: NULL strings mean "any"; errstr is writable.
    let f = unsafe {
        rd::rd_kafka_AclBindingFilter_new(
            ResourceType::RD_KAFKA_RESOURCE_ANY,
            ptr::null(),
            PatternType::RD_KAFKA_RESOURCE_PATTERN_ANY,
            ptr::null(),
            ptr::null(),
            AclOperation::RD_KAFKA_ACL_OPERATION_ANY,
            AclPermission::RD_KAFKA_ACL_PERMISSION_TYPE_ANY,
            errstr.as_mut_ptr(),
            errstr.len(),
        )
    };
    if f.is_null() {
        // SAFETY: librdkafka NUL-terminates errstr.
        let why = unsafe { owned(errstr.as_ptr()) }.unwrap_or_default();
        return Err(AdminError::new(Code::RD_KAFKA_RESP_ERR__INVALID_ARG, why));
    }
    filter.0.push(f);
    let event = admin_call(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBEACLS,
        timeout,
        |rk, opts, q| {
            // SAFETY: all pointers are live; librdkafka copies the filter.
            unsafe { rd::rd_kafka_DescribeAcls(rk, filter.0[0], opts, q) }
        },
    )?;
    // SAFETY: a DescribeAcls event, read with its own accessors; bindings are copied.
    let acls = unsafe {
        result_array(
            &event,
            rd::rd_kafka_event_DescribeAcls_result,
            rd::rd_kafka_DescribeAcls_result_acls,
        )
    }?;
    // SAFETY: each binding is borrowed from the live event.
    Ok(acls.iter().map(|&b| unsafe { read(b) }).collect())
}

/// DeleteAcls with one exact filter per entry, in one request: for each entry, the bindings
/// the broker deleted (or its refusal), in order.
pub fn delete_acls(
    client: &NativeClient,
    entries: &[AclEntry],
    timeout: Duration,
) -> Result<Vec<Result<Vec<AclEntry>, AdminError>>, AdminError> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let mut filters = Bindings(Vec::with_capacity(entries.len()));
    for e in entries {
        build(e, true, &mut filters)?;
    }
    let event = admin_call(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DELETEACLS,
        timeout,
        |rk, opts, q| {
            // SAFETY: all pointers are live; librdkafka copies the filters.
            unsafe { rd::rd_kafka_DeleteAcls(rk, filters.0.as_mut_ptr(), filters.0.len(), opts, q) }
        },
    )?;
    // SAFETY: a DeleteAcls event, read with its own accessors.
    let responses = unsafe {
        result_array(
            &event,
            rd::rd_kafka_event_DeleteAcls_result,
            rd::rd_kafka_DeleteAcls_result_responses,
        )
    }?;
    let mut out = Vec::with_capacity(responses.len());
    for &r in responses {
        // SAFETY: the response and its matching bindings are borrowed from the live event and
        // copied before it is dropped.
        let outcome = unsafe {
            match borrowed_error(rd::rd_kafka_DeleteAcls_result_response_error(r)) {
                Some(e) => Err(e),
                None => {
                    let mut count = 0usize;
                    let array =
                        rd::rd_kafka_DeleteAcls_result_response_matching_acls(r, &mut count);
                    if array.is_null() || count == 0 {
                        Ok(Vec::new())
                    } else {
                        Ok(std::slice::from_raw_parts(array, count)
                            .iter()
                            .map(|&b| read(b))
                            .collect())
                    }
                }
            }
        };
        out.push(outcome);
    }
    Ok(out)
}
