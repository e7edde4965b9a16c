//! The quick calculator's inputs and the win-back plan in the address bar, so a link
//! reproduces the result, and the embed mode a blog's iframe asks for.

use crate::i18n::Lang;
use boomerang_core::plan::Plan;
use boomerang_core::{ChurnInput, QuickInputs};

/// What the address asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// Show the quick calculator.
    pub quick: bool,
    /// Compact, without page chrome, for an iframe.
    pub embed: bool,
    /// The inputs in the address (defaults for those missing).
    pub inputs: QuickInputs,
    /// `?crash-test`: panic on start, to check the crash notice end to end.
    pub crash_test: bool,
    /// `?plan`: show the win-back plan.
    pub plan: bool,
    /// The plan in the address (the default where missing or unreadable).
    pub plan_inputs: Plan,
}

fn params() -> Vec<(String, String)> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    parse_query(&search)
}

/// `?a=1&b=2` into pairs.
pub fn parse_query(search: &str) -> Vec<(String, String)> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let decode = |s: &str| {
                js_sys::decode_uri_component(&s.replace('+', " "))
                    .map(String::from)
                    .unwrap_or_default()
            };
            (decode(k), decode(v))
        })
        .collect()
}

pub use boomerang_core::calculator::{inputs_from, query as query_of};

/// The route of the current address.
pub fn route() -> Route {
    let pairs = params();
    let has = |k: &str| pairs.iter().any(|(key, _)| key == k);
    Route {
        quick: has("quick") || has("embed"),
        embed: has("embed"),
        inputs: if has("plan") && !has("quick") && !has("embed") {
            plan_inputs_from(&pairs)
        } else {
            inputs_from(&pairs)
        },
        crash_test: has("crash-test"),
        plan: has("plan") && !has("quick") && !has("embed"),
        plan_inputs: Plan::from_pairs(&pairs),
    }
}

/// The inputs of a plan's link: as [`inputs_from`] reads them when they make sense together;
/// else each that makes sense on the defaults (clients and churn as a pair first), the rest
/// defaults. A mangled link shows a plan, never an error.
pub fn plan_inputs_from(pairs: &[(String, String)]) -> QuickInputs {
    let asked = inputs_from(pairs);
    if boomerang_core::quick(&asked).is_ok() {
        return asked;
    }
    fn keep(q: &mut QuickInputs, change: &dyn Fn(&mut QuickInputs)) -> bool {
        let mut candidate = q.clone();
        change(&mut candidate);
        let ok = boomerang_core::quick(&candidate).is_ok();
        if ok {
            *q = candidate;
        }
        ok
    }
    let mut q = QuickInputs::default();
    keep(&mut q, &|c| c.avg_check = asked.avg_check);
    keep(&mut q, &|c| c.purchases_per_year = asked.purchases_per_year);
    let _ = keep(&mut q, &|c| {
        c.clients = asked.clients;
        c.churn = asked.churn;
    }) || keep(&mut q, &|c| c.clients = asked.clients)
        || keep(&mut q, &|c| c.churn = asked.churn);
    q
}

/// A number as short as it reads: `40`, `12.5`.
fn short(v: f64) -> String {
    boomerang_core::format::plain(v, 4)
}

/// The query of the plan: the quick calculator's inputs that make the losses of a year
/// (clients, churn, check, purchases a year), then the plan's own pairs, percent-encoded.
pub fn plan_query(q: &QuickInputs, plan: &Plan) -> String {
    let churn = match q.churn {
        ChurnInput::Rate(r) => format!("churn={}", short(r * 100.0)),
        ChurnInput::LostPerYear(n) => format!("lost={}", short(n)),
    };
    format!(
        "plan&clients={}&{churn}&check={}&ppy={}{}",
        short(q.clients),
        short(q.avg_check.major()),
        short(q.purchases_per_year),
        plan_pairs(plan)
    )
}

/// The plan's own pairs, each as `&key=value`, percent-encoded.
pub fn plan_pairs(plan: &Plan) -> String {
    let mut query = String::new();
    for (k, v) in plan.to_pairs() {
        query.push('&');
        query.push_str(k);
        query.push('=');
        query.push_str(&String::from(js_sys::encode_uri_component(&v)));
    }
    query
}

