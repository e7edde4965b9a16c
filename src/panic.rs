//! Should a panic slip through, the page says so kindly, offers a report to copy, and a
//! reload: the data and settings are already in the browser's storage, so nothing is lost.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Installs the panic hook; `lang` says, when it fires, which language to speak (the app
/// reads its kept preferences, the embed its address).
pub fn install(lang: fn() -> crate::i18n::Lang) {
    // Through Yew, which would otherwise put its own hook in place of this one.
    yew::set_custom_panic_hook(Box::new(move |info| {
        let report = format!(
            "Boomerang {} crashed.\n{}\nBrowser: {}",
            env!("CARGO_PKG_VERSION"),
            info,
            web_sys::window()
                .and_then(|w| w.navigator().user_agent().ok())
                .unwrap_or_default()
        );
        web_sys::console::error_1(&report.clone().into());
        show(&report, lang());
    }));
}

/// Puts the crash notice on the page, outside the app (which may be broken).
pub fn show(report: &str, lang: crate::i18n::Lang) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    // The first paint (index.html) hides whatever follows it until the app takes its place.
    if let Some(shell) = document.get_element_by_id("first-paint") {
        shell.remove();
    }
    let ru = lang == crate::i18n::Lang::Ru;
    let t = |en: &'static str, ru_text: &'static str| if ru { ru_text } else { en };
    let make = |tag: &str, text: &str| {
        let el = document.create_element(tag).ok()?;
        el.set_text_content(Some(text));
        Some(el)
    };
    let Some(panel) = make("div", "") else { return };
    panel.set_class_name("crash");
    let _ = panel.set_attribute("role", "alertdialog");
    let _ = panel.set_attribute("data-testid", "crash");
    let parts = [
        make("h2", t("Something went wrong", "Что-то пошло не так")),
        make(
            "p",
            t(
                "Boomerang hit an error it did not expect. Your data and settings are kept in this browser: reload the page to go on. If you send us the report below, we can fix it.",
                "Boomerang столкнулся с неожиданной ошибкой. Ваши данные и настройки сохранены в этом браузере: перезагрузите страницу, чтобы продолжить. Если пришлёте отчёт ниже, мы это исправим.",
            ),
        ),
    ];
    for p in parts.into_iter().flatten() {
        let _ = panel.append_child(&p);
    }
    if let Some(area) = make("textarea", report) {
        let _ = area.set_attribute("readonly", "");
        let _ = area.set_attribute("rows", "6");
        let _ = area.set_attribute("data-testid", "crash-report");
        let _ = panel.append_child(&area);
    }
    let button = |label: &str, testid: &str, action: Box<dyn FnMut()>| {
        let b = make("button", label)?;
        let _ = b.set_attribute("data-testid", testid);
        let closure = Closure::<dyn FnMut()>::new(action);
        let _ = b.add_event_listener_with_callback("click", closure.as_ref().unchecked_ref());
        closure.forget();
        Some(b)
    };
    let text = report.to_owned();
    let copy = button(
        t("Copy the report", "Скопировать отчёт"),
        "crash-copy",
        Box::new(move || {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&text);
            }
        }),
    );
    let reload = button(
        t("Reload the page", "Перезагрузить страницу"),
        "crash-reload",
        Box::new(|| {
            if let Some(w) = web_sys::window() {
                // Back to the plain page, without whatever address led here.
                let path = w.location().pathname().unwrap_or_default();
                let _ = w.location().set_href(&path);
            }
        }),
    );
    for b in [copy, reload].into_iter().flatten() {
        let _ = panel.append_child(&b);
    }
    let _ = body.append_child(&panel);
}
