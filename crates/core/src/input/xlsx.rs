//! XLSX and XLS workbooks (feature `xlsx`): every sheet as rows of cell text.
//!
//! Dates come out as `yyyy-mm-dd` and numbers in their shortest exact form, so the rest of the
//! import treats a workbook and a text file alike.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, DataRef, Reader, Sheets, Xlsx, XlsxError};

use crate::error::{Error, ErrorKind};
use crate::workbook::{Sheet, Workbook};

/// A cell's text, written into `out` (cleared first).
fn cell_text(cell: &DataRef<'_>, out: &mut String) {
    use std::fmt::Write;
    out.clear();
    let _ = match cell {
        DataRef::Empty | DataRef::Error(_) => Ok(()),
        DataRef::SharedString(s) => {
            out.push_str(s.trim());
            Ok(())
        }
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            out.push_str(s.trim());
            Ok(())
        }
        DataRef::Int(i) => write!(out, "{i}"),
        DataRef::Float(f) => write!(out, "{f}"),
        DataRef::Bool(b) => write!(out, "{b}"),
        DataRef::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            write!(out, "{y:04}-{m:02}-{d:02}")
        }
    };
}

/// Reads every sheet of an XLSX or XLS workbook. An XLSX sheet's cells are read one by one
/// as they come out of its XML, into the sheet's text, with no grid of them in between.
///
/// # Errors
/// [`ErrorKind::Workbook`] when the bytes are not a workbook calamine can read.
pub fn read_workbook(bytes: &[u8]) -> Result<Workbook, Error> {
    let failed = |e: &dyn std::fmt::Display| Error::from(ErrorKind::Workbook(e.to_string()));
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| failed(&e))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let streamed = match &mut book {
            Sheets::Xlsx(xlsx) => stream_sheet(xlsx, &name).map_err(|e| failed(&e))?,
            _ => None,
        };
        let sheet = match streamed {
            Some(sheet) => sheet,
            None => {
                let range = book.worksheet_range(&name).map_err(|e| failed(&e))?;
                sheet_of_range(name, &range)
            }
        };
        sheets.push(sheet);
    }
    Ok(Workbook { sheets })
}

/// A range's cell as the cell reader gives it, its text borrowed ([`cell_text`] reads every
/// kind of text alike).
fn borrowed(cell: &Data) -> DataRef<'_> {
    match cell {
        Data::Empty => DataRef::Empty,
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => DataRef::SharedString(s),
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(dt) => DataRef::DateTime(*dt),
    }
}

/// A sheet from its cells as calamine's range holds them: each row's cells from column A to
/// the range's last column.
fn sheet_of_range(name: String, range: &calamine::Range<Data>) -> Sheet {
    let first_row = range.start().map_or(0, |(r, _)| r);
    let first_col = range.start().map_or(0, |(_, c)| c) as usize;
    let mut sheet = Sheet::new(name);
    let mut text = String::new();
    for (i, row) in range.rows().enumerate() {
        for _ in 0..first_col {
            sheet.push_cell("");
        }
        for cell in row {
            cell_text(&borrowed(cell), &mut text);
            sheet.push_cell(&text);
        }
        sheet.end_row(first_row + i as u32 + 1);
    }
    sheet
}

/// An XLSX sheet read cell by cell, as [`sheet_of_range`] reads its range: the rows where a
/// non-empty cell is, each from column A to the last column any such cell is in. `None` when
/// the cells do not come in order of row and column (calamine's range then sorts them).
fn stream_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<RS>,
    name: &str,
) -> Result<Option<Sheet>, XlsxError> {
    let mut cells = match book.worksheet_cells_reader(name) {
        Ok(cells) => cells,
        // Not a worksheet (a chart sheet): no cells, as the range has none.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Some(Sheet::new(name.to_owned()))),
        Err(e) => return Err(e),
    };
    let mut sheet = Sheet::new(name.to_owned());
    let mut text = String::new();
    // The row being read and its next column.
    let mut at: Option<(u32, u32)> = None;
    while let Some(cell) = cells.next_cell()? {
        if cell.get_value() == &DataRef::Empty {
            continue;
        }
        let (row, col) = cell.get_position();
        let next = match at {
            Some((r, next)) if r == row => next,
            Some((r, _)) if r > row => return Ok(None),
            Some((r, _)) => {
                sheet.end_row(r + 1);
                0
            }
            None => 0,
        };
        if col < next {
            return Ok(None);
        }
        for _ in next..col {
            sheet.push_cell("");
        }
        cell_text(cell.get_value(), &mut text);
        sheet.push_cell(&text);
        sheet.widen(col as usize + 1);
        at = Some((row, col + 1));
    }
    if let Some((r, _)) = at {
        sheet.end_row(r + 1);
    }
    Ok(Some(sheet))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sheet of a workbook read cell by cell and through calamine's range.
    fn both_ways(bytes: &[u8]) -> (Vec<Sheet>, Vec<Sheet>) {
        let Sheets::Xlsx(mut book) = open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap() else {
            panic!("an XLSX workbook");
        };
        let (mut streamed, mut ranged) = (Vec::new(), Vec::new());
        for name in book.sheet_names() {
            streamed.push(
                stream_sheet(&mut book, &name)
                    .unwrap()
                    .expect("cells in order"),
            );
            let range = book.worksheet_range(&name).unwrap();
            ranged.push(sheet_of_range(name, &range));
        }
        (streamed, ranged)
    }

    #[test]
    fn a_sheet_read_cell_by_cell_is_the_sheet_its_range_gives() {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as Writer};
        let mut book = Writer::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Sales").unwrap();
        // Rows starting past column A, gaps between cells and rows, a row wider than the
        // rest, a row of an empty string only, numbers, a date, a boolean, text to trim.
        sheet.write_string(2, 2, "client").unwrap();
        sheet.write_string(2, 3, "date").unwrap();
        sheet.write_string(2, 4, "amount").unwrap();
        sheet.write_string(3, 2, "  C1 ").unwrap();
        let date = Format::new().set_num_format("dd.mm.yyyy");
        sheet
            .write_datetime_with_format(3, 3, ExcelDateTime::from_ymd(2024, 3, 9).unwrap(), &date)
            .unwrap();
        sheet.write_number(3, 4, 1234.5).unwrap();
        sheet.write_string(5, 2, "C2").unwrap();
        sheet.write_number(5, 4, 7.0).unwrap();
        sheet.write_boolean(5, 6, true).unwrap();
        sheet.write_string(6, 3, "").unwrap();
        sheet.write_string(7, 0, "left").unwrap();
        book.add_worksheet().set_name("Empty").unwrap();
        let other = book.add_worksheet();
        other.set_name("Other").unwrap();
        other.write_number(0, 0, 1.0).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let (streamed, ranged) = both_ways(&bytes);
        assert_eq!(streamed, ranged);
        let rows = streamed[0].to_rows();
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(rows[1].line, 4);
        assert_eq!(
            rows[1].cells,
            ["", "", "C1", "2024-03-09", "1234.5", "", ""]
        );
        assert_eq!(rows[2].cells, ["", "", "C2", "", "7", "", "true"]);
        assert_eq!(rows[3].cells, ["left", "", "", "", "", "", ""]);
        assert!(streamed[1].is_empty());
        // The repository's workbook too.
        let (streamed, ranged) = both_ways(include_bytes!("../../../../tests/fixtures/sales.xlsx"));
        assert_eq!(streamed, ranged);
        assert!(streamed.iter().any(|s| s.len() > 1));
    }
}
