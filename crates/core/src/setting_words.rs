//! The settings in words, for their error messages: each setting's name and allowed range in
//! English and Russian, its value as a person reads it. Separate from the settings so that an
//! error's message needs only the words, and a page that shows only the quick calculator's
//! errors (the blog embed) carries only theirs.

use crate::format::Lang;

/// A setting as a person reads it: its name in words, its value (shares as percents, decimal
/// commas in Russian) and its allowed range, with no internal names.
pub(crate) fn in_words(
    name: &str,
    value: &str,
    allowed: &str,
    lang: Lang,
) -> (&'static str, String, String) {
    in_words_of(
        name,
        value,
        allowed,
        lang,
        &|name, allowed| match quick_words(name, allowed) {
            (None, _) => analysis_words(name, allowed),
            quick => quick,
        },
    )
}

/// [`in_words`] for the quick calculator's inputs alone (the blog embed's errors): the
/// analysis settings' words are not carried.
pub(crate) fn quick_in_words(
    name: &str,
    value: &str,
    allowed: &str,
    lang: Lang,
) -> (&'static str, String, String) {
    in_words_of(name, value, allowed, lang, &quick_words)
}

/// A setting's name and its range in Russian (English, Russian), by the setting's name and
/// its range in English.
type Words = (Option<(&'static str, &'static str)>, Option<&'static str>);

fn in_words_of(
    name: &str,
    value: &str,
    allowed: &str,
    lang: Lang,
    words: &dyn Fn(&str, &str) -> Words,
) -> (&'static str, String, String) {
    let ru = lang == Lang::Ru;
    let pick = |en: &'static str, r: &'static str| if ru { r } else { en };
    let (label, allowed_ru) = words(name, allowed);
    let label = label.map_or_else(|| pick("A setting", "Настройка"), |(en, r)| pick(en, r));
    let share = matches!(
        name,
        "return_probability"
            | "churn"
            | "margin"
            | "abc_a"
            | "abc_b"
            | "xyz_x"
            | "xyz_y"
            | "monthly_discount"
    );
    let value = match value.parse::<f64>() {
        Ok(v) if share => format!(
            "{}%",
            crate::format::decimal(
                v * 100.0,
                if (v * 100.0).fract() == 0.0 { 0 } else { 1 },
                lang
            )
        ),
        Ok(v) => crate::format::decimal(v, if v.fract() == 0.0 { 0 } else { 2 }, lang),
        _ => value.to_owned(),
    };
    let allowed = if ru {
        allowed_ru.unwrap_or(allowed).to_owned()
    } else {
        allowed.to_owned()
    };
    let allowed = allowed
        .replace("abc_a", pick("class A's share", "доли класса A"))
        .replace("xyz_x", pick("class X's variation", "вариации класса X"));
    (label, value, allowed)
}

/// The words of the quick calculator's inputs and their ranges (those it shares with the
/// analysis settings included).
fn quick_words(name: &str, allowed: &str) -> Words {
    let label = match name {
        "clients" => ("Clients in the base", "Клиентов в базе"),
        "churn" => ("Annual churn", "Отток в год"),
        "lost_per_year" => ("Clients lost a year", "Клиентов теряется в год"),
        "avg_check" => ("Average check", "Средний чек"),
        "purchases_per_year" => ("Purchases a year", "Покупок в год"),
        "sleeping" => ("Sleeping clients", "Спящих клиентов"),
        "return_probability" => (
            "Chance a lost client comes back",
            "Вероятность возврата клиента",
        ),
        "margin" => ("Margin", "Маржа"),
        "cost_per_attempt" => ("Cost of one attempt", "Стоимость одной попытки"),
        "attempts" => ("Attempts per client", "Попыток на клиента"),
        "incentive" => (
            "Incentive per returned client",
            "Стимул на вернувшегося клиента",
        ),
        _ => return (None, quick_allowed_ru(allowed)),
    };
    (Some(label), quick_allowed_ru(allowed))
}

fn quick_allowed_ru(allowed: &str) -> Option<&'static str> {
    Some(match allowed {
        "above 0% and at most 100%" => "больше 0% и не больше 100%",
        "between 0% and 100%" => "от 0% до 100%",
        "0 or more" => "не меньше 0",
        "between 1 and 100" => "от 1 до 100",
        "between 1 and 1,000,000,000" => "от 1 до 1 000 000 000",
        "between 0 and 1,000,000,000" => "от 0 до 1 000 000 000",
        "between 0 and the clients in the base" => "от 0 до числа клиентов в базе",
        "between 0 and 10000" => "от 0 до 10000",
        _ => return None,
    })
}

/// The words of the analysis settings and their ranges.
fn analysis_words(name: &str, allowed: &str) -> Words {
    let label = match name {
        "k" => Some(("Lost threshold multiplier k", "Множитель порога потери k")),
        "min_days" => Some((
            "Shortest lost threshold, days",
            "Наименьший порог потери, дней",
        )),
        "one_time_days" => Some((
            "Lost threshold for one-time buyers, days",
            "Порог потери для разовых покупателей, дней",
        )),
        "min_repeat_clients" => Some((
            "Repeat clients needed for the business's rhythm",
            "Постоянных клиентов для ритма бизнеса",
        )),
        "half_life_months" => Some((
            "Half-life of the chance to return, months",
            "Полураспад вероятности возврата, месяцев",
        )),
        "period_from" => Some(("Start of the period", "Начало периода")),
        "period_to" => Some(("End of the period", "Конец периода")),
        "lifetime_years" => Some(("Client lifetime, years", "Время жизни клиента, лет")),
        "abc_a" => Some(("Class A's share", "Доля класса A")),
        "abc_b" => Some(("Classes A and B's share", "Доля классов A и B")),
        "xyz_x" => Some(("Class X's variation", "Вариация класса X")),
        "xyz_y" => Some(("Class Y's variation", "Вариация класса Y")),
        "horizon_months" => Some(("Model horizon, months", "Горизонт модели, месяцев")),
        "monthly_discount" => Some(("Monthly discount rate", "Месячная ставка дисконтирования")),
        _ => None,
    };
    let allowed_ru = quick_allowed_ru(allowed).or(match allowed {
        "between 1 and 10" => Some("от 1 до 10"),
        "between 1 and 3650 days" => Some("от 1 до 3650 дней"),
        "between 1 and 1000000" => Some("от 1 до 1000000"),
        "between 1 and 120" => Some("от 1 до 120"),
        "between 0.01 and 100 years" => Some("от 0,01 до 100 лет"),
        "between 1% and 99%" => Some("от 1% до 99%"),
        "above abc_a and at most 100%" => Some("больше abc_a и не больше 100%"),
        "between 0% and 1000%" => Some("от 0% до 1000%"),
        "above xyz_x and at most 1000%" => Some("больше xyz_x и не больше 1000%"),
        "between 1 and 600 months" => Some("от 1 до 600 месяцев"),
        "on or before its end" => Some("не позже его конца"),
        "on or before the analysis date" => Some("не позже даты анализа"),
        _ => None,
    });
    (label, allowed_ru)
}
