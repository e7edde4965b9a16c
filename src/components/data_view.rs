//! The data screen: where data comes in, how it was read, and what was left out.

use yew::prelude::*;

use crate::components::format_bar::FormatBar;
use crate::components::import_panel::ImportPanel;
use crate::components::import_summary::ImportSummary;
use crate::components::left_out::LeftOut;
use crate::components::mapping_table::MappingTable;
use crate::i18n::t;
use crate::services::compute::ComputeHandle;
use crate::state::Imported;
use crate::state::{Action, AppContext};

/// Props of [`DataView`].
#[derive(Properties, PartialEq)]
pub struct DataViewProps {
    /// The import.
    pub imported: Imported,
    /// Whether the browser could keep the whole data set.
    pub kept_all: bool,
}

/// The data screen.
#[component]
pub fn DataView(props: &DataViewProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let compute = use_context::<ComputeHandle>().expect("the app provides the worker");
    // The user is about to bring data: the worker starts and warms its code up meanwhile.
    use_effect_with((), move |_| compute.warm.emit(()));
    let lang = ctx.lang;
    let imported = props.imported.clone();
    let see_results = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::Show(crate::state::View::Dashboard)))
    };
    let on_remember = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            ctx.dispatch(Action::SetRemember(input.checked()));
        })
    };
    let on_forget = {
        let ctx = ctx.clone();
        Callback::from(move |_| {
            crate::services::storage::forget();
            ctx.dispatch(Action::Forget);
        })
    };
    html! {
        <>
            <ImportPanel />
            if matches!(&*imported.0, Ok(i) if i.result.is_ok()) {
                <p class="next-step">
                    <button onclick={see_results} data-testid="see-results">{ t(lang, "See the results →", "К результатам →") }</button>
                </p>
            }
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
                    Err(e) => html! { <p class="problem" role="alert" data-testid="problem">{ e.message(lang) }</p> },
                }
            }
            <section class="privacy" aria-labelledby="privacy-title">
                <h2 id="privacy-title">{ t(lang, "Kept in this browser", "Хранится в этом браузере") }</h2>
                <p class="hint">{ t(lang,
                    "Nothing is sent anywhere. To survive a reload, the settings, the language and the last data set are kept in this browser's own storage.",
                    "Ничего никуда не отправляется. Чтобы пережить перезагрузку, настройки, язык и последние данные хранятся в памяти этого браузера.") }</p>
                <label class="check">
                    <input type="checkbox" checked={ctx.remember} onchange={on_remember} data-testid="remember" />
                    { t(lang, "Remember my data and settings in this browser", "Запоминать данные и настройки в этом браузере") }
                </label>
                if !props.kept_all && ctx.remember {
                    <p class="hint" data-testid="not-kept">{ t(lang,
                        "This data set is too big to keep in the browser: after a reload, load the file again.",
                        "Эти данные слишком велики, чтобы хранить их в браузере: после перезагрузки загрузите файл снова.") }</p>
                }
                <button class="secondary" onclick={on_forget} data-testid="forget">{ t(lang, "Forget everything", "Забыть всё") }</button>
            </section>
        </>
    }
}
