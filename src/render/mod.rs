//! Printers shared by several commands: what they show, built from the core's data.

pub mod doctor;
pub mod groups;
pub mod lag;
pub mod plan;
pub mod reset;
pub mod topics;
