//! Text to rows of cells: the delimiter is sniffed (tab, `;`, `,`, `|`, or runs of spaces).

use serde::{Deserialize, Serialize};

use crate::decode::Encoding;
use crate::error::{Error, ErrorKind};

/// How the cells of a line are separated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Delimiter {
    /// Tab: text pasted from Excel or Google Sheets.
    Tab,
    /// `;`: CSV from Russian Excel and 1C.
    Semicolon,
    /// `,`
    Comma,
    /// `|`
    Pipe,
    /// One or more spaces.
    Whitespace,
}

impl Delimiter {
    /// The delimiter in words.
    pub fn label(self) -> &'static str {
        match self {
            Delimiter::Tab => "tab",
            Delimiter::Semicolon => "semicolon",
            Delimiter::Comma => "comma",
            Delimiter::Pipe => "pipe",
            Delimiter::Whitespace => "spaces",
        }
    }

    pub(crate) fn byte(self) -> Option<u8> {
        match self {
            Delimiter::Tab => Some(b'\t'),
            Delimiter::Semicolon => Some(b';'),
            Delimiter::Comma => Some(b','),
            Delimiter::Pipe => Some(b'|'),
            Delimiter::Whitespace => None,
        }
    }
}

/// A grid of cells read from a text file or a sheet, before any meaning is given to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Grid {
    /// The encoding, for text.
    pub encoding: Option<Encoding>,
    /// The delimiter, for text.
    pub delimiter: Option<Delimiter>,
    /// The sheets, for a workbook.
    pub sheets: Vec<String>,
    /// The sheet these rows come from.
    pub sheet: Option<String>,
    /// The non-blank rows.
    pub rows: Vec<RawRow>,
    /// The row where a quote opened and never closed (the text was then read with quotes as
    /// plain characters).
    pub unclosed_quote: Option<u32>,
}

/// A row of cells and the line or sheet row it came from (1-based).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRow {
    /// 1-based line (text) or row (sheet) number.
    pub line: u32,
    /// The cells, trimmed.
    pub cells: Vec<String>,
}

/// Counts the delimiter outside quotes.
fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == d && !quoted {
            n += 1;
        }
    }
    n
}

/// Picks the delimiter whose count is the same on most of the first lines.
pub fn sniff_delimiter(text: &str) -> Delimiter {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(100)
        .collect();
    if lines.is_empty() {
        return Delimiter::Comma;
    }
    let mut best: Option<(f64, usize, Delimiter)> = None;
    for d in [
        Delimiter::Tab,
        Delimiter::Semicolon,
        Delimiter::Comma,
        Delimiter::Pipe,
    ] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, d.byte().unwrap()))
            .collect();
        let mode = mode(&counts);
        if mode == 0 {
            continue;
        }
        let share = counts.iter().filter(|&&c| c == mode).count() as f64 / counts.len() as f64;
        // A consistent count beats a large one; ties go to the earlier (more specific) delimiter.
        if share >= 0.6
            && best.is_none_or(|(s, m, _)| {
                share > s + 0.1 || (share >= s - 0.1 && mode > m && s < 0.95)
            })
        {
            best = Some((share, mode, d));
        }
    }
    if let Some((_, _, d)) = best {
        return d;
    }
    let fields: Vec<usize> = lines.iter().map(|l| l.split_whitespace().count()).collect();
    if mode(&fields) >= 2 {
        Delimiter::Whitespace
    } else {
        Delimiter::Comma
    }
}

fn mode(v: &[usize]) -> usize {
    let mut counts = std::collections::HashMap::new();
    for &x in v {
        *counts.entry(x).or_insert(0usize) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(x, c)| (c, x))
        .map(|(x, _)| x)
        .unwrap_or(0)
}

/// What binary bytes look like, if they are binary.
pub fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 8] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"MZ", "a Windows program"),
    ];
    if let Some((_, what)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Some(what);
    }
    // UTF-16 text has NULs too, but starts with a BOM and is decoded before this check.
    let head = &bytes[..bytes.len().min(4096)];
    // Text has few control characters but tab, line ends and form feed; binary has many.
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    if control * 10 > head.len() {
        Some("binary data")
    } else {
        None
    }
}

