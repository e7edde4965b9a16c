//! A workbook read into sheets of cell text (by the `xlsx` feature's reader, or in the app by
//! a worker of its own), and one sheet of it as a grid.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::table::{Grid, RawRow};

/// Does the file start like a workbook (ZIP for XLSX, OLE for XLS)?
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0")
}

/// One sheet's non-blank rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Its rows (numbered as Excel numbers them).
    pub rows: Vec<RawRow>,
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

    /// One sheet as a grid: the named one, or the first that has rows.
    ///
    /// # Errors
    /// [`ErrorKind::NoSuchSheet`] for an unknown name, [`ErrorKind::Empty`] for no rows.
    pub fn into_grid(self, sheet: Option<&str>) -> Result<Grid, Error> {
        let names = self.names();
        let chosen = match sheet {
            Some(name) => self
                .sheets
                .into_iter()
                .find(|s| s.name == name)
                .ok_or_else(|| ErrorKind::NoSuchSheet {
                    name: name.to_owned(),
                    sheets: names.clone(),
                })?,
            None => self
                .sheets
                .into_iter()
                .find(|s| !s.rows.is_empty())
                .ok_or(ErrorKind::Empty)?,
        };
        if chosen.rows.is_empty() {
            return Err(ErrorKind::Empty.into());
        }
        Ok(Grid {
            encoding: None,
            delimiter: None,
            sheets: names,
            sheet: Some(chosen.name),
            rows: chosen.rows,
            unclosed_quote: None,
        })
    }
}
