//! Printers shared by several commands: what they show, built from the core's data.

pub mod backup;
pub mod lag;
pub mod plan;
pub mod progress;
