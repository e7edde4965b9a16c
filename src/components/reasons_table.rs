//! Reasons for leaving of the clients lost now, ranked by their years (the revenue of the 365
//! days up to each client's last purchase), with their ABC class.

use std::rc::Rc;

use boomerang_core::Analysis;
use yew::prelude::*;

use crate::i18n::{abc_name, int, money, t};
use crate::state::AppContext;

/// Props of [`ReasonsTable`].
#[derive(Properties, PartialEq)]
pub struct ReasonsTableProps {
    /// The analysis.
    pub analysis: Rc<Analysis>,
}

/// The reasons table.
#[component]
pub fn ReasonsTable(props: &ReasonsTableProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let r = &props.analysis.reasons;
    html! {
        <section aria-labelledby="reasons-title">
            <h2 id="reasons-title">{ t(lang, "Why clients leave", "Почему уходят клиенты") }</h2>
            if r.lines.is_empty() {
                <p class="hint" data-testid="reasons-none">{ t(lang,
                    "No reasons for leaving in the data. Add a column with the reason (one per client is enough) to rank them.",
                    "В данных нет причин ухода. Добавьте столбец с причиной (достаточно одной на клиента), чтобы их ранжировать.") }</p>
            } else {
                <div class="scroll">
                    <table data-testid="reasons">
                        <thead><tr>
                            <th scope="col">{ t(lang, "Reason", "Причина") }</th>
                            <th scope="col" class="num">{ t(lang, "Lost clients", "Потеряно клиентов") }</th>
                            <th scope="col" class="num">{ t(lang, "Their years", "Их годовая выручка") }</th>
                            <th scope="col">{ "ABC" }</th>
                        </tr></thead>
                        <tbody>
                            { for r.lines.iter().map(|l| html! {
                                <tr>
                                    <th scope="row">{ &l.reason }</th>
                                    <td class="num">{ int(l.lost_clients, lang) }</td>
                                    <td class="num">{ money(l.lost_revenue, &ctx.currency, lang) }</td>
                                    <td>{ l.abc.map(abc_name).unwrap_or("—") }</td>
                                </tr>
                            }) }
                            <tr class="muted">
                                <th scope="row">{ t(lang, "(no reason given)", "(причина не указана)") }</th>
                                <td class="num">{ int(r.unknown_clients, lang) }</td>
                                <td class="num">{ money(r.unknown_revenue, &ctx.currency, lang) }</td>
                                <td></td>
                            </tr>
                        </tbody>
                    </table>
                </div>
                <p class="hint">{ t(lang,
                    "A: the reasons behind 80% of the lost revenue: fix these first. Reasons come as competitors' actions, your own, or outside factors.",
                    "A — причины 80% потерянной выручки: их устранять первыми. Причины бывают: действия конкурентов, ваши собственные, внешние факторы.") }</p>
            }
        </section>
    }
}
