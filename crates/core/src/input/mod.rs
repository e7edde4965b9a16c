//! The way in: bytes decoded, split into rows of cells, the columns' roles found, every
//! row read into the data (a transaction log or a client table) with what was left out and why;
//! and the demo data set.

#[cfg(feature = "ooxml")]
pub(crate) mod cells;
pub(crate) mod date;
pub(crate) mod decode;
pub mod demo;
pub(crate) mod detect;
pub(crate) mod import;
pub(crate) mod model;
#[cfg(feature = "ooxml")]
pub(crate) mod ooxml;
#[cfg(test)]
mod reference;
pub(crate) mod stream;
pub(crate) mod table;
pub(crate) mod workbook;
#[cfg(feature = "xlsx")]
pub(crate) mod xlsx;
