//! Typed SPM events, without any Kafka I/O: the catalogue (the one source of truth for event
//! types, their topics and required fields), validation with field-level messages, the wire
//! envelope, `publish` input lines, consumed records and JSON Schemas.

pub mod batch;
pub mod catalogue;
pub mod envelope;
pub mod input;
pub mod members;
pub mod record;
pub mod schema;
pub mod validate;
