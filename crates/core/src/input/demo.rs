//! The demo data set: a wholesaler's sales log with managers and reasons for leaving,
//! generated deterministically, as messy as a real 1C export.
//!
//! Some 400 clients over three years: steady buyers, clients who fall asleep, clients who
//! leave (some with a reason noted), clients who leave and come back. The text is `;`-separated
//! with decimal commas, `dd.mm.yyyy` dates, amounts with and without `₽`, a few broken rows and
//! a totals row at the end, so the import's handling of each shows on first start.

use chrono::{Duration, NaiveDate};

/// A small deterministic generator (SplitMix64), so the demo is the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FORMS: [&str; 3] = ["ООО", "ИП", "АО"];
const WORDS: [&str; 24] = [
    "Ромашка",
    "Вектор",
    "Стройторг",
    "Север",
    "Альянс",
    "Меридиан",
    "Гранит",
    "Восход",
    "Техснаб",
    "Орион",
    "Профиль",
    "Кедр",
    "Магистраль",
    "Русь",
    "Эталон",
    "Фортуна",
    "Импульс",
    "Монолит",
    "Сфера",
    "Дельта",
    "Лидер",
    "Заря",
    "Астра",
    "Союз",
];
const MANAGERS: [&str; 5] = [
    "Иванова А.",
    "Петров С.",
    "Смирнова О.",
    "Кузнецов Д.",
    "Васильева Е.",
];
const PRODUCTS: [&str; 8] = [
    "Кабель ВВГ",
    "Автоматы ABB",
    "Светильники",
    "Розетки и выключатели",
    "Щиты",
    "Провод ПВС",
    "Лампы LED",
    "Крепёж",
];
const REASONS: [&str; 6] = [
    "Ушёл к конкуренту",
    "Цена выше рынка",
    "Сроки поставки",
    "Сменился закупщик",
    "Закрыл бизнес",
    "Недоволен качеством",
];

/// The last day of the demo: its analysis date.
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 30).unwrap()
}

fn amount_text(kopecks: i64, rng: &mut Rng) -> String {
    let rub = kopecks / 100;
    let kop = kopecks % 100;
    // Grouped with non-breaking spaces, as Excel writes; most exports turn them into spaces.
    let mut grouped = crate::format::int(rub, crate::format::Lang::Ru);
    if rng.below(4) != 0 {
        grouped = grouped.replace('\u{a0}', " ");
    }
    match rng.below(10) {
        0 => format!("{grouped},{kop:02} ₽"),
        1 => format!("{rub},{kop:02}"),
        _ => format!("{grouped},{kop:02}"),
    }
}

