//! An XLSX workbook read straight from its zip (feature `xlsx`): its sheets' XML scanned by
//! hand, cell by cell, into the same cells calamine gives ([`crate::xlsx`] turns them into
//! text either way).
//!
//! calamine reads a sheet's XML through a general XML reader, an event for every tag and its
//! attributes parsed into a list: at 1M rows (a 141 MB sheet), most of a workbook's import.
//! The workbooks people export are plain: rows of `<c r="A2" s="1" t="s"><v>3</v></c>`. This
//! reads those, and gives up on anything else (a cell type, a tag, an entity, a comment, a
//! part named or laid out otherwise), leaving the workbook to calamine: where it answers,
//! it gives what calamine gives, cell for cell (the tests hold it to that). What calamine
//! does, it does: the shared strings' rich runs without their phonetic ones, each run's
//! ASCII whitespace trimmed unless preserved; dates by the cell's number format (built in,
//! or written out and read as calamine reads it); a self-closing cell a cell with no value.
//! It is laxer than calamine on XML calamine rejects as malformed (an attribute without
//! quotes where it looks for none, a broken `<dimension>`): it may read what it needs of it.

use std::cell::{Cell, RefCell};
use std::io::{Cursor, Read};

use super::import::{Locator, Rows};
use super::table::RawRow;
use crate::cells::{push_day, push_number, trimmed, InOrder, RowsOut};
use crate::workbook::Sheet;

/// How a cell's number reads, by its style's number format.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Format {
    Other,
    DateTime,
    TimeDelta,
}

/// Every sheet of an XLSX workbook, as calamine's cells make them; `None` where this reader
/// does not know the workbook's parts or cells, or the bytes are not an XLSX.
#[cfg(feature = "xlsx")]
pub(crate) fn read(bytes: &[u8]) -> Option<crate::workbook::Workbook> {
    let mut book = Package::open(bytes)?;
    let sheets = (0..book.sheets.len())
        .map(|i| book.sheet(i))
        .collect::<Option<_>>()?;
    Some(crate::workbook::Workbook { sheets })
}

/// An XLSX workbook opened by hand: its sheets' names and parts, its shared strings and
/// number formats; each sheet read when asked for ([`Package::sheet`]), so that a workbook's
/// one sheet can be read without the others.
pub(crate) struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Each sheet's name and part.
    sheets: Vec<(String, String)>,
    strings: Vec<String>,
    formats: Vec<Format>,
    is_1904: bool,
}

impl<'a> Package<'a> {
    /// The workbook in `bytes`, its parts as this reader knows them; `None` where it does not
    /// (see [`read`]).
    pub(crate) fn open(bytes: &'a [u8]) -> Option<Package<'a>> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        // calamine finds a part by its name in any case and with either slash: a part
        // written otherwise than this reader looks for it is left to calamine.
        let names: Vec<String> = zip
            .file_names()
            .map(|n| n.map(std::borrow::Cow::into_owned))
            .collect::<Result<_, _>>()
            .ok()?;
        if names.iter().any(|n| n.contains('\\')) {
            return None;
        }
        let otherwise = |want: &str| {
            names
                .iter()
                .any(|n| n != want && n.eq_ignore_ascii_case(want))
        };
        let parts = [
            "_rels/.rels",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/sharedStrings.xml",
            "xl/styles.xml",
        ];
        if parts.iter().any(|p| otherwise(p)) {
            return None;
        }
        // The workbook is the part the package's relationships name.
        let package = relationships(&part(&mut zip, "_rels/.rels")?, "/Relationships")?;
        if !package
            .iter()
            .any(|(_, target)| matches!(target.as_str(), "xl/workbook.xml" | "/xl/workbook.xml"))
        {
            return None;
        }
        let workbook = part(&mut zip, "xl/workbook.xml")?;
        let rels = part(&mut zip, "xl/_rels/workbook.xml.rels")?;
        let targets = relationships(&rels, "/Relationships")?;
        let (sheets, is_1904) = sheets(&workbook)?;
        // Two sheets of one name: calamine reads the first for both.
        for (i, (name, _)) in sheets.iter().enumerate() {
            if sheets[..i].iter().any(|(other, _)| other == name) {
                return None;
            }
        }
        let sheets = sheets
            .into_iter()
            .map(|(name, id)| {
                let target = targets.iter().find(|(i, _)| *i == id)?.1.as_str();
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_owned(),
                    None => format!("xl/{target}"),
                };
                if !path.starts_with("xl/worksheets/")
                    || otherwise(&path)
                    || zip.index_for_name(&path).is_none()
                {
                    return None;
                }
                Some((name, path))
            })
            .collect::<Option<Vec<_>>>()?;
        let strings = match zip.index_for_name("xl/sharedStrings.xml") {
            Some(_) => shared_strings(&part(&mut zip, "xl/sharedStrings.xml")?)?,
            None => Vec::new(),
        };
        let formats = match zip.index_for_name("xl/styles.xml") {
            Some(_) => formats(&part(&mut zip, "xl/styles.xml")?)?,
            None => Vec::new(),
        };
        Some(Package {
            zip,
            sheets,
            strings,
            formats,
            is_1904,
        })
    }

    /// The sheets' names, in order.
    pub(crate) fn names(&self) -> Vec<String> {
        self.sheets.iter().map(|(name, _)| name.clone()).collect()
    }

    /// The `i`th sheet, read; `None` where this reader does not know its cells.
    pub(crate) fn sheet(&mut self, i: usize) -> Option<Sheet> {
        let (name, path) = self.sheets.get(i)?;
        let context = Context {
            strings: &self.strings,
            formats: &self.formats,
            is_1904: self.is_1904,
        };
        let file = self.zip.by_name(path).ok()?;
        sheet(name, file, &context)
    }
}

/// One sheet of a plain workbook read for the import a row at a time as its XML is scanned
/// ([`crate::import::import_plain_sheet`]): neither its cells nor a [`Sheet`] of them are
/// held, and each of the import's passes reads the sheet's part from the zip again. Its rows
/// are those [`Sheet::each_row`] gives, each as wide as the widest: the widest of the rows the
/// first pass read ([`StreamedSheet::widen`]). A pass that finds a row wider than that marks
/// the sheet as one to read whole ([`StreamedSheet::wider`]), one that finds cells this reader
/// does not know as calamine's ([`StreamedSheet::unknown`]); the passes after it read nothing.
pub(crate) struct StreamedSheet<'a> {
    package: RefCell<Package<'a>>,
    /// The sheet read, by its index.
    index: Cell<usize>,
    /// Its part's length in the zip, unpacked: where a pass ends, in the rows' locators.
    extent: Cell<usize>,
    /// How wide every row is made: none in the first pass, the widest it read after it.
    width: Cell<Option<usize>>,
    /// The widest row read yet, its cells with no text counted.
    widest: Cell<usize>,
    wider: Cell<bool>,
    unknown: Cell<bool>,
    /// Whether a pass has read the sheet to its end.
    read_to_end: Cell<bool>,
}

