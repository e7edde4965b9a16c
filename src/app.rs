//! The root: owns the state, derives the import from it, lays out the page.

use std::rc::Rc;

use boomerang_core::{Error, Import};
use yew::prelude::*;

use crate::components::format_bar::FormatBar;
use crate::components::import_panel::ImportPanel;
use crate::components::import_summary::ImportSummary;
use crate::components::left_out::LeftOut;
use crate::components::mapping_table::MappingTable;
use crate::i18n::{t, Lang};
use crate::state::{Action, AppContext, State};

/// The import of the current input, shared by pointer: props compare it by identity, never
/// by walking the data.
#[derive(Clone, Debug)]
pub struct Imported(pub Rc<Result<Import, Error>>);

impl PartialEq for Imported {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The app.
#[component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    let imported = {
        let deps = (state.input.clone(), state.options.clone());
        Imported(use_memo(deps, |(input, opts)| input.import(opts)))
    };
    let lang = state.lang;
    let switch_lang = {
        let state = state.clone();
        let other = if lang == Lang::Ru { Lang::En } else { Lang::Ru };
        Callback::from(move |_| state.dispatch(Action::SetLang(other)))
    };
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            <header class="top">
                <div class="brand">
                    <h1>{ "Boomerang" }</h1>
                    <p class="lead">{ t(lang,
                        "How much revenue lost clients take with them, and whom to win back first. Your data never leaves this browser.",
                        "Сколько выручки уносят ушедшие клиенты и кого возвращать первым. Ваши данные не покидают этот браузер.") }</p>
                </div>
                <button class="lang" onclick={switch_lang} data-testid="lang">
                    { if lang == Lang::Ru { "English" } else { "Русский" } }
                </button>
            </header>
            <main>
                <ImportPanel />
                {
                    match &*imported.0 {
                        Ok(_) => html! {
                            <>
                                <FormatBar imported={imported.clone()} />
                                <ImportSummary imported={imported.clone()} />
                                <MappingTable imported={imported.clone()} />
                                <LeftOut imported={imported.clone()} />
                            </>
                        },
                        Err(e) => html! {
                            <p class="problem" role="alert" data-testid="problem">{ e.to_string() }</p>
                        },
                    }
                }
            </main>
        </ContextProvider<AppContext>>
    }
}
