//! Clients who came back: the returns of the period, and the fragile ones who came back less
//! than 90 days ago, to look after (seed 003, rule 12; seed 000: a returned client brings less
//! at first).

use std::rc::Rc;

use boomerang_core::{fragile, Analysis, Figure, FRAGILE_DAYS};
use yew::prelude::*;

use crate::components::client_link::ClientLink;
use crate::i18n::{date, int, money, t};
use crate::state::AppContext;

/// Fragile clients listed on the dashboard, latest returns first.
const SHOWN: usize = 15;

/// Props of [`ReturnsPanel`].
#[derive(Properties, PartialEq)]
pub struct ReturnsPanelProps {
    /// The analysis.
    pub analysis: Rc<Analysis>,
}

/// The panel.
#[component]
pub fn ReturnsPanel(props: &ReturnsPanelProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let a = &*props.analysis;
    let Figure::Defined(returned) = &a.returned_in_period else {
        return html! {};
    };
    let mut list: Vec<&boomerang_core::ClientLine> = a
        .clients
        .iter()
        .filter(|l| fragile(&l.client, a.as_of))
        .collect();
    list.sort_by_key(|l| std::cmp::Reverse(l.client.returned_on));
    html! {
        <section aria-labelledby="returns-title" data-testid="returns">
            <h2 id="returns-title">{ t(lang, "Came back: look after them", "Вернулись: берегите их") }</h2>
            <p class="hint" data-testid="returns-summary">{ format!(
                "{} {} {}. {} {} {} {}",
                int(returned.clients, lang),
                t(lang, "clients came back in the period; their revenue since the return:", "клиентов вернулись за период; их выручка после возврата:"),
                money(returned.revenue_since, ctx.currency(), lang),
                int(returned.fragile, lang),
                t(lang, "came back less than", "вернулись меньше"),
                FRAGILE_DAYS,
                t(lang,
                    "days ago: they are fragile, buy less at first and leave easily. Call them, thank them, keep the promise that brought them back.",
                    "дн. назад: они хрупкие, поначалу покупают меньше и легко уходят снова. Позвоните, поблагодарите, выполните обещание, с которым возвращали."),
            ) }</p>
            if !list.is_empty() {
                <div class="scroll" tabindex="0" role="region" aria-labelledby="returns-title">
                    <table data-testid="fragile">
                        <thead><tr>
                            <th scope="col">{ t(lang, "Client", "Клиент") }</th>
                            <th scope="col">{ t(lang, "Came back on", "Вернулся") }</th>
                            <th scope="col">{ t(lang, "Manager", "Менеджер") }</th>
                            <th scope="col" class="num">{ t(lang, "Their year", "Их год") }</th>
                        </tr></thead>
                        <tbody>
                            { for list.iter().take(SHOWN).map(|l| {
                                html! {
                                    <tr>
                                        <th scope="row"><ClientLink id={l.client.id.to_string()} label={l.client.name.as_deref().unwrap_or(&l.client.id).to_owned()} /></th>
                                        <td>{ l.client.returned_on.map(|d| date(d, lang)).unwrap_or_default() }</td>
                                        <td>{ l.client.manager.clone().unwrap_or_default() }</td>
                                        <td class="num">{ money(l.client.annual_revenue, ctx.currency(), lang) }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
                if list.len() > SHOWN {
                    <p class="hint">{ format!("{} {} {} ", t(lang, "…and", "…и ещё"), int(list.len() - SHOWN, lang), t(lang, "more in the per-client export, column", "в выгрузке по клиентам, столбец")) }<code>{ "returned_on" }</code>{ "." }</p>
                }
            }
        </section>
    }
}
