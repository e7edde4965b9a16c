//! Money in integer minor units (kopecks, cents) and the parsing of amounts as people type them.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

use serde::{Deserialize, Serialize};

/// An amount of money in minor units (1/100 of the currency unit).
///
/// Serialised as a number of major units (`1234.5`), which is what JSON readers expect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub i64);

/// The largest amount one cell may hold: ten trillion in major units.
pub const MAX_CELL_MINOR: i64 = 1_000_000_000_000_000;

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(0);

    /// From major units, rounded to the nearest minor unit.
    pub fn from_major(v: f64) -> Money {
        Money((v * 100.0).round() as i64)
    }

    /// In major units, for ratios and models.
    pub fn major(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

impl fmt::Display for Money {
    /// Plain `-1234.56`, for machines; people get `format` in the app.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0.saturating_add(o.0))
    }
}
impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        *self = *self + o;
    }
}
impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0.saturating_sub(o.0))
    }
}
impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}
impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

/// A number of major units for people (JSON); the exact minor units between machines.
impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_f64(self.major())
        } else {
            s.serialize_i64(self.0)
        }
    }
}
impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            f64::deserialize(d).map(Money::from_major)
        } else {
            i64::deserialize(d).map(Money)
        }
    }
}

/// Which character separates the decimals in a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DecimalSep {
    /// `1,234.56`
    Point,
    /// `1 234,56`
    Comma,
}

/// Why a cell is not an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountError {
    /// Not a number.
    NotANumber,
    /// Larger than [`MAX_CELL_MINOR`].
    TooLarge,
}

const CURRENCY: [&str; 14] = [
    "руб.", "руб", "rub", "rur", "usd", "eur", "р.", "₽", "$", "€", "£", "¥", "₸", "р",
];
const MINUS: [char; 4] = ['-', '−', '–', '—'];
const GROUPING: [char; 6] = [' ', '\u{a0}', '\u{202f}', '\u{2009}', '\'', '’'];

/// The currency a cell names (`1 234 ₽`, `12 руб.`, `$1,234`, `USD 1,000`, `€ 99`), as its
/// sign; `None` for a bare number. The bare `р` counts only after a digit and a space.
pub fn currency_of(cell: &str) -> Option<&'static str> {
    let digit_edges = |s: &str| {
        s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '-')
            && s.chars().next_back().is_some_and(|c| c.is_ascii_digit())
    };
    let s = cell.trim();
    if s.is_empty() || digit_edges(s) {
        return None;
    }
    let lower = s.to_lowercase();
    let has = |w: &str| lower.contains(w);
    if has("₽")
        || has("руб")
        || has("rub")
        || has("rur")
        || lower.ends_with(" р.")
        || lower.ends_with(" р")
    {
        Some("₽")
    } else if has("$") || has("usd") {
        Some("$")
    } else if has("€") || has("eur") {
        Some("€")
    } else if has("₸") {
        Some("₸")
    } else if has("£") {
        Some("£")
    } else {
        None
    }
}

fn strip_currency(mut s: &str) -> &str {
    loop {
        let before = s;
        s = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
        // Most cells start and end with a digit: nothing to strip (and nothing to allocate).
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        if digit(s.chars().next()) && digit(s.chars().next_back()) {
            return s;
        }
        for c in CURRENCY {
            let n = c.len();
            if s.len() >= n && s.is_char_boundary(n) && s[..n].to_lowercase() == c {
                s = &s[n..];
            }
            let m = s.len().wrapping_sub(n);
            if s.len() >= n && s.is_char_boundary(m) && s[m..].to_lowercase() == c {
                s = &s[..m];
            }
        }
        if s == before {
            return s;
        }
    }
}

/// The number text of a cell without sign, currency or grouping: `(1 234,50 руб.)` → `1234,50`.
fn core_digits(cell: &str) -> (bool, String) {
    let mut s = cell.trim();
    let mut negative = false;
    if s.len() >= 2 && s.starts_with('(') && s.ends_with(')') {
        negative = true;
        s = &s[1..s.len() - 1];
    }
    let mut s = strip_currency(s);
    if let Some(rest) = s.strip_prefix(MINUS) {
        negative = !negative;
        s = strip_currency(rest);
    } else if let Some(rest) = s.strip_prefix('+') {
        s = strip_currency(rest);
    } else if let Some(rest) = s.strip_suffix(MINUS) {
        negative = !negative;
        s = strip_currency(rest);
    }
    (
        negative,
        s.chars().filter(|c| !GROUPING.contains(c)).collect(),
    )
}