impl<'a> StreamedSheet<'a> {
    pub(crate) fn of(package: Package<'a>) -> StreamedSheet<'a> {
        StreamedSheet {
            package: RefCell::new(package),
            index: Cell::new(0),
            extent: Cell::new(0),
            width: Cell::new(None),
            widest: Cell::new(0),
            wider: Cell::new(false),
            unknown: Cell::new(false),
            read_to_end: Cell::new(false),
        }
    }

    /// The sheets' names, in order.
    pub(crate) fn names(&self) -> Vec<String> {
        self.package.borrow().names()
    }

    /// Reads the `i`th sheet from now on, afresh: its first pass says how wide its rows are.
    pub(crate) fn choose(&self, i: usize) {
        let mut package = self.package.borrow_mut();
        let Package { zip, sheets, .. } = &mut *package;
        // The unpacked length the zip says, which nothing checks: no more than deflate can
        // make of the packed bytes (1032 to 1), for room reckoned from it.
        let size = sheets
            .get(i)
            .and_then(|(_, path)| zip.by_name(path).ok())
            .map_or(0, |file| {
                file.size().min(file.compressed_size().saturating_mul(1032))
            });
        self.index.set(i);
        self.extent.set(usize::try_from(size).unwrap_or(usize::MAX));
        self.width.set(None);
        self.widest.set(0);
        self.read_to_end.set(false);
    }

    /// Makes the first rows read (`head`, from the first pass) and every row after them as
    /// wide as the widest row read yet.
    pub(crate) fn widen(&self, head: &mut [RawRow]) {
        let width = self.widest.get();
        for row in head.iter_mut() {
            row.cells.resize(width.max(row.cells.len()), String::new());
        }
        self.width.set(Some(width));
    }

    /// Whether a pass found a row wider than the rows the first pass read: the import of its
    /// rows is not the sheet's, which is to be read whole.
    pub(crate) fn wider(&self) -> bool {
        self.wider.get()
    }

    /// Whether a pass found cells this reader does not know (or could not find the sheet's
    /// part): the sheet is calamine's.
    pub(crate) fn unknown(&self) -> bool {
        self.unknown.get()
    }

    /// Whether a pass has read the sheet to its end (so every row has been checked).
    pub(crate) fn read_to_end(&self) -> bool {
        self.read_to_end.get()
    }
}

impl Rows for StreamedSheet<'_> {
    fn each(&self, f: &mut dyn FnMut(Locator, &RawRow) -> bool) {
        if self.wider() || self.unknown() {
            return;
        }
        let mut package = self.package.borrow_mut();
        let Package {
            zip,
            sheets,
            strings,
            formats,
            is_1904,
        } = &mut *package;
        let context = Context {
            strings,
            formats,
            is_1904: *is_1904,
        };
        let Some(file) = sheets
            .get(self.index.get())
            .and_then(|(_, path)| zip.by_name(path).ok())
        else {
            self.unknown.set(true);
            return;
        };
        let mut rows = InOrder::to(RowMaker {
            row: RawRow {
                line: 0,
                cells: Vec::new(),
            },
            cells: 0,
            start: 0,
            width: self.width.get(),
            widest: 0,
            wider: false,
            f,
        });
        let read = scan(file, &context, &mut rows);
        if read == Some(true) {
            rows.end();
            self.read_to_end.set(true);
        }
        let made = rows.into_out();
        self.widest.set(self.widest.get().max(made.widest));
        self.wider.set(made.wider);
        self.unknown.set(read.is_none());
    }

    fn extent(&self) -> Locator {
        self.extent.get()
    }
}

/// A sheet's rows made from its cells as they are read, one row reused, each given to `f` as
/// [`Sheet::each_row`] gives it: its empty cells at the end left out, then as wide as `width`
/// (none: as wide as its cells), a row with no text passed over.
struct RowMaker<'f> {
    row: RawRow,
    /// How many of `row.cells` the row being made has (the rest are room for the next).
    cells: usize,
    /// Where the row's first cell is in the sheet's XML: its locator.
    start: u64,
    width: Option<usize>,
    widest: usize,
    /// Whether a row was wider than `width` (and reading stopped there).
    wider: bool,
    f: &'f mut dyn FnMut(Locator, &RawRow) -> bool,
}

impl RowsOut for RowMaker<'_> {
    fn cell(&mut self, text: &str, offset: u64) -> Result<(), crate::error::Error> {
        if self.cells == 0 {
            self.start = offset;
        }
        match self.row.cells.get_mut(self.cells) {
            Some(cell) => {
                cell.clear();
                cell.push_str(text);
            }
            None => self.row.cells.push(text.to_owned()),
        }
        self.cells += 1;
        Ok(())
    }

    fn end_row(&mut self, line: u32) -> bool {
        let all = std::mem::take(&mut self.cells);
        self.widest = self.widest.max(all);
        if self.width.is_some_and(|width| all > width) {
            self.wider = true;
            return false;
        }
        let cells = &mut self.row.cells;
        let mut len = all;
        while len > 0 && cells[len - 1].is_empty() {
            len -= 1;
        }
        if len == 0 {
            return true;
        }
        let width = self.width.unwrap_or(len).max(len);
        let kept = cells.len().min(width);
        cells[len..kept].iter_mut().for_each(String::clear);
        cells.resize(width, String::new());
        self.row.line = line;
        (self.f)(usize::try_from(self.start).unwrap_or(usize::MAX), &self.row)
    }
}

/// A small part of the workbook, whole.
fn part<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<String> {
    let mut file = zip.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    Some(text)
}

/// A tag of a small part, with the text before it: (text, name, attributes, whether it closes
/// itself); a closing tag's name is `/name`.
type Tag<'a> = (&'a str, &'a str, &'a str, bool);

/// The tags of a small part, in order, one at a time (a part of shared strings can hold
/// millions); `None` for a tag it cannot read, and no more after it.
fn tags(xml: &str) -> impl Iterator<Item = Option<Tag<'_>>> {
    let mut rest = Some(without_declaration(xml));
    std::iter::from_fn(move || {
        let tag = next_tag(rest.as_mut()?);
        match tag {
            Some(Some(tag)) => Some(Some(tag)),
            Some(None) => {
                rest = None;
                Some(None)
            }
            None => None,
        }
    })
}

/// A part's text past its XML declaration (`<?xml ...?>`), where it starts with one.
fn without_declaration(xml: &str) -> &str {
    match xml.strip_prefix("<?xml") {
        Some(rest) => rest.find("?>").map_or(xml, |end| &rest[end + 2..]),
        None => xml,
    }
}

/// The next tag in `rest`, moving past it: `None` at the end, `Some(None)` where it cannot
/// be read (or is a processing instruction or a comment past the declaration: calamine
/// keeps the text around them, which this reader would not).
fn next_tag<'a>(rest: &mut &'a str) -> Option<Option<Tag<'a>>> {
    {
        let open = rest.find('<')?;
        let text = &rest[..open];
        *rest = &rest[open + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            return Some(None);
        }
        let Some(end) = tag_end(rest.as_bytes()) else {
            return Some(None);
        };
        let inside = &rest[..end];
        *rest = &rest[end + 1..];
        let (inside, closes) = match inside.strip_suffix('/') {
            Some(inside) => (inside, true),
            None => (inside, false),
        };
        let split = inside.find(is_space).unwrap_or(inside.len());
        let name = &inside[..split];
        // The parts' own elements come without a prefix (Excel adds prefixed ones of its
        // own, which are passed over): one of them with a prefix, or a name of two, is left
        // to calamine.
        if let Some((_, local)) = name.split_once(':') {
            if OWN.contains(&local) || local.contains(':') {
                return Some(None);
            }
        }
        Some(Some((text, name, &inside[split..], closes)))
    }
}

/// XML's whitespace: space, tab, carriage return, line feed.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// The elements read in the workbook's small parts (not `workbookPr`: Excel writes an
/// `x15:workbookPr` of its own, which calamine reads too and which says nothing of 1904).
const OWN: [&str; 12] = [
    "sheet",
    "sheets",
    "Relationship",
    "sst",
    "si",
    "t",
    "r",
    "rPh",
    "numFmt",
    "numFmts",
    "xf",
    "cellXfs",
];

/// Where a tag that starts at `bytes[0]` (past its `<`) ends: its `>`, outside quotes.
fn tag_end(bytes: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (None, b'>') => return Some(i),
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            _ => {}
        }
    }
    None
}

/// The attribute `key` of a tag's attributes, raw, by its whole name (a prefixed one is
/// another attribute, as calamine reads them); `None` where it is not there, or the
/// attributes cannot be read.
fn attribute<'a>(attributes: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = attributes;
    loop {
        rest = rest.trim_start_matches(is_space);
        let eq = rest.find('=')?;
        let name = rest[..eq].trim_end_matches(is_space);
        let after = rest[eq + 1..].trim_start_matches(is_space);
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let close = after[1..].find(quote)? + 1;
        if name == key {
            return Some(&after[1..close]);
        }
        rest = &after[close + 1..];
    }
}

