//! Dates as exports write them: `31.12.2024`, `31.12.24`, `2024-12-31`, `20241231`,
//! `12/31/2024`, with or without a time.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The order of day and month in a slash date such as `03/04/2024`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// `31/12/2024`
    Dmy,
    /// `12/31/2024`
    Mdy,
}

/// Why a cell is not a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not a date in any known format.
    Unreadable,
    /// A slash date, and the order of day and month is not known.
    NeedsOrder,
    /// A real date before 1900 or after 2100.
    OutOfRange,
}

/// What a column's slash dates say about their order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SlashOrder {
    /// The column has no slash dates.
    NotNeeded,
    /// Some value has a first part above 12 (day first) or a second part above 12 (month first).
    Decided(DateOrder),
    /// Every slash date reads both ways; one of them, to show the user.
    Ambiguous(String),
    /// Some values read only day-first and others only month-first.
    Conflict,
}

/// Decides the order of day and month for a column from all its values.
pub fn decide_slash_order<'a>(values: impl IntoIterator<Item = &'a str>) -> SlashOrder {
    let mut votes = SlashVotes::default();
    for v in values {
        votes.add(v);
    }
    votes.decide()
}

/// [`decide_slash_order`] one value at a time, for values that are not kept.
#[derive(Clone, Debug, Default)]
pub(crate) struct SlashVotes {
    dmy: bool,
    mdy: bool,
    example: Option<String>,
}

impl SlashVotes {
    /// Counts what a value says.
    pub(crate) fn add(&mut self, v: &str) {
        // Most dates have no slash, and only slash dates vote.
        if memchr::memchr(b'/', v.as_bytes()).is_none() {
            return;
        }
        let Some((a, b, _)) = slash_parts(date_token(v)) else {
            return;
        };
        if a > 12 && b <= 12 {
            self.dmy = true;
        } else if b > 12 && a <= 12 {
            self.mdy = true;
        } else if self.example.is_none() {
            self.example = Some(v.trim().to_owned());
        }
    }

    /// The order the values tell.
    pub(crate) fn decide(self) -> SlashOrder {
        match (self.dmy, self.mdy, self.example) {
            (true, true, _) => SlashOrder::Conflict,
            (true, false, _) => SlashOrder::Decided(DateOrder::Dmy),
            (false, true, _) => SlashOrder::Decided(DateOrder::Mdy),
            (false, false, Some(e)) => SlashOrder::Ambiguous(e),
            (false, false, None) => SlashOrder::NotNeeded,
        }
    }
}

/// The date part of a cell: `31.12.2024 10:15` → `31.12.2024`, `2024-12-31T10:15:00` → `2024-12-31`.
fn date_token(cell: &str) -> &str {
    let t = cell.split_whitespace().next().unwrap_or("");
    match t.find('T') {
        Some(i) if i >= 8 => &t[..i],
        _ => t,
    }
}

