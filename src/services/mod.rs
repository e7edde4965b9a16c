//! Browser services: files, the workbook worker, downloads, storage, the address bar.

pub mod compute;
pub mod download;
pub mod file_handle;
pub mod files;
pub mod port;
pub mod storage;
pub mod url;
pub mod xlsx;

/// Today by the browser's clock (the core reads no clock).
pub fn today() -> Option<chrono::NaiveDate> {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
}