/// XML text with its five named entities and numeric references (`&#65;`, `&#x41;`) read;
/// `None` for any other entity or form, a control character, or an `_xHHHH_` escape
/// (calamine reads those too: left to it).
fn unescape(text: &str) -> Option<std::borrow::Cow<'_, str>> {
    if has_escape(text) {
        return None;
    }
    if !text.contains('&') {
        return Some(text.into());
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';')? + at;
        let entity = &rest[at + 1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = match entity.strip_prefix("#x") {
                    Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                        u32::from_str_radix(hex, 16).ok()?
                    }
                    Some(_) => return None,
                    None => digits(entity.strip_prefix('#')?)?.try_into().ok()?,
                };
                // Not a control character but tab and line ends (XML allows no other).
                if code < 0x20 && !matches!(code, 0x9 | 0xA | 0xD) {
                    return None;
                }
                char::from_u32(code)?
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out.into())
}

/// Whether a text holds an escape as Excel writes a control character (`_x000D_`), which
/// calamine reads and this reader leaves to it.
fn has_escape(text: &str) -> bool {
    text.as_bytes().windows(7).any(|w| {
        w[0] == b'_' && w[1] == b'x' && w[2..6].iter().all(u8::is_ascii_hexdigit) && w[6] == b'_'
    })
}

/// The workbook's relationships: id → target.
/// Read up to the root's end (`end`, as `/Relationships`), as calamine reads; two of one id
/// are left to calamine.
fn relationships(xml: &str, end: &str) -> Option<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    for tag in tags(xml) {
        let (_, name, attributes, _) = tag?;
        if name == end {
            return Some(out);
        }
        if name == "Relationship" {
            let id = attribute(attributes, "Id")?;
            let target = unescape(attribute(attributes, "Target")?)?;
            if out.iter().any(|(i, _)| i == id) {
                return None;
            }
            out.push((id.to_owned(), target.into_owned()));
        }
    }
    None
}

/// The sheets in the workbook's order, each with its relationship's id, and whether its days
/// count from 1904.
fn sheets(xml: &str) -> Option<(Vec<(String, String)>, bool)> {
    let (mut out, mut is_1904) = (Vec::new(), false);
    for tag in tags(xml) {
        let (_, name, attributes, _) = tag?;
        match name {
            "/workbook" => return Some((out, is_1904)),
            "sheet" => {
                let title = unescape(attribute(attributes, "name")?)?.into_owned();
                let id = attribute(attributes, "r:id")?.to_owned();
                out.push((title, id));
            }
            "workbookPr" => {
                if let Some(v) = attribute(attributes, "date1904") {
                    is_1904 = matches!(v, "1" | "true");
                }
            }
            _ => {}
        }
    }
    None
}

/// The shared strings: each `<si>`'s text runs (`<t>`) joined, leaving out phonetic runs
/// (`<rPh>`), each run's ASCII whitespace trimmed unless it is preserved.
fn shared_strings(xml: &str) -> Option<Vec<String>> {
    let mut tags = tags(xml);
    let mut out = Vec::new();
    while let Some(tag) = tags.next() {
        let (_, name, _, closes) = tag?;
        match name {
            "si" => out.push(string_runs(&mut tags, closes, "/si")?),
            "/sst" => return Some(out),
            _ => {}
        }
    }
    None
}

/// The text of a string element (`<si>` or `<is>`) whose content `tags` go on with (none when
/// it closes itself, `empty`): its runs joined, as calamine joins them, the tags read up to
/// its end (`end`: `/si` or `/is`).
fn string_runs<'a>(
    tags: &mut impl Iterator<Item = Option<Tag<'a>>>,
    empty: bool,
    end: &str,
) -> Option<String> {
    let mut text = String::new();
    if empty {
        return Some(text);
    }
    let mut phonetic = false;
    loop {
        let (_, name, attributes, closes) = tags.next()??;
        match name {
            _ if name == end => return Some(text),
            "rPh" if !closes => phonetic = true,
            "/rPh" => phonetic = false,
            "t" if closes => {}
            "t" => {
                let (inner, end, _, _) = tags.next()??;
                if end != "/t" {
                    return None;
                }
                if phonetic {
                    continue;
                }
                if inner.contains('\r') {
                    return None;
                }
                let inner = unescape(inner)?;
                if attribute(attributes, "xml:space") == Some("preserve") {
                    text.push_str(&inner);
                } else {
                    text.push_str(inner.trim_matches([' ', '\t', '\r', '\n']));
                }
            }
            "r" | "/r" | "rPr" | "/rPr" | "phoneticPr" | "/phoneticPr" => {}
            // A run's properties: fonts, sizes, colours.
            _ if !name.starts_with('/') && closes => {}
            _ => {
                // A property with content, or anything else: not known here.
                return None;
            }
        }
    }
}

/// Each cell style's number format, as calamine reads it: a format written out in the
/// workbook read for days and times, else the built-in one by its number.
fn formats(xml: &str) -> Option<Vec<Format>> {
    let mut codes: Vec<(&str, String)> = Vec::new();
    let mut out = Vec::new();
    let (mut in_xfs, mut in_codes) = (false, false);
    for tag in tags(xml) {
        let (_, name, attributes, closes) = tag?;
        match name {
            "/styleSheet" => return Some(out),
            "numFmts" => in_codes = !closes,
            "/numFmts" => in_codes = false,
            "numFmt" if in_codes => {
                if let (Some(id), Some(code)) = (
                    attribute(attributes, "numFmtId"),
                    attribute(attributes, "formatCode"),
                ) {
                    codes.push((id, unescape(code)?.into_owned()));
                }
            }
            "cellXfs" => in_xfs = !closes,
            "/cellXfs" => in_xfs = false,
            "xf" if in_xfs => out.push(match attribute(attributes, "numFmtId") {
                None => Format::Other,
                Some(id) => match codes.iter().rev().find(|(i, _)| *i == id) {
                    Some((_, code)) => custom_format(code),
                    None => builtin_format(id),
                },
            }),
            _ => {}
        }
    }
    None
}

/// Whether a number format written out shows days or times (calamine's reading, kept as it
/// is so that both read a workbook alike).
fn custom_format(format: &str) -> Format {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return Format::Other,
            // (Wrapping, as calamine's release build does past 255.)
            ('[', ..) => brackets = brackets.wrapping_add(1),
            (']', .., 1) if hms => return Format::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return Format::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return Format::DateTime
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    Format::Other
}

/// The built-in number formats that show days or times, by their number.
fn builtin_format(id: &str) -> Format {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "27" | "28" | "29"
        | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "45" | "47" | "50" | "51" | "52"
        | "53" | "54" | "55" | "56" | "57" | "58" => Format::DateTime,
        "46" => Format::TimeDelta,
        _ => Format::Other,
    }
}

/// What a sheet's cells are read with.
struct Context<'a> {
    strings: &'a [String],
    formats: &'a [Format],
    is_1904: bool,
}

/// A sheet's XML read a piece at a time: the bytes not yet scanned.
struct Pieces<R> {
    from: R,
    buf: Vec<u8>,
    at: usize,
    /// The bytes scanned and let go before `buf`'s first.
    before: u64,
    done: bool,
    /// Whether a tag has come yet (the declaration may only come first).
    seen: bool,
}

/// Where a piece of a tag lies in [`Pieces`]'s bytes.
type Span = std::ops::Range<usize>;

/// How much of a sheet's XML is read at a time.
const PIECE: usize = 1 << 20;

/// The most bytes a tag with the text before it may take (a cell holds 32,767 characters).
const LONGEST: usize = 16 << 20;