/// Splits decoded text into rows of trimmed cells. Blank lines are dropped. A quote that
/// opens and never closes would swallow the rest of the file into one cell: then the text is
/// read again with quotes as plain characters, and the row where it opened comes back too.
///
/// # Errors
/// [`ErrorKind::Empty`] when there is no non-blank line.
pub fn split_rows(text: &str, delimiter: Delimiter) -> Result<(Vec<RawRow>, Option<u32>), Error> {
    split_rows_with(text, delimiter, &mut |_| {})
}

/// How many rows go by between two reports of progress.
pub const PROGRESS_EVERY: usize = 1 << 15;

/// [`split_rows`], telling `progress` how many bytes of the text are split every
/// [`PROGRESS_EVERY`] rows.
///
/// # Errors
/// [`ErrorKind::Empty`] when there is no non-blank line.
pub fn split_rows_with(
    text: &str,
    delimiter: Delimiter,
    progress: &mut dyn FnMut(usize),
) -> Result<(Vec<RawRow>, Option<u32>), Error> {
    // As in `import_text_with`: lines that end with `\r` alone are lines.
    let text = &*crate::decode::with_line_ends(text);
    let rows = split_with(text, delimiter, true, progress)?;
    // A record that runs to the end of the text over many lines has an unclosed quote.
    let runaway = rows.last().filter(|r| {
        let lines_spanned = r
            .cells
            .iter()
            .map(|c| c.matches('\n').count())
            .sum::<usize>();
        lines_spanned > 20 && text.matches('"').count() % 2 == 1
    });
    match runaway {
        Some(r) => {
            let line = r.line;
            Ok((split_with(text, delimiter, false, progress)?, Some(line)))
        }
        None => Ok((rows, None)),
    }
}

fn split_with(
    text: &str,
    delimiter: Delimiter,
    quoting: bool,
    progress: &mut dyn FnMut(usize),
) -> Result<Vec<RawRow>, Error> {
    let mut rows = Vec::new();
    match delimiter.byte() {
        None => for_each_line_of_words(text, &mut |at, row| {
            rows.push(row.clone());
            if rows.len() % PROGRESS_EVERY == 0 {
                progress(at);
            }
            true
        }),
        Some(d) => for_each_record(text, d, quoting, &mut |start, row| {
            rows.push(row.clone());
            if rows.len() % PROGRESS_EVERY == 0 {
                progress(start);
            }
            true
        }),
    }
    if rows.is_empty() {
        return Err(ErrorKind::Empty.into());
    }
    Ok(rows)
}

/// What a byte is to [`for_each_record`]'s scan of a plain line.
#[derive(Clone, Copy)]
enum Byte {
    Other,
    Delimiter,
    LineEnd,
    /// A quote (when quoting) or a `\r`: the line goes to the record reader.
    Special,
}

/// Reads `text` record by record into one row whose cells are reused (no allocation per cell
/// once they have grown), calling `f` with each non-blank row and the byte where its record
/// starts, until `f` says stop. Rows are numbered by line, blank lines counted.
///
/// A line with no quote (or with quoting off) and no carriage return is one record whose
/// cells lie between delimiters: it is split in place. Any other record is read by the csv
/// crate's state machine from its first byte, over as many lines as its quotes hold, exactly
/// as the csv reader reads it (`tests::the_split_is_the_csv_readers`).
pub(crate) fn for_each_record(
    text: &str,
    delimiter: u8,
    quoting: bool,
    f: &mut dyn FnMut(usize, &RawRow) -> bool,
) {
    let mut records = Records::new(delimiter, quoting);
    records.read(text, Piece::WHOLE, f);
}

/// Where a piece of a text lies in it, for [`Records::read`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Piece {
    /// The byte of the whole text the piece starts at (a record's start).
    pub offset: usize,
    /// The line the piece starts on.
    pub line: u32,
    /// Whether the piece ends the text: a record that reaches its end is whole.
    pub last: bool,
}

impl Piece {
    /// A text read whole.
    pub const WHOLE: Piece = Piece {
        offset: 0,
        line: 1,
        last: true,
    };
}

/// How far [`Records::read`] read a piece.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Taken {
    /// The bytes of the piece read: the records whole in it (and the blank lines after them).
    /// The rest, a record the piece's end may cut, starts the next piece.
    pub bytes: usize,
    /// The line after them.
    pub line: u32,
    /// Whether `f` said stop.
    pub stopped: bool,
}

/// [`for_each_record`]'s reader, which reads a text a piece at a time: each piece starts where
/// the last one's whole records ended, so a text read in pieces is read as it is read whole.
pub(crate) struct Records {
    quoted: Quoted,
    kinds: [Byte; 256],
    row: RawRow,
    delimiter: u8,
    quoting: bool,
}

