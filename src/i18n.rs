//! The two languages of the UI. Each label is written once with both texts beside it; numbers,
//! money and dates go through `boomerang_core::format`.

pub use boomerang_core::format::Lang;
use boomerang_core::format::{self, money_whole, percent};
use boomerang_core::{Abc, Category, Figure, Money, Status, Xyz};

/// Picks the text for the language.
pub fn t(lang: Lang, en: &'static str, ru: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ru => ru,
    }
}

/// The language the browser asks for: Russian for `ru*`, else English.
pub fn browser_lang() -> Lang {
    let language = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    if language.starts_with("ru") {
        Lang::Ru
    } else {
        Lang::En
    }
}

/// A role's name in the mapping.
pub fn role_name(role: boomerang_core::Role, lang: Lang) -> &'static str {
    use boomerang_core::Role::*;
    match role {
        ClientId => t(lang, "Client", "Клиент"),
        ClientName => t(lang, "Client name", "Название клиента"),
        Date => t(lang, "Date", "Дата"),
        Amount => t(lang, "Amount", "Сумма"),
        Profit => t(lang, "Profit", "Прибыль"),
        Manager => t(lang, "Manager", "Менеджер"),
        Product => t(lang, "Product", "Товар"),
        Reason => t(lang, "Reason for leaving", "Причина ухода"),
        FirstDate => t(lang, "First purchase", "Первая покупка"),
        LastDate => t(lang, "Last purchase", "Последняя покупка"),
        Purchases => t(lang, "Purchases", "Число покупок"),
        MedianInterval => t(lang, "Median interval, days", "Медианный интервал, дней"),
        YearRevenue => t(lang, "Client's year: revenue", "Год клиента: выручка"),
        YearPurchases => t(lang, "Client's year: purchases", "Год клиента: покупок"),
        YearProfit => t(lang, "Client's year: profit", "Год клиента: прибыль"),
        RevenueLast365 => t(
            lang,
            "Revenue, last 365 days",
            "Выручка за последние 365 дней",
        ),
        RevenuePrev365 => t(
            lang,
            "Revenue, 365 days before",
            "Выручка за 365 дней до них",
        ),
        EarlierLosses => t(lang, "Earlier losses", "Прежние потери"),
        LastReturn => t(lang, "Latest return", "Последний возврат"),
        LastPurchaseYearBefore => t(
            lang,
            "Last purchase a year before",
            "Последняя покупка годом ранее",
        ),
        AsOf => t(lang, "Summarised as of", "Дата анализа"),
    }
}

/// A status in words.
pub fn status_name(s: Status, lang: Lang) -> &'static str {
    boomerang_core::export::status_name(s, lang)
}

/// A category in words.
pub fn category_name(c: Category, lang: Lang) -> &'static str {
    boomerang_core::export::category_name(c, lang)
}

/// An ABC class as a letter.
pub fn abc_name(c: Abc) -> &'static str {
    match c {
        Abc::A => "A",
        Abc::B => "B",
        Abc::C => "C",
    }
}

/// An XYZ class as a letter.
pub fn xyz_name(c: Xyz) -> &'static str {
    match c {
        Xyz::X => "X",
        Xyz::Y => "Y",
        Xyz::Z => "Z",
    }
}

/// Money rounded to whole units with the currency.
pub fn money(m: Money, currency: &str, lang: Lang) -> String {
    money_whole(m, currency, lang)
}

/// A whole number.
pub fn int(n: usize, lang: Lang) -> String {
    format::int(n as i64, lang)
}

/// A share as a percentage with one decimal.
pub fn pct(share: f64, lang: Lang) -> String {
    percent(share, 1, lang)
}

/// A number with one decimal, in the language's style.
pub fn dec1(v: f64, lang: Lang) -> String {
    let s = format::fixed(v, 1);
    match lang {
        Lang::Ru => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A number as typed into a field: `12`, `12.5` (to two decimals).
pub fn plain(v: f64) -> String {
    format::plain(v, 2)
}

/// A count of clients: whole when it is, else with one decimal.
pub fn count(v: f64, lang: Lang) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        int(v as usize, lang)
    } else {
        dec1(v, lang)
    }
}

/// A number with `places` decimals, in the language's style.
pub fn dec(v: f64, places: usize, lang: Lang) -> String {
    let s = format::fixed(v, places);
    match lang {
        Lang::Ru => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A stretch of time in the unit a person says it in: days up to two months, then months.
pub fn span(days: f64, lang: Lang) -> String {
    if days < 60.0 {
        let n = days.round().max(0.0) as usize;
        let unit = if n == 1 {
            t(lang, "day", "дн.")
        } else {
            t(lang, "days", "дн.")
        };
        format!("{} {unit}", int(n, lang))
    } else {
        let months = dec1(days / (365.25 / 12.0), lang);
        let months = months.trim_end_matches(",0").trim_end_matches(".0");
        let unit = if months == "1" {
            t(lang, "month", "мес.")
        } else {
            t(lang, "months", "мес.")
        };
        format!("{months} {unit}")
    }
}

pub use boomerang_core::format::ru_plural;

/// Years with one decimal: `4,6 года` / `4.6 years`. A Russian number with a decimal part
/// takes the genitive singular whatever it ends in (4,6 года, 1,0 года, 5,0 года).
pub fn years(v: f64, lang: Lang) -> String {
    format!("{} {}", dec1(v, lang), t(lang, "years", "года"))
}

/// A date.
pub fn date(d: chrono::NaiveDate, lang: Lang) -> String {
    format::date(d, lang)
}

/// A figure's text, or a dash when it is undefined.
pub fn figure<T>(f: &Figure<T>, show: impl Fn(&T) -> String) -> String {
    f.value().map_or_else(|| "—".to_owned(), show)
}

pub use boomerang_core::calculator::typed_number;
