//! The root: owns the state, derives the import and the analysis from it, keeps what the
//! browser should remember, and lays out the page.

use yew::prelude::*;

use crate::components::client_card::ClientCard;
use crate::components::dashboard::Dashboard;
use crate::components::data_view::DataView;
use crate::components::nav::Nav;
use crate::components::plan_page::PlanPage;
use crate::components::print_report::PrintReport;
use crate::components::progress_bar::ProgressBar;
use crate::components::quick_calc::{QuickCalc, QuickContext};
use crate::components::settings_panel::SettingsPanel;
use crate::components::top_bar::TopBar;
use crate::components::winback_list::WinbackList;
use crate::i18n::{t, Lang};
use crate::services::compute::{use_compute, ComputeHandle, Job};
use crate::services::storage;
use crate::services::url;
use crate::services::xlsx::{use_xlsx, XlsxHandle};
use crate::state::{Action, AppContext, Input, State, View};

/// One sentence on what the data is doing: loading, rejected, or ready with its rows left out.
fn announce(computed: &crate::services::compute::Computed, state: &State, lang: Lang) -> String {
    use crate::i18n::int;
    if computed.busy || computed.slow.is_some() {
        return format!(
            "{} {}…",
            t(lang, "Loading", "Загружаем"),
            state.input.label(lang)
        );
    }
    if computed.rejected {
        return t(
            lang,
            "The new data could not be used: see the Data tab. The previous results stay on screen.",
            "Новые данные не удалось использовать: см. вкладку «Данные». На экране прежние результаты.",
        )
        .to_owned();
    }
    let (Some(a), Ok(i)) = (computed.analyzed.get(), &*computed.imported.0) else {
        return String::new();
    };
    let left_out = i.result.as_ref().map_or(0, |l| l.rows_left_out);
    format!(
        "{}: {} {} {}. {} {}.",
        state.input.label(lang),
        t(lang, "results ready for", "результаты готовы для"),
        int(a.clients.len(), lang),
        t(lang, "clients", "клиентов"),
        t(lang, "Rows left out:", "Строк не вошло:"),
        int(left_out, lang),
    )
}