impl Records {
    pub(crate) fn new(delimiter: u8, quoting: bool) -> Records {
        let mut kinds = [Byte::Other; 256];
        kinds[usize::from(b'\r')] = Byte::Special;
        if quoting {
            kinds[usize::from(b'"')] = Byte::Special;
        }
        kinds[usize::from(delimiter)] = Byte::Delimiter;
        kinds[usize::from(b'\n')] = Byte::LineEnd;
        Records {
            quoted: Quoted::new(delimiter, quoting),
            kinds,
            row: RawRow {
                line: 0,
                cells: Vec::new(),
            },
            delimiter,
            quoting,
        }
    }

    /// Reads the records of `text`, a piece of a whole text that starts where `piece` says,
    /// calling `f` as [`for_each_record`] does (with bytes of the whole text). Unless the piece
    /// is the last, a record that runs to its end is left for the next piece, which starts
    /// with it: its line end, or its closing quote, may lie beyond.
    pub(crate) fn read(
        &mut self,
        text: &str,
        piece: Piece,
        f: &mut dyn FnMut(usize, &RawRow) -> bool,
    ) -> Taken {
        let bytes = text.as_bytes();
        let (kinds, row) = (&self.kinds, &mut self.row);
        let (mut at, mut line) = (0usize, piece.line);
        loop {
            // Blank lines (and a record's `\r` ends) before a record: its line is where it
            // starts.
            while at < bytes.len() && (bytes[at] == b'\n' || bytes[at] == b'\r') {
                line += u32::from(bytes[at] == b'\n');
                at += 1;
            }
            if at == bytes.len() {
                break;
            }
            // A plain line (no quote, no `\r`) is split as it is scanned, in one look at each
            // byte: lines are short, and a search per line, per cell, costs more than it finds.
            let (mut n, mut from, mut to) = (0, at, at);
            let plain = loop {
                match bytes
                    .get(to)
                    .map_or(Byte::LineEnd, |&b| kinds[usize::from(b)])
                {
                    Byte::Other => {}
                    Byte::Delimiter => {
                        set_cell(&mut row.cells, n, &text[from..to]);
                        (n, from) = (n + 1, to + 1);
                    }
                    Byte::LineEnd => break true,
                    Byte::Special => break false,
                }
                to += 1;
            };
            let (next, lines) = if plain {
                if to == bytes.len() && !piece.last {
                    break;
                }
                set_cell(&mut row.cells, n, &text[from..to]);
                row.cells.truncate(n + 1);
                ((to + 1).min(bytes.len()), u32::from(to < bytes.len()))
            } else {
                let start = piece.offset + at == 0;
                let next = at + self.quoted.read(&bytes[at..], &mut row.cells, start);
                if next >= bytes.len() && !piece.last {
                    // The csv reader took the piece's end for the text's and ended there: it
                    // cannot go on. A new one reads the record again at the next piece's
                    // start; as a fresh reader it is told it has read before (or, at the
                    // text's first byte, may take a byte order mark), as this one was.
                    self.quoted = Quoted::new(self.delimiter, self.quoting);
                    break;
                }
                (
                    next,
                    memchr::memchr_iter(b'\n', &bytes[at..next]).count() as u32,
                )
            };
            row.line = line;
            if row.cells.iter().any(|c| !c.is_empty()) && !f(piece.offset + at, row) {
                return Taken {
                    bytes: at,
                    line,
                    stopped: true,
                };
            }
            line += lines;
            at = next;
        }
        Taken {
            bytes: at,
            line,
            stopped: false,
        }
    }
}

/// Reads `text` line by line, the cells separated by runs of spaces, into one row whose cells
/// are reused, calling `f` with each non-blank row and the byte after its line, until `f`
/// says stop. Rows are numbered by line.
pub(crate) fn for_each_line_of_words(text: &str, f: &mut dyn FnMut(usize, &RawRow) -> bool) {
    read_words(text, Piece::WHOLE, &mut Vec::new(), f);
}

