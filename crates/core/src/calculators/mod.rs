//! What needs no data: the quick calculator and the win-back plan of seed 003.

pub mod calculator;
pub mod plan;
pub(crate) mod quick;
