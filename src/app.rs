//! The root: owns the state, derives the import and the analysis from it, keeps what the
//! browser should remember, and lays out the page.

use std::rc::Rc;

use boomerang_core::{analyze, Analysis, Error, Import};
use yew::prelude::*;

use crate::components::client_card::ClientCard;
use crate::components::dashboard::Dashboard;
use crate::components::data_view::DataView;
use crate::components::nav::Nav;
use crate::components::print_report::PrintReport;
use crate::components::quick_calc::QuickCalc;
use crate::components::settings_panel::SettingsPanel;
use crate::components::winback_list::WinbackList;
use crate::i18n::{t, Lang};
use crate::services::storage;
use crate::services::url;
use crate::services::xlsx::{use_xlsx, XlsxHandle};
use crate::state::{Action, AppContext, State, View};

/// The import of the current input, shared by pointer: props compare it by identity, never
/// by walking the data.
#[derive(Clone, Debug)]
pub struct Imported(pub Rc<Result<Import, Error>>);

impl PartialEq for Imported {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Imported {
    /// The loaded data, if the import loaded.
    pub fn data(&self) -> Option<&boomerang_core::Data> {
        self.0
            .as_ref()
            .as_ref()
            .ok()?
            .result
            .as_ref()
            .ok()
            .map(|l| &l.data)
    }
}

/// The analysis of the current data and settings, shared by pointer; `None` while the data
/// cannot be loaded.
#[derive(Clone, Debug)]
pub struct Analyzed(pub Rc<Option<Result<Rc<Analysis>, Error>>>);

impl PartialEq for Analyzed {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Analyzed {
    /// The analysis, if there is one.
    pub fn get(&self) -> Option<&Rc<Analysis>> {
        self.0.as_ref().as_ref()?.as_ref().ok()
    }
}

/// The app.
#[component]
pub fn App() -> Html {
    let route = use_memo((), |_| url::route());
    let state = {
        let route = route.clone();
        use_reducer(move || {
            let mut s = State::restore();
            if route.quick {
                s.view = View::Quick;
                s.quick = route.inputs.clone();
            }
            s
        })
    };
    if route.crash_test {
        panic!("crash test asked for by the address (?crash-test)");
    }
    let xlsx = use_xlsx(state.dispatcher());
    let imported = {
        // Purchases dated after today (the browser's clock) are typos and are left out.
        let now = js_sys::Date::new_0();
        let today = chrono::NaiveDate::from_ymd_opt(
            now.get_full_year() as i32,
            now.get_month() + 1,
            now.get_date(),
        );
        let deps = (
            state.input.clone(),
            boomerang_core::ImportOptions {
                today,
                ..state.options.clone()
            },
        );
        // The embedded calculator needs no data: a blog page does not pay for the demo's analysis.
        let embed = route.embed;
        Imported(use_memo(deps, move |(input, opts)| {
            if embed {
                Err(boomerang_core::ErrorKind::Empty.into())
            } else {
                input.import(opts)
            }
        }))
    };
    let analyzed = {
        let deps = (imported.clone(), state.settings.clone());
        Analyzed(use_memo(deps, |(imported, settings)| {
            imported
                .data()
                .map(|data| analyze(data, settings).map(Rc::new))
        }))
    };
    let kept_all = use_state(|| true);
    {
        // The preferences whenever they change; the data only when the data changes (a file's
        // text is decoded here, not on every render nor on every change of a setting).
        let prefs = state.prefs();
        use_effect_with(prefs, storage::save_prefs);
        let deps = (state.input.clone(), state.options.clone(), state.remember);
        let state = state.clone();
        let kept_all = kept_all.clone();
        use_effect_with(deps, move |(_, _, remember)| {
            let data = state.data_to_keep();
            let kept = storage::save_data(data.as_ref());
            kept_all.set(kept && (data.is_some() || !*remember));
        });
    }
    {
        let lang = state.lang;
        use_effect_with(lang, move |lang| {
            if let Some(root) = gloo::utils::document().document_element() {
                let _ = root.set_attribute("lang", if *lang == Lang::Ru { "ru" } else { "en" });
            }
        });
    }
    let lang = state.lang;
    if route.embed {
        return html! {
            <ContextProvider<AppContext> context={state.clone()}>
                <main class="embed"><QuickCalc embed={true} /></main>
            </ContextProvider<AppContext>>
        };
    }
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
    let body = match state.view {
        View::Dashboard => {
            html! { <Dashboard analyzed={analyzed.clone()} imported={imported.clone()} /> }
        }
        View::List => html! { <WinbackList analyzed={analyzed.clone()} /> },
        View::Data => html! { <DataView imported={imported.clone()} kept_all={*kept_all} /> },
        View::Settings => html! { <SettingsPanel analyzed={analyzed.clone()} /> },
        View::Quick => html! { <QuickCalc embed={false} /> },
    };
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
        <ContextProvider<XlsxHandle> context={xlsx}>
            <header class="top screen-only">
                <div class="brand">
                    <h1>{ "Boomerang" }</h1>
                    <p class="lead" data-testid="lead">{ t(lang,
                        "How much revenue lost clients take with them, and whom to win back first. Your data never leaves this browser.",
                        "Сколько выручки уносят ушедшие клиенты и кого возвращать первым. Ваши данные не покидают этот браузер.") }</p>
                </div>
                <div class="top-actions">
                    <button class="secondary" onclick={print} data-testid="print">{ t(lang, "Print report", "Печать отчёта") }</button>
                    <button class="lang secondary" onclick={switch_lang} data-testid="lang" lang={if lang == Lang::Ru { "en" } else { "ru" }}>
                        { if lang == Lang::Ru { "English" } else { "Русский" } }
                    </button>
                </div>
            </header>
            <Nav />
            <main class="screen-only" id="main">{ body }</main>
            if let (Some(id), Some(data)) = (&state.selected, imported.data()) {
                <ClientCard id={id.clone()} analyzed={analyzed.clone()} history={Rc::new(data.history_of(id))} />
            }
            <PrintReport analyzed={analyzed.clone()} />
        </ContextProvider<XlsxHandle>>
        </ContextProvider<AppContext>>
    }
}
