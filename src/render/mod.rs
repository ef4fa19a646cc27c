//! Printers: what the commands show, built from the core's data (some shared by several commands).

pub mod access;
pub mod backup;
pub mod doctor;
pub mod groups;
pub mod lag;
pub mod plan;
pub mod progress;
pub mod publish;
pub mod reset;
pub mod tail;
pub mod topics;
