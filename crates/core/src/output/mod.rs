//! The way out: the client table exported, the session the browser's worker runs (and the
//! compact form its client lines travel in), and the SQL that summarises a warehouse into a
//! client table.

pub mod export;
pub mod lines;
pub mod session;
pub mod warehouse;
