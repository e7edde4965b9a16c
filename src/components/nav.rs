//! The screens, as tabs.

use yew::prelude::*;

use crate::i18n::t;
use crate::services::url;
use crate::state::{Action, AppContext, View};

/// The tab bar.
#[component]
pub fn Nav() -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let tabs = [
        (View::Dashboard, "dashboard", t(lang, "Dashboard", "Сводка")),
        (
            View::List,
            "list",
            t(lang, "Whom to call", "Кого возвращать"),
        ),
        (View::Data, "data", t(lang, "Data", "Данные")),
        (View::Settings, "settings", t(lang, "Settings", "Настройки")),
        (
            View::Quick,
            "quick",
            t(lang, "Quick calculator", "Быстрый расчёт"),
        ),
        (
            View::Plan,
            "plan",
            t(lang, "Win-back plan", "План возврата"),
        ),
    ];
    html! {
        <nav class="tabs screen-only" aria-label={t(lang, "Screens", "Разделы")}>
            { for tabs.into_iter().map(|(view, id, label)| {
                let ctx = ctx.clone();
                let current = ctx.view == view;
                let onclick = Callback::from(move |_| {
                    if view == View::Quick {
                        url::show_inputs(&ctx.quick);
                    } else if view == View::Plan {
                        url::show_plan(&ctx.quick, &ctx.plan);
                    } else {
                        url::clear();
                    }
                    ctx.dispatch(Action::Show(view));
                });
                html! {
                    <button class={classes!("tab", current.then_some("current"))} aria-current={current.then_some("page")}
                        data-testid={format!("tab-{id}")} {onclick}>{ label }</button>
                }
            }) }
        </nav>
    }
}
