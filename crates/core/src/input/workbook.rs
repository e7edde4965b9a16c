//! A workbook read into sheets of cell text (by the `xlsx` feature's reader, or in the app by
//! a worker of its own), and one sheet of it as a grid.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::table::{Grid, RawRow};

/// Does the file start like a workbook (ZIP for XLSX, OLE for XLS)?
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0")
}

/// One sheet's non-blank rows, their cells' text kept one after another in one string: a
/// row takes the bytes of its text, four bytes a cell and eight for itself (the synthetic
/// 1M-row log's: about 46 MB), where a row of `String` cells took an allocation a cell and
/// a hundred bytes and more besides.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Every cell's text, in order.
    text: String,
    /// Where each cell's text ends in `text`.
    ends: Vec<u32>,
    /// Each row's number (as Excel numbers them) and where its cells end in `ends`.
    rows: Vec<(u32, u32)>,
    /// The cells every row has: a row that ends before it has empty cells to its end.
    width: u32,
}

impl Sheet {
    /// A sheet with no rows yet.
    pub fn new(name: String) -> Sheet {
        Sheet {
            name,
            ..Sheet::default()
        }
    }

    /// Adds a cell to the row being made ([`Sheet::end_row`] ends it).
    ///
    /// # Errors
    /// [`ErrorKind::Workbook`] when the sheet's text would pass 4 GiB (its cells' ends are
    /// kept in four bytes).
    pub fn push_cell(&mut self, cell: &str) -> Result<(), Error> {
        let end = u32::try_from(self.text.len() + cell.len()).map_err(|_| {
            ErrorKind::Workbook(format!("the sheet {} holds over 4 GiB of text", self.name))
        })?;
        self.text.push_str(cell);
        self.ends.push(end);
        Ok(())
    }

    /// Ends the row being made as row number `line`: left out when its cells are all empty.
    /// Its empty cells at the end are not kept: the sheet's width gives them back.
    pub fn end_row(&mut self, line: u32) {
        let first = self.rows.last().map_or(0, |&(_, end)| end as usize);
        let text_before = first.checked_sub(1).map_or(0, |i| self.ends[i] as usize);
        // Every row is as wide as the widest, its empty cells counted.
        self.width = self.width.max((self.ends.len() - first) as u32);
        while let Some(&end) = self.ends.last().filter(|_| self.ends.len() > first) {
            let start = match self.ends.len() - 1 {
                i if i > first => self.ends[i - 1] as usize,
                _ => text_before,
            };
            if end as usize != start {
                break;
            }
            self.ends.pop();
        }
        if self.ends.len() > first {
            self.rows.push((line, self.ends.len() as u32));
        }
    }

    /// Its non-blank rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Lets the room its parts grew into and did not fill go, for what is made after it (the
    /// import) to take: a sheet read cell by cell has up to half of each part unused.
    #[cfg(feature = "ooxml")]
    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.rows.shrink_to_fit();
    }

    /// The bytes of its cells' text: what the sheet written out as text takes at least.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Whether it has no non-blank row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Calls `f` with each row in order, its index and the row (its cells in one row whose
    /// `String`s are reused), until `f` says stop.
    pub fn each_row(&self, f: &mut dyn FnMut(usize, &RawRow) -> bool) {
        let mut row = RawRow {
            line: 0,
            cells: Vec::new(),
        };
        let mut first = 0;
        for (i, &(line, end)) in self.rows.iter().enumerate() {
            let ends = &self.ends[first as usize..end as usize];
            let mut from = if first == 0 {
                0
            } else {
                self.ends[first as usize - 1] as usize
            };
            row.line = line;
            let width = (self.width as usize).max(ends.len());
            row.cells.truncate(width);
            for (n, &to) in ends.iter().enumerate() {
                let cell = &self.text[from..to as usize];
                match row.cells.get_mut(n) {
                    Some(c) => {
                        c.clear();
                        c.push_str(cell);
                    }
                    None => row.cells.push(cell.to_owned()),
                }
                from = to as usize;
            }
            for n in ends.len()..width {
                match row.cells.get_mut(n) {
                    Some(c) => c.clear(),
                    None => row.cells.push(String::new()),
                }
            }
            first = end;
            if !f(i, &row) {
                break;
            }
        }
    }

    /// Its rows written out as tab-separated text, a row a line, every row as wide as the
    /// widest; a tab or a line end inside a cell becomes a space.
    pub fn to_tsv(&self) -> String {
        let mut tsv = String::with_capacity(self.tsv_len());
        self.each_row(&mut |i, row| {
            if i > 0 {
                tsv.push('\n');
            }
            for (n, cell) in row.cells.iter().enumerate() {
                if n > 0 {
                    tsv.push('\t');
                }
                tsv.extend(
                    cell.chars()
                        .map(|c| if matches!(c, '\t' | '\n') { ' ' } else { c }),
                );
            }
            true
        });
        tsv
    }

    /// The length of [`Sheet::to_tsv`], known without writing it: the cells' text, and a tab
    /// or a line end after every cell but the last.
    pub fn tsv_len(&self) -> usize {
        (self.text.len() + self.rows.len() * self.width as usize).saturating_sub(1)
    }

    /// Its rows, each with cells of its own.
    pub fn to_rows(&self) -> Vec<RawRow> {
        let mut rows = Vec::with_capacity(self.len());
        self.each_row(&mut |_, row| {
            rows.push(row.clone());
            true
        });
        rows
    }
}

