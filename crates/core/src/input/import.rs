//! From bytes to data: the whole import, with every row that cannot be used listed.

use rustc_hash::FxHashMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::date::{parse_date, DateError, DateOrder, SlashOrder, SlashVotes};
use crate::decode::{decode, Encoding};
use crate::detect::{detect_columns, first_row_is_header, Column, Source};
use crate::error::{Error, ErrorKind};
use crate::format::Lang;
use crate::model::{
    ClientRow, Data, DataKind, Extra, PendingClients, Purchase, Role, TableSummary, Transactions,
};
use crate::money::{currency_of, parse_amount, AmountError, DecimalSep, DecimalVotes, Money};
use crate::table::{
    for_each_line_of_words, for_each_record, sniff_binary, sniff_delimiter, split_rows_with,
    Delimiter, Grid, RawRow, PROGRESS_EVERY,
};
use crate::workbook::{is_workbook, Sheet, Workbook};

/// What the user (or the CLI's flags) decided; `None` everywhere means "detect".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// Transaction log or client table.
    pub kind: Option<DataKind>,
    /// The delimiter of a text file.
    pub delimiter: Option<Delimiter>,
    /// Whether the first row is a header.
    pub header: Option<bool>,
    /// The order of day and month in slash dates.
    pub date_order: Option<DateOrder>,
    /// Roles set by hand, by column index (0-based); `None` takes a column out of use.
    pub roles: Vec<(usize, Option<Role>)>,
    /// The sheet of a workbook, by name; the first sheet when `None`.
    pub sheet: Option<String>,
    /// Today, as the caller's clock says (the core reads none): purchases dated later are
    /// typos and are left out. `None`: no such check.
    pub today: Option<NaiveDate>,
}

impl ImportOptions {
    /// Sets the role of a column by hand; a column that had that role loses it.
    pub fn set_role(&mut self, column: usize, role: Option<Role>) {
        self.roles
            .retain(|(c, r)| *c != column && (role.is_none() || *r != role));
        self.roles.push((column, role));
    }
}

/// How the input was read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Format {
    /// The text encoding (`None` for a workbook).
    pub encoding: Option<Encoding>,
    /// The delimiter (`None` for a workbook).
    pub delimiter: Option<Delimiter>,
    /// The sheets of a workbook.
    pub sheets: Vec<String>,
    /// The sheet read.
    pub sheet: Option<String>,
    /// Whether the first row is a header.
    pub header: bool,
    /// The decimal separator of the amount column.
    pub decimal: DecimalSep,
    /// The order of day and month of slash dates, when the dates have slashes.
    pub date_order: Option<DateOrder>,
}

/// Why a row, or a cell of it, was left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IssueKind {
    /// A totals row (`Итого`, `Total`).
    TotalsRow,
    /// No client.
    NoClient,
    /// No date.
    NoDate,
    /// A date that could not be read.
    BadDate,
    /// A date before 1900 or after 2100.
    DateOutOfRange,
    /// No amount.
    NoAmount,
    /// An amount that could not be read.
    BadAmount,
    /// An amount too large to be real.
    AmountTooLarge,
    /// A profit that could not be read; the row is kept without profit.
    BadProfit,
    /// A number of purchases that is not a whole number of at least 1.
    BadPurchases,
    /// A summary column's cell (a rich client table's) that could not be read; the row is
    /// kept, and the figures that need the column are unavailable.
    BadSummary,
    /// A first purchase after the last one.
    FirstAfterLast,
    /// A date after today.
    DateInFuture,
    /// A row that repeats an earlier one cell for cell; kept.
    DuplicateRow {
        /// The earlier row.
        of: u32,
    },
    /// A header name that an earlier column has too; the first is used.
    DuplicateColumn,
    /// A quote that opens here and never closes; quotes were read as plain characters.
    UnclosedQuote,
}

/// A row, or a cell of it, that could not be used as it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// The row as a spreadsheet numbers it (1-based, the header is row 1).
    pub row: u32,
    /// The column's name.
    pub column: String,
    /// The raw value.
    pub value: String,
    /// What is wrong.
    pub kind: IssueKind,
    /// What is wrong and what to do, in one sentence.
    pub message: String,
    /// Whether the whole row was left out (else only the cell).
    pub row_left_out: bool,
}

impl IssueKind {
    /// What is wrong and what to do about it, in English.
    pub fn message(&self, value: &str) -> String {
        self.message_in(value, Lang::En)
    }

    /// What is wrong and what to do about it, in the reader's language.
    pub fn message_in(&self, value: &str, lang: Lang) -> String {
        let ru = lang == Lang::Ru;
        match (self, ru) {
            (IssueKind::TotalsRow, false) => {
                "a totals row: left out so the sums are not counted twice".into()
            }
            (IssueKind::TotalsRow, true) => {
                "строка итогов: пропущена, чтобы суммы не посчитались дважды".into()
            }
            (IssueKind::NoClient, false) => "no client: fill in who bought".into(),
            (IssueKind::NoClient, true) => "нет клиента: укажите, кто купил".into(),
            (IssueKind::NoDate, false) => {
                "no date: fill in the day of the purchase, such as 31.12.2024".into()
            }
            (IssueKind::NoDate, true) => {
                "нет даты: укажите день покупки, например 31.12.2024".into()
            }
            (IssueKind::BadDate, false) => {
                format!("expected a date such as 31.12.2024 or 2024-12-31, found `{value}`")
            }
            (IssueKind::BadDate, true) => {
                format!("ожидалась дата вида 31.12.2024 или 2024-12-31, а здесь `{value}`")
            }
            (IssueKind::DateOutOfRange, false) => {
                format!("the date `{value}` is before 1900 or after 2100: check the year")
            }
            (IssueKind::DateOutOfRange, true) => {
                format!("дата `{value}` раньше 1900 или позже 2100 года: проверьте год")
            }
            (IssueKind::NoAmount, false) => "no amount: fill in the sum of the purchase".into(),
            (IssueKind::NoAmount, true) => "нет суммы: укажите сумму покупки".into(),
            (IssueKind::BadAmount, false) => {
                format!("expected a number such as 1 234,56, found `{value}`")
            }
            (IssueKind::BadAmount, true) => {
                format!("ожидалось число вида 1 234,56, а здесь `{value}`")
            }
            (IssueKind::AmountTooLarge, false) => {
                format!("the amount `{value}` is too large to be real: check it")
            }
            (IssueKind::AmountTooLarge, true) => {
                format!("сумма `{value}` слишком велика, чтобы быть настоящей: проверьте её")
            }
            (IssueKind::BadProfit, false) => {
                format!("expected a number, found `{value}`: the row is kept without its profit")
            }
            (IssueKind::BadProfit, true) => {
                format!("ожидалось число, а здесь `{value}`: строка учтена без прибыли")
            }
            (IssueKind::BadPurchases, false) => {
                format!("expected a whole number of purchases of at least 1, found `{value}`")
            }
            (IssueKind::BadPurchases, true) => {
                format!("ожидалось целое число покупок не меньше 1, а здесь `{value}`")
            }
            (IssueKind::BadSummary, false) => {
                format!("expected a number or a date as the warehouse query writes it, found `{value}`: the row is kept, and the figures that need this column are unavailable")
            }
            (IssueKind::BadSummary, true) => {
                format!("ожидалось число или дата, как их пишет запрос к хранилищу, а здесь `{value}`: строка учтена, а показатели, которым нужен этот столбец, недоступны")
            }
            (IssueKind::FirstAfterLast, false) => {
                format!("the first purchase `{value}` is after the last one: swap them")
            }
            (IssueKind::FirstAfterLast, true) => {
                format!("первая покупка `{value}` позже последней: поменяйте их местами")
            }
            (IssueKind::DateInFuture, false) => format!("the date `{value}` is after today: check the year"),
            (IssueKind::DateInFuture, true) => format!("дата `{value}` позже сегодняшней: проверьте год"),
            (IssueKind::DuplicateRow { of }, false) => {
                format!("the same as row {of} in every cell: kept as a second purchase; delete it if it is a copy")
            }
            (IssueKind::DuplicateRow { of }, true) => {
                format!("совпадает со строкой {of} во всех ячейках: учтена как вторая покупка; удалите, если это копия")
            }
            (IssueKind::DuplicateColumn, false) => {
                format!("a second column named `{value}`: the first one is used; rename or delete this one")
            }
            (IssueKind::DuplicateColumn, true) => {
                format!("второй столбец с именем `{value}`: используется первый; переименуйте или удалите этот")
            }
            (IssueKind::UnclosedQuote, false) => {
                "a quote opens here and never closes: quotes were read as plain characters; check this row".into()
            }
            (IssueKind::UnclosedQuote, true) => {
                "здесь открывается кавычка, которая нигде не закрывается: кавычки прочитаны как обычные символы; проверьте строку".into()
            }
        }
    }
}