/// The common forms of an amount, `-?\d{1,13}([.,]\d{1,2})?`, read without allocating:
/// minor units and the separator, if any. Every path reads them the same whatever the
/// column's separator (a lone separator not followed by three digits is a decimal one), and
/// none reaches ten trillion.
fn common_amount(cell: &str) -> Option<(i64, Option<DecimalSep>)> {
    let b = cell.as_bytes();
    let (negative, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        _ => (false, b),
    };
    let sep = digits.iter().position(|&c| c == b'.' || c == b',');
    let (int, frac) = match sep {
        Some(i) => (&digits[..i], &digits[i + 1..]),
        None => (digits, &digits[digits.len()..]),
    };
    if int.is_empty() || int.len() > 13 || (sep.is_some() && !(1..=2).contains(&frac.len())) {
        return None;
    }
    let whole = int.iter().try_fold(0i64, |v, &c| {
        c.is_ascii_digit().then(|| v * 10 + i64::from(c - b'0'))
    })?;
    let cents = frac.iter().chain(b"00").take(2).try_fold(0i64, |v, &c| {
        c.is_ascii_digit().then(|| v * 10 + i64::from(c - b'0'))
    })?;
    let minor = whole * 100 + cents;
    let sep = sep.map(|i| {
        if digits[i] == b',' {
            DecimalSep::Comma
        } else {
            DecimalSep::Point
        }
    });
    Some((if negative { -minor } else { minor }, sep))
}

/// What a value says about its column's decimal separator, if anything.
fn evidence(cell: &str) -> Option<DecimalSep> {
    match common_amount(cell) {
        Some((_, sep)) => sep,
        None => evidence_general(cell),
    }
}

fn evidence_general(cell: &str) -> Option<DecimalSep> {
    let (_, s) = core_digits(cell);
    let last_comma = s.rfind(',');
    let last_point = s.rfind('.');
    match (last_comma, last_point) {
        (Some(c), Some(p)) => Some(if c > p {
            DecimalSep::Comma
        } else {
            DecimalSep::Point
        }),
        (Some(c), None) if s.matches(',').count() == 1 && s.len() - c - 1 != 3 => {
            Some(DecimalSep::Comma)
        }
        (None, Some(p)) if s.matches('.').count() == 1 && s.len() - p - 1 != 3 => {
            Some(DecimalSep::Point)
        }
        _ => None,
    }
}

/// Decides a column's decimal separator from its values; `fallback` when they cannot tell
/// (every value is like `1,234` or `1234`).
pub fn decide_decimal<'a>(
    values: impl IntoIterator<Item = &'a str>,
    fallback: DecimalSep,
) -> DecimalSep {
    let mut votes = DecimalVotes::default();
    for v in values {
        votes.add(v);
    }
    votes.decide(fallback)
}

/// [`decide_decimal`] one value at a time, for values that are not kept.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct DecimalVotes {
    comma: usize,
    point: usize,
}

impl DecimalVotes {
    /// Counts what a value says.
    pub(crate) fn add(&mut self, v: &str) {
        match evidence(v) {
            Some(DecimalSep::Comma) => self.comma += 1,
            Some(DecimalSep::Point) => self.point += 1,
            None => {}
        }
    }

    /// The separator most values say, else `fallback`.
    pub(crate) fn decide(&self, fallback: DecimalSep) -> DecimalSep {
        match self.comma.cmp(&self.point) {
            std::cmp::Ordering::Greater => DecimalSep::Comma,
            std::cmp::Ordering::Less => DecimalSep::Point,
            std::cmp::Ordering::Equal => fallback,
        }
    }
}

/// Reads an amount as people type it: `1 234,56`, `1,234.56`, `1'234.56`, `-1234`, `(1 234)`,
/// `1 234 ₽`, `$1,234`, `12 руб.`, `1.5E+3`. An empty cell is `Ok(None)`.
///
/// `decimal` is the column's separator (see [`decide_decimal`]); a lone separator of the other
/// kind that is not followed by exactly three digits is still read as a decimal separator.
///
/// # Errors
/// [`AmountError::NotANumber`] for anything else, [`AmountError::TooLarge`] above ten trillion.
pub fn parse_amount(cell: &str, decimal: DecimalSep) -> Result<Option<Money>, AmountError> {
    if let Some((minor, _)) = common_amount(cell) {
        return Ok(Some(Money(minor)));
    }
    parse_amount_general(cell, decimal)
}