/// The sheet [`Workbook::sheet`] takes: the one of that name, or the first that has rows.
fn choose<'a, T>(
    sheets: &'a [T],
    of: impl Fn(&T) -> (&str, bool),
    name: Option<&str>,
) -> Option<&'a T> {
    sheets.iter().find(|s| match name {
        Some(name) => of(s).0 == name,
        None => !of(s).1,
    })
}

/// One sheet of a workbook's binary form ([`Workbook::encode_placed`]), known without reading
/// it: its name, whether it has rows, its length written out as text, and the bytes it lies
/// in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetPlace {
    /// The sheet's name.
    pub name: String,
    /// Whether it has no rows.
    pub empty: bool,
    /// Its length written out as tab-separated text ([`Sheet::tsv_len`]).
    pub tsv_len: u64,
    /// Where its bytes start in the workbook's.
    pub start: u64,
    /// Where they end.
    pub end: u64,
}

impl SheetPlace {
    /// The place of the sheet [`Workbook::sheet`] takes for `sheet`; none where it gives an
    /// error.
    pub fn chosen<'a>(places: &'a [SheetPlace], sheet: Option<&str>) -> Option<&'a SheetPlace> {
        choose(places, |p| (&p.name, p.empty), sheet).filter(|p| !p.empty)
    }
}

/// A workbook's sheets, in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Workbook {
    /// The sheets.
    pub sheets: Vec<Sheet>,
}

impl Workbook {
    /// The names of the sheets.
    pub fn names(&self) -> Vec<String> {
        self.sheets.iter().map(|s| s.name.clone()).collect()
    }

    /// One sheet: the named one, or the first that has rows.
    ///
    /// # Errors
    /// [`ErrorKind::NoSuchSheet`] for an unknown name, [`ErrorKind::Empty`] for no rows.
    pub fn sheet(&self, sheet: Option<&str>) -> Result<&Sheet, Error> {
        match choose(&self.sheets, |s| (&s.name, s.is_empty()), sheet) {
            Some(chosen) if !chosen.is_empty() => Ok(chosen),
            None if sheet.is_some() => Err(ErrorKind::NoSuchSheet {
                name: sheet.unwrap_or_default().to_owned(),
                sheets: self.names(),
            }
            .into()),
            _ => Err(ErrorKind::Empty.into()),
        }
    }

    /// The workbook of sheets named `names` with the one [`Workbook::sheet`] takes for
    /// `sheet` read by `read` (given its index), the others by their names alone, with no
    /// rows (with no name given, each read in turn up to the first with rows): a workbook's
    /// one sheet imported without the others held. `None` where `read` gives none.
    #[cfg(feature = "ooxml")]
    pub(crate) fn one_sheet(
        names: Vec<String>,
        sheet: Option<&str>,
        mut read: impl FnMut(usize) -> Option<Sheet>,
    ) -> Option<Workbook> {
        let mut sheets: Vec<Sheet> = names.into_iter().map(Sheet::new).collect();
        for (i, place) in sheets.iter_mut().enumerate() {
            if sheet.is_some_and(|name| place.name != name) {
                continue;
            }
            *place = read(i)?;
            if sheet.is_some() || !place.is_empty() {
                break;
            }
        }
        Some(Workbook { sheets })
    }

