//! The XLSX reader as a worker of its own, fetched only when a workbook is dropped, so the
//! first load does not carry calamine.

use gloo_worker::Registrable;

fn main() {
    boomerang_app::services::xlsx::XlsxReader::registrar().register();
}
