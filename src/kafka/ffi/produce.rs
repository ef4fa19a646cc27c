//! Producing through a topic handle.
//!
//! rust-rdkafka's `BaseProducer::send` names the topic on every message, so librdkafka looks the
//! topic up under its client-wide write lock for each one (contended by the broker threads in
//! bulk) and a C string is allocated each time. A topic handle made once avoids both; kcat
//! produces the same way.

use std::ffi::{CStr, CString};
use std::ptr::NonNull;

use rdkafka::bindings as rd;
use rdkafka::producer::{BaseProducer, ProducerContext};

use super::is_error;

/// A producer's handle to one topic. It borrows the producer, so the native client outlives it;
/// the handle is destroyed exactly once, on drop.
pub struct TopicHandle<'p, C: ProducerContext> {
    producer: &'p BaseProducer<C>,
    rkt: NonNull<rd::rd_kafka_topic_t>,
}

// SAFETY: the only field that is not Send/Sync by itself is the `rd_kafka_topic_t` pointer.
// librdkafka's API "is completely thread-safe" (INTRODUCTION.md, "Threads and callbacks"): a
// topic handle is reference-counted internally (rdkafka.h, `rd_kafka_topic_new`), its state is
// guarded by the topic's own lock, and `rd_kafka_producev` with `RD_KAFKA_VTYPE_RKT` may be
// called from several threads at once; `rd_kafka_topic_destroy` only drops our reference. So
// the handle may move to, and be shared by, other threads exactly when the borrowed producer
// may be shared — `&BaseProducer<C>` is Send and Sync only if `BaseProducer<C>: Sync` (which
// in turn requires the producer context to be Send + Sync) — and the bounds say just that.
unsafe impl<C: ProducerContext> Send for TopicHandle<'_, C> where BaseProducer<C>: Sync {}
unsafe impl<C: ProducerContext> Sync for TopicHandle<'_, C> where BaseProducer<C>: Sync {}

impl<C: ProducerContext> Drop for TopicHandle<'_, C> {
    fn drop(&mut self) {
        // SAFETY: we own this reference to the topic; released exactly once.
        unsafe { rd::rd_kafka_topic_destroy(self.rkt.as_ptr()) }
    }
}