impl Issue {
    /// "row 2, column `date`: …" in the reader's language.
    pub fn describe(&self, lang: Lang) -> String {
        let message = self.kind.message_in(&self.value, lang);
        match lang {
            Lang::Ru => format!("строка {}, столбец `{}`: {message}", self.row, self.column),
            Lang::En => format!("row {}, column `{}`: {message}", self.row, self.column),
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

/// The data loaded, and what was left out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Loaded {
    /// The data.
    pub data: Data,
    /// Data rows read (blank lines and the header not counted).
    pub rows: usize,
    /// Rows left out whole.
    pub rows_left_out: usize,
    /// Every problem found, in row order.
    pub issues: Vec<Issue>,
    /// Rows with a negative amount: refunds, which reduce revenue (a refund on a day with
    /// purchases lowers that purchase occasion's amount; one on its own is an occasion with a
    /// negative amount).
    pub refunds: usize,
    /// Their total (negative).
    pub refunds_total: Money,
    /// The currency the amounts name (₽, $, €...), the most frequent in the first rows that
    /// name one; `None` when they are bare numbers.
    pub currency: Option<&'static str>,
}

/// How many amount cells the currency is looked for in.
const CURRENCY_SAMPLE: usize = 5_000;

/// The currencies the first amount cells name, counted: the import's guess of the data's own.
#[derive(Default)]
struct CurrencyVotes {
    signs: Vec<(&'static str, usize)>,
    sampled: usize,
}

impl CurrencyVotes {
    /// Whether more cells are wanted (none after the first [`CURRENCY_SAMPLE`]).
    fn wants(&self) -> bool {
        self.sampled < CURRENCY_SAMPLE
    }

    fn note(&mut self, cell: &str) {
        self.sampled += 1;
        if let Some(sign) = currency_of(cell) {
            match self.signs.iter_mut().find(|(s, _)| *s == sign) {
                Some((_, n)) => *n += 1,
                None => self.signs.push((sign, 1)),
            }
        }
    }

    /// The sign named most often.
    fn most(&self) -> Option<&'static str> {
        self.signs.iter().max_by_key(|(_, n)| *n).map(|(s, _)| *s)
    }
}

/// The whole import: how the input was read, its columns, a preview, and the data or the
/// one reason it cannot be used.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// How the input was read.
    pub format: Format,
    /// Transaction log or client table.
    pub kind: DataKind,
    /// The columns and their roles.
    pub columns: Vec<Column>,
    /// The first data rows, raw, for a preview.
    pub preview: Vec<RawRow>,
    /// The data, or why none could be loaded.
    pub result: Result<Loaded, Error>,
}

/// Reads bytes into a grid of cells: a workbook (with the `xlsx` feature) or text in any
/// supported encoding and delimiter.
///
/// # Errors
/// When the bytes are empty, binary, or an unreadable workbook.
pub fn read_grid(bytes: &[u8], opts: &ImportOptions) -> Result<Grid, Error> {
    if is_workbook(bytes) {
        return read_workbook_grid(bytes, opts);
    }
    text_bytes_grid(bytes, opts)
}

/// Reads the bytes of a text file into a grid (never as a workbook: for the browser's first
/// module, which hands workbooks to a worker of their own).
///
/// # Errors
/// When the bytes are empty or binary.
pub fn text_bytes_grid(bytes: &[u8], opts: &ImportOptions) -> Result<Grid, Error> {
    reject_binary(bytes)?;
    let (text, encoding) = decode(bytes);
    text_grid(&text, Some(encoding), opts)
}

/// Refuses bytes that are not text (UTF-16 looks binary to the sniffer but is text).
///
/// # Errors
/// [`ErrorKind::Binary`], saying what the bytes look like.
pub(crate) fn reject_binary(bytes: &[u8]) -> Result<(), Error> {
    if let Some(looks_like) = sniff_binary(bytes) {
        let utf16 = bytes.starts_with(&[0xFF, 0xFE])
            || bytes.starts_with(&[0xFE, 0xFF])
            || crate::decode::sniff_utf16(bytes).is_some();
        if !utf16 {
            return Err(ErrorKind::Binary {
                looks_like: looks_like.into(),
            }
            .into());
        }
    }
    Ok(())
}

/// Splits text (already decoded, e.g. pasted) into a grid.
///
/// # Errors
/// [`ErrorKind::Empty`] when there is no non-blank line.
pub fn text_grid(
    text: &str,
    encoding: Option<Encoding>,
    opts: &ImportOptions,
) -> Result<Grid, Error> {
    text_grid_with(text, encoding, opts, &mut |_| {})
}

/// [`text_grid`], telling `progress` how many bytes of the text are split as it goes.
///
/// # Errors
/// [`ErrorKind::Empty`] when there is no non-blank line.
pub fn text_grid_with(
    text: &str,
    encoding: Option<Encoding>,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<Grid, Error> {
    let delimiter = opts.delimiter.unwrap_or_else(|| sniff_delimiter(text));
    let (rows, unclosed_quote) = split_rows_with(text, delimiter, progress)?;
    Ok(Grid {
        encoding,
        delimiter: Some(delimiter),
        sheets: vec![],
        sheet: None,
        rows,
        unclosed_quote,
    })
}

fn read_workbook_grid(bytes: &[u8], opts: &ImportOptions) -> Result<Grid, Error> {
    read_book(bytes)?.grid(opts.sheet.as_deref())
}

#[cfg(feature = "xlsx")]
fn read_book(bytes: &[u8]) -> Result<Workbook, Error> {
    crate::xlsx::read_workbook(bytes)
}

#[cfg(not(feature = "xlsx"))]
fn read_book(_: &[u8]) -> Result<Workbook, Error> {
    Err(ErrorKind::WorkbookNeedsReader.into())
}

/// A workbook the hand reader does not know, read by calamine (feature `xlsx`).
#[cfg(feature = "xlsx")]
fn by_calamine(bytes: &[u8]) -> Result<Workbook, Error> {
    crate::xlsx::read_by_calamine(bytes)
}

#[cfg(not(feature = "xlsx"))]
fn by_calamine(_: &[u8]) -> Result<Workbook, Error> {
    Err(ErrorKind::WorkbookNeedsReader.into())
}

/// Reads, detects and loads in one go.
///
/// # Errors
/// Only when no grid of cells can be read at all; a grid that cannot be loaded comes back
/// as an [`Import`] whose `result` holds the reason, so its columns can still be shown.
pub fn import(bytes: &[u8], opts: &ImportOptions) -> Result<Import, Error> {
    if is_workbook(bytes) {
        // Only the sheet taken is read, by hand where it can be: a workbook with another
        // sheet calamine cannot read imports.
        #[cfg(feature = "ooxml")]
        if let Some(import) = import_by_hand(bytes, opts, &mut |_, _| {}) {
            return import;
        }
        return import_sheet_with(&by_calamine(bytes)?, opts, &mut |_, _| {});
    }
    reject_binary(bytes)?;
    let (text, encoding) = decode(bytes);
    import_text_with(&text, Some(encoding), opts, &mut |_| {}, &mut |_, _| {})
}

/// Detects the layout of a grid and loads it.
pub fn import_grid(grid: Grid, opts: &ImportOptions) -> Import {
    import_grid_with(grid, opts, &mut |_, _| {})
}

/// [`import_grid`], telling `progress` how many data rows are loaded, of how many, as it goes.
pub fn import_grid_with(
    grid: Grid,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Import {
    import_grid_passes(grid, opts, progress, true)
}

/// Detects the layout of a workbook's sheet (the one `opts` names, or the first with rows) and
/// loads it as [`import_grid_with`] loads a grid, reading the sheet's rows where they are: no
/// grid of them is made.
///
/// # Errors
/// As [`Workbook::sheet`]: an unknown sheet, or no rows.
pub fn import_sheet_with(
    book: &Workbook,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Import, Error> {
    let sheet = book.sheet(opts.sheet.as_deref())?;
    let meta = Meta {
        encoding: None,
        delimiter: None,
        sheets: book.names(),
        sheet: Some(sheet.name.clone()),
        unclosed_quote: None,
    };
    let rows = SheetRows(sheet);
    let (head, last) = head_of(&rows);
    Ok(import_rows(
        meta,
        (&head, last),
        &rows,
        opts,
        &mut |_| {},
        progress,
        true,
    ))
}

/// A plain XLSX workbook read by hand ([`crate::ooxml`]) with only the sheet `opts` names
/// (or the first with rows) in it ([`Workbook::one_sheet`]), for [`import_sheet_with`]: the
/// other sheets are not read (those before the first with rows are, when no sheet is named).
/// `None` where the hand reader does not know the workbook, which calamine reads
/// ([`crate::read_workbook`]).
#[cfg(feature = "ooxml")]
pub(crate) fn plain_workbook(bytes: &[u8], opts: &ImportOptions) -> Option<Workbook> {
    let mut package = crate::ooxml::Package::open(bytes)?;
    Workbook::one_sheet(package.names(), opts.sheet.as_deref(), |i| package.sheet(i))
}

/// A workbook's sheet (the one `opts` names, or the first with rows) imported by hand: as its
/// XML is read ([`import_plain_sheet`]), or, where a row past the first ones is wider than
/// they are, read whole first ([`plain_workbook`]; bytes given by value are let go then,
/// before the import: its memory takes their place). `None` where the hand reader does not
/// know the workbook: it is calamine's.
#[cfg(feature = "ooxml")]
pub(crate) fn import_by_hand<B: AsRef<[u8]>>(
    bytes: B,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Option<Result<Import, Error>> {
    let book = match import_plain_sheet(bytes.as_ref(), opts, progress) {
        Streamed::Imported(import) => return Some(*import),
        Streamed::ReadWhole => plain_workbook(bytes.as_ref(), opts)?,
        Streamed::NotByHand => return None,
    };
    drop(bytes);
    Some(import_sheet_with(&book, opts, progress))
}

/// What [`import_plain_sheet`] made of a workbook.
#[cfg(feature = "ooxml")]
pub(crate) enum Streamed {
    /// The import of its sheet, or why there is none: what the sheet read whole gives.
    Imported(Box<Result<Import, Error>>),
    /// A row past the first rows read is wider than they are: the sheet is to be read whole
    /// ([`plain_workbook`]).
    ReadWhole,
    /// The hand reader does not know the workbook or the sheet's cells: it is calamine's.
    NotByHand,
}

/// A plain XLSX workbook's sheet (the one `opts` names, or the first with rows) imported as
/// its XML is read ([`crate::ooxml::StreamedSheet`]): no sheet of its cells is held, only the
/// workbook's bytes, its shared strings and what the import makes. Where it gives an import,
/// it is the one [`import_sheet_with`] makes of [`plain_workbook`]'s sheet; otherwise it says
/// how the sheet is to be read ([`Streamed`]).
#[cfg(feature = "ooxml")]
pub(crate) fn import_plain_sheet(
    bytes: &[u8],
    opts: &ImportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Streamed {
    let Some(package) = crate::ooxml::Package::open(bytes) else {
        return Streamed::NotByHand;
    };
    let sheet = crate::ooxml::StreamedSheet::of(package);
    let names = sheet.names();
    let wanted = opts.sheet.as_deref();
    let mut chosen = None;
    for (i, name) in names.iter().enumerate() {
        if wanted.is_some_and(|wanted| name != wanted) {
            continue;
        }
        sheet.choose(i);
        let (head, last) = head_of(&sheet);
        if sheet.unknown() {
            return Streamed::NotByHand;
        }
        if wanted.is_some() || !head.is_empty() {
            chosen = Some((name, head, last));
            break;
        }
    }
    let (name, mut head, last) = match (chosen, wanted) {
        (Some(chosen), _) if !chosen.1.is_empty() => chosen,
        (None, Some(wanted)) => {
            return Streamed::Imported(Box::new(Err(ErrorKind::NoSuchSheet {
                name: wanted.to_owned(),
                sheets: names,
            }
            .into())))
        }
        _ => return Streamed::Imported(Box::new(Err(ErrorKind::Empty.into()))),
    };
    sheet.widen(&mut head);
    let meta = Meta {
        encoding: None,
        delimiter: None,
        sheets: names.clone(),
        sheet: Some(name.clone()),
        unclosed_quote: None,
    };
    let import = import_rows(
        meta,
        (&head, last),
        &sheet,
        opts,
        &mut |_| {},
        progress,
        true,
    );
    // Every pass of the import reads every row; were one to stop early, the rows it left
    // might still make the sheet one to read whole.
    if !sheet.read_to_end() {
        sheet.each(&mut |_, _| true);
    }
    if sheet.unknown() {
        Streamed::NotByHand
    } else if sheet.wider() {
        Streamed::ReadWhole
    } else {
        Streamed::Imported(Box::new(Ok(import)))
    }
}

/// [`import_grid_with`], in one pass where the first rows decide (`one_pass`), else in two.
fn import_grid_passes(
    grid: Grid,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(usize, usize),
    one_pass: bool,
) -> Import {
    let meta = Meta {
        encoding: grid.encoding,
        delimiter: grid.delimiter,
        sheets: grid.sheets.clone(),
        sheet: grid.sheet.clone(),
        unclosed_quote: grid.unclosed_quote,
    };
    let head = &grid.rows[..grid.rows.len().min(HEAD_ROWS)];
    import_rows(
        meta,
        (head, head.len().saturating_sub(1)),
        &GridRows(&grid.rows),
        opts,
        &mut |_| {},
        progress,
        one_pass,
    )
}

/// Lets a vector's room go when over a 16th of it is unused (room reckoned for rows the input
/// did not have); a little is kept, for letting it go costs a copy.
fn let_unused_room_go<T>(v: &mut Vec<T>) {
    if v.capacity() - v.len() > v.len() / 16 {
        v.shrink_to_fit();
    }
}

/// Reads decoded text and loads it, without keeping a grid of its cells: the first rows are
/// read for detection and the preview, and what whole columns decide (the decimal separator,
/// the order of slash dates) is decided from them; the whole text is then read once, record
/// by record, to load each row and check that every row says the same. Where the rest says
/// otherwise, or the first rows cannot tell, it is read twice as before: once for what whole
/// columns decide and once to load each row. `split` hears of the bytes of such a first pass,
/// `load` of the rows loaded (done, in all: reckoned from the bytes read in a single pass). Text read with whitespace between cells, or with an odd
/// number of quotes (a quote that may never close), goes through a grid as before.
///
/// # Errors
/// [`ErrorKind::Empty`] when there is no non-blank line.
pub fn import_text_with(
    text: &str,
    encoding: Option<Encoding>,
    opts: &ImportOptions,
    split: &mut dyn FnMut(usize),
    load: &mut dyn FnMut(usize, usize),
) -> Result<Import, Error> {
    import_text_passes(text, encoding, opts, split, load, true)
}

/// [`import_text_with`] in two passes whatever the first rows decide: what the import did
/// before its single pass, which a test holds that pass to.
#[cfg(test)]
pub(crate) fn import_text_in_two_passes(text: &str, opts: &ImportOptions) -> Result<Import, Error> {
    import_text_passes(text, None, opts, &mut |_| {}, &mut |_, _| {}, false)
}

/// [`import_text_with`], in one pass where the first rows decide (`one_pass`), else in two.
fn import_text_passes(
    text: &str,
    encoding: Option<Encoding>,
    opts: &ImportOptions,
    split: &mut dyn FnMut(usize),
    load: &mut dyn FnMut(usize, usize),
    one_pass: bool,
) -> Result<Import, Error> {
    // Text that did not come through `decode` (pasted, or from a caller) may end its lines
    // with `\r` alone: every line is counted, and every record starts on a line of its own.
    let text = &*crate::decode::with_line_ends(text);
    let delimiter = opts.delimiter.unwrap_or_else(|| sniff_delimiter(text));
    // Runs of spaces know no quotes; a delimiter with an odd number of quotes in the text
    // goes through the grid, which reads it again with quotes as plain characters.
    let even_quotes = || text.bytes().filter(|&b| b == b'"').count() % 2 == 0;
    let delimiter_byte = delimiter.byte();
    if delimiter_byte.is_some() && !even_quotes() {
        let grid = text_grid_with(text, encoding, opts, split)?;
        return Ok(import_grid_passes(grid, opts, load, one_pass));
    }
    let rows = TextRows {
        text,
        delimiter: delimiter_byte,
    };
    let (head, last) = head_of(&rows);
    if head.is_empty() {
        return Err(ErrorKind::Empty.into());
    }
    let meta = Meta {
        encoding,
        delimiter: Some(delimiter),
        sheets: vec![],
        sheet: None,
        unclosed_quote: None,
    };
    Ok(import_rows(
        meta,
        (&head, last),
        &rows,
        opts,
        split,
        load,
        one_pass,
    ))
}

/// Rows read first: the header, the thousand rows detection looks at, the preview.
const HEAD_ROWS: usize = 1200;

/// The first [`HEAD_ROWS`] rows, each with cells of its own, and where the last of them is.
pub(super) fn head_of(rows: &dyn Rows) -> (Vec<RawRow>, Locator) {
    let (mut head, mut last) = (Vec::new(), 0);
    rows.each(&mut |at, row| {
        head.push(row.clone());
        last = at;
        head.len() < HEAD_ROWS
    });
    (head, last)
}

/// Where a row is: its index in a grid, or the byte its record starts at (for progress).
pub(super) type Locator = usize;

/// The rows of an input, from a grid or streamed from text.
pub(super) trait Rows {
    /// Calls `f` with every row in order (the header first when there is one) and its
    /// locator, until `f` says stop.
    fn each(&self, f: &mut dyn FnMut(Locator, &RawRow) -> bool);

    /// Where the input ends, as a locator: how many rows a grid has, how long a text is.
    fn extent(&self) -> Locator;
}

struct GridRows<'a>(&'a [RawRow]);

impl Rows for GridRows<'_> {
    fn each(&self, f: &mut dyn FnMut(Locator, &RawRow) -> bool) {
        for (i, row) in self.0.iter().enumerate() {
            if !f(i, row) {
                break;
            }
        }
    }

    fn extent(&self) -> Locator {
        self.0.len()
    }
}

struct SheetRows<'a>(&'a Sheet);

impl Rows for SheetRows<'_> {
    fn each(&self, f: &mut dyn FnMut(Locator, &RawRow) -> bool) {
        self.0.each_row(f);
    }

    fn extent(&self) -> Locator {
        self.0.len()
    }
}

struct TextRows<'a> {
    text: &'a str,
    /// `None`: cells are separated by runs of spaces.
    delimiter: Option<u8>,
}

impl Rows for TextRows<'_> {
    fn each(&self, f: &mut dyn FnMut(Locator, &RawRow) -> bool) {
        match self.delimiter {
            Some(d) => for_each_record(self.text, d, true, f),
            None => for_each_line_of_words(self.text, f),
        }
    }