impl<R: Read> Pieces<R> {
    /// Reads another piece in after the bytes not yet scanned (the scanned ones let go):
    /// false at the end of the XML, `None` where it cannot be read.
    fn refill(&mut self) -> Option<bool> {
        if self.done {
            return Some(false);
        }
        self.buf.drain(..self.at);
        self.before += self.at as u64;
        self.at = 0;
        let len = self.buf.len();
        self.buf.resize(len + PIECE, 0);
        let mut filled = len;
        while filled < len + PIECE {
            match self.from.read(&mut self.buf[filled..]) {
                Ok(0) => {
                    self.done = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(_) => return None,
            }
        }
        self.buf.truncate(filled);
        Some(filled > len)
    }

    /// The next tag: the text before it, its name, its attributes and whether it closes
    /// itself; `None` at the end of the XML or where it cannot be read.
    fn next(&mut self) -> Option<(Span, Span, Span, bool)> {
        loop {
            let rest = &self.buf[self.at..];
            if let Some(open) = memchr::memchr(b'<', rest) {
                if let Some(end) = tag_end(&rest[open + 1..]) {
                    let start = self.at;
                    let inside = start + open + 1..start + open + 1 + end;
                    self.at = inside.end + 1;
                    let bytes = &self.buf[inside.clone()];
                    if bytes.first() == Some(&b'?') || bytes.first() == Some(&b'!') {
                        // The XML declaration, first of all; any other instruction or a
                        // comment is left to calamine, which keeps the text around them.
                        if !self.seen && bytes.starts_with(b"?") && bytes.ends_with(b"?") {
                            self.seen = true;
                            continue;
                        }
                        return None;
                    }
                    self.seen = true;
                    let closes = bytes.last() == Some(&b'/');
                    let inside = if closes {
                        inside.start..inside.end - 1
                    } else {
                        inside
                    };
                    let bytes = &self.buf[inside.clone()];
                    let split = bytes
                        .iter()
                        .position(|b| b.is_ascii_whitespace())
                        .unwrap_or(bytes.len());
                    return Some((
                        start..start + open,
                        inside.start..inside.start + split,
                        inside.start + split..inside.end,
                        closes,
                    ));
                }
            }
            // No tag in as many bytes as a sheet's cells never take: left to calamine (and no
            // scan of the same bytes again and again).
            if self.buf.len() - self.at > LONGEST {
                return None;
            }
            if !self.refill()? {
                return None;
            }
        }
    }

    fn text(&self, range: Span) -> Option<&str> {
        std::str::from_utf8(&self.buf[range]).ok()
    }
}

/// A sheet's cells, as calamine's cell reader gives them (with its empty elements expanded: a
/// self-closing row or cell opens and closes), into the sheet [`InOrder`] makes of them.
fn sheet<R: Read>(name: &str, from: R, context: &Context<'_>) -> Option<Sheet> {
    let mut sheet = InOrder::new(name);
    scan(from, context, &mut sheet)?;
    Some(sheet.finish())
}

/// A sheet's cells, as calamine's cell reader gives them (with its empty elements expanded: a
/// self-closing row or cell opens and closes), each added to `out` as it is read, with where
/// its tag starts in the XML: `Some(true)` at the end of the sheet's data (the last row not
/// ended), `Some(false)` where `out` said to read no more, `None` where this reader does not
/// know the cells or they do not come in order.
fn scan<R: Read, S: RowsOut>(from: R, context: &Context<'_>, out: &mut InOrder<S>) -> Option<bool> {
    let mut xml = Pieces {
        from,
        buf: Vec::with_capacity(PIECE * 2),
        at: 0,
        before: 0,
        done: false,
        seen: false,
    };
    // Up to the sheet's data.
    loop {
        let (_, tag, _, closes) = xml.next()?;
        if &xml.buf[tag] == b"sheetData" {
            if closes {
                return Some(true);
            }
            break;
        }
    }
    let (mut row, mut col) = (0u32, 0u32);
    // The last day's text: a log's rows come day after day, each day's many times over.
    let mut day = (f64::NAN, String::new());
    let (mut written, mut cell) = (String::new(), String::new());
    loop {
        let (_, tag, attributes, closes) = xml.next()?;
        // Where the tag's `<` is.
        let offset = xml.before + tag.start as u64 - 1;
        match &xml.buf[tag] {
            [b'c'] => {
                let (r, style, kind) = cell_attributes(&xml.buf[attributes])?;
                let at = match r {
                    Some((r, c)) => {
                        col = c;
                        (r, c)
                    }
                    None => (row, col),
                };
                let mut value = Value::Empty;
                // Most cells are `<c ...><v>text</v></c>`: read at once where the bytes
                // hold all of it, as the tags one by one read it.
                let rest = &xml.buf[xml.at..];
                let plain = (!closes && rest.starts_with(b"<v>"))
                    .then(|| memchr::memchr(b'<', &rest[3..]))
                    .flatten()
                    .filter(|&end| rest[3 + end..].starts_with(b"</v></c>"));
                if let Some(end) = plain {
                    value = v_value(&rest[3..3 + end], style, kind, context, &mut written)?;
                    xml.at += 3 + end + 8;
                } else if !closes {
                    loop {
                        let (_, tag, _, closes) = xml.next()?;
                        match &xml.buf[tag] {
                            [b'/', b'c'] => break,
                            // An empty `<v/>` of a formula's text is an empty text to
                            // calamine; of the other types, no value.
                            [b'v'] if closes => {
                                value = match kind {
                                    Kind::Str => Value::Text(String::new()),
                                    _ => Value::Empty,
                                }
                            }
                            [b'v'] => {
                                let (text, tag, _, _) = xml.next()?;
                                if &xml.buf[tag] != b"/v" {
                                    return None;
                                }
                                let v = &xml.buf[text];
                                value = v_value(v, style, kind, context, &mut written)?;
                            }
                            [b'f'] => {
                                if !closes {
                                    let (_, tag, _, _) = xml.next()?;
                                    if &xml.buf[tag] != b"/f" {
                                        return None;
                                    }
                                }
                                value = Value::Empty;
                            }
                            b"is" => value = Value::Text(inline_string(&mut xml, closes)?),
                            _ => return None,
                        }
                    }
                }
                let text: &str = match &value {
                    Value::Empty => {
                        col += 1;
                        continue;
                    }
                    Value::Shared(i) => trimmed(&context.strings[*i]),
                    Value::Text(s) => trimmed(s),
                    Value::Written => trimmed(&written),
                    Value::Number(f) => {
                        cell.clear();
                        push_number(*f, &mut cell);
                        &cell
                    }
                    Value::Day(f) if *f == day.0 => &day.1,
                    Value::Day(f) => {
                        day.1.clear();
                        push_day(*f, context.is_1904, &mut day.1);
                        day.0 = *f;
                        &day.1
                    }
                    Value::Bool(b) => {
                        if *b {
                            "true"
                        } else {
                            "false"
                        }
                    }
                };
                if !out.add_at(at, text, offset).ok()? {
                    return None;
                }
                if out.stopped() {
                    return Some(false);
                }
                col += 1;
            }
            b"row" => {
                // Most rows start `<row r="7"`: their number read at once (the general
                // reading finds the same first attribute).
                let bytes = &xml.buf[attributes];
                let number = bytes
                    .strip_prefix(b" r=\"")
                    .filter(|_| bytes.is_ascii())
                    .and_then(|rest| Some(&rest[..memchr::memchr(b'"', rest)?]));
                if let Some(number) = number {
                    row = sheet_row(digits_of(number)?)?;
                } else if let Some(r) = attribute(std::str::from_utf8(bytes).ok()?, "r") {
                    row = sheet_row(digits(r)?)?;
                }
                if closes {
                    row += 1;
                    col = 0;
                }
            }
            b"/row" => {
                row += 1;
                col = 0;
            }
            b"/sheetData" => return Some(true),
            _ => return None,
        }
    }
}

/// A cell's type (its `t`), as far as this reader knows them.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// None, or `n`.
    Number,
    /// `s`: a shared string's index.
    Shared,
    /// `str`: a formula's text.
    Str,
    /// `inlineStr`: text in the cell's `<is>`.
    Inline,
    /// `b`.
    Bool,
}

