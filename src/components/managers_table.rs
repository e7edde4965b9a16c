//! The per-manager report of lost clients, sortable.

use std::rc::Rc;

use boomerang_core::{Analysis, ManagerLine};
use yew::prelude::*;

use crate::components::sort_header::sort_header;
use crate::i18n::{int, money, pct, t};
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
    Clients,
    Active,
    Sleeping,
    Lost,
    Ratio,
    Revenue,
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
            Col::Clients => a.clients.cmp(&b.clients),
            Col::Active => a.active.cmp(&b.active),
            Col::Sleeping => a.sleeping.cmp(&b.sleeping),
            Col::Lost => a.lost.cmp(&b.lost),
            Col::Ratio => a.lost_ratio.total_cmp(&b.lost_ratio),
            Col::Revenue => a.lost_revenue.cmp(&b.lost_revenue),
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
    html! {
        <section aria-labelledby="managers-title">
            <h2 id="managers-title">{ t(lang, "Lost clients by manager", "Потерянные клиенты по менеджерам") }</h2>
            <div class="scroll">
                <table data-testid="managers">
                    <thead><tr>
                        { header(Col::Name, t(lang, "Manager", "Менеджер"), false) }
                        { header(Col::Clients, t(lang, "Clients", "Клиентов"), true) }
                        { header(Col::Active, t(lang, "Active", "Активных"), true) }
                        { header(Col::Sleeping, t(lang, "Sleeping", "Спящих"), true) }
                        { header(Col::Lost, t(lang, "Lost", "Потеряно"), true) }
                        { header(Col::Ratio, t(lang, "Lost ratio", "Доля потерь"), true) }
                        { header(Col::Revenue, t(lang, "Lost revenue a year", "Потеряно выручки в год"), true) }
                    </tr></thead>
                    <tbody>
                        { for lines.iter().map(|l| html! {
                            <tr>
                                <th scope="row">{ l.manager.clone().unwrap_or_else(|| t(lang, "(no manager)", "(без менеджера)").into()) }</th>
                                <td class="num">{ int(l.clients, lang) }</td>
                                <td class="num">{ int(l.active, lang) }</td>
                                <td class="num">{ int(l.sleeping, lang) }</td>
                                <td class="num">{ int(l.lost, lang) }</td>
                                <td class="num">{ pct(l.lost_ratio, lang) }</td>
                                <td class="num">{ money(l.lost_revenue, &ctx.currency, lang) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <p class="hint">{ t(lang, "Lost ratio = lost clients / all the manager's clients.", "Доля потерь = потерянные клиенты / все клиенты менеджера.") }</p>
        </section>
    }
}
