//! Declining clients: still buying, but at least a third less than the year before (seed 000;
//! seed 002, rule 2). Keeping them is cheaper than winning them back (seed 002, rule 18), so
//! they are listed to call before they leave.

use std::rc::Rc;

use boomerang_core::{Analysis, ClientLine, Figure};
use yew::prelude::*;

use crate::components::client_link::ClientLink;
use crate::i18n::{int, money, status_name, t};
use crate::state::AppContext;

/// Declining clients listed on the dashboard, the largest drop first.
const SHOWN: usize = 15;

/// Props of [`DecliningPanel`].
#[derive(Properties, PartialEq)]
pub struct DecliningPanelProps {
    /// The analysis.
    pub analysis: Rc<Analysis>,
}

/// The panel; nothing for a client table (no history) or when nobody declines.
#[component]
pub fn DecliningPanel(props: &DecliningPanelProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let a = &*props.analysis;
    let Figure::Defined(d) = &a.declining else {
        return html! {};
    };
    if d.clients == 0 {
        return html! {};
    }
    let mut list: Vec<&ClientLine> = a.clients.iter().filter(|l| l.client.declining).collect();
    list.sort_by_key(|l| std::cmp::Reverse(l.client.revenue_drop()));
    let cur = ctx.currency().to_owned();
    html! {
        <section aria-labelledby="declining-title" data-testid="declining">
            <h2 id="declining-title">{ t(lang, "Buying less: keep them", "Покупают меньше: удержите их") }</h2>
            <p class="hint">{ format!(
                "{} {} {} {}",
                int(d.clients, lang),
                t(lang, "clients bought at least a third less in the last 365 days than in the 365 before:", "клиентов купили за последние 365 дней хотя бы на треть меньше, чем за 365 дней до того:"),
                money(d.revenue_drop, &cur, lang),
                t(lang, "less a year. Keeping them is cheaper than winning them back: call them now.", "в год меньше. Удержать дешевле, чем возвращать: позвоните сейчас."),
            ) }</p>
            <div class="scroll" tabindex="0" role="region" aria-labelledby="declining-title">
                <table data-testid="declining-list">
                    <thead><tr>
                        <th scope="col">{ t(lang, "Client", "Клиент") }</th>
                        <th scope="col">{ t(lang, "Status", "Статус") }</th>
                        <th scope="col" class="num">{ t(lang, "The 365 days before", "365 дней до того") }</th>
                        <th scope="col" class="num">{ t(lang, "The last 365 days", "Последние 365 дней") }</th>
                        <th scope="col">{ t(lang, "Manager", "Менеджер") }</th>
                    </tr></thead>
                    <tbody>
                        { for list.iter().take(SHOWN).map(|l| {
                            let c = &l.client;
                            let (recent, before) = c.year_on_year.unwrap_or_default();
                            html! {
                                <tr>
                                    <th scope="row"><ClientLink id={c.id.to_string()} label={c.name.as_deref().unwrap_or(&c.id).to_owned()} /></th>
                                    <td>{ status_name(c.status, lang) }</td>
                                    <td class="num">{ money(before, &cur, lang) }</td>
                                    <td class="num">{ money(recent, &cur, lang) }</td>
                                    <td>{ c.manager.clone().unwrap_or_default() }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            if list.len() > SHOWN {
                <p class="hint">{ format!("{} {} {}", t(lang, "…and", "…и ещё"), int(list.len() - SHOWN, lang), t(lang, "more in the per-client export (declining).", "в выгрузке по клиентам (declining).")) }</p>
            }
        </section>
    }
}