/// A cell's reference (row and column from 0), style (its number) and type, from its tag's
/// attributes (others without a prefix passed over); `None` for a prefixed attribute, or an
/// `r`, `s` or `t` this reader does not read (a style's number not in digits, a type it does
/// not know).
#[allow(clippy::type_complexity)]
fn cell_attributes(bytes: &[u8]) -> Option<(Option<(u32, u32)>, Option<usize>, Kind)> {
    let (mut r, mut style, mut kind) = (None, None, Kind::Number);
    let mut i = 0;
    loop {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if i == bytes.len() {
            return Some((r, style, kind));
        }
        let name_end = i + memchr::memchr(b'=', &bytes[i..])?;
        let name = bytes[i..name_end].trim_ascii_end();
        let mut start = name_end + 1;
        while bytes.get(start).is_some_and(u8::is_ascii_whitespace) {
            start += 1;
        }
        let quote = *bytes.get(start)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let start = start + 1;
        let end = start + memchr::memchr(quote, bytes.get(start..)?)?;
        let value = &bytes[start..end];
        match name {
            b"r" => r = Some(cell_place(value)?),
            b"s" => style = Some(digits_of(value)?),
            b"t" => {
                kind = match value {
                    b"n" => Kind::Number,
                    b"s" => Kind::Shared,
                    b"str" => Kind::Str,
                    b"inlineStr" => Kind::Inline,
                    b"b" => Kind::Bool,
                    _ => return None,
                }
            }
            // Other attributes (`cm`, `vm`, `ph`) say nothing of the value.
            _ if !name.contains(&b':') => {}
            _ => return None,
        }
        i = end + 1;
    }
}

/// A cell's value, before its text is written.
enum Value {
    Empty,
    Shared(usize),
    Text(String),
    /// A number whose text is the one its double is written as ([`shortest`]): the text,
    /// kept beside.
    Written,
    Number(f64),
    /// A date's serial number (a date's format, or a duration's: calamine reads either as
    /// its day).
    Day(f64),
    Bool(bool),
}

/// A cell's `<v>` text as the cell's value (an inline string's is not: its `<is>` is), the
/// text kept in `written` where the value is the text as it stands; `None` where this reader
/// leaves it to calamine.
fn v_value(
    v: &[u8],
    style: Option<usize>,
    kind: Kind,
    context: &Context<'_>,
    written: &mut String,
) -> Option<Value> {
    if kind == Kind::Inline {
        return Some(Value::Empty);
    }
    let v = std::str::from_utf8(v).ok()?;
    let value = read_v(v, style, kind, context)?;
    if matches!(value, Value::Written) {
        written.clear();
        written.push_str(v);
    }
    Some(value)
}

/// A cell's `<v>` as calamine reads it for the cell's type and style; `None` where this
/// reader leaves it to calamine.
fn read_v(v: &str, style: Option<usize>, kind: Kind, context: &Context<'_>) -> Option<Value> {
    match kind {
        Kind::Shared => {
            if v.is_empty() {
                return Some(Value::Empty);
            }
            let i = digits(v)?;
            (i < context.strings.len()).then_some(Value::Shared(i))
        }
        Kind::Bool => match v {
            "" => Some(Value::Empty),
            "0" | "false" => Some(Value::Bool(false)),
            "1" | "true" => Some(Value::Bool(true)),
            _ => None,
        },
        Kind::Str => {
            if v.contains('\r') {
                return None;
            }
            Some(Value::Text(unescape(v)?.into_owned()))
        }
        Kind::Number => {
            if v.is_empty() {
                return Some(Value::Empty);
            }
            // Plain numbers only, which every parser reads alike: digits, a point, a minus in
            // front, an exponent (signed).
            let b = v.as_bytes();
            let plain = b.iter().enumerate().all(|(i, &c)| {
                c.is_ascii_digit()
                    || matches!(c, b'.' | b'e' | b'E')
                    || c == b'-' && (i == 0 || matches!(b[i - 1], b'e' | b'E'))
                    || c == b'+' && i > 0 && matches!(b[i - 1], b'e' | b'E')
            });
            if !plain || !b.first().is_some_and(|c| c.is_ascii_digit() || *c == b'-') {
                return None;
            }
            let format = match style {
                Some(s) => context.formats.get(s).copied(),
                None => Some(Format::Other),
            };
            if !matches!(format, Some(Format::DateTime | Format::TimeDelta)) && shortest(b) {
                // The number's text as a double's would be written: the text itself.
                return Some(Value::Written);
            }
            let f: f64 = v.parse().ok()?;
            Some(match format {
                Some(Format::DateTime | Format::TimeDelta) => Value::Day(f),
                _ => Value::Number(f),
            })
        }
        // An inline string's `<v>` is not its value (its caller reads the `<is>`).
        Kind::Inline => Some(Value::Empty),
    }
}

/// Whether a number's text is the text its double is written as (`{f}`): a minus or not,
/// digits with no zero in front (but a lone one), a point and digits with no zero at the end,
/// at most 15 digits in all after the zeros in front. A double holds 15 digits exactly, so no
/// other text of as few digits is the same double, and `{f}` writes the shortest.
fn shortest(b: &[u8]) -> bool {
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    let (whole, decimals) = match memchr::memchr(b'.', digits) {
        Some(at) => (&digits[..at], Some(&digits[at + 1..])),
        None => (digits, None),
    };
    let plain = |d: &[u8]| !d.is_empty() && d.iter().all(u8::is_ascii_digit);
    if !plain(whole) || whole.len() > 1 && whole[0] == b'0' {
        return false;
    }
    if let Some(d) = decimals {
        if !plain(d) || d.last() == Some(&b'0') {
            return false;
        }
    }
    let all = whole.len() + decimals.map_or(0, <[u8]>::len);
    let leading = if whole == b"0" {
        1 + decimals.map_or(0, |d| d.iter().take_while(|&&c| c == b'0').count())
    } else {
        0
    };
    // "-0" is written "-0", as `{f}` writes −0.
    all - leading <= 15
}

/// A number written in digits alone (no sign, no space), as calamine reads an index.
fn digits(v: &str) -> Option<usize> {
    digits_of(v.as_bytes())
}

/// [`digits`] of bytes: ASCII digits alone, and not too many for a `usize`.
fn digits_of(v: &[u8]) -> Option<usize> {
    if v.is_empty() {
        return None;
    }
    v.iter().try_fold(0usize, |n, &b| {
        b.is_ascii_digit()
            .then(|| n.checked_mul(10)?.checked_add(usize::from(b - b'0')))
            .flatten()
    })
}

/// An inline string's text (its `<is>` read), as [`string_runs`] reads a shared one.
fn inline_string<R: Read>(xml: &mut Pieces<R>, empty: bool) -> Option<String> {
    let mut tags: Vec<(String, String, String, bool)> = Vec::new();
    if !empty {
        loop {
            let (text, tag, attributes, closes) = xml.next()?;
            let name = xml.text(tag)?.to_owned();
            let end = name == "/is";
            tags.push((
                xml.text(text)?.to_owned(),
                name,
                xml.text(attributes)?.to_owned(),
                closes,
            ));
            if end {
                break;
            }
        }
    }
    let mut borrowed = tags
        .iter()
        .map(|(a, b, c, d)| Some((a.as_str(), b.as_str(), c.as_str(), *d)));
    string_runs(&mut borrowed, empty, "/is")
}

/// A cell's place from its reference (`B12`): row and column from 0.
fn cell_place(r: &[u8]) -> Option<(u32, u32)> {
    let letters = r.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = r[..letters]
        .iter()
        .fold(0u32, |c, &b| c * 26 + u32::from(b - b'A') + 1);
    Some((sheet_row(digits_of(&r[letters..])?)?, col - 1))
}

