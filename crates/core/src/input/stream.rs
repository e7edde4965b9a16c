//! A text file imported as it is read, a piece at a time: its text is never whole in memory.
//!
//! The import reads its input more than once (the first rows for detection, then every row to
//! load it, and a pass before that when the first rows cannot decide for whole columns): each
//! read goes through the file again, [`PIECE`] bytes at a time, decoding each piece and reading
//! the records whole in it; a record the piece's end cuts starts the next one. The file's text
//! (28 MB of a 28 MB log of 1M rows) is never held, only a piece of it.
//!
//! What a piece cannot decide is decided as the text read whole decides it, by reading it whole
//! ([`import_text_with`]), as every file was read before: UTF-16, a delimiter the first
//! piece's lines cannot tell, UTF-8 that turns out not to be (Windows-1251 decides on the
//! whole text), a record longer than [`LONGEST_RECORD`], and an odd number of quotes in a text
//! with a one-byte delimiter (a quote that may never close; runs of spaces know no quotes).
//! Most of these show only once the pieces have been read to the end: such a file is read
//! twice, in pieces and then whole.

use std::cell::{Cell, RefCell};

use super::decode::{decode_vec, decode_windows_1251, normalize, sniff_utf16, Encoding};
use super::import::{
    head_of, import_rows, import_text_with, reject_binary, Import, ImportOptions, Locator, Meta,
    Rows,
};
use super::table::{read_words, sniff_delimiter, Delimiter, Piece, RawRow, Records};
use crate::error::{Error, ErrorKind};

/// Bytes that are read a slice at a time: a file on disk (the CLI), bytes in memory (the
/// tests), or any file a host can read at a place.
pub trait ByteSource {
    /// How many bytes there are.
    ///
    /// # Errors
    /// Why that cannot be told (a file that is gone), in words.
    fn size(&self) -> Result<u64, String>;

    /// The bytes from `from` up to `to`.
    ///
    /// # Errors
    /// Why they cannot be read (a file that changed or is gone), in words.
    fn read(&self, from: u64, to: u64) -> Result<Vec<u8>, String>;
}

impl ByteSource for &[u8] {
    fn size(&self) -> Result<u64, String> {
        Ok(self.len() as u64)
    }

    fn read(&self, from: u64, to: u64) -> Result<Vec<u8>, String> {
        let range = usize::try_from(from).ok().zip(usize::try_from(to).ok());
        range
            .and_then(|(from, to)| self.get(from..to))
            .map(<[u8]>::to_vec)
            .ok_or_else(|| format!("bytes {from}..{to} are past the end ({})", self.len()))
    }
}

impl ByteSource for Vec<u8> {
    fn size(&self) -> Result<u64, String> {
        self.as_slice().size()
    }

    fn read(&self, from: u64, to: u64) -> Result<Vec<u8>, String> {
        self.as_slice().read(from, to)
    }
}

impl ByteSource for std::fs::File {
    fn size(&self) -> Result<u64, String> {
        self.metadata().map(|m| m.len()).map_err(|e| e.to_string())
    }

    fn read(&self, from: u64, to: u64) -> Result<Vec<u8>, String> {
        use std::io::{Read, Seek, SeekFrom};
        let mut file = self;
        let len = usize::try_from(to.saturating_sub(from)).map_err(|e| e.to_string())?;
        let mut bytes = vec![0; len];
        file.seek(SeekFrom::Start(from))
            .and_then(|_| file.read_exact(&mut bytes))
            .map_err(|e| e.to_string())?;
        Ok(bytes)
    }
}

/// The bytes of a file read at a time. At 4 MB, a piece is a seventh of a 1M-row log, and
/// reading a record the piece's end cuts once more costs nothing to speak of.
pub const PIECE: usize = 4 << 20;

/// A record longer than this is read from the whole text: a quote that never closes would
/// otherwise carry the rest of the file from piece to piece, read again with each.
pub const LONGEST_RECORD: usize = 1 << 20;

