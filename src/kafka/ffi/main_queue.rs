//! The main queue of an admin client, which nobody polls.
//!
//! rust-rdkafka points librdkafka's log lines at a client's main queue (`log.queue`), and
//! librdkafka posts client-level errors there (connection refused, TLS, authentication). A
//! producer or consumer serves that queue when it polls; rust-rdkafka's `AdminClient` never does,
//! so when an admin call fails the reason waits there.
//!
//! Taking an event off a queue consumes it: there is no way to look at one and put it back. So
//! the drain is restricted by construction to the one queue where consuming is harmless:
//! [`drain_main_queue`] takes an `&AdminClient`, never a producer (whose main queue carries the
//! delivery reports an event counts as sent by) or a consumer (rebalances, commits). On an admin
//! client's main queue only error and log events arrive — and stats events, if a user sets
//! `statistics.interval.ms`, which nothing reads there either. Error events and log lines at
//! warning level or worse give the text; any other event is dropped, which [`handling`] decides.

use std::ptr::NonNull;

use rdkafka::admin::AdminClient;
use rdkafka::bindings as rd;
use rdkafka::client::ClientContext;

use super::{owned, Event, Queue};

/// What [`drain_main_queue`] does with an event of a given type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Handling {
    /// A client-level error: its text is the cause.
    Error,
    /// A log line: its text is the cause if [`log_is_cause`] says so.
    Log,
    /// Anything else (stats): dropped.
    Drop,
}

fn handling(event_type: rd::rd_kafka_event_type_t) -> Handling {
    match event_type {
        rd::RD_KAFKA_EVENT_ERROR => Handling::Error,
        rd::RD_KAFKA_EVENT_LOG => Handling::Log,
        _ => Handling::Drop,
    }
}

/// Log lines at syslog level warning (4) or worse say why a call failed; the rest is chatter.
fn log_is_cause(level: i32) -> bool {
    level <= 4
}

/// Takes every pending event off the admin client's main queue (errors and log lines that
/// nobody polls on an admin client) and returns the last error or warning text.
pub fn drain_main_queue<C: ClientContext>(admin: &AdminClient<C>) -> Option<String> {
    let client = admin.inner().native_client();
    // SAFETY: the client is live while borrowed; get_main returns a new reference to the main
    // queue that we own (Queue destroys it).
    let queue = NonNull::new(unsafe { rd::rd_kafka_queue_get_main(client.ptr()) }).map(Queue)?;
    let mut last = None;
    loop {
        // SAFETY: queue is live; a returned event is owned by us.
        let Some(event) =
            NonNull::new(unsafe { rd::rd_kafka_queue_poll(queue.0.as_ptr(), 0) }).map(Event)
        else {
            break;
        };
        // SAFETY: event is live for the block; strings are copied before it is dropped.
        match handling(unsafe { rd::rd_kafka_event_type(event.ptr()) }) {
            Handling::Error => {
                if let Some(text) = unsafe { owned(rd::rd_kafka_event_error_string(event.ptr())) } {
                    last = Some(text);
                }
            }
            Handling::Log => {
                let (mut fac, mut text, mut level) = (std::ptr::null(), std::ptr::null(), 0);
                let ok =
                    unsafe { rd::rd_kafka_event_log(event.ptr(), &mut fac, &mut text, &mut level) }
                        == 0;
                if ok && log_is_cause(level) {
                    if let Some(text) = unsafe { owned(text) } {
                        last = Some(text);
                    }
                }
            }
            Handling::Drop => {}
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_errors_and_logs_give_a_cause() {
        assert_eq!(handling(rd::RD_KAFKA_EVENT_ERROR), Handling::Error);
        assert_eq!(handling(rd::RD_KAFKA_EVENT_LOG), Handling::Log);
        for other in [
            rd::RD_KAFKA_EVENT_STATS,
            rd::RD_KAFKA_EVENT_DR,
            rd::RD_KAFKA_EVENT_FETCH,
            rd::RD_KAFKA_EVENT_REBALANCE,
            rd::RD_KAFKA_EVENT_OFFSET_COMMIT,
            rd::RD_KAFKA_EVENT_LISTOFFSETS_RESULT,
        ] {
            assert_eq!(handling(other), Handling::Drop, "{other}");
        }
    }

    #[test]
    fn warnings_and_worse_are_causes() {
        assert!(log_is_cause(3)); // error
        assert!(log_is_cause(4)); // warning
        assert!(!log_is_cause(5)); // notice
        assert!(!log_is_cause(7)); // debug
    }
}
