//! The blog embed (`embed.html` in Russian, `embed-en.html` in English). Its page is written
//! ahead of time by `boomerang embed-page`, text and figures included, so a reader sees the
//! calculator before any code arrives. This module brings the page to life without the app's
//! framework, which keeps it small:
//! - it reads the inputs in the address (each that makes sense) and the currency (`cur`);
//! - it recomputes as the reader types, and says what is wrong with a field;
//! - it keeps the address and the links in step;
//! - it tells the parent page its height;
//! - it opens the win-back plan of seed 003 below the calculator (`plan-open`, or `plan` in
//!   the address), whose step 1 is the calculator's numbers (`src/embed_plan.rs`).
//!
//! The markup it finds by id is the one `boomerang embed-page` writes: `quick-{field}`,
//! `quick-{field}-error`, `quick-out-{figure}` (with `.value` and `.formula`), `quick-result`,
//! `quick-stale`, `other-lang`, `open-app`, `plan-open` and `plan-body`.

use std::cell::RefCell;
use std::rc::Rc;

use boomerang_core::calculator::{self, Field};
use boomerang_core::format::Lang;
use boomerang_core::plan::{Edit, Plan, ReasonText};
use boomerang_core::{quick, QuickInputs};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

use crate::embed_plan::{self, Extra};
use crate::services::url;

struct Embed {
    doc: Document,
    lang: Lang,
    /// The currency sign: the address's (kept across the language switch), else the language's.
    currency: String,
    inputs: QuickInputs,
    /// The fields whose text waits to be fixed.
    invalid: Vec<Field>,
    /// The win-back plan, and whether it is open.
    plan: Plan,
    plan_open: bool,
    /// What the plan shows besides the plan itself.
    extra: Extra,
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
    let start = url::embed_start();
    let state = Rc::new(RefCell::new(Embed {
        doc: doc.clone(),
        lang,
        currency: start
            .currency
            .unwrap_or_else(|| calculator::currency_of(lang).to_owned()),
        inputs: start.inputs,
        invalid: Vec::new(),
        plan: start.plan,
        plan_open: start.plan_open,
        extra: Extra::default(),
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
    listen_to_plan(&doc, &state);
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
                Err(e) => Some(
                    e.quick_message(s.lang)
                        .unwrap_or_else(|| calculator::not_a_number(s.lang).to_owned()),
                ),
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
    // The calculator's inputs, then the plan's when it is open.
    let mut query = url::query_of(q);
    if s.plan_open {
        query.push_str("&plan");
        query.push_str(&url::plan_pairs(&s.plan));
    }
    url::show_query(&query);
    let other = match s.lang {
        Lang::Ru => Lang::En,
        Lang::En => Lang::Ru,
    };
    if let Some(a) = by_id(doc, "other-lang") {
        // The other language, with the same numbers (and plan) in the same currency.
        let cur = String::from(js_sys::encode_uri_component(&s.currency));
        let _ = a.set_attribute(
            "href",
            &format!("{}?{query}&cur={cur}", url::embed_page(other)),
        );
    }
    if let Some(a) = by_id(doc, "open-app") {
        let href = if s.plan_open {
            url::beside_page(&format!("./?{}", url::plan_query(q, &s.plan)))
        } else {
            url::app_url(q)
        };
        let _ = a.set_attribute("href", &href);
    }
    render_plan(s);
    post_height();
}

/// The plan's listeners: one of each kind on its body, which is written again after every
/// change.
fn listen_to_plan(doc: &Document, state: &Rc<RefCell<Embed>>) {
    if let Some(open) = by_id(doc, "plan-open") {
        let state = state.clone();
        let on_click = Closure::<dyn FnMut()>::new(move || {
            state.borrow_mut().plan_open = true;
            render(&state.borrow());
            // The reader goes on to the plan's first field of their own.
            if let Some(field) = by_id(&state.borrow().doc, "plan-new-reason")
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            {
                let _ = field.focus();
            }
        });
        let _ = open.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        on_click.forget();
    }
    let Some(body) = by_id(doc, "plan-body") else {
        return;
    };
    for kind in ["input", "change", "click", "submit"] {
        let state = state.clone();
        let on_event = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            plan_event(&state, kind, &e);
        });
        let _ = body.add_event_listener_with_callback(kind, on_event.as_ref().unchecked_ref());
        on_event.forget();
    }
}

/// A change in the plan: applied, then the plan written again.
fn plan_event(state: &Rc<RefCell<Embed>>, kind: &str, e: &web_sys::Event) {
    let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    let id = target.id();
    let mut s = state.borrow_mut();
    if kind == "submit" {
        e.prevent_default();
        let text = std::mem::take(&mut s.extra.new_reason);
        s.plan.apply(Edit::Add(ReasonText::Typed(text)));
    } else if id == "plan-new-reason" {
        // Kept as typed, added on Enter or the button.
        if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
            s.extra.new_reason = input.value();
        }
        return;
    } else {
        // A click counts for buttons only; text counts as it is typed, the rest on change.
        let button = target.tag_name() == "BUTTON";
        let text = target.tag_name() == "TEXTAREA"
            || target.get_attribute("type").as_deref() == Some("text");
        if (kind == "click") != button || (kind == "input") != (text && !button) {
            return;
        }
        let (value, checked) = if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
            (input.value(), input.checked())
        } else if let Some(area) = target.dyn_ref::<HtmlTextAreaElement>() {
            (area.value(), false)
        } else if let Some(select) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
            (select.value(), false)
        } else {
            (String::new(), false)
        };
        match embed_plan::edit_of(&id, &value, checked, s.lang) {
            None => return,
            Some(Ok(edit)) => {
                // A weight's error goes with any other change: the field is written again
                // from the plan (unless it is the one being typed in, and then it is fixed).
                s.extra.weight_error = None;
                s.plan.apply(edit);
            }
            Some(Err(why)) => {
                let index = id.trim_start_matches("plan-weight-").parse().unwrap_or(0);
                s.extra.weight_error = Some((index, why));
            }
        }
    }
    drop(s);
    render(&state.borrow());
}

