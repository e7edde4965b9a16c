//! A workbook's cells as text, and a sheet made of them as they come (feature `ooxml`): what
//! the hand reader of XLSX ([`crate::ooxml`]) and calamine's cells ([`crate::xlsx`]) share.
//!
//! Dates come out as `yyyy-mm-dd` and numbers in their shortest exact form, so the rest of the
//! import treats a workbook and a text file alike.

use crate::error::Error;
use crate::workbook::Sheet;

/// `s` without the whitespace around it, as `str::trim` gives it; at once where it starts and
/// ends with a visible ASCII character, as a sheet's ids and names mostly do (`trim` reads
/// the ends char by char: a twentieth of a 1M-row workbook's import).
pub(crate) fn trimmed(s: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x80);
    let bytes = s.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        s
    } else {
        s.trim()
    }
}

/// Writes `n` in decimal with at least `width` digits (zeros in front).
fn push_digits(n: u64, width: usize, out: &mut String) {
    let mut digits = [b'0'; 20];
    let (mut at, mut rest) = (digits.len(), n);
    while rest > 0 || digits.len() - at < width {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    out.extend(digits[at..].iter().map(|&b| char::from(b)));
}

/// Writes a number as `{f}` writes it (the shortest text that reads back as the same double).
pub(crate) fn push_number(f: f64, out: &mut String) {
    if !push_cents(f, out) {
        use std::fmt::Write;
        let _ = write!(out, "{f}");
    }
}

/// Below this size a number's cents are exact enough for [`push_cents`]: a double's spacing
/// there is under 2e-4, so no number with fewer decimals is the same double.
const CENTS_BELOW: f64 = 1e12;

/// Writes `f` as `{f}` would where it is a whole number of cents (an amount, a day's
/// number): its integer part, then its one or two decimals that are not zero; false, and
/// nothing written, where it is not (or is −0, or too large to tell). The string is the
/// shortest that reads back as `f`: it does (the cents divided by 100 give `f` again), and
/// one with fewer decimals is another double at this size.
fn push_cents(f: f64, out: &mut String) -> bool {
    // NaN is not below: it goes to `{f}` too.
    let small = f.abs() < CENTS_BELOW;
    if !small || (f == 0.0 && f.is_sign_negative()) {
        return false;
    }
    let cents = (f * 100.0).round();
    if cents / 100.0 != f {
        return false;
    }
    if cents < 0.0 {
        out.push('-');
    }
    let cents = cents.abs() as u64;
    push_digits(cents / 100, 1, out);
    let decimals = cents % 100;
    if decimals != 0 {
        out.push('.');
        out.push(char::from(b'0' + (decimals / 10) as u8));
        if !decimals.is_multiple_of(10) {
            out.push(char::from(b'0' + (decimals % 10) as u8));
        }
    }
    true
}

/// Writes the day of a date's serial number as `yyyy-mm-dd`, in the workbook's date system
/// (from 1900, with Excel's 29 February 1900, or from 1904), as calamine reads it: the day
/// it falls on, or the next one where its time rounds to the next midnight; a time alone
/// (under 1), a negative number or NaN the system's day 0 (31 December 1899, or 1 January
/// 1904), and a number past the last day Excel writes that day (31 December 9999).
pub(crate) fn push_day(serial: f64, is_1904: bool, out: &mut String) {
    let last = if is_1904 { 2_957_003 } else { 2_958_465 };
    let day_of = |d: f64| if d >= 0.0 { (d as i64).min(last) } else { 0 };
    // The time of day in seconds and milliseconds, the milliseconds rounded: 23:59:59.9995
    // and later is the next midnight.
    let seconds = serial.fract() * 86_400.0;
    let rounds_up = (seconds.fract() * 1000.0).round() == 1000.0;
    let day = if seconds as u64 + u64::from(rounds_up) == 86_400 {
        day_of(serial.floor() + 1.0)
    } else {
        day_of(serial.floor())
    };
    let (epoch, day) = match (is_1904, day) {
        (true, d) => ((1904, 1, 1), d),
        // Excel counts 29 February 1900, which never was, as its day 60.
        (false, 60) => {
            out.push_str("1900-02-29");
            return;
        }
        (false, d) if d < 60 => ((1899, 12, 31), d),
        (false, d) => ((1899, 12, 30), d),
    };
    let date = chrono::NaiveDate::from_ymd_opt(epoch.0, epoch.1, epoch.2)
        .and_then(|e| e.checked_add_signed(chrono::TimeDelta::days(day)))
        .expect("days up to 9999-12-31");
    use chrono::Datelike;
    push_ymd(date.year() as u64, date.month(), date.day(), out);
}

/// Writes a day as `yyyy-mm-dd`.
pub(crate) fn push_ymd(year: u64, month: u32, day: u32, out: &mut String) {
    push_digits(year, 4, out);
    out.push('-');
    push_digits(u64::from(month), 2, out);
    out.push('-');
    push_digits(u64::from(day), 2, out);
}

/// What a sheet's rows are made into, a cell at a time, by [`InOrder`]: a [`Sheet`], or the
/// rows of a sheet streamed to the import ([`crate::ooxml::StreamedSheet`]).
pub(crate) trait RowsOut {
    /// A cell of the row being made: its text, and where the reader found it (its tag's place
    /// in the sheet's XML; 0 where the reader does not tell).
    ///
    /// # Errors
    /// Where the cell cannot be kept (a sheet's text past 4 GiB).
    fn cell(&mut self, text: &str, offset: u64) -> Result<(), Error>;

    /// Ends the row being made as row number `line`: false to read no more.
    fn end_row(&mut self, line: u32) -> bool;
}

impl RowsOut for Sheet {
    fn cell(&mut self, text: &str, _: u64) -> Result<(), Error> {
        self.push_cell(text)
    }

    fn end_row(&mut self, line: u32) -> bool {
        Sheet::end_row(self, line);
        true
    }
}

/// A sheet made from its cells as they come, in order of row and column, as calamine's range
/// of the same cells makes it (with the default options, which leave out cells with no
/// value): the rows where a cell's text is not empty, each from column A to the last column
/// any cell with a value is in (its text empty or not).
pub(crate) struct InOrder<S = Sheet> {
    out: S,
    /// The row being read and its next column.
    at: Option<(u32, u32)>,
    /// Whether `out` said to read no more.
    stopped: bool,
}

impl InOrder<Sheet> {
    pub(crate) fn new(name: &str) -> InOrder {
        InOrder::to(Sheet::new(name.to_owned()))
    }

    pub(crate) fn finish(mut self) -> Sheet {
        self.end();
        self.out.shrink_to_fit();
        self.out
    }
}

impl<S: RowsOut> InOrder<S> {
    /// Rows made into `out`.
    pub(crate) fn to(out: S) -> InOrder<S> {
        InOrder {
            out,
            at: None,
            stopped: false,
        }
    }

    /// Adds the text of a cell with a value at (row, column), 0-based: false when it comes
    /// before the last one added (or at its place), and nothing is added.
    #[cfg(feature = "xlsx")]
    pub(crate) fn add(&mut self, at: (u32, u32), text: &str) -> Result<bool, Error> {
        self.add_at(at, text, 0)
    }

    /// [`InOrder::add`], the cell found at `offset` in the sheet's XML; once the row it ends
    /// is one too many for `out`, the cell is passed over and [`InOrder::stopped`] says so.
    pub(crate) fn add_at(
        &mut self,
        (row, col): (u32, u32),
        text: &str,
        offset: u64,
    ) -> Result<bool, Error> {
        let next = match self.at {
            Some((r, next)) if r == row => next,
            Some((r, _)) if r > row => return Ok(false),
            Some((r, _)) => {
                self.at = None;
                if !self.out.end_row(r + 1) {
                    self.stopped = true;
                    return Ok(true);
                }
                0
            }
            None => 0,
        };
        if col < next {
            return Ok(false);
        }
        for _ in next..col {
            self.out.cell("", offset)?;
        }
        self.out.cell(text, offset)?;
        self.at = Some((row, col + 1));
        Ok(true)
    }

    /// Whether `out` said to read no more.
    pub(crate) fn stopped(&self) -> bool {
        self.stopped
    }

    /// Ends the last row, once every cell has come.
    pub(crate) fn end(&mut self) {
        if let Some((r, _)) = self.at.take() {
            self.stopped |= !self.out.end_row(r + 1);
        }
    }

    /// What the rows were made into.
    pub(crate) fn into_out(self) -> S {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_numbers_text_is_what_rust_writes() {
        // Amounts, days' numbers and whatever else a sheet holds: the fast path for whole
        // cents writes what `{f}` writes, or leaves it to `{f}`.
        let mut next = crate::models::elementary::xorshift(0x9e37_79b9_7f4a_7c15);
        let mut numbers = vec![
            0.0,
            -0.0,
            0.01,
            -0.01,
            0.1,
            0.5,
            1.0,
            -1.0,
            10.0,
            100.0,
            0.05,
            0.995,
            1.005,
            7391.38,
            7391.4,
            44563.0,
            99.99,
            1e11,
            999_999_999_999.99,
            1e12,
            1e12 + 0.5,
            1e15,
            1e-7,
            0.001,
            123.456,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
            2.5e-300,
        ];
        for _ in 0..200_000 {
            let r = next();
            numbers.push(match r % 4 {
                // Cents, up to a trillion.
                0 => (r >> 8) as f64 % 1e14 / 100.0 * if r & 16 == 0 { 1.0 } else { -1.0 },
                // Whole numbers.
                1 => ((r >> 8) % 10_000_000) as f64,
                // A tenth, a hundredth, a thousandth off a whole number of cents.
                2 => ((r >> 8) % 100_000_000) as f64 / [10.0, 100.0, 1000.0][(r % 3) as usize],
                // Any double.
                _ => f64::from_bits(r),
            });
        }
        let (mut fast, mut text) = (0, String::new());
        for f in numbers {
            text.clear();
            push_number(f, &mut text);
            assert_eq!(text, format!("{f}"), "{f:e}");
            text.clear();
            fast += usize::from(push_cents(f, &mut text));
        }
        assert!(fast > 100_000, "{fast} written fast");
    }

    #[test]
    fn a_texts_ends_are_trimmed_as_trim_does() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "\u{b}x",
            "x\u{b}",
            "\u{a0}x",
            "x\u{3000}",
            "Иван",
            " Иван ",
            "ООО «Ромашка»",
            "\u{7f}",
            "a b",
            "\r\n",
        ] {
            assert_eq!(trimmed(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn a_days_serial_reads_as_the_day_excel_shows() {
        let day = |serial, is_1904| {
            let mut out = String::new();
            push_day(serial, is_1904, &mut out);
            out
        };
        let some = |s: &str| s.to_owned();
        assert_eq!(day(1.0, false), some("1900-01-01"));
        assert_eq!(day(59.0, false), some("1900-02-28"));
        assert_eq!(day(60.0, false), some("1900-02-29"));
        assert_eq!(day(61.0, false), some("1900-03-01"));
        assert_eq!(day(44_562.0, false), some("2022-01-01"));
        assert_eq!(day(44_562.75, false), some("2022-01-01"));
        assert_eq!(day(44_562.999_999_999, false), some("2022-01-02"));
        assert_eq!(day(2_958_465.0, false), some("9999-12-31"));
        assert_eq!(day(0.0, true), some("1904-01-01"));
        assert_eq!(day(1.0, true), some("1904-01-02"));
        assert_eq!(day(43_100.0, true), some("2022-01-01"));
        // A time alone is day 0 (as calamine reads it); so is what is no day.
        for before in [0.0, 0.5, -1.0, -0.5, f64::NAN, f64::NEG_INFINITY] {
            assert_eq!(day(before, false), some("1899-12-31"), "{before}");
        }
        for after in [2_958_466.0, 1e300, f64::INFINITY] {
            assert_eq!(day(after, false), some("9999-12-31"), "{after}");
        }
    }

    /// The days calamine reads (the reference the hand reader is held to), serial by serial.
    #[cfg(feature = "xlsx")]
    #[test]
    fn a_days_serial_reads_as_calamine_reads_it() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let mut next = crate::models::elementary::xorshift(0x2545_f491_4f6c_dd1d);
        let mut serials: Vec<f64> = (0..800).map(f64::from).collect();
        serials.extend([
            -1.0,
            -0.5,
            -1e-9,
            0.5,
            0.999_999_999,
            f64::NAN,
            f64::INFINITY,
        ]);
        serials.extend([f64::NEG_INFINITY, 1e300, -1e300, 2_958_465.999_999_999]);
        serials.extend((2_956_990..2_958_470).map(f64::from));
        for _ in 0..200_000 {
            let r = next();
            let day = (r >> 11) % 2_958_470;
            serials.push(match r % 4 {
                0 => day as f64,
                // Just before midnight, to the millisecond and below.
                1 => day as f64 + 1.0 - [1e-3, 5e-9, 6e-9, 1e-12][(r >> 3) as usize % 4],
                _ => day as f64 + ((r >> 40) as f64 / (1u64 << 24) as f64),
            });
        }
        let mut text = String::new();
        for is_1904 in [false, true] {
            for &serial in &serials {
                text.clear();
                push_day(serial, is_1904, &mut text);
                let (y, m, d, ..) =
                    ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, is_1904)
                        .to_ymd_hms_milli();
                assert_eq!(text, format!("{y:04}-{m:02}-{d:02}"), "{serial} {is_1904}");
            }
        }
    }
}
