//! Browser services: reading files, the workbook worker.

pub mod files;
pub mod xlsx;