/// The demo as `;`-separated UTF-8 text, the header first.
pub fn wholesaler_csv() -> String {
    let mut rng = Rng(20_240_601);
    let start = NaiveDate::from_ymd_opt(2023, 11, 1).unwrap();
    let end = as_of();
    let span = (end - start).num_days();
    let mut lines: Vec<(NaiveDate, String)> = Vec::new();
    let mut total = 0i64;
    for c in 0..400 {
        let name = format!("{} «{} {}»", rng.pick(&FORMS), rng.pick(&WORDS), 100 + c);
        let manager = rng.pick(&MANAGERS);
        // Rhythm: from weekly to quarterly; check: lognormal around 40 000 ₽.
        let interval = (7.0 * (13.0f64).powf(rng.unit())).round();
        let check = 40_000.0 * (rng.unit() * 2.0 - 1.0 + (rng.unit() - 0.5)).exp();
        let margin = 0.12 + rng.unit() * 0.18;
        let joined = start + Duration::days((rng.unit().powi(2) * span as f64 * 0.8) as i64);
        // 45% leave at some point; a third of those come back after a pause.
        let leaves = rng.unit() < 0.45;
        let left_at =
            joined + Duration::days((rng.unit() * (end - joined).num_days() as f64) as i64);
        let returns = leaves && rng.unit() < 0.33;
        let back_at = left_at + Duration::days((interval * (3.0 + rng.unit() * 6.0)) as i64);
        let one_time = rng.unit() < 0.08;
        let mut day = joined;
        let mut last_row: Option<usize> = None;
        loop {
            let in_pause = leaves && day > left_at && (!returns || day < back_at);
            if day > end {
                break;
            }
            if in_pause {
                if !returns {
                    break;
                }
                day = back_at;
                continue;
            }
            // One occasion is sometimes two invoices on one day.
            for _ in 0..(1 + usize::from(rng.below(8) == 0)) {
                let amount = (check * (0.6 + rng.unit() * 0.8) * 100.0).round() as i64;
                let profit = (amount as f64 * margin).round() as i64;
                total += amount;
                lines.push((
                    day,
                    format!(
                        "{};{};{};{};{};{};",
                        day.format("%d.%m.%Y"),
                        name,
                        manager,
                        rng.pick(&PRODUCTS),
                        amount_text(amount, &mut rng),
                        amount_text(profit, &mut rng),
                    ),
                ));
                last_row = Some(lines.len() - 1);
            }
            if one_time {
                break;
            }
            let jitter = 0.6 + rng.unit() * 0.8;
            day += Duration::days(((interval * jitter).round() as i64).max(1));
        }
        // A manager notes a reason on the last sale of most clients who left for good.
        if let (true, false, Some(i)) = (leaves, returns, last_row) {
            if rng.unit() < 0.7 {
                lines[i].1.push_str(rng.pick(&REASONS));
            }
        }
    }
    lines.sort_by_key(|(d, _)| *d);
    let mut out = String::from("Дата;Клиент;Менеджер;Номенклатура;Сумма;Прибыль;Причина ухода\n");
    for (i, (_, line)) in lines.iter().enumerate() {
        // The messiness of a real export, at fixed places.
        match i {
            500 => out.push_str(&line[line.find(';').unwrap()..]),
            1500 => {
                let mut cells: Vec<&str> = line.split(';').collect();
                cells[4] = "12 5OO,00";
                out.push_str(&cells.join(";"));
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out.push_str(&format!(";Итого;;;{};;\n", amount_text(total, &mut rng)));
    out
}

/// A synthetic transaction log for benchmarks: `rows` purchases (`client,date,amount`, ISO
/// dates, decimal points, oldest first) over four years to 2025-12-31. Clients are made in
/// turn until the rows run out (at most `rows / 10`; 5,775 for 100,000 rows with seed 1, about
/// 17 purchases each). Clients buy every week to every four months with jitter; about half
/// leave at some point and a fifth of those come back after a pause. The same `seed` gives
/// the same bytes everywhere.
///
/// # Errors
/// When `out` cannot be written.
pub fn synthetic_log(rows: usize, seed: u64, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    synthetic_log_as(rows, seed, LogLayout::Csv, out)
}

/// How [`synthetic_log_as`] lays the purchases out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogLayout {
    /// `client,date,amount`, ISO dates, `\n`: [`synthetic_log`].
    Csv,
    /// As CDNOW's master file: a header, columns aligned by runs of spaces, the client a
    /// number with leading zeros, the day as `YYYYMMDD`, a count of items, `\r\n` line ends.
    Cdnow,
}

/// [`synthetic_log`]'s purchases in the given layout: the same clients (`C0000333` is
/// `0000333` in CDNOW's layout), days and amounts.
///
/// # Errors
/// When `out` cannot be written.
pub fn synthetic_log_as(
    rows: usize,
    seed: u64,
    layout: LogLayout,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    const SPAN: i64 = 4 * 365;
    let mut rng = Rng(seed);
    let clients = (rows / 10).max(1);
    let mut purchases: Vec<(u16, u32, u32)> = Vec::with_capacity(rows);
    'clients: for c in 0..clients as u32 {
        let interval = 7.0 + rng.unit() * 113.0;
        let mut day = (rng.unit() * SPAN as f64 * 0.8) as i64;
        let leaves = rng.unit() < 0.5;
        let end = if leaves {
            day + (rng.unit() * (SPAN - day) as f64) as i64
        } else {
            SPAN
        };
        let back = leaves && rng.unit() < 0.2;
        let pause = (90.0 + rng.unit() * 400.0) as i64;
        let typical = 500.0 + rng.unit() * 20_000.0;
        let mut returned = false;
        loop {
            if day >= end {
                if back && !returned && end + pause < SPAN {
                    returned = true;
                    day = end + pause;
                } else {
                    break;
                }
            }
            if day >= SPAN || purchases.len() >= rows {
                break;
            }
            let cents = (typical * (0.5 + rng.unit()) * 100.0) as u32;
            purchases.push((day as u16, c, cents));
            if purchases.len() >= rows {
                break 'clients;
            }
            day += (interval * (0.5 + rng.unit())).max(1.0) as i64;
        }
    }
    // Fill up to `rows` with extra purchases of random clients on random days.
    while purchases.len() < rows {
        let c = rng.below(clients) as u32;
        let day = rng.below(SPAN as usize) as u16;
        purchases.push((day, c, 1_000 + rng.below(2_000_000) as u32));
    }
    purchases.sort_unstable();
    let first = NaiveDate::from_ymd_opt(2025, 12, 31).expect("a date") - Duration::days(SPAN - 1);
    use std::io::Write;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, out);
    let date_format = match layout {
        LogLayout::Csv => {
            writeln!(w, "client,date,amount")?;
            "%Y-%m-%d"
        }
        LogLayout::Cdnow => {
            write!(w, " customer_id  date number_of_cds  dollar_value\r\n")?;
            "%Y%m%d"
        }
    };
    let mut date = String::new();
    let mut last_day = u16::MAX;
    for (day, c, cents) in purchases {
        if day != last_day {
            date = (first + Duration::days(i64::from(day)))
                .format(date_format)
                .to_string();
            last_day = day;
        }
        let (units, hundredths) = (cents / 100, cents % 100);
        match layout {
            LogLayout::Csv => writeln!(w, "C{c:07},{date},{units}.{hundredths:02}")?,
            LogLayout::Cdnow => {
                // A count of items from the amount, so that the purchases stay the CSV's.
                let items = 1 + cents % 4;
                write!(
                    w,
                    " {c:07} {date} {items:>2} {units:>7}.{hundredths:02}\r\n"
                )?;
            }
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_the_same_every_time() {
        assert_eq!(wholesaler_csv(), wholesaler_csv());
    }
}
