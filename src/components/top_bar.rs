//! The page's top: the name, what it does, printing and the other language.

use yew::prelude::*;

use crate::i18n::{t, Lang};
use crate::state::{Action, AppContext, View};

/// The top bar (the app's, and the prerendered demo's: `src/prerender.rs`).
#[component]
pub fn TopBar() -> Html {
    let state = use_context::<AppContext>().expect("the app provides its state");
    let lang = state.lang;
    let switch_lang = {
        let state = state.clone();
        let other = if lang == Lang::Ru { Lang::En } else { Lang::Ru };
        Callback::from(move |_| state.dispatch(Action::SetLang(other)))
    };
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let print_label = match state.view {
        View::Quick => t(lang, "Print the calculation", "Печать расчёта"),
        View::Plan => t(lang, "Print the plan", "Печать плана"),
        _ => t(lang, "Print report", "Печать отчёта"),
    };
    html! {
        <header class="top screen-only">
            <div class="brand">
                <h1>{ "Boomerang" }</h1>
                <p class="lead" data-testid="lead">{ t(lang,
                    "How much revenue lost clients take with them, and whom to win back first. Your data never leaves this browser.",
                    "Сколько выручки уносят ушедшие клиенты и кого возвращать первым. Ваши данные не покидают этот браузер.") }</p>
            </div>
            <div class="top-actions">
                <button class="secondary" onclick={print} data-testid="print">{ print_label }</button>
                <button class="lang secondary" onclick={switch_lang} data-testid="lang" lang={if lang == Lang::Ru { "en" } else { "ru" }}>
                    { if lang == Lang::Ru { "English" } else { "Русский" } }
                </button>
            </div>
        </header>
    }
}
