//! Browser services: files, the workbook worker, downloads, storage, the address bar.

pub mod compute;
pub mod download;
pub mod files;
pub mod storage;
pub mod url;
pub mod xlsx;