/// A row's place from its number (from 1): from 0, within a sheet's 1,048,576 rows.
fn sheet_row(number: usize) -> Option<u32> {
    (1..=1 << 20).contains(&number).then(|| number as u32 - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::Workbook;
    use std::io::Write;

    /// Both readers on one workbook: the hand reader must read it, and read what calamine
    /// reads.
    fn alike(bytes: &[u8]) -> Workbook {
        let by_hand = read(bytes).expect("the hand reader reads this workbook");
        let by_calamine = crate::xlsx::read_by_calamine(bytes).unwrap();
        assert_eq!(by_hand, by_calamine);
        by_hand
    }

    /// A workbook of hand-written parts: the sheets' XML as given, with their names.
    fn parts(
        sheets: &[(&str, &str)],
        strings: Option<&str>,
        styles: Option<&str>,
        workbook_pr: &str,
    ) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        let mut add = |name: &str, text: &str| {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        };
        let ns = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
        add(
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#,
        );
        add(
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        );
        let list: String = (0..sheets.len())
            .map(|i| {
                format!(
                    r#"<sheet name="{}" sheetId="{}" r:id="rId{}"/>"#,
                    sheets[i].0,
                    i + 1,
                    i + 1
                )
            })
            .collect();
        add(
            "xl/workbook.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook {ns}>{workbook_pr}<sheets>{list}</sheets></workbook>"#
            ),
        );
        let rels: String = (0..sheets.len())
            .map(|i| format!(r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{}.xml"/>"#, i + 1, i + 1))
            .collect();
        add(
            "xl/_rels/workbook.xml.rels",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
            ),
        );
        for (i, (_, xml)) in sheets.iter().enumerate() {
            add(
                &format!("xl/worksheets/sheet{}.xml", i + 1),
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>{xml}</sheetData></worksheet>"#
                ),
            );
        }
        if let Some(s) = strings {
            add(
                "xl/sharedStrings.xml",
                &format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst {ns}>{s}</sst>"#),
            );
        }
        if let Some(s) = styles {
            add(
                "xl/styles.xml",
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet {ns}>{s}</styleSheet>"#
                ),
            );
        }
        zip.finish().unwrap().into_inner()
    }

    const STYLES: &str = r##"<numFmts count="4"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/><numFmt numFmtId="165" formatCode="[h]:mm"/><numFmt numFmtId="166" formatCode="#,##0.00&quot;р.&quot;"/><numFmt numFmtId="167" formatCode="0.0;[Red]-0.0"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"><alignment horizontal="left"/></xf><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/><xf/></cellXfs>"##;

    #[test]
    fn a_workbook_written_by_hand_reads_as_calamine_reads_it() {
        let strings = concat!(
            r#"<si><t>client</t></si><si><t xml:space="preserve"> day </t></si>"#,
            r#"<si><t>Ромашка &amp; Co &lt;1&gt; &quot;q&quot; &apos;a&apos; &#169; &#x20AC;</t></si>"#,
            // Rich runs, one of them phonetic; each run's ends trimmed unless preserved.
            r#"<si><r><rPr><b/><sz val="11"/></rPr><t> Ива </t></r><r><t xml:space="preserve"> нов</t></r><rPh sb="0" eb="1"><t>イ</t></rPh><phoneticPr fontId="1"/></si>"#,
            r#"<si/><si><t/></si><si><t>last</t></si>"#,
        );
        let sheet = concat!(
            r#"<row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>"#,
            // Dates by built-in and written-out formats, a duration, money, a signed format.
            r#"<row r="2"><c r="A2" s="1"><v>44563</v></c><c r="B2" s="2"><v>44564.5</v></c><c r="C2" s="3"><v>1.25</v></c><c r="D2" s="4"><v>-1234.5</v></c><c r="E2" s="5"><v>7</v></c><c r="F2" s="6"><v>1e3</v></c><c r="G2" s="99"><v>5</v></c></row>"#,
            // No references: cells and rows follow on; a gap of rows; self-closing cells.
            r#"<row><c t="s"><v>4</v></c><c/><c s="1"/><c t="b"><v>1</v></c><c t="b"><v>0</v></c></row>"#,
            r#"<row r="6"><c r="B6" t="str"><f>A1&amp;"x"</f><v>a &amp; b</v></c><c r="C6"><f>1+2</f><v>3</v></c><c r="D6"><v>12</v><f>6*2</f></c><c r="E6" t="inlineStr"><is><t>inline &lt;</t></is></c><c r="F6" t="inlineStr"><is><r><t>in</t></r><r><rPr><i/></rPr><t xml:space="preserve">line </t></r></is></c></row>"#,
            r#"<row r="7"/><row r="9"><c r="A9" t="s"><v>5</v></c><c r="B9" t="s"><v>6</v></c><c r="C9" t="s"><v></v></c><c r="D9"><v/></c><c r="E9" t="n"><v>-0.5</v></c></row>"#,
            r#"<row r="10"><c r="AB10"><v>2.5E-3</v></c></row>"#,
        );
        let bytes = parts(
            &[("Sales &amp; returns", sheet), ("Пусто", "")],
            Some(strings),
            Some(STYLES),
            "",
        );
        let book = alike(&bytes);
        assert_eq!(book.sheets.len(), 2);
        let rows = book.sheets[0].to_rows();
        assert_eq!(rows[0].cells[2], "Ромашка & Co <1> \"q\" 'a' © €");
        assert_eq!(rows[0].cells[3], "Ива нов");
        assert_eq!(&rows[1].cells[..2], ["2022-01-02", "2022-01-03"]);
        // (A formula after its value leaves the cell without one, as calamine reads it.)
        assert_eq!(
            rows[3].cells[1..6],
            ["a & b", "3", "", "inline <", "inline"]
        );
        assert_eq!(book.sheets[0].name, "Sales & returns");
        // What Excel writes around the sheets, its own prefixed `workbookPr` among it.
        let excel = concat!(
            r#"<fileVersion appName="xl" lastEdited="7"/><workbookPr defaultThemeVersion="166925"/>"#,
            r#"<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="x15"><x15ac:absPath xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac" url="C:\Users\"/></mc:Choice></mc:AlternateContent>"#,
            r#"<extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDB9C}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><x15:workbookPr chartTrackingRefBase="1"/></ext></extLst>"#,
        );
        let bytes = parts(&[("S", sheet)], Some(strings), Some(STYLES), excel);
        assert_eq!(alike(&bytes).sheets[0].to_rows(), book.sheets[0].to_rows());
        // A formula's empty text, and spaces around an attribute's `=`.
        let sheet = r#"<row r="1"><c r="A1"><v>1</v></c><c r="C1" t="str"><f>""</f><v/></c><c r ="E1" s= "1"><v>2</v></c></row>"#;
        let rows = alike(&parts(&[("S", sheet)], None, Some(STYLES), "")).sheets[0].to_rows();
        assert_eq!(rows[0].cells, ["1", "", "", "", "1900-01-02"]);
        // Days counted from 1904.
        let bytes = parts(
            &[("S", r#"<row r="1"><c r="A1" s="1"><v>1</v></c></row>"#)],
            None,
            Some(STYLES),
            r#"<workbookPr date1904="1"/>"#,
        );
        assert_eq!(alike(&bytes).sheets[0].to_rows()[0].cells[0], "1904-01-02");
    }

    #[test]
    fn a_number_kept_as_written_is_what_its_double_is_written_as() {
        // Texts of numbers as sheets hold them: up to 18 digits, zeros in front and behind,
        // signs, points anywhere; where the text is taken as it is, `{f}` writes it so.
        let mut next = crate::models::elementary::xorshift(0x5eed);
        let (mut kept, mut tried) = (0, 0);
        for _ in 0..300_000 {
            let r = next();
            let n = 1 + (r % 18) as usize;
            let mut text: String = (0..n)
                .map(|_| char::from(b'0' + (next() % 10) as u8))
                .collect();
            if r & 0x100 != 0 {
                let at = (next() as usize) % (n + 1);
                text.insert(at, '.');
            }
            if r & 0x200 != 0 {
                text.insert(0, '-');
            }
            if r & 0x400 != 0 {
                text.insert(0, '0');
            }
            tried += 1;
            if shortest(text.as_bytes()) {
                kept += 1;
                let f: f64 = text.parse().unwrap();
                assert_eq!(format!("{f}"), text);
            }
        }
        assert!(kept > tried / 10, "{kept} of {tried} kept");
        for (text, keeps) in [
            ("0", true),
            ("-0", true),
            ("0.5", true),
            ("7391.38", true),
            ("1.50", false),
            ("007", false),
            ("1e3", false),
            (".5", false),
            ("5.", false),
            ("123456789012345", true),
            ("1234567890123456", false),
            ("0.000000000000001", true),
        ] {
            assert_eq!(shortest(text.as_bytes()), keeps, "{text}");
        }
    }

    #[test]
    fn what_the_hand_reader_does_not_know_is_left_to_calamine() {
        for sheet in [
            // An error cell, an ISO date cell, an unknown type.
            r#"<row r="1"><c r="A1" t="e"><v>#DIV/0!</v></c></row>"#,
            r#"<row r="1"><c r="A1" t="d"><v>2024-01-02</v></c></row>"#,
            // A number in a form parsers may read apart, text in a number cell.
            r#"<row r="1"><c r="A1"><v>+5</v></c></row>"#,
            r#"<row r="1"><c r="A1"><v>1 000</v></c></row>"#,
            // Cells out of order, an escaped control character, a comment.
            r#"<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row>"#,
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a_x000D_b</t></is></c></row>"#,
            r#"<row r="1"><!-- note --><c r="A1"><v>2</v></c></row>"#,
            // A prefixed element.
            r#"<x:row r="1"><x:c r="A1"><x:v>2</x:v></x:c></x:row>"#,
            // A processing instruction in a value.
            r#"<row r="1"><c r="A1"><v>1<?p?>2</v></c></row>"#,
        ] {
            let bytes = parts(&[("S", sheet)], None, None, "");
            assert!(read(&bytes).is_none(), "{sheet}");
            // The workbook still reads, by calamine, or fails as calamine fails.
            let _ = crate::xlsx::read_workbook(&bytes);
        }
        // Shared strings with a comment in a run, a reference calamine does not read, a
        // string closed as another kind; two sheets of one name.
        let cell = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
        for strings in [
            "<si><t>ab<!--x-->cd</t></si>",
            "<si><t>&#X41;</t></si>",
            "<si><t>a</t></is><t>b</t></si>",
        ] {
            assert!(
                read(&parts(&[("S", cell)], Some(strings), None, "")).is_none(),
                "{strings}"
            );
        }
        assert!(read(&parts(
            &[("A", cell), ("A", cell)],
            Some("<si><t>x</t></si>"),
            None,
            ""
        ))
        .is_none());
        // Not a zip, or a zip without a workbook.
        assert!(read(b"client,date\n").is_none());
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("a.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        assert!(read(&zip.finish().unwrap().into_inner()).is_none());
    }

    #[test]
    fn workbooks_excel_writers_make_read_as_calamine_reads_them() {
        use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook as Writer};
        let mut book = Writer::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Продажи").unwrap();
        let bold = Format::new().set_bold();
        let date = Format::new().set_num_format("dd.mm.yyyy");
        let builtin = Format::new().set_num_format_index(14);
        let money = Format::new().set_num_format("# ##0,00\\ \"₽\"");
        let time = Format::new().set_num_format("[h]:mm:ss");
        sheet
            .write_string_with_format(0, 0, "Клиент", &bold)
            .unwrap();
        sheet.write_string(0, 1, "Дата").unwrap();
        sheet.write_string(0, 2, "Сумма").unwrap();
        let mut next = crate::models::elementary::xorshift(7);
        for row in 1..400u32 {
            let r = next();
            sheet
                .write_string(row, 0, format!("ООО «Клиент {}» & <{}>", r % 50, r % 7))
                .unwrap();
            let day = ExcelDateTime::from_ymd(
                2020 + (r % 5) as u16,
                1 + (r % 12) as u8,
                1 + (r % 28) as u8,
            )
            .unwrap();
            sheet
                .write_datetime_with_format(
                    row,
                    1,
                    &day,
                    if r.is_multiple_of(2) { &date } else { &builtin },
                )
                .unwrap();
            let amount =
                (r % 1_000_000) as f64 / 100.0 * if r.is_multiple_of(9) { -1.0 } else { 1.0 };
            match r % 5 {
                0 => sheet
                    .write_number_with_format(row, 2, amount, &money)
                    .unwrap(),
                1 => sheet
                    .write_formula(row, 2, Formula::new("=1+1").set_result(amount.to_string()))
                    .unwrap(),
                2 => sheet.write_boolean(row, 2, r.is_multiple_of(3)).unwrap(),
                3 => sheet
                    .write_number_with_format(row, 2, amount / 1000.0, &time)
                    .unwrap(),
                _ => sheet.write_blank(row, 2, &bold).unwrap(),
            };
            if r.is_multiple_of(11) {
                sheet
                    .write_rich_string(row, 4, &[(&bold, "жирный "), (&Format::default(), "и нет")])
                    .unwrap();
            }
        }
        book.add_worksheet().set_name("Empty").unwrap();
        let other = book.add_worksheet();
        other.set_name("Hidden").unwrap();
        other.write_number(3, 3, 1.5).unwrap();
        other.set_hidden(true);
        let bytes = book.save_to_buffer().unwrap();
        let read = alike(&bytes);
        assert_eq!(read.sheets.len(), 3);
        // The repository's workbook too.
        alike(include_bytes!("../../../../tests/fixtures/sales.xlsx"));
    }

    /// A sheet imported as it is read, and read whole first: the same import; and the same
    /// by [`crate::import::import`], which reads every sheet by hand or by calamine.
    fn imports_alike(
        bytes: &[u8],
        opts: &crate::import::ImportOptions,
    ) -> Result<crate::import::Import, crate::error::Error> {
        use crate::import::{import_sheet_with, plain_workbook, Streamed};
        let streamed = match crate::import::import_plain_sheet(bytes, opts, &mut |_, _| {}) {
            Streamed::Imported(import) => *import,
            _ => panic!("the sheet is imported as it is read"),
        };
        let whole = plain_workbook(bytes, opts).expect("the hand reader reads this workbook");
        assert_eq!(streamed, import_sheet_with(&whole, opts, &mut |_, _| {}));
        let every_sheet = crate::xlsx::read_workbook(bytes).unwrap();
        assert_eq!(
            streamed,
            import_sheet_with(&every_sheet, opts, &mut |_, _| {})
        );
        assert_eq!(streamed, crate::import::import(bytes, opts));
        streamed
    }

    /// A log's sheet of `rows` rows, its cells as `row(i)` writes them (with the strings of
    /// [`LOG_STRINGS`] and the styles of [`STYLES`]).
    fn log_sheet(rows: usize, row: impl Fn(usize) -> String) -> String {
        let header = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>"#;
        std::iter::once(header.to_owned())
            .chain((2..=rows + 1).map(row))
            .collect()
    }

    const LOG_STRINGS: &str = "<si><t>client</t></si><si><t>date</t></si><si><t>amount</t></si><si><t>Ромашка</t></si><si><t> </t></si><si><t>Итого</t></si>";

    /// A purchase row: a client (by shared string or inline), a day (styled as a date), an
    /// amount; now and then a row with no text, a row without references, a bad day, a
    /// totals row, a copy of the row before, an empty cell at the end.
    fn log_row(i: usize) -> String {
        log_row_with(i, |i| format!("<v>{}.{}</v>", 1 + i % 500, i % 10))
    }

    /// [`log_row`] with the amount's cell past its reference and style written by `amount`.
    fn log_row_with(i: usize, amount: impl Fn(usize) -> String) -> String {
        let client = if i.is_multiple_of(7) {
            r#"<c r="A{i}" t="s"><v>3</v></c>"#.replace("{i}", &i.to_string())
        } else {
            format!(
                r#"<c r="A{i}" t="inlineStr"><is><t>c{}</t></is></c>"#,
                i % 97
            )
        };
        let day = 44000 + (i * 7919) % 900;
        match i % 211 {
            5 => format!(r#"<row r="{i}"><c r="B{i}" t="s"><v>4</v></c></row>"#),
            6 => format!(r#"<row r="{i}"/>"#),
            7 => format!(r#"<row>{client}<c t="s"><v>3</v></c><c><v>12.5</v></c></row>"#)
                .replace(&format!(r#" r="A{i}""#), ""),
            8 => format!(
                r#"<row r="{i}"><c r="A{i}" t="s"><v>5</v></c><c r="C{i}"><v>99</v></c></row>"#
            ),
            // The row before, cell for cell.
            10 => log_row_with(i - 1, amount).replace(&format!("{}\"", i - 1), &format!("{i}\"")),
            _ => format!(
                r#"<row r="{i}">{client}<c r="B{i}" s="1"><v>{day}</v></c>{}{}</row>"#,
                amount(i)
                    .replace("<v>", &format!(r#"<c r="C{i}"><v>"#))
                    .replace("</v>", "</v></c>")
                    .replace("<is>", &format!(r#"<c r="C{i}" t="inlineStr"><is>"#))
                    .replace("</is>", "</is></c>"),
                if i.is_multiple_of(13) {
                    format!(r#"<c r="D{i}" t="s"><v>4</v></c>"#)
                } else {
                    String::new()
                },
            ),
        }
    }

    #[test]
    fn a_sheet_imported_as_it_is_read_is_the_sheet_read_whole() {
        use crate::import::{import_plain_sheet, ImportOptions, Streamed};
        let opts = ImportOptions::default();
        // A log of 3,000 rows: past the rows read first, and with rows of many kinds.
        let sheet = log_sheet(3_000, log_row);
        let bytes = parts(
            &[("Пусто", ""), ("Log", &sheet)],
            Some(LOG_STRINGS),
            Some(STYLES),
            "",
        );
        let import = imports_alike(&bytes, &opts).unwrap();
        assert_eq!(import.format.sheet.as_deref(), Some("Log"));
        let loaded = import.result.as_ref().unwrap();
        let kinds = |kind: fn(&crate::import::IssueKind) -> bool| {
            loaded.issues.iter().filter(|i| kind(&i.kind)).count()
        };
        assert!(kinds(|k| matches!(k, crate::import::IssueKind::DuplicateRow { .. })) >= 10);
        assert!(kinds(|k| matches!(k, crate::import::IssueKind::TotalsRow)) >= 10);
        let crate::model::Data::Transactions(log) = &loaded.data else {
            panic!("a log")
        };
        assert!(log.purchases.len() > 2_800, "{}", log.purchases.len());
        // By name; a sheet with no rows; a sheet that is not there.
        let named = |name: &str| ImportOptions {
            sheet: Some(name.to_owned()),
            ..ImportOptions::default()
        };
        assert_eq!(imports_alike(&bytes, &named("Log")).unwrap(), import);
        assert_eq!(
            imports_alike(&bytes, &named("Пусто")).unwrap_err(),
            crate::error::ErrorKind::Empty.into()
        );
        assert!(matches!(
            import_plain_sheet(&bytes, &named("Nope"), &mut |_, _| {}),
            Streamed::Imported(import) if matches!(&*import,
                Err(e) if matches!(e.kind(), crate::error::ErrorKind::NoSuchSheet { .. }))
        ));
        // Columns set by hand, no header.
        let mut by_hand = ImportOptions {
            header: Some(false),
            ..ImportOptions::default()
        };
        by_hand.set_role(1, Some(crate::role::Role::Amount));
        imports_alike(&bytes, &by_hand).unwrap();
        // Amounts in words with a decimal comma that only rows past the first read show: the
        // import reads the sheet twice more (what the whole column decides, then each row).
        let late_comma = log_sheet(3_000, |i| {
            log_row_with(i, |i| {
                let cents = if i > 2_000 {
                    format!(",{}", i % 10)
                } else {
                    String::new()
                };
                format!("<is><t>{}{cents}</t></is>", 1 + i % 500)
            })
        });
        let bytes = parts(&[("S", &late_comma)], Some(LOG_STRINGS), Some(STYLES), "");
        let import = imports_alike(&bytes, &opts).unwrap();
        assert_eq!(import.format.decimal, crate::money::DecimalSep::Comma);
        // A short sheet, read whole in its first pass; the repository's workbook.
        let short = parts(
            &[("S", &log_sheet(40, log_row))],
            Some(LOG_STRINGS),
            Some(STYLES),
            "",
        );
        imports_alike(&short, &opts).unwrap();
        imports_alike(
            include_bytes!("../../../../tests/fixtures/sales.xlsx"),
            &opts,
        )
        .unwrap();
    }

    #[test]
    fn a_sheet_that_cannot_be_imported_as_it_is_read_is_read_whole() {
        use crate::import::{import_plain_sheet, ImportOptions, Streamed};
        let opts = ImportOptions::default();
        let sheet_with = |at: usize, late: &'static str| {
            log_sheet(3_000, move |i| {
                if i == at {
                    late.replace("{i}", &i.to_string())
                } else {
                    log_row(i)
                }
            })
        };
        let whole = |bytes: &[u8]| {
            crate::import::plain_workbook(bytes, &opts)
                .map(|book| crate::import::import_sheet_with(&book, &opts, &mut |_, _| {}))
        };
        // A row past the first read wider than they are (its cells with or without text;
        // right after them, or far after), which makes every row wider: read whole, by hand,
        // as the session and `import` do. The first pass reads 1,200 rows: up to row 1,212,
        // for twelve rows before it have no text.
        let wide = r#"<row r="{i}"><c r="E{i}"><v>1</v></c></row>"#;
        for (at, late) in [
            (
                2_500,
                r#"<row r="{i}"><c r="A{i}" t="s"><v>3</v></c><c r="F{i}"><v>1</v></c></row>"#,
            ),
            (
                2_500,
                r#"<row r="{i}"><c r="G{i}" t="s"><v>4</v></c></row>"#,
            ),
            (1_213, wide),
        ] {
            let bytes = parts(
                &[("S", &sheet_with(at, late))],
                Some(LOG_STRINGS),
                Some(STYLES),
                "",
            );
            assert!(
                matches!(
                    import_plain_sheet(&bytes, &opts, &mut |_, _| {}),
                    Streamed::ReadWhole
                ),
                "{late}"
            );
            let import = whole(&bytes).expect("read by hand").unwrap();
            assert!(import.preview[0].cells.len() >= 5, "{late}");
            assert_eq!(crate::import::import(&bytes, &opts).unwrap(), import);
            let mut session = crate::session::Session::default();
            session.set_source(crate::session::Source::Bytes(bytes.clone()));
            let outcome = session.run(&opts, &crate::settings::Settings::default(), &mut |_| {});
            assert_eq!(
                outcome.import.unwrap(),
                crate::session::ImportView::of(&import),
                "{late}"
            );
        }
        // A cell this reader does not know, past the first rows: the workbook is calamine's
        // (also where the import could not use the sheet).
        let late = r#"<row r="{i}"><c r="A{i}" t="e"><v>#N/A</v></c></row>"#;
        let bytes = parts(
            &[("S", &sheet_with(2_500, late))],
            Some(LOG_STRINGS),
            Some(STYLES),
            "",
        );
        assert!(matches!(
            import_plain_sheet(&bytes, &opts, &mut |_, _| {}),
            Streamed::NotByHand
        ));
        assert!(whole(&bytes).is_none());
        let by_calamine = crate::xlsx::read_by_calamine(&bytes).unwrap();
        assert_eq!(
            crate::import::import(&bytes, &opts),
            crate::import::import_sheet_with(&by_calamine, &opts, &mut |_, _| {})
        );
        let one_column = log_sheet(3_000, |i| {
            if i == 2_500 {
                late.replace("{i}", &i.to_string())
            } else {
                format!(r#"<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>"#)
            }
        });
        let bytes = parts(&[("S", &one_column)], Some(LOG_STRINGS), Some(STYLES), "");
        assert!(matches!(
            import_plain_sheet(&bytes, &opts, &mut |_, _| {}),
            Streamed::NotByHand
        ));
        // A row as wide as the first, later, and the widest row among the first: as it is
        // read.
        let late = r#"<row r="{i}"><c r="A{i}" t="s"><v>3</v></c><c r="D{i}"><v>1</v></c></row>"#;
        for (at, late, width) in [(2_500, late, 4), (1_212, wide, 5)] {
            let bytes = parts(
                &[("S", &sheet_with(at, late))],
                Some(LOG_STRINGS),
                Some(STYLES),
                "",
            );
            let import = imports_alike(&bytes, &opts).unwrap();
            assert_eq!(import.preview[0].cells.len(), width);
        }
    }
}
