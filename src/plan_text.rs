//! The win-back plan's sentences that the app's plan page (`components::plan_page`) and the
//! blog embed's plan (`embed_plan`) both write, so that the two say the same. Plain text: the
//! embed escapes the currency it passes in, and nothing else here comes from the user.

use boomerang_core::plan::words::{group_label, words};
use boomerang_core::plan::{GroupWeight, Line, Losses, Market, Plan, Ranked, Unit};
use boomerang_core::Money;

use crate::i18n::{count, dec1, money, pct, Lang};

/// A weight in the plan's unit: clients, or money a year.
pub fn weight(unit: Unit, v: f64, currency: &str, lang: Lang) -> String {
    match unit {
        Unit::Clients => count(v, lang),
        Unit::Money => money(Money::from_major(v), currency, lang),
    }
}

/// What a reason's weight comes to in the other unit: `≈ $350,000 a year`, `≈ 2.5 clients`.
pub fn estimate(unit: Unit, line: &Line, currency: &str, lang: Lang) -> Option<String> {
    let w = words(lang);
    match unit {
        Unit::Clients => line
            .revenue
            .map(|m| format!("≈ {} {}", money(m, currency, lang), w.a_year)),
        Unit::Money => line
            .clients
            .map(|c| format!("≈ {} {}", dec1(c, lang), w.clients)),
    }
}

/// How much of the losses of a year the reasons' weights account for.
pub fn coverage(
    unit: Unit,
    ranked: &Ranked,
    losses: Option<Losses>,
    currency: &str,
    lang: Lang,
) -> Option<String> {
    let w = words(lang);
    let share = ranked.coverage?;
    let of = losses.map_or_else(String::new, |l| match unit {
        Unit::Clients => count(l.clients, lang),
        Unit::Money => money(l.revenue, currency, lang),
    });
    Some(format!(
        "{} {} {} {of} ({})",
        w.reasons_account_for,
        weight(unit, ranked.total_weight, currency, lang),
        w.of,
        pct(share, lang)
    ))
}

/// The plan's first line: the losses of a year, their share of the base and where they come
/// from.
pub fn losses(
    losses: Option<Losses>,
    share: Option<f64>,
    from_data: bool,
    currency: &str,
    lang: Lang,
) -> String {
    let w = words(lang);
    let Some(l) = losses else {
        return w.losses_of_year_are.to_owned();
    };
    format!(
        "{}: {} {}{}, {} · {}",
        w.lost_a_year,
        count(l.clients, lang),
        w.clients,
        share.map_or(String::new(), |s| format!(
            " ({} {})",
            pct(s, lang),
            w.of_base
        )),
        money(l.revenue, currency, lang),
        if from_data {
            w.from_data
        } else {
            w.from_quick_calculator
        }
    )
}

/// A reason's line in the plan, after its text: its group, weight and share.
pub fn line_meta(unit: Unit, line: &Line, currency: &str, lang: Lang) -> String {
    format!(
        "{} · {} ({})",
        group_label(line.group, lang),
        weight(unit, line.weight, currency, lang),
        pct(line.share, lang)
    )
}

/// A group's total in the plan.
pub fn group_total(unit: Unit, group: &GroupWeight, currency: &str, lang: Lang) -> String {
    format!(
        "{}: {}",
        group_label(group.group, lang),
        weight(unit, group.weight, currency, lang)
    )
}

/// The tools heading: `Tools (b2b)`.
pub fn tools_title(market: Market, lang: Lang) -> String {
    let name = match market {
        Market::B2b => "b2b",
        Market::B2c => "b2c",
    };
    format!("{} ({name})", words(lang).tools)
}

/// The tools picked for the plan's market, or that none are.
pub fn tools(plan: &Plan, lang: Lang) -> String {
    let w = words(lang);
    let tools = plan.chosen_tools();
    if tools.is_empty() {
        return w.none_picked_yet_step.to_owned();
    }
    tools
        .iter()
        .map(|&t| w.tool(t))
        .collect::<Vec<_>>()
        .join(", ")
}