/// Reads a text file from `source` a piece at a time and loads it, as [`import_text_with`]
/// loads its decoded text: the same import, with the same rows, issues and figures
/// (`tests::pieces_import_as_the_whole_text`), never holding the text whole but where a
/// piece cannot decide (the module's introduction says when). `split` and `load` hear of the
/// progress as with [`import_text_with`], in bytes of the file.
///
/// # Errors
/// [`ErrorKind::FileGone`] when the file cannot be read; as [`import_text_with`] otherwise,
/// and [`ErrorKind::Binary`] for bytes that are not text.
pub fn import_source_with(
    source: &dyn ByteSource,
    opts: &ImportOptions,
    split: &mut dyn FnMut(usize),
    load: &mut dyn FnMut(usize, usize),
) -> Result<Import, Error> {
    import_in_pieces(source, PIECE, opts, split, load)
}

fn import_in_pieces(
    source: &dyn ByteSource,
    piece: usize,
    opts: &ImportOptions,
    split: &mut dyn FnMut(usize),
    load: &mut dyn FnMut(usize, usize),
) -> Result<Import, Error> {
    // A file whose size cannot be told is gone, not empty.
    let size = source
        .size()
        .map_err(|_| Error::from(ErrorKind::FileGone))?;
    let first = read(source, 0, size.min(piece.max(SNIFFED) as u64))?;
    reject_binary(&first)?;
    let whole = first.len() as u64 == size;
    let text = Text::open(source, size, &first, piece, opts);
    // The first piece goes once it has told how the text is read, unless it is the whole file.
    let first = if whole { first } else { Vec::new() };
    if let Some(import) = text.and_then(|text| text.import(opts, split, load)) {
        return import;
    }
    let bytes = if whole { first } else { read(source, 0, size)? };
    let (text, encoding) = decode_vec(bytes);
    import_text_with(&text, Some(encoding), opts, split, load)
}

/// The fewest bytes the first read takes (all of a shorter file): the checks for binary data
/// and UTF-16 look at the first 4 KB, and the delimiter is told by the first 100 lines.
const SNIFFED: usize = 1 << 16;

fn read(source: &dyn ByteSource, from: u64, to: u64) -> Result<Vec<u8>, Error> {
    source
        .read(from, to)
        .map_err(|_| ErrorKind::FileGone.into())
}

/// Why a read of the text in pieces stopped short.
#[derive(Debug)]
enum Failure {
    /// The source could not be read.
    Read,
    /// What a piece cannot decide: the whole text must.
    Whole,
}

/// A text file read a piece at a time, as the import's rows.
struct Text<'a> {
    source: &'a dyn ByteSource,
    piece: usize,
    encoding: Encoding,
    delimiter: Delimiter,
    /// The file's size when the import began: a file that is no longer as long cannot be
    /// read (it changed), rather than read in part.
    size: u64,
    /// The byte the text starts at (after a byte order mark).
    skip: u64,
    /// About how many bytes of text each byte of the file makes (Windows-1251 Cyrillic takes
    /// two in UTF-8), from the first piece: a row's place in the file is reckoned from its
    /// place in the text.
    growth: f64,
    /// The quotes in the text, once a read has gone through all of it (runs of spaces know
    /// no quotes).
    quotes: Cell<Option<usize>>,
    failed: RefCell<Option<Failure>>,
}

