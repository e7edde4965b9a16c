//! The per-manager report of lost clients for the period (seed 000: "for a chosen period"),
//! with today's statuses beside it; sortable.

use std::rc::Rc;

use boomerang_core::{Analysis, ManagerLine};
use yew::prelude::*;

use crate::components::how::How;
use crate::components::sort_header::sort_header;
use crate::i18n::{date, int, money, pct, t};
use crate::state::AppContext;

/// Props of [`ManagersTable`].
#[derive(Properties, PartialEq)]
pub struct ManagersTableProps {
    /// The analysis.
    pub analysis: Rc<Analysis>,
}

#[derive(Clone, Copy, PartialEq)]
enum Col {
    Name,
    PeriodClients,
    PeriodLost,
    Clients,
    Active,
    Sleeping,
    Lost,
    Ratio,
    Revenue,
    HandOver,
}

/// The managers table.
#[component]
pub fn ManagersTable(props: &ManagersTableProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let sort = use_state(|| (Col::Revenue, true));
    let mut lines: Vec<&ManagerLine> = props.analysis.managers.iter().collect();
    let (col, desc) = *sort;
    lines.sort_by(|a, b| {
        let o = match col {
            Col::Name => a.manager.cmp(&b.manager),
            Col::PeriodClients => a.period_clients.cmp(&b.period_clients),
            Col::PeriodLost => a.period_lost.cmp(&b.period_lost),
            Col::Clients => a.clients.cmp(&b.clients),
            Col::Active => a.active.cmp(&b.active),
            Col::Sleeping => a.sleeping.cmp(&b.sleeping),
            Col::Lost => a.lost.cmp(&b.lost),
            Col::Ratio => a
                .lost_ratio
                .unwrap_or(-1.0)
                .total_cmp(&b.lost_ratio.unwrap_or(-1.0)),
            Col::Revenue => a.lost_revenue.cmp(&b.lost_revenue),
            Col::HandOver => a.hand_over.cmp(&b.hand_over),
        };
        if desc {
            o.reverse()
        } else {
            o
        }
    });
    let header = |c: Col, label: &'static str, numeric: bool| {
        let sort = sort.clone();
        let onclick = Callback::from(move |_| {
            let (cur, d) = *sort;
            sort.set((c, if cur == c { !d } else { c != Col::Name }));
        });
        sort_header(label, col == c, desc, numeric, onclick)
    };
    let p = &props.analysis.period;
    html! {
        <section aria-labelledby="managers-title">
            <h2 id="managers-title">{ t(lang, "Lost clients by manager", "Потерянные клиенты по менеджерам") }</h2>
            <p class="hint" data-testid="managers-period">{ format!("{} {} – {}", t(lang, "Period:", "Период:"), date(p.from, lang), date(p.to, lang)) }</p>
            <div class="scroll" tabindex="0" role="region" aria-labelledby="managers-title">
                <table data-testid="managers">
                    <thead><tr>
                        { header(Col::Name, t(lang, "Manager", "Менеджер"), false) }
                        { header(Col::PeriodClients, t(lang, "Clients in the period", "Клиентов в периоде"), true) }
                        { header(Col::PeriodLost, t(lang, "Lost in it", "Потеряно за период"), true) }
                        { header(Col::Ratio, t(lang, "Lost ratio", "Доля потерь"), true) }
                        { header(Col::Revenue, t(lang, "Lost revenue a year", "Потеряно выручки в год"), true) }
                        { header(Col::Clients, t(lang, "Clients today", "Клиентов сейчас"), true) }
                        { header(Col::Active, t(lang, "Active", "Активных"), true) }
                        { header(Col::Sleeping, t(lang, "Sleeping", "Спящих"), true) }
                        { header(Col::Lost, t(lang, "Lost", "Потерянных"), true) }
                        { header(Col::HandOver, t(lang, "To hand over", "Передать другому"), true) }
                    </tr></thead>
                    <tbody>
                        { for lines.iter().map(|l| html! {
                            <tr>
                                <th scope="row">{ l.manager.clone().unwrap_or_else(|| t(lang, "(no manager)", "(без менеджера)").into()) }</th>
                                <td class="num">{ int(l.period_clients, lang) }</td>
                                <td class="num">{ int(l.period_lost, lang) }</td>
                                <td class="num">{ l.lost_ratio.map_or_else(|| "—".into(), |r| pct(r, lang)) }</td>
                                <td class="num">{ money(l.lost_revenue, ctx.currency(), lang) }</td>
                                <td class="num">{ int(l.clients, lang) }</td>
                                <td class="num">{ int(l.active, lang) }</td>
                                <td class="num">{ int(l.sleeping, lang) }</td>
                                <td class="num">{ int(l.lost, lang) }</td>
                                <td class="num" data-testid="hand-over">{ int(l.hand_over, lang) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <How text={t(lang,
                    "Clients in the period: those not lost at its start or buying in it; a client belongs to the manager of their last purchase by the period's end. Lost ratio = clients lost in the period / clients in the period. Lost revenue a year = the years (revenue in the 365 days up to the last purchase) of the clients lost in the period. Today's columns count every client by the manager of their latest purchase. To hand over: clients worth calling back (categories 1–3) who were this manager's when they left: a colleague should make that call (the one who lost a client should not win them back).",
                    "Клиенты в периоде — не потерянные на его начало или покупавшие в нём; клиент относится к менеджеру своей последней покупки до конца периода. Доля потерь = потерянные за период / клиенты в периоде. Потеряно выручки в год = годы (выручка за 365 дней до последней покупки) клиентов, потерянных за период. Столбцы «сейчас» считают всех клиентов по менеджеру их последней покупки. Передать другому: клиенты, которых стоит возвращать (категории 1–3) и которые ушли от этого менеджера: звонить должен коллега (возвращать клиента не должен тот, кто его потерял).")} />
        </section>
    }
}