    fn extent(&self) -> Locator {
        self.text.len()
    }
}

/// How an input was read, beside its rows.
pub(super) struct Meta {
    pub encoding: Option<Encoding>,
    pub delimiter: Option<Delimiter>,
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    pub unclosed_quote: Option<u32>,
}

/// What whole columns decide (the decimal separator of the amounts, the order of day and month
/// in slash dates), voted by every row a pass reads, and how many data rows it read.
struct ColumnVotes {
    amount: Option<usize>,
    dates: Vec<usize>,
    decimal: DecimalVotes,
    slash: Vec<SlashVotes>,
    rows: usize,
}

impl ColumnVotes {
    fn new(amount: Option<usize>, dates: &[usize]) -> ColumnVotes {
        ColumnVotes {
            amount,
            dates: dates.to_vec(),
            decimal: DecimalVotes::default(),
            slash: vec![SlashVotes::default(); dates.len()],
            rows: 0,
        }
    }

    /// Counts a data row and what its cells say.
    fn add(&mut self, row: &RawRow) {
        self.rows += 1;
        if let Some(v) = self.amount.and_then(|i| row.cells.get(i)) {
            self.decimal.add(v);
        }
        for (votes, &i) in self.slash.iter_mut().zip(&self.dates) {
            if let Some(v) = row.cells.get(i) {
                votes.add(v);
            }
        }
    }