impl<'a> Text<'a> {
    /// The text of `size` bytes whose first bytes (a piece, or the whole file) are `first`,
    /// when they decide how it is read: its encoding and its delimiter.
    fn open(
        source: &'a dyn ByteSource,
        size: u64,
        first: &[u8],
        piece: usize,
        opts: &ImportOptions,
    ) -> Option<Text<'a>> {
        let whole = first.len() as u64 == size;
        let (encoding, skip) = if first.starts_with(&[0xEF, 0xBB, 0xBF]) {
            (Encoding::Utf8Bom, 3)
        } else if first.starts_with(&[0xFF, 0xFE])
            || first.starts_with(&[0xFE, 0xFF])
            || sniff_utf16(first).is_some()
        {
            return None;
        } else {
            match std::str::from_utf8(first) {
                Err(e) if e.error_len().is_some() || whole => (Encoding::Windows1251, 0),
                _ => (Encoding::Utf8, 0),
            }
        };
        let mut text = Text {
            source,
            piece,
            encoding,
            delimiter: Delimiter::Comma,
            size,
            skip,
            growth: 1.0,
            quotes: Cell::new(None),
            failed: RefCell::new(None),
        };
        let raw = &first[skip as usize..];
        let sample = normalize(text.decode(raw.to_vec(), whole, &mut Vec::new())?);
        if !sample.is_empty() {
            text.growth = sample.len() as f64 / raw.len() as f64;
        }
        text.delimiter = match opts.delimiter {
            Some(d) => d,
            None => {
                // The lines the delimiter is told by, whole in the sample.
                let lines = if whole {
                    &sample[..]
                } else {
                    &sample[..sample.rfind('\n').map_or(0, |i| i + 1)]
                };
                let told = lines.lines().filter(|l| !l.trim().is_empty()).count() >= SNIFF_LINES;
                if !whole && !told {
                    return None;
                }
                sniff_delimiter(lines)
            }
        };
        Some(text)
    }

    /// A piece's bytes decoded, those of a character its end cuts left in `tail` for the next
    /// piece (unless it is the `last`): `None` when they are not UTF-8 where UTF-8 was
    /// expected. UTF-8 after a byte order mark is read as it is read whole, invalid bytes
    /// replaced.
    fn decode(&self, raw: Vec<u8>, last: bool, tail: &mut Vec<u8>) -> Option<String> {
        if self.encoding == Encoding::Windows1251 {
            return Some(decode_windows_1251(&raw));
        }
        let raw = match String::from_utf8(raw) {
            Ok(text) => return Some(text),
            Err(e) => e.into_bytes(),
        };
        let lossy = self.encoding == Encoding::Utf8Bom;
        let mut text = String::with_capacity(raw.len());
        let mut at = 0;
        loop {
            match std::str::from_utf8(&raw[at..]) {
                Ok(valid) => {
                    text.push_str(valid);
                    return Some(text);
                }
                Err(e) => {
                    let valid = at + e.valid_up_to();
                    text.push_str(std::str::from_utf8(&raw[at..valid]).ok()?);
                    match e.error_len() {
                        None if !last => {
                            tail.extend_from_slice(&raw[valid..]);
                            return Some(text);
                        }
                        _ if !lossy => return None,
                        None => {
                            text.push(char::REPLACEMENT_CHARACTER);
                            return Some(text);
                        }
                        Some(n) => {
                            text.push(char::REPLACEMENT_CHARACTER);
                            at = valid + n;
                        }
                    }
                }
            }
        }
    }

    fn fail(&self, failure: Failure) {
        self.failed.borrow_mut().get_or_insert(failure);
    }

    /// The import of the text in pieces, when they can decide it (`None` when the whole text
    /// must).
    fn import(
        &self,
        opts: &ImportOptions,
        split: &mut dyn FnMut(usize),
        load: &mut dyn FnMut(usize, usize),
    ) -> Option<Result<Import, Error>> {
        let (head, last) = head_of(self);
        let import = (!head.is_empty() && self.failed.borrow().is_none()).then(|| {
            let meta = Meta {
                encoding: Some(self.encoding),
                delimiter: Some(self.delimiter),
                sheets: vec![],
                sheet: None,
                unclosed_quote: None,
            };
            import_rows(meta, (&head, last), self, opts, split, load, true)
        });
        match (self.failed.take(), import) {
            (Some(Failure::Read), _) => Some(Err(ErrorKind::FileGone.into())),
            // Quotes that may never close between delimiters are read from the whole text, as
            // it reads them (runs of spaces know no quotes).
            (None, Some(import))
                if self
                    .quotes
                    .get()
                    .is_some_and(|n| n % 2 == 0 || self.delimiter.byte().is_none()) =>
            {
                Some(Ok(import))
            }
            _ => None,
        }
    }
}

/// The non-blank lines `sniff_delimiter` reads.
const SNIFF_LINES: usize = 100;

