//! The printable report (print stylesheet → PDF from the browser): what was assumed, the
//! headline figures, the months' losses and the top of the win-back list with why to call each.
//! Hidden on screen.

use boomerang_core::export::why_call;
use boomerang_core::format::Lang;
use boomerang_core::{AbcBasis, Analysis};
use yew::prelude::*;

use crate::components::kpi_cards::KpiCards;
use crate::i18n::{category_name, date, dec1, int, money, pct, status_name, t};
use crate::state::Analyzed;
use crate::state::AppContext;

/// The settings the figures rest on, as a client reads them next to the figures.
fn assumptions(a: &Analysis, cur: &str, lang: Lang) -> Vec<(&'static str, String)> {
    let s = &a.settings;
    let days = t(lang, "days", "дн.");
    vec![
        (t(lang, "As of", "На дату"), date(a.as_of, lang)),
        (
            t(lang, "Period", "Период"),
            format!(
                "{} – {}",
                date(a.period.from, lang),
                date(a.period.to, lang)
            ),
        ),
        (
            t(lang, "Lost after", "Потерян после"),
            format!(
                "{} × {}, {} {} {days}; {} {} {days}",
                dec1(s.k, lang),
                t(
                    lang,
                    "the client's usual interval",
                    "обычный интервал клиента"
                ),
                t(lang, "at least", "не меньше"),
                int(s.min_days as usize, lang),
                t(
                    lang,
                    "one-time buyers, when the business's rhythm is unknown:",
                    "разовые покупатели, если ритм бизнеса неизвестен:"
                ),
                int(s.one_time_days as usize, lang),
            ),
        ),
        (
            t(lang, "Chance a client comes back", "Вероятность возврата"),
            format!(
                "{}{}",
                pct(s.return_probability, lang),
                match s.half_life_months {
                    Some(h) => format!(
                        ", {} {} {}",
                        t(lang, "halving every", "вдвое меньше каждые"),
                        dec1(h, lang),
                        t(lang, "months since the loss", "мес. после потери")
                    ),
                    None =>
                        t(lang, ", not fading with time", ", не угасает со временем").to_owned(),
                }
            ),
        ),
        (
            t(lang, "What a return costs", "Во что обходится возврат"),
            format!(
                "{} × {} {} + {} {}",
                money(s.cost_per_attempt, cur, lang),
                int(s.attempts as usize, lang),
                t(lang, "attempts", "попыток"),
                money(s.incentive, cur, lang),
                t(
                    lang,
                    "incentive per client who comes back",
                    "стимул на вернувшегося клиента"
                )
            ),
        ),
        (
            t(lang, "Margin", "Маржа"),
            format!(
                "{} {}",
                pct(s.margin, lang),
                t(
                    lang,
                    "(where the data has no profit)",
                    "(где в данных нет прибыли)"
                )
            ),
        ),
        (
            t(lang, "Client lifetime", "Время жизни клиента"),
            match s.lifetime_years {
                Some(y) => format!(
                    "{} {}",
                    dec1(y, lang),
                    t(lang, "years, as set", "лет, задано")
                ),
                None => t(
                    lang,
                    "1 / annual churn (from the data)",
                    "1 / годовой отток (по данным)",
                )
                .to_owned(),
            },
        ),
        (
            "ABC",
            format!(
                "A {} {}, B {} {}, {}",
                t(lang, "up to", "до"),
                pct(s.abc_a, lang),
                t(lang, "up to", "до"),
                pct(s.abc_b, lang),
                if a.classes.abc_basis == AbcBasis::Profit {
                    t(lang, "by profit", "по прибыли")
                } else {
                    t(lang, "by revenue", "по выручке")
                }
            ),
        ),
    ]
}

/// How many clients of the win-back list the report shows.
const TOP: usize = 25;

/// Props of [`PrintReport`].
#[derive(Properties, PartialEq)]
pub struct PrintReportProps {
    /// The analysis.
    pub analyzed: Analyzed,
}