    /// The decimal separator: `fallback` without an amount column or evidence either way.
    fn decimal(&self, fallback: DecimalSep) -> DecimalSep {
        if self.amount.is_some() {
            self.decimal.decide(fallback)
        } else {
            fallback
        }
    }

    /// The order of slash dates into `format` (unless the user chose one), or why the dates
    /// cannot be read: each column that decides an order sets it, in turn, up to one that
    /// cannot.
    fn date_order(self, format: &mut Format, columns: &[Column]) -> Result<(), Error> {
        if format.date_order.is_some() {
            return Ok(());
        }
        for (votes, &i) in self.slash.into_iter().zip(&self.dates) {
            match votes.decide() {
                SlashOrder::NotNeeded => {}
                SlashOrder::Decided(o) => format.date_order = Some(o),
                SlashOrder::Ambiguous(example) => {
                    return Err(ErrorKind::AmbiguousDateOrder {
                        column: columns[i].name.clone(),
                        example,
                    }
                    .into())
                }
                SlashOrder::Conflict => {
                    return Err(ErrorKind::ConflictingDateOrder {
                        column: columns[i].name.clone(),
                    }
                    .into())
                }
            }
        }
        Ok(())
    }
}

/// How a loading pass knows the rows: counted by a pass before it, or not yet (it counts them
/// and gathers what whole columns say as it loads).
enum Pass<'v> {
    Counted(usize),
    /// With about how many rows the first rows tell of.
    Checking(&'v mut ColumnVotes, usize),
}