/// `a/b/yyyy` with `a`, `b` up to two digits; not `yyyy/mm/dd`.
fn slash_parts(t: &str) -> Option<(u32, u32, i32)> {
    let mut it = t.split('/');
    let (a, b, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || a.len() > 2 || b.len() > 2 {
        return None;
    }
    Some((num(a)?, num(b)?, year(y)?))
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn year(s: &str) -> Option<i32> {
    let y = num(s)? as i32;
    match s.len() {
        4 => Some(y),
        2 => Some(if y <= 69 { 2000 + y } else { 1900 + y }),
        _ => None,
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate, DateError> {
    let date = NaiveDate::from_ymd_opt(y, m, d).ok_or(DateError::Unreadable)?;
    if !(1900..=2100).contains(&y) {
        return Err(DateError::OutOfRange);
    }
    Ok(date)
}

/// Reads a date. An empty cell is `Ok(None)`.
///
/// # Errors
/// [`DateError::NeedsOrder`] for a slash date when `order` is `None`;
/// [`DateError::OutOfRange`] before 1900 or after 2100; [`DateError::Unreadable`] otherwise.
pub fn parse_date(cell: &str, order: Option<DateOrder>) -> Result<Option<NaiveDate>, DateError> {
    // Most cells of an export are `2024-12-31` or `31.12.2024`: read without splitting (as
    // the general path reads them: `fast_paths_read_as_the_general_path_does`).
    if let Some(date) = common_date(cell.as_bytes()) {
        return date.map(Some);
    }
    parse_date_general(cell, order)
}

/// `yyyy-mm-dd`, `dd.mm.yyyy` and `yyyymmdd` exactly, else `None`.
fn common_date(b: &[u8]) -> Option<Result<NaiveDate, DateError>> {
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |v, &c| {
            c.is_ascii_digit().then(|| v * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 8 {
        return Some(ymd(number(0, 4)? as i32, number(4, 6)?, number(6, 8)?));
    }
    if b.len() != 10 {
        return None;
    }
    let (y, m, d) = if b[4] == b'-' && b[7] == b'-' {
        (number(0, 4)?, number(5, 7)?, number(8, 10)?)
    } else if b[2] == b'.' && b[5] == b'.' {
        (number(6, 10)?, number(3, 5)?, number(0, 2)?)
    } else {
        return None;
    };
    Some(ymd(y as i32, m, d))
}

fn parse_date_general(
    cell: &str,
    order: Option<DateOrder>,
) -> Result<Option<NaiveDate>, DateError> {
    let t = date_token(cell);
    if t.is_empty() {
        return Ok(None);
    }
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let (y, m, d) = (num(&t[..4]), num(&t[4..6]), num(&t[6..]));
        return ymd(y.unwrap() as i32, m.unwrap(), d.unwrap()).map(Some);
    }
    for sep in ['-', '.', '/'] {
        let parts: Vec<&str> = t.split(sep).collect();
        if parts.len() != 3 {
            continue;
        }
        if parts[0].len() == 4 {
            let (y, m, d) = (num(parts[0]), num(parts[1]), num(parts[2]));
            let (Some(y), Some(m), Some(d)) = (y, m, d) else {
                return Err(DateError::Unreadable);
            };
            return ymd(y as i32, m, d).map(Some);
        }
        if sep == '/' {
            let (a, b, y) = slash_parts(t).ok_or(DateError::Unreadable)?;
            return match order {
                Some(DateOrder::Dmy) => ymd(y, b, a).map(Some),
                Some(DateOrder::Mdy) => ymd(y, a, b).map(Some),
                None if a > 12 => ymd(y, b, a).map(Some),
                None if b > 12 => ymd(y, a, b).map(Some),
                None => Err(DateError::NeedsOrder),
            };
        }
        let (d, m, y) = (num(parts[0]), num(parts[1]), year(parts[2]));
        let (Some(d), Some(m), Some(y)) = (d, m, y) else {
            return Err(DateError::Unreadable);
        };
        if parts[0].len() > 2 || parts[1].len() > 2 {
            return Err(DateError::Unreadable);
        }
        return ymd(y, m, d).map(Some);
    }
    Err(DateError::Unreadable)
}

/// Does the cell look like a date in a format this module reads (any slash order)?
pub fn looks_like_date(cell: &str) -> bool {
    matches!(parse_date(cell, Some(DateOrder::Dmy)), Ok(Some(_)))
        || matches!(parse_date(cell, Some(DateOrder::Mdy)), Ok(Some(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_paths_read_as_the_general_path_does() {
        let mut cells = Vec::new();
        for (y, m, d) in [
            ("2024", "12", "31"),
            ("1997", "01", "01"),
            ("1899", "01", "01"),
            ("2101", "06", "15"),
            ("2024", "02", "30"),
            ("2023", "02", "29"),
            ("2024", "00", "10"),
            ("2024", "13", "01"),
            ("0000", "01", "01"),
            ("2024", "1a", "01"),
        ] {
            cells.push(format!("{y}-{m}-{d}"));
            cells.push(format!("{d}.{m}.{y}"));
            cells.push(format!("{y}{m}{d}"));
        }
        cells.extend(
            [
                "2024-12-3 ",
                "31.12.24",
                "31-12-2024",
                "2024.12.31",
                "3.12.2024x",
                "2024123",
                "202412311",
                "2024-1-1",
                "2024 231",
                "+2024123",
            ]
            .map(String::from),
        );
        for cell in cells {
            for order in [None, Some(DateOrder::Dmy), Some(DateOrder::Mdy)] {
                assert_eq!(
                    parse_date(&cell, order),
                    parse_date_general(&cell, order),
                    "{cell}"
                );
            }
        }
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn reads_every_listed_format() {
        assert_eq!(parse_date("31.12.2024", None), Ok(d(2024, 12, 31)));
        assert_eq!(parse_date("1.2.2024", None), Ok(d(2024, 2, 1)));
        assert_eq!(parse_date("31.12.24", None), Ok(d(2024, 12, 31)));
        assert_eq!(parse_date("31.12.98", None), Ok(d(1998, 12, 31)));
        assert_eq!(parse_date("2024-12-31", None), Ok(d(2024, 12, 31)));
        assert_eq!(parse_date("20241231", None), Ok(d(2024, 12, 31)));
        assert_eq!(parse_date("12/31/2024", None), Ok(d(2024, 12, 31)));
        assert_eq!(parse_date("31/12/2024", None), Ok(d(2024, 12, 31)));
        assert_eq!(parse_date("2024/12/31", None), Ok(d(2024, 12, 31)));
        assert_eq!(parse_date("31-12-2024", None), Ok(d(2024, 12, 31)));
    }

    #[test]
    fn ignores_the_time() {
        assert_eq!(parse_date("31.12.2024 10:15", None), Ok(d(2024, 12, 31)));
        assert_eq!(parse_date("31.12.2024 10:15:59", None), Ok(d(2024, 12, 31)));
        assert_eq!(
            parse_date("2024-12-31T10:15:00Z", None),
            Ok(d(2024, 12, 31))
        );
        assert_eq!(
            parse_date("2024-12-31 23:59:59.123", None),
            Ok(d(2024, 12, 31))
        );
        assert_eq!(parse_date("12/31/2024 3:04 PM", None), Ok(d(2024, 12, 31)));
    }

    #[test]
    fn asks_for_the_order_of_ambiguous_slash_dates() {
        assert_eq!(parse_date("03/04/2024", None), Err(DateError::NeedsOrder));
        assert_eq!(
            parse_date("03/04/2024", Some(DateOrder::Dmy)),
            Ok(d(2024, 4, 3))
        );
        assert_eq!(
            parse_date("03/04/2024", Some(DateOrder::Mdy)),
            Ok(d(2024, 3, 4))
        );
    }

    #[test]
    fn decides_the_order_from_the_whole_column() {
        assert_eq!(
            decide_slash_order(["03/04/2024", "25/04/2024"]),
            SlashOrder::Decided(DateOrder::Dmy)
        );
        assert_eq!(
            decide_slash_order(["03/04/2024", "04/25/2024"]),
            SlashOrder::Decided(DateOrder::Mdy)
        );
        assert_eq!(
            decide_slash_order(["03/04/2024", "05/06/2024"]),
            SlashOrder::Ambiguous("03/04/2024".into())
        );
        assert_eq!(
            decide_slash_order(["13/04/2024", "04/25/2024"]),
            SlashOrder::Conflict
        );
        assert_eq!(
            decide_slash_order(["2024-01-02", "31.12.2024"]),
            SlashOrder::NotNeeded
        );
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "31.02.2024",
            "2024-13-01",
            "yesterday",
            "12.5",
            "1234",
            "20241332",
            "1/2",
            "31.12.202",
        ] {
            assert_eq!(
                parse_date(bad, Some(DateOrder::Dmy)),
                Err(DateError::Unreadable),
                "{bad}"
            );
        }
        assert_eq!(parse_date("01.01.1899", None), Err(DateError::OutOfRange));
        assert_eq!(parse_date("01.01.2200", None), Err(DateError::OutOfRange));
        assert_eq!(parse_date("", None), Ok(None));
    }
}