/// Puts the plan in the address bar without reloading, so the link reproduces it.
pub fn show_plan(q: &QuickInputs, plan: &Plan) {
    show_query(&plan_query(q, plan));
}

/// Puts the inputs in the address bar without reloading, so the link reproduces the result.
pub fn show_inputs(q: &QuickInputs) {
    show_query(&format!("quick&{}", query_of(q)));
}

pub use boomerang_core::calculator::embed_page;

/// The address of the embeddable calculator (a small page of its own, written in the
/// language) with these inputs.
pub fn embed_url(q: &QuickInputs, lang: Lang) -> String {
    beside_page(&format!("{}?{}", embed_page(lang), query_of(q)))
}

/// The address of the embed with these inputs and this plan, opened.
pub fn embed_plan_url(q: &QuickInputs, plan: &Plan, lang: Lang) -> String {
    beside_page(&format!(
        "{}?{}&plan{}",
        embed_page(lang),
        query_of(q),
        plan_pairs(plan)
    ))
}

/// The address of the app's quick calculator with these inputs.
pub fn app_url(q: &QuickInputs) -> String {
    beside_page(&format!("./?quick&{}", query_of(q)))
}

/// What the embed's address gives.
pub struct EmbedStart {
    /// The calculator's inputs, each that makes sense (the defaults for the others, as a
    /// plan's link reads them).
    pub inputs: QuickInputs,
    /// The currency it names (`cur`), if any.
    pub currency: Option<String>,
    /// Whether the plan is open (`plan`).
    pub plan_open: bool,
    /// The plan (the default where missing or unreadable).
    pub plan: Plan,
}

/// The embed's start, from its address.
pub fn embed_start() -> EmbedStart {
    let pairs = params();
    let currency = pairs
        .iter()
        .find(|(k, v)| k == "cur" && !v.is_empty() && v.chars().count() <= 4)
        .map(|(_, v)| v.clone());
    EmbedStart {
        inputs: plan_inputs_from(&pairs),
        currency,
        plan_open: pairs.iter().any(|(k, _)| k == "plan"),
        plan: Plan::from_pairs(&pairs),
    }
}

/// Puts a query in the address bar without reloading.
pub fn show_query(query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}?{query}")),
        );
    }
}

/// Clears the quick calculator's inputs from the address (when the user leaves it).
pub fn clear() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}

/// The absolute address of a file served beside the page (a worker started from a blob would
/// resolve a relative one against the blob).
pub fn beside_page(file: &str) -> String {
    let base = gloo::utils::document()
        .base_uri()
        .ok()
        .flatten()
        .unwrap_or_default();
    web_sys::Url::new_with_base(file, &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| format!("/{file}"))
}

thread_local! {
    /// The worker scripts made so far, by worker: one address each for the page's life.
    static WORKER_SCRIPTS: std::cell::RefCell<Vec<(String, String)>> = Default::default();
}

/// A script that loads the worker `name` beside the page (`name.js`, `name_bg.wasm`) and starts
/// its wasm: trunk builds workers with wasm-bindgen's no-modules target, which waits to be
/// started. A module that fails to load or start is thrown where the worker's `error` event
/// reports it (a rejected promise alone would leave the page waiting for the worker). Made
/// once per worker: the workbook worker is started again for each job.
pub fn worker_script(name: &str) -> Result<String, wasm_bindgen::JsValue> {
    let made = WORKER_SCRIPTS.with(|made| {
        let made = made.borrow();
        made.iter()
            .find(|(n, _)| n == name)
            .map(|(_, url)| url.clone())
    });
    if let Some(url) = made {
        return Ok(url);
    }
    let script = format!(
        "importScripts({:?});wasm_bindgen({{module_or_path:{:?}}}).catch(function(e){{setTimeout(function(){{throw e;}});}});",
        beside_page(&format!("{name}.js")),
        beside_page(&format!("{name}_bg.wasm"))
    );
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(
        &js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&script)),
        &options,
    )?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    WORKER_SCRIPTS.with(|made| made.borrow_mut().push((name.to_owned(), url.clone())));
    Ok(url)
}