/// Detects the layout from the first rows and loads every row. What whole columns decide is
/// first decided from the rows read for detection; a single pass loads every row with that,
/// gathering what the whole columns say, and stands when they say the same (a file whose
/// first 1,199 data rows tell its decimal separator and date order, which is most). Otherwise
/// the rows are read as before: one pass for what the whole columns decide, another to load
/// them.
pub(super) fn import_rows(
    meta: Meta,
    (first_rows, last): (&[RawRow], Locator),
    rows: &dyn Rows,
    opts: &ImportOptions,
    split: &mut dyn FnMut(usize),
    progress: &mut dyn FnMut(usize, usize),
    one_pass: bool,
) -> Import {
    let header = opts
        .header
        .unwrap_or_else(|| first_row_is_header(first_rows));
    let (head, data) = match first_rows.split_first() {
        Some((h, d)) if header => (Some(h), d),
        _ => (None, first_rows),
    };
    let (mut columns, kind) = detect_columns(head, data, opts.kind);
    for &(i, role) in &opts.roles {
        if let Some(role) = role {
            for c in columns.iter_mut().filter(|c| c.role == Some(role)) {
                c.role = None;
                c.source = None;
            }
        }
        if let Some(c) = columns.get_mut(i) {
            c.role = role;
            c.source = role.map(|_| Source::User);
        }
    }
    let col = |r: Role| columns.iter().position(|c| c.role == Some(r));
    let date_roles = [Role::Date, Role::FirstDate, Role::LastDate];
    let amount = col(Role::Amount);
    let date_columns: Vec<usize> = date_roles.iter().filter_map(|&r| col(r)).collect();
    let fallback = if meta.delimiter == Some(Delimiter::Semicolon) {
        DecimalSep::Comma
    } else {
        DecimalSep::Point
    };
    let blank = Format {
        encoding: meta.encoding,
        delimiter: meta.delimiter,
        sheets: meta.sheets,
        sheet: meta.sheet,
        header,
        decimal: fallback,
        date_order: opts.date_order,
    };
    let preview = data.iter().take(20).cloned().collect();
    // Issues of the file itself, before any row's.
    let mut issues = Vec::new();
    if let Some(row) = meta.unclosed_quote {
        issues.push(Issue {
            row,
            column: columns.first().map(|c| c.name.clone()).unwrap_or_default(),
            value: String::new(),
            kind: IssueKind::UnclosedQuote,
            message: IssueKind::UnclosedQuote.message(""),
            row_left_out: false,
        });
    }
    if let Some(h) = head {
        for (i, name) in h.cells.iter().enumerate().filter(|(_, n)| !n.is_empty()) {
            if h.cells[..i].contains(name) {
                issues.push(Issue {
                    row: h.line,
                    column: name.clone(),
                    value: name.clone(),
                    kind: IssueKind::DuplicateColumn,
                    message: IssueKind::DuplicateColumn.message(name),
                    row_left_out: false,
                });
            }
        }
    }
    let missing = kind.required().iter().find(|&&r| col(r).is_none()).copied();
    let loader = |format: &Format| Loader {
        columns: &columns,
        decimal: format.decimal,
        order: format.date_order,
        issues: issues.clone(),
        today: opts.today,
    };
    // One pass, on what the first rows decide, when they decide (the file has data rows, the
    // columns it needs and readable dates there).
    if one_pass && !data.is_empty() && missing.is_none() {
        let mut guess = blank.clone();
        let mut votes = ColumnVotes::new(amount, &date_columns);
        data.iter().for_each(|row| votes.add(row));
        guess.decimal = votes.decimal(fallback);
        if votes.date_order(&mut guess, &columns).is_ok() {
            // About how many data rows there are, from how far into the input the first
            // rows reach (all of them when they are the whole input).
            let reckoned = if first_rows.len() < HEAD_ROWS || last == 0 {
                data.len()
            } else {
                let before = first_rows.len() - 1;
                (before as f64 * rows.extent() as f64 / last as f64).ceil() as usize
            };
            let mut votes = ColumnVotes::new(amount, &date_columns);
            let pass = Pass::Checking(&mut votes, reckoned);
            let loaded = loader(&guess).load(kind, rows, header, pass, progress);
            let mut whole = blank.clone();
            whole.decimal = votes.decimal(fallback);
            if votes.date_order(&mut whole, &columns).is_ok() && whole == guess {
                return Import {
                    format: whole,
                    kind,
                    columns,
                    preview,
                    result: loaded,
                };
            }
        }
    }
    // Two passes: what the whole columns decide, then every row loaded with it.
    let mut votes = ColumnVotes::new(amount, &date_columns);
    let mut skip_header = header;
    rows.each(&mut |at, row| {
        if std::mem::take(&mut skip_header) {
            return true;
        }
        votes.add(row);
        if votes.rows.is_multiple_of(PROGRESS_EVERY) {
            split(at);
        }
        true
    });
    let count = votes.rows;
    let mut format = blank;
    format.decimal = votes.decimal(fallback);
    let result = if count == 0 {
        Err(ErrorKind::HeaderOnly.into())
    } else if let Some(missing) = missing {
        Err(ErrorKind::MissingRole(missing).into())
    } else {
        votes
            .date_order(&mut format, &columns)
            .and_then(|()| loader(&format).load(kind, rows, header, Pass::Counted(count), progress))
    };
    Import {
        format,
        kind,
        columns,
        preview,
        result,
    }
}

fn is_totals(cell: &str) -> bool {
    // Every totals word starts with one of these: most cells are turned away by their first
    // character, neither trimmed at the end nor lowered. A cell that starts with an ASCII
    // letter or digit has no space to trim.
    let c = match cell.as_bytes().first() {
        Some(b) if b.is_ascii_alphanumeric() => cell,
        _ => cell.trim_start(),
    };
    if !c.starts_with(['и', 'И', 'в', 'В', 't', 'T', 'g', 'G', 's', 'S']) {
        return false;
    }
    let c = c.trim_end().to_lowercase();
    let c = c.trim_end_matches([':', '.']);
    [
        "итого",
        "итог",
        "всего",
        "total",
        "grand total",
        "subtotal",
        "sum total",
    ]
    .contains(&c)
        || c.starts_with("итого ")
        || c.starts_with("всего ")
        || c.starts_with("total ")
        || c.starts_with("grand total")
}

