//! XLSX and XLS workbooks (feature `xlsx`): every sheet as rows of cell text.
//!
//! Dates come out as `yyyy-mm-dd` and numbers in their shortest exact form, so the rest of the
//! import treats a workbook and a text file alike.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, DataRef, Reader, Sheets, Xlsx, XlsxError};

use crate::cells::{push_number, push_ymd, trimmed, InOrder};
use crate::error::{Error, ErrorKind};
use crate::workbook::{Sheet, Workbook};

/// A cell's text, written into `out` (cleared first).
pub(crate) fn cell_text(cell: &DataRef<'_>, out: &mut String) {
    use std::fmt::Write;
    out.clear();
    let _ = match cell {
        DataRef::Empty | DataRef::Error(_) => Ok(()),
        DataRef::SharedString(s) => {
            out.push_str(trimmed(s));
            Ok(())
        }
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            out.push_str(trimmed(s));
            Ok(())
        }
        DataRef::Int(i) => write!(out, "{i}"),
        DataRef::Float(f) => {
            push_number(*f, out);
            Ok(())
        }
        DataRef::Bool(b) => write!(out, "{b}"),
        DataRef::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            push_ymd(u64::from(y), u32::from(m), u32::from(d), out);
            Ok(())
        }
    };
}

/// Reads every sheet of an XLSX or XLS workbook. An XLSX sheet's cells are read one by one
/// as they come out of its XML, into the sheet's text, with no grid of them in between.
///
/// # Errors
/// [`ErrorKind::Workbook`] when the bytes are not a workbook calamine can read, or a sheet's
/// text passes 4 GiB.
pub fn read_workbook(bytes: &[u8]) -> Result<Workbook, Error> {
    // A plain XLSX read by hand ([`crate::ooxml`]): a 1M-row workbook's import natively
    // 1.69 s by calamine, 0.97 s so.
    match crate::ooxml::read(bytes) {
        Some(book) => Ok(book),
        None => read_by_calamine(bytes),
    }
}

/// [`read_workbook`] by calamine alone: every workbook the hand reader leaves, and the
/// reference it is held to.
pub(crate) fn read_by_calamine(bytes: &[u8]) -> Result<Workbook, Error> {
    let failed = |e: calamine::Error| Error::from(ErrorKind::Workbook(e.to_string()));
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(failed)?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let streamed = match &mut book {
            Sheets::Xlsx(xlsx) => stream_sheet(xlsx, &name)?,
            _ => None,
        };
        let sheet = match streamed {
            Some(sheet) => sheet,
            None => {
                let range = book.worksheet_range(&name).map_err(failed)?;
                sheet_of_range(name, &range)?
            }
        };
        sheets.push(sheet);
    }
    Ok(Workbook { sheets })
}

/// A range's cell as a [`DataRef`], its text borrowed ([`cell_text`] reads every kind of text
/// alike).
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
fn sheet_of_range(name: String, range: &calamine::Range<Data>) -> Result<Sheet, Error> {
    let first_row = range.start().map_or(0, |(r, _)| r);
    let first_col = range.start().map_or(0, |(_, c)| c) as usize;
    let mut sheet = Sheet::new(name);
    let mut text = String::new();
    for (i, row) in range.rows().enumerate() {
        for _ in 0..first_col {
            sheet.push_cell("")?;
        }
        for cell in row {
            cell_text(&borrowed(cell), &mut text);
            sheet.push_cell(&text)?;
        }
        sheet.end_row(first_row + i as u32 + 1);
    }
    Ok(sheet)
}