/// The report.
#[component]
pub fn PrintReport(props: &PrintReportProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let Some(a) = props.analyzed.get() else {
        return html! {};
    };
    let cur = ctx.currency().to_owned();
    let order = a
        .winback
        .value()
        .map(|p| p.order.clone())
        .unwrap_or_default();
    html! {
        <div class="print-only report" data-testid="print-report">
            <h1>{ t(lang, "Boomerang: lost clients and whom to win back", "Boomerang: ушедшие клиенты и кого возвращать") }</h1>
            <p>{ format!("{} {} · {} {} – {} · {} · {} {}", t(lang, "As of", "На дату"), date(a.as_of, lang), t(lang, "period", "период"), date(a.period.from, lang), date(a.period.to, lang), ctx.input.label(lang), int(a.clients.len(), lang), t(lang, "clients", "клиентов")) }</p>
            <h2>{ t(lang, "Assumptions", "Исходные допущения") }</h2>
            <dl class="assumptions" data-testid="print-assumptions">
                { for assumptions(a, &cur, lang).into_iter().map(|(k, v)| html! { <><dt>{ k }</dt><dd>{ v }</dd></> }) }
            </dl>
            <KpiCards analysis={a.clone()} lang={lang} currency={AttrValue::from(cur.clone())} />
            <h2>{ t(lang, "Lost clients' years by month of loss", "Годы потерянных клиентов по месяцу потери") }</h2>
            <table data-testid="print-months">
                <thead><tr>
                    <th scope="col">{ t(lang, "Month of loss", "Месяц потери") }</th>
                    <th scope="col" class="num">{ t(lang, "Clients lost", "Потеряно клиентов") }</th>
                    <th scope="col" class="num">{ t(lang, "Their years' revenue", "Выручка их года") }</th>
                </tr></thead>
                <tbody>
                    { for a.lost_by_month.iter().rev().take(12).map(|m| html! {
                        <tr><th scope="row">{ format!("{:02}.{}", m.month, m.year) }</th><td class="num">{ int(m.clients, lang) }</td><td class="num">{ money(m.revenue, &cur, lang) }</td></tr>
                    }) }
                </tbody>
            </table>
            <h2>{ format!("{} ({})", t(lang, "Whom to call first", "Кого возвращать первым"), TOP) }</h2>
            <table data-testid="print-list">
                <thead><tr>
                    <th scope="col">{ "#" }</th>
                    <th scope="col">{ t(lang, "Client", "Клиент") }</th>
                    <th scope="col">{ t(lang, "Category", "Категория") }</th>
                    <th scope="col">{ t(lang, "Why call", "Почему звонить") }</th>
                    <th scope="col" class="num">{ t(lang, "Lost, days ago", "Потерян, дней назад") }</th>
                    <th scope="col" class="num">{ t(lang, "Expected net", "Ожидаемый итог") }</th>
                    <th scope="col">{ t(lang, "Manager when they left", "Менеджер при уходе") }</th>
                    <th scope="col">{ t(lang, "Reason", "Причина") }</th>
                </tr></thead>
                <tbody>
                    { for order.iter().take(TOP).enumerate().map(|(n, &i)| {
                        let l = &a.clients[i];
                        let c = &l.client;
                        let w = l.winback.as_ref().unwrap();
                        html! {
                            <tr>
                                <td class="num">{ n + 1 }</td>
                                <td>{ c.name.clone().unwrap_or_else(|| c.id.clone()) }</td>
                                <td>{ category_name(w.category, lang) }</td>
                                <td class="why-call">{ why_call(&a.clients, i, lang) }</td>
                                <td class="num">{ match c.days_since_loss {
                                    Some(d) => int(d.max(0) as usize, lang),
                                    None => status_name(c.status, lang).to_owned(),
                                } }</td>
                                <td class="num">{ money(w.expected_net, &cur, lang) }</td>
                                <td>{ c.manager.clone().unwrap_or_default() }</td>
                                <td>{ c.reason.clone().unwrap_or_default() }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
