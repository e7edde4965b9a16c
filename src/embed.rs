//! The blog embed (`embed.html`): the quick calculator alone, in a bundle of its own. It holds
//! no state but the inputs and the language, both in its address, and tells the parent page
//! its height (see `QuickCalc`).

use yew::prelude::*;

use crate::components::quick_calc::{QuickCalc, QuickContext};
use crate::i18n::{browser_lang, t, Lang};
use crate::services::url;
use crate::state::default_currency;

/// The embed's root.
#[component]
pub fn Embed() -> Html {
    let start = use_memo((), |_| url::embed_start());
    let lang = use_state(|| start.0.unwrap_or_else(browser_lang));
    let inputs = use_state(|| start.1.clone());
    use_effect_with(*lang, |lang| {
        let document = gloo::utils::document();
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("lang", if *lang == Lang::Ru { "ru" } else { "en" });
        }
        document.set_title(t(
            *lang,
            "What do lost clients cost you? Boomerang",
            "Во что вам обходятся ушедшие клиенты? Бумеранг",
        ));
    });
    let context = QuickContext {
        lang: *lang,
        inputs: (*inputs).clone(),
        currency: AttrValue::from(default_currency(*lang)),
        set_inputs: {
            let inputs = inputs.clone();
            Callback::from(move |q| inputs.set(q))
        },
        set_lang: {
            let lang = lang.clone();
            Callback::from(move |l| lang.set(l))
        },
    };
    html! {
        <ContextProvider<QuickContext> {context}>
            <main class="embed"><QuickCalc embed={true} /></main>
        </ContextProvider<QuickContext>>
    }
}