/// [`for_each_line_of_words`] on a piece of a whole text that starts where `piece` says (with
/// bytes and lines of the whole text), into `cells`. Unless the piece is the last, its lines
/// end at its last line end: the rest starts the next piece.
pub(crate) fn read_words(
    text: &str,
    piece: Piece,
    cells: &mut Vec<String>,
    f: &mut dyn FnMut(usize, &RawRow) -> bool,
) -> Taken {
    let whole = if piece.last {
        text
    } else {
        &text[..text.rfind('\n').map_or(0, |i| i + 1)]
    };
    let mut row = RawRow {
        line: 0,
        cells: std::mem::take(cells),
    };
    let (mut at, mut line) = (0usize, piece.line);
    let mut stopped = false;
    for text_line in whole.split_inclusive('\n') {
        at += text_line.len();
        let mut n = 0;
        let mut word = |w: &str| {
            put_cell(&mut row.cells, n, w);
            n += 1;
        };
        if text_line.is_ascii() {
            // In ASCII text the white space `split_whitespace` splits on is these six bytes:
            // split as bytes, without decoding characters.
            let mut from = None;
            for (j, &b) in text_line.as_bytes().iter().enumerate() {
                match (matches!(b, b'\t'..=b'\r' | b' '), from) {
                    (true, Some(start)) => {
                        word(&text_line[start..j]);
                        from = None;
                    }
                    (false, None) => from = Some(j),
                    _ => {}
                }
            }
            if let Some(start) = from {
                word(&text_line[start..]);
            }
        } else {
            text_line.split_whitespace().for_each(word);
        }
        row.cells.truncate(n);
        row.line = line;
        line += 1;
        if n > 0 && !f(piece.offset + at, &row) {
            stopped = true;
            break;
        }
    }
    *cells = row.cells;
    Taken {
        bytes: at,
        line,
        stopped,
    }
}

/// Cell `n` of a row set to `c` trimmed, reusing its `String`.
fn set_cell(cells: &mut Vec<String>, n: usize, c: &str) {
    // Most cells start and end with a visible ASCII character: nothing to trim.
    let visible = |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii_graphic());
    let b = c.as_bytes();
    let c = if visible(b.first()) && visible(b.last()) {
        c
    } else {
        c.trim_matches(is_blank)
    };
    put_cell(cells, n, c);
}

/// Cell `n` of a row set to `c`, reusing its `String`.
fn put_cell(cells: &mut Vec<String>, n: usize, c: &str) {
    match cells.get_mut(n) {
        Some(cell) => {
            cell.clear();
            cell.push_str(c);
        }
        None => cells.push(c.to_owned()),
    }
}

/// The csv crate's record reader (with the options the csv reader had: any number of cells,
/// `"` quotes doubled inside, `\r`, `\n` and `\r\n` ending records) and its buffers.
struct Quoted {
    reader: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Nothing read yet: the reader would take a byte-order mark at its first byte for the
    /// text's own, which only the text's first byte can be.
    fresh: bool,
}

impl Quoted {
    fn new(delimiter: u8, quoting: bool) -> Quoted {
        Quoted {
            reader: csv_core::ReaderBuilder::new()
                .delimiter(delimiter)
                .quoting(quoting)
                .build(),
            out: vec![0; 1024],
            ends: vec![0; 64],
            fresh: true,
        }
    }

    /// Reads the record at the start of `input` into `cells` (trimmed): the bytes it took,
    /// its terminator included.
    fn read(&mut self, input: &[u8], cells: &mut Vec<String>, at_start: bool) -> usize {
        use csv_core::ReadRecordResult as R;
        if std::mem::take(&mut self.fresh) && !at_start {
            // A blank line, which the reader skips, and it has read something.
            self.reader
                .read_record(b"\n", &mut self.out, &mut self.ends);
        }
        let (mut nin, mut nout, mut nend) = (0, 0, 0);
        loop {
            let (result, i, o, e) = self.reader.read_record(
                &input[nin..],
                &mut self.out[nout..],
                &mut self.ends[nend..],
            );
            nin += i;
            nout += o;
            nend += e;
            match result {
                // All of the text read: the next call, on nothing, ends the record.
                R::InputEmpty => {}
                R::OutputFull => self.out.resize(self.out.len() * 2, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::Record | R::End => break,
            }
        }
        let mut start = 0;
        for (n, &end) in self.ends[..nend].iter().enumerate() {
            set_cell(cells, n, &String::from_utf8_lossy(&self.out[start..end]));
            start = end;
        }
        cells.truncate(nend);
        nin.max(1)
    }
}

pub(crate) fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::reference::csv_records;

