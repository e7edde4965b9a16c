//! Numbers, money and dates as a person reads them, in Russian or English.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::money::Money;

/// The language of the reader.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Russian: `1 234 567,89 ₽`, `31.12.2024`.
    #[default]
    Ru,
    /// English: `$1,234,567.89`, `Dec 31, 2024`.
    En,
}

fn group(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// `v` with `places` decimals as a machine writes it (`-1234.50`): `v` × 10^places rounded
/// half away from zero (so a tie in decimal, such as 1.45 to one place, rounds up, where
/// `format!` rounds the binary value, 1.4499…, down). Computed with whole numbers, so the
/// pages' modules carry no float printer. At most 8 decimals; numbers of 10^30 and more read
/// as `1.5e40`.
pub fn fixed(v: f64, places: usize) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.into();
    }
    if v.abs() >= 1e30 {
        let (mut mantissa, mut exponent) = (v, 0);
        while mantissa.abs() >= 10.0 {
            mantissa /= 10.0;
            exponent += 1;
        }
        return format!("{}e{exponent}", plain(mantissa, 3));
    }
    let units = (v.abs() * 10f64.powi(places.min(8) as i32)).round() as u128;
    let places = places.min(8);
    let mut text = units.to_string();
    if places > 0 {
        if text.len() <= places {
            text.insert_str(0, &"0".repeat(places + 1 - text.len()));
        }
        text.insert(text.len() - places, '.');
    }
    if v < 0.0 && units != 0 {
        text.insert(0, '-');
    }
    text
}

/// A number as short as it reads, rounded to `places` decimals (half away from zero): `40`,
/// `12.5`, `0.3333`; as a machine writes it (a dot, no grouping), for fields and addresses.
pub fn plain(v: f64, places: usize) -> String {
    let text = fixed(v, places);
    if !text.contains('.') || text.contains('e') {
        return text;
    }
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A whole number: `1 234 567` (Russian, with a non-breaking space) or `1,234,567`.
pub fn int(n: i64, lang: Lang) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let digits = n.unsigned_abs().to_string();
    let sep = match lang {
        Lang::Ru => '\u{a0}',
        Lang::En => ',',
    };
    format!("{sign}{}", group(&digits, sep))
}

/// A number with `places` decimals and grouped thousands: `-25 306,4` or `-25,306.4`.
pub fn decimal(v: f64, places: usize, lang: Lang) -> String {
    let text = fixed(v.abs(), places);
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let (sep, point) = match lang {
        Lang::Ru => ('\u{a0}', ","),
        Lang::En => (',', "."),
    };
    let sign = if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    let point = if fraction.is_empty() { "" } else { point };
    format!("{sign}{}{point}{fraction}", group(whole, sep))
}

/// Money with its currency: `1 234 567,89 ₽` or `$1,234,567.89`; `currency` is a sign such
/// as `₽`, `$` or `€`. Russian puts the sign after, English before.
pub fn money(m: Money, currency: &str, lang: Lang) -> String {
    let sign = if m.0 < 0 { "-" } else { "" };
    let a = m.0.unsigned_abs();
    let whole = int((a / 100) as i64, lang);
    let cents = a % 100;
    match lang {
        Lang::Ru => format!("{sign}{whole},{cents:02}\u{a0}{currency}"),
        Lang::En => format!("{sign}{currency}{whole}.{cents:02}"),
    }
}

/// Money rounded to whole units, for headline figures: `1 234 568 ₽` or `$1,234,568`.
pub fn money_whole(m: Money, currency: &str, lang: Lang) -> String {
    let rounded = (m.0 as f64 / 100.0).round() as i64;
    let whole = int(rounded.abs(), lang);
    let sign = if rounded < 0 { "-" } else { "" };
    match lang {
        Lang::Ru => format!("{sign}{whole}\u{a0}{currency}"),
        Lang::En => format!("{sign}{currency}{whole}"),
    }
}

/// A date: `31.12.2024` or `Dec 31, 2024`.
pub fn date(d: NaiveDate, lang: Lang) -> String {
    // Written out rather than through chrono's strftime, which the page would carry whole.
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, day) = (d.year(), d.month(), d.day());
    match lang {
        Lang::Ru => format!("{day:02}.{m:02}.{y}"),
        Lang::En => format!("{} {day}, {y}", MONTHS[m as usize - 1]),
    }
}

