//! DescribeUserScramCredentials and AlterUserScramCredentials (rust-rdkafka wraps neither).
//! Passwords go to librdkafka as bytes and are never part of an error.

use std::ffi::{c_char, CString};
use std::time::Duration;

use rdkafka::bindings as rd;
use rdkafka::bindings::rd_kafka_resp_err_t as Code;
use rdkafka::client::NativeClient;

use super::{admin_call, borrowed_error, c_string, owned, result_array, AdminError};

/// The SCRAM iterations Kafka's own tools use by default.
const ITERATIONS: i32 = 8192;

/// One user's SCRAM credentials as the broker describes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserScram {
    pub user: String,
    /// Whether it has a SCRAM-SHA-512 credential.
    pub sha512: bool,
    /// RESOURCE_NOT_FOUND: the user has no credential at all.
    pub error: Option<AdminError>,
}

/// DescribeUserScramCredentials of these users (all users when empty).
pub fn describe_user_scram_credentials(
    client: &NativeClient,
    users: &[String],
    timeout: Duration,
) -> Result<Vec<UserScram>, AdminError> {
    let names: Vec<CString> = users
        .iter()
        .map(|u| c_string(u))
        .collect::<Result<_, _>>()?;
    let mut ptrs: Vec<*const c_char> = names.iter().map(|n| n.as_ptr()).collect();
    let event = admin_call(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBEUSERSCRAMCREDENTIALS,
        timeout,
        |rk, opts, q| {
            // SAFETY: all pointers are live; librdkafka copies the names.
            unsafe {
                rd::rd_kafka_DescribeUserScramCredentials(
                    rk,
                    ptrs.as_mut_ptr(),
                    ptrs.len(),
                    opts,
                    q,
                )
            }
        },
    )?;
    // SAFETY: a DescribeUserScramCredentials event, read with its own accessors.
    let descriptions = unsafe {
        result_array(
            &event,
            rd::rd_kafka_event_DescribeUserScramCredentials_result,
            rd::rd_kafka_DescribeUserScramCredentials_result_descriptions,
        )
    }?;
    let mut out = Vec::with_capacity(descriptions.len());
    for &d in descriptions {
        // SAFETY: each description is borrowed from the live event; values are copied.
        let user = unsafe {
            let count = rd::rd_kafka_UserScramCredentialsDescription_scramcredentialinfo_count(d);
            let sha512 = (0..count).any(|i| {
                let info = rd::rd_kafka_UserScramCredentialsDescription_scramcredentialinfo(d, i);
                !info.is_null()
                    && rd::rd_kafka_ScramCredentialInfo_mechanism(info)
                        == rd::rd_kafka_ScramMechanism_t::RD_KAFKA_SCRAM_MECHANISM_SHA_512
            });
            UserScram {
                user: owned(rd::rd_kafka_UserScramCredentialsDescription_user(d))
                    .unwrap_or_default(),
                sha512,
                error: borrowed_error(rd::rd_kafka_UserScramCredentialsDescription_error(d)),
            }
        };
        out.push(user);
    }
    Ok(out)
}

/// Creates or replaces each `(user, password)`'s SCRAM-SHA-512 credential in one request (the
/// broker salts it); each user's refusal, if any.
pub fn upsert_scram_sha512(
    client: &NativeClient,
    users: &[(String, String)],
    timeout: Duration,
) -> Result<Vec<(String, Option<AdminError>)>, AdminError> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    struct Alterations(Vec<*mut rd::rd_kafka_UserScramCredentialAlteration_t>);
    impl Drop for Alterations {
        fn drop(&mut self) {
            for a in &self.0 {
                // SAFETY: each was created by UserScramCredentialUpsertion_new, owned here.
                unsafe { rd::rd_kafka_UserScramCredentialAlteration_destroy(*a) }
            }
        }
    }
    let mut alterations = Alterations(Vec::with_capacity(users.len()));
    for (user, password) in users {
        let name = c_string(user)?;
        // SAFETY: name is a valid C string and the password a byte buffer of the given length,
        // both copied by librdkafka; a NULL salt lets librdkafka make a random one.
        let a = unsafe {
            rd::rd_kafka_UserScramCredentialUpsertion_new(
                name.as_ptr(),
                rd::rd_kafka_ScramMechanism_t::RD_KAFKA_SCRAM_MECHANISM_SHA_512,
                ITERATIONS,
                password.as_ptr(),
                password.len(),
                std::ptr::null(),
                0,
            )
        };
        if a.is_null() {
            return Err(AdminError::new(
                Code::RD_KAFKA_RESP_ERR__INVALID_ARG,
                format!("cannot build a SCRAM credential for {user}"),
            ));
        }
        alterations.0.push(a);
    }
    let event = admin_call(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_ALTERUSERSCRAMCREDENTIALS,
        timeout,
        |rk, opts, q| {
            // SAFETY: all pointers are live; librdkafka copies the alterations.
            unsafe {
                rd::rd_kafka_AlterUserScramCredentials(
                    rk,
                    alterations.0.as_mut_ptr(),
                    alterations.0.len(),
                    opts,
                    q,
                )
            }
        },
    )?;
    // SAFETY: an AlterUserScramCredentials event, read with its own accessors.
    let responses = unsafe {
        result_array(
            &event,
            rd::rd_kafka_event_AlterUserScramCredentials_result,
            rd::rd_kafka_AlterUserScramCredentials_result_responses,
        )
    }?;
    // SAFETY: each response is borrowed from the live event; values are copied.
    Ok(responses
        .iter()
        .map(|&r| unsafe {
            (
                owned(rd::rd_kafka_AlterUserScramCredentials_result_response_user(
                    r,
                ))
                .unwrap_or_default(),
                borrowed_error(rd::rd_kafka_AlterUserScramCredentials_result_response_error(r)),
            )
        })
        .collect())
}
