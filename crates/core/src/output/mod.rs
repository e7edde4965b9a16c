//! The way out: the client table exported, the session the browser's worker runs, and the
//! SQL that summarises a warehouse into a client table.

pub mod export;
pub mod session;
pub mod warehouse;