/// A share as a percentage with `decimals` places: `12,5 %` or `12.5%`.
pub fn percent(share: f64, decimals: usize, lang: Lang) -> String {
    let text = fixed(share * 100.0, decimals);
    // A share that rounds to zero is 0, never "-0.0".
    let text = match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_owned(),
        _ => text,
    };
    match lang {
        Lang::Ru => format!("{}\u{a0}%", text.replace('.', ",")),
        Lang::En => format!("{text}%"),
    }
}

/// A Russian noun after a whole number: `one` after 1, 21, 31…, `few` after 2–4, 22–24…,
/// `many` otherwise (5–20, 25–30…): 1 покупка, 3 покупки, 11 покупок, 21 покупка.
pub fn ru_plural(
    n: usize,
    one: &'static str,
    few: &'static str,
    many: &'static str,
) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=14) => many,
        (1, _) => one,
        (2..=4, _) => few,
        _ => many,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_numbers_read_as_typed() {
        use super::plain;
        assert_eq!(plain(40.0, 2), "40");
        assert_eq!(plain(12.5, 2), "12.5");
        assert_eq!(plain(0.125, 2), "0.13");
        assert_eq!(plain(-0.001, 2), "0");
        assert_eq!(plain(1.0 / 3.0, 4), "0.3333");
        assert_eq!(plain(1e20, 2), "100000000000000000000");
        assert_eq!(plain(1.5e40, 6), "1.5e40");
        assert_eq!(super::fixed(-2e35, 2), "-2e35");
        assert_eq!(plain(-2.5, 0), "-3");
        assert_eq!(super::fixed(-0.004, 2), "0.00");
        assert_eq!(super::fixed(-1234.5, 2), "-1234.50");
        assert_eq!(super::fixed(0.05, 3), "0.050");
        assert_eq!(super::fixed(f64::NAN, 1), "NaN");
        for v in [0.0, 1.0, 12.34, 99.99, 123456.7, 0.001, 2.0 / 3.0] {
            for places in 0..4 {
                assert_eq!(
                    super::fixed(v, places),
                    format!("{v:.places$}"),
                    "{v} to {places}"
                );
            }
        }
    }

    use super::*;

    #[test]
    fn russian_counts_take_their_form() {
        let form = |n| ru_plural(n, "покупка", "покупки", "покупок");
        assert_eq!(
            [1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111].map(form),
            [
                "покупка",
                "покупки",
                "покупки",
                "покупок",
                "покупок",
                "покупок",
                "покупок",
                "покупка",
                "покупки",
                "покупок",
                "покупка",
                "покупок"
            ]
        );
    }

    #[test]
    fn formats_decimals_per_language() {
        assert_eq!(decimal(-25306.44, 1, Lang::En), "-25,306.4");
        assert_eq!(decimal(-25306.44, 1, Lang::Ru), "-25\u{a0}306,4");
        assert_eq!(decimal(-0.04, 1, Lang::En), "0.0");
        assert_eq!(decimal(1234.0, 0, Lang::En), "1,234");
    }

    #[test]
    fn formats_money_per_language() {
        assert_eq!(
            money(Money(123456789), "₽", Lang::Ru),
            "1\u{a0}234\u{a0}567,89\u{a0}₽"
        );
        assert_eq!(money(Money(123456789), "$", Lang::En), "$1,234,567.89");
        assert_eq!(money(Money(-5), "$", Lang::En), "-$0.05");
        assert_eq!(
            money_whole(Money(123456789), "₽", Lang::Ru),
            "1\u{a0}234\u{a0}568\u{a0}₽"
        );
        assert_eq!(int(999, Lang::En), "999");
        assert_eq!(int(-1000, Lang::En), "-1,000");
    }

    #[test]
    fn formats_dates_and_percentages() {
        let d = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
        assert_eq!(date(d, Lang::Ru), "31.12.2024");
        assert_eq!(date(d, Lang::En), "Dec 31, 2024");
        assert_eq!(percent(0.125, 1, Lang::Ru), "12,5\u{a0}%");
        assert_eq!(percent(0.125, 1, Lang::En), "12.5%");
        assert_eq!(percent(-0.0, 1, Lang::En), "0.0%");
        assert_eq!(percent(-0.0001, 1, Lang::Ru), "0,0\u{a0}%");
        assert_eq!(percent(-0.25, 0, Lang::En), "-25%");
    }
}

/// A text cell made safe for a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return would run as a formula in Excel, so it gets a leading `'`.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod safe_tests {
    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(
            super::spreadsheet_safe("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(super::spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(super::spreadsheet_safe("ООО Альфа"), "ООО Альфа");
    }
}