    fn records(text: &str, delimiter: u8, quoting: bool) -> Vec<RawRow> {
        let mut rows = Vec::new();
        for_each_record(text, delimiter, quoting, &mut |_, row| {
            rows.push(row.clone());
            true
        });
        rows
    }

    #[test]
    fn the_split_is_the_csv_readers() {
        let cases = [
            "a,b,c\n1,2,3\n",
            "a,b\n\n\n1,2\n   \n,,\n3,4",
            "a;\"b;c\";d\n\"multi\nline\";x\n\"esc\"\"aped\",y\n",
            " \"a\" , b\n\"a\"x,y\nx\"y\",z\n",
            "a,b\r\n1,2\r\n\r\n3,4\r5,6\n",
            "\"unclosed,1\n2,3\n4,5\n",
            "\u{feff}id,сумма\n\u{a0}К-1\u{a0},1\u{a0}234,5\n",
            "\"\"\n\"\",\"\"\n,\"x\"\n",
            "x\n\"a\nb\"",
            "a;b;c\n\u{feff}\"x;y\";z\n\"q\";\u{feff}\"w\"\n",
            "",
            "\n\n",
        ];
        for text in cases {
            for quoting in [true, false] {
                for d in [b',', b';'] {
                    assert_eq!(
                        records(text, d, quoting),
                        csv_records(text, d, quoting),
                        "{text:?} {quoting} {}",
                        d as char
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_splits_as_the_csv_reader_splits_it(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "1", "ё", " ", ",", ";", "\"", "\"\"", "\n", "\r", "\r\n", "\t", "\u{a0}",
                    "\u{feff}",
                ]),
                0..40,
            ),
            quoting in proptest::bool::ANY,
        ) {
            // A byte-order mark inside the text is a character like any other. At its very
            // start the csv reader numbered a record after blank lines from the mark's line;
            // `decode` removes a leading mark, so no import sees one there.
            let mut text: String = parts.concat();
            if text.starts_with('\u{feff}') {
                text.insert(0, 'a');
            }
            for d in [b',', b';'] {
                proptest::prop_assert_eq!(records(&text, d, quoting), csv_records(&text, d, quoting));
            }
        }

        #[test]
        fn any_text_splits_into_words_as_split_whitespace_does(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "19970101", "ё", " ", "  ", "\t", "\n", "\r\n", "\u{b}", "\u{c}",
                    "\u{1f}", "\u{a0}", "\u{3000}",
                ]),
                0..40,
            ),
        ) {
            let text: String = parts.concat();
            let mut rows = Vec::new();
            for_each_line_of_words(&text, &mut |at, row| {
                rows.push((at, row.line, row.cells.clone()));
                true
            });
            let mut expected = Vec::new();
            let mut at = 0;
            for (i, line) in text.split_inclusive('\n').enumerate() {
                at += line.len();
                let words: Vec<String> = line.split_whitespace().map(String::from).collect();
                if !words.is_empty() {
                    expected.push((at, i as u32 + 1, words));
                }
            }
            proptest::prop_assert_eq!(rows, expected);
        }
    }

    #[test]
    fn sniffs_each_delimiter() {
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2,5\t3\n"), Delimiter::Tab);
        assert_eq!(
            sniff_delimiter("Клиент;Дата;Сумма\nА;01.02.2024;1 234,56\n"),
            Delimiter::Semicolon
        );
        assert_eq!(
            sniff_delimiter("client,date,amount\nA,2024-01-02,\"1,234.56\"\n"),
            Delimiter::Comma
        );
        assert_eq!(
            sniff_delimiter(" 00001 19970101  1   11.77\n 00002 19970112  1   12.00\n"),
            Delimiter::Whitespace
        );
        assert_eq!(sniff_delimiter("a|b\n1|2\n"), Delimiter::Pipe);
    }

    #[test]
    fn splits_quoted_cells_and_keeps_line_numbers() {
        let (rows, unclosed) =
            split_rows("a,b\n\n\"x, y\",\"say \"\"hi\"\"\"\n", Delimiter::Comma).unwrap();
        assert_eq!(unclosed, None);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].cells, vec!["x, y", "say \"hi\""]);
    }

    #[test]
    fn knows_binary_when_it_sees_it() {
        assert_eq!(sniff_binary(b"\x89PNG\r\n\x1a\n...."), Some("a PNG image"));
        assert_eq!(sniff_binary(&[0u8; 100]), Some("binary data"));
        assert_eq!(sniff_binary(b"a,b\n1,2\n"), None);
    }
}