/// An XLSX sheet read cell by cell ([`InOrder`]); `None` when its cells do not come in order
/// of row and column, which calamine's range takes in any order (each cell put at its place,
/// the last of two at one place kept).
fn stream_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<RS>,
    name: &str,
) -> Result<Option<Sheet>, Error> {
    let failed =
        |e: XlsxError| Error::from(ErrorKind::Workbook(calamine::Error::Xlsx(e).to_string()));
    let mut cells = match book.worksheet_cells_reader(name) {
        Ok(cells) => cells,
        // Not a worksheet (a chart sheet): no cells, as the range has none.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Some(Sheet::new(name.to_owned()))),
        Err(e) => return Err(failed(e)),
    };
    let (mut sheet, mut text) = (InOrder::new(name), String::new());
    while let Some(cell) = cells.next_cell().map_err(failed)? {
        if !add(&mut sheet, cell.get_position(), cell.get_value(), &mut text)? {
            return Ok(None);
        }
    }
    Ok(Some(sheet.finish()))
}

/// Adds a cell to the sheet made in order ([`InOrder::add`]): a cell with no value is passed
/// over (as calamine's range leaves it out).
fn add(
    sheet: &mut InOrder,
    at: (u32, u32),
    value: &DataRef<'_>,
    text: &mut String,
) -> Result<bool, Error> {
    if value == &DataRef::Empty {
        return Ok(true);
    }
    cell_text(value, text);
    sheet.add(at, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dates_text_is_its_day() {
        let mut text = String::new();
        let day = |value| {
            calamine::ExcelDateTime::new(value, calamine::ExcelDateTimeType::DateTime, false)
        };
        cell_text(&DataRef::DateTime(day(44562.0)), &mut text);
        assert_eq!(text, "2022-01-01");
        for value in [0.0, 1.0, 59.0, 60.5, 61.0, 2_958_465.0, 2_958_466.0, 9e6] {
            cell_text(&DataRef::DateTime(day(value)), &mut text);
            let (y, m, d, ..) = day(value).to_ymd_hms_milli();
            assert_eq!(text, format!("{y:04}-{m:02}-{d:02}"), "{value}");
        }
    }

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
            ranged.push(sheet_of_range(name, &range).unwrap());
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
        // rest, a row of blanks only (text, trimmed to nothing), numbers, a date, a boolean,
        // text to trim.
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
        sheet.write_string(6, 3, "   ").unwrap();
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

    /// The cells as the reader gives them, in order, against calamine's range of the same
    /// cells: what the range holds in any order, [`InOrder`] takes in order or refuses.
    #[test]
    fn cells_in_order_make_the_sheet_their_range_makes() {
        use calamine::{Cell, CellErrorType, Range};
        let cells = vec![
            Cell::new((1, 2), DataRef::SharedString("client")),
            Cell::new((1, 3), DataRef::SharedString("amount")),
            // An error and blanks have no text but widen the sheet; a style alone is no value.
            Cell::new((2, 2), DataRef::Error(CellErrorType::Div0)),
            Cell::new((2, 5), DataRef::String("  ".into())),
            Cell::new((3, 1), DataRef::SharedString(" A ")),
            Cell::new((3, 3), DataRef::Float(12.5)),
            Cell::new((3, 9), DataRef::Empty),
            Cell::new((4, 7), DataRef::Error(CellErrorType::NA)),
            Cell::new((5, 2), DataRef::Int(7)),
            Cell::new((5, 3), DataRef::Bool(false)),
        ];
        let (mut in_order, mut text) = (InOrder::new("S"), String::new());
        for c in &cells {
            assert!(add(&mut in_order, c.get_position(), c.get_value(), &mut text).unwrap());
        }
        let streamed = in_order.finish();
        let range = Range::from_sparse(
            cells
                .iter()
                .filter(|c| c.get_value() != &DataRef::Empty)
                .map(|c| Cell::new(c.get_position(), Data::from(c.get_value().clone())))
                .collect(),
        );
        assert_eq!(streamed, sheet_of_range("S".into(), &range).unwrap());
        let rows = streamed.to_rows();
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].cells, ["", "A", "", "12.5", "", "", "", ""]);
        // A cell before the last one, or at its place, is refused.
        for (first, then) in [((2, 1), (1, 4)), ((2, 1), (2, 0)), ((2, 1), (2, 1))] {
            let mut in_order = InOrder::new("S");
            assert!(in_order.add(first, "1").unwrap());
            assert!(!in_order.add(then, "2").unwrap());
        }
    }
}
