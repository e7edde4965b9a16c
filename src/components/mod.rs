//! One component per file, named after it.

pub mod abc_panel;
pub mod charts;
pub mod client_card;
pub mod dashboard;
pub mod data_view;
pub mod format_bar;
pub mod how;
pub mod import_panel;
pub mod import_summary;
pub mod kpi_cards;
pub mod left_out;
pub mod managers_table;
pub mod mapping_table;
pub mod model_panel;
pub mod nav;
pub mod number_field;
pub mod period_picker;
pub mod print_report;
pub mod products_table;
pub mod progress_bar;
pub mod quick_calc;
pub mod reasons_table;
pub mod returns_panel;
pub mod settings_panel;
pub mod sort_header;
pub mod winback_list;