fn parse_amount_general(cell: &str, decimal: DecimalSep) -> Result<Option<Money>, AmountError> {
    if cell.trim().is_empty() {
        return Ok(None);
    }
    let (negative, s) = core_digits(cell);
    if s.is_empty() {
        return Err(AmountError::NotANumber);
    }
    let (int_part, frac_part, exp) = split_number(&s, decimal)?;
    let minor = if let Some(exp) = exp {
        let text = format!("{int_part}.{frac_part}e{exp}");
        let v: f64 = text.parse().map_err(|_| AmountError::NotANumber)?;
        if !v.is_finite() || v.abs() * 100.0 > MAX_CELL_MINOR as f64 {
            return Err(AmountError::TooLarge);
        }
        (v * 100.0).round() as i128
    } else {
        if int_part.len() > 20 {
            return Err(AmountError::TooLarge);
        }
        let int: i128 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().map_err(|_| AmountError::NotANumber)?
        };
        let mut frac = frac_part.bytes().chain(std::iter::repeat(b'0')).take(3);
        let d1 = (frac.next().unwrap() - b'0') as i128;
        let d2 = (frac.next().unwrap() - b'0') as i128;
        let d3 = frac.next().unwrap() - b'0';
        int * 100 + d1 * 10 + d2 + i128::from(d3 >= 5)
    };
    if minor > MAX_CELL_MINOR as i128 {
        return Err(AmountError::TooLarge);
    }
    let minor = minor as i64;
    Ok(Some(Money(if negative { -minor } else { minor })))
}