    /// The workbook in binary form, as [`crate::session::encode`] writes it, and where each
    /// sheet lies in it: the page keeps the bytes outside its memory and reads one sheet of
    /// them ([`SheetPlace::chosen`]) without the others.
    pub fn encode_placed(&self) -> (Vec<u8>, Vec<SheetPlace>) {
        let mut bytes = crate::session::encode(&(self.sheets.len() as u64));
        let places = self
            .sheets
            .iter()
            .map(|sheet| {
                let start = bytes.len();
                bincode::serialize_into(&mut bytes, sheet).expect("a sheet serialises");
                SheetPlace {
                    name: sheet.name.clone(),
                    empty: sheet.is_empty(),
                    tsv_len: sheet.tsv_len() as u64,
                    start: start as u64,
                    end: bytes.len() as u64,
                }
            })
            .collect();
        (bytes, places)
    }

    /// One sheet as a grid ([`Workbook::sheet`]), its rows with cells of their own.
    ///
    /// # Errors
    /// As [`Workbook::sheet`].
    pub fn grid(&self, sheet: Option<&str>) -> Result<Grid, Error> {
        let chosen = self.sheet(sheet)?;
        Ok(Grid {
            encoding: None,
            delimiter: None,
            sheets: self.names(),
            sheet: Some(chosen.name.clone()),
            rows: chosen.to_rows(),
            unclosed_quote: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{decode_message, encode};

    fn sheet(name: &str, rows: u32) -> Sheet {
        let mut sheet = Sheet::new(name.into());
        for row in 1..=rows {
            for cell in [
                format!("client {row}"),
                "2024-01-05".into(),
                "100.50".into(),
            ] {
                sheet.push_cell(&cell).unwrap();
            }
            sheet.end_row(row);
        }
        sheet
    }

    #[test]
    fn each_sheet_is_read_from_its_place_in_the_workbooks_bytes() {
        let book = Workbook {
            sheets: vec![sheet("Empty", 0), sheet("Notes", 40), sheet("Sales", 3)],
        };
        let (bytes, places) = book.encode_placed();
        // The bytes are the workbook's binary form, read whole as before.
        assert_eq!(bytes, encode(&book));
        assert_eq!(places.len(), 3);
        for (place, sheet) in places.iter().zip(&book.sheets) {
            let read: Sheet = decode_message(&bytes[place.start as usize..place.end as usize])
                .expect("a sheet's bytes");
            assert_eq!(&read, sheet);
            assert_eq!(
                (place.name.as_str(), place.empty, place.tsv_len as usize),
                (sheet.name.as_str(), sheet.is_empty(), sheet.to_tsv().len())
            );
        }
        // The place chosen is the sheet the workbook gives, named or not.
        for wanted in [
            None,
            Some("Notes"),
            Some("Sales"),
            Some("Empty"),
            Some("Other"),
        ] {
            assert_eq!(
                SheetPlace::chosen(&places, wanted).map(|p| p.name.as_str()),
                book.sheet(wanted).ok().map(|s| s.name.as_str()),
                "{wanted:?}"
            );
        }
        assert_eq!(SheetPlace::chosen(&places, None).unwrap().name, "Notes");
    }

    #[test]
    fn a_sheet_written_out_as_text_is_as_long_as_said_beforehand() {
        // Rows of different widths, gaps, empty cells at the end, a blank row, a tab and a
        // line end inside cells, and text that is not ASCII.
        let mut sheet = Sheet::new("Sales".into());
        let rows: [&[&str]; 5] = [
            &["client", "date", "amount", "", ""],
            &["Альфа", "", "12\t500"],
            &["", "", ""],
            &["Бета\nООО", "2024-02-02"],
            &["x"],
        ];
        for (line, cells) in rows.iter().enumerate() {
            for cell in *cells {
                sheet.push_cell(cell).unwrap();
            }
            sheet.end_row(line as u32 + 1);
        }
        let tsv = sheet.to_tsv();
        assert_eq!(
            tsv,
            "client\tdate\tamount\t\t\nАльфа\t\t12 500\t\t\nБета ООО\t2024-02-02\t\t\t\nx\t\t\t\t"
        );
        assert_eq!(sheet.tsv_len(), tsv.len());
        assert_eq!(Sheet::new("Empty".into()).tsv_len(), 0);
        assert_eq!(Sheet::new("Empty".into()).to_tsv(), "");
    }
}
