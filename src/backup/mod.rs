//! Backup and restore of topics and consumer-group offsets: the file format, the manifest, the
//! offset translation, the checks and the decisions of `restore`. No Kafka I/O here (that is
//! `kafka::backup`); the commands are `backup`, `restore` and `verify-backup`.

pub mod format;
pub mod manifest;
pub mod offsets;
pub mod restore;
pub mod verify;
pub mod writer;
