//! The blog embed (`embed.html` in Russian, `embed-en.html` in English). Its page is written
//! ahead of time by `boomerang embed-page`, text and figures included, so a reader sees the
//! calculator before any code arrives. This module brings the page to life without the app's
//! framework, which keeps it small:
//! - it reads the inputs in the address (each that makes sense) and the currency (`cur`);
//! - it recomputes as the reader types, and says what is wrong with a field;
//! - it keeps the address and the links in step;
//! - it tells the parent page its height.
//!
//! The markup it finds by id is the one `boomerang embed-page` writes: `quick-{field}`,
//! `quick-{field}-error`, `quick-out-{figure}` (with `.value` and `.formula`), `quick-result`,
//! `quick-stale`, `other-lang` and `open-app`.

use std::cell::RefCell;
use std::rc::Rc;

use boomerang_core::calculator::{self, Field};
use boomerang_core::format::Lang;
use boomerang_core::{quick, QuickInputs};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

use crate::services::url;

struct Embed {
    doc: Document,
    lang: Lang,
    /// The currency sign: the address's (kept across the language switch), else the language's.
    currency: String,
    inputs: QuickInputs,
    /// The fields whose text waits to be fixed.
    invalid: Vec<Field>,
}

/// The page's language, as the written page declares it.
pub fn page_lang() -> Lang {
    let lang = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"));
    if lang.as_deref() == Some("en") {
        Lang::En
    } else {
        Lang::Ru
    }
}

fn by_id(doc: &Document, id: &str) -> Option<Element> {
    doc.get_element_by_id(id)
}

fn input(doc: &Document, f: Field) -> Option<HtmlInputElement> {
    by_id(doc, &format!("quick-{}", f.key()))?.dyn_into().ok()
}

/// Starts the embed on the written page.
pub fn start() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let lang = page_lang();
    let (inputs, currency) = url::embed_start();
    let state = Rc::new(RefCell::new(Embed {
        doc: doc.clone(),
        lang,
        currency: currency.unwrap_or_else(|| calculator::currency_of(lang).to_owned()),
        inputs,
        invalid: Vec::new(),
    }));
    for f in Field::ALL {
        let Some(el) = input(&doc, f) else { continue };
        el.set_value(&f.shown(&state.borrow().inputs));
        let state = state.clone();
        let on_input = Closure::<dyn FnMut()>::new(move || typed(&state, f));
        let _ = el.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
        // The listener lives as long as the page.
        on_input.forget();
    }
    render(&state.borrow());
    // The parent hears of every later change of size too (fonts, window width).
    let on_resize = Closure::<dyn FnMut()>::new(post_height);
    if let (Ok(observer), Some(body)) = (
        web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()),
        doc.body(),
    ) {
        observer.observe(&body);
    }
    on_resize.forget();
}

/// A field's text changed: apply it when it makes sense, else say why beside the field.
fn typed(state: &Rc<RefCell<Embed>>, f: Field) {
    let mut s = state.borrow_mut();
    let Some(el) = input(&s.doc, f) else { return };
    let error = match calculator::typed_number(&el.value()) {
        None => Some(calculator::not_a_number(s.lang).to_owned()),
        Some(v) => {
            let candidate = f.set(&s.inputs, v);
            match quick(&candidate) {
                Ok(_) => {
                    s.inputs = candidate;
                    None
                }
                Err(e) => Some(e.message(s.lang)),
            }
        }
    };
    s.invalid.retain(|x| *x != f);
    if error.is_some() {
        s.invalid.push(f);
    }
    if let Some(field) = el.parent_element() {
        let _ = field
            .class_list()
            .toggle_with_force("invalid", error.is_some());
    }
    let _ = el.set_attribute(
        "aria-invalid",
        if error.is_some() { "true" } else { "false" },
    );
    if let Some(note) = by_id(&s.doc, &format!("quick-{}-error", f.key())) {
        note.set_text_content(error.as_deref());
        let _ = note.toggle_attribute_with_force("hidden", error.is_none());
    }
    if error.is_none() {
        // The other fields show the new inputs (churn and clients lost are one figure),
        // except those whose text waits to be fixed.
        for other in Field::ALL {
            if other == f || s.invalid.contains(&other) {
                continue;
            }
            if let Some(o) = input(&s.doc, other) {
                let shown = other.shown(&s.inputs);
                if calculator::typed_number(&o.value()) != calculator::typed_number(&shown) {
                    o.set_value(&shown);
                }
            }
        }
    }
    render(&s);
}

/// Shows the figures of the inputs, the stale note, the address and the links.
fn render(s: &Embed) {
    let doc = &s.doc;
    let q = &s.inputs;
    let set = |id: &str, selector: &str, text: &str| {
        if let Some(el) = by_id(doc, id).and_then(|e| e.query_selector(selector).ok().flatten()) {
            el.set_text_content(Some(text));
        }
    };
    // The inputs always make sense here: the address's are read field by field, and a
    // typed value is applied only when it does.
    if let Ok(r) = quick(q) {
        for o in calculator::outputs(q, &r, &s.currency, s.lang) {
            let id = format!("quick-out-{}", o.id);
            set(&id, ".value", &o.value);
            set(&id, ".formula", &o.formula);
        }
    }
    let stale = !s.invalid.is_empty();
    if let Some(result) = by_id(doc, "quick-result") {
        let _ = result.class_list().toggle_with_force("stale", stale);
    }
    if let Some(note) = by_id(doc, "quick-stale") {
        let _ = note.toggle_attribute_with_force("hidden", !stale);
    }
    url::show_inputs(q);
    let query = url::query_of(q);
    let other = match s.lang {
        Lang::Ru => Lang::En,
        Lang::En => Lang::Ru,
    };
    if let Some(a) = by_id(doc, "other-lang") {
        // The other language, with the same numbers in the same currency.
        let cur = String::from(js_sys::encode_uri_component(&s.currency));
        let _ = a.set_attribute(
            "href",
            &format!("{}?{query}&cur={cur}", url::embed_page(other)),
        );
    }
    if let Some(a) = by_id(doc, "open-app") {
        let _ = a.set_attribute("href", &url::app_url(q));
    }
    post_height();
}

/// Tells the parent page (the blog) how tall the calculator is, so the iframe needs no
/// scroll bar of its own.
pub fn post_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let height = window
        .document()
        .and_then(|d| d.document_element())
        .map_or(0, |e| e.scroll_height());
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"boomerang:height".into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    if let Ok(Some(parent)) = window.parent() {
        let _ = parent.post_message(&message, "*");
    }
}