impl Rows for Text<'_> {
    fn each(&self, f: &mut dyn FnMut(Locator, &RawRow) -> bool) {
        let size = self.size;
        if self.source.size() != Ok(size) {
            return self.fail(Failure::Read);
        }
        // Where a row is, in bytes of the file (reckoned from the text's, for progress and
        // room).
        let growth = self.growth;
        let skip = self.skip as f64;
        let f = &mut |at: Locator, row: &RawRow| f((skip + at as f64 / growth) as Locator, row);
        // Records between a delimiter, or lines of words between runs of spaces.
        let mut records = self.delimiter.byte().map(|d| Records::new(d, true));
        let mut cells = Vec::new();
        let (mut at, mut tail, mut text) = (self.skip, Vec::new(), String::new());
        let (mut offset, mut line, mut quotes) = (0, 1, 0);
        loop {
            let end = size.min(at + self.piece as u64);
            let last = end == size;
            let bytes = match self.source.read(at, end) {
                Ok(bytes) if tail.is_empty() => bytes,
                Ok(bytes) => [std::mem::take(&mut tail), bytes].concat(),
                Err(_) => return self.fail(Failure::Read),
            };
            at = end;
            let Some(mut piece) = self.decode(bytes, last, &mut tail) else {
                return self.fail(Failure::Whole);
            };
            // A `\r` that ends the piece may start a `\r\n`, one line end.
            if !last && tail.is_empty() && piece.ends_with('\r') {
                piece.pop();
                tail.push(b'\r');
            }
            let piece = normalize(piece);
            quotes += memchr::memchr_iter(b'"', piece.as_bytes()).count();
            if text.is_empty() {
                text = piece;
            } else {
                text.push_str(&piece);
            }
            let piece = Piece { offset, line, last };
            let taken = match &mut records {
                Some(records) => records.read(&text, piece, f),
                None => read_words(&text, piece, &mut cells, f),
            };
            if taken.stopped {
                return;
            }
            if last {
                break;
            }
            text.drain(..taken.bytes);
            (offset, line) = (offset + taken.bytes, taken.line);
            if text.len() > LONGEST_RECORD {
                return self.fail(Failure::Whole);
            }
        }
        self.quotes.set(Some(quotes));
    }

    fn extent(&self) -> Locator {
        self.size as Locator
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import_text_with;

    /// The import of `bytes` read whole, as the worker read a file before.
    fn whole(bytes: &[u8], opts: &ImportOptions) -> String {
        let (text, encoding) = decode_vec(bytes.to_vec());
        let import = import_text_with(&text, Some(encoding), opts, &mut |_| {}, &mut |_, _| {});
        format!("{import:?}")
    }

    /// The import of `bytes` in pieces of `piece` bytes, `None` when the whole text decides.
    fn pieces(bytes: &[u8], piece: usize, opts: &ImportOptions) -> Option<String> {
        pieces_after(bytes, bytes.len().min(piece.max(SNIFFED)), piece, opts)
    }

    /// [`pieces`], the first `first` bytes telling how the text is read.
    fn pieces_after(
        bytes: &[u8],
        first: usize,
        piece: usize,
        opts: &ImportOptions,
    ) -> Option<String> {
        let text = Text::open(&bytes, bytes.len() as u64, &bytes[..first], piece, opts)?;
        let import = text.import(opts, &mut |_| {}, &mut |_, _| {})?;
        Some(format!("{import:?}"))
    }

    /// `bytes` read in pieces of many sizes import as read whole: in pieces (`streamed`) or,
    /// where the pieces cannot decide, whole.
    fn assert_same(bytes: &[u8], opts: &ImportOptions, streamed: bool) {
        let expected = whole(bytes, opts);
        for piece in [1, 2, 3, 5, 7, 16, 64, 1000, PIECE] {
            let got = pieces(bytes, piece, opts);
            let shown = String::from_utf8_lossy(bytes);
            assert_eq!(got.is_some(), streamed, "in pieces of {piece}: {shown:?}");
            if let Some(got) = got {
                assert_eq!(got, expected, "in pieces of {piece}: {shown:?}");
            }
            let read = import_in_pieces(&bytes, piece, opts, &mut |_| {}, &mut |_, _| {});
            assert_eq!(
                format!("{read:?}"),
                expected,
                "in pieces of {piece}: {shown:?}"
            );
        }
    }

    #[test]
    fn pieces_import_as_the_whole_text() {
        let opts = ImportOptions::default();
        let streamed: Vec<Vec<u8>> = vec![
            b"client,date,amount\nA,2024-01-05,100\nB,2024-02-05,50.5\nA,2024-03-05,70\n".to_vec(),
            b"client;date;amount\r\nA;05.01.2024;100,5\r\n\r\nB;05.02.2024;\"1 234,5\"\r\n".to_vec(),
            "\u{feff}Клиент;Дата;Сумма\nООО \"Ромашка\";05.01.2024;100\n\"Б\nВ\";06.01.2024;5\n"
                .as_bytes()
                .to_vec(),
            // Invalid UTF-8 after a byte order mark is replaced.
            [&b"\xEF\xBB\xBFclient;date;amount\nA\xC8;05.01.2024;100\n"[..], b"B\xE2\x82;06.01.2024;5\n\xE2"].concat(),
            encoding_rs::WINDOWS_1251
                .encode("Клиент;Дата;Сумма\nИванов;05.01.2024;100\nПетров;06.01.2024;-5\n")
                .0
                .into_owned(),
            b"client,date,amount\rA,2024-01-05,100\rB,2024-02-05,5\r".to_vec(),
            b"client,date,amount\nA,2024-01-05,100\nB,2024-02-05,not a number\nA,2024-13-01,5\nTotal,,105\n"
                .to_vec(),
            b"client;date;amount\n\"A\"\"x\";05.01.2024;\"1\n2\"\n\n\n\"B\";\"06.01.2024\";5".to_vec(),
            // Cells between runs of spaces, a quote among them a plain character.
            b"client date amount\nA 2024-01-05 100\n\"B  2024-02-05\t50\r\n\nC 2024-13-01 5".to_vec(),
            // Not UTF-8, and the first piece is the whole file: Windows-1251.
            [&b"client;date;amount\nA;05.01.2024;100\n"[..], b"\xC8;06.01.2024;5\n"].concat(),
        ];
        for bytes in streamed {
            assert_same(&bytes, &opts, true);
        }
        let read_whole: Vec<Vec<u8>> = vec![
            // An odd number of quotes.
            b"client,date,amount\nA,2024-01-05,100\n\"B,2024-02-05,50\nC,2024-02-06,5\n".to_vec(),
            b"\n\n".to_vec(),
            b"".to_vec(),
        ];
        for bytes in read_whole {
            assert_same(&bytes, &opts, false);
        }
    }

    /// A log longer than the first piece: `rows` rows, the `n`-th made by `row`.
    fn log(header: &str, rows: usize, row: impl Fn(usize) -> String) -> Vec<u8> {
        let mut text = format!("{header}\n");
        (0..rows).for_each(|n| text.push_str(&row(n)));
        text.into_bytes()
    }

    #[test]
    fn a_file_longer_than_its_first_piece_is_read_as_whole() {
        let opts = ImportOptions::default();
        let row = |n: usize| {
            let client = ["Иванов", "\"Петров, ООО\"", "C\"\"3\"\"", "D"][n % 4];
            let amount = if n.is_multiple_of(97) {
                "n/a".to_owned()
            } else {
                format!("{},{}", n % 500, n % 10)
            };
            let gap = if n.is_multiple_of(50) { "\r\n" } else { "" };
            format!(
                "{client};{:02}.{:02}.2024;{amount}\r\n{gap}",
                n % 28 + 1,
                n % 12 + 1
            )
        };
        let bytes = log("Клиент;Дата;Сумма", 3000, row);
        for piece in [SNIFFED / 16, 5000, SNIFFED] {
            let got = pieces(&bytes, piece, &opts).expect("read in pieces");
            assert_eq!(got, whole(&bytes, &opts), "in pieces of {piece}");
        }
        // UTF-8 that is not, past the first piece: Windows-1251, as the whole text decides.
        let mut odd = bytes.clone();
        odd.extend_from_slice(b"\xC8;01.01.2024;5\n");
        assert_eq!(pieces(&odd, SNIFFED, &opts), None);
        let read = import_in_pieces(&&odd[..], SNIFFED, &opts, &mut |_| {}, &mut |_, _| {});
        assert_eq!(format!("{read:?}"), whole(&odd, &opts));
        // A first piece with fewer lines than the delimiter is told by: the whole text tells.
        let wide = log("client,date,amount,note", 300, |n| {
            format!("C{n},2024-01-{:02},{n},{}\n", n % 28 + 1, "x".repeat(1000))
        });
        assert_eq!(pieces(&wide, SNIFFED, &opts), None);
        let read = import_in_pieces(&&wide[..], SNIFFED, &opts, &mut |_| {}, &mut |_, _| {});
        assert_eq!(format!("{read:?}"), whole(&wide, &opts));
    }

    /// The fixtures, the demo and long logs with copies, bad rows and a date order only a
    /// row far down decides, read in pieces of a few sizes: as read whole.
    #[test]
    fn real_files_in_pieces_import_as_whole() {
        let opts = ImportOptions::default();
        let mut synthetic = vec![];
        crate::demo::synthetic_log(6_000, 3, &mut synthetic).unwrap();
        let copy = String::from_utf8_lossy(&synthetic)
            .lines()
            .nth(4_000)
            .unwrap()
            .to_owned();
        synthetic
            .extend(format!("{copy}\nC9,not a date,12\nC9,2024-01-01,twelve\n{copy}\n").bytes());
        let slash = log("client;date;amount", 1_600, |n| {
            let day = if n == 1_599 { 13 } else { 1 + n % 12 };
            format!("c{n};{day:02}/02/2024;10\n")
        });
        let demo = crate::demo::wholesaler_csv();
        let files: [(&str, &[u8], bool); 7] = [
            (
                "sales_1251",
                include_bytes!("../../tests/fixtures/sales_1251.csv"),
                true,
            ),
            (
                "sales_utf8",
                include_bytes!("../../tests/fixtures/sales_utf8.csv"),
                true,
            ),
            ("demo", demo.as_bytes(), true),
            ("synthetic", &synthetic, true),
            ("slash dates", &slash, true),
            // Runs of spaces.
            (
                "CDNOW",
                include_bytes!("../../tests/data/CDNOW_sample.txt"),
                true,
            ),
            (
                "CDNOW master",
                include_bytes!("../../tests/data/CDNOW_master.txt"),
                true,
            ),
        ];
        for (name, bytes, streamed) in files {
            let expected = whole(bytes, &opts);
            for piece in [16, 1000, 10_000, SNIFFED] {
                let got = pieces(bytes, piece, &opts);
                assert_eq!(got.is_some(), streamed, "{name} in pieces of {piece}");
                if let Some(got) = got {
                    assert!(got == expected, "{name} in pieces of {piece}");
                }
            }
        }
    }

    /// Bytes that can be read `reads` times, then no more, or that are `shrunk` to fewer
    /// bytes after `reads` reads: a file removed or changed on disk during an import.
    struct Changing {
        bytes: Vec<u8>,
        reads: Cell<usize>,
        shrunk: Option<usize>,
    }

    impl ByteSource for Changing {
        fn size(&self) -> Result<u64, String> {
            Ok(match (self.reads.get(), self.shrunk) {
                (0, Some(n)) => n as u64,
                _ => self.bytes.len() as u64,
            })
        }

        fn read(&self, from: u64, to: u64) -> Result<Vec<u8>, String> {
            match (self.reads.get(), self.shrunk) {
                (0, None) => Err("gone".into()),
                (0, Some(n)) => (&self.bytes[..n]).read(from, to),
                (left, _) => {
                    self.reads.set(left - 1);
                    (&self.bytes[..]).read(from, to)
                }
            }
        }
    }

    /// A file that goes, or shrinks, at any read of an import is said to be gone: never an
    /// import of part of it, never a panic (a log with copied rows, whose check reads the
    /// rows again).
    #[test]
    fn a_file_that_changes_during_the_import_is_gone() {
        let opts = ImportOptions::default();
        let bytes = log("client,date,amount", 3_000, |n| {
            format!("C{},2024-01-{:02},{}\n", n % 50, n % 28 + 1, n % 7)
        });
        let whole = import_in_pieces(&&bytes[..], 1_000, &opts, &mut |_| {}, &mut |_, _| {});
        assert!(whole.is_ok());
        let mut reads = 0;
        loop {
            // Shrunk before the first read, it is a shorter file, and read as one.
            let mut shrinks = vec![None];
            if reads > 0 {
                shrinks.push(Some(bytes.len() / 2));
            }
            let mut read_whole = false;
            for shrunk in shrinks {
                let source = Changing {
                    bytes: bytes.clone(),
                    reads: Cell::new(reads),
                    shrunk,
                };
                match import_in_pieces(&source, 1_000, &opts, &mut |_| {}, &mut |_, _| {}) {
                    // Read to the end before it changed.
                    Ok(got) => {
                        assert_eq!(format!("{:?}", Ok::<_, Error>(got)), format!("{whole:?}"));
                        read_whole |= shrunk.is_none();
                    }
                    Err(e) => {
                        assert_eq!(*e.kind(), ErrorKind::FileGone, "{reads} reads, {shrunk:?}")
                    }
                }
            }
            if read_whole {
                break;
            }
            reads += 1;
        }
        assert!(reads > 50, "{reads} reads");
    }

    /// A file whose size cannot be told (its metadata gone with it) is said to be gone, not
    /// empty.
    #[test]
    fn a_file_whose_size_cannot_be_told_is_gone() {
        struct Unsized;
        impl ByteSource for Unsized {
            fn size(&self) -> Result<u64, String> {
                Err("no such file".into())
            }
            fn read(&self, _: u64, _: u64) -> Result<Vec<u8>, String> {
                Ok(b"client,date,amount\nA,2024-01-05,100\n".to_vec())
            }
        }
        let opts = ImportOptions::default();
        let got = import_in_pieces(&Unsized, 1_000, &opts, &mut |_| {}, &mut |_, _| {});
        assert_eq!(
            got.err().map(|e| e.kind().clone()),
            Some(ErrorKind::FileGone)
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn any_text_in_pieces_imports_as_whole(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "client;date;amount\n", "A", "Б", "\"", "\"\"", ";", "\n", "\r\n", "\r",
                    "05.01.2024", "2024-01-06", "1 234,5", "12.5", "-3", " ", "Итого", "\0", "ё€",
                ]),
                0..60,
            ),
            piece in 1usize..40,
        ) {
            let bytes = parts.concat().into_bytes();
            if let Some(got) = pieces(&bytes, piece, &ImportOptions::default()) {
                proptest::prop_assert_eq!(got, whole(&bytes, &ImportOptions::default()));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Texts of 100 lines and more, whose first piece, cut anywhere past the first 100
        /// lines, tells how they are read (its encoding, its delimiter).
        #[test]
        fn a_first_piece_cut_anywhere_tells_as_the_whole_text(
            lines in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "A", "Б", "\"", ";", ",", " ", "\t", "05.01.2024", "2024-01-06", "1 234,5",
                        "12.5", "Итого", "\r", "\0", "\u{feff}", "\u{fffd}",
                    ]),
                    1..8,
                ),
                100..160,
            ),
            bom in proptest::bool::ANY,
            ends in proptest::sample::select(vec!["\n", "\r\n", "\r"]),
            cut in 0.0f64..1.0,
            piece in 1usize..300,
        ) {
            let mut text: String = if bom { "\u{feff}".into() } else { String::new() };
            text.push_str("client;date;amount");
            for line in &lines {
                text.push_str(ends);
                text.push_str(&line.concat());
            }
            let bytes = text.into_bytes();
            let from = bytes.len() * 3 / 4;
            let first = from + ((bytes.len() - from) as f64 * cut) as usize;
            let opts = ImportOptions::default();
            if first < bytes.len() {
                if let Some(got) = pieces_after(&bytes, first, piece, &opts) {
                    proptest::prop_assert_eq!(got, whole(&bytes, &opts));
                }
            }
        }
    }
}