struct Loader<'a> {
    columns: &'a [Column],
    decimal: DecimalSep,
    order: Option<DateOrder>,
    issues: Vec<Issue>,
    today: Option<NaiveDate>,
}

impl<'a> Loader<'a> {
    fn col(&self, r: Role) -> Option<usize> {
        self.columns.iter().position(|c| c.role == Some(r))
    }

    fn cell<'r>(&self, row: &'r RawRow, r: Role) -> &'r str {
        self.col(r)
            .and_then(|i| row.cells.get(i))
            .map_or("", |s| s.as_str())
    }

    fn issue(&mut self, row: &RawRow, role: Role, kind: IssueKind, row_left_out: bool) {
        let value = self
            .col(role)
            .and_then(|i| row.cells.get(i))
            .cloned()
            .unwrap_or_default();
        let column = self
            .col(role)
            .map_or_else(|| role.key().to_owned(), |i| self.columns[i].name.clone());
        let message = kind.message(&value);
        self.issues.push(Issue {
            row: row.line,
            column,
            value,
            kind,
            message,
            row_left_out,
        });
    }

    fn text(&self, row: &RawRow, r: Role) -> Option<String> {
        self.label(row, r).map(str::to_owned)
    }

    /// A cell's text, borrowed, when not empty.
    fn label<'r>(&self, row: &'r RawRow, r: Role) -> Option<&'r str> {
        Some(self.cell(row, r)).filter(|s| !s.is_empty())
    }

    /// A required date; an issue and `None` when it cannot be used.
    fn date(&mut self, row: &RawRow, r: Role, required: bool) -> Result<Option<NaiveDate>, ()> {
        match parse_date(self.cell(row, r), self.order) {
            Ok(Some(d)) if self.today.is_some_and(|t| d > t) => {
                self.issue(row, r, IssueKind::DateInFuture, true);
                Err(())
            }
            Ok(Some(d)) => Ok(Some(d)),
            Ok(None) if !required => Ok(None),
            Ok(None) => {
                self.issue(row, r, IssueKind::NoDate, true);
                Err(())
            }
            Err(e) => {
                let kind = match e {
                    DateError::OutOfRange => IssueKind::DateOutOfRange,
                    DateError::Unreadable | DateError::NeedsOrder => IssueKind::BadDate,
                };
                self.issue(row, r, kind, true);
                Err(())
            }
        }
    }

    fn money(&mut self, row: &RawRow, r: Role) -> Result<Money, ()> {
        match parse_amount(self.cell(row, r), self.decimal) {
            Ok(Some(m)) => Ok(m),
            Ok(None) => {
                self.issue(row, r, IssueKind::NoAmount, true);
                Err(())
            }
            Err(AmountError::NotANumber) => {
                self.issue(row, r, IssueKind::BadAmount, true);
                Err(())
            }
            Err(AmountError::TooLarge) => {
                self.issue(row, r, IssueKind::AmountTooLarge, true);
                Err(())
            }
        }
    }

    fn profit(&mut self, row: &RawRow) -> Option<Money> {
        self.col(Role::Profit)?;
        match parse_amount(self.cell(row, Role::Profit), self.decimal) {
            Ok(m) => m,
            Err(_) => {
                self.issue(row, Role::Profit, IssueKind::BadProfit, false);
                None
            }
        }
    }

    fn client<'r>(&mut self, row: &'r RawRow) -> Option<&'r str> {
        let id = self.label(row, Role::ClientId);
        if id.is_none() {
            self.issue(row, Role::ClientId, IssueKind::NoClient, true);
        }
        id
    }

    /// A totals row: a cell says "Итого"/"Total" and the date cell holds no date.
    fn is_totals_row(&self, row: &RawRow, date_role: Role) -> bool {
        let date_cell = self.cell(row, date_role);
        row.cells.iter().any(|c| is_totals(c))
            && !matches!(parse_date(date_cell, self.order), Ok(Some(_)))
    }

    /// Loads every data row of `rows` (after the header when there is one), counted before or
    /// counted as it goes, with what whole columns say ([`Pass`]).
    fn load(
        mut self,
        kind: DataKind,
        rows: &dyn Rows,
        header: bool,
        mut pass: Pass,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Loaded, Error> {
        // The rows in all, for progress and room: counted before, or reckoned from how far
        // into the input (`at`) the rows read before reach: then the share done is that of
        // the input read.
        let (counted, first_reckoned) = match pass {
            Pass::Counted(count) => (Some(count), count),
            Pass::Checking(_, reckoned) => (None, reckoned.saturating_add(reckoned / 64)),
        };
        let extent = rows.extent();
        let reckon = |before: usize, at: Locator| {
            counted.unwrap_or_else(|| {
                (before as f64 * extent as f64 / at.max(1) as f64).ceil() as usize
            })
        };
        let mut note = |pass: &mut Pass, row: &RawRow, read: usize, at: Locator| {
            if let Pass::Checking(votes, _) = pass {
                votes.add(row);
            }
            if read % PROGRESS_EVERY == 1 {
                progress(read - 1, reckon(read - 1, at));
            }
        };
        let mut left_out = 0usize;
        let (mut refunds, mut refunds_total) = (0usize, Money::ZERO);
        let mut skip_header = header;
        let mut index = 0usize;
        let mut currency = CurrencyVotes::default();
        let data_kind = match kind {
            DataKind::Transactions => {
                let mut t = Transactions {
                    has_profit: self.col(Role::Profit).is_some(),
                    ..Default::default()
                };
                let extra_roles = [Role::Profit, Role::Manager, Role::Product, Role::Reason];
                let extras = extra_roles.iter().any(|&r| self.col(r).is_some());
                let mut any_profit = false;
                let mut pending = PendingClients::default();
                rows.each(&mut |at, row| {
                    if std::mem::take(&mut skip_header) {
                        return true;
                    }
                    index += 1;
                    note(&mut pass, row, index, at);
                    // Room for every row at the start: as many as were counted, or as the
                    // first rows tell of with a 64th to spare; and again whenever the rows
                    // read since tell of more than there is room for (where doubling would
                    // leave up to as much again unused).
                    let room = if index == 1 {
                        Some(first_reckoned)
                    } else if counted.is_none() && index.is_multiple_of(PROGRESS_EVERY) {
                        Some(reckon(index, at))
                            .map(|all| all.saturating_add(all / 64))
                            .filter(|&all| all > t.purchases.capacity())
                    } else {
                        None
                    };
                    if let Some(all) = room {
                        t.purchases
                            .reserve_exact(all.saturating_sub(t.purchases.len()));
                    }
                    // The extras as much, once a row has any: a column of managers, products
                    // or reasons with nothing in it takes no room.
                    if extras
                        && index.is_multiple_of(PROGRESS_EVERY)
                        && !t.extras.is_empty()
                        && t.extras.capacity() < t.purchases.capacity()
                    {
                        t.extras
                            .reserve_exact(t.purchases.capacity() - t.extras.len());
                    }
                    if self.is_totals_row(row, Role::Date) {
                        self.issue(row, Role::ClientId, IssueKind::TotalsRow, true);
                        left_out += 1;
                        return true;
                    }
                    let issues_before = self.issues.len();
                    let client = self.client(row);
                    let date = self.date(row, Role::Date, true);
                    if currency.wants() {
                        currency.note(self.cell(row, Role::Amount));
                    }
                    let amount = self.money(row, Role::Amount);
                    let (Some(client), Ok(Some(date)), Ok(amount)) = (client, date, amount) else {
                        debug_assert!(self.issues.len() > issues_before);
                        left_out += 1;
                        return true;
                    };
                    let profit = self.profit(row);
                    if amount.0 < 0 {
                        refunds += 1;
                        refunds_total += amount;
                    }
                    let manager = self.label(row, Role::Manager).map(|m| t.managers.intern(m));
                    let product = self.label(row, Role::Product).map(|m| t.products.intern(m));
                    let reason = self.label(row, Role::Reason).map(|m| t.reasons.intern(m));
                    any_profit |= profit.is_some();
                    // The client is interned with a batch of rows (`pending`): the
                    // purchase is pushed first, its client set then.
                    t.push(
                        Purchase {
                            client: u32::MAX,
                            date,
                            amount,
                        },
                        row.line,
                        Extra {
                            profit: profit.unwrap_or_default(),
                            manager: manager.into(),
                            product: product.into(),
                            reason: reason.into(),
                        },
                    );
                    let name = self.text(row, Role::ClientName);
                    pending.add(&mut t, client, name);
                    true
                });
                pending.flush(&mut t);
                // A profit column with nothing in it is no profit: ABC goes by revenue.
                t.has_profit &= any_profit;
                // Columns that held nothing leave no extras, and room the first rows
                // reckoned on for rows that were not there is let go.
                t.extras.shrink_to_fit();
                let_unused_room_go(&mut t.purchases);
                t.rows.shrink_to_fit();
                // The order that finds copied rows is the one occasions are merged in.
                let order = t.day_order();
                self.copied_rows(&t, &order, rows);
                let _ = t
                    .occasions_cache
                    .set(std::sync::Arc::new(t.merge_in_order(&order)));
                Data::Transactions(t)
            }
            DataKind::ClientTable => {
                let mut out = Vec::with_capacity(first_reckoned);
                rows.each(&mut |at, row| {
                    if std::mem::take(&mut skip_header) {
                        return true;
                    }
                    index += 1;
                    note(&mut pass, row, index, at);
                    if self.is_totals_row(row, Role::LastDate) {
                        self.issue(row, Role::ClientId, IssueKind::TotalsRow, true);
                        left_out += 1;
                        return true;
                    }
                    let id = self.client(row);
                    let first = self.date(row, Role::FirstDate, false);
                    let last = self.date(row, Role::LastDate, true);
                    if currency.wants() {
                        currency.note(self.cell(row, Role::Amount));
                    }
                    let revenue = self.money(row, Role::Amount);
                    let purchases = self.purchases(row);
                    let (Some(id), Ok(first), Ok(Some(last)), Ok(revenue), Some(purchases)) =
                        (id, first, last, revenue, purchases)
                    else {
                        left_out += 1;
                        return true;
                    };
                    if first.is_some_and(|f| f > last) {
                        self.issue(row, Role::FirstDate, IssueKind::FirstAfterLast, true);
                        left_out += 1;
                        return true;
                    }
                    let profit = self.profit(row);
                    out.push(ClientRow {
                        id: id.to_owned(),
                        name: self.text(row, Role::ClientName),
                        first,
                        last,
                        purchases,
                        revenue,
                        profit,
                        manager: self.text(row, Role::Manager),
                        reason: self.text(row, Role::Reason),
                        summary: self.summary(row, last),
                        row: row.line,
                    });
                    true
                });
                // A rich table sums the profits its orders have: a client without any has
                // none, 0, as in the log, when the table has profit at all.
                if self.col(Role::YearRevenue).is_some() && out.iter().any(|r| r.profit.is_some()) {
                    for r in &mut out {
                        r.profit.get_or_insert(Money::ZERO);
                        if self.col(Role::YearProfit).is_some() {
                            r.summary.year_profit.get_or_insert(Money::ZERO);
                        }
                    }
                }
                // Room reckoned on for rows that were not there is let go.
                let_unused_room_go(&mut out);
                Data::Clients(out)
            }
        };
        // Every data row was read: how many there are.
        let count = index;
        if left_out == count {
            if let Some((date, amount)) = self.swapped(rows, header) {
                return Err(ErrorKind::SwappedColumns {
                    rows: count,
                    date,
                    amount,
                }
                .into());
            }
            let (first, first_ru) = self
                .issues
                .first()
                .map(|i| (i.to_string(), i.describe(Lang::Ru)))
                .unwrap_or_default();
            return Err(ErrorKind::NoUsableRows {
                rows: count,
                first,
                first_ru,
            }
            .into());
        }
        self.issues.sort_by_key(|i| i.row);
        Ok(Loaded {
            data: data_kind,
            rows: count,
            rows_left_out: left_out,
            issues: self.issues,
            refunds,
            refunds_total,
            currency: currency.most(),
        })
    }

    /// Notes each loaded row that repeats an earlier loaded row cell for cell. Two such rows
    /// have the same client, day and amount, so only purchases that share all three (`order`
    /// brings them together) are read again, and compared whole.
    fn copied_rows(&mut self, t: &Transactions, order: &[u32], rows: &dyn Rows) {
        let purchase = |i: u32| &t.purchases[i as usize];
        let mut groups: Vec<Vec<u32>> = Vec::new();
        for day in order
            .chunk_by(|&a, &b| {
                let (a, b) = (purchase(a), purchase(b));
                (a.client, a.date) == (b.client, b.date)
            })
            .filter(|day| day.len() > 1)
        {
            let mut same_day: Vec<u32> = day.to_vec();
            same_day.sort_by_key(|&i| (purchase(i).amount, i));
            groups.extend(
                same_day
                    .chunk_by(|&a, &b| purchase(a).amount == purchase(b).amount)
                    .filter(|same| same.len() > 1)
                    .map(<[u32]>::to_vec),
            );
        }
        if groups.is_empty() {
            return;
        }
        let mut lines: Vec<u32> = groups.iter().flatten().map(|&i| t.rows.row(i)).collect();
        lines.sort_unstable();
        let last = lines[lines.len() - 1];
        let mut read: FxHashMap<u32, RawRow> = FxHashMap::default();
        rows.each(&mut |_, row| {
            if lines.binary_search(&row.line).is_ok() {
                read.insert(row.line, row.clone());
            }
            row.line < last
        });
        for group in &groups {
            // The first row with these cells, by its cells: every later copy refers to it.
            let mut first: FxHashMap<&[String], u32> = FxHashMap::default();
            for &i in group {
                // A row not read again (a file that could not be read to it: the import
                // fails for it) names no copy.
                let Some(row) = read.get(&t.rows.row(i)) else {
                    continue;
                };
                match first.get(row.cells.as_slice()) {
                    Some(&of) => {
                        self.issue(row, Role::ClientId, IssueKind::DuplicateRow { of }, false);
                    }
                    None => {
                        first.insert(&row.cells, row.line);
                    }
                }
            }
        }
    }

    /// When no row could be used: whether the date column holds amounts and the amount column
    /// dates, in at least four of five of the first 50 rows that have either (the names of
    /// the two columns, as the file gives them).
    fn swapped(&self, rows: &dyn Rows, header: bool) -> Option<(String, String)> {
        let d = self.col(Role::Date).or_else(|| self.col(Role::LastDate))?;
        let a = self.col(Role::Amount)?;
        let is_date = |c: &str| {
            parse_date(c, self.order).is_ok_and(|d| d.is_some())
                || matches!(parse_date(c, self.order), Err(DateError::NeedsOrder))
        };
        let is_amount = |c: &str| {
            [DecimalSep::Comma, DecimalSep::Point]
                .into_iter()
                .any(|sep| matches!(parse_amount(c, sep), Ok(Some(_))))
        };
        let (mut seen, mut crossed) = (0usize, 0usize);
        let mut skip_header = header;
        rows.each(&mut |_, row| {
            if std::mem::take(&mut skip_header) {
                return true;
            }
            let cell = |i: usize| row.cells.get(i).map_or("", |s| s.trim());
            let (date_cell, amount_cell) = (cell(d), cell(a));
            if !date_cell.is_empty() || !amount_cell.is_empty() {
                seen += 1;
                if !is_date(date_cell) && is_amount(date_cell) && is_date(amount_cell) {
                    crossed += 1;
                }
            }
            seen < 50
        });
        (seen > 0 && crossed * 5 >= seen * 4)
            .then(|| (self.columns[d].name.clone(), self.columns[a].name.clone()))
    }

    /// A rich client table's summary cells. An empty cell is `None` (no interval for a
    /// one-time buyer, no return); a cell that cannot be read is an issue and `None`.
    fn summary(&mut self, row: &RawRow, last: NaiveDate) -> TableSummary {
        // A number cell: empty is `None`; one that cannot be read, or breaks `fits`, an issue.
        let number = |me: &mut Self, r: Role, fits: fn(Money) -> bool| -> Option<Money> {
            me.col(r)?;
            match parse_amount(me.cell(row, r), me.decimal) {
                Ok(None) => None,
                Ok(Some(m)) if fits(m) => Some(m),
                _ => {
                    me.issue(row, r, IssueKind::BadSummary, false);
                    None
                }
            }
        };
        let days = |m: Money| m.0 >= 0;
        let count = |m: Money| m.0 >= 0 && m.0 % 100 == 0;
        let money = |me: &mut Self, r: Role| number(me, r, |_| true);
        let median_interval = number(self, Role::MedianInterval, days).map(Money::major);
        let year_purchases = number(self, Role::YearPurchases, count).map(|m| (m.0 / 100) as u32);
        let earlier_losses = number(self, Role::EarlierLosses, count).map(|m| (m.0 / 100) as u32);
        let year = money(self, Role::YearRevenue).zip(year_purchases);
        let year_profit = money(self, Role::YearProfit);
        let year_on_year = money(self, Role::RevenueLast365).zip(money(self, Role::RevenuePrev365));
        let date = |me: &mut Self, r: Role, latest: Option<NaiveDate>| match me.col(r) {
            None => None,
            Some(_) => match parse_date(me.cell(row, r), me.order) {
                Ok(Some(d)) if latest.is_none_or(|l| d <= l) => Some(d),
                Ok(None) => None,
                _ => {
                    me.issue(row, r, IssueKind::BadSummary, false);
                    None
                }
            },
        };
        let last_return = date(self, Role::LastReturn, Some(last));
        let year_before = self
            .col(Role::LastPurchaseYearBefore)
            .map(|_| date(self, Role::LastPurchaseYearBefore, Some(last)));
        let as_of = date(self, Role::AsOf, None).filter(|d| *d >= last);
        TableSummary {
            median_interval,
            year,
            year_profit,
            year_on_year,
            earlier_losses,
            last_return,
            year_before,
            as_of,
        }
    }

    fn purchases(&mut self, row: &RawRow) -> Option<u32> {
        let raw = self.cell(row, Role::Purchases);
        let n = parse_amount(raw, DecimalSep::Point).ok().flatten();
        match n {
            Some(m) if m.0 >= 100 && m.0 % 100 == 0 && m.0 / 100 <= u32::MAX as i64 => {
                Some((m.0 / 100) as u32)
            }
            _ => {
                self.issue(row, Role::Purchases, IssueKind::BadPurchases, true);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn each_purchase_has_its_own_client_and_each_client_its_last_name() {
        // Clients interned a batch of rows at a time: 1,000 rows (many batches, and a last one
        // cut short) of 97 clients in a scrambled order, ids past the 15 bytes a table slot
        // holds that share those 15, rows left out between, and names on some rows only. The
        // clients come from a linear congruential generator, new ones in batch after batch.
        let mut text = String::from("Client;Name;Date;Amount\n");
        let mut want: Vec<(String, String, i64)> = Vec::new();
        let mut first_seen: Vec<String> = Vec::new();
        let mut last_name: HashMap<String, String> = HashMap::new();
        let mut state = 12_345u64;
        for i in 0..1000u64 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let n = (state >> 33) % 97;
            let id = if n.is_multiple_of(3) {
                format!("a-very-long-client-id-{n}")
            } else {
                format!("c{n}")
            };
            let name = if i % 5 == 0 {
                format!("Name {n} on row {i}")
            } else {
                String::new()
            };
            let day = 1 + i % 28;
            if i % 97 == 13 {
                text.push_str(&format!("{id};{name};not a date;10\n"));
                continue;
            }
            text.push_str(&format!("{id};{name};2024-03-{day:02};{i}\n"));
            if !first_seen.contains(&id) {
                first_seen.push(id.clone());
            }
            if !name.is_empty() {
                last_name.insert(id.clone(), name);
            }
            want.push((id, format!("2024-03-{day:02}"), i as i64 * 100));
        }
        let import = import(text.as_bytes(), &ImportOptions::default()).unwrap();
        let loaded = import.result.unwrap();
        assert_eq!(loaded.rows_left_out, 11);
        let Data::Transactions(t) = loaded.data else {
            panic!("a log")
        };
        let got: Vec<(String, String, i64)> = t
            .purchases
            .iter()
            .map(|p| {
                let id = t.clients.get(p.client).to_owned();
                (id, p.date.to_string(), p.amount.0)
            })
            .collect();
        assert_eq!(got, want);
        assert_eq!(first_seen.len(), 97, "every client is there");
        assert_eq!(t.clients.names(), first_seen.as_slice());
        for (c, id) in first_seen.iter().enumerate() {
            assert_eq!(t.names[c].as_ref(), last_name.get(id), "{id}");
        }
    }

    #[test]
    fn totals_cells_are_told_from_others() {
        for cell in [
            "Итого",
            "итого:",
            "ИТОГО.",
            "Итог",
            "Всего",
            "всего по клиентам",
            "Total",
            "TOTAL:",
            "total sales",
            "Grand total",
            "grand totals",
            "Subtotal",
            "Sum total",
            "  Итого ",
            "\u{a0}Total",
        ] {
            assert!(is_totals(cell), "{cell:?}");
        }
        for cell in [
            "",
            "Totals",
            "Tomato",
            "Смирнов",
            "Всеволод",
            "sum",
            "2024-01-01",
            "1 234,56",
            "ООО Итого",
        ] {
            assert!(!is_totals(cell), "{cell:?}");
        }
    }
}
