//! The printable report (print stylesheet → PDF from the browser): headline figures, the
//! charts' numbers and the top of the win-back list. Hidden on screen.

use yew::prelude::*;

use crate::app::Analyzed;
use crate::components::kpi_cards::KpiCards;
use crate::i18n::{category_name, date, int, money, t};
use crate::state::AppContext;

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
            <KpiCards analysis={a.clone()} lang={lang} currency={AttrValue::from(cur.clone())} />
            <h2>{ t(lang, "Lost clients' years by month of loss", "Годы потерянных клиентов по месяцу потери") }</h2>
            <table>
                <tbody>
                    { for a.lost_by_month.iter().rev().take(12).map(|m| html! {
                        <tr><th scope="row">{ format!("{:02}.{}", m.month, m.year) }</th><td class="num">{ int(m.clients, lang) }</td><td class="num">{ money(m.revenue, &cur, lang) }</td></tr>
                    }) }
                </tbody>
            </table>
            <h2>{ format!("{} ({})", t(lang, "Whom to call first", "Кого возвращать первым"), TOP) }</h2>
            <table>
                <thead><tr>
                    <th>{ "#" }</th><th>{ t(lang, "Client", "Клиент") }</th><th>{ t(lang, "Category", "Категория") }</th>
                    <th class="num">{ t(lang, "The client's year", "Год клиента") }</th>
                    <th class="num">{ t(lang, "Expected net", "Ожидаемый итог") }</th><th>{ t(lang, "Manager", "Менеджер") }</th>
                </tr></thead>
                <tbody>
                    { for order.iter().take(TOP).enumerate().map(|(n, &i)| {
                        let l = &a.clients[i];
                        let w = l.winback.as_ref().unwrap();
                        html! {
                            <tr>
                                <td class="num">{ n + 1 }</td>
                                <td>{ l.client.name.clone().unwrap_or_else(|| l.client.id.clone()) }</td>
                                <td>{ category_name(w.category, lang) }</td>
                                <td class="num">{ money(l.client.annual_revenue, &cur, lang) }</td>
                                <td class="num">{ money(w.expected_net, &cur, lang) }</td>
                                <td>{ l.client.manager.clone().unwrap_or_default() }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
