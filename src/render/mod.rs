//! Printers shared by several commands: what they show, built from the core's data.

pub mod access;
pub mod lag;
pub mod plan;