/// The app.
#[component]
pub fn App() -> Html {
    let route = use_memo((), |_| url::route());
    let state = {
        let route = route.clone();
        use_reducer(move || {
            let mut s = State::restore();
            if route.quick || route.plan {
                s.view = if route.plan { View::Plan } else { View::Quick };
                s.quick = route.inputs.clone();
                s.plan = route.plan_inputs.clone();
            }
            s
        })
    };
    if route.crash_test {
        panic!("crash test asked for by the address (?crash-test)");
    }
    let xlsx = use_xlsx(state.dispatcher());
    // A file dropped anywhere on the page loads, whatever the tab (the import panel's own drop
    // zone takes its drops first).
    let load_dropped = crate::services::files::use_file_loader(state.clone(), xlsx.clone());
    let on_page_drop = Callback::from(move |e: web_sys::DragEvent| {
        if e.default_prevented() {
            return;
        }
        e.prevent_default();
        if let Some(file) = e
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            load_dropped.emit(file);
        }
    });
    let on_page_drag_over = Callback::from(|e: web_sys::DragEvent| e.prevent_default());
    // Purchases dated after today (the browser's clock) are typos and are left out.
    let today = crate::services::today();
    // The embedded calculator needs no data: a blog page does not pay for the demo's analysis.
    let job = (!route.embed).then(|| Job {
        input: state.input.clone(),
        options: boomerang_core::ImportOptions {
            today,
            ..state.options.clone()
        },
        settings: state.settings.clone(),
    });
    // The demo with the default settings is read from answers computed when the app was built.
    let ahead = job
        .as_ref()
        .is_some_and(crate::services::compute::precomputed);
    let (computed, compute) = use_compute(job, state.dispatcher(), xlsx.read.clone());
    // The page's first paint (index.html: the demo's dashboard prerendered, or a line saying
    // it loads) gives way to the app once the app has more to show than "Computing…": at once
    // for anything but the demo read ahead, when its answers are in for the demo.
    let waiting = !computed.ready
        && computed.stopped.is_none()
        && !matches!(state.view, View::Quick | View::Plan | View::Data);
    // (A demo computed by the worker after all, its file missing, shows its progress.)
    use_effect_with(waiting && ahead && computed.slow.is_none(), |keep| {
        if !*keep {
            if let Some(shell) = gloo::utils::document().get_element_by_id("first-paint") {
                shell.remove();
            }
        }
    });
    let imported = computed.imported.clone();
    let analyzed = computed.analyzed.clone();
    // A mark once a result is drawn: the benchmark reads it (bytes to dashboard drawn).
    use_effect_with(analyzed.clone(), |_| {
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.mark("boomerang:drawn");
        }
    });
    {
        // A client's card asks the worker for the client's purchases.
        let history = compute.history.clone();
        use_effect_with(state.selected.clone(), move |selected| {
            if let Some(id) = selected {
                history.emit(id.clone());
            }
        });
    }
    {
        // The currency follows the sign the data's amounts carry, unless the user chose one.
        let dispatcher = state.dispatcher();
        let sign = match &*imported.0 {
            Ok(i) => i.result.as_ref().ok().map(|l| l.currency.clone()),
            Err(_) => None,
        };
        use_effect_with(sign, move |sign| {
            if let Some(sign) = sign {
                dispatcher.dispatch(Action::DataCurrency(sign.clone()));
            }
        });
    }
    let kept_all = use_state(|| true);
    {
        // The preferences whenever they change; the data only when the data changes (a file's
        // text is decoded here, not on every render nor on every change of a setting).
        let prefs = state.prefs();
        use_effect_with(prefs, storage::save_prefs);
        // Only data that could be analysed is kept: a bad file after a good one leaves the
        // good one stored, so a reload brings it back, not the error.
        let good = computed.good_input.clone().filter(|i| *i == state.input);
        let deps = (good, state.options.clone(), state.remember);
        let state = state.clone();
        let kept_all = kept_all.clone();
        use_effect_with(deps, move |(good, options, remember)| {
            let Some(input) = good else {
                return;
            };
            if let (Input::File { name, file }, true) = (input, *remember) {
                let kept_all = kept_all.clone();
                let (name, file, options) = (name.to_string(), file.clone(), options.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    kept_all.set(storage::keep_file(name, file, options).await);
                });
                return;
            }
            let data = state.data_to_keep();
            let kept = storage::save_data(data.as_ref());
            kept_all.set(kept && (data.is_some() || !*remember));
        });
    }
    {
        let lang = state.lang;
        use_effect_with(lang, move |lang| {
            let document = gloo::utils::document();
            if let Some(root) = document.document_element() {
                let _ = root.set_attribute("lang", if *lang == Lang::Ru { "ru" } else { "en" });
            }
            // The tab's title in the page's language too.
            document.set_title(t(
                *lang,
                "Boomerang — win-back calculator",
                "Бумеранг — калькулятор возврата клиентов",
            ));
        });
    }
    let lang = state.lang;
    if route.embed {
        // The embed is a page of its own with a small bundle (`embed.html`); the page's inline
        // script sends `?embed` there before this module loads, and this is the fallback.
        if let Some(w) = web_sys::window() {
            let page = url::embed_page(crate::i18n::browser_lang());
            let _ = w
                .location()
                .replace(&format!("{page}?{}", url::query_of(&route.inputs)));
        }
        return html! {};
    }
    let body = if waiting {
        html! { <p class="computing" data-testid="computing">{ t(lang, "Computing…", "Считаем…") }</p> }
    } else {
        match state.view {
            View::Dashboard => {
                html! { <Dashboard analyzed={analyzed.clone()} imported={imported.clone()} rejected={computed.rejected} /> }
            }
            View::List => html! { <WinbackList analyzed={analyzed.clone()} /> },
            View::Data => html! { <DataView imported={imported.clone()} kept_all={*kept_all} /> },
            View::Settings => html! { <SettingsPanel analyzed={analyzed.clone()} /> },
            View::Quick => html! { <QuickCalc /> },
            View::Plan => html! { <PlanPage analyzed={analyzed.clone()} /> },
        }
    };
    let announcement = announce(&computed, &state, lang);
    let skip = Callback::from(|e: MouseEvent| {
        // To the screen's content without scrolling the address to a hash (the route lives
        // in the query).
        e.prevent_default();
        if let Some(main) = gloo::utils::document()
            .get_element_by_id("main")
            .and_then(|m| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(m).ok())
        {
            let _ = main.focus();
        }
    });
    let prints_itself = matches!(state.view, View::Plan | View::Quick);
    let quick_context = {
        let state = state.clone();
        QuickContext {
            lang,
            inputs: state.quick.clone(),
            currency: AttrValue::from(state.typed_currency().to_owned()),
            set_inputs: Callback::from(move |q| state.dispatch(Action::SetQuick(q))),
        }
    };
    let history = match (&state.selected, &computed.history) {
        (Some(id), Some((client, days))) if id == client => Some(days.clone()),
        _ => None,
    };
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
        <ContextProvider<XlsxHandle> context={xlsx}>
        <ContextProvider<ComputeHandle> context={compute}>
        <ContextProvider<QuickContext> context={quick_context}>
            <a class="skip-link screen-only" href="#main" onclick={skip} data-testid="skip-link">{ t(lang, "Skip to the content", "Перейти к содержимому") }</a>
            // What a screen reader hears as the data loads and the results arrive.
            <p class="visually-hidden" role="status" aria-live="polite" data-testid="announce">{ announcement }</p>
            <TopBar />
            <Nav />
            <ProgressBar slow={computed.slow} stopped={computed.stopped.clone()} />
            // The plan and the quick calculator print themselves; every other screen prints the report.
            <main class={classes!((!prints_itself).then_some("screen-only"))} id="main" tabindex="-1" data-busy={computed.busy.to_string()}
                ondrop={on_page_drop} ondragover={on_page_drag_over}>{ body }</main>
            if let Some(id) = &state.selected {
                <ClientCard id={id.clone()} analyzed={analyzed.clone()} history={history} />
            }
            if !prints_itself {
                <PrintReport analyzed={analyzed.clone()} />
            }
        </ContextProvider<QuickContext>>
        </ContextProvider<ComputeHandle>>
        </ContextProvider<XlsxHandle>>
        </ContextProvider<AppContext>>
    }
}