/// Writes the plan when it is open, the field being typed in keeping its text, its caret and
/// the focus.
fn render_plan(s: &Embed) {
    let doc = &s.doc;
    let (Some(body), Some(open)) = (by_id(doc, "plan-body"), by_id(doc, "plan-open")) else {
        return;
    };
    let _ = open.toggle_attribute_with_force("hidden", s.plan_open);
    let _ = body.toggle_attribute_with_force("hidden", !s.plan_open);
    if !s.plan_open {
        return;
    }
    // The steps' styles, fetched when the plan first opens (a blog reader who only uses the
    // calculator does not pay for them).
    if by_id(doc, "plan-css").is_none() {
        if let (Ok(link), Some(head)) = (doc.create_element("link"), doc.head()) {
            let _ = link.set_attribute("rel", "stylesheet");
            let _ = link.set_attribute("href", "plan.css");
            link.set_id("plan-css");
            let _ = head.append_child(&link);
        }
    }
    let focused = doc.active_element().filter(|e| body.contains(Some(e)));
    // A reason to return being typed changes the plan itself only: the steps, and the field,
    // are left alone (a keyboard's word composition and undo go on).
    if focused.as_ref().is_some_and(|e| e.tag_name() == "TEXTAREA") {
        if let Ok(Some(summary)) = body.query_selector("[data-testid=plan-summary]") {
            summary.set_outer_html(&embed_plan::summary_html(
                &s.plan,
                &s.inputs,
                &s.currency,
                s.lang,
            ));
            return;
        }
    }
    // The field being typed in keeps its text and caret; not the new reason's box, whose text
    // is the plan's own (written by the HTML), so that it is empty once the reason is added.
    let typing = focused
        .as_ref()
        .filter(|e| e.id() != "plan-new-reason")
        .and_then(|e| {
            if let Some(i) = e.dyn_ref::<HtmlInputElement>() {
                Some((
                    i.value(),
                    i.selection_start().ok()??,
                    i.selection_end().ok()??,
                ))
            } else {
                let a = e.dyn_ref::<HtmlTextAreaElement>()?;
                Some((
                    a.value(),
                    a.selection_start().ok()??,
                    a.selection_end().ok()??,
                ))
            }
        });
    let id = focused.map(|e| e.id());
    body.set_inner_html(&embed_plan::html(
        &s.plan,
        &s.inputs,
        &s.currency,
        s.lang,
        &s.extra,
    ));
    // The focus stays where it was; a button that went with its reason or suggestion gives
    // it to the new reason's box.
    let Some(el) = id
        .filter(|i| !i.is_empty())
        .and_then(|i| by_id(doc, &i).or_else(|| by_id(doc, "plan-new-reason")))
    else {
        return;
    };
    if let Some((value, start, end)) = typing {
        if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
            i.set_value(&value);
            let _ = i.set_selection_range(start, end);
        } else if let Some(a) = el.dyn_ref::<HtmlTextAreaElement>() {
            a.set_value(&value);
            let _ = a.set_selection_range(start, end);
        }
    }
    if let Ok(el) = el.dyn_into::<HtmlElement>() {
        let _ = el.focus();
    }
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
