//! XLSX and XLS workbooks (feature `xlsx`): every sheet as rows of cell text.
//!
//! Dates come out as `yyyy-mm-dd` and numbers in their shortest exact form, so the rest of the
//! import treats a workbook and a text file alike.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use crate::error::{Error, ErrorKind};
use crate::table::RawRow;
use crate::workbook::{Sheet, Workbook};

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
    }
}

/// Reads every sheet of an XLSX or XLS workbook.
///
/// # Errors
/// [`ErrorKind::Workbook`] when the bytes are not a workbook calamine can read.
pub fn read_workbook(bytes: &[u8]) -> Result<Workbook, Error> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| ErrorKind::Workbook(e.to_string()))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| ErrorKind::Workbook(e.to_string()))?;
        let first_row = range.start().map_or(0, |(r, _)| r);
        let first_col = range.start().map_or(0, |(_, c)| c) as usize;
        let rows = range
            .rows()
            .enumerate()
            .filter_map(|(i, row)| {
                let mut cells: Vec<String> = vec![String::new(); first_col];
                cells.extend(row.iter().map(cell_text));
                cells.iter().any(|c| !c.is_empty()).then_some(RawRow {
                    line: first_row + i as u32 + 1,
                    cells,
                })
            })
            .collect();
        sheets.push(Sheet { name, rows });
    }
    Ok(Workbook { sheets })
}
