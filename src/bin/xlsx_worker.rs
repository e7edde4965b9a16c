//! The workbook worker (XLSX reading and writing), fetched only when first needed, so the
//! first load carries neither calamine nor rust_xlsxwriter.

use gloo_worker::Registrable;

fn main() {
    boomerang_app::services::xlsx::XlsxWorker::registrar().register();
}