impl<'p, C: ProducerContext> TopicHandle<'p, C> {
    pub fn new(producer: &'p BaseProducer<C>, topic: &str) -> Option<TopicHandle<'p, C>> {
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

/// A restored record as [`TopicHandle::produce_to`] sends it: bytes borrowed where they lie,
/// `None` (null) distinct from empty, headers in order with duplicates and null values.
pub struct Outgoing<'a, H> {
    pub partition: i32,
    /// Milliseconds since the epoch; `None`: the producer's clock.
    pub timestamp: Option<i64>,
    pub key: Option<&'a [u8]>,
    pub value: Option<&'a [u8]>,
    pub headers: H,
}

/// A native header list; owned here until librdkafka takes it with a queued message.
struct NativeHeaders(NonNull<rd::rd_kafka_headers_t>);

impl Drop for NativeHeaders {
    fn drop(&mut self) {
        // SAFETY: still ours (never handed over: see `produce_to`), destroyed exactly once.
        unsafe { rd::rd_kafka_headers_destroy(self.0.as_ptr()) }
    }
}

impl<C: ProducerContext> TopicHandle<'_, C> {
    /// Queues one message to an explicit partition with its own timestamp, key, value and
    /// headers, all copied by librdkafka (no header list is built for a record without
    /// headers). `opaque` comes back in the delivery report; on error (`QUEUE_FULL`, ...)
    /// nothing was queued and the opaque is handed back.
    pub fn produce_to<'a, H>(
        &self,
        m: &Outgoing<'a, H>,
        opaque: C::DeliveryOpaque,
    ) -> Result<(), (rd::rd_kafka_resp_err_t, C::DeliveryOpaque)>
    where
        H: Iterator<Item = (&'a str, Option<&'a [u8]>)> + Clone,
    {
        use rd::rd_kafka_vtype_t::*;
        use rdkafka::producer::Producer;
        use rdkafka::util::IntoOpaque;
        let mut headers = m.headers.clone().peekable();
        let native = match headers.peek() {
            None => None,
            Some(_) => {
                // SAFETY: a fresh list (NULL only if out of memory: then no headers at all
                // would be wrong, so the message is refused below).
                let list = NonNull::new(unsafe { rd::rd_kafka_headers_new(4) });
                let Some(list) = list.map(NativeHeaders) else {
                    return Err((rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR__FAIL, opaque));
                };
                for (name, value) in headers {
                    let (ptr, len) = match value {
                        Some(v) => (v.as_ptr() as *const std::ffi::c_void, v.len() as isize),
                        None => (std::ptr::null(), 0),
                    };
                    // SAFETY: the list is live; name and value are valid for their explicit
                    // lengths (no NUL terminator needed) and copied; a NULL value is a null
                    // header value.
                    unsafe {
                        rd::rd_kafka_header_add(
                            list.0.as_ptr(),
                            name.as_ptr() as *const std::ffi::c_char,
                            name.len() as isize,
                            ptr,
                            len,
                        )
                    };
                }
                Some(list)
            }
        };
        let (key, key_len) = bytes(m.key);
        let (value, value_len) = bytes(m.value);
        let opaque_ptr = opaque.into_ptr();
        let rk = self.producer.client().native_ptr();
        // SAFETY: the producer handle and the topic handle are live; every pointer is valid for
        // the duration of the call and librdkafka copies key and value (RD_KAFKA_MSG_F_COPY)
        // before returning. A header list passed with RD_KAFKA_VTYPE_HEADERS becomes the
        // message's only on success (rdkafka.h, rd_kafka_producev; rdkafka_msg.c hands it
        // back on failure). Each argument list follows rd_kafka_producev's (vtype, value...)
        // pairs and ends with RD_KAFKA_VTYPE_END.
        // NULL headers: none (rd_kafka_producev takes the list only when it is not NULL).
        let headers = native
            .as_ref()
            .map_or(std::ptr::null_mut(), |list| list.0.as_ptr());
        let err = unsafe {
            rd::rd_kafka_producev(
                rk,
                RD_KAFKA_VTYPE_RKT,
                self.rkt.as_ptr(),
                RD_KAFKA_VTYPE_PARTITION,
                m.partition,
                RD_KAFKA_VTYPE_MSGFLAGS,
                rd::RD_KAFKA_MSG_F_COPY,
                RD_KAFKA_VTYPE_TIMESTAMP,
                m.timestamp.unwrap_or(0),
                RD_KAFKA_VTYPE_VALUE,
                value,
                value_len,
                RD_KAFKA_VTYPE_KEY,
                key as *const std::ffi::c_void,
                key_len,
                RD_KAFKA_VTYPE_OPAQUE,
                opaque_ptr,
                RD_KAFKA_VTYPE_HEADERS,
                headers,
                RD_KAFKA_VTYPE_END,
            )
        };
        if is_error(err) {
            // SAFETY: librdkafka did not take the message, so the opaque is still ours (and
            // the header list, dropped with `native`).
            return Err((err, unsafe { C::DeliveryOpaque::from_ptr(opaque_ptr) }));
        }
        // The message owns the list now.
        std::mem::forget(native);
        Ok(())
    }
}

/// A pointer and length for rd_kafka_producev: NULL for null, distinct from empty.
fn bytes(b: Option<&[u8]>) -> (*mut std::ffi::c_void, usize) {
    match b {
        Some(b) => (b.as_ptr() as *mut std::ffi::c_void, b.len()),
        None => (std::ptr::null_mut(), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shareable<T: Send + Sync>() {}

    #[test]
    fn a_handle_of_spm_kafkas_producer_may_cross_threads() {
        // Compiles only while the bounds hold for the producer context spm-kafka uses
        // (`publish` sends on blocking threads).
        shareable::<TopicHandle<'static, crate::kafka::ErrorCapture>>();
    }
}
