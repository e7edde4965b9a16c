//! One component per file, named after it.

pub mod format_bar;
pub mod import_panel;
pub mod import_summary;
pub mod left_out;
pub mod mapping_table;