/// Splits `1234,5` / `1.234,5` / `1,5E+3` into integer digits, fraction digits and exponent.
fn split_number(
    s: &str,
    decimal: DecimalSep,
) -> Result<(String, String, Option<i32>), AmountError> {
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => {
            let e: i32 = s[i + 1..].parse().map_err(|_| AmountError::NotANumber)?;
            (&s[..i], Some(e))
        }
        None => (s, None),
    };
    if mantissa.is_empty()
        || !mantissa
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    {
        return Err(AmountError::NotANumber);
    }
    let commas = mantissa.matches(',').count();
    let points = mantissa.matches('.').count();
    let dec_char = match (commas, points) {
        (0, 0) => None,
        (_, 0) | (0, _) => {
            let (c, n, preferred) = if commas > 0 {
                (',', commas, decimal == DecimalSep::Comma)
            } else {
                ('.', points, decimal == DecimalSep::Point)
            };
            let after = mantissa.len() - mantissa.rfind(c).unwrap() - 1;
            if n == 1 && (preferred || after != 3) {
                Some(c)
            } else {
                None
            }
        }
        _ => {
            // Both: the last one separates the decimals, the other groups thousands.
            if mantissa.rfind(',') > mantissa.rfind('.') {
                if commas > 1 {
                    return Err(AmountError::NotANumber);
                }
                Some(',')
            } else {
                if points > 1 {
                    return Err(AmountError::NotANumber);
                }
                Some('.')
            }
        }
    };
    let (int_part, frac_part) = match dec_char {
        Some(c) => {
            let i = mantissa.rfind(c).unwrap();
            (&mantissa[..i], &mantissa[i + 1..])
        }
        None => (mantissa, ""),
    };
    let int_digits: String = int_part.chars().filter(char::is_ascii_digit).collect();
    if int_digits.is_empty() && frac_part.is_empty() {
        return Err(AmountError::NotANumber);
    }
    Ok((int_digits, frac_part.to_owned(), exp))
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecimalSep::*;

    fn p(s: &str, d: DecimalSep) -> Option<i64> {
        parse_amount(s, d).unwrap().map(|m| m.0)
    }

    #[test]
    fn the_fast_path_reads_as_the_general_path_does() {
        let mut cells: Vec<String> = Vec::new();
        for int in [
            "0",
            "7",
            "007",
            "1234",
            "9999999999999",
            "10000000000000",
            "",
        ] {
            for tail in [
                "", ".5", ",5", ".05", ",50", ".123", ",123", ".", ",", ".5.", "x",
            ] {
                for sign in ["", "-", "+", "−"] {
                    cells.push(format!("{sign}{int}{tail}"));
                }
            }
        }
        cells.extend([" 12.5", "12.5 ", "1 234", "1e3", "-", "--5", "5-"].map(String::from));
        for cell in &cells {
            for d in [Comma, Point] {
                assert_eq!(
                    parse_amount(cell, d),
                    parse_amount_general(cell, d),
                    "{cell:?}"
                );
            }
            assert_eq!(evidence(cell), evidence_general(cell), "{cell:?}");
        }
    }

    #[test]
    fn reads_the_ways_people_write_amounts() {
        assert_eq!(p("1 234,56", Comma), Some(123456));
        assert_eq!(p("1\u{a0}234,56", Comma), Some(123456));
        assert_eq!(p("1\u{202f}234,5", Comma), Some(123450));
        assert_eq!(p("1,234.56", Point), Some(123456));
        assert_eq!(p("1'234.56", Point), Some(123456));
        assert_eq!(p("1’234,56", Comma), Some(123456));
        assert_eq!(p("1.234,56", Point), Some(123456));
        assert_eq!(p("1,234,567", Point), Some(123456700));
        assert_eq!(p("1.234.567", Comma), Some(123456700));
        assert_eq!(p("12,5", Point), Some(1250));
        assert_eq!(p("12.5", Comma), Some(1250));
        assert_eq!(p("1,234", Point), Some(123400));
        assert_eq!(p("1,234", Comma), Some(123));
        assert_eq!(p("0,005", Comma), Some(1));
        assert_eq!(p(",5", Comma), Some(50));
    }

    #[test]
    fn reads_currency_signs_and_codes() {
        assert_eq!(p("1 234 ₽", Comma), Some(123400));
        assert_eq!(p("1234 руб.", Comma), Some(123400));
        assert_eq!(p("1234руб", Comma), Some(123400));
        assert_eq!(p("1 234,50 р.", Comma), Some(123450));
        assert_eq!(p("$1,234.50", Point), Some(123450));
        assert_eq!(p("€ 99", Point), Some(9900));
        assert_eq!(p("USD 1,000", Point), Some(100000));
        for (cell, sign) in [
            ("1 234 ₽", Some("₽")),
            ("1234 руб.", Some("₽")),
            ("12 р.", Some("₽")),
            ("$1,234", Some("$")),
            ("USD 1,000", Some("$")),
            ("€ 99", Some("€")),
            ("1 234,56", None),
            ("-12.5", None),
            ("", None),
        ] {
            assert_eq!(currency_of(cell), sign, "{cell}");
        }
        assert_eq!(p("1000 RUB", Point), Some(100000));
    }

    #[test]
    fn reads_minus_signs_and_parentheses() {
        assert_eq!(p("-1 234,5", Comma), Some(-123450));
        assert_eq!(p("−500", Comma), Some(-50000));
        assert_eq!(p("(1 234,50)", Comma), Some(-123450));
        assert_eq!(p("($1,234.50)", Point), Some(-123450));
        assert_eq!(p("-$20", Point), Some(-2000));
        assert_eq!(p("$-20", Point), Some(-2000));
        assert_eq!(p("20-", Point), Some(-2000));
        assert_eq!(p("+20", Point), Some(2000));
    }

    #[test]
    fn reads_exponents_and_empty_cells() {
        assert_eq!(p("1,5E+3", Comma), Some(150000));
        assert_eq!(p("1.5e3", Point), Some(150000));
        assert_eq!(p("", Point), None);
        assert_eq!(p("   ", Point), None);
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        for bad in ["12,5O", "abc", "1.2.3,4,5", "₽", "-", "12 34x", "1e", "(12"] {
            assert_eq!(
                parse_amount(bad, Comma),
                Err(AmountError::NotANumber),
                "{bad}"
            );
        }
        assert_eq!(parse_amount("1e300", Point), Err(AmountError::TooLarge));
        assert_eq!(
            parse_amount("99999999999999999999999", Point),
            Err(AmountError::TooLarge)
        );
    }

    #[test]
    fn decides_the_decimal_separator_from_the_column() {
        assert_eq!(decide_decimal(["1 234,56", "100", "12,5"], Point), Comma);
        assert_eq!(decide_decimal(["1,234.56", "100", "12.5"], Comma), Point);
        assert_eq!(decide_decimal(["1,234", "100"], Comma), Comma);
        assert_eq!(decide_decimal(["1,234", "100"], Point), Point);
    }

    #[test]
    fn displays_plainly() {
        assert_eq!(Money(-123456).to_string(), "-1234.56");
        assert_eq!(Money(5).to_string(), "0.05");
    }
}
