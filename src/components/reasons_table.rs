//! Reasons for leaving of the clients lost now (seed 003, steps 2 and 3): by group
//! (competitors' actions, the company's own, outside factors) and by reason, ranked by their
//! years, with their ABC class. The user moves a reason to another group and marks whether it
//! can be won back; the decision is kept with the settings and the analysis runs again.

use std::rc::Rc;

use boomerang_core::export::group_name;
use boomerang_core::reasons::{decide, decision, ReasonGroup, ReasonOverride};
use boomerang_core::{Analysis, ReasonLine};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::how::How;
use crate::i18n::{abc_name, int, money, t};
use crate::state::{Action, AppContext};

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
    let cur = ctx.currency().to_owned();
    let apply = {
        let ctx = ctx.clone();
        move |line: &ReasonLine, group: ReasonGroup, winnable: bool| {
            let mut s = ctx.settings.clone();
            s.reason_overrides = decide(
                &s.reason_overrides,
                ReasonOverride {
                    reason: line.reason.clone(),
                    group,
                    winnable,
                },
            );
            ctx.dispatch(Action::SetSettings(s));
        }
    };
    // The user's decision shows at once, before the analysis comes back with it.
    let overrides = ctx.settings.reason_overrides.clone();
    let decided = move |l: &ReasonLine| {
        decision(&overrides, &l.reason).map_or((l.group, l.winnable), |o| (o.group, o.winnable))
    };
    let row = |(n, l): (usize, &ReasonLine)| {
        let (group, winnable) = decided(l);
        let on_group = {
            let (apply, line) = (apply.clone(), l.clone());
            Callback::from(move |e: Event| {
                let key = e.target_unchecked_into::<HtmlSelectElement>().value();
                let group = ReasonGroup::from_key(&key).unwrap_or_default();
                apply(&line, group, winnable);
            })
        };
        let on_winnable = {
            let (apply, line) = (apply.clone(), l.clone());
            Callback::from(move |e: Event| {
                let winnable = e.target_unchecked_into::<HtmlInputElement>().checked();
                apply(&line, group, winnable);
            })
        };
        html! {
            <tr data-testid={format!("reason-{n}")}>
                <th scope="row">
                    { &l.reason }
                    if l.urgent {
                        <span class="badge urgent" title={t(lang, "The contact person changed: call at once (seed 002, rule 17).", "Сменилось контактное лицо: звонить сразу.")}>{ t(lang, "call at once", "звонить сразу") }</span>
                    }
                </th>
                <td>
                    <select aria-label={t(lang, "Group", "Группа")} onchange={on_group} data-testid={format!("reason-group-{n}")}>
                        { for ReasonGroup::ALL.iter().map(|g| html! {
                            <option value={g.key()} selected={*g == group}>{ group_name(*g, lang) }</option>
                        }) }
                    </select>
                </td>
                <td>
                    <label class="check">
                        <input type="checkbox" checked={winnable} onchange={on_winnable} data-testid={format!("reason-winnable-{n}")} />
                        { t(lang, "win back", "возвращать") }
                    </label>
                </td>
                <td class="num">{ int(l.lost_clients, lang) }</td>
                <td class="num">{ money(l.lost_revenue, &cur, lang) }</td>
                <td>{ l.abc.map(abc_name).unwrap_or("—") }</td>
            </tr>
        }
    };
    html! {
        <section aria-labelledby="reasons-title">
            <h2 id="reasons-title">{ t(lang, "Why clients leave", "Почему уходят клиенты") }</h2>
            if r.lines.is_empty() {
                <p class="hint" data-testid="reasons-none">{ t(lang,
                    "No reasons for leaving in the data. Add a column with the reason (one per client is enough) to rank them.",
                    "В данных нет причин ухода. Добавьте столбец с причиной (достаточно одной на клиента), чтобы их ранжировать.") }</p>
            } else {
                <table class="groups" data-testid="reason-groups">
                    <thead><tr>
                        <th scope="col">{ t(lang, "Group", "Группа") }</th>
                        <th scope="col" class="num">{ t(lang, "Lost clients", "Потеряно клиентов") }</th>
                        <th scope="col" class="num">{ t(lang, "Their years", "Их годовая выручка") }</th>
                    </tr></thead>
                    <tbody>
                        { for r.groups.iter().filter(|g| g.clients > 0).map(|g| html! {
                            <tr data-testid={format!("group-{}", g.group.key())}>
                                <th scope="row">{ group_name(g.group, lang) }</th>
                                <td class="num">{ int(g.clients, lang) }</td>
                                <td class="num">{ money(g.annual_revenue, &cur, lang) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <div class="scroll" tabindex="0" role="region" aria-labelledby="reasons-title">
                    <table data-testid="reasons">
                        <thead><tr>
                            <th scope="col">{ t(lang, "Reason", "Причина") }</th>
                            <th scope="col">{ t(lang, "Group", "Группа") }</th>
                            <th scope="col">{ t(lang, "Can be won back", "Можно вернуть") }</th>
                            <th scope="col" class="num">{ t(lang, "Lost clients", "Потеряно клиентов") }</th>
                            <th scope="col" class="num">{ t(lang, "Their years", "Их годовая выручка") }</th>
                            <th scope="col">{ "ABC" }</th>
                        </tr></thead>
                        <tbody>
                            { for r.lines.iter().enumerate().map(row) }
                            <tr class="muted">
                                <th scope="row">{ t(lang, "(no reason given)", "(причина не указана)") }</th>
                                <td></td><td></td>
                                <td class="num">{ int(r.unknown_clients, lang) }</td>
                                <td class="num">{ money(r.unknown_revenue, &cur, lang) }</td>
                                <td></td>
                            </tr>
                        </tbody>
                    </table>
                </div>
                <How text={t(lang,
                        "Each lost client counts with their reason and their year (revenue in the 365 days up to their last purchase). A reason goes to a group by its words: a lower price or a better offer elsewhere is competitors' doing; quality, delivery, service or a manager's mistake is yours; closing down, bankruptcy, moving or a changed contact person are outside factors. Move a reason if it is sorted wrong. Closing down, bankruptcy, moving away and \"no longer needs it\" cannot be won back: those clients are let go. A changed contact person is called first. ABC: the reasons behind 80% of the lost years are A: fight them first.",
                        "Каждый потерянный клиент учитывается со своей причиной и своим годом (выручкой за 365 дней до последней покупки). Причина попадает в группу по словам: цена ниже или лучшее предложение у других — действия конкурентов; качество, сроки, сервис, ошибка менеджера — ваши собственные; закрытие, банкротство, переезд, смена контактного лица — внешние факторы. Переместите причину, если она распределена неверно. Закрытие, банкротство, переезд и «больше не нужно» не устранить: таких клиентов отпускаем. Смена контактного лица — звонить первыми. ABC: причины 80% потерянных лет — класс A, с ними бороться в первую очередь.")} />
            }
        </section>
    }
}
